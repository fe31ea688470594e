"""The warehouse tables, in SQLAlchemy Core, as a function of the schema version.

One definition serves three purposes: :func:`warehouse_tables` is what the load functions read
and write (the current version), :func:`metadata_at` builds the tables as they were at an older
version, and migrate.py upgrades a database by creating whatever the newer definition has that
the older one lacks. So every upgrade is additive by construction: a new table, a new nullable
(or defaulted) column, a new index.

Money rule (docs/architecture.md#decimal-never-float): every price, size, fee, cost and profit column is NUMERIC with no
precision or scale, so the venue's exact digits go in and come back out as the same ``Decimal``;
never float8. Times are ``timestamptz``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from arb_pipeline.domain.models import BookSide, MarketStatus, OpportunityKind, PairStatus, PairTransform, Venue
from arb_pipeline.domain.opportunity_events import EventType
from arb_pipeline.warehouse.columns import identity as _identity
from arb_pipeline.warehouse.columns import money as _money
from arb_pipeline.warehouse.columns import money_columns as _money_columns
from arb_pipeline.warehouse.columns import table
from arb_pipeline.warehouse.columns import text as _text
from arb_pipeline.warehouse.columns import text_columns as _text_columns
from arb_pipeline.warehouse.columns import time as _time
from arb_pipeline.warehouse.columns import time_columns as _time_columns
from arb_pipeline.warehouse.trading_schema import add_trading_tables

DEFAULT_SCHEMA = "arb"

# Every version of the warehouse schema and what it added. migrate.py records each one it
# applies in ``schema_version``.
SCHEMA_HISTORY: dict[int, str] = {
    1: "venue markets, Kalshi series fee parameters, matched pairs",
    2: "quote snapshots, spreads and opportunities; matched_pairs.category for per-category thresholds",
    3: "pair_decisions: people's approvals and rejections from the review queue",
    4: "the streamer's tables: book ticks, book depth snapshots, opportunity events and stream health",
    5: "paper trading: trades, orders, fills, positions, settlements, market resolutions, risk state, trips, "
    "the kill switch and daily PnL; sportsbook odds and value edges",
}
SCHEMA_VERSION = max(SCHEMA_HISTORY)

# Unquoted PostgreSQL identifier rules, kept to lower case so the name needs no quoting in the
# SQL a user types for reports, and so it can never smuggle SQL into DDL.
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

_MARKET_VENUES = (Venue.KALSHI, Venue.POLYMARKET)


class SchemaNameError(ValueError):
    pass


def check_schema_name(schema: str) -> str:
    if not isinstance(schema, str) or not _SCHEMA_NAME.fullmatch(schema) or schema.startswith("pg_"):
        raise SchemaNameError(
            f"warehouse schema name {schema!r} is not a plain PostgreSQL identifier "
            "(lower-case letters, digits and _, at most 63 characters, not starting with a digit or pg_)"
        )
    return schema


def _catalog_tables(metadata: sa.MetaData, version: int) -> None:
    table(
        metadata, "venue_markets", "Kalshi and Polymarket markets, one normalized row per market, with the raw object",
        _text("venue", nullable=False),
        _text("market_id", nullable=False, comment="Kalshi ticker or Polymarket Gamma id"),
        _text("event_id", comment="Kalshi event ticker or Polymarket event id"),
        _text("series_id", comment="Kalshi series ticker or Polymarket series slug"),
        _text("title", nullable=False),
        _text("subtitle"),
        _text("rules", nullable=False, comment="full resolution text"),
        _text("category"),
        _text("status", nullable=False, comment="normalized lifecycle"),
        _text("venue_status", comment="the venue's own status word"),
        *_time_columns("open_time", "close_time"),
        _time("expiration_time", comment="expected resolution time, used for days to resolution"),
        _text("strike_type"),
        *_money_columns("floor_strike", "cap_strike", "tick_size"),
        *_text_columns("condition_id", "slug", "market_type", "result", "event_title"),
        _time("game_start_time"),
        sa.Column("neg_risk", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "outcomes",
            JSONB,
            nullable=False,
            comment='[{"name", "token_id", "display_price"}], display_price a decimal string',
        ),
        _text("fee_type", comment="Kalshi series fee_type; set only on Kalshi markets with a known series"),
        _money("fee_multiplier", comment="Kalshi series fee_multiplier"),
        sa.Column("fees_enabled", sa.Boolean, comment="Polymarket feesEnabled; set only on Polymarket markets"),
        _money("fee_rate", comment="Polymarket feeSchedule.rate"),
        _money("fee_exponent", comment="Polymarket feeSchedule.exponent"),
        sa.Column("fee_taker_only", sa.Boolean, comment="Polymarket feeSchedule.takerOnly"),
        _money("fee_rebate_rate", comment="Polymarket feeSchedule.rebateRate"),
        # TopOfBook: a catalog quote hint, never executable. Kalshi markets always carry one,
        # possibly empty, so presence is its own column rather than "any price is set".
        sa.Column("has_top_of_book", sa.Boolean, nullable=False, server_default=sa.false()),
        *_money_columns("top_bid", "top_ask", "top_bid_size", "top_ask_size", "last_price"),
        *_time_columns("first_seen", "last_seen", nullable=False),
        _time("updated_at", nullable=False, comment="when the normalized definition last changed"),
        sa.Column("raw", JSONB, nullable=False, comment="the venue's market object as received"),
        key=("venue", "market_id"),
        values={"venue": _MARKET_VENUES, "status": tuple(MarketStatus)},
        # A market pays one venue's fees: never both schedules on one row.
        checks={"one_fee_schedule": "fee_type IS NULL OR fees_enabled IS NULL"},
        indexes={"open_by_close": ("venue", "status", "close_time"), "by_event": ("venue", "event_id")},
    )  # fmt: skip
    table(
        metadata, "kalshi_series", "Kalshi series and the fee parameters every market of the series pays",
        *_text_columns("ticker", "title", nullable=False),
        *_text_columns("category", "frequency"),
        _text("fee_type", nullable=False, comment="quadratic | quadratic_with_maker_fees | flat"),
        _money("fee_multiplier", nullable=False),
        sa.Column("settlement_sources", ARRAY(sa.Text), nullable=False, server_default="{}"),
        *_time_columns("first_seen", "last_seen", "updated_at", nullable=False),
        sa.Column("raw", JSONB, nullable=False),
        key=("ticker",),
    )  # fmt: skip
    table(
        metadata, "matched_pairs", "cross-venue pairs with confidence, reasons, token mapping and who decided",
        _identity("pair_id"),
        _text("kalshi_ticker", nullable=False, comment="the pair's Kalshi key (first leg of a sum basket)"),
        sa.Column("kalshi_tickers", ARRAY(sa.Text), nullable=False, server_default="{}"),
        _text("polymarket_market_id", nullable=False),
        _text("polymarket_yes_token", nullable=False, comment="pays exactly when the Kalshi leg resolves YES"),
        _text("polymarket_no_token", nullable=False, comment="pays exactly when the Kalshi leg resolves NO"),
        sa.Column("confidence", sa.Double, nullable=False),
        _text("status", nullable=False),
        sa.Column("reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        _text("transform", nullable=False),
        _text("decided_by", nullable=False, comment="matcher, or pairs_file when a user pinned or rejected it"),
        _time("decided_at", nullable=False),
        # Last, where ALTER TABLE ADD COLUMN puts it, so upgraded and fresh tables read alike.
        *((_text("category"),) if version >= 2 else ()),
        unique={"kalshi_polymarket_key": ("kalshi_ticker", "polymarket_market_id")},
        values={"status": tuple(PairStatus), "transform": tuple(PairTransform)},
        indexes={"by_status": ("status",)},
    )  # fmt: skip


def _pair_decisions(metadata: sa.MetaData) -> None:
    table(
        metadata, "pair_decisions",
        "decisions people took on pairs in the review queue; they win over the matcher on every run",
        *_text_columns("kalshi_ticker", "polymarket_market_id", nullable=False),
        _text("decision", nullable=False, comment="approve | reject"),
        _text("pays_on_kalshi_yes", comment="approvals: the Polymarket token that pays when the Kalshi market resolves YES"),
        _text("reason", comment="the note of an approval, the reason of a rejection"),
        _text("decided_by", nullable=False, comment="the person who decided"),
        _time("decided_at", nullable=False),
        key=("kalshi_ticker", "polymarket_market_id"),
        values={"decision": ("approve", "reject")},
        # An approval without its token could not say which side to trade; a rejection without a
        # reason tells the next reviewer nothing.
        checks={
            "complete": "(decision = 'approve' AND pays_on_kalshi_yes IS NOT NULL) "
            "OR (decision = 'reject' AND pays_on_kalshi_yes IS NULL AND reason IS NOT NULL)"
        },
    )  # fmt: skip


def _quote_snapshots(metadata: sa.MetaData) -> None:
    quotes = table(
        metadata, "quote_snapshots",
        "one row per book side per instrument per snapshot. Kalshi lists bids only: its ask rows are 1 - the opposite "
        "side's bids (docs/venues.md#kalshi-order-books), stored so every instrument reads alike",
        _identity("quote_id"),
        _text("snapshot_id", nullable=False),
        _time("snapshot_ts", nullable=False),
        _text("venue", nullable=False),
        _text("market_id", comment="Kalshi ticker or Polymarket condition id"),
        _text("instrument_id", nullable=False, comment="Kalshi TICKER:yes / TICKER:no, or a Polymarket token id"),
        _text("side", nullable=False),
        sa.Column("level_prices", ARRAY(sa.Numeric), nullable=False, comment="best first"),
        sa.Column("level_sizes", ARRAY(sa.Numeric), nullable=False, comment="contracts, aligned with level_prices"),
        *_money_columns("best_price", "best_size"),
        sa.Column("level_count", sa.Integer, nullable=False),
        _money("depth", nullable=False, comment="contracts resting on this side, all levels"),
        _time("venue_ts", comment="the venue's book timestamp"),
        _time("received_ts", nullable=False),
        *_money_columns("tick_size", "min_order_size"),
        _text("book_hash"),
        unique={"side_key": ("snapshot_id", "venue", "instrument_id", "side")},
        values={"venue": _MARKET_VENUES, "side": tuple(BookSide)},
        checks={
            "levels_aligned": "cardinality(level_prices) = cardinality(level_sizes) "
            "AND level_count = cardinality(level_prices)"
        },
        indexes={"by_received": ("received_ts",)},
    )  # fmt: skip
    # The latest book of an instrument is the one received last (quotes.read_latest_books).
    sa.Index("quote_snapshots_latest", quotes.c.venue, quotes.c.instrument_id, quotes.c.side, quotes.c.received_ts.desc())


def _spread_columns() -> list[sa.Column]:
    """What a spread buys, costs and earns: the columns spreads, opportunities and
    opportunity_events share, in this order (new Column objects for each table)."""
    return [
        _text("kind", nullable=False),
        _text("kalshi_ticker"),
        sa.Column("kalshi_tickers", ARRAY(sa.Text), nullable=False, server_default="{}"),
        *_text_columns("polymarket_market_id", "kalshi_side", "polymarket_token"),
        _money("contracts", nullable=False),
        *_money_columns("kalshi_avg_price", "polymarket_avg_price"),
        *_money_columns("kalshi_fee", "polymarket_fee", "cost", "net_profit", "edge_per_contract", nullable=False),
        *_money_columns("days_to_resolution", "apy"),
    ]


def _spread_table(metadata: sa.MetaData, name: str, comment: str) -> None:
    spreads = table(
        metadata, name, comment,
        _identity("spread_id"),
        _text("snapshot_id", nullable=False),
        *_spread_columns(),
        _money("top_gross_edge"),
        _time("quote_received_ts", comment="the oldest receive time among the books used"),
        _time("evaluated_at", nullable=False),
        sa.Column("is_opportunity", sa.Boolean, nullable=False),
        sa.Column("rejection_reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        values={"kind": tuple(OpportunityKind)},
        checks={"kalshi_side_check": "kalshi_side IS NULL OR kalshi_side IN ('yes', 'no')"},
        indexes={"by_time": ("evaluated_at",)},
    )  # fmt: skip
    # Intra-venue kinds leave one venue's columns NULL, and NULLs never collide in a plain
    # unique constraint (NULLS NOT DISTINCT needs PostgreSQL 15), so the key coalesces them.
    sa.Index(
        f"{name}_direction_key",
        spreads.c.snapshot_id,
        spreads.c.kind,
        *(
            sa.func.coalesce(spreads.c[column], sa.literal_column("''"))
            for column in ("kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token")
        ),
        unique=True,
    )


def _stream_table(
    metadata: sa.MetaData, name: str, comment: str, ids: tuple[str, str, str], *columns: sa.Column, **constraints: Any
) -> sa.Table:
    """A table the streamer writes: ``ids`` names its surrogate key, and the key the streamer gives
    each row (with what it identifies), unique, so a replay after an outage or crash writes a row
    once; every row also says when it reached the warehouse."""
    surrogate, replay_key, what = ids
    return table(
        metadata, name, comment,
        _identity(surrogate),
        _text(replay_key, nullable=False, comment=what),
        *columns,
        # The server's clock when the row landed (the transaction's start): what "the streamer
        # last wrote" means to the sensors, whatever times the row itself carries (a row spilled
        # to disk during an outage lands long after it was received).
        sa.Column(
            "written_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now(),
            comment="when the row reached the warehouse",
        ),
        unique={replay_key: (replay_key,)},
        **constraints,
    )  # fmt: skip


def _stream_tables(metadata: sa.MetaData) -> None:
    instrument = "Kalshi TICKER:yes / TICKER:no, or a Polymarket token id"
    ticks = _stream_table(
        metadata, "book_ticks",
        "top of book per instrument at every change the streamer saw, with venue and receive times",
        ("tick_id", "tick_key", "the streamer's id for the tick: a replay after an outage or crash writes it once"),
        _text("venue", nullable=False),
        _text("instrument_id", nullable=False, comment=instrument),
        _text("market_id", comment="Kalshi ticker or Polymarket condition id"),
        *_money_columns("best_bid", "best_bid_size", "best_ask", "best_ask_size"),
        _time("venue_ts", comment="the venue's time for the change, when it sends one"),
        _time("received_ts", nullable=False),
        values={"venue": _MARKET_VENUES},
        indexes={"by_instrument": ("venue", "instrument_id", "received_ts")},
    )  # fmt: skip
    # Rows arrive in receive order, so a BRIN index answers time ranges (a day's ticks for the
    # marts) at a sliver of a B-tree's cost on every one of the streamer's inserts.
    sa.Index("book_ticks_by_received", ticks.c.received_ts, postgresql_using="brin")
    _stream_table(
        metadata, "book_depth_snapshots", "every level of every live book, taken periodically by the streamer",
        ("depth_id", "depth_key", "the streamer's id for the snapshot: a replay writes it once"),
        _text("venue", nullable=False),
        _text("instrument_id", nullable=False, comment=instrument),
        _text("market_id"),
        sa.Column("bid_prices", ARRAY(sa.Numeric), nullable=False, comment="best (highest) first"),
        sa.Column("bid_sizes", ARRAY(sa.Numeric), nullable=False, comment="contracts, aligned with bid_prices"),
        sa.Column("ask_prices", ARRAY(sa.Numeric), nullable=False, comment="best (lowest) first"),
        sa.Column("ask_sizes", ARRAY(sa.Numeric), nullable=False, comment="contracts, aligned with ask_prices"),
        _time("venue_ts"),
        _time("received_ts", nullable=False, comment="when the book as snapshotted was last updated"),
        _time("taken_at", nullable=False, comment="when the streamer took the snapshot"),
        values={"venue": _MARKET_VENUES},
        checks={
            "levels_aligned": "cardinality(bid_prices) = cardinality(bid_sizes) "
            "AND cardinality(ask_prices) = cardinality(ask_sizes)"
        },
        indexes={"by_instrument": ("venue", "instrument_id", "taken_at")},
    )  # fmt: skip
    _stream_table(
        metadata, "opportunity_events",
        "opportunities the streamer saw open, change size or net profit, and close, with their lifetimes",
        ("event_id", "event_key", "the event's own id (pair, direction, opening time, step): a replay writes it once"),
        _text("event_type", nullable=False, comment="open, change (size or net profit) or close"),
        *_spread_columns(),
        _time("opened_at", nullable=False, comment="the evaluation that opened the opportunity"),
        _time("evaluated_at", nullable=False, comment="the evaluation that produced this event"),
        _money("lifetime_s", comment="seconds from opened_at to the close; set on close events only"),
        _time("kalshi_venue_ts", comment="the oldest venue time among the Kalshi books used"),
        _time("kalshi_received_ts", comment="the oldest receive time among the Kalshi books used"),
        *_time_columns("polymarket_venue_ts", "polymarket_received_ts"),
        _text("reason", comment="why it closed: the evaluation's rejection reasons, or what ended the tracking"),
        values={"event_type": tuple(EventType), "kind": tuple(OpportunityKind)},
        checks={"lifetime_on_close": "(event_type = 'close') = (lifetime_s IS NOT NULL)"},
        indexes={
            "by_pair": ("kalshi_ticker", "polymarket_market_id", "evaluated_at"),
            "by_time": ("evaluated_at",),
        },
    )  # fmt: skip
    _stream_table(
        metadata, "stream_health",
        "the streamer's feed health per venue and period: messages, errors, gaps, reconnects, resyncs",
        ("health_id", "health_key", "the streamer's id for the row: a replay writes it once"),
        _text("venue", nullable=False),
        _time("period_start", nullable=False),
        _time("period_end", nullable=False, comment="the counts below are for [period_start, period_end)"),
        sa.Column("messages", sa.BigInteger, nullable=False),
        sa.Column("decode_errors", sa.BigInteger, nullable=False, comment="all kinds"),
        sa.Column(
            "decode_errors_by_kind", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"),
            comment='{"kind": count}',
        ),
        sa.Column("gaps", sa.BigInteger, nullable=False, comment="sequence gaps and lost updates found"),
        sa.Column("reconnects", sa.BigInteger, nullable=False),
        sa.Column("resyncs", sa.BigInteger, nullable=False),
        sa.Column("live_books", sa.Integer, nullable=False, comment="books live at period_end"),
        sa.Column("stale_books", sa.Integer, nullable=False, comment="books excluded as stale at period_end"),
        _money("max_staleness_s", comment="the oldest live book's age at period_end, seconds"),
        sa.Column("connected", sa.Boolean, nullable=False, comment="every connection of the venue up at period_end"),
        values={"venue": _MARKET_VENUES},
        checks={"period_check": "period_end >= period_start"},
        indexes={"by_venue": ("venue", "period_end")},
    )  # fmt: skip


def _schema_version(metadata: sa.MetaData) -> sa.Table:
    return table(
        metadata, "schema_version", "warehouse schema versions applied by arb_pipeline.warehouse.migrate",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        _text("description", nullable=False),
        _time("applied_at", nullable=False),
    )  # fmt: skip


@cache
def metadata_at(schema: str, version: int) -> sa.MetaData:
    """The warehouse tables of ``schema`` as they are at ``version`` (0 is an empty schema).
    ``schema_version`` itself is not part of any version: migrate.py keeps it."""
    check_schema_name(schema)
    if version not in SCHEMA_HISTORY and version != 0:
        raise ValueError(f"unknown warehouse schema version {version} (known: {sorted(SCHEMA_HISTORY)})")
    metadata = sa.MetaData(schema=schema)
    if version >= 1:
        _catalog_tables(metadata, version)
    if version >= 2:
        _quote_snapshots(metadata)
        _spread_table(metadata, "spreads", "every approved pair and direction evaluated, per snapshot")
        _spread_table(metadata, "opportunities", "the spreads that passed the thresholds, same key as spreads")
    if version >= 3:
        _pair_decisions(metadata)
    if version >= 4:
        _stream_tables(metadata)
    if version >= 5:
        add_trading_tables(metadata)
    return metadata


@dataclass(frozen=True, slots=True)
class WarehouseTables:
    schema: str
    metadata: sa.MetaData
    venue_markets: sa.Table
    kalshi_series: sa.Table
    matched_pairs: sa.Table
    quote_snapshots: sa.Table
    spreads: sa.Table
    opportunities: sa.Table
    pair_decisions: sa.Table
    book_ticks: sa.Table
    book_depth_snapshots: sa.Table
    opportunity_events: sa.Table
    stream_health: sa.Table
    paper_trades: sa.Table
    paper_orders: sa.Table
    paper_fills: sa.Table
    paper_positions: sa.Table
    paper_settlements: sa.Table
    market_resolutions: sa.Table
    risk_state: sa.Table
    risk_trips: sa.Table
    kill_switch: sa.Table
    daily_pnl: sa.Table
    sportsbook_odds: sa.Table
    sportsbook_edges: sa.Table
    schema_version: sa.Table


@cache
def warehouse_tables(schema: str = DEFAULT_SCHEMA) -> WarehouseTables:
    """The current tables in ``schema`` (cached per schema name)."""
    metadata = metadata_at(schema, SCHEMA_VERSION)
    tables = {table.name: table for table in metadata.tables.values()}
    return WarehouseTables(
        schema=schema,
        metadata=metadata,
        schema_version=version_table(schema),
        **tables,
    )


@cache
def version_table(schema: str) -> sa.Table:
    return _schema_version(sa.MetaData(schema=check_schema_name(schema)))
