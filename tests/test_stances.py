"""Stances: cues read per article from the parse (`stance_cues`), aggregated per story (`stances`)."""

from __future__ import annotations

import re

import pytest

from storyline.model import Article, ArticleAnalysis, Entity, Mention, Sentence, Story
from storyline.stance_cues import find_stance_cues
from storyline.stances import Issues, find_stances

ENTITY_NAMES = {"Russia": "GPE", "Cyprus": "GPE", "Spain": "GPE", "France": "GPE", "Peru": "GPE",
                "Lavrov": "PERSON", "Kosovo": "GPE", "Serbia": "GPE", "Democratic Party": "ORG",
                "Vermont": "GPE", "Bernie Sanders": "PERSON"}


@pytest.fixture(scope="module")
def make(nlp):
    def build(aid: str, sentences: list[str]) -> ArticleAnalysis:
        text = " ".join(sentences)
        doc = nlp(text)
        return ArticleAnalysis(
            article=Article(id=aid, path=aid, text=text),
            sentences=[Sentence(start=s.start_char, end=s.end_char) for s in doc.sents],
            stance_cues=find_stance_cues(doc, aid),
        )
    return build


def entities_for(analyses: list[ArticleAnalysis]) -> list[Entity]:
    found = []
    for name, kind in sorted(ENTITY_NAMES.items()):
        mentions = [
            Mention(article=a.article.id, start=m.start(), end=m.end(), text=name)
            for a in analyses for m in re.finditer(rf"\b{name}\b", a.article.text)
        ]
        if mentions:
            found.append(Entity(id="e-" + name.lower(), name=name, type=kind, mentions=mentions))
    return found


# A second article naming the issue, so that it recurs in the story.
DECLARED = ["Kosovo's independence was declared."]


def stances_in(make, *articles: list[str], stories=None):
    """The stances of articles "a", "b", … made of these sentences."""
    analyses = [make(chr(ord("a") + n), sentences) for n, sentences in enumerate(articles)]
    return find_stances(entities_for(analyses), analyses, stories)


def positions(stances) -> dict[tuple[str, str], str]:
    return {(s.actor_name, s.issue): s.position for s in stances}


def cues(nlp, text: str) -> list[tuple[str, str, bool, str, str]]:
    return [(c.holder_text, c.side, c.modality == "negated", c.modality, c.target_text)
            for c in find_stance_cues(nlp(text), "x")]


@pytest.mark.parametrize("text, expected", [
    ("Russia rejected Kosovo's independence declaration.",
     ("Russia", "oppose", False, "asserted", "Kosovo's independence declaration")),
    ("The plan was condemned by Russia on Monday.", ("Russia", "oppose", False, "asserted", "The plan")),
    ("Spain did not recognise Kosovo.", ("Spain", "support", True, "negated", "Kosovo")),
    ("Spain refused to recognise Kosovo.", ("Spain", "support", True, "negated", "Kosovo")),
    ("Moscow voiced strong opposition to the plan.", ("Moscow", "oppose", False, "asserted", "the plan")),
    ("Russia said the declaration is illegal.", ("Russia", "oppose", False, "asserted", "the declaration")),
    ("The parliament declared the split illegal.", ("parliament", "oppose", False, "asserted", "the split")),
    ("Serbia urged the Council to oppose the declaration.", ("Serbia", "oppose", False, "intended", "the declaration")),
])
def test_cue_frames_from_the_parse(nlp, text, expected):
    assert expected in cues(nlp, text)


@pytest.mark.parametrize("text", [
    "Russia warned nations against supporting separatism.",  # a gerund's doer is unsaid
    "Russian officials said little.",  # no cue
    "Obama endorsed Clinton.",  # a person is no issue
    "The Russian plan was rejected.",  # no holder
    "Obama recognized the significance of the vote.",  # recognising a thing is no stance
])
def test_no_cue_without_a_holder_and_a_thing(nlp, text):
    assert cues(nlp, text) == []


def test_issues_recur_fold_and_leave_out_roles_and_stances(make):
    a = make("a", ["Russia rejected Kosovo's independence declaration.",
                   "The secretary of state backed the EU mission.", "It needs recognition of Kosovo."])
    b = make("b", ["Peru backed Kosovo's independence.", "The secretary of state praised the EU mission.",
                   "It seeks recognition of Kosovo."])
    issues = Issues([a, b, make("c", DECLARED)])
    assert issues.issue("Kosovo's independence declaration") == "Kosovo's independence"
    assert issues.issue("the EU mission") == "EU mission"
    assert issues.issue("secretary of state") is None and issues.issue("recognition of Kosovo") is None
    assert issues.complement("recognition") == "Kosovo"


def test_sides_negation_coordination_and_stance_nouns(make):
    found = positions(stances_in(
        make,
        ["Russia rejected Kosovo's independence declaration as illegal.",
         "France has recognised Kosovo's independence.",
         "Spain did not recognise Kosovo's independence."],
        ["Peru backed Kosovo's independence on Monday.",
         "Cyprus and Spain have refused recognition of Kosovo.",
         "Lavrov denounced the EU mission."],
        ["The EU mission will deploy in spring and Kosovo's independence was declared."]))
    issue = "Kosovo's independence"
    assert found[("Russia", issue)] == "oppose"
    assert found[("France", issue)] == "support"
    assert found[("Peru", issue)] == "support"
    assert found[("Spain", issue)] == "oppose"  # "did not recognise" and "refused recognition of"
    assert found[("Cyprus", issue)] == "oppose"  # coordinated with Spain
    assert found[("Lavrov", "EU mission")] == "oppose"
    assert ("Kosovo", issue) not in found  # no side on one's own issue


def test_unsure_is_no_stance(make):
    assert stances_in(make, ["If elected, Peru would support Kosovo's independence.",
                             "Did France back Kosovo's independence?",
                             "Russia did not oppose Kosovo's independence."], DECLARED) == []


def test_a_tie_is_no_stance_and_confidence_follows_agreement(make):
    stances = stances_in(make, ["Peru backed Kosovo's independence.", "Peru rejected Kosovo's independence."],
                         ["Serbia rejected Kosovo's independence.", "Serbia condemned Kosovo's independence.",
                          "Serbia praised Kosovo's independence."])
    assert [(s.actor_name, s.position) for s in stances] == [("Serbia", "oppose")]
    assert 0 < stances[0].confidence < 1 and len(stances[0].evidence) == 3


def test_issues_and_stances_belong_to_their_story(make):
    stories = [Story(id="s1", title="t", articles=["a", "b"]), Story(id="s2", title="u", articles=["c"])]
    stances = stances_in(make, ["Russia rejected Kosovo's independence."], ["Peru backed Kosovo's independence."],
                         ["France backed the EU mission.", "Peru backed the EU mission."], stories=stories)
    assert {(s.story, s.actor_name) for s in stances} == {
        ("s1", "Russia"), ("s1", "Peru"), ("s2", "France"), ("s2", "Peru")}
    assert all(e.article in ("a", "b") for s in stances if s.story == "s1" for e in s.evidence)


def test_the_holder_is_the_head_of_the_phrase_not_its_modifiers(make):
    found = positions(stances_in(make, ["Pro-life members of the Democratic Party denounced Kosovo's independence.",
                                        "Vermont Sen. Bernie Sanders backed Kosovo's independence.",
                                        "Serbia's foreign minister rejected Kosovo's independence."], DECLARED))
    assert found == {("Bernie Sanders", "Kosovo's independence"): "support",
                     ("Serbia", "Kosovo's independence"): "oppose"}


def test_an_issue_quoting_its_source_is_named_without_quotation_marks(make):
    stances = stances_in(make, ['Russia supports Serbia\'s "just demands" for a settlement.'], DECLARED)
    assert [(s.actor_name, s.position) for s in stances] == [("Russia", "support")]
    assert not any(mark in stances[0].issue for mark in '"“”')
