"""Suites over one quote snapshot.

Blocking: every row names its venue, instrument and side; best prices strictly inside (0, 1);
sizes positive; one row per instrument side; no crossed book (best bid below best ask); every
book received by our clock no later than now and no longer than the quote-age limit before the
snapshot started (an older one was reused, not fetched). A warning only: the venue's own book
time ahead of our receipt or older than the limit, which a venue's clock or a stale book causes
and which spreads refuse book by book.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.domain.scan_shards import QuoteInstruments
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.quotes import instrument_rows
from arb_pipeline.warehouse.store import Warehouse

ROW_KEYS = ("venue", "instrument_id", "side")
BOOK_KEYS = ("venue", "instrument_id")

_ROW_COLUMNS = (
    "snapshot_id", "venue", "instrument_id", "side", "best_price", "best_size", "depth", "level_count",
    "received_ts", "venue_ts", "received_ahead_s", "received_before_snapshot_s", "venue_ahead_s",
    "venue_before_snapshot_s",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class QuoteLimits:
    """``max_age_s``: the quote-age limit (ARB_MAX_QUOTE_AGE_S); ``max_clock_skew_s``: how far a
    time may sit in the future before it is distrusted."""

    max_age_s: float
    max_clock_skew_s: float


def _rows_of(table: sa.Table, snapshot_id: str, instruments: QuoteInstruments | None) -> sa.ColumnElement[bool]:
    rows = table.c.snapshot_id == snapshot_id
    if instruments is None:
        return rows
    return sa.and_(rows, instrument_rows(table, instruments))


def snapshot_frame(
    warehouse: Warehouse, snapshot_id: str, now: datetime, instruments: QuoteInstruments | None = None
) -> pd.DataFrame:
    """The snapshot's rows (of ``instruments`` only, if given), with their times as offsets in
    seconds: receipt after ``now``, receipt before the snapshot started, venue time after
    receipt, venue time before the snapshot started. Money columns as floats: range checks only,
    no money is computed."""
    table = warehouse.tables.quote_snapshots
    at_now = sa.bindparam("now", now, type_=sa.DateTime(timezone=True))

    def seconds(later: sa.ColumnElement[Any], earlier: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        return sa.extract("epoch", later - earlier)

    query = (
        sa.select(
            *(table.c[name] for name in _ROW_COLUMNS[:10]),
            seconds(table.c.received_ts, at_now),
            seconds(table.c.snapshot_ts, table.c.received_ts),
            seconds(table.c.venue_ts, table.c.received_ts),
            seconds(table.c.snapshot_ts, table.c.venue_ts),
        )
        .where(_rows_of(table, snapshot_id, instruments))
        .order_by(table.c.venue, table.c.instrument_id, table.c.side)
    )
    return read_frame(warehouse, query, _ROW_COLUMNS, numeric=["best_price", "best_size", "depth", *_ROW_COLUMNS[10:]])


def books_frame(warehouse: Warehouse, snapshot_id: str, instruments: QuoteInstruments | None = None) -> pd.DataFrame:
    """One row per instrument of the snapshot (of ``instruments`` only, if given): its best bid
    and best ask. Kalshi's ask rows are 1 - the opposite side's bids, so a crossed Kalshi book
    (YES bid + NO bid >= 1) shows as a bid at or above the ask like any other."""
    table = warehouse.tables.quote_snapshots
    best = {
        side: sa.func.max(table.c.best_price).filter(table.c.side == side.value).label(f"best_{side.value}")
        for side in BookSide
    }
    query = (
        sa.select(table.c.venue, table.c.instrument_id, best[BookSide.BID], best[BookSide.ASK])
        .where(_rows_of(table, snapshot_id, instruments))
        .group_by(table.c.venue, table.c.instrument_id)
        .order_by(table.c.venue, table.c.instrument_id)
    )
    return read_frame(warehouse, query, ("venue", "instrument_id", "best_bid", "best_ask"), numeric=["best_bid", "best_ask"])


def validate_quote_snapshot(rows: pd.DataFrame, books: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    gxe = gx_expectations()
    row_expectations = [
        *(
            gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every row has a {c}")
            for c in ("venue", "instrument_id", "side", "received_ts")
        ),
        gxe.ExpectColumnValuesToBeInSet(column="venue", value_set=[v.value for v in (Venue.KALSHI, Venue.POLYMARKET)], description="venue is kalshi or polymarket"),
        gxe.ExpectColumnValuesToBeInSet(column="side", value_set=[s.value for s in BookSide], description="side is bid or ask"),
        gxe.ExpectColumnValuesToBeBetween(
            column="best_price", min_value=0, max_value=1, strict_min=True, strict_max=True, description="best price strictly inside (0, 1)"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="best_size", min_value=0, strict_min=True, description="best size > 0"),
        gxe.ExpectColumnValuesToBeBetween(column="depth", min_value=0, description="depth >= 0"),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["snapshot_id", *ROW_KEYS], description="one row per instrument side in a snapshot"
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="received_ahead_s", max_value=limits.max_clock_skew_s,
            description=f"received no later than now (+{limits.max_clock_skew_s:g} s of clock skew)",
        ),  # fmt: skip
        gxe.ExpectColumnValuesToBeBetween(
            column="received_before_snapshot_s", max_value=limits.max_age_s,
            description=f"received at most {limits.max_age_s:g} s before the snapshot started",
        ),  # fmt: skip
    ]
    book_expectations = [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="best_ask", column_B="best_bid", or_equal=False, ignore_row_if="either_value_is_missing",
            description="no crossed book: best bid below best ask",
        ),  # fmt: skip
    ]
    return run_suite(
        "quote_snapshot",
        [Part("rows", rows, ROW_KEYS, row_expectations), Part("books", books, BOOK_KEYS, book_expectations)],
    )


def venue_times(limits: QuoteLimits, before: str, what: str) -> list[object]:
    """A book's venue time against ours: ``venue_ahead_s`` (venue time less our receipt, seconds)
    within the clock skew, and ``before`` (seconds the venue time comes before ``what``) within
    the quote age."""
    gxe = gx_expectations()
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column="venue_ahead_s", max_value=limits.max_clock_skew_s,
            description=f"venue time no later than our receipt (+{limits.max_clock_skew_s:g} s of clock skew)",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column=before, max_value=limits.max_age_s,
            description=f"venue time at most {limits.max_age_s:g} s before {what}",
        ),
    ]  # fmt: skip


def validate_quote_venue_times(rows: pd.DataFrame, limits: QuoteLimits) -> SuiteResult:
    expectations = venue_times(limits, "venue_before_snapshot_s", "the snapshot started")
    return run_suite("quote_venue_times", [Part("rows", rows, ROW_KEYS, expectations)])
