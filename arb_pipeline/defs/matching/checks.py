"""Nothing reaches spreads through a pair whose token mapping does not hold."""


import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.quality import approved_pair_problems


@dg.asset_check(
    asset=matched_pairs,
    blocking=True,
    description="Every approved pair maps the Kalshi leg(s) to exactly the two distinct tokens of its Polymarket market.",
)
def approved_pairs_token_mapping_valid(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    store = warehouse.get()
    kalshi = {m.market_id: m for m in store.load_markets(Venue.KALSHI)}
    polymarket = {m.market_id: m for m in store.load_markets(Venue.POLYMARKET)}
    approved = store.load_pairs(PairStatus.APPROVED)
    problems = approved_pair_problems(approved, kalshi, polymarket)
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"approved_pairs": len(approved), "problems": dg.MetadataValue.json(problems[:50])},
    )
