"""Linking quotes and events to entities; one event with many reports."""

from storyline.corpus import merge_events
from storyline.model import Article, Event, Span


def event(article: str, type_: str = "MOBILIZE", source: str | None = "NATO", date: str | None = "2023-05-30", **kw) -> Event:
    return Event(
        id=f"{article}:e1", article=article, start=0, end=10, text="x" * 10, type=type_,
        source_code=source, date=date, reports=[Span(article=article, start=0, end=10)], **kw,
    )


ARTICLES = {a: Article(id=a, path=a, text="x", published=p) for a, p in
            [("a", "2023-05-30"), ("b", "2023-05-31"), ("c", "2023-06-20")]}


def test_reports_of_one_event_become_one_event_with_every_report():
    merged = merge_events([event("b", date="2023-05-31"), event("a")], ARTICLES)
    assert len(merged) == 1
    assert merged[0].article == "a"  # the earliest report is kept
    assert [r.article for r in merged[0].reports] == ["a", "b"]


def test_different_days_types_or_actors_stay_apart():
    assert len(merge_events([event("a"), event("c", date="2023-06-20")], ARTICLES)) == 2
    assert len(merge_events([event("a"), event("b", type_="PROTEST")], ARTICLES)) == 2
    assert len(merge_events([event("a"), event("b", source="SRB")], ARTICLES)) == 2


def test_events_without_actors_are_never_merged():
    assert len(merge_events([event("a", source=None), event("b", source=None)], ARTICLES)) == 2


def test_negated_event_is_not_the_event():
    assert len(merge_events([event("a"), event("b", negated=True)], ARTICLES)) == 2


def test_a_year_holds_the_finer_dates_of_the_same_event():
    assert len(merge_events([event("a", date="2008"), event("b", date="2008-WXX-7")], ARTICLES)) == 1
    assert len(merge_events([event("a", date="2008"), event("b", date="2009-WXX-7")], ARTICLES)) == 2
    assert len(merge_events([event("a", date="2008-WXX-6"), event("b", date="2008-WXX-7")],
                            ARTICLES)) == 2


def test_a_speaker_is_the_entity_of_its_head_word_not_of_a_modifier() -> None:
    from storyline.corpus import link_quotes
    from storyline.entity_merge import merge_entities
    from storyline.model import Article, ArticleAnalysis, EntityMention, Quote

    text = "One Democratic source said the deal was off. Sergei Lavrov's aide said no. Lavrov said yes."
    def at(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return start, start + len(needle)
    mentions = [EntityMention(article="a", start=s, end=e, text=text[s:e], label=label, chain=n, name=text[s:e])
                for n, (needle, label) in enumerate((("Democratic", "NORP"), ("Sergei Lavrov", "PERSON")))
                for s, e in [at(needle)]]
    lavrov = at("Lavrov said")
    lavrov = (lavrov[0], lavrov[0] + len("Lavrov"))
    mentions.append(EntityMention(article="a", start=lavrov[0], end=lavrov[1], text="Lavrov", label="PERSON",
                                  chain=1, name="Sergei Lavrov"))
    def quote(n: int, speaker: str, content: str, start_at: int = 0) -> Quote:
        s, e = at(speaker)
        c = text.index(content, start_at)
        return Quote(id=f"a:q{n}", article="a", start=c, end=c + len(content), text=content, kind="indirect",
                     speaker_text=speaker, speaker_start=s, speaker_end=e)
    quotes = [quote(1, "One Democratic source", "the deal was off"),
              quote(2, "Sergei Lavrov's aide", "no"),
              quote(3, "Lavrov", "yes")]
    analysis = ArticleAnalysis(article=Article(id="a", path="a.txt", text=text), mentions=mentions, quotes=quotes)
    index = merge_entities([analysis])
    speakers = {q.id: q.speaker for q in link_quotes([analysis], index)}
    lavrov_id = next(e.id for e in index.entities if e.name == "Sergei Lavrov")
    assert speakers == {"a:q1": None, "a:q2": None, "a:q3": lavrov_id}
