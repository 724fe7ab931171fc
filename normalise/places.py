"""Place names, addresses and municipalities.

* ``clean_place(location, address)`` tidies the two texts a source gives: labels such as
  "Plats:" / "Paikka:" go, and a place written as "name, street, postcode town" is split
  into the place name and the address.
* ``municipality_for(record, source_municipality)`` gives the one (Finnish) municipality name
  the catalogue filters on: the item's own municipality, else the source's, else the
  address' postal code or town, else a town named in the place name ("Kokkolan
  kaupunginkirjasto", "Jakobstads stadsbibliotek"). Swedish names map to the Finnish
  (Karleby → Kokkola) through the gazetteer ``normalise/municipalities.yaml``; a name the
  gazetteer does not know (a Swedish municipality, say) is kept as written.

Pure functions; the gazetteer is read once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

GAZETTEER_PATH = Path(__file__).with_name("municipalities.yaml")

LABEL = re.compile(
    r"^\s*(?:plats|paikka|place|location|venue|sted|var|missä|tapahtumapaikka|adress|address|osoite|"
    r"lokal|tila)\s*[:：]\s*", re.IGNORECASE)
POSTCODE_TOWN = re.compile(r"(?<!\d)(\d{5})(?!\d)\s*,?\s*([^\W\d_][\w\-/ .:]*)?")
STREET_WORDS = (
    r"katu|kadu|tie|kuja|polku|raitti|väylä|kaari|rinne|tori|aukio|puistikko|esplanadi|bulevardi|"
    r"ranta|gatan|gata|vägen|väg|gränd|gränden|stigen|stig|torget|torg|esplanaden|allén|allé|plan|"
    r"backen|street|st\.?|road|rd\.?|avenue|ave\.?|lane"
)
# "Storgatan 5", "Isokatu 3 B", "Kirkkotie 12", "Rådhusesplanaden 2", "622 SE Grand Ave."
STREET = re.compile(rf"^\s*(?:[^\W\d_][\w\-.']*\s+)*?[^\W\d_]*(?:{STREET_WORDS})\s+\d+\b"
                    rf"|^\s*\d+[a-zA-Z]?\s+[^\W\d_]", re.IGNORECASE)
TOKEN = re.compile(r"[^\W\d_][\w:\-]*")


@dataclass
class Gazetteer:
    by_name: dict        # folded name or form -> Finnish name
    place_names: dict    # folded token -> Finnish name, for place names (no ambiguous words)
    postal_codes: dict   # code or prefix -> Finnish name
    names: list          # Finnish names, in file order

    def canonical(self, name: str | None) -> str | None:
        """The Finnish name for a municipality name in either language; unknown names as written."""
        if not name or not str(name).strip():
            return None
        text = " ".join(str(name).split())
        return self.by_name.get(_fold(text), text)

    def known(self, name: str | None) -> str | None:
        return self.by_name.get(_fold(name)) if name else None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split())).casefold()


def _genitives(name: str) -> list[str]:
    """Regular Finnish genitives of a place name: Kokkola → Kokkolan, Seinäjoki → Seinäjoen."""
    if " " in name:
        return []
    rules = (("kaupunki", "kaupungin"), ("joki", "joen"), ("järvi", "järven"), ("lahti", "lahden"),
             ("saari", "saaren"), ("niemi", "niemen"), ("koski", "kosken"), ("mäki", "mäen"),
             ("vesi", "veden"), ("salmi", "salmen"), ("lampi", "lammin"), ("virta", "virran"),
             ("ranta", "rannan"), ("nen", "sen"))
    for ending, genitive in rules:
        if name.endswith(ending):
            return [name[: -len(ending)] + genitive]
    if name[-1] in "aeiouyäö":
        return [name + "n"]
    return []


@lru_cache(maxsize=2)
def load_gazetteer(path: str | Path = GAZETTEER_PATH) -> Gazetteer:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    by_name: dict[str, str] = {}
    place_names: dict[str, str] = {}
    ambiguous = {_fold(word) for word in data.get("ambiguous_in_place_names") or []}
    names = []
    for entry in data["municipalities"]:
        finnish = entry["fi"]
        names.append(finnish)
        written = [finnish] + ([entry["sv"]] if entry.get("sv") else [])
        for name in written:
            by_name[_fold(name)] = finnish
        inflected = list(entry.get("forms") or []) + _genitives(finnish)
        if entry.get("sv") and not entry["sv"].endswith("s"):
            inflected.append(entry["sv"] + "s")  # Jakobstads, Karlebys
        for name in written + inflected:
            if _fold(name) not in ambiguous and " " not in name:
                place_names.setdefault(_fold(name), finnish)
    postal_codes = {str(code): by_name.get(_fold(name), name) for code, name in (data.get("postal_codes") or {}).items()}
    return Gazetteer(by_name=by_name, place_names=place_names, postal_codes=postal_codes, names=names)


# --- places ---------------------------------------------------------------------------------------

def clean_place(location: str | None, address: str | None) -> tuple[str | None, str | None]:
    """(place name, address): labels dropped, whitespace tidied, "name, street, 12345 town" split."""
    location = _tidy(location)
    address = _tidy(address)
    if location and "," in location:
        parts = [part.strip() for part in location.split(",") if part.strip()]
        split_at = next((i for i, part in enumerate(parts) if _looks_like_address(part)), None)
        if split_at:  # not when the place itself starts with the street ("Storgatan 5, 68600 Jakobstad")
            name, rest = ", ".join(parts[:split_at]), ", ".join(parts[split_at:])
            if not address:
                location, address = name, rest
            elif _fold(rest) in _fold(address) or _fold(address) in _fold(rest):
                location = name  # the address is already in its own field
    if location and address and _fold(location) == _fold(address) and "," in address:
        first = address.split(",")[0].strip()
        if not _looks_like_address(first):
            location = first
    return location or None, address or None


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    previous = None
    while previous != text:
        previous, text = text, LABEL.sub("", text)
    return text.strip(" ,;") or None


def _looks_like_address(part: str) -> bool:
    return bool(STREET.search(part) or POSTCODE_TOWN.search(part))


# --- municipalities -------------------------------------------------------------------------------

def normalise_municipality(name: str | None) -> str | None:
    """The Finnish name of a municipality written in Swedish or Finnish; others unchanged."""
    return load_gazetteer().canonical(name)


def municipality_for(record: dict, source_municipality: str | None = None) -> str | None:
    """The catalogue's municipality name for a record (see the module docstring for the order)."""
    gazetteer = load_gazetteer()
    for given in (record.get("municipality"), source_municipality):
        if given and str(given).strip():
            return gazetteer.canonical(given)
    return municipality_from_place(record.get("location"), record.get("address"))


def municipality_from_place(location: str | None, address: str | None) -> str | None:
    """From the address' postal code or town, else a town named in the place name; else None."""
    gazetteer = load_gazetteer()
    for text in (address, location):
        if not text:
            continue
        for match in POSTCODE_TOWN.finditer(text):
            code, town = match.group(1), (match.group(2) or "").strip(" .")
            if town:
                # "68600 Jakobstad", "00100 Helsinki/Helsingfors", "65100 Vasa, Finland"
                for candidate in re.split(r"\s*/\s*|\s+", town):
                    found = gazetteer.known(candidate)
                    if found:
                        return found
                found = gazetteer.known(town)
                if found:
                    return found
            for length in (5, 4, 3, 2):
                found = gazetteer.postal_codes.get(code[:length])
                if found:
                    return found
    for text in (address, location):
        found = _town_in(text, gazetteer)
        if found:
            return found
    return None


def _town_in(text: str | None, gazetteer: Gazetteer) -> str | None:
    """A capitalised word of the text that names a municipality (Kokkolan, Jakobstads, Vasa)."""
    if not text:
        return None
    for token in TOKEN.findall(text):
        if not token[0].isupper():
            continue
        found = gazetteer.place_names.get(_fold(token))
        if found:
            return found
    return None
