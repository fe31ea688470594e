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
            f"{job}{f' {key}' if key is not None else ''} run {result.run_id}: "
            f"{'SUCCESS' if result.success else 'FAILURE'}"
            for job, key, result in self.runs
        ]


def run_job(
    instance: dg.DagsterInstance, done: FullScan, job_name: str, *, partition_key: str | None = None,
    tags: Mapping[str, str] | None = None, run_config: Mapping[str, Any] | None = None, label: str | None = None,
) -> bool:
    """Run one job of the definitions in ``instance``, recording it in ``done`` under ``label``
    (default: the partition)."""
    result = defs().resolve_job_def(job_name).execute_in_process(
        instance=instance, partition_key=partition_key, tags=dict(tags or {}), run_config=dict(run_config or {}),
        raise_on_error=False,
    )
    done.runs.append((job_name, label or partition_key, result))
    return result.success


def _shards(instance: dg.DagsterInstance, done: FullScan, job_name: str, tags: Mapping[str, str],
            run_config: Mapping[str, Any] | None) -> bool:
    stage = [run_job(instance, done, job_name, partition_key=key, tags=tags, run_config=run_config,
                     label=f"shard {key}") for key in SCAN_SHARDS.get_partition_keys()]
    return all(stage)


def run_scan(
    instance: dg.DagsterInstance, snapshot_id: str, *, run_config: Mapping[str, Any] | None = None
) -> FullScan:
    """Scan every shard into ``snapshot_id`` on the catalogs and pairs already stored."""
    done = FullScan()
    _shards(instance, done, "scan_job", {SNAPSHOT_TAG: snapshot_id}, run_config)
    return done


def run_full_scan(
    instance: dg.DagsterInstance, snapshot_id: str, *, run_config: Mapping[str, Any] | None = None
) -> FullScan:
    """Refresh the catalogs, match every shard, then scan every shard into ``snapshot_id``."""
    done = FullScan()
    if not run_job(instance, done, "catalog_refresh_job", run_config=run_config):
        return done
    if _shards(instance, done, "matching_job", {}, run_config):
        _shards(instance, done, "scan_job", {SNAPSHOT_TAG: snapshot_id}, run_config)
    return done
