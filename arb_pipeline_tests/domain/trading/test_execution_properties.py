"""Properties of paper execution and settlement over random books, fees and resolutions.

The checks share nothing with the code under test: each fill's fee is charged again with the
venue formulas written out here, positions are summed from the raw fills, and PnL after
settlement is recomputed as cash paid and received plus what the held contracts pay.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_CEILING, Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from arb_pipeline.domain.models import KalshiFeeSchedule, PolymarketFeeSchedule, Venue
from arb_pipeline.domain.trading.execution import (
    ArbitrageIntent,
    ExecutionConfig,
    ResidualKind,
    TradeOutcome,
    execute_arbitrage,
)
from arb_pipeline.domain.trading.legs import MarketState
from arb_pipeline.domain.trading.positions import PositionBook
from arb_pipeline.domain.trading.records import Instrument, OrderPurpose, OrderStatus, Side
from arb_pipeline.domain.trading.settlement import kalshi_resolution, polymarket_resolution, settle
from arb_pipeline_tests.domain.trading.builders import (
    NOW,
    PM_ID,
    TICKER,
    D,
    kalshi_book,
    kalshi_market,
    markets,
    pm_market,
    state,
    token_book,
)

KALSHI_YES = Instrument.kalshi(TICKER, "yes")
TOK_NO = Instrument.polymarket(PM_ID, "tok-no")
CENT = D("0.01")
MICRO = D("0.000001")


def cents(low: int, high: int):
    return st.integers(low, high).map(lambda c: D(c) / 100)


@st.composite
def ladder(draw, low: int, high: int, max_levels: int = 4):
    """Distinct prices in [low, high] cents with sizes of 1 to 30 contracts."""
    prices = draw(st.lists(st.integers(low, high), min_size=0, max_size=max_levels, unique=True))
    return [(str(D(p) / 100), draw(st.integers(1, 30))) for p in prices]


@st.composite
def books(draw, at):
    """Kalshi YES/NO bids and tok-no bids/asks that are never crossed."""
    no_bids = draw(ladder(20, 80))
    top_no = max((int(D(p) * 100) for p, _ in no_bids), default=20)
    yes_bids = draw(ladder(1, 98 - top_no))
    asks = draw(ladder(20, 90))
    low_ask = min((int(D(p) * 100) for p, _ in asks), default=90)
    bids = draw(ladder(1, low_ask - 1)) if low_ask > 1 else []
    return state(kalshi_book(yes_bids=yes_bids, no_bids=no_bids, at=at),
                 token_book("tok-no", bids=bids, asks=asks, at=at), at=at)


@st.composite
def edged_books(draw, at):
    """Books whose best YES ask and tok-no ask sum to at most $1: usually something to trade."""
    yes_ask = draw(st.integers(5, 90))
    no_ask = draw(st.integers(5, max(5, 100 - yes_ask - draw(st.integers(0, 8)))))
    no_bids = [(str(D(100 - yes_ask) / 100), draw(st.integers(1, 30)))]
    no_bids += draw(ladder(max(1, 100 - yes_ask - 20), 99 - yes_ask, 3)) if yes_ask < 99 else []
    yes_bids = draw(ladder(1, yes_ask - 1)) if yes_ask > 1 else []
    asks = [(str(D(no_ask) / 100), draw(st.integers(1, 30)))]
    asks += draw(ladder(no_ask + 1, min(99, no_ask + 20), 3)) if no_ask < 99 else []
    bids = draw(ladder(1, no_ask - 1)) if no_ask > 1 else []
    return state(kalshi_book(yes_bids=yes_bids, no_bids=dict(no_bids).items(), at=at),
                 token_book("tok-no", bids=bids, asks=dict(asks).items(), at=at), at=at)


@st.composite
def worlds(draw):
    multiplier = draw(st.sampled_from(["1", "0.5", "2"]))
    rate = draw(st.sampled_from([None, "0.03", "0.05"]))
    minimum = draw(st.sampled_from([None, 5]))
    pm_fee = PolymarketFeeSchedule(enabled=True, rate=D(rate), exponent=D(1)) if rate else PolymarketFeeSchedule()
    return markets(kalshi=kalshi_market(fee=KalshiFeeSchedule("quadratic", D(multiplier))),
                   pm=pm_market(fee=pm_fee, min_size=minimum))


def kalshi_fee(world, contracts: Decimal, price: Decimal) -> Decimal:
    m = world[TICKER].fee.multiplier
    return (m * D("0.07") * contracts * price * (1 - price)).quantize(CENT, rounding=ROUND_CEILING)


def polymarket_fee(world, contracts: Decimal, price: Decimal) -> Decimal:
    schedule = world[PM_ID].fee
    if not schedule.enabled:
        return D(0)
    # Charged rounded up to $0.0001 a fill (docs/venues.md#polymarket-fees).
    return (contracts * schedule.rate * price * (1 - price)).quantize(D("0.0001"), rounding=ROUND_CEILING)


def visible(book_state: MarketState, instrument: Instrument, side: Side) -> dict[Decimal, Decimal]:
    if instrument.venue is Venue.KALSHI:
        book = book_state.books[TICKER]
        if side is Side.BUY:
            return {1 - level.price: level.size for level in book.no_bids}
        return {level.price: level.size for level in book.yes_bids}
    book = book_state.books["tok-no"]
    return {level.price: level.size for level in (book.asks if side is Side.BUY else book.bids)}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    world=worlds(),
    entry=st.one_of(edged_books(NOW), books(NOW)),
    hedge=st.one_of(st.none(), books(NOW + timedelta(seconds=1)), edged_books(NOW + timedelta(seconds=1))),
    unwind=st.one_of(st.none(), books(NOW + timedelta(seconds=2))),
    target=st.integers(1, 40),
    polymarket_first=st.booleans(),
    confirm=st.booleans(),
    kalshi_result=st.sampled_from(["yes", "no"]),
    polymarket_payout=st.sampled_from([("1", "0"), ("0", "1"), ("0.5", "0.5")]),
)
def test_fills_fees_hedges_and_settled_pnl_add_up(world, entry, hedge, unwind, target, polymarket_first, confirm,
                                                 kalshi_result, polymarket_payout):
    legs = (TOK_NO, KALSHI_YES) if polymarket_first else (KALSHI_YES, TOK_NO)
    intent = ArbitrageIntent("arb-prop", "pair", legs, target, D("0.95"), NOW)
    config = ExecutionConfig(confirm_polymarket=confirm)
    result = execute_arbitrage(intent, world, entry, config, hedge=hedge, unwind=unwind)
    used = {entry.at: entry, (hedge or entry).at: hedge or entry}
    used[(unwind or hedge or entry).at] = unwind or hedge or entry

    # Every fill takes visible depth only, at the venue's own fee.
    event(result.outcome.value)
    taken: dict[tuple[datetime, Instrument, Side, Decimal], Decimal] = {}
    for fill in result.fills:
        key = (fill.filled_at, fill.instrument, fill.side, fill.price)
        taken[key] = taken.get(key, D(0)) + fill.contracts
        assert fill.contracts == fill.contracts.to_integral_value()
        if fill.instrument.venue is Venue.KALSHI:
            assert (fill.fee, fill.fee_shares) == (kalshi_fee(world, fill.contracts, fill.price), 0)
        else:
            fee = polymarket_fee(world, fill.contracts, fill.price)
            shares = (fee / fill.price).quantize(MICRO, rounding=ROUND_CEILING) if fill.side is Side.BUY else D(0)
            assert (fill.fee, fill.fee_shares) == (fee, shares)
    for (at, instrument, side, price), contracts in taken.items():
        assert contracts <= visible(used[at], instrument, side).get(price, D(0))

    # Orders sum to their fills; the minimum order is respected.
    for order in result.orders:
        filled = sum((f.contracts for f in result.fills if f.order_id == order.order_id), D(0))
        assert filled == order.filled
        if order.instrument.venue is Venue.POLYMARKET and world[PM_ID].raw.get("orderMinSize") and filled:
            assert filled >= 5

    # Nothing unhedged goes unrecorded: what a leg holds beyond the hedged sets is a residual,
    # and more than fees taken in shares can explain was an unwind that failed, flagged.
    counted = [f for f in result.fills if f.status is not OrderStatus.REJECTED]
    held = {leg: sum((f.contracts - f.fee_shares if f.side is Side.BUY else -f.contracts
                      for f in counted if f.instrument == leg), D(0)) for leg in legs}
    fee_shares = {leg: sum((f.fee_shares for f in counted if f.instrument == leg), D(0)) for leg in legs}
    sets = min(held.values())
    for leg in legs:
        surplus = held[leg] - sets
        recorded = sum((r.contracts for r in result.residuals if r.instrument == leg), D(0))
        assert recorded == surplus
        explained = sum((fee_shares[other] for other in legs if other != leg), D(0)) + 1
        if surplus >= explained:
            assert any(o.purpose is OrderPurpose.UNWIND and o.instrument == leg for o in result.orders)
            assert result.outcome is TradeOutcome.OPEN_RISK
    assert (result.outcome is TradeOutcome.OPEN_RISK) == any(r.kind is ResidualKind.UNSOLD for r in result.residuals)
    if result.outcome is TradeOutcome.COMPLETE:
        assert result.sets == sets > 0
    if result.outcome is TradeOutcome.NOT_TRADED:
        assert result.fills == ()

    # Settled, realized PnL is exactly cash in and out plus what the confirmed holdings pay.
    later = NOW + timedelta(days=30)
    resolutions = [
        kalshi_resolution(TICKER, kalshi_result, later),
        polymarket_resolution(PM_ID, {"tok-yes": polymarket_payout[0], "tok-no": polymarket_payout[1]}, later),
    ]
    settlements = []
    for resolution in resolutions:
        book = PositionBook.replay(result.fills, settlements)
        batch = settle(book.positions, resolution, {s.settlement_id for s in settlements})
        settlements.extend(batch.settlements)
    final = PositionBook.replay(result.fills, settlements)
    assert final.open_positions() == ()
    realized = sum((event.amount for event in final.realized), D(0))
    confirmed = [f for f in result.fills if f.status is OrderStatus.CONFIRMED]
    pays = {KALSHI_YES: D(1) if kalshi_result == "yes" else D(0), TOK_NO: D(polymarket_payout[1])}
    cash = D(0)
    holding = {leg: D(0) for leg in legs}
    for fill in confirmed:
        if fill.side is Side.BUY:
            cash_fee = fill.fee if fill.instrument.venue is Venue.KALSHI else D(0)
            cash -= fill.contracts * fill.price + cash_fee
            holding[fill.instrument] += fill.contracts - fill.fee_shares
        else:
            cash += fill.contracts * fill.price - fill.fee
            holding[fill.instrument] -= fill.contracts
    assert realized == cash + sum((holding[leg] * pays[leg] for leg in legs), D(0))

