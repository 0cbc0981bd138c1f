"""Tests for relato.evaluate on small invented records, one scoring rule at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from relato.evaluate import (
    evaluate,
    format_table,
    haversine_km,
    load_records,
    mention_overlaps,
    names_match,
    split_sentences,
)

EXAMPLES = Path(__file__).parents[2] / "shared" / "examples"

TEXT = (
    "The army shelled the village of Tarvo on Monday. "
    "Rebels threatened to attack the capital. "
    "The president met the envoy in Lunaria.\n"
    "Officials said the talks would resume."
)


def span(phrase: str, text: str = TEXT) -> list[int]:
    start = text.index(phrase)
    return [start, start + len(phrase)]


def actor(name: str | None, country: str | None = None, sector: str | None = None) -> dict:
    return {"name": name, "country": country, "sector": sector}


ARMY = actor("Valdorian army", "VAL", "MIL")
REBELS = actor("Northern rebels", "VAL", "REB")
VILLAGERS = actor("villagers of Tarvo", "VAL", "CVL")


def event(etype: str, phrase: str, **fields: Any) -> dict:
    record = {
        "type": etype,
        "status": "occurred",
        "actors": [ARMY],
        "targets": [VILLAGERS],
        "evidence": [span(phrase)],
    }
    record.update(fields)
    return record


def doc(events: list[dict], doc_id: str = "d1", **fields: Any) -> dict:
    return {"id": doc_id, "text": TEXT, "events": events, **fields}


def score_events(ref_events: list[dict], pred_events: list[dict]) -> dict:
    return evaluate("events", [doc(ref_events)], [doc(pred_events)])


def counts(report: dict, field: str) -> tuple:
    entry = report["fields"][field]
    return entry["tp"], entry["fp"], entry["fn"]


def accuracy(report: dict, name: str) -> tuple:
    entry = report["accuracies"][name]
    return entry["correct"], entry["total"]


# --------------------------------------------------------------------------- loading


def test_load_jsonl_skips_blank_lines_and_keeps_line_separators(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "x\u2028y"}\n\n{"id": "b"}\n', encoding="utf-8")
    assert [r["id"] for r in load_records(path)] == ["a", "b"]


def test_load_json_object_or_list(tmp_path: Path) -> None:
    one, many = tmp_path / "one.json", tmp_path / "many.json"
    one.write_text(json.dumps({"id": "a"}), encoding="utf-8")
    many.write_text(json.dumps([{"id": "a"}, {"id": "b"}]), encoding="utf-8")
    assert load_records(one) == [{"id": "a"}]
    assert len(load_records(many)) == 2


def test_load_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n{"id": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2"):
        load_records(path)


def test_unknown_kind_rejected() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        evaluate("entities", [], [])


# --------------------------------------------------------------------------- sentences splitter


def test_split_sentences_keeps_abbreviations_and_splits_newlines() -> None:
    text = "Mr. Brandt met M. Dupont at the U.S. embassy. Then he left.\nA new line"
    parts = [text[s:e].strip() for s, e in split_sentences(text)]
    assert parts == ["Mr. Brandt met M. Dupont at the U.S. embassy.", "Then he left.", "A new line"]


def test_split_sentences_after_french_closing_quote() -> None:
    text = "Elle a dit : « Nous refusons. » Un responsable a répondu."
    assert len(split_sentences(text)) == 2


# --------------------------------------------------------------------------- events


def test_same_event_matches() -> None:
    report = score_events([event("ASSAULT", "shelled")], [event("ASSAULT", "shelled")])
    assert counts(report, "event") == (1, 0, 0)
    assert counts(report, "event_strict") == (1, 0, 0)


def test_type_mismatch_not_matched() -> None:
    report = score_events([event("ASSAULT", "shelled")], [event("PROTEST", "shelled")])
    assert counts(report, "event") == (0, 1, 1)


def test_alt_types_accepted() -> None:
    ref = event("SANCTION", "shelled", alt_types=["COERCE"])
    report = score_events([ref], [event("COERCE", "shelled")])
    assert counts(report, "event") == (1, 0, 0)


def test_evidence_in_same_sentence_is_enough() -> None:
    ref = event("ASSAULT", "The army shelled the village")
    pred = event("ASSAULT", "on Monday")
    assert counts(score_events([ref], [pred]), "event") == (1, 0, 0)


def test_evidence_in_other_sentence_not_matched() -> None:
    ref = event("ASSAULT", "shelled")
    pred = event("ASSAULT", "attack the capital")
    assert counts(score_events([ref], [pred]), "event") == (0, 1, 1)


def test_optional_not_missed_and_not_penalised() -> None:
    optional = event("CONSULT", "met the envoy", optional=True)
    absent = score_events([event("ASSAULT", "shelled"), optional], [event("ASSAULT", "shelled")])
    assert counts(absent, "event") == (1, 0, 0)
    found = score_events([optional], [event("CONSULT", "met the envoy")])
    assert counts(found, "event") == (0, 0, 0)


def test_threaten_and_threatened_accepted_both_ways() -> None:
    threatened = event("ASSAULT", "threatened", status="threatened", actors=[REBELS])
    threaten = event("THREATEN", "threatened", actors=[REBELS])
    forward = score_events([threatened], [threaten])
    assert counts(forward, "event") == (1, 0, 0)
    assert accuracy(forward, "status") == (1, 1)
    assert counts(score_events([threaten], [threatened]), "event") == (1, 0, 0)


def test_threaten_needs_threatened_status() -> None:
    occurred = event("ASSAULT", "threatened", status="occurred", actors=[REBELS])
    threaten = event("THREATEN", "threatened", actors=[REBELS])
    assert counts(score_events([threaten], [occurred]), "event") == (0, 1, 1)


def test_strict_requires_targets() -> None:
    ref = event("ASSAULT", "shelled")
    pred = event("ASSAULT", "shelled", targets=[actor("Capital city", "XYZ", "GOV")])
    report = score_events([ref], [pred])
    assert counts(report, "event") == (1, 0, 0)
    assert counts(report, "event_strict") == (0, 1, 1)
    assert counts(report, "targets") == (0, 1, 1)


def test_strict_empty_targets_match_only_empty() -> None:
    ref = event("MOBILIZE", "shelled", targets=[])
    assert counts(score_events([ref], [event("MOBILIZE", "shelled", targets=[])]),
                  "event_strict") == (1, 0, 0)
    assert counts(score_events([ref], [event("MOBILIZE", "shelled")]),
                  "event_strict") == (0, 1, 1)


def test_actor_match_by_name_or_country_and_sector() -> None:
    assert names_match("Claudia Sheinbaum", "claudia SHEINBÁUM")
    assert names_match("Sheinbaum", "Claudia Sheinbaum")
    assert not names_match("Mexico", "Venezuela")
    renamed = event("ASSAULT", "shelled", actors=[actor("the military", "VAL", "MIL")])
    report = score_events([event("ASSAULT", "shelled")], [renamed])
    assert counts(report, "event_strict") == (1, 0, 0)
    no_sector = event("ASSAULT", "shelled", actors=[actor("the military", "VAL", None)])
    assert counts(score_events([event("ASSAULT", "shelled")], [no_sector]),
                  "event_strict") == (0, 1, 1)


def test_strict_needs_every_actor_on_both_sides() -> None:
    ref = event("ASSAULT", "shelled", actors=[ARMY, REBELS])
    report = score_events([ref], [event("ASSAULT", "shelled")])
    assert counts(report, "event_strict") == (0, 1, 1)
    assert counts(report, "actors") == (1, 0, 1)


def test_greedy_prefers_strict_partner() -> None:
    by_army = event("ASSAULT", "shelled")
    by_rebels = event("ASSAULT", "shelled", actors=[REBELS])
    report = score_events([by_army, by_rebels], [event("ASSAULT", "shelled", actors=[REBELS])])
    assert counts(report, "event") == (1, 0, 1)
    assert counts(report, "event_strict") == (1, 0, 1)
    assert counts(report, "actors") == (1, 0, 0)


def test_event_fields_on_matched_pair() -> None:
    ref = event(
        "ASSAULT", "shelled", status="occurred", mode=["artillery", "aerial"],
        place={"name": "Tarvo", "country": "VAL"}, date="2025-03-03",
        sources=[
            {"name": "Radio Lunaria", "kind": "media", "anonymous": False},
            {"name": None, "anonymous": True, "count": 2, "country": "VAL", "former": True},
        ],
    )
    pred = event(
        "ASSAULT", "shelled", status="ongoing", mode=["artillery", "troops"],
        place={"name": "Tarvo", "country": "VAL"}, date="2025-03",
        sources=[
            {"name": "radio lunaria", "kind": "media", "anonymous": False},
            {"name": None, "anonymous": True, "count": 3, "country": "VAL", "former": True},
        ],
    )
    report = score_events([ref], [pred])
    assert accuracy(report, "status") == (0, 1)
    assert accuracy(report, "status_coarse") == (1, 1)
    assert accuracy(report, "place") == (1, 1)
    assert accuracy(report, "date") == (0, 1)
    assert counts(report, "mode") == (1, 1, 1)
    assert counts(report, "sources") == (1, 1, 1)


def test_anonymous_sources_rules() -> None:
    anon = {"name": None, "anonymous": True, "count": 2, "country": "VAL", "former": False}
    guess = {"name": None, "anonymous": True, "count": 2, "country": None, "former": False}
    named = {"name": "Jan Novak", "anonymous": False}
    ref = event("ASSAULT", "shelled", sources=[anon])
    assert counts(score_events([ref], [event("ASSAULT", "shelled", sources=[guess])]),
                  "sources") == (1, 0, 0)
    former = dict(guess, former=True)
    assert counts(score_events([ref], [event("ASSAULT", "shelled", sources=[former])]),
                  "sources") == (0, 1, 1)
    assert counts(score_events([ref], [event("ASSAULT", "shelled", sources=[named])]),
                  "sources") == (0, 1, 1)


def test_place_null_against_null_is_right() -> None:
    report = score_events([event("ASSAULT", "shelled", place=None)], [event("ASSAULT", "shelled")])
    assert accuracy(report, "place") == (1, 1)
    wrong = event("ASSAULT", "shelled", place={"name": "Lunaria", "country": "LUN"})
    assert accuracy(score_events([event("ASSAULT", "shelled")], [wrong]), "place") == (0, 1)


def test_missing_and_extra_predictions() -> None:
    reference = [doc([event("ASSAULT", "shelled"), event("CONSULT", "met the envoy")])]
    prediction = [doc([event("ASSAULT", "shelled")], doc_id="other")]
    report = evaluate("events", reference, prediction)
    assert report["missing_predictions"] == 1
    assert report["extra_predictions"] == 1
    assert counts(report, "event") == (0, 0, 2)


def test_events_report_includes_quotes() -> None:
    quote = {"speaker": None, "span": span("the talks would resume"), "direct": False}
    report = evaluate("events", [doc([], quotes=[quote])], [doc([], quotes=[quote])])
    assert counts(report["quotes"], "quote") == (1, 0, 0)
    assert "-- quotes --" in format_table(report)


# --------------------------------------------------------------------------- quotes


def quote(start: int, end: int, speaker: dict | None = None, direct: bool = False,
          **fields: Any) -> dict:
    return {"span": [start, end], "speaker": speaker, "direct": direct, **fields}


def score_quotes(refs: list[dict], preds: list[dict]) -> dict:
    return evaluate("quotes", [{"id": "q", "quotes": refs}], [{"id": "q", "quotes": preds}])


def test_quote_overlap_half_of_longer_span() -> None:
    assert counts(score_quotes([quote(0, 20)], [quote(10, 30)]), "quote") == (1, 0, 0)
    assert counts(score_quotes([quote(0, 20)], [quote(11, 31)]), "quote") == (0, 1, 1)
    # a short prediction inside a long reference covers less than half of the longer span
    assert counts(score_quotes([quote(0, 100)], [quote(10, 40)]), "quote") == (0, 1, 1)


def test_quote_one_to_one() -> None:
    report = score_quotes([quote(0, 20)], [quote(0, 20), quote(1, 20)])
    assert counts(report, "quote") == (1, 1, 0)


def test_quote_direct_and_reported_split() -> None:
    refs = [quote(0, 20, direct=True), quote(30, 50, direct=False)]
    preds = [quote(0, 20, direct=True), quote(60, 80, direct=False)]
    report = score_quotes(refs, preds)
    assert counts(report, "quote_direct") == (1, 0, 0)
    assert counts(report, "quote_reported") == (0, 1, 1)


def test_quote_optional() -> None:
    refs = [quote(0, 20), quote(30, 50, optional=True)]
    assert counts(score_quotes(refs, [quote(0, 20)]), "quote") == (1, 0, 0)
    assert counts(score_quotes(refs, [quote(0, 20), quote(30, 50)]), "quote") == (1, 0, 0)


def test_pronoun_speakers_skipped() -> None:
    pronoun = {"name": None, "mention": "he", "kind": "person", "pronoun": True}
    report = score_quotes([quote(0, 20, pronoun)], [quote(0, 20, {"name": "Jan Novak"})])
    assert accuracy(report, "speaker") == (0, 0)
    assert accuracy(report, "direct") == (1, 1)


def test_speaker_rules() -> None:
    morris = {"name": "Spokeswoman Haley Morris", "mention": "Spokeswoman Haley Morris"}
    anonymous = {"name": None, "anonymous": True}
    refs = [quote(0, 10, morris), quote(20, 30, None), quote(40, 50, anonymous),
            quote(60, 70, anonymous), quote(80, 90, morris)]
    preds = [quote(0, 10, {"name": "Ms. Morris"}), quote(20, 30, None),
             quote(40, 50, {"name": None, "anonymous": True}),
             quote(60, 70, {"name": "Jan Novak", "anonymous": False}), quote(80, 90, None)]
    assert accuracy(score_quotes(refs, preds), "speaker") == (3, 5)


def test_direct_accuracy() -> None:
    report = score_quotes([quote(0, 20, direct=True)], [quote(0, 20, direct=False)])
    assert accuracy(report, "direct") == (0, 1)


# --------------------------------------------------------------------------- sentences


SENTENCE = "The American Civil Liberties Union is suing the FBI over a 2017 report."


def sentence_ref(etype: str = "ACCUSE", actor_text: str | None = "The American Civil "
                 "Liberties Union", target_text: str | None = "FBI", **fields: Any) -> dict:
    return {"id": "s1", "lang": "en", "text": SENTENCE, "type": etype,
            "actor_text": actor_text, "target_text": target_text, **fields}


def sentence_pred(*events: dict, sentence_id: str = "s1") -> dict:
    return {"id": sentence_id, "text": SENTENCE, "events": list(events)}


def mentions(*words: str) -> list[dict]:
    return [{"mention": w} for w in words]


ACLU_SUES_FBI = {"type": "ACCUSE", "actors": mentions("the ACLU Civil Liberties Union"),
                 "targets": mentions("the FBI")}


def test_sentence_all_right() -> None:
    report = evaluate("sentences", [sentence_ref()], [sentence_pred(ACLU_SUES_FBI)])
    for name in ("type", "actor", "target", "end_to_end"):
        assert accuracy(report, name) == (1, 1), name
    assert report["per_type"]["ACCUSE"] == {"found": 1, "total": 1, "recall": 1.0}


def test_sentence_wrong_type_fails_everything() -> None:
    report = evaluate("sentences", [sentence_ref()], [sentence_pred(dict(ACLU_SUES_FBI,
                                                                         type="SUPPORT"))])
    for name in ("type", "actor", "target", "end_to_end"):
        assert accuracy(report, name) == (0, 1), name
    assert report["per_type"]["ACCUSE"]["found"] == 0


def test_sentence_alt_type_and_threatened_status() -> None:
    ref = sentence_ref("RETREAT", alt_types=["CONCEDE"])
    report = evaluate("sentences", [ref], [sentence_pred(dict(ACLU_SUES_FBI, type="CONCEDE"))])
    assert accuracy(report, "type") == (1, 1)
    threatened = dict(ACLU_SUES_FBI, type="ASSAULT", status="threatened")
    report = evaluate("sentences", [sentence_ref("THREATEN")], [sentence_pred(threatened)])
    assert accuracy(report, "type") == (1, 1)


def test_mention_overlap_rules() -> None:
    assert mention_overlaps("FBI", "the FBI")
    assert mention_overlaps("The American Civil Liberties Union", "Civil Liberties Union")
    assert mention_overlaps("The American Civil Liberties Union", "American Liberties group")
    assert not mention_overlaps("The American Civil Liberties Union", "the American group")
    assert not mention_overlaps("US", "the bus company")


def test_sentence_null_actor_wants_no_actor() -> None:
    ref = sentence_ref(actor_text=None)
    without = dict(ACLU_SUES_FBI, actors=[])
    assert accuracy(evaluate("sentences", [ref], [sentence_pred(without)]), "actor") == (1, 1)
    assert accuracy(evaluate("sentences", [ref], [sentence_pred(ACLU_SUES_FBI)]),
                    "actor") == (0, 1)


def test_sentence_actor_from_span() -> None:
    start = SENTENCE.index("FBI")
    pred = dict(ACLU_SUES_FBI, targets=[{"name": "Federal Bureau", "span": [start, start + 3]}])
    report = evaluate("sentences", [sentence_ref()], [sentence_pred(pred)])
    assert accuracy(report, "target") == (1, 1)


def test_sentence_end_to_end_needs_one_event() -> None:
    actor_only = dict(ACLU_SUES_FBI, targets=mentions("the judge"))
    target_only = dict(ACLU_SUES_FBI, actors=mentions("the judge"))
    report = evaluate("sentences", [sentence_ref()], [sentence_pred(actor_only, target_only)])
    assert accuracy(report, "actor") == (1, 1)
    assert accuracy(report, "target") == (1, 1)
    assert accuracy(report, "end_to_end") == (0, 1)


def test_sentence_lines_sharing_text_paired_by_id() -> None:
    refs = [sentence_ref(), dict(sentence_ref("SUPPORT"), id="s2")]
    preds = [sentence_pred(ACLU_SUES_FBI), sentence_pred(ACLU_SUES_FBI, sentence_id="s2")]
    report = evaluate("sentences", refs, preds)
    assert accuracy(report, "type") == (1, 2)
    assert report["per_type"]["SUPPORT"]["found"] == 0


# --------------------------------------------------------------------------- status


def status_lines(statuses: list[str | None]) -> list[dict]:
    return [{"id": f"e{i}", "text": "x", "trigger": [0, 1], "status": s}
            for i, s in enumerate(statuses)]


def test_status_known_confusion() -> None:
    gold = status_lines(["occurred", "occurred", "planned", "hypothetical", "negated"])
    guess = status_lines(["ongoing", "planned", "planned", "threatened", "occurred"])
    report = evaluate("status", gold, guess)
    assert accuracy(report, "status") == (1, 5)
    assert accuracy(report, "status_coarse") == (3, 5)
    # coarse F1: occurred 1/2, future 2/3, uncertain 1, negated 0
    expected = (0.5 + 2 / 3 + 1.0 + 0.0) / 4
    assert report["coarse_macro_f1"] == pytest.approx(expected)
    assert report["accuracies"]["coarse_macro_f1"]["accuracy"] == pytest.approx(expected)
    assert counts(report, "planned") == (1, 1, 0)
    assert report["fields"]["coarse:future"]["f1"] == pytest.approx(2 / 3)


def test_status_missing_prediction_is_wrong() -> None:
    gold = status_lines(["occurred", "negated"])
    report = evaluate("status", gold, gold[:1])
    assert report["missing_predictions"] == 1
    assert accuracy(report, "status") == (1, 2)
    assert counts(report, "negated") == (0, 0, 1)


# --------------------------------------------------------------------------- places


def place(start: int, end: int, lat: float | None, lon: float | None, geonameid: int) -> dict:
    return {"span": [start, end], "name": "x", "lat": lat, "lon": lon, "geonameid": geonameid}


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.1)


def test_places_mentions_and_distance() -> None:
    paris_fr = place(0, 5, 48.8534, 2.3488, 2988507)
    lyon = place(10, 14, 45.7485, 4.8467, 2996944)
    berlin = place(20, 26, 52.5244, 13.4105, 2950159)
    unmatched = place(40, 45, 0, 0, 1)
    ref = {"id": "p", "places": [paris_fr, lyon, berlin, unmatched]}
    pred = {"id": "p", "places": [
        place(0, 5, 48.8534, 2.3488, 2988507),   # exact
        place(12, 18, 33.6609, -95.5555, 4717560),  # overlapping span, Paris, Texas
        place(20, 26, None, None, 2950159),      # right id, no coordinates
        place(30, 35, 1, 1, 2),                  # no reference mention here
    ]}
    report = evaluate("places", [ref], [pred])
    assert counts(report, "place") == (3, 1, 1)
    assert accuracy(report, "geonameid") == (2, 3)
    assert accuracy(report, "within_161km") == (1, 3)
    assert report["distances"] == 2
    far = haversine_km(45.7485, 4.8467, 33.6609, -95.5555)
    assert report["mean_error_km"] == pytest.approx(far / 2)


def test_places_within_distance_but_other_id() -> None:
    ref = {"id": "p", "places": [place(0, 5, 48.0, 2.0, 1)]}
    pred = {"id": "p", "places": [place(0, 5, 48.9, 2.0, 2)]}
    report = evaluate("places", [ref], [pred])
    assert accuracy(report, "within_161km") == (1, 1)
    assert accuracy(report, "geonameid") == (0, 1)


# --------------------------------------------------------------------------- table and gold


def test_format_table_and_json() -> None:
    report = score_events([event("ASSAULT", "shelled")], [event("ASSAULT", "shelled")])
    table = format_table(report)
    assert "event_strict" in table and "status_coarse" in table
    assert json.loads(json.dumps(report)) == report
    places = evaluate("places", [{"id": "p", "places": []}], [{"id": "p", "places": []}])
    assert "mean error km: -" in format_table(places)


def test_gold_example_against_itself() -> None:
    gold = EXAMPLES / "fr-us-mexico-cartels.gold.json"
    if not gold.is_file():
        pytest.skip(f"{EXAMPLES} not available")
    records = load_records(gold)
    report = evaluate("events", records, records)
    assert report["fields"]["event_strict"]["f1"] == 1.0
    assert report["fields"]["event"]["f1"] == 1.0
    assert report["quotes"]["fields"]["quote"]["f1"] == 1.0
    assert all(a["accuracy"] == 1.0 for a in report["accuracies"].values())


def test_sentence_actor_given_as_a_resolved_pronoun_counts_when_its_name_is_written():
    text = "Czech President Vaclav Klaus said he had rejected the plan."
    reference = [{"id": "s", "text": text, "type": "REJECT",
                  "actor_text": "Czech President Vaclav Klaus", "target_text": None}]

    def prediction(name):
        return [{"id": "s", "text": text, "events": [{
            "type": "REJECT", "actors": [{"name": name, "mention": "he"}], "targets": []}]}]

    right = evaluate("sentences", reference, prediction("Vaclav Klaus"))
    assert right["accuracies"]["actor"]["accuracy"] == 1.0
    wrong = evaluate("sentences", reference, prediction("Petr Pavel"))
    assert wrong["accuracies"]["actor"]["accuracy"] == 0.0
