"""The catalog refresh: series and markets, hourly by default (``ARB_CATALOG_CRON``); each
refresh that succeeds launches the matching it feeds (defs/matching/sensors.py)."""


import os

import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series, polymarket_markets

catalog_refresh_job = dg.define_asset_job(
    "catalog_refresh_job",
    selection=dg.AssetSelection.assets(kalshi_series, kalshi_markets, polymarket_markets),
    description="Refresh both venues' catalogs.",
)


@dg.definitions
def defs() -> dg.Definitions:
    # Read when Dagster loads the code location, not at import: like every setting
    # (config.py), it is read when used, so importing the module never depends on the environment.
    cron = os.environ.get("ARB_CATALOG_CRON") or "0 * * * *"
    return dg.Definitions(
        jobs=[catalog_refresh_job],
        schedules=[dg.ScheduleDefinition(name="catalog_refresh_schedule", job=catalog_refresh_job, cron_schedule=cron)],
    )
