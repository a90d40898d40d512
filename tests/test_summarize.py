"""Summary: salient, non-redundant, readable sentences within the word budget."""

from __future__ import annotations

from storyline.model import Article, ArticleAnalysis, Entity, Mention, Sentence
from storyline.summarize import summarize


def make(aid: str, sentences: list[str], published: str) -> ArticleAnalysis:
    text, spans = "", []
    for sentence in sentences:
        spans.append(Sentence(start=len(text), end=len(text) + len(sentence)))
        text += sentence + "\n\n"
    return ArticleAnalysis(article=Article(id=aid, path=aid, text=text, published=published), sentences=spans)


A = make("a", [
    "Floods Hit The Valley",
    "Heavy rain flooded the river valley on Monday and rescuers evacuated three villages near the dam.",
    "Officials said the river level kept rising through the night and more rain was forecast for the valley.",
    "Photo: rescuers",
    "The local football team won its match on Saturday with a late goal from its captain.",
], "2020-05-02")
B = make("b", [
    "Rescuers evacuated villages in the flooded river valley after heavy rain on Monday near the dam.",
    "Heavy rain flooded the river valley on Monday and rescuers evacuated three villages near the dam.",
    "Engineers inspected the dam for cracks as the river kept rising and the valley braced for more rain.",
], "2020-05-01")


C = make("c", [
    "The river valley flooded after heavy rain and rescuers evacuated villages near the dam on Monday.",
    "Engineers said the dam held but the river kept rising as more rain fell on the valley.",
    "A bakery in the town sold out of bread on Sunday morning before the storm.",
], "2020-05-03")
D = make("d", [
    "RIVERTON (AP) -- The storm flooded the river valley and rescuers evacuated villages near the dam.",
    "Engineers watched the dam as the river kept rising through the valley overnight.",
], "2020-05-04")


def test_budget_is_never_exceeded_and_spans_are_exact():
    for budget in (10, 25, 40, 100):
        summary = summarize([A, B], [], words=budget)
        assert sum(len(s.text.split()) for s in summary) <= budget
        texts = {"a": A.article.text, "b": B.article.text}
        assert all(texts[s.article][s.start : s.end] == s.text for s in summary)
    assert summarize([A, B], [], words=100)


def test_skips_headings_captions_and_duplicates():
    texts = [s.text for s in summarize([A, B], [], words=200)]
    assert "Floods Hit The Valley" not in texts and "Photo: rescuers" not in texts
    assert len(texts) == len(set(texts))


def test_order_follows_article_date_then_position():
    summary = summarize([A, B], [], words=200)
    keys = [("2020-05-02" if s.article == "a" else "2020-05-01", s.article, s.start) for s in summary]
    assert keys == sorted(keys)
    assert summary == summarize([B, A], [], words=200)


def test_off_topic_sentence_is_left_out_of_a_short_summary():
    texts = " ".join(s.text for s in summarize([A, B], [], words=40))
    assert "football" not in texts and "river" in texts


def test_a_sentence_too_long_for_the_budget_gives_way_to_a_shorter_one():
    long = make("c", [
        "Heavy rain flooded the river valley on Monday and rescuers evacuated three villages near the dam "
        "while engineers inspected the dam and officials warned the valley of more rain.",
        "Rescuers evacuated three villages as the river flooded.",
    ], "2020-05-01")
    summary = summarize([long], [], words=12)
    assert [s.text for s in summary] == ["Rescuers evacuated three villages as the river flooded."]
    assert summarize([long], [], words=0) == []


def test_summary_word_count_matches_how_the_bench_counts_words():
    """The budget holds for the joined text, split on whitespace (the DUC bench's cut)."""
    for budget in (20, 35, 60):
        summary = summarize([A, B, C], [], words=budget)
        assert summary and len(" ".join(s.text for s in summary).split()) <= budget


def test_every_sentence_is_the_exact_slice_of_its_article():
    texts = {a.article.id: a.article.text for a in (A, B, C, D)}
    summary = summarize([A, B, C, D], [], words=120)
    assert summary
    for s in summary:
        assert texts[s.article][s.start : s.end] == s.text


def test_a_leading_dateline_is_trimmed_and_the_span_follows():
    summary = summarize([D], [], words=100)
    lead = [s for s in summary if "storm" in s.text]
    assert lead and all(not s.text.startswith("RIVERTON") for s in lead)
    assert D.article.text[lead[0].start : lead[0].end] == lead[0].text
    assert D.article.text[: lead[0].start].rstrip().endswith("--")


def test_repeated_and_near_repeated_sentences_are_not_both_picked():
    copy = make("a2", [s for s in [
        "Heavy rain flooded the river valley on Monday and rescuers evacuated three villages near the dam.",
        "Officials said the river level kept rising through the night and more rain was forecast for the valley.",
    ]], "2020-05-02")
    summary = summarize([A, B, copy], [], words=300)
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))
    assert texts.count(
        "Heavy rain flooded the river valley on Monday and rescuers evacuated three villages near the dam."
    ) == 1


def test_widely_reported_content_wins_over_a_one_off_detail():
    summary = summarize([A, B, C], [], words=20)
    joined = " ".join(s.text for s in summary)
    assert "river" in joined and "football" not in joined


def test_deterministic_and_independent_of_input_order():
    first = summarize([A, B, C, D], [], words=60)
    assert first == summarize([D, C, B, A], [], words=60) == summarize([A, B, C, D], [], words=60)


def test_entities_named_across_articles_count_as_content():
    """Without entity concepts the two sentences tie; the entity the articles share decides."""
    x = make("x", [
        "The mayor of Riverton promised new flood barriers after the storm hit the town.",
        "The mayor of Lakeside promised new flood barriers after the storm hit the town.",
    ], "2020-05-03")
    y = make("y", ["Residents cleared mud from streets and shops on the main square of the town."], "2020-05-03")
    z = make("z", ["Volunteers handed out water and blankets to families at the town hall."], "2020-05-03")
    start = x.article.text.index("Lakeside")
    mention = Mention(article="x", start=start, end=start + len("Lakeside"), text="Lakeside")
    others = [
        Mention(article=aid, start=0, end=0, text="Lakeside") for aid in ("y", "z")
    ]  # reported (by id) in the other articles too
    lakeside = Entity(id="e1", name="Lakeside", type="GPE", mentions=[mention, *others])
    summary = summarize([x, y, z], [lakeside], words=15)
    assert [s.text for s in summary] == [
        "The mayor of Lakeside promised new flood barriers after the storm hit the town."
    ]


def _one(sentence: str) -> tuple[str, list]:
    """Candidates of one article holding `sentence` (with an unrelated lead sentence)."""
    from storyline.summarize import candidates

    analysis = make("t", ["The committee met in the capital to review the annual budget of the agency.", sentence], "2020-01-01")
    found = candidates([analysis])
    assert all(analysis.article.text[c.start : c.end] == c.text for c in found)
    return analysis.article.text, found


def test_trailing_attribution_is_cut_before_its_comma():
    for tail in (", officials said.", ", the ministry said on Monday.", ", according to the police.", ", said John Smith, a spokesman."):
        _, found = _one("Seven people on board were taken to a hospital by helicopter after the crash" + tail)
        assert found[-1].text == "Seven people on board were taken to a hospital by helicopter after the crash"


def test_attribution_with_a_clause_or_first_person_is_kept():
    kept = [
        "Mikhail Mityukov, the presidential representative, said Thursday that Yeltsin would ignore the calls.",
        "We will rebuild every house in the valley before the winter comes, the mayor said.",
    ]
    for sentence in kept:
        _, found = _one(sentence)
        assert found[-1].text == sentence


def test_leading_connective_is_dropped_before_a_capital():
    _, found = _one("However, Annan said he did not have the means to assess compliance independently.")
    assert found[-1].text == "Annan said he did not have the means to assess compliance independently."
    _, found = _one("But the army said the rebels had withdrawn from the northern towns overnight.")
    assert found[-1].text.startswith("But the army")  # a lower-case remainder would not read as a sentence


def test_asides_are_cut_and_every_kept_piece_is_exact(nlp, monkeypatch):
    from storyline import summarize as summarizer
    from storyline.asides import find_asides

    # the mechanism for every kind it may cut (the default cuts parentheses only)
    monkeypatch.setattr(summarizer, "CUT_ASIDES", frozenset({"apposition", "parenthesis"}))

    text = ("Sergei Lavrov, Russia's foreign minister, told reporters in Moscow on Monday that the "
            "declaration was illegal (a view Serbia shares) and would be resisted by every means.\n"
            "The mission, which Moscow opposes, will deploy in April with the approval of the member states.")
    asides = find_asides(nlp(text))
    assert [(text[a.start : a.end], a.kind) for a in asides] == [
        (", Russia's foreign minister,", "apposition"), (" (a view Serbia shares)", "parenthesis"),
        (", which Moscow opposes,", "relative")]
    analysis = ArticleAnalysis(article=Article(id="a", path="a", text=text),
                               sentences=[Sentence(start=0, end=text.index("\n")),
                                          Sentence(start=text.index("The"), end=len(text))],
                               asides=asides)
    summary = summarize([analysis], [], words=60)
    first = next(s for s in summary if s.start == 0)
    assert first.text.startswith("Sergei Lavrov told reporters") and "(a view" not in first.text
    assert "".join(text[p.start : p.end] for p in first.pieces) == first.text
    from storyline.summarize import candidates

    second = next(c for c in candidates([analysis]) if c.start > 0)
    assert "which Moscow opposes" in second.text and second.pieces is None  # relative clauses stay


def test_a_quotation_is_never_shortened(nlp):
    from storyline.asides import find_asides
    from storyline.quotes import find_quotes

    text = ('Mr. Obama said the museum would tell the stories of Americans -- "the president but also '
            'the slave, the keeper of the status quo, but also the activist." Lavrov, Russia\'s foreign '
            'minister, left.')
    doc = nlp(text)
    cut = [text[a.start : a.end] for a in find_asides(doc, find_quotes(doc, "a"))]
    assert cut == [", Russia's foreign minister,"]


def test_no_concept_of_one_sentence_weighs_more_than_the_ceiling_it_is_skipped_under() -> None:
    from storyline import summarize as s

    ceiling = s._one_sentence_ceiling()
    for articles in range(1, 60):
        for position in range(6):
            lead, top = int(position == 0), int(position < 3)
            for single in (True, False):
                assert s._concept_weight(1, lead, top, position, 1, articles, single) <= ceiling
    assert s._SKIP_ONE_SENTENCE == (ceiling <= s.MIN_WEIGHT)
