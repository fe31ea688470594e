"""Checks on paper trading, each recomputed from the stored rows by other arithmetic than the
code that wrote them (:mod:`arb_pipeline.app.trading_checks`): positions reconcile with fills,
every trade holds both legs or recorded what it unwound or could not, no executed trade broke a
limit, and realized PnL equals the cash of the fills and settlements. Great Expectations suites
(as for the other tables) hold every trade, order, fill, position, settlement and daily PnL row
to its own rules, and every fill to the book it walked."""

import dagster as dg

from arb_pipeline.app.trading_checks import (
    limit_breaches,
    pnl_mismatches,
    position_mismatches,
    unhedged_trades,
)
from arb_pipeline.defs.shared.checks import problems_check, problems_result, suite_check, timed_suite_check
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.trading.assets import pnl, positions, settlements
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.warehouse.expectations.trading import (
    controls_frames,
    daily_pnl_frame,
    fills_frame,
    fills_in_book_frame,
    orders_frame,
    positions_frame,
    resolutions_frame,
    settlements_frame,
    trades_frame,
    validate_controls,
    validate_daily_pnl,
    validate_fills,
    validate_fills_in_book,
    validate_orders,
    validate_positions,
    validate_resolutions,
    validate_settlements,
    validate_trades,
)

positions_reconcile_with_fills = problems_check(
    positions, "positions_reconcile_with_fills",
    "The stored positions equal the book rebuilt from every confirmed fill and settlement.",
    position_mismatches, "positions against fills and settlements",
)  # fmt: skip
trades_hedged_or_unwound = problems_check(
    "fills", "trades_hedged_or_unwound",
    "Every trade holds the same contracts on every leg, or sold the surplus back (the unwind is recorded), or "
    "recorded what it could not sell as open risk: never an unhedged leg in silence.",
    unhedged_trades, "legs of every trade",
)  # fmt: skip


@dg.asset_check(asset="paper_orders", blocking=True,
                description="No executed trade exceeded the position-size or capital-per-trade limit, and no day "
                "executed more trades or traded more volume than the daily limits.")
def no_limit_breached(warehouse: WarehouseResource, trading_settings: TradingSettingsResource) -> dg.AssetCheckResult:
    return problems_result(limit_breaches(warehouse.get(), trading_settings.settings().limits), "executed trades")


realized_pnl_equals_fills_plus_settlements = problems_check(
    positions, "realized_pnl_equals_fills_plus_settlements",
    "Realized PnL of the positions equals the cash of every confirmed fill plus every settlement payout, plus the "
    "cost of what is still held, to the cent.",
    pnl_mismatches, "realized PnL",
)  # fmt: skip
fills_expectations = timed_suite_check(
    "fills", "fills_expectations",
    "Great Expectations suite over every fill: price in [0, 1], contracts > 0, fee and fee shares >= 0, one row per "
    "fill id, known venue, side, purpose and status, and filled no later than now (+ARB_MAX_CLOCK_SKEW_S).",
    fills_frame, validate_fills,
)  # fmt: skip
fills_within_quoted_book = suite_check(
    "fills", "fills_within_quoted_book",
    "Great Expectations suite: every fill belongs to a stored trade and is at a price level of the book side it "
    "walked (the asks for a buy, the bids for a sale) in its trade's entry or hedge snapshot, for no more contracts "
    "than that level showed. Trades the streamer's paper session made on live books name no snapshot (those books "
    "are not stored); their fills are not held to one.",
    fills_in_book_frame, validate_fills_in_book,
)  # fmt: skip
paper_orders_expectations = timed_suite_check(
    "paper_orders", "paper_orders_expectations",
    "Great Expectations suite over every order: contracts > 0, the limit a price in [0, 1], filled exactly the "
    "contracts of its fills and never more than ordered, no buy filled above its limit, one row per order id, "
    "created no later than now (+ARB_MAX_CLOCK_SKEW_S).",
    orders_frame, validate_orders,
)  # fmt: skip
paper_trades_expectations = timed_suite_check(
    "paper_orders", "paper_trades_expectations",
    "Great Expectations suite over every trade decided (paper_trades): one row per opportunity, a known outcome, "
    "sets, costs, capital and volume >= 0, a complete trade holds sets, volume exactly the notional of its fills, "
    "traded no earlier than found and no later than now.",
    trades_frame, validate_trades,
)  # fmt: skip
daily_pnl_expectations = timed_suite_check(
    pnl, "daily_pnl_expectations",
    "Great Expectations suite over the daily PnL: one row per day, pair and venue, fees >= 0 and exactly the fees "
    "of that day's confirmed fills, nothing unrealized where no bids marked the positions, computed on or after "
    "its day and no later than now.",
    daily_pnl_frame, validate_daily_pnl,
)  # fmt: skip
positions_expectations = suite_check(
    positions, "positions_expectations",
    "Great Expectations suite over the positions: contracts held >= 0, fees paid >= 0, the mark a price in [0, 1], "
    "one row per pair and leg.",
    positions_frame, validate_positions,
)  # fmt: skip
settlements_expectations = suite_check(
    settlements, "settlements_expectations",
    "Great Expectations suite over the settlements: payout = contracts x payout per contract and realized PnL = "
    "payout - cost basis, exactly; payout per contract in [0, 1] and exactly what the market's stored resolution "
    "pays the outcome; contracts > 0; one row per settlement id.",
    settlements_frame, validate_settlements,
)  # fmt: skip
market_resolutions_expectations = timed_suite_check(
    settlements, "market_resolutions_expectations",
    "Great Expectations suite over the market resolutions settlements pay from: every payout in [0, 1], a "
    "market's payouts adding up to $1 exactly, one resolution per market, resolved and recorded no later than now "
    "(+ARB_MAX_CLOCK_SKEW_S).",
    resolutions_frame, validate_resolutions,
)  # fmt: skip
trading_controls_expectations = timed_suite_check(
    "paper_orders", "trading_controls_expectations",
    "Great Expectations suite over the trading controls: every circuit-breaker trip of a known kind, with its "
    "reason, one per kind and time, ending no earlier than it starts; the kill switch naming who changed it; the "
    "breaker's stored state reading back with no negative counter or held capital; none from the future. A "
    "warning: trips and the switch halt trading, they never trade.",
    controls_frames, lambda frames, max_clock_skew_s: validate_controls(*frames, max_clock_skew_s=max_clock_skew_s),
    blocking=False, severity=dg.AssetCheckSeverity.WARN,
)  # fmt: skip
