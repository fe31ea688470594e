"""The catalog refresh: series, markets and the matching they feed, hourly by default
(``ARB_CATALOG_CRON``)."""


import os

import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series, polymarket_markets
from arb_pipeline.defs.matching.assets import matched_pairs

catalog_refresh_job = dg.define_asset_job(
    "catalog_refresh_job",
    selection=dg.AssetSelection.assets(kalshi_series, kalshi_markets, polymarket_markets, matched_pairs),
    description="Refresh both venues' catalogs and re-match pairs.",
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
