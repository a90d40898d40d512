"""Timeline: salient days the sources agree on, each told by its most central sentence; and
the scorer of bench/timeline_t17.py on textbook cases."""

from __future__ import annotations

import pytest
from conftest import load_bench

from storyline.model import Article, ArticleAnalysis, DateMention, Event, Sentence, Span, Story
from storyline.timeline import build_timeline, story_timeline, timeline_size

S1 = "Protesters gathered outside parliament on Monday and police blocked the main square."
S2 = "Police blocked the square on Monday as protesters gathered outside parliament."
S3 = "The minister resigned on Tuesday after the protests spread to other cities."
LEAD = "Thousands of people marched through the capital in the largest protest in years."
MONDAY, TUESDAY = "2020-03-02", "2020-03-03"


def make(aid: str, sentences: list[tuple[str, str, str | None]], published: str = "2020-03-04") -> ArticleAnalysis:
    """`sentences`: (text, date word, resolved value or None)."""
    text, spans, dates = "", [], []
    for sentence, word, value in sentences:
        start = len(text)
        spans.append(Sentence(start=start, end=start + len(sentence)))
        if value:
            at = start + sentence.index(word)
            dates.append(DateMention(article=aid, start=at, end=at + len(word), text=word, type="DATE", value=value))
        text += sentence + " "
    article = Article(id=aid, path=aid, text=text, published=published)
    return ArticleAnalysis(article=article, sentences=spans, dates=dates)


A = make("a", [(S1, "Monday", MONDAY), (S3, "Tuesday", TUESDAY)], published="2020-03-04")
WEEK = "Nobody knows what happens next week."
B = make("b", [(S2, "Monday", MONDAY), (WEEK, "week", "2020-W11")], published="2020-03-05")
STORY = Story(id="s-a", title="Protests", articles=["a", "b"])


def event_on(analysis: ArticleAnalysis, sentence: str, eid: str, day: str, source: str = "text") -> Event:
    start = analysis.article.text.index(sentence)
    span = Span(article=analysis.article.id, start=start, end=start + len(sentence))
    return Event(id=eid, type="PROTEST", article=analysis.article.id, start=start, end=span.end, text=sentence,
                 date=day, date_source=source, reports=[span])


# --- date selection ---------------------------------------------------------------------------


def test_one_entry_per_day_citing_every_article_behind_it():
    entries = build_timeline([STORY], [], [A, B])
    assert [e.date for e in entries] == [MONDAY, TUESDAY, "2020-03-04", "2020-03-05"]  # the week is no day
    monday = entries[0]
    assert {s.article for s in monday.sources} == {"a", "b"} and monday.story == "s-a"
    assert monday.text in {S1, S2}


def test_days_the_sources_agree_on_come_before_busier_single_source_days():
    talks = "The talks continued on Friday and ended late in the night, round {}."
    friday = [(talks.format(n), "Friday", "2020-03-06") for n in range(3)]
    c = make("c", friday, published="2020-03-08")
    assert [s.day for s in story_timeline([A, B, c], max_dates=1)] == [MONDAY]  # 2 articles beat 3 sentences
    assert [s.day for s in story_timeline([A, B, c], max_dates=2)] == [MONDAY, "2020-03-06"]


def test_a_single_article_story_needs_no_agreement():
    entries = build_timeline([Story(id="s", title="P", articles=["a"])], [], [A])
    assert [e.date for e in entries] == [MONDAY, TUESDAY, "2020-03-04"]


def test_references_from_other_articles_count_with_the_publication_day():
    # c is published on Monday; d, two days later, refers back to Monday.
    c = make("c", [(LEAD, "", None)], published=MONDAY)
    d = make("d", [(S1, "Monday", MONDAY)], published="2020-03-04")
    entry = build_timeline([Story(id="s", title="P", articles=["c", "d"])], [], [c, d])[0]
    assert entry.date == MONDAY and {s.article for s in entry.sources} == {"c", "d"}
    assert entry.text == S1  # a sentence naming the day tells it before a lead


def test_most_salient_days_are_kept_ties_to_the_earlier_day():
    c = make("c", [(S3, "Tuesday", TUESDAY)], published="2020-03-09")
    d = make("d", [(S2, "Monday", MONDAY)], published="2020-03-10")
    analyses = [A, B, c, d]
    assert [s.day for s in story_timeline(analyses, max_dates=1)] == [MONDAY]  # 3 sentences vs 2
    e = make("e", [(S3, "Tuesday", TUESDAY)], published="2020-03-11")
    # Monday and Tuesday both have three sentences now: the earlier day wins the tie.
    assert [s.day for s in story_timeline([*analyses, e], max_dates=1)] == [MONDAY]
    assert [s.day for s in story_timeline([*analyses, e], max_dates=2)] == [MONDAY, TUESDAY]


def test_a_day_only_publication_supports_is_told_by_a_lead():
    c = make("c", [(LEAD, "", None)], published="2020-03-07")
    d = make("d", [(LEAD.replace("Thousands", "Hundreds"), "", None)], published="2020-03-07")
    [entry] = story_timeline([c, d])
    assert entry.day == "2020-03-07" and entry.sentences[0].text == LEAD
    assert [s.article for s in entry.sources] == ["c", "d"]


def test_window_keeps_days_inside_it():
    days = [s.day for s in story_timeline([A], window=(TUESDAY, "2020-03-31"))]
    assert days == [TUESDAY, "2020-03-04"]


def test_timeline_size_grows_slowly_with_the_story():
    sizes = [timeline_size(n) for n in (1, 5, 25, 100, 10_000)]
    assert sizes == sorted(sizes) and sizes[0] >= 3 and sizes[-1] <= 40


# --- day summaries ------------------------------------------------------------------------------


def test_the_most_central_sentence_tells_the_day_and_repeats_are_skipped():
    off = "On Monday the weather in the north was cold and windy with light snow expected."
    c = make("c", [(off, "Monday", MONDAY)], published="2020-03-06")
    c2 = make("c2", [(S1.replace("main", "central"), "Monday", MONDAY)], published="2020-03-06")
    [day] = story_timeline([A, B, c, c2], max_dates=1, per_date=2)
    assert day.sentences[0].text in {S1, S2, S1.replace("main", "central")}
    assert [s.text for s in day.sentences][1] == off  # the near-repeats of the first are skipped


def test_articles_reporting_the_day_tell_it_before_later_ones_recalling_it():
    recalled = "Months ago, on March 2, protesters gathered outside parliament as police blocked the square."
    late = make("0late", [(recalled, "March 2", MONDAY)], published="2020-06-01")
    [day] = story_timeline([late, A], max_dates=1)
    assert day.day == MONDAY and day.sentences[0].text == S1
    assert {s.article for s in day.sources} == {"0late", "a"}  # still cited


def test_sources_are_every_sentence_naming_the_day_headlines_included():
    headline = "MONDAY MARCH 2"
    c = make("c", [(headline, "MONDAY", MONDAY)], published="2020-03-06")
    [entry] = [e for e in build_timeline([Story(id="s", title="P", articles=["a", "b", "c"])], [], [A, B, c])
               if e.date == MONDAY]
    cited = {(s.article, A.article.text[s.start : s.end] if s.article == "a" else None) for s in entry.sources}
    assert ("a", S1) in cited and {s.article for s in entry.sources} == {"a", "b", "c"}
    assert entry.text != headline  # cited, but no headline tells a day
    texts = {"a": A.article.text, "b": B.article.text, "c": c.article.text}
    assert all(texts[s.article][s.start : s.end].strip() for s in entry.sources)


def test_events_join_their_day_and_lift_their_sentence():
    event = event_on(B, S2, "ev1", MONDAY)
    undated = event.model_copy(update={"id": "ev2", "date": "2020-03"})
    entries = build_timeline([STORY], [event, undated], [A, B])
    monday = entries[0]
    assert monday.events == ["ev1"] and monday.text == S2
    assert build_timeline([STORY], [undated, event], [B, A]) == entries  # input order is irrelevant


def test_events_dated_only_by_publication_make_no_entry():
    event = event_on(B, S2, "ev3", "2020-03-09", source="published")
    assert all(e.date != "2020-03-09" for e in build_timeline([STORY], [event], [A, B]))


def test_stories_keep_separate_entries_for_the_same_day():
    stories = [Story(id="s-a", title="P", articles=["a"]), Story(id="s-b", title="Other", articles=["b"])]
    entries = build_timeline(stories, [], [A, B])
    assert (MONDAY, "s-a") in [(e.date, e.story) for e in entries]
    assert (MONDAY, "s-b") in [(e.date, e.story) for e in entries]
    assert all(s.article == "a" for e in entries if e.story == "s-a" for s in e.sources)


# --- the benchmark's scorer ----------------------------------------------------------------------

bench = load_bench("timeline_t17.py", "timeline_t17_bench")
REFERENCE = {
    "2011-01-25": ["Protesters fill Tahrir Square demanding the president resign ."],
    "2011-02-11": ["Mubarak steps down and hands power to the army ."],
}


def test_identical_timelines_score_one():
    s = bench.score(REFERENCE, REFERENCE)
    assert (s.align, s.concat, s.agree, s.date) == pytest.approx((1.0, 1.0, 1.0, 1.0))


def test_disjoint_timelines_score_zero():
    system = {"2012-06-01": ["Elections were held in June ."]}
    s = bench.score(system, REFERENCE)
    assert (s.align, s.concat, s.agree, s.date) == (0.0, 0.0, 0.0, 0.0)


def test_a_day_off_halves_the_aligned_words():
    """One day off: concat is perfect, dates and same-day agreement score 0, and each aligned
    unigram counts 1/(1+1)."""
    reference = {"2011-02-11": REFERENCE["2011-02-11"]}
    system = {"2011-02-12": REFERENCE["2011-02-11"]}
    s = bench.score(system, reference)
    assert (s.concat, s.agree, s.date) == (1.0, 0.0, 0.0)
    assert s.align == pytest.approx(0.5)


def test_date_f1_counts_shared_days():
    system = {"2011-01-25": ["x"], "2011-03-01": ["y"], "2011-03-02": ["z"]}
    prf = bench.date_prf(system, REFERENCE)
    assert (prf.precision, prf.recall) == pytest.approx((1 / 3, 1 / 2))
    assert prf.f1 == pytest.approx(0.4)


def test_budget_is_the_references_span_and_size():
    budget = bench.Budget.of({"2011-01-25": ["a .", "b .", "c ."], "2011-02-11": ["d ."], "2011-01-28": ["e ."]})
    assert (budget.first, budget.last, budget.dates, budget.sentences) == ("2011-01-25", "2011-02-11", 3, 2)


def test_detokenise_undoes_ptb_tokens():
    text = "-LRB- CNN -RRB- -- Mubarak , 82 , said `` no '' and did n't go ."
    assert bench.detokenise(text) == "(CNN) -- Mubarak, 82, said \" no \" and didn't go."
