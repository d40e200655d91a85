"""The parent pages and PDFs of a school's protocol, served from the cache without a query.

Every entry is keyed by the school's public code, its kind and the language, and holds the
*token* it was built under. The token of a code is a random string kept in the cache; whatever
changes what parents see (publishing a version, editing or checking a published translation, the
school's settings or logo) sets a new token once the change has committed (``invalidate``), so
every older entry is unusable and is replaced by the next reader. A reader takes the token
*before* it reads the database, so an entry built from data read before a change can only carry
the token the change replaced.

A lookup reads the token and the entry in one round trip to the cache (``get_many``): a parent's
download of a cached PDF costs at most one cache read and no query. The process keeps a PDF's
pointer for ``LOCAL_SECONDS`` (see there), so other processes see a change within that time.

* ``pdf:<language>``: which stored file is the current PDF (storage name, sha256, size) and the
  school's name for the download's file name. Written when a render finishes (``pdf_ensure``) and
  when a download finds the file the slow way.
* ``page:<language>``: the rendered HTML of the public protocol page.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

# Seconds a process keeps a download's pointer without asking the cache again: the parents of a
# school opening a newsletter's link within a few seconds cost one cache read per web process, not
# one each. A change made in another process reaches this one within that time (the download itself
# may be kept 300 s by browsers, PUBLIC_PDF_CACHE); a change made in this process clears it at once.
LOCAL_SECONDS = 2.0
_local: dict[str, tuple[float, PdfEntry, str]] = {}
_clock = time.monotonic

# Seconds an entry lives. What the protocol app changes invalidates at once; a change made elsewhere
# that shows in the protocol (the school's name, the programme's visit length) shows within this time,
# when the slow path checks the content hash again.
ENTRY_TIMEOUT = 600


@dataclass(frozen=True)
class PdfEntry:
    name: str  # the file's name in the storage
    sha256: str
    size: int
    school_name: str


def _token_key(code: str) -> str:
    return f"protocol-public:{code}:token"


def token(code: str) -> str:
    """The current token of ``code`` (made when there is none)."""
    key = _token_key(code)
    found = cache.get(key)
    if found is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        found = cache.get(key)
    return str(found)


def invalidate(code: str) -> None:
    """Forget every cached page and PDF of ``code`` once the current transaction commits."""
    if not code:
        return

    def new_token() -> None:
        cache.set(_token_key(code), secrets.token_hex(8), timeout=None)
        for key in [key for key in _local if key.startswith(_prefix(code))]:
            _local.pop(key, None)

    transaction.on_commit(new_token)


def _prefix(code: str) -> str:
    return f"protocol-public:{code}:"


def _key(code: str, kind: str, language: str) -> str:
    return f"{_prefix(code)}{kind}:{language}"


def _lookup(code: str, kind: str, language: str) -> tuple[Any, str]:
    """The value stored for (``code``, ``kind``, ``language``) if it was built under the current
    token, else None; and the current token, for storing what the caller builds instead."""
    token_key, key = _token_key(code), _key(code, kind, language)
    found = cache.get_many([token_key, key])
    current = found.get(token_key)
    if current is None:
        return None, token(code)
    stored = found.get(key)
    if isinstance(stored, dict) and stored.get("token") == current:
        return stored.get("value"), str(current)
    return None, str(current)


def _store(code: str, token_: str, kind: str, language: str, value: Any) -> None:
    cache.set(_key(code, kind, language), {"token": token_, "value": value}, timeout=ENTRY_TIMEOUT)


def pdf_entry(code: str, language: str) -> tuple[PdfEntry | None, str]:
    """The current PDF's entry (None: not known) and the token to remember a new one under."""
    key = _key(code, "pdf", language)
    kept = _local.get(key)
    if kept is not None and kept[0] > _clock():
        return kept[1], kept[2]
    found, token_ = _lookup(code, "pdf", language)
    entry = PdfEntry(**found) if isinstance(found, dict) else None
    if entry is not None:
        _local[key] = (_clock() + LOCAL_SECONDS, entry, token_)
    return entry, token_


def remember_pdf(code: str, token_: str, language: str, entry: PdfEntry) -> None:
    _store(code, token_, "pdf", language, asdict(entry))
    _local.pop(_key(code, "pdf", language), None)


def page(code: str, language: str) -> tuple[bytes | None, str]:
    """The cached page's HTML (None: not cached) and the token to remember a new one under."""
    found, token_ = _lookup(code, "page", language)
    return (found if isinstance(found, bytes) else None), token_


def remember_page(code: str, token_: str, language: str, content: bytes) -> None:
    _store(code, token_, "page", language, content)
