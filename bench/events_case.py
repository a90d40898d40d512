"""Score `storyline.events.find_events` on CASE 2021 task 2 event snippets mapped to PLOVER.

Each snippet (`case2021-task2/snippets.tsv`: id, EventSnippet, SubType) carries one ACLED-style
subtype; the scored subtypes map to a set of PLOVER types (see MAPPING, the mapping the held-out
half is scored with), the others are skipped and only counted. A snippet is covered when at least
one coded event has a gold type; the score is reported strict and with FIGHT and ASSAULT counted
as one (CAMEO puts bombings under ASSAULT), for all events and for facts only (asserted or
reported, not negated). The README's keyword baseline (word-prefix regexes per type, no parse)
runs in the same pass, with a per-subtype table and rough precision-side figures: the mean
number of events per scored snippet and how many snippets of the unscored subtypes get a FIGHT
or ASSAULT event. `--errors N` prints the first N missed snippets (by id, FIGHT/ASSAULT as one).

    python bench/events_case.py [--data FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent

_PROTEST = frozenset({"PROTEST"})
_FIGHT = frozenset({"FIGHT"})
_ASSAULT = frozenset({"ASSAULT"})

# CASE subtype -> gold PLOVER types (datasets README); subtypes not listed are not scored
MAPPING: dict[str, frozenset[str]] = {
    "PEACE_PROTEST": _PROTEST,
    "PROTEST_WITH_INTER": _PROTEST,
    "FORCE_AGAINST_PROTEST": _PROTEST,
    "VIOL_DEMONSTR": frozenset({"PROTEST", "ASSAULT"}),
    "MOB_VIOL": frozenset({"PROTEST", "ASSAULT"}),
    "ARMED_CLASH": _FIGHT,
    "GOV_REGAINS_TERIT": _FIGHT,
    "NON_STATE_ACTOR_OVERTAKES_TER": _FIGHT,
    "CHEM_WEAP": _FIGHT,
    "AIR_STRIKE": _FIGHT,
    "SUIC_BOMB": _FIGHT,
    "ART_MISS_ATTACK": _FIGHT,
    "REM_EXPLOS": _FIGHT,
    "GRENADE": _FIGHT,
    "SEX_VIOL": _ASSAULT,
    "ATTACK": _ASSAULT,
    "ABDUCT_DISSAP": _ASSAULT,
    "AGREEMENT": frozenset({"AGREE"}),
    "ARREST": frozenset({"COERCE"}),
}

# the README's keyword baseline: word stems per PLOVER type, matched case-insensitively as the
# prefix of a word (`\b(stem)`) on the raw snippet text
KEYWORDS: dict[str, list[str]] = {
    "PROTEST": ["protest", "demonstrat", "rally", "rallies", "march", "picket", "riot", "strike",
                "sit-in"],
    "FIGHT": ["clash", "fight", "shell", "bomb", "explod", "explos", "captur", "recaptur",
              "airstrike", "air strike", "missile", "rocket", "artillery", "grenade", "battle",
              "offensive"],
    "ASSAULT": ["attack", "kill", "abduct", "kidnap", "rape", "assault", "murder", "shot", "shoot",
                "stab", "torture", "massacre"],
    "AGREE": ["agree", "deal", "signed", "sign", "ceasefire", "cease-fire", "truce", "accord",
              "pact", "treaty"],
    "COERCE": ["arrest", "detain", "custody", "jail", "imprison", "seize"],
}

_KEYWORD_RES: dict[str, re.Pattern[str]] = {
    type_: re.compile(r"\b(" + "|".join(re.escape(stem) for stem in stems) + ")", re.I)
    for type_, stems in KEYWORDS.items()
}

_VIOLENT = frozenset({"FIGHT", "ASSAULT"})


@dataclass
class Snippet:
    id: int
    text: str
    subtype: str


@dataclass
class Coverage:
    """Covered snippets, strict and with FIGHT/ASSAULT as one."""

    n: int = 0
    strict: int = 0
    as_one: int = 0

    def add(self, predicted: set[str], gold: frozenset[str]) -> None:
        self.n += 1
        self.strict += covered(predicted, gold, as_one=False)
        self.as_one += covered(predicted, gold, as_one=True)

    def line(self, label: str) -> str:
        n = max(self.n, 1)
        return (f"  {label:20} {self.strict / n:.3f} ({self.strict}/{self.n})  "
                f"fight/assault as one {self.as_one / n:.3f} ({self.as_one}/{self.n})")


@dataclass
class Results:
    """Everything the report prints, filled one snippet at a time."""

    system: Coverage = field(default_factory=Coverage)
    facts: Coverage = field(default_factory=Coverage)
    baseline: Coverage = field(default_factory=Coverage)
    by_subtype: dict[str, tuple[Coverage, Coverage]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    system_events: int = 0
    baseline_types: int = 0
    system_alarms: int = 0
    facts_alarms: int = 0
    baseline_alarms: int = 0
    missed: list[str] = field(default_factory=list)


def read_snippets(path: Path) -> list[Snippet]:
    """The snippets of the TSV file, in id order (fields with quotes use CSV `""` escapes)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    snippets = [Snippet(int(r["id"]), r["EventSnippet"], r["SubType"].strip()) for r in rows]
    return sorted(snippets, key=lambda s: s.id)


def covered(predicted: set[str], gold: frozenset[str], as_one: bool) -> bool:
    """At least one predicted type is gold; with `as_one` FIGHT and ASSAULT stand for each other."""
    if predicted & gold:
        return True
    return as_one and bool(predicted & _VIOLENT) and bool(gold & _VIOLENT)


def keyword_types(text: str) -> set[str]:
    """The PLOVER types whose keyword stems start a word of the text."""
    return {type_ for type_, pattern in _KEYWORD_RES.items() if pattern.search(text)}


def describe_miss(snippet: Snippet, events) -> str:
    """One missed snippet: id, gold subtype and types, the coded events and the text's start."""
    gold = "/".join(sorted(MAPPING[snippet.subtype]))
    coded = ", ".join(f"{e.type}/{e.trigger}/{e.modality}{'/negated' if e.negated else ''}"
                      for e in events) or "no events"
    text = " ".join(snippet.text.split())[:200]
    return f"  [{snippet.id}] {snippet.subtype} ({gold}): {coded}\n      {text}"


def score(snippets: list[Snippet], nlp, errors: int) -> Results:
    """Code every snippet with Storyline and the keyword baseline and tally the results."""
    from storyline.events import find_events

    results = Results()
    docs = nlp.pipe((s.text for s in snippets), batch_size=64)
    for snippet, doc in zip(snippets, docs):
        events = find_events(doc, "c", [], None)
        predicted = {e.type for e in events}
        facts = {e.type for e in events if e.is_fact}
        keywords = keyword_types(snippet.text)
        gold = MAPPING.get(snippet.subtype)
        if gold is None:
            results.skipped[snippet.subtype] += 1
            results.system_alarms += bool(predicted & _VIOLENT)
            results.facts_alarms += bool(facts & _VIOLENT)
            results.baseline_alarms += bool(keywords & _VIOLENT)
            continue
        results.system.add(predicted, gold)
        results.facts.add(facts, gold)
        results.baseline.add(keywords, gold)
        system, baseline = results.by_subtype.setdefault(snippet.subtype,
                                                         (Coverage(), Coverage()))
        system.add(predicted, gold)
        baseline.add(keywords, gold)
        results.system_events += len(events)
        results.baseline_types += len(keywords)
        if len(results.missed) < errors and not covered(predicted, gold, as_one=True):
            results.missed.append(describe_miss(snippet, events))
    return results


def report(results: Results, total: int) -> None:
    """Print the coverage figures, the per-subtype table, the precision side and the misses."""
    scored = results.system.n
    skipped = sum(results.skipped.values())
    print(f"CASE 2021 task 2: {total} snippets, {scored} scored, {skipped} not scored ("
          + ", ".join(f"{k} {v}" for k, v in sorted(results.skipped.items())) + ")")
    print(results.system.line("storyline"))
    print(results.facts.line("storyline facts only"))
    print(results.baseline.line("keyword baseline"))
    print("  per subtype (fight/assault as one):")
    print(f"    {'subtype':31} {'n':>3}  storyline  baseline")
    for subtype in sorted(results.by_subtype):
        system, baseline = results.by_subtype[subtype]
        print(f"    {subtype:31} {system.n:3}  {system.as_one / system.n:9.3f}  "
              f"{baseline.as_one / baseline.n:8.3f}")
    n = max(scored, 1)
    print(f"  mean per scored snippet: storyline {results.system_events / n:.2f} events, "
          f"keyword baseline {results.baseline_types / n:.2f} types")
    print(f"  not-scored snippets with a FIGHT/ASSAULT event: storyline "
          f"{results.system_alarms}/{skipped}, facts only {results.facts_alarms}/{skipped}, "
          f"keyword baseline {results.baseline_alarms}/{skipped}")
    if results.missed:
        print(f"  first {len(results.missed)} missed by storyline (fight/assault as one):")
        for line in results.missed:
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=dataset_dir("case2021-task2", "snippets.tsv"))
    parser.add_argument("--errors", type=int, default=0, help="print this many missed snippets")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from storyline.nlp import load_pipeline

    nlp = load_pipeline()
    started = time.perf_counter()
    snippets = read_snippets(args.data)
    report(score(snippets, nlp, args.errors), len(snippets))
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
