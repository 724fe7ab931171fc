"""The plain sequential baseline: the benchmark world harvested the way a simple script would.

One source after another, one request at a time (urllib), the standard parsers (icalendar +
dateutil for series, feedparser, json, regular expressions for the world's listings and dates
in words), and one INSERT per row into SQLite. No Scrapy, no concurrency, no cache. robots.txt
is read once per host, as the real harvest does.

    python bench/sequential.py --sources /tmp/w/sources.yaml --var port=8790 --db /tmp/seq.db [--sample 5]

`--sample K` harvests only every K-th block of five consecutive sources (one of each kind), to
be scaled by K: the full 1,000-source run takes more than ten minutes with 50 ms latency.
Prints one JSON object: seconds, sources, pages, events, occurrences, bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sqlite3
import time
import urllib.request
import urllib.robotparser
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import yaml
from dateutil.rrule import rrulestr

ZONE = ZoneInfo("Europe/Helsinki")
HORIZON = timedelta(days=365)
WHEN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})?\s*(?:klo|kl\.)\s*(\d{1,2})(?:[.:](\d{2}))?"
                  r"(?:\s*[–-]\s*(\d{1,2})(?:[.:](\d{2}))?)?")
USER_AGENT = "Kalendarium-baseline/0.1"


class Baseline:
    def __init__(self, db: Path):
        db.unlink(missing_ok=True)
        self.db = sqlite3.connect(db)
        self.db.executescript("""
            create table events (id text primary key, source_id text, title text, start text, end text,
                                 location text, description text, url text, rrule text);
            create table occurrences (id text primary key, event_id text, start text, end text);
        """)
        self.pages = self.events = self.occurrences = self.bytes = 0
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def fetch(self, url: str) -> bytes:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self.robots:
            robots = urllib.robotparser.RobotFileParser()
            robots.parse(self.get(host + "/robots.txt").decode("utf-8", "replace").splitlines())
            self.robots[host] = robots
        if not self.robots[host].can_fetch(USER_AGENT, url):
            return b""
        return self.get(url)

    def get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
        self.pages += 1
        self.bytes += len(body)
        return body

    def insert(self, source_id: str, uid: str, title: str, start: datetime, end: datetime | None,
               location: str | None = None, description: str | None = None, url: str | None = None,
               rrule: str | None = None, occurrences: list | None = None) -> None:
        event_id = f"{source_id}:{uid}"
        self.db.execute("insert or replace into events values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (event_id, source_id, title, start.isoformat(), end.isoformat() if end else None,
                         location, description, url, rrule))
        self.events += 1
        for start_at, end_at in occurrences or [(start, end)]:
            self.db.execute("insert or replace into occurrences values (?, ?, ?, ?)",
                            (f"{event_id}@{start_at.isoformat()}", event_id, start_at.isoformat(),
                             end_at.isoformat() if end_at else None))
            self.occurrences += 1

    # one function per kind
    def ical(self, source: dict) -> None:
        calendar = icalendar.Calendar.from_ical(self.fetch(source["url"]))
        for event in calendar.walk("VEVENT"):
            start, end = event.decoded("DTSTART"), event.decoded("DTEND") if event.get("DTEND") else None
            occurrences = None
            rule = event.get("RRULE")
            if rule:
                text = rule.to_ical().decode()
                excluded = set()
                for exdate in (event.get("EXDATE") if isinstance(event.get("EXDATE"), list) else [event.get("EXDATE")]):
                    if exdate is not None:
                        excluded |= {value.dt for value in exdate.dts}
                length = (end - start) if end else timedelta(0)
                naive = start.replace(tzinfo=None)
                series = rrulestr(text.replace("Z", "") if "UNTIL" in text else text, dtstart=naive)
                occurrences = [(moment.replace(tzinfo=start.tzinfo), moment.replace(tzinfo=start.tzinfo) + length)
                               for moment in series.between(naive, naive + HORIZON, inc=True)
                               if moment.replace(tzinfo=start.tzinfo) not in excluded]
            self.insert(source["id"], str(event.get("UID")), str(event.get("SUMMARY")), start, end,
                        str(event.get("LOCATION") or ""), str(event.get("DESCRIPTION") or ""),
                        rrule=rule.to_ical().decode() if rule else None, occurrences=occurrences)

    def rss(self, source: dict) -> None:
        feed = feedparser.parse(self.fetch(source["url"]))
        for entry in feed.entries:
            text = html.unescape(re.sub(r"<[^>]+>", " ", entry.get("description", "")))
            when = words_to_times(text)
            if when:
                self.insert(source["id"], entry.get("id") or entry.link, entry.title, *when, description=text,
                            url=entry.get("link"))

    def jsonld(self, source: dict) -> None:
        listing = self.fetch(source["url"]).decode()
        path = urlsplit(source["url"]).path
        links = []
        for href in re.findall(r'href="([^"]+)"', listing):
            target = urljoin(source["url"], html.unescape(href))
            if urlsplit(target).path.startswith(path) and target != source["url"] and target not in links:
                links.append(target)
        for link in links:
            page = self.fetch(link).decode()
            for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
                data = json.loads(block)
                if data.get("@type") == "Event":
                    place = data.get("location") or {}
                    self.insert(source["id"], data.get("@id") or link, data["name"],
                                datetime.fromisoformat(data["startDate"]).replace(tzinfo=ZONE),
                                datetime.fromisoformat(data["endDate"]).replace(tzinfo=ZONE) if data.get("endDate") else None,
                                place.get("name"), data.get("description"), data.get("url"))

    def html(self, source: dict) -> None:
        url, seen = source["url"], set()
        while url and url not in seen:
            seen.add(url)
            page = self.fetch(url).decode()
            for block in re.findall(r'<div class="tapahtuma">(.*?)</div>', page, re.S):
                title = html.unescape(re.search(r"<h3>(.*?)</h3>", block, re.S).group(1))
                paragraphs = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", block, re.S)]
                when = words_to_times(paragraphs[0])
                if when:
                    self.insert(source["id"], f"{title}@{when[0].isoformat()}", title, *when,
                                location=paragraphs[0].split(",", 1)[-1].strip(), description=" ".join(paragraphs[1:]))
            following = re.search(r'<a href="([^"]+)">(?:Nästa|Seuraava)</a>', page)
            url = urljoin(url, html.unescape(following.group(1))) if following else None

    def tribe(self, source: dict) -> None:
        url = source["url"].rstrip("/") + "/wp-json/tribe/events/v1/events"
        while url:
            document = json.loads(self.fetch(url))
            for event in document["events"]:
                venue = event.get("venue") or {}
                self.insert(source["id"], str(event["id"]), event["title"],
                            datetime.fromisoformat(event["start_date"]).replace(tzinfo=ZONE),
                            datetime.fromisoformat(event["end_date"]).replace(tzinfo=ZONE),
                            venue.get("venue"), re.sub(r"<[^>]+>", "", event.get("description") or ""), event.get("url"))
            following = document.get("next_rest_url")
            # as the real harvest does: sites behind a proxy announce their next page on another host
            url = urlsplit(following)._replace(netloc=urlsplit(url).netloc).geturl() if following else None


def words_to_times(text: str) -> tuple[datetime, datetime | None] | None:
    found = WHEN.search(text)
    if not found:
        return None
    day, month, year, hour, minute, end_hour, end_minute = found.groups()
    start = datetime(int(year or datetime.now().year), int(month), int(day), int(hour), int(minute or 0), tzinfo=ZONE)
    end = start.replace(hour=int(end_hour), minute=int(end_minute or 0)) if end_hour else None
    return start, end


def load(path: Path, variables: dict) -> list[dict]:
    document = yaml.safe_load(path.read_text())
    values = {**{k: str(v) for k, v in (document.get("variables") or {}).items()}, **variables}
    sources = document["sources"]
    for source in sources:
        source["url"] = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], source["url"])
    return sources


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--sample", type=int, default=1, help="harvest every K-th block of five sources")
    args = parser.parse_args(argv)
    sources = load(args.sources, dict(pair.split("=", 1) for pair in args.var))
    chosen = [source for index, source in enumerate(sources) if (index // 5) % args.sample == 0]
    baseline = Baseline(args.db)
    began = time.monotonic()
    failures = 0
    for source in chosen:
        try:
            getattr(baseline, source["kind"])(source)
        except Exception as error:  # a baseline too keeps going past a broken source
            failures += 1
            print(f"{source['id']}: {error}", flush=True, file=__import__("sys").stderr)
        baseline.db.commit()
    seconds = time.monotonic() - began
    print(json.dumps({"seconds": seconds, "sources": len(chosen), "of_sources": len(sources), "sample": args.sample,
                      "pages": baseline.pages, "events": baseline.events, "occurrences": baseline.occurrences,
                      "bytes": baseline.bytes, "failures": failures}))


if __name__ == "__main__":
    main()
