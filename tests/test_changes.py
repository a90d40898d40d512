"""What's new since a time, and saved watches: from the store's times, in the reports, as views."""

from __future__ import annotations

import pytest

from storyline.api import Store, brief
from storyline.changes import new_watch, parse_time, previous_run, watch_matches
from storyline.errors import UsageError
from storyline.report import render_html, render_markdown


def test_times_are_read_as_utc_and_bad_ones_named():
    assert parse_time("2026-11-29") == "2026-11-29T00:00:00.000000+00:00"
    assert parse_time("2026-11-29T14:00+02:00") == "2026-11-29T12:00:00.000000+00:00"
    assert parse_time("2026-11-29T14:00:00Z") == "2026-11-29T14:00:00.000000+00:00"
    with pytest.raises(UsageError, match="not a time: 'yesterday'"):
        parse_time("yesterday")
    assert previous_run([]) is None and previous_run(["t1"]) is None and previous_run(["t1", "t2"]) == "t1"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, seed_dir):
    """The seeds stored in two runs: three articles, then two more."""
    out = tmp_path_factory.mktemp("changes")
    seeds = sorted(seed_dir.glob("*.txt"))
    first = brief([str(p) for p in seeds[:3]], out, settings=None)
    second = brief([str(p) for p in seeds[3:]], out)
    return out, first, second


def test_the_first_run_shows_no_changes_and_the_second_what_it_brought(two_runs):
    out, first, second = two_runs
    assert first.changes is None
    changes = second.changes
    by_id = {a.id: a for a in second.brief.articles}
    assert len(changes.articles) == 2 and set(changes.articles) <= set(by_id)
    new = set(changes.articles)
    assert changes.quotes and all(q.article in new for q in changes.quotes)
    assert changes.events and all(e.article in new and all(r.article in new for r in e.reports)
                                  for e in changes.events)
    # a story is new when all its articles are, growing when some are
    assert all(set(s.articles) <= new for s in changes.new_stories)
    assert all(0 < g.added < len(g.story.articles) for g in changes.growing_stories)
    assert changes.new_stories or changes.growing_stories
    markdown = (out / "brief.md").read_text("utf-8")
    assert "## What's new" in markdown and "2 new articles" in markdown
    assert '<section id="changes">' in (out / "brief.html").read_text("utf-8")


def test_a_run_with_nothing_new_changes_nothing_and_a_given_time_counts_from_there(two_runs, seed_dir):
    out, _, second = two_runs
    with Store(out / "storyline.duckdb") as store:
        again = store.add([str(p) for p in sorted(seed_dir.glob("*.txt"))])
        assert again.new == 0 and again.changes is not None and again.changes.empty
        store.write_reports(out / "again", again.brief, again.changes)
        assert "What's new" not in (out / "again" / "brief.md").read_text("utf-8")  # as a rerun was
        # the latest run that stored articles is still the second: what it brought
        assert store.changes().articles == second.changes.articles
        assert len(store.changes(since="2000-01-01").articles) == 5
        assert store.changes(since="2999-01-01").empty


def test_reports_without_changes_have_no_whats_new(two_runs):
    _, first, _ = two_runs
    assert "What's new" not in render_markdown(first.brief)
    assert 'id="changes"' not in render_html(first.brief)


def test_watches_are_checked_and_one_per_kind_and_value():
    with pytest.raises(UsageError, match="no event type 'DANCE'"):
        new_watch("type", "dance", "2026-01-01")
    with pytest.raises(UsageError):
        new_watch("colour", "red", "2026-01-01")
    with pytest.raises(UsageError):
        new_watch("phrase", "   ", "2026-01-01")
    assert new_watch("type", "assault", "t").value == "ASSAULT"
    assert new_watch("phrase", "Tear  gas", "t").id == new_watch("phrase", "tear gas", "t2").id


def test_watch_matches_are_newest_first_and_marked_new_after_the_watch(two_runs):
    out, _, second = two_runs
    with Store(out / "storyline.duckdb") as store:
        times = store.records.stored_times()
        sentences = store.records.sentences()
        the_brief = store.brief()
    new_ids = set(second.changes.articles)
    middle = min(times[a] for a in new_ids)  # after the first run's articles, at the second's
    speaker = next(q.speaker for q in the_brief.quotes if q.speaker)
    entity = new_watch("entity", speaker, middle)
    found = watch_matches(entity, the_brief, times, sentences)
    assert found and {m.kind for m in found} <= {"quote", "event"}
    assert [m.stored for m in found] == sorted((m.stored for m in found), reverse=True)
    assert all(m.new == (m.article in new_ids) for m in found)
    # a phrase matches whole words, case aside, and gives the sentence holding it
    phrase = watch_matches(new_watch("phrase", "KOSOVO", middle), the_brief, times, sentences)
    assert phrase and all("kosovo" in m.text.lower() for m in phrase)
    article = {a.id: a for a in the_brief.articles}
    assert all(article[m.article].text[m.start:m.end] == m.text for m in phrase)
    assert not watch_matches(new_watch("phrase", "kosov", middle), the_brief, times, sentences)
