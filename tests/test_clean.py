"""Tests for plain-text cleaning: seeds (chrome out, body in, metadata), synthetic pages, offsets."""

from __future__ import annotations

import random

import pytest

from storyline.cleaning import CleanedText, clean_text

SEED_CHROME = {
    "000_b7a70baca29f80fe.txt": ["ảnh 1", "French and US soldiers serving", "Other news"],
    "002_88c1d4bd90c12416.txt": [
        "BBC Home", "Explore the BBC", "Launch console", "Languages", "Last Updated",
        "A girl runs past graffiti", "[Independence for Kosovo]", "VIDEO AND AUDIO NEWS",
        "RELATED INTERNET LINKS", "is not responsible for the content", "FEATURES, VIEWS",
        "housing bubble", "PRODUCTS & SERVICES", "Americas Africa Europe",
    ],
    "003_8fbeb65e4de37aad.txt": ["Home world"],
    "004_45ed76d0f631c29a.txt": ["IE 11 is not supported", "Source: The Associated Press"],
}
SEED_BODY = {
    "000_b7a70baca29f80fe.txt": [
        "Serbians were to protest en masse",
        '"Some local leaders took a huge responsibility yesterday," the French general said.',
        '"The leaders should think deeply of their responsibility when they trigger this type of demonstration."',
        "In Vienna, the Organization for Security and Cooperation in Europe was due to discuss Kosovo",
    ],
    "001_d8de23ef42bb27b3.txt": [
        "Russia denounced Kosovo's independence declaration Sunday",
        'He called Kosovo\'s declaration an "illegitimate act.',
        "Red fluid dripped out in a dramatized echo",
    ],
    "002_88c1d4bd90c12416.txt": [
        "Serbia's foreign minister has urged the United Nations Security Council",
        "Russia has warned that recognition of Kosovo would be illegal and immoral.",
        "EU mission",
        "The police and judges are expected to come from Germany and Italy",
    ],
    "003_8fbeb65e4de37aad.txt": [
        "Hundreds of ethnic Serbs have gathered in a town in northern Kosovo",
        "\u201cWe believe that all legitimate rights and interests of Kosovo Serbs must be observed and ensured.\u201d",
        "Milosevic also led Serbia during its 1998-1999 war in Kosovo.",
    ],
    "004_45ed76d0f631c29a.txt": [
        "Russia's foreign minister claimed that NATO and the EU",
        "'Neutral and impartial'",
        "Russia backs Serbia",
        "The EU did not immediately respond to the foreign minister's remarks.",
        '"I don\'t know what the outcome of the talks may be but I have no doubt',
    ],
}
SEED_TITLES = {
    "000_b7a70baca29f80fe.txt": "Belgrade Braces for Mass 'Kosovo is Serbia' Rally",
    "001_d8de23ef42bb27b3.txt": "Russia Denounces Kosovo Declaration; Calls for Emergency U.N. Session",
    "002_88c1d4bd90c12416.txt": "Serbia urges UN action on Kosovo",
    "003_8fbeb65e4de37aad.txt": "Ethnic Serbs gather in northern Kosovo town after clashes with Nato peacekeepers",
    "004_45ed76d0f631c29a.txt": "Russia warns against force on Serbs in Kosovo",
}


@pytest.fixture(scope="module")
def cleaned(seed_texts: dict[str, str]) -> dict[str, CleanedText]:
    return {name: clean_text(raw) for name, raw in seed_texts.items()}


def _paragraphs(result: CleanedText) -> list[str]:
    return result.text.split("\n\n")


def assert_round_trip(raw: str, result: CleanedText, samples: int = 300) -> None:
    """Random spans inside each paragraph map back to the identical raw characters."""
    rng = random.Random(7)
    position = 0
    for paragraph in _paragraphs(result):
        for _ in range(samples // max(1, len(_paragraphs(result)))):
            a = position + rng.randint(0, len(paragraph))
            b = rng.randint(a, position + len(paragraph))
            assert raw[result.offsets.to_raw(a) : result.offsets.to_raw(b)] == result.text[a:b]
        whole = slice(result.offsets.to_raw(position), result.offsets.to_raw(position + len(paragraph)))
        assert raw[whole] == paragraph
        position += len(paragraph) + 2


# --- seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SEED_TITLES))
def test_seed_title(cleaned, name):
    result = cleaned[name]
    assert result.title == SEED_TITLES[name]
    assert result.title not in _paragraphs(result)


@pytest.mark.parametrize("name", sorted(SEED_CHROME))
def test_seed_chrome_removed(cleaned, name):
    for chrome in SEED_CHROME[name]:
        assert chrome not in cleaned[name].text, chrome


@pytest.mark.parametrize("name", sorted(SEED_BODY))
def test_seed_body_kept(cleaned, seed_texts, name):
    result = cleaned[name]
    for body in SEED_BODY[name]:
        assert body in result.text, body
    # No paragraph-length body line is lost: every long sentence-like raw line survives.
    for line in seed_texts[name].splitlines():
        if len(line) > 120 and line.rstrip().endswith((".", '"', "\u201d")) and "supported" not in line:
            assert line.strip() in result.text, line


def test_seed_bbc_metadata(cleaned):
    result = cleaned["002_88c1d4bd90c12416.txt"]
    assert result.published == "2008-02-15"
    assert result.published_evidence == "date line: Last Updated: Friday, 15 February 2008, 00:27 GMT"
    assert result.source == "BBC News"
    reasons = {r.reason for r in result.removed}
    assert {"date line", "title", "pull quote", "pull quote attribution"} <= reasons
    assert "map" not in _paragraphs(result)
    assert "Vuk Jeremic" not in _paragraphs(result)


def test_seed_other_metadata(cleaned):
    assert cleaned["004_45ed76d0f631c29a.txt"].source == "The Associated Press"
    assert cleaned["001_d8de23ef42bb27b3.txt"].published is None
    breadcrumb = [r for r in cleaned["003_8fbeb65e4de37aad.txt"].removed if r.reason == "breadcrumb"]
    assert len(breadcrumb) == 1 and breadcrumb[0].text.startswith("Home world ")


def test_seed_standfirst_printed_twice_is_kept_once(cleaned):
    text = cleaned["004_45ed76d0f631c29a.txt"].text
    assert text.count("Russia's foreign minister claimed that NATO") == 1


@pytest.mark.parametrize("name", sorted(SEED_TITLES))
def test_seed_offsets_round_trip(cleaned, seed_texts, name):
    assert_round_trip(seed_texts[name], cleaned[name])


# --- synthetic pages ----------------------------------------------------------------------

BODY = [
    "The city council voted on Tuesday to close the old harbour bridge after engineers found deep cracks in two of its supports.",
    "Officials said the closure would last at least six months while the repairs are carried out.",
    "Repairs",
    "The mayor told reporters that the decision had not been easy but that safety had to come first.",
    '"We cannot take chances with people\'s lives," she said.',
    "Traffic will be diverted through the northern ring road, which is expected to add about 15 minutes to journeys at peak times.",
]


def _page(header: list[str], tail: list[str], body: list[str] = BODY) -> str:
    return "\n".join(header + body + tail)


def _assert_body_exact(result: CleanedText, body: list[str] = BODY) -> None:
    assert _paragraphs(result) == body


def test_cookie_banner_nav_and_footer_removed():
    raw = _page(
        [
            "Skip to main content", "Menu", "Search", "News", "Sport", "Weather",
            "We use cookies to give you the best experience. By continuing you agree to our cookie policy.",
            "Accept all cookies",
            "Harbour bridge to close for six months after cracks found",
            "Published 3 June 2023",
            "By Jane Doe",
        ],
        ["Share this article", "Facebook", "Twitter", "Email",
         "© 2023 Example Media Group. All rights reserved.", "Privacy policy", "Terms of use"],
    )
    result = clean_text(raw)
    _assert_body_exact(result)
    assert result.title == "Harbour bridge to close for six months after cracks found"
    assert result.published == "2023-06-03"
    assert result.published_evidence == "date line: Published 3 June 2023"


def test_related_stories_tail_cut():
    raw = _page(
        ["Harbour bridge to close for six months after cracks found"],
        ["Related stories", "Council approves new budget", "Why the old ferry may return?",
         "Residents react to the bridge news.", "Most read", "Storm hits coast", "Train strike called off"],
    )
    result = clean_text(raw)
    _assert_body_exact(result)
    assert all(r.reason in {"title", "teaser tail"} for r in result.removed)


def test_inline_related_box_cut_but_body_after_it_kept():
    # The box runs from its header up to the next prose paragraph.
    body = BODY[:4] + ["Read more:", "Council approves new budget", "Bridge closures across the region"] + BODY[4:]
    result = clean_text(_page(["Harbour bridge to close for six months after cracks found"], [], body))
    _assert_body_exact(result)
    assert [r.reason for r in result.removed].count("related links") == 3


def test_captions_and_credits_removed():
    body = (
        BODY[:2]
        + ["The damaged support beneath the bridge (Photo: John Smith/Getty Images)",
           "Engineers inspect the bridge. Photograph: Jane Roe/Reuters"]
        + BODY[2:]
    )
    result = clean_text(_page(["Harbour bridge to close for six months after cracks found"], [], body))
    _assert_body_exact(result)
    assert {r.reason for r in result.removed} == {"title", "image caption"}


def test_caption_marker_takes_following_caption_sentence():
    body = BODY[:1] + ["Bridge view photo 2", "Cars queue at the bridge entrance on Monday."] + BODY[1:]
    result = clean_text(_page(["Harbour bridge to close for six months after cracks found"], [], body))
    _assert_body_exact(result)


def test_all_caps_menus_and_region_rows_removed():
    raw = _page(
        ["NEWS SPORT BUSINESS", "Harbour bridge to close for six months after cracks found"],
        ["MORE FROM THE NEWSROOM", "ABOUT US", "Europe Americas Africa Asia Pacific Middle East",
         "Contact us", "Careers"],
    )
    result = clean_text(raw)
    _assert_body_exact(result)


def test_link_list_inside_body_removed_but_single_crosshead_kept():
    body = BODY[:4] + ["Culture and arts", "Travel deals", "Weather maps", "Local elections"] + BODY[4:]
    result = clean_text(_page(["Harbour bridge to close for six months after cracks found"], [], body))
    _assert_body_exact(result)
    assert "Repairs" in _paragraphs(result)


def test_outlet_header_gives_source_when_no_source_line():
    raw = _page(["The Harbour Times", "Harbour bridge to close for six months after cracks found"], [])
    result = clean_text(raw)
    assert result.source == "The Harbour Times"
    _assert_body_exact(result)


def test_update_line_used_only_without_published_line():
    raw = _page(["Harbour bridge to close", "Updated: May 31, 2023 10:15 AM ET", "Posted on 2023-05-30"], [])
    result = clean_text(raw)
    assert result.published == "2023-05-30"
    only_update = clean_text(_page(["Harbour bridge to close", "Updated: May 31, 2023 10:15 AM ET"], []))
    assert only_update.published == "2023-05-31"


def test_sentence_mentioning_a_date_is_not_a_date_line():
    body = BODY + ["The bridge first opened on 3 June 1923 after four years of work."]
    result = clean_text(_page(["Harbour bridge to close"], [], body))
    assert result.published is None
    _assert_body_exact(result, body)


def test_body_sentences_mentioning_chrome_words_kept():
    body = BODY[:2] + [
        "The report said the claim is not supported by the evidence gathered so far.",
        "A local bakery has started selling bridge-shaped cookies to raise money for the repairs.",
        "Readers can share their photo of the bridge with the council, which plans an exhibition.",
    ] + BODY[2:]
    result = clean_text(_page(["Harbour bridge to close"], [], body))
    _assert_body_exact(result, body)


def test_hard_wrapped_paragraphs_joined_verbatim_and_round_trip():
    raw = (
        "The city council voted on Tuesday to close the old harbour\n"
        "bridge after engineers found deep cracks in two of its supports.\n\n"
        "Officials said the closure would last at least six months while\n"
        "the repairs are carried out, and that ferries would run more often.\n"
    )
    result = clean_text(raw, as_page=False)
    assert len(_paragraphs(result)) == 2
    assert "harbour\nbridge" in result.text
    assert_round_trip(raw, result)


# --- extracted text -----------------------------------------------------------------------


def test_body_keeps_everything_but_normalises_whitespace():
    raw = "  Menu\r\n\n\nRepairs\t\n" + "\n\n".join(BODY) + "\n\n\n"
    result = clean_text(raw, as_page=False)
    assert _paragraphs(result) == ["Menu", "Repairs"] + BODY
    assert result.removed == []
    assert_round_trip(raw, result)


def test_body_reads_date_and_source_lines_without_cutting_them():
    raw = "\n".join(["Published 3 June 2023", *BODY, "Advertisement"])
    result = clean_text(raw, as_page=False)
    assert _paragraphs(result) == ["Published 3 June 2023", *BODY, "Advertisement"]
    assert result.published == "2023-06-03"
    assert result.removed == []


def test_body_keeps_headline_dateline_and_a_headline_alone():
    wire = "PLO says Arafat, Netanyahu could meet Saturday.\nGAZA (Reuters) - " + BODY[0]
    result = clean_text(wire, as_page=False)
    assert result.text.startswith("PLO says Arafat, Netanyahu could meet Saturday.\n\nGAZA (Reuters) - ")
    assert result.title == "PLO says Arafat, Netanyahu could meet Saturday."
    headline = "Xbox One owners unable to sign in to Xbox LIVE; Microsoft looking into issue"
    assert clean_text(headline, as_page=False).text == headline
    snippet = BODY[0] + " Pic/AFP"
    assert clean_text(snippet, as_page=False).text == snippet


def test_empty_and_chrome_only_inputs():
    assert clean_text("").text == ""
    result = clean_text("Home\nMenu\nSearch")
    assert result.title is None
    assert result.text == "Home\n\nMenu\n\nSearch" or result.text == ""


def test_deterministic(seed_texts):
    raw = seed_texts["002_88c1d4bd90c12416.txt"]
    assert clean_text(raw) == clean_text(raw)


def test_tag_rows_and_truncated_excerpts_removed():
    body = BODY + [
        "Comics / demographics / economics / happy mutants",
        "A teaser for another story runs on for a while and then stops in the middle of a [\u2026]",
    ]
    result = clean_text(_page(["Harbour bridge to close"], [], body))
    _assert_body_exact(result)
    reasons = [r.reason for r in result.removed]
    assert "navigation row" in reasons or "after body" in reasons


def test_prose_in_header_chrome_above_headline_does_not_start_body():
    # A newsletter box above the menus has full sentences; the body starts after the headline.
    header = [
        "Newsletter",
        "Join thousands of readers who get the latest local news in their inbox every single day.",
        "This field is for validation purposes and should be left unchanged.",
        "Home", "News", "Sport", "Business", "Culture", "Opinion", "Weather", "Search",
        "Previous article", "Next article", "Share", "Harbour bridge to close for six months after cracks found",
        "By Jane Roe", "5 minute read", "Share", "Print",
    ]
    result = clean_text(_page(header, []))
    _assert_body_exact(result)
    assert result.title == "Harbour bridge to close for six months after cracks found"


def test_comment_section_and_suggested_articles_cut():
    tail = [
        "Suggested articles", "Council approves new budget",
        "Officials say the budget will fund two new schools and a library.",
        "Discussion", "Leave A Comment",
        "Save my name, email, and website in this browser for the next time I comment.",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    ]
    result = clean_text(_page(["Harbour bridge to close for six months after cracks found"], tail))
    _assert_body_exact(result)
