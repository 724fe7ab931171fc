"""Benchmark: CPU cost of reading one document of each kind, and of normalising one event.

    .venv/bin/python bench/bench_parsers.py                     # ms per document, per kind
    .venv/bin/python bench/bench_parsers.py --sample 8 --repeat 5
    .venv/bin/python bench/bench_parsers.py --profile ical      # cProfile of one kind (tottime)
    .venv/bin/python bench/bench_parsers.py --dump /tmp/out.txt # every item and record of the
                                                                 # whole world, for an exact diff

Reads the synthetic world of bench/world.py (`python bench/world.py generate --sources 100
--out /tmp/kalendarium-bench/world-100`): for each kind (ical, rss, html listing, jsonld
detail page, jsonld listing, tribe JSON) a sample of its documents, read with
`crawlers.parsers.document.read_document` as the spiders call it (the source's language,
time zone, today = the world's base day). Each document is read `--repeat` times and the
best CPU time (time.process_time) counts: the machine may be busy with other jobs. Then `normalise.record.normalise_item` over
the events of the sample, best of `--repeat`, per event.

`--dump` reads *every* document of the world once and writes the repr of each document's
items and of each normalised record (or its NormaliseError), one line each, so a change to
the parsers can be checked to leave every output identical (`cmp before.txt after.txt`).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawlers.items import raw_event  # noqa: E402
from crawlers.parsers.document import read_document  # noqa: E402
from normalise.record import Context, NormaliseError, normalise_item  # noqa: E402

WORLD = Path("/tmp/kalendarium-bench/world-100")
KINDS = ("ical", "rss", "html", "jsonld-detail", "jsonld-listing", "tribe")


def load_world(world: Path):
    """[(kind, source, url, body)] for every document, in a stable order."""
    config = yaml.safe_load((world / "sources.yaml").read_text())
    port = str(config.get("variables", {}).get("port", "8790"))
    base_day = date.fromisoformat(json.loads((world / "world.json").read_text())["base"])
    documents = []
    for source in config["sources"]:
        source.setdefault("timezone", config.get("defaults", {}).get("timezone", "Europe/Helsinki"))
        url = source["url"].replace("${port}", port)
        source["url"] = url
        host = url.split("/", 3)[2]
        site = source["id"].split("-")[1]  # bench-00003-html -> 00003
        root = world / "site" / f"s{site}"
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(world / "site").as_posix()
            plain, _, query = name.partition("@")
            page = "/" + (plain[: -len("index.html")] if plain.endswith("index.html") else plain)
            page_url = f"http://{host}{page}" + ("?" + query if query else "")
            kind = source["kind"]
            if kind == "jsonld":
                kind = "jsonld-listing" if page_url.rstrip("/") == url.rstrip("/") else "jsonld-detail"
            documents.append((kind, source, page_url, path.read_bytes()))
    return documents, base_day


def read(kind: str, source: dict, url: str, body: bytes, today: date):
    parser_kind = kind.split("-")[0]
    content_type = ("application/json; charset=utf-8" if parser_kind == "tribe" else
                    {"ical": "text/calendar; charset=utf-8", "rss": "application/rss+xml; charset=utf-8"}
                    .get(parser_kind, "text/html; charset=utf-8"))
    return read_document(body, url=url, kind=parser_kind, content_type=content_type, lang=source.get("language"),
                         today=today, tz=source["timezone"], horizon_days=365,
                         selectors=(source.get("options") or {}).get("selectors"))


def context_for(source: dict, today: date) -> Context:
    return Context(source_id=source["id"], source_name=source["name"], organiser_type=source.get("organiser_type"),
                   municipality=source.get("municipality"), language=source.get("language"),
                   timezone=source["timezone"], url=source["url"], today=today, horizon_days=365)


def raw_item(source: dict, raw: dict) -> dict:
    """The dict the normaliser gets, as the spider and pipeline make it."""
    return dict(raw_event(source["id"], raw))


def clear_caches() -> None:
    """Empty the per-text caches, so a repetition does not find its own texts remembered (a
    harvest reads each text once). No-ops on code without them (the baseline)."""
    from normalise import classify, text

    cached = getattr(text, "_html_to_text", None)
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()
    hits = getattr(classify.load_taxonomy(), "hits_cache", None)
    if hits is not None:
        hits.clear()


def best_of(repeat: int, function) -> float:
    best = float("inf")
    for _ in range(repeat):
        clear_caches()
        started = time.process_time()  # CPU time: others' jobs on the machine count less
        function()
        best = min(best, time.process_time() - started)
    return best


def sample_of(documents, kind: str, count: int):
    chosen = [document for document in documents if document[0] == kind]
    step = max(1, len(chosen) // count) if count else 1
    return chosen[::step][:count] if count else chosen


def bench(documents, today: date, sample: int, repeat: int) -> None:
    print(f"{'kind':16} {'docs':>5} {'items/doc':>9} {'kB/doc':>7} {'ms/doc':>8}   (CPU time, best of {repeat})")
    events = []
    for kind in KINDS:
        chosen = sample_of(documents, kind, sample)
        if not chosen:
            continue
        total, items = 0.0, 0
        for _, source, url, body in chosen:
            total += best_of(repeat, lambda: read(kind, source, url, body, today))
            found = read(kind, source, url, body, today).items
            items += len(found)
            events.extend((source, raw_item(source, raw)) for raw in found)
        size = sum(len(document[3]) for document in chosen) / len(chosen) / 1024
        print(f"{kind:16} {len(chosen):5} {items / len(chosen):9.1f} {size:7.1f} {total / len(chosen) * 1000:8.2f}")
    contexts = {}
    for source, _ in events:
        contexts.setdefault(source["id"], context_for(source, today))

    def normalise_all():
        for source, raw in events:
            try:
                normalise_item(dict(raw), contexts[source["id"]])
            except NormaliseError:
                pass

    spent = best_of(repeat, normalise_all)
    print(f"{'normalise_item':16} {len(events):5} {'events':>9} {'':7} {spent / len(events) * 1000:8.3f}  ms/event")
    print("read_document + normalise_item of its events, as a harvest does (ms per document):")
    for kind in KINDS:
        chosen = sample_of(documents, kind, sample)
        if not chosen:
            continue

        def harvest():
            for _, source, url, body in chosen:
                context = contexts.get(source["id"]) or context_for(source, today)
                for raw in read(kind, source, url, body, today).items:
                    try:
                        normalise_item(raw_item(source, raw), context)
                    except NormaliseError:
                        pass

        print(f"  {kind:16} {best_of(repeat, harvest) / len(chosen) * 1000:8.2f}")


def dump(documents, today: date, out: Path) -> None:
    with out.open("w") as handle:
        for kind, source, url, body in documents:
            document = read(kind, source, url, body, today)
            handle.write(f"# {kind} {url} {document.kind} {len(document.items)} {document.skipped!r}\n")
            context = context_for(source, today)
            for raw in document.items:
                handle.write(f"item {raw!r}\n")
                try:
                    record = normalise_item(raw_item(source, raw), context)
                    handle.write(f"record {record!r}\n")
                except NormaliseError as error:
                    handle.write(f"error {error}\n")
        for path in extra_files():
            try:
                document = read_document(path.read_bytes(), url=path.resolve().as_uri(), today=today)
            except Exception as error:  # noqa: BLE001 - the error is part of the output
                handle.write(f"# {path} {type(error).__name__}: {error}\n")
                continue
            handle.write(f"# {path} {document.kind} {len(document.items)} {document.skipped!r}\n")
            context = Context(today=today, url=path.resolve().as_uri())
            for raw in document.items:
                handle.write(f"item {raw!r}\n")
                try:
                    handle.write(f"record {normalise_item(raw_item({'id': 'extra'}, raw), context)!r}\n")
                except NormaliseError as error:
                    handle.write(f"error {error}\n")
    print(f"wrote {out} ({len(documents)} world documents and the saved documents of the tests)")


def extra_files() -> list[Path]:
    """The saved documents of the tests and of the accuracy bench (read with the kind detected)."""
    roots = (ROOT / "tests" / "files", ROOT / "tests" / "sites", ROOT.parent / "shared" / "realworld")
    return sorted(path for root in roots if root.exists() for path in root.rglob("*")
                  if path.is_file() and path.suffix not in (".md", ".yaml", ".py", ".txt"))


def profile(documents, today: date, kind: str, sample: int, limit: int) -> None:
    if kind == "normalise":
        events = [(source, raw_item(source, raw)) for k, source, url, body in sample_of(documents, "ical", sample)
                  + sample_of(documents, "rss", sample) + sample_of(documents, "html", sample)
                  for raw in read(k, source, url, body, today).items]
        work = lambda: [_normalise_quietly(raw, context_for(source, today)) for source, raw in events]  # noqa: E731
    else:
        chosen = sample_of(documents, kind, sample)
        work = lambda: [read(kind, source, url, body, today) for _, source, url, body in chosen]  # noqa: E731
    work()
    profiler = cProfile.Profile()
    profiler.runcall(work)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(limit)


def _normalise_quietly(raw, context):
    try:
        return normalise_item(dict(raw), context)
    except NormaliseError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, default=WORLD)
    parser.add_argument("--sample", type=int, default=6, help="documents of each kind (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=KINDS + ("normalise",))
    parser.add_argument("--limit", type=int, default=35, help="rows of the profile")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    if not (args.world / "sources.yaml").exists():
        sys.exit(f"no world at {args.world}: python bench/world.py generate --sources 100 --out {args.world}")
    documents, today = load_world(args.world)
    if args.dump:
        dump(documents, today, args.dump)
    elif args.profile:
        profile(documents, today, args.profile, args.sample, args.limit)
    else:
        bench(documents, today, args.sample, args.repeat)


if __name__ == "__main__":
    main()
