"""Serving safely: rate limits, request size, security headers and URL fetching through the
API, each on a real server on 127.0.0.1."""

from __future__ import annotations

import threading

import httpx
import pytest

from relato.api import RateLimiter, create_app
from relato.settings import ServeLimits
from relato.store import Store
from tests.serving import running
from tests.test_fetch import html, only, serving

TOKEN = "security-token-5c1d"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OPEN = ServeLimits(rate_per_minute=0, pipeline_per_minute=0)  # no rate limit


@pytest.fixture(scope="module")
def pages():
    """A page server the API may fetch from (and only it, on 127.0.0.1)."""
    with serving({"/story": html()}) as inner:
        inner_url = f"http://127.0.0.1:{inner.server_address[1]}/"
        routes = {"/story": html(), "/to-inner": (302, {"Location": inner_url}, b""),
                  "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/"}, b""),
                  "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n")}
        with serving(routes) as outer:
            yield outer, inner


@pytest.fixture(scope="module")
def server(pipeline, pages, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("security") / "relato.duckdb")
    app = create_app(store, pipeline, token=TOKEN, max_request_bytes=20_000, limits=OPEN,
                     fetch_allow=only(pages[0]))
    with running(app) as url:
        yield url
    store.close()


# -- rate limits ------------------------------------------------------------------------
def test_a_client_over_its_budget_gets_429_with_retry_after(pipeline, tmp_path):
    limits = ServeLimits(rate_per_minute=60, rate_burst=5, pipeline_per_minute=6,
                         pipeline_burst=2)
    with Store(tmp_path / "r.duckdb") as store, \
            running(create_app(store, pipeline, limits=limits)) as url:
        answers = [httpx.get(f"{url}/events") for _ in range(6)]
        assert [a.status_code for a in answers] == [200] * 5 + [429]
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 2
        assert "default-src 'self'" in answers[-1].headers["content-security-policy"]
        # reading articles has its own, stricter budget: an empty body is refused (422)
        # after taking its token, the third is refused before anything is read
        posts = [httpx.post(f"{url}/extract", json={}) for _ in range(3)]
        assert [p.status_code for p in posts] == [422, 422, 429]
        assert int(posts[-1].headers["retry-after"]) == 10


def test_the_limiter_keeps_clients_apart_and_refills():
    clock = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: clock[0])
    assert [limiter.take("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.take("a") == pytest.approx(1.0)
    assert limiter.take("b") == 0  # another client has its own bucket
    clock[0] += 1.0
    assert limiter.take("a") == 0 and limiter.take("a") > 0
    assert RateLimiter(per_minute=0, burst=1).take("a") == 0  # 0: no limit


def test_the_limiter_forgets_idle_clients_and_stays_bounded():
    clock = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, max_clients=100, clock=lambda: clock[0])
    for n in range(1000):
        limiter.take(f"client-{n}")
    assert len(limiter) == 100
    clock[0] += 2.0  # two seconds refill two tokens: every bucket is full, as good as new
    limiter.take("late")
    assert len(limiter) == 1


def test_the_limiter_is_thread_safe():
    limiter = RateLimiter(per_minute=0.001, burst=50)
    allowed = []

    def hammer():
        allowed.extend(limiter.take("same") == 0 for _ in range(100))

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50


# -- request size -----------------------------------------------------------------------
def test_oversized_requests_are_refused_with_or_without_a_length(server):
    huge = {"text": "x" * 30_000}
    assert httpx.post(f"{server}/extract", json=huge, timeout=30).status_code == 413

    def chunks(total: int):  # no Content-Length: sent chunked
        for _ in range(total // 1000):
            yield b'"' + b"x" * 998 + b'"'

    answer = httpx.post(f"{server}/extract", content=chunks(60_000),
                        headers={"Content-Type": "application/json"}, timeout=30)
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413
    assert answer.headers["x-content-type-options"] == "nosniff"

    def small():
        yield b'{"text": "Mexican marines arrested two cartel leaders in '
        yield b'Culiac\xc3\xa1n on Monday.", "lang": "en", "published": "2026-03-03"}'

    answer = httpx.post(f"{server}/extract", content=small(),
                        headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 200 and answer.json()["events"]


# -- headers ----------------------------------------------------------------------------
def test_every_answer_has_the_security_headers(server):
    answers = [httpx.get(server + path) for path in (
        "/", "/static/app.js", "/static/style.css", "/static/world.json", "/static/nope.js",
        "/events", "/events/424242", "/stories", "/articles/nope", "/openapi.json",
        "/events?limit=0", "/nowhere")]
    answers.append(httpx.post(f"{server}/articles", json=[]))           # 401
    answers.append(httpx.post(f"{server}/extract", content=b"{not json"))  # 422
    assert {a.status_code for a in answers} >= {200, 401, 404, 422}
    for answer in answers:
        assert "default-src 'self'" in answer.headers["content-security-policy"], answer.url
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff", answer.url
        assert answer.headers["x-frame-options"] == "DENY"
    page = answers[0].text
    assert "<script>" not in page and "<script src=" in page  # no inline script for CSP


# -- fetching a URL ---------------------------------------------------------------------
def test_extract_reads_the_page_at_a_url(server, pages):
    url = f"http://127.0.0.1:{pages[0].server_address[1]}/story"
    answer = httpx.post(f"{server}/extract", json={"url": url, "lang": "en",
                                                   "published": "2026-03-03"}, timeout=60)
    assert answer.status_code == 200, answer.text
    record = answer.json()
    assert "Mexican marines arrested" in record["text"] and record["events"]


@pytest.mark.parametrize("url, why", [
    ("http://10.0.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::1]/", "loopback"),
    ("http://localhost/", "loopback"),
    ("gopher://example.com/", "only http and https"),
    ("/to-inner", "loopback"),
    ("/to-metadata", "link-local"),
    ("/image", "text/html and text/plain"),
])
def test_extract_refuses_urls_it_must_not_fetch(server, pages, url, why):
    outer, inner = pages
    if url.startswith("/"):
        url = f"http://127.0.0.1:{outer.server_address[1]}{url}"
    answer = httpx.post(f"{server}/extract", json={"url": url}, timeout=30)
    assert answer.status_code == 422
    assert why in answer.json()["detail"]
    assert inner.hits == []


def test_a_refused_url_stores_nothing(server, pages):
    story = f"http://127.0.0.1:{pages[0].server_address[1]}/story"
    answer = httpx.post(f"{server}/articles", headers=AUTH, timeout=60, json=[
        {"url": story, "lang": "en"}, {"url": "http://169.254.169.254/"}])
    assert answer.status_code == 422 and "item 1" in answer.json()["detail"]
    assert httpx.get(f"{server}/articles/api-0").status_code == 404
    assert httpx.post(f"{server}/extract", json={"lang": "en"}).status_code == 422


def test_a_server_may_fetch_no_urls(pipeline, tmp_path):
    limits = ServeLimits(rate_per_minute=0, pipeline_per_minute=0, fetch_urls=False)
    with Store(tmp_path / "n.duckdb") as store, \
            running(create_app(store, pipeline, limits=limits)) as url:
        answer = httpx.post(f"{url}/extract", json={"url": "https://example.com/"})
        assert answer.status_code == 422 and "fetches no URLs" in answer.json()["detail"]
