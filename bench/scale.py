"""Scale: throughput for 1 and 2 worker processes against spaCy parse-only, in one run.

    .venv/bin/python bench/scale.py [--articles 120] [--plot docs/throughput.png]

The texts are French, English and Spanish (../shared when present, else the invented
fixtures), mixed, so that every worker loads all three languages; they are cut or joined
into three lengths of article. For each length: spaCy parse-only (the same pipelines, one
process, `nlp.pipe`), then relato with 1 and with 2 worker processes. It prints articles/s
and words/s, relato's throughput as a fraction of parse-only, the speed-up of 2 workers over
1, and the peak memory of a worker; and draws throughput against workers and length.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.speed import load_texts  # noqa: E402

LENGTHS = {"short": 120, "medium": 450, "long": 1500}  # words per article


def articles_of_length(words: int, count: int) -> list[dict]:
    """`count` articles of about `words` words, the three languages in turn."""
    pools = {lang: load_texts(lang, 40) for lang in ("fr", "en", "es")}
    made = []
    for n in range(count):
        lang = ("fr", "en", "es")[n % 3]
        pool = pools[lang]
        text, k = [], n
        while sum(len(t.split()) for t in text) < words:
            text.append(pool[k % len(pool)]["text"])
            k += 7
        joined = " ".join("\n".join(text).split(" ")[:words])
        made.append({"id": f"{lang}-{words}-{n}", "lang": lang, "text": joined,
                     "published": "2026-01-15"})
    return made


def parse_only(articles: list[dict]) -> float:
    from relato.pipeline import Pipeline

    pipeline = Pipeline.default()
    by_lang: dict[str, list[str]] = {}
    for article in articles:
        by_lang.setdefault(article["lang"], []).append(article["text"])
    for lang, texts in by_lang.items():  # load and warm every model outside the timing
        list(pipeline.nlp_for(lang).pipe(texts[:2]))
    start = time.perf_counter()
    for lang, texts in by_lang.items():
        for _doc in pipeline.nlp_for(lang).pipe(texts, batch_size=pipeline.batch_size):
            pass
    return time.perf_counter() - start


def relato(articles: list[dict], workers: int) -> tuple[float, int, float]:
    """Seconds for the articles once the workers are up with all three languages loaded,
    the events found, and the peak memory of a worker (MB)."""
    from relato.pipeline import ParallelPipeline

    runner = ParallelPipeline(workers=workers, preload=("fr", "en", "es"),
                              keep_workers=True)
    try:
        warm = [dict(a, id=f"warm-{a['id']}") for a in articles[:8 * workers]]
        list(runner.run(warm))  # the workers start and load the models
        start = time.perf_counter()
        results = list(runner.run(articles))
        seconds = time.perf_counter() - start
        peak = max(_worker_peaks(runner), default=0.0)
    finally:
        runner.close()
    return seconds, sum(len(r.events) for r in results if hasattr(r, "events")), peak


def _worker_peaks(runner) -> list[float]:
    """Peak resident memory of each worker process, from /proc (MB)."""
    peaks = []
    for process in (getattr(runner._kept, "_processes", None) or {}).values():
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for name in LENGTHS:
        line = [r for r in rows if r["length"] == name]
        ax.plot([r["workers"] for r in line], [r["words_s"] for r in line], marker="o",
                label=f"relato, {name} ({LENGTHS[name]} words)")
        parse = line[0]["parse_words_s"]
        ax.axhline(parse, linestyle=":", linewidth=1, color=ax.lines[-1].get_color())
    ax.set_xticks(sorted({r["workers"] for r in rows}))
    ax.set_xlabel("worker processes")
    ax.set_ylabel("words per second")
    ax.set_title("relato throughput (dotted: spaCy parse-only, one process)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120, help="articles per length")
    parser.add_argument("--plot", default=str(ROOT / "docs" / "throughput.png"))
    args = parser.parse_args()
    rows = []
    for name, words in LENGTHS.items():
        articles = articles_of_length(words, args.articles)
        total_words = sum(len(a["text"].split()) for a in articles)
        parse_s = parse_only(articles)
        for workers in (1, 2):
            seconds, events, peak = relato(articles, workers)
            rows.append({"length": name, "workers": workers, "articles": len(articles),
                         "words": total_words, "events": events, "peak_mb": peak,
                         "articles_s": len(articles) / seconds,
                         "words_s": total_words / seconds,
                         "parse_words_s": total_words / parse_s,
                         "ratio": parse_s / seconds})
    print("| length | workers | articles/s | words/s | parse-only words/s | relato / "
          "parse-only | 2 workers / 1 |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        one = next(r for r in rows if r["length"] == row["length"] and r["workers"] == 1)
        speedup = row["words_s"] / one["words_s"]
        print(f"| {row['length']} | {row['workers']} | {row['articles_s']:.1f} | "
              f"{row['words_s']:.0f} | {row['parse_words_s']:.0f} | {row['ratio']:.2f} | "
              f"{speedup:.2f} |")
    peak = max(r["peak_mb"] for r in rows)
    print(f"\npeak memory of a worker (all three languages loaded): {peak:.0f} MB")
    plot(rows, Path(args.plot))
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
