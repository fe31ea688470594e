"""Bulk writes and the value encoders every warehouse table module shares.

Every write goes the same way: COPY the rows into a temporary table, then one
``INSERT ... SELECT ... ON CONFLICT`` into the real table. COPY is about 100x faster than row
inserts (benchmarks/bench_warehouse.py measures it), and the conflict clause makes every write
idempotent: a retried Dagster step or a snapshot written twice changes nothing. Each write runs
inside the caller's transaction (a SQLAlchemy ``Connection`` on the psycopg 3 driver), so it is
all or nothing.

Money goes in and comes out as ``Decimal``: NUMERIC columns, NUMERIC arrays for book levels,
decimal strings inside JSON. Nothing passes through float (docs/architecture.md#decimal-never-float).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

import orjson
import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Executable, TableClause

from arb_pipeline.warehouse.connection import json_default

# Rows per COPY + INSERT round: big enough that COPY's speed dominates, small enough that the
# temporary table and the client's row buffer stay bounded (about 7 MB of quote rows, or 40 MB
# of markets with their raw JSON).
COPY_BATCH_ROWS = 20_000


T = TypeVar("T")


class WarehouseDataError(ValueError):
    """Rows to write, or rows read back, that break the warehouse's invariants."""


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
        # Numeric arrays (book levels) come as array literals from numeric_array, which COPY
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


def copy_merge(
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
    copy_types = [_copy_type(target.c[name]) for name in columns]

    def load(batch: list[tuple[Any, ...]]) -> Callable[[psycopg.Copy], None]:
        def write(copy: psycopg.Copy) -> None:
            copy.set_types(copy_types)
            for row in batch:
                copy.write_row(row)

        return write

    return _staged_merge(connection, target, columns, map(load, _batches(rows, batch_size)), merges)


def copy_text_merge(
    connection: Connection,
    target: sa.Table,
    columns: Sequence[str],
    data: bytes,
    merges: Sequence[Callable[[TableClause], Executable]],
) -> list[int]:
    """:func:`copy_merge` for rows already in COPY's text format (``data``, one line a row)."""
    return _staged_merge(connection, target, columns, [lambda copy: copy.write(data)], merges)


def copy_text(connection: Connection, target: sa.Table, columns: Sequence[str], data: bytes) -> None:
    """COPY rows already in COPY's text format straight into ``target``, with no merge: only for
    rows that cannot be there yet (a key conflict fails the whole COPY)."""
    preparer = connection.dialect.identifier_preparer
    column_list = ", ".join(preparer.quote(name) for name in columns)
    with _driver_connection(connection).cursor() as cursor:
        with cursor.copy(f"COPY {preparer.format_table(target)} ({column_list}) FROM STDIN") as copy:
            copy.write(data)


def _staged_merge(
    connection: Connection,
    target: sa.Table,
    columns: Sequence[str],
    loads: Iterable[Callable[[psycopg.Copy], None]],
    merges: Sequence[Callable[[TableClause], Executable]],
) -> list[int]:
    """Each of ``loads`` fills a temporary twin of ``target`` by COPY, then every merge runs."""
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
    written = [0] * len(merges)
    for load in loads:
        with driver.cursor() as cursor, cursor.copy(f"COPY {staging} ({column_list}) FROM STDIN") as copy:
            load(copy)
        for i, merge in enumerate(merges):
            # SQLAlchemy keeps an INSERT's rowcount only when asked.
            result = connection.execute(merge(staging_table), execution_options={"preserve_rowcount": True})
            written[i] += result.rowcount
        connection.exec_driver_sql(f"TRUNCATE {staging}")
    connection.exec_driver_sql(f"DROP TABLE {staging}")
    return written


def select_all(staging: TableClause, columns: Sequence[str]) -> sa.Select:
    return sa.select(*(staging.c[name] for name in columns))


def select_in_key_order(staging: TableClause, columns: Sequence[str], key: Sequence[str]) -> sa.Select:
    # Upserts lock the rows they touch in the order they come: two loads of overlapping
    # catalogs at once (a schedule and a manual run) take the locks in the same order and wait
    # for each other instead of deadlocking.
    return select_all(staging, columns).order_by(*(staging.c[name] for name in key))


def any_changed(target: sa.Table, excluded: Any, columns: Iterable[str]) -> sa.ColumnElement[bool]:
    names = list(columns)
    return sa.tuple_(*(target.c[name] for name in names)).is_distinct_from(
        sa.tuple_(*(excluded[name] for name in names))
    )


def aware(value: datetime | None, what: str) -> datetime:
    """``value`` (now when None), refused when naive: a stored time must say which instant it is."""
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


def json_text(value: Any) -> str:
    encoded = orjson.dumps(value, default=json_default)
    if b"\\u0000" in encoded:
        # PostgreSQL's jsonb rejects the NUL character; venue text has no use for it.
        encoded = orjson.dumps(_without_nul(value), default=json_default)
    return encoded.decode()


def clean_text(value: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; free text from a venue loses the character, not the row.
    return value.replace("\x00", "") if value is not None and "\x00" in value else value


def numeric_array(values: Iterable[Decimal]) -> str:
    # str(Decimal) is digits, sign, point, exponent, NaN or Infinity: nothing an array literal
    # needs to quote, and all of it PostgreSQL's numeric input reads exactly.
    return "{" + ",".join(map(str, values)) + "}"


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def optional_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def insert_new(target: sa.Table, columns: Sequence[str]) -> Callable[[TableClause], Executable]:
    """The merge that adds staged rows ``target`` does not hold yet and leaves the rest alone."""

    def merge(staging: TableClause) -> Executable:
        return pg_insert(target).from_select(columns, select_all(staging, columns)).on_conflict_do_nothing()

    return merge


def text_array(values: Iterable[str] | None) -> sa.BindParameter[list[str]]:
    """A list of strings as one bound array, for ``column == sa.any_(...)``: one parameter however
    many values (a scan shard's thousands of tickers)."""
    return sa.bindparam(None, sorted(values or ()), type_=ARRAY(sa.Text()))
