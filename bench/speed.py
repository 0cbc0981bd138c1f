"""Speed: relato's full pipeline against spaCy parse-only on the same texts, in one run.

    .venv/bin/python bench/speed.py [--limit N] [--lang en]

Texts come from ../shared/data (PolNeAR dev articles, English; the UniversalPetrarch
Spanish sentences joined into articles) and ../shared/examples (French) when present, else
from the project's invented fixtures. The figure that matters is the ratio: relato's
throughput as a fraction of parse-only on the same machine in the same run."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(lang: str, limit: int) -> list[dict]:
    articles: list[dict] = []
    if lang == "en" and (SHARED / "data" / "polnear-dev.quotes.jsonl").exists():
        for line in (SHARED / "data" / "polnear-dev.quotes.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            articles.append({"id": record["id"], "text": record["text"], "lang": "en",
                             "published": record.get("published")})
    elif lang == "es" and (SHARED / "data" / "upetrarch-es-protest-dev.sentences.jsonl").exists():
        sentences = []
        for line in (SHARED / "data" / "upetrarch-es-protest-dev.sentences.jsonl").open(
                encoding="utf-8"):
            text = json.loads(line)["text"]
            if text not in sentences:
                sentences.append(text)
        for i in range(0, len(sentences), 8):
            articles.append({"id": f"es-{i}", "text": "\n".join(sentences[i:i + 8]),
                             "lang": "es"})
    elif lang == "fr" and (SHARED / "examples").exists():
        for path in sorted((SHARED / "examples").glob("*.txt")):
            articles.append({"id": path.stem, "text": path.read_text("utf-8"), "lang": "fr",
                             "published": "2025-11-04"})
    for path in sorted((ROOT / "tests" / "fixtures" / lang).glob("*.json")):
        if not path.name.endswith(".expect.json"):
            articles.append(json.loads(path.read_text("utf-8")))
    for path in sorted((ROOT / "examples").glob(f"*-{lang}-*.json")):
        articles.append(json.loads(path.read_text("utf-8")))
    if not articles:
        return []
    while len(articles) < limit:  # repeat short sets so timings are not noise
        articles += [dict(a, id=f"{a['id']}~{len(articles)}") for a in articles[:limit]]
    return articles[:limit]


def measure(lang: str, limit: int) -> dict:
    from relato.pipeline import Pipeline

    pipeline = Pipeline.default()
    nlp = pipeline.nlp_for(lang)
    articles = load_texts(lang, limit)
    if not articles:
        return {}
    texts = [a["text"] for a in articles]
    words = sum(len(t.split()) for t in texts)
    list(nlp.pipe(texts[:2]))  # warm-up: lazy tables and caches load outside the timings
    list(pipeline.run(articles[:2]))
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=pipeline.batch_size):
        pass
    parse_s = time.perf_counter() - start
    parse_peak = _peak_mb()
    start = time.perf_counter()
    results = list(pipeline.run(articles))
    relato_s = time.perf_counter() - start
    events = sum(len(r.events) for r in results if hasattr(r, "events"))
    return {
        "lang": lang, "articles": len(articles), "words": words, "events": events,
        "parse_articles_s": len(articles) / parse_s, "parse_words_s": words / parse_s,
        "relato_articles_s": len(articles) / relato_s, "relato_words_s": words / relato_s,
        "ratio": parse_s / relato_s, "peak_mb_after_parse": parse_peak,
        "peak_mb": _peak_mb(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60, help="articles per language")
    parser.add_argument("--lang", action="append", choices=["fr", "en", "es"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [r for lang in (args.lang or ["fr", "en", "es"]) if (r := measure(lang, args.limit))]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'lang':4} {'articles':>8} {'words':>7} | {'parse art/s':>11} {'words/s':>8} | "
          f"{'relato art/s':>12} {'words/s':>8} | {'ratio':>5} | {'peak MB':>7}")
    for r in rows:
        print(f"{r['lang']:4} {r['articles']:8d} {r['words']:7d} | "
              f"{r['parse_articles_s']:11.1f} {r['parse_words_s']:8.0f} | "
              f"{r['relato_articles_s']:12.1f} {r['relato_words_s']:8.0f} | "
              f"{r['ratio']:5.2f} | {r['peak_mb']:7.0f}")
    print("ratio = relato throughput / spaCy parse-only throughput, same texts, same run; "
          "peak MB = this process's peak resident memory (all languages loaded so far).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
