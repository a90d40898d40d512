"""Where the time goes: per stage, per spaCy component, per analysis, per corpus step.

    .venv/bin/python bench/stage_profile.py [--articles 100] [--data DIR | --db STORE] [--json FILE]

(Not `bench/profile.py`, as issue 17 named it: a file of that name in bench/ is found before the
standard library's `profile`, which spaCy imports through cProfile, and breaks every benchmark.)

Runs the pipeline in one process (no workers, so every second is counted once) over the first
N PolNeAR train articles (`$STORYLINE_DATA/polnear/train/text`), step by step as `storyline
brief` does: prepare (read, clean, language), the parse component by component over batches of
`analysis.BATCH_SIZE` (the parser and entity recogniser decoded by `storyline.decoding`), each analysis
`analysis.analyze_doc` runs, place lookup, storing, reading the analyses back, each step of
`corpus.build_brief`, storing the corpus, loading the brief, and rendering the reports. Each
function is timed by wrapping it where its caller looks it up, so nothing else changes.
Prints seconds, share of the total and milliseconds per article; `--json` writes the same.
With `--db STORE`, only the corpus stage and the reports, over a copy of that store.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

from benchdata import dataset_dir

ANALYSES = ("article_countries", "dateline_of", "find_dates", "_with_weekday_directions", "find_events",
            "find_quotes", "find_mentions", "find_quantities", "find_stance_cues", "find_asides")
CORPUS_STEPS = ("add_description_titles", "merge_entities", "locate_places", "link_quotes", "cluster_stories",
                "link_events", "date_undated_events", "reach_reported_days", "merge_events", "entity_spans",
                "with_summary", "summarize", "corpus_countries", "build_timeline", "find_stances",
                "find_discrepancies", "find_date_discrepancies")

spent: dict[str, float] = defaultdict(float)


def timed(module: ModuleType, names: Iterable[str], group: str) -> None:
    """Wrap each function `names` in `module`, adding its time to `spent[group/name]`."""
    for name in names:
        original = getattr(module, name)

        def wrapper(*args, _original=original, _key=f"{group}/{name}", **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_key] += time.perf_counter() - start

        setattr(module, name, wrapper)


def clock(key: str, work: Callable[[], object]) -> object:
    start = time.perf_counter()
    try:
        return work()
    finally:
        spent[key] += time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--data", type=Path, default=dataset_dir("polnear", "train", "text"))
    parser.add_argument("--db", type=Path, help="profile only the corpus stage over this store (a copy)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    import storyline.analysis as analysis
    import storyline.corpus as corpus

    timed(analysis, ANALYSES, "analysis")
    timed(corpus, CORPUS_STEPS, "corpus")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profile.duckdb"
        if args.db:
            shutil.copy(args.db, path)
            count = corpus_stage(path, corpus)
        else:
            count = per_article(args, analysis, path)
            corpus_stage(path, corpus)
    _print(spent, count, args.json)


def per_article(args: argparse.Namespace, analysis: ModuleType, path: Path) -> int:
    """Prepare, parse component by component, analyse and store the articles; how many."""
    from storyline.model import RawDocument
    from storyline.nlp import load_pipeline, model_info
    from storyline.store import Store

    paths = sorted(args.data.glob("*.txt"))[: args.articles]
    if not paths:
        raise SystemExit(f"no .txt articles under {args.data}; set STORYLINE_DATA or pass --data")
    nlp = clock("load/model", load_pipeline)
    raws = [RawDocument(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8")) for p in paths]
    prepared = [clock("stage/prepare (clean, language)", lambda r=r: analysis.prepare(r)) for r in raws]
    with Store(path) as store:
        store.set_model(model_info(nlp))
        for start in range(0, len(prepared), analysis.BATCH_SIZE):  # batches, as the workers parse them
            batch = prepared[start : start + analysis.BATCH_SIZE]
            docs = [nlp.make_doc(item.article.text) for item in batch]
            for name, component in nlp.pipeline:
                docs = clock(f"spacy/{name}", lambda c=component, d=docs: _run(c, d))
            for doc, item in zip(docs, batch):
                found = clock("stage/analyses (all)", lambda d=doc, i=item: analysis.analyze_doc(d, i))
                found = clock("stage/resolve places", lambda a=found: analysis.resolve_places(a))
                clock("stage/store analyses", lambda a=found: store.add_analysis(a))
    started = time.perf_counter()
    for item in prepared:
        nlp.make_doc(item.article.text)
    spent["spacy/tokenizer"] = time.perf_counter() - started
    return len(paths)


def _run(component: Callable, docs: list) -> list:
    """One component over a batch, as `storyline.decoding.pipe` runs it."""
    from storyline import decoding

    if decoding.decodes_here(component):
        return decoding.decode(component, docs)
    if hasattr(component, "pipe"):
        return list(component.pipe(docs, batch_size=len(docs)))
    return [component(doc) for doc in docs]


def corpus_stage(path: Path, corpus: ModuleType) -> int:
    """The corpus stage over the store at `path`, step by step, and the reports; how many articles."""
    from storyline.report import render_html, render_markdown
    from storyline.increment import full_delta
    from storyline.report.json_out import brief_to_json
    from storyline.settings import Settings
    from storyline.store import Store

    with Store(path) as store:
        delta = clock("stage/corpus (all, reading the store)", lambda: full_delta(store, Settings.summary_words))
        clock("stage/store corpus", lambda: store.apply(delta, clear=True))
        brief = clock("stage/load brief", store.load_brief)
        articles = brief.articles
    clock("report/json", lambda: brief_to_json(brief))
    clock("report/md", lambda: render_markdown(brief))
    clock("report/html", lambda: render_html(brief))
    return len(articles)


def _print(figures: dict[str, float], articles: int, path: Path | None) -> None:
    spacy_total = sum(v for k, v in figures.items() if k.startswith("spacy/"))
    stages = {k: v for k, v in figures.items() if k.startswith(("stage/", "report/"))}
    total = spacy_total + sum(stages.values()) + figures.get("corpus/read analyses back", 0) \
        + figures.get("corpus/read articles back", 0)
    print(f"{articles} articles, one process; total {total:.1f} s ({articles / total:.2f} articles/s), "
          f"of which the spaCy parse {spacy_total:.1f} s ({spacy_total / total:.0%})")
    print(f"{'step':<44}{'seconds':>9}{'share':>8}{'ms/article':>12}")
    for key, seconds in sorted(figures.items(), key=lambda kv: (kv[0].split("/")[0], -kv[1])):
        print(f"{key:<44}{seconds:9.2f}{seconds / total:8.1%}{1000 * seconds / articles:12.1f}")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"articles": articles, "total_seconds": total,
                                    "seconds": dict(sorted(figures.items()))}, indent=2), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
