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


@pytest.mark.parametrize("change, expected", [
    # a quoted or Swedish "false" left the source enabled without a word
    (("language: sv\n    kind: jsonld", "language: sv\n    enabled: 'false'\n    kind: jsonld"),
     "source 'karleby-evenemang' (line 7): enabled must be true or false, got 'false'"),
    (("language: sv\n    kind: jsonld", "language: sv\n    enabled: nej\n    kind: jsonld"),
     "enabled must be true or false, got 'nej'"),
    # addresses the harvest could only fail on
    (("webcal://example.org/kalender.ics", "https://"), "url 'https://' has no host name"),
    (("webcal://example.org/kalender.ics", "https://example.org/min kalender.ics"), "has a space in it"),
    # option values the spiders tripped over mid-harvest ("1 unexpected error(s)")
    (("follow: a.event-link", "max_pages: five"), "options.max_pages must be a whole number, 1 or more, got 'five'"),
    (("follow: a.event-link", "max_pages: 0"), "options.max_pages must be a whole number"),
    (("follow: a.event-link", "follow: 'a[href'"), "options.follow 'a[href' is not a valid CSS selector"),
])
def test_values_the_harvest_would_trip_over_are_named(tmp_path, change, expected):
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, VALID.replace(*change)))
    assert expected in str(raised.value)


def test_html_option_values_are_checked(tmp_path):
    text = VALID.replace("kind: jsonld", "kind: html").replace(
        "follow: a.event-link", "details: 'yes'\n      next_page: 'a.next['\n"
                                "      selectors: {event: '.activity', title: 'h3 >'}")
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, text))
    message = str(raised.value)
    assert "options.details must be true or false, got 'yes'" in message
    assert "options.next_page 'a.next[' is not a valid CSS selector" in message
    assert "options.selectors.title 'h3 >' is not a valid CSS selector" in message


def test_a_duplicate_id_names_the_line_of_the_first(tmp_path):
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, VALID.replace("id: kronoby-forsamling", "id: karleby-evenemang")))
    assert "source 'karleby-evenemang' (line 16): id 'karleby-evenemang' is used by another source (line 7)" \
        in str(raised.value)


@pytest.mark.parametrize("change, expected", [
    (("kind: jsonld", "kind: jsonlt"), "linkedevents: did you mean 'jsonld'?"),
    (("language: sv\n    kind: jsonld", "languag: sv\n    kind: jsonld"), "disabled_reason: did you mean 'language'?"),
    (("organiser_type: parish", "organiser_type: församling"), "region"),
    (("follow: a.event-link", "folow: a.event-link"), "max_pages: did you mean 'follow'?"),
])
def test_a_near_miss_suggests_the_word_meant(tmp_path, change, expected):
    with pytest.raises(SourcesError) as raised:
        load_sources(write(tmp_path, VALID.replace(*change)))
    assert str(raised.value).splitlines()[0].endswith(expected)


@pytest.mark.parametrize("text, expected", [
    # PyYAML's own report spread over four lines and spoke of "<unicode string>"
    ("sources:\n  - id: x\n\tname: y\n", "is not valid YAML at line 3, column 1: a tab character; "
                                          "indent with spaces (YAML does not allow tabs)"),
    ("sources:\n\t- id: x\n", "is not valid YAML at line 2, column 1: a tab character; "
                              "indent with spaces (YAML does not allow tabs)"),
    ("sources:\n  - id: x\n    name: [a, b\n", "is not valid YAML at line 4, column 1: did not find "
                                               "expected ',' or ']' (while parsing a flow sequence begun at line 3)"),
])
def test_a_yaml_mistake_is_one_line_with_its_place(tmp_path, text, expected):
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert str(raised.value) == f"{path}: {expected}"


def test_a_file_saved_as_latin_1_says_so_with_its_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes("sources:\n  - id: korsholm\n    name: Korsholms församling\n".encode("latin-1"))
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert str(raised.value) == (f"{path}: is not UTF-8 text (line 3 has the byte 0xf6, perhaps Latin-1 or "
                                 f"Windows-1252): save it as UTF-8")


def test_a_missing_file_says_no_such_file(tmp_path):
    with pytest.raises(SourcesError) as raised:
        load_sources(tmp_path / "sourcess.yaml")
    assert str(raised.value) == f"{tmp_path / 'sourcess.yaml'}: no such file"


def test_a_file_from_windows_reads_the_same(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + textwrap.dedent(VALID).replace("\n", "\r\n").encode("utf-8"))
    assert [s.id for s in load_sources(path)] == ["karleby-evenemang", "kronoby-forsamling"]
