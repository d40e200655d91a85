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

What is removed is not listed here: every app registers what it stores about a family in the
core's personal-data registry (``huisbezoek.personal_data``), and the purge runs each entry.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit
from huisbezoek.limits import NOTE_MAX, check_lengths
from huisbezoek.models import Membership, Role, School
from huisbezoek.personal_data import Purge, registry
from visits import personal_data

from . import selectors
from .models import AccessExport, CorrectionRequest, PurgeRun, RetentionPolicy

if TYPE_CHECKING:
    from huisbezoek.models import User
    from visits.models import Family

logger = logging.getLogger(__name__)


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
    for planned in selectors.retention_plan(school=school, today=today):
        action = planned.action(today)
        if not action:
            continue
        if dry_run:
            counts[f"families_{action}"] += 1
            continue
        # Every app's registered entry removes what it stores about the family.
        counts.update(registry.purge(planned.family, Purge(action)))
    cutoff = selectors.consults_cutoff(policy, today)
    if dry_run:
        if consults := personal_data.consults_without_visit_count(school=school, asked_before=cutoff):
            counts["consult"] += consults
    else:
        counts.update(personal_data.consults_without_visit_delete(school=school, asked_before=cutoff))
    run = PurgeRun.objects.create(school=school, dry_run=dry_run, by=by, counts=dict(sorted(counts.items())))
    logger.info("Retention %s for school %s: %s", "dry run" if dry_run else "purge", school.pk, run.counts)
    return run


# --- Right of access -------------------------------------------------------------------------


@transaction.atomic
def access_export_record(*, school: School, family: Family, by: User, format: str, redacted: int) -> AccessExport:
    """Record that an export was made (not its content), in the export log and the audit trail
    (who exported which family's data, when). Rule: only an administrator of the school."""
    _require_administrator(school=school, by=by)
    if family.school_id != school.pk:
        raise PermissionDenied
    audit.record(
        user=by,
        school=school,
        object_type=personal_data.FAMILY_AUDIT_TYPE,
        object_id=family.pk,
        action=audit.Action.EXPORT,
        allowed=True,
    )
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
    check_lengths(request=(request, NOTE_MAX))
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
    check_lengths(note=(note, NOTE_MAX))
    correction.decision, correction.decision_note = decision, note
    correction.decided_on, correction.decided_by = timezone.localdate(), by
    correction.save(update_fields=["decision", "decision_note", "decided_on", "decided_by"])
    return correction
