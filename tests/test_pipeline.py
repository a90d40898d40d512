"""End to end on the example corpus: what a user reading the brief must see."""

from __future__ import annotations

import json

import pytest

from storyline.api import brief
from storyline.settings import Settings


@pytest.fixture(scope="module")
def kosovo(tmp_path_factory, seed_dir):
    out = tmp_path_factory.mktemp("kosovo")
    result = brief([str(seed_dir)], out, settings=Settings(processes=1))
    return out, result


def article_by_file(result, prefix):
    return next(a for a in result.brief.articles if a.path.split("/")[-1].startswith(prefix))


def test_reports_are_written(kosovo):
    out, result = kosovo
    assert sorted(p.name for p in result.reports) == ["brief.html", "brief.json", "brief.md"]
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert data["schema"] == "storyline.brief/1"
    assert len(data["articles"]) == 5
    assert (out / "storyline.duckdb").exists()


def test_no_site_chrome_left(kosovo):
    _, result = kosovo
    chrome = ["BBC Home", "Explore the BBC", "IE 11 is not supported", "Other news", "ảnh 1",
              "RELATED INTERNET LINKS", "PRODUCTS & SERVICES", "Americas Africa Europe"]
    for article in result.brief.articles:
        for line in chrome:
            assert line not in article.text, (article.path, line)


def test_body_paragraphs_kept(kosovo):
    _, result = kosovo
    bbc = article_by_file(result, "002")
    assert bbc.text.rstrip().endswith("Norway and Switzerland.")
    assert "Vuk Jeremic said Serbia would not use force" in bbc.text
    first = article_by_file(result, "000")
    assert '"The leaders should think deeply of their responsibility' in first.text
    assert first.text.rstrip().endswith("two-day parliamentary assembly.")


def test_bbc_article_dated_from_its_date_line(kosovo):
    _, result = kosovo
    bbc = article_by_file(result, "002")
    assert bbc.published == "2008-02-15"
    assert "15 February 2008" in bbc.published_evidence


def test_every_record_points_at_its_text(kosovo):
    _, result = kosovo
    texts = {a.id: a.text for a in result.brief.articles}
    b = result.brief
    for record in [*b.quotes, *b.dates]:
        assert texts[record.article][record.start : record.end] == record.text
    for record in [*b.summary, *(s for story in b.stories for s in story.summary)]:
        text = texts[record.article]
        pieces = [(p.start, p.end) for p in record.pieces or [record]]
        assert "".join(text[a:b] for a, b in pieces) == record.text  # each kept piece exact
        assert record.start <= pieces[0][0] and pieces[-1][1] <= record.end
    for entity in b.entities:
        for mention in entity.mentions:
            assert texts[mention.article][mention.start : mention.end] == mention.text


def test_lavrov_quotes_from_two_articles_on_one_entity(kosovo):
    _, result = kosovo
    b = result.brief
    lavrov = [e for e in b.entities if e.name.endswith("Lavrov")]
    assert len(lavrov) == 1
    articles = {q.article for q in b.quotes if q.speaker == lavrov[0].id}
    assert {article_by_file(result, "000").id, article_by_file(result, "004").id} <= articles


def test_eu_mission_size_discrepancy(kosovo):
    _, result = kosovo
    values = [
        {v.value for v in d.values} for d in result.brief.discrepancies
    ]
    assert any(any("2,000" in v or "2000" in v for v in vs) and any("1,800" in v or "1800" in v for v in vs) for vs in values)


def test_2023_article_in_its_own_story(kosovo):
    _, result = kosovo
    zvecan = article_by_file(result, "003").id
    stories = result.brief.stories
    assert len(stories) >= 2
    story = next(s for s in stories if zvecan in s.articles)
    assert story.articles == [zvecan]


def test_same_input_gives_the_same_brief_byte_for_byte(kosovo, tmp_path, seed_dir):
    out, _ = kosovo
    brief([str(seed_dir)], tmp_path, settings=Settings(processes=2))
    assert (tmp_path / "brief.json").read_bytes() == (out / "brief.json").read_bytes()


def test_second_run_adds_only_what_is_new(kosovo, tmp_path, seed_dir):
    out, _ = kosovo
    again = brief([str(seed_dir)], tmp_path / "again", db_path=out / "storyline.duckdb")
    assert again.new == 0 and again.already_stored == 5
    assert len(again.brief.articles) == 5


def test_articles_analysed_by_other_code_are_analysed_again(kosovo, tmp_path, seed_dir, monkeypatch):
    """A store kept across an upgrade: the articles read again are analysed by the new code
    (stance cues and all), once; their stories are placed again."""
    import shutil

    import storyline.pipeline as pipeline

    out, _ = kosovo
    shutil.copy(out / "storyline.duckdb", tmp_path / "kept.duckdb")
    monkeypatch.setattr(pipeline, "ANALYSER", "code of another version")
    upgraded = brief([str(seed_dir)], tmp_path / "upgraded", db_path=tmp_path / "kept.duckdb")
    assert len(upgraded.reanalysed) == 5 and upgraded.new == 0
    assert {s.actor_name for s in upgraded.brief.stances} >= {"Russia", "Serbia"}


def test_seed_events_dated_as_precisely_as_the_text_allows(kosovo):
    """Undated articles of the 2008 story: weekdays placed after the story's dated BBC article
    (Friday 15 February), marked estimated; the BBC article's own events keep its date."""
    _, result = kosovo
    events = result.brief.events

    def dated(type_, phrase):
        return next((e.date, e.date_source) for e in events if e.type == type_ and phrase in e.text)

    assert dated("DISAPPROVE", "Russia denounced Kosovo") == ("2008-02-17", "estimated")  # Sunday
    assert dated("PROTEST", "Serbians were to protest") == ("2008-02-21", "estimated")  # Thursday
    assert dated("DEMAND", "foreign minister has urged") == ("2008-02-15", "published")
    recall = next(e for e in events if e.type == "SANCTION" and "recall" in e.trigger.lower())
    assert recall.date.startswith("2008") and recall.source_code.startswith("SRB")


def test_seed_stance_table(kosovo):
    """Against recognition: Russia, Serbia, Romania, Spain, Cyprus; for it: the US and the 18
    EU states — all on one issue of the 2008 story."""
    _, result = kosovo
    story = next(s.id for s in result.brief.stories if len(s.articles) > 1)
    sides = {(s.actor_name, s.position) for s in result.brief.stances
             if s.issue == "Kosovo's independence" and s.story == story}
    for country in ("Russia", "Serbia", "Romania", "Spain", "Cyprus"):
        assert (country, "oppose") in sides
    assert ("United States", "support") in sides
    assert ("18 of the 27 EU member states", "support") in sides
    assert not any(name in ("Kosovo", "Belgrade") for name, _ in sides)  # Belgrade is Serbia


def test_adding_articles_leaves_untouched_stories_as_they_were(tmp_path, seed_dir):
    """The 2023 story is built from its one article; adding the 2008 articles later must not
    change it (id, title, articles, summary), and they must form their own story."""
    import shutil

    files = sorted(seed_dir.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for path in files:
        target = first if path.name.startswith(("000", "003")) else second
        shutil.copy(path, target / path.name)
    store = tmp_path / "store.duckdb"
    settings = Settings(processes=1)
    before = brief([str(first)], tmp_path / "a", db_path=store, settings=settings).brief
    after = brief([str(second)], tmp_path / "b", db_path=store, settings=settings).brief
    untouched = [s for s in before.stories if s in after.stories]
    assert untouched and all(s.id in {t.id for t in after.stories} for s in before.stories)
    new_articles = {a.id for a in after.articles} - {a.id for a in before.articles}
    assert all(not new_articles & set(s.articles) for s in untouched)
    grown = [s for s in after.stories if new_articles & set(s.articles)]
    assert grown and all(s not in before.stories for s in grown)


def test_seed_timeline_starts_at_the_security_council_and_leaves_out_the_planned_rally(kosovo):
    """The timeline says what happened: "Serbians were to protest … on Thursday" is a plan (in
    brief.json, marked planned), not a day of the timeline."""
    _, result = kosovo
    story = next(s.id for s in result.brief.stories if len(s.articles) > 1)
    entries = [e for e in result.brief.timeline if e.story == story]
    assert entries[0].date == "2008-02-14" and not entries[0].estimated
    planned = [e for e in result.brief.events if e.text.startswith("Serbians were to protest")
               and e.type == "PROTEST"]
    assert planned and all(e.modality == "planned" and e.modality_cue == "were to" for e in planned)
    assert not any(e.date == "2008-02-21" for e in entries)  # the planned Thursday


def _span_text(result, span):
    article = next(a for a in result.brief.articles if a.id == span.article)
    return article.text[span.start:span.end]


def test_figures_and_countries_of_the_whole_brief_are_filled(kosovo):
    _, result = kosovo
    figures = {q.text for q in result.brief.quantities}
    assert any("2,000" in f for f in figures) and any("1,800" in f for f in figures)
    assert {"SRB", "RUS"} <= set(result.brief.countries[:4])
    for quantity in result.brief.quantities:
        article = next(a for a in result.brief.articles if a.id == quantity.article)
        assert article.text[quantity.start:quantity.end] == quantity.text


def test_seed_russian_denunciation_is_one_event_with_two_reports(kosovo):
    """ "Russia denounced Kosovo's independence declaration Sunday" and "Russia has vocally
    condemned Kosovo's independence declaration" (an undated article) are one event."""
    _, result = kosovo
    denounced = [e for e in result.brief.events if e.type == "DISAPPROVE"
                 and e.source == "gpe:russia" and e.target == "gpe:kosovo"]
    assert len(denounced) == 1 and len({r.article for r in denounced[0].reports}) == 2


def test_the_brief_aims_a_protest_with_no_target_at_its_place_once_resolved(kosovo) -> None:
    """The places are resolved after coding (in the parent process): the CAMEO domestic target
    follows them there."""
    _, result = kosovo
    curfews_and_protests = [e for e in result.brief.events if e.type in ("PROTEST", "COERCE")
                            and e.target_text is None and e.place is not None
                            and e.place.country]
    assert curfews_and_protests
    assert all(e.target_code == e.place.country for e in curfews_and_protests)
