"""The demo's trading day: paper-trade what the first scan found, settle it, and book the day's PnL,
through the same Dagster jobs a deployment runs (``paper_trade_job``, ``settlement_job``,
``pnl_job``), so the dbt marts and the report built after it hold the PnL.

An opportunity fills on the snapshot after the one that found it (decision latency), so the world
moves and every shard is scanned once more first. The sandbox then resolves the pairs the trades
hold (its control ``/_sandbox/resolve``; each venue pays what the event produced) instead of
waiting for the calendar.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import dagster as dg
import httpx

from arb_pipeline.app.full_scan import FullScan, run_job, run_scan
from arb_pipeline.app.settlement import open_markets
from arb_pipeline.config import TradingSettings
from arb_pipeline.defs.trading.assets import FOUND_SNAPSHOT_TAG
from arb_pipeline.domain.models import ZERO, OpportunityKind, Venue
from arb_pipeline.domain.trading import SignalKind, TradeOutcome
from arb_pipeline.reports.values import money
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities

#: The demo's paper-trading settings, each unless the environment already sets it. The sandbox
#: plants edges of one to four cents a set after fees, under the standard profile's five-cent
#: minimum; a tenth of a cent lets them trade, and the bankroll's 10% a trade covers the largest.
DEMO_TRADING_ENV = {"TRADING_PROFILE": "very_aggressive", "TRADING_MIN_EDGE": "0.001", "TRADING_BANKROLL": "10000"}


@dataclass
class TradingDay:
    runs: FullScan
    outcomes: Counter[str]
    at_cost: Decimal
    resolved_pairs: int
    settled_positions: int
    paid: Decimal
    realized: Decimal
    fees: Decimal
    unrealized: Decimal

    def describe(self) -> list[str]:
        decided = sum(self.outcomes.values())
        return [
            f"paper trading: {decided} opportunities decided: {self.outcomes[TradeOutcome.COMPLETE]} traded "
            f"({money(self.at_cost)} at cost), {self.outcomes[TradeOutcome.UNWOUND]} unwound, "
            f"{self.outcomes[TradeOutcome.NOT_TRADED] + self.outcomes['refused']} not traded",
            f"settlement: {self.resolved_pairs} pairs resolved in the sandbox, {self.settled_positions} positions "
            f"settled, {money(self.paid)} paid out",
            f"arbitrage PnL today: realized {money(self.realized)} (after {money(self.fees)} fees), "
            f"unrealized {money(self.unrealized)}",
        ]


def _resolve_held_pairs(store: Warehouse, found_snapshot_id: str, control_url: str) -> int:
    """Resolve, in the sandbox, every pair of the found snapshot that positions are held on; the
    resolutions land on the next step, so the world steps once after."""
    held = open_markets(store)
    spreads = [s for s in read_snapshot_opportunities(store, found_snapshot_id) if s.kind is OpportunityKind.CROSS_VENUE
               and (s.kalshi_ticker in held[Venue.KALSHI] or s.polymarket_market_id in held[Venue.POLYMARKET])]
    with httpx.Client(timeout=10) as client:
        for spread in spreads:
            response = client.post(control_url + "/resolve", json={"kalshi_ticker": spread.kalshi_ticker,
                                                                   "polymarket_market_id": spread.polymarket_market_id})
            response.raise_for_status()
        client.post(control_url + "/tick", json={"n": 1}).raise_for_status()
    return len(spreads)


def trade_the_day(instance: dg.DagsterInstance, store: Warehouse, found_snapshot_id: str, next_snapshot_id: str,
                  control_url: str, day: date, run_config: dict[str, Any]) -> TradingDay:
    """Scan ``next_snapshot_id`` on a moved world, paper-trade ``found_snapshot_id``'s
    opportunities on it, resolve the pairs held, settle them and compute ``day``'s PnL. A job
    that fails stops the day; what ran is in the result's runs."""
    for name, value in DEMO_TRADING_ENV.items():
        os.environ.setdefault(name, value)
    TradingSettings.from_env()  # a bad TRADING_* setting fails here, naming it, before any run
    with httpx.Client(timeout=10) as client:
        client.post(control_url + "/tick", json={"n": 1}).raise_for_status()
    runs = run_scan(instance, next_snapshot_id, run_config=run_config)
    resolved = 0
    if runs.success and run_job(instance, runs, "paper_trade_job", tags={FOUND_SNAPSHOT_TAG: found_snapshot_id},
                                run_config=run_config):
        resolved = _resolve_held_pairs(store, found_snapshot_id, control_url)
        if run_job(instance, runs, "settlement_job", run_config=run_config):
            run_job(instance, runs, "pnl_job", partition_key=day.isoformat(), run_config=run_config)
    with store.transaction() as connection:
        trades = [t for t in trading.load_trades(connection, schema=store.schema)
                  if t.found_snapshot_id == found_snapshot_id and t.signal_kind is SignalKind.ARBITRAGE]
        settled = [s for s in trading.load_settlements(connection, schema=store.schema)
                   if s.signal_kind is SignalKind.ARBITRAGE and any(t.pair_key == s.pair_key for t in trades)]
        pnl = [row for row in trading.load_daily_pnl(connection, day, schema=store.schema)
               if row.signal_kind is SignalKind.ARBITRAGE]
    return TradingDay(
        runs=runs,
        outcomes=Counter(t.outcome for t in trades),
        at_cost=sum((t.capital for t in trades if t.outcome == TradeOutcome.COMPLETE), ZERO),
        resolved_pairs=resolved,
        settled_positions=len(settled),
        paid=sum((s.payout for s in settled), ZERO),
        realized=sum((row.realized for row in pnl), ZERO),
        fees=sum((row.fees for row in pnl), ZERO),
        unrealized=sum((row.unrealized for row in pnl), ZERO),
    )
