"""The streamer's tables: book ticks, book depth snapshots, opportunity events and stream health.

Rows travel as plain tuples in each table's column order (:data:`COLUMNS`), because the streamer's
hot path builds one per book change and a tuple is the cheapest thing to build. Every table has:

* a text key the streamer gives each row (``tick_key``, ``depth_key``, ``event_key``,
  ``health_key``) under a unique constraint: the writer replays rows after an outage or a crash,
  and a row written twice is one row (COPY into a temporary table, then ``INSERT ... ON CONFLICT
  DO NOTHING``, the one bulk path of :mod:`arb_pipeline.warehouse.bulk`);
* a ``bigint`` identity id the Dagster sensors use as a cursor (the streamer's single writer
  commits in id order);
* ``written_at``, the server's time the row landed.

Rows are checked before they reach the COPY (:func:`row_problem`): one bad row is reported and
left out, never allowed to fail a batch (a batch that failed for a row's sake would fail again
on every retry and hold up everything behind it).

Money is ``Decimal`` (or ``int``), never float; time columns take an aware ``datetime`` or an
``int`` of nanoseconds since the epoch (the hot path keeps ``time.time_ns()`` and the writer's
thread converts); spilled rows (:func:`encode_row` / :func:`decode_row`) keep exact decimal text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.engine import Connection

from arb_pipeline.domain.models import SPREAD_FIGURES, OpportunityKind, PairStatus, Venue
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, QuoteTimes, SpreadKey
from arb_pipeline.warehouse.bulk import COPY_BATCH_ROWS
from arb_pipeline.warehouse.bulk import copy_merge as _copy_merge
from arb_pipeline.warehouse.bulk import copy_text as _copy_text
from arb_pipeline.warehouse.bulk import copy_text_merge as _copy_text_merge
from arb_pipeline.warehouse.bulk import insert_new as _insert_new
from arb_pipeline.warehouse.bulk import json_text as _json
from arb_pipeline.warehouse.bulk import numeric_array as _numeric_array
from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA, warehouse_tables
from arb_pipeline.warehouse.tick_copy import tick_copy_text


class StreamTable(StrEnum):
    BOOK_TICKS = "book_ticks"
    BOOK_DEPTH_SNAPSHOTS = "book_depth_snapshots"
    OPPORTUNITY_EVENTS = "opportunity_events"
    STREAM_HEALTH = "stream_health"


TICK_COLUMNS = (
    "tick_key", "venue", "instrument_id", "market_id", "best_bid", "best_bid_size", "best_ask", "best_ask_size",
    "venue_ts", "received_ts",
)  # fmt: skip
DEPTH_COLUMNS = (
    "depth_key", "venue", "instrument_id", "market_id", "bid_prices", "bid_sizes", "ask_prices", "ask_sizes",
    "venue_ts", "received_ts", "taken_at",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_key", "event_type", "kind", "kalshi_ticker", "kalshi_tickers", "polymarket_market_id", "kalshi_side",
    "polymarket_token", "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee", "polymarket_fee",
    "cost", "net_profit", "edge_per_contract", "days_to_resolution", "apy", "opened_at", "evaluated_at",
    "lifetime_s", "kalshi_venue_ts", "kalshi_received_ts", "polymarket_venue_ts", "polymarket_received_ts", "reason",
)  # fmt: skip
HEALTH_COLUMNS = (
    "health_key", "venue", "period_start", "period_end", "messages", "decode_errors", "decode_errors_by_kind",
    "gaps", "reconnects", "resyncs", "live_books", "stale_books", "max_staleness_s", "connected",
)  # fmt: skip

#: Each table's row layout: the tuples the writer carries are in this order.
COLUMNS: dict[StreamTable, tuple[str, ...]] = {
    StreamTable.BOOK_TICKS: TICK_COLUMNS,
    StreamTable.BOOK_DEPTH_SNAPSHOTS: DEPTH_COLUMNS,
    StreamTable.OPPORTUNITY_EVENTS: EVENT_COLUMNS,
    StreamTable.STREAM_HEALTH: HEALTH_COLUMNS,
}

#: Each table's cursor column and its key column.
ID_COLUMNS = {
    StreamTable.BOOK_TICKS: "tick_id",
    StreamTable.BOOK_DEPTH_SNAPSHOTS: "depth_id",
    StreamTable.OPPORTUNITY_EVENTS: "event_id",
    StreamTable.STREAM_HEALTH: "health_id",
}

_VENUES = frozenset({Venue.KALSHI.value, Venue.POLYMARKET.value})
_EVENT_TYPES = frozenset(EventType)
_KINDS = frozenset(OpportunityKind)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Kind(StrEnum):
    TEXT = "text"
    MONEY = "money"
    TIME = "time"
    MONEY_ARRAY = "money[]"
    TEXT_ARRAY = "text[]"
    JSON = "json"
    BOOL = "bool"
    INT = "int"


def _kind(column: sa.Column) -> _Kind:
    column_type = column.type
    if isinstance(column_type, JSONB):
        return _Kind.JSON
    if isinstance(column_type, ARRAY):
        return _Kind.MONEY_ARRAY if isinstance(column_type.item_type, sa.Numeric) else _Kind.TEXT_ARRAY
    if isinstance(column_type, sa.DateTime):
        return _Kind.TIME
    if isinstance(column_type, sa.Boolean):
        return _Kind.BOOL
    if isinstance(column_type, sa.Integer):
        return _Kind.INT
    if isinstance(column_type, sa.Numeric):
        return _Kind.MONEY
    return _Kind.TEXT


@dataclass(frozen=True, slots=True)
class _Layout:
    table: StreamTable
    columns: tuple[str, ...]
    kinds: tuple[_Kind, ...]
    required: tuple[bool, ...]


def _layout(table: StreamTable) -> _Layout:
    # Read from the schema's own definition (the default schema's; the layout is the same in
    # every schema) so a column's kind and nullability are declared once.
    definition = getattr(warehouse_tables(DEFAULT_SCHEMA), table.value)
    columns = COLUMNS[table]
    return _Layout(
        table,
        columns,
        tuple(_kind(definition.c[name]) for name in columns),
        tuple(not definition.c[name].nullable for name in columns),
    )


_LAYOUTS = {table: _layout(table) for table in StreamTable}


# --- rows ---------------------------------------------------------------------------------------


def as_time(value: datetime | int) -> datetime:
    """An aware datetime from a datetime or from nanoseconds since the epoch, to the microsecond
    (PostgreSQL's resolution). Through a float, three times faster than integer arithmetic and
    still exact: the quotient's error is at most half a unit in its last place, under half a
    microsecond for any time before 2106, so rounding to the microsecond recovers the digits."""
    if type(value) is datetime:
        return value
    return datetime.fromtimestamp(value // 1000 / 1e6, UTC)


def event_row(event: OpportunityEvent) -> tuple[Any, ...]:
    key, times = event.key, event.times
    lifetime = None if event.lifetime is None else Decimal(event.lifetime // timedelta(microseconds=1)).scaleb(-6)
    return (
        event.event_key, event.event_type.value, key.kind.value, key.kalshi_ticker, list(event.kalshi_tickers),
        key.polymarket_market_id, key.kalshi_side, key.polymarket_token, event.contracts, event.kalshi_avg_price,
        event.polymarket_avg_price, event.kalshi_fee, event.polymarket_fee, event.cost, event.net_profit,
        event.edge_per_contract, event.days_to_resolution, event.apy, event.opened_at, event.evaluated_at, lifetime,
        times.kalshi_venue_ts, times.kalshi_received_ts, times.polymarket_venue_ts, times.polymarket_received_ts,
        event.reason,
    )  # fmt: skip


def _problem(layout: _Layout, row: Sequence[Any]) -> str | None:
    if not isinstance(row, (tuple, list)) or len(row) != len(layout.columns):
        size = len(row) if isinstance(row, (tuple, list)) else type(row).__name__
        return f"{layout.table} row has {size} values, expected {len(layout.columns)} ({', '.join(layout.columns)})"
    for name, kind, required, value in zip(layout.columns, layout.kinds, layout.required, row, strict=True):
        if value is None:
            if required:
                return f"{layout.table}.{name} is missing"
            continue
        if kind is _Kind.MONEY:
            if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
                # Money never passes through float (docs/architecture.md#decimal-never-float).
                return f"{layout.table}.{name} must be a Decimal or int, not {type(value).__name__} {value!r}"
            if isinstance(value, Decimal) and not value.is_finite():
                return f"{layout.table}.{name} is {value}, not a finite number"
        elif kind is _Kind.TIME:
            if isinstance(value, datetime):
                if value.tzinfo is None or value.utcoffset() is None:
                    return f"{layout.table}.{name} is a naive time {value.isoformat()}: times must be timezone-aware"
            elif isinstance(value, bool) or not isinstance(value, int):
                return f"{layout.table}.{name} must be an aware datetime or nanoseconds since the epoch, not {type(value).__name__}"
        elif kind is _Kind.MONEY_ARRAY:
            if not isinstance(value, (list, tuple)) or not all(
                isinstance(item, (Decimal, int)) and not isinstance(item, bool) and Decimal(item).is_finite()
                for item in value
            ):
                return f"{layout.table}.{name} must be a list of finite Decimals"
        elif kind is _Kind.TEXT:
            if not isinstance(value, str):
                return f"{layout.table}.{name} must be text, not {type(value).__name__}"
            if "\x00" in value:
                return f"{layout.table}.{name} holds a NUL character"
        elif kind is _Kind.INT:
            if isinstance(value, bool) or not isinstance(value, int):
                return f"{layout.table}.{name} must be an int, not {type(value).__name__}"
        elif kind is _Kind.BOOL and not isinstance(value, bool):
            return f"{layout.table}.{name} must be a bool, not {type(value).__name__}"
    return _table_problem(layout.table, dict(zip(layout.columns, row, strict=True)))


def _table_problem(table: StreamTable, row: dict[str, Any]) -> str | None:
    # The table's CHECK constraints, checked here so a row that breaks one is left out alone.
    if "venue" in row and row["venue"] not in _VENUES:
        return f"{table}.venue {row['venue']!r} is not one of {sorted(_VENUES)}"
    if table is StreamTable.BOOK_DEPTH_SNAPSHOTS:
        if len(row["bid_prices"]) != len(row["bid_sizes"]) or len(row["ask_prices"]) != len(row["ask_sizes"]):
            return f"{table} {row['instrument_id']}: prices and sizes are not aligned"
    elif table is StreamTable.OPPORTUNITY_EVENTS:
        if row["event_type"] not in _EVENT_TYPES:
            return f"{table}.event_type {row['event_type']!r} is not one of {sorted(_EVENT_TYPES)}"
        if row["kind"] not in _KINDS:
            return f"{table}.kind {row['kind']!r} is not one of {sorted(_KINDS)}"
        if (row["event_type"] == EventType.CLOSE) != (row["lifetime_s"] is not None):
            return f"{table} {row['event_key']}: a lifetime goes with close events and only with them"
    elif table is StreamTable.STREAM_HEALTH:
        if as_time(row["period_end"]) < as_time(row["period_start"]):
            return f"{table} {row['health_key']}: period_end is before period_start"
        if not isinstance(row["decode_errors_by_kind"], dict):
            return f"{table}.decode_errors_by_kind must be a mapping of kind to count"
    return None


def row_problem(table: StreamTable | str, row: Sequence[Any]) -> str | None:
    """Why ``row`` cannot be written to ``table``, in one line; None when it can."""
    return _problem(_LAYOUTS[StreamTable(table)], row)


_NONE = type(None)
_ALLOWED_TYPES: dict[_Kind, frozenset[type]] = {
    _Kind.TEXT: frozenset({str}),
    _Kind.MONEY: frozenset({Decimal, int}),
    _Kind.TIME: frozenset({datetime, int}),
    _Kind.MONEY_ARRAY: frozenset({list, tuple}),
    _Kind.TEXT_ARRAY: frozenset({list, tuple}),
    _Kind.JSON: frozenset({dict}),
    _Kind.BOOL: frozenset({bool}),
    _Kind.INT: frozenset({int}),
}


def _columns_fine(layout: _Layout, rows: Sequence[Sequence[Any]]) -> bool:
    """Whether every row passes :func:`row_problem`, checked a column at a time: a set of types
    per column is built in C, where a row-by-row check costs about 18 us a book tick, more than
    the writer thread can spend at the streamer's rates. The rare tables (depth, events,
    health) are checked row by row after this for their table rules."""
    if set(map(type, rows)) != {tuple} or set(map(len, rows)) != {len(layout.columns)}:
        return False
    columns = list(zip(*rows, strict=True))
    for name, column, kind, required in zip(layout.columns, columns, layout.kinds, layout.required, strict=True):
        allowed = _ALLOWED_TYPES[kind] if required else _ALLOWED_TYPES[kind] | {_NONE}
        types = set(map(type, column))
        if not types <= allowed:
            return False
        if kind is _Kind.MONEY and Decimal in types:
            decimals = column if types == {Decimal} else [value for value in column if type(value) is Decimal]
            if not all(map(Decimal.is_finite, decimals)):
                return False
        elif kind is _Kind.TIME and datetime in types:
            if any(value.utcoffset() is None for value in column if type(value) is datetime):
                return False
        elif kind is _Kind.TEXT and "\x00" in "".join(filter(None, column)):
            return False
        elif kind is _Kind.MONEY_ARRAY:
            return False
        if name == "venue" and not set(column) <= _VENUES:
            return False
    return layout.table is StreamTable.BOOK_TICKS


def batch_problems(table: StreamTable | str, rows: Sequence[Sequence[Any]]) -> list[tuple[int, str]]:
    """(position, problem) of every row of ``rows`` that cannot be written to ``table``; empty
    when all can. Cheap for a batch of good book ticks (see :func:`_columns_fine`)."""
    layout = _LAYOUTS[StreamTable(table)]
    if rows and _columns_fine(layout, rows):
        return []
    return [(index, problem) for index, row in enumerate(rows) if (problem := _problem(layout, row)) is not None]


#: How a value is turned into what the COPY takes, for the kinds that need it; the others go as
#: they are.
_TO_COPY: dict[_Kind, Any] = {
    _Kind.TIME: as_time,
    _Kind.MONEY_ARRAY: _numeric_array,
    _Kind.JSON: _json,
    _Kind.TEXT_ARRAY: list,
}


def _copy_rows(layout: _Layout, rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    # Only the columns that need it are touched: a book tick converts its two times, nothing else.
    converters = [(index, _TO_COPY[kind]) for index, kind in enumerate(layout.kinds) if kind in _TO_COPY]
    for row in rows:
        values = list(row)
        for index, convert in converters:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        yield values


def insert_rows(
    connection: Connection,
    table: StreamTable | str,
    rows: Iterable[Sequence[Any]],
    *,
    schema: str = DEFAULT_SCHEMA,
    batch_size: int = COPY_BATCH_ROWS,
) -> int:
    """COPY ``rows`` (tuples in ``COLUMNS[table]`` order, already checked with
    :func:`row_problem`) into ``table``; returns the rows written. A row whose key is already
    stored is skipped, so writing the same rows again writes none."""
    layout = _LAYOUTS[StreamTable(table)]
    target = getattr(warehouse_tables(schema), layout.table.value)
    merge = _insert_new(target, layout.columns)
    return _copy_merge(connection, target, layout.columns, _copy_rows(layout, rows), [merge], batch_size)[0]


def insert_ticks(connection: Connection, rows: Sequence[Sequence[Any]], *, schema: str = DEFAULT_SCHEMA, fresh: bool = False) -> int:
    """:func:`insert_rows` for ``book_ticks``, the rows in either shape
    :func:`~arb_pipeline.warehouse.tick_copy.tick_copy_text` takes and already checked, as COPY
    text built in bulk. ``fresh``: none of the rows can be stored yet (their keys were never
    written: a writer's first try of rows it made), so they go straight into the table; otherwise
    through the temporary table, and a key already stored is skipped. Returns the rows written."""
    if not rows:
        return 0
    target = warehouse_tables(schema).book_ticks
    data = tick_copy_text(rows)
    if fresh:
        _copy_text(connection, target, TICK_COLUMNS, data)
        return len(rows)
    return _copy_text_merge(connection, target, TICK_COLUMNS, data, [_insert_new(target, TICK_COLUMNS)])[0]


# --- spilled rows -------------------------------------------------------------------------------


def _time_text(value: Any) -> Any:
    return value if isinstance(value, int) else value.isoformat()


def _time_value(value: Any) -> Any:
    return value if isinstance(value, int) else datetime.fromisoformat(value)


# Per kind, the JSON-ready form of a value and the way back; the kinds missing here are JSON as
# they are. Money goes as exact decimal text, never a float.
_SPILL_CODECS: dict[_Kind, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    _Kind.MONEY: (str, Decimal),
    _Kind.TIME: (_time_text, _time_value),
    _Kind.MONEY_ARRAY: (lambda items: [str(item) for item in items], lambda items: [Decimal(item) for item in items]),
    _Kind.TEXT_ARRAY: (list, lambda items: items),
}


def _encode_value(kind: _Kind, value: Any) -> Any:
    codec = _SPILL_CODECS.get(kind)
    return value if value is None or codec is None else codec[0](value)


def encode_row(table: StreamTable | str, row: Sequence[Any]) -> list[Any]:
    """``row`` as JSON-ready values: money as exact decimal text, times as ISO-8601 text (or the
    nanoseconds they were given as)."""
    layout = _LAYOUTS[StreamTable(table)]
    return [_encode_value(kind, value) for kind, value in zip(layout.kinds, row, strict=True)]


def _decode_value(kind: _Kind, value: Any) -> Any:
    codec = _SPILL_CODECS.get(kind)
    return value if value is None or codec is None else codec[1](value)


def decode_row(table: StreamTable | str, values: Sequence[Any]) -> tuple[Any, ...]:
    """The row :func:`encode_row` encoded. Raises ValueError on values that do not fit the table."""
    layout = _LAYOUTS[StreamTable(table)]
    if len(values) != len(layout.kinds):
        raise ValueError(f"{layout.table} row has {len(values)} values, expected {len(layout.kinds)}")
    try:
        return tuple(_decode_value(kind, value) for kind, value in zip(layout.kinds, values, strict=True))
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise ValueError(f"{layout.table} row does not decode: {exc}") from None


# --- reads for the sensors ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StreamCursor:
    """How far a reader has seen the streamer's writes: the highest tick id and event id."""

    tick_id: int = 0
    event_id: int = 0

    def covers(self, other: StreamCursor) -> bool:
        return self.tick_id >= other.tick_id and self.event_id >= other.event_id


def high_water(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> StreamCursor:
    """The highest tick id and event id stored (0 for an empty table)."""
    tables = warehouse_tables(schema)
    ticks = sa.select(sa.func.coalesce(sa.func.max(tables.book_ticks.c.tick_id), 0)).scalar_subquery()
    events = sa.select(sa.func.coalesce(sa.func.max(tables.opportunity_events.c.event_id), 0)).scalar_subquery()
    tick_id, event_id = connection.execute(sa.select(ticks, events)).one()
    return StreamCursor(tick_id=tick_id, event_id=event_id)


class LastWrite(NamedTuple):
    row_id: int
    written_at: datetime


def last_writes(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> dict[StreamTable, LastWrite | None]:
    """When each streamer table last received a row, and that row's id (None: never). Read as
    the row with the highest id (the primary key's index answers at once; the single writer
    commits in id order)."""
    tables = warehouse_tables(schema)
    found: dict[StreamTable, LastWrite | None] = {}
    for table in StreamTable:
        definition = getattr(tables, table.value)
        row_id = definition.c[ID_COLUMNS[table]]
        query = sa.select(row_id, definition.c.written_at).order_by(row_id.desc()).limit(1)
        row = connection.execute(query).one_or_none()
        found[table] = None if row is None else LastWrite(*row)
    return found


def pairs_changed(
    connection: Connection, after: StreamCursor, upto: StreamCursor, *, schema: str = DEFAULT_SCHEMA
) -> list[tuple[str, str]]:
    """The approved pairs (Kalshi ticker, Polymarket market id) that a tick or an opportunity
    event in (``after``, ``upto``] touched: a tick on one of the pair's Kalshi markets (its
    instrument is ``TICKER:yes``, ``TICKER:no`` or the bare ticker) or on one of its two
    Polymarket tokens, or an event of the pair."""
    tables = warehouse_tables(schema)
    ticks, events, pairs = tables.book_ticks, tables.opportunity_events, tables.matched_pairs
    recent = sa.and_(ticks.c.tick_id > after.tick_id, ticks.c.tick_id <= upto.tick_id)
    kalshi_touched = (
        sa.select(sa.func.split_part(ticks.c.instrument_id, ":", 1).label("ticker"))
        .where(recent, ticks.c.venue == Venue.KALSHI.value)
        .distinct()
        .cte("kalshi_touched")
    )
    tokens_touched = (
        sa.select(ticks.c.instrument_id.label("token"))
        .where(recent, ticks.c.venue == Venue.POLYMARKET.value)
        .distinct()
        .cte("tokens_touched")
    )
    pairs_with_events = (
        sa.select(events.c.kalshi_ticker, events.c.polymarket_market_id)
        .where(events.c.event_id > after.event_id, events.c.event_id <= upto.event_id)
        .distinct()
        .cte("pairs_with_events")
    )
    touched = sa.or_(
        sa.exists().where(
            sa.or_(
                kalshi_touched.c.ticker == pairs.c.kalshi_ticker,
                kalshi_touched.c.ticker == sa.func.any(pairs.c.kalshi_tickers),
            )
        ),
        sa.exists().where(tokens_touched.c.token.in_([pairs.c.polymarket_yes_token, pairs.c.polymarket_no_token])),
        sa.exists().where(
            pairs_with_events.c.kalshi_ticker == pairs.c.kalshi_ticker,
            pairs_with_events.c.polymarket_market_id == pairs.c.polymarket_market_id,
        ),
    )
    query = (
        sa.select(pairs.c.kalshi_ticker, pairs.c.polymarket_market_id)
        .where(pairs.c.status == PairStatus.APPROVED.value, touched)
        .order_by(pairs.c.kalshi_ticker, pairs.c.polymarket_market_id)
    )
    return [(row.kalshi_ticker, row.polymarket_market_id) for row in connection.execute(query)]


# --- reads back ---------------------------------------------------------------------------------


class BookTick(NamedTuple):
    tick_id: int
    tick_key: str
    venue: str
    instrument_id: str
    market_id: str | None
    best_bid: Decimal | None
    best_bid_size: Decimal | None
    best_ask: Decimal | None
    best_ask_size: Decimal | None
    venue_ts: datetime | None
    received_ts: datetime
    written_at: datetime


def load_book_ticks(
    connection: Connection, *, after_tick_id: int = 0, limit: int | None = None, schema: str = DEFAULT_SCHEMA
) -> list[BookTick]:
    """Ticks with an id above ``after_tick_id``, in id order."""
    table = warehouse_tables(schema).book_ticks
    query = (
        sa.select(*(table.c[name] for name in BookTick._fields))
        .where(table.c.tick_id > after_tick_id)
        .order_by(table.c.tick_id)
        .limit(limit)
    )
    return [BookTick(*row) for row in connection.execute(query)]


def load_opportunity_events(
    connection: Connection, *, after_event_id: int = 0, schema: str = DEFAULT_SCHEMA
) -> list[OpportunityEvent]:
    """Events with an id above ``after_event_id``, in id order, as the tracker made them."""
    table = warehouse_tables(schema).opportunity_events
    query = sa.select(table).where(table.c.event_id > after_event_id).order_by(table.c.event_id)
    return [
        OpportunityEvent(
            event_key=row.event_key,
            event_type=EventType(row.event_type),
            key=SpreadKey(
                OpportunityKind(row.kind), row.kalshi_ticker, row.polymarket_market_id, row.kalshi_side, row.polymarket_token
            ),
            kalshi_tickers=tuple(row.kalshi_tickers),
            **{name: getattr(row, name) for name in SPREAD_FIGURES},
            opened_at=row.opened_at,
            evaluated_at=row.evaluated_at,
            times=QuoteTimes(row.kalshi_venue_ts, row.kalshi_received_ts, row.polymarket_venue_ts, row.polymarket_received_ts),
            lifetime=None if row.lifetime_s is None else timedelta(microseconds=int(row.lifetime_s.scaleb(6))),
            reason=row.reason,
        )
        for row in connection.execute(query)
    ]


def count_rows(connection: Connection, table: StreamTable | str, *, schema: str = DEFAULT_SCHEMA) -> int:
    definition = getattr(warehouse_tables(schema), StreamTable(table).value)
    return connection.execute(sa.select(sa.func.count()).select_from(definition)).scalar_one()
