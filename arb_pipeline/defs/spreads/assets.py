"""Spreads (every approved pair and direction walked through both books, plus the intra-venue
kinds) and opportunities (the spreads that clear the thresholds)."""


from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.quotes.assets import quote_snapshots, snapshot_id_for
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus, Spread, Venue
from arb_pipeline.domain.spreads import index_books, index_markets, scan
from arb_pipeline.venues.wire import utc_now

SPREADS = "spreads"


def _edge_histogram(spreads: Sequence[Spread]) -> str:
    """Where the evaluated spreads sit, in cents of gross edge at the top of book: a picture of
    how close the market is to arbitrage, as a Markdown bar chart."""
    buckets: Counter[int] = Counter()
    for spread in spreads:
        if spread.top_gross_edge is not None:
            cents = int((spread.top_gross_edge * 100).to_integral_value(rounding="ROUND_FLOOR"))
            buckets[max(-10, min(10, cents))] += 1
    if not buckets:
        return "no spread had quotes on both sides"
    widest = max(buckets.values())
    lines = ["gross edge (¢) | spreads", "---|---"]
    for cents in range(min(buckets), max(buckets) + 1):
        count = buckets.get(cents, 0)
        label = f"≤{cents}" if cents == -10 else (f"≥{cents}" if cents == 10 else str(cents))
        lines.append(f"{label} | {'█' * max(1 if count else 0, round(30 * count / widest))} {count}")
    return "\n".join(lines)


def _opportunity_table(spreads: Sequence[Spread], limit: int = 20) -> str:
    rows = [
        "| kind | Kalshi | side | Polymarket | contracts | K avg | P avg | fees | cost | net profit | days | APY |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in sorted(spreads, key=lambda s: -s.net_profit)[:limit]:
        apy = f"{s.apy:.1%}" if s.apy is not None else "n/a"
        days = f"{s.days_to_resolution:.2f}" if s.days_to_resolution is not None else "n/a"
        rows.append(
            f"| {s.kind.value} | {s.kalshi_ticker or ''} | {s.kalshi_side or ''} | {s.polymarket_market_id or ''} "
            f"| {s.contracts} | {s.kalshi_avg_price or ''} | {s.polymarket_avg_price or ''} "
            f"| {s.kalshi_fee + s.polymarket_fee} | {s.cost} | {s.net_profit} | {days} | {apy} |"
        )
    return "\n".join(rows)


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
    books = store.snapshot_books(snapshot_id)
    markets = index_markets(store.load_markets(Venue.KALSHI) + store.load_markets(Venue.POLYMARKET))
    pairs = store.load_pairs(PairStatus.APPROVED)
    evaluated = scan(
        pairs,
        markets,
        index_books(books.kalshi.values(), books.polymarket.values()),
        utc_now(),
        scan_settings.settings().thresholds(),
    )
    written = store.insert_spreads(snapshot_id, evaluated, with_opportunities=False)
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
            "gross_edge_distribution": dg.MetadataValue.md(_edge_histogram(evaluated)),
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
    written = store.insert_opportunities(snapshot_id)
    found = store.load_snapshot_opportunities(snapshot_id)
    total = sum((s.net_profit for s in found), Decimal(0))
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "dagster/row_count": len(found),
            "rows_written": written,
            # Text, not a float: the exact Decimal total a trader would reconcile against.
            "total_net_profit": dg.MetadataValue.text(f"${total}"),
            "top_opportunities": dg.MetadataValue.md(_opportunity_table(found)),
        }
    )
