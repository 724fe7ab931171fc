"""The item pipelines: a normaliser bug skips the event in plain words, never silently; a
spider started with text arguments (scrapy crawl -a, Scrapyd) normalises as one started in
the harvest process."""

import dataclasses
import json
from datetime import date
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DropItem

from crawlers.pipelines import NormalisePipeline
from crawlers.spiders.ical import IcalSpider
from kalendarium.sources import Source

SOURCE = Source(id="kronoby-samklang", name="Kronoby Samklang", organiser_type="association", kind="ical",
                url="http://127.0.0.1/samklang/kalender.ics", municipality="Kronoby", language="sv")
ITEM = {"title": "Körsång för alla", "start": "2026-12-01T18:00:00", "source_id": SOURCE.id}


def pipeline_for(spider):
    stats = SimpleNamespace(values={}, inc_value=lambda key: stats.values.__setitem__(key, stats.values.get(key, 0) + 1))
    spider.crawler = SimpleNamespace(spider=spider, stats=stats)
    return NormalisePipeline(spider.crawler), stats


def test_a_spider_given_text_arguments_normalises_like_one_given_objects():
    from_text = IcalSpider(source=json.dumps(dataclasses.asdict(SOURCE)), today="2026-11-25", horizon_days="30",
                           skip_unchanged="false")
    from_objects = IcalSpider(source=SOURCE, today=date(2026, 11, 25), horizon_days=30)
    assert from_text.context == from_objects.context
    assert (from_text.horizon_days, from_text.today, from_text.skip_unchanged) == (30, date(2026, 11, 25), False)
    records = [pipeline_for(spider)[0].process_item(dict(ITEM)) for spider in (from_text, from_objects)]
    assert records[0] == records[1] and records[0]["occurrences"]


def test_a_normaliser_bug_skips_the_event_as_a_problem_of_the_source():
    spider = IcalSpider(source=SOURCE, today=date(2026, 11, 25))
    spider.context = dataclasses.replace(spider.context, horizon_days="not a number")
    pipeline, stats = pipeline_for(spider)
    with pytest.raises(DropItem):
        pipeline.process_item(dict(ITEM))
    assert len(spider.problems) == 1
    assert spider.problems[0].startswith("event 'Körsång för alla' skipped: unexpected error in the normaliser: ")
    assert stats.values == {"kalendarium/normaliser_errors": 1}


def test_a_raw_event_takes_single_values_stripped_once_and_list_fields_whole():
    from crawlers.items import raw_event

    item = raw_event("kokkola-seniorit", {
        "title": "  Seniorgym – Kokkola  ", "description": ["", "  Välkommen!  ", "second"], "start": "2026-12-01T10:00",
        "location": "   ", "categories": "liikunta", "exdates": ["2026-12-08T10:00"], "rdates": [], "end": None,
        "all_day": False, "not_a_field": "ignored", "extraction": {"how": "ical"},
    })
    assert dict(item) == {
        "source_id": "kokkola-seniorit", "title": "Seniorgym – Kokkola", "description": "Välkommen!",
        "start": "2026-12-01T10:00", "categories": ["liikunta"], "exdates": ["2026-12-08T10:00"],
        "all_day": False, "extraction": {"how": "ical"},
    }
