"""Matching follows the catalogs: when a catalog refresh succeeds, every shard's matching run is
launched (docs/operations.md#scale-out), keyed by the refresh's run so none is launched twice."""

import dagster as dg

from arb_pipeline.defs.catalog.schedules import catalog_refresh_job
from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.partitions import shard_run_requests

#: Tag naming the catalog refresh a matching run follows.
CATALOG_RUN_TAG = "arb/catalog_run"

matching_job = dg.define_asset_job(
    "matching_job",
    selection=dg.AssetSelection.assets(matched_pairs),
    description="Match a shard's Kalshi events against every Polymarket market.",
)


@dg.run_status_sensor(
    name="matching_after_catalog_sensor",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[catalog_refresh_job],
    request_job=matching_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Launches every shard's matching_job run when catalog_refresh_job succeeds.",
)
def matching_after_catalog_sensor(context: dg.RunStatusSensorContext) -> list[dg.RunRequest]:
    run_id = context.dagster_run.run_id
    return shard_run_requests(f"catalog-{run_id}", {CATALOG_RUN_TAG: run_id})
