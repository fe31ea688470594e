"""Matched pairs: which Kalshi and Polymarket markets settle on the same outcome, with the exact
token mapping. Only approved pairs reach spreads; review and rejected ones are kept for people."""


from collections import Counter

import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, polymarket_markets
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import pairs_table

MATCHING = "matching"


@dg.asset(
    group_name=MATCHING,
    kinds={"python", "postgres"},
    deps=[kalshi_markets, polymarket_markets],
    description="Kalshi x Polymarket pairs with confidence, reasons and token mapping; the pairs file always wins.",
)
def matched_pairs(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.MaterializeResult:
    settings = scan_settings.settings()
    store = warehouse.get()
    kalshi = open_markets(store.load_markets(Venue.KALSHI))
    polymarket = open_markets(store.load_markets(Venue.POLYMARKET))
    pairs_file = settings.load_pairs_file()
    report = match_report(
        kalshi, polymarket, pairs_file=pairs_file, config=MatchConfig(auto_approve_confidence=settings.auto_approve_confidence)
    )
    store.record_match(report.pairs)
    statuses = Counter(pair.status.value for pair in report.pairs)
    approved = [p for p in report.pairs if p.status is PairStatus.APPROVED]
    review = [p for p in report.pairs if p.status is PairStatus.REVIEW]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(report.pairs),
            "approved": statuses.get("approved", 0),
            "review": statuses.get("review", 0),
            "rejected": statuses.get("rejected", 0),
            "pinned_by_pairs_file": sum(1 for p in report.pairs if p.decided_by == "pairs_file"),
            "candidates_compared": report.candidates,
            "pairs_file_issues": dg.MetadataValue.json(list(report.pairs_file_issues)),
            "approved_pairs": dg.MetadataValue.md(markdown.table(pairs_table(approved, what="approved pairs"))),
            "review_queue": dg.MetadataValue.md(markdown.table(pairs_table(review, what="pairs waiting for review"))),
        }
    )
