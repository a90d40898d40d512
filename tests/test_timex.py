"""Temporal expressions: detection, TimeML extents, and TIMEX3 values resolved by tense."""

from __future__ import annotations

import pytest
from conftest import load_bench

from storyline.timex import find_dates, parse_published
from storyline.timex.calendar import month_day_date, weekday_date, weekend_value


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


# --- calendar helpers ------------------------------------------------------------------


def test_calendar_helpers():
    wednesday = parse_published("2023-05-31")
    assert wednesday is not None
    assert weekday_date(wednesday, 3, -1).isoformat() == "2023-05-31"
    assert weekday_date(wednesday, 3, -1, strict=True).isoformat() == "2023-05-24"
    assert weekday_date(wednesday, 4, 0).isoformat() == "2023-06-01"
    assert weekend_value(wednesday, 1) == "2023-W22-WE"
    assert month_day_date(wednesday, 2, 30, 0) is None
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
