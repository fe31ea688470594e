"""Settlement, positions and PnL of paper trades: what the ``settlements``, ``positions`` and
``pnl`` assets run.

Resolutions are read from the venues' REST markets of every open position (Kalshi ``result`` and
``settlement_value_dollars``; Gamma's resolved ``outcomePrices``), or handed in as messages (a
``market_resolved`` stream event). Each market's first resolution is stored and stands; every
settlement is computed from the stored one, and keyed by resolution and position, so a duplicate
message, a second read or a retried run pays nothing twice. A resolution for a market never
traded is logged with that reason and settles nothing.

Positions and daily PnL are derived: rebuilt from the stored fills and settlements on every
run, open positions marked at the best bid of the latest stored books.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, localcontext

from sqlalchemy.engine import Connection

from arb_pipeline.config import Credentials, TradingSettings, VenueEndpoints
from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ONE, ZERO, Venue
from arb_pipeline.domain.spreads import index_books
from arb_pipeline.domain.trading import (
    Fill,
    PnLReport,
    PositionBook,
    Resolution,
    ResolutionError,
    Settlement,
    SignalKind,
    best_bid,
    close_pair,
    daily_pnl,
    mark_to_market,
    resolution_from_market,
    settle,
)
from arb_pipeline.venues.kalshi.catalog import KalshiCatalog
from arb_pipeline.venues.polymarket.catalog import PolymarketCatalog
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.quotes import read_latest_books

log = logging.getLogger(__name__)

KALSHI_REST = "kalshi_rest"
GAMMA = "gamma"
MARKET_RESOLVED = "market_resolved"


@dataclass
class ResolutionRead:
    resolutions: list[Resolution] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def open_markets(store: Warehouse) -> dict[Venue, list[str]]:
    """The markets every open position sits on, by venue."""
    with store.transaction() as connection:
        book = PositionBook.replay(trading.load_fills(connection, schema=store.schema),
                                   trading.load_settlements(connection, schema=store.schema))
    markets: dict[Venue, list[str]] = {Venue.KALSHI: [], Venue.POLYMARKET: []}
    for position in book.open_positions():
        if position.instrument.market_id not in markets[position.venue]:
            markets[position.venue].append(position.instrument.market_id)
    return markets


async def read_resolutions(endpoints: VenueEndpoints, credentials: Credentials, markets: Mapping[Venue, Sequence[str]],
                           now: datetime) -> ResolutionRead:
    """Read the given markets over REST and say which resolved and how."""
    result = ResolutionRead()
    reads = []
    if markets.get(Venue.KALSHI):
        reads.append(KalshiCatalog(endpoints, credentials).read_markets_by_id(markets[Venue.KALSHI]))
    if markets.get(Venue.POLYMARKET):
        reads.append(PolymarketCatalog(endpoints).read_markets_by_id(markets[Venue.POLYMARKET]))
    for read in await asyncio.gather(*reads):
        result.problems.extend(read.problems)
        for market in read.markets.values():
            if market.venue is Venue.KALSHI and not (market.result or "").strip():
                result.unresolved.append(f"{market.venue}:{market.market_id}")
                continue
            try:
                result.resolutions.append(resolution_from_market(market, now))
            except ResolutionError as exc:
                result.unresolved.append(f"{market.venue}:{market.market_id} ({exc})")
    return result


@dataclass
class SettlementRun:
    settlements: list[Settlement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    new_resolutions: int = 0
    divergent_pairs: list[str] = field(default_factory=list)


def divergent_pairs(settlements: Iterable[Settlement]) -> list[str]:
    """Arbitrage pairs whose settled legs do not pay $1 a set between them: the two venues
    resolved the pair differently. Their loss (or windfall) is in the PnL as it is; this names
    them so nobody mistakes it for a fill problem."""
    paid: dict[str, dict[str, Decimal]] = {}
    for s in settlements:
        if s.signal_kind is SignalKind.ARBITRAGE:
            paid.setdefault(s.pair_key, {})[s.instrument.key] = s.payout_per_contract
    found = []
    with localcontext(EXACT):
        for pair, legs in sorted(paid.items()):
            if len(legs) > 1 and sum(legs.values(), ZERO) != ONE:
                shown = ", ".join(f"{key} pays {value}" for key, value in sorted(legs.items()))
                found.append(f"pair {pair} resolved differently on its venues: {shown}")
    return found


def settle_resolutions(store: Warehouse, settings: TradingSettings, resolutions: Iterable[tuple[Resolution, str]],
                       now: datetime) -> SettlementRun:
    """Store each resolution (its first read stands), settle every open position it pays, and
    release the breaker's capital of each pair that closed, in one transaction."""
    run = SettlementRun()
    schema = store.schema
    with store.transaction() as connection:
        wanted: dict[tuple[Venue, str], Resolution] = {}
        for resolution, source in resolutions:
            if trading.record_resolution(connection, resolution, source, now, schema=schema):
                run.new_resolutions += 1
            wanted[(resolution.venue, resolution.market_id)] = resolution
        stored = {(r.venue, r.market_id): r for r in trading.load_resolutions(connection, schema=schema)}
        fills = trading.load_fills(connection, schema=schema)
        settled = trading.load_settlements(connection, schema=schema)
        settled_ids = {s.settlement_id for s in settled}
        for key in sorted(wanted, key=lambda k: (k[0].value, k[1])):
            book = PositionBook.replay(fills, [*settled, *run.settlements])
            batch = settle(book.positions, stored[key], settled_ids)
            for reason in batch.skipped:
                log.warning("settlement of %s %s: %s", key[0], key[1], reason)
            run.skipped.extend(batch.skipped)
            trading.record_settlements(connection, batch.settlements, schema=schema)
            run.settlements.extend(batch.settlements)
            settled_ids.update(s.settlement_id for s in batch.settlements)
        if run.settlements:
            _close_pairs(connection, store, settings, fills, [*settled, *run.settlements], run.settlements, now)
        run.divergent_pairs = divergent_pairs([*settled, *run.settlements])
    for pair in run.divergent_pairs:
        log.warning(pair)
    return run


def _close_pairs(connection: Connection, store: Warehouse, settings: TradingSettings, fills: Sequence[Fill],
                 settlements: Sequence[Settlement], new: Sequence[Settlement], now: datetime) -> None:
    """Release the breaker's capital of every pair the new settlements closed, booking what
    they realized."""
    book = PositionBook.replay(fills, settlements)
    state = trading.lock_risk_state(connection, now, schema=store.schema)
    realized: dict[tuple[SignalKind, str], Decimal] = {}
    with localcontext(EXACT):
        for s in new:
            realized[(s.signal_kind, s.pair_key)] = realized.get((s.signal_kind, s.pair_key), ZERO) + s.realized_pnl
    for (kind, pair), amount in sorted(realized.items(), key=lambda item: (item[0][0].value, item[0][1])):
        if any(p.is_open for p in book.pair(kind, pair)):
            continue
        decision = close_pair(state, kind, pair, amount, settings.limits, now)
        trading.record_trips(connection, decision.trips, schema=store.schema)
        state = decision.state
    trading.save_risk_state(connection, state, now, schema=store.schema)


def latest_bids(store: Warehouse) -> dict[str, Decimal | None]:
    """Best bid of every instrument in the latest stored books, by instrument key."""
    books = read_latest_books(store)
    indexed = index_books(books.kalshi.values(), books.polymarket.values())
    with store.transaction() as connection:
        positions = PositionBook.replay(trading.load_fills(connection, schema=store.schema),
                                        trading.load_settlements(connection, schema=store.schema)).open_positions()
    return {p.instrument.key: best_bid(indexed, p.instrument) for p in positions}


def rebuild_positions(store: Warehouse, now: datetime, bids: Mapping[str, Decimal | None]) -> PositionBook:
    """Replace the stored positions with the book rebuilt from fills and settlements."""
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        settlements = trading.load_settlements(connection, schema=store.schema)
        book = PositionBook.replay(fills, settlements)
        marks = mark_to_market(book.open_positions(), bids)
        trading.replace_positions(connection, book.positions, marks, now, schema=store.schema)
    return book


def compute_daily_pnl(store: Warehouse, day: date, now: datetime,
                      bids: Mapping[str, Decimal | None] | None) -> PnLReport:
    """Recompute and store one day's PnL from fills and settlements."""
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        settlements = trading.load_settlements(connection, schema=store.schema)
        report = daily_pnl(fills, settlements, day, bids=bids)
        trading.replace_daily_pnl(connection, report, now, schema=store.schema)
    return report
