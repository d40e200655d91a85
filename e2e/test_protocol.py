"""Journey: the directie edits and publishes the parent protocol, the PDFs appear; a parent on a
phone opens the public page, switches to Arabic (right to left) and downloads the PDF."""

import re
from urllib.parse import urlparse

from playwright.sync_api import expect

from .helpers import assert_no_axe_violations, login

NEW_SENTENCE = "U kunt ook een familielid vragen om erbij te zijn."


def test_directie_publishes_and_a_parent_downloads_the_arabic_pdf(
    live_server, page, phone_page, directie, password, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(page, live_server, directie, password)

    page.get_by_role("link", name="Protocol", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protocol voor ouders")
    page.get_by_role("button", name="Begin met de standaardtekst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protocol voor ouders, versie 1")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile(r"^Bewerken\W+Wie komt er\?$")).click()
    body = page.get_by_label("Tekst")
    body.fill(body.input_value() + "\n" + NEW_SENTENCE)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("Het onderdeel is opgeslagen.")
    expect(page.locator("main")).to_contain_text(NEW_SENTENCE)

    # Publishing renders every PDF; Celery runs eagerly in tests, so this request takes a while.
    page.set_default_timeout(120_000)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("main")).to_contain_text("Versie 1 is gepubliceerd.")
    pdf_table = page.get_by_role("table", name="PDF's per taal")
    expect(pdf_table.get_by_text("klaar", exact=True)).to_have_count(9)  # 8 languages and the booklet
    assert_no_axe_violations(page)
    public_link = page.locator("#public-heading + p + p a")
    public_path = urlparse(public_link.get_attribute("href")).path
    assert re.fullmatch(r"/ouders/[a-z0-9]+/", public_path)

    parent = phone_page
    parent.goto(live_server.url + public_path)
    expect(parent.locator("html")).to_have_attribute("lang", "nl")
    expect(parent.get_by_role("heading", level=1)).to_have_text("Huisbezoek: zo werkt het")
    expect(parent.locator("main")).to_contain_text(NEW_SENTENCE)
    assert_no_axe_violations(parent)

    parent.get_by_role("link", name="العربية").click()
    expect(parent.locator("html")).to_have_attribute("dir", "rtl")
    expect(parent.locator("html")).to_have_attribute("lang", "ar")
    expect(parent.get_by_role("heading", level=1)).to_have_text("الزيارة المنزلية: كيف تتم")
    # The Dutch text changed after the translation was made: the page says so and shows the Dutch.
    expect(parent.locator("main")).to_contain_text("تغير هذا الجزء باللغة الهولندية")
    expect(parent.locator("main")).to_contain_text(NEW_SENTENCE)
    scroll_width = parent.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the parent page scrolls sideways on a 360px phone ({scroll_width}px)"
    assert_no_axe_violations(parent)

    with parent.expect_download() as download_info:
        parent.get_by_role("link", name="تنزيل ملف PDF").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
