"""The interface is Dutch first and fully available in English."""

from pathlib import Path

import polib
from django.conf import settings
from django.urls import reverse


def catalogs():
    return sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_english_is_shipped_and_complete():
    assert [p.parts[-3] for p in catalogs()] == ["en"]
    for path in catalogs():
        po = polib.pofile(str(path))
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        assert not untranslated, f"{path}: untranslated {untranslated[:5]}"
        assert not fuzzy, f"{path}: fuzzy {fuzzy[:5]}"


def test_placeholders_survive_translation():
    import re

    for path in catalogs():
        for entry in polib.pofile(str(path)):
            if entry.msgid_plural:
                continue
            wanted = sorted(re.findall(r"%\(\w+\)s", entry.msgid))
            assert sorted(re.findall(r"%\(\w+\)s", entry.msgstr)) == wanted, entry.msgid


def test_pages_are_dutch_by_default_and_english_on_request(client, teacher, group):
    client.force_login(teacher)
    dutch = client.get(reverse("home")).content.decode()
    assert '<html lang="nl"' in dutch
    assert "Mijn groepen" in dutch

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    english = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in english
    assert "My groups" in english
    assert "Welcome, <bdi>Fatima</bdi>" in english
    assert "Mijn groepen" not in english


def test_a_browser_asking_for_english_gets_english_login(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Forgot your password?" in page
