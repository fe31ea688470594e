"""The paper-trading and sportsbook tables (schema version 5).

Every row has a natural key the domain derives deterministically (order, fill and settlement
ids come from the opportunity, the resolution and the position), so a retried run or a duplicate
message writes the same key again and changes nothing. Positions and daily PnL are derived
tables: rebuilt from fills and settlements, never edited by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import LimitKind, OrderPurpose, OrderStatus, Side, SignalKind, TradeOutcome
from arb_pipeline.warehouse.columns import event_tags, money, money_columns, table, text, text_columns, time

_VENUES = (Venue.KALSHI, Venue.POLYMARKET)
#: A trade the circuit breaker refused is recorded too, so one opportunity is never tried twice.
REFUSED = "refused"
TRADE_OUTCOMES = (*(outcome.value for outcome in TradeOutcome), REFUSED)


def _instrument(what: str) -> tuple[sa.Column, ...]:
    return (
        text("venue", nullable=False),
        text("market_id", nullable=False, comment="Kalshi ticker or Polymarket Gamma id"),
        text("outcome", nullable=False, comment=f"{what}: Kalshi yes/no, or the Polymarket token id"),
    )


def _signal() -> tuple[sa.Column, ...]:
    return (
        text("signal_kind", nullable=False, comment="arbitrage or sportsbook_value: never summed together"),
        text("pair_key", nullable=False, comment="the pair (or value bet) positions are grouped by"),
    )


def _signal_table(
    metadata: sa.MetaData,
    name: str,
    comment: str,
    *columns: sa.Column,
    values: Mapping[str, tuple[str, ...]] | None = None,
    **constraints: Any,
) -> None:
    """A table whose rows carry ``_signal()``: its signal kind is checked first among its value lists."""
    table(metadata, name, comment, *columns, values={"signal_kind": tuple(SignalKind), **(values or {})}, **constraints)


# What a paper order or fill does: the value lists both tables check.
_ORDER_VALUES = {"purpose": tuple(OrderPurpose), "side": tuple(Side)}
_FILL_STATUSES = (OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED)


def add_trading_tables(metadata: sa.MetaData) -> None:
    _signal_table(
        metadata, "paper_trades", "one row per opportunity the trader decided on: what it did, and why",
        text("opportunity_id", nullable=False),
        *_signal(),
        text("outcome", nullable=False, comment="complete, unwound, open_risk, exited, not_traded or refused"),
        money("sets", nullable=False, comment="hedged sets held (a value bet: contracts held)"),
        sa.Column("target", sa.Integer, nullable=False, comment="sets the opportunity asked for after sizing"),
        *money_columns("quoted_cost_per_set", "entry_cost_per_set"),
        money("realized_pnl", nullable=False, comment="what unwinds and exits inside the trade realized"),
        money("capital", nullable=False, comment="dollars the trade still holds after it"),
        money("volume", nullable=False, comment="notional of every fill"),
        sa.Column("legs", ARRAY(sa.Text), nullable=False, comment="instrument keys, venue:market:outcome"),
        sa.Column("reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("residuals", JSONB, nullable=False, comment='[{"instrument", "contracts", "kind", "reason"}]'),
        text("found_snapshot_id", comment="the snapshot whose books found the opportunity"),
        text("entry_snapshot_id", comment="the later snapshot the first leg filled against"),
        text("hedge_snapshot_id", comment="the snapshot the other legs and any unwind filled against"),
        text("profile", nullable=False),
        *event_tags(),
        time("decided_at", nullable=False, comment="when the opportunity was found"),
        time("traded_at", nullable=False),
        key=("opportunity_id",),
        values={"outcome": TRADE_OUTCOMES},
        indexes={"by_time": ("traded_at",)},
    )  # fmt: skip
    _signal_table(
        metadata, "paper_orders", "immediate-or-cancel paper orders: entries, unwinds and early exits",
        *text_columns("order_id", "opportunity_id", nullable=False),
        *_signal(),
        sa.Column("leg", sa.Integer, nullable=False),
        text("purpose", nullable=False),
        *_instrument("the leg"),
        text("side", nullable=False),
        money("contracts", nullable=False),
        money("limit_price", comment="the worst price the order accepts; NULL: any (an unwind)"),
        text("status", nullable=False),
        money("filled", nullable=False),
        text("reason"),
        time("created_at", nullable=False),
        key=("order_id",),
        values={**_ORDER_VALUES, "status": tuple(OrderStatus), "venue": _VENUES},
        checks={"filled_check": "filled >= 0 AND filled <= contracts"},
        indexes={"by_opportunity": ("opportunity_id",)},
    )  # fmt: skip
    _signal_table(
        metadata, "paper_fills", "every paper execution against one price level, with its fee",
        *text_columns("fill_id", "order_id", "opportunity_id", nullable=False),
        *_signal(),
        text("purpose", nullable=False),
        *_instrument("what was bought or sold"),
        text("side", nullable=False),
        *money_columns("price", "contracts", nullable=False),
        money("fee", nullable=False, comment="the fee's value in dollars, from the market's own schedule at fill time"),
        money("fee_shares", nullable=False, comment="shares a Polymarket buy paid its fee in (0 otherwise)"),
        text("status", nullable=False, comment="matched (not yet a position), confirmed or rejected"),
        time("filled_at", nullable=False),
        *event_tags(),
        key=("fill_id",),
        values={**_ORDER_VALUES, "status": _FILL_STATUSES, "venue": _VENUES},
        checks={"amounts_check": "contracts > 0 AND fee >= 0 AND fee_shares >= 0"},
        indexes={"by_opportunity": ("opportunity_id",), "by_time": ("filled_at",)},
    )  # fmt: skip
    _signal_table(
        metadata, "paper_positions", "positions per pair and leg, rebuilt from confirmed fills and settlements",
        *_signal(),
        *_instrument("the leg held"),
        money("contracts", nullable=False),
        money("cost_basis", nullable=False, comment="dollars paid for the contracts held, cash fees included"),
        *money_columns("fees_paid", "realized_pnl", "bought", "sold", nullable=False),
        text("settlement_id"),
        money("best_bid", comment="the mark: best bid of the latest books; NULL when nobody bids"),
        money("unrealized_pnl", comment="contracts x best bid - cost basis, open positions only"),
        *event_tags(),
        time("updated_at", nullable=False),
        key=("signal_kind", "pair_key", "venue", "market_id", "outcome"),
    )  # fmt: skip
    _signal_table(
        metadata, "paper_settlements", "positions paid at resolution: payout against cost basis",
        text("settlement_id", nullable=False),
        *_signal(),
        *_instrument("the leg paid"),
        *money_columns("contracts", "payout_per_contract", "payout", "cost_basis", "realized_pnl", nullable=False),
        time("settled_at", nullable=False),
        text("detail", nullable=False),
        *event_tags(),
        key=("settlement_id",),
        indexes={"by_time": ("settled_at",)},
    )  # fmt: skip
    table(
        metadata, "market_resolutions",
        "how each resolved market paid, as first read: later messages about it change nothing",
        *text_columns("venue", "market_id", nullable=False),
        sa.Column("payouts", JSONB, nullable=False, comment='{"outcome": "dollars a contract pays"}'),
        time("resolved_at", nullable=False),
        text("detail", nullable=False),
        text("source", nullable=False, comment="kalshi_rest, gamma or market_resolved"),
        time("recorded_at", nullable=False),
        key=("venue", "market_id"),
        values={"venue": _VENUES},
    )  # fmt: skip
    table(
        metadata, "risk_state", "the circuit breaker between runs; its row lock serializes trading runs",
        text("name", nullable=False),
        sa.Column("state", JSONB, nullable=False, comment="the circuit breaker's counters, exposures and trips"),
        time("updated_at", nullable=False),
        key=("name",),
    )  # fmt: skip
    table(
        metadata, "risk_trips",
        "every breach of a risk limit, with its reason; each halted trading until its cooldown or a reset",
        *text_columns("kind", "reason", nullable=False),
        time("tripped_at", nullable=False),
        time("until", comment="NULL: until an operator resets it"),
        text("opportunity_id", comment="the trade that tripped it, when one did"),
        key=("kind", "tripped_at"),
        values={"kind": tuple(LimitKind)},
    )  # fmt: skip
    table(
        metadata, "kill_switch", "the manual kill switch (arb-pipeline halt / resume): engaged, nothing trades",
        text("name", nullable=False),
        sa.Column("engaged", sa.Boolean, nullable=False),
        *text_columns("reason", "changed_by", nullable=False),
        time("changed_at", nullable=False),
        key=("name",),
    )  # fmt: skip
    _signal_table(
        metadata, "daily_pnl", "PnL per day, pair and venue, from fills and settlements alone",
        sa.Column("day", sa.Date, nullable=False, comment="UTC day"),
        *_signal(),
        text("venue", nullable=False),
        *money_columns("realized", "unrealized", "fees", nullable=False),
        sa.Column("marked", sa.Boolean, nullable=False, comment="false: no bids to mark with, unrealized unknown"),
        time("computed_at", nullable=False),
        key=("day", "signal_kind", "pair_key", "venue"),
    )  # fmt: skip
    table(
        metadata, "sportsbook_odds", "The Odds API bookmaker prices, one row per outcome per read",
        *text_columns("odds_event_id", "sport_key", nullable=False),
        time("commence_time", nullable=False),
        *text_columns("home_team", "away_team", "bookmaker", "market_key", "outcome_name", nullable=False),
        money("decimal_odds", nullable=False),
        sa.Column("american_odds", sa.Integer),
        time("last_update"),
        time("fetched_at", nullable=False),
        key=("odds_event_id", "bookmaker", "market_key", "outcome_name", "fetched_at"),
    )  # fmt: skip
    table(
        metadata, "sportsbook_edges",
        "Kalshi game sides against the sportsbook consensus; flagged ones are value-bet signals",
        *text_columns("signal_id", "kalshi_ticker", "side", "odds_event_id", nullable=False),
        sa.Column("agreeing", sa.Integer, nullable=False),
        sa.Column("required", sa.Integer, nullable=False),
        money("consensus", comment="the de-vigged fair probability the agreeing books give"),
        money("best_ask"),
        money("cost_per_contract", comment="best ask plus the Kalshi fee"),
        money("edge"),
        sa.Column("contracts", sa.Integer, nullable=False),
        money("cost", nullable=False),
        sa.Column("flagged", sa.Boolean, nullable=False),
        sa.Column("reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        time("evaluated_at", nullable=False),
        *event_tags(),
        key=("signal_id",),
        indexes={"by_time": ("evaluated_at",)},
    )  # fmt: skip
