"""Sources of events: who the article says states each one.

Within a sentence: "selon X" / "according to X" / "según X", "citing X", and the subject of
a reporting verb for the events in its complement. Across sentences: a report named by a
preposition ("Selon un rapport de NBC News, ...") governs the sentences that continue it, in
its paragraph and the following paragraphs that attribute nothing to anyone else, until
another source takes over. A sentence describing the report's sources ("the sources include
two current and two former officials") adds them to the report's events so far."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from relato.schema import Source
from relato.stages.attribution import anonymous_source, source_for
from relato.stages.context import Analysis, EventDraft
from relato.syntax import objects, prep_args, subjects


@dataclass
class SentenceAttribution:
    report: list[Source] = field(default_factory=list)       # "selon X": governs onwards
    speakers: list[tuple[Token, list[Source]]] = field(default_factory=list)  # verb, subject
    description: list[Source] = field(default_factory=list)  # "the sources include ..."


def _source_cue_kind(token: Token, analysis: Analysis) -> str | None:
    cues = analysis.lang.source_cues
    for words, kind in cues.items():
        if len(words) == 1 and (token.lower_ == words[0] or token.lemma_.lower() == words[0]):
            return kind
    return None


def _report_sources(noun: Token, analysis: Analysis) -> list[Source]:
    """"un rapport de NBC News" -> NBC News; a plain "selon X" -> X."""
    if _source_cue_kind(noun, analysis) == "report_noun":
        found = []
        for prep, complement in prep_args(noun):
            if prep in analysis.lang.of_preps or prep in analysis.lang.agent_preps:
                found += source_for(complement, analysis)
        for child in noun.children:
            if child.dep_ in ("nmod:poss", "poss", "compound"):
                found += source_for(child, analysis)
        return found
    return source_for(noun, analysis)


def _cue_at(token: Token, analysis: Analysis) -> tuple[tuple[str, ...], str] | None:
    """The attribution cue ("selon", "according to", "de acuerdo con") starting here."""
    doc = token.doc
    for key in (token.lower_, token.lemma_.lower()):
        for words, kind in analysis.lang.source_cues_by_first.get(key, ()):
            if kind not in ("prep", "citing"):
                continue
            if len(words) == 1 or [t.lower_ for t in doc[token.i: token.i + len(words)]] == \
                    list(words):
                return words, kind
    return None


def _prep_sources(sentence: Span, analysis: Analysis) -> list[Source]:
    found: list[Source] = []
    for token in sentence:
        hit = _cue_at(token, analysis)
        if hit is None:
            continue
        words, kind = hit
        if kind == "prep":
            noun = token.head if token.dep_ in ("case", "fixed", "mark") else None
            if noun is None or noun == token:
                after = [t for t in token.doc[token.i + len(words): sentence.end]
                         if t.pos_ in ("NOUN", "PROPN", "PRON")]
                noun = after[0] if after else None
            if noun is not None:
                found += _report_sources(noun, analysis)
        else:
            for obj in objects(token, analysis.lang.object_markers):
                found += _report_sources(obj, analysis)
    return found


def _reporting(sentence: Span, analysis: Analysis) -> list[tuple[Token, list[Source]]]:
    lang = analysis.lang
    found = []
    for token in sentence:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        if not lang.reports(token):
            continue
        sources = []
        for subject in subjects(token):
            sources += source_for(subject, analysis, generic=False)
        if sources:
            found.append((token, sources))
    return found


def _description(sentence: Span, analysis: Analysis) -> list[Source]:
    """Anonymous groups listed in a sentence whose subject is the report's sources
    ("Les sources incluent deux responsables ... et deux anciens hauts responsables")."""
    lang = analysis.lang
    subject = next((t for t in sentence if t.dep_.startswith("nsubj")
                    and t.lemma_.lower() in lang.source_subjects), None)
    if subject is None:
        return []
    groups: list[Source] = []
    country = None
    for token in sentence[subject.i - sentence.start + 1:]:
        if token.pos_ not in ("NOUN", "ADJ", "PROPN"):
            continue
        group = anonymous_source(token, analysis, country)
        if group is not None:
            groups.append(group)
            country = group.country or country
    return groups


def _attribute(sentence: Span, analysis: Analysis) -> SentenceAttribution:
    return SentenceAttribution(
        report=_prep_sources(sentence, analysis),
        speakers=_reporting(sentence, analysis),
        description=_description(sentence, analysis),
    )


def _inside(event: EventDraft, verb: Token) -> bool:
    """Is the event stated in the complement of this reporting verb?"""
    token = event.head
    for _ in range(8):
        if token.head == token:
            return False
        if token.head == verb:
            return token.dep_ in ("ccomp", "xcomp", "obj", "dobj", "parataxis", "advcl")
        token = token.head
    return False


def _paragraph_of(analysis: Analysis, char: int) -> int:
    if analysis.paragraph_breaks is None:
        analysis.paragraph_breaks = [i for i, ch in enumerate(analysis.text) if ch == "\n"]
    return bisect.bisect_left(analysis.paragraph_breaks, char)


def _quote_speakers(analysis: Analysis) -> dict[int, list[Source]]:
    """Paragraph -> speakers of the quotes in it."""
    found: dict[int, list[Source]] = {}
    for quote in analysis.quotes:
        if quote.speaker is not None and quote.direct:
            found.setdefault(_paragraph_of(analysis, quote.span[0]), []).append(quote.speaker)
    return found


def _add(event: EventDraft, sources: list[Source]) -> None:
    for source in sources:
        if not any(source.same_as(s) for s in event.sources):
            event.sources.append(source)


def find_sources(analysis: Analysis) -> None:
    sentences = list(analysis.doc.sents)
    by_sentence: dict[int, list[EventDraft]] = {}
    for event in analysis.events:
        by_sentence.setdefault(event.sentence.start, []).append(event)
    attributions = [_attribute(s, analysis) for s in sentences]
    quote_speakers = _quote_speakers(analysis)
    paragraph_attributed: dict[int, bool] = {}
    for sentence, found in zip(sentences, attributions, strict=True):
        paragraph = _paragraph_of(analysis, sentence.start_char)
        if found.report or found.speakers:
            paragraph_attributed[paragraph] = True
    for paragraph in quote_speakers:
        paragraph_attributed[paragraph] = True

    report: list[Source] = []
    report_events: list[EventDraft] = []
    report_paragraph = -1
    for sentence, found in zip(sentences, attributions, strict=True):
        paragraph = _paragraph_of(analysis, sentence.start_char)
        events = by_sentence.get(sentence.start, [])
        if report and paragraph != report_paragraph:
            if paragraph_attributed.get(paragraph) and not found.report:
                report, report_events = [], []
            else:
                report_paragraph = paragraph
        if found.report:
            report, report_events, report_paragraph = found.report, [], paragraph
        elif found.speakers:
            report, report_events = [], []
        for event in events:
            own = [src for verb, src in found.speakers if _inside(event, verb)]
            if own:
                for sources in own:
                    _add(event, sources)
            elif report:
                _add(event, report)
                report_events.append(event)
        if found.description and report:
            for event in report_events:
                _add(event, found.description)
