"""Runs the stages in order over parsed articles, one language pipeline per language.

`Pipeline.process` handles one article; `Pipeline.run` a stream, parsing with spaCy's
`nlp.pipe` in batches and yielding, for each input item, a Record or the RelatoError that
explains why it has none — a batch never stops for one bad article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from relato.errors import InvalidArticle, RelatoError
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


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


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
                            published=_published(article.published), warnings=list(warnings),
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
                            published=_published(article.published), text=article.text)
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
