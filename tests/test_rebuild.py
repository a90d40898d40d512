"""`storyline rebuild`: the corpus stage again from scratch gives what one run over everything gives."""

from __future__ import annotations

from storyline.cli import main
from storyline.report import brief_to_json


def _groups(brief):
    return sorted(sorted(s.articles) for s in brief.stories)


def test_rebuilding_a_store_filled_in_two_runs_gives_the_one_run_brief(tmp_path, seed_dir):
    import storyline

    seeds = sorted(seed_dir.glob("*.txt"))
    with storyline.Store(tmp_path / "once.duckdb") as once:
        at_once = once.add(seeds).brief
    with storyline.Store(tmp_path / "twice.duckdb") as twice:
        twice.add(seeds[3:])  # the later articles first: their stories are opened by them
        twice.add(seeds[:3])
        rebuilt = twice.rebuild()
        assert _groups(rebuilt) == _groups(at_once)
        assert brief_to_json(rebuilt) == brief_to_json(at_once)
        assert twice.brief() == rebuilt  # stored


def test_rebuild_needs_an_existing_store(tmp_path):
    assert main(["rebuild", "--db", str(tmp_path / "none.duckdb"), "-q"]) == 2
