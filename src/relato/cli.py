"""The `relato` command: a thin layer over the library (no extraction logic here)."""

from __future__ import annotations

import argparse
import json
import sys
import time

from relato import __version__
from relato.errors import NotAnArticle, RelatoError
from relato.ingest import Columns, Defaults, check_lang, iter_articles
from relato.schema import Article

EXIT_OK, EXIT_ITEM_ERRORS, EXIT_USAGE = 0, 1, 2
PROGRESS_EVERY = 100  # without a terminal, a progress line every this many articles,
PROGRESS_SECONDS = 10.0  # at least this often, and once the first article is done


def _error(message: str) -> None:
    print(f"relato: error: {message}", file=sys.stderr)


def _models(values: list[str] | None) -> dict[str, str]:
    models = {}
    for value in values or []:
        lang, sep, name = value.partition("=")
        if not sep or not name:
            raise RelatoError(f"--model expects LANG=PIPELINE, got {value!r}")
        models[check_lang(lang)] = name
    return models


def _pipeline(args):
    from relato.pipeline import make_runner
    from relato.settings import load_settings

    if getattr(args, "workers", 1) < 0:
        raise RelatoError(f"--workers expects 0 (one per core) or more, got {args.workers}")
    return make_runner(load_settings(_models(args.model)), getattr(args, "workers", 1))


def _items(args, pipeline):
    defaults = Defaults(lang=check_lang(args.lang), published=args.published)
    columns = Columns(text=args.text_column, id=args.id_column)
    return iter_articles(args.paths, defaults, pipeline.settings.max_file_bytes, columns)


def _counts_as_failure(code: str | None) -> bool:
    """A record that is no article (a WARC image, a redirect) is said, not failed."""
    return code != NotAnArticle.code


def _progress(enabled: bool):
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} articles"), TimeElapsedColumn(),
                    TextColumn("{task.fields[rate]}"), transient=False,
                    disable=not enabled)


class _Meter:
    """Articles done and their rate, shown on a progress bar."""

    def __init__(self, progress, description: str) -> None:
        self.progress = progress
        self.task = progress.add_task(description, total=None, rate="")
        self.started = self.last_line = time.perf_counter()
        self.done = 0

    def advance(self) -> str:
        self.done += 1
        rate = f"{self.done / max(time.perf_counter() - self.started, 1e-6):.1f} articles/s"
        self.progress.update(self.task, advance=1, rate=rate)
        return rate

    def line_due(self) -> bool:
        """Whether a progress line is due, for output that is no terminal."""
        now = time.perf_counter()
        if (self.done == 1 or self.done % PROGRESS_EVERY == 0
                or now - self.last_line >= PROGRESS_SECONDS):
            self.last_line = now
            return True
        return False


def cmd_extract(args) -> int:
    from relato.pipeline import resume_output

    if args.resume and not args.output:
        _error("--resume needs -o FILE: the output it goes on writing")
        return EXIT_USAGE
    failures = 0
    pretty = None
    if args.pretty:
        from relato.pretty import print_record as pretty
    pipeline = _pipeline(args)
    items = _items(args, pipeline)
    if args.resume:
        done = resume_output(args.output)
        print(f"resuming: {len(done)} records already in {args.output}", file=sys.stderr)
        items = (i for i in items if not (isinstance(i, Article) and i.id in done))
    show = (sys.stderr.isatty() and pretty is None
            and (args.output is not None or not sys.stdout.isatty()))
    out = (open(args.output, "a" if args.resume else "w", encoding="utf-8") if args.output
           else sys.stdout)
    try:
        with _progress(show) as progress:
            meter = _Meter(progress, "extracting")
            for result in pipeline.run(items):
                meter.advance()
                if isinstance(result, RelatoError):
                    failures += _counts_as_failure(result.code)
                    if show:
                        progress.console.print(f"relato: error: {result.one_line()}",
                                               style="dim", highlight=False, markup=False)
                    else:
                        _error(result.one_line())
                    continue
                if pretty is not None:
                    pretty(result)
                else:
                    out.write(result.model_dump_json(exclude_none=False) + "\n")
                    out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_ITEM_ERRORS if failures else EXIT_OK


def cmd_status(args) -> int:
    pipeline = _pipeline(args)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    cache: dict[tuple[str, str | None], list] = {}
    lines = []
    failures = 0
    with open(args.file, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text, (start, end) = record["text"], record["trigger"]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                failures += 1
                _error(f"{args.file}:{number}: not a status line ({exc})")
                continue
            lines.append(record)
            cache.setdefault((text, record.get("lang") or args.lang), []).append(
                (int(start), int(end)))
    decided: dict[tuple[str, str | None, int, int], str] = {}
    for (text, lang), spans in cache.items():
        try:
            statuses = pipeline.statuses(text, lang, spans, args.published)
        except RelatoError as exc:
            failures += 1
            _error(exc.one_line())
            continue
        for (start, end), status in zip(spans, statuses, strict=True):
            decided[(text, lang, start, end)] = status
    for record in lines:
        key = (record["text"], record.get("lang") or args.lang, *map(int, record["trigger"]))
        if key in decided:
            out.write(json.dumps({**record, "status": decided[key]}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()
    return EXIT_ITEM_ERRORS if failures else EXIT_OK


def cmd_eval(args) -> int:
    from relato.evaluate import evaluate_files, format_table

    try:
        report = evaluate_files(args.kind, args.reference, args.prediction)
    except (OSError, ValueError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_table(report))
    return EXIT_OK


def cmd_ingest(args) -> int:
    """Extract and store articles; each one stored, skipped (and why) or failed (and why).
    With workers, they extract and this process alone writes the store."""
    from relato.store import Store

    terminal = sys.stderr.isatty()
    pipeline = _pipeline(args)
    with Store(args.db) as store, _progress(not args.quiet and terminal) as progress:
        meter = _Meter(progress, "ingesting")

        def on_item(item: str, outcome: str) -> None:
            rate = meter.advance()
            done = meter.done
            if args.quiet:
                return
            if outcome not in ("stored", "failed"):
                message = f"skipped {item}: {outcome}"
                if terminal:
                    progress.console.print(message, style="dim", highlight=False)
                else:
                    print(message, file=sys.stderr)
            if not terminal and meter.line_due():
                print(f"ingesting: {done} articles, {rate}", file=sys.stderr, flush=True)

        report = store.ingest_articles(_items(args, pipeline), pipeline, on_item=on_item)
    failed = False
    for item, reason in report.failed:
        _error(reason if reason.startswith(item) else f"{item}: {reason}")
        failed = failed or _counts_as_failure(reason.rpartition("[")[2].rstrip("]"))
    print(f"{args.db}: {report.summary()}", file=sys.stderr)
    return EXIT_ITEM_ERRORS if failed else EXIT_OK


def cmd_export(args) -> int:
    from relato.store import Store

    with Store(args.db, read_only=True) as store:
        count = store.export(args.format, args.output)
    print(f"{args.output}: {count} event mentions", file=sys.stderr)
    return EXIT_OK


def cmd_query(args) -> int:
    import csv

    from relato.store import Store

    with Store(args.db, read_only=True) as store:
        columns, rows = store.query(args.sql)
    writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    if columns:
        writer.writerow(columns)
    writer.writerows(rows)
    return EXIT_OK


def cmd_serve(args) -> int:
    import uvicorn

    from relato.api import create_app
    from relato.settings import load_settings
    from relato.store import Store

    settings = load_settings(_models(args.model))
    from relato.pipeline import Pipeline

    store = Store(args.db)
    app = create_app(store, Pipeline(settings), token=settings.token,
                     max_request_bytes=settings.max_request_bytes)
    print(f"relato: serving {args.db} on http://{args.host}:{args.port} "
          f"(writing {'needs the token' if settings.token else 'disabled: no token'})",
          file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        store.close()
    return EXIT_OK


def cmd_spark(args) -> int:
    try:
        from relato import spark
    except ImportError:
        _error("relato spark needs the spark extra: pip install 'relato[spark]'")
        return EXIT_USAGE
    argv = [args.input, args.output] + (["--master", args.master] if args.master else [])
    return spark.main(argv)


def cmd_schema(args) -> int:
    from relato.schema import record_json_schema

    print(json.dumps(record_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relato",
        description="News articles in, sourced event records out (French, English, Spanish).",
    )
    parser.add_argument("--version", action="version", version=f"relato {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def model_option(p):
        p.add_argument("--model", action="append", metavar="LANG=PIPELINE",
                       help="spaCy pipeline for a language, e.g. fr=fr_core_news_lg "
                            "(also RELATO_MODEL_FR or a settings file)")

    def db_option(p):
        p.add_argument("--db", default="relato.duckdb", help="the store (a DuckDB file)")

    paths_help = (".txt, .html, .json, .jsonl, .warc, .rss, .atom, .parquet files (.gz too), "
                  "folders, http(s) URLs of feeds or pages; - for stdin")

    def input_options(p):
        p.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
        p.add_argument("--lang", help="language of the articles (fr, en, es); else detected")
        p.add_argument("--published", help="publication date YYYY-MM-DD, for relative dates")
        p.add_argument("--text-column", default="text", metavar="NAME",
                       help="Parquet: the column holding the article text (default: text)")
        p.add_argument("--id-column", default="id", metavar="NAME",
                       help="Parquet: the column holding article ids (default: id; without "
                            "one, FILE-ROW); title, published, url, lang are read when there")
        p.add_argument("--workers", type=int, default=1, metavar="N",
                       help="extract in N processes (0: one per core; default 1)")

    extract = sub.add_parser("extract", help="extract records from articles")
    input_options(extract)
    extract.add_argument("--pretty", action="store_true", help="a readable view instead of JSON")
    extract.add_argument("-o", "--output", help="write JSON lines to this file")
    extract.add_argument("--resume", action="store_true",
                         help="with -o: skip the articles already in FILE, append the others")
    model_option(extract)
    extract.set_defaults(func=cmd_extract)

    status = sub.add_parser("status", help="decide the status of the events of a status file")
    status.add_argument("file", help="a *.status.jsonl task file")
    status.add_argument("--lang", help="language when the lines do not say")
    status.add_argument("--published", help="publication date YYYY-MM-DD")
    status.add_argument("-o", "--output")
    model_option(status)
    status.set_defaults(func=cmd_status)

    evaluate = sub.add_parser("eval", help="score predictions against reference data")
    evaluate.add_argument("kind", choices=["events", "quotes", "sentences", "status", "places"])
    evaluate.add_argument("reference")
    evaluate.add_argument("prediction")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.set_defaults(func=cmd_eval)

    ingest = sub.add_parser("ingest", help="extract articles and add them to a store")
    input_options(ingest)
    db_option(ingest)
    ingest.add_argument("-q", "--quiet", action="store_true", help="no progress, no skips")
    model_option(ingest)
    ingest.set_defaults(func=cmd_ingest)

    export = sub.add_parser("export", help="write the stored events to a file")
    db_option(export)
    export.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(func=cmd_export)

    query = sub.add_parser("query", help="run read-only SQL on a store (tab-separated out)")
    query.add_argument("sql")
    db_option(query)
    query.set_defaults(func=cmd_query)

    serve = sub.add_parser("serve", help="the HTTP API and web page over a store")
    db_option(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    model_option(serve)
    serve.set_defaults(func=cmd_serve)

    spark = sub.add_parser("spark", help="run the pipeline on Spark, Parquet out by date")
    spark.add_argument("input", help="files or folder, any path Spark reads (hdfs://, s3a://)")
    spark.add_argument("output", help="Parquet folder, partitioned by publication date")
    spark.add_argument("--master", help="Spark master, e.g. local[4] (default: local)")
    spark.set_defaults(func=cmd_spark)

    schema = sub.add_parser("schema", help="print the JSON Schema of output records")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "published", None):
        from datetime import date

        try:
            date.fromisoformat(args.published)
        except ValueError:
            _error(f"--published: not a date YYYY-MM-DD: {args.published!r}")
            return EXIT_USAGE
    try:
        return args.func(args)
    except RelatoError as exc:
        _error(exc.one_line())
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
