"""A ticket price in the words of a page or an API: a number, or a word for free.

Its own module, so that the API spiders can read a price without loading the schema.org
reader (extruct and its parsers) on a night when no page of theirs has changed.
"""

from __future__ import annotations

import re

FREE_WORDS = re.compile(r"^\s*(free|gratis|maksuton|ilmainen|avgiftsfri|kostnadsfri|fritt inträde|"
                        r"vapaa pääsy)\b", re.I)
PRICE = re.compile(r"\d+(?:[.,]\d+)?")


def price_of(text: str | None) -> float | None:
    """A price written as a number ("15.00", "5 €") or a word for free (0); None if neither."""
    if not text:
        return None
    if FREE_WORDS.match(text):
        return 0.0
    number = PRICE.search(text)
    return float(number.group().replace(",", ".")) if number else None
