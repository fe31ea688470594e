"""Round 15 (rec3): forms of election, office, legislation and game-line wording the matcher had not
read, each beside the look-alikes that must stay apart. Invented markets only."""

from __future__ import annotations

from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _kalshi_total(line: float = 214.5) -> object:
    return kalshi("KXNBATOTAL-29FEB03SACMEM-214", title="Sacramento at Memphis: Total Points",
                  yes_sub_title=f"Over {line} points scored", strike_type="greater", floor=line, category="Sports",
                  close_time="2029-02-04T05:30:00Z",
                  rules=f"If Sacramento and Memphis combine for more than {line} points in the game on Feb 3, 2029, "
                        "then the market resolves to Yes.")


def _written_total(market_id: str, question: str, outcomes: tuple[str, str] = ("Over", "Under")) -> object:
    # No sports market type, no league in the slug: only the question says it is the game's total.
    return gamma(market_id, question=question, outcomes=outcomes, end="2029-02-04T02:30:00Z",
                 slug=f"kings-vs-grizzlies-{market_id}", event_title="Kings vs. Grizzlies",
                 description="In the upcoming NBA game, scheduled for February 3:\nThis market will resolve to "
                             "\"Over\" if the total points scored by both teams, including overtime, is greater "
                             "than the line. Otherwise \"Under\".")


def test_a_games_total_written_only_in_its_question_is_the_games_total() -> None:
    p = _written_total("1501", "Kings vs. Grizzlies: O/U 214.5")
    assert approved(_kalshi_total(), p) == [token_named(p, "Over")]
    # Another line; a half's line; a team's own line; Yes/No outcomes; sides no league knows.
    assert verdict(_kalshi_total(), _written_total("1502", "Kings vs. Grizzlies: O/U 217.5")).rejected
    assert not approved(_kalshi_total(), _written_total("1503", "Kings vs. Grizzlies: 1H O/U 214.5"))
    assert not approved(_kalshi_total(), _written_total("1504", "Kings vs. Grizzlies: Kings O/U 214.5"))
    assert not approved(_kalshi_total(), _written_total("1505", "Kings vs. Grizzlies: O/U 214.5", ("Yes", "No")))
    assert not approved(_kalshi_total(), _written_total("1506", "Falcons vs. Ravens: O/U 214.5"))


def _kalshi_most_seats(party: str = "Citizen's Liberal Party") -> object:
    return kalshi("KXVELORELEC-29-CLP", title="Velorian general election: most seats", yes_sub_title=party,
                  category="Elections", close_time="2029-12-31T23:00:00Z",
                  rules=f"If the {party} wins the most seats in the Velorian general election held before "
                        "December 31, 2029, then the market resolves to Yes.")


def _poly_most_seats(market_id: str, initials: str, spelled: str) -> object:
    return gamma(market_id, question=f"Will the {initials} win the most seats in the next Velorian election?",
                 end="2029-12-31T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the {spelled} ({initials}) wins the largest number "
                             "of seats in the Velorian general election, if held by December 31, 2029. Otherwise, this "
                             "market will resolve to \"No\".")


def test_initials_a_market_spells_out_with_a_possessive_are_the_name_the_other_market_writes() -> None:
    p = _poly_most_seats("1511", "CLP", "Citizen's Liberal Party")
    assert approved(_kalshi_most_seats(), p) == [token_named(p, "Yes")]
    # Initials the market spells out as another name stay another name, possessive or not.
    assert verdict(_kalshi_most_seats(), _poly_most_seats("1512", "CLP", "Crofter's Labour Party")).rejected
    assert verdict(_kalshi_most_seats(), _poly_most_seats("1513", "CLP", "Centre Left Party")).rejected


def _kalshi_presidency(candidate: str = "Lucia Ferrand") -> object:
    return kalshi("KXVELORPRES-29-LFER", title="Velorian presidential election 2029", yes_sub_title=candidate,
                  category="Elections", close_time="2029-11-30T23:00:00Z",
                  rules=f"If {candidate} wins the 2029 Velorian presidential election, including a runoff, then the "
                        "market resolves to Yes.")


def _poly_reelected(market_id: str, question: str, paid_on: str) -> object:
    return gamma(market_id, question=question, end="2029-11-30T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if {paid_on}. Otherwise, this market will resolve "
                             "to \"No\".")


def test_a_round_the_election_is_won_including_is_the_whole_election() -> None:
    p = _poly_reelected("1521", "Ferrand re-elected in 2029?",
                        "Lucia Ferrand wins Velor's October 2029 presidential election, including any second round "
                        "(ballotage)")
    assert approved(_kalshi_presidency(), p) == [token_named(p, "Yes")]
    # Winning the second round itself, or reaching it, is still a round of its own.
    assert not approved(_kalshi_presidency(), _poly_reelected(
        "1522", "Ferrand re-elected in 2029?", "Lucia Ferrand wins the second round of Velor's 2029 presidential election"))
    assert not approved(_kalshi_presidency(), _poly_reelected(
        "1523", "Ferrand re-elected in 2029?", "Lucia Ferrand advances to the second round of Velor's 2029 presidential "
                                               "election, including any recount"))


def _kalshi_mayor(city: str = "Springfield") -> object:
    return kalshi("KXMAYORSPR-29-DOKA", title=f"{city} mayoral election 2029", yes_sub_title="Dana Okafor",
                  category="Elections", close_time="2029-11-07T23:00:00Z",
                  rules=f"If Dana Okafor wins the November 2029 {city} mayoral general election, then the market "
                        "resolves to Yes.")


def test_a_candidate_re_elected_to_an_office_the_question_names_is_the_race_its_rules_name() -> None:
    p = _poly_reelected("1531", "Dana Okafor re-elected Springfield mayor?",
                        "Dana Okafor wins the November 6, 2029 Springfield mayoral election")
    assert approved(_kalshi_mayor(), p) == [token_named(p, "Yes")]
    assert verdict(_kalshi_mayor(), _poly_reelected("1535", "Dana Okafor re-elected Shelbyville mayor?",
                                                    "Dana Okafor wins the November 6, 2029 Shelbyville mayoral "
                                                    "election")).rejected
    # Another stage of the race, another candidate, the other way round: never approved.
    for market_id, paid_on in (("1532", "Dana Okafor wins the 2029 Springfield mayoral primary"),
                               ("1533", "Lee Marsh wins the November 6, 2029 Springfield mayoral election"),
                               ("1534", "Dana Okafor does not win the November 6, 2029 Springfield mayoral election")):
        assert not approved(_kalshi_mayor(), _poly_reelected(market_id, "Dana Okafor re-elected Springfield mayor?",
                                                             paid_on))


def _kalshi_out(person: str = "Whitfield") -> object:
    return kalshi(f"KX{person.upper()}OUT-29MAR01", title=f"{person} out as Attorney General before March 1, 2029?",
                  yes_sub_title="Before March 1, 2029", category="Politics", close_time="2029-03-01T05:00:00Z",
                  rules=f"If Ron {person} ceases to hold the office of Attorney General for any reason before March 1, "
                        "2029, then the market resolves to Yes.")


def _poly_post(market_id: str, question: str, person: str = "Ron Whitfield") -> object:
    return gamma(market_id, question=question, end="2029-02-28T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {person} is no longer US Attorney General at any "
                             "point by February 28, 2029, 11:59 PM ET, for any reason. Otherwise, this market will "
                             "resolve to \"No\".")


def test_leaving_an_offices_post_is_leaving_the_office() -> None:
    p = _poly_post("1541", "Will Ron Whitfield leave the AG post by February 28?")
    assert approved(_kalshi_out(), p) == [token_named(p, "Yes")]
    # Another official; a post on social media; a post office.
    assert not approved(_kalshi_out("Ashby"), p)
    assert not approved(_kalshi_out(), _poly_post("1542", "Will Ron Whitfield post on X about the AG by February 28?"))
    assert not approved(_kalshi_out(), _poly_post("1543", "Will Ron Whitfield leave the main post office by February 28?"))


def _kalshi_pm_out(person: str = "Okonkwo") -> object:
    return kalshi(f"KX{person.upper()}OUT-30JAN01", title=f"{person} out as PM before Jan 1, 2030?",
                  yes_sub_title="Before Jan 1, 2030", category="Politics", close_time="2030-01-01T05:00:00Z",
                  rules=f"If Ada {person} ceases to be Prime Minister of Velor before January 1, 2030, then the market "
                        "resolves to Yes.")


def _poly_still_pm(market_id: str, day: str) -> object:
    return gamma(market_id, question=f"Will Ada Okonkwo still be Prime Minister on {day}?", end="2030-01-02T17:00:00Z",
                 description=f"This market will resolve to \"Yes\" if Ada Okonkwo holds the office of Prime Minister of "
                             f"Velor on {day}. Otherwise, this market will resolve to \"No\".")


def test_still_holding_an_office_on_a_day_is_the_no_of_leaving_before_it() -> None:
    p = _poly_still_pm("1551", "January 1, 2030")
    assert approved(_kalshi_pm_out(), p) == [token_named(p, "No")]
    # A day later is another question; another holder is another office holder.
    assert verdict(_kalshi_pm_out(), _poly_still_pm("1552", "January 2, 2030")).rejected
    assert not approved(_kalshi_pm_out("Marsh"), p)


def _kalshi_chamber(party: str = "Republicans", state: str = "Colorado") -> object:
    return kalshi(f"KXCOSEN-29-{party[0]}", title=f"{state} Senate control after 2029 election", yes_sub_title=party,
                  category="Elections", close_time="2029-11-07T06:00:00Z",
                  rules=f"If {party} hold a majority of seats in the {state} State Senate following the November 2029 "
                        "election, then the market resolves to Yes.")


def _poly_keeps(market_id: str, question: str, state: str = "Colorado") -> object:
    return gamma(market_id, question=question, end="2029-11-07T06:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the Republican Party wins a majority (18+) of the "
                             f"35 seats in the Senate of {state} in the November 6, 2029 election. Otherwise, this "
                             "market will resolve to \"No\".")


def test_a_party_keeping_a_chamber_is_the_chambers_control() -> None:
    p = _poly_keeps("1561", "Republicans keep the Colorado Senate in 2029?")
    assert approved(_kalshi_chamber(), p) == [token_named(p, "Yes")]
    # Another party, another state's chamber, one seat, a chamber keeping a rule: never approved.
    assert not approved(_kalshi_chamber("Democrats"), p)
    assert not approved(_kalshi_chamber(), _poly_keeps("1563", "Republicans keep the Nevada Senate in 2029?", "Nevada"))
    assert not approved(_kalshi_chamber(), _poly_keeps("1564", "Republicans keep the Colorado Senate seat in 2029?"))
    assert not approved(_kalshi_chamber(), _poly_keeps("1565", "Will the Colorado Senate keep the filibuster in 2029?"))


def _kalshi_congress_law() -> object:
    return kalshi("KXEARMARKBAN-29", title="Congressional earmark ban law before 2030?", yes_sub_title="Before Jan 1, 2030",
                  category="Politics", close_time="2030-01-01T05:00:00Z",
                  rules="If legislation banning congressional earmarks becomes law before January 1, 2030, then the "
                        "market resolves to Yes.")


def _poly_congress_law(market_id: str, question: str) -> object:
    return gamma(market_id, question=question, end="2029-12-31T23:59:00Z",
                 description="This market will resolve to \"Yes\" if a bill banning earmarks in Congress is signed into "
                             "law (or enacted over a veto) by December 31, 2029. Otherwise, this market will resolve to "
                             "\"No\".")


def test_congressional_outside_a_race_is_all_of_congress_not_the_house() -> None:
    p = _poly_congress_law("1571", "Congress earmark ban signed into law in 2029?")
    assert approved(_kalshi_congress_law(), p) == [token_named(p, "Yes")]
    # One chamber passing it is not its becoming law.
    assert not approved(_kalshi_congress_law(), _poly_congress_law("1572", "House passes earmark ban in 2029?"))
    assert not approved(_kalshi_congress_law(), _poly_congress_law("1573", "Senate passes earmark ban in 2029?"))


def _kalshi_enacted(paid_on: str = "is enacted") -> object:
    return kalshi("KXFARMBILL-29", title="Farm bill reauthorized or extended before Oct 1, 2029?",
                  yes_sub_title="Before Oct 1, 2029", category="Politics", close_time="2029-10-01T04:00:00Z",
                  rules=f"If legislation reauthorizing or extending the farm bill {paid_on} before October 1, 2029, then "
                        "the market resolves to Yes.")


def _poly_signed(market_id: str, paid_on: str) -> object:
    return gamma(market_id, question="Farm bill reauthorization or extension signed by September 30, 2029?",
                 end="2029-09-30T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {paid_on} by September 30, 2029, 11:59 PM ET. "
                             "Otherwise, this market will resolve to \"No\".")


def test_a_bill_signed_by_a_day_whose_rules_say_signed_into_law_is_enacted() -> None:
    p = _poly_signed("1581", "the President signs into law a bill that reauthorizes or extends the farm bill")
    assert approved(_kalshi_enacted(), p) == [token_named(p, "Yes")]
    # An agreement signed is no law; a bill passing one chamber is not enacted.
    assert not approved(_kalshi_enacted(), _poly_signed("1582", "congressional negotiators sign an agreement on a "
                                                                "farm bill reauthorization or extension"))
    assert not approved(_kalshi_enacted("passes the House"), p)


def _kalshi_receives() -> object:
    return kalshi("KXVELASCOPARDON-29", title="Velasco receives pardon before Jul 1, 2029?",
                  yes_sub_title="Before Jul 1, 2029", category="Politics", close_time="2029-07-01T04:00:00Z",
                  rules="If President Dana Ortiz grants Luis Velasco a pardon in his fraud case before July 1, 2029, then "
                        "the market resolves to Yes.")


def _poly_pardons(market_id: str, question: str, paid_on: str = "Luis Velasco is granted a presidential pardon") -> object:
    return gamma(market_id, question=question, end="2029-06-30T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {paid_on} relating to his fraud case by June 30, "
                             "2029. Otherwise, this market will resolve to \"No\".")


def test_receiving_a_pardon_is_being_pardoned_by_whoever_the_rules_name() -> None:
    p = _poly_pardons("1591", "Ortiz pardons Velasco by June 30, 2029?")
    assert approved(_kalshi_receives(), p) == [token_named(p, "Yes")]
    # A grantor the Kalshi rules never name, another person pardoned, a pardon asked for: never approved.
    assert not approved(_kalshi_receives(), _poly_pardons("1592", "Marin pardons Velasco by June 30, 2029?"))
    assert not approved(_kalshi_receives(), _poly_pardons("1593", "Ortiz pardons Reyes by June 30, 2029?",
                                                          "Tomas Reyes is granted a presidential pardon"))
    assert not approved(_kalshi_receives(), _poly_pardons("1594", "Velasco requests a pardon by June 30, 2029?",
                                                          "Luis Velasco formally requests a presidential pardon"))


def _kalshi_party_president() -> object:
    return kalshi("KXVNPLEADER-29", title="Ibarra out as VNP president before 2030?", yes_sub_title="Before Jan 1, 2030",
                  category="Politics", close_time="2030-01-01T00:00:00Z",
                  rules="If Ana Ibarra ceases to be President of the Velorian National Party before January 1, 2030, "
                        "then the market resolves to Yes.")


def _poly_party_leader(market_id: str, head: str, person: str = "Ana Ibarra") -> object:
    return gamma(market_id, question=f"Will {person} cease to be VNP leader before 2030?", end="2029-12-31T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {person} is no longer {head} before January 1, "
                             "2030. Otherwise, this market will resolve to \"No\".")


def test_a_party_leader_whose_rules_say_president_is_the_partys_president() -> None:
    p = _poly_party_leader("1601", "president of Velor's Velorian National Party")
    assert approved(_kalshi_party_president(), p) == [token_named(p, "Yes")]
    # Rules that say the leader of another body, or another person: never approved.
    assert not approved(_kalshi_party_president(), _poly_party_leader(
        "1602", "leader of the Velorian National Party's parliamentary group"))
    assert not approved(_kalshi_party_president(), _poly_party_leader(
        "1603", "president of the Velorian National Party", "Rosa Lindqvist"))
