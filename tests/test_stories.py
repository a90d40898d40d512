"""Stories: incremental clustering by text, shared entities and time."""

from __future__ import annotations

import itertools

from storyline.model import Article, ArticleAnalysis, DateMention, Entity, Mention, Sentence
from storyline.dating import UNKNOWN
from storyline.stories import StoryIndex, cluster_stories, time_factor

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
    assert time_factor(UNKNOWN, []) == 1.0


def test_index_is_append_only():
    index = StoryIndex([])
    first = index.add(make("a", FLOOD, "2020-05-01"))
    second = index.add(make("c", ELECTION, "2020-05-01"))
    before = {s.id: s.articles for s in index.stories()}
    assert index.add(make("b", FLOOD2, "2020-05-02")) == first != second
    after = {s.id: s.articles for s in index.stories()}
    assert all(after[sid][: len(arts)] == arts for sid, arts in before.items())


def test_title_without_article_title_comes_from_a_sentence():
    (story,) = cluster_stories([make("a", FLOOD, "2020-05-01")], [])
    assert story.title.startswith("Heavy rain flooded")
