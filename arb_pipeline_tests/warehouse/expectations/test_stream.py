"""The streamer's suites: ticks, depth snapshots, opportunity events and health rows as the
streamer writes them pass; a crossed or out-of-range tick, a tick from the future or reported late
by its venue, a depth snapshot with a level out of range, out of order or empty, crossed or taken
in the future, an event whose money does not add up and a health row with a negative count or
from the future fail, named by row."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from arb_pipeline.domain.opportunity_events import EventType
from arb_pipeline.warehouse import Warehouse, stream
from arb_pipeline.warehouse.expectations.quotes import QuoteLimits
from arb_pipeline.warehouse.expectations.stream import (
    depth_frame,
    events_frame,
    health_frame,
    ticks_frame,
    validate_depth,
    validate_events,
    validate_health,
    validate_ticks,
)
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline_tests.warehouse.test_stream_tables import T0, depth, health, opportunity_event, tick

NOW = T0 + timedelta(seconds=10)
LIMITS = QuoteLimits(max_age_s=30, max_clock_skew_s=5)


@pytest.fixture
def streamed(warehouse: Warehouse) -> Warehouse:
    ticks = [tick("a"), tick("b", venue="polymarket", instrument="7133", best_bid=None, best_bid_size=None), tick("c")]
    events = [opportunity_event("e1"), opportunity_event("e2", event_type=EventType.CLOSE)]
    rows = {
        StreamTable.BOOK_TICKS: ticks,
        StreamTable.OPPORTUNITY_EVENTS: [stream.event_row(event) for event in events],
        StreamTable.STREAM_HEALTH: [health("h1"), health("h2", venue="kalshi")],
        StreamTable.BOOK_DEPTH_SNAPSHOTS: [depth("d1"), depth("d2", venue="kalshi", instrument_id="KXFED-26MAR-T4.00:yes"),
                                           depth("d3", ask_prices=[], ask_sizes=[])],
    }
    with warehouse.transaction() as connection:
        for table, written in rows.items():
            assert stream.insert_rows(connection, table, written, schema=warehouse.schema) == len(written)
    return warehouse


def _execute(warehouse: Warehouse, sql: str) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)))


def _keys(result, rule: str, key: str) -> list[str]:
    return [row[key] for row in result.failing_keys(rule)]


def test_rows_as_the_streamer_writes_them_pass(streamed: Warehouse):
    for frame, validate, rows in (
        (ticks_frame(streamed, NOW), validate_ticks, 3),
        (events_frame(streamed, NOW), validate_events, 2),
        (health_frame(streamed, NOW), validate_health, 2),
        (depth_frame(streamed, NOW), validate_depth, 3),
    ):
        result = validate(frame, LIMITS)
        assert result.success, result.failures
        assert result.rows == rows


def test_only_the_newest_rows_are_read(streamed: Warehouse):
    assert ticks_frame(streamed, NOW, limit=2)["tick_key"].tolist() == ["b", "c"]


def test_a_bad_tick_fails_naming_it(streamed: Warehouse):
    _execute(streamed, "update {schema}.book_ticks set best_bid = 0.5, best_ask = 1.2 where tick_key = 'a'")
    _execute(streamed, "update {schema}.book_ticks set best_ask_size = 0 where tick_key = 'b'")
    _execute(streamed, "update {schema}.book_ticks set received_ts = received_ts + interval '1 hour' where tick_key = 'c'")
    result = validate_ticks(ticks_frame(streamed, NOW), LIMITS)
    assert not result.success
    assert _keys(result, "best ask in [0, 1]", "tick_key") == ["a"]
    assert _keys(result, "best ask size > 0", "tick_key") == ["b"]
    assert _keys(result, "received no later than now (+5 s of clock skew)", "tick_key") == ["c"]
    # Received an hour after the venue's time: a change reported late.
    assert _keys(result, "venue time at most 30 s before our receipt", "tick_key") == ["c"]
    _execute(streamed, "update {schema}.book_ticks set best_ask = 0.45 where tick_key = 'a'")
    crossed = validate_ticks(ticks_frame(streamed, NOW), LIMITS)
    assert _keys(crossed, "no crossed book: best bid below best ask", "tick_key") == ["a"]


def test_a_duplicated_tick_key_breaks_uniqueness(streamed: Warehouse):
    # The table's unique constraint refuses it, so it is seeded in the frame the suite reads.
    frame = ticks_frame(streamed, NOW)
    result = validate_ticks(pd.concat([frame, frame.iloc[[0]]], ignore_index=True), LIMITS)
    assert _keys(result, "one row per tick key", "tick_key") == ["a", "a"]


def test_an_event_whose_money_does_not_add_up_fails_naming_it(streamed: Warehouse):
    _execute(streamed, "update {schema}.opportunity_events set net_profit = net_profit + 0.01, kalshi_fee = -0.01 where event_key = 'e2'")
    _execute(streamed, "update {schema}.opportunity_events set evaluated_at = opened_at - interval '1 second' where event_key = 'e1'")
    result = validate_events(events_frame(streamed, NOW), LIMITS)
    assert not result.success
    assert _keys(result, "cost + net profit = contracts, exactly", "event_key") == ["e2"]
    assert result.failing_keys("cost + net profit = contracts, exactly")[0]["arithmetic_residual"] == 0.01
    assert _keys(result, "kalshi fee >= 0", "event_key") == ["e2"]
    assert _keys(result, "evaluated no earlier than the opportunity opened", "event_key") == ["e1"]
    assert len(result.failures) == 3


def test_a_bad_health_row_fails_naming_it(streamed: Warehouse):
    _execute(streamed, "update {schema}.stream_health set gaps = -1 where health_key = 'h1'")
    _execute(
        streamed, "update {schema}.stream_health set period_start = period_start + interval '1 hour', "
        "period_end = period_end + interval '1 hour' where health_key = 'h2'",
    )  # fmt: skip
    result = validate_health(health_frame(streamed, NOW), LIMITS)
    assert _keys(result, "gaps >= 0", "health_key") == ["h1"]
    assert _keys(result, "period ends no later than now (+5 s of clock skew)", "health_key") == ["h2"]
    assert len(result.failures) == 2
    # The table's check constraint refuses a period that ends before it starts; seeded in the frame.
    frame = health_frame(streamed, NOW)
    frame.loc[0, "period_length_s"] = -1.0
    backwards = validate_health(frame, LIMITS)
    assert _keys(backwards, "a period ends no earlier than it starts", "health_key") == ["h1"]


def test_a_bad_depth_snapshot_fails_naming_it(streamed: Warehouse):
    _execute(streamed, "update {schema}.book_depth_snapshots set bid_prices = '{{0.45, 0.46}}', ask_prices = '{{1.2}}' where depth_key = 'd1'")
    _execute(streamed, "update {schema}.book_depth_snapshots set bid_sizes = '{{10, 0}}' where depth_key = 'd2'")
    _execute(streamed, "update {schema}.book_depth_snapshots set taken_at = taken_at + interval '1 hour', "
                       "received_ts = received_ts + interval '1 hour' where depth_key = 'd3'")  # fmt: skip
    result = validate_depth(depth_frame(streamed, NOW), LIMITS)
    assert not result.success
    assert _keys(result, "every level's price <= 1", "depth_key") == ["d1"]
    assert _keys(result, "bids best (highest) first, one level per price", "depth_key") == ["d1"]
    assert _keys(result, "every level's size > 0", "depth_key") == ["d2"]
    assert _keys(result, "taken no later than now (+5 s of clock skew)", "depth_key") == ["d3"]
    assert len(result.failures) == 4
    _execute(streamed, "update {schema}.book_depth_snapshots set bid_prices = '{{0.48, 0.44}}', ask_prices = '{{0.47}}' where depth_key = 'd1'")
    crossed = validate_depth(depth_frame(streamed, NOW), LIMITS)
    assert _keys(crossed, "no crossed book: best bid below best ask", "depth_key") == ["d1"]
    assert crossed.failing_keys("no crossed book: best bid below best ask")[0]["best_bid"] == 0.48


def test_a_depth_snapshot_of_a_book_received_late_or_reported_late_fails(streamed: Warehouse):
    # Received after the snapshot was taken, and the venue's time long before our receipt.
    _execute(streamed, "update {schema}.book_depth_snapshots set received_ts = taken_at + interval '1 minute', "
                       "venue_ts = taken_at - interval '1 minute' where depth_key = 'd2'")  # fmt: skip
    result = validate_depth(depth_frame(streamed, NOW), LIMITS)
    assert _keys(result, "the book was received no later than the snapshot was taken (+5 s)", "depth_key") == ["d2"]
    assert _keys(result, "venue time at most 30 s before our receipt", "depth_key") == ["d2"]
    frame = depth_frame(streamed, NOW)
    duplicated = validate_depth(pd.concat([frame, frame.iloc[[0]]], ignore_index=True), LIMITS)
    assert _keys(duplicated, "one row per depth key", "depth_key") == ["d1", "d1"]
