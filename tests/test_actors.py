"""Actor codes: countries, demonyms, capitals, organisations and sectors."""

from __future__ import annotations

import pytest

from storyline.actors import (
    actor_code,
    country_code,
    country_identity,
    organisation_identity,
    organisation_kind,
    sector_of,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russia", "RUS"),
        ("Serbian police", "SRBCOP"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("the Kremlin", "RUSGOV"),
        ("Serbs", "SRB"),
        ("Serbians", "SRB"),
        ("U.N.", "UN"),
        ("the United Nations", "UN"),
        ("Kosovo Force", "KFOR"),
        ("KFOR", "KFOR"),
        ("KFor", "KFOR"),
        ("the EU", "EU"),
        ("the Organization for Security and Cooperation in Europe", "OSCE"),
        ("EULEX", "EULEX"),
        ("the African Union", "AU"),
        ("Serbian President Boris Tadic", "SRBGOV"),
        ("Russia's foreign minister", "RUSGOV"),
        ("Kosovo police", "XKXCOP"),
        ("NATO-led peacekeepers", "NATOMIL"),
        ("Security forces in Guinea", "GINMIL"),
        ("Afghan rebels", "AFGREB"),
        ("Washington", "USAGOV"),
        ("U.S. officials", "USAGOV"),
        ("Ivory Coast rebels", "CIVREB"),
        ("opposition groups in Zimbabwe", "ZWEOPP"),
    ],
)
def test_actor_codes(text: str, code: str) -> None:
    assert actor_code(text) == code


@pytest.mark.parametrize("text", ["us", "Vladimir Putin", "the ministry", "", "it"])
def test_no_code_without_a_country_or_organisation(text: str) -> None:
    assert actor_code(text) is None


def test_gpe_label_keeps_the_bare_country() -> None:
    assert actor_code("Serbia", "GPE") == "SRB"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Serbia", "SRB"), ("Serbian", "SRB"), ("Belgrade", "SRB"), ("Kosovo", "XKX"),
     ("Russian Federation", "RUS"), ("Moldova", "MDA"), ("Britain", "GBR"), ("Iraqi", "IRQ"),
     ("Ukrainian", "UKR"), ("Germans", "DEU"), ("Nowhere", None)],
)
def test_country_code(name: str, iso3: str | None) -> None:
    assert country_code(name) == iso3


def test_organisation_kind_and_sector_words() -> None:
    assert organisation_kind("NATOMIL") == "IGO"
    assert organisation_kind("ICRC") == "NGO"
    assert organisation_kind("SRBGOV") is None
    assert sector_of("soldiers") == "MIL"
    assert sector_of("policemen") == "COP"
    assert sector_of("weather") is None


@pytest.mark.parametrize(
    "form, country, body",
    [
        ("U.S.", "USA", None),
        ("the United States", "USA", None),
        ("America", "USA", None),
        ("Serbs", None, None),  # a people, not the country's name
        ("Moscow", None, None),  # a capital
        ("Scotland", None, None),  # a part of the country
        ("U.N.", None, "UN"),
        ("United Nations", None, "UN"),
        ("U.N. Security Council", None, "un security council"),
        ("Security Council", None, "un security council"),
        ("KFor", None, "KFOR"),
        ("White House", None, "white house"),
        ("State Department", None, "state department"),
    ],
)
def test_identities_of_whole_forms(form, country, body):
    assert country_identity(form) == country
    assert organisation_identity(form) == body


def test_country_codes_match_only_in_capitals():
    assert actor_code("Organization for Security and Cooperation") is None  # "and" is not Andorra
    assert country_code("AND") == "AND"


def test_the_last_organisation_named_is_the_actor():
    assert actor_code("commander of the NATO-led Kosovo Force (KFOR)") == "KFORMIL"


def test_a_general_after_a_title_is_no_military_rank():
    assert actor_code("U.N. Secretary-General Kofi Annan") == "UN"
    assert actor_code("U.S. Attorney General Janet Reno") == "USA"
    assert actor_code("Russian General Ivanov") == "RUSMIL"


def test_a_people_named_after_their_country_of_residence_codes_as_it():
    assert actor_code("Bosnian Serbs") == "BIH"
    assert actor_code("Kosovo Serbs") == "XKX"
    assert actor_code("Serbian police") == "SRBCOP"
