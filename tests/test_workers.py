"""Several worker processes give the same records as one; a stopped run goes on where it
ended, without duplicates (extract --resume; ingest skips what the store holds)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.make_articles import make
from relato.cli import main
from relato.errors import EmptyInput
from relato.ingest import iter_articles
from relato.pipeline import ParallelPipeline, resume_output, run_isolated
from relato.schema import Article

RELATO = Path(sys.executable).with_name("relato")


class KillsItsWorker:
    """An item whose unpickling ends the worker process that receives it."""

    def __reduce__(self):
        return (os._exit, (1,))


def test_a_dying_worker_costs_only_its_chunk(pipeline):
    items = [EmptyInput("empty input", f"item-{n}") for n in range(7)]
    items[4:4] = [KillsItsWorker()]
    results = list(ParallelPipeline(pipeline.settings, workers=2, chunk_size=2).run(items))
    assert [r.item for r in results] == [f"item-{n}" for n in range(4)] + [None] + [
        f"item-{n}" for n in range(4, 7)]
    assert results[4].one_line() == "a worker process died while extracting it [internal]"
    assert results[5].one_line() == "item-4: empty input [empty]"  # in the same chunk


def test_an_article_that_breaks_extraction_fails_alone(pipeline):
    class Fragile:
        settings = pipeline.settings

        def run(self, items):
            for item in items:
                if getattr(item, "id", "") == "bad":
                    raise ValueError("a bug")
                yield item

    good, bad = Article(id="good", text="Fine."), Article(id="bad", text="Broken.")
    results = run_isolated(Fragile(), [good, bad, good])
    assert results[0] is good and results[2] is good
    assert results[1].one_line() == "bad: extraction failed: ValueError: a bug [internal]"


def test_extract_with_workers_and_resume(tmp_path, capsys, pipeline):
    make(10, tmp_path / "in")
    (tmp_path / "in" / "en-empty.txt").write_text("  ", "utf-8")  # among the articles
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(one)]) == 1
    assert main(["extract", str(tmp_path / "in"), "-o", str(two), "--workers", "2"]) == 1
    assert capsys.readouterr().err.count("en-empty.txt: empty input [empty]") == 2
    lines = one.read_text("utf-8").splitlines(keepends=True)
    assert two.read_text("utf-8") == "".join(lines) and len(lines) == 10

    # a run killed while writing line 7: six whole lines and part of the seventh
    two.write_text("".join(lines[:6]) + lines[6][: len(lines[6]) // 2], "utf-8")
    assert resume_output(two) == {json.loads(line)["id"] for line in lines[:6]}
    assert two.read_text("utf-8") == "".join(lines[:6])  # the cut line is gone
    two.write_text("".join(lines[:6]) + lines[6][:40], "utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(two), "--resume"]) == 1
    assert "resuming: 6 records already in" in capsys.readouterr().err
    assert two.read_text("utf-8") == "".join(lines)
    assert main(["extract", str(tmp_path / "in"), "-o", str(two), "--resume"]) == 1
    assert two.read_text("utf-8") == "".join(lines)  # nothing left to do, nothing added

    (tmp_path / "other.jsonl").write_text('{"id": 1}\nnot json\n{"id": 2}\n', "utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "other.jsonl"),
                 "--resume"]) == 2
    assert "line 2 is not a relato record" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "in"), "--resume"]) == 2


def store_state(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        def rows(sql):
            return con.execute(sql).fetchall()
        return {
            "records": dict(rows("SELECT id, record FROM articles")),
            "texts": rows("SELECT count(*), count(DISTINCT content_hash) FROM articles")[0],
            "mentions": rows("SELECT count(*) FROM event_mentions")[0][0],
            "events": rows("SELECT count(*) FROM events")[0][0],
            "stories": rows("SELECT count(*) FROM stories")[0][0],
        }
    finally:
        con.close()


@pytest.mark.skipif(not RELATO.exists(), reason="relato is not installed beside this Python")
def test_an_ingest_killed_partway_ends_as_one_uninterrupted_run(tmp_path, pipeline):
    from relato.store import Store

    for path in make(104, tmp_path / "in"):  # 40 in English: one model for each worker
        if json.loads(path.read_text("utf-8"))["lang"] != "en":
            path.unlink()
    assert len(list((tmp_path / "in").iterdir())) == 40
    reference = tmp_path / "reference.duckdb"
    with Store(reference) as store:
        store.ingest_articles(iter_articles([str(tmp_path / "in")]), pipeline)

    db = tmp_path / "killed.duckdb"
    command = [str(RELATO), "ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "2"]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           text=True, start_new_session=True)  # its workers in its group
    try:
        line = run.stderr.readline()  # "ingesting: 1 articles, …": one is stored
        assert line.startswith("ingesting: "), line
        time.sleep(1.0)  # a few more, partway through a chunk
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
        run.stderr.close()
    stopped = store_state(db)
    assert 1 <= len(stopped["records"]) < 40

    again = subprocess.run(command[:-1] + ["1"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{40 - len(stopped['records'])} stored" in again.stderr
    assert f"{len(stopped['records'])} already there" in again.stderr
    assert store_state(db) == store_state(reference)
    assert store_state(db)["texts"] == (40, 40)
