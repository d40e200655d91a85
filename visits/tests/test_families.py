"""The rules for writing to a family, stated once in visits.selectors: which number takes an SMS,
which channel reaches the family, and which language its parents read."""

import pytest

from visits import selectors
from visits.models import Family, Guardian
from visits.tests.factories import FamilyFactory, FamilyLanguageFactory, GuardianFactory

# --- sms_number -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12345678", "+31612345678"),  # Dutch mobile as parents write it
        ("06-12345678", "+31612345678"),
        ("0612345678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+31612345678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("+32 470 12 34 56", "+32470123456"),  # Belgian mobile
        ("0032 470 12 34 56", "+32470123456"),
        ("+90 532 123 45 67", "+905321234567"),  # Turkish mobile
    ],
)
def test_a_mobile_number_is_given_in_international_form(raw, expected):
    assert selectors.sms_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "030 1234567",  # Dutch landline (Utrecht)
        "+31 30 1234567",
        "0031 20 1234567",  # Dutch landline (Amsterdam)
        "0800 0123",  # free-phone number
        "+32 2 123 45 67",  # Belgian landline (Brussels)
        "06 1234567",  # one digit short
        "06 123456789",  # one digit too many
        "bel de moeder",
        "abc",
        "+",
        "",
    ],
)
def test_a_number_that_cannot_take_an_sms_is_refused(raw):
    assert selectors.sms_number(raw) is None


# --- family_contact ---------------------------------------------------------------------------------


def family_with(channel, *, phone="", email=""):
    return FamilyFactory(preferred_channel=channel, phone=phone, email=email)


@pytest.mark.django_db
def test_a_family_preferring_sms_gets_an_sms_to_its_mobile():
    family = family_with(Family.Channel.SMS, phone="06 12345678", email="ouders@example.org")
    assert selectors.family_contact(family) == ("sms", "+31612345678")
    assert selectors.family_contact(family).channel == "sms"


@pytest.mark.django_db
def test_a_family_preferring_sms_without_a_mobile_gets_an_email():
    family = family_with(Family.Channel.SMS, phone="030 1234567", email="ouders@example.org")
    assert selectors.family_contact(family) == ("email", "ouders@example.org")


@pytest.mark.django_db
def test_a_family_preferring_email_gets_an_email_even_with_a_mobile():
    family = family_with(Family.Channel.EMAIL, phone="06 12345678", email="ouders@example.org")
    assert selectors.family_contact(family) == ("email", "ouders@example.org")


@pytest.mark.django_db
def test_a_family_preferring_email_without_an_address_gets_an_sms():
    family = family_with(Family.Channel.EMAIL, phone="06 12345678")
    assert selectors.family_contact(family) == ("sms", "+31612345678")


@pytest.mark.django_db
@pytest.mark.parametrize("channel", [Family.Channel.PHONE, Family.Channel.LETTER, Family.Channel.IN_PERSON])
def test_a_family_preferring_a_call_a_letter_or_the_gate_gets_no_message(channel):
    family = family_with(channel, phone="06 12345678", email="ouders@example.org")
    GuardianFactory(family=family, phone="06 87654321", email="moeder@example.org")
    assert selectors.family_contact(family) is None


@pytest.mark.django_db
def test_every_preferred_channel_is_decided():
    """A new channel in the model must be placed: messaged or called."""
    messaged = {c for c in Family.Channel.values if selectors.family_contact(family_with(c, phone="0612345678"))}
    assert messaged == {Family.Channel.SMS, Family.Channel.WHATSAPP, Family.Channel.EMAIL}


@pytest.fixture
def whatsapp_on(settings):
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_TOKEN = "token"


@pytest.mark.django_db
def test_a_family_preferring_whatsapp_gets_it_on_its_mobile_when_whatsapp_is_configured(whatsapp_on):
    family = family_with(Family.Channel.WHATSAPP, phone="06 12345678", email="ouders@example.org")
    assert selectors.family_contact(family) == ("whatsapp", "+31612345678")
    # A family preferring SMS stays on SMS.
    assert selectors.family_contact(family_with(Family.Channel.SMS, phone="06 12345678")) == ("sms", "+31612345678")


@pytest.mark.django_db
def test_without_whatsapp_a_family_preferring_it_gets_an_sms_to_the_same_number(settings):
    settings.WHATSAPP_TOKEN = ""
    family = family_with(Family.Channel.WHATSAPP, phone="06 12345678", email="ouders@example.org")
    assert selectors.family_contact(family) == ("sms", "+31612345678")


@pytest.mark.django_db
def test_a_family_preferring_whatsapp_without_a_mobile_gets_an_email(whatsapp_on):
    family = family_with(Family.Channel.WHATSAPP, phone="030 1234567", email="ouders@example.org")
    assert selectors.family_contact(family) == ("email", "ouders@example.org")


@pytest.mark.django_db
def test_a_family_with_no_usable_address_gets_no_message():
    assert selectors.family_contact(family_with(Family.Channel.SMS, phone="030 1234567")) is None
    assert selectors.family_contact(family_with(Family.Channel.EMAIL)) is None


@pytest.mark.django_db
def test_the_guardians_are_tried_after_the_family_the_main_carer_first(django_assert_num_queries):
    family = family_with(Family.Channel.SMS, phone="030 1234567")
    GuardianFactory(family=family, first_name="Ahmed", phone="06 11111111", is_main_carer=False)
    GuardianFactory(family=family, first_name="Naima", phone="06 22222222", is_main_carer=True)
    assert selectors.family_contact(family) == ("sms", "+31622222222")
    Family.objects.filter(pk=family.pk).update(phone="06 33333333")
    family = Family.objects.prefetch_related("guardians").get(pk=family.pk)
    with django_assert_num_queries(0):  # the rule reads prefetched rows only
        assert selectors.family_contact(family) == ("sms", "+31633333333")


@pytest.mark.django_db
def test_a_guardians_email_is_used_when_the_family_has_none():
    family = family_with(Family.Channel.EMAIL, phone="030 1234567")
    Guardian.objects.create(family=family, first_name="Naima", last_name="X", relation="mother", email="n@example.org")
    assert selectors.family_contact(family) == ("email", "n@example.org")


# --- parent_language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("home_language", "expected"),
    [
        ("ary", "ar"),  # Moroccan Arabic (Darija) families read Standard Arabic
        ("ar", "ar"),
        ("rif", "zgh"),  # Tarifit families read Tamazight (Latin script)
        ("zgh", "zgh"),
        ("tr", "tr"),
        ("pl", "pl"),
        ("uk", "uk"),
        ("so", "so"),
        ("en", "en"),
        ("nl", "nl"),
        ("ti", "nl"),  # no shipped language for Tigrinya: Dutch
        ("aii", "nl"),  # Assyrian is not Turkish
        ("xx", "nl"),
        ("", "nl"),
        (None, "nl"),
    ],
)
def test_a_home_language_maps_to_the_language_the_parents_read(home_language, expected):
    assert selectors.parent_language(home_language) == expected


def test_every_mapped_language_is_a_parent_language():
    assert set(selectors.HOME_TO_PARENT_LANGUAGE.values()) <= set(selectors.PARENT_LANGUAGES)
    assert selectors.PARENT_LANGUAGES[0] == "nl"


def test_a_feature_without_the_language_writes_dutch():
    questionnaire = ("nl", "en", "ar", "tr", "pl", "uk")
    assert selectors.parent_language("rif", offered=questionnaire) == "nl"
    assert selectors.parent_language("so", offered=questionnaire) == "nl"
    assert selectors.parent_language("ary", offered=questionnaire) == "ar"


def test_the_first_home_language_the_feature_has_wins_main_first():
    assert selectors.parent_language(["ary", "nl"]) == "ar"
    assert selectors.parent_language(["nl", "ary"]) == "nl"
    assert selectors.parent_language(["ti", "en"]) == "en"  # Tigrinya is not shipped, English is
    assert selectors.parent_language(["so", "en"], offered=("nl", "en")) == "en"
    assert selectors.parent_language([]) == "nl"


@pytest.mark.django_db
def test_a_familys_main_home_language_comes_first(django_assert_num_queries):
    family = FamilyFactory()
    FamilyLanguageFactory(family=family, language="nl", is_main=False)
    FamilyLanguageFactory(family=family, language="ary", is_main=True)
    family = Family.objects.prefetch_related("home_languages").get(pk=family.pk)
    with django_assert_num_queries(0):  # the rules read prefetched rows only
        assert selectors.home_languages(family) == ["ary", "nl"]
        assert selectors.parent_language(family) == "ar"
        assert selectors.parent_language(family, offered=("nl", "en")) == "nl"
    assert selectors.parent_language(FamilyFactory()) == "nl"  # no home language recorded
