"""Entities on the example corpus: variant groups, roles, actor codes and places."""

from __future__ import annotations

import pytest

from storyline.api import brief
from storyline.settings import Settings


@pytest.fixture(scope="module")
def entities(tmp_path_factory, seed_dir):
    out = tmp_path_factory.mktemp("kosovo-entities")
    return brief([str(seed_dir)], out, settings=Settings(processes=1)).brief.entities


def holding(entities, form):
    """The entities with a mention written exactly `form`."""
    return [e for e in entities if any(m.text == form for m in e.mentions)]


@pytest.mark.parametrize(
    "forms",
    [
        ["Sergei Lavrov", "Sergey Lavrov", "Lavrov"],
        ["NATO", "Nato"],
        ["KFOR", "KFor", "Kosovo Force"],
        ["U.N.", "UN", "United Nations"],
        ["U.S.", "US", "United States"],
        ["U.N. Security Council", "UN Security Council", "Security Council"],
        ["Vuk Jeremic", "Jeremic"],
    ],
)
def test_variant_group_is_one_entity(entities, forms):
    owners = {e.id for form in forms for e in holding(entities, form)}
    assert len(owners) == 1, (forms, owners)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Serbia", "Serbs"),  # a country and its people
        ("United Nations", "Security Council"),  # an organisation and one of its bodies
        ("Russia", "Moscow"),  # a country and its capital
        ("NATO", "Kosovo Force"),  # an alliance and the force it leads
        ("Vladimir Putin", "Sergei Lavrov"),
    ],
)
def test_different_actors_stay_apart(entities, a, b):
    assert {e.id for e in holding(entities, a)}.isdisjoint({e.id for e in holding(entities, b)})


def test_every_mention_form_lands_in_one_entity(entities):
    seen: dict[tuple[str, int], str] = {}
    for entity in entities:
        for mention in entity.mentions:
            assert seen.setdefault((mention.article, mention.start), entity.id) == entity.id


@pytest.mark.parametrize(
    "name, title_word, affiliation, country",
    [
        ("Vuk Jeremic", "Foreign Minister", "SRBGOV", "SRB"),
        ("Sergei Lavrov", "Foreign Minister", "RUSGOV", "RUS"),
        ("Dmitry Peskov", "spokesman", "RUSGOV", "RUS"),
        ("Albin Kurti", "Prime Minister", "XKXGOV", "XKX"),
        ("Antony Blinken", "secretary of state", "USAGOV", "USA"),
        ("James Appathurai", "NATO spokesman", "NATO", None),
        ("Xavier Bout de Marnhac", "commander", "KFORMIL", "FRA"),
    ],
)
def test_people_carry_roles_and_codes(entities, name, title_word, affiliation, country):
    (person,) = [e for e in entities if e.name == name]
    assert person.type == "PERSON"
    assert any(title_word in title for title in person.titles), person.titles
    assert person.affiliation == affiliation
    assert person.country == country


@pytest.mark.parametrize("name, country", [("Zvecan", "XKX"), ("Pristina", "XKX"), ("Belgrade", "SRB")])
def test_places_have_coordinates(entities, name, country):
    (place,) = [e for e in entities if e.name == name]
    assert place.place is not None and place.place.country == country
    assert place.place.lat is not None and place.place.lon is not None


def test_ner_corrections(entities):
    names = {e.name: e.type for e in entities}
    assert names.get("Olaf Scholz") == "PERSON"  # tagged ORG under "Chancellor"
    assert "GMT" not in names and "Neutral" not in names  # a time zone, a capitalised adjective
    assert not any(e.name == "Pristina" and e.type == "PERSON" for e in entities)
