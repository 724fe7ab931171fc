"""The language an event is held in, when its own text says so more clearly than its source.

Bilingual parishes and associations list Finnish activities on Swedish pages and the other
way round ("Suomenkielinen toiminta" under a Swedish parish's programme). The source's
language is only a default: staff filter on an activity's language to find one their client
understands, so a Finnish Bible circle must not be filed as Swedish because its parish is.

The text is identified by py3langid (a maintained fork of langid.py, a naive Bayes model
over byte n-grams), restricted to the catalogue's languages. Short titles are often
ambiguous ("Julkonsert" is Swedish, yet scores 0.64 for Finnish), so the source's language
gives way only to a very confident answer.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("fi", "sv", "en")
# Below this probability (among the three languages) the text is not trusted over the source:
# on the catalogue's own titles one-word Swedish and Finnish names score 0.55–0.98 either way,
# a sentence 0.999 or more.
CONFIDENT = 0.99
# Enough of the text to tell the language; the rest only costs time (the identifier takes
# ~0.4 µs a character: ~80 µs an event of the benchmark world, 4 s for its 50,000 events).
SAMPLE_CHARACTERS = 200


@lru_cache(maxsize=1)
def _identifier():
    # Loaded on first use (about a second: the model and NumPy), so an unchanged night's
    # harvest, which normalises nothing, never pays for it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    full.set_languages(list(LANGUAGES))
    # An identifier built from the three languages' columns alone: the one restricted by
    # set_languages keeps the model of all 97 beside them (28 MB of each harvest worker's
    # 79 MB for the model; 56 MB this way, measured in one process).
    return LanguageIdentifier(full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove, full.tk_output,
                              norm_probs=True, tk_row=full.tk_row)


def identify(text: str | None) -> tuple[str, float] | None:
    """The most likely of fi / sv / en for `text`, with its probability; None for no letters."""
    text = (text or "")[:SAMPLE_CHARACTERS]
    if not any(character.isalpha() for character in text):
        return None
    language, probability = _identifier().classify(text)
    return language, float(probability)


def language_of(title: str | None, description: str | None, default: str | None) -> str | None:
    """The event's language: `default` (the source's) unless the title and description are,
    with confidence, in another of the catalogue's languages."""
    if default not in (None, *LANGUAGES):
        return default  # a language the identifier is not asked about: the source knows best
    found = identify(" ".join(part for part in (title, description) if part))  # (it takes the sample)
    if found and found[1] >= CONFIDENT:
        return found[0]
    return default
