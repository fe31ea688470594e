"""The paper-trading suites: a stored trade, its settlement and the positions rebuilt from them
pass; a fill priced outside [0, 1] or filled in the future, a short or badly marked position and
a settlement whose payout or PnL does not add up fail, named by row."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import PositionBook, Resolution, TradeOutcome, execute_arbitrage, settle
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.expectations.trading import (
    fills_frame,
    positions_frame,
    settlements_frame,
    validate_fills,
    validate_positions,
    validate_settlements,
)
from arb_pipeline.warehouse.trading import TradeContext
from arb_pipeline_tests.domain.trading.builders import NOW, kalshi_book, markets, state, token_book, yes_intent

LATER = NOW + timedelta(seconds=1)
SKEW_S = 5.0
TICKER = "KXFED-26JAN-T4.00"


@pytest.fixture
def traded(warehouse: Warehouse) -> Warehouse:
    """One complete trade, the Kalshi leg settled at $1 a contract, positions rebuilt."""
    world = markets()
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 50)]),
                  token_book("tok-yes", asks=[("0.70", 10)]))  # fmt: skip
    result = execute_arbitrage(yes_intent(books, world), world, books)
    assert result.outcome is TradeOutcome.COMPLETE
    resolution = Resolution(Venue.KALSHI, TICKER, {"yes": Decimal(1), "no": Decimal(0)}, LATER, "yes")
    batch = settle(PositionBook.replay(result.fills).positions, resolution, set())
    context = TradeContext("snap-1", "snap-2", "snap-3", "standard", LATER)
    with warehouse.transaction() as connection:
        trading.record_trade(connection, result, context, decided_at=NOW, schema=warehouse.schema)
        trading.record_settlements(connection, batch.settlements, schema=warehouse.schema)
        settled = PositionBook.replay(result.fills, batch.settlements)
        trading.replace_positions(connection, settled.positions, (), LATER, schema=warehouse.schema)
    return warehouse


def _execute(warehouse: Warehouse, sql: str) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)))


def _fills(warehouse: Warehouse):
    return validate_fills(fills_frame(warehouse, LATER), max_clock_skew_s=SKEW_S)


def test_a_stored_trade_passes_every_suite(traded: Warehouse):
    fills = _fills(traded)
    assert fills.success, fills.failures
    assert fills.rows >= 2
    positions = validate_positions(positions_frame(traded))
    assert positions.success, positions.failures
    assert positions.rows >= 2
    settlements = validate_settlements(settlements_frame(traded))
    assert settlements.success, settlements.failures
    assert settlements.rows == 1
    assert settlements_frame(traded)[["payout_residual", "pnl_residual"]].values.tolist() == [[0.0, 0.0]]


def test_a_fill_out_of_range_or_in_the_future_fails_naming_it(traded: Warehouse):
    [first, *_] = sorted(fills_frame(traded, LATER)["fill_id"])
    _execute(traded, f"update {{schema}}.paper_fills set price = 1.5 where fill_id = '{first}'")
    _execute(traded, f"update {{schema}}.paper_fills set filled_at = filled_at + interval '1 hour' where fill_id = '{first}'")
    result = _fills(traded)
    assert not result.success
    assert [row["fill_id"] for row in result.failing_keys("fill price in [0, 1]")] == [first]
    assert [row["fill_id"] for row in result.failing_keys(f"filled no later than now (+{SKEW_S:g} s of clock skew)")] == [first]
    assert len(result.failures) == 2


def test_sizes_fees_and_fill_ids_the_table_refuses_fail_in_the_frame(traded: Warehouse):
    # The table's primary key and check constraint refuse these, so they are seeded in the frame.
    frame = fills_frame(traded, LATER)
    first = frame.iloc[0]["fill_id"]
    bad = frame.copy()
    bad.loc[0, "contracts"] = 0.0
    bad.loc[0, "fee"] = -0.01
    result = validate_fills(pd.concat([bad, frame.iloc[[0]]], ignore_index=True), max_clock_skew_s=SKEW_S)
    assert [row["fill_id"] for row in result.failing_keys("contracts filled > 0")] == [first]
    assert [row["fill_id"] for row in result.failing_keys("fee >= 0")] == [first]
    assert [row["fill_id"] for row in result.failing_keys("one row per fill id")] == [first, first]


def test_a_short_or_badly_marked_position_fails_naming_it(traded: Warehouse):
    _execute(traded, "update {schema}.paper_positions set contracts = -1, best_bid = 1.2 where outcome = 'tok-no'")
    result = validate_positions(positions_frame(traded))
    assert not result.success
    for rule in ("contracts held >= 0: paper trading never sells short", "the mark (best bid) is a price in [0, 1]"):
        assert [(row["venue"], row["outcome"]) for row in result.failing_keys(rule)] == [("polymarket", "tok-no")]
    assert len(result.failures) == 2


def test_a_settlement_that_does_not_add_up_fails_naming_it(traded: Warehouse):
    [settlement_id] = settlements_frame(traded)["settlement_id"]
    # One cent paid that the contracts do not account for, and PnL left as it was.
    _execute(traded, "update {schema}.paper_settlements set payout = payout + 0.01")
    result = validate_settlements(settlements_frame(traded))
    assert not result.success
    for rule in ("payout = contracts x payout per contract, exactly", "realized PnL = payout - cost basis, exactly"):
        assert [row["settlement_id"] for row in result.failing_keys(rule)] == [settlement_id]
    assert len(result.failures) == 2
