"""Score relato output against reference data (the scorer behind ``relato eval``).

Works on plain dicts as loaded from JSON so that it can score any file in the record format
of FORMAT.md, whether written by relato or by hand, without importing the rest of the package.

Kinds: ``events``, ``quotes``, ``sentences``, ``status``, ``places``. Every report holds
``kind``, ``documents``, ``missing_predictions``, ``extra_predictions``, ``fields`` (name ->
precision/recall/f1/tp/fp/fn) and ``accuracies`` (name -> accuracy/correct/total), plus a few
kind-specific keys (see :func:`evaluate`).
"""

from __future__ import annotations

import json
import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

Record = dict[str, Any]
Span = tuple[int, int]

KINDS = ("events", "quotes", "sentences", "status", "places")

COARSE_STATUS = {
    "occurred": "occurred",
    "ongoing": "occurred",
    "planned": "future",
    "considered": "uncertain",
    "threatened": "uncertain",
    "hypothetical": "uncertain",
    "negated": "negated",
}
COARSE_CLASSES = ("occurred", "future", "uncertain", "negated")

NAME_THRESHOLD = 85
MAX_DISTANCE_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


# --------------------------------------------------------------------------- loading


def load_records(path: str | Path) -> list[Record]:
    """Read records from ``.jsonl`` (one object a line) or ``.json`` (an object or a list).

    Errors name the file and line so that a broken reference or output file is easy to fix.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        return _load_json_document(path, text)
    return _load_json_lines(path, text)


def _load_json_document(path: Path, text: str) -> list[Record]:
    """Parse a whole-file JSON document holding one record or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from exc
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise ValueError(f"{path}: item {index} is not a JSON object")
    return records


def _load_json_lines(path: Path, text: str) -> list[Record]:
    """Parse JSON Lines, skipping blank lines.

    Splits on "\\n" only: str.splitlines would also break on U+2028 and the like, which JSON
    allows unescaped inside strings.
    """
    records: list[Record] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise ValueError(f"{path}:{lineno}: not a JSON object")
        records.append(record)
    return records


# --------------------------------------------------------------------------- counters


@dataclass
class Prf:
    """Item counts for precision/recall/F1, summed over documents (micro average)."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    def add(self, tp: float = 0, fp: float = 0, fn: float = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, float]:
        return prf(self.tp, self.fp, self.fn)


@dataclass
class Acc:
    """Right/total counts for an accuracy."""

    correct: int = 0
    total: int = 0

    def add(self, right: bool) -> None:
        self.correct += int(right)
        self.total += 1

    def to_dict(self) -> dict[str, float]:
        accuracy = self.correct / self.total if self.total else 0.0
        return {"accuracy": accuracy, "correct": self.correct, "total": self.total}


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 (0 where undefined) with the counts they come from."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


# --------------------------------------------------------------------------- generic helpers


def _is_optional(item: Record) -> bool:
    return bool(item.get("optional"))


def _as_span(value: Any) -> Span | None:
    """Return a ``(start, end)`` pair, or None for anything malformed (never crash on output)."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        start, end = value
        if isinstance(start, int) and isinstance(end, int) and end >= start:
            return start, end
    return None


def _spans(values: Any) -> list[Span]:
    """Valid spans out of an ``evidence``-like list."""
    if not isinstance(values, list):
        return []
    return [span for span in map(_as_span, values) if span is not None]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _touches(a: Span, b: Span) -> bool:
    """Character overlap, also for an empty span lying inside the other."""
    if a[0] == a[1]:
        return b[0] <= a[0] < b[1] or a == b
    if b[0] == b[1]:
        return a[0] <= b[0] < a[1]
    return _overlap(a, b) > 0


def greedy_match(
    n_ref: int,
    n_pred: int,
    score: Callable[[int, int], tuple | None],
) -> list[tuple[int, int]]:
    """Pair items one-to-one, best score first; ``score`` returns None for impossible pairs.

    Greedy is what the task asks for and keeps ties deterministic (lowest indices first).
    """
    candidates = []
    for i in range(n_ref):
        for j in range(n_pred):
            value = score(i, j)
            if value is not None:
                candidates.append((value, i, j))
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    used_ref: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_ref and j not in used_pred:
            used_ref.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _detection_counts(
    refs: Sequence[Record], n_pred: int, pairs: Iterable[tuple[int, int]]
) -> tuple[int, int, int]:
    """tp/fp/fn where optional references are neither missed nor counted when found."""
    pairs = list(pairs)
    matched_ref = {i for i, _ in pairs}
    tp = sum(1 for i, _ in pairs if not _is_optional(refs[i]))
    fp = n_pred - len(pairs)
    fn = sum(1 for i, r in enumerate(refs) if i not in matched_ref and not _is_optional(r))
    return tp, fp, fn


def _pair_by_id(
    reference: Sequence[Record], prediction: Sequence[Record]
) -> tuple[list[tuple[Record, Record | None]], dict[str, int]]:
    """Pair records by ``id``; a missing prediction is None. Extra/duplicate ids are counted."""
    predicted: dict[str, Record] = {}
    duplicates = 0
    for record in prediction:
        key = _record_id(record, "prediction")
        if key in predicted:
            duplicates += 1
            continue
        predicted[key] = record
    ref_ids = set()
    pairs: list[tuple[Record, Record | None]] = []
    for record in reference:
        key = _record_id(record, "reference")
        ref_ids.add(key)
        pairs.append((record, predicted.get(key)))
    counts = {
        "missing_predictions": sum(1 for _, p in pairs if p is None),
        "extra_predictions": sum(1 for key in predicted if key not in ref_ids),
        "duplicate_predictions": duplicates,
    }
    return pairs, counts


def _record_id(record: Record, side: str) -> str:
    """Records are paired by id, so a record without one cannot be scored."""
    if record.get("id") is None:
        raise ValueError(f"{side} record without 'id': {str(record)[:80]}")
    return str(record["id"])


def _base_report(kind: str, documents: int, counts: dict[str, int]) -> Record:
    return {"kind": kind, "documents": documents, **counts, "fields": {}, "accuracies": {}}


# --------------------------------------------------------------------------- names and actors


def normalize_name(name: Any) -> str:
    """Lower-case, accent-free, punctuation-free form so that spelling variants compare equal."""
    if not isinstance(name, str):
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", stripped.casefold()).split())


def names_match(a: Any, b: Any) -> bool:
    """Fuzzy name equality: token_set_ratio >= 85 on normalised names (empty never matches)."""
    left, right = normalize_name(a), normalize_name(b)
    if not left or not right:
        return False
    return fuzz.token_set_ratio(left, right) >= NAME_THRESHOLD


def actors_match(ref: Record, pred: Record) -> bool:
    """Same actor: names match, or both give the same non-null country and sector."""
    if names_match(ref.get("name"), pred.get("name")):
        return True
    country, sector = ref.get("country"), ref.get("sector")
    return (
        country is not None
        and sector is not None
        and country == pred.get("country")
        and sector == pred.get("sector")
    )


def actor_lists_match(refs: Sequence[Record], preds: Sequence[Record]) -> bool:
    """Every reference actor is matched by some predicted one and vice versa (empty = empty)."""
    refs, preds = _dicts(refs), _dicts(preds)
    if not refs and not preds:
        return True
    return all(any(actors_match(r, p) for p in preds) for r in refs) and all(
        any(actors_match(r, p) for r in refs) for p in preds
    )


def _dicts(values: Any) -> list[Record]:
    """The dict items of a list field (missing or null fields count as empty)."""
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, dict)]


def _item_counts(
    refs: Sequence[Record], preds: Sequence[Record], same: Callable[[Record, Record], bool]
) -> tuple[int, int, int]:
    """Item-level tp/fp/fn after a one-to-one greedy matching under ``same``."""
    pairs = greedy_match(
        len(refs), len(preds), lambda i, j: (1,) if same(refs[i], preds[j]) else None
    )
    return len(pairs), len(preds) - len(pairs), len(refs) - len(pairs)


def sources_match(ref: Record, pred: Record) -> bool:
    """Named sources match by name; unnamed ones by anonymity and what the reference tells."""
    if ref.get("name"):
        return names_match(ref.get("name"), pred.get("name"))
    if pred.get("name"):
        return False
    if bool(ref.get("anonymous")) != bool(pred.get("anonymous")):
        return False
    if ref.get("count") is not None and ref.get("count") != pred.get("count"):
        return False
    if ref.get("former") is not None and ref.get("former") != pred.get("former"):
        return False
    ref_country, pred_country = ref.get("country"), pred.get("country")
    return ref_country is None or pred_country is None or ref_country == pred_country


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen sen rep gov col lt sgt capt cmdr adm gén mme mlle mm "
    "me sra srta dra lic ing vs etc inc corp co ltd no nº art av sta".split()
)
_BOUNDARY = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[\"'”’»)\]])*[ \t\u00a0\u202f]+|\n+")
_OPENERS = "\"'“‘«(¿¡—–-["


def split_sentences(text: str) -> list[Span]:
    """Cheap sentence spans: only needed to decide whether two evidence spans share a sentence."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith("\n") or _is_boundary(text, match):
            if text[start : match.start()].strip():
                spans.append((start, match.end()))
            start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """End punctuation ends a sentence before a capital or an opening quote/dash, not after
    an abbreviation, an initial ("M.") or a dotted acronym ("U.S.")."""
    following = text[match.end() : match.end() + 1]
    if not following or not (following.isupper() or following in _OPENERS):
        return False
    if not match.group().startswith("."):
        return True
    word = re.search(r"(\S*)$", text[: match.start()]).group(1)
    word = word.lstrip("\"'“‘«(")
    if "." in word or (len(word) == 1 and word.isalpha()):
        return False
    return word.casefold() not in _ABBREVIATIONS


def _sentence_ids(spans: Sequence[Span], sentences: Sequence[Span]) -> set[int]:
    return {k for k, sentence in enumerate(sentences) for span in spans if _touches(span, sentence)}


# --------------------------------------------------------------------------- events


def _types_compatible(ref: Record, pred: Record) -> tuple[bool, bool]:
    """(compatible, exact): same type, an alt type, or THREATEN against a threatened event."""
    ref_type, pred_type = ref.get("type"), pred.get("type")
    if ref_type is not None and pred_type == ref_type:
        return True, True
    if pred_type in (ref.get("alt_types") or []):
        return True, False
    if ref_type == "THREATEN" and pred.get("status") == "threatened" and pred_type:
        return True, False
    if pred_type == "THREATEN" and ref.get("status") == "threatened":
        return True, False
    return False, False


@dataclass
class _EventDoc:
    """One document's events with the sentence ids of their evidence, computed once."""

    refs: list[Record]
    preds: list[Record]
    ref_sentences: list[set[int]]
    pred_sentences: list[set[int]]
    by_sentence: bool


def _event_doc(ref_record: Record, pred_record: Record | None) -> _EventDoc:
    """Prepare a document; with no text, fall back to comparing the evidence spans directly."""
    refs = _dicts(ref_record.get("events"))
    preds = _dicts((pred_record or {}).get("events"))
    text = ref_record.get("text") or (pred_record or {}).get("text") or ""
    sentences = split_sentences(text) if isinstance(text, str) else []
    by_sentence = bool(sentences)

    def ids(event: Record) -> set[int]:
        return _sentence_ids(_spans(event.get("evidence")), sentences) if by_sentence else set()

    return _EventDoc(refs, preds, [ids(e) for e in refs], [ids(e) for e in preds], by_sentence)


def _event_candidate(doc: _EventDoc, i: int, j: int, strict: bool) -> tuple | None:
    """Score of a possible pair (None if impossible): required refs, strict, exact type, overlap."""
    ref, pred = doc.refs[i], doc.preds[j]
    compatible, exact = _types_compatible(ref, pred)
    if not compatible:
        return None
    ref_spans, pred_spans = _spans(ref.get("evidence")), _spans(pred.get("evidence"))
    if doc.by_sentence:
        shared = len(doc.ref_sentences[i] & doc.pred_sentences[j])
    else:
        shared = sum(1 for a in ref_spans for b in pred_spans if _touches(a, b))
    if not shared:
        return None
    agents = actor_lists_match(_dicts(ref.get("actors")), _dicts(pred.get("actors"))) and (
        actor_lists_match(_dicts(ref.get("targets")), _dicts(pred.get("targets")))
    )
    if strict and not agents:
        return None
    chars = sum(_overlap(a, b) for a in ref_spans for b in pred_spans)
    return (int(not _is_optional(ref)), int(agents), int(exact), shared, chars)


def _match_events(doc: _EventDoc, strict: bool) -> list[tuple[int, int]]:
    return greedy_match(
        len(doc.refs), len(doc.preds), lambda i, j: _event_candidate(doc, i, j, strict)
    )


def _status_right(ref: Record, pred: Record, coarse: bool) -> bool:
    """Status agreement; a THREATEN event and a threatened one describe the same threat."""
    if (ref.get("type") == "THREATEN") != (pred.get("type") == "THREATEN"):
        other = pred if ref.get("type") == "THREATEN" else ref
        if other.get("status") == "threatened":
            return True
    ref_status, pred_status = ref.get("status"), pred.get("status")
    if coarse:
        return ref_status in COARSE_STATUS and (
            COARSE_STATUS.get(ref_status) == COARSE_STATUS.get(pred_status)
        )
    return ref_status == pred_status


def _place_country(place: Any) -> Any:
    return place.get("country") if isinstance(place, dict) else None


def _mode_set(event: Record) -> set[str]:
    mode = event.get("mode")
    return {m for m in mode if isinstance(m, str)} if isinstance(mode, list) else set()


def _score_event_fields(
    ref: Record, pred: Record, fields: dict[str, Prf], accs: dict[str, Acc]
) -> None:
    """Per-field scores over one loosely matched pair."""
    accs["status"].add(_status_right(ref, pred, coarse=False))
    accs["status_coarse"].add(_status_right(ref, pred, coarse=True))
    accs["place"].add(_place_country(ref.get("place")) == _place_country(pred.get("place")))
    accs["date"].add(ref.get("date") == pred.get("date"))
    for name in ("actors", "targets"):
        fields[name].add(*_item_counts(_dicts(ref.get(name)), _dicts(pred.get(name)), actors_match))
    fields["sources"].add(
        *_item_counts(_dicts(ref.get("sources")), _dicts(pred.get("sources")), sources_match)
    )
    ref_modes, pred_modes = _mode_set(ref), _mode_set(pred)
    fields["mode"].add(
        len(ref_modes & pred_modes), len(pred_modes - ref_modes), len(ref_modes - pred_modes)
    )


def _evaluate_events(reference: Sequence[Record], prediction: Sequence[Record]) -> Record:
    """Event detection (loose and strict) and the fields of loosely matched events."""
    pairs, counts = _pair_by_id(reference, prediction)
    fields = {name: Prf() for name in ("event", "event_strict", "actors", "targets", "sources")}
    fields["mode"] = Prf()
    accs = {name: Acc() for name in ("status", "status_coarse", "place", "date")}
    for ref_record, pred_record in pairs:
        doc = _event_doc(ref_record, pred_record)
        loose = _match_events(doc, strict=False)
        fields["event"].add(*_detection_counts(doc.refs, len(doc.preds), loose))
        strict = _match_events(doc, strict=True)
        fields["event_strict"].add(*_detection_counts(doc.refs, len(doc.preds), strict))
        for i, j in loose:
            _score_event_fields(doc.refs[i], doc.preds[j], fields, accs)
    report = _base_report("events", len(reference), counts)
    report["fields"] = {name: counter.to_dict() for name, counter in fields.items()}
    report["accuracies"] = {name: acc.to_dict() for name, acc in accs.items()}
    with_quotes = [r for r in reference if "quotes" in r]
    if with_quotes:
        report["quotes"] = _evaluate_quotes(with_quotes, prediction)
    return report


# --------------------------------------------------------------------------- quotes


def _quote_candidate(ref: Record, pred: Record) -> tuple | None:
    """Quotes pair when they overlap by at least half of the longer span."""
    a, b = _as_span(ref.get("span")), _as_span(pred.get("span"))
    if a is None or b is None:
        return None
    shared = _overlap(a, b)
    longer = max(a[1] - a[0], b[1] - b[0])
    if not shared or 2 * shared < longer:
        return None
    return (int(not _is_optional(ref)), shared)


def _last_token(name: Any) -> str:
    tokens = normalize_name(name).split()
    return tokens[-1] if tokens else ""


def speaker_right(ref: Record | None, pred: Record | None) -> bool:
    """Speaker agreement per the task's rules (callers skip pronoun references)."""
    if not isinstance(ref, dict):
        return not isinstance(pred, dict)
    if not isinstance(pred, dict):
        return False
    name = ref.get("name")
    if name:
        for candidate in (pred.get("name"), pred.get("mention")):
            if names_match(name, candidate):
                return True
            if _last_token(candidate) and _last_token(candidate) == _last_token(name):
                return True
        return False
    if ref.get("anonymous"):
        return bool(pred.get("anonymous"))
    return not pred.get("name")


def _is_pronoun_speaker(ref: Record) -> bool:
    speaker = ref.get("speaker")
    return isinstance(speaker, dict) and bool(speaker.get("pronoun"))


def _score_quote_doc(
    refs: list[Record], preds: list[Record], fields: dict[str, Prf], accs: dict[str, Acc]
) -> None:
    """Match one document's quotes and add its counts."""
    pairs = greedy_match(len(refs), len(preds), lambda i, j: _quote_candidate(refs[i], preds[j]))
    fields["quote"].add(*_detection_counts(refs, len(preds), pairs))
    matched_pred = {j for _, j in pairs}
    for direct, name in ((True, "quote_direct"), (False, "quote_reported")):
        ref_idx = [i for i, r in enumerate(refs) if bool(r.get("direct")) == direct]
        class_pairs = [(ref_idx.index(i), j) for i, j in pairs if i in ref_idx]
        tp, _, fn = _detection_counts([refs[i] for i in ref_idx], 0, class_pairs)
        fp = sum(
            1
            for j, p in enumerate(preds)
            if j not in matched_pred and bool(p.get("direct")) == direct
        )
        fields[name].add(tp, fp, fn)
    for i, j in pairs:
        ref, pred = refs[i], preds[j]
        if not _is_pronoun_speaker(ref):
            accs["speaker"].add(speaker_right(ref.get("speaker"), pred.get("speaker")))
        accs["direct"].add(bool(ref.get("direct")) == bool(pred.get("direct")))


def _evaluate_quotes(reference: Sequence[Record], prediction: Sequence[Record]) -> Record:
    """Quote detection by span overlap, then speaker and direct/reported over matched quotes."""
    pairs, counts = _pair_by_id(reference, prediction)
    fields = {name: Prf() for name in ("quote", "quote_direct", "quote_reported")}
    accs = {"speaker": Acc(), "direct": Acc()}
    for ref_record, pred_record in pairs:
        refs = _dicts(ref_record.get("quotes"))
        preds = _dicts((pred_record or {}).get("quotes"))
        _score_quote_doc(refs, preds, fields, accs)
    report = _base_report("quotes", len(reference), counts)
    report["fields"] = {name: counter.to_dict() for name, counter in fields.items()}
    report["accuracies"] = {name: acc.to_dict() for name, acc in accs.items()}
    return report


# --------------------------------------------------------------------------- sentences

_STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or its his her their this that these those
    de del la las el los lo y o en a al con por para su sus un una unos unas le les des du et
    ou au aux sur par pour son sa ses leur leurs une""".split()
)


def _words(text: Any) -> list[str]:
    return normalize_name(text).split()


def mention_overlaps(reference: Any, mention: Any) -> bool:
    """Loose phrase agreement: one contains the other, or half the reference's content words."""
    ref_words, mention_words = _words(reference), _words(mention)
    if not ref_words or not mention_words:
        return False
    ref_text, mention_text = f" {' '.join(ref_words)} ", f" {' '.join(mention_words)} "
    if ref_text in mention_text or mention_text in ref_text:
        return True
    content = {w for w in ref_words if w not in _STOPWORDS} or set(ref_words)
    return 2 * len(content & set(mention_words)) >= len(content)


def _actor_mentions(actor: Record, text: str) -> list[str]:
    """Words naming a predicted actor: its mention (else its span), and its name when the
    sentence itself writes that name, so "he", resolved to the "Vaclav Klaus" named
    earlier in the sentence, counts as naming him."""
    words: list[str] = []
    if isinstance(actor.get("mention"), str) and actor["mention"].strip():
        words.append(actor["mention"])
    else:
        span = _as_span(actor.get("span"))
        if span is not None and span[1] <= len(text):
            words.append(text[span[0] : span[1]])
    name = actor.get("name")
    if isinstance(name, str) and name.strip() and (not words or name in text):
        words.append(name)
    return words


def _role_right(reference_text: Any, actors: list[Record], text: str) -> bool:
    """A null reference wants no actor; otherwise some actor's words overlap the reference's."""
    if not reference_text:
        return not actors
    return any(
        mention_overlaps(reference_text, words)
        for actor in actors
        for words in _actor_mentions(actor, text)
    )


def _sentence_type_right(ref: Record, event: Record) -> bool:
    """Type or an alt type; a threatened event also counts for a THREATEN reference."""
    types = {ref.get("type"), *(ref.get("alt_types") or [])}
    if event.get("type") in types:
        return True
    return ref.get("type") == "THREATEN" and event.get("status") == "threatened"


def _score_sentence(ref: Record, pred: Record | None, accs: dict[str, Acc]) -> bool:
    """Score one reference line; returns whether the type was found."""
    text = ref.get("text") or ""
    events = [e for e in _dicts((pred or {}).get("events")) if _sentence_type_right(ref, e)]

    def actor_ok(event: Record) -> bool:
        return _role_right(ref.get("actor_text"), _dicts(event.get("actors")), text)

    def target_ok(event: Record) -> bool:
        return _role_right(ref.get("target_text"), _dicts(event.get("targets")), text)

    accs["type"].add(bool(events))
    accs["actor"].add(any(actor_ok(e) for e in events))
    accs["target"].add(any(target_ok(e) for e in events))
    accs["end_to_end"].add(any(actor_ok(e) and target_ok(e) for e in events))
    return bool(events)


def _evaluate_sentences(reference: Sequence[Record], prediction: Sequence[Record]) -> Record:
    """Type, actor and target of one reference event per sentence line."""
    pairs, counts = _pair_by_id(reference, prediction)
    accs = {name: Acc() for name in ("type", "actor", "target", "end_to_end")}
    per_type: dict[str, Acc] = {}
    for ref, pred in pairs:
        found = _score_sentence(ref, pred, accs)
        per_type.setdefault(str(ref.get("type")), Acc()).add(found)
    report = _base_report("sentences", len(reference), counts)
    report["accuracies"] = {name: acc.to_dict() for name, acc in accs.items()}
    report["per_type"] = {
        name: {"found": acc.correct, "total": acc.total, "recall": acc.to_dict()["accuracy"]}
        for name, acc in sorted(per_type.items())
    }
    return report


# --------------------------------------------------------------------------- status


def _class_counts(gold: Sequence[Any], guess: Sequence[Any], label: Any) -> Prf:
    counter = Prf()
    for g, p in zip(gold, guess, strict=True):
        counter.add(tp=int(g == label and p == label), fp=int(g != label and p == label))
        counter.add(fn=int(g == label and p != label))
    return counter


def coarse_macro_f1(gold: Sequence[Any], guess: Sequence[Any]) -> float:
    """Mean F1 over the four coarse classes, so that the rare classes weigh as much as
    'occurred'. A class absent from both sides cannot be scored and is left out of the mean."""
    gold_coarse = [COARSE_STATUS.get(g) for g in gold]
    guess_coarse = [COARSE_STATUS.get(p) for p in guess]
    scores = []
    for label in COARSE_CLASSES:
        counter = _class_counts(gold_coarse, guess_coarse, label)
        if counter.tp + counter.fp + counter.fn:
            scores.append(counter.to_dict()["f1"])
    return sum(scores) / len(scores) if scores else 0.0


def _evaluate_status(reference: Sequence[Record], prediction: Sequence[Record]) -> Record:
    """Status of one trigger per line: accuracy, per-status P/R/F1, coarse macro-F1."""
    pairs, counts = _pair_by_id(reference, prediction)
    gold = [ref.get("status") for ref, _ in pairs]
    guess = [(pred or {}).get("status") for _, pred in pairs]
    accuracy, coarse = Acc(), Acc()
    for g, p in zip(gold, guess, strict=True):
        accuracy.add(g == p)
        coarse.add(g in COARSE_STATUS and COARSE_STATUS.get(g) == COARSE_STATUS.get(p))
    labels = sorted({s for s in gold + guess if isinstance(s, str)})
    fields = {label: _class_counts(gold, guess, label).to_dict() for label in labels}
    gold_coarse = [COARSE_STATUS.get(g) for g in gold]
    guess_coarse = [COARSE_STATUS.get(p) for p in guess]
    for label in COARSE_CLASSES:
        fields[f"coarse:{label}"] = _class_counts(gold_coarse, guess_coarse, label).to_dict()
    macro = coarse_macro_f1(gold, guess)
    report = _base_report("status", len(reference), counts)
    report["fields"] = fields
    report["accuracies"] = {
        "status": accuracy.to_dict(),
        "status_coarse": coarse.to_dict(),
        "coarse_macro_f1": {"accuracy": macro, "correct": None, "total": len(gold)},
    }
    report["coarse_macro_f1"] = macro
    return report


# --------------------------------------------------------------------------- places


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, the usual geoparsing error measure."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _coordinates(place: Record) -> tuple[float, float] | None:
    lat, lon = place.get("lat"), place.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lat), float(lon)
    return None


def _place_distance(ref: Record, pred: Record) -> float | None:
    a, b = _coordinates(ref), _coordinates(pred)
    return haversine_km(*a, *b) if a and b else None


def _same_geonameid(ref: Record, pred: Record) -> bool:
    """Ids may be written as numbers or strings."""
    a, b = ref.get("geonameid"), pred.get("geonameid")
    return str(a) == str(b) if a is not None and b is not None else a is None and b is None


def _place_candidate(ref: Record, pred: Record) -> tuple | None:
    a, b = _as_span(ref.get("span")), _as_span(pred.get("span"))
    if a is None or b is None or not _touches(a, b):
        return None
    return (int(not _is_optional(ref)), _overlap(a, b))


def _match_places(refs: list[Record], preds: list[Record]) -> list[tuple[int, int]]:
    """Any span overlap pairs two mentions; the larger overlap wins."""
    return greedy_match(len(refs), len(preds), lambda i, j: _place_candidate(refs[i], preds[j]))


def _evaluate_places(reference: Sequence[Record], prediction: Sequence[Record]) -> Record:
    """Place mentions by span overlap, then their resolution over matched mentions."""
    pairs, counts = _pair_by_id(reference, prediction)
    mentions = Prf()
    accs = {"geonameid": Acc(), "within_161km": Acc()}
    errors: list[float] = []
    for ref_record, pred_record in pairs:
        refs = _dicts(ref_record.get("places"))
        preds = _dicts((pred_record or {}).get("places"))
        matched = _match_places(refs, preds)
        mentions.add(*_detection_counts(refs, len(preds), matched))
        for i, j in matched:
            accs["geonameid"].add(_same_geonameid(refs[i], preds[j]))
            distance = _place_distance(refs[i], preds[j])
            accs["within_161km"].add(distance is not None and distance <= MAX_DISTANCE_KM)
            if distance is not None:
                errors.append(distance)
    report = _base_report("places", len(reference), counts)
    report["fields"] = {"place": mentions.to_dict()}
    report["accuracies"] = {name: acc.to_dict() for name, acc in accs.items()}
    report["mean_error_km"] = statistics.fmean(errors) if errors else None
    report["median_error_km"] = statistics.median(errors) if errors else None
    report["distances"] = len(errors)
    return report


# --------------------------------------------------------------------------- entry points

_EVALUATORS: dict[str, Callable[[Sequence[Record], Sequence[Record]], Record]] = {
    "events": _evaluate_events,
    "quotes": _evaluate_quotes,
    "sentences": _evaluate_sentences,
    "status": _evaluate_status,
    "places": _evaluate_places,
}


def evaluate(kind: str, reference: list[Record], prediction: list[Record]) -> Record:
    """Score ``prediction`` against ``reference`` (records paired by ``id``).

    Extra keys by kind: events -> ``quotes`` (a nested quotes report, when the reference
    records have quotes); sentences -> ``per_type``; status -> ``coarse_macro_f1``;
    places -> ``mean_error_km``, ``median_error_km``, ``distances``.
    """
    if kind not in _EVALUATORS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return _EVALUATORS[kind](reference, prediction)


def evaluate_files(kind: str, reference: str | Path, prediction: str | Path) -> Record:
    """Convenience for the CLI: load both files and score them."""
    return evaluate(kind, load_records(reference), load_records(prediction))


# --------------------------------------------------------------------------- table


def _num(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _km(value: Any) -> str:
    return "-" if value is None else f"{value:.1f}"


def _field_lines(fields: Record) -> list[str]:
    width = max([len("field"), *map(len, fields)])
    lines = [f"{'field':<{width}}  {'P':>6} {'R':>6} {'F1':>6}  {'tp':>6} {'fp':>6} {'fn':>6}"]
    for name, s in fields.items():
        lines.append(
            f"{name:<{width}}  {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
            f"{_num(s['tp']):>6} {_num(s['fp']):>6} {_num(s['fn']):>6}"
        )
    return lines


def _accuracy_lines(accuracies: Record) -> list[str]:
    width = max([len("accuracy"), *map(len, accuracies)])
    lines = [f"{'accuracy':<{width}}  {'value':>6}  {'correct':>7} / {'total':<6}"]
    for name, a in accuracies.items():
        correct, total = _num(a["correct"]), _num(a["total"])
        lines.append(f"{name:<{width}}  {a['accuracy']:6.3f}  {correct:>7} / {total:<6}")
    return lines


def _per_type_lines(per_type: Record) -> list[str]:
    width = max([len("type"), *map(len, per_type)])
    lines = [f"{'type':<{width}}  {'recall':>6}  {'found':>6} / {'total':<6}"]
    for name, t in per_type.items():
        lines.append(f"{name:<{width}}  {t['recall']:6.3f}  {t['found']:>6} / {t['total']:<6}")
    return lines


def format_table(report: Record) -> str:
    """Plain fixed-width text for a terminal or a log, without any rich dependency."""
    lines = [
        f"{report['kind']}: {report['documents']} documents, "
        f"{report.get('missing_predictions', 0)} missing predictions, "
        f"{report.get('extra_predictions', 0)} extra predictions"
    ]
    if report.get("fields"):
        lines += ["", *_field_lines(report["fields"])]
    if report.get("accuracies"):
        lines += ["", *_accuracy_lines(report["accuracies"])]
    if report.get("per_type"):
        lines += ["", *_per_type_lines(report["per_type"])]
    if "mean_error_km" in report:
        lines += [
            "",
            f"mean error km: {_km(report['mean_error_km'])}  "
            f"median error km: {_km(report.get('median_error_km'))}  "
            f"({report.get('distances', 0)} distances)",
        ]
    if isinstance(report.get("quotes"), dict):
        lines += ["", "-- quotes --", format_table(report["quotes"])]
    return "\n".join(line.rstrip() for line in lines)
