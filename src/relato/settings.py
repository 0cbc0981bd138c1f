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
class ServeLimits:
    """What one client may ask of `relato serve` ([serve] in settings.toml)."""

    rate_per_minute: float = 600        # any request, per client address; 0: no limit
    rate_burst: int = 200
    pipeline_per_minute: float = 30     # POST /extract and POST /articles, per client
    pipeline_burst: int = 10
    pipeline_workers: int = 2           # articles read at once, whatever the clients
    pipeline_wait: float = 120.0        # seconds a request waits for a worker, then 503
    max_clients: int = 10_000           # clients remembered by the rate limits
    fetch_urls: bool = True             # may an article be given by its URL alone?
    fetch_max_bytes: int = 2_000_000
    fetch_timeout: float = 10.0
    fetch_max_per_request: int = 10


@dataclass(frozen=True)
class Settings:
    models: dict[str, str] = field(default_factory=dict)
    max_chars: int = 200_000
    max_file_bytes: int = 50_000_000
    token: str | None = None  # what writing to a served store requires; none = no writing
    max_request_bytes: int = 2_000_000
    serve: ServeLimits = field(default_factory=ServeLimits)

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
        serve=_serve_limits(serve),
    )


def _serve_limits(serve: dict) -> ServeLimits:
    values = {}
    for name, kind in ServeLimits.__annotations__.items():
        if name in serve:
            caster = {"float": float, "int": int, "bool": _strict_bool}[kind]
            try:
                values[name] = caster(serve[name])
            except (TypeError, ValueError):
                raise SettingsError(f"[serve] {name} must be a {kind}") from None
    return ServeLimits(**values)


def _strict_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(value)
    return value
