"""Encryption at rest for confidential text (report notes, care cases, consults).

Keys come from FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first), never from
SECRET_KEY in production. Rotation: put a new key first, keep the old ones after it (they
still decrypt), re-save the rows with ``manage.py reencrypt``, then drop old keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connection, models, transaction
from django.dispatch import receiver

PREFIX = "fernet:"  # marks an encrypted value in the column


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must hold at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid key: {exc}") from None


def encrypt(text: str) -> str:
    return PREFIX + _fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("A confidential value cannot be decrypted: is its key missing?") from None


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; empty text stays empty (nothing to hide, and searchable
    as "has notes"). Never filter or order on its content."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


@receiver(setting_changed)
def _keys_changed(*, setting: str, **kwargs: Any) -> None:
    """Tests (and a key rotation in a running shell) see new FIELD_ENCRYPTION_KEYS at once."""
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


# --- Key rotation ---------------------------------------------------------------------------


@dataclass
class ReencryptCount:
    """Per column: values seen, re-encrypted with the first key, and already current."""

    table: str
    column: str
    values: int = 0
    reencrypted: int = 0
    current: int = 0


def encrypted_columns() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model with encrypted columns, in every installed app (found, not listed by hand)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _reencrypted(stored: str, primary: Fernet) -> str | None:
    """The value encrypted with the first key, or None if it already is (idempotent)."""
    if not stored.startswith(PREFIX):
        return encrypt(stored)  # a plaintext value from before encryption: encrypt it now
    token = stored[len(PREFIX) :].encode()
    try:
        primary.decrypt(token)
        return None
    except InvalidToken:
        pass
    try:
        return PREFIX + _fernet().rotate(token).decode()
    except InvalidToken:
        raise ImproperlyConfigured("A value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS.") from None


def reencrypt_all(*, batch_size: int = 500) -> list[ReencryptCount]:
    """Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEYS.

    Reads and writes the raw column (no model code, no ``updated`` timestamps touched), in
    batches of ``batch_size`` rows, each batch in its own transaction, so a large table does
    not hold one long lock; a rerun skips what is already current. Stops (before the batch
    is written) at a value no key decrypts, naming the table and row, never the content.
    """
    primary = Fernet(settings.FIELD_ENCRYPTION_KEYS[0])
    quote = connection.ops.quote_name
    results = []
    for model, fields in encrypted_columns():
        table, pk = model._meta.db_table, model._meta.pk.column
        for field in fields:
            count = ReencryptCount(table=table, column=field.column)
            last = None
            while True:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        where = f"WHERE {quote(pk)} > %s " if last is not None else ""
                        cursor.execute(
                            f"SELECT {quote(pk)}, {quote(field.column)} FROM {quote(table)} {where}"  # noqa: S608
                            f"ORDER BY {quote(pk)} LIMIT %s",
                            [last, batch_size] if last is not None else [batch_size],
                        )
                        rows = cursor.fetchall()
                        updates = []
                        for row_pk, stored in rows:
                            if not stored:
                                continue
                            count.values += 1
                            try:
                                new = _reencrypted(stored, primary)
                            except ImproperlyConfigured as error:
                                raise ImproperlyConfigured(f"{error} ({table}.{field.column}, row {row_pk})") from None
                            if new is None:
                                count.current += 1
                            else:
                                updates.append((new, row_pk, stored))
                        if updates:
                            # Only where the value is still the one read: an edit saved meanwhile (the
                            # app stays up during a rotation) is kept, and the next run re-encrypts it.
                            cursor.executemany(
                                f"UPDATE {quote(table)} SET {quote(field.column)} = %s "  # noqa: S608
                                f"WHERE {quote(pk)} = %s AND {quote(field.column)} = %s",
                                updates,
                            )
                            count.reencrypted += len(updates)
                if len(rows) < batch_size:
                    break
                last = rows[-1][0]
            results.append(count)
    return results
