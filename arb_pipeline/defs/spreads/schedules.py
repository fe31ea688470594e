"""The scan: quote snapshot, spreads and opportunities; and the whole pipeline as one job.

``stream_scan_sensor`` (defs/quotes/sensors.py) launches the scan when the streamer sees fresh
data. The every-minute schedule (``ARB_SCAN_CRON``) stays as the fallback for a deployment without
the streamer, off until someone turns it on."""


import os

import dagster as dg

from arb_pipeline.defs.catalog.assets import CATALOG
from arb_pipeline.defs.matching.assets import MATCHING
from arb_pipeline.defs.quotes.assets import QUOTES, SNAPSHOT_TAG, quote_snapshots
from arb_pipeline.defs.spreads.assets import SPREADS, opportunities, spreads

scan_job = dg.define_asset_job(
    "scan_job",
    selection=dg.AssetSelection.assets(quote_snapshots, spreads, opportunities),
    description="Snapshot every book, walk every approved pair, store spreads and opportunities.",
)

#: The scan end to end by group, so assets of other groups (reports, trading) never ride along.
FULL_SCAN_ASSETS = dg.AssetSelection.groups(CATALOG, MATCHING, QUOTES, SPREADS)

full_scan_job = dg.define_asset_job(
    "full_scan_job",
    selection=FULL_SCAN_ASSETS,
    description="Catalogs, matching, quote snapshot, spreads and opportunities, end to end.",
)


def _scan_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(name="scan_schedule", job=scan_job, cron_schedule=cron, default_status=dg.DefaultScheduleStatus.STOPPED)
    def scan_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        # The tick's time names the snapshot: a retried run writes into the same snapshot and
        # the warehouse's unique keys make that a no-op rather than a second copy.
        tick = context.scheduled_execution_time.isoformat()
        return dg.RunRequest(run_key=tick, tags={SNAPSHOT_TAG: f"scan-{tick}"})

    return scan_schedule


@dg.definitions
def defs() -> dg.Definitions:
    cron = os.environ.get("ARB_SCAN_CRON") or "* * * * *"
    return dg.Definitions(jobs=[scan_job, full_scan_job], schedules=[_scan_schedule(cron)])
