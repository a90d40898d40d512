import pytest

from storyline.entities import find_mentions
from storyline.entity_merge import merge_entities
from storyline.names import name_key
from storyline.model import Article, ArticleAnalysis


def analyse(nlp, article_id: str, text: str) -> ArticleAnalysis:
    doc = nlp(text)
    return ArticleAnalysis(
        article=Article(id=article_id, path=article_id, text=text),
        mentions=find_mentions(doc, article_id),
    )


@pytest.mark.parametrize(
    "a, b",
    [("Sergei Lavrov", "Sergey Lavrov"), ("NATO", "Nato"), ("U.N.", "UN"), ("KFOR", "KFor"),
     ("Dmitry Peskov", "Dmitri Peskov"), ("Priština", "Pristina")],
)
def test_spelling_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


def test_different_names_keep_different_keys():
    assert name_key("Serbia") != name_key("Serbs")
    assert name_key("Sergei Lavrov") != name_key("Sergei Polunin")


def test_mentions_offsets_match_text_and_surname_joins_full_name(nlp):
    text = "Russian Foreign Minister Sergei Lavrov spoke on Monday. Lavrov said talks would go on."
    analysis = analyse(nlp, "a1", text)
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
    people = [m for m in analysis.mentions if "Lavrov" in m.text]
    assert len(people) == 2 and len({m.chain for m in people}) == 1
    assert people[0].name == "Sergei Lavrov"
    assert "Russian Foreign Minister" in people[0].titles


def test_variants_across_articles_become_one_entity(nlp):
    one = analyse(nlp, "a1", "Russian Foreign Minister Sergei Lavrov denounced the plan of NATO.")
    two = analyse(nlp, "a2", "Sergey Lavrov said Nato was considering force. Lavrov did not say more.")
    index = merge_entities([one, two])
    lavrov = [e for e in index.entities if "Lavrov" in e.name]
    assert len(lavrov) == 1
    assert {m.article for m in lavrov[0].mentions} == {"a1", "a2"}
    assert lavrov[0].type == "PERSON"
    assert "Sergey Lavrov" in lavrov[0].aliases or lavrov[0].name == "Sergey Lavrov"
    nato = [e for e in index.entities if e.name.lower() == "nato"]
    assert len(nato) == 1 and len(nato[0].mentions) == 2


def test_acronym_learned_from_parentheses_links_later_articles(nlp):
    one = analyse(nlp, "a1", "Soldiers of the NATO-led Kosovo Force (KFOR) stood by at the border.")
    two = analyse(nlp, "a2", "The peacekeeping mission, KFor, currently consists of 3,800 troops.")
    index = merge_entities([one, two])
    kfor = [e for e in index.entities if "Kosovo Force" in [e.name, *e.aliases]]
    assert len(kfor) == 1
    assert {m.article for m in kfor[0].mentions} == {"a1", "a2"}


def test_people_sharing_a_surname_are_not_merged_without_evidence(nlp):
    one = analyse(nlp, "a1", "George Bush met the Saudi king on Monday.")
    two = analyse(nlp, "a2", "Jeb Bush spoke in Miami on Tuesday. Bush said he would run.")
    index = merge_entities([one, two])
    bushes = [e for e in index.entities if e.name.endswith("Bush")]
    assert len(bushes) == 2


def test_country_and_its_people_are_different_entities(nlp):
    one = analyse(nlp, "a1", "Serbia recalled its ambassadors. Most Serbs oppose losing Kosovo.")
    index = merge_entities([one])
    names = {e.name for e in index.entities}
    assert "Serbia" in names and "Serbs" in names


def test_entity_index_finds_entity_by_overlapping_span(nlp):
    one = analyse(nlp, "a1", "Russian Foreign Minister Sergei Lavrov denounced the mission.")
    index = merge_entities([one])
    start = one.article.text.index("Lavrov")
    entity = index.at("a1", start, start + len("Lavrov"))
    assert entity is not None and "lavrov" in entity


def test_untagged_person_subject_and_surname_are_found(nlp):
    text = "Vuk Jeremic said Serbia would not use force. Later Jeremic told reporters he was calm."
    mentions = find_mentions(nlp(text), "a")
    people = [m for m in mentions if m.label == "PERSON"]
    assert [m.text for m in people] == ["Vuk Jeremic", "Jeremic"]
    assert people[0].chain == people[1].chain


def test_headline_capitals_are_not_people(nlp):
    mentions = find_mentions(nlp("Russia Denounces Kosovo Declaration, Calls Emergency Session\n\nMoscow said."), "a")
    assert not any(m.label == "PERSON" for m in mentions)


def test_time_zone_and_capitalised_adjective_are_not_names(nlp):
    text = "Last updated 00:27 GMT.\n\n\u201cNeutral and impartial\u201d, NATO said. It was neutral."
    assert not {m.text for m in find_mentions(nlp(text), "a")} & {"GMT", "Neutral"}


def test_name_under_a_title_is_a_person(nlp):
    mentions = find_mentions(nlp("Officials said Chancellor Olaf Scholz will meet them."), "a")
    assert any(m.text == "Olaf Scholz" and m.label == "PERSON" for m in mentions)


def test_apposition_head_is_a_title(nlp):
    text = "The commander of the NATO-led Kosovo Force (KFOR), General Xavier Bout de Marnhac, spoke."
    person = next(m for m in find_mentions(nlp(text), "a") if m.label == "PERSON")
    assert "commander of the NATO-led Kosovo Force (KFOR)" in person.titles


def test_entity_index_agrees_with_spacy(nlp, seed_texts):
    """`ents_within` and `entity_at` (bisects) give what `Span.ents` and a scan of `doc.ents` give."""
    from storyline.entities import entity_at, ents_within

    doc = nlp(next(iter(seed_texts.values())))
    ents = list(doc.ents)
    assert ents
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in ents_within(doc, sent.start, sent.end)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    for start, end in [(0, len(doc)), (3, 40), (ents[0].start, ents[0].end), (ents[0].start + 1, ents[-1].end)]:
        assert [(e.start, e.end) for e in ents_within(doc, start, end)] == [(e.start, e.end) for e in doc[start:end].ents]
    for token in doc:
        found = next((e for e in ents if e.start <= token.i < e.end), None)
        at = entity_at(doc, token.i)
        assert (at.start, at.end, at.label_) == (found.start, found.end, found.label_) if found else at is None


def test_surname_joins_the_nearest_full_name_in_the_article(nlp):
    """A bare surname joins the full name ending in it; when several people of the article carry
    it, the nearest full mention before it decides."""
    one = find_mentions(nlp("Sergei Lavrov met reporters. Lavrov said talks would go on."), "a")
    assert len({m.chain for m in one if m.text.endswith("Lavrov")}) == 1
    two = find_mentions(nlp("Hillary Clinton met Bill Clinton in Ohio. Later Clinton spoke."), "a")
    chains = {m.text: m.chain for m in two}
    assert chains["Hillary Clinton"] != chains["Bill Clinton"]
    assert chains.get("Clinton") == chains["Bill Clinton"]
