"""The paper-trading and sportsbook tables (schema version 5).

Every row has a natural key the domain derives deterministically (order, fill and settlement
ids come from the opportunity, the resolution and the position), so a retried run or a duplicate
message writes the same key again and changes nothing. Positions and daily PnL are derived
tables: rebuilt from fills and settlements, never edited by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import LimitKind, OrderPurpose, OrderStatus, Side, SignalKind, TradeOutcome
from arb_pipeline.warehouse.columns import event_tags, money, money_columns, one_of, text, text_columns, time

_VENUES = (Venue.KALSHI, Venue.POLYMARKET)
#: A trade the circuit breaker refused is recorded too, so one opportunity is never tried twice.
REFUSED = "refused"
TRADE_OUTCOMES = (*(outcome.value for outcome in TradeOutcome), REFUSED)


def _instrument(prefix: str) -> tuple[sa.Column, ...]:
    return (
        text("venue", nullable=False),
        text("market_id", nullable=False, comment="Kalshi ticker or Polymarket Gamma id"),
        text("outcome", nullable=False, comment=f"{prefix}: Kalshi yes/no, or the Polymarket token id"),
    )


def _signal(table: str) -> tuple[sa.Column | sa.CheckConstraint, ...]:
    return (
        text("signal_kind", nullable=False, comment="arbitrage or sportsbook_value: never summed together"),
        text("pair_key", nullable=False, comment="the pair (or value bet) positions are grouped by"),
        one_of("signal_kind", tuple(SignalKind), f"{table}_signal_kind_check"),
    )


def _paper_trades(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "paper_trades",
        metadata,
        text("opportunity_id", nullable=False),
        *_signal("paper_trades"),
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
        sa.PrimaryKeyConstraint("opportunity_id", name="paper_trades_pkey"),
        one_of("outcome", TRADE_OUTCOMES, "paper_trades_outcome_check"),
        sa.Index("paper_trades_by_time", "traded_at"),
        comment="one row per opportunity the trader decided on: what it did, and why",
    )


def _paper_orders(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "paper_orders",
        metadata,
        *text_columns("order_id", "opportunity_id", nullable=False),
        *_signal("paper_orders"),
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
        sa.PrimaryKeyConstraint("order_id", name="paper_orders_pkey"),
        one_of("purpose", tuple(OrderPurpose), "paper_orders_purpose_check"),
        one_of("side", tuple(Side), "paper_orders_side_check"),
        one_of("status", tuple(OrderStatus), "paper_orders_status_check"),
        one_of("venue", _VENUES, "paper_orders_venue_check"),
        sa.CheckConstraint("filled >= 0 AND filled <= contracts", name="paper_orders_filled_check"),
        sa.Index("paper_orders_by_opportunity", "opportunity_id"),
        comment="immediate-or-cancel paper orders: entries, unwinds and early exits",
    )


def _paper_fills(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "paper_fills",
        metadata,
        *text_columns("fill_id", "order_id", "opportunity_id", nullable=False),
        *_signal("paper_fills"),
        text("purpose", nullable=False),
        *_instrument("what was bought or sold"),
        text("side", nullable=False),
        *money_columns("price", "contracts", nullable=False),
        money("fee", nullable=False, comment="the fee's value in dollars, from the market's own schedule at fill time"),
        money("fee_shares", nullable=False, comment="shares a Polymarket buy paid its fee in (0 otherwise)"),
        text("status", nullable=False, comment="matched (not yet a position), confirmed or rejected"),
        time("filled_at", nullable=False),
        *event_tags(),
        sa.PrimaryKeyConstraint("fill_id", name="paper_fills_pkey"),
        one_of("purpose", tuple(OrderPurpose), "paper_fills_purpose_check"),
        one_of("side", tuple(Side), "paper_fills_side_check"),
        one_of("status", (OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED), "paper_fills_status_check"),
        one_of("venue", _VENUES, "paper_fills_venue_check"),
        sa.CheckConstraint("contracts > 0 AND fee >= 0 AND fee_shares >= 0", name="paper_fills_amounts_check"),
        sa.Index("paper_fills_by_opportunity", "opportunity_id"),
        sa.Index("paper_fills_by_time", "filled_at"),
        comment="every paper execution against one price level, with its fee",
    )


def _paper_positions(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "paper_positions",
        metadata,
        *_signal("paper_positions"),
        *_instrument("the leg held"),
        money("contracts", nullable=False),
        money("cost_basis", nullable=False, comment="dollars paid for the contracts held, cash fees included"),
        *money_columns("fees_paid", "realized_pnl", "bought", "sold", nullable=False),
        text("settlement_id"),
        money("best_bid", comment="the mark: best bid of the latest books; NULL when nobody bids"),
        money("unrealized_pnl", comment="contracts x best bid - cost basis, open positions only"),
        *event_tags(),
        time("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("signal_kind", "pair_key", "venue", "market_id", "outcome",
                                name="paper_positions_pkey"),
        comment="positions per pair and leg, rebuilt from confirmed fills and settlements",
    )


def _settlements(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "paper_settlements",
        metadata,
        text("settlement_id", nullable=False),
        *_signal("paper_settlements"),
        *_instrument("the leg paid"),
        *money_columns("contracts", "payout_per_contract", "payout", "cost_basis", "realized_pnl", nullable=False),
        time("settled_at", nullable=False),
        text("detail", nullable=False),
        *event_tags(),
        sa.PrimaryKeyConstraint("settlement_id", name="paper_settlements_pkey"),
        sa.Index("paper_settlements_by_time", "settled_at"),
        comment="positions paid at resolution: payout against cost basis",
    )


def _market_resolutions(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "market_resolutions",
        metadata,
        *text_columns("venue", "market_id", nullable=False),
        sa.Column("payouts", JSONB, nullable=False, comment='{"outcome": "dollars a contract pays"}'),
        time("resolved_at", nullable=False),
        text("detail", nullable=False),
        text("source", nullable=False, comment="kalshi_rest, gamma or market_resolved"),
        time("recorded_at", nullable=False),
        sa.PrimaryKeyConstraint("venue", "market_id", name="market_resolutions_pkey"),
        one_of("venue", _VENUES, "market_resolutions_venue_check"),
        comment="how each resolved market paid, as first read: later messages about it change nothing",
    )


def _risk_state(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "risk_state",
        metadata,
        text("name", nullable=False),
        sa.Column("state", JSONB, nullable=False, comment="the circuit breaker's counters, exposures and trips"),
        time("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("name", name="risk_state_pkey"),
        comment="the circuit breaker between runs; its row lock serializes trading runs",
    )


def _risk_trips(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "risk_trips",
        metadata,
        *text_columns("kind", "reason", nullable=False),
        time("tripped_at", nullable=False),
        time("until", comment="NULL: until an operator resets it"),
        text("opportunity_id", comment="the trade that tripped it, when one did"),
        sa.PrimaryKeyConstraint("kind", "tripped_at", name="risk_trips_pkey"),
        one_of("kind", tuple(LimitKind), "risk_trips_kind_check"),
        comment="every breach of a risk limit, with its reason; each halted trading until its cooldown or a reset",
    )


def _kill_switch(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "kill_switch",
        metadata,
        text("name", nullable=False),
        sa.Column("engaged", sa.Boolean, nullable=False),
        *text_columns("reason", "changed_by", nullable=False),
        time("changed_at", nullable=False),
        sa.PrimaryKeyConstraint("name", name="kill_switch_pkey"),
        comment="the manual kill switch (arb-pipeline halt / resume): engaged, nothing trades",
    )


def _daily_pnl(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "daily_pnl",
        metadata,
        sa.Column("day", sa.Date, nullable=False, comment="UTC day"),
        *_signal("daily_pnl"),
        text("venue", nullable=False),
        *money_columns("realized", "unrealized", "fees", nullable=False),
        sa.Column("marked", sa.Boolean, nullable=False, comment="false: no bids to mark with, unrealized unknown"),
        time("computed_at", nullable=False),
        sa.PrimaryKeyConstraint("day", "signal_kind", "pair_key", "venue", name="daily_pnl_pkey"),
        comment="PnL per day, pair and venue, from fills and settlements alone",
    )


def _sportsbook_odds(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "sportsbook_odds",
        metadata,
        *text_columns("odds_event_id", "sport_key", nullable=False),
        time("commence_time", nullable=False),
        *text_columns("home_team", "away_team", "bookmaker", "market_key", "outcome_name", nullable=False),
        money("decimal_odds", nullable=False),
        sa.Column("american_odds", sa.Integer),
        time("last_update"),
        time("fetched_at", nullable=False),
        sa.PrimaryKeyConstraint("odds_event_id", "bookmaker", "market_key", "outcome_name", "fetched_at",
                                name="sportsbook_odds_pkey"),
        comment="The Odds API bookmaker prices, one row per outcome per read",
    )


def _sportsbook_edges(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "sportsbook_edges",
        metadata,
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
        sa.PrimaryKeyConstraint("signal_id", name="sportsbook_edges_pkey"),
        sa.Index("sportsbook_edges_by_time", "evaluated_at"),
        comment="Kalshi game sides against the sportsbook consensus; flagged ones are value-bet signals",
    )


def add_trading_tables(metadata: sa.MetaData) -> None:
    for build in (_paper_trades, _paper_orders, _paper_fills, _paper_positions, _settlements, _market_resolutions,
                  _risk_state, _risk_trips, _kill_switch, _daily_pnl, _sportsbook_odds, _sportsbook_edges):
        build(metadata)
