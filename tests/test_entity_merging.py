"""Cross-article identity: surnames, name variants, acronyms, labels, ambiguity and confidence.

Most tests build the per-article mention chains by hand, so that they test merge_entities's
rules and not the statistical NER; the last ones go through find_mentions."""

from __future__ import annotations

import pytest

from storyline.entities import find_mentions
from storyline.entity_merge import EVIDENCE_KINDS, evidence_confidence, merge_entities
from storyline.names import person_name, same_person
from storyline.model import Article, ArticleAnalysis, EntityMention


def article(article_id: str, *chains: list[tuple[str, str]]) -> ArticleAnalysis:
    """An article whose chains are given as lists of (text, label); offsets are made up."""
    mentions, pos = [], 0
    for n, chain in enumerate(chains):
        for text, label in chain:
            mentions.append(EntityMention(article=article_id, start=pos, end=pos + len(text), text=text,
                                          label=label, chain=n, name=chain[0][0]))
            pos += len(text) + 1
    text = " ".join(m.text for m in mentions)
    return ArticleAnalysis(article=Article(id=article_id, path=article_id, text=text), mentions=mentions)


def owners(index, text: str) -> set[str]:
    return {e.id for e in index.entities for m in e.mentions if m.text == text}


def entity_holding(index, text: str):
    (found,) = [e for e in index.entities if any(m.text == text for m in e.mentions)]
    return found


P = "PERSON"


def test_bare_surname_in_another_article_joins_the_one_person_carrying_it():
    index = merge_entities([
        article("a1", [("Sergei Lavrov", P), ("Lavrov", P)]),
        article("a2", [("Lavrov", P)], [("Mr. Lavrov's", P)]),
        article("a3", [("Lavrov", "ORG")]),  # the NER's label varies; the name is the same
    ])
    assert len(owners(index, "Lavrov") | owners(index, "Sergei Lavrov") | owners(index, "Mr. Lavrov's")) == 1
    lavrov = entity_holding(index, "Sergei Lavrov")
    assert lavrov.type == "PERSON" and len(lavrov.mentions) == 5


def test_bush_family_stays_apart_and_bare_bush_joins_none():
    index = merge_entities([
        article("a1", [("George W. Bush", P)]),
        article("a2", [("George H. W. Bush", P)]),
        article("a3", [("Jeb Bush", P), ("Bush", P)]),
        article("a4", [("George Bush", P)]),
        article("a5", [("Bush", P)]),
    ])
    ids = [owners(index, form) for form in ("George W. Bush", "George H. W. Bush", "Jeb Bush", "George Bush")]
    assert len(set().union(*ids)) == 4  # "George Bush" fits two of them: it joins neither
    bare = [e for e in index.entities if e.mentions[0].article == "a5"]
    assert len(bare) == 1 and len(bare[0].mentions) == 1  # three Bushes: a bare one joins none
    assert index.ambiguous == 2  # "George Bush" and the bare "Bush", counted


def test_clintons_stay_apart_and_an_undecided_bare_surname_is_counted():
    index = merge_entities([
        article("a1", [("Hillary Clinton", P)], [("Bill Clinton", P)]),
        article("a2", [("Hillary Clinton", P)]),
        article("a3", [("Clinton", P)]),
    ])
    assert owners(index, "Hillary Clinton").isdisjoint(owners(index, "Bill Clinton"))
    assert owners(index, "Clinton").isdisjoint(owners(index, "Hillary Clinton") | owners(index, "Bill Clinton"))
    assert index.ambiguous == 1


def test_a_surname_goes_to_the_person_holding_nearly_all_mentions_of_it():
    many = [article(f"a{n}", [("Donald Trump", P), ("Trump", P)]) for n in range(12)]
    index = merge_entities([*many, article("m", [("Melania Trump", P)]), article("z", [("Trump", P)])])
    donald = entity_holding(index, "Donald Trump")
    assert any(m.article == "z" for m in donald.mentions)
    assert owners(index, "Melania Trump").isdisjoint({donald.id})
    assert any(link.kind == "surname_dominant" for link in index.links)


def test_middle_initial_joins_but_a_suffix_does_not():
    index = merge_entities([
        article("a1", [("Donald J. Trump", P)]),
        article("a2", [("Donald Trump", P)]),
        article("a3", [("Donald Trump Jr.", P)]),
    ])
    assert owners(index, "Donald J. Trump") == owners(index, "Donald Trump")
    assert owners(index, "Donald Trump Jr.").isdisjoint(owners(index, "Donald Trump"))


@pytest.mark.parametrize(
    "a, b, loose, same",
    [
        ("Donald J. Trump", "Donald Trump", False, True),
        ("George W. Bush", "George H. W. Bush", False, False),
        ("George W. Bush", "Jeb Bush", False, False),
        ("Hillary Clinton", "Bill Clinton", False, False),
        ("Tim Sloan", "Timothy J. Sloan", True, True),
        ("Tim Sloan", "Timothy J. Sloan", False, False),  # across articles first names must agree
        ("Donald Trump", "Donald Trump Jr.", False, False),
    ],
)
def test_same_person(a, b, loose, same):
    assert same_person(person_name(a), person_name(b), loose_first=loose) is same


def test_acronym_learned_from_the_initials_of_a_corpus_name():
    index = merge_entities([
        article("a1", [("Associated Press", "ORG")]),
        article("a2", [("AP", "ORG")]),
    ])
    assert owners(index, "AP") == owners(index, "Associated Press")
    assert entity_holding(index, "AP").type == "ORG"


def test_acronym_two_names_could_spell_joins_neither():
    index = merge_entities([
        article("a1", [("Associated Press", "ORG")]),
        article("a2", [("Advance Publications", "ORG")]),
        article("a3", [("AP", "ORG")]),
    ])
    assert len(owners(index, "AP") | owners(index, "Associated Press") | owners(index, "Advance Publications")) == 3


def test_one_name_under_two_labels_is_one_entity_and_a_people_stays_apart():
    index = merge_entities([
        article("a1", [("Abkhazia", "GPE")], [("Abkhazians", "NORP")]),
        article("a2", [("Abkhazia", "NORP")]),
        article("a3", [("Abkhazia", "GPE")]),
    ])
    abkhazia = entity_holding(index, "Abkhazia")
    assert len(abkhazia.mentions) == 3 and abkhazia.type == "GPE"
    assert owners(index, "Abkhazians").isdisjoint({abkhazia.id})


def test_confidence_is_one_for_an_unmerged_entity_and_the_calibrated_product_otherwise():
    index = merge_entities([
        article("a1", [("Associated Press", "ORG")], [("Sergei Lavrov", P)]),
        article("a2", [("AP", "ORG")]),
    ])
    assert entity_holding(index, "Sergei Lavrov").confidence == 1.0
    merged = entity_holding(index, "AP")
    assert merged.confidence == round(evidence_confidence()["acronym_corpus"], 3)
    assert 0 < merged.confidence < 1


def test_calibration_table_covers_every_evidence_kind():
    table = evidence_confidence()
    assert set(EVIDENCE_KINDS) <= set(table)
    assert all(0 < p < 1 for p in table.values())


def test_titles_and_honorifics_join_the_full_name_across_articles(nlp):
    def analyse(article_id: str, text: str) -> ArticleAnalysis:
        return ArticleAnalysis(article=Article(id=article_id, path=article_id, text=text),
                               mentions=find_mentions(nlp(text), article_id))

    index = merge_entities([
        analyse("a1", "Donald Trump spoke in Iowa on Monday. He said he would win."),
        analyse("a2", "President Trump met reporters in Ohio. Mr. Trump said the polls were wrong."),
    ])
    trump = [e for e in index.entities if any("Trump" in m.text for m in e.mentions)]
    assert len(trump) == 1 and {m.article for m in trump[0].mentions} == {"a1", "a2"}
    assert all(m.text == "Trump" for m in trump[0].mentions if m.article == "a2")


def test_short_first_name_and_initial_are_one_person_inside_an_article(nlp):
    text = ("Tim Sloan resigned as chief executive on Tuesday. Timothy J. Sloan said he was proud "
            "of the bank. Sloan joined the company in 1987.")
    mentions = [m for m in find_mentions(nlp(text), "a") if "Sloan" in m.text]
    assert len(mentions) == 3 and len({m.chain for m in mentions}) == 1


def _person_analysis(article_id: str, mentions: list[tuple[str, str]]) -> ArticleAnalysis:
    """An analysis holding only `mentions` (text, label), one chain per distinct text."""
    text = " . ".join(t for t, _ in mentions)
    out, start, chains = [], 0, {}
    for mention, label in mentions:
        chain = chains.setdefault(mention, len(chains))
        out.append(EntityMention(article=article_id, start=start, end=start + len(mention), text=mention,
                                 label=label, chain=chain, name=mention))
        start += len(mention) + 3
    return ArticleAnalysis(article=Article(id=article_id, path=f"{article_id}.txt", text=text), mentions=out)


def test_a_first_name_alone_joins_the_one_person_with_that_first_name() -> None:
    analyses = [
        _person_analysis("a1", [("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON")]),
        _person_analysis("a2", [("Hillary", "PERSON")]),
        # Two people called Chris: no join; a first name someone carries as a surname never
        # joins by first name.
        _person_analysis("a3", [("Chris Christie", "PERSON"), ("Chris Dodd", "PERSON"), ("Chris", "PERSON")]),
        _person_analysis("a4", [("Jordan Peele", "PERSON"), ("Michael Jordan", "PERSON")]),
        _person_analysis("a5", [("Jordan", "PERSON")]),
    ]
    index = merge_entities(analyses)
    owner = {m.text: e.name for e in index.entities for m in e.mentions}
    assert owner["Hillary"] == "Hillary Clinton"
    assert owner["Chris"] == "Chris"
    assert owner["Jordan"] != "Jordan Peele"  # a surname first: it may only join Michael Jordan
    assert any(link.kind == "first_name_unique" for link in index.links)
