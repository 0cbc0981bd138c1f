"""Shared fixtures: one pipeline per test session (models load once), paths to fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


def fixture_articles() -> list[Path]:
    """Every invented article: test fixtures and the project's examples."""
    paths = sorted(p for p in FIXTURES.glob("*/*.json") if not p.name.endswith(".expect.json"))
    return paths + sorted(EXAMPLES.glob("*.json"))


@pytest.fixture(scope="session")
def pipeline():
    from relato.pipeline import Pipeline

    return Pipeline.default()


@pytest.fixture(scope="session")
def extract(pipeline):
    """extract(text, lang, published=None) -> Record, for sentences written in the tests."""

    def run(text: str, lang: str, published: str | None = "2025-11-04"):
        return pipeline.process({"id": "t", "text": text, "lang": lang, "published": published})

    return run


def events_of(record, type_: str) -> list:
    """The events of one PLOVER type in a record."""
    return [e for e in record.events if e.type == type_]


def load_json(path: Path):
    return json.loads(path.read_text("utf-8"))


# how many generated inputs each property test tried, printed at the end of the run
TRIED: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter):
    for name, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"{name}: {count} generated inputs tried")
