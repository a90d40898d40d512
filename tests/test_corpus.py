"""Linking quotes and events to entities; one event with many reports."""

from storyline.corpus import merge_events
from storyline.model import Article, Event, Span


def event(article: str, type_: str = "MOBILIZE", source: str | None = "NATO", date: str | None = "2023-05-30", **kw) -> Event:
    return Event(
        id=f"{article}:e1", article=article, start=0, end=10, text="x" * 10, type=type_,
        source_code=source, date=date, reports=[Span(article=article, start=0, end=10)], **kw,
    )


ARTICLES = {a: Article(id=a, path=a, text="x", published=p) for a, p in
            [("a", "2023-05-30"), ("b", "2023-05-31"), ("c", "2023-06-20")]}


def test_reports_of_one_event_become_one_event_with_every_report():
    merged = merge_events([event("b", date="2023-05-31"), event("a")], ARTICLES)
    assert len(merged) == 1
    assert merged[0].article == "a"  # the earliest report is kept
    assert [r.article for r in merged[0].reports] == ["a", "b"]


def test_different_days_types_or_actors_stay_apart():
    assert len(merge_events([event("a"), event("c", date="2023-06-20")], ARTICLES)) == 2
    assert len(merge_events([event("a"), event("b", type_="PROTEST")], ARTICLES)) == 2
    assert len(merge_events([event("a"), event("b", source="SRB")], ARTICLES)) == 2


def test_events_without_actors_are_never_merged():
    assert len(merge_events([event("a", source=None), event("b", source=None)], ARTICLES)) == 2


def test_negated_event_is_not_the_event():
    assert len(merge_events([event("a"), event("b", negated=True)], ARTICLES)) == 2


def test_a_year_holds_the_finer_dates_of_the_same_event():
    assert len(merge_events([event("a", date="2008"), event("b", date="2008-WXX-7")], ARTICLES)) == 1
    assert len(merge_events([event("a", date="2008"), event("b", date="2009-WXX-7")], ARTICLES)) == 2
    assert len(merge_events([event("a", date="2008-WXX-6"), event("b", date="2008-WXX-7")],
                            ARTICLES)) == 2
