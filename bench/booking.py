"""``python -m bench.booking`` (or ``BENCH_ONLY=booking make bench``): the parents' slot engine.

* Slot offering: ``visits.booking.slots.offer_slots`` for one family who needs the school's
  interpreter, with the teacher, a duo colleague and the interpreter each free on 8 evenings
  (16:00-21:00) and 30 families already placed on those evenings (led by the teacher and the
  colleague in turn at 16:00 and 17:15, the interpreter along on every third) (travel between them by bike,
  ``visits.geo.travel``). Alternated against the replay of its own SQL (the floor), 30 rounds;
  median and p10-p90. Goal: at most 50 ms.
* The share of the demo's Groep 3 families (``demo.builder``, built on the bench's day) that could
  book themselves: a channel the school messages (``family_contact``: SMS, WhatsApp or e-mail,
  not a call, letter or word at the gate) and at least one offered time.

The data is built here with the real models, in the bench's throw-away database; alone,
``python -m bench.booking`` makes a temporary SQLite database of its own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

ROUNDS = 30
GOAL_MS = 50.0
EVENINGS = 8
PLACED = 30
BRIN = "99BK"


@dataclass(frozen=True)
class Share:
    bookable: int  # a messaged channel and at least one time offered
    families: int
    messaged: int  # the school can send them the link (SMS, WhatsApp, e-mail)
    offered: int  # at least one time offered
    to_plan: int  # of the families, those whose visit is still to plan (the invitable ones)
    to_plan_bookable: int

    @property
    def percent(self) -> float:
        return 100 * self.bookable / self.families if self.families else 0.0


def self_booking_share(*, now: datetime.datetime, group_name: str = "Groep 3") -> Share:
    """How many families of the demo's ``group_name`` could choose their own time at ``now``: a
    messaged channel and at least one offered slot. A family without a visit gets one opened by
    the group's mentor (as the teacher's list does), in a transaction that is rolled back."""
    from django.db import transaction

    from demo.builder import PRIMARY_BRIN
    from visits.booking.services import INVITABLE
    from visits.booking.slots import offer_slots
    from visits.models import Family, Group, GroupTeacher, Pupil, VisitPupil
    from visits.selectors import family_contact
    from visits.services import visit_open

    group = Group.objects.select_related("school_year").get(school__brin=PRIMARY_BRIN, name=group_name)
    mentor = GroupTeacher.objects.select_related("teacher").get(group=group, kind=GroupTeacher.Kind.MENTOR).teacher
    pupils = Pupil.objects.filter(group=group).order_by("pk")
    bookable, messaged, offered, to_plan, to_plan_bookable, seen = 0, 0, 0, 0, 0, set()
    with transaction.atomic():
        for pupil in pupils:
            if pupil.family_id in seen:
                continue
            seen.add(pupil.family_id)
            link = VisitPupil.objects.filter(visit__family_id=pupil.family_id, school_year=group.school_year).first()
            visit = link.visit if link else visit_open(pupil=pupil, school_year=group.school_year, by=mentor)
            family = Family.objects.prefetch_related("guardians").get(pk=pupil.family_id)
            contact = family_contact(family) is not None
            slots = bool(offer_slots(visit=visit, now=now))
            messaged, offered, bookable = messaged + contact, offered + slots, bookable + (contact and slots)
            if visit.status in INVITABLE:
                to_plan, to_plan_bookable = to_plan + 1, to_plan_bookable + (contact and slots)
        transaction.set_rollback(True)
    return Share(bookable, len(seen), messaged, offered, to_plan, to_plan_bookable)


def build_dataset(today: datetime.date) -> tuple[Any, datetime.datetime]:
    """A school of its own: the family to offer slots to (needs the school's Arabic interpreter),
    3 visitors free on 8 evenings, 30 families already placed on them. Returns (visit, now)."""
    from django.utils import timezone

    from huisbezoek.models import Board, School, SchoolYear, User
    from visits.holidays import school_holiday
    from visits.models import AvailabilityWindow, Family, FamilyLanguage, Interpreter, Programme, Visit

    first = today.year if today.month >= 8 else today.year - 1
    board = Board.objects.create(name="Bench booking")
    school = School.objects.create(
        board=board, name="Bench booking school", brin=BRIN, school_type="primary", holiday_region="middle"
    )
    year = SchoolYear.objects.create(
        school=school,
        label=f"{first}-{first + 1}",  # the label a school year has (9 characters)
        start=datetime.date(first, 8, 1),
        end=datetime.date(first + 1, 7, 31),
    )
    evenings: list[datetime.date] = []
    day = today + datetime.timedelta(days=1)
    while len(evenings) < EVENINGS:
        if day.weekday() < 4 and not school_holiday(day, "middle"):  # Monday to Thursday, no holidays
            evenings.append(day)
        day += datetime.timedelta(days=1)
    Programme.objects.create(
        school=school, school_year=year, period_start=today, period_end=evenings[-1], travel_mode="bike"
    )
    teacher, colleague = (
        User.objects.create(email=f"{name}@bench-booking.test", first_name=name, gender="female")
        for name in ("leerkracht", "duo")
    )
    interpreter = Interpreter.objects.create(school=school, name="Tolk", languages=["ar"], is_active=True)
    windows = [
        AvailabilityWindow(school=school, date=d, start=datetime.time(16), end=datetime.time(21), **who)
        for d in evenings
        for who in ({"user": teacher}, {"user": colleague}, {"interpreter": interpreter})
    ]
    AvailabilityWindow.objects.bulk_create(windows)

    def place(index: int) -> tuple[Decimal, Decimal]:  # within about 2 km, the same every run
        return Decimal(f"{52.10 + ((index * 37) % 40 - 20) / 1000:.6f}"), Decimal(
            f"{5.10 + ((index * 53) % 60 - 30) / 1000:.6f}"
        )

    families = Family.objects.bulk_create(
        [
            Family(
                school=school,
                name=f"Gezin {index}",
                latitude=place(index)[0],
                longitude=place(index)[1],
                location_source="geocoded",
                preferred_channel=Family.Channel.SMS,
                phone="0612345678",
            )
            for index in range(PLACED + 1)
        ]
    )
    target = families[-1]
    Family.objects.filter(pk=target.pk).update(
        interpreter_needed=True, interpreter_language="ar", interpreter_arranged_by="school"
    )
    FamilyLanguage.objects.create(family=target, language="ar", is_main=True)
    placed = []
    for index, family in enumerate(families[:PLACED]):
        # Teacher and colleague each lead a visit at 16:00 and 17:15 on every evening (the
        # interpreter comes to every third): the later evening is left for the family.
        evening, slot = evenings[(index // 2) % EVENINGS], (index // 2) // EVENINGS
        starts = timezone.make_aware(datetime.datetime.combine(evening, datetime.time(16)))
        placed.append(
            Visit(
                school=school,
                school_year=year,
                family=family,
                lead_visitor=teacher if index % 2 == 0 else colleague,
                interpreter=interpreter if index % 3 == 0 else None,
                status=Visit.Status.SCHEDULED,
                starts_at=starts + datetime.timedelta(minutes=75 * slot),
                duration_minutes=60,
            )
        )
    Visit.objects.bulk_create(placed)
    visit = Visit.objects.create(
        school=school,
        school_year=year,
        family=target,
        lead_visitor=teacher,
        colleague=colleague,
        status=Visit.Status.TO_PLAN,
    )
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    return visit, now


def run(report: Any = None) -> dict:
    from django.utils import timezone

    from bench.measure import Report, Stats, alternate
    from bench.pages import capture, replayer
    from visits.booking.slots import offer_slots

    report = report or Report()
    today = timezone.localdate()
    visit, now = build_dataset(today)
    slots = offer_slots(visit=visit, now=now)
    captured = capture(lambda: offer_slots(visit=visit, now=now))
    report.heading(
        f"Slot offering: one family, {EVENINGS} evenings, {PLACED} families placed, 3 visitors "
        f"({len(slots)} slots offered, {len(captured.data)} queries)"
    )
    timings = alternate(
        {"offer_slots": lambda: offer_slots(visit=visit, now=now), "its own SQL": replayer(captured.data)},
        rounds=ROUNDS,
    )
    result = report.table("offer slots to one family", timings, floor="its own SQL")
    median_ms = Stats.of(timings["offer_slots"]).median * 1000

    if not _demo_present():
        from django.core.management import call_command

        call_command("seed_demo", stdout=_Silent())
    share = self_booking_share(now=timezone.now())
    report.line(
        f"Groep 3 families who could book themselves: {share.bookable} of {share.families} ({share.percent:.0f}%); "
        f"{share.messaged} get messages (the others prefer a call, a letter or a word at the gate), "
        f"{share.offered} are offered a time; of the {share.to_plan} still to plan {share.to_plan_bookable} "
        f"could book themselves"
    )
    report.record("booking", {"slots": len(slots), "offer": result, "share": share.__dict__})
    report.goal("offer slots to one family ms", median_ms, GOAL_MS)
    return {"median_ms": median_ms, "share": share, "slots": len(slots)}


class _Silent:
    def write(self, _text: str) -> None:
        pass


def _demo_present() -> bool:
    from demo.builder import PRIMARY_BRIN
    from huisbezoek.models import School

    return School.objects.filter(brin=PRIMARY_BRIN).exists()


def main() -> None:
    from bench.measure import Report
    from bench.stack import Stack, setup_django

    stack = Stack.from_environment()
    report = Report()
    try:
        stack.create_database()
        setup_django(stack)
        run(report)
    finally:
        report.print_goals()
        stack.close()


if __name__ == "__main__":
    main()
