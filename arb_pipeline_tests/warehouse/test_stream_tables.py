"""The streamer's tables: rows checked before they are written, exact values through a spill
file and back, idempotent writes, and the reads the Dagster sensors make."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import pytest

from arb_pipeline.domain.models import MatchedPair, OpportunityKind, PairStatus, PairTransform
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, QuoteTimes, SpreadKey
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.pairs import write_pairs
from arb_pipeline.warehouse.stream import StreamCursor, StreamTable

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
T0_NS = int(T0.timestamp()) * 1_000_000_000 + 123_456_789


def tick(key: str, venue: str = "kalshi", instrument: str = "KXFED-26MAR-T4.00:yes", **changes: Any) -> tuple[Any, ...]:
    values = {
        "tick_key": key, "venue": venue, "instrument_id": instrument, "market_id": instrument.split(":")[0],
        "best_bid": Decimal("0.4512"), "best_bid_size": Decimal("120.5"), "best_ask": Decimal("0.47"),
        "best_ask_size": Decimal(3), "venue_ts": T0, "received_ts": T0_NS,
    }  # fmt: skip
    values.update(changes)
    return tuple(values[name] for name in stream.TICK_COLUMNS)


def depth(key: str, **changes: Any) -> tuple[Any, ...]:
    values = {
        "depth_key": key, "venue": "polymarket", "instrument_id": "7133", "market_id": "0xabc",
        "bid_prices": [Decimal("0.45"), Decimal("0.44")], "bid_sizes": [Decimal(10), Decimal("2.5")],
        "ask_prices": [Decimal("0.47")], "ask_sizes": [Decimal("1E+3")], "venue_ts": None, "received_ts": T0,
        "taken_at": T0 + timedelta(seconds=1),
    }  # fmt: skip
    values.update(changes)
    return tuple(values[name] for name in stream.DEPTH_COLUMNS)


def health(key: str, **changes: Any) -> tuple[Any, ...]:
    values = {
        "health_key": key, "venue": "polymarket", "period_start": T0, "period_end": T0 + timedelta(seconds=15),
        "messages": 5000, "decode_errors": 1, "decode_errors_by_kind": {"bad_json": 1}, "gaps": 0, "reconnects": 1,
        "resyncs": 1, "live_books": 380, "stale_books": 0, "max_staleness_s": Decimal("2.5"), "connected": True,
    }  # fmt: skip
    values.update(changes)
    return tuple(values[name] for name in stream.HEALTH_COLUMNS)


def opportunity_event(
    key: str, ticker: str = "KXFED-26MAR-T4.00", event_type: EventType = EventType.OPEN, market: str = "512345"
) -> OpportunityEvent:
    return OpportunityEvent(
        event_key=key,
        event_type=event_type,
        key=SpreadKey(OpportunityKind.CROSS_VENUE, ticker, market, "yes", "7134"),
        kalshi_tickers=(ticker,),
        contracts=Decimal(40),
        kalshi_avg_price=Decimal("0.41"),
        polymarket_avg_price=Decimal("0.5375"),
        kalshi_fee=Decimal("0.68"),
        polymarket_fee=Decimal("0.0123"),
        cost=Decimal("38.1923"),
        net_profit=Decimal("1.8077"),
        edge_per_contract=Decimal("0.0451925"),
        days_to_resolution=Decimal("12.500001"),
        apy=Decimal("1.382"),
        opened_at=T0,
        evaluated_at=T0 + timedelta(seconds=3),
        times=QuoteTimes(polymarket_received_ts=T0),
        lifetime=timedelta(seconds=3, microseconds=1) if event_type is EventType.CLOSE else None,
        reason="no edge" if event_type is EventType.CLOSE else None,
    )


@pytest.mark.parametrize(
    ("table", "row", "problem"),
    [
        (StreamTable.BOOK_TICKS, tick("k")[:-1], "book_ticks row has 9 values, expected 10"),
        (StreamTable.BOOK_TICKS, tick("k", best_bid=0.45), "book_ticks.best_bid must be a Decimal or int, not float 0.45"),
        (StreamTable.BOOK_TICKS, tick("k", best_ask=Decimal("NaN")), "book_ticks.best_ask is NaN, not a finite number"),
        (StreamTable.BOOK_TICKS, tick("k", best_ask_size=True), "book_ticks.best_ask_size must be a Decimal or int, not bool"),
        (StreamTable.BOOK_TICKS, tick("k", received_ts=None), "book_ticks.received_ts is missing"),
        (StreamTable.BOOK_TICKS, tick("k", venue_ts=datetime(2026, 3, 2)), "book_ticks.venue_ts is a naive time"),
        (StreamTable.BOOK_TICKS, tick("k", received_ts="2026-03-02"), "book_ticks.received_ts must be an aware datetime"),
        (StreamTable.BOOK_TICKS, tick("k", venue="odds_api"), "book_ticks.venue 'odds_api' is not one of"),
        (StreamTable.BOOK_TICKS, tick("k", instrument="KX\x00:yes"), "book_ticks.instrument_id holds a NUL character"),
        (StreamTable.BOOK_DEPTH_SNAPSHOTS, depth("d", ask_sizes=[]), "prices and sizes are not aligned"),
        (StreamTable.BOOK_DEPTH_SNAPSHOTS, depth("d", bid_sizes=[1.5, Decimal(1)]), "bid_sizes must be a list of finite Decimals"),
        (StreamTable.STREAM_HEALTH, health("h", period_end=T0 - timedelta(seconds=1)), "period_end is before period_start"),
        (StreamTable.STREAM_HEALTH, health("h", messages=1.0), "stream_health.messages must be an int, not float"),
        (StreamTable.STREAM_HEALTH, health("h", connected=1), "stream_health.connected must be a bool, not int"),
        (
            StreamTable.OPPORTUNITY_EVENTS,
            stream.event_row(opportunity_event("e"))[:20] + (Decimal(3),) + stream.event_row(opportunity_event("e"))[21:],
            "a lifetime goes with close events and only with them",
        ),
    ],
)
def test_a_row_that_cannot_be_stored_is_named_with_its_problem(table: StreamTable, row: tuple, problem: str) -> None:
    found = stream.row_problem(table, row)
    assert found is not None and problem in found
    good = {
        StreamTable.BOOK_TICKS: tick("g"),
        StreamTable.BOOK_DEPTH_SNAPSHOTS: depth("g"),
        StreamTable.STREAM_HEALTH: health("g"),
        StreamTable.OPPORTUNITY_EVENTS: stream.event_row(opportunity_event("g")),
    }[table]
    assert stream.row_problem(table, good) is None
    # The column-wise check of a batch finds the same row among good ones.
    assert [index for index, _ in stream.batch_problems(table, [good, row, good])] == [1]
    assert stream.batch_problems(table, [good, good]) == []


@pytest.mark.parametrize(
    ("table", "row"),
    [
        (StreamTable.BOOK_TICKS, tick("k")),
        (StreamTable.BOOK_DEPTH_SNAPSHOTS, depth("d")),
        (StreamTable.STREAM_HEALTH, health("h")),
        (StreamTable.OPPORTUNITY_EVENTS, stream.event_row(opportunity_event("e", event_type=EventType.CLOSE))),
    ],
)
def test_a_spilled_row_comes_back_exactly(table: StreamTable, row: tuple) -> None:
    line = orjson.dumps(stream.encode_row(table, row))
    assert b"0.45" in line or b"38.1923" in line or b"2.5" in line
    assert stream.decode_row(table, orjson.loads(line)) == row


def test_writes_are_idempotent_and_exact(warehouse: Warehouse) -> None:
    ticks = [tick("a"), tick("b", venue="polymarket", instrument="7133", best_bid=None, best_bid_size=None)]
    with warehouse.transaction() as connection:
        assert stream.insert_rows(connection, StreamTable.BOOK_TICKS, ticks, schema=warehouse.schema) == 2
        assert stream.insert_rows(connection, StreamTable.BOOK_TICKS, ticks, schema=warehouse.schema) == 0
        events = [opportunity_event("e1"), opportunity_event("e2", event_type=EventType.CLOSE)]
        rows = [stream.event_row(event) for event in events]
        assert stream.insert_rows(connection, StreamTable.OPPORTUNITY_EVENTS, rows, schema=warehouse.schema) == 2
        assert stream.insert_rows(connection, StreamTable.OPPORTUNITY_EVENTS, rows, schema=warehouse.schema) == 0
        stored = stream.load_book_ticks(connection, schema=warehouse.schema)
        assert stream.load_opportunity_events(connection, schema=warehouse.schema) == events
    assert [t.tick_key for t in stored] == ["a", "b"]
    assert stored[0].best_bid == Decimal("0.4512") and stored[0].best_bid_size == Decimal("120.5")
    assert stored[0].received_ts == T0 + timedelta(microseconds=123_456) and stored[0].venue_ts == T0
    assert stored[1].best_bid is None


def _pair(ticker: str, market: str, yes: str, no: str, status: PairStatus = PairStatus.APPROVED, basket: tuple = ()) -> MatchedPair:
    return MatchedPair(
        kalshi_ticker=ticker, polymarket_market_id=market, polymarket_yes_token=yes, polymarket_no_token=no,
        confidence=0.95, status=status, reasons=("test",),
        transform=PairTransform.SUM if basket else PairTransform.IDENTITY, kalshi_tickers=basket,
    )  # fmt: skip


def test_the_sensor_reads_high_water_marks_last_writes_and_the_pairs_that_changed(warehouse: Warehouse) -> None:
    write_pairs(warehouse, 
        [
            _pair("KXA", "100", "a-yes", "a-no"),
            _pair("KXB", "200", "b-yes", "b-no"),
            _pair("KXC-B1", "300", "c-yes", "c-no", basket=("KXC-B1", "KXC-B2")),
            _pair("KXD", "400", "d-yes", "d-no"),
            _pair("KXE", "500", "e-yes", "e-no"),
            _pair("KXR", "900", "r-yes", "r-no", status=PairStatus.REVIEW),
        ]
    )
    with warehouse.transaction() as connection:
        assert stream.high_water(connection, schema=warehouse.schema) == StreamCursor(0, 0)
        assert set(stream.last_writes(connection, schema=warehouse.schema).values()) == {None}
        before = stream.high_water(connection, schema=warehouse.schema)
        stream.insert_rows(connection, StreamTable.BOOK_TICKS, [tick("t1", instrument="KXA:no")], schema=warehouse.schema)
    with warehouse.transaction() as connection:
        middle = stream.high_water(connection, schema=warehouse.schema)
        stream.insert_rows(
            connection,
            StreamTable.BOOK_TICKS,
            [
                tick("t2", venue="polymarket", instrument="b-no"),
                tick("t3", instrument="KXC-B2:yes"),
                tick("t4", instrument="KXR:yes"),
                tick("t5", venue="polymarket", instrument="unpaired-token"),
            ],
            schema=warehouse.schema,
        )
        stream.insert_rows(
            connection, StreamTable.OPPORTUNITY_EVENTS, [stream.event_row(opportunity_event("e1", ticker="KXD", market="400"))],
            schema=warehouse.schema,
        )  # fmt: skip
        stream.insert_rows(connection, StreamTable.STREAM_HEALTH, [health("h1")], schema=warehouse.schema)
    with warehouse.transaction() as connection:
        after = stream.high_water(connection, schema=warehouse.schema)
        writes = stream.last_writes(connection, schema=warehouse.schema)
        assert stream.pairs_changed(connection, before, middle, schema=warehouse.schema) == [("KXA", "100")]
        assert stream.pairs_changed(connection, middle, after, schema=warehouse.schema) == [
            ("KXB", "200"), ("KXC-B1", "300"), ("KXD", "400"),
        ]  # fmt: skip
        assert stream.pairs_changed(connection, after, after, schema=warehouse.schema) == []
    assert (middle.tick_id, after.tick_id - middle.tick_id, after.event_id) == (1, 4, 1)
    assert after.covers(middle) and not middle.covers(after)
    assert writes[StreamTable.BOOK_DEPTH_SNAPSHOTS] is None
    ticks_written, health_written = writes[StreamTable.BOOK_TICKS], writes[StreamTable.STREAM_HEALTH]
    assert ticks_written is not None and health_written is not None
    assert (ticks_written.row_id, health_written.row_id) == (after.tick_id, 1)
    assert health_written.written_at == ticks_written.written_at  # one transaction
    assert abs(ticks_written.written_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_nanosecond_times_become_the_exact_microsecond() -> None:
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    rng = random.Random(9)
    samples = [rng.randrange(10**18, 4 * 10**18) for _ in range(20_000)]
    samples += [T0_NS, 1_700_000_000_999_999_999, 4_102_444_799_999_999_000]  # up to 2099-12-31T23:59:59.999999
    assert [stream.as_time(ns) for ns in samples] == [epoch + timedelta(microseconds=ns // 1000) for ns in samples]
    assert stream.as_time(T0) is T0
