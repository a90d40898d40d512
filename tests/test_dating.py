"""Dating articles that carry no date: publication, day dates, dated events, looked-back years."""

import datetime as dt

from storyline.dating import UNKNOWN, DateRange, estimate, estimate_all, event_years
from storyline.model import Article, ArticleAnalysis, DateMention, Sentence


def make(aid: str, text: str, published: str | None = None, dates=()) -> ArticleAnalysis:
    """`dates` are (surface text, TIMEX3 value) pairs found in `text`."""
    mentions = []
    for surface, value in dates:
        start = text.index(surface)
        mentions.append(DateMention(article=aid, start=start, end=start + len(surface),
                                    text=surface, type="DATE", value=value))
    return ArticleAnalysis(
        article=Article(id=aid, path=aid, text=text, published=published),
        sentences=[Sentence(start=0, end=len(text))],
        dates=mentions,
    )


def test_publication_date_is_an_exact_day():
    assert estimate(make("a", "Text.", "2008-02-15"), {}) == DateRange(
        dt.date(2008, 2, 15), dt.date(2008, 2, 15), exact=True
    )


def test_undated_article_takes_the_median_of_its_day_dates():
    text = "On 3 May and 1 May and 9 May it rained."
    article = make("a", text, None, [("3 May", "2020-05-03"), ("1 May", "2020-05-01"), ("9 May", "2020-05-09")])
    assert estimate(article, {}).earliest == dt.date(2020, 5, 3)


def test_a_year_modifying_an_event_means_a_later_article():
    text = "A former province, Kosovo's 2008 declaration of independence is not recognised."
    article = make("a", text, None, [("2008", "2008")])
    period = estimate(article, {})
    assert period.earliest == dt.date(2009, 1, 1) and period.latest is None and not period.exact


def test_a_plain_year_in_passing_says_nothing():
    text = "Prices rose in 2008 and fell later."
    assert estimate(make("a", text, None, [("2008", "2008")]), {}) == UNKNOWN


def test_an_event_dated_elsewhere_and_reported_as_recent_dates_the_article():
    dated = make("old", "Kosovo's 2008 declaration of independence still divides Europe.")
    recent_text = "Serbs protested against Kosovo's declaration of independence at the weekend."
    recent = make("new", recent_text, None, [("the weekend", "XXXX-WXX-WE")])
    ranges = estimate_all([dated, recent])
    assert ranges["new"] == DateRange(dt.date(2008, 1, 1), dt.date(2008, 12, 31))


def test_the_same_event_without_a_relative_date_is_not_enough():
    years = event_years(["Kosovo's 2008 declaration of independence divides Europe."])
    assert years == {("kosovo", "declaration"): 2008}
    unrelated = make("x", "Kosovo's declaration of independence is debated by scholars.")
    assert estimate(unrelated, years) == UNKNOWN


def test_ranges_measure_the_gap_between_them():
    y2008 = DateRange(dt.date(2008, 1, 1), dt.date(2008, 12, 31))
    after_2008 = DateRange(dt.date(2009, 1, 1), None)
    day = DateRange(dt.date(2008, 2, 15), dt.date(2008, 2, 15), exact=True)
    assert y2008.gap_days(day) == 0
    assert after_2008.gap_days(day) == 365  # a year apart, though only by the year
    assert y2008.gap_days(after_2008) == 365
    assert day.gap_days(DateRange(dt.date(2008, 2, 20), dt.date(2008, 2, 20), exact=True)) == 5
    assert UNKNOWN.gap_days(day) == 0


def test_an_estimated_year_completes_an_event_date():
    from storyline.dating import DateRange, with_estimated_year

    year_2008 = DateRange(dt.date(2008, 1, 1), dt.date(2008, 12, 31))
    assert with_estimated_year("XXXX-WXX-7", year_2008) == "2008-WXX-7"
    assert with_estimated_year(None, year_2008) == "2008"
    assert with_estimated_year("2008-02-17", year_2008) is None  # already a date
    day = DateRange(dt.date(2008, 2, 15), dt.date(2008, 2, 15), exact=True)
    assert with_estimated_year(None, day) is None  # a dated article dates its own events
    assert with_estimated_year(None, DateRange(dt.date(2009, 1, 1), None)) is None


def test_weekdays_of_an_undated_article_follow_its_storys_latest_dated_article():
    from storyline.dating import story_weekdays
    from storyline.model import Story

    dated = ArticleAnalysis(article=Article(id="a", path="a", text="x", published="2008-02-15"))
    text = "Russia denounced it Sunday. Serbs will protest on Friday. Putin spoke Friday."
    undated = ArticleAnalysis(article=Article(id="b", path="b", text=text), dates=[
        DateMention(article="b", start=20, end=26, text="Sunday", type="DATE", value="XXXX-WXX-7",
                    direction="past"),
        DateMention(article="b", start=50, end=56, text="Friday", type="DATE", value="XXXX-WXX-5",
                    direction="future"),
        DateMention(article="b", start=70, end=76, text="Friday", type="DATE", value="XXXX-WXX-5",
                    direction="past"),
    ])
    periods = estimate_all([dated, undated])
    placed = story_weekdays([dated, undated], [Story(id="s", title="t", articles=["a", "b"])], periods)
    assert placed == {("b", 20): "2008-02-17", ("b", 50): "2008-02-22", ("b", 70): "2008-02-15"}
    assert story_weekdays([dated, undated], [Story(id="s", title="t", articles=["b"])], periods) == {}
