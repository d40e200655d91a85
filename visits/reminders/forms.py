from django import forms

from ..models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "send_hour",
            "teacher_not_contacted",
            "not_contacted_share",
            "teacher_visit_tomorrow",
            "teacher_report_overdue",
            "report_overdue_days",
            "parent_confirmation",
            "parent_reminder",
            "interpreter_messages",
            "care_unreviewed",
            "care_unreviewed_days",
            "directie_digest",
            "digest_weekday",
        ]
