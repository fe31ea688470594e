"""Sportsbook value signals paper-traded against a real PostgreSQL: a flagged signal buys its one
leg on the snapshot after the one it was priced on, is decided once, settles, and its PnL is its
own signal kind, never added to arbitrage."""

from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.app.paper_trading import PaperTrader
from arb_pipeline.app.settlement import KALSHI_REST, settle_resolutions
from arb_pipeline.domain.trading import SignalKind, daily_pnl, kalshi_resolution
from arb_pipeline.warehouse import trading
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.warehouse.quotes import write_quote_snapshot
from arb_pipeline_tests.app.test_paper_trading_bad_input import LATER, NOW, _settings
from arb_pipeline_tests.domain.trading.builders import TICKER, kalshi_book, kalshi_market

pytestmark = pytest.mark.integration

D = Decimal


def _flag(warehouse, signal_id: str) -> None:
    table = warehouse.tables.sportsbook_edges
    with warehouse.transaction() as connection:
        connection.execute(table.insert().values(
            signal_id=signal_id, kalshi_ticker=TICKER, side="yes", odds_event_id="odds-1", agreeing=3, required=2,
            consensus=D("0.55"), best_ask=D("0.40"), cost_per_contract=D("0.416492"), edge=D("0.133508"),
            contracts=10, cost=D("4.17"), flagged=True, reasons=[], evaluated_at=NOW, event_id="KXFED-26JAN",
            category="Economics",
        ))


def test_a_flagged_signal_is_bought_on_the_next_books_once_and_settles_apart(warehouse):
    write_markets(warehouse, [kalshi_market()], seen_at=NOW)
    _flag(warehouse, "val-1")
    trader = PaperTrader(warehouse, _settings())
    # No snapshot after the signal yet: it waits.
    assert trader.run([], NOW).waiting == ["val-1"]
    write_quote_snapshot(warehouse, "next", LATER, [kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)],
                                                                 at=LATER)], [])
    run = trader.run([], LATER)
    assert run.outcomes == {"complete": 1}
    assert trader.run([], LATER).outcomes == {}
    with warehouse.transaction() as connection:
        [trade] = trading.load_trades(connection, schema=warehouse.schema)
        fills = trading.load_fills(connection, schema=warehouse.schema)
    assert trade.signal_kind is SignalKind.SPORTSBOOK_VALUE and trade.entry_snapshot_id == "next"
    # 10 YES at 0.40, Kalshi fee ceil(0.07 x 10 x 0.4 x 0.6 = 0.168) = 0.17.
    assert [(f.price, f.contracts, f.fee) for f in fills] == [(D("0.40"), D(10), D("0.17"))]

    resolved_at = LATER + timedelta(minutes=1)
    settle_resolutions(warehouse, _settings(), [(kalshi_resolution(TICKER, "yes", resolved_at), KALSHI_REST)],
                       resolved_at)
    with warehouse.transaction() as connection:
        settlements = trading.load_settlements(connection, schema=warehouse.schema)
    report = daily_pnl(fills, settlements, NOW.date())
    assert report.total(SignalKind.SPORTSBOOK_VALUE).realized == D("10") - D("4.00") - D("0.17")
    assert report.total(SignalKind.ARBITRAGE).realized == 0
