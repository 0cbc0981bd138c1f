"""A readable view of records in the terminal (rich), for `relato extract --pretty`."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from relato.schema import Actor, Record, Source

STATUS_STYLE = {
    "occurred": "green", "ongoing": "green", "planned": "cyan", "considered": "yellow",
    "threatened": "red", "hypothetical": "magenta", "negated": "bright_black",
}


def _actors(actors: list[Actor]) -> str:
    return "\n".join(
        f"{a.name}" + (f" [{a.country or '?'}/{a.sector or '?'}]" if a.country or a.sector
                       else "") for a in actors) or "-"


def _source(source: Source) -> str:
    if source.name:
        return f"{source.name} ({source.kind})"
    parts = [str(source.count) if source.count else "", "former" if source.former else "",
             source.role or "anonymous", f"[{source.country}]" if source.country else ""]
    return "anonymous: " + " ".join(p for p in parts if p)


def print_record(record: Record, console: Console | None = None) -> None:
    # a pipe or a log gets a wide table rather than 80 squeezed columns
    console = console or (Console() if sys.stdout.isatty() else Console(width=140))
    title = record.title or record.text[:80].replace("\n", " ")
    console.rule(f"[bold]{record.id}[/bold] · {record.lang} · {record.published or 'no date'}")
    console.print(f"[italic]{title}[/italic]")
    for warning in record.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
    table = Table(show_lines=True, title=f"{len(record.events)} events")
    for column in ("type", "status", "actor", "target", "where / when", "according to",
                   "words"):
        table.add_column(column, overflow="fold")
    for event in record.events:
        style = STATUS_STYLE.get(event.status, "white")
        where = " ".join(x for x in [event.place.name if event.place else "",
                                     event.date or ""] if x) or "-"
        table.add_row(
            event.type + (f"\n({', '.join(event.mode)})" if event.mode else ""),
            f"[{style}]{event.status}[/{style}]",
            _actors(event.actors), _actors(event.targets), where,
            "\n".join(_source(s) for s in event.sources) or "-",
            event.trigger,
        )
    console.print(table)
    if record.quotes:
        quotes = Table(title=f"{len(record.quotes)} quotes", show_lines=True)
        quotes.add_column("speaker")
        quotes.add_column("cue")
        quotes.add_column("words", overflow="fold")
        for quote in record.quotes:
            speaker = _source(quote.speaker) if quote.speaker else "-"
            words = f"« {quote.text} »" if quote.direct else quote.text
            quotes.add_row(speaker, quote.cue or "-", words)
        console.print(quotes)
