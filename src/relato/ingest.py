"""Turn files, stdin and JSON records into Articles.

Every input item either becomes an Article or a RelatoError naming the item and the reason;
a reader never raises for one bad item, so a batch goes on (`iter_articles` yields both).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

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
from relato.schema import Article
from relato.settings import SUPPORTED_LANGUAGES

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


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


def html_to_article(html: str, item: str, article_id: str, defaults: Defaults) -> Article:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise EmptyInput("no article text found in the HTML", item)
    published = getattr(extracted, "date", None) or defaults.published
    if published and len(published) > 10:
        published = published[:10]
    return make_article(
        {
            "id": article_id,
            "text": text,
            "title": getattr(extracted, "title", None),
            "url": getattr(extracted, "url", None),
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


def _jsonl_items(text: str, item: str, defaults: Defaults) -> Iterator[Article | RelatoError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name = f"{item}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InvalidJSON(f"invalid JSON: {exc.msg}", name)
            continue
        try:
            yield make_article(record, name, defaults)
        except RelatoError as exc:
            yield exc


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
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
               defaults: Defaults) -> Iterator[Article | RelatoError]:
    """Articles from the bytes of one file or stream; `kind` None means sniff it."""
    try:
        text = decode_bytes(data, item)
    except RelatoError as exc:
        yield exc
        return
    kind = kind or _sniff(text)
    if kind == "jsonl":
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


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in {".txt", ".text", ".md"}:
        return "text"
    return None


def read_path(path: str, defaults: Defaults = Defaults(),
              max_bytes: int = 50_000_000) -> Iterator[Article | RelatoError]:
    """Articles from one path, or `-` for standard input."""
    if path == "-":
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", "stdin", None, defaults)
        return
    file = Path(path)
    if file.is_dir():
        for child in sorted(p for p in file.rglob("*") if p.is_file()):
            yield from read_path(str(child), defaults, max_bytes)
        return
    if not file.exists():
        yield InputError("no such file", path)
        return
    size = file.stat().st_size
    if size > max_bytes:
        yield InputError(f"file too large ({size} bytes; limit {max_bytes})", path)
        return
    try:
        data = file.read_bytes()
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror}", path)
        return
    yield from read_bytes(data, path, file.stem, _kind_of(file), defaults)


def iter_articles(paths: Iterable[str], defaults: Defaults = Defaults(),
                  max_bytes: int = 50_000_000) -> Iterator[Article | RelatoError]:
    for path in paths:
        yield from read_path(path, defaults, max_bytes)


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
