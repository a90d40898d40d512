"""The most-mentioned people of a brief, and the other entities that carry their surname.

    python bench/entities_top.py OUT_DIR [OUT_DIR ...] [--top 10]

Reads OUT_DIR/brief.json (e.g. of `storyline brief <first 200 PolNeAR train texts> -o OUT_DIR`)
and prints, for the `--top` PERSON entities with most mentions: mentions, articles, confidence,
the written forms, and every other entity (any type) whose name holds the person's surname as a
word: these are the candidates for a split (one person over several entities) or show why a
bare surname stayed apart (several people carry it). Several folders print one after another
(a brief before and after a change). Then counts of entity names of the junk forms
storyline.entity_types rejects (glued tokens, no capital, hyphen-prefix adjectives) and of
PERSON names of three words or more (mostly headline fragments when many).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path


def report(folder: Path, top: int) -> list[str]:
    brief = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    entities = brief["entities"]
    people = sorted((e for e in entities if e["type"] == "PERSON"), key=lambda e: (-len(e["mentions"]), e["id"]))
    lines = [f"{folder}: {len(entities)} entities, {len(people)} PERSON"]
    for person in people[:top]:
        articles = len({m["article"] for m in person["mentions"]})
        lines.append(
            f"  {len(person['mentions']):5d} mentions {articles:4d} articles  conf {person.get('confidence', 1.0):.3f}  "
            f"{person['name']}  forms: {', '.join(person['aliases'][:8])}"
        )
        surname = person["name"].split()[-1]
        word = re.compile(rf"\b{re.escape(surname)}\b")
        others = [
            e for e in entities
            if e is not person and (word.search(e["name"]) or any(word.search(a) for a in e["aliases"]))
        ]
        for other in sorted(others, key=lambda e: -len(e["mentions"]))[:6]:
            lines.append(f"        also {other['type']:6} {len(other['mentions']):4d}  {other['name']}")
    return lines


_JUNK = {
    "glued tokens": re.compile(r"[a-z][A-Z]{2}|[A-Z]{4,}[a-z]{2}|[a-z][,;:”“\"—–]+[A-Za-z0-9]"),
    "no capital": re.compile(r"^[^A-Z0-9]*$"),
    "hyphen prefix": re.compile(r"(?i)^(?:ex|anti|pro|non|post|pre|trans|pan|neo|mid)-"),
}


def junk(folder: Path) -> list[str]:
    entities = json.loads((folder / "brief.json").read_text(encoding="utf-8"))["entities"]
    lines = []
    for name, pattern in _JUNK.items():
        found = sorted(e["name"] for e in entities if pattern.search(e["name"]))
        lines.append(f"  {name:14} {len(found):4d}  {', '.join(found[:5])}")
    long = [e for e in entities if e["type"] == "PERSON" and len(e["name"].split()) >= 3]
    lines.append(f"  PERSON of 3+ words {len(long)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    for folder in args.folders:
        print("\n".join(report(folder, args.top) + junk(folder)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
