"""Journey: the administrator sees on the home page that a message failed, finds it in the
message log with the filters, sends it again, and sets the school's reminders. axe on every page."""

from playwright.sync_api import expect

from notifications.models import Notification
from visits.models import ReminderSettings

from .helpers import assert_no_axe_violations, login


def test_the_administrator_follows_up_a_failed_message_and_sets_the_reminders(
    live_server, page, school, administrator, password
):
    failed = Notification.objects.create(
        school=school,
        key="e2e:failed",
        kind="parent_reminder",
        channel=Notification.Channel.EMAIL,
        address="ouders.amrani@example.org",
        subject="Morgen huisbezoek om 19:00 uur",
        body="Morgen komen we bij u op huisbezoek.",
        status=Notification.Status.FAILED,
        attempts=5,
        last_error="mail server error (SMTPServerDisconnected)",
    )
    Notification.objects.create(
        school=school,
        key="e2e:sent",
        kind="teacher_visit_tomorrow",
        channel=Notification.Channel.EMAIL,
        address="leerkracht@school.test",
        subject="Morgen huisbezoek om 19:00: familie Amrani",
        body="Lees de voorbereiding.",
        status=Notification.Status.SENT,
        attempts=1,
    )
    login(page, live_server, administrator, password)
    page.get_by_role("link", name="1 bericht vraagt aandacht (mislukt of onbekend)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    expect(page.get_by_role("table")).to_contain_text("ouders.amrani@example.org")
    expect(page.get_by_role("table")).not_to_contain_text("leerkracht@school.test")  # filtered on "failed"
    assert_no_axe_violations(page)

    page.get_by_label("Status").select_option(label="Alle")
    page.get_by_label("Kanaal").select_option(label="E-mail")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("table")).to_contain_text("leerkracht@school.test")
    expect(page.get_by_role("table")).to_contain_text("Leerkracht: bezoek morgen")

    page.get_by_role("button", name="Opnieuw versturen ouders.amrani@example.org").click()
    expect(page.get_by_text("Het bericht aan ouders.amrani@example.org wordt opnieuw verstuurd.")).to_be_visible()
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Herinneringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Herinneringen")
    assert_no_axe_violations(page)
    page.get_by_label("Uur van de herinneringen").fill("18")
    page.get_by_label("Ouders: bevestiging van de afspraak").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De instellingen van de herinneringen zijn opgeslagen.")).to_be_visible()
    saved = ReminderSettings.objects.get(school=school)
    assert saved.send_hour == 18 and not saved.parent_confirmation
    assert_no_axe_violations(page)
