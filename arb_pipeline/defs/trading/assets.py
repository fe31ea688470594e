"""Paper trading: the orders and fills of every opportunity traded on the books after the ones
that found it, the settlements of resolved markets, the positions they leave, and the daily PnL.
The work is in :mod:`arb_pipeline.app.paper_trading` and :mod:`arb_pipeline.app.settlement`."""

import asyncio
from collections import Counter
from datetime import date

import dagster as dg

from arb_pipeline.app.paper_trading import PaperTrader, pending_snapshots
from arb_pipeline.app.settlement import (
    GAMMA,
    KALSHI_REST,
    compute_daily_pnl,
    latest_bids,
    open_markets,
    read_resolutions,
    rebuild_positions,
    settle_resolutions,
)
from arb_pipeline.defs.reports.partitions import DAILY_PARTITIONS
from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.resources import VenuesResource, WarehouseResource
from arb_pipeline.defs.spreads.assets import opportunities
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.domain.models import ZERO, Venue
from arb_pipeline.domain.trading import SignalKind
from arb_pipeline.reports.values import money
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import trading

TRADING = "trading"
#: Run tag naming the snapshot whose opportunities a paper-trading run trades (the sensor sets
#: it); without it a run trades every opportunity whose later books exist.
FOUND_SNAPSHOT_TAG = "arb/found_snapshot_id"


@dg.multi_asset(
    group_name=TRADING,
    specs=[
        dg.AssetSpec("paper_orders", deps=[opportunities, "sportsbook_edges"], kinds={"python", "postgres"},
                     description="Paper orders of every opportunity and flagged sportsbook value signal decided: "
                     "entries, unwinds, and refusals with their reasons."),
        dg.AssetSpec("fills", deps=["paper_orders"], kinds={"python", "postgres"},
                     description="Fills of the paper orders on the books after the ones that found the "
                     "opportunity, each with the fee its market charged at fill time."),
    ],
)
def paper_trading(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                  trading_settings: TradingSettingsResource):
    store = warehouse.get()
    settings = trading_settings.settings()
    tagged = context.run.tags.get(FOUND_SNAPSHOT_TAG)
    found = [s for s in pending_snapshots(store) if tagged is None or s.snapshot_id == tagged]
    run = PaperTrader(store, settings).run(found, utc_now())
    for reason in run.trips:
        context.log.warning("circuit breaker tripped: %s", reason)
    traded = set(run.trades)
    with store.transaction() as connection:
        fills = [f for f in trading.load_fills(connection, schema=store.schema) if f.opportunity_id in traded]
    yield dg.MaterializeResult(
        asset_key="paper_orders",
        metadata={
            "found_snapshots": dg.MetadataValue.json([s.snapshot_id for s in found]),
            "decided": sum(run.outcomes.values()),
            "outcomes": dg.MetadataValue.json(dict(sorted(run.outcomes.items()))),
            "waiting_for_later_books": len(run.waiting),
            "trips": dg.MetadataValue.json(run.trips),
            "first_reasons": dg.MetadataValue.json(run.reasons[:20]),
            "profile": settings.profile.name.value,
        },
    )
    yield dg.MaterializeResult(
        asset_key="fills",
        metadata={
            "dagster/row_count": len(fills),
            "by_venue": dg.MetadataValue.json(dict(Counter(f.instrument.venue.value for f in fills))),
            "fees": dg.MetadataValue.text(money(sum((f.fee for f in fills), ZERO))),
        },
    )


@warehouse_asset(
    TRADING, deps=["fills"],
    description="Settlements of every open position whose market resolved (Kalshi result, Gamma resolved outcome "
    "prices), each paid once.",
)
def settlements(context: dg.AssetExecutionContext, warehouse: WarehouseResource, venues: VenuesResource,
                trading_settings: TradingSettingsResource) -> dg.MaterializeResult:
    store = warehouse.get()
    now = utc_now()
    markets = open_markets(store)
    read = asyncio.run(read_resolutions(venues.endpoints(), venues.credentials(), markets, now))
    for problem in read.problems:
        context.log.warning("resolution read: %s", problem)
    sources = [(r, KALSHI_REST if r.venue is Venue.KALSHI else GAMMA) for r in read.resolutions]
    run = settle_resolutions(store, trading_settings.settings(), sources, now)
    return dg.MaterializeResult(
        metadata={
            "markets_read": sum(len(ids) for ids in markets.values()),
            "resolved": len(read.resolutions),
            "new_resolutions": run.new_resolutions,
            "settled_positions": len(run.settlements),
            "realized": dg.MetadataValue.text(money(sum((s.realized_pnl for s in run.settlements), ZERO))),
            "divergent_pairs": dg.MetadataValue.json(run.divergent_pairs),
            "skipped": dg.MetadataValue.json(run.skipped[:20]),
            "read_problems": dg.MetadataValue.json(read.problems[:20]),
        }
    )


@warehouse_asset(
    TRADING, deps=["fills", settlements],
    description="Positions per pair and leg, rebuilt from confirmed fills and settlements, marked at the best bid.",
)
def positions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    book = rebuild_positions(store, utc_now(), latest_bids(store))
    open_positions = book.open_positions()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(book.positions),
            "open": len(open_positions),
            "capital_held": dg.MetadataValue.text(money(sum((p.cost_basis for p in open_positions), ZERO))),
        }
    )


@warehouse_asset(
    TRADING, deps=[positions], partitions_def=DAILY_PARTITIONS,
    description="PnL of one UTC day per pair and venue: realized, unrealized (today only) and fees, arbitrage and "
    "sportsbook value apart.",
)
def pnl(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    day = date.fromisoformat(context.partition_key)
    now = utc_now()
    # Positions are marked only on the day that is still running: a past day's bids are gone.
    bids = latest_bids(store) if day == now.date() else None
    report = compute_daily_pnl(store, day, now, bids)
    totals = {kind.value: report.total(kind) for kind in SignalKind}
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(report.lines),
            **{f"{kind}_realized": dg.MetadataValue.text(money(t.realized)) for kind, t in totals.items()},
            **{f"{kind}_fees": dg.MetadataValue.text(money(t.fees)) for kind, t in totals.items()},
            "marked": report.marked,
        }
    )

