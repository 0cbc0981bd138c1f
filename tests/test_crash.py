"""Crash safety: `relato ingest` killed with SIGKILL at random moments, then run again,
ends with the same store as one uninterrupted run: no article lost, none twice."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.make_articles import make

EXE = Path(sys.executable).with_name("relato")
KILLS = 3


def _contents(db: Path) -> tuple[list[str], int, int, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        mentions = con.execute("SELECT count(*) FROM event_mentions").fetchone()[0]
        distinct = con.execute("SELECT count(*) FROM (SELECT DISTINCT article_id, position "
                               "FROM event_mentions)").fetchone()[0]
        per_article = con.execute("SELECT article_id, count(*) FROM event_mentions GROUP BY "
                                  "article_id ORDER BY article_id").fetchall()
    return ids, mentions, distinct, per_article


@pytest.mark.skipif(not EXE.exists(), reason="relato is not installed beside this Python")
def test_sigkill_at_random_moments_loses_nothing_and_doubles_nothing(tmp_path):
    folder = tmp_path / "articles"
    make(36, folder)
    whole, killed = tmp_path / "whole.duckdb", tmp_path / "killed.duckdb"
    subprocess.run([str(EXE), "ingest", str(folder), "--db", str(whole), "-q"], check=True,
                   capture_output=True, timeout=600)
    rng = random.Random(11)
    partial = []
    for _ in range(KILLS):
        process = subprocess.Popen([str(EXE), "ingest", str(folder), "--db", str(killed)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        # once it has begun writing (its first progress line), a random moment while it
        # writes the rest
        deadline = time.monotonic() + 600
        for line in process.stderr:
            if line.startswith("ingesting:") or time.monotonic() > deadline:
                break
        time.sleep(rng.uniform(0.0, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stderr.close()
        if killed.exists():
            partial.append(len(_contents(killed)[0]))
    subprocess.run([str(EXE), "ingest", str(folder), "--db", str(killed), "-q"], check=True,
                   capture_output=True, timeout=600)
    ids, mentions, distinct, per_article = _contents(killed)
    expected = _contents(whole)
    assert any(0 < n < 36 for n in partial), partial  # some kill landed mid-ingest
    assert len(ids) == 36 and len(set(ids)) == 36
    assert mentions == distinct  # no event mention written twice
    assert (ids, mentions, per_article) == (expected[0], expected[1], expected[3])
