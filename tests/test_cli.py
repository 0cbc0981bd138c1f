"""The command line: extraction formats, one-line errors for bad input, batches that go on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relato.cli import main

FR_TEXT = ("Le gouvernement mexicain a extradé trois chefs du cartel de Sinaloa vers les "
           "États-Unis, selon le quotidien Reforma.")


def run(capsys, *args) -> tuple[int, list[dict], str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, records, captured.err


def test_extract_text_file(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(FR_TEXT, encoding="utf-8")
    code, records, err = run(capsys, "extract", path, "--lang", "fr", "--published",
                             "2026-01-10")
    assert code == 0, err
    assert len(records) == 1
    record = records[0]
    assert record["id"] == "article" and record["lang"] == "fr"
    assert record["published"] == "2026-01-10"
    assert any(e["type"] == "COOPERATE" for e in record["events"])


def test_jsonl_gives_one_record_per_line_with_the_same_id(tmp_path, capsys):
    lines = [
        {"id": "a-1", "lang": "fr", "text": FR_TEXT},
        {"id": "a-2", "lang": "en", "text": "Mexico extradited ten cartel leaders."},
        {"id": "a-3", "lang": "es", "text": "México extraditó a diez líderes del cártel."},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    code, records, err = run(capsys, "extract", path)
    assert code == 0, err
    assert [r["id"] for r in records] == ["a-1", "a-2", "a-3"]
    assert [r["lang"] for r in records] == ["fr", "en", "es"]


def test_language_is_detected_when_not_given(tmp_path, capsys):
    path = tmp_path / "sans-langue.txt"
    path.write_text(FR_TEXT, encoding="utf-8")
    code, records, _ = run(capsys, "extract", path)
    assert code == 0
    assert records[0]["lang"] == "fr"
    assert any("detected" in w for w in records[0]["warnings"])


def test_html_goes_through_trafilatura(tmp_path, capsys):
    body = " ".join([FR_TEXT] * 3)
    html = (f"<html><head><title>Extraditions</title></head><body><nav>Menu Accueil</nav>"
            f"<article><h1>Extraditions</h1><p>{body}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    code, records, err = run(capsys, "extract", path, "--lang", "fr")
    assert code == 0, err
    assert "Menu Accueil" not in records[0]["text"]
    assert "extradé" in records[0]["text"]


def test_stdin(monkeypatch, capsys):
    import io

    class Stdin:
        buffer = io.BytesIO(FR_TEXT.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, records, _ = run(capsys, "extract", "-", "--lang", "fr")
    assert code == 0 and records[0]["id"] == "stdin"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"   \n\t\n", "empty input"),
        ("binary.txt", bytes(range(256)) * 4, "binary content"),
        ("broken.json", b'{"id": "x", "text": ', "invalid JSON"),
        ("no-text.json", b'{"id": "x"}', "missing field 'text'"),
    ],
)
def test_bad_input_gets_a_one_line_error_and_the_batch_goes_on(tmp_path, capsys, name,
                                                                content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(FR_TEXT, encoding="utf-8")
    code, records, err = run(capsys, "extract", bad, good, "--lang", "fr")
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(bad) in lines[0] and reason in lines[0]
    assert [r["id"] for r in records] == ["good"]


def test_bad_lines_of_a_jsonl_batch(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "ok-1", "lang": "fr", "text": FR_TEXT}),
        "{not json",
        json.dumps({"id": "bad-lang", "lang": "de", "text": "Hallo"}),
        json.dumps({"id": "ok-2", "lang": "fr", "text": FR_TEXT}),
    ]), "utf-8")
    code, records, err = run(capsys, "extract", path)
    assert code != 0
    assert [r["id"] for r in records] == ["ok-1", "ok-2"]
    errors = err.strip().splitlines()
    assert len(errors) == 2
    assert f"{path}:2" in errors[0] and "invalid JSON" in errors[0]
    assert f"{path}:3" in errors[1] and "unknown language code 'de'" in errors[1]


def test_unknown_language_option(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(FR_TEXT, encoding="utf-8")
    code, records, err = run(capsys, "extract", path, "--lang", "xx")
    assert code != 0 and records == []
    assert "unknown language code 'xx'" in err and len(err.strip().splitlines()) == 1


def test_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "extract", tmp_path / "nowhere.txt", "--lang", "fr")
    assert code != 0 and "nowhere.txt: no such file" in err


def test_bad_published_date(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(FR_TEXT, encoding="utf-8")
    code, _, err = run(capsys, "extract", path, "--published", "yesterday")
    assert code == 2 and "--published" in err


def test_schema_command(capsys):
    code = main(["schema"])
    out = capsys.readouterr().out
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "relato Record"
    assert "events" in schema["properties"] and "Event" in schema["$defs"]


def test_status_command(tmp_path, capsys):
    text = ("Le gouvernement envisage des frappes contre les cartels. "
            "La police a arrêté deux suspects.")
    lines = [
        {"id": "s1", "lang": "fr", "text": text, "trigger": [text.index("frappes"),
                                                             text.index("frappes") + 7],
         "status": "?"},
        {"id": "s2", "lang": "fr", "text": text, "trigger": [text.index("arrêté"),
                                                             text.index("arrêté") + 6],
         "status": "?"},
    ]
    path = tmp_path / "x.status.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    code, records, err = run(capsys, "status", path)
    assert code == 0, err
    assert [r["id"] for r in records] == ["s1", "s2"]
    assert [r["status"] for r in records] == ["considered", "occurred"]
    assert records[0]["text"] == text


def test_eval_command_table_and_json(tmp_path, capsys):
    text = "Le Mexique a extradé dix narcotrafiquants vers les États-Unis."
    start = text.index("a extradé")
    reference = {"id": "e1", "lang": "fr", "text": text, "events": [
        {"type": "COOPERATE", "status": "occurred",
         "actors": [{"name": "Mexico", "country": "MEX", "sector": "GOV"}],
         "targets": [{"name": "United States", "country": "USA", "sector": "GOV"}],
         "trigger": "a extradé", "evidence": [[start, len(text) - 1]]}], "quotes": []}
    ref = tmp_path / "ref.jsonl"
    ref.write_text(json.dumps(reference, ensure_ascii=False), "utf-8")
    pred = tmp_path / "pred.jsonl"
    main(["extract", str(ref), "-o", str(pred)])
    capsys.readouterr()
    assert main(["eval", "events", str(ref), str(pred)]) == 0
    table = capsys.readouterr().out
    assert "event_strict" in table
    assert main(["eval", "events", str(ref), str(pred), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["fields"]["event_strict"]["f1"] == 1.0


def test_the_installed_command_runs(tmp_path):
    exe = Path(sys.executable).with_name("relato")
    if not exe.exists():
        pytest.skip("relato is not installed beside this Python")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = subprocess.run([str(exe), "extract", str(empty), "--lang", "fr"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == f"relato: error: {empty}: empty input [empty]"
