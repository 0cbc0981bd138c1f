"""What the stages share for one article: the parse, the language data, and each stage's
findings, so a later stage reads an earlier one's results instead of recomputing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from relato.lang import LangData
from relato.schema import Actor, Article, Entity, Place, PlaceMention, Quote, Source


@dataclass
class DateMention:
    span: tuple[int, int]
    text: str
    value: str
    head: int  # token index the expression hangs from


@dataclass
class EventDraft:
    type: str
    modes: list[str]
    trigger: list[Token]
    head: Token
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    status: str = "occurred"
    status_cue: Span | None = None
    status_from_mood: bool = False
    sources: list[Source] = field(default_factory=list)
    place: Place | None = None
    date: DateMention | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    governors: list[Token] = field(default_factory=list)
    tense_hint: str | None = None  # "Fut"/"Cnd" read from the ending of a mis-tagged verb
    own_voice: bool = False  # a merged mention is stated by the article itself
    merged: list[EventDraft] = field(default_factory=list)

    @property
    def sentence(self) -> Span:
        return self.head.sent

    @property
    def trigger_span(self) -> tuple[int, int]:
        return (self.trigger[0].idx, self.trigger[-1].idx + len(self.trigger[-1].text))

    @property
    def trigger_text(self) -> str:
        return self.head.doc[self.trigger[0].i: self.trigger[-1].i + 1].text


@dataclass
class Analysis:
    article: Article
    doc: Doc
    lang: LangData
    published: date | None
    entities: list[Entity] = field(default_factory=list)
    actors: dict[int, Actor] = field(default_factory=dict)  # NP head token -> actor
    places: list[PlaceMention] = field(default_factory=list)
    place_tokens: dict[int, PlaceMention] = field(default_factory=dict)
    dates: list[DateMention] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tense_hints: dict[int, str] = field(default_factory=dict)
    text: str = ""  # the doc's text, computed once (spaCy rebuilds it at every access)
    resolver: Any = None  # the entities stage's ActorResolver, for later stages' lookups
    paragraph_breaks: list[int] | None = None  # offsets of the line breaks, once
    trigger_heads: set[int] = field(default_factory=set)  # words found to state events
    dateline_end: int = 0  # "JERUSALEM (AP) --": where the story was filed is no actor

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.doc.text

    def actor_at(self, token: Token | None) -> Actor | None:
        return None if token is None else self.actors.get(token.i)
