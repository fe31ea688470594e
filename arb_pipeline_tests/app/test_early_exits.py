"""Early exits in a paper-trading run, against a real PostgreSQL: a held pair is kept while
holding pays more, and sold when selling both legs on the latest books beats holding by the
margin; the exit is its own trade, its realized PnL is the sales against what the pair cost, and
the breaker releases the pair's capital."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.app.paper_trading import PaperTrader, pending_snapshots
from arb_pipeline.app.settlement import rebuild_positions
from arb_pipeline.app.trading_checks import pnl_mismatches, unhedged_trades
from arb_pipeline.domain.trading import PositionBook
from arb_pipeline.warehouse import trading
from arb_pipeline.warehouse.quotes import write_quote_snapshot
from arb_pipeline_tests.app.test_paper_trading_bad_input import LATER, _books, _found, _settings
from arb_pipeline_tests.domain.trading.builders import kalshi_book, kalshi_market, pm_market, token_book

pytestmark = pytest.mark.integration

D = Decimal
EXIT_AT = LATER + timedelta(seconds=10)


def test_a_held_pair_is_sold_only_when_selling_beats_holding_by_the_margin(warehouse):
    settings = replace(_settings(), exit_margin=D("0.50"))
    _found(warehouse, catalog=[kalshi_market(), pm_market()], entry_books=_books(LATER))
    first = PaperTrader(warehouse, settings).run(pending_snapshots(warehouse), LATER)
    # Traded, and held: on the entry books selling fetches far less than the $10 resolution pays.
    assert first.outcomes == {"complete": 1}
    write_quote_snapshot(
        warehouse, "rich", EXIT_AT, [kalshi_book(yes_bids=[("0.70", 10)], no_bids=[("0.25", 10)], at=EXIT_AT)],
        [token_book("tok-no", bids=[("0.40", 10)], asks=[("0.48", 10)], at=EXIT_AT)])
    # Sell 10 YES at 0.70 (fee 0.15) and 10 tok-no at 0.40: 10.85 now against 10 at resolution.
    held = PaperTrader(warehouse, replace(settings, exit_margin=D("0.86"))).run([], EXIT_AT)
    assert held.outcomes == {}
    exited = PaperTrader(warehouse, settings).run([], EXIT_AT)
    assert exited.outcomes == {"exited": 1}
    # Once: the pair holds nothing more to sell.
    assert PaperTrader(warehouse, settings).run([], EXIT_AT).outcomes == {}
    with warehouse.transaction() as connection:
        trades = trading.load_trades(connection, schema=warehouse.schema)
        fills = trading.load_fills(connection, schema=warehouse.schema)
        state = trading.lock_risk_state(connection, EXIT_AT, schema=warehouse.schema)
    [exit_trade] = [t for t in trades if t.outcome == "exited"]
    # 6.85 + 4.00 back against 4.17 + 5.50 paid: +1.18.
    assert exit_trade.realized_pnl == D("1.18") and exit_trade.capital == 0
    assert PositionBook.replay(fills).open_positions() == ()
    assert state.exposures == ()
    rebuild_positions(warehouse, EXIT_AT, {})
    assert pnl_mismatches(warehouse) == [] and unhedged_trades(warehouse) == []
