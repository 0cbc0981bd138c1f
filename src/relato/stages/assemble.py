"""Assembly: mentions of one event become one event, then drafts become records.

Two mentions are one event when they have the same type, compatible participants (the same
actor or target by name or by country and sector, and nothing contradicting), compatible
status and dates. A demonstrative mention ("ces attaques", "these strikes") refers back to
the latest event of its type."""

from __future__ import annotations

from relato.schema import Actor, Event, Record
from relato.stages.context import Analysis, EventDraft
from relato.stages.places import places_of_the_story


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.name.lower() == b.name.lower():
        return True
    return bool(a.country and a.sector and a.country == b.country and a.sector == b.sector)


def _compatible_actor(a: Actor, b: Actor) -> bool:
    if _same_actor(a, b):
        return True
    if a.sector and b.sector and a.sector != b.sector:
        return False
    return not (a.country and b.country and a.country != b.country) and bool(
        a.sector and a.sector == b.sector)


def _less_specific(a: Actor, b: Actor) -> bool:
    """`a` says less than `b` and nothing against it (same sector, no country of its own)."""
    return a.country is None and b.country is not None and a.sector == b.sector


def _lists_compatible(xs: list[Actor], ys: list[Actor]) -> bool:
    if not xs or not ys:
        return True
    return all(any(_compatible_actor(x, y) for y in ys) for x in xs) or all(
        any(_compatible_actor(x, y) for x in xs) for y in ys)


def _shares_participant(a: EventDraft, b: EventDraft) -> bool:
    return any(_same_actor(x, y) for x in a.actors for y in b.actors) or any(
        _same_actor(x, y) for x in a.targets for y in b.targets)


def _status_compatible(a: EventDraft, b: EventDraft) -> bool:
    return a.status == b.status or a.status_from_mood or b.status_from_mood


def _dates_compatible(a: EventDraft, b: EventDraft) -> bool:
    return a.date is None or b.date is None or a.date.value == b.date.value


def _is_anaphoric(event: EventDraft) -> bool:
    return event.head.pos_ == "NOUN" and any(
        "PronType=Dem" in str(c.morph) for c in event.head.children if c.dep_ == "det")


def same_event(a: EventDraft, b: EventDraft) -> bool:
    if a.type != b.type or not _status_compatible(a, b) or not _dates_compatible(a, b):
        return False
    if not (_lists_compatible(a.actors, b.actors) and _lists_compatible(a.targets, b.targets)):
        return False
    if _shares_participant(a, b):
        return True
    # a later mention with no actor of its own joins an event of its report that has one
    return (a.actors and not b.actors) and any(
        _compatible_actor(x, y) for x in a.targets for y in b.targets) and bool(
        {s.name for s in a.sources} & {s.name for s in b.sources})


def _absorb(into: EventDraft, other: EventDraft, anaphoric: bool = False) -> None:
    """Fold a mention into an event; a mention that only refers back ("ces attaques", in
    someone's quote) adds its words as evidence but not its speaker as a source."""
    into.merged.append(other)
    into.evidence += [span for span in other.evidence if span not in into.evidence]
    for actor in other.actors:
        if not any(_same_actor(actor, a) for a in into.actors):
            into.actors.append(actor)
    for target in other.targets:
        # "des capos" adds nothing to "les cartels mexicains" it already has
        if not any(_same_actor(target, t) or _less_specific(target, t) for t in into.targets):
            into.targets.append(target)
    if not anaphoric:
        if not other.sources or not into.sources:
            # the article states the event in its own voice somewhere: no attribution
            into.sources = []
            into.own_voice = True
        elif not into.own_voice:
            for source in other.sources:
                if not any(source.same_as(s) for s in into.sources):
                    into.sources.append(source)
    if into.status_from_mood and not other.status_from_mood:
        into.status, into.status_cue, into.status_from_mood = (
            other.status, other.status_cue, False)
    into.place = into.place or other.place
    into.date = into.date or other.date
    for mode in other.modes:
        if mode not in into.modes:
            into.modes.append(mode)


def merge_events(analysis: Analysis) -> None:
    merged: list[EventDraft] = []
    for event in analysis.events:
        if _is_anaphoric(event):
            earlier = next((e for e in reversed(merged) if e.type == event.type), None)
            if earlier is not None:
                _absorb(earlier, event, anaphoric=True)
                continue
        for earlier in merged:
            if same_event(earlier, event):
                _absorb(earlier, event)
                break
        else:
            merged.append(event)
    # an event is an act of someone or on someone, or a happening the text places or dates
    # ("la protesta se realizó frente a la planta"), or one a clause states ("marcharon
    # por las calles"), or a protest: a bare noun with none of these ("la coopération")
    # is not
    analysis.events = [e for e in merged if e.actors or e.targets or e.place or e.date
                       or _stated_by_a_clause(e)]
    # what the kept events say lets the others be completed
    implicit_military_actors(analysis)
    places_of_the_story(analysis)


# acts of armed force: named by a noun with no one stated ("les frappes récentes"), they
# are the armed forces' of the one state the article has doing such acts
ARMED_TYPES = {"ASSAULT", "MOBILIZE"}


def implicit_military_actors(analysis: Analysis) -> None:
    from relato.gazetteer import country_name

    countries = {a.country for e in analysis.events if e.type in ARMED_TYPES
                 for a in e.actors}
    if len(countries) != 1 or None in countries:
        return
    [country] = countries
    for event in analysis.events:
        if event.type in ARMED_TYPES and not event.actors and event.head.pos_ == "NOUN" \
                and not any(t.country == country for t in event.targets):
            event.actors = [Actor(name=country_name(country) or country, country=country,
                                  sector="MIL")]


def _stated_by_a_clause(event: EventDraft) -> bool:
    # a protest, a strike or a march named by a noun is a happening in itself; so is an
    # act a verb of its course says of ("la formation des troupes a commencé")
    head = event.head
    phase = head.dep_.startswith("nsubj") and bool(event.governors) and \
        event.governors[0].pos_ in ("VERB", "AUX") and event.status_cue is not None
    return head.pos_ == "VERB" or event.type == "PROTEST" or phase


def to_event(draft: EventDraft) -> Event:
    cue = draft.status_cue
    # a source who is the event's own actor tells of their own act: no attribution
    draft.sources = [s for s in draft.sources
                     if not (s.name and any(s.name == a.name for a in draft.actors))]
    return Event(
        type=draft.type,
        mode=draft.modes,
        status=draft.status,
        actors=draft.actors,
        targets=draft.targets,
        place=draft.place,
        date=draft.date.value if draft.date else None,
        sources=draft.sources,
        trigger=draft.trigger_text,
        trigger_span=draft.trigger_span,
        evidence=sorted(draft.evidence),
        status_cue=cue.text if cue is not None else None,
        status_span=(cue.start_char, cue.end_char) if cue is not None else None,
        date_text=draft.date.text if draft.date else None,
        date_span=draft.date.span if draft.date else None,
    )


def _as_written(text: str, span, words: str | None) -> str | None:
    return text[span[0]: span[1]] if span is not None and words is not None else words


def _words_as_written(record: Record) -> Record:
    """Every quoted word from the article's text itself: the parser may have read a copy
    with shouted lines in sentence case."""
    text = record.text
    people = []
    for event in record.events:
        event.trigger = _as_written(text, event.trigger_span, event.trigger) or event.trigger
        event.status_cue = _as_written(text, event.status_span, event.status_cue)
        event.date_text = _as_written(text, event.date_span, event.date_text)
        people += event.actors + event.targets + event.sources
        if event.place is not None:
            people.append(event.place)
    for quote in record.quotes:
        quote.cue = _as_written(text, quote.cue_span, quote.cue)
        if quote.speaker is not None:
            people.append(quote.speaker)
    for item in people:
        item.mention = _as_written(text, item.span, item.mention)
    for mention in [*record.entities, *record.places]:
        mention.text = text[mention.span[0]: mention.span[1]]
    return record


def assemble(analysis: Analysis) -> Record:
    article = analysis.article
    record = _record(analysis)
    return record if analysis.doc.text == article.text else _words_as_written(record)


def _record(analysis: Analysis) -> Record:
    article = analysis.article
    return Record(
        id=article.id,
        lang=analysis.lang.code,
        published=article.published,
        title=article.title,
        text=article.text,
        url=article.url,
        events=[to_event(e) for e in analysis.events],
        quotes=analysis.quotes,
        entities=analysis.entities,
        places=analysis.places,
        warnings=analysis.warnings,
    )
