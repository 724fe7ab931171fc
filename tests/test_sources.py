"""sources.yaml is validated before anything runs; errors name the source, key and expectation."""

import textwrap

import pytest

from kalendarium.sources import SourcesError, load_sources

VALID = """
variables:
  demo: http://127.0.0.1:8765
defaults:
  timezone: Europe/Helsinki
sources:
  - id: karleby-evenemang
    name: Karleby stad – evenemang
    organiser_type: municipality
    municipality: Kokkola
    language: sv
    kind: jsonld
    url: ${demo}/karleby/evenemang/
    options:
      follow: a.event-link
  - id: kronoby-forsamling
    name: Kronoby församling
    organiser_type: parish
    language: sv
    timezone: Europe/Stockholm
    kind: ical
    url: webcal://example.org/kalender.ics
"""


def write(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_valid_file_gives_sources_with_defaults_and_variables(tmp_path):
    first, second = load_sources(write(tmp_path, VALID))
    assert first.id == "karleby-evenemang"
    assert first.url == "http://127.0.0.1:8765/karleby/evenemang/"
    assert first.timezone == "Europe/Helsinki"
    assert first.options == {"follow": "a.event-link"}
    assert first.name == "Karleby stad – evenemang"
    assert second.timezone == "Europe/Stockholm"
    assert second.enabled is True


def test_variables_can_be_overridden(tmp_path):
    first, _ = load_sources(write(tmp_path, VALID), {"demo": "http://127.0.0.1:9999"})
    assert first.url == "http://127.0.0.1:9999/karleby/evenemang/"


def test_every_problem_is_reported_at_once_with_source_key_and_line(tmp_path):
    broken = VALID.replace("kind: jsonld", "kind: jsonlt").replace("organiser_type: parish", "organizer: parish")
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, broken))
    message = str(raised.value)
    assert "source 'karleby-evenemang' (line 7): kind 'jsonlt' is not one of auto, ical, rss, jsonld, html, tribe, linkedevents" in message
    assert "source 'kronoby-forsamling' (line 16): unknown key 'organizer'" in message
    assert "source 'kronoby-forsamling' (line 16): missing required key 'organiser_type'" in message
    assert len(raised.value.problems) == 3


@pytest.mark.parametrize("change, expected", [
    (("id: karleby-evenemang", "id: Karleby Evenemang"), "must be lower-case letters, digits and '-'"),
    (("id: kronoby-forsamling", "id: karleby-evenemang"), "is used by another source"),
    (("timezone: Europe/Stockholm", "timezone: Europe/Karleby"), "is not a known IANA zone"),
    (("${demo}", "${demo_host}"), "url uses ${demo_host} but no such variable is defined"),
    (("webcal://example.org", "ftp://example.org"), "must start with http://, https:// or webcal://"),
    (("follow: a.event-link", "folow: a.event-link"), "option 'folow' is not known for kind 'jsonld'"),
    (("language: sv\n    kind: jsonld", "language: se\n    kind: jsonld"), "language 'se' is not one of sv, fi, en"),
])
def test_typos_are_named(tmp_path, change, expected):
    with pytest.raises(SourcesError, match=None) as raised:
        load_sources(write(tmp_path, VALID.replace(*change)))
    assert expected in str(raised.value)


def test_unreadable_yaml_names_the_file(tmp_path):
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, "sources: [\n  - id: x"))
    assert "sources.yaml: is not valid YAML" in str(raised.value)


def test_selectors_need_event_and_title(tmp_path):
    text = VALID.replace("kind: jsonld", "kind: html").replace(
        "follow: a.event-link", "selectors: {event: .activity, when: .when}")
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, text))
    assert "options.selectors needs at least 'event' and 'title'" in str(raised.value)
