"""The public protocol page and PDFs come from the cache: no query while nothing changed, and
what parents get changes at once when the school publishes or changes its settings."""

import pytest
from django.urls import reverse

from protocol import pdf, public_cache, services
from protocol.models import ProtocolPdf

from .factories import CONTACTS, fake_pdf


@pytest.fixture
def code(published):
    return services.protocol_settings_ensure(school=published.school).public_code


def _publish_new_text(school, directie, django_capture_on_commit_callbacks, body):
    draft = services.version_create_draft(school=school, user=directie)
    section = draft.sections.order_by("position").first()
    services.section_update(
        section=section, title=section.title, body=body, expected_revision=section.revision, user=directie
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, user=directie)
    draft.refresh_from_db()
    return draft


def test_a_known_pdf_is_served_without_a_query_and_revalidates_to_304(
    client, code, published, django_assert_num_queries
):
    stored = fake_pdf(published, "ar")
    url = reverse("protocol:public_pdf", args=[code, "ar"])
    assert client.get(url).status_code == 200  # looked up once the slow way, then remembered
    with django_assert_num_queries(0):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["ETag"] == f'"{stored.sha256}"' and response["Content-Length"] == str(stored.size)
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=f'"{stored.sha256}"')
    assert again.status_code == 304 and again["ETag"] == response["ETag"] and "Set-Cookie" not in again.headers


def test_a_cached_download_reads_the_cache_once_then_not_for_a_moment(client, code, published, monkeypatch):
    """The token and the pointer come in one round trip to the cache (one MGET on Redis), and the
    process keeps them for LOCAL_SECONDS: a newsletter's link opened by many parents at once costs
    one cache read per web process. A change made by another process shows once that has passed."""
    fake_pdf(published, "tr")
    url = reverse("protocol:public_pdf", args=[code, "tr"])
    assert client.get(url).status_code == 200  # the slow way, remembered in the cache
    calls, real = [], public_cache.cache

    class Recording:
        def __getattr__(self, name):
            method = getattr(real, name)
            return lambda *args, **kwargs: calls.append(name) or method(*args, **kwargs)

    monkeypatch.setattr(public_cache, "cache", Recording())
    clock = [1000.0]
    monkeypatch.setattr(public_cache, "_clock", lambda: clock[0])

    def download():
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        return response

    download()
    assert calls == ["get_many"]
    download()
    assert calls == ["get_many"]  # kept in the process

    # Another process publishes: a new token in the cache, nothing cleared here.
    real.set(f"protocol-public:{code}:token", "from-another-process", timeout=None)
    clock[0] += public_cache.LOCAL_SECONDS + 0.1
    calls.clear()
    download()
    assert calls[0] == "get_many" and len(calls) > 1  # the old pointer is refused, looked up again


def test_a_finished_render_points_the_download_at_its_file(
    client, code, published, monkeypatch, django_assert_num_queries
):
    data = b"%PDF-1.4\n% rendered\n%%EOF\n"
    monkeypatch.setattr(pdf, "render_pdf", lambda document, booklet=False: pdf.RenderedPdf(data, 1, 0.1))
    stored = services.pdf_ensure(version_id=published.pk, language=ProtocolPdf.BOOKLET)
    assert stored is not None
    with django_assert_num_queries(0):
        response = client.get(reverse("protocol:public_booklet", args=[code]))
        assert b"".join(response.streaming_content) == data
    assert response["ETag"] == f'"{stored.sha256}"'


def test_publishing_changes_the_pdf_served_at_once(
    client, code, school, directie, published, django_capture_on_commit_callbacks
):
    old = fake_pdf(published, "nl")
    url = reverse("protocol:public_pdf", args=[code, "nl"])
    assert client.get(url)["ETag"] == f'"{old.sha256}"'
    new_version = _publish_new_text(school, directie, django_capture_on_commit_callbacks, "Nieuwe tekst.")
    assert client.get(url).status_code == 202  # the new version's PDF is being made: never the old one
    new = fake_pdf(new_version, "nl", name="new-nl.pdf")
    served = client.get(url)
    assert served.status_code == 200 and served["ETag"] == f'"{new.sha256}"'


def test_the_public_page_is_cached_until_the_school_publishes(
    client, code, school, directie, published, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("protocol:public_language", args=[code, "nl"])
    first = client.get(url)
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert cached.status_code == 200 and cached.content == first.content
    assert cached["Cache-Control"] == "public, max-age=300" and "Set-Cookie" not in cached.headers
    assert cached["Content-Type"] == "text/html; charset=utf-8"

    _publish_new_text(school, directie, django_capture_on_commit_callbacks, "Dit is de nieuwe uitleg.")
    assert "Dit is de nieuwe uitleg." in client.get(url).content.decode()


def test_the_public_page_is_cached_until_the_settings_change(client, code, school, django_capture_on_commit_callbacks):
    url = reverse("protocol:public_language", args=[code, "nl"])
    assert CONTACTS["confidant_name"] in client.get(url).content.decode()
    row = services.protocol_settings_ensure(school=school)
    with django_capture_on_commit_callbacks(execute=True):
        services.settings_update(
            protocol_settings=row, expected_revision=row.revision, data={"confidant_name": "Dhr. Piet Nieuw"}
        )
    page = client.get(url).content.decode()
    assert "Dhr. Piet Nieuw" in page and CONTACTS["confidant_name"] not in page
