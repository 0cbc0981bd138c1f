"""Hostile input: every article of a batch ends stored or listed with its reason."""

from __future__ import annotations

import json
import random

from relato.ingest import iter_articles
from relato.store import Store

FR = "La police mexicaine a arrêté « deux chefs du cartel » à Tijuana, selon le parquet."
EN = 'Mexican police arrested two cartel leaders in Tijuana, "the prosecutor said.'


def _batch(folder) -> dict[str, str]:
    """Write one file per kind of bad input; returns file name -> what must become of it."""
    rng = random.Random(7)
    files: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "failed"),
        "blank.txt": (b" \n\t \n", "failed"),
        "binary.txt": (bytes(rng.randrange(256) for _ in range(4000)), "failed"),
        "latin1.txt": (FR.encode("latin-1", "replace"), "stored"),
        "cp1252.txt": ("Les « frappes » ont visé 3 laboratoires — selon l’armée.".encode(
            "cp1252"), "stored"),
        "utf16.txt": ("Le Mexique a extradé deux chefs vers les États-Unis, selon Reforma."
                      .encode("utf-16"), "stored"),
        "broken.html": (b"<html><body><p>Mexican police arrested two cartel leaders in "
                        b"Tijuana on Monday<div><p>The army said<b>nothing", "stored"),
        "scripts.html": (b"<html><head><script>var a = 1;</script></head><body><script>"
                         b"alert(1)</script></body></html>", "failed"),
        "missing.json": (json.dumps({"id": "m", "lang": "en"}).encode(), "failed"),
        "wrongtype.json": (json.dumps({"id": 7, "text": ["not", "a", "string"]}).encode(),
                           "failed"),
        "german.json": (json.dumps({"id": "de", "lang": "de", "text": "Die Polizei hat "
                                    "zwei Männer festgenommen."}).encode(), "failed"),
        "mixed.txt": ((EN + " " + FR + " La policía detuvo a dos hombres.").encode(), "stored"),
        "unbalanced.txt": (('He said "we will strike, and « nothing else. "' * 5).encode(),
                           "stored"),
        "longsentence.txt": ((" ".join(["the army attacked the camp and"] * 800)).encode(),
                             "stored"),
        "numbers.txt": (" ".join(str(rng.randrange(10**6)) for _ in range(300)).encode(),
                        "failed"),
        "urls.txt": ("\n".join(f"https://example.org/{i}/page?x={i}" for i in range(200))
                     .encode(), "failed"),
        "huge.txt": ((EN + "\n") * 300_000).encode()[:20_000_000],
    }
    expected = {}
    for name, value in files.items():
        data, outcome = value if isinstance(value, tuple) else (value, "stored")
        (folder / name).write_bytes(data)
        expected[name] = outcome
    return expected



def test_every_article_is_stored_or_listed_with_its_reason(pipeline, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    expected = _batch(folder)
    with Store(tmp_path / "relato.duckdb") as store:
        report = store.ingest_articles(iter_articles([str(folder)]), pipeline)
        stored = {row["id"] for row in store._dicts("SELECT id FROM articles")}
        failures = store.failures()
        huge = store.article("huge")["record"]
    # a file is named by its path, or by the article id (its stem) once it was read
    failed_items = {name for name in expected for f in failures
                    if f["item"].rsplit("/", 1)[-1].split("#")[0] in (name,
                                                                       name.rsplit(".", 1)[0])}
    stored_names = {name for name in expected if name.rsplit(".", 1)[0] in stored}
    # nothing is lost: every file is stored or listed with a reason
    assert stored_names | failed_items == set(expected), (stored, failures)
    assert len(report.stored) + len(report.failed) + len(report.skipped) == len(expected)
    for name, outcome in expected.items():
        assert (name in stored_names) == (outcome == "stored"), (name, failures)
    assert all(f["reason"] and f["code"] for f in failures)
    # a 20 MB text is cut at the documented limit, with a warning on its record
    assert len(huge["text"]) <= pipeline.settings.max_chars
    assert any("text cut" in w for w in huge["warnings"])


def test_accents_survive_legacy_encodings(pipeline, tmp_path):
    for encoding in ("latin-1", "cp1252", "utf-16"):
        path = tmp_path / f"a-{encoding}.txt"
        path.write_bytes("L'armée a arrêté deux hommes à Mérida, selon le procureur."
                         .encode(encoding))
        [article] = list(iter_articles([str(path)]))
        assert "armée" in article.text and "Mérida" in article.text, encoding
