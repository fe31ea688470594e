"""Early exits of held arbitrage pairs: what a paper-trading run does after its trades.

A hedged pair is held to resolution by default (it pays $1 a set for sure); it is sold now only
when selling every leg into the latest stored books, after fees, beats holding by at least
``TRADING_EXIT_MARGIN`` (:mod:`arb_pipeline.domain.trading.exits`). An exit is a trade of its own
(outcome ``exited``), stored with its orders and fills; it releases the pair's capital from the
circuit breaker and books what it realized.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from decimal import localcontext

from sqlalchemy.engine import Connection

from arb_pipeline.config import TradingSettings
from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ZERO, Market
from arb_pipeline.domain.trading import (
    ExecutionConfig,
    MarketState,
    PositionBook,
    RiskState,
    SignalKind,
    TradeResult,
    close_pair,
    execute_exit,
    sent_orders,
)
from arb_pipeline.warehouse import trading
from arb_pipeline.warehouse.trading import TradeContext

log = logging.getLogger(__name__)


def exit_pairs(connection: Connection, schema: str, settings: TradingSettings, markets: Mapping[str, Market],
               state: RiskState, books: MarketState, snapshot_id: str,
               exited: Callable[[TradeResult], None]) -> RiskState:
    """Sell every held arbitrage pair whose exit on ``books`` beats holding by the margin;
    ``exited`` hears of each exit stored."""
    fills = trading.load_fills(connection, schema=schema)
    settlements = trading.load_settlements(connection, schema=schema)
    book = PositionBook.replay(fills, settlements)
    config = ExecutionConfig(min_edge=settings.profile.min_edge)
    for pair in sorted({p.pair_key for p in book.open_positions() if p.signal_kind is SignalKind.ARBITRAGE}):
        legs = [p for p in book.pair(SignalKind.ARBITRAGE, pair) if p.is_open]
        if len(legs) < 2:
            continue
        outcome = execute_exit(legs, markets, books, settings.exit_margin, config)
        if not isinstance(outcome, TradeResult):
            continue
        # What the exit realized is the sales against the cost of what earlier trades bought.
        after = PositionBook.replay([*fills, *outcome.fills], settlements)
        sold = {fill.fill_id for fill in outcome.fills}
        with localcontext(EXACT):
            realized = sum((e.amount for e in after.realized if e.source == "sell" and e.ref in sold), ZERO)
        context = TradeContext(None, snapshot_id, snapshot_id, settings.profile.name.value, books.at)
        if not trading.record_trade(connection, outcome, context, decided_at=books.at, realized_pnl=realized,
                                    capital=ZERO, schema=schema):
            continue
        fills = [*fills, *outcome.fills]
        book = after
        closed = close_pair(state, SignalKind.ARBITRAGE, pair, realized, settings.limits, books.at,
                            exit_volume=outcome.volume, exit_orders=sent_orders(outcome))
        trading.record_trips(connection, closed.trips, outcome.opportunity_id, schema=schema)
        state = closed.state
        exited(outcome)
        log.info("early exit of %s realized %s: %s", pair, realized, "; ".join(outcome.reasons))
    return state
