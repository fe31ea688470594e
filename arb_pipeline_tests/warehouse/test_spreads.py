"""Spreads and opportunities: every evaluation stored per snapshot, the opportunities among
them in their own table, exact Decimals, and re-runs that write nothing."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from arb_pipeline.domain.models import OpportunityKind, Spread
from arb_pipeline.warehouse import Warehouse, WarehouseDataError
from arb_pipeline.warehouse.spreads import SpreadLoad, read_opportunities, read_snapshot_opportunities, read_spreads, write_opportunities, write_spreads

EVALUATED = datetime(2026, 1, 9, 23, 0, 0, 250000, tzinfo=UTC)


def _spread(**changes: Any) -> Spread:
    # Kalshi YES at 0.41 + Polymarket token paying on NO at 0.55 for 150 sets; Kalshi taker fee
    # ceil_to_cent(0.07 * 150 * 0.41 * 0.59) = 2.55, Polymarket fee 150 * 0.03 * 0.55 * 0.45 = 1.11375.
    spread = Spread(
        kind=OpportunityKind.CROSS_VENUE,
        kalshi_ticker="KXNBAGAME-26JAN09MILLAL-MIL",
        polymarket_market_id="1103520",
        kalshi_side="yes",
        polymarket_token="5211" + "0" * 70,
        contracts=Decimal("150"),
        kalshi_avg_price=Decimal("0.41"),
        polymarket_avg_price=Decimal("0.55"),
        kalshi_fee=Decimal("2.55"),
        polymarket_fee=Decimal("1.11375"),
        cost=Decimal("147.66375"),
        net_profit=Decimal("2.33625"),
        edge_per_contract=Decimal("0.015575"),
        days_to_resolution=Decimal("0.4375"),
        apy=Decimal("13.19862614555883741648873434"),
        top_gross_edge=Decimal("0.04"),
        quote_received_ts=EVALUATED - timedelta(seconds=2),
        evaluated_at=EVALUATED,
        is_opportunity=True,
    )
    return dataclasses.replace(spread, **changes)


def _evaluations() -> list[Spread]:
    no_profit = dict(
        contracts=Decimal("0"), kalshi_avg_price=None, polymarket_avg_price=None, kalshi_fee=Decimal("0"),
        polymarket_fee=Decimal("0"), cost=Decimal("0"), net_profit=Decimal("0"), edge_per_contract=Decimal("0"),
        apy=None, is_opportunity=False, rejection_reasons=("no set is profitable after fees",),
    )  # fmt: skip
    return [
        _spread(),
        _spread(kalshi_side="no", polymarket_token="7132" + "0" * 70, top_gross_edge=Decimal("-0.03"), **no_profit),
        _spread(
            kalshi_ticker="KXFED-26DEC-B4.875", polymarket_market_id="2252242", polymarket_token="9" * 77,
            kalshi_tickers=("KXFED-26DEC-B4.875", "KXFED-26DEC-T5.00"), is_opportunity=False,
            rejection_reasons=("quote older than 30 s", "edge 0.015575 below 0.02"), days_to_resolution=None,
            quote_received_ts=None,
        ),
        _spread(kind=OpportunityKind.POLYMARKET_BOTH_TOKENS, kalshi_ticker=None, kalshi_side=None, polymarket_token=None,
                kalshi_avg_price=None, kalshi_fee=Decimal("0")),
        _spread(kind=OpportunityKind.KALSHI_YES_NO, polymarket_market_id=None, kalshi_side=None, polymarket_token=None,
                polymarket_avg_price=None, polymarket_fee=Decimal("0"), top_gross_edge=None),
    ]  # fmt: skip


def _digits(spreads: list[Spread]) -> list[list[str]]:
    return [[str(getattr(s, f.name)) for f in dataclasses.fields(s) if isinstance(getattr(s, f.name), Decimal)] for s in spreads]


def test_every_evaluation_comes_back_exactly_and_opportunities_get_their_own_rows(warehouse: Warehouse) -> None:
    spreads = _evaluations()

    assert write_spreads(warehouse, "2026-01-09T23:00", spreads) == SpreadLoad(spreads=5, opportunities=3)

    loaded = read_spreads(warehouse, "2026-01-09T23:00")
    assert loaded == spreads
    assert _digits(loaded) == _digits(spreads)
    opportunities = read_opportunities(warehouse, since=EVALUATED)
    assert opportunities == [s for s in spreads if s.is_opportunity]
    assert _digits(opportunities) == _digits([s for s in spreads if s.is_opportunity])
    assert read_spreads(warehouse, "another snapshot") == []


def _count(warehouse: Warehouse, table: sa.Table) -> int:
    with warehouse.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_writing_the_same_snapshot_again_writes_nothing_even_for_intra_venue_rows(warehouse: Warehouse) -> None:
    # The intra-venue kinds leave one venue's key columns NULL: the key still holds.
    write_spreads(warehouse, "s1", _evaluations())

    assert write_spreads(warehouse, "s1", _evaluations()) == SpreadLoad(0, 0)

    assert (_count(warehouse, warehouse.tables.spreads), _count(warehouse, warehouse.tables.opportunities)) == (5, 3)
    assert write_spreads(warehouse, "s2", _evaluations()) == SpreadLoad(5, 3)


def test_opportunities_are_read_from_a_time_on_oldest_first(warehouse: Warehouse) -> None:
    minute = timedelta(minutes=1)
    for n in range(3):
        write_spreads(warehouse, f"s{n}", [_spread(evaluated_at=EVALUATED + n * minute)])

    since = read_opportunities(warehouse, since=EVALUATED + minute)

    assert [s.evaluated_at for s in since] == [EVALUATED + minute, EVALUATED + 2 * minute]


def test_one_direction_given_twice_in_a_snapshot_is_refused(warehouse: Warehouse) -> None:
    with pytest.raises(WarehouseDataError, match="snapshot s1: spread cross_venue KXNBAGAME-26JAN09MILLAL-MIL / 1103520"):
        write_spreads(warehouse, "s1", [_spread(), _spread(contracts=Decimal("10"))])

    assert _count(warehouse, warehouse.tables.spreads) == 0


def test_opportunities_can_be_copied_from_the_stored_spreads_of_a_snapshot(warehouse: Warehouse) -> None:
    spreads = _evaluations()
    write_spreads(warehouse, "s1", spreads)
    assert write_opportunities(warehouse, "s1") == 0
    with warehouse.engine.begin() as connection:
        connection.execute(warehouse.tables.opportunities.delete())

    assert write_opportunities(warehouse, "s1") == 3
    assert write_opportunities(warehouse, "s1") == 0

    found = read_snapshot_opportunities(warehouse, "s1")
    assert found == [s for s in spreads if s.is_opportunity]
    assert _digits(found) == _digits([s for s in spreads if s.is_opportunity])
    assert read_snapshot_opportunities(warehouse, "s2") == []
