"""What ``arb-pipeline positions``, ``pnl``, ``halt`` and ``resume`` run: the book of positions
and a day's PnL in dollars and cents, rebuilt from the stored fills and settlements (open
positions marked at the best bid of the latest stored books), and the kill switch.

Arbitrage and sportsbook value bets are shown apart and never summed together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from arb_pipeline.app.settlement import latest_bids
from arb_pipeline.config import TradingSettings
from arb_pipeline.domain.models import ZERO
from arb_pipeline.domain.trading import (
    Fill,
    PositionBook,
    Settlement,
    SignalKind,
    daily_pnl,
    manual_reset,
    mark_to_market,
)
from arb_pipeline.reports.values import money, price
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.trading import KillSwitch

Printer = Callable[[str], None]


def _book(store: Warehouse) -> tuple[PositionBook, list[Fill], list[Settlement]]:
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        settlements = trading.load_settlements(connection, schema=store.schema)
    return PositionBook.replay(fills, settlements), fills, settlements


def print_positions(store: Warehouse, out: Printer) -> int:
    """The open positions per signal kind, pair and leg; returns how many."""
    book, _, _ = _book(store)
    marks = mark_to_market(book.open_positions(), latest_bids(store))
    if not marks:
        out("no open positions")
        return 0
    for kind in SignalKind:
        mine = [m for m in marks if m.position.signal_kind is kind]
        if not mine:
            continue
        out(f"{kind.value}:")
        out(f"  {'pair':<44} {'leg':<40} {'contracts':>10} {'cost':>12} {'best bid':>9} {'unrealized':>12}")
        for mark in sorted(mine, key=lambda m: (m.position.pair_key, m.position.instrument.key)):
            p = mark.position
            leg = f"{p.venue.value} {p.instrument.market_id} {p.instrument.outcome[:12]}"
            bid = price(mark.best_bid) if mark.best_bid is not None else "none"
            out(f"  {p.pair_key[:44]:<44} {leg[:40]:<40} {price(p.contracts):>10} {money(p.cost_basis):>12} "
                f"{bid:>9} {money(mark.unrealized_pnl):>12}")
        cost = sum((m.position.cost_basis for m in mine), ZERO)
        unrealized = sum((m.unrealized_pnl for m in mine), ZERO)
        out(f"  total: {len(mine)} legs, {money(cost)} at cost, unrealized {money(unrealized)}")
    return len(marks)


def print_pnl(store: Warehouse, day: date, today: date, out: Printer) -> None:
    """One UTC day's PnL per signal kind and pair: realized, unrealized (the current day only)
    and fees."""
    _, fills, settlements = _book(store)
    print_pnl_report(fills, settlements, day, latest_bids(store) if day == today else None, out)


def print_pnl_report(fills: Sequence[Fill], settlements: Sequence[Settlement], day: date,
                     bids: Mapping[str, Decimal | None] | None, out: Printer) -> None:
    """The PnL report of ``day`` from these fills and settlements, open positions marked at
    ``bids`` (None: not marked). What ``arb-pipeline pnl`` and ``arb-pipeline backtest`` print."""
    report = daily_pnl(fills, settlements, day, bids=bids)
    out(f"PnL for {day.isoformat()} (UTC){'' if report.marked else ', unrealized not marked: a past day'}")
    for kind in SignalKind:
        totals = report.total(kind)
        out(f"{kind.value}: realized {money(totals.realized)}, unrealized {money(totals.unrealized)}, "
            f"fees {money(totals.fees)}")
        for pair, line in sorted(report.by_pair(kind).items()):
            out(f"  {pair[:60]:<60} realized {money(line.realized):>12} unrealized {money(line.unrealized):>12} "
                f"fees {money(line.fees):>10}")


@dataclass(frozen=True, slots=True)
class SwitchChange:
    switch: KillSwitch
    reset_trips: int
    file_still_halts: str | None


def set_kill_switch(store: Warehouse, settings: TradingSettings, *, engaged: bool, reason: str, by: str,
                    at: datetime, reset_trips: bool = False) -> SwitchChange:
    """Engage or release the kill switch; on release, ``reset_trips`` also clears every trip of
    the circuit breaker (a manual reset). Says when the kill-switch file still halts trading."""
    switch = KillSwitch(engaged, reason, by, at)
    cleared = 0
    with store.transaction() as connection:
        trading.set_kill_switch(connection, switch, schema=store.schema)
        if reset_trips and not engaged:
            state = trading.lock_risk_state(connection, at, schema=store.schema)
            cleared = len(state.trips)
            trading.save_risk_state(connection, manual_reset(state), at, schema=store.schema)
    path = settings.kill_switch_file
    still = f"the kill-switch file {path} exists and still halts trading" if not engaged and path and path.exists() else None
    return SwitchChange(switch, cleared, still)

