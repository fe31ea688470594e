"""Suites over the streamer's tables, each over the rows it wrote last (the tables grow by the
second, so a check reads the newest rows by their id, which the primary key answers cheaply):

* book ticks: prices in [0, 1], sizes positive, no crossed book, one row per tick key, received
  no later than now, the venue's time no later than our receipt and at most the quote-age limit
  before it (a change the venue reports late is not the book as it stands);
* book depth snapshots: every level's price in [0, 1] and size positive, bids best (highest)
  first and asks best (lowest) first, no crossed book, one row per depth key, received no later
  than the snapshot was taken and taken no later than now, the venue's time no later than our
  receipt and at most the quote-age limit before it;
* opportunity events: cost + net profit = contracts exactly (checked in SQL on the exact NUMERIC
  values, the frame carries the residual), fees and sizes never negative, average prices in
  [0, 1], evaluated no earlier than opened and no later than now, one row per event key;
* stream health: counts never negative, the period ends no earlier than it starts and no later
  than now, one row per health key.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import Venue
from arb_pipeline.warehouse.expectations.quotes import QuoteLimits, venue_times
from arb_pipeline.warehouse.expectations.rules import at_least_zero, exactly_zero, in_unit_interval, not_ahead
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.store import Warehouse

#: The newest rows of a table a check reads: minutes of a live streamer's ticks.
RECENT_ROWS = 20_000

TICK_KEYS = ("tick_id", "tick_key")
DEPTH_KEYS = ("depth_id", "depth_key")
EVENT_KEYS = ("event_id", "event_key")
HEALTH_KEYS = ("health_id", "health_key")

_TICK_COLUMNS = (
    *TICK_KEYS, "venue", "instrument_id", "best_bid", "best_bid_size", "best_ask", "best_ask_size",
    "received_ahead_s", "venue_ahead_s", "venue_before_received_s",
)  # fmt: skip
_DEPTH_COLUMNS = (
    *DEPTH_KEYS, "venue", "instrument_id", "levels", "lowest_price", "highest_price", "smallest_size", "best_bid",
    "best_ask", "bids_best_first", "asks_best_first", "received_after_taken_s", "taken_ahead_s", "venue_ahead_s",
    "venue_before_received_s",
)  # fmt: skip
_EVENT_COLUMNS = (
    *EVENT_KEYS, "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee", "polymarket_fee", "cost",
    "lifetime_s", "arithmetic_residual", "evaluated_after_open_s", "evaluated_ahead_s",
)  # fmt: skip
_HEALTH_COUNTS = ("messages", "decode_errors", "gaps", "reconnects", "resyncs", "live_books", "stale_books", "max_staleness_s")
_HEALTH_COLUMNS = (*HEALTH_KEYS, "venue", *_HEALTH_COUNTS, "period_length_s", "period_end_ahead_s")


def _recent(warehouse: Warehouse, table: str, id_column: str, select: str, now: datetime, limit: int) -> sa.TextClause:
    return sa.text(
        f"""
        select {select}
        from (select * from {warehouse.schema}.{table} order by {id_column} desc limit :limit) as rows
        order by {id_column}
        """
    ).bindparams(now=now, limit=limit)


def ticks_frame(warehouse: Warehouse, now: datetime, limit: int = RECENT_ROWS) -> pd.DataFrame:
    select = """tick_id, tick_key, venue, instrument_id, best_bid, best_bid_size, best_ask, best_ask_size,
        extract(epoch from received_ts - :now), extract(epoch from venue_ts - received_ts),
        extract(epoch from received_ts - venue_ts)"""
    query = _recent(warehouse, "book_ticks", "tick_id", select, now, limit)
    return read_frame(warehouse, query, _TICK_COLUMNS, numeric=_TICK_COLUMNS[4:])


def depth_frame(warehouse: Warehouse, now: datetime, limit: int = RECENT_ROWS) -> pd.DataFrame:
    """The newest depth snapshots, each with its levels folded: the lowest and highest price and
    the smallest size over both sides, the best bid and ask, and whether each side runs best
    first (bids falling, asks rising, strictly: one level per price)."""
    select = """depth_id, depth_key, venue, instrument_id,
        cardinality(bid_prices) + cardinality(ask_prices),
        (select min(p) from unnest(bid_prices || ask_prices) as p), (select max(p) from unnest(bid_prices || ask_prices) as p),
        (select min(s) from unnest(bid_sizes || ask_sizes) as s), bid_prices[1], ask_prices[1],
        coalesce((select bool_and(p < lag) from (select p, lag(p) over (order by i) as lag
            from unnest(bid_prices) with ordinality as l(p, i)) as b where lag is not null), true),
        coalesce((select bool_and(p > lag) from (select p, lag(p) over (order by i) as lag
            from unnest(ask_prices) with ordinality as l(p, i)) as a where lag is not null), true),
        extract(epoch from received_ts - taken_at), extract(epoch from taken_at - :now),
        extract(epoch from venue_ts - received_ts), extract(epoch from received_ts - venue_ts)"""
    query = _recent(warehouse, "book_depth_snapshots", "depth_id", select, now, limit)
    return read_frame(warehouse, query, _DEPTH_COLUMNS, numeric=[*_DEPTH_COLUMNS[5:10], *_DEPTH_COLUMNS[12:]])


def events_frame(warehouse: Warehouse, now: datetime, limit: int = RECENT_ROWS) -> pd.DataFrame:
    select = """event_id, event_key, contracts, kalshi_avg_price, polymarket_avg_price, kalshi_fee, polymarket_fee,
        cost, lifetime_s, cost + net_profit - contracts, extract(epoch from evaluated_at - opened_at),
        extract(epoch from evaluated_at - :now)"""
    query = _recent(warehouse, "opportunity_events", "event_id", select, now, limit)
    return read_frame(warehouse, query, _EVENT_COLUMNS, numeric=_EVENT_COLUMNS[2:])


def health_frame(warehouse: Warehouse, now: datetime, limit: int = RECENT_ROWS) -> pd.DataFrame:
    select = f"""health_id, health_key, venue, {', '.join(_HEALTH_COUNTS)},
        extract(epoch from period_end - period_start), extract(epoch from period_end - :now)"""
    query = _recent(warehouse, "stream_health", "health_id", select, now, limit)
    return read_frame(warehouse, query, _HEALTH_COLUMNS, numeric=_HEALTH_COLUMNS[3:])


def _venue() -> object:
    venues = [Venue.KALSHI.value, Venue.POLYMARKET.value]
    return gx_expectations().ExpectColumnValuesToBeInSet(column="venue", value_set=venues, description="venue is kalshi or polymarket")


def _not_crossed() -> object:
    return gx_expectations().ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="best_ask", column_B="best_bid", or_equal=False, ignore_row_if="either_value_is_missing",
        description="no crossed book: best bid below best ask",
    )  # fmt: skip


def _stream_suite(
    table: str, part: str, frame: pd.DataFrame, keys: tuple[str, str], rules: list[object], *, venue: bool = True
) -> SuiteResult:
    """The suite of one stream table: its rows name a known venue (``venue``) and carry each replay
    key once (``keys`` is the row id and the key the streamer gives the row, which a replay after
    an outage writes again), then the table's own ``rules``."""
    replay_key = keys[1]
    unique = gx_expectations().ExpectColumnValuesToBeUnique(
        column=replay_key, description=f"one row per {replay_key.replace('_', ' ')}"
    )
    common = [_venue(), unique] if venue else [unique]
    return run_suite(table, [Part(part, frame, keys, [*common, *rules])])


def validate_ticks(frame: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    gxe = gx_expectations()
    rules = [
        *in_unit_interval(("best_bid", "best_ask")),
        *(
            gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, strict_min=True, description=f"{c.replace('_', ' ')} > 0")
            for c in ("best_bid_size", "best_ask_size")
        ),
        _not_crossed(),
        not_ahead("received_ahead_s", "received", limits.max_clock_skew_s),
        *venue_times(limits, "venue_before_received_s", "our receipt"),
    ]
    return _stream_suite("book_ticks", "ticks", frame, TICK_KEYS, rules)


def validate_depth(frame: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    gxe = gx_expectations()
    rules = [
        gxe.ExpectColumnValuesToBeBetween(column="lowest_price", min_value=0, description="every level's price >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="highest_price", max_value=1, description="every level's price <= 1"),
        gxe.ExpectColumnValuesToBeBetween(column="smallest_size", min_value=0, strict_min=True, description="every level's size > 0"),
        gxe.ExpectColumnValuesToBeInSet(column="bids_best_first", value_set=[True], description="bids best (highest) first, one level per price"),
        gxe.ExpectColumnValuesToBeInSet(column="asks_best_first", value_set=[True], description="asks best (lowest) first, one level per price"),
        _not_crossed(),
        gxe.ExpectColumnValuesToBeBetween(
            column="received_after_taken_s", max_value=limits.max_clock_skew_s,
            description=f"the book was received no later than the snapshot was taken (+{limits.max_clock_skew_s:g} s)",
        ),  # fmt: skip
        not_ahead("taken_ahead_s", "taken", limits.max_clock_skew_s),
        *venue_times(limits, "venue_before_received_s", "our receipt"),
    ]
    return _stream_suite("book_depth_snapshots", "depth", frame, DEPTH_KEYS, rules)


def validate_events(frame: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    gxe = gx_expectations()
    rules = [
        exactly_zero("arithmetic_residual", "cost + net profit = contracts, exactly"),
        *at_least_zero(("contracts", "kalshi_fee", "polymarket_fee", "cost", "lifetime_s")),
        *in_unit_interval(("kalshi_avg_price", "polymarket_avg_price")),
        gxe.ExpectColumnValuesToBeBetween(
            column="evaluated_after_open_s", min_value=0, description="evaluated no earlier than the opportunity opened"
        ),
        not_ahead("evaluated_ahead_s", "evaluated", limits.max_clock_skew_s),
    ]
    # An event spans both venues' books: its rows name no venue.
    return _stream_suite("opportunity_events", "events", frame, EVENT_KEYS, rules, venue=False)


def validate_health(frame: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    gxe = gx_expectations()
    rules = [
        *at_least_zero(_HEALTH_COUNTS),
        gxe.ExpectColumnValuesToBeBetween(column="period_length_s", min_value=0, description="a period ends no earlier than it starts"),
        not_ahead("period_end_ahead_s", "period ends", limits.max_clock_skew_s),
    ]
    return _stream_suite("stream_health", "health", frame, HEALTH_KEYS, rules)
