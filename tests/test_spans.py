"""Every span of every record on every invented article gives back the words it claims,
and every record validates against the published JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from relato.schema import Record, record_json_schema
from tests.conftest import fixture_articles, load_json

ARTICLES = fixture_articles()


def claimed_spans(record: Record):
    """(span, claimed words, where) for every span in a record."""
    for e_index, event in enumerate(record.events):
        where = f"events[{e_index}]"
        yield event.trigger_span, event.trigger, f"{where}.trigger"
        if event.status_span:
            yield event.status_span, event.status_cue, f"{where}.status_cue"
        if event.date_span:
            yield event.date_span, event.date_text, f"{where}.date_text"
        for role in ("actors", "targets"):
            for a_index, actor in enumerate(getattr(event, role)):
                if actor.span:
                    yield actor.span, actor.mention, f"{where}.{role}[{a_index}]"
        for s_index, source in enumerate(event.sources):
            if source.span:
                yield source.span, source.mention, f"{where}.sources[{s_index}]"
        if event.place and event.place.span:
            yield event.place.span, event.place.mention, f"{where}.place"
        for span in event.evidence:
            yield span, None, f"{where}.evidence"
    for q_index, quote in enumerate(record.quotes):
        yield quote.span, quote.text, f"quotes[{q_index}]"
        for fragment in quote.fragments or []:
            yield fragment, None, f"quotes[{q_index}].fragment"
        if quote.cue_span:
            yield quote.cue_span, quote.cue, f"quotes[{q_index}].cue"
        if quote.speaker and quote.speaker.span:
            yield quote.speaker.span, quote.speaker.mention, f"quotes[{q_index}].speaker"
    for n_index, entity in enumerate(record.entities):
        yield entity.span, entity.text, f"entities[{n_index}]"
    for p_index, place in enumerate(record.places):
        yield place.span, place.text, f"places[{p_index}]"


def test_there_are_fixtures_in_every_language():
    langs = {load_json(p)["lang"] for p in ARTICLES}
    assert {"fr", "en", "es"} <= langs


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_offsets_give_back_the_words(path, pipeline):
    article = load_json(path)
    assert article.get("invented") is True, "fixtures and examples must be invented articles"
    record = pipeline.process(article)
    assert record.id == article["id"]
    text = record.text
    checked = 0
    for span, claimed, where in claimed_spans(record):
        start, end = span
        assert 0 <= start < end <= len(text), f"{where}: span {span} outside the text"
        if claimed is not None:
            assert text[start:end] == claimed, f"{where}: {text[start:end]!r} != {claimed!r}"
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_record_validates_against_the_schema(path, pipeline):
    record = pipeline.process(load_json(path))
    data = json.loads(record.model_dump_json())
    jsonschema.validate(data, record_json_schema())
    assert data["schema_version"]


def test_schema_rejects_a_wrong_record(pipeline):
    record = pipeline.process(load_json(ARTICLES[0]))
    data = json.loads(record.model_dump_json())
    data["events"] = [{"type": "PUNCH", "trigger": "x"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, record_json_schema())
