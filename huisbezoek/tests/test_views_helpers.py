"""run_service: one way for every view to call a service and show its refusal; paginate: one way to
show a long list a page at a time."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError

from huisbezoek.views_helpers import paginate, run_service


class PlanForm(forms.Form):
    day = forms.DateField(required=False)
    note = forms.CharField(required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


@pytest.fixture
def request_(rf):
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def texts(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def refuse(error):
    def call():
        raise error

    return call


def test_a_successful_call_shows_the_success_message_and_returns_the_value(request_):
    result = run_service(request_, lambda: 42, success="Opgeslagen.")
    assert result
    assert result.value == 42
    assert texts(request_) == [("success", "Opgeslagen.")]


def test_without_a_form_a_refusal_becomes_one_error_message(request_):
    result = run_service(request_, refuse(ValidationError(["Eerst dit.", "Dan dat."])), success="Opgeslagen.")
    assert not result
    assert texts(request_) == [("error", "Eerst dit. Dan dat.")]
    with pytest.raises(ValidationError):
        result.value  # noqa: B018  (reading the value of a refused call is a bug)


def test_with_a_form_a_refusal_lands_next_to_its_field_and_no_message_is_shown(request_):
    form = PlanForm({"note": "getypt"})
    assert form.is_valid()
    error = ValidationError({"starts_at": "Die dag is vol.", "note": "Te kort.", "version": "Iemand was u voor."})
    result = run_service(request_, refuse(error), form=form, field_names={"starts_at": "day"}, success="Opgeslagen.")
    assert not result
    assert form.errors["day"] == ["Die dag is vol."]  # the service's name mapped to the form's
    assert form.errors["note"] == ["Te kort."]
    assert form.non_field_errors() == ["Iemand was u voor."]  # a hidden field's refusal above the form
    assert form.data["note"] == "getypt"
    assert texts(request_) == []


def test_a_refusal_without_a_field_goes_above_the_form_unless_its_code_names_one(request_):
    form = PlanForm({})
    assert form.is_valid()
    run_service(
        request_,
        refuse(ValidationError([ValidationError("Te groot.", code="too_large"), ValidationError("Nee.", code="x")])),
        form=form,
        field_for_code={"too_large": "note"},
    )
    assert form.errors["note"] == ["Te groot."]
    assert form.non_field_errors() == ["Nee."]


def test_only_a_refusal_is_caught(request_):
    with pytest.raises(PermissionDenied):
        run_service(request_, refuse(PermissionDenied()), success="Opgeslagen.")
    assert texts(request_) == []


@pytest.mark.django_db
def test_paginate_gives_the_asked_page_and_keeps_the_filters_for_the_other_pages(rf, django_user_model):
    for n in range(5):
        django_user_model.objects.create_user(email=f"p{n}@example.org", password="x")
    rows = django_user_model.objects.order_by("email")
    page, query = paginate(rf.get("/", {"status": "open", "pagina": "2", "q": "a b"}), rows, 2)
    assert [u.email for u in page] == ["p2@example.org", "p3@example.org"]
    assert page.number == 2 and page.paginator.num_pages == 3
    assert query == "status=open&q=a+b"
    # A page number out of range or not a number gives the last or the first page, not an error.
    assert paginate(rf.get("/", {"pagina": "99"}), rows, 2)[0].number == 3
    first, query = paginate(rf.get("/", {"pagina": "x"}), rows, 2)
    assert (first.number, query) == (1, "")
