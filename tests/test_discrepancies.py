"""Quantities from the parse, and disagreeing figures across articles of a story."""

from __future__ import annotations

import pytest

from storyline.discrepancies import find_discrepancies
from storyline.figures import find_quantities, number_value
from storyline.model import Article, ArticleAnalysis, Quantity, Sentence, Story
from storyline.stories import cluster_stories

SEED_DATES = ["2008-02-21", "2008-02-18", "2008-02-15", "2023-05-31", "2008-02-25"]


def figures(nlp, text: str) -> dict[float, Quantity]:
    return {q.value: q for q in find_quantities(nlp(text), "x")}


def test_number_words_and_digits(nlp):
    doc = nlp("two thousand and 1.5 million and twenty-five")
    assert number_value(doc[0:2]) == 2000
    assert number_value(doc[3:5]) == 1_500_000
    assert number_value(doc[6:9]) == 25


def test_counted_nouns_sizes_and_skips(nlp):
    found = figures(nlp, "The alliance sent 700 more troops and two thousand police officers in 1999.")
    assert found[700].keys == ["troop", "more"] and found[2000].keys == ["officer", "police"]
    assert 1999 not in found
    found = figures(nlp, "The bloc approved a 1,800-member EU police and justice mission.")
    assert found[1800].keys[0] == "size:mission" and {"eu", "police"} <= set(found[1800].keys)
    assert figures(nlp, "He mocked three Republican hopefuls: Jeb, Carson and Trump.") == {}


def test_tallies_bounds_and_ranges(nlp):
    (killed,) = figures(nlp, "At least 38 people were killed in Cairo on Friday.").values()
    assert (killed.kind, killed.keys[0], killed.event, killed.bound) == ("people", "people", "killed", "at_least")
    assert killed.names == ["GPE:cairo"]
    (toll,) = figures(nlp, "The death toll in Cairo rose to 45.").values()
    assert toll.event == "killed" and toll.bound == "exact"  # one tally with "38 people were killed"
    (injured,) = figures(nlp, "Between 100 and 150 people were injured in Homs.").values()
    assert (injured.value, injured.high, injured.bound, injured.event) == (100, 150, "range", "injured")
    (feared,) = figures(nlp, "Officials fear 200 people may have died in Haiti.").values()
    assert feared.hedged


def test_money_shares_and_distances_measure_something(nlp):
    (fund,) = figures(nlp, "BP set up a $20 billion fund.").values()
    assert (fund.kind, fund.keys[0], fund.text) == ("money", "dollar:fund", "$20 billion")
    found = figures(nlp, "Clinton won 73 percent of the 223 votes cast in Iowa.")
    assert found[73].kind == "share" and found[73].keys[0] == "percent:vote:win"
    (coast,) = figures(nlp, "The slick has fouled 120 miles of coastline.").values()
    assert coast.kind == "distance" and coast.keys[0] == "mile:coastline"
    # "42 miles southeast of Venice" places the rig; it measures nothing
    assert figures(nlp, "The rig was drilling 42 miles southeast of Venice.") == {}
    assert figures(nlp, "Wyclef Jean calls for evacuating the capital - 22 hrs ago.") == {}


def test_staff_counts_the_organisation_named_before(nlp):
    text = "A civilian police mission for Kosovo was approved. Deployment of the 1,800 staff will take months."
    (quantity,) = find_quantities(nlp(text), "x")
    assert quantity.value == 1800 and quantity.keys[0] == "size:mission" and "police" in quantity.keys
    assert text[quantity.start : quantity.end] == quantity.text == "1,800 staff"


def analysis(aid: str, text: str, quantities: list[Quantity], published: str | None = None) -> ArticleAnalysis:
    return ArticleAnalysis(
        article=Article(id=aid, path=aid, text=text, published=published),
        sentences=[Sentence(start=0, end=len(text))], quantities=quantities,
    )


def q(aid: str, text: str, figure: str, value: float, keys: list[str], **fields) -> Quantity:
    start = text.index(figure)
    fields = {"kind": "people", "names": ["ORG:eu"], **fields}
    return Quantity(article=aid, start=start, end=start + len(figure), text=figure, value=value,
                    about=keys[0], keys=keys, **fields)


def test_disagreeing_figures_across_articles_but_not_across_stories():
    ta, tb, tc = "A 2,000-strong EU mission.", "The 1,800-member EU mission.", "An EU mission of 900 staff."
    a = analysis("a", ta, [q("a", ta, "2,000", 2000, ["size:mission", "eu"])])
    b = analysis("b", tb, [q("b", tb, "1,800", 1800, ["size:mission", "eu"]),
                           q("b", tb, "1,800", 1800, ["troop", "eu"])])
    c = analysis("c", tc, [q("c", tc, "900", 900, ["size:mission", "eu"])])
    (found,) = find_discrepancies([a, b, c])
    assert [(v.article, v.value) for v in found.values] == [("a", "2,000"), ("b", "1,800"), ("c", "900")]
    assert found.about == "size of EU mission" and found.values[0].text == ta
    assert found.evidence == "size" and 0 < found.confidence <= 1
    stories = [Story(id="s-a", title="t", articles=["a", "b"]), Story(id="s-c", title="t", articles=["c"])]
    (found,) = find_discrepancies([a, b, c], stories)
    assert {v.article for v in found.values} == {"a", "b"}
    same = analysis("d", ta, [q("d", ta, "2,000", 2000, ["size:mission", "eu"]),
                              q("d", ta, "A", 3, ["size:mission", "eu"])])
    assert find_discrepancies([same]) == []  # one article never disagrees with itself


def tally(aid: str, value: float, bound: str = "exact", place: str = "GPE:cairo", source: str | None = None,
          **fields) -> Quantity:
    source = source if source is not None else {"a": "police", "b": "activists"}.get(aid, aid)
    return Quantity(article=aid, start=0, end=2, text="38", value=value, bound=bound, about="people",
                    kind="people", keys=["people"], event="killed", predicate="kill", names=[place],
                    source=source or None, **fields)


def test_tallies_compare_only_between_named_sources_same_day_same_place_when_both_cannot_be_true():
    def run(*pairs):
        return find_discrepancies([analysis(q.article, "38 people were killed.", [q], day) for q, day in pairs])

    day = "2011-01-29"
    assert len(run((tally("a", 38), day), (tally("b", 45), day))) == 1
    assert run((tally("a", 38, "at_least"), day), (tally("b", 45), day)) == []  # "at least 38" allows 45
    assert len(run((tally("a", 50, "at_least"), day), (tally("b", 45), day))) == 1
    assert run((tally("a", 38), day), (tally("b", 45), "2011-01-30")) == []  # the toll grew
    assert run((tally("a", 38), None), (tally("b", 45), None)) == []  # undated: no window
    assert run((tally("a", 38), day), (tally("b", 45, place="GPE:homs"), day)) == []
    assert run((tally("a", 38), day), (tally("b", 45, hedged=True), day)) == []
    # the same day's tallies nobody names a source for are running totals, repeats or subsets
    assert run((tally("a", 38, source=""), day), (tally("b", 45, source=""), day)) == []
    assert run((tally("a", 38, source="the health ministry"), day), (tally("b", 45, source="the ministry"), day)) == []
    # an article giving both values counts two things, unless two named sources give them
    both = analysis("b", "x", [tally("b", 45, source=""), tally("b", 38, source="")], day)
    assert find_discrepancies([analysis("a", "x", [tally("a", 38)], day), both]) == []
    sides = analysis("b", "x", [tally("b", 5000, source="police"), tally("b", 20000, source="organisers")], day)
    (found,) = find_discrepancies([sides])
    assert [v.value for v in found.values] == ["5,000", "20,000"]


def test_a_figure_is_given_by_the_subject_of_the_reporting_verb_above_it(nlp):
    text = "Police said 5,000 protesters gathered in Cairo, while organisers said 20,000 marched in Cairo."
    doc = nlp(text)
    from storyline.quotes import find_quotes

    found = {q.value: q for q in find_quantities(doc, "x", find_quotes(doc, "x"))}
    assert (found[5000].source, found[20000].source) == ("police", "organisers")
    assert found[5000].event == found[20000].event == "protested"
    (toll,) = find_quantities(nlp("At least 38 people were killed in Cairo, according to the health ministry."), "x")
    assert toll.source == "the health ministry"


def test_polls_compare_only_within_one_poll():
    def share(aid, value, poll, names):
        return Quantity(article=aid, start=0, end=2, text="49", value=value, about="voters", kind="share",
                        keys=["percent:voter:support"], poll=poll, names=names)

    names = ["GPE:iowa", "PERSON:clinton"]
    a, b = share("a", 49, "gallup", names), share("b", 41, "gallup", names)
    assert len(find_discrepancies([analysis("a", "x", [a]), analysis("b", "x", [b])])) == 1
    for other in (share("b", 41, "cnn", names), share("b", 41, "", names), share("b", 41, "gallup", names[:1])):
        assert find_discrepancies([analysis("a", "x", [a]), analysis("b", "x", [other])]) == []


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
    assert "mission" in found[0].about.lower() and found[0].confidence is not None


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
