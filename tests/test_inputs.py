"""Inputs that hold many articles or come from elsewhere: gzipped JSON lines, WARC web
archives, RSS and Atom feeds, Parquet tables, URLs. Every file is made here; no network."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
from io import BytesIO
from pathlib import Path

import duckdb
import pytest

from relato.cli import main
from relato.errors import RelatoError
from relato.formats import Columns, html_fragment_text, iso_day
from relato.ingest import Defaults, _kind_of, iter_articles, read_bytes, read_path
from relato.schema import Article

STORY = Path(__file__).parent / "fixtures" / "story"
EN_TEXT = json.loads((STORY / "2-en-planned.json").read_text("utf-8"))["text"]
FR_TEXT = json.loads((STORY / "1-fr-considered.json").read_text("utf-8"))["text"]


def page(text: str, title: str = "A page", meta: str = "") -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav>Home | World | Sport</nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>(c) Example</footer></body></html>").encode()


def split(items):
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, RelatoError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


# -- gzip and JSON lines ---------------------------------------------------------------------
def test_gzipped_json_lines_and_files(tmp_path):
    lines = [json.dumps({"id": "a1", "lang": "en", "text": "One article."}), "{broken",
             "", json.dumps({"id": "a2", "text": "Deux articles.", "published": "20251104"})]
    with gzip.open(tmp_path / "batch.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    with gzip.open(tmp_path / "note.txt.gz", "wb") as handle:
        handle.write("Un texte compressé, en cp1252.".encode("cp1252"))
    with gzip.open(tmp_path / "one.json.gz", "wt", encoding="utf-8") as handle:
        json.dump({"id": "j1", "text": "Uno."}, handle)
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / ".hidden.txt").write_text("A hidden file is left out.", "utf-8")
    items = list(read_path(str(tmp_path), Defaults(lang="fr")))
    articles, errors = split(items)
    assert [a.id for a in articles] == ["a1", "a2", "note", "j1"]  # by file name
    assert articles[0].lang == "en" and articles[1].lang == "fr"
    assert articles[1].published == "2025-11-04"
    assert articles[2].text == "Un texte compressé, en cp1252."
    messages = sorted(e.one_line() for e in errors)
    assert messages[0].startswith(f"{tmp_path / 'bad.jsonl.gz'}: corrupt gzip")
    assert messages[1] == f"{tmp_path / 'batch.jsonl.gz'}:2: invalid JSON: " \
                          "Expecting property name enclosed in double quotes [invalid-json]"


def test_json_lines_are_streamed_past_the_file_size_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"id": f"n{i}", "text": "x" * 50}) + "\n"
                            for i in range(40)), "utf-8")
    articles, errors = split(list(read_path(str(path), max_bytes=200)))
    assert len(articles) == 40 and not errors  # each line is under the limit
    path.write_text(json.dumps({"id": "long", "text": "y" * 500}) + "\n"
                    + json.dumps({"id": "short", "text": "z"}) + "\n", "utf-8")
    articles, errors = split(list(read_path(str(path), max_bytes=200)))
    assert [a.id for a in articles] == ["short"]
    assert errors[0].one_line() == f"{path}:1: line longer than 200 bytes [bad-input]"


# -- WARC ------------------------------------------------------------------------------------
def write_warc(path: Path, gzipped: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(writer, uri, body, content_type="text/html; charset=utf-8", status="200 OK",
                 date="Tue, 04 Nov 2025 10:00:00 GMT"):
        headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        if date:
            headers.append(("Date", date))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body),
                                                      http_headers=http))

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /en HTTP/1.1", [("Host", "news.example")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(  # 2: a request: not a document
            "https://news.example/en", "request", payload=BytesIO(b""), http_headers=request))
        response(writer, "https://news.example/en", page(EN_TEXT, "Drone strikes planned"))
        response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 content_type="image/png")
        response(writer, "https://news.example/gone", b"<html>Not found</html>",
                 status="404 Not Found")
        response(writer, "https://news.example/empty", b"")
        response(writer, "https://news.example/blank", b"<html><body><script>go()</script>"
                 b"</body></html>")
        response(writer, "https://news.example/fr", page(
            FR_TEXT, "Frappes envisagées",
            '<meta property="article:published_time" content="2025-10-30">'), date=None)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_and_the_rest_is_reported(tmp_path, name):
    path = tmp_path / name
    write_warc(path, gzipped=name.endswith(".gz"))
    articles, errors = split(list(read_path(str(path))))
    assert len(articles) == 2 and len(errors) == 4
    english, french = articles
    assert english.url == "https://news.example/en"
    assert english.published == "2025-11-04"  # the HTTP Date header
    assert english.title == "Drone strikes planned"
    assert "Sinaloa" in english.text and "Home | World" not in english.text
    assert french.published == "2025-10-30"  # the page's own date comes first
    assert french.url == "https://news.example/fr" and english.id != french.id
    assert [e.one_line() for e in errors] == [
        f"{path}#record-4: not HTML (image/png) [skipped]",
        f"{path}#record-5: HTTP status 404, not a page [skipped]",
        f"{path}#record-6: empty record [skipped]",
        f"{path}#record-7: no article text found in the HTML [empty]"]


def test_archives_and_gzip_are_read_from_bytes_too(tmp_path):
    """As a runner that holds files' bytes (Spark) reads them, gzip sniffed by content."""
    write_warc(tmp_path / "crawl.warc.gz")
    items = list(read_bytes((tmp_path / "crawl.warc.gz").read_bytes(), "s3://b/crawl.warc.gz",
                            "crawl", _kind_of("s3://b/crawl.warc.gz"), Defaults()))
    assert len(split(items)[0]) == 2 and items[3].item == "s3://b/crawl.warc.gz#record-6"
    data = gzip.compress(json.dumps({"id": "z", "text": "Gzipped."}).encode())
    [article] = list(read_bytes(data, "z.json.gz", "z", _kind_of(Path("z.json.gz")),
                                Defaults()))
    assert article.text == "Gzipped."
    [error] = list(read_bytes(b"PAR1", "t.parquet", "t", "parquet", Defaults()))
    assert "read from a file path" in error.message


def test_a_corrupt_warc_is_reported_after_what_could_be_read(tmp_path):
    good = tmp_path / "good.warc"
    write_warc(good, gzipped=False)
    data = good.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"WARC/1", len(data) // 2)] + b"some junk\r\n\r\n")
    items = list(read_path(str(cut)))
    assert items[-1].one_line() == (f"{cut}: unreadable WARC after record 5: Invalid WARC "
                                    "record, first line: some junk [bad-input]")
    assert isinstance(items[0], Article)
    (tmp_path / "junk.warc.gz").write_bytes(b"this is no archive")
    [error] = list(read_path(str(tmp_path / "junk.warc.gz")))
    assert error.item == str(tmp_path / "junk.warc.gz") and "unreadable WARC" in error.message


# -- feeds -----------------------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Quotidien</title><link>https://quotidien.example/</link>
<language>fr-FR</language>
<item><title>Frappes envisagées</title><link>https://quotidien.example/a/1</link>
<guid>https://quotidien.example/?p=1</guid><pubDate>Thu, 30 Oct 2025 08:00:00 +0100</pubDate>
<description>Un résumé court.</description>
<content:encoded><![CDATA[<p>Le gouvernement <b>américain</b> envisage des frappes.</p>
<p>Aucune décision n'a été prise.</p><script>track()</script>]]></content:encoded></item>
<item><title>Résumé seul</title><link>https://quotidien.example/a/2</link>
<pubDate>Fri, 31 Oct 2025 09:00:00 +0100</pubDate>
<description>&lt;p&gt;Le Mexique a extradé dix chefs du cartel.&lt;/p&gt;</description></item>
<item><title>Vide</title><link>https://quotidien.example/a/3</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>The Daily</title><id>urn:daily</id><updated>2025-11-05T00:00:00Z</updated>
<entry><title>Strikes planned</title><id>urn:daily:1</id>
<link href="https://daily.example/1"/><updated>2025-11-04T12:00:00Z</updated>
<content type="html">&lt;p&gt;The United States plans drone strikes.&lt;/p&gt;
&lt;p&gt;Officials said so.&lt;/p&gt;</content>
</entry>
<entry><title>Plain</title><id>urn:daily:2</id><link href="https://daily.example/2"/>
<published>2025-11-03T12:00:00Z</published><updated>2025-11-04T12:00:00Z</updated>
<summary type="text">Mexico extradited ten cartel leaders.</summary></entry>
</feed>
"""


def test_rss_entries_become_articles(tmp_path):
    path = tmp_path / "quotidien.rss"
    path.write_bytes(RSS.encode("iso-8859-1"))
    articles, errors = split(list(read_path(str(path))))
    first, second = articles
    assert first.id == "https://quotidien.example/?p=1" and first.lang == "fr"
    assert first.url == "https://quotidien.example/a/1" and first.title == "Frappes envisagées"
    assert first.published == "2025-10-30"
    assert first.text == ("Le gouvernement américain envisage des frappes.\n"
                          "Aucune décision n'a été prise.")
    assert second.id == "https://quotidien.example/a/2"  # no guid: its link
    assert second.text == "Le Mexique a extradé dix chefs du cartel."
    assert [e.one_line() for e in errors] == [
        f"{path}#entry-3: entry has no content or summary [empty]"]


def test_atom_entries_and_sniffed_xml(tmp_path):
    path = tmp_path / "daily.xml"  # .xml: recognised by its content
    path.write_text(ATOM, "utf-8")
    articles, errors = split(list(read_path(str(path), Defaults(lang="es"))))
    assert not errors
    assert [a.id for a in articles] == ["urn:daily:1", "urn:daily:2"]
    assert [a.lang for a in articles] == ["en", "en"]  # the feed's xml:lang before defaults
    assert articles[0].text == "The United States plans drone strikes.\nOfficials said so."
    assert [a.published for a in articles] == ["2025-11-04", "2025-11-03"]
    assert articles[1].text == "Mexico extradited ten cartel leaders."
    (tmp_path / "broken.atom").write_text("<feed><title>Cut", "utf-8")
    [error] = list(read_path(str(tmp_path / "broken.atom")))
    assert error.item == str(tmp_path / "broken.atom") and "not a feed" in error.message


def test_html_fragments_become_plain_text():
    assert html_fragment_text("Plain words.") == "Plain words."
    assert html_fragment_text("<div>A<br>B &amp; C</div><style>x{}</style>") == "A\nB & C"


# -- Parquet ---------------------------------------------------------------------------------
def write_parquet(path: Path, select: str) -> None:
    con = duckdb.connect()
    con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet)")
    con.close()


def test_parquet_rows_become_articles(tmp_path):
    path = tmp_path / "news.parquet"
    write_parquet(path, """
        SELECT * FROM (VALUES
          ('p1', 'One article.', 'First', DATE '2025-11-04', 'https://x.example/1', 'en'),
          ('p2', NULL, 'Empty', NULL, NULL, 'en'),
          ('p3', 'Un article.', NULL, DATE '2025-11-05', NULL, NULL),
          ('p4', 'Ein Artikel.', NULL, NULL, NULL, 'de')
        ) AS t(id, text, title, published, url, lang)""")
    articles, errors = split(list(read_path(str(path), Defaults(lang="fr"))))
    assert [a.id for a in articles] == ["p1", "p3"]
    assert articles[0].published == "2025-11-04" and articles[0].url == "https://x.example/1"
    assert articles[0].title == "First" and articles[1].lang == "fr"
    assert [e.one_line() for e in errors] == [
        f"{path}#row-2: empty text [empty]",
        f"{path}#row-4: unknown language code 'de' (supported: fr, en, es) "
        "[unsupported-language]"]


def test_parquet_column_names_are_options(tmp_path):
    path = tmp_path / "corpus.parquet"
    write_parquet(path, "SELECT * FROM (VALUES ('Texte un.', 7), ('Texte deux.', 8)) "
                        "AS t(body, n)")
    [error] = list(read_path(str(path)))
    assert error.one_line() == (f"{path}: no text column 'text' (columns: body, n; see "
                                "--text-column) [bad-input]")
    articles = list(read_path(str(path), columns=Columns(text="body")))
    assert [a.id for a in articles] == ["corpus-1", "corpus-2"]
    articles = list(read_path(str(path), columns=Columns(text="body", id="n")))
    assert [a.id for a in articles] == ["7", "8"]
    [error] = list(read_path(str(path), columns=Columns(text="n")))
    assert "column 'n' is INTEGER, not text" in error.message
    (tmp_path / "fake.parquet").write_bytes(b"PAR1 not really")
    [error] = list(read_path(str(tmp_path / "fake.parquet")))
    assert error.message.startswith("cannot read Parquet")


# -- URLs ------------------------------------------------------------------------------------
@pytest.fixture
def local_server():
    """A feed, a page and a large body on 127.0.0.1 (loopback: no network)."""
    bodies = {"/feed": (ATOM.encode(), "application/atom+xml"),
              "/page": (page(EN_TEXT, "Drone strikes planned"), "text/html"),
              "/big": (b"x" * 5000, "text/plain"), "/image": (b"\x89PNG", "image/png")}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            body, kind = bodies.get(self.path, (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_are_fetched_with_limits(local_server):
    base = local_server
    feed = list(iter_articles([f"{base}/feed"]))
    assert [a.id for a in feed] == ["urn:daily:1", "urn:daily:2"]
    [article] = list(read_path(f"{base}/page"))
    assert article.id == article.url == f"{base}/page" and "Sinaloa" in article.text
    [error] = list(read_path(f"{base}/big", max_bytes=1000))
    assert error.one_line() == f"{base}/big: the page is larger than 1000 bytes [too-large]"
    [error] = list(read_path(f"{base}/missing"))
    assert error.one_line() == f"{base}/missing: the server answered 404 [fetch-failed]"
    [error] = list(read_path(f"{base}/image"))
    assert error.message.startswith("only application/atom+xml, ") and "'image/png'" in \
        error.message
    [error] = list(read_path("ftp://example.org/feed.xml"))
    assert error.one_line() == ("ftp://example.org/feed.xml: only http and https URLs are "
                                "fetched, not 'ftp' [url-refused]")


def test_dates_from_feeds_and_headers():
    assert iso_day("Tue, 04 Nov 2025 23:30:00 GMT") == "2025-11-04"
    assert iso_day("2025-11-04T10:00:00Z") == "2025-11-04"
    assert iso_day("yesterday") is None and iso_day(None) is None


# -- through the command line ----------------------------------------------------------------
def test_extract_reads_every_kind_and_names_what_it_skips(tmp_path, capsys):
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "daily.atom").write_text(ATOM, "utf-8")
    write_parquet(tmp_path / "rows.parquet",
                  "SELECT 'r1' AS doc, 'Mexico extradited ten cartel leaders.' AS body")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(tmp_path), "-o", str(out), "--text-column", "body",
                 "--id-column", "doc"])
    err = capsys.readouterr().err
    ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    assert len(ids) == 5 and ids[2:] == ["urn:daily:1", "urn:daily:2", "r1"]
    assert "crawl.warc.gz#record-4: not HTML (image/png) [skipped]" in err
    assert code == 1  # records that are no page are skipped, the others failed
