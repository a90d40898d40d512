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
    assert stances == sorted(stances, key=lambda s: (s.story or "", s.issue, s.actor_name or ""))
    assert all(s.evidence for s in stances)


def _event(article, text, type_, source_text, source_id=None, trigger=None, negated=False):
    start = text.index(source_text)
    return Event(id=f"{article}:e", article=article, start=0, end=len(text), text=text, type=type_,
                 source=source_id, source_text=source_text, source_start=start,
                 source_end=start + len(source_text), trigger=trigger, negated=negated)


def test_every_coordinated_source_and_a_counted_group_take_the_side():
    d = make("d", ["Cyprus, Spain and Peru refused Kosovo's independence."])
    e = make("e", ["So far, 18 of the 27 member states have backed Kosovo's independence."])
    analyses = [d, e]
    events = [
        _event("d", d.article.text, "REJECT", "Cyprus, Spain and Peru", "e-cyprus", "refused"),
        _event("e", e.article.text, "SUPPORT", "18 of the 27 member states", None, "backed"),
    ]
    found = positions(find_stances(events, [], entities_for(analyses), analyses))
    issue = "Kosovo's independence"
    assert {a for (a, i), p in found.items() if p == "oppose" and i == issue} == {"Cyprus", "Spain", "Peru"}
    assert found[("18 of the 27 member states", issue)] == "support"


def test_capital_speaks_for_its_country_and_adjectives_are_not_actors():
    d = make("d", ["Belgrade rejected Kosovo's independence.", "Russian officials said little."])
    e = make("e", ["Serbia has never recognised Kosovo's independence.", "Russian media backed Kosovo's independence."])
    analyses = [d, e]
    entities = [
        Entity(id="gpe:belgrade", name="Belgrade", type="GPE", affiliation="SRB",
               mentions=[Mention(article="d", start=0, end=8, text="Belgrade")]),
        Entity(id="gpe:serbia", name="Serbia", type="GPE", affiliation="SRB",
               mentions=[Mention(article="e", start=0, end=6, text="Serbia")]),
        Entity(id="norp:russian", name="Russian", type="NORP",
               mentions=[Mention(article="e", start=e.article.text.index("Russian"),
                                 end=e.article.text.index("Russian") + 7, text="Russian")]),
    ]
    stances = find_stances([], [], entities, analyses)
    assert {(s.actor, s.issue, s.position) for s in stances} == {
        ("gpe:serbia", "Kosovo's independence", "oppose")}
    assert len(stances[0].evidence) == 2  # one per sentence, both under Serbia


def test_no_side_on_ones_own_issue_or_in_a_hypothetical():
    d = make("d", ["Kosovo's independence violates the law, Peru said.",
                   "Lavrov warned that recognizing Kosovo's independence would encourage separatists."])
    e = make("e", ["Kosovo's independence was declared."])
    analyses = [d, e]
    entities = entities_for(analyses) + [Entity(id="e-kosovo", name="Kosovo", type="GPE", mentions=[
        Mention(article="d", start=0, end=6, text="Kosovo")])]
    found = positions(find_stances([], [], entities, analyses))
    assert ("Kosovo", "Kosovo's independence") not in found
    assert ("Lavrov", "Kosovo's independence") not in found


def test_issues_and_stances_belong_to_their_story():
    from storyline.model import Story

    analyses = [A, B, C]
    stories = [Story(id="s1", title="t", articles=["a", "b"]), Story(id="s2", title="u", articles=["c"])]
    stances = find_stances([], [], entities_for(analyses), analyses, stories)
    assert stances and {s.story for s in stances} == {"s1"}  # story s2 has no side taken
    assert all(e.article in ("a", "b") for s in stances for e in s.evidence)
