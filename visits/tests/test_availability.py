"""Marking the evenings one can visit: teachers, duo colleagues, interpreters and the administrator."""

import datetime

import pytest
from django.urls import reverse

from visits.availability import services
from visits.models import AvailabilityWindow, Interpreter
from visits.tests.factories import InterpreterFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("visits:availability")


def add(client, url=PAGE, day="2026-11-05", start="18:00", end="21:00", weeks="0"):
    return client.post(url, {"date": day, "start": start, "end": end, "repeat_weeks": weeks})


def test_a_teacher_marks_the_same_window_on_several_weeks_and_sees_how_many_families_fit(
    client, teacher, school, programme
):
    client.force_login(teacher)
    assert add(client, weeks="2").status_code == 302
    windows = AvailabilityWindow.objects.filter(user=teacher, school=school)
    assert sorted(w.date.isoformat() for w in windows) == ["2026-11-05", "2026-11-12", "2026-11-19"]
    page = client.get(PAGE).content.decode()
    # 3 hours: 60-minute visits with 15 minutes of travel between them: 2 families a night, 6 in all.
    assert "ongeveer 6 gezinnen" in page and "2 gezinnen" in page


def test_overlap_and_wrong_order_are_refused_and_what_was_typed_stays(client, teacher, programme):
    client.force_login(teacher)
    add(client)
    page = add(client, start="20:00", end="22:00")
    assert page.status_code == 200 and "overlapt" in page.content.decode()
    assert 'value="20:00"' in page.content.decode()
    page = add(client, start="20:00", end="19:00")
    assert "De eindtijd moet na de begintijd liggen." in page.content.decode()
    assert AvailabilityWindow.objects.count() == 1


def test_no_past_dates(teacher, school):
    with pytest.raises(Exception, match="vanaf vandaag"):
        services.windows_add(
            school=school,
            dates=[datetime.date(2026, 10, 1)],
            start=datetime.time(18),
            end=datetime.time(20),
            by=teacher,
            user=teacher,
        )


def test_a_colleague_marks_their_own_and_cannot_remove_anothers(client, teacher, colleague, programme):
    client.force_login(teacher)
    add(client)
    window = AvailabilityWindow.objects.get()
    client.force_login(colleague)
    add(client, start="19:00")
    assert AvailabilityWindow.objects.filter(user=colleague).count() == 1
    assert client.post(reverse("visits:availability_delete", args=[window.pk])).status_code == 404
    client.force_login(teacher)
    client.post(reverse("visits:availability_delete", args=[window.pk]))
    assert not AvailabilityWindow.objects.filter(user=teacher).exists()


def test_an_interpreter_with_an_account_marks_their_own(client, interpreter, school, programme):
    profile = Interpreter.objects.filter(user=interpreter).first() or InterpreterFactory(
        school=school, user=interpreter
    )
    client.force_login(interpreter)
    add(client)
    assert AvailabilityWindow.objects.get().interpreter == profile
    assert AvailabilityWindow.objects.get().user is None


def test_the_administrator_marks_for_an_interpreter_without_an_account(client, administrator, school, programme):
    profile = InterpreterFactory(school=school, user=None, name="Hafsa Ouali")
    client.force_login(administrator)
    assert "Hafsa Ouali" in client.get(PAGE).content.decode()
    url = reverse("visits:interpreter_availability", args=[profile.pk])
    assert add(client, url=url).status_code == 302
    assert AvailabilityWindow.objects.get().interpreter == profile
