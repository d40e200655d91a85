import factory

from huisbezoek.tests.factories import SchoolFactory, SchoolYearFactory
from visits.models import Family, FamilyLanguage, Group, GroupTeacher, Guardian, Interpreter, Pupil


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

    school = factory.SubFactory(SchoolFactory)
    family = factory.SubFactory(FamilyFactory, school=factory.SelfAttribute("..school"))
    group = factory.SubFactory(GroupFactory, school=factory.SelfAttribute("..school"))
    external_id = factory.Sequence(lambda n: f"L{n:06d}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.SelfAttribute("family.name")


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    school = factory.SubFactory(SchoolFactory)
    name = factory.Faker("name", locale="nl_NL")
    phone = "0687654321"
    languages = factory.LazyFunction(lambda: ["rif", "ary"])
