"""The store: a DuckDB file that grows article by article.

Every article is written in one transaction: it is either wholly stored (its record, the
events it tells linked to the story's events, their actors, sources, quotes and places) or
not at all, so an interrupted ingest never leaves half an article. An article already
stored, by id or by the same text, is skipped and said to be.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import numpy as np

from relato.errors import RelatoError
from relato.pipeline import published_date
from relato.schema import Event, Record
from relato.store import linking, stories

DEFAULT_PATH = "relato.duckdb"
MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class StoreError(RelatoError):
    code = "store"


class ReadOnlyQuery(StoreError):
    code = "read-only"


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (id, why)
    failed: list[tuple[str, str]] = field(default_factory=list)    # (item, reason)
    events: int = 0

    def summary(self) -> str:
        return (f"{len(self.stored)} stored ({self.events} events), {len(self.skipped)} "
                f"already there, {len(self.failed)} failed")


def content_hash(text: str) -> str:
    """The same article text, whatever its spacing, has the same hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def outlet_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("relato.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    return sorted(found)


class Store:
    """One DuckDB file. Not shared between processes while open for writing."""

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and not Path(self.path).exists():
            raise StoreError("no store here", self.path)
        try:
            self.db = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store: {exc}", self.path) from exc
        self._lock = threading.RLock()
        self._local = threading.local()
        self._stories: dict[int, stories.StoryState] | None = None  # loaded at first write
        if not read_only:
            self.migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the numbered migrations not applied yet, each in its own transaction."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                        "PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT "
                        "current_timestamp)")
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")
                .fetchall()}
        applied = []
        for version, name, sql in _migrations():
            if version in done:
                continue
            self.db.execute("BEGIN TRANSACTION")
            try:
                self.db.execute(sql)
                self.db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                                [version, name])
                self.db.execute("COMMIT")
            except duckdb.Error:
                self.db.execute("ROLLBACK")
                raise
            applied.append(version)
        return applied

    def schema_version(self) -> int:
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    # -- writing ------------------------------------------------------------------------
    def has(self, record: Record) -> str | None:
        """Why this article is already stored, or None."""
        return self.has_text(record.id, record.text)

    def add(self, record: Record, outlet: str | None = None) -> str | None:
        """Store one article; returns why it was skipped, or None when stored."""
        with self._lock:
            why = self.has(record)
            if why is not None:
                return why
            vector = stories.embed([stories.lead_of(record)])[0]
            self._load_stories()
            self.db.execute("BEGIN TRANSACTION")
            try:
                story = self._write(record, vector, outlet or outlet_of(record.url))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                self._stories = None  # reloaded from what the file holds
                raise
            self._stories[story.id] = story
        return None

    def add_failure(self, item: str, reason: str, code: str | None = None) -> None:
        with self._lock:
            self.db.execute("INSERT INTO failures (item, code, reason) VALUES (?, ?, ?)",
                            [item, code, reason])

    def ingest(self, results: Iterable[Record | RelatoError],
               on_item: Callable[[str, str], None] | None = None) -> IngestReport:
        """Store records; errors and skipped articles are recorded, never lost."""
        report = IngestReport()
        for result in results:
            if isinstance(result, RelatoError):
                item = result.item or "?"
                self.add_failure(item, result.message, result.code)
                report.failed.append((item, result.one_line()))
                outcome = "failed"
            else:
                try:
                    why = self.add(result)
                except (duckdb.Error, ValueError) as exc:
                    self.add_failure(result.id, f"could not be stored: {exc}", "store")
                    report.failed.append((result.id, str(exc)))
                    outcome = "failed"
                else:
                    if why is None:
                        report.stored.append(result.id)
                        report.events += len(result.events)
                        outcome = "stored"
                    else:
                        report.skipped.append((result.id, why))
                        outcome = why
            if on_item is not None:
                item_name = result.item if isinstance(result, RelatoError) else result.id
                on_item(item_name or "?", outcome)
        return report

    def ingest_articles(self, items: Iterable[Any], pipeline: Any,
                        on_item: Callable[[str, str], None] | None = None) -> IngestReport:
        """Extract and store articles, skipping before extraction those already stored."""
        from relato.schema import Article

        skipped: list[tuple[str, str]] = []

        def fresh() -> Iterable[Any]:
            for item in items:
                if isinstance(item, Article):
                    why = self.has_text(item.id, item.text)
                    if why is not None:
                        skipped.append((item.id, why))
                        if on_item is not None:
                            on_item(item.id, why)
                        continue
                yield item

        report = self.ingest(pipeline.run(fresh()), on_item=on_item)
        report.skipped = skipped + report.skipped
        return report

    def has_text(self, article_id: str, text: str) -> str | None:
        """Why an article with this id or this text is already stored, or None."""
        with self._lock:
            row = self.db.execute("SELECT id FROM articles WHERE id = ? OR content_hash = ?",
                                  [article_id, content_hash(text)]).fetchone()
        if row is None:
            return None
        return "already stored" if row[0] == article_id else f"same text as {row[0]}"

    def _insert(self, table: str, rows: list[list[Any]]) -> None:
        """Many rows in one statement: DuckDB is slow at one statement per row."""
        for start in range(0, len(rows), 200):
            chunk = rows[start:start + 200]
            if not chunk:
                return
            one = "(" + ", ".join("?" * len(chunk[0])) + ")"
            self.db.execute(f"INSERT INTO {table} VALUES " + ", ".join([one] * len(chunk)),
                            [value for row in chunk for value in row])

    def _write(self, record: Record, vector: np.ndarray,
               outlet: str | None) -> stories.StoryState:
        """Write one article inside the caller's transaction; returns its story's new state
        (the caller keeps it once the transaction is committed)."""
        published = published_date(record.published)
        story = self._story_for(record, vector, published)
        self.db.execute(
            "INSERT INTO articles (id, content_hash, lang, published, title, url, outlet, "
            "text, record, story_id, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record.id, content_hash(record.text), record.lang, published, record.title,
             record.url, outlet, record.text, record.model_dump_json(), story.id,
             record.warnings])
        candidates = self._story_events(story.id)
        new_ids = iter(r[0] for r in self.db.execute(
            "SELECT nextval('event_ids') FROM range(?)", [len(record.events)]).fetchall())
        new_events, mentions, people, sources = [], [], [], []
        used: set[int] = set()
        for position, event in enumerate(record.events):
            # the pipeline already merged what one article tells twice: two events of an
            # article are two events
            stored = linking.best_match(event, [c for c in candidates if c.id not in used])
            place = event.place
            if stored is None:
                stored = linking.StoredEvent(
                    next(new_ids), event.type, event.date, place.country if place else None,
                    [linking.participant_key(a) for a in event.actors],
                    [linking.participant_key(t) for t in event.targets])
                candidates.append(stored)
                new_events.append([
                    stored.id, story.id, event.type, event.mode, event.status, event.date,
                    place.name if place else None, place.country if place else None,
                    place.lat if place else None, place.lon if place else None,
                    place.geonameid if place else None, published, published, 0])
            used.add(stored.id)
            mentions.append([stored.id, record.id, position, event.status, event.status_cue,
                             event.trigger, event.date, published, outlet, record.lang,
                             json.dumps(event.evidence), event.model_dump_json()])
            for role, group in (("actor", event.actors), ("target", event.targets)):
                for actor in group:
                    span = actor.span or (None, None)
                    people.append([stored.id, record.id, position, role, actor.name,
                                   actor.country, actor.sector, actor.wikidata, actor.mention,
                                   span[0], span[1]])
            for source in event.sources:
                span = source.span or (None, None)
                sources.append([stored.id, record.id, position, source.name, source.kind,
                                source.anonymous, source.count, source.country, source.role,
                                source.former, source.mention, span[0], span[1]])
        self._insert("events", new_events)
        self._insert("event_mentions", mentions)
        self._insert("actors", people)
        self._insert("sources", sources)
        self._update_events(mentions, record.events, published)
        self._insert("quotes", [
            [record.id, position, q.direct, q.text, q.span[0], q.span[1],
             q.speaker.name if q.speaker else None, q.speaker.anonymous if q.speaker else None,
             q.speaker.country if q.speaker else None, q.cue]
            for position, q in enumerate(record.quotes)])
        self._insert("places", [
            [record.id, position, p.text, p.name, p.country, p.admin1, p.geonameid, p.lat,
             p.lon, p.span[0], p.span[1]] for position, p in enumerate(record.places)])
        return story

    def _load_stories(self) -> None:
        if self._stories is not None:
            return
        states: dict[int, stories.StoryState] = {}
        for story_id, centroid, count, last in self.db.execute(
                "SELECT id, centroid, articles, last_published FROM stories").fetchall():
            states[story_id] = stories.StoryState(story_id, np.asarray(centroid, np.float32),
                                                  count, set(), last)
        for story_id, name in self.db.execute(
                "SELECT DISTINCT e.story_id, lower(a.name) FROM actors a JOIN events e ON "
                "e.id = a.event_id WHERE a.country IS NOT NULL OR a.sector IS NOT NULL "
                "UNION SELECT DISTINCT r.story_id, lower(p.name) FROM places p JOIN articles "
                "r ON r.id = p.article_id").fetchall():
            if story_id in states:
                states[story_id].names.add(name)
        self._stories = states

    def _story_for(self, record: Record, vector: np.ndarray,
                   published: date | None) -> stories.StoryState:
        names = stories.names_of(record)
        chosen = stories.choose_story(vector, names, published, list(self._stories.values()))
        if chosen is None:
            title = record.title or " ".join(record.text.split())[:120]
            row = self.db.execute(
                "INSERT INTO stories (title, centroid, articles, first_published, "
                "last_published) VALUES (?, ?, 1, ?, ?) RETURNING id",
                [title, vector.tolist(), published, published]).fetchone()
            return stories.StoryState(row[0], vector, 1, names, published)
        centroid = (chosen.centroid * chosen.articles + vector) / (chosen.articles + 1)
        self.db.execute(
            "UPDATE stories SET centroid = ?, articles = articles + 1, first_published = "
            "least(coalesce(first_published, ?), ?), last_published = "
            "greatest(coalesce(last_published, ?), ?) WHERE id = ?",
            [centroid.tolist(), published, published, published, published, chosen.id])
        last = max([d for d in (chosen.last_published, published) if d], default=None)
        return stories.StoryState(chosen.id, centroid.astype(np.float32),
                                  chosen.articles + 1, chosen.names | names, last)

    def _story_events(self, story_id: int) -> list[linking.StoredEvent]:
        events = {row[0]: linking.StoredEvent(*row) for row in self.db.execute(
            "SELECT id, type, date, place_country FROM events WHERE story_id = ?",
            [story_id]).fetchall()}
        if events:
            for event_id, role, name, country, sector in self.db.execute(
                    "SELECT DISTINCT a.event_id, a.role, lower(a.name), a.country, a.sector "
                    "FROM actors a JOIN events e ON e.id = a.event_id WHERE e.story_id = ?",
                    [story_id]).fetchall():
                target = events[event_id].actors if role == "actor" else events[event_id].targets
                target.append((name, country, sector))
        return list(events.values())

    def _update_events(self, mentions: list[list[Any]], events: list[Event],
                       published: date | None) -> None:
        """Each event the article tells gains its mentions; its status and date become the
        newest report's; a place, once known, stays. One statement for the article."""
        touched: dict[int, list[Any]] = {}
        for row, event in zip(mentions, events, strict=True):
            place = event.place
            entry = touched.setdefault(row[0], [row[0], 0, None, None, published, None, None,
                                                None, None, None])
            entry[1] += 1
            entry[2] = event.status
            entry[3] = event.date or entry[3]
            if place is not None and entry[5] is None:
                entry[5:] = [place.name, place.country, place.lat, place.lon, place.geonameid]
        if not touched:
            return
        one = ("(?::INTEGER, ?::INTEGER, ?::VARCHAR, ?::VARCHAR, ?::DATE, ?::VARCHAR, "
               "?::VARCHAR, ?::DOUBLE, ?::DOUBLE, ?::BIGINT)")
        rows = list(touched.values())
        newer = ("(events.last_published IS NULL OR v.published IS NULL OR "
                 "v.published >= events.last_published)")
        self.db.execute(
            f"UPDATE events SET mentions = events.mentions + v.n, "
            f"status = CASE WHEN {newer} THEN v.status ELSE events.status END, "
            f"date = CASE WHEN {newer} AND v.date IS NOT NULL THEN v.date "
            f"ELSE coalesce(events.date, v.date) END, "
            "first_published = least(coalesce(events.first_published, v.published), "
            "coalesce(v.published, events.first_published)), "
            "last_published = greatest(coalesce(events.last_published, v.published), "
            "coalesce(v.published, events.last_published)), "
            "place_name = coalesce(events.place_name, v.place_name), "
            "place_country = coalesce(events.place_country, v.place_country), "
            "place_lat = coalesce(events.place_lat, v.place_lat), "
            "place_lon = coalesce(events.place_lon, v.place_lon), "
            "place_geonameid = coalesce(events.place_geonameid, v.place_geonameid) "
            f"FROM (VALUES {', '.join([one] * len(rows))}) AS v(id, n, status, date, "
            "published, place_name, place_country, place_lat, place_lon, place_geonameid) "
            "WHERE events.id = v.id",
            [value for row in rows for value in row])

    # -- reading ------------------------------------------------------------------------
    def _reader(self):
        """A cursor of this thread's own: reads run side by side, writes one at a time."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self.db.cursor()
        return cursor

    def _dicts(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self._reader().execute(sql, params or [])
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def _first(self, sql: str, params: list[Any]) -> dict[str, Any] | None:
        """The first row of a lookup by id, or None when nothing is stored under it."""
        rows = self._dicts(sql, params)
        return rows[0] if rows else None

    def count(self, table: str) -> int:
        if table not in {"articles", "events", "event_mentions", "stories", "quotes",
                         "places", "actors", "sources", "failures"}:
            raise StoreError(f"no table {table!r}")
        return self._reader().execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def events(self, *, actor: str | None = None, target: str | None = None,
               type: str | None = None, status: str | None = None,
               country: str | None = None, date_from: str | None = None,
               date_to: str | None = None, story: int | None = None,
               limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """A page of events matching every filter given; parameters only, never pasted."""
        where, params = [], []

        def participant(role: str, value: str) -> None:
            where.append("e.id IN (SELECT event_id FROM actors WHERE role = ? AND "
                         "(lower(name) LIKE ? OR country = ?))")
            params.extend([role, f"%{value.lower()}%", value.upper()])

        if actor:
            participant("actor", actor)
        if target:
            participant("target", target)
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        if status:
            where.append("e.status = ?")
            params.append(status.lower())
        if country:
            where.append("(e.place_country = ? OR e.id IN (SELECT event_id FROM actors "
                         "WHERE country = ?))")
            params.extend([country.upper(), country.upper()])
        if date_from:
            where.append("coalesce(e.date, CAST(e.first_published AS VARCHAR)) >= ?")
            params.append(date_from)
        if date_to:
            where.append("left(coalesce(e.date, CAST(e.last_published AS VARCHAR)), "
                         "length(?)) <= ?")
            params.extend([date_to, date_to])
        if story is not None:
            where.append("e.story_id = ?")
            params.append(story)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = self._dicts(f"SELECT count(*) AS n FROM events e {clause}", params)[0]["n"]
        rows = self._dicts(
            f"SELECT e.* FROM events e {clause} ORDER BY coalesce(e.date, "
            f"CAST(e.first_published AS VARCHAR)) NULLS LAST, e.id LIMIT ? OFFSET ?",
            [*params, max(1, min(limit, 500)), max(0, offset)])
        reports: dict[int, list[dict[str, Any]]] = {}
        if rows:
            marks = ", ".join("?" * len(rows))
            for report in self._dicts(
                    f"SELECT event_id, article_id, outlet, lang, published, status FROM "
                    f"event_mentions WHERE event_id IN ({marks}) ORDER BY published NULLS "
                    f"FIRST, article_id", [row["id"] for row in rows]):
                reports.setdefault(report.pop("event_id"), []).append(report)
        for row in rows:
            row.update(self._participants(row["id"]))
            row["reports"] = reports.get(row["id"], [])
            row["reported_by"] = sorted({r["outlet"] or r["article_id"] for r in row["reports"]})
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    def _participants(self, event_id: int) -> dict[str, list[dict[str, Any]]]:
        people = self._dicts(
            "SELECT DISTINCT role, name, country, sector, wikidata FROM actors WHERE "
            "event_id = ? ORDER BY role, name", [event_id])
        return {"actors": [p for p in people if p["role"] == "actor"],
                "targets": [p for p in people if p["role"] == "target"]}

    def event(self, event_id: int) -> dict[str, Any] | None:
        event = self._first("SELECT * FROM events WHERE id = ?", [event_id])
        if event is None:
            return None
        event.update(self._participants(event_id))
        event["history"] = self._dicts(
            "SELECT m.published, m.article_id, m.outlet, m.lang, m.status, m.status_cue, "
            "m.trigger, m.evidence FROM event_mentions m JOIN articles a ON a.id = "
            "m.article_id WHERE m.event_id = ? ORDER BY m.published NULLS FIRST, "
            "a.ingested_at", [event_id])
        for mention in event["history"]:
            mention["evidence"] = json.loads(mention["evidence"] or "[]")
        event["sources"] = self._dicts(
            "SELECT DISTINCT s.name, s.kind, s.anonymous, s.count, s.country, s.role, "
            "s.former, s.article_id, m.outlet FROM sources s JOIN event_mentions m ON "
            "m.article_id = s.article_id AND m.position = s.position WHERE s.event_id = ? "
            "ORDER BY s.article_id, s.name", [event_id])
        event["reported_by"] = sorted({m["outlet"] or m["article_id"]
                                       for m in event["history"]})
        return event

    def stories(self, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        total = self.count("stories")
        rows = self._dicts(
            "SELECT s.id, s.title, s.articles, s.first_published, s.last_published, "
            "(SELECT count(*) FROM events e WHERE e.story_id = s.id) AS events FROM "
            "stories s ORDER BY s.last_published DESC NULLS LAST, s.id LIMIT ? OFFSET ?",
            [max(1, min(limit, 500)), max(0, offset)])
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    def story(self, story_id: int) -> dict[str, Any] | None:
        story = self._first("SELECT id, title, articles, first_published, last_published "
                            "FROM stories WHERE id = ?", [story_id])
        if story is None:
            return None
        story["articles_list"] = self._dicts(
            "SELECT id, title, lang, published, outlet FROM articles WHERE story_id = ? "
            "ORDER BY published NULLS FIRST, ingested_at", [story_id])
        story["events"] = [self.event(row["id"]) for row in self._dicts(
            "SELECT id FROM events WHERE story_id = ? ORDER BY coalesce(date, "
            "CAST(first_published AS VARCHAR)) NULLS LAST, id", [story_id])]
        return story

    def article(self, article_id: str) -> dict[str, Any] | None:
        article = self._first("SELECT id, lang, published, title, url, outlet, story_id, "
                              "record FROM articles WHERE id = ?", [article_id])
        if article is None:
            return None
        article["record"] = json.loads(article["record"])
        article["event_ids"] = [r["event_id"] for r in self._dicts(
            "SELECT event_id FROM event_mentions WHERE article_id = ? ORDER BY position",
            [article_id])]
        return article

    def failures(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT item, code, reason, failed_at FROM failures ORDER BY failed_at")

    # -- SQL and export -----------------------------------------------------------------
    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Run one SQL statement; only a store opened read-only runs anything."""
        if not self.read_only:
            raise ReadOnlyQuery("open the store read-only to run SQL on it")
        try:
            cursor = self.db.execute(sql)
        except duckdb.Error as exc:
            raise StoreError(str(exc).splitlines()[0], "query") from exc
        if cursor.description is None:
            return [], []
        return [c[0] for c in cursor.description], cursor.fetchall()

    def export(self, fmt: str, path: str | Path) -> int:
        """One row per event mention (the event, the article, what it said), to a file."""
        select = ("SELECT e.id AS event_id, e.story_id, e.type, e.status AS status_now, "
                  "m.status AS status_then, m.published, m.article_id, m.outlet, m.lang, "
                  "e.date, e.place_name, e.place_country, m.trigger, m.event FROM events e "
                  "JOIN event_mentions m ON m.event_id = e.id ORDER BY e.id, m.published")
        count = self.db.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]
        target = str(path).replace("'", "''")
        if fmt == "parquet":
            self.db.execute(f"COPY ({select}) TO '{target}' (FORMAT PARQUET)")
        elif fmt == "csv":
            self.db.execute(f"COPY ({select}) TO '{target}' (HEADER, DELIMITER ',')")
        elif fmt == "jsonl":
            self.db.execute(f"COPY ({select}) TO '{target}' (FORMAT JSON)")
        else:
            raise StoreError(f"unknown export format {fmt!r} (parquet, csv, jsonl)")
        return count
