"""Dates: time expressions resolved against the publication date at the precision the
text gives ("en février" -> 2025-02, "mardi dernier" -> a day, "in 2024" -> 2024), then
attached to the events of their clause. Background events get their own date or none:
the publication date is never a guess."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from relato.stages.context import Analysis, DateMention

_YEAR = re.compile(r"^(19|20)\d\d$")


def _meaning(token: Token, table: dict[str, str]) -> str | None:
    return table.get(token.lower_) or table.get(token.lemma_.lower())


def _month_before(published: date, month: int) -> int:
    return published.year if month <= published.month else published.year - 1


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _number(token: Token, numbers: dict[str, int]) -> int | None:
    if _digits(token):
        return int(token.text)
    value = numbers.get(token.lower_)
    return value if value else None


def _scan(analysis: Analysis) -> list[DateMention]:
    doc, table, published = analysis.doc, analysis.lang.dates, analysis.published
    found: list[DateMention] = []
    numbers = analysis.lang.numbers
    firsts = {key.split(" ")[0] for key in table}
    i = 0
    while i < len(doc):
        token = doc[i]
        if not (token.is_digit or token.lower_ in firsts or token.lemma_.lower() in firsts
                or token.lower_ in numbers):
            i += 1  # no date starts with a word that is no date word
            continue
        hit = _match_at(doc, i, table, published, numbers)
        if hit is None:
            i += 1
            continue
        end, value = hit
        span = doc[i:end]
        head = next((t for t in span if t.head.i < i or t.head.i >= end or t.head == t), span[0])
        found.append(DateMention((span.start_char, span.end_char), span.text, value, head.i))
        i = end
    return found


def _digits(token) -> bool:
    """ASCII digits only: '²' is a digit to Python but no number of a date."""
    return token.text.isascii() and token.text.isdigit()


def _match_at(doc, i: int, table: dict[str, str], published: date | None,
              numbers: dict[str, int]) -> tuple[int, str] | None:
    token = doc[i]
    meaning = _meaning(token, table)
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    nxt2 = doc[i + 2] if i + 2 < len(doc) else None
    # day month [year] ("12 février 2025", "12 de febrero de 2025")
    if _digits(token) and 1 <= int(token.text) <= 31 and nxt is not None:
        k = i + 1
        if doc[k].lower_ == "de" and k + 1 < len(doc):
            k += 1
        month = _meaning(doc[k], table) if k < len(doc) else None
        if month and month.startswith("month:"):
            m = int(month.split(":")[1])
            end, year = k + 1, None
            if end < len(doc) and doc[end].lower_ == "de" and end + 1 < len(doc) and _YEAR.match(
                    doc[end + 1].text):
                end += 1
            if end < len(doc) and _YEAR.match(doc[end].text):
                year, end = int(doc[end].text), end + 1
            year = year or (_month_before(published, m) if published else None)
            if year:
                return end, _iso(year, m, int(token.text))
    if meaning and meaning.startswith("month:"):
        m = int(meaning.split(":")[1])
        # month day[, year] ("February 12, 2025")
        if nxt is not None and _digits(nxt) and 1 <= int(nxt.text) <= 31:
            end, year = i + 2, None
            if end < len(doc) and doc[end].text == ",":
                end += 1
            if end < len(doc) and _YEAR.match(doc[end].text):
                year, end = int(doc[end].text), end + 1
            else:
                end = i + 2
            year = year or (_month_before(published, m) if published else None)
            if year:
                return end, _iso(year, m, int(nxt.text))
        # month [de] year
        k = i + 1
        if nxt is not None and nxt.lower_ == "de":
            k += 1
        if k < len(doc) and _YEAR.match(doc[k].text):
            return k + 1, f"{int(doc[k].text):04d}-{m:02d}"
        if published and _meaning(doc[i - 1], table) in ("in", "since", "start", "end",
                                                         "middle") if i > 0 else False:
            return i + 1, f"{_month_before(published, m):04d}-{m:02d}"
        return None
    if published is None:
        return None
    if meaning and meaning.startswith("weekday:"):
        wd = int(meaning.split(":")[1])
        strict = (nxt is not None and _meaning(nxt, table) == "last") or (
            i > 0 and _meaning(doc[i - 1], table) == "last")
        end = i + 2 if nxt is not None and _meaning(nxt, table) in ("last", "next") else i + 1
        if nxt is not None and _meaning(nxt, table) == "next":
            delta = (wd - 1 - published.weekday()) % 7 or 7
            return end, (published + timedelta(days=delta)).isoformat()
        delta = (published.weekday() - (wd - 1)) % 7
        if delta == 0 and strict:
            delta = 7
        return end, (published - timedelta(days=delta)).isoformat()
    if meaning in ("yesterday", "today", "tomorrow", "day_before_yesterday"):
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "day_before_yesterday": -2}
        return i + 1, (published + timedelta(days=offset[meaning])).isoformat()
    # "il y a deux semaines" / "hace dos semanas" / "two weeks ago"
    ago_words = [w for w, m in table.items() if m == "ago"]
    for words in (w.split() for w in ago_words):
        if [t.lower_ for t in doc[i:i + len(words)]] == words:
            k = i + len(words)
            if k + 1 < len(doc):
                count = _number(doc[k], numbers)
                unit = _meaning(doc[k + 1], table)
                if count and unit and unit.startswith("unit:"):
                    return k + 2, _ago(published, count, unit[5:])
    if _digits(token) or numbers.get(token.lower_):
        count = _number(token, numbers)
        unit = _meaning(nxt, table) if nxt is not None else None
        if count and unit and unit.startswith("unit:") and nxt2 is not None and _meaning(
                nxt2, table) == "ago":
            return i + 3, _ago(published, count, unit[5:])
    if _YEAR.match(token.text) and i > 0 and _meaning(doc[i - 1], table) in ("in", "since",
                                                                            "by"):
        return i + 1, token.text
    return None


def _iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _ago(published: date, count: int, unit: str) -> str:
    if unit == "day":
        return (published - timedelta(days=count)).isoformat()
    if unit == "week":
        return (published - timedelta(weeks=count)).isoformat()
    if unit == "month":
        return _shift_months(published, count).isoformat()[:7]
    return str(published.year - count)


_NUMERIC = re.compile(r"\b(\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b")


def _numeric_dates(analysis: Analysis, taken: list[DateMention]) -> list[DateMention]:
    """All-digit dates ("12/03/2025", "2025-03-12"), read by dateparser in the article's
    language order (day first in French and Spanish, month first in English)."""
    import dateparser

    found = []
    text = analysis.text
    order = "MDY" if analysis.lang.code == "en" else "DMY"
    for match in _NUMERIC.finditer(text):
        start, end = match.span()
        if any(m.span[0] < end and start < m.span[1] for m in taken):
            continue
        parsed = dateparser.parse(match.group(0), languages=[analysis.lang.code],
                                  settings={"DATE_ORDER": order, "STRICT_PARSING": True})
        span = analysis.doc.char_span(start, end, alignment_mode="expand")
        if parsed is None or span is None:
            continue
        head = span.root
        found.append(DateMention((start, end), match.group(0), parsed.date().isoformat(),
                                 head.i))
    return found


DATELINE_CHARS = 300


def find_dates(analysis: Analysis) -> None:
    found = _scan(analysis)
    if analysis.published is None:
        # no publication date given: the dateline's full date stands for it
        dateline = next((m for m in found if m.span[0] < DATELINE_CHARS
                         and len(m.value) == 10), None)
        if dateline is not None:
            analysis.published = date.fromisoformat(dateline.value)
            analysis.warnings.append(
                f"publication date taken from the dateline: {dateline.value}")
            # the dateline dates the article, not an event in it
            found = [m for m in _scan(analysis) if m.span != dateline.span]
    analysis.dates = sorted(found + _numeric_dates(analysis, found), key=lambda m: m.span)


def later_than_published(mention: DateMention, published: date | None) -> bool:
    """Is the date (at its own precision) after the publication date?"""
    if published is None:
        return False
    value = mention.value.split("/")[0]
    return value > published.isoformat()[: len(value)]


def attach_dates(analysis: Analysis) -> None:
    """Give each event the date expression of its own clause."""
    for mention in analysis.dates:
        token = analysis.doc[mention.head]
        anchor = token.head
        candidates = [e for e in analysis.events if e.sentence.start <= token.i < e.sentence.end]
        chosen = None
        for _ in range(3):  # "signed ... in | March": up through the preposition
            chosen = next((e for e in candidates
                           if anchor == e.head or anchor in e.governors[:2]), None)
            if chosen is not None or anchor.head == anchor:
                break
            if anchor.pos_ not in ("ADP", "NOUN", "PROPN") and anchor.dep_ != "prep":
                break
            anchor = anchor.head
        if chosen is None:
            for event in candidates:
                if event.head.pos_ in ("VERB", "AUX") and anchor.is_ancestor(event.head) or (
                        anchor == event.head.head):
                    chosen = event
                    break
        if chosen is None and len(candidates) == 1:
            chosen = candidates[0]
        if chosen is not None and chosen.date is None:
            chosen.date = mention
