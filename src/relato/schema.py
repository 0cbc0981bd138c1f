"""The record format of FORMAT.md as typed models. Every span is a [start, end) character
offset pair into the article text, so each field can be checked against the words it claims."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

Status = Literal[
    "occurred", "ongoing", "planned", "considered", "threatened", "hypothetical", "negated"
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]

Sector = Literal[
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "CRM", "REB", "OPP", "PTY", "MED", "BUS", "CVL",
    "NGO", "IGO",
]
SECTORS: tuple[str, ...] = Sector.__args__  # type: ignore[attr-defined]

SourceKind = Literal["media", "person", "organization", "document"]
EntityType = Literal["PER", "ORG", "LOC", "GPE", "MISC"]

Span = tuple[int, int]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Actor(Model):
    name: str
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    sector: Sector | None = None
    wikidata: str | None = Field(None, pattern=r"^Q\d+$")
    mention: str | None = Field(None, description="the words naming the actor here")
    span: Span | None = Field(None, description="where `mention` stands in the text")


class Place(Model):
    name: str
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    mention: str | None = None
    span: Span | None = None


class Source(Model):
    name: str | None = None
    kind: SourceKind = "person"
    anonymous: bool = False
    count: int | None = None
    country: str | None = None
    role: str | None = None
    former: bool | None = None
    mention: str | None = None
    span: Span | None = None

    def same_as(self, other: Source) -> bool:
        """The same source, wherever the article names it."""
        return (self.name, self.anonymous, self.count, self.former, self.country) == (
            other.name, other.anonymous, other.count, other.former, other.country)


class Event(Model):
    type: EventType
    mode: list[str] = Field(default_factory=list)
    status: Status = "occurred"
    actors: list[Actor] = Field(default_factory=list)
    targets: list[Actor] = Field(default_factory=list)
    place: Place | None = None
    date: str | None = Field(
        None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
    )
    sources: list[Source] = Field(default_factory=list)
    trigger: str
    trigger_span: Span | None = None
    evidence: list[Span] = Field(default_factory=list)
    status_cue: str | None = Field(None, description="the words that decided the status")
    status_span: Span | None = None
    date_text: str | None = None
    date_span: Span | None = None


class Quote(Model):
    speaker: Source | None = None
    text: str
    span: Span
    fragments: list[Span] | None = Field(
        None, description="the spoken parts when an incise cuts the quote ('X said')")
    direct: bool
    cue: str | None = None
    cue_span: Span | None = None


class Entity(Model):
    span: Span
    text: str
    type: EntityType
    name: str
    country: str | None = None
    sector: Sector | None = None
    wikidata: str | None = None


class PlaceMention(Model):
    span: Span
    text: str
    name: str
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


class Article(Model):
    """An input article; `lang` null means detect it."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    lang: str | None = None
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = None
    url: str | None = None


class Record(Model):
    """One article with everything relato found in it."""

    schema_version: str = SCHEMA_VERSION
    id: str
    lang: str | None
    published: str | None = None
    title: str | None = None
    text: str
    url: str | None = None
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


def record_json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$id"] = f"https://relato.invalid/schema/record-{SCHEMA_VERSION}.json"
    schema["title"] = "relato Record"
    return schema
