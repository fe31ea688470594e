"""Matched pairs: which Kalshi and Polymarket markets settle on the same outcome, with the exact
token mapping. Only approved pairs reach spreads; review and rejected ones are kept for people,
whose decisions (the pairs file, then the review queue) win over the matcher on every run."""


from collections import Counter
from datetime import UTC, datetime

import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, polymarket_markets
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, summarize_queue, with_review_decisions
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import pairs_table, review_queue_table
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_decisions, read_review_queue, write_match_run

MATCHING = "matching"


@dg.asset(
    group_name=MATCHING,
    kinds={"python", "postgres"},
    deps=[kalshi_markets, polymarket_markets],
    description=(
        "Kalshi x Polymarket pairs with confidence, reasons and token mapping. People's decisions win: the pairs "
        "file first, then decisions taken in the review queue (arb-pipeline review)."
    ),
)
def matched_pairs(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.MaterializeResult:
    settings = scan_settings.settings()
    store = warehouse.get()
    kalshi = open_markets(read_markets(store, Venue.KALSHI))
    polymarket = open_markets(read_markets(store, Venue.POLYMARKET))
    open_ids = {m.market_id for m in (*kalshi, *polymarket)}
    decisions = read_decisions(store)
    # A decision on a market no longer listed open lapses quietly: closed markets are routine.
    live = [d for d in decisions if d.kalshi_ticker in open_ids and d.polymarket_market_id in open_ids]
    pairs_file, overridden = with_review_decisions(settings.load_pairs_file(), live)
    report = match_report(
        kalshi, polymarket, pairs_file=pairs_file, config=MatchConfig(auto_approve_confidence=settings.auto_approve_confidence)
    )
    write_match_run(store, report.pairs)
    now = datetime.now(tz=UTC)
    queue = read_review_queue(store)
    summary = summarize_queue(queue, now)
    statuses = Counter(pair.status.value for pair in report.pairs)
    approved = [p for p in report.pairs if p.status is PairStatus.APPROVED]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(report.pairs),
            "approved": statuses.get("approved", 0),
            "review": statuses.get("review", 0),
            "rejected": statuses.get("rejected", 0),
            "pinned_by_pairs_file": sum(1 for p in report.pairs if p.decided_by == PAIRS_FILE_DECIDER),
            "decided_in_review": sum(1 for p in report.pairs if p.decided_by == REVIEW_DECIDER),
            "review_decisions_lapsed": len(decisions) - len(live),
            "candidates_compared": report.candidates,
            "pairs_file_issues": dg.MetadataValue.json([*report.pairs_file_issues, *overridden]),
            "approved_pairs": dg.MetadataValue.md(markdown.table(pairs_table(approved, what="approved pairs"))),
            "review_queue_size": summary.size,
            "review_queue_oldest_hours": round(summary.oldest_age.total_seconds() / 3600, 1) if summary.oldest_age else 0.0,
            "review_queue": dg.MetadataValue.md(f"{summary.describe()}\n\n{markdown.table(review_queue_table(queue, now))}"),
        }
    )
