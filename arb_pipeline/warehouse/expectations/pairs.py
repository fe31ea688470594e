"""Suites over matched pairs: keys and decisions well formed; every approved pair's markets in
the catalog, its two tokens distinct, and (when the matcher approved it and both sides still
trade) its markets closing within the close window of each other. Apart, and only a warning:
approved pairs whose markets are no longer open, which is how every pair ends (markets close and
settle) and which spreads already refuse pair by pair. People's decisions from the review queue:
approve or reject, one per market couple, taken no later than now, and an approval naming a token
of its Polymarket market as the catalog stores it."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import Decision
from arb_pipeline.domain.models import PairStatus, PairTransform
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.rules import exactly_zero, not_ahead
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_column, gx_expectations, read_frame, run_suite

PAIR_KEYS = ("pair_id", "kalshi_ticker", "polymarket_market_id")
DECISION_KEYS = ("kalshi_ticker", "polymarket_market_id")
_DECISION_COLUMNS = (*DECISION_KEYS, "decision", "decided_by", "token_of_the_market", "decided_ahead_s")

_COLUMNS = (
    "pair_id", "kalshi_ticker", "polymarket_market_id", "status", "transform", "decided_by", "confidence",
    "tokens_distinct", "kalshi_legs_missing", "polymarket_found", "kalshi_legs_not_open", "polymarket_open",
    "both_sides_open", "close_gap_days",
)  # fmt: skip


def pairs_frame(warehouse: Warehouse) -> pd.DataFrame:
    """Every pair with what the catalog says about its markets: Kalshi legs (all of a sum basket)
    missing or not open, the Polymarket market found and open, and the widest gap in days between
    a Kalshi leg's close time and the Polymarket market's."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        with legs as (
            select pairs.pair_id, leg.ticker
            from {schema}.matched_pairs as pairs
            cross join lateral unnest(
                case when cardinality(pairs.kalshi_tickers) = 0 then array[pairs.kalshi_ticker] else pairs.kalshi_tickers end
            ) as leg(ticker)
        ),
        leg_state as (
            select legs.pair_id,
                count(*) - count(markets.market_id) as missing,
                count(*) filter (where markets.status is distinct from 'open') as not_open,
                min(markets.close_time) as first_close,
                max(markets.close_time) as last_close
            from legs
            left join {schema}.venue_markets as markets on markets.venue = 'kalshi' and markets.market_id = legs.ticker
            group by legs.pair_id
        )
        select pairs.pair_id, pairs.kalshi_ticker, pairs.polymarket_market_id, pairs.status, pairs.transform,
            pairs.decided_by, pairs.confidence,
            pairs.polymarket_yes_token <> pairs.polymarket_no_token as tokens_distinct,
            leg_state.missing as kalshi_legs_missing,
            polymarket.market_id is not null as polymarket_found,
            leg_state.not_open as kalshi_legs_not_open,
            coalesce(polymarket.status = 'open', false) as polymarket_open,
            leg_state.not_open = 0 and coalesce(polymarket.status = 'open', false) as both_sides_open,
            greatest(
                abs(extract(epoch from leg_state.first_close - polymarket.close_time)),
                abs(extract(epoch from leg_state.last_close - polymarket.close_time))
            ) / 86400 as close_gap_days
        from {schema}.matched_pairs as pairs
        join leg_state on leg_state.pair_id = pairs.pair_id
        left join {schema}.venue_markets as polymarket
            on polymarket.venue = 'polymarket' and polymarket.market_id = pairs.polymarket_market_id
        order by pairs.pair_id
        """
    )
    return read_frame(warehouse, query, _COLUMNS, numeric=["confidence", "close_gap_days"])


def _approved_markets_are(state: str, kalshi_legs_not: str, polymarket: str) -> list[object]:
    """Every market of an approved pair is ``state``: ``kalshi_legs_not`` counts the Kalshi legs
    that are not, ``polymarket`` says whether the Polymarket market is."""
    gxe = gx_expectations()
    approved = {"row_condition": gx_column("status") == PairStatus.APPROVED.value}
    return [
        exactly_zero(kalshi_legs_not, f"every Kalshi leg of an approved pair is {state}", **approved),
        gxe.ExpectColumnValuesToBeInSet(
            column=polymarket, value_set=[True], description=f"the Polymarket market of an approved pair is {state}",
            **approved,
        ),
    ]  # fmt: skip


def validate_pairs(frame: pd.DataFrame, *, close_window_days: float) -> SuiteResult:
    gxe = gx_expectations()
    is_approved = gx_column("status") == PairStatus.APPROVED.value
    approved = {"row_condition": is_approved}
    # A pin in the pairs file is the user's own word that the markets settle alike, whatever
    # their close times; only the matcher's approvals are held to the window.
    tradable_by_matcher = {
        "row_condition": is_approved & (gx_column("decided_by") != PAIRS_FILE_DECIDER) & (gx_column("both_sides_open") == True)
    }
    expectations = [
        gxe.ExpectColumnValuesToBeUnique(column="pair_id", description="one row per pair id"),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["kalshi_ticker", "polymarket_market_id"], description="one row per Kalshi ticker and Polymarket market"
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="status", value_set=[s.value for s in PairStatus], description="status is approved, review or rejected"
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="transform", value_set=[t.value for t in PairTransform], description="transform is identity, inverse or sum"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1, description="confidence in [0, 1]"),
        gxe.ExpectColumnValuesToBeInSet(
            column="tokens_distinct", value_set=[True], description="an approved pair maps YES and NO to two different tokens", **approved
        ),
        *_approved_markets_are("in the catalog", "kalshi_legs_missing", "polymarket_found"),
        gxe.ExpectColumnValuesToBeBetween(
            column="close_gap_days", min_value=0, max_value=close_window_days,
            description=f"an approved pair's markets close within {close_window_days:g} days of each other",
            **tradable_by_matcher,
        ),  # fmt: skip
    ]
    return run_suite("matched_pairs", [Part("pairs", frame, PAIR_KEYS, expectations)])


def validate_approved_pairs_open(frame: pd.DataFrame) -> SuiteResult:
    expectations = _approved_markets_are("open", "kalshi_legs_not_open", "polymarket_open")
    return run_suite("approved_pairs_open", [Part("pairs", frame, PAIR_KEYS, expectations)])


def decisions_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every decision, with ``token_of_the_market``: for an approval whose Polymarket market the
    catalog holds, whether the token it names is one of that market's outcome tokens (NULL
    otherwise: a rejection names none, and a market gone from the catalog cannot tell)."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        select decisions.kalshi_ticker, decisions.polymarket_market_id, decisions.decision, decisions.decided_by,
            case when decisions.pays_on_kalshi_yes is not null and markets.market_id is not null then exists (
                select 1 from jsonb_array_elements(markets.outcomes) as o where o ->> 'token_id' = decisions.pays_on_kalshi_yes
            ) end,
            extract(epoch from decisions.decided_at - :now)
        from {schema}.pair_decisions as decisions
        left join {schema}.venue_markets as markets
            on markets.venue = 'polymarket' and markets.market_id = decisions.polymarket_market_id
        order by decisions.kalshi_ticker, decisions.polymarket_market_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _DECISION_COLUMNS, numeric=["decided_ahead_s"])


def validate_decisions(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        gxe.ExpectColumnValuesToNotBeNull(column="decided_by", description="every decision names who took it"),
        gxe.ExpectColumnValuesToBeInSet(
            column="decision", value_set=[d.value for d in Decision], description="a decision approves or rejects"
        ),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(DECISION_KEYS), description="one decision per market couple"),
        gxe.ExpectColumnValuesToBeInSet(
            column="token_of_the_market", value_set=[True],
            description="an approval names a token of its Polymarket market as paying on Kalshi YES",
        ),  # fmt: skip
        not_ahead("decided_ahead_s", "decided", max_clock_skew_s),
    ]
    return run_suite("pair_decisions", [Part("decisions", frame, DECISION_KEYS, expectations)])
