"""Reads of the dbt marts (``<schema>_marts``, dbt/) for one UTC day: what the daily report shows.

The marts are dbt's, not this package's: their columns are documented in dbt/models, and rows
come back as plain mappings of exact values (``Decimal`` for NUMERIC), in the order a reader
wants them. A day's net edges over time come from the warehouse's own ``opportunities`` table,
which holds every published opportunity with its evaluation time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from arb_pipeline.warehouse.dbt_profile import marts_schema
from arb_pipeline.warehouse.schema import check_schema_name

Row = Mapping[str, Any]

#: The marts the daily report reads, and the order of their rows.
_DAY_QUERIES = {
    "opportunities": "select * from {marts}.daily_arbitrage where arb_date = :day "
    "order by best_net_profit_usd desc, kind, kalshi_ticker, kalshi_side, polymarket_market_id, polymarket_token",
    "categories": "select * from {marts}.daily_arbitrage_by_category where arb_date = :day "
    "order by peak_capacity_usd desc, category, kind",
    "episodes": "select * from {marts}.opportunity_episodes where arb_date = :day "
    "order by opened_at, opportunity_key, episode_no",
    "venue_health": "select * from {marts}.venue_health where arb_date = :day order by venue",
    # A pair's legs side by side: one leg of an arbitrage alone reads as a large win or loss.
    "pnl": "select * from {marts}.daily_pnl where arb_date = :day order by signal_kind, pair_key, venue",
    # Every day up to this one, each signal kind apart (never summed together): cumulative PnL.
    "pnl_history": "select arb_date, signal_kind, sum(realized) as realized, sum(fees) as fees "
    "from {marts}.daily_pnl where arb_date <= :day group by arb_date, signal_kind order by arb_date, signal_kind",
}
_CURRENT_QUERIES = {
    "match_quality": "select * from {marts}.match_quality order by status, confidence_band desc",
}
_EDGES = (
    "select evaluated_at, kind, kalshi_ticker, kalshi_side, polymarket_market_id, polymarket_token, contracts, "
    "cost, net_profit, edge_per_contract from {schema}.opportunities "
    "where evaluated_at >= :start and evaluated_at < :end order by evaluated_at, kind, kalshi_ticker, polymarket_market_id"
)


class MartsNotBuiltError(RuntimeError):
    """The marts a report needs are not in the warehouse: dbt has not built them there yet."""


@dataclass(frozen=True, slots=True)
class DayMarts:
    """One UTC day of the marts. ``opportunities`` are daily_arbitrage rows (best net profit
    first), ``categories`` daily_arbitrage_by_category, ``episodes`` opportunity_episodes,
    ``venue_health`` venue_health, ``pnl`` daily_pnl, ``pnl_history`` realized PnL and fees per
    day and signal kind up to this day, ``match_quality`` the current match_quality, and ``edges``
    every opportunity the warehouse published that day, in time order."""

    day: date
    opportunities: Sequence[Row]
    categories: Sequence[Row]
    episodes: Sequence[Row]
    venue_health: Sequence[Row]
    pnl: Sequence[Row]
    pnl_history: Sequence[Row]
    match_quality: Sequence[Row]
    edges: Sequence[Row]


def _missing(connection: Connection, schema: str, tables: Sequence[str]) -> list[str]:
    present = set(sa.inspect(connection).get_table_names(schema=schema))
    return [table for table in tables if table not in present]


def _query_tables(queries: Mapping[str, str]) -> list[str]:
    return sorted({sql.split("{marts}.")[1].split()[0] for sql in queries.values()})


def load_day(connection: Connection, warehouse_schema: str, day: date) -> DayMarts:
    """The marts' rows for ``day``. Raises :class:`MartsNotBuiltError` naming the missing marts
    and how to build them."""
    schema = check_schema_name(warehouse_schema)
    marts = marts_schema(schema)
    missing = _missing(connection, marts, _query_tables(_DAY_QUERIES) + _query_tables(_CURRENT_QUERIES))
    if missing:
        raise MartsNotBuiltError(
            f"the warehouse has no {', '.join(missing)} in schema {marts}: build the marts first, "
            f"with `arb-pipeline dbt build` or Dagster's reports_job for {day.isoformat()}"
        )

    def rows(sql: str, **params: Any) -> list[Row]:
        return [dict(row) for row in connection.execute(sa.text(sql.format(marts=marts, schema=schema)), params).mappings()]

    start = datetime.combine(day, time(), tzinfo=UTC)
    day_rows = {name: rows(sql, day=day) for name, sql in _DAY_QUERIES.items()}
    return DayMarts(
        day=day,
        **day_rows,
        match_quality=rows(_CURRENT_QUERIES["match_quality"]),
        edges=rows(_EDGES, start=start, end=start + timedelta(days=1)),
    )
