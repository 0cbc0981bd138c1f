"""Loads one language folder into typed tables.

The folder's files are plain TSV/text a linguist edits; the columns are described in
`relato/lang/README.md`. Lines starting with `#` and blank lines are ignored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from relato.errors import SettingsError, UnsupportedLanguage
from relato.schema import EVENT_TYPES, SECTORS, STATUSES

TRIGGER_CONDITIONS = {"-", "object", "no_object", "intransitive", "uttered", "against",
                      "actor_object", "actor_subject", "resource_object"}
TRIGGER_TARGETS = {"obj", "recipient", "against", "nmod", "none"}
STATUS_SCOPES = {"governor", "modifier", "clause", "article"}
SOURCE_CUE_KINDS = {"prep", "citing", "report_noun"}
ANONYMITY_MEANINGS = {"source_noun", "former", "current", "rank", "anonymous", "close_to"}


@dataclass(frozen=True)
class Trigger:
    words: tuple[str, ...]
    pos: str
    type: str
    modes: tuple[str, ...]
    condition: str
    target: str


@dataclass(frozen=True)
class StatusCue:
    words: tuple[str, ...]
    pos: str
    status: str
    scope: str


@dataclass(frozen=True)
class Role:
    word: str
    sector: str | None
    kind: str
    gender: str | None
    name: str | None


@dataclass(frozen=True)
class LangData:
    """One language's tables. Demonyms written with capitals ("US", "Mexican") match only
    as written, so the pronoun "us" is never the United States."""

    code: str
    triggers: dict[str, list[Trigger]]
    status_cues: dict[str, list[StatusCue]]
    source_cues: dict[tuple[str, ...], str]
    source_cues_by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    reporting_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    quote_marks: tuple[tuple[str, str], ...]
    dialogue_dashes: tuple[str, ...]
    roles: dict[str, Role]
    roles_by_first: dict[str, tuple[str, ...]]
    demonyms: dict[str, str]
    anonymity: dict[str, frozenset[str]]
    pronouns: dict[str, tuple[str | None, str | None]]
    recipient_preps: frozenset[str] = field(default_factory=frozenset)
    against_preps: frozenset[str] = field(default_factory=frozenset)
    agent_preps: frozenset[str] = field(default_factory=frozenset)
    that_words: frozenset[str] = field(default_factory=frozenset)
    light_verbs: frozenset[str] = field(default_factory=frozenset)
    territory_words: frozenset[str] = field(default_factory=frozenset)
    national_words: frozenset[str] = field(default_factory=frozenset)
    numbers: dict[str, int] = field(default_factory=dict)
    passive_aux: frozenset[str] = field(default_factory=frozenset)
    object_markers: frozenset[str] = field(default_factory=frozenset)
    adjunct_preps: frozenset[str] = field(default_factory=frozenset)
    first_person: frozenset[str] = field(default_factory=frozenset)
    purpose_words: frozenset[str] = field(default_factory=frozenset)
    null_subject: bool = False
    raising_verbs: frozenset[str] = field(default_factory=frozenset)
    noun_target_preps: frozenset[str] = field(default_factory=frozenset)
    partner_preps: frozenset[str] = field(default_factory=frozenset)
    performative_verbs: frozenset[str] = field(default_factory=frozenset)
    resource_words: frozenset[str] = field(default_factory=frozenset)
    inflections: tuple[tuple[str, str, str], ...] = ()
    of_preps: frozenset[str] = field(default_factory=frozenset)
    locative_preps: frozenset[str] = field(default_factory=frozenset)
    determiners: frozenset[str] = field(default_factory=frozenset)
    origin_preps: frozenset[str] = field(default_factory=frozenset)
    beneficiary_preps: frozenset[str] = field(default_factory=frozenset)
    act_nouns: frozenset[str] = field(default_factory=frozenset)
    commitment_words: frozenset[str] = field(default_factory=frozenset)
    attitude_verbs: frozenset[str] = field(default_factory=frozenset)
    speech_verbs: frozenset[str] = field(default_factory=frozenset)
    cue_nouns: frozenset[str] = field(default_factory=frozenset)
    person_nouns: frozenset[str] = field(default_factory=frozenset)
    future_aux: frozenset[str] = field(default_factory=frozenset)
    obligation_words: frozenset[str] = field(default_factory=frozenset)
    quantity_words: frozenset[str] = field(default_factory=frozenset)
    utter_verbs: frozenset[str] = field(default_factory=frozenset)
    led_words: frozenset[str] = field(default_factory=frozenset)
    perception_verbs: frozenset[str] = field(default_factory=frozenset)
    view_preps: frozenset[str] = field(default_factory=frozenset)

    def reports(self, word) -> bool:
        """Is this word (a token: lemma or form) one of the language's reporting verbs?"""
        return word.lemma_.lower() in self.reporting_verbs or \
            word.lower_ in self.reporting_verbs
    dates: dict[str, str] = field(default_factory=dict)
    source_subjects: frozenset[str] = field(default_factory=frozenset)
    conditional_endings: frozenset[str] = field(default_factory=frozenset)


def demonym(lang: LangData, text: str, lemma: str | None = None) -> str | None:
    """The country of a nationality word, as written or in lower case."""
    return (lang.demonyms.get(text) or lang.demonyms.get(text.lower())
            or (lang.demonyms.get(lemma.lower()) if lemma else None))


def _rows(lang: str, name: str, min_cols: int) -> list[list[str]]:
    path = resources.files("relato").joinpath(f"lang/{lang}/{name}")
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < min_cols:
            raise SettingsError(f"line {number}: expected {min_cols} tab-separated columns",
                                f"lang/{lang}/{name}")
        rows.append(cols)
    return rows


def _check(value: str, allowed, what: str, lang: str, name: str) -> str:
    if value not in allowed:
        raise SettingsError(f"unknown {what} {value!r}", f"lang/{lang}/{name}")
    return value


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


def _triggers(lang: str) -> dict[str, list[Trigger]]:
    table: dict[str, list[Trigger]] = defaultdict(list)
    for cols in _rows(lang, "triggers.tsv", 3):
        cols += ["-"] * (6 - len(cols))
        phrase, pos, type_, mode, condition, target = cols[:6]
        trigger = Trigger(
            words=_words(phrase),
            pos=pos.upper(),
            type=_check(type_, EVENT_TYPES, "event type", lang, "triggers.tsv"),
            modes=tuple(m for m in mode.split(",") if m and m != "-"),
            condition=_check(condition or "-", TRIGGER_CONDITIONS, "condition", lang,
                             "triggers.tsv"),
            target=_check(target if target not in ("", "-") else "obj", TRIGGER_TARGETS,
                          "target", lang, "triggers.tsv"),
        )
        table[trigger.words[0]].append(trigger)
    for entries in table.values():
        entries.sort(key=lambda t: -len(t.words))
    return dict(table)


def _status_cues(lang: str) -> dict[str, list[StatusCue]]:
    table: dict[str, list[StatusCue]] = defaultdict(list)
    for cols in _rows(lang, "status_cues.tsv", 4):
        phrase, pos, status, scope = cols[:4]
        cue = StatusCue(
            words=_words(phrase),
            pos=pos.upper(),
            status=_check(status, STATUSES, "status", lang, "status_cues.tsv"),
            scope=_check(scope, STATUS_SCOPES, "scope", lang, "status_cues.tsv"),
        )
        table[cue.words[0]].append(cue)
    for entries in table.values():
        entries.sort(key=lambda c: -len(c.words))
    return dict(table)


def _word_set(lang: str, name: str) -> frozenset[str]:
    return frozenset(cols[0].lower() for cols in _rows(lang, name, 1))


def _grammar(lang: str) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for cols in _rows(lang, "grammar.tsv", 2):
        groups[cols[1]].add(cols[0].lower())
    return {k: frozenset(v) for k, v in groups.items()}


def _quote_marks(lang: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    pairs, dashes = [], []
    for cols in _rows(lang, "quote_marks.tsv", 2):
        if cols[0] == "dash":
            dashes.append(cols[1])
        else:
            pairs.append((cols[0], cols[1]))
    return tuple(pairs), tuple(dashes)


def _cues_by_first(code: str) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    table: dict[str, list] = defaultdict(list)
    for cols in _rows(code, "source_cues.tsv", 2):
        words = _words(cols[0])
        table[words[0]].append((words, _check(cols[1], SOURCE_CUE_KINDS, "kind", code,
                                              "source_cues.tsv")))
    return {first: tuple(sorted(entries, key=lambda e: -len(e[0])))
            for first, entries in table.items()}


def _by_first_word(words) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for word in words:
        table[word.split(" ", 1)[0]].append(word)
    return {first: tuple(entries) for first, entries in table.items()}


def _anonymity(code: str) -> dict[str, frozenset[str]]:
    """Word -> its meanings; "exfuncionario" is both a source noun and former."""
    table: dict[str, set[str]] = defaultdict(set)
    for cols in _rows(code, "anonymity.tsv", 2):
        table[cols[0].lower()].add(_check(cols[1], ANONYMITY_MEANINGS, "meaning", code,
                                          "anonymity.tsv"))
    return {word: frozenset(meanings) for word, meanings in table.items()}


@cache
def load_lang(code: str) -> LangData:
    """Load (once) the data folder of a language."""
    if not resources.files("relato").joinpath(f"lang/{code}").is_dir():
        raise UnsupportedLanguage(f"no language data for {code!r}")
    roles = {}
    for cols in _rows(code, "roles.tsv", 3):
        cols += ["-"] * (5 - len(cols))
        word, sector, kind, gender, name = cols[:5]
        roles[word.lower()] = Role(
            word=word.lower(),
            sector=None if sector == "-" else _check(sector, SECTORS, "sector", code,
                                                     "roles.tsv"),
            kind=kind,
            gender=None if gender == "-" else gender,
            name=None if name == "-" else name,
        )
    grammar = _grammar(code)
    marks, dashes = _quote_marks(code)
    return LangData(
        code=code,
        triggers=_triggers(code),
        status_cues=_status_cues(code),
        source_cues={
            _words(cols[0]): _check(cols[1], SOURCE_CUE_KINDS, "kind", code, "source_cues.tsv")
            for cols in _rows(code, "source_cues.tsv", 2)
        },
        source_cues_by_first=_cues_by_first(code),
        reporting_verbs=_word_set(code, "reporting_verbs.txt"),
        attribution_verbs=_word_set(code, "attribution_verbs.txt"),
        quote_marks=marks,
        dialogue_dashes=dashes,
        roles=roles,
        roles_by_first=_by_first_word(roles),
        demonyms={(cols[0] if cols[0] != cols[0].lower() else cols[0].lower()): cols[1].upper()
                  for cols in _rows(code, "demonyms.tsv", 2)},
        anonymity=_anonymity(code),
        pronouns={
            cols[0].lower(): (None if cols[1] == "-" else cols[1],
                              None if len(cols) < 3 or cols[2] == "-" else cols[2])
            for cols in _rows(code, "pronouns.tsv", 2)
        },
        recipient_preps=grammar.get("recipient", frozenset()),
        against_preps=grammar.get("against", frozenset()),
        agent_preps=grammar.get("agent", frozenset()),
        that_words=grammar.get("that", frozenset()),
        light_verbs=grammar.get("light_verb", frozenset()),
        territory_words=grammar.get("territory", frozenset()),
        national_words=grammar.get("national", frozenset()),
        source_subjects=grammar.get("sources", frozenset()),
        conditional_endings=grammar.get("conditional_ending", frozenset()),
        dates={cols[0].lower(): cols[1] for cols in _rows(code, "dates.tsv", 2)},
        of_preps=grammar.get("of", frozenset()),
        locative_preps=grammar.get("locative", frozenset()),
        determiners=grammar.get("determiner", frozenset()),
        origin_preps=grammar.get("origin", frozenset()),
        beneficiary_preps=grammar.get("beneficiary", frozenset()),
        act_nouns=grammar.get("act_noun", frozenset()),
        commitment_words=grammar.get("commitment", frozenset()),
        attitude_verbs=grammar.get("attitude", frozenset()),
        speech_verbs=grammar.get("speech_verb", frozenset()),
        cue_nouns=grammar.get("cue_noun", frozenset()),
        person_nouns=grammar.get("person_noun", frozenset()),
        future_aux=grammar.get("future_aux", frozenset()),
        obligation_words=grammar.get("obligation", frozenset()),
        quantity_words=grammar.get("quantity", frozenset()),
        utter_verbs=grammar.get("utter", frozenset()),
        led_words=grammar.get("led", frozenset()),
        perception_verbs=grammar.get("perception", frozenset()),
        view_preps=grammar.get("view_as", frozenset()),
        passive_aux=grammar.get("passive_aux", frozenset()),
        object_markers=grammar.get("object_marker", frozenset()),
        adjunct_preps=grammar.get("adjunct", frozenset()),
        first_person=grammar.get("first_person", frozenset()),
        purpose_words=grammar.get("purpose", frozenset()),
        null_subject="null_subject" in grammar.get("feature", frozenset()),
        raising_verbs=grammar.get("raising", frozenset()),
        noun_target_preps=grammar.get("noun_target", frozenset()),
        partner_preps=grammar.get("partner", frozenset()),
        performative_verbs=grammar.get("performative", frozenset()),
        resource_words=grammar.get("resource", frozenset()),
        inflections=tuple(sorted(
            ((ending, *group.split(":")[1:3]) for group, words in grammar.items()
             if group.startswith("inflection:") for ending in words),
            key=lambda row: -len(row[0]))),
        numbers={word: int(group.split(":", 1)[1]) for group, words in grammar.items()
                 if group.startswith("number:") for word in words},
    )
