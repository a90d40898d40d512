"""Every setting of a run, its default and its validation, in one place.

The command line, the Python API and the benchmarks all start from `Settings()`; the same
settings and input give the same brief, byte for byte.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import UsageError

if TYPE_CHECKING:
    from storyline.selection import Scope

REPORT_FORMATS = ("json", "md", "html")
CLEAN_MODES = ("auto", "always", "never")
ENGINES = ("local", "spark")
LOG_FORMATS = ("text", "json")
STORE_NAME = "storyline.duckdb"
# Reports show a quote (in "Who said what") only when its calibrated confidence reaches this;
# brief.json and the store keep every record whatever its confidence. At 0.8, 92% of the quotes
# shown on PolNeAR dev and 91% on train have the right content and speaker (bench/quotes_polnear.py).
REPORT_CONFIDENCE = 0.8
# Reports of a large store show the most active stories of the window, this many (and those the
# latest run touched); the store and the exports keep every story.
REPORT_TOP = 25
# ...and of each story not asked for by id (`--story`), its latest this many articles: a report
# shows about 500 articles at most, however long its stories run.
REPORT_STORY_ARTICLES = 20
# Articles a run places in the stored brief at a time (`storyline.increment`): the corpus stage's
# memory is that of a batch and the parts of stories it touches, however large the store.
CORPUS_BATCH = 500
# A story's records (events, timeline, stances, discrepancies) are worked out per segment of this
# many of its articles in publication order (`corpus.story_segments`), so that a story running
# for years costs a run what its latest segment costs, and events fold within a segment.
STORY_SEGMENT = 200
# DuckDB's memory while the corpus stage runs (`Store.memory_capped`): its cache of the pages it
# read and its working memory, beyond which it spills to disk. Uncapped, it keeps most of what a
# run read of a large store.
STORE_MEMORY = "256MB"
# Analysed articles written to the store per transaction: a commit costs as much as storing a few
# articles, and an interrupted run loses at most this many analyses (analysed again next run).
STORE_BATCH = 16
# Articles read and cleaned together, side by side over the worker processes: their raw texts
# (a page can be many times its article) are held only until they are cleaned.
CLEAN_CHUNK = 200
# ...handed to each cleaning process in about this many parts: one article at a time, the
# processes waited on the parent, which loads the model meanwhile.
CLEAN_SHARES = 4
# The garbage collector's thresholds in the `storyline` command (Python's are 700, 10, 10): a
# run keeps hundreds of thousands of objects alive (the model, the analyses of a batch), and
# at Python's pace the collector scanned them all again six times in a run of 200 articles,
# a second of one process's time; this many new objects between collections cut it to a third.
GC_THRESHOLDS = (50_000, 20, 20)
# ...but the interpreter's own (as found when this module loads) in the analysis workers: what a
# parse leaves for the collector includes large arrays, and at the command's pace a worker held
# 140 MB more at its peak (500 articles, one of 235,000 characters).
WORKER_GC_THRESHOLDS = gc.get_threshold()
# Stored originals given their near-duplicate signature per transaction, when a store an older
# version wrote (without them) is first used: their texts are read this many at a time.
SIGN_CHUNK = 500


def cache_dir() -> Path | None:
    """Where indexes worked out from installed data are kept between runs (the gazetteer's):
    `$STORYLINE_CACHE`, else `$XDG_CACHE_HOME/storyline`, else `~/.cache/storyline`; None when
    there is no home to put it in. Only a speed-up: a run that cannot read or write there works
    the index out again."""
    if os.environ.get("STORYLINE_CACHE"):
        return Path(os.environ["STORYLINE_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "storyline"
    home = Path(os.path.expanduser("~"))
    return home / ".cache" / "storyline" if home.is_absolute() else None


@dataclass(frozen=True)
class Settings:
    """What a run may be configured with.

    - `model`: spaCy pipeline name (None: the first installed English model).
    - `processes`: worker processes for the per-article analyses, the cleaning, and the corpus
      stage's story records and summaries (forked; 1 runs everything in this process).
    - `summary_words`: length of each summary.
    - `formats`: reports to write (json, md, html).
    - `clean`: `auto` cuts page chrome only from plain-text files that show page furniture and
      takes JSON Lines, feeds and HTML extractions as article bodies; `always` cleans every text as a page; `never` cuts nothing.
    - `wait`: seconds to wait for a store another run is using.
    - `update`: re-analyse articles whose id is stored but whose text has changed.
    - `changes_since`: the time (ISO) the reports' "What's new" counts from (None: the
      previous run).
    - `engine`: where the per-article analyses run: `local` worker processes, or `spark` (a
      Spark job on `master`, default local mode with `processes` cores; its results as Parquet
      in `spark_results`, a folder the cluster and this machine share, default a temporary one).
    - `stories`, `since`, `until`, `top`: what the reports cover — the named stories, else the
      `top` most active stories with articles published in [`since`, `until`] (ISO days) and
      those the latest run touched; the store keeps everything.
    """

    model: str | None = None
    processes: int = 2
    summary_words: int = 100
    formats: tuple[str, ...] = REPORT_FORMATS
    clean: str = "auto"
    wait: float = 60.0
    update: bool = False
    changes_since: str | None = None
    stories: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    top: int = REPORT_TOP
    engine: str = "local"
    master: str | None = None
    spark_results: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "formats", parse_formats(self.formats))
        _require(isinstance(self.processes, int) and self.processes >= 1,
                 f"processes must be a whole number of at least 1 (got {self.processes!r})")
        _require(isinstance(self.summary_words, int) and self.summary_words >= 1,
                 f"summary words must be a whole number of at least 1 (got {self.summary_words!r})")
        _require(self.clean in CLEAN_MODES,
                 f"unknown clean mode {self.clean!r}; use {', '.join(CLEAN_MODES)}")
        _require(isinstance(self.wait, (int, float)) and self.wait >= 0,
                 f"wait must be a number of seconds, 0 or more (got {self.wait!r})")
        _require(self.engine in ENGINES, f"unknown engine {self.engine!r}; use {', '.join(ENGINES)}")
        _require((self.master is None and self.spark_results is None) or self.engine == "spark",
                 "--master and --spark-results are for --engine spark")
        _require(isinstance(self.top, int) and self.top >= 1,
                 f"top must be a whole number of stories, at least 1 (got {self.top!r})")
        for name in ("since", "until"):
            day = getattr(self, name)
            _require(day is None or _is_day(day), f"--{name} takes a day as YYYY-MM-DD (got {day!r})")
        object.__setattr__(self, "stories", tuple(self.stories))
        if self.changes_since is not None:
            from storyline.changes import parse_time  # a time as the store writes it

            object.__setattr__(self, "changes_since", parse_time(self.changes_since))

    def with_(self, **changes: Any) -> Settings:
        """A copy with `changes` applied (None values keep the default), validated again."""
        given = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **given)

    @property
    def scope(self) -> Scope:
        """What the reports cover."""
        from storyline.selection import Scope

        return Scope(stories=self.stories, since=self.since, until=self.until, top=self.top,
                     per_story=REPORT_STORY_ARTICLES)


def parse_formats(value: str | Sequence[str]) -> tuple[str, ...]:
    """Report formats from "md,html" or a sequence, lower-cased, each once, in the given order."""
    items = value.split(",") if isinstance(value, str) else list(value)
    aliases = {"markdown": "md", "htm": "html"}
    wanted = tuple(dict.fromkeys(aliases.get(f.strip().lower(), f.strip().lower())
                                 for f in items if f.strip()))
    unknown = [f for f in wanted if f not in REPORT_FORMATS]
    _require(bool(wanted) and not unknown,
             f"unknown format {', '.join(unknown) or repr(value)}; use {', '.join(REPORT_FORMATS)}")
    return wanted


def _is_day(text: str) -> bool:
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise UsageError(message)
