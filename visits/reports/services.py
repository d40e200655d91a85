"""Writing the visit report: drafts that never lose text, submission, versions on later edits,
and asking the care coordinator for a consult. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from huisbezoek import audit
from huisbezoek.limits import CONSULT_QUESTION_MAX, REPORT_TEXT_MAX, check_lengths

from .. import audit_types
from ..care.services import case_open_from_report
from ..models import Consult, Report, ReportAgreement, ReportVersion, Visit
from ..services import TRANSITIONS, record_transition

if TYPE_CHECKING:
    from huisbezoek.models import User

S = Visit.Status
CONTENT_FIELDS = (
    "pupil_present",
    "topics",
    "going_well",
    "key_points",
    "confidential_notes",
    "minutes_visit",
    "minutes_travel",
    "minutes_report",
    "signal_poverty",
    "signal_homework_place",
    "signal_wellbeing",
    "signal_safety",
    "flagged",
    "flag_urgency",
    "flag_reason",
)
TEXT_FIELDS = ("topics", "going_well", "key_points", "confidential_notes", "flag_reason")
# The short report of a talk at school (the family wanted no home visit): key points and agreements.
SHORT_CONTENT_FIELDS = ("key_points",)


def content_fields(visit: Visit) -> tuple[str, ...]:
    """What the visit's report holds: the whole report, or the short one of a talk at school."""
    return SHORT_CONTENT_FIELDS if visit.kind == Visit.Kind.SCHOOL_TALK else CONTENT_FIELDS


@dataclass
class Agreement:
    what: str
    owner: str
    due: datetime.date | None = None


@dataclass
class ReportContent:
    """What the teacher typed; every field may be empty in a draft."""

    values: dict[str, Any]
    agreements: list[Agreement] = field(default_factory=list)


def _audit(by: User, report: Report, action: str) -> None:
    """Record the change in the audit trail (inside the change's transaction: no change, no row)."""
    audit.record(
        user=by,
        school=report.school,
        object_type=audit_types.REPORT,
        object_id=report.pk,
        action=action,
        allowed=True,
    )


def report_writers(visit: Visit) -> set[int]:
    """The visitors write the report: the lead visitor and the duo colleague."""
    return {pk for pk in (visit.lead_visitor_id, visit.colleague_id) if pk}


def _check_writer(visit: Visit, by: User) -> None:
    if by.pk not in report_writers(visit):
        raise ValidationError(_("Alleen de bezoekers schrijven het verslag van dit bezoek."), code="writer")


def _ready_for_report(visit: Visit) -> bool:
    started = visit.starts_at is not None and visit.starts_at <= timezone.now()
    return visit.status in (S.VISITED, S.REPORTED) or (visit.status == S.SCHEDULED and started)


def report_for_writing(*, visit: Visit, by: User) -> Report:
    """The visit's report as its writer opens it: the saved one, or a new draft with the visit's
    agenda as topics, not yet saved (opening the form writes nothing; ``report_open`` saves it).

    Only the visitors write it, and only once the visit has begun."""
    _check_writer(visit, by)
    existing = Report.objects.filter(visit=visit).first()
    if existing is not None:
        return existing
    if not _ready_for_report(visit):
        raise ValidationError(_("U kunt het verslag schrijven zodra het bezoek is begonnen."), code="early")
    topics = "\n".join(filter(None, [visit.agenda.strip(), visit.requested_topics.strip()]))
    return Report(school=visit.school, visit=visit, author=by, topics=topics)


@transaction.atomic
def report_open(*, visit: Visit, by: User) -> Report:
    """The visit's report, created as a draft with the visit's agenda as topics (see
    ``report_for_writing`` for the rules)."""
    report = report_for_writing(visit=visit, by=by)
    if report.pk is None:
        report.save()
        _audit(by, report, audit.Action.CREATE)
    return report


def _snapshot(report: Report) -> str:
    data = {name: getattr(report, name) for name in CONTENT_FIELDS}
    data["agreements"] = [
        {"what": a.what, "owner": a.owner, "due": a.due.isoformat() if a.due else None} for a in report.agreements.all()
    ]
    data["submitted_at"] = report.submitted_at.isoformat() if report.submitted_at else None
    return json.dumps(data, ensure_ascii=False)


def _write(report: Report, content: ReportContent) -> None:
    check_lengths(
        **{name: (content.values.get(name) or "", REPORT_TEXT_MAX) for name in TEXT_FIELDS if name in content.values}
    )
    for name in content_fields(report.visit):
        if name in content.values:
            setattr(report, name, content.values[name])
    if not report.flagged:
        report.flag_urgency, report.flag_reason = "", ""
    report.agreements.all().delete()
    ReportAgreement.objects.bulk_create(
        [ReportAgreement(report=report, what=a.what, owner=a.owner, due=a.due) for a in content.agreements if a.what]
    )


def _locked(report: Report, expected_version: int | None) -> Report:
    fresh = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise ValidationError(
            _(
                "Iemand anders heeft dit verslag net opgeslagen. Uw tekst staat hieronder nog; vergelijk hem met "
                "de nieuwe versie en sla opnieuw op."
            ),
            code="stale",
        )
    return fresh


@transaction.atomic
def report_write(
    *, visit: Visit, by: User, content: ReportContent, submit: bool, expected_version: int | None
) -> Report:
    """Save what the writer typed: as a draft, or submitted (``report_submit``'s rules). The report
    is created with its first save; when the save is refused, nothing is written, not even that."""
    report = report_open(visit=visit, by=by)
    save = report_submit if submit else report_save_draft
    return save(report=report, content=content, by=by, expected_version=expected_version)


@transaction.atomic
def report_save_draft(*, report: Report, content: ReportContent, by: User, expected_version: int | None) -> Report:
    """Keep what was typed in a draft, complete or not, so nothing is ever lost."""
    _check_writer(report.visit, by)
    report = _locked(report, expected_version)
    if report.status != Report.Status.DRAFT:
        raise ValidationError(_("Dit verslag is al ingediend. Sla uw wijziging op met 'Verslag opslaan'."))
    _write(report, content)
    report.version += 1
    report.save()
    _audit(by, report, audit.Action.CHANGE)
    return report


def _keep_version(report: Report, by: User) -> None:
    number = report.versions.count() + 1
    ReportVersion.objects.create(report=report, number=number, content=_snapshot(report), saved_by=by)


def _submission_errors(report: Report) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if report.visit.kind == Visit.Kind.SCHOOL_TALK:
        if not report.key_points.strip():
            errors["key_points"] = [_("Schrijf kort de hoofdpunten van het gesprek op (of: 'geen bijzonderheden').")]
        return errors
    if not report.pupil_present:
        errors["pupil_present"] = [_("Geef aan of het kind erbij was.")]
    if not report.key_points.strip():
        errors["key_points"] = [_("Schrijf kort de hoofdpunten voor collega's op (of: 'geen bijzonderheden').")]
    if report.minutes_visit is None:
        errors["minutes_visit"] = [_("Vul in hoe lang het bezoek duurde.")]
    if report.flagged:
        if not report.flag_urgency:
            errors["flag_urgency"] = [_("Kies hoe snel de zorgcoördinator moet kijken.")]
        if not report.flag_reason.strip():
            errors["flag_reason"] = [_("Schrijf waarom u de zorgcoördinator inschakelt.")]
    if report.signal_safety and not report.flagged:
        errors["flagged"] = [_("U maakt zich zorgen over de veiligheid: schakel de zorgcoördinator in.")]
    return errors


def report_submit(*, report: Report, content: ReportContent, by: User, expected_version: int | None) -> Report:
    """Submit the report: it goes into the pupil file and the visit becomes "reported".

    Required: whether the pupil was present, key points for colleagues, the visit's length,
    and for a flag its urgency and reason; worries about safety always need a flag. The short
    report of a talk at school needs its key points only. A draft
    is saved first, so a refusal never loses text. Editing a submitted report keeps the
    earlier version, is only saved when complete, and clears the "copied to the pupil
    administration" tick. A flag opens a case for the care
    coordinator (who is told at once for urgent and acute ones)."""
    if report.status == Report.Status.DRAFT:
        report = report_save_draft(report=report, content=content, by=by, expected_version=expected_version)
        expected_version = report.version
    with transaction.atomic():
        _check_writer(report.visit, by)
        report = _locked(report, expected_version)
        if report.status == Report.Status.SUBMITTED:
            _keep_version(report, by)
            _write(report, content)
            report.version += 1
            # The pupil administration holds the earlier version: the new one is to be copied again.
            report.copied_to_pupil_file_on, report.copied_to_pupil_file_by = None, None
        errors = _submission_errors(report)
        if errors:
            raise ValidationError(errors)
        if report.status == Report.Status.DRAFT:
            report.status = Report.Status.SUBMITTED
            report.submitted_at = timezone.now()
            visit = Visit.objects.select_for_update().get(pk=report.visit_id)
            if visit.status == S.SCHEDULED:
                record_transition(visit, to_status=S.VISITED, by=by)
            if S.REPORTED in TRANSITIONS[visit.status]:
                record_transition(visit, to_status=S.REPORTED, by=by)
            visit.save()
        report.save()
        _audit(by, report, audit.Action.CHANGE)
        if report.flagged:
            case_open_from_report(report=report, by=by)
    return report


@transaction.atomic
def report_mark_copied(*, report: Report, by: User) -> Report:
    """Tick off that the report's key points and agreements are copied into the school's pupil
    administration: today, by ``by``. Only a submitted report, and only once (an edit of the
    report clears the tick, so its new version is copied again)."""
    # No join under the lock: PostgreSQL locks no row on the nullable side of an outer join.
    report = Report.objects.select_for_update().defer("confidential_notes", "flag_reason").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Dit verslag is nog niet ingediend; er is nog niets over te nemen."), code="draft")
    if report.copied_to_pupil_file_on is not None:
        raise ValidationError(
            _("Dit verslag is al overgenomen in het leerlingdossier op %(day)s door %(name)s.")
            % {
                "day": date_format(report.copied_to_pupil_file_on, "j F Y"),
                "name": report.copied_to_pupil_file_by or _("onbekend"),
            },
            code="copied",
        )
    report.copied_to_pupil_file_on = timezone.localdate()
    report.copied_to_pupil_file_by = by
    report.save(update_fields=["copied_to_pupil_file_on", "copied_to_pupil_file_by"])
    _audit(by, report, audit.Action.CHANGE)
    return report


@transaction.atomic
def consult_ask(*, visit: Visit, by: User, moment: str, question: str) -> Consult:
    """A teacher of the visit asks the care coordinator for advice (the backstop)."""
    if not question.strip():
        raise ValidationError({"question": _("Schrijf uw vraag op.")})
    check_lengths(question=(question, CONSULT_QUESTION_MAX))
    consult = Consult.objects.create(
        school=visit.school,
        school_year=visit.school_year,
        asked_by=by,
        visit=visit,
        moment=moment,
        question=question.strip(),
    )
    audit.record(
        user=by,
        school=visit.school,
        object_type=audit_types.CONSULT,
        object_id=consult.pk,
        action=audit.Action.CREATE,
        allowed=True,
    )
    return consult
