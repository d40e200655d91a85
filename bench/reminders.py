"""``python -m bench.reminders``: how long one reminder sweep takes for 10,000 due reminders.

One school, 10,000 families each with a home visit tomorrow evening; half want an SMS, half
an e-mail, in eight languages. Only the parents' reminder is switched on, so exactly 10,000
messages are due. The sweep runs at 17:00 Amsterdam time and is timed from finding what is
due to every message recorded as sent: it claims each under its unique key in one
transaction, and after the commit the send tasks run **eagerly, one after the other, in this
process** — the work of one worker, without the broker's round trip. (E-mail goes to Django's
in-memory backend, SMS to the file backend.) A second sweep right after it finds every key
taken and sends nothing: that is the cost of a beat tick when nothing is new.

Runs on a throw-away SQLite database (or ``BENCH_DATABASE_URL``); about a minute.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

N = 10_000
LANGUAGES = ["nl", "ary", "tr", "pl", "uk", "so", "rif", "en"]


def _setup(tmp: Path) -> None:
    os.environ["HUISBEZOEK_ENV"] = "test"  # eager tasks
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["SMS_BACKEND"] = "file"
    os.environ["SMS_FILE_PATH"] = str(tmp / "sms")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "huisbezoek.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(now: datetime.datetime):  # type: ignore[no-untyped-def]
    from huisbezoek.models import Board, Membership, Role, School, SchoolYear, User
    from visits.models import (
        Enrolment,
        Family,
        FamilyLanguage,
        Group,
        Programme,
        Pupil,
        ReminderSettings,
        Visit,
        VisitPupil,
    )

    board = Board.objects.create(name="Bench-bestuur")
    school = School.objects.create(
        board=board,
        name="Basisschool De Benchmark",
        brin="98ZZ",
        school_type="primary",
        holiday_region="middle",
        phone="030-1234567",
    )
    year = SchoolYear.objects.create(
        school=school, label="2026-2027", start=datetime.date(2026, 8, 17), end=datetime.date(2027, 7, 16)
    )
    Programme.objects.create(
        school=school,
        school_year=year,
        period_start=datetime.date(2026, 10, 26),
        period_end=datetime.date(2026, 12, 18),
    )
    ReminderSettings.objects.create(
        school=school,
        teacher_not_contacted=False,
        teacher_visit_tomorrow=False,
        teacher_report_overdue=False,
        parent_confirmation=False,
        interpreter_messages=False,
        care_unreviewed=False,
        directie_digest=False,
    )
    teacher = User.objects.create_user("leerkracht@bench.test", "x", first_name="Fatima", last_name="Bakker")
    Membership.objects.create(user=teacher, school=school, role=Role.TEACHER)
    group = Group.objects.create(school=school, school_year=year, name="Groep 3", grade=3)
    families = Family.objects.bulk_create(
        [
            Family(
                school=school,
                name=f"Familie {i}",
                street="Lindenlaan",
                house_number=str(i),
                postcode="3500 AB",
                city="Utrecht",
                phone=f"06{10_000_000 + i}",
                email=f"ouders{i}@example.org",
                preferred_channel=Family.Channel.SMS if i % 2 else Family.Channel.EMAIL,
            )
            for i in range(N)
        ],
        batch_size=1000,
    )
    FamilyLanguage.objects.bulk_create(
        [
            FamilyLanguage(family=f, language=LANGUAGES[i % len(LANGUAGES)], is_main=True)
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    pupils = Pupil.objects.bulk_create(
        [
            Pupil(school=school, family=f, group=group, external_id=f"B{i:06d}", first_name="Kind", last_name=f.name)
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    Enrolment.objects.bulk_create([Enrolment(pupil=p, school_year=year, group=group) for p in pupils], batch_size=1000)
    evening = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(16), tzinfo=now.tzinfo)
    visits = Visit.objects.bulk_create(
        [
            Visit(
                school=school,
                school_year=year,
                family=f,
                status=Visit.Status.SCHEDULED,
                starts_at=evening + datetime.timedelta(minutes=(i % 20) * 15),
                duration_minutes=45,
                lead_visitor=teacher,
            )
            for i, f in enumerate(families)
        ],
        batch_size=1000,
    )
    VisitPupil.objects.bulk_create(
        [VisitPupil(visit=v, pupil=p, school_year=year) for v, p in zip(visits, pupils, strict=True)], batch_size=1000
    )
    return school


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="huisbezoek-bench-reminders-"))
    try:
        _setup(tmp)
        import time_machine
        from django.core import mail
        from django.utils import timezone

        from notifications.models import Notification
        from visits.reminders import rules as reminders

        now = datetime.datetime(2026, 11, 2, 17, 0, tzinfo=timezone.get_current_timezone())
        with time_machine.travel(now, tick=True):
            school = _build(now)
            mail.outbox = []
            started = time.perf_counter()
            queued = reminders.reminders_queue_for_school(school=school, now=timezone.now())
            first = time.perf_counter() - started
            started = time.perf_counter()
            again = reminders.reminders_queue_for_school(school=school, now=timezone.now())
            second = time.perf_counter() - started
        sent = Notification.objects.filter(status=Notification.Status.SENT).count()
        sms_files = len(list((tmp / "sms").glob("*.json")))
        assert queued == N and again == 0, (queued, again)
        assert sent == N and sms_files + len(mail.outbox) == N, (sent, sms_files, len(mail.outbox))

        from django.db import connection

        database = connection.vendor
        print(f"\nReminder sweep, {N} due parent reminders, one worker (eager, in-process), {database}")
        print(
            f"  first sweep: claim + send all       {first:7.2f} s   ({first / N * 1000:.2f} ms per message,"
            f" {N / first:,.0f} messages/s)"
        )
        print(f"  second sweep: nothing new           {second:7.2f} s")
        print(f"  sent: {sent} ({sms_files} SMS, {len(mail.outbox)} e-mails), duplicates: 0")
        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        (results / "reminders.json").write_text(
            json.dumps(
                {
                    "due": N,
                    "worker": "eager, in-process (one worker)",
                    "database": database,
                    "first_sweep_s": round(first, 3),
                    "ms_per_message": round(first / N * 1000, 3),
                    "second_sweep_s": round(second, 3),
                    "sms": sms_files,
                    "emails": len(mail.outbox),
                },
                indent=2,
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
