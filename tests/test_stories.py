"""Stories: average-link clustering by text, shared entities and time, with stable ids across runs."""

from __future__ import annotations

import itertools

from storyline.model import Article, ArticleAnalysis, DateMention, Entity, Event, Mention, Sentence, Story
from storyline.stories import cluster_stories, reach_reported_days, time_factor

FLOOD = "Heavy rain flooded the river valley and rescuers evacuated villages as the river burst its banks near the dam."
FLOOD2 = "Rescuers evacuated more villages in the flooded valley after the river burst the dam and rain kept falling."
ELECTION = "Voters queued at polling stations as the election count began and candidates awaited the ballot results."


def make(aid: str, text: str, published: str | None, title: str | None = None, dates=()) -> ArticleAnalysis:
    return ArticleAnalysis(
        article=Article(id=aid, path=aid, text=text, published=published, title=title),
        sentences=[Sentence(start=0, end=len(text))],
        dates=[DateMention(article=aid, start=0, end=1, text="x", type="DATE", value=v) for v in dates],
    )


def test_similar_articles_join_and_others_open_stories():
    docs = [
        make("a", FLOOD, "2020-05-01", "Floods hit valley"),
        make("b", FLOOD2, "2020-05-02", "More evacuations"),
        make("c", ELECTION, "2020-05-01", "Election count"),
    ]
    stories = cluster_stories(docs, [])
    assert sorted(s.articles for s in stories) == [["a", "b"], ["c"]]
    flood = next(s for s in stories if "a" in s.articles)
    assert flood.id == "s-a" and (flood.first, flood.last) == ("2020-05-01", "2020-05-02")
    assert flood.title in {"Floods hit valley", "More evacuations"}


def test_input_order_does_not_change_stories():
    docs = [
        make("a", FLOOD, "2020-05-01"),
        make("b", FLOOD2, "2020-05-02"),
        make("c", ELECTION, "2020-05-01"),
        make("d", FLOOD, "2021-09-01"),
    ]
    results = {tuple((s.id, tuple(s.articles), s.title) for s in cluster_stories(list(p), [])) for p in itertools.permutations(docs)}
    assert len(results) == 1


def test_years_apart_do_not_join_even_with_the_same_words_and_entities():
    entity = Entity(
        id="e1", name="River Authority", type="ORG",
        mentions=[Mention(article=a, start=0, end=5, text="Heavy") for a in ("a", "b")],
    )
    stories = cluster_stories([make("a", FLOOD, "2008-02-01"), make("b", FLOOD, "2023-02-01")], [entity])
    assert len(stories) == 2
    assert time_factor(0) == time_factor(7) == 1.0 > time_factor(30) > time_factor(365) > 0.0


def test_a_later_run_keeps_untouched_stories_and_ids():
    first = cluster_stories([make("a", FLOOD, "2020-05-01"), make("c", ELECTION, "2020-05-01")], [])
    later = cluster_stories(
        [make("a", FLOOD, "2020-05-01"), make("c", ELECTION, "2020-05-01"),
         make("b", FLOOD2, "2020-05-02")], [], previous=first)
    by_id = {s.id: s for s in later}
    assert {s.id for s in first} == set(by_id)
    assert by_id["s-a"].articles == ["a", "b"] and by_id["s-c"].articles == ["c"]
    assert by_id["s-c"].title == next(s for s in first if s.id == "s-c").title


def test_a_new_article_that_bridges_two_stories_merges_them_under_the_older_id():
    bridge = FLOOD + " " + ELECTION
    first = cluster_stories([make("a", FLOOD, "2020-05-01"), make("c", ELECTION, "2020-05-02")], [])
    assert len(first) == 2
    later = cluster_stories(
        [make("a", FLOOD, "2020-05-01"), make("c", ELECTION, "2020-05-02"),
         make("z", bridge, "2020-05-03")], [], previous=first, threshold=0.3)
    assert [s.articles for s in later] == [["a", "c", "z"]] and later[0].id in {"s-a", "s-c"}


def test_batches_in_any_order_give_the_grouping_of_one_run():
    docs = [make("a", FLOOD, "2020-05-01"), make("b", FLOOD2, "2020-05-02"),
            make("c", ELECTION, "2020-05-01"), make("d", ELECTION + " Turnout was high.", "2020-05-02")]
    at_once = sorted(s.articles for s in cluster_stories(docs, []))
    for order in itertools.permutations(docs):
        stories = cluster_stories(list(order[:2]), [])
        stories = cluster_stories(list(order), [], previous=stories)
        assert sorted(s.articles for s in stories) == at_once


def test_title_is_never_a_quotation_and_dates_span_all_articles():
    quoted = make("q", FLOOD, "2020-05-09", title='"We lost everything," says farmer')
    stories = cluster_stories([make("a", FLOOD, "2020-05-01", "Floods hit valley"), quoted], [])
    (story,) = stories
    assert story.title == "Floods hit valley"
    assert (story.first, story.last) == ("2020-05-01", "2020-05-09")


def test_title_without_article_title_comes_from_a_sentence():
    (story,) = cluster_stories([make("a", FLOOD, "2020-05-01")], [])
    assert story.title.startswith("Heavy rain flooded")


def test_an_undated_article_does_not_bring_years_together():
    docs = [make("a", FLOOD, "2008-02-01"), make("u", FLOOD, None), make("d", FLOOD, "2023-02-01")]
    stories = cluster_stories(docs, [])
    assert not any({"a", "d"} <= set(s.articles) for s in stories)


def test_a_story_runs_to_the_last_day_its_articles_report_as_done():
    def event(article, date, modality="asserted"):
        return Event(id=f"{article}:{date}", article=article, start=0, end=1, type="PROTEST",
                     text="x", date=date, modality=modality)
    story = Story(id="s-a", title="t", articles=["a", "u"], first="2008-02-15", last="2008-02-15")
    events = [event("u", "2008-02-17"), event("u", "2008-02-20", "planned"), event("a", "1999-03-24")]
    (stretched,) = reach_reported_days([story], events)
    assert (stretched.first, stretched.last) == ("2008-02-15", "2008-02-17")
    undated = Story(id="s-u", title="t", articles=["u"])
    (stretched,) = reach_reported_days([undated], [event("u", "1999-03-24"), event("u", "2008-02-17")])
    assert (stretched.first, stretched.last) == ("2008-02-17", "2008-02-17")
