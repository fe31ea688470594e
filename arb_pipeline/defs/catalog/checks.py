"""Checks on the catalogs: nothing matches or trades on an empty catalog or on rows that break the
catalog suites (blocking); markets without fee schedules or token mappings are flagged (warnings:
downstream refuses them one by one)."""


import dagster as dg

from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series, polymarket_markets
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.domain.fees import KALSHI_FEE_TYPES
from arb_pipeline.domain.models import Market, Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.warehouse.expectations.catalog import catalog_frame, series_frame, validate_catalog, validate_series
from arb_pipeline.warehouse.markets import read_markets, read_series


@dg.asset_check(asset=kalshi_series, blocking=True, description="Series exist and every one has a known fee type.")
def kalshi_series_have_fees(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    series = read_series(warehouse.get())
    unknown = sorted(t for t, s in series.items() if s.fee.fee_type not in KALSHI_FEE_TYPES)
    return dg.AssetCheckResult(
        passed=bool(series) and not unknown,
        metadata={"series": len(series), "unknown_fee_types": dg.MetadataValue.json(unknown[:50])},
    )


def _open_markets(warehouse: WarehouseResource, venue: Venue) -> list[Market]:
    return open_markets(read_markets(warehouse.get(), venue))


def _catalog_not_empty(asset: dg.AssetsDefinition, venue: Venue, label: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset, name=f"{venue.value}_catalog_not_empty", blocking=True,
        description=f"The {label} catalog holds open markets.",
    )  # fmt: skip
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        markets = _open_markets(warehouse, venue)
        return dg.AssetCheckResult(passed=bool(markets), metadata={"open_markets": len(markets)})

    return _check


def _flagged(markets: list[Market], flag: str, flagged: list[str]) -> dg.AssetCheckResult:
    """A warning naming the open markets flagged (the first 50), passed when there are none."""
    return dg.AssetCheckResult(
        passed=not flagged,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"open_markets": len(markets), flag: dg.MetadataValue.json(flagged[:50])},
    )


kalshi_catalog_not_empty = _catalog_not_empty(kalshi_markets, Venue.KALSHI, "Kalshi")
polymarket_catalog_not_empty = _catalog_not_empty(polymarket_markets, Venue.POLYMARKET, "Polymarket")


@dg.asset_check(
    asset=kalshi_markets,
    description="Every open Kalshi market carries its series' fee schedule. Not blocking: spreads already "
    "refuse to size a pair whose fees are unknown, so one series missing from GET /series stops only its markets.",
)
def kalshi_markets_have_fee_schedules(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    markets = _open_markets(warehouse, Venue.KALSHI)
    return _flagged(markets, "without_fee_schedule", sorted(m.market_id for m in markets if m.fee is None))


@dg.asset_check(
    asset=polymarket_markets,
    description="Every open Polymarket market maps each outcome to its own token. Not blocking: the matcher "
    "and the approved-pairs check keep a market with a broken mapping out of trading.",
)
def polymarket_outcomes_have_tokens(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    markets = _open_markets(warehouse, Venue.POLYMARKET)
    bad = sorted(
        m.market_id
        for m in markets
        if len(m.outcomes) < 2 or len(m.token_ids) != len(m.outcomes) or len(set(m.token_ids)) != len(m.token_ids)
    )
    return _flagged(markets, "bad_token_mapping", bad)


@dg.asset_check(
    asset=kalshi_series,
    blocking=True,
    description="Great Expectations suite over the series: one row per ticker, a known fee type and a fee "
    "multiplier >= 0 on every series, and at least one series.",
)
def kalshi_series_expectations(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return suite_check_result(validate_series(series_frame(warehouse.get())), require_rows=True)


def _catalog_expectations(asset: dg.AssetsDefinition, venue: Venue) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset,
        name=f"{venue.value}_markets_expectations",
        blocking=True,
        description=f"Great Expectations suite over the {venue.value} markets of the latest catalog read: "
        "one row per market, known statuses, every price in [0, 1], tick size in (0, 1], fee parameters "
        ">= 0, closing at or after opening, real dates.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        return suite_check_result(validate_catalog(catalog_frame(warehouse.get(), venue), venue))

    return _check


kalshi_markets_expectations = _catalog_expectations(kalshi_markets, Venue.KALSHI)
polymarket_markets_expectations = _catalog_expectations(polymarket_markets, Venue.POLYMARKET)
