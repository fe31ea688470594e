"""Checks on the catalogs: nothing matches or trades on an empty catalog or on rows that break the
catalog suites (blocking); markets without fee schedules or token mappings are flagged (warnings:
downstream refuses them one by one)."""


from collections.abc import Callable

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


def _open_markets_flagged(
    asset: dg.AssetsDefinition, venue: Venue, name: str, flag: str, flagged: Callable[[Market], bool], description: str
) -> dg.AssetChecksDefinition:
    """A warning naming the venue's open markets that are ``flagged`` (the first 50, under
    ``flag``), passed when there are none."""

    @dg.asset_check(asset=asset, name=name, description=description)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        markets = _open_markets(warehouse, venue)
        named = sorted(m.market_id for m in markets if flagged(m))
        return dg.AssetCheckResult(
            passed=not named,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"open_markets": len(markets), flag: dg.MetadataValue.json(named[:50])},
        )

    return _check


def _bad_token_mapping(market: Market) -> bool:
    """Fewer than two outcomes, or outcomes and tokens that do not pair one to one."""
    tokens = market.token_ids
    return len(market.outcomes) < 2 or len(tokens) != len(market.outcomes) or len(set(tokens)) != len(tokens)


kalshi_catalog_not_empty = _catalog_not_empty(kalshi_markets, Venue.KALSHI, "Kalshi")
polymarket_catalog_not_empty = _catalog_not_empty(polymarket_markets, Venue.POLYMARKET, "Polymarket")
kalshi_markets_have_fee_schedules = _open_markets_flagged(
    kalshi_markets, Venue.KALSHI, "kalshi_markets_have_fee_schedules", "without_fee_schedule", lambda market: market.fee is None,
    "Every open Kalshi market carries its series' fee schedule. Not blocking: spreads already refuse to size a pair "
    "whose fees are unknown, so one series missing from GET /series stops only its markets.",
)  # fmt: skip
polymarket_outcomes_have_tokens = _open_markets_flagged(
    polymarket_markets, Venue.POLYMARKET, "polymarket_outcomes_have_tokens", "bad_token_mapping", _bad_token_mapping,
    "Every open Polymarket market maps each outcome to its own token. Not blocking: the matcher and the "
    "approved-pairs check keep a market with a broken mapping out of trading.",
)  # fmt: skip


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
