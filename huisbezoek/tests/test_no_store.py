"""The no-store rule itself, on answers the permission matrix does not produce: a download for
someone not logged in, and a view that chose its own caching."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from huisbezoek.middleware import NoStoreMiddleware


def answered(response: HttpResponse, user=None) -> HttpResponse:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return NoStoreMiddleware(lambda request: response)(request)


def download(cache_control: str | None = None) -> HttpResponse:
    response = HttpResponse(b"naam;groep\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="teamoverleg.csv"'
    if cache_control:
        response["Cache-Control"] = cache_control
    return response


def test_a_download_is_never_stored_even_without_a_log_in():
    assert "no-store" in answered(download())["Cache-Control"]
    assert "no-store" in answered(download("private, max-age=600"))["Cache-Control"]


def test_a_view_that_chose_public_caching_keeps_it():
    assert answered(download("public, max-age=3600"))["Cache-Control"] == "public, max-age=3600"


def test_a_views_own_no_store_is_left_as_it_is():
    assert answered(download("no-store"))["Cache-Control"] == "no-store"


def test_an_anonymous_page_keeps_what_its_view_chose():
    assert "Cache-Control" not in answered(HttpResponse("Inloggen"))
