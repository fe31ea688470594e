"""Suites over the sportsbook tables, each over the latest read or evaluation (the rows the asset
just wrote):

* odds: decimal odds above 1 (a price that pays back less than the stake is no price), American
  odds of at least 100 either way and on the side of even that the decimal odds are, one row per
  event, bookmaker, market and outcome, the bookmaker's time no later than our read and the read
  no later than now;
* edges: the consensus and the best ask are prices in [0, 1], the cost per contract is the best
  ask plus a fee never negative, the edge is the consensus less that cost exactly (checked in SQL
  on the exact NUMERIC values, the frame carries the residual), contracts and cost never
  negative, one row per signal id, evaluated no later than now, and a flagged signal buys
  contracts, clears its cost and has the books it needs agreeing.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.warehouse.expectations.rules import at_least_zero, exactly_zero, in_unit_interval, never_positive, not_ahead
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_column, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.store import Warehouse

ODDS_KEYS = ("odds_event_id", "bookmaker", "market_key", "outcome_name")
EDGE_KEYS = ("signal_id",)

_ODDS_COLUMNS = (*ODDS_KEYS, "decimal_odds", "american_odds_abs", "american_agrees", "update_after_read_s", "read_ahead_s")
_EDGE_COLUMNS = (
    *EDGE_KEYS, "kalshi_ticker", "side", "flagged", "agreeing", "required", "agreeing_short", "consensus", "best_ask",
    "fee_per_contract", "edge", "edge_residual", "contracts", "cost", "evaluated_ahead_s",
)  # fmt: skip


def odds_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """The latest odds read, with ``american_agrees``: the American odds, when given, at least 100
    either way and positive exactly when the decimal odds pay at least even money."""
    odds = f"{warehouse.schema}.sportsbook_odds"
    query = sa.text(
        f"""
        select odds_event_id, bookmaker, market_key, outcome_name, decimal_odds, abs(american_odds) as american_odds_abs,
            american_odds is null
                or (american_odds >= 100 and decimal_odds >= 2) or (american_odds <= -100 and decimal_odds <= 2),
            extract(epoch from last_update - fetched_at), extract(epoch from fetched_at - :now)
        from {odds}
        where fetched_at = (select max(fetched_at) from {odds})
        order by odds_event_id, bookmaker, market_key, outcome_name
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _ODDS_COLUMNS, numeric=["decimal_odds", "american_odds_abs", *_ODDS_COLUMNS[-2:]])


def edges_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """The latest evaluation's sides, with the fee per contract (cost per contract less best ask),
    how many agreeing books a side lacks, and ``edge_residual``: edge less (consensus less cost
    per contract)."""
    edges = f"{warehouse.schema}.sportsbook_edges"
    query = sa.text(
        f"""
        select signal_id, kalshi_ticker, side, flagged, agreeing, required, required - agreeing, consensus, best_ask,
            cost_per_contract - best_ask, edge, edge - (consensus - cost_per_contract), contracts, cost,
            extract(epoch from evaluated_at - :now)
        from {edges}
        where evaluated_at = (select max(evaluated_at) from {edges})
        order by signal_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _EDGE_COLUMNS, numeric=_EDGE_COLUMNS[7:])


def validate_odds(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every price has a {c}") for c in (*ODDS_KEYS, "decimal_odds")),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(ODDS_KEYS), description="one row per event, bookmaker, market and outcome in a read"
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="decimal_odds", min_value=1, strict_min=True, description="decimal odds > 1: a winning bet pays back more than its stake"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="american_odds_abs", min_value=100, description="American odds at least 100 either way"),
        gxe.ExpectColumnValuesToBeInSet(
            column="american_agrees", value_set=[True],
            description="American odds positive exactly when the decimal odds pay at least even money",
        ),  # fmt: skip
        gxe.ExpectColumnValuesToBeBetween(
            column="update_after_read_s", max_value=max_clock_skew_s,
            description=f"the bookmaker's time no later than our read (+{max_clock_skew_s:g} s of clock skew)",
        ),  # fmt: skip
        not_ahead("read_ahead_s", "read", max_clock_skew_s),
    ]
    return run_suite("sportsbook_odds", [Part("odds", frame, ODDS_KEYS, expectations)])


def validate_edges(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    flagged = {"row_condition": gx_column("flagged") == True}
    expectations = [
        gxe.ExpectColumnValuesToBeUnique(column="signal_id", description="one row per signal id"),
        gxe.ExpectColumnValuesToBeInSet(column="side", value_set=["yes", "no"], description="Kalshi side is yes or no"),
        *in_unit_interval(("consensus", "best_ask")),
        *at_least_zero(("fee_per_contract", "contracts", "cost", "agreeing")),
        gxe.ExpectColumnValuesToBeBetween(column="required", min_value=1, description="a signal needs at least one book"),
        exactly_zero("edge_residual", "edge = consensus - cost per contract, exactly"),
        gxe.ExpectColumnValuesToBeBetween(
            column="contracts", min_value=0, strict_min=True, description="a flagged signal buys contracts", **flagged
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="edge", min_value=0, strict_min=True, description="a flagged signal's consensus clears its cost", **flagged
        ),
        never_positive("agreeing_short", "a flagged signal has the books it requires agreeing", **flagged),
        not_ahead("evaluated_ahead_s", "evaluated", max_clock_skew_s),
    ]
    return run_suite("sportsbook_edges", [Part("edges", frame, EDGE_KEYS, expectations)])
