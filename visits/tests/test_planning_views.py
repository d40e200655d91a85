"""The teacher's pages as a user sees them: lists, the family card, planning, the calendar feed."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huisbezoek.models import Role
from huisbezoek.testing.responses import messages_of
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from visits import services
from visits.models import ContactAttempt, Programme, Visit
from visits.tests.factories import (
    FamilyLanguageFactory,
    GroupFactory,
    GroupTeacherFactory,
    PupilFactory,
    VisitFactory,
)
from visits.tests.helpers import at

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
LIST = reverse("visits:pupil_list")


def names_on(page) -> list[str]:
    return [p.first_name for p in page.context["page"]]


def test_teacher_sees_only_their_groups_pupils(client, teacher, colleague, pupil, school, school_year, programme):
    other_group = GroupFactory(school=school, school_year=school_year, name="Groep 8")
    GroupTeacherFactory(group=other_group, teacher=colleague)
    PupilFactory(school=school, group=other_group, first_name="Daan")
    client.force_login(teacher)
    page = client.get(LIST)
    assert names_on(page) == ["Yasmina"]
    assert "Mijn leerlingen" in page.content.decode()


def test_the_list_puts_what_needs_action_first(client, teacher, group, school, school_year, programme, women):
    scheduled = PupilFactory(school=school, group=group, first_name="Anna")
    tried = PupilFactory(school=school, group=group, first_name="Bram")
    untouched = PupilFactory(school=school, group=group, first_name="Chris")
    visit = services.visit_open(pupil=scheduled, school_year=school_year, by=teacher)
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=at(4, 19), duration_minutes=60)
    tried_visit = services.visit_open(pupil=tried, school_year=school_year, by=teacher)
    services.contact_log(visit=tried_visit, by=teacher, at=at(2, 9), channel="phone", outcome="no_answer")
    client.force_login(teacher)
    order = names_on(client.get(LIST))
    assert order.index(untouched.first_name) < order.index(tried.first_name) < order.index(scheduled.first_name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("interpreter=true", ["Yasmina"]),
        ("language=rif", ["Yasmina"]),
        ("language=pl", ["Piotr"]),
        ("status=scheduled", []),
        ("not_contacted=true", ["Piotr", "Yasmina"]),
        ("status=onzin", None),  # an invalid filter is shown as a form error, not a crash
    ],
)
def test_filters(client, teacher, family, group, school, programme, query, expected):
    piotr = PupilFactory(school=school, group=group, first_name="Piotr")
    FamilyLanguageFactory(family=piotr.family, language="pl")
    client.force_login(teacher)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    if expected is None:
        assert response.context["filter"].errors
    else:
        assert sorted(names_on(response)) == expected


def _fill(school, group, n):
    for _ in range(n):
        pupil = PupilFactory(school=school, group=group)
        FamilyLanguageFactory(family=pupil.family, language="tr")


@pytest.mark.parametrize("persona", ["teacher", "directie"])
def test_pupil_list_queries_do_not_grow_with_the_school(
    client, personas, group, school, school_year, programme, persona, django_assert_max_num_queries
):
    client.force_login(personas[persona])
    _fill(school, group, 10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get(LIST + "?interpreter=false").status_code == 200
    _fill(school, group, 290)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(LIST + "?interpreter=false")
    assert response.context["page"].paginator.count == 301
    assert len(ten.captured_queries) <= 14


def test_family_card_queries_do_not_grow_with_siblings_and_guardians(
    client, teacher, pupil, school, group, programme, django_assert_max_num_queries
):
    client.force_login(teacher)
    url = reverse("visits:family_detail", args=[pupil.family_id])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(8):
        PupilFactory(school=school, group=group, family=pupil.family)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_directie_sees_status_but_not_the_familys_sensitivities(client, teacher, directie, family, programme):
    family.sensitivities = "Vader werkt 's nachts; na 19.00 uur bellen."
    family.save()
    client.force_login(teacher)
    assert "na 19.00 uur bellen" in client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()
    client.force_login(directie)
    page = client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()
    assert "Gezin" in page
    assert "na 19.00 uur bellen" not in page


def test_a_duo_colleague_may_open_the_family_card(client, teacher, colleague, pupil, school_year, programme, women):
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    client.force_login(colleague)
    url = reverse("visits:family_detail", args=[pupil.family_id])
    assert client.get(url).status_code == 404
    Visit.objects.filter(pk=visit.pk).update(colleague=colleague)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["startable"] == set()  # not their pupil: no "start a visit" button
    client.force_login(teacher)
    assert client.get(url).context["startable"] == {pupil.pk}


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    return services.visit_open(pupil=pupil, school_year=school_year, by=teacher)


def plan_data(visit, teacher, **changes):
    data = {
        "day": "2026-11-04",
        "time": "19:00",
        "duration_minutes": "60",
        "lead_visitor": teacher.pk,
        "colleague": "",
        "interpreter": "",
        "family_interpreter": "Oom Karim",
        "meeting_point": "",
        "pupils": [p.pk for p in visit.pupils.all()],
        "agenda": "Kennismaken",
        "requested_topics": "",
        "version": visit.version,
    }
    data.update(changes)
    return data


def test_logging_a_failed_call_from_the_visit_page(client, teacher, visit):
    client.force_login(teacher)
    response = client.post(
        reverse("visits:contact_create", args=[visit.pk]),
        {"day": "2026-11-02", "time": "09:15", "channel": "phone", "outcome": "no_answer", "note": "Morgen opnieuw"},
        follow=True,
    )
    assert "De contactpoging is opgeslagen." in response.content.decode()
    assert "Niet opgenomen" in response.content.decode()
    assert ContactAttempt.objects.filter(visit=visit, outcome="no_answer").count() == 1


def test_a_bad_contact_form_keeps_what_was_typed(client, teacher, visit):
    client.force_login(teacher)
    response = client.post(
        reverse("visits:contact_create", args=[visit.pk]),
        {"day": "2026-11-30", "time": "09:15", "channel": "phone", "outcome": "no_answer", "note": "Mijn notitie"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "niet in de toekomst" in page
    assert 'value="Mijn notitie"' in page
    assert not ContactAttempt.objects.exists()


def test_planning_through_the_form_with_a_warning_to_confirm(client, teacher, visit):
    client.force_login(teacher)
    url = reverse("visits:visit_plan", args=[visit.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Kennismaken: wie zijn we" in form.content.decode()  # the school's agenda template

    first = client.post(url, plan_data(visit, teacher, family_interpreter=""))
    assert first.status_code == 200
    page = first.content.decode()
    assert "Dit gezin heeft een tolk nodig" in page
    assert 'name="confirmed" value="no_interpreter"' in page
    visit.refresh_from_db()
    assert visit.status == Visit.Status.TO_PLAN

    done = client.post(url, {**plan_data(visit, teacher, family_interpreter=""), "confirmed": "no_interpreter"})
    assert done.status_code == 302
    assert done.url == reverse("visits:visit_detail", args=[visit.pk])
    assert messages_of(done) == ["Het bezoek is gepland."]
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED
    assert visit.starts_at == at(4, 19)


def test_double_booking_shows_the_conflict_and_keeps_the_form(client, teacher, visit, school, school_year):
    other = services.visit_open(pupil=PupilFactory(school=school), school_year=school_year, by=teacher)
    Visit.objects.filter(pk=other.pk).update(
        status=Visit.Status.SCHEDULED, starts_at=at(4, 18, 30), duration_minutes=60
    )
    client.force_login(teacher)
    response = client.post(reverse("visits:visit_plan", args=[visit.pk]), plan_data(visit, teacher, time="19:00"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "heeft dan al een huisbezoek" in page
    assert 'value="Oom Karim"' in page  # nothing typed is lost


def test_a_stale_plan_form_is_refused_not_overwritten(client, teacher, visit):
    client.force_login(teacher)
    url = reverse("visits:visit_plan", args=[visit.pk])
    stale = plan_data(visit, teacher)
    assert client.post(url, plan_data(visit, teacher, time="20:00")).status_code == 302
    response = client.post(url, stale)
    assert "Iemand anders heeft dit bezoek net gewijzigd" in response.content.decode()
    visit.refresh_from_db()
    assert timezone_local_hour(visit.starts_at) == 20


def timezone_local_hour(moment):
    return moment.astimezone(AMS).hour


def test_declining_without_a_reason_is_explained(client, teacher, visit):
    client.force_login(teacher)
    url = reverse("visits:visit_status", args=[visit.pk])
    response = client.post(url, {"to_status": "declined", "note": "Belde zelf", "version": visit.version})
    assert response.status_code == 200
    assert "Kies een reden uit de lijst" in response.content.decode()
    response = client.post(
        url, {"to_status": "declined", "decline_reason": "no_time", "note": "", "version": visit.version}
    )
    assert response.status_code == 302
    assert response.url == reverse("visits:visit_detail", args=[visit.pk])
    visit.refresh_from_db()
    assert (visit.status, visit.decline_reason) == (Visit.Status.DECLINED, Visit.DeclineReason.NO_TIME)
    assert messages_of(response) == [f"Status: {visit.get_status_display()}."]


def test_preparation_sheet_has_what_the_visitor_needs(client, teacher, visit, rif_interpreter):
    services.visit_schedule(
        visit=visit,
        by=teacher,
        plan=services.VisitPlan(
            starts_at=at(4, 19),
            duration_minutes=60,
            lead_visitor=teacher,
            interpreter=rif_interpreter,
            meeting_point="Bushalte Damstraat",
            agenda="Kennismaken\nHuiswerk",
        ),
    )
    client.force_login(teacher)
    page = client.get(reverse("visits:visit_prepare", args=[visit.pk])).content.decode()
    for expected in (
        "Hafsa Ouali",
        "Bushalte Damstraat",
        "Tarifit",
        "Huiswerk",
        "Een kind tolkt nooit",
        "woensdag 4 november 2026",
    ):
        assert expected in page


def test_programme_form_explains_mistakes_and_saves(client, directie, school_year, group):
    client.force_login(directie)
    url = reverse("visits:programme_edit")
    data = {
        "period_start": "2026-10-26",
        "period_end": "2026-12-18",
        "cohort": "groups",
        "frequency": "yearly",
        "visit_minutes": "60",
        "hours_per_visit": "2.0",
        "travel_minutes": "15",
        "evening_start": "19:00",
        "evening_end": "18:00",
        "agenda_template": "Kennismaken",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies minstens één groep" in page and "na het eerste beginnen" in page
    response = client.post(url, {**data, "evening_end": "21:00", "cohort_groups": [group.pk], "visit_minutes": "75"})
    assert response.status_code == 200
    assert "60" in response.context["form"].errors["visit_minutes"][0]  # a visit lasts at most one hour
    response = client.post(url, {**data, "evening_end": "21:00", "cohort_groups": [group.pk]})
    assert response.status_code == 302
    assert school_year.programme.cohort_groups.get() == group


def test_the_programme_page_sets_how_visitors_travel(client, directie, school_year, group):
    client.force_login(directie)
    url = reverse("visits:programme_edit")
    page = client.get(url).content.decode()
    assert 'name="travel_mode"' in page and "Openbaar vervoer" in page
    data = {
        "period_start": "2026-10-26",
        "period_end": "2026-12-18",
        "cohort": "groups",
        "cohort_groups": [group.pk],
        "frequency": "yearly",
        "visit_minutes": "60",
        "hours_per_visit": "2.0",
        "travel_minutes": "15",
        "evening_start": "16:00",
        "evening_end": "21:00",
        "agenda_template": "Kennismaken",
    }
    assert client.post(url, {**data, "travel_mode": "car"}).status_code == 302
    assert school_year.programme.travel_mode == "car"
    assert client.post(url, data).status_code == 302  # left out: kept
    school_year.programme.refresh_from_db()
    assert school_year.programme.travel_mode == "car"
    response = client.post(url, {**data, "travel_mode": "rocket"})
    assert response.status_code == 200 and "travel_mode" in response.context["form"].errors


def feed_for(client, user, school) -> icalendar.Calendar:
    token = services.calendar_feed_renew(user=user, school=school)
    response = client.get(reverse("visits:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "Set-Cookie" not in response
    return icalendar.Calendar.from_ical(response.content)


def test_the_calendar_feed_is_valid_and_right_across_the_dst_change(
    client, teacher, visit, school, school_year, rif_interpreter, interpreter
):
    # 24 October is still summer time (UTC+2); 4 November is winter time (UTC+1).
    summer = services.visit_open(
        pupil=PupilFactory(school=school, group=visit.pupils.get().group), school_year=school_year, by=teacher
    )
    Visit.objects.filter(pk=summer.pk).update(
        status=Visit.Status.SCHEDULED, starts_at=at(24, 19, month=10), duration_minutes=45
    )
    Visit.objects.filter(pk=visit.pk).update(
        status=Visit.Status.SCHEDULED,
        starts_at=at(4, 19),
        duration_minutes=60,
        interpreter=rif_interpreter,
        meeting_point="Bushalte",
    )
    calendar = feed_for(client, teacher, school)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [e.decoded("dtstart").astimezone(AMS).hour for e in events] == [19, 19]
    assert [e.decoded("dtstart").utcoffset() for e in events] == [
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=1),
    ]
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == datetime.timedelta(minutes=45)
    assert str(events[1]["summary"]).startswith("Huisbezoek familie")
    assert "Bushalte" in str(events[1]["description"])
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"

    # The interpreter with a log-in gets the visits they are booked for.
    rif_interpreter.user = interpreter
    rif_interpreter.save()
    booked = feed_for(client, interpreter, school).walk("VEVENT")
    assert [str(e["summary"]) for e in booked] == [f"Tolken bij huisbezoek (familie {visit.family.name})"]


def test_a_revoked_or_unknown_calendar_link_is_a_404(client, teacher, school):
    token = services.calendar_feed_renew(user=teacher, school=school)
    services.calendar_feed_revoke(user=teacher, school=school)
    assert client.get(reverse("visits:calendar_feed", args=[token])).status_code == 404
    assert client.get(reverse("visits:calendar_feed", args=["x" * 43])).status_code == 404


def test_a_link_stops_when_the_person_leaves_the_school(client, teacher, school):
    token = services.calendar_feed_renew(user=teacher, school=school)
    teacher.memberships.all().delete()
    assert client.get(reverse("visits:calendar_feed", args=[token])).status_code == 404


def test_the_calendar_page_shows_a_new_link_once(client, teacher, school):
    client.force_login(teacher)
    client.post(reverse("visits:calendar_renew"))
    first = client.get(reverse("visits:calendar_settings"))
    assert first.context["feed_url"].endswith(".ics")
    again = client.get(reverse("visits:calendar_settings"))
    assert again.context["feed_url"] is None
    assert "actieve agenda-link" in again.content.decode()


def test_a_teacher_of_another_school_cannot_plan_here(client, outsider, visit):
    client.force_login(outsider)
    assert client.get(reverse("visits:visit_plan", args=[visit.pk])).status_code == 404


def test_a_second_school_role_does_not_leak_into_the_first(client, visit, other_school):
    """A teacher at another school who is directie here still sees no teacher pages here."""
    person = UserFactory()
    MembershipFactory(user=person, school=other_school, role=Role.TEACHER)
    MembershipFactory(user=person, school=visit.school, role=Role.DIRECTIE)
    client.force_login(person)
    client.post(reverse("school_switch"), {"school": visit.school.pk})
    assert client.get(reverse("visits:visit_plan", args=[visit.pk])).status_code == 403


def test_cohorts_first_years_new_entrants_chosen_groups_and_every_other_year(
    client, directie, school, school_year, programme, group, pupil
):
    from huisbezoek.tests.factories import SchoolYearFactory

    first_years = GroupFactory(school=school, school_year=school_year, name="Groep 1", grade=1)
    toddler = PupilFactory(school=school, group=first_years, first_name="Lotte")
    newcomer = PupilFactory(school=school, group=group, first_name="Olek", is_new_entrant=True)
    visited_last_year = PupilFactory(school=school, group=group, first_name="Sara")
    last_year = SchoolYearFactory(school=school, start=datetime.date(2025, 8, 18), end=datetime.date(2026, 7, 10))
    VisitFactory(pupil=visited_last_year, school_year=last_year, lead_visitor=directie, status=Visit.Status.REPORTED)
    client.force_login(directie)

    def cohort():
        return sorted(names_on(client.get(LIST)))

    assert cohort() == ["Lotte", "Olek", "Sara", "Yasmina"]
    programme.cohort = Programme.Cohort.FIRST_YEARS_AND_NEW
    programme.save()
    assert cohort() == [toddler.first_name, newcomer.first_name]
    programme.cohort = Programme.Cohort.GROUPS
    programme.save()
    programme.cohort_groups.set([first_years])
    assert cohort() == ["Lotte"]
    programme.cohort = Programme.Cohort.ALL
    programme.frequency = Programme.Frequency.EVERY_OTHER_YEAR
    programme.save()
    assert cohort() == ["Lotte", "Olek", "Yasmina"]


def test_a_child_of_the_visit_cannot_be_unticked(client, teacher, visit, school, pupil):
    sister = PupilFactory(school=school, family=pupil.family, group=pupil.group, first_name="Imane")
    client.force_login(teacher)
    response = client.post(reverse("visits:visit_plan", args=[visit.pk]), plan_data(visit, teacher, pupils=[sister.pk]))
    assert "hoort al bij dit bezoek" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.TO_PLAN


def test_teacher_home_shows_what_is_left_and_what_is_coming(client, teacher, visit, school, group, school_year):
    PupilFactory(school=school, group=group, first_name="Bram")
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=at(4, 19), duration_minutes=60)
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert "Mijn huisbezoeken" in page
    assert "1 gezin nog niet geprobeerd te bereiken" in page
    assert "1 van 2 leerlingen nog te plannen" in page
    assert f"wo 4 nov 19:00 · <bdi>{visit.family.name}</bdi>" in page
