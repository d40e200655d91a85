"""Editing the family card after the first phone call: who may, what is stored (encrypted where
confidential), the version check, the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from huisbezoek.access import Actor
from huisbezoek.crypto import PREFIX
from huisbezoek.models import AuditEvent
from huisbezoek.testing.responses import messages_of
from visits import access, audit_types
from visits.families.services import FamilyCard, GuardianContact, family_card_save
from visits.models import Family, GroupTeacher
from visits.tests.factories import GroupFactory, GroupTeacherFactory, GuardianFactory, PupilFactory

SECRET = "Vader werkt 's nachts; na 19.00 uur bellen."


def edit_url(family):
    return reverse("visits:family_edit", args=[family.pk])


def form_data(family, **changes):
    data = {
        "main_language": "rif",
        "other_languages": ["nl"],
        "dutch_proficiency": "limited",
        "preferred_channel": "sms",
        "phone": "06 12345678",
        "email": "",
        "interpreter_needed": "on",
        "interpreter_language": "rif",
        "interpreter_arranged_by": "school",
        "interpreter_consent": "yes",
        "visitor_preference": "female_only",
        "visitor_preference_note": "Moeder wil liefst een juf.",
        "sensitivities": SECRET,
        "keeps_ramadan": "on",
        "version": str(family.version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def raw_column(family, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM visits_family WHERE id = %s", [family.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def guardians(pupil):
    mother = GuardianFactory(family=pupil.family, first_name="Naima", relation="mother", is_main_carer=True)
    father = GuardianFactory(family=pupil.family, first_name="Mohamed", relation="father", is_main_carer=False)
    return mother, father


def test_the_mentor_edits_the_card_after_the_phone_call(client, teacher, pupil, guardians):
    family = pupil.family
    mother, father = guardians
    client.force_login(teacher)
    page = client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()
    assert edit_url(family) in page

    data = form_data(
        family,
        **{
            "main_carer": str(father.pk),
            f"guardian_{father.pk}_phone": "+32 470 12 34 56",
            f"guardian_{father.pk}_email": "Mohamed@Example.org",
            f"guardian_{mother.pk}_phone": "0687654321",
            f"guardian_{mother.pk}_email": "",
        },
    )
    response = client.post(edit_url(family), data)
    assert response.status_code == 302
    assert messages_of(response) == ["De gezinskaart is opgeslagen."]

    family.refresh_from_db()
    assert [(fl.language, fl.is_main) for fl in family.home_languages.order_by("-is_main")] == [
        ("rif", True),
        ("nl", False),
    ]
    assert family.visitor_preference == "female_only"
    assert family.interpreter_needed and family.interpreter_language == "rif"
    assert family.interpreter_consent == Family.InterpreterConsent.YES
    assert family.keeps_ramadan
    assert family.sensitivities == SECRET
    assert family.version == 2
    assert {"visitor_preference", "sensitivities", "home_languages", "keeps_ramadan"} <= set(family.edited_in_app)
    father.refresh_from_db()
    mother.refresh_from_db()
    assert (father.is_main_carer, mother.is_main_carer) == (True, False)
    assert father.phone == "+32 470 12 34 56" and father.email == "mohamed@example.org"
    assert mother.phone == "06 87654321"

    card = client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()
    assert "Alleen een vrouwelijke bezoeker" in card
    assert "Moeder wil liefst een juf." in card
    assert "Het gezin houdt de ramadan" in card


def test_sensitivities_and_the_preference_note_are_encrypted_at_rest(client, teacher, pupil):
    family = pupil.family
    client.force_login(teacher)
    client.post(edit_url(family), form_data(family))
    for column in ("sensitivities", "visitor_preference_note"):
        stored = raw_column(family, column)
        assert stored.startswith(PREFIX)
        assert "19.00" not in stored and "juf" not in stored


def test_a_bad_phone_number_is_refused_and_what_was_typed_stays(client, teacher, pupil):
    family = pupil.family
    client.force_login(teacher)
    response = client.post(edit_url(family), form_data(family, phone="06 123", sensitivities="Bel na 19 uur"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "&#x27;06 123&#x27; is geen geldig telefoonnummer" in page
    assert "Bel na 19 uur" in page
    family.refresh_from_db()
    assert family.version == 1 and family.sensitivities == ""


def test_an_interpreter_needs_an_exact_language(client, teacher, pupil):
    family = pupil.family
    client.force_login(teacher)
    response = client.post(edit_url(family), form_data(family, interpreter_language=""))
    assert "Kies de taal van de tolk" in response.content.decode()
    languages = response.context["form"].fields["main_language"].choices
    names = [str(label) for _code, label in languages]
    assert "Tarifit (Riffijns-Berbers)" in names
    assert "Marokkaans-Arabisch (Darija)" in names
    assert "Arabisch" not in names and "Berbers" not in names


def test_a_save_on_an_older_version_is_refused_and_keeps_what_was_typed(client, teacher, administrator, pupil):
    family = pupil.family
    opened = form_data(family, sensitivities="Mijn aantekening")
    client.force_login(administrator)
    assert client.post(edit_url(family), form_data(family, phone="0611111111")).status_code == 302

    client.force_login(teacher)
    response = client.post(edit_url(family), opened)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iemand anders heeft deze gezinskaart net gewijzigd; bekijk de nieuwe gegevens" in page
    assert "Mijn aantekening" in page  # what the teacher typed
    assert "06 11111111" in page  # what is stored now
    family.refresh_from_db()
    assert family.phone == "06 11111111" and family.sensitivities == SECRET
    # The form now carries the new version: saving again is a deliberate choice and goes through.
    assert response.context["form"]["version"].value() == str(family.version)


def test_two_saves_on_the_same_version_cannot_both_win(teacher, school, pupil):
    """The conditional update itself refuses, not a check made earlier on the same object."""
    family = pupil.family
    actor = Actor.of(teacher, school)
    first, second = Family.objects.get(pk=family.pk), Family.objects.get(pk=family.pk)
    family_card_save(
        actor=actor, family=first, card=FamilyCard(languages=["tr"], phone="0611111111"), expected_version=1
    )
    with pytest.raises(ValidationError) as refused:
        family_card_save(
            actor=actor, family=second, card=FamilyCard(languages=["pl"], phone="0622222222"), expected_version=1
        )
    assert refused.value.error_list[0].code == "stale"
    family.refresh_from_db()
    assert family.phone == "06 11111111" and family.version == 2
    assert list(family.home_languages.values_list("language", flat=True)) == ["tr"]


def test_the_service_checks_phones_itself(teacher, school, pupil, guardians):
    family = pupil.family
    card = FamilyCard(languages=[], guardians=[GuardianContact(guardian_id=guardians[0].pk, phone="12")])
    with pytest.raises(ValidationError) as refused:
        family_card_save(actor=Actor.of(teacher, school), family=family, card=card, expected_version=1)
    assert f"guardian_{guardians[0].pk}_phone" in refused.value.message_dict


@pytest.mark.parametrize("persona", ["directie", "care_coordinator", "interpreter"])
def test_other_roles_may_not_edit(client, request, persona, pupil):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(edit_url(pupil.family)).status_code == 403


def test_only_the_mentor_of_one_of_the_pupils_edits(client, school, school_year, teacher, colleague, pupil):
    family = pupil.family
    # The colleague teaches the pupil's group as a subject teacher: sees the card, cannot edit it.
    GroupTeacherFactory(group=pupil.group, teacher=colleague, kind=GroupTeacher.Kind.TEACHER)
    client.force_login(colleague)
    assert client.get(reverse("visits:family_detail", args=[family.pk])).status_code == 200
    assert client.get(edit_url(family)).status_code == 403
    refused = AuditEvent.objects.filter(user=colleague, object_type=audit_types.FAMILY, allowed=False)
    assert refused.filter(action=AuditEvent.Action.CHANGE).count() == 1
    assert edit_url(family) not in client.get(reverse("visits:family_detail", args=[family.pk])).content.decode()
    # Mentor of a sibling's group: may edit.
    other = GroupFactory(school=school, school_year=school_year, name="Groep 7")
    GroupTeacherFactory(group=other, teacher=colleague)
    PupilFactory(school=school, group=other, family=family)
    assert client.get(edit_url(family)).status_code == 200
    assert access.can_edit_family(Actor.of(teacher, school), family)


def test_another_schools_teacher_gets_404(client, outsider, pupil):
    client.force_login(outsider)
    assert client.get(edit_url(pupil.family)).status_code == 404
    with pytest.raises(PermissionDenied):
        family_card_save(
            actor=Actor.of(outsider, outsider.memberships.first().school),
            family=pupil.family,
            card=FamilyCard(languages=[]),
            expected_version=1,
        )


def test_every_change_is_audited_without_content(client, teacher, pupil):
    family = pupil.family
    client.force_login(teacher)
    client.post(edit_url(family), form_data(family))
    change = AuditEvent.objects.get(object_type=audit_types.FAMILY, action=AuditEvent.Action.CHANGE, allowed=True)
    assert (change.user, change.object_id) == (teacher, family.pk)
    row = str(list(AuditEvent.objects.values()))
    assert "19.00" not in row and "juf" not in row


def test_the_privacy_export_still_holds_the_sensitivities(teacher, pupil):
    from visits.personal_data import family_dossier

    family = pupil.family
    Family.objects.filter(pk=family.pk).update(sensitivities=SECRET, visitor_preference_note="Liefst een juf")
    family.refresh_from_db()
    data = family_dossier(family=family)["family"]
    assert data["sensitivities"] == SECRET
    assert data["visitor_preference_note"] == "Liefst een juf"
    assert "version" not in data and "edited_in_app" not in data


def test_the_card_page_runs_a_fixed_number_of_queries(client, teacher, pupil, guardians, django_assert_num_queries):
    client.force_login(teacher)
    url = reverse("visits:family_detail", args=[pupil.family_id])
    client.get(url)
    # 13: the teacher's second-factor device is looked up too (on by default for teachers).
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_the_edit_page_runs_a_fixed_number_of_queries(client, teacher, pupil, guardians, django_assert_num_queries):
    client.force_login(teacher)
    client.get(edit_url(pupil.family))
    with django_assert_num_queries(9):  # with the second-factor device of the teacher
        assert client.get(edit_url(pupil.family)).status_code == 200


def test_the_service_refuses_what_the_form_would(teacher, school, pupil):
    card = FamilyCard(
        languages=["ar", "ar"],
        visitor_preference="everyone",
        interpreter_needed=True,
        email="geen-adres",
    )
    with pytest.raises(ValidationError) as refused:
        family_card_save(actor=Actor.of(teacher, school), family=pupil.family, card=card, expected_version=1)
    assert set(refused.value.message_dict) == {"languages", "visitor_preference", "interpreter_language", "email"}
    with pytest.raises(ValidationError) as too_long:
        family_card_save(
            actor=Actor.of(teacher, school),
            family=pupil.family,
            card=FamilyCard(languages=[], sensitivities="x" * 2001),
            expected_version=1,
        )
    assert "sensitivities" in too_long.value.message_dict
    pupil.family.refresh_from_db()
    assert pupil.family.version == 1
