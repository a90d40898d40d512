"""Stances: actor x issue positions from cue words, quotes and events."""

from __future__ import annotations

import re

from storyline.model import Article, ArticleAnalysis, Entity, Event, Mention, Quote, Sentence
from storyline.stances import Issues, find_stances

ENTITY_NAMES = {"Russia": "GPE", "Cyprus": "GPE", "Spain": "GPE", "France": "GPE", "Peru": "GPE", "Lavrov": "PERSON"}


def make(aid: str, sentences: list[str]) -> ArticleAnalysis:
    text = " ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        spans.append(Sentence(start=at, end=at + len(sentence)))
        at += len(sentence) + 1
    return ArticleAnalysis(article=Article(id=aid, path=aid, text=text), sentences=spans)


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


A = make("a", [
    "Russia rejected Kosovo's independence declaration as illegal.",
    "France has recognised Kosovo's independence.",
    "Spain did not recognise Kosovo's independence.",
])
B = make("b", [
    "Peru backed Kosovo's independence on Monday.",
    "Cyprus and Spain have refused recognition.",
    "Lavrov said the EU mission was a violation of the law.",
])
C = make("c", ["The EU mission will deploy in spring and Kosovo's independence was declared."])


def positions(stances) -> dict[tuple[str, str], str]:
    return {(s.actor_name, s.issue): s.position for s in stances}


def test_issues_recur_across_articles_and_fold_variants():
    issues = Issues([A, B, C])
    assert issues.issue("Kosovo's independence declaration") == "Kosovo's independence"
    assert issues.issue("the EU mission") == "EU mission"
    assert issues.issue("Serbia's sovereignty") is None  # said once


def test_cue_polarity_negation_coordination_and_elided_issue():
    analyses = [A, B, C]
    found = positions(find_stances([], [], entities_for(analyses), analyses))
    issue = "Kosovo's independence"
    assert found[("Russia", issue)] == "oppose"
    assert found[("France", issue)] == "support"
    assert found[("Peru", issue)] == "support"
    assert found[("Spain", issue)] == "oppose"  # "did not recognise" and "refused recognition"
    assert found[("Cyprus", issue)] == "oppose"  # coordinated with Spain, issue from the sentence before
    assert found[("Lavrov", "EU mission")] == "oppose"


def test_quote_speaker_is_the_actor_and_events_count():
    text = 'Peru said: "We support the EU mission fully."'
    d = make("d", [text])
    analyses = [d, C]
    entities = entities_for(analyses) + [Entity(id="e-x", name="Xland", type="GPE")]
    start = text.index("We")
    quote = Quote(id="q1", article="d", start=start, end=text.index('."'), text="We support the EU mission fully",
                  kind="direct", speaker="e-x")
    event = Event(id="ev1", type="REJECT", source="e-russia", article="c", start=0, end=len(C.article.text),
                  text=C.article.text)
    stances = find_stances([event], [quote], entities, analyses)
    found = positions(stances)
    assert found[("Xland", "EU mission")] == "support"
    assert {(s.actor, s.issue, s.position) for s in stances} >= {("e-russia", "EU mission", "oppose")}
    assert stances == sorted(stances, key=lambda s: (s.issue, s.actor))
    assert all(s.evidence for s in stances)
