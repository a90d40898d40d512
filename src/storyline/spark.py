"""The per-article stage as a Spark job: `storyline brief --engine spark [--master URL]`.

The driver (this process) reads, cleans and checks the articles as always; the parse and the
per-article analyses run on the executors, in batches, each Python worker loading the spaCy
model once and keeping it; the results come back as Parquet (one row per article: its input
position and its analysis as JSON, or why it failed) that DuckDB reads in input order, and go
into the same store. Since each article is analysed by the same code as on one machine, the
brief is the same, byte for byte. The corpus stage runs on the driver, but for its story
candidates (`SparkCandidates`): the store's index of lead terms, written as Parquet, is joined
with each batch's terms on Spark by the query DuckDB runs locally (`store.candidates_sql`).

Spark is optional (`make spark`, or `pip install pyspark`; it needs a Java runtime); without
it `--engine spark` says so in one line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from storyline.analysis import BATCH_SIZE, AnalysisFailure, PreparedArticle, analyze_batch, resolve_places
from storyline.errors import UsageError
from storyline.model import ArticleAnalysis
from storyline.store import Store, candidate_pairs, candidates_sql

APP_NAME = "storyline"


def analyze_on_spark(articles: Sequence[PreparedArticle], model: str | None, master: str | None,
                     processes: int, results: str | None = None) -> Iterator[ArticleAnalysis | AnalysisFailure]:
    """Analyse `articles` on Spark (`master`, default local with `processes` cores), in input
    order; an article whose analysis fails comes back as an `AnalysisFailure`. The results go
    through Parquet at `results` (a folder every executor and the driver reach, as on a
    cluster: `hdfs://…`, `s3a://…`, a shared disk; default a temporary folder here, enough for
    local mode); they are read back through Spark, one partition at a time."""
    if not articles:
        return
    submitted = _submitted()
    session = _session(_master(master, processes, submitted), submitted)
    try:
        with tempfile.TemporaryDirectory(prefix="storyline-spark-") as folder:
            target = results or str(Path(folder) / "analyses.parquet")
            _run_job(session, articles, model, target)
            yield from _read_results(session, target, articles)
    finally:
        if not submitted:
            session.stop()  # spark-submit's application ends with the command


def _submitted() -> bool:
    """Whether spark-submit started this process (its master and settings then rule)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _master(master: str | None, processes: int, submitted: bool) -> str | None:
    """The master to ask for: the one given, else spark-submit's (None), else local mode."""
    return master or (None if submitted else f"local[{processes}]")


def _session(master: str | None, submitted: bool):
    """A Spark session on `master` (None: the one spark-submit gave) whose Python workers run
    this interpreter, unless spark-submit named theirs (`spark.pyspark.python`)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("--engine spark needs pyspark: run `make spark` (or pip install pyspark) "
                         "and have a Java runtime") from None
    if not submitted:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if master is not None and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no warning about the host's name
    logging = resources.files("storyline.data").joinpath("spark-log4j2.properties")
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS",
                          f"--driver-java-options -Dlog4j2.configurationFile=file:{logging} pyspark-shell")
    builder = SparkSession.builder.appName(APP_NAME).config("spark.ui.showConsoleProgress", "false")
    if master is not None:
        builder = builder.master(master)
    if not submitted:
        builder = builder.config("spark.pyspark.python", sys.executable).config("spark.ui.enabled", "false")
    try:
        session = builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 — no Java, a master that cannot be reached
        raise UsageError(f"Spark could not start on {master or 'the spark-submit master'}: "
                         f"{str(error).splitlines()[0][:200]}") from None
    session.sparkContext.setLogLevel("ERROR")  # Storyline's own lines say how the run goes
    return session


def _run_job(session, articles: Sequence[PreparedArticle], model: str | None, results: str) -> None:
    """Analyse the articles on the executors, batch by batch; write (position, kind, record) as Parquet."""
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    batches = [list(enumerate(articles))[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
    rdd = session.sparkContext.parallelize(batches, numSlices=len(batches))
    rows = rdd.flatMap(lambda batch: _analyze_on_executor(batch, model))
    schema = StructType([StructField("position", IntegerType(), False), StructField("kind", StringType(), False),
                         StructField("record", StringType(), False)])
    session.createDataFrame(rows, schema).write.mode("overwrite").parquet(results)


def _analyze_on_executor(batch: list[tuple[int, PreparedArticle]], model: str | None) -> list[tuple[int, str, str]]:
    """On an executor: one batch parsed and analysed as on one machine (the model loaded once
    per Python worker, by `load_pipeline`'s cache)."""
    from storyline.nlp import load_pipeline, one_blas_thread

    one_blas_thread()
    results = analyze_batch(load_pipeline(model), [prepared for _, prepared in batch])
    rows = []
    for (position, _), result in zip(batch, results):
        if isinstance(result, ArticleAnalysis):
            rows.append((position, "analysis", result.model_dump_json()))
        else:
            rows.append((position, "failure", json.dumps({"reason": result.reason, "details": result.details})))
    return rows


def _read_results(session, results: str, articles: Sequence[PreparedArticle]) -> Iterator[ArticleAnalysis | AnalysisFailure]:
    """The job's Parquet in input order, each result as the local engine gives it (places
    resolved here, where the gazetteer is loaded once)."""
    for row in session.read.parquet(results).orderBy("position").toLocalIterator():
        prepared = articles[row.position]
        if row.kind == "analysis":
            yield resolve_places(ArticleAnalysis.model_validate_json(row.record))
        else:
            failure = json.loads(row.record)
            yield AnalysisFailure(article=prepared.article, label=prepared.name, reason=failure["reason"],
                                  details=failure["details"])


class SparkCandidates:
    """`Store.similar_articles` as a Spark job, for the corpus stage of `--engine spark`: the
    store's term index is written as Parquet beside `results` (`--spark-results`, when it is a
    folder the driver writes and the executors read; else a temporary one), and joined with a
    batch's terms by the same query, so the candidates, and the brief, are the local ones.
    Spark starts only when a batch meets a stored index; `close` stops it."""

    def __init__(self, store: Store, master: str | None, processes: int, results: str | None = None) -> None:
        self._store, self._master, self._processes = store, master, processes
        self._scratch = tempfile.TemporaryDirectory(prefix="storyline-spark-index-")
        # beside --spark-results when it is a shared folder (DuckDB writes plain paths only)
        shared = results is not None and "://" not in results
        self._folder = Path(f"{results}-index" if shared else self._scratch.name)
        self._session = None
        self._submitted = _submitted()

    def __call__(self, terms: dict[str, list[str]], per_article: int, rare_share: float,
                 rare_floor: int) -> set[str]:
        pairs = candidate_pairs(terms)
        total = self._store.indexed_articles()
        if not pairs or not total:
            return set()  # nothing stored to meet: no need to start Spark
        index = self._folder / "article_terms.parquet"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._store.copy_table("article_terms", index, "FORMAT parquet")
        session = self._start()
        session.read.parquet(str(index)).createOrReplaceTempView("article_terms")
        session.createDataFrame(pairs, "new string, term string").createOrReplaceTempView("q")
        return {row[0] for row in session.sql(candidates_sql(total, per_article, rare_share, rare_floor)).collect()}

    def _start(self):
        if self._session is None:
            self._session = _session(_master(self._master, self._processes, self._submitted), self._submitted)
        return self._session

    def close(self) -> None:
        if self._session is not None and not self._submitted:
            self._session.stop()
        self._scratch.cleanup()

    def __enter__(self) -> SparkCandidates:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
