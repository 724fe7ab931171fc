"""An event's language: the source's, unless the event's own text is clearly another."""

from datetime import date
from pathlib import Path

import pytest

from crawlers.parsers.document import read_document
from normalise.language import identify, language_of
from normalise.record import Context, normalise_item

SITES = Path(__file__).parent / "sites"


def test_a_swedish_parish_page_keeps_its_finnish_groups_finnish():
    # The parish's programme is Swedish, with a section "Suomenkielinen toiminta": before,
    # every event took the source's language and the Finnish Bible circle was filed as Swedish.
    page = SITES / "kvarnbacka-forsamling" / "verksamhet" / "index.html"
    context = Context(source_id="kvarnbacka", language="sv", today=date(2026, 12, 2))
    items = read_document(page.read_bytes(), url="http://127.0.0.1/kvarnbacka/verksamhet/", today=context.today,
                          lang="sv").items
    languages = {record["title"]: record["language"] for record in (normalise_item(item, context) for item in items)}
    assert languages == {
        "Familjeklubben": "sv", "Babyrytmik": "sv", "Seniorträffen": "sv", "Stickcafé": "sv",
        "Mansgruppen": "sv", "Promenadgruppen": "sv", "Kyrkokören": "sv", "Julkonsert": "sv",
        "Vårfest för seniorer": "sv",
        "Tuolijumppa": "fi", "Omaishoitajien vertaisryhmä": "fi", "Raamattupiiri": "fi",
        "Kauneimmat joululaulut": "fi",
    }


@pytest.mark.parametrize("title, description, default, expected", [
    ("Julkonsert", "", "sv", "sv"),
    # a short title that could be either stays with its source, both ways
    ("Julkonsert", "", "fi", "fi"),
    ("Babyrytmik", "", "sv", "sv"),
    ("Seniorgym / Senioreiden kuntosali", "", "sv", "sv"),
    # a sentence is clear
    ("Seniorträffen", "Vi samlas varje tisdag i församlingshemmet. Kaffe och ett aktuellt tema.", "fi", "sv"),
    ("Chair exercise", "A gentle workout for seniors, held in English at the library.", "fi", "en"),
    # without a source language the text decides when it is clear, and nothing is guessed otherwise
    ("Tuolijumppa", "Joka tiistai seurakuntakodin salissa, ohjaajana diakoniatyöntekijä.", None, "fi"),
    ("Bingo", "", None, None),
    ("", "", "sv", "sv"),
    ("12.12. 18:00", "", "sv", "sv"),
    # a language the identifier is not asked about is the source's to say
    ("Raamattupiiri", "", "se", "se"),
])
def test_language_of(title, description, default, expected):
    assert language_of(title, description, default) == expected


def test_the_language_a_source_states_for_an_event_wins():
    context = Context(source_id="s", language="sv", today=date(2026, 12, 2))
    record = normalise_item({"title": "Raamattupiiri", "start": "2026-12-09T18:00:00+02:00", "language": "sv"}, context)
    assert record["language"] == "sv"


def test_the_identifier_holds_the_catalogue_languages_only():
    from normalise.language import _identifier

    # py3langid's set_languages keeps the model of every language beside the chosen ones
    # (`_full_model`, for a later reset): 28 MB of each harvest worker's memory
    assert sorted(_identifier().nb_classes) == ["en", "fi", "sv"]
    assert [array.shape[-1] for array in _identifier()._full_model[:2]] == [3, 3]
    assert identify("Tervetuloa seurakunnan kerhoon joka tiistai")[0] == "fi"
