"""Suites over one snapshot's spreads and opportunities: the money of every evaluation adds up
exactly (cost + net profit = contracts, each set paying $1), fees and sizes are never negative,
one row per direction, and every opportunity is a spread of the same snapshot that passed the
thresholds, with the same numbers.

The arithmetic is checked in SQL on the exact NUMERIC values (the frame carries only the
residual): a float would turn exact cents into rounding noise."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.rules import exactly_zero
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_column, gx_expectations, read_frame, run_suite

SPREAD_KEYS = ("spread_id", "kind", "kalshi_ticker", "kalshi_side", "polymarket_market_id", "polymarket_token")
_DIRECTION = ["kind", "kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token"]

_COLUMNS = (
    "spread_id", "kind", "kalshi_ticker", "kalshi_side", "polymarket_market_id", "polymarket_token",
    "is_opportunity", "contracts", "kalshi_fee", "polymarket_fee", "cost", "net_profit", "arithmetic_residual",
)  # fmt: skip


def _frame(warehouse: Warehouse, table: str, snapshot_id: str, extra: str = "") -> pd.DataFrame:
    query = sa.text(
        f"""
        select rows.spread_id, rows.kind, rows.kalshi_ticker, rows.kalshi_side, rows.polymarket_market_id,
            rows.polymarket_token, rows.is_opportunity, rows.contracts, rows.kalshi_fee, rows.polymarket_fee,
            rows.cost, rows.net_profit, rows.cost + rows.net_profit - rows.contracts as arithmetic_residual
            {extra}
        from {warehouse.schema}.{table} as rows
        where rows.snapshot_id = :snapshot_id
        order by rows.spread_id
        """
    ).bindparams(snapshot_id=snapshot_id)
    columns = _COLUMNS + (("in_spreads",) if extra else ())
    return read_frame(warehouse, query, columns, numeric=_COLUMNS[7:])


def spreads_frame(warehouse: Warehouse, snapshot_id: str) -> pd.DataFrame:
    return _frame(warehouse, "spreads", snapshot_id)


def opportunities_frame(warehouse: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """The snapshot's opportunities, each with ``in_spreads``: whether the spreads table holds
    the same direction in the same snapshot, marked as an opportunity, with the same money."""
    in_spreads = f"""
        , exists (
            select 1 from {warehouse.schema}.spreads as spreads
            where spreads.snapshot_id = rows.snapshot_id
                and spreads.kind = rows.kind
                and spreads.kalshi_ticker is not distinct from rows.kalshi_ticker
                and spreads.polymarket_market_id is not distinct from rows.polymarket_market_id
                and spreads.kalshi_side is not distinct from rows.kalshi_side
                and spreads.polymarket_token is not distinct from rows.polymarket_token
                and spreads.is_opportunity
                and (spreads.contracts, spreads.cost, spreads.net_profit, spreads.kalshi_fee, spreads.polymarket_fee)
                    = (rows.contracts, rows.cost, rows.net_profit, rows.kalshi_fee, rows.polymarket_fee)
        ) as in_spreads
    """
    return _frame(warehouse, "opportunities", snapshot_id, in_spreads)


def _money_expectations(what: str) -> list:
    gxe = gx_expectations()
    return [
        gxe.ExpectColumnValuesToBeInSet(
            column="kind", value_set=[k.value for k in OpportunityKind], description=f"{what} kind is a known opportunity kind"
        ),
        gxe.ExpectColumnValuesToBeInSet(column="kalshi_side", value_set=["yes", "no"], description="Kalshi side is yes or no"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=_DIRECTION, description=f"one {what} per kind and legs in a snapshot"),
        exactly_zero("arithmetic_residual", "cost + net profit = contracts, exactly"),
        *(
            gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, description=f"{c.replace('_', ' ')} >= 0")
            for c in ("contracts", "kalshi_fee", "polymarket_fee", "cost")
        ),
    ]


def validate_spreads(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    opportunity = {"row_condition": gx_column("is_opportunity") == True}
    expectations = [
        *_money_expectations("spread"),
        gxe.ExpectColumnValuesToBeBetween(
            column="contracts", min_value=0, strict_min=True, description="a spread marked as an opportunity buys contracts", **opportunity
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="net_profit", min_value=0, strict_min=True, description="a spread marked as an opportunity makes money", **opportunity
        ),
    ]
    return run_suite("spreads", [Part("spreads", frame, SPREAD_KEYS, expectations)])


def validate_opportunities(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_money_expectations("opportunity"),
        gxe.ExpectColumnValuesToBeInSet(
            column="in_spreads", value_set=[True],
            description="every opportunity is a spread of its snapshot that passed the thresholds, same money",
        ),  # fmt: skip
        gxe.ExpectColumnValuesToBeInSet(column="is_opportunity", value_set=[True], description="every opportunity passed the thresholds"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="an opportunity buys contracts"),
        gxe.ExpectColumnValuesToBeBetween(column="net_profit", min_value=0, strict_min=True, description="an opportunity makes money"),
    ]
    return run_suite("opportunities", [Part("opportunities", frame, SPREAD_KEYS, expectations)])
