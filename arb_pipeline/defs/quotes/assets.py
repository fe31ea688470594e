"""Quote snapshots: the order books of every open market on both venues, one row per book side
per instrument per snapshot, with the venue's and our receive timestamps. One partition per scan
shard (domain/scan_shards.py); the shards of one scan share its snapshot id."""


import asyncio
from datetime import datetime

import dagster as dg

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS, shard_scope
from arb_pipeline.defs.shared.resources import VenuesResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus
from arb_pipeline.venues.catalog import fetch_books
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_start, write_quote_snapshot
from arb_pipeline.warehouse.store import Warehouse

QUOTES = "quotes"
#: Run tag carrying the snapshot id; the scan schedule sets it from the tick's scheduled time so
#: a retried run writes into the same snapshot instead of adding a second one.
SNAPSHOT_TAG = "arb/snapshot_id"


#: Run tag carrying the snapshot's start (ISO 8601), the same on every shard's run: the scan
#: schedule and sensor set it, so every shard writes one snapshot_ts and the snapshot is one point
#: in time to whatever orders snapshots by it (paper trading's "the snapshots after this one").
SNAPSHOT_TS_TAG = "arb/snapshot_ts"
#: Dagster's tag on every run of one backfill.
BACKFILL_TAG = "dagster/backfill"


def snapshot_id_for(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> str:
    """The snapshot a run writes: its snapshot tag; else its backfill's id, so every shard of a
    backfill launched by hand writes one snapshot; else the run's own id."""
    tags = context.run.tags
    return tags.get(SNAPSHOT_TAG) or tags.get(BACKFILL_TAG) or context.run.run_id


def snapshot_start(context: dg.AssetExecutionContext, store: Warehouse) -> datetime:
    """The snapshot's start: its tag; else the start a shard that ran before already stored;
    else now (the first shard)."""
    tagged = context.run.tags.get(SNAPSHOT_TS_TAG)
    if tagged:
        try:
            start = datetime.fromisoformat(tagged)
        except ValueError:
            raise ValueError(f"run tag {SNAPSHOT_TS_TAG}={tagged!r} is not an ISO 8601 time") from None
        if start.tzinfo is None:
            raise ValueError(f"run tag {SNAPSHOT_TS_TAG}={tagged!r} has no UTC offset")
        return start
    return read_snapshot_start(store, snapshot_id_for(context)) or utc_now()


@warehouse_asset(
    QUOTES, deps=[matched_pairs], partitions_def=SCAN_SHARDS,
    description="Order books (YES and NO of Kalshi markets, Polymarket tokens) of the shard's open markets and of "
    "both legs of its approved pairs, by REST snapshot; every shard of a scan writes into one snapshot.",
)
def quote_snapshots(
    context: dg.AssetExecutionContext, venues: VenuesResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    store = warehouse.get()
    approved = read_pairs(store, PairStatus.APPROVED)
    scope = shard_scope(context, store, approved)
    tickers, tokens = scope.quote_instruments(approved)
    snapshot_id = snapshot_id_for(context)
    snapshot_ts = snapshot_start(context, store)
    read = asyncio.run(fetch_books(venues.endpoints(), venues.credentials(), tickers, tokens))
    rows = write_quote_snapshot(store, snapshot_id, snapshot_ts, read.kalshi, read.polymarket)
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": snapshot_id,
            "shard": str(scope.shard),
            "dagster/row_count": rows,
            "kalshi_books": len(read.kalshi),
            "polymarket_books": len(read.polymarket),
            "missing_kalshi_books": len(set(tickers) - set(read.kalshi)),
            "missing_polymarket_books": len(set(tokens) - set(read.polymarket)),
            "skipped_malformed": len(read.problems),
            "first_problems": dg.MetadataValue.json(read.problems[:20]),
        }
    )
