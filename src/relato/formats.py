"""Readers for inputs that hold many articles or come from elsewhere: web archives (WARC),
RSS and Atom feeds, Parquet tables, http(s) URLs, and streamed JSON lines (gzipped or not).

Like every reader in `relato.ingest`, each yields, for each item it finds, an Article or a
RelatoError naming the item (`crawl.warc.gz#record-7: not HTML (image/png) [skipped]`), and
never raises for one bad item: a bad record, entry or row never stops the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

from relato.errors import (
    EmptyInput,
    InputError,
    NotAnArticle,
    RelatoError,
)
from relato.schema import Article

Item = Article | RelatoError


@dataclass(frozen=True)
class Columns:
    """Which columns of a table hold each article field (Parquet)."""

    text: str = "text"
    id: str = "id"
    title: str = "title"
    published: str = "published"
    url: str = "url"
    lang: str = "lang"


def _ingest():
    from relato import ingest  # ingest dispatches here: imported late, no import cycle

    return ingest


def iso_day(value: object) -> str | None:
    """A publication day YYYY-MM-DD from a date, a datetime, an HTTP date or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if re.match(r"^[A-Za-z]{3}, ", text):  # RFC 1123, as HTTP's Date header writes it
        try:
            return parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError):
            return None
    day = _ingest().normalise_date(text)
    return day if isinstance(day, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", day) else None


# -- JSON lines, streamed --------------------------------------------------------------------
def jsonl_stream(stream: IO[bytes], item: str, defaults: Any,
                 max_line: int) -> Iterator[Item]:
    """One article per line of a binary stream, read line by line (any file size); each
    line is named `item:N`. A line is UTF-8, or else cp1252/latin-1."""
    ingest = _ingest()
    number = 0
    while True:
        raw = stream.readline(max_line + 1)
        if not raw:
            return
        number += 1
        name = f"{item}:{number}"
        if len(raw) > max_line and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # pass over the rest of the long line
                raw = stream.readline(1 << 20)
            yield InputError(f"line longer than {max_line} bytes", name)
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = ingest._western(raw) or raw.decode("utf-8", errors="replace")
        yield ingest.article_of_line(line, name, defaults)


# -- WARC ------------------------------------------------------------------------------------
WARC_DOCUMENTS = {"response", "resource", "revisit", "conversion"}


def _is_html(content_type: str | None, payload: bytes) -> bool:
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        return kind in ("text/html", "application/xhtml+xml")
    head = payload.lstrip()[:300].lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def _decode_html(payload: bytes, content_type: str | None, item: str) -> str:
    charset = _charset(content_type)
    if charset:
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name: detect instead
            pass
    return _ingest().decode_bytes(payload, item)


def read_warc(path: str, defaults: Any, max_bytes: int) -> Iterator[Item]:
    """Articles from the HTML response records of a WARC file (gzipped or not).

    Each record that holds a document (response, resource, revisit, conversion) is an item
    named `FILE#record-N` (N counts every record of the file, from 1); request, warcinfo
    and metadata records describe the crawl and are passed over. A page keeps its target
    URI as `url`; `published` is the date the page states, else the HTTP Date header, else
    the WARC-Date. Non-HTML, failed (HTTP status not 2xx), empty, too large and revisit
    records are reported as skipped."""
    stem = re.sub(r"\.(warc|arc)(\.gz)?$", "", Path(path).name, flags=re.I)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", path)
        return
    with handle:
        yield from warc_records(handle, path, stem, defaults, max_bytes)


def warc_records(stream: IO[bytes], item: str, stem: str, defaults: Any,
                 max_bytes: int) -> Iterator[Item]:
    """The articles of a WARC stream, as `read_warc` says; `item` names the archive."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type not in WARC_DOCUMENTS:
                continue
            name = f"{item}#record-{number}"
            try:
                yield _warc_article(record, name, f"{stem}#record-{number}", defaults,
                                    max_bytes)
            except RelatoError as exc:
                yield exc
    except Exception as exc:  # noqa: BLE001 - a corrupt archive: report it, keep the batch
        where = f"after record {number}" if number else "at its start"
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        yield InputError(f"unreadable WARC {where}: {reason}", item)


def _warc_article(record, item: str, fallback_id: str, defaults: Any,
                  max_bytes: int) -> Article:
    ingest = _ingest()
    if record.rec_type == "revisit":
        raise NotAnArticle("revisit record, no payload", item)
    headers = record.http_headers
    if headers is not None and headers.get_statuscode():
        status = headers.get_statuscode()
        if not status.startswith("2"):
            raise NotAnArticle(f"HTTP status {status}, not a page", item)
        content_type = headers.get_header("Content-Type")
        http_date = headers.get_header("Date")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
        http_date = None
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        raise NotAnArticle(f"record too large (over {max_bytes} bytes)", item)
    if not payload.strip():
        raise NotAnArticle("empty record", item)
    if not _is_html(content_type, payload):
        kind = (content_type or "unknown type").split(";")[0].strip()
        raise NotAnArticle(f"not HTML ({kind})", item)
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    record_id = re.sub(r"^<(urn:uuid:)?|>$", "", record_id) or fallback_id
    published = iso_day(http_date) or iso_day(record.rec_headers.get_header("WARC-Date"))
    return ingest.html_to_article(
        _decode_html(payload, content_type, item), item, record_id, defaults,
        url=record.rec_headers.get_header("WARC-Target-URI"), published=published,
        prefer_given_url=True)


# -- RSS and Atom ----------------------------------------------------------------------------
_BLOCKS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "tr", "section", "article", "pre", "hr", "figure", "table")


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content): paragraphs kept as lines,
    scripts and styles dropped, entities decoded. Plain text comes back as it was."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml refuses some fragments: keep their words
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for element in root.iter("script", "style", "noscript"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_text(entry) -> str:
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        value, kind = best["value"], best.get("type", "text/html")
    else:
        value = entry.get("summary") or ""
        detail = entry.get("summary_detail") or {}
        kind = detail.get("type", "text/html")
    return value.strip() if kind == "text/plain" else html_fragment_text(value)


def _feed_lang(value: str | None) -> str | None:
    return value.strip().lower().replace("_", "-").split("-")[0] if value else None


def read_feed(data: bytes | str, item: str, defaults: Any) -> Iterator[Item]:
    """One article per entry of an RSS or Atom feed, named `ITEM#entry-N`: its title, its
    link as `url`, its published (else updated) date, and its content, else its summary,
    as plain text. Its language is the entry's, else the feed's, else the caller's."""
    import feedparser

    ingest = _ingest()
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        yield (InputError(f"not a feed: {reason}", item) if parsed.get("bozo")
               else EmptyInput("feed without entries", item))
        return
    feed_lang = _feed_lang(parsed.feed.get("language"))
    stem = re.sub(r"\.(rss|atom|xml)(\.gz)?$", "", Path(urlparse(item).path).name or "feed")
    for number, entry in enumerate(parsed.entries, start=1):
        name = f"{item}#entry-{number}"
        text = _entry_text(entry)
        if not text:
            yield EmptyInput("entry has no content or summary", name)
            continue
        dated = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*dated[:3]).isoformat() if dated else None
        detail = entry.get("content", [{}])[0] if entry.get("content") else {}
        lang = _feed_lang(detail.get("language")) or feed_lang
        fields = {
            "id": entry.get("id") or entry.get("link") or f"{stem}#entry-{number}",
            "text": text,
            "title": entry.get("title") or None,
            "url": entry.get("link") or None,
            "published": published,
            "lang": lang,
        }
        try:
            yield ingest.make_article(fields, name, defaults)
        except RelatoError as exc:
            yield exc


def looks_like_feed(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip()
        while head.startswith("<!--") or head.startswith("<?"):
            end = head.find("-->" if head.startswith("<!--") else "?>")
            head = head[end + 3:].lstrip() if end >= 0 else ""
    return head.startswith(("<rss", "<feed", "<rdf:rdf"))


# -- Parquet ---------------------------------------------------------------------------------
def read_parquet(path: str, defaults: Any, columns: Columns | None = None,
                 chunk: int = 1000) -> Iterator[Item]:
    """One article per row of a Parquet file, named `FILE#row-N` (from 1): the text from
    `columns.text`; id, title, published, url and lang from their columns when the file has
    them. Without an id column an article's id is `STEM-N`."""
    import duckdb

    ingest = _ingest()
    columns = columns or Columns()
    stem = Path(path).stem
    try:
        con = duckdb.connect()
        described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
    except duckdb.Error as exc:
        yield InputError(f"cannot read Parquet: {str(exc).splitlines()[0]}", path)
        return
    types = {row[0]: str(row[1]) for row in described}
    if columns.text not in types:
        yield InputError(f"no text column {columns.text!r} (columns: {', '.join(types)}; "
                         "see --text-column)", path)
        return
    if not types[columns.text].startswith("VARCHAR"):
        yield InputError(f"column {columns.text!r} is {types[columns.text]}, not text", path)
        return
    wanted = {field: name for field, name in vars(columns).items() if name in types}
    select = ", ".join('"' + name.replace('"', '""') + '"' for name in wanted.values())
    try:
        result = con.execute(f"SELECT {select} FROM read_parquet(?)", [path])
        number = 0
        while rows := result.fetchmany(chunk):
            for row in rows:
                number += 1
                name = f"{path}#row-{number}"
                fields = dict(zip(wanted, row, strict=True))
                if "id" not in wanted:
                    fields["id"] = f"{stem}-{number}"
                if fields.get("text") is None:
                    fields["text"] = ""
                if fields.get("published") is not None:
                    fields["published"] = iso_day(fields["published"]) or fields["published"]
                try:
                    yield ingest.make_article(fields, name, defaults)
                except RelatoError as exc:
                    yield exc
    except duckdb.Error as exc:
        yield InputError(f"unreadable Parquet: {str(exc).splitlines()[0]}", path)
    finally:
        con.close()


# -- URLs ------------------------------------------------------------------------------------
FETCHED_TYPES = {"text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
                 "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
                 "application/json", "application/x-ndjson"}


def is_url(path: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*://", path, re.I) is not None


def _anywhere(_address, _port) -> bool:
    return True


def read_url(url: str, defaults: Any, max_bytes: int,
             timeout: float | None = None) -> Iterator[Item]:
    """A feed's entries, or the article of a page, at an http(s) URL, fetched by
    `relato.fetch` (size and time bounded, redirects followed and checked). The command
    line fetches what its user names, private addresses too; the server's fetch does not."""
    from relato import fetch

    try:
        page = fetch.fetch(url, max_bytes=max_bytes, timeout=timeout or fetch.TIMEOUT,
                           allow=_anywhere, item=url, content_types=FETCHED_TYPES)
    except RelatoError as exc:
        yield exc
        return
    ingest = _ingest()
    if page.content_type in ("text/html", "application/xhtml+xml"):
        try:
            yield ingest.html_to_article(fetch.page_text(page, url), url, url, defaults,
                                         url=page.final_url)
        except RelatoError as exc:
            yield exc
        return
    kind = "text" if page.content_type == "text/plain" else None
    yield from ingest.read_bytes(page.body, url, url, kind, defaults)
