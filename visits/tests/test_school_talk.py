"""A family that wants no home visit is invited for a talk at school: planned like a visit (date,
time, who), held at school, recorded with a short report, and counted apart from home visits."""

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from visits import selectors, services
from visits.models import Report, Visit
from visits.reminders import rules
from visits.services import Reason, VisitPlan
from visits.tests.helpers import NOW, at

S = Visit.Status
LIST = reverse("visits:pupil_list")


@pytest.fixture
def declined(pupil, school_year, teacher, family, programme, women):
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    return services.visit_transition(visit=visit, by=teacher, to_status=S.DECLINED, reason=Reason("privacy"))


def talk_data(visit, teacher, **changes):
    data = {
        "day": "2026-11-04",
        "time": "15:00",  # after school, outside the evening hours of home visits: no warning
        "duration_minutes": "30",
        "lead_visitor": teacher.pk,
        "colleague": "",
        "interpreter": "",
        "family_interpreter": "Oom Karim",
        "pupils": [p.pk for p in visit.pupils.all()],
        "agenda": "Kennismaken",
        "requested_topics": "",
        "version": visit.version,
    }
    data.update(changes)
    return data


def held(visit, teacher):
    """The talk planned through the service and its time come."""
    visit = services.visit_schedule(
        visit=visit,
        by=teacher,
        plan=VisitPlan(starts_at=at(4, 15), duration_minutes=30, lead_visitor=teacher, family_interpreter="Oom Karim"),
    )
    Visit.objects.filter(pk=visit.pk).update(starts_at=at(1, 15))
    visit.refresh_from_db()
    return visit


def test_the_teachers_list_shows_planning_the_talk_as_the_next_step(client, teacher, declined):
    client.force_login(teacher)
    plan = reverse("visits:visit_plan", args=[declined.pk])
    html = client.get(LIST).content.decode()
    assert f'<a class="fw-semibold" href="{plan}">Gesprek op school plannen</a>' in html
    services.visit_transition(visit=declined, by=teacher, to_status=S.INVITED_AT_SCHOOL)
    assert "Gesprek op school plannen" in client.get(LIST).content.decode()


def test_a_family_still_to_plan_has_no_talk_to_plan(client, teacher, pupil, school_year, programme):
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    client.force_login(teacher)
    assert "Gesprek op school plannen" not in client.get(LIST).content.decode()
    page = client.get(reverse("visits:visit_plan", args=[visit.pk])).content.decode()
    assert "Bezoek plannen: gezin" in page and 'name="meeting_point"' in page


def test_the_talk_is_planned_with_a_date_and_who_at_school(client, teacher, colleague, declined):
    client.force_login(teacher)
    url = reverse("visits:visit_plan", args=[declined.pk])
    page = client.get(url).content.decode()
    assert "Gesprek op school plannen: gezin" in page
    assert "Leerkracht die het gesprek voert" in page
    assert 'name="meeting_point"' not in page  # at school: nobody meets the interpreter outside
    response = client.post(url, talk_data(declined, teacher, colleague=colleague.pk))
    assert response.status_code == 302
    declined.refresh_from_db()
    assert (declined.kind, declined.status) == (Visit.Kind.SCHOOL_TALK, S.SCHEDULED)
    assert declined.starts_at == at(4, 15) and declined.duration_minutes == 30
    assert (declined.lead_visitor, declined.colleague, declined.meeting_point) == (teacher, colleague, "")
    assert declined.decline_reason == "privacy"  # the parents' reason stays with the family's choice
    detail = client.get(reverse("visits:visit_detail", args=[declined.pk])).content.decode()
    assert "Gesprek verzetten of wijzigen" in detail
    assert "<dt>Waar</dt><dd>Op school (de ouders willen geen huisbezoek)</dd>" in detail
    assert "Liever niet thuis: thuis is privé" in detail


def test_a_talk_keeps_the_planning_rules_that_matter_at_school(teacher, colleague, declined):
    plan = VisitPlan(starts_at=at(4, 15), duration_minutes=30, lead_visitor=colleague, colleague=colleague)
    with pytest.raises(ValidationError) as excinfo:
        services.visit_schedule(visit=declined, by=teacher, plan=plan)
    assert "colleague" in excinfo.value.message_dict  # the same person twice
    plan = VisitPlan(starts_at=at(1, 15), duration_minutes=30, lead_visitor=teacher, family_interpreter="Oom Karim")
    with pytest.raises(ValidationError) as excinfo:
        services.visit_schedule(visit=declined, by=teacher, plan=plan)
    assert excinfo.value.message_dict["starts_at"] == ["Dit tijdstip is al voorbij."]


def test_the_talk_is_recorded_with_the_short_report(client, teacher, declined):
    visit = held(declined, teacher)
    client.force_login(teacher)
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Gesprek gehouden, kort verslag nog maken" in detail and "Kort verslag schrijven" in detail
    url = reverse("visits:report_edit", args=[visit.pk])
    form = client.get(url).content.decode()
    assert "Kort verslag van het gesprek op school" in form
    assert 'name="key_points"' in form and 'name="afspraak-0-what"' in form
    for absent in ("pupil_present", "confidential_notes", "minutes_visit", "flagged", "signal_safety"):
        assert f'name="{absent}"' not in form
    refused = client.post(url, {"version": 1, "key_points": "", "indienen": "1", **agreements()})
    assert "Schrijf kort de hoofdpunten van het gesprek op" in refused.content.decode()
    assert not Report.objects.filter(visit=visit).exists()  # refused: nothing written
    response = client.post(
        url,
        {"version": 1, "key_points": "Ouders willen graag een map met huiswerk.", "indienen": "1"}
        | agreements(what="Huiswerkmap meegeven", owner="leerkracht"),
    )
    assert response.status_code == 302
    report = Report.objects.get(visit=visit)
    visit.refresh_from_db()
    assert (report.status, report.key_points) == (Report.Status.SUBMITTED, "Ouders willen graag een map met huiswerk.")
    assert [a.what for a in report.agreements.all()] == ["Huiswerkmap meegeven"]
    assert (visit.status, visit.kind) == (S.REPORTED, Visit.Kind.SCHOOL_TALK)


def agreements(what="", owner=""):
    return {
        "afspraak-TOTAL_FORMS": "2",
        "afspraak-INITIAL_FORMS": "0",
        "afspraak-MIN_NUM_FORMS": "0",
        "afspraak-MAX_NUM_FORMS": "20",
        "afspraak-0-what": what,
        "afspraak-0-owner": owner,
        "afspraak-0-due": "",
        "afspraak-1-what": "",
        "afspraak-1-owner": "",
        "afspraak-1-due": "",
    }


def test_a_talk_that_did_not_take_place_goes_back_to_invited_at_school(teacher, declined):
    visit = held(declined, teacher)
    for refused in (S.DECLINED, S.CANCELLED):
        with pytest.raises(ValidationError):
            services.visit_transition(visit=visit, by=teacher, to_status=refused, reason=Reason("other", "x"))
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.INVITED_AT_SCHOOL)
    assert (visit.status, visit.starts_at, visit.kind) == (S.INVITED_AT_SCHOOL, None, Visit.Kind.SCHOOL_TALK)
    assert services.plannable_kind(visit) == Visit.Kind.SCHOOL_TALK
    visit = services.visit_transition(visit=visit, by=teacher, to_status=S.TO_PLAN)  # a home visit after all
    assert (visit.kind, visit.decline_reason, services.plannable_kind(visit)) == (Visit.Kind.HOME, "", Visit.Kind.HOME)


def test_a_talk_is_counted_apart_from_home_visits(teacher, declined, school, school_year):
    before = selectors.year_figures(school=school, school_year=school_year)
    assert (before.total.declined, before.total.settled, before.total.talk_held) == (1, 1, 0)
    visit = services.visit_schedule(
        visit=declined,
        by=teacher,
        plan=VisitPlan(starts_at=at(4, 15), duration_minutes=30, lead_visitor=teacher, family_interpreter="Oom Karim"),
    )
    planned = selectors.year_figures(school=school, school_year=school_year)
    assert (planned.total.scheduled, planned.total.talk_planned, planned.school_talks_planned) == (0, 1, 1)
    assert planned.total.settled == 1  # a family that wants no home visit stays settled
    Visit.objects.filter(pk=visit.pk).update(status=S.REPORTED)
    figures = selectors.year_figures(school=school, school_year=school_year)
    total = figures.total
    assert (total.visited_or_reported, total.reported, total.talk_held) == (0, 0, 1)  # not visited at home
    assert (total.said_no, total.settled, total.on_track) == (1, 1, 1)
    assert (figures.school_talks_held, figures.declined_families) == (1, 1)
    assert [(t.code, t.count) for t in figures.decline_reasons] == [("privacy", 1)]


def test_the_family_gets_no_home_visit_message_the_teacher_confirms_the_talk(teacher, declined, school):
    services.visit_schedule(
        visit=declined,
        by=teacher,
        plan=VisitPlan(starts_at=at(4, 15), duration_minutes=30, lead_visitor=teacher, family_interpreter="Oom Karim"),
    )
    settings = rules.reminder_settings_for(school=school)
    assert list(rules.due_visit_messages(school, NOW, settings)) == []
    assert rules.families_to_call(user=teacher, school=school) == [declined]
    [tomorrow] = rules.due_visit_tomorrow(school, at(3, 17), settings)  # the teacher's own e-mail
    assert tomorrow.address == teacher.email
    assert "04-11-2026 om 15:00: gesprek op school met familie" in tomorrow.body
    assert "Adres:" not in tomorrow.body


def test_the_preparation_sheet_and_the_calendar_say_at_school(client, teacher, declined, school, family):
    services.visit_schedule(
        visit=declined,
        by=teacher,
        plan=VisitPlan(starts_at=at(4, 15), duration_minutes=30, lead_visitor=teacher, family_interpreter="Oom Karim"),
    )
    client.force_login(teacher)
    sheet = client.get(reverse("visits:visit_prepare", args=[declined.pk])).content.decode()
    assert "Voorbereiding gesprek op school met gezin" in sheet and "<dd>Op school</dd>" in sheet
    assert family.street not in sheet
    token = services.calendar_feed_renew(user=teacher, school=school)
    event = icalendar.Calendar.from_ical(client.get(reverse("visits:calendar_feed", args=[token])).content)
    [talk] = [e for e in event.walk("VEVENT")]
    assert str(talk["location"]) == school.name
    assert str(talk["summary"]).startswith("Gesprek op school")
