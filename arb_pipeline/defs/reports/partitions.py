"""The reports' daily partitions: UTC days, the same days the dbt marts' ``arb_date`` means."""

import os
from datetime import timedelta
from typing import Any

import dagster as dg

# No warehouse of this project holds data from before 2025. end_offset=1 makes today a
# partition too, so today's report can be built (and rebuilt) while the day runs; the schedule
# builds each day once more after it ends.
DAILY_PARTITIONS = dg.DailyPartitionsDefinition(start_date="2025-01-01", end_offset=1)


def day_that_ended_schedule(name: str, job: Any, cron_variable: str, default_cron: str) -> dg.ScheduleDefinition:
    """A schedule, stopped until someone starts it, that runs ``job`` (an asset job over the daily
    partitions) on the UTC day before each tick: at a tick just after midnight, the day that just
    ended, complete. Its cron is ``cron_variable``'s, else ``default_cron``, read when Dagster
    loads the definitions (docs/architecture.md#conventions)."""
    cron = os.environ.get(cron_variable) or default_cron

    @dg.schedule(name=name, job=job, cron_schedule=cron, execution_timezone="UTC",
                 default_status=dg.DefaultScheduleStatus.STOPPED)
    def _schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        day = (context.scheduled_execution_time - timedelta(days=1)).date().isoformat()
        return dg.RunRequest(run_key=day, partition_key=day)

    return _schedule
