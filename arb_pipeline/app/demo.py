"""The end-to-end run behind ``scripts/demo``: the whole pipeline on the embedded defaults.

0. empty what the demo owns (:mod:`.demo_state`): its warehouse schema and ``$ARB_HOME/demo``,
   so every run on the seed shows the same figures and nothing of a user's is touched;
1. start the sandbox exchange on loopback (a thread of this process);
2. run the batch path through Dagster (:mod:`.full_scan`: catalogs, then every shard's matching,
   then every shard's quote snapshot, spreads and opportunities) against it, into the demo's
   schema of the embedded PostgreSQL, recorded in the demo's own Dagster instance
   (``$ARB_HOME/demo/dagster``) so ``dagster dev`` shows the run;
3. print the opportunities the warehouse now holds next to what the sandbox planted;
4. capture every venue into a folder and scan it offline (``arb-pipeline scan``);
5. run the sidecar streamer on the approved pairs for a few seconds while the world moves, and show
   what it saw and stored;
6. trade the day (:mod:`.demo_trading`): scan the moved world once more, paper-trade the first
   scan's opportunities on it (``paper_trade_job``), resolve the pairs held in the sandbox, then
   ``settlement_job`` and today's ``pnl_job``; print the trades, unwinds and PnL;
7. run ``reports_job`` for today (the dbt marts and ``daily_report``), print the report's summary
   and say where to look: the HTML page, the SQL, and the UI against the same sandbox world.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from arb_pipeline.config import DEMO_SCHEMA, HOME_ENV, Credentials, ScanSettings, data_dir

if TYPE_CHECKING:
    from arb_pipeline.app.full_scan import FullScan
    from arb_pipeline.domain.models import Spread
    from arb_pipeline.warehouse import Warehouse


#: The sandbox world the demo runs on; `arb-pipeline sandbox --seed` with it serves the same one.
SANDBOX_SEED = 7


@dataclass
class DemoResult:
    run_success: bool
    opportunities: int
    planted: int
    capture_problems: int


@contextmanager
def _moving_world(control_url: str, interval_s: float = 0.2) -> Iterator[None]:
    """Step the sandbox world while the block runs, so streams see real deltas. The scan above
    ran on a still world, so what it found can be compared with what the sandbox planted."""
    stop = threading.Event()

    def tick() -> None:
        with httpx.Client(timeout=5) as client:
            while not stop.wait(interval_s):
                client.post(control_url + "/tick", json={"n": 1})

    thread = threading.Thread(target=tick, name="sandbox-ticker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def _print_opportunities(spreads: Sequence[Spread], snapshot_id: str) -> None:
    from arb_pipeline.reports import text
    from arb_pipeline.reports.tables import opportunity_table

    print(text.table(opportunity_table(spreads, snapshot_id=snapshot_id, limit=10)))


def _print_runs(runs: FullScan) -> None:
    # Each run's checks under its own line: paper_trade_job and settlement_job both rebuild the
    # positions and check what each left, which a list after all the runs showed as one set twice.
    for (_, _, result), line in zip(runs.runs, runs.describe(), strict=True):
        print(f"dagster {line}")
        for evaluation in result.get_asset_check_evaluations():
            print(f"  check {evaluation.asset_key.to_user_string()}.{evaluation.check_name}: {'passed' if evaluation.passed else 'FAILED'}")


def _run_streamer(store: Warehouse, seconds: float, spill_dir: Path) -> None:
    """The sidecar streamer on the pairs the scan approved, for ``seconds`` while the world moves;
    then what it saw and what the warehouse now holds from it."""
    from arb_pipeline.app.streamer import print_report
    from arb_pipeline.streamer.service import Streamer
    from arb_pipeline.streamer.settings import StreamerSettings
    from arb_pipeline.warehouse import stream

    # Any free port: a demo must not fail because something else listens on 9108. Its own spill
    # directory: a user's streamer's unwritten rows are replayed by that streamer, never into
    # the demo's schema, and the demo's never into theirs.
    settings = StreamerSettings.from_env(overrides={"metrics_port": 0, "metrics_host": "127.0.0.1", "spill_dir": spill_dir})

    async def run() -> None:
        report = await Streamer(settings, store).run(seconds, install_signals=False)
        print_report(report)

    asyncio.run(run())
    with store.engine.connect() as connection:
        counts = {table.value: stream.count_rows(connection, table, schema=store.schema) for table in stream.StreamTable}
    print("  the warehouse holds " + ", ".join(f"{rows} {table}" for table, rows in counts.items()) + " rows from the streamer")


def run_demo(out: Path, stream_seconds: float, schema: str = DEMO_SCHEMA) -> DemoResult:
    """The whole day on the sandbox, into the demo's own ``schema`` (emptied first)."""
    import dagster as dg

    from arb_pipeline.app.demo_state import reset_demo_state
    from arb_pipeline.app.demo_trading import trade_the_day
    from arb_pipeline.app.full_scan import run_full_scan
    from arb_pipeline.domain.models import OpportunityKind, PairStatus
    from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
    from arb_pipeline.sandbox.server import SandboxExchange
    from arb_pipeline.app.offline_scan import run_offline_scan
    from arb_pipeline.app.report import build_day, where_to_look, write_report
    from arb_pipeline.venues.capture import capture, load_capture
    from arb_pipeline.warehouse import WAREHOUSE_SCHEMA_ENV, Warehouse, get_engine, warehouse_url
    from arb_pipeline.warehouse.connection import describe_url
    from arb_pipeline.warehouse.pairs import read_pairs
    from arb_pipeline.warehouse.spreads import read_snapshot_opportunities

    home = data_dir()
    state = reset_demo_state(get_engine(), schema, home, user_schema=os.environ.get(WAREHOUSE_SCHEMA_ENV))
    # The jobs' resources, dbt and the report read these from the environment, as in production.
    os.environ.update(state.env())
    private_key_path, public_pem = sandbox_key_pair(home / "sandbox")
    exchange = SandboxExchange(seed=SANDBOX_SEED, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    with exchange.run_in_thread() as running:
        endpoints = running.endpoints
        # The job's resources read the environment, exactly as in production.
        os.environ.update(endpoints.as_env())
        os.environ["KALSHI_API_KEY_ID"] = SANDBOX_KEY_ID
        os.environ["KALSHI_PRIVATE_KEY_PATH"] = str(private_key_path)
        os.environ["ODDS_API_KEY"] = "sandbox"
        print(f"sandbox exchange: {endpoints.kalshi_api_url.split('/kalshi')[0]}")
        print(f"warehouse: {describe_url(warehouse_url()).split('?')[0]}  (embedded PostgreSQL unless ARB_WAREHOUSE_URL is set), "
              f"schema {state.schema}, emptied for this run; the demo's Dagster runs and reports: {state.root}")

        snapshot_id = datetime.now(tz=UTC).strftime("demo-%Y%m%dT%H%M%SZ")
        # Step-by-step DEBUG events go to the instance (see them in `dagster dev`); the terminal
        # keeps warnings and errors.
        quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
        with dg.DagsterInstance.get() as instance:
            scan = run_full_scan(instance, snapshot_id, run_config=quiet)
        _print_runs(scan)

        store = Warehouse.connect(schema=state.schema)
        pairs = read_pairs(store)
        found = read_snapshot_opportunities(store, snapshot_id)
        cross = [s for s in found if s.kind is OpportunityKind.CROSS_VENUE]
        planted = exchange.scenario.planted_arbitrage
        print(
            f"pairs: {sum(p.status is PairStatus.APPROVED for p in pairs)} approved, "
            f"{sum(p.status is PairStatus.REVIEW for p in pairs)} in review, "
            f"{sum(p.status is PairStatus.REJECTED for p in pairs)} rejected"
        )
        print(f"opportunities: {len(cross)} cross-venue (the sandbox planted {len(planted)}), {len(found) - len(cross)} intra-venue")
        _print_opportunities(found, snapshot_id)

        credentials = Credentials(SANDBOX_KEY_ID, str(private_key_path), "sandbox")
        report = asyncio.run(capture(out, endpoints, credentials, progress=False))
        print(f"capture: {report.files} files in {report.seconds:.1f}s -> {out}")
        loaded = load_capture(out)
        scanned = run_offline_scan(out, ScanSettings.from_env())
        print(
            f"offline scan of the capture: {len(loaded.kalshi_markets)} + {len(loaded.polymarket_markets)} markets, "
            f"{len(scanned.opportunities)} cross-venue opportunities, {len(loaded.problems)} unreadable files"
        )
        control_url = endpoints.kalshi_api_url.split("/kalshi/")[0] + "/_sandbox"
        with _moving_world(control_url):
            _run_streamer(store, stream_seconds, state.spill)
        day = datetime.now(tz=UTC).date()
        with dg.DagsterInstance.get() as instance:
            traded = trade_the_day(instance, store, snapshot_id, f"{snapshot_id}-next", control_url, day, quiet)
        _print_runs(traded.runs)
        print("\n".join(traded.describe()))
    day_reports = state.reports / day.isoformat()
    dbt_log = day_reports / "reports_job.log"
    with dg.DagsterInstance.get() as instance:
        reports_built = build_day(instance, day, dbt_log)
    written = write_report(store, day, day_reports)
    print(
        f"dagster reports_job {day.isoformat()}: {'SUCCESS' if reports_built else 'FAILURE'} "
        f"(dbt marts with their tests, then daily_report; dbt's output in {dbt_log})"
    )
    print("\n".join(f"  {what}: {value}" for what, value in written.report.summary))
    # A new shell has none of the demo's settings: an ARB_HOME it ran under (the embedded
    # warehouse lives there) is named on every command, beside the demo's own settings.
    home = {HOME_ENV: str(data_dir())} if os.environ.get(HOME_ENV) else {}
    print(where_to_look(day, written.html, {**home, **state.env()}, sandbox_seed=SANDBOX_SEED))
    return DemoResult(scan.success and traded.runs.success and reports_built, len(cross), len(planted),
                      len(loaded.problems))
