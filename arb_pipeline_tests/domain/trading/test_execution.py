"""Paper execution on hand-computed books.

Kalshi fee: ceil_to_cent(0.07 × C × P × (1 − P)) per fill; at 0.40 that is 0.0168 a contract, at
0.38 (and 0.62) 0.016492. Polymarket fee (rate 0.03, exponent 1): C × 0.03 × P × (1 − P), rounded
up to the micro-dollar; at 0.55 that is 0.007425 a share.
"""

from dataclasses import replace
from datetime import timedelta

import pytest

from arb_pipeline.domain.models import KalshiFeeSchedule, MarketStatus, PolymarketFeeSchedule
from arb_pipeline.domain.trading import (
    ArbitrageIntent, ExecutionConfig, Instrument, IntentError, OrderPurpose, OrderStatus, ResidualKind, Side, SignalKind,
    TradeOutcome, TradeResult, ValueIntent, arbitrage_intent, execute_arbitrage, execute_value_bet,
)
from arb_pipeline.domain.trading.legs import polymarket_fee_shares
from arb_pipeline_tests.domain.trading.builders import (
    NOW,
    PM_ID,
    PM_SPORTS,
    TICKER,
    D,
    kalshi_book,
    kalshi_market,
    markets,
    pm_market,
    state,
    token_book,
    yes_intent,
    yes_spread,
)

KALSHI_YES = Instrument.kalshi(TICKER, "yes")
TOK_NO = Instrument.polymarket(PM_ID, "tok-no")
LATER = NOW + timedelta(milliseconds=250)


def found_books(pm_depth: int = 10):
    """Kalshi YES asks 0.40×10 (1 − NO bid 0.60), YES bids 0.38×50; tok-no asks 0.55×``pm_depth``."""
    return state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                 token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", pm_depth)]),
                 token_book("tok-yes", asks=[("0.70", 10)]))


def fills_of(result: TradeResult, instrument: Instrument, purpose: OrderPurpose = OrderPurpose.ENTRY):
    return [(f.price, f.contracts, f.fee, f.fee_shares) for f in result.fills
            if f.instrument == instrument and f.purpose is purpose]


def test_both_legs_fill_on_the_books_at_fill_time():
    world = markets()
    books = found_books()
    result = execute_arbitrage(yes_intent(books, world), world, books)
    # Ten sets: Kalshi 10 @ 0.40, fee ceil(0.168) = 0.17; tok-no 10 @ 0.55, free market.
    assert result.outcome is TradeOutcome.COMPLETE
    assert (result.sets, result.target, result.signal_kind) == (D(10), 10, SignalKind.ARBITRAGE)
    assert fills_of(result, KALSHI_YES) == [(D("0.40"), D(10), D("0.17"), D(0))]
    assert fills_of(result, TOK_NO) == [(D("0.55"), D(10), D(0), D(0))]
    # A set cost 0.417 + 0.55 = 0.967, exactly what the spread quoted: no slippage.
    assert result.entry_cost_per_set == D("0.967")
    assert result.quoted_cost_per_set == D("0.967")
    assert result.slippage_per_set == 0
    assert result.residuals == () and result.open_risk == ()
    assert [o.status for o in result.orders] == [OrderStatus.CONFIRMED, OrderStatus.CONFIRMED]
    assert [(o.filled, o.limit_price) for o in result.orders] == [(D(10), D("0.40")), (D(10), D("0.55"))]
    assert result.capital_by_venue() == {KALSHI_YES.venue: D("4.17"), TOK_NO.venue: D("5.50")}
    assert result.volume == D("9.50")
    assert result.realized_pnl == 0


def test_ids_are_deterministic_so_a_replay_writes_the_same_rows():
    world = markets()
    books = found_books()
    first = execute_arbitrage(yes_intent(books, world), world, books)
    again = execute_arbitrage(yes_intent(books, world), world, books)
    assert first == again
    oid = first.opportunity_id
    assert oid.startswith("arb-") and len(oid) == 24
    assert [o.order_id for o in first.orders] == [f"{oid}/entry/0", f"{oid}/entry/1"]
    assert [f.fill_id for f in first.fills] == [f"{oid}/entry/0/1", f"{oid}/entry/1/1"]
    # Another evaluation time is another opportunity.
    later = yes_spread(replace(books, at=LATER), world)
    assert arbitrage_intent(later, world).opportunity_id != oid


def test_polymarket_buy_pays_its_fee_in_shares():
    world = markets(pm=pm_market(fee=PM_SPORTS))
    books = found_books()
    result = execute_arbitrage(yes_intent(books, world), world, books)
    # tok-no fee: 10 × 0.03 × 0.55 × 0.45 = 0.07425, charged 0.0743 (rounded up to $0.0001) and
    # paid as 0.0743 / 0.55 = 0.1350909... shares, rounded up to the share unit: 0.135091.
    assert fills_of(result, TOK_NO) == [(D("0.55"), D(10), D("0.0743"), D("0.135091"))]
    pm_fill = next(f for f in result.fills if f.instrument == TOK_NO)
    assert (pm_fill.cash_flow, pm_fill.position_delta, pm_fill.cash_fee) == (D("-5.50"), D("9.864909"), D(0))
    book = result.book()
    held = {p.instrument: (p.contracts, p.cost_basis, p.fees_paid) for p in book.open_positions()}
    assert held == {KALSHI_YES: (D(10), D("4.17"), D("0.17")), TOK_NO: (D("9.864909"), D("5.50"), D("0.0743"))}
    # The hedged sets are what the short leg holds; Kalshi's 0.135091 surplus is recorded, not risk.
    assert result.outcome is TradeOutcome.COMPLETE and result.sets == D("9.864909")
    assert [(r.instrument, r.contracts, r.kind) for r in result.residuals] == [
        (KALSHI_YES, D("0.135091"), ResidualKind.FEE_SHARES)]
    # A set cost 0.417 + (5.50 + 0.0743) / 10 = 0.97443 against the quoted 0.97443.
    assert result.entry_cost_per_set == D("0.97443") and result.slippage_per_set == 0


def test_polymarket_fee_shares_round_up_to_the_share_unit():
    # 0.0169 / 0.33 = 0.05121212... -> 0.051213: the venue never keeps less than the fee.
    assert polymarket_fee_shares(D("0.0169"), D("0.33")) == D("0.051213")
    assert polymarket_fee_shares(D(0), D("0.33")) == 0


def test_sells_pay_polymarket_fees_in_cash():
    world = markets(pm=pm_market(fee=PM_SPORTS))
    books = found_books()
    # The hedge is gone (tok-yes never bought); tok-no is sold back into its 0.50 bid.
    intent = ArbitrageIntent("arb-test", "pair", (TOK_NO, KALSHI_YES), 10, D("0.97"), NOW)
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.20", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 10)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    sale = [f for f in result.fills if f.side is Side.SELL]
    # Bought 10 tok-no keeping 9.865: 9 whole shares are sold at 0.50, fee 9 × 0.03 × 0.25 = 0.0675 in cash.
    assert [(f.contracts, f.price, f.fee, f.fee_shares, f.cash_flow) for f in sale] == [
        (D(9), D("0.50"), D("0.0675"), D(0), D("4.4325"))]


def test_depth_that_shrank_fills_only_what_is_visible():
    world = markets()
    intent = yes_intent(found_books(), world)
    # After the decision latency only 4 YES contracts are offered.
    now_books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 4)]),
                      token_book("tok-no", asks=[("0.55", 10)]), at=LATER)
    result = execute_arbitrage(intent, world, now_books)
    # 4 × 0.0168 = 0.0672 -> 0.07.
    assert result.outcome is TradeOutcome.COMPLETE and result.sets == D(4)
    assert fills_of(result, KALSHI_YES) == [(D("0.40"), D(4), D("0.07"), D(0))]
    assert fills_of(result, TOK_NO) == [(D("0.55"), D(4), D(0), D(0))]
    assert "depth shrank: 4 of 10 sets still profitable at fill time" in result.reasons
    assert all(f.filled_at == LATER for f in result.fills)


def test_a_fill_walks_several_levels_one_fill_each():
    world = markets()
    intent = ArbitrageIntent("arb-walk", "pair", (KALSHI_YES, TOK_NO), 8, D("0.97"), NOW)
    books = state(kalshi_book(no_bids=[("0.60", 5), ("0.58", 5)]), token_book("tok-no", asks=[("0.55", 20)]))
    result = execute_arbitrage(intent, world, books)
    # YES asks 0.40×5 then 0.42×5; 8 sets: 5 @ 0.40 (fee ceil(0.084) = 0.09) and 3 @ 0.42
    # (fee ceil(3 × 0.07 × 0.42 × 0.58 = 0.051156) = 0.06).
    assert fills_of(result, KALSHI_YES) == [(D("0.40"), D(5), D("0.09"), D(0)), (D("0.42"), D(3), D("0.06"), D(0))]
    assert result.orders[0].limit_price == D("0.42")
    assert result.sets == D(8)


def test_fees_are_decided_at_fill_time_from_the_markets_own_schedule():
    found_world = markets()
    books = found_books()
    intent = yes_intent(books, found_world)
    # Between the scan and the fill Kalshi halved the series fee and Polymarket turned fees on.
    fill_world = markets(kalshi=kalshi_market(fee=KalshiFeeSchedule("quadratic", D("0.5"))),
                         pm=pm_market(fee=PM_SPORTS))
    result = execute_arbitrage(intent, fill_world, books)
    # Kalshi: ceil(10 × 0.5 × 0.07 × 0.24 = 0.084) = 0.09; Polymarket 0.0743 in shares.
    assert fills_of(result, KALSHI_YES) == [(D("0.40"), D(10), D("0.09"), D(0))]
    assert fills_of(result, TOK_NO) == [(D("0.55"), D(10), D("0.0743"), D("0.135091"))]
    # A fee-waived market charges nothing.
    waived = markets(pm=pm_market(fee=PolymarketFeeSchedule(enabled=False, rate=D("0.03"))))
    assert fills_of(execute_arbitrage(intent, waived, books), TOK_NO) == [(D("0.55"), D(10), D(0), D(0))]


def test_second_leg_that_cannot_fill_at_a_profit_unwinds_the_first():
    world = markets()
    # tok-no is deep at entry, so the thin Kalshi leg goes first.
    books = found_books(pm_depth=50)
    intent = yes_intent(books, world)
    # When the hedge lands, tok-no asks 0.62: 0.417 + 0.62 > $1.
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.62", 50)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    assert result.outcome is TradeOutcome.UNWOUND and result.sets == 0
    assert [(o.purpose, o.instrument, o.side, o.status, o.filled) for o in result.orders] == [
        (OrderPurpose.ENTRY, KALSHI_YES, Side.BUY, OrderStatus.CONFIRMED, D(10)),
        (OrderPurpose.ENTRY, TOK_NO, Side.BUY, OrderStatus.CANCELLED, D(0)),
        (OrderPurpose.UNWIND, KALSHI_YES, Side.SELL, OrderStatus.CONFIRMED, D(10)),
    ]
    # Unwind: 10 YES sold into the 0.38 bid, fee ceil(10 × 0.016492) = 0.17: 3.80 - 0.17 = 3.63
    # back against 4.17 paid: a 0.54 loss, booked.
    assert fills_of(result, KALSHI_YES, OrderPurpose.UNWIND) == [(D("0.38"), D(10), D("0.17"), D(0))]
    assert result.realized_pnl == D("-0.54")
    assert result.capital_by_venue() == {}
    assert any("cannot fill at a profit" in reason for reason in result.reasons)
    assert result.residuals == ()


def test_a_hedge_that_fills_partly_unwinds_the_rest():
    world = markets()
    books = found_books(pm_depth=50)
    intent = yes_intent(books, world)
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.55", 6), ("0.70", 50)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    # The budget is 1 - 0.417 = 0.583 a contract: 6 @ 0.55 fit, 0.70 does not.
    assert result.outcome is TradeOutcome.COMPLETE and result.sets == D(6)
    assert fills_of(result, TOK_NO) == [(D("0.55"), D(6), D(0), D(0))]
    # 4 YES sold at 0.38, fee ceil(4 × 0.016492 = 0.065968) = 0.07: 1.52 - 0.07 = 1.45 back for
    # 4 × 0.417 = 1.668 of cost: -0.218 realized.
    assert fills_of(result, KALSHI_YES, OrderPurpose.UNWIND) == [(D("0.38"), D(4), D("0.07"), D(0))]
    assert result.realized_pnl == D("-0.218")
    held = {p.instrument: p.contracts for p in result.book().open_positions()}
    assert held == {KALSHI_YES: D(6), TOK_NO: D(6)}
    assert "buy polymarket:501:tok-no: only 6 of 10 contracts within the limit" in result.reasons


def test_an_unwind_that_cannot_sell_is_open_risk_never_silent():
    world = markets()
    books = found_books(pm_depth=50)
    intent = yes_intent(books, world)
    hedge = state(kalshi_book(no_bids=[("0.60", 10)]), token_book("tok-no", asks=[("0.62", 50)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    # Nobody bids for YES: the 10 contracts stay, flagged.
    assert result.outcome is TradeOutcome.OPEN_RISK
    assert [(r.instrument, r.contracts, r.kind) for r in result.open_risk] == [
        (KALSHI_YES, D(10), ResidualKind.UNSOLD)]
    assert "no bids" in result.open_risk[0].reason
    assert result.orders[-1].purpose is OrderPurpose.UNWIND and result.orders[-1].status is OrderStatus.CANCELLED
    assert result.capital_by_venue() == {KALSHI_YES.venue: D("4.17")}


def test_a_book_that_vanished_before_the_hedge_is_refused_and_unwound():
    world = markets()
    books = found_books(pm_depth=50)
    intent = yes_intent(books, world)
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    hedge_order = result.orders[1]
    assert (hedge_order.status, hedge_order.reason) == (
        OrderStatus.REJECTED, "hedge leg polymarket:501:tok-no: book vanished: no polymarket book for token tok-no")
    assert result.outcome is TradeOutcome.UNWOUND


def test_polymarket_minimum_order_refuses_a_small_hedge():
    world = markets(pm=pm_market(min_size=5))
    books = found_books(pm_depth=50)
    intent = yes_intent(books, world)
    # Only 3 tok-no within the budget: under the 5-share orderMinSize, the venue refuses it.
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.55", 3), ("0.80", 50)]), at=LATER)
    result = execute_arbitrage(intent, world, books, hedge=hedge)
    refused = result.orders[1]
    assert refused.status is OrderStatus.REJECTED
    assert refused.reason == "buy polymarket:501:tok-no: 3 contracts is below the 5-contract minimum order"
    assert result.outcome is TradeOutcome.UNWOUND


def test_minimum_order_from_the_book_shapes_the_plan():
    world = markets()
    # The REST book's min_order_size (5) beats a 4-set profit: nothing below 5 is ever planned.
    books = state(kalshi_book(no_bids=[("0.60", 4)]), token_book("tok-no", asks=[("0.55", 10)], min_size="5"))
    intent = ArbitrageIntent("arb-min", "pair", (KALSHI_YES, TOK_NO), 10, D("0.97"), NOW)
    result = execute_arbitrage(intent, world, books)
    assert result.outcome is TradeOutcome.NOT_TRADED and result.fills == ()
    assert result.reasons == ("edge gone at fill time: no size is profitable after fees on the current books",)


def test_unconfirmed_polymarket_fills_are_not_positions_yet():
    world = markets()
    books = found_books()
    result = execute_arbitrage(yes_intent(books, world), world, books, ExecutionConfig(confirm_polymarket=False))
    pm_fill = next(f for f in result.fills if f.instrument == TOK_NO)
    assert pm_fill.status is OrderStatus.MATCHED and result.orders[1].status is OrderStatus.MATCHED
    # The trade is hedged as far as execution knows, but only Kalshi is a position so far.
    assert result.outcome is TradeOutcome.COMPLETE
    assert [p.instrument for p in result.book().open_positions()] == [KALSHI_YES]
    # The money is committed from the match on: risk counts it.
    assert result.capital_by_venue() == {KALSHI_YES.venue: D("4.17"), TOK_NO.venue: D("5.50")}


@pytest.mark.parametrize(
    ("world", "books", "reason"),
    [
        (markets(kalshi=kalshi_market(status=MarketStatus.CLOSED)), None, "kalshi market KXFED-26JAN-T4.00 is closed"),
        ({}, None, "unknown market: no kalshi market KXFED-26JAN-T4.00"),
        (markets(kalshi=kalshi_market(fee=None)), None, "has no series fee schedule"),
        (markets(), state(token_book("tok-no", asks=[("0.55", 10)])), "book vanished: no kalshi book"),
        (markets(), state(kalshi_book(no_bids=[("0.60", 10)], at=NOW - timedelta(minutes=5)),
                          token_book("tok-no", asks=[("0.55", 10)])), "stale quote: kalshi book"),
        (markets(), state(kalshi_book(no_bids=[("0.50", 10)], yes_bids=[("0.55", 5)]),
                          token_book("tok-no", asks=[("0.55", 10)])), "crossed"),
        (markets(), state(kalshi_book(no_bids=[("0.40", 10)]), token_book("tok-no", asks=[("0.55", 10)])),
         "edge gone at fill time"),
    ],
)
def test_nothing_is_sent_when_a_leg_cannot_trade(world, books, reason):
    intent = ArbitrageIntent("arb-x", "pair", (KALSHI_YES, TOK_NO), 10, D("0.967"), NOW)
    result = execute_arbitrage(intent, world, books or found_books())
    assert result.outcome is TradeOutcome.NOT_TRADED
    assert (result.orders, result.fills, result.sets) == ((), (), D(0))
    assert any(reason in r for r in result.reasons), result.reasons


def test_the_profile_minimum_edge_applies_at_fill_time():
    world = markets()
    books = found_books()
    # The set earns 0.033 at fill time: under a 5-cent minimum, nothing is sent.
    result = execute_arbitrage(yes_intent(books, world), world, books, ExecutionConfig(min_edge=D("0.05")))
    assert result.outcome is TradeOutcome.NOT_TRADED
    assert result.reasons == ("edge 0.033 a set at fill time is under the minimum 0.05",)


def test_intent_from_a_spread_and_its_refusals():
    world = markets()
    books = found_books()
    spread = yes_spread(books, world)
    intent = arbitrage_intent(spread, world, max_contracts=7)
    assert (intent.legs, intent.contracts, intent.pair_key) == ((KALSHI_YES, TOK_NO), 7, f"{TICKER}~{PM_ID}")
    assert (intent.event_id, intent.category) == ("KXFED-26JAN", "Economics")
    with pytest.raises(IntentError, match="is not an opportunity: no edge"):
        arbitrage_intent(replace(spread, is_opportunity=False, rejection_reasons=("no edge",)), world)
    with pytest.raises(IntentError, match="0 sets is nothing to trade"):
        ArbitrageIntent("arb-y", "pair", (KALSHI_YES,), 0, D(1), NOW)
    with pytest.raises(IntentError, match="the same instrument twice"):
        ArbitrageIntent("arb-y", "pair", (KALSHI_YES, KALSHI_YES), 1, D(1), NOW)


def test_a_result_cannot_hide_open_risk():
    world = markets()
    books = found_books()
    result = execute_arbitrage(yes_intent(books, world), world, books)
    with pytest.raises(ValueError, match="outcome open_risk with no unsold contracts"):
        replace(result, outcome=TradeOutcome.OPEN_RISK)
    with pytest.raises(ValueError, match="outcome not_traded with 2 fills"):
        replace(result, outcome=TradeOutcome.NOT_TRADED)


def test_value_bet_buys_only_levels_that_keep_the_edge():
    world = markets()
    # YES asks 0.50×10, 0.53×10, 0.54×10 (1 − NO bids). Fair 0.60, minimum edge 0.05: a contract
    # may cost 0.55 with its fee. 0.50 + 0.0175 and 0.53 + 0.017437 fit; 0.54 + 0.017388 does not.
    books = state(kalshi_book(no_bids=[("0.50", 10), ("0.47", 10), ("0.46", 10)]))
    intent = ValueIntent("val-1", TICKER, KALSHI_YES, 25, D("0.60"), D("0.05"), D("0.5175"), NOW)
    result = execute_value_bet(intent, world, books)
    assert result.outcome is TradeOutcome.COMPLETE and result.signal_kind is SignalKind.SPORTSBOOK_VALUE
    # Fees: ceil(10 × 0.0175) = 0.18 and ceil(10 × 0.017437) = 0.18.
    assert fills_of(result, KALSHI_YES) == [(D("0.50"), D(10), D("0.18"), D(0)), (D("0.53"), D(10), D("0.18"), D(0))]
    assert (result.sets, result.target) == (D(20), 25)
    # (5.00 + 0.18 + 5.30 + 0.18) / 20 = 0.533 a contract.
    assert result.entry_cost_per_set == D("0.533")
    assert result.orders[0].filled == D(20) and result.orders[0].limit_price == D("0.53")


def test_value_bet_with_no_level_inside_the_edge_is_not_traded():
    world = markets()
    books = state(kalshi_book(no_bids=[("0.40", 10)]))
    intent = ValueIntent("val-2", TICKER, KALSHI_YES, 5, D("0.60"), D("0.05"), D("0.5175"), NOW)
    result = execute_value_bet(intent, world, books)
    assert result.outcome is TradeOutcome.NOT_TRADED
    assert result.orders[0].status is OrderStatus.CANCELLED
    assert "nothing offered at or under 0.55 a contract with fees (best ask 0.60)" in result.reasons[0]
