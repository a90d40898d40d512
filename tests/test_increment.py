"""Adding articles to a stored brief redoes only what they touch (`storyline.increment`)."""

from __future__ import annotations

import storyline
from storyline import corpus, forked, increment
from storyline.model import Story
from storyline.report import brief_to_json
from storyline.selection import select
from storyline.settings import Settings
from storyline.store import Store as RecordStore

FOOTBALL = [
    "The striker Marco Vellani scored twice as Rovigo United beat Lenzano 3-1 in the cup semi-final "
    "on Saturday. Vellani, who joined Rovigo United from Lenzano last summer, celebrated in front of "
    "the away fans. The cup final will be played at the Stadio Brennero next month.",
    "Rovigo United will face Castelmonte in the cup final at the Stadio Brennero after Marco Vellani's "
    "two goals knocked out Lenzano. The coach praised Vellani and the Rovigo United defence.",
    "Tickets for the cup final between Rovigo United and Castelmonte at the Stadio Brennero sold out "
    "within hours, the club said. Marco Vellani is expected to start.",
]
PARLIAMENT = [
    "The parliament of Ostravia voted 212 to 98 on Tuesday to approve the pension reform proposed by "
    "Prime Minister Hedda Korvath. Opposition leader Tomas Brenk said the reform would hurt retirees.",
    "Hedda Korvath's pension reform passed the Ostravian parliament after a long debate. Tomas Brenk "
    "said his party would challenge the pension law in the constitutional court.",
]
LATE_FOOTBALL = ("Castelmonte's coach said his side fear Marco Vellani ahead of the cup final against "
                 "Rovigo United at the Stadio Brennero on Sunday.")
LATE_PUTIN = "Putin told reporters in Moscow that the pension reform in Ostravia was not his concern."


def _records(texts, prefix, day):
    return [{"id": f"{prefix}{n}", "text": text, "published": f"2024-03-{day + n:02d}"} for n, text in enumerate(texts)]


def _spy_on_segments(monkeypatch) -> set[str]:
    """The articles whose story segments a run works out (filled as it runs)."""
    redone: set[str] = set()
    views = increment.segment_views

    def spy_views(story, analyses, *args):
        redone.update(a.article.id for a in analyses)
        return views(story, analyses, *args)

    monkeypatch.setattr(increment, "segment_views", spy_views)
    return redone


def test_batches_place_every_article_once_in_the_brief_order(tmp_path, seed_dir, monkeypatch):
    monkeypatch.setattr(increment, "CORPUS_BATCH", 2)  # the five seeds in three batches
    with storyline.Store(tmp_path / "s.duckdb") as store:
        brief = store.add(sorted(seed_dir.glob("*.txt"))).brief
    placed = [a for s in brief.stories for a in s.articles]
    assert sorted(placed) == sorted(a.id for a in brief.articles)
    mentions = [(m.article, m.start, m.end) for e in brief.entities for m in e.mentions]
    assert len(mentions) == len(set(mentions))
    entity_ids = {e.id for e in brief.entities}
    assert all(q.speaker in entity_ids for q in brief.quotes if q.speaker)
    story_of = {a: s.id for s in brief.stories for a in s.articles}
    assert all(len({story_of[r.article] for r in e.reports}) == 1 for e in brief.events)
    # records added batch by batch are in the order one build sorts them
    assert brief.quotes == sorted(brief.quotes, key=lambda q: (q.article, q.start, q.id))
    assert brief.events == sorted(brief.events, key=lambda e: (e.date or "", e.article, e.start))
    assert brief.stories == sorted(brief.stories, key=lambda s: (s.first or "9999", s.id))
    assert brief.entities == sorted(brief.entities, key=lambda e: (-len(e.mentions), e.name, e.id))


def test_one_batch_gives_what_the_full_corpus_stage_gives(tmp_path, seed_dir):
    with storyline.Store(tmp_path / "s.duckdb") as store:
        placed = store.add(sorted(seed_dir.glob("*.txt"))).brief
        assert brief_to_json(store.rebuild()) == brief_to_json(placed)


def test_a_later_article_joins_the_stored_entities_and_story(tmp_path):
    with storyline.Store(tmp_path / "s.duckdb") as store:
        store.add(texts=_records(FOOTBALL, "f", 2) + _records(PARLIAMENT, "p", 5)
                  + [{"id": "r0", "text": "Russian President Vladimir Putin met the Ostravian envoy in Moscow.",
                      "published": "2024-03-01"}])
        brief = store.add(texts=_records([LATE_FOOTBALL], "late-f", 20) + _records([LATE_PUTIN], "late-p", 21)).brief
    vellani = next(e for e in brief.entities if e.name == "Marco Vellani")
    assert "late-f0" in {m.article for m in vellani.mentions}
    putin = next(e for e in brief.entities if e.name == "Vladimir Putin")
    assert {m.article for m in putin.mentions} >= {"r0", "late-p0"}  # a bare surname joins the one person
    story_of = {a: s.id for s in brief.stories for a in s.articles}
    assert story_of["late-f0"] == story_of["f0"]


def test_placing_an_article_redoes_only_the_stories_it_may_join(tmp_path, monkeypatch):
    with storyline.Store(tmp_path / "s.duckdb") as store:
        store.add(texts=_records(FOOTBALL, "f", 2) + _records(PARLIAMENT, "p", 5))
        clustered: set[str] = set()
        cluster = increment.cluster_items

        def spy_cluster(items, *args, **kwargs):
            clustered.update(it.id for it in items)
            return cluster(items, *args, **kwargs)

        monkeypatch.setattr(increment, "cluster_items", spy_cluster)
        redone = _spy_on_segments(monkeypatch)
        store.add(texts=_records([LATE_FOOTBALL], "late-f", 20))
    assert clustered == redone == {"f0", "f1", "f2", "late-f0"}  # the parliament story is left as stored


def test_a_report_of_some_stories_reads_them_only_and_equals_the_whole_brief_cut(tmp_path, monkeypatch):
    settings = Settings(top=1)
    with storyline.Store(tmp_path / "s.duckdb", settings) as store:
        store.add(texts=_records(FOOTBALL, "f", 2) + _records(PARLIAMENT, "p", 5))
        whole = store.brief()
        expected = brief_to_json(select(whole, settings.scope).brief)
        loads = []
        load = RecordStore.load_brief
        monkeypatch.setattr(RecordStore, "load_brief",
                            lambda self, articles=None: loads.append(articles) or load(self, articles))
        store.write_reports(tmp_path / "out")
    assert loads and loads[0] is not None and len(loads[0]) < len(whole.articles)
    assert (tmp_path / "out" / "brief.json").read_text(encoding="utf-8").strip() == expected.strip()


def test_a_long_story_is_redone_from_its_changed_segment_on(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "STORY_SEGMENT", 2)  # f0 f1 | f2, then f0 f1 | f2 late-f0
    monkeypatch.setattr(increment, "STORY_REGROUP", 1)
    monkeypatch.setattr(increment, "CANDIDATES", 1)
    with storyline.Store(tmp_path / "s.duckdb") as store:
        before = store.add(texts=_records(FOOTBALL, "f", 2)).brief
        redone = _spy_on_segments(monkeypatch)
        after = store.add(texts=_records([LATE_FOOTBALL], "late-f", 20)).brief
    (story,) = [s for s in after.stories if "f0" in s.articles]
    assert sorted(story.articles) == ["f0", "f1", "f2", "late-f0"]  # the articles not held are put back
    assert redone == {"f2", "late-f0"}

    def events_of(brief, articles):
        return [(e.article, e.start, e.type) for e in brief.events if e.article in articles]

    assert events_of(after, {"f0", "f1"}) == events_of(before, {"f0", "f1"})  # the first segment's stay
    spans = [(e.article, e.start, e.end) for e in after.events]
    assert len(spans) == len(set(spans))
    assert {t.story for t in after.timeline} <= {s.id for s in after.stories}


def test_an_undated_article_goes_after_the_articles_that_came_before_it(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "STORY_SEGMENT", 2)  # m0 m1 | m2, then m0 m1 | m2 a-late (by id: a-late m0 | m1 m2)
    monkeypatch.setattr(increment, "STORY_REGROUP", 1)
    monkeypatch.setattr(increment, "CANDIDATES", 1)
    with storyline.Store(tmp_path / "s.duckdb") as store:
        store.add(texts=[{"id": f"m{n}", "text": text} for n, text in enumerate(FOOTBALL)])
        redone = _spy_on_segments(monkeypatch)
        after = store.add(texts=[{"id": "a-late", "text": LATE_FOOTBALL}]).brief
        rebuilt = store.rebuild()
    (story,) = [s for s in after.stories if "m0" in s.articles]
    assert "a-late" in story.articles
    assert redone == {"m2", "a-late"}  # only the last segment, not every segment after "a-late" by id
    assert [e.id for e in rebuilt.events] == [e.id for e in after.events]  # a rebuild orders them alike


def test_a_batch_holds_what_fits_of_the_stories_it_reaches(monkeypatch):
    def story(sid, articles):
        return Story(id=sid, title=sid, articles=articles)

    monkeypatch.setattr(increment, "STORY_REGROUP", 1)  # of each story: its candidates and its latest
    published = {a: f"2024-03-{n + 1:02d}" for n, a in enumerate("abcdefg")}
    stories = [story("s1", ["a", "b", "c", "d"]), story("s2", ["e", "f", "g"])]
    reached, held = increment._reach(stories, {"a", "b", "e"}, set(), published)
    assert [s.id for s in reached] == ["s1", "s2"] and held == {"a", "b", "d", "e", "g"}
    monkeypatch.setattr(increment, "REGROUP_ARTICLES", 3)  # the story with most candidates first
    reached, held = increment._reach(stories, {"a", "b", "e"}, set(), published)
    assert [s.id for s in reached] == ["s1"] and held == {"a", "b", "d"}
    reached, held = increment._reach(stories, {"a", "b", "e"}, {"f"}, published)  # one to forget: first
    assert [s.id for s in reached] == ["s2"] and held == {"e", "g"}


def test_stories_worked_out_in_forked_processes_are_those_worked_out_here(tmp_path, seed_dir, monkeypatch):
    groups = []
    run_calls = forked.run_calls

    def spy(calls, processes, weights=None, **options):
        groups.append((len(calls), processes))
        return run_calls(calls, processes, weights, **options)

    monkeypatch.setattr(forked, "run_calls", spy)
    briefs = []
    for processes in (1, 2):
        with storyline.Store(tmp_path / f"{processes}.duckdb", Settings(processes=processes)) as store:
            briefs.append(brief_to_json(store.add(sorted(seed_dir.glob("*.txt"))).brief))
    assert (3, 2) in groups  # the seeds' two stories' summaries and the corpus summary, forked
    assert briefs[0] == briefs[1]
