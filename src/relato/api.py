"""relato's HTTP API and web page: a thin layer over the pipeline and the store.

Reading is open; writing (POST /articles) needs the token of the server's settings, as
"Authorization: Bearer <token>", and is refused outright when no token is configured.

Every request goes through `Guard` first: a rate limit per client address (a stricter one
for the endpoints that read articles), a cap on the request body whether or not it says its
length, and the security headers on every answer. Reading articles takes one of a few
workers (`pipeline_workers`), so many clients queue instead of thrashing the CPU. An article
given by its `url` alone is fetched by `relato.fetch` (public addresses only).
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, model_validator
from starlette.datastructures import MutableHeaders

from relato import __version__
from relato import fetch as fetching
from relato.errors import RelatoError
from relato.pipeline import Pipeline
from relato.schema import Record
from relato.settings import ServeLimits
from relato.store import Store

SECURITY_HEADERS = {
    # the page loads only its own scripts and styles; article text is never HTML
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json",
                ".html": "text/html", ".svg": "image/svg+xml"}


PIPELINE_PATHS = {"/extract", "/articles"}  # POST to these reads articles: its own budget


class RateLimiter:
    """A token bucket per client: `burst` requests at once, then `per_minute` a minute.

    Thread-safe. Memory is bounded: buckets are kept in the order they were last used, and
    the oldest is forgotten once idle long enough to be full again (as good as new) or when
    more than `max_clients` are remembered. `per_minute` <= 0 limits nothing.
    """

    def __init__(self, per_minute: float, burst: int, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self.max_clients = max(1, max_clients)
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str, now: float | None = None) -> float:
        """0 when `client` may go on (one token taken); else the seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock() if now is None else now
        with self._lock:
            tokens, stamp = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + max(0.0, now - stamp) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            refilled = self.burst / self.rate
            while self._buckets:
                oldest, (_, last) = next(iter(self._buckets.items()))
                if len(self._buckets) > self.max_clients or now - last >= refilled:
                    del self._buckets[oldest]
                else:
                    break
            return wait


class Guard:
    """ASGI middleware: rate limits, request size, security headers (on every answer)."""

    def __init__(self, app, *, max_request_bytes: int, general: RateLimiter,
                 pipeline: RateLimiter) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes
        self.general = general
        self.pipeline = pipeline

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        client = (scope.get("client") or ("unknown",))[0]
        heavy = scope["method"] == "POST" and scope["path"].rstrip("/") in PIPELINE_PATHS
        wait = (self.pipeline if heavy else self.general).take(client)
        if wait:
            answer = JSONResponse(
                {"detail": f"too many requests from {client}: try again in "
                           f"{math.ceil(wait)} s"},
                status_code=429, headers={"Retry-After": str(max(1, math.ceil(wait)))})
            await answer(scope, receive, send_with_headers)
            return

        too_large = JSONResponse({"detail": f"request larger than {self.max_request_bytes} "
                                            "bytes"}, status_code=413)
        size = dict(scope["headers"]).get(b"content-length")
        if size is not None and (not size.isdigit() or int(size) > self.max_request_bytes):
            await too_large(scope, receive, send_with_headers)
            return
        # read the body here, whatever it says of its length, and never more than the cap
        chunks, total, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_request_bytes:
                await too_large(scope, receive, send_with_headers)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)


class ArticleIn(BaseModel):
    """An article to read: its text (or the URL to fetch it from), and what is known of it."""

    text: str | None = Field(default=None, min_length=1)
    id: str | None = None
    lang: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = Field(default=None, max_length=2048)

    @model_validator(mode="after")
    def text_or_url(self) -> ArticleIn:
        if self.text is None and not self.url:
            raise ValueError("an article needs its text, or a url to fetch it from")
        return self


class IngestOut(BaseModel):
    stored: list[str]
    skipped: list[list[str]]
    failed: list[list[str]]
    events: int


def create_app(store: Store, pipeline: Pipeline | None = None,
               token: str | None = None, max_request_bytes: int = 2_000_000, *,
               limits: ServeLimits | None = None,
               fetch_allow: fetching.Allow = fetching.public) -> FastAPI:
    """The app over `store`. `limits` default to the pipeline's settings ([serve]);
    `fetch_allow` decides which addresses a URL may be fetched from (tests widen it)."""
    pipeline = pipeline or Pipeline.default()
    limits = limits or getattr(getattr(pipeline, "settings", None), "serve", None) \
        or ServeLimits()
    app = FastAPI(title="relato", version=__version__,
                  description="Sourced event records from news articles (fr, en, es).")
    app.add_middleware(
        Guard, max_request_bytes=max_request_bytes,
        general=RateLimiter(limits.rate_per_minute, limits.rate_burst, limits.max_clients),
        pipeline=RateLimiter(limits.pipeline_per_minute, limits.pipeline_burst,
                             limits.max_clients))
    workers = threading.BoundedSemaphore(max(1, limits.pipeline_workers))

    @contextmanager
    def worker() -> Iterator[None]:
        if not workers.acquire(timeout=limits.pipeline_wait):
            raise HTTPException(503, "every worker is busy: try again later",
                                headers={"Retry-After": "30"})
        try:
            yield
        finally:
            workers.release()

    def require_token(authorization: str | None = Header(default=None)) -> None:
        if not token:
            raise HTTPException(403, "this server accepts no writing (no token configured)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is required to write")

    def _article(item: ArticleIn, index: int) -> dict[str, Any]:
        """The article's fields; its page fetched first when only its URL is given."""
        data = item.model_dump(exclude_none=True)
        data.setdefault("id", f"api-{index}")
        if item.text is None:
            if not limits.fetch_urls:
                raise HTTPException(422, f"item {index}: this server fetches no URLs; "
                                         "give the article's text")
            try:
                page = fetching.fetch_article(
                    item.url, max_bytes=limits.fetch_max_bytes, timeout=limits.fetch_timeout,
                    allow=fetch_allow, item=f"item {index}")
            except RelatoError as exc:
                raise HTTPException(422, exc.one_line()) from exc
            data = {**page, **data}
        return data

    @app.post("/extract", response_model=Record)
    def extract(item: ArticleIn) -> Record:
        """Read one article (its text, or the page at its url) and return its record;
        nothing is stored."""
        article = _article(item, 0)
        with worker():
            try:
                return pipeline.process(article)
            except RelatoError as exc:
                raise HTTPException(422, exc.one_line()) from exc

    @app.post("/articles", response_model=IngestOut, dependencies=[Depends(require_token)])
    def add_articles(items: list[ArticleIn]) -> IngestOut:
        """Read and store articles (an article already stored is skipped and said to be).
        Any URL that cannot be fetched fails the whole request, before anything is read."""
        from relato.ingest import Defaults, make_article

        if sum(item.text is None for item in items) > limits.fetch_max_per_request:
            raise HTTPException(422, f"at most {limits.fetch_max_per_request} articles "
                                     "a request may be given by their URL alone")
        fields = [_article(item, index) for index, item in enumerate(items)]
        articles = []
        for index, data in enumerate(fields):
            try:
                articles.append(make_article(data, f"item {index}", Defaults()))
            except RelatoError as exc:
                articles.append(exc)
        with worker():
            report = store.ingest_articles(articles, pipeline)
        return IngestOut(stored=report.stored, skipped=[list(s) for s in report.skipped],
                         failed=[list(f) for f in report.failed], events=report.events)

    @app.get("/events")
    def events(actor: str | None = None, target: str | None = None,
               type: str | None = None, status: str | None = None,
               country: str | None = None, date_from: str | None = None,
               date_to: str | None = None, story: int | None = None,
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        """Events matching every filter given, a page at a time."""
        return store.events(actor=actor, target=target, type=type, status=status,
                            country=country, date_from=date_from, date_to=date_to,
                            story=story, limit=limit, offset=offset)

    @app.get("/events/{event_id}")
    def event(event_id: int):
        """One event with its status history and every source that told it."""
        return _found(store.event(event_id), f"no event {event_id}")

    @app.get("/stories")
    def stories(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        return store.stories(limit=limit, offset=offset)

    @app.get("/stories/{story_id}")
    def story(story_id: int):
        return _found(store.story(story_id), f"no story {story_id}")

    @app.get("/articles/{article_id}")
    def article(article_id: str):
        return _found(store.article(article_id), f"no article {article_id}")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse(_static("index.html"))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        kind = STATIC_TYPES.get("." + name.rsplit(".", 1)[-1])
        if kind is None or "/" in name or name.startswith("."):
            raise HTTPException(404, "no such file")
        try:
            return Response(_static(name), media_type=kind)
        except FileNotFoundError:
            raise HTTPException(404, "no such file") from None

    return app


def _found(value: Any, missing: str) -> Any:
    """The stored thing asked for, or a 404 saying what is missing."""
    if value is None:
        raise HTTPException(404, missing)
    return value


def _static(name: str) -> str:
    path = resources.files("relato").joinpath(f"web/static/{name}")
    if not path.is_file():
        raise FileNotFoundError(name)
    return path.read_text("utf-8")
