"""Checks on paper trading, each recomputed from the stored rows by other arithmetic than the
code that wrote them (:mod:`arb_pipeline.app.trading_checks`): positions reconcile with fills,
every trade holds both legs or recorded what it unwound or could not, no executed trade broke a
limit, and realized PnL equals the cash of the fills and settlements."""

import dagster as dg

from arb_pipeline.app.trading_checks import (
    limit_breaches,
    pnl_mismatches,
    position_mismatches,
    unhedged_trades,
)
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.trading.assets import positions
from arb_pipeline.defs.trading.resources import TradingSettingsResource


def _result(problems: list[str], what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"problems": len(problems), "first_problems": dg.MetadataValue.json(problems[:20]), "checked": what},
    )


@dg.asset_check(asset=positions, blocking=True,
                description="The stored positions equal the book rebuilt from every confirmed fill and settlement.")
def positions_reconcile_with_fills(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _result(position_mismatches(warehouse.get()), "positions against fills and settlements")


@dg.asset_check(asset="fills", blocking=True,
                description="Every trade holds the same contracts on every leg, or sold the surplus back (the unwind "
                "is recorded), or recorded what it could not sell as open risk: never an unhedged leg in silence.")
def trades_hedged_or_unwound(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _result(unhedged_trades(warehouse.get()), "legs of every trade")


@dg.asset_check(asset="paper_orders", blocking=True,
                description="No executed trade exceeded the position-size or capital-per-trade limit, and no day "
                "executed more trades than the daily limit.")
def no_limit_breached(warehouse: WarehouseResource, trading_settings: TradingSettingsResource) -> dg.AssetCheckResult:
    return _result(limit_breaches(warehouse.get(), trading_settings.settings().limits), "executed trades")


@dg.asset_check(asset=positions, blocking=True,
                description="Realized PnL of the positions equals the cash of every confirmed fill plus every "
                "settlement payout, plus the cost of what is still held, to the cent.")
def realized_pnl_equals_fills_plus_settlements(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _result(pnl_mismatches(warehouse.get()), "realized PnL")
