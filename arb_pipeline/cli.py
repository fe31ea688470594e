"""The ``arb-pipeline`` command.

    arb-pipeline sandbox                  serve the local exchange and print the ARB_* settings
    arb-pipeline capture --out DIR        save raw venue responses (capture layout)
    arb-pipeline inspect-capture DIR      read a capture back and summarize it
    arb-pipeline stream --venue kalshi    watch live books over the venue WebSocket
    arb-pipeline scan --capture DIR --out FILE.json   match and size opportunities offline
    arb-pipeline demo                     the whole pipeline end to end on the sandbox and embedded PostgreSQL
    arb-pipeline dbt build                run dbt (the report marts) against the warehouse
    arb-pipeline psql                     open psql on the warehouse, marts first on the search path
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from arb_pipeline.config import Credentials, VenueEndpoints, data_dir

if TYPE_CHECKING:
    from arb_pipeline.venues.capture import Capture, CaptureReport
    from arb_pipeline.venues.watch import WatchReport

log = logging.getLogger("arb_pipeline")


def _print_capture_report(report: CaptureReport) -> None:
    print(f"captured {report.files} files ({report.bytes / 1e6:.1f} MB) in {report.seconds:.1f}s -> {report.directory}")
    for name, count in sorted(report.counts.items()):
        print(f"  {name:<28} {count}")
    for line in report.skipped:
        print(f"  skipped: {line}")


def _print_capture_summary(capture: Capture) -> None:
    print(f"capture {capture.directory} taken {capture.captured_at.isoformat()} from {capture.source}")
    for name, count in capture.summary().items():
        print(f"  {name:<20} {count}")
    for problem in capture.problems:
        print(f"  problem: {problem}")


def _print_watch_report(report: WatchReport) -> None:
    stats = report.stats
    print(
        f"{report.venue}: {report.synced}/{report.instruments} books live after {report.seconds:.0f}s; "
        f"messages={stats.messages} updates={stats.updates} malformed={stats.malformed} "
        f"gaps={stats.gaps} resyncs={stats.resyncs} reconnects={stats.reconnects}"
    )
    for quote in report.sample:
        print(f"  {quote.instrument_id[:40]:<40} bid {quote.best_bid}  ask {quote.best_ask}")


def cmd_sandbox(args: argparse.Namespace) -> int:
    from arb_pipeline.sandbox.server import serve

    serve(
        host=args.host,
        port=args.port,
        seed=args.seed,
        size=args.size,
        tick_interval_s=args.tick if args.tick > 0 else None,
        key_dir=args.key_dir,
    )
    return 0


def cmd_capture(args: argparse.Namespace) -> int:
    from arb_pipeline.venues.capture import capture

    report = asyncio.run(
        capture(
            Path(args.out),
            VenueEndpoints.from_env(),
            Credentials.from_env(),
            venues=args.venues.split(","),
            odds_sports=args.odds_sports.split(","),
            progress=not args.no_progress,
        )
    )
    _print_capture_report(report)
    return 0


def cmd_inspect_capture(args: argparse.Namespace) -> int:
    from arb_pipeline.venues.capture import load_capture

    capture = load_capture(Path(args.directory))
    _print_capture_summary(capture)
    return 1 if capture.problems and args.strict else 0


def cmd_stream(args: argparse.Namespace) -> int:
    from arb_pipeline.venues.watch import watch_kalshi, watch_polymarket

    endpoints = VenueEndpoints.from_env()
    if args.venue == "kalshi":
        report = asyncio.run(watch_kalshi(endpoints, Credentials.from_env(), args.seconds, args.markets))
    else:
        report = asyncio.run(watch_polymarket(endpoints, args.seconds, args.markets))
    _print_watch_report(report)
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from arb_pipeline.config import ScanSettings
    from arb_pipeline.scan import result_json, run_scan

    settings = ScanSettings.from_env()
    if args.pairs_file:
        settings = replace(settings, pairs_file=args.pairs_file)
    result = run_scan(Path(args.capture), settings)
    Path(args.out).write_bytes(result_json(result))
    for problem in result.problems:
        print(f"skipped {problem}", file=sys.stderr)
    for issue in result.pairs_file_issues:
        print(f"pairs file: {issue}", file=sys.stderr)
    statuses = {status: sum(1 for p in result.pairs if p.status.value == status) for status in ("approved", "review", "rejected")}
    print(
        f"{len(result.pairs)} pairs ({statuses['approved']} approved, {statuses['review']} review, "
        f"{statuses['rejected']} rejected); {len(result.opportunities)} cross-venue opportunities, "
        f"{len(result.intra_venue_opportunities)} intra-venue -> {args.out}"
    )
    for spread in sorted(result.opportunities, key=lambda s: -s.net_profit)[:10]:
        print(
            f"  {spread.kalshi_ticker} {spread.kalshi_side} + {spread.polymarket_market_id}: "
            f"{spread.contracts} sets, net ${spread.net_profit:.2f}, APY {spread.apy:.1%}"
        )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from arb_pipeline.demo import run_demo

    out = Path(args.out) if args.out else data_dir() / "captures" / datetime.now(tz=UTC).strftime("demo-%Y%m%dT%H%M%SZ")
    result = run_demo(out, args.seconds)
    return 0 if result.run_success and result.capture_problems == 0 else 1


def _warehouse_env() -> dict[str, str]:
    """The warehouse's dbt profile variables. Connecting starts (or attaches to) the embedded
    server, and this process holds it until the command it runs exits: the server stops when
    its last holder does."""
    from arb_pipeline.warehouse import Warehouse
    from arb_pipeline.warehouse.dbt_profile import dbt_env

    store = Warehouse.connect()
    return dbt_env(store.engine.url, store.schema)


def _passed_on(arguments: Sequence[str]) -> list[str]:
    # "--" lets a command's own options follow (psql -- -c '...'); it is not theirs.
    return list(arguments[1:] if arguments[:1] == ["--"] else arguments)


def cmd_dbt(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from arb_pipeline.warehouse.dbt_profile import DBT_PROJECT_DIR, dbt_executable

    project = str(DBT_PROJECT_DIR)
    env = {**os.environ, **_warehouse_env(), "DBT_PROJECT_DIR": project, "DBT_PROFILES_DIR": project}
    return subprocess.call([dbt_executable(), *_passed_on(args.dbt_args)], env=env, cwd=project)


def _psql_executable() -> str:
    import shutil

    found = shutil.which("psql")
    if found:
        return found
    try:
        import pgserver
    except ImportError:
        pgserver = None
    bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / "psql" if pgserver else None
    if bundled and bundled.exists():
        return str(bundled)
    raise OSError("psql is not installed: install the PostgreSQL client (e.g. apt-get install postgresql-client)")


def cmd_psql(args: argparse.Namespace) -> int:
    import os
    import subprocess

    from arb_pipeline.warehouse import dbt_profile as profile

    warehouse = _warehouse_env()
    env = {
        **os.environ,
        "PGHOST": warehouse[profile.HOST],
        "PGPORT": warehouse[profile.PORT],
        "PGUSER": warehouse[profile.USER],
        "PGPASSWORD": warehouse[profile.PASSWORD],
        "PGDATABASE": warehouse[profile.DBNAME],
        "PGSSLMODE": warehouse[profile.SSLMODE],
        # The marts and the warehouse tables by their bare names: `select * from daily_arbitrage`.
        "PGOPTIONS": f"-c search_path={warehouse[profile.SCHEMA]},{warehouse[profile.SOURCE_SCHEMA]}",
    }
    return subprocess.call([_psql_executable(), *_passed_on(args.psql_args)], env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arb-pipeline", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING (default), ERROR")
    sub = parser.add_subparsers(dest="command", required=True)

    sandbox = sub.add_parser("sandbox", help="serve the local exchange (Kalshi, Polymarket, Odds API) on loopback")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8787)
    sandbox.add_argument("--seed", type=int, default=7, help="scenario seed (same seed, same world)")
    sandbox.add_argument("--size", type=int, default=1, help="catalog scale: 1 = a few hundred markets per venue")
    sandbox.add_argument("--tick", type=float, default=0.5, help="seconds between book moves; 0 = never move")
    sandbox.add_argument("--key-dir", type=Path, default=None, help="where the sandbox Kalshi key pair lives")
    sandbox.set_defaults(func=cmd_sandbox)

    cap = sub.add_parser("capture", help="save raw venue responses from the configured endpoints")
    cap.add_argument("--out", required=True, help="an empty or new folder")
    cap.add_argument("--venues", default="kalshi,polymarket,odds", help="comma-separated subset of kalshi,polymarket,odds")
    cap.add_argument("--odds-sports", default="basketball_nba,americanfootball_nfl", help="Odds API sport keys")
    cap.add_argument("--no-progress", action="store_true", help="no progress bar")
    cap.set_defaults(func=cmd_capture)

    inspect = sub.add_parser("inspect-capture", help="read a capture folder back and summarize it")
    inspect.add_argument("directory")
    inspect.add_argument("--strict", action="store_true", help="exit 1 when any file could not be read")
    inspect.set_defaults(func=cmd_inspect_capture)

    stream = sub.add_parser("stream", help="watch live books over a venue WebSocket")
    stream.add_argument("--venue", choices=("kalshi", "polymarket"), required=True)
    stream.add_argument("--seconds", type=float, default=10.0)
    stream.add_argument("--markets", type=int, default=200, help="how many open markets to subscribe")
    stream.set_defaults(func=cmd_stream)

    scan_ = sub.add_parser("scan", help="match and size opportunities on a capture folder, offline")
    scan_.add_argument("--capture", required=True, help="a folder written by arb-pipeline capture")
    scan_.add_argument("--out", required=True, help="where to write the JSON result")
    scan_.add_argument("--pairs-file", default=None, help="YAML/JSON pins and rejections (default: $ARB_PAIRS_FILE)")
    scan_.set_defaults(func=cmd_scan)

    demo = sub.add_parser("demo", help="the whole pipeline end to end on the sandbox and the embedded warehouse")
    demo.add_argument("--out", default=None, help="capture folder (default: under $ARB_HOME/captures)")
    demo.add_argument("--seconds", type=float, default=3.0, help="how long to stream each venue")
    demo.set_defaults(func=cmd_demo)

    dbt = sub.add_parser(
        "dbt",
        help="run dbt on the report marts against the warehouse (ARB_WAREHOUSE_URL or the embedded server)",
        description="Every argument goes to dbt, e.g. arb-pipeline dbt build --vars '{min_date: 2026-01-08, "
        "max_date: 2026-01-09}'. Put -- before them when the first is an option.",
    )
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER, help="dbt's own command and options")
    dbt.set_defaults(func=cmd_dbt)

    psql = sub.add_parser(
        "psql",
        help="open psql on the warehouse, the marts schema first on the search path",
        description="Arguments after -- go to psql, e.g. arb-pipeline psql -- -c 'select * from daily_arbitrage'",
    )
    psql.add_argument("psql_args", nargs=argparse.REMAINDER, help="-- then psql's own options")
    psql.set_defaults(func=cmd_psql)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Heavy imports stay inside the commands; these error types are what a user can fix.
    from arb_pipeline.domain.matching import PairsFileError
    from arb_pipeline.venues.capture import CaptureError
    from arb_pipeline.venues.http import VenueHttpError
    from arb_pipeline.venues.kalshi import KalshiCredentialsError
    from arb_pipeline.venues.wire import WireFormatError
    from arb_pipeline.warehouse import EmbeddedWarehouseError, WarehouseUnavailableError

    fixable = (
        CaptureError,
        VenueHttpError,
        KalshiCredentialsError,
        WireFormatError,
        PairsFileError,
        WarehouseUnavailableError,
        EmbeddedWarehouseError,
        OSError,
    )
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except fixable as exc:
        print(f"arb-pipeline {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
