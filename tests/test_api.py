"""The HTTP API, served for real on 127.0.0.1 over a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from relato.api import create_app
from relato.store import Store
from tests.serving import running

STORY = Path(__file__).parent / "fixtures" / "story"
TOKEN = "test-token-7f3a"


def _articles() -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(STORY.glob("*.json"))]


@pytest.fixture(scope="module")
def server(pipeline, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("api") / "relato.duckdb")
    app = create_app(store, pipeline, token=TOKEN, max_request_bytes=200_000)
    with running(app) as url:
        yield url
    store.close()


def test_extract_returns_a_record_and_stores_nothing(server):
    answer = httpx.post(f"{server}/extract", json={
        "text": "Mexican marines arrested two cartel leaders in Culiacán on Monday.",
        "lang": "en", "published": "2026-03-03"}, timeout=60)
    assert answer.status_code == 200
    record = answer.json()
    assert record["events"][0]["type"] == "COERCE"
    assert httpx.get(f"{server}/events").json()["total"] == 0


def test_writing_needs_the_token(server):
    body = _articles()[:1]
    assert httpx.post(f"{server}/articles", json=body, timeout=60).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert httpx.post(f"{server}/articles", json=body, headers=wrong,
                      timeout=60).status_code == 401


def test_story_through_the_api(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = httpx.post(f"{server}/articles", json=_articles(), headers=auth, timeout=120)
    assert first.status_code == 200 and len(first.json()["stored"]) == 3
    again = httpx.post(f"{server}/articles", json=_articles(), headers=auth, timeout=120)
    assert again.json()["stored"] == [] and len(again.json()["skipped"]) == 3

    page = httpx.get(f"{server}/events", params={"type": "ASSAULT", "status": "occurred"})
    merged = [e for e in page.json()["items"] if e["mentions"] == 3]
    assert len(merged) == 1
    event = httpx.get(f"{server}/events/{merged[0]['id']}").json()
    assert [m["status"] for m in event["history"]][::2] == ["considered", "occurred"]
    assert len(event["reported_by"]) == 3

    stories = httpx.get(f"{server}/stories").json()
    assert stories["total"] == 1
    story = httpx.get(f"{server}/stories/{stories['items'][0]['id']}").json()
    assert len(story["articles_list"]) == 3 and story["events"]
    article = httpx.get(f"{server}/articles/story-es-occurred").json()
    assert article["record"]["lang"] == "es" and article["event_ids"]


def test_filters_and_pages(server):
    everything = httpx.get(f"{server}/events").json()
    assert everything["total"] >= 3
    page = httpx.get(f"{server}/events", params={"limit": 2, "offset": 1}).json()
    assert len(page["items"]) == 2 and page["items"][0]["id"] == everything["items"][1]["id"]
    assert httpx.get(f"{server}/events", params={"country": "ZZZ"}).json()["total"] == 0
    assert httpx.get(f"{server}/events", params={"limit": 0}).status_code == 422


def test_missing_things_and_oversized_requests(server):
    assert httpx.get(f"{server}/events/999999").status_code == 404
    assert httpx.get(f"{server}/stories/999999").status_code == 404
    assert httpx.get(f"{server}/articles/nope").status_code == 404
    huge = {"text": "x" * 300_000}
    assert httpx.post(f"{server}/extract", json=huge, timeout=60).status_code == 413


def test_openapi_schema_and_security_headers(server):
    schema = httpx.get(f"{server}/openapi.json").json()
    assert {"/extract", "/articles", "/events", "/events/{event_id}", "/stories",
            "/stories/{story_id}", "/articles/{article_id}"} <= set(schema["paths"])
    headers = httpx.get(f"{server}/events").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_a_server_without_token_writes_nothing(pipeline, tmp_path):
    with Store(tmp_path / "ro.duckdb") as store, running(create_app(store, pipeline)) as url:
        answer = httpx.post(f"{url}/articles", json=_articles()[:1],
                            headers={"Authorization": "Bearer anything"}, timeout=60)
        assert answer.status_code == 403
