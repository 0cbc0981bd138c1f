"""relato's HTTP API and web page: a thin layer over the pipeline and the store.

Reading is open; writing (POST /articles) needs the token of the server's settings, as
"Authorization: Bearer <token>", and is refused outright when no token is configured.
"""

from __future__ import annotations

import hmac
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from relato import __version__
from relato.errors import RelatoError
from relato.pipeline import Pipeline
from relato.schema import Record
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


class ArticleIn(BaseModel):
    """An article to read: its text, and what is known of it."""

    text: str = Field(min_length=1)
    id: str | None = None
    lang: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None


class IngestOut(BaseModel):
    stored: list[str]
    skipped: list[list[str]]
    failed: list[list[str]]
    events: int


def create_app(store: Store, pipeline: Pipeline | None = None,
               token: str | None = None, max_request_bytes: int = 2_000_000) -> FastAPI:
    pipeline = pipeline or Pipeline.default()
    app = FastAPI(title="relato", version=__version__,
                  description="Sourced event records from news articles (fr, en, es).")

    @app.middleware("http")
    async def limits_and_headers(request: Request, call_next):
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > max_request_bytes):
            return JSONResponse({"detail": f"request larger than {max_request_bytes} bytes"},
                                status_code=413)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def require_token(authorization: str | None = Header(default=None)) -> None:
        if not token:
            raise HTTPException(403, "this server accepts no writing (no token configured)")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is required to write")

    def _article(item: ArticleIn, index: int) -> dict[str, Any]:
        data = item.model_dump(exclude_none=True)
        data.setdefault("id", f"api-{index}")
        return data

    @app.post("/extract", response_model=Record)
    def extract(item: ArticleIn) -> Record:
        """Read one article and return its record; nothing is stored."""
        try:
            return pipeline.process(_article(item, 0))
        except RelatoError as exc:
            raise HTTPException(422, exc.one_line()) from exc

    @app.post("/articles", response_model=IngestOut, dependencies=[Depends(require_token)])
    def add_articles(items: list[ArticleIn]) -> IngestOut:
        """Read and store articles (an article already stored is skipped and said to be)."""
        from relato.ingest import Defaults, make_article

        articles = []
        for index, item in enumerate(items):
            try:
                articles.append(make_article(_article(item, index), f"item {index}", Defaults()))
            except RelatoError as exc:
                articles.append(exc)
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
        found = store.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return found

    @app.get("/stories")
    def stories(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0)):
        return store.stories(limit=limit, offset=offset)

    @app.get("/stories/{story_id}")
    def story(story_id: int):
        found = store.story(story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        return found

    @app.get("/articles/{article_id}")
    def article(article_id: str):
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

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


def _static(name: str) -> str:
    path = resources.files("relato").joinpath(f"web/static/{name}")
    if not path.is_file():
        raise FileNotFoundError(name)
    return path.read_text("utf-8")
