"""The catalog suites: markets of a venue's latest catalog read and Kalshi series pass when sound,
and a seeded bad row fails the rule it breaks, named by its key."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import KalshiFeeSchedule, MarketStatus, Series, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.catalog import catalog_frame, series_frame, validate_catalog, validate_series
from arb_pipeline.warehouse.markets import write_catalog, write_series
from arb_pipeline_tests.warehouse.rows import T0, kalshi_market, polymarket_market

TICKERS = ("KXA-26MAR01-A", "KXB-26MAR01-B", "KXC-26MAR01-C", "KXD-26MAR01-D")


def _execute(warehouse: Warehouse, sql: str, **params: object) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)), params)


def _store_kalshi(warehouse: Warehouse) -> None:
    write_catalog(warehouse, Venue.KALSHI, [kalshi_market(t) for t in TICKERS], seen_at=T0)


def test_a_sound_catalog_read_passes(warehouse: Warehouse):
    _store_kalshi(warehouse)
    write_catalog(warehouse, Venue.POLYMARKET, [polymarket_market("1001", "1001-yes", "1001-no")], seen_at=T0)
    kalshi = validate_catalog(catalog_frame(warehouse, Venue.KALSHI), Venue.KALSHI)
    assert kalshi.success, kalshi.failures
    assert kalshi.rows == len(TICKERS)
    assert kalshi.evaluated >= 16
    polymarket = validate_catalog(catalog_frame(warehouse, Venue.POLYMARKET), Venue.POLYMARKET)
    assert polymarket.success, polymarket.failures
    assert polymarket.rows == 1


def test_only_the_latest_read_is_validated(warehouse: Warehouse):
    _store_kalshi(warehouse)
    # The next read no longer lists the last market: it is retired and keeps its old last_seen.
    write_catalog(warehouse, Venue.KALSHI, [kalshi_market(t) for t in TICKERS[:3]], seen_at=T0 + timedelta(hours=1))
    frame = catalog_frame(warehouse, Venue.KALSHI)
    assert sorted(frame["market_id"]) == sorted(TICKERS[:3])


def test_bad_prices_and_times_fail_naming_the_markets(warehouse: Warehouse):
    _store_kalshi(warehouse)
    # A price read in cents instead of dollars, a close before the open, a close at the Unix
    # epoch (seconds read as milliseconds): what a parsing bug would store.
    _execute(warehouse, "update {schema}.venue_markets set top_ask = 43 where market_id = :id", id=TICKERS[1])
    _execute(warehouse, "update {schema}.venue_markets set close_time = open_time - interval '1 day' where market_id = :id", id=TICKERS[2])
    _execute(warehouse, "update {schema}.venue_markets set expiration_time = 'epoch' where market_id = :id", id=TICKERS[3])
    result = validate_catalog(catalog_frame(warehouse, Venue.KALSHI), Venue.KALSHI)
    assert not result.success
    assert result.failing_keys("top_ask is a price in [0, 1]") == [{"venue": "kalshi", "market_id": TICKERS[1], "top_ask": 43.0}]
    assert [row["market_id"] for row in result.failing_keys("a market closes at or after it opens")] == [TICKERS[2]]
    assert [row["market_id"] for row in result.failing_keys("expiration time is a real date (2000-2100)")] == [TICKERS[3]]
    assert {f.rule for f in result.failures} == {
        "top_ask is a price in [0, 1]",
        "a market closes at or after it opens",
        "expiration time is a real date (2000-2100)",
    }


def test_an_unknown_status_and_a_duplicated_market_fail(warehouse: Warehouse):
    # The table's own constraints refuse both, so they are seeded in the frame the suite reads.
    _store_kalshi(warehouse)
    frame = catalog_frame(warehouse, Venue.KALSHI)
    frame.loc[frame["market_id"] == TICKERS[0], "status"] = "halted"
    duplicated = pd.concat([frame, frame[frame["market_id"] == TICKERS[1]]], ignore_index=True)
    result = validate_catalog(duplicated, Venue.KALSHI)
    assert result.failing_keys("status is a known lifecycle state") == [
        {"venue": "kalshi", "market_id": TICKERS[0], "status": "halted"}
    ]
    assert [row["market_id"] for row in result.failing_keys("one row per venue and market id")] == [TICKERS[1], TICKERS[1]]
    assert MarketStatus.OPEN.value in set(frame["status"])


def _series(ticker: str, fee_type: str = "quadratic", multiplier: str = "1") -> Series:
    return Series(ticker, f"Series {ticker}", "Sports", "daily", KalshiFeeSchedule(fee_type, Decimal(multiplier)))


def test_series_suite_passes_and_names_bad_fees(warehouse: Warehouse):
    write_series(warehouse, [_series("KXA"), _series("KXB", "quadratic_with_maker_fees", "0.5"), _series("KXC", "flat", "0")])
    good = validate_series(series_frame(warehouse))
    assert good.success, good.failures
    assert good.rows == 3
    _execute(warehouse, "update {schema}.kalshi_series set fee_multiplier = -1 where ticker = 'KXB'")
    _execute(warehouse, "update {schema}.kalshi_series set fee_type = 'percentage' where ticker = 'KXC'")
    bad = validate_series(series_frame(warehouse))
    assert not bad.success
    assert bad.failing_keys("fee multiplier >= 0") == [{"ticker": "KXB", "fee_multiplier": -1.0}]
    assert bad.failing_keys("fee type is one of flat, quadratic, quadratic_with_maker_fees") == [
        {"ticker": "KXC", "fee_type": "percentage"}
    ]
