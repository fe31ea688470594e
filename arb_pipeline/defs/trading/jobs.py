"""Paper trading's jobs, each naming its assets, and what launches them.

- ``paper_trade_job``: launched by ``new_opportunities_sensor`` for each snapshot that found
  opportunities, as soon as the later snapshots its legs fill on exist. Run key: the snapshot and
  how many opportunities it stores. A snapshot's scan shards write one after another, and one
  may land after the run for the others was launched: it adds opportunities, so a new key and a
  run for them; the same undecided set asked for again has the same key and launches nothing
  (docs/trading.md#the-path-of-one-opportunity). The warehouse keys every trade by its
  opportunity as well, so a run never decides one twice.
- ``settlement_job``: every ``TRADING_SETTLEMENT_CRON`` (default every 10 minutes) and whenever
  ``resolved_markets_sensor`` sees a market with an open position leave the open listing.
- ``pnl_job``: one UTC day of PnL; the schedule builds the day that just ended.
"""

import hashlib
import os

import dagster as dg

from arb_pipeline.app.paper_trading import PaperTrader, pending_snapshot_counts
from arb_pipeline.app.settlement import open_markets
from arb_pipeline.defs.reports.partitions import day_that_ended_schedule
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.trading.assets import FOUND_SNAPSHOT_TAG, paper_trading, pnl, positions, settlements
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.warehouse import sportsbook, trading

paper_trade_job = dg.define_asset_job(
    "paper_trade_job",
    selection=dg.AssetSelection.assets(paper_trading, positions),
    description="Paper-trade the opportunities of one snapshot on the snapshots after it, then rebuild positions.",
)

settlement_job = dg.define_asset_job(
    "settlement_job",
    selection=dg.AssetSelection.assets(settlements, positions),
    description="Settle the open positions whose markets resolved, then rebuild positions.",
)

pnl_job = dg.define_asset_job(
    "pnl_job",
    selection=dg.AssetSelection.assets(pnl),
    partitions_def=pnl.partitions_def,
    description="PnL of one UTC day per pair and venue.",
)


@dg.sensor(
    name="new_opportunities_sensor",
    job=paper_trade_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Launches paper_trade_job for each snapshot with undecided opportunities once the later snapshots "
    "its legs fill on exist, and for flagged sportsbook value signals once the next snapshot exists.",
)
def new_opportunities_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource,
                             trading_settings: TradingSettingsResource) -> dg.SensorResult:
    store = warehouse.get()
    trader = PaperTrader(store, trading_settings.settings())
    wanted = trader.settings.entry_delay_snapshots + trader.settings.hedge_delay_snapshots
    requests = []
    waiting = 0
    for found, stored in pending_snapshot_counts(store):
        with store.transaction() as connection:
            ready = len(trader.later_snapshots(connection, found)) >= wanted
        if not ready:
            waiting += 1
            continue
        # Not the snapshot alone: opportunities a late scan shard adds to it after its first run
        # would then wait forever behind that run's key.
        requests.append(dg.RunRequest(run_key=f"paper-trade-{found.snapshot_id}-{stored}",
                                      tags={FOUND_SNAPSHOT_TAG: found.snapshot_id}))
    with store.transaction() as connection:
        signals = [signal.signal_id for signal in sportsbook.undecided_signals(connection, schema=store.schema)
                   if len(trading.snapshots_after(connection, signal.evaluated_at, trader.settings.entry_delay_snapshots,
                                                  schema=store.schema)) >= trader.settings.entry_delay_snapshots]
    if signals:
        # Keyed by the signals it trades: the same ones never launch twice.
        key = hashlib.sha256("|".join(signals).encode()).hexdigest()[:20]
        requests.append(dg.RunRequest(run_key=f"paper-trade-values-{key}"))
    if not requests:
        return dg.SensorResult(skip_reason=f"no snapshot or value signal ready to trade ({waiting} snapshots waiting "
                                           "for later books)")
    return dg.SensorResult(run_requests=requests)


@dg.sensor(
    name="resolved_markets_sensor",
    job=settlement_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Launches settlement_job when a market holding an open position is no longer listed as open.",
)
def resolved_markets_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    store = warehouse.get()
    held = [(venue, market) for venue, markets in open_markets(store).items() for market in markets]
    with store.transaction() as connection:
        closed = trading.markets_no_longer_open(connection, held, schema=store.schema)
    if not closed:
        return dg.SensorResult(skip_reason=f"all {len(held)} markets with open positions are still open")
    # The same closed markets (at the same catalog update) never launch twice.
    key = hashlib.sha256("|".join(f"{v}:{m}:{at.isoformat()}" for v, m, at in closed).encode()).hexdigest()[:20]
    context.log.info("%d markets with open positions left the open listing", len(closed))
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"settle-{key}")])


def _settlement_schedule(cron: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(name="settlement_schedule", job=settlement_job, cron_schedule=cron,
                                 execution_timezone="UTC", default_status=dg.DefaultScheduleStatus.STOPPED)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        jobs=[paper_trade_job, settlement_job, pnl_job],
        sensors=[new_opportunities_sensor, resolved_markets_sensor],
        schedules=[
            _settlement_schedule(os.environ.get("TRADING_SETTLEMENT_CRON") or "*/10 * * * *"),
            day_that_ended_schedule("daily_pnl_schedule", pnl_job, "TRADING_PNL_CRON", "20 0 * * *"),
        ],
        resources={"trading_settings": TradingSettingsResource()},
    )
