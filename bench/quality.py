"""Quality: relato scored on the reference data in ../shared, one table for every file.

    .venv/bin/python bench/quality.py [--limit N] [--only NAME] [--json]

Each file is run through the same code as `relato extract` / `relato status` and scored by
`relato.evaluate`, exactly as `relato eval` would. Skips what ../shared does not hold."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"


def _read(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle.read().split("\n"):
            if line.strip():
                rows.append(json.loads(line))
    return rows[:limit] if limit else rows


def _extract(pipeline, rows: list[dict]) -> list[dict]:
    """One prediction per reference id; texts shared by several lines are parsed once."""
    unique: dict[tuple[str, str], dict] = {}
    for row in rows:
        key = (row["text"], row.get("lang") or "en")
        unique.setdefault(key, {"id": f"u{len(unique)}", "text": row["text"],
                                "lang": row.get("lang"),
                                "published": _date(row.get("published"))})
    records = {}
    for result in pipeline.run(list(unique.values())):
        if hasattr(result, "events"):
            records[result.id] = json.loads(result.model_dump_json())
    predictions = []
    for row in rows:
        base = unique[(row["text"], row.get("lang") or "en")]
        record = records.get(base["id"])
        if record is not None:
            predictions.append({**record, "id": row["id"]})
    return predictions


def _date(value):
    if isinstance(value, str) and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def _statuses(pipeline, rows: list[dict]) -> list[dict]:
    by_text: dict[str, list[dict]] = {}
    for row in rows:
        by_text.setdefault(row["text"], []).append(row)
    out = []
    for text, group in by_text.items():
        spans = [tuple(r["trigger"]) for r in group]
        for row, status in zip(group, pipeline.statuses(text, group[0].get("lang"), spans),
                               strict=True):
            out.append({**row, "status": status})
    return out


def textacy_quotes(pipeline, rows: list[dict]) -> list[dict] | None:
    """The peer: textacy's direct_quotations on the same parses (English pipeline)."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    nlp = pipeline.nlp_for("en")
    predictions = []
    for row, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=16),
                        strict=True):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # the peer fails on some texts; that is its score, not ours
            triples = []
        for speaker, cue, content in triples:
            start, end = content.start_char, content.end_char
            name = " ".join(t.text for t in speaker) if speaker else None
            quotes.append({"span": [start, end], "text": row["text"][start:end],
                           "direct": True,
                           "cue": " ".join(t.text for t in cue) if cue else None,
                           "speaker": {"name": name, "kind": "person", "anonymous": False}
                           if name else None})
        predictions.append({"id": row["id"], "text": row["text"], "quotes": quotes})
    return predictions


def run(limit: int | None, only: str | None) -> list[dict]:
    from relato.evaluate import evaluate
    from relato.pipeline import Pipeline

    pipeline = Pipeline.default()
    rows = []

    def add(name, lang, kind, figures, seconds, n):
        rows.append({"file": name, "lang": lang, "kind": kind, "items": n,
                     "seconds": round(seconds, 1), **figures})

    plan = [
        ("plover-train.sentences.jsonl", "en", "sentences"),
        ("upetrarch-es-protest-dev.sentences.jsonl", "es", "sentences"),
        ("polnear-dev.quotes.jsonl", "en", "quotes"),
        ("meantime-en-dev.status.jsonl", "en", "status"),
        ("lgl.places.jsonl", "en", "places"),
        ("trnews.places.jsonl", "en", "places"),
    ]
    for name, lang, kind in plan:
        path = DATA / name
        if not path.exists() or (only and only not in name):
            continue
        reference = _read(path, limit)
        start = time.perf_counter()
        prediction = _statuses(pipeline, reference) if kind == "status" else _extract(
            pipeline, reference)
        report = evaluate(kind, reference, prediction)
        add(name, lang, kind, _figures(kind, report), time.perf_counter() - start,
            len(reference))
        if kind == "quotes" and lang == "en":
            start = time.perf_counter()
            peer = textacy_quotes(pipeline, reference)
            if peer is not None:
                add(f"{name} (textacy direct_quotations)", lang, kind,
                    _figures(kind, evaluate(kind, reference, peer)),
                    time.perf_counter() - start, len(reference))
    examples = SHARED / "examples"
    if examples.exists() and (not only or only in "examples"):
        for gold_path in sorted(examples.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text("utf-8"))
            start = time.perf_counter()
            record = pipeline.process({"id": gold["id"], "text": gold["text"],
                                       "lang": gold["lang"], "published": gold["published"]})
            report = evaluate("events", [gold], [json.loads(record.model_dump_json())])
            add(gold_path.name, gold["lang"], "events", _figures("events", report),
                time.perf_counter() - start, 1)
    return rows


def _figures(kind: str, report: dict) -> dict:
    acc = {k: v["accuracy"] for k, v in report.get("accuracies", {}).items()}
    fields = {k: v["f1"] for k, v in report.get("fields", {}).items()}
    if kind == "sentences":
        return {k: acc.get(k) for k in ("type", "actor", "target", "end_to_end")}
    if kind == "quotes":
        return {"quote_f1": fields.get("quote"), "direct_f1": fields.get("quote_direct"),
                "reported_f1": fields.get("quote_reported"), "speaker": acc.get("speaker")}
    if kind == "status":
        return {"coarse_macro_f1": report.get("coarse_macro_f1"), "accuracy": acc.get("status")}
    if kind == "places":
        return {"mention_f1": fields.get("place"), "within_161km": acc.get("within_161km"),
                "geonameid": acc.get("geonameid")}
    figures = {"event_f1": fields.get("event"), "strict_f1": fields.get("event_strict"),
               "status": acc.get("status"), "place": acc.get("place"), "date": acc.get("date"),
               "sources_f1": fields.get("sources")}
    quotes = report.get("quotes", {})
    if quotes:
        figures["quote_f1"] = quotes["fields"]["quote"]["f1"]
        figures["speaker"] = quotes["accuracies"]["speaker"]["accuracy"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N lines of each file")
    parser.add_argument("--only", help="only files whose name contains this")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not DATA.exists():
        print("../shared/data is not here: nothing to score", file=sys.stderr)
        return 0
    rows = run(args.limit, args.only)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print("| file | lang | items | figures | s |\n|---|---|---|---|---|")
    for row in rows:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in row.items()
                            if k not in ("file", "lang", "kind", "items", "seconds")
                            and isinstance(v, float))
        print(f"| {row['file']} | {row['lang']} | {row['items']} | {figures} | "
              f"{row['seconds']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
