"""Plain-text files: cleaned as pages only on evidence; tables survive even the page cleaner.

All texts here are made up for the tests (fictional teams and places), in the shape of wire
copy (headline, dateline, sentences, results tables) and of flattened web pages.
"""

from __future__ import annotations

import pytest
from test_clean import BODY, assert_round_trip

from storyline.cleaning import CleanedText, clean_text
from storyline.cleaning.classify import page_evidence
from storyline.cleaning.units import split_units

WIRE = [
    "SOCCER - NORTHGATE HOLD HARBOUR CITY TO GOALLESS DRAW .",
    "PORTVILLE 1997-03-14",
    "Northgate held league leaders Harbour City to a goalless draw on Saturday , ending the visitors ' run of six straight wins .",
    "The result leaves Harbour City two points clear of Riverton at the top of the table .",
    "Results of first division matches on Saturday :",
    "Northgate 0 Harbour City 0",
    "Riverton 3 Kingsbridge 1",
    "Eastwick 2 Ashford Town 2",
    "Standings ( tabulate under played , won , drawn , lost , goals for , against , points ) :",
    "Harbour City 20 14 3 3 41 18 45",
    "Riverton 20 13 4 3 38 20 43",
    "Kingsbridge 20 9 5 6 30 27 32",
]
WIRE_TABLE_IN_BODY = [
    "CRICKET - RIVERTON COLLAPSE ON OPENING DAY .",
    "ASHFORD 1997-01-09",
    "Riverton were bowled out for 212 on the opening day of the four-day match against Harbour City on Thursday .",
    "Riverton 212 ( J. Marsh 64 , T. Okafor 41 )",
    "Harbour City 18 for no wicket",
    "P. Lind Vance Ostrow Kell Brennan 5-40",
    "The home side will resume on Friday needing another 195 runs to take the lead .",
]
TENNIS_TAIL = [
    "TENNIS - LIND BEATS AAS IN PORTVILLE OPEN FIRST ROUND .",
    "PORTVILLE 1997-02-11",
    "Fourth seed Petra Lind beat Kari Aas in straight sets in the first round of the Portville Open on Tuesday .",
    "First round results :",
    "Petra Lind ( Norway ) beat Kari Aas ( Norway ) 6-3 6-4",
    "Maria Ostrow ( Poland ) beat Ines Kell ( Germany ) 7-5 3-6 6-2",
    "Dana Vance ( Canada ) beat Lea Brennan ( Ireland ) 6-1 6-1",
]


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def _kept_all(result: CleanedText, lines: list[str]) -> bool:
    return all(line in result.text.split("\n\n") for line in lines)


# --- the decision -------------------------------------------------------------------------


@pytest.mark.parametrize("lines", [WIRE, WIRE_TABLE_IN_BODY, TENNIS_TAIL])
def test_wire_story_is_read_as_a_body(lines):
    raw = _text(lines)
    result = clean_text(raw, as_page=None)
    assert not result.page
    assert result.removed == []
    assert result.text == "\n\n".join(lines)  # headline, dateline and tables kept
    assert result.title == lines[0]
    assert_round_trip(raw, result)


def test_article_saved_as_text_keeps_its_headline_and_reads_its_date():
    raw = _text(["Harbour bridge to close for six months after cracks found", "Published 3 June 2023", *BODY])
    result = clean_text(raw, as_page=None)
    assert not result.page
    assert result.text.startswith("Harbour bridge to close")
    assert result.title == "Harbour bridge to close for six months after cracks found"
    assert result.published == "2023-06-03"


@pytest.mark.parametrize(
    ("header", "tail", "kind"),
    [
        (["Skip to main content", "Harbour bridge to close for six months"], [], "navigation"),
        (["Harbour bridge to close for six months"], ["Accept all cookies"], "boilerplate"),
        (["Harbour bridge to close for six months",
          "Workers inspect the bridge supports on Monday. Photo: Jane Roe"], [], "image caption"),
        (["Harbour bridge to close for six months"], ["Related stories", "Council approves new budget"],
         "teaser header"),
        (["News Harbour bridge to close for six months", "Harbour bridge to close for six months"], [],
         "repeated headline"),
        (["World", "Business", "Technology", "Culture", "Harbour bridge to close for six months"], [],
         "link list"),
    ],
)
def test_flattened_page_shows_itself(header, tail, kind):
    raw = _text(header + BODY + tail)
    found = page_evidence(split_units(raw))
    assert found is not None and found[1] == kind
    auto = clean_text(raw, as_page=None)
    assert auto.page and auto == clean_text(raw, as_page=True)
    assert auto.text.split("\n\n") == BODY


def test_no_evidence_from_broken_lines_or_agency_names():
    # A hard-wrapped sentence broken into short lines, and a sentence naming a poll agency.
    lines = [
        "Poll shows tight race in the north",
        "Editor's note: the survey was",
        "conducted",
        "by telephone over three days, with a margin of error of three points,",
        "The latest Reuters/Ipsos poll released on Friday shows the two candidates level in the region.",
        *BODY,
    ]
    assert page_evidence(split_units(_text(lines))) is None


def test_always_keeps_the_page_cleaner():
    headline = "Harbour bridge to close for six months after cracks found"
    result = clean_text(_text([headline, *BODY]), as_page=True)
    assert result.page
    assert result.title == headline and headline not in result.text


# --- tables in page mode --------------------------------------------------------------------


def _rows(lines: list[str]) -> list[str]:
    return [line for line in lines if any(c.isdigit() for c in line) and not line.endswith((".", ":"))][1:]


@pytest.mark.parametrize("lines", [WIRE, WIRE_TABLE_IN_BODY, TENNIS_TAIL])
def test_page_cleaner_keeps_table_rows(lines):
    raw = _text(lines)
    result = clean_text(raw, as_page=True)
    assert _kept_all(result, _rows(lines)), [r for r in result.removed]
    assert not {r.reason for r in result.removed} & {"navigation row", "link list", "after body"}
    assert_round_trip(raw, result)


def test_teasers_and_stray_figures_after_the_body_still_cut():
    tail = ["Storm kills 12 in coastal towns", "Council approves new budget", "5 hours ago"]
    result = clean_text(_text(["Harbour bridge to close for six months after cracks found", *BODY, *tail]))
    assert result.text.split("\n\n") == BODY


def test_table_after_teaser_header_is_teaser_chrome():
    tail = ["Most read", "Harbour City 20 14 3 3 41 18 45", "Riverton 20 13 4 3 38 20 43"]
    result = clean_text(_text(["Harbour bridge to close for six months after cracks found", *BODY, *tail]))
    assert result.text.split("\n\n") == BODY


def test_link_rows_of_words_still_cut_inside_the_body():
    body = BODY[:3] + ["World | Business | Sport | Culture", "Markets Economy Technology Science Health Culture"] + BODY[3:]
    result = clean_text(_text(["Harbour bridge to close for six months after cracks found", *body]))
    assert result.text.split("\n\n") == BODY


def test_decision_is_deterministic_and_cheap():
    raw = _text((WIRE + BODY) * 400)
    assert clean_text(raw, as_page=None) == clean_text(raw, as_page=None)


# --- the seed pages -------------------------------------------------------------------------


def test_seed_pages_with_chrome_are_cleaned_as_before(seed_texts):
    """What the page cleaner cut from the seed pages with chrome stays cut under auto."""
    for name, raw in seed_texts.items():
        auto = clean_text(raw, as_page=None)
        if auto.page:
            assert auto == clean_text(raw, as_page=True), name
        else:  # an article saved as text: only its headline was ever cut, now kept
            page = clean_text(raw, as_page=True)
            assert [r.reason for r in page.removed] == ["title"], name
            assert auto.title == page.title and auto.text.startswith(page.title), name
    assert sum(clean_text(raw, as_page=None).page for raw in seed_texts.values()) == len(seed_texts) - 1
