"""``book_ticks`` rows as PostgreSQL COPY text, built in bulk: the stream writer's one table
with a row for every top of book that moved (docs/streamer.md#the-writer-process).

psycopg's ``write_row`` turns each value through its type's dumper, a Decimal and a datetime
made first for every price, size and time: at the streamer's rates that was most of the writer
process's CPU. Here a row is one f-string: a price or size is the text of the exact Decimal it
stands for, read from a cache by its tick or size unit; a time is its UTC second's text (cached)
and its microseconds; NULL is ``\\N``. Two row shapes are taken, in any mix:

* a top in ticks and size units, as ``StreamWriter.append_tops`` queues it: (key, venue,
  instrument id, market id, (best bid, its size, best ask, its size), venue ns, received ns);
* a row in :data:`~arb_pipeline.warehouse.stream.TICK_COLUMNS` order, money as Decimal or int,
  times as aware datetimes or epoch ns (``append_tick``, and rows read back from a spill file).

Every value stored is the one psycopg's dumpers stored: the same decimal text
(``str(price_of(ticks))``) and the same instant to the microsecond (``stream.as_time``).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.books import price_of, size_of
from arb_pipeline.domain.models import Venue

#: A top row's length (the other shape has one value per column, ten).
TOP_ROW_LENGTH = 7
_NULL = "\\N"
_VENUES = frozenset({Venue.KALSHI.value, Venue.POLYMARKET.value})
#: What COPY's text format reads as something else, and how it is written instead.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
#: Cached texts, each cache bounded: prices are at most 10,001 ticks, sizes and seconds recur.
_HELD = 1 << 16
_PRICE_TEXT: dict[int | None, str] = {None: _NULL}
_SIZE_TEXT: dict[int | None, str] = {None: _NULL}
_SECOND_TEXT: dict[int, str] = {}
_NAME_TEXT: dict[str | None, str] = {None: _NULL}


def _price(ticks: int) -> str:
    text = str(price_of(ticks))
    if len(_PRICE_TEXT) < _HELD:
        _PRICE_TEXT[ticks] = text
    return text


def _size(units: int) -> str:
    text = str(size_of(units))
    if len(_SIZE_TEXT) < _HELD:
        _SIZE_TEXT[units] = text
    return text


def _name(value: str) -> str:
    text = value.translate(_ESCAPES)
    if len(_NAME_TEXT) < _HELD:
        _NAME_TEXT[value] = text
    return text


def ns_text(ns: int) -> str:
    """Epoch nanoseconds as timestamptz text, truncated to the microsecond as ``stream.as_time``."""
    second, micro = divmod(ns // 1000, 1_000_000)
    prefix = _SECOND_TEXT.get(second)
    if prefix is None:
        if len(_SECOND_TEXT) >= _HELD:
            _SECOND_TEXT.clear()
        prefix = _SECOND_TEXT[second] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(second))
    return f"{prefix}.{micro:06d}+00"


def _value_text(value: Any) -> str:
    """A value of a row in column order: text, money, a time."""
    if value is None:
        return _NULL
    if type(value) is str:
        return value.translate(_ESCAPES)
    if type(value) is int or type(value) is Decimal:
        return str(value)
    if type(value) is datetime:
        return value.isoformat()
    raise TypeError(f"a book_ticks value cannot be {type(value).__name__}")


def _column_row_text(row: Sequence[Any]) -> str:
    key, venue, instrument_id, market_id, *money, venue_ts, received_ts = row
    times = [ns_text(value) if type(value) is int else _value_text(value) for value in (venue_ts, received_ts)]
    return "\t".join([_value_text(key), venue, _value_text(instrument_id), _value_text(market_id),
                      *map(_value_text, money), *times]) + "\n"  # fmt: skip


def tick_copy_text(rows: Sequence[Sequence[Any]]) -> bytes:
    """``rows`` (either shape, checked with :func:`top_problems` or ``stream.batch_problems``) as
    COPY text, one line each, in :data:`~arb_pipeline.warehouse.stream.TICK_COLUMNS` order."""
    prices, sizes, names = _PRICE_TEXT, _SIZE_TEXT, _NAME_TEXT
    lines = []
    append = lines.append
    for row in rows:
        if len(row) != TOP_ROW_LENGTH:
            append(_column_row_text(row))
            continue
        key, venue, instrument_id, market_id, (bid, bid_size, ask, ask_size), venue_ns, received_ns = row
        append(
            f"{key.translate(_ESCAPES)}\t{venue}\t{names.get(instrument_id) or _name(instrument_id)}\t{names.get(market_id) or _name(market_id)}\t"
            f"{prices.get(bid) or _price(bid)}\t{sizes.get(bid_size) or _size(bid_size)}\t"
            f"{prices.get(ask) or _price(ask)}\t{sizes.get(ask_size) or _size(ask_size)}\t"
            f"{_NULL if venue_ns is None else ns_text(venue_ns)}\t{ns_text(received_ns)}\n"
        )  # fmt: skip
    return "".join(lines).encode()


_INT_OR_NONE = frozenset({int, type(None)})


def _top_problem(row: Sequence[Any]) -> str | None:
    if not isinstance(row, tuple) or len(row) != TOP_ROW_LENGTH:
        return f"a top of book row must be a tuple of {TOP_ROW_LENGTH} values, not {row!r}"
    key, venue, instrument_id, market_id, top, venue_ns, received_ns = row
    if venue not in _VENUES:
        return f"book_ticks.venue {venue!r} is not one of {sorted(_VENUES)}"
    for name, value, required in (("tick_key", key, True), ("instrument_id", instrument_id, True), ("market_id", market_id, False)):
        if value is None and not required:
            continue
        if type(value) is not str:
            return f"book_ticks.{name} must be text, not {type(value).__name__}"
        if "\x00" in value:
            return f"book_ticks.{name} holds a NUL character"
    if not isinstance(top, tuple) or len(top) != 4 or not {type(value) for value in top} <= _INT_OR_NONE:
        return f"book_ticks top of book must be four ticks or size units (int or None), not {top!r}"
    if type(venue_ns) not in _INT_OR_NONE or type(received_ns) is not int:
        return "book_ticks times must be nanoseconds since the epoch (int; venue time may be None)"
    return None


def top_problems(rows: Sequence[Sequence[Any]]) -> list[tuple[int, str]]:
    """(position, problem) of every top row of ``rows`` that cannot be stored; empty when all can.
    Checked a column at a time first (sets of types built in C), row by row only when that
    finds something."""
    if rows and set(map(type, rows)) == {tuple} and set(map(len, rows)) == {TOP_ROW_LENGTH}:
        keys, venues, instruments, markets, tops, venue_times, received_times = zip(*rows, strict=True)
        texts = [*keys, *instruments, *filter(None, markets)]
        if (
            set(venues) <= _VENUES
            and set(map(type, texts)) == {str}
            and "\x00" not in "".join(texts)
            and set(map(type, tops)) == {tuple}
            and set(map(len, tops)) == {4}
            and set(map(type, itertools.chain.from_iterable(tops))) <= _INT_OR_NONE
            and set(map(type, venue_times)) <= _INT_OR_NONE
            and set(map(type, received_times)) == {int}
        ):
            return []
    return [(index, problem) for index, row in enumerate(rows) if (problem := _top_problem(row)) is not None]
