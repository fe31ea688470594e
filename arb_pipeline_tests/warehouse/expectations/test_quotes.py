"""The quote-snapshot suites: a stored snapshot passes; a bad row, a crossed book or a book whose
times cannot be trusted fails the rule it breaks, naming the instrument."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pandas as pd
import pytest

from arb_pipeline.domain.models import KalshiOrderBook, OrderBook, PriceLevel, Venue
from arb_pipeline.domain.scan_shards import QuoteInstruments
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.quotes import (
    QuoteLimits,
    books_frame,
    snapshot_frame,
    validate_quote_snapshot,
    validate_quote_venue_times,
)
from arb_pipeline.warehouse.quotes import write_quote_snapshot

NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)
LIMITS = QuoteLimits(max_age_s=30, max_clock_skew_s=5)
TICKER = "KXNBAGAME-26JAN09MILLAL-MIL"
CROSSED = "no crossed book: best bid below best ask"


def _kalshi(yes_bid: str = "0.42", no_bid: str = "0.54", received: datetime = NOW) -> KalshiOrderBook:
    return KalshiOrderBook.from_levels(
        TICKER,
        [PriceLevel(Decimal(yes_bid), Decimal("13")), PriceLevel(Decimal("0.40"), Decimal("100"))],
        [PriceLevel(Decimal(no_bid), Decimal("20"))],
        received_ts=received,
    )


def _token(token: str = "1034", bid: str = "0.45", ask: str = "0.46", received: datetime = NOW, venue_ts: datetime | None = None) -> OrderBook:
    return OrderBook.from_levels(
        Venue.POLYMARKET,
        token,
        [PriceLevel(Decimal(bid), Decimal("100"))],
        [PriceLevel(Decimal(ask), Decimal("150"))],
        received,
        venue_ts=venue_ts,
    )


def _validate(warehouse: Warehouse, snapshot_id: str, rows: pd.DataFrame | None = None):
    rows = snapshot_frame(warehouse, snapshot_id, NOW + timedelta(seconds=2)) if rows is None else rows
    return validate_quote_snapshot(rows, books_frame(warehouse, snapshot_id), LIMITS)


def _instruments(result, rule: str) -> list[str]:
    return [row["instrument_id"] for row in result.failing_keys(rule)]


def test_a_stored_snapshot_meets_the_suites(warehouse: Warehouse):
    write_quote_snapshot(warehouse, "s-1", NOW, [_kalshi()], [_token(venue_ts=NOW - timedelta(seconds=1))])
    rows = snapshot_frame(warehouse, "s-1", NOW + timedelta(seconds=2))
    assert len(rows) == 6  # Kalshi YES and NO, each bid and ask; the token's bid and ask
    assert len(books_frame(warehouse, "s-1")) == 3
    result = _validate(warehouse, "s-1", rows)
    assert result.success, result.failures
    assert result.evaluated == 13
    assert validate_quote_venue_times(rows, LIMITS).success


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("best_price", 1.0, "best price strictly inside (0, 1)"),
        ("best_price", 0.0, "best price strictly inside (0, 1)"),
        ("best_size", -5.0, "best size > 0"),
        ("venue", "betfair", "venue is kalshi or polymarket"),
        ("received_ts", None, "every row has a received_ts"),
    ],
)
def test_a_bad_row_fails_the_named_rule(warehouse: Warehouse, column, value, rule):
    # Constraints and the load refuse these, so they are seeded in the frame the suite reads.
    write_quote_snapshot(warehouse, "s-2", NOW, [_kalshi()], [_token()])
    rows = snapshot_frame(warehouse, "s-2", NOW)
    rows.loc[0, column] = value
    result = _validate(warehouse, "s-2", rows)
    assert not result.success
    assert _instruments(result, rule) == [rows.loc[0, "instrument_id"]]


def test_a_duplicated_row_breaks_uniqueness(warehouse: Warehouse):
    write_quote_snapshot(warehouse, "s-3", NOW, [_kalshi()], [_token()])
    rows = snapshot_frame(warehouse, "s-3", NOW)
    result = _validate(warehouse, "s-3", pd.concat([rows, rows.iloc[[0]]], ignore_index=True))
    assert _instruments(result, "one row per instrument side in a snapshot") == [rows.loc[0, "instrument_id"]] * 2


def test_crossed_books_fail_naming_the_instruments(warehouse: Warehouse):
    # Kalshi YES bid 0.60 + NO bid 0.50 >= 1: the YES ask (1 - 0.50) sits below the YES bid, and
    # the NO ask (1 - 0.60) below the NO bid. The token's bid is above its ask.
    write_quote_snapshot(warehouse, "s-4", NOW, [_kalshi("0.60", "0.50")], [_token(bid="0.60", ask="0.50"), _token("2000")])
    result = _validate(warehouse, "s-4")
    assert not result.success
    assert sorted(_instruments(result, CROSSED)) == ["1034", f"{TICKER}:no", f"{TICKER}:yes"]
    (token,) = [row for row in result.failing_keys(CROSSED) if row["instrument_id"] == "1034"]
    assert token == {"venue": "polymarket", "instrument_id": "1034", "best_ask": 0.5, "best_bid": 0.6}


def test_a_shards_suite_judges_its_own_instruments_only(warehouse: Warehouse):
    # Crossed: the Kalshi market and token 2000. A scan shard's check reads its own rows.
    write_quote_snapshot(warehouse, "s-6", NOW, [_kalshi("0.60", "0.50")], [_token(), _token("2000", bid="0.60", ask="0.50")])
    now = NOW + timedelta(seconds=2)
    good = QuoteInstruments(kalshi_tickers=[], polymarket_tokens=["1034"])
    rows = snapshot_frame(warehouse, "s-6", now, good)
    assert list(rows["instrument_id"]) == ["1034", "1034"]
    assert validate_quote_snapshot(rows, books_frame(warehouse, "s-6", good), LIMITS).success

    bad = QuoteInstruments(kalshi_tickers=[TICKER], polymarket_tokens=["2000"])
    rows = snapshot_frame(warehouse, "s-6", now, bad)
    assert sorted(set(rows["instrument_id"])) == ["2000", f"{TICKER}:no", f"{TICKER}:yes"]
    result = validate_quote_snapshot(rows, books_frame(warehouse, "s-6", bad), LIMITS)
    assert sorted(_instruments(result, CROSSED)) == ["2000", f"{TICKER}:no", f"{TICKER}:yes"]


def test_receive_times_in_the_future_or_before_the_snapshot_fail(warehouse: Warehouse):
    write_quote_snapshot(warehouse, 
        "s-5",
        NOW,
        [_kalshi(received=NOW + timedelta(minutes=10))],
        [_token(received=NOW - timedelta(minutes=5)), _token("2000")],
    )
    result = _validate(warehouse, "s-5")
    assert not result.success
    assert sorted(_instruments(result, "received no later than now (+5 s of clock skew)")) == sorted(
        [f"{TICKER}:yes", f"{TICKER}:yes", f"{TICKER}:no", f"{TICKER}:no"]
    )
    assert _instruments(result, "received at most 30 s before the snapshot started") == ["1034", "1034"]


def test_untrusted_venue_times_are_a_warning_naming_the_books(warehouse: Warehouse):
    write_quote_snapshot(warehouse, 
        "s-6",
        NOW,
        [_kalshi()],
        [_token(venue_ts=NOW - timedelta(hours=2)), _token("2000", venue_ts=NOW + timedelta(minutes=1))],
    )
    rows = snapshot_frame(warehouse, "s-6", NOW + timedelta(seconds=2))
    assert _validate(warehouse, "s-6", rows).success
    warning = validate_quote_venue_times(rows, LIMITS)
    assert not warning.success
    assert _instruments(warning, "venue time at most 30 s before the snapshot started") == ["1034", "1034"]
    assert _instruments(warning, "venue time no later than our receipt (+5 s of clock skew)") == ["2000", "2000"]
