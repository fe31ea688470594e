"""The daily reports: every dbt mart, one UTC day per run; the schedule builds the day that
just ended (``ARB_REPORTS_CRON``, default 00:15 UTC, late enough for the day's last scans)."""

import os
from datetime import timedelta

import dagster as dg
from dagster_dbt import DbtCliResource

from arb_pipeline.defs.reports.project import arb_dbt_project

REPORTS_GROUP = "reports"

#: Every report asset: the dbt marts (dbt_project.yml puts them in the reports group).
REPORT_ASSETS = dg.AssetSelection.groups(REPORTS_GROUP)

#: The checks on the paper-trading tables the PnL marts read, run first in every reports run, so a
#: failing blocking one stops the marts from building on rows that break it. The scan's tables
#: are checked per snapshot and shard in the scan runs (their checks read the run's snapshot
#: and shard, which a daily run does not have).
SOURCE_CHECKS = dg.AssetSelection.checks_for_assets("fills", "settlements", "positions", "pnl")

reports_job = dg.define_asset_job(
    "reports_job",
    selection=REPORT_ASSETS | SOURCE_CHECKS,
    description="Build the dbt marts for one UTC day (daily_arbitrage and friends) and the current match quality, with their tests.",
)


def _daily_reports_schedule(cron: str) -> dg.ScheduleDefinition:
    @dg.schedule(name="daily_reports_schedule", job=reports_job, cron_schedule=cron, execution_timezone="UTC")
    def daily_reports_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        # The day before the tick: at 00:15 that is the day that just ended, complete.
        day = (context.scheduled_execution_time - timedelta(days=1)).date().isoformat()
        return dg.RunRequest(run_key=day, partition_key=day)

    return daily_reports_schedule


@dg.definitions
def defs() -> dg.Definitions:
    cron = os.environ.get("ARB_REPORTS_CRON") or "15 0 * * *"
    return dg.Definitions(
        jobs=[reports_job],
        schedules=[_daily_reports_schedule(cron)],
        resources={"dbt": DbtCliResource(project_dir=arb_dbt_project)},
    )
