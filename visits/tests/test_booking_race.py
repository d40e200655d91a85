"""No double booking under any race: 20 families try at once to book overlapping times of one
teacher. PostgreSQL only: SQLite has no row locks (select_for_update is a no-op there and it
serialises every writer on the whole file), so the race cannot happen the same way."""

import datetime
import secrets
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from huisbezoek.models import User
from visits.booking import services
from visits.models import AvailabilityWindow, BookingInvitation, Visit, VisitTransition
from visits.tests.factories import PupilFactory, VisitFactory
from visits.tests.helpers import at

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_families_one_teacher_exactly_one_booking(school, group, teacher, programme):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (run with DATABASE_URL=postgres://...)")
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.FEMALE)
    AvailabilityWindow.objects.create(
        school=school, user=teacher, date=datetime.date(2026, 11, 5), start=datetime.time(18), end=datetime.time(19, 30)
    )
    invitations = []
    for _ in range(THREADS):
        visit = VisitFactory(pupil=PupilFactory(school=school, group=group), lead_visitor=teacher)
        token = secrets.token_urlsafe(32)
        invitations.append(
            BookingInvitation.objects.create(
                school=school, visit=visit, token_hash=services.token_hash(token), expires_at=at(18, 23, month=12)
            )
        )
    # Three overlapping times of 60 minutes: whichever wins, the others no longer fit.
    starts = [at(5, 18), at(5, 18, 15), at(5, 18, 30)]
    barrier = threading.Barrier(THREADS)
    booked: list[int] = []
    taken: list[int] = []
    errors: list[BaseException] = []

    def book(n: int) -> None:
        try:
            invitation = BookingInvitation.objects.select_related("visit", "school").get(pk=invitations[n].pk)
            barrier.wait()
            services.booking_book(invitation=invitation, starts_at=starts[n % 3], now=at(2, 10))
            booked.append(n)
        except ValidationError as error:
            (taken if error.code == "taken" else errors).append(error if error.code != "taken" else n)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(booked) == 1 and len(taken) == THREADS - 1
    scheduled = Visit.objects.filter(status=Visit.Status.SCHEDULED)
    assert scheduled.count() == 1
    assert scheduled.get().pk == invitations[booked[0]].visit_id
    # Nothing half-written: no other visit has a time, a transition or a booked invitation.
    assert Visit.objects.filter(starts_at__isnull=False).count() == 1
    assert VisitTransition.objects.filter(to_status=Visit.Status.SCHEDULED).count() == 1
    assert BookingInvitation.objects.filter(booked_at__isnull=False).count() == 1
