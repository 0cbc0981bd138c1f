"""The real French article in ../shared/examples, scored against its reference record
(the foundation issue's acceptance). Skips cleanly where ../shared is absent."""

from __future__ import annotations

import json

import pytest

from relato.evaluate import evaluate
from tests.conftest import SHARED

EXAMPLE = SHARED / "examples" / "fr-us-mexico-cartels"

pytestmark = pytest.mark.skipif(not EXAMPLE.with_suffix(".txt").exists(),
                                reason="../shared/examples is not here")


@pytest.fixture(scope="module")
def scored(pipeline):
    gold = json.loads(EXAMPLE.with_suffix(".gold.json").read_text("utf-8"))
    text = EXAMPLE.with_suffix(".txt").read_text("utf-8")
    record = pipeline.process({"id": gold["id"], "text": text, "lang": "fr",
                               "published": "2025-11-04"})
    prediction = json.loads(record.model_dump_json())
    return gold, prediction, evaluate("events", [gold], [prediction])


def test_strict_event_f1(scored):
    _gold, _prediction, report = scored
    assert report["fields"]["event_strict"]["f1"] >= 0.5


def test_main_event_is_right_in_every_field(scored):
    _gold, prediction, _report = scored
    main = [e for e in prediction["events"] if e["type"] == "ASSAULT"
            and any(s[0] <= 40 < s[1] for s in e["evidence"])]
    assert len(main) == 1
    event = main[0]
    assert event["status"] == "considered"
    assert {(a["country"], a["sector"]) for a in event["actors"]} == {("USA", "GOV")}
    assert ("MEX", "CRM") in {(t["country"], t["sector"]) for t in event["targets"]}
    named = [s for s in event["sources"] if not s["anonymous"]]
    anonymous = sorted((s["count"], s["former"], s["country"]) for s in event["sources"]
                       if s["anonymous"])
    assert [s["name"] for s in named] == ["NBC News"] and named[0]["kind"] == "media"
    assert anonymous == [(2, False, "USA"), (2, True, "USA")]


def test_both_direct_quotes_with_their_speakers(scored):
    _gold, prediction, report = scored
    direct = [q for q in prediction["quotes"] if q["direct"]]
    assert len(direct) == 2
    first, second = direct
    assert first["speaker"]["name"] == "Claudia Sheinbaum" and first["cue"] == "a souligné"
    assert second["speaker"]["anonymous"] and second["speaker"]["country"] == "USA"
    assert second["speaker"]["count"] == 1
    quotes = report["quotes"]
    assert quotes["fields"]["quote_direct"]["recall"] == 1.0
    assert quotes["accuracies"]["speaker"]["accuracy"] == 1.0
