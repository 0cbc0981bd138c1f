"""Commitments and refusals: an actor that states its own intention to act, or not to act,
makes a verbal act of its own.

PLOVER 2.0 codes the statement "X is willing to withdraw its troops" or "X said it will
release the hostages" as AGREE (a promise to do something cooperative) and "X says it will
begin an offensive" as THREATEN (an announced hostile act), beside the act itself, which
keeps its own status (planned, or whatever its words say). The statement is an event of
its own: it happened, when the article says the actor made it.

Two ways an actor commits itself:
- a commitment word governs the act ("willing to", "prêt à", "dispuesto a", "pledged to");
- the act is planned, and the article's source for it is the actor itself ("X said it
  will ...");
- a meeting is planned between two named parties ("X will meet Y on Tuesday").

And "X will not lift the ban", a cooperative act the actor says it will not do, is a
refusal (REJECT); "X says Y must end the attacks" is X's demand of Y (REQUEST).
"""

from __future__ import annotations

from spacy.tokens import Token

from relato.schema import Actor
from relato.stages.context import Analysis, EventDraft

# what the promise of each type of act is
COOPERATIVE = {"AID", "SUPPORT", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE"}


def _commitment_word(event: EventDraft, analysis: Analysis) -> Token | None:
    """The word of `event`'s governors that commits its subject, if one does."""
    words = analysis.lang.commitment_words
    for governor in event.governors:
        if governor.lemma_.lower() in words or governor.lower_ in words:
            return governor
    return None


def _self_announced(event: EventDraft) -> bool:
    """A planned act whose source is its own actor: "Farc said it will release ..."."""
    if event.status != "planned" or not event.actors:
        return False
    names = {a.name for a in event.actors}
    return any(s.name in names and not s.anonymous for s in event.sources)


def _arranged_meeting(event: EventDraft) -> bool:
    """"X will meet Y next week": a meeting two parties have set is one they agreed to."""
    return event.type == "CONSULT" and event.status == "planned" and bool(event.targets)


def _refused(event: EventDraft, analysis: Analysis) -> bool:
    """"X will not lift the ban", "Hungary says it won't accept them": a cooperative act
    the actor says it will not do is a refusal."""
    if event.status != "negated" or not event.actors:
        return False
    verb = next((t for t in [event.head, *event.governors] if t.pos_ in ("VERB", "AUX")),
                None)
    if verb is None:
        return False
    if verb.morph.get("Tense") == ["Fut"] or verb.morph.get("Mood") == ["Cnd"]:
        return True
    return any(c.dep_.startswith("aux") and c.lemma_.lower() in analysis.lang.future_aux
               for c in verb.children)


def _statement_type(event: EventDraft) -> str | None:
    if event.type in COOPERATIVE:
        return "AGREE"
    if event.type in HOSTILE:
        return "THREATEN"
    return None


def _obligation_word(event: EventDraft, analysis: Analysis) -> Token | None:
    """"must", "should", "doit", "debe": what someone says another has to do."""
    words = analysis.lang.obligation_words
    verbs = [t for t in [event.head, *event.governors] if t.pos_ in ("VERB", "AUX")][:2]
    for verb in verbs:
        if verb.lemma_.lower() in words and verb is not event.head:
            return verb
        for child in verb.children:
            if child.dep_.startswith("aux") and child.lemma_.lower() in words:
                return child
    return None


def _speaker_actors(event: EventDraft, analysis: Analysis) -> list[Actor]:
    """The named sources of an event, as the actors of what they said."""
    found = []
    for source in event.sources:
        if source.anonymous or not source.name:
            continue
        known = next((a for a in analysis.actors.values() if a.span == source.span), None)
        found.append(known or Actor(name=source.name, country=source.country,
                                    mention=source.mention, span=source.span))
    return found


def _demand(event: EventDraft, analysis: Analysis) -> EventDraft | None:
    """"Russia says Israel must end its attacks": a demand by the speaker of the one
    who must act (REQUEST)."""
    word = _obligation_word(event, analysis)
    if word is None or event.type == "REQUEST":
        return None
    speakers = _speaker_actors(event, analysis)
    names = {a.name for a in speakers}
    if not speakers or names & {a.name for a in event.actors}:
        return None
    demand = _statement(event, "REQUEST", [word])
    demand.actors, demand.targets = speakers, list(event.actors)
    return demand


def _statement(event: EventDraft, kind: str, trigger: list[Token]) -> EventDraft:
    """The statement an actor made about its own act: made, where the act is told."""
    spans = [(t.idx, t.idx + len(t)) for t in trigger] + event.evidence[:1]
    return EventDraft(
        type=kind, modes=[], trigger=trigger, head=trigger[0], actors=list(event.actors),
        targets=list(event.targets), status="occurred", sources=list(event.sources),
        evidence=[(min(s[0] for s in spans), max(s[1] for s in spans))],
        own_voice=event.own_voice)


def find_commitments(analysis: Analysis) -> None:
    """Add the promise or the threat an actor made by stating its own intention."""
    found = []
    for event in analysis.events:
        demand = _demand(event, analysis)
        if demand is not None:
            found.append(demand)
            continue
        if event.type in COOPERATIVE | {"AGREE"} and _refused(event, analysis):
            found.append(_statement(event, "REJECT", event.trigger))
            continue
        kind = _statement_type(event)
        if kind is None or not event.actors:
            continue
        word = _commitment_word(event, analysis)
        if word is None and not _self_announced(event) and not _arranged_meeting(event):
            continue
        found.append(_statement(event, kind, [word] if word is not None else event.trigger))
    analysis.events.extend(found)
