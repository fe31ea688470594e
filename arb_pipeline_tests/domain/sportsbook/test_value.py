"""Sportsbook value on one NBA game, hand-computed.

Kalshi ``-MIL`` (YES: Milwaukee wins): YES ask 0.45 (1 − NO bid 0.55), fee 0.07 × 0.45 × 0.55 =
0.017325 a contract: a contract costs 0.467325. NO ask 0.57 (1 − YES bid 0.43), fee 0.017157.

De-vigged Bucks probability per book (Bucks / Lakers decimal odds):
  DraftKings 1.80 / 2.10 -> 7/13 = 0.538462 (edge 0.071137)
  FanDuel    1.75 / 2.15 -> 43/78 = 0.551282 (edge 0.083957)
  BetMGM     1.95 / 1.95 -> 1/2 (edge 0.032675)
  Caesars    1.85 / 2.05 -> 41/78 = 0.525641 (edge 0.058316)
Consensus (mean of the four): 165/312 = 55/104 = 0.528846; edge 0.061521.
"""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.domain.fees import QUOTIENT
from arb_pipeline.domain.models import KalshiOrderBook, PriceLevel
from arb_pipeline.domain.sportsbook.games import match_game
from arb_pipeline.domain.sportsbook.value import evaluate_game, evaluate_side
from arb_pipeline.domain.trading.execution import TradeOutcome, execute_value_bet
from arb_pipeline.domain.trading.legs import MarketState
from arb_pipeline.domain.trading.profiles import parse_profile
from arb_pipeline.domain.trading.records import SignalKind
from arb_pipeline_tests.domain.sportsbook.builders import NOW, game_market, odds_event

D = Decimal
EVENT = "KXNBAGAME-26JAN09MILLAL"
MARKET = game_market(f"{EVENT}-MIL", EVENT, "Milwaukee at Los Angeles L", "Milwaukee")
PRICES = {
    "draftkings": {"Milwaukee Bucks": "1.80", "Los Angeles Lakers": "2.10"},
    "fanduel": {"Milwaukee Bucks": "1.75", "Los Angeles Lakers": "2.15"},
    "betmgm": {"Milwaukee Bucks": "1.95", "Los Angeles Lakers": "1.95"},
    "williamhill_us": {"Milwaukee Bucks": "1.85", "Los Angeles Lakers": "2.05"},
}
GAME = odds_event("ev-mil-lal", "basketball_nba", "Milwaukee Bucks", "Los Angeles Lakers",
                  NOW + timedelta(hours=9, minutes=30), PRICES)
BOOKS = {MARKET.market_id: KalshiOrderBook.from_levels(
    MARKET.market_id, [PriceLevel(D("0.43"), D(100))], [PriceLevel(D("0.55"), D(100))], NOW)}
STANDARD = parse_profile("standard")


def q(numerator, denominator):
    return QUOTIENT.divide(D(numerator), D(denominator))


def match(game=GAME):
    found = match_game(MARKET, [game])
    assert not isinstance(found, str), found
    return found


def test_standard_profile_flags_the_yes_side_and_sizes_it_by_quarter_kelly():
    signal = evaluate_side(match(), MARKET, "yes", BOOKS, STANDARD, D(1000), NOW)
    assert [(b.bookmaker, b.fair_probability, b.agrees) for b in signal.books] == [
        ("draftkings", q(7, 13), True), ("fanduel", q(43, 78), True), ("betmgm", D("0.5"), False),
        ("williamhill_us", q(41, 78), True)]
    assert (signal.agreeing, signal.required) == (3, 3)
    assert signal.consensus == q(55, 104)
    assert (signal.best_ask, signal.cost_per_contract) == (D("0.45"), D("0.467325"))
    assert signal.edge == QUOTIENT.subtract(q(55, 104), D("0.467325"))
    assert signal.edge.quantize(D("0.000001")) == D("0.061521")
    # Full Kelly (q - c) / (1 - c) = 0.061521 / 0.532675 = 0.115495; a quarter of it on $1000
    # stakes 28.87: 61 contracts at 0.467325.
    assert signal.kelly.full_kelly.quantize(D("0.000001")) == D("0.115495")
    assert signal.kelly.stake.quantize(D("0.01")) == D("28.87")
    # 61 @ 0.45 = 27.45, fee ceil(61 × 0.017325 = 1.056825) = 1.06: 28.51, 0.467377 a contract.
    assert (signal.contracts, signal.cost) == (61, D("28.51"))
    assert signal.edge_per_contract.quantize(D("0.000001")) == D("0.061469")
    assert signal.flagged and signal.reasons == ()
    assert signal.pays_on == ("Milwaukee Bucks",)
    assert signal.signal_id.startswith("val-") and (signal.event_id, signal.category) == (EVENT, "Sports")


def test_no_side_pays_on_the_other_team_and_is_not_flagged():
    signal = evaluate_side(match(), MARKET, "no", BOOKS, STANDARD, D(1000), NOW)
    # Lakers fair at DraftKings 6/13 = 0.4615 against a NO costing 0.587157: no book agrees.
    assert signal.pays_on == ("Los Angeles Lakers",)
    assert signal.books[0].fair_probability == q(6, 13)
    assert signal.agreeing == 0 and not signal.flagged and signal.contracts == 0
    assert signal.reasons[0] == "0 of 4 books imply an edge of 0.05 over the cost 0.587157; 3 required"


def test_conservative_profile_needs_all_four_books():
    signal = evaluate_side(match(), MARKET, "yes", BOOKS, parse_profile("conservative"), D(1000), NOW)
    # With a 6-cent minimum only DraftKings (0.0711) and FanDuel (0.0840) agree.
    assert signal.agreeing == 2 and not signal.flagged
    assert signal.reasons == ("2 of 4 books imply an edge of 0.06 over the cost 0.467325; 4 required",)


def test_a_missing_or_stale_book_does_not_agree():
    three = replace(GAME, prices=tuple(p for p in GAME.prices if p.bookmaker != "fanduel"))
    signal = evaluate_side(match(three), MARKET, "yes", BOOKS, STANDARD, D(1000), NOW)
    assert signal.books[1].reason == "fanduel h2h on Milwaukee Bucks at Los Angeles Lakers: no price"
    # DraftKings and Caesars agree: 2 of 3 required.
    assert signal.agreeing == 2 and not signal.flagged
    stale = evaluate_side(match(), MARKET, "yes", BOOKS, STANDARD, D(1000), NOW + timedelta(minutes=11))
    assert stale.consensus is None and not stale.flagged
    assert "none of draftkings, fanduel, betmgm, williamhill_us prices the game" in stale.reasons


def test_very_aggressive_two_of_four_and_a_risk_cap():
    signal = evaluate_side(match(), MARKET, "yes", BOOKS, parse_profile("very_aggressive"), D(1000), NOW,
                           max_contracts=20)
    # Half Kelly would stake 57.7; the position cap allows 20 contracts:
    # 20 @ 0.45 = 9.00, fee ceil(20 × 0.017325 = 0.3465) = 0.35.
    assert signal.flagged and (signal.contracts, signal.cost) == (20, D("9.35"))
    assert signal.kelly.capped_by == "max_contracts"


def test_the_signal_becomes_a_one_legged_paper_trade():
    signal = evaluate_side(match(), MARKET, "yes", BOOKS, STANDARD, D(1000), NOW)
    intent = signal.intent(STANDARD.min_edge)
    result = execute_value_bet(intent, {MARKET.market_id: MARKET}, MarketState(BOOKS, NOW))
    assert result.outcome is TradeOutcome.COMPLETE and result.signal_kind is SignalKind.SPORTSBOOK_VALUE
    assert [(f.price, f.contracts, f.fee) for f in result.fills] == [(D("0.45"), D(61), D("1.06"))]
    assert result.slippage_per_set == 0
    unflagged = evaluate_side(match(), MARKET, "no", BOOKS, STANDARD, D(1000), NOW)
    with pytest.raises(ValueError, match="is not flagged: 0 of 4 books"):
        unflagged.intent(STANDARD.min_edge)


def test_a_closed_market_or_empty_book_is_never_a_signal():
    signals = evaluate_game(match(), MARKET, {}, STANDARD, D(1000), NOW)
    assert [s.side for s in signals] == ["yes", "no"]
    assert all(not s.flagged for s in signals)
    assert signals[0].reasons[0] == f"book vanished: no kalshi book for {MARKET.market_id}"


def test_the_profile_and_the_configured_books_must_agree_on_n():
    with pytest.raises(ValueError, match="polls 4 books, 3 configured"):
        evaluate_side(match(), MARKET, "yes", BOOKS, STANDARD, D(1000), NOW,
                      bookmakers=("draftkings", "fanduel", "betmgm"))


def test_soccer_draw_market_prices_three_ways():
    epl = odds_event("ev-epl", "soccer_epl", "Everton", "Arsenal", NOW + timedelta(hours=2), {
        book: {"Arsenal": "2.50", "Draw": "3.20", "Everton": "2.90"} for book in PRICES})
    tie = game_market("KXEPLGAME-26JAN09ARSEVE-TIE", "KXEPLGAME-26JAN09ARSEVE", "Arsenal vs Everton", "Tie")
    # Draw fair 725/2453 = 0.295556; Kalshi TIE YES ask 0.22 + fee 0.07 × 0.22 × 0.78 = 0.012012.
    books = {tie.market_id: KalshiOrderBook.from_levels(
        tie.market_id, [PriceLevel(D("0.20"), D(50))], [PriceLevel(D("0.78"), D(50))], NOW)}
    found = match_game(tie, [epl])
    yes, no = evaluate_game(found, tie, books, STANDARD, D(1000), NOW)
    assert yes.pays_on == ("Draw",) and yes.consensus == q(725, 2453)
    assert yes.edge == q(725, 2453) - D("0.232012") and yes.flagged
    # NO pays on either team winning: 1753/2453.
    assert no.pays_on == ("Arsenal", "Everton") and no.consensus == q(928, 2453) + q(800, 2453)
