"""The school's own calendar: the page of the directie and the administrator, and the planner
refusing the days the school does not visit; the Ramadan and the Eids for families who keep them.

The clock stands on Monday 2 November 2026 (see visits/tests/helpers.py); the school is in
region middle (Christmas holiday 19 December 2026 - 3 January 2027, spring holiday 20-28 February 2027).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huisbezoek.testing.responses import messages_of
from visits import holidays
from visits.models import SchoolCalendarEntry, Visit
from visits.services import PlanNeedsConfirmation, VisitPlan, visit_open, visit_schedule
from visits.tests.helpers import at

K = SchoolCalendarEntry.Kind
LIST = reverse("visits:school_calendar")
ADD = reverse("visits:school_calendar_add")


def entry(school, kind, start, end=None, label="Eigen dag"):
    return SchoolCalendarEntry.objects.create(school=school, kind=kind, start=start, end=end or start, label=label)


@pytest.fixture
def visit(pupil, school_year, teacher, family, programme, women):
    programme.period_end = datetime.date(2027, 3, 31)  # through the Christmas holiday and the Ramadan of 2027
    programme.save()
    return visit_open(pupil=pupil, school_year=school_year, by=teacher)


def plan(teacher, starts_at, **changes):
    return VisitPlan(
        starts_at=starts_at,
        duration_minutes=60,
        lead_visitor=teacher,
        family_interpreter="Oom Karim",
        agenda="Kennismaken",
        **changes,
    )


def refusal(visit, teacher, starts_at) -> str:
    with pytest.raises(ValidationError) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, starts_at))
    return " ".join(excinfo.value.message_dict["starts_at"])


# The planner -----------------------------------------------------------------------------------


def test_the_schools_own_holiday_is_refused_naming_it(visit, teacher, school):
    entry(school, K.HOLIDAY, datetime.date(2026, 11, 9), datetime.date(2026, 11, 13), "Extra herfstweek")
    assert refusal(visit, teacher, at(11, 19)) == "11 november valt in een vakantie van de school: Extra herfstweek."
    assert visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(16, 19))).status == Visit.Status.SCHEDULED


def test_a_study_day_is_refused(visit, teacher, school):
    entry(school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag rekenen")
    assert refusal(visit, teacher, at(4, 19)) == "4 november is een studiedag van de school: Studiedag rekenen."


def test_a_team_week_is_refused(visit, teacher, school):
    entry(school, K.TEAM_WEEK, datetime.date(2026, 11, 16), datetime.date(2026, 11, 20), "Teamweek")
    assert "valt in een teamweek van de school: Teamweek" in refusal(visit, teacher, at(18, 19))


def test_an_evening_without_visits_is_refused(visit, teacher, school):
    entry(school, K.NO_VISITS, datetime.date(2026, 11, 5), label="Ouderavond groep 3")
    assert refusal(visit, teacher, at(5, 19)) == "Op 5 november gaat de school niet op huisbezoek: Ouderavond groep 3."
    visit.refresh_from_db()
    assert visit.status == Visit.Status.TO_PLAN


def test_another_schools_calendar_does_not_close_this_school(visit, teacher, other_school):
    entry(other_school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag elders")
    assert visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(4, 19))).status == Visit.Status.SCHEDULED


def test_a_regional_holiday_the_school_does_not_keep_may_be_planned(visit, teacher, school):
    assert "Kerstvakantie" in refusal(visit, teacher, at(22, 19, month=12))
    entry(school, K.NOT_A_HOLIDAY, datetime.date(2026, 12, 21), datetime.date(2026, 12, 23), "Wij zijn nog open")
    planned = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(22, 19, month=12)))
    assert planned.status == Visit.Status.SCHEDULED
    assert planned.starts_at == at(22, 19, month=12)
    # The rest of the regional holiday still counts.
    assert holidays.closed_on(school, datetime.date(2026, 12, 28)) == "28 december valt in de Kerstvakantie."


def test_an_own_closing_day_wins_over_a_kept_open_regional_holiday(school):
    day = datetime.date(2026, 12, 22)
    entry(school, K.NOT_A_HOLIDAY, day, day + datetime.timedelta(days=1), "Open")
    entry(school, K.NO_VISITS, day, label="Kerstviering")
    assert holidays.closed_on(school, day) == "Op 22 december gaat de school niet op huisbezoek: Kerstviering."
    assert holidays.closed_on(school, day + datetime.timedelta(days=1)) is None


# The Ramadan and the Eids ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "first_day"),
    [(2026, datetime.date(2026, 2, 18)), (2027, datetime.date(2027, 2, 8)), (2028, datetime.date(2028, 1, 28))],
)
def test_ramadan_days_are_computed_and_about_right(year, first_day):
    start, end = holidays.ramadan_days(year)
    # The sighting of the moon may move the start a day either way.
    assert abs((start - first_day).days) <= 1
    assert 28 <= (end - start).days <= 29
    assert holidays.in_ramadan(start) and holidays.in_ramadan(end)
    assert not holidays.in_ramadan(start - datetime.timedelta(days=1))
    assert not holidays.in_ramadan(end + datetime.timedelta(days=1))
    assert holidays.islamic_feast(end + datetime.timedelta(days=1)) == "het Suikerfeest (Eid al-Fitr)"


def test_a_year_with_two_ramadans_gives_the_first_and_beyond_the_tables_none():
    start, _end = holidays.ramadan_days(2030)
    assert start.year == 2030 and start.month == 1
    assert holidays.ramadan_days(2090) is None


def test_a_ramadan_evening_warns_for_a_family_who_keeps_it_and_plans_once_confirmed(visit, teacher, family):
    family.keeps_ramadan = True
    family.save()
    evening = at(2, 19, month=3, year=2027)  # Tuesday 2 March 2027
    with pytest.raises(PlanNeedsConfirmation) as excinfo:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, evening))
    [warning] = excinfo.value.warnings
    assert warning.code == "ramadan:2027-03-02"
    assert warning.message == (
        "dinsdag 2 maart valt (ongeveer) in de ramadan: het gezin vast overdag en breekt rond zonsondergang "
        "het vasten. Plan liever na het avondeten of overleg met het gezin."
    )
    planned = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, evening), confirmed={warning.code})
    assert planned.status == Visit.Status.SCHEDULED


def test_a_ramadan_evening_does_not_warn_for_a_family_who_does_not_keep_it(visit, teacher, family):
    assert family.keeps_ramadan is False
    planned = visit_schedule(visit=visit, by=teacher, plan=plan(teacher, at(2, 19, month=3, year=2027)))
    assert planned.status == Visit.Status.SCHEDULED


def test_the_eid_warns_a_family_who_keeps_the_ramadan_once_and_in_its_own_words(visit, teacher, family):
    eid = at(9, 19, month=3, year=2027)  # 1 Shawwal 1448 by the Umm al-Qura calendar
    with pytest.raises(PlanNeedsConfirmation) as other:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, eid))
    assert [w.code for w in other.value.warnings] == ["religious:2027-03-09"]  # the general holiday warning

    family.keeps_ramadan = True
    family.save()
    with pytest.raises(PlanNeedsConfirmation) as keeps:
        visit_schedule(visit=visit, by=teacher, plan=plan(teacher, eid))
    [warning] = keeps.value.warnings
    assert warning.code == "islamic:2027-03-09"
    assert "(ongeveer) het Suikerfeest (Eid al-Fitr); dit gezin viert het waarschijnlijk" in warning.message


def test_the_offerfeest_is_an_eid_too():
    day = holidays.ramadan_days(2027)[1] + datetime.timedelta(days=60)
    feasts = [d for d in (day + datetime.timedelta(days=n) for n in range(30)) if holidays.islamic_feast(d)]
    assert [holidays.islamic_feast(d) for d in feasts] == ["het Offerfeest (Eid al-Adha)"]
    assert abs((feasts[0] - datetime.date(2027, 5, 16)).days) <= 1


def test_the_plan_form_shows_the_ramadan_warning_with_a_tick_and_keeps_what_was_typed(client, teacher, visit, family):
    family.keeps_ramadan = True
    family.save()
    client.force_login(teacher)
    url = reverse("visits:visit_plan", args=[visit.pk])
    data = {
        "day": "2027-03-02",
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
    first = client.post(url, data)
    page = first.content.decode()
    assert first.status_code == 200
    assert "valt (ongeveer) in de ramadan" in page
    assert 'name="confirmed" value="ramadan:2027-03-02"' in page
    assert 'value="Oom Karim"' in page
    done = client.post(url, {**data, "confirmed": "ramadan:2027-03-02"})
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED


def test_the_plan_form_tells_the_schools_closed_days_and_the_ramadan_before_a_day_is_chosen(
    client, teacher, visit, family, school
):
    entry(school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag rekenen")
    entry(school, K.NO_VISITS, datetime.date(2026, 10, 28), label="Al voorbij")
    entry(school, K.NOT_A_HOLIDAY, datetime.date(2026, 12, 21), datetime.date(2026, 12, 23), "Open")
    client.force_login(teacher)
    url = reverse("visits:visit_plan", args=[visit.pk])
    page = client.get(url).content.decode()
    assert 'Geen huisbezoeken (schoolkalender): 4 november (<span dir="auto">Studiedag rekenen</span>)</li>' in page
    assert "Al voorbij" not in page and "houdt de ramadan" not in page
    family.keeps_ramadan = True
    family.save()
    page = client.get(url).content.decode()
    assert "Dit gezin houdt de ramadan: ongeveer van 8 februari tot en met 8 maart 2027." in page


# The page ---------------------------------------------------------------------------------------


def test_directie_sees_the_years_entries_by_date_and_the_regional_holidays(client, directie, school, school_year):
    entry(school, K.NO_VISITS, datetime.date(2027, 3, 4), label="Ouderavond groep 8")
    entry(school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag rekenen")
    entry(school, K.STUDY_DAY, datetime.date(2025, 11, 4), label="Vorig jaar")
    client.force_login(directie)
    response = client.get(LIST)
    assert response.status_code == 200
    labels = [e.label for e in response.context["calendar"].entries]
    assert labels == ["Studiedag rekenen", "Ouderavond groep 8"]
    page = response.content.decode()
    assert "Schoolvakanties van regio Midden" in page
    assert "Herfstvakantie" in page and "Kerstvakantie" in page
    assert "Ramadan: ongeveer 8 februari tot en met 8 maart 2027" in page
    assert "Het Suikerfeest (Eid al-Fitr): ongeveer dinsdag 9 maart 2027" in page
    # The autumn holiday can be marked as kept open in one click: the form comes filled in.
    assert (
        f"{ADD}?soort=not_a_holiday&amp;van=2026-10-17&amp;tot=2026-10-25&amp;omschrijving=School%20open%20in%20de%20Herfstvakantie"
        in page
    )


def test_the_differs_link_fills_in_the_form_and_saving_marks_the_regional_holiday(
    client, administrator, school, school_year
):
    client.force_login(administrator)
    form = client.get(f"{ADD}?soort=not_a_holiday&van=2026-12-21&tot=2026-12-23&omschrijving=Kerstvakantie")
    page = form.content.decode()
    assert 'value="2026-12-21"' in page and 'value="Kerstvakantie"' in page
    assert not SchoolCalendarEntry.objects.exists()  # a GET never writes
    done = client.post(ADD, {"kind": "not_a_holiday", "start": "2026-12-21", "end": "2026-12-23", "label": " Open "})
    assert done.status_code == 302
    assert done.url == f"{LIST}?dag=2026-12-21"
    assert messages_of(done) == ["De dag of periode staat in de schoolkalender."]
    saved = SchoolCalendarEntry.objects.get()
    assert (saved.school, saved.kind, saved.label) == (school, K.NOT_A_HOLIDAY, "Open")
    page = client.get(done.url)
    christmas = next(h for h in page.context["calendar"].regional if h.period.name == "Kerstvakantie")
    assert christmas.kept_open
    assert "Wijkt af: open op (een deel van) deze dagen" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start": "2026-11-10", "end": "2026-11-09"}, "end", "De laatste dag mag niet vóór de eerste dag liggen."),
        (
            {"start": "2026-11-01", "end": "2027-03-01"},
            "end",
            "Een periode duurt hooguit 92 dagen. Maak er anders twee.",
        ),
        ({"start": "2031-11-01", "end": "2031-11-01"}, "start", "Kies data tussen 1 januari 2025 en 31 december 2029."),
        ({"label": "Ouder\u202eavond"}, "label", "U+202E"),
        ({"label": "x" * 101}, "label", "hooguit 100 tekens"),
        ({"label": ""}, "label", "Dit veld is verplicht."),
        ({"start": "morgen"}, "start", "Voer een geldige datum in."),
    ],
)
def test_a_wrong_entry_is_explained_and_keeps_what_was_typed(client, directie, data, field, message):
    client.force_login(directie)
    values = {"kind": "study_day", "start": "2026-11-04", "end": "2026-11-04", "label": "Studiedag", **data}
    response = client.post(ADD, values)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert f'value="{values["start"]}"' in response.content.decode()
    assert not SchoolCalendarEntry.objects.exists()


def test_a_single_day_needs_no_last_day(client, directie, school):
    client.force_login(directie)
    done = client.post(ADD, {"kind": "no_visits", "start": "2026-11-05", "end": "", "label": "Ouderavond"})
    assert done.status_code == 302
    saved = SchoolCalendarEntry.objects.get()
    assert (saved.start, saved.end) == (datetime.date(2026, 11, 5), datetime.date(2026, 11, 5))


def test_changing_and_removing_an_entry(client, directie, school, school_year):
    study = entry(school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag")
    client.force_login(directie)
    url = reverse("visits:school_calendar_edit", args=[study.pk])
    assert 'value="Studiedag"' in client.get(url).content.decode()
    done = client.post(url, {"kind": "team_week", "start": "2026-11-16", "end": "2026-11-20", "label": "Teamweek"})
    assert done.status_code == 302
    assert messages_of(done) == ["De wijziging staat in de schoolkalender."]
    assert "Teamweek" in client.get(done.url).content.decode()  # the list shows the change (and the message)
    study.refresh_from_db()
    assert (study.kind, study.start, study.end, study.label) == (
        K.TEAM_WEEK,
        *[datetime.date(2026, 11, d) for d in (16, 20)],
        "Teamweek",
    )
    gone = client.post(reverse("visits:school_calendar_delete", args=[study.pk]))
    assert messages_of(gone) == ["'Teamweek' is uit de schoolkalender gehaald."]
    assert not SchoolCalendarEntry.objects.exists()


text = st.one_of(
    st.text(max_size=120),
    st.sampled_from(["", " ", "\x00", "x" * 6000, "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "ملاحظة"]),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates(min_value=datetime.date(2026, 8, 1), max_value=datetime.date(2027, 8, 1)).map(str),
    st.sampled_from(["", "2026-02-30", "31-12-2026", "9999-99-99", "morgen"]),
    text,
)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "kind": st.one_of(st.sampled_from(K.values), text),
            "start": dates,
            "end": dates,
            "label": text,
        },
    )
)
def test_whatever_is_typed_the_form_answers_and_a_refusal_writes_nothing(directie, school, school_year, data):
    client = Client()
    client.force_login(directie)
    before = SchoolCalendarEntry.objects.count()
    response = client.post(ADD, data)
    assert response.status_code in (200, 302), data
    if response.status_code == 200:
        assert SchoolCalendarEntry.objects.count() == before, data
    else:
        saved = SchoolCalendarEntry.objects.latest("pk")
        assert saved.start <= saved.end and 0 < len(saved.label) <= 100
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("name", ["visits:school_calendar_edit", "visits:school_calendar_delete"])
def test_another_schools_entry_is_a_404(client, directie, other_school, name):
    theirs = entry(other_school, K.STUDY_DAY, datetime.date(2026, 11, 4), label="Studiedag elders")
    client.force_login(directie)
    url = reverse(name, args=[theirs.pk])
    response = client.post(url, {"kind": "study_day", "start": "2026-11-05", "end": "2026-11-05", "label": "Van mij"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.label == "Studiedag elders"


def test_the_list_page_runs_a_fixed_number_of_queries(client, directie, school, school_year, django_assert_num_queries):
    client.force_login(directie)
    for n in range(12):
        entry(school, K.NO_VISITS, datetime.date(2026, 9, 1) + datetime.timedelta(days=7 * n), label=f"Avond {n}")
    client.get(LIST)  # warm up the session and the holiday tables
    with django_assert_num_queries(QUERIES):
        response = client.get(LIST)
    assert len(response.context["calendar"].entries) == 12


# The session, the user, the second-factor devices, the memberships (roles), then the page: the school
# years and the year's entries, however many.
QUERIES = 6
