"""`--engine spark`: the per-article stage as a Spark job in local mode gives the local brief."""

from __future__ import annotations

import importlib.util
import re
import shutil

import pytest

from storyline.cli import main

_RUN_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d[0-9:.+]*")

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="Spark needs pyspark (make spark) and a Java runtime",
)


@needs_spark
def test_spark_gives_the_local_brief_byte_for_byte(tmp_path, seed_dir):
    seeds = [str(p) for p in sorted(seed_dir.glob("*.txt"))]
    for part in (seeds[:3], seeds[3:]):  # the second run's story candidates come from the stored index
        assert main(["brief", *part, "-o", str(tmp_path / "local"), "-q"]) == 0
        assert main(["brief", *part, "-o", str(tmp_path / "spark"), "-q", "--engine", "spark",
                     "--master", "local[2]"]) == 0
    for name in ("brief.json", "brief.md", "brief.html"):  # "What's new" names when the run before ended
        spark, local = ((tmp_path / engine / name).read_text(encoding="utf-8") for engine in ("spark", "local"))
        assert _RUN_TIME.sub("TIME", spark) == _RUN_TIME.sub("TIME", local), name


def test_a_master_without_the_spark_engine_is_a_usage_error(tmp_path, seed_dir, capsys):
    assert main(["brief", str(seed_dir), "-o", str(tmp_path), "--master", "local[2]"]) == 2
    assert "--master and --spark-results are for --engine spark" in capsys.readouterr().err
