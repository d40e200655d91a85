"""Mijn avond: the teacher's evening as a route, its PDF, the map links, the optimiser's proposal
and accepting it through the planner, and the season proposal."""

import datetime
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import xstatic.pkg.bootstrap
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huisbezoek.models import AuditEvent, User
from huisbezoek.pdf import STATIC_DIR, render_document
from huisbezoek.testing.responses import messages_of
from visits.geo.travel import family_point, travel_minutes
from visits.models import AvailabilityWindow, Family, Interpreter, Visit
from visits.tests.factories import FamilyLanguageFactory, GuardianFactory, PupilFactory, VisitFactory
from visits.tests.helpers import at

DAY = "2026-11-10"  # a Tuesday in the test visit period, after the fixed clock's Monday
LAT = Decimal("52.090000")


def lng(km: float) -> Decimal:
    """A longitude ``km`` kilometres east of 5.10 on the latitude LAT (1 km ~ 0.0146 degrees)."""
    return (Decimal("5.100000") + Decimal(str(round(km * 0.0146, 6)))).quantize(Decimal("0.000001"))


def a_visit(school, group, teacher, *, name, hour=None, minute=0, km=None, status=Visit.Status.SCHEDULED, **family):
    pupil = PupilFactory(school=school, group=group, family__name=name, family__school=school, **family)
    if km is not None:
        Family.objects.filter(pk=pupil.family_id).update(latitude=LAT, longitude=lng(km), location_source="manual")
    starts = at(10, hour, minute) if hour is not None else None
    return VisitFactory(
        pupil=pupil,
        lead_visitor=teacher,
        status=status,
        starts_at=starts,
        duration_minutes=60 if starts else None,
    )


def evening_url(user, day=DAY):
    return reverse("visits:evening", args=[user.pk, day])


def page_of(client, user, query=""):
    response = client.get(evening_url(user) + query)
    assert response.status_code == 200
    return response


def test_the_evening_shows_the_visits_in_route_order_with_the_travel_between_them(
    client, teacher, school, group, programme
):
    a_visit(school, group, teacher, name="Chaouch", hour=18, minute=30, km=2)
    a_visit(school, group, teacher, name="Aydin", hour=16, km=0)
    a_visit(school, group, teacher, name="Bakri", hour=17, minute=15, km=1)
    client.force_login(teacher)
    response = page_of(client, teacher)
    html = response.content.decode()
    assert html.index("Aydin") < html.index("Bakri") < html.index("Chaouch")
    stops = response.context["evening"].stops
    assert [s.starts.strftime("%H:%M") for s in stops] == ["16:00", "17:15", "18:30"]
    one_km = travel_minutes(programme, family_point(stops[0].family), family_point(stops[1].family))
    assert one_km == 6  # 1 km x 1.35 by bike at 15 km/h, rounded up
    assert stops[1].travel_before == one_km and stops[1].gap_before == 15 - one_km
    assert f"{one_km} minuten reizen" in html
    assert "te vol" not in html
    assert "Mijn avond" in html
    # Addresses and phone numbers were shown: a read of each family's card in the audit trail.
    reads = AuditEvent.objects.filter(user=teacher, object_type="family", action="read")
    assert sorted(reads.values_list("object_id", flat=True)) == sorted(s.family.pk for s in stops)


def test_a_too_full_evening_is_warned_about(client, teacher, school, group, programme):
    # Without known places the fixed 15 minutes between visits count.
    a_visit(school, group, teacher, name="Aydin", hour=16)
    a_visit(school, group, teacher, name="Bakri", hour=17)  # 17:00 + 15 min travel: 17:15 at the earliest
    for hour, minute in ((18, 15), (19, 30), (20, 45)):
        a_visit(school, group, teacher, name=f"Gezin{hour}", hour=hour, minute=minute)
    client.force_login(teacher)
    response = page_of(client, teacher)
    html = response.content.decode()
    assert "Deze avond is te vol" in html
    assert "u bent hier op zijn vroegst om 17:15" in html
    assert "Het laatste bezoek is pas om 21:45 klaar" in html
    assert "5 bezoeken op één avond; tussen 16:00 en 21:00 passen er 4." in html
    tight = [stop.family.name for stop in response.context["evening"].stops if stop.warning]
    assert tight == ["Bakri"]


def test_the_pdf_fits_eight_visits_on_one_a4_with_phone_numbers_and_no_sensitivities(
    client, teacher, school, group, programme, tmp_path
):
    interpreter = Interpreter.objects.create(school=school, name="Hafsa Ouali", phone="0687654321", languages=["ar"])
    for index in range(8):
        visit = a_visit(
            school,
            group,
            teacher,
            name=f"Familie El Khatib-{index}",
            hour=16 + index // 2,
            minute=(index % 2) * 30,
            km=index,
            family__phone=f"06123456{index:02d}",
        )
        family = visit.family
        family.sensitivities = "Vader is ernstig ziek"
        family.visitor_preference_note = "Moeder wil geen man alleen"
        family.interpreter_needed = True
        family.save()
        FamilyLanguageFactory(family=family, language="ar", is_main=True)
        GuardianFactory(family=family, first_name="Naima", phone=f"06987654{index:02d}", is_main_carer=True)
        Visit.objects.filter(pk=visit.pk).update(
            interpreter=interpreter, meeting_point="Bij de hoek van de Kanaalstraat en de Vleutenseweg"
        )
    client.force_login(teacher)
    response = client.get(reverse("visits:evening_pdf", args=[teacher.pk, DAY]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "avond.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(  # noqa: S603 - our own file, a fixed program
        ["/usr/bin/pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    text = subprocess.run(  # noqa: S603 - our own file, a fixed program
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for index in range(8):
        assert f"06123456{index:02d}" in text  # the family's number
        assert f"06987654{index:02d}" in text  # the main carer's
    assert "Hafsa Ouali" in text and "0687654321" in text
    assert "Kanaalstraat" in text and "Arabisch" in text
    assert "ernstig ziek" not in text and "geen man alleen" not in text


def test_the_page_printed_puts_eight_visits_on_one_a4(client, teacher, school, group, programme):
    """The page itself laid out for print (its own stylesheet and Bootstrap, print media) by the
    PDF renderer: eight visits with phone numbers, interpreter and meeting point on one page."""
    interpreter = Interpreter.objects.create(school=school, name="Hafsa Ouali", phone="0687654321", languages=["ar"])
    for index in range(8):
        visit = a_visit(
            school, group, teacher, name=f"Familie El Khatib-{index}", hour=16 + index // 2, minute=(index % 2) * 30
        )
        Visit.objects.filter(pk=visit.pk).update(
            interpreter=interpreter, meeting_point="Bij de hoek van de Kanaalstraat en de Vleutenseweg"
        )
        FamilyLanguageFactory(family=visit.family, language="ar", is_main=True)
        GuardianFactory(family=visit.family, phone="0698765432", is_main_carer=True)
    client.force_login(teacher)
    html = page_of(client, teacher).content.decode()
    assert "css/evening-print.css" in html
    bootstrap = Path(xstatic.pkg.bootstrap.BASE_DIR)
    html = html.replace("/static/bootstrap/", bootstrap.as_uri() + "/").replace("/static/", STATIC_DIR.as_uri() + "/")
    document = render_document(html, base_url=STATIC_DIR.as_uri() + "/", extra_roots=[bootstrap])
    assert len(document.pages) == 1


def test_the_map_links_carry_coordinates_never_names(client, teacher, school, group, programme):
    a_visit(school, group, teacher, name="Aydin", hour=16, km=0)
    a_visit(school, group, teacher, name="Bakri", hour=17, minute=15, km=1)
    a_visit(school, group, teacher, name="Zonder", hour=18, minute=30, family__street="Lange Nieuwstraat")
    client.force_login(teacher)
    html = page_of(client, teacher).content.decode()
    links = re.findall(r'href="(https://www\.openstreetmap\.org/[^"]+|geo:[^"]+)"', html)
    directions = [link for link in links if "/directions?" in link]
    assert directions == [
        "https://www.openstreetmap.org/directions?engine=fossgis_osrm_bike&amp;route=52.090000,5.100000;52.090000,5.114600"
    ]
    assert "geo:52.090000,5.100000" in links
    for link in links:
        assert "Aydin" not in link and "Bakri" not in link and "Zonder" not in link
    # The family without a known place: its address (not its name) searched on the map, and a note.
    assert any("/search?query=Lange+Nieuwstraat" in link for link in links)
    assert "Van 1 gezin is de plek nog niet bekend" in html


def test_another_teachers_evening_is_not_found_and_directie_may_look(
    client, teacher, colleague, directie, school, group, programme
):
    a_visit(school, group, teacher, name="Aydin", hour=16)
    client.force_login(colleague)
    assert client.get(evening_url(teacher)).status_code == 404
    assert client.get(reverse("visits:evening_pdf", args=[teacher.pk, DAY])).status_code == 404
    assert client.get(evening_url(colleague, "2026-13-40")).status_code == 404
    # The colleague's own evening shows only the colleague's visits.
    assert "Aydin" not in page_of(client, colleague).content.decode()
    client.force_login(directie)
    response = page_of(client, teacher)
    assert "Aydin" in response.content.decode()
    assert response.context["page"].proposal is None and "Voorstel overnemen" not in response.content.decode()


def test_my_evening_goes_to_the_next_evening_with_visits_and_the_days_link_to_each_other(
    client, teacher, school, group, programme
):
    a_visit(school, group, teacher, name="Aydin", hour=16)
    client.force_login(teacher)
    assert client.get(reverse("visits:evening_mine")).url == evening_url(teacher)
    earlier = page_of(client, teacher, "").context["evening"]
    assert earlier.previous_day is None and earlier.next_day is None
    response = client.get(evening_url(teacher, "2026-11-05"))
    assert response.context["evening"].next_day.isoformat() == DAY
    assert evening_url(teacher) in response.content.decode()


def test_the_evening_page_runs_a_fixed_number_of_queries(
    client, teacher, school, group, programme, django_assert_num_queries
):
    a_visit(school, group, teacher, name="Aydin", hour=16, km=0)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as one:
        page_of(client, teacher)
    for index in range(7):
        visit = a_visit(school, group, teacher, name=f"Gezin{index}", hour=17 + index // 2, minute=(index % 2) * 30)
        GuardianFactory(family=visit.family, is_main_carer=True)
        FamilyLanguageFactory(family=visit.family, language="tr")
    with django_assert_num_queries(len(one.captured_queries)):
        page_of(client, teacher)
    # 11: the programme is read once; the audit trail's reads are one insert; the second-factor device
    assert len(one.captured_queries) == 11


def _ticked(client, teacher, visits):
    query = "?" + "&".join(f"add={visit.pk}" for visit in visits)
    return page_of(client, teacher, query)


def test_the_proposal_orders_the_visits_to_plan_and_shows_the_minutes_saved(client, teacher, school, group, programme):
    # Still to plan, made in a zig-zag order along a line: 0, 2, 1, 3 km.
    made = [
        a_visit(school, group, teacher, name=name, km=km, status=Visit.Status.CONTACTED)
        for name, km in (("Aydin", 0), ("Chaouch", 2), ("Bakri", 1), ("Dekker", 3))
    ]
    client.force_login(teacher)
    response = _ticked(client, teacher, made)
    proposal = response.context["page"].proposal
    assert proposal.fits
    assert [stop.visit.family.name for stop in proposal.stops] in (
        ["Aydin", "Bakri", "Chaouch", "Dekker"],
        ["Dekker", "Chaouch", "Bakri", "Aydin"],
    )
    # 2 km by bike is 11 minutes, 1 km 6: 11 + 6 + 11 against 6 + 6 + 6.
    assert proposal.current_travel == 28 and proposal.travel == 18
    assert "10 minuten minder reizen" in response.content.decode()
    assert proposal.stops[0].starts.strftime("%H:%M") == "16:00"


def test_a_booked_visit_keeps_its_time_in_the_proposal(client, teacher, school, group, programme):
    booked = a_visit(school, group, teacher, name="Aydin", hour=17, km=1)
    open_one = a_visit(school, group, teacher, name="Bakri", km=0, status=Visit.Status.TO_PLAN)
    client.force_login(teacher)
    proposal = _ticked(client, teacher, [open_one]).context["page"].proposal
    by_visit = {stop.visit.pk: stop for stop in proposal.stops}
    assert by_visit[booked.pk].booked and by_visit[booked.pk].starts.strftime("%H:%M") == "17:00"
    assert not by_visit[open_one.pk].booked


def test_no_plan_fits_names_the_visit_that_cannot_be_placed(client, teacher, school, group, programme):
    # Four planned visits with the fixed 15 minutes between them fill 16:00-20:45: no room for an hour more.
    for hour, minute in ((16, 0), (17, 15), (18, 30), (19, 45)):
        a_visit(school, group, teacher, name=f"Gezin{hour}", hour=hour, minute=minute)
    extra = a_visit(school, group, teacher, name="Erbij", status=Visit.Status.CONTACTED)
    client.force_login(teacher)
    html = page_of(client, teacher).content.decode()
    assert "Voorstel: de kortste route" in html and "Geen plan past" not in html
    response = _ticked(client, teacher, [extra])
    html = response.content.decode()
    assert "Geen plan past op deze avond" in html
    assert "Gezin <bdi>Erbij</bdi> past er niet meer tussen." in html
    assert response.context["page"].proposal.unplaced == [extra]
    assert "Voorstel overnemen" not in html


def test_accepting_plans_through_the_planner_and_shows_its_refusals(client, teacher, school, group, programme):
    User.objects.filter(pk=teacher.pk).update(gender=User.Gender.MALE)
    fine = a_visit(school, group, teacher, name="Aydin", km=0, status=Visit.Status.CONTACTED)
    wish = a_visit(
        school,
        group,
        teacher,
        name="Bakri",
        km=1,
        status=Visit.Status.CONTACTED,
        family__visitor_preference=Family.VisitorPreference.FEMALE_ONLY,
    )
    booked = a_visit(school, group, teacher, name="Chaouch", hour=19, km=2)
    client.force_login(teacher)
    proposal = _ticked(client, teacher, [fine, wish]).context["page"].proposal
    plan = [f"{stop.visit.pk}@{stop.starts:%H:%M}" for stop in proposal.to_plan]
    assert len(plan) == 2
    response = client.post(reverse("visits:evening_accept", args=[teacher.pk, DAY]), {"plan": plan})
    assert response.status_code == 302 and response.url == evening_url(teacher)
    shown = " ".join(messages_of(response))
    assert "1 bezoek is gepland." in shown
    assert "Gezin Bakri" in shown and "alleen een vrouwelijke bezoeker" in shown
    fine.refresh_from_db()
    wish.refresh_from_db()
    booked.refresh_from_db()
    assert fine.status == Visit.Status.SCHEDULED and fine.duration_minutes == programme.visit_minutes
    assert fine.transitions.filter(to_status=Visit.Status.SCHEDULED, by=teacher).exists()
    assert wish.status == Visit.Status.CONTACTED and wish.starts_at is None
    assert booked.starts_at == at(10, 19)


def test_a_proposal_of_nearby_families_is_accepted_whole(client, teacher, school, group, programme):
    # 6 minutes apart by bike: the planner reckons with that real travel (no longer its fixed 15-minute
    # buffer), so the proposal keeps just the ride (on its 5-minute grid: 17:10, was 17:15) and passes.
    made = [
        a_visit(school, group, teacher, name=name, km=km, status=Visit.Status.CONTACTED)
        for name, km in (("Aydin", 0), ("Bakri", 1))
    ]
    client.force_login(teacher)
    proposal = _ticked(client, teacher, made).context["page"].proposal
    plan = [f"{stop.visit.pk}@{stop.starts:%H:%M}" for stop in proposal.to_plan]
    assert proposal.travel == 6
    response = client.post(reverse("visits:evening_accept", args=[teacher.pk, DAY]), {"plan": plan})
    assert messages_of(response) == ["2 bezoeken zijn gepland."]
    starts = sorted(Visit.objects.filter(pk__in=[v.pk for v in made]).values_list("starts_at", flat=True))
    assert starts == [at(10, 16), at(10, 17, 10)]


@pytest.mark.parametrize(
    "plan",
    [["{booked}@17:00"], ["{other}@17:00"], ["nonsense"], ["{fine}@25:00"], []],
    ids=["booked", "not-mine", "garbage", "bad-time", "empty"],
)
def test_accepting_refuses_visits_that_are_booked_or_not_the_teachers(
    client, teacher, colleague, school, group, programme, plan
):
    fine = a_visit(school, group, teacher, name="Aydin", status=Visit.Status.CONTACTED)
    booked = a_visit(school, group, teacher, name="Bakri", hour=17)
    other = a_visit(school, group, colleague, name="Dekker", status=Visit.Status.CONTACTED)
    values = [p.format(booked=booked.pk, other=other.pk, fine=fine.pk) for p in plan]
    client.force_login(teacher)
    response = client.post(reverse("visits:evening_accept", args=[teacher.pk, DAY]), {"plan": values})
    assert response.status_code == 302
    assert messages_of(response)
    booked.refresh_from_db()
    other.refresh_from_db()
    assert booked.starts_at == at(10, 17) and other.status == Visit.Status.CONTACTED


def test_the_season_proposal_gives_each_family_an_evening_and_plans_nothing(client, teacher, school, group, programme):
    for index in range(6):
        a_visit(school, group, teacher, name=f"Gezin{index}", km=index, status=Visit.Status.TO_PLAN)
    client.force_login(teacher)
    response = client.get(reverse("visits:season"), {"first": DAY, "evenings": 2})
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert not proposal.unplaced
    assert [e.day.isoformat() for e in proposal.evenings] == ["2026-11-10", "2026-11-11"]
    assert sum(len(e.stops) for e in proposal.evenings) == 6
    assert "Gezin0" in response.content.decode()
    assert not Visit.objects.filter(status=Visit.Status.SCHEDULED).exists()


def test_the_proposal_keeps_to_the_teachers_own_evening_hours_when_marked(client, teacher, school, group, programme):
    made = [
        a_visit(school, group, teacher, name=name, km=km, status=Visit.Status.TO_PLAN)
        for name, km in (("Aydin", 0), ("Bakri", 1))
    ]
    AvailabilityWindow.objects.create(
        school=school,
        user=teacher,
        date=datetime.date(2026, 11, 10),
        start=datetime.time(18, 30),
        end=datetime.time(21),
    )
    client.force_login(teacher)
    proposal = _ticked(client, teacher, made).context["page"].proposal
    assert proposal.fits
    starts = [stop.starts.strftime("%H:%M") for stop in proposal.stops]
    assert starts[0] == "18:30" and all("18:30" <= s <= "20:00" for s in starts)  # not the programme's 16:00
    # Another day without windows: the programme's evening hours.
    AvailabilityWindow.objects.all().delete()
    proposal = _ticked(client, teacher, made).context["page"].proposal
    assert proposal.stops[0].starts.strftime("%H:%M") == "16:00"


def test_the_season_proposal_uses_the_teachers_windows_and_else_the_programme(
    client, teacher, school, group, programme
):
    for index in range(3):
        a_visit(school, group, teacher, name=f"Gezin{index}", km=index, status=Visit.Status.TO_PLAN)
    # Tuesday only from 19:00 to 20:00 (one visit); Wednesday has no windows: 16:00-21:00.
    AvailabilityWindow.objects.create(
        school=school, user=teacher, date=datetime.date(2026, 11, 10), start=datetime.time(19), end=datetime.time(20)
    )
    client.force_login(teacher)
    response = client.get(reverse("visits:season"), {"first": DAY, "evenings": 2})
    tuesday, wednesday = response.context["proposal"].evenings
    assert [stop.starts.strftime("%H:%M") for stop in tuesday.stops] == ["19:00"]
    assert len(wednesday.stops) == 2 and wednesday.stops[0].starts.strftime("%H:%M") >= "16:00"
    assert not response.context["proposal"].unplaced
