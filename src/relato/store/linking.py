"""The same event told by several articles: which stored event an article's event is.

Two mentions are the same event when they have the same type, do not contradict each other
(another actor, another target, another date, another country) and share something
positive: a participant, a place, or a date. Participants match by their normalised name
or, for unnamed ones, by country and sector, so "les États-Unis", "the U.S." and "EE.UU."
all meet as the United States.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relato.schema import Actor, Event

# what a later report says wins: the status history ends with the newest article
STATUS_ORDER = ("considered", "hypothetical", "threatened", "planned", "negated", "ongoing",
                "occurred")


@dataclass
class StoredEvent:
    id: int
    type: str
    date: str | None
    place_country: str | None
    actors: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    targets: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def participant_key(actor: Actor) -> tuple[str, str | None, str | None]:
    return (actor.name.lower(), actor.country, actor.sector)


def _same_participant(a: tuple, b: tuple) -> bool:
    if a[0] == b[0]:
        return True
    return a[1] is not None and a[2] is not None and (a[1], a[2]) == (b[1], b[2])


def _overlap(new: list[tuple], old: list[tuple]) -> int | None:
    """Shared participants; None when both name some and none of them match."""
    if not new or not old:
        return 0
    shared = sum(1 for a in new if any(_same_participant(a, b) for b in old))
    return shared or None


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def match_score(event: Event, stored: StoredEvent) -> int | None:
    """How surely `event` is `stored` (higher is surer), or None if it is not."""
    if event.type != stored.type:
        return None
    actors = _overlap([participant_key(a) for a in event.actors], stored.actors)
    targets = _overlap([participant_key(t) for t in event.targets], stored.targets)
    if actors is None or targets is None or not _dates_agree(event.date, stored.date):
        return None
    country = event.place.country if event.place else None
    if country and stored.place_country and country != stored.place_country:
        return None
    same_place = bool(country and country == stored.place_country)
    same_date = bool(event.date and stored.date and _dates_agree(event.date, stored.date))
    score = 2 * actors + 2 * targets + int(same_place) + int(same_date)
    return score or None


def best_match(event: Event, candidates: list[StoredEvent]) -> StoredEvent | None:
    scored = [(match_score(event, c), c) for c in candidates]
    scored = [(s, c) for s, c in scored if s is not None]
    if not scored:
        return None
    return max(scored, key=lambda pair: (pair[0], -pair[1].id))[1]
