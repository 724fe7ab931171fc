"""Recall and precision of `kalendarium extract` over saved documents with known events.

    .venv/bin/python bench/accuracy.py             # the table and the totals
    .venv/bin/python bench/accuracy.py --verbose   # also every missed and unexpected record

The cases are in bench/accuracy_cases.yaml: saved pages, calendars, feeds and API answers
(ours in tests/files/, the demo world in tests/sites/, real ones in ../shared/realworld/),
each with the records it holds. The demo sites are read through a local web server from
their URL alone, as a coordinator would try them, against tests/sites/truth.yaml.

A found record matches an expected one when the titles agree (case and spacing aside) and
the start agrees; an expected start of null (a weekly activity described in prose) matches
on the title and the recurrence rule.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kalendarium.demo_server import SITES_DIR, serve_in_background  # noqa: E402
from kalendarium.extract import ExtractError, extract  # noqa: E402
from normalise.text import clean_line  # noqa: E402

CASES = ROOT / "bench" / "accuracy_cases.yaml"
TRUTH = SITES_DIR / "truth.yaml"
SHARED = ROOT.parent / "shared" / "realworld"


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    missed: list = field(default_factory=list)
    unexpected: list = field(default_factory=list)
    error: str | None = None


def load_cases(demo_url: str) -> list[dict]:
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    truth = yaml.safe_load(TRUTH.read_text(encoding="utf-8"))
    for case in cases:
        if "demo_source" in case:
            case["document"] = demo_url + case["path"]
            case["expected"] = truth[case["demo_source"]]
        elif case["document"].startswith("shared/"):
            case["document"] = str(SHARED / case["document"].removeprefix("shared/"))
        else:
            case["document"] = str(ROOT / case["document"])
    return cases


def score(case: dict) -> Score:
    result = Score(name=case.get("demo_source") or case["document"].split("/")[-1])
    expected = case.get("expected") or []
    result.expected = len(expected)
    try:
        found = extract(case["document"], today=date.fromisoformat(str(case.get("today", "2026-11-25"))),
                        tz=case.get("tz", "Europe/Helsinki"), lang=case.get("lang")).records
    except ExtractError as error:
        result.error = str(error)
        result.missed = list(expected)
        return result
    result.found = len(found)
    unmatched = list(found)
    for record in expected:
        match = next((f for f in unmatched if _same(record, f)), None)
        if match is None:
            result.missed.append(record)
        else:
            unmatched.remove(match)
            result.matched += 1
    result.unexpected = [{"title": f["title"], "start": f["start"]} for f in unmatched]
    return result


def _same(expected: dict, found: dict) -> bool:
    if _fold(expected["title"]) != _fold(found["title"]):
        return False
    if expected.get("start") is None:
        return expected.get("rrule") == found.get("rrule")
    return str(expected["start"]) == found["start"]


def _fold(text: str) -> str:
    """Titles compared as the catalogue keeps them: markup removed, case and spacing aside."""
    return clean_line(str(text)).casefold()


def report(scores: list[Score], verbose: bool = False) -> dict:
    width = max(len(s.name) for s in scores)
    print(f"{'document':<{width}}  expected  found  matched  precision  recall")
    for s in scores:
        precision = s.matched / s.found if s.found else (1.0 if not s.expected else 0.0)
        recall = s.matched / s.expected if s.expected else (1.0 if not s.found else 0.0)
        print(f"{s.name:<{width}}  {s.expected:>8}  {s.found:>5}  {s.matched:>7}  {precision:>9.2f}  {recall:>6.2f}"
              + (f"  ERROR {s.error}" if s.error else ""))
        if verbose:
            for record in s.missed:
                print(f"    missed:     {record}")
            for record in s.unexpected:
                print(f"    unexpected: {record}")
    expected = sum(s.expected for s in scores)
    found = sum(s.found for s in scores)
    matched = sum(s.matched for s in scores)
    totals = {"documents": len(scores), "expected": expected, "found": found, "matched": matched,
              "precision": matched / found if found else 1.0, "recall": matched / expected if expected else 1.0}
    print(f"\n{totals['documents']} documents, {expected} expected records, {found} found, {matched} matched: "
          f"precision {totals['precision']:.3f}, recall {totals['recall']:.3f}")
    return totals


def run(verbose: bool = False) -> dict:
    server, demo_url = serve_in_background(0)
    try:
        return report([score(case) for case in load_cases(demo_url)], verbose)
    finally:
        server.shutdown()
        server.server_close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every missed and unexpected record")
    run(parser.parse_args().verbose)


if __name__ == "__main__":
    main()
