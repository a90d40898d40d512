"""Summary: salient, non-redundant, readable sentences within the word budget."""

from __future__ import annotations

from storyline.model import Article, ArticleAnalysis, Sentence
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
        "Rescuers evacuated villages as the river flooded.",
    ], "2020-05-01")
    summary = summarize([long], [], words=12)
    assert [s.text for s in summary] == ["Rescuers evacuated villages as the river flooded."]
    assert summarize([long], [], words=0) == []
