"""``arb-pipeline streamer``: run the sidecar streamer in the foreground and print what it saw and
stored when it stops (SIGTERM, SIGINT or ``--seconds``)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arb_pipeline.domain.opportunity_events import OpportunityEvent
    from arb_pipeline.streamer.service import StreamerReport


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``streamer`` and ``bench stream`` on the arb-pipeline command."""
    from arb_pipeline.app import arguments
    from arb_pipeline.streamer.settings import StreamerSettings

    streamer = sub.add_parser(
        "streamer", help="the sidecar streamer: live books, opportunities, persistence, alerts, /metrics, until SIGTERM"
    )
    streamer.add_argument("--seconds", type=arguments.positive, default=None, help="stop after this many seconds (default: run until SIGTERM/SIGINT)")
    streamer.add_argument(
        "--record", type=Path, default=None, metavar="DIR", help="append every raw WebSocket frame to DIR/<venue>.jsonl"
    )
    streamer.add_argument(
        "--paper-trade", action="store_true",
        help="paper-trade the opportunities the raw frames reveal, into the warehouse (TRADING_* settings; "
             "replayable exactly with backtest when recorded)",
    )  # fmt: skip
    StreamerSettings.add_arguments(streamer)
    streamer.set_defaults(func=cmd_streamer)
    bench = sub.add_parser("bench", help="measure the streamer end to end against the sandbox over loopback")
    bench.add_argument("what", choices=("stream",), help="what to measure")
    bench.add_argument("--messages", type=arguments.at_least_one, default=50_000, help="book updates per full-speed burst (default 50000)")
    bench.add_argument("--rate", type=arguments.at_least_one, default=10_000, help="messages a second in the fixed-rate run (default 10000)")
    bench.add_argument("--seconds", type=arguments.positive, default=5.0, help="length of the fixed-rate run (default 5)")
    bench.add_argument(
        "--interval-ms", type=arguments.positive, default=10.0,
        help="the fixed-rate driver asks the sandbox for what the rate owes this often (default 10: "
             "about rate/100 messages arrive together)",
    )  # fmt: skip
    bench.add_argument(
        "--switch-interval", type=arguments.positive, default=None, metavar="S",
        help="the interpreter's switch interval while the streamer runs (default: the streamer's own, 0.0005)",
    )  # fmt: skip
    bench.add_argument(
        "--no-gc-freeze", action="store_true", help="leave the objects alive at start-up to the garbage collector, as Python does"
    )
    bench.set_defaults(func=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    from arb_pipeline.app.bench_stream import run_bench

    return run_bench(args)


def print_opened(events: Sequence[OpportunityEvent], limit: int = 10) -> None:
    from arb_pipeline.reports.values import percent, short_token
    from arb_pipeline.streamer.alerts import dollars

    for event in sorted(events, key=lambda e: -e.net_profit)[:limit]:
        # The APY as the scan and the report show it, and the token by its tail, so a line fits a terminal.
        apy = "n/a" if event.apy is None else percent(event.apy)
        print(
            f"  {event.key.describe(short_token):<60} {event.contracts.normalize():>6f} sets  cost {dollars(event.cost):>10}  "
            f"net {dollars(event.net_profit):>8}  APY {apy}"
        )


def cmd_streamer(args: argparse.Namespace) -> int:
    from arb_pipeline.streamer.service import Streamer, latency_runtime
    from arb_pipeline.streamer.settings import StreamerSettings
    from arb_pipeline.warehouse import Warehouse

    settings = StreamerSettings.from_args(args)
    store = Warehouse.connect()
    paper = manifest = None
    if args.paper_trade:
        import os

        from arb_pipeline.app.stream_trading import live_session
        from arb_pipeline.config import ScanSettings, TradingSettings

        scan = ScanSettings.from_env()
        paper = live_session(store, TradingSettings.from_env(), scan, stale_s=settings.stale_book_s)
        manifest = paper.manifest(scan, os.environ)

    async def run() -> None:
        streamer = Streamer(settings, store, record_dir=args.record, paper=paper, manifest=manifest)
        report = await streamer.run(args.seconds, runtime=latency_runtime())
        print_report(report)
        if paper is not None:
            outcomes = ", ".join(f"{n} {outcome}" for outcome, n in sorted(paper.run.outcomes.items())) or "none"
            print(f"  paper trading: {len(paper.run.trades)} trades ({outcomes})")
        print_next_steps(store.schema, args.record, paper_traded=paper is not None)

    asyncio.run(run())
    return 0


def print_next_steps(schema: str, record: Path | None, *, paper_traded: bool) -> None:
    """Where what the run stored can be read: the tables it wrote, and what follows from them."""
    from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA

    # The commands below read ARB_WAREHOUSE_SCHEMA as the run did; named when it is not the default.
    setting = "" if schema == DEFAULT_SCHEMA else f"ARB_WAREHOUSE_SCHEMA={schema} "
    print(f"where to look: the tables opportunity_events, book_ticks, book_depth_snapshots and stream_health "
          f"in schema {schema}, e.g.")
    print(f"  {setting}arb-pipeline psql -- -c \"select evaluated_at, event_type, kalshi_ticker, "
          "polymarket_market_id, contracts, round(net_profit, 2) as net_profit_usd "
          "from opportunity_events order by event_id desc limit 20\"")
    if paper_traded:
        print(f"  {setting}arb-pipeline positions; {setting}arb-pipeline pnl    (the paper book and the day's PnL)")
    if record is not None:
        print(f"  arb-pipeline backtest --recording {record}    (replay the recorded frames)")


def print_report(report: StreamerReport) -> None:
    """What one run saw and stored, in a few lines."""
    print(f"streamer: {report.seconds:.1f}s, {report.pairs} approved pairs watched")
    for venue in ("kalshi", "polymarket"):
        print(
            f"  {venue}: {report.live_books.get(venue, 0)}/{report.instruments.get(venue, 0)} books received, "
            f"{report.messages.get(venue, 0)} messages, {report.book_changes.get(venue, 0)} book changes"
        )
    events = ", ".join(f"{count} {kind.value}" for kind, count in report.events.items())
    print(f"  {report.evaluations} pair directions evaluated; opportunity events: {events}")
    print_opened(report.opened)
    writer = report.writer
    stored = "not stored" if writer is None else f"{writer.rows_written} rows written, {writer.spilled_rows} spilled for the next start"
    print(f"  {report.ticks} ticks, {report.depth_snapshots} depth snapshots: {stored}")
    if report.recorded:
        print("  recorded " + ", ".join(f"{n} {venue} frames" for venue, n in report.recorded.items()))
    if any(report.alerts.values()):
        print("  alerts: " + ", ".join(f"{n} {outcome}" for outcome, n in report.alerts.items() if n))
