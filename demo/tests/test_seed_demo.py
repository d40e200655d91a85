"""The demo data of ``manage.py seed_demo`` / ``demo.builder.build_demo``."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone

from demo.builder import BOARD_NAME, DEMO_LOGINS, DEMO_PASSWORD, DemoDates, build_demo
from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User
from visits.models import Family, FamilyLanguage, Group, GroupTeacher, Guardian, Interpreter, Pupil, Visit

pytestmark = pytest.mark.django_db

DEMO_LANGUAGES = {"nl", "ary", "rif", "tr", "pl", "uk", "so", "ti", "en", "aii"}

# The documented log-ins and the role each must have at the primary school.
EXPECTED_LOGINS = {
    "leerkracht@demo.test": Role.TEACHER,
    "directie@demo.test": Role.DIRECTIE,
    "zorg@demo.test": Role.CARE_COORDINATOR,
    "beheer@demo.test": Role.ADMINISTRATOR,
    "tolk@demo.test": Role.INTERPRETER,
    "bestuur@demo.test": Role.DIRECTIE,
}


@pytest.fixture
def demo():
    return build_demo()


def snapshot():
    """Everything that identifies the demo's people, in a stable order (no database ids)."""
    return {
        "schools": sorted(School.objects.values_list("brin", "name", "school_type")),
        "years": sorted(SchoolYear.objects.values_list("school__brin", "label", "start", "end", "is_trial_year")),
        "pupils": sorted(
            Pupil.objects.values_list(
                "school__brin",
                "external_id",
                "first_name",
                "last_name",
                "date_of_birth",
                "entry_date",
                "is_new_entrant",
                "group__name",
                "family__name",
            )
        ),
        "families": sorted(
            Family.objects.values_list(
                "school__brin",
                "name",
                "street",
                "house_number",
                "postcode",
                "phone",
                "email",
                "dutch_proficiency",
                "preferred_channel",
                "visitor_preference",
                "interpreter_needed",
                "interpreter_language",
                "interpreter_arranged_by",
                "sensitivities",
            )
        ),
        "languages": sorted(FamilyLanguage.objects.values_list("family__phone", "language", "is_main")),
        "guardians": sorted(
            Guardian.objects.values_list(
                "family__phone", "first_name", "last_name", "relation", "phone", "email", "is_main_carer"
            )
        ),
        "users": sorted(User.objects.values_list("email", "first_name", "last_name")),
        "memberships": sorted(Membership.objects.values_list("user__email", "school__brin", "role")),
        "group_teachers": sorted(
            GroupTeacher.objects.values_list("group__school__brin", "group__name", "teacher__email", "kind")
        ),
        "interpreters": sorted(
            (brin, name, tuple(langs), email or "")
            for brin, name, langs, email in Interpreter.objects.values_list(
                "school__brin", "name", "languages", "user__email"
            )
        ),
    }


def test_primary_and_secondary_school_have_the_expected_size(demo):
    primary = School.objects.get(brin="12AB")
    secondary = School.objects.get(brin="34CD")
    assert primary.name == "Basisschool De Regenboog"
    assert (primary.school_type, primary.holiday_region, primary.city) == ("primary", "middle", "Utrecht")
    assert secondary.name == "Het Baken College"
    assert secondary.school_type == "secondary"
    assert primary.board == secondary.board == Board.objects.get(name=BOARD_NAME)

    groups = Group.objects.filter(school=primary).order_by("grade")
    assert [(g.name, g.grade) for g in groups] == [(f"Groep {n}", n) for n in range(1, 9)]
    assert all(20 <= g.pupils.count() <= 30 for g in groups)
    assert 190 <= Pupil.objects.filter(school=primary).count() <= 210

    classes = Group.objects.filter(school=secondary).order_by("name")
    assert [(c.name, c.grade) for c in classes] == [(f"1{x}", 1) for x in "ABCDE"]
    assert 110 <= Pupil.objects.filter(school=secondary).count() <= 130

    assert demo["schools"] == 2
    assert demo["pupils"] == Pupil.objects.count()
    assert demo["families"] == Family.objects.count()


def test_school_years_current_trial_year_and_history(demo):
    today = timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1  # a school year runs 1 August - 31 July
    label, previous = f"{first}-{first + 1}", f"{first - 1}-{first}"
    years = {(y.school.brin, y.label): y for y in SchoolYear.objects.select_related("school")}
    assert set(years) == {(b, name) for b in ("12AB", "34CD") for name in (previous, label)}
    current = years["12AB", label]
    assert (current.start, current.end) == (datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31))
    assert current.start <= today <= current.end
    assert current.is_trial_year
    assert not years["12AB", previous].is_trial_year
    assert not years["34CD", label].is_trial_year
    assert all(g.school_year.label == label for g in Group.objects.all())


def test_every_home_language_occurs_and_each_family_has_one_main_language(demo):
    main = Counter(FamilyLanguage.objects.filter(is_main=True).values_list("language", flat=True))
    assert set(main) == DEMO_LANGUAGES
    for school in School.objects.all():  # also per school
        assert set(FamilyLanguage.objects.filter(family__school=school).values_list("language", flat=True)) >= (
            DEMO_LANGUAGES
        )
    dutch_only = Family.objects.exclude(home_languages__language__in=DEMO_LANGUAGES - {"nl"}).count()
    assert 0.45 <= dutch_only / Family.objects.count() <= 0.65
    assert all(f.home_languages.filter(is_main=True).count() == 1 for f in Family.objects.all())
    # Some families are bilingual, e.g. Tarifit at home with Dutch besides.
    bilingual = {
        (f.home_languages.get(is_main=True).language, lang)
        for f in Family.objects.all()
        for lang in f.home_languages.filter(is_main=False).values_list("language", flat=True)
    }
    assert ("rif", "nl") in bilingual
    assert len(bilingual) >= 5


def test_families_guardians_and_contact_details_are_consistent(demo):
    families = Family.objects.prefetch_related("guardians", "home_languages")
    for family in families:
        guardians = list(family.guardians.all())
        assert 1 <= len(guardians) <= 2
        assert sum(g.is_main_carer for g in guardians) == 1
        main = next(lang.language for lang in family.home_languages.all() if lang.is_main)
        needs = family.dutch_proficiency in ("limited", "none")
        assert family.interpreter_needed == needs
        assert family.interpreter_language == (main if needs else "")
        assert bool(family.interpreter_arranged_by) == needs
        if needs:
            assert family.preferred_channel in ("sms", "phone", "in_person")
        assert re.fullmatch(r"06\d{8}", family.phone)
        assert re.fullmatch(r"\d{4} [A-Z]{2}", family.postcode)
        assert family.city == "Utrecht"

    # Nothing can ever reach a real family: every e-mail address is at the reserved example.org.
    emails = [e for e in Family.objects.values_list("email", flat=True) if e]
    emails += [e for e in Guardian.objects.values_list("email", flat=True) if e]
    assert emails
    assert all(e.endswith("@example.org") for e in emails)

    preferences = Counter(Family.objects.values_list("visitor_preference", flat=True))
    assert preferences["female_only"] > 0
    assert preferences["no_man_alone"] > 0
    assert preferences["none"] > 0.8 * Family.objects.count()  # a minority has a preference
    assert Family.objects.exclude(sensitivities="").exists()
    assert Family.objects.filter(interpreter_arranged_by="school").exists()
    assert Family.objects.filter(interpreter_arranged_by="family").exists()


def test_pupils_ages_siblings_and_new_entrants(demo):
    reference = DemoDates(timezone.localdate()).age_reference_day  # 1 October of the current school year
    for pupil in Pupil.objects.select_related("group", "school"):
        born = pupil.date_of_birth
        age = reference.year - born.year - ((reference.month, reference.day) < (born.month, born.day))
        expected = 12 if pupil.school.brin == "34CD" else pupil.group.grade + 3
        assert age == expected, pupil
        assert pupil.entry_date > born
        assert pupil.family.school_id == pupil.school_id
        if pupil.is_new_entrant:
            assert pupil.group.grade >= 2
    primary = Pupil.objects.filter(school__brin="12AB")
    assert primary.filter(is_new_entrant=True).count() >= 3
    assert len(set(primary.values_list("external_id", flat=True))) == primary.count()
    assert all(re.fullmatch(r"R\d{6}", x) for x in primary.values_list("external_id", flat=True))

    sibling_families = [f for f in Family.objects.filter(school__brin="12AB") if f.pupils.count() >= 2]
    assert len(sibling_families) >= 10
    assert any(f.pupils.count() == 3 for f in sibling_families)
    for family in sibling_families:
        grades = [p.group.grade for p in family.pupils.all()]
        assert len(set(grades)) == len(grades)  # siblings are in different groups


def test_staff_every_group_has_a_mentor_and_interpreters_are_set_up(demo):
    for group in Group.objects.all():
        assert group.group_teachers.filter(kind="mentor").count() == 1, group
    primary = School.objects.get(brin="12AB")
    for role in (Role.DIRECTIE, Role.CARE_COORDINATOR, Role.ADMINISTRATOR):
        assert Membership.objects.filter(school__brin="34CD", role=role).exists()
    interpreters = Interpreter.objects.filter(school=primary)
    with_login = interpreters.exclude(user=None)
    assert with_login.count() == 2
    assert {tuple(i.languages) for i in with_login} == {("rif", "ary"), ("tr",)}
    assert all(Membership.objects.filter(user=i.user, school=primary, role=Role.INTERPRETER) for i in with_login)
    assert interpreters.filter(user=None).count() == 2
    assert all(code in DEMO_LANGUAGES for i in Interpreter.objects.all() for code in i.languages)
    assert 20 <= demo["users"] <= 40


def test_every_demo_login_authenticates_with_its_documented_role(demo):
    assert [email for email, _ in DEMO_LOGINS] == list(EXPECTED_LOGINS)
    assert all(description for _, description in DEMO_LOGINS)
    primary = School.objects.get(brin="12AB")
    for email, role in EXPECTED_LOGINS.items():
        user = authenticate(request=RequestFactory().post("/"), username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.email == email
        assert Membership.objects.filter(user=user, school=primary, role=role).exists(), email

    teacher = User.objects.get(email="leerkracht@demo.test")
    assert list(teacher.group_links.values_list("group__name", "kind")) == [("Groep 3", "mentor")]
    assert Interpreter.objects.get(user__email="tolk@demo.test").languages == ["rif", "ary"]
    board_member = User.objects.get(email="bestuur@demo.test")
    assert set(board_member.memberships.values_list("school__brin", "role")) == {
        ("12AB", Role.DIRECTIE),
        ("34CD", Role.DIRECTIE),
    }
    # Generated colleagues share the password.
    other = User.objects.filter(email__endswith="@regenboog.demo.test").first()
    assert authenticate(request=RequestFactory().post("/"), username=other.email, password=DEMO_PASSWORD)


def test_a_second_run_changes_nothing_and_a_fresh_run_is_identical(demo):
    first = snapshot()
    pupils = sorted(Pupil.objects.values_list("external_id", "first_name", "last_name"))

    assert build_demo() == demo  # idempotent: same totals ...
    assert snapshot() == first  # ... and the very same rows

    # Deterministic: wipe it all and build again from scratch (visits first: they hold their interpreter).
    Visit.objects.all().delete()
    School.objects.all().delete()
    User.objects.all().delete()
    Board.objects.all().delete()
    assert build_demo() == demo
    assert sorted(Pupil.objects.values_list("external_id", "first_name", "last_name")) == pupils
    assert snapshot() == first


def test_scale_three_builds_three_primary_schools_without_collisions():
    counts = build_demo(scale=3)
    primaries = School.objects.filter(school_type="primary").order_by("brin")
    assert [s.name for s in primaries] == [
        "Basisschool De Regenboog",
        "Basisschool De Regenboog 2",
        "Basisschool De Regenboog 3",
    ]
    assert len({s.brin for s in primaries}) == 3
    assert "34CD" not in {s.brin for s in primaries}
    assert School.objects.filter(school_type="secondary").count() == 1
    assert counts["schools"] == 4
    for school in primaries:
        if school.brin == "12AB":
            assert 190 <= school.pupils.count() <= 210
        else:  # the benchmark copies are large schools: three groups per year
            assert 570 <= school.pupils.count() <= 630
            assert Group.objects.filter(school=school).count() == 24
            assert Group.objects.filter(school=school, name="Groep 3b").exists()
        staff = User.objects.filter(memberships__school=school).exclude(email="bestuur@demo.test")
        # Each copy has its own staff: nobody but the board member works at two schools.
        assert all(u.memberships.values("school").distinct().count() == 1 for u in staff)
        assert Membership.objects.filter(school=school, role=Role.DIRECTIE).exists()
    emails = list(User.objects.values_list("email", flat=True))
    assert len(emails) == len({e.lower() for e in emails}) == counts["users"]
    # The copies are not clones: their pupils have other names.
    names = [sorted(Pupil.objects.filter(school=s).values_list("first_name", "last_name")) for s in primaries]
    assert names[0] != names[1] != names[2]

    # The same scale again adds nothing.
    assert build_demo(scale=3) == counts


def test_the_benchmark_copies_have_a_season_under_way_for_every_family():
    from visits.models import CareCase, ContactAttempt, Report, Visit, VisitPupil

    build_demo(scale=2)
    copy = School.objects.get(name="Basisschool De Regenboog 2")
    pupils = Pupil.objects.filter(school=copy)
    # Every pupil is on exactly one visit this year; siblings share theirs.
    assert VisitPupil.objects.filter(pupil__school=copy).count() == pupils.count()
    assert Visit.objects.filter(school=copy).count() == Family.objects.filter(school=copy).count()
    statuses = Counter(Visit.objects.filter(school=copy).values_list("status", flat=True))
    assert set(statuses) == set(Visit.Status.values)
    reports = Report.objects.filter(school=copy)
    assert reports.count() == statuses["reported"]
    assert all(r.minutes_total >= 65 for r in reports)
    assert CareCase.objects.filter(school=copy).count() == reports.filter(flagged=True).count() > 0
    unreachable = Visit.objects.filter(school=copy, status="unreachable")
    assert all(v.contact_attempts.count() >= 3 for v in unreachable)
    assert not ContactAttempt.objects.filter(visit__in=unreachable, outcome="reached").exists()
    declined = Visit.objects.filter(school=copy, status__in=["declined", "invited_at_school"])
    assert all(v.decline_reason in Visit.DeclineReason.values for v in declined)
    failed = Visit.objects.filter(school=copy, status__in=["unreachable", "cancelled"])
    assert all(v.failure_reason in Visit.FailureReason.values for v in failed)
    # The demo school itself keeps its small, hand-made season.
    assert Report.objects.filter(school__brin="12AB").count() == 3


def test_command_prints_the_demo_logins_and_is_idempotent():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "Aangemaakt: Basisschool De Regenboog (12AB)" in text
    assert DEMO_PASSWORD in text
    for email, role in DEMO_LOGINS:
        assert email in text
        assert role in text
    pupils = Pupil.objects.count()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demodata is al aanwezig" in out.getvalue()
    assert all(email in out.getvalue() for email, _ in DEMO_LOGINS)
    assert Pupil.objects.count() == pupils


def test_command_refuses_a_bad_scale_and_production():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", scale=0, stdout=io.StringIO())
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="productie"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not School.objects.exists()


def test_a_foreign_school_with_a_demo_brin_is_not_touched():
    other = Board.objects.create(name="Ander bestuur")
    School.objects.create(board=other, name="Echte school", brin="12AB", school_type="primary", holiday_region="north")
    with pytest.raises(CommandError, match="12AB"):
        call_command("seed_demo", stdout=io.StringIO())
    assert list(School.objects.values_list("name", flat=True)) == ["Echte school"]
    assert not User.objects.exists()
    assert not Board.objects.filter(name=BOARD_NAME).exists()  # rolled back as a whole


def test_if_empty_leaves_a_real_schools_database_alone(db):
    from io import StringIO

    from django.core.management import call_command

    from huisbezoek.models import School
    from huisbezoek.tests.factories import SchoolFactory

    SchoolFactory(name="Echte school", brin="99ZZ")
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "al eigen scholen" in out.getvalue()
    assert list(School.objects.values_list("name", flat=True)) == ["Echte school"]


def test_the_demo_season_has_reports_and_flagged_cases_to_work_on(db):
    from demo.builder import build_demo
    from visits.models import CareCase, Consult, Report, Visit

    build_demo()
    assert Report.objects.filter(status=Report.Status.SUBMITTED).count() == 3
    cases = CareCase.objects.filter(status=CareCase.Status.OPEN)
    assert sorted(cases.values_list("urgency", flat=True)) == ["normal", "urgent"]
    assert all(case.report.flagged and case.report.flag_reason for case in cases)
    statuses = set(Visit.objects.values_list("status", flat=True))
    assert {"reported", "visited", "scheduled", "to_plan", "invited_at_school"} <= statuses
    assert Consult.objects.filter(answer__gt="").count() == 1
