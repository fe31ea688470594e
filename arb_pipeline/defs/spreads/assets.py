"""Spreads (every approved pair and direction walked through both books, plus the intra-venue
kinds) and opportunities (the spreads that clear the thresholds), one partition per scan shard
(domain/scan_shards.py): each reads and writes its own pairs' and markets' rows only."""


from decimal import Decimal

import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.quotes.assets import quote_snapshots, snapshot_id_for
from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS, shard_placement, shard_scope
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.spreads import evaluate_all, index_books
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import edge_histogram, opportunity_table
from arb_pipeline.reports.values import money
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_books
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities, write_opportunities, write_spreads

SPREADS = "spreads"


@warehouse_asset(
    SPREADS, deps=[quote_snapshots, matched_pairs], partitions_def=SCAN_SHARDS,
    description="Every approved pair of the shard in each direction, and the shard's intra-venue sets, sized by "
    "walking both books after fees.",
)
def spreads(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.MaterializeResult:
    store = warehouse.get()
    snapshot_id = snapshot_id_for(context)
    stored = read_pairs(store, (PairStatus.APPROVED, PairStatus.REVIEW))
    approved = [p for p in stored if p.status is PairStatus.APPROVED]
    scope = shard_scope(context, store, approved)
    own = scope.own_pairs(approved)
    # Another shard's matcher may have claimed the same token since this shard matched: hold the
    # pair now rather than at this shard's next matching run.
    pairs = [p for p in scope.hold_conflicts(own, stored) if p.status is PairStatus.APPROVED]
    books = read_snapshot_books(store, snapshot_id, scope.quote_instruments(own))
    evaluated = evaluate_all(
        pairs,
        scope.markets,
        index_books(books.kalshi.values(), books.polymarket.values()),
        utc_now(),
        scan_settings.settings().thresholds(),
        intra_venue_markets=scope.own_markets(),
    )
    written = write_spreads(store, snapshot_id, evaluated, with_opportunities=False)
    profitable = [s for s in evaluated if s.net_profit > 0]
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "shard": str(scope.shard),
            "dagster/row_count": len(evaluated),
            "rows_written": written.spreads,
            "approved_pairs": len(pairs),
            "held_for_other_shards": len(own) - len(pairs),
            "evaluated": len(evaluated),
            "profitable_after_fees": len(profitable),
            "passing_thresholds": sum(1 for s in evaluated if s.is_opportunity),
            "gross_edge_distribution": dg.MetadataValue.md(markdown.bar_chart(edge_histogram(evaluated))),
        }
    )


@warehouse_asset(
    SPREADS, deps=[spreads], partitions_def=SCAN_SHARDS,
    description="The shard's spreads of the snapshot that clear every threshold: min net edge, APY, size, quote age.",
)
def opportunities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    snapshot_id = snapshot_id_for(context)
    approved = read_pairs(store, PairStatus.APPROVED)
    scope = shard_placement(context, store, approved)
    own_kalshi = set(scope.own_market_ids(Venue.KALSHI))
    own_kalshi.update(p.kalshi_ticker for p in scope.own_pairs(approved))
    written = write_opportunities(
        store,
        snapshot_id,
        kalshi_tickers=own_kalshi,
        polymarket_market_ids=set(scope.own_market_ids(Venue.POLYMARKET)),
    )
    found = [s for s in read_snapshot_opportunities(store, snapshot_id) if scope.owns_spread(s)]
    total = sum((s.net_profit for s in found), Decimal(0))
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "shard": str(scope.shard),
            "dagster/row_count": len(found),
            "rows_written": written,
            # Text, not a float: the total a trader would reconcile against, in dollars and cents.
            "total_net_profit": dg.MetadataValue.text(money(total)),
            "top_opportunities": dg.MetadataValue.md(markdown.table(opportunity_table(found, snapshot_id=snapshot_id))),
        }
    )
