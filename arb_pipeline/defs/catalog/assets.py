"""Catalog assets: every open Kalshi series and market, every open Polymarket market, normalized
into the warehouse. A malformed market is skipped and counted (``skipped_malformed``), never
fatal; the blocking checks decide whether what was read is good enough to flow on."""


import asyncio
from collections import Counter

import dagster as dg

from arb_pipeline.defs.shared.assets import warehouse_asset
from arb_pipeline.defs.shared.resources import VenuesResource, WarehouseResource
from arb_pipeline.domain.models import MarketStatus, Venue
from arb_pipeline.venues.kalshi.catalog import KalshiCatalog
from arb_pipeline.venues.polymarket.catalog import PolymarketCatalog
from arb_pipeline.venues.protocols import VenueRead
from arb_pipeline.warehouse.markets import read_series, write_catalog, write_series

CATALOG = "catalog"


def _catalog_metadata(read: VenueRead) -> dict[str, object]:
    return {
        "dagster/row_count": len(read.markets),
        "open": sum(1 for m in read.markets.values() if m.status is MarketStatus.OPEN),
        "statuses": dg.MetadataValue.json(dict(Counter(m.status.value for m in read.markets.values()))),
        # What the markets charge, in words ("Kalshi quadratic, multiplier 0.5"): a series or
        # market that changed its fees shows here before it shows in a spread.
        "fee_schedules": dg.MetadataValue.json(
            dict(Counter(m.fee.describe() if m.fee else "no fee schedule" for m in read.markets.values()))
        ),
        "skipped_malformed": len(read.problems),
        "first_problems": dg.MetadataValue.json(read.problems[:20]),
    }


@warehouse_asset(
    CATALOG,
    description="Kalshi series with their fee type and fee multiplier (GET /series).",
)
def kalshi_series(venues: VenuesResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    read = asyncio.run(KalshiCatalog(venues.endpoints(), venues.credentials()).read_series())
    write_series(warehouse.get(), read.series.values())
    fee_types = Counter(s.fee.fee_type for s in read.series.values())
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(read.series),
            "fee_types": dg.MetadataValue.json(dict(fee_types)),
            "skipped_malformed": len(read.problems),
            "first_problems": dg.MetadataValue.json(read.problems[:20]),
        }
    )


@warehouse_asset(
    CATALOG, deps=[kalshi_series],
    description="Every open Kalshi market (no parlays), with event titles and the series fee schedule.",
)
def kalshi_markets(venues: VenuesResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    store = warehouse.get()
    # The fee schedules come from the series kalshi_series just stored, so /series is read once
    # per refresh and the two tables never disagree.
    catalog = KalshiCatalog(venues.endpoints(), venues.credentials(), series=read_series(store, latest_read=True))
    read = asyncio.run(catalog.read_markets())
    _, retired = write_catalog(store, Venue.KALSHI, read.markets.values())
    metadata = _catalog_metadata(read)
    metadata["retired_unlisted"] = retired
    metadata["without_fee_schedule"] = sum(1 for m in read.markets.values() if m.fee is None)
    return dg.MaterializeResult(metadata=metadata)


@warehouse_asset(
    CATALOG,
    description="Every open Polymarket market from Gamma, outcome tokens mapped to outcome names.",
)
def polymarket_markets(venues: VenuesResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    read = asyncio.run(PolymarketCatalog(venues.endpoints()).read_markets())
    _, retired = write_catalog(warehouse.get(), Venue.POLYMARKET, read.markets.values())
    metadata = _catalog_metadata(read)
    metadata["retired_unlisted"] = retired
    metadata["fee_enabled"] = sum(1 for m in read.markets.values() if m.fee is not None and m.fee.charges_taker_fees)
    return dg.MaterializeResult(metadata=metadata)
