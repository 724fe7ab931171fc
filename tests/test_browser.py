"""The staff catalogue in a real browser: Playwright driving Debian's Chromium.

Datasette is started as the CLI starts it (`kalendarium.cli.datasette_command`) on a free
127.0.0.1 port, over the fixture database of tests/test_datasette.py (hand-written records with
categories, target groups, a weekly series, a cancelled event and a title that is a <script>).
Screenshots go to tests/screenshots/ (gitignored) for a person to look at.

`make test` installs Chromium (apt-get) when /usr/bin/chromium is missing; without it this test
fails with a message instead of skipping, so a missing browser is never mistaken for a pass.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import datasette_served
from test_datasette import SCRIPT_TITLE, SOURCES, build_fixture_db, occurrence, record, today_fi

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db_path = build_fixture_db(tmp_path_factory.mktemp("browser") / "kalendarium.db")
    with (tmp_path_factory.getbasetemp() / "datasette-browser.log").open("w") as log, \
            datasette_served(db_path, log=log) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing at /usr/bin/chromium: run `make test` (it installs "
                    "it with apt-get) or `apt-get install chromium`.", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The Python package playwright is missing: pip install -e '.[test]' (make test does).",
                    pytrace=False)
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  locale="sv-FI")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def card_titles(page) -> list[str]:
    return [text.strip() for text in page.locator("article.card h3").all_inner_texts()]


def test_search_in_swedish_and_in_finnish(server, page):
    page.goto(server + "/?lang=sv")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == "Aktiviteter för hälsa och välmående"
    page.fill("#q", "gym")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert card_titles(page) == ["Seniorgym för äldre – öppet hus i Ängsbacka"]
    card = page.locator("article.card").first
    assert "Avgiftsfri" in card.inner_text() and "Ängsbacka idrottshall, Karleby" in card.inner_text()

    page.goto(server + "/?lang=sv")
    page.screenshot(path=str(SCREENSHOTS / "search-sv.png"), full_page=True)

    # The visible language switch keeps the search and turns the page Finnish.
    page.fill("#q", "jumppa")
    page.click("button[type=submit] >> nth=0")
    with page.expect_navigation():
        page.get_by_role("link", name="Suomi").click()
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("h1").inner_text() == "Terveyttä ja hyvinvointia edistävä toiminta"
    assert page.input_value("#q") == "jumppa"
    assert card_titles(page) == ["Tuolijumppa"]
    assert "Maksullinen" in page.locator("article.card").first.inner_text()

    # A weekly series reads as words in Finnish: "joka <weekday> 9–23".
    page.fill("#q", "kohtaamispaikka")
    with page.expect_navigation():
        page.press("#q", "Enter")
    series = page.locator("article.card .series").first.inner_text()
    assert series.startswith("Toistuu: joka ") and series.endswith(" 9–23"), series
    page.goto(server + "/?lang=fi")
    page.screenshot(path=str(SCREENSHOTS / "search-fi.png"), full_page=True)


def test_filter_by_municipality_and_target_group(server, page):
    page.goto(server + "/?lang=sv")
    page.select_option("#municipality", "Vaasa")
    with page.expect_navigation():
        page.click("fieldset.filters button[type=submit]")
    assert card_titles(page) == ["Seniorkören övar – inställd"]
    cancelled = page.locator("article.card").first
    assert "INSTÄLLD" in cancelled.inner_text()
    assert "is-cancelled" in cancelled.get_attribute("class")

    page.select_option("#municipality", "Kokkola")
    page.select_option("#audience", "older_people")
    with page.expect_navigation():
        page.click("fieldset.filters button[type=submit]")
    assert sorted(card_titles(page)) == ["Seniorgym för äldre – öppet hus i Ängsbacka", "Tuolijumppa"]
    assert "municipality=Kokkola" in page.url and "audience=older_people" in page.url

    page.check("#free")
    with page.expect_navigation():
        page.click("fieldset.filters button[type=submit]")
    assert card_titles(page) == ["Seniorgym för äldre – öppet hus i Ängsbacka"]


def test_open_activity_download_ics_and_print(server, page, tmp_path):
    import icalendar

    page.goto(server + "/?lang=sv&q=Äppelträdet")
    with page.expect_navigation():
        page.locator("article.card h3 a").first.click()
    assert page.locator("h1").inner_text() == "Mötesplats Café Äppelträdet / Kohtaamispaikka"
    body = page.locator("main").inner_text()
    assert "Storgatan 1" in body and "Karleby stad / Kokkolan kaupunki" in body
    assert page.locator("ul.dates li").count() >= 2
    map_link = page.get_by_role("link", name="Visa på karta (OpenStreetMap) ↗")
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/search?query=")
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "Event" and data["name"] == "Mötesplats Café Äppelträdet / Kohtaamispaikka"
    page.screenshot(path=str(SCREENSHOTS / "activity-sv.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i kalendern").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = [component for component in calendar.walk("VEVENT")]
    assert len(events) == 1 and str(events[0]["SUMMARY"]) == "Mötesplats Café Äppelträdet / Kohtaamispaikka"
    assert events[0]["RRULE"]["FREQ"] == ["WEEKLY"]

    with page.expect_navigation():
        page.get_by_role("link", name="Skriv ut åt klienten").click()
    assert "/activity/print" in page.url
    assert page.locator(".print-card h1").inner_text() == "Mötesplats Café Äppelträdet / Kohtaamispaikka"
    assert page.locator(".p-series").inner_text().startswith("varje ")
    # The client reads Finnish: the same card with Finnish labels.
    with page.expect_navigation():
        page.get_by_role("link", name="Suomi").click()
    assert "Järjestäjä" in page.locator(".print-card").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "print-fi.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the printable card is one page"


def test_back_from_an_activity_keeps_the_search(server, page):
    page.goto(server + "/?lang=sv")
    page.fill("#q", "jumppa")
    page.select_option("#audience", "older_people")
    with page.expect_navigation():
        page.click("fieldset.filters button[type=submit]")
    with page.expect_navigation():
        page.locator("article.card h3 a").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="← Tillbaka till sökningen").click()
    assert page.input_value("#q") == "jumppa" and page.input_value("#audience") == "older_people"
    assert card_titles(page) == ["Tuolijumppa"]


def test_skip_link_leads_to_the_results(server, page):
    # Before: "Hoppa till resultaten" went to the top of the page, above the search form.
    page.goto(server + "/?lang=sv")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till resultaten"
    page.keyboard.press("Enter")
    top = page.evaluate("document.getElementById('results-heading').getBoundingClientRect().top")
    assert -5 <= top < 100, top  # scrolled to the results
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('article.card') !== null")
    page.screenshot(path=str(SCREENSHOTS / "skip-to-results-sv.png"))


def test_injected_script_stays_inert(server, page):
    page.goto(server + "/?lang=en&q=alert")
    titles = card_titles(page)
    assert titles == [SCRIPT_TITLE]  # shown as text
    card = page.locator("article.card").first
    assert "<img src=x onerror=alert(4)>" in card.inner_text()
    # A javascript: link from the source is not made a link.
    assert card.get_by_role("link", name="Organiser's page").count() == 0
    with page.expect_navigation():
        card.locator("h3 a").click()
    assert page.locator("h1").inner_text() == SCRIPT_TITLE
    assert "</script><script>alert(3)</script>" in page.locator(".description").inner_text()
    json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('main script, main img').length") == 0


def test_phone_layout_and_keyboard(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + "/?lang=fi&municipality=Kokkola")
        # No sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SCREENSHOTS / "search-phone-fi.png"), full_page=True)
        # Keyboard: Tab from the top reaches the skip link, the language switch and the search box.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        for _ in range(8):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "q":
                break
        assert page.evaluate("document.activeElement.id") == "q"
        page.keyboard.type("jumppa")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert card_titles(page) == ["Tuolijumppa"]
    finally:
        context.close()


FILTER_FIT = """() => { const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('fieldset.filters select')].map(select => {
    const style = getComputedStyle(select);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const widest = Math.max(...[...select.options].map(option => canvas.measureText(option.text).width));
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return {id: select.id, left: Math.round(select.getBoundingClientRect().left), fits: widest <= room};
  }); }"""


@pytest.mark.parametrize("lang", ["sv", "fi", "en"])
def test_phone_filters_one_a_row_and_when_is_not_cut(server, browser, lang):
    # Before: two lists a row, 157 px each: "Kommande 3…", "Seuraavat 3…", "mm/dd/yyy".
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server + f"/?lang={lang}")
        lists = page.evaluate(FILTER_FIT)
        assert len({item["left"] for item in lists}) == 1, lists  # one under the other
        assert [item for item in lists if item["id"] in ("when", "municipality", "language") and not item["fits"]] == []
        widths = page.evaluate("[...document.querySelectorAll('fieldset.filters input[type=date]')]"
                               ".map(input => input.getBoundingClientRect().width)")
        assert min(widths) > 250, widths
        page.locator("fieldset.filters").screenshot(path=str(SCREENSHOTS / f"filters-phone-{lang}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("width", [1366, 1024, 800])
def test_desktop_lists_show_their_whole_choice_when_closed(server, browser, width):
    # Before (1366 × 768, three lists of 12 rem a row): "Personer med funktionsnedsättning",
    # "Lärande och digitalt stöd", "Seurakunta ja hengellisyys", "Learning and digital help" cut.
    context = browser.new_context(viewport={"width": width, "height": 768})
    page = context.new_page()
    try:
        for lang in ("sv", "fi", "en"):
            page.goto(server + f"/?lang={lang}")
            assert [item["id"] for item in page.evaluate(FILTER_FIT) if not item["fits"]] == [], (lang, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("fieldset.filters").screenshot(path=str(SCREENSHOTS / f"filters-desktop-{width}.png"))
    finally:
        context.close()


LONG_TITLE = ("Seniorernas hälsofrämjande motionsgrupp med stolgymnastik, balansträning och avslappning "
              "för alla som vill hålla sig i form under den mörka vintern, med kaffe efteråt i salen") * 2
UNBROKEN = "Pensionärsföreningsmedlemsavgiftsinbetalningspåminnelseskampanjsinformationstillfälle"


def test_very_long_texts_stay_on_the_screen_and_on_one_printed_page(browser, tmp_path):
    # Before: a title of two long sentences pushed the print card onto a second A4 page.
    from datetime import timedelta

    from kalendarium.store import SourceResult, publish

    karleby, today = SOURCES[0], today_fi()
    records = [
        record(karleby, "long", LONG_TITLE, [occurrence(today + timedelta(days=7 * week + 1), 10) for week in range(8)],
               location="Församlingshemmet, stora salen på andra våningen, ingång från gården", rrule="FREQ=WEEKLY",
               organiser="Karleby svenska pensionärsförening rf / Kokkolan ruotsinkielinen eläkeläisyhdistys ry",
               description=("Lång beskrivning av allt som händer. " * 40 + "\n\n") * 3,
               categories=["exercise", "culture_music", "meeting_places", "peer_support"],
               audiences=["older_people", "disabilities", "family_caregivers"]),
        record(karleby, "word", UNBROKEN, [occurrence(today + timedelta(days=2), 10)],
               url="https://example.org/" + "a" * 300),
    ]
    db_path = tmp_path / "kalendarium.db"
    publish(db_path, [SourceResult(karleby, records)], sources=SOURCES[:1], run_id="2026-01-01T00:00:00Z")
    with datasette_served(db_path) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        try:
            page.goto(base + "/?lang=sv")
            assert sorted(card_titles(page)) == sorted([LONG_TITLE, UNBROKEN])
            assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
            for title in (LONG_TITLE, UNBROKEN):
                with page.expect_navigation():
                    page.get_by_role("link", name=title, exact=True).click()
                assert page.evaluate("document.documentElement.scrollWidth") <= 390
                with page.expect_navigation():
                    page.get_by_role("link", name="Skriv ut åt klienten").click()
                page.emulate_media(media="print")
                pdf = page.pdf(format="A4")
                assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, title
                page.emulate_media(media="screen")
                page.goto(base + "/?lang=sv")
        finally:
            context.close()


def test_screenshots_were_saved(server):
    for name in ("search-sv.png", "search-fi.png", "activity-sv.png", "print-fi.png", "search-phone-fi.png"):
        path = SCREENSHOTS / name
        assert path.exists() and path.stat().st_size > 5000, name
        assert time.time() - os.path.getmtime(path) < 600, name
