"""State changes of the care side: meldcode cases, their steps, and answers to consults.

Every function is keyword-only and runs in one transaction. Case entries are append-only:
nothing here updates or deletes an entry; a correction is a new entry that supersedes the
old one. Who may do what is checked against the user's roles at the case's school, not
against the request, so the rules hold wherever the service is called from.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit
from huisbezoek.limits import CARE_TEXT_MAX, check_lengths
from huisbezoek.models import Membership, Role

from .. import audit_types
from ..models import CareCase, CaseEntry, Consult, Pupil, Report, VisitPupil
from ..reminders import rules as reminders
from .access import is_care_coordinator, teacher_involved_q
from .meldcode import FORCES_REPORT, QUESTION_KEYS

if TYPE_CHECKING:
    from huisbezoek.models import School, User

logger = logging.getLogger(__name__)

Step = CaseEntry.Step
Outcome = CareCase.Outcome
Urgency = Report.Urgency


def _audit(by: User, school: School, object_type: str, object_id: int, action: str) -> None:
    """Record the change in the audit trail (inside the change's transaction: no change, no row)."""
    audit.record(user=by, school=school, object_type=object_type, object_id=object_id, action=action, allowed=True)


# Steps only the care coordinator takes: weighing and deciding.
COORDINATOR_STEPS = frozenset({Step.WEIGH, Step.DECIDE})
# Urgencies that e-mail the care coordinators at once; "normal" waits in the queue.
NOTIFY_AT_ONCE = frozenset({Urgency.ACUTE, Urgency.URGENT})
# Outcomes that end a case without weighing and deciding (steps 4 and 5).
WITHOUT_DECISION = frozenset({Outcome.NO_CONCERN, Outcome.UNFOUNDED})


def _care_coordinator_only(user: User, school: School) -> None:
    if not is_care_coordinator(user, school):
        raise PermissionDenied(_("Alleen de zorgcoördinator mag dit doen."))


def _locked_open(case: CareCase) -> CareCase:
    """Re-read the case under a row lock (entries and closing wait for each other); it must be open."""
    fresh = CareCase.objects.select_for_update().select_related("school").get(pk=case.pk)
    if fresh.status != CareCase.Status.OPEN:
        raise ValidationError(_("Deze melding is afgesloten. Er kan niets meer bij."), code="closed")
    return fresh


@transaction.atomic
def case_open_from_report(*, report: Report, by: User) -> CareCase:
    """Open the meldcode case of a submitted, flagged report, or return the one it already has.

    A report has at most one case, so calling this twice (a resubmitted report, a retry) opens
    nothing new and sends nothing again. The case takes the flag's urgency, the visit's first
    pupil and school year. An acute or urgent flag e-mails the school's care coordinators once
    the transaction has committed (only a link, no content), through the notification log,
    exactly once per case and coordinator (``visits.reminders.rules.care_flag_notify``)."""
    report = Report.objects.select_for_update().select_related("visit").get(pk=report.pk)
    existing = CareCase.objects.filter(report=report).first()
    if existing is not None:
        return existing
    if report.status != Report.Status.SUBMITTED or not report.flagged:
        raise ValidationError(_("Alleen een ingediend verslag met een zorgsignaal wordt een zorgmelding."))
    link = VisitPupil.objects.filter(visit=report.visit).select_related("pupil").order_by("pk").first()
    if link is None:
        raise ValidationError(_("Bij dit bezoek hoort geen leerling."))
    case = CareCase.objects.create(
        school=report.school,
        school_year=report.visit.school_year,
        pupil=link.pupil,
        report=report,
        urgency=report.flag_urgency or Urgency.NORMAL,
        opened_by=by,
    )
    _audit(by, case.school, audit_types.CARE_CASE, case.pk, audit.Action.CREATE)
    if case.urgency in NOTIFY_AT_ONCE:
        # Queued in this transaction and sent after it commits: a mail server that is down
        # retries later (visible in the log) and never undoes or hides the stored case.
        reminders.care_flag_notify(case=case)
    return case


@transaction.atomic
def case_open(*, pupil: Pupil, by: User, urgency: str) -> CareCase:
    """The care coordinator opens a case without a report (e.g. after a consult or a signal at school).

    The case belongs to the school year the pupil's group is in."""
    _care_coordinator_only(by, pupil.school)
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": _("Kies hoe snel deze melding aandacht nodig heeft.")})
    if pupil.group is None:
        raise ValidationError(_("Deze leerling zit niet in een groep, dus het schooljaar is niet bekend."))
    case = CareCase.objects.create(
        school=pupil.school, school_year=pupil.group.school_year, pupil=pupil, urgency=urgency, opened_by=by
    )
    _audit(by, case.school, audit_types.CARE_CASE, case.pk, audit.Action.CREATE)
    return case


def entry_allowed(*, user: User, case: CareCase, step: int) -> None:
    """Care coordinator: every step. A teacher of the pupil (or the report's author): signals only.

    Raises ``PermissionDenied`` with the reason; views ask before validating a form."""
    if is_care_coordinator(user, case.school):
        return
    if step in COORDINATOR_STEPS:
        raise PermissionDenied(_("Alleen de zorgcoördinator mag wegen (stap 4) en beslissen (stap 5)."))
    is_teacher = Membership.objects.filter(user=user, school=case.school, role=Role.TEACHER).exists()
    involved = is_teacher and CareCase.objects.filter(teacher_involved_q(user), pk=case.pk).exists()
    if not involved:
        raise PermissionDenied(_("U kunt bij deze melding niets toevoegen."))
    if step != Step.SIGNALS:
        raise PermissionDenied(
            _("Als leerkracht kunt u signalen toevoegen (stap 1); de andere stappen zet de zorgcoördinator.")
        )


def _answers_json(answers: dict[str, bool] | None) -> str:
    if answers is None or set(answers) != set(QUESTION_KEYS) or not all(isinstance(v, bool) for v in answers.values()):
        raise ValidationError({"answers": _("Beantwoord alle vijf vragen van het afwegingskader met ja of nee.")})
    return json.dumps({key: answers[key] for key in QUESTION_KEYS})


@transaction.atomic
def entry_add(
    *,
    case: CareCase,
    step: int,
    by: User,
    happened_on: datetime.date,
    text: str,
    agreed: str = "",
    source: str = "",
    source_detail: str = "",
    anonymous: bool = False,
    answers: dict[str, bool] | None = None,
    supersedes: CaseEntry | None = None,
) -> CaseEntry:
    """Add one dated step to an open case; a correction supersedes an earlier entry.

    Rules: the care coordinator may add every step; a teacher of the pupil only signals (step 1);
    anyone else nothing (``PermissionDenied``). Step 1 says whose observation it is (own, or what
    someone else told, and then who); step 4 answers all five weighing questions; "anonymous"
    belongs to step 2 (Veilig Thuis consulted without names). The date is not in the future.
    A correction names an entry of the same case and step that is still current; a teacher
    corrects only their own entries. Nothing is ever changed or deleted."""
    if step not in Step.values:
        raise ValidationError({"step": _("Onbekende stap.")})
    case = _locked_open(case)
    entry_allowed(user=by, case=case, step=step)
    check_lengths(
        text=(text, CARE_TEXT_MAX), agreed=(agreed, CARE_TEXT_MAX), source_detail=(source_detail, CARE_TEXT_MAX)
    )
    errors: dict[str, str] = {}
    text = text.strip()
    if not text:
        errors["text"] = _("Schrijf op wat er is gezien, besproken of besloten.")
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("De datum kan niet in de toekomst liggen.")
    if step == Step.SIGNALS:
        if source not in CaseEntry.Source.values:
            errors["source"] = _("Zeg of dit een eigen waarneming is of iets dat een ander vertelde.")
        elif source == CaseEntry.Source.OTHER and not source_detail.strip():
            errors["source_detail"] = _("Schrijf op wie dit vertelde (bijvoorbeeld: de buurvrouw, een broer).")
    else:
        source, source_detail = "", ""
    if anonymous and step != Step.CONSULT:
        errors["anonymous"] = _("Anoniem raadplegen hoort bij stap 2.")
    stored_answers = ""
    if step == Step.WEIGH:
        try:
            stored_answers = _answers_json(answers)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    elif answers:
        errors["answers"] = _("De vragen van het afwegingskader horen bij stap 4.")
    if supersedes is not None:
        old = CaseEntry.objects.select_for_update().filter(pk=supersedes.pk).first()
        if old is None or old.case_id != case.pk or old.step != step:
            errors["supersedes"] = _("U kunt alleen een eerdere invoer van dezelfde stap in deze melding corrigeren.")
        elif CaseEntry.objects.filter(supersedes=old).exists():
            errors["supersedes"] = _("Deze invoer is al gecorrigeerd. Corrigeer de nieuwste versie.")
        elif old.by_id != by.pk and not is_care_coordinator(by, case.school):
            raise PermissionDenied(_("U kunt alleen uw eigen invoer corrigeren."))
    if errors:
        raise ValidationError(errors)
    _audit(by, case.school, audit_types.CARE_CASE, case.pk, audit.Action.CHANGE)
    return CaseEntry.objects.create(
        case=case,
        step=step,
        by=by,
        happened_on=happened_on,
        text=text,
        agreed=agreed.strip(),
        source=source,
        source_detail=source_detail.strip(),
        anonymous=anonymous,
        answers=stored_answers,
        supersedes=supersedes,
    )


def current_entries(case: CareCase):  # -> QuerySet[CaseEntry]
    """The entries that still count: those nobody has corrected."""
    return case.entries.filter(superseded_by__isnull=True)


def latest_weighing(case: CareCase) -> dict[str, bool] | None:
    """The answers of the most recent current step-4 entry, or None when there is none."""
    entry = current_entries(case).filter(step=Step.WEIGH).order_by("-recorded_at", "-pk").first()
    return json.loads(entry.answers) if entry and entry.answers else None


@transaction.atomic
def case_close(*, case: CareCase, by: User, outcome: str, note: str) -> CareCase:
    """Close a case with an explicit outcome and a short explanation (care coordinator only).

    Rules: when the latest weighing (step 4, not corrected) found acute or structural unsafety,
    the only outcome is "reported to Veilig Thuis". "No concern" and "unfounded" need at least
    one signal (step 1) on record — what was looked at; "help organised" and "reported" need a
    weighing (step 4) and a decision (step 5). Corrected entries do not count."""
    _care_coordinator_only(by, case.school)
    case = _locked_open(case)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kies de uitkomst van deze melding.")})
    if not note.strip():
        raise ValidationError({"note": _("Licht de uitkomst kort toe.")})
    check_lengths(note=(note, CARE_TEXT_MAX))
    weighing = latest_weighing(case)
    if weighing and weighing.get(FORCES_REPORT) and outcome != Outcome.REPORTED:
        raise ValidationError(
            {
                "outcome": _(
                    "Bij stap 4 is acute of structurele onveiligheid vastgesteld. "
                    "Dan is de enige uitkomst: melden bij Veilig Thuis."
                )
            }
        )
    steps = set(current_entries(case).values_list("step", flat=True))
    if outcome in WITHOUT_DECISION:
        if Step.SIGNALS not in steps:
            raise ValidationError(_("Leg eerst bij stap 1 vast welke signalen er waren."))
    elif not {Step.WEIGH, Step.DECIDE} <= steps:
        raise ValidationError(_("Vul eerst stap 4 (wegen) en stap 5 (beslissen) in."))
    case.status = CareCase.Status.CLOSED
    case.outcome = outcome
    case.outcome_note = note.strip()
    case.closed_at = timezone.now()
    case.closed_by = by
    case.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "closed_by"])
    _audit(by, case.school, audit_types.CARE_CASE, case.pk, audit.Action.CHANGE)
    return case


@transaction.atomic
def consult_answer(*, consult: Consult, by: User, answer: str) -> Consult:
    """The care coordinator answers a teacher's consult, once.

    A consult has one answer; a second one is refused (talk again in a new consult or a case),
    so what the teacher read is never silently replaced."""
    _care_coordinator_only(by, consult.school)
    consult = Consult.objects.select_for_update().get(pk=consult.pk)
    if consult.answered_at is not None:
        raise ValidationError(_("Dit overleg is al beantwoord."), code="answered")
    if not answer.strip():
        raise ValidationError({"answer": _("Schrijf uw antwoord op.")})
    check_lengths(answer=(answer, CARE_TEXT_MAX))
    consult.answer = answer.strip()
    consult.answered_by = by
    consult.answered_at = timezone.now()
    consult.save(update_fields=["answer", "answered_by", "answered_at"])
    _audit(by, consult.school, audit_types.CONSULT, consult.pk, audit.Action.CHANGE)
    return consult
