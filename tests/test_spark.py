"""`--engine spark`: the per-article stage as a Spark job in local mode gives the local brief."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from storyline.cli import main

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="Spark needs pyspark (make spark) and a Java runtime",
)


@needs_spark
def test_spark_gives_the_local_brief_byte_for_byte(tmp_path, seed_dir):
    assert main(["brief", str(seed_dir), "-o", str(tmp_path / "local"), "-q"]) == 0
    assert main(["brief", str(seed_dir), "-o", str(tmp_path / "spark"), "-q", "--engine", "spark",
                 "--master", "local[2]"]) == 0
    for name in ("brief.json", "brief.md", "brief.html"):
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_a_master_without_the_spark_engine_is_a_usage_error(tmp_path, seed_dir, capsys):
    assert main(["brief", str(seed_dir), "-o", str(tmp_path), "--master", "local[2]"]) == 2
    assert "--master and --spark-results are for --engine spark" in capsys.readouterr().err
