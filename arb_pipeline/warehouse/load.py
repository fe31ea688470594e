"""Bulk loads, upserts and reads between the domain models and the warehouse tables.

Every write goes the same way: COPY the rows into a temporary table, then one
``INSERT ... SELECT ... ON CONFLICT`` into the real table. COPY is about 100x faster than row
inserts (benchmarks/bench_warehouse.py measures it), and the conflict clause makes every load idempotent: a retried Dagster
step or a snapshot written twice changes nothing. Each function runs inside the caller's
transaction (a SQLAlchemy ``Connection`` on the psycopg 3 driver), so a load is all or nothing.

Money goes in and comes out as ``Decimal``: NUMERIC columns, NUMERIC arrays for book levels,
decimal strings inside JSON. Nothing passes through float.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar

import orjson
import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import Executable, TableClause

from arb_pipeline.domain.fees import STORED_FEE_FIELDS, fee_schedule_from_stored
from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, Decision, PairDecision, QueuedPair
from arb_pipeline.domain.models import (
    ZERO,
    BookSide,
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OpportunityKind,
    OrderBook,
    Outcome,
    PairStatus,
    PairTransform,
    PriceLevel,
    Series,
    Spread,
    Strike,
    TopOfBook,
    Venue,
)
from arb_pipeline.warehouse.connection import json_default
from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA, warehouse_tables

# Rows per COPY + INSERT round: big enough that COPY's speed dominates, small enough that the
# temporary table and the client's row buffer stay bounded (about 7 MB of quote rows, or 40 MB
# of markets with their raw JSON).
COPY_BATCH_ROWS = 20_000

# MatchedPair.decided_by of a pair a user pinned or rejected in the pairs file, or approved or
# rejected from the review queue; such a decision always wins over the automatic matcher (issue 3,
# Matching; issue 7, the review queue).
PAIRS_FILE = PAIRS_FILE_DECIDER
HUMAN_DECIDERS = (PAIRS_FILE_DECIDER, REVIEW_DECIDER)

T = TypeVar("T")


class WarehouseDataError(ValueError):
    """Rows to write, or rows read back, that break the warehouse's invariants."""


# --- shared machinery ---------------------------------------------------------------------------


def _driver_connection(connection: Connection) -> psycopg.Connection:
    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection):
        raise TypeError(
            f"warehouse bulk loads use psycopg 3's COPY; this connection uses the {connection.dialect.driver} "
            "driver: connect with a postgresql+psycopg:// URL"
        )
    return driver


def _copy_type(column: sa.Column) -> str:
    """The PostgreSQL type psycopg should dump a column's values as in COPY."""
    column_type = column.type
    if isinstance(column_type, JSONB):
        # JSON goes in as text we serialized (orjson, Decimal as strings); the server parses it.
        return "text"
    if isinstance(column_type, ARRAY):
        # Numeric arrays (book levels) come as array literals from _numeric_array, which COPY
        # takes twice as fast as psycopg adapting a list of Decimals value by value.
        return "text" if isinstance(column_type.item_type, sa.Numeric) else "text[]"
    if isinstance(column_type, sa.Float):
        return "float8"
    if isinstance(column_type, sa.Numeric):
        return "numeric"
    if isinstance(column_type, sa.DateTime):
        return "timestamptz"
    if isinstance(column_type, sa.Boolean):
        return "bool"
    if isinstance(column_type, sa.Integer):
        # In text COPY the digits are the same for every width; the server checks the range.
        return "int8"
    return "text"


def _batches(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy_merge(
    connection: Connection,
    target: sa.Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    merges: Sequence[Callable[[TableClause], Executable]],
    batch_size: int = COPY_BATCH_ROWS,
) -> list[int]:
    """COPY ``rows`` (tuples in ``columns`` order) into a temporary twin of ``target`` batch by
    batch, and run each merge statement (built against the temporary table) after every batch.
    Returns the rows each merge wrote, summed over batches."""
    driver = _driver_connection(connection)
    preparer = connection.dialect.identifier_preparer
    staging_name = f"_arb_load_{target.name}"
    staging = preparer.quote(staging_name)
    column_list = ", ".join(preparer.quote(name) for name in columns)
    # Built from the target so every column has the target's exact type; no constraints, so a
    # conflicting row is only discovered (and skipped or merged) by the INSERT.
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
        f"SELECT {column_list} FROM {preparer.format_table(target)} WITH NO DATA"
    )
    staging_table = sa.table(staging_name, *(sa.column(name) for name in columns))
    copy_types = [_copy_type(target.c[name]) for name in columns]
    written = [0] * len(merges)
    for batch in _batches(rows, batch_size):
        with driver.cursor() as cursor, cursor.copy(f"COPY {staging} ({column_list}) FROM STDIN") as copy:
            copy.set_types(copy_types)
            for row in batch:
                copy.write_row(row)
        for i, merge in enumerate(merges):
            # SQLAlchemy keeps an INSERT's rowcount only when asked.
            result = connection.execute(merge(staging_table), execution_options={"preserve_rowcount": True})
            written[i] += result.rowcount
        connection.exec_driver_sql(f"TRUNCATE {staging}")
    connection.exec_driver_sql(f"DROP TABLE {staging}")
    return written


def _select_all(staging: TableClause, columns: Sequence[str]) -> sa.Select:
    return sa.select(*(staging.c[name] for name in columns))


def _select_in_key_order(staging: TableClause, columns: Sequence[str], key: Sequence[str]) -> sa.Select:
    # Upserts lock the rows they touch in the order they come: two loads of overlapping
    # catalogs at once (a schedule and a manual run) take the locks in the same order and wait
    # for each other instead of deadlocking.
    return _select_all(staging, columns).order_by(*(staging.c[name] for name in key))


def _changed(target: sa.Table, excluded: Any, columns: Iterable[str]) -> sa.ColumnElement[bool]:
    names = list(columns)
    return sa.tuple_(*(target.c[name] for name in names)).is_distinct_from(
        sa.tuple_(*(excluded[name] for name in names))
    )


def _aware(value: datetime | None, what: str) -> datetime:
    if value is None:
        return datetime.now(tz=UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        raise WarehouseDataError(f"{what} must be timezone-aware (got naive {value.isoformat()})")
    return value


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_nul(item) for item in value]
    return value


def _json(value: Any) -> str:
    encoded = orjson.dumps(value, default=json_default)
    if b"\\u0000" in encoded:
        # PostgreSQL's jsonb rejects the NUL character; venue text has no use for it.
        encoded = orjson.dumps(_without_nul(value), default=json_default)
    return encoded.decode()


def _text(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; free text from a venue loses the character, not the row.
    return value.replace("\x00", "") if value is not None and "\x00" in value else value


def _numeric_array(values: Iterable[Decimal]) -> str:
    # str(Decimal) is digits, sign, point, exponent, NaN or Infinity: nothing an array literal
    # needs to quote, and all of it PostgreSQL's numeric input reads exactly.
    return "{" + ",".join(map(str, values)) + "}"


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- markets ------------------------------------------------------------------------------------

# What a market *is*; a change here moves updated_at. Quote hints, raw and bookkeeping move every
# refresh and do not.
_MARKET_DEFINITION = (
    "event_id", "series_id", "title", "subtitle", "rules", "category", "status", "venue_status",
    "open_time", "close_time", "expiration_time", "strike_type", "floor_strike", "cap_strike",
    "tick_size", "condition_id", "slug", "market_type", "result", "event_title", "game_start_time",
    "neg_risk", "outcomes", "fee_type", "fee_multiplier", "fees_enabled", "fee_rate", "fee_exponent",
    "fee_taker_only", "fee_rebate_rate",
)  # fmt: skip
_MARKET_COLUMNS = (
    "venue", "market_id", *_MARKET_DEFINITION, "has_top_of_book", "top_bid", "top_ask", "top_bid_size",
    "top_ask_size", "last_price", "first_seen", "last_seen", "updated_at", "raw",
)  # fmt: skip


def _market_row(market: Market, seen_at: datetime) -> tuple[Any, ...]:
    if market.venue not in (Venue.KALSHI, Venue.POLYMARKET):
        raise WarehouseDataError(f"market {market.market_id}: venue {market.venue!r} has no market catalog")
    fee_fields = dict.fromkeys(STORED_FEE_FIELDS) | (market.fee.stored() if market.fee else {})
    strike = market.strike or Strike()
    top = market.top_of_book
    values = {
        "venue": market.venue.value,
        "market_id": market.market_id,
        "event_id": market.event_id,
        "series_id": market.series_id,
        "title": _text(market.title),
        "subtitle": _text(market.subtitle),
        "rules": _text(market.rules),
        "category": _text(market.category),
        "status": MarketStatus(market.status).value,
        "venue_status": market.venue_status,
        "open_time": market.open_time,
        "close_time": market.close_time,
        "expiration_time": market.expiration_time,
        "strike_type": strike.strike_type,
        "floor_strike": strike.floor,
        "cap_strike": strike.cap,
        "tick_size": market.tick_size,
        "condition_id": market.condition_id,
        "slug": market.slug,
        "market_type": market.market_type,
        "result": market.result,
        "event_title": _text(market.event_title),
        "game_start_time": market.game_start_time,
        "neg_risk": market.neg_risk,
        "outcomes": _json(
            [
                {"name": o.name, "token_id": o.token_id, "display_price": _decimal_text(o.display_price)}
                for o in market.outcomes
            ]
        ),
        **fee_fields,
        "has_top_of_book": top is not None,
        "top_bid": top.bid if top else None,
        "top_ask": top.ask if top else None,
        "top_bid_size": top.bid_size if top else None,
        "top_ask_size": top.ask_size if top else None,
        "last_price": top.last if top else None,
        "first_seen": seen_at,
        "last_seen": seen_at,
        "updated_at": seen_at,
        "raw": _json(dict(market.raw)),
    }
    return tuple(values[name] for name in _MARKET_COLUMNS)


def _market_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _MARKET_COLUMNS, _select_in_key_order(staging, _MARKET_COLUMNS, ("venue", "market_id"))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {
            name: excluded[name] for name in _MARKET_COLUMNS if name not in ("venue", "market_id", "first_seen")
        }
        updates["updated_at"] = sa.case(
            (_changed(target, excluded, _MARKET_DEFINITION), excluded.updated_at), else_=target.c.updated_at
        )
        return insert.on_conflict_do_update(
            constraint="venue_markets_pkey",
            set_=updates,
            # A catalog loaded late (a retried older run) never overwrites a newer one.
            where=excluded.last_seen >= target.c.last_seen,
        )

    return merge


def upsert_markets(
    connection: Connection,
    markets: Iterable[Market],
    *,
    schema: str = DEFAULT_SCHEMA,
    seen_at: datetime | None = None,
    batch_size: int = COPY_BATCH_ROWS,
) -> int:
    """Insert new markets and update known ones (keyed by venue and market id); returns the rows
    written. ``seen_at`` (default now) becomes ``last_seen``, ``first_seen`` on new rows, and
    ``updated_at`` where the market's definition changed. A market given twice: the last wins."""
    seen_at = _aware(seen_at, "seen_at")
    latest = {(market.venue, market.market_id): market for market in markets}
    rows = (_market_row(market, seen_at) for market in latest.values())
    target = warehouse_tables(schema).venue_markets
    return _copy_merge(connection, target, _MARKET_COLUMNS, rows, [_market_merge(target)], batch_size)[0]


#: Statuses a market can hold while it is still in a venue's open listing.
_LISTED_STATUSES = (MarketStatus.UNOPENED.value, MarketStatus.OPEN.value, MarketStatus.PAUSED.value)


def retire_unlisted(
    connection: Connection, venue: Venue | str, seen_at: datetime, *, schema: str = DEFAULT_SCHEMA
) -> int:
    """After a complete read of ``venue``'s open listing stored at ``seen_at``: every market the
    read did not see is no longer listed as open there (closed, settled or delisted), so it is
    marked closed and stops being matched and snapshotted. Without this, a market that left the
    venue would stay "open" here forever and its book requests would fail. The venue's own status
    word is kept. Returns the markets retired."""
    seen_at = _aware(seen_at, "seen_at")
    table = warehouse_tables(schema).venue_markets
    statement = (
        sa.update(table)
        .where(table.c.venue == Venue(venue).value, table.c.status.in_(_LISTED_STATUSES), table.c.last_seen < seen_at)
        .values(status=MarketStatus.CLOSED.value, updated_at=seen_at)
    )
    return connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


def _market_from_row(row: Row[Any]) -> Market:
    try:
        fee = fee_schedule_from_stored(row._mapping)
    except ValueError as exc:
        raise WarehouseDataError(f"{row.venue} market {row.market_id}: {exc}") from None
    has_strike = row.strike_type is not None or row.floor_strike is not None or row.cap_strike is not None
    return Market(
        venue=Venue(row.venue),
        market_id=row.market_id,
        event_id=row.event_id,
        series_id=row.series_id,
        title=row.title,
        subtitle=row.subtitle,
        rules=row.rules,
        category=row.category,
        status=MarketStatus(row.status),
        venue_status=row.venue_status,
        outcomes=tuple(
            Outcome(o["name"], o.get("token_id"), _optional_decimal(o.get("display_price"))) for o in row.outcomes
        ),
        open_time=row.open_time,
        close_time=row.close_time,
        expiration_time=row.expiration_time,
        fee=fee,
        strike=Strike(row.strike_type, row.floor_strike, row.cap_strike) if has_strike else None,
        top_of_book=TopOfBook(row.top_bid, row.top_ask, row.top_bid_size, row.top_ask_size, row.last_price)
        if row.has_top_of_book
        else None,
        tick_size=row.tick_size,
        condition_id=row.condition_id,
        slug=row.slug,
        market_type=row.market_type,
        result=row.result,
        event_title=row.event_title,
        game_start_time=row.game_start_time,
        neg_risk=row.neg_risk,
        raw=row.raw,
    )


def load_market(connection: Connection, venue: Venue | str, market_id: str, *, schema: str = DEFAULT_SCHEMA) -> Market | None:
    table = warehouse_tables(schema).venue_markets
    row = connection.execute(
        sa.select(table).where(table.c.venue == Venue(venue).value, table.c.market_id == market_id)
    ).one_or_none()
    return _market_from_row(row) if row is not None else None


def load_markets(connection: Connection, venue: Venue | str, *, schema: str = DEFAULT_SCHEMA) -> list[Market]:
    """Every stored market of ``venue``, by market id."""
    table = warehouse_tables(schema).venue_markets
    rows = connection.execute(
        sa.select(table).where(table.c.venue == Venue(venue).value).order_by(table.c.market_id)
    )
    return [_market_from_row(row) for row in rows]


# --- series -------------------------------------------------------------------------------------

_SERIES_DEFINITION = ("title", "category", "frequency", "fee_type", "fee_multiplier", "settlement_sources")
_SERIES_COLUMNS = ("ticker", *_SERIES_DEFINITION, "first_seen", "last_seen", "updated_at", "raw")


def _series_row(series: Series, seen_at: datetime) -> tuple[Any, ...]:
    return (
        series.ticker,
        _text(series.title),
        _text(series.category),
        series.frequency,
        series.fee.fee_type,
        series.fee.multiplier,
        [_text(source) for source in series.settlement_sources],
        seen_at,
        seen_at,
        seen_at,
        _json(dict(series.raw)),
    )


def _series_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _SERIES_COLUMNS, _select_in_key_order(staging, _SERIES_COLUMNS, ("ticker",))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {name: excluded[name] for name in _SERIES_COLUMNS if name not in ("ticker", "first_seen")}
        updates["updated_at"] = sa.case(
            (_changed(target, excluded, _SERIES_DEFINITION), excluded.updated_at), else_=target.c.updated_at
        )
        return insert.on_conflict_do_update(
            constraint="kalshi_series_pkey", set_=updates, where=excluded.last_seen >= target.c.last_seen
        )

    return merge


def upsert_series(
    connection: Connection,
    series: Iterable[Series],
    *,
    schema: str = DEFAULT_SCHEMA,
    seen_at: datetime | None = None,
) -> int:
    """Insert or update Kalshi series (keyed by ticker) with their fee parameters; returns the
    rows written."""
    seen_at = _aware(seen_at, "seen_at")
    latest = {item.ticker: item for item in series}
    rows = (_series_row(item, seen_at) for item in latest.values())
    target = warehouse_tables(schema).kalshi_series
    return _copy_merge(connection, target, _SERIES_COLUMNS, rows, [_series_merge(target)])[0]


def load_series(connection: Connection, *, schema: str = DEFAULT_SCHEMA, latest_read: bool = False) -> dict[str, Series]:
    """Every stored Kalshi series, by ticker. ``latest_read``: only the series the newest read
    stored (one read stamps every series it lists with the same ``last_seen``); a series that read
    left out, malformed or listed twice with different fees, keeps an older stamp and is not
    returned, so its markets get no fee schedule, as from the read itself."""
    table = warehouse_tables(schema).kalshi_series
    query = sa.select(table).order_by(table.c.ticker)
    if latest_read:
        query = query.where(table.c.last_seen == sa.select(sa.func.max(table.c.last_seen)).scalar_subquery())
    return {
        row.ticker: Series(
            ticker=row.ticker,
            title=row.title,
            category=row.category,
            frequency=row.frequency,
            fee=KalshiFeeSchedule(row.fee_type, row.fee_multiplier),
            settlement_sources=tuple(row.settlement_sources),
            raw=row.raw,
        )
        for row in connection.execute(query)
    }


# --- matched pairs ------------------------------------------------------------------------------

_PAIR_DECISION = (
    "kalshi_tickers", "polymarket_yes_token", "polymarket_no_token", "confidence", "status", "reasons",
    "transform", "decided_by", "category",
)  # fmt: skip
_PAIR_COLUMNS = ("kalshi_ticker", "polymarket_market_id", *_PAIR_DECISION, "decided_at")


def _pair_row(pair: MatchedPair, decided_at: datetime) -> tuple[Any, ...]:
    return (
        pair.kalshi_ticker,
        pair.polymarket_market_id,
        list(pair.kalshi_tickers),
        pair.polymarket_yes_token,
        pair.polymarket_no_token,
        float(pair.confidence),
        PairStatus(pair.status).value,
        [_text(reason) for reason in pair.reasons],
        PairTransform(pair.transform).value,
        pair.decided_by,
        pair.category,
        decided_at,
    )


def _pair_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _PAIR_COLUMNS, _select_in_key_order(staging, _PAIR_COLUMNS, ("kalshi_ticker", "polymarket_market_id"))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {name: excluded[name] for name in _PAIR_DECISION}
        # decided_at says when the current decision was taken: a matcher re-run that reaches the
        # same decision leaves it alone.
        updates["decided_at"] = sa.case(
            (_changed(target, excluded, _PAIR_DECISION), excluded.decided_at), else_=target.c.decided_at
        )
        return insert.on_conflict_do_update(
            constraint="matched_pairs_kalshi_polymarket_key",
            set_=updates,
            # A person's decision always wins over the automatic matcher (issue 3, Matching).
            where=sa.or_(target.c.decided_by.not_in(HUMAN_DECIDERS), excluded.decided_by.in_(HUMAN_DECIDERS)),
        )

    return merge


def upsert_pairs(
    connection: Connection,
    pairs: Iterable[MatchedPair],
    *,
    schema: str = DEFAULT_SCHEMA,
    decided_at: datetime | None = None,
) -> int:
    """Insert or update matched pairs (keyed by Kalshi ticker and Polymarket market id); returns
    the rows written. A stored decision of a person (pairs file or review) is never replaced by a
    matcher decision; given both for one pair in one call, the person's is kept."""
    decided_at = _aware(decided_at, "decided_at")
    chosen: dict[tuple[str, str], MatchedPair] = {}
    for pair in pairs:
        key = (pair.kalshi_ticker, pair.polymarket_market_id)
        held = chosen.get(key)
        if held is None or pair.decided_by in HUMAN_DECIDERS or held.decided_by not in HUMAN_DECIDERS:
            chosen[key] = pair
    rows = (_pair_row(pair, decided_at) for pair in chosen.values())
    target = warehouse_tables(schema).matched_pairs
    return _copy_merge(connection, target, _PAIR_COLUMNS, rows, [_pair_merge(target)])[0]


def release_pins(
    connection: Connection,
    current: Iterable[MatchedPair],
    *,
    schema: str = DEFAULT_SCHEMA,
    owns: Callable[[str], bool] | None = None,
) -> int:
    """Drop stored decisions of people (pairs file, review) that ``current`` (a whole matching run,
    pins included) no longer carries: a pin or rejection taken out of the file, or a review
    decision withdrawn, must stop binding, or a pair nobody vouches for any more would stay
    approved forever. The matcher's decision for that pair, upserted next, takes its place.
    With ``owns`` (a shard's test of a Kalshi key ticker), ``current`` is one shard's run and only
    that shard's decisions are released: another shard's pins are not this run's to judge.
    Returns the rows released."""
    keep = {(p.kalshi_ticker, p.polymarket_market_id) for p in current if p.decided_by in HUMAN_DECIDERS}
    table = warehouse_tables(schema).matched_pairs
    key = sa.tuple_(table.c.kalshi_ticker, table.c.polymarket_market_id)
    statement = sa.delete(table).where(table.c.decided_by.in_(HUMAN_DECIDERS))
    if owns is not None:
        stored = connection.execute(
            sa.select(table.c.kalshi_ticker, table.c.polymarket_market_id).where(table.c.decided_by.in_(HUMAN_DECIDERS))
        )
        released = [(ticker, market) for ticker, market in stored if owns(ticker) and (ticker, market) not in keep]
        if not released:
            return 0
        statement = statement.where(key.in_(released))
    elif keep:
        statement = statement.where(key.not_in(sorted(keep)))
    return connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


def lock_pairs(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> None:
    """Hold ``matched_pairs`` against other writers until the transaction ends (readers go on): a
    shard's matching run reads the other shards' pairs and writes its own as one step."""
    table = warehouse_tables(schema).matched_pairs
    connection.exec_driver_sql(f'LOCK TABLE "{table.schema}"."{table.name}" IN SHARE ROW EXCLUSIVE MODE')


def load_pairs(
    connection: Connection,
    status: PairStatus | str | Iterable[PairStatus | str] | None = None,
    *,
    schema: str = DEFAULT_SCHEMA,
) -> list[MatchedPair]:
    """Stored pairs, all or those with ``status`` (one, or several), by Kalshi ticker then
    Polymarket market id."""
    table = warehouse_tables(schema).matched_pairs
    query = sa.select(table).order_by(table.c.kalshi_ticker, table.c.polymarket_market_id)
    if isinstance(status, (PairStatus, str)):
        query = query.where(table.c.status == PairStatus(status).value)
    elif status is not None:
        query = query.where(table.c.status.in_([PairStatus(s).value for s in status]))
    return [_pair_from_row(row) for row in connection.execute(query)]


def _pair_from_row(row: Row[Any]) -> MatchedPair:
    return MatchedPair(
        kalshi_ticker=row.kalshi_ticker,
        polymarket_market_id=row.polymarket_market_id,
        polymarket_yes_token=row.polymarket_yes_token,
        polymarket_no_token=row.polymarket_no_token,
        confidence=row.confidence,
        status=PairStatus(row.status),
        reasons=tuple(row.reasons),
        transform=PairTransform(row.transform),
        kalshi_tickers=tuple(row.kalshi_tickers),
        decided_by=row.decided_by,
        category=row.category,
    )


def load_pair(connection: Connection, kalshi_ticker: str, polymarket_market_id: str, *,
              schema: str = DEFAULT_SCHEMA) -> MatchedPair | None:
    table = warehouse_tables(schema).matched_pairs
    row = connection.execute(
        sa.select(table).where(table.c.kalshi_ticker == kalshi_ticker, table.c.polymarket_market_id == polymarket_market_id)
    ).one_or_none()
    return _pair_from_row(row) if row is not None else None


def load_review_queue(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[QueuedPair]:
    """Pairs in review, the longest waiting first, with both markets' titles and the name of the
    outcome the matcher says pays on Kalshi YES. ``decided_at`` is when the pair entered review:
    a matcher run that keeps it in review leaves it alone."""
    tables = warehouse_tables(schema)
    pairs, markets = tables.matched_pairs, tables.venue_markets
    kalshi = markets.alias("kalshi")
    polymarket = markets.alias("polymarket")
    query = (
        sa.select(pairs, kalshi.c.title.label("kalshi_title"), polymarket.c.title.label("polymarket_title"),
                  polymarket.c.outcomes.label("polymarket_outcomes"))
        .select_from(
            pairs.outerjoin(kalshi, sa.and_(kalshi.c.venue == Venue.KALSHI.value, kalshi.c.market_id == pairs.c.kalshi_ticker))
            .outerjoin(polymarket, sa.and_(polymarket.c.venue == Venue.POLYMARKET.value,
                                           polymarket.c.market_id == pairs.c.polymarket_market_id))
        )
        .where(pairs.c.status == PairStatus.REVIEW.value)
        .order_by(pairs.c.decided_at, pairs.c.kalshi_ticker, pairs.c.polymarket_market_id)
    )
    queue = []
    for row in connection.execute(query):
        names = {o.get("token_id"): o.get("name") for o in row.polymarket_outcomes or []}
        queue.append(QueuedPair(_pair_from_row(row), row.decided_at, row.kalshi_title, row.polymarket_title,
                                names.get(row.polymarket_yes_token)))
    return queue


def delete_pair(connection: Connection, kalshi_ticker: str, polymarket_market_id: str, *, decided_by: str,
                schema: str = DEFAULT_SCHEMA) -> int:
    table = warehouse_tables(schema).matched_pairs
    statement = sa.delete(table).where(
        table.c.kalshi_ticker == kalshi_ticker, table.c.polymarket_market_id == polymarket_market_id,
        table.c.decided_by == decided_by,
    )
    return connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


# --- decisions from the review queue ------------------------------------------------------------


def upsert_pair_decision(connection: Connection, decision: PairDecision, *, schema: str = DEFAULT_SCHEMA) -> None:
    """Record a person's decision on a pair; a later decision on the same pair replaces it."""
    table = warehouse_tables(schema).pair_decisions
    values = {
        "kalshi_ticker": decision.kalshi_ticker,
        "polymarket_market_id": decision.polymarket_market_id,
        "decision": decision.decision.value,
        "pays_on_kalshi_yes": decision.pays_on_kalshi_yes,
        "reason": _text(decision.reason),
        "decided_by": _text(decision.decided_by),
        "decided_at": _aware(decision.decided_at, "decided_at"),
    }
    insert = pg_insert(table).values(values)
    connection.execute(insert.on_conflict_do_update(
        constraint="pair_decisions_pkey",
        set_={name: insert.excluded[name] for name in values if name not in ("kalshi_ticker", "polymarket_market_id")},
    ))


def _decision_from_row(row: Row[Any]) -> PairDecision:
    return PairDecision(row.kalshi_ticker, row.polymarket_market_id, Decision(row.decision), row.decided_by,
                        row.decided_at, row.reason, row.pays_on_kalshi_yes)


def delete_pair_decision(connection: Connection, kalshi_ticker: str, polymarket_market_id: str, *,
                         schema: str = DEFAULT_SCHEMA) -> PairDecision | None:
    """Withdraw a decision; returns it, or None when the pair had none."""
    table = warehouse_tables(schema).pair_decisions
    row = connection.execute(
        sa.delete(table)
        .where(table.c.kalshi_ticker == kalshi_ticker, table.c.polymarket_market_id == polymarket_market_id)
        .returning(*table.c)
    ).one_or_none()
    return _decision_from_row(row) if row is not None else None


def load_pair_decisions(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[PairDecision]:
    """Every recorded decision, oldest first."""
    table = warehouse_tables(schema).pair_decisions
    query = sa.select(table).order_by(table.c.decided_at, table.c.kalshi_ticker, table.c.polymarket_market_id)
    return [_decision_from_row(row) for row in connection.execute(query)]


# --- quote snapshots ----------------------------------------------------------------------------

_QUOTE_COLUMNS = (
    "snapshot_id", "snapshot_ts", "venue", "market_id", "instrument_id", "side", "level_prices",
    "level_sizes", "best_price", "best_size", "level_count", "depth", "venue_ts", "received_ts",
    "tick_size", "min_order_size", "book_hash",
)  # fmt: skip
_BY_PRICE = attrgetter("price")


def _side_row(snapshot_id: str, snapshot_ts: datetime, book: OrderBook, side: BookSide) -> tuple[Any, ...]:
    bids = side is BookSide.BID
    # Stored best first whatever order the book holds, so SQL can read level_prices[1]; the best
    # comes from max/min, never from list order (the money rules, docs/architecture.md).
    levels = sorted(book.bids if bids else book.asks, key=_BY_PRICE, reverse=bids)
    sizes = [level.size for level in levels]
    best = levels[0] if levels else None
    return (
        snapshot_id,
        snapshot_ts,
        book.venue.value,
        book.market_id,
        book.instrument_id,
        side.value,
        _numeric_array(level.price for level in levels),
        _numeric_array(sizes),
        best.price if best else None,
        best.size if best else None,
        len(levels),
        sum(sizes, ZERO),
        book.venue_ts,
        book.received_ts,
        book.tick_size,
        book.min_order_size,
        book.book_hash,
    )


def _values(books: Iterable[T] | Mapping[Any, T]) -> Iterable[T]:
    return books.values() if isinstance(books, Mapping) else books


def _snapshot_rows(
    snapshot_id: str,
    snapshot_ts: datetime,
    kalshi_books: Iterable[KalshiOrderBook],
    polymarket_books: Iterable[OrderBook],
) -> Iterator[tuple[Any, ...]]:
    seen: set[tuple[Venue, str]] = set()

    def once(venue: Venue, instrument: str) -> None:
        if (venue, instrument) in seen:
            raise WarehouseDataError(
                f"snapshot {snapshot_id}: {venue.value} book {instrument} is given twice; one snapshot holds one book per instrument"
            )
        seen.add((venue, instrument))

    for kalshi_book in kalshi_books:
        once(Venue.KALSHI, kalshi_book.ticker)
        # Both executable books of the market: YES asks are 1 - NO bids and NO asks 1 - YES bids
        # (docs/venues.md#kalshi-order-books), derived by the domain model rather than here.
        for side_book in (kalshi_book.yes_book, kalshi_book.no_book):
            yield _side_row(snapshot_id, snapshot_ts, side_book, BookSide.BID)
            yield _side_row(snapshot_id, snapshot_ts, side_book, BookSide.ASK)
    for book in polymarket_books:
        if book.venue is not Venue.POLYMARKET:
            raise WarehouseDataError(
                f"snapshot {snapshot_id}: book {book.instrument_id} is a {book.venue.value} book among the Polymarket books"
            )
        once(Venue.POLYMARKET, book.instrument_id)
        yield _side_row(snapshot_id, snapshot_ts, book, BookSide.BID)
        yield _side_row(snapshot_id, snapshot_ts, book, BookSide.ASK)


def _insert_new(target: sa.Table, columns: Sequence[str]) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        return pg_insert(target).from_select(columns, _select_all(staging, columns)).on_conflict_do_nothing()

    return merge


def insert_quote_snapshot(
    connection: Connection,
    snapshot_id: str,
    snapshot_ts: datetime,
    kalshi_books: Iterable[KalshiOrderBook] | Mapping[str, KalshiOrderBook],
    polymarket_books: Iterable[OrderBook] | Mapping[str, OrderBook],
    *,
    schema: str = DEFAULT_SCHEMA,
    batch_size: int = COPY_BATCH_ROWS,
) -> int:
    """Store one snapshot of books: for every instrument (Kalshi ``TICKER:yes`` and
    ``TICKER:no``, Polymarket tokens) a bid row and an ask row. Returns the rows written;
    writing the same snapshot again writes none."""
    if not snapshot_id:
        raise WarehouseDataError("snapshot_id must be a non-empty string")
    snapshot_ts = _aware(snapshot_ts, "snapshot_ts")
    rows = _snapshot_rows(snapshot_id, snapshot_ts, _values(kalshi_books), _values(polymarket_books))
    target = warehouse_tables(schema).quote_snapshots
    return _copy_merge(connection, target, _QUOTE_COLUMNS, rows, [_insert_new(target, _QUOTE_COLUMNS)], batch_size)[0]


@dataclass(frozen=True, slots=True)
class StoredBooks:
    """Books read back from quote_snapshots: Kalshi books by ticker, Polymarket books by token id."""

    kalshi: dict[str, KalshiOrderBook]
    polymarket: dict[str, OrderBook]


def _levels(row: Row[Any]) -> tuple[PriceLevel, ...]:
    # Prices and sizes are aligned: the table's quote_snapshots_levels_aligned check holds them so.
    return tuple(map(PriceLevel, row.level_prices, row.level_sizes))


def _book_rows(table: sa.Table) -> sa.ColumnElement[bool]:
    # Kalshi books are rebuilt from their two bid sides; the ask rows are derived from them.
    return sa.or_(table.c.venue == Venue.POLYMARKET.value, table.c.side == BookSide.BID.value)


def _books_from_rows(rows: Iterable[Row[Any]]) -> StoredBooks:
    """Books from one bid and one ask row per Polymarket token and the YES and NO bid rows per
    Kalshi market, all sides of a book written together."""
    polymarket_sides: dict[str, dict[str, Row[Any]]] = {}
    kalshi_sides: dict[str, dict[str, Row[Any]]] = {}
    for row in rows:
        if row.venue == Venue.POLYMARKET.value:
            polymarket_sides.setdefault(row.instrument_id, {})[row.side] = row
        else:
            ticker, _, kalshi_side = row.instrument_id.rpartition(":")
            kalshi_sides.setdefault(ticker, {})[kalshi_side] = row
    polymarket = {}
    for token, sides in polymarket_sides.items():
        bid, ask = sides.get(BookSide.BID.value), sides.get(BookSide.ASK.value)
        if bid is None or ask is None or bid.received_ts != ask.received_ts:
            raise WarehouseDataError(f"polymarket book {token}: its bid and ask rows are not from one book")
        polymarket[token] = OrderBook(
            venue=Venue.POLYMARKET,
            instrument_id=token,
            bids=_levels(bid),
            asks=_levels(ask),
            received_ts=bid.received_ts,
            venue_ts=bid.venue_ts,
            market_id=bid.market_id,
            tick_size=bid.tick_size,
            min_order_size=bid.min_order_size,
            book_hash=bid.book_hash,
        )
    kalshi = {}
    for ticker, sides in kalshi_sides.items():
        yes, no = sides.get("yes"), sides.get("no")
        if yes is None or no is None or yes.received_ts != no.received_ts:
            raise WarehouseDataError(f"kalshi book {ticker}: its YES and NO bid rows are not from one book")
        kalshi[ticker] = KalshiOrderBook(
            ticker=ticker,
            yes_bids=_levels(yes),
            no_bids=_levels(no),
            received_ts=yes.received_ts,
            venue_ts=yes.venue_ts,
        )
    return StoredBooks(kalshi=kalshi, polymarket=polymarket)


def latest_books(
    connection: Connection,
    max_age: timedelta | None = None,
    *,
    schema: str = DEFAULT_SCHEMA,
    now: datetime | None = None,
) -> StoredBooks:
    """The latest book of every instrument: the one received last, whatever snapshot carried
    it. With ``max_age``, instruments whose latest book was received more than ``max_age``
    before ``now`` (default the current time) are left out: stale quotes are never
    opportunities (the money rules, docs/architecture.md). Pass the quote-age threshold: only then is
    the read limited to recent rows; without it every snapshot ever stored is ranked."""
    table = warehouse_tables(schema).quote_snapshots
    recency = (
        sa.func.row_number()
        .over(
            partition_by=(table.c.venue, table.c.instrument_id, table.c.side),
            order_by=(table.c.received_ts.desc(), table.c.snapshot_ts.desc(), table.c.quote_id.desc()),
        )
        .label("recency")
    )
    candidates = sa.select(table, recency).where(_book_rows(table))
    if max_age is not None:
        candidates = candidates.where(table.c.received_ts >= _aware(now, "now") - max_age)
    ranked = candidates.subquery("ranked")
    return _books_from_rows(connection.execute(sa.select(ranked).where(ranked.c.recency == 1)))


def snapshot_books(
    connection: Connection,
    snapshot_id: str,
    *,
    schema: str = DEFAULT_SCHEMA,
    kalshi_tickers: Collection[str] | None = None,
    polymarket_tokens: Collection[str] | None = None,
) -> StoredBooks:
    """Every book stored in one snapshot: what the spreads of that snapshot are computed on. Given
    ``kalshi_tickers`` and ``polymarket_tokens`` (one shard's), only those books."""
    table = warehouse_tables(schema).quote_snapshots
    query = sa.select(table).where(table.c.snapshot_id == snapshot_id, _book_rows(table))
    if kalshi_tickers is not None or polymarket_tokens is not None:
        query = query.where(
            sa.or_(
                sa.and_(table.c.venue == Venue.KALSHI.value, table.c.market_id == sa.any_(_text_array(kalshi_tickers))),
                sa.and_(
                    table.c.venue == Venue.POLYMARKET.value,
                    table.c.instrument_id == sa.any_(_text_array(polymarket_tokens)),
                ),
            )
        )
    return _books_from_rows(connection.execute(query))


def _text_array(values: Collection[str] | None) -> sa.BindParameter[list[str]]:
    return sa.bindparam(None, sorted(values or ()), type_=ARRAY(sa.Text()))


def snapshot_duplicate_rows(connection: Connection, snapshot_id: str, *, schema: str = DEFAULT_SCHEMA) -> int:
    """Rows beyond the first of any instrument side in one snapshot: 0 unless the table's unique
    key was lost, which a data-quality check should say loudly."""
    table = warehouse_tables(schema).quote_snapshots
    per_side = (
        sa.select(sa.func.count().label("rows"))
        .where(table.c.snapshot_id == snapshot_id)
        .group_by(table.c.venue, table.c.instrument_id, table.c.side)
        .subquery()
    )
    return connection.execute(sa.select(sa.func.coalesce(sa.func.sum(per_side.c.rows - 1), 0))).scalar_one()


# --- spreads and opportunities ------------------------------------------------------------------

_SPREAD_COLUMNS = (
    "snapshot_id", "kind", "kalshi_ticker", "kalshi_tickers", "polymarket_market_id", "kalshi_side",
    "polymarket_token", "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee",
    "polymarket_fee", "cost", "net_profit", "edge_per_contract", "days_to_resolution", "apy",
    "top_gross_edge", "quote_received_ts", "evaluated_at", "is_opportunity", "rejection_reasons",
)  # fmt: skip


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
        yield (
            snapshot_id,
            kind,
            spread.kalshi_ticker,
            list(spread.kalshi_tickers),
            spread.polymarket_market_id,
            spread.kalshi_side,
            spread.polymarket_token,
            spread.contracts,
            spread.kalshi_avg_price,
            spread.polymarket_avg_price,
            spread.kalshi_fee,
            spread.polymarket_fee,
            spread.cost,
            spread.net_profit,
            spread.edge_per_contract,
            spread.days_to_resolution,
            spread.apy,
            spread.top_gross_edge,
            spread.quote_received_ts,
            spread.evaluated_at,
            spread.is_opportunity,
            list(spread.rejection_reasons),
        )


def insert_spreads(
    connection: Connection,
    snapshot_id: str,
    spreads: Iterable[Spread],
    *,
    schema: str = DEFAULT_SCHEMA,
    batch_size: int = COPY_BATCH_ROWS,
    with_opportunities: bool = True,
) -> SpreadLoad:
    """Store every evaluated spread of a snapshot, and (``with_opportunities``) those with
    ``is_opportunity`` in ``opportunities`` too, in the same transaction. The pipeline's
    ``spreads`` asset passes False and lets the ``opportunities`` asset write its own table
    (:func:`insert_opportunities`). Returns the rows written to each; writing the same snapshot
    again writes none."""
    if not snapshot_id:
        raise WarehouseDataError("snapshot_id must be a non-empty string")
    tables = warehouse_tables(schema)

    def opportunities(staging: TableClause) -> Executable:
        chosen = _select_all(staging, _SPREAD_COLUMNS).where(staging.c.is_opportunity)
        return pg_insert(tables.opportunities).from_select(_SPREAD_COLUMNS, chosen).on_conflict_do_nothing()

    merges = [_insert_new(tables.spreads, _SPREAD_COLUMNS)]
    if with_opportunities:
        merges.append(opportunities)
    written = _copy_merge(connection, tables.spreads, _SPREAD_COLUMNS, _spread_rows(snapshot_id, spreads), merges, batch_size)
    return SpreadLoad(written[0], written[1] if with_opportunities else 0)


def insert_opportunities(
    connection: Connection,
    snapshot_id: str,
    *,
    schema: str = DEFAULT_SCHEMA,
    kalshi_tickers: Collection[str] | None = None,
    polymarket_market_ids: Collection[str] | None = None,
) -> int:
    """Copy the stored spreads of ``snapshot_id`` that passed the thresholds into
    ``opportunities``; returns the rows written (0 when :func:`insert_spreads` already did).
    Given ``kalshi_tickers`` and ``polymarket_market_ids`` (one shard's), only the spreads of
    those Kalshi tickers, and the Polymarket sets of those markets."""
    tables = warehouse_tables(schema)
    spreads = tables.spreads
    chosen = (
        sa.select(*(spreads.c[name] for name in _SPREAD_COLUMNS))
        .where(spreads.c.snapshot_id == snapshot_id, spreads.c.is_opportunity)
        # In the order the scan wrote them, as insert_spreads keeps it.
        .order_by(spreads.c.spread_id)
    )
    if kalshi_tickers is not None or polymarket_market_ids is not None:
        chosen = chosen.where(
            sa.or_(
                spreads.c.kalshi_ticker == sa.any_(_text_array(kalshi_tickers)),
                sa.and_(
                    spreads.c.kalshi_ticker.is_(None),
                    spreads.c.polymarket_market_id == sa.any_(_text_array(polymarket_market_ids)),
                ),
            )
        )
    insert = pg_insert(tables.opportunities).from_select(_SPREAD_COLUMNS, chosen).on_conflict_do_nothing()
    return connection.execute(insert, execution_options={"preserve_rowcount": True}).rowcount


def _spread_from_row(row: Row[Any]) -> Spread:
    return Spread(
        kind=OpportunityKind(row.kind),
        kalshi_ticker=row.kalshi_ticker,
        polymarket_market_id=row.polymarket_market_id,
        kalshi_side=row.kalshi_side,
        polymarket_token=row.polymarket_token,
        contracts=row.contracts,
        kalshi_avg_price=row.kalshi_avg_price,
        polymarket_avg_price=row.polymarket_avg_price,
        kalshi_fee=row.kalshi_fee,
        polymarket_fee=row.polymarket_fee,
        cost=row.cost,
        net_profit=row.net_profit,
        edge_per_contract=row.edge_per_contract,
        days_to_resolution=row.days_to_resolution,
        apy=row.apy,
        top_gross_edge=row.top_gross_edge,
        quote_received_ts=row.quote_received_ts,
        evaluated_at=row.evaluated_at,
        is_opportunity=row.is_opportunity,
        rejection_reasons=tuple(row.rejection_reasons),
        kalshi_tickers=tuple(row.kalshi_tickers),
    )


def load_spreads(connection: Connection, snapshot_id: str, *, schema: str = DEFAULT_SCHEMA) -> list[Spread]:
    """Every spread evaluated in ``snapshot_id``, in the order they were written."""
    table = warehouse_tables(schema).spreads
    query = sa.select(table).where(table.c.snapshot_id == snapshot_id).order_by(table.c.spread_id)
    return [_spread_from_row(row) for row in connection.execute(query)]


def load_snapshot_opportunities(connection: Connection, snapshot_id: str, *, schema: str = DEFAULT_SCHEMA) -> list[Spread]:
    """The opportunities found in ``snapshot_id``, in the order they were written."""
    table = warehouse_tables(schema).opportunities
    query = sa.select(table).where(table.c.snapshot_id == snapshot_id).order_by(table.c.spread_id)
    return [_spread_from_row(row) for row in connection.execute(query)]


def load_opportunities(connection: Connection, since: datetime, *, schema: str = DEFAULT_SCHEMA) -> list[Spread]:
    """Opportunities evaluated at or after ``since``, oldest first."""
    table = warehouse_tables(schema).opportunities
    query = (
        sa.select(table)
        .where(table.c.evaluated_at >= _aware(since, "since"))
        .order_by(table.c.evaluated_at, table.c.spread_id)
    )
    return [_spread_from_row(row) for row in connection.execute(query)]
