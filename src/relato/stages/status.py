"""Status: where each event stands, read from the words around and above its trigger, the
verb's mood and tense, negation, and statements elsewhere in the article.

The nearest cue wins: "n'envisage pas de frapper" is negated at "envisager" before
"frapper" is reached. Mood (conditional, future) only speaks when no word does."""

from __future__ import annotations

from spacy.tokens import Span, Token

from relato.lang import LangData
from relato.lang.base import StatusCue
from relato.stages.context import Analysis, EventDraft
from relato.syntax import acts_as_verb, aux_tokens, is_finite

DURATIVE = {"CONSULT", "MOBILIZE", "PROTEST", "ASSAULT", "COOPERATE", "AID", "COERCE"}
NEGATION_DEPS = {"neg", "advmod", "det", "advmod:neg"}
MODIFIER_DEPS = {"amod", "advmod", "det", "neg", "nummod", "compound", "advmod:neg", "aux",
                 "aux:tense", "aux:pass", "auxpass", "cop", "mark"}


def _cue_at(token: Token, lang: LangData, scopes: set[str]) -> tuple[StatusCue, Span] | None:
    doc = token.doc
    verbal = acts_as_verb(token)
    for key in {token.lemma_.lower(), token.lower_}:
        cues = lang.status_cues.get(key, [])
        if verbal:  # "GM plans/NOUN to close": a word heading a clause is read as a verb
            cues = sorted(cues, key=lambda c: (-len(c.words), c.pos != "VERB"))
        for cue in cues:
            if cue.scope not in scopes:
                continue
            if cue.pos not in ("*", token.pos_) and not (cue.pos == "VERB"
                                                          and acts_as_verb(token)):
                continue
            words = [token]
            i = token.i + 1
            for word in cue.words[1:]:
                while i < len(doc) and doc[i].pos_ in ("DET", "ADP", "PART", "PRON") and not (
                        doc[i].lemma_.lower() == word or doc[i].lower_ == word):
                    i += 1
                if i < len(doc) and (doc[i].lemma_.lower() == word or doc[i].lower_ == word):
                    words.append(doc[i])
                    i += 1
                else:
                    break
            else:
                return cue, doc[words[0].i: words[-1].i + 1]
    return None


def _part_of_longer_cue(token: Token, lang: LangData) -> tuple[StatusCue, Span] | None:
    """"laisser entendre": at "entendre", the longer cue its head starts wins over the
    cue "entendre" alone would give."""
    head = token.head
    if head == token:
        return None
    hit = _cue_at(head, lang, {"governor"})
    if hit is not None and len(hit[0].words) > 1 and token.i in range(hit[1].start,
                                                                        hit[1].end):
        return hit
    return None


def _negated(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in NEGATION_DEPS and (
                "Polarity=Neg" in str(child.morph) or child.dep_ == "neg"):
            if child.lower_ in ("ne", "n'"):
                continue
            return child
    return None


def _modifier_cue(token: Token, lang: LangData) -> tuple[str, Span] | None:
    for child in token.children:
        if child.dep_ not in MODIFIER_DEPS:
            continue
        hit = _cue_at(child, lang, {"modifier"})
        if hit:
            return hit[0].status, hit[1]
    negation = _negated(token)
    if negation is not None:
        return "negated", token.doc[negation.i: negation.i + 1]
    return None


def _mood(verb: Token, lang: LangData) -> str | None:
    for aux in aux_tokens(verb):  # "will", "would", "could": modal auxiliaries as words
        hit = _cue_at(aux, lang, {"modifier"})
        if hit is not None and hit[0].status != "negated":
            return hit[0].status
    for token in [verb, *aux_tokens(verb)]:
        mood = token.morph.get("Mood")
        tense = token.morph.get("Tense")
        if mood == ["Cnd"] or (lang.conditional_endings and "VerbForm=Fin" in str(token.morph)
                               and token.lower_.endswith(tuple(lang.conditional_endings))):
            return "hypothetical"
        if tense == ["Fut"]:
            return "planned"
    return None


def _clause_cue(head: Token, lang: LangData) -> tuple[str, Span] | None:
    """A clause word ("si", "if") marking the clause the event stands in."""
    token = head
    for _ in range(4):
        for child in token.children:
            if child.dep_ == "mark":
                hit = _cue_at(child, lang, {"clause"})
                if hit:
                    return hit[0].status, hit[1]
        if token.head == token or is_finite(token):
            break
        token = token.head
    return None


def local_status(event: EventDraft, lang: LangData) -> tuple[str, Span | None, bool]:
    """(status, the words deciding it, decided by mood alone).

    Negation of the event word first; then the nearest governing cue ("envisage des
    frappes" is considered even when they are "éventuelles"); then modifiers of the word,
    clause words ("si"), and last the mood or tense of the verb."""
    head = event.head
    negation = _negated(head)
    own = {t.i for t in event.trigger}
    if negation is not None and negation.i not in own:  # "pas d'accord" is its own word
        return "negated", head.doc[negation.i: negation.i + 1], False
    for index, governor in enumerate(event.governors):
        cue = _part_of_longer_cue(governor, lang) or _cue_at(governor, lang, {"governor"})
        below = event.governors[index - 1] if index else head
        if cue is not None and cue[0].status == "negated" and below.dep_ in ("nsubj", "csubj"):
            cue = None  # "the attack killed twelve people": the doer is not what is undone
        if cue is not None:
            status = cue[0].status
            negation = _negated(governor)
            if negation is not None and status != "negated":
                return "negated", governor.doc[negation.i: negation.i + 1], False
            if status == "ongoing" and _mood(governor, lang) in ("planned", "hypothetical"):
                status = _mood(governor, lang)  # "comenzarán el 1 de julio": not begun yet
            return status, cue[1], False
        negation = _negated(governor)
        if negation is not None and governor.pos_ in ("VERB", "AUX", "ADJ"):
            return "negated", governor.doc[negation.i: negation.i + 1], False
        if is_finite(governor):
            break
    hit = _modifier_cue(head, lang)
    if hit and not (hit[0] == "negated" and hit[1].start in own):
        if hit[0] == "hypothetical" and hit[1][0].dep_.startswith("aux") and \
                _reported_in_past(head, lang):
            return "planned", hit[1], False  # "announced that he would be on leave"
        return hit[0], hit[1], False
    clause = _clause_cue(head, lang)
    if clause:
        return clause[0], clause[1], False
    framed = _framing_report(head, event.governors, lang)
    if framed:
        return framed
    if _be_to(head, lang):
        # "the first jet that is to be delivered", "the plan is to end the losses"
        return "planned", head.doc[head.i: head.i + 1], True
    if event.tense_hint:
        return ({"Fut": "planned", "Cnd": "hypothetical"}.get(event.tense_hint, "occurred"),
                head.doc[head.i: head.i + 1], True)
    verbs = [head] if head.pos_ in ("VERB", "AUX") else []
    verbs += [g for g in event.governors if g.pos_ in ("VERB", "AUX")]
    verb = next((v for v in verbs if is_finite(v)), None)
    if verb is not None and verb != head and head.dep_.startswith("nsubj") and \
            _mood(verb, lang) == "hypothetical":
        verb = None  # a subject is not what "would" doubts ("the process would take weeks")
    if verb is not None and verb == head and head.morph.get("Tense") == ["Pres"] and \
            head.morph.get("Mood") in (["Ind"], []) and not aux_tokens(head) and \
            lang.code != "en" and event.type in DURATIVE:
        # "la Maison Blanche discutent de son ampleur": the present of an act is under way
        # (not in English, where the present of headlines tells the past)
        return "ongoing", head.doc[head.i: head.i + 1], True
    if verb is not None:
        mood = _mood(verb, lang)
        if mood == "hypothetical" and _reported_in_past(verb, lang):
            mood = "planned"  # "announced it would cut jobs": the future of a past report
        if mood:
            return mood, verb.doc[verb.i: verb.i + 1], True
    if verb is not None and verb.dep_ in ("advcl", "conj") and (verb.dep_ == "conj" or any(
            c.dep_ in ("mark", "advmod") and c.i < verb.i for c in verb.children)) and \
            not aux_tokens(verb) and _mood(verb.head, lang) == "planned":
        # "when it arrives", after a main clause in the future
        return "planned", verb.doc[verb.i: verb.i + 1], True
    if head.pos_ in ("VERB", "AUX") and "VerbForm=Inf" in str(head.morph) and \
            head.dep_ in ("advcl", "acl") and any(c.lower_ in lang.purpose_words
                                                  for c in head.children):
        # "went on television to appease the public", "efforts to ease": a purpose
        return "hypothetical", head.doc[head.i: head.i + 1], True
    if head.pos_ in ("VERB", "AUX") and "VerbForm=Inf" in str(head.morph) and \
            head.dep_ == "ROOT":
        # a headline's "Apple to give free cases": the infinitive announces what will be
        return "planned", head.doc[head.i: head.i + 1], True
    return "occurred", None, False


def _be_to(head: Token, lang: LangData) -> bool:
    """English "is to (be) done", and a headline's "Airline to be compensated"."""
    if lang.code != "en" or head.pos_ not in ("VERB", "AUX"):
        return False
    marker = any(c.lower_ == "to" and c.dep_ == "aux" for c in head.children)
    if not marker:
        return False
    governor = head.head
    return head.dep_ == "ROOT" or (head.dep_ in ("xcomp", "ccomp", "advcl") and
                                   governor.lemma_.lower() == "be")


def _framing_report(head: Token, chain: list[Token], lang: LangData
                    ) -> tuple[str, Span, bool] | None:
    """"advirtió que la bancada votará contra", "denied that troops attacked": a clause
    said as a warning or a denial takes that status."""
    clause = next((t for t in [head, *chain] if t.pos_ in ("VERB", "AUX") and is_finite(t)),
                  None)
    if clause is None or clause.dep_ != "ccomp" or clause.head == clause:
        return None
    hit = _cue_at(clause.head, lang, {"governor"})
    if hit is not None and hit[0].status in ("threatened", "negated"):
        return hit[0].status, hit[1], False
    return None


def _reported_in_past(verb: Token, lang: LangData) -> bool:
    """Is this clause the complement of a reporting verb in a past tense?"""
    if verb.dep_ not in ("ccomp", "conj") or verb.head == verb:
        return False
    report = verb.head if verb.dep_ == "ccomp" else verb.head.head
    if not (report.lemma_.lower() in lang.reporting_verbs or
            report.lemma_.lower() in lang.attribution_verbs):
        return False
    tenses = [t.morph.get("Tense") for t in [report, *aux_tokens(report)]]
    return ["Past"] in tenses or report.tag_ in ("VBD", "VBN")


def article_cues(analysis: Analysis) -> list[tuple[StatusCue, Span]]:
    """Statements that settle the status of what the article is about ("no final decision
    has been made", "the mission is not imminent")."""
    found = []
    for token in analysis.doc:
        hit = _cue_at(token, analysis.lang, {"article"})
        if hit:
            found.append(hit)
    return found


def decide_status(analysis: Analysis) -> None:
    from relato.stages.dates import later_than_published

    settled = article_cues(analysis)
    for event in analysis.events:
        status, cue, from_mood = local_status(event, analysis.lang)
        if status == "occurred" and cue is None and event.date is not None and \
                later_than_published(event.date, analysis.published):
            # "cutting 30,000 jobs by 2012", written in 2006: not done yet
            status, from_mood = "planned", True
        event.status, event.status_cue, event.status_from_mood = status, cue, from_mood
    if not settled:
        return
    # An article-level statement overrides a status that only the mood suggested, for
    # the events of the same type as one the article already holds as considered.
    for event in analysis.events:
        if event.status_from_mood or (event.status == "occurred" and event.status_cue is None
                                      and event.head.pos_ == "NOUN"):
            for cue, span in settled:
                if any(other.status == cue.status and other.type == event.type
                       for other in analysis.events if other is not event):
                    event.status, event.status_cue = cue.status, span
                    break


def statuses_of_words(analysis: Analysis, spans: list[tuple[int, int]]) -> list[str]:
    """The status of whatever event each word at [start, end) states, PLOVER or not (an
    economic or legal event in a status task file)."""
    from relato.stages.dates import attach_dates, later_than_published
    from relato.stages.events import governors

    drafts: list[EventDraft | None] = []
    for start, end in spans:
        span = analysis.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            drafts.append(None)
            continue
        head = span.root
        drafts.append(EventDraft(
            type="AGREE", modes=[], trigger=list(span), head=head,
            governors=governors(head, adjunct_preps=analysis.lang.adjunct_preps)))
    analysis.events = [d for d in drafts if d is not None]
    attach_dates(analysis)
    statuses = []
    for draft in drafts:
        if draft is None:
            statuses.append("occurred")
            continue
        status, cue, _from_mood = local_status(draft, analysis.lang)
        if status == "occurred" and cue is None and draft.date is not None and \
                later_than_published(draft.date, analysis.published):
            status = "planned"
        statuses.append(status)
    return statuses
