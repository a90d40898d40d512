"""Reports that scale: the part of a brief the reports show, cut so that every span resolves."""

from __future__ import annotations

import json

import jsonschema
import pytest

import storyline
from storyline.errors import UsageError
from storyline.model import Brief, Span
from storyline.report import brief_schema, brief_to_json
from storyline.selection import Scope, scope_line, select


@pytest.fixture(scope="module")
def seed_brief(seed_dir, tmp_path_factory) -> Brief:
    with storyline.Store(tmp_path_factory.mktemp("selection") / "s.duckdb") as store:
        return store.add([seed_dir]).brief


def _spans(brief: Brief) -> list[Span]:
    spans: list[Span] = [*brief.summary, *brief.quotes, *brief.dates, *brief.quantities]
    for entity in brief.entities:
        spans += entity.mentions
    for event in brief.events:
        spans += [event, *event.reports]
    for story in brief.stories:
        spans += story.summary
    for entry in brief.timeline:
        spans += entry.sources
    for stance in brief.stances:
        spans += stance.evidence
    for discrepancy in brief.discrepancies:
        spans += discrepancy.values
    return spans


def _resolves(brief: Brief) -> bool:
    held = {a.id for a in brief.articles}
    stories = {s.id for s in brief.stories}
    return (all(s.article in held for s in _spans(brief))
            and all(a in held for s in brief.stories for a in s.articles)
            and all(t.story in stories for t in brief.timeline)
            and all(s.story in stories for s in brief.stances))


def test_everything_in_scope_is_the_brief_itself(seed_brief):
    whole = select(seed_brief, Scope(top=25))
    assert whole.brief is seed_brief and not whole.partial and scope_line(whole) is None


def test_the_most_active_story_alone_keeps_every_span_resolvable_and_the_contract(seed_brief):
    largest = max(seed_brief.stories, key=lambda s: len(s.articles))
    part = select(seed_brief, Scope(top=1))
    assert [s.id for s in part.brief.stories] == [largest.id] and part.partial
    assert {a.id for a in part.brief.articles} == set(largest.articles)
    assert _resolves(part.brief) and part.brief.quotes and part.brief.entities
    assert len(part.brief.quotes) < len(seed_brief.quotes)
    jsonschema.validate(json.loads(brief_to_json(part.brief)), brief_schema())
    assert scope_line(part).startswith(f"Showing 1 of {len(seed_brief.stories)} stories")


def test_named_stories_a_window_and_touched_stories(seed_brief):
    smallest = min(seed_brief.stories, key=lambda s: len(s.articles))
    named = select(seed_brief, Scope(stories=(smallest.id,), top=1))
    assert [s.id for s in named.brief.stories] == [smallest.id] and _resolves(named.brief)
    touched = select(seed_brief, Scope(top=1), touched=[smallest.id])
    assert len(touched.brief.stories) == 2  # the most active, and the one the latest run touched
    with pytest.raises(UsageError, match="no story 'nope'"):
        select(seed_brief, Scope(stories=("nope",)))
    day = max(a.published[:10] for a in seed_brief.articles if a.published)
    window = select(seed_brief, Scope(since=day, until=day, top=25))
    assert window.brief.articles and all(a.published[:10] == day for a in window.brief.articles
                                         if a.duplicate_of is None)
    assert _resolves(window.brief)
    assert not select(seed_brief, Scope(since="2030-01-01", top=25)).brief.stories


def test_the_command_line_chooses_what_the_reports_show(tmp_path, seed_dir):
    from storyline.cli import main

    assert main(["brief", str(seed_dir), "-o", str(tmp_path), "-q"]) == 0
    assert main(["report", "--db", str(tmp_path / "storyline.duckdb"), "-o", str(tmp_path / "one"),
                 "--top", "1", "-q"]) == 0
    shown = json.loads((tmp_path / "one" / "brief.json").read_text("utf-8"))
    assert len(shown["stories"]) == 1
    assert "Showing 1 of 2 stories" in (tmp_path / "one" / "brief.md").read_text("utf-8")
    assert main(["report", "--db", str(tmp_path / "storyline.duckdb"), "-o", str(tmp_path / "x"),
                 "--since", "Feb 17", "-q"]) == 2


def test_a_long_story_shows_its_latest_articles_unless_asked_for(seed_brief):
    largest = max(seed_brief.stories, key=lambda s: len(s.articles))
    published = {a.id: a.published or "" for a in seed_brief.articles}
    latest = sorted(largest.articles, key=lambda a: published[a], reverse=True)[:2]
    part = select(seed_brief, Scope(top=25, per_story=2))
    (shown,) = [s for s in part.brief.stories if s.id == largest.id]
    quoted = {s.article for s in seed_brief.summary}  # the corpus summary keeps its sources
    assert part.partial and set(shown.articles) == set(latest) | (quoted & set(largest.articles))
    assert len(shown.articles) < len(largest.articles) and _resolves(part.brief)
    asked = select(seed_brief, Scope(stories=(largest.id,), per_story=2))
    assert sorted(asked.brief.stories[0].articles) == sorted(largest.articles)
