"""The Great Expectations suite over quote snapshots: passes on real stored snapshots, and names
the expectation and column that a bad row breaks."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from arb_pipeline.domain.models import KalshiOrderBook, OrderBook, PriceLevel, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations import snapshot_frame, validate_quote_snapshot

NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)


def _books():
    kalshi = KalshiOrderBook.from_levels(
        "KXNBAGAME-26JAN09MILLAL-MIL",
        [PriceLevel(Decimal("0.42"), Decimal("13")), PriceLevel(Decimal("0.45"), Decimal("100"))],
        [PriceLevel(Decimal("0.54"), Decimal("20"))],
        received_ts=NOW,
    )
    token = OrderBook.from_levels(
        Venue.POLYMARKET, "1034", [PriceLevel(Decimal("0.45"), Decimal("100"))], [PriceLevel(Decimal("0.46"), Decimal("150"))], NOW
    )
    return [kalshi], [token]


def test_a_stored_snapshot_meets_the_suite(warehouse: Warehouse):
    kalshi, tokens = _books()
    warehouse.insert_quote_snapshot("s-1", NOW, kalshi, tokens)
    frame = snapshot_frame(warehouse, "s-1")
    assert len(frame) == 6  # Kalshi YES and NO, each bid and ask; the token's bid and ask
    result = validate_quote_snapshot(frame)
    assert result.success, result.failed
    assert result.evaluated >= 9


@pytest.mark.parametrize(
    ("column", "value", "expectation"),
    [
        ("best_price", 1.0, "expect_column_values_to_be_between(best_price)"),
        ("best_price", 0.0, "expect_column_values_to_be_between(best_price)"),
        ("best_size", -5.0, "expect_column_values_to_be_between(best_size)"),
        ("venue", "betfair", "expect_column_values_to_be_in_set(venue)"),
        ("received_ts", None, "expect_column_values_to_not_be_null(received_ts)"),
    ],
)
def test_a_bad_row_fails_the_named_expectation(warehouse: Warehouse, column, value, expectation):
    kalshi, tokens = _books()
    warehouse.insert_quote_snapshot("s-2", NOW, kalshi, tokens)
    frame = snapshot_frame(warehouse, "s-2")
    frame.loc[0, column] = value
    result = validate_quote_snapshot(frame)
    assert not result.success
    assert any(failure.startswith(expectation) for failure in result.failed), result.failed


def test_a_duplicated_row_breaks_uniqueness(warehouse: Warehouse):
    import pandas as pd

    kalshi, tokens = _books()
    warehouse.insert_quote_snapshot("s-3", NOW, kalshi, tokens)
    frame = snapshot_frame(warehouse, "s-3")
    result = validate_quote_snapshot(pd.concat([frame, frame.iloc[[0]]], ignore_index=True))
    assert any("expect_compound_columns_to_be_unique" in failure for failure in result.failed)
