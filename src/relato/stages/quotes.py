"""Quotes: direct speech between quotation marks or after a dialogue dash, and reported
speech ("a affirmé que ...", "said that ..."), each with its speaker and cue.

Quotation marks are paired per paragraph, so an unpaired mark loses at most its own quote;
a quote may run over paragraphs the way newspapers write it: each new paragraph opens
again, and only the last one closes."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from relato.schema import Quote, Source
from relato.stages.attribution import source_for
from relato.stages.context import Analysis
from relato.syntax import (
    case_word,
    conj_root,
    is_finite,
    is_passive,
    passive_subjects,
    subjects,
    verb_group,
)

MIN_QUOTE_WORDS = 3
_WORD = re.compile(r"\w+")
_CUT_OFF = {",", ".", "!", "?", "…", "—", "–", "-", ";", ":"}
_SENTENCE_STOP = re.compile(r"(\w+)[.!?]\s+")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"\n\s*", text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _marks_in(text: str, start: int, end: int, marks: tuple[tuple[str, str], ...]
              ) -> list[tuple[int, str]]:
    """Every quotation mark in text[start:end], longest first where marks share a
    character ("''" before "'")."""
    symbols = sorted({m for pair in marks for m in pair}, key=len, reverse=True)
    first_chars = {m[0] for m in symbols}
    found = []
    i = start
    while i < end:
        if text[i] in first_chars:
            mark = next((m for m in symbols if text.startswith(m, i)), None)
            if mark is not None:
                found.append((i, mark))
                i += len(mark)
                continue
        i += 1
    return found


def _pairs_in(text: str, start: int, end: int, marks: tuple[tuple[str, str], ...]
              ) -> tuple[list[tuple[int, int]], tuple[int, str] | None]:
    """Outermost quoted stretches in text[start:end]; also the mark that opened a quote
    never closed, and where its words begin. A mark that both opens and closes (" or '')
    opens after a non-letter and closes before one."""
    closes: dict[str, set[str]] = {}
    for open_, close in marks:
        closes.setdefault(close, set()).add(open_)
    opens = {open_ for open_, _ in marks}
    found: list[tuple[int, int]] = []
    stack: list[tuple[str, int, int]] = []  # mark, position, length
    for i, mark in _marks_in(text, start, end, marks):
        symmetric = mark in opens and mark in closes
        if stack and mark in closes and stack[-1][0] in closes[mark] and (
                not symmetric or _closes_symmetric(text, i + len(mark) - 1)):
            _open, at, length = stack.pop()
            if not stack:
                found.append((at + length, i))
            continue
        if mark in opens and (not symmetric or _opens_symmetric(text, i)):
            if symmetric and any(open_ == mark for open_, _, _ in stack):
                continue
            stack.append((mark, i, len(mark)))
    unclosed = (stack[0][1] + stack[0][2], stack[0][0]) if stack else None
    return found, unclosed


def _title(words: list[str]) -> bool:
    """"Face the Nation", "Fox News Sunday": a short title in quotation marks, not speech."""
    return len(words) <= 4 and sum(w[:1].isupper() for w in words) >= len(words) - 1 and \
        words[0][:1].isupper()


def _spoken(quoted: str) -> bool:
    """'“Like Oakland. Or Ferguson,” Trump said': short capitalised words that hold a
    sentence break or end on an exclamation are speech, not a title."""
    return quoted.rstrip()[-1:] in ("!", "?") or bool(re.search(r"[.!?]\s+\w", quoted))


def _opens_symmetric(text: str, i: int) -> bool:
    """After a letter a straight mark is an apostrophe or closes; after "=" it opens the
    value of a markup attribute ('<tweet datetime="2016-06-28">'), not a quotation."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "=")


def _closes_symmetric(text: str, i: int) -> bool:
    return i + 1 >= len(text) or not text[i + 1].isalnum()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quoted_spans(analysis: Analysis) -> list[tuple[int, int]]:
    text = analysis.text
    marks = analysis.lang.quote_marks
    spans: list[tuple[int, int]] = []
    carried: int | None = None
    for p_start, p_end in _paragraphs(text):
        found, unclosed = _pairs_in(text, p_start, p_end, marks)
        if carried is not None:
            opener = _marks_in(text, p_start, min(p_end, p_start + 3), marks)
            if found and opener and opener[0][0] == p_start and \
                    found[0][0] == p_start + len(opener[0][1]):
                first = found.pop(0)
                found.insert(0, (carried, first[1]))
            carried = None
        if unclosed is not None:
            words_start, mark = unclosed
            rest = len(text) - len(text[p_end:].lstrip())
            next_opener = _marks_in(text, rest, min(len(text), rest + 3), marks)
            if words_start < p_end and next_opener and next_opener[0] == (rest, mark):
                # a quotation over paragraphs: the next one opens again with the same mark
                carried = words_start
            else:
                # a stray mark ('"Kevin was snoring.'): the quotations after it still stand
                found += _pairs_in(text, words_start, p_end, marks)[0]
        for start, end in found:
            start, end = _strip(text, start, end)
            words = _WORD.findall(text[start:end])
            if len(words) >= MIN_QUOTE_WORDS and (not _title(words) or _spoken(text[start:end])):
                spans.append((start, end))
        spans += _dialogue(analysis, p_start, p_end)
    return sorted(spans)


def _dialogue(analysis: Analysis, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph opened by a dialogue dash: the words spoken, without the incise that
    names the speaker ("— C'est notre responsabilité, a-t-il affirmé. Les gardes ..." gives
    two stretches; "—No vamos a permitirlo —dijo el ministro—. Es grave." too)."""
    text, dashes = analysis.text, analysis.lang.dialogue_dashes
    stripped = text[start:end].lstrip()
    if not dashes or stripped[:1] not in dashes:
        return []
    begin = end - len(stripped) + 1
    incise = _incise(analysis, begin, end)
    if incise is None:
        parts = [(begin, end)]
    else:
        quote_end, incise_end = incise
        parts = [(begin, quote_end), (incise_end, end)]
    spans = []
    for part_start, part_end in parts:
        part = _strip(text, part_start, part_end)
        part = (part[0], part[1] - (1 if text[part[1] - 1:part[1]] in dashes else 0))
        part = _strip(text, *part)
        if len(_WORD.findall(text[part[0]:part[1]])) >= MIN_QUOTE_WORDS:
            spans.append(part)
    return spans


def _incise(analysis: Analysis, begin: int, end: int) -> tuple[int, int] | None:
    """(end of the spoken words, start of what is spoken after the incise) in a dialogue
    paragraph: a reporting verb after a comma, a ? or ! or a dash."""
    doc, lang = analysis.doc, analysis.lang
    span = doc.char_span(begin, end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if not (_is_reporting(token, lang) or _speech_verb(token, lang)):
            continue
        first = verb_group(token)[0]
        before = doc[first.i - 1] if first.i > span.start else None
        if before is None or before.text not in (",", "?", "!", "…", *lang.dialogue_dashes):
            continue
        quote_end = before.idx + (len(before) if before.text in ("?", "!", "…") else 0)
        after = token.i + 1
        while after < span.end and doc[after].text not in (".", *lang.dialogue_dashes) and \
                not (doc[after].text == "," and doc[after].i > token.i + 4):
            after += 1
        while after < span.end and doc[after].is_punct:
            after += 1
        incise_end = doc[after].idx if after < span.end else end
        return quote_end, incise_end
    return None


def _reporting_verbs(doc, start_char: int, end_char: int, lang) -> list[Token]:
    verbs = []
    for token in doc.char_span(start_char, end_char, alignment_mode="expand") or []:
        if _is_reporting(token, lang) or _speech_verb(token, lang):
            verbs.append(token)
    return verbs


def _speech_verb(token: Token, lang) -> bool:
    """'"...," he continued': a verb that names a quotation's speaker only beside it, and
    only when nothing after it is its complement ("continued to fight" is no incise)."""
    return token.pos_ == "VERB" and (token.lemma_.lower() in lang.speech_verbs or
                                     token.lower_ in lang.speech_verbs) and not any(
        c.dep_ in ("xcomp", "dobj", "obj", "prep", "obl", "ccomp") and c.i > token.i
        for c in token.children)


def _speaker_of(verb: Token, analysis: Analysis, after_quote: bool = False,
                depth: int = 0) -> Source | None:
    """The subject of the reporting verb; after a quote the subject is often inverted and
    parsed as an object ("« ... », a affirmé la présidente")."""
    quoted = analysis.quote_spans
    root = conj_root(verb)  # "rechazó las críticas y aseguró que ...": the first verb's subject
    inverted = [c for c in verb.children if c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
                and c.dep_ in ("obj", "dobj", "nsubj", "appos", "nmod", "obl")][:1]
    if after_quote and inverted and verb.i > 0 and verb_group(verb)[0].nbor(-1).text == ",":
        root = verb  # "..., a annoncé le ministère": the parser's conjunct is an incise
    candidates = [s for s in subjects(verb) + passive_subjects(verb) + (
        subjects(root) if root != verb and not subjects(verb) else [])
                  if _outside(quoted, s.idx, s.idx + len(s))]
    if not is_passive(verb, analysis.lang.passive_aux) and \
            verb.lemma_.lower() not in analysis.lang.raising_verbs:
        candidates = [_antecedent(s, verb) if _relative(s) and s.dep_ in ("nsubj", "csubj")
                      else s for s in candidates]
    if not candidates and after_quote:
        candidates = inverted
    for subject in candidates:
        found = source_for(subject, analysis)
        if found:
            return found[0]
    if not candidates and analysis.lang.null_subject and is_finite(verb) and \
            verb.dep_ not in ("advcl", "xcomp", "acl") and depth == 0:
        # "—dijo a la prensa—", «...», afirmó: no subject is said, the last person is
        resolver = analysis.resolver
        if resolver is not None:
            person = resolver.recent(verb.i, lambda a, g, n, s: s and a.name in
                                     resolver.person_names, window=4)
            if person is not None:
                return Source(name=person.name, kind="person", anonymous=False,
                              country=person.country, mention=person.mention,
                              span=person.span)
    if not candidates and verb.dep_ in ("advcl", "xcomp", "conj", "acl") and verb.head != verb \
            and depth < 3:
        # "the mayor said, adding that ...", "Rendell recalled, suggesting ..."
        return _speaker_of(verb.head, analysis, after_quote, depth + 1)
    return None


def _antecedent(pronoun: Token, verb: Token) -> Token:
    """'the senator who said ...', 'la sénatrice qui a affirmé', 'la senadora quien afirmó':
    the noun a relative subject refers back to is the speaker."""
    for clause in (verb, conj_root(verb)):
        if pronoun.head == clause and clause.dep_ in ("relcl", "acl:relcl", "acl") and \
                clause.head.pos_ in ("NOUN", "PROPN"):
            return clause.head
    return pronoun


def _attribution_window(analysis: Analysis, start: int, end: int) -> list[tuple[int, int]]:
    """Where the speaker of a quote may be named: the rest of its sentences, nearest first."""
    doc = analysis.doc
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return []
    text = analysis.text
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    before_start = first[0].sent.start_char
    if before_start >= paragraph_start and text[:paragraph_start].rstrip().endswith(":"):
        # 'He said:' then the quote in a paragraph of its own
        before_start = text.rfind("\n", 0, max(0, paragraph_start - 1)) + 1
    after_end = first[-1].sent.end_char
    if after_end <= end + 2 and first[-1].i + 1 < len(doc):
        after_end = doc[min(len(doc) - 1, first[-1].i + 2)].sent.end_char
    windows = [(end, min(after_end, paragraph_end)), (before_start, start)]
    sentence = first[0].sent
    if start <= sentence.start_char + 2 and sentence.start > 0:
        # '..., the governor said. "It cuts ..."': the sentence before, ended by its incise
        previous = doc[sentence.start - 1].sent
        if previous.start_char >= paragraph_start:
            windows.append((previous.start_char, sentence.start_char))
    return windows


def _sentence_bounds(analysis: Analysis, start: int, end: int) -> tuple[int, int]:
    span = analysis.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    return span[0].sent.start_char, span[-1].sent.end_char


def _precedes_directly(verb: Token, start: int) -> bool:
    """'..., the governor said. "It cuts ..."': the sentence before a quote names its
    speaker when it ends with the attribution, nothing after the verb but its subject."""
    doc = verb.doc
    own = {t.i for s in subjects(verb) + passive_subjects(verb) for t in s.subtree}
    for token in doc[verb.i + 1:]:
        if token.idx >= start:
            return True
        if not (token.is_punct or token.is_space or token.i in own):
            return False
    return True


def _follows_directly(verb: Token, end: int) -> bool:
    """'"... up to them." Trump said.': an attribution in the sentence after a quote names
    its speaker only when it comes right after the closing mark, with nothing before it
    but its subject; 'The budget is "a disgrace," the governor said' is a quote of its own."""
    doc = verb.doc
    own = {t.i for t in verb_group(verb)} | {
        t.i for s in subjects(verb) + passive_subjects(verb) for t in s.subtree}
    for i in range(verb.i, -1, -1):
        token = doc[i]
        if token.idx < end:
            return True
        if not (token.is_punct or token.is_space or token.i in own):
            return False
    return True


def _cue_for(verb: Token) -> tuple[str, tuple[int, int]]:
    group: Span = verb_group(verb)
    return group.text, (group.start_char, group.end_char)


def _outside(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= q_start or start >= q_end for q_start, q_end in quotes)


def direct_quotes(analysis: Analysis, spans: list[tuple[int, int]]) -> list[Quote]:
    doc, lang, text = analysis.doc, analysis.lang, analysis.text
    quotes = []
    for start, end in spans:
        speaker, cue = None, None
        candidates = []
        own_start, own_end = _sentence_bounds(analysis, start, end)
        for w_start, w_end in _attribution_window(analysis, start, end):
            for verb in _reporting_verbs(doc, w_start, w_end, lang):
                if verb.idx >= own_end and not _follows_directly(verb, end):
                    continue  # the next sentence's own attribution, not this quote's
                if verb.idx < own_start and not _precedes_directly(verb, start):
                    continue
                if _outside(spans, verb.idx, verb.idx + len(verb)):
                    distance = min(abs(verb.idx - end), abs(start - verb.idx))
                    candidates.append((distance, verb))
        for _distance, verb in sorted(candidates, key=lambda c: c[0]):
            speaker = _speaker_of(verb, analysis, after_quote=verb.idx >= end)
            cue = _cue_for(verb)
            if speaker is not None:
                break
        if speaker is None:
            speaker = _colon_speaker(analysis, start) or _dash_signature(analysis, end)
        if speaker is None and quotes and _same_paragraph(text, quotes[-1].span[1], start):
            # the second half of a quote cut by its incise ("«...», a-t-il dit, «...»")
            speaker, previous = quotes[-1].speaker, quotes[-1]
            cue = (previous.cue, previous.cue_span) if previous.cue else None
        quotes.append(Quote(
            speaker=speaker, text=text[start:end], span=(start, end), direct=True,
            cue=cue[0] if cue else None, cue_span=cue[1] if cue else None,
        ))
    return quotes


def _dash_signature(analysis: Analysis, end: int) -> Source | None:
    """'"...” ― Carla Sanchez': a name signed after a dash below the quote."""
    text = analysis.text
    rest = text[end:end + 8]
    stripped = rest.lstrip("”\"'’» \n")
    if stripped[:1] not in ("―", "—", "–", "-"):
        return None
    at = end + len(rest) - len(stripped) + 1
    span = analysis.doc.char_span(at, min(len(text), at + 60), alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if token.pos_ in ("PROPN", "NOUN"):
            found = source_for(token, analysis)
            return found[0] if found else None
        if not (token.is_space or token.is_punct):
            break
    return None


def _same_paragraph(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


def _colon_speaker(analysis: Analysis, start: int) -> Source | None:
    """"Un responsable américain : « ... »" with no verb: the phrase before the colon."""
    doc = analysis.doc
    token = doc.char_span(start, start + 1, alignment_mode="expand")
    if token is None:
        return None
    i = token[0].i - 1
    while i >= 0 and doc[i].is_punct:
        if doc[i].text == ":":
            return _speaker_before_colon(analysis, doc[i])
        i -= 1
    return None


def _speaker_before_colon(analysis: Analysis, colon: Token) -> Source | None:
    """"Lemus elogió a las agencias: «...»": the subject of the clause before the colon;
    with no verb there ("Un responsable américain : « ... »"), its last noun phrase."""
    doc = colon.doc
    before = [t for t in doc[colon.sent.start: colon.i]]
    verbs = [t for t in before if t.pos_ in ("VERB", "AUX") and subjects(t)]
    if verbs:
        for subject in subjects(verbs[-1]):
            found = source_for(subject, analysis)
            if found:
                return found[0]
    finite = [t for t in before if t.pos_ == "VERB" and is_finite(t)]
    if finite and not verbs:
        # "Lemus elogió a las agencias: «...»" with the subject missed by the parser
        left = [t for t in before[:finite[0].i - colon.sent.start] if t.pos_ in (
            "PROPN", "NOUN", "PRON")]
        if left:
            found = source_for(left[-1], analysis)
            if found:
                return found[0]
    nouns = [t for t in before if t.pos_ in ("NOUN", "PROPN")]
    if nouns and not verbs:
        found = source_for(nouns[-1], analysis)
        return found[0] if found else None
    return None


COMPLEMENT_DEPS = {"dobj", "obj", "xcomp", "dative", "attr", "oprd", "prep", "obl:arg",
                   "iobj", "ccomp"}
TIME_ENTITIES = {"DATE", "TIME"}
NOT_CONTENT_PREPS = {"before", "after", "during", "since", "until", "by", "in", "at", "from",
                     "via", "through", "while", "amid", "despite"}


def _clause_content(verb: Token, analysis: Analysis) -> tuple[int, int] | None:
    """The reported clause of a reporting verb: its "que/that" clause, or in English any
    clausal complement ("said the strikes could begin")."""
    lang = analysis.lang
    # the clause after the verb first: one before it is fronted ("X, he said"), or the
    # parser's misreading of a clause of its own ("It was no abstract concern: he declared")
    for clause in sorted(verb.children, key=lambda c: (c.i < verb.i, c.i)):
        if clause.dep_ not in ("ccomp", "obj", "dobj") or clause.pos_ not in (
                "VERB", "AUX", "ADJ", "NOUN"):
            continue
        if clause.i < verb.i and any(t.text in (":", ";") for t in verb.doc[
                clause.i:verb.i]):
            continue
        marks = [c for c in clause.children if c.dep_ == "mark"
                 and (c.lower_ in lang.that_words or case_word(c) in lang.that_words)]
        if not marks and not (lang.code == "en" and clause.dep_ == "ccomp"):
            continue
        tokens = list(clause.subtree)
        first = marks[0].i + 1 if marks else tokens[0].i
        return first, tokens[-1].i
    return None


def _same_tense(verb: Token, other: Token) -> bool:
    """'said X and urged Y' is the speaker's next act; in 'say he posed a threat and
    refused to drop the gun' or 'said they had doubts but could not bear ...' the tense
    changes: the second verb goes on with what was said."""
    def tense(token: Token) -> tuple:
        first = verb_group(token)[0]
        return (tuple(first.morph.get("Tense")), tuple(first.morph.get("VerbForm")),
                tuple(first.morph.get("Mood")))
    return tense(verb) == tense(other)


RAISED_DEPS = ("xcomp", "acomp", "attr", "oprd", "ccomp")


def _clause_tail(verb: Token, last: int, analysis: Analysis) -> int:
    """Where reported words end: the parser often hangs the end of the reported clause on
    the reporting verb ('said waterboarding is "peanuts," compared to what ...', "said
    that A, and that B"); what follows the clause is part of it, up to what the speaker
    does next (", adding ...", "and urged ...") or a circumstance of the saying ("on
    Wednesday", "according to ...")."""
    lang = analysis.lang
    for child in verb.children:
        if child.i <= last or child.dep_ in ("punct", "cc"):
            continue
        if child.pos_ in ("VERB", "AUX") and child.dep_ in ("conj", "advcl", "xcomp") and \
                not subjects(child) and not any(c.dep_ == "mark" for c in child.children) \
                and (child.dep_ != "conj" or _same_tense(verb, child)
                     or _stance(child, lang) or _is_reporting(child, lang)):
            break  # the speaker's next act
        if child.pos_ in ("VERB", "AUX") and child.dep_ in ("conj", "ccomp", "parataxis") \
                and subjects(child) and (_is_reporting(child, lang) or any(
                    w in lang.attribution_verbs for w in (child.lemma_.lower(), child.lower_))):
            break  # "..., and three-quarters said ...": another attribution of its own
        if child.dep_ in ("prep", "npadvmod", "obl", "advmod", "nmod:tmod") and (
                any(t.ent_type_ in TIME_ENTITIES for t in child.subtree)
                or child.lower_ in NOT_CONTENT_PREPS
                or any(child.lower_ == words[0] for words, _kind in
                       lang.source_cues_by_first.get(child.lower_, ()))):
            break  # when, where or according to whom it was said
        if any(not _outside(analysis.quote_spans, t.idx, t.idx + len(t))
               for t in (child.left_edge, child)) and child.left_edge.i > last + 2:
            break  # a quotation of its own after the reported words
        last = child.right_edge.i
    return last


def _complement_content(verb: Token, analysis: Analysis) -> tuple[int, int] | None:
    """What a verb of stance is said of: its complements to the right ("criticized Obama
    for not acting", "vowed to form a task force", "spoke of her early discussions"); with
    a passive or raising verb, its subject too ("one voter in nine is expected to be
    Latino", "the closures appear to have helped", "the response can seem biological").
    A raising verb says nothing of its other complements ("appeared on a show")."""
    raising = verb.lemma_.lower() in analysis.lang.raising_verbs
    xcomps = [c for c in verb.children if c.i > verb.i and (
        c.dep_ == "xcomp" or (raising and c.dep_ in RAISED_DEPS))]
    raised = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj:pass", "nsubj")
              and c.i < verb.i]
    if xcomps and raised and (is_passive(verb, analysis.lang.passive_aux) or raising) \
            and raised[0].pos_ != "PRON":
        return raised[0].left_edge.i, xcomps[-1].right_edge.i
    if raising:
        return None
    parts = []
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in COMPLEMENT_DEPS:
            continue
        if child.dep_ == "prep":
            objects_ = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if not objects_ or objects_[0].ent_type_ in TIME_ENTITIES or \
                    child.lower_ in NOT_CONTENT_PREPS:
                continue
        parts.append(child)
    if not parts:
        return None
    first = min(p.left_edge.i for p in parts)
    last = max(p.right_edge.i for p in parts)
    if verb.doc[first].pos_ == "ADP" and first < last:
        first += 1  # "a insisté sur | la coopération": what is said, not the preposition
    words = [t for t in verb.doc[first:last + 1] if t.is_alpha]
    if len(words) < 2 and all(t.pos_ == "PRON" for t in words):
        return None  # "accusing her", "having said that"
    return first, last


def _without_aside(doc, first: int, last: int) -> tuple[int, int]:
    """'said he backed Mr. Trump, the party's nominee' or '..., which forced her to leave':
    an aside after a comma on the last noun of the reported words is the writer's, not the
    speaker's."""
    for i in range(first + 3, last):
        if doc[i].text != ",":
            continue
        for token in doc[i + 1:last + 1]:
            if token.dep_ in ("appos", "relcl", "acl:relcl", "acl") and \
                    first <= token.head.i < i and token.left_edge.i in (i, i + 1) and \
                    token.right_edge.i >= last and (
                        token.dep_ == "appos" or _relative(doc[i + 1])):
                return first, i - 1
    return first, last


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause refers back to, when the relative is what the verb's
    subject says or thinks ("the limit that economists consider sustainable", "what he
    calls corruption"), not its subject ("the senator who said ...")."""
    own = subjects(verb)
    if not own or any(_relative(s) for s in own) or any(
            c.dep_ in ("ccomp", "dobj", "obj") and c.i > verb.i for c in verb.children):
        return None  # the verb says something of its own ("the reason he hopes X will")
    if verb.dep_ in ("relcl", "acl:relcl") and verb.head.pos_ in ("NOUN", "PROPN") and any(
            _relative(c) or c.dep_ == "mark" for c in verb.children if c.i < verb.i) or (
            verb.dep_ in ("relcl", "acl:relcl") and verb.head.pos_ in ("NOUN", "PROPN")
            and own[0].i == verb.head.i + 1):
        return verb.head
    what = [c for c in verb.children if c.i < own[0].i and _relative(c) and c.dep_ in (
        "dobj", "obj", "oprd")]
    return what[0] if what else None


def _relative(token: Token) -> bool:
    return "Rel" in token.morph.get("PronType") or token.tag_ in ("WDT", "WP")


def reported_quotes(analysis: Analysis) -> list[Quote]:
    """"X a affirmé que ...", "X said (that) ...", "X criticized Y for ...": the clause or
    complement, with the verb's subject as speaker."""
    doc, lang = analysis.doc, analysis.lang
    quotes = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        reporting = lang.reports(verb)
        stance = _stance(verb, lang) and not _seen_only(verb, lang)
        if not (reporting or stance):
            continue
        content = _clause_content(verb, analysis)
        if content is not None and content[0] > verb.i:
            content = content[0], _clause_tail(verb, content[1], analysis)
        if content is None and stance:
            content = _complement_content(verb, analysis)
        antecedent = _relative_antecedent(verb)
        if antecedent is not None and antecedent.ent_type_ not in TIME_ENTITIES:
            # "a clip that the judge called distasteful", "what economists call spending":
            # what the relative refers back to is what is said
            words = [t for t in doc[antecedent.left_edge.i:max(
                [verb.i, *([content[1]] if content else [])]) + 1] if t.is_alpha]
            if len(words) > MIN_QUOTE_WORDS:
                content = words[0].i, words[-1].i
        if content is None:
            continue
        first, last = _without_aside(doc, *content)
        for i in range(first, last + 1):
            token = doc[i]
            if token.text == ";" or (
                    token.dep_ in ("conj", "advcl") and token.i > first + 2
                    and first <= token.head.i <= last and token.head.head.i == verb.i
                    and token.pos_ == "VERB" and (_is_reporting(token, lang) or (
                        token.dep_ == "conj" and _stance(token, lang)
                        and _same_tense(verb, token)))
                    and not subjects(token) and not any(
                        c.dep_ == "mark" for c in token.children)):
                # "... was not intentional; they only learned", "... and suggested that";
                # not "if he would have told her": a clause of its own is part of it
                last = i - 1
                if token.dep_ in ("conj", "advcl"):
                    while last > first and doc[last].dep_ in ("cc", "punct"):
                        last -= 1
                break
        while last > first and (doc[last].is_punct or doc[last].dep_ == "cc"):
            last -= 1
        if last <= first and not doc[first].is_alpha:
            continue
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        cue = _cue_for(verb)
        # "the closures appear to have helped", "X is expected to win": the subject is part
        # of what is held, not who holds it
        raised = any(s.left_edge.i == first for s in subjects(verb) + passive_subjects(verb))
        speaker = None if raised else _speaker_of(verb, analysis)
        quotes.append(Quote(
            speaker=speaker, text=analysis.text[start:end],
            span=(start, end), direct=False, cue=cue[0], cue_span=cue[1],
        ))
    return quotes


def fronted_reports(analysis: Analysis, taken: list[tuple[int, int]]) -> list[Quote]:
    """Reported speech put first: "Les patrouilles commenceront le 1er juillet, a annoncé le
    ministère", "The strikes could begin within weeks, two officials said"."""
    doc, lang, text = analysis.doc, analysis.lang, analysis.text
    quotes = []
    for sentence in doc.sents:
        for verb in sentence:
            if not _is_reporting(verb, lang):
                continue
            if any(_relative(s) for s in subjects(verb)):
                continue  # "..., Senator Olsen, who said": no words put first
            group = verb_group(verb)
            speaker_named = subjects(verb) or any(  # "a annoncé le ministère" (inverted)
                c.dep_ in ("obj", "dobj") and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")
                for c in verb.children)
            if "Fin" not in group[0].morph.get("VerbForm") or not speaker_named or any(
                    c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
                continue  # "..., saying ...", "..., he said he would": the words come after
            comma = group.start - 1
            subject_before = [s for s in subjects(verb) if s.i < verb.i]
            while comma > sentence.start and doc[comma].i > (subject_before[0].i - 1 if
                                                             subject_before else -1) and \
                    doc[comma].text != ",":
                comma -= 1
            if comma <= sentence.start or doc[comma].text != ",":
                continue
            if subject_before and subject_before[0].i < comma:
                continue
            after = max([verb.i, *[t.i for s in subjects(verb) if s.i > verb.i
                                   for t in s.subtree]]) + 1
            while after < sentence.end and doc[after].pos_ in ("ADV", "PART"):
                after += 1
            if after < sentence.end - 2 and doc[after].text == "," and \
                    not _speakers_next_act(doc[after + 1], verb):
                continue  # "X, he said, Y": an incise, read by parenthetical_reports
            start, end = _strip(text, sentence.start_char, doc[comma].idx)
            if not any(is_finite(t) for t in doc[sentence.start:comma] if t.pos_ in (
                    "VERB", "AUX")):
                continue  # "Clinton, the former secretary of State, said": no clause
            if len(_WORD.findall(text[start:end])) < MIN_QUOTE_WORDS or not _outside(
                    taken, start, end):
                continue
            cue = _cue_for(verb)
            quotes.append(Quote(speaker=_speaker_of(verb, analysis, after_quote=True),
                                text=text[start:end], span=(start, end), direct=False,
                                cue=cue[0], cue_span=cue[1]))
            taken = [*taken, (start, end)]
            break
    return quotes


def _speakers_next_act(token: Token, verb: Token) -> bool:
    """'she said, pointing to ...', 'il a dit, ajoutant que ...': a participle of the
    saying verb after its comma tells what the speaker does next, not more of the words."""
    return token.head == verb and token.dep_ in ("advcl", "xcomp", "conj") and (
        "Part" in token.morph.get("VerbForm") or "Ger" in token.morph.get("VerbForm")
        or token.tag_ == "VBG")


def _stance(token: Token, lang) -> bool:
    """A verb of stance or attitude: what it governs is held by its subject."""
    return any(word in lang.attribution_verbs or word in lang.attitude_verbs
               for word in (token.lemma_.lower(), token.lower_))


def _seen_only(verb: Token, lang) -> bool:
    """'saw his ailing father' tells what was seen; 'sees the plan as a mistake' and 'saw
    that Obama could win' tell a view."""
    if verb.lemma_.lower() not in lang.perception_verbs:
        return False
    return not any(c.dep_ in ("ccomp", "advcl", "oprd") or c.lower_ in lang.view_preps
                   or any(g.lower_ in lang.view_preps for g in c.children)
                   for c in verb.children if c.i > verb.i)


def _is_reporting(token: Token, lang) -> bool:
    return token.pos_ in ("VERB", "AUX") and lang.reports(token)


def parenthetical_reports(analysis: Analysis, taken: list[tuple[int, int]]) -> list[Quote]:
    """"The museum, Mr. Bush said, celebrated his heroes": the sentence around an incise."""
    doc, lang, text = analysis.doc, analysis.lang, analysis.text
    quotes = []
    for sentence in doc.sents:
        for verb in sentence:
            if not _is_reporting(verb, lang):
                continue
            subject = [s for s in subjects(verb) if s.i < verb.i]
            left = (subject[0].left_edge.i if subject else verb_group(verb).start) - 1
            right = verb.i + 1
            while right < sentence.end and doc[right].pos_ in ("ADV", "PART"):
                right += 1
            if left <= sentence.start or right >= sentence.end - 1:
                continue
            if doc[left].text != "," or doc[right].text != ",":
                continue
            if _speakers_next_act(doc[right + 1], verb):
                continue  # "..., she said, pointing to ...": words put first, read there
            if not _outside(analysis.quote_spans, doc[right].idx + 1,
                            doc[min(right + 2, sentence.end - 1)].idx + 1):
                continue  # 'Asked ..., Adelson said, "They ..."': the quotation is the words
            last = sentence.end - 1
            while last > right and doc[last].is_punct:
                last -= 1
            start, end = _strip(text, sentence.start_char, doc[last].idx + len(doc[last]))
            if not _outside(taken, start, end) or len(_WORD.findall(text[start:end])) < 6:
                continue
            cue = _cue_for(verb)
            fragments = [(start, doc[left].idx), (doc[right].idx + 1, end)]
            if all(t.pos_ in ("ADV", "CCONJ", "INTJ") or t.is_punct
                   for t in doc[sentence.start:left]):
                # "Still, he said, officials have to decide": the connective is the writer's
                start = _strip(text, doc[right].idx + 1, end)[0]
                fragments = None
            quotes.append(Quote(
                speaker=_speaker_of(verb, analysis, after_quote=True), text=text[start:end],
                span=(start, end), fragments=fragments,
                direct=False, cue=cue[0], cue_span=cue[1]))
            break
    return quotes


def _noun_content(noun: Token, lang) -> tuple[int, int] | None:
    """What a noun of saying or thinking is said of: its "that" clause or infinitive ("the
    claim that ...", "his decision to run", "sa décision de partir", "su afirmación de
    que ..."), or for a noun listed with a preposition, that complement ("criticism of the
    plan", "calls for a ban")."""
    word = noun.lemma_.lower()
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and child.dep_ in (
                "acl", "ccomp", "xcomp", "advcl"):
            if word not in lang.cue_nouns and noun.lower_ not in lang.cue_nouns:
                continue
            marks = [c for c in child.children if c.dep_ == "mark" and c.i < child.i
                     and (c.lower_ in lang.that_words or case_word(c) in lang.that_words)]
            if marks:
                return marks[-1].i + 1, child.right_edge.i
            first = child.left_edge
            if "Inf" in child.morph.get("VerbForm") and first.i < child.i and first.pos_ in (
                    "PART", "ADP", "SCONJ") and first.i == noun.i + 1:
                return first.i, child.right_edge.i  # "to run", "de partir"
            continue
        prep = child.lower_ if child.dep_ == "prep" else (
            case_word(child) if child.dep_ in ("nmod", "obl") else None)
        if prep is None or not any(f"{w} {prep}" in lang.cue_nouns
                                   for w in (word, noun.lower_)):
            continue
        objects_ = [c for c in child.children if c.dep_ in ("pobj", "pcomp")] \
            if child.dep_ == "prep" else [child]
        if objects_:
            first = objects_[0].left_edge.i
            if child.dep_ != "prep":
                while first < objects_[0].i and noun.doc[first].dep_ in ("case", "mark"):
                    first += 1
            return first, objects_[0].right_edge.i
    return None


def _noun_speaker(noun: Token, analysis: Analysis) -> Source | None:
    """Whose claim or criticism it is: the possessor ("his decision", "Trump's claim",
    "sa décision"), the one it comes from ("criticism from Democrats"), or the subject of
    the verb that has it as its object ("Trump voiced concern about ...")."""
    lang = analysis.lang
    candidates = [c for c in noun.children if c.dep_ in ("poss", "nmod:poss") or (
        c.dep_ == "det" and "Yes" in c.morph.get("Poss"))]
    for child in noun.children:
        prep = child.lower_ if child.dep_ in ("prep", "agent") else (
            case_word(child) if child.dep_ in ("nmod", "obl") else None)
        if prep is not None and (prep in lang.origin_preps or prep in lang.agent_preps):
            candidates += [c for c in child.children if c.dep_ == "pobj"] \
                if child.dep_ in ("prep", "agent") else [child]
    head = noun
    for _ in range(3):  # "Trump repeated accusations that", "stirred controversy with a claim"
        if head.dep_ not in ("dobj", "obj", "pobj", "obl", "nmod", "prep", "conj") or \
                head.head == head:
            break
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            candidates += subjects(conj_root(head)) or subjects(head)
            break
    for candidate in candidates:
        found = source_for(candidate, analysis)
        if found:
            return found[0]
    return None


def noun_reports(analysis: Analysis) -> list[Quote]:
    """Attributions a noun carries: "Trump's claim that ...", "his decision to ...",
    "criticism of the plan", "l'affirmation que ...", "su decisión de ..."."""
    doc, lang, text = analysis.doc, analysis.lang, analysis.text
    quotes = []
    for noun in doc:
        if noun.pos_ != "NOUN":
            continue
        content = _noun_content(noun, lang)
        if content is None:
            continue
        first, last = content
        while last > first and (doc[last].is_punct or doc[last].dep_ == "cc"):
            last -= 1
        start, end = doc[first].idx, doc[last].idx + len(doc[last])
        quotes.append(Quote(
            speaker=_noun_speaker(noun, analysis), text=text[start:end], span=(start, end),
            direct=False, cue=noun.text, cue_span=(noun.idx, noun.idx + len(noun))))
    return quotes


def according_reports(analysis: Analysis, taken: list[tuple[int, int]]) -> list[Quote]:
    """"According to X, ...", "Selon X, ...", "Según X, ...": the rest of the sentence."""
    from relato.stages.attribution import source_for
    from relato.stages.sources import _cue_at as attribution_cue

    doc, text = analysis.doc, analysis.text
    quotes = []
    for sentence in doc.sents:
        for token in sentence:
            hit = attribution_cue(token, analysis)
            if hit is None or hit[1] != "prep":
                continue
            words = hit[0]
            resumed: Token | None = None
            after = [t for t in doc[token.i + len(words): sentence.end]
                     if t.pos_ in ("NOUN", "PROPN", "PRON")]
            comma = next((t for t in doc[token.i + len(words): sentence.end] if t.text == ","),
                         None)
            before = [t for t in doc[sentence.start:token.i] if not t.is_punct
                      and not t.is_space]
            if not before:
                # fronted: "According to X, CONTENT."
                if comma is None:
                    continue
                start, end = comma.idx + 1, sentence.end_char
            else:  # "CONTENT, according to X."
                start, end = sentence.start_char, token.idx
                resumed = _resumed_after(doc[token.i + len(words):sentence.end])
                if resumed is not None:
                    # "Most Americans, according to the report, still believe ...": the
                    # whole sentence around the aside, in two fragments
                    end = sentence.end_char
            last_chars = text[start:end].rstrip().rstrip(".,;:")
            start, end = _strip(text, start, start + len(last_chars))
            fragments = None
            if resumed is not None:
                head = text[start:token.idx].rstrip().rstrip(",-—– ")
                fragments = [(start, start + len(head)), (resumed.idx, end)]
            if len(_WORD.findall(text[start:end])) < MIN_QUOTE_WORDS or not _outside(
                    taken, start, end):
                continue
            speaker = None
            if after:
                from relato.stages.sources import _report_sources

                named = after[0]
                while named.dep_ in ("compound", "flat", "flat:name") and \
                        named.head.i > named.i:
                    named = named.head  # "Ms. Epstein": the name, not its title
                found = _report_sources(named, analysis) or source_for(named, analysis)
                speaker = found[0] if found else None
            cue_span = (token.idx, doc[token.i + len(words) - 1].idx + len(
                doc[token.i + len(words) - 1]))
            quotes.append(Quote(speaker=speaker, text=text[start:end], span=(start, end),
                                fragments=fragments, direct=False,
                                cue=text[cue_span[0]:cue_span[1]], cue_span=cue_span))
            break
    return quotes


def document_reports(analysis: Analysis) -> list[Quote]:
    """"In a CBS News poll released Monday, 50 percent chose Clinton", "Dans son rapport
    annuel, la Cour estime ...", "En una encuesta publicada el lunes, ...": a sentence
    opened by a document is what the document says."""
    from relato.stages.sources import _report_sources, _source_cue_kind

    doc, text, lang = analysis.doc, analysis.text, analysis.lang
    quotes = []
    for sentence in doc.sents:
        words = [t for t in sentence if not (t.is_punct or t.is_space)]
        if len(words) < 6 or words[0].lower_ not in lang.locative_preps:
            continue
        comma = next((t for t in sentence if t.text == ","), None)
        if comma is None or comma.i > words[0].i + 12:
            continue
        prep = words[0]
        objects_ = [c for c in prep.children if c.dep_ == "pobj"] + (
            [prep.head] if prep.dep_ == "case" else [])  # "in a poll" / "dans un sondage"
        document = next((t for t in objects_ if prep.i < t.i < comma.i
                         and t.pos_ in ("NOUN", "PROPN")), None)
        if document is None or _source_cue_kind(document, analysis) != "report_noun":
            continue
        rest = doc[comma.i + 1:sentence.end]
        if not any(is_finite(t) and t.pos_ in ("VERB", "AUX") for t in rest) or any(
                _is_reporting(t, lang) and _clause_content(t, analysis) for t in rest):
            continue  # "In a statement, Husted said ...": the saying names its speaker
        last = rest.end - 1
        while last > comma.i and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        start, end = _strip(text, rest.start_char, doc[last].idx + len(doc[last]))
        if len(_WORD.findall(text[start:end])) < MIN_QUOTE_WORDS:
            continue
        found = _report_sources(document, analysis)
        speaker = found[0] if found else Source(
            name=None, kind="document", anonymous=False,
            mention=text[words[1].idx:comma.idx].strip(),
            span=(words[1].idx, comma.idx))
        cue_span = (words[0].idx, words[0].idx + len(words[0]))
        quotes.append(Quote(speaker=speaker, text=text[start:end], span=(start, end),
                            direct=False, cue=words[0].text, cue_span=cue_span))
    return quotes


_ASIDE_CLOSE = {",", "-", "—", "–", "--"}


def _resumed_after(tokens: Span) -> Token | None:
    """Where the sentence resumes after an aside closed by a comma or a dash, when what
    follows is a clause of the sentence ("..., according to X, are 16 cases"), not a
    relative clause or apposition on the aside's own noun."""
    close = next((t for t in tokens if t.text in _ASIDE_CLOSE), None)
    if close is None or close.i + 1 >= tokens.end:
        return None
    rest = tokens.doc[close.i + 1:tokens.end]
    if _relative(rest[0]) or not any(is_finite(t) and t.pos_ in ("VERB", "AUX") and (
            t.dep_ == "ROOT" or t.head.i < close.i or t.head.dep_ == "ROOT") for t in rest):
        return None
    return rest[0]


_LABEL = re.compile(r"^[\"“«]?([A-ZÁÉÍÓÚÑ][\w.'’ -]{0,40}?):\s+(\S.*)$")


def labelled_speech(analysis: Analysis, taken: list[tuple[int, int]]) -> list[Quote]:
    """A paragraph that opens with a speaker's label, as transcripts and headlines write it
    ("PENCE: Well, the question ...", "Pat Caddell: Democrat voters ...")."""
    text = analysis.text
    quotes = []
    for p_start, p_end in _paragraphs(text):
        match = _LABEL.match(text[p_start:p_end])
        if match is None:
            continue
        label_start, label_end = p_start + match.start(1), p_start + match.end(1)
        start, end = _strip(text, p_start + match.start(2), p_end)
        while end > start and text[end - 1] in "\"”»":
            end -= 1
        if len(match.group(1).split()) > 4 or len(_WORD.findall(text[start:end])) < \
                MIN_QUOTE_WORDS or not _outside(taken, start, end):
            continue
        label = analysis.doc.char_span(label_start, label_end, alignment_mode="expand")
        if label is not None and (label[0].pos_ in ("DET", "ADV", "CCONJ", "PRON") or any(
                t.pos_ in ("VERB", "AUX") for t in label)):
            continue  # "The Latest:", "Still to come:", "A reminder:": a rubric, no speaker
        speaker = None
        if label is not None:
            found = source_for(label.root, analysis)
            speaker = found[0] if found else None
        quotes.append(Quote(speaker=speaker, text=text[start:end], span=(start, end),
                            direct=False, cue=":", cue_span=(label_end, label_end + 1)))
    return quotes


def _merge_incises(analysis: Analysis, quotes: list[Quote]) -> list[Quote]:
    """"«...», a-t-il dit, «...»" and '"...," he said. "..."' are one quote in two
    fragments, when the words between them are only the incise naming its speaker."""
    text = analysis.text
    merged: list[Quote] = []
    for quote in quotes:
        previous = merged[-1] if merged else None
        if previous is not None and previous.cue_span is not None and \
                previous.span[1] <= previous.cue_span[0] and \
                previous.cue_span[1] <= quote.span[0] and \
                _same_paragraph(text, previous.span[1], quote.span[0]) and \
                (quote.cue_span == previous.cue_span or
                 len(_WORD.findall(text[previous.span[1]:quote.span[0]])) <= 12) and \
                _only_incise(analysis, previous, quote) and \
                (quote.speaker is None or previous.speaker is None
                 or quote.speaker.name == previous.speaker.name):
            merged[-1] = _joined(previous, quote, text)
            continue
        merged.append(quote)
    return merged


def _only_incise(analysis: Analysis, first: Quote, second: Quote) -> bool:
    """Between two quotations, only the incise naming the speaker: not a sentence of its own
    ('... said Mr. Earnest. But he added, "..."') nor a second saying ('said Ms. Ruiz,
    who also said that ...')."""
    text, start, end = analysis.text, first.span[1], second.span[0]
    between = text[start:end]
    marks = "'’”\"» "
    if not (text[first.span[0]:start].rstrip(marks)[-1:] in _CUT_OFF
            or between.lstrip(marks)[:1] in _CUT_OFF):
        return False  # '“...breaking point” to drive up ...': the sentence goes on
    stops = [m for m in _SENTENCE_STOP.finditer(between)
             if not (m.group(1)[:1].isupper() and len(m.group(1)) <= 4)]  # not "Mr."
    if stops and _WORD.search(between[stops[-1].end():]):
        return False
    span = analysis.doc.char_span(start, end, alignment_mode="contract")
    return not any(_is_reporting(t, analysis.lang) and any(_relative(s) for s in subjects(t))
                   for t in span or [])


def _joined(first: Quote, second: Quote, text: str) -> Quote:
    """One quote of two: the first's speaker and cue, both stretches as its fragments."""
    fragments = (first.fragments or [first.span]) + [second.span]
    span = (first.span[0], second.span[1])
    return first.model_copy(update={"span": span, "text": text[span[0]:span[1]],
                                    "fragments": fragments})


def _bare_paragraph(text: str, start: int, end: int) -> bool:
    """Is the quotation text[start:end] all its paragraph holds, but for its marks?"""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end < 0 else p_end
    before, after = text[p_start:start].strip(), text[end:p_end].strip()
    return 0 < len(before) <= 2 and not any(c.isalnum() for c in before) and \
        len(after) <= 3 and not any(c.isalnum() for c in after)


def _next_paragraph(text: str, end: int, start: int) -> bool:
    """Does text[start:] begin the paragraph right after the one text[:end] stands in?"""
    between = text[end:start]
    return between.count("\n") >= 1 and not between[between.find("\n"):].strip(
        "\n \t\u00a0“\"‘«")


def _continue_paragraphs(analysis: Analysis, quotes: list[Quote]) -> list[Quote]:
    """'“...,” Barkley said.' then a paragraph that is only a quotation, naming no speaker
    of its own: the same speaker goes on, and the quote with him, as newspapers write a
    long quotation over several paragraphs."""
    text = analysis.text
    merged: list[Quote] = []
    for quote in quotes:
        previous = merged[-1] if merged else None
        if previous is not None and previous.direct and quote.direct and \
                previous.speaker is not None and previous.speaker.name and \
                (quote.speaker is None or quote.speaker.name == previous.speaker.name) and \
                quote.cue is None and _bare_paragraph(text, *quote.span) and \
                _next_paragraph(text, previous.span[1], quote.span[0]):
            merged[-1] = _joined(previous, quote, text)
            continue
        merged.append(quote)
    return merged


def _continue_reports(analysis: Analysis, quotes: list[Quote]) -> list[Quote]:
    """'Obama "felt an obligation," Axelrod said. "This is core stuff for him."': a
    quotation that names no speaker of its own, right after reported speech in the same
    paragraph, goes on with the words reported; one quote, in two fragments."""
    text = analysis.text
    merged: list[Quote] = []
    for quote in quotes:
        previous = merged[-1] if merged else None
        if previous is not None and not previous.direct and quote.direct and (
                (quote.speaker is None and quote.cue is None) or (
                    quote.cue_span is not None and quote.cue_span == previous.cue_span)) and \
                previous.span[1] <= quote.span[0] and \
                _same_paragraph(text, previous.span[1], quote.span[0]) and \
                len(_WORD.findall(text[previous.span[1]:quote.span[0]])) <= 5:
            merged[-1] = _joined(previous, quote, text)
            continue
        merged.append(quote)
    return merged


def speakers_act(analysis: Analysis) -> None:
    """Inside a quote, "nous" and "I" are the speaker: an event said in the first person
    with no other actor is the speaker's."""
    from relato.schema import Actor

    first = analysis.lang.first_person
    for quote in analysis.quotes:
        if not quote.direct or quote.speaker is None or not quote.speaker.name:
            continue
        start, end = quote.span
        for event in analysis.events:
            if event.actors or not (start <= event.head.idx < end):
                continue
            clause = [*event.trigger, *event.governors[:1]]
            subjects_ = {c.lower_ for token in clause for c in token.children
                         if c.dep_.startswith("nsubj")}
            if subjects_ & first:
                speaker = quote.speaker
                event.actors = [Actor(name=speaker.name, country=speaker.country,
                                      mention=speaker.mention, span=speaker.span)]


def _outermost_stances(quotes: list[Quote], analysis: Analysis) -> list[Quote]:
    """A stance or a report inside someone's reported words ("said they could reject the
    request", "told reporters she thinks the House is within reach") is part of what they
    said, not an attribution of its own."""
    kept = []
    for quote in quotes:
        inside = any(other is not quote and other.span[0] <= quote.cue_span[0]
                     and quote.cue_span[1] <= other.span[1] for other in quotes)
        if inside:
            continue
        kept.append(quote)
    return kept


def _close_quotation(analysis: Analysis, quote: Quote) -> Quote:
    """'called the statement “offensive and outlandish.”': reported words that open a
    quotation end with it, closing mark included; the parse stops at the last word."""
    text, start, end = analysis.text, *quote.span
    if quote.cue_span is None or quote.cue_span[1] > start:
        return quote  # words put before their attribution end where it begins
    for q_start, q_end in analysis.quote_spans:
        if start < q_start < end <= q_end and _same_paragraph(text, end, q_end) and \
                _WORD.search(text[start:q_start]):
            gap = len(text[q_end:q_end + 2]) - len(text[q_end:q_end + 2].lstrip())
            close = _marks_in(text, q_end + gap, min(len(text), q_end + gap + 2),
                              analysis.lang.quote_marks)
            if close and close[0][0] == q_end + gap:
                q_end += gap + len(close[0][1])
            return quote.model_copy(update={"span": (start, q_end), "text": text[start:q_end]})
    return quote


def find_quotes(analysis: Analysis) -> None:
    spans = quoted_spans(analysis)
    analysis.quote_spans = spans  # read by the speaker search, which skips quoted words
    reported = _outermost_stances(reported_quotes(analysis) + noun_reports(analysis)
                                  + document_reports(analysis), analysis)
    # "The plan would help, Devine said, by ...": the whole sentence around the incise, not
    # the clause the parser hangs before the verb
    incises = parenthetical_reports(analysis, [])
    incise_cues = {q.cue_span for q in incises}
    reported = [q for q in reported if q.cue_span not in incise_cues and not any(
        i.span[0] <= q.cue_span[0] < i.span[1] for i in incises)]
    reported += [q for q in incises if _outside([r.span for r in reported], *q.span)]
    for finder in (fronted_reports, according_reports, labelled_speech):
        reported += finder(analysis, [q.span for q in reported])
    reported = [_close_quotation(analysis, r) for r in reported]
    # a quotation inside reported speech is part of it ("Clinton says it means Trump “may
    # not have paid a dime” in taxes", "decried the party for “turning its back” on
    # workers"): one reported quote, not two quotes, whether the verb reports or takes a
    # stance; a reported quote that is only the quotation again ('"...," he said') gives
    # way to it
    spans = [span for span in spans if not any(
        r.span[0] <= span[0] + 2 and span[1] <= r.span[1] + 2
        and (span[1] - span[0]) < 0.9 * (r.span[1] - r.span[0]) for r in reported)]
    reported = [r for r in reported if _outside(spans, *r.span)]
    analysis.quote_spans = spans
    quotes = _continue_paragraphs(analysis, _merge_incises(
        analysis, direct_quotes(analysis, spans))) + reported
    analysis.quotes = _continue_reports(analysis, sorted(quotes, key=lambda q: q.span))
    speakers_act(analysis)
