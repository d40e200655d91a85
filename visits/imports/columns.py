"""Reading the CSV export of the pupil administration: decode the file and check every cell.

``parse_csv(data)`` turns the bytes of the file into checked, normalised rows, or into a list of
errors (line number, column, what is wrong — in Dutch). No database. ``plan.build_plan`` then
compares the rows with what the school has; ``services.import_apply`` writes them.

The columns, encodings and limits are documented in the README ("Import from the pupil
administration"); keep the two in step.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from huisbezoek import languages
from huisbezoek.limits import FAMILY_NOTE_MAX
from huisbezoek.validators import character_code, first_hidden_character

from ..models import Family, Group, Guardian, Pupil

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL_LENGTH = 300
MAX_ERRORS_SHOWN = 100
MAX_CHANGES_SHOWN = 50
GUARDIAN_POSITIONS = (1, 2)


# --- Errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One thing wrong with the file. ``line`` counts the header as line 1; None for the whole file."""

    message: str
    line: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Regel %(line)s, kolom %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class CellError(ValueError):
    """Raised by a column's cleaner; the message says what is wrong with the value, in Dutch."""


# --- Cleaning single cells ---------------------------------------------------------------

YES = frozenset({"ja", "j", "yes", "y", "1", "waar", "true", "x"})
NO = frozenset({"nee", "n", "no", "0", "onwaar", "false"})


def clean_text(max_length: int) -> Callable[[str], str]:
    def clean(value: str) -> str:
        if len(value) > max_length:
            raise CellError(
                _("de waarde is %(length)s tekens lang; hier passen er %(max)s.")
                % {"length": len(value), "max": max_length}
            )
        return value

    return clean


def clean_yes_no(value: str) -> bool | None:
    if not value:
        return None
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise CellError(_("'%(value)s' is geen ja of nee.") % {"value": value})


DATE_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def clean_date(value: str) -> datetime.date | None:
    if not value:
        return None
    if match := DATE_DMY.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := DATE_YMD.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellError(_("'%(value)s' is geen datum. Schrijf de datum als dd-mm-jjjj.") % {"value": value})
    try:
        day_value = datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("'%(value)s' is geen bestaande datum. Schrijf de datum als dd-mm-jjjj.") % {"value": value}
        ) from None
    if not 1900 <= year <= 2100:
        raise CellError(_("'%(value)s' ligt niet tussen 1900 en 2100.") % {"value": value})
    return day_value


def clean_birth_date(value: str) -> datetime.date | None:
    day = clean_date(value)
    if day is not None and day > timezone.localdate():
        raise CellError(_("'%(value)s' ligt in de toekomst.") % {"value": value})
    return day


def clean_leaving_date(value: str) -> datetime.date | None:
    """The day the pupil left the school; retention counts from it, so it cannot lie ahead."""
    day = clean_date(value)
    if day is not None and day > timezone.localdate():
        raise CellError(
            _("'%(value)s' ligt in de toekomst. Vul de datum van uitschrijving in als de leerling weg is.")
            % {"value": value}
        )
    return day


POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")


def clean_postcode(value: str) -> str:
    if not value:
        return ""
    match = POSTCODE.match(value)
    if not match or match.group(2).upper() in ("SA", "SD", "SS"):
        raise CellError(
            _("'%(value)s' is geen Nederlandse postcode. Schrijf 4 cijfers en 2 letters, bijvoorbeeld 3552 AB.")
            % {"value": value}
        )
    return f"{match.group(1)} {match.group(2).upper()}"


@functools.lru_cache(maxsize=16384)  # siblings' rows repeat the same numbers; parsing one is slow-ish
def clean_phone(value: str) -> str:
    """Dutch numbers as the national format ("06 12345678"), others as international ("+32 ...")."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise CellError(
            _("'%(value)s' is geen geldig telefoonnummer. Schrijf bijvoorbeeld 06 12345678 of +31 6 12345678.")
            % {"value": value}
        )
    style = phonenumbers.PhoneNumberFormat.NATIONAL
    if number.country_code != 31:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def clean_email(value: str) -> str:
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(_("'%(value)s' is geen geldig e-mailadres.") % {"value": value}) from None
    return value.lower()


def clean_grade(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 8:
        raise CellError(_("'%(value)s' is geen leerjaar; schrijf een getal van 1 tot en met 8.") % {"value": value})
    return int(value)


def _choice(options: Mapping[str, str], hint: str) -> Callable[[str], str]:
    def clean(value: str) -> str:
        if not value:
            return ""
        try:
            return options[value.lower()]
        except KeyError:
            raise CellError(
                _("'%(value)s' kennen we niet. Kies uit: %(options)s.") % {"value": value, "options": hint}
            ) from None

    return clean


PROFICIENCY = {
    "goed": Family.DutchProficiency.GOOD,
    "redelijk": Family.DutchProficiency.BASIC,
    "beperkt": Family.DutchProficiency.LIMITED,
    "geen": Family.DutchProficiency.NONE,
}
CHANNELS = {
    "telefoon": Family.Channel.PHONE,
    "bellen": Family.Channel.PHONE,
    "sms": Family.Channel.SMS,
    "whatsapp": Family.Channel.WHATSAPP,
    "app": Family.Channel.SMS,
    "e-mail": Family.Channel.EMAIL,
    "email": Family.Channel.EMAIL,
    "mail": Family.Channel.EMAIL,
    "brief": Family.Channel.LETTER,
    "persoonlijk": Family.Channel.IN_PERSON,
    "schoolhek": Family.Channel.IN_PERSON,
}
VISITOR_PREFERENCES = {
    "geen": Family.VisitorPreference.NONE,
    "geen voorkeur": Family.VisitorPreference.NONE,
    "vrouw": Family.VisitorPreference.FEMALE_ONLY,
    "alleen vrouw": Family.VisitorPreference.FEMALE_ONLY,
    "alleen een vrouw": Family.VisitorPreference.FEMALE_ONLY,
    "alleen een vrouwelijke bezoeker": Family.VisitorPreference.FEMALE_ONLY,
    "geen man alleen": Family.VisitorPreference.NO_MAN_ALONE,
}
INTERPRETER_ARRANGED_BY = {
    "school": Family.InterpreterArrangedBy.SCHOOL,
    "gezin": Family.InterpreterArrangedBy.FAMILY,
    "familie": Family.InterpreterArrangedBy.FAMILY,
}
RELATIONS = {
    "moeder": Guardian.Relation.MOTHER,
    "vader": Guardian.Relation.FATHER,
    "verzorger": Guardian.Relation.CARER,
    "verzorgster": Guardian.Relation.CARER,
    "voogd": Guardian.Relation.GUARDIAN,
    "anders": Guardian.Relation.OTHER,
}

# Words that name more than one language of the list: the interpreter must match exactly.
AMBIGUOUS_LANGUAGES: dict[str, tuple[str, ...]] = {
    "arabisch": ("ar", "ary"),
    "arabic": ("ar", "ary"),
    "berbers": ("rif", "zgh"),
    "berber": ("rif", "zgh"),
    "amazigh": ("rif", "zgh"),
}


@functools.cache
def _language_lookup() -> dict[str, str]:
    """Codes, Dutch and English names (whole and without the part in brackets), and native names."""
    lookup: dict[str, str] = {}
    for lang in languages.LANGUAGES:
        names = {lang.code, lang.native.lower()}
        for language_code in ("nl", "en"):
            with translation.override(language_code):
                name = str(lang.name).lower()
            names.add(name)
            if "(" in name:
                before, inside = name.split("(", 1)
                names.update({before.strip(), inside.rstrip(")").strip()})
        for name in names:
            if name not in AMBIGUOUS_LANGUAGES:
                lookup.setdefault(name, lang.code)
    lookup.setdefault("riffijns", "rif")
    return lookup


def clean_language(value: str) -> str:
    if not value:
        return ""
    lowered = value.lower()
    if lowered in AMBIGUOUS_LANGUAGES:
        options = ", ".join(str(languages.BY_CODE[code].name) for code in AMBIGUOUS_LANGUAGES[lowered])
        raise CellError(
            _("'%(value)s' is niet precies genoeg: de tolk moet de taal van het gezin spreken. Kies: %(options)s.")
            % {"value": value, "options": options}
        )
    code = _language_lookup().get(lowered)
    if code is None:
        raise CellError(
            _("'%(value)s' kennen we niet als taal. Gebruik een taalcode (zoals tr of rif) of de Nederlandse naam.")
            % {"value": value}
        )
    return code


def clean_languages(value: str) -> list[str] | None:
    """A comma-separated list; the first is the main language at home. Empty: unknown (None)."""
    if not value:
        return None
    codes: list[str] = []
    for part in re.split(r"[,/;]", value):
        code = clean_language(part.strip())
        if code and code not in codes:
            codes.append(code)
    return codes or None


def clean_group_name(value: str) -> str:
    value = " ".join(value.split())
    return clean_text(Group._meta.get_field("name").max_length or 40)(value)


def _max(model: Any, name: str) -> Callable[[str], str]:
    return clean_text(model._meta.get_field(name).max_length)


# --- The columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    clean: Callable[[str], Any]
    required: bool = False
    family: bool = False  # the same on every row of one family number
    aliases: tuple[str, ...] = ()


def _guardian_columns(n: int) -> list[Column]:
    p = f"ouder{n}_"
    return [
        Column(f"{p}voornaam", _max(Guardian, "first_name"), family=True, aliases=(f"{p}roepnaam",)),
        Column(f"{p}achternaam", _max(Guardian, "last_name"), family=True),
        Column(f"{p}relatie", _choice(RELATIONS, "moeder, vader, verzorger, voogd, anders"), family=True),
        Column(f"{p}telefoon", clean_phone, family=True, aliases=(f"{p}telefoonnummer", f"{p}mobiel")),
        Column(f"{p}email", clean_email, family=True, aliases=(f"{p}e_mail", f"{p}e_mailadres", f"{p}emailadres")),
        Column(f"{p}zorgt_vooral", clean_yes_no, family=True, aliases=(f"{p}hoofdverzorger",)),
    ]


COLUMNS: tuple[Column, ...] = (
    Column(
        "leerlingnummer",
        _max(Pupil, "external_id"),
        required=True,
        aliases=("leerling_nummer", "leerlingnr", "llnr", "leerling_id"),
    ),
    Column("voornaam", _max(Pupil, "first_name"), required=True, aliases=("roepnaam",)),
    Column("achternaam", _max(Pupil, "last_name"), required=True),
    Column("geboortedatum", clean_birth_date, aliases=("geboorte_datum", "geb_datum")),
    Column("groep", clean_group_name, required=True, aliases=("klas", "groepsnaam", "groep_klas")),
    Column("leerjaar", clean_grade),
    Column("zij_instromer", clean_yes_no, aliases=("zijinstromer", "instromer")),
    Column("datum_inschrijving", clean_date, aliases=("inschrijfdatum", "instroomdatum", "datum_instroom")),
    Column(
        "datum_uitschrijving",
        clean_leaving_date,
        aliases=("uitschrijfdatum", "uitschrijvingsdatum", "datum_uitstroom", "uitstroomdatum", "vertrekdatum"),
    ),
    Column("gezinsnummer", clean_text(32), required=True, aliases=("gezinsnr", "gezin_id", "gezin")),
    Column("gezinsnaam", _max(Family, "name"), family=True),
    Column("straat", _max(Family, "street"), family=True, aliases=("straatnaam",)),
    Column("huisnummer", _max(Family, "house_number"), family=True, aliases=("huisnr",)),
    Column("postcode", clean_postcode, family=True),
    Column("plaats", _max(Family, "city"), family=True, aliases=("woonplaats",)),
    Column("telefoon", clean_phone, family=True, aliases=("telefoonnummer", "telefoon_gezin")),
    Column("email", clean_email, family=True, aliases=("e_mail", "e_mailadres", "emailadres", "email_gezin")),
    Column("thuistalen", clean_languages, family=True, aliases=("thuistaal", "talen")),
    Column(
        "nederlands",
        _choice(PROFICIENCY, "goed, redelijk, beperkt, geen"),
        family=True,
        aliases=("nederlands_ouders", "taalvaardigheid"),
    ),
    Column(
        "voorkeur_contact",
        _choice(CHANNELS, "telefoon, sms, whatsapp, e-mail, brief, persoonlijk"),
        family=True,
        aliases=("contact_via", "voorkeurskanaal"),
    ),
    Column("tolk_nodig", clean_yes_no, family=True, aliases=("tolk",)),
    Column("tolk_taal", clean_language, family=True),
    Column(
        "tolk_geregeld_door",
        _choice(INTERPRETER_ARRANGED_BY, "school, gezin"),
        family=True,
        aliases=("tolk_regelt", "tolk_via"),
    ),
    Column(
        "voorkeur_bezoeker",
        _choice(VISITOR_PREFERENCES, "geen, vrouw, geen man alleen"),
        family=True,
        aliases=("voorkeur_bezoek", "wie_mag_komen"),
    ),
    Column("aandachtspunten", clean_text(FAMILY_NOTE_MAX), family=True),
    *_guardian_columns(1),
    *_guardian_columns(2),
)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
# Columns whose content is confidential: no error, preview or result ever repeats it.
CONFIDENTIAL_COLUMNS = frozenset({"aandachtspunten"})
REQUIRED = tuple(c.name for c in COLUMNS if c.required)


def header_key(text: str) -> str:
    """'Zij-instromer ', 'ZIJ INSTROMER' and 'zij_instromer' are the same column."""
    return re.sub(r"[\s\-]+", "_", text.strip().strip('"').strip().lower())


ALIASES: dict[str, str] = {header_key(alias): c.name for c in COLUMNS for alias in (c.name, *c.aliases)}


# --- Parsed rows ---------------------------------------------------------------------------


@dataclass
class PupilRow:
    line: int
    external_id: str
    first_name: str
    last_name: str
    group_name: str
    grade: int
    family_number: str
    date_of_birth: datetime.date | None = None
    entry_date: datetime.date | None = None
    is_new_entrant: bool | None = None
    left_on: datetime.date | None = None


@dataclass
class GuardianRow:
    first_name: str
    last_name: str
    relation: str
    phone: str | None  # None: the column is not in the file (leave as it is)
    email: str | None
    is_main_carer: bool


@dataclass
class FamilyRow:
    number: str
    line: int
    name: str
    name_given: bool  # a gezinsnaam column: the name may change; otherwise only for new families
    values: dict[str, Any] = field(default_factory=dict)  # Family field -> value, only what the file says
    languages: list[str] | None = None  # None: leave the recorded languages as they are
    guardians: list[GuardianRow] | None = None  # None: no ouder columns (leave the guardians as they are)
    guardian_slots: int = 0  # positions the file speaks about; guardians beyond them are left alone
    pupils: list[PupilRow] = field(default_factory=list)


@dataclass
class ParsedFile:
    encoding: str = ""
    delimiter: str = ";"
    columns: frozenset[str] = frozenset()
    ignored_columns: list[str] = field(default_factory=list)
    pupils: list[PupilRow] = field(default_factory=list)
    families: dict[str, FamilyRow] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # Names with a "?" where a letter should be (line, name): a warning, not an error.
    lost_letters: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


# --- Decoding ------------------------------------------------------------------------------


class FileRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _megabytes(size: int) -> str:
    return formats.number_format(size / (1024 * 1024), 1)


def size_error(size: int) -> str:
    return _("Het bestand is %(size)s MB; de grens is %(max)s MB. Exporteer alleen de leerlingen van deze school.") % {
        "size": _megabytes(size),
        "max": MAX_BYTES // (1024 * 1024),
    }


def _save_as_csv() -> str:
    return _("Sla het bestand in Excel op als 'CSV UTF-8' of 'CSV (gescheiden door lijstscheidingsteken)'.")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 (with or without BOM), else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise FileRejected(size_error(len(data)))
    if not data.strip():
        raise FileRejected(_("Het bestand is leeg."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("Het bestand is opgeslagen als UTF-16 (Unicode-tekst).") + " " + _save_as_csv())
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(_("Dit is een Excel-bestand, geen CSV-bestand.") + " " + _save_as_csv())
    if b"\x00" in data:
        raise FileRejected(_("Dit is geen tekstbestand (CSV).") + " " + _save_as_csv())
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise FileRejected(
            _("De tekens in het bestand zijn niet te lezen (geen UTF-8 en geen Windows-1252).") + " " + _save_as_csv()
        ) from None


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


# After a leading + or -, only a phone number or a plain number is taken (not "-1+1").
PLUS_VALUE = re.compile(r"\+[\d\s().\-/]*")
MINUS_VALUE = re.compile(r"-\d+(?:[.,]\d+)?")


def hidden_character_error(text: str) -> str | None:
    """A message naming the first control or format character in ``text``, if it has one.

    The rule is the one every name field uses (``huisbezoek.validators``): a line break, a
    right-to-left override or a zero-width space is refused, a joiner inside a Persian name is not.
    """
    char = first_hidden_character(text)
    if char is None:
        return None
    return _(
        "de cel bevat een onzichtbaar teken of stuurteken (U+%(code)s); typ de waarde opnieuw zonder dat teken."
    ) % {"code": character_code(char)}


def formula_error(raw: str) -> str | None:
    """Spreadsheet programs run a cell that starts like a formula; refuse those (CSV injection).

    The check looks past any leading white space (also no-break, em and ideographic spaces,
    line breaks, vertical tabs and form feeds), where a spreadsheet program looks past it too.
    """
    if raw[:1] in ("\t", "\r"):
        return _("een cel mag niet met een tab of regeleinde beginnen (dit lijkt een formule).")
    text = raw.strip()
    first = text[:1]
    if first in ("=", "@"):
        return _("een cel mag niet met '%(char)s' beginnen (dit lijkt een formule).") % {"char": first}
    if (first == "+" and not PLUS_VALUE.fullmatch(text)) or (first == "-" and not MINUS_VALUE.fullmatch(text)):
        return _("een cel mag niet met '%(char)s' beginnen (dit lijkt een formule).") % {"char": first}
    return None


def cell_error(raw: str) -> str | None:
    """What is wrong with a cell before its column looks at it: a formula or a hidden character."""
    return formula_error(raw) or hidden_character_error(raw.strip())


# --- Parsing -------------------------------------------------------------------------------


def parse_csv(data: bytes) -> ParsedFile:
    """Check the whole file; ``errors`` is empty only when every row can be imported."""
    parsed = ParsedFile()
    try:
        text, parsed.encoding = decode(data)
    except FileRejected as rejected:
        parsed.errors.append(RowError(rejected.message))
        return parsed

    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    header_text = lines[skip] if skip < len(lines) else ""
    sep_line = re.match(r"^\s*sep=(.)\s*$", header_text)  # Excel's own hint, e.g. "sep=;"
    if sep_line:
        parsed.delimiter = sep_line.group(1)
        skip += 1
    else:
        parsed.delimiter = sniff_delimiter(header_text)

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=parsed.delimiter)
    try:
        _Reader(parsed).read(reader, skip_lines=skip)
    except csv.Error as error:
        parsed.errors.append(
            RowError(_("het bestand is hier niet als CSV te lezen (%(error)s).") % {"error": error}, reader.line_num)
        )
    parsed.errors.sort(key=lambda e: e.line or 0)
    parsed.lost_letters = names_with_lost_letters(parsed)
    return parsed


def names_with_lost_letters(parsed: ParsedFile) -> list[tuple[int, str]]:
    """Names holding a "?" (line, name), in file order.

    A name never holds a question mark; one is what a spreadsheet program writes for each letter
    that Windows-1252 (its "CSV" without UTF-8) cannot store, such as ğ, ş or ı in Turkish names.
    The import can go on, but the school should know the names came out wrong."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()

    def check(line: int, *names: str) -> None:
        for name in names:
            if "?" in name and name not in seen:
                seen.add(name)
                found.append((line, name))

    for pupil in parsed.pupils:
        check(pupil.line, pupil.first_name, pupil.last_name)
    for family in parsed.families.values():
        check(family.line, family.name)
        for guardian in family.guardians or []:
            check(family.line, guardian.first_name, guardian.last_name)
    return sorted(found, key=lambda item: item[0])


class _Reader:
    """Reads the rows one by one, remembering what later rows are checked against."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.positions: dict[str, int] = {}
        self.width = 0
        self.seen_ids: dict[str, int] = {}
        self.family_first: dict[str, tuple[int, dict[str, Any], dict[str, str]]] = {}
        self.group_first: dict[str, tuple[int, int]] = {}

    def error(self, message: str, line: int | None = None, column: str = "") -> None:
        self.parsed.errors.append(RowError(message, line, column))

    def read(self, reader: Any, skip_lines: int) -> None:
        header_seen = False
        previous_line = 0
        data_rows = 0
        for cells in reader:
            line = previous_line + 1  # where this record starts (a quoted cell may span lines)
            previous_line = reader.line_num
            if line <= skip_lines or not any(cell.strip() for cell in cells):
                continue
            if not header_seen:
                header_seen = True
                self.read_header(cells, line)
                if self.parsed.errors:
                    return
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                limit = formats.number_format(MAX_ROWS, force_grouping=True)
                self.error(_("Het bestand heeft meer dan %(max)s leerlingen; de grens is %(max)s.") % {"max": limit})
                return
            self.read_row(cells, line)
        if not header_seen:
            self.error(_("Het bestand is leeg."))
        elif data_rows == 0:
            self.error(_("Het bestand bevat alleen een kopregel en geen leerlingen."))

    def read_header(self, header: list[str], line: int) -> None:
        self.width = len(header)
        for index, title in enumerate(header):
            if not title.strip():
                continue
            name = ALIASES.get(header_key(title))
            if name is None:
                self.parsed.ignored_columns.append(title.strip())
            elif name in self.positions:
                self.error(_("de kolom %(column)s staat twee keer in de kopregel.") % {"column": name}, line)
            else:
                self.positions[name] = index
        missing = [name for name in REQUIRED if name not in self.positions]
        if missing:
            found = ", ".join(t.strip() for t in header if t.strip()) or "—"
            self.error(
                _(
                    "Deze verplichte kolommen ontbreken: %(missing)s. Gevonden kolommen: %(found)s. "
                    "Zet de kolomnamen in de eerste regel, gescheiden door een puntkomma."
                )
                % {"missing": ", ".join(missing), "found": found}
            )
        self.parsed.columns = frozenset(self.positions)

    def read_row(self, cells: list[str], line: int) -> None:
        positions = self.positions
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width :]):
            self.error(
                _(
                    "deze regel heeft %(cells)s cellen en de kopregel %(width)s. "
                    "Staat er een scheidingsteken (%(delimiter)s) in een waarde zonder aanhalingstekens?"
                )
                % {"cells": len(cells), "width": self.width, "delimiter": self.parsed.delimiter},
                line,
            )
            return

        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        bad: set[str] = set()
        for name, index in positions.items():
            cell = cells[index] if index < len(cells) else ""
            raw[name] = cell.strip()
            problem = cell_error(cell)
            if problem is None and len(cell) > MAX_CELL_LENGTH:
                problem = _("de cel is %(length)s tekens lang; de grens is %(max)s.") % {
                    "length": len(cell),
                    "max": MAX_CELL_LENGTH,
                }
            if problem is None:
                try:
                    values[name] = BY_NAME[name].clean(cell.strip())
                except CellError as error:
                    problem = str(error)
            if problem is not None:
                self.error(problem, line, name)
                bad.add(name)

        for name in REQUIRED:
            if name not in bad and not raw[name]:
                self.error(_("deze kolom is verplicht en is hier leeg."), line, name)
                bad.add(name)

        external_id = raw["leerlingnummer"]
        if "leerlingnummer" not in bad:
            if external_id in self.seen_ids:
                first = self.seen_ids[external_id]
                self.error(
                    _("leerlingnummer %(id)s staat ook op regel %(first)s.") % {"id": external_id, "first": first},
                    line,
                    "leerlingnummer",
                )
                bad.add("leerlingnummer")
            else:
                self.seen_ids[external_id] = line

        grade = values.get("leerjaar")
        if grade is None and not bad & {"groep", "leerjaar"}:
            grade = grade_from_name(raw["groep"])
            if grade is None:
                self.error(
                    _("uit de groepsnaam '%(name)s' is het leerjaar niet af te leiden. Vul de kolom leerjaar in.")
                    % {"name": raw["groep"]},
                    line,
                    "groep",
                )
                bad.add("groep")

        left, entered = values.get("datum_uitschrijving"), values.get("datum_inschrijving")
        if left is not None and entered is not None and left < entered:
            self.error(
                _("de datum van uitschrijving ligt voor de datum van inschrijving."), line, "datum_uitschrijving"
            )
            bad.add("datum_uitschrijving")

        guardians = self.guardians_of_row(values, raw, line, bad)
        self.check_same_family(values, raw, line, bad)
        if bad:
            return
        self.check_same_grade(values["groep"], grade or 0, line)

        pupil = PupilRow(
            line=line,
            external_id=external_id,
            first_name=values["voornaam"],
            last_name=values["achternaam"],
            group_name=values["groep"],
            grade=grade or 0,
            family_number=values["gezinsnummer"],
            date_of_birth=values.get("geboortedatum"),
            entry_date=values.get("datum_inschrijving"),
            left_on=values.get("datum_uitschrijving"),
            is_new_entrant=bool(values.get("zij_instromer")) if "zij_instromer" in positions else None,
        )
        self.parsed.pupils.append(pupil)
        family = self.parsed.families.get(pupil.family_number)
        if family is None:
            family = self.parsed.families[pupil.family_number] = _family_of_row(pupil, values, positions, guardians)
        family.pupils.append(pupil)

    def check_same_family(self, values: dict[str, Any], raw: dict[str, str], line: int, bad: set[str]) -> None:
        """Every row of one family number must give the same family data (an address, a phone...)."""
        if "gezinsnummer" in bad:
            return
        number = raw["gezinsnummer"]
        family_columns = [name for name in self.positions if BY_NAME[name].family]
        if number not in self.family_first:
            self.family_first[number] = (line, values, raw)
            return
        first_line, first_values, first_raw = self.family_first[number]
        for name in family_columns:
            if name in bad or name not in first_values or values.get(name) == first_values[name]:
                continue
            if name in CONFIDENTIAL_COLUMNS:
                message = _(
                    "gezinsnummer %(number)s heeft op regel %(first)s andere aandachtspunten dan hier. "
                    "De gegevens van een gezin moeten op elke regel hetzelfde zijn."
                ) % {"number": number, "first": first_line}
            else:
                message = _(
                    "gezinsnummer %(number)s heeft op regel %(first)s '%(old)s' en hier '%(new)s'. "
                    "De gegevens van een gezin moeten op elke regel hetzelfde zijn."
                ) % {"number": number, "first": first_line, "old": first_raw[name], "new": raw[name]}
            self.error(message, line, name)
            bad.add(name)

    def check_same_grade(self, group_name: str, grade: int, line: int) -> None:
        key = group_name.lower()
        first = self.group_first.setdefault(key, (grade, line))
        if first[0] != grade:
            self.error(
                _("groep %(group)s heeft op regel %(first)s leerjaar %(old)s en hier %(new)s.")
                % {"group": group_name, "first": first[1], "old": first[0], "new": grade},
                line,
                "leerjaar",
            )

    def guardians_of_row(
        self, values: dict[str, Any], raw: dict[str, str], line: int, bad: set[str]
    ) -> list[GuardianRow] | None:
        positions = self.positions
        slots = [n for n in GUARDIAN_POSITIONS if any(name.startswith(f"ouder{n}_") for name in positions)]
        if not slots:
            return None
        guardians: list[GuardianRow] = []
        for n in slots:
            p = f"ouder{n}_"
            if not any(raw.get(f"{p}{part}") for part in ("voornaam", "achternaam", "relatie", "telefoon", "email")):
                continue
            for part in ("voornaam", "achternaam", "relatie"):
                name = f"{p}{part}"
                if name not in bad and not raw.get(name):
                    self.error(
                        _("vul deze kolom in: er staan gegevens van ouder %(n)s op deze regel.") % {"n": n}, line, name
                    )
                    bad.add(name)
            if any(name.startswith(p) for name in bad):
                continue
            guardians.append(
                GuardianRow(
                    first_name=values[f"{p}voornaam"],
                    last_name=values[f"{p}achternaam"],
                    relation=values[f"{p}relatie"],
                    phone=values.get(f"{p}telefoon") if f"{p}telefoon" in positions else None,
                    email=values.get(f"{p}email") if f"{p}email" in positions else None,
                    is_main_carer=bool(values.get(f"{p}zorgt_vooral")),
                )
            )
        if guardians and not any(g.is_main_carer for g in guardians):
            guardians[0].is_main_carer = True
        return guardians


def grade_from_name(name: str) -> int | None:
    """'Groep 3b' -> 3, '1A' -> 1, 'groep 1/2' -> 1, 'H3a' -> 3; None without a number from 1 to 8."""
    match = re.search(r"\d+", name)
    if match and 1 <= int(match.group()) <= 8:
        return int(match.group())
    return None


# Columns that describe what the pupil administration knows for sure: an empty cell clears the
# field. The others (how the family is best reached, Dutch, interpreter) are often recorded by
# the teacher after a phone call: an empty cell there leaves what the school recorded.
ADMINISTRATIVE = {
    "straat": "street",
    "huisnummer": "house_number",
    "postcode": "postcode",
    "plaats": "city",
    "telefoon": "phone",
    "email": "email",
}
CARE = {
    "nederlands": "dutch_proficiency",
    "voorkeur_contact": "preferred_channel",
    "tolk_nodig": "interpreter_needed",
    "tolk_taal": "interpreter_language",
    "tolk_geregeld_door": "interpreter_arranged_by",
    "voorkeur_bezoeker": "visitor_preference",
    "aandachtspunten": "sensitivities",
}


def _family_of_row(
    pupil: PupilRow,
    values: dict[str, Any],
    positions: dict[str, int],
    guardians: list[GuardianRow] | None,
) -> FamilyRow:
    family = FamilyRow(
        number=pupil.family_number,
        line=pupil.line,
        name=values.get("gezinsnaam") or pupil.last_name,
        name_given=bool(values.get("gezinsnaam")),
        languages=values.get("thuistalen"),
        guardians=guardians,
        guardian_slots=len([n for n in GUARDIAN_POSITIONS if any(c.startswith(f"ouder{n}_") for c in positions)]),
    )
    for column, model_field in ADMINISTRATIVE.items():
        if column in positions:
            family.values[model_field] = values[column]
    for column, model_field in CARE.items():
        if column in positions and values[column] not in ("", None):
            family.values[model_field] = values[column]
    return family
