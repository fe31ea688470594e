"""Suites over the paper-trading tables: fills (prices in [0, 1], sizes positive, fees never
negative, one row per fill id, filled no later than now), fills against the books they walked
(each fill at a price level of its side of the book, in the snapshot its trade filled on, for no
more contracts than the level showed), orders (sizes positive, the limit a price, the filled
contracts exactly the order's fills, no buy above its limit), trades (one row per opportunity,
its volume exactly the notional of its fills, traded no earlier than decided and no later than
now), positions (never short, one row per pair and leg, the mark a price), settlements (the
payout is the contracts times the payout per contract and the realized PnL is the payout less
the cost basis, exactly; the payout per contract what the market's stored resolution pays the
outcome; one row per settlement id), market resolutions (payouts in [0, 1] adding up to $1
exactly, one per market) and daily PnL (one row per day, pair and venue, fees exactly the day's
confirmed fills' fees, nothing unrealized where nothing was marked), and the trading controls
(each circuit-breaker trip with its reason, ending no earlier than it starts; the kill switch
naming who changed it; neither from the future).

The arithmetic is checked in SQL on the exact NUMERIC values and the frame carries only the
residuals: a float would turn exact cents into rounding noise."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.domain.trading import LimitKind, OrderPurpose, OrderStatus, Side, SignalKind
from arb_pipeline.warehouse.expectations.rules import at_least_zero, exactly_zero, never_positive, not_ahead
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_column, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.store import Warehouse
from arb_pipeline.warehouse.trading import risk_state_from_json
from arb_pipeline.warehouse.trading_schema import TRADE_OUTCOMES

FILL_KEYS = ("fill_id",)
POSITION_KEYS = ("signal_kind", "pair_key", "venue", "market_id", "outcome")
SETTLEMENT_KEYS = ("settlement_id",)
ORDER_KEYS = ("order_id",)
TRADE_KEYS = ("opportunity_id",)
PNL_KEYS = ("day", "signal_kind", "pair_key", "venue")
RESOLUTION_KEYS = ("venue", "market_id")
TRIP_KEYS = ("kind", "tripped_at")
_FILL_STATUSES = (OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED)

_FILL_COLUMNS = (
    "fill_id", "order_id", "signal_kind", "purpose", "venue", "market_id", "outcome", "side", "status",
    "price", "contracts", "fee", "fee_shares", "filled_ahead_s",
)  # fmt: skip
_POSITION_COLUMNS = (*POSITION_KEYS, "contracts", "fees_paid", "best_bid")
_IN_BOOK_COLUMNS = (
    "fill_id", "opportunity_id", "venue", "market_id", "outcome", "side", "price", "contracts", "trade_recorded",
    "book_recorded", "at_a_book_level", "contracts_over_level",
)  # fmt: skip
_ORDER_COLUMNS = (
    "order_id", "opportunity_id", "signal_kind", "purpose", "venue", "side", "status", "leg", "contracts",
    "limit_price", "filled", "unfilled", "filled_residual", "buy_above_limit", "created_ahead_s",
)  # fmt: skip
_TRADE_COLUMNS = (
    "opportunity_id", "signal_kind", "outcome", "sets", "target", "quoted_cost_per_set", "entry_cost_per_set",
    "capital", "volume", "volume_residual", "traded_after_decided_s", "traded_ahead_s",
)  # fmt: skip
_PNL_COLUMNS = (*PNL_KEYS, "marked", "realized", "unrealized", "fees", "fees_residual", "days_after_computed", "computed_ahead_s")
_SETTLEMENT_COLUMNS = (
    "settlement_id", *POSITION_KEYS, "contracts", "payout_per_contract", "payout", "payout_residual", "pnl_residual",
    "resolution_residual",
)  # fmt: skip
_TRIP_COLUMNS = (*TRIP_KEYS, "reason", "lasts_s", "tripped_ahead_s")
_STATE_FIGURES = ("trades_today", "volume_today", "consecutive_losses", "smallest_exposure")
_RESOLUTION_COLUMNS = (
    *RESOLUTION_KEYS, "outcomes", "lowest_payout", "highest_payout", "payouts_residual", "resolved_ahead_s",
    "recorded_ahead_s",
)  # fmt: skip


def fills_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every fill, with how far its fill time lies after ``now`` in seconds."""
    query = sa.text(
        f"""
        select fill_id, order_id, signal_kind, purpose, venue, market_id, outcome, side, status,
            price, contracts, fee, fee_shares, extract(epoch from filled_at - :now) as filled_ahead_s
        from {warehouse.schema}.paper_fills
        order by fill_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _FILL_COLUMNS, numeric=_FILL_COLUMNS[9:])


def fills_in_book_frame(warehouse: Warehouse) -> pd.DataFrame:
    """Every fill with the book level it took: a buy walks the asks, a sale the bids, of its
    instrument in the snapshots its trade filled on (the first leg on the entry snapshot, later
    legs and unwinds on the hedge snapshot; both are searched, as the stored rows do not say
    which leg went first). ``trade_recorded``: the fill's trade is stored; ``book_recorded``: the
    trade names a snapshot (a trade the streamer's paper session made on its live books names
    none, as those books are not stored, so its fills cannot be held to them);
    ``at_a_book_level``: a level of that side stood at the fill's price; ``contracts_over_level``:
    the fill's contracts less the most that level showed."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        with fills as (
            select fills.fill_id, fills.opportunity_id, fills.venue, fills.market_id, fills.outcome, fills.side,
                fills.price, fills.contracts, trades.opportunity_id is not null as trade_recorded,
                trades.entry_snapshot_id, trades.hedge_snapshot_id,
                case when fills.venue = :kalshi then fills.market_id || ':' || fills.outcome else fills.outcome end
                    as instrument_id,
                case when fills.side = :buy then :ask else :bid end as book_side
            from {schema}.paper_fills as fills
            left join {schema}.paper_trades as trades on trades.opportunity_id = fills.opportunity_id
        ),
        levels as (
            select fills.fill_id, max(level.size) as level_size
            from fills
            join {schema}.quote_snapshots as books
                on books.snapshot_id in (fills.entry_snapshot_id, fills.hedge_snapshot_id)
                and books.venue = fills.venue and books.instrument_id = fills.instrument_id
                and books.side = fills.book_side
            cross join lateral unnest(books.level_prices, books.level_sizes) as level(price, size)
            where level.price = fills.price
            group by fills.fill_id
        )
        select fills.fill_id, fills.opportunity_id, fills.venue, fills.market_id, fills.outcome, fills.side,
            fills.price, fills.contracts, fills.trade_recorded,
            coalesce(fills.entry_snapshot_id, fills.hedge_snapshot_id) is not null,
            levels.level_size is not null, fills.contracts - levels.level_size
        from fills
        left join levels on levels.fill_id = fills.fill_id
        order by fills.fill_id
        """
    ).bindparams(kalshi=Venue.KALSHI.value, buy=Side.BUY.value, ask=BookSide.ASK.value, bid=BookSide.BID.value)
    return read_frame(warehouse, query, _IN_BOOK_COLUMNS, numeric=["price", "contracts", "contracts_over_level"])


def orders_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every order with its fills summed: ``filled_residual`` is the order's filled contracts
    less its fills' contracts, ``buy_above_limit`` a buy's dearest fill less its limit."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        select orders.order_id, orders.opportunity_id, orders.signal_kind, orders.purpose, orders.venue, orders.side,
            orders.status, orders.leg, orders.contracts, orders.limit_price, orders.filled,
            orders.contracts - orders.filled,
            orders.filled - coalesce(fills.contracts, 0),
            case when orders.side = :buy then fills.dearest - orders.limit_price end,
            extract(epoch from orders.created_at - :now)
        from {schema}.paper_orders as orders
        left join (
            select order_id, sum(contracts) as contracts, max(price) as dearest
            from {schema}.paper_fills
            group by order_id
        ) as fills on fills.order_id = orders.order_id
        order by orders.order_id
        """
    ).bindparams(buy=Side.BUY.value, now=now)
    return read_frame(warehouse, query, _ORDER_COLUMNS, numeric=_ORDER_COLUMNS[8:])


def trades_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every trade decided, with ``volume_residual``: its volume less the notional of its fills."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        select trades.opportunity_id, trades.signal_kind, trades.outcome, trades.sets, trades.target,
            trades.quoted_cost_per_set, trades.entry_cost_per_set, trades.capital, trades.volume,
            trades.volume - coalesce(fills.notional, 0),
            extract(epoch from trades.traded_at - trades.decided_at),
            extract(epoch from trades.traded_at - :now)
        from {schema}.paper_trades as trades
        left join (
            select opportunity_id, sum(price * contracts) as notional
            from {schema}.paper_fills
            group by opportunity_id
        ) as fills on fills.opportunity_id = trades.opportunity_id
        order by trades.opportunity_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _TRADE_COLUMNS, numeric=_TRADE_COLUMNS[3:])


def daily_pnl_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every daily PnL row, with ``fees_residual``: its fees less the fees of the confirmed fills
    of its UTC day, signal kind, pair and venue."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        select pnl.day, pnl.signal_kind, pnl.pair_key, pnl.venue, pnl.marked, pnl.realized, pnl.unrealized, pnl.fees,
            pnl.fees - coalesce((
                select sum(fills.fee) from {schema}.paper_fills as fills
                where fills.status = :confirmed and (fills.filled_at at time zone 'UTC')::date = pnl.day
                    and fills.signal_kind = pnl.signal_kind and fills.pair_key = pnl.pair_key
                    and fills.venue = pnl.venue
            ), 0),
            pnl.day - (pnl.computed_at at time zone 'UTC')::date,
            extract(epoch from pnl.computed_at - :now)
        from {schema}.daily_pnl as pnl
        order by pnl.day, pnl.signal_kind, pnl.pair_key, pnl.venue
        """
    ).bindparams(confirmed=OrderStatus.CONFIRMED.value, now=now)
    return read_frame(warehouse, query, _PNL_COLUMNS, numeric=_PNL_COLUMNS[5:])


def positions_frame(warehouse: Warehouse) -> pd.DataFrame:
    table = warehouse.tables.paper_positions
    query = sa.select(*(table.c[name] for name in _POSITION_COLUMNS)).order_by(*(table.c[name] for name in POSITION_KEYS))
    return read_frame(warehouse, query, _POSITION_COLUMNS, numeric=_POSITION_COLUMNS[5:])


def settlements_frame(warehouse: Warehouse) -> pd.DataFrame:
    """Every settlement with its residuals, ``resolution_residual`` the payout per contract less
    what its market's stored resolution pays the outcome (NULL: no resolution pays it)."""
    schema = warehouse.schema
    query = sa.text(
        f"""
        select settlements.settlement_id, settlements.signal_kind, settlements.pair_key, settlements.venue,
            settlements.market_id, settlements.outcome, settlements.contracts, settlements.payout_per_contract,
            settlements.payout,
            settlements.payout - settlements.contracts * settlements.payout_per_contract as payout_residual,
            settlements.realized_pnl - (settlements.payout - settlements.cost_basis) as pnl_residual,
            settlements.payout_per_contract - (resolutions.payouts ->> settlements.outcome)::numeric as resolution_residual
        from {schema}.paper_settlements as settlements
        left join {schema}.market_resolutions as resolutions
            on resolutions.venue = settlements.venue and resolutions.market_id = settlements.market_id
        order by settlements.settlement_id
        """
    )
    return read_frame(warehouse, query, _SETTLEMENT_COLUMNS, numeric=_SETTLEMENT_COLUMNS[6:])


def resolutions_frame(warehouse: Warehouse, now: datetime) -> pd.DataFrame:
    """Every stored resolution with its payouts folded: how many outcomes, the lowest and highest
    payout, and ``payouts_residual``: their sum less $1 (exact, in SQL)."""
    query = sa.text(
        f"""
        select venue, market_id, payout.outcomes, payout.lowest, payout.highest, payout.total - 1,
            extract(epoch from resolved_at - :now), extract(epoch from recorded_at - :now)
        from {warehouse.schema}.market_resolutions
        cross join lateral (
            select count(*) as outcomes, min(value::numeric) as lowest, max(value::numeric) as highest,
                coalesce(sum(value::numeric), 0) as total
            from jsonb_each_text(payouts)
        ) as payout
        order by venue, market_id
        """
    ).bindparams(now=now)
    return read_frame(warehouse, query, _RESOLUTION_COLUMNS, numeric=_RESOLUTION_COLUMNS[2:])


def _in_set(column: str, values: tuple, what: str) -> object:
    allowed = [getattr(v, "value", v) for v in values]
    return gx_expectations().ExpectColumnValuesToBeInSet(
        column=column, value_set=allowed, description=f"{what} is one of {', '.join(allowed)}"
    )


def _leg_expectations() -> list:
    return [
        _in_set("signal_kind", tuple(SignalKind), "signal kind"),
        _in_set("venue", (Venue.KALSHI, Venue.POLYMARKET), "venue"),
    ]


def validate_fills(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every fill has a {c}") for c in ("fill_id", "order_id", "market_id", "outcome")),
        *_leg_expectations(),
        _in_set("purpose", tuple(OrderPurpose), "purpose"),
        _in_set("side", tuple(Side), "side"),
        _in_set("status", _FILL_STATUSES, "status"),
        gxe.ExpectColumnValuesToBeUnique(column="fill_id", description="one row per fill id"),
        gxe.ExpectColumnValuesToBeBetween(column="price", min_value=0, max_value=1, description="fill price in [0, 1]"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="contracts filled > 0"),
        gxe.ExpectColumnValuesToBeBetween(column="fee", min_value=0, description="fee >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="fee_shares", min_value=0, description="fee shares >= 0"),
        not_ahead("filled_ahead_s", "filled", max_clock_skew_s),
    ]
    return run_suite("paper_fills", [Part("fills", frame, FILL_KEYS, expectations)])


def validate_fills_in_book(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        gxe.ExpectColumnValuesToBeInSet(column="trade_recorded", value_set=[True], description="every fill belongs to a stored trade"),
        gxe.ExpectColumnValuesToBeInSet(
            column="at_a_book_level", value_set=[True], row_condition=gx_column("book_recorded") == True,
            description="every fill is at a price level of the book side it walked (asks for a buy, bids for a sale) "
            "in its trade's entry or hedge snapshot",
        ),  # fmt: skip
        never_positive("contracts_over_level", "no fill takes more contracts than its level showed"),
    ]
    return run_suite("fills_in_book", [Part("fills", frame, FILL_KEYS, expectations)])


def validate_orders(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every order has a {c}") for c in ("order_id", "opportunity_id")),
        *_leg_expectations(),
        _in_set("purpose", tuple(OrderPurpose), "purpose"),
        _in_set("side", tuple(Side), "side"),
        _in_set("status", tuple(OrderStatus), "status"),
        gxe.ExpectColumnValuesToBeUnique(column="order_id", description="one row per order id"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="contracts ordered > 0"),
        gxe.ExpectColumnValuesToBeBetween(column="limit_price", min_value=0, max_value=1, description="limit price in [0, 1]"),
        *at_least_zero(("leg", "filled", "unfilled")),
        exactly_zero("filled_residual", "contracts filled = the order's fills' contracts, exactly"),
        never_positive("buy_above_limit", "no buy fills above its order's limit price"),
        not_ahead("created_ahead_s", "created", max_clock_skew_s),
    ]
    return run_suite("paper_orders", [Part("orders", frame, ORDER_KEYS, expectations)])


def validate_trades(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    complete = {"row_condition": gx_column("outcome") == "complete"}
    expectations = [
        _in_set("signal_kind", tuple(SignalKind), "signal kind"),
        _in_set("outcome", TRADE_OUTCOMES, "outcome"),
        gxe.ExpectColumnValuesToBeUnique(column="opportunity_id", description="one row per opportunity"),
        *at_least_zero(("sets", "target", "quoted_cost_per_set", "entry_cost_per_set", "capital", "volume")),
        gxe.ExpectColumnValuesToBeBetween(
            column="sets", min_value=0, strict_min=True, description="a complete trade holds sets", **complete
        ),
        exactly_zero("volume_residual", "volume = the notional of the trade's fills, exactly"),
        gxe.ExpectColumnValuesToBeBetween(
            column="traded_after_decided_s", min_value=0, description="traded no earlier than the opportunity was found"
        ),
        not_ahead("traded_ahead_s", "traded", max_clock_skew_s),
    ]
    return run_suite("paper_trades", [Part("trades", frame, TRADE_KEYS, expectations)])


def validate_daily_pnl(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_leg_expectations(),
        gxe.ExpectColumnValuesToNotBeNull(column="pair_key", description="every row has a pair_key"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(PNL_KEYS), description="one row per day, pair and venue"),
        *at_least_zero(("fees",)),
        exactly_zero("fees_residual", "fees = the day's confirmed fills' fees, exactly"),
        exactly_zero(
            "unrealized", "nothing unrealized where no bids marked the positions", row_condition=gx_column("marked") == False
        ),
        never_positive("days_after_computed", "a day's PnL is computed on or after that day"),
        not_ahead("computed_ahead_s", "computed", max_clock_skew_s),
    ]
    return run_suite("daily_pnl", [Part("pnl", frame, PNL_KEYS, expectations)])


def validate_positions(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_leg_expectations(),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(POSITION_KEYS), description="one row per pair and leg"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, description="contracts held >= 0: paper trading never sells short"),
        gxe.ExpectColumnValuesToBeBetween(column="fees_paid", min_value=0, description="fees paid >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="best_bid", min_value=0, max_value=1, description="the mark (best bid) is a price in [0, 1]"),
    ]
    return run_suite("paper_positions", [Part("positions", frame, POSITION_KEYS, expectations)])


def validate_settlements(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *_leg_expectations(),
        gxe.ExpectColumnValuesToBeUnique(column="settlement_id", description="one row per settlement id"),
        gxe.ExpectColumnValuesToBeBetween(column="contracts", min_value=0, strict_min=True, description="contracts settled > 0"),
        gxe.ExpectColumnValuesToBeBetween(
            column="payout_per_contract", min_value=0, max_value=1, description="payout per contract in [0, 1]"
        ),
        exactly_zero("payout_residual", "payout = contracts x payout per contract, exactly"),
        exactly_zero("pnl_residual", "realized PnL = payout - cost basis, exactly"),
        gxe.ExpectColumnValuesToNotBeNull(
            column="resolution_residual", description="every settlement pays an outcome of its market's stored resolution"
        ),
        exactly_zero("resolution_residual", "payout per contract = what the market's resolution pays the outcome, exactly"),
    ]
    return run_suite("paper_settlements", [Part("settlements", frame, SETTLEMENT_KEYS, expectations)])


def validate_resolutions(frame: pd.DataFrame, *, max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        _in_set("venue", (Venue.KALSHI, Venue.POLYMARKET), "venue"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(RESOLUTION_KEYS), description="one resolution per market"),
        gxe.ExpectColumnValuesToBeBetween(column="outcomes", min_value=1, description="a resolution pays at least one outcome"),
        gxe.ExpectColumnValuesToBeBetween(column="lowest_payout", min_value=0, description="every payout >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="highest_payout", max_value=1, description="every payout <= $1"),
        exactly_zero("payouts_residual", "a market's payouts add up to $1, exactly"),
        not_ahead("resolved_ahead_s", "resolved", max_clock_skew_s),
        not_ahead("recorded_ahead_s", "recorded", max_clock_skew_s),
    ]
    return run_suite("market_resolutions", [Part("resolutions", frame, RESOLUTION_KEYS, expectations)])


def _breaker_figures(stored: Any) -> dict[str, Any]:
    """What the suite reads of the breaker's stored state: whether it reads back at all (the next
    trading run starts from it), and its counters and smallest held capital."""
    try:
        state = risk_state_from_json(stored)
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return {"readable": False, **dict.fromkeys(_STATE_FIGURES)}
    capital = [amount for exposure in state.exposures for _, amount in exposure.capital]
    return {"readable": True, "trades_today": state.trades_today, "volume_today": float(state.volume_today),
            "consecutive_losses": state.consecutive_losses, "smallest_exposure": float(min(capital, default=0))}


def controls_frames(warehouse: Warehouse, now: datetime) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The circuit breaker's trips (with how long each lasts, NULL: until a reset), the kill
    switch and the breaker's state, each with how far its time lies after ``now`` in seconds."""
    schema = warehouse.schema
    trips = sa.text(
        f"""
        select kind, tripped_at, reason, extract(epoch from until - tripped_at), extract(epoch from tripped_at - :now)
        from {schema}.risk_trips
        order by tripped_at, kind
        """
    ).bindparams(now=now)
    switch = sa.text(
        f"select name, engaged, changed_by, extract(epoch from changed_at - :now) from {schema}.kill_switch order by name"
    ).bindparams(now=now)
    stored = read_frame(
        warehouse,
        sa.text(f"select name, state, extract(epoch from updated_at - :now) from {schema}.risk_state order by name")
        .bindparams(now=now),
        ("name", "state", "updated_ahead_s"), numeric=["updated_ahead_s"],
    )
    figures = pd.DataFrame([_breaker_figures(value) for value in stored["state"]],
                           columns=["readable", *_STATE_FIGURES], index=stored.index)
    return (
        read_frame(warehouse, trips, _TRIP_COLUMNS, numeric=_TRIP_COLUMNS[3:]),
        read_frame(warehouse, switch, ("name", "engaged", "changed_by", "changed_ahead_s"), numeric=["changed_ahead_s"]),
        pd.concat([stored.drop(columns="state"), figures], axis=1),
    )


def validate_controls(trips: pd.DataFrame, switch: pd.DataFrame, state: pd.DataFrame, *,
                      max_clock_skew_s: float) -> SuiteResult:
    gxe = gx_expectations()
    trip_expectations = [
        _in_set("kind", tuple(LimitKind), "trip kind"),
        gxe.ExpectColumnValuesToNotBeNull(column="reason", description="every trip says why"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(TRIP_KEYS), description="one trip per kind and time"),
        gxe.ExpectColumnValuesToBeBetween(column="lasts_s", min_value=0, description="a trip ends no earlier than it starts"),
        not_ahead("tripped_ahead_s", "tripped", max_clock_skew_s),
    ]
    switch_expectations = [
        gxe.ExpectColumnValuesToBeUnique(column="name", description="one kill switch per name"),
        gxe.ExpectColumnValuesToNotBeNull(column="changed_by", description="the kill switch names who changed it"),
        not_ahead("changed_ahead_s", "the kill switch changed", max_clock_skew_s),
    ]
    state_expectations = [
        gxe.ExpectColumnValuesToBeUnique(column="name", description="one breaker state per name"),
        gxe.ExpectColumnValuesToBeInSet(column="readable", value_set=[True],
                                        description="the breaker's state reads back: the next trading run starts from it"),
        *at_least_zero(_STATE_FIGURES),
        not_ahead("updated_ahead_s", "the breaker's state updated", max_clock_skew_s),
    ]
    return run_suite(
        "trading_controls",
        [Part("trips", trips, TRIP_KEYS, trip_expectations), Part("kill_switch", switch, ("name",), switch_expectations),
         Part("risk_state", state, ("name",), state_expectations)],
    )
