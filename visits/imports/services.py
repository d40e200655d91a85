"""Writing an import from the pupil administration, and keeping the file between preview and confirm.

``import_apply`` is the only function that writes pupils, families, guardians and groups from a
file. The pending upload is a file ``imports/<random>.csv`` in the default storage (the storage API
only, so a preview on one web server can be confirmed on another, also with S3); the preview
page carries a signed token that names it, so no model (and no migration) is needed for it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import audit
from huisbezoek.models import Membership, Role, School, SchoolYear

from .. import audit_types
from ..enrolments.services import enrolments_set
from ..models import Family, FamilyLanguage, Group, Guardian, Pupil
from ..selectors.pupils import current_school_year
from ..signals import family_addresses_changed
from .columns import RowError
from .plan import Change, Conflict, FamilyPlan, ImportPlan, build_plan

if TYPE_CHECKING:
    from huisbezoek.models import User

logger = logging.getLogger(__name__)

ADDRESS_FIELDS = frozenset({"street", "house_number", "postcode", "city"})
ADDRESS_CLEARS_LOCATION = {"latitude": None, "longitude": None, "location_source": Family.LocationSource.NONE}

TOKEN_SALT = "visits.import"  # noqa: S105 - a signing salt (separates token kinds), not a secret
PENDING_MAX_AGE = 3600  # seconds: the token and the file live one hour
PENDING_FILE_NAME = re.compile(r"^[0-9a-f]{32}\.csv$")


# --- The pending upload --------------------------------------------------------------------


class PendingImportError(Exception):
    """The pending import cannot be used; ``message`` tells the administrator what to do, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PendingImport:
    file_name: str
    data: bytes
    school_year_id: int
    complete: bool = False


PENDING_FOLDER = "imports"


def _pending_name(file_name: str) -> str:
    return f"{PENDING_FOLDER}/{file_name}"


def pending_imports_sweep(*, max_age: int = PENDING_MAX_AGE) -> int:
    """Delete pending files older than ``max_age`` seconds (their tokens have expired). Returns how many."""
    try:
        _folders, names = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    limit = timezone.now() - timedelta(seconds=max_age)
    for name in names:
        if PENDING_FILE_NAME.match(name) and default_storage.get_modified_time(_pending_name(name)) < limit:
            default_storage.delete(_pending_name(name))
            removed += 1
    return removed


def pending_import_store(
    *, school: School, school_year: SchoolYear, user: User, data: bytes, complete: bool = False
) -> str:
    """Keep the uploaded bytes until the administrator confirms; returns the signed token for the form.

    The name of the file on disk is a random UUID: the name the user uploaded is never used.
    """
    pending_imports_sweep()
    file_name = f"{uuid.uuid4().hex}.csv"
    default_storage.save(_pending_name(file_name), ContentFile(data))  # a random name: never taken
    payload = {
        "school": school.pk,
        "user": user.pk,
        "file": file_name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "year": school_year.pk,
        "complete": complete,
    }
    return signing.dumps(payload, salt=TOKEN_SALT)


def pending_import_load(*, token: str, school: School, user: User) -> PendingImport:
    """The bytes behind ``token``, if it is valid, recent, this user's and this school's, and unchanged."""
    upload_again = _("Upload het bestand opnieuw.")
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=PENDING_MAX_AGE)
    except signing.SignatureExpired:
        raise PendingImportError(
            _("Deze import is verlopen: bevestigen kan tot een uur na het uploaden.") + " " + upload_again
        ) from None
    except signing.BadSignature:
        raise PendingImportError(_("Deze import is niet geldig.") + " " + upload_again) from None
    if payload.get("user") != user.pk or payload.get("school") != school.pk:
        raise PendingImportError(_("Deze import hoort bij een andere gebruiker of school.") + " " + upload_again)
    file_name = str(payload.get("file", ""))
    if not PENDING_FILE_NAME.match(file_name):
        raise PendingImportError(_("Deze import is niet geldig.") + " " + upload_again)
    try:
        with default_storage.open(_pending_name(file_name), "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise PendingImportError(
            _("Het bestand van deze import is er niet meer: het is al geïmporteerd of opgeruimd.") + " " + upload_again
        ) from None
    if hashlib.sha256(data).hexdigest() != payload.get("sha256"):
        raise PendingImportError(_("Het bestand van deze import is intussen veranderd.") + " " + upload_again)
    return PendingImport(
        file_name=file_name,
        data=data,
        school_year_id=int(payload["year"]),
        complete=bool(payload.get("complete", False)),
    )


def pending_import_discard(*, file_name: str) -> None:
    if PENDING_FILE_NAME.match(file_name):
        default_storage.delete(_pending_name(file_name))


# --- The write -----------------------------------------------------------------------------


class ImportRejected(Exception):
    """The file cannot be imported (any more); nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    pupils_created: int = 0
    pupils_updated: int = 0
    pupils_unchanged: int = 0
    families_created: int = 0
    families_updated: int = 0
    groups_created: list[str] = field(default_factory=list)
    not_in_file: int = 0
    pupils_left: int = 0
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def conflicts_kept(self) -> int:
        """Fields edited in the app that kept the app's value."""
        return sum(1 for c in self.conflicts if not c.take_import)

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.pupils_created
            or self.pupils_updated
            or self.families_created
            or self.families_updated
            or self.groups_created
            or self.pupils_left
        )


@transaction.atomic
def import_apply(*, school: School, school_year: SchoolYear, plan: ImportPlan, by: User) -> ImportResult:
    """Write an import: everything or nothing.

    Rules: only an administrator of ``school`` imports; groups are made in ``school_year`` (a
    year of this school, the current or the next one) and the pupils are enrolled in them for that
    year (``Pupil.group`` changes only for the year of the current groups); a complete list (pupils
    not in it leave today) is only for the current year; the rows are checked again against the
    database as it is now, inside this transaction, and any error rejects the whole file
    (``ImportRejected``, nothing written).
    Pupils are matched by pupil number within this school only, families through their pupils;
    guardians of an existing family are updated by position (ouder1, ouder2); pupils that are
    not in the file are left as they are. A family field the school edited in the app keeps the
    app's value unless the administrator chose the file's value for that conflict
    (``plan.take_import``); then it is no longer counted as edited in the app.
    """
    if not Membership.objects.filter(user=by, school=school, role=Role.ADMINISTRATOR, user__is_active=True).exists():
        raise PermissionDenied
    if school_year.school_id != school.pk or plan.school_id != school.pk or plan.school_year_id != school_year.pk:
        raise PermissionDenied
    if plan.complete and school_year != current_school_year(school=school):
        raise ImportRejected(
            [
                RowError(
                    _(
                        "Een volledige lijst (wie ontbreekt, gaat vandaag van school) "
                        "kan alleen voor het huidige schooljaar."
                    )
                )
            ]
        )
    # One import per school at a time (a row lock on PostgreSQL; SQLite writes one at a time anyway).
    School.objects.select_for_update().filter(pk=school.pk).first()

    fresh = build_plan(
        school=school,
        school_year=school_year,
        parsed=plan.parsed,
        complete=plan.complete,
        take_import=plan.take_import,
    )
    if fresh.errors:
        raise ImportRejected(fresh.errors)

    groups = dict(fresh.groups)
    created_groups = Group.objects.bulk_create(
        [Group(school=school, school_year=school_year, name=name, grade=grade) for name, grade in fresh.new_groups]
    )
    groups.update({g.name.lower(): g for g in created_groups})

    family_by_number = _write_families(school=school, plans=fresh.families)
    # Where the new and moved families live is looked up in the background, after the commit.
    family_addresses_changed.send(
        sender=import_apply,
        family_ids=[
            family_by_number[f.row.number].pk
            for f in fresh.families
            if f.family is None or ADDRESS_FIELDS & f.values.keys()
        ],
    )
    # The audit trail: which family cards the import created or changed (numbers only).
    for action, plans in (
        (audit.Action.CREATE, [f for f in fresh.families if f.family is None]),
        (audit.Action.CHANGE, [f for f in fresh.families if f.family is not None and f.changes]),
    ):
        audit.record_many(
            user=by,
            school=school,
            object_type=audit_types.FAMILY,
            object_ids=[family_by_number[f.row.number].pk for f in plans],
            action=action,
        )

    new_pupils: list[Pupil] = []
    changed_pupils: list[Pupil] = []
    enrol: list[tuple[Pupil, Group]] = []  # the pupils' groups in ``school_year`` (see enrolments_set)
    for pupil_plan in fresh.pupils:
        row = pupil_plan.row
        pupil = pupil_plan.pupil or Pupil(school=school, external_id=row.external_id)
        if pupil_plan.pupil is not None and not pupil_plan.changes:
            continue
        pupil.family = family_by_number[row.family_number]
        enrol.append((pupil, groups[row.group_name.lower()]))
        pupil.first_name, pupil.last_name = row.first_name, row.last_name
        columns = plan.parsed.columns
        if "geboortedatum" in columns:
            pupil.date_of_birth = row.date_of_birth
        if "datum_inschrijving" in columns:
            pupil.entry_date = row.entry_date
        if "datum_uitschrijving" in columns or plan.complete:
            pupil.left_on = row.left_on  # empty: (again) at school
        if row.is_new_entrant is not None:
            pupil.is_new_entrant = row.is_new_entrant
        (changed_pupils if pupil.pk else new_pupils).append(pupil)
    Pupil.objects.bulk_create(new_pupils)
    Pupil.objects.bulk_update(
        changed_pupils,
        ["family", "first_name", "last_name", "date_of_birth", "entry_date", "is_new_entrant", "left_on"],
        batch_size=500,
    )
    # The group is the pupil's group in ``school_year``: their current group only when that year's
    # groups are the current ones, so an import for next year leaves this year as it is.
    enrolments_set(school_year=school_year, groups=enrol)

    left = Pupil.objects.filter(pk__in=[p.pk for p in fresh.leaving], left_on__isnull=True).update(
        left_on=timezone.localdate()
    )

    result = ImportResult(
        pupils_created=fresh.pupils_new,
        pupils_updated=fresh.pupils_updated,
        pupils_unchanged=fresh.pupils_unchanged,
        families_created=fresh.families_new,
        families_updated=fresh.families_updated,
        groups_created=[name for name, _grade in fresh.new_groups],
        not_in_file=fresh.not_in_file,
        pupils_left=left,
        changes=fresh.changes,
        conflicts=fresh.conflicts,
    )
    logger.info(
        "Import for school %s by user %s: %s pupils new, %s updated; %s families new, %s updated; %s groups new.",
        school.pk,
        by.pk,
        result.pupils_created,
        result.pupils_updated,
        result.families_created,
        result.families_updated,
        len(result.groups_created),
    )
    return result


def _write_families(*, school: School, plans: list[FamilyPlan]) -> dict[str, Family]:
    """Create and update the families, their home languages and guardians; the Family per family number."""
    by_number: dict[str, Family] = {}
    new: list[tuple[FamilyPlan, Family]] = []
    for family_plan in plans:
        row = family_plan.row
        family = family_plan.family
        if family is None:
            family = Family(school=school, name=row.name, **row.values)
            new.append((family_plan, family))
        elif family_plan.changes or family_plan.edits_taken_over:
            # Only what the plan changes; a field kept at the app's value is not touched. The
            # card's version goes up, so an edit page opened before the import cannot overwrite it.
            edited = {k: v for k, v in (family.edited_in_app or {}).items() if k not in family_plan.edits_taken_over}
            # A new address makes the old location (found or pinned) wrong: it is looked up again.
            moved = ADDRESS_CLEARS_LOCATION if ADDRESS_FIELDS & family_plan.values.keys() else {}
            Family.objects.filter(pk=family.pk).update(
                **family_plan.values, **moved, edited_in_app=edited, version=F("version") + 1
            )
        by_number[row.number] = family
    Family.objects.bulk_create([family for _plan, family in new])

    languages_to_replace = [p.family.pk for p in plans if p.family is not None and p.languages is not None]
    FamilyLanguage.objects.filter(family_id__in=languages_to_replace).delete()
    FamilyLanguage.objects.bulk_create(
        [
            FamilyLanguage(family=by_number[p.row.number], language=code, is_main=index == 0)
            for p in plans
            if p.languages
            for index, code in enumerate(p.languages)
        ]
    )

    to_create: list[Guardian] = []
    to_delete: list[int] = []
    for family_plan in plans:
        family = by_number[family_plan.row.number]
        for step in family_plan.guardians:
            if step.row is None:
                if step.guardian is not None:
                    to_delete.append(step.guardian.pk)
                continue
            guardian = step.guardian or Guardian(family=family)
            guardian.first_name, guardian.last_name = step.row.first_name, step.row.last_name
            guardian.relation, guardian.is_main_carer = step.row.relation, step.row.is_main_carer
            if step.row.phone is not None:
                guardian.phone = step.row.phone
            if step.row.email is not None:
                guardian.email = step.row.email
            if guardian.pk:
                guardian.save()
            else:
                to_create.append(guardian)
    Guardian.objects.filter(pk__in=to_delete).delete()
    Guardian.objects.bulk_create(to_create)  # in file order, so ouder1 gets the lower id
    return by_number
