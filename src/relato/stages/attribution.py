"""Who a statement comes from: a Source built from the noun phrase that names it, named
("NBC News", "Claudia Sheinbaum") or anonymous ("deux anciens hauts responsables")."""

from __future__ import annotations

from spacy.tokens import Token

from relato.gazetteer import KnownActor, actor_index, normalise
from relato.schema import Actor, Source
from relato.stages.context import Analysis
from relato.syntax import conjuncts, np_span


def _kind(actor: Actor | None, head: Token) -> str:
    if actor is not None and actor.sector == "MED":
        return "media"
    known: KnownActor | None = actor_index().get(normalise(actor.name)) if actor else None
    if known is not None and known.type == "PER":
        return "person"
    if head.ent_type_ in ("PER", "PERSON"):
        return "person"
    if actor is not None and known is not None:
        return "organization"
    return "person" if head.pos_ in ("PROPN", "PRON") else "organization"


def _count(head: Token, analysis: Analysis) -> int | None:
    for child in head.children:
        if child.dep_ in ("nummod", "det", "nummod:entity"):
            word = child.lower_
            if word.isdigit():
                return int(word)
            value = analysis.lang.numbers.get(word)
            if value:
                return value
    return 1 if head.morph.get("Number") == ["Sing"] else None


def _means(lang, word: str, meaning: str) -> bool:
    return meaning in lang.anonymity.get(word.lower(), ())


def _names_a_person(head: Token, phrase, analysis: Analysis) -> bool:
    """"le porte-parole Óscar Mejía" or "son porte-parole, le commissaire Óscar Mejía": a
    named person, not an anonymous source."""
    names = analysis.resolver
    if names is None:
        return False
    beside = [t for child in head.children if child.dep_ == "appos" for t in child.subtree]
    return any(names.name_at.get(t.i) is not None and names.name_at[t.i].label == "PER"
               for t in [*phrase, *beside])


def anonymous_source(head: Token, analysis: Analysis, sibling_country: str | None = None
                     ) -> Source | None:
    """An unnamed group of people, if the phrase headed by `head` describes one."""
    lang = analysis.lang
    if not _means(lang, head.lemma_, "source_noun") and not _means(lang, head.text,
                                                                   "source_noun"):
        return None
    phrase = np_span(head, analysis.lang.of_preps)
    if _names_a_person(head, phrase, analysis):
        return None
    text = phrase.text.lower()
    words = {t.lemma_.lower() for t in phrase} | {t.lower_ for t in phrase}
    former = any(_means(lang, w, "former") for w in words) or any(
        key in text for key, meanings in lang.anonymity.items()
        if "former" in meanings and " " in key)
    current = any(key in text for key, meanings in lang.anonymity.items()
                  if "current" in meanings)
    actor = analysis.actor_at(head)
    country = actor.country if actor else None
    country = country or sibling_country
    role_words = [t.text for t in phrase
                  if t.pos_ not in ("DET", "NUM") and t.lower_ not in lang.numbers]
    return Source(
        name=None, kind="person", anonymous=True, count=_count(head, analysis),
        country=country, role=" ".join(role_words) or None,
        former=True if former else (False if current or country else None),
        mention=phrase.text, span=(phrase.start_char, phrase.end_char),
    )


def source_for(head: Token, analysis: Analysis, generic: bool = True) -> list[Source]:
    """Sources named by a noun phrase and the phrases coordinated with it; a phrase that
    names no known actor ("the website", "63 percent") is still the source, by its words."""
    found: list[Source] = []
    previous_country = None
    for part in conjuncts(head):
        anonymous = anonymous_source(part, analysis, previous_country)
        if anonymous is not None:
            found.append(anonymous)
            previous_country = anonymous.country or previous_country
            continue
        actor = analysis.actor_at(part)
        if actor is None and generic and part.pos_ in ("NOUN", "PROPN", "NUM") and \
                analysis.resolver is not None:
            actor = analysis.resolver.generic(part)
        if actor is None:
            continue
        found.append(Source(
            name=actor.name, kind=_kind(actor, part), anonymous=False,
            country=actor.country, mention=actor.mention, span=actor.span,
        ))
    return found
