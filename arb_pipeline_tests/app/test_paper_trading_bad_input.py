"""Paper trading on bad input, against a real PostgreSQL: an opportunity on a market the catalog
does not know, a book gone from the snapshot the order lands on, a resolution of a market never
traded, and a settlement message that arrives twice. Each is logged with its reason, and nothing
is counted twice."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.app.paper_trading import PaperTrader, pending_snapshots
from arb_pipeline.app.settlement import GAMMA, KALSHI_REST, MARKET_RESOLVED, settle_resolutions
from arb_pipeline.config import TradingSettings
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import Resolution, kalshi_resolution, parse_profile
from arb_pipeline.warehouse import trading
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.warehouse.quotes import write_quote_snapshot
from arb_pipeline.warehouse.spreads import write_spreads
from arb_pipeline_tests.domain.trading.builders import (
    NOW,
    PM_ID,
    TICKER,
    kalshi_book,
    kalshi_market,
    markets,
    pm_market,
    state,
    token_book,
    yes_spread,
)

pytestmark = pytest.mark.integration

D = Decimal
LATER = NOW + timedelta(seconds=2)


def _books(at):
    return (kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)], at=at),
            token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 50)], at=at),
            token_book("tok-yes", bids=[("0.40", 10)], asks=[("0.70", 10)], at=at))


def _settings() -> TradingSettings:
    return replace(TradingSettings.from_env({}), profile=parse_profile("very_aggressive", {"min_edge": "0.001"}))


def _found(warehouse, *, catalog, entry_books):
    """An opportunity found in snapshot "found" and a later snapshot "entry" holding ``entry_books``."""
    world = markets()
    found = _books(NOW)
    spread = yes_spread(state(*found, at=NOW), world)
    write_markets(warehouse, catalog, seen_at=NOW)
    write_quote_snapshot(warehouse, "found", NOW, [found[0]], list(found[1:]))
    write_spreads(warehouse, "found", [spread])
    kalshi = [b for b in entry_books if b is not None and hasattr(b, "ticker")]
    tokens = [b for b in entry_books if b is not None and not hasattr(b, "ticker")]
    write_quote_snapshot(warehouse, "entry", LATER, kalshi, tokens)
    return spread


def _trade_once(warehouse, caplog):
    trader = PaperTrader(warehouse, _settings())
    with caplog.at_level("INFO", logger="arb_pipeline.app.paper_trading"):
        run = trader.run(pending_snapshots(warehouse), LATER)
    # Decided once: the next run finds nothing left to decide.
    assert pending_snapshots(warehouse) == []
    assert sum(PaperTrader(warehouse, _settings()).run(pending_snapshots(warehouse), LATER).outcomes.values()) == 0
    with warehouse.transaction() as connection:
        [trade] = trading.load_trades(connection, schema=warehouse.schema)
        fills = trading.load_fills(connection, schema=warehouse.schema)
    return run, trade, fills


def test_an_order_for_a_market_the_catalog_does_not_know_is_not_traded(warehouse, caplog):
    _found(warehouse, catalog=[pm_market()], entry_books=_books(LATER))
    run, trade, fills = _trade_once(warehouse, caplog)
    assert run.outcomes == {"not_traded": 1}
    assert trade.outcome == "not_traded" and fills == []
    assert f"unknown market: no kalshi market {TICKER}" in trade.reasons
    assert f"unknown market: no kalshi market {TICKER}" in caplog.text


def test_a_book_that_vanished_before_the_order_landed_is_not_traded(warehouse, caplog):
    later = _books(LATER)
    _found(warehouse, catalog=[kalshi_market(), pm_market()], entry_books=(None, later[1], later[2]))
    run, trade, fills = _trade_once(warehouse, caplog)
    assert trade.outcome == "not_traded" and fills == []
    assert f"book vanished: no kalshi book for {TICKER}" in trade.reasons
    assert "book vanished" in caplog.text


def test_a_resolution_never_traded_and_a_duplicate_settlement_change_nothing(warehouse, caplog):
    _found(warehouse, catalog=[kalshi_market(), pm_market()], entry_books=_books(LATER))
    run, trade, fills = _trade_once(warehouse, caplog)
    assert trade.outcome == "complete" and fills
    settings = _settings()
    resolved_at = LATER + timedelta(hours=1)
    never = kalshi_resolution("KXNEVER-26JAN", "yes", resolved_at)
    with caplog.at_level("WARNING", logger="arb_pipeline.app.settlement"):
        first = settle_resolutions(warehouse, settings, [(never, KALSHI_REST)], resolved_at)
    assert first.settlements == []
    assert first.skipped == ["resolution for a market never traded: kalshi market KXNEVER-26JAN (yes)"]
    assert "resolution for a market never traded: kalshi market KXNEVER-26JAN" in caplog.text

    kalshi = kalshi_resolution(TICKER, "yes", resolved_at)
    polymarket = Resolution(Venue.POLYMARKET, PM_ID, {"tok-yes": D(1), "tok-no": D(0)}, resolved_at, "Yes won")
    paid = settle_resolutions(warehouse, settings, [(kalshi, KALSHI_REST), (polymarket, GAMMA)], resolved_at)
    assert len(paid.settlements) == 2 and paid.new_resolutions == 2
    # The same resolution again (a market_resolved message after the REST read), and a message
    # that contradicts the first read: the first stands, nothing is paid twice.
    contradicting = kalshi_resolution(TICKER, "no", resolved_at + timedelta(minutes=1))
    with caplog.at_level("WARNING", logger="arb_pipeline.app.settlement"):
        again = settle_resolutions(warehouse, settings, [(kalshi, MARKET_RESOLVED), (contradicting, MARKET_RESOLVED)],
                                   resolved_at + timedelta(minutes=1))
    assert again.settlements == [] and again.new_resolutions == 0
    assert any(reason.startswith("duplicate settlement:") for reason in again.skipped)
    assert "duplicate settlement" in caplog.text
    with warehouse.transaction() as connection:
        settlements = trading.load_settlements(connection, schema=warehouse.schema)
        [stored] = [r for r in trading.load_resolutions(connection, schema=warehouse.schema) if r.market_id == TICKER]
    assert len(settlements) == 2 and stored.payouts == {"yes": D(1), "no": D(0)}
    # The YES leg paid $1 a contract, tok-no nothing: realized = payout - everything paid.
    spent = sum((f.contracts * f.price + f.fee for f in fills), D(0))
    assert sum((s.realized_pnl for s in settlements), D(0)) == trade.sets - spent
