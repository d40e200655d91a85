"""The import pages: upload -> preview -> confirm -> result, every way the confirm can go wrong,
and who may use them. Nothing is written before the confirm, and nothing in any error case."""

from __future__ import annotations

import datetime
import os
import re
import stat
import time
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huisbezoek.models import Role
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from visits.models import Family, FamilyLanguage, Group, Guardian, Pupil
from visits.tests.import_files import csv_bytes, example_bytes, example_with, pupil

UPLOAD = reverse("visits:import_upload")
CONFIRM = reverse("visits:import_confirm")
TODAY = datetime.datetime(2026, 11, 2, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_client(client, administrator, school_year):
    client.force_login(administrator)
    return client


def counts() -> dict[str, int]:
    return {
        "pupils": Pupil.objects.count(),
        "families": Family.objects.count(),
        "guardians": Guardian.objects.count(),
        "groups": Group.objects.count(),
        "languages": FamilyLanguage.objects.count(),
    }


def pending_files(media) -> list:
    folder = media / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def upload(client, data: bytes, name: str = "export.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no token in the preview"
    return match.group(1)


def followed_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- The journey ---------------------------------------------------------------------------


def test_upload_page_explains_and_offers_the_example(admin_client):
    page = admin_client.get(UPLOAD).content.decode()
    assert "Leerlingen importeren" in page
    assert "schooljaar 2026-2027" in page
    assert reverse("visits:import_example") in page
    assert 'enctype="multipart/form-data"' in page


def test_upload_preview_confirm_result(admin_client, media):
    before = counts()

    preview = upload(admin_client, example_bytes())

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Controleer de import" in page
    assert 'data-count="pupils-new">11<' in page
    assert 'data-count="families-new">8<' in page
    assert 'data-count="groups-new">7<' in page
    assert counts() == before  # nothing written yet
    [pending] = pending_files(media)
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", pending.name)
    assert stat.S_IMODE(pending.stat().st_mode) == 0o600
    assert pending.read_bytes() == example_bytes()

    result = admin_client.post(CONFIRM, {"token": token_of(preview)})

    assert result.status_code == 200
    page = result.content.decode()
    assert "Import klaar" in page
    assert 'data-count="pupils-new">11<' in page
    assert counts()["pupils"] == before["pupils"] + 11
    assert counts()["families"] == before["families"] + 8
    assert pending_files(media) == []  # the file is gone once imported


def test_reimport_preview_lists_the_changes_and_the_untouched_pupils(admin_client, pupil):
    admin_client.post(CONFIRM, {"token": token_of(upload(admin_client, example_bytes()))})

    preview = upload(admin_client, example_with([(";Ondiep;17;3552 EH;", ";Ondiep;19;3552 EH;")]))

    page = preview.content.decode()
    assert 'data-count="families-updated">1<' in page
    assert 'data-count="pupils-unchanged">11<' in page
    assert (
        "<td><bdi>gezin Yılmaz (gezinsnummer G5003)</bdi></td><td>huisnummer</td>"
        '<td dir="auto">17</td><td dir="auto">19</td>'
    ) in page
    assert "1 leerling van de school staat niet in het bestand" in page
    result = admin_client.post(CONFIRM, {"token": token_of(preview)}).content.decode()
    assert "1 leerling staat niet in het bestand; die is niet gewijzigd." in result

    same = upload(admin_client, example_with([(";Ondiep;17;3552 EH;", ";Ondiep;19;3552 EH;")]))
    assert "Importeren verandert niets" in same.content.decode()
    after = admin_client.post(CONFIRM, {"token": token_of(same)}).content.decode()
    assert "er is niets gewijzigd" in after


# --- Errors: listed, nothing saved -------------------------------------------------------------


def test_errors_are_listed_per_line_and_nothing_is_kept(admin_client, media):
    before = counts()
    data = csv_bytes([pupil(1), pupil(2, geboortedatum="31-02-2015"), pupil(3, achternaam="=CMD|' /C calc'!A0")])

    response = upload(admin_client, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Het bestand is niet geïmporteerd" in page
    assert "Verbeter deze 2 fouten" in page
    assert "<td>3</td><td>geboortedatum</td><td>&#x27;31-02-2015&#x27; is geen bestaande datum." in page
    assert "<td>4</td><td>achternaam</td><td>een cel mag niet met &#x27;=&#x27; beginnen" in page
    assert counts() == before
    assert pending_files(media) == []


def test_at_most_100_errors_are_shown_with_the_total(admin_client):
    data = csv_bytes([pupil(n, postcode="1234") for n in range(1, 151)])
    page = upload(admin_client, data).content.decode()
    assert "Verbeter deze 150 fouten" in page
    assert "Hieronder staan de eerste 100." in page
    assert page.count("is geen Nederlandse postcode") == 100


def test_a_ten_megabyte_upload_gets_a_clear_message(admin_client, media):
    before = counts()
    response = upload(admin_client, b"leerlingnummer;voornaam\n" + b"x" * (10 * 1024 * 1024))
    assert response.status_code == 200
    assert "Het bestand is 10,0 MB; de grens is 2 MB. Exporteer alleen de leerlingen van deze school." in (
        response.content.decode()
    )
    assert counts() == before
    assert pending_files(media) == []


def test_an_empty_upload(admin_client, media):
    response = upload(admin_client, b"")
    assert "Het bestand is leeg." in response.content.decode()
    assert pending_files(media) == []


def test_the_uploaded_name_is_never_used_as_a_path(admin_client, media):
    preview = upload(admin_client, example_bytes(), name="../../../etc/passwd.csv")
    assert preview.status_code == 200
    [pending] = pending_files(media)
    assert re.fullmatch(r"[0-9a-f]{32}\.csv", pending.name)
    assert sorted(p.name for p in media.iterdir()) == ["imports"]


def test_an_upload_sweeps_pending_files_older_than_an_hour(admin_client, media):
    folder = media / "imports"
    folder.mkdir()
    old, fresh = folder / ("a" * 32 + ".csv"), folder / ("b" * 32 + ".csv")
    old.write_bytes(b"old")
    fresh.write_bytes(b"fresh")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))

    upload(admin_client, example_bytes())

    names = [p.name for p in pending_files(media)]
    assert old.name not in names
    assert fresh.name in names
    assert len(names) == 2


# --- The confirm refuses anything but the administrator's own, fresh, unchanged file -------------


def assert_confirm_fails(client, token: str, expected: str, before: dict[str, int]) -> None:
    response = client.post(CONFIRM, {"token": token}, follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    assert any(expected in message for message in followed_messages(response)), followed_messages(response)
    assert counts() == before


def test_a_tampered_token(admin_client):
    token = token_of(upload(admin_client, example_bytes()))
    before = counts()
    assert_confirm_fails(
        admin_client, token[:-3] + ("abc" if not token.endswith("abc") else "xyz"), "niet geldig", before
    )
    assert_confirm_fails(admin_client, "", "niet geldig", before)


def test_an_expired_token(admin_client):
    token = token_of(upload(admin_client, example_bytes()))
    before = counts()
    with time_machine.travel(TODAY + datetime.timedelta(hours=1, minutes=5), tick=False):
        assert_confirm_fails(admin_client, token, "verlopen", before)


def test_another_administrators_token(client, administrator, school, school_year):
    client.force_login(administrator)
    token = token_of(upload(client, example_bytes()))
    before = counts()
    colleague = UserFactory()
    MembershipFactory(user=colleague, school=school, role=Role.ADMINISTRATOR)
    client.force_login(colleague)
    assert_confirm_fails(client, token, "hoort bij een andere gebruiker of school", before)


def test_a_token_taken_to_another_school(client, administrator, school, school_year, other_school):
    client.force_login(administrator)
    token = token_of(upload(client, example_bytes()))
    before = counts()
    MembershipFactory(user=administrator, school=other_school, role=Role.ADMINISTRATOR)
    client.post(reverse("school_switch"), {"school": other_school.pk, "next": "/"})
    assert_confirm_fails(client, token, "hoort bij een andere gebruiker of school", before)


def test_the_pending_file_is_gone(admin_client, media):
    token = token_of(upload(admin_client, example_bytes()))
    before = counts()
    for path in pending_files(media):
        path.unlink()
    assert_confirm_fails(admin_client, token, "er niet meer", before)


def test_the_pending_file_was_changed(admin_client, media):
    token = token_of(upload(admin_client, example_bytes()))
    before = counts()
    [path] = pending_files(media)
    path.write_bytes(example_with([("Daan", "Dirk")]))
    assert_confirm_fails(admin_client, token, "intussen veranderd", before)


def test_confirming_twice_imports_once(admin_client):
    token = token_of(upload(admin_client, example_bytes()))
    assert admin_client.post(CONFIRM, {"token": token}).status_code == 200
    after_first = counts()
    assert_confirm_fails(admin_client, token, "er niet meer", after_first)


# --- Who may use it ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, db):
    for url in (UPLOAD, CONFIRM):
        response = client.post(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["teacher", "directie", "care_coordinator", "interpreter", "outsider"])
def test_other_roles_are_refused(client, personas, persona, media):
    client.force_login(personas[persona])
    before = counts()
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, example_bytes()).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert client.get(reverse("visits:import_example")).status_code == 403
    assert counts() == before
    assert pending_files(media) == []


def test_wrong_methods(admin_client):
    assert admin_client.get(CONFIRM).status_code == 405
    assert admin_client.put(UPLOAD).status_code == 405
    assert admin_client.post(reverse("visits:import_example")).status_code == 405


def test_without_a_current_school_year_nothing_is_imported(client, administrator, media):
    client.force_login(administrator)
    page = client.get(UPLOAD).content.decode()
    assert "Er is geen huidig schooljaar" in page
    response = upload(client, example_bytes())
    assert response.status_code == 200
    assert counts()["pupils"] == 0
    assert pending_files(media) == []


def test_the_example_file_downloads(admin_client):
    response = admin_client.get(reverse("visits:import_example"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="import-voorbeeld.csv"'
    assert b"".join(response.streaming_content) == example_bytes()


def test_administrators_see_import_and_groups_in_the_menu(client, administrator, teacher):
    client.force_login(administrator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{UPLOAD}"' in page
    assert f'href="{reverse("visits:group_list")}"' in page
    client.force_login(teacher)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{UPLOAD}"' not in page
