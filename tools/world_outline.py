"""Turn Natural Earth country outlines (TopoJSON) into the web page's small world map.

The data: Natural Earth 1:110m countries (public domain, https://www.naturalearthdata.com/),
as redistributed in TopoJSON by the npm package world-atlas (countries-110m.json). Get it with

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz

then run

    .venv/bin/python tools/world_outline.py /tmp/package/countries-110m.json

which writes src/relato/web/static/world.json: one SVG path per country, already projected
(equirectangular: x = longitude + 180, y = 90 - latitude, so the world is 360 x 180 units),
rounded to a tenth of a degree. The page draws those paths and puts event markers on them
with the same projection; nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "relato" / "web" / "static" / "world.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (longitude, latitude) points (arcs are quantized, delta-coded)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for dx, dy in arc:
            if transform:
                x, y = x + dx, y + dy
                points.append((x * transform["scale"][0] + transform["translate"][0],
                               y * transform["scale"][1] + transform["translate"][1]))
            else:
                points.append((dx, dy))
        arcs.append(points)
    return arcs


def ring_points(indexes: list[int], arcs: list[list[tuple[float, float]]]):
    """A ring is arcs joined end to start; a negative index ~i is arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring made continuous across the antimeridian (longitudes may leave -180..180).

    Russia, Fiji and Antarctica cross it: drawn as they are, they would streak across the
    whole map. A ring that goes round a pole (Antarctica) is closed along that pole.
    """
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90.0 if sum(lat for _, lat in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def ring_paths(points: list[tuple[float, float]]) -> str:
    """The ring projected and rounded, repeated points dropped, as SVG path data; once more
    shifted by 360 degrees when it crosses the map's edge, so both sides are drawn."""
    ring = unwrap(points)
    low, high = min(lon for lon, _ in ring), max(lon for lon, _ in ring)
    paths = []
    for shift in (-360, 0, 360):
        if high + shift <= -180 or low + shift >= 180:
            continue
        projected: list[tuple[float, float]] = []
        for lon, lat in ring:
            point = (round(lon + shift + 180, 1), round(90 - lat, 1))
            if not projected or projected[-1] != point:
                projected.append(point)
        if len(projected) < 3:
            continue
        text = [f"M{_num(projected[0][0])} {_num(projected[0][1])}"]
        text += [f"L{_num(x)} {_num(y)}" for x, y in projected[1:]]
        paths.append("".join(text) + "Z")
    return "".join(paths)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def convert(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = "".join(ring_paths(ring_points(ring, arcs)) for polygon in polygons
                       for ring in polygon)
        if path:
            countries.append({"id": geometry.get("id"),
                              "name": geometry.get("properties", {}).get("name"),
                              "d": path})
    return {
        "source": "Natural Earth 1:110m countries (public domain, naturalearthdata.com), "
                  "via the world-atlas TopoJSON package; converted by tools/world_outline.py",
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "width": 360, "height": 180, "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    world = convert(json.loads(args.topojson.read_text("utf-8")))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n",
                        "utf-8")
    print(f"{args.out}: {len(world['countries'])} countries, "
          f"{args.out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
