"""Timeline: one entry per (story, day) from dated sentences and events."""

from __future__ import annotations

from storyline.model import Article, ArticleAnalysis, DateMention, Event, Sentence, Span, Story
from storyline.timeline import build_timeline

S1 = "Protesters gathered outside parliament on Monday and police blocked the main square."
S2 = "Police blocked the square on Monday as protesters gathered outside parliament."
S3 = "The minister resigned on Tuesday after the protests spread to other cities."


def make(aid: str, sentences: list[tuple[str, str, str | None]]) -> ArticleAnalysis:
    """`sentences`: (text, date word, resolved value or None)."""
    text, spans, dates = "", [], []
    for sentence, word, value in sentences:
        start = len(text)
        spans.append(Sentence(start=start, end=start + len(sentence)))
        if value:
            at = start + sentence.index(word)
            dates.append(DateMention(article=aid, start=at, end=at + len(word), text=word, type="DATE", value=value))
        text += sentence + " "
    return ArticleAnalysis(article=Article(id=aid, path=aid, text=text, published="2020-03-04"), sentences=spans, dates=dates)


A = make("a", [(S1, "Monday", "2020-03-02"), (S3, "Tuesday", "2020-03-03")])
B = make("b", [(S2, "Monday", "2020-03-02"), ("Nobody knows what happens next week.", "week", "2020-W11")])
STORY = Story(id="s-a", title="Protests", articles=["a", "b"])


def test_one_entry_per_day_with_sources_from_every_article():
    entries = build_timeline([STORY], [], [A, B])
    assert [e.date for e in entries] == ["2020-03-02", "2020-03-03"]  # the week is not a day
    monday = entries[0]
    assert {s.article for s in monday.sources} == {"a", "b"} and monday.story == "s-a"
    assert monday.text in {S1, S2}
    assert entries[1].text == S3


def test_events_join_their_day_and_lift_their_sentence():
    start = B.article.text.index(S2)
    event = Event(
        id="ev1", type="PROTEST", article="b", start=start, end=start + len(S2), text=S2, date="2020-03-02", date_source="text",
        reports=[Span(article="b", start=start, end=start + len(S2))],
    )
    undated = event.model_copy(update={"id": "ev2", "date": "2020-03"})
    entries = build_timeline([STORY], [event, undated], [A, B])
    monday = entries[0]
    assert monday.events == ["ev1"] and monday.text == S2
    assert build_timeline([STORY], [undated, event], [B, A]) == entries


def test_stories_keep_separate_entries_for_the_same_day():
    other = Story(id="s-b", title="Other", articles=["b"])
    entries = build_timeline([Story(id="s-a", title="P", articles=["a"]), other], [], [A, B])
    assert [(e.date, e.story) for e in entries] == [("2020-03-02", "s-a"), ("2020-03-02", "s-b"), ("2020-03-03", "s-a")]


def test_events_dated_only_by_publication_make_no_entry():
    start = B.article.text.index(S2)
    event = Event(
        id="ev3", type="PROTEST", article="b", start=start, end=start + len(S2), text=S2,
        date="2020-03-09", date_source="published",
        reports=[Span(article="b", start=start, end=start + len(S2))],
    )
    assert all(e.date != "2020-03-09" for e in build_timeline([STORY], [event], [A, B]))
