"""Scale-out of the batch path: every shard's matching, then every shard's scan of one snapshot,
against the sandbox at ``--size`` (its own process) into PostgreSQL (ARB_WAREHOUSE_URL, else the
embedded server), on 1, 2 and 4 worker processes.

Each worker is a process running Dagster runs one after another, as a run pod does under the
K8sRunLauncher (or a run subprocess under the default launcher with a run queue of that size): the
shards' runs of a stage are spread over the workers, and a stage starts when the one before it
finished, as the schedule and sensors sequence them. The first line is the scan unpartitioned
(ARB_SCAN_SHARDS=1, one worker), the one-process figure the partitions are measured against.

    .venv/bin/python benchmarks/bench_scaleout.py [--size 60] [--shards 4] [--workers 1 2 4]

The catalog refresh (one run, no shard divides it) runs once, first, into a schema every
configuration copies its catalog tables from; each configuration then starts on its own schema
holding that catalog and nothing else, so every matching does the same work.

Per configuration: wall time per stage; CPU time (user + system) of the worker processes' runs,
of the PostgreSQL server processes serving their connections, and of the sandbox, which, unlike
wall time, hardly depends on what else the machine runs; the largest resident set of any worker and
their sum; the load average when the configuration started and ended. On two cores at most two
workers make progress at once, and the sandbox answering every book request shares them. The
PostgreSQL figure reads the server's processes in /proc, so it needs the server on this machine
(else it is 0), and misses a connection closed during a run (the pool keeps them open).
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
from pathlib import Path

from arb_pipeline.sandbox.process import machine, sandbox_process

_SNAPSHOT_TAG = "arb/snapshot_id"
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class RunDone:
    job: str
    shard: str | None
    success: bool
    seconds: float
    cpu_seconds: float
    postgres_cpu_seconds: float
    pid: int
    peak_rss_mb: float
    steps: dict[str, float]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


#: The PostgreSQL server processes behind this worker's connections (their pids on this machine).
_BACKENDS: set[int] = set()


def _proc_cpu(pid: int) -> float:
    """User + system seconds process ``pid`` has used (Linux /proc); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15 of stat


def _backends_cpu() -> float:
    return sum(_proc_cpu(pid) for pid in _BACKENDS)


def _warm() -> None:
    # A worker loads the code location once, as a run pod's image does before its run starts.
    import sqlalchemy as sa

    from arb_pipeline.definitions import defs
    from arb_pipeline.warehouse import get_engine

    def remember_backend(connection: object, _record: object) -> None:
        with connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("select pg_backend_pid()")
            _BACKENDS.add(cursor.fetchone()[0])

    # The runs' warehouse resource gets this engine (one per URL and process).
    sa.event.listen(get_engine(), "connect", remember_backend)
    defs()


def _run(job_name: str, shard: str | None, snapshot_id: str | None) -> RunDone:
    import dagster as dg

    from arb_pipeline.definitions import defs

    job = defs().resolve_job_def(job_name)
    started, cpu, postgres_cpu = time.perf_counter(), _cpu(), _backends_cpu()
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            instance=instance,
            partition_key=shard,
            tags={_SNAPSHOT_TAG: snapshot_id} if snapshot_id else {},
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
            raise_on_error=False,
        )
        seconds, cpu, postgres_cpu = time.perf_counter() - started, _cpu() - cpu, _backends_cpu() - postgres_cpu
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
    return RunDone(job_name, shard, result.success, seconds, cpu, postgres_cpu, os.getpid(), peak, steps)


def _children() -> list[int]:
    return [int(pid) for task in Path(f"/proc/{os.getpid()}/task").iterdir() for pid in (task / "children").read_text().split()]


def _load() -> str:
    return "/".join(f"{load:.1f}" for load in os.getloadavg())


@dataclass
class Measured:
    shards: int
    workers: int
    stages: dict[str, float]
    cpu: float
    postgres_cpu: float
    sandbox_cpu: float
    worker_peak_mb: float
    worker_sum_mb: float
    load: tuple[str, str]
    steps: dict[str, list[float]]

    @property
    def total(self) -> float:
        return sum(self.stages.values())


def _pool(workers: int) -> ProcessPoolExecutor:
    # Spawned workers start from scratch and read ARB_SCAN_SHARDS and the schema when they load.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)


def _catalog(schema: str) -> RunDone:
    os.environ["ARB_SCAN_SHARDS"] = "1"
    os.environ["ARB_WAREHOUSE_SCHEMA"] = schema
    with _pool(1) as pool:
        pool.submit(time.sleep, 0).result()
        done = pool.submit(_run, "catalog_refresh_job", None, None).result()
    if not done.success:
        raise RuntimeError("catalog_refresh_job failed")
    return done


def _copy_catalog(template: str, schema: str) -> None:
    """``schema`` created at the current version, holding the rows ``template``'s catalog run wrote
    (the tables the migration itself fills, its version, are left as it filled them)."""
    import sqlalchemy as sa

    from arb_pipeline.warehouse import Warehouse

    store = Warehouse.connect(schema=schema)
    with store.transaction() as connection:

        def filled(in_schema: str, table: str) -> bool:
            return connection.execute(sa.text(f"select exists (select from {in_schema}.{table})")).scalar_one()

        for table in sa.inspect(connection).get_table_names(schema=template):
            if filled(template, table) and not filled(schema, table):
                connection.exec_driver_sql(f"INSERT INTO {schema}.{table} SELECT * FROM {template}.{table}")


def _measure(shards: int, workers: int, schema: str, sandbox_pid: int) -> Measured:
    os.environ["ARB_SCAN_SHARDS"] = str(shards)
    os.environ["ARB_WAREHOUSE_SCHEMA"] = schema
    keys = [str(shard) for shard in range(shards)]
    stages: dict[str, float] = {}
    peaks: dict[int, float] = {}
    steps: dict[str, list[float]] = {}
    cpu = postgres_cpu = 0.0
    with _pool(workers) as pool:
        # Start every worker before the clock, as a deployment's pods or run queue are there already.
        for future in [pool.submit(time.sleep, 0.5) for _ in range(workers)]:
            future.result()
        load_start, sandbox_start = _load(), _proc_cpu(sandbox_pid)
        for stage, job_name, snapshot_id in (("matching", "matching_job", None), ("scan", "scan_job", f"bench-{schema}")):
            started = time.perf_counter()
            done = list(pool.map(_run, [job_name] * shards, keys, [snapshot_id] * shards))
            stages[stage] = time.perf_counter() - started
            failed = [run.shard for run in done if not run.success]
            if failed:
                raise RuntimeError(f"{job_name} failed for shards {failed}")
            for run in done:
                cpu += run.cpu_seconds
                postgres_cpu += run.postgres_cpu_seconds
                peaks[run.pid] = max(peaks.get(run.pid, 0.0), run.peak_rss_mb)
                for step, seconds in run.steps.items():
                    steps.setdefault(step, []).append(seconds)
        sandbox_cpu = _proc_cpu(sandbox_pid) - sandbox_start
        load_end = _load()
    return Measured(
        shards, workers, stages, cpu, postgres_cpu, sandbox_cpu, max(peaks.values()), sum(peaks.values()),
        (load_start, load_end), steps,
    )  # fmt: skip


def _drop(schema: str) -> None:
    from arb_pipeline.warehouse import Warehouse

    with Warehouse.connect(schema=schema, migrate=False).transaction() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _slowest(steps: dict[str, list[float]]) -> str:
    slowest = sorted(steps.items(), key=lambda kv: -sum(kv[1]))[:8]
    return ", ".join(f"{step} {max(seconds):.1f}/{sum(seconds):.1f} s" for step, seconds in slowest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    from arb_pipeline.warehouse import warehouse_url

    print(f"machine: {machine()}")
    print(f"warehouse: {warehouse_url().split('?')[0]}; sandbox size {args.size} in its own process")
    plan = [(1, 1)] + [(args.shards, workers) for workers in args.workers]
    template = f"arb_bench_{uuid.uuid4().hex[:8]}"
    with sandbox_process(size=args.size) as (endpoints, credentials):
        # The sandbox is this process's one child until the workers start.
        [sandbox_pid] = _children()
        os.environ.update(endpoints.as_env())
        os.environ["KALSHI_API_KEY_ID"] = credentials.kalshi_api_key_id or ""
        os.environ["KALSHI_PRIVATE_KEY_PATH"] = credentials.kalshi_private_key_path or ""
        os.environ["ODDS_API_KEY"] = credentials.odds_api_key or ""
        try:
            load = _load()
            catalog = _catalog(template)
            print(
                f"catalog refresh (one run): {catalog.seconds:.1f} s, {catalog.cpu_seconds:.1f} s CPU "
                f"+ {catalog.postgres_cpu_seconds:.1f} s PostgreSQL, "
                f"peak {catalog.peak_rss_mb:.0f} MB; load {load} -> {_load()}",
                flush=True,
            )
            print(
                f"{'shards':>6} {'workers':>7} {'matching s':>10} {'scan s':>7} {'wall s':>7} {'CPU s':>7} "
                f"{'workers':>8} {'PostgreSQL':>10} {'sandbox':>8} {'worker peak MB':>14} {'all workers MB':>14}  "
                "load 1/5/15 min start -> end"
            )
            for shards, workers in plan:
                schema = f"arb_bench_{uuid.uuid4().hex[:8]}"
                try:
                    _copy_catalog(template, schema)
                    m = _measure(shards, workers, schema, sandbox_pid)
                finally:
                    _drop(schema)
                print(
                    f"{m.shards:>6} {m.workers:>7} {m.stages['matching']:>10.1f} {m.stages['scan']:>7.1f} "
                    f"{m.total:>7.1f} {m.cpu + m.postgres_cpu + m.sandbox_cpu:>7.1f} {m.cpu:>8.1f} "
                    f"{m.postgres_cpu:>10.1f} {m.sandbox_cpu:>8.1f} {m.worker_peak_mb:>14.0f} "
                    f"{m.worker_sum_mb:>14.0f}  {m.load[0]} -> {m.load[1]}",
                    flush=True,
                )
                print(f"    steps by time summed over shards (longest/sum): {_slowest(m.steps)}", flush=True)
        finally:
            _drop(template)


if __name__ == "__main__":
    main()
