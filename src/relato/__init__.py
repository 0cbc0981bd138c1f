"""relato: news articles in, sourced event records out.

    >>> import relato
    >>> record = relato.process({"id": "a1", "text": "...", "lang": "en"})

Nothing heavy happens at import time: spaCy pipelines load on first use.
"""

from __future__ import annotations

from relato.schema import SCHEMA_VERSION, Article, Event, Quote, Record, Source

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Article", "Event", "Quote", "Record", "Source", "process",
           "__version__"]


def process(article, **options) -> Record:
    """Extract one article (an Article, a dict with its fields, or a plain text)."""
    from relato.pipeline import Pipeline

    return Pipeline.default(**options).process(article)
