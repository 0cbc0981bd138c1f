"""relato ingest, query and export on a real DuckDB file, through the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.make_articles import make
from relato.cli import main

STORY = Path(__file__).parent / "fixtures" / "story"


def test_ingest_is_idempotent_and_says_what_it_skips(tmp_path, capsys):
    db = tmp_path / "relato.duckdb"
    assert main(["ingest", str(STORY), "--db", str(db)]) == 0
    assert "3 stored" in capsys.readouterr().err
    assert main(["ingest", str(STORY), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "0 stored" in err and "3 already there" in err
    assert err.count("skipped story-") == 3 and "already stored" in err


def test_ingest_records_what_it_could_not_read(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    shutil.copy(STORY / "1-fr-considered.json", tmp_path / "in" / "a.json")
    (tmp_path / "in" / "broken.json").write_text("{not json", encoding="utf-8")
    db = tmp_path / "relato.duckdb"
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db)]) == 1
    assert "broken.json" in capsys.readouterr().err
    assert main(["query", "SELECT item, code FROM failures", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "item\tcode" and out[1].endswith("broken.json\tinvalid-json")


def test_query_is_read_only(tmp_path, capsys):
    db = tmp_path / "relato.duckdb"
    main(["ingest", str(STORY / "1-fr-considered.json"), "--db", str(db), "-q"])
    capsys.readouterr()
    assert main(["query", "DROP TABLE articles", "--db", str(db)]) == 2
    assert "read-only" in capsys.readouterr().err.lower()
    assert main(["query", "SELECT count(*) AS n FROM articles", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1"]


def test_export_formats(tmp_path, capsys):
    db = tmp_path / "relato.duckdb"
    main(["ingest", str(STORY), "--db", str(db), "-q"])
    for fmt in ("parquet", "csv", "jsonl"):
        out = tmp_path / f"events.{fmt}"
        assert main(["export", "--db", str(db), "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    lines = (tmp_path / "events.jsonl").read_text("utf-8").splitlines()
    assert {"event_id", "status_then", "article_id"} <= set(json.loads(lines[0]))


def test_a_batch_stores_as_many_events_as_extract_finds(tmp_path):
    """Generated articles through the installed command: the store holds one mention for
    each event `relato extract` gives on the same files, and progress lines are shown."""
    exe = Path(sys.executable).with_name("relato")
    if not exe.exists():
        pytest.skip("relato is not installed beside this Python")
    make(120, tmp_path / "articles")
    db, out = tmp_path / "relato.duckdb", tmp_path / "records.jsonl"
    extract = subprocess.run([str(exe), "extract", str(tmp_path / "articles"), "-o", str(out)],
                             capture_output=True, text=True, timeout=600)
    assert extract.returncode == 0, extract.stderr
    produced = sum(len(json.loads(line)["events"]) for line in out.read_text().splitlines())
    ingest = subprocess.run([str(exe), "ingest", str(tmp_path / "articles"), "--db", str(db)],
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert "ingesting: 100 articles" in ingest.stderr and "articles/s" in ingest.stderr
    query = subprocess.run([str(exe), "query", "SELECT count(*) FROM event_mentions", "--db",
                            str(db)], capture_output=True, text=True, timeout=120)
    assert int(query.stdout.splitlines()[1]) == produced > 0
