"""Events: PLOVER 2.0 types from the language's trigger words, with actors and targets read
from the parse.

A noun event ("des opérations contre les cartels") often has its doer in the verb that
governs it ("l'administration envisage des opérations"): the doer is inherited through
governing verbs that only frame the event (status cues and light verbs such as "mener"),
never through verbs that report or judge it ("condamner les frappes")."""

from __future__ import annotations

from spacy.tokens import Token

from relato.lang import LangData
from relato.lang.base import Trigger, demonym
from relato.schema import Actor
from relato.stages.context import Analysis, EventDraft
from relato.syntax import (
    NOUN_POS,
    acts_as_verb,
    agents,
    case_word,
    conj_root,
    conjuncts,
    is_finite,
    is_passive,
    objects,
    passive_subjects,
    prep_args,
    subjects,
)

# acts aimed at an area: with no one named, the area is their target ("imposed a curfew
# in parts of Kashmir"); a march through the streets is not aimed at them
AREA_TYPES = {"COERCE", "ASSAULT", "MOBILIZE", "SANCTION", "AID"}
# acts two parties do together: with no target, the parties named together are the
# dyad's two sides (PLOVER codes one actor and one target)
MUTUAL_TYPES = {"AGREE", "CONSULT", "COOPERATE"}
GAP_POS = {"DET", "ADJ", "ADV", "NUM"}
MAX_GAP = 3
HEAD_POS = {"VERB": {"VERB"}, "NOUN": {"NOUN", "PROPN"}, "ADJ": {"ADJ"}}
CLIMB_DEPS = {"obj", "dobj", "xcomp", "nsubj", "nsubj:pass", "nsubjpass", "obl", "obl:arg",
              "nmod", "acl", "advcl", "pobj", "prep", "ccomp", "conj", "attr", "oprd"}


def _token_matches(token: Token, word: str) -> bool:
    return token.lemma_.lower() == word or token.lower_ == word


def _gap_word(token: Token) -> bool:
    """Words that may stand inside a multi-word trigger: determiners, adjectives, adverbs,
    numbers, possessives ("lifted its blockade"), participles used as adjectives ("new
    targeted sanctions") and the hyphen of a compound ("a two-week ceasefire")."""
    if token.pos_ in GAP_POS:
        return True
    if token.pos_ == "PRON" and "Poss=Yes" in str(token.morph):
        return True
    if token.text == "-" or (token.pos_ == "NOUN" and token.i > 0
                             and token.doc[token.i - 1].text == "-"):
        return True
    return token.pos_ == "VERB" and token.dep_ == "amod"


def _in_compound(token: Token) -> bool:
    doc = token.doc
    return token.text == "-" or (token.i + 1 < len(doc) and doc[token.i + 1].text == "-")


def match_trigger(doc, start: int, trigger: Trigger) -> list[Token] | None:
    """The tokens of `trigger` starting at `start`, allowing short modifier gaps."""
    tokens = [doc[start]]
    i = start + 1
    for word in trigger.words[1:]:
        gap = 0
        while i < len(doc) and not _token_matches(doc[i], word):
            if not _gap_word(doc[i]) or gap >= MAX_GAP:
                return None
            if not _in_compound(doc[i]):  # "a seven-month boycott" counts as two words
                gap += 1
            i += 1
        if i >= len(doc):
            return None
        tokens.append(doc[i])
        i += 1
    return tokens


def trigger_head(tokens: list[Token], pos: str) -> Token | None:
    if pos == "*":
        return tokens[0]
    wanted = HEAD_POS.get(pos, {pos})
    if pos == "NOUN" and len(tokens) > 1 and tokens[-1].pos_ in ("VERB", "AUX"):
        return None  # "the military struck" is no "military strike"
    matching = [t for t in tokens if t.pos_ in wanted]
    for token in matching:  # the syntactic head of the phrase: "drone strikes" -> strikes
        if token.head not in tokens or token.head == token:
            return token
    if matching:
        return matching[0]
    if pos == "VERB":
        for token in tokens:
            if token.pos_ == "AUX" and token.dep_ not in ("aux", "aux:tense", "aux:pass"):
                return token
    return None


def mistagged_verb(token: Token, lang: LangData) -> list[tuple[Trigger, str]]:
    """Verb triggers for a word the tagger did not take for a verb, read from its ending
    ("bombardera" tagged ADJ -> "bombarder", future): the parser around it is then wrong
    too, so its arguments are read from word order (`flat_arguments`)."""
    if token.pos_ in ("VERB", "AUX") or not token.is_alpha:
        return []
    word = token.lower_
    for ending, replacement, tense in lang.inflections:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            lemma = word[: len(word) - len(ending)] + replacement
            for candidate in (lemma, token.lemma_.lower()):
                hits = [(t, tense) for t in lang.triggers.get(candidate, [])
                        if t.pos == "VERB" and len(t.words) == 1]
                if hits:
                    return hits
    return []


def find_triggers(analysis: Analysis) -> list[tuple[Trigger, list[Token], Token]]:
    doc, lang = analysis.doc, analysis.lang
    found = []
    used: set[int] = {t.i for m in analysis.dates
                      for t in doc.char_span(*m.span, alignment_mode="expand") or []}
    for token in doc:
        if token.i in used or token.is_punct:
            continue
        candidates = list(lang.triggers.get(token.lemma_.lower(), []))
        if token.lower_ != token.lemma_.lower():
            candidates += lang.triggers.get(token.lower_, [])
        candidates.sort(key=lambda t: -len(t.words))
        matched = False
        for trigger in candidates:
            tokens = match_trigger(doc, token.i, trigger)
            if tokens is None:
                continue
            head = trigger_head(tokens, trigger.pos)
            if head is None:
                continue
            if not condition_holds(trigger, head, analysis) or _classifier(head, lang):
                continue
            found.append((trigger, tokens, head))
            used.update(t.i for t in tokens)
            matched = True
            break
        if not matched and not any(token.pos_ in HEAD_POS.get(t.pos, {t.pos})
                                   for t in candidates):
            # a noun the lexicon knows as a noun ("menaces") whose condition failed is
            # not a verb the tagger missed
            for trigger, tense in mistagged_verb(token, lang):
                analysis.tense_hints[token.i] = tense
                found.append((trigger, [token], token))
                used.add(token.i)
                break
    return found


def _classifier(head: Token, lang: LangData) -> bool:
    """"attack helicopters": a noun that only says what kind of thing another noun is."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    return head.dep_ == "compound" and head.head.i > head.i and \
        head.head.lemma_.lower() not in lang.triggers


def _against(head: Token, lang: LangData, last: Token | None = None) -> list[Token]:
    """The target after "against", or after a noun event's own prepositions ("attacks on
    X", "an investigation into X"), also when it hangs from the trigger's last word."""
    preps = lang.against_preps
    if head.pos_ in ("NOUN", "PROPN") or (last is not None and last.pos_ == "NOUN"):
        preps = preps | lang.noun_target_preps
    found = [noun for prep, noun in prep_args(head) if prep in preps]
    if not found and last is not None and last != head:
        found = [noun for prep, noun in prep_args(last) if prep in preps]
    if not found and head.pos_ in ("NOUN", "PROPN"):
        found = _right_attached(last or head, preps)
    if not found and head.pos_ in ("NOUN", "PROPN"):
        found = [noun for prep, noun in _carrier_preps(head) if prep in preps]
    return found


def _carrier_preps(noun: Token) -> list[tuple[str, Token]]:
    """"launched cyber attacks | against X", "provided donations | to X": a noun event's
    arguments the parser hung on the verb that has it as its object."""
    if noun.dep_ not in ("obj", "dobj") or noun.head.pos_ not in ("VERB", "AUX"):
        return []
    return [(prep, n) for prep, n in prep_args(noun.head) if n.i > noun.i]


def _right_attached(last: Token, preps: frozenset[str]) -> list[Token]:
    """A prepositional phrase right after a noun event that the parser hung elsewhere
    ("les frappes récentes | contre des navires", "ataques con drones | contra los
    cárteles"); `last` is the event's last word."""
    doc = last.doc
    i = last.i + 1
    while i < len(doc) and doc[i].head == last and doc[i].dep_ in ("amod", "advmod"):
        i += 1
    if i < len(doc) and doc[i].lower_ in preps and doc[i].dep_ == "case":
        noun = doc[i].head
        if noun.i > i and (noun.pos_ in NOUN_POS or noun.pos_ == "ADJ"):
            return [noun]
    return []


def _recipients(head: Token, lang: LangData) -> list[Token]:
    found = [c for c in head.children if c.dep_ in ("iobj", "dative")]
    found += [noun for prep, noun in prep_args(head)
              if prep in lang.recipient_preps or prep.split(" ")[0] in lang.recipient_preps]
    if not found and head.pos_ == "NOUN":
        found = [noun for prep, noun in _carrier_preps(head)
                 if prep in lang.recipient_preps or prep.split(" ")[0] in lang.recipient_preps]
    return found


def _complements(head: Token, lang: LangData) -> list[Token]:
    """Noun complements ("l'arrestation de X", "the arrest of X")."""
    return [noun for prep, noun in prep_args(head) if prep in lang.of_preps]


def condition_holds(trigger: Trigger, head: Token, analysis: Analysis) -> bool:
    condition = trigger.condition
    if condition == "-":
        return True
    objs = []
    if head.pos_ in ("VERB", "AUX"):
        objs = objects(head, analysis.lang.object_markers) + passive_subjects(head)
        if is_passive(head, analysis.lang.passive_aux):
            objs += subjects(head)  # the patient of a passive is its subject
    if condition == "object":
        return bool(objs) or bool(_complements(head, analysis.lang)) and head.pos_ != "VERB"
    if condition == "no_object":
        return not objs
    if condition == "uttered":
        # a threat someone makes: "threatened strikes against X", "a threat to strike",
        # "issued threats"; not the vague "mettre fin aux menaces des cartels"
        if _against(head, analysis.lang):
            return True
        if any(c.dep_ in ("acl", "xcomp") and "VerbForm=Inf" in str(c.morph)
               for c in head.children):
            return True
        if any(noun.lemma_.lower() in analysis.lang.triggers
               for noun in _complements(head, analysis.lang)):
            return True
        return head.dep_ in ("obj", "dobj") and \
            head.head.lemma_.lower() in analysis.lang.utter_verbs
    if condition == "intransitive":
        # "thousands demonstrated in Berlin", not "the study demonstrated that ..." nor
        # "a manifesté son inquiétude"
        return not objs and not any(c.dep_ in ("ccomp", "xcomp", "csubj")
                                    for c in head.children)
    if condition == "against":
        return bool(_against(head, analysis.lang))
    if condition == "actor_object":
        complements = _complements(head, analysis.lang) if head.pos_ != "VERB" else []
        return any(_actors_for(o, analysis) or _entity_like(o, analysis.lang)
                   for o in objs + complements)
    if condition == "resource_object":
        return any(_is_resource(o, analysis.lang) for o in objs)
    if condition == "actor_subject":
        return any(_actors_for(s, analysis) for s in subjects(head))
    return True


def _is_resource(obj: Token, lang: LangData) -> bool:
    """Money, goods or help given: "€28 million", "medical equipment", "des vivres",
    "13 tons of medicine", "experts, equipment and drugs"."""
    for token in obj.subtree:
        if token.ent_type_ in ("MONEY", "QUANTITY") or token.pos_ == "SYM" or \
                token.lower_ in ("$", "€", "£", "usd", "eur"):
            return True
    heads = [*conjuncts(obj), *_complements(obj, lang)]
    return any(t.lemma_.lower() in lang.resource_words or t.lower_ in lang.resource_words
               for t in heads)


def _actors_for(token: Token, analysis: Analysis) -> list[Actor]:
    """Actors named by a noun phrase and the phrases coordinated with it."""
    found = []
    for part in conjuncts(token):
        actor = analysis.actor_at(part)
        if actor is None and part.pos_ == "PRON" and "PronType=Rel" in str(part.morph):
            actor = analysis.actor_at(part.head.head)
        if actor is None:
            # "la coopération de Sheinbaum", "the UN's call", "U.S. demands": an abstract
            # noun or an act stands for its owner
            owners = _complements(part, analysis.lang) + _authors(part, analysis.lang)
            for owner in owners:
                actor = analysis.actor_at(owner)
                if actor is not None:
                    break
        if actor is not None and all(actor.span != a.span for a in found):
            found.append(actor)
    return _drop_nested(found)


def _generic(token: Token, analysis: Analysis) -> list[Actor]:
    """A participant that is no known actor ("a group of Saudi hackers", "the camp"): kept,
    with what its words say (a country from a demonym), when no known actor fills the
    role."""
    found = []
    token = _counted(token, analysis.lang)
    for part in conjuncts(token):
        if part.idx < analysis.dateline_end:
            continue
        named = part.text[:1].isupper() and part.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ in ("compound", "flat", "flat:name") and c.pos_ == "PROPN"
            for c in part.children)  # "Theresa May", "Israel Flying Aid": a name
        if not named and (part.pos_ not in ("NOUN", "PROPN") or part.is_stop or any(
                t.pos == "NOUN" and len(t.words) == 1
                for t in analysis.lang.triggers.get(part.lemma_.lower(), ()))):
            continue  # "le déploiement" is an event, not someone who acts
        actor = analysis.resolver.generic(part)
        if actor is not None:
            found.append(actor)
    return found


def _counted(token: Token, lang: LangData) -> Token:
    """"Miles de hispanos", "dozens of artifacts": what is counted, not its number."""
    if (token.pos_ == "NUM" or token.lemma_.lower() in lang.quantity_words
            or token.lower_ in lang.quantity_words):
        inner = _complements(token, lang)
        if inner:
            return inner[0]
    return token


def _drop_nested(actors: list[Actor]) -> list[Actor]:
    """Keep "l'administration de Donald Trump", drop the "Donald Trump" inside it."""
    kept = []
    for actor in actors:
        inside = any(
            other is not actor and other.span and actor.span
            and other.span[0] <= actor.span[0] and actor.span[1] <= other.span[1]
            and other.span != actor.span
            for other in actors
        )
        if not inside:
            kept.append(actor)
    return kept


def _left_subject(verb: Token, analysis: Analysis) -> list[Actor]:
    """The nominal right before a verb group when the parser attached it elsewhere
    ("Bien que Trump ait salué ...")."""
    i = min([verb.i, *[c.i for c in verb.children if c.dep_.startswith("aux")]]) - 1
    while i >= verb.sent.start:
        token = verb.doc[i]
        if token.pos_ in ("ADV", "PART") or token.dep_.startswith("expl"):
            i -= 1
            continue
        if token.pos_ in NOUN_POS:
            actor = analysis.actor_at(token)
            if actor is None and token.dep_ in ("flat:name", "flat", "compound"):
                actor = analysis.actor_at(token.head)
            return [actor] if actor else []
        return []
    return []


def _frames_event(token: Token, lang: LangData) -> bool:
    """Verbs that frame an event without being another act on it: light verbs and status
    governors, including the later words of a multi-word one ("laisser | entendre")."""
    lemma = token.lemma_.lower()
    if lemma in lang.light_verbs:
        return True
    if any(cue.scope == "governor" for cue in lang.status_cues.get(lemma, [])):
        return True
    head = token.head.lemma_.lower()
    return any(cue.scope == "governor" and lemma in cue.words[1:]
               for cue in lang.status_cues.get(head, []))


def governors(head: Token, limit: int = 4, adjunct_preps: frozenset[str] = frozenset()
              ) -> list[Token]:
    """The chain of words above the event word, nearest first. It stops at a clause of
    its own, at a participle adjunct ("citing flaws") and at a time or circumstance
    phrase ("during the event, X attempted"): what governs those does not govern this."""
    chain = []
    token = head
    for _ in range(limit):
        if token.head == token or token.dep_ not in CLIMB_DEPS:
            break
        if token.pos_ in ("VERB", "AUX") and is_finite(token) and token.dep_ in (
                "advcl", "ccomp", "conj", "parataxis", "acl", "acl:relcl", "relcl"):
            break
        if token.dep_ == "advcl" and "VerbForm=Inf" not in str(token.morph):
            break
        if case_word(token) in adjunct_preps or (token.dep_ == "prep"
                                                 and token.lower_ in adjunct_preps):
            break
        token = token.head
        chain.append(token)
    return chain


def _inherited_actors(head: Token, analysis: Analysis) -> list[Actor]:
    token = head
    for _ in range(5):
        if token.head == token:
            return []
        dep = token.dep_
        parent = token.head
        if dep == "conj":
            token = parent
            found = _own_actors(parent, analysis)
            if found:
                return found
            continue
        if dep in ("xcomp",) or (acts_as_verb(parent) and _frames_event(parent,
                                                                         analysis.lang)):
            found = _own_actors(parent, analysis)
            if not found and parent.lemma_.lower() in analysis.lang.light_verbs and \
                    not is_passive(parent, analysis.lang.passive_aux):
                # "a group of students staged a protest": whoever the doer is
                found = [a for subject in subjects(parent) for a in _generic(subject,
                                                                              analysis)]
            if found:
                return found
            token = parent
            continue
        if parent.pos_ in ("NOUN",) and _frames_event(parent, analysis.lang):
            token = parent
            continue
        if dep == "acl" and token.pos_ == "VERB" and parent.pos_ == "NOUN" and \
                "VerbForm=Inf" not in str(token.morph) and token.i > parent.i and \
                not subjects(token):
            # "passed a resolution criticizing X": the resolution's author criticizes
            token = parent
            continue
        if dep == "advcl" and token.pos_ == "VERB" and token.tag_ == "VBG" and \
                not subjects(token):
            # "pounded the enclave, killing five": the participle's doer is the clause's
            found = _own_actors(parent, analysis)
            if not found and not is_passive(parent, analysis.lang.passive_aux):
                found = [a for subject in subjects(parent)
                         for a in _generic(subject, analysis)]
            if found:
                return found
        if dep in ("advcl", "acl") and token.pos_ == "VERB" and "VerbForm=Inf" in str(
                token.morph):
            # "sent experts to Iran to investigate": who sent them investigates
            found = _own_actors(parent, analysis) if dep == "advcl" else []
            if found:
                return found
            token = parent
            continue
        if dep in OBJECT_LIKE and parent.pos_ in ("NOUN", "NUM", "ADP", "PROPN"):
            token = parent  # "$1.7 billion in | humanitarian assistance"
            continue
        if dep in OBJECT_LIKE and acts_as_verb(parent) and not _is_act_of_its_own(
                parent, analysis):
            # "X provided aid", "X remains the largest donor": a verb that is no act of
            # its own lends the noun event its subject, known actor or not
            return _own_actors(parent, analysis) or [
                a for subject in subjects(parent) for a in _generic(subject, analysis)]
        return []
    return []


OBJECT_LIKE = {"obj", "dobj", "attr", "oprd", "pobj", "prep", "nmod", "obl", "obl:arg",
               "xcomp"}


def _is_act_of_its_own(verb: Token, analysis: Analysis) -> bool:
    """A reporting verb or an event found here: its subject does something else than the
    event ("condemned the strikes"); a verb that only starts some other trigger phrase
    ("paid $662m in aid", not "pay tribute") is not one."""
    lang = analysis.lang
    if verb.lemma_.lower() in lang.performative_verbs:
        return False  # "declared a ceasefire", "a annoncé la libération": their own act
    return lang.reports(verb) or verb.i in analysis.trigger_heads


def _own_actors(verb: Token, analysis: Analysis) -> list[Actor]:
    if not acts_as_verb(verb):
        return []
    if is_passive(verb, analysis.lang.passive_aux):
        found = []
        for agent in agents(verb, analysis.lang.agent_preps):
            found += _actors_for(agent, analysis)
        return found
    found = []
    # a subject the parser labelled passive in an active clause is still the subject
    for subject in subjects(verb) + passive_subjects(verb):
        found += _actors_for(subject, analysis)
    if not found and not subjects(verb) and "VerbForm=Fin" in str(verb.morph) or (
            not found and any(c.dep_.startswith("aux") for c in verb.children)
            and not subjects(verb)):
        found = _left_subject(verb, analysis)
    return _drop_nested(found)


def flat_arguments(head: Token, analysis: Analysis) -> tuple[list[Actor], list[Actor]]:
    """Actor on the left, target on the right, for a verb the parse got wrong."""
    actors = _left_subject(head, analysis)
    targets: list[Actor] = []
    for token in head.doc[head.i + 1: head.sent.end]:
        if token.pos_ in ("DET", "ADJ", "NUM", "ADV") or token.dep_ == "case":
            continue
        if token.pos_ in NOUN_POS:
            targets = _actors_for(token, analysis)
        break
    return actors, targets


def arguments(trigger: Trigger, head: Token, analysis: Analysis,
              last: Token | None = None, tokens: list[Token] | None = None
              ) -> tuple[list[Actor], list[Actor]]:
    lang = analysis.lang
    targets: list[Actor] = []
    candidates: list[Token] = []
    if head.i in analysis.tense_hints:
        actors, targets = flat_arguments(head, analysis)
    elif head.pos_ in ("VERB", "AUX"):
        actors = _own_actors(head, analysis)
        if not actors:
            actors = _own_actors(conj_root(head), analysis) if head.dep_ == "conj" else []
        if not actors:
            actors = _inherited_actors(head, analysis)
        if not actors:
            # "a U.S. airstrike killed ...": an act done by another act is its doer's
            actors = [a for subject in subjects(head) if _is_event_noun(subject, lang)
                      for a in _noun_actors(subject, analysis)
                      or _modifier_actors(subject, analysis)]
        if head.dep_ in ("acl", "amod") and "VerbForm=Part" in str(head.morph) and \
                "Tense=Past" in str(head.morph):
            # "des leaders de cartels désignés comme terroristes": a past participle's
            # noun is what the act was done to
            candidates = [head.head]
        elif is_passive(head, lang.passive_aux):
            candidates = passive_subjects(head) + subjects(head)
        elif trigger.target == "recipient":
            candidates = _recipients(head, lang) or objects(head, analysis.lang.object_markers)
        elif trigger.target == "against":
            candidates = _against(head, lang) or objects(head, analysis.lang.object_markers)
        elif trigger.target == "none":
            candidates = []
        else:
            candidates = objects(head, analysis.lang.object_markers) or _against(head, lang)
    else:
        actors = _noun_actors(head, analysis)
        complements = _complements(head, analysis.lang)
        if trigger.target == "nmod":
            candidates = complements or _against(head, lang, last)
        elif trigger.target == "recipient":
            candidates = _recipients(head, lang)
        elif trigger.target == "none":
            candidates = []
        else:
            candidates = _against(head, lang, last)
            if not actors:
                for complement in complements:
                    actors += _actors_for(complement, analysis)
        if not actors:
            actors = _inherited_actors(head, analysis)
        if not actors:
            actors = _modifier_actors(head, analysis)
    for candidate in candidates:
        targets += _actors_for(candidate, analysis)
    if not targets:
        # "ties with Liberia", "an apology from the Prime Minister", "refused to send
        # peacekeepers to Iraq": a known actor after a preposition of the other party, on
        # the trigger or on the verb it governs
        words = {head, last} - {None}
        words |= {c for c in head.children if c.dep_ == "xcomp"}
        for word in words:
            if word.dep_ == "xcomp" and trigger.target != "none":
                for obj in objects(word, lang.object_markers):
                    targets += _actors_for(obj, analysis)
            for prep, noun in prep_args(word):
                if prep.split(" ")[0] in lang.partner_preps:
                    targets += _actors_for(noun, analysis)
    if not targets and trigger.target == "none":
        # "withdrew peacekeepers from the Golan": the place left, before one's own troops
        targets = _fallback_targets(head, last, tokens or [], candidates, analysis,
                                    trigger.target, trigger.type, places=False)
    if not targets:
        # "summoned the Egyptian ambassador": the target is a word of the trigger phrase
        for token in tokens or [] if head.pos_ == "VERB" else []:
            if token != head and token.pos_ in ("NOUN", "PROPN"):
                targets += [a for a in [analysis.actor_at(token)] if a is not None]
    if not targets:
        targets = _fallback_targets(head, last, tokens or [], candidates, analysis,
                                    trigger.target, trigger.type)
    if not actors and head.pos_ in ("VERB", "AUX") and not is_passive(head, lang.passive_aux):
        for subject in subjects(head):
            actors += _generic(subject, analysis)
    if trigger.target == "recipient" and len(candidates) > 1:
        # Spanish "a" marks both a human object and the receiver ("extraditó a 29
        # narcotraficantes a Estados Unidos"): the receiver is the state or organisation
        states = [t for t in targets if t.sector in ("GOV", "IGO") and t.country]
        targets = states or targets[-1:]
    inside = (head.idx, head.idx + len(head)) if last is None else (
        min(head.idx, last.idx), max(head.idx + len(head), last.idx + len(last)))
    # a participant is never the event's own words ("la formation des troupes"), nor a
    # phrase the event word heads
    actors = [a for a in actors if (a.sector or not a.span or a.span[1] <= inside[0]
                                    or a.span[0] >= inside[1])
              and not (a.span and a.span[0] <= head.idx < a.span[1])]
    actors = _unique(_drop_nested(actors))
    actor_names = {a.name for a in actors}
    targets = [t for t in _unique(_drop_nested(targets)) if t.name not in actor_names]
    return actors, targets


def _is_event_noun(noun: Token, lang: LangData) -> bool:
    return noun.pos_ == "NOUN" and any(
        t.pos == "NOUN" for t in lang.triggers.get(noun.lemma_.lower(), ()))


def _noun_actors(head: Token, analysis: Analysis) -> list[Actor]:
    """Who does an act named by a noun: "attacks by X", "X's attacks", "U.S. strikes",
    "les frappes américaines"."""
    lang = analysis.lang
    actors = []
    for agent in agents(head, lang.agent_preps):
        actors += _actors_for(agent, analysis)
    for child in head.children:
        if child.dep_ in ("nmod:poss", "poss"):
            actors += _actors_for(child, analysis)
        if child.dep_ == "amod" and child.lower_ in lang.led_words:
            # "a Saudi-led strike", "une coalition menée par"
            for part in child.children:
                code = demonym(lang, part.text, part.lemma_)
                actors += _actors_for(part, analysis) if code is None else [
                    _country_actor(code, part)]
        if child.dep_ == "amod":
            code = demonym(lang, child.text, child.lemma_)
            if code:
                from relato.gazetteer import country_name

                actors.append(Actor(name=country_name(code) or code, country=code,
                                    sector="GOV", mention=child.text,
                                    span=(child.idx, child.idx + len(child))))
    return actors


def _modifier_actors(head: Token, analysis: Analysis) -> list[Actor]:
    """"a U.S. military airstrike": a known actor in front of the noun, when nothing
    better says who acts (a "Cabinet meeting" someone attends is theirs)."""
    return [a for child in head.children
            if child.dep_ in ("compound", "nmod") and child.i < head.i
            for a in _actors_for(child, analysis)]


def _country_actor(code: str, word: Token) -> Actor:
    from relato.gazetteer import country_name

    return Actor(name=country_name(code) or code, country=code, sector="GOV",
                 mention=word.text, span=(word.idx, word.idx + len(word)))


def _authors(noun: Token, lang: LangData) -> list[Token]:
    """Who an act named by a noun comes from: rejecting "a request by/from X", "X's
    demands" or "U.S. calls" is rejecting X."""
    if noun.lemma_.lower() not in lang.act_nouns and not any(
            t.pos == "NOUN" for t in lang.triggers.get(noun.lemma_.lower(), ())):
        return []
    found = [n for prep, n in prep_args(noun)
             if prep in lang.agent_preps or prep in lang.origin_preps]
    # "an appeal filed by X", "orders passed by X"
    found += [n for c in noun.children if c.dep_ == "acl"
              for prep, n in prep_args(c) if prep in lang.agent_preps]
    found += [c for c in noun.children if c.dep_ in ("poss", "nmod:poss")
              or (c.dep_ == "compound" and c.pos_ == "PROPN")
              or (c.dep_ == "amod" and demonym(lang, c.text, c.lemma_))]
    return found


def _controlled_subjects(verb: Token) -> list[Token]:
    """"convicted the bank to pay", "urged Iran to stop": the parser often makes the
    person acted upon the subject of the infinitive that follows."""
    if verb.pos_ not in ("VERB", "AUX") or objects(verb):
        return []
    found = [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
             for s in subjects(c) if verb.i < s.i < c.i]
    if not found:
        # "refused to allow two airlines to land"
        for inner in [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]:
            found += _controlled_subjects(inner) or [
                o for o in objects(inner) if any(c.dep_ in ("ccomp", "xcomp")
                                                 and c.i > o.i for c in inner.children)]
    return found


def _phrase_preps(words: list[Token], lang: LangData, preps: frozenset[str]) -> list[Token]:
    """Nouns after the given prepositions on any word of the trigger phrase ("signed an
    agreement | with X", "launched an investigation | into X")."""
    return [noun for word in words for prep, noun in prep_args(word)
            if prep in preps or prep.split(" ")[0] in preps]


ENTITY_LABELS = {"PERSON", "PER", "ORG", "GPE", "NORP", "LOC", "FAC"}
NOT_PARTICIPANT_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT"}


def _entity_like(token: Token, lang: LangData) -> bool:
    """Names someone or somewhere, not something: a named entity, a proper noun, a role."""
    words = (token.lemma_.lower(), token.lower_)
    return token.ent_type_ in ENTITY_LABELS or token.pos_ == "PROPN" or \
        any(w in lang.roles or w in lang.person_nouns for w in words)


def _fallback_targets(head: Token, last: Token | None, tokens: list[Token],
                      candidates: list[Token], analysis: Analysis, role: str,
                      kind: str = "", places: bool = True) -> list[Actor]:
    """When no known actor fills the target, the nearest participant the words give, in
    order: the author of an act that is the object ("rejected a request from X"), an
    object-control subject, a party after a preposition of the trigger phrase, someone
    named as the object, a party on the object ("an explanation from X"), the object
    itself, a beneficiary, and last the place the act is aimed at ("declared a state of
    siege in the town")."""
    lang = analysis.lang
    words = list(dict.fromkeys([head, *(t for t in tokens if t.pos_ in ("NOUN", "VERB")),
                                *([last] if last is not None else [])]))
    controlled = [c for c in head.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    inner = [o for c in controlled for o in objects(c, lang.object_markers)]
    objects_ = list(dict.fromkeys(_counted(o, lang) for o in candidates + inner))
    party_preps = (lang.partner_preps | lang.against_preps | lang.noun_target_preps
                   | lang.recipient_preps | lang.origin_preps)
    wanted = role != "none"
    if role == "recipient":
        # "suspended aid donations for Sarajevo", "gave 5 million euros": what is given
        # is no target, who it is for is
        party_preps |= lang.beneficiary_preps
        objects_ = [o for o in objects_ if not _is_resource(o, lang)]
    nouns = [w for w in words if w != head and w.pos_ == "NOUN"]

    def entities(found: list[Token]) -> list[Token]:
        return [t for t in found if _entity_like(t, lang)]

    # "agreed to set up a centre in Berlin", "willing to withdraw its troops from Gaza":
    # the party of an act agreed or refused is who or where the inner act goes to, not
    # what it moves
    inner_parties = entities(_phrase_preps(controlled, lang, party_preps
                                           | lang.beneficiary_preps | lang.locative_preps))

    if not wanted:
        # the object is no target ("discussed Libya", "withdrew troops"), but a party
        # after a preposition is ("with Trump", "from Iraq")
        objects_ = []
    acts_judged = [o for o in objects_ if o.lemma_.lower() in lang.triggers
                   or o.lemma_.lower() in lang.act_nouns]
    steps = [
        [t for c in objects_ for part in conjuncts(c) for t in _authors(part, lang)],
        _controlled_subjects(head) if wanted else [],
        _phrase_preps(words, lang, party_preps),
        entities(objects_),
        inner_parties if wanted and not entities(objects_) else [],
        _phrase_preps(objects_, lang, party_preps),
        objects_,
        # "condemned the attacks", "rejected the request": with no one named, the act
        # judged is the target (which _generic refuses, as events are no participants)
        acts_judged,
        _phrase_preps(nouns, lang, lang.of_preps) if head.pos_ == "VERB" else [],
        entities(_phrase_preps(words, lang, lang.beneficiary_preps)),
        entities(_phrase_preps(words, lang, lang.locative_preps)) if places else [],
        # "imposed a curfew in parts of Kashmir": the area a measure is aimed at
        _phrase_preps(words, lang, lang.locative_preps) if places and kind in AREA_TYPES
        else [],
    ]
    own_words = {head, *tokens}  # "granted a pardon": the pardon is the event, no target
    for tokens_of_step in steps:
        # a date is no participant, but "dozens of members" are the members
        step = [t for t in tokens_of_step if t not in own_words and (
            t.ent_type_ not in NOT_PARTICIPANT_LABELS or _complements(t, lang))]
        known = [a for token in step for a in _actors_for(token, analysis)]
        if known:
            return known
        if tokens_of_step is acts_judged:
            found = [a for a in map(analysis.resolver.generic, step) if a is not None]
        else:
            found = [a for token in step for a in _generic(token, analysis)]
        if found:
            return found
    return []


def _unique(actors: list[Actor]) -> list[Actor]:
    """One entry per actor, the first mention kept: two mentions of the Trump
    administration in one clause are one participant."""
    seen, kept = set(), []
    for actor in actors:
        if (actor.name, actor.country) not in seen:
            seen.add((actor.name, actor.country))
            kept.append(actor)
    return kept


def _evidence(head: Token, tokens: list[Token], actors: list[Actor], targets: list[Actor],
              chain: list[Token]) -> tuple[int, int]:
    sentence = head.sent
    starts = [t.idx for t in tokens] + [a.span[0] for a in actors + targets if a.span]
    ends = [t.idx + len(t) for t in tokens] + [a.span[1] for a in targets if a.span]
    for governor in chain[:1]:
        if governor.sent == sentence:
            starts.append(governor.idx)
    start = max(min(starts), sentence.start_char)
    end = min(max(ends), sentence.end_char)
    return (start, end)


def find_events(analysis: Analysis) -> None:
    """Fill `analysis.events` with one draft per trigger found."""
    found = find_triggers(analysis)
    analysis.trigger_heads = {head.i for _trigger, _tokens, head in found}
    for trigger, tokens, head in found:
        actors, targets = arguments(trigger, head, analysis, tokens[-1], tokens)
        if trigger.type in MUTUAL_TYPES and len(actors) > 1 and all(
                t.country is None and t.sector is None for t in targets):
            # "Jordan and Britain agreed": the first party named acts, towards the others
            actors, targets = actors[:1], actors[1:]
        chain = governors(head, adjunct_preps=analysis.lang.adjunct_preps)
        framing = [g for g in chain[:1] if _frames_event(g, analysis.lang)]
        draft = EventDraft(
            tense_hint=analysis.tense_hints.get(head.i),
            type=trigger.type,
            modes=list(trigger.modes),
            trigger=tokens,
            head=head,
            actors=actors,
            targets=targets,
            governors=chain,
        )
        draft.evidence = [_evidence(head, tokens, actors, targets, framing)]
        analysis.events.append(draft)


