"""Retention and purge, the right of access, and correction requests (AVG duties of a school).

Retention rules (see SECURITY.md, "Retention and right of access"):

* A family's reports and data are kept until ``family_years`` after the day its last pupil
  left the school (``Pupil.left_on``). While one child is still at school, nothing of the
  family goes.
* Closed care cases are kept until ``care_years`` after that day; an open case is never purged.
  When the family's period ends before the care period, the family is anonymised: only the
  care cases and the pupils' names remain.
* Until an administrator has looked at the dry run and switched the purge on, the daily task
  only records what it would remove (a dry run).
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.services import invitations_forget_family
from huisbezoek import audit
from huisbezoek.models import Membership, Role, School
from visits import personal_data

from .models import AccessExport, CorrectionRequest, PurgeRun, RetentionPolicy

if TYPE_CHECKING:
    from huisbezoek.models import User
    from visits.models import Family

logger = logging.getLogger(__name__)

SOON_DAYS = 92  # the dry run also shows what expires within about three months


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _require_administrator(*, school: School, by: User) -> None:
    if not Membership.objects.filter(user=by, school=school, role=Role.ADMINISTRATOR, user__is_active=True).exists():
        raise PermissionDenied


def policy_for(*, school: School) -> RetentionPolicy:
    """The school's retention policy; the defaults (2 and 5 years, not active) until an administrator
    changes them. A read: a school that never changed them gets the defaults unsaved."""
    return RetentionPolicy.objects.filter(school=school).first() or RetentionPolicy(school=school)


def _policy_row(school: School) -> RetentionPolicy:
    """The school's policy row, made with the defaults when an administrator first changes it."""
    policy, _created = RetentionPolicy.objects.get_or_create(school=school)
    return policy


@transaction.atomic
def policy_update(*, school: School, family_years: int, care_years: int, by: User) -> RetentionPolicy:
    """Change the retention periods. Rule: only an administrator of the school; 1-10 and 1-20 years."""
    _require_administrator(school=school, by=by)
    if not 1 <= family_years <= 10 or not 1 <= care_years <= 20:
        raise ValidationError(_("Kies 1 tot 10 jaar voor gezinsgegevens en 1 tot 20 jaar voor zorgmeldingen."))
    policy = _policy_row(school)
    policy.family_years, policy.care_years = family_years, care_years
    policy.save(update_fields=["family_years", "care_years"])
    return policy


@transaction.atomic
def policy_activate(*, school: School, by: User, active: bool) -> RetentionPolicy:
    """Switch the nightly purge on (after the administrator has seen the dry run) or back off."""
    _require_administrator(school=school, by=by)
    policy = _policy_row(school)
    policy.active_since = timezone.now() if active else None
    policy.activated_by = by if active else None
    policy.save(update_fields=["active_since", "activated_by"])
    return policy


@dataclass(frozen=True)
class PlannedPurge:
    """What retention does to one family, and when."""

    family: Family
    left_on: datetime.date
    family_due: datetime.date
    care_due: datetime.date
    care_cases: int
    open_care_cases: int
    anonymised: bool  # already anonymised earlier

    def action(self, today: datetime.date) -> str:
        """``delete``, ``anonymise``, ``delete_care`` or ``""`` (nothing yet) on ``today``."""
        family_expired = self.family_due <= today
        care_held = self.open_care_cases > 0 or (self.care_cases > 0 and self.care_due > today)
        if family_expired and not care_held:
            return "delete"
        if family_expired and not self.anonymised:
            return "anonymise"
        # Closed care cases past their own period go, also while a sibling's case is still open.
        if self.care_due <= today and self.care_cases > self.open_care_cases:
            return "delete_care"
        return ""

    @property
    def due(self) -> datetime.date:
        """The next day something of this family is removed."""
        if self.care_cases and self.care_due < self.family_due:
            return self.care_due
        return self.family_due


def retention_plan(*, school: School, today: datetime.date | None = None) -> list[PlannedPurge]:
    """Every family whose pupils have all left, with its dates; one query for families and pupils."""
    policy = policy_for(school=school)
    plans = []
    for family in personal_data.families_left(school=school):
        left_on = family.last_left_on  # type: ignore[attr-defined]
        plans.append(
            PlannedPurge(
                family=family,
                left_on=left_on,
                family_due=add_years(left_on, policy.family_years),
                care_due=add_years(left_on, policy.care_years),
                care_cases=family.care_cases,  # type: ignore[attr-defined]
                open_care_cases=family.open_care_cases,  # type: ignore[attr-defined]
                anonymised=family.name == personal_data.ANONYMISED_NAME,
            )
        )
    return plans


def _detach_audit(ids: dict[str, list[int]], counts: Counter[str]) -> None:
    """The audit trail holds no content, only numbers: cut its link to what is purged (rows stay)."""
    for object_type, object_ids in ids.items():
        if detached := audit.detach_objects(object_type=object_type, object_ids=object_ids):
            counts["audit_detached"] += detached


def consults_cutoff(policy: RetentionPolicy, today: datetime.date) -> datetime.datetime:
    day = add_years(today, -policy.care_years)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def retention_purge(
    *, school: School, today: datetime.date | None = None, dry_run: bool | None = None, by: User | None = None
) -> PurgeRun:
    """Remove (or, in a dry run, count) everything of ``school`` whose retention has ended.

    Rule: see the module docstring. ``dry_run`` defaults to "the purge is not switched on yet".
    The run is recorded with counts only. Running twice on one day removes nothing the second time.
    """
    today = today or timezone.localdate()
    policy = policy_for(school=school)
    if dry_run is None:
        dry_run = policy.active_since is None
    counts: Counter[str] = Counter()
    for planned in retention_plan(school=school, today=today):
        action = planned.action(today)
        if not action:
            continue
        if dry_run:
            counts[f"families_{action}"] += 1
            continue
        family = planned.family
        if action in ("delete", "anonymise"):
            counts["parentinvitation"] += invitations_forget_family(school=school, family_id=family.pk)
        if action == "delete":
            _detach_audit(personal_data.family_object_ids(family=family), counts)
            counts.update(personal_data.family_delete(family=family))
        elif action == "anonymise":
            _detach_audit(personal_data.family_object_ids(family=family, care=False), counts)
            counts["correctionrequest"] += CorrectionRequest.objects.filter(family=family).delete()[0]
            counts.update(personal_data.family_anonymise(family=family))
        else:
            _detach_audit({"care_case": personal_data.closed_care_case_ids(family=family)}, counts)
            counts.update(personal_data.care_cases_delete(family=family))
    cutoff = consults_cutoff(policy, today)
    if dry_run:
        if consults := personal_data.consults_without_visit_count(school=school, asked_before=cutoff):
            counts["consult"] += consults
    else:
        removed, consult_ids = personal_data.consults_without_visit_delete(school=school, asked_before=cutoff)
        counts.update(removed)
        _detach_audit({audit.ObjectType.CONSULT: consult_ids}, counts)
    run = PurgeRun.objects.create(school=school, dry_run=dry_run, by=by, counts=dict(sorted(counts.items())))
    logger.info("Retention %s for school %s: %s", "dry run" if dry_run else "purge", school.pk, run.counts)
    return run


# --- Right of access -------------------------------------------------------------------------


@transaction.atomic
def access_export_record(*, school: School, family: Family, by: User, format: str, redacted: int) -> AccessExport:
    """Record that an export was made (not its content). Rule: only an administrator of the school."""
    _require_administrator(school=school, by=by)
    if family.school_id != school.pk:
        raise PermissionDenied
    return AccessExport.objects.create(school=school, family=family, made_by=by, format=format, redacted=redacted)


@transaction.atomic
def correction_record(
    *, school: School, family: Family, received_on: datetime.date, requested_by: str, request: str, by: User
) -> CorrectionRequest:
    """Record a parent's request to correct what is stored. Rule: administrator; not in the future."""
    _require_administrator(school=school, by=by)
    if family.school_id != school.pk:
        raise PermissionDenied
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("Deze datum ligt in de toekomst.")})
    return CorrectionRequest.objects.create(
        school=school,
        family=family,
        received_on=received_on,
        requested_by=requested_by,
        request=request,
        recorded_by=by,
    )


@transaction.atomic
def correction_decide(*, correction: CorrectionRequest, decision: str, note: str, by: User) -> CorrectionRequest:
    """Record the decision on a correction request. Rule: administrator; a refusal needs a reason."""
    _require_administrator(school=correction.school, by=by)
    if decision not in CorrectionRequest.Decision.values or decision == CorrectionRequest.Decision.PENDING:
        raise ValidationError({"decision": _("Kies een besluit.")})
    if decision in (CorrectionRequest.Decision.REFUSED, CorrectionRequest.Decision.PARTLY) and not note.strip():
        raise ValidationError({"note": _("Schrijf op waarom (een deel van) het verzoek is afgewezen.")})
    correction.decision, correction.decision_note = decision, note
    correction.decided_on, correction.decided_by = timezone.localdate(), by
    correction.save(update_fields=["decision", "decision_note", "decided_on", "decided_by"])
    return correction
