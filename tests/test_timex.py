"""Temporal expressions: detection, TimeML extents, and TIMEX3 values resolved by tense."""

from __future__ import annotations

import pytest
from conftest import load_bench

from storyline.timex import find_dates, parse_published
from storyline.timex.calendar import month_day_date, shift_period, weekday_date, weekend_value, within
from storyline.timex.holidays import holiday_date


def dates(nlp, text: str, published: str | None) -> dict[str, tuple[str, str]]:
    """{surface text: (type, value)}, checking offsets and order on the way."""
    doc = nlp(text)
    found = find_dates(doc, "a1", published)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert doc.text[m.start : m.end] == m.text
        assert m.article == "a1"
    return {m.text: (m.type, m.value) for m in found}


# --- the brief's sentences ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "sentence", "expected"),
    [
        ("2008-02-15", "Earlier on Thursday, Putin dismissed claims of interference.", {"Thursday": "2008-02-14"}),
        ("2008-02-21", "Serbians were to protest in Belgrade on Thursday.", {"Thursday": "2008-02-21"}),
        ("2008-02-20", "Kosovo's declaration of independence at the weekend is a violation of law.", {"the weekend": "2008-W07-WE"}),
        ("2023-05-31", "On Monday, ethnic Serbs tried to storm municipal offices.", {"Monday": "2023-05-29"}),
        ("2023-05-31", "The two leaders will meet on Thursday.", {"Thursday": "2023-06-01"}),
    ],
)
def test_relative_days_follow_the_tense(nlp, published, sentence, expected):
    found = dates(nlp, sentence, published)
    assert {text: value for text, (_, value) in found.items()} == expected


def test_same_weekday_in_past_and_future(nlp):
    # Published on a Wednesday: the past "Wednesday" is that day; "next Wednesday" is a week on.
    found = dates(nlp, "Police said on Wednesday the court will rule next Wednesday.", "2023-05-31")
    assert found["Wednesday"] == ("DATE", "2023-05-31")
    assert found["next Wednesday"] == ("DATE", "2023-06-07")


def test_date_on_a_noun_ignores_the_sentence_tense(nlp):
    # "the clashes on Monday" dates the clashes, not the future sending.
    found = dates(nlp, "Nato said it will send more troops after the clashes on Monday.", "2023-05-31")
    assert found["Monday"] == ("DATE", "2023-05-29")


def test_future_markers_from_the_parse(nlp):
    assert dates(nlp, "The rally is due to start on Friday.", "2008-02-20")["Friday"][1] == "2008-02-22"
    assert dates(nlp, "He plans to visit Belgrade on Monday.", "2008-02-20")["Monday"][1] == "2008-02-25"
    assert dates(nlp, "He visited Belgrade on Monday.", "2008-02-20")["Monday"][1] == "2008-02-18"


# --- categories ----------------------------------------------------------------------------


def test_calendar_dates_months_and_years(nlp):
    found = dates(
        nlp,
        "Kosovo declared independence on February 17 and Serbia answered on 17 Feb 2008. "
        "The 1998-1999 war ended in the 1990s; the report is dated 2008-02-17.",
        "2008-02-20",
    )
    assert found["February 17"] == ("DATE", "2008-02-17")
    assert found["17 Feb 2008"] == ("DATE", "2008-02-17")
    assert found["1998"] == ("DATE", "1998") and found["1999"] == ("DATE", "1999")
    assert found["the 1990s"] == ("DATE", "199")
    assert found["2008-02-17"] == ("DATE", "2008-02-17")


def test_month_without_year_leans_with_the_tense(nlp):
    assert dates(nlp, "Troops arrived in November.", "2008-02-15")["November"] == ("DATE", "2007-11")
    assert dates(nlp, "The mission will deploy in June.", "2008-02-15")["June"] == ("DATE", "2008-06")


def test_deictic_words_and_relative_periods(nlp):
    found = dates(
        nlp,
        "Talks failed yesterday, resumed today and end tomorrow. Violence flared last week, "
        "and earlier this month the envoy left; he returns next week.",
        "2008-02-20",
    )
    assert found["yesterday"] == ("DATE", "2008-02-19")
    assert found["today"] == ("DATE", "2008-02-20")
    assert found["tomorrow"] == ("DATE", "2008-02-21")
    assert found["last week"] == ("DATE", "2008-W07")
    assert found["earlier this month"] == ("DATE", "2008-02")
    assert found["next week"] == ("DATE", "2008-W09")


def test_clock_times_and_parts_of_day(nlp):
    found = dates(
        nlp,
        "The session is due to begin 5:00 pm (1600 GMT). The capital was calm as of late "
        "Wednesday morning.",
        "2023-05-31",
    )
    assert found["5:00 pm"] == ("TIME", "2023-05-31T17:00")
    assert found["1600 GMT"] == ("TIME", "2023-05-31T16:00")
    assert found["late Wednesday morning"] == ("TIME", "2023-05-31TMO")


def test_date_line_joins_day_and_clock(nlp):
    found = dates(nlp, "Last Updated: Friday, 15 February 2008, 00:27 GMT", None)
    assert found == {"Friday, 15 February 2008, 00:27 GMT": ("TIME", "2008-02-15T00:27")}


def test_durations(nlp):
    found = dates(
        nlp,
        "The siege lasted four months, after a two-day summit and 15 years of talks "
        "over the past three months.",
        "2008-02-20",
    )
    assert found["four months"] == ("DURATION", "P4M")
    assert found["two-day"] == ("DURATION", "P2D")
    assert found["15 years"] == ("DURATION", "P15Y")
    assert found["the past three months"] == ("DURATION", "P3M")


def test_sets(nlp):
    found = dates(nlp, "Patrols run every week, reports arrive daily and elections are held annually.", "2008-02-20")
    assert found == {"every week": ("SET", "P1W"), "daily": ("SET", "P1D"), "annually": ("SET", "P1Y")}


def test_present_past_and_future_references(nlp):
    found = dates(
        nlp,
        "Troops are now in the north and currently patrol it; violence recently rose and "
        "they will stay for the foreseeable future.",
        "2008-02-20",
    )
    assert found["now"] == ("DATE", "PRESENT_REF")
    assert found["currently"] == ("DATE", "PRESENT_REF")
    assert found["recently"] == ("DATE", "PAST_REF")
    assert found["the foreseeable future"] == ("DATE", "FUTURE_REF")


def test_unresolvable_without_publication_date(nlp):
    found = dates(
        nlp,
        "The vote came on February 17, protests followed on Thursday and at the weekend, "
        "and more are planned for June.",
        None,
    )
    assert found["February 17"] == ("DATE", "XXXX-02-17")
    assert found["Thursday"] == ("DATE", "XXXX-WXX-4")
    assert found["the weekend"] == ("DATE", "XXXX-WXX-WE")
    assert found["June"] == ("DATE", "XXXX-06")


def test_numbers_and_names_are_not_dates(nlp):
    found = dates(nlp, "Nato sent 2000 troops and 1,500 police officers. Theresa May spoke.", "2008-02-20")
    assert found == {}


# --- rules added for TempEval-3 phenomena ----------------------------------------------


def _values(nlp, text: str, published: str | None) -> dict[str, str]:
    return {text: value for text, (_, value) in dates(nlp, text, published).items()}


def test_weekday_of_unknown_tense_is_the_past_one_unless_tomorrow(nlp):
    # Published on Monday: "Thursday's closing price" is last Thursday, not the coming one.
    assert _values(nlp, "The premium is 24% over Thursday's closing price.", "1989-10-30")["Thursday"] == "1989-10-26"
    # Published on Wednesday: Thursday is tomorrow.
    assert _values(nlp, "Thursday's vote is close.", "2023-05-31")["Thursday"] == "2023-06-01"


def test_planned_and_postponed_events_lie_ahead(nlp):
    assert _values(nlp, "The prosecutor has scheduled a news conference Thursday.", "1999-05-05")["Thursday"] == "1999-05-06"
    assert _values(nlp, "Officials postponed until Tuesday any action on the permit.", "2000-03-30")["Tuesday"] == "2000-04-04"
    # A plan told in the past may lie either side: the tense no longer decides.
    assert _values(nlp, "Protesters planned a large demonstration on Saturday.", "2000-01-07")["Saturday"] == "2000-01-08"
    found = _values(nlp, "The offer had been scheduled to expire at midnight Friday.", "1989-10-30")
    assert found["midnight Friday"] == "1989-10-27T24:00"


def test_month_against_the_tense_counts_three_times_as_far(nlp):
    # Past tense, published in October: January nine months back beats January three ahead.
    assert _values(nlp, "The company hired a new chief in January.", "1989-10-27")["January"] == "1989-01"
    # A near date still wins against a past verb ("was extended to" a coming day).
    assert _values(nlp, "The offer was extended to Nov. 16.", "1989-10-30")["Nov. 16"] == "1989-11-16"


def test_reporting_periods_of_earnings_news(nlp):
    found = _values(
        nlp,
        "Sales in the latest period rose from the year-ago period. The 1988 quarter was weak, and "
        "the 1988 third quarter too. Net fell from the corresponding period last year.",
        "1989-10-26",
    )
    assert found["the latest period"] == "1989-Q3"
    assert found["the year-ago period"] == "1988-Q3"
    assert found["The 1988 quarter"] == "1988-Q3"
    assert found["the 1988 third quarter"] == "1988-Q3"
    assert found["the corresponding period last year"] == "1988-Q3"
    assert "the period" not in _values(nlp, "The waiting period ended and the period of calm began.", "1989-10-26")


def test_year_earlier_adjective_follows_the_period_in_focus(nlp):
    found = dates(nlp, "Third-quarter net fell, compared with a year-earlier loss of $2 million.", "1989-11-02")
    assert found["year-earlier"] == ("DATE", "1988-Q3")
    assert "a year" not in found
    # Once the text speaks of last year, "year-earlier" names that year itself.
    later = _values(nlp, "Last year the company earned $5 million. The year-earlier results were restated.", "1989-10-30")
    assert later["year-earlier"] == "1988"


def test_a_year_ago_keeps_the_quarter_in_focus_but_not_after_a_span(nlp):
    found = _values(nlp, "Third-quarter net rose 5%. Revenue was $5 million a year ago.", "1989-11-02")
    assert found["a year ago"] == "1988-Q3"
    found = _values(
        nlp, "Third-quarter net rose 5%. For the nine months, net rose from $9 million a year earlier.", "1989-11-02"
    )
    assert found["a year earlier"] == "1988"


def test_holidays(nlp):
    assert _values(nlp, "Elian was found on Thanksgiving Day.", "2000-01-07")["Thanksgiving Day"] == "1999-11-25"
    assert _values(nlp, "He was rescued last Thanksgiving.", "2000-02-10")["last Thanksgiving"] == "1999-11-25"
    assert _values(nlp, "Protesters prayed as Easter week began.", "2000-04-17")["Easter week"] == "2000-W16"
    assert _values(nlp, "It will be a theme from now to Election Day.", "1998-10-26")["Election Day"] == "1998-11-03"
    assert _values(nlp, "The shop closed on Christmas 1998.", "2000-01-07")["Christmas 1998"] == "1998-12-25"
    assert holiday_date("Memorial Day", 2000).isoformat() == "2000-05-29"
    assert holiday_date("good friday", 2000).isoformat() == "2000-04-21"


def test_spoken_years(nlp):
    found = _values(
        nlp,
        "Keating was convicted in nineteen ninety-one. January nineteen ninety-seven was cold, "
        "as was the winter of nineteen ninety-four. He promised jobs by the year two thousand.",
        "1998-02-27",
    )
    assert found["nineteen ninety-one"] == "1991"
    assert found["January nineteen ninety-seven"] == "1997-01"
    assert found["the winter of nineteen ninety-four"] == "1994-WI"
    assert found["the year two thousand"] == "2000"


def test_current_and_near_term(nlp):
    found = _values(nlp, "Current market conditions may hurt sales in the current fiscal year and the near term.", "1989-11-02")
    assert found["Current"] == "PRESENT_REF"
    assert found["the current fiscal year"] == "1989"
    assert found["the near term"] == "FUTURE_REF"


def test_anaphoric_periods_count_from_the_date_in_focus(nlp):
    found = _values(nlp, "He was promoted on May 22, 1995, and the following year he moved to Washington.", "1998-04-18")
    assert found["the following year"] == "1996"
    found = _values(nlp, "He fled in June 1998 and returned later that year.", "2000-01-28")
    assert found["later that year"] == "1998"
    found = _values(nlp, "He was shot last October. The site was shut that same day.", "1999-02-06")
    assert found["that same day"] == "1998-10-XX"


def test_the_year_is_this_year_or_a_fiscal_span(nlp):
    assert dates(nlp, "For the year, volume was flat.", "1989-10-30")["the year"] == ("DATE", "1989")
    found = dates(nlp, "Revenue was $76 million for the year ended March 31.", "1989-10-30")
    assert found["the year"] == ("DURATION", "P1Y")


def test_days_later_is_a_duration_but_a_year_earlier_a_date(nlp):
    found = dates(nlp, "Three days later, the index closed higher. Profit doubled from a year earlier.", "1989-10-30")
    assert found["Three days"] == ("DURATION", "P3D")
    assert found["a year earlier"] == ("DATE", "1988")
    assert dates(nlp, "A day earlier, trucks crossed the border.", "1990-08-16")["A day"] == ("DURATION", "P1D")


def test_seasons_after_temporal_prepositions(nlp):
    found = _values(nlp, "Demand stayed weak well into the summer.", "1989-10-26")
    assert found["the summer"] == "1989-SU"
    assert _values(nlp, "He wrote a book about the fall of the Berlin Wall.", "1989-11-20") == {}


def test_trading_days_and_hours_in_the_morning(nlp):
    found = dates(nlp, "Eight trading days passed. The father will leave at 4 in the morning.", "2000-04-05")
    assert found["Eight trading days"] == ("DURATION", "P8D")
    assert found["4 in the morning"][1].endswith("T04:00")


def test_the_past_unit_is_the_previous_period(nlp):
    found = _values(nlp, "Hate groups grew over the past year, reversing the last decade.", "1998-03-03")
    assert found["the past year"] == "1997"
    assert found["the last decade"] == "198"


def test_a_date_within_a_part_of_day_takes_the_verb_tense(nlp):
    # "the night of Oct. 23" dates the shooting as "Oct. 23" would: the past one.
    found = _values(nlp, "The doctor was shot to death on the night of Oct. 23 in his home.", "1999-05-05")
    assert found["Oct. 23"] == "1998-10-23"


def test_deadlines_lie_ahead_of_a_past_verb(nlp):
    found = _values(nlp, "The bank created a new office of the chairman, effective Feb. 1.", "1989-10-26")
    assert found["Feb. 1"] == "1990-02-01"
    found = _values(nlp, "The airline will double its flights between the two cities by August.", "1998-02-13")
    assert found["August"] == "1998-08"


def test_an_adjective_governor_is_told_by_its_copula(nlp):
    # "had been due to expire": a plan told in the past, so the weekday may be the past one.
    found = _values(nlp, "The offer was extended. It had been due to expire Friday evening.", "1989-10-30")
    assert found["Friday evening"] == "1989-10-27TEV"


def test_last_and_next_before_a_month_and_day(nlp):
    found = _values(nlp, "He was shot last Oct. 23 at his home; the trial opens next May 3.", "1999-04-19")
    assert found["last Oct. 23"] == "1998-10-23"
    assert found["next May 3"] == "1999-05-03"


def test_spoken_days_of_the_month(nlp):
    found = _values(nlp, "Women's Day is on March eighth; the vote is on the twenty-first of March.", "1998-03-05")
    assert found["March eighth"] == "1998-03-08"
    assert found["the twenty-first of March"] == "1998-03-21"


def test_fractions_ordinals_and_titles_are_no_spans(nlp):
    found = _values(
        nlp,
        "Iraq imports about three-quarters of its food and a quarter of its fuel. "
        "It will be a second betrayal, she told CBS's ``60 Minutes.'' He paused for a second.",
        "1990-08-15",
    )
    assert found == {"a second": "PT1S"}
    assert "This Week" not in _values(nlp, 'Baker said on ABC\'s "This Week" that talks failed.', "1990-08-13")


def test_mid_parts_of_the_day(nlp):
    found = _values(nlp, "In London at mid-afternoon yesterday, shares were up.", "1989-11-02")
    assert found["mid-afternoon yesterday"] == "1989-11-01TAF"
    assert _values(nlp, "By mid afternoon, officials were saying otherwise.", "1998-03-06") == {
        "mid afternoon": "1998-03-06TAF"
    }


def test_quarter_of_next_year_and_the_week_of_a_date(nlp):
    found = _values(nlp, "The spinoff could be effective as early as next year's first quarter.", "1989-10-31")
    assert found["next year's first quarter"] == "1990-Q1"
    found = _values(nlp, "The case may be resolved in a court hearing the week of March 6.", "2000-02-24")
    assert found["the week of March 6"] == "2000-W10"


# --- calendar helpers ------------------------------------------------------------------


def test_calendar_helpers():
    wednesday = parse_published("2023-05-31")
    assert wednesday is not None
    assert weekday_date(wednesday, 3, -1).isoformat() == "2023-05-31"
    assert weekday_date(wednesday, 3, -1, strict=True).isoformat() == "2023-05-24"
    assert weekday_date(wednesday, 4, 0).isoformat() == "2023-06-01"
    assert weekend_value(wednesday, 1) == "2023-W22-WE"
    assert month_day_date(wednesday, 2, 30, 0) is None
    assert shift_period("1998", 2, "D") is None  # no particular day two days after a year
    assert within("1998-10", "D") == "1998-10-XX" and within("1998", "M") == "1998-XX"
    assert parse_published("2008-02-15T10:00:00") is not None
    assert parse_published("not a date") is None


# --- the TempEval-3 harness ------------------------------------------------------------


def _bench():
    return load_bench("timex_te3.py", "timex_te3")


def test_tempeval3_sample_scores(nlp, datasets):
    bench = _bench()
    paths = sorted((datasets / "tempeval3-tbaq" / "TimeBank").glob("*.tml"))[:12]
    score = bench.Score()
    for path in paths:
        doc = bench.read_tml(path)
        for gold in doc.gold:
            assert doc.text[gold.start : gold.end].strip()
        found = find_dates(nlp(doc.text), doc.name, doc.dct)
        score.add(doc, [bench.Timex(m.start, m.end, m.type, m.value) for m in found])
    figures = score.figures()
    assert figures["relaxed F1"] > 0.8
    assert figures["value F1"] > 0.6


def test_select_keeps_the_longest_non_overlapping_candidates():
    """`_select` (sorted spans and a bisect) keeps what the pairwise check keeps."""
    import random

    from storyline.timex import _select
    from storyline.timex.rules import Found

    rng = random.Random(3)
    for _ in range(300):
        candidates = []
        for n in range(rng.randint(0, 15)):
            start = rng.randint(0, 40)
            candidates.append((start, start + rng.randint(1, 8), Found("DATE", str(n))))
        order = sorted(range(len(candidates)), key=lambda i: (candidates[i][0] - candidates[i][1], i))
        kept = []
        for i in order:
            start, end, _ = candidates[i]
            if all(end <= s or start >= e for s, e, _ in kept):
                kept.append(candidates[i])
        assert _select(candidates) == sorted(kept, key=lambda c: c[0])


def test_dates_read_again_against_another_anchor_are_the_same_as_fresh(nlp):
    """The patterns' matches are kept on the Doc for the readings against other anchors."""
    text = "Talks resumed on Monday, March 3, and a vote is due next week, 10 days later."
    doc = nlp(text)
    first = find_dates(doc, "a", "2008-03-05")
    again = find_dates(doc, "a", "2001-01-03")
    assert find_dates(nlp(text), "a", "2001-01-03") == again
    assert find_dates(doc, "a", "2008-03-05") == first


# --- the case-insensitive search on lower-cased text ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ("Three Years Ago, in the SPRING of 2014, talks stalled; two decades later, on 5/6/2016, "
         "the 1990s were recalled. Every Monday, twice a week, early next month, the past quarter."),
        "Ein Jahr später, im Frühling 2014 — ÉTÉ 2015, three years AGO.",  # cased letters beyond ASCII
        "Talks laſted two years; ſpring 2014, KELVIN and ıdle three weeks ago.",  # letters that fold to ASCII
    ],
)
def test_the_lower_cased_search_finds_exactly_what_the_rules_find(text: str) -> None:
    from storyline.timex import _offsets
    from storyline.timex.rules import RULES

    assert _offsets(text) == [[m.start() for m in rule.pattern.finditer(text)] for rule in RULES]


def test_only_rules_without_case_sensitive_parts_search_lower_cased_text() -> None:
    import re

    from storyline.timex.rules import RULES, caseless_scan, only_ascii_cased

    scanned = {rule.name for rule in RULES if rule.scan is not None}
    assert {"ago", "duration", "year"} <= scanned
    assert not {"month_day", "weekday", "clock"} & scanned  # "(?-i:May)", "(?-i:GMT)"
    assert caseless_scan(re.compile(r"a\x41", re.IGNORECASE)) is None
    assert caseless_scan(re.compile(r"(?P<w>week)s?", re.IGNORECASE)) is not None
    assert caseless_scan(re.compile(r"ſ", re.IGNORECASE)) is None
    assert only_ascii_cased("“Quoted” — €5") and not only_ascii_cased("Été") and not only_ascii_cased("ſ")
