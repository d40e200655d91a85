"""The importer on its own: every malformed file it must refuse, and what a good file creates and changes.

The files it reads (the shipped example file, small files row by row) come from
visits/tests/import_files.py, shared with the view and privacy tests.
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from visits.imports.columns import MAX_ROWS, parse_csv
from visits.imports.plan import Change, build_plan
from visits.imports.services import ImportRejected, import_apply
from visits.models import Family, FamilyLanguage, Group, Guardian, Pupil
from visits.tests.factories import FamilyFactory, GroupFactory, PupilFactory
from visits.tests.import_files import HEADER, csv_bytes, csv_text, example_bytes, example_with, pupil, run_import

# --- Fixtures ---------------------------------------------------------------------------

TODAY = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def clock():
    """Inside the ``school_year`` fixture (2026-2027), so it is the current school year."""
    with time_machine.travel(TODAY, tick=True):
        yield


def counts() -> dict[str, int]:
    return {
        "pupils": Pupil.objects.count(),
        "families": Family.objects.count(),
        "guardians": Guardian.objects.count(),
        "groups": Group.objects.count(),
        "languages": FamilyLanguage.objects.count(),
    }


def messages(data: bytes) -> list[str]:
    return [str(error) for error in parse_csv(data).errors]


# --- A good file ---------------------------------------------------------------------------


def test_the_example_file_is_valid():
    parsed = parse_csv(example_bytes())
    assert parsed.errors == []
    assert parsed.encoding == "UTF-8"
    assert parsed.delimiter == ";"
    assert len(parsed.pupils) == 11
    assert len(parsed.families) == 8
    assert parsed.ignored_columns == []


def test_new_import_creates_groups_families_guardians_pupils_and_languages(school, school_year, administrator):
    _plan, result = run_import(example_bytes(), school, school_year, administrator)

    assert (result.pupils_created, result.pupils_updated, result.families_created) == (11, 0, 8)
    assert sorted(result.groups_created) == [f"Groep {n}" for n in range(1, 9) if n != 6]
    assert Group.objects.get(school=school, school_year=school_year, name="Groep 4").grade == 4

    anir = Pupil.objects.select_related("family", "group").get(school=school, external_id="R002003")
    tiziri = Pupil.objects.get(school=school, external_id="R002004")
    assert (anir.first_name, anir.last_name, anir.group.name) == ("Anir", "Azzouzi", "Groep 4")
    assert anir.date_of_birth == datetime.date(2019, 6, 21)
    assert anir.entry_date == datetime.date(2023, 6, 21)
    assert anir.is_new_entrant is False
    assert tiziri.family_id == anir.family_id  # siblings: one family

    family = anir.family
    assert (family.name, family.street, family.house_number, family.postcode, family.city) == (
        "Azzouzi",
        "Julianaweg",
        "45A",
        "3553 AB",
        "Utrecht",
    )
    assert family.phone == "06 23456701"
    assert family.dutch_proficiency == Family.DutchProficiency.LIMITED
    assert family.preferred_channel == Family.Channel.SMS
    assert family.interpreter_needed is True
    assert family.interpreter_language == "rif"
    assert [(fl.language, fl.is_main) for fl in family.home_languages.order_by("-is_main")] == [
        ("rif", True),
        ("nl", False),
    ]
    guardians = list(family.guardians.order_by("pk"))
    assert [(g.first_name, g.relation, g.phone, g.is_main_carer) for g in guardians] == [
        ("Naima", Guardian.Relation.MOTHER, "06 23456701", True),
        ("Mohamed", Guardian.Relation.FATHER, "06 23456702", False),
    ]

    maksym = Pupil.objects.select_related("family").get(school=school, external_id="R002007")
    assert maksym.is_new_entrant is True
    assert maksym.family.phone == "+380 67 123 4567"  # a foreign number stays international
    assert maksym.family.guardians.count() == 1
    assert Family.objects.get(pupils__external_id="R002006").name == "Kowalski"  # the gezinsnaam column
    assert Pupil.objects.get(external_id="R002005").last_name == "Yılmaz"


def test_reimport_reports_exactly_the_changed_address_and_the_new_pupil(school, school_year, administrator):
    run_import(example_bytes(), school, school_year, administrator)
    before = counts()
    changed = example_with(
        [(";Ondiep;17;3552 EH;", ";Ondiep;19;3552 EH;")],
        [
            "R002012;Bram;de Vries;01-05-2022;Groep 1;1;nee;01-05-2026;G5001;;Amsterdamsestraatweg;112;3551 CD;"
            "Utrecht;06 12345601;linda.devries@example.org;Nederlands;goed;e-mail;nee;;Linda;de Vries;moeder;"
            "06 12345601;linda.devries@example.org;ja;Martijn;de Vries;vader;06 12345602;;nee"
        ],
    )

    plan, result = run_import(changed, school, school_year, administrator)

    assert (plan.pupils_new, plan.pupils_updated, plan.pupils_unchanged) == (1, 0, 11)
    assert (plan.families_new, plan.families_updated, plan.new_groups) == (0, 1, [])
    assert result.changes == [Change("gezin Yılmaz (gezinsnummer G5003)", "huisnummer", "17", "19")]
    assert (result.pupils_created, result.families_updated) == (1, 1)
    assert counts() == {**before, "pupils": before["pupils"] + 1}
    bram = Pupil.objects.get(external_id="R002012")
    assert bram.family == Pupil.objects.get(external_id="R002001").family  # joins his siblings
    assert Family.objects.get(pupils__external_id="R002005").house_number == "19"


def test_an_identical_reimport_changes_nothing(school, school_year, administrator):
    run_import(example_bytes(), school, school_year, administrator)
    before = counts()
    guardian_ids = sorted(Guardian.objects.values_list("pk", flat=True))

    plan, result = run_import(example_bytes(), school, school_year, administrator)

    assert not plan.has_changes
    assert plan.changes == []
    assert not result.changed_anything
    assert (result.pupils_unchanged, result.pupils_updated, result.families_updated) == (11, 0, 0)
    assert counts() == before
    assert sorted(Guardian.objects.values_list("pk", flat=True)) == guardian_ids


def test_pupils_not_in_the_file_are_counted_and_left_alone(school, school_year, administrator, pupil):
    _plan, result = run_import(example_bytes(), school, school_year, administrator)
    assert result.not_in_file == 1
    pupil.refresh_from_db()
    assert pupil.first_name == "Yasmina"


def test_a_pupil_moving_group_and_guardians_are_updated_by_position(school, school_year, administrator):
    run_import(example_bytes(), school, school_year, administrator)
    # Tess goes to another group; the De Vries family now only has ouder1, with a new phone number.
    changed = example_with(
        [
            ("R002002;Tess;de Vries;02-11-2017;Groep 5;5", "R002002;Tess;de Vries;02-11-2017;Groep 6;6"),
            (
                "Linda;de Vries;moeder;06 12345601;linda.devries@example.org;ja;"
                "Martijn;de Vries;vader;06 12345602;;nee",
                "Linda;de Vries;moeder;06 12345699;linda.devries@example.org;ja;;;;;;",
            ),
        ]
    )
    plan, result = run_import(changed, school, school_year, administrator)

    assert plan.new_groups == [("Groep 6", 6)]
    fields = [(c.field, c.old, c.new) for c in result.changes]
    assert ("groep", "Groep 5", "Groep 6") in fields
    assert [f for f, _old, _new in fields].count("ouder 1") == 1
    assert ("ouder 2", "Martijn de Vries (Vader, 06 12345602)", "(verwijderd)") in fields
    family = Family.objects.get(pupils__external_id="R002002")
    assert [(g.first_name, g.phone) for g in family.guardians.all()] == [("Linda", "06 12345699")]
    assert Pupil.objects.get(external_id="R002002").group.name == "Groep 6"

    again, _result = run_import(changed, school, school_year, administrator)
    assert not again.has_changes


def test_matching_never_crosses_schools(school, school_year, other_school, administrator):
    stranger = PupilFactory(school=other_school, external_id="R002001", first_name="Kees")
    before = Pupil.objects.filter(school=other_school).count()

    _plan, result = run_import(example_bytes(), school, school_year, administrator)

    assert result.pupils_created == 11
    stranger.refresh_from_db()
    assert stranger.first_name == "Kees"
    assert stranger.school == other_school
    assert Pupil.objects.filter(school=other_school).count() == before
    assert Pupil.objects.get(school=school, external_id="R002001").first_name == "Daan"


def test_family_number_over_two_existing_families_is_an_error(school, school_year, administrator):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 4", grade=4)
    PupilFactory(school=school, group=group, external_id="T00001", family=FamilyFactory(school=school))
    PupilFactory(school=school, group=group, external_id="T00002", family=FamilyFactory(school=school))
    data = csv_bytes([pupil(1, gezinsnummer="G7"), pupil(2, gezinsnummer="G7", huisnummer="1")])

    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(data))

    assert [str(e) for e in plan.errors] == [
        "Regel 2, kolom gezinsnummer: gezinsnummer G7: deze leerlingen staan nu bij verschillende gezinnen. "
        "Pas het gezinsnummer aan, of laat technisch beheer de gezinnen eerst samenvoegen."
    ]


def test_apply_checks_again_and_writes_nothing_when_the_school_changed_meanwhile(school, school_year, administrator):
    group = GroupFactory(school=school, school_year=school_year, name="Groep 4", grade=4)
    data = csv_bytes([pupil(1, gezinsnummer="G7"), pupil(2, gezinsnummer="G7", huisnummer="1")])
    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(data))
    assert plan.errors == []
    # Between preview and confirm, the two pupils were entered by hand in two families.
    PupilFactory(school=school, group=group, external_id="T00001", family=FamilyFactory(school=school))
    PupilFactory(school=school, group=group, external_id="T00002", family=FamilyFactory(school=school))
    before = counts()

    with pytest.raises(ImportRejected) as rejected:
        import_apply(school=school, school_year=school_year, plan=plan, by=administrator)

    assert "verschillende gezinnen" in str(rejected.value.errors[0])
    assert counts() == before


def test_only_an_administrator_of_the_school_may_apply(school, school_year, teacher):
    plan = build_plan(school=school, school_year=school_year, parsed=parse_csv(example_bytes()))
    before = counts()
    with pytest.raises(PermissionDenied):
        import_apply(school=school, school_year=school_year, plan=plan, by=teacher)
    assert counts() == before


# --- Encodings and separators ----------------------------------------------------------------


def test_windows_1252_names_import_correctly(school, school_year, administrator):
    rows = [pupil(1, voornaam="Zoë", achternaam="Hoëlaan"), pupil(2, voornaam="Chloé", achternaam="Dupré")]
    data = csv_bytes(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    parsed = parse_csv(data)
    assert parsed.encoding == "Windows-1252"
    run_import(data, school, school_year, administrator)
    assert sorted(Pupil.objects.filter(school=school).values_list("first_name", "last_name")) == [
        ("Chloé", "Dupré"),
        ("Zoë", "Hoëlaan"),
    ]


def test_utf8_with_bom():
    parsed = parse_csv(b"\xef\xbb\xbf" + csv_bytes([pupil(1, voornaam="Zoë")]))
    assert parsed.errors == []
    assert parsed.encoding == "UTF-8"
    assert parsed.pupils[0].external_id == "T00001"
    assert parsed.pupils[0].first_name == "Zoë"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_semicolon_comma_and_tab_separators(delimiter):
    rows = [pupil(1, thuistalen="Turks, Nederlands"), pupil(2)]
    parsed = parse_csv(csv_bytes(rows, delimiter=delimiter))
    assert parsed.errors == []
    assert parsed.delimiter == delimiter
    assert parsed.families["G1"].languages == ["tr", "nl"]


def test_excel_sep_line_and_header_aliases_in_any_case():
    header = ["Leerlingnummer", " Roepnaam ", "ACHTERNAAM", "Klas", "Gezinsnr", "Woonplaats", "Onbekend"]
    text = "sep=;\r\n" + ";".join(header) + "\r\nT1;Noor;Bakker;Groep 4;G1;Utrecht;x\r\n"
    parsed = parse_csv(text.encode())
    assert parsed.errors == []
    assert parsed.pupils[0].first_name == "Noor"
    assert parsed.families["G1"].values["city"] == "Utrecht"
    assert parsed.ignored_columns == ["Onbekend"]


def test_utf16_binary_and_unreadable_bytes_are_refused_clearly():
    utf16 = csv_text([pupil(1)]).encode("utf-16")
    assert messages(utf16) == [
        "Het bestand is opgeslagen als UTF-16 (Unicode-tekst). Sla het bestand in Excel op als 'CSV UTF-8' "
        "of 'CSV (gescheiden door lijstscheidingsteken)'."
    ]
    assert messages(b"PK\x03\x04\x14\x00\x06\x00")[0].startswith("Dit is een Excel-bestand, geen CSV-bestand.")
    assert messages(b"leerlingnummer;voornaam\x00\x01\x02")[0].startswith("Dit is geen tekstbestand (CSV).")
    # 0x81 is neither UTF-8 nor a Windows-1252 character.
    assert messages(b"leerlingnummer;voornaam\r\n\x81\x8d;x\r\n")[0].startswith("De tekens in het bestand zijn niet")


# --- Malformed files -----------------------------------------------------------------------------


def test_empty_file_and_only_a_header():
    assert messages(b"") == ["Het bestand is leeg."]
    assert messages(b" \r\n\r\n") == ["Het bestand is leeg."]
    assert messages(csv_bytes([])) == ["Het bestand bevat alleen een kopregel en geen leerlingen."]


def test_missing_columns_give_one_error_naming_them():
    header = ["leerlingnummer", "voornaam", "achternaam", "straat"]
    errors = messages(csv_bytes([pupil(1)], header=header))
    assert errors == [
        "Deze verplichte kolommen ontbreken: groep, gezinsnummer. Gevonden kolommen: leerlingnummer, voornaam, "
        "achternaam, straat. Zet de kolomnamen in de eerste regel, gescheiden door een puntkomma."
    ]


def test_duplicate_pupil_numbers_point_to_the_first_line():
    rows = [pupil(1), pupil(2), pupil(1, voornaam="Sem"), pupil(1, voornaam="Mila")]
    assert messages(csv_bytes(rows)) == [
        "Regel 4, kolom leerlingnummer: leerlingnummer T00001 staat ook op regel 2.",
        "Regel 5, kolom leerlingnummer: leerlingnummer T00001 staat ook op regel 2.",
    ]


def test_bad_dates():
    rows = [
        pupil(1),
        pupil(2),
        pupil(3),
        pupil(4),
        pupil(5),
        pupil(6, geboortedatum="31-02-2015"),
        pupil(7, geboortedatum="2015/31/01"),
        pupil(8, geboortedatum="morgen"),
        pupil(9, geboortedatum="01-01-2030"),
        pupil(10, geboortedatum="2019-03-14"),
        pupil(11, geboortedatum="4-3-2019"),
    ]
    parsed = parse_csv(csv_bytes(rows))
    assert [str(e) for e in parsed.errors] == [
        "Regel 7, kolom geboortedatum: '31-02-2015' is geen bestaande datum. Schrijf de datum als dd-mm-jjjj.",
        "Regel 8, kolom geboortedatum: '2015/31/01' is geen datum. Schrijf de datum als dd-mm-jjjj.",
        "Regel 9, kolom geboortedatum: 'morgen' is geen datum. Schrijf de datum als dd-mm-jjjj.",
        "Regel 10, kolom geboortedatum: '01-01-2030' ligt in de toekomst.",
    ]


def test_good_dates_in_both_orders():
    parsed = parse_csv(csv_bytes([pupil(1, geboortedatum="2019-03-14"), pupil(2, geboortedatum="4-3-2019")]))
    assert [p.date_of_birth for p in parsed.pupils] == [datetime.date(2019, 3, 14), datetime.date(2019, 3, 4)]


def test_bad_postcodes_are_refused_and_good_ones_normalised():
    bad = ["1234", "0123 AB", "1234 ABC", "12345", "3552-EH", "1234 SS"]
    errors = messages(csv_bytes([pupil(n, postcode=code) for n, code in enumerate(bad, start=1)]))
    assert len(errors) == len(bad)
    assert errors[0] == (
        "Regel 2, kolom postcode: '1234' is geen Nederlandse postcode. "
        "Schrijf 4 cijfers en 2 letters, bijvoorbeeld 3552 AB."
    )
    good = parse_csv(csv_bytes([pupil(1, postcode="3552eh"), pupil(2, postcode=" 3552  EH ")]))
    assert [f.values["postcode"] for f in good.families.values()] == ["3552 EH", "3552 EH"]


def test_phone_numbers_are_checked_and_normalised():
    forms = ["06-12345678", "0031612345678", "+31 6 12345678", "+31612345678", "(06) 1234 5678"]
    parsed = parse_csv(csv_bytes([pupil(n, telefoon=number) for n, number in enumerate(forms, start=1)]))
    assert parsed.errors == []
    assert {f.values["phone"] for f in parsed.families.values()} == {"06 12345678"}
    assert parse_csv(csv_bytes([pupil(1, telefoon="030-2345678")])).families["G1"].values["phone"] == "030 234 5678"
    assert messages(csv_bytes([pupil(1, telefoon="0612")])) == [
        "Regel 2, kolom telefoon: '0612' is geen geldig telefoonnummer. Schrijf bijvoorbeeld 06 12345678 of "
        "+31 6 12345678."
    ]


def test_a_file_of_ten_megabytes_is_refused_before_reading():
    data = b"x" * (10 * 1024 * 1024)
    assert messages(data) == [
        "Het bestand is 10,0 MB; de grens is 2 MB. Exporteer alleen de leerlingen van deze school."
    ]


def test_more_rows_than_the_limit():
    header = ["leerlingnummer", "voornaam", "achternaam", "groep", "gezinsnummer"]
    lines = [";".join(header)] + [f"T{n};Noor;Bakker;Groep 4;G{n}" for n in range(MAX_ROWS + 1)]
    assert messages("\n".join(lines).encode()) == ["Het bestand heeft meer dan 5.000 leerlingen; de grens is 5.000."]


@pytest.mark.parametrize(
    "cell",
    ["=CMD|' /C calc'!A0", "@SUM(A1:A9)", '+HYPERLINK("http://x")', "-cmd|' /C calc'!A0", " =1+1"],
)
def test_formula_injection_cells_are_refused(cell):
    errors = messages(csv_bytes([pupil(1, achternaam=cell)]))
    char = cell.strip()[0]
    assert errors == [f"Regel 2, kolom achternaam: een cel mag niet met '{char}' beginnen (dit lijkt een formule)."]


def test_tab_or_carriage_return_at_the_start_of_a_cell_is_refused():
    errors = messages(csv_bytes([pupil(1, straat="\t=1+1"), pupil(2, straat="\r=1+1")]))
    assert errors == [
        "Regel 2, kolom straat: een cel mag niet met een tab of regeleinde beginnen (dit lijkt een formule).",
        "Regel 3, kolom straat: een cel mag niet met een tab of regeleinde beginnen (dit lijkt een formule).",
    ]


def test_phone_numbers_and_house_numbers_that_start_with_plus_or_minus_and_a_digit_are_fine():
    parsed = parse_csv(csv_bytes([pupil(1, telefoon="+31 6 12345678", huisnummer="12-3")]))
    assert parsed.errors == []


def test_cells_longer_than_300_characters_and_rows_with_too_many_cells():
    long_cell = "a" * 301
    errors = messages(csv_bytes([pupil(1, straat=long_cell)]))
    assert errors == ["Regel 2, kolom straat: de cel is 301 tekens lang; de grens is 300."]
    text = csv_text([pupil(1)]) + "T2;Sem;Bakker;14-03-2019;Groep 4;G2;Ondiep;12;3552 EH;Utrecht;;;;;;;extra;meer\r\n"
    assert messages(text.encode()) == [
        "Regel 3: deze regel heeft 18 cellen en de kopregel 16. "
        "Staat er een scheidingsteken (;) in een waarde zonder aanhalingstekens?"
    ]


def test_required_values_and_guardian_details():
    rows = [pupil(1, voornaam=""), pupil(2, ouder1_relatie="", ouder1_voornaam="Linda"), pupil(3, ouder1_relatie="oom")]
    assert messages(csv_bytes(rows)) == [
        "Regel 2, kolom voornaam: deze kolom is verplicht en is hier leeg.",
        "Regel 3, kolom ouder1_relatie: vul deze kolom in: er staan gegevens van ouder 1 op deze regel.",
        "Regel 4, kolom ouder1_relatie: 'oom' kennen we niet. Kies uit: moeder, vader, verzorger, voogd, anders.",
    ]


def test_family_rows_must_agree():
    rows = [pupil(1, gezinsnummer="G1"), pupil(2, gezinsnummer="G1", straat="Kaatstraat", huisnummer="1")]
    assert messages(csv_bytes(rows)) == [
        "Regel 3, kolom straat: gezinsnummer G1 heeft op regel 2 'Ondiep' en hier 'Kaatstraat'. "
        "De gegevens van een gezin moeten op elke regel hetzelfde zijn."
    ]


def test_home_languages_by_code_or_dutch_name_and_ambiguous_names_refused():
    parsed = parse_csv(csv_bytes([pupil(1, thuistalen="tarifit, Marokkaans-Arabisch, TR, Turks, pools")]))
    assert parsed.families["G1"].languages == ["rif", "ary", "tr", "pl"]
    assert messages(csv_bytes([pupil(1, thuistalen="Arabisch")])) == [
        "Regel 2, kolom thuistalen: 'Arabisch' is niet precies genoeg: de tolk moet de taal van het gezin spreken. "
        "Kies: Standaard-Arabisch, Marokkaans-Arabisch (Darija)."
    ]
    assert messages(csv_bytes([pupil(1, thuistalen="Klingon")])) == [
        "Regel 2, kolom thuistalen: 'Klingon' kennen we niet als taal. Gebruik een taalcode (zoals tr of rif) of de "
        "Nederlandse naam."
    ]


def test_grade_from_the_group_name_or_the_leerjaar_column():
    header = [*HEADER, "leerjaar"]
    parsed = parse_csv(csv_bytes([pupil(1, groep="1A"), pupil(2, groep="Eekhoorns", leerjaar="2")], header=header))
    assert [p.grade for p in parsed.pupils] == [1, 2]
    assert messages(csv_bytes([pupil(1, groep="Eekhoorns")])) == [
        "Regel 2, kolom groep: uit de groepsnaam 'Eekhoorns' is het leerjaar niet af te leiden. "
        "Vul de kolom leerjaar in."
    ]


def test_the_audit_trail_records_which_family_cards_an_import_created_and_changed(school, school_year, administrator):
    from huisbezoek.models import AuditEvent

    def trail(action):
        return list(
            AuditEvent.objects.filter(object_type="family", action=action, user=administrator, allowed=True)
            .order_by("object_id")
            .values_list("object_id", flat=True)
        )

    _plan, first = run_import(example_bytes(), school, school_year, administrator)
    assert trail("create") == sorted(Family.objects.filter(school=school).values_list("pk", flat=True))
    assert len(trail("create")) == first.families_created

    changed = example_with([("06 12345601;", "06 12345698;")])  # a new phone number for one mother
    run_import(changed, school, school_year, administrator)
    assert trail("change") == [Family.objects.get(pupils__external_id="R002002").pk]

    run_import(changed, school, school_year, administrator)  # nothing new: nothing recorded
    assert len(trail("change")) == 1
