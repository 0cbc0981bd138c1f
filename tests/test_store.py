"""The store on a real DuckDB file: migrations, idempotent ingest, one event across three
articles in three languages, failures kept, read-only SQL, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from relato.errors import RelatoError
from relato.ingest import iter_articles
from relato.store import ReadOnlyQuery, Store, StoreError

STORY = Path(__file__).parent / "fixtures" / "story"


@pytest.fixture(scope="module")
def story_records(pipeline):
    paths = sorted(str(p) for p in STORY.glob("*.json"))
    return [r for r in pipeline.run(iter_articles(paths)) if not isinstance(r, RelatoError)]


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "relato.duckdb") as opened:
        yield opened


def test_migrations_are_numbered_and_recorded(tmp_path):
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        assert store.schema_version() >= 1
        assert store.migrate() == []  # nothing left to apply
    with duckdb.connect(str(path), read_only=True) as db:
        tables = {row[0] for row in db.execute("SHOW TABLES").fetchall()}
        assert {"articles", "events", "event_mentions", "actors", "sources", "quotes",
                "places", "stories", "failures", "schema_migrations"} <= tables


def test_one_event_told_in_three_languages_has_a_status_history(store, story_records):
    report = store.ingest(story_records)
    assert len(report.stored) == 3 and not report.failed
    assert store.count("stories") == 1
    strikes = [e for e in store.events(type="ASSAULT")["items"] if e["mentions"] == 3]
    assert len(strikes) == 1
    event = store.event(strikes[0]["id"])
    history = [m["status"] for m in event["history"]]
    assert history[0] == "considered" and history[-1] == "occurred"
    assert event["status"] == "occurred"
    assert [m["lang"] for m in event["history"]] == ["fr", "en", "es"]
    assert len(event["reported_by"]) == 3
    assert len({s["article_id"] for s in event["sources"]}) == 3
    assert {a["country"] for a in event["actors"]} == {"USA"}


def test_ingesting_twice_adds_nothing(store, story_records):
    store.ingest(story_records)
    counts = {t: store.count(t) for t in ("articles", "events", "event_mentions", "quotes")}
    again = store.ingest(story_records)
    assert again.stored == [] and len(again.skipped) == 3
    assert {t: store.count(t) for t in counts} == counts
    # the same text under another id is the same article
    copy = story_records[0].model_copy(update={"id": "another-id"})
    assert store.ingest([copy]).skipped == [("another-id", f"same text as {story_records[0].id}")]


def test_every_article_is_stored_or_listed_with_its_reason(store, pipeline, tmp_path):
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps({
        "id": "good", "lang": "en", "published": "2026-02-01",
        "text": "Guatemalan police arrested two smugglers in Escuintla on Monday."}),
        encoding="utf-8")
    items = iter_articles([str(tmp_path / "empty.txt"), str(tmp_path / "good.json")])
    report = store.ingest(pipeline.run(items))
    assert report.stored == ["good"]
    assert len(report.failed) == 1 and "empty.txt" in report.failed[0][0]
    assert [f["code"] for f in store.failures()] == ["empty"]


def test_sql_only_on_a_store_opened_read_only(tmp_path, story_records):
    path = tmp_path / "q.duckdb"
    with Store(path) as store:
        store.ingest(story_records[:1])
        with pytest.raises(ReadOnlyQuery):
            store.query("SELECT 1")
    with Store(path, read_only=True) as reader:
        columns, rows = reader.query("SELECT id FROM articles")
        assert columns == ["id"] and rows == [(story_records[0].id,)]
        with pytest.raises(StoreError):
            reader.query("DELETE FROM articles")
    with Store(path, read_only=True) as reader:
        assert reader.query("SELECT count(*) FROM articles")[1] == [(1,)]


def test_exports_hold_one_row_per_event_mention(tmp_path, story_records):
    path = tmp_path / "e.duckdb"
    with Store(path) as store:
        store.ingest(story_records)
        mentions = store.count("event_mentions")
    with Store(path, read_only=True) as reader:
        for fmt in ("csv", "jsonl", "parquet"):
            out = tmp_path / f"events.{fmt}"
            assert reader.export(fmt, out) == mentions
            assert out.stat().st_size > 0
        with open(tmp_path / "events.csv", encoding="utf-8") as handle:
            assert len(list(csv.DictReader(handle))) == mentions
        with duckdb.connect() as db:
            rows = db.execute("SELECT count(*) FROM read_parquet(?)",
                              [str(tmp_path / "events.parquet")]).fetchall()
        assert rows == [(mentions,)]


def test_events_are_filtered_with_parameters_never_pasted(store, story_records):
    store.ingest(story_records)
    assert store.events(status="occurred")["total"] >= 1
    assert store.events(actor="' OR 1=1 --")["total"] == 0
    assert store.events(country="MEX", type="ASSAULT")["total"] >= 1
    page = store.events(limit=1)
    assert len(page["items"]) == 1 and page["total"] >= 2


def test_two_events_of_one_article_stay_two_events(store):
    from relato.schema import Actor, Event, Record

    text = "Teachers protested in the capital. Teachers will protest again in May."
    teachers = [Actor(name="Teachers", sector="CVL", mention="Teachers", span=(0, 8))]
    record = Record(id="two-protests", lang="en", published="2026-05-04", text=text, events=[
        Event(type="PROTEST", status="occurred", trigger="protested", evidence=[(9, 18)],
              actors=teachers),
        Event(type="PROTEST", status="planned", trigger="protest", evidence=[(49, 56)],
              actors=teachers)])
    assert store.ingest([record]).stored == ["two-protests"]
    assert store.count("events") == 2
    assert {e["mentions"] for e in store.events()["items"]} == {1}


def test_event_rows_say_who_reported_them(store, story_records):
    store.ingest(story_records)
    rows = store.events(type="ASSAULT")["items"]
    merged = [r for r in rows if r["mentions"] == 3][0]
    assert len(merged["reported_by"]) == 3
    assert [r["status"] for r in merged["reports"]][-1] == "occurred"
