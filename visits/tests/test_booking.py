"""Parents choose their own time: invitations, the public page (book, move, cancel, ask), the
deadline, a time taken by another family, and one family's link never touching another's visit."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from huisbezoek.models import User
from notifications.models import Notification
from visits.booking import services
from visits.booking.services import find_invitation, token_hash
from visits.models import AvailabilityWindow, BookingInvitation, BookingRequest, Family, InterpreterBooking, Visit
from visits.selectors import booking_figures
from visits.tests.factories import (
    FamilyLanguageFactory,
    GuardianFactory,
    InterpreterFactory,
    PupilFactory,
    VisitFactory,
)
from visits.tests.helpers import at

pytestmark = pytest.mark.django_db

THU = datetime.date(2026, 11, 5)


@pytest.fixture
def teacher_window(school, teacher):
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    return AvailabilityWindow.objects.create(
        school=school, user=teacher, date=THU, start=datetime.time(18), end=datetime.time(20)
    )


def family_visit(school, group, teacher, *, language="tr", channel=Family.Channel.SMS, name="Yilmaz"):
    pupil = PupilFactory(school=school, group=group, family__name=name)
    Family.objects.filter(pk=pupil.family_id).update(preferred_channel=channel, phone="0612345678")
    FamilyLanguageFactory(family=pupil.family, language=language, is_main=True)
    return VisitFactory(pupil=pupil, lead_visitor=teacher)


def invite(visit, teacher):
    services.invitations_send(school=visit.school, visits=[visit], by=teacher)
    message = Notification.objects.filter(kind=services.INVITE_KIND, family_id=visit.family_id).latest("pk")
    return re.search(r"/kies-een-tijd/([A-Za-z0-9_-]+)/", message.body).group(1), message


@pytest.fixture
def tr_visit(school, group, teacher, programme, teacher_window):
    return family_visit(school, group, teacher)


def test_invitation_sms_in_the_parents_language_with_a_hashed_token(tr_visit, teacher):
    token, message = invite(tr_visit, teacher)
    assert message.channel == "sms" and message.address == "+31612345678" and message.language == "tr"
    assert "Ev ziyareti icin saat secin" in message.body
    assert len(token) >= 43  # 32 random bytes
    invitation = BookingInvitation.objects.get(visit=tr_visit)
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert invitation.expires_at.date() == datetime.date(2026, 12, 18)  # the end of the visit period


def test_families_who_prefer_a_call_are_listed_to_call_and_not_sent(school, group, teacher, programme):
    visit = family_visit(school, group, teacher, channel=Family.Channel.PHONE)
    result = services.invitations_send(school=school, visits=[visit], by=teacher)
    assert result.call_yourself == [visit] and result.sent == []
    assert not Notification.objects.filter(kind=services.INVITE_KIND).exists()
    assert not BookingInvitation.objects.exists()


def test_only_for_the_teachers_own_visits(tr_visit, colleague):
    with pytest.raises(ValidationError):
        services.invitations_send(school=tr_visit.school, visits=[tr_visit], by=colleague)


def test_the_invite_page_sends_to_a_whole_group_and_lists_who_to_call(client, school, group, teacher, programme):
    sms = family_visit(school, group, teacher, name="Kaya")
    phone = family_visit(school, group, teacher, channel=Family.Channel.PHONE, name="Jansen")
    client.force_login(teacher)
    page = client.get(reverse("visits:booking_invite"))
    assert "Zelf bellen" in page.content.decode()
    client.post(reverse("visits:booking_invite"), {"group": str(group.pk)})
    assert set(BookingInvitation.objects.values_list("visit_id", flat=True)) == {sms.pk}
    assert phone.pk not in BookingInvitation.objects.values_list("visit_id", flat=True)


def test_the_parent_page_has_no_cookies_and_no_session(client, tr_visit, teacher):
    token, _message = invite(tr_visit, teacher)
    page = client.get(reverse("visits:booking_page", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="tr"' in html and "Ev ziyareti için bir saat seçin" in html
    assert 'value="2026-11-05T18:00"' in html and "Perşembe 05-11-2026" in html
    assert not page.cookies and "Set-Cookie" not in str(page.headers)
    assert Session.objects.count() == 0
    assert page["Cache-Control"] == "no-store"


def test_book_then_move_then_the_staff_hear_of_it(client, tr_visit, teacher):
    token, _message = invite(tr_visit, teacher)
    url = reverse("visits:booking_page_language", args=[token, "tr"])
    answer = client.post(url, {"action": "book", "slot": "2026-11-05T18:30"})
    assert answer.status_code == 302 and not answer.cookies
    tr_visit.refresh_from_db()
    assert tr_visit.status == Visit.Status.SCHEDULED and tr_visit.starts_at == at(5, 18, 30)
    assert tr_visit.duration_minutes == 60
    assert BookingInvitation.objects.get(visit=tr_visit).booked_at is not None
    page = client.get(url).content.decode()
    assert "Randevunuz" in page and "05-11-2026 18:30" in page and f"{teacher.first_name} (öğretmen)" in page
    staff_mail = Notification.objects.filter(kind=services.STAFF_KIND, address=teacher.email)
    assert staff_mail.count() == 1 and "koos een tijd" in staff_mail.get().subject
    assert "2026-11-05T18:00" in client.get(url + "?verzetten=1").content.decode()
    client.post(url, {"action": "book", "slot": "2026-11-05T19:00"})
    tr_visit.refresh_from_db()
    assert tr_visit.starts_at == at(5, 19) and tr_visit.status == Visit.Status.SCHEDULED
    assert "verzette" in staff_mail.latest("pk").subject
    assert Session.objects.count() == 0


def test_cancel_before_the_deadline(client, tr_visit, teacher):
    token, _message = invite(tr_visit, teacher)
    url = reverse("visits:booking_page_language", args=[token, "nl"])
    client.post(url, {"action": "book", "slot": "2026-11-05T18:00"})
    client.post(url, {"action": "cancel"})
    tr_visit.refresh_from_db()
    assert tr_visit.status == Visit.Status.CANCELLED and tr_visit.failure_reason == "family_cancelled"
    assert "U heeft de afspraak afgezegd" in client.get(url).content.decode()
    assert "zegde het huisbezoek" in Notification.objects.filter(kind=services.STAFF_KIND).latest("pk").subject


def test_after_the_deadline_the_parent_calls_the_school(client, tr_visit, teacher, school):
    school.phone = "030 123 4567"
    school.save()
    token, _message = invite(tr_visit, teacher)
    url = reverse("visits:booking_page_language", args=[token, "nl"])
    client.post(url, {"action": "book", "slot": "2026-11-05T18:00"})
    invitation = find_invitation(token)
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(invitation=invitation, now=at(4, 18, 30))
    assert refused.value.code == "too_late"
    with pytest.raises(ValidationError):
        services.booking_book(invitation=invitation, starts_at=at(5, 19), now=at(5, 9))
    tr_visit.refresh_from_db()
    assert tr_visit.starts_at == at(5, 18) and tr_visit.status == Visit.Status.SCHEDULED


def test_a_time_just_taken_by_another_family(client, school, group, teacher, programme, teacher_window):
    first = family_visit(school, group, teacher, name="Kaya")
    second = family_visit(school, group, teacher, name="Demir")
    first_token, _m = invite(first, teacher)
    second_token, _m = invite(second, teacher)
    client.post(reverse("visits:booking_page", args=[first_token]), {"action": "book", "slot": "2026-11-05T18:00"})
    page = client.post(
        reverse("visits:booking_page_language", args=[second_token, "nl"]),
        {"action": "book", "slot": "2026-11-05T18:00"},
    )
    html = page.content.decode()
    assert "Deze tijd is net gekozen door een ander gezin" in html
    assert 'value="2026-11-05T18:00"' not in html
    second.refresh_from_db()
    assert second.status == Visit.Status.TO_PLAN and second.starts_at is None


def test_one_familys_link_never_shows_or_books_another_familys_visit(
    client, school, group, teacher, colleague, programme, teacher_window
):
    mine = family_visit(school, group, teacher, name="Kaya")
    User.objects.filter(pk=colleague.pk).update(gender=User.Gender.FEMALE)
    AvailabilityWindow.objects.create(
        school=school, user=colleague, date=THU, start=datetime.time(16), end=datetime.time(17)
    )
    theirs = family_visit(school, group, colleague, name="Bakkali")
    token, _m = invite(mine, teacher)
    invite(theirs, colleague)
    html = client.get(reverse("visits:booking_page_language", args=[token, "nl"])).content.decode()
    assert "Bakkali" not in html and 'value="2026-11-05T16:00"' not in html
    client.post(reverse("visits:booking_page", args=[token]), {"action": "book", "slot": "2026-11-05T16:00"})
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.status == Visit.Status.TO_PLAN and mine.status == Visit.Status.TO_PLAN


def test_unknown_and_expired_links(client, tr_visit, teacher):
    assert client.get(reverse("visits:booking_page", args=["x" * 43])).status_code == 404
    token, _m = invite(tr_visit, teacher)
    BookingInvitation.objects.update(expires_at=at(1, 9))
    html = client.get(reverse("visits:booking_page_language", args=[token, "nl"])).content.decode()
    assert "Deze link werkt niet meer" in html and "2026-11-05T18:00" not in html
    # A new invitation replaces the old link.
    new_token, _m = invite(tr_visit, teacher)
    assert "2026-11-05T18:00" in client.get(reverse("visits:booking_page", args=[new_token])).content.decode()


def test_an_arabic_parent_asks_for_a_talk_at_school_and_the_teacher_confirms(
    client, school, group, teacher, programme, teacher_window
):
    visit = family_visit(school, group, teacher, language="ary", name="Amrani")
    GuardianFactory(family=visit.family)
    token, message = invite(visit, teacher)
    assert message.language == "ar"
    page = client.get(reverse("visits:booking_page", args=[token])).content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page
    answer = client.post(
        reverse("visits:booking_page_language", args=[token, "ar"]), {"action": "ask", "kind": "school_talk"}
    )
    assert "شكرا" in answer.content.decode()
    asked = BookingRequest.objects.get(visit=visit)
    assert asked.kind == "school_talk" and asked.confirmed_at is None
    assert "vraagt" in Notification.objects.filter(kind=services.STAFF_KIND, address=teacher.email).get().subject
    client.force_login(teacher)
    assert (
        "Liever een gesprek op school" in client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    )
    client.post(reverse("visits:booking_request_confirm", args=[visit.pk, asked.pk]))
    asked.refresh_from_db()
    assert asked.confirmed_at is not None


def test_colleague_and_interpreter_hear_of_a_booking(
    client, school, group, teacher, colleague, programme, teacher_window
):
    visit = family_visit(school, group, teacher, name="Kaya")
    Family.objects.filter(pk=visit.family_id).update(
        interpreter_needed=True, interpreter_language="tr", interpreter_arranged_by="school"
    )
    User.objects.filter(pk=colleague.pk).update(gender=User.Gender.FEMALE)
    visit.colleague = colleague
    visit.save()
    AvailabilityWindow.objects.create(
        school=school, user=colleague, date=THU, start=datetime.time(18), end=datetime.time(20)
    )
    tolk = InterpreterFactory(school=school, languages=["tr"], email="tolk.tr@example.org")
    AvailabilityWindow.objects.create(
        school=school, interpreter=tolk, date=THU, start=datetime.time(18), end=datetime.time(20)
    )
    token, _m = invite(visit, teacher)
    client.post(reverse("visits:booking_page", args=[token]), {"action": "book", "slot": "2026-11-05T18:00"})
    visit.refresh_from_db()
    assert visit.interpreter == tolk
    told = set(Notification.objects.filter(kind=services.STAFF_KIND).values_list("address", flat=True))
    assert told == {teacher.email, colleague.email, "tolk.tr@example.org"}
    page = client.get(reverse("visits:booking_page_language", args=[token, "nl"])).content.decode()
    assert f"{colleague.first_name} (collega)" in page and f"{tolk.name.split()[0]} (tolk)" in page


def test_a_parent_booking_with_the_school_interpreter_sends_the_interpreter_their_own_link(
    client, school, group, teacher, programme, teacher_window, django_capture_on_commit_callbacks
):
    visit = family_visit(school, group, teacher, name="Kaya")
    Family.objects.filter(pk=visit.family_id).update(
        interpreter_needed=True, interpreter_language="tr", interpreter_arranged_by="school"
    )
    tolk = InterpreterFactory(school=school, languages=["tr"], email="tolk.tr@example.org")
    AvailabilityWindow.objects.create(
        school=school, interpreter=tolk, date=THU, start=datetime.time(18), end=datetime.time(20)
    )
    token, _m = invite(visit, teacher)
    url = reverse("visits:booking_page", args=[token])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "book", "slot": "2026-11-05T18:00"})
    booking = InterpreterBooking.objects.get(visit=visit)
    assert booking.interpreter == tolk and booking.status == InterpreterBooking.Status.REQUESTED
    assert booking.starts_at == at(5, 18)
    asked = Notification.objects.get(kind="interpreter_request")
    assert asked.address == "tolk.tr@example.org" and "05-11-2026" in asked.body
    [sent] = [m for m in mail.outbox if m.subject == asked.subject]
    link = re.search(r"/tolk/([A-Za-z0-9_-]+)/", sent.body).group(1)
    assert client.get(reverse("visits:interpreter_booking", args=[link])).status_code == 200

    client.post(url, {"action": "book", "slot": "2026-11-05T18:30"})  # moved: asked again for the new time
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.WITHDRAWN
    again = InterpreterBooking.objects.filter(visit=visit).latest("pk")
    assert again.status == InterpreterBooking.Status.REQUESTED and again.starts_at == at(5, 18, 30)
    assert Notification.objects.filter(kind="interpreter_request").count() == 2

    client.post(url, {"action": "cancel"})  # cancelled: the link says it is off
    again.refresh_from_db()
    assert again.status == InterpreterBooking.Status.WITHDRAWN


def test_the_directie_sees_who_chose_themselves_and_who_was_phoned(
    client, directie, school, school_year, group, teacher, programme, teacher_window
):
    chose = family_visit(school, group, teacher, name="Kaya")
    token, _m = invite(chose, teacher)
    BookingInvitation.objects.update(created=at(1, 10))
    client.post(reverse("visits:booking_page", args=[token]), {"action": "book", "slot": "2026-11-05T18:00"})
    VisitFactory(
        pupil=PupilFactory(school=school, group=group),
        lead_visitor=teacher,
        status=Visit.Status.SCHEDULED,
        starts_at=at(9, 19),
        duration_minutes=60,
    )
    figures = booking_figures(school=school, school_year=school_year)
    assert (figures.chose_themselves, figures.phoned) == (1, 1)
    assert figures.median_days == 1.0
    client.force_login(directie)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Zelf gekozen / gebeld" in page and "mediaan 1,0 dagen" in page


def test_the_programme_sets_how_long_before_parents_may_still_change(tr_visit, teacher, programme):
    programme.booking_change_hours = 48
    programme.save()
    token, _m = invite(tr_visit, teacher)
    invitation = find_invitation(token)
    services.booking_book(invitation=invitation, starts_at=at(5, 18), now=at(2, 11))
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(invitation=find_invitation(token), now=at(3, 20))
    assert refused.value.code == "too_late"
    services.booking_cancel(invitation=find_invitation(token), now=at(3, 17))
    tr_visit.refresh_from_db()
    assert tr_visit.status == Visit.Status.CANCELLED


def test_the_parent_page_and_the_invite_page_run_a_fixed_number_of_queries(
    client, school, group, teacher, programme, teacher_window, django_assert_max_num_queries
):
    visit = family_visit(school, group, teacher, name="Kaya")
    for n in range(1, 15):
        AvailabilityWindow.objects.create(
            school=school,
            user=teacher,
            date=THU + datetime.timedelta(days=n),
            start=datetime.time(16),
            end=datetime.time(21),
        )
    for n in range(10):
        family_visit(school, group, teacher, name=f"Gezin {n}")
    token, _m = invite(visit, teacher)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("visits:booking_page", args=[token]))
    assert page.content.decode().count('name="slot"') > 200
    client.force_login(teacher)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("visits:booking_invite"))
    assert page.content.decode().count('name="visit"') == 11
