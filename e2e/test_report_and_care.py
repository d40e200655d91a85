"""Journey: a teacher writes the visit report on a phone with an urgent flag; the care
coordinator finds it in the queue, takes it through the five meldcode steps and closes it;
the teacher then sees the outcome but none of the coordinator's notes. axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from visits import services
from visits.models import CareCase, Programme, Visit

from .helpers import assert_no_axe_violations, login, url

COORDINATOR_NOTE = "Overleg met de intern begeleider: huiswerkklas en schoolmaatschappelijk werk."


@pytest.fixture
def visited(school, school_year, teacher, pupil):
    today = timezone.localdate()
    if not school_year.start <= today <= school_year.end:
        school_year.start, school_year.end = today - datetime.timedelta(days=60), today + datetime.timedelta(days=200)
        school_year.label = f"{school_year.start.year}-{school_year.end.year}"
        school_year.save()
    Programme.objects.create(
        school=school, school_year=school_year, period_start=today - datetime.timedelta(days=10), period_end=today
    )
    visit = services.visit_open(pupil=pupil, school_year=school_year, by=teacher)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Visit.objects.filter(pk=visit.pk).update(
        status=Visit.Status.SCHEDULED, starts_at=yesterday, duration_minutes=60, agenda="Kennismaken"
    )
    return visit


STEP_QUESTION = {
    1: "Wat is er gezien of gehoord?",
    2: "Met wie is overlegd, en wat kwam eruit?",
    3: "Wat is er met ouders en kind besproken?",
    4: "Toelichting bij de afweging",
    5: "Wat is besloten: welke hulp, en/of melden bij Veilig Thuis?",
}


def add_entry(page, step: int, text: str, **extra) -> None:
    section = page.locator(f"#stap-{step}")
    section.get_by_text("Toevoegen bij deze stap").click()
    section.get_by_label("Datum").fill(timezone.localdate().isoformat())
    section.get_by_label(STEP_QUESTION[step]).fill(text)
    for label in extra.get("choose", []):
        section.get_by_label(label, exact=True).check()
    for question in extra.get("no", []):
        section.get_by_role("group", name=question).get_by_label("Nee").check()
    section.get_by_role("button", name="Opslaan").click()
    expect(page.locator(f"#stap-{step}")).to_contain_text(text)


def test_report_with_an_urgent_flag_through_the_meldcode(
    live_server, browser, phone_page, page, visited, teacher, care_coordinator, pupil, password
):
    # The teacher, on a phone, right after the visit.
    login(phone_page, live_server, teacher, password)
    phone_page.goto(url(live_server, "visits:visit_detail", visited.pk))
    phone_page.get_by_role("link", name="Verslag schrijven").click()
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Verslag")
    assert_no_axe_violations(phone_page)
    phone_page.get_by_label("Ja", exact=True).check()
    phone_page.get_by_label("Wat gaat goed").fill("Leest graag voor aan zijn zusje.")
    phone_page.get_by_label("Hoofdpunten voor collega's").fill("Huiswerk aan de keukentafel; vader werkt 's avonds.")
    phone_page.get_by_label("Vertrouwelijke notities").fill("Moeder vertelde over geldzorgen.")
    phone_page.get_by_label("Minuten bezoek").fill("55")
    phone_page.get_by_label("Zorgen over het welzijn van het kind").check()
    phone_page.get_by_label("Zorgcoördinator inschakelen").check()
    phone_page.get_by_label("Dringend: binnen 2 dagen").check()
    phone_page.get_by_label("Waarom").fill("Kind is vaak moe en bang om naar huis te gaan.")
    phone_page.get_by_role("button", name="Verslag indienen").click()
    expect(phone_page.get_by_text("Het verslag is opgeslagen in het leerlingdossier.")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    case = CareCase.objects.get(report__visit=visited)

    # The care coordinator finds it in the queue and works through the five steps.
    login(page, live_server, care_coordinator, password)
    page.goto(url(live_server, "visits:care_queue"))
    expect(page.locator("main")).to_contain_text(pupil.first_name)
    expect(page.locator("main")).to_contain_text("Dringend")
    assert_no_axe_violations(page)
    page.goto(url(live_server, "visits:care_case", case.pk))
    expect(page.locator("main")).to_contain_text("Kind is vaak moe en bang om naar huis te gaan.")
    add_entry(page, 1, "Kind vertelde zelf dat het 's nachts slecht slaapt.", choose=["Eigen waarneming"])
    add_entry(page, 2, COORDINATOR_NOTE)
    add_entry(page, 3, "Gesprek met moeder: zij wil graag hulp bij de huiswerkplek.")
    questions = [
        "Vermoedt u, na stap 1 tot en met 3, huiselijk geweld of kindermishandeling?",
        "Is er volgens u sprake van acute of structurele onveiligheid?",
        "Kan de school zelf goede hulp bieden of organiseren?",
        "Willen de ouders en het kind de hulp aannemen en eraan meewerken?",
        "Maakt die hulp het kind op tijd veilig genoeg, en blijft dat zo?",
    ]
    add_entry(page, 4, "Geen onveiligheid; wel zorg om welzijn en huiswerk.", no=questions)
    add_entry(page, 5, "Huiswerkklas vanaf maandag; over 6 weken evalueren met moeder.")
    closing = page.locator("section[aria-labelledby=h-close]")
    closing.get_by_text("Melding afsluiten").click()
    closing.get_by_label("Hulp georganiseerd").check()
    closing.get_by_label("Toelichting").fill("Huiswerkklas geregeld; evaluatie gepland.")
    closing.get_by_role("button", name="Afsluiten").click()
    expect(page.locator("main")).to_contain_text("Hulp georganiseerd")
    assert_no_axe_violations(page)

    # The teacher sees that the case is closed and how, not what the coordinator wrote.
    phone_page.goto(url(live_server, "visits:visit_detail", visited.pk))
    phone_page.get_by_role("link", name="Afgesloten: Hulp georganiseerd").click()
    main = phone_page.locator("main")
    expect(main).to_contain_text("Hulp georganiseerd")
    expect(main).not_to_contain_text(COORDINATOR_NOTE)
    expect(main).not_to_contain_text("Gesprek met moeder")
    assert_no_axe_violations(phone_page)
