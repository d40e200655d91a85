"""Which reminders are due, built from the visits data, and queued exactly once.

The beat runs ``reminders_sweep`` every few minutes. For each school it reads the school's
reminder settings, works out what is due *now* and queues the messages through
``notifications.services.notifications_queue_many`` (one insert for the school), each under a
key that names it. A key that was queued before is skipped by the database, so a second
tick, a retried task or two workers at once never send a message twice, and a sweep that
missed a tick catches up on the next one (no long ETAs).

All times are Amsterdam time: "tomorrow" is tomorrow's calendar day in Amsterdam from
00:00 to 00:00 (23 or 25 hours long on the days the clocks change), and "from the send
hour" is that wall-clock hour, whatever the UTC offset.

Messages say names, dates, times, addresses and links — never report content, confidential
notes, flag reasons or a family's sensitivities.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huisbezoek.access import staff_of_school
from huisbezoek.models import Role, School
from notifications import services as notifications
from notifications.models import Notification
from notifications.window import Window, is_open

from .. import selectors
from ..changes import services as change_services
from ..models import (
    CareCase,
    Family,
    FamilyLanguage,
    GroupTeacher,
    Guardian,
    InterpreterBooking,
    Programme,
    Pupil,
    ReminderSettings,
    Visit,
)
from . import messages
from .settings import reminder_settings_for

if TYPE_CHECKING:
    from huisbezoek.models import User

logger = logging.getLogger(__name__)

EMAIL, SMS = Notification.Channel.EMAIL, Notification.Channel.SMS
PUPILS_LISTED = 30  # names in the "not yet contacted" e-mail; the link shows the rest

KINDS = {
    "teacher_not_contacted": gettext_lazy("Leerkracht: nog geen contact"),
    "teacher_visit_tomorrow": gettext_lazy("Leerkracht: bezoek morgen"),
    "teacher_report_overdue": gettext_lazy("Leerkracht: verslag te laat"),
    "parent_confirmation": gettext_lazy("Ouders: bevestiging"),
    "parent_reminder": gettext_lazy("Ouders: herinnering"),
    "interpreter_booking": gettext_lazy("Tolk: boeking"),
    "interpreter_reminder": gettext_lazy("Tolk: herinnering"),
    "care_flag": gettext_lazy("Zorg: nieuwe melding"),
    "care_unreviewed": gettext_lazy("Zorg: melding niet opgepakt"),
    "directie_digest": gettext_lazy("Directie: weekoverzicht"),
}
for _kind, _label in KINDS.items():
    notifications.register_kind(_kind, _label)


@dataclass(frozen=True)
class Due:
    """One message that is due: who gets what, and the key that makes it happen once."""

    key: str
    kind: str
    channel: str
    address: str
    subject: str
    body: str
    language: str = "nl"
    user: User | None = None
    family_id: int | None = None
    # The hours it may go out in (parents and interpreters: ``selectors.parent_message_window``);
    # None for staff, who get their e-mails at once.
    window: Window | None = None


# --- Helpers ----------------------------------------------------------------------------------


def _staff_email(user: User, kind: str, key: str, *, subject: str, body: str, family_id: int | None = None) -> Due:
    """An e-mail of ``kind`` to a member of staff, once under ``kind:key``."""
    return Due(
        key=f"{kind}:{key}",
        kind=kind,
        channel=EMAIL,
        address=user.email,
        user=user,
        subject=subject,
        body=body,
        family_id=family_id,
    )


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start and end of an Amsterdam calendar day as aware datetimes (23-25 hours apart)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz)
    return start, end


def _date(moment: datetime.datetime) -> str:
    return f"{_local(moment):%d-%m-%Y}"


def _time(moment: datetime.datetime) -> str:
    return f"{_local(moment):%H:%M}"


def _stamp(moment: datetime.datetime) -> str:
    """A visit's time in a key: a rescheduled visit is a new message."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def family_address(family: Family) -> str:
    street = f"{family.street} {family.house_number}".strip()
    place = f"{family.postcode} {family.city}".strip()
    return ", ".join(part for part in (street, place) if part)


def _visitors(visit: Visit) -> list[User]:
    return [v for v in (visit.lead_visitor, visit.colleague) if v is not None]


def _upcoming_scheduled(school: School) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(school=school, status=Visit.Status.SCHEDULED, starts_at__isnull=False)
        .select_related("family", "lead_visitor", "colleague", "interpreter", "school")
        .prefetch_related(
            Prefetch("family__guardians", queryset=Guardian.objects.order_by("-is_main_carer", "pk")),
            Prefetch("family__home_languages", queryset=FamilyLanguage.objects.all()),
        )
    )


# --- Teachers -----------------------------------------------------------------------------------


def _programme_on(school: School, day: datetime.date) -> Programme | None:
    """The programme of the school year that contains ``day`` (an Amsterdam date)."""
    year = selectors.current_school_year(school=school, day=day)
    return selectors.programme_for(school=school, school_year=year) if year else None


def due_not_contacted(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """Once per programme, when ``not_contacted_share`` % of the visit period has passed: each
    mentor with cohort pupils whose family nobody has tried to reach yet gets their names."""
    today = _local(now).date()
    programme = _programme_on(school, today)
    if programme is None:
        return
    length = (programme.period_end - programme.period_start).days
    from_day = programme.period_start + datetime.timedelta(days=math.ceil(length * rs.not_contacted_share / 100))
    if not from_day <= today <= programme.period_end:
        return
    pupils = selectors.in_cohort(Pupil.objects.filter(school=school), programme)
    waiting = selectors.with_visit_status(pupils, programme.school_year).filter(
        contacted=False,  # type: ignore[misc]  # annotations of with_visit_status
        visit_status=Visit.Status.TO_PLAN,
    )
    by_group: dict[int, list[Pupil]] = defaultdict(list)
    for pupil in waiting:
        if pupil.group_id:
            by_group[pupil.group_id].append(pupil)
    per_teacher: dict[int, list[Pupil]] = defaultdict(list)
    teachers: dict[int, User] = {}
    mentors = GroupTeacher.objects.filter(group_id__in=by_group, kind=GroupTeacher.Kind.MENTOR, teacher__is_active=True)
    for link in mentors.select_related("teacher"):
        teachers[link.teacher_id] = link.teacher
        per_teacher[link.teacher_id].extend(by_group[link.group_id])
    link_url = absolute(reverse("visits:pupil_list"))
    for teacher_id, mine in per_teacher.items():
        teacher = teachers[teacher_id]
        names = sorted(f"{p.first_name} {p.last_name}" for p in mine)
        listed = "\n".join(f"- {name}" for name in names[:PUPILS_LISTED])
        if len(names) > PUPILS_LISTED:
            more = len(names) - PUPILS_LISTED
            listed += "\n" + ngettext("en nog %(n)d andere", "en nog %(n)d anderen", more) % {"n": more}
        yield _staff_email(
            teacher,
            "teacher_not_contacted",
            f"{programme.pk}:{teacher.pk}",
            subject=ngettext(
                "Huisbezoeken: %(n)d gezin nog niet gesproken",
                "Huisbezoeken: %(n)d gezinnen nog niet gesproken",
                len(names),
            )
            % {"n": len(names)},
            body=_(
                "Beste %(name)s,\n\n"
                "%(share)d%% van de bezoekperiode is voorbij (de laatste bezoekdag is %(end)s).\n"
                "Met deze gezinnen van uw leerlingen is nog geen contact geweest:\n\n%(pupils)s\n\n"
                "Bel ze of stuur een bericht, en leg het contact vast:\n%(link)s"
            )
            % {
                "name": teacher.first_name,
                "share": rs.not_contacted_share,
                "end": f"{programme.period_end:%d-%m-%Y}",
                "pupils": listed,
                "link": link_url,
            },
        )


def due_visit_tomorrow(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """From the send hour on the day before: each visitor of tomorrow's visits, with the link
    to the preparation sheet."""
    local = _local(now)
    if local.hour < rs.send_hour:
        return
    start, end = _day_bounds(local.date() + datetime.timedelta(days=1))
    for visit in _upcoming_scheduled(school).filter(starts_at__gte=start, starts_at__lt=end):
        assert visit.starts_at is not None
        family = visit.family
        interpreter = visit.interpreter.name if visit.interpreter else visit.family_interpreter
        when = {"date": _date(visit.starts_at), "time": _time(visit.starts_at), "family": family.name}
        if visit.kind == Visit.Kind.SCHOOL_TALK:
            lines = [_("Morgen, %(date)s om %(time)s: gesprek op school met familie %(family)s.") % when]
        else:
            lines = [
                _("Morgen, %(date)s om %(time)s: huisbezoek bij familie %(family)s.") % when,
                _("Adres: %(address)s") % {"address": family_address(family) or "-"},
            ]
        if interpreter:
            lines.append(
                _("Tolk: %(name)s. Ontmoetingsplek: %(place)s")
                % {"name": interpreter, "place": visit.meeting_point or _("nog niet afgesproken")}
            )
        lines += ["", _("Lees de voorbereiding:"), absolute(reverse("visits:visit_prepare", args=[visit.pk]))]
        for visitor in _visitors(visit):
            yield _staff_email(
                visitor,
                "teacher_visit_tomorrow",
                f"{visit.pk}:{_stamp(visit.starts_at)}:{visitor.pk}",
                family_id=visit.family_id,  # names the family: removed with it (retention)
                subject=_("Morgen huisbezoek om %(time)s: familie %(family)s")
                % {"time": _time(visit.starts_at), "family": family.name},
                body=_("Beste %(name)s,") % {"name": visitor.first_name} + "\n\n" + "\n".join(lines),
            )


def due_report_overdue(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """From the send hour, ``report_overdue_days`` days after a visit without a finished report:
    its lead visitor, once. Only visits of the current school year: older unreported visits
    (e.g. on first deployment) are history, not a reminder."""
    local = _local(now)
    if local.hour < rs.send_hour:
        return
    year = selectors.current_school_year(school=school, day=local.date())
    if year is None:
        return
    before = rs.reports_overdue_before(local.date())
    visits = (
        Visit.objects.filter(school=school, school_year=year, status__in=[Visit.Status.VISITED, Visit.Status.SCHEDULED])
        .filter(starts_at__lt=before)
        .select_related("family", "lead_visitor")
    )
    for visit in visits:
        assert visit.starts_at is not None
        teacher = visit.lead_visitor
        yield _staff_email(
            teacher,
            "teacher_report_overdue",
            str(visit.pk),
            family_id=visit.family_id,  # names the family: removed with it (retention)
            subject=_("Verslag huisbezoek familie %(family)s is nog niet klaar") % {"family": visit.family.name},
            body=_(
                "Beste %(name)s,\n\n"
                "Het huisbezoek bij familie %(family)s was op %(date)s. Het verslag is nog niet ingediend.\n"
                "Schrijf het verslag:\n%(link)s"
            )
            % {
                "name": teacher.first_name,
                "family": visit.family.name,
                "date": _date(visit.starts_at),
                "link": absolute(reverse("visits:visit_detail", args=[visit.pk])),
            },
        )


# --- Parents and interpreters ---------------------------------------------------------------------


def _visit_facts(visit: Visit) -> messages.VisitFacts:
    assert visit.starts_at is not None
    names = [v.get_full_name() for v in _visitors(visit)]
    if visit.interpreter:
        names.append(visit.interpreter.name)
    return messages.VisitFacts(
        school=visit.school.name,
        date=_date(visit.starts_at),
        time=_time(visit.starts_at),
        address=family_address(visit.family),
        visitors=", ".join(names),
        minutes=visit.duration_minutes or 60,
        phone=visit.school.phone,
    )


def _parent_key(visit: Visit, kind: str) -> str:
    assert visit.starts_at is not None
    return f"parent_{kind}:{visit.pk}:{_stamp(visit.starts_at)}"


def _interpreter_key(visit: Visit, kind: str) -> str:
    assert visit.starts_at is not None
    return f"interpreter_{kind}:{visit.pk}:{visit.interpreter_id}:{_stamp(visit.starts_at)}"


def taken_keys(keys: Iterable[str], chunk: int = 500) -> set[str]:
    """Which of ``keys`` were queued before (one query per ``chunk`` keys), so a sweep builds
    no message text for what went out already."""
    keys = list(keys)
    taken: set[str] = set()
    for i in range(0, len(keys), chunk):
        taken.update(Notification.objects.filter(key__in=keys[i : i + chunk]).values_list("key", flat=True))
    return taken


def _parent_due(visit: Visit, kind: str) -> Due | None:
    contact = selectors.family_contact(visit.family)
    if contact is None:
        return None
    channel, address = contact
    language = selectors.parent_language(visit.family, offered=messages.LANGUAGES)
    facts = _visit_facts(visit)
    assert visit.starts_at is not None
    if channel in selectors.SHORT_TEXT_CHANNELS:
        subject, body = "", messages.sms_text(language=language, kind=kind, facts=facts)
    else:
        subject, body = messages.email_text(language=language, kind=kind, facts=facts)
    return Due(
        key=_parent_key(visit, kind),
        kind=f"parent_{kind}",
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        language=language,
        family_id=visit.family_id,
        window=selectors.parent_message_window(),
    )


def _interpreter_due(visit: Visit, kind: str) -> Due | None:
    interpreter = visit.interpreter
    if interpreter is None:
        return None
    assert visit.starts_at is not None
    mobile = selectors.sms_number(interpreter.phone)
    if interpreter.email:
        channel, address = EMAIL, interpreter.email
    elif mobile:
        channel, address = SMS, mobile
    else:
        return None
    values = {
        "school": visit.school.name,
        "date": _date(visit.starts_at),
        "time": _time(visit.starts_at),
        "minutes": visit.duration_minutes or 60,
        "address": family_address(visit.family) or "-",
        "place": visit.meeting_point or _("nog niet afgesproken"),
        "teacher": visit.lead_visitor.get_full_name(),
    }
    booking = kind == "booking"
    if channel == SMS:
        subject = ""
        if booking:
            body = _("%(school)s: tolk bij huisbezoek %(date)s %(time)s, %(address)s. Ontmoeten: %(place)s.") % values
        else:
            body = _("%(school)s: morgen tolk bij huisbezoek %(time)s, %(address)s. Ontmoeten: %(place)s.") % values
    else:
        subject = (
            _("Tolk bij huisbezoek op %(date)s om %(time)s") if booking else _("Morgen tolk bij huisbezoek om %(time)s")
        ) % values
        intro = (
            _("U bent geboekt als tolk bij een huisbezoek.") if booking else _("Morgen bent u tolk bij een huisbezoek.")
        )
        body = (
            _("Beste %(name)s,") % {"name": interpreter.name}
            + "\n\n"
            + intro
            + "\n\n"
            + _(
                "Wanneer: %(date)s om %(time)s (ongeveer %(minutes)s minuten)\n"
                "Adres: %(address)s\n"
                "Ontmoetingsplek: %(place)s. De leerkracht spreekt u daar vóór het bezoek.\n"
                "Leerkracht: %(teacher)s\n\n"
                "Met vriendelijke groet,\n%(school)s"
            )
            % values
        )
    return Due(
        key=_interpreter_key(visit, kind),
        kind=f"interpreter_{kind}",
        channel=channel,
        address=address,
        subject=subject,
        body=body,
        user=interpreter.user,
        family_id=visit.family_id,  # names the family and its address: forgotten with the family
        window=selectors.parent_message_window(),
    )


def _covered_by_change_messages(
    school: School, planned: list[tuple[str, Visit, str, str]]
) -> set[tuple[int, str, str]]:
    """(visit id, who, kind) the sweep leaves to the messages of a change (visits/changes and
    visits/interpreting), two queries at most:

    * a parent's confirmation of a time the "visit moved" message announced already;
    * an interpreter asked through their yes/no link: no booking confirmation (the page shows the
      address once they said yes), and a reminder only when they said yes."""
    covered: set[tuple[int, str, str]] = set()
    confirmations = [v for _key, v, who, kind in planned if who == "parent" and kind == messages.CONFIRMATION]
    if confirmations:
        announced = change_services.moved_announcements(
            school_id=school.pk, family_ids={v.family_id for v in confirmations}
        )
        for visit in confirmations:
            assert visit.starts_at is not None
            if (visit.pk, _stamp(visit.starts_at)) in announced:
                covered.add((visit.pk, "parent", messages.CONFIRMATION))
    asked = {v.pk: v for _key, v, who, _kind in planned if who == "interpreter"}
    if asked:
        answers = InterpreterBooking.objects.filter(visit_id__in=asked).values_list(
            "visit_id", "interpreter_id", "starts_at", "status"
        )
        for visit_id, interpreter_id, starts_at, status in answers:
            visit = asked[visit_id]
            if interpreter_id == visit.interpreter_id and starts_at == visit.starts_at:
                covered.add((visit_id, "interpreter", "booking"))
                if status != InterpreterBooking.Status.ACCEPTED:
                    covered.add((visit_id, "interpreter", "reminder"))
    return covered


def due_visit_messages(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """Parents and interpreters, only while their sending window is open (08:00-21:00): a
    confirmation once a visit is planned, and a reminder from the send hour on the day before.
    A visit planned for tomorrow after the send hour gets only the reminder; one planned for
    tomorrow late at night gets the confirmation the next morning (a "tomorrow" reminder would
    then be wrong)."""
    local = _local(now)
    if not is_open(selectors.parent_message_window(), now):
        return
    tomorrow_start, tomorrow_end = _day_bounds(local.date() + datetime.timedelta(days=1))
    reminder_time = local.hour >= rs.send_hour
    planned: list[tuple[str, Visit, str, str]] = []  # (key, visit, who, kind)
    # The messages speak of a home visit at the family's address: a talk at school is confirmed by
    # the teacher in person (it is on their "call yourself" list).
    for visit in _upcoming_scheduled(school).filter(starts_at__gt=now, kind=Visit.Kind.HOME):
        assert visit.starts_at is not None
        tomorrow = tomorrow_start <= visit.starts_at < tomorrow_end
        if tomorrow and reminder_time:
            parent_kind, interpreter_kind, wanted = messages.REMINDER, "reminder", rs.parent_reminder
        else:
            parent_kind, interpreter_kind, wanted = messages.CONFIRMATION, "booking", rs.parent_confirmation
        if wanted:
            planned.append((_parent_key(visit, parent_kind), visit, "parent", parent_kind))
        if rs.interpreter_messages and visit.interpreter_id:
            planned.append((_interpreter_key(visit, interpreter_kind), visit, "interpreter", interpreter_kind))
    taken = taken_keys(key for key, *_rest in planned)
    covered = _covered_by_change_messages(school, planned)
    with translation.override(settings.LANGUAGE_CODE):
        for key, visit, who, kind in planned:
            if key in taken or (visit.pk, who, kind) in covered:
                continue
            due = _parent_due(visit, kind) if who == "parent" else _interpreter_due(visit, kind)
            if due is not None:
                yield due


# --- Care coordinator and directie ------------------------------------------------------------------


def _care_coordinators(school: School) -> list[User]:
    return [m.user for m in staff_of_school(school, [Role.CARE_COORDINATOR]) if m.user.email]


def care_flag_messages(case: CareCase) -> list[Due]:
    """A new acute or urgent flag: each care coordinator of the school, at once. Urgency,
    school and a link — no pupil, family, reason or report text."""
    with translation.override(settings.LANGUAGE_CODE):
        label = case.get_urgency_display()
        subject = _("Nieuwe zorgmelding: %(urgency)s") % {"urgency": label}
        body = _(
            "Er wacht een nieuwe zorgmelding op u.\n\n"
            "Hoe snel: %(urgency)s\n"
            "School: %(school)s\n\n"
            "Bekijk de melding (na inloggen):\n%(link)s\n\n"
            "In deze e-mail staat bewust geen naam of inhoud."
        ) % {
            "urgency": label,
            "school": case.school.name,
            "link": absolute(reverse("visits:care_case", args=[case.pk])),
        }
    return [
        _staff_email(
            user,
            "care_flag",
            f"{case.pk}:{user.pk}",
            subject=str(subject),
            body=body,
        )
        for user in _care_coordinators(case.school)
    ]


def due_care_unreviewed(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """From the send hour, ``care_unreviewed_days`` days after a case was opened without any
    step taken since: each care coordinator, once per case."""
    local = _local(now)
    if local.hour < rs.send_hour:
        return
    before, _end = _day_bounds(local.date() - datetime.timedelta(days=rs.care_unreviewed_days - 1))
    cases = (
        CareCase.objects.filter(school=school, status=CareCase.Status.OPEN, opened_at__lt=before)
        .annotate(steps=Count("entries"))
        .filter(steps=0)
        .order_by("opened_at")
    )
    coordinators = _care_coordinators(school)
    for case in cases:
        days = (local.date() - _local(case.opened_at).date()).days
        for user in coordinators:
            yield _staff_email(
                user,
                "care_unreviewed",
                f"{case.pk}:{user.pk}",
                subject=ngettext("Zorgmelding wacht al %(days)d dag", "Zorgmelding wacht al %(days)d dagen", days)
                % {"days": days},
                body=ngettext(
                    "Een zorgmelding (hoe snel: %(urgency)s) wacht al %(days)d dag zonder vervolgstap.\n\n"
                    "Bekijk de melding (na inloggen):\n%(link)s\n\n"
                    "In deze e-mail staat bewust geen naam of inhoud.",
                    "Een zorgmelding (hoe snel: %(urgency)s) wacht al %(days)d dagen zonder vervolgstap.\n\n"
                    "Bekijk de melding (na inloggen):\n%(link)s\n\n"
                    "In deze e-mail staat bewust geen naam of inhoud.",
                    days,
                )
                % {
                    "urgency": case.get_urgency_display(),
                    "days": days,
                    "link": absolute(reverse("visits:care_case", args=[case.pk])),
                },
            )


DIGEST_ROWS = [
    ("not_contacted", gettext_lazy("Nog geen contact")),
    ("to_plan", gettext_lazy("Nog plannen")),
    ("scheduled", gettext_lazy("Gepland")),
    ("visited", gettext_lazy("Bezocht, verslag nog maken")),
    ("reported", gettext_lazy("Verslag klaar")),
    ("declined", gettext_lazy("Ouders willen geen bezoek")),
    ("unreachable", gettext_lazy("Niet bereikbaar")),
    ("cancelled", gettext_lazy("Geannuleerd")),
]


def digest_counts(school: School, programme: Programme) -> dict[str, int]:
    """Counts only: the cohort by visit status, and open care cases (one query each).

    The same cohort as the dashboard (a pupil who left before the period began does not
    count), and the rows of ``DIGEST_ROWS`` are disjoint: together they add up to ``total``."""
    cohort = Pupil.objects.filter(school=school).exclude(left_on__lt=programme.period_start)
    pupils = selectors.with_visit_status(selectors.in_cohort(cohort, programme), programme.school_year)
    S = Visit.Status
    counts = pupils.order_by().aggregate(
        total=Count("pk"),
        not_contacted=Count("pk", filter=Q(contacted=False, visit_status=S.TO_PLAN)),
        to_plan=Count("pk", filter=Q(contacted=True, visit_status=S.TO_PLAN) | Q(visit_status=S.CONTACTED)),
        scheduled=Count("pk", filter=Q(visit_status=S.SCHEDULED)),
        visited=Count("pk", filter=Q(visit_status=S.VISITED)),
        reported=Count("pk", filter=Q(visit_status=S.REPORTED)),
        declined=Count("pk", filter=Q(visit_status__in=[S.DECLINED, S.INVITED_AT_SCHOOL])),
        unreachable=Count("pk", filter=Q(visit_status=S.UNREACHABLE)),
        cancelled=Count("pk", filter=Q(visit_status=S.CANCELLED)),
    )
    counts["cases_open"] = CareCase.objects.filter(school=school, status=CareCase.Status.OPEN).count()
    return counts


def due_directie_digest(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """On the digest weekday from the send hour: each member of the directie, once a week."""
    local = _local(now)
    if local.weekday() != rs.digest_weekday or local.hour < rs.send_hour:
        return
    programme = _programme_on(school, local.date())
    if programme is None:
        return
    counts = digest_counts(school, programme)
    year, week, _weekday = local.isocalendar()
    lines = [_("Leerlingen in het programma: %(n)d") % {"n": counts["total"]}]
    lines += [f"{label}: {counts[key]}" for key, label in DIGEST_ROWS]
    lines.append(_("Open zorgmeldingen: %(n)d") % {"n": counts["cases_open"]})
    for member in staff_of_school(school, [Role.DIRECTIE]):
        user = member.user
        if not user.email:
            continue
        yield _staff_email(
            user,
            "directie_digest",
            f"{school.pk}:{year}-W{week:02d}:{user.pk}",
            subject=_("Huisbezoeken: stand van week %(week)d") % {"week": week},
            body=_("Beste %(name)s,") % {"name": user.first_name}
            + "\n\n"
            + _("Zo staan de huisbezoeken van %(school)s ervoor (%(date)s):")
            % {"school": school.name, "date": f"{local:%d-%m-%Y}"}
            + "\n\n"
            + "\n".join(lines)
            + "\n\n"
            + absolute(reverse("home")),
        )


# --- The sweep ------------------------------------------------------------------------------------


def due_for_school(school: School, now: datetime.datetime, rs: ReminderSettings) -> Iterator[Due]:
    """Everything due at ``school`` at ``now`` under its settings (already-sent ones included:
    the keys sort those out)."""
    with translation.override(settings.LANGUAGE_CODE):
        if rs.teacher_not_contacted:
            yield from due_not_contacted(school, now, rs)
        if rs.teacher_visit_tomorrow:
            yield from due_visit_tomorrow(school, now, rs)
        if rs.teacher_report_overdue:
            yield from due_report_overdue(school, now, rs)
        if rs.parent_confirmation or rs.parent_reminder or rs.interpreter_messages:
            yield from due_visit_messages(school, now, rs)
        if rs.care_unreviewed:
            yield from due_care_unreviewed(school, now, rs)
        if rs.directie_digest:
            yield from due_directie_digest(school, now, rs)


def queue(school: School, dues: Iterable[Due]) -> int:
    """Queue the messages under their keys, all in one statement; returns how many were new.
    They are sent after the caller's transaction commits, in batches."""
    return notifications.notifications_queue_many(
        school=school,
        messages=[
            notifications.Outgoing(
                key=due.key,
                kind=due.kind,
                channel=due.channel,
                address=due.address,
                subject=due.subject,
                body=due.body,
                language=due.language,
                user=due.user,
                family_id=due.family_id,
                window=due.window,
            )
            for due in dues
            if due.address
        ],
    )


@transaction.atomic
def reminders_queue_for_school(*, school: School, now: datetime.datetime | None = None) -> int:
    """Queue every reminder due at ``school`` now; each is sent after this transaction commits.

    Rule: a message is queued at most once, ever (its key); see the module docstring."""
    now = now or timezone.now()
    rs = reminder_settings_for(school=school)
    return queue(school, due_for_school(school, now, rs))


def reminders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Every school in turn, each in its own transaction (one school's trouble stops no other)."""
    now = now or timezone.now()
    total = 0
    for school in School.objects.order_by("pk"):
        try:
            total += reminders_queue_for_school(school=school, now=now)
        except Exception:
            logger.exception("Reminder sweep failed for school %s", school.pk)
    logger.info("Reminder sweep: %d message(s) queued", total)
    return total


@transaction.atomic
def care_flag_notify(*, case: CareCase) -> int:
    """Queue the at-once e-mail about a new acute or urgent flag to every care coordinator.

    Called inside the transaction that opens the case: the messages go out after it commits,
    once per case and coordinator, however often this is called."""
    return queue(case.school, care_flag_messages(case))


def families_to_call(*, user: User, school: School, now: datetime.datetime | None = None) -> list[Visit]:
    """The user's upcoming planned visits whose family gets no message (no usable channel, or a talk
    at school, which the messages do not cover): the teacher confirms these by phone. At most two
    queries."""
    now = now or timezone.now()
    visits = (
        Visit.objects.filter(school=school, status=Visit.Status.SCHEDULED, starts_at__gt=now)
        .filter(Q(lead_visitor=user) | Q(colleague=user))
        .select_related("family")
        .prefetch_related(Prefetch("family__guardians", queryset=Guardian.objects.order_by("-is_main_carer", "pk")))
        .order_by("starts_at")
    )
    return [
        visit
        for visit in visits
        if visit.kind == Visit.Kind.SCHOOL_TALK or selectors.family_contact(visit.family) is None
    ]
