"""Quantities from the parse, and disagreeing figures across articles of a story."""

from __future__ import annotations

import pytest

from storyline.discrepancies import find_discrepancies, find_quantities, number_value
from storyline.model import Article, ArticleAnalysis, Quantity, Sentence, Story
from storyline.stories import cluster_stories

SEED_DATES = ["2008-02-21", "2008-02-18", "2008-02-15", "2023-05-31", "2008-02-25"]


def figures(nlp, text: str) -> dict[float, list[str]]:
    return {q.value: q.keys for q in find_quantities(nlp(text), "x")}


def test_number_words_and_digits(nlp):
    doc = nlp("two thousand and 1.5 million and twenty-five")
    assert number_value(doc[0:2]) == 2000
    assert number_value(doc[3:5]) == 1_500_000
    assert number_value(doc[6:9]) == 25


def test_counted_nouns_sizes_and_skips(nlp):
    found = figures(nlp, "The alliance sent 700 more troops and two thousand police officers in 1999.")
    assert found[700] == ["troop", "more"] and found[2000] == ["officer", "police"]
    assert 1999 not in found
    found = figures(nlp, "The bloc approved a 1,800-member EU police and justice mission.")
    assert found[1800][0] == "mission" and {"eu", "police"} <= set(found[1800])
    money = figures(nlp, "Prices rose 20% on 5 May and the deal cost $5 million.")
    assert money == {}


def test_staff_counts_the_organisation_named_before(nlp):
    text = "A civilian police mission for Kosovo was approved. Deployment of the 1,800 staff will take months."
    (quantity,) = find_quantities(nlp(text), "x")
    assert quantity.value == 1800 and quantity.keys[0] == "mission" and "police" in quantity.keys
    assert text[quantity.start : quantity.end] == quantity.text == "1,800 staff"


def analysis(aid: str, text: str, quantities: list[Quantity]) -> ArticleAnalysis:
    return ArticleAnalysis(
        article=Article(id=aid, path=aid, text=text), sentences=[Sentence(start=0, end=len(text))], quantities=quantities
    )


def q(aid: str, text: str, figure: str, value: float, keys: list[str]) -> Quantity:
    start = text.index(figure)
    return Quantity(article=aid, start=start, end=start + len(figure), text=figure, value=value, about=keys[0], keys=keys)


def test_disagreeing_figures_across_articles_but_not_across_stories():
    ta, tb, tc = "A 2,000-strong EU mission.", "The 1,800-member EU mission.", "An EU mission of 900 staff."
    a = analysis("a", ta, [q("a", ta, "2,000", 2000, ["mission", "eu"])])
    b = analysis("b", tb, [q("b", tb, "1,800", 1800, ["mission", "eu"]), q("b", tb, "1,800", 1800, ["troop", "eu"])])
    c = analysis("c", tc, [q("c", tc, "900", 900, ["mission", "eu"])])
    (found,) = find_discrepancies([a, b, c])
    assert [(v.article, v.value) for v in found.values] == [("a", "2,000"), ("b", "1,800"), ("c", "900")]
    assert found.about == "EU mission" and found.values[0].text == ta
    stories = [Story(id="s-a", title="t", articles=["a", "b"]), Story(id="s-c", title="t", articles=["c"])]
    (found,) = find_discrepancies([a, b, c], stories)
    assert {v.article for v in found.values} == {"a", "b"}
    same = analysis("d", ta, [q("d", ta, "2,000", 2000, ["mission", "eu"]), q("d", ta, "A", 3, ["mission", "eu"])])
    assert find_discrepancies([same]) == []  # one article never disagrees with itself


@pytest.fixture(scope="module")
def seed_analyses(nlp, seed_texts) -> list[ArticleAnalysis]:
    out = []
    for (name, text), published in zip(sorted(seed_texts.items()), SEED_DATES):
        doc = nlp(text)
        aid = name.split(".")[0]
        out.append(
            ArticleAnalysis(
                article=Article(id=aid, path=name, text=text, published=published),
                sentences=[Sentence(start=s.start_char, end=s.end_char) for s in doc.sents],
                quantities=find_quantities(doc, aid),
            )
        )
    return out


def test_seed_stories_and_mission_size_discrepancy(seed_analyses):
    stories = cluster_stories(seed_analyses, [])
    assert sorted(sorted(a[:3] for a in s.articles) for s in stories) == [["000", "001", "002", "004"], ["003"]]
    found = find_discrepancies(seed_analyses, stories)
    assert len(found) == 1
    values = {(v.article[:3], v.value) for v in found[0].values}
    assert values == {("000", "2,000"), ("002", "1,800"), ("004", "1,800")}
    assert "mission" in found[0].about.lower()


def _dated_event(article, date, source="SRB", type_="PROTEST"):
    from storyline.model import Event

    text = f"Serbs protested on {date}."
    return Event(id=f"{article}:{date}", article=article, start=0, end=len(text), text=text,
                 type=type_, source_code=source, date=date, date_source="text")


def test_one_event_dated_differently_by_two_articles():
    from storyline.discrepancies import find_date_discrepancies

    events = [_dated_event("a", "2023-05-29"), _dated_event("b", "2023-05-30"),
              _dated_event("c", "2023-06-20"), _dated_event("b", "2023-05-31", source="XKX")]
    (found,) = find_date_discrepancies(events, [])
    assert found.kind == "date" and [v.value for v in found.values] == ["2023-05-29", "2023-05-30"]


def test_two_days_in_one_article_are_two_events():
    from storyline.discrepancies import find_date_discrepancies

    events = [_dated_event("a", "2023-05-29"), _dated_event("a", "2023-05-30"),
              _dated_event("b", "2023-05-30")]
    assert find_date_discrepancies(events, []) == []


def test_components_match_the_pairwise_definition():
    """Figures are grouped by shared keys, not by comparing every pair: the groups must be the
    connected components of `comparable` between different articles all the same."""
    import random

    from storyline.discrepancies import INCREMENT_KEY, _components, comparable

    rng = random.Random(7)
    for _ in range(200):
        items = [
            Quantity(article=rng.choice("abc"), start=n, end=n + 1, text="1", value=1.0, about="x",
                     keys=[rng.choice("tm")] + rng.sample(["eu", "un", "police", INCREMENT_KEY], rng.randint(0, 2)))
            for n in range(rng.randint(0, 12))
        ]
        parent = list(range(len(items)))

        def find(i):
            while parent[i] != i:
                i = parent[i]
            return i

        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if items[i].article != items[j].article and comparable(items[i], items[j]):
                    parent[find(j)] = find(i)
        expected: dict[int, list[int]] = {}
        for i in range(len(items)):
            expected.setdefault(find(i), []).append(i)
        assert _components(items) == [m for m in expected.values() if len(m) > 1]
