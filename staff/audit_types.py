"""The kinds of staff object the audit trail records: a member of staff (their roles, groups and
deactivation at a school), an invitation and a school year."""

from django.utils.translation import gettext_lazy as _

from huisbezoek.audit import object_types

STAFF_MEMBER = object_types.register("staff_member", _("Medewerker"), app_label="staff")
INVITATION = object_types.register("staff_invitation", _("Uitnodiging medewerker"), app_label="staff")
SCHOOL_YEAR = object_types.register("school_year", _("Schooljaar"), app_label="staff")
SCHOOL = object_types.register("school", _("School"), app_label="staff")
