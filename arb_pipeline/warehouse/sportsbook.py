"""Sportsbook odds and value edges in the warehouse.

Odds are kept per read (``fetched_at`` is part of the key), so an edge can always be traced to
the prices it was computed from; a retried read of the same moment writes nothing new. Edges are
keyed by their signal id (ticker, side, odds event and evaluation time). Each function runs in
the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from arb_pipeline.domain.models import BookmakerPrice, SportsEvent
from arb_pipeline.domain.sportsbook import ValueSignal
from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA, warehouse_tables
from arb_pipeline.warehouse.trading import insert_new


def record_odds(connection: Connection, events: Iterable[SportsEvent], fetched_at: datetime, *,
                schema: str = DEFAULT_SCHEMA) -> int:
    """Store every bookmaker price of ``events`` as read at ``fetched_at``; the rows written."""
    rows = []
    for event in events:
        for price in event.prices:
            rows.append({
                "odds_event_id": event.event_id, "sport_key": event.sport_key, "commence_time": event.commence_time,
                "home_team": event.home_team, "away_team": event.away_team, "bookmaker": price.bookmaker,
                "market_key": price.market_key, "outcome_name": price.outcome_name,
                "decimal_odds": price.decimal_odds, "american_odds": price.american_odds,
                "last_update": price.last_update, "fetched_at": fetched_at,
            })  # fmt: skip
    return insert_new(connection, warehouse_tables(schema).sportsbook_odds, rows)


def load_latest_odds(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[SportsEvent]:
    """The events of the latest odds read, with their prices."""
    table = warehouse_tables(schema).sportsbook_odds
    latest = sa.select(sa.func.max(table.c.fetched_at)).scalar_subquery()
    rows = connection.execute(sa.select(table).where(table.c.fetched_at == latest)
                              .order_by(table.c.odds_event_id, table.c.bookmaker, table.c.outcome_name)).all()
    events: dict[str, tuple[Any, list[BookmakerPrice]]] = {}
    for row in rows:
        events.setdefault(row.odds_event_id, (row, []))[1].append(
            BookmakerPrice(bookmaker=row.bookmaker, market_key=row.market_key, outcome_name=row.outcome_name,
                           decimal_odds=row.decimal_odds, american_odds=row.american_odds, last_update=row.last_update))
    return [SportsEvent(event_id, first.sport_key, None, first.commence_time, first.home_team, first.away_team,
                        tuple(prices)) for event_id, (first, prices) in events.items()]


def record_edges(connection: Connection, signals: Iterable[ValueSignal], *, schema: str = DEFAULT_SCHEMA) -> int:
    rows = [{
        "signal_id": s.signal_id, "kalshi_ticker": s.kalshi_ticker, "side": s.side, "odds_event_id": s.odds_event_id,
        "agreeing": s.agreeing, "required": s.required, "consensus": s.consensus, "best_ask": s.best_ask,
        "cost_per_contract": s.cost_per_contract, "edge": s.edge, "contracts": s.contracts, "cost": s.cost,
        "flagged": s.flagged, "reasons": list(s.reasons), "evaluated_at": s.evaluated_at, "event_id": s.event_id,
        "category": s.category,
    } for s in signals]  # fmt: skip
    return insert_new(connection, warehouse_tables(schema).sportsbook_edges, rows)


def load_edges(connection: Connection, *, flagged_only: bool = False, since: datetime | None = None,
               schema: str = DEFAULT_SCHEMA) -> list[dict[str, Any]]:
    table = warehouse_tables(schema).sportsbook_edges
    query = sa.select(table).order_by(table.c.evaluated_at, table.c.signal_id)
    if flagged_only:
        query = query.where(table.c.flagged)
    if since is not None:
        query = query.where(table.c.evaluated_at >= since)
    return [dict(row._mapping) for row in connection.execute(query)]


@dataclass(frozen=True, slots=True)
class FlaggedSignal:
    """A flagged value signal as the paper trader needs it."""

    signal_id: str
    kalshi_ticker: str
    side: str
    contracts: int
    consensus: Decimal
    cost_per_contract: Decimal
    evaluated_at: datetime
    event_id: str | None
    category: str | None


def undecided_signals(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[FlaggedSignal]:
    """Flagged value signals no paper trade or refusal has decided yet, oldest first."""
    tables = warehouse_tables(schema)
    edges, trades = tables.sportsbook_edges, tables.paper_trades
    decided = sa.select(trades.c.opportunity_id).where(trades.c.opportunity_id == edges.c.signal_id).exists()
    query = (sa.select(edges).where(edges.c.flagged, edges.c.contracts > 0, ~decided)
             .order_by(edges.c.evaluated_at, edges.c.signal_id))
    return [FlaggedSignal(row.signal_id, row.kalshi_ticker, row.side, row.contracts, row.consensus,
                          row.cost_per_contract, row.evaluated_at, row.event_id, row.category)
            for row in connection.execute(query)]
