"""Categories, target groups, price, registration and accessibility from normalise/taxonomy.yaml."""

from datetime import date

import pytest
import yaml

from normalise.classify import TaxonomyError, classify, load_taxonomy
from normalise.record import Context, normalise_item


def record(title="", description="", **fields):
    return {"title": title, "description": description, **fields}


@pytest.mark.parametrize("title, description, category", [
    ("Tuolijumppa", "", "exercise"),
    ("Seniorgympa", "", "exercise"),
    ("Vesijumppa ikäihmisille", "", "exercise"),
    ("Kuntosaliryhmä", "", "exercise"),
    ("Sittdans och sång", "", "exercise"),
    ("Sittdans och sång", "", "culture_music"),
    ("Kammarkören övar", "", "culture_music"),
    ("Kören sjunger", "", "culture_music"),
    ("Mieskuoron harjoitukset", "", "culture_music"),
    ("Yhteislaulu", "", "culture_music"),
    ("Seniorträffen", "", "meeting_places"),
    ("Eläkeläiskerho", "", "meeting_places"),
    ("Perhekahvila", "", "meeting_places"),
    ("Omaishoitajien vertaisryhmä", "", "peer_support"),
    ("Stödgruppen för anhöriga", "", "peer_support"),
    ("Digituki senioreille", "", "learning_digital"),
    ("Datorhjälp", "", "learning_digital"),
    ("Föreläsning: Sömn och återhämtning", "", "learning_digital"),
    ("Muistijumppa", "", "learning_digital"),
    ("Luontoretki Öjanjärvelle", "", "outdoors_nature"),
    ("Naturstigen runt sjön", "", "outdoors_nature"),
    ("Högmässa", "", "spiritual_parish"),
    ("Iltamessu", "", "spiritual_parish"),
    ("Kirkkokahvit", "", "spiritual_parish"),
    ("Keittolounas", "", "food"),
    ("Julgröt i församlingshemmet", "", "food"),
    ("Vapaaehtoisten koulutus", "", "volunteering"),
    ("Frivilliga sökes till julbasaren", "", "volunteering"),
])
def test_categories(title, description, category):
    assert category in classify(record(title, description))["categories"]


@pytest.mark.parametrize("title, description, category", [
    # short stems that would hit by accident
    ("Gymnasiets julfest", "", "exercise"),
    ("Hjärngympa", "", "exercise"),
    ("Muistijumppa", "", "exercise"),
    ("Bilresa", "Vi ska köra till Vasa med buss.", "culture_music"),
    ("Körkortsinfo", "", "culture_music"),
    ("Matkailuilta", "Matka Tallinnaan.", "food"),
    ("Matematik för vuxna", "", "food"),
    ("Kirjamessut", "Messuilla myös kirjailijoita.", "spiritual_parish"),
    ("Bokmässa", "", "spiritual_parish"),
    ("Info", "Naturligtvis bjuder vi på kaffe.", "outdoors_nature"),
    ("Eftermiddagskaffe", "Ses i eftermiddag!", "food"),
    ("Puhelinneuvonta", "Soita ja kysy.", "culture_music"),
    ("Trampolinpark", "", "accessibility"),
    ("Tutustuminen", "Huimaava näköala.", "exercise"),
    ("Kyrkslätt – info", "", "spiritual_parish"),
    ("Info", "Of course you may bring a friend.", "learning_digital"),
])
def test_near_misses_stay_out(title, description, category):
    assert category not in classify(record(title, description))["categories"]


@pytest.mark.parametrize("text, audience", [
    ("Seniorträffen", "older_people"),
    ("Tuolijumppa senioreille", "older_people"),
    ("Kuntosaliryhmä ikäihmisille", "older_people"),
    ("Eläkeläisten kuukausitapaaminen", "older_people"),
    ("Pensionärsklubben", "older_people"),
    ("Liikuntaa 65+ -ikäisille", "older_people"),
    ("Omaishoitajien virkistyspäivä", "family_caregivers"),
    ("Träff för närståendevårdare", "family_caregivers"),
    ("Työttömien ruokailu", "unemployed"),
    ("Työnhakijoiden klubi", "unemployed"),
    ("Träff för arbetslösa", "unemployed"),
    ("Familjecafé", "families_children"),
    ("Vauvakerho", "families_children"),
    ("Babyrytmik", "families_children"),
    ("Lasten satutunti", "families_children"),
    ("Nuorten ilta", "young_people"),
    ("Ungdomskväll", "young_people"),
    ("Suomea maahanmuuttajille", "immigrants"),
    ("Svenska för invandrare", "immigrants"),
    ("Kotoutumiskoulutus", "immigrants"),
    ("Kehitysvammaisten disco", "disabilities"),
    ("Motion för personer med funktionsnedsättning", "disabilities"),
])
def test_audiences(text, audience):
    assert audience in classify(record(text))["audiences"]


@pytest.mark.parametrize("text, audience", [
    ("Omaisuuden hoito", "family_caregivers"),
    ("Barn äldre än 7 år får delta", "older_people"),
    ("Työt jatkuvat", "unemployed"),
    ("Barnabas-kvällen", "families_children"),
])
def test_audience_near_misses(text, audience):
    assert audience not in classify(record(text))["audiences"]


def test_no_target_group_means_everyone_with_the_reason():
    result = classify(record("Julbasar", "Välkommen!"))
    assert result["audiences"] == ["everyone"]
    assert {"field": "audiences", "value": "everyone", "reason": "no target group named"} in result["classification"]


def test_every_assignment_says_which_keyword_in_which_field():
    result = classify(record("Tuolijumppa", "Kevyttä liikuntaa.", keywords=["Seniorit"],
                             organiser="Rannikon Omaishoitajat ry"))
    reasons = {(entry["field"], entry["value"]): entry["reason"] for entry in result["classification"]}
    assert reasons["categories", "exercise"].startswith("keyword 'tuolijumppa' in title ('Tuolijumppa')")
    assert "in description ('liikuntaa')" in reasons["categories", "exercise"]
    assert reasons["audiences", "older_people"] == "keyword 'senior' in keywords ('Seniorit')"
    assert reasons["audiences", "family_caregivers"] == "keyword 'omaishoit' in organiser ('Omaishoitajat')"


def test_source_keywords_count():
    result = classify(record("Tutustumiskerta", keywords=["Liikunta", "Ikääntyneet"]))
    assert result["categories"] == ["exercise"] and result["audiences"] == ["older_people"]


def test_a_parish_source_is_parish_life_and_says_so():
    result = classify(record("Julbasar", organiser_type="parish"))
    assert result["categories"] == ["spiritual_parish"]
    assert result["classification"][0]["reason"] == "the source's organiser_type is 'parish'"


def test_location_counts_only_where_the_taxonomy_says():
    assert classify(record("Vesijumppa", location="Uimahalli"))["categories"] == ["exercise"]
    assert classify(record("Konsert", location="Jakobstads kyrka"))["categories"] == ["culture_music"]


@pytest.mark.parametrize("description, expected", [
    ("Maksuton.", True), ("Vapaa pääsy!", True), ("Avgiftsfri för alla.", True), ("Gratis.", True),
    ("Fritt inträde, kaffe 2 €.", True), ("Free entry.", True), ("Admission free", True),
    ("Hinta 5 €.", False), ("Pris: 10 euro", False), ("Liput 15 e", False), ("Avgift 20 kr.", False),
    ("Osallistumismaksu 10 €.", False), ("Deltagaravgift tas ut.", False), ("Tickets at the door", False),
    ("Välkommen!", None), ("Feel free to bring a friend.", None), ("Maksuton pysäköinti talon takana.", None),
    ("Klo 13–15", None),
])
def test_free_of_charge(description, expected):
    result = classify(record("Tapahtuma", description))
    assert result["free_of_charge"] is expected
    if expected is not None:
        assert any(entry["field"] == "free_of_charge" for entry in result["classification"])


@pytest.mark.parametrize("description, expected", [
    ("Ilmoittautuminen 3.3. mennessä.", True), ("Ennakkoilmoittautuminen puh. 040 123.", True),
    ("Ilmoittaudu Saaralle.", True), ("Anmälan senast 1.3.", True), ("Förhandsanmälan krävs.", True),
    ("Register at the library.", True),
    ("Ingen anmälan behövs.", False), ("Ei ilmoittautumista.", False), ("Drop-in, tule kun ehdit.", False),
    ("Ilman ennakkoilmoittautumista.", False), ("Välkommen!", None),
])
def test_registration(description, expected):
    assert classify(record("Tapahtuma", description))["registration_required"] is expected


def test_accessibility_keeps_the_sentences_that_say_it():
    result = classify(record("Konsertti", "Tervetuloa! Sali on esteetön ja siellä on induktiosilmukka. "
                                          "Kahvitarjoilu.\nPyörätuolilla pääsee sisään pääovesta."))
    assert result["accessibility"] == ("Sali on esteetön ja siellä on induktiosilmukka. "
                                       "Pyörätuolilla pääsee sisään pääovesta.")
    assert classify(record("Konsert", "Lokalen har hörslinga."))["accessibility"] == "Lokalen har hörslinga."
    assert classify(record("Konsert", "Biljetter finns tillgängliga i dörren."))["accessibility"] is None


def test_normalise_item_carries_the_classification():
    context = Context(source_id="test", organiser_type="association", today=date(2026, 11, 25))
    item = normalise_item({"title": "Tuolijumppa senioreille", "when_text": "ti 1.12. klo 10–11",
                           "description": "Maksuton, ei ilmoittautumista. Esteetön sali."}, context)
    assert item["categories"] == ["exercise"] and item["audiences"] == ["older_people"]
    assert item["free_of_charge"] is True and item["registration_required"] is False
    assert item["accessibility"] == "Esteetön sali."
    assert {entry["field"] for entry in item["classification"]} == {
        "categories", "audiences", "free_of_charge", "registration_required", "accessibility"}


def test_the_taxonomy_has_labels_in_three_languages_and_the_agreed_keys():
    taxonomy = load_taxonomy()
    assert list(taxonomy.categories) == ["exercise", "culture_music", "meeting_places", "peer_support",
                                         "learning_digital", "outdoors_nature", "spiritual_parish", "food",
                                         "volunteering"]
    assert list(taxonomy.audiences) == ["older_people", "family_caregivers", "unemployed", "families_children",
                                        "young_people", "immigrants", "disabilities", "everyone"]
    assert taxonomy.labels("categories", "exercise", "fi") == "Liikunta"


def test_a_broken_taxonomy_is_named(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump({"categories": {"exercise": {"labels": {"sv": "Motion", "fi": "Liikunta"},
                                                                "keywords": ["jumppa"]}},
                                    "audiences": {"everyone": {"labels": {"sv": "a", "fi": "b", "en": "c"}}}}))
    with pytest.raises(TaxonomyError, match="categories.exercise: labels lack en"):
        load_taxonomy(path)


def test_a_coordinator_can_add_a_keyword(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    path.write_text(yaml.safe_dump({
        "categories": {"exercise": {"labels": {"sv": "Motion", "fi": "Liikunta", "en": "Exercise"},
                                    "keywords": {"fi": ["*mölkky"]}}},
        "audiences": {"everyone": {"labels": {"sv": "Alla", "fi": "Kaikki", "en": "Everyone"}}}}))
    assert classify(record("Senioreiden mölkkyturnaus"), load_taxonomy(path))["categories"] == ["exercise"]
