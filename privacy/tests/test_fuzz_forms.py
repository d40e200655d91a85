"""Fuzzing the main forms with hypothesis: whatever is typed, no 500, and a refused form writes nothing.

Each test logs in as the person who uses the form, then posts many generated submissions —
plausible values mixed with garbage (odd dates, huge numbers, control characters, long and
non-Latin text, missing fields). The answer must be a page (200, the form with its errors)
or a redirect (302, accepted); after a refused submission every table holds exactly the rows
it held before.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from visits import services
from visits.care import services as services_care
from visits.models import (
    CareCase,
    CaseEntry,
    Consult,
    ContactAttempt,
    Programme,
    Report,
    ReportAgreement,
    ReportVersion,
    Visit,
    VisitTransition,
)
from visits.tests.factories import FamilyLanguageFactory
from visits.tests.helpers import at

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MODELS = (
    Visit,
    VisitTransition,
    ContactAttempt,
    Report,
    ReportVersion,
    ReportAgreement,
    CareCase,
    CaseEntry,
    Consult,
    Programme,
)

# --- Strategies -----------------------------------------------------------------------------

garbage_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=400),
    st.sampled_from(
        ["", " ", "\x00", "x" * 6000, "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "'; DROP TABLE x;--", "ملاحظة"]
    ),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates(min_value=datetime.date(2026, 10, 20), max_value=datetime.date(2026, 12, 31)).map(str),
    st.sampled_from(["", "2026-02-30", "31-12-2026", "0000-00-00", "9999-99-99", "gisteren"]),
    garbage_text,
)
times = st.one_of(
    st.times().map(lambda t: t.strftime("%H:%M")),
    st.sampled_from(["", "24:00", "19:30", "7pm", "-1:00", "99:99"]),
    garbage_text,
)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "0", "15", "60", "1e9", "NaN", "1,5", "2.0", "-0"]),
    garbage_text,
)


def choice_of(values):
    return st.one_of(st.sampled_from(list(values)), garbage_text)


def maybe(strategy):
    """A field that may be missing from the submission altogether."""
    return st.one_of(st.none(), strategy)


def form_data(**fields):
    return st.fixed_dictionaries({name: maybe(strategy) for name, strategy in fields.items()}).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def assert_refused_or_accepted_cleanly(client, url, data):
    before = counts()
    response = client.post(url, data)
    assert response.status_code in (200, 302), (response.status_code, data)
    if response.status_code == 200:
        assert counts() == before, data
    return response


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def visit(pupil, school_year, teacher, programme):
    FamilyLanguageFactory(family=pupil.family, language="nl")
    return services.visit_open(pupil=pupil, school_year=school_year, by=teacher)


@pytest.fixture
def teacher_client(teacher):
    client = Client()
    client.force_login(teacher)
    return client


# --- The forms ------------------------------------------------------------------------------


@FUZZ
@given(
    data=form_data(
        day=dates,
        time=times,
        channel=choice_of(["phone", "sms", "email"]),
        outcome=choice_of(["reached", "no_answer", "declined"]),
        note=garbage_text,
    )
)
def test_contact_log_form(teacher_client, visit, data):
    assert_refused_or_accepted_cleanly(teacher_client, reverse("visits:contact_create", args=[visit.pk]), data)


@FUZZ
@given(
    data=form_data(
        day=dates,
        time=times,
        duration_minutes=numbers,
        lead_visitor=numbers,
        colleague=numbers,
        interpreter=numbers,
        family_interpreter=garbage_text,
        meeting_point=garbage_text,
        pupils=numbers,
        agenda=garbage_text,
        requested_topics=garbage_text,
        version=numbers,
    ),
    right_version=st.booleans(),
    right_people=st.booleans(),
)
@example(data={"pupils": str(2**63)}, right_version=True, right_people=False)  # was a 500 on SQLite
def test_planning_form(teacher_client, visit, teacher, pupil, data, right_version, right_people):
    visit.refresh_from_db()
    if right_version:
        data["version"] = str(visit.version)
    if right_people:
        data.update(lead_visitor=str(teacher.pk), pupils=str(pupil.pk))
    assert_refused_or_accepted_cleanly(teacher_client, reverse("visits:visit_plan", args=[visit.pk]), data)


@FUZZ
@given(
    data=form_data(
        pupil_present=choice_of(["yes", "part", "no"]),
        topics=garbage_text,
        going_well=garbage_text,
        key_points=garbage_text,
        confidential_notes=garbage_text,
        minutes_visit=numbers,
        minutes_travel=numbers,
        minutes_report=numbers,
        signal_safety=st.sampled_from(["on", ""]),
        flagged=st.sampled_from(["on", "", "yes"]),
        flag_urgency=choice_of(["normal", "urgent", "acute"]),
        flag_reason=garbage_text,
        **{
            "afspraak-TOTAL_FORMS": st.sampled_from(["1", "2", "0", "999", "-1", "x"]),
            "afspraak-INITIAL_FORMS": st.sampled_from(["0", "1", "x"]),
            "afspraak-0-what": garbage_text,
            "afspraak-0-owner": garbage_text,
            "afspraak-0-due": dates,
        },
    ),
    submit=st.sampled_from(["indienen", "concept", ""]),
    right_version=st.booleans(),
)
def test_report_form(teacher_client, visit, data, submit, right_version):
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SCHEDULED, starts_at=at(1, 19), duration_minutes=60)
    url = reverse("visits:report_edit", args=[visit.pk])
    report = teacher_client.get(url).context["form"].instance  # the draft as the form shows it
    if right_version:
        data["version"] = str(report.version)
    if submit:
        data[submit] = "1"
    assert_refused_or_accepted_cleanly(teacher_client, url, data)


@FUZZ
@given(
    step=st.integers(min_value=1, max_value=5),
    data=st.dictionaries(
        keys=st.sampled_from(
            ["happened_on", "text", "agreed", "source", "source_detail", "anonymous", "supersedes"]
            + [f"q_{k}" for k in ("suspicion", "unsafe", "can_help", "accepted", "enough")]
        ),
        values=st.one_of(dates, garbage_text, st.sampled_from(["own", "other", "yes", "no", "on"]), numbers),
        max_size=8,
    ),
)
def test_care_entry_form(school, pupil, teacher, care_coordinator, step, data):
    case = CareCase.objects.filter(pupil=pupil).first() or services_care.case_open(
        pupil=pupil, by=care_coordinator, urgency="normal"
    )
    client = Client()
    client.force_login(care_coordinator)
    prefixed = {f"stap{step}-{k}": v for k, v in data.items()}
    assert_refused_or_accepted_cleanly(client, reverse("visits:care_entry_add", args=[case.pk, step]), prefixed)


@FUZZ
@given(
    data=form_data(
        period_start=dates,
        period_end=dates,
        cohort=choice_of(["all", "first_and_new", "groups"]),
        cohort_groups=numbers,
        frequency=choice_of(["yearly", "every_other_year"]),
        visit_minutes=numbers,
        hours_per_visit=numbers,
        travel_minutes=numbers,
        evening_start=times,
        evening_end=times,
        agenda_template=garbage_text,
    )
)
@example(data={"cohort": "groups", "cohort_groups": str(2**63)})  # was a 500 (OverflowError) on SQLite
def test_programme_form(directie, school_year, data):
    client = Client()
    client.force_login(directie)
    assert_refused_or_accepted_cleanly(client, reverse("visits:programme_edit"), data)
