"""Heuristic (and selector-driven) extraction of events from plain HTML listing pages.

Municipality, parish and association homepages rarely carry structured data. This module
finds event-like blocks in ordinary markup:

* repeated sibling blocks of the same tag and class (``li``, ``article``, ``div.event``,
  ``tr`` …) whose text holds a date expression;
* flat heading sequences: month headings ("februari"), day headings ("torsdag 05/02",
  "Ti 8.12.") followed by item headings/lines that give the titles (with times inside:
  "AW Med Quiz! Från Kl.17.00");
* a heading followed by paragraphs that give the date;
* prose paragraphs describing (weekly) activities ("Seniorträffen samlas varje tisdag
  kl. 13–15 i församlingshemmet.").

Publication dates of news items, copyright years, opening hours of offices, navigation,
cookie banners and footers are not events. Precision is preferred over recall.

All date understanding is delegated to :mod:`normalise.dates` (``find_when`` /
``parse_when``); this module only decides *where* the date text and the title are.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from w3lib.encoding import html_to_unicode

from normalise import dates as _dates

__all__ = ["parse_listing"]

# --------------------------------------------------------------------------------------------
# Vocabulary

DROP_TAGS = ("script", "style", "noscript", "nav", "form", "aside", "template", "iframe",
             "svg", "button", "select", "object", "embed", "head", "textarea", "input", "dialog")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FLOW_TAGS = HEADINGS + ("p", "li", "dt", "dd", "div", "td", "th", "blockquote", "pre",
                        "address", "figcaption", "caption", "section", "article", "span",
                        "tr", "main", "body", "center", "font")
BLOCKISH = set(HEADINGS) | {"p", "li", "dt", "dd", "div", "td", "th", "tr", "table", "ul",
                            "ol", "dl", "blockquote", "pre", "address", "figcaption",
                            "caption", "section", "article", "main", "header", "footer",
                            "figure", "hr", "br"}
# a span or font inside one of these is part of that block's text, not a flow unit of its own
_INLINE_FLOW_PARENTS = tuple(t for t in FLOW_TAGS if t not in ("span", "font", "body", "main", "section", "article"))
BLOCK_CANDIDATES = {"li", "article", "div", "section", "tr", "p"}

_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
# a block's tag list: its words are categories, not description
TAG_TOKENS = {"tag", "tags", "category", "categories", "keyword", "keywords", "topic", "topics",
              "kategoria", "kategoriat", "kategori", "kategorier", "asiasanat", "chip", "chips"}
JUNK_WORDS = {"cookie", "cookies", "consent", "gdpr", "cookiebanner", "cookie-banner"}
JUNK_RE = re.compile(r"cookie|consent|gdpr", re.I)
NAV_TOKENS = {"nav", "navbar", "navigation", "navi", "menu", "menubar", "submenu", "breadcrumb",
              "breadcrumbs", "skip", "skiplink", "topbar", "pagination", "pager", "share",
              "social", "megamenu", "sitemap", "sidebar", "footer", "header", "masthead"}
# header/footer tokens are only dropped on elements that are not inside an event-ish block
PUB_CLASS_RE = re.compile(r"published|pubdate|publish-date|publishdate|date-publish|posted|"
                          r"entry-date|post-date|byline|entry-meta|post-meta|article-meta|"
                          r"news-date|date-updated|last-updated|modified-date|julkaist|"
                          r"publicer", re.I)
PUB_ITEMPROP = {"datepublished", "datemodified", "datecreated", "uploaddate"}
PUB_TEXT_RE = re.compile(
    r"^\s*(publicerad|publicerat|publ\.|uppdaterad|senast uppdaterad|julkaistu|julkaisu|"
    r"päivitetty|muokattu|posted|published|updated|last updated|skriven|kirjoitettu|"
    r"lisätty|tillagd)\b", re.I)
NEWS_CLASS_RE = re.compile(r"news|nyhet|uutis|uutinen|blog|press-release|pressmeddelande|"
                           r"tiedote|(?:^|\s)type-post(?:\s|$)|(?:^|\s)post(?:\s|$)", re.I)
# WordPress marks every entry "post" / "type-post", whatever it announces: without a
# publication date, only an entry whose date has no time and no recurrence reads as news
WEAK_NEWS_CLASS_RE = re.compile(r"^(?:(?:type-)?post)$", re.I)
EVENTISH_CLASS_RE = re.compile(r"event|tapahtum|evenemang|kalender|calendar|activity|"
                               r"aktivitet|toiminta|program|ohjelma|happening", re.I)
OFFICE_RE = re.compile(r"kansli|expedition|virasto|toimisto|office|reception|kundtjänst|"
                       r"vastaanot|mottagning|päivystys|jourtid|"
                       r"asiakaspalvelu|telefontid|puhelinaika|växel|vaihde|öppettid|"
                       r"aukioloaj|opening hours|office hours|påträffas|tavoitettavissa", re.I)
_WEEKDAY_ABBR = r"(?:ma|ti|ke|to|pe|la|su|må|mån|tis|on|ons|tor|tors|fr|fre|lö|lör|sö|sön|mon|tue|wed|thu|fri|sat|sun)"
OPEN_WORD_RE = re.compile(r"öppe[nt]|avoinna|auki\b|suljettu|stängt|open\b|closed\b|"
                          # a run of weekdays beside an office word: "Vastaanotto ma–to klo 9–11"
                          r"\b" + _WEEKDAY_ABBR + r"\.?\s*[–-]\s*" + _WEEKDAY_ABBR + r"\b|"
                          r"öppettid|aukioloaj|opening hours|office hours|telefontid|"
                          r"puhelinaika|påträffas|tavoitettavissa", re.I)
COPYRIGHT_RE = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved|"
                          r"kaikki oikeudet|alla rättigheter", re.I)

MONTHS = {
    # sv
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
    # fi (nominative)
    "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu",
    "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
    # en
    "january", "february", "march", "may", "june", "july", "august", "october",
}
# month names as date badges print them ("8 joulu", "12 dec", "19 tammi")
MONTH_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct", "nov", "dec",
    "tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka",
    "marras", "joulu",
}
WEEKDAY_WORDS = {
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    "mån", "tis", "ons", "tor", "tors", "fre", "lör", "sön", "må", "ti", "on", "to", "fr",
    "lö", "sö",
    "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai",
    "ma", "ke", "pe", "la", "su",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
}
FILLER_WORDS = {"kl", "klo", "klockan", "kello", "at", "den", "from", "från", "alkaen",
                "och", "ja", "and", "to", "till", "–", "-", "alk", "fr.o.m", "t.o.m"}

# Time expression inside a title ("Från Kl.17.00", "Kl.12-17", "Från 21:00", "klo 18").
_AMPM = r"(?:\s*(?P<ap{n}>[ap])\.?m\b\.?)"
TIME_IN_TITLE_RE = re.compile(
    r"(?:\b(?:från|fr\.?o\.?m\.?|from|alkaen|alk\.?)\s+)?"
    r"(?:\b(?:kl|klo|klockan|kello|at)\b\.?\s*(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?" + _AMPM.format(n=1) + "?"
    r"|(?<![\d.:/])(?P<h2>\d{1,2})[:.](?P<m2>\d{2})(?![\d.:/])" + _AMPM.format(n=2) + "?"
    r"|(?<![\d.:/])(?P<h4>\d{1,2})" + _AMPM.format(n=4) +
    r"|(?<![\d.:/])(?P<h5>\d{1,2})(?=\s*[-–—]\s*\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b))"
    r"(?:\s*(?:[-–—]|till|to)\s*(?P<h3>\d{1,2})(?:[.:](?P<m3>\d{2}))?(?![\d/])" + _AMPM.format(n=3) + "?)?"
    r"(?:\s+(?:alkaen|and onwards))?",
    re.I)

LABEL_PLACE_RE = re.compile(
    r"(?:^|[\s(;,.])(?:plats|paikka|location|venue|where|var|missä|sted|lokal|osoite|adress)"
    r"\s*:\s*(?P<place>[^\n;]+?)(?=\s*(?:\n|;|$|\.\s|,\s*(?:tid|aika|pris|hinta|time)\b))",
    re.I)
SV_PLACE_RE = re.compile(
    r"\b(?:i|på|vid|at)\s+(?P<place>(?:[A-ZÅÄÖ][\w\-]+\s+|[\wåäö\-]+s\s+)?[\wåäöÅÄÖ\-]*?"
    r"(?i:hemmet|hem|salen|sal|kyrkan|kyrka|gården|gård|huset|hus|hallen|hall|lokalen|lokal|"
    r"kapellet|kapell|skolan|skola|biblioteket|bibliotek|parken|park|stugan|stuga|"
    r"centret|center|centrum|centralen|central|rummet|rum|kansliet|torget|torg|badet|bad|salongen|"
    r"källaren|källarn|gymmet|gym|caféet|café|kafét|kafé|avdelningen|verkstaden|verkstad|"
    r"restaurangen|restaurang|hotellet|hotell|church|library|centre|museum|restaurant|"
    r"kyrkans?\s+\w+))(?![\wåäö])"
    # the place's name after it: "i simhallen Sandviken", "i Idrottshallen i Bennäs", "på
    # Restaurang Gästis" -- a capitalised word ending the sentence, not the next one's start
    r"(?P<name>[ \u00a0]+(?:i[ \u00a0]+)?[A-ZÅÄÖ][\wåäöÅÄÖ\-]*(?=[ \u00a0]*(?:[,.;:!?)]|$)))?")
FI_PLACE_RE = re.compile(
    # a qualifier before the place is a genitive ("Kokkolan seurakuntakeskuksessa"), never the
    # title before it ("Joulujuhla seurakuntatalolla")
    r"\b(?P<place>(?:[A-ZÅÄÖ][a-zåäö\-]*(?:talo|koti|keskus|kirkko|koulu|kirjasto|sali|halli)\s+"
    r"(?=[A-ZÅÄÖ][\wåäö\-]*n\s))?"     # "Palvelutalo Kotirannan kerhohuoneessa"
    r"(?:[\wåäöÅÄÖ\-]+(?<=[a-zåäö])n\s+)?[\wåäöÅÄÖ\-]*?"
    r"(?:kodissa|kodilla|talolla|talossa|salissa|kirkossa|kirkolla|koululla|koulussa|"
    r"kirjastossa|keskuksessa|keskuksella|hallissa|hallilla|kappelissa|puistossa|tiloissa|"
    r"majalla|kerhohuoneessa|huoneessa|kentällä|uimahallissa|tuvalla|tuvassa|"
    r"pappilassa|torilla|kylätalolla|seurakuntatalolla|huoneella|salilla|kirjastolla|"
    r"kappelilla|majassa|pirtillä|pirtissä|ravintolassa|kahvilassa|pisteessä|pisteellä))\b")
# a place named after a nominative place noun, in the locative: "palvelukeskus Ainolassa",
# "palvelutalo Koivulassa", "nuorisotila Kellarissa" (the noun does not attach to a title
# before it the way "seurakuntatalolla" does: "Hartaus palvelukeskus Ainolassa")
FI_NAMED_PLACE_RE = re.compile(
    r"(?<![\wåäöÅÄÖ])(?P<place>[a-zåäö\-]*(?:keskus|talo|koti|kirjasto|koulu|halli|kirkko|sali|tila|"
    r"maja|tupa|kappeli|pappila|ravintola|kahvila)\s+[A-ZÅÄÖ][\wåäö\-]*(?:ssa|ssä|lla|llä))(?![\wåäö])")
PLACE_NOUN_RE = re.compile(
    r"(?:hem|hemmet|sal|salen|kyrka|kyrkan|gård|gården|hus|huset|hall|hallen|lokal|lokalen|"
    r"kapell|kapellet|skola|skolan|bibliotek|biblioteket|park|parken|stuga|stugan|center|"
    r"centret|centrum|koti|talo|sali|kirkko|koulu|kirjasto|keskus|halli|kappeli|puisto|"
    r"maja|tupa|pappila|tori|kenttä|huone|kerhohuone|tila|kellari|ravintola|restaurang|toimisto|"
    r"central|centralen|verkstad|verkstaden|källare|källaren|källarn|avdelning|avdelningen|"
    r"kansli|kansliet|kontor|kontoret|biograf|biografen|kino|elokuvateatteri|teater|teatern|"
    r"teatteri|museum|museet|museo|aula|aulan|kahvio|kahvila|"
    r"lokale|church|hall|library|centre|center|park|room)$", re.I)

PROSE_VERBS = {
    # sv
    "samlas", "träffas", "hålls", "ordnas", "anordnas", "arrangeras", "äger", "är", "har",
    "pågår", "startar", "börjar", "fortsätter", "sker", "blir", "ges", "firas", "övar",
    "möts", "håller", "erbjuds", "ordnar", "välkomnar", "kör", "går", "öppnar", "sammanträder",
    "sammankommer", "spelar", "sjunger", "dansar",
    # fi
    "kokoontuu", "kokoontuvat", "pidetään", "järjestetään", "on", "ovat", "alkaa",
    "jatkuu", "jatkuvat", "harjoittelee", "harjoittelevat", "tapaa", "tapaavat",
    "pelataan", "lauletaan", "vietetään", "toteutetaan", "kokoontuu", "kokoustaa", "kokoustavat",
    "tanssitaan", "jumpataan", "lähtee",
    # en
    "meets", "meet", "is", "are", "takes", "will", "runs", "starts", "held", "be",
}
TITLE_PRONOUNS = {"vi", "det", "den", "de", "du", "ni", "man", "här", "me", "se", "ne",
                  "te", "sinä", "we", "it", "they", "you", "there", "this", "här", "nu",
                  "tänään", "idag", "today", "välkommen", "tervetuloa", "welcome", "alla",
                  "kaikki", "all", "och", "ja", "and", "sekä", "samt", "även", "myös", "also"}

SEP_CHARS = " \t\n\r-–—:;,.|/·•*>»«()[]"


# --------------------------------------------------------------------------------------------
# Public API

def parse_listing(html: str | bytes, url: str, *, lang: str | None = None,
                  today: date | None = None, tz: str = "Europe/Helsinki",
                  selectors: dict | None = None, encoding: str | None = None) -> list[dict]:
    """Raw items (see docs/design.md "Raw item") from an HTML listing page."""
    text = _decode(html, encoding)
    if not text or not text.strip():
        return []
    soup = BeautifulSoup(text, "lxml")
    if lang is None:
        html_el = soup.find("html")
        raw_lang = (html_el.get("lang") or html_el.get("xml:lang") or "") if html_el else ""
        raw_lang = str(raw_lang).strip().lower()[:2]
        lang = raw_lang if raw_lang in ("sv", "fi", "en") else None
    url, base = _page_addresses(soup, url)
    ctx = _Ctx(url=url, lang=lang, today=today, tz=tz, base=base)
    if selectors:
        items = _parse_with_selectors(soup, selectors, ctx)
    else:
        _clean(soup)
        if "rowspan" in text:
            _expand_rowspans(soup)
        _INDEX.tree = _TreeIndex(soup.body or soup)
        try:
            items = _Heuristic(soup, ctx).run()
        finally:
            _INDEX.tree = None
    return _dedupe(items)


# --------------------------------------------------------------------------------------------
# Decoding and cleaning

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def _decode(html: str | bytes, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    if not html:
        return ""
    if encoding:
        try:
            return html.decode(_browser_encoding(encoding), errors="replace")
        except LookupError:
            pass
    content_type = None
    m = _META_CHARSET_RE.search(html[:4096])
    if m:
        content_type = "text/html; charset=" + m.group(1).decode("ascii", "ignore")

    def _auto(body: bytes) -> str | None:
        try:
            body.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            return "cp1252"

    _enc, text = html_to_unicode(content_type, html, auto_detect_fun=_auto)
    return text


def _page_addresses(soup: BeautifulSoup, url: str) -> tuple[str, str]:
    """(the page's own address, the base its relative links resolve against).

    A saved file read without its address still says where it lives: its canonical link or
    og:url. A `<base href>` changes what relative links resolve against, as in a browser."""
    head = soup.head or soup
    if urlparse(url or "").scheme not in ("http", "https"):    # none, or a saved file's file://
        for tag, attr, value in (("link", "rel", "canonical"), ("meta", "property", "og:url")):
            found = next((el for el in _tags(head, (tag,)) if value in (
                el.get(attr) if isinstance(el.get(attr), list) else str(el.get(attr) or "").split())), None)
            href = str((found.get("href") or found.get("content") or "") if found else "").strip()
            if urlparse(href).scheme in ("http", "https"):
                url = href
                break
    base = next((el for el in _tags(head, ("base",)) if el.get("href")), None)
    return url or "", urljoin(url or "", str(base["href"]).strip()) if base is not None else url or ""


def _browser_encoding(name: str) -> str:
    low = name.strip().lower().replace("_", "-")
    if low in ("iso-8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1"):
        return "cp1252"
    return name


class _TreeIndex:
    """Every element of a tree in document order, and where each one's descendants end, made
    in one walk: the heuristic asks for a block's elements (`_tags`) and whether one element
    is inside another (`_is_inside`) thousands of times a page, and a walk of bs4's
    .descendants each time cost more than the rest of the work. Valid while the tree is not
    changed (`_Heuristic` drops it before the flow joins paragraphs)."""

    def __init__(self, root: Tag):
        self.tags: list[Tag] = []
        self.start: dict[int, int] = {}
        self.end: dict[int, int] = {}
        self.tokens: dict[int, tuple[Tag, frozenset[str]]] = {}
        stack = [(root, False)]
        tags, start, end = self.tags, self.start, self.end
        while stack:
            node, done = stack.pop()
            if done:
                end[id(node)] = len(tags)
                continue
            start[id(node)] = len(tags)
            tags.append(node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents) if isinstance(child, Tag))


_INDEX = threading.local()


def _index() -> _TreeIndex | None:
    return getattr(_INDEX, "tree", None)


def _tags(el: Tag, names=None) -> list[Tag]:
    """``el.find_all(True)`` (or ``el.find_all(names)``) without bs4's filter machinery, which
    costs more than the walk itself: every element inside ``el``, in document order."""
    tree = _index()
    if tree is not None:
        first = tree.start.get(id(el))
        if first is not None and tree.tags[first] is el:
            inside = tree.tags[first + 1:tree.end[id(el)]]
            return inside if names is None else [node for node in inside if node.name in names]
    if names is None:
        return [node for node in el.descendants if isinstance(node, Tag)]
    return [node for node in el.descendants if isinstance(node, Tag) and node.name in names]


def _first(el: Tag, names) -> Tag | None:
    """``el.find(names)``: the first element inside ``el`` with one of the names."""
    tree = _index()
    if tree is not None:
        first = tree.start.get(id(el))
        if first is not None and tree.tags[first] is el:
            tags = tree.tags
            for at in range(first + 1, tree.end[id(el)]):
                if tags[at].name in names:
                    return tags[at]
            return None
    return next((node for node in el.descendants if isinstance(node, Tag) and node.name in names), None)


def _ancestors(el: Tag):
    """``el.parents`` up to (not including) the document itself."""
    node = el.parent
    while node is not None and not isinstance(node, BeautifulSoup):
        yield node
        node = node.parent


def _ancestor(el: Tag, names) -> Tag | None:
    """``el.find_parent(names)``."""
    return next((node for node in _ancestors(el) if node.name in names), None)


def _children(el: Tag, names=None) -> list[Tag]:
    """``el.find_all(True or names, recursive=False)``: the element's own child elements."""
    return [node for node in el.children if isinstance(node, Tag) and (names is None or node.name in names)]


def _classes_and_id(el: Tag) -> str:
    attrs = el.attrs
    if "class" not in attrs and "id" not in attrs:
        return ""
    cls = attrs.get("class") or []
    if isinstance(cls, str):
        cls = cls.split()
    return " ".join(list(cls) + [str(attrs.get("id") or "")]).strip()


_NO_TOKENS: frozenset[str] = frozenset()


def _tokens(el: Tag) -> frozenset[str]:
    """The words of an element's class and id, and the first and last piece of each
    ("sk-calendar-item__place" -> "place"). Remembered per element while the tree's index holds."""
    attrs = el.attrs
    if "class" not in attrs and "id" not in attrs:
        return _NO_TOKENS
    tree = _index()
    if tree is not None:
        found = tree.tokens.get(id(el))
        if found is not None and found[0] is el:
            return found[1]
        toks = _read_tokens(el)
        tree.tokens[id(el)] = (el, toks)
        return toks
    return _read_tokens(el)


def _read_tokens(el: Tag) -> frozenset[str]:
    out: set[str] = set()
    for part in _classes_and_id(el).lower().split():
        out.add(part)
        pieces = [t for t in _TOKEN_SPLIT.split(part) if t]
        if pieces:
            # "main-nav", "nav-primary", "sidebar-left" -- not "js-sidebar-button-anchor"
            out.add(pieces[0])
            out.add(pieces[-1])
    return frozenset(out)


def _wraps_content(tag: Tag) -> bool:
    """A wrapper around the page's main content is never dropped as navigation."""
    return _first(tag, ("main", "article", "h1")) is not None or \
        next((t for t in _tags(tag) if t.get("role") == "main"), None) is not None


def _clean(soup: BeautifulSoup) -> None:
    for c in [node for node in soup.descendants if isinstance(node, Comment)]:
        c.extract()
    for tag in _tags(soup, DROP_TAGS):
        tag.decompose()
    _close_open_paragraphs(soup)
    # bs4's `tag.decomposed` reads a missing attribute through `tag.find("_decomposed")`: a walk
    # of the tag's subtree for every tag not decomposed. The flag itself is read instead, unless
    # the page holds an element of that name (then as bs4 answers).
    odd = any(tag.name == "_decomposed" for tag in _tags(soup))

    def decomposed(tag: Tag) -> bool:
        return tag.decomposed if odd else tag.__dict__.get("_decomposed", False)

    for tag in _tags(soup, ("header", "footer")):
        if decomposed(tag):
            continue
        if not _ancestor(tag, ("article", "li")) and not _eventish(tag) and \
                not _wraps_content(tag):
            tag.decompose()
    for tag in _tags(soup):
        if decomposed(tag) or tag.name in ("html", "body", "main"):
            continue
        role = str(tag.get("role") or "").lower()
        if role in ("navigation", "banner", "contentinfo", "search", "menu", "menubar",
                    "dialog", "alertdialog", "complementary"):
            tag.decompose()
            continue
        if tag.get("hidden") is not None or tag.get("aria-hidden") == "true" and not _visual_badge(tag):
            tag.decompose()
            continue
        ident = _classes_and_id(tag)
        if not ident:
            continue
        if JUNK_RE.search(ident) and not _wraps_content(tag):
            tag.decompose()
            continue
        toks = _tokens(tag)
        if toks & NAV_TOKENS:
            if ({"header", "footer", "sidebar"} & toks and not (toks & (NAV_TOKENS - {
                    "header", "footer", "sidebar"}))
                    and (_ancestor(tag, ("article", "li")) or _eventish(tag))):
                continue
            if _wraps_content(tag):
                continue
            tag.decompose()


def _expand_rowspans(soup: BeautifulSoup) -> None:
    """A cell spanning rows (`<td rowspan="3">Ons 9.12</td>`: the day of three activities) is
    copied into each row it spans, so every row holds its own date, as a reader sees it."""
    import copy

    for table in _tags(soup, ("table",)):
        pending: dict[int, list] = {}     # column -> [cell, rows still to fill]
        for row in (tr for tr in _tags(table, ("tr",)) if _ancestor(tr, ("table",)) is table):
            cells, built, column, index = _children(row, ("td", "th")), [], 0, 0
            while index < len(cells) or any(col >= column for col in pending):
                if column in pending:
                    cell, left = pending[column]
                    clone = copy.copy(cell)
                    del clone["rowspan"]
                    built.append((clone, True))
                    if left <= 1:
                        del pending[column]
                    else:
                        pending[column][1] = left - 1
                    column += 1
                    continue
                if index >= len(cells):
                    column += 1
                    continue
                cell = cells[index]
                index += 1
                try:
                    span = int(str(cell.get("rowspan") or 1))
                except ValueError:
                    span = 1
                if span > 1:
                    pending[column] = [cell, min(span - 1, 100)]
                built.append((cell, False))
                try:
                    column += max(1, min(int(str(cell.get("colspan") or 1)), 50))
                except ValueError:
                    column += 1
            previous = None
            for cell, is_copy in built:
                if is_copy:
                    if previous is None:
                        row.insert(0, cell)
                    else:
                        previous.insert_after(cell)
                previous = cell


def _visual_badge(tag: Tag) -> bool:
    """An element hidden from screen readers that sighted readers see as the date: a card's
    date badge ("<div aria-hidden="true"><span>Mån</span><span>7</span><span>dec</span>") is
    often the card's only date. Menus, carousel copies and icons are hidden that way too: only
    a short text with a number and no link is kept."""
    text = "".join(tag.stripped_strings)
    return 0 < len(text) <= 40 and any(ch.isdigit() for ch in text) and _first(tag, ("a",)) is None


def _close_open_paragraphs(soup: BeautifulSoup) -> None:
    """`<p><font>…<p>…` of old hand-written pages: a browser ends a paragraph where the next
    one starts, lxml nests the next inside it (and the first one's own text then belongs to no
    paragraph of its own). The nested paragraph, and what follows it there, move after it."""
    for inner in [p for p in _tags(soup, ("p",)) if _ancestor(p, ("p",)) is not None]:
        outer = _ancestor(inner, ("p",))
        while outer is not None:
            moving, node = [], inner
            while node is not outer:
                moving.extend(([node] if node is inner else []) + list(node.next_siblings))
                node = node.parent
            anchor = outer
            for piece in moving:
                anchor.insert_after(piece.extract())
                anchor = piece
            outer = _ancestor(inner, ("p",))


def _news_class(tag: Tag) -> str | None:
    """"strong" for a news or blog class, "weak" for WordPress's own "post", else None."""
    ident = _classes_and_id(tag)
    if not NEWS_CLASS_RE.search(ident):
        return None
    strong = [c for c in ident.split() if NEWS_CLASS_RE.search(c) and not WEAK_NEWS_CLASS_RE.match(c)]
    return "strong" if strong else "weak"


def _is_card_link(a: Tag) -> bool:
    """A link that wraps a whole card (`<a class="event-card"><div>date</div><h3>title</h3>`)."""
    return _first(a, HEADINGS + ("div", "p", "ul", "section", "article")) is not None


def _eventish(tag: Tag) -> bool:
    return bool(EVENTISH_CLASS_RE.search(_classes_and_id(tag)))


# A cancelled event: its block's class ("event-card--cancelled", "is-cancelled"), a badge that
# says so ("Peruttu", "INSTÄLLT"), or its text struck through (<del>, <s>, <strike>).
CANCEL_CLASS_RE = re.compile(r"cancel|peruttu|peruutettu|inst[aä]lld|inst[aä]llt|avlyst", re.I)
STATUS_WORD_RE = re.compile(r"(?:tapahtuma\s+on\s+|evenemanget\s+är\s+|this\s+event\s+is\s+|)"
                            r"(?:cancel+ed|peruttu|peruutettu|peruuntuu|peruuntunut|inställ[td]a?|avlyst|"
                            r"avbokad)", re.I)
STRUCK = ("del", "s", "strike")


def _struck_texts(el: Tag) -> list[str]:
    return [text for text in (_flat(node) for node in _tags(el, STRUCK)) if _has_letters(text)]


def _is_struck(line: str, struck: list[str]) -> bool:
    """The line's event struck through: what is not struck is no more than a status word."""
    for text in struck:
        if text in line:
            rest = _strip_seps(line.replace(text, " ", 1))
            if not rest or STATUS_WORD_RE.fullmatch(rest.strip(" !.()[]")) or len(text) >= 0.6 * len(line):
                return True
    return False


def _is_status_line(line: str) -> bool:
    return bool(STATUS_WORD_RE.fullmatch(_strip_seps(line).strip(" !.()[]")))


def _cancel_marks(soup) -> list[Tag]:
    """The page's elements that can say an event is cancelled: struck text and elements whose
    class says so (one walk; most pages have none, and then no block needs a closer look)."""
    marks = []
    for node in soup.descendants:
        if isinstance(node, Tag) and (node.name in STRUCK or (
                node.get("class") and CANCEL_CLASS_RE.search(" ".join(node["class"]) if isinstance(
                    node["class"], list) else str(node["class"]))) or (
                node.get("id") and CANCEL_CLASS_RE.search(str(node["id"])))):
            marks.append(node)
    return marks


def _cancelled(el: Tag, marks: list[Tag] | None = None, text: str | None = None) -> bool:
    """Whether one event's element says it is cancelled. With the page's `marks` and the
    element's text, an element without a mark inside and no status word is answered at once."""
    if marks is not None and text is not None and not STATUS_WORD_RE.search(text) and not any(
            mark is el or _is_inside(mark, el) for mark in marks):
        return False
    for node in [el] + _tags(el):
        if node is not el and node.name in STRUCK:
            continue
        ident = _classes_and_id(node)
        if ident and CANCEL_CLASS_RE.search(ident):
            return True
        if node is not el and node.name not in STRUCK and _is_status_line(_flat(node)):
            return True
    text = _flat(el)
    return bool(text) and _is_struck(text, _struck_texts(el))


# --------------------------------------------------------------------------------------------
# Text helpers

_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def _norm_space(s: str) -> str:
    if not s.isascii():     # ASCII has nothing to compose and no odd spaces
        s = unicodedata.normalize("NFC", s.replace("\u00a0", " ").replace("\u202f", " "))
        if "\u200b" in s or "\ufeff" in s or "\u2060" in s:     # zero-width (Wix's empty lines)
            s = s.replace("\u200b", "").replace("\ufeff", "").replace("\u2060", "")
    if "  " not in s and "\t" not in s and "\r" not in s and "\f" not in s and "\v" not in s:
        return s.strip()    # nothing to squeeze (most texts): the pattern would change nothing
    return _SPACES_RE.sub(" ", s).strip()


# Where one inline element ends and the next begins. Date badges are drawn as separate elements
# ("<span>08</span><span>joulu</span>", "<em>Ti</em><em>8.12.</em>") and titles beside their
# subtitles ("<span>Julpyssel</span><span>Vi gör julkort</span>") that the page's CSS sets apart:
# a number and a word, or a word's end and a capital, meeting there are two words, not "08joulu".
_BOUNDARY = "\x00"
_SPLIT_AT_BOUNDARY_RE = re.compile(r"(?<=\d)\x00+(?=[^\W\d_])|(?<=[^\W\d_])\x00+(?=\d)|"
                                   r"(?<=[a-zåäöéü])\x00+(?=[A-ZÅÄÖÉÜ])")


def _text_lines(el: Tag) -> str:
    """Text of ``el`` with line breaks at <br> and block boundaries."""
    parts: list[str] = []

    def walk(node):
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                    continue
                block = child.name in BLOCKISH
                glued = child.name in ("sup", "sub")
                if not block and _is_end_element(child) and parts and not _ENDS_WITH_DASH_RE.search(
                        "".join(parts[-3:])):
                    # "<time class="…-start">17:00</time><span class="divider"></span><time
                    # class="…-end">21:00</time>": the page draws the dash
                    parts.append(" – ")
                if block:
                    parts.append("\n")
                elif child.name in ("td", "th"):
                    parts.append(" ")
                elif not glued:
                    parts.append(_BOUNDARY)
                walk(child)
                if block:
                    parts.append("\n")
                elif child.name in ("td", "th"):
                    parts.append(" \n")
                elif not glued:
                    parts.append(_BOUNDARY)

    walk(el)
    text = "".join(parts)
    if _BOUNDARY in text:
        text = _SPLIT_AT_BOUNDARY_RE.sub(" ", text).replace(_BOUNDARY, "")
    lines = [_norm_space(line) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


_ENDS_WITH_DASH_RE = re.compile(r"(?:[-–—]|\b(?:to|till|asti|until))[\s\x00]*$", re.I)


def _is_end_element(tag: Tag) -> bool:
    """An element that holds an end time or date by its class ("event-time-localized-end",
    "end-time", "dtend")."""
    cls = tag.get("class")
    if not cls:
        return False
    text = " ".join(cls) if isinstance(cls, list) else str(cls)
    if "end" not in text.lower():
        return False
    own = "".join(tag.stripped_strings)
    return bool(_tokens(tag) & {"end", "end-time", "endtime", "end-date", "enddate", "dtend", "time-end"}) and \
        bool(re.search(r"\d", own)) and not re.match(r"\s*(?:[-–—]|to\b|till\b)", own)


def _flat(el: Tag | str) -> str:
    if isinstance(el, Tag):
        return _norm_space(" ".join(_text_lines(el).split("\n")))
    return _norm_space(el)


def _strip_seps(s: str) -> str:
    s = _norm_space(s)
    core = s.strip(SEP_CHARS)
    if core.count("(") > core.count(")"):
        # "Julkonsert (gemensamt med Marthorna)": the bracket closing one in the text stays
        tail = s[s.find(core) + len(core):]
        core += ")" * min(core.count("(") - core.count(")"), tail.count(")"))
    s = core
    # unbalanced trailing/leading brackets left after cutting
    if s.count("(") < s.count(")"):
        s = s.rstrip(")").strip(SEP_CHARS)
    return _norm_space(s)


def _has_letters(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


_DATE_WORD_SPLIT_RE = re.compile(r"[\s,.:;/()–\-]+")
_ORDINAL_RE = re.compile(r"\d+(st|nd|rd|th|e|:e|a)?")
_TIME_WORDS = {"varje", "joka", "every", "vecka", "viikko", "week", "veckan", "viikolla", "år",
               "vuosi", "klo", "kl", "a", "p", "am", "pm", "m", "noon", "viikoittain", "veckovis",
               "weekly", "kuukausittain", "månatligen", "monthly", "päivittäin", "dagligen", "daily"}


_WEEKDAY_STEMS = {w[:2] for w in WEEKDAY_WORDS}


def _is_date_word(w: str) -> bool:
    """A lower-case word that only dates: a number, a weekday, a month, "kl", "varje" …"""
    return w.isdigit() or w in WEEKDAY_WORDS or w in MONTHS or w in FILLER_WORDS or \
        w in MONTH_ABBREVIATIONS or w in _TIME_WORDS or bool(_ORDINAL_RE.fullmatch(w)) or \
        (w[:2] in _WEEKDAY_STEMS and _dates.weekday_number(w) is not None)   # "måndagar", "tiistaisin"


def _only_date_words(s: str) -> bool:
    """True when s holds nothing but weekday/month/filler words and numbers."""
    return all(_is_date_word(w) for w in _DATE_WORD_SPLIT_RE.split(s.lower()) if w)


def _when_leftover(when_text: str) -> str:
    """Words a date expression's span took in that are no date words: "Måndagar: Dagklubb kl.
    9.30–11.30" -> "Dagklubb" (the title between the weekday and the time). Only a capitalised
    word after the span's first counts as such a title; otherwise nothing is left."""
    words = when_text.split()
    left = [w for w in words[1:] if not _only_date_words(w)
            and _dates.weekday_number(w.strip(" .,:;")) is None]
    if not any(w[:1].isupper() for w in left):     # "Varannan onsdag": the span's own words
        return ""
    return " ".join(left)


# --------------------------------------------------------------------------------------------
# Date helpers

class _Ctx:
    def __init__(self, url: str, lang: str | None, today: date | None, tz: str, base: str = ""):
        self.url = url
        self.base = base or url     # what relative links resolve against
        self.lang = lang
        self.today = today
        self.tz = tz
        self._cache: dict[str, object] = {}

    def find(self, text: str):
        """``find_when`` with a cache; None when no date expression (or the parser fails)."""
        key = "f" + text
        if key not in self._cache:
            try:
                pw = _dates.find_when(text, lang=self.lang, today=self.today, tz=self.tz)
            except Exception:  # a broken date expression must not break a page
                pw = None
            if pw is not None and not _valid_span(pw, text):
                pw = None
            self._cache[key] = pw
        return self._cache[key]

    def parse(self, text: str):
        key = "p" + text
        if key not in self._cache:
            try:
                pw = _dates.parse_when(text, lang=self.lang, today=self.today, tz=self.tz)
            except Exception:
                pw = None
            self._cache[key] = pw
        return self._cache[key]


def _valid_span(pw, text: str) -> bool:
    span = getattr(pw, "span", None)
    if not span:
        return True
    a, b = span
    return 0 <= a < b <= len(text)


def _span_text(pw, text: str) -> str:
    span = getattr(pw, "span", None)
    if span:
        return text[span[0]:span[1]].strip()
    return text.strip()


def _has_time(pw) -> bool:
    return not getattr(pw, "all_day", True) or isinstance(getattr(pw, "start", None), datetime)


def _is_recurring(pw) -> bool:
    return bool(getattr(pw, "rrule", None))


_DEADLINE_RE = re.compile(
    r"\b(senast|sista anmälningsdag|anmäl\w*|viimeistään|ilmoittau\w*|mennessä|deadline|"
    r"register\w*|registration|submitted by|due by|by)\b[^.]*$", re.I)
_TIME_START_RE = re.compile(
    r"^\s*(?:(?:kl|klo|klockan|kello|at)\b\.?\s*)?\d{1,2}(?:[.:]\d{2})?(?:\s*[ap]\.?m\b\.?)?"
    r"(?:\s*(?:[-–—]|till|to)\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[ap]\.?m\b\.?)?)?(?=\s|$)",
    re.I)
_TIME_LABEL_RE = re.compile(r"^\s*(?:tid|klockan|aika|kellonaika|kello|time)\s*:\s*", re.I)


def _time_line(line: str, bare_hour: bool = True) -> str | None:
    """The time a line starts with ("kl. 13–15", "13:00 - 15:00", "Tid: kl. 18"), or None.
    A bare number ("11") counts only with `bare_hour` (a table's time column)."""
    match = _TIME_START_RE.match(_TIME_LABEL_RE.sub("", line, count=1))
    if match is None:
        return None
    tm = match.group(0).strip()
    if not bare_hour and not re.match(r"(?i)(?:kl|klo|klockan|kello|at)\b|\d{1,2}[.:]\d{2}|\d{1,2}\s*[ap]\.?m\b", tm):
        return None
    return tm


_WEEKDAY_PREFIX_RE = re.compile(
    r"^\s*(?:" + "|".join(sorted(map(re.escape, WEEKDAY_WORDS), key=len, reverse=True)) +
    r")\w*\.?,?\s+", re.I)
_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


def _when_fields(pw, when_text: str) -> dict:
    out: dict = {"when_text": when_text}
    out["start"] = pw.start
    if pw.end is not None:
        out["end"] = pw.end
    out["all_day"] = bool(pw.all_day)
    if pw.rrule:
        out["rrule"] = pw.rrule
    exd = list(getattr(pw, "exdates", None) or [])
    if exd:
        out["exdates"] = exd
    if getattr(pw, "rdates", None):
        out["rdates"] = list(pw.rdates)  # "ti 1.12., to 3.12. och ti 8.12."
    if getattr(pw, "also", None):
        # further rules of the event ("mån–tors 9–15, fre 9–13": Friday's own hours)
        out["also"] = [{"start": rule.start, "end": rule.end, "all_day": rule.all_day,
                        "rrule": rule.rrule, "exdates": list(rule.exdates), "rdates": list(rule.rdates)}
                       for rule in pw.also]
    return out


def _is_publication(text: str) -> bool:
    return bool(PUB_TEXT_RE.search(text))


_HOURS_RE = re.compile(r"öppettider|aukioloajat|opening hours|office hours|telefontid|puhelinaika",
                       re.I)
# a section of opening hours or contact details ("Öppettider", "Avvikande öppettider",
# "Aukioloajat tällä viikolla", "Yhteystiedot ja aukioloajat", "Kontakt"): its dates and times
# ("Julafton to 24.12: stängt", "Nyårsafton kl. 10–14", "su 6.12. suljettu") are no events
_HOURS_HEADING_RE = re.compile(r"öppettider|öppethållning|aukiolo|opening (?:hours|times)|office hours|"
                               r"telefontid|puhelinaika|palveluajat|^(?:kontakt|kontakta oss|"
                               r"kontaktuppgifter|kontaktinformation|yhteystiedot|yhteydenotot|"
                               r"contact|contact us|contact information)\b", re.I)
_EVENT_WORD_RE = re.compile(r"evenemang|tapahtum|program|ohjelma|event|aktivitet|toiminta|kurs|kurssi", re.I)
# a title that only says the place is closed or open
_CLOSED_TITLE_RE = re.compile(r"(?:stängt|stängd|suljettu|kiinni|closed|öppet|avoinna|open)\W*", re.I)


def _is_hours_heading(text: str) -> bool:
    text = text.strip()
    return len(text.split()) <= 6 and bool(_HOURS_HEADING_RE.search(text)) and not _EVENT_WORD_RE.search(text)


# "under bibliotekets öppettider", "during opening hours": an exhibition's time, no office's
_DURING_HOURS_RE = re.compile(r"\b(?:under|during|inom|within)\s+(?:[\wåäö]+\s+){0,2}"
                              r"(?:öppettider\w*|opening hours|office hours)", re.I)


# the same patterns over lower-cased text: without re.I they run several times faster
_OFFICE_LOWER_RE = re.compile(OFFICE_RE.pattern)
_OPEN_WORD_LOWER_RE = re.compile(OPEN_WORD_RE.pattern)
_HOURS_LOWER_RE = re.compile(_HOURS_RE.pattern)


def _looks_like_opening_hours(text: str) -> bool:
    text = text.lower()
    if "ppettid" in text or "hours" in text:
        text = _DURING_HOURS_RE.sub(" ", text)
    return bool(_OFFICE_LOWER_RE.search(text) and _OPEN_WORD_LOWER_RE.search(text)) or bool(
        _HOURS_LOWER_RE.search(text))


def _time_in_title(title: str):
    """(cleaned title, (h, m), (h, m) | None, matched text) for a time inside a title."""
    for m in TIME_IN_TITLE_RE.finditer(title):
        h1 = m.group("h1") or m.group("h2") or m.group("h4") or m.group("h5")
        m1 = m.group("m1") or m.group("m2") or "00"
        if h1 is None:
            continue
        h, mi = int(h1), int(m1)
        if h > 24 or mi > 59:
            continue
        ap = m.group("ap1") or m.group("ap2") or m.group("ap4")
        end_ap = m.group("ap3")
        if (ap or end_ap) and h > 12:
            continue
        end = None
        if m.group("h3"):
            eh, em = int(m.group("h3")), int(m.group("m3") or 0)
            if eh <= 24 and em <= 59:
                eh = _dates.to_24h(eh, (end_ap or ap or "").lower() or None)
                end = (eh % 24, em)
                if not ap and end_ap and end_ap.lower() == "p" and h < 12 and h + 12 <= eh:
                    h += 12     # "5–7 pm"; "11–1 pm" stays 11
        h = _dates.to_24h(h, ap.lower() if ap else None)
        cleaned = _strip_seps(_norm_space(title[:m.start()] + " " + title[m.end():]))
        cleaned = re.sub(r"\s+([,;:!?])", r"\1", cleaned)
        return cleaned, (h % 24, mi), end, m.group(0).strip()
    return title, None, None, ""


def _fmt_time(t) -> str:
    return f"{t[0]:02d}.{t[1]:02d}"


# --------------------------------------------------------------------------------------------
# Location, title and description

def find_location(text: str) -> str | None:
    """The place a sentence names: "Plats: …", "i församlingshemmet", "seurakuntakodin salissa"."""
    return _find_location(text) if text else None


_ADDRESS_TOKENS = {"address", "adress", "osoite", "street-address", "streetaddress", "adr",
                   "venue-address", "location-address"}
_PLACE_LABEL_RE = re.compile(r"\s*(?:plats|paikka|tapahtumapaikka|location|venue|where|var|missä|sted|"
                             r"lokal|osoite|adress|address)\s*:?\s*", re.I)
_MAP_TOKENS = {"map", "maplink", "map-link", "karta", "kartta", "google-map"}
_MAP_TAIL_RE = re.compile(r"\s*\(\s*(?:map|kartta|karta)\s*\)\s*$", re.I)
_MAP_WORDS_RE = re.compile(r"\(?\s*(?:map|kartta|karta|google maps|näytä kartalla|visa på karta|"
                           r"show on map|view map)\s*\)?", re.I)


def _place_name(name: str | None) -> str:
    """The name after a place noun ("Sandviken", "i Bennäs"), unless that word is a status,
    a date or a greeting ("i kyrkan INSTÄLLT", "i salen Välkommen!")."""
    word = (name or "").split()[-1:] or [""]
    low = word[0].lower()
    if not low or STATUS_WORD_RE.fullmatch(low) or _is_date_word(low) or low in TITLE_PRONOUNS or \
            word[0].isupper() and len(word[0]) > 1:
        return ""
    return name


def _find_location(text: str, block: Tag | None = None) -> str | None:
    return _location_and_address(text, block)[0]


def _location_and_address(text: str, block: Tag | None = None,
                          phrases: bool = True) -> tuple[str | None, str | None]:
    """(place, address): a block's place element, or the place its text names. A place
    element that holds its venue's name and address apart (The Events Calendar's
    "venue-title" / "venue-address") gives both. Without `phrases`, only a place element or
    a label ("Plats: …") counts, not a place phrase in the text ("i Marthastugan")."""
    if block is not None:
        for el in _tags(block):
            toks = _tokens(el)
            if toks & {"place", "location", "venue", "plats", "paikka", "locality", "where",
                       "event-location", "event-place", "event-venue", "tapahtumapaikka"} or (
                    str(el.get("itemprop") or "").lower() == "location"):
                address = next((_flat(d) for d in _tags(el) if _tokens(d) & _ADDRESS_TOKENS or str(
                    d.get("itemprop") or "").lower() in ("address", "streetaddress")), None)
                whole = _flat(el)
                if address and whole.endswith(address) and len(whole) > len(address):
                    whole = whole[:-len(address)]
                else:
                    address = None
                val = _strip_seps(re.sub(r"^(plats|paikka|location|venue|sted)\s*:\s*", "",
                                         whole, flags=re.I))
                if val and _has_letters(val):
                    return val, address
        # a label beside its value: "<dt>Plats</dt><dd>Malmby folkhus</dd>", "<th>Paikka</th><td>…"
        for el in _tags(block, ("dt", "th")):
            if _PLACE_LABEL_RE.fullmatch(_flat(el)):
                value = el.find_next_sibling(("dd", "td"))
                val = _strip_seps(_flat(value)) if value is not None else ""
                if val and _has_letters(val):
                    return val, None
        # no place element: an address element names the place ("eventlist-meta-address":
        # "Kulturhuset Fyren (map)"), less its map link
        for el in _tags(block):
            if _tokens(el) & _ADDRESS_TOKENS and not _ancestor(el, ("address",)):
                whole = _flat(el)
                for link in _tags(el):
                    if _tokens(link) & _MAP_TOKENS or _MAP_WORDS_RE.fullmatch(_flat(link) or "-"):
                        whole = whole.replace(_flat(link), " ")
                val = _strip_seps(whole)
                if val and _has_letters(val) and len(val.split()) <= 10:
                    return val, None
    m = LABEL_PLACE_RE.search(text) if ":" in text else None
    if m:
        val = _strip_seps(m.group("place"))
        if val and _has_letters(val):
            return val, None
    if not phrases:
        return None, None
    m = SV_PLACE_RE.search(text)
    if m:
        return _strip_seps(m.group("place") + _place_name(m.group("name"))), None
    # (every Finnish place pattern ends in a locative: -ssa/-ssä/-lla/-llä)
    m = (FI_NAMED_PLACE_RE.search(text) or FI_PLACE_RE.search(text)) if "ss" in text or "ll" in text else None
    if m:
        return _strip_seps(m.group("place")), None
    return None, None


# what follows a title after a comma without being part of it: a registration note
# ("ilmoittautumiset 7.12. mennessä", "anmälan senast 1.12") or a price
_NOTE_TAIL_RE = re.compile(r"^(?:ilmoittau\w*|ilm\.|anmäl\w*|registration|register\w*|sign up|"
                           r"hinta|pris|avgift|price|fee|maksu|liput|biljett\w*|tickets?)\b", re.I)
# a meeting point named after a comma: "lähtö kirjaston pihalta", "start vid torget"
_MEETING_POINT_RE = re.compile(r"^(?:lähtö|lähtöpaikka|kokoontuminen|start|samling|"
                               r"samlingsplats|meeting point|meet at)\b", re.I)
_SENTENCE_END_RE = re.compile(r"(?<=[a-zåäöéü)\"”])[.!?]\s+(?=[A-ZÅÄÖÉÜ0-9])")


# "Bäckvägen 3", "Kirkkotie 4 B", "Storgatan 12"
_STREET_ADDRESS_RE = re.compile(r"[A-ZÅÄÖ][\wåäö\-]*(?:vägen|väg|gatan|gata|gränd|gränden|stigen|"
                                r"tie|tien|katu|kadun|kuja|polku|raitti|street|st\.|road|rd\.)"
                                r"\s+\d+(?:\s?[A-Za-z])?")


def _split_title_line(title: str) -> tuple[str, str | None, str]:
    """(title, place, the rest) of a listing line's text once the date is taken out:
    "Diakonialounas, seurakuntatalo. Hinta 5 €." -> ("Diakonialounas", "seurakuntatalo",
    "Hinta 5 €."). The title is the line's first sentence; a registration note or price after
    a comma is not part of it."""
    parts = _SENTENCE_END_RE.split(title, maxsplit=1)
    title, rest = _strip_seps(parts[0]), (parts[1].strip() if len(parts) > 1 else "")
    if "," in title:
        head, tail = title.rsplit(",", 1)
        tail = tail.strip()
        if head.strip() and _NOTE_TAIL_RE.match(tail):
            title, rest = _strip_seps(head), " ".join(x for x in (tail, rest) if x)
    title, place = _split_trailing_place(title)
    if place is None:
        title, note = _split_note_tail(title)
        if note:
            rest = " ".join(x for x in (note, rest) if x)
    return title, place or _trailing_place_of(rest), rest


def _split_note_tail(title: str) -> tuple[str, str]:
    """(title, the note after it): "Julbasar i Skolan, försäljning av bröd och handarbete" ->
    ("Julbasar i Skolan", "försäljning av bröd och handarbete"). A clause of small letters
    after a title of two words or more, and no place, tells about the event; a title of one
    word before the comma is a list ("Bingo, kaffe och lotteri") and stays whole."""
    if "," not in title:
        return title, ""
    head, tail = (x.strip() for x in title.split(",", 1))
    if len(head.split()) < 2 or len(tail.split()) < 2 or not tail[:1].islower() or \
            not _has_letters(head) or _split_trailing_place("Title, " + tail)[1] is not None:
        return title, ""
    return _strip_seps(head), tail


def _trailing_place_of(text: str) -> str | None:
    """The place that ends the one sentence after a title: "Gäst: Folkhälsans hälsovårdare,
    Föreningslokalen" -> "Föreningslokalen" (a capitalised name of a few words after the last
    comma; "Lämna in gamla böcker, ta med nya hem" has none)."""
    text = (text or "").strip().rstrip(". ")
    if not text or "," not in text or _SENTENCE_END_RE.search(text):
        return None
    tail = text.rsplit(",", 1)[1].strip()
    if not tail[:1].isupper() or len(tail.split()) > 3:
        return None
    return _split_trailing_place("Title, " + tail)[1]


# a person's part in Finnish ("vetäjänä kanttori Mari Hietala", "solistina Anna Ek",
# "orkesterina Tahti-Veikot"): a word in the essive case leads no place
_ROLE_ESSIVE_RE = re.compile(r"[a-zåäö]+(?:na|nä)\s", re.I)


def _split_trailing_place(title: str) -> tuple[str, str | None]:
    """"Joulumyyjäiset, seurakuntakoti" -> ("Joulumyyjäiset", "seurakuntakoti"); "Hartaus
    palvelukeskus Ainolassa" -> ("Hartaus", "palvelukeskus Ainolassa"): a place written beside
    the title as a noun of its own. A place the title's own words lead to stays in the title,
    as in Swedish ("Joulujuhla seurakuntatalolla", "Julbasar i Marthastugan")."""
    if "," not in title and re.search(r"\s[–—]\s", title):
        # "Sopplunch / Keittolounas – Församlingscentret": a place after a spaced dash
        *head, tail = re.split(r"\s[–—]\s", title)
        split = _split_trailing_place(" – ".join(head) + ", " + tail)
        if split[1] is not None:
            return split
    if "," not in title:
        named = FI_NAMED_PLACE_RE.search(title)
        if named and named.end() == len(title.rstrip(" .")) and _has_letters(title[:named.start()]):
            return _strip_seps(title[:named.start()]), named.group("place")
        return title, None
    head, tail = title.rsplit(",", 1)
    tail = _strip_seps(tail)
    head = _strip_seps(head)
    if head and tail and len(tail.split()) <= 4 and _has_letters(tail) and \
            not _ROLE_ESSIVE_RE.match(tail):
        # "seurakuntakoti", "Esimerkkilän kirkko", "nuorisotila Kellari", "start vid torget"
        if any(PLACE_NOUN_RE.search(word) for word in tail.split()) or FI_PLACE_RE.search(tail) \
                or SV_PLACE_RE.search("i " + tail) or _MEETING_POINT_RE.match(tail) or \
                _STREET_ADDRESS_RE.fullmatch(tail):
            return head, tail
    return title, None


def _clean_title(raw: str, when_text: str = "") -> str:
    t = _norm_space(raw)
    if when_text and when_text in t:
        t = t.replace(when_text, f" {_when_leftover(when_text)} ")
    t, _s, _e, _m = _time_in_title(t) if _has_letters(t) else (t, None, None, "")
    t = _strip_seps(t)
    if not t or not _has_letters(t) or _only_date_words(t):
        return ""
    return t


def _title_around_when(line: str, when_text: str) -> str:
    """The title of a line that holds the date: "Kuntosali maanantaisin klo 9–10 Urheilutalolla"
    is "Kuntosali" (the words after the date name the place, read by `_find_location`), else
    the line without its date ("ke 9.12. klo 13 Joulujuhla" -> "Joulujuhla")."""
    if when_text and when_text in line:
        before, after = line.split(when_text, 1)
        after = _strip_seps(after)
        if after and _has_letters(_strip_seps(before)) and _is_place_phrase(after):
            title = _clean_title(before)
            if title:
                return title
    return _clean_title(line, when_text)


_META_SEPARATOR_RE = re.compile(r"\s+[|·•—–]\s+|\s+-\s+")
_NOT_A_PLACE_RE = re.compile(r"€|\b(?:maksuton|ilmainen|vapaa pääsy|gratis|avgiftsfri|fritt inträde|"
                             r"fri entré|entré|inträde|pääsymaksu|"
                             r"free|admission|tervetuloa|välkommen|welcome)\b", re.I)


def _place_beside_when(text: str, title: str, when_text: str) -> str | None:
    """The place a card's date line names beside the date or title: "Ti 8.12.2026 klo 11–13 |
    Palvelukeskus Koivukoti", "Onsdag 9.12.2026 kl. 14–15.30, Servicehuset Solgården",
    "Tue 8 Dec, 10:00 Chair yoga — Community hall". Only a short name set off by a separator
    counts; a sentence, a price or a date does not."""
    line = next((line for line in text.split("\n") if when_text and when_text in line), "")
    written = when_text
    if not line:
        # the date apart from its time line ("ons 9.12" / "kl. 19.00 · Korsbacka kyrka")
        for candidate in text.split("\n"):
            tm = _time_line(candidate, bare_hour=False)
            if tm and when_text.endswith(tm.split()[-1]):
                line, written = candidate, tm
                break
    if not line:
        return None
    before, after = line.split(written, 1)
    head, comma, tail = after.partition(",")
    if after.lstrip().startswith(","):
        candidates = [after.lstrip()[1:]]
    elif comma and _only_date_words(head):
        # "Fredag 18.12 kl. 19.00 och lördag 19.12 kl. 15.00, Närby teater"
        candidates = [tail]
    else:
        rest = (before + " " + after).replace(title, " ", 1) if title else before + " " + after
        candidates = _META_SEPARATOR_RE.split(" " + rest + " ")[1:] if _META_SEPARATOR_RE.search(
            line) else []
    lead = _strip_seps(before)
    if lead and lead != title and 1 <= len(lead.split()) <= 4 and PLACE_NOUN_RE.search(lead.split()[-1]) and \
            not any(w.lower() in PROSE_VERBS or w.lower() in ("i", "på", "vid", "at", "in") for w in lead.split()):
        # a place that leads the line before its date: "Stadsbibliotekets utställningshall 7.1–27.2.2027"
        candidates.append(lead)
    for cand in candidates:
        cand = _strip_seps(cand)
        words = cand.split()
        if not cand or not 1 <= len(words) <= 5 or not (
                cand[0].isupper() or any(PLACE_NOUN_RE.search(w) for w in words)) or \
                _NOT_A_PLACE_RE.search(cand) or _SENTENCE_END_RE.search(cand) or \
                re.search(r"\d{1,2}[.:/]\d", cand):
            continue
        return cand
    return None


def _title_before_place(title: str, place: str | None) -> str:
    """A line of facts set off by dots or bars gives its title before the place: "Dec 13 ·
    16:00 · Christmas show rehearsal · Vaasa Ice Hall, rink 2" (the place from its element)."""
    if not place:
        return title
    parted = re.match(r"(.+?)\s+[·•|–—]\s+" + re.escape(place) + r"\W*$", title)
    if parted and _has_letters(parted.group(1)):
        return _strip_seps(parted.group(1))
    return title


def _place_under_when(text: str, when_text: str, title: str) -> tuple[str | None, str | None]:
    """(place, address) a card writes on the line under its date line: "Onsdag kl. 10.00–11.00"
    / "Närpes idrottshall", "Måndag kl. 17.30" / "Folkhälsanhuset, Närpesvägen 5". Only a short
    name with a place noun or a street address counts, not a subtitle or a sentence."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    at = next((n for n, line in enumerate(lines) if when_text and when_text in line), None)
    if at is None:      # a date badge and a time line, joined ("9 DEC Onsdag kl. 10.00")
        at = next((n for n, line in enumerate(lines) if len(line) > 4 and line in when_text), None)
    if at is None or at + 1 >= len(lines) or _clean_title(lines[at], when_text):
        return None, None
    cand = lines[at + 1]
    if cand == title:
        return None, None
    return _place_name_and_address(cand)


def _place_name_and_address(cand: str) -> tuple[str | None, str | None]:
    """(place, address) of a short text that is nothing but a place's name: a few words with a
    place noun ("Närpes idrottshall", "Seuratalo"), or a name and its street address
    ("Marttatupa, Kirkkotie 4"); (None, None) for a subtitle, a note or a sentence."""
    cand = cand.strip()
    if not cand[:1].isupper() or len(cand.split()) > 6 or \
            _SENTENCE_END_RE.search(cand + " X") or _NOT_A_PLACE_RE.search(cand):
        return None, None
    name, _comma, street = (x.strip() for x in cand.partition(","))
    if street and _STREET_ADDRESS_RE.fullmatch(street):
        return name, street
    if re.search(r"\d", cand) and not _STREET_ADDRESS_RE.search(cand):
        return None, None
    if any(PLACE_NOUN_RE.search(word.strip(".,;:()")) for word in cand.split()) or \
            _STREET_ADDRESS_RE.fullmatch(cand):
        return cand, None
    return None, None


def _is_place_phrase(text: str) -> bool:
    """"Urheilutalolla", "i Föreningshuset", "seurakuntakodin salissa": nothing but a place."""
    for regex in (SV_PLACE_RE, FI_PLACE_RE):
        match = regex.search(text)
        if match and match.start() == 0 and match.end() >= len(text.rstrip(".")):
            return True
    return False


def _own_subject(sentence: str, pw, heading: str) -> str:
    """The subject of a sentence that names its activity ("Kyrkokören övar onsdagar …").

    Under a section heading such as "Musik", that subject names the activity better than the
    heading. When one word contains the other ("Joulukonsertti" / "Konsertti alkaa …"), the
    heading is the fuller name and is kept (returns "").
    """
    span = getattr(pw, "span", None)
    if not span:
        return ""
    before = _strip_seps(sentence[:span[0]])
    words = before.split()
    if len(words) < 2 or words[-1].lower().strip(",.") not in PROSE_VERBS:
        return ""
    subject = _prose_title(before)
    low_subject, low_heading = subject.lower(), heading.lower()
    if not subject or low_subject in low_heading or low_heading in low_subject:
        return ""
    return subject


_CONJUNCTION_RE = re.compile(r"\s+(?:ja|sekä|och|samt|and)\s+", re.I)


def _prose_title(before: str) -> str:
    """Title from the text before a date expression in a sentence."""
    t = _strip_seps(before)
    label, colon, rest = t.partition(":")
    if colon and rest.strip() and _only_date_words(label):     # "Viikoittain: Kuntosali"
        t = _strip_seps(rest)
    # last sentence only
    t = re.split(r"(?<=[a-zåäö\)][.!?])\s+", t)[-1]
    words = t.split()
    # drop trailing verbs / fillers ("Seniorträffen samlas" -> "Seniorträffen")
    while words and (words[-1].lower().strip(",.") in PROSE_VERBS
                     or words[-1].lower().strip(",.") in FILLER_WORDS):
        words.pop()
    # "äger rum", "takes place"
    t = _strip_seps(" ".join(words))
    t = re.sub(r"\s+(äger|takes)$", "", t)
    if not t or not _has_letters(t):
        return ""
    if len(t.split()) > 8:
        return ""
    if t.split()[0].lower() in TITLE_PRONOUNS:
        return ""
    return t


def _block_title(block: Tag, when_text: str, ctx: _Ctx | None = None
                 ) -> tuple[str, Tag | None]:
    """Title text and the element it came from."""
    candidates: list[Tag] = []
    candidates += _tags(block, HEADINGS)
    for el in _tags(block):
        toks = _tokens(el)
        if toks & {"title", "name", "heading", "summary", "otsikko", "rubrik", "event-title",
                   "entry-title", "headline"} or str(el.get("itemprop") or "") == "name":
            candidates.append(el)
    candidates += [a for a in _tags(block, ("a",)) if a.get("href")]
    candidates += _tags(block, ("strong", "b"))
    for el in candidates:
        raw = _flat(el)
        if ctx is not None:
            pw = ctx.find(raw)
            if pw is not None and getattr(pw, "span", None):
                a, b = pw.span
                # a holiday's or weekday's name in a title ("Itsenäisyyspäivän juhla") is
                # part of it; a date written in numbers or a series ("varje tisdag") is not
                if pw.rrule or re.search(r"\d", raw[a:b]):
                    raw = raw[:a] + " " + raw[b:]
        t = _clean_title(raw, when_text)
        if t and len(t) >= 2:
            return t, el
    return "", None


_READ_MORE_RE = re.compile(r"läs mer|mer info|lue lisää|lisätiedot|lisätietoja|read more|"
                           r"more info|details|detaljer|till evenemanget|tapahtumaan|"
                           r"anmäl|ilmoittaudu|register", re.I)


def _block_link(block: Tag, title_el: Tag | None, ctx: _Ctx) -> str:
    a = None
    if title_el is not None:
        a = title_el if title_el.name == "a" and title_el.get("href") else next(
            (x for x in _tags(title_el, ("a",)) if x.get("href") is not None), None) or next(
            (x for x in _ancestors(title_el) if x.name == "a" and x.get("href") is not None), None)
    if a is None and block.name == "a" and block.get("href"):
        a = block
    if a is None:
        # another link only when it names the event or says "read more"
        title = _flat(title_el).casefold() if title_el is not None else ""
        for x in (a for a in _tags(block, ("a",)) if a.get("href") is not None):
            if _DOCUMENT_RE.search(str(x.get("href")).split("?")[0]):
                continue
            xt = _flat(x).casefold()
            if (title and xt and (xt in title or title in xt)) or _READ_MORE_RE.search(xt):
                a = x
                break
    if a is not None:
        href = str(a.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "mailto:", "tel:")) and \
                href != "#":
            return urljoin(ctx.base, href)
    anchor = block.get("id") if isinstance(block, Tag) else None
    if not anchor and title_el is not None:
        anchor = title_el.get("id")
    if anchor:
        return ctx.url.split("#")[0] + "#" + str(anchor)
    return ctx.url


def _description(text: str, *remove: str, title: str = "") -> str:
    """The block's remaining text: lines that only repeat the title, the date or the place
    are dropped; other lines are kept whole (no holes cut into sentences), except a card's
    summary line that runs title, subtitle, time and place together (`_card_line_rest`)."""
    out = []
    remove = tuple(sorted((r for r in remove if r), key=len, reverse=True))  # the date before a title inside it
    for line in _joined_facts(text.split("\n")):
        if _READ_MORE_LINE_RE.match(line) or _EXPORT_LINE_RE.match(line):
            continue
        if title:
            line = _card_line_rest(line, title, remove)
            line = _headline_rest(line, title, remove)
        rest = line
        for r in remove:
            if r:
                rest = rest.replace(r, " ")
        rest = _strip_seps(rest)
        unlabelled = _strip_seps(_LABEL_PREFIX_RE.sub("", rest, count=1))   # "Tid: kl. 18–19"
        if not rest or not _has_letters(rest) or _only_date_words(rest) or \
                _LABEL_ONLY_RE.match(rest) or not unlabelled or _only_date_words(unlabelled):
            continue
        line = _norm_space(line).lstrip(SEP_CHARS).rstrip(" \t-–—:;,|/·•")
        if line:
            out.append(line)
    return "\n".join(out).strip()


# a fact's label on a line of its own, its value on the next (<dt>Pris</dt><dd>8 €</dd>)
_FACT_LABEL_RE = re.compile(r"(?:pris|priser|hinta|price|avgift|maksu|arrangör|arrangörer|järjestäjä|"
                            r"organi[sz]er|anmälan|ilmoittautuminen|lisätiedot|kontakt|yhteyshenkilö|"
                            r"contact|målgrupp|kohderyhmä|ålder|ikä)\s*:?", re.I)


def _joined_facts(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and _FACT_LABEL_RE.fullmatch(out[-1].strip()) and line.strip():
            out[-1] = f"{out[-1].strip().rstrip(':')}: {line.strip()}"
        else:
            out.append(line)
    return out


# a link's words on a line of their own: "Läs mer", "Lue lisää", "Läs mer om Julmarknad på torget"
_READ_MORE_LINE_RE = re.compile(r"^\s*(?:läs mer|lue lisää|lisätietoja|lisätiedot|read more|more info|"
                                r"mer info|visa mer|näytä lisää|show more|view event|view details|"
                                r"see event|learn more|visa evenemanget|katso tapahtuma)\b(?:\W*$|\s+(?:om|about|"
                                r"aiheesta)\b|[^.!?]{0,60}$)", re.I)
# a calendar's export links on a line of their own: "Google Calendar ICS", "Lisää kalenteriin"
_EXPORT_LINE_RE = re.compile(r"^(?:[\s|/·,+]*(?:google calendar|google-kalenteri|google|ical|ics|icalendar|"
                             r"outlook(?:\.com)?|office 365|apple|yahoo|add to (?:my )?calendar|"
                             r"lisää kalenteriin|lägg till i (?:min )?kalender|exportera|export|"
                             r"vie kalenteriin))+[\s|/·,]*$", re.I)
_TRAILING_TIME_RE = re.compile(r"\s*(?:kl\.?|klo)?\s*\d{1,2}[.:]\d{2}\s*(?:[-–—]\s*\d{1,2}[.:]\d{2})?\s*$",
                               re.I)


_NEW_SENTENCE_RE = re.compile(r"\s*(?:[|·•—–:-]\s*)?[A-ZÅÄÖÉÜ]")


def _headline_rest(line: str, title: str, repeated: tuple) -> str:
    """What a listing line adds after its date and title: "Lö 5.12 kl 11-15 Julmarknad i
    Byagården, försäljning av bröd" -> "försäljning av bröd" (the line was kept whole, and the
    description repeated the date and the title). Only a line that starts with the date and
    the title, in either order, is cut; a line of nothing more gives ""."""
    for first in (title,) + repeated:
        if not first or not line.startswith(first):
            continue
        rest = line[len(first):].lstrip(" ,;:|·•—–-")
        for second in (title,) + repeated:
            if second and second != first and (first == title) != (second == title) and \
                    rest.startswith(second):
                return rest[len(second):].lstrip(" ,;:|·•—–-.")
    return line


def _card_line_rest(line: str, title: str, repeated: tuple) -> str:
    """What a card's one-line summary adds to its title: "Julpyssel för hela familjen Vi gör
    julkort 13:00 - 16:00 Marthagården" -> "Vi gör julkort". Only a line that starts with the
    title and goes on with a new sentence is such a summary; the time and the place are cut
    from its end only."""
    if not line.startswith(title):
        return line
    rest = line[len(title):]
    if not _NEW_SENTENCE_RE.match(rest):
        return line
    rest = rest.strip(" |·•—–:-")
    changed = True
    while changed and rest:
        changed = False
        for tail in [r for r in repeated if r]:
            if rest.endswith(tail) and len(rest) > len(tail):
                rest, changed = rest[:-len(tail)].rstrip(" ,|·•—–-"), True
        trimmed = _TRAILING_TIME_RE.sub("", rest).rstrip(" ,|·•—–-")
        if trimmed != rest and trimmed:
            rest, changed = trimmed, True
    return rest or line


_LABEL_ONLY_RE = re.compile(r"^(plats|paikka|location|venue|where|sted|tid|aika|time|när|"
                           r"milloin|datum|päivämäärä|date|kl|klo)$", re.I)
_LABEL_PREFIX_RE = re.compile(r"^(tid|aika|time|när|milloin|datum|päivämäärä|päivä|date|when)\s*:\s*",
                              re.I)


def _drop_place_lines(desc: str, location: str | None) -> str:
    """Drop description lines that only repeat the place (or a bare label)."""
    out = []
    for line in desc.split("\n"):
        bare = _strip_seps(line)
        if _LABEL_ONLY_RE.match(bare):
            continue
        if location:
            unl = _strip_seps(re.sub(r"^(plats|paikka|location|venue|where|sted)\s*:?", "",
                                     bare, flags=re.I))
            if unl == location or bare == location or \
                    _strip_seps(_MAP_TAIL_RE.sub("", unl)) == location:     # "Kulturhuset Fyren (map)"
                continue
        out.append(line)
    return "\n".join(out).strip()


_DOCUMENT_RE = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|rtf|zip)(\b|$)", re.I)


def _is_document(title: str, url: str) -> bool:
    """Agenda/minutes files and their links are documents, not events."""
    return bool(_DOCUMENT_RE.search(title) or _DOCUMENT_RE.search(url.split("?")[0]))


def _make_item(title: str, pw, when_text: str, *, url: str, location: str | None,
               description: str | None, extraction: str = "listing") -> dict:
    if title[:1].islower() and not title[1:2].isupper() and not re.match(r"\w*[\d\-.@/]", title):
        # a title in small letters after its date ("Ti 15.12. klo 18 kuorolaulua ja glögiä"):
        # a name begins with a capital ("iPad-kurs", "e-kirjat", "www.…" stay as written)
        title = title[0].upper() + title[1:]
    item: dict = {"title": title, "source_event_id": None}
    if pw is not None:
        item.update(_when_fields(pw, when_text))
    elif when_text:
        item["when_text"] = when_text
    if location:
        item["location"] = location
    if description:
        item["description"] = description
    item["url"] = url
    item["extraction"] = extraction
    return item


def _dedupe(items: list[dict]) -> list[dict]:
    seen = set()
    out = []
    for it in items:
        key = (it.get("title", "").casefold(), str(it.get("start")))
        if key in seen:
            continue
        seen.add(key)
        out.append(it)
    return out


# --------------------------------------------------------------------------------------------
# The heuristic

# where a list of weekly groups says its season, and how long such a text may be
_SEASON_TAGS = set(HEADINGS) | {"p", "caption", "strong", "b"}
_SEASON_TEXT_CHARACTERS = 200


# a day written in digits, not only a year
_WRITTEN_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d{2})(?:\s*[.]\s*\d{1,2}\b|\s*[.]?\s*[^\W\d_]{3,})")


def _section_siblings(el: Tag) -> list[Tag]:
    """The element's neighbours in its own section, nearest first: up to three before it, back
    to the section's heading, then up to two after it, short of the next heading."""
    before = []
    for tag in el.find_previous_siblings(limit=3):
        before.append(tag)
        if tag.name in HEADINGS:
            break
    after = []
    for tag in el.find_next_siblings(limit=2):
        if tag.name in HEADINGS:
            break
        after.append(tag)
    return before + after


def _run_within(item: dict, first_day: date, last_day: date) -> None:
    """The item's rule from its first day in [first_day, last_day] to last_day: its start
    moves there (its length kept) and the rule ends with last_day. So do its further rules
    ("also": Friday's own hours)."""
    from dateutil.rrule import rrulestr

    start = item["start"]
    anchor = datetime.combine(first_day, start.time(), tzinfo=start.tzinfo)
    first = next(iter(rrulestr(item["rrule"], dtstart=anchor, cache=False)), None)
    if first is None or first.date() > last_day:
        return
    until = datetime.combine(last_day, time(23, 59, 59), tzinfo=start.tzinfo)
    until = until.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ") if until.tzinfo \
        else until.strftime("%Y%m%dT%H%M%S")
    if isinstance(item.get("end"), datetime):
        item["end"] = first + (item["end"] - start)
    item["start"] = first
    item["rrule"] = f"{item['rrule']};UNTIL={until}"
    for rule in item.get("also") or []:
        if isinstance(rule.get("start"), datetime) and rule.get("rrule") and "UNTIL=" not in rule["rrule"]:
            _run_within(rule, first_day, last_day)


def _leave_out(item: dict, days: set[date]) -> None:
    """The item's occurrences on these days become its exdates (a break in its season)."""
    from dateutil.rrule import rrulestr

    start = item["start"]
    first = datetime.combine(min(days), time(0), tzinfo=start.tzinfo)
    last = datetime.combine(max(days), time(23, 59, 59), tzinfo=start.tzinfo)
    left_out = [occurrence for occurrence in rrulestr(item["rrule"], dtstart=start, cache=False).between(
        first, last, inc=True) if occurrence.date() in days]
    if left_out:
        item["exdates"] = sorted({*(item.get("exdates") or []), *left_out})


def _signature(el: Tag) -> tuple:
    cls = el.get("class") or []
    if isinstance(cls, str):
        cls = cls.split()
    # a BEM modifier ("event-card--cancelled", "item--exhibition") marks a variant of the
    # same block, not another kind of block
    # a state beside the block's own class marks a variant too: cancelled ("installt",
    # "peruttu", "cancelled"), past, featured, sold out, "is-…", "has-…" ("has-post-thumbnail")
    keep = sorted(c for c in cls if not re.search(r"\d", c) and "--" not in c and c.lower() not in (
        "odd", "even", "first", "last", "active", "current", "selected", "open", "closed",
        "is-active", "is-open", "hidden", "visible", "clearfix", "row", "col", "past", "upcoming",
        "featured", "highlight", "highlighted", "sold-out", "soldout", "full") and
        not CANCEL_CLASS_RE.search(c) and not re.match(r"(?i)(?:is|has)-", c))
    return (el.name, tuple(keep), str(el.get("itemprop") or ""), str(el.get("itemtype") or ""))


class _Heuristic:
    def __init__(self, soup: BeautifulSoup, ctx: _Ctx):
        self.soup = soup
        self.ctx = ctx
        self.body = soup.body or soup
        self.used: set[int] = set()      # id() of elements consumed by a block
        self.items: list[dict] = []
        self._order: dict[int, int] = {}  # id() of element -> place in the document
        self._listed: list[tuple[int, Tag]] = []   # the blocks that gave events, with their places
        self._titled_by_next_line: set[int] = set()   # id() of prose items titled so
        self._headings: list[tuple[int, int, bool]] | None = None   # (place, level, opening hours?)
        self._block_headings: set[int] = set()     # id() of headings inside repeated blocks
        self._marks = _cancel_marks(self.body)      # struck text and cancelled classes
        self._all_headings: list[Tag] | None = None  # every heading, in document order

    def run(self) -> list[dict]:
        self._week_grids()
        blocks = self._repeated_blocks()
        self._block_headings = {id(h) for block in blocks for h in _tags(block, HEADINGS)}
        for block in blocks:
            found = len(self.items)
            if not self._under_hours_heading(block):
                self._emit_block(block)
            else:
                self._mark_used(block)
            if len(self.items) > found:
                self._listed.append((self._order[id(block)], block))
                self._bound_to_season(block, self.items[found:])
        self._definition_lists()
        self._flow()
        return [item for item in self.items if not _CLOSED_TITLE_RE.fullmatch(item.get("title") or "")]

    def _bound_to_season(self, block: Tag, items: list[dict]) -> None:
        """Weekly groups listed without dates ("Tuolijumppa | keskiviikko | klo 9–10") under a
        page that names their season ("Kevät 2027", "Ryhmät alkavat 11.1.2027 ja päättyvät
        30.4.2027"): each runs in that season, not from today on for ever. The season is the
        nearest text around the list that the date reader takes as a series' span; a holiday
        break written there ("Joulutauko 21.12.–6.1.") is no season, its days are left out."""
        open_series = [item for item in items if self._open_series(item)]
        if not open_series:
            return
        read = [(text, *self._season_and_break(text)) for text in self._season_candidates(block)]
        # days written ("11.1.–30.4.2027") say more than a season's conventional days ("kevät
        # 2027": 7.1.–31.5.), wherever the two stand
        windows = [(bool(_WRITTEN_DAY.search(text)), window) for text, window, _days in read if window]
        break_days = next((days for _text, _window, days in read if days), None)
        for item in open_series:
            if windows:
                _run_within(item, *next((window for written, window in windows if written), windows[0][1]))
            if break_days:
                _leave_out(item, break_days)

    def _open_series(self, item: dict) -> bool:
        """A timed repeating item whose text gives no day: read a fortnight later, it starts
        a fortnight later."""
        rule, start = item.get("rrule") or "", item.get("start")
        if not rule or "UNTIL=" in rule or "COUNT=" in rule or not isinstance(start, datetime):
            return False
        fortnight_later = (self.ctx.today or date.today()) + timedelta(days=14)
        try:
            later = _dates.parse_when(item.get("when_text") or "", lang=self.ctx.lang, today=fortnight_later,
                                      tz=self.ctx.tz)
        except _dates.DateParseError:
            return False
        return isinstance(later.start, datetime) and later.start - start >= timedelta(days=7)

    def _season_and_break(self, text: str) -> tuple[tuple[date, date] | None, set[date]]:
        """The first and last day of the season `text` names, if it names one, and the days
        of a break it names ("Joulutauko 21.12.–6.1."): what the date reader makes of a daily
        series said with it."""
        pw = self.ctx.parse(f"every day at 12 ({text})")
        rule = getattr(pw, "rrule", None) or ""
        if not rule.startswith("FREQ=DAILY") or not isinstance(pw.start, datetime):
            return None, set()
        until = re.search(r"UNTIL=(\d{8})", rule)
        window = (pw.start.date(), datetime.strptime(until[1], "%Y%m%d").date()) if until else None
        return window, {day.date() for day in pw.exdates if isinstance(day, datetime)}

    def _season_candidates(self, block: Tag):
        """Short texts that may say a list's season, nearest first: the table's caption, the
        paragraphs and headings beside the list and its containers (before them, then after),
        then the headings of higher rank above it."""
        table = block if block.name == "table" else _ancestor(block, ("table",))
        if table is not None:
            caption = _first(table, ("caption",))
            if caption is not None:
                yield _flat(caption)
        outer = block
        for _ in range(4):
            if outer is self.body or outer.parent is None:
                break
            for tag in _section_siblings(outer):
                if tag.name in _SEASON_TAGS:
                    text = _flat(tag)
                    if 0 < len(text) <= _SEASON_TEXT_CHARACTERS:
                        yield text
            outer = outer.parent
        place = self._order.get(id(block))
        if self._all_headings is None:
            self._all_headings = _tags(self.body, HEADINGS)
        rank = 7
        for heading in reversed(self._all_headings):
            level = int(heading.name[1])
            if place is not None and self._order.get(id(heading), place) < place and level < rank:
                rank = level
                yield _flat(heading)

    def _week_grids(self) -> None:
        """A week's timetable drawn as a grid: a column for each weekday ("Maanantai | Tiistai |
        …"), each cell an activity with its time, title and place ("9.00–10.00 / Kuntosali /
        Urheilutalo"). Every filled cell happens each week on its column's day."""
        for table in _tags(self.body, ("table",)):
            if id(table) in self.used:
                continue
            rows = [tr for tr in _tags(table, ("tr",)) if _ancestor(tr, ("table",)) is table]
            if len(rows) < 2:
                continue
            head = [_flat(cell) for cell in _children(rows[0], ("td", "th"))]
            days = [_dates.weekday_number(text) if len(text.split()) == 1 else None for text in head]
            if sum(day is not None for day in days) < 3 or len({d for d in days if d is not None}) < 3:
                continue
            items = []
            for row in rows[1:]:
                cells = _children(row, ("td", "th"))
                row_time = None
                for column, cell in enumerate(cells):
                    # a time column ("10–11", "kl. 13") gives the row's time
                    tm = _time_line(_flat(cell)) if column < len(days) and days[column] is None else None
                    if tm:
                        row_time = _time_in_title(tm if re.match(r"(?i)kl|at\b", tm) else "kl. " + tm)
                        break
                for column, cell in enumerate(cells):
                    if column < len(days) and days[column] is not None:
                        item = self._grid_cell(cell, days[column], row_time)
                        if item is not None:
                            items.append(item)
            if items:
                self.items.extend(items)
                self._mark_used(table)

    def _grid_cell(self, cell: Tag, weekday: int, row_time) -> dict | None:
        lines = [line for line in _text_lines(cell).split("\n") if _has_letters(line) or _time_line(line)]
        start_t = end_t = None
        rest: list[str] = []
        for line in lines:
            leftover, s, e, _m = _time_in_title(line)
            if start_t is None and s is not None:
                start_t, end_t = s, e
                if _strip_seps(leftover) and not _only_date_words(_strip_seps(leftover)):
                    rest.append(_strip_seps(leftover))
            else:
                rest.append(line)
        if start_t is None and row_time is not None:
            start_t, end_t = row_time[1], row_time[2]
        if start_t is None or not rest:
            return None
        strong = _first(cell, ("strong", "b"))
        title = _flat(strong) if strong is not None and _flat(strong) in rest else rest[0]
        others = [line for line in rest if line != title]
        location = others[0] if others and len(others[0].split()) <= 5 and \
            not _SENTENCE_END_RE.search(others[0]) else None
        description = "\n".join(line for line in others if line != location) or None
        today = self.ctx.today or date.today()
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        pw = _weekly(_combine(_dates.ParsedWhen(start=day, end=None, all_day=True), start_t, end_t, self.ctx.tz))
        when_text = f"{_RRULE_DAYS[weekday]} {_fmt_time(start_t)}"
        return _make_item(title, pw, when_text, url=_block_link(cell, strong, self.ctx),
                          location=location, description=description)

    def _under_hours_heading(self, el: Tag) -> bool:
        """Whether an opening hours or contact section holds the element: its nearest heading
        before it, or a heading of a higher rank over that one (not the page's h1, nor another
        block's own heading: "Hälsostationens öppettider" is one news item's)."""
        if self._headings is None:
            if not self._order:
                self._order = {id(node): i for i, node in enumerate(_tags(self.body))}
            self._headings = [(self._order[id(h)], int(h.name[1]), _is_hours_heading(_flat(h)))
                              for h in _tags(self.body, HEADINGS) if id(h) not in self._block_headings]
        place = self._order.get(id(el))
        if place is None or not any(hours for _at, _level, hours in self._headings):
            return False
        # the headings inside the element's siblings are theirs (a news item's "Hälsostationens
        # öppettider"): the section's are outside them
        siblings = [(self._order.get(id(sib), 0), self._order.get(id(_last_descendant(sib)), 0))
                    for sib in _children(el.parent) if sib is not el and sib.name not in HEADINGS] \
            if el.parent is not None else []
        rank = 7
        for at, level, hours in reversed(self._headings):
            if at >= place or level >= rank or any(first < at <= last for first, last in siblings):
                continue
            if level == 1:
                break
            if hours:
                return True
            rank = level
        return False

    def _definition_lists(self) -> None:
        """`<dl>` programmes: each term with its descriptions is one activity, the date on one
        side and the title on the other ("<dt>Tiistaisin klo 13</dt><dd>Eläkeläisten kerho,
        seurakuntakeskus</dd>", or the title as the term and the date below it)."""
        for dl in _tags(self.body, ("dl",)):
            if id(dl) in self.used:
                continue
            pairs, term = [], None
            for child in _children(dl, ("dt", "dd")):
                if child.name == "dt":
                    term = [child, []]
                    pairs.append(term)
                elif term is not None:
                    term[1].append(child)
            for dt, dds in pairs:
                item = self._term_item(dt, dds)
                if item is not None:
                    self.items.append(item)
                    for el in [dt] + dds:
                        self._mark_used(el)

    def _term_item(self, dt: Tag, dds: list[Tag]) -> dict | None:
        if not dds:
            return None
        if any(self._pub_elements(dd) for dd in dds) or any(
                _is_publication(_flat(dd)) for dd in dds):
            # an article's facts (Joomla's "<dl class="article-info"><dt>Tiedot</dt><dd
            # class="published">Julkaistu: 30.10.2026</dd>"): the page's dates, no activity
            return None
        term, body = _flat(dt), "\n".join(_text_lines(dd) for dd in dds)
        pw = self._find_event_when(term)
        if pw is not None and not _clean_title(term, _span_text(pw, term)):
            when_text = _span_text(pw, term)
            first, _, rest = body.partition("\n")
            title, place, extra = _split_title_line(first)
            description = "\n".join(x for x in (extra, rest) if x)
        elif pw is None:
            pw = self._find_event_when(body.split("\n")[0])
            if pw is None:
                return None
            when_text, title, place = _span_text(pw, body.split("\n")[0]), _clean_title(term), None
            description = _description(body, when_text)
        else:
            return None     # a term with its own title and date: read as prose, if at all
        if not title or not (_has_time(pw) or _is_recurring(pw) or pw.end is not None) or \
                _looks_like_opening_hours(term + " " + body):
            return None
        location = place or _find_location(body, None)
        return _make_item(title, pw, when_text, url=_block_link(dds[0], None, self.ctx),
                          location=location, description=_drop_place_lines(description, location) or None)

    # ---- publication dates ------------------------------------------------------------

    def _pub_elements(self, block: Tag) -> list[Tag]:
        out = []
        for el in [block] + _tags(block):
            ident = _classes_and_id(el)
            itemprop = str(el.get("itemprop") or "").lower()
            if itemprop in PUB_ITEMPROP or PUB_CLASS_RE.search(ident):
                out.append(el)
            elif el.name == "time" and re.search(r"entry|post|publish", ident, re.I):
                out.append(el)
            elif el.name in ("p", "span", "div", "time", "small", "em", "li") and \
                    _is_publication(next(el.stripped_strings, "")) and \
                    _is_publication(_flat(el)) and len(_flat(el)) < 80:
                # (the first string tells cheaply whether the text can start with "Publicerad")
                out.append(el)
        return out

    def _dated_text(self, block: Tag) -> tuple[str, object, bool]:
        """(text without publication dates, ParsedWhen|None, is_news) of a block."""
        pubs = self._pub_elements(block)
        text = _text_lines(block)
        for p in pubs:
            ptxt = _text_lines(p)
            if ptxt:
                text = text.replace(ptxt, "\n", 1)
        is_news = bool(pubs) or bool(_news_class(block) and not _eventish(block))
        text = "\n".join(line for line in text.split("\n") if line.strip() and
                         not COPYRIGHT_RE.search(line))
        pw, when_text = self._first_when(text)
        if is_news and not pubs and _news_class(block) == "weak" and pw is not None and \
                (_has_time(pw) or _is_recurring(pw)):
            is_news = False
        return text, (pw, when_text), is_news

    def _with_time_line(self, pw, when_text: str, later: list[str]):
        """(ParsedWhen, when text) of a date and the time its block gives on a later line.

        Cards and tables put the date and the time in separate elements ("Ti 3.2.2026" /
        "kl. 13.00", "8.12." / title / "klo 17–18 Pääkirjasto", "Datum: …" / "Tid: …"). The
        line right after the date may give a bare hour (a time column: "11"); further lines
        need a clock time ("kl. 13", "13.30"), and a line with a date of its own ends the search."""
        for number, line in enumerate(later):
            tm = _time_line(line, bare_hour=number == 0)
            if tm is None:
                other = self.ctx.find(line)
                if other is not None and _as_date(other.start) != _as_date(pw.start):
                    return None     # another day's date (not the day's name: "Itsenäisyyspäivän messu")
                continue
            joined = f"{when_text} {tm}" if re.match(r"(?i)kl|at\b", tm) or re.search(r"(?i)\d\s*[ap]\.?m\b", tm) \
                else f"{when_text} kl. {tm}"
            timed = self.ctx.parse(joined)
            if timed is not None and not timed.all_day and _as_date(timed.start) == _as_date(pw.start):
                return timed, joined
            return None
        return None

    def _badge_day(self, pw, when_text: str, before: list[str]):
        """(ParsedWhen, when text) of a card's date badge and the weekday and time written
        below it, or None. A badge splits its day and month over short lines ("9" / "DEC",
        "05" / "December" / "Lördag") and the card's time line names only the weekday ("Onsdag
        / keskiviikko kl. 10.00–11.00"): read alone, that line is a weekly series (or the next
        such weekday); with the badge it is the badge's day, when the weekdays agree."""
        short = [line.strip() for line in before if 0 < len(line.strip()) <= 12]
        if not short or not any(re.fullmatch(r"\d{1,2}\.?", line) for line in short):
            return None
        day_pw = self.ctx.find(" ".join(short))
        if day_pw is None:
            return None
        return self._day_at_weekday_time(day_pw, " ".join(short), pw, when_text)

    def _day_at_weekday_time(self, day_pw, day_text: str, pw, when_text: str):
        """(ParsedWhen, when text) of a day (a badge's "DEC 12", a date line's "12.12.") at the
        time of a line that names only its weekday ("Saturday, 11 am", "Onsdag kl. 10"), when
        the weekdays agree; None otherwise (the line gives a date of its own, another weekday,
        or the day is no single day)."""
        words = re.findall(r"\w+", when_text.lower())
        if _DAY_MONTH_RE.search(when_text) or _YEAR_RE.search(when_text) or any(
                w in MONTH_ABBREVIATIONS or any(w.startswith(m) for m in MONTHS) for w in words):
            return None     # the line gives a date of its own
        if pw.rrule and not re.fullmatch(r"FREQ=WEEKLY;BYDAY=[A-Z]{2}", pw.rrule):
            return None
        if not pw.rrule and not _WEEKDAY_PREFIX_RE.match(when_text + " "):
            return None     # not a weekday's name ("kl. 18", "julafton")
        if day_pw.rrule or not day_pw.all_day:
            return None
        day = _as_date(day_pw.start)
        if day is None or (day_pw.end is not None and _as_date(day_pw.end) != day):
            return None
        weekday = _RRULE_DAYS[_as_date(pw.start).weekday()]
        if pw.rrule and not pw.rrule.endswith("=" + weekday):
            return None
        if _RRULE_DAYS[day.weekday()] != weekday:
            return None
        if pw.all_day:
            return day_pw, day_text
        start_t = (pw.start.hour, pw.start.minute)
        end_t = (pw.end.hour, pw.end.minute) if isinstance(pw.end, datetime) else None
        new = _combine(day_pw, start_t, end_t, self.ctx.tz)
        new.rrule = None
        return new, f"{day_text} {when_text}"

    def _first_when(self, text: str):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if COPYRIGHT_RE.search(line) or _is_publication(line):
                continue
            pw = self._find_event_when(line)
            if pw is not None:
                when_text = _span_text(pw, line)
                badged = self._badge_day(pw, when_text, lines[:i])
                if badged is not None:
                    if badged[0].all_day and not badged[0].rrule:
                        # "05" / "December" / "Lördag" / title / place / "10:00 - 13:00"
                        timed = self._with_time_line(badged[0], badged[1], lines[i + 1:i + 6])
                        if timed is not None:
                            return timed
                    return badged
                if pw.all_day and not pw.rrule:
                    # a later line may give the same day with a time ("Friday, January 12,
                    # 2024 at 10:00 a.m." under a heading "Meeting - January 12, 2024")
                    for later in lines[i + 1:i + 8]:
                        if _is_publication(later):
                            continue
                        pw3 = self.ctx.find(later)
                        if pw3 is not None and not pw3.all_day and not pw3.rrule and \
                                _as_date(pw3.start) == _as_date(pw.start):
                            return pw3, _span_text(pw3, later)
                        if pw3 is not None and not pw3.all_day:
                            # "DEC 12" / title / "Saturday, 11 am": the weekday's time that day
                            timed = self._day_at_weekday_time(pw, when_text, pw3, _span_text(pw3, later))
                            if timed is not None:
                                return timed
                if pw.all_day:
                    # "Date: Every Wednesday" / "Time: 10am – 11.30am" too
                    timed = self._with_time_line(pw, when_text, lines[i + 1:i + 6])
                    if timed is not None:
                        return timed
                return pw, when_text
        # date split over lines ("Ti 8.12." / "klo 18")
        joined = " ".join(text.split("\n"))
        if len(joined) < 400:
            pw = self.ctx.find(joined)
            if pw is not None:
                return pw, _span_text(pw, joined)
        return None, ""

    # ---- repeated blocks ---------------------------------------------------------------

    def _repeated_blocks(self) -> list[Tag]:
        groups: list[tuple[Tag, list[Tag], list[Tag]]] = []   # parent, members, dated
        self._block_info: dict[int, tuple] = {}
        for parent in [self.body] + _tags(self.body):    # (cards may sit right in <body>)
            kids = [c for c in _children(parent)
                    if c.name in BLOCK_CANDIDATES or (c.name == "a" and _is_card_link(c))]
            if len(kids) < 2:
                continue
            by_sig: dict[tuple, list[Tag]] = {}
            for k in kids:
                by_sig.setdefault(_signature(k), []).append(k)
            for sig, members in by_sig.items():
                if len(members) < 2:
                    continue
                if sig[0] == "p" and not sig[1]:
                    continue   # plain paragraphs are prose, handled in the flow
                if sig[0] == "div" and not sig[1] and not all(
                        _first(m, HEADINGS + ("a", "strong", "b")) for m in members):
                    continue
                dated = []
                for m in members:
                    info = self._info(m)
                    if info[1][0] is not None and not info[2]:
                        dated.append(m)
                if len(dated) >= 2 and len(dated) * 2 >= len(members):
                    groups.append((parent, members, dated))
                elif len(dated) == 1 and len(members) <= 3 and _eventish(dated[0]):
                    groups.append((parent, members, dated))
        if not groups:
            return []
        # A group whose members each hold >=2 dated members of another group is a container.
        member_ids = {id(g): {id(m) for m in g[2]} for g in groups}
        keep = []
        for g in groups:
            container = False
            for h in groups:
                if h is g:
                    continue
                for m in g[2]:
                    inner = [d for d in h[2] if _is_inside(d, m)]
                    # several inner blocks on different days: m is a container (a month, a
                    # list); inner blocks repeating m's own date are its parts (attachments)
                    days = {_as_date(self._info(d)[1][0].start) for d in inner}
                    if len(inner) >= 2 and len(days) >= 2:
                        container = True
                        break
                if container:
                    break
            if not container:
                keep.append(g)
        # Drop groups nested inside kept blocks (the outer block is the event).
        result: list[Tag] = []
        kept_members = [m for g in keep for m in g[2]]
        nested = _nested_in_others(kept_members)
        for g in keep:
            for m in g[2]:
                if id(m) in nested:
                    continue
                result.append(m)
        del member_ids
        # document order
        tree = _index()
        order = tree.start if tree is not None and tree.tags and tree.tags[0] is self.body else \
            {id(el): i for i, el in enumerate(_tags(self.body))}
        self._order = order
        result.sort(key=lambda el: order.get(id(el), 0))
        return result

    def _info(self, el: Tag):
        key = id(el)
        if key not in self._block_info:
            self._block_info[key] = self._dated_text(el)
        return self._block_info[key]

    def _emit_block(self, block: Tag) -> None:
        text, (pw, when_text), is_news = self._info(block)
        self._mark_used(block)
        if pw is None or is_news:
            return
        if _looks_like_opening_hours(text):
            return
        pw = self._machine_time(block, pw)
        if block.name != "tr" and (self._day_block(block, text, pw, when_text) or self._paragraphs_block(block)):
            return
        if block.name == "tr":
            item = self._row_item(block, text, pw, when_text)
        else:
            if not pw.rrule and block.parent is not None and self._is_weekly_list(block.parent):
                pw = _weekly(pw)
            title, title_el = _block_title(block, when_text, self.ctx)
            if not title:
                # text before the date expression, else the first line that is not the date
                title = ""
                for line in text.split("\n"):
                    cand = _title_around_when(line, when_text)
                    if cand:
                        title = cand
                        break
                title_el = None
            if not title and pw.rrule and EXCEPTION_TAIL_RE.search(when_text):
                # the date's text runs over the title to the series' exceptions ("Tiistaisin
                # klo 10–11 vesijumppa uimahallilla (ei 22.12. ja 29.12.)"): the title is
                # around the date without them (their dates stay excluded)
                bare = EXCEPTION_TAIL_RE.sub("", when_text)
                short = self.ctx.find(bare)
                if short is not None and short.rrule == pw.rrule:
                    title = _title_around_when(bare, _span_text(short, bare))
            if not title:
                return
            # a place element or label, else the place written beside the title or the date
            # ("Torsdag 10 december kl. 13.00 · Korsholms bibliotek"), before a place phrase
            # the text names further on ("… förebygger fall i hemmet")
            location, address = _location_and_address(text, block, phrases=False)
            if title_el is None:
                title = _title_before_place(title, location)
            title, tail_place, _rest = _split_title_line(title)
            if not title:
                return
            if not location:
                location = tail_place or _place_beside_when(text, title, when_text)
            if not location:
                location, address = _place_under_when(text, when_text, title)
            if not location:
                location, address = _location_and_address(text, block)
            url = _block_link(block, title_el, self.ctx)
            desc = _description(text, title, when_text, tail_place or "", location or "",
                                address or "", title=title)
            desc = _drop_place_lines(desc, location)
            tags = self._tag_words(block)
            if tags:
                # a card's tag list ("Musik", "Alla åldrar") is its categories, not its text
                desc = "\n".join(line for line in desc.split("\n") if line not in tags)
            item = _make_item(title, pw, when_text, url=url, location=location,
                              description=desc or None)
            if address:
                item["address"] = address
            if tags:
                item["categories"] = tags
        if item and not _is_document(item["title"], item["url"]):
            if _cancelled(block, self._marks, text):
                item["status"] = "cancelled"
                if item.get("description"):
                    item["description"] = "\n".join(
                        line for line in item["description"].split("\n") if not _is_status_line(line)) or None
            self.items.append(item)

    def _paragraphs_block(self, block: Tag) -> bool:
        """A block holding several paragraphs, each an event with its own day and time (a site
        builder's text module: "<div class="j-text"><p>Tisdag 8 december kl 18.30 Julpyssel …
        </p><p>Lördag 19 december kl 11–14 Julmarknad …</p></div>"), and no heading of its own:
        each paragraph is read as prose (only the first was read, the others its description)."""
        paragraphs = [p for p in _tags(block, ("p", "li")) if not _first(p, ("p", "li", "div"))]
        if len(paragraphs) < 2 or _first(block, HEADINGS) is not None:
            return False
        days = set()
        for p in paragraphs:
            pw = self._find_event_when(_flat(p))
            if pw is not None and (_has_time(pw) or _is_recurring(pw)):
                days.add(str(pw.start))
        if len(days) < 2:
            return False
        for p in paragraphs:
            self._prose(p)
        return True

    def _day_block(self, block: Tag, text: str, pw, when_text: str) -> bool:
        """A block that is one day of a programme ("<div class="day"><h2>Måndag 7.12</h2>
        <ul><li>kl. 13.00 Symöte</li><li>kl. 18.30 Körövning</li></ul>"): nothing but the
        day's date and two or more lines led by a time. Each line is an event of that day."""
        if pw.rrule:
            return False
        timed, day = 0, None
        for line in text.split("\n"):
            if _time_line(line, bare_hour=False):
                timed += 1
                continue
            if day is not None or not _only_date_words(line):
                return False
            day = self.ctx.find(line)
            if day is None or day.rrule or not day.all_day:
                return False
            day = (_span_text(day, line), day, 0)
        if timed < 2 or day is None:
            return False
        return self._day_lines(block, day)

    def _tag_words(self, block: Tag) -> list[str]:
        """The words of a block's tag lists ("card__tags", "event-categories", "tag",
        "keywords"): short lines that are no date and not the block's only text."""
        words: list[str] = []
        found: list[Tag] = []
        for el in _tags(block):
            if not _tokens(el) & TAG_TOKENS or any(_is_inside(el, outer) for outer in found):
                continue
            found.append(el)
            text = _text_lines(el)
            if not text or len(text) > 160:
                continue
            for line in text.split("\n"):
                line = _strip_seps(line)
                if line and len(line) <= 40 and _has_letters(line) and line not in words and \
                        not _only_date_words(line) and self.ctx.find(line) is None:
                    words.append(line)
        return words

    def _machine_time(self, block: Tag, pw):
        """A `<time datetime="…">` with a clock time beats the same day read from the text alone
        (CMS listings often print only the date but carry the time in the markup)."""
        if not pw.all_day or getattr(pw, "rrule", None):
            return pw
        for element in (t for t in _tags(block, ("time",)) if t.get("datetime") is not None):
            value = element["datetime"].strip()
            if not re.search(r"\d[T ]\d{1,2}:\d{2}", value):
                continue
            machine = self.ctx.parse(value)
            if machine is not None and not machine.all_day and _as_date(machine.start) == _as_date(pw.start):
                return machine
        return pw

    def _row_item(self, row: Tag, text: str, pw, when_text: str) -> dict | None:
        cells = _children(row, ("td", "th"))
        table = row.find_parent("table")
        if table is not None and self._is_date_grid(table):
            return None     # a grid of dates (a year's meeting days), not one event per row
        if table is not None and not pw.rrule and self._is_weekly_timetable(table):
            pw = _weekly(pw)
        headers = _table_headers(row)
        title, extra = "", ""
        title_el = None
        location = None
        rest = []
        for i, cell in enumerate(cells):
            ctext = _flat(cell)
            head = headers[i] if i < len(headers) else ""
            if re.search(r"plats|paikka|location|venue|place|sted|var\b|missä", head, re.I):
                location = ctext or None
                continue
            if re.search(r"datum|päivä|date|tid|aika|time|när|milloin|dag|klo|kl\b", head,
                         re.I) and not re.search(r"evenemang|tapahtuma|event", head, re.I):
                continue
            if not title and re.search(r"evenemang|tapahtuma|event|titel|otsikko|title|"
                                       r"aktivitet|toiminta|activity|program|vad|mitä|what",
                                       head, re.I):
                title, title_el, place = _cell_title(cell, when_text)
                location = location or place
                continue
            rest.append(cell)
        if not title:
            for cell in rest:
                heading = _first(cell, HEADINGS)
                # a cell with its own heading (old CMS tables): the heading is the title and
                # the rest of the cell is the description
                if heading is None:
                    # the cell's lines: the title is on the date's line or the first, its
                    # first sentence ("Teatterimatka Seinäjoelle: … Lähtö linja-autoasemalta."),
                    # the rest is description ("<b>Pikkujoulut ke 16.12. klo 13</b><br>
                    # Seurakuntatalon juhlasalissa. Ohjelmaa …")
                    lines = _text_lines(cell).split("\n")
                    at = next((n for n, line in enumerate(lines) if when_text and when_text in line), 0)
                    t = _clean_title(lines[at], when_text) if lines else ""
                    if not t:
                        at = next((n for n, line in enumerate(lines) if _clean_title(line, when_text)), None)
                        t = _clean_title(lines[at], when_text) if at is not None else ""
                    if t:
                        title, title_el = t, cell
                        rest.remove(cell)
                        title, place, extra = _split_title_line(title)
                        following = " ".join(lines[at + 1:])
                        extra = " ".join(x for x in (extra, following) if x)
                        location = location or place or (_find_location(following) if following else None)
                        break
                    continue
                t = _clean_title(_flat(heading), when_text)
                if t:
                    title, title_el = t, heading
                    break
        if not title:
            return None
        title, tail_place = _split_trailing_place(title)
        named_columns = any(re.search(
            r"plats|paikka|location|venue|place|sted|var\b|missä|datum|päivä|date|tid|aika|time|"
            r"när|milloin|dag|klo|kl\b|evenemang|tapahtuma|event|titel|otsikko|title|aktivitet|"
            r"toiminta|activity|program|vad|mitä|what", head, re.I) for head in headers)
        if location is None and not named_columns and title_el in cells:
            # a table without column names (or a month's name over it): a place's name in the
            # cell after the title's ("ti 8.12. | klo 18 | Pikkujoulut | Seuratalo")
            at = cells.index(title_el)
            if at + 1 < len(cells) and cells[at + 1] in rest:
                location, _address = _place_name_and_address(_flat(cells[at + 1]))
        if location is None:
            location = tail_place
            if location is None:
                location = _find_location(text)
        desc = _description("\n".join([extra] + [_text_lines(c) for c in rest]), title, when_text)
        desc = _drop_place_lines(desc, location)
        url = _block_link(row, title_el, self.ctx)
        return _make_item(title, pw, when_text, url=url, location=location,
                          description=desc or None)

    def _is_weekly_timetable(self, table: Tag) -> bool:
        """A table whose rows name a weekday and no date ("Måndag | 13.00–15.00 | Symöte") is
        a week's timetable: each row happens every week, not once next Monday."""
        key = ("timetable", id(table))
        if key not in self._block_info:
            rows = _tags(table, ("tr",))
            weekday_rows = sum(1 for row in rows if any(
                _dates.weekday_number(_flat(cell)) is not None for cell in _children(row, ("td", "th"))))
            text = _flat(table)
            self._block_info[key] = weekday_rows >= 2 and not _DAY_MONTH_RE.search(text) and \
                not any(word in MONTHS for word in _DATE_WORD_SPLIT_RE.split(text.lower()))
        return self._block_info[key]

    def _is_weekly_list(self, parent: Tag) -> bool:
        """A list of activities that each name a weekday and none a date ("Kuntosaliryhmä ma
        kello 10–11", "Tasapainoryhmä keskiviikkoisin kl 9–10"), some of them explicitly
        weekly: a week's timetable, like `_is_weekly_timetable`."""
        key = ("weekly-list", id(parent))
        if key not in self._block_info:
            members = [self._info(m) for m in _children(parent) if id(m) in self._block_info]
            dated = [(pw, when) for _text, (pw, when), _news in members if pw is not None]
            self._block_info[key] = len(dated) >= 2 and any(pw.rrule for pw, _ in dated) and all(
                (pw.rrule or not pw.all_day) and not _DAY_MONTH_RE.search(when) and
                _WEEKDAY_PREFIX_RE.search(when + " ") is not None and
                not any(word in MONTHS for word in _DATE_WORD_SPLIT_RE.split(when.lower()))
                for pw, when in dated)
        return self._block_info[key]

    def _is_date_grid(self, table: Tag) -> bool:
        key = ("grid", id(table))
        if key not in self._block_info:
            grid = False
            for row in _tags(table, ("tr",)):
                days = set()
                for cell in _children(row, ("td", "th")):
                    cpw = self.ctx.find(_flat(cell))
                    if cpw is not None:
                        days.add(_as_date(cpw.start))
                if len(days) >= 2:
                    grid = True
                    break
            self._block_info[key] = grid
        return self._block_info[key]

    def _mark_used(self, block: Tag) -> None:
        self.used.add(id(block))
        for el in _tags(block):
            self.used.add(id(el))

    # ---- flow: headings, day headings, prose -------------------------------------------

    def _flow_units(self) -> list[Tag]:
        units = []
        for el in _tags(self.body):
            if id(el) in self.used:
                continue
            if el.name in HEADINGS:
                units.append(el)
                continue
            if _ancestor(el, HEADINGS):
                continue
            if el.name not in FLOW_TAGS or el.name in ("tr",):
                continue
            # a leaf block: no block-level element inside (besides br / inline)
            if any(d.name in BLOCKISH and d.name != "br" for d in _tags(el)):
                continue
            if el.name in ("span", "font") and _ancestor(el, _INLINE_FLOW_PARENTS):
                continue
            if not _flat(el):
                continue
            units.append(el)
        return self._join_lone_dates(units)

    def _join_lone_dates(self, units: list[Tag]) -> list[Tag]:
        """A paragraph that is only a date with a time ("<p><b>Måndag 7.12 kl. 13.00</b></p>")
        and the undated paragraph after it ("<p>Julfest på Kaffestugan. Julbord …</p>"), as
        Word exports, Wix and hand-written pages print a programme, are one paragraph: the date
        on its first line, the title on the next (as `_prose_item` reads a <br>)."""
        out: list[Tag] = []
        skip = None
        for number, el in enumerate(units):
            if el is skip:
                continue
            out.append(el)
            following = units[number + 1] if number + 1 < len(units) else None
            if following is None or el.name in HEADINGS or following.name in HEADINGS or \
                    following.parent is not el.parent or following.name != el.name:
                continue
            text = _flat(el)
            pw = self._find_event_when(text)
            if pw is None or not (_has_time(pw) or _is_recurring(pw)) or \
                    _clean_title(text, _span_text(pw, text)) or self._find_event_when(_flat(following)):
                continue
            _INDEX.tree = None      # the tree changes: its index no longer holds
            el.append(self.soup.new_tag("br"))
            for child in list(following.children):
                el.append(child.extract())
            skip = following
        return out

    def _flow(self) -> None:
        units = self._flow_units()
        self._first_year = self._vote_first_year(units)
        day = None          # (when_text, ParsedWhen, level, last_date)
        last_day_date: date | None = None
        section = None      # [heading, title, paragraphs(list[Tag]), item|None]
        day_chain = False   # headings have followed the day heading without other content
        subtitled_day = None    # the day of a dated heading with a title, until its text says

        def close_section(following: Tag | None = None):
            nonlocal section
            if section is not None:
                if self._heads_listing(section[0], following):
                    # the listing's own heading ("Regelbunden verksamhet", "Viikko-ohjelma
                    # 7.–13.12.2026" over a table of activities): its dates and its intro's
                    # ("under terminen 31.8–18.12") are no event, though its paragraphs may
                    # still describe activities of their own
                    for p in section[2]:
                        self._prose(p)
                elif not self._heads_days(section, following):
                    self._emit_section(*section)
            section = None

        hours_level = None  # inside an opening hours or contact section of this level
        for el in units:
            text = _flat(el)
            if el.name in HEADINGS:
                close_section(el)
                level = int(el.name[1])
                if level > 1 and _is_hours_heading(text):
                    hours_level, day = level, None
                    continue
                if hours_level is not None:
                    if level > hours_level:
                        continue
                    hours_level = None
                if _is_month_heading(text):
                    day = None
                    continue
                pw = self.ctx.find(text)
                subtitled_day = None
                if pw is not None and not pw.rrule and not re.search(r"\d", _span_text(pw, text)) \
                        and _clean_title(text, _span_text(pw, text)):
                    pw = None   # a weekday name inside a title ("Sunday service") dates nothing
                if pw is not None:
                    when_text = _span_text(pw, text)
                    rest = _clean_title(text, when_text)
                    if not rest and not pw.rrule and not re.search(r"\d", when_text) and \
                            _WEEKDAY_PREFIX_RE.match(when_text + " "):
                        # a weekday's name alone over the day's lines ("<h3>Maanantai</h3>
                        # <ul><li>klo 10 Tuolijumppa</li>"): a week's programme, every week
                        day = (when_text, _weekly(pw), level)
                        day_chain = True
                        continue
                    if not rest:
                        pw = self._sequence_year(pw, when_text, last_day_date)
                        last_day_date = _as_date(pw.start)
                        day = (when_text, pw, level)
                        day_chain = True
                        continue
                    if _is_publication(text) or COPYRIGHT_RE.search(text):
                        continue
                    # heading holds both date and title
                    if len(rest.split()) > 10:
                        # a sentence set as a heading: read it as prose
                        for sent, spw, sdesc in self._dated_sentences(el):
                            it = self._prose_item(el, sent, spw, sdesc)
                            if it is not None:
                                self.items.append(it)
                        continue
                    title, place = _split_trailing_place(rest)
                    item = _make_item(title, pw, when_text,
                                      url=_block_link(el, el, self.ctx),
                                      location=place or _find_location(text), description=None)
                    section = [el, None, [], item]
                    if pw.all_day and not pw.rrule:
                        # "Sunnuntai 13.12. – 3. adventtisunnuntai" may be a day heading with
                        # the day's name: the paragraphs below tell (lines led by times)
                        subtitled_day = (when_text, pw, level)
                    continue
                if day is not None and level >= day[2]:
                    # an item heading under a day heading: it follows the day heading
                    # directly (or other item headings), or it links somewhere / has a time
                    item = None
                    if day_chain or el.find("a", href=True) or \
                            _time_in_title(text)[1] is not None:
                        item = self._day_item(el, text, day)
                    if item is not None:
                        section = [el, None, [], item]
                        day_chain = True
                        continue
                    day = None
                if day is not None and level < day[2]:
                    day = None
                section = [el, text, [], None]
                continue
            # a paragraph-like unit
            if hours_level is not None:
                continue
            day_chain = False
            if section is not None:
                if subtitled_day is not None and not section[2] and \
                        _time_line(_text_lines(el).split("\n")[0], bare_hour=False) and \
                        self._day_lines(el, subtitled_day):
                    day, section, subtitled_day = subtitled_day, None, None
                    last_day_date = _as_date(day[1].start)
                    continue
                section[2].append(el)
                continue
            if day is not None:
                handled = self._day_lines(el, day)
                if handled:
                    continue
            self._prose(el)
        close_section()

    def _heads_days(self, section: list, following: Tag | None) -> bool:
        """Whether a heading that gives a span of days ("Veckans program 30.11–13.12") heads
        the programme's own day headings: no text under it, the next heading of a lower rank
        is a day inside the span (or in the week before it, a day the page still shows). The
        span is the programme's, not an event."""
        heading, _title, paras, item = section
        if item is None or paras or following is None or following.name not in HEADINGS or \
                int(following.name[1]) <= int(heading.name[1]):
            return False
        first, last = _as_date(item.get("start")), _as_date(item.get("end"))
        if first is None or last is None or last <= first or item.get("rrule"):
            return False
        day_pw = self.ctx.find(_flat(following))
        day = _as_date(day_pw.start) if day_pw is not None else None
        return day is not None and first - timedelta(days=7) <= day <= last

    def _heads_listing(self, heading: Tag, following: Tag | None) -> bool:
        """Whether a block that gave events lies between the heading and the next one, beside
        the heading (in its parent: not a card's own heading, whose card ends before them)."""
        if not self._listed or id(heading) not in self._order:
            return False
        start = self._order[id(heading)]
        end = self._order.get(id(following), len(self._order)) if following is not None else len(self._order)
        return any(start < place < end and _is_inside(block, heading.parent)
                   for place, block in self._listed)

    def _sequence_year(self, pw, when_text: str, last: date | None):
        """Year of a day heading written without a year.

        A listing runs in page order: the first day heading takes the year voted by the
        weekday names of the whole run (`_vote_first_year`), every later one the first year
        that keeps the sequence going forward. Within a listing, page order
        wins over a weekday name that disagrees (hand-made pages get weekdays wrong); when
        they agree nothing changes."""
        if _YEAR_RE.search(when_text) or getattr(pw, "rrule", None):
            return pw
        d = _as_date(pw.start)
        if d is None:
            return pw
        stripped = _WEEKDAY_PREFIX_RE.sub("", when_text, count=1)
        base = self.ctx.find(stripped) if stripped != when_text else pw
        b = _as_date(base.start) if base is not None else d
        if b is None:
            b = d
        if last is not None and (d < last or (d - last).days > 200):
            chosen = b
            for year in (last.year, last.year + 1):
                try:
                    cand = b.replace(year=year)
                except ValueError:
                    continue
                if cand >= last:
                    chosen = cand
                    break
        elif last is None and self._first_year is not None:
            chosen = _with_year(d, self._first_year) or d
        else:
            chosen = d  # the first heading: the date parser's year, which agrees with its weekday
        if chosen == d:
            return pw
        return _shift_days(pw, chosen - d)

    def _vote_first_year(self, units) -> int | None:
        """The year of the first day heading in a run of headings without years ("torsdag
        05/02", "fredag 06/02" …): the one that lets most weekday names agree with their
        dates, laid out in page order across new year; ties go to the year nearest today."""
        days = []
        for el in units:
            if el.name not in HEADINGS:
                continue
            text = _flat(el)
            pw = self.ctx.find(text)
            if pw is None or getattr(pw, "rrule", None):
                continue
            when_text = _span_text(pw, text)
            if _clean_title(text, when_text) or _YEAR_RE.search(when_text):
                continue
            prefix = _WEEKDAY_PREFIX_RE.match(when_text)
            weekday = _dates.weekday_number(prefix.group(0).split()[0]) if prefix else None
            start = _as_date(pw.start)
            days.append((start.month, start.day, weekday))
        if not any(weekday is not None for _, _, weekday in days):
            return None
        today = self.ctx.today or date.today()
        best = None
        for year in (today.year - 1, today.year, today.year + 1):
            agree, current, previous = 0, year, None
            for month, day, weekday in days:
                when = _with_year(date(2000, month, day), current)
                if when is None:
                    continue
                if previous is not None and when < previous:
                    current += 1
                    when = _with_year(when, current) or when
                previous = when
                agree += weekday is not None and when.weekday() == weekday
            first = _with_year(date(2000, days[0][0], days[0][1]), year) or today
            key = (agree, -abs((first - today).days))
            if best is None or key > best[0]:
                best = (key, year)
        return best[1]

    def _window_ok(self, d: date) -> bool:
        today = self.ctx.today or date.today()
        return today - timedelta(days=120) <= d <= today + timedelta(days=245)

    def _day_item(self, el: Tag, text: str, day) -> dict | None:
        title_raw = text
        title, start_t, end_t, matched = _time_in_title(title_raw)
        title = _strip_seps(title)
        if not title or not _has_letters(title) or _only_date_words(title):
            return None
        when_text, dpw, _lvl = day
        pw = dpw
        full_when = when_text
        if start_t is not None:
            full_when = f"{when_text} {matched}"
            pw = self.ctx.parse(f"{when_text} kl. {_fmt_time(start_t)}" + (
                f"–{_fmt_time(end_t)}" if end_t else ""))
            if pw is None:
                pw = _combine(dpw, start_t, end_t, self.ctx.tz)
            else:
                pw = _align_date(pw, dpw)
        title, place, rest = _split_title_line(title)
        return _make_item(title, pw, full_when, url=_block_link(el, el, self.ctx),
                          location=place, description=rest or None)

    def _day_lines(self, el: Tag, day) -> bool:
        """Lines under a day heading: "klo 18 Raamattupiiri, seurakuntakoti"."""
        found = False
        lines = _text_lines(el).split("\n")
        struck = _struck_texts(el)
        single = len(lines) == 1
        for line in lines:
            title, start_t, end_t, matched = _time_in_title(line)
            if start_t is None:
                continue
            title = _strip_seps(title)
            if not title or _only_date_words(title):
                continue
            when_text, dpw, _lvl = day
            pw = _combine(dpw, start_t, end_t, self.ctx.tz)
            exception = EXCEPTION_TAIL_RE.search(title) if getattr(dpw, "rrule", None) else None
            if exception:
                # "kl. 13–15 Symöte (ej 7.12)" under "Måndagar": the series skips that day
                full = self.ctx.find(f"{when_text} {matched} {exception.group(0)}")
                if full is not None and full.rrule == dpw.rrule and full.exdates:
                    pw.exdates = list(full.exdates)
                    title = title[:exception.start()].rstrip(" ,;(")
            title, place, rest = _split_title_line(title)
            item = _make_item(
                title, pw, f"{when_text} {matched}", url=_block_link(el, None, self.ctx),
                location=place or _find_location(line), description=rest or None)
            if _is_struck(line, struck) or (single and _cancelled(el, self._marks, line)):
                item["status"] = "cancelled"
            self.items.append(item)
            found = True
        return found

    def _emit_section(self, heading: Tag, title: str | None, paras: list[Tag],
                      item: dict | None) -> None:
        texts = [_text_lines(p) for p in paras]
        body = "\n".join(t for t in texts if t)
        if item is not None and self._in_news_item(heading, item):
            return      # a news item's headline with its date ("Kunnanvaltuusto kokoontuu 14.12.")
        if item is not None:
            loc = item.get("location") or _find_location(body, None)
            if loc:
                item["location"] = loc
            desc = _drop_place_lines(_description(body), loc)
            if desc:
                item["description"] = desc
            if item.get("url") == self.ctx.url:
                link = next((p.find("a", href=True) for p in paras if p.find("a", href=True)),
                            None)
                if link is not None:
                    item["url"] = _block_link(link, link, self.ctx)
            self.items.append(item)
            return
        if not title or _is_publication(title) or COPYRIGHT_RE.search(title):
            for p in paras:
                self._prose(p)
            return
        # dated sentences in the section
        dated = []
        for p in paras:
            for sent, pw, desc in self._dated_sentences(p):
                dated.append((p, sent, pw, desc))
        if not dated:
            return
        heading_title = _clean_title(title)
        if not heading_title:
            # a heading of time words only ("Every week", "Joka viikko"): the paragraphs name
            # their own activities
            for p in paras:
                self._prose(p)
            return
        if len(dated) >= 2:
            prose_items = []
            for p, sent, pw, desc in dated:
                it = self._prose_item(p, sent, pw, desc)
                if it is not None:
                    prose_items.append(it)
            # one line repeated under each date ("Virtual meeting") names no activity: the
            # heading does (below)
            shared_line = all(id(it) in self._titled_by_next_line for it in prose_items) and \
                len({it["title"] for it in prose_items}) == 1
            if len(prose_items) >= 2 and not shared_line:
                self.items.extend(prose_items)
                return
            # a schedule under a heading: one short paragraph per date ("Tuesday, January 26,
            # 9 a.m." / "Virtual meeting"), the heading names them all
            per_para = {}
            for p, sent, pw, desc in dated:
                per_para.setdefault(id(p), (p, sent, pw, desc))
            if len(per_para) >= 2 and all(len(_flat(p)) <= 200 for p, *_ in per_para.values()) \
                    and not self._section_is_news(heading, paras) \
                    and not _looks_like_opening_hours(heading_title + " " + body):
                for p, sent, pw, desc in per_para.values():
                    when_text = _span_text(pw, sent)
                    ptext = _text_lines(p)
                    loc = _find_location(ptext, p)
                    d = _drop_place_lines(_description(ptext, when_text), loc)
                    self.items.append(_make_item(
                        heading_title, pw, when_text, url=_block_link(heading, heading, self.ctx),
                        location=loc, description=d or None))
                return
        if len(dated) == 1:
            own = self._own_line_item(*dated[0])
            if own is not None and not self._section_is_news(heading, paras):
                self.items.append(own)
                return
        # heading + paragraphs = one event; a news-like section (publication date only) is not
        p, sent, pw, _desc = dated[0]
        when_text = _span_text(pw, sent)
        if pw.all_day:
            # an event page's facts: "Datum: lördag 12 december 2026" / "Tid: kl. 18.00–19.30",
            # "Date: Every Wednesday" / "Time: 10am – 11.30am"
            lines = body.split("\n")
            after = next((n for n, line in enumerate(lines) if sent in line), len(lines))
            timed = self._with_time_line(pw, when_text, lines[after + 1:after + 6])
            if timed is not None:
                pw, when_text = timed
        if _looks_like_opening_hours(heading_title + " " + body):
            return
        if self._section_is_news(heading, paras):
            return      # a news item / blog post: its dates are not activities
        if not (_has_time(pw) or _is_recurring(pw) or pw.end is not None):
            # a bare date under a heading: accept when the heading section is short
            if len(body) > 600:
                return
        # the place beside the date ("Söndag 13.12 kl. 17.00, Närby kyrka") before one the
        # text names further on ("Kaffe i församlingshemmet efteråt")
        loc = _place_beside_when(body, heading_title, when_text) or _find_location(body)
        desc = _drop_place_lines(_description(body), loc)
        link = _block_link(heading, heading, self.ctx)
        heading_title = _own_subject(sent, pw, heading_title) or heading_title
        self.items.append(_make_item(heading_title, pw, when_text, url=link, location=loc,
                                     description=desc or None))

    def _own_line_item(self, p: Tag, sent: str, pw, desc: str) -> dict | None:
        """The item of a paragraph that is a programme line of its own: led by its date and
        time, then its title ("La 28.11. klo 12 Adventtimyyjäiset, seurakuntakeskus",
        "<strong>Keskiviikkoisin klo 9.30–11</strong> Perhekerho, Simsiön kerhotila"). Under a
        heading that groups the programme ("Lapset ja perheet", "Menneet") the line names its
        activity, not the heading; a line whose date is followed by a place only ("Söndag
        13.12 kl. 17.00, Närby kyrka") or by nothing is the heading's event (None)."""
        span = getattr(pw, "span", None)
        if not span or _strip_seps(sent[:span[0]]) or not _flat(p).startswith(sent[:span[1]].strip()):
            return None
        if not re.match(r"\s+[A-ZÅÄÖ]", sent[span[1]:]):
            return None
        item = self._prose_item(p, sent, pw, desc)
        if item is None:
            return None
        title = item["title"]
        if _is_place_phrase(title) or _find_location(title) == title or title == item.get("location"):
            return None
        return item

    def _in_news_item(self, heading: Tag, item: dict) -> bool:
        """Whether a dated heading is a news item's headline: inside a news or blog class (not
        an event's: the nearer class decides), or WordPress's own "post" when its date has no
        time nor recurrence."""
        for parent in heading.parents:
            if not isinstance(parent, Tag):
                continue
            if _eventish(parent):
                return False
            kind = _news_class(parent)
            if kind == "strong":
                return True
            if kind == "weak" and item.get("all_day") and not item.get("rrule"):
                return True
        return False

    def _section_is_news(self, heading: Tag, paras: list[Tag]) -> bool:
        for el in [heading] + paras:
            for parent in el.parents:
                if isinstance(parent, Tag) and NEWS_CLASS_RE.search(_classes_and_id(parent)) \
                        and not _eventish(parent):
                    return True
            if self._pub_elements(el):
                return True
        return False

    def _find_event_when(self, text: str):
        """find_when, but a registration deadline ("anmälan senast 3.2.") is no event date."""
        pw = self.ctx.find(text)
        if pw is not None and getattr(pw, "span", None):
            if _DEADLINE_RE.search(text[max(0, pw.span[0] - 40):pw.span[0]]):
                return None
        return pw

    def _dated_sentences(self, el: Tag) -> list[tuple[str, object, str]]:
        """(sentence, ParsedWhen, description) for each dated sentence of a paragraph; a
        dated sentence owns the undated sentences that follow it."""
        out: list[list] = []
        for whole in _sentences(_text_lines(el)):
            pw = None
            if not (_is_publication(whole) or COPYRIGHT_RE.search(whole)):
                pw = self._find_event_when(whole)
            parts = self._conjoined(whole) if pw is not None and pw.rrule and "," in pw.rrule else None
            if parts:
                out.extend([part, part_pw, [part]] for part, part_pw in parts)
                continue
            sent = whole
            if pw is not None:
                out.append([sent, pw, [sent]])
            elif out and not _is_month_heading(sent):     # "JANUARI" heads what follows
                out[-1][2].append(sent)
        return [(s, pw, " ".join(d)) for s, pw, d in out]

    def _undated_title(self, text: str, pw) -> bool:
        """A title without a date of its own: none, or only the name of the event's own day
        ("Tapaninpäivän tanssit" on 26.12.)."""
        own = self.ctx.find(text)
        return own is None or (not re.search(r"\d", text) and not own.rrule and
                               _as_date(own.start) == _as_date(pw.start))

    def _conjoined(self, sentence: str) -> list[tuple[str, object]] | None:
        """Two activities in one sentence, each with its own days: "Kuntosali maanantaisin klo
        9–10 ja keilailu perjantaisin klo 11 keilahallissa" (read as one series on both days)
        is "Kuntosali maanantaisin klo 9–10" and "keilailu perjantaisin klo 11 keilahallissa"."""
        for joint in _CONJUNCTION_RE.finditer(sentence):
            left, right = sentence[:joint.start()], sentence[joint.end():]
            first_word = right.split()[0].lower().strip(",.:") if right.split() else ""
            if not first_word or _is_date_word(first_word):
                continue
            left_pw, right_pw = self._find_event_when(left), self._find_event_when(right)
            if left_pw is None or right_pw is None or not all(
                    (_has_time(p) or _is_recurring(p)) and _has_letters(_strip_seps(text[:p.span[0]]))
                    for text, p in ((left, left_pw), (right, right_pw)) if getattr(p, "span", None)):
                continue
            return [(left.strip(), left_pw), (right.strip(), right_pw)]
        return None

    def _prose(self, el: Tag) -> None:
        for sent, pw, desc in self._dated_sentences(el):
            it = self._prose_item(el, sent, pw, desc)
            if it is not None:
                self.items.append(it)

    def _prose_item(self, el: Tag, sent: str, pw, desc_text: str = "") -> dict | None:
        # prose needs a time or a recurrence to count as an activity
        if not (_has_time(pw) or _is_recurring(pw)):
            return None
        if _looks_like_opening_hours(sent):
            return None
        when_text = _span_text(pw, sent)
        span = getattr(pw, "span", None) or (sent.find(when_text),
                                             sent.find(when_text) + len(when_text))
        before = sent[:span[0]]
        after = sent[span[1]:]
        strong = _first(el, ("strong", "b"))
        title = ""
        sent_is_date_line = False
        if strong is not None and _flat(strong) and _flat(strong) in sent and \
                when_text not in _flat(strong) and len(_flat(strong).split()) <= 8:
            title = _clean_title(_flat(strong), when_text)
        elif strong is not None and _flat(strong) and len(_flat(strong).split()) <= 8 and \
                self._undated_title(_flat(strong), pw):
            # "<p><strong>Joulumyyjäiset</strong><br>La 5.12.2026 klo 10–13. Leivonnaisia …":
            # the bold first line titles the date on the line after it
            lines = _text_lines(el).split("\n")
            if len(lines) > 1 and lines[0] == _flat(strong) and lines[1].startswith(sent[:20]):
                title = _clean_title(_flat(strong))
                if title and desc_text.startswith(sent):
                    # the text after the date is the description, not the date again
                    desc_text = " ".join(x for x in (after.lstrip(" .,;:–-").strip(), desc_text[len(sent):].strip()) if x)
                    sent_is_date_line = True
        if not title:
            title = _prose_title(before)
        if not title and not _strip_seps(before) and not _strip_seps(after) and \
                desc_text.startswith(sent) and len(desc_text) > len(sent):
            # the date on a line of its own, the title on the next ("<b>Lördag 5 december
            # kl. 14</b><br>Julmarknad i Pörtom skola. Servering …")
            cand, place, rest = _split_title_line(desc_text[len(sent):].strip())
            if cand and len(cand.split()) <= 8 and cand.split()[0].lower() not in TITLE_PRONOUNS \
                    and not _only_date_words(cand):
                item = _make_item(cand, pw, when_text, url=_block_link(el, None, self.ctx),
                                  location=place or _find_location(cand), description=rest or None)
                self._titled_by_next_line.add(id(item))
                return item
        if not title and not _strip_seps(before):
            # "La 12.12. klo 14 Joulumyyjäiset, seurakuntakoti"
            cand = _strip_seps(after)
            cand = re.split(r"(?<=[a-zåäö\)])[.!?]\s", cand)[0]
            cand, place = _split_trailing_place(_strip_seps(cand))
            note = ""
            if place is None:
                cand, note = _split_note_tail(cand)
            if cand and len(cand.split()) <= 8 and _has_letters(cand) and \
                    cand.split()[0].lower() not in TITLE_PRONOUNS and \
                    not _only_date_words(cand):
                extra = desc_text[len(sent):].strip() if desc_text.startswith(sent) else ""
                extra = " ".join(x for x in (note, extra) if x)
                loc = place or _find_location(after) or _trailing_place_of(extra)
                return _make_item(cand, pw, when_text, url=_block_link(el, None, self.ctx),
                                  location=loc, description=extra or None)
        if not title:
            return None
        # "Lauluryhmä torstaisin klo 14, seurakuntatalo.": the place after the date's comma
        clause = re.split(r"[.;!?]", after.lstrip()[1:], maxsplit=1)[0] if after.lstrip().startswith(",") else ""
        loc = (_split_trailing_place("Title, " + clause)[1] if clause.strip() else None) or \
            _find_location(after) or _find_location(sent)
        if sent_is_date_line:
            if loc and desc_text.startswith(loc):     # "nuorisoseurantalolla. Orkesterina …"
                desc_text = desc_text[len(loc):].lstrip(" .,;:–-")
            desc = desc_text or None
        else:
            desc = desc_text or sent
            desc = desc if len(desc) > len(title) + len(when_text) + 5 else None
        return _make_item(title, pw, when_text, url=_block_link(el, None, self.ctx),
                          location=loc, description=desc)


def _cell_title(cell: Tag, when_text: str) -> tuple[str, Tag, str | None]:
    """(title, its element, place) of a table's event cell. The title is the cell's link or
    first line; a short line under it is the place, as Events Manager prints it
    ("<a>Julfest</a><br/><i>Ungdomslokalen Kaustarpen, Nykarleby</i>")."""
    lines = _text_lines(cell).split("\n")
    link = next((a for a in _tags(cell, ("a",)) if a.get("href") and _flat(a)), None)
    first = _flat(link) if link is not None else lines[0]
    title = _clean_title(first, when_text)
    if not title or len(lines) < 2 or (link is not None and _flat(cell) == first):
        return _clean_title(_flat(cell), when_text) or title, cell, None
    below = next((line for line in lines if line != first and first not in line), "")
    words = below.split()
    if below and 1 <= len(words) <= 6 and not _SENTENCE_END_RE.search(below) and \
            not below.rstrip().endswith(".") and _has_letters(below) and \
            not re.search(r"\d{1,2}[.:/]\d", below):
        return title, link if link is not None else cell, _strip_seps(below)
    return title, link if link is not None else cell, None


def _table_headers(row: Tag) -> list[str]:
    table = row.find_parent("table")
    if table is None:
        return []
    head_row = None
    thead = table.find("thead")
    if thead is not None:
        head_row = thead.find("tr")
    if head_row is None:
        first = table.find("tr")
        if first is not None and first is not row and first.find("th") and not first.find("td"):
            head_row = first
    if head_row is None:
        return []
    return [_flat(c) for c in _children(head_row, ("th", "td"))]


def _sentences(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        out.extend(s for s in re.split(r"(?<=[a-zåäöA-ZÅÄÖ\)][.!?])\s+(?=[A-ZÅÄÖ])", line)
                   if s.strip())
    return out


def _nested_in_others(elements: list[Tag]) -> set[int]:
    """id() of the elements that lie inside another of them: with the tree's index one sweep
    over their spans in document order (a 130-event list asked 17,000 times), else each pair."""
    tree = _index()
    spans = []
    if tree is not None:
        for el in elements:
            first = tree.start.get(id(el))
            if first is None or tree.tags[first] is not el:
                spans = None
                break
            spans.append((first, tree.end[id(el)], el))
    if spans is None or tree is None:
        return {id(m) for m in elements if any(o is not m and _is_inside(m, o) for o in elements)}
    spans.sort(key=lambda span: (span[0], -span[1]))
    nested, open_ends = set(), []
    for first, end, el in spans:
        while open_ends and open_ends[-1][0] <= first:
            open_ends.pop()
        if open_ends and open_ends[-1][1] is not el and first < open_ends[-1][0]:
            nested.add(id(el))
        open_ends.append((end, el))
    return nested


def _last_descendant(el: Tag) -> Tag:
    """The last element inside `el` in document order (`el` itself when it has none)."""
    last = el
    while True:
        kids = _children(last)
        if not kids:
            return last
        last = kids[-1]


def _is_inside(el: Tag, container: Tag) -> bool:
    tree = _index()
    if tree is not None:
        at, first = tree.start.get(id(el)), tree.start.get(id(container))
        if at is not None and first is not None and tree.tags[at] is el and tree.tags[first] is container:
            return first < at < tree.end[id(container)]
    return any(p is container for p in el.parents)


def _is_month_heading(text: str) -> bool:
    words = [w for w in re.split(r"[\s,.]+", text.lower()) if w]
    if not words or len(words) > 2:
        return False
    if words[0] not in MONTHS:
        return False
    return len(words) == 1 or re.fullmatch(r"(19|20)\d\d", words[1]) is not None


def _with_year(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _as_date(v) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return None


def _shift_days(pw, delta: timedelta):
    import copy
    new = copy.copy(pw)
    new.start = pw.start + delta
    if pw.end is not None:
        new.end = pw.end + delta
    return new


def _align_date(pw, day_pw):
    """Keep the day heading's (year-fixed) date and the parsed times."""
    d = _as_date(day_pw.start)
    s = _as_date(pw.start)
    if d is None or s is None or d == s:
        return pw
    delta = d - s
    import copy
    new = copy.copy(pw)
    new.start = pw.start + delta
    if pw.end is not None:
        new.end = pw.end + delta
    return new


# "(ej 7.12)", "utom 24.12.", "(paitsi 6.12.)", "except Dec 24" at the end of an item's line
EXCEPTION_TAIL_RE = re.compile(
    r"[\s,;]*\(?\s*(?:ej|inte|utom|förutom|paitsi|ei|except|not)\b[^()]*\d[^()]*\)?\s*$", re.I)


_DAY_MONTH_RE = re.compile(r"\b\d{1,2}\.\d{1,2}\.|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}\b")
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _weekly(pw):
    """The same ParsedWhen repeating every week on its weekday."""
    import copy
    new = copy.copy(pw)
    new.rrule = f"FREQ=WEEKLY;BYDAY={_RRULE_DAYS[_as_date(pw.start).weekday()]}"
    return new


def _combine(day_pw, start_t, end_t, tz: str):
    """A ParsedWhen for a day heading's date plus a time found in an item's text."""
    from zoneinfo import ZoneInfo
    import copy
    d = _as_date(day_pw.start)
    zone = ZoneInfo(tz)
    start = datetime(d.year, d.month, d.day, start_t[0], start_t[1], tzinfo=zone)
    end = None
    if end_t is not None:
        end = datetime(d.year, d.month, d.day, end_t[0], end_t[1], tzinfo=zone)
        if end <= start:
            end += timedelta(days=1)
    new = copy.copy(day_pw)
    new.start = start
    new.end = end
    new.all_day = False
    return new


# --------------------------------------------------------------------------------------------
# Selectors

def _parse_with_selectors(soup: BeautifulSoup, selectors: dict, ctx: _Ctx) -> list[dict]:
    event_sel = selectors.get("event")
    title_sel = selectors.get("title")
    if not event_sel or not title_sel:
        raise ValueError("selectors need at least 'event' and 'title'")
    items = []
    for block in soup.select(event_sel):
        title_el = block.select_one(title_sel)
        if title_el is None:
            continue
        title = _flat(title_el)
        if not title:
            continue
        item: dict = {"title": title, "source_event_id": None}
        when_el = block.select_one(selectors["when"]) if selectors.get("when") else None
        if when_el is not None:
            when_text = _flat(when_el)
            if when_text:
                pw = ctx.parse(when_text)
                if pw is None:
                    pw = ctx.find(when_text)
                if pw is not None:
                    item.update(_when_fields(pw, when_text))
                else:
                    item["when_text"] = when_text
        place_el = block.select_one(selectors["place"]) if selectors.get("place") else None
        if place_el is not None and _flat(place_el):
            item["location"] = _flat(place_el)
        desc_el = (block.select_one(selectors["description"])
                   if selectors.get("description") else None)
        if desc_el is not None and _text_lines(desc_el):
            item["description"] = _text_lines(desc_el)
        link_el = block.select_one(selectors["link"]) if selectors.get("link") else None
        if link_el is not None and not link_el.get("href"):
            link_el = link_el.find("a", href=True)
        if link_el is not None and link_el.get("href"):
            item["url"] = urljoin(ctx.base, str(link_el["href"]).strip())
        else:
            item["url"] = _block_link(block, title_el, ctx)
        if "when_text" not in item:
            if selectors.get("when"):
                continue          # configured date element missing: not an event block
            text = _text_lines(block)
            pw = None
            for line in text.split("\n"):
                pw = ctx.find(line)
                if pw is not None:
                    item.update(_when_fields(pw, _span_text(pw, line)))
                    break
            if pw is None:
                continue
        item["extraction"] = "selectors"
        items.append(item)
    return items
