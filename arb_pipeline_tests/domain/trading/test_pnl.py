"""Daily PnL over three trades on one pair's markets, hand-computed.

Day 1 (2026-01-09): trade A completes ten sets (Kalshi YES 4.17 with a 0.17 fee, tok-no 5.50);
trade B's hedge fails and its Kalshi leg is unwound (fees 0.17 + 0.17, realized -0.54); value
bet C buys 20 Kalshi YES for 10.66 (fees 0.18 + 0.18). Day 2 (2026-01-29): Kalshi resolves NO and
tok-no wins: A realizes 0 - 4.17 + 10 - 5.50 = +0.33, C realizes 0 - 10.66.
"""

from datetime import timedelta

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading.execution import (
    ArbitrageIntent,
    TradeOutcome,
    ValueIntent,
    execute_arbitrage,
    execute_value_bet,
)
from arb_pipeline.domain.trading.pnl import PnLTotals, daily_pnl
from arb_pipeline.domain.trading.positions import PositionBook
from arb_pipeline.domain.trading.records import Instrument, SignalKind
from arb_pipeline.domain.trading.settlement import kalshi_resolution, polymarket_resolution, settle
from arb_pipeline_tests.domain.trading.builders import (
    NOW,
    PM_ID,
    TICKER,
    D,
    kalshi_book,
    markets,
    state,
    token_book,
)

KALSHI_YES = Instrument.kalshi(TICKER, "yes")
TOK_NO = Instrument.polymarket(PM_ID, "tok-no")
PAIR = f"{TICKER}~{PM_ID}"
DAY2 = NOW + timedelta(days=20)


def trades():
    world = markets()
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 50)]))
    a = execute_arbitrage(ArbitrageIntent("arb-a", PAIR, (KALSHI_YES, TOK_NO), 10, D("0.967"), NOW), world, books)
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.62", 50)]))
    b = execute_arbitrage(ArbitrageIntent("arb-b", PAIR, (KALSHI_YES, TOK_NO), 10, D("0.967"), NOW), world, books,
                          hedge=hedge)
    value_books = state(kalshi_book(no_bids=[("0.50", 10), ("0.47", 10)]))
    c = execute_value_bet(ValueIntent("val-c", "KXFED-game", KALSHI_YES, 20, D("0.60"), D("0.05"), D("0.5175"), NOW),
                          world, value_books)
    assert (a.outcome, b.outcome, c.outcome) == (TradeOutcome.COMPLETE, TradeOutcome.UNWOUND, TradeOutcome.COMPLETE)
    return a.fills + b.fills + c.fills


def settlements_for(fills):
    done = []
    for resolution in (kalshi_resolution(TICKER, "no", DAY2),
                       polymarket_resolution(PM_ID, {"tok-yes": "0", "tok-no": "1"}, DAY2)):
        book = PositionBook.replay(fills, done)
        done.extend(settle(book.positions, resolution, {s.settlement_id for s in done}).settlements)
    return done


def line_map(report):
    return {(line.signal_kind, line.pair_key, line.venue): line.totals for line in report.lines}


def test_day_one_realized_unrealized_and_fees_by_kind_pair_and_venue():
    fills = trades()
    bids = {KALSHI_YES.key: D("0.38"), TOK_NO.key: D("0.50")}
    report = daily_pnl(fills, settlements_for(fills), NOW.date(), bids=bids)
    assert report.marked
    assert line_map(report) == {
        # Realized -0.54 (B's unwind); fees 0.17 (A) + 0.17 + 0.17 (B); A marked 10 × 0.38 - 4.17.
        (SignalKind.ARBITRAGE, PAIR, Venue.KALSHI): PnLTotals(D("-0.54"), D("-0.37"), D("0.51")),
        # 10 × 0.50 - 5.50.
        (SignalKind.ARBITRAGE, PAIR, Venue.POLYMARKET): PnLTotals(D(0), D("-0.50"), D(0)),
        # C: 20 × 0.38 - 10.66 = -3.06; fees 0.36.
        (SignalKind.SPORTSBOOK_VALUE, "KXFED-game", Venue.KALSHI): PnLTotals(D(0), D("-3.06"), D("0.36")),
    }
    assert report.total(SignalKind.ARBITRAGE) == PnLTotals(D("-0.54"), D("-0.87"), D("0.51"))
    assert report.total(SignalKind.SPORTSBOOK_VALUE) == PnLTotals(D(0), D("-3.06"), D("0.36"))
    assert report.by_venue(SignalKind.ARBITRAGE)[Venue.POLYMARKET].unrealized == D("-0.50")
    assert report.by_pair(SignalKind.ARBITRAGE) == {PAIR: PnLTotals(D("-0.54"), D("-0.87"), D("0.51"))}


def test_day_two_realizes_the_settlements_and_nothing_is_left_open():
    fills = trades()
    report = daily_pnl(fills, settlements_for(fills), DAY2.date(), bids={})
    assert line_map(report) == {
        (SignalKind.ARBITRAGE, PAIR, Venue.KALSHI): PnLTotals(D("-4.17"), D(0), D(0)),
        (SignalKind.ARBITRAGE, PAIR, Venue.POLYMARKET): PnLTotals(D("4.50"), D(0), D(0)),
        (SignalKind.SPORTSBOOK_VALUE, "KXFED-game", Venue.KALSHI): PnLTotals(D("-10.66"), D(0), D(0)),
    }
    assert report.total(SignalKind.ARBITRAGE).realized == D("0.33")


def test_a_day_without_bids_is_not_marked_and_a_quiet_day_is_empty():
    fills = trades()
    unmarked = daily_pnl(fills, [], NOW.date())
    assert not unmarked.marked
    assert unmarked.total(SignalKind.ARBITRAGE) == PnLTotals(D("-0.54"), D(0), D("0.51"))
    day5 = (NOW + timedelta(days=5)).date()
    assert daily_pnl(fills, settlements_for(fills), day5).lines == ()
    # Marked with no bids at all, what is held is worth nothing now: A's 4.17 + 5.50 and C's 10.66.
    nobody_bids = daily_pnl(fills, settlements_for(fills), day5, bids={})
    assert nobody_bids.total(SignalKind.ARBITRAGE) == PnLTotals(D(0), D("-9.67"), D(0))
    assert nobody_bids.total(SignalKind.SPORTSBOOK_VALUE) == PnLTotals(D(0), D("-10.66"), D(0))


def test_fills_reported_twice_count_once():
    fills = trades()
    assert daily_pnl(fills + fills, [], NOW.date()) == daily_pnl(fills, [], NOW.date())
