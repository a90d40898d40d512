"""Force and protest words read literally or not, and targets named through a preposition or
by the CAMEO protest convention: our own sentences, one phenomenon each."""

from __future__ import annotations

import pytest

from storyline.events import find_events


def _events(nlp, text: str) -> list:
    return find_events(nlp(text), "t", [], None)


def _one(nlp, text: str, type_: str):
    """The one event of `type_` the text codes (the test fails if there is none or several)."""
    (event,) = [e for e in _events(nlp, text) if e.type == type_]
    return event


def _types(nlp, text: str) -> list[str]:
    return [e.type for e in _events(nlp, text)]


@pytest.mark.parametrize("text", [
    "The governor said he had fought for the bill in the legislature.",
    "Party leaders refused to fight to confirm the judge.",
    "Ms. Ortiz said she would beat Mr. Lambert in the primary.",
    "The senator rallied the voters behind the plan.",
    "Reporters followed the candidate to a campaign rally in Ohio.",
    "Clinton will hold a rally in Coconut Creek.",
])
def test_political_uses_of_force_and_rally_words_are_no_events(nlp, text) -> None:
    assert not {"FIGHT", "ASSAULT", "PROTEST"} & set(_types(nlp, text))


@pytest.mark.parametrize("text, expected", [
    ("The rebels fought for independence in the north.", "FIGHT"),
    ("Militants attacked the army bases near the border.", "ASSAULT"),
    ("Police attacked a peaceful protest in the capital.", "ASSAULT"),
    ("Government forces took control of the town after heavy fighting.", "FIGHT"),
    ("Thousands of workers rallied in the capital against the new tax.", "PROTEST"),
])
def test_physical_force_and_street_protests_stay_events(nlp, text, expected) -> None:
    assert expected in _types(nlp, text)


def test_a_person_attacking_a_person_for_what_they_did_is_criticism(nlp) -> None:
    (event,) = [e for e in _events(nlp, "Mr. Abbott attacked Ms. Chen for not answering "
                                        "the question.")]
    assert event.type == "DISAPPROVE" and event.cameo == "111"


def test_the_target_named_by_a_preposition_of_the_threatened_act(nlp) -> None:
    threat = _one(nlp, "Iran threatened further action against Iraq.", "THREATEN")
    assert threat.source_code == "IRN" and threat.target_code == "IRQ"


def test_a_preposition_names_no_target_unless_it_is_a_coded_actor(nlp) -> None:
    events = _events(nlp, "Iran threatened further action against the odds.")
    assert all(e.target_code is None for e in events)


def test_a_protest_with_no_target_is_aimed_at_the_government_where_it_is_held(nlp) -> None:
    protest = _one(nlp, "Hundreds of students demonstrated in the city of Kirkuk on "
                        "Sunday.", "PROTEST")
    assert protest.target_text is None and protest.target_code == "IRQ"


def test_bombers_who_blew_themselves_up_attacked(nlp) -> None:
    assert "ASSAULT" in _types(nlp, "Two suicide bombers blew themselves up near a checkpoint.")


def test_an_issued_declaration_demanding_is_its_issuer_s_demand(nlp) -> None:
    assert "DEMAND" in _types(nlp, "The rebels issued a declaration demanding that the "
                                   "government release their leader.")


def test_an_event_told_inside_quotation_marks_is_reported(nlp) -> None:
    attack = _one(nlp, 'The officer spoke to reporters. "The militants attacked the '
                       'convoy near the bridge."', "ASSAULT")
    assert attack.modality == "reported" and attack.modality_cue == '"'


def test_an_event_tied_to_nothing_is_less_confident_than_one_with_actors(nlp) -> None:
    (bare,) = _events(nlp, "Simply complaining is not enough.")
    (named,) = _events(nlp, "Serbia complained to the European Union.")
    assert bare.confidence < named.confidence


@pytest.mark.parametrize("text", [
    "He discussed the polls on a radio show.",
    "Few members meet the bar for military spending.",
])
def test_consulting_no_one_is_no_meeting(nlp, text) -> None:
    assert "CONSULT" not in _types(nlp, text)


@pytest.mark.parametrize("text", [
    "The ministers met in Brussels on Monday.",
    "Mr. Abbott met Ms. Chen in Vienna.",
])
def test_a_meeting_has_its_counterpart(nlp, text) -> None:
    assert "CONSULT" in _types(nlp, text)


def test_a_named_person_attacking_a_group_in_words(nlp) -> None:
    assert _types(nlp, "He attacked our allies.") == ["DISAPPROVE"]


def test_a_curfew_in_a_town_is_aimed_at_its_country(nlp) -> None:
    (curfew,) = _events(nlp, "Turkish authorities imposed a curfew in Diyarbakir on "
                             "Monday.")
    assert curfew.type == "COERCE" and curfew.target_code == "TUR"


def test_events_inside_a_series_carried_out(nlp) -> None:
    assert "FIGHT" in _types(nlp, "Israeli aircraft carried out a string of airstrikes on "
                                  "the town.")


def test_the_one_found_guilty_is_the_doer_of_the_crime(nlp) -> None:
    torture = _one(nlp, "Hazim Delic was found guilty of torturing the inmates.", "ASSAULT")
    assert torture.source_text == "Hazim Delic"


def test_a_complaint_is_aimed_at_whom_its_clause_is_about(nlp) -> None:
    (complaint,) = _events(nlp, "Officials complained that the Thai organizers were behind "
                                "schedule.")
    assert complaint.type == "DISAPPROVE" and complaint.target_code == "THA"


def test_an_offer_is_aimed_at_the_object_of_the_offered_act(nlp) -> None:
    (offer,) = _events(nlp, "The KLA offered to help NATO forces.")
    assert offer.type == "AGREE" and offer.target_code == "NATOMIL"


def test_the_negation_of_an_unrelated_verb_does_not_deny_the_event_noun(nlp) -> None:
    (visit,) = _events(nlp, "He did not give the length of Gadhafi's visit to Libya.")
    assert visit.modality == "asserted"
    (talks,) = _events(nlp, "The rebels did not hold talks with the government.")
    assert talks.modality == "negated"


def test_a_description_actor_is_the_name_introduced_before(nlp) -> None:
    meeting = _one(nlp, "Boris Yeltsin returned to Moscow on Monday. The 67-year-old "
                        "president has been holding meetings with ministers.", "CONSULT")
    assert meeting.source_text == "Boris Yeltsin"


def test_an_event_named_as_the_setting_of_a_clause_has_its_subject_as_source(nlp) -> None:
    talks = _one(nlp, "During talks with Iran, Putin said the deal was close.", "CONSULT")
    assert talks.source_text == "Putin" and talks.target_code == "IRN"


def test_what_is_only_considered_stays_intended_whatever_its_source(nlp) -> None:
    force = _one(nlp, "The minister claimed that NATO has been considering using force, "
                      "according to remarks broadcast Monday.", "FIGHT")
    assert force.modality == "intended"


def test_an_appositive_name_is_the_actor(nlp) -> None:
    (release,) = _events(nlp, "China released a respected labor rights campaigner, Liu "
                              "Nianchun, on Sunday.")
    assert release.type == "RETREAT" and release.target_text == "Liu Nianchun"


def test_conjoined_acts_share_their_object(nlp) -> None:
    events = _events(nlp, "The militiamen were killing and torturing villagers.")
    assert [e.target_text for e in events if e.type == "ASSAULT"] == ["villagers", "villagers"]


def test_an_event_after_a_day_of_it_has_the_clause_subject_as_source(nlp) -> None:
    fight = _one(nlp, "After a day of fighting, Congolese rebels entered Kindu.", "FIGHT")
    assert fight.source_code == "CODREB"


def test_we_in_speech_reported_without_quotation_marks_is_the_speaker(nlp) -> None:
    (demand,) = _events(nlp, "We will demand access to the site, Rubin said.")
    assert demand.type == "DEMAND" and demand.source_text == "Rubin"


def test_a_subject_that_denies_the_act_negates_it(nlp) -> None:
    (blame,) = _events(nlp, "Nobody blames the police for the clashes.")
    assert blame.modality == "negated"


def test_an_act_of_anyone_at_all_is_no_event(nlp) -> None:
    assert _types(nlp, "Anyone who cannot condemn the attack is a coward.") == []
    assert "ASSAULT" in _types(nlp, "Someone attacked the convoy near the bridge.")


def test_the_two_parties_of_talks_between(nlp) -> None:
    (talks,) = _events(nlp, "Talks between Israel and Syria resumed on Monday.")
    assert (talks.source_text, talks.target_text) == ("Israel", "Syria")


def test_a_group_owned_by_a_pronoun_is_the_one_it_refers_to(nlp) -> None:
    support = _one(nlp, "South Korean President Kim Dae-jung arrived in Washington. Kim "
                        "said his government would support U.S. efforts.", "AGREE")
    assert support.source_text == "Kim"


def test_a_pronoun_s_partner_is_not_the_pronoun_s_referent(nlp) -> None:
    (demand,) = _events(nlp, "Greece demanded that its European Community partners refuse "
                             "to recognize Macedonia.")
    assert demand.target_text != "Greece"


def test_a_protest_at_an_embassy_is_aimed_at_its_country(nlp) -> None:
    (protest,) = _events(nlp, "Hundreds protested outside the U.S. embassy in Cairo.")
    assert protest.target_code == "USA"


def test_coordinated_doers_of_a_joint_act_are_its_two_sides(nlp) -> None:
    (deal,) = _events(nlp, "The United States and Jordan have agreed upon a new trade pact.")
    assert (deal.source_code, deal.target_code) == ("USA", "JOR")
    (condemned,) = _events(nlp, "Russia and China condemned the strikes.")
    assert condemned.target_code is None  # a joint condemnation is not of each other


def test_refusing_to_discuss_a_topic_is_no_refusal_of_talks(nlp) -> None:
    assert _types(nlp, "Cashman would not discuss financial matters.") == []
    assert _types(nlp, "Serbia will not hold talks with Kosovo.") == ["REJECT"]


def test_a_future_act_with_no_doer_is_no_threat(nlp) -> None:
    assert _types(nlp, "A small number of people will be sacrificed.") == ["ASSAULT"]


def test_summoning_an_ambassador_is_an_official_complaint(nlp) -> None:
    (summons,) = _events(nlp, "The foreign minister summoned Niger's ambassador.")
    assert (summons.type, summons.cameo, summons.target_code) == ("DISAPPROVE", "114", "NERGOV")


def test_a_cancelled_visit_did_not_happen(nlp) -> None:
    (visit,) = _events(nlp, "Yeltsin canceled his visit to Malaysia.")
    assert (visit.type, visit.modality) == ("CONSULT", "negated")


def test_advice_to_anyone_is_no_demand(nlp) -> None:
    assert _types(nlp, "He always said you shouldn't sit around waiting.") == []
    assert _types(nlp, "Sudan said Chad must return the refugees.") == ["DEMAND"]


def test_a_demonym_names_no_actor_when_a_person_acts(nlp) -> None:
    events = _events(nlp, "Yeltsin cancelled his trip to an Asian summit.")
    assert all(e.source_text != "Asian" for e in events)
    (protest,) = _events(nlp, "Serb protests erupted in the town.")
    assert protest.source_code == "SRB"


def test_they_is_the_group_the_previous_sentence_named(nlp) -> None:
    complaint = _one(nlp, "Olympic Council of Asia officials visited Bangkok on Monday. They "
                          "complained that the Thai organizers were behind schedule.", "DISAPPROVE")
    assert complaint.source_text == "Olympic Council of Asia officials"


def test_a_joint_act_aimed_elsewhere_keeps_its_target(nlp) -> None:
    force = _one(nlp, "NATO and the EU have been considering using force to keep Serbs "
                      "from leaving Kosovo.", "FIGHT")
    assert force.target_text == "Serbs"


def test_a_ship_hit_by_a_missile_and_a_march_held_for(nlp) -> None:
    (hit,) = _events(nlp, "The warship was hit by a Yemeni missile.")
    assert (hit.type, hit.source_code) == ("FIGHT", "YEM")
    (march,) = _events(nlp, "Protesters gathered on Monday evening for a vigil and march.")
    assert (march.type, march.source_text) == ("PROTEST", "Protesters")


@pytest.mark.parametrize("text", [
    "She expressed rage shortly after the shooting.",
    "In 1994, he lost a leg in a mine explosion.",
])
def test_the_subject_around_an_attack_is_no_attacker(nlp, text) -> None:
    assert all(e.source_text is None for e in _events(nlp, text))


# Whole sentences and every type they code, a group per phenomenon.
WHOLE_READINGS = [
    # words that only look like events
    ("The senator and his aides flew to Denver on Monday.", []),
    ("The minister called her on Friday to thank her.", []),
    ("The mayor will defend himself in court.", []),
    ("There is no law requiring candidates to disclose their taxes.", []),
    ("He said the governor's speech should boost turnout.", []),
    ("Mr. Lambert told supporters at a rally in Dayton that he would win.", []),
    # opinions, words and figures
    ("I agree with Mr. Lambert about the winner.", []),
    ("He offered no proof that she had lied.", []),
    ("The governor's approval rating declined slightly in May.", []),
    ("We will attack them during the debates.", []),
    # a crisis, the press, backing away
    ("The fund will help it fight new crises.", []),
    ("Clinton held a meeting with reporters on Friday.", []),
    ("The minister backed away from his commitments.", ["CONCEDE"]),
    # control of a chamber or a firm is no fighting
    ("Democrats hope to gain control of the Senate in November.", []),
    ("The investors took control of the company.", []),
    ("Rebels took control of Kindu.", ["FIGHT"]),
    ("Army units established control over an area north of Aleppo.", ["FIGHT"]),
    # taking over, firing gas, marches
    ("Rebels have taken over four localities in the territory.", ["FIGHT"]),
    ("The investors took over the company.", []),
    ("Berlin waits until a democratically elected government takes over.", []),
    ("Police fired tear gas and pepper spray in a busy district.", ["FIGHT"]),
    ("A peaceful march drew tens of thousands of people.", ["PROTEST"]),
    # weapons act; fired weapons are fire
    ("Three missiles fired from rebel-held territory landed near a destroyer.", ["FIGHT"]),
    ("An improvised explosive detonated near the residence.", ["ASSAULT"]),
    ("Soldiers have been engaged in a fire exchange with the militants.", ["FIGHT"]),
    ("The old tree defied the storm.", []),
    # dropped bombs, used weapons, arson
    ("Government helicopters dropped barrel bombs on the neighbourhood.", ["FIGHT"]),
    ("The army used chemical weapons against the town.", ["FIGHT"]),
    ("A man was set ablaze by an angry mob.", ["ASSAULT"]),
    # targeting places and abusing people
    ("The warplanes targeted a village near Raqqa.", ["ASSAULT"]),
    ("The campaign targeted young voters.", []),
    ("Security forces abused women fleeing the fighting.", ["ASSAULT"]),
    ("He abused his power.", []),
    # policies and seized advantages are no acts
    ("The United States pursues a policy of engagement with China.", []),
    ("The Yankees seized the advantage in the series.", []),
    ("Police seized weapons and ammunition.", ["COERCE"]),
]


@pytest.mark.parametrize("text, expected", WHOLE_READINGS)
def test_what_a_sentence_codes(nlp, text, expected) -> None:
    assert _types(nlp, text) == expected
