"""arb-pipeline: prediction-market arbitrage from the command line.

    arb-pipeline sandbox                  serve the local exchange and print the ARB_* settings
    arb-pipeline capture --out DIR        save raw venue responses (capture layout)
    arb-pipeline inspect-capture DIR      read a capture back and summarize it
    arb-pipeline stream --venue kalshi    watch live books over the venue WebSocket
    arb-pipeline scan --capture DIR --out FILE.json   match and size opportunities offline
    arb-pipeline streamer                 the sidecar streamer: live books and opportunities into the warehouse
    arb-pipeline bench stream             the streamer measured end to end against the sandbox
    arb-pipeline demo                     the whole pipeline end to end on the sandbox and embedded PostgreSQL
    arb-pipeline match-eval --set dev     the matcher's precision, recall and review rate on a labeled set
    arb-pipeline review                   pairs waiting for a person; review approve|reject|withdraw|decisions|export
    arb-pipeline dbt build                run dbt (the report marts) against the warehouse
    arb-pipeline report --date YYYY-MM-DD the day's report: terminal, HTML page with plots, CSVs
    arb-pipeline psql                     open psql on the warehouse, marts first on the search path
    arb-pipeline positions                the paper-trading book: open positions marked at the best bid
    arb-pipeline pnl [--date YYYY-MM-DD]  a UTC day's paper PnL: realized, unrealized, fees
    arb-pipeline backtest --recording DIR replay a streamer recording through paper trading: its PnL
    arb-pipeline halt --reason TEXT       engage the kill switch: nothing trades until resume
    arb-pipeline resume [--reset-trips]   release the kill switch (and clear the breaker's trips)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from arb_pipeline.app import arguments
from arb_pipeline.config import DEMO_SCHEMA, Credentials, VenueEndpoints, data_dir
from arb_pipeline.redaction import install_log_redaction, redact

if TYPE_CHECKING:
    from arb_pipeline.venues.capture import Capture, CaptureReport
    from arb_pipeline.venues.watch import WatchReport

log = logging.getLogger("arb_pipeline")


def _print_capture_report(report: CaptureReport) -> None:
    print(f"captured {report.files} files ({report.bytes / 1e6:.1f} MB) in {report.seconds:.1f}s -> {report.directory} (complete)")
    for name, count in sorted(report.counts.items()):
        print(f"  {name:<28} {count}")
    for line in report.skipped:
        print(f"  skipped: {line}")
    folder = shlex.quote(str(report.directory))
    print(f"next: arb-pipeline inspect-capture {folder}    (read it back: counts and every problem)")
    print(f"      arb-pipeline scan --capture {folder} --out scan.json    (pairs and opportunities, offline)")


def _print_capture_summary(capture: Capture) -> None:
    print(
        f"capture {capture.directory} taken {capture.captured_at.isoformat()} to {capture.completed_at.isoformat()} "
        f"from {capture.source}"
    )
    if not capture.complete:
        print(f"  INCOMPLETE: the capture failed midway ({capture.incomplete_reason or 'no reason recorded'})")
    for name, count in capture.summary().items():
        print(f"  {name:<20} {count}")
    for problem in capture.problems:
        print(f"  problem: {problem}")


def _print_watch_report(report: WatchReport) -> None:
    stats = report.stats
    print(
        f"{report.venue}: {report.synced}/{report.instruments} books live after {report.seconds:.0f}s; "
        f"messages={stats.messages} updates={stats.updates} malformed={stats.malformed} "
        f"gaps={stats.gaps} divergences={stats.divergences} resyncs={stats.resyncs} "
        f"reconnects={stats.reconnects} connect_failures={stats.connect_failures}"
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

    from arb_pipeline.domain.quality import book_problems

    capture = load_capture(Path(args.directory), allow_incomplete=True)
    _print_capture_summary(capture)
    # Files that parse can still hold books no venue leaves standing (crossed, absurd sizes):
    # the scan refuses every spread over them, and the capture is not healthy either.
    bad_books = book_problems(capture.kalshi_books.values(), capture.polymarket_books.values())
    for problem in bad_books:
        print(f"  bad book: {problem}")
    return 1 if capture.problems or bad_books or not capture.complete else 0


def cmd_stream(args: argparse.Namespace) -> int:
    from arb_pipeline.venues.kalshi.watch import watch_kalshi
    from arb_pipeline.venues.polymarket.watch import watch_polymarket

    endpoints = VenueEndpoints.from_env()
    if args.venue == "kalshi":
        report = asyncio.run(watch_kalshi(endpoints, Credentials.from_env(), args.seconds, args.markets))
    else:
        report = asyncio.run(watch_polymarket(endpoints, args.seconds, args.markets))
    _print_watch_report(report)
    if report.synced == 0:
        # A feed that never delivered a book is a failure, whatever the reason: say which.
        stats = report.stats
        if report.instruments == 0:
            why = "the venue listed no open market to watch"
        elif stats.connect_failures:
            refusals = ", ".join(f"{code} x{n}" for code, n in sorted(stats.errors.items()) if code.startswith("handshake_"))
            why = f"{stats.connect_failures} connection attempts failed" + (f" ({refusals})" if refusals else "")
        else:
            why = "connected, but no book snapshot arrived"
        print(f"arb-pipeline stream: error: no {report.venue} book went live in {report.seconds:g}s: {why}", file=sys.stderr)
        return 1
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from arb_pipeline.config import ScanSettings
    from arb_pipeline.app.offline_scan import result_json, run_offline_scan

    settings = ScanSettings.from_env()
    if args.pairs_file:
        settings = replace(settings, pairs_file=args.pairs_file)
    result = run_offline_scan(Path(args.capture), settings, allow_incomplete=args.allow_incomplete)
    Path(args.out).write_bytes(result_json(result))
    if not result.capture.complete:
        print(f"warning: {args.capture} is an incomplete capture ({result.capture.incomplete_reason})", file=sys.stderr)
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
    turned_down = sorted(result.turned_down, key=lambda s: -s.net_profit)
    if turned_down:
        print(f"{len(turned_down)} priced at a profit but turned down (all under 'turned_down' in {args.out}):")
        for spread in turned_down[:10]:
            print(
                f"  {spread.kalshi_ticker} {spread.kalshi_side} + {spread.polymarket_market_id}: "
                f"{'; '.join(spread.rejection_reasons)}"
            )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from arb_pipeline.app.demo import run_demo

    out = Path(args.out) if args.out else data_dir() / "captures" / datetime.now(tz=UTC).strftime("demo-%Y%m%dT%H%M%SZ")
    result = run_demo(out, args.seconds, args.schema)
    return 0 if result.run_success and result.capture_problems == 0 else 1


def cmd_match_eval(args: argparse.Namespace) -> int:
    import orjson

    from arb_pipeline.app.match_eval import render_text, report_json, resolve_set, run_match_eval
    from arb_pipeline.config import ScanSettings

    report = run_match_eval(resolve_set(args.set), auto_approve_confidence=ScanSettings.from_env().auto_approve_confidence)
    sys.stdout.write(render_text(report, limit=args.limit))
    if args.json:
        Path(args.json).write_bytes(orjson.dumps(report_json(report), option=orjson.OPT_INDENT_2))
        print(f"-> {args.json}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from arb_pipeline.app import review
    from arb_pipeline.config import ScanSettings
    from arb_pipeline.warehouse import Warehouse
    from arb_pipeline.warehouse.pairs import read_decisions, read_review_queue

    store = Warehouse.connect()
    action = args.action or "list"
    if action == "list":
        sys.stdout.write(review.queue_text(read_review_queue(store), datetime.now(tz=UTC), limit=args.limit))
        return 0
    if action == "decisions":
        sys.stdout.write(review.decisions_text(read_decisions(store)))
        return 0
    if action == "export":
        text, count = review.export_text(store)
        if not count:
            # The file is still a valid, empty pairs file; the line says why it holds nothing.
            print("no review decisions recorded yet: the pairs file holds none "
                  "(decide pairs with `arb-pipeline review approve|reject`)", file=sys.stderr)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
            print(f"{count} review decisions written as a pairs file -> {args.out}")
        else:
            sys.stdout.write(text)
        return 0
    if action == "withdraw":
        decision = review.withdraw(store, args.kalshi, args.polymarket)
        print(f"withdrew the {decision.decision.value} of {decision.kalshi_ticker} x {decision.polymarket_market_id} "
              f"({decision.decided_by}); the next matching run decides this pair again")
        return 0
    by = review.reviewer(args.by)
    pairs_file = ScanSettings.from_env().load_pairs_file()
    if action == "approve":
        recorded = review.approve(store, args.kalshi, args.polymarket, by=by, pays_on_kalshi_yes=args.pays_on_kalshi_yes,
                                  note=args.note, pairs_file=pairs_file)
    else:
        recorded = review.reject(store, args.kalshi, args.polymarket, by=by, reason=args.reason, pairs_file=pairs_file)
    print(recorded.describe(by))
    for warning in recorded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from arb_pipeline.app.report import default_out, report_text, write_report
    from arb_pipeline.warehouse import Warehouse

    day = args.date
    written = write_report(Warehouse.connect(), day, Path(args.out) if args.out else default_out(day))
    sys.stdout.write(report_text(written.report))
    print(f"\nHTML report: {written.html}  (open it in a browser; CSVs of every table beside it)")
    return 0


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


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Descriptions as written, and every option's default after its help, unless the help
    already says it or there is none to say."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "default" in text or action.default in (None, False, argparse.SUPPRESS) or action.option_strings == []:
            return text
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    # Sub-commands are made by the parser class of their parent: each gets the formatter.
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="arb-pipeline", description=__doc__)
    parser.add_argument(
        "--log-level",
        default="WARNING",
        type=str.upper,
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        help="DEBUG, INFO, WARNING (default), ERROR",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sandbox = sub.add_parser("sandbox", help="serve the local exchange (Kalshi, Polymarket, Odds API) on loopback")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sandbox.add_argument("--port", type=arguments.port, default=8787, help="port to listen on; every venue is served under it")
    sandbox.add_argument("--seed", type=int, default=7, help="scenario seed (same seed, same world)")
    sandbox.add_argument("--size", type=arguments.at_least_one, default=1, help="catalog scale: 1 = a few hundred markets per venue")
    sandbox.add_argument("--tick", type=arguments.not_negative, default=0.5, help="seconds between book moves; 0 = never move")
    sandbox.add_argument("--key-dir", type=Path, default=None, help="where the sandbox Kalshi key pair lives (default: $ARB_HOME/sandbox)")
    sandbox.set_defaults(func=cmd_sandbox)

    cap = sub.add_parser("capture", help="save raw venue responses from the configured endpoints")
    cap.add_argument("--out", required=True, help="an empty or new folder")
    cap.add_argument("--venues", default="kalshi,polymarket,odds", help="comma-separated subset of kalshi,polymarket,odds")
    cap.add_argument("--odds-sports", default="basketball_nba,americanfootball_nfl", help="Odds API sport keys")
    cap.add_argument("--no-progress", action="store_true", help="no progress bar")
    cap.set_defaults(func=cmd_capture)

    inspect = sub.add_parser(
        "inspect-capture", help="read a capture folder back and summarize it; exit 1 on any problem or an incomplete capture"
    )
    inspect.add_argument("directory", help="a folder written by arb-pipeline capture")
    # Problems and incomplete captures exit 1 without it now; still accepted so scripts that
    # pass it keep working.
    inspect.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    inspect.set_defaults(func=cmd_inspect_capture)

    stream = sub.add_parser("stream", help="watch live books over a venue WebSocket")
    stream.add_argument("--venue", choices=("kalshi", "polymarket"), required=True, help="which venue's WebSocket")
    stream.add_argument("--seconds", type=arguments.positive, default=10.0, help="how long to watch")
    stream.add_argument("--markets", type=arguments.at_least_one, default=200, help="how many open markets to subscribe")
    stream.set_defaults(func=cmd_stream)

    scan_ = sub.add_parser("scan", help="match and size opportunities on a capture folder, offline")
    scan_.add_argument("--capture", required=True, help="a folder written by arb-pipeline capture")
    scan_.add_argument("--out", required=True, help="where to write the JSON result")
    scan_.add_argument("--pairs-file", default=None, help="YAML/JSON pins and rejections (default: $ARB_PAIRS_FILE)")
    scan_.add_argument(
        "--allow-incomplete", action="store_true", help="scan a capture that failed midway (refused by default)"
    )
    scan_.set_defaults(func=cmd_scan)

    from arb_pipeline.app.streamer import add_parsers as add_streamer_parsers

    add_streamer_parsers(sub)
    demo = sub.add_parser("demo", help="the whole pipeline end to end on the sandbox and the embedded warehouse")
    demo.add_argument("--out", default=None, help="capture folder (default: under $ARB_HOME/captures)")
    demo.add_argument("--seconds", type=arguments.positive, default=5.0, help="how long the streamer runs")
    demo.add_argument("--schema", default=DEMO_SCHEMA, help="the warehouse schema the demo owns, empties at its start "
                      f"and writes (default {DEMO_SCHEMA}; its marts go to <schema>_marts)")
    demo.set_defaults(func=cmd_demo)

    match_eval = sub.add_parser("match-eval", help="run the matcher on a labeled set: precision, recall, review rate, every error")
    match_eval.add_argument("--set", default="dev", help="dev, holdout or all (the project's own sets, in a source checkout), "
                            "or the path of a labeled file or folder (docs/matching.md); default dev")
    match_eval.add_argument("--json", default=None, help="also write the full report as JSON to this file")
    match_eval.add_argument("--limit", type=arguments.count, default=None, help="list at most this many pairs per section")
    match_eval.set_defaults(func=cmd_match_eval)

    review = sub.add_parser("review", help="the review queue: list pending pairs (default), approve, reject, withdraw, export")
    review.add_argument("--limit", type=arguments.count, default=None, help="list at most this many pending pairs")
    review.set_defaults(func=cmd_review, action=None)
    actions = review.add_subparsers(dest="action")
    actions.add_parser("list", help="pending pairs, the longest waiting first, with reasons and confidence")
    pair_help = ("Kalshi ticker", "Polymarket (Gamma) market id")
    approve = actions.add_parser("approve", help="approve a pair: it wins over the matcher on every later run")
    approve.add_argument("kalshi", help=pair_help[0])
    approve.add_argument("polymarket", help=pair_help[1])
    approve.add_argument("--pays-on-kalshi-yes", default=None, metavar="OUTCOME",
                         help="the Polymarket outcome (name or token id) that pays on Kalshi YES "
                              "(default: the matcher's proposal, else 'Yes')")
    approve.add_argument("--note", default=None, help="why, for the next reviewer")
    approve.add_argument("--by", default=None, help="who decides (default: $ARB_REVIEWER, else the login name)")
    reject = actions.add_parser("reject", help="reject a pair: it never trades, whatever the matcher says")
    reject.add_argument("kalshi", help=pair_help[0])
    reject.add_argument("polymarket", help=pair_help[1])
    reject.add_argument("--reason", required=True, help="why the two markets do not settle alike")
    reject.add_argument("--by", default=None, help="who decides (default: $ARB_REVIEWER, else the login name)")
    withdraw = actions.add_parser("withdraw", help="take a decision back: the matcher decides the pair again")
    withdraw.add_argument("kalshi", help=pair_help[0])
    withdraw.add_argument("polymarket", help=pair_help[1])
    actions.add_parser("decisions", help="every recorded decision, who took it, when and why")
    export = actions.add_parser("export", help="write the decisions in the pairs file's format (YAML)")
    export.add_argument("--out", default=None, help="file to write (default: standard output)")
    dbt = sub.add_parser(
        "dbt",
        help="run dbt on the report marts against the warehouse (ARB_WAREHOUSE_URL or the embedded server)",
        description="Every argument goes to dbt, e.g. arb-pipeline dbt build --vars '{min_date: 2026-01-08, "
        "max_date: 2026-01-09}'. Put -- before them when the first is an option.",
    )
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER, help="dbt's own command and options")
    dbt.set_defaults(func=cmd_dbt)

    report = sub.add_parser(
        "report",
        help="the day's arbitrage report from the dbt marts: printed, and written as HTML with plots and CSVs",
        description="Reads the marts dbt built for the day (arb-pipeline dbt build, or Dagster's reports_job) "
        "and prints the report; writes report.html (self-contained, plots inlined) and one CSV per table.",
    )
    report.add_argument("--date", required=True, type=arguments.day, help="the UTC day, YYYY-MM-DD")
    report.add_argument("--out", default=None, help="folder for report.html and the CSVs (default: $ARB_HOME/reports/DATE)")
    report.set_defaults(func=cmd_report)

    psql = sub.add_parser(
        "psql",
        help="open psql on the warehouse, the marts schema first on the search path",
        description="Arguments after -- go to psql, e.g. arb-pipeline psql -- -c 'select * from daily_arbitrage'",
    )
    psql.add_argument("psql_args", nargs=argparse.REMAINDER, help="-- then psql's own options")
    psql.set_defaults(func=cmd_psql)

    from arb_pipeline.app.trading_commands import add_parsers as add_trading_parsers

    add_trading_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = logging.StreamHandler()
    # The level holds at the handler too: libraries that set their own loggers' level (Great
    # Expectations and Dagster log at INFO) would otherwise print below it.
    console.setLevel(args.log_level)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=[console])
    # Every record of the process reaches these handlers: none may print a credential.
    install_log_redaction(logging.getLogger().handlers)
    # Heavy imports stay inside the commands; these error types are what a user can fix.
    from arb_pipeline.config import SettingsError
    from arb_pipeline.app.demo_state import DemoStateError
    from arb_pipeline.app.match_eval import LabeledSetError
    from arb_pipeline.app.review import ReviewError
    from arb_pipeline.domain.matching import PairsFileError
    from arb_pipeline.venues.capture import CaptureError
    from arb_pipeline.venues.http import VenueHttpError
    from arb_pipeline.venues.kalshi import KalshiCredentialsError
    from arb_pipeline.venues.wire import WireFormatError
    from arb_pipeline.warehouse import EmbeddedWarehouseError, WarehouseUnavailableError
    from arb_pipeline.warehouse.marts import MartsNotBuiltError
    from arb_pipeline.streamer.manifest import ManifestError

    fixable = (
        SettingsError,
        CaptureError,
        VenueHttpError,
        KalshiCredentialsError,
        WireFormatError,
        PairsFileError,
        LabeledSetError,
        ReviewError,
        WarehouseUnavailableError,
        EmbeddedWarehouseError,
        MartsNotBuiltError,
        ManifestError,
        DemoStateError,
        OSError,
    )
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except fixable as exc:
        # Notes say what became of a capture that failed midway.
        message = "; ".join([str(exc), *getattr(exc, "__notes__", ())])
        print(f"arb-pipeline {args.command}: error: {redact(message)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
