"""Write N articles made from relato's invented fixtures, each different from the others.

    python bench/make_articles.py 1000 /tmp/articles

Each article is a fixture article with its own id, a publication date moved by a few days,
and a closing sentence that names its number, so no two texts are the same (the store
would otherwise skip them as already stored). For load and scale checks only.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
CLOSING = {
    "fr": "Cet article porte le numéro {n} de la série.",
    "en": "This is article number {n} of the series.",
    "es": "Este es el artículo número {n} de la serie.",
}


def sources() -> list[dict]:
    found = []
    for path in sorted(FIXTURES.glob("*/*.json")):
        if path.name.endswith(".expect.json"):
            continue
        article = json.loads(path.read_text("utf-8"))
        if article.get("invented") and article.get("text"):
            found.append(article)
    return found


def make(count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    base = sources()
    written = []
    for n in range(count):
        article = dict(base[n % len(base)])
        lang = article.get("lang") or "en"
        article["id"] = f"{article['id']}-{n:05d}"
        published = date.fromisoformat(article.get("published") or "2026-01-01")
        article["published"] = (published + timedelta(days=n % 60)).isoformat()
        article["text"] = article["text"].rstrip() + "\n" + CLOSING[lang].format(n=n)
        path = folder / f"{article['id']}.json"
        path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    paths = make(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(paths)} articles in {sys.argv[2]}")
