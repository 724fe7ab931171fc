"""Generate the bundled demo world under tests/sites/ (static files only).

Run from the repository root:

    .venv/bin/python tests/sites/_generate.py

It (re)writes every site directory listed in SITES, plus robots.txt, private/, expected.yaml and
sources.demo.yaml, then checks its own output (iCal parses, feeds are not bozo, JSON and JSON-LD
load, every weekday-with-date pair agrees with the calendar). The generated files are committed;
this script is kept so the world can be changed consistently (counts and sample start times in
expected.yaml are computed from the same data that renders the pages).

All organisations, venues, street addresses, phone numbers and texts are invented. Dates fall
between 2026-11-01 and 2027-06-30 and every weekday name printed next to a date is computed
here, never typed by hand.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEMO = "http://127.0.0.1:8765"  # the literal host used where ${demo} cannot be (JSON bodies)
HEL = ZoneInfo("Europe/Helsinki")
STO = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 25, 10, 0)  # "today" in the demo world: feeds are published before it

SV_DAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
SV_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december"]
FI_SHORT = ["Ma", "Ti", "Ke", "To", "Pe", "La", "Su"]


# --------------------------------------------------------------------------------------------
# Data model


@dataclass
class Ev:
    """One event or recurring activity as a correct harvest should see it."""

    title: str
    start: datetime | date | None  # naive local time (source timezone), a date (all-day) or None
    end: datetime | date | None = None  # all-day: last day inclusive
    place: str = ""
    address: str = ""
    desc: str = ""
    status: str = "scheduled"  # scheduled / cancelled / postponed
    rrule: str | None = None
    exdates: list = field(default_factory=list)
    slug: str = ""
    categories: list = field(default_factory=list)
    cost: str = ""
    sample: bool = False
    when_text: str = ""  # for recurring prose: the phrase on the page
    start_time: str = ""  # for recurring prose without a first date
    end_time: str = ""
    schema_type: str = "Event"  # schema.org type for JSON-LD sites (MusicEvent, SportsEvent, ...)

    @property
    def all_day(self) -> bool:
        return isinstance(self.start, date) and not isinstance(self.start, datetime)


def aware(value: datetime, tz=HEL) -> datetime:
    return value.replace(tzinfo=tz)


def iso(value, tz=HEL) -> str:
    if isinstance(value, datetime):
        return aware(value, tz).isoformat()
    return value.isoformat()


def slugify(text: str) -> str:
    table = str.maketrans("åäöÅÄÖéü", "aaoAAOeu")
    text = text.translate(table).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60]


def hm(value: datetime, sep=".", short=False) -> str:
    """13:00 -> '13' (short) or '13.00'; 17:30 -> '17.30'."""
    if short and value.minute == 0:
        return str(value.hour)
    return f"{value.hour}{sep}{value.minute:02d}"


def fi_when(ev: Ev, year=False, short=True) -> str:
    """'Ti 8.12. klo 10–12' (Finnish association / parish style)."""
    d = ev.start
    day = f"{FI_SHORT[d.weekday()]} {d.day}.{d.month}." + (f"{d.year}" if year else "")
    if ev.all_day:
        if ev.end and ev.end != ev.start:
            e = ev.end
            return f"{day}–{FI_SHORT[e.weekday()]} {e.day}.{e.month}.{e.year if year else ''}".rstrip()
        return day
    text = f"{day} klo {hm(d, short=short)}"
    if ev.end:
        text += f"–{hm(ev.end, short=short)}"
    return text


def sv_when(ev: Ev, year=False, capital=False, dash="–") -> str:
    """'onsdag 16 december kl. 18.00' (Swedish style)."""
    d = ev.start
    text = f"{SV_DAYS[d.weekday()]} {d.day} {SV_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")
    if not ev.all_day:
        text += f" kl. {hm(d)}"
        if ev.end:
            text += f"{dash}{hm(ev.end)}"
    if capital:
        text = text[0].upper() + text[1:]
    return text


def write(path: str, content, encoding="utf-8"):
    target = HERE / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_bytes(content.encode(encoding))


# --------------------------------------------------------------------------------------------
# HTML page chrome (menus, cookie banners, footers): the noise real sites have


def page(title, body, *, lang="sv", site="", nav=(), footer="", charset="utf-8", cookie=True,
         head_extra="", meta_style="html5"):
    if meta_style == "html5":
        meta = f'<meta charset="{charset}">'
    else:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    nav_html = "\n".join(f'      <li><a href="{href}">{label}</a></li>' for label, href in nav)
    cookie_html = ""
    if cookie:
        if lang == "fi":
            cookie_html = ('<div id="cookie-consent" class="cookie-banner" role="dialog">\n'
                           '  <p>Käytämme evästeitä sivuston toiminnan ja kävijätilastojen '
                           'varmistamiseen. Voit hyväksyä kaikki evästeet tai vain välttämättömät.</p>\n'
                           '  <button>Hyväksy kaikki</button> <button>Vain välttämättömät</button>\n'
                           '</div>')
        else:
            cookie_html = ('<div id="cookie-consent" class="cookie-banner" role="dialog">\n'
                           '  <p>Vi använder kakor (cookies) för att webbplatsen ska fungera och för '
                           'besöksstatistik. Du kan godkänna alla eller bara de nödvändiga.</p>\n'
                           '  <button>Godkänn alla</button> <button>Endast nödvändiga</button>\n'
                           '</div>')
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  {meta}
  <title>{title}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
{head_extra}</head>
<body>
{cookie_html}
<header class="site-header">
  <a class="logo" href="/">{site}</a>
  <nav class="main-menu">
    <ul>
{nav_html}
    </ul>
  </nav>
  <form class="search" action="/sok/"><input name="q" aria-label="Sök"></form>
</header>
<main id="content">
{body}
</main>
<footer class="site-footer">
{footer}
</footer>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Sources: each builder writes its files and returns (source entry, events, extra expectations)

SOURCES: list[dict] = []
EXPECTED: dict[str, dict] = {}
TRUTH: dict[str, list] = {}


def register(source: dict, events: list[Ev], tz=HEL, not_events=(), note="", **extra):
    SOURCES.append(source)
    TRUTH[source["id"]] = [truth_record(ev, tz) for ev in events]
    samples = []
    for ev in events:
        if not ev.sample:
            continue
        sample = {"title": ev.title}
        if ev.start is not None:
            sample["start"] = iso(ev.start, tz)
            if ev.end is not None:
                sample["end"] = iso(ev.end, tz)
        else:
            sample["start"] = None
            sample["start_time"] = ev.start_time
            if ev.end_time:
                sample["end_time"] = ev.end_time
        if ev.rrule:
            sample["rrule"] = ev.rrule
        if ev.exdates:
            sample["exdates"] = [iso(x, tz) for x in ev.exdates]
        if ev.all_day:
            sample["all_day"] = True
        if ev.status != "scheduled":
            sample["status"] = ev.status
        samples.append(sample)
    assert 2 <= len(samples) <= 3, (source["id"], len(samples))
    entry = {
        "kind": source["kind"],
        "events": len(events),
        "recurring": sum(1 for ev in events if ev.rrule),
        "cancelled": sum(1 for ev in events if ev.status == "cancelled"),
    }
    if any(ev.status == "postponed" for ev in events):
        entry["postponed"] = sum(1 for ev in events if ev.status == "postponed")
    entry.update(extra)
    if note:
        entry["note"] = note
    entry["samples"] = samples
    if not_events:
        entry["not_events"] = list(not_events)
    EXPECTED[source["id"]] = entry


# ---- 1. Karleby stad: municipal CMS, listing + detail pages with JSON-LD (one microdata) -----

KARLEBY_NAV = [("Boende & miljö", "/karleby/boende/"), ("Hälsa & omsorg", "/karleby/halsa/"),
               ("Kultur & fritid", "/karleby/kultur/"), ("Evenemang", "/karleby/evenemang/"),
               ("Kontakt", "/karleby/kontakt/"), ("Suomeksi", "/karleby/fi/")]
KARLEBY_FOOTER = """  <p><strong>Karleby stad</strong> · Stadshuset, Rådhusgatan 17, 67100 Karleby ·
  Växel 06 828 9000 · registratur@karleby.invalid</p>
  <p><a href="/karleby/tillganglighet/">Tillgänglighetsutlåtande</a> ·
  <a href="/karleby/dataskydd/">Dataskydd</a> · <a href="/karleby/kakor/">Kakinställningar</a></p>
  <p>© 2026 Karleby stad</p>"""

KARLEBY_PLACES = {
    "kvarnbacken": ("Idrottshallen Kvarnbacken", "Kvarnbacksvägen 4", "67100"),
    "strandbo": ("Seniorhuset Strandbo", "Strandgatan 22", "67100"),
    "bokstugan": ("Stadsbiblioteket, Sagosalen", "Biblioteksgränd 2", "67100"),
    "salteriet": ("Kulturcentret Salteriet", "Hamngatan 9", "67100"),
    "vattenborgen": ("Simhallen Vattenborgen", "Badhusvägen 1", "67200"),
    "norrby": ("Hälsostationen Norrby", "Norrbyvägen 40", "67200"),
    "sparet": ("Kvarnbackens motionsspår, parkeringen", "Kvarnbacksvägen 6", "67100"),
    "fjarden": ("Stadsfjärden, badstranden i Sandviken", "Sandviksstranden 1", "67100"),
    "an": ("Åstranden vid Gamla bron", "Åbrinken 3", "67100"),
}


def karleby():
    P = KARLEBY_PLACES
    events = [
        Ev("Stavgång för seniorer – höststart", datetime(2026, 11, 18, 10), datetime(2026, 11, 18, 11, 30),
           *P["sparet"][:2], "Vi går i lugn takt 3–5 km. Stavar kan lånas på plats."),
        Ev("Seniorgym – prova på", datetime(2026, 12, 2, 10), datetime(2026, 12, 2, 11, 30),
           *P["kvarnbacken"][:2], "Handledd gymträning för dig som fyllt 65. Ta med inneskor och vattenflaska."),
        Ev("Föreläsning: Sömn och återhämtning", datetime(2026, 12, 8, 18), datetime(2026, 12, 8, 19, 30),
           *P["bokstugan"][:2], "Sömnforskaren berättar om hur vi sover bättre i den mörka årstiden. Fritt inträde.",
           sample=True),
        Ev("Julkaffe på Seniorhuset Strandbo", datetime(2026, 12, 10, 13), datetime(2026, 12, 10, 15),
           *P["strandbo"][:2], "Glögg, pepparkakor och allsång. Alla seniorer välkomna!"),
        Ev("Julmarknad på Salutorget", date(2026, 12, 12), date(2026, 12, 13),
           "Salutorget", "Torggatan 1", "Hantverk, julbak och lotteri båda dagarna. Föreningar säljer till förmån för seniorverksamheten.",
           sample=True),
        Ev("Vattengympa för seniorer", datetime(2027, 1, 13, 9), datetime(2027, 1, 13, 9, 45),
           *P["vattenborgen"][:2], "Lätt vattengympa i varmvattenbassängen. Ingår i simhallens biljettpris."),
        Ev("Minnescafé för anhöriga", datetime(2027, 1, 21, 17), datetime(2027, 1, 21, 18, 30),
           *P["strandbo"][:2], "Samtal och stöd för dig som är närstående till en person med minnessjukdom."),
        Ev("Dansant eftermiddag", datetime(2027, 2, 5, 14), datetime(2027, 2, 5, 16, 30),
           *P["salteriet"][:2], "Dansbandet spelar gammaldans och bugg. Evenemanget är inställt på grund av sjukdom.",
           status="cancelled"),
        Ev("Hälsokontroll för 75-åringar – drop in", datetime(2027, 2, 17, 9), datetime(2027, 2, 17, 12),
           *P["norrby"][:2], "Hälsovårdaren mäter blodtryck och blodsocker och berättar om stöd för att bo hemma."),
        Ev("Friluftsdag på isen", datetime(2027, 3, 6, 11), datetime(2027, 3, 6, 14),
           *P["fjarden"][:2], "Spark, skidor och korvgrillning för hela familjen. Inställs om isen inte bär."),
        Ev("Digistöd: Kom igång med surfplattan", datetime(2027, 3, 16, 13), datetime(2027, 3, 16, 15),
           *P["bokstugan"][:2], "Ta med din egen surfplatta eller telefon. Digistödjarna hjälper dig i lugn takt."),
        Ev("Sittdans och sång", datetime(2027, 4, 14, 13), datetime(2027, 4, 14, 14, 30),
           *P["strandbo"][:2], "Rörelse till musik sittande på stol – passar alla.", sample=True),
        Ev("Vårpromenad längs ån", datetime(2027, 5, 12, 10), datetime(2027, 5, 12, 12),
           *P["an"][:2], "Guidad promenad om stadens historia, ca 4 km. Samling vid Gamla bron."),
        Ev("Seniormässa 2027", datetime(2027, 5, 20, 10), datetime(2027, 5, 20, 15),
           *P["kvarnbacken"][:2], "Föreningar, tjänster och prova-på-aktiviteter för seniorer under samma tak."),
    ]
    microdata_slug = None
    items = []
    for ev in events:
        ev.slug = slugify(ev.title)
        postcode = next((p[2] for p in P.values() if p[0] == ev.place), "67100")
        start_iso = iso(ev.start)
        end_iso = iso(ev.end) if ev.end else None
        url = f"/karleby/evenemang/{ev.slug}/"
        date_text = (f"{ev.start.day}.{ev.start.month}.{ev.start.year}" if ev.all_day
                     else f"{ev.start.day}.{ev.start.month}.{ev.start.year} kl. {hm(ev.start)}")
        if ev.all_day and ev.end != ev.start:
            date_text = f"{ev.start.day}–{ev.end.day}.{ev.end.month}.{ev.end.year}"
        if ev.title.startswith("Hälsokontroll"):
            microdata_slug = ev.slug
            body = f"""<nav class="breadcrumb"><a href="/karleby/">Start</a> › <a href="../">Evenemang</a> › {html.escape(ev.title)}</nav>
<article class="event" itemscope itemtype="https://schema.org/Event">
  <h1 itemprop="name">{html.escape(ev.title)}</h1>
  <p class="event-time"><time itemprop="startDate" datetime="{start_iso}">{SV_DAYS[ev.start.weekday()]} {date_text}</time>
  – <time itemprop="endDate" datetime="{end_iso}">{hm(ev.end)}</time></p>
  <div class="event-place" itemprop="location" itemscope itemtype="https://schema.org/Place">
    <span itemprop="name">{html.escape(ev.place)}</span>,
    <span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
      <span itemprop="streetAddress">{html.escape(ev.address)}</span>,
      <span itemprop="postalCode">{postcode}</span> <span itemprop="addressLocality">Karleby</span>
    </span>
  </div>
  <div class="event-description" itemprop="description"><p>{html.escape(ev.desc)}</p><p>Ingen tidsbokning behövs.</p></div>
  <p>Arrangör: <span itemprop="organizer" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Karleby stad, äldreomsorgen</span></span></p>
  <link itemprop="url" href="{url}">
  <meta itemprop="eventStatus" content="https://schema.org/EventScheduled">
  <meta itemprop="eventAttendanceMode" content="https://schema.org/OfflineEventAttendanceMode">
</article>"""
            head = ""
        else:
            data = {
                "@context": "https://schema.org",
                "@type": "Event",
                "@id": url + "#event",
                "name": ev.title,
                "startDate": start_iso,
                "endDate": end_iso,
                "eventStatus": "https://schema.org/EventCancelled" if ev.status == "cancelled"
                else "https://schema.org/EventScheduled",
                "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                "location": {
                    "@type": "Place",
                    "name": ev.place,
                    "address": {"@type": "PostalAddress", "streetAddress": ev.address,
                                "postalCode": postcode, "addressLocality": "Karleby",
                                "addressCountry": "FI"},
                },
                "description": ev.desc,
                "url": url,
                "inLanguage": "sv",
                "isAccessibleForFree": True,
                "organizer": {"@type": "Organization", "name": "Karleby stad, fritidsenheten",
                              "url": "/karleby/"},
                "image": "/karleby/media/evenemang-standard.jpg",
            }
            if ev.all_day:
                data["endDate"] = iso(ev.end)
            head = ('  <script type="application/ld+json">\n'
                    + json.dumps(data, ensure_ascii=False, indent=2) + "\n  </script>\n")
            cancelled = ('<p class="notice notice-warning"><strong>Inställt!</strong> '
                         'Evenemanget har ställts in.</p>' if ev.status == "cancelled" else "")
            body = f"""<nav class="breadcrumb"><a href="/karleby/">Start</a> › <a href="../">Evenemang</a> › {html.escape(ev.title)}</nav>
<article class="event">
  <h1>{html.escape(ev.title)}</h1>
  {cancelled}
  <p class="event-time">{SV_DAYS[ev.start.weekday()].capitalize()} {date_text}</p>
  <p class="event-place">{html.escape(ev.place)}, {html.escape(ev.address)}, Karleby</p>
  <div class="event-description"><p>{html.escape(ev.desc)}</p></div>
  <p><a class="share" href="https://example.invalid/share?u={url}">Dela</a>
     <a class="ics" href="{ev.slug}.ics">Lägg till i kalendern</a></p>
</article>
<aside class="related"><h2>Se också</h2><ul><li><a href="../">Alla evenemang</a></li></ul></aside>"""
        write(f"karleby/evenemang/{ev.slug}/index.html",
              page(f"{html.escape(ev.title)} – Karleby stad", body, site="Karleby stad", nav=KARLEBY_NAV,
                   footer=KARLEBY_FOOTER, head_extra=head))
        items.append(f'    <li class="event-card"><a class="event-link" href="{ev.slug}/">'
                     f'{html.escape(ev.title)}</a> <span class="event-date">{date_text}</span>'
                     f' <span class="event-place">{html.escape(ev.place)}</span></li>')
    assert microdata_slug
    # A link that robots.txt forbids: the harvester must not fetch it.
    items.insert(5, '    <li class="event-card staff-only"><a class="event-link" href="/private/intern-planering/">'
                    'Personalens planeringsdag (intranät)</a> <span class="event-date">11.12.2026</span></li>')
    news = """  <section class="news-box">
    <h2>Nyheter</h2>
    <ul>
      <li><span class="published">Publicerad 20.11.2026</span> <a href="/karleby/nyheter/simhallen-oppettider/">Simhallen har nya öppettider från 1.12</a></li>
      <li><span class="published">Publicerad 16.11.2026</span> <a href="/karleby/nyheter/vintervaghallning/">Vinterväghållningen i gång – parkera på rätt sida</a></li>
      <li><span class="published">Publicerad 9.11.2026</span> <a href="/karleby/nyheter/seniorkort/">Seniorkortet kan nu laddas på nätet</a></li>
    </ul>
  </section>"""
    body = f"""<h1>Evenemang</h1>
<p class="lead">Evenemang för seniorer, familjer och alla som vill må bra i Karleby. Evenemangen
publiceras av staden och av föreningar. <a href="/karleby/evenemang/tipsa/">Tipsa om ett evenemang</a>.</p>
<form class="event-filter"><label>Kategori <select><option>Alla</option><option>Motion</option>
<option>Kultur</option><option>Seniorer</option></select></label> <button>Filtrera</button></form>
<ul class="event-list">
{chr(10).join(items)}
</ul>
<nav class="pager"><span class="current">1</span></nav>
{news}"""
    write("karleby/evenemang/index.html",
          page("Evenemang – Karleby stad", body, site="Karleby stad", nav=KARLEBY_NAV, footer=KARLEBY_FOOTER))
    write("private/intern-planering/index.html", page(
        "Personalens planeringsdag", """<h1>Personalens planeringsdag</h1>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Event",
 "name": "Personalens planeringsdag (intern)", "startDate": "2026-12-11T08:00:00+02:00",
 "endDate": "2026-12-11T16:00:00+02:00", "location": {"@type": "Place", "name": "Stadshuset"}}</script>
<p>Intern sida. Får inte skördas: robots.txt förbjuder /private/.</p>""", site="Intranät", cookie=False))
    register(dict(id="karleby-evenemang", name="Karleby stad – evenemang", organiser_type="municipality",
                  municipality="Kokkola", language="sv", kind="jsonld",
                  url="${demo}/karleby/evenemang/", options={"follow": "a.event-link"}),
             events, note="13 detail pages with JSON-LD, 1 with microdata; one link points into /private/ "
                          "(forbidden by robots.txt) and must not be fetched",
             forbidden_titles=["Personalens planeringsdag (intern)"])


# ---- 2. Pietarsaari: Finnish city calendar, all events in one JSON-LD @graph ----------------

def pietarsaari():
    V = {
        "vesiportti": ("Urheilutalo Vesiportti", "Kanavakatu 12", "68600"),
        "merituuli": ("Palvelukeskus Merituuli", "Rantapuistikko 5", "68600"),
        "kirjasto": ("Kaupunginkirjasto, Lukusali", "Kirjastokuja 1", "68600"),
        "kipina": ("Kulttuuritalo Kipinä", "Tehtaankatu 30", "68620"),
        "satama": ("Satamanranta, Kalastajien laituri", "Satamatie 2", "68600"),
        "kenttä": ("Ulkoilualue Koivumäki", "Koivumäentie 8", "68660"),
    }
    events = [
        Ev("Kuntosaliryhmä ikäihmisille – tutustumiskerta", datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 10),
           *V["vesiportti"][:2], "Ohjattu kuntosaliharjoittelu yli 65-vuotiaille. Ota mukaan sisäkengät.", sample=True),
        Ev("Muistikahvila", datetime(2026, 12, 9, 13), datetime(2026, 12, 9, 14, 30),
           *V["merituuli"][:2], "Keskustelua ja tietoa muistisairauksista läheisille ja muistisairaille."),
        Ev("Joulukonsertti: Merituulen laulajat", datetime(2026, 12, 15, 18), datetime(2026, 12, 15, 19, 30),
           *V["kipina"][:2], "Perinteisiä joululauluja. Vapaa pääsy, ohjelma 5 €.", schema_type="MusicEvent"),
        Ev("Ikäihmisten liikuntapäivä", datetime(2027, 1, 19, 10), datetime(2027, 1, 19, 13),
           *V["vesiportti"][:2], "Kokeile boccia, curling ja tuolijumppa. Kahvitarjoilu.", schema_type="SportsEvent"),
        Ev("Talvikävely satamanrannassa", datetime(2027, 1, 30, 11), datetime(2027, 1, 30, 12, 30),
           *V["satama"][:2], "Opastettu kävely, noin 3 km. Sopii myös rollaattorin kanssa liikkuville."),
        Ev("Digineuvonta kirjastossa", datetime(2027, 2, 3, 13), datetime(2027, 2, 3, 15),
           *V["kirjasto"][:2], "Apua älypuhelimen, tabletin ja verkkopankin käyttöön."),
        Ev("Ystävänpäivän tanssit", datetime(2027, 2, 14, 14), datetime(2027, 2, 14, 16),
           *V["kipina"][:2], "Tanssit siirretään myöhempään ajankohtaan. Uusi päivä ilmoitetaan pian.",
           status="postponed"),
        Ev("Talvitapahtuma Koivumäellä", datetime(2027, 3, 6, 10), datetime(2027, 3, 6, 14),
           *V["kenttä"][:2], "Potkukelkkailua, hiihtoa ja makkaranpaistoa koko perheelle."),
        Ev("Luento: Uni ja muisti", datetime(2027, 3, 24, 18), datetime(2027, 3, 24, 19, 30),
           *V["kirjasto"][:2], "Miten uni vaikuttaa muistiin? Luennoitsijana geriatrian erikoislääkäri."),
        Ev("Kevätmarkkinat", date(2027, 4, 24), date(2027, 4, 25),
           "Kauppatori", "Torikatu 1", "Käsitöitä, leivonnaisia ja yhdistysten esittelyjä molempina päivinä.",
           sample=True),
        Ev("Omaishoitajien virkistysilta", datetime(2027, 5, 6, 17), datetime(2027, 5, 6, 19),
           *V["merituuli"][:2], "Hemmotteluhetki, iltapala ja vertaistukea."),
        Ev("Senioritanssit ulkolavalla", datetime(2027, 6, 9, 18), datetime(2027, 6, 9, 20),
           *V["satama"][:2], "Lavatanssit meren rannalla. Sateella tanssitaan Kipinässä.", sample=True),
    ]
    graph = [
        {"@type": "WebPage", "@id": "/pietarsaari/tapahtumat/#webpage", "name": "Tapahtumat – Pietarsaaren kaupunki",
         "inLanguage": "fi", "isPartOf": {"@id": "/pietarsaari/#website"}},
        {"@type": "Organization", "@id": "/pietarsaari/#org", "name": "Pietarsaaren kaupunki",
         "telephone": "+358 6 786 1000", "url": "/pietarsaari/"},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Etusivu", "item": "/pietarsaari/"},
            {"@type": "ListItem", "position": 2, "name": "Tapahtumat", "item": "/pietarsaari/tapahtumat/"}]},
    ]
    cards = []
    for number, ev in enumerate(events, start=2301):
        ev.slug = f"tapahtuma-{number}"
        node = {
            "@type": ev.schema_type,
            "@id": f"/pietarsaari/tapahtumat/#{ev.slug}",
            "name": ev.title,
            "startDate": iso(ev.start),
            "endDate": iso(ev.end),
            "eventStatus": {"scheduled": "https://schema.org/EventScheduled",
                            "postponed": "https://schema.org/EventPostponed"}[ev.status],
            "location": {"@type": "Place", "name": ev.place,
                         "address": {"@type": "PostalAddress", "streetAddress": ev.address,
                                     "postalCode": "68600", "addressLocality": "Pietarsaari"}},
            "description": ev.desc,
            "url": f"/pietarsaari/tapahtumat/#{ev.slug}",
            "organizer": {"@id": "/pietarsaari/#org"},
            "inLanguage": "fi",
        }
        graph.append(node)
        when = fi_when(ev, year=True)
        cards.append(f"""  <article class="tapahtuma" id="{ev.slug}">
    <h2>{html.escape(ev.title)}</h2>
    <p class="aika">{when}</p>
    <p class="paikka">{html.escape(ev.place)}, {html.escape(ev.address)}</p>
    <p>{html.escape(ev.desc)}</p>
  </article>""")
    head = ('  <script type="application/ld+json">\n'
            + json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=1)
            + "\n  </script>\n")
    nav = [("Asuminen", "/pietarsaari/asuminen/"), ("Sosiaali- ja terveyspalvelut", "/pietarsaari/sote/"),
           ("Kulttuuri ja vapaa-aika", "/pietarsaari/vapaa-aika/"), ("Tapahtumat", "/pietarsaari/tapahtumat/"),
           ("På svenska", "/jakobstad/")]
    body = f"""<h1>Tapahtumat</h1>
<p>Pietarsaaren kaupungin ja yhdistysten tapahtumia ikäihmisille, perheille ja kaikille kaupunkilaisille.</p>
<section class="tiedote"><h2>Ajankohtaista</h2>
  <p><time datetime="2026-11-23">23.11.2026</time> Kaupungintalon asiakaspalvelu on suljettu itsenäisyyspäivän aattona.</p>
  <p><time datetime="2026-11-12">12.11.2026</time> Liikuntapaikkojen talviaukioloajat on julkaistu.</p>
</section>
<section class="tapahtumat">
{chr(10).join(cards)}
</section>"""
    footer = """  <p>Pietarsaaren kaupunki · Raatihuoneenkatu 99, 68600 Pietarsaari · puh. 06 786 1000 (vaihde)</p>
  <p><a href="/pietarsaari/saavutettavuus/">Saavutettavuusseloste</a> · <a href="/pietarsaari/evasteet/">Evästeet</a></p>"""
    write("pietarsaari/tapahtumat/index.html",
          page("Tapahtumat – Pietarsaaren kaupunki", body, lang="fi", site="Pietarsaaren kaupunki", nav=nav,
               footer=footer, head_extra=head))
    register(dict(id="pietarsaari-tapahtumat", name="Pietarsaaren kaupunki – tapahtumat",
                  organiser_type="municipality", municipality="Pietarsaari", language="fi", kind="jsonld",
                  url="${demo}/pietarsaari/tapahtumat/"),
             events, note="one JSON-LD @graph holding WebPage, Organization, BreadcrumbList and 12 events "
                          "(types Event, MusicEvent, SportsEvent); organizer given by @id reference")


# ---- iCal helpers ------------------------------------------------------------------------------

def ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b" "
            limit = 75
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def ics(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_dt(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def ics_utc(value: datetime, tz=HEL) -> str:
    return aware(value, tz).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


VTIMEZONE_HELSINKI = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Helsinki", "X-LIC-LOCATION:Europe/Helsinki",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0300", "TZNAME:EEST",
    "DTSTART:19700329T030000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0200", "TZNAME:EET",
    "DTSTART:19701025T040000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def vevent(ev: Ev, uid: str, *, utc=False, extra=(), stamp="20261120T080000Z") -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}"]
    if ev.all_day:
        lines.append(f"DTSTART;VALUE=DATE:{ev.start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{(ev.end or ev.start) + timedelta(days=1):%Y%m%d}")
    elif utc:
        lines.append(f"DTSTART:{ics_utc(ev.start)}")
        lines.append(f"DTEND:{ics_utc(ev.end)}")
    else:
        lines.append(f"DTSTART;TZID=Europe/Helsinki:{ics_dt(ev.start)}")
        lines.append(f"DTEND;TZID=Europe/Helsinki:{ics_dt(ev.end)}")
    if ev.rrule:
        lines.append(f"RRULE:{ev.rrule}")
    if ev.exdates:
        lines.append("EXDATE;TZID=Europe/Helsinki:" + ",".join(ics_dt(x) for x in ev.exdates))
    lines.append(f"SUMMARY:{ics_escape(ev.title)}")
    if ev.desc:
        lines.append(f"DESCRIPTION:{ics_escape(ev.desc)}")
    loc = ", ".join(x for x in (ev.place, ev.address) if x)
    if loc:
        lines.append(f"LOCATION:{ics_escape(loc)}")
    if ev.status == "cancelled":
        lines.append("STATUS:CANCELLED")
    else:
        lines.append("STATUS:CONFIRMED")
    if ev.categories:
        lines.append("CATEGORIES:" + ",".join(ics_escape(c) for c in ev.categories))
    lines += list(extra)
    lines.append("END:VEVENT")
    return lines


# ---- 3. Storbacka svenska församling: iCal with every feature -----------------------------

def storbacka():
    hem = ("Storbacka församlingshem", "Kyrkogatan 8, Karleby")
    kyrka = ("Storbacka kyrka", "Kyrkbacken 1, Karleby")
    gard = ("Prästgården", "Prästgårdsvägen 3, Karleby")
    series = Ev(
        "Seniorträff", datetime(2026, 12, 1, 13), datetime(2026, 12, 1, 15), *hem,
        "Kaffe, andakt och gemenskap varje tisdag. Programmet varierar: sång, föreläsningar, frågesport "
        "och ibland en utfärd. Ingen anmälan behövs – kom som du är!\nTa gärna med en vän. Taxiskjuts kan "
        "ordnas för den som har svårt att ta sig till församlingshemmet, ring diakonin senast måndag kl. 12.",
        rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270525T235959Z",
        exdates=[datetime(2026, 12, 22, 13), datetime(2026, 12, 29, 13)], sample=True,
        categories=["Seniorer", "Diakoni"])
    stick = Ev("Stickcafé", datetime(2026, 11, 5, 18), datetime(2026, 11, 5, 20), *hem,
               "Vi stickar mössor och sockor till sjömansmissionen och babypaket till BB. Garn finns.",
               rrule="FREQ=WEEKLY;BYDAY=TH;UNTIL=20270429T235959Z",
               exdates=[datetime(2026, 12, 24, 18), datetime(2026, 12, 31, 18)], sample=True)
    anhorig = Ev("Samtalsgrupp för anhörigvårdare", datetime(2026, 12, 7, 17), datetime(2026, 12, 7, 19), *gard,
                 "Första måndagen i månaden. Ledare: diakoniarbetaren och en frivillig med egen erfarenhet.",
                 rrule="FREQ=MONTHLY;BYDAY=1MO;COUNT=6")
    singles = [
        Ev("Julbasar i församlingshemmet", date(2026, 11, 28), date(2026, 11, 28), *hem,
           "Lotterier, julbak och handarbeten. Intäkterna går till diakonins julhjälp."),
        Ev("Luciafest för seniorer", datetime(2026, 12, 12, 14), datetime(2026, 12, 12, 16), *hem,
           "Luciafesten är inställd i år. Välkommen i stället på Seniorträffen tisdagar.", status="cancelled"),
        Ev("Julkonsert med kyrkokören", datetime(2026, 12, 13, 18), datetime(2026, 12, 13, 19, 30), *kyrka,
           "Kyrkokören och Storbacka spelmanslag. Kollekt till Gemensamt ansvar."),
        Ev("Julbön", datetime(2026, 12, 24, 14), datetime(2026, 12, 24, 14, 45), *kyrka, ""),
        Ev("Öppet hus i prästgården <script>alert('x')</script>", datetime(2027, 1, 20, 13),
           datetime(2027, 1, 20, 15), *gard,
           "Den nya kyrkoherden bjuder på kaffe. (Rubriken innehåller en ofarlig teststräng som ska visas som text.)"),
        Ev("Mat & samtal för män", datetime(2027, 1, 28, 17), datetime(2027, 1, 28, 19), *hem,
           "Vi lagar middag tillsammans; kostnad 5 euro. Anmälan till diakonin, tfn 040 123 4567."),
        Ev("Retreat: Tystnadens dagar på Lägergården Sandudden", date(2027, 2, 26), date(2027, 2, 28),
           "Lägergården Sandudden", "Sandudden 12, Karleby",
           "Tre dagar i tystnad med bön, promenader och enkla måltider. Pris 90 euro, anmälan senast 1.2.",
           sample=True),
        Ev("Våffelcafé", datetime(2027, 3, 25, 13), datetime(2027, 3, 25, 15), *hem,
           "Våfflor med sylt och grädde, 3 euro. Till förmån för missionen."),
        Ev("Påskvandring för hela familjen", datetime(2027, 3, 27, 11), datetime(2027, 3, 27, 13), *kyrka,
           "Vi går påskens berättelse i sex stationer runt kyrkan. Varm saft efteråt."),
        Ev("Sorgegrupp – informationsträff", datetime(2027, 4, 8, 18), datetime(2027, 4, 8, 19, 30), *gard,
           "För dig som mist en närstående. Gruppen träffas sex gånger under våren."),
        Ev("Sommarcafé i prästgårdsträdgården", datetime(2027, 6, 3, 13), datetime(2027, 6, 3, 15), *gard,
           "Vid regn flyttar vi in i salen."),
        Ev("Konfirmandläger", datetime(2027, 6, 14, 10), datetime(2027, 6, 18, 14),
           "Lägergården Sandudden", "Sandudden 12, Karleby", "Sommarens skriftskolläger, grupp 1."),
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Storbacka svenska forsamling//Kalender 3.1//SV",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Storbacka svenska församling",
             "X-WR-TIMEZONE:Europe/Helsinki",
             "X-WR-CALDESC:Gudstjänster\\, träffar och evenemang i Storbacka svenska församling\\, Karleby."]
    lines += VTIMEZONE_HELSINKI
    lines += vevent(series, "seniortraff-2026@storbacka.invalid",
                    extra=["CREATED:20261010T090000Z", "LAST-MODIFIED:20261119T121500Z", "SEQUENCE:2"])
    # One instance moved (to Wednesday, another room), one instance cancelled.
    lines += ["BEGIN:VEVENT", "UID:seniortraff-2026@storbacka.invalid", "DTSTAMP:20261120T080000Z",
              "RECURRENCE-ID;TZID=Europe/Helsinki:20270112T130000",
              "DTSTART;TZID=Europe/Helsinki:20270113T130000", "DTEND;TZID=Europe/Helsinki:20270113T150000",
              "SUMMARY:Seniorträff (flyttad till onsdag)",
              "DESCRIPTION:Obs! Denna vecka träffas vi på onsdag i prästgården eftersom församlingshemmet "
              "renoveras.",
              "LOCATION:Prästgården\\, Prästgårdsvägen 3\\, Karleby", "SEQUENCE:3", "STATUS:CONFIRMED",
              "END:VEVENT"]
    lines += ["BEGIN:VEVENT", "UID:seniortraff-2026@storbacka.invalid", "DTSTAMP:20261120T080000Z",
              "RECURRENCE-ID;TZID=Europe/Helsinki:20270216T130000",
              "DTSTART;TZID=Europe/Helsinki:20270216T130000", "DTEND;TZID=Europe/Helsinki:20270216T150000",
              "SUMMARY:Seniorträff – INSTÄLLD", "STATUS:CANCELLED", "SEQUENCE:3", "END:VEVENT"]
    lines += vevent(stick, "stickcafe@storbacka.invalid")
    lines += vevent(anhorig, "anhorigvard-grupp@storbacka.invalid")
    for number, ev in enumerate(singles, start=101):
        lines += vevent(ev, f"evt-{number}@storbacka.invalid")
    lines.append("END:VCALENDAR")
    write("storbacka-forsamling/kalender.ics", ics(lines))
    events = [series, stick, anhorig] + singles
    register(dict(id="storbacka-forsamling", name="Storbacka svenska församling – kalender",
                  organiser_type="parish", municipality="Kokkola", language="sv", kind="ical",
                  url="${demo}/storbacka-forsamling/kalender.ics"),
             events,
             note="Seniorträff: weekly on Tuesdays with EXDATE 22.12 and 29.12, the 12.1.2027 instance "
                  "moved to Wed 13.1.2027 13:00 (RECURRENCE-ID), the 16.2.2027 instance cancelled; the "
                  "title with <script> must stay inert text",
             moved_instance={"series": "Seniorträff", "recurrence_id": "2027-01-12T13:00:00+02:00",
                             "start": "2027-01-13T13:00:00+02:00"},
             cancelled_instance={"series": "Seniorträff", "start": "2027-02-16T13:00:00+02:00"},
             injection_title="Öppet hus i prästgården <script>alert('x')</script>")


# ---- 4. Rantakylän suomalainen seurakunta: RSS, times in Finnish item text ------------------

def rss_doc(title, link, description, items, *, lang, extra_ns="", self_url=""):
    body = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"{extra_ns}>
<channel>
  <title>{html.escape(title)}</title>
  <link>{link}</link>
  <atom:link href="{self_url}" rel="self" type="application/rss+xml"/>
  <description>{html.escape(description)}</description>
  <language>{lang}</language>
  <lastBuildDate>{format_datetime(aware(NOW - timedelta(hours=3)))}</lastBuildDate>
  <generator>Seurakuntasivusto 4.2</generator>
{body}
</channel>
</rss>
"""


def rantakyla():
    sk = "seurakuntakoti"
    events = [
        Ev("Eläkeläisten kerho", datetime(2026, 12, 1, 13), datetime(2026, 12, 1, 15), sk, "Kirkkotie 4",
           "Joulun odotusta, laulua ja kahvit. Mukana kanttori.", sample=True),
        Ev("Kauneimmat joululaulut", datetime(2026, 12, 6, 18), None, "kirkossa", "Kirkkotie 2",
           "Lauletaan yhdessä rakkaimmat joululaulut. Kolehti Yhteisvastuulle."),
        Ev("Omaishoitajien joulukahvit", datetime(2026, 12, 9, 13), datetime(2026, 12, 9, 14, 30), sk,
           "Kirkkotie 4", "Hetki hengähdystä omaishoitajille. Hoidettavalle järjestetään seuraa."),
        Ev("Miesten saunailta", datetime(2026, 12, 11, 18), datetime(2026, 12, 11, 21), "leirikeskus Koivuranta",
           "Koivurannantie 40", "Saunotaan, syödään ja keskustellaan. Kyyti lähtee seurakuntakodilta klo 17.30."),
        Ev("Diakoniaruokailu", datetime(2026, 12, 16, 11), datetime(2026, 12, 16, 12, 30), sk, "Kirkkotie 4",
           "Lämmin lounas 3 €. Kaikki tervetuloa!"),
        Ev("Jouluaaton hartaus", datetime(2026, 12, 24, 15), None, "hautausmaan kappelissa", "Hautausmaantie 1",
           "Lyhyt hartaus ja kynttilöiden sytytys."),
        Ev("Tuolijumppa alkaa taas", datetime(2027, 1, 12, 10), datetime(2027, 1, 12, 11), sk, "Kirkkotie 4",
           "Kevätkauden ensimmäinen kerta. Jumppaa istuen omassa tahdissa."),
        Ev("Sururyhmä", datetime(2027, 1, 21, 17, 30), datetime(2027, 1, 21, 19), "kerhohuone", "Kirkkotie 4",
           "Ryhmä läheisensä menettäneille, ilmoittautuminen diakonille 15.1. mennessä."),
        Ev("Perhekerho", datetime(2027, 2, 3, 9, 30), datetime(2027, 2, 3, 11, 30), sk, "Kirkkotie 4",
           "Leikkiä, laulua ja aamupala vauvoille ja taaperoille aikuisineen."),
        Ev("Laskiaisrieha", datetime(2027, 2, 7, 12), datetime(2027, 2, 7, 14), "kirkon mäki", "Kirkkotie 2",
           "Pulkkamäki, hernekeittoa ja laskiaispullia. Messu ennen riehaa klo 10.", sample=True),
        Ev("Paastonajan hiljainen ilta", datetime(2027, 3, 10, 18), datetime(2027, 3, 10, 19), "kirkossa",
           "Kirkkotie 2", "Hiljaisuutta, rukousta ja musiikkia."),
        Ev("Ikäihmisten leiri", date(2027, 5, 10), date(2027, 5, 12), "leirikeskus Koivuranta",
           "Koivurannantie 40", "Kolmen päivän leiri: ulkoilua, hartauksia ja hyvää ruokaa. Hinta 60 €.",
           sample=True),
    ]
    news = [
        ("Uusi kirkkoherra valittu", "Kirkkoneuvosto on valinnut seurakunnan uudeksi kirkkoherraksi "
         "pitkään seurakunnassa toimineen kappalaisen. Onnittelemme!", datetime(2026, 11, 20, 14)),
        ("Syksyn kolehtien tulokset", "Kiitos kaikille antajille! Syksyn kolehdit tuottivat yhteensä "
         "noin 4 800 euroa lähetystyölle ja diakonialle.", datetime(2026, 11, 13, 9)),
        ("Seurakuntalehti jaetaan kotitalouksiin", "Joulun seurakuntalehti ilmestyy ja jaetaan "
         "kaikkiin talouksiin. Lehti on luettavissa myös verkossa.", datetime(2026, 11, 6, 10)),
    ]
    items = []  # (publication time, item xml), newest first like real feeds
    published = [datetime(2026, 11, 2, 9), datetime(2026, 11, 4, 11), datetime(2026, 11, 9, 8, 30),
                 datetime(2026, 11, 10, 12), datetime(2026, 11, 16, 10), datetime(2026, 11, 18, 15),
                 datetime(2026, 11, 19, 9), datetime(2026, 11, 19, 9, 5), datetime(2026, 11, 23, 13),
                 datetime(2026, 11, 23, 13, 10), datetime(2026, 11, 24, 8), datetime(2026, 11, 24, 8, 15)]
    for number, (ev, pub) in enumerate(zip(events, published), start=501):
        ev.slug = slugify(ev.title)
        when = fi_when(ev, year=ev.start.year == 2027)
        desc = f"<p><strong>{when}</strong>, {html.escape(ev.place)} ({html.escape(ev.address)}).</p><p>{html.escape(ev.desc)}</p>"
        items.append((pub, f"""  <item>
    <title>{html.escape(ev.title)}</title>
    <link>{DEMO}/rantakylan-seurakunta/tapahtumat/{ev.slug}/</link>
    <guid isPermaLink="false">rantakyla-tapahtuma-{number}</guid>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <category>Tapahtumat</category>
    <description><![CDATA[{desc}]]></description>
  </item>"""))
    for number, (title, text, pub) in enumerate(news, start=900):
        items.append((pub, f"""  <item>
    <title>{html.escape(title)}</title>
    <link>{DEMO}/rantakylan-seurakunta/uutiset/{slugify(title)}/</link>
    <guid isPermaLink="false">rantakyla-uutinen-{number}</guid>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <category>Uutiset</category>
    <description><![CDATA[<p>{html.escape(text)}</p>]]></description>
  </item>"""))
    items = [item for _, item in sorted(items, key=lambda pair: pair[0], reverse=True)]
    write("rantakylan-seurakunta/tapahtumat.xml",
          rss_doc("Rantakylän suomalainen seurakunta – tapahtumat ja uutiset",
                  f"{DEMO}/rantakylan-seurakunta/", "Seurakunnan tapahtumat ja uutiset", items, lang="fi",
                  self_url=f"{DEMO}/rantakylan-seurakunta/tapahtumat.xml"))
    register(dict(id="rantakylan-seurakunta", name="Rantakylän suomalainen seurakunta – tapahtumat",
                  organiser_type="parish", municipality="Kokkola", language="fi", kind="rss",
                  url="${demo}/rantakylan-seurakunta/tapahtumat.xml"),
             events, not_events=[n[0] for n in news],
             note="event time only in the item text ('Ti 1.12. klo 13–15'); pubDate is the publication date")


# ---- 5. Sandviks församling: RSS 2.0 with the RSS 1.0 event module (ev:startdate) ----------

def sandvik():
    hem = ("Sandviks församlingshem", "Skolgatan 14, Jakobstad")
    kyrka = ("Sandviks kyrka", "Kyrkoesplanaden 3, Jakobstad")
    events = [
        Ev("Adventskonsert", datetime(2026, 11, 29, 18), datetime(2026, 11, 29, 19, 15), *kyrka,
           "Första advent: församlingens körer och blåsorkester. Fritt inträde, kollekt.", sample=True),
        Ev("Seniorcafé", datetime(2026, 12, 3, 13), datetime(2026, 12, 3, 15), *hem,
           "Kaffe och prat – i december med julsånger."),
        Ev("Anhörigträff", datetime(2026, 12, 7, 17), datetime(2026, 12, 7, 19), *hem,
           "För dig som vårdar en närstående. Samtal i liten grupp."),
        Ev("Julaftonsgemenskap", datetime(2026, 12, 24, 12), datetime(2026, 12, 24, 15), *hem,
           "Julmat och gemenskap för dig som inte vill vara ensam på julafton. Anmäl gärna om skjuts."),
        Ev("Trettondagsgudstjänst med kyrkkaffe", datetime(2027, 1, 6, 11), datetime(2027, 1, 6, 13), *kyrka, ""),
        Ev("Stickcafé för alla", datetime(2027, 1, 14, 18), datetime(2027, 1, 14, 20), *hem,
           "Nybörjare och vana stickare välkomna."),
        Ev("Kvinnofrukost", datetime(2027, 2, 6, 9, 30), datetime(2027, 2, 6, 11, 30), *hem,
           "Frukost och föredrag om att åldras med glädje. Pris 8 euro."),
        Ev("Bibelsamtal", datetime(2027, 3, 3, 18), datetime(2027, 3, 3, 19, 30), *hem, "Vi läser Markusevangeliet."),
        Ev("Påskkonsert", datetime(2027, 3, 26, 19), datetime(2027, 3, 26, 20, 30), *kyrka,
           "Långfredagens konsert med stråkkvartett.", sample=True),
        Ev("Familjeutflykt till lägergården", datetime(2027, 5, 15, 10), datetime(2027, 5, 15, 15),
           "Lägergården Tallåsen", "Tallåsvägen 7, Pedersöre", "Buss från församlingshemmet kl. 9.30.",
           sample=True),
    ]
    news = [("Kansliet stängt under julen", "Pastorskansliet håller stängt under julhelgerna. I brådskande "
             "ärenden når du jourhavande präst via växeln.", datetime(2026, 11, 24, 10)),
            ("Församlingsbladet utkommer", "Decembernumret av församlingsbladet har delats ut. Det finns "
             "också att läsa på webben.", datetime(2026, 11, 17, 12))]
    items = []
    published = [datetime(2026, 11, 10, 9), datetime(2026, 11, 12, 10), datetime(2026, 11, 12, 10, 30),
                 datetime(2026, 11, 18, 8), datetime(2026, 11, 19, 11), datetime(2026, 11, 19, 11, 5),
                 datetime(2026, 11, 20, 14), datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 9, 30),
                 datetime(2026, 11, 24, 15)]
    for number, (ev, pub) in enumerate(zip(events, published), start=1):
        end = f"\n    <ev:enddate>{iso(ev.end)}</ev:enddate>" if ev.end else ""
        text = html.escape(ev.desc or "Välkommen!")
        items.append(f"""  <item>
    <title>{html.escape(ev.title)}</title>
    <link>{DEMO}/sandviks-forsamling/evenemang/{number}/</link>
    <guid isPermaLink="false">sandvik-ev-{number}</guid>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <description>{text}</description>
    <ev:startdate>{iso(ev.start)}</ev:startdate>{end}
    <ev:location>{html.escape(ev.place)}, {html.escape(ev.address)}</ev:location>
    <ev:organizer>Sandviks församling</ev:organizer>
    <ev:type>Församlingsliv</ev:type>
  </item>""")
    for number, (title, text, pub) in enumerate(news, start=90):
        items.append(f"""  <item>
    <title>{html.escape(title)}</title>
    <link>{DEMO}/sandviks-forsamling/nyheter/{number}/</link>
    <guid isPermaLink="false">sandvik-nyhet-{number}</guid>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <description>{html.escape(text)}</description>
  </item>""")
    write("sandviks-forsamling/rss.xml",
          rss_doc("Sandviks församling", f"{DEMO}/sandviks-forsamling/", "Evenemang och nyheter", items,
                  lang="sv-FI", extra_ns=' xmlns:ev="http://purl.org/rss/1.0/modules/event/"',
                  self_url=f"{DEMO}/sandviks-forsamling/rss.xml"))
    register(dict(id="sandviks-forsamling", name="Sandviks församling – evenemang", organiser_type="parish",
                  municipality="Pietarsaari", language="sv", kind="rss",
                  url="${demo}/sandviks-forsamling/rss.xml"),
             events, not_events=[n[0] for n in news],
             note="event times in ev:startdate / ev:enddate (xmlns:ev RSS 1.0 event module)")


# ---- 6. Larsmo Hjälpkrets: Atom feed, Swedish event times in the entry text ---------------

def larsmo():
    hus = "Föreningshuset Holmen"
    events = [
        Ev("Första hjälpen – grundkurs", datetime(2026, 12, 5, 9), datetime(2026, 12, 5, 15), hus, "Holmenvägen 2",
           "Kursen ger intyg för tre år. Avgift 40 euro, medlemmar 25 euro. Anmälan senast 1.12."),
        Ev("Vänverksamhetens julfest", datetime(2026, 12, 9, 18), None, hus, "Holmenvägen 2",
           "För alla frivilliga vänner och dem de besöker. Tomten kommer!", sample=True),
        Ev("Blodgivning i Larsmo", datetime(2026, 12, 14, 14), datetime(2026, 12, 14, 18, 30),
           "Bygdegården Sandbacka", "Sandbackavägen 15", "Ta med identitetsbevis."),
        Ev("Julinsamling vid Byabutiken", datetime(2026, 12, 19, 10), datetime(2026, 12, 19, 14),
           "Byabutiken", "Strandvägen 1", "Vi samlar in pengar till familjer i nöd. Insamlingsbössor och glögg."),
        Ev("Vänkurs för nya frivilliga", datetime(2027, 1, 19, 18), datetime(2027, 1, 19, 20, 30), hus,
           "Holmenvägen 2", "Vill du bli vän till en äldre person? Kursen är gratis.", sample=True),
        Ev("Hjärt-lungräddning – repetitionskurs", datetime(2027, 2, 6, 10), datetime(2027, 2, 6, 13), hus,
           "Holmenvägen 2", "Öva HLR och användning av hjärtstartare."),
        Ev("Promenadgruppen startar", datetime(2027, 3, 4, 10), None, "kyrkparkeringen", "Kyrkvägen 5",
           "Samling vid kyrkparkeringen, vi går ca en timme."),
        Ev("Årsmöte", datetime(2027, 3, 18, 18, 30), None, hus, "Holmenvägen 2", "Stadgeenliga ärenden. Kaffe."),
        Ev("Vårens blodgivning", datetime(2027, 4, 12, 14), datetime(2027, 4, 12, 18, 30),
           "Bygdegården Sandbacka", "Sandbackavägen 15", "Ny givare? Kom en halvtimme tidigare.",
           sample=True),
    ]
    news = [("Tack för höstens insamling!", "Insamlingen i oktober gav över 2 000 euro. Stort tack till alla "
             "bössbärare och givare.", datetime(2026, 11, 3, 12)),
            ("Vi söker fler vänner till äldre", "Vänverksamheten behöver fler frivilliga som kan besöka en äldre "
             "person någon gång i veckan. Hör av dig till vänförmedlaren.", datetime(2026, 11, 11, 9)),
            ("Ny ordförande vald", "Höstmötet valde en ny ordförande för de kommande två åren. Styrelsen "
             "tackar den avgående ordföranden för många års arbete.", datetime(2026, 11, 21, 16))]
    published = [datetime(2026, 11, 5, 10), datetime(2026, 11, 12, 14), datetime(2026, 11, 14, 9),
                 datetime(2026, 11, 17, 18), datetime(2026, 11, 20, 11), datetime(2026, 11, 20, 11, 30),
                 datetime(2026, 11, 22, 20), datetime(2026, 11, 23, 10), datetime(2026, 11, 24, 12)]
    entries = []
    for number, (ev, pub) in enumerate(zip(events, published), start=1):
        when = sv_when(ev, capital=True, year=ev.title.startswith("Vänkurs"))
        text = f"{when} i {ev.place}, {ev.address}." if ev.place == hus else f"{when}, {ev.place}, {ev.address}."
        content = f"<p><strong>{html.escape(text)}</strong></p><p>{html.escape(ev.desc)}</p>"
        entries.append((pub, f"""  <entry>
    <title>{html.escape(ev.title)}</title>
    <link rel="alternate" type="text/html" href="{DEMO}/larsmo-hjalpkrets/aktuellt/{slugify(ev.title)}/"/>
    <id>tag:larsmo-hjalpkrets.invalid,2026:post-{number}</id>
    <published>{aware(pub).isoformat()}</published>
    <updated>{aware(pub).isoformat()}</updated>
    <category term="evenemang"/>
    <content type="html">{html.escape(content)}</content>
  </entry>"""))
    for number, (title, text, pub) in enumerate(news, start=50):
        entries.append((pub, f"""  <entry>
    <title>{html.escape(title)}</title>
    <link rel="alternate" type="text/html" href="{DEMO}/larsmo-hjalpkrets/aktuellt/{slugify(title)}/"/>
    <id>tag:larsmo-hjalpkrets.invalid,2026:post-{number}</id>
    <published>{aware(pub).isoformat()}</published>
    <updated>{aware(pub).isoformat()}</updated>
    <category term="nyheter"/>
    <summary>{html.escape(text)}</summary>
  </entry>"""))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <title>Larsmo Hjälpkrets rf – Aktuellt</title>
  <subtitle>Frivilligt hjälparbete, vänverksamhet och första hjälpen i Larsmo</subtitle>
  <link rel="alternate" type="text/html" href="{DEMO}/larsmo-hjalpkrets/"/>
  <link rel="self" type="application/atom+xml" href="{DEMO}/larsmo-hjalpkrets/aktuellt.atom"/>
  <id>tag:larsmo-hjalpkrets.invalid,2026:feed</id>
  <updated>{aware(datetime(2026, 11, 24, 12)).isoformat()}</updated>
  <author><name>Larsmo Hjälpkrets rf</name></author>
{chr(10).join(entry for _, entry in entries)}
</feed>
"""
    write("larsmo-hjalpkrets/aktuellt.atom", feed)
    register(dict(id="larsmo-hjalpkrets", name="Larsmo Hjälpkrets rf – aktuellt", organiser_type="association",
                  municipality="Luoto", language="sv", kind="rss",
                  url="${demo}/larsmo-hjalpkrets/aktuellt.atom"),
             events, not_events=[n[0] for n in news],
             note="Atom feed; event time in the entry content ('Onsdag 9 december kl. 18.00 i ...'), "
                  "year left out except once")


# ---- 7. Nykarleby stad: old CMS page "Kalender" saved as ISO-8859-1 -----------------------

def nykarleby():
    events = [
        Ev("Mottagning för nya invånare", datetime(2026, 11, 19, 17), datetime(2026, 11, 19, 19),
           "Stadshusets festsal", "Topeliusesplanaden 7", "Staden hälsar nyinflyttade välkomna med kaffe och information."),
        Ev("Höstens sista seniorgympa", datetime(2026, 11, 27, 10), datetime(2026, 11, 27, 11),
           "Idrottsgården Lärkan", "Idrottsvägen 4", "Gympa till musik. Vårens grupper börjar i januari."),
        Ev("Luciakaffe på Träffpunkt Åbacka", datetime(2026, 12, 13, 14), datetime(2026, 12, 13, 16),
           "Träffpunkt Åbacka", "Åvägen 3", "Luciatåg kl. 14.30. Kaffe och lussekatter 3 euro."),
        Ev("Julkonsert med Kyrkbackens kammarkör", datetime(2026, 12, 16, 18), None,
           "Kyrkan", "Kyrkbacken 1", "Fritt inträde. Programblad 10 euro till förmån för körens resa.",
           sample=True),
        Ev("Julgröt för seniorer", datetime(2026, 12, 18, 11, 30), datetime(2026, 12, 18, 13),
           "Servicehuset Björkå", "Björkåvägen 10", "Risgrynsgröt och skinksmörgås. Anmälan till servicehuset."),
        Ev("Familjeskridsko på Öjvallens isbana", datetime(2027, 1, 9, 17), datetime(2027, 1, 9, 19),
           "Öjvallens isbana", "Öjvägen 22", "Musik, varm saft och korv. Lånaskridskor finns."),
        Ev("Föreläsning: Må bra i mörka tider", datetime(2027, 1, 19, 18), None,
           "Biblioteket Läslyktan", "Storgatan 12", "Om ljus, rörelse och gemenskap när dagarna är korta.",
           sample=True),
        Ev("Bastukväll vid Älvstranden", datetime(2027, 2, 5, 17), datetime(2027, 2, 5, 20),
           "Älvstrandens bastu", "Strandvägen 30", "Vedeldad bastu och vak. Handduk och badkläder med."),
        Ev("Hälsodag i Sockenstugan", datetime(2027, 2, 27, 10), datetime(2027, 2, 27, 14),
           "Sockenstugan", "Sockenvägen 2", "Blodtrycksmätning, stavgång och föreläsningar om kost."),
        Ev("Sånggruppen Höstrosor sjunger", datetime(2027, 3, 14, 15), None,
           "Träffpunkt Åbacka", "Åvägen 3", "Vårsånger och visor. Kaffeservering."),
        Ev("Påskpyssel för barn och äldre", datetime(2027, 3, 24, 13), datetime(2027, 3, 24, 15),
           "Servicehuset Björkå", "Björkåvägen 10", "Barnen från daghemmet Ängsmyran pysslar med de äldre."),
        Ev("Valborgsmässoafton vid älven", datetime(2027, 4, 30, 19), None,
           "Åstranden", "Åstrandsvägen 1", "Brasa, vårtal och manskören sjunger in våren."),
        Ev("Midsommarfest på Hembygdsgården", datetime(2027, 6, 25, 19), datetime(2027, 6, 25, 23),
           "Hembygdsgården Kåtan", "Gårdsvägen 5", "Majstången reses kl. 19. Dans till levande musik.",
           sample=True),
    ]
    months = {}
    for ev in events:
        months.setdefault((ev.start.year, ev.start.month), []).append(ev)
    parts = []
    for (year, month), group in months.items():
        parts.append(f'<tr><td colspan="2"><h2>{SV_MONTHS[month - 1].capitalize()} {year}</h2></td></tr>')
        for ev in group:
            when = sv_when(ev, dash="-")
            parts.append(f"""<tr class="kal-rad">
  <td class="kal-datum" valign="top"><b>{ev.start.day}.{ev.start.month}</b></td>
  <td class="kal-text" valign="top">
    <h3>{html.escape(ev.title)}</h3>
    <p class="tid">{when}</p>
    <p>Plats: {html.escape(ev.place)}, {html.escape(ev.address)}, Nykarleby</p>
    <p>{html.escape(ev.desc)}</p>
  </td>
</tr>""")
    body = f"""<table width="100%" cellpadding="4" border="0" class="layout">
<tr><td class="vanster" width="180" valign="top">
  <p><a href="/nykarleby/">Startsida</a><br><a href="/nykarleby/kalender/">Kalender</a><br>
  <a href="/nykarleby/service/">Service &amp; tjänster</a><br><a href="/nykarleby/fritid/">Fritid</a></p>
</td>
<td valign="top">
<h1>Kalender</h1>
<p>H&auml;r hittar du evenemang i Nykarleby. F&ouml;reningar kan anm&auml;la sina evenemang till fritidsbyr&aring;n.
Uppdaterad 24.11.2026.</p>
<table class="kalender" width="100%" cellspacing="0">
{chr(10).join(parts)}
</table>
</td></tr></table>"""
    footer = """<p>Nykarleby stad &middot; Topeliusesplanaden 7, 66900 Nykarleby &middot; tfn (06) 785 6000 &middot;
fritidsbyran@nykarleby.invalid</p>"""
    text = page("Kalender - Nykarleby stad", body, site="Nykarleby stad", footer=footer,
                charset="iso-8859-1", meta_style="http-equiv", cookie=False,
                nav=[("Startsida", "/nykarleby/"), ("Kalender", "/nykarleby/kalender/"), ("Kontakt", "/nykarleby/kontakt/")])
    text = text.replace("<!DOCTYPE html>", '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">')
    write("nykarleby/kalender/index.html", text, encoding="iso-8859-1")
    register(dict(id="nykarleby-kalender", name="Nykarleby stad – kalender", organiser_type="municipality",
                  municipality="Uusikaarlepyy", language="sv", kind="html",
                  url="${demo}/nykarleby/kalender/"),
             events, note="ISO-8859-1 bytes, charset declared only in <meta http-equiv>; dates like "
                          "'onsdag 16 december kl. 18.00' without year under month headings with the year")


# ---- 8. Kvarnbacka församling (Pedersöre): weekly activities in prose -----------------------

def kvarnbacka():
    R = [
        Ev("Seniorträffen", None, None, "församlingshemmet", "",
           "Seniorträffen samlas varje tisdag kl. 13–15 i församlingshemmet. Kaffe, andakt och ett aktuellt tema.",
           rrule="FREQ=WEEKLY;BYDAY=TU", start_time="13:00", end_time="15:00", sample=True),
        Ev("Tuolijumppa", None, None, "seurakuntakodin sali", "",
           "Tuolijumppa joka tiistai klo 10–11 seurakuntakodin salissa. Ohjaajana diakoniatyöntekijä.",
           rrule="FREQ=WEEKLY;BYDAY=TU", start_time="10:00", end_time="11:00"),
        Ev("Babyrytmik", None, None, "klubbrummet", "",
           "Babyrytmik torsdagar kl. 10.00–11.00 (ej 24.12) i klubbrummet. För barn 0–2 år med vuxen.",
           rrule="FREQ=WEEKLY;BYDAY=TH", exdates=[date(2026, 12, 24)], start_time="10:00", end_time="11:00",
           sample=True),
        Ev("Omaishoitajien vertaisryhmä", None, None, "seurakuntakoti", "",
           "Omaishoitajien vertaisryhmä kokoontuu kuukauden ensimmäisenä maanantaina klo 17–19 seurakuntakodilla.",
           rrule="FREQ=MONTHLY;BYDAY=1MO", start_time="17:00", end_time="19:00"),
        Ev("Kyrkokören", None, None, "kyrkan", "",
           "Kyrkokören övar onsdagar kl. 18.30 i kyrkan. Nya sångare välkomna, särskilt tenorer!",
           rrule="FREQ=WEEKLY;BYDAY=WE", start_time="18:30"),
        Ev("Stickcafé", None, None, "församlingshemmets café", "",
           "Stickcafé måndagar kl. 18–20 i församlingshemmets café. Garn och stickor finns att låna.",
           rrule="FREQ=WEEKLY;BYDAY=MO", start_time="18:00", end_time="20:00"),
        Ev("Mansgruppen", None, None, "prästgården", "",
           "Mansgruppen träffas första fredagen i månaden kl. 19 i prästgården. Bastu och samtal.",
           rrule="FREQ=MONTHLY;BYDAY=1FR", start_time="19:00"),
        Ev("Promenadgruppen", None, None, "kyrkparkeringen", "",
           "Promenadgruppen går fredagar kl. 10 från kyrkparkeringen, ca 45 minuter i lugn takt.",
           rrule="FREQ=WEEKLY;BYDAY=FR", start_time="10:00"),
        Ev("Raamattupiiri", None, None, "seurakuntakodin kerhohuone", "",
           "Raamattupiiri keskiviikkoisin klo 18–19.30 seurakuntakodin kerhohuoneessa.",
           rrule="FREQ=WEEKLY;BYDAY=WE", start_time="18:00", end_time="19:30"),
        Ev("Familjeklubben", None, None, "klubbrummet", "",
           "Familjeklubben onsdagar kl. 9.30–11.30 i klubbrummet. Lek, sång och frukost.",
           rrule="FREQ=WEEKLY;BYDAY=WE", start_time="09:30", end_time="11:30"),
    ]
    dated = [
        Ev("Kauneimmat joululaulut", datetime(2026, 12, 13, 16), None, "kirkko", "",
           "Kauneimmat joululaulut sunnuntaina 13.12. klo 16 kirkossa. Kolehti Yhteisvastuulle."),
        Ev("Julkonsert", datetime(2026, 12, 20, 18), None, "kyrkan", "",
           "Julkonsert söndag 20 december kl. 18.00 i kyrkan med kyrkokören och barnkören.", sample=True),
        Ev("Vårfest för seniorer", datetime(2027, 5, 20, 13), None, "församlingshemmet", "",
           "Vårfest för seniorer torsdag 20 maj kl. 13 i församlingshemmet. Anmälan till diakonin."),
    ]
    for ev in dated:  # the date in the prose must agree with the data
        assert (f"{ev.start.day}.{ev.start.month}." in ev.desc
                or f"{SV_DAYS[ev.start.weekday()]} {ev.start.day} {SV_MONTHS[ev.start.month - 1]}" in ev.desc)
    by = {ev.title: ev for ev in R}
    fi_items = [by["Tuolijumppa"], by["Omaishoitajien vertaisryhmä"], by["Raamattupiiri"]]

    def block(ev):
        rest = ev.desc[len(ev.title):] if ev.desc.startswith(ev.title) else " – " + ev.desc
        return f"<p><strong>{html.escape(ev.title)}</strong>{html.escape(rest)}</p>"

    body = f"""<h1>Verksamhet för alla åldrar</h1>
<p class="ingress">Här hittar du församlingens regelbundna verksamhet under vintern och våren. Välkommen med –
ingen förhandsanmälan behövs om inte annat nämns. Täältä löydät myös seurakunnan suomenkielisen toiminnan.</p>

<h2>Vuxna och seniorer</h2>
{block(by["Seniorträffen"])}
{block(by["Stickcafé"])}
{block(by["Mansgruppen"])}
{block(by["Promenadgruppen"])}

<h2>Musik</h2>
{block(by["Kyrkokören"])}

<h2>Barn och familj</h2>
<ul>
  <li>{block(by["Familjeklubben"])[3:-4]}</li>
  <li>{block(by["Babyrytmik"])[3:-4]}</li>
</ul>

<h2>Suomenkielinen toiminta</h2>
<ul>
{chr(10).join('  <li>' + block(ev)[3:-4] + '</li>' for ev in fi_items)}
</ul>

<h2>Kommande evenemang</h2>
{chr(10).join(block(ev) for ev in dated)}
"""
    assert set(body.count(f"<strong>{html.escape(ev.title)}</strong>") for ev in R + dated) == {1}
    footer = """  <p><strong>Kvarnbacka församling</strong> · Kyrkvägen 21, 68810 Pedersöre</p>
  <p>Pastorskansliet öppet må–fr kl. 9–12 · tfn 06 723 4400 · kansliet@kvarnbacka.invalid</p>
  <p>Diakonimottagning efter tidsbokning.</p>"""
    nav = [("Gudstjänster", "/kvarnbacka-forsamling/gudstjanster/"), ("Verksamhet", "/kvarnbacka-forsamling/verksamhet/"),
           ("Dop, vigsel, begravning", "/kvarnbacka-forsamling/forrattningar/"), ("Suomeksi", "/kvarnbacka-forsamling/suomeksi/")]
    write("kvarnbacka-forsamling/verksamhet/index.html",
          page("Verksamhet – Kvarnbacka församling", body, site="Kvarnbacka församling", nav=nav, footer=footer))
    register(dict(id="kvarnbacka-forsamling", name="Kvarnbacka församling – verksamhet", organiser_type="parish",
                  municipality="Pedersöre", language="sv", kind="html",
                  url="${demo}/kvarnbacka-forsamling/verksamhet/"),
             R + dated,
             note="10 recurring activities described in Swedish and Finnish prose (no first date: samples give "
                  "rrule and start_time), 3 dated events; the footer's office hours are not an activity")


# ---- 9. Ankkuri ry (Vaasa): unemployed association, Finnish dated list ---------------------

def ankkuri():
    place = ("Toimintakeskus Ankkuri", "Satamakatu 18")
    events = [
        Ev("Työnhakupaja: CV kuntoon", datetime(2026, 12, 8, 10), datetime(2026, 12, 8, 12), *place,
           "Tuo oma CV tai tee uusi ohjaajan kanssa. Kahvit tarjolla.", sample=True),
        Ev("Joulumyyjäiset", datetime(2026, 12, 12, 14), None, *place,
           "Käsitöitä, leivonnaisia ja arpajaiset. Tuotto toiminnan hyväksi.", sample=True),
        Ev("Joulujuhla", datetime(2026, 12, 13, 15), None, *place,
           "Jouluruokaa, laulua ja pukki. Jäsenille maksuton, muille 5 €.", when_text="Su 13.12. klo 15.00"),
        Ev("Yhteinen puurolounas", datetime(2026, 12, 16, 11), datetime(2026, 12, 16, 13), *place, "Riisipuuroa ja sekahedelmäsoppaa 2 €."),
        Ev("Kävelyryhmä rantareitillä", datetime(2027, 1, 11, 10), None, "Ankkurin pääovi", "Satamakatu 18",
           "Reipas kävely noin tunti. Lähtö Ankkurin pääovelta."),
        Ev("Digitaidot: verkkopankki tutuksi", datetime(2027, 1, 20, 13), datetime(2027, 1, 20, 15), *place,
           "Ota mukaan omat pankkitunnukset ja puhelin."),
        Ev("Lautapeli-iltapäivä", datetime(2027, 1, 29, 13), datetime(2027, 1, 29, 16), *place, "Pelejä kaikenikäisille."),
        Ev("Bowlingilta", datetime(2027, 2, 5, 18), None, "Keilahalli Kaato", "Urheilutie 3",
           "Tapahtuma on peruttu vähäisen osallistujamäärän vuoksi.", status="cancelled"),
        Ev("Talvirieha ulkoilualueella", datetime(2027, 2, 20, 11), datetime(2027, 2, 20, 14),
           "Ulkoilualue Metsäkallio", "Metsäkalliontie 1", "Makkaranpaistoa, potkukelkkoja ja mölkkyä lumessa."),
        Ev("Luento: Talous kuntoon", datetime(2027, 3, 9, 17), datetime(2027, 3, 9, 18, 30), *place,
           "Talousneuvoja kertoo budjetoinnista ja velkojen järjestelystä."),
        Ev("Kevätkokous", datetime(2027, 3, 25, 17), None, *place, "Sääntömääräiset asiat. Kahvitarjoilu."),
        Ev("Kevätretki saaristoon", datetime(2027, 5, 22, 9), datetime(2027, 5, 22, 17), "Linja-autoasema",
           "Asemakatu 1", "Bussiretki saaristoon, omavastuu 15 €. Ilmoittautuminen 10.5. mennessä.", sample=True),
    ]
    months = {}
    for ev in events:
        months.setdefault((ev.start.year, ev.start.month), []).append(ev)
    fi_months = ["Tammikuu", "Helmikuu", "Maaliskuu", "Huhtikuu", "Toukokuu", "Kesäkuu", "Heinäkuu",
                 "Elokuu", "Syyskuu", "Lokakuu", "Marraskuu", "Joulukuu"]
    parts = []
    for (year, month), group in months.items():
        parts.append(f"<h2>{fi_months[month - 1]} {year}</h2>")
        for ev in group:
            cancelled = ' <span class="peruttu">PERUTTU</span>' if ev.status == "cancelled" else ""
            css = "tapahtuma peruttu" if cancelled else "tapahtuma"
            parts.append(f"""<div class="{css}">
  <h3>{html.escape(ev.title)}{cancelled}</h3>
  <p><strong>{ev.when_text or fi_when(ev)}</strong>, {html.escape(ev.place)}, {html.escape(ev.address)}</p>
  <p>{html.escape(ev.desc)}</p>
</div>""")
    body = f"""<h1>Tapahtumat</h1>
<p>Ankkurin tapahtumat ovat avoimia kaikille – jäsenyyttä ei tarvita. Toimintakeskus on avoinna
arkisin, ja kahvila palvelee lounasaikaan.</p>
<aside class="uutiset"><h2>Uutiset</h2>
<p><em>18.11.2026</em> – Ankkuri sai avustuksen digitukitoimintaan. Kiitos tukijoille!</p>
<p><em>2.11.2026</em> – Uudet palkkatukityöntekijät aloittivat keittiössä.</p>
</aside>
{chr(10).join(parts)}"""
    footer = """<p>Vaasan Seudun Työttömät Ankkuri ry · Satamakatu 18, 65100 Vaasa · puh. 044 987 6543</p>
<p>Toimintakeskus avoinna ma–pe klo 9–15 · Y-tunnus 1234567-8</p>"""
    nav = [("Etusivu", "/ankkuri-ry/"), ("Toiminta", "/ankkuri-ry/toiminta/"), ("Tapahtumat", "/ankkuri-ry/tapahtumat/"),
           ("Jäseneksi", "/ankkuri-ry/jaseneksi/"), ("Yhteystiedot", "/ankkuri-ry/yhteystiedot/")]
    write("ankkuri-ry/tapahtumat/index.html",
          page("Tapahtumat – Ankkuri ry", body, lang="fi", site="Ankkuri ry", nav=nav, footer=footer))
    register(dict(id="ankkuri-ry", name="Vaasan Seudun Työttömät Ankkuri ry – tapahtumat",
                  organiser_type="association", municipality="Vaasa", language="fi", kind="html",
                  url="${demo}/ankkuri-ry/tapahtumat/"),
             events, note="Finnish dates without year ('La 12.12. klo 14') under month headings with the year; "
                          "one event marked PERUTTU (cancelled)")


# ---- 10. Kvarkens hälsoforum: cross-border network on the Swedish side, CSS selectors ------

def kvarken():
    events = [
        Ev("Seniorpromenad i Holmsund", datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11, 30),
           "Holmsunds kyrka, parkeringen", "", "Lugn promenad längs älvmynningen, ca 3 km."),
        Ev("Anhörigträff över Kvarken – digitalt", datetime(2026, 12, 10, 18), datetime(2026, 12, 10, 19, 30),
           "Digitalt (länk vid anmälan)", "", "Anhörigvårdare från båda sidor av Kvarken delar erfarenheter."),
        Ev("Isvaksbad på Täftefjärden", datetime(2027, 1, 16, 11), datetime(2027, 1, 16, 13),
           "Täftefjärdens bastuförening", "", "Bastu och isvak. Första gången? Vi visar hur man gör säkert."),
        Ev("Dagstur över Kvarken med hälsoföreläsning", datetime(2027, 2, 7, 8), datetime(2027, 2, 7, 20),
           "Hamnterminalen, Holmsund", "", "Färjan till Vasa, föreläsning om aktivt åldrande och lunch ombord.",
           sample=True),
        Ev("Föreläsning: Ensamhet bland äldre i Kvarkenregionen", datetime(2027, 2, 24, 14), datetime(2027, 2, 24, 16),
           "Folkets hus, Umeå", "", "Forskare från båda länderna presenterar en ny enkätstudie."),
        Ev("Snöskovandring i Nydala", datetime(2027, 3, 6, 10), datetime(2027, 3, 6, 13),
           "Nydalasjön, badplatsen", "", "Snöskor finns att låna. Ta med matsäck."),
        Ev("Kör över gränsen – gemensam övning", datetime(2027, 3, 21, 13), datetime(2027, 3, 21, 16),
           "Studieförbundets lokal, Umeå", "", "Seniorkörer från Vasa och Umeå övar inför vårkonserten.",
           sample=True),
        Ev("Seniordans på Folkets hus", datetime(2027, 4, 9, 14), datetime(2027, 4, 9, 16),
           "Folkets hus, Umeå", "", "Bugg och gammaldans. Entré 80 kronor inklusive kaffe.", sample=True),
        Ev("Vårvandring på Holmön", datetime(2027, 5, 15, 9), datetime(2027, 5, 15, 17),
           "Färjeläget, Norrfjärden", "", "Heldagsvandring, ca 10 km, båtresa ingår."),
        Ev("Midsommarfika för seniorer", datetime(2027, 6, 25, 13), datetime(2027, 6, 25, 15),
           "Gammlia friluftsmuseum", "", "Midsommarfika och dans kring stången."),
    ]
    cards = []
    for number, ev in enumerate(events, start=1):
        ev.slug = f"aktivitet-{number}"
        cards.append(f"""  <div class="activity" id="{ev.slug}">
    <h3>{html.escape(ev.title)}</h3>
    <p class="when">{sv_when(ev, year=True, capital=True)}</p>
    <p class="place">{html.escape(ev.place)}</p>
    <p class="description">{html.escape(ev.desc)}</p>
    <a class="more" href="anmalan/?aktivitet={number}">Anmälan och mer information</a>
  </div>""")
    body = f"""<h1>Program vintern och våren 2026–2027</h1>
<p>Kvarkens hälsoforum samlar föreningar, kommuner och regioner på båda sidor av Kvarken kring aktivt och
hälsosamt åldrande. Alla tider anges i svensk tid.</p>
<div class="program">
{chr(10).join(cards)}
</div>
<div class="partners"><h2>Samarbetsparter</h2><p>Kommuner, föreningar och studieförbund i Västerbotten och Österbotten.</p></div>"""
    footer = """<p>Kvarkens hälsoforum · Kansliet i Umeå: Storgatan 99, 903 26 Umeå · +46 90 123 45 67</p>
<p>Kontor i Vasa: Hovrättsesplanaden 99, 65100 Vasa · +358 6 312 3456</p>"""
    nav = [("Om forumet", "/kvarken-halsoforum/"), ("Program", "/kvarken-halsoforum/program/"),
           ("Projekt", "/kvarken-halsoforum/projekt/"), ("Suomeksi", "/kvarken-halsoforum/fi/")]
    write("kvarken-halsoforum/program/index.html",
          page("Program – Kvarkens hälsoforum", body, site="Kvarkens hälsoforum", nav=nav, footer=footer))
    register(dict(id="kvarken-halsoforum", name="Kvarkens hälsoforum – program", organiser_type="region",
                  municipality="Uumaja", language="sv", timezone="Europe/Stockholm", kind="html",
                  url="${demo}/kvarken-halsoforum/program/",
                  options={"selectors": {"event": ".activity", "title": "h3", "when": ".when",
                                         "place": ".place", "link": "a", "description": ".description"}}),
             events, tz=STO,
             note="times are Swedish local time (source timezone Europe/Stockholm: +01:00 in winter, "
                  "+02:00 from 28.3.2027); extracted with CSS selectors")


# ---- 11./12. WordPress + The Events Calendar REST API --------------------------------------

def tribe_event(ev: Ev, number: int, base: str, venue_city: str, zip_code: str, organiser: str,
                html_title: str) -> dict:
    if ev.all_day:
        start = datetime.combine(ev.start, datetime.min.time())
        end = datetime.combine(ev.end or ev.start, datetime.max.time()).replace(microsecond=0)
    else:
        start, end = ev.start, ev.end
    utc = lambda v: aware(v).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")  # noqa: E731
    details = lambda v: {"year": f"{v.year}", "month": f"{v.month:02d}", "day": f"{v.day:02d}",  # noqa: E731
                         "hour": f"{v.hour:02d}", "minutes": f"{v.minute:02d}", "seconds": f"{v.second:02d}"}
    slug = slugify(ev.title)
    return {
        "id": number,
        "global_id": f"127.0.0.1:8765?id={number}",
        "global_id_lineage": [f"127.0.0.1:8765?id={number}"],
        "author": "2",
        "status": "publish",
        "date": "2026-10-28 09:14:02",
        "date_utc": "2026-10-28 07:14:02",
        "modified": "2026-11-20 12:01:44",
        "modified_utc": "2026-11-20 10:01:44",
        "url": f"{DEMO}/{base}/tapahtuma/{slug}/",
        "rest_url": f"{DEMO}/{base}/wp-json/tribe/events/v1/events/{number}",
        "title": html_title,
        "description": "<p>" + html.escape(ev.desc, quote=False) + "</p>\n",
        "excerpt": "",
        "slug": slug,
        "image": False,
        "all_day": ev.all_day,
        "start_date": start.strftime("%Y-%m-%d %H:%M:%S"),
        "start_date_details": details(start),
        "end_date": end.strftime("%Y-%m-%d %H:%M:%S"),
        "end_date_details": details(end),
        "utc_start_date": utc(start),
        "utc_start_date_details": details(aware(start).astimezone(timezone.utc)),
        "utc_end_date": utc(end),
        "utc_end_date_details": details(aware(end).astimezone(timezone.utc)),
        "timezone": "Europe/Helsinki",
        "timezone_abbr": aware(start).tzname(),
        "cost": ev.cost,
        "cost_details": {"currency_symbol": "€" if ev.cost and ev.cost[0].isdigit() else "",
                         "currency_position": "postfix",
                         "values": [ev.cost.split()[0]] if ev.cost and ev.cost[0].isdigit() else []},
        "website": "",
        "show_map": True,
        "show_map_link": True,
        "hide_from_listings": False,
        "sticky": False,
        "featured": False,
        "categories": [{"name": c, "slug": slugify(c), "term_group": 0, "taxonomy": "tribe_events_cat",
                        "id": 10 + i} for i, c in enumerate(ev.categories)],
        "tags": [],
        "venue": {"id": 40 + len(ev.place) % 7, "author": "2", "status": "publish",
                  "venue": ev.place, "slug": slugify(ev.place), "address": ev.address, "city": venue_city,
                  "country": "Finland", "zip": zip_code, "show_map": True, "show_map_link": True},
        "organizer": [{"id": 30, "author": "2", "status": "publish", "organizer": organiser,
                       "slug": slugify(organiser), "phone": "", "website": "", "email": ""}],
    }


def tribe_pages(base: str, events: list[Ev], titles: dict, per_page: int, venue_city: str, zip_code: str,
                organiser: str, first_id: int):
    payloads = [tribe_event(ev, first_id + i * 7, base, venue_city, zip_code, organiser,
                            titles.get(ev.title, html.escape(ev.title, quote=False)))
                for i, ev in enumerate(events)]
    pages = [payloads[i:i + per_page] for i in range(0, len(payloads), per_page)]
    api = f"{DEMO}/{base}/wp-json/tribe/events/v1/events"
    for number, chunk in enumerate(pages, start=1):
        doc = {"events": chunk, "rest_url": api + ("" if number == 1 else f"?page={number}"),
               "total": len(payloads), "total_pages": len(pages)}
        if number < len(pages):
            doc["next_rest_url"] = f"{api}?page={number + 1}"
        if number > 1:
            doc["previous_rest_url"] = api if number == 2 else f"{api}?page={number - 1}"
        name = "events" if number == 1 else f"events@page={number}"
        write(f"{base}/wp-json/tribe/events/v1/{name}", json.dumps(doc, ensure_ascii=False, indent=1))
    return len(pages)


def wp_home(base, title, tagline, lang):
    body = f"""<div class="entry-content"><h1>{title}</h1><p>{tagline}</p>
<p><a href="/{base}/tapahtumat/">{'Tapahtumakalenteri' if lang == 'fi' else 'Evenemangskalender'}</a></p></div>"""
    head = f'  <link rel="https://api.w.org/" href="/{base}/wp-json/">\n  <meta name="generator" content="WordPress 6.6.2">\n'
    return page(title, body, lang=lang, site=title, nav=[("Etusivu" if lang == "fi" else "Hem", f"/{base}/")],
                footer=f"<p>{title}</p>", head_extra=head)


def omaishoitajat():
    p = {"toimisto": ("Omaishoitajien olohuone", "Isokatu 9"), "merituuli": ("Palvelukeskus Merituuli", "Rantapuistikko 5"),
         "kylpyla": ("Kylpylä Aallokko", "Kylpyläntie 1"), "kirjasto": ("Kaupunginkirjasto", "Kirjastokuja 1"),
         "leiri": ("Kurssikeskus Tuulikangas", "Tuulikankaantie 50")}
    events = [
        Ev("Kahvi & jutustelu – omaishoitajien kohtaamispaikka", datetime(2026, 11, 17, 13), datetime(2026, 11, 17, 15),
           *p["toimisto"], "Avoin kohtaamispaikka omaishoitajille. Tule juttelemaan kahvikupin ääreen.",
           categories=["Vertaistuki"], cost="Maksuton"),
        Ev("Omaishoitajien joulujuhla", datetime(2026, 12, 5, 14), datetime(2026, 12, 5, 17), *p["merituuli"],
           "Jouluruokailu, ohjelmaa ja joulupukki. Ilmoittautuminen 30.11. mennessä.", categories=["Virkistys"],
           cost="10 €", sample=True),
        Ev("Vertaisryhmä – Muistisairaan läheiset", datetime(2026, 12, 8, 17), datetime(2026, 12, 8, 19), *p["toimisto"],
           "Suljettu ryhmä, uusille paikoille voi kysyä ohjaajalta.", categories=["Vertaistuki"]),
        Ev("Tuolijooga omaishoitajille", datetime(2026, 12, 10, 10), datetime(2026, 12, 10, 11), *p["toimisto"],
           "Rauhallista liikettä ja hengitysharjoituksia tuolilla istuen.", categories=["Liikunta"], cost="Maksuton"),
        Ev("Virkistyspäivä kylpylässä", date(2027, 1, 16), date(2027, 1, 16), *p["kylpyla"],
           "Linja-autokuljetus, allasosasto ja lounas. Hoidettavalle järjestetään sijaishoito.",
           categories=["Virkistys"], cost="25 €"),
        Ev("Infotilaisuus: omaishoidon tuki", datetime(2027, 1, 26, 18), datetime(2027, 1, 26, 19, 30), *p["kirjasto"],
           "Hyvinvointialueen työntekijä kertoo omaishoidon tuen hakemisesta.", categories=["Tieto"]),
        Ev("Anhörigträff på svenska", datetime(2027, 2, 2, 17), datetime(2027, 2, 2, 19), *p["toimisto"],
           "Ruotsinkielinen vertaisryhmä. Samtal och stöd på svenska.", categories=["Vertaistuki"]),
        Ev("Kaffe & prat", datetime(2027, 2, 11, 13), datetime(2027, 2, 11, 15), *p["toimisto"],
           "Ruotsinkielinen kahvihetki – en stund för dig som vårdar en närstående.", categories=["Vertaistuki"],
           cost="Maksuton", sample=True),
        Ev("Kävelyjooga", datetime(2027, 2, 23, 10), datetime(2027, 2, 23, 11), "Rantapuisto", "Rantapuistikko",
           "Kävelyä ja venyttelyä ulkona, säävarauksella.", categories=["Liikunta"]),
        Ev("Luento: jaksaminen ja oma aika", datetime(2027, 3, 9, 18), datetime(2027, 3, 9, 19, 30), *p["kirjasto"],
           "Psykologi puhuu omaishoitajan jaksamisesta.", categories=["Tieto"]),
        Ev("Omaishoitajien lomaviikonloppu", datetime(2027, 3, 19, 14), datetime(2027, 3, 21, 13), *p["leiri"],
           "Lepoa, liikuntaa ja vertaistukea täysihoidolla.", categories=["Virkistys"], cost="60 €"),
        Ev("Kevätkokous", datetime(2027, 3, 30, 17), datetime(2027, 3, 30, 18, 30), *p["toimisto"],
           "Sääntömääräiset asiat.", categories=["Yhdistys"], sample=True),
        Ev("Vertaisryhmä – nuoret omaishoitajat", datetime(2027, 4, 13, 17), datetime(2027, 4, 13, 18, 30),
           *p["toimisto"], "Alle 30-vuotiaille omaishoitajille.", categories=["Vertaistuki"]),
        Ev("Kevätretki puutarhaan", datetime(2027, 5, 8, 9), datetime(2027, 5, 8, 16), "Linja-autoasema", "Asemakatu 2",
           "Retki puutarhanäyttelyyn, lounas sisältyy hintaan.", categories=["Virkistys"], cost="30 €"),
        Ev("Äitienpäivän kahvit", datetime(2027, 5, 9, 13), datetime(2027, 5, 9, 15), *p["merituuli"],
           "Äitienpäivän kakkukahvit omaishoitajaperheille.", categories=["Virkistys"]),
        Ev("Kesäkauden avaus", datetime(2027, 6, 2, 17), datetime(2027, 6, 2, 19), "Rantapuisto", "Rantapuistikko",
           "Grillausta ja pihapelejä.", categories=["Virkistys"]),
    ]
    titles = {
        "Kahvi & jutustelu – omaishoitajien kohtaamispaikka": "Kahvi &amp; jutustelu &#8211; omaishoitajien kohtaamispaikka",
        "Vertaisryhmä – Muistisairaan läheiset": "Vertaisryhmä &#8211; Muistisairaan läheiset",
        "Kaffe & prat": "Kaffe &amp; prat",
        "Vertaisryhmä – nuoret omaishoitajat": "Vertaisryhmä &#8211; nuoret omaishoitajat",
    }
    pages = tribe_pages("omaishoitajat", events, titles, 10, "Pietarsaari", "68600",
                        "Rannikon Omaishoitajat ry", 1201)
    write("omaishoitajat/index.html", wp_home("omaishoitajat", "Rannikon Omaishoitajat ry",
                                              "Tukea, virkistystä ja vertaisryhmiä omaishoitajille.", "fi"))
    register(dict(id="rannikon-omaishoitajat", name="Rannikon Omaishoitajat ry", organiser_type="association",
                  municipality="Pietarsaari", language="fi", kind="tribe", url="${demo}/omaishoitajat/"),
             events, pages=pages,
             note="The Events Calendar REST API, 2 pages (next_rest_url absolute with the literal demo host); "
                  "titles HTML-entity-encoded (&amp;, &#8211;); one all_day event")


def havsbrisen():
    lokal = ("Klubblokalen Havsbrisen", "Strandgatan 40")
    events = [
        Ev("Boccia i klubblokalen", datetime(2026, 12, 7, 10), datetime(2026, 12, 7, 11, 30), *lokal,
           "Veckans boccia. Klot finns.", categories=["Motion"]),
        Ev("Boccia i klubblokalen", datetime(2026, 12, 14, 10), datetime(2026, 12, 14, 11, 30), *lokal,
           "Veckans boccia. Klot finns.", categories=["Motion"]),
        Ev("Boccia i klubblokalen", datetime(2026, 12, 21, 10), datetime(2026, 12, 21, 11, 30), *lokal,
           "Veckans boccia – sista gången före jul.", categories=["Motion"]),
        Ev("Julfest med lotteri", datetime(2026, 12, 10, 14), datetime(2026, 12, 10, 17), *lokal,
           "Julbord, lotteri och allsång. Anmälan till sekreteraren.", categories=["Fest"], cost="15 €",
           sample=True),
        Ev("Teaterresa – julrevyn", datetime(2027, 1, 9, 15), datetime(2027, 1, 9, 21), "Busstationen", "Busstorget 1",
           "Gemensam buss till stadsteaterns revy. Biljett och buss 45 euro.", categories=["Kultur"], cost="45 €"),
        Ev("Föredrag: Fallprevention – stå stadigt", datetime(2027, 2, 16, 13), datetime(2027, 2, 16, 14, 30), *lokal,
           "Fysioterapeuten visar balansövningar du kan göra hemma.", categories=["Hälsa"], sample=True),
        Ev("Vårmöte & kaffe", datetime(2027, 3, 18, 13), datetime(2027, 3, 18, 15), *lokal,
           "Stadgeenliga ärenden, därefter kaffe.", categories=["Förening"]),
        Ev("Utflykt till skärgården", date(2027, 6, 8), date(2027, 6, 8), "Busstationen", "Busstorget 1",
           "Heldagsutflykt med båttur och lunch.", categories=["Utflykt"], cost="35 €", sample=True),
    ]
    titles = {"Vårmöte & kaffe": "Vårmöte &#038; kaffe",
              "Föredrag: Fallprevention – stå stadigt": "Föredrag: Fallprevention &#8211; stå stadigt",
              "Teaterresa – julrevyn": "Teaterresa &#8211; julrevyn"}
    pages = tribe_pages("havsbrisen", events, titles, 50, "Vasa", "65100", "Pensionärsklubben Havsbrisen rf", 311)
    write("havsbrisen/index.html", wp_home("havsbrisen", "Pensionärsklubben Havsbrisen rf",
                                           "Gemenskap, motion och utflykter för seniorer i Vasa.", "sv"))
    register(dict(id="havsbrisen-pensionarer", name="Pensionärsklubben Havsbrisen rf", organiser_type="association",
                  municipality="Vaasa", language="sv", kind="tribe", url="${demo}/havsbrisen/"),
             events, pages=pages,
             note="The Events Calendar, a single page (no next_rest_url); a weekly activity appears as three "
                  "separate API events (one per date), as the plugin publishes recurring events")


# ---- 13. Kronoby Samklang (choir): Google-Calendar-style export, X-WR-TIMEZONE only --------

def samklang():
    aula = ("Kronoby skolcentrum, aulan", "Skolvägen 3, Kronoby")
    rehearsal = Ev("Körövning", datetime(2026, 12, 2, 18, 30), datetime(2026, 12, 2, 20, 30), *aula,
                   "Ordinarie övning. Vi övar in julrepertoaren och vårens konsertprogram.",
                   rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270526T215959Z",
                   exdates=[datetime(2026, 12, 23, 18, 30), datetime(2026, 12, 30, 18, 30), datetime(2027, 2, 24, 18, 30)],
                   sample=True)
    stam = Ev("Stämövning för tenorer och basar", datetime(2027, 1, 11, 19), datetime(2027, 1, 11, 20, 30),
              "Musikinstitutets sal 2", "Skolvägen 5, Kronoby", "Varannan måndag.",
              rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=8")
    singles = [
        Ev("Luciakonsert på servicehuset", datetime(2026, 12, 13, 15), datetime(2026, 12, 13, 16),
           "Servicehuset Furulund", "Furulundsvägen 2, Kronoby", "Vi sjunger för och med de boende."),
        Ev("Julkonsert: Ljus i mörkret", datetime(2026, 12, 20, 16), datetime(2026, 12, 20, 17, 30),
           "Kronoby kyrka", "Kyrkvägen 1, Kronoby", "Biljetter 15 euro, barn gratis. Kaffe i pausen.", sample=True),
        Ev("Sjungande seniorcafé", datetime(2027, 1, 24, 14), datetime(2027, 1, 24, 15, 30),
           "Föreningshuset Kajutan", "Hamnvägen 4, Kronoby", "Allsång med kören – alla kan sjunga med!"),
        Ev("Körläger på lägergården", date(2027, 3, 12), date(2027, 3, 14),
           "Lägergården Strandbo", "Strandvägen 80, Kronoby", "Helgläger med gästdirigent. Mat och logi 70 euro."),
        Ev("Allsångskväll i bygdegården", datetime(2027, 4, 18, 18), datetime(2027, 4, 18, 20),
           "Bygdegården Norrby", "Norrbyvägen 12, Kronoby", "Tillsammans med hembygdsföreningen."),
        Ev("Vårkonsert", datetime(2027, 5, 16, 18), datetime(2027, 5, 16, 19, 30),
           "Kronoby kyrka", "Kyrkvägen 1, Kronoby", "Vårsånger från Norden.", sample=True),
        Ev("Sommaravslutning", date(2027, 6, 6), date(2027, 6, 6),
           "Hos ordföranden", "Kronoby", "Knytkalas – ta med något gott!"),
    ]
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Kalenderexport//Samklang 1.0//SV", "VERSION:2.0", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Kronoby Samklang r.f.", "X-WR-TIMEZONE:Europe/Helsinki",
             "X-WR-CALDESC:Övningar och konserter för blandade kören Kronoby Samklang"]
    lines += vevent(rehearsal, "korovning-2026h@samklang.invalid")
    lines += vevent(stam, "stamovning-2027v@samklang.invalid")
    for number, ev in enumerate(singles, start=1):
        lines += vevent(ev, f"{number:04d}abc{number * 37:05d}@samklang.invalid", utc=True,
                        extra=["TRANSP:OPAQUE", "SEQUENCE:0"])
    lines.append("END:VCALENDAR")
    write("samklang/kalender.ics", ics(lines))
    events = [rehearsal, stam] + singles
    register(dict(id="kronoby-samklang", name="Kronoby Samklang r.f. – kör", organiser_type="association",
                  municipality="Kruunupyy", language="sv", kind="ical",
                  url="${demo}/samklang/kalender.ics"),
             events, note="no VTIMEZONE, X-WR-TIMEZONE only; series use TZID=Europe/Helsinki, single events are "
                          "in UTC (…Z) like a calendar-service export; EXDATE as a comma list")


# ---- 14. Puolukka ry (Martha-like home economics club, Kokkola): RSS 2.0, Finnish text -----

def puolukka():
    kerho = ("Puolukan kerhohuone", "Torikatu 33")
    events = [
        Ev("Joulutorttu- ja piparkakkukurssi", datetime(2026, 12, 3, 17, 30), datetime(2026, 12, 3, 20), *kerho,
           "Leivotaan yhdessä ja viedään tuotokset kotiin. Tarvikemaksu 8 €.", sample=True),
        Ev("Kasvisruokakurssi ikäihmisille", datetime(2027, 1, 14, 13), datetime(2027, 1, 14, 15, 30), *kerho,
           "Helppoja ja edullisia kasvisruokia yhdelle tai kahdelle."),
        Ev("Sienikurssi: talven sieniherkut", datetime(2027, 2, 4, 17, 30), datetime(2027, 2, 4, 19, 30), *kerho,
           "Kuivatut ja pakastetut sienet käyttöön."),
        Ev("Marttailta: kodin turvallisuus", datetime(2027, 3, 11, 18), None, *kerho,
           "Paloturvallisuus ja kaatumisten ehkäisy kotona."),
        Ev("Pääsiäisleivonnaiset", datetime(2027, 3, 23, 17, 30), datetime(2027, 3, 23, 20), *kerho,
           "Mämmiä, pashaa ja pullaa.", sample=True),
        Ev("Puutarhailta: kylvöt alkuun", datetime(2027, 4, 20, 18), datetime(2027, 4, 20, 19, 30),
           "Siirtolapuutarhan talo", "Puutarhatie 2", "Taimikasvatus ikkunalaudalla."),
        Ev("Kevätretki kotipuutarhaan", datetime(2027, 5, 29, 10), datetime(2027, 5, 29, 15),
           "Kaupungintalon parkkipaikka", "Kauppatori", "Kimppakyydit parkkipaikalta.", sample=True),
        Ev("Mansikkakakkukurssi", datetime(2027, 6, 15, 17), datetime(2027, 6, 15, 19), *kerho, "Kesän parhaat kakut."),
    ]
    news = [("Jäsenmaksut vuodelle 2027", "Jäsenmaksu pysyy ennallaan. Laskut lähetetään sähköpostilla tammikuussa.",
             datetime(2026, 11, 18, 19)),
            ("Kiitos syysmyyjäisiin osallistuneille", "Myyjäisten tuotto käytetään nuorten kurssien tukemiseen.",
             datetime(2026, 11, 8, 20))]
    items = []
    published = [datetime(2026, 11, 10, 20), datetime(2026, 11, 12, 21), datetime(2026, 11, 14, 8),
                 datetime(2026, 11, 15, 10), datetime(2026, 11, 20, 19), datetime(2026, 11, 21, 9),
                 datetime(2026, 11, 22, 12), datetime(2026, 11, 23, 18)]
    for number, (ev, pub) in enumerate(zip(events, published), start=701):
        when = fi_when(ev, year=ev.start.year == 2027 and ev.start.month == 1)
        text = f"<p>{when}, {html.escape(ev.place)}, {html.escape(ev.address)}. {html.escape(ev.desc)}</p>"
        items.append(f"""  <item>
    <title>{html.escape(ev.title)}</title>
    <link>{DEMO}/puolukka/{number}/{slugify(ev.title)}/</link>
    <dc:creator><![CDATA[sihteeri]]></dc:creator>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <category><![CDATA[Kurssit ja illat]]></category>
    <guid isPermaLink="false">{DEMO}/puolukka/?p={number}</guid>
    <description><![CDATA[{text}]]></description>
  </item>""")
    for number, (title, text, pub) in enumerate(news, start=650):
        items.append(f"""  <item>
    <title>{html.escape(title)}</title>
    <link>{DEMO}/puolukka/{number}/{slugify(title)}/</link>
    <dc:creator><![CDATA[sihteeri]]></dc:creator>
    <pubDate>{format_datetime(aware(pub))}</pubDate>
    <category><![CDATA[Uutiset]]></category>
    <guid isPermaLink="false">{DEMO}/puolukka/?p={number}</guid>
    <description><![CDATA[<p>{html.escape(text)}</p>]]></description>
  </item>""")
    write("puolukka/feed.xml", rss_doc("Kotitalousyhdistys Puolukka ry", f"{DEMO}/puolukka/",
                                       "Kursseja, marttailtoja ja retkiä Kokkolassa", items, lang="fi",
                                       extra_ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"',
                                       self_url=f"{DEMO}/puolukka/feed.xml"))
    register(dict(id="puolukka-kotitalous", name="Kotitalousyhdistys Puolukka ry", organiser_type="association",
                  municipality="Kokkola", language="fi", kind="rss", url="${demo}/puolukka/feed.xml"),
             events, not_events=[n[0] for n in news],
             note="WordPress-style RSS; times in text ('To 3.12. klo 17.30–20')")


# ---- 15. Broken on purpose --------------------------------------------------------------------

def broken():
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kronoby bibliotek//Evenemang//SV",
             "X-WR-TIMEZONE:Europe/Helsinki"]
    lines += vevent(Ev("Sagostund", datetime(2026, 12, 2, 10), datetime(2026, 12, 2, 10, 45),
                       "Huvudbiblioteket", "Kronoby", "Sagor för barn 3–6 år."), "sagostund-1@bibliotek.invalid")
    text = ics(lines) + ics(["BEGIN:VEVENT", "UID:lasecirkel-1@bibliotek.invalid",
                             "DTSTART;TZID=Europe/Helsinki:20261209T180000",
                             "SUMMARY:Läsecirkel för seniorer"])
    text += "DESCRIPTION:Vi läser och diskuterar vinter"  # the transfer stopped here
    write("kronoby-bibliotek/evenemang.ics", text)
    SOURCES.append(dict(id="kronoby-bibliotek-broken", name="Kronoby bibliotek – evenemang (trasig fil)",
                        organiser_type="municipality", municipality="Kruunupyy", language="sv", kind="ical",
                        url="${demo}/kronoby-bibliotek/evenemang.ics"))
    EXPECTED["kronoby-bibliotek-broken"] = {
        "kind": "ical", "expect": "failed", "events": 0,
        "note": "the .ics is cut off in the middle of a VEVENT (no END:VEVENT / END:VCALENDAR); the harvest "
                "run for this source must be recorded as failed while every other source succeeds"}


# --------------------------------------------------------------------------------------------
# Shared files


README = """# Demo world

Invented source sites for end-to-end tests and demos. `kalendarium/demo_server.py` serves this folder
at `http://127.0.0.1:PORT/`; `sources.demo.yaml` (repository root) lists one source per site, and
`expected.yaml` says what a correct harvest yields. Every organisation, venue, address, phone number and
text here is invented. `_generate.py` writes all of it (run `.venv/bin/python tests/sites/_generate.py`
from the repository root after changing it); do not edit the generated files by hand.

One line per site: source id (kind) – the real-world pattern it mirrors.

- `karleby/evenemang/` — **karleby-evenemang** (jsonld, sv): a municipal CMS event calendar: listing with menu, cookie banner and a news box, `a.event-link` to detail pages carrying schema.org Event JSON-LD (one cancelled, one all-day two-day market) and one detail page in microdata; one listing link leads into `/private/`, which robots.txt forbids.
- `pietarsaari/tapahtumat/` — **pietarsaari-tapahtumat** (jsonld, fi): a Finnish city page whose SEO plugin puts all events in one JSON-LD `@graph` together with WebPage, Organization and BreadcrumbList nodes; Event subtypes (MusicEvent, SportsEvent), one EventPostponed.
- `storbacka-forsamling/kalender.ics` — **storbacka-forsamling** (ical, sv): a parish calendar export with VTIMEZONE, weekly series with EXDATE, a moved instance (RECURRENCE-ID), a cancelled instance and a cancelled event, a monthly `BYDAY=1MO` series, all-day and multi-day events, folded long lines, escaped commas, and a title carrying a harmless `<script>`.
- `rantakylan-seurakunta/tapahtumat.xml` — **rantakylan-seurakunta** (rss, fi): a Finnish parish RSS feed mixing events and news; the event time is only in the text ("Ti 1.12. klo 13–15, seurakuntakoti"), pubDate is the publication date.
- `sandviks-forsamling/rss.xml` — **sandviks-forsamling** (rss, sv): a Swedish parish feed using the RSS 1.0 event module (`ev:startdate`, `ev:enddate`, `ev:location`) next to plain news items.
- `larsmo-hjalpkrets/aktuellt.atom` — **larsmo-hjalpkrets** (rss/Atom, sv): a Red-Cross-like local volunteer branch's Atom feed; times written out in Swedish ("Onsdag 9 december kl. 18.00 i Föreningshuset Holmen").
- `nykarleby/kalender/` — **nykarleby-kalender** (html, sv): an old table-layout municipal "Kalender" page saved in ISO-8859-1, declared only by `<meta http-equiv>`; "onsdag 16 december kl. 18.00" under month headings, å ä ö in titles and places.
- `kvarnbacka-forsamling/verksamhet/` — **kvarnbacka-forsamling** (html, sv+fi): a bilingual parish page describing weekly and monthly activities in prose ("varje tisdag kl. 13–15", "joka tiistai klo 10–11", "(ej 24.12)", "kuukauden ensimmäisenä maanantaina"), a few dated events, office hours in the footer.
- `ankkuri-ry/tapahtumat/` — **ankkuri-ry** (html, fi): an unemployed people's association list page with Finnish short dates ("La 12.12. klo 14") under month headings, one event marked PERUTTU.
- `kvarken-halsoforum/program/` — **kvarken-halsoforum** (html + CSS selectors, sv, Europe/Stockholm): a cross-border Kvarken network whose Umeå office publishes times in Swedish time, in a page with regular `.activity` blocks.
- `omaishoitajat/` — **rannikon-omaishoitajat** (tribe, fi): a family caregivers' association on WordPress with The Events Calendar; REST API in two pages, entity-encoded titles, an all-day event.
- `havsbrisen/` — **havsbrisen-pensionarer** (tribe, sv): a pensioners' club on WordPress with The Events Calendar, one API page; a weekly activity published as separate events per date.
- `samklang/kalender.ics` — **kronoby-samklang** (ical, sv): a choir's calendar-service export: X-WR-TIMEZONE without VTIMEZONE, single events in UTC, a weekly rehearsal with a comma-separated EXDATE, a fortnightly series, all-day and multi-day events.
- `puolukka/feed.xml` — **puolukka-kotitalous** (rss, fi): a Martha-like home economics club's WordPress RSS feed; courses with times in Finnish text, plus news.
- `kronoby-bibliotek/evenemang.ics` — **kronoby-bibliotek-broken** (ical): a library calendar whose download was cut off mid-VEVENT; the harvest must report this source as failed and carry on.
- `private/intern-planering/` — not a source: an intranet page disallowed by `robots.txt`, linked from the Karleby listing; it must never be fetched.
"""

ROBOTS = """# Demo world robots.txt: everything may be crawled except the intranet pages.
User-agent: *
Disallow: /private/
"""


def dump_yaml(data) -> str:
    import yaml
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_sources_yaml():
    head = """# Demo sources for Kalendarium: one source per invented site under tests/sites/.
# Serve the sites with `kalendarium demo-server` (http://127.0.0.1:8765/ lists them); on another
# port, pass its address at run time, e.g. --var demo=http://127.0.0.1:8766
# What a correct harvest of these sources yields is in tests/sites/expected.yaml.
# Generated by tests/sites/_generate.py; change that script rather than this file.
variables:
  demo: http://127.0.0.1:8765      # overridden at run time with --var demo=URL
defaults:
  timezone: Europe/Helsinki
"""
    blocks = []
    for source in SOURCES:
        source = dict(source)
        source.setdefault("options", {})
        source = {key: source[key] for key in ("id", "name", "organiser_type", "municipality", "language",
                                               "timezone", "kind", "url", "options") if key in source}
        blocks.append(dump_yaml([source]))
    text = head + "sources:\n" + "\n".join("".join("  " + line + "\n" for line in block.splitlines())
                                           for block in blocks)
    (ROOT / "sources.demo.yaml").write_text(text, encoding="utf-8")


def truth_record(ev: Ev, tz) -> dict:
    """Every record a correct harvest yields, for the accuracy report (bench/accuracy.py)."""
    record = {"title": ev.title, "start": iso(ev.start, tz) if ev.start is not None else None}
    if ev.rrule:
        record["rrule"] = ev.rrule
    if ev.status != "scheduled":
        record["status"] = ev.status
    return record


def write_truth():
    head = ("# Every record a correct harvest of each demo source yields (generated by _generate.py).\n"
            "# start is null for recurring activities described in prose without a first date.\n")
    (HERE / "truth.yaml").write_text(head + dump_yaml(TRUTH), encoding="utf-8")


def write_expected():
    total = sum(entry["events"] for entry in EXPECTED.values())
    head = f"""# What a correct harvest of sources.demo.yaml yields, per source id (generated by _generate.py).
#
# events     number of event records: one per single event and one per recurring activity
#            (an iCal series with its RECURRENCE-ID overrides counts once; feed news items and
#            pages forbidden by robots.txt count zero)
# recurring  how many of those records carry an rrule
# cancelled  how many records have status "cancelled" (cancelled instances of a series do not count)
# samples    a few records: title (clean text, entities decoded) and start, the first start date-time
#            of the record with its UTC offset in the source's timezone (a date for all-day events;
#            end of an all-day event is its last day, inclusive). Recurring activities described in
#            prose have no first date: start is null and start_time / rrule say when they happen.
# not_events titles in a feed that are news, not events, and must not become records
# expect     "failed" for a source that is broken on purpose
#
# Total across all sources: {total} events and recurring activities.
"""
    (HERE / "expected.yaml").write_text(head + dump_yaml({"total_events": total, "sources": EXPECTED}),
                                        encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Self-checks


def check():
    import feedparser
    import icalendar
    import recurring_ical_events
    import yaml

    for path in HERE.rglob("*.ics"):
        data = path.read_bytes()
        if "bibliotek" in path.parts[-2]:
            try:
                icalendar.Calendar.from_ical(data)
            except ValueError:
                continue
            raise AssertionError(f"{path} should not parse")
        cal = icalendar.Calendar.from_ical(data)
        assert all(len(line) <= 75 for line in data.split(b"\r\n")), path
        recurring_ical_events.of(cal).between(date(2026, 11, 1), date(2027, 7, 1))
    for name in ("rantakylan-seurakunta/tapahtumat.xml", "sandviks-forsamling/rss.xml",
                 "larsmo-hjalpkrets/aktuellt.atom", "puolukka/feed.xml"):
        parsed = feedparser.parse((HERE / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries, name
    for path in HERE.rglob("*"):
        if path.is_file() and "wp-json" in path.parts:
            json.loads(path.read_text(encoding="utf-8"))
    for path in HERE.rglob("*.html"):
        raw = path.read_bytes()
        encoding = "iso-8859-1" if b"charset=iso-8859-1" in raw else "utf-8"
        text = raw.decode(encoding)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            json.loads(block)
        check_weekdays(html.unescape(re.sub(r"<[^>]+>", " ", text)), path)
    for name in ("rantakylan-seurakunta/tapahtumat.xml", "larsmo-hjalpkrets/aktuellt.atom", "puolukka/feed.xml"):
        check_weekdays(html.unescape(html.unescape((HERE / name).read_text(encoding="utf-8"))), name)
    yaml.safe_load((ROOT / "sources.demo.yaml").read_text(encoding="utf-8"))
    yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
    try:
        from kalendarium.sources import load_sources
    except ImportError:
        return
    load_sources(ROOT / "sources.demo.yaml")


def check_weekdays(text: str, where):
    """Every 'Ti 8.12.' / 'tisdag 8 december' on a page must match a real 2026/2027 date."""
    found = 0
    for match in re.finditer(r"\b(Ma|Ti|Ke|To|Pe|La|Su) (\d{1,2})\.(\d{1,2})\.(\d{4})?", text):
        day, month = int(match[2]), int(match[3])
        year = int(match[4]) if match[4] else (2026 if month >= 11 else 2027)
        assert FI_SHORT[date(year, month, day).weekday()] == match[1], (where, match[0])
        found += 1
    pattern = r"\b(" + "|".join(SV_DAYS) + r") (\d{1,2}) (" + "|".join(SV_MONTHS) + r")( \d{4})?"
    for match in re.finditer(pattern, text, re.I):
        month = SV_MONTHS.index(match[3].lower()) + 1
        year = int(match[4]) if match[4] else (2026 if month >= 11 else 2027)
        assert SV_DAYS[date(year, month, int(match[2])).weekday()] == match[1].lower(), (where, match[0])
        found += 1
    return found


def main():
    for name in ("karleby", "pietarsaari", "storbacka-forsamling", "rantakylan-seurakunta", "sandviks-forsamling",
                 "larsmo-hjalpkrets", "nykarleby", "kvarnbacka-forsamling", "ankkuri-ry", "kvarken-halsoforum",
                 "omaishoitajat", "havsbrisen", "samklang", "puolukka", "kronoby-bibliotek", "private"):
        shutil.rmtree(HERE / name, ignore_errors=True)
    for build in (karleby, pietarsaari, storbacka, rantakyla, sandvik, larsmo, nykarleby, kvarnbacka, ankkuri,
                  kvarken, omaishoitajat, havsbrisen, samklang, puolukka, broken):
        build()
    write("README.md", README)
    write("robots.txt", ROBOTS)
    write_sources_yaml()
    write_expected()
    write_truth()
    check()
    for source_id, entry in EXPECTED.items():
        print(f"{source_id:28} {entry['kind']:7} {entry['events']:3}")
    print("total", sum(entry["events"] for entry in EXPECTED.values()))


if __name__ == "__main__":
    main()
