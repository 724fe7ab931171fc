"""A synthetic world of N source sites for the harvest benchmark, and a web server for it.

    python bench/world.py generate --sources 1000 --out /tmp/kal-world   # sites + sources.yaml
    python bench/world.py serve --root /tmp/kal-world --port 8790 --latency 0.05
    python bench/world.py loadtest --port 8790 --latency 0.05           # what the server sustains

Every kind the harvest reads is generated in turn (deterministic, seeded by the site's number):

* ical   — one .ics of ~50 VEVENTs: weekly series with RRULE + EXDATE, single events, sv/fi text;
* rss    — an RSS feed of ~50 items whose event time is only in words ("Ke 10.3.2027 klo 18–19");
* jsonld — a CMS listing of ~50 links and one detail page per event with schema.org JSON-LD;
* html   — a plain listing in Finnish or Swedish words ("Ti 8.12. klo 10–12"), 20 per page,
           paged with "Nästa" / "Seuraava";
* tribe  — The Events Calendar's REST API, 10 events per page, next_rest_url.

Pages carry the boilerplate real CMS pages have (menus, cookie banner, footer), so sizes are
realistic (an .ics ~40 kB, a detail page ~5 kB). Each site gets its own loopback address
(127.1.x.y: the whole 127.0.0.0/8 is loopback on Linux), so Scrapy's per-host concurrency and
politeness apply as they do against real, distinct hosts.

The server is asyncio (HTTP/1.1 keep-alive), serves the world from memory, waits `--latency`
seconds before each answer (a slow, far-away site), sends ETag, Last-Modified and
`Cache-Control: max-age=0` (so a cache must revalidate every run, as for a CMS page), answers
304 to a matching If-None-Match / If-Modified-Since, and counts requests and the bytes it
actually sends (`GET /__stats` on 127.0.0.1; `GET /__reset` zeroes them).
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import hashlib
import json
import os
import random
import resource
import signal
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

KINDS = ("ical", "rss", "jsonld", "html", "tribe")
EVENTS_PER_SOURCE = 50

# --- words -----------------------------------------------------------------------------------

SV = {
    "titles": ["Seniorgym", "Stavgång för seniorer", "Vattengympa", "Minnescafé för anhöriga", "Sittdans och sång",
               "Digistöd: kom igång med surfplattan", "Kaffeträff i församlingshemmet", "Boccia i klubblokalen",
               "Promenad längs ån", "Sorgegrupp", "Närståendevårdarnas träff", "Språkcafé på lätt svenska",
               "Körsång för alla", "Föreläsning: sömn och återhämtning", "Balansträning", "Handarbetscafé",
               "Familjecafé", "Ungdomskväll", "Jobbsökarverkstad", "Hälsokontroll drop-in", "Friluftsdag",
               "Luciakaffe", "Andakt och gemenskap", "Konstcafé", "Matlagning för män"],
    "places": [("Församlingshemmet", "Kyrkogatan 8"), ("Idrottshallen Kvarnbacken", "Kvarnbacksvägen 4"),
               ("Stadsbiblioteket, Sagosalen", "Biblioteksgatan 2"), ("Seniorhuset Strandbo", "Strandgatan 12"),
               ("Träffpunkt Åbacka", "Åvägen 3"), ("Simhallen", "Badhusgatan 1"), ("Klubblokalen", "Storgatan 40")],
    "towns": ["Karleby", "Jakobstad", "Vasa", "Nykarleby", "Kronoby", "Larsmo", "Pedersöre", "Närpes"],
    "sentences": ["Ingen anmälan behövs – kom som du är!", "Ta gärna med en vän.",
                  "Kaffe och smörgås till självkostnadspris.", "Verksamheten är avgiftsfri.",
                  "Lokalen är tillgänglig med rullstol.", "Ledare är vår fysioterapeut.",
                  "Anmälan till diakonin senast dagen före.", "Vi träffas vid huvudingången.",
                  "Programmet varierar: sång, föreläsningar och frågesport.", "Ta med inneskor och vattenflaska."],
    "weekdays": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
    "clock": "kl.", "next": "Nästa", "heading": "Evenemang", "path": "evenemang",
    "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
               "oktober", "november", "december"],
    "menu": ["Boende & miljö", "Hälsa & omsorg", "Kultur & fritid", "Evenemang", "Kontakt", "Suomeksi"],
    "cookie": "Vi använder kakor (cookies) för att webbplatsen ska fungera och för besöksstatistik. "
              "Du kan godkänna alla eller bara de nödvändiga.",
    "kinds": ["stad", "församling", "pensionärsförening rf", "hälsoforum rf"],
}
FI = {
    "titles": ["Tuolijumppa", "Sauvakävely ikäihmisille", "Vesijumppa", "Muistikahvila omaishoitajille",
               "Tanssi ja laulu", "Digituki: tabletti tutuksi", "Kahvitupa seurakuntakodilla", "Boccia kerhotilassa",
               "Kävelyryhmä rantareitillä", "Sururyhmä", "Omaishoitajien vertaisryhmä", "Selkosuomen kielikahvila",
               "Yhteislaulutilaisuus", "Luento: uni ja palautuminen", "Tasapainoharjoittelu", "Käsityökahvila",
               "Perhekerho", "Nuorten ilta", "Työnhakupaja: CV kuntoon", "Terveystarkastus drop-in", "Ulkoilupäivä",
               "Joulupuuro", "Hartaus ja yhdessäolo", "Taidekahvila", "Miesten kokkikerho"],
    "places": [("Seurakuntakoti", "Kirkkotie 4"), ("Urheilutalo", "Urheilutie 6"), ("Kaupunginkirjasto, satuhuone",
               "Kirjastokatu 2"), ("Palvelutalo Rantala", "Rantakatu 12"), ("Kohtaamispaikka Ankkuri", "Satamakatu 18"),
               ("Uimahalli", "Uimahallintie 1"), ("Kerhotila", "Kauppakatu 40")],
    "towns": ["Kokkola", "Pietarsaari", "Vaasa", "Uusikaarlepyy", "Kruunupyy", "Luoto", "Pedersöre", "Seinäjoki"],
    "sentences": ["Ei ennakkoilmoittautumista – tule sellaisena kuin olet!", "Ota ystäväkin mukaan.",
                  "Kahvi ja voileipä omakustannushintaan.", "Toiminta on maksutonta.",
                  "Tila on esteetön.", "Ohjaajana toimii fysioterapeuttimme.",
                  "Ilmoittautuminen diakoniatoimistoon edellisenä päivänä.", "Kokoonnumme pääovella.",
                  "Ohjelma vaihtelee: laulua, luentoja ja tietovisa.", "Ota mukaan sisäkengät ja vesipullo."],
    "weekdays": ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"],
    "clock": "klo", "next": "Seuraava", "heading": "Tapahtumat", "path": "tapahtumat",
    "months": ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu",
               "syyskuu", "lokakuu", "marraskuu", "joulukuu"],
    "menu": ["Asuminen ja ympäristö", "Terveys ja hoiva", "Kulttuuri ja vapaa-aika", "Tapahtumat", "Yhteystiedot",
             "På svenska"],
    "cookie": "Käytämme evästeitä sivuston toiminnan varmistamiseen ja kävijätilastointiin. "
              "Voit hyväksyä kaikki tai vain välttämättömät.",
    "kinds": ["kaupunki", "seurakunta", "eläkeläiset ry", "terveysfoorumi ry"],
}
DAY_ABBR = {"sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"], "fi": ["Ma", "Ti", "Ke", "To", "Pe", "La", "Su"]}
ORGANISER_TYPES = ("municipality", "parish", "association", "association")


def host_of(index: int) -> str:
    """Site `index` (0-based) lives on its own loopback address 127.1.x.y."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


class Site:
    def __init__(self, index: int, base: date, events: int = EVENTS_PER_SOURCE):
        self.index, self.base = index, base
        self.rng = random.Random(index * 7919 + 17)
        self.kind = KINDS[index % len(KINDS)]
        self.lang = "fi" if index % 2 else "sv"
        self.w = FI if self.lang == "fi" else SV
        self.id = f"bench-{index:05d}-{self.kind}"
        self.town = self.w["towns"][index % len(self.w["towns"])]
        self.org = f"{self.town} {self.w['kinds'][index % 4]}"
        self.organiser_type = ORGANISER_TYPES[index % 4]
        self.prefix = f"/s{index:05d}"
        self.events = [self.event(n) for n in range(events)]

    def event(self, n: int) -> dict:
        rng = self.rng
        title = rng.choice(self.w["titles"])
        day = self.base + timedelta(days=rng.randint(1, 150))
        hour = rng.choice([9, 10, 11, 13, 14, 17, 18])
        minutes = rng.choice([0, 0, 0, 30])
        length = rng.choice([60, 90, 120])
        start = datetime(day.year, day.month, day.day, hour, minutes)
        place, street = rng.choice(self.w["places"])
        sentences = rng.sample(self.w["sentences"], 3)
        return {
            "n": n, "uid": f"{self.id}-{n}", "title": f"{title} {n + 1}", "start": start,
            "end": start + timedelta(minutes=length), "place": place, "address": f"{street}, {self.town}",
            "description": " ".join(sentences), "slug": f"{slug(title)}-{n + 1}",
            # every fifth iCal event is a weekly series of about four months with two exceptions
            "weekly": n % 5 == 0,
        }

    # boilerplate of a municipal CMS page
    def page(self, title: str, main: str, head: str = "") -> str:
        menu = "\n".join(f'      <li><a href="{self.prefix}/{slug(item)}/">{escape(item)}</a></li>'
                         for item in self.w["menu"])
        footer_links = " · ".join(f'<a href="{self.prefix}/{slug(item)}/">{escape(item)}</a>' for item in self.w["menu"])
        return f"""<!DOCTYPE html>
<html lang="{self.lang}">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} – {escape(self.org)}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="{self.prefix}/static/site.css">
{head}</head>
<body>
<div id="cookie-consent" class="cookie-banner" role="dialog">
  <p>{escape(self.w['cookie'])}</p>
  <button>OK</button> <button>×</button>
</div>
<header class="site-header">
  <a class="logo" href="{self.prefix}/">{escape(self.org)}</a>
  <nav class="main-menu">
    <ul>
{menu}
    </ul>
  </nav>
  <form class="search" action="{self.prefix}/sok/"><input name="q" aria-label="Sök / Haku"></form>
</header>
<main id="content">
{main}
</main>
<footer class="site-footer">
  <p><strong>{escape(self.org)}</strong> · {escape(self.w['places'][0][1])}, {escape(self.town)} · tel. 06 123 4567</p>
  <p>{footer_links}</p>
  <p class="small">{escape(' '.join(self.w['sentences'][:4]))}</p>
</footer>
</body>
</html>
"""

    def when_words(self, event: dict, with_year: bool) -> str:
        start, end = event["start"], event["end"]
        abbr = DAY_ABBR[self.lang][start.weekday()]
        day = f"{start.day}.{start.month}.{start.year}" if with_year else f"{start.day}.{start.month}."
        return f"{abbr.capitalize()} {day} {self.w['clock']} {clock(start)}–{clock(end)}"

    # --- the kinds ---------------------------------------------------------------------------
    def files(self) -> tuple[str, dict[str, str]]:
        """(the source's url path, {url path (with ?query): text})"""
        return getattr(self, "make_" + self.kind)()

    def make_ical(self):
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{self.org}//Kalender 3.1//{self.lang.upper()}",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{ical_text(self.org)}",
                 "X-WR-TIMEZONE:Europe/Helsinki"]
        for event in self.events:
            start, end = event["start"], event["end"]
            lines += ["BEGIN:VEVENT", f"UID:{event['uid']}@bench.invalid", "DTSTAMP:20260101T080000Z",
                      f"DTSTART;TZID=Europe/Helsinki:{start:%Y%m%dT%H%M%S}",
                      f"DTEND;TZID=Europe/Helsinki:{end:%Y%m%dT%H%M%S}"]
            if event["weekly"]:
                until = start + timedelta(weeks=17)
                lines.append(f"RRULE:FREQ=WEEKLY;UNTIL={until:%Y%m%dT235959Z}")
                ex = [start + timedelta(weeks=3), start + timedelta(weeks=8)]
                lines.append("EXDATE;TZID=Europe/Helsinki:" + ",".join(f"{d:%Y%m%dT%H%M%S}" for d in ex))
            lines += [f"SUMMARY:{ical_text(event['title'])}", f"DESCRIPTION:{ical_text(event['description'])}",
                      f"LOCATION:{ical_text(event['place'] + ', ' + event['address'])}", "STATUS:CONFIRMED",
                      f"CATEGORIES:{'Seniorer' if self.lang == 'sv' else 'Ikäihmiset'}", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        text = "\r\n".join(fold(line) for line in lines) + "\r\n"
        path = f"{self.prefix}/kalender.ics"
        return path, {path: text}

    def make_rss(self):
        items = []
        for event in self.events:
            url = f"http://{host_of(self.index)}{self.prefix}/{self.w['path']}/{event['slug']}/"
            body = (f"<p><strong>{self.when_words(event, True)}</strong>, {escape(event['place'])} "
                    f"({escape(event['address'])}).</p><p>{escape(event['description'])}</p>")
            items.append(f"""  <item>
    <title>{escape(event['title'])}</title>
    <link>{url}</link>
    <guid isPermaLink="false">{event['uid']}</guid>
    <pubDate>{email.utils.format_datetime(datetime(2026, 1, 1, 8, 0).astimezone())}</pubDate>
    <category>{escape(self.w['heading'])}</category>
    <description><![CDATA[{body}]]></description>
  </item>""")
        text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>{escape(self.org)} – {escape(self.w['heading'])}</title>
  <link>http://{host_of(self.index)}{self.prefix}/</link>
  <description>{escape(self.w['heading'])}</description>
  <language>{self.lang}</language>
{chr(10).join(items)}
</channel>
</rss>
"""
        path = f"{self.prefix}/{self.w['path']}.xml"
        return path, {path: text}

    def make_jsonld(self):
        listing = f"{self.prefix}/{self.w['path']}/"
        files = {}
        cards = []
        for event in self.events:
            url = f"{listing}{event['slug']}/"
            cards.append(f'    <li class="event-card"><a class="event-link" href="{event["slug"]}/">'
                         f'{escape(event["title"])}</a> <span class="event-date">{event["start"]:%d.%m.%Y} '
                         f'{self.w["clock"]} {clock(event["start"])}</span> '
                         f'<span class="event-place">{escape(event["place"])}</span></li>')
            data = {
                "@context": "https://schema.org", "@type": "Event", "@id": url + "#event", "name": event["title"],
                "startDate": event["start"].isoformat(), "endDate": event["end"].isoformat(),
                "eventStatus": "https://schema.org/EventScheduled",
                "location": {"@type": "Place", "name": event["place"],
                             "address": {"@type": "PostalAddress", "streetAddress": event["address"].split(",")[0],
                                         "addressLocality": self.town, "addressCountry": "FI"}},
                "description": event["description"], "url": url, "inLanguage": self.lang,
                "organizer": {"@type": "Organization", "name": self.org},
            }
            head = ('  <script type="application/ld+json">\n' + json.dumps(data, ensure_ascii=False, indent=2)
                    + "\n  </script>\n")
            main = (f'<nav class="breadcrumb"><a href="{self.prefix}/">Start</a> › <a href="../">'
                    f'{escape(self.w["heading"])}</a></nav>\n<article class="event">\n  <h1>{escape(event["title"])}</h1>\n'
                    f'  <p class="event-time">{self.when_words(event, True)}</p>\n'
                    f'  <p class="event-place">{escape(event["place"])}, {escape(event["address"])}</p>\n'
                    f'  <div class="event-description"><p>{escape(event["description"])}</p></div>\n</article>')
            files[url] = self.page(event["title"], main, head)
        main = (f"<h1>{escape(self.w['heading'])}</h1>\n<ul class=\"event-list\">\n" + "\n".join(cards) + "\n</ul>")
        files[listing] = self.page(self.w["heading"], main)
        return listing, files

    def make_html(self):
        listing = f"{self.prefix}/{self.w['path']}/"
        per_page = 20
        chunks = [self.events[i:i + per_page] for i in range(0, len(self.events), per_page)]
        files = {}
        for number, chunk in enumerate(chunks, start=1):
            blocks = []
            for event in sorted(chunk, key=lambda e: e["start"]):
                blocks.append(f"""<div class="tapahtuma">
  <h3>{escape(event['title'])}</h3>
  <p><strong>{self.when_words(event, True)}</strong>, {escape(event['place'])}, {escape(event['address'])}</p>
  <p>{escape(event['description'])}</p>
</div>""")
            nav = (f'<p class="pager"><a href="{listing}?sida={number + 1}">{self.w["next"]}</a></p>'
                   if number < len(chunks) else "")
            main = f"<h1>{escape(self.w['heading'])}</h1>\n" + "\n".join(blocks) + "\n" + nav
            files[listing if number == 1 else f"{listing}?sida={number}"] = self.page(self.w["heading"], main)
        return listing, files

    def make_tribe(self):
        api = f"{self.prefix}/wp-json/tribe/events/v1/events"
        host = f"http://{host_of(self.index)}"
        per_page = 10
        chunks = [self.events[i:i + per_page] for i in range(0, len(self.events), per_page)]
        files = {}
        for number, chunk in enumerate(chunks, start=1):
            events = []
            for event in chunk:
                start, end = event["start"], event["end"]
                events.append({
                    "id": 1000 + event["n"], "status": "publish", "url": f"{host}{self.prefix}/tapahtuma/{event['slug']}/",
                    "rest_url": f"{host}{api}/{1000 + event['n']}", "title": event["title"],
                    "description": f"<p>{escape(event['description'])}</p>\n", "excerpt": "", "slug": event["slug"],
                    "all_day": False, "start_date": f"{start:%Y-%m-%d %H:%M:%S}", "end_date": f"{end:%Y-%m-%d %H:%M:%S}",
                    "timezone": "Europe/Helsinki", "timezone_abbr": "EET", "cost": "",
                    "categories": [{"name": "Motion" if self.lang == "sv" else "Liikunta", "slug": "motion",
                                    "taxonomy": "tribe_events_cat", "id": 10}],
                    "venue": {"id": 42, "venue": event["place"], "address": event["address"].split(",")[0],
                              "city": self.town, "country": "Finland", "zip": "65100"},
                    "organizer": [{"id": 30, "organizer": self.org, "phone": "", "website": "", "email": ""}],
                })
            document = {"events": events, "rest_url": f"{host}{api}?page={number}", "total": len(self.events),
                        "total_pages": len(chunks)}
            if number < len(chunks):
                document["next_rest_url"] = f"{host}{api}?page={number + 1}"
            files[api if number == 1 else f"{api}?page={number}"] = json.dumps(document, ensure_ascii=False, indent=1)
        return f"{self.prefix}/", files


def clock(moment: datetime) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}.{moment.minute:02d}"


def slug(text: str) -> str:
    table = str.maketrans("åäöÅÄÖé", "aaoaaoe")
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower().translate(table)).split())


def ical_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not parts else 74):
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def generate(out: Path, sources: int, base: date | None = None, events: int = EVENTS_PER_SOURCE) -> dict:
    """Write the world under `out` (site files + sources.yaml); returns a summary."""
    base = base or date.today()
    out = Path(out)
    site_dir = out / "site"
    site_dir.mkdir(parents=True, exist_ok=True)
    entries, pages, size, event_count = [], 0, 0, 0
    for index in range(sources):
        site = Site(index, base, events)
        start_path, files = site.files()
        for url_path, text in files.items():
            target = site_dir / storage_name(url_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode()
            target.write_bytes(data)
            pages += 1
            size += len(data)
        event_count += len(site.events)
        entries.append(
            f"  - id: {site.id}\n    name: \"{site.org} ({site.kind})\"\n    organiser_type: {site.organiser_type}\n"
            f"    municipality: {FI['towns'][index % len(FI['towns'])]}\n    language: {site.lang}\n"
            f"    kind: {site.kind}\n    url: http://{host_of(index)}:${{port}}{start_path}\n")
    (site_dir / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (out / "sources.yaml").write_text(
        "# Generated by bench/world.py: a synthetic world for the harvest benchmark.\n"
        "variables:\n  port: \"8790\"\ndefaults:\n  timezone: Europe/Helsinki\nsources:\n" + "\n".join(entries))
    summary = {"sources": sources, "events": event_count, "documents": pages, "bytes": size, "base": base.isoformat()}
    (out / "world.json").write_text(json.dumps(summary))
    return summary


def storage_name(url_path: str) -> str:
    """/s00001/evenemang/ → s00001/evenemang/index.html; ?query → @query (as the demo server)."""
    path, _, query = url_path.partition("?")
    name = path.lstrip("/")
    if name.endswith("/") or not name:
        name += "index.html"
    return name + ("@" + query if query else "")


# --- the server -------------------------------------------------------------------------------

CONTENT_TYPES = {".ics": "text/calendar; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


def load_world(root: Path) -> dict[str, tuple[bytes, str, str, str]]:
    """{url path: (body, content type, etag, last-modified)} for every file of the world."""
    site_dir = Path(root) / "site"
    pages = {}
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(site_dir).as_posix()
        body = path.read_bytes()
        plain, _, query = name.partition("@")
        url = "/" + (plain[: -len("index.html")] if plain.endswith("index.html") else plain) + ("?" + query if query else "")
        suffix = Path(plain).suffix
        ctype = CONTENT_TYPES.get(suffix) or ("application/json; charset=utf-8" if "wp-json" in plain
                                              else "application/octet-stream")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        pages[url] = (body, ctype, etag, modified)
    return pages


class WorldServer:
    def __init__(self, pages: dict, latency: float = 0.0):
        self.pages, self.latency = pages, latency
        self.reset()

    def reset(self):
        self.stats = {"requests": 0, "ok": 0, "not_modified": 0, "not_found": 0, "bytes_sent": 0,
                      "body_bytes": 0, "connections": 0, "started": time.time()}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.stats["connections"] += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    break
                lines = head.decode("latin-1").split("\r\n")
                parts = lines[0].split(" ")
                if len(parts) < 2:
                    break
                method, target = parts[0], parts[1]
                headers = {}
                for line in lines[1:]:
                    key, sep, value = line.partition(":")
                    if sep:
                        headers[key.strip().lower()] = value.strip()
                if target.startswith("http://") or target.startswith("https://"):
                    target = "/" + target.split("/", 3)[-1]
                if target.startswith("/__"):
                    await self.control(target, writer)
                    break
                if self.latency:
                    await asyncio.sleep(self.latency)
                self.answer(method, target, headers, writer)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except ConnectionError:
            pass
        finally:
            writer.close()

    def answer(self, method: str, target: str, headers: dict, writer) -> None:
        self.stats["requests"] += 1
        page = self.pages.get(target)
        now = email.utils.formatdate(usegmt=True)
        if page is None:
            self.stats["not_found"] += 1
            body = b"not found"
            head = (f"HTTP/1.1 404 Not Found\r\nDate: {now}\r\nContent-Type: text/plain\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n")
        else:
            body, ctype, etag, modified = page
            if headers.get("if-none-match") == etag or (
                    "if-none-match" not in headers and headers.get("if-modified-since") == modified):
                self.stats["not_modified"] += 1
                body = b""
                head = (f"HTTP/1.1 304 Not Modified\r\nDate: {now}\r\nETag: {etag}\r\n"
                        f"Last-Modified: {modified}\r\nCache-Control: max-age=0\r\n\r\n")
            else:
                self.stats["ok"] += 1
                head = (f"HTTP/1.1 200 OK\r\nDate: {now}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                        f"ETag: {etag}\r\nLast-Modified: {modified}\r\nCache-Control: max-age=0\r\n\r\n")
        if method == "HEAD":
            body = b""
        data = head.encode() + body
        self.stats["bytes_sent"] += len(data)
        self.stats["body_bytes"] += len(body)
        writer.write(data)

    async def control(self, target: str, writer) -> None:
        if target.startswith("/__reset"):
            self.reset()
        body = json.dumps(self.stats).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()


def raise_open_files() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def serve(root: Path, port: int, latency: float, hosts: int, ready_file: str | None = None) -> None:
    raise_open_files()
    server_state = WorldServer(load_world(root), latency)
    addresses = sorted({"127.0.0.1", *(host_of(i) for i in range(hosts))})
    server = await asyncio.start_server(server_state.handle, host=addresses, port=port, backlog=4096,
                                        reuse_address=True)
    if ready_file:
        Path(ready_file).write_text(json.dumps({"pid": os.getpid(), "pages": len(server_state.pages)}))
    print(f"serving {len(server_state.pages)} documents on {len(addresses)} loopback addresses, port {port}, "
          f"latency {latency * 1000:.0f} ms", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


# --- measuring the server ---------------------------------------------------------------------

async def loadtest(port: int, paths: list[str], hosts: int, connections: int, seconds: float) -> dict:
    """Many keep-alive clients fetching world pages as fast as they can: requests per second."""
    count = 0
    received = 0
    deadline = time.monotonic() + seconds

    async def client(number: int):
        nonlocal count, received
        reader, writer = await asyncio.open_connection(host_of(number % max(hosts, 1)), port)
        rng = random.Random(number)
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            count += 1
            received += length + len(head)
        writer.close()

    began = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(connections)))
    took = time.monotonic() - began
    return {"requests": count, "seconds": took, "requests_per_second": count / took,
            "megabytes_per_second": received / took / 1e6, "connections": connections}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate")
    gen.add_argument("--sources", type=int, default=100)
    gen.add_argument("--events", type=int, default=EVENTS_PER_SOURCE)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--base", type=date.fromisoformat, help="first day of the world (default today)")
    srv = commands.add_parser("serve")
    srv.add_argument("--root", type=Path, required=True)
    srv.add_argument("--port", type=int, default=8790)
    srv.add_argument("--latency", type=float, default=0.05)
    srv.add_argument("--hosts", type=int, help="how many loopback addresses (default: the world's sources)")
    srv.add_argument("--ready-file")
    load = commands.add_parser("loadtest")
    load.add_argument("--root", type=Path, required=True)
    load.add_argument("--port", type=int, default=8790)
    load.add_argument("--connections", type=int, default=400)
    load.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args(argv)
    if args.command == "generate":
        print(json.dumps(generate(args.out, args.sources, args.base, args.events)))
    elif args.command == "serve":
        hosts = args.hosts if args.hosts is not None else json.loads((args.root / "world.json").read_text())["sources"]
        asyncio.run(serve(args.root, args.port, args.latency, hosts, args.ready_file))
    elif args.command == "loadtest":
        raise_open_files()
        world = json.loads((args.root / "world.json").read_text())
        paths = list(load_world(args.root))
        print(json.dumps(asyncio.run(loadtest(args.port, paths, world["sources"], args.connections, args.seconds))))


if __name__ == "__main__":
    main()
