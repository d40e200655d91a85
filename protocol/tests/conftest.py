"""Fixtures of the protocol tests.

* Files go to a temporary MEDIA_ROOT.
* PDF renders are not run in the background tasks unless a test asks for ``real_renders``:
  ``enqueued`` records what would have been rendered, so most tests stay fast.
* ``rendered_pdf(language)`` renders the default protocol of a fixed test school once per
  session per language (bytes), for tests that read PDFs back.
"""

from __future__ import annotations

import pytest

from protocol import content, services

from .factories import CONTACTS, draft_protocol, protocol_settings, published_protocol


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def enqueued(request, monkeypatch):
    calls: list[tuple[int, str]] = []
    if "real_renders" not in request.fixturenames:

        def record(*, version, languages):
            calls.extend((version.pk, language) for language in languages)

        monkeypatch.setattr(services, "enqueue_renders", record)
    return calls


@pytest.fixture
def real_renders():
    """Ask for this to let publishing and downloads render PDFs (eagerly, in tests)."""
    return True


@pytest.fixture
def draft(school, directie):
    return draft_protocol(school, directie)


@pytest.fixture
def published(school, directie):
    return published_protocol(school, directie)


@pytest.fixture
def settings_row(school):
    return protocol_settings(school)


@pytest.fixture
def contacts():
    return CONTACTS


_PDF_CACHE: dict[str, bytes] = {}


@pytest.fixture
def rendered_pdf(school, directie, tmp_path):
    """Bytes of the default protocol's PDF in a language (or "booklet"), rendered once per session."""
    from protocol.models import ProtocolPdf

    state: dict[str, object] = {}

    def get(language: str) -> bytes:
        if language not in _PDF_CACHE:
            if "version" not in state:
                state["version"] = published_protocol(school, directie)
            stored = services.pdf_ensure(version_id=state["version"].pk, language=language)
            assert isinstance(stored, ProtocolPdf)
            with stored.file.open("rb") as handle:
                _PDF_CACHE[language] = handle.read()
        return _PDF_CACHE[language]

    return get


ALL_LANGUAGES = content.ALL_LANGUAGES
