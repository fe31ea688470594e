"""Matched pairs: which Kalshi and Polymarket markets settle on the same outcome, with the exact
token mapping. Only approved pairs reach spreads; review and rejected ones are kept for people,
whose decisions (the pairs file, then the review queue) win over the matcher on every run. One
partition per scan shard (domain/scan_shards.py)."""


from collections import Counter
from datetime import UTC, datetime

import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, polymarket_markets
from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS, shard_placement
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, summarize_queue, with_review_decisions
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.domain.scan_shards import CROSS_SHARD_HOLD
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import pairs_table, review_queue_table
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_decisions, read_review_queue, write_shard_match_run

MATCHING = "matching"


@warehouse_asset(
    MATCHING, deps=[kalshi_markets, polymarket_markets], partitions_def=SCAN_SHARDS,
    description=(
        "Kalshi x Polymarket pairs with confidence, reasons and token mapping; a partition matches its shard of "
        "Kalshi events against every Polymarket market. People's decisions win: the pairs file first, then "
        "decisions taken in the review queue (arb-pipeline review)."
    ),
)
def matched_pairs(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.MaterializeResult:
    settings = scan_settings.settings()
    store = warehouse.get()
    # Every open market in full: the shard's Kalshi markets are matched against every Polymarket
    # market, and blocking weighs words over every Kalshi market so the shards together find what
    # one pass finds (match_report); only the shard's own Kalshi markets are compared.
    scope = shard_placement(context, store)
    kalshi = open_markets(read_markets(store, Venue.KALSHI))
    polymarket = open_markets(read_markets(store, Venue.POLYMARKET))
    open_ids = scope.open_ids()
    decisions = [d for d in read_decisions(store) if scope.owns_kalshi(d.kalshi_ticker)]
    # A decision on a market no longer listed open lapses quietly: closed markets are routine.
    live = [d for d in decisions if d.kalshi_ticker in open_ids and d.polymarket_market_id in open_ids]
    pairs_file, overridden = with_review_decisions(settings.load_pairs_file(), live)
    report = match_report(
        kalshi,
        polymarket,
        pairs_file=scope.own_pairs_file(pairs_file),
        config=MatchConfig(auto_approve_confidence=settings.auto_approve_confidence),
        owns_kalshi=scope.owns_kalshi,
    )
    pairs = write_shard_match_run(store, scope.owns_kalshi, lambda others: scope.hold_conflicts(report.pairs, others))
    now = datetime.now(tz=UTC)
    queue = [queued for queued in read_review_queue(store) if scope.owns_pair(queued.pair)]
    summary = summarize_queue(queue, now)
    statuses = Counter(pair.status.value for pair in pairs)
    approved = [p for p in pairs if p.status is PairStatus.APPROVED]
    return dg.MaterializeResult(
        metadata={
            "shard": str(scope.shard),
            "kalshi_markets_matched": report.kalshi_markets,
            "dagster/row_count": len(pairs),
            "approved": statuses.get("approved", 0),
            "review": statuses.get("review", 0),
            "rejected": statuses.get("rejected", 0),
            "held_for_other_shards": sum(1 for p in pairs if any(r.startswith(CROSS_SHARD_HOLD) for r in p.reasons)),
            "pinned_by_pairs_file": sum(1 for p in pairs if p.decided_by == PAIRS_FILE_DECIDER),
            "decided_in_review": sum(1 for p in pairs if p.decided_by == REVIEW_DECIDER),
            "review_decisions_lapsed": len(decisions) - len(live),
            "candidates_compared": report.candidates,
            "pairs_file_issues": dg.MetadataValue.json([*report.pairs_file_issues, *overridden]),
            "approved_pairs": dg.MetadataValue.md(markdown.table(pairs_table(approved, what="approved pairs"))),
            "review_queue_size": summary.size,
            "review_queue_oldest_hours": round(summary.oldest_age.total_seconds() / 3600, 1) if summary.oldest_age else 0.0,
            "review_queue": dg.MetadataValue.md(f"{summary.describe()}\n\n{markdown.table(review_queue_table(queue, now))}"),
        }
    )
