"""A later import never silently overwrites what the school edited on the family card: the new
family columns, the conflicts in the preview, and the administrator's choice per conflict."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from huisbezoek.access import Actor
from huisbezoek.crypto import PREFIX
from visits.families.services import FamilyCard, GuardianContact, family_card_save
from visits.imports.columns import parse_csv
from visits.models import Family, Pupil
from visits.tests.factories import GroupTeacherFactory
from visits.tests.import_files import HEADER, csv_bytes, pupil, run_import

UPLOAD = reverse("visits:import_upload")
CONFIRM = reverse("visits:import_confirm")
TODAY = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
CARD_HEADER = [*HEADER, "voorkeur_bezoeker", "aandachtspunten", "tolk_nodig", "tolk_taal", "tolk_geregeld_door"]
SECRET = "Vader werkt 's nachts"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def row(n=1, **values):
    return pupil(
        n,
        **{
            "gezinsnummer": "G1",
            "huisnummer": "1",
            "voorkeur_bezoeker": "geen",
            "aandachtspunten": "Bellen na 18 uur",
            "tolk_nodig": "ja",
            "tolk_taal": "Turks",
            "tolk_geregeld_door": "school",
            **values,
        },
    )


def file_with(**values) -> bytes:
    return csv_bytes([row(**values)], CARD_HEADER)


def upload(client, data: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile("export.csv", data, content_type="text/csv")})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no token in the preview"
    return match.group(1)


@pytest.fixture
def imported(school, school_year, administrator):
    """The family as a first import created it, with the teacher as mentor of its pupil's group."""
    run_import(file_with(), school, school_year, administrator)
    return Family.objects.get(school=school)


@pytest.fixture
def edited(imported, teacher, school):
    """The mentor's edit after the first phone call."""
    GroupTeacherFactory(group=Pupil.objects.get(family=imported).group, teacher=teacher)
    card = FamilyCard(
        languages=["tr", "nl"],
        phone="06 12345678",
        interpreter_needed=True,
        interpreter_language="tr",
        interpreter_arranged_by="family",
        visitor_preference=Family.VisitorPreference.FEMALE_ONLY,
        sensitivities=SECRET,
    )
    return family_card_save(actor=Actor.of(teacher, school), family=imported, card=card, expected_version=1)


def test_the_new_columns_fill_the_family_card(imported):
    assert imported.visitor_preference == Family.VisitorPreference.NONE
    assert imported.sensitivities == "Bellen na 18 uur"
    assert imported.interpreter_arranged_by == Family.InterpreterArrangedBy.SCHOOL
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitivities FROM visits_family WHERE id = %s", [imported.pk])
        assert cursor.fetchone()[0].startswith(PREFIX)


def test_the_new_columns_are_checked():
    parsed = parse_csv(file_with(voorkeur_bezoeker="man", tolk_geregeld_door="buurman"))
    messages = [str(e) for e in parsed.errors]
    assert any("voorkeur_bezoeker" in m and "'man' kennen we niet" in m for m in messages)
    assert any("tolk_geregeld_door" in m and "'buurman' kennen we niet" in m for m in messages)
    parsed = parse_csv(file_with(voorkeur_bezoeker="Alleen een vrouw"))
    assert parsed.families["G1"].values["visitor_preference"] == Family.VisitorPreference.FEMALE_ONLY


def test_siblings_with_different_sensitivities_do_not_show_them(school):
    parsed = parse_csv(csv_bytes([row(), row(2, aandachtspunten="Iets anders")], CARD_HEADER))
    text = " ".join(str(e) for e in parsed.errors)
    assert "andere aandachtspunten" in text
    assert "Iets anders" not in text and "18 uur" not in text


def test_an_import_without_app_edits_just_updates(imported, school, school_year, administrator):
    plan, _result = run_import(file_with(voorkeur_bezoeker="geen man alleen"), school, school_year, administrator)
    assert plan.conflicts == []
    imported.refresh_from_db()
    assert imported.visitor_preference == Family.VisitorPreference.NO_MAN_ALONE
    assert imported.version == 2  # an import raises the version: an edit page opened before it is refused


def test_a_changed_sensitivity_is_never_shown_in_the_changes(imported, school, school_year, administrator):
    _plan, result = run_import(file_with(aandachtspunten="Nieuw geheim"), school, school_year, administrator)
    shown = " ".join(f"{c.old} {c.new}" for c in result.changes)
    assert "geheim" not in shown and "18 uur" not in shown
    assert "(vertrouwelijk, gewijzigd)" in shown


def test_import_after_an_app_edit_shows_the_conflicts_and_changes_nothing(client, administrator, edited):
    client.force_login(administrator)
    preview = upload(
        client,
        file_with(voorkeur_bezoeker="geen", aandachtspunten="Andere tekst", thuistalen="Pools", telefoon="0687654321"),
    )
    page = preview.content.decode()
    assert "Verschillen met wat de school in de app invulde" in page
    assert "voorkeur bezoeker" in page
    assert 'In de app: <strong dir="auto">Alleen een vrouwelijke bezoeker</strong>' in page
    assert 'In het bestand: <strong dir="auto">Geen voorkeur</strong>' in page
    assert "aandachtspunten verschillen" in page
    assert SECRET not in page and "Andere tekst" not in page
    assert "Pools" in page  # home languages differ
    # Not edited in the app: an ordinary change.
    assert 'data-count="families-updated">1<' in page

    result = client.post(CONFIRM, {"token": token_of(preview)})  # no choice: keep the app's values
    assert 'data-count="conflicts-kept">' in result.content.decode()
    edited.refresh_from_db()
    assert edited.visitor_preference == Family.VisitorPreference.FEMALE_ONLY
    assert edited.sensitivities == SECRET
    assert edited.interpreter_arranged_by == Family.InterpreterArrangedBy.FAMILY
    assert sorted(edited.home_languages.values_list("language", flat=True)) == ["nl", "tr"]
    assert edited.phone == "06 87654321"  # the phone was not changed in the app: the file wins


def test_choosing_the_import_value_overwrites_that_field_only(client, administrator, edited):
    client.force_login(administrator)
    preview = upload(client, file_with(voorkeur_bezoeker="geen", aandachtspunten="Andere tekst"))
    keys = re.findall(r'name="(conflict-[^"]+)"', preview.content.decode())
    assert f"conflict-{edited.pk}-visitor_preference" in keys
    assert f"conflict-{edited.pk}-sensitivities" in keys
    client.post(CONFIRM, {"token": token_of(preview), f"conflict-{edited.pk}-visitor_preference": "import"})

    edited.refresh_from_db()
    assert edited.visitor_preference == Family.VisitorPreference.NONE
    assert edited.sensitivities == SECRET  # its conflict kept the app's value
    assert "visitor_preference" not in edited.edited_in_app  # from now on the file decides
    assert "sensitivities" in edited.edited_in_app


def test_a_choice_for_an_unknown_conflict_changes_nothing(school, school_year, administrator, edited):
    from visits.imports.plan import build_plan
    from visits.imports.services import import_apply

    parsed = parse_csv(file_with(voorkeur_bezoeker="geen"))
    plan = build_plan(school=school, school_year=school_year, parsed=parsed)
    plan.take_import = frozenset({"999-visitor_preference", f"{edited.pk}-name"})
    import_apply(school=school, school_year=school_year, plan=plan, by=administrator)
    edited.refresh_from_db()
    assert edited.visitor_preference == Family.VisitorPreference.FEMALE_ONLY


GUARDIAN_HEADER = [*CARD_HEADER, "ouder2_voornaam", "ouder2_achternaam", "ouder2_relatie", "ouder2_telefoon"]
PARENTS = {"ouder2_voornaam": "Mohamed", "ouder2_achternaam": "Bakker", "ouder2_relatie": "vader"}


def test_guardians_edited_in_the_app_are_conflicts_too(client, school, school_year, administrator, teacher):
    run_import(
        csv_bytes([row(**PARENTS, ouder2_telefoon="0622222222")], GUARDIAN_HEADER), school, school_year, administrator
    )
    family = Family.objects.get(school=school)
    GroupTeacherFactory(group=Pupil.objects.get(family=family).group, teacher=teacher)
    mother, father = family.guardians.order_by("pk")
    assert mother.is_main_carer  # ouder1, as nobody was marked
    card = FamilyCard(
        languages=["nl"],
        phone=family.phone,
        interpreter_needed=True,
        interpreter_language="tr",
        interpreter_arranged_by="school",
        sensitivities=family.sensitivities,
        main_carer_id=father.pk,
        guardians=[GuardianContact(mother.pk, phone="0633333333"), GuardianContact(father.pk, phone=father.phone)],
    )
    family_card_save(actor=Actor.of(teacher, school), family=family, card=card, expected_version=family.version)

    client.force_login(administrator)
    # The next export still has the old numbers; the father's number changed at the administration.
    preview = upload(client, csv_bytes([row(**PARENTS, ouder2_telefoon="0644444444")], GUARDIAN_HEADER))
    page = preview.content.decode()
    assert f"conflict-{family.pk}-main_carer" in page
    assert f"conflict-{family.pk}-guardian_{mother.pk}_phone" in page
    assert 'In de app: <strong dir="auto">06 33333333</strong>' in page
    client.post(CONFIRM, {"token": token_of(preview)})

    mother.refresh_from_db()
    father.refresh_from_db()
    assert mother.phone == "06 33333333" and not mother.is_main_carer
    assert father.is_main_carer
    assert father.phone == "06 44444444"  # not edited in the app: the file wins

    preview = upload(client, csv_bytes([row(**PARENTS, ouder2_telefoon="0644444444")], GUARDIAN_HEADER))
    client.post(CONFIRM, {"token": token_of(preview), f"conflict-{family.pk}-main_carer": "import"})
    mother.refresh_from_db()
    father.refresh_from_db()
    assert mother.is_main_carer and not father.is_main_carer
    assert mother.phone == "06 33333333"  # its own conflict still keeps the app's value
