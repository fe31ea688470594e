"""Full materialization time: the batch path's Dagster runs (catalog refresh, every shard's matching
and scan, arb_pipeline.app.full_scan, one after another in this process) against the sandbox (its
own process) into PostgreSQL (ARB_WAREHOUSE_URL, else the embedded server), per step and in total.
benchmarks/bench_scaleout.py spreads the shards' runs over worker processes.

    .venv/bin/python benchmarks/bench_pipeline.py [--size 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from collections import defaultdict


from arb_pipeline.sandbox.process import machine, sandbox_process

import dagster as dg

from arb_pipeline.app.full_scan import run_full_scan
from arb_pipeline.warehouse import Warehouse, warehouse_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    schema = f"arb_bench_{uuid.uuid4().hex[:8]}"
    os.environ["ARB_WAREHOUSE_SCHEMA"] = schema
    print(f"machine: {machine()}")
    print(f"warehouse: {warehouse_url().split('?')[0]} schema {schema}; sandbox size {args.size}")
    totals: list[float] = []
    steps: dict[str, list[float]] = defaultdict(list)
    with sandbox_process(size=args.size) as (endpoints, credentials):
        os.environ.update(endpoints.as_env())
        os.environ["KALSHI_API_KEY_ID"] = credentials.kalshi_api_key_id or ""
        os.environ["KALSHI_PRIVATE_KEY_PATH"] = credentials.kalshi_private_key_path or ""
        os.environ["ODDS_API_KEY"] = credentials.odds_api_key or ""
        for round_ in range(args.repeat):
            with dg.DagsterInstance.ephemeral() as instance:
                started = time.perf_counter()
                scan = run_full_scan(
                    instance, f"bench-{round_}", run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
                )
                totals.append(time.perf_counter() - started)
                assert scan.success, scan.describe()
                # A step's time summed over the shards' runs: the work one process does.
                spent: dict[str, float] = defaultdict(float)
                for _, _, result in scan.runs:
                    begun: dict[str, float] = {}
                    for record in instance.all_logs(result.run_id):
                        event = record.dagster_event
                        if event is None:
                            continue
                        if event.event_type_value == "STEP_START":
                            begun[event.step_key] = record.timestamp
                        elif event.event_type_value == "STEP_SUCCESS":
                            spent[event.step_key] += record.timestamp - begun[event.step_key]
                for step, seconds in spent.items():
                    steps[step].append(seconds)
    print(f"full pass, median of {args.repeat}: {statistics.median(totals):.2f} s (min {min(totals):.2f} s)")
    for step, durations in sorted(steps.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {step:<58} {statistics.median(durations):7.3f} s")
    with Warehouse.connect().transaction() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
