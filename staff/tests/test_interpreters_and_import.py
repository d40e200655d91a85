"""Interpreters with exact languages and availability, and the staff CSV import with its preview."""

from html import escape

import pytest
from django.urls import reverse

from huisbezoek.models import Membership, Role, User
from notifications.models import Notification
from staff.models import Invitation
from visits.forms import PlanForm
from visits.models import GroupTeacher, Interpreter
from visits.tests.factories import InterpreterFactory, VisitFactory

pytestmark = pytest.mark.django_db


# --- Interpreters ----------------------------------------------------------------------------


def test_adding_an_interpreter_with_exact_languages_and_availability(client, administrator, school, interpreter):
    client.force_login(administrator)
    page = client.get(reverse("staff:interpreter_add")).content.decode()
    assert "Tarifit (Riffijns-Berbers)" in page and "Marokkaans-Arabisch (Darija)" in page
    assert "Tamazight (Berbers)" in page
    response = client.post(
        reverse("staff:interpreter_add"),
        {
            "name": "Mohamed Ouali",
            "codes": ["rif", "zgh"],
            "availability": "ma en wo na 18 uur",
            "phone": "06 12345678",
            "is_parent_contact": "on",
            "user": interpreter.pk,
        },
    )
    assert response.status_code == 302
    made = Interpreter.objects.get(school=school, name="Mohamed Ouali")
    assert made.languages == ["rif", "zgh"] and made.availability == "ma en wo na 18 uur"
    assert made.is_parent_contact and made.user == interpreter and made.is_active
    listing = client.get(reverse("staff:interpreter_list")).content.decode()
    assert "Tarifit (Riffijns-Berbers), Tamazight (Berbers)" in listing
    assert "ma en wo na 18 uur" in listing


def test_a_vague_or_unknown_language_and_a_long_availability_are_refused(client, administrator, school):
    client.force_login(administrator)
    response = client.post(
        reverse("staff:interpreter_add"), {"name": "Iemand", "codes": ["berbers"], "availability": "x" * 201}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Selecteer een geldige keuze. berbers is geen beschikbare keuze." in page
    assert "hooguit 200" in page
    assert not Interpreter.objects.filter(name="Iemand").exists()


def test_only_an_account_with_the_interpreter_role_can_be_linked(client, administrator, school, teacher):
    client.force_login(administrator)
    client.post(reverse("staff:interpreter_add"), {"name": "Iemand", "codes": ["ary"], "user": teacher.pk})
    assert not Interpreter.objects.filter(name="Iemand").exists()


def test_a_deactivated_interpreter_is_no_longer_offered_when_planning(
    client, administrator, school, teacher, pupil, programme
):
    stopped = InterpreterFactory(school=school, name="Gestopt", languages=["tr"])
    keeps = InterpreterFactory(school=school, name="Blijft", languages=["tr"])
    planned_with = VisitFactory(pupil=pupil, lead_visitor=teacher, interpreter=stopped)
    client.force_login(administrator)
    client.post(reverse("staff:interpreter_active", args=[stopped.pk]), {"active": "0"})
    stopped.refresh_from_db()
    assert not stopped.is_active
    other_visit = VisitFactory(lead_visitor=teacher, pupil__school=school, pupil__group=pupil.group)
    offered = PlanForm(visit=other_visit, programme=programme).fields["interpreter"].queryset
    assert keeps in offered and stopped not in offered
    # A visit that has them keeps them.
    assert stopped in PlanForm(visit=planned_with, programme=programme).fields["interpreter"].queryset
    client.post(reverse("staff:interpreter_active", args=[stopped.pk]), {"active": "1"})
    stopped.refresh_from_db()
    assert stopped.is_active


# --- The staff import ------------------------------------------------------------------------

HEADER = "e-mail;voornaam;achternaam;rollen;groepen;geslacht\n"


def upload(client, text: str, encoding: str = "utf-8"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("team.csv", text.encode(encoding), content_type="text/csv")
    return client.post(reverse("staff:staff_import"), {"file": file})


def test_the_preview_shows_new_existing_and_here_and_applying_invites_the_new_people(
    client, administrator, school, group, teacher, outsider
):
    client.force_login(administrator)
    text = (
        HEADER
        + "anna.nieuw@school.test;Anna;de Nieuwe;leerkracht;Groep 3a;v\n"
        + f"{outsider.email};Kees;Buiten;leerkracht;;m\n"
        + f"{teacher.email};Fatima;Bakker;leerkracht;;\n"
        + "piet.directie@school.test;Piet;Directeur;directie;leerkracht;\n".replace(";leerkracht;\n", ";;\n")
    )
    preview = upload(client, text)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-count="new">2<' in page
    assert 'data-count="existing">1<' in page
    assert 'data-count="here">1<' in page
    assert 'data-count="error">0<' in page
    assert not User.objects.filter(email="anna.nieuw@school.test").exists()  # nothing saved yet

    token = preview.context["confirm_form"].initial["token"]
    response = client.post(reverse("staff:staff_import_confirm"), {"token": token}, follow=True)
    assert "2 uitgenodigd, 1 met een bestaand account toegevoegd, 1 werkten hier al." in response.content.decode()
    anna = User.objects.get(email="anna.nieuw@school.test")
    assert anna.gender == "female"
    assert GroupTeacher.objects.filter(teacher=anna, group=group).exists()
    assert Invitation.objects.filter(user=anna, school=school).exists()
    assert Membership.objects.filter(user=outsider, school=school, role=Role.TEACHER).exists()
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    assert Notification.objects.filter(kind="staff_invitation").count() == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('=HYPERLINK("http://x");Anna;Nieuw;leerkracht;;', "dit lijkt een formule"),
        ("a@school.test;@SUM(1);Nieuw;leerkracht;;", "dit lijkt een formule"),
        ("a@school.test;An\u202ena;Nieuw;leerkracht;;", "onzichtbaar teken"),
        ("a@school.test;Anna;" + "x" * 300 + ";leerkracht;;", "de grens is 254"),
        ("a@school.test;Anna;Nieuw;koning;;", "'koning' is geen rol"),
        ("a@school.test;Anna;Nieuw;leerkracht;Groep 9z;", "de groep 'Groep 9z' bestaat niet"),
        ("a@school.test;Anna;Nieuw;leerkracht;;x", "schrijf v, m of laat de cel leeg"),
        ("geen-adres;Anna;Nieuw;leerkracht;;", "geen geldig e-mailadres"),
        ("a@school.test;;Nieuw;leerkracht;;", "verplicht en is hier leeg"),
    ],
)
def test_a_bad_cell_is_refused_with_a_clear_message_per_row_and_nothing_can_be_applied(
    client, administrator, school, group, row, message
):
    client.force_login(administrator)
    preview = upload(client, HEADER + "ok@school.test;Olga;Goed;leerkracht;;\n" + row + "\n")
    page = preview.content.decode()
    assert escape(message) in page
    assert 'data-line="3" data-status="error"' in page
    assert 'data-line="2" data-status="new"' in page
    assert preview.context["confirm_form"] is None
    assert not User.objects.filter(email="ok@school.test").exists()


def test_a_tampered_or_foreign_import_token_is_refused(client, administrator, school):
    client.force_login(administrator)
    response = client.post(reverse("staff:staff_import_confirm"), {"token": "abc:def"}, follow=True)
    assert "niet (meer) geldig" in response.content.decode()


def test_an_excel_file_is_refused(client, administrator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(administrator)
    file = SimpleUploadedFile("team.xlsx", b"PK\x03\x04rest", content_type="application/octet-stream")
    page = client.post(reverse("staff:staff_import"), {"file": file}).content.decode()
    assert "Excel-bestand" in page
