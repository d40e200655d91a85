"""The administrator's message log and the reminder settings page, as people see them."""

import pytest
from django.urls import reverse

from huisbezoek.models import Role
from huisbezoek.tests.factories import MembershipFactory, UserFactory
from notifications.models import Notification

from .factories import NotificationFactory

LOG = reverse("notifications:log")
S = Notification.Status


def retry_url(notification):
    return reverse("notifications:retry", args=[notification.pk])


# The log -----------------------------------------------------------------------------------------


def test_the_administrator_sees_every_message_of_the_school_with_its_status(
    client, school, other_school, administrator
):
    NotificationFactory(school=school, kind="parent_reminder", address="+31612345678", channel="sms", status=S.SENT)
    NotificationFactory(
        school=school, kind="care_flag", address="zorg@school.test", status=S.FAILED, last_error="HTTP 503"
    )
    NotificationFactory(school=other_school, address="ander@example.org")
    client.force_login(administrator)
    page = client.get(LOG)
    html = page.content.decode()
    assert page.status_code == 200
    assert "+31612345678" in html and "zorg@school.test" in html
    assert "ander@example.org" not in html
    assert "Ouders: herinnering" in html  # the kind's name, not its code
    assert "HTTP 503" in html
    assert "1 bericht vraagt aandacht" in html
    assert html.count("Opnieuw versturen") == 1  # only on the failed one


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "failed"}, {"mislukt@example.org"}),
        ({"channel": "sms"}, {"+31612345678"}),
        ({"kind": "care_flag"}, {"mislukt@example.org"}),
        ({"status": "sent", "channel": "email"}, {"verstuurd@example.org"}),
        ({"status": "nonsense"}, {"mislukt@example.org", "+31612345678", "verstuurd@example.org"}),
    ],
)
def test_the_log_filters_on_status_kind_and_channel(client, school, administrator, query, expected):
    NotificationFactory(school=school, kind="care_flag", address="mislukt@example.org", status=S.FAILED)
    NotificationFactory(school=school, kind="parent_reminder", channel="sms", address="+31612345678", status=S.SENT)
    NotificationFactory(school=school, kind="parent_reminder", address="verstuurd@example.org", status=S.SENT)
    client.force_login(administrator)
    page = client.get(LOG, query)
    assert page.status_code == 200
    assert {n.address for n in page.context["page"].object_list} == expected


def test_the_log_pages_fifty_at_a_time(client, school, administrator):
    for i in range(55):
        NotificationFactory(school=school, address=f"ouder{i:02d}@example.org")
    client.force_login(administrator)
    first = client.get(LOG)
    second = client.get(LOG, {"pagina": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "55 berichten" in first.content.decode()


@pytest.mark.parametrize("n", [3, 60])
def test_the_log_runs_a_fixed_number_of_queries(client, school, administrator, django_assert_max_num_queries, n):
    for i in range(n):
        NotificationFactory(
            school=school, recipient=administrator if i % 2 else None, status=S.FAILED if i % 3 else S.SENT
        )
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        page = client.get(LOG)
    assert page.status_code == 200


def test_the_log_asks_for_a_login(client):
    response = client.get(LOG)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["teacher", "directie", "care_coordinator", "interpreter", "outsider"])
def test_the_log_is_for_the_administrator_only(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(LOG).status_code == 403


def test_the_log_refuses_a_post(client, administrator):
    client.force_login(administrator)
    assert client.post(LOG).status_code == 405


# Send again ----------------------------------------------------------------------------------------


def test_the_administrator_sends_a_failed_message_again(
    client, school, administrator, django_capture_on_commit_callbacks
):
    from django.core import mail

    failed = NotificationFactory(school=school, status=S.FAILED, attempts=5, address="ouder@example.org")
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(failed), {"query": "status=failed"}, follow=True)
    failed.refresh_from_db()
    assert failed.status == S.SENT
    assert len(mail.outbox) == 1
    assert response.redirect_chain[-1][0] == LOG + "?status=failed"
    assert "wordt opnieuw verstuurd" in response.content.decode()


@pytest.mark.parametrize("query", ["status=failed\r\nLocation: https://evil.example", "//evil.example/x"])
def test_sending_again_goes_back_to_the_log_whatever_the_query(client, school, administrator, query):
    failed = NotificationFactory(school=school, status=S.FAILED, attempts=5)
    client.force_login(administrator)
    response = client.post(retry_url(failed), {"query": query})
    assert response.status_code == 302
    assert response.url.startswith(LOG + "?") and "\n" not in response.url and "evil.example/" not in response.url


def test_a_sent_message_is_not_sent_again(client, school, administrator):
    sent = NotificationFactory(school=school, status=S.SENT)
    client.force_login(administrator)
    response = client.post(retry_url(sent), follow=True)
    assert "Alleen een mislukt of onbekend bericht" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == S.SENT


def test_a_message_of_another_school_answers_404(client, school, other_school):
    theirs = NotificationFactory(school=other_school, status=S.FAILED)
    admin_elsewhere = UserFactory()
    MembershipFactory(user=admin_elsewhere, school=school, role=Role.ADMINISTRATOR)
    client.force_login(admin_elsewhere)
    assert client.post(retry_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.FAILED


def test_send_again_needs_a_login_the_role_and_a_post(client, school, teacher, administrator):
    failed = NotificationFactory(school=school, status=S.FAILED)
    anonymous = client.post(retry_url(failed))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    client.force_login(teacher)
    assert client.post(retry_url(failed)).status_code == 403
    client.force_login(administrator)
    assert client.get(retry_url(failed)).status_code == 405


# Settings ------------------------------------------------------------------------------------------


def test_the_administrators_home_page_says_when_messages_need_attention(client, school, administrator):
    NotificationFactory(school=school, status=S.UNKNOWN)
    client.force_login(administrator)
    html = client.get(reverse("home")).content.decode()
    assert "1 bericht vraagt aandacht" in html
    assert reverse("notifications:log") in html
