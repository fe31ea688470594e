"""``arb-pipeline backtest --recording DIR``: replay a frame recording (``arb-pipeline streamer
--record DIR``) through the paper-trading session a live run uses, and print the PnL report
``arb-pipeline pnl`` prints (docs/streamer.md#recording-and-backtest).

The recording's manifest supplies the pairs watched, their markets and fee schedules, the scan
thresholds and, for a run that paper-traded, its ``TRADING_*`` settings and the breaker's state
at its start; a recording of a run that did not trade is replayed under this process's
``TRADING_*`` settings from a fresh breaker. Frames go through in the order the streamer handled
them, each at its recorded receive time. A line of the recording that cannot be read is logged,
counted, skipped and named in the output.

A backtest writes nothing: its trades, refusals and breaker state live in memory
(:class:`MemoryLedger`), never in the warehouse's trading tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from arb_pipeline.app.stream_trading import MemoryLedger, StreamPaperSession, receive_time, trading_env
from arb_pipeline.app.trading_desk import print_pnl_report
from arb_pipeline.config import TradingSettings
from arb_pipeline.domain.trading import Fill, PositionBook, RiskState
from arb_pipeline.reports.values import money
from arb_pipeline.streamer.manifest import Manifest, read_manifest
from arb_pipeline.streamer.recording import RecordingProblems, read_frames
from arb_pipeline.warehouse.trading import risk_state_from_json

VENUES = ("kalshi", "polymarket")

Printer = Callable[[str], None]


@dataclass
class Backtest:
    """A replay's outcome: the session (its run and books), the ledger holding its trades, the
    lines it could not use, and the frames replayed per venue."""

    manifest: Manifest
    session: StreamPaperSession
    ledger: MemoryLedger
    problems: RecordingProblems
    frames: dict[str, int]

    @property
    def fills(self) -> list[Fill]:
        return [fill for trade in self.ledger.trades for fill in trade.fills]


def run_backtest(folder: Path, env: Mapping[str, str] | None = None) -> Backtest:
    """Replay the recording in ``folder``; ``env`` (default: the process environment) gives the
    trading settings when the recording holds none."""
    manifest = read_manifest(folder)
    settings_env = manifest.trading_env if manifest.trading_env is not None else trading_env(os.environ if env is None else env)
    settings = TradingSettings.from_env(settings_env)
    state = risk_state_from_json(manifest.risk_state) if manifest.risk_state is not None else RiskState()
    ledger = MemoryLedger(state=state)
    session = StreamPaperSession(settings, manifest.scan, state, ledger.open, stale_s=manifest.stale_book_s)
    session.begin(manifest.watch, manifest.started_ns)
    problems = RecordingProblems()
    frames = dict.fromkeys(VENUES, 0)
    for frame in read_frames(folder, VENUES, manifest.started_ns, problems):
        if frame.fee_changes is not None:
            session.fee_changes(frame.fee_changes, frame.received_ns)
            continue
        session.frame(frame.venue, frame.text, frame.received_ns)
        frames[frame.venue] += 1
    session.close()
    return Backtest(manifest, session, ledger, problems, frames)


def print_backtest(backtest: Backtest, folder: Path, out: Printer) -> None:
    """What the replay did, then the PnL report of every UTC day it traded on (the last one
    marked at the best bids the recording ends on)."""
    session = backtest.session
    start = receive_time(backtest.manifest.started_ns)
    replayed = ", ".join(f"{count} {venue}" for venue, count in backtest.frames.items())
    out(f"backtest of {folder}: {len(backtest.manifest.watch.pairs)} pairs, frames replayed: {replayed}, "
        f"from {start.isoformat()} to {session.now.isoformat() if session.now else 'the start (no frame)'}")
    problems = backtest.problems
    if problems.bad_lines:
        out(f"  skipped {len(problems.bad_lines)} lines it could not read:")
        for line in problems.bad_lines:
            out(f"    {line}")
    if problems.earlier_run:
        out(f"  left out {problems.earlier_run} frames of an earlier run recorded into the same folder")
    run = session.run
    outcomes = ", ".join(f"{count} {outcome}" for outcome, count in sorted(run.outcomes.items())) or "none"
    out(f"  trades: {len(backtest.ledger.trades)} ({outcomes}); breaker trips: {len(backtest.ledger.trips)}")
    for trade in backtest.ledger.trades:
        volume = money(trade.volume)
        out(f"    {trade.opportunity_id} {trade.pair_key} {trade.outcome.value}: {trade.sets.normalize():f} sets, "
            f"volume {volume}")
    fills = backtest.fills
    days = sorted({fill.filled_at.date() for fill in fills}) or [(session.now or start).date()]
    positions = PositionBook.replay(fills).open_positions()
    bids = session.best_bids([position.instrument for position in positions])
    for day in days:
        print_pnl_report(fills, [], day, bids if day == days[-1] else None, out)

