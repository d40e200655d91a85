"""factory_boy factories of the visits models: groups, pupils and families, the programme, visits,
their reports and care cases."""

import datetime

import factory

from huisbezoek.tests.factories import SchoolFactory, SchoolYearFactory, UserFactory
from visits.models import (
    CareCase,
    Enrolment,
    Family,
    FamilyLanguage,
    Group,
    GroupTeacher,
    Guardian,
    Interpreter,
    Programme,
    Pupil,
    Report,
    Visit,
    VisitPupil,
)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory, school=factory.SelfAttribute("..school"))
    name = factory.Sequence(lambda n: f"Groep {n}")
    grade = 3


class GroupTeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupTeacher

    group = factory.SubFactory(GroupFactory)
    teacher = factory.SubFactory("huisbezoek.tests.factories.UserFactory")
    kind = GroupTeacher.Kind.MENTOR


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    school = factory.SubFactory(SchoolFactory)
    name = factory.Faker("last_name", locale="nl_NL")
    street = factory.Faker("street_name", locale="nl_NL")
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "1234 AB"
    city = "Utrecht"
    phone = "0612345678"


class FamilyLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyLanguage

    family = factory.SubFactory(FamilyFactory)
    language = "nl"
    is_main = True


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.SelfAttribute("family.name")
    relation = Guardian.Relation.MOTHER
    is_main_carer = True


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    family = factory.SubFactory(FamilyFactory, school=factory.SelfAttribute("..school"))
    group = factory.SubFactory(GroupFactory, school=factory.SelfAttribute("..school"))
    external_id = factory.Sequence(lambda n: f"L{n:06d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.SelfAttribute("family.name")

    @factory.post_generation
    def enrolment(pupil, create, extracted, **kwargs):
        """The pupil's enrolment in their group's school year, as the services write it."""
        if create and pupil.group_id is not None:
            Enrolment.objects.get_or_create(
                pupil=pupil, school_year_id=pupil.group.school_year_id, defaults={"group": pupil.group}
            )


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """``EnrolmentFactory(pupil=p, group=next_years_group)``: the pupil's group in another school year."""

    class Meta:
        model = Enrolment

    pupil = factory.SubFactory(PupilFactory)
    group = factory.SubFactory(GroupFactory, school=factory.SelfAttribute("..pupil.school"))
    school_year = factory.SelfAttribute("group.school_year")


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    school = factory.SubFactory(SchoolFactory)
    name = factory.Faker("name", locale="nl_NL")
    phone = "0687654321"
    languages = factory.LazyFunction(lambda: ["rif", "ary"])


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The year's programme, visiting from 26 October to 18 December 2026 (the tests' fixed period)."""

    class Meta:
        model = Programme

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory, school=factory.SelfAttribute("..school"))
    period_start = datetime.date(2026, 10, 26)
    period_end = datetime.date(2026, 12, 18)


class VisitPupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitPupil

    visit = factory.SubFactory("visits.tests.factories.VisitFactory")
    pupil = factory.SubFactory(PupilFactory)
    school_year = factory.SelfAttribute("visit.school_year")


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit to ``pupil``'s family in the school year of the pupil's group, made directly (no
    services, no transitions). ``siblings=[...]`` adds the family's other children to it.

    ``VisitFactory(pupil=p, lead_visitor=teacher, status=Visit.Status.REPORTED)``"""

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    class Params:
        pupil = factory.SubFactory(PupilFactory)

    school = factory.SelfAttribute("pupil.school")
    school_year = factory.SelfAttribute("pupil.group.school_year")
    family = factory.SelfAttribute("pupil.family")
    lead_visitor = factory.SubFactory(UserFactory)
    status = Visit.Status.TO_PLAN
    first_link = factory.RelatedFactory(
        VisitPupilFactory,
        factory_related_name="visit",
        pupil=factory.SelfAttribute("..pupil"),
        school_year=factory.SelfAttribute("..school_year"),
    )

    @factory.post_generation
    def siblings(visit, create, extracted, **kwargs):
        for sibling in extracted or ():
            VisitPupilFactory(visit=visit, pupil=sibling, school_year=visit.school_year)


class ReportFactory(factory.django.DjangoModelFactory):
    """A submitted report of a reported visit, written by the visit's lead visitor.

    ``ReportFactory(visit=v, flagged_for_care=True)`` flags it urgent for the care coordinator."""

    class Meta:
        model = Report

    class Params:
        flagged_for_care = factory.Trait(
            flagged=True, flag_urgency=Report.Urgency.URGENT, flag_reason="Blauwe plekken op de armen."
        )

    visit = factory.SubFactory(VisitFactory, status=Visit.Status.REPORTED)
    school = factory.SelfAttribute("visit.school")
    author = factory.SelfAttribute("visit.lead_visitor")
    status = Report.Status.SUBMITTED


class CareCaseFactory(factory.django.DjangoModelFactory):
    """An open care case about the first pupil of a flagged report's visit, opened by its author."""

    class Meta:
        model = CareCase

    report = factory.SubFactory(ReportFactory, flagged_for_care=True)
    pupil = factory.LazyAttribute(lambda case: case.report.visit.visit_pupils.first().pupil)
    school = factory.SelfAttribute("pupil.school")
    school_year = factory.LazyAttribute(lambda case: case.report.visit.school_year)
    urgency = factory.LazyAttribute(lambda case: case.report.flag_urgency or Report.Urgency.NORMAL)
    opened_by = factory.SelfAttribute("report.author")
