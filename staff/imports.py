"""The staff import: a CSV of people to invite, checked cell by cell, shown as a preview.

Columns (header names as in the example, case and spaces do not matter):
``e-mail``, ``voornaam``, ``achternaam``, ``rollen`` (e.g. "leerkracht;directie"), ``groepen``
(names of this year's groups, separated by ";"), ``geslacht`` (v, m or empty).

The file is decoded and every cell checked the way the pupil import does it
(``visits.imports.columns``: encodings, formulas, hidden characters); then each row is
compared with the school: a new person, someone who already has an account (another school of
the board) or someone who already works here. ``read_staff_csv`` needs no database;
``plan_staff_rows`` reads the school in three queries.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huisbezoek.models import Membership, Role, User
from visits.imports.columns import FileRejected, cell_error, decode, header_key, sniff_delimiter
from visits.selectors import current_school_year, groups_of_year

if TYPE_CHECKING:
    from huisbezoek.models import School

MAX_BYTES = 200 * 1024
MAX_ROWS = 500
MAX_CELL_LENGTH = 254

COLUMN_NAMES = {
    "email": gettext_lazy("e-mail"),
    "first_name": gettext_lazy("voornaam"),
    "last_name": gettext_lazy("achternaam"),
    "roles": gettext_lazy("rollen"),
    "groups": gettext_lazy("groepen"),
    "gender": gettext_lazy("geslacht"),
}
ALIASES = {
    "e_mail": "email",
    "email": "email",
    "e_mailadres": "email",
    "voornaam": "first_name",
    "achternaam": "last_name",
    "rollen": "roles",
    "rol": "roles",
    "groepen": "groups",
    "groep": "groups",
    "geslacht": "gender",
}
REQUIRED = ("email", "first_name", "last_name", "roles")
ROLE_WORDS = {
    "leerkracht": Role.TEACHER,
    "mentor": Role.TEACHER,
    "docent": Role.TEACHER,
    "directie": Role.DIRECTIE,
    "zorgcoördinator": Role.CARE_COORDINATOR,
    "zorgcoordinator": Role.CARE_COORDINATOR,
    "beheerder": Role.ADMINISTRATOR,
    "tolk": Role.INTERPRETER,
    "oudercontactpersoon": Role.INTERPRETER,
}
GENDER_WORDS = {
    "": "",
    "v": User.Gender.FEMALE,
    "vrouw": User.Gender.FEMALE,
    "m": User.Gender.MALE,
    "man": User.Gender.MALE,
}
LIST_SEPARATOR = re.compile(r"\s*[;,|]\s*")

NEW = "new"
EXISTING = "existing"
HERE = "here"
ERROR = "error"


@dataclass
class StaffRow:
    """One person of the file; ``errors`` says per column what is wrong, in Dutch."""

    line: int
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    roles: list[str] = field(default_factory=list)
    group_names: list[str] = field(default_factory=list)
    gender: str = ""
    group_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: str = ""

    def error(self, column: str, message: str) -> None:
        self.errors.append(_("kolom %(column)s: %(message)s") % {"column": COLUMN_NAMES[column], "message": message})

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles]


@dataclass
class StaffFile:
    rows: list[StaffRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    lines = text.splitlines()
    delimiter = sniff_delimiter(next((line for line in lines if line.strip()), ""))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    for cells in reader:
        line = previous + 1
        previous = reader.line_num
        if any(cell.strip() for cell in cells):
            yield line, cells


def read_staff_csv(data: bytes) -> StaffFile:
    """Decode the file and check every cell; no database."""
    parsed = StaffFile()
    if len(data) > MAX_BYTES:
        parsed.errors.append(_("Het bestand is groter dan 200 kB. Een lijst van het team is veel kleiner."))
        return parsed
    try:
        text, _encoding = decode(data)
    except FileRejected as rejected:
        parsed.errors.append(rejected.message)
        return parsed
    try:
        records = list(_records(text))
    except csv.Error as error:
        parsed.errors.append(_("Het bestand is niet als CSV te lezen (%(error)s).") % {"error": error})
        return parsed
    if not records:
        parsed.errors.append(_("Het bestand is leeg."))
        return parsed
    (_header_line, header), body = records[0], records[1:]
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        name = ALIASES.get(header_key(title))
        if name is not None and name not in positions:
            positions[name] = index
    missing = [str(COLUMN_NAMES[c]) for c in REQUIRED if c not in positions]
    if missing:
        parsed.errors.append(
            _("Deze verplichte kolommen ontbreken in de eerste regel: %(missing)s.") % {"missing": ", ".join(missing)}
        )
        return parsed
    if not body:
        parsed.errors.append(_("Het bestand bevat alleen een kopregel en geen medewerkers."))
        return parsed
    if len(body) > MAX_ROWS:
        parsed.errors.append(_("Het bestand heeft meer dan %(max)s regels; de grens is %(max)s.") % {"max": MAX_ROWS})
        return parsed
    seen: dict[str, int] = {}
    for line, cells in body:
        parsed.rows.append(_read_row(line, cells, positions, seen))
    return parsed


def _read_row(line: int, cells: list[str], positions: dict[str, int], seen: dict[str, int]) -> StaffRow:
    row = StaffRow(line=line)
    values: dict[str, str] = {}
    for name, index in positions.items():
        raw = cells[index] if index < len(cells) else ""
        problem = cell_error(raw)
        if problem is None and len(raw) > MAX_CELL_LENGTH:
            problem = _("de cel is %(length)s tekens lang; de grens is %(max)s.") % {
                "length": len(raw),
                "max": MAX_CELL_LENGTH,
            }
        if problem is not None:
            row.error(name, problem)
            continue
        values[name] = raw.strip()
    for name in REQUIRED:
        if name in values and not values[name]:
            row.error(name, _("deze kolom is verplicht en is hier leeg."))
            del values[name]
    if "email" in values:
        try:
            validate_email(values["email"])
            row.email = values["email"].lower()
        except ValidationError:
            row.error("email", _("'%(value)s' is geen geldig e-mailadres.") % {"value": values["email"]})
        if row.email in seen:
            row.error("email", _("dit adres staat ook op regel %(line)s.") % {"line": seen[row.email]})
        elif row.email:
            seen[row.email] = line
    if len(values.get("first_name", "")) > 100:
        row.error("first_name", _("hooguit 100 tekens."))
    else:
        row.first_name = values.get("first_name", "")
    if len(values.get("last_name", "")) > 150:
        row.error("last_name", _("hooguit 150 tekens."))
    else:
        row.last_name = values.get("last_name", "")
    for word in LIST_SEPARATOR.split(values.get("roles", "")):
        if not word:
            continue
        role = ROLE_WORDS.get(word.lower())
        if role is None:
            row.error(
                "roles",
                _("'%(value)s' is geen rol. Kies uit: %(options)s.")
                % {"value": word, "options": ", ".join(ROLE_WORDS)},
            )
        elif role not in row.roles:
            row.roles.append(role)
    row.group_names = [g for g in LIST_SEPARATOR.split(values.get("groups", "")) if g]
    gender = values.get("gender", "").lower()
    if gender in GENDER_WORDS:
        row.gender = GENDER_WORDS[gender]
    else:
        row.error("gender", _("'%(value)s' kennen we niet; schrijf v, m of laat de cel leeg.") % {"value": gender})
    if row.group_names and Role.TEACHER not in row.roles and "roles" in values:
        row.error("groups", _("alleen een leerkracht kan aan een groep gekoppeld worden."))
    return row


def plan_staff_rows(*, school: School, parsed: StaffFile) -> StaffFile:
    """Mark each row new, existing (an account elsewhere) or here (works at the school already),
    and find its groups among this year's groups. Three queries."""
    year = current_school_year(school=school)
    groups = {g.name.casefold(): g.pk for g in groups_of_year(school=school, school_year=year)} if year else {}
    emails = [row.email for row in parsed.rows if row.email]
    users = {u.email.lower(): u.pk for u in User.objects.filter(email__in=emails).only("pk", "email")}
    here = set(Membership.objects.filter(school=school, user_id__in=users.values()).values_list("user_id", flat=True))
    for row in parsed.rows:
        for name in row.group_names:
            pk = groups.get(name.casefold())
            if pk is None:
                row.error("groups", _("de groep '%(name)s' bestaat niet in dit schooljaar.") % {"name": name})
            elif pk not in row.group_ids:
                row.group_ids.append(pk)
        user_id = users.get(row.email)
        if row.errors:
            row.status = ERROR
        elif user_id is None:
            row.status = NEW
        elif user_id in here:
            row.status = HERE
        else:
            row.status = EXISTING
    return parsed
