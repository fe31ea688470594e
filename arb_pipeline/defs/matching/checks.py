"""Nothing reaches spreads through a pair whose token mapping does not hold, or whose rows break the
pairs suite; approved pairs whose markets stopped trading, and people's decisions the catalog
cannot honor, are listed as warnings."""


import dagster as dg
import pandas as pd

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.checks import suite_check_result, timed_suite_check
from arb_pipeline.defs.shared.partitions import shard_placement, shard_rows, shard_scope
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.quality import approved_pair_problems
from arb_pipeline.warehouse.expectations.pairs import (
    decisions_frame,
    pairs_frame,
    validate_approved_pairs_open,
    validate_decisions,
    validate_pairs,
)
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.store import Warehouse


def _own_pairs_frame(context: dg.AssetCheckExecutionContext, store: Warehouse) -> pd.DataFrame:
    """The shard's rows of the pairs suite's frame: its pairs, by their Kalshi key ticker (a
    market couple, and every row of one pair, lies in one shard)."""
    scope = shard_placement(context, store)
    frame = pairs_frame(store)
    return shard_rows(frame, map(scope.owns_kalshi, frame["kalshi_ticker"]))


@dg.asset_check(
    asset=matched_pairs,
    blocking=True,
    description="Every approved pair of the shard maps the Kalshi leg(s) to exactly the two distinct tokens of its "
    "Polymarket market.",
)
def approved_pairs_token_mapping_valid(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    # The shard's own pairs, with their legs' markets only: every shard checks its own, and a
    # problem blocks the shard whose spreads would walk the pair.
    store = warehouse.get()
    stored = read_pairs(store, PairStatus.APPROVED)
    scope = shard_scope(context, store, stored)
    approved = scope.own_pairs(stored)
    kalshi, polymarket = ({m.market_id: m for m in scope.markets.values() if m.venue is v} for v in (Venue.KALSHI, Venue.POLYMARKET))
    problems = approved_pair_problems(approved, kalshi, polymarket)
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={
            "shard": str(scope.shard),
            "approved_pairs": len(approved),
            "problems": dg.MetadataValue.json(problems[:50]),
        },
    )


@dg.asset_check(
    asset=matched_pairs,
    blocking=True,
    description="Great Expectations suite over the shard's pairs: one row per pair and per market couple, known "
    "statuses and transforms, confidence in [0, 1]; every approved pair's markets in the catalog and its two "
    "tokens distinct; a matcher-approved pair still trading closes within ARB_PAIR_CLOSE_WINDOW_DAYS on both venues.",
)
def matched_pairs_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.AssetCheckResult:
    window = scan_settings.settings().pair_close_window_days
    return suite_check_result(validate_pairs(_own_pairs_frame(context, warehouse.get()), close_window_days=window))


@dg.asset_check(
    asset=matched_pairs,
    description="The shard's approved pairs whose markets are no longer all open. A warning: markets close and settle, "
    "and spreads refuse such a pair on its own; the list says which pairs to retire.",
)
def approved_pairs_markets_open(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    result = validate_approved_pairs_open(_own_pairs_frame(context, warehouse.get()))
    return suite_check_result(result, severity=dg.AssetCheckSeverity.WARN)


pair_decisions_expectations = timed_suite_check(
    matched_pairs, "pair_decisions_expectations",
    "Great Expectations suite over people's decisions from the review queue (pair_decisions): approve or reject, "
    "who took it, one per market couple, taken no later than now, and an approval naming a token of its Polymarket "
    "market. A warning: matching applies a decision only where it holds, and the pairs suite and the token-mapping "
    "check guard what reaches spreads.",
    decisions_frame, validate_decisions,
    blocking=False, severity=dg.AssetCheckSeverity.WARN,
)  # fmt: skip
