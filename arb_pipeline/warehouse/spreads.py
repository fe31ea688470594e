"""The spreads and opportunities tables: every spread a snapshot evaluated, and those that passed
the thresholds, written by bulk insert and read back as :class:`~arb_pipeline.domain.models.Spread`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import Executable, TableClause

from arb_pipeline.domain.models import OpportunityKind, Spread
from arb_pipeline.warehouse.bulk import (
    COPY_BATCH_ROWS,
    WarehouseDataError,
    aware,
    copy_merge,
    insert_new,
    select_all,
    text_array,
)
from arb_pipeline.warehouse.store import Db, opened

_SPREAD_COLUMNS = (
    "snapshot_id", "kind", "kalshi_ticker", "kalshi_tickers", "polymarket_market_id", "kalshi_side",
    "polymarket_token", "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee",
    "polymarket_fee", "cost", "net_profit", "edge_per_contract", "days_to_resolution", "apy",
    "top_gross_edge", "quote_received_ts", "evaluated_at", "is_opportunity", "rejection_reasons",
)  # fmt: skip
#: The Spread fields a row holds as they are; ``kind`` and the two lists are converted.
_AS_STORED = tuple(
    name for name in _SPREAD_COLUMNS if name not in ("snapshot_id", "kind", "kalshi_tickers", "rejection_reasons")
)


class SpreadLoad(NamedTuple):
    spreads: int
    opportunities: int


def _spread_rows(snapshot_id: str, spreads: Iterable[Spread]) -> Iterator[tuple[Any, ...]]:
    seen: set[tuple[Any, ...]] = set()
    for spread in spreads:
        kind = OpportunityKind(spread.kind).value
        key = (kind, spread.kalshi_ticker, spread.polymarket_market_id, spread.kalshi_side, spread.polymarket_token)
        if key in seen:
            raise WarehouseDataError(
                f"snapshot {snapshot_id}: spread {kind} {spread.kalshi_ticker} / {spread.polymarket_market_id} "
                f"side {spread.kalshi_side} token {spread.polymarket_token} is given twice"
            )
        seen.add(key)
        values = {name: getattr(spread, name) for name in _AS_STORED}
        values |= {
            "snapshot_id": snapshot_id,
            "kind": kind,
            "kalshi_tickers": list(spread.kalshi_tickers),
            "rejection_reasons": list(spread.rejection_reasons),
        }
        yield tuple(values[name] for name in _SPREAD_COLUMNS)


def write_spreads(
    db: Db,
    snapshot_id: str,
    spreads: Iterable[Spread],
    *,
    batch_size: int = COPY_BATCH_ROWS,
    with_opportunities: bool = True,
) -> SpreadLoad:
    """Store every evaluated spread of a snapshot, and (``with_opportunities``) those with
    ``is_opportunity`` in ``opportunities`` too, in the same transaction. The pipeline's
    ``spreads`` asset passes False and lets the ``opportunities`` asset write its own table
    (:func:`write_opportunities`). Returns the rows written to each; writing the same snapshot
    again writes none."""
    if not snapshot_id:
        raise WarehouseDataError("snapshot_id must be a non-empty string")
    with opened(db) as session:
        tables = session.tables

        def opportunities(staging: TableClause) -> Executable:
            chosen = select_all(staging, _SPREAD_COLUMNS).where(staging.c.is_opportunity)
            return pg_insert(tables.opportunities).from_select(_SPREAD_COLUMNS, chosen).on_conflict_do_nothing()

        merges = [insert_new(tables.spreads, _SPREAD_COLUMNS)]
        if with_opportunities:
            merges.append(opportunities)
        rows = _spread_rows(snapshot_id, spreads)
        written = copy_merge(session.connection, tables.spreads, _SPREAD_COLUMNS, rows, merges, batch_size)
        return SpreadLoad(written[0], written[1] if with_opportunities else 0)


def write_opportunities(
    db: Db,
    snapshot_id: str,
    *,
    kalshi_tickers: Collection[str] | None = None,
    polymarket_market_ids: Collection[str] | None = None,
) -> int:
    """Copy the stored spreads of ``snapshot_id`` that passed the thresholds into
    ``opportunities``; returns the rows written (0 when :func:`write_spreads` already did).
    Given ``kalshi_tickers`` and ``polymarket_market_ids`` (a scan shard's), only the spreads of
    those Kalshi tickers, and the Polymarket sets of those markets."""
    with opened(db) as session:
        spreads, opportunities = session.tables.spreads, session.tables.opportunities
        chosen = (
            sa.select(*(spreads.c[name] for name in _SPREAD_COLUMNS))
            .where(spreads.c.snapshot_id == snapshot_id, spreads.c.is_opportunity)
            # In the order the scan wrote them, as write_spreads keeps it.
            .order_by(spreads.c.spread_id)
        )
        if kalshi_tickers is not None or polymarket_market_ids is not None:
            polymarket_set = sa.and_(
                spreads.c.kalshi_ticker.is_(None), spreads.c.polymarket_market_id == sa.any_(text_array(polymarket_market_ids))
            )
            chosen = chosen.where(sa.or_(spreads.c.kalshi_ticker == sa.any_(text_array(kalshi_tickers)), polymarket_set))
        insert = pg_insert(opportunities).from_select(_SPREAD_COLUMNS, chosen).on_conflict_do_nothing()
        return session.connection.execute(insert, execution_options={"preserve_rowcount": True}).rowcount


def _spread_from_row(row: Row[Any]) -> Spread:
    stored = row._mapping
    return Spread(
        kind=OpportunityKind(row.kind),
        kalshi_tickers=tuple(row.kalshi_tickers),
        rejection_reasons=tuple(row.rejection_reasons),
        **{name: stored[name] for name in _AS_STORED},
    )


def read_spreads(db: Db, snapshot_id: str) -> list[Spread]:
    """Every spread evaluated in ``snapshot_id``, in the order they were written."""
    with opened(db) as session:
        table = session.tables.spreads
        query = sa.select(table).where(table.c.snapshot_id == snapshot_id).order_by(table.c.spread_id)
        return [_spread_from_row(row) for row in session.connection.execute(query)]


def read_snapshot_opportunities(db: Db, snapshot_id: str) -> list[Spread]:
    """The opportunities found in ``snapshot_id``, in the order they were written."""
    with opened(db) as session:
        table = session.tables.opportunities
        query = sa.select(table).where(table.c.snapshot_id == snapshot_id).order_by(table.c.spread_id)
        return [_spread_from_row(row) for row in session.connection.execute(query)]


def read_opportunities(db: Db, since: datetime) -> list[Spread]:
    """Opportunities evaluated at or after ``since``, oldest first."""
    with opened(db) as session:
        table = session.tables.opportunities
        query = (
            sa.select(table)
            .where(table.c.evaluated_at >= aware(since, "since"))
            .order_by(table.c.evaluated_at, table.c.spread_id)
        )
        return [_spread_from_row(row) for row in session.connection.execute(query)]
