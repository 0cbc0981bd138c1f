"""Places: every place mention resolved to GeoNames (country, admin1, coordinates,
geonameid), choosing among namesakes by the article's other places; then each event's place.

A country that is an event's actor or target ("le Mexique a extradé") is an actor there,
not a place."""

from __future__ import annotations

from spacy.tokens import Token

from relato.gazetteer import KnownPlace, normalise, place_index
from relato.gazetteer.geonames import GeoName, country_place, geonames_index
from relato.lang.base import demonym
from relato.schema import Place, PlaceMention
from relato.stages.context import Analysis, EventDraft
from relato.syntax import case_word, prep_args

PLACE_LABELS = {"LOC", "GPE"}


def _candidates(text: str) -> list[GeoName | KnownPlace]:
    key = normalise(text)
    found: list[GeoName | KnownPlace] = []
    known = place_index().get(key)
    if known is not None:
        found.append(known)
    found += geonames_index().get(key, [])
    return found


def _choose(options: list[GeoName | KnownPlace], countries: set[str]) -> GeoName | KnownPlace:
    """Prefer a country, then a namesake in a country the article names, then population."""
    for option in options:
        if isinstance(option, KnownPlace) or option.is_country:
            return option
    in_article = [o for o in options if o.country in countries]
    return (in_article or options)[0]


def _mention(span, place: GeoName | KnownPlace) -> PlaceMention:
    return PlaceMention(
        span=(span.start_char, span.end_char), text=span.text, name=place.name,
        country=place.country, admin1=getattr(place, "admin1", None),
        geonameid=place.geonameid, lat=place.lat, lon=place.lon,
    )


def find_places(analysis: Analysis) -> None:
    """Resolve place names among the entities (LOC and GPE)."""
    doc = analysis.doc
    argument_spans = {a.span for e in analysis.events for a in e.actors + e.targets}
    found: list[tuple[object, list]] = []
    for index, entity in enumerate(analysis.entities):
        if entity.type == "MISC" and _after_locative(doc, entity, analysis) and _candidates(
                entity.text):
            # "en Culiacán" tagged MISC: a known place after a preposition of place
            entity = entity.model_copy(update={"type": "LOC"})
            analysis.entities[index] = entity
        if entity.type not in PLACE_LABELS:
            continue
        if entity.span in argument_spans or any(
                s and s[0] <= entity.span[0] and entity.span[1] <= s[1] and
                entity.type == "GPE" for s in argument_spans):
            continue
        span = doc.char_span(*entity.span, alignment_mode="expand")
        options = _candidates(entity.text) or _candidates(entity.name)
        if span is not None and options:
            found.append((span, options))
    countries = {o.country for _, opts in found for o in opts[:1]
                 if (isinstance(o, GeoName) and o.is_country)}
    countries |= {e.country for e in analysis.entities if e.type == "GPE" and e.country}
    for span, options in found:
        mention = _mention(span, _choose(options, countries))
        analysis.places.append(mention)
        for token in span:
            analysis.place_tokens[token.i] = mention


def _after_locative(doc, entity, analysis: Analysis) -> bool:
    span = doc.char_span(*entity.span, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    if before.pos_ == "DET" and span.start > 1:
        before = doc[span.start - 2]
    return before.lower_ in analysis.lang.locative_preps


def _as_place(mention: PlaceMention) -> Place:
    return Place(name=mention.name, country=mention.country, admin1=mention.admin1,
                 geonameid=mention.geonameid, lat=mention.lat, lon=mention.lon,
                 mention=mention.text, span=mention.span)


def _locative(token: Token, analysis: Analysis) -> Place | None:
    for prep, noun in prep_args(token):
        if prep.split(" ")[0] not in analysis.lang.locative_preps:
            continue
        for part in [noun, *noun.conjuncts]:
            mention = analysis.place_tokens.get(part.i)
            if mention is not None:
                return _as_place(mention)
        place = _territory(noun, analysis, None)
        if place is not None:
            return place
    return None


def _territory(noun: Token, analysis: Analysis, event: EventDraft | None) -> Place | None:
    """"sur le sol mexicain" -> Mexico; "sur le sol national" -> the target's country."""
    lang = analysis.lang
    if noun.lemma_.lower() not in lang.territory_words and noun.lower_ not in \
            lang.territory_words:
        return None
    for child in noun.children:
        code = demonym(lang, child.text, child.lemma_)
        if code is None and event is not None and (child.lemma_.lower() in lang.national_words):
            code = next((t.country for t in event.targets if t.country), None)
        if code:
            place = country_place(code)
            if place is not None:
                return Place(name=place.name, country=code, geonameid=place.geonameid,
                             mention=noun.text, span=(noun.idx, noun.idx + len(noun)))
    return None


def _clause_nouns(event: EventDraft) -> list[Token]:
    """Nouns of the event's own clause, nearest first: a place phrase is often hung on the
    object ("arrêté deux chefs | à Tijuana")."""
    clause = event.governors[0] if event.head.pos_ != "VERB" and event.governors else event.head
    found = []
    stack = [clause]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in ("ccomp", "advcl", "acl:relcl", "relcl", "parataxis", "csubj",
                              "xcomp") or (child.dep_ == "conj" and child.pos_ in ("VERB",
                                                                                  "AUX")):
                continue
            if child.pos_ in ("NOUN", "PROPN"):
                found.append(child)
            stack.append(child)
    return sorted(found, key=lambda t: abs(t.i - event.head.i))


def _next_place(event: EventDraft, analysis: Analysis) -> Place | None:
    """A place phrase right after a noun event's phrase that the parser hung elsewhere
    ("les frappes contre des navires | dans les Caraïbes"): read in word order, up to the
    next verb or punctuation."""
    if event.head.pos_ != "NOUN" or not event.evidence:
        return None
    doc = event.head.doc
    end = max(span[1] for span in event.evidence[:1])
    for token in doc[event.head.i + 1: event.head.sent.end]:
        if token.idx < end:
            continue
        if token.pos_ in ("VERB", "AUX") or token.is_punct:
            return None
        mention = analysis.place_tokens.get(token.i)
        prep = case_word(token)
        if mention is not None and prep and prep.split(" ")[0] in \
                analysis.lang.locative_preps:
            return _as_place(mention)
    return None


def place_events(analysis: Analysis) -> None:
    """The place of each event: a locative phrase on its word, its governor, or its
    target's phrase ("des opérations contre les cartels sur le sol national")."""
    for event in analysis.events:
        for token in [event.head, *event.governors[:2]]:
            place = _locative(token, analysis)
            if place is not None:
                event.place = place
                break
        if event.place is None:
            for noun in _clause_nouns(event):
                prep = case_word(noun)
                mention = analysis.place_tokens.get(noun.i)
                if mention is not None and prep and prep.split(" ")[0] in \
                        analysis.lang.locative_preps:
                    event.place = _as_place(mention)
                    break
        if event.place is None:
            event.place = _next_place(event, analysis)
        if event.place is not None:
            continue
        for noun in event.head.subtree:
            place = _territory(noun, analysis, event)
            if place is not None:
                event.place = place
                break


def places_of_the_story(analysis: Analysis) -> None:
    """An act told later with no place of its own ("il a laissé entendre des frappes")
    happens where the article first placed that kind of act."""
    first: dict[str, Place] = {}
    for event in sorted(analysis.events, key=lambda e: e.head.i):
        if event.place is not None:
            first.setdefault(event.type, event.place)
        elif event.type in first:
            event.place = first[event.type]
