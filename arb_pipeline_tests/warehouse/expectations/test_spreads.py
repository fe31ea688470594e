"""The spreads and opportunities suites: a stored snapshot passes; money that does not add up,
negative fees and opportunities that are not the snapshot's passing spreads fail, named by row."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.spreads import (
    opportunities_frame,
    spreads_frame,
    validate_opportunities,
    validate_spreads,
)
from arb_pipeline.warehouse.spreads import write_spreads
from arb_pipeline_tests.warehouse.rows import T0, spread

ARITHMETIC = "cost + net profit = contracts, exactly"
IN_SPREADS = "every opportunity is a spread of its snapshot that passed the thresholds, same money"


def _snapshot() -> list:
    """Two directions of one pair (one an opportunity), a Kalshi YES+NO set that is an
    opportunity, and a direction with nothing to buy."""
    return [
        spread(T0),
        spread(T0, kalshi_side="no", polymarket_token="1001-yes", contracts="0", cost="0", apy=None, opportunity=False),
        spread(
            T0, kind=OpportunityKind.KALSHI_YES_NO, polymarket_market_id=None, kalshi_side=None, polymarket_token=None,
            contracts="40", cost="39.6", apy="0.8",
        ),  # fmt: skip
        spread(T0, kalshi_ticker="KXB-1", polymarket_market_id="1002", contracts="10", cost="10.4", opportunity=False),
    ]


def _execute(warehouse: Warehouse, sql: str) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)))


def _failing(result, rule: str) -> list[tuple]:
    return [(row["kind"], row["kalshi_ticker"], row["kalshi_side"]) for row in result.failing_keys(rule)]


def test_a_stored_snapshot_passes_both_suites(warehouse: Warehouse):
    assert write_spreads(warehouse, "s-1", _snapshot()) == (4, 2)
    spreads = validate_spreads(spreads_frame(warehouse, "s-1"))
    assert spreads.success, spreads.failures
    assert spreads.rows == 4
    opportunities = validate_opportunities(opportunities_frame(warehouse, "s-1"))
    assert opportunities.success, opportunities.failures
    assert opportunities.rows == 2
    assert spreads_frame(warehouse, "s-1")["arithmetic_residual"].tolist() == [0.0] * 4


def test_money_that_does_not_add_up_fails_naming_the_rows(warehouse: Warehouse):
    bad = _snapshot()
    # One cent of net profit that the cost does not account for; a fee below zero.
    bad[0] = spread(T0, cost="97.5", net_profit=Decimal("2.51"))
    bad[3] = spread(T0, kalshi_ticker="KXB-1", polymarket_market_id="1002", contracts="10", cost="10.4", opportunity=False, kalshi_fee=Decimal("-0.01"))
    write_spreads(warehouse, "s-2", bad)
    spreads = validate_spreads(spreads_frame(warehouse, "s-2"))
    assert not spreads.success
    assert _failing(spreads, ARITHMETIC) == [("cross_venue", "KXA-26MAR01-A", "yes")]
    assert spreads.failing_keys(ARITHMETIC)[0]["arithmetic_residual"] == 0.01
    assert _failing(spreads, "kalshi fee >= 0") == [("cross_venue", "KXB-1", "yes")]
    opportunities = validate_opportunities(opportunities_frame(warehouse, "s-2"))
    assert _failing(opportunities, ARITHMETIC) == [("cross_venue", "KXA-26MAR01-A", "yes")]


def test_a_losing_spread_marked_as_an_opportunity_fails(warehouse: Warehouse):
    bad = _snapshot()
    bad[3] = spread(T0, kalshi_ticker="KXB-1", polymarket_market_id="1002", contracts="10", cost="10.4", opportunity=True)
    write_spreads(warehouse, "s-3", bad, with_opportunities=False)
    result = validate_spreads(spreads_frame(warehouse, "s-3"))
    assert _failing(result, "a spread marked as an opportunity makes money") == [("cross_venue", "KXB-1", "yes")]
    assert len(result.failures) == 1


def test_opportunities_that_are_not_passing_spreads_fail(warehouse: Warehouse):
    write_spreads(warehouse, "s-4", _snapshot())
    # One opportunity's spread row is gone; the other's money was changed after it was copied.
    _execute(warehouse, "delete from {schema}.spreads where kind = 'kalshi_yes_no'")
    _execute(warehouse, "update {schema}.opportunities set cost = cost - 1, net_profit = net_profit + 1 where kind = 'cross_venue'")
    result = validate_opportunities(opportunities_frame(warehouse, "s-4"))
    assert not result.success
    assert sorted(_failing(result, IN_SPREADS)) == [("cross_venue", "KXA-26MAR01-A", "yes"), ("kalshi_yes_no", "KXA-26MAR01-A", None)]
    assert [f.rule for f in result.failures] == [IN_SPREADS]


def test_a_duplicated_direction_breaks_uniqueness(warehouse: Warehouse):
    # The table's unique index refuses it, so it is seeded in the frame the suite reads.
    write_spreads(warehouse, "s-5", _snapshot())
    frame = spreads_frame(warehouse, "s-5")
    intra_venue = frame[frame["kind"] == "kalshi_yes_no"]
    result = validate_spreads(pd.concat([frame, intra_venue], ignore_index=True))
    assert _failing(result, "one spread per kind and legs in a snapshot") == [("kalshi_yes_no", "KXA-26MAR01-A", None)] * 2
