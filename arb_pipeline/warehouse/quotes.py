"""The quote_snapshots table: every book of a snapshot written as one bid row and one ask row per
instrument, and books read back, per snapshot or the latest of each instrument."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Row

from arb_pipeline.domain.models import ZERO, BookSide, KalshiOrderBook, OrderBook, PriceLevel, Venue
from arb_pipeline.domain.scan_shards import QuoteInstruments
from arb_pipeline.warehouse.bulk import (
    COPY_BATCH_ROWS,
    WarehouseDataError,
    aware,
    copy_merge,
    insert_new,
    numeric_array,
    text_array,
)
from arb_pipeline.warehouse.store import Db, opened

T = TypeVar("T")

_QUOTE_COLUMNS = (
    "snapshot_id", "snapshot_ts", "venue", "market_id", "instrument_id", "side", "level_prices",
    "level_sizes", "best_price", "best_size", "level_count", "depth", "venue_ts", "received_ts",
    "tick_size", "min_order_size", "book_hash",
)  # fmt: skip
_BY_PRICE = attrgetter("price")
# OrderBook fields each side's row holds under their own name, as they are.
_BOOK_AS_STORED = ("received_ts", "venue_ts", "market_id", "tick_size", "min_order_size", "book_hash")


def _side_row(snapshot_id: str, snapshot_ts: datetime, book: OrderBook, side: BookSide) -> tuple[Any, ...]:
    bids = side is BookSide.BID
    # Stored best first whatever order the book holds, so SQL can read level_prices[1]; the best
    # comes from max/min, never from list order (docs/architecture.md#prices-books-and-ticks).
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
        numeric_array(level.price for level in levels),
        numeric_array(sizes),
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



def write_quote_snapshot(
    db: Db,
    snapshot_id: str,
    snapshot_ts: datetime,
    kalshi_books: Iterable[KalshiOrderBook] | Mapping[str, KalshiOrderBook],
    polymarket_books: Iterable[OrderBook] | Mapping[str, OrderBook],
    *,
    batch_size: int = COPY_BATCH_ROWS,
) -> int:
    """Store one snapshot of books: for every instrument (Kalshi ``TICKER:yes`` and
    ``TICKER:no``, Polymarket tokens) a bid row and an ask row. Returns the rows written;
    writing the same snapshot again writes none."""
    if not snapshot_id:
        raise WarehouseDataError("snapshot_id must be a non-empty string")
    snapshot_ts = aware(snapshot_ts, "snapshot_ts")
    rows = _snapshot_rows(snapshot_id, snapshot_ts, _values(kalshi_books), _values(polymarket_books))
    with opened(db) as session:
        target = session.tables.quote_snapshots
        merge = insert_new(target, _QUOTE_COLUMNS)
        return copy_merge(session.connection, target, _QUOTE_COLUMNS, rows, [merge], batch_size)[0]


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
            **{name: getattr(bid, name) for name in _BOOK_AS_STORED},
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


def read_latest_books(db: Db, max_age: timedelta | None = None, *, now: datetime | None = None) -> StoredBooks:
    """The latest book of every instrument: the one received last, whatever snapshot carried
    it. With ``max_age``, instruments whose latest book was received more than ``max_age``
    before ``now`` (default the current time) are left out: stale quotes are never
    opportunities (docs/architecture.md#quote-times). Pass the quote-age threshold: only then is
    the read limited to recent rows; without it every snapshot ever stored is ranked."""
    with opened(db) as session:
        table = session.tables.quote_snapshots
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
            candidates = candidates.where(table.c.received_ts >= aware(now, "now") - max_age)
        ranked = candidates.subquery("ranked")
        return _books_from_rows(session.connection.execute(sa.select(ranked).where(ranked.c.recency == 1)))


def read_snapshot_books(db: Db, snapshot_id: str, instruments: QuoteInstruments | None = None) -> StoredBooks:
    """Every book stored in one snapshot: what the spreads of that snapshot are computed on. Given
    a scan shard's ``instruments``, only those books."""
    with opened(db) as session:
        table = session.tables.quote_snapshots
        query = sa.select(table).where(table.c.snapshot_id == snapshot_id, _book_rows(table))
        if instruments is not None:
            query = query.where(instrument_rows(table, instruments))
        return _books_from_rows(session.connection.execute(query))


def instrument_rows(table: sa.Table, instruments: QuoteInstruments) -> sa.ColumnElement[bool]:
    """Snapshot rows of a scan shard's ``instruments``: every side of its Kalshi markets, and its
    Polymarket tokens."""
    kalshi = sa.and_(
        table.c.venue == Venue.KALSHI.value, table.c.market_id == sa.any_(text_array(instruments.kalshi_tickers))
    )
    polymarket = sa.and_(
        table.c.venue == Venue.POLYMARKET.value, table.c.instrument_id == sa.any_(text_array(instruments.polymarket_tokens))
    )
    return sa.or_(kalshi, polymarket)


def read_snapshot_start(db: Db, snapshot_id: str) -> datetime | None:
    """When ``snapshot_id`` started (its earliest ``snapshot_ts``), or None before any book of it
    is stored: the shards of one scan write one snapshot and share its start."""
    with opened(db) as session:
        table = session.tables.quote_snapshots
        query = sa.select(sa.func.min(table.c.snapshot_ts)).where(table.c.snapshot_id == snapshot_id)
        return session.connection.execute(query).scalar_one()


def read_snapshot_duplicate_rows(db: Db, snapshot_id: str) -> int:
    """Rows beyond the first of any instrument side in one snapshot: 0 unless the table's unique
    key was lost, which a data-quality check should say loudly."""
    with opened(db) as session:
        table = session.tables.quote_snapshots
        per_side = (
            sa.select(sa.func.count().label("rows"))
            .where(table.c.snapshot_id == snapshot_id)
            .group_by(table.c.venue, table.c.instrument_id, table.c.side)
            .subquery()
        )
        return session.connection.execute(sa.select(sa.func.coalesce(sa.func.sum(per_side.c.rows - 1), 0))).scalar_one()
