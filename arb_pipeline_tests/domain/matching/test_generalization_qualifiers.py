"""A contest's terms that its structured reading leaves out: how a draw or a no contest settles on
each venue, a part of a series against the series, a margin or a way of winning against winning,
and a league named with another word before it. Each look-alike blocks approval; the same terms on
both venues still agree."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_key, names_in
from arb_pipeline.domain.matching.propositions.terms import contest_terms, settlement
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- how a draw, a no contest, a cancellation settles ------------------------------------------------


def _bout(code: str, fighter: str, *, rules_tail: str = "") -> Market:
    return kalshi(f"KXUFCFIGHT-27MAR20PERANK-{code}", title="Pereira vs Ankalaev", yes_sub_title=fighter,
                  event_title="Pereira vs Ankalaev", category="Sports", close_time="2027-03-21T06:00:00Z",
                  rules=f"If {fighter} wins the Pereira vs Ankalaev professional MMA fight scheduled for Mar 20, "
                        f"2027, then the market resolves to Yes.{rules_tail}")


def _moneyline(market_id: str, description: str) -> Market:
    return gamma(market_id, question="Alex Pereira vs. Magomed Ankalaev", outcomes=("Pereira", "Ankalaev"),
                 slug="ufc-pereira-ankalaev-2027-03-20", end="2027-03-21T06:00:00Z", sports_market_type="moneyline",
                 event_title="UFC 315: Pereira vs. Ankalaev",
                 description="This market is on the UFC light heavyweight bout between Alex Pereira and Magomed "
                             f"Ankalaev scheduled for March 20, 2027. If Pereira wins, resolves to \"Pereira\"; if "
                             f"Ankalaev wins, resolves to \"Ankalaev\". {description}")


def test_the_reader_says_how_each_irregular_end_settles() -> None:
    assert settlement("If the match ends level, it is a tie. A tie resolves to No. If the match is abandoned, "
                      "all positions are refunded.") == {"draw": "no", "cancellation": "void"}
    assert settlement("If the bout is declared a no contest or is called off, this market resolves 50/50.") == {
        "no contest": "50-50", "cancellation": "50-50"}
    assert settlement("If Ankalaev wins, then the market resolves to Yes.") == {}


def test_a_draw_split_50_50_on_one_venue_and_paid_no_on_the_other_is_rejected() -> None:
    k = _bout("PER", "Alex Pereira", rules_tail=" A draw or a no contest resolves to No.")
    p = _moneyline("501", "If the bout ends in a draw or a no contest, it resolves 50-50.")
    v = verdict(k, p)
    assert v.rejected, v.reasons
    assert any("draw settles no on Kalshi and 50-50 on Polymarket" in r for r in v.reasons)


def test_a_draw_one_venue_splits_and_the_other_never_mentions_waits_for_a_person() -> None:
    v = verdict(_bout("ANK", "Magomed Ankalaev"), _moneyline("502", "A draw or a no contest resolves 50-50."))
    assert not v.rejected and not v.agrees, v.reasons
    assert "settlement" in v.unsettled


def test_the_same_draw_rule_on_both_venues_agrees_and_says_so() -> None:
    k = _bout("PER", "Alex Pereira", rules_tail=" A draw or a no contest resolves to No.")
    p = _moneyline("503", "If the bout is a draw or a no contest, this market resolves to No for both fighters.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert any("a draw settles no on both" in r for r in v.reasons)


def test_a_cancelled_game_settled_apart_is_said_without_blocking_the_pair() -> None:
    # Neither question is decided when the game is not played: how stakes come back differs.
    k = kalshi("KXNBAGAME-27JAN12MILPHX-MIL", title="Milwaukee at Phoenix Winner?", yes_sub_title="Milwaukee",
               category="Sports", close_time="2027-01-13T06:00:00Z",
               rules="If Milwaukee wins the Milwaukee at Phoenix game originally scheduled for Jan 12, 2027, then the "
                     "market resolves to Yes. If the game is cancelled and not made up within two weeks, the market "
                     "resolves to No.")
    p = gamma("504", question="Bucks vs. Suns", outcomes=("Bucks", "Suns"), slug="nba-mil-phx-2027-01-12",
              end="2027-01-13T06:00:00Z", sports_market_type="moneyline",
              description="If the game is canceled with no make-up game, this market will resolve 50-50.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert any("cancellation settles no on Kalshi and 50-50 on Polymarket" in r for r in v.reasons)


# --- a part of a series, a margin, a way of winning --------------------------------------------------


@pytest.mark.parametrize(("question", "rules", "terms"), [
    ("Dota 2: Team Liquid vs Tundra - Map 2 Winner", "", {"part": "map 2"}),
    ("Will Sabalenka win the 1st set against Gauff?", "", {"part": "set 1"}),
    ("Valorant: Sentinels vs Fnatic (BO3)", "", {"whole": "series", "best_of": "match"}),
    ("Will Labour win the Bristol North seat by more than 5,000 votes?", "", {"margin": "by more than 5000"}),
    ("Will Brazil beat Chile by 3+ goals?", "", {"margin": "by 3+"}),
    ("Will the Democrats win the Virginia governor race?",
     "Resolves Yes if the Democratic candidate wins by 5 or more percentage points.", {"margin": "by 5+"}),
    ("Will Canelo Alvarez beat Crawford by KO/TKO?", "", {"method": "ko"}),
    ("Will the Yankees win by 2026?", "If the Yankees win by Dec 31, 2026, Yes.", {}),
])
def test_the_reader_reads_the_terms_a_contest_reading_leaves_out(question: str, rules: str, terms: dict[str, str]) -> None:
    assert contest_terms(question, rules) == terms


def _dota_series(code: str, team: str) -> Market:
    return kalshi(f"KXDOTAGAME-27APR03LIQTUN-{code}", title="TI Qualifier Final: Team Liquid vs Tundra",
                  yes_sub_title=team, category="Sports", close_time="2027-04-03T20:00:00Z",
                  rules=f"If {team} wins the Team Liquid vs Tundra best-of-three series scheduled for Apr 3, 2027, "
                        "then the market resolves to Yes.")


def _dota(market_id: str, question: str, description: str, slug_tail: str = "") -> Market:
    return gamma(market_id, question=question, outcomes=("Team Liquid", "Tundra"), slug=f"dota-liq-tun-2027-04-03{slug_tail}",
                 end="2027-04-03T20:00:00Z", sports_market_type="moneyline", event_title="Dota 2: Team Liquid vs Tundra (BO3)",
                 description=description)


def test_a_map_of_a_series_is_not_the_series() -> None:
    k = _dota_series("LIQ", "Team Liquid")
    p = _dota("601", "Dota 2: Team Liquid vs Tundra - Map 2 Winner",
              "Resolves to the team that wins Map 2 of the series between Team Liquid and Tundra on April 3, 2027.",
              "-map2")
    v = verdict(k, p)
    assert v.rejected, v.reasons
    assert any("Kalshi pays on the series, Polymarket on map 2" in r for r in v.reasons)


def test_the_series_with_its_map_market_beside_it_pairs_only_with_the_series() -> None:
    k = _dota_series("TUN", "Tundra")
    series = _dota("602", "Dota 2: Team Liquid vs Tundra (BO3)",
                   "Resolves to the team that wins the best-of-three series between Team Liquid and Tundra.")
    map_one = _dota("603", "Dota 2: Team Liquid vs Tundra - Game 1 Winner", "Resolves to the team that wins Game 1.", "-game1")
    result = match_markets([k], [series, map_one])
    approved = [p for p in result if p.status is PairStatus.APPROVED]
    assert [(p.polymarket_market_id, p.polymarket_yes_token) for p in approved] == [("602", token_named(series, "Tundra"))]
    # Without its true partner, the map market alone is never approved for the series.
    alone = match_markets([k], [map_one])
    assert not any(p.status is PairStatus.APPROVED for p in alone)


def _race(code: str, party: str) -> Market:
    return kalshi(f"KXGOVLA-27-{code}", title="Louisiana Governor 2027", yes_sub_title=f"{party} party",
                  category="Politics", close_time="2027-11-20T23:00:00Z",
                  rules=f"If a representative of the {party} party wins the 2027 Louisiana gubernatorial election, "
                        "then the market resolves to Yes.")


def test_winning_a_race_by_a_margin_is_not_winning_it() -> None:
    margin = gamma("701", question="Will Republicans win the Louisiana governor race by 15+ points?",
                   end="2027-11-20T23:00:00Z", event_title="Louisiana governor margin of victory",
                   description='Resolves "Yes" if the Republican candidate wins the 2027 Louisiana gubernatorial '
                               'election by 15 or more percentage points. Otherwise "No".')
    v = verdict(_race("R", "Republican"), margin)
    assert v.rejected, v.reasons
    assert any("a margin differs" in r for r in v.reasons)
    plain = gamma("702", question="Will the Republicans win the 2027 Louisiana governor race?",
                  end="2027-11-20T23:00:00Z", description='Resolves "Yes" if the Republican candidate wins the 2027 '
                                                          'Louisiana gubernatorial election. Otherwise "No".')
    assert verdict(_race("R", "Republican"), plain).agrees
    alone = match_markets([_race("R", "Republican")], [margin])
    assert not any(p.status is PairStatus.APPROVED for p in alone)


def test_a_fight_won_by_knockout_is_not_the_fight_won() -> None:
    ko = gamma("801", question="Will Alex Pereira beat Magomed Ankalaev by KO/TKO?", end="2027-03-21T06:00:00Z",
               slug="ufc-pereira-ankalaev-2027-03-20-ko",
               description='Resolves "Yes" if Alex Pereira defeats Magomed Ankalaev by KO or TKO at UFC 315.')
    v = verdict(_bout("PER", "Alex Pereira"), ko)
    assert not v.agrees, v.reasons


# --- a league named with another word before it ---------------------------------------------------


def test_a_competition_named_with_another_word_before_it_is_another_competition() -> None:
    keys = {n.key for n in names_in(("Will Guyana win the 2027 Caribbean Premier League?",), "")}
    assert "epl" not in keys and "caribbean premier league" in keys
    assert "epl" in {n.key for n in names_in(("Will Chelsea win the 2027 Premier League?",), "")}
    assert "ipl" in {n.key for n in names_in(("Will Gujarat Titans win the 2028 Indian Premier League?",), "")}


def test_the_ipl_by_its_initials_and_by_its_full_name_is_one_competition() -> None:
    k = kalshi("KXIPL-28-GT", title="IPL 2028 Champion", yes_sub_title="Gujarat Titans", category="Sports",
               close_time="2028-06-01T18:00:00Z", rules="If Gujarat Titans win the 2028 IPL, then the market resolves to Yes.")
    p = gamma("901", question="Will Gujarat Titans win the 2028 Indian Premier League?", end="2028-06-01T18:00:00Z",
              description='Resolves "Yes" if Gujarat Titans win the 2028 Indian Premier League. Otherwise "No".')
    assert verdict(k, p).agrees, verdict(k, p).reasons
    epl = gamma("902", question="Will Manchester United win the 2028 Premier League?", end="2028-05-30T18:00:00Z",
                description='Resolves "Yes" if Manchester United win the 2027-28 English Premier League.')
    assert not verdict(k, epl).agrees


# --- a bout asked as one side beating the other ----------------------------------------------------


def _fight(code: str, fighter: str) -> Market:
    return kalshi(f"KXUFCFIGHT-27APR11OLIGAM-{code}", title=f"Will {fighter} win the Oliveira vs Gamrot professional MMA fight?",
                  yes_sub_title=fighter, event_title="Oliveira vs Gamrot", category="Sports", close_time="2027-04-12T06:00:00Z",
                  rules=f"If {fighter} wins the Oliveira vs Gamrot professional MMA fight scheduled for Apr 11, 2027, then "
                        "the market resolves to Yes. A draw or no contest resolves No.")


@pytest.mark.parametrize("question", ["Will Mateusz Gamrot defeat Charles Oliveira at UFC 330?",
                                      "Will Mateusz Gamrot beat Charles Oliveira?"])
def test_one_fighter_beating_the_other_at_a_numbered_event_or_by_full_names_is_the_bout(question: str) -> None:
    p = gamma("1001", question=question, end="2027-04-12T06:00:00Z",
              description='Resolves "Yes" if Mateusz Gamrot defeats Charles Oliveira on April 11, 2027. A draw or no '
                          'contest resolves "No".')
    v = verdict(_fight("GAM", "Mateusz Gamrot"), p)
    assert v.agrees and v.yes_token == token_named(p, "Yes"), v.reasons
    assert verdict(_fight("OLI", "Charles Oliveira"), p).rejected


def test_a_threshold_asked_as_beating_a_figure_is_still_no_bout() -> None:
    p = read(gamma("1002", question="Will March Payrolls beat 150K?", end="2027-04-03T12:30:00Z"))
    assert p.topic != "game"


# --- a team's short forms -----------------------------------------------------------------------------


def _name(label: str, kind: str = "name") -> Name:
    return Name(name_key(label), label, kind)


@pytest.mark.parametrize(("short", "long", "same"), [
    ("Heroic", "Heroic Esports", True),  # the rest of the name only says it is a team
    ("Cloud9", "Cloud9 Gaming", True),
    ("SPSI", "Spirit Sinners", True),  # the first letters of each word in turn, written as capitals
    ("VIRT", "Virtus Pro", False),  # the last word gives only one letter: no syllable of it
    ("Heroic", "Heroic Academy", False),  # another word than "a team": another team
    ("Team", "Team Spirit", False),
])
def test_a_team_is_known_by_its_short_forms_and_only_those(short: str, long: str, same: bool) -> None:
    assert same_name(_name(short), _name(long)) is same


def test_initials_spelling_syllables_never_stand_for_a_person() -> None:
    assert not same_name(_name("MABE", "person"), _name("Marta Bednar", "person"))


def test_a_major_winner_under_the_teams_syllables_pairs_with_its_full_name() -> None:
    k = kalshi("KXVALMASTERS-27MAY-VITA", title="VCT Masters winner (May 2027)", yes_sub_title="Virtus Tamers",
               category="Sports", close_time="2027-05-31T20:00:00Z",
               rules="If Virtus Tamers wins the VCT Masters in May 2027, then the market resolves to Yes.")
    p = gamma("1101", question="Will VITA win the May 2027 VCT Masters?", end="2027-05-31T20:00:00Z",
              description='Resolves "Yes" if VITA wins the May 2027 VCT Masters. Otherwise "No".')
    v = verdict(k, p)
    assert v.agrees, v.reasons


# --- a court's term by the year it opens ------------------------------------------------------------


@pytest.mark.parametrize("text", ["Dissents filed in OT2028?", "Dissents filed in October Term 2028?"])
def test_a_court_term_by_its_opening_year_is_the_term_across_two_years(text: str) -> None:
    assert fold(text) == "dissents filed in 2028-29 term?"
    assert fold("Will the OT score be 3?") == "will the ot score be 3?"


def test_a_series_said_by_one_venue_only_waits_for_a_person() -> None:
    k = _dota_series("LIQ", "Team Liquid")
    game = _dota("604", "Dota 2: Team Liquid vs Tundra", "Resolves to the team that wins the match on April 3, 2027.")
    game = replace(game, event_title="Dota 2: Team Liquid vs Tundra")
    v = verdict(k, game)
    assert not v.rejected and "contest part" in v.unsettled, v.reasons


# --- a side winning a contest named by its noun against the other --------------------------------


def _test_match(code: str, side: str) -> Market:
    return kalshi(f"KXCRICKETTEST-27JUN04ENGNZ-{code}", title="England vs New Zealand: 2nd Test", yes_sub_title=side,
                  category="Sports", close_time="2027-06-08T18:00:00Z",
                  rules=f"If the England vs New Zealand 2nd Test scheduled to begin Jun 4, 2027 ends with the outcome "
                        f"{side}, then the market resolves to Yes.")


def test_a_side_winning_the_named_contest_against_the_other_is_that_game() -> None:
    p = gamma("1201", question="Will New Zealand win the 2nd Test against England?", end="2027-06-08T18:00:00Z",
              description="This market refers to the 2nd Test between England and New Zealand scheduled for June 4, "
                          '2027. This market resolves "Yes" if New Zealand wins. A draw resolves "No".')
    v = verdict(_test_match("NZ", "New Zealand"), p)
    assert v.agrees and v.yes_token == token_named(p, "Yes"), v.reasons
    assert verdict(_test_match("ENG", "England"), p).rejected
    assert not verdict(_test_match("DRAW", "Draw"), p).mapped


# --- an exchange's settlement price names its time ----------------------------------------------------


def _copper(rules: str) -> Market:
    return kalshi("KXCOPPERD-27FEB26-T5.00", title="Copper price on Feb 26, 2027?", yes_sub_title="$5.00 or above",
                  category="Commodities", close_time="2027-02-26T18:00:00Z", rules=rules)


def test_two_markets_on_one_futures_settlement_price_need_no_clock_time() -> None:
    p = gamma("1301", question="Will Copper (HG) settle at or above $5.00 on February 26?", end="2027-02-26T19:00:00Z",
              description='Resolves "Yes" if the COMEX front-month copper futures (HG) settlement price on February '
                          '26, 2027 is $5.00 or higher. Otherwise "No".')
    settled = verdict(_copper("If the COMEX front-month copper futures settlement price on Feb 26, 2027 is $5.00 or "
                              "above, then the market resolves to Yes."), p)
    assert settled.agrees, settled.reasons
    assert any("settlement price of the day" in r for r in settled.reasons)
    # A price read at some moment of the day names no settlement: the time still matters.
    moment = verdict(_copper("If the COMEX front-month copper futures price on Feb 26, 2027 is $5.00 or above, then "
                             "the market resolves to Yes."), p)
    assert not moment.agrees, moment.reasons
