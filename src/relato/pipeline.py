"""Runs the stages in order over parsed articles, one language pipeline per language.

`Pipeline.process` handles one article; `Pipeline.run` a stream, parsing with spaCy's
`nlp.pipe` in batches and yielding, for each input item, a Record or the RelatoError that
explains why it has none — a batch never stops for one bad article. `ParallelPipeline`
does the same over several worker processes; `resume_output` lets an extraction to a file
go on where a stopped one ended."""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from relato.errors import InternalError, InvalidArticle, NoWords, RelatoError
from relato.ingest import Defaults, check_lang, detect_language, make_article
from relato.lang import load_lang
from relato.nlp import get_nlp, parse_text
from relato.schema import Article, Record
from relato.settings import Settings, load_settings
from relato.stages.assemble import assemble, merge_events
from relato.stages.commitments import find_commitments
from relato.stages.context import Analysis
from relato.stages.dates import attach_dates, find_dates
from relato.stages.entities import find_entities
from relato.stages.events import find_events
from relato.stages.places import find_places, place_events
from relato.stages.quotes import find_quotes
from relato.stages.sources import find_sources
from relato.stages.status import decide_status

STAGES = (
    find_entities,
    find_dates,  # before events: "March" in a date is not a march
    find_events,
    find_quotes,
    find_sources,
    attach_dates,  # before statuses: a date after publication is not yet past
    decide_status,
    find_commitments,  # after statuses and sources: what the actor said it will do
    find_places,
    place_events,
    merge_events,
)


def published_date(value: str | None) -> date | None:
    """The date part of an article's `published`, or None when it is no date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_WORD = re.compile(r"[^\W\d_]{2,}")
MIN_WORDS = 3


def has_words(text: str) -> bool:
    """At least a few words of letters once links and addresses are set aside."""
    return len(_WORD.findall(_LINK.sub(" ", text), 0)) >= MIN_WORDS if text else False


class Pipeline:
    def __init__(self, settings: Settings | None = None, batch_size: int = 16) -> None:
        self.settings = settings or load_settings()
        self.batch_size = batch_size

    @classmethod
    def default(cls, models: dict[str, str] | None = None, **options) -> Pipeline:
        return cls(load_settings(models), **options)

    # -- preparing ---------------------------------------------------------------------
    def prepare(self, article: Article | dict | str, item: str | None = None
                ) -> tuple[Article, list[str]]:
        """Validate, pick the language and cut over-long texts (with a warning)."""
        if isinstance(article, str):
            article = {"id": item or "text", "text": article}
        if isinstance(article, dict):
            article = make_article(article, item or str(article.get("id")), Defaults())
        if not isinstance(article, Article):
            raise InvalidArticle("not an article", item)
        if not has_words(article.text):
            raise NoWords("nothing to read: only numbers, links or symbols",
                          item or article.id)
        warnings = []
        if article.lang is None:
            article = article.model_copy(update={"lang": detect_language(article.text)})
            warnings.append(f"language detected: {article.lang}")
        check_lang(article.lang, item or article.id)
        limit = self.settings.max_chars
        if len(article.text) > limit:
            cut = article.text.rfind("\n", 0, limit)
            cut = cut if cut > limit // 2 else limit
            warnings.append(f"text cut at {cut} of {len(article.text)} characters "
                            f"(limit {limit})")
            article = article.model_copy(update={"text": article.text[:cut]})
        return article, warnings

    def nlp_for(self, lang: str):
        return get_nlp(self.settings.model_for(lang))

    # -- running -----------------------------------------------------------------------
    def analyse(self, article: Article, doc, warnings: list[str]) -> Record:
        analysis = Analysis(article=article, doc=doc, lang=load_lang(article.lang),
                            published=published_date(article.published), warnings=list(warnings),
                            text=article.text)
        for stage in STAGES:
            stage(analysis)
        return assemble(analysis)

    def statuses(self, text: str, lang: str | None, spans: list[tuple[int, int]],
                 published: str | None = None) -> list[str]:
        """The status relato gives the event word at each span of one text."""
        from relato.stages.status import statuses_of_words

        article, _warnings = self.prepare({"id": "status", "text": text, "lang": lang,
                                           "published": published})
        doc = self.nlp_for(article.lang)(parse_text(article.text))
        analysis = Analysis(article=article, doc=doc, lang=load_lang(article.lang),
                            published=published_date(article.published), text=article.text)
        for stage in (find_entities, find_dates):
            stage(analysis)
        return statuses_of_words(analysis, spans)

    def process(self, article: Article | dict | str) -> Record:
        prepared, warnings = self.prepare(article)
        doc = self.nlp_for(prepared.lang)(parse_text(prepared.text))
        return self.analyse(prepared, doc, warnings)

    def run(self, items: Iterable[Article | RelatoError]) -> Iterator[Record | RelatoError]:
        """Records (or errors) in input order; articles are parsed in batches per language."""
        batch: list[tuple[Article, list[str]] | RelatoError] = []
        for item in items:
            if isinstance(item, RelatoError):
                batch.append(item)
            else:
                name = item.id if isinstance(item, Article) else (
                    str(item.get("id")) if isinstance(item, dict) else None)
                try:
                    batch.append(self.prepare(item, name))
                except RelatoError as exc:
                    batch.append(exc)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch) -> Iterator[Record | RelatoError]:
        results: dict[int, Record | RelatoError] = {}
        by_lang: dict[str, list[int]] = {}
        for index, entry in enumerate(batch):
            if isinstance(entry, RelatoError):
                results[index] = entry
            else:
                by_lang.setdefault(entry[0].lang, []).append(index)
        for lang, indices in by_lang.items():
            try:
                nlp = self.nlp_for(lang)
            except RelatoError as exc:
                for index in indices:
                    results[index] = exc
                continue
            texts = (parse_text(batch[i][0].text) for i in indices)
            for index, doc in zip(indices, nlp.pipe(texts, batch_size=self.batch_size),
                                  strict=True):
                article, warnings = batch[index]
                results[index] = self.analyse(article, doc, warnings)
        for index in range(len(batch)):
            yield results[index]


# -- several processes -------------------------------------------------------------------
_WORKER: Pipeline | None = None  # the pipeline of a worker process, made once


def _start_worker(settings: Settings, batch_size: int, preload: tuple[str, ...] = ()) -> None:
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER = Pipeline(settings, batch_size=batch_size)
    for lang in preload:  # load these models now rather than at the first article
        _WORKER.nlp_for(lang)


def _run_in_worker(chunk: list) -> list[Record | RelatoError]:
    assert _WORKER is not None, "worker not started"
    return run_isolated(_WORKER, chunk)


def run_isolated(pipeline: Pipeline, chunk: list) -> list[Record | RelatoError]:
    """`pipeline.run` over a chunk; should an article break it (a bug), the chunk is run
    again one article at a time so that only that article fails, with the reason."""
    try:
        return list(pipeline.run(chunk))
    except Exception:  # noqa: BLE001 - narrowed below to the article that raised
        results: list[Record | RelatoError] = []
        for item in chunk:
            try:
                results.extend(pipeline.run([item]))
            except Exception as exc:  # noqa: BLE001
                results.append(InternalError(f"extraction failed: {type(exc).__name__}: "
                                             f"{exc}", _name_of(item)))
        return results


def _name_of(item) -> str | None:
    if isinstance(item, RelatoError):
        return item.item
    if isinstance(item, Article):
        return item.id
    return str(item.get("id")) if isinstance(item, dict) else None


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ParallelPipeline:
    """`Pipeline.run` over several worker processes on one machine.

    Each worker makes its Pipeline once (spaCy pipelines are loaded once per process, at
    the first article of each language) and runs chunks of `chunk_size` items, batching
    them through `nlp.pipe` as `Pipeline.run` does. Results come back in input order, the
    same records as one process gives. At most `2 × workers` chunks are out at a time, so
    memory stays flat on inputs of any size. A worker that dies (killed, out of memory)
    is replaced and the unfinished chunks are run again one at a time: one that kills its
    worker then has each of its articles reported as failed, the others go on."""

    def __init__(self, settings: Settings | None = None, workers: int = 2,
                 chunk_size: int = 8, batch_size: int = 16, preload: tuple[str, ...] = (),
                 keep_workers: bool = False) -> None:
        self.settings = settings or load_settings()
        self.workers = workers if workers > 0 else default_workers()
        self.chunk_size = chunk_size
        self.batch_size = batch_size
        self.preload = tuple(preload)  # languages each worker loads as it starts
        self.keep_workers = keep_workers  # one pool for every run() until close()
        self._kept = None

    def close(self) -> None:
        """Stop the workers kept between runs."""
        if self._kept is not None:
            self._kept.shutdown(wait=True, cancel_futures=True)
            self._kept = None

    def _pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods
                                              else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["relato.pipeline"])  # imported once, then forked
        return ProcessPoolExecutor(self.workers, mp_context=context,
                                   initializer=_start_worker,
                                   initargs=(self.settings, self.batch_size, self.preload))

    def run(self, items: Iterable[Article | RelatoError]) -> Iterator[Record | RelatoError]:
        """Records (or errors) in input order, extracted by the worker processes."""
        from concurrent.futures.process import BrokenProcessPool

        pool = self._kept or self._pool()
        pending: deque[list] = deque()  # [chunk, future or None (to run again), alone]
        finished = False

        def succeeded(future) -> bool:
            return (future is not None and future.done() and not future.cancelled()
                    and future.exception() is None)

        def collect() -> list[Record | RelatoError]:
            nonlocal pool
            while True:
                entry = pending[0]
                if entry[1] is None:  # a worker died: run again, alone, to know the cause
                    entry[1], entry[2] = pool.submit(_run_in_worker, entry[0]), True
                try:
                    results = entry[1].result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._pool()
                    for waiting in pending:
                        if not succeeded(waiting[1]):
                            waiting[1] = None
                    if not entry[2]:
                        continue
                    pending.popleft()  # it killed a worker running alone: it is the cause
                    return [item if isinstance(item, RelatoError) else InternalError(
                        "a worker process died while extracting it", _name_of(item))
                        for item in entry[0]]
                pending.popleft()
                return results

        def submit(chunk: list) -> Iterator[Record | RelatoError]:
            # at most 2 chunks a worker out at a time; none while some must run again alone
            while pending and (len(pending) >= 2 * self.workers
                               or any(entry[1] is None for entry in pending)):
                yield from collect()
            pending.append([chunk, pool.submit(_run_in_worker, chunk), False])

        try:
            chunk: list = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= self.chunk_size:
                    yield from submit(chunk)
                    chunk = []
            if chunk:
                yield from submit(chunk)
            while pending:
                yield from collect()
            finished = True
        finally:
            if finished and self.keep_workers:
                self._kept = pool
            else:
                self._kept = None
                pool.shutdown(wait=finished, cancel_futures=True)
                if not finished:  # stopped early (Ctrl-C, an error): leave the chunks
                    _terminate(pool)


def _terminate(pool) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def make_runner(settings: Settings | None = None, workers: int = 1,
                batch_size: int = 16) -> Pipeline | ParallelPipeline:
    """What runs the articles: this process for 1 worker, a process pool for more (0: one
    per core). Both have `run(items)` and give the same records in the same order."""
    if workers == 0:
        workers = default_workers()
    if workers <= 1:
        return Pipeline(settings, batch_size=batch_size)
    return ParallelPipeline(settings, workers=workers, batch_size=batch_size)


# -- resuming ----------------------------------------------------------------------------
def resume_output(path: str | os.PathLike) -> set[str]:
    """The ids of the records already in a JSON-lines output file, for a run that goes on
    where a stopped one ended. A last line cut short (a killed run) is removed from the
    file, so that its article is extracted and written again, whole. Any other line that
    is not a record means the file is not relato's output: refused, nothing changed."""
    done: set[str] = set()
    file = Path(path)
    if not file.exists():
        return done
    keep = 0  # bytes of whole lines
    cut = False
    with open(file, "rb") as handle:
        lines = handle.readlines()
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        try:
            record = json.loads(line)
            article_id = record["id"] if isinstance(record, dict) else None
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError):
            article_id = None
        if article_id is None or not line.endswith(b"\n"):
            if last:
                cut = True
                break
            raise RelatoError(f"line {number} is not a relato record: not resuming", str(file))
        done.add(str(article_id))
        keep += len(line)
    if cut:
        with open(file, "r+b") as handle:
            handle.truncate(keep)
    return done
