"""Benchmark: the staff search at the scale of a whole country, through Datasette over HTTP
against the same SQL run directly on sqlite3.

    .venv/bin/python bench/bench_search.py                       # 100,000 events × 10 = 1,000,000 occurrences
    .venv/bin/python bench/bench_search.py --events 5000 --requests 30   # a quick run

1. Generates a database (sources, events with realistic Swedish/Finnish titles, descriptions and
   places, categories and target groups, weekly series; occurrences around today) with
   sqlite-utils bulk inserts into the store's schema (`kalendarium.store.ensure_schema`, which
   also makes the views and read indexes), then the store's trigram FTS (`rebuild_search`).
   The file is kept and reused when it already has the asked size (`--rebuild` to force).
2. Starts Datasette exactly as `kalendarium serve` does (`kalendarium.cli.datasette_command`)
   on a free 127.0.0.1 port.
3. For each case (word searches; faceted filters: municipality × target group × when, category ×
   free × language) requests the staff search page `/` over HTTP, and runs the SQL that page runs
   (`build_search_sql` from the plugin, same parameters) on a plain sqlite3 connection.
   Prints p50 and p95 of both and their ratio. Targets: search p95 < 200 ms; Datasette ≤ 2× SQLite.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from kalendarium.cli import datasette_command  # noqa: E402
from kalendarium.store import EVENT_COLUMNS, OCCURRENCE_COLUMNS, ensure_schema, rebuild_search  # noqa: E402

ZONE = ZoneInfo("Europe/Helsinki")
MUNICIPALITIES = [  # (Finnish name, Swedish name or None, relative size)
    ("Helsinki", "Helsingfors", 60), ("Espoo", "Esbo", 30), ("Tampere", None, 25), ("Vantaa", "Vanda", 24),
    ("Oulu", "Uleåborg", 21), ("Turku", "Åbo", 20), ("Jyväskylä", None, 15), ("Kuopio", None, 12),
    ("Lahti", None, 12), ("Pori", "Björneborg", 8), ("Kouvola", None, 8), ("Joensuu", None, 8),
    ("Lappeenranta", "Villmanstrand", 7), ("Hämeenlinna", "Tavastehus", 7), ("Vaasa", "Vasa", 7),
    ("Seinäjoki", None, 6), ("Rovaniemi", None, 6), ("Mikkeli", "S:t Michel", 5), ("Kotka", None, 5),
    ("Salo", None, 5), ("Porvoo", "Borgå", 5), ("Kokkola", "Karleby", 5), ("Lohja", "Lojo", 4),
    ("Hyvinkää", "Hyvinge", 4), ("Nurmijärvi", None, 4), ("Järvenpää", "Träskända", 4), ("Rauma", "Raumo", 4),
    ("Kirkkonummi", "Kyrkslätt", 4), ("Tuusula", "Tusby", 4), ("Kajaani", "Kajana", 3), ("Kerava", "Kervo", 3),
    ("Savonlinna", "Nyslott", 3), ("Kangasala", None, 3), ("Raasepori", "Raseborg", 3), ("Pietarsaari", "Jakobstad", 2),
    ("Mustasaari", "Korsholm", 2), ("Loviisa", "Lovisa", 2), ("Kristiinankaupunki", "Kristinestad", 1),
    ("Uusikaarlepyy", "Nykarleby", 1), ("Närpiö", "Närpes", 1), ("Kruunupyy", "Kronoby", 1), ("Pedersöre", None, 1),
    ("Parainen", "Pargas", 2), ("Kemiönsaari", "Kimitoön", 1), ("Inkoo", "Ingå", 1), ("Sipoo", "Sibbo", 2),
    ("Maalahti", "Malax", 1), ("Vöyri", "Vörå", 1), ("Luoto", "Larsmo", 1), ("Kaskinen", "Kaskö", 1),
]
FI_ACTIVITIES = [
    ("Tuolijumppa", "exercise"), ("Senioritanssi", "exercise"), ("Kuntosaliryhmä ikääntyneille", "exercise"),
    ("Vesijumppa", "exercise"), ("Kävelyryhmä", "outdoors_nature"), ("Luontoretki", "outdoors_nature"),
    ("Omaishoitajien vertaistukiryhmä", "peer_support"), ("Muistikahvila", "peer_support"),
    ("Kohtaamispaikka", "meeting_places"), ("Perhekahvila", "meeting_places"), ("Asukaskahvila", "meeting_places"),
    ("Digiopastus", "learning_digital"), ("Lukupiiri", "learning_digital"), ("Kielikahvila", "learning_digital"),
    ("Kuoroharjoitus", "culture_music"), ("Yhteislaulutilaisuus", "culture_music"), ("Käsityöpiiri", "culture_music"),
    ("Raamattupiiri", "spiritual_parish"), ("Diakonian lounas", "food"), ("Eläkeläisten kerho", "meeting_places"),
    ("Työnhakuklubi", "learning_digital"), ("Nuorten ilta", "meeting_places"), ("Vapaaehtoisten ilta", "volunteering"),
]
SV_ACTIVITIES = [
    ("Seniorgym", "exercise"), ("Stolgymnastik", "exercise"), ("Vattengymnastik", "exercise"),
    ("Promenadgrupp", "outdoors_nature"), ("Naturvandring", "outdoors_nature"),
    ("Kamratstödsgrupp för närståendevårdare", "peer_support"), ("Minneskafé", "peer_support"),
    ("Mötesplats", "meeting_places"), ("Familjecafé", "meeting_places"), ("Seniorcafé", "meeting_places"),
    ("Digihjälp", "learning_digital"), ("Läsecirkel", "learning_digital"), ("Språkcafé", "learning_digital"),
    ("Körövning", "culture_music"), ("Allsång", "culture_music"), ("Handarbetscirkel", "culture_music"),
    ("Bibelcirkel", "spiritual_parish"), ("Diakonilunch", "food"), ("Pensionärsklubb", "meeting_places"),
    ("Jobbsökarklubb", "learning_digital"), ("Ungdomskväll", "meeting_places"), ("Frivilligträff", "volunteering"),
]
FI_PLACES = ["pääkirjasto", "seurakuntatalo", "palvelukeskus", "uimahalli", "nuorisotalo", "monitoimitalo",
             "kansalaisopisto", "urheilutalo", "kylätalo", "asukastupa"]
SV_PLACES = ["huvudbiblioteket", "församlingshemmet", "servicecentralen", "simhallen", "ungdomsgården",
             "medborgarinstitutet", "idrottshallen", "byagården", "träffpunkten", "kulturhuset"]
FI_SENTENCES = [
    "Tervetuloa mukaan, toiminta on avointa kaikille.", "Ota mukaan juomapullo ja mukavat vaatteet.",
    "Ryhmää ohjaa kokenut ohjaaja.", "Kahvitarjoilu.", "Tilat ovat esteettömät.",
    "Ilmoittautuminen ei ole tarpeen.", "Sopii myös aloittelijoille.", "Lisätietoja antaa ohjaaja.",
    "Kokoonnumme joka viikko samaan aikaan.", "Mukaan mahtuu 15 osallistujaa.",
]
SV_SENTENCES = [
    "Välkommen med, verksamheten är öppen för alla.", "Ta med vattenflaska och bekväma kläder.",
    "Gruppen leds av en erfaren ledare.", "Kaffeservering.", "Lokalerna är tillgängliga.",
    "Ingen förhandsanmälan behövs.", "Passar också nybörjare.", "Mer information ges av ledaren.",
    "Vi träffas varje vecka vid samma tid.", "Gruppen rymmer 15 deltagare.",
]
AUDIENCES = ["older_people", "family_caregivers", "unemployed", "families_children", "young_people",
             "immigrants", "disabilities", "everyone"]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

SEARCHES = ["jumppa", "seniorgym", "kuoro", "omaishoitaj", "kahvila", "digi", "läsecirkel", "kävely",
            "närståendevård", "seurakuntatalo"]
FACETS = [
    {"municipality": "Vaasa", "audience": "older_people", "when": "week"},
    {"municipality": "Helsinki", "audience": "family_caregivers"},
    {"municipality": "Kokkola", "category": "exercise", "when": "today"},
    {"category": "peer_support", "free": "1", "language": "sv", "when": "week"},
    {"municipality": "Tampere", "category": "meeting_places", "free": "1"},
    {"audience": "unemployed", "when": "today"},
]


def load_plugin():
    from datasette.utils import module_from_path

    return module_from_path(str(ROOT / "datasette" / "plugins" / "kalendarium_site.py"), "kalendarium_site_bench")


def moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, clock(hour, minute), ZONE)


def utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(path: Path, events: int, per_event: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    ensure_schema(db)
    names, weights = [m[0] for m in MUNICIPALITIES], [m[2] for m in MUNICIPALITIES]
    sources = []
    for fi_name, sv_name, _ in MUNICIPALITIES:
        for kind, organiser_type in (("city", "municipality"), ("parish", "parish"), ("assoc", "association")):
            sources.append({"id": f"{fi_name.lower()}-{kind}", "name": f"{fi_name} {kind}", "organiser_type": organiser_type,
                            "municipality": fi_name, "language": "sv" if sv_name and rng.random() < 0.3 else "fi",
                            "timezone": "Europe/Helsinki", "kind": "ical", "url": f"https://example.org/{fi_name}/{kind}",
                            "enabled": 1})
    db["sources"].insert_all(sources, pk="id")
    by_municipality: dict[str, list[dict]] = {}
    for source in sources:
        by_municipality.setdefault(source["municipality"], []).append(source)
    today = datetime.now(ZONE).date()
    run_id = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def batches():
        event_rows, occurrence_rows = [], []
        for number in range(events):
            municipality = rng.choices(names, weights)[0]
            source = rng.choice(by_municipality[municipality])
            swedish = source["language"] == "sv" or rng.random() < 0.1
            title, category = rng.choice(SV_ACTIVITIES if swedish else FI_ACTIVITIES)
            place = rng.choice(SV_PLACES if swedish else FI_PLACES)
            sentences = SV_SENTENCES if swedish else FI_SENTENCES
            fi_name, sv_name = municipality, dict((m[0], m[1]) for m in MUNICIPALITIES)[municipality]
            town = (sv_name or fi_name) if swedish else fi_name
            first = today + timedelta(days=rng.randint(-40, 300))
            hour, minute = rng.choice([9, 10, 11, 13, 14, 17, 18]), rng.choice([0, 0, 0, 30])
            length = rng.choice([60, 90, 120])
            weekly = rng.random() < 0.8
            step = 7 if weekly else rng.choice([1, 14, 30])
            audiences = rng.sample(AUDIENCES, rng.choice([1, 1, 2]))
            categories = [category] + ([rng.choice(["food", "meeting_places"])] if rng.random() < 0.2 else [])
            start = moment(first, hour, minute)
            end = start + timedelta(minutes=length)
            event_id = f"{source['id']}:{number}"
            event_rows.append({
                "id": event_id, "source_id": source["id"], "source_event_id": str(number),
                "title": f"{title} – {town} {place}" if rng.random() < 0.5 else f"{title} ({town})",
                "description": " ".join(rng.sample(sentences, 4)),
                "start": start.isoformat(), "end": end.isoformat(), "all_day": 0, "timezone": "Europe/Helsinki",
                "rrule": f"FREQ=WEEKLY;BYDAY={RRULE_DAYS[first.weekday()]};COUNT={per_event}" if weekly else None,
                "exdates": "[]", "status": "cancelled" if rng.random() < 0.01 else "scheduled",
                "location": f"{town} {place}", "address": f"{rng.choice(['Kirkkokatu', 'Storgatan', 'Koulukatu', 'Skolgatan'])} {rng.randint(1, 40)}",
                "municipality": municipality, "url": f"https://example.org/{source['id']}/{number}",
                "language": "sv" if swedish else "fi", "organiser": source["name"],
                "organiser_type": source["organiser_type"], "keywords": "[]",
                "categories": json.dumps(categories), "audiences": json.dumps(audiences),
                "free_of_charge": rng.choice([1, 1, 0, None]), "registration_required": rng.choice([0, 1, None]),
                "accessibility": None, "classification": "[]", "extraction": "ical", "harvest_run_id": run_id,
                "first_seen": run_id, "last_seen": run_id,
            })
            for index in range(per_event):
                day = first + timedelta(days=index * step)
                begin = moment(day, hour, minute)
                finish = begin + timedelta(minutes=length)
                occurrence_rows.append({
                    "id": f"{event_id}@{begin.isoformat()}", "event_id": event_id, "source_id": source["id"],
                    "start": begin.isoformat(), "end": finish.isoformat(), "start_utc": utc(begin),
                    "end_utc": utc(finish), "date": day.isoformat(), "all_day": 0,
                    "status": "cancelled" if rng.random() < 0.02 else "scheduled",
                })
            if len(event_rows) >= 5000:
                yield event_rows, occurrence_rows
                event_rows, occurrence_rows = [], []
        if event_rows:
            yield event_rows, occurrence_rows

    started = time.monotonic()
    for event_rows, occurrence_rows in batches():
        db["events"].insert_all(event_rows, batch_size=1000, columns=EVENT_COLUMNS)
        db["occurrences"].insert_all(occurrence_rows, batch_size=2000, columns=OCCURRENCE_COLUMNS)
        db.conn.commit()
    print(f"  inserted in {time.monotonic() - started:.0f} s; building the trigram index …", flush=True)
    rebuild_search(db)
    db.conn.commit()
    db.execute("pragma journal_mode = delete")
    db.close()


def count(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (connection.execute("select count(*) from events").fetchone()[0],
                connection.execute("select count(*) from occurrences").fetchone()[0])
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def measure(cases, requests: int, base: str, path: Path, plugin) -> dict:
    import asyncio

    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    plugin.prepare_connection(connection)  # the same connection set-up (functions, mmap) as Datasette's
    columns = {row[1] for row in connection.execute("pragma table_info(events)")}

    async def execute(sql, args):
        return [dict(row) for row in connection.execute(sql, args).fetchall()]

    http_times, sql_times, rows_seen = [], [], []
    for index in range(requests):
        case = cases[index % len(cases)]
        url = base + "/?" + urllib.parse.urlencode({**case, "lang": "fi"})
        began = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read()
            assert response.status == 200
        http_times.append((time.perf_counter() - began) * 1000)
        # The same statements the page runs (plugin.search), on a plain sqlite3 connection.
        params = plugin.parse_search(case)
        began = time.perf_counter()
        rows = asyncio.run(plugin.search(execute, params, columns, plugin.today_in_finland(),
                                         plugin.now_utc_text(), plugin.PAGE_SIZE + 1, 0))
        sql_times.append((time.perf_counter() - began) * 1000)
        rows_seen.append(min(len(rows), plugin.PAGE_SIZE))
        assert body.count(b'<article class="card') == min(len(rows), plugin.PAGE_SIZE), (case, len(rows))
    connection.close()
    return {"http": http_times, "sql": sql_times, "rows": rows_seen}


def report(name: str, result: dict) -> tuple[float, float]:
    http50, http95 = percentile(result["http"], 0.5), percentile(result["http"], 0.95)
    sql50, sql95 = percentile(result["sql"], 0.5), percentile(result["sql"], 0.95)
    print(f"{name:<16} n={len(result['http']):<4} results/page mean {statistics.mean(result['rows']):5.1f}")
    print(f"  Datasette HTTP  p50 {http50:7.1f} ms   p95 {http95:7.1f} ms")
    print(f"  sqlite3 direct  p50 {sql50:7.1f} ms   p95 {sql95:7.1f} ms")
    print(f"  ratio HTTP/SQL  p50 {http50 / max(sql50, 0.01):7.2f}×     p95 {http95 / max(sql95, 0.01):7.2f}×"
          f"   (HTTP overhead p50 {http50 - sql50:.1f} ms)")
    return http95, http95 / max(sql95, 0.01)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--occurrences-per-event", type=int, default=10)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "kalendarium-bench" / "kalendarium.db")
    parser.add_argument("--requests", type=int, default=200, help="per kind of query (default 200)")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database even if it fits")
    args = parser.parse_args(argv)

    want = (args.events, args.events * args.occurrences_per_event)
    if args.rebuild or not args.db.exists() or count(args.db) != want:
        print(f"Generating {want[0]:,} events and {want[1]:,} occurrences in {args.db} …", flush=True)
        started = time.monotonic()
        generate(args.db, args.events, args.occurrences_per_event)
        print(f"  done in {time.monotonic() - started:.0f} s, {args.db.stat().st_size / 1e6:.0f} MB", flush=True)
    else:
        print(f"Reusing {args.db} ({want[0]:,} events, {want[1]:,} occurrences)")

    plugin = load_plugin()
    port = free_port()
    server = subprocess.Popen(datasette_command(str(args.db), "127.0.0.1", port),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("Datasette did not start: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.2)
        search_cases = [{"q": word} for word in SEARCHES]
        facet_cases = FACETS
        measure(search_cases + facet_cases, len(search_cases + facet_cases), base, args.db, plugin)  # warm up
        print(f"\n{args.requests} requests each, sequential, on {base}/ (page size {plugin.PAGE_SIZE})\n")
        search95, search_ratio = report("staff search", measure(search_cases, args.requests, base, args.db, plugin))
        facet95, facet_ratio = report("faceted filter", measure(facet_cases, args.requests, base, args.db, plugin))
    finally:
        server.terminate()
        server.wait(timeout=15)
    ok = search95 < 200 and facet95 < 200
    print(f"\nTarget p95 < 200 ms: {'met' if ok else 'NOT met'} (search {search95:.0f} ms, filter {facet95:.0f} ms); "
          f"Datasette within 2× of SQLite: search {search_ratio:.2f}×, filter {facet_ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
