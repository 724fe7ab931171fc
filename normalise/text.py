"""Clean text from whatever a source sends: HTML fragments, entities, stray whitespace.

Markup never survives: script, style and iframe contents are dropped with their tags, and
everything else becomes plain text (paragraphs kept as blank lines), so a source can never
inject live markup into the catalogue.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3

DROPPED_TAGS = {"script", "style", "iframe", "noscript", "template", "object", "embed", "head", "title"}
BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "header", "footer")
MARKUP_HINT = re.compile(r"<[a-zA-Z!/][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(BLOCK_TAGS)})\b[^>]*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
# Control characters and the invisible format characters seen in web text (zero-width, bidi
# marks, soft hyphen, BOM); tabs and newlines kept.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
                       r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def html_to_text(value: str | None) -> str:
    """HTML (or plain text) to clean text; paragraphs separated by one blank line."""
    if not value:
        return ""
    return _html_to_text(str(value))


@lru_cache(maxsize=4096)
def _html_to_text(value: str) -> str:
    """html_to_text of a text, remembered: a parser cleans a description to find its date and
    the normaliser cleans it again, and a source repeats its organiser and places."""
    if MARKUP_HINT.search(value):
        value = _strip_markup(value)
    return tidy(value)


def clean_line(value: str | None) -> str:
    """A one-line field (title, place): markup removed, whitespace folded to single spaces."""
    return " ".join(html_to_text(value).split())


def tidy(value: str) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = INVISIBLE.sub("", value)
    lines = [SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _strip_markup(value: str) -> str:
    """Tags removed by ammonia (nh3, a maintained HTML sanitiser), script/style contents with
    them; line breaks and block elements become line breaks first, so paragraphs survive."""
    value = BLOCK_TAG.sub("\n\n", LINE_BREAK_TAG.sub("\n", value))
    text = html.unescape(nh3.clean(value, tags=set(), clean_content_tags=DROPPED_TAGS))
    # Feeds often escape twice ("&amp;auml;"): one more unescape is safe on plain text.
    return html.unescape(text) if "&" in text else text
