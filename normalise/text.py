"""Clean text from whatever a source sends: HTML fragments, entities, stray whitespace.

Markup never survives: script, style and iframe contents are dropped with their tags, and
everything else becomes plain text (paragraphs kept as blank lines), so a source can never
inject live markup into the catalogue.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

DROPPED_TAGS = ("script", "style", "iframe", "noscript", "template", "object", "embed", "head")
BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
              "section", "article", "blockquote", "pre", "dd", "dt", "header", "footer")
MARKUP_HINT = re.compile(r"<[a-zA-Z!/][^>]*>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(value: str | None) -> str:
    """HTML (or plain text) to clean text; paragraphs separated by one blank line."""
    if not value:
        return ""
    value = str(value)
    if MARKUP_HINT.search(value):
        value = _strip_markup(value)
    return tidy(value)


def clean_line(value: str | None) -> str:
    """A one-line field (title, place): markup removed, whitespace folded to single spaces."""
    return " ".join(html_to_text(value).split())


def tidy(value: str) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    lines = [SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _strip_markup(value: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(value, "lxml")
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    # Feeds often escape twice ("&amp;auml;"): one more unescape is safe on plain text.
    return html.unescape(text) if "&" in text else text
