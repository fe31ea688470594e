"""The daily reports: every dbt mart, one UTC day per run; the schedule builds the day that
just ended (``ARB_REPORTS_CRON``, default 00:15 UTC, late enough for the day's last scans)."""

import dagster as dg
from dagster_dbt import DbtCliResource

from arb_pipeline.defs.reports.partitions import day_that_ended_schedule
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


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        jobs=[reports_job],
        schedules=[day_that_ended_schedule("daily_reports_schedule", reports_job, "ARB_REPORTS_CRON", "15 0 * * *")],
        resources={"dbt": DbtCliResource(project_dir=arb_dbt_project)},
    )
