"""``arb-pipeline positions``, ``pnl``, ``backtest``, ``halt`` and ``resume``: the paper-trading
desk on the command line. Their parsers and handlers live together here, as the streamer's do in
:mod:`.streamer`; what they run is :mod:`.trading_desk` and :mod:`.backtest`. Imports stay inside
the handlers, so that building the parser (``--help``) loads no warehouse."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arb_pipeline.warehouse import Warehouse


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The desk's commands on the arb-pipeline command."""
    from arb_pipeline.app import arguments

    positions = sub.add_parser("positions", help="the paper-trading book: open positions per pair and leg, marked at "
                               "the best bid")
    positions.set_defaults(func=cmd_positions)
    pnl = sub.add_parser("pnl", help="a UTC day's paper PnL per pair: realized, unrealized and fees, in dollars and cents")
    pnl.add_argument("--date", type=arguments.day, default=None, help="the UTC day, YYYY-MM-DD (default: today)")
    pnl.set_defaults(func=cmd_pnl)
    backtest = sub.add_parser("backtest", help="replay a streamer recording (streamer --record DIR) through the same "
                              "books, pair evaluation and paper execution; print its PnL (writes nothing)")
    backtest.add_argument("--recording", type=Path, required=True, metavar="DIR",
                          help="the folder streamer --record wrote (<venue>.jsonl and manifest.json)")
    backtest.set_defaults(func=cmd_backtest)
    halt = sub.add_parser("halt", help="engage the kill switch: no paper trade goes out until resume")
    halt.add_argument("--reason", required=True, help="why, recorded with the switch")
    halt.add_argument("--by", default=None, help="who (default: $ARB_OPERATOR, else the login name)")
    halt.set_defaults(func=cmd_halt)
    resume = sub.add_parser("resume", help="release the kill switch")
    resume.add_argument("--reason", default="resumed", help="why, recorded with the switch")
    resume.add_argument("--by", default=None, help="who (default: $ARB_OPERATOR, else the login name)")
    resume.add_argument("--reset-trips", action="store_true",
                        help="also clear every trip of the circuit breaker (a manual reset)")
    resume.set_defaults(func=cmd_resume)


def _trading_store() -> Warehouse:
    from arb_pipeline.warehouse import Warehouse

    return Warehouse.connect()


def cmd_positions(args: argparse.Namespace) -> int:
    from arb_pipeline.app.trading_desk import print_positions

    print_positions(_trading_store(), print)
    return 0


def cmd_pnl(args: argparse.Namespace) -> int:
    from arb_pipeline.app.trading_desk import print_pnl

    today = datetime.now(tz=UTC).date()
    print_pnl(_trading_store(), args.date or today, today, print)
    return 0


def cmd_backtest(args: argparse.Namespace) -> int:
    from arb_pipeline.app.backtest import print_backtest, run_backtest

    print_backtest(run_backtest(args.recording), args.recording, print)
    return 0


def _operator(given: str | None) -> str:
    import getpass
    import os

    return given or os.environ.get("ARB_OPERATOR") or getpass.getuser()


def cmd_halt(args: argparse.Namespace) -> int:
    from arb_pipeline.app.trading_desk import set_kill_switch
    from arb_pipeline.config import TradingSettings

    change = set_kill_switch(_trading_store(), TradingSettings.from_env(), engaged=True, reason=args.reason,
                             by=_operator(args.by), at=datetime.now(tz=UTC))
    print(f"trading halted by {change.switch.changed_by} at {change.switch.changed_at.isoformat()}: {args.reason}")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    from arb_pipeline.app.trading_desk import set_kill_switch
    from arb_pipeline.config import TradingSettings

    change = set_kill_switch(_trading_store(), TradingSettings.from_env(), engaged=False, reason=args.reason,
                             by=_operator(args.by), at=datetime.now(tz=UTC), reset_trips=args.reset_trips)
    print(f"kill switch released by {change.switch.changed_by} at {change.switch.changed_at.isoformat()}")
    if args.reset_trips:
        print(f"circuit breaker reset: {change.reset_trips} trips cleared")
    if change.file_still_halts:
        print(f"warning: {change.file_still_halts}", file=sys.stderr)
        return 1
    return 0
