"""Suites over the paper-trading tables: fills (prices in [0, 1], sizes positive, fees never
negative, one row per fill id, filled no later than now), positions (never short, one row per
pair and leg, the mark a price) and settlements (the payout is the contracts times the payout
per contract and the realized PnL is the payout less the cost basis, exactly; one row per
settlement id).

The settlement arithmetic is checked in SQL on the exact NUMERIC values and the frame carries
only the residuals: a float would turn exact cents into rounding noise."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import OrderPurpose, OrderStatus, Side, SignalKind
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.store import Warehouse

FILL_KEYS = ("fill_id",)
POSITION_KEYS = ("signal_kind", "pair_key", "venue", "market_id", "outcome")
SETTLEMENT_KEYS = ("settlement_id",)
_FILL_STATUSES = (OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED)

_FILL_COLUMNS = (
    "fill_id", "order_id", "signal_kind", "purpose", "venue", "market_id", "outcome", "side", "status",
    "price", "contracts", "fee", "fee_shares", "filled_ahead_s",
)  # fmt: skip
_POSITION_COLUMNS = (*POSITION_KEYS, "contracts", "fees_paid", "best_bid")
_SETTLEMENT_COLUMNS = (
    "settlement_id", *POSITION_KEYS, "contracts", "payout_per_contract", "payout", "payout_residual", "pnl_residual",
)  # fmt: skip


def fills_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every fill, with how far its fill time lies after ``now`` in seconds."""
    query = sa.text(
        f"""
        select fill_id, order_id, signal_kind, purpose, venue, market_id, outcome, side, status,
            price, contracts, fee, fee_shares, extract(epoch from filled_at - :now) as filled_ahead_s
        from {warehouse.schema}.paper_fills
        order by fill_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _FILL_COLUMNS, numeric=_FILL_COLUMNS[9:])


def positions_frame(warehouse: Warehouse) -> pd.DataFrame:
    table = warehouse.tables.paper_positions
    query = sa.select(*(table.c[name] for name in _POSITION_COLUMNS)).order_by(*(table.c[name] for name in POSITION_KEYS))
    return read_frame(warehouse, query, _POSITION_COLUMNS, numeric=_POSITION_COLUMNS[5:])


def settlements_frame(warehouse: Warehouse) -> pd.DataFrame:
    query = sa.text(
        f"""
        select settlement_id, signal_kind, pair_key, venue, market_id, outcome, contracts, payout_per_contract, payout,
            payout - contracts * payout_per_contract as payout_residual,
            realized_pnl - (payout - cost_basis) as pnl_residual
        from {warehouse.schema}.paper_settlements
        order by settlement_id
        """
    )
    return read_frame(warehouse, query, _SETTLEMENT_COLUMNS, numeric=_SETTLEMENT_COLUMNS[6:])


def _in_set(column: str, values: tuple, what: str) -> object:
    allowed = [getattr(v, "value", v) for v in values]
    return gx_expectations().ExpectColumnValuesToBeInSet(
        column=column, value_set=allowed, description=f"{what} is one of {', '.join(allowed)}"
    )


def _leg_expectations() -> list:
    return [
        _in_set("signal_kind", tuple(SignalKind), "signal kind"),
        _in_set("venue", (Venue.KALSHI, Venue.POLYMARKET), "venue"),
    ]


def validate_fills(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every fill has a {c}") for c in ("fill_id", "order_id", "market_id", "outcome")),
        *_leg_expectations(),
        _in_set("purpose", tuple(OrderPurpose), "purpose"),
        _in_set("side", tuple(Side), "side"),
        _in_set("status", _FILL_STATUSES, "status"),
        gxe.ExpectColumnValuesToBeUnique(column="fill_id", description="one row per fill id"),
        gxe.ExpectColumnValuesToBeBetween(column="price", min_value=0, max_value=1, description="fill price in [0, 1]"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="contracts filled > 0"),
        gxe.ExpectColumnValuesToBeBetween(column="fee", min_value=0, description="fee >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="fee_shares", min_value=0, description="fee shares >= 0"),
        gxe.ExpectColumnValuesToBeBetween(
            column="filled_ahead_s", max_value=max_clock_skew_s,
            description=f"filled no later than now (+{max_clock_skew_s:g} s of clock skew)",
        ),  # fmt: skip
    ]
    return run_suite("paper_fills", [Part("fills", frame, FILL_KEYS, expectations)])


def validate_positions(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_leg_expectations(),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(POSITION_KEYS), description="one row per pair and leg"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, description="contracts held >= 0: paper trading never sells short"),
        gxe.ExpectColumnValuesToBeBetween(column="fees_paid", min_value=0, description="fees paid >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="best_bid", min_value=0, max_value=1, description="the mark (best bid) is a price in [0, 1]"),
    ]
    return run_suite("paper_positions", [Part("positions", frame, POSITION_KEYS, expectations)])


def validate_settlements(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_leg_expectations(),
        gxe.ExpectColumnValuesToBeUnique(column="settlement_id", description="one row per settlement id"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="contracts settled > 0"),
        gxe.ExpectColumnValuesToBeBetween(
            column="payout_per_contract", min_value=0, max_value=1, description="payout per contract in [0, 1]"
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="payout_residual", min_value=0, max_value=0, description="payout = contracts x payout per contract, exactly"
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="pnl_residual", min_value=0, max_value=0, description="realized PnL = payout - cost basis, exactly"
        ),
    ]
    return run_suite("paper_settlements", [Part("settlements", frame, SETTLEMENT_KEYS, expectations)])
