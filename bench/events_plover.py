"""Score `storyline.events.find_events` on PLOVER gold records and the PETRARCH2 unit tests.

PLOVER GSR (`plover-gsr/records.json`, one gold event per sentence): event-type P/R/F1 (the set
of predicted types per sentence against the gold type), source and target code accuracy on
type-matched records (country part, or IGO/NGO/IMG for organisations, against any gold actor),
and the full who-did-what-to-whom match rate. PETRARCH2 (`petrarch2-unittest/...xml`):
agreement with the expected CAMEO codings, root code (first two digits) and full
(source, target, code) match. A lexicon-only baseline (trigger word -> type, no parse, no
actors) runs in the same pass.

    python bench/events_plover.py [--gsr FILE] [--petrarch FILE] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from benchdata import dataset_dir

ROOT = Path(__file__).resolve().parent.parent


def _data_dir() -> Path:
    return dataset_dir()


@dataclass
class TypeScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: str) -> None:
        self.tp += gold in predicted
        self.fn += gold not in predicted
        self.fp += len(predicted - {gold})

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class ActorScore:
    typed: int = 0
    source_gold: int = 0
    source_ok: int = 0
    target_gold: int = 0
    target_ok: int = 0
    full: int = 0
    records: int = 0
    errors: list[str] = field(default_factory=list)


def normalise_code(code: str | None) -> str | None:
    """Comparable part of an actor code: ISO-3 country, or IGO/NGO/IMG for organisations."""
    from storyline.actors import organisation_kind

    if not code:
        return None
    kind = organisation_kind(code)
    if kind is not None:
        return kind
    return code[:3]


def gold_codes(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {a["code"] for a in actors if a.get("code")}


def baseline_types(doc) -> set[str]:
    """Lexicon only: any token whose lemma is a bare trigger (or whose key word is in the sentence)."""
    from storyline.events.lexicon import triggers
    from storyline.nlp import lemma

    words = {lemma(t) for t in doc} | {t.lower_ for t in doc}
    found = set()
    for token in doc:
        for pos in ("V", "N"):
            for entry in triggers().get((lemma(token), pos), ()):
                if not entry.requires or entry.requires & words:
                    found.add(entry.type)
                    break
    return found


def score_gsr(path: Path, nlp, errors: int) -> None:
    from storyline.events import find_events

    records = json.loads(path.read_text(encoding="utf-8"))
    system, baseline, actors = TypeScore(), TypeScore(), ActorScore()
    confusion: Counter[tuple[str, str]] = Counter()
    for record in records:
        doc = nlp(record["text"])
        events = find_events(doc, record["id"], [], None)
        gold = record["event"]
        predicted = {e.type for e in events}
        system.add(predicted, gold)
        baseline.add(baseline_types(doc), gold)
        for p in predicted - {gold}:
            confusion[(gold, p)] += 1
        if gold not in predicted:
            confusion[(gold, "-")] += 1
        _score_actors(record, events, actors, errors)
    _print_types("PLOVER GSR", len(records), system, baseline)
    n = actors.typed
    print(f"  source code accuracy on type-matched: {actors.source_ok}/{actors.source_gold} "
          f"= {actors.source_ok / max(actors.source_gold, 1):.3f}")
    print(f"  target code accuracy on type-matched: {actors.target_ok}/{actors.target_gold} "
          f"= {actors.target_ok / max(actors.target_gold, 1):.3f}")
    print(f"  full who-did-what-to-whom: {actors.full}/{actors.records} "
          f"= {actors.full / max(actors.records, 1):.3f} (type-matched records: {n})")
    print("  most frequent errors (gold -> predicted):",
          ", ".join(f"{g}->{p} {c}" for (g, p), c in confusion.most_common(10)))
    for line in actors.errors[:errors]:
        print("   ", line)


def _score_actors(record, events, score: ActorScore, errors: int) -> None:
    score.records += 1
    gold = record["event"]
    match = next((e for e in events if e.type == gold), None)
    sources, targets = gold_codes(record.get("source")), gold_codes(record.get("target"))
    if match is None:
        if len(score.errors) < errors:
            score.errors.append(f"{gold} missed: {record['text'][:100]}")
        return
    score.typed += 1
    source_ok = not sources or normalise_code(match.source_code) in sources
    target_ok = not targets or normalise_code(match.target_code) in targets
    if sources:
        score.source_gold += 1
        score.source_ok += source_ok
    if targets:
        score.target_gold += 1
        score.target_ok += target_ok
    score.full += source_ok and target_ok
    if not (source_ok and target_ok) and len(score.errors) < errors:
        score.errors.append(f"{gold} actors {match.source_code}->{match.target_code} "
                            f"gold {sorted(sources)}->{sorted(targets)}: {record['text'][:80]}")


def _print_types(name: str, n: int, system: TypeScore, baseline: TypeScore) -> None:
    print(f"{name}: {n} records")
    for label, score in (("storyline", system), ("lexicon-only baseline", baseline)):
        p, r, f = score.prf()
        print(f"  {label:22} type P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {score.tp} fp {score.fp} "
              f"fn {score.fn})")


_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def petrarch_records(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(text, [(source, target, cameo)]) per unit-test sentence; [] when no event is expected."""
    body = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
    out = []
    for match in _SENTENCE.finditer(body):
        text = _TEXT.search(match.group(2))
        if text is None:
            continue
        codings = []
        for coding in _CODING.finditer(match.group(2)):
            attrs = dict(_ATTR.findall(coding.group(1)))
            if "eventcode" in attrs:
                codings.append((attrs.get("sourcecode", ""), attrs.get("targetcode", ""),
                                attrs["eventcode"]))
        out.append((" ".join(text.group(1).split()), codings))
    return out


def score_petrarch(path: Path, nlp) -> None:
    from storyline.events import find_events

    from storyline.events.lexicon import triggers

    records = petrarch_records(path)
    coded = [r for r in records if r[1]]
    root = full = base_root = quiet_fp = 0
    for text, gold in records:
        doc = nlp(text)
        events = find_events(doc, "p", [], None)
        if not gold:
            quiet_fp += bool(events)
            continue
        roots = {g[2][:2] for g in gold}
        root += any((e.cameo or "")[:2] in roots for e in events)
        full += any((e.source_code, e.target_code, e.cameo) in set(gold) for e in events)
        base = {entry.cameo[:2] for t in doc for pos in ("V", "N")
                for entry in triggers().get((t.lemma_ or t.lower_, pos), ())[:1]}
        base_root += bool(base & roots)
    n = max(len(coded), 1)
    print(f"PETRARCH2 unit tests: {len(records)} sentences, {len(coded)} with expected codings")
    print(f"  storyline root-code match {root}/{len(coded)} = {root / n:.3f}; "
          f"full (source, target, code) match {full}/{len(coded)} = {full / n:.3f}")
    print(f"  lexicon-only baseline root-code match {base_root}/{len(coded)} = {base_root / n:.3f}")
    print(f"  sentences expecting no event but coded: {quiet_fp}/{len(records) - len(coded)}")


def main(argv: list[str] | None = None) -> int:
    data = _data_dir()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gsr", type=Path, default=data / "plover-gsr" / "records.json")
    parser.add_argument("--petrarch", type=Path,
                        default=data / "petrarch2-unittest" / "PETR.UnitTest.records.xml")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from storyline.nlp import load_pipeline

    nlp = load_pipeline()
    started = time.perf_counter()
    if args.gsr.is_file():
        score_gsr(args.gsr, nlp, args.errors)
    else:
        print(f"skipped: {args.gsr} not found")
    if args.petrarch.is_file():
        score_petrarch(args.petrarch, nlp)
    else:
        print(f"skipped: {args.petrarch} not found")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
