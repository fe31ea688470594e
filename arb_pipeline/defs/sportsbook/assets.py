"""Sportsbook value: The Odds API moneylines of the profile's bookmakers, and each open Kalshi
game side priced against their de-vigged consensus. One-legged value signals, reported apart from
arbitrage. The work is in :mod:`arb_pipeline.app.sportsbook`."""

import asyncio
from datetime import timedelta

import dagster as dg

from arb_pipeline.app.sportsbook import evaluate_edges, game_markets, read_odds, sport_keys
from arb_pipeline.defs.catalog.assets import kalshi_markets
from arb_pipeline.defs.quotes.assets import quote_snapshots
from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.resources import ScanSettingsResource, VenuesResource, WarehouseResource
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.odds_api.rest import OddsApiKeyMissing
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import sportsbook
from arb_pipeline.warehouse.markets import read_markets

SPORTSBOOK = "sportsbook"


@warehouse_asset(
    SPORTSBOOK, deps=[kalshi_markets],
    description="Moneylines of DraftKings, FanDuel, BetMGM and Caesars on every league with an open Kalshi game "
    "market, from The Odds API, one row per outcome per read.",
)
def sportsbook_odds(context: dg.AssetExecutionContext, venues: VenuesResource,
                    warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    sports = sport_keys(game_markets(read_markets(store, Venue.KALSHI)))
    fetched_at = utc_now()
    try:
        read = asyncio.run(read_odds(venues.endpoints(), venues.credentials(), sports))
    except OddsApiKeyMissing as exc:
        context.log.warning("sportsbook odds skipped: %s", exc)
        return dg.MaterializeResult(metadata={"skipped": dg.MetadataValue.text(str(exc)), "dagster/row_count": 0})
    with store.transaction() as connection:
        written = sportsbook.record_odds(connection, read.events, fetched_at, schema=store.schema)
    return dg.MaterializeResult(
        metadata={
            "sports": dg.MetadataValue.json(sports),
            "events": len(read.events),
            "dagster/row_count": written,
            "skipped_malformed": len(read.problems),
            "first_problems": dg.MetadataValue.json(read.problems[:20]),
        }
    )


@warehouse_asset(
    SPORTSBOOK, deps=[sportsbook_odds, quote_snapshots],
    description="Both sides of every open Kalshi game market against the sportsbook consensus after the Kalshi fee; "
    "flagged when the profile's consensus of books agrees on an edge above its minimum, sized by fractional Kelly.",
)
def sportsbook_edges(warehouse: WarehouseResource, scan_settings: ScanSettingsResource,
                     trading_settings: TradingSettingsResource) -> dg.MaterializeResult:
    store = warehouse.get()
    with store.transaction() as connection:
        events = sportsbook.load_latest_odds(connection, schema=store.schema)
    max_age = timedelta(seconds=scan_settings.settings().max_quote_age_s)
    run = evaluate_edges(store, trading_settings.settings(), events, utc_now(), max_age)
    with store.transaction() as connection:
        written = sportsbook.record_edges(connection, run.signals, schema=store.schema)
    flagged = [s for s in run.signals if s.flagged]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "evaluated_sides": len(run.signals),
            "flagged": len(flagged),
            "unmatched_markets": len(run.unmatched),
            "first_unmatched": dg.MetadataValue.json(run.unmatched[:20]),
            "flagged_signals": dg.MetadataValue.json([
                {"ticker": s.kalshi_ticker, "side": s.side, "edge": str(s.edge), "contracts": s.contracts}
                for s in flagged[:20]
            ]),
        }
    )


sportsbook_job = dg.define_asset_job(
    "sportsbook_job",
    selection=dg.AssetSelection.assets(sportsbook_odds, sportsbook_edges),
    description="Read the sportsbook odds and price every open Kalshi game side against their consensus.",
)
