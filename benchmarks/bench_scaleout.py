"""Scale-out of the batch path: the full scan (catalog refresh, every shard's matching, every
shard's scan of one snapshot) against the sandbox at ``--size`` (its own process) into PostgreSQL
(ARB_WAREHOUSE_URL, else the embedded server), with 1, 2, 4 and 8 worker processes.

Each worker is a process running Dagster runs one after another, as a run pod does under the
K8sRunLauncher (or a run subprocess under the default launcher with a run queue of that size): the
shards' runs of a stage are spread over the workers, and a stage starts when the one before it
finished, as the schedule and sensors sequence them. The first line is the scan unpartitioned
(ARB_SCAN_SHARDS=1, one worker), the one-process figure the partitions are measured against.

    .venv/bin/python benchmarks/bench_scaleout.py [--size 60] [--shards 8] [--workers 1 2 4 8]

Each configuration starts on an empty warehouse schema, so every matching does the same work.
Peak memory is the largest resident set of any worker (and of the catalog run) over the
configuration, and the sum over the workers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from arb_pipeline.sandbox.process import machine, sandbox_process

_SNAPSHOT_TAG = "arb/snapshot_id"


@dataclass(frozen=True)
class RunDone:
    job: str
    shard: str | None
    success: bool
    seconds: float
    pid: int
    peak_rss_mb: float
    steps: dict[str, float]


def _warm() -> None:
    # A worker loads the code location once, as a run pod's image does before its run starts.
    from arb_pipeline.definitions import defs

    defs()


def _run(job_name: str, shard: str | None, snapshot_id: str | None) -> RunDone:
    import dagster as dg

    from arb_pipeline.definitions import defs

    job = defs().resolve_job_def(job_name)
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            partition_key=shard,
            tags={_SNAPSHOT_TAG: snapshot_id} if snapshot_id else {},
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
            raise_on_error=False,
        )
        seconds = time.perf_counter() - started
        steps: dict[str, float] = {}
        begun: dict[str, float] = {}
        for record in instance.all_logs(result.run_id):
            event = record.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.event_type_value == "STEP_START":
                begun[event.step_key] = record.timestamp
            elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in begun:
                steps[event.step_key] = record.timestamp - begun[event.step_key]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return RunDone(job_name, shard, result.success, seconds, os.getpid(), peak, steps)


@dataclass
class Measured:
    shards: int
    workers: int
    stages: dict[str, float]
    total: float
    worker_peak_mb: float
    worker_sum_mb: float
    catalog_peak_mb: float
    steps: dict[str, list[float]]


def _measure(shards: int, workers: int, schema: str) -> Measured:
    # Read by each worker when it loads the code location: spawned workers start from scratch.
    os.environ["ARB_SCAN_SHARDS"] = str(shards)
    os.environ["ARB_WAREHOUSE_SCHEMA"] = schema
    keys = [str(shard) for shard in range(shards)]
    spawn = multiprocessing.get_context("spawn")
    stages: dict[str, float] = {}
    peaks: dict[int, float] = {}
    steps: dict[str, list[float]] = {}
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn, initializer=_warm) as catalog_pool:
        catalog_pool.submit(_warm).result()
        started = time.perf_counter()
        catalog = catalog_pool.submit(_run, "catalog_refresh_job", None, None).result()
        stages["catalog"] = time.perf_counter() - started
    if not catalog.success:
        raise RuntimeError("catalog_refresh_job failed")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=_warm) as pool:
        # Start every worker before the clock, as a deployment's pods or run queue are there already.
        for future in [pool.submit(time.sleep, 0.5) for _ in range(workers)]:
            future.result()
        for stage, job_name, snapshot_id in (("matching", "matching_job", None), ("scan", "scan_job", f"bench-{schema}")):
            started = time.perf_counter()
            done = list(pool.map(_run, [job_name] * shards, keys, [snapshot_id] * shards))
            stages[stage] = time.perf_counter() - started
            failed = [run.shard for run in done if not run.success]
            if failed:
                raise RuntimeError(f"{job_name} failed for shards {failed}")
            for run in done:
                peaks[run.pid] = max(peaks.get(run.pid, 0.0), run.peak_rss_mb)
                for step, seconds in run.steps.items():
                    steps.setdefault(step, []).append(seconds)
    for step, seconds in catalog.steps.items():
        steps.setdefault(step, []).append(seconds)
    return Measured(
        shards, workers, stages, sum(stages.values()), max(peaks.values()), sum(peaks.values()), catalog.peak_rss_mb,
        steps,
    )  # fmt: skip


def _drop(schema: str) -> None:
    from arb_pipeline.warehouse import Warehouse

    with Warehouse.connect(schema=schema, migrate=False).transaction() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    from arb_pipeline.warehouse import warehouse_url

    print(f"machine: {machine()}")
    print(f"warehouse: {warehouse_url().split('?')[0]}; sandbox size {args.size} in its own process")
    plan = [(1, 1)] + [(args.shards, workers) for workers in args.workers]
    with sandbox_process(size=args.size) as (endpoints, credentials):
        os.environ.update(endpoints.as_env())
        os.environ["KALSHI_API_KEY_ID"] = credentials.kalshi_api_key_id or ""
        os.environ["KALSHI_PRIVATE_KEY_PATH"] = credentials.kalshi_private_key_path or ""
        os.environ["ODDS_API_KEY"] = credentials.odds_api_key or ""
        print(
            f"{'shards':>6} {'workers':>7} {'catalog s':>9} {'matching s':>10} {'scan s':>7} {'total s':>8} "
            f"{'worker peak MB':>14} {'all workers MB':>14} {'catalog MB':>10}"
        )
        for shards, workers in plan:
            schema = f"arb_bench_{uuid.uuid4().hex[:8]}"
            try:
                m = _measure(shards, workers, schema)
            finally:
                _drop(schema)
            print(
                f"{m.shards:>6} {m.workers:>7} {m.stages['catalog']:>9.1f} {m.stages['matching']:>10.1f} "
                f"{m.stages['scan']:>7.1f} {m.total:>8.1f} {m.worker_peak_mb:>14.0f} {m.worker_sum_mb:>14.0f} "
                f"{m.catalog_peak_mb:>10.0f}",
                flush=True,
            )
            slowest = sorted(m.steps.items(), key=lambda kv: -max(kv[1]))[:8]
            print("    slowest steps, longest shard / all shards: " + ", ".join(
                f"{step} {max(seconds):.1f}/{sum(seconds):.1f} s" for step, seconds in slowest
            ), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
