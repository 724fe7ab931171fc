"""Place names, addresses and municipalities (normalise/places.py, normalise/municipalities.yaml)."""

from datetime import date

import pytest
import yaml

from normalise.places import (GAZETTEER_PATH, clean_place, load_gazetteer, municipality_for,
                              normalise_municipality)
from normalise.record import Context, normalise_item


@pytest.mark.parametrize("location, address, expected", [
    ("Plats: Församlingshemmet, Storgatan 5, 68600 Jakobstad", None,
     ("Församlingshemmet", "Storgatan 5, 68600 Jakobstad")),
    ("Paikka:  Kokkolan   kaupunginkirjasto ", None, ("Kokkolan kaupunginkirjasto", None)),
    ("Seurakuntakoti, Isokatu 1", None, ("Seurakuntakoti", "Isokatu 1")),
    ("Kokkolan kirjasto, Isokatu 3", "Isokatu 3, 67100 Kokkola", ("Kokkolan kirjasto", "Isokatu 3, 67100 Kokkola")),
    ("Cubespace, 622 SE Grand Ave. Portland, OR 97214", None, ("Cubespace", "622 SE Grand Ave. Portland, OR 97214")),
    ("Nuorisotalo, Kauppatori, 65100 Vaasa", None, ("Nuorisotalo, Kauppatori", "65100 Vaasa")),
    # not an address: a hall number, a room
    ("Seurakuntakoti, sali 2", None, ("Seurakuntakoti, sali 2", None)),
    ("Församlingshemmet, övre salen", None, ("Församlingshemmet, övre salen", None)),
    # the place starts with its street: left as written
    ("Storgatan 5, 68600 Jakobstad", None, ("Storgatan 5, 68600 Jakobstad", None)),
    ("Rydebäcks idrottshall", None, ("Rydebäcks idrottshall", None)),
    (None, "Adress: Rådhusgatan 1, 65100 Vasa", (None, "Rådhusgatan 1, 65100 Vasa")),
    ("", "  ", (None, None)),
])
def test_clean_place(location, address, expected):
    assert clean_place(location, address) == expected


@pytest.mark.parametrize("name, finnish", [
    ("Karleby", "Kokkola"), ("Kokkola", "Kokkola"), ("Jakobstad", "Pietarsaari"), ("Vasa", "Vaasa"),
    ("Nykarleby", "Uusikaarlepyy"), ("Kronoby", "Kruunupyy"), ("Larsmo", "Luoto"), ("Pedersöre", "Pedersöre"),
    ("Korsholm", "Mustasaari"), ("Närpes", "Närpiö"), ("Kristinestad", "Kristiinankaupunki"),
    ("Malax", "Maalahti"), ("Korsnäs", "Korsnäs"), ("Vörå", "Vöyri"), ("Helsingfors", "Helsinki"),
    ("Esbo", "Espoo"), ("Vanda", "Vantaa"), ("Åbo", "Turku"), ("Borgå", "Porvoo"), ("Tammerfors", "Tampere"),
    ("Uleåborg", "Oulu"), ("Mariehamn", "Maarianhamina"), ("  karleby ", "Kokkola"), ("KARLEBY", "Kokkola"),
    ("Uumaja", "Uumaja"),   # not Finnish: kept as written
    (None, None), ("", None),
])
def test_normalise_municipality(name, finnish):
    assert normalise_municipality(name) == finnish


def test_the_gazetteer_lists_all_309_municipalities_once():
    data = yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8"))
    names = [entry["fi"] for entry in data["municipalities"]]
    assert len(names) == 309 and len(set(names)) == 309
    swedish = [entry["sv"] for entry in data["municipalities"] if entry.get("sv")]
    assert len(swedish) == len(set(swedish))
    gazetteer = load_gazetteer()
    assert set(gazetteer.postal_codes.values()) <= set(names)


@pytest.mark.parametrize("record, source, expected", [
    ({"municipality": None, "location": "Vasa stadsbibliotek"}, "Karleby", "Kokkola"),  # the source's, in Finnish
    ({"municipality": "Jakobstad"}, "Kokkola", "Pietarsaari"),                          # the item's own first
    ({"address": "Rådhusgatan 1, 65100 Vasa"}, None, "Vaasa"),                          # town after the code
    ({"address": "Kyrkogatan 3, 68620 Jakobstad"}, None, "Pietarsaari"),
    ({"address": "00100 Helsinki/Helsingfors"}, None, "Helsinki"),
    ({"address": "Kirkkotie 5, 67700"}, None, "Kokkola"),                               # code alone
    ({"address": "Kyrkvägen 1, 68940 Lillby"}, None, None),                              # village, code unknown
    ({"address": "Storgatan 5, Karleby"}, None, "Kokkola"),
    ({"location": "Kokkolan kaupunginkirjasto"}, None, "Kokkola"),                        # genitive in the name
    ({"location": "Jakobstads stadsbibliotek"}, None, "Pietarsaari"),
    ({"location": "Helsingin kaupunginmuseo"}, None, "Helsinki"),
    ({"location": "Seinäjoen kirjasto"}, None, "Seinäjoki"),
    ({"location": "Uudenkaarlepyyn kirjasto"}, None, "Uusikaarlepyy"),
    ({"location": "Salon kampaamo"}, None, None),                                        # a word, not Salo
    ({"location": "Kokkolantie 4"}, None, None),                                          # a street, not the town
    ({"location": "Församlingshemmet"}, None, None),
])
def test_municipality_for(record, source, expected):
    assert municipality_for(record, source) == expected


def test_normalise_item_splits_the_place_and_names_the_municipality_in_finnish():
    context = Context(source_id="karleby", municipality="Karleby", today=date(2026, 11, 25))
    item = normalise_item({"title": "Seniorträff", "when_text": "ti 1.12. kl. 13–15",
                           "location": "Plats: Församlingshemmet, Torggatan 2, 67100 Karleby"}, context)
    assert (item["location"], item["address"], item["municipality"]) == (
        "Församlingshemmet", "Torggatan 2, 67100 Karleby", "Kokkola")
    regional = Context(source_id="region", today=date(2026, 11, 25))
    item = normalise_item({"title": "Konsert", "start": "2026-12-01T18:00:00",
                           "location": "Kyrkan", "address": "Kyrkogatan 3, 68620 Jakobstad"}, regional)
    assert item["municipality"] == "Pietarsaari"


def test_splitting_the_place_keeps_the_event_id():
    context = Context(source_id="s", today=date(2026, 11, 25))
    raw = {"title": "Konsert", "start": "2026-12-01T18:00:00", "location": "Kyrkan, Storgatan 1, 68600 Jakobstad"}
    from normalise.record import record_id
    item = normalise_item(raw, context)
    assert item["id"] == record_id("s", {**item, "location": raw["location"]}, raw)
