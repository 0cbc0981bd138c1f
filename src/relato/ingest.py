"""Turn files, folders, URLs, stdin and JSON records into Articles.

Plain text, HTML, JSON and JSON lines are read here; web archives (WARC), RSS and Atom
feeds, Parquet tables and URLs by `relato.formats`; any of them but Parquet may be gzipped
(`.jsonl.gz`, `.warc.gz`). Every input item either becomes an Article or a RelatoError
naming the item and the reason; a reader never raises for one bad item, so a batch goes on
(`iter_articles` yields both).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path, PurePath

from pydantic import ValidationError

from relato.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InvalidArticle,
    InvalidJSON,
    RelatoError,
    UnsupportedLanguage,
)
from relato.formats import Columns
from relato.schema import Article
from relato.settings import SUPPORTED_LANGUAGES

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
FEED_SUFFIXES = {".rss", ".atom"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
WARC_NAME = re.compile(r"\.(warc|arc)(\.gz)?$", re.I)


@dataclass(frozen=True)
class Defaults:
    """Values the caller gives for articles that do not carry their own."""

    lang: str | None = None
    published: str | None = None


def check_lang(code: str | None, item: str | None = None) -> str | None:
    if code is None:
        return None
    code = code.strip().lower()
    if code not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise UnsupportedLanguage(f"unknown language code {code!r} (supported: {supported})",
                                  item)
    return code


def decode_bytes(data: bytes, item: str) -> str:
    """Decode text whatever its encoding; refuse what is not text."""
    if not data.strip():
        raise EmptyInput("empty input", item)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    text: str | None = None
    if b"\x00" in data[:4096]:
        even_nuls = data[1:4096:2].count(0) > 0.4 * len(data[1:4096:2])
        odd_nuls = data[0:4096:2].count(0) > 0.4 * len(data[0:4096:2])
        if not (even_nuls or odd_nuls):
            raise BinaryInput("binary content, not text", item)
        text = data.decode("utf-16-le" if even_nuls else "utf-16-be", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _western(data)
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()  # not Western European: let the detector guess
        if best is None:
            raise BinaryInput("binary content, not text", item) from None
        text = str(best)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise BinaryInput("binary content, not text", item)
    return text


def _western(data: bytes) -> str | None:
    """French, English and Spanish text that is not UTF-8 is nearly always cp1252 or
    latin-1 (cp1252 maps latin-1's letters the same way); a generic detector often takes
    it for a Central European code page instead."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if any(0x80 <= ord(ch) <= 0x9F for ch in text):
        return None
    return text


def html_to_article(html: str, item: str, article_id: str, defaults: Defaults, *,
                    url: str | None = None, published: str | None = None,
                    prefer_given_url: bool = False) -> Article:
    """The article of an HTML page (trafilatura). `url` and `published` are what the
    caller knows (a WARC record's): the page's own date still comes first, and its own URL
    too unless `prefer_given_url`."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise EmptyInput("no article text found in the HTML", item)
    published = getattr(extracted, "date", None) or published or defaults.published
    if published and len(published) > 10:
        published = published[:10]
    page_url = getattr(extracted, "url", None)
    return make_article(
        {
            "id": article_id,
            "text": text,
            "title": getattr(extracted, "title", None),
            "url": (url or page_url) if prefer_given_url else (page_url or url),
            "published": published,
            "lang": defaults.lang,
        },
        item,
        Defaults(),
    )


_ISO_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


def normalise_date(value: object) -> object:
    """Publication dates as corpora and feeds write them ("19940617", "2025-11-04T10:00Z",
    "2025/11/04") become YYYY-MM-DD; anything else is left for validation to refuse."""
    text = str(value).strip()
    for pattern in (_ISO_PREFIX, _COMPACT, _SLASHED):
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                return value
    return value


def make_article(data: object, item: str, defaults: Defaults) -> Article:
    """Validate one JSON object as an Article, filling in the caller's defaults."""
    if not isinstance(data, dict):
        raise InvalidArticle(f"expected a JSON object, got {type(data).__name__}", item)
    fields = dict(data)
    if "id" in fields and not isinstance(fields["id"], str) and fields["id"] is not None:
        fields["id"] = str(fields["id"])
    if fields.get("lang") is None and defaults.lang:
        fields["lang"] = defaults.lang
    if fields.get("published") is None and defaults.published:
        fields["published"] = defaults.published
    if fields.get("published") is not None:
        fields["published"] = normalise_date(fields["published"])
    if not fields.get("id"):
        raise InvalidArticle("missing field 'id'", item)
    if "text" not in fields:
        raise InvalidArticle("missing field 'text'", item)
    try:
        article = Article.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise InvalidArticle(f"field {where!r}: {first['msg']}", item) from None
    if not article.text.strip():
        raise EmptyInput("empty text", item)
    check_lang(article.lang, item)
    return article


def _json_items(text: str, item: str, defaults: Defaults) -> Iterator[Article | RelatoError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InvalidJSON(f"invalid JSON at line {exc.lineno}: {exc.msg}", item)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        name = item if len(records) == 1 else f"{item}[{index}]"
        try:
            yield make_article(record, name, defaults)
        except RelatoError as exc:
            yield exc


def article_of_line(line: str, name: str, defaults: Defaults) -> Article | RelatoError:
    """The article of one JSON line, or the error naming the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InvalidJSON(f"invalid JSON: {exc.msg}", name)
    try:
        return make_article(record, name, defaults)
    except RelatoError as exc:
        return exc


def _jsonl_items(text: str, item: str, defaults: Defaults) -> Iterator[Article | RelatoError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        yield article_of_line(line, f"{item}:{number}", defaults)


def _sniff(text: str) -> str:
    from relato.formats import looks_like_feed

    if looks_like_feed(text):
        return "feed"
    head = text.lstrip()[:200].lower()
    if head.startswith("<?xml") and "<html" in text.lstrip()[:1000].lower():
        return "html"
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "text"


def read_bytes(data: bytes, item: str, article_id: str, kind: str | None,
               defaults: Defaults,
               max_bytes: int = 50_000_000) -> Iterator[Article | RelatoError]:
    """Articles from the bytes of one file or stream (gzipped or not); `kind` None means
    sniff it."""
    from relato import formats
    from relato.formats import read_feed

    if kind == "warc":
        yield from formats.warc_records(BytesIO(data), item, article_id, defaults, max_bytes)
        return
    if kind == "parquet":
        yield InputError("a Parquet table is read from a file path, not from a stream", item)
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(BytesIO(data), max_bytes, item)
        except RelatoError as exc:
            yield exc
            return
    if kind == "feed":  # XML: the feed parser reads its declared encoding itself
        yield from read_feed(data, item, defaults)
        return
    try:
        text = decode_bytes(data, item)
    except RelatoError as exc:
        yield exc
        return
    kind = kind or _sniff(text)
    if kind == "feed":
        yield from read_feed(data, item, defaults)
    elif kind == "jsonl":
        yield from _jsonl_items(text, item, defaults)
    elif kind == "json":
        yield from _json_items(text, item, defaults)
    else:
        try:
            if kind == "html":
                yield html_to_article(text, item, article_id, defaults)
            else:
                yield make_article(
                    {"id": article_id, "text": text, "lang": defaults.lang,
                     "published": defaults.published},
                    item,
                    Defaults(),
                )
        except RelatoError as exc:
            yield exc


def _kind_of(path: str | PurePath) -> str | None:
    """What a file holds, from its name: html, jsonl, json, text, feed, parquet, warc."""
    name = PurePath(path).name
    if WARC_NAME.search(name):
        return "warc"
    suffix = Path(name.removesuffix(".gz").removesuffix(".GZ")).suffix.lower()
    for kind, suffixes in (("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("json", JSON_SUFFIXES), ("text", TEXT_SUFFIXES),
                           ("feed", FEED_SUFFIXES), ("parquet", PARQUET_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def _stem(name: str) -> str:
    return Path(name[:-3] if name.lower().endswith(".gz") else name).stem


def _gunzip(source: Path | BytesIO, max_bytes: int, item: str) -> bytes:
    """Gzipped content decompressed, refused past `max_bytes`."""
    try:
        with gzip.open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt gzip: {exc}", item) from None
    if len(data) > max_bytes:
        raise InputError(f"too large once decompressed (limit {max_bytes} bytes)", item)
    return data


def _read_jsonl(file: Path, defaults: Defaults,
                max_bytes: int) -> Iterator[Article | RelatoError]:
    """JSON lines streamed line by line, gzipped or not: a file of any size is read."""
    from relato.formats import jsonl_stream

    path = str(file)
    gzipped = file.name.lower().endswith(".gz")
    try:
        with (gzip.open(file, "rb") if gzipped else open(file, "rb")) as handle:
            head = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
                # UTF-16 lines cannot be split on bytes: read them whole, with the size limit
                data = handle.read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield InputError(f"file too large (limit {max_bytes} bytes)", path)
                    return
                yield from read_bytes(data, path, _stem(file.name), "jsonl", defaults,
                                      max_bytes)
                return
            yield from jsonl_stream(handle, path, defaults, max_bytes)
    except (OSError, EOFError, zlib.error) as exc:
        reason = f"corrupt gzip: {exc}" if gzipped else f"cannot read: {exc.strerror or exc}"
        yield InputError(reason, path)


def read_path(path: str, defaults: Defaults = Defaults(), max_bytes: int = 50_000_000,
              columns: Columns | None = None) -> Iterator[Article | RelatoError]:
    """Articles from one path: a file, a folder (recursively, hidden files and folders
    left out), an http(s) URL, or `-` for standard input. `columns` names the columns of
    Parquet tables."""
    from relato import formats

    if path == "-":
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", "stdin", None, defaults)
        return
    if formats.is_url(path):
        yield from formats.read_url(path, defaults, max_bytes)
        return
    file = Path(path)
    if file.is_dir():
        children = sorted(p for p in file.rglob("*") if p.is_file()
                          and not any(part.startswith(".")
                                      for part in p.relative_to(file).parts))
        for child in children:
            yield from read_path(str(child), defaults, max_bytes, columns)
        return
    if not file.exists():
        yield InputError("no such file", path)
        return
    kind = _kind_of(file.name)
    if kind == "warc":
        yield from formats.read_warc(path, defaults, max_bytes)
        return
    if kind == "parquet":
        yield from formats.read_parquet(path, defaults, columns)
        return
    if kind == "jsonl":
        yield from _read_jsonl(file, defaults, max_bytes)
        return
    try:
        if file.name.lower().endswith(".gz"):
            data = _gunzip(file, max_bytes, path)
        else:
            size = file.stat().st_size
            if size > max_bytes:
                raise InputError(f"file too large ({size} bytes; limit {max_bytes})", path)
            data = file.read_bytes()
    except RelatoError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", path)
        return
    yield from read_bytes(data, path, _stem(file.name), kind, defaults, max_bytes)


def iter_articles(paths: Iterable[str], defaults: Defaults = Defaults(),
                  max_bytes: int = 50_000_000,
                  columns: Columns | None = None) -> Iterator[Article | RelatoError]:
    for path in paths:
        yield from read_path(path, defaults, max_bytes, columns)


_LANGID = None


def detect_language(text: str) -> str:
    """The most likely of the supported languages (py3langid restricted to them)."""
    global _LANGID
    if _LANGID is None:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        identifier.set_languages(list(SUPPORTED_LANGUAGES))
        _LANGID = identifier
    lang, _score = _LANGID.classify(text[:5000])
    return lang
