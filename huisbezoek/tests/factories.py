import datetime

import factory

from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User

PASSWORD = "persona-wachtwoord-2026"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Stichting Onderwijs {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    board = factory.SubFactory(BoardFactory)
    name = factory.Sequence(lambda n: f"Basisschool De Linde {n}")
    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}{chr(65 + (n // 2600) % 26)}")
    school_type = School.Type.PRIMARY
    holiday_region = School.HolidayRegion.MIDDLE


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ["school", "label"]

    school = factory.SubFactory(SchoolFactory)
    start = datetime.date(2026, 8, 17)
    end = datetime.date(2027, 7, 16)
    label = factory.LazyAttribute(lambda o: f"{o.start.year}-{o.end.year}")
    is_trial_year = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"medewerker{n}@school.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.TEACHER
