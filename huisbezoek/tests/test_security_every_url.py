"""Security properties checked on every URL of the permission matrix: every POST action refuses
a request without the CSRF token, no page loads or sends anything to another host or has
inline code, and no answer to a logged-in user may be kept in a cache. All tests here share
the matrix's world, built once for the module (see huisbezoek/tests/conftest.py); the
site-wide checks that need their own personas are in test_security.py."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from huisbezoek.testing.matrix import LOGIN, PERSONAS, REDIRECT
from huisbezoek.tests.url_matrix import MATRIX, sample_kwargs

# Builds the permission matrix's world once for the module: keep its tests on one xdist process.
pytestmark = pytest.mark.xdist_group("security_every_url")

SAME_HOST = {"", "testserver", urlsplit(settings.SITE_URL).netloc}  # SITE_URL: links parents can share
# Plain links (``<a href>``, never a load) to another site that a user may choose to follow, and why:
# OpenStreetMap, on the pin page, to find where a family lives when the geocoder cannot (no map
# tiles are loaded by our pages; the page says the address goes to OpenStreetMap if followed), and
# on the teacher's evening route to open the way between two visits (coordinates, never a name).
USER_CHOSEN_LINKS = {"www.openstreetmap.org"}


def url_of(name, objects):
    return reverse(name, kwargs=sample_kwargs(MATRIX[name].kwargs, objects))


def _allowed_persona(row):
    """A persona for whom the POST would do something (so the refusal must come from CSRF)."""
    for persona in PERSONAS:
        if row.expected[persona] not in (LOGIN, 403, 404, 405):
            return persona
    return None


POST_ROWS = sorted(name for name, row in MATRIX.items() if row.method == "post" and _allowed_persona(row))


def test_there_are_post_actions_to_check():
    assert len(POST_ROWS) >= 20


@pytest.mark.parametrize("name", POST_ROWS)
def test_every_post_action_refuses_a_request_without_the_csrf_token(world, name):
    row = MATRIX[name]
    persona = _allowed_persona(row)
    objects = world.objects
    client = world.client(persona, enforce_csrf_checks=True)
    data = {k: v.format(**objects) for k, v in row.data.items()}
    response = client.post(url_of(name, objects), data)
    assert response.status_code == 403, f"{name} as {persona}: {response.status_code}"
    assert "Dit formulier is verlopen" in response.content.decode()


class PageAudit(HTMLParser):
    """Every address a page loads or sends to, its POST forms, and inline code or styles."""

    URL_ATTRIBUTES = {"src", "href", "action", "formaction", "poster", "data", "srcset", "xlink:href"}

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.post_forms = 0
        self.post_forms_with_token = 0
        self.inline: list[str] = []
        self._in_post_form = False
        self._form_has_token = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value:
                for part in value.split(",") if name == "srcset" else [value]:
                    self.urls.append((tag, name, part.strip().split(" ")[0]))
            if name == "style" or name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script" and not values.get("src"):
            self.inline.append("<script> without src")
        if tag == "form" and (values.get("method") or "").lower() == "post":
            self._in_post_form, self._form_has_token = True, False
            self.post_forms += 1
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken" and self._in_post_form:
            self._form_has_token = True

    def handle_endtag(self, tag):
        if tag == "form" and self._in_post_form:
            self.post_forms_with_token += self._form_has_token
            self._in_post_form = False


def user_chosen_link(tag: str, attr: str, url: str) -> bool:
    """A plain link the user may choose to follow (it loads nothing by itself): to a map site
    named in ``USER_CHOSEN_LINKS``, or a ``geo:`` link that opens the phone's maps app."""
    if tag != "a" or attr != "href":
        return False
    parts = urlsplit(url)
    return parts.scheme == "geo" or (parts.scheme == "https" and parts.netloc in USER_CHOSEN_LINKS)


def external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "data"):
        return False
    return parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_HOST


GET_ROWS = sorted(name for name, row in MATRIX.items() if row.method == "get")


# Views without CSRF protection, and why that is safe: parents and pupils answer through a
# personal link or class code and get no cookie at all, so there is no session a forged request
# could ride on; the secret in the address is the credential.
CSRF_EXEMPT = {
    "evaluation:parent_answer",
    "evaluation:parent_answer_language",
    "evaluation:pupil_answer",
    "visits:booking_page",
    "visits:booking_page_language",
    # An interpreter says yes or no to a booking through their own link (no cookie either).
    "visits:interpreter_booking",
}


def views_by_name(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            yield from views_by_name(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p.callback


def test_only_the_cookieless_public_forms_skip_csrf_protection():
    from django.urls import get_resolver

    exempt = {
        name
        for name, view in views_by_name(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not name.startswith("admin:")
    }
    assert exempt <= CSRF_EXEMPT, exempt - CSRF_EXEMPT


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_refers_to_another_host_or_has_inline_code_and_every_post_form_has_a_token(world, persona):
    objects = world.objects
    client = world.client(persona)
    checked, problems = 0, []
    for name in GET_ROWS:
        if MATRIX[name].expected[persona] not in (200, REDIRECT):
            continue
        response = client.get(url_of(name, objects), follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        page = PageAudit()
        page.feed(response.content.decode())
        problems += [
            f"{name}: {tag} {attr}={url}"
            for tag, attr, url in page.urls
            if external(url) and not user_chosen_link(tag, attr, url)
        ]
        problems += [f"{name}: {found}" for found in page.inline]
        if page.post_forms != page.post_forms_with_token and name not in CSRF_EXEMPT:
            problems.append(f"{name}: a POST form without a CSRF token")
    assert checked >= 3, f"only {checked} pages checked for {persona}"
    assert not problems, "\n".join(problems)


# The protocol's public pages and files are the same for everyone and hold no personal data:
# they are meant to be cached, also when a logged-in teacher opens them.
PUBLIC_CACHED = {
    "protocol:public_page",
    "protocol:public_language",
    "protocol:public_pdf",
    "protocol:public_booklet",
    "protocol:public_qr",
    "protocol:public_logo",
    "privacy:public_notice",  # the parents' privacy notice: the same for everyone, no personal data
}
LOGGED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


def answer(world, persona, name):
    """``persona``'s answer to the matrix's request for ``name``, with what it changed rolled back."""
    row = MATRIX[name]
    objects = world.objects
    url = url_of(name, objects)
    data = {k: v.format(**objects) for k, v in row.data.items()}
    with transaction.atomic():
        client = world.client(persona)
        response = client.post(url, data) if row.method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_no_answer_to_a_logged_in_user_may_be_stored_in_a_cache(world, persona):
    """Pages, refusals, redirects and downloads alike: a shared computer's browser cache or a
    proxy must not keep a visit, a report, a pupil file or a team-meeting export."""
    cacheable = []
    names = sorted(set(MATRIX) - PUBLIC_CACHED)
    for name in names:
        response = answer(world, persona, name)
        if "no-store" not in response.get("Cache-Control", ""):
            cacheable.append(f"{name} ({response.status_code}): {response.get('Cache-Control')!r}")
    assert len(names) > 50
    assert not cacheable, "\n".join(cacheable)


@pytest.mark.parametrize("persona", ["anonymous", "teacher", "directie"])
def test_the_public_protocol_files_keep_their_public_caching(world, persona):
    served = 0
    for name in sorted(PUBLIC_CACHED):
        response = answer(world, persona, name)
        if response.status_code != 200:
            continue
        served += 1
        assert response["Cache-Control"].startswith("public, max-age="), name
        assert "no-store" not in response["Cache-Control"], name
    assert served >= 4
    pdf = answer(world, persona, "protocol:public_pdf")
    assert pdf["Content-Disposition"].startswith("attachment") and pdf["Cache-Control"] == "public, max-age=300"
