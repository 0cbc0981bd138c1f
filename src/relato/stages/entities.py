"""Entities and actors: named entities and gazetteer names, then every noun phrase that names
an actor, resolved to a canonical name, country and sector.

Resolution runs once over the article in reading order, so a later "la présidente", "les
cartels" or "il" can be resolved to the actor an earlier phrase named."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from relato.gazetteer import (
    KnownActor,
    KnownPlace,
    actor_index,
    country_index,
    first_words,
    normalise,
    place_index,
)
from relato.lang import LangData
from relato.lang.base import demonym
from relato.schema import Actor, Entity
from relato.stages.context import Analysis
from relato.syntax import NOUN_POS, case_word, np_span

MAX_NAME_TOKENS = 7
SPACY_LABELS = {
    "PER": "PER", "PERSON": "PER", "ORG": "ORG", "NORP": "MISC", "GPE": "GPE", "LOC": "LOC",
    "FAC": "LOC", "MISC": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC",
}


@dataclass
class NameMatch:
    start: int  # token indices
    end: int
    label: str  # PER ORG GPE LOC MISC
    actor: KnownActor | None = None
    place: KnownPlace | None = None
    name: str | None = None


def lookup_key(key: str) -> KnownActor | KnownPlace | None:
    return actor_index().get(key) or country_index().get(key) or place_index().get(key)


def _gazetteer_matches(doc) -> list[NameMatch]:
    """Longest gazetteer names in the text; a lower-case single word never matches, so
    "marina" (a navy) is not taken for the name "Marina"."""
    found: list[NameMatch] = []
    starts = first_words()
    norm = [normalise(t.text) for t in doc]  # once per token, not per candidate span
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.is_punct or norm[i].split(" ", 1)[0] not in starts:
            i += 1
            continue
        best = None
        for j in range(min(len(doc), i + MAX_NAME_TOKENS), i, -1):
            if doc[j - 1].is_punct or doc[j - 1].is_space:
                continue  # a name ends on a word, never on a line break
            hit = lookup_key(" ".join(x for x in norm[i:j] if x))
            if hit is None:
                continue
            if j - i == 1 and not (token.text[:1].isupper()):
                continue
            if isinstance(hit, KnownActor) and hit.type == "PER" and i > 0 and \
                    doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() and \
                    normalise(hit.name) != normalise(doc[i - 1: j].text):
                continue  # "Esteban Murillo" is not "Rosario Murillo"
            best = (j, hit)
            break
        if best is None:
            i += 1
            continue
        j, hit = best
        if isinstance(hit, KnownPlace):
            found.append(NameMatch(i, j, "LOC", place=hit))
        else:
            label = {"PER": "PER", "GPE": "GPE"}.get(hit.type, "ORG")
            found.append(NameMatch(i, j, label, actor=hit))
        i = j
    return found


def _clean_name(text: str, determiners: frozenset[str] = frozenset()) -> str:
    """A name without its leading article or trailing possessive ("l'armée" -> "armée")."""
    text = text.strip()
    lowered = text.lower()
    for word in sorted(determiners, key=len, reverse=True):
        if lowered.startswith(word) and (word.endswith(("'", "’")) or
                                         lowered[len(word):len(word) + 1] == " "):
            text = text[len(word):].lstrip()
            break
    return re.sub(r"['’]s$", "", text).strip(" ,;:")


def _spacy_matches(doc, taken: set[int]) -> list[NameMatch]:
    found = []
    for ent in doc.ents:
        if any(t.i in taken for t in ent):
            continue
        label = SPACY_LABELS.get(ent.label_)
        if label is None:
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in ent):
            continue  # "Ella también condenó" is not a name, whatever the tagger says
        span = ent
        while len(span) > 1 and (span[0].is_punct or span[0].pos_ == "DET" or (
                span[0].pos_ == "PRON" and span[0].is_stop)):
            span = span[1:]
        while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
            span = span[:-1]  # "Lima" and not the line break the model took with it
        if not span.text.strip() or span[0].is_punct or (span[0].pos_ == "PRON"
                                                         and span[0].is_stop):
            continue
        found.append(NameMatch(span.start, span.end, label, name=_clean_name(span.text)))
    return found


class ActorResolver:
    """Resolves noun-phrase heads to actors in reading order, remembering what it saw."""

    def __init__(self, analysis: Analysis, names: list[NameMatch]) -> None:
        self.analysis = analysis
        self.doc = analysis.doc
        self.lang: LangData = analysis.lang
        self.name_at: dict[int, NameMatch] = {}
        for match in names:
            for i in range(match.start, match.end):
                self.name_at[i] = match
        self.history: list[tuple[int, Actor, str | None, str | None, bool]] = []
        self.role_memory: dict[str, Actor] = {}
        self.people: list[Actor] = []
        self.person_names: set[str] = set()
        self.person_gender: dict[str, str] = {}
        self.enriched: dict[str, Actor] = {}  # people whose role phrase gave country, sector

    # -- pieces -----------------------------------------------------------------------
    def actor_of_name(self, match: NameMatch) -> Actor | None:
        span = self.doc[match.start:match.end]
        if match.actor is not None:
            known = match.actor
            return Actor(name=known.name, country=known.country, sector=known.sector,
                         wikidata=known.wikidata, mention=span.text,
                         span=(span.start_char, span.end_char))
        if match.label == "PER" and match.name:
            name = self.full_person_name(match.name)
            known = self.enriched.get(name)
            return Actor(name=name, country=known.country if known else None,
                         sector=known.sector if known else None, mention=span.text,
                         span=(span.start_char, span.end_char))
        if match.label == "ORG" and match.name:
            return Actor(name=match.name, mention=span.text,
                         span=(span.start_char, span.end_char))
        return None

    def full_person_name(self, name: str) -> str:
        """"Sheinbaum" -> "Claudia Sheinbaum" when the article named her in full before."""
        words = name.split()
        for person in reversed(self.people):
            full = person.name.split()
            if len(full) > len(words) and full[-len(words):] == words:
                return person.name
        return name

    def role_of(self, head: Token) -> tuple[str, object] | None:
        roles = self.lang.roles
        lemma, lower = head.lemma_.lower(), head.lower_
        following = None
        candidates = []
        for key in (lemma, lower):
            for word in self.lang.roles_by_first.get(key, ()):
                if word != key:
                    if following is None:
                        following = " ".join(t.lemma_.lower()
                                             for t in self.doc[head.i + 1: head.i + 6])
                    if not following.startswith(word[len(key) + 1:]):
                        continue
                candidates.append((len(word), word, roles[word]))
        if not candidates:
            return None
        _, word, role = max(candidates)
        return word, role

    def country_in(self, span: Span, skip: Token) -> str | None:
        """A demonym or a country name inside the phrase ("cartels mexicains", "du Mexique")."""
        for token in span:
            if token == skip:
                continue
            code = demonym(self.lang, token.text, token.lemma_)
            if code:
                return code
            match = self.name_at.get(token.i)
            if match is not None and match.actor is not None and match.actor.country:
                return match.actor.country
        return None

    def person_in(self, span: Span, skip: Token) -> Actor | None:
        """A person's name inside the phrase or set beside it between commas ("son
        porte-parole, le commissaire Óscar Mejía, a déclaré")."""
        beside = [t for child in _beside(skip) for t in child.subtree]
        for token in [*span, *beside]:
            if token == skip:
                continue
            match = self.name_at.get(token.i)
            if match is not None and match.label == "PER":
                return self.actor_of_name(match)
        return None

    def name_in(self, span: Span, skip: Token) -> Actor | None:
        for token in span:
            if token == skip:
                continue
            match = self.name_at.get(token.i)
            if match is not None and (match.actor is not None or match.label in ("PER", "ORG")):
                return self.actor_of_name(match)
        return None

    def person_like(self, before: int, country: str, sector: str | None) -> Actor | None:
        """"le président américain" after "Donald Trump": the latest named person of that
        country and sector in the article."""
        for index, actor, _gender, _number, _subject in reversed(self.history):
            if index < before and actor.name in self.person_names and actor.country == country \
                    and (sector is None or actor.sector in (None, sector)):
                return actor
        return None

    def recent(self, before: int, want=lambda actor, gender, number, subject: True,
               window: int = 3) -> Actor | None:
        first_sentence = self.doc[before].sent.start
        sentences_back = 0
        for index, actor, gender, number, subject in reversed(self.history):
            if index >= before:
                continue
            while index < first_sentence and sentences_back < window:
                sentences_back += 1
                prev = self.doc[first_sentence - 1].sent if first_sentence > 0 else None
                if prev is None:
                    break
                first_sentence = prev.start
            if index < first_sentence:
                break
            if want(actor, gender, number, subject):
                return actor
        return None

    # -- the resolver -----------------------------------------------------------------
    def group_of(self, head: Token, phrase: Span) -> Actor | None:
        """"gang members", "membres du cartel", "integrantes del cártel": people named by
        the group they belong to take its sector (and country)."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in head.children:
            if child.dep_ not in ("compound", "nmod", "prep") or child.pos_ not in (
                    "NOUN", "PROPN", "ADP"):
                continue
            noun = child
            if child.dep_ == "prep":
                noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                if noun is None or child.lower_ not in self.lang.of_preps:
                    continue
            elif child.dep_ == "nmod" and case_word(child) not in self.lang.of_preps:
                continue
            role = self.role_of(noun)
            match = self.name_at.get(noun.i)
            known = match.actor if match is not None else None
            sector = (known.sector if known else None) or (role[1].sector if role else None)
            if sector in ("CRM", "REB", "MIL", "COP", "PTY", "OPP"):
                country = self.country_in(phrase, head) or (known.country if known else None)
                return Actor(name=_clean_name(phrase.text, self.lang.determiners),
                             country=country, sector=sector)
        return None

    def _names_directly(self, head: Token) -> bool:
        """Is a name attached to the role noun without a preposition (apposition), or
        written right after it ("le quotidien El Universal")?"""
        after = self.name_at.get(head.i + 1)
        if after is not None and after.start == head.i + 1 and after.actor is not None:
            return True
        for child in head.children:
            if child.i > head.i and child.dep_ in ("appos", "flat:name", "flat", "nmod",
                                                     "compound", "nk") and \
                    child.i in self.name_at and not any(
                        c.dep_ == "case" for c in child.children):
                return True
        return False

    def extend_right(self, head: Token, phrase: Span) -> Span:
        """Join a name the parser cut off: "l'administration | de Donald Trump"."""
        doc = self.doc
        i = phrase.end
        if i < len(doc) and doc[i].lower_ in self.lang.of_preps:
            j = i + 1
            if j < len(doc) and doc[j].pos_ == "DET":
                j += 1
            match = self.name_at.get(j) if j < len(doc) else None
            if match is not None and match.start == j:
                return doc[phrase.start:match.end]
        return phrase

    def resolve(self, head: Token) -> Actor | None:
        phrase = np_span(head, self.lang.of_preps)
        if self.role_of(head) is not None:
            phrase = self.extend_right(head, phrase)
        mention = phrase.text
        where = (phrase.start_char, phrase.end_char)
        match = self.name_at.get(head.i)
        if match is not None and match.actor is None and self.role_of(head) is not None \
                and not head.text[:1].isupper():
            match = None  # the tagger's entity "ministre mexicain de la Sécurité": a role
        if match is not None and match.place is None:
            actor = self.actor_of_name(match)
            if actor is not None:
                name_span = self.doc[match.start:match.end]
                start = min(phrase.start, name_span.start)
                end = max(phrase.end, name_span.end)
                covered = self.doc[start:end]
                return actor.model_copy(update={
                    "mention": covered.text, "span": (covered.start_char, covered.end_char)})
        if match is None and head.pos_ == "PROPN" and head.text[:1].isupper():
            full = self.full_person_name(head.text)
            if full != head.text:  # "Lemus", untagged, after "Óscar Lemus"
                known = self.enriched.get(full)
                return Actor(name=full, country=known.country if known else None,
                             sector=known.sector if known else None, mention=mention,
                             span=where)
        role = self.role_of(head)
        if role is not None:
            word, info = role
            if info.kind == "person":
                person = self.person_in(phrase, head)
                if person is not None:
                    if person.sector is None:
                        person = person.model_copy(update={"sector": info.sector})
                    if person.country is None:
                        person = person.model_copy(
                            update={"country": self.country_in(phrase, head)})
                    self.role_memory[word] = person
                    self.enriched[person.name] = person
                    if info.gender:
                        self.person_gender.setdefault(person.name, info.gender)
                    return person.model_copy(update={"mention": mention, "span": where})
            country = self.country_in(phrase, head)
            definite = _definite(head)
            if info.kind == "person" and country is not None and definite:
                earlier = self.person_like(head.i, country, info.sector)
                if earlier is not None:
                    return earlier.model_copy(update={"mention": mention, "span": where})
            named = self.name_in(phrase, head)
            if self._names_directly(head):
                after = self.name_at.get(head.i + 1)
                if after is not None and after.actor is not None:
                    named = self.actor_of_name(after)
            if named is not None and self._names_directly(head):
                # "le quotidien Reforma", "la marine mexicaine Semar": the name is the actor
                if named.sector is None:
                    named = named.model_copy(update={"sector": info.sector})
                return named.model_copy(update={"mention": mention, "span": where})
            if named is not None and country is None:
                country = named.country
            if country is None and definite and word in self.role_memory:
                earlier = self.role_memory[word]
                return earlier.model_copy(update={"mention": mention, "span": where})
            name = info.name or _clean_name(mention, self.lang.determiners)
            actor = Actor(name=name, country=country, sector=info.sector, mention=mention,
                          span=where)
            if country is not None or info.name:
                self.role_memory.setdefault(word, actor)
                self.role_memory[word] = actor
            return actor
        group = self.group_of(head, phrase)
        if group is not None:
            return group.model_copy(update={"mention": mention, "span": where})
        pronoun = _pronoun_form(head)
        if head.pos_ == "PRON" and pronoun in self.lang.pronouns:
            gender, number = self.lang.pronouns[pronoun]

            def agrees(actor, g, n, subject):
                return (gender is None or g is None or g == gender) and (
                    number is None or n is None or n == number)

            personal = number == "sg" and gender is not None
            actor = (personal and self.recent(
                head.i, lambda a, g, n, s: a.name in self.person_names and agrees(a, g, n, s),
                window=8)) or self.recent(head.i, lambda a, g, n, s: s and agrees(a, g, n, s)) or \
                self.recent(head.i, agrees)
            if actor is not None:
                return actor.model_copy(update={"mention": head.text,
                                                "span": (head.idx, head.idx + len(head))})
        return None

    def generic(self, head: Token) -> Actor | None:
        if not any(ch.isalpha() for ch in head.text):
            return None  # a dash or a number the tagger took for a noun
        phrase = np_span(head, self.lang.of_preps)
        name = _clean_name(phrase.text, self.lang.determiners)
        if not any(ch.isalpha() for ch in name):
            return None
        return Actor(name=name, country=self.country_in(phrase, head), mention=phrase.text,
                     span=(phrase.start_char, phrase.end_char))

    def remember(self, head: Token, actor: Actor) -> None:
        gender = None
        morph = head.morph.get("Gender")
        if morph:
            gender = "f" if morph[0] == "Fem" else "m"
        match = self.name_at.get(head.i)
        if match is not None and match.actor is not None and match.actor.gender:
            gender = match.actor.gender
        if match is not None and match.label == "PER":
            first = self.doc[match.start].morph.get("Gender")
            if actor.name not in self.person_gender and first and match.actor is None:
                self.person_gender[actor.name] = "f" if first[0] == "Fem" else "m"
            gender = self.person_gender.get(actor.name, gender if match.actor else None)
        number = "pl" if head.morph.get("Number") == ["Plur"] else "sg"
        subject = head.dep_.startswith("nsubj")
        self.history.append((head.i, actor, gender, number, subject))
        if match is not None and match.label == "PER":
            self.person_names.add(actor.name)
        if match is not None and match.label == "PER" and len(actor.name.split()) > 1:
            self.people.append(actor)


def _nominal_adjective(token: Token) -> bool:
    """A noun the tagger took for an adjective: it has its own article or preposition
    ("contra los cárteles/ADJ mexicanos")."""
    return token.pos_ == "ADJ" and any(c.dep_ in ("det", "case") and c.i < token.i
                                       for c in token.children)


def _definite(head: Token) -> bool:
    """"le ministre" may be someone named before; "un responsable", "deux diplomates" are
    new people."""
    for child in head.children:
        if child.dep_ in ("det", "nummod") and (
                "Definite=Ind" in str(child.morph) or child.pos_ == "NUM"):
            return False
    return True


def _beside(head: Token) -> list[Token]:
    """Phrases set beside a noun between commas: appositions, and the "conjuncts" without
    a conjunction that parsers make of them ("le ministre, Rodrigo Ibarra, a dit")."""
    return [c for c in head.children if c.i > head.i and (
        c.dep_ == "appos" or (c.dep_ == "conj" and not any(g.dep_ == "cc" for g in c.children)
                              and head.doc[c.i - 1].text == ","))]


def _pronoun_form(token: Token) -> str:
    """The pronoun of an inverted subject: "-t-elle", "-il", or "-t" followed by "-elle"."""
    form = token.lower_.removeprefix("-t-").lstrip("-")
    if form == "t" and token.i + 1 < len(token.doc):
        form = token.doc[token.i + 1].lower_.lstrip("-")
    return form


def _is_np_head(token: Token, resolver: ActorResolver) -> bool:
    if token.pos_ not in NOUN_POS and not _nominal_adjective(token):
        return False
    match = resolver.name_at.get(token.i)
    if match is not None:
        # only the syntactic head of a multi-word name resolves it
        inside = [t for t in resolver.doc[match.start:match.end]]
        return token.head not in inside or token.head == token
    return True


def find_entities(analysis: Analysis) -> None:
    """Fill `analysis.entities` and `analysis.actors` (noun-phrase head -> actor)."""
    doc = analysis.doc
    names = _gazetteer_matches(doc)
    taken = {i for m in names for i in range(m.start, m.end)}
    names += _spacy_matches(doc, taken)
    names.sort(key=lambda m: m.start)
    resolver = ActorResolver(analysis, names)
    for token in doc:
        if not _is_np_head(token, resolver):
            continue
        actor = resolver.resolve(token)
        if actor is not None:
            analysis.actors[token.i] = actor
            resolver.remember(token, actor)
    for match in names:
        # every word of a name stands for the actor its head resolved to ("NBC" in
        # "NBC News"), so an argument hung on any of them finds it
        heads = [analysis.actors[i] for i in range(match.start, match.end)
                 if i in analysis.actors]
        for i in range(match.start, match.end):
            if heads and i not in analysis.actors:
                analysis.actors[i] = heads[0]
    for match in names:
        span = doc[match.start:match.end]
        actor = resolver.actor_of_name(match) if match.place is None else None
        label = match.label
        if match.actor is not None and match.actor.type == "GPE":
            label = "GPE"
        analysis.entities.append(Entity(
            span=(span.start_char, span.end_char), text=span.text, type=label,
            name=actor.name if actor else (match.place.name if match.place else span.text),
            country=actor.country if actor else (match.place.country if match.place else None),
            sector=actor.sector if actor else None,
            wikidata=actor.wikidata if actor else None,
        ))
    analysis.resolver = resolver
    end = analysis.dateline_end = dateline_end(analysis.text)
    if end:
        # "JERUSALEM (AP) --", "Tehran, March 15, IRNA -": where the story was filed, and
        # by whom, is no one who acts in it
        for index in [i for i in analysis.actors if doc[i].idx < end]:
            del analysis.actors[index]


# a dateline: a place (and maybe a country, a date, an agency) then a dash or, in capitals,
# a colon, at the very start of the text
_DATELINE = re.compile(
    r"^\s*(?!(?:The|A|An|Le|La|Les|Un|Une|El|Los|Las|Una)\b)(?:[A-ZÁÉÍÓÚÑÇÈÊ][\w.'’-]*\s?){1,4}(?:,\s*[^,\n\-–—:]{1,30}){0,3}"
    r"\s*(?:\([^)\n]{1,30}\))?\s*(?:--?|–|—)\s+")
_DATELINE_CAPS = re.compile(r"^\s*[A-ZÁÉÍÓÚÑÇ][A-ZÁÉÍÓÚÑÇ .'-]{2,30}:\s+")


def dateline_end(text: str) -> int:
    """Where a dateline at the start of the text ends (0 when there is none)."""
    for pattern in (_DATELINE, _DATELINE_CAPS):
        match = pattern.match(text[:120])
        if match:
            return match.end()
    return 0
