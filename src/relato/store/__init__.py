"""relato's store: articles, events across articles, stories, in one DuckDB file."""

from relato.store.core import DEFAULT_PATH, IngestReport, ReadOnlyQuery, Store, StoreError

__all__ = ["DEFAULT_PATH", "IngestReport", "ReadOnlyQuery", "Store", "StoreError"]
