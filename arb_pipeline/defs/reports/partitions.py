"""The reports' daily partitions: UTC days, the same days the dbt marts' ``arb_date`` means."""

import dagster as dg

# No warehouse of this project holds data from before 2025. end_offset=1 makes today a
# partition too, so today's report can be built (and rebuilt) while the day runs; the schedule
# builds each day once more after it ends.
DAILY_PARTITIONS = dg.DailyPartitionsDefinition(start_date="2025-01-01", end_offset=1)
