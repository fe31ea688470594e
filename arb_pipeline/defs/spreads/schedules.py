"""The scan: quote snapshot, spreads and opportunities, one run per shard of one snapshot.

``stream_scan_sensor`` (defs/quotes/sensors.py) launches the scan when the streamer sees fresh
data. The every-minute schedule (``ARB_SCAN_CRON``) stays as the fallback for a deployment without
the streamer, off until someone turns it on. Both request every shard's run with the same snapshot
id (docs/operations.md#scale-out)."""


import os

import dagster as dg

from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, SNAPSHOT_TS_TAG, quote_snapshots
from arb_pipeline.defs.shared.partitions import shard_run_requests
from arb_pipeline.defs.spreads.assets import opportunities, spreads

scan_job = dg.define_asset_job(
    "scan_job",
    selection=dg.AssetSelection.assets(quote_snapshots, spreads, opportunities),
    description="Snapshot a shard's books, walk its approved pairs, store its spreads and opportunities.",
)


def _scan_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(name="scan_schedule", job=scan_job, cron_schedule=cron, default_status=dg.DefaultScheduleStatus.STOPPED)
    def scan_schedule(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
        # The tick's time names the snapshot: a retried run writes into the same snapshot and
        # the warehouse's unique keys make that a no-op rather than a second copy.
        tick = context.scheduled_execution_time.isoformat()
        return shard_run_requests(tick, {SNAPSHOT_TAG: f"scan-{tick}", SNAPSHOT_TS_TAG: tick})

    return scan_schedule


@dg.definitions
def defs() -> dg.Definitions:
    cron = os.environ.get("ARB_SCAN_CRON") or "* * * * *"
    return dg.Definitions(jobs=[scan_job], schedules=[_scan_schedule(cron)])
