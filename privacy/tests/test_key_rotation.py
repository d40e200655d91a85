"""Key rotation: old keys still decrypt, ``manage.py reencrypt`` moves everything to the new key."""

import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from huisbezoek import crypto
from privacy.tests.factories import MARKER, family_with_history
from visits.models import CaseEntry, Report

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY id")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def reencrypt(batch_size=500):
    out = io.StringIO()
    call_command("reencrypt", batch_size=batch_size, stdout=out)
    return out.getvalue()


@pytest.fixture
def written_with_old_key(group, teacher, care_coordinator):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        family_with_history(group=group, teacher=teacher, care_coordinator=care_coordinator, left_on=None, care="open")
        yield


def test_every_confidential_column_is_found(db):
    columns = {(model.__name__, f.name) for model, fields in crypto.encrypted_columns() for f in fields}
    assert {
        ("Report", "confidential_notes"),
        ("Report", "flag_reason"),
        ("ReportVersion", "content"),
        ("CaseEntry", "text"),
        ("CaseEntry", "source_detail"),
        ("Consult", "question"),
        ("CorrectionRequest", "request"),
    } <= columns


def test_raw_sql_finds_no_plaintext_in_any_encrypted_column(written_with_old_key):
    for model, fields in crypto.encrypted_columns():
        for field in fields:
            for value in raw(model._meta.db_table, field.column):
                assert value.startswith(crypto.PREFIX), (model, field.name)
                assert MARKER not in value and "buurvrouw" not in value.lower()


def test_after_adding_a_new_key_old_data_is_readable_and_new_data_uses_the_new_key(written_with_old_key, teacher):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        report = Report.objects.get()
        assert report.confidential_notes == f"Vader werkloos {MARKER}"
        report.save()
        [stored] = raw("visits_report", "confidential_notes")
        assert Fernet(NEW).decrypt(stored.removeprefix(crypto.PREFIX).encode()).decode() == report.confidential_notes


def test_reencrypt_moves_every_value_to_the_new_key_and_the_old_key_can_go(written_with_old_key):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        before = raw("visits_caseentry", "text")
        output = reencrypt(batch_size=1)  # batches of one row: the paging is exercised too
        assert "visits_report.confidential_notes: 1 values, 1 re-encrypted, 0 already current" in output
        assert "visits_caseentry.text: 2 values, 2 re-encrypted" in output
        assert raw("visits_caseentry", "text") != before
        again = reencrypt()
        assert "Done: 0 values re-encrypted" in again

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert Report.objects.get().flag_reason == f"Zorgen {MARKER}"
        assert sorted(e.text for e in CaseEntry.objects.all())[0] == "De buurvrouw hoorde geschreeuw."
        for model, fields in crypto.encrypted_columns():
            for field in fields:
                for value in raw(model._meta.db_table, field.column):
                    with pytest.raises(InvalidToken):
                        Fernet(OLD).decrypt(value.removeprefix(crypto.PREFIX).encode())

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):  # the old key alone opens nothing any more
        with pytest.raises(ImproperlyConfigured):
            Report.objects.get()


def test_a_value_no_key_opens_stops_the_command_without_showing_content(written_with_old_key):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        with pytest.raises(CommandError) as error:
            reencrypt()
    assert "cannot be decrypted" in str(error.value)
    assert MARKER not in str(error.value)


def test_plaintext_left_from_before_encryption_is_encrypted(written_with_old_key):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE visits_report SET key_points = 'x', confidential_notes = %s", [f"oud {MARKER}"])
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        reencrypt()
        [stored] = raw("visits_report", "confidential_notes")
        assert MARKER not in stored
        assert Report.objects.get().confidential_notes == f"oud {MARKER}"


def test_batch_size_must_be_positive(db):
    with pytest.raises(CommandError):
        reencrypt(batch_size=0)
