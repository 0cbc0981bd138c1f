"""Whole invented articles in French, English and Spanish against what a careful annotator
records in them (`*.expect.json` beside each article): events, statuses, quotes and
speakers must keep at least the level they have reached. A construction that breaks shows
up here as a lost event, status, quote or speaker."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, load_json

EXPECTATIONS = sorted(FIXTURES.glob("*/*.expect.json"))

# Minimum share found, per language: measured when these tests were written, kept a little
# below so that only a real loss fails them.
FLOORS = {
    "fr": {"events": 0.75, "status": 0.75, "quotes": 0.85, "speakers": 0.75},
    "en": {"events": 0.85, "status": 0.6, "quotes": 0.95, "speakers": 0.95},
    "es": {"events": 0.75, "status": 0.55, "quotes": 0.85, "speakers": 0.4},
}


def _near(span_a: tuple[int, int], start: int, end: int, slack: int = 0) -> bool:
    return span_a[0] - slack < end and start < span_a[1] + slack


def _score(article: dict, expected: dict, record) -> dict[str, float]:
    text = article["text"]
    events = [e for e in expected["events"] if not e.get("optional")]
    found = status = 0
    for event in events:
        at = text.find(event["trigger"])
        end = at + len(event["trigger"])
        types = {event["type"], *event.get("alt_types", [])}
        if event["type"] == "THREATEN" or event["status"] == "threatened":
            types |= {"THREATEN"}
        match = next((e for e in record.events if (e.type in types or (
            event["type"] == "THREATEN" and e.status == "threatened"))
            and any(_near(s, at, end) for s in e.evidence)), None) or next(
            (e for e in record.events if e.type in types
             and any(_near(s, at, end, 150) for s in e.evidence)), None)
        if match is not None:
            found += 1
            status += match.status == event["status"] or (
                event["type"] == "THREATEN" and match.type == "THREATEN")
    quotes = expected.get("quotes", [])
    quoted = spoken = named = 0
    for quote in quotes:
        head = quote["text"][:30]
        match = next((q for q in record.quotes if head in q.text or q.text[:30] in
                      quote["text"]), None)
        if match is None:
            continue
        quoted += 1
        if quote.get("speaker"):
            named += 1
            last = quote["speaker"].split()[-1]
            spoken += bool(match.speaker and match.speaker.name and
                           last in match.speaker.name)
    return {
        "events": found / max(1, len(events)),
        "status": status / max(1, found),
        "quotes": quoted / max(1, len(quotes)),
        "speakers": spoken / max(1, named),
    }


@pytest.mark.parametrize("path", EXPECTATIONS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_article_keeps_its_level(path, pipeline):
    article = load_json(path.with_name(path.name.replace(".expect.json", ".json")))
    expected = load_json(path)
    record = pipeline.process(article)
    scores = _score(article, expected, record)
    floors = FLOORS[article["lang"]]
    low = {k: round(v, 2) for k, v in scores.items() if v < floors[k]}
    assert not low, f"{path.name}: below the floor {floors}: {low}"
