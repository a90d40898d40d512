"""Timeline summarisation on Timeline17: date F1 and alignment-based ROUGE-1 against the
journalists' timelines, with the published DATEWISE and CLUST figures beside.

    .venv/bin/python bench/timeline_t17.py [--topics H1N1_bbc,MJ_bbc] [--max-articles N]
                                           [--data DIR] [--cache DIR] [--full-analysis]

Each topic folder of `$STORYLINE_DATA/timeline17` (else ../shared/datasets/timeline17) is one
story: its articles (tokenised text, detokenised minimally here; the `dct` is the publication
date) go through Storyline's per-article stage, and `storyline.timeline` builds the topic's
timeline. By default the per-article stage runs only what the timeline reads (sentences and
dates: the parse without NER, then `find_dates`); `--full-analysis` runs every analysis (events
included) and takes about twice as long. Analyses are cached per topic under `--cache`
(default out/bench-cache/timeline17); a cache made from other per-article sources is reused
with a note, `--refresh` redoes it.

Scoring follows the usual TLS protocol (Martschat & Markert 2017/2018, news-tls), each
reference timeline on its own:
- the input is cut to the reference's span: articles published between its first and last
  date, and only dates inside that span may be chosen;
- the system timeline gets as many dates as the reference has, and per date the reference's
  mean number of sentences per date, rounded (at least 1);
- date F1 over the two sets of days;
- ROUGE-1 F, unigrams after lower-casing, stopword removal (spaCy's English list, where the
  published figures used ROUGE-1.5.5's list) and Porter stemming (the `rouge-score` package's
  tokenizer and stemmer), in three variants: `concat` (whole timelines as one text),
  `agree` (only the summaries of days both timelines have), and `align` (align+ m:1:
  every system day is matched with the reference day of least cost (1 - 1/(1+days apart)) x
  (1 - ROUGE-1 F of the two summaries), and every reference day with its least-cost system
  day; matched unigram counts are weighted by 1/(1+days apart)). `align` is the measure the
  published figures report.
Means are over reference timelines (11 in the 9 folders), as in the published tables.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nltk.stem import porter
from rouge_score import tokenize as rouge_tokenize
from spacy.lang.en.stop_words import STOP_WORDS

from storyline import textstats
from storyline.analysis import PreparedArticle, analyze_articles, prepare
from storyline.model import ArticleAnalysis, RawDocument, Sentence
from storyline.timeline import story_timeline
from benchdata import ROOT, dataset_dir

# Published means on Timeline17 (Ghalandari & Ifrim 2020): alignment ROUGE-1 F, date F1.
PUBLISHED = {"DATEWISE": (0.120, 0.544), "CLUST": (0.082, 0.407)}
# Sources the cached per-article analyses depend on: a change to any invalidates the cache.
ANALYSIS_SOURCES = ("analysis.py", "nlp.py", "model.py", "timex", "cleaning")

Timeline = dict[str, list[str]]  # day -> sentences


# --- input -----------------------------------------------------------------------------


_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_NO_SPACE_BEFORE = re.compile(r" (?=[,.;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b)")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[{$]) ")


def detokenise(text: str) -> str:
    """Undo the PTB tokenisation of the dataset enough for sentence splitting and dates:
    bracket tokens, LaTeX quotes, spaces before punctuation and clitics."""
    for token, char in _BRACKETS.items():
        text = text.replace(token, char)
    text = text.replace("``", '"').replace("''", '"')
    text = _NO_SPACE_BEFORE.sub("", text)
    return _NO_SPACE_AFTER.sub("", text)


def load_topic(folder: Path, max_articles: int | None = None) -> list[RawDocument]:
    """The folder's articles (the first `max_articles` by uid), `dct` as publication date."""
    items = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    items = sorted(items, key=lambda x: int(x["uid"]))[:max_articles]
    return [
        RawDocument(
            id=f"{folder.name}-{item['uid']}", path=f"{folder.name}/{item['uid']}",
            text=detokenise(item["text"]), published=item["dct"], extracted=True,
        )
        for item in items
    ]


def load_references(folder: Path) -> dict[str, Timeline]:
    """Every `*.timeline.json` of the folder: day -> its sentences (entries of a day pooled;
    the dataset separates sentences by two spaces)."""
    references = {}
    for path in sorted(folder.glob("*.timeline.json")):
        timeline: Timeline = {}
        for entry in json.loads(path.read_text(encoding="utf-8")):
            sentences = [s.strip() for s in re.split(r"\s{2,}", entry["text"]) if s.strip()]
            timeline.setdefault(entry["date"], []).extend(sentences)
        references[path.name.removesuffix(".timeline.json").removesuffix(".txt")] = timeline
    return references


# --- per-article stage, cached -----------------------------------------------------------


def _source_hash(full: bool) -> str:
    digest = hashlib.sha1(b"full" if full else b"light")
    package = ROOT / "src" / "storyline"
    for name in ANALYSIS_SOURCES:
        paths = [package / name] if (package / name).is_file() else sorted((package / name).rglob("*.py"))
        for path in paths:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _light_analyses(prepared: Sequence[PreparedArticle]) -> list[ArticleAnalysis]:
    """Sentences and dates only: what the timeline reads, at about half the cost of the full
    stage (NER and the other analyses skipped)."""
    from storyline.nlp import load_pipeline
    from storyline.timex import find_dates

    nlp = load_pipeline()
    texts = [p.article.text for p in prepared]
    out = []
    with nlp.select_pipes(disable=["ner"]):
        for doc, item in zip(nlp.pipe(texts, batch_size=8, n_process=2), prepared):
            out.append(
                ArticleAnalysis(
                    article=item.article,
                    offsets=item.offsets,
                    sentences=[Sentence(start=s.start_char, end=s.end_char) for s in doc.sents],
                    dates=find_dates(doc, item.article.id, item.article.published),
                )
            )
    return out


def analyse(
    raws: Sequence[RawDocument], cache: Path | None, full: bool, refresh: bool = False
) -> list[ArticleAnalysis]:
    """The per-article analyses of `raws`, read from / written to `cache` when given.

    A cached file made from other analysis sources is still used (other people change the
    per-article stage often, and a full run costs minutes), with a warning; `refresh` redoes it.
    """
    path, version = None, _source_hash(full)
    if cache is not None:
        key = hashlib.sha1("".join(r.id for r in raws).encode()).hexdigest()[:8]
        path = cache / f"{raws[0].path.split('/')[0]}-{len(raws)}-{key}-{'full' if full else 'light'}.jsonl"
        if path.exists() and not refresh:
            header, *lines = path.read_text(encoding="utf-8").splitlines()
            if json.loads(header)["sources"] != version:
                print(f"note: {path.name} was made from other analysis sources (--refresh to redo)")
            return [ArticleAnalysis.model_validate_json(line) for line in lines]
    prepared = [prepare(raw) for raw in raws]
    prepared = [p for p in prepared if p.article.text.strip()]
    analyses = list(analyze_articles(prepared, processes=2)) if full else _light_analyses(prepared)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps({"sources": version})] + [a.model_dump_json() for a in analyses]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return analyses


# --- systems -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    """What the reference allows: its span and size."""

    first: str
    last: str
    dates: int
    sentences: int

    @classmethod
    def of(cls, reference: Timeline) -> Budget:
        days = sorted(reference)
        mean = sum(len(s) for s in reference.values()) / len(reference)
        return cls(days[0], days[-1], len(days), max(1, round(mean)))

    def inside(self, day: str) -> bool:
        return self.first <= day <= self.last


def in_span(analyses: Sequence[ArticleAnalysis], budget: Budget) -> list[ArticleAnalysis]:
    """The articles published inside the reference's span."""
    return [a for a in analyses if a.article.published and budget.inside(a.article.published)]


def storyline_system(analyses: Sequence[ArticleAnalysis], budget: Budget) -> Timeline:
    """Storyline's timeline for the whole topic as one story, cut to the budget."""
    entries = story_timeline(
        analyses, max_dates=budget.dates, per_date=budget.sentences, window=(budget.first, budget.last)
    )
    return {e.day: [s.text for s in e.sentences] for e in entries}


def _readable_dated(analyses: Sequence[ArticleAnalysis]) -> Iterable[tuple[str, str, str]]:
    """(day, article id, sentence) for each readable sentence naming a day, in text order."""
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        text = analysis.article.text
        for sentence in analysis.sentences:
            days = sorted({d.value[:10] for d in analysis.dates
                           if sentence.start <= d.start < sentence.end and _is_day(d.value[:10])})
            piece = text[sentence.start : sentence.end].strip()
            if days and textstats.looks_like_sentence(piece):
                for day in days:
                    yield day, analysis.article.id, piece


def mention_baseline(analyses: Sequence[ArticleAnalysis], budget: Budget) -> Timeline:
    """Baseline: the days most sentences name, told by the first sentences naming each
    (articles by id, sentences in text order)."""
    counts: Counter[str] = Counter()
    firsts: dict[str, list[str]] = {}
    for day, _, sentence in _readable_dated(analyses):
        if budget.inside(day):
            counts[day] += 1
            if len(firsts.setdefault(day, [])) < budget.sentences:
                firsts[day].append(sentence)
    top = sorted(counts, key=lambda d: (-counts[d], d))[: budget.dates]
    return {day: firsts[day] for day in top}


def lead_baseline(analyses: Sequence[ArticleAnalysis], budget: Budget) -> Timeline:
    """Baseline: the days most articles were published on, told by those articles' lead
    sentences (articles by id)."""
    leads: dict[str, list[str]] = {}
    for analysis in sorted(analyses, key=lambda a: a.article.id):
        day, text = analysis.article.published, analysis.article.text
        first = next((text[s.start : s.end].strip() for s in analysis.sentences
                      if textstats.looks_like_sentence(text[s.start : s.end])), None)
        if day and first and budget.inside(day):
            leads.setdefault(day, []).append(first)
    top = sorted(leads, key=lambda d: (-len(leads[d]), d))[: budget.dates]
    return {day: leads[day][: budget.sentences] for day in top}


def _is_day(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


# --- scoring -------------------------------------------------------------------------------


_STEMMER = porter.PorterStemmer()
_STOP = frozenset(w.lower() for w in STOP_WORDS)


def rouge_terms(sentences: Iterable[str]) -> Counter[str]:
    """Unigram counts as ROUGE-1 sees them: rouge-score's tokenizer (lower case, letters and
    digits), stopwords removed, then its Porter stemming (words over three letters)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for token in rouge_tokenize.tokenize(sentence, None):
            if token not in _STOP:
                counts[_STEMMER.stem(token) if len(token) > 3 else token] += 1
    return counts


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def date_prf(system: Timeline, reference: Timeline) -> PRF:
    """Precision and recall of the system's days against the reference's."""
    hits = len(set(system) & set(reference))
    return PRF(_ratio(hits, len(system)), _ratio(hits, len(reference)))


def _overlap(a: Counter[str], b: Counter[str]) -> int:
    return sum((a & b).values())


def concat_rouge(system: Timeline, reference: Timeline) -> PRF:
    """ROUGE-1 of the whole timelines as two texts, dates ignored."""
    s = rouge_terms(x for v in system.values() for x in v)
    r = rouge_terms(x for v in reference.values() for x in v)
    return PRF(_ratio(_overlap(s, r), sum(s.values())), _ratio(_overlap(s, r), sum(r.values())))


def agreement_rouge(system: Timeline, reference: Timeline) -> PRF:
    """ROUGE-1 counted only between summaries of the same day; every day's words still count
    in the denominators."""
    s = {d: rouge_terms(v) for d, v in system.items()}
    r = {d: rouge_terms(v) for d, v in reference.items()}
    hits = sum(_overlap(s[d], r[d]) for d in s.keys() & r.keys())
    return PRF(_ratio(hits, sum(sum(c.values()) for c in s.values())),
               _ratio(hits, sum(sum(c.values()) for c in r.values())))


def _days_apart(a: str, b: str) -> int:
    return abs(date.fromisoformat(a).toordinal() - date.fromisoformat(b).toordinal())


def _f1_counts(a: Counter[str], b: Counter[str]) -> float:
    return PRF(_ratio(_overlap(a, b), sum(a.values())), _ratio(_overlap(a, b), sum(b.values()))).f1


def _aligned_hits(source: dict[str, Counter[str]], target: dict[str, Counter[str]]) -> float:
    """Each source day matched to its least-cost target day (cost: date distance factor times
    content dissimilarity; ties to the earlier day), unigram hits weighted by 1/(1+days)."""
    total = 0.0
    targets = sorted(target)
    for day, counts in source.items():
        def cost(other: str) -> float:
            near = 1 - 1 / (1 + _days_apart(day, other))
            return near * (1 - _f1_counts(counts, target[other]))

        match = min(targets, key=cost, default=None)
        if match is not None:
            total += _overlap(counts, target[match]) / (1 + _days_apart(day, match))
    return total


def align_rouge(system: Timeline, reference: Timeline) -> PRF:
    """Alignment-based ROUGE-1 (align+ m:1): precision aligns every system day to a reference
    day, recall every reference day to a system day."""
    s = {d: rouge_terms(v) for d, v in system.items()}
    r = {d: rouge_terms(v) for d, v in reference.items()}
    return PRF(_ratio(_aligned_hits(s, r), sum(sum(c.values()) for c in s.values())),
               _ratio(_aligned_hits(r, s), sum(sum(c.values()) for c in r.values())))


@dataclass(frozen=True)
class Scores:
    align: float
    concat: float
    agree: float
    date: float


def score(system: Timeline, reference: Timeline) -> Scores:
    """Every measure's F1 for one system timeline against one reference."""
    return Scores(
        align_rouge(system, reference).f1,
        concat_rouge(system, reference).f1,
        agreement_rouge(system, reference).f1,
        date_prf(system, reference).f1,
    )


def mean(rows: Sequence[Scores]) -> Scores:
    n = len(rows) or 1
    return Scores(*(sum(getattr(r, f) for r in rows) / n for f in ("align", "concat", "agree", "date")))


# --- run -----------------------------------------------------------------------------------


SYSTEMS: dict[str, Callable[[Sequence[ArticleAnalysis], Budget], Timeline]] = {
    "storyline": storyline_system,
    "mention-first": mention_baseline,
    "published-lead": lead_baseline,
}


def evaluate(folder: Path, analyses: Sequence[ArticleAnalysis]) -> dict[str, dict[str, Scores]]:
    """{reference name: {system: scores}} for one topic folder."""
    results = {}
    for name, reference in load_references(folder).items():
        budget = Budget.of(reference)
        chosen = in_span(analyses, budget)
        results[name] = {system: score(build(chosen, budget), reference) for system, build in SYSTEMS.items()}
    return results


def _row(label: str, system: str, s: Scores) -> str:
    return f"{label:<46} {system:<16} {s.align:7.3f} {s.concat:7.3f} {s.agree:7.3f} {s.date:7.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=dataset_dir("timeline17"))
    parser.add_argument("--topics", help="comma-separated folder names (default: all)")
    parser.add_argument("--max-articles", type=int, help="first N articles of each topic, by uid")
    parser.add_argument("--cache", type=Path, default=ROOT / "out" / "bench-cache" / "timeline17")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--refresh", action="store_true", help="redo cached analyses")
    parser.add_argument("--full-analysis", action="store_true", help="run every per-article analysis")
    args = parser.parse_args()
    folders = sorted(p for p in args.data.iterdir() if (p / "articles.json").exists())
    if args.topics:
        folders = [f for f in folders if f.name in args.topics.split(",")]
    started = time.perf_counter()
    per_system: dict[str, list[Scores]] = {name: [] for name in SYSTEMS}
    print(f"{'reference timeline':<46} {'system':<16} {'align':>7} {'concat':>7} {'agree':>7} {'dateF1':>7}")
    for folder in folders:
        raws = load_topic(folder, args.max_articles)
        analyses = analyse(raws, None if args.no_cache else args.cache, args.full_analysis, args.refresh)
        for name, by_system in evaluate(folder, analyses).items():
            for system, scores in by_system.items():
                per_system[system].append(scores)
                print(_row(f"{folder.name}/{name}", system, scores))
    print(f"\nmean over {len(per_system['storyline'])} reference timelines, ROUGE-1 F and date F1:")
    for system, rows in per_system.items():
        print(_row("mean", system, mean(rows)))
    for system, (align, date_f1) in PUBLISHED.items():
        print(f"{'published (Ghalandari & Ifrim 2020)':<46} {system:<16} {align:7.3f} {'':>7} {'':>7} {date_f1:7.3f}")
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
