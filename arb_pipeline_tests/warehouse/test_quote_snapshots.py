"""Quote snapshots: exact book round trips, one row per side per instrument, idempotent
re-runs, the latest book per instrument, and COPY of a 10,000-row snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
import sqlalchemy as sa

from arb_pipeline.domain.models import KalshiOrderBook, OrderBook, PriceLevel, Venue
from arb_pipeline.venues import kalshi, polymarket
from arb_pipeline.warehouse import Warehouse, WarehouseDataError
from arb_pipeline.warehouse.quotes import read_latest_books, read_snapshot_books, read_snapshot_duplicate_rows, write_quote_snapshot
from arb_pipeline_tests.paths import FIXTURES

RECEIVED = datetime(2026, 1, 9, 23, 59, 58, 123456, tzinfo=UTC)
SNAPSHOT_TS = datetime(2026, 1, 10, 0, 0, tzinfo=UTC)


def _kalshi_books(received: datetime = RECEIVED) -> dict[str, KalshiOrderBook]:
    batch = orjson.loads((FIXTURES / "kalshi" / "orderbooks_batch.json").read_bytes())
    books = kalshi.parse_batch_orderbooks([(batch, received, "kalshi GET /markets/orderbooks")])
    for ticker, name in (("FED-23DEC-T3.00", "orderbook_legacy"), ("KXINXU-25JAN03H1600-B5912.5", "orderbook_fp_one_side")):
        body = orjson.loads((FIXTURES / "kalshi" / f"{name}.json").read_bytes())
        books[ticker] = kalshi.parse_orderbook(body, ticker, received, venue_ts=received - timedelta(milliseconds=40))
    return books


def _polymarket_books(received: datetime = RECEIVED) -> dict[str, OrderBook]:
    answer = orjson.loads((FIXTURES / "polymarket" / "clob_books.json").read_bytes())
    return polymarket.parse_books([(answer, received, "polymarket clob POST /books")])


def _row_count(warehouse: Warehouse) -> int:
    with warehouse.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(warehouse.tables.quote_snapshots)).scalar_one()


def _levels_text(levels: tuple[PriceLevel, ...]) -> list[tuple[str, str]]:
    return [(str(level.price), str(level.size)) for level in levels]


def test_real_books_come_back_exactly(warehouse: Warehouse) -> None:
    kalshi_books, polymarket_books = _kalshi_books(), _polymarket_books()
    assert (len(kalshi_books), len(polymarket_books)) == (5, 3)

    write_quote_snapshot(warehouse, "2026-01-10T00:00", SNAPSHOT_TS, kalshi_books, polymarket_books)

    latest = read_latest_books(warehouse)
    assert latest.kalshi == kalshi_books
    assert latest.polymarket == polymarket_books
    for ticker, book in kalshi_books.items():
        assert _levels_text(latest.kalshi[ticker].yes_bids) == _levels_text(book.yes_bids)
        assert _levels_text(latest.kalshi[ticker].no_bids) == _levels_text(book.no_bids)
    for token, book in polymarket_books.items():
        assert _levels_text(latest.polymarket[token].bids) == _levels_text(book.bids)
        assert _levels_text(latest.polymarket[token].asks) == _levels_text(book.asks)


def test_every_instrument_gets_a_bid_row_and_an_ask_row_with_the_best_level_first(warehouse: Warehouse) -> None:
    # Built without from_levels: levels in wire order, best LAST (docs/venues.md#polymarket-clob-books).
    token_book = OrderBook(
        venue=Venue.POLYMARKET,
        instrument_id="7132104567",
        bids=(PriceLevel(Decimal("0.01"), Decimal("5000")), PriceLevel(Decimal("0.45"), Decimal("100"))),
        asks=(PriceLevel(Decimal("0.99"), Decimal("4000")), PriceLevel(Decimal("0.46"), Decimal("150.5"))),
        received_ts=RECEIVED,
        market_id="0x5f65",
    )
    kalshi_book = KalshiOrderBook.from_levels(
        "KXNBAGAME-26JAN09MILLAL-MIL",
        [PriceLevel(Decimal("0.3700"), Decimal("500.00")), PriceLevel(Decimal("0.3800"), Decimal("1433.50"))],
        [PriceLevel(Decimal("0.6000"), Decimal("900.00")), PriceLevel(Decimal("0.6100"), Decimal("2210.00"))],
        received_ts=RECEIVED,
    )

    assert write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, [kalshi_book], [token_book]) == 6

    table = warehouse.tables.quote_snapshots
    with warehouse.engine.connect() as connection:
        rows = {
            (row.instrument_id, row.side): row
            for row in connection.execute(sa.select(table).where(table.c.snapshot_id == "s1"))
        }
    assert set(rows) == {
        ("KXNBAGAME-26JAN09MILLAL-MIL:yes", "bid"), ("KXNBAGAME-26JAN09MILLAL-MIL:yes", "ask"),
        ("KXNBAGAME-26JAN09MILLAL-MIL:no", "bid"), ("KXNBAGAME-26JAN09MILLAL-MIL:no", "ask"),
        ("7132104567", "bid"), ("7132104567", "ask"),
    }  # fmt: skip
    token_bid, token_ask = rows[("7132104567", "bid")], rows[("7132104567", "ask")]
    assert (token_bid.best_price, token_bid.best_size, token_bid.level_prices) == (
        Decimal("0.45"), Decimal("100"), [Decimal("0.45"), Decimal("0.01")]
    )  # fmt: skip
    assert (token_ask.best_price, token_ask.level_count, token_ask.depth) == (Decimal("0.46"), 2, Decimal("4150.5"))
    # Kalshi lists bids only: a YES ask at 1 - the best NO bid, a NO ask at 1 - the best YES bid.
    yes_ask, no_ask = rows[("KXNBAGAME-26JAN09MILLAL-MIL:yes", "ask")], rows[("KXNBAGAME-26JAN09MILLAL-MIL:no", "ask")]
    assert (yes_ask.best_price, yes_ask.best_size) == (Decimal("0.3900"), Decimal("2210.00"))
    assert (no_ask.best_price, no_ask.best_size) == (Decimal("0.6200"), Decimal("1433.50"))
    assert yes_ask.market_id == "KXNBAGAME-26JAN09MILLAL-MIL"
    assert (yes_ask.received_ts, yes_ask.snapshot_ts) == (RECEIVED, SNAPSHOT_TS)


def test_sizes_and_prices_of_any_magnitude_come_back_exactly(warehouse: Warehouse) -> None:
    levels = [
        PriceLevel(Decimal("0.0000001"), Decimal("1234567890123456789.12345678")),
        PriceLevel(Decimal("0.999"), Decimal("1E+3")),
        PriceLevel(Decimal("0.5"), Decimal("0.01")),
    ]
    book = OrderBook.from_levels(Venue.POLYMARKET, "42", levels, [], received_ts=RECEIVED, tick_size=Decimal("1E-4"))

    write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, [], [book])

    stored = read_latest_books(warehouse).polymarket["42"]
    assert stored == book
    assert [(level.price, level.size) for level in stored.bids] == [
        (Decimal("0.999"), Decimal("1000")),
        (Decimal("0.5"), Decimal("0.01")),
        (Decimal("0.0000001"), Decimal("1234567890123456789.12345678")),
    ]


def test_writing_the_same_snapshot_again_writes_nothing(warehouse: Warehouse) -> None:
    written = write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, _kalshi_books(), _polymarket_books())
    assert written == 4 * len(_kalshi_books()) + 2 * len(_polymarket_books())

    assert write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, _kalshi_books(), _polymarket_books()) == 0

    assert _row_count(warehouse) == written
    assert write_quote_snapshot(warehouse, "s2", SNAPSHOT_TS + timedelta(minutes=1), _kalshi_books(), []) == 4 * len(
        _kalshi_books()
    )


def _generated_kalshi_books(count: int) -> list[KalshiOrderBook]:
    books = []
    for i in range(count):
        cents = Decimal(1 + i % 97) / 100
        books.append(
            KalshiOrderBook.from_levels(
                f"KXGEN-26JAN10-T{i}",
                [PriceLevel(cents, Decimal(i % 500) + Decimal("0.25")), PriceLevel(cents / 2, Decimal(10))],
                [PriceLevel((1 - cents) / 2, Decimal(i))],
                received_ts=RECEIVED + timedelta(microseconds=i),
            )
        )
    return books


def test_a_10k_row_snapshot_goes_through_copy_once(warehouse: Warehouse) -> None:
    books = _generated_kalshi_books(2_500)

    assert write_quote_snapshot(warehouse, "big", SNAPSHOT_TS, books, []) == 10_000
    assert write_quote_snapshot(warehouse, "big", SNAPSHOT_TS, books, []) == 0

    assert _row_count(warehouse) == 10_000
    latest = read_latest_books(warehouse)
    assert latest.kalshi == {book.ticker: book for book in books}


def test_latest_books_are_the_last_received_and_stale_ones_are_left_out(warehouse: Warehouse) -> None:
    earlier, later = RECEIVED - timedelta(minutes=10), RECEIVED
    old_kalshi, old_polymarket = _kalshi_books(earlier), _polymarket_books(earlier)
    new_kalshi = {"FED-23DEC-T3.00": _kalshi_books(later)["FED-23DEC-T3.00"]}
    write_quote_snapshot(warehouse, "s1", earlier, old_kalshi, old_polymarket)
    write_quote_snapshot(warehouse, "s2", later, new_kalshi, [])

    everything = read_latest_books(warehouse)
    assert everything.kalshi == old_kalshi | new_kalshi
    assert everything.polymarket == old_polymarket

    fresh = read_latest_books(warehouse, max_age=timedelta(minutes=5), now=later + timedelta(seconds=30))
    assert fresh.kalshi == new_kalshi
    assert fresh.polymarket == {}


def test_one_bad_book_leaves_the_whole_snapshot_unwritten(warehouse: Warehouse) -> None:
    books = _generated_kalshi_books(5)

    with pytest.raises(WarehouseDataError, match="snapshot s1: kalshi book KXGEN-26JAN10-T0 is given twice"):
        with warehouse.session() as session:
            write_quote_snapshot(session, "s1", SNAPSHOT_TS, [*books, books[0]], [], batch_size=4)

    assert _row_count(warehouse) == 0


def test_a_kalshi_book_among_the_polymarket_books_is_refused(warehouse: Warehouse) -> None:
    misplaced = _kalshi_books()["FED-23DEC-T3.00"].yes_book

    with pytest.raises(WarehouseDataError, match="book FED-23DEC-T3.00:yes is a kalshi book among the Polymarket books"):
        write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, [], [misplaced])


def test_a_snapshot_time_without_a_timezone_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(WarehouseDataError, match="snapshot_ts must be timezone-aware"):
        write_quote_snapshot(warehouse, "s1", datetime(2026, 1, 10), _kalshi_books(), [])


def test_snapshot_books_are_exactly_the_books_one_snapshot_stored(warehouse: Warehouse) -> None:
    first_kalshi, first_polymarket = _kalshi_books(RECEIVED - timedelta(minutes=1)), _polymarket_books(RECEIVED - timedelta(minutes=1))
    second_kalshi = {"FED-23DEC-T3.00": _kalshi_books()["FED-23DEC-T3.00"]}
    write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS - timedelta(minutes=1), first_kalshi, first_polymarket)
    write_quote_snapshot(warehouse, "s2", SNAPSHOT_TS, second_kalshi, [])

    first, second = read_snapshot_books(warehouse, "s1"), read_snapshot_books(warehouse, "s2")

    assert (first.kalshi, first.polymarket) == (first_kalshi, first_polymarket)
    assert (second.kalshi, second.polymarket) == (second_kalshi, {})
    assert read_snapshot_books(warehouse, "never written").kalshi == {}


def test_duplicate_rows_are_counted_if_the_unique_key_is_ever_lost(warehouse: Warehouse) -> None:
    write_quote_snapshot(warehouse, "s1", SNAPSHOT_TS, _kalshi_books(), _polymarket_books())
    assert read_snapshot_duplicate_rows(warehouse, "s1") == 0

    table = warehouse.tables.quote_snapshots
    copied = [name for name in table.c.keys() if name != "quote_id"]
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql(f"ALTER TABLE {warehouse.schema}.quote_snapshots DROP CONSTRAINT quote_snapshots_side_key")
        connection.execute(
            sa.insert(table).from_select(
                copied, sa.select(*(table.c[name] for name in copied)).where(table.c.instrument_id.like("FED-23DEC-T3.00:%"))
            )
        )

    assert read_snapshot_duplicate_rows(warehouse, "s1") == 4
