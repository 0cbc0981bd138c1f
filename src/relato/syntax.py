"""Small readers over a spaCy parse that hide the two label sets in use: Universal
Dependencies (French and Spanish pipelines) and ClearNLP (the English pipeline)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubj:pass", "nsubjpass", "csubj:pass", "csubjpass"}
OBJECT_DEPS = {"obj", "dobj"}
INDIRECT_DEPS = {"iobj", "dative"}
PREP_ARG_DEPS = {"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "obl:tmod"}
CLAUSE_DEPS = {"ccomp", "advcl", "parataxis", "csubj"}
NOUN_POS = {"NOUN", "PROPN", "PRON", "NUM"}


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def matches(token: Token, word: str) -> bool:
    """A data-file word matches a token by lemma or by lower-case form."""
    return token.lemma_.lower() == word or token.lower_ == word


def acts_as_verb(token: Token) -> bool:
    """A verb, or a word the tagger took for a noun but that heads a clause (it has a
    subject and an object: "Le gouvernement envisage/NOUN des frappes")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    deps = {c.dep_ for c in token.children}
    return token.pos_ in ("NOUN", "ADJ") and bool(deps & SUBJECT_DEPS) and bool(
        deps & (OBJECT_DEPS | {"xcomp", "ccomp", "obl:arg"}))


def is_passive(verb: Token, passive_aux: frozenset[str] = frozenset()) -> bool:
    """Passive voice: the morphology says so, an auxiliary is labelled passive, or a
    participle has a passive auxiliary ("fueron atacados": `passive_aux` holds "ser")."""
    if "Voice=Pass" in str(verb.morph):
        return True
    if any(c.dep_ in ("aux:pass", "auxpass") for c in verb.children):
        return True
    morph = str(verb.morph)
    if "VerbForm=Part" in morph and any(c.dep_ in ("obl:agent", "agent")
                                        for c in verb.children):
        return True  # "Accusé par la justice américaine, ...": a participle with its agent
    return "VerbForm=Part" in morph and "Tense=Pres" not in morph and any(
        c.dep_.startswith("aux") and c.lemma_.lower() in passive_aux for c in verb.children)


def conj_root(token: Token) -> Token:
    """The first conjunct of a coordination ("arrested and extradited" -> "arrested")."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    return token


def conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it (two actors, two targets)."""
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def case_word(noun: Token) -> str | None:
    """The preposition introducing a noun: UD `case` child, or the ClearNLP `prep` head."""
    cases = [c for c in noun.children if c.dep_ in ("case", "mark") and c.i < noun.i]
    if cases:
        first = cases[0]
        fixed = [f for f in first.children if f.dep_ == "fixed"]
        words = [first.lower_, *[f.lower_ for f in fixed]]
        return " ".join(words).replace("' ", "'")
    if noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent"):
        return noun.head.lower_
    return None


def prep_args(head: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, noun) for each prepositional argument or modifier of `head`."""
    for child in head.children:
        if (child.dep_ in PREP_ARG_DEPS or child.dep_ in OBJECT_DEPS) and (
                child.pos_ in NOUN_POS or child.pos_ == "ADJ"):
            prep = case_word(child)  # an "obj" with a preposition is a mislabelled oblique
            if prep:
                yield prep, child
        elif child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield child.lower_, pobj
                    break


def subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS]


def passive_subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]


def objects(verb: Token, marked: frozenset[str] = frozenset()) -> list[Token]:
    """Direct objects; one introduced by a preposition is not one, unless the preposition
    marks objects in the language (`marked`: Spanish "a" before a person)."""
    return [c for c in verb.children if c.dep_ in OBJECT_DEPS
            and (case_word(c) is None or case_word(c) in marked)]


def agents(verb: Token, agent_preps: frozenset[str]) -> list[Token]:
    found = [c for c in verb.children if c.dep_ == "obl:agent"]
    found += [p for prep, p in prep_args(verb) if prep in agent_preps and p not in found]
    return found


def is_finite(verb: Token) -> bool:
    morph = str(verb.morph)
    if "VerbForm=Fin" in morph:
        return True
    return any(c.dep_ in ("aux", "aux:tense", "aux:pass", "auxpass") for c in verb.children)


def aux_tokens(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass", "auxpass")]


def verb_group(verb: Token) -> Span:
    """The verb with its auxiliaries and clitic subject-inversion ("a-t-il déclaré"), "has
    also said"; an auxiliary the parser hangs on the verb from across punctuation ("will"
    inside a quotation before '," said') is not part of it."""
    start = verb.i
    for aux in sorted(aux_tokens(verb), key=lambda t: -t.i):
        if aux.i > verb.i or any(t.is_punct and t.text not in ("-", "'") or t.is_quote
                                 for t in verb.doc[aux.i + 1:start]):
            continue
        start = aux.i
    return verb.doc[start: verb.i + 1]


def np_span(head: Token, of_preps: frozenset[str] = frozenset()) -> Span:
    """The noun phrase headed by `head`, cut before relative clauses, commas and
    prepositional phrases other than noun complements (`of_preps`: "de", "of", "del")."""
    doc = head.doc
    keep = {head.i}
    for child in head.children:
        if child.dep_ in ("acl:relcl", "relcl", "acl", "punct", "cc", "conj",
                          "parataxis", "advcl"):
            continue
        if child.dep_ == "appos" and (child.i < head.i or any(
                t.is_punct for t in head.doc[head.i + 1: child.i])):
            continue  # "Juan Pérez, le ministre, ..." is two phrases; "le ministre Juan Pérez" one
        if child.dep_ in ("case", "mark") and child.i < head.i:
            continue
        if child.dep_ == "amod" and child.i > head.i and len(list(child.subtree)) > 3:
            continue  # a clause the tagger took for an adjective, not a modifier
        if child.dep_ in ("nmod", "prep", "obl") and child.i > head.i:
            prep = case_word(child) if child.dep_ != "prep" else child.lower_
            if prep is not None and prep not in of_preps:
                continue
        if child.dep_ == "amod":  # the adjective, not what hangs from it ("armado | en X")
            keep.add(child.i)
            keep.update(g.i for g in child.children if g.dep_ in ("advmod", "fixed", "flat"))
            continue
        keep.update(t.i for t in child.subtree)
    start, end = min(keep), max(keep) + 1
    # keep the phrase contiguous: stop at the first gap after the head
    for i in range(head.i + 1, end):
        if i not in keep:
            end = i
            break
    for i in range(head.i - 1, start - 1, -1):
        if i not in keep:
            start = i + 1
            break
    span = doc[start:end]
    while len(span) > 1 and span[-1].is_punct:
        span = span[:-1]
    return span
