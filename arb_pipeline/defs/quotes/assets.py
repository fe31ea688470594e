"""Quote snapshots: the order books of every open market on both venues, one row per book side
per instrument per snapshot, with the venue's and our receive timestamps."""


import asyncio

import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.resources import VenuesResource, WarehouseResource
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.venues.catalog import fetch_books
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.quotes import write_quote_snapshot

QUOTES = "quotes"
#: Run tag carrying the snapshot id; the scan schedule sets it from the tick's scheduled time so
#: a retried run writes into the same snapshot instead of adding a second one.
SNAPSHOT_TAG = "arb/snapshot_id"


def snapshot_id_for(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> str:
    return context.run.tags.get(SNAPSHOT_TAG) or context.run.run_id


@dg.asset(
    group_name=QUOTES,
    kinds={"python", "postgres"},
    deps=[matched_pairs],
    description="Order books of every open Kalshi market (YES and NO) and Polymarket token, by REST snapshot.",
)
def quote_snapshots(
    context: dg.AssetExecutionContext, venues: VenuesResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    store = warehouse.get()
    tickers = [m.market_id for m in open_markets(read_markets(store, Venue.KALSHI))]
    tokens = [t for m in open_markets(read_markets(store, Venue.POLYMARKET)) for t in m.token_ids]
    snapshot_id = snapshot_id_for(context)
    snapshot_ts = utc_now()
    read = asyncio.run(fetch_books(venues.endpoints(), venues.credentials(), tickers, tokens))
    rows = write_quote_snapshot(store, snapshot_id, snapshot_ts, read.kalshi, read.polymarket)
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "dagster/row_count": rows,
            "kalshi_books": len(read.kalshi),
            "polymarket_books": len(read.polymarket),
            "missing_kalshi_books": len(set(tickers) - set(read.kalshi)),
            "missing_polymarket_books": len(set(tokens) - set(read.polymarket)),
            "skipped_malformed": len(read.problems),
            "first_problems": dg.MetadataValue.json(read.problems[:20]),
        }
    )
