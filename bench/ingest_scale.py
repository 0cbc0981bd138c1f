"""Ingest N generated articles into a fresh store and check it against `relato extract`.

    python bench/ingest_scale.py            # 1,000 articles
    python bench/ingest_scale.py --count 200

Prints how long each command took and whether the store holds one event mention for each
event `relato extract` produced on the same files. The ingest runs with its progress
output (a progress line every 100 articles when not in a terminal).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_articles import make  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("relato")
    with tempfile.TemporaryDirectory() as tmp:
        folder, db, out = Path(tmp) / "articles", Path(tmp) / "relato.duckdb", Path(tmp) / "r.jsonl"
        make(args.count, folder)
        start = time.perf_counter()
        subprocess.run([str(exe), "extract", str(folder), "-o", str(out)], check=True)
        extract_s = time.perf_counter() - start
        produced = sum(len(json.loads(line)["events"]) for line in out.read_text().splitlines())
        start = time.perf_counter()
        subprocess.run([str(exe), "ingest", str(folder), "--db", str(db)], check=True)
        ingest_s = time.perf_counter() - start
        stored = subprocess.run(
            [str(exe), "query", "SELECT (SELECT count(*) FROM articles), (SELECT count(*) "
             "FROM event_mentions), (SELECT count(*) FROM events), (SELECT count(*) FROM "
             "stories)", "--db", str(db)], capture_output=True, text=True, check=True)
        articles, mentions, events, stories = map(int, stored.stdout.splitlines()[1].split("\t"))
        again_start = time.perf_counter()
        again = subprocess.run([str(exe), "ingest", str(folder), "--db", str(db), "-q"],
                               capture_output=True, text=True, check=True)
        again_s = time.perf_counter() - again_start
    print("| articles | extract s | ingest s | events extracted | mentions stored | "
          "events (merged) | stories | second ingest |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {articles} | {extract_s:.1f} | {ingest_s:.1f} | {produced} | {mentions} | "
          f"{events} | {stories} | {again.stderr.strip().split(': ', 1)[-1]} in "
          f"{again_s:.1f} s |")
    ok = mentions == produced and articles == args.count
    print("same number of events: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
