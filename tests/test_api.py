"""The Python API: `storyline.analyze` in memory and `storyline.Store` on disk."""

from __future__ import annotations

import json

import storyline
from storyline.report import brief_to_json

TEXT = ("Russia denounced Kosovo's independence declaration on Sunday and called for an emergency "
        "meeting of the U.N. Security Council. Serbia said it would never recognise the new state.")
RECORD = {"id": "a2", "text": "Serbia recalled its ambassador from Washington on Monday after the United "
          "States recognised Kosovo, the foreign ministry said.", "published": "2008-02-18",
          "title": "Serbia recalls envoy"}


def test_public_names_are_exported():
    assert set(storyline.__all__) >= {"analyze", "Store", "Settings", "Brief", "StorylineError"}
    assert all(hasattr(storyline, name) for name in storyline.__all__)


def test_analyze_builds_a_brief_in_memory_and_leaves_out_what_is_no_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing may be written: the folder stays empty
    brief = storyline.analyze([TEXT, RECORD, {"id": "bad"}, "   ", 42])
    assert "a2" in {a.id for a in brief.articles} and len(brief.articles) == 2
    recorded = next(a for a in brief.articles if a.id == "a2")
    assert recorded.title == "Serbia recalls envoy" and recorded.published == "2008-02-18"
    assert brief.entities and brief.stories and brief.summary
    assert all(TEXT[s.start : s.end] == s.text for s in brief.summary if s.article != "a2" and not s.pieces)
    assert list(tmp_path.iterdir()) == []
    again = storyline.analyze([TEXT, RECORD, {"id": "bad"}, "   ", 42])
    assert brief_to_json(again) == brief_to_json(brief)  # deterministic
    # in the layout of the other JSON Storyline writes (pydantic writes it, not `json.dumps`)
    assert brief_to_json(brief) == json.dumps(brief.model_dump(mode="json", by_alias=True), indent=2,
                                              ensure_ascii=False) + "\n"


def test_store_adds_texts_and_paths_and_reads_them_back(tmp_path, seed_dir):
    path = tmp_path / "news.duckdb"
    with storyline.Store(path) as store:
        first = store.add(texts=[TEXT, RECORD, {"id": "bad"}])
        assert first.new == 2 and [s.reason for s in first.skipped] == ["missing 'text'"]
        again = store.add(texts=[TEXT])
        assert again.new == 0 and again.already_stored == 1
        assert len(store.brief().articles) == 2
    with storyline.Store(path) as store:  # kept on disk between sessions
        added = store.add(paths=[seed_dir])
        assert added.new == 5 and len(added.brief.articles) == 7
        assert {q.article for q in store.quotes()} and store.events() and store.entities()
        assert any("Kosovo" in s.title or "Serb" in s.title for s in store.stories())
