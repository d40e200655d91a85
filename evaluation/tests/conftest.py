"""Fixtures for the evaluation tests: a fixed clock, families of the cohort with their
languages and numbers, an evaluation started by the directie, and helpers to answer."""

import datetime
import zoneinfo

import pytest
import time_machine

from evaluation import services
from visits.tests.factories import FamilyLanguageFactory, GroupFactory, GroupTeacherFactory, PupilFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 6, 14, 10, 0, tzinfo=AMS)  # end of the trial year: time to evaluate


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def families(school, group, programme):
    """Six families in the teacher's group: two Turkish (SMS), one Arabic (e-mail), three Dutch."""
    made = []
    for i, (language, phone, email, channel) in enumerate(
        [
            ("tr", "06 11111111", "", "sms"),
            ("tr", "06 22222222", "", "phone"),
            ("ar", "", "ouder3@example.org", "email"),
            ("nl", "06 33333333", "ouder4@example.org", "email"),
            ("nl", "030 1234567", "", "phone"),
            ("nl", "", "", "letter"),
        ]
    ):
        pupil = PupilFactory(school=school, group=group, first_name=f"Kind{i}")
        family = pupil.family
        family.phone, family.email, family.preferred_channel = phone, email, channel
        family.save()
        FamilyLanguageFactory(family=family, language=language, is_main=True)
        made.append(family)
    return made


@pytest.fixture
def second_group(school, school_year, colleague):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 5b", grade=5)
    GroupTeacherFactory(group=group, teacher=colleague)
    for i in range(3):
        PupilFactory(school=school, group=group, first_name=f"Leerling{i}")
    return group


@pytest.fixture
def evaluation(school, school_year, directie, programme):
    return services.evaluation_start(school=school, school_year=school_year, by=directie)
