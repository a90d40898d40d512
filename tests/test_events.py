"""PLOVER event coding: seed-article expectations and parse phenomena on our own sentences."""

from __future__ import annotations

import pytest

from storyline.events import find_events
from storyline.model import DateMention


@pytest.fixture(scope="module")
def seed_events(nlp, seed_texts):
    """Events of every seed article (raw text), by file-name prefix."""
    return {
        name[:3]: (text, find_events(nlp(text), name[:3], [], "2000-01-01"))
        for name, text in seed_texts.items()
    }


def _events(nlp, text, dates=(), published=None):
    return find_events(nlp(text), "t", list(dates), published)


def _with(events, phrase):
    return [e for e in events if phrase in e.text]


def test_belgrade_rally_and_serbian_protest(seed_events) -> None:
    _, events = seed_events["000"]
    protests = [e for e in _with(events, "Serbians were to protest") if e.type == "PROTEST"]
    assert any(e.trigger == "protest" for e in protests)
    assert any(e.type == "PROTEST" and e.trigger == "rally" for e in events)


def test_zvecan_protest_has_its_place(seed_events) -> None:
    _, events = seed_events["003"]
    (protest,) = [e for e in _with(events, "protest outside the city hall") if e.type == "PROTEST"]
    assert protest.place is not None and protest.place.country == "XKX"
    assert protest.place.lat is not None


def test_nato_sends_troops(seed_events) -> None:
    _, events = seed_events["003"]
    (send,) = [e for e in _with(events, "700 more troops") if e.type == "MOBILIZE"]
    assert send.source_code == "NATO" and send.cameo.startswith("15")
    assert not send.negated


def test_russia_denounces_the_declaration(seed_events) -> None:
    _, events = seed_events["001"]
    assert any(e.type in ("DISAPPROVE", "REJECT") and e.trigger == "denounced"
               for e in _with(events, "Russia denounced Kosovo"))


def test_recalling_ambassadors_reduces_relations(seed_events) -> None:
    _, events = seed_events["000"]
    (recall,) = [e for e in events if e.trigger == "recalling"]
    assert (recall.type, recall.mode, recall.cameo) == ("SANCTION", "withdraw", "161")
    assert recall.source_code == "SRB"


def test_zvecan_clashes(seed_events) -> None:
    _, events = seed_events["003"]
    clashes = [e for e in _with(events, "clashed first with the police")]
    assert any(e.type in ("FIGHT", "ASSAULT") and e.source_code == "SRB" for e in clashes)


def test_serbia_would_not_use_force(seed_events) -> None:
    _, events = seed_events["002"]
    (force,) = [e for e in _with(events, "would not use force") if e.trigger == "use"]
    assert force.negated and force.source_code == "SRB"


def test_records_point_at_their_text(seed_events) -> None:
    for text, events in seed_events.values():
        for n, event in enumerate(events, 1):
            assert event.id.endswith(f":e{n}")
            assert text[event.start : event.end] == event.text
            if event.source_text is not None:
                assert text[event.source_start : event.source_end] == event.source_text
            if event.target_text is not None:
                assert text[event.target_start : event.target_end] == event.target_text
            assert event.reports[0].start == event.start
        assert [e.start for e in events] == sorted(e.start for e in events)


def test_passive_agent_is_the_source(nlp) -> None:
    (event,) = _events(nlp, "The convoy was attacked by Afghan rebels near Kabul.")
    assert event.type == "ASSAULT" and event.source_code == "AFGREB"
    assert event.place is not None and event.place.country == "AFG"


def test_threat_codes_the_threat_not_the_act(nlp) -> None:
    (event,) = _events(nlp, "Israel threatened to impose sanctions on Iran.")
    assert (event.type, event.mode) == ("THREATEN", "relations")
    assert event.trigger == "threatened"
    assert (event.source_code, event.target_code) == ("ISR", "IRN")


def test_warning_with_would_is_a_threat(nlp) -> None:
    events = _events(nlp, "Russia warned that its army would attack Georgia.")
    assert [e.type for e in events] == ["THREATEN"]


def test_claimed_events_are_reported(nlp) -> None:
    (event,) = _events(nlp, "Lavrov claimed that NATO attacked the convoy.")
    assert event.type == "ASSAULT" and event.modality == "reported"
    assert event.source_code == "NATO"


def test_light_verb_protest(nlp) -> None:
    (event,) = _events(nlp, "Serbian students staged a protest against the government.")
    assert event.type == "PROTEST" and event.trigger == "protest"
    assert event.source_code == "SRBEDU"


def test_recall_target_and_negation(nlp) -> None:
    (event,) = _events(nlp, "Serbia did not recall its ambassador from the United States.")
    assert event.type == "SANCTION" and event.negated
    assert event.target_code == "USA"


def test_stated_intention_to_cooperate_is_agree(nlp) -> None:
    (event,) = _events(nlp, "Finland will give Tanzania a grant of 5 million dollars.")
    assert event.type == "AGREE" and event.target_code == "TZA"


def test_no_event_without_a_trigger(nlp) -> None:
    assert _events(nlp, "The weather in Belgrade was mild on Sunday.") == []


def test_date_from_the_clause_else_published(nlp) -> None:
    text = "Serbs protested in Zvecan on Monday."
    start = text.index("Monday")
    monday = DateMention(article="t", start=start, end=start + 6, text="Monday",
                         type="DATE", value="2023-05-29")
    (event,) = _events(nlp, text, [monday], "2023-05-31")
    assert (event.date, event.date_source) == ("2023-05-29", "text")
    (event,) = _events(nlp, text, [], "2023-05-31")
    assert (event.date, event.date_source) == ("2023-05-31", "published")
