"""Blocking Great Expectations suites on the sportsbook tables: the edges are priced from the odds
and paper trading buys the flagged ones, so bad odds never become edges and bad edges never
become orders."""

from arb_pipeline.defs.shared.checks import timed_suite_check
from arb_pipeline.defs.sportsbook.assets import sportsbook_edges, sportsbook_odds
from arb_pipeline.warehouse.expectations.sportsbook import edges_frame, odds_frame, validate_edges, validate_odds

sportsbook_odds_expectations = timed_suite_check(
    sportsbook_odds, "sportsbook_odds_expectations",
    "Great Expectations suite over the latest odds read: decimal odds > 1, American odds at least 100 either way "
    "and on the same side of even money, one row per event, bookmaker, market and outcome, the bookmaker's time no "
    "later than the read and the read no later than now (+ARB_MAX_CLOCK_SKEW_S).",
    odds_frame, validate_odds,
)  # fmt: skip
sportsbook_edges_expectations = timed_suite_check(
    sportsbook_edges, "sportsbook_edges_expectations",
    "Great Expectations suite over the latest edges: consensus and best ask in [0, 1], fee per contract, contracts "
    "and cost >= 0, edge = consensus - cost per contract exactly, one row per signal id, evaluated no later than "
    "now; a flagged signal buys contracts at a positive edge with the books it requires agreeing.",
    edges_frame, validate_edges,
)  # fmt: skip
