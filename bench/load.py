"""A bounded load on a real relato server: concurrent clients reading and extracting.

    python bench/load.py                      # 20 clients for 60 s
    python bench/load.py --clients 5 --seconds 10 --articles 20

Starts `relato`'s app with uvicorn on 127.0.0.1 in a subprocess (its own interpreter, so
the clients here do not share its GIL) over a fresh store filled with the story fixtures
(tests/fixtures/story) and `--articles` articles made by bench/make_articles.py. Then
`--clients` threads, each with its own connection, send requests back to back for
`--seconds`: POST /extract with short invented texts (a share `--extract`) and GET /events
with filters. Prints throughput and latency percentiles per endpoint and the errors (any
answer but 200, or no answer); exits 1 when there was any error.

The server's rate limits are set far above what the clients can send (the limiter still
runs), and its pipeline workers are left at the settings' value: the pipeline is CPU-bound,
so /extract latency is mostly the queue for a worker.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STORY = ROOT / "tests" / "fixtures" / "story"

TEXTS = {
    "en": ["{who} arrested {n} suspects in {city} on Monday, the police said.",
           "{who} plans to send {n} aid trucks to {city} next week, officials said.",
           "Protesters marched in {city} on Tuesday; {who} deployed {n} riot officers."],
    "fr": ["{who} a arrêté {n} suspects à {city} lundi, selon la police.",
           "{who} envisage d'envoyer {n} camions d'aide à {city} la semaine prochaine.",
           "Des manifestants ont défilé à {city} mardi ; {who} a déployé {n} policiers."],
    "es": ["{who} detuvo a {n} sospechosos en {city} el lunes, según la policía.",
           "{who} planea enviar {n} camiones de ayuda a {city} la próxima semana.",
           "Manifestantes marcharon en {city} el martes; {who} desplegó {n} policías."],
}
WHO = {"en": ["The army", "Mexican marines", "The government of Chile"],
       "fr": ["L'armée", "Le gouvernement français", "La gendarmerie"],
       "es": ["El ejército", "La marina mexicana", "El gobierno de Chile"]}
CITIES = ["Culiacán", "Lyon", "Valparaíso", "Nairobi", "Toulouse", "Bogotá", "Manila"]
FILTERS = {"type": ["ASSAULT", "COERCE", "PROTEST", "AID", "CONSULT", "MOBILIZE"],
           "status": ["occurred", "planned", "considered", "threatened"],
           "country": ["MEX", "FRA", "CHL", "COL", "USA"],
           "actor": ["army", "police", "government"]}


# -- the server (a subprocess running this file with --serve) ----------------------------
def serve(db: str, port: int, articles: int) -> None:
    import uvicorn

    from bench.make_articles import make
    from relato.api import create_app
    from relato.ingest import Defaults, make_article
    from relato.pipeline import Pipeline
    from relato.settings import ServeLimits
    from relato.store import Store

    pipeline = Pipeline.default()
    store = Store(db)
    with tempfile.TemporaryDirectory() as tmp:
        paths = sorted(STORY.glob("*.json")) + make(articles, Path(tmp) / "articles")
        items = [make_article(json.loads(p.read_text("utf-8")), p.name, Defaults())
                 for p in paths]
        start = time.perf_counter()
        report = store.ingest_articles(items, pipeline)
    print(f"server: store filled in {time.perf_counter() - start:.0f} s: {report.summary()}",
          file=sys.stderr, flush=True)
    for lang, texts in TEXTS.items():  # models loaded before the clock starts
        pipeline.process({"id": "warm", "lang": lang, "text": texts[0].format(
            who=WHO[lang][0], n=3, city=CITIES[0])})
    limits = ServeLimits(rate_per_minute=1_000_000, rate_burst=100_000,
                         pipeline_per_minute=1_000_000, pipeline_burst=100_000,
                         pipeline_workers=pipeline.settings.serve.pipeline_workers)
    app = create_app(store, pipeline, token=None, limits=limits)
    try:
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    finally:
        store.close()


# -- the clients -------------------------------------------------------------------------
def extract_body(rng: random.Random) -> dict:
    lang = rng.choice(list(TEXTS))
    text = rng.choice(TEXTS[lang]).format(who=rng.choice(WHO[lang]), n=rng.randint(2, 90),
                                          city=rng.choice(CITIES))
    return {"text": text, "lang": lang, "published": f"2026-03-{rng.randint(1, 28):02d}"}


def events_params(rng: random.Random) -> dict:
    params = {"limit": rng.choice([10, 20, 50]), "offset": rng.choice([0, 0, 10, 20])}
    for name in rng.sample(list(FILTERS), rng.randint(0, 2)):
        params[name] = rng.choice(FILTERS[name])
    if rng.random() < 0.3:
        params["date_from"], params["date_to"] = "2025-11-01", "2026-03-31"
    return params


def client(base: str, seed: int, until: float, extract_share: float,
           results: list, lock: threading.Lock) -> None:
    import httpx

    rng = random.Random(seed)
    mine = []
    with httpx.Client(base_url=base, timeout=180) as http:
        while time.monotonic() < until:
            if rng.random() < extract_share:
                name, call = "POST /extract", lambda: http.post("/extract",
                                                                json=extract_body(rng))
            else:
                name, call = "GET /events", lambda: http.get("/events",
                                                             params=events_params(rng))
            start = time.perf_counter()
            try:
                answer = call()
                status = answer.status_code
                if status == 200:
                    answer.json()
            except Exception as exc:  # noqa: BLE001 - any failure is counted, not raised
                status = type(exc).__name__
            mine.append((name, status, time.perf_counter() - start))
    with lock:
        results.extend(mine)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def report(results: list, seconds: float, clients: int) -> int:
    by_name: dict[str, list] = defaultdict(list)
    for name, status, latency in results:
        by_name[name].append((status, latency))
    by_name["all"] = [(s, t) for entries in list(by_name.values()) for s, t in entries]
    print(f"\n{clients} clients, {seconds:.0f} s\n")
    print("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    errors = 0
    for name, entries in by_name.items():
        latencies = [t * 1000 for _, t in entries]
        bad = sum(status != 200 for status, _ in entries)
        if name == "all":
            errors = bad
        print(f"| {name} | {len(entries)} | {len(entries) / seconds:.1f} | "
              f"{percentile(latencies, .50):.0f} | {percentile(latencies, .95):.0f} | "
              f"{percentile(latencies, .99):.0f} | {max(latencies):.0f} | {bad} |")
    statuses = Counter(status for status, _ in by_name["all"])
    print(f"\nanswers: {dict(sorted(statuses.items(), key=str))}; errors: {errors}")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--articles", type=int, default=30,
                        help="generated articles stored besides the story fixtures")
    parser.add_argument("--extract", type=float, default=0.3,
                        help="share of the requests that are POST /extract")
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), args.articles)
        return 0

    import httpx

    from tests.serving import free_port

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, __file__, "--serve",
                                   str(Path(tmp) / "relato.duckdb"), str(port),
                                   "--articles", str(args.articles)], cwd=ROOT)
        try:
            deadline = time.monotonic() + 900
            while True:
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 2
                try:
                    if httpx.get(f"{base}/events", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            stored = httpx.get(f"{base}/events", params={"limit": 1}).json()["total"]
            print(f"server ready on {base}: {stored} events stored; load starts", flush=True)
            results: list = []
            lock = threading.Lock()
            start = time.monotonic()
            until = start + args.seconds
            threads = [threading.Thread(target=client, args=(base, seed, until, args.extract,
                                                             results, lock))
                       for seed in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - start
            alive = server.poll() is None
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    errors = report(results, elapsed, args.clients)
    if not alive:
        print("the server died during the load")
    return 0 if errors == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
