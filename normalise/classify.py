"""Wellbeing categories, target groups, price, registration and accessibility of a record.

``classify(record)`` reads the record's title, the source's own keywords, description, place
and organiser against ``normalise/taxonomy.yaml`` (editable by coordinators; its header explains
the keyword syntax) and returns::

    {"categories": [...], "audiences": [...], "free_of_charge": True/False/None,
     "registration_required": True/False/None, "accessibility": str/None,
     "classification": [{"field": ..., "value": ..., "reason": ...}, ...]}

Every assignment has a ``classification`` entry naming the keyword and the record field (or
source field) that caused it, so an analyst can audit it. A record naming no target group
gets ``["everyone"]`` with the reason "no target group named".

Pure functions; the taxonomy is read once. Matching is one regular expression built as a
trie over every keyword, run once per field, so classifying costs tens of microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field
from functools import lru_cache
from pathlib import Path

import yaml

from normalise.wordtrie import alternation

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yaml")
LANGUAGES = ("fi", "sv", "en")
# Record fields read, in the order reasons are reported.
FIELDS = ("title", "keywords", "description", "location", "organiser")
DEFAULT_CATEGORY_FIELDS = ("title", "keywords", "description")
DEFAULT_AUDIENCE_FIELDS = ("title", "keywords", "description", "organiser")
SIGNAL_FIELDS = ("title", "keywords", "description")
NO_AUDIENCE = "everyone"

# A price written out: "5 €", "10 euroa", "€ 12", "15 kr", "7,50 e".
PRICE = re.compile(
    r"(?<![\w.,])\d{1,4}(?:[.,]\d{1,2})?\s?(?:€|e\b|eur\b|euro|euroa|euros|kr\b|kronor|sek\b)|€\s?\d",
    re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Entry:
    group: str          # "categories", "audiences", "free", "fee", "not_required", "required", "accessibility"
    key: str            # e.g. "exercise"; for signals the group name again
    keyword: str        # as written in the file, markers removed
    mode: str           # "start" (word starts with), "any" (inside a word), "word" (whole word)
    exclude: tuple[str, ...]
    fields: frozenset


@dataclass
class Taxonomy:
    categories: dict        # key -> {"labels": {...}, ...}
    audiences: dict
    entries_by_literal: dict  # literal -> [Entry] for every keyword that is a prefix of it (incl. itself)
    pattern: re.Pattern
    organiser_types: dict   # organiser_type -> [(group, key)]
    # (field, text) -> hits: a source repeats its organiser, places and keywords on every event
    hits_cache: dict = dataclass_field(default_factory=dict, repr=False, compare=False)

    def labels(self, group: str, key: str, lang: str = "en") -> str:
        return getattr(self, group)[key]["labels"].get(lang) or key


# --- loading --------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def load_taxonomy(path: str | Path = TAXONOMY_PATH) -> Taxonomy:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise TaxonomyError(f"{path}: not valid YAML: {error}") from error
    entries: list[Entry] = []
    organiser_types: dict[str, list] = {}
    groups = {}
    for group, default_fields in (("categories", DEFAULT_CATEGORY_FIELDS), ("audiences", DEFAULT_AUDIENCE_FIELDS)):
        groups[group] = data.get(group) or {}
        if not isinstance(groups[group], dict) or not groups[group]:
            raise TaxonomyError(f"{path}: '{group}' must map keys to entries")
        for key, spec in groups[group].items():
            where = f"{path}: {group}.{key}"
            if not isinstance(spec, dict) or not isinstance(spec.get("labels"), dict):
                raise TaxonomyError(f"{where}: needs 'labels' with sv, fi and en")
            missing = [lang for lang in LANGUAGES if not spec["labels"].get(lang)]
            if missing:
                raise TaxonomyError(f"{where}: labels lack {', '.join(missing)}")
            fields = spec.get("fields") or default_fields
            unknown = set(fields) - set(FIELDS)
            if unknown:
                raise TaxonomyError(f"{where}: unknown fields {sorted(unknown)}; use {', '.join(FIELDS)}")
            entries += _entries(group, key, spec.get("keywords"), spec.get("exclude"), fields, where)
            for organiser_type in spec.get("organiser_types") or []:
                organiser_types.setdefault(organiser_type, []).append((group, key))
    for section, group, fields in (("free_of_charge", "free", SIGNAL_FIELDS), ("free_of_charge", "fee", SIGNAL_FIELDS),
                                   ("registration", "not_required", SIGNAL_FIELDS),
                                   ("registration", "required", SIGNAL_FIELDS)):
        block = (data.get(section) or {}).get(group) or {}
        entries += _entries(group, group, {k: v for k, v in block.items() if k != "exclude"}, block.get("exclude"),
                            fields, f"{path}: {section}.{group}")
    access = data.get("accessibility") or {}
    entries += _entries("accessibility", "accessibility", {k: v for k, v in access.items() if k != "exclude"},
                        access.get("exclude"), ("description", "location"), f"{path}: accessibility")
    by_literal: dict[str, list[Entry]] = {}
    for entry in entries:
        by_literal.setdefault(entry.keyword, []).append(entry)
    literals = sorted(by_literal)
    # Every keyword that matches at a position is a prefix of the longest one found there.
    with_prefixes = {literal: [e for other in literals if literal.startswith(other) for e in by_literal[other]]
                     for literal in literals}
    return Taxonomy(categories=groups["categories"], audiences=groups["audiences"],
                    entries_by_literal=with_prefixes, pattern=re.compile(alternation(literals)),
                    organiser_types=organiser_types)


def _entries(group, key, keywords, exclude, fields, where) -> list[Entry]:
    if keywords is None:
        return []
    if isinstance(keywords, dict):
        unknown = set(keywords) - set(LANGUAGES)
        if unknown:
            raise TaxonomyError(f"{where}: keywords by language must use {', '.join(LANGUAGES)}, not {sorted(unknown)}")
        words = [word for lang in LANGUAGES for word in keywords.get(lang) or []]
    elif isinstance(keywords, list):
        words = keywords
    else:
        raise TaxonomyError(f"{where}: keywords must be a list or lists per language")
    excluded = tuple(" ".join(str(x).lower().split()) for x in exclude or [])
    result = []
    for word in words:
        if not isinstance(word, str) or not word.strip("*= "):
            raise TaxonomyError(f"{where}: empty or non-text keyword {word!r}")
        text = " ".join(word.lower().split())
        if text.startswith("*"):
            mode, text = "any", text[1:]
        elif text.startswith("="):
            mode, text = "word", text[1:]
        else:
            mode = "start"
        if "*" in text or "=" in text:
            raise TaxonomyError(f"{where}: keyword {word!r}: '*' or '=' only at the start")
        result.append(Entry(group, key, text, mode, excluded, frozenset(fields)))
    return result


# --- matching -------------------------------------------------------------------------------------

@dataclass
class Hit:
    entry: Entry
    field: str
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        """The word (or words) of the text the keyword matched, as written."""
        return _word_at(self.text, self.start, self.end)


def find_hits(text: str, field: str, taxonomy: Taxonomy) -> list[Hit]:
    """Every keyword occurrence in `text` (whitespace already folded) that counts for `field`."""
    lower = text.lower()
    if len(lower) != len(text):  # a character whose lower case is longer: show lower-case words
        text = lower
    hits = []
    search = taxonomy.pattern.search
    entries = taxonomy.entries_by_literal
    pos = 0
    while True:
        match = search(lower, pos)
        if match is None:
            break
        start = match.start()
        pos = start + 1
        at_word_start = start == 0 or not lower[start - 1].isalnum()
        for entry in entries[match.group()]:
            if field not in entry.fields:
                continue
            end = start + len(entry.keyword)
            if entry.mode != "any" and not at_word_start:
                continue
            if entry.mode == "word" and end < len(lower) and lower[end].isalnum():
                continue
            if entry.exclude and _excluded(lower, start, end, entry.exclude):
                continue
            hits.append(Hit(entry, field, text, start, end))
    return hits


HITS_CACHE_SIZE = 4096


def _cached_hits(text: str, field: str, taxonomy: Taxonomy) -> list[Hit]:
    """find_hits, remembered per taxonomy (a pure function of its arguments; callers only read
    the hits). The cache is emptied when full."""
    cache = taxonomy.hits_cache
    key = (field, text)
    hits = cache.get(key)
    if hits is None:
        if len(cache) >= HITS_CACHE_SIZE:
            cache.clear()
        hits = cache[key] = find_hits(text, field, taxonomy)
    return hits


def _excluded(text: str, start: int, end: int, excluded: tuple[str, ...]) -> bool:
    for phrase in excluded:
        window_start = max(0, start - len(phrase))
        found = text.find(phrase, window_start, end + len(phrase))
        while found != -1 and found < end:
            if found + len(phrase) > start:
                return True
            found = text.find(phrase, found + 1, end + len(phrase))
    return False


def _word_at(text: str, start: int, end: int) -> str:
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end].strip("-")


def _field_texts(record: dict) -> dict[str, str]:
    place = ", ".join(part for part in (record.get("location"), record.get("address")) if part)
    values = {
        "title": record.get("title"),
        "keywords": " | ".join(str(k) for k in record.get("keywords") or []),
        "description": record.get("description"),
        "location": place,
        "organiser": record.get("organiser"),
    }
    return {field: " ".join(str(value).split()) for field, value in values.items() if value}


# --- classification -------------------------------------------------------------------------------

def classify(record: dict, taxonomy: Taxonomy | None = None) -> dict:
    """Categories, audiences, price, registration and accessibility of a canonical record."""
    taxonomy = taxonomy or load_taxonomy()
    texts = _field_texts(record)
    hits: list[Hit] = []
    for field in FIELDS:
        if field in texts:
            hits += _cached_hits(texts[field], field, taxonomy)
    reasons: dict[tuple[str, str], list[str]] = {}
    for hit in _longest_per_word(hits):
        if hit.entry.group in ("categories", "audiences"):
            _add_reason(reasons, (hit.entry.group, hit.entry.key), _keyword_reason(hit))
    organiser_type = record.get("organiser_type")
    for group, key in taxonomy.organiser_types.get(organiser_type, []):
        _add_reason(reasons, (group, key), f"the source's organiser_type is {organiser_type!r}")
    categories = [key for key in taxonomy.categories if ("categories", key) in reasons]
    audiences = [key for key in taxonomy.audiences if ("audiences", key) in reasons]
    classification = [{"field": group, "value": key, "reason": "; ".join(reasons[group, key])}
                      for group, keys in (("categories", categories), ("audiences", audiences)) for key in keys]
    if not audiences:
        audiences = [NO_AUDIENCE]
        classification.append({"field": "audiences", "value": NO_AUDIENCE, "reason": "no target group named"})

    free, free_reason = _free_of_charge(record, hits, texts)
    if free is not None:
        classification.append({"field": "free_of_charge", "value": free, "reason": free_reason})
    registration, registration_reason = _registration(hits)
    if registration is not None:
        classification.append({"field": "registration_required", "value": registration,
                               "reason": registration_reason})
    accessibility, access_reason = _accessibility(record, hits)
    if accessibility is not None:
        classification.append({"field": "accessibility", "value": accessibility, "reason": access_reason})
    return {
        "categories": categories,
        "audiences": audiences,
        "free_of_charge": free,
        "registration_required": registration,
        "accessibility": accessibility,
        "classification": classification,
    }


def _keyword_reason(hit: Hit) -> str:
    return f"keyword {hit.entry.keyword!r} in {hit.field} ({hit.word!r})"


def _add_reason(reasons: dict, key: tuple, reason: str, limit: int = 3) -> None:
    found = reasons.setdefault(key, [])
    if reason not in found and len(found) < limit:
        found.append(reason)


def _longest_per_word(hits: list[Hit]) -> list[Hit]:
    """One hit per entry and place in the text: 'tuolijumppa' rather than 'jumppa' as well."""
    best: dict[tuple, Hit] = {}
    for hit in hits:
        key = (hit.entry.group, hit.entry.key, hit.field, hit.start)
        if key not in best or len(hit.entry.keyword) > len(best[key].entry.keyword):
            best[key] = hit
    # a keyword inside a longer match of the same entry ('jumppa' in 'tuolijumppa') is dropped
    spans: dict[tuple, list] = {}
    for hit in best.values():
        spans.setdefault((hit.entry.group, hit.entry.key, hit.field), []).append((hit.start, hit.end))
    return [hit for hit in best.values()
            if not any(s <= hit.start and hit.end <= e and (s, e) != (hit.start, hit.end)
                       for s, e in spans[hit.entry.group, hit.entry.key, hit.field])]


def _first(hits: list[Hit], group: str) -> Hit | None:
    return next((hit for hit in hits if hit.entry.group == group), None)


def _free_of_charge(record: dict, hits: list[Hit], texts: dict) -> tuple[bool | None, str | None]:
    for key in ("free_of_charge", "is_free"):  # a source that says so in a field of its own
        if isinstance(record.get(key), bool):
            return record[key], f"the source's field {key}"
    free = _first(hits, "free")
    if free:
        return True, _keyword_reason(free)
    for field in SIGNAL_FIELDS:
        price = PRICE.search(texts.get(field, ""))
        if price:
            return False, f"price {price.group().strip()!r} in {field}"
    fee = _first(hits, "fee")
    if fee:
        return False, _keyword_reason(fee)
    return None, None


def _registration(hits: list[Hit]) -> tuple[bool | None, str | None]:
    not_required = _first(hits, "not_required")
    if not_required:
        return False, _keyword_reason(not_required)
    required = _first(hits, "required")
    if required:
        return True, _keyword_reason(required)
    return None, None


def _accessibility(record: dict, hits: list[Hit]) -> tuple[str | None, str | None]:
    access = [hit for hit in hits if hit.entry.group == "accessibility"]
    if not access:
        return None, None
    sentences: list[str] = []
    for field in ("description", "location"):
        words = {hit.word.lower() for hit in access if hit.field == field}
        if not words:
            continue
        text = record.get(field) if field == "description" else \
            ", ".join(p for p in (record.get("location"), record.get("address")) if p)
        for sentence in SENTENCE_END.split(text or ""):
            sentence = " ".join(sentence.split())
            lowered = sentence.lower()
            if sentence and sentence not in sentences and any(word in lowered for word in words):
                sentences.append(sentence)
    return (" ".join(sentences)[:500] or None), _keyword_reason(access[0])
