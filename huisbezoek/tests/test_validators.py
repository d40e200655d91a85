"""Names refuse hidden control and format characters and keep the letters other scripts need."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from huisbezoek.validators import first_hidden_character, no_hidden_characters
from privacy.forms import CorrectionForm
from protocol.forms import CheckForm
from visits.reports.forms import AgreementForm

PERSIAN_WITH_ZWNJ = "\u0641\u0627\u0637\u0645\u0647\u200c\u0632\u0647\u0631\u0627"  # Fatemeh-Zahra
ARABIC = "\u0645\u062d\u0645\u062f \u0627\u0644\u0639\u0644\u064a"
TURKISH = "Şükrü Yılmaz-Öztürk"
HINDI_WITH_ZWJ = "\u0915\u094d\u200d\u0937"


@pytest.fixture(autouse=True)
def dutch():
    """The messages are compared in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("Bak\u202eker", "202E"),
        ("Bak\u200bker", "200B"),
        ("\u2066Bakker\u2069", "2066"),
        ("Bakker\u200f", "200F"),
        ("Bak\u200eker", "200E"),
        ("\ufeffBakker", "FEFF"),
        ("Bak\u2060ker", "2060"),
        ("Bak\x07ker", "0007"),
        ("Bak\nker", "000A"),
        ("Bakker\u200d", "200D"),
        ("\u200cBakker", "200C"),
        ("Bak \u200cker", "200C"),
    ],
)
def test_control_and_format_characters_are_refused_with_their_code(value, code):
    with pytest.raises(ValidationError) as refused:
        no_hidden_characters(value)
    assert refused.value.messages == [
        f"Dit veld bevat een onzichtbaar teken of stuurteken (U+{code}); typ de waarde opnieuw zonder dat teken."
    ]


@pytest.mark.parametrize("value", [PERSIAN_WITH_ZWNJ, ARABIC, TURKISH, HINDI_WITH_ZWJ, "Zoë-Ann d'Hondt", ""])
def test_names_in_every_script_are_accepted(value):
    assert first_hidden_character(value) is None
    assert no_hidden_characters(value) is None  # raises ValidationError for a refused name


@pytest.mark.parametrize(
    ("form_class", "field", "extra"),
    [
        (CheckForm, "checked_by_name", {}),
        (AgreementForm, "owner", {"what": "Bellen"}),
        (CorrectionForm, "requested_by", {"received_on": "2025-01-06", "request": "Adres klopt niet"}),
    ],
)
@pytest.mark.django_db
def test_every_name_field_refuses_a_right_to_left_override_and_takes_a_persian_name(form_class, field, extra):
    refused = form_class(data={**extra, field: "Ali\u202eevil"})
    assert not refused.is_valid()
    assert "U+202E" in refused.errors[field][0]
    accepted = form_class(data={**extra, field: PERSIAN_WITH_ZWNJ})
    assert accepted.is_valid(), accepted.errors


def test_the_family_interpreter_field_of_the_plan_form_checks_names():
    from visits.forms import PlanForm

    assert no_hidden_characters in PlanForm.base_fields["family_interpreter"].validators


def test_the_admin_name_fields_check_names(rf, admin_user):
    from django.contrib.admin.sites import site

    from visits.models import Family, Interpreter, Pupil

    request = rf.get("/")
    request.user = admin_user
    for model, field in ((Family, "name"), (Pupil, "first_name"), (Pupil, "last_name"), (Interpreter, "name")):
        form = site.get_model_admin(model).get_form(request)
        assert no_hidden_characters in form.base_fields[field].validators, (model, field)
