"""Quotes and speakers: seed-article quotations and one sentence per construction."""

from __future__ import annotations

import pytest

from storyline.quotes import find_quotes
from storyline.quotes.marks import find_quoted


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_texts):
    """Quotes of every seed article, with the article's text, by file-name prefix."""
    return {name[:3]: (text, find_quotes(nlp(text), name[:3])) for name, text in seed_texts.items()}


def quote_with(quotes, fragment):
    found = [q for q in quotes if fragment in q.text]
    assert found, f"no quote contains {fragment!r}"
    return found[0]


def anchor_text(text, quote):
    assert quote.speaker_anchor is not None, f"unresolved speaker for {quote.text!r}"
    return text[quote.speaker_anchor[0] : quote.speaker_anchor[1]]


def run(nlp, sentence):
    return find_quotes(nlp(sentence), "t")


# --- seed articles ------------------------------------------------------------------------


# Every attribution in the five seed articles, in text order: direct quotes (continuation
# paragraphs included), mixed quotes, reported speech, and attitudes (the object of a verb of
# stance or action, "appealed for calm", "backed Belgrade's position that ..."). `speaker` is the named mention a
# reader resolves the speaker to; None marks an unnamed source ("analysts", "a senior
# official") that no mention of the article names.
@pytest.mark.parametrize(
    "article, fragment, kind, speaker",
    [
        # 000: Belgrade braces for mass rally (2008)
        ("000", "Serb leaders for unrest", "attitude", "Kosovo Force"),
        ("000", "calm", "attitude", "Boris Tadic"),
        ("000", "is a violation of international law", "attitude", "Belgrade"),
        ("000", "We are struggling for what is legitimately ours", "direct", "Vuk Jeremic"),
        ("000", "Kosovo's independence declaration as illegal", "attitude", "Traian Basescu"),
        ("000", "the move could set a precedent", "indirect", "Traian Basescu"),
        ("000", "responsible for the incident", "attitude", "Xavier Bout de Marnhac"),
        ("000", "Some local leaders took a huge responsibility", "direct", "Xavier Bout de Marnhac"),
        ("000", "The leaders should think deeply", "direct", "Xavier Bout de Marnhac"),
        ("000", "a servant of US interests", "mixed", "Milan Ivanovic"),
        ("000", "Kosovo into a concentration camp", "mixed", "Milan Ivanovic"),
        ("000", "There is a bitter irony even in its name", "direct", "Lavrov"),
        ("000", "Relations between Serbia and certain members", "direct", "Vuk Jeremic"),
        # 001: Russia denounces Kosovo declaration (2008)
        ("001", "Emergency U.N. Session", "attitude", "Russia"),
        ("001", "an emergency meeting of the U.N. Security Council", "attitude", "Russia"),
        ("001", "just demands to restore the country's territorial integrity", "mixed", "Foreign Ministry"),
        ("001", "violates Serbia's sovereignty", "mixed", "Foreign Ministry"),
        ("001", "supporting separatism", "attitude", "Foreign Ministry"),
        ("001", "its opposition to any decision", "attitude", "Russia"),
        ("001", "would encourage separatists in the former Soviet Union", "indirect", "Russia"),
        ("001", "violates an existing Security Council resolution", "indirect", "Russia"),
        ("001", "annulling the decisions of the Pristina government organs", "mixed", "Foreign Ministry"),
        ("001", "illegitimate act", "mixed", "Dmitry Peskov"),
        ("001", "all possible international mechanisms", "mixed", "Dmitry Peskov"),
        ("001", "Russia would support any reasonable moves by Serbia", "indirect", "Dmitry Peskov"),
        ("001", "As for potential steps", "direct", "Peskov"),
        ("001", 'Russia "knows what it will do"', "mixed", "Vladimir Putin"),
        ("001", 'Moscow would not "ape" the West', "mixed", "Vladimir Putin"),
        ("001", "they would soon appeal to Russia", "indirect", None),
        ("001", "We believe that we have a greater right", "direct", "Irina Gagloyeva"),
        ("001", "It will now be harder for the West", "direct", "Irina Gagloyeva"),
        ("001", "the province would step up efforts to win recognition", "mixed", "Raul Khadzhimba"),
        ("001", "it sets no precedent", "indirect", "United States"),
        ("001", "Russia is unlikely to risk", "indirect", None),
        ("001", "the Kremlin is more concerned", "indirect", None),
        ("001", "a glaring example of double standards", "attitude", "Vladimir Putin"),
        ("001", "potential Balkan bloodshed", "attitude", "Foreign Ministry"),
        # 002: BBC, Serbia urges UN action on Kosovo (2008)
        ("002", "UN action on Kosovo", "attitude", "Serbia"),
        ("002", "to oppose the province of Kosovo's expected declaration", "indirect", "Vuk Jeremic"),
        ("002", "Serbia would not use force to stop the secession", "indirect", "Vuk Jeremic"),
        ("002", "would give a green light to other separatist movements", "indirect", "Vuk Jeremic"),
        ("002", "recognition of Kosovo would be illegal and immoral", "indirect", "Russia"),
        ("002", "would lead to an uncontrolled cascade of secession", "direct", "Vuk Jeremic"),
        ("002", "not too late for diplomats", "indirect", "Vuk Jeremic"),
        ("002", "the Security Council to continue to negotiate", "indirect", "Vuk Jeremic"),
        ("002", "a majority of member states agreed", "indirect", "Vuk Jeremic"),
        ("002", "would set a precedent across the world", "mixed", "Vuk Jeremic"),
        ("002", "special case", "mixed", "Vladimir Putin"),
        ("002", "in the same category as the separatist conflicts", "indirect", "Vladimir Putin"),
        ("002", "a ready-made plan", "mixed", "Vladimir Putin"),
        ("002", "just as firm in their view", "indirect", "Matt Wells"),
        ("002", "the UN has no real role left to play", "indirect", "Matt Wells"),
        ("002", "deployment of the 1,800 staff would be staggered", "indirect", None),
        # 003: Ethnic Serbs gather in northern Kosovo town (2023)
        ("003", "they want the Kosovo special police", "mixed", "Serbs"),
        ("003", "it will send 700 more troops", "indirect", "Nato"),
        ("003", "all parties to take immediate actions", "direct", "Antony Blinken"),
        ("003", "violence against soldiers from the multinational force", "mixed", "Antony Blinken"),
        ("003", "plan to meet with the leaders of Serbia and Kosovo", "indirect", "Steffen Hebestreit"),
        ("003", "the meeting will take place on the sidelines", "indirect", "Steffen Hebestreit"),
        ("003", "Kosovo police will not accept", "indirect", "Albin Kurti"),
        ("003", "the possibility of early local elections", "attitude", "Albin Kurti"),
        ("003", "As long as there is a violent mob", "direct", "Albin Kurti"),
        ("003", "If there would have been peaceful protests", "direct", "Albin Kurti"),
        ("003", "Russia may have a hand in the latest flareup", "indirect", "Albin Kurti"),
        ("003", "do graffiti with letter Z", "attitude", "Albin Kurti"),
        ("003", "be seeking European Union membership", "indirect", None),
        ("003", "Moscow is monitoring the situation in Kosovo", "indirect", "Dmitry Peskov"),
        ("003", "we are unconditionally supporting Serbia", "direct", "Peskov"),
        ("003", "We believe that all legitimate rights", "direct", "Peskov"),
        ("003", "pushing to install the newly-elected mayors", "attitude", None),
        ("003", "Serbia would not stand idle", "indirect", None),
        # 004: Russia warns against force on Serbs in Kosovo (2008)
        ("004", "force on Serbs in Kosovo", "attitude", "Russia"),
        ("004", "NATO and the EU have been considering using force", "indirect", "Sergey Lavrov"),
        ("004", "it would undermine security in the Balkans", "indirect", "Sergey Lavrov"),
        ("004", "the mission was seeking help from NATO forces", "indirect", "Sergey Lavrov"),
        ("004", "We have information that the EU mission", "direct", "Lavrov"),
        ("004", "the question of using force to hold back Serbs", "direct", "Sergey Lavrov"),
        ("004", "there is information that NATO contingents", "mixed", "Sergey Lavrov"),
        ("004", "This will only lead to yet another", "direct", "Sergey Lavrov"),
        ("004", "the alliance would be evenhanded", "indirect", "James Appathurai"),
        ("004", "NATO forces in Kosovo have a clear mandate", "direct", "James Appathurai"),
        ("004", "They have done that task in a neutral and impartial way", "direct", "James Appathurai"),
        ("004", "would cover the whole territory", "indirect", "Javier Solana"),
        ("004", "Russia's support for Serbian efforts", "attitude", "Sergey Lavrov"),
        ("004", "would undermine Middle East peace efforts", "indirect", "Sergey Lavrov"),
        ("004", "could only be resolved through a mutually acceptable solution", "indirect", "Sergey Lavrov"),
        ("004", "it violates international law and threatens", "indirect", "Russia"),
        ("004", "We actively support Belgrade's demand", "direct", "Lavrov"),
        ("004", "It is unacceptable when, for the first time in postwar history", "direct", "Sergey Lavrov"),
        ("004", "EU police and justice mission is illegal", "indirect", "Moscow"),
        ("004", "would encourage groups seeking sovereign states worldwide", "indirect", "Lavrov"),
        ("004", "Now individual Palestinian politicians", "direct", "Sergey Lavrov"),
        ("004", "Opinions are being expressed", "direct", "Sergey Lavrov"),
        ("004", "Moscow wants the disputes to be resolved through negotiations", "indirect", "Sergey Lavrov"),
        ("004", "I don't know what the outcome of the talks may be", "direct", "Lavrov"),
    ],
)
def test_seed_quotes_and_speakers(seed_quotes, article, fragment, kind, speaker):
    text, quotes = seed_quotes[article]
    quote = quote_with(quotes, fragment)
    assert quote.kind == kind
    if speaker is None:
        assert quote.speaker_anchor is None, f"unnamed source anchored on {anchor_text(text, quote)!r}"
        return
    assert speaker in anchor_text(text, quote) or anchor_text(text, quote) in speaker


def test_seed_records_are_consistent(seed_quotes):
    for article, (text, quotes) in seed_quotes.items():
        assert [q.start for q in quotes] == sorted(q.start for q in quotes)
        assert [q.id for q in quotes] == [f"{article}:q{n}" for n in range(1, len(quotes) + 1)]
        for q in quotes:
            assert text[q.start : q.end] == q.text
            if q.speaker_text is not None:
                assert text[q.speaker_start : q.speaker_end] == q.speaker_text
            assert q.speaker is None


def test_seed_title_speaker_keeps_surface_text(seed_quotes):
    text, quotes = seed_quotes["000"]
    quote = quote_with(quotes, "Some local leaders")
    assert quote.speaker_text == "the French general"
    assert quote.cue == "said"


def test_seed_scare_quotes_are_not_quotes(seed_quotes):
    _, quotes = seed_quotes["003"]
    assert not any(q.text == "fake" for q in quotes)
    _, quotes = seed_quotes["004"]
    assert not any(q.text == "Neutral and impartial" for q in quotes)


# --- constructions ------------------------------------------------------------------------


def test_attribution_after_quote(nlp):
    (q,) = run(nlp, '"We will not give up," Maria Lopez said on Monday.')
    assert (q.text, q.kind, q.cue, q.speaker_text) == ("We will not give up", "direct", "said", "Maria Lopez")


def test_attribution_before_quote_with_colon(nlp):
    (q,) = run(nlp, 'John Smith told reporters: "The talks have failed."')
    assert q.text.startswith("The talks have failed") and q.speaker_text == "John Smith"


def test_split_quote_gives_two_quotes_same_speaker(nlp):
    quotes = run(nlp, 'Anna Berg arrived late. "It was hard," she said, "but we made it."')
    assert [q.text for q in quotes] == ["It was hard", "but we made it."]
    assert all(q.speaker_text == "she" for q in quotes)
    assert quotes[0].speaker_anchor == quotes[1].speaker_anchor is not None


def test_multi_sentence_quote_and_continuation_paragraph(nlp):
    text = (
        'Defence Minister Paul Meyer spoke in Berlin.\n\n"We are ready. We will act," Meyer said.\n\n'
        '"Nobody should doubt it."\n\nThe meeting ended at noon.'
    )
    quotes = find_quotes(nlp(text), "t")
    assert [q.text for q in quotes] == ["We are ready. We will act", "Nobody should doubt it."]
    assert quotes[1].speaker_text == "Meyer" and quotes[1].cue is None


def test_indirect_speech_with_that_clause(nlp):
    (q,) = run(nlp, "Prime Minister Jan Novak said that the government would resign.")
    assert (q.text, q.kind, q.cue) == ("the government would resign", "indirect", "said")
    assert q.speaker_text == "Jan Novak"


def test_coordinated_cue_inherits_subject(nlp):
    quotes = run(nlp, "Peter Hall denied the report but warned that prices would rise.")
    (q,) = [q for q in quotes if q.cue == "warned"]
    assert q.text == "prices would rise" and q.speaker_text == "Peter Hall"


def test_directive_cue_with_infinitive(nlp):
    (q,) = run(nlp, "The union urged the government to raise wages.")
    assert q.text == "the government to raise wages" and q.cue == "urged"


def test_according_to(nlp):
    (q,) = run(nlp, "The bridge will reopen in May, according to the city council.")
    assert q.cue == "according to" and q.text == "The bridge will reopen in May"
    assert q.speaker_text == "the city council"


def test_mixed_quote(nlp):
    (q,) = run(nlp, 'Vladimir Putin said Russia "knows what it will do" in response.')
    assert q.kind == "mixed" and q.text.startswith("Russia") and q.speaker_text == "Vladimir Putin"


def test_pronoun_resolves_to_latest_person_subject(nlp):
    text = "Ministers met in Paris. Senator Mary Jones criticised the plan. She said it would fail."
    q = quote_with(find_quotes(nlp(text), "t"), "would fail")
    assert q.speaker_text == "She"
    assert text[q.speaker_anchor[0] : q.speaker_anchor[1]] == "Mary Jones"


def test_description_resolves_through_apposition(nlp):
    text = (
        "The head of the army, General Robert Klein, visited the base on Monday. "
        '"The situation is calm," the general said.'
    )
    (q,) = find_quotes(nlp(text), "t")
    assert q.speaker_text == "the general"
    assert text[q.speaker_anchor[0] : q.speaker_anchor[1]] == "Robert Klein"


def test_organisation_description_by_head_noun(nlp):
    text = "The Foreign Ministry issued a note. The ministry said the border would stay closed."
    (q,) = find_quotes(nlp(text), "t")
    assert "ministry" in text[q.speaker_anchor[0] : q.speaker_anchor[1]].lower()


def test_indefinite_description_stays_unresolved(nlp):
    text = "Peter Hall spoke first. A senior official said the plan was dead."
    (q,) = find_quotes(nlp(text), "t")
    assert q.speaker_text == "A senior official" and q.speaker_anchor is None


def test_indefinite_role_resolves_to_same_role_named_next(nlp):
    text = (
        "A government spokesperson said the talks would resume. "
        "Spokesman Steffen Hebestreit told reporters that the meeting was set."
    )
    quote = find_quotes(nlp(text), "t")[0]
    assert quote.speaker_text == "A government spokesperson"
    assert text[quote.speaker_anchor[0] : quote.speaker_anchor[1]] == "Steffen Hebestreit"


def test_lede_title_resolves_to_next_subject_name_the_ner_missed(nlp):
    text = (
        "Serbia's foreign minister has urged the United Nations Security Council to oppose the declaration.\n\n"
        "Vuk Jeremic said Serbia would not use force to stop the secession."
    )
    quote = find_quotes(nlp(text), "t")[0]
    assert quote.speaker_text == "Serbia's foreign minister"
    assert text[quote.speaker_anchor[0] : quote.speaker_anchor[1]] == "Vuk Jeremic"


def test_scare_quotes_without_cue_are_dropped(nlp):
    assert run(nlp, 'Protesters waved flags near the so-called "peace line" in the centre.') == []


# --- quote marks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("He said “yes” then ‘maybe’.", ["yes", "maybe"]),
        ('"Outer \'inner\' end," he said.', ["Outer 'inner' end"]),
        ('An "unbalanced quote runs on\nNext paragraph.', ["unbalanced quote runs on"]),
        ("It’s Jones’ car, isn’t it?", []),
        ('stray close” and "', []),
    ],
)
def test_find_quoted(text, expected):
    assert [text[q.start : q.end] for q in find_quoted(text)] == expected


def test_unbalanced_marks_never_raise(nlp):
    for text in ['"', '“ ” ”', 'He said "', '"a," she said, "b', "‘’'\"", '"x" "y" "z']:
        for q in find_quotes(nlp(text), "t"):
            assert text[q.start : q.end] == q.text


def test_colon_headline_line(nlp):
    text = "John McCain: Populist anger appeals to bad angels\n\nThe senator spoke on Sunday."
    (q,) = find_quotes(nlp(text), "t")
    assert (q.text, q.cue, q.speaker_text) == ("Populist anger appeals to bad angels", ":", "John McCain")


def test_negated_reporting_verb_is_no_quote(nlp):
    """"did not say X" is no quote of his; PolNeAR counts it, so it stays an attitude."""
    doc = nlp("Lavrov spoke on television. He did not say where he got his information.")
    assert all(q.kind == "attitude" for q in find_quotes(doc, "a"))


# --- stance, intention and topic cues (PolNeAR-style attribution) ----------------------


def only(quotes, fragment):
    q = quote_with(quotes, fragment)
    return q.kind, q.speaker_text, q.text


def test_stance_verb_object_is_content(nlp):
    quotes = run(nlp, "Senator Mary Jones praised the new border agreement on Monday.")
    assert only(quotes, "border agreement") == ("attitude", "Mary Jones", "the new border agreement")


def test_physical_act_is_not_an_attribution(nlp):
    assert run(nlp, "Rebel forces attacked the town at dawn.") == []


def test_intention_verb_takes_infinitive(nlp):
    quotes = run(nlp, "The governor refused to release the documents.")
    assert only(quotes, "release") == ("attitude", "The governor", "to release the documents")


def test_topic_verb_takes_preposition_object(nlp):
    quotes = run(nlp, "Mary Jones spoke of her talks with the rebels.")
    assert only(quotes, "talks")[2] == "her talks with the rebels"


def test_topic_preposition_with_a_date_is_no_topic(nlp):
    assert run(nlp, "The senator spoke on Sunday.") == []


def test_attitude_adjective(nlp):
    quotes = run(nlp, "European leaders were skeptical of the ceasefire plan.")
    assert only(quotes, "ceasefire") == ("attitude", "European leaders", "the ceasefire plan")


def test_noun_cue_with_possessor_and_topic(nlp):
    quotes = run(nlp, "Russia has stressed its opposition to any decision on the status.")
    assert quote_with(quotes, "any decision").speaker_text == "Russia"


def test_parenthetical_cue_takes_the_whole_clause(nlp):
    quotes = run(nlp, "The mission, Mr. Clarke said, would end in June.")
    kind, speaker, content = only(quotes, "would end")
    assert (kind, content) == ("indirect", "The mission, Mr. Clarke said, would end in June")
    assert speaker.endswith("Clarke")


def test_trailing_participle_speaks_for_the_reporter(nlp):
    quotes = run(nlp, "Analysts say Russia is unlikely to act, emphasizing that the Kremlin is cautious.")
    assert quote_with(quotes, "Kremlin is cautious").speaker_text == "Analysts"


def test_quote_as_subject_of_reported_clause_is_mixed(nlp):
    quotes = run(nlp, 'Peskov said "all international mechanisms" would be used to address the issue.')
    (q,) = quotes
    assert q.kind == "mixed" and q.text.endswith("address the issue")


# --- layout: dashes, transcripts, pull quotes, paragraph openers --------------------------


def test_dash_attribution_after_quote(nlp):
    text = "Readers wrote to us.\n\u201cHe scares me. He should not win.\u201d\u00a0\u2015 Maria Lopez\u00a0\n\u201cVote him out.\u201d \u2015 Ana Ruiz"
    quotes = find_quotes(nlp(text), "t")
    assert [(q.text, q.speaker_text) for q in quotes] == [
        ("He scares me. He should not win.", "Maria Lopez"),
        ("Vote him out.", "Ana Ruiz"),
    ]


def test_paragraph_opening_with_a_closing_mark_still_opens_a_quote(nlp):
    text = "\u201dFear. I am truly afraid.\u201d \u2015 Edwin Monroy"
    (q,) = find_quotes(nlp(text), "t")
    assert (q.text, q.speaker_text) == ("Fear. I am truly afraid.", "Edwin Monroy")


def test_transcript_speakers_in_capitals(nlp):
    text = '"WALLACE: Will she be there?\n\n"PENCE: She will not attend the debate.'
    quotes = find_quotes(nlp(text), "t")
    assert [(q.speaker_text, q.text) for q in quotes] == [
        ("WALLACE", "Will she be there?"),
        ("PENCE", "She will not attend the debate."),
    ]


def test_headline_with_common_noun_source(nlp):
    text = "Poll: Wealthy voters abandon the party\n\nA new poll shows a shift."
    q = quote_with(find_quotes(nlp(text), "t"), "Wealthy voters")
    assert (q.speaker_text, q.cue) == ("Poll", ":")


def test_pull_quote_with_name_line(nlp):
    text = (
        "The minister spoke in New York.\n\n[Independence] would lead to a cascade of secession\n"
        "Vuk Jeremic\n\nMr Jeremic said the talks had failed."
    )
    q = quote_with(find_quotes(nlp(text), "t"), "cascade")
    assert (q.kind, q.speaker_text) == ("direct", "Vuk Jeremic")


def test_colon_then_quote_in_next_paragraph(nlp):
    text = 'The governor said:\n\n"We have a situation in our cities that is dangerous."'
    (q,) = find_quotes(nlp(text), "t")
    assert (q.kind, q.speaker_text) == ("direct", "The governor")


# --- cue offsets ----------------------------------------------------------------------------


def _sentence_index(doc, offset):
    return next(n for n, s in enumerate(doc.sents) if s.start_char <= offset < s.end_char)


@pytest.fixture(scope="module")
def seed_docs(nlp, seed_texts):
    return {name[:3]: nlp(text) for name, text in seed_texts.items()}


def test_seed_cue_offsets_point_at_the_cue_words(seed_docs):
    """Every quote with a cue spans its surface words, inside one sentence that is the quote's
    own or the one next to it ("He said:" before a quote opening the next paragraph)."""
    cued = 0
    for article, doc in seed_docs.items():
        text = doc.text
        for q in find_quotes(doc, article):
            if q.cue is None:
                assert q.cue_start is None and q.cue_end is None
                continue
            cued += 1
            assert q.cue_start is not None and q.cue_end is not None, q
            assert text[q.cue_start : q.cue_end] == q.cue
            cue_sentence = _sentence_index(doc, q.cue_start)
            assert cue_sentence == _sentence_index(doc, q.cue_end - 1), "a cue inside one sentence"
            first, last = _sentence_index(doc, q.start), _sentence_index(doc, q.end - 1)
            assert first - 1 <= cue_sentence <= last + 1, (q.text, q.cue)
    assert cued >= 80  # (the five seed articles have about a hundred cued quotes)


def test_seed_cue_offsets_of_known_quotes(seed_docs):
    doc = seed_docs["000"]
    quote = quote_with(find_quotes(doc, "000"), "Some local leaders")
    assert (quote.cue, doc.text[quote.cue_start : quote.cue_end]) == ("said", "said")
    # the cue is the "said" after "the French general", not an earlier one
    assert doc.text[quote.speaker_end : quote.cue_start].strip() == ""


@pytest.mark.parametrize(
    "text, fragment, cue, before",
    [
        ('"We will not give up," Lavrov said on Friday.', "We will not give up", "said", "Lavrov "),
        ('"It is over," said Lavrov.', "It is over", "said", '," '),
        ("The minister said that the talks had failed.", "the talks had failed", "said", "minister "),
        ("According to the ministry, the deal is dead.", "the deal is dead", "According to", ""),
        ("Lavrov: NATO must leave Kosovo now\n\nThe talks went on.", "NATO must leave", ":", "Lavrov"),
        ("Readers wrote.\n\u201cVote him out.\u201d \u2015 Ana Ruiz", "Vote him out", "\u2015", "\u201d "),
        ("The ministry's warning that troops would move was ignored.", "troops would move", "warning",
         "ministry's "),
    ],
)
def test_cue_offsets_span_the_surface_cue(nlp, text, fragment, cue, before):
    q = quote_with(run(nlp, text), fragment)
    assert q.cue == cue
    assert text[q.cue_start : q.cue_end] == cue
    assert text[: q.cue_start].endswith(before)


def test_continuation_quote_has_no_cue_offsets(nlp):
    text = (
        '"We will not accept this," Lavrov said. "It is illegal."\n\n'
        '"The mission has no mandate."'
    )
    quotes = run(nlp, text)
    assert quotes[0].cue == "said" and text[quotes[0].cue_start : quotes[0].cue_end] == "said"
    for q in quotes[1:]:
        if q.cue is None:
            assert (q.cue_start, q.cue_end) == (None, None)


def _by_cue(quotes, cue):
    return next(q for q in quotes if q.cue == cue)


def test_said_clause_with_mistagged_head(nlp):
    """A verb of saying reports its clause even when the tagger reads the clause's verb as a noun."""
    doc = nlp("Ryan said Obama’s words and actions “amount to a form of intimidation that undermines liberty.”")
    q = _by_cue(find_quotes(doc, "a"), "said")
    assert q.text.startswith("Obama’s words") and q.speaker_text == "Ryan"


def test_said_object_is_what_was_said(nlp):
    doc = nlp("Three-quarters of the voters said the same of Sanders.")
    q = _by_cue(find_quotes(doc, "a"), "said")
    assert q.text == "the same of Sanders" and q.kind == "indirect"


def test_told_object_is_the_addressee_not_content(nlp):
    doc = nlp("The senator told reporters on Monday.")
    assert find_quotes(doc, "a") == []


def test_quoted_object_is_left_to_the_marks(nlp):
    doc = nlp('Peskov said "all possible international mechanisms," would be called upon to act.')
    q = _by_cue(find_quotes(doc, "a"), "said")
    assert q.kind == "mixed"


def test_actor_infinitive_is_an_attitude(nlp):
    """A verb in no list: the structure (actor subject, infinitive) makes it an attitude."""
    doc = nlp("Clinton yearns to raise taxes on the wealthy.")
    q = _by_cue(find_quotes(doc, "a"), "yearns")
    assert (q.kind, q.speaker_text) == ("attitude", "Clinton") and "raise taxes" in q.text


def test_aspectual_and_causative_verbs_attribute_nothing(nlp):
    for sentence in ("The senator began to speak slowly.", "The senator made them leave the room."):
        assert not [q for q in find_quotes(nlp(sentence), "a") if q.cue in ("began", "made")]


def test_non_actor_subject_infinitive_is_no_attitude(nlp):
    doc = nlp("The river threatened to flood the valley.")
    assert not [q for q in find_quotes(doc, "a") if q.cue == "threatened" and q.speaker_text is None and q.kind != "attitude"]


def test_participle_after_preposition_speaks_for_the_clause_subject(nlp):
    doc = nlp("When he returned, Obama began the speech by saying that the war was over.")
    q = _by_cue(find_quotes(doc, "a"), "saying")
    assert q.speaker_text == "Obama"


def test_noun_with_participle_is_the_source(nlp):
    doc = nlp("Police received calls saying shots had been fired inside the center.")
    q = _by_cue(find_quotes(doc, "a"), "saying")
    assert q.speaker_text == "calls"
