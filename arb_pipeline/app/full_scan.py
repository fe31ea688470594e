"""The batch path end to end as Dagster runs it: ``catalog_refresh_job``, then every shard's
``matching_job`` run, then every shard's ``scan_job`` run of one snapshot (docs/operations.md#scale-out).

In a deployment the schedule, the sensors and the run launcher do this, each run in its own
process or pod; here (the demo, and anything that wants one pass) the runs go one after another in
this process. A stage that fails stops the pass: no shard scans on a matching that did not finish."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from arb_pipeline.definitions import defs
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS


@dataclass
class FullScan:
    runs: list[tuple[str, str | None, dg.ExecuteInProcessResult]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(result.success for _, _, result in self.runs)

    def describe(self) -> list[str]:
        return [
            f"{job}{f' shard {shard}' if shard is not None else ''} run {result.run_id}: "
            f"{'SUCCESS' if result.success else 'FAILURE'}"
            for job, shard, result in self.runs
        ]

    def check_evaluations(self) -> list[dg.AssetCheckEvaluation]:
        return [evaluation for _, _, result in self.runs for evaluation in result.get_asset_check_evaluations()]


def run_full_scan(
    instance: dg.DagsterInstance, snapshot_id: str, *, run_config: Mapping[str, Any] | None = None
) -> FullScan:
    """Refresh the catalogs, match every shard, then scan every shard into ``snapshot_id``."""
    definitions = defs()
    done = FullScan()

    def run(job_name: str, shard: str | None, tags: dict[str, str]) -> bool:
        result = definitions.resolve_job_def(job_name).execute_in_process(
            instance=instance, partition_key=shard, tags=tags, run_config=dict(run_config or {}), raise_on_error=False
        )
        done.runs.append((job_name, shard, result))
        return result.success

    if not run("catalog_refresh_job", None, {}):
        return done
    for job_name, tags in (("matching_job", {}), ("scan_job", {SNAPSHOT_TAG: snapshot_id})):
        stage = [run(job_name, key, tags) for key in SCAN_SHARDS.get_partition_keys()]
        if not all(stage):
            return done
    return done
