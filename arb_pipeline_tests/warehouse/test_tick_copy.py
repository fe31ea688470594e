"""book_ticks rows as COPY text built in bulk (``warehouse.tick_copy``): on a real PostgreSQL,
every value stored is the one psycopg's own dumpers stored for the same row, in both row shapes;
a first try goes straight into the table, a retry skips the keys already stored; a top row that
cannot be stored is named."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from arb_pipeline.domain.books import price_of, size_of
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.tick_copy import ns_text, top_problems

NOW_NS = 1_796_000_000_123_456_999
TOPS = [
    (4512, 100_500_000, 4613, 12_500_000),
    (None, None, 10_000, 1),  # no bid; an ask of $1 for one millionth of a contract
    (1, 10_000_000, None, None),  # 1E+1 contracts as size_of gives them
    (9999, 999_999, 5000, 123_456_789_000),
]
#: Characters COPY's text format reads as something else.
AWKWARD = "odd\tid\\with\nbreaks\r"


def _top_rows(prefix: str) -> list[tuple]:
    rows = [
        (f"{prefix}-{n}", "kalshi" if n % 2 else "polymarket", f"KXTEST-{n}:yes", f"KXTEST-{n}" if n else None, top,
         None if n == 1 else NOW_NS - n * 1_000_999, NOW_NS + n)
        for n, top in enumerate(TOPS)
    ]  # fmt: skip
    rows.append((f"{prefix}-9", "kalshi", AWKWARD, AWKWARD, TOPS[0], NOW_NS, NOW_NS))
    return rows


def _decimal_row(row: tuple, prefix: str) -> tuple:
    """The same row in column order, as psycopg's dumpers take it."""
    key, venue, instrument, market, top, venue_ns, received_ns = row
    prices = [None if value is None else (price_of if i % 2 == 0 else size_of)(value) for i, value in enumerate(top)]
    times = [None if value is None else stream.as_time(value) for value in (venue_ns, received_ns)]
    return (key.replace("top", prefix), venue, instrument, market, *prices, *times)


def _stored(warehouse: Warehouse) -> dict[str, tuple]:
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
    return {t.tick_key: tuple(t)[1:] for t in ticks}


def test_a_row_in_either_shape_is_stored_as_psycopgs_dumpers_store_it(warehouse: Warehouse) -> None:
    tops = _top_rows("top")
    # The column-order shape through the text too, and with a datetime venue time.
    columns = [_decimal_row(row, "text") for row in tops]
    columns.append(("text-8", "kalshi", "KX:no", None, Decimal("0.5"), Decimal(7), None, None,
                    datetime(2026, 3, 2, 15, 0, 0, 250, tzinfo=timedelta_zone(-5)), NOW_NS))  # fmt: skip
    by_dumpers = [_decimal_row(row, "dumped") for row in tops] + [("dumped-8", *columns[-1][1:])]
    assert top_problems(tops) == []
    assert stream.batch_problems(stream.StreamTable.BOOK_TICKS, columns) == []
    with warehouse.transaction() as connection:
        assert stream.insert_ticks(connection, tops + columns, schema=warehouse.schema, fresh=True) == len(tops + columns)
        stream.insert_rows(connection, stream.StreamTable.BOOK_TICKS, by_dumpers, schema=warehouse.schema)
    stored = _stored(warehouse)
    for n in [*range(len(TOPS)), 9]:
        assert stored[f"top-{n}"][1:] == stored[f"text-{n}"][1:] == stored[f"dumped-{n}"][1:]
    assert stored["text-8"][1:] == stored["dumped-8"][1:]
    assert stored["text-8"][8] == datetime(2026, 3, 2, 20, 0, 0, 250, tzinfo=UTC)
    assert stored["top-0"][4:8] == (Decimal("0.4512"), Decimal("100.5"), Decimal("0.4613"), Decimal("12.5"))
    assert stored["top-2"][5] == 10 and stored["top-1"][7] == Decimal("0.000001")
    assert stored["top-9"][2:4] == (AWKWARD, AWKWARD)
    # Truncated to the microsecond, as stream.as_time (999 ns dropped, not rounded up).
    assert stored["top-0"][9] == datetime.fromtimestamp(1_796_000_000, UTC) + timedelta(microseconds=123_456)


def test_a_top_rows_key_is_stored_as_it_is_whatever_characters_it_holds(warehouse: Warehouse) -> None:
    row = (f"top-{AWKWARD}", "polymarket", "KXTEST-k:yes", None, TOPS[0], NOW_NS, NOW_NS)
    assert top_problems([row]) == []
    with warehouse.transaction() as connection:
        assert stream.insert_ticks(connection, [row], schema=warehouse.schema, fresh=True) == 1
    assert list(_stored(warehouse)) == [f"top-{AWKWARD}"]


def timedelta_zone(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


def test_a_retry_through_the_merge_skips_the_keys_a_first_try_stored(warehouse: Warehouse) -> None:
    rows = _top_rows("top")
    with warehouse.transaction() as connection:
        assert stream.insert_ticks(connection, rows[:3], schema=warehouse.schema, fresh=True) == 3
    with warehouse.transaction() as connection:
        assert stream.insert_ticks(connection, rows, schema=warehouse.schema) == len(rows) - 3
    assert sorted(_stored(warehouse)) == sorted(row[0] for row in rows)


def test_times_are_utc_text_to_the_microsecond() -> None:
    assert ns_text(NOW_NS) == "2026-11-30 00:53:20.123456+00"
    now = time.time_ns()
    assert ns_text(now) == stream.as_time(now).strftime("%Y-%m-%d %H:%M:%S.%f+00")
    assert ns_text(1_000) == "1970-01-01 00:00:00.000001+00"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({1: "binance"}, "'binance' is not one of"),
        ({2: None}, "instrument_id must be text"),
        ({3: "M\x00"}, "market_id holds a NUL character"),
        ({4: (Decimal("0.45"), None, None, None)}, "four ticks or size units"),
        ({6: None}, "nanoseconds since the epoch"),
    ],
)
def test_a_top_row_that_cannot_be_stored_is_named(change: dict[int, object], problem: str) -> None:
    rows = _top_rows("top")
    bad = list(rows[1])
    for index, value in change.items():
        bad[index] = value
    rows[1] = tuple(bad)
    (found,) = top_problems(rows)
    assert found[0] == 1 and problem in found[1]
