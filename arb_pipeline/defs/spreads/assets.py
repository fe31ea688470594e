"""Spreads (every approved pair and direction walked through both books, plus the intra-venue
kinds) and opportunities (the spreads that clear the thresholds)."""


from decimal import Decimal

import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.quotes.assets import quote_snapshots, snapshot_id_for
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.spreads import evaluate_all, index_books, index_markets
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import edge_histogram, opportunity_table
from arb_pipeline.reports.values import money
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_books
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities, write_opportunities, write_spreads

SPREADS = "spreads"


@dg.asset(
    group_name=SPREADS,
    kinds={"python", "postgres"},
    deps=[quote_snapshots, matched_pairs],
    description="Every approved pair and direction (and intra-venue set) sized by walking both books after fees.",
)
def spreads(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.MaterializeResult:
    store = warehouse.get()
    snapshot_id = snapshot_id_for(context)
    books = read_snapshot_books(store, snapshot_id)
    markets = index_markets(read_markets(store, Venue.KALSHI) + read_markets(store, Venue.POLYMARKET))
    pairs = read_pairs(store, PairStatus.APPROVED)
    evaluated = evaluate_all(
        pairs,
        markets,
        index_books(books.kalshi.values(), books.polymarket.values()),
        utc_now(),
        scan_settings.settings().thresholds(),
    )
    written = write_spreads(store, snapshot_id, evaluated, with_opportunities=False)
    profitable = [s for s in evaluated if s.net_profit > 0]
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "dagster/row_count": len(evaluated),
            "rows_written": written.spreads,
            "approved_pairs": len(pairs),
            "evaluated": len(evaluated),
            "profitable_after_fees": len(profitable),
            "passing_thresholds": sum(1 for s in evaluated if s.is_opportunity),
            "gross_edge_distribution": dg.MetadataValue.md(markdown.bar_chart(edge_histogram(evaluated))),
        }
    )


@dg.asset(
    group_name=SPREADS,
    kinds={"python", "postgres"},
    deps=[spreads],
    description="The spreads of the snapshot that clear every threshold: min net edge, APY, size, quote age.",
)
def opportunities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    snapshot_id = snapshot_id_for(context)
    written = write_opportunities(store, snapshot_id)
    found = read_snapshot_opportunities(store, snapshot_id)
    total = sum((s.net_profit for s in found), Decimal(0))
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "dagster/row_count": len(found),
            "rows_written": written,
            # Text, not a float: the total a trader would reconcile against, in dollars and cents.
            "total_net_profit": dg.MetadataValue.text(money(total)),
            "top_opportunities": dg.MetadataValue.md(markdown.table(opportunity_table(found, snapshot_id=snapshot_id))),
        }
    )
