"""The invariants of paper trading, recomputed from the stored rows: each function returns one
line per problem (empty: the invariant holds)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal, localcontext

from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ZERO
from arb_pipeline.domain.trading import OrderPurpose, OrderStatus, PositionBook, RiskLimits, Side
from arb_pipeline.warehouse import Warehouse, trading

#: Outcomes of trades that sent orders.
EXECUTED = ("complete", "unwound", "open_risk", "exited")


def position_mismatches(store: Warehouse) -> list[str]:
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        settlements = trading.load_settlements(connection, schema=store.schema)
        stored = {p.position.key: p.position for p in trading.load_positions(connection, schema=store.schema)}
    rebuilt = {p.key: p for p in PositionBook.replay(fills, settlements).positions}
    problems = []
    for key in sorted(set(stored) | set(rebuilt), key=lambda k: (k[0].value, k[1], k[2].key)):
        if stored.get(key) != rebuilt.get(key):
            problems.append(f"position {key[1]} {key[2].key}: stored {stored.get(key)} but fills and settlements "
                            f"give {rebuilt.get(key)}")
    return problems


def unhedged_trades(store: Warehouse) -> list[str]:
    """Every executed trade: a leg holding more (bought - sold, before fees in shares) than the
    fewest any leg bought must be listed among the trade's residuals."""
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        trades = trading.load_trades(connection, schema=store.schema)
    bought: defaultdict[str, defaultdict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    sold: defaultdict[str, defaultdict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for fill in fills:
        if fill.status is OrderStatus.REJECTED:
            continue
        if fill.side is Side.BUY and fill.purpose is OrderPurpose.ENTRY:
            bought[fill.opportunity_id][fill.instrument.key] += fill.contracts
        elif fill.side is Side.SELL and fill.purpose is OrderPurpose.UNWIND:
            sold[fill.opportunity_id][fill.instrument.key] += fill.contracts
    problems = []
    for trade in trades:
        if trade.outcome not in EXECUTED or trade.outcome == "exited":
            continue
        legs = {leg: bought[trade.opportunity_id][leg] for leg in trade.legs}
        hedged = min(legs.values(), default=ZERO)
        listed = {residual["instrument"] for residual in trade.residuals}
        with localcontext(EXACT):
            for leg, amount in legs.items():
                surplus = amount - sold[trade.opportunity_id][leg] - hedged
                if surplus > 0 and leg not in listed:
                    problems.append(f"trade {trade.opportunity_id}: {surplus} {leg} without a hedge, not unwound and "
                                    "not recorded as open risk")
        if trade.outcome == "complete" and hedged <= 0:
            problems.append(f"trade {trade.opportunity_id} is complete but holds no hedged set")
        if trade.outcome == "unwound" and not sold[trade.opportunity_id]:
            problems.append(f"trade {trade.opportunity_id} is unwound but sold nothing back")
    return problems


def limit_breaches(store: Warehouse, limits: RiskLimits) -> list[str]:
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        trades = trading.load_trades(connection, schema=store.schema)
    spent: defaultdict[str, Decimal] = defaultdict(Decimal)
    with localcontext(EXACT):
        for fill in fills:
            if fill.side is Side.BUY and fill.purpose is OrderPurpose.ENTRY and fill.status is not OrderStatus.REJECTED:
                spent[fill.opportunity_id] += fill.notional + fill.cash_fee
    problems = []
    per_day: Counter[date] = Counter()
    volume: defaultdict[date, Decimal] = defaultdict(Decimal)
    for trade in trades:
        if trade.outcome not in EXECUTED:
            continue
        per_day[trade.traded_at.date()] += 1
        with localcontext(EXACT):
            # Every trade sent counts, an early exit too, as the breaker books them (UTC days).
            volume[trade.traded_at.date()] += trade.volume
        if trade.target > limits.max_position_contracts:
            problems.append(f"trade {trade.opportunity_id}: {trade.target} sets > max position "
                            f"{limits.max_position_contracts}")
        if spent[trade.opportunity_id] > limits.max_capital_per_trade:
            problems.append(f"trade {trade.opportunity_id}: ${spent[trade.opportunity_id]} spent > max "
                            f"${limits.max_capital_per_trade} a trade")
    for day, count in sorted(per_day.items(), key=lambda item: item[0]):
        if count > limits.max_trades_per_day:
            problems.append(f"{day}: {count} trades > max {limits.max_trades_per_day} a day")
        if volume[day] > limits.max_volume_per_day:
            problems.append(f"{day}: ${volume[day]} traded > max ${limits.max_volume_per_day} a day")
    return problems


def pnl_mismatches(store: Warehouse) -> list[str]:
    """Money conservation: realized = cash of fills + payouts + cost of what is still held (money
    paid for a position not yet sold or settled is not lost yet)."""
    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        settlements = trading.load_settlements(connection, schema=store.schema)
        stored = [p.position for p in trading.load_positions(connection, schema=store.schema)]
    counted = {f.fill_id: f for f in fills if f.counts}
    with localcontext(EXACT):
        cash = sum((f.cash_flow for f in counted.values()), ZERO) + sum((s.payout for s in settlements), ZERO)
        booked = sum((p.realized_pnl - p.cost_basis for p in stored), ZERO)
    if booked != cash:
        return [f"positions book ${booked} (realized less cost held) but fills and settlements moved ${cash}"]
    return []
