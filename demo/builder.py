"""A realistic, deterministic demo: the board "Stichting Samen Leren" and its schools.

``build_demo()`` (what ``manage.py seed_demo`` runs) creates

* "Basisschool De Regenboog" (BRIN 12AB): groups 1-8 with 200 pupils, their families,
  a mentor per group, two duo colleagues, directie, care coordinator, administrator, two
  interpreters / parent contact persons with a log-in and two interpreters without one;
* "Het Baken College" (BRIN 34CD): a brugklas of 120 pupils in 1A-1E, a mentor per class,
  two subject teachers, directie, care coordinator, administrator;
* one board member with the directie role at both schools (to demo the school switch).

``scale=N`` adds copies "Basisschool De Regenboog 2" … "N" (own BRIN, own staff, own pupils)
for benchmarks; the secondary school is made once.

Never stale: every date follows from one anchor, the day it runs (``timezone.localdate()``,
see ``DemoDates``): the current school year is the one containing that day (1 August - 31 July),
the visit period began five weeks before it and ends six weeks after it, visits before it are
reported and visits in the weeks after it are planned, so ``make run`` on any day shows a school
in the middle of its visit season. In the teacher persona's Groep 3 a family wishes a female
visitor only, one no man alone, one needs the school's interpreter and one brings its own, and
the staff have genders (male colleagues among them), so every planner rule can be tried.
Families can choose their own time: every family has a place on the map (spread around the
school, ``location_source`` "geocoded"), and the teachers and the interpreters with a log-in have
evenings free (``AvailabilityWindow``, 17:30-20:30, three or four weekdays a week) from today to
the end of the visit period, school holidays skipped.

Deterministic: every random choice comes from ``random.Random`` seeded per school and per
purpose, never from the global generator, so the same call on the same day always yields the
same names, numbers and counts; on another day the same people, with their dates moved.
Only timestamps (``date_joined``, ``created``) differ between runs.

Idempotent: a school whose BRIN already exists is left as it is; a second run changes nothing,
and ``scale=3`` after a plain run adds only the missing copies.

Safe to show: family and guardian e-mail addresses are all at example.org, a domain reserved
for examples (RFC 2606), so nothing can reach a real family. Staff log in with the one
documented demo password, which is why the command refuses to run in production.
"""

from __future__ import annotations

import datetime
import math
import random
import time
import unicodedata
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import pairwise
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User
from visits.models import (
    DEFAULT_AGENDA,
    AvailabilityWindow,
    CareCase,
    Consult,
    ContactAttempt,
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
    VisitTransition,
)
from visits.selectors import school_holiday

DEMO_PASSWORD = "huisbezoek-demo"  # noqa: S105 - the documented password of the demo accounts
BOARD_NAME = "Stichting Samen Leren"
DOMAIN = "demo.test"
MAX_SCALE = 100

PRIMARY_NAME = "Basisschool De Regenboog"
PRIMARY_BRIN = "12AB"
SECONDARY_NAME = "Het Baken College"
SECONDARY_BRIN = "34CD"

# (email, role in Dutch) of the documented log-ins; all use DEMO_PASSWORD.
DEMO_LOGINS: list[tuple[str, str]] = [
    (f"leerkracht@{DOMAIN}", "Leerkracht, mentor van Groep 3 (De Regenboog)"),
    (f"directie@{DOMAIN}", "Directie (De Regenboog)"),
    (f"zorg@{DOMAIN}", "Zorgcoördinator (De Regenboog)"),
    (f"beheer@{DOMAIN}", "Beheerder (De Regenboog)"),
    (f"tolk@{DOMAIN}", "Tolk / oudercontactpersoon Tarifit en Marokkaans-Arabisch (De Regenboog)"),
    (f"bestuur@{DOMAIN}", "Directie van beide scholen (De Regenboog en Het Baken College)"),
]

CITY = "Utrecht"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
HOLIDAY_REGION = School.HolidayRegion.MIDDLE
PERIOD_BEFORE = datetime.timedelta(weeks=5)  # the visit period began this long before the demo's day ...
PERIOD_AFTER = datetime.timedelta(weeks=6)  # ... and runs this long after it (past a summer holiday)

# Where the families live: around the primary school in Zuilen/Ondiep/Overvecht, and across the
# city for the secondary school (centre, radius in km). Placed on a sunflower spiral by the
# family's index, so no random draw is added and the same family always lies at the same place.
PRIMARY_AREA = (52.1040, 5.1010, 2.0)
SECONDARY_AREA = (52.0907, 5.1214, 3.5)
GOLDEN_ANGLE = 2.399963229728653  # radians
# When the teachers and the interpreters with a log-in can visit, from today to the end of the
# visit period (school holidays skipped): weekday numbers (Monday 0) and the hours.
TEACHER_EVENINGS = (0, 1, 3)
INTERPRETER_EVENINGS = (0, 1, 2, 3)
AVAILABLE_FROM, AVAILABLE_UNTIL = datetime.time(17, 30), datetime.time(20, 30)

PRIMARY_GROUP_SIZES = (24, 26, 25, 27, 23, 25, 26, 24)  # groups 1-8: 200 pupils
COPY_STREAMS = "abc"  # the copies of scale=N have three groups per year: 600 pupils each
SECONDARY_CLASS_SIZES = (24, 25, 23, 24, 24)  # 1A-1E: 120 pupils


# --- Names per language background ------------------------------------------------------


# Home languages of families of whom the demo lets about half keep Ramadan.
RAMADAN_LANGUAGES = frozenset({"ar", "ary", "rif", "so", "tr"})


@dataclass(frozen=True)
class Background:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    men: tuple[str, ...]
    women: tuple[str, ...]
    surnames: tuple[str, ...]
    patronymic: bool = False  # children carry their father's first name as last name
    mother_keeps_name: float = 0.0  # chance that the mother is registered under her own name
    gendered_surnames: bool = False  # Polish: Kowalski / Kowalska
    single_parent: float = 0.15  # chance of one guardian
    other_languages: tuple[tuple[str, float], ...] = ()  # (code, chance) besides the main language
    proficiency: tuple[int, int, int, int] = (100, 0, 0, 0)  # weights good / basic / limited / none


MOROCCAN_SURNAMES = (
    "El Amrani", "Benali", "Bouzid", "El Idrissi", "Ouali", "Boukhari", "Tahiri", "Bakkali",
    "Ziani", "El Hamdaoui", "Chaouch", "Lahlou", "Belhaj", "El Ouazzani", "Marzouki", "Haddou",
)  # fmt: skip

BACKGROUNDS: dict[str, Background] = {
    "nl": Background(
        boys=("Daan", "Sem", "Finn", "Lucas", "Levi", "Milan", "Bram", "Thijs", "Jesse", "Luuk", "Noah", "Sven",
              "Ruben", "Tijn", "Gijs", "Jens", "Stijn", "Max", "Julian", "Teun", "Mees", "Olivier"),
        girls=("Emma", "Julia", "Tess", "Sophie", "Zoë", "Mila", "Sara", "Noor", "Fenna", "Evi", "Lotte",
               "Saar", "Anna", "Lieke", "Roos", "Isa", "Fleur", "Nina", "Femke", "Yara", "Jasmijn", "Liv"),
        men=("Jeroen", "Martijn", "Dennis", "Mark", "Bas", "Joost", "Niels", "Sander", "Erik", "Wouter",
             "Remco", "Thomas", "Rick", "Vincent", "Arjen", "Pieter"),
        women=("Linda", "Sanne", "Marloes", "Esther", "Anouk", "Kim", "Mirjam", "Ilse", "Judith", "Eline",
               "Maaike", "Charlotte", "Nicole", "Daphne", "Iris", "Renske"),
        surnames=("de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
                  "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "van Leeuwen",
                  "Brouwer", "de Wit", "Dijkstra", "de Graaf", "van der Meer", "van den Berg", "Kok",
                  "Jacobs", "Vermeulen", "van der Linden", "Willems", "Schouten", "van Beek", "Verhoeven",
                  "Koster", "Prins", "Post", "Kuipers", "Huisman", "Veenstra", "Hoekstra", "van Wijk",
                  "Timmermans"),
        mother_keeps_name=0.5,
        single_parent=0.18,
    ),
    "ary": Background(
        boys=("Mohamed", "Youssef", "Ayoub", "Bilal", "Adam", "Imran", "Zakaria", "Hamza", "Amine", "Ilyas",
              "Anas", "Rayan"),
        girls=("Yasmina", "Salma", "Nour", "Amira", "Aya", "Hiba", "Malak", "Sara", "Lina", "Khadija",
               "Meryem", "Douae"),
        men=("Mohamed", "Rachid", "Khalid", "Youssef", "Abdellah", "Said", "Hicham", "Mustapha", "Karim",
             "Aziz"),
        women=("Fatiha", "Khadija", "Nadia", "Samira", "Hayat", "Zineb", "Fatima Zahra", "Saida", "Loubna",
               "Asmae"),
        surnames=MOROCCAN_SURNAMES,
        mother_keeps_name=0.9,
        single_parent=0.12,
        other_languages=(("nl", 0.4),),
        proficiency=(25, 35, 28, 12),
    ),
    "rif": Background(
        boys=("Anir", "Massin", "Yuba", "Ilias", "Ayoub", "Mohamed", "Nordin", "Soufiane", "Redouan", "Amir",
              "Yassin", "Ismail"),
        girls=("Tiziri", "Dihya", "Nora", "Ikram", "Souad", "Ilham", "Hafsa", "Anissa", "Thanina", "Nisrin",
               "Siham", "Kawtar"),
        men=("Mohamed", "Abdelkader", "Mimoun", "Ahmed", "Mustapha", "Hassan", "Driss", "Abdelaziz", "Jamal",
             "Ali"),
        women=("Fatima", "Rachida", "Naima", "Malika", "Hanane", "Karima", "Latifa", "Touria", "Hakima",
               "Mina"),
        surnames=("Azzouzi", "El Khattabi", "Boutaher", "Aharrouch", "Ajouaou", "Bouchikhi", "El Ouahabi",
                  "Amajoud", "Akouh", "Abarkan", "Ayoubi", "Boudouh", "Harrach", "El Yassini", "Aznag",
                  "Mouhssine"),
        mother_keeps_name=0.9,
        single_parent=0.12,
        other_languages=(("nl", 0.45), ("ary", 0.25)),
        proficiency=(25, 35, 28, 12),
    ),
    "tr": Background(
        boys=("Emre", "Yusuf", "Kerem", "Burak", "Eren", "Arda", "Ömer", "Efe", "Mert", "Alperen", "Kaan",
              "Berat"),
        girls=("Elif", "Zeynep", "Esra", "Merve", "Defne", "Ecrin", "Büşra", "Eylül", "Azra", "Nisa", "Ela",
               "Hiranur"),
        men=("Mehmet", "Ahmet", "Mustafa", "Hüseyin", "Hasan", "İbrahim", "Murat", "Osman", "Serkan", "Kemal"),
        women=("Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Gülsen", "Sevgi", "Hülya", "Songül", "Derya"),
        surnames=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan",
                  "Koç", "Kurt", "Özdemir", "Polat"),
        mother_keeps_name=0.2,
        single_parent=0.1,
        other_languages=(("nl", 0.45),),
        proficiency=(30, 35, 25, 10),
    ),
    "pl": Background(
        boys=("Jakub", "Kacper", "Szymon", "Filip", "Antoni", "Jan", "Franciszek", "Aleksander", "Mikołaj",
              "Wojciech"),
        girls=("Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Lena", "Alicja", "Oliwia", "Amelia", "Pola"),
        men=("Piotr", "Tomasz", "Paweł", "Marcin", "Krzysztof", "Łukasz", "Michał", "Grzegorz"),
        women=("Anna", "Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Monika", "Ewa", "Małgorzata"),
        surnames=("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
                  "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Mazur", "Jankowski", "Kaczmarek"),
        mother_keeps_name=0.1,
        gendered_surnames=True,
        single_parent=0.2,
        other_languages=(("nl", 0.2), ("en", 0.15)),
        proficiency=(10, 35, 40, 15),
    ),
    "uk": Background(
        boys=("Maksym", "Artem", "Bohdan", "Matvii", "Denys", "Nazar", "Mykyta", "Ivan", "Oleksii", "Taras"),
        girls=("Sofiia", "Anastasiia", "Daryna", "Viktoriia", "Zlata", "Mariia", "Polina", "Veronika",
               "Kateryna", "Anna"),
        men=("Oleksandr", "Andrii", "Serhii", "Volodymyr", "Dmytro", "Yurii", "Ihor", "Vasyl"),
        women=("Olena", "Iryna", "Nataliia", "Oksana", "Tetiana", "Svitlana", "Yuliia", "Liudmyla"),
        surnames=("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Oliinyk",
                  "Kovalchuk", "Polishchuk", "Savchenko", "Rudenko", "Marchenko", "Boiko", "Moroz"),
        mother_keeps_name=0.1,
        single_parent=0.55,
        other_languages=(("ru", 0.25), ("en", 0.2), ("nl", 0.05)),
        proficiency=(5, 20, 45, 30),
    ),
    "so": Background(
        boys=("Abdirahman", "Mohamed", "Ahmed", "Yusuf", "Ismail", "Abdullahi", "Hamza", "Ayub", "Khalid",
              "Liban"),
        girls=("Hodan", "Faadumo", "Amina", "Hibo", "Sahra", "Ifrah", "Nasra", "Ayaan", "Ubah", "Deeqa"),
        men=("Abdi", "Hassan", "Omar", "Ali", "Farah", "Warsame", "Abdullahi", "Mohamud", "Jama", "Osman"),
        women=("Khadra", "Hamdi", "Fadumo", "Halima", "Asha", "Maryan", "Sagal", "Shukri"),
        surnames=(),
        patronymic=True,
        single_parent=0.3,
        other_languages=(("nl", 0.35), ("en", 0.1)),
        proficiency=(15, 30, 35, 20),
    ),
    "ti": Background(
        boys=("Yonas", "Dawit", "Filmon", "Merhawi", "Biniam", "Samuel", "Robel", "Natnael", "Aman", "Henok"),
        girls=("Selam", "Saba", "Rahwa", "Winta", "Luwam", "Semhar", "Feven", "Eden", "Yordanos", "Ruta"),
        men=("Tesfay", "Kidane", "Semere", "Haile", "Tekle", "Mehari", "Ghebre", "Yemane", "Habte", "Berhane"),
        women=("Senait", "Helen", "Hiwet", "Mebrat", "Tsega", "Almaz", "Azieb", "Letekidan"),
        surnames=(),
        patronymic=True,
        single_parent=0.3,
        other_languages=(("nl", 0.25),),
        proficiency=(5, 25, 40, 30),
    ),
    "en": Background(
        boys=("Oliver", "Jack", "Harry", "George", "Noah", "James", "Thomas", "Liam", "Ethan", "Arjun"),
        girls=("Olivia", "Amelia", "Isla", "Emily", "Grace", "Sophie", "Charlotte", "Chloe", "Priya", "Ava"),
        men=("David", "Michael", "Richard", "Andrew", "Daniel", "Christopher", "Rahul", "Patrick"),
        women=("Sarah", "Emma", "Rachel", "Laura", "Hannah", "Claire", "Anjali", "Rebecca"),
        surnames=("Smith", "Taylor", "Brown", "Williams", "Wilson", "Walker", "Wright", "Robinson", "Thompson",
                  "O'Connor", "Murphy", "Sharma"),
        mother_keeps_name=0.2,
        other_languages=(("nl", 0.3),),
        proficiency=(15, 40, 35, 10),
    ),
    "aii": Background(
        boys=("Sargon", "Ashur", "Ninos", "Gabriel", "Elias", "Daniel", "Aram", "Ninib", "Yakub", "Simon"),
        girls=("Shamiram", "Ninve", "Maryam", "Nahrin", "Rebecca", "Martha", "Sabrina", "Ishtar", "Lina", "Aida"),
        men=("Yakub", "Gabriel", "Aziz", "Ilyas", "Bahdi", "Melke", "Isa", "Danho", "Fehmi", "Yusuf"),
        women=("Sara", "Maryam", "Hanna", "Shamiram", "Layla", "Samira", "Bahar", "Helena"),
        # Assyrian families from Tur Abdin often carry Turkish-looking surnames: the reason to
        # record the language, not guess it from the name.
        surnames=("Barsom", "Shabo", "Ego", "Aho", "Tuma", "Gabriel", "Keco", "Akyol", "Aydin", "Dere",
                  "Yaramis", "Ishak"),
        mother_keeps_name=0.2,
        single_parent=0.1,
        other_languages=(("nl", 0.45), ("tr", 0.3)),
        proficiency=(35, 35, 20, 10),
    ),
}  # fmt: skip

# Main home language of a family, per mille: 55 % Dutch only, the rest spread out.
MAIN_LANGUAGE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("nl", 550), ("ary", 100), ("rif", 80), ("tr", 90), ("pl", 50),
    ("uk", 40), ("so", 25), ("ti", 25), ("en", 20), ("aii", 20),
)  # fmt: skip

CHANNEL_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    # Limited Dutch: a short personal message, a call or a word at the school gate; no e-mail or letter.
    Family.DutchProficiency.GOOD: (("email", 45), ("phone", 35), ("sms", 15), ("letter", 5)),
    Family.DutchProficiency.BASIC: (("phone", 45), ("sms", 40), ("in_person", 10), ("email", 5)),
    Family.DutchProficiency.LIMITED: (("sms", 50), ("phone", 20), ("in_person", 30)),
    Family.DutchProficiency.NONE: (("sms", 40), ("phone", 15), ("in_person", 45)),
}
EMAIL_CHANCE = {"good": 0.75, "basic": 0.35, "limited": 0.1, "none": 0.0}

SENSITIVITIES = (
    "Vader werkt in ploegendienst; liefst na 19.00 uur bellen.",
    "Moeder werkt tot 17.30 uur; afspraken liefst na 18.00 uur.",
    "Er is een hond in huis; graag even melden wanneer u komt.",
    "Woont op de 4e verdieping; de lift is vaak buiten gebruik.",
    "Jongste kind slaapt vanaf 19.00 uur; graag zacht aankloppen.",
    "Liever bellen of even aanspreken bij het schoolhek dan een brief.",
    "Oma woont in en is meestal bij het gesprek.",
    "Op woensdagmiddag niet thuis.",
    "Bel aan bij de zijdeur; de voordeurbel werkt niet.",
)
TWO_PARENT_SENSITIVITY = "Ouders wonen apart; graag beide ouders uitnodigen."

# Streets with their postcode digits: near the primary school (Zuilen, Ondiep, Overvecht) ...
NEARBY_STREETS = (
    ("Amsterdamsestraatweg", "3551"), ("Prinses Margrietstraat", "3554"), ("Burgemeester Norbruislaan", "3554"),
    ("Julianaweg", "3553"), ("Marnixlaan", "3552"), ("Ondiep", "3552"), ("Kaatstraat", "3552"),
    ("Cartesiusweg", "3534"), ("Gambiadreef", "3564"), ("Zambesidreef", "3564"), ("Tigrisdreef", "3562"),
    ("Wolgadreef", "3562"), ("Donaudreef", "3564"), ("Vechtdreef", "3563"), ("Bernadottelaan", "3527"),
)  # fmt: skip
# ... and across the city for the secondary school.
CITY_STREETS = (
    *NEARBY_STREETS,
    ("Marshalllaan", "3527"), ("Churchilllaan", "3527"), ("Trumanlaan", "3527"), ("Kanaalstraat", "3531"),
    ("Damstraat", "3531"), ("Vleutenseweg", "3532"), ("Biltstraat", "3572"), ("Adelaarstraat", "3514"),
    ("Hoograven", "3525"), ("Smaragdplein", "3523"), ("Columbuslaan", "3526"), ("Vasco da Gamalaan", "3526"),
)  # fmt: skip
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # Dutch postcodes skip F, I, O, Q, U and Y

STAFF_WOMEN = (
    "Annemiek", "Marieke", "Karin", "Sandra", "Ingrid", "Wendy", "Miriam", "Petra", "Hanneke", "Laura",
    "Karima", "Esra", "Joyce", "Nienke", "Sophie", "Monique", "Jolanda", "Anke",
)  # fmt: skip
STAFF_MEN = ("Jan", "Kees", "Rob", "Hans", "Mehmet", "Youssef", "Gerard", "Tom", "Frank", "Ruud", "Erwin", "Marco")
STAFF_SURNAMES = (
    "de Vries", "van Dam", "Hermans", "Verbeek", "Kramer", "van Rijn", "Scholten", "Blom", "Maas", "Pronk",
    "de Haan", "Molenaar", "van Vliet", "Boerma", "Zijlstra", "Brinkman", "El Ouali", "Kılıç", "Veldman",
    "Sedney", "Groen", "van Os", "Lambers", "Roelofs",
)  # fmt: skip


# --- The calendar: every date of the demo follows from the day it is built -----------------


@dataclass(frozen=True)
class DemoDates:
    """The one anchor of every date in the demo: ``today``, the day ``seed_demo`` runs.

    The school year runs from 1 August to 31 July (the one containing ``today`` is the current
    year); the visit period began five weeks before ``today`` and ends six weeks after it, both
    inside the school year, so the demo is always in the middle of its visit season. Visits lie on
    school days (weekdays outside the region's school holidays): reported ones in the weeks
    before ``today``, planned ones in the weeks after it."""

    today: datetime.date

    @property
    def first_year(self) -> int:
        return self.today.year if self.today.month >= 8 else self.today.year - 1

    @property
    def year(self) -> tuple[str, datetime.date, datetime.date]:
        first = self.first_year
        return f"{first}-{first + 1}", datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31)

    @property
    def previous_year(self) -> tuple[str, datetime.date, datetime.date]:
        first = self.first_year - 1
        return f"{first}-{first + 1}", datetime.date(first, 8, 1), datetime.date(first + 1, 7, 31)

    @property
    def first_school_day(self) -> datetime.date:
        """The first Monday on or after 29 August: pupils start the year in the week it begins."""
        day = datetime.date(self.first_year, 8, 29)
        return day + datetime.timedelta(days=-day.weekday() % 7)

    @property
    def age_reference_day(self) -> datetime.date:
        """Group g is aged g + 3 on this day (1 October); the brugklas 12."""
        return datetime.date(self.first_year, 10, 1)

    @property
    def visit_period(self) -> tuple[datetime.date, datetime.date]:
        _, start, end = self.year
        return max(start, self.today - PERIOD_BEFORE), min(end, self.today + PERIOD_AFTER)

    def school_day(self, days: int) -> datetime.date:
        """The school day ``days`` from today: on or before it when ``days`` < 0, else on or after it
        (weekends and the region's school holidays skipped)."""
        step = datetime.timedelta(days=-1 if days < 0 else 1)
        day = self.today + datetime.timedelta(days=days)
        for _ in range(120):  # a summer holiday is at most seven weeks
            if day.weekday() < 5 and not school_holiday(day, HOLIDAY_REGION):
                break
            day += step
        return day

    def evening(self, days: int, hour: int, minute: int = 0) -> datetime.datetime:
        """A visit's start on the school day ``days`` from today (see ``school_day``)."""
        return self.at(self.school_day(days), hour, minute)

    def moment(self, days: int, hour: int, minute: int = 0) -> datetime.datetime:
        """``days`` from today at that hour, whatever the day (a phone call, an answer)."""
        return self.at(self.today + datetime.timedelta(days=days), hour, minute)

    @staticmethod
    def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=AMSTERDAM)


# --- The plan: plain data, built before anything touches the database --------------------


@dataclass
class StaffPlan:
    email: str
    first_name: str
    last_name: str
    roles: list[str]
    mentor_of: list[str] = field(default_factory=list)
    teaches: list[str] = field(default_factory=list)
    interpreter_languages: list[str] = field(default_factory=list)
    phone: str = ""
    gender: str = ""


@dataclass
class InterpreterPlan:
    name: str
    languages: list[str]
    phone: str
    email: str = ""
    is_parent_contact: bool = False
    user_email: str = ""  # when the interpreter logs in


@dataclass
class ChildPlan:
    group: str
    grade: int
    first_name: str = ""
    last_name: str = ""
    date_of_birth: datetime.date | None = None
    entry_date: datetime.date | None = None
    is_new_entrant: bool = False
    external_id: str = ""


@dataclass
class GuardianPlan:
    first_name: str
    last_name: str
    relation: str
    phone: str = ""
    email: str = ""
    is_main_carer: bool = False


@dataclass
class FamilyPlan:
    children: list[ChildPlan]
    main_language: str = "nl"
    other_languages: list[str] = field(default_factory=list)
    name: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    dutch_proficiency: str = Family.DutchProficiency.GOOD
    preferred_channel: str = Family.Channel.PHONE
    visitor_preference: str = Family.VisitorPreference.NONE
    interpreter_needed: bool = False
    interpreter_language: str = ""
    interpreter_arranged_by: str = ""
    sensitivities: str = ""
    guardians: list[GuardianPlan] = field(default_factory=list)


@dataclass
class SchoolPlan:
    name: str
    brin: str
    school_type: str
    short: str  # for e-mail domains
    phone: str
    is_trial_year: bool
    groups: list[tuple[str, int]]  # (name, grade)
    staff: list[StaffPlan]
    interpreters: list[InterpreterPlan]
    families: list[FamilyPlan]


def _rng(label: str) -> random.Random:
    """A generator of its own per school and purpose (string seeds are hashed with SHA-512: stable)."""
    return random.Random(f"huisbezoek-demo/{label}")  # noqa: S311 - demo data, not security


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ø": "o"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, month=3, day=1)


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


class _Unique:
    """Phone numbers, e-mail addresses and addresses that must not repeat within a school."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def mobile(self) -> str:
        while True:
            number = f"06{self.rng.choice('12345')}{self.rng.randrange(10**7):07d}"
            if number not in self.seen:
                self.seen.add(number)
                return number

    def email(self, first: str, last: str) -> str:
        first, last = _ascii(first), _ascii(last)
        local = self.rng.choice((f"{first}.{last}", f"{first}{last}", f"{first[0]}.{last}", f"{first}_{last}"))
        candidate, n = local, 1
        while f"{candidate}@example.org" in self.seen:
            n += 1
            candidate = f"{local}{n}"
        self.seen.add(f"{candidate}@example.org")
        return f"{candidate}@example.org"

    def address(self, streets: tuple[tuple[str, str], ...]) -> tuple[str, str, str]:
        while True:
            street, digits = self.rng.choice(streets)
            number = str(self.rng.randint(1, 220))
            if self.rng.random() < 0.15:
                number += self.rng.choice(("A", "B", "C", "-1", "-2", "-3"))
            if f"{street} {number}" not in self.seen:
                self.seen.add(f"{street} {number}")
                letters = self.rng.choice(POSTCODE_LETTERS) + self.rng.choice(POSTCODE_LETTERS)
                if letters in ("SA", "SD", "SS"):
                    letters = "AB"
                return street, number, f"{digits} {letters}"


# --- Staff ------------------------------------------------------------------------------


def _staff_namer(rng: random.Random, domain: str):
    """Make staff with distinct names and addresses like j.devries@regenboog.demo.test."""
    surnames = list(STAFF_SURNAMES)
    rng.shuffle(surnames)  # each surname once per school, so colleagues are not all called Sedney
    used_emails: set[str] = set()

    def make(
        roles: list[str], first: str = "", last: str = "", email: str = "", gender: str = "", **extra
    ) -> StaffPlan:
        if not (first and last):
            first = rng.choice(STAFF_WOMEN) if rng.random() < 0.7 else rng.choice(STAFF_MEN)
            last = surnames.pop() if surnames else rng.choice(STAFF_SURNAMES)
        if not email:
            local, n = f"{_ascii(first)[0]}.{_ascii(last)}", 1
            while f"{local}{n if n > 1 else ''}@{domain}" in used_emails:
                n += 1
            email = f"{local}{n if n > 1 else ''}@{domain}"
        used_emails.add(email)
        gender = gender or _gender(first)
        return StaffPlan(email=email, first_name=first, last_name=last, roles=roles, gender=gender, **extra)

    return make


def _gender(first_name: str) -> str:
    """Staff gender matters for families who want no man alone; infer it from the name lists."""
    if first_name in STAFF_WOMEN or any(first_name in bg.women for bg in BACKGROUNDS.values()):
        return User.Gender.FEMALE
    if first_name in STAFF_MEN or any(first_name in bg.men for bg in BACKGROUNDS.values()):
        return User.Gender.MALE
    return User.Gender.UNKNOWN


def _board_member() -> StaffPlan:
    return StaffPlan(f"bestuur@{DOMAIN}", "Marjolein", "Kuipers", [Role.DIRECTIE], gender=User.Gender.FEMALE)


def _primary_staff(
    copy: int, domain: str, unique: _Unique, group_names: list[str]
) -> tuple[list[StaffPlan], list[InterpreterPlan]]:
    rng = _rng(f"primary-{copy}/staff")
    make = _staff_namer(rng, domain)
    rif, tr, uk = BACKGROUNDS["rif"], BACKGROUNDS["tr"], BACKGROUNDS["uk"]
    if copy == 1:
        # The documented demo log-ins (the same personas as the test fixtures).
        mentor_3 = make([Role.TEACHER], "Fatima", "Bakker", f"leerkracht@{DOMAIN}", mentor_of=["Groep 3"])
        directie = make([Role.DIRECTIE], "Ingrid", "Smit", f"directie@{DOMAIN}")
        care = make([Role.CARE_COORDINATOR], "Samira", "Yilmaz", f"zorg@{DOMAIN}")
        admin = make([Role.ADMINISTRATOR], "Bert", "Jansen", f"beheer@{DOMAIN}", gender=User.Gender.MALE)
        tolk = make([Role.INTERPRETER], "Nadia", "Amrani", f"tolk@{DOMAIN}", interpreter_languages=["rif", "ary"])
        tolk_tr = make([Role.INTERPRETER], "Emine", "Kaya", interpreter_languages=["tr"])
        fixed = {"Groep 3": mentor_3}
    else:
        directie, care, admin = make([Role.DIRECTIE]), make([Role.CARE_COORDINATOR]), make([Role.ADMINISTRATOR])
        tolk = make(
            [Role.INTERPRETER], rng.choice(rif.women), rng.choice(rif.surnames), interpreter_languages=["rif", "ary"]
        )
        tolk_tr = make([Role.INTERPRETER], rng.choice(tr.women), rng.choice(tr.surnames), interpreter_languages=["tr"])
        fixed = {}
    staff = [fixed.get(g) or make([Role.TEACHER], mentor_of=[g]) for g in group_names]
    # Part-time duo colleagues, as is common in Dutch primary schools (in the first stream).
    stream = group_names[:: len(group_names) // 8]
    staff.append(make([Role.TEACHER], teaches=[stream[0], stream[1]]))
    staff.append(make([Role.TEACHER], teaches=[stream[4], stream[5]]))
    staff += [directie, care, admin, tolk, tolk_tr]
    if copy == 1:
        staff.append(_board_member())
    for person in staff:
        person.phone = unique.mobile()

    interpreters = [
        InterpreterPlan(
            f"{p.first_name} {p.last_name}",
            p.interpreter_languages,
            p.phone,
            p.email,
            is_parent_contact=True,
            user_email=p.email,
        )
        for p in staff
        if p.interpreter_languages
    ]
    interpreters += [  # without a log-in
        InterpreterPlan(f"{rng.choice(uk.women)} {rng.choice(uk.surnames)}", ["uk", "pl"], unique.mobile()),
        InterpreterPlan("Telefonische tolkdienst", ["so", "ti", "aii"], "030-2345678", "tolkdienst@example.org"),
    ]
    return staff, interpreters


def _secondary_staff(domain: str, unique: _Unique) -> tuple[list[StaffPlan], list[InterpreterPlan]]:
    make = _staff_namer(_rng("secondary/staff"), domain)
    classes = [f"1{letter}" for letter in "ABCDE"]
    staff = [make([Role.TEACHER], mentor_of=[name]) for name in classes]
    staff.append(make([Role.TEACHER], teaches=classes[:3]))  # Nederlands
    staff.append(make([Role.TEACHER], teaches=classes[2:]))  # wiskunde
    staff += [make([Role.DIRECTIE]), make([Role.CARE_COORDINATOR]), make([Role.ADMINISTRATOR]), _board_member()]
    for person in staff:
        person.phone = unique.mobile()
    languages = [code for code, _ in MAIN_LANGUAGE_WEIGHTS if code not in ("nl", "en")]
    return staff, [InterpreterPlan("Telefonische tolkdienst", languages, "030-2345678", "tolkdienst@example.org")]


# --- Families and pupils ----------------------------------------------------------------


def _allocate_languages(rng: random.Random, count: int) -> list[str]:
    """Main languages for ``count`` families in the set proportions, each language at least once."""
    exact = [(code, count * weight / 1000) for code, weight in MAIN_LANGUAGE_WEIGHTS]
    quota = {code: int(share) for code, share in exact}
    by_remainder = sorted(exact, key=lambda pair: pair[1] - int(pair[1]), reverse=True)
    for code, _ in by_remainder[: count - sum(quota.values())]:
        quota[code] += 1
    for code in quota:
        if quota[code] == 0:
            quota[code], quota["nl"] = 1, quota["nl"] - 1
    codes = [code for code, n in quota.items() for _ in range(n)]
    rng.shuffle(codes)
    return codes


def _birth_window(grade: int, secondary: bool, dates: DemoDates) -> tuple[datetime.date, datetime.date]:
    age = 12 if secondary else grade + 3
    ref = dates.age_reference_day
    return _add_years(ref, -(age + 1)) + datetime.timedelta(days=1), _add_years(ref, -age)


def _random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    # One draw whatever the window's length (365 or 366 days), so a leap year in the window does not
    # change every later draw: the demo's families are the same whichever day it is built.
    return first + datetime.timedelta(days=int(rng.random() * ((last - first).days + 1)))


def _plan_children(rng: random.Random, groups: list[tuple[str, int, int]], twins: int) -> list[FamilyPlan]:
    """Spread the group places over families: some with siblings in different groups."""
    capacity = {name: size for name, _, size in groups}
    grade_of = {name: grade for name, grade, _ in groups}
    families: list[FamilyPlan] = []
    for _ in range(twins):  # twins of the same year, in different classes
        names = rng.sample([n for n, c in capacity.items() if c > 0], 2)
        for name in names:
            capacity[name] -= 1
        families.append(FamilyPlan(children=[ChildPlan(name, grade_of[name]) for name in names]))
    single_grade = len({grade for _, grade, _ in groups}) == 1
    while any(capacity.values()):
        available = [name for name, left in capacity.items() if left > 0]
        size = 1 if single_grade else rng.choices((1, 2, 3), weights=(66, 24, 10))[0]
        names = rng.sample(available, min(size, len(available)))
        for name in names:
            capacity[name] -= 1
        families.append(FamilyPlan(children=[ChildPlan(name, grade_of[name]) for name in sorted(names)]))
    return families


def _plan_families(label: str, groups: list[tuple[str, int, int]], secondary: bool, unique: _Unique, dates: DemoDates):
    rng = _rng(f"{label}/families")
    streets = CITY_STREETS if secondary else NEARBY_STREETS
    families = _plan_children(rng, groups, twins=2 if secondary else 0)
    for family, main in zip(families, _allocate_languages(rng, len(families)), strict=True):
        _fill_family(rng, family, main, streets, unique, secondary, dates)
    _mark_new_entrants(rng, families, secondary, dates)
    _number_pupils(families, prefix="B" if secondary else "R", start=26001 if secondary else 1001)
    return families


def _fill_family(
    rng, family: FamilyPlan, main: str, streets, unique: _Unique, secondary: bool, dates: DemoDates
) -> None:
    bg = BACKGROUNDS[main]
    family.main_language = main
    family.other_languages = [code for code, chance in bg.other_languages if rng.random() < chance]

    # Guardians and names.
    father_first, mother_first = rng.choice(bg.men), rng.choice(bg.women)
    if bg.patronymic:
        # Somali and Eritrean children carry their father's first name as last name; parents keep their own.
        grandfathers = [name for name in bg.men if name != father_first]
        father_last, mother_last, surname = rng.choice(grandfathers), rng.choice(bg.men), father_first
    else:
        surname = father_last = rng.choice(bg.surnames)
        mother_last = rng.choice(bg.surnames) if rng.random() < bg.mother_keeps_name else surname
    if bg.gendered_surnames and mother_last.endswith("ki"):
        mother_last = mother_last[:-1] + "a"
    family.name = surname

    main_phone = unique.mobile()
    if rng.random() < bg.single_parent:
        relation = rng.choices(("mother", "father", "carer"), weights=(82, 12, 6))[0]
        if relation == "father":
            guardians = [GuardianPlan(father_first, father_last, "father")]
        elif relation == "carer":  # a grandmother who raises the children
            carer_last = rng.choice(bg.men) if bg.patronymic else surname
            guardians = [GuardianPlan(rng.choice(bg.women), carer_last, "carer")]
        else:
            guardians = [GuardianPlan(mother_first, mother_last, "mother")]
    else:
        mother = GuardianPlan(mother_first, mother_last, "mother")
        if rng.random() < 0.05:  # mother and her partner
            partner_last = rng.choice(bg.surnames) if bg.surnames else rng.choice(bg.men)
            second = GuardianPlan(rng.choice(bg.men), partner_last, "carer")
        else:
            second = GuardianPlan(father_first, father_last, "father")
        guardians = [mother, second] if rng.random() < 0.7 or second.relation == "carer" else [second, mother]
    guardians[0].is_main_carer = True
    guardians[0].phone = main_phone
    for other in guardians[1:]:
        other.phone = unique.mobile() if rng.random() < 0.75 else ""
    family.guardians = guardians
    family.phone = main_phone

    # Dutch, contact and interpreter.
    if main == "nl":
        proficiency = Family.DutchProficiency.GOOD
    else:
        weights = (45, 40, 12, 3) if "nl" in family.other_languages else bg.proficiency
        proficiency = rng.choices(("good", "basic", "limited", "none"), weights=weights)[0]
    family.dutch_proficiency = proficiency
    family.preferred_channel = _weighted(rng, CHANNEL_WEIGHTS[proficiency])
    if family.preferred_channel == "email" or rng.random() < EMAIL_CHANCE[proficiency]:
        family.email = guardians[0].email = unique.email(guardians[0].first_name, guardians[0].last_name)
    for other in guardians[1:]:
        if rng.random() < EMAIL_CHANCE[proficiency] * 0.4:
            other.email = unique.email(other.first_name, other.last_name)
    if proficiency in ("limited", "none"):
        family.interpreter_needed = True
        family.interpreter_language = main
        family.interpreter_arranged_by = "school" if rng.random() < 0.75 else "family"

    # A minority prefers a woman (or not a man alone) at the door.
    single_mother = len(guardians) == 1 and guardians[0].relation == "mother"
    roll = rng.random()
    if roll < (0.1 if single_mother else 0.03):
        family.visitor_preference = Family.VisitorPreference.FEMALE_ONLY
    elif roll < (0.35 if single_mother else 0.06):
        family.visitor_preference = Family.VisitorPreference.NO_MAN_ALONE
    if rng.random() < 0.15:
        relations = {g.relation for g in guardians}
        options = [
            text
            for text in (*SENSITIVITIES, TWO_PARENT_SENSITIVITY)
            if not (text.startswith("Vader") and "father" not in relations)
            and not (text.startswith("Moeder") and "mother" not in relations)
            and not (text == TWO_PARENT_SENSITIVITY and len(guardians) < 2)
        ]
        family.sensitivities = rng.choice(options)

    family.street, family.house_number, family.postcode = unique.address(streets)

    # Children: names, birthdays consistent with the grade, siblings at least ~10 months apart.
    taken: set[str] = set()
    for child in family.children:
        pool = bg.boys if rng.random() < 0.5 else bg.girls
        child.first_name = rng.choice([name for name in pool if name not in taken] or pool)
        taken.add(child.first_name)
        child.last_name = surname
        if bg.gendered_surnames and pool is bg.girls and surname.endswith("ki"):
            child.last_name = surname[:-1] + "a"
    for _ in range(100):
        births = [_random_day(rng, *_birth_window(child.grade, secondary, dates)) for child in family.children]
        if secondary and len(births) == 2:  # twins
            births[1] = births[0]
            break
        ordered = sorted(births)
        if all((b - a).days >= 300 for a, b in pairwise(ordered)):
            break
    first_day = dates.first_school_day
    for child, born in zip(family.children, births, strict=True):
        child.date_of_birth = born
        if secondary:
            child.entry_date = first_day
        else:
            start = _add_years(born, 4)  # Dutch children start school the day they turn four
            if start < first_day and (start.month == 8 or (start.month == 7 and start.day >= 18)):
                # A birthday in the summer holiday: the first day of the next school year.
                start = first_day if start.year == first_day.year else datetime.date(start.year, 9, 1)
            child.entry_date = _weekday_on_or_after(start)


def _mark_new_entrants(rng: random.Random, families: list[FamilyPlan], secondary: bool, dates: DemoDates) -> None:
    """Zij-instromers: a few families new to the primary school with children in groups 2-8."""
    if secondary:
        return
    eligible = [f for f in families if all(child.grade >= 2 for child in f.children)]
    for family in rng.sample(eligible, min(6, len(eligible))):
        arrived = _weekday_on_or_after(dates.first_school_day + datetime.timedelta(days=rng.randrange(0, 36)))
        for child in family.children:
            child.entry_date, child.is_new_entrant = arrived, True


def _number_pupils(families: list[FamilyPlan], prefix: str, start: int) -> None:
    """Pupil numbers in order of enrolment, as a pupil administration hands them out."""
    children = [child for family in families for child in family.children]
    children.sort(key=lambda c: (c.entry_date, c.date_of_birth, c.last_name, c.first_name, c.group))
    for number, child in enumerate(children, start=start):
        child.external_id = f"{prefix}{number:06d}"


def _showcase_every_rule(families: list[FamilyPlan], group: str) -> None:
    """Make sure the teacher persona's group has a family for every planner rule to try: a wish for
    a female visitor only and for no man alone, an interpreter the school books (in a language of
    the interpreter who logs in) and one the family brings. Chance usually gives them; this settles it."""
    mine = [f for f in families if any(child.group == group for child in f.children)]

    def free(family: FamilyPlan) -> bool:  # nothing set yet that another rule shows
        return family.visitor_preference == Family.VisitorPreference.NONE and not family.interpreter_needed

    for wish in (Family.VisitorPreference.FEMALE_ONLY, Family.VisitorPreference.NO_MAN_ALONE):
        if not any(f.visitor_preference == wish for f in mine):
            next(f for f in reversed(mine) if free(f)).visitor_preference = wish
    needing = [f for f in mine if f.interpreter_needed]
    booked = [f for f in needing if f.interpreter_arranged_by == "school" and f.interpreter_language in ("rif", "ary")]
    if not booked:
        family = next(f for f in mine if f.main_language in ("rif", "ary") and not f.interpreter_needed)
        family.dutch_proficiency, family.interpreter_needed = Family.DutchProficiency.LIMITED, True
        family.interpreter_language, family.interpreter_arranged_by = family.main_language, "school"
        if family.preferred_channel not in ("sms", "phone", "in_person"):
            family.preferred_channel = Family.Channel.SMS
        booked.append(family)
    if not any(f.interpreter_arranged_by == "family" for f in needing):
        next(f for f in needing if f not in booked).interpreter_arranged_by = "family"


def _primary_brin(copy: int) -> str:
    n = copy - 1
    return f"{(12 + n) % 100:02d}{chr(ord('A') + (n // 100) % 26)}B"  # 12AB, 13AB, … never 34CD


def plan_primary(copy: int, dates: DemoDates) -> SchoolPlan:
    short = "regenboog" if copy == 1 else f"regenboog{copy}"
    domain = f"{short}.{DOMAIN}"
    unique = _Unique(_rng(f"primary-{copy}/unique"))
    # The demo school has one group per year; the benchmark copies are large schools with three.
    streams = [""] if copy == 1 else list(COPY_STREAMS)
    groups = [
        (f"Groep {grade}{stream}", grade, size)
        for grade, size in enumerate(PRIMARY_GROUP_SIZES, start=1)
        for stream in streams
    ]
    staff, interpreters = _primary_staff(copy, domain, unique, [name for name, _, _ in groups])
    families = _plan_families(f"primary-{copy}", groups, secondary=False, unique=unique, dates=dates)
    if copy == 1:
        _showcase_every_rule(families, "Groep 3")
    return SchoolPlan(
        name=PRIMARY_NAME if copy == 1 else f"{PRIMARY_NAME} {copy}",
        brin=_primary_brin(copy),
        school_type=School.Type.PRIMARY,
        short=short,
        phone=f"030-24{copy % 100:02d}100",
        is_trial_year=True,
        groups=[(name, grade) for name, grade, _ in groups],
        staff=staff,
        interpreters=interpreters,
        families=families,
    )


def plan_secondary(dates: DemoDates) -> SchoolPlan:
    unique = _Unique(_rng("secondary/unique"))
    staff, interpreters = _secondary_staff(f"baken.{DOMAIN}", unique)
    groups = [(f"1{letter}", 1, size) for letter, size in zip("ABCDE", SECONDARY_CLASS_SIZES, strict=True)]
    return SchoolPlan(
        name=SECONDARY_NAME,
        brin=SECONDARY_BRIN,
        school_type=School.Type.SECONDARY,
        short="baken",
        phone="030-2500200",
        is_trial_year=False,
        groups=[(name, grade) for name, grade, _ in groups],
        staff=staff,
        interpreters=interpreters,
        families=_plan_families("secondary", groups, secondary=True, unique=unique, dates=dates),
    )


# --- Writing ----------------------------------------------------------------------------


def _home(index: int, count: int, area: tuple[float, float, float]) -> tuple[Decimal, Decimal]:
    """The ``index``-th of ``count`` homes spread evenly over the area (a sunflower spiral)."""
    lat, lng, km = area
    radius = km * math.sqrt((index + 0.5) / max(count, 1))
    angle = index * GOLDEN_ANGLE
    north, east = radius * math.cos(angle) / 111.0, radius * math.sin(angle) / 68.5
    return Decimal(f"{lat + north:.6f}"), Decimal(f"{lng + east:.6f}")


def _write_availability(school: School, users: list[User], interpreters: list[Interpreter], dates: DemoDates) -> None:
    """The teachers' and logged-in interpreters' evenings from today to the end of the visit period."""
    _, last = dates.visit_period
    days = []
    day = dates.today
    while day <= last:
        if day.weekday() < 5 and not school_holiday(day, HOLIDAY_REGION):
            days.append(day)
        day += datetime.timedelta(days=1)
    window = partial(AvailabilityWindow, school=school, start=AVAILABLE_FROM, end=AVAILABLE_UNTIL)
    AvailabilityWindow.objects.bulk_create(
        [window(user=user, date=d) for user in users for d in days if d.weekday() in TEACHER_EVENINGS]
        + [window(interpreter=i, date=d) for i in interpreters for d in days if d.weekday() in INTERPRETER_EVENINGS],
        batch_size=1000,
    )


def _write_school(board: Board, plan: SchoolPlan, password_hash: str, dates: DemoDates) -> None:
    school = School.objects.create(
        board=board,
        name=plan.name,
        brin=plan.brin,
        school_type=plan.school_type,
        holiday_region=HOLIDAY_REGION,
        city=CITY,
        phone=plan.phone,
        email=f"info@{plan.short}.example.org",
    )
    label, start, end = dates.previous_year
    SchoolYear.objects.create(school=school, label=label, start=start, end=end, is_trial_year=False)
    label, start, end = dates.year
    year = SchoolYear.objects.create(school=school, label=label, start=start, end=end, is_trial_year=plan.is_trial_year)
    # The visit period is under way: it began some weeks ago and runs some weeks on.
    primary = plan.school_type == School.Type.PRIMARY
    period_start, period_end = dates.visit_period
    Programme.objects.create(
        school=school,
        school_year=year,
        period_start=period_start,
        period_end=period_end,
        cohort=Programme.Cohort.ALL if primary else Programme.Cohort.FIRST_YEARS_AND_NEW,
    )
    groups = {
        group.name: group
        for group in Group.objects.bulk_create(
            [Group(school=school, school_year=year, name=name, grade=grade) for name, grade in plan.groups]
        )
    }

    # Staff: reuse an account that exists already (the board member, or a re-created school).
    emails = [person.email for person in plan.staff]
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    new = [
        User(email=p.email, first_name=p.first_name, last_name=p.last_name, gender=p.gender, password=password_hash)
        for p in plan.staff
        if p.email not in users
    ]
    users.update({user.email: user for user in User.objects.bulk_create(new)})
    Membership.objects.bulk_create(
        [Membership(user=users[p.email], school=school, role=role) for p in plan.staff for role in p.roles]
    )
    GroupTeacher.objects.bulk_create(
        [
            GroupTeacher(group=groups[name], teacher=users[p.email], kind=kind)
            for p in plan.staff
            for kind, names in ((GroupTeacher.Kind.MENTOR, p.mentor_of), (GroupTeacher.Kind.TEACHER, p.teaches))
            for name in names
        ]
    )
    interpreters = Interpreter.objects.bulk_create(
        [
            Interpreter(
                school=school,
                user=users.get(i.user_email),
                name=i.name,
                phone=i.phone,
                email=i.email,
                is_parent_contact=i.is_parent_contact,
                languages=i.languages,
            )
            for i in plan.interpreters
        ]
    )

    _write_availability(
        school,
        [users[p.email] for p in plan.staff if Role.TEACHER in p.roles],
        [i for i in interpreters if i.user_id is not None],
        dates,
    )
    area = PRIMARY_AREA if primary else SECONDARY_AREA
    homes = [_home(index, len(plan.families), area) for index in range(len(plan.families))]
    families = Family.objects.bulk_create(
        [
            Family(
                school=school,
                name=f.name,
                street=f.street,
                house_number=f.house_number,
                postcode=f.postcode,
                city=CITY,
                phone=f.phone,
                email=f.email,
                dutch_proficiency=f.dutch_proficiency,
                preferred_channel=f.preferred_channel,
                visitor_preference=f.visitor_preference,
                interpreter_needed=f.interpreter_needed,
                interpreter_language=f.interpreter_language,
                interpreter_arranged_by=f.interpreter_arranged_by,
                # The school asked the parents when it books the interpreter itself.
                interpreter_consent=Family.InterpreterConsent.YES
                if f.interpreter_needed and f.interpreter_arranged_by == "school"
                else Family.InterpreterConsent.NOT_ASKED,
                # Some families keep Ramadan, so the planner's Ramadan and Eid warnings can be tried.
                keeps_ramadan=f.main_language in RAMADAN_LANGUAGES and len(f.name) % 2 == 0,
                sensitivities=f.sensitivities,
                latitude=home[0],
                longitude=home[1],
                location_source=Family.LocationSource.GEOCODED,
            )
            for f, home in zip(plan.families, homes, strict=True)
        ]
    )
    pairs = list(zip(plan.families, families, strict=True))
    FamilyLanguage.objects.bulk_create(
        [FamilyLanguage(family=row, language=f.main_language, is_main=True) for f, row in pairs]
        + [FamilyLanguage(family=row, language=code, is_main=False) for f, row in pairs for code in f.other_languages]
    )
    Guardian.objects.bulk_create(
        [
            Guardian(
                family=row,
                first_name=g.first_name,
                last_name=g.last_name,
                relation=g.relation,
                phone=g.phone,
                email=g.email,
                is_main_carer=g.is_main_carer,
            )
            for f, row in pairs
            for g in f.guardians
        ]
    )
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                family=row,
                group=groups[c.group],
                external_id=c.external_id,
                first_name=c.first_name,
                last_name=c.last_name,
                date_of_birth=c.date_of_birth,
                entry_date=c.entry_date,
                is_new_entrant=c.is_new_entrant,
            )
            for f, row in pairs
            for c in f.children
        ]
    )
    # Every pupil's group of this year is also their enrolment of the year (the year's cohort).
    Enrolment.objects.bulk_create(
        [Enrolment(pupil=pupil, school_year=year, group_id=pupil.group_id) for pupil in pupils], batch_size=1000
    )
    if plan.brin == PRIMARY_BRIN:
        _write_season(school, year, groups["Groep 3"], dates)
    elif primary:
        _write_bulk_season(school, year, dates)


def _write_season(school: School, year: SchoolYear, group: Group, dates: DemoDates) -> None:
    """A season under way in Groep 3: reports written (two flagged for the care coordinator),
    a report due, visits coming up, families not reached, a family that said no."""
    mentor = group.group_teachers.get(kind=GroupTeacher.Kind.MENTOR).teacher
    care = Membership.objects.filter(school=school, role=Role.CARE_COORDINATOR).first()
    pupils = list(group.pupils.select_related("family").order_by("external_id")[:8])
    interpreters = list(Interpreter.objects.filter(school=school).order_by("pk"))

    def visit(pupil: Pupil, status: str, starts_at: datetime.datetime | None = None) -> Visit:
        family = pupil.family
        interpreter, family_interpreter = None, ""
        if family.interpreter_needed and starts_at is not None:
            if family.interpreter_arranged_by == Family.InterpreterArrangedBy.FAMILY:
                family_interpreter = "Tante (volwassen familielid)"
            else:
                interpreter = next((i for i in interpreters if family.interpreter_language in i.languages), None)
        made = Visit.objects.create(
            school=school,
            school_year=year,
            family=family,
            lead_visitor=mentor,
            status=status,
            starts_at=starts_at,
            duration_minutes=60 if starts_at else None,
            interpreter=interpreter,
            family_interpreter=family_interpreter,
            meeting_point="Bij de hoek van de straat" if interpreter else "",
            agenda=DEFAULT_AGENDA,
        )
        VisitPupil.objects.create(visit=made, pupil=pupil, school_year=year)
        path = {
            Visit.Status.REPORTED: [
                Visit.Status.TO_PLAN,
                Visit.Status.CONTACTED,
                Visit.Status.SCHEDULED,
                Visit.Status.VISITED,
                Visit.Status.REPORTED,
            ],
            Visit.Status.VISITED: [
                Visit.Status.TO_PLAN,
                Visit.Status.CONTACTED,
                Visit.Status.SCHEDULED,
                Visit.Status.VISITED,
            ],
            Visit.Status.SCHEDULED: [Visit.Status.TO_PLAN, Visit.Status.CONTACTED, Visit.Status.SCHEDULED],
            Visit.Status.INVITED_AT_SCHOOL: [
                Visit.Status.TO_PLAN,
                Visit.Status.DECLINED,
                Visit.Status.INVITED_AT_SCHOOL,
            ],
        }.get(status, [Visit.Status.TO_PLAN])
        VisitTransition.objects.bulk_create(
            [
                VisitTransition(visit=made, from_status=a, to_status=b, by=mentor)
                for a, b in zip(["", *path[:-1]], path, strict=True)
            ]
        )
        if status != Visit.Status.TO_PLAN:
            ContactAttempt.objects.create(
                visit=made,
                at=(starts_at - datetime.timedelta(days=8)) if starts_at else dates.moment(-10, 18, 30),
                channel=Family.Channel.PHONE,
                outcome=ContactAttempt.Outcome.REACHED,
                by=mentor,
            )
        return made

    def report(made: Visit, key_points: str, **extra: object) -> Report:
        return Report.objects.create(
            school=school,
            visit=made,
            author=mentor,
            status=Report.Status.SUBMITTED,
            submitted_at=made.starts_at + datetime.timedelta(hours=2),
            pupil_present=Report.PupilPresent.YES,
            topics=DEFAULT_AGENDA,
            going_well="Leest graag en helpt thuis met de kleintjes.",
            key_points=key_points,
            minutes_visit=55,
            minutes_travel=20,
            minutes_report=30,
            **extra,
        )

    report(
        visit(pupils[0], Visit.Status.REPORTED, dates.evening(-24, 19)),
        "Fijn gesprek; ouders willen vaker horen hoe het gaat.",
    )
    flagged = [
        report(
            visit(pupils[1], Visit.Status.REPORTED, dates.evening(-23, 19, 30)),
            "Kind is vaak moe; ouders vragen om een gesprek over slapen.",
            signal_wellbeing=True,
            flagged=True,
            flag_urgency=Report.Urgency.URGENT,
            flag_reason="Kind vertelde dat het 's nachts vaak wakker ligt van ruzie thuis.",
        ),
        report(
            visit(pupils[2], Visit.Status.REPORTED, dates.evening(-17, 19)),
            "Geen eigen plek voor huiswerk; ouders staan open voor de huiswerkklas.",
            signal_poverty=True,
            signal_homework_place=True,
            flagged=True,
            flag_urgency=Report.Urgency.NORMAL,
            flag_reason="Gezin heeft geldzorgen; geen laptop en geen rustige plek voor huiswerk.",
        ),
    ]
    for flagged_report in flagged:
        CareCase.objects.create(
            school=school,
            school_year=year,
            pupil=flagged_report.visit.pupils.get(),
            report=flagged_report,
            urgency=flagged_report.flag_urgency,
            opened_by=mentor,
        )
    visit(pupils[3], Visit.Status.VISITED, dates.evening(-3, 19))  # the report is due
    # Coming up on two different school days (never both on one evening: the mentor visits both).
    first = dates.school_day(4)
    upcoming = visit(pupils[4], Visit.Status.SCHEDULED, dates.at(first, 19))
    visit(pupils[5], Visit.Status.SCHEDULED, dates.evening((first - dates.today).days + 1, 19, 30))
    unreached = visit(pupils[6], Visit.Status.TO_PLAN)
    ContactAttempt.objects.bulk_create(
        [
            ContactAttempt(
                visit=unreached,
                at=dates.moment(day, 18),
                channel=Family.Channel.PHONE,
                outcome=ContactAttempt.Outcome.NO_ANSWER,
                by=mentor,
            )
            for day in (-12, -10)
        ]
    )
    declined = visit(pupils[7], Visit.Status.INVITED_AT_SCHOOL)
    declined.decline_reason = Visit.DeclineReason.OTHER
    declined.decline_reason_other = "Het huis wordt verbouwd; liever een gesprek op school."
    declined.save(update_fields=["decline_reason", "decline_reason_other"])
    consult = Consult.objects.create(
        school=school,
        school_year=year,
        asked_by=mentor,
        visit=upcoming,
        moment=Consult.Moment.BEFORE,
        question="Vader belde boos over een ruzie op het plein. Kan ik beter met een collega gaan?",
    )
    if care is not None:
        consult.answer = "Ja, neem een collega mee en begin met wat goed gaat. Bel me na afloop."
        consult.answered_by = care.user
        consult.answered_at = dates.moment(-1, 15)
        consult.save()


# The benchmark copies: every family has a visit in some state, written in a few bulk inserts.
BULK_STATUSES = (
    (Visit.Status.REPORTED, 30),
    (Visit.Status.VISITED, 8),
    (Visit.Status.SCHEDULED, 17),
    (Visit.Status.CONTACTED, 8),
    (Visit.Status.TO_PLAN, 17),
    (Visit.Status.DECLINED, 3),
    (Visit.Status.INVITED_AT_SCHOOL, 4),
    (Visit.Status.UNREACHABLE, 8),
    (Visit.Status.CANCELLED, 5),
)
DECLINE_REASONS = (
    Visit.DeclineReason.PRIVACY,
    Visit.DeclineReason.NO_TIME,
    Visit.DeclineReason.HOME_SITUATION,
    Visit.DeclineReason.PRIVACY,
    Visit.DeclineReason.NOT_NEEDED,
)
# Why a cancelled visit did not go ahead (taken in turn, so the season's random draws stay the same).
CANCEL_REASONS = (
    Visit.FailureReason.FAMILY_CANCELLED,
    Visit.FailureReason.SCHOOL_CANCELLED,
    Visit.FailureReason.MOVED,
)
VISITED = (Visit.Status.REPORTED, Visit.Status.VISITED)


def _write_bulk_season(school: School, year: SchoolYear, dates: DemoDates) -> None:
    """A season well under way at a benchmark copy: a visit for every family (siblings together),
    led by the mentor of the youngest child, with contact attempts, reports with their minutes, some
    flagged to the care coordinator, declines with reasons, interpreters and consults."""
    rng = _rng(f"{school.brin}/season")
    mentors = dict(
        GroupTeacher.objects.filter(group__school=school, kind=GroupTeacher.Kind.MENTOR).values_list(
            "group_id", "teacher_id"
        )
    )
    interpreters = list(Interpreter.objects.filter(school=school))
    care = Membership.objects.filter(school=school, role=Role.CARE_COORDINATOR).values_list("user_id", flat=True)
    care_user = care.first()
    by_family: dict[int, list[Pupil]] = {}
    for pupil in Pupil.objects.filter(school=school).select_related("family", "group").order_by("external_id"):
        by_family.setdefault(pupil.family_id, []).append(pupil)
    statuses = [status for status, _ in BULK_STATUSES]
    weights = [weight for _, weight in BULK_STATUSES]
    ahead = max(1, (dates.visit_period[1] - dates.today).days)  # days left in the period
    plans = []
    for children in by_family.values():
        children.sort(key=lambda p: p.group.grade if p.group else 0)
        family = children[0].family
        status = rng.choices(statuses, weights)[0]
        lead = mentors[children[0].group_id]
        starts_at = None
        if status in (*VISITED, Visit.Status.SCHEDULED, Visit.Status.CANCELLED):
            # Visited in the four weeks before today; planned (or cancelled) in the rest of the period.
            days = -1 - rng.randrange(28) if status in VISITED else 1 + rng.randrange(ahead)
            starts_at = dates.evening(days, rng.choice((16, 17, 18, 19, 20)), rng.choice((0, 30)))
        interpreter, family_interpreter = None, ""
        if family.interpreter_needed and status not in (Visit.Status.TO_PLAN, Visit.Status.UNREACHABLE):
            if family.interpreter_arranged_by == Family.InterpreterArrangedBy.FAMILY:
                family_interpreter = "Tante (volwassen familielid)"
            else:
                speaking = [i for i in interpreters if family.interpreter_language in i.languages]
                interpreter = speaking[0] if speaking else None
        visit = Visit(
            school=school,
            school_year=year,
            family=family,
            lead_visitor_id=lead,
            status=status,
            starts_at=starts_at,
            duration_minutes=60 if starts_at else None,
            interpreter=interpreter,
            family_interpreter=family_interpreter,
            meeting_point="Bij de hoek van de straat" if interpreter or family_interpreter else "",
            agenda=DEFAULT_AGENDA,
            decline_reason=rng.choice(DECLINE_REASONS)
            if status in (Visit.Status.DECLINED, Visit.Status.INVITED_AT_SCHOOL)
            else "",
            failure_reason={
                Visit.Status.UNREACHABLE: Visit.FailureReason.UNREACHABLE,
                Visit.Status.CANCELLED: CANCEL_REASONS[len(plans) % len(CANCEL_REASONS)],
            }.get(status, ""),
        )
        plans.append((visit, children))
    visits = Visit.objects.bulk_create([visit for visit, _ in plans], batch_size=500)
    VisitPupil.objects.bulk_create(
        [
            VisitPupil(visit=visit, pupil=child, school_year=year)
            for visit, (_, children) in zip(visits, plans, strict=True)
            for child in children
        ],
        batch_size=500,
    )
    VisitTransition.objects.bulk_create(
        [VisitTransition(visit=v, from_status="", to_status=v.status, by_id=v.lead_visitor_id) for v in visits],
        batch_size=500,
    )
    attempts, reports = [], []
    for visit in visits:
        first = dates.moment(-45 + rng.randrange(14), 18)
        if visit.status == Visit.Status.UNREACHABLE:
            outcomes = [rng.choice(("no_answer", "voicemail", "wrong_number")) for _ in range(rng.randint(3, 5))]
        elif visit.status == Visit.Status.TO_PLAN:
            outcomes = ["no_answer"] * rng.choice((0, 0, 1, 2, 3))
        elif visit.status == Visit.Status.DECLINED:
            outcomes = ["declined"]
        else:
            outcomes = ["no_answer"] * rng.choice((0, 0, 1)) + ["reached"]
        attempts += [
            ContactAttempt(
                visit=visit,
                at=first + datetime.timedelta(days=2 * i),
                channel=Family.Channel.PHONE,
                outcome=outcome,
                by_id=visit.lead_visitor_id,
            )
            for i, outcome in enumerate(outcomes)
        ]
        if visit.status == Visit.Status.REPORTED and visit.starts_at is not None:
            flagged = rng.random() < 0.04
            reports.append(
                Report(
                    school=school,
                    visit=visit,
                    author_id=visit.lead_visitor_id,
                    status=Report.Status.SUBMITTED,
                    submitted_at=visit.starts_at + datetime.timedelta(hours=2),
                    pupil_present=Report.PupilPresent.YES,
                    topics=DEFAULT_AGENDA,
                    going_well="Gaat graag naar school.",
                    key_points="Fijn gesprek.",
                    minutes_visit=rng.randint(40, 60),
                    minutes_travel=rng.randint(10, 30),
                    minutes_report=rng.randint(15, 40),
                    flagged=flagged,
                    flag_urgency=rng.choice((Report.Urgency.NORMAL, Report.Urgency.URGENT)) if flagged else "",
                    flag_reason="Zorgen over de thuissituatie." if flagged else "",
                )
            )
    ContactAttempt.objects.bulk_create(attempts, batch_size=500)
    reports = Report.objects.bulk_create(reports, batch_size=500)
    first_pupil = {visit.pk: children[0] for visit, (_, children) in zip(visits, plans, strict=True)}
    CareCase.objects.bulk_create(
        [
            CareCase(
                school=school,
                school_year=year,
                pupil=first_pupil[r.visit.pk],
                report=r,
                urgency=r.flag_urgency,
                opened_by_id=r.author_id,
            )
            for r in reports
            if r.flagged
        ]
    )
    Consult.objects.bulk_create(
        [
            Consult(
                school=school,
                school_year=year,
                asked_by_id=visit.lead_visitor_id,
                visit=visit,
                moment=Consult.Moment.BEFORE,
                question="Kan ik beter met een collega gaan?",
                answer="Ja, neem een collega mee." if care_user else "",
                answered_by_id=care_user,
                answered_at=dates.moment(-1, 15) if care_user else None,
            )
            for visit in visits
            if rng.random() < 0.03
        ]
    )


def demo_counts(board: Board) -> dict[str, int]:
    schools = School.objects.filter(board=board)
    return {
        "schools": schools.count(),
        "groups": Group.objects.filter(school__in=schools).count(),
        "pupils": Pupil.objects.filter(school__in=schools).count(),
        "families": Family.objects.filter(school__in=schools).count(),
        "guardians": Guardian.objects.filter(family__school__in=schools).count(),
        "users": User.objects.filter(memberships__school__in=schools).distinct().count(),
        "interpreters": Interpreter.objects.filter(school__in=schools).count(),
    }


def format_logins() -> str:
    width = max(len(email) for email, _ in DEMO_LOGINS)
    lines = [f"Demo-inloggegevens (wachtwoord voor iedereen: {DEMO_PASSWORD})", ""]
    lines += [f"  {'E-mailadres'.ljust(width)}  Rol", f"  {'-' * width}  {'-' * 3}"]
    lines += [f"  {email.ljust(width)}  {role}" for email, role in DEMO_LOGINS]
    lines += ["", f"Andere medewerkers hebben een adres als j.devries@regenboog.{DOMAIN}; zelfde wachtwoord."]
    return "\n".join(lines)


class DemoConflictError(Exception):
    """A school with a demo BRIN exists but is not part of the demo board."""


def build_demo(scale: int = 1, stdout: TextIO | None = None, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo board and its schools (see the module docstring); return the totals.

    Every date is placed around ``today`` (default: the local date the command runs on)."""
    dates = DemoDates(today or timezone.localdate())
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}; got {scale}.")

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    began = time.perf_counter()
    created: list[str] = []
    with transaction.atomic():
        board, _ = Board.objects.get_or_create(name=BOARD_NAME)
        password_hash = ""
        planners = [(_primary_brin(copy), partial(plan_primary, copy, dates)) for copy in range(1, scale + 1)]
        planners.append((SECONDARY_BRIN, partial(plan_secondary, dates)))
        for brin, planner in planners:
            existing = School.objects.filter(brin=brin).first()
            if existing is not None:
                if existing.board_id != board.pk:
                    raise DemoConflictError(
                        f"BRIN {brin} is al in gebruik door {existing.name} ({existing.board}); "
                        "de demo wordt niet aangemaakt."
                    )
                continue
            plan = planner()
            password_hash = password_hash or make_password(DEMO_PASSWORD)  # hash once: Argon2 is slow
            _write_school(board, plan, password_hash, dates)
            pupils = sum(len(f.children) for f in plan.families)
            say(
                f"Aangemaakt: {plan.name} ({plan.brin}): {len(plan.groups)} groepen, {pupils} leerlingen, "
                f"{len(plan.families)} gezinnen, {len(plan.staff)} medewerkers."
            )
            created.append(plan.brin)
        counts = demo_counts(board)

    if not created:
        say(f"Demodata is al aanwezig ({BOARD_NAME}); er is niets gewijzigd.")
    seconds = f"{time.perf_counter() - began:.1f}".replace(".", ",")
    say(
        f"{BOARD_NAME}: {counts['schools']} scholen, {counts['pupils']} leerlingen, {counts['families']} gezinnen, "
        f"{counts['users']} medewerkers ({seconds} s)."
    )
    say("")
    say(format_logins())
    return counts
