"""Paper trading in the warehouse: trades, orders, fills, settlements, resolutions, positions,
the circuit breaker's state and trips, the kill switch and daily PnL.

Every write is idempotent on the row's natural key (ids the domain derives from the
opportunity, the resolution and the position): a retried run, a replayed message or a second
settlement of one resolution writes nothing new. Trading volumes are a few rows a trade, so rows
go in with one multi-row INSERT ... ON CONFLICT (executemany), not COPY. Each function runs in
the caller's transaction; money is Decimal in and out (JSON holds it as decimal strings).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Row

from arb_pipeline.domain.models import ZERO, MarketStatus, Venue
from arb_pipeline.domain.trading import (
    Fill,
    Instrument,
    LimitKind,
    Mark,
    Order,
    OrderPurpose,
    OrderStatus,
    PnLReport,
    Position,
    Resolution,
    RiskState,
    Settlement,
    Side,
    SignalKind,
    TradeResult,
    Trip,
)
from arb_pipeline.domain.trading.risk import Exposure
from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA, warehouse_tables

#: The one circuit breaker and the one kill switch (rows keyed by name, so a later split, one
#: breaker per strategy, is a new row and not a new table).
TRADING = "trading"


def _instrument(row: Row[Any]) -> Instrument:
    return Instrument(Venue(row.venue), row.market_id, row.outcome)


def _instrument_columns(instrument: Instrument) -> dict[str, str]:
    return {"venue": instrument.venue.value, "market_id": instrument.market_id, "outcome": instrument.outcome}


def insert_new(connection: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert ``rows``, skipping every one whose key is already stored; the rows written."""
    if not rows:
        return 0
    statement = pg_insert(table).values(list(rows)).on_conflict_do_nothing()
    return connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


# --- trades, orders and fills -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TradeContext:
    """Where a trade's books came from and under which profile it was decided."""

    found_snapshot_id: str | None
    entry_snapshot_id: str | None
    hedge_snapshot_id: str | None
    profile: str
    traded_at: datetime


@dataclass(frozen=True, slots=True)
class StoredTrade:
    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    outcome: str
    sets: Decimal
    target: int
    quoted_cost_per_set: Decimal | None
    entry_cost_per_set: Decimal | None
    realized_pnl: Decimal
    capital: Decimal
    volume: Decimal
    legs: tuple[str, ...]
    reasons: tuple[str, ...]
    residuals: tuple[dict[str, str], ...]
    found_snapshot_id: str | None
    entry_snapshot_id: str | None
    hedge_snapshot_id: str | None
    profile: str
    event_id: str | None
    category: str | None
    decided_at: datetime
    traded_at: datetime


def _order_row(order: Order) -> dict[str, Any]:
    return {
        "order_id": order.order_id, "opportunity_id": order.opportunity_id, "signal_kind": order.signal_kind.value,
        "pair_key": order.pair_key, "leg": order.leg, "purpose": order.purpose.value,
        **_instrument_columns(order.instrument), "side": order.side.value, "contracts": order.contracts,
        "limit_price": order.limit_price, "status": order.status.value, "filled": order.filled,
        "reason": order.reason, "created_at": order.created_at,
    }  # fmt: skip


def _fill_row(fill: Fill) -> dict[str, Any]:
    return {
        "fill_id": fill.fill_id, "order_id": fill.order_id, "opportunity_id": fill.opportunity_id,
        "signal_kind": fill.signal_kind.value, "pair_key": fill.pair_key, "purpose": fill.purpose.value,
        **_instrument_columns(fill.instrument), "side": fill.side.value, "price": fill.price,
        "contracts": fill.contracts, "fee": fill.fee, "fee_shares": fill.fee_shares, "status": fill.status.value,
        "filled_at": fill.filled_at, "event_id": fill.event_id, "category": fill.category,
    }  # fmt: skip


def record_trade(connection: Connection, result: TradeResult, context: TradeContext, *, decided_at: datetime,
                 realized_pnl: Decimal | None = None, capital: Decimal | None = None,
                 schema: str = DEFAULT_SCHEMA) -> bool:
    """Store a trade with its orders and fills. False (and nothing written) when the opportunity
    was already traded: one opportunity is traded once, whatever ran twice. An early exit sells
    what earlier trades bought, so its caller gives what it realized and the capital it holds
    (none): the trade's own fills cannot tell."""
    tables = warehouse_tables(schema)
    if capital is None:
        capital = sum(result.capital_by_venue().values(), ZERO)
    if realized_pnl is None:
        realized_pnl = result.realized_pnl
    row = {
        "opportunity_id": result.opportunity_id, "signal_kind": result.signal_kind.value,
        "pair_key": result.pair_key, "outcome": result.outcome.value, "sets": result.sets, "target": result.target,
        "quoted_cost_per_set": result.quoted_cost_per_set, "entry_cost_per_set": result.entry_cost_per_set,
        "realized_pnl": realized_pnl, "capital": capital, "volume": result.volume,
        "legs": [leg.key for leg in result.legs], "reasons": list(result.reasons),
        "residuals": [{"instrument": r.instrument.key, "contracts": str(r.contracts), "kind": r.kind.value,
                       "reason": r.reason} for r in result.residuals],
        "found_snapshot_id": context.found_snapshot_id, "entry_snapshot_id": context.entry_snapshot_id,
        "hedge_snapshot_id": context.hedge_snapshot_id, "profile": context.profile, "event_id": result.event_id,
        "category": result.category, "decided_at": decided_at, "traded_at": context.traded_at,
    }  # fmt: skip
    if not insert_new(connection, tables.paper_trades, [row]):
        return False
    insert_new(connection, tables.paper_orders, [_order_row(order) for order in result.orders])
    record_fills(connection, result.fills, schema=schema)
    return True


def record_refusal(connection: Connection, opportunity_id: str, signal_kind: SignalKind, pair_key: str,
                   legs: Sequence[Instrument], target: int, reasons: Sequence[str], context: TradeContext, *,
                   decided_at: datetime, event_id: str | None = None, category: str | None = None,
                   outcome: str = "refused", schema: str = DEFAULT_SCHEMA) -> bool:
    """Store an opportunity that sent no order (the breaker refused it, or it could not become a
    trade), with why: it is decided, and never tried again."""
    row = {
        "opportunity_id": opportunity_id, "signal_kind": signal_kind.value, "pair_key": pair_key,
        "outcome": outcome, "sets": ZERO, "target": target, "quoted_cost_per_set": None,
        "entry_cost_per_set": None, "realized_pnl": ZERO, "capital": ZERO, "volume": ZERO,
        "legs": [leg.key for leg in legs], "reasons": list(reasons), "residuals": [],
        "found_snapshot_id": context.found_snapshot_id, "entry_snapshot_id": context.entry_snapshot_id,
        "hedge_snapshot_id": context.hedge_snapshot_id, "profile": context.profile, "event_id": event_id,
        "category": category, "decided_at": decided_at, "traded_at": context.traded_at,
    }  # fmt: skip
    return bool(insert_new(connection, warehouse_tables(schema).paper_trades, [row]))


def record_fills(connection: Connection, fills: Iterable[Fill], *, schema: str = DEFAULT_SCHEMA) -> int:
    """Store fills once by id. A fill seen again only moves on in its lifecycle: a matched fill
    becomes confirmed or rejected; a confirmed or rejected one never changes, and a second
    report's price or size never replaces the first."""
    table = warehouse_tables(schema).paper_fills
    rows = [_fill_row(fill) for fill in fills]
    if not rows:
        return 0
    statement = pg_insert(table).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.fill_id],
        set_={"status": statement.excluded.status},
        where=sa.and_(table.c.status == OrderStatus.MATCHED.value,
                      statement.excluded.status != OrderStatus.MATCHED.value,
                      table.c.price == statement.excluded.price,
                      table.c.contracts == statement.excluded.contracts),
    )
    return connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


def _fill_from_row(row: Row[Any]) -> Fill:
    return Fill(row.fill_id, row.order_id, row.opportunity_id, SignalKind(row.signal_kind), row.pair_key,
                _instrument(row), Side(row.side), row.price, row.contracts, row.fee, row.fee_shares,
                OrderStatus(row.status), row.filled_at, OrderPurpose(row.purpose), event_id=row.event_id,
                category=row.category)


def load_fills(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[Fill]:
    table = warehouse_tables(schema).paper_fills
    rows = connection.execute(sa.select(table).order_by(table.c.filled_at, table.c.fill_id))
    return [_fill_from_row(row) for row in rows]


def _order_from_row(row: Row[Any]) -> Order:
    return Order(row.order_id, row.opportunity_id, SignalKind(row.signal_kind), row.pair_key, row.leg,
                 OrderPurpose(row.purpose), _instrument(row), Side(row.side), row.contracts, row.limit_price,
                 row.created_at, OrderStatus(row.status), row.filled, row.reason)


def load_orders(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[Order]:
    table = warehouse_tables(schema).paper_orders
    rows = connection.execute(sa.select(table).order_by(table.c.created_at, table.c.order_id))
    return [_order_from_row(row) for row in rows]


def load_trades(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[StoredTrade]:
    table = warehouse_tables(schema).paper_trades
    trades = []
    for row in connection.execute(sa.select(table).order_by(table.c.traded_at, table.c.opportunity_id)):
        trades.append(StoredTrade(
            row.opportunity_id, SignalKind(row.signal_kind), row.pair_key, row.outcome, row.sets, row.target,
            row.quoted_cost_per_set, row.entry_cost_per_set, row.realized_pnl, row.capital, row.volume,
            tuple(row.legs), tuple(row.reasons), tuple(row.residuals), row.found_snapshot_id,
            row.entry_snapshot_id, row.hedge_snapshot_id, row.profile, row.event_id, row.category, row.decided_at,
            row.traded_at,
        ))
    return trades


def decided_opportunities(connection: Connection, opportunity_ids: Iterable[str], *,
                          schema: str = DEFAULT_SCHEMA) -> set[str]:
    """Which of ``opportunity_ids`` were already traded or refused."""
    ids = list(opportunity_ids)
    if not ids:
        return set()
    table = warehouse_tables(schema).paper_trades
    return set(connection.execute(sa.select(table.c.opportunity_id).where(table.c.opportunity_id.in_(ids))).scalars())


# --- resolutions and settlements ----------------------------------------------------------------


def record_resolution(connection: Connection, resolution: Resolution, source: str, recorded_at: datetime, *,
                      schema: str = DEFAULT_SCHEMA) -> bool:
    """Store how a market resolved; False when it was already stored (the first read stands)."""
    row = {
        "venue": resolution.venue.value, "market_id": resolution.market_id,
        "payouts": {outcome: str(payout) for outcome, payout in resolution.payouts.items()},
        "resolved_at": resolution.resolved_at, "detail": resolution.detail, "source": source,
        "recorded_at": recorded_at,
    }  # fmt: skip
    return bool(insert_new(connection, warehouse_tables(schema).market_resolutions, [row]))


def load_resolutions(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[Resolution]:
    table = warehouse_tables(schema).market_resolutions
    rows = connection.execute(sa.select(table).order_by(table.c.resolved_at, table.c.venue, table.c.market_id))
    return [Resolution(Venue(row.venue), row.market_id, {k: Decimal(v) for k, v in row.payouts.items()},
                       row.resolved_at, row.detail) for row in rows]


def _settlement_row(settlement: Settlement) -> dict[str, Any]:
    return {
        "settlement_id": settlement.settlement_id, "signal_kind": settlement.signal_kind.value,
        "pair_key": settlement.pair_key, **_instrument_columns(settlement.instrument),
        "contracts": settlement.contracts, "payout_per_contract": settlement.payout_per_contract,
        "payout": settlement.payout, "cost_basis": settlement.cost_basis, "realized_pnl": settlement.realized_pnl,
        "settled_at": settlement.settled_at, "detail": settlement.detail, "event_id": settlement.event_id,
        "category": settlement.category,
    }  # fmt: skip


def record_settlements(connection: Connection, settlements: Iterable[Settlement], *,
                       schema: str = DEFAULT_SCHEMA) -> int:
    """Store settlements once by id; the rows newly written."""
    return insert_new(connection, warehouse_tables(schema).paper_settlements,
                       [_settlement_row(s) for s in settlements])


def load_settlements(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[Settlement]:
    table = warehouse_tables(schema).paper_settlements
    rows = connection.execute(sa.select(table).order_by(table.c.settled_at, table.c.settlement_id))
    return [Settlement(row.settlement_id, SignalKind(row.signal_kind), row.pair_key, _instrument(row), row.contracts,
                       row.payout_per_contract, row.payout, row.cost_basis, row.realized_pnl, row.settled_at,
                       row.detail, event_id=row.event_id, category=row.category) for row in rows]


# --- positions and PnL --------------------------------------------------------------------------


def _replace_rows(
    connection: Connection, table: sa.Table, rows: list[dict[str, Any]], where: sa.ColumnElement[bool] | None = None
) -> int:
    """Delete the rows ``where`` selects (all of them without it) and insert ``rows`` instead:
    a derived table recomputed, in the caller's transaction."""
    connection.execute(table.delete() if where is None else table.delete().where(where))
    if rows:
        connection.execute(table.insert().values(rows))
    return len(rows)


# Position fields stored under their own name, as they are.
_POSITION_AS_STORED = (
    "event_id", "category", "contracts", "cost_basis", "fees_paid", "realized_pnl", "bought", "sold", "settlement_id",
)  # fmt: skip
_PNL_TOTALS = ("realized", "unrealized", "fees")


def replace_positions(connection: Connection, positions: Iterable[Position], marks: Iterable[Mark], at: datetime, *,
                      schema: str = DEFAULT_SCHEMA) -> int:
    """Replace the stored book of positions with ``positions`` (rebuilt from fills and
    settlements), open ones marked by ``marks``."""
    table = warehouse_tables(schema).paper_positions
    marked = {mark.position.key: mark for mark in marks}
    rows = []
    for position in positions:
        mark = marked.get(position.key)
        rows.append({
            "signal_kind": position.signal_kind.value, "pair_key": position.pair_key,
            **_instrument_columns(position.instrument), **{name: getattr(position, name) for name in _POSITION_AS_STORED},
            "best_bid": mark.best_bid if mark else None, "unrealized_pnl": mark.unrealized_pnl if mark else None,
            "updated_at": at,
        })  # fmt: skip
    return _replace_rows(connection, table, rows)


@dataclass(frozen=True, slots=True)
class StoredPosition:
    position: Position
    best_bid: Decimal | None
    unrealized_pnl: Decimal | None
    updated_at: datetime


def load_positions(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[StoredPosition]:
    table = warehouse_tables(schema).paper_positions
    order = (table.c.signal_kind, table.c.pair_key, table.c.venue, table.c.market_id, table.c.outcome)
    return [
        StoredPosition(
            Position(SignalKind(row.signal_kind), row.pair_key, _instrument(row),
                     **{name: getattr(row, name) for name in _POSITION_AS_STORED}),
            row.best_bid, row.unrealized_pnl, row.updated_at,
        )
        for row in connection.execute(sa.select(table).order_by(*order))
    ]


def replace_daily_pnl(connection: Connection, report: PnLReport, at: datetime, *, schema: str = DEFAULT_SCHEMA) -> int:
    """Replace one day's PnL rows with ``report`` (a daily partition recomputed)."""
    table = warehouse_tables(schema).daily_pnl
    rows = [{
        "day": line.day, "signal_kind": line.signal_kind.value, "pair_key": line.pair_key, "venue": line.venue.value,
        **{name: getattr(line.totals, name) for name in _PNL_TOTALS}, "marked": report.marked, "computed_at": at,
    } for line in report.lines]  # fmt: skip
    return _replace_rows(connection, table, rows, table.c.day == report.day)


@dataclass(frozen=True, slots=True)
class PnLRow:
    day: date
    signal_kind: SignalKind
    pair_key: str
    venue: Venue
    realized: Decimal
    unrealized: Decimal
    fees: Decimal
    marked: bool


def load_daily_pnl(connection: Connection, day: date | None = None, *, schema: str = DEFAULT_SCHEMA) -> list[PnLRow]:
    table = warehouse_tables(schema).daily_pnl
    query = sa.select(table).order_by(table.c.day, table.c.signal_kind, table.c.pair_key, table.c.venue)
    if day is not None:
        query = query.where(table.c.day == day)
    return [PnLRow(row.day, SignalKind(row.signal_kind), row.pair_key, Venue(row.venue), row.realized,
                   row.unrealized, row.fees, row.marked) for row in connection.execute(query)]


# --- the circuit breaker and the kill switch ----------------------------------------------------


def _trip_json(trip: Trip) -> dict[str, Any]:
    return {"kind": trip.kind.value, "reason": trip.reason, "tripped_at": trip.tripped_at.isoformat(),
            "until": trip.until.isoformat() if trip.until else None}


def _trip_from_json(value: dict[str, Any]) -> Trip:
    return Trip(LimitKind(value["kind"]), value["reason"], datetime.fromisoformat(value["tripped_at"]),
                datetime.fromisoformat(value["until"]) if value["until"] else None)


def risk_state_json(state: RiskState) -> dict[str, Any]:
    return {
        "day": state.day.isoformat() if state.day else None,
        "realized_today": str(state.realized_today),
        "trades_today": state.trades_today,
        "volume_today": str(state.volume_today),
        "order_times": [t.isoformat() for t in state.order_times],
        "consecutive_losses": state.consecutive_losses,
        "exposures": [{
            "opportunity_id": e.opportunity_id, "signal_kind": e.signal_kind.value, "pair_key": e.pair_key,
            "capital": [[venue.value, str(amount)] for venue, amount in e.capital], "event_id": e.event_id,
            "category": e.category,
        } for e in state.exposures],  # fmt: skip
        "trips": [_trip_json(trip) for trip in state.trips],
        "kill_switch": _trip_json(state.kill_switch) if state.kill_switch else None,
    }


def risk_state_from_json(value: dict[str, Any]) -> RiskState:
    return RiskState(
        day=date.fromisoformat(value["day"]) if value["day"] else None,
        realized_today=Decimal(value["realized_today"]),
        trades_today=int(value["trades_today"]),
        volume_today=Decimal(value["volume_today"]),
        order_times=tuple(datetime.fromisoformat(t) for t in value["order_times"]),
        consecutive_losses=int(value["consecutive_losses"]),
        exposures=tuple(
            Exposure(e["opportunity_id"], SignalKind(e["signal_kind"]), e["pair_key"],
                     tuple((Venue(venue), Decimal(amount)) for venue, amount in e["capital"]), e["event_id"],
                     e["category"])
            for e in value["exposures"]
        ),
        trips=tuple(_trip_from_json(trip) for trip in value["trips"]),
        kill_switch=_trip_from_json(value["kill_switch"]) if value["kill_switch"] else None,
    )


def lock_risk_state(connection: Connection, at: datetime, *, schema: str = DEFAULT_SCHEMA) -> RiskState:
    """The breaker's state, locked until the caller's transaction ends: two trading runs at once
    take turns, so neither decides on counters the other is about to change."""
    table = warehouse_tables(schema).risk_state
    connection.execute(pg_insert(table).values(name=TRADING, state=risk_state_json(RiskState()), updated_at=at)
                       .on_conflict_do_nothing())
    row = connection.execute(sa.select(table.c.state).where(table.c.name == TRADING).with_for_update()).one()
    return risk_state_from_json(row.state)


def save_risk_state(connection: Connection, state: RiskState, at: datetime, *, schema: str = DEFAULT_SCHEMA) -> None:
    table = warehouse_tables(schema).risk_state
    connection.execute(table.update().where(table.c.name == TRADING).values(state=risk_state_json(state),
                                                                           updated_at=at))


def record_trips(connection: Connection, trips: Iterable[Trip], opportunity_id: str | None = None, *,
                 schema: str = DEFAULT_SCHEMA) -> int:
    rows = [{"kind": trip.kind.value, "reason": trip.reason, "tripped_at": trip.tripped_at, "until": trip.until,
             "opportunity_id": opportunity_id} for trip in trips]
    return insert_new(connection, warehouse_tables(schema).risk_trips, rows)


def load_trips(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> list[tuple[Trip, str | None]]:
    table = warehouse_tables(schema).risk_trips
    rows = connection.execute(sa.select(table).order_by(table.c.tripped_at, table.c.kind))
    return [(Trip(LimitKind(row.kind), row.reason, row.tripped_at, row.until), row.opportunity_id) for row in rows]


@dataclass(frozen=True, slots=True)
class KillSwitch:
    engaged: bool
    reason: str
    changed_by: str
    changed_at: datetime


def set_kill_switch(connection: Connection, switch: KillSwitch, *, schema: str = DEFAULT_SCHEMA) -> None:
    table = warehouse_tables(schema).kill_switch
    values = {"engaged": switch.engaged, "reason": switch.reason, "changed_by": switch.changed_by,
              "changed_at": switch.changed_at}
    statement = pg_insert(table).values(name=TRADING, **values)
    connection.execute(statement.on_conflict_do_update(index_elements=[table.c.name], set_=values))


def load_kill_switch(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> KillSwitch | None:
    table = warehouse_tables(schema).kill_switch
    row = connection.execute(sa.select(table).where(table.c.name == TRADING)).one_or_none()
    return None if row is None else KillSwitch(row.engaged, row.reason, row.changed_by, row.changed_at)


# --- snapshots the trader reads -----------------------------------------------------------------


def undecided_snapshots(connection: Connection, since: datetime | None = None, *,
                        schema: str = DEFAULT_SCHEMA) -> list[tuple[str, datetime, int]]:
    """(snapshot id, snapshot time, opportunities stored) of every snapshot with more
    opportunities than decided trades (each opportunity is decided once, under the snapshot that
    found it), oldest first. Opportunities are only ever added, so the count grows with every
    write to the snapshot, a scan shard's that lands after the others' too."""
    tables = warehouse_tables(schema)
    opportunities, trades, quotes = tables.opportunities, tables.paper_trades, tables.quote_snapshots
    decided = (sa.select(sa.func.count()).where(trades.c.found_snapshot_id == opportunities.c.snapshot_id)
               .scalar_subquery())
    taken_at = (sa.select(sa.func.min(quotes.c.snapshot_ts)).where(quotes.c.snapshot_id == opportunities.c.snapshot_id)
                .scalar_subquery())
    found = (sa.select(opportunities.c.snapshot_id, taken_at.label("taken_at"), sa.func.count().label("stored"))
             .group_by(opportunities.c.snapshot_id)
             .having(sa.func.count() > decided))
    if since is not None:
        found = found.where(opportunities.c.evaluated_at >= since)
    rows = connection.execute(found).all()
    return sorted(((row.snapshot_id, row.taken_at, row.stored) for row in rows if row.taken_at is not None),
                  key=lambda item: (item[1], item[0]))


def snapshots_after(connection: Connection, after: datetime, limit: int, *,
                    schema: str = DEFAULT_SCHEMA) -> list[tuple[str, datetime]]:
    """The first ``limit`` snapshots taken after ``after``, in the order they were taken. A
    snapshot's books are received after it starts, so the receive-time index bounds the read."""
    table = warehouse_tables(schema).quote_snapshots
    taken_at = sa.func.min(table.c.snapshot_ts).label("taken_at")
    query = (sa.select(table.c.snapshot_id, taken_at)
             .where(table.c.received_ts > after, table.c.snapshot_ts > after)
             .group_by(table.c.snapshot_id)
             .order_by(taken_at, table.c.snapshot_id)
             .limit(limit))
    return [(row.snapshot_id, row.taken_at) for row in connection.execute(query)]


def markets_no_longer_open(connection: Connection, markets: Iterable[tuple[Venue, str]], *,
                           schema: str = DEFAULT_SCHEMA) -> list[tuple[Venue, str, datetime]]:
    """Which of ``markets`` the catalog no longer lists as open (closed, settled or gone from
    the venue's listing), with when that changed."""
    wanted = list(markets)
    if not wanted:
        return []
    table = warehouse_tables(schema).venue_markets
    query = (sa.select(table.c.venue, table.c.market_id, table.c.updated_at)
             .where(sa.tuple_(table.c.venue, table.c.market_id).in_([(v.value, m) for v, m in wanted]),
                    table.c.status != MarketStatus.OPEN.value)
             .order_by(table.c.venue, table.c.market_id))
    return [(Venue(row.venue), row.market_id, row.updated_at) for row in connection.execute(query)]


def latest_snapshot(connection: Connection, *, schema: str = DEFAULT_SCHEMA) -> tuple[str, datetime] | None:
    """The snapshot taken last: the books as they stand now, for early exits."""
    table = warehouse_tables(schema).quote_snapshots
    newest = sa.select(sa.func.max(table.c.received_ts)).scalar_subquery()
    row = connection.execute(
        sa.select(table.c.snapshot_id, sa.func.min(table.c.snapshot_ts).label("taken_at"))
        .where(table.c.snapshot_id == sa.select(table.c.snapshot_id).where(table.c.received_ts == newest)
               .limit(1).scalar_subquery())
        .group_by(table.c.snapshot_id)
    ).one_or_none()
    return None if row is None else (row.snapshot_id, row.taken_at)
