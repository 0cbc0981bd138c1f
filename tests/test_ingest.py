"""Reading input: encodings, formats, language detection, and the errors for bad items."""

from __future__ import annotations

import json

import pytest

from relato.errors import BinaryInput, EmptyInput, InvalidArticle, RelatoError
from relato.ingest import Defaults, decode_bytes, detect_language, read_path

TEXT = "Le président a déclaré que la coopération était « très étroite » à Bogotá."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
def test_text_is_decoded_whatever_the_encoding(encoding):
    assert decode_bytes(TEXT.encode(encoding), "x") == TEXT


def test_empty_and_binary_are_refused():
    with pytest.raises(EmptyInput):
        decode_bytes(b" \n ", "x")
    with pytest.raises(BinaryInput):
        decode_bytes(b"\x00\x01\x02\x03" * 100 + b"PNG", "x")


@pytest.mark.parametrize("text, lang", [
    ("Le gouvernement a annoncé mardi de nouvelles mesures contre les cartels.", "fr"),
    ("The government announced new measures against the cartels on Tuesday.", "en"),
    ("El gobierno anunció el martes nuevas medidas contra los cárteles.", "es"),
])
def test_language_detection_is_restricted_to_supported_languages(text, lang):
    assert detect_language(text) == lang


def test_json_list_of_articles(tmp_path):
    path = tmp_path / "two.json"
    path.write_text('[{"id": "a", "text": "Un."}, {"id": "b", "text": "Deux."}]', "utf-8")
    items = list(read_path(str(path), Defaults(lang="fr")))
    assert [i.id for i in items] == ["a", "b"]
    assert all(i.lang == "fr" for i in items)


def test_wrongly_typed_fields_name_the_field(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": 12}\n{"id": "b", "text": "ok", "published": "nope"}',
                    "utf-8")
    items = list(read_path(str(path)))
    assert all(isinstance(i, InvalidArticle) for i in items)
    assert "'text'" in str(items[0]) and f"{path}:1" in str(items[0])
    assert "'published'" in str(items[1]) and f"{path}:2" in str(items[1])


def test_folders_are_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Premier texte.", "utf-8")
    (tmp_path / "sub" / "b.txt").write_text("Second texte.", "utf-8")
    items = list(read_path(str(tmp_path)))
    assert sorted(i.id for i in items) == ["a", "b"]


def test_errors_carry_a_code_and_one_line():
    error = EmptyInput("empty input", "notes.txt")
    assert isinstance(error, RelatoError)
    assert error.one_line() == "notes.txt: empty input [empty]"
    assert "\n" not in str(error)


@pytest.mark.parametrize("value, expected", [
    ("19940617", "1994-06-17"), ("2025-11-04T10:30:00Z", "2025-11-04"),
    ("2025/11/4", "2025-11-04"), (20251104, "2025-11-04"),
])
def test_publication_dates_as_corpora_write_them(value, expected, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "a", "text": "Un texte.", "published": value}), "utf-8")
    [article] = list(read_path(str(path)))
    assert article.published == expected


def test_an_impossible_publication_date_is_refused(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"id": "a", "text": "Un texte.", "published": "19941317"}),
                    "utf-8")
    [error] = list(read_path(str(path)))
    assert isinstance(error, InvalidArticle) and "'published'" in str(error)
