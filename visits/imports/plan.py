"""The import plan: what an import of checked rows would create and change at one school.

``build_plan(school=..., school_year=..., parsed=...)`` compares the rows that ``columns.parse_csv``
produced with what the school already has. It reads only; ``services.import_apply`` builds the
plan again inside its transaction and writes it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from huisbezoek import languages
from huisbezoek.models import School, SchoolYear

from ..families.services import HOME_LANGUAGES, MAIN_CARER, guardian_field
from ..models import Enrolment, Family, Group, Guardian, Pupil
from .columns import FamilyRow, GuardianRow, ParsedFile, PupilRow, RowError

# --- The plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    subject: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Conflict:
    """A field the school edited in the app that the file would change: the administrator chooses.

    ``key`` names it in the confirm form (``<family id>-<field>``); ``app`` and ``imported`` are
    the two values as shown, empty for a confidential field (then only "they differ" is said)."""

    key: str
    subject: str
    field: str
    app: str
    imported: str
    confidential: bool = False
    take_import: bool = False


@dataclass
class PupilPlan:
    row: PupilRow
    pupil: Pupil | None  # None: new
    changes: list[Change]


@dataclass
class GuardianPlan:
    position: int
    guardian: Guardian | None  # None: new
    row: GuardianRow | None  # None: remove ``guardian``


@dataclass
class FamilyPlan:
    row: FamilyRow
    family: Family | None  # None: new
    changes: list[Change]
    languages: list[str] | None  # None: leave as they are
    guardians: list[GuardianPlan]
    # The family fields to write (model field name -> value): all of the row's for a new family,
    # for an existing one only those that change and are not kept at the app's value.
    values: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    # Fields edited in the app that now take the file's value: no longer "edited in the app".
    edits_taken_over: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    school_id: int
    school_year_id: int
    parsed: ParsedFile
    errors: list[RowError] = field(default_factory=list)
    families: list[FamilyPlan] = field(default_factory=list)
    pupils: list[PupilPlan] = field(default_factory=list)
    new_groups: list[tuple[str, int]] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)  # lower-case name -> existing group
    year_groups: dict[int, Group] = field(default_factory=dict)  # pupil id -> their group in the plan's year
    not_in_file: int = 0
    # A complete list of the pupils at school: those not in it have left (today), and a pupil
    # in it whose leaving date was recorded is back at school.
    complete: bool = False
    leaving: list[Pupil] = field(default_factory=list)
    # Keys of the conflicts for which the administrator chose the file's value (else the app's).
    take_import: frozenset[str] = frozenset()

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def pupils_new(self) -> int:
        return sum(1 for p in self.pupils if p.pupil is None)

    @property
    def pupils_updated(self) -> int:
        return sum(1 for p in self.pupils if p.pupil is not None and p.changes)

    @property
    def pupils_unchanged(self) -> int:
        return sum(1 for p in self.pupils if p.pupil is not None and not p.changes)

    @property
    def families_new(self) -> int:
        return sum(1 for f in self.families if f.family is None)

    @property
    def families_updated(self) -> int:
        return sum(1 for f in self.families if f.family is not None and f.changes)

    @property
    def changes(self) -> list[Change]:
        """What changes in records that exist already (new ones are counted, not detailed)."""
        family_changes = [c for f in self.families if f.family is not None for c in f.changes]
        pupil_changes = [c for p in self.pupils if p.pupil is not None for c in p.changes]
        today = _show(timezone.localdate())
        leaving = [
            Change(
                _("leerling %(id)s %(name)s") % {"id": p.external_id, "name": f"{p.first_name} {p.last_name}"},
                _label(Pupil, "left_on"),
                "—",
                today,
            )
            for p in self.leaving
        ]
        return family_changes + pupil_changes + leaving

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for f in self.families for c in f.conflicts]

    @property
    def has_changes(self) -> bool:
        return bool(
            self.pupils_new or self.pupils_updated or self.families_new or self.families_updated or self.leaving
        )


def _show(value: Any, model: Any = None, name: str = "") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if model is not None and name:
        choices = dict(model._meta.get_field(name).flatchoices)
        if value in choices:
            return str(choices[value])
    return str(value)


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


# Family fields whose content is confidential: the preview and result never show it.
CONFIDENTIAL_FIELDS = frozenset({"sensitivities", "visitor_preference_note"})


def _field_label(name: str) -> str:
    return _("thuistalen") if name == HOME_LANGUAGES else _label(Family, name)


def _languages_shown(codes: list[str]) -> str:
    return ", ".join(str(languages.BY_CODE[c].name) for c in codes) or "—"


def _guardian_shown(g: Guardian | GuardianRow) -> str:
    relation = dict(Guardian.Relation.choices).get(g.relation, g.relation)
    details = ", ".join(str(part) for part in (relation, g.phone, g.email) if part)
    main = " · " + _("zorgt vooral voor de kinderen") if g.is_main_carer else ""
    return f"{g.first_name} {g.last_name} ({details}){main}"


def _person(g: Guardian | GuardianRow | None) -> str:
    return f"{g.first_name} {g.last_name}" if g is not None else "—"


def _guardian_key(g: Guardian | GuardianRow) -> tuple[Any, ...]:
    return (g.first_name, g.last_name, g.relation, g.phone, g.email, g.is_main_carer)


def build_plan(
    *,
    school: School,
    school_year: SchoolYear,
    parsed: ParsedFile,
    complete: bool = False,
    take_import: frozenset[str] = frozenset(),
) -> ImportPlan:
    """What importing ``parsed`` into ``school`` would do, matched by pupil number within the school.

    With ``complete`` the file lists every pupil now at school: pupils of the school missing from
    it, not yet recorded as left, leave today. A family field the school edited in the app that
    the file would change is a conflict, not a change: it keeps the app's value unless its key
    is in ``take_import``."""
    plan = ImportPlan(
        school_id=school.pk,
        school_year_id=school_year.pk,
        parsed=parsed,
        errors=list(parsed.errors),
        complete=complete,
        take_import=take_import,
    )
    if parsed.errors:
        return plan

    existing = {
        p.external_id: p for p in Pupil.objects.filter(school=school).select_related("group", "family").order_by("pk")
    }
    in_file = {row.external_id for row in parsed.pupils}
    plan.not_in_file = len(set(existing) - in_file)
    if complete:
        plan.leaving = [p for ext, p in existing.items() if ext not in in_file and p.left_on is None]
    plan.groups = {g.name.lower(): g for g in Group.objects.filter(school=school, school_year=school_year)}
    # The group is the pupil's group in the import's school year (the current or the next one).
    plan.year_groups = {
        e.pupil_id: e.group
        for e in Enrolment.objects.filter(school_year=school_year, pupil__school=school).select_related("group")
    }

    # A family number stands for the family its known pupils belong to now.
    targets: dict[str, int | None] = {}
    claimed: set[int] = set()
    for number, family_row in parsed.families.items():
        current = {existing[p.external_id].family_id for p in family_row.pupils if p.external_id in existing}
        if len(current) > 1:
            plan.errors.append(
                RowError(
                    _(
                        "gezinsnummer %(number)s: deze leerlingen staan nu bij verschillende gezinnen. "
                        "Pas het gezinsnummer aan, of laat technisch beheer de gezinnen eerst samenvoegen."
                    )
                    % {"number": number},
                    family_row.line,
                    "gezinsnummer",
                )
            )
            continue
        family_id = next(iter(current), None)
        if family_id in claimed:
            family_id = None  # a second family number for the same family: the household has split
        if family_id is not None:
            claimed.add(family_id)
        targets[number] = family_id
    if plan.errors:
        return plan

    families = {
        f.pk: f
        for f in Family.objects.filter(school=school, pk__in=[pk for pk in targets.values() if pk]).prefetch_related(
            "home_languages", "guardians"
        )
    }
    for number, family_row in parsed.families.items():
        family_id = targets[number]
        plan.families.append(_plan_family(family_row, families[family_id] if family_id else None, take_import))

    new_group_names: dict[str, str] = {}
    for row in parsed.pupils:
        key = row.group_name.lower()
        if key not in plan.groups and key not in new_group_names:
            new_group_names[key] = row.group_name
            plan.new_groups.append((row.group_name, row.grade))
        plan.pupils.append(_plan_pupil(row, existing.get(row.external_id), targets[row.family_number], plan))
    plan.new_groups.sort(key=lambda pair: (pair[1], pair[0].lower()))
    return plan


def _plan_family(row: FamilyRow, family: Family | None, take_import: frozenset[str] = frozenset()) -> FamilyPlan:
    subject = _("gezin %(name)s (gezinsnummer %(number)s)") % {
        "name": family.name if family else row.name,
        "number": row.number,
    }
    changes: list[Change] = []
    conflicts: list[Conflict] = []
    taken: list[str] = []
    values: dict[str, Any] = dict(row.values) if family is None else {}
    edited = (family.edited_in_app or {}) if family is not None else {}

    def edited_in_app(name: str, app: str, imported: str, confidential: bool = False, label: str | None = None) -> bool:
        """Whether ``name`` stays at the app's value (a conflict the administrator may turn round)."""
        if name not in edited:
            return False
        key = f"{family.pk}-{name}"  # type: ignore[union-attr]  # only for an existing family
        chosen = key in take_import
        shown_label = label or _field_label(name)
        conflicts.append(Conflict(key, subject, shown_label, app, imported, confidential, chosen))
        if chosen:
            taken.append(name)
        return not chosen

    if family is not None:
        wanted = dict(row.values)
        if row.name_given:
            wanted["name"] = row.name
        for name, value in wanted.items():
            old = getattr(family, name)
            if old == value:
                continue
            confidential = name in CONFIDENTIAL_FIELDS
            old_shown, new_shown = _show(old, Family, name), _show(value, Family, name)
            if confidential:
                old_shown, new_shown = _("(vertrouwelijk)"), _("(vertrouwelijk, gewijzigd)")
            if edited_in_app(name, "" if confidential else old_shown, "" if confidential else new_shown, confidential):
                continue
            values[name] = value
            changes.append(Change(subject, _label(Family, name), old_shown, new_shown))

    languages_wanted = row.languages
    if family is not None and languages_wanted is not None:
        recorded = sorted(family.home_languages.all(), key=lambda fl: (not fl.is_main, fl.pk))
        current = [fl.language for fl in recorded]
        current_main = [fl.language for fl in recorded if fl.is_main][:1]
        if set(current) == set(languages_wanted) and current_main == languages_wanted[:1]:
            languages_wanted = None
        elif edited_in_app(HOME_LANGUAGES, _languages_shown(current), _languages_shown(languages_wanted)):
            languages_wanted = None
        else:
            changes.append(
                Change(subject, _("thuistalen"), _languages_shown(current), _languages_shown(languages_wanted))
            )

    guardian_plans: list[GuardianPlan] = []
    if row.guardians is not None:
        current_guardians = sorted(family.guardians.all(), key=lambda g: g.pk) if family else []
        # Who mainly looks after the children, when the app changed it and the file says otherwise.
        keep_main = False
        if family is not None:
            app_main = next((g for g in current_guardians if g.is_main_carer), None)
            file_main = next((g for g in row.guardians if g.is_main_carer), None)
            app_position = current_guardians.index(app_main) if app_main else None
            file_position = row.guardians.index(file_main) if file_main else None
            if app_position != file_position:
                keep_main = edited_in_app(
                    MAIN_CARER,
                    _person(app_main),
                    _person(file_main),
                    label=_("zorgt vooral voor de kinderen"),
                )
        for index in range(max(row.guardian_slots, len(row.guardians))):
            position = index + 1
            now = current_guardians[index] if index < len(current_guardians) else None
            wanted_guardian = row.guardians[index] if index < len(row.guardians) else None
            label = _("ouder %(n)s") % {"n": position}
            if wanted_guardian is None:
                if now is not None:
                    guardian_plans.append(GuardianPlan(position, now, None))
                    changes.append(Change(subject, label, _guardian_shown(now), _("(verwijderd)")))
                continue
            if now is None:
                if keep_main:
                    wanted_guardian = replace(wanted_guardian, is_main_carer=False)
                guardian_plans.append(GuardianPlan(position, None, wanted_guardian))
                if family is not None:
                    changes.append(Change(subject, label, "—", _guardian_shown(wanted_guardian)))
                continue
            contact: dict[str, str] = {}
            for name in ("phone", "email"):
                value = getattr(wanted_guardian, name)
                value = getattr(now, name) if value is None else value
                if value != getattr(now, name) and edited_in_app(
                    guardian_field(now.pk, name),
                    _show(getattr(now, name)),
                    _show(value),
                    label=f"{label}: {_label(Guardian, name)}",
                ):
                    value = getattr(now, name)
                contact[name] = value
            merged = GuardianRow(
                first_name=wanted_guardian.first_name,
                last_name=wanted_guardian.last_name,
                relation=wanted_guardian.relation,
                phone=contact["phone"],
                email=contact["email"],
                is_main_carer=now.is_main_carer if keep_main else wanted_guardian.is_main_carer,
            )
            if _guardian_key(merged) != _guardian_key(now):
                guardian_plans.append(GuardianPlan(position, now, merged))
                changes.append(Change(subject, label, _guardian_shown(now), _guardian_shown(merged)))
    return FamilyPlan(
        row=row,
        family=family,
        changes=changes,
        languages=languages_wanted,
        guardians=guardian_plans,
        values=values,
        conflicts=conflicts,
        edits_taken_over=taken,
    )


def _plan_pupil(row: PupilRow, pupil: Pupil | None, family_id: int | None, plan: ImportPlan) -> PupilPlan:
    if pupil is None:
        return PupilPlan(row=row, pupil=None, changes=[])
    subject = _("leerling %(id)s %(name)s") % {"id": row.external_id, "name": f"{pupil.first_name} {pupil.last_name}"}
    changes: list[Change] = []
    for name in ("first_name", "last_name", "date_of_birth", "entry_date", "is_new_entrant", "left_on"):
        new = getattr(row, name)
        if name in PUPIL_COLUMNS and new is None and not _column_given(plan, name):
            if not (name == "left_on" and plan.complete):  # a complete list: listed means at school
                continue
        old = getattr(pupil, name)
        if old != new:
            changes.append(Change(subject, _label(Pupil, name), _show(old), _show(new)))
    group, year_group = plan.groups.get(row.group_name.lower()), plan.year_groups.get(pupil.pk)
    if group is None or year_group is None or year_group.pk != group.pk:
        changes.append(Change(subject, _("groep"), _show(year_group.name if year_group else None), row.group_name))
    if family_id != pupil.family_id:
        new_family = _("nieuw gezin (gezinsnummer %(number)s)") % {"number": row.family_number}
        changes.append(Change(subject, _("gezin"), pupil.family.name, new_family))
    return PupilPlan(row=row, pupil=pupil, changes=changes)


PUPIL_COLUMNS = {
    "date_of_birth": "geboortedatum",
    "entry_date": "datum_inschrijving",
    "is_new_entrant": "zij_instromer",
    "left_on": "datum_uitschrijving",
}


def _column_given(plan: ImportPlan, name: str) -> bool:
    return PUPIL_COLUMNS[name] in plan.parsed.columns
