"""Settings: shipped defaults, then a user file, then environment, then explicit overrides."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from relato.errors import SettingsError

SUPPORTED_LANGUAGES = ("fr", "en", "es")


@dataclass(frozen=True)
class Settings:
    models: dict[str, str] = field(default_factory=dict)
    max_chars: int = 200_000
    max_file_bytes: int = 50_000_000
    token: str | None = None  # what writing to a served store requires; none = no writing
    max_request_bytes: int = 2_000_000

    def model_for(self, lang: str) -> str:
        try:
            return self.models[lang]
        except KeyError:
            raise SettingsError(f"no spaCy pipeline configured for language {lang!r}") from None


def _read_toml(text: str, origin: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"invalid settings file: {exc}", origin) from None


def load_settings(model_overrides: dict[str, str] | None = None) -> Settings:
    """Defaults from the package; RELATO_SETTINGS file; RELATO_MODEL_<LANG>; then overrides."""
    data = _read_toml(
        resources.files("relato").joinpath("settings.toml").read_text("utf-8"), "settings.toml"
    )
    user_file = os.environ.get("RELATO_SETTINGS")
    if user_file:
        path = Path(user_file)
        if not path.is_file():
            raise SettingsError("settings file not found", user_file)
        user = _read_toml(path.read_text("utf-8"), user_file)
        for section, values in user.items():
            data.setdefault(section, {}).update(values)
    models = dict(data.get("models", {}))
    for lang in SUPPORTED_LANGUAGES:
        env_value = os.environ.get(f"RELATO_MODEL_{lang.upper()}")
        if env_value:
            models[lang] = env_value
    models.update(model_overrides or {})
    limits = data.get("limits", {})
    serve = data.get("serve", {})
    return Settings(
        models=models,
        max_chars=int(os.environ.get("RELATO_MAX_CHARS", limits.get("max_chars", 200_000))),
        max_file_bytes=int(limits.get("max_file_bytes", 50_000_000)),
        token=os.environ.get("RELATO_TOKEN") or serve.get("token") or None,
        max_request_bytes=int(serve.get("max_request_bytes", 2_000_000)),
    )
