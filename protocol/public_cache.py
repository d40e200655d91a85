"""The parent pages and PDFs of a school's protocol, served from the cache without a query.

Every entry is keyed by the school's public code, a *token* and the language. The token of a code
is a random string kept in the cache; whatever changes what parents see (publishing a version,
editing or checking a published translation, the school's settings or logo) sets a new token once
the change has committed (``invalidate``), so every older entry is unreachable at once and
expires by itself. A reader takes the token *before* it reads the database, so an entry built from
data read before a change can only be stored under the token the change replaced.

* ``pdf:<language>``: which stored file is the current PDF (storage name, sha256, size) and the
  school's name for the download's file name. Written when a render finishes (``pdf_ensure``) and
  when a download finds the file the slow way. A download with an entry makes no query.
* ``page:<language>``: the rendered HTML of the public protocol page.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.db import transaction

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
    transaction.on_commit(lambda: cache.set(_token_key(code), secrets.token_hex(8), timeout=None))


def _key(code: str, token_: str, kind: str, language: str) -> str:
    return f"protocol-public:{code}:{token_}:{kind}:{language}"


def pdf_entry(code: str, language: str) -> PdfEntry | None:
    found = cache.get(_key(code, token(code), "pdf", language))
    return PdfEntry(**found) if isinstance(found, dict) else None


def remember_pdf(code: str, token_: str, language: str, entry: PdfEntry) -> None:
    cache.set(_key(code, token_, "pdf", language), asdict(entry), timeout=ENTRY_TIMEOUT)


def forget_pdf(code: str, language: str) -> None:
    cache.delete(_key(code, token(code), "pdf", language))


def page(code: str, language: str) -> bytes | None:
    found = cache.get(_key(code, token(code), "page", language))
    return found if isinstance(found, bytes) else None


def remember_page(code: str, token_: str, language: str, content: bytes) -> None:
    cache.set(_key(code, token_, "page", language), content, timeout=ENTRY_TIMEOUT)
