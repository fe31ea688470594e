"""Properties of the evaluation path over random worlds: whatever the books, fees, times and
mappings, nothing false becomes an opportunity, and every opportunity's money is exactly what an
independent recomputation finds.

The recomputation below shares nothing with the code under test: it rebuilds each leg's ask
ladder from the raw levels, charges each venue's fee with the formula written out again, and
searches every size by brute force. The guards are checked from the raw inputs the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, Decimal, localcontext

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OpportunityKind,
    OrderBook,
    Outcome,
    PairStatus,
    PolymarketFeeSchedule,
    PriceLevel,
    Spread,
    Venue,
)
from arb_pipeline.domain.spreads import Thresholds, evaluate_all, index_books, index_markets

D = Decimal
NOW = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
TICKER = "KXPROP-26MAR-T1"
PM_ID = "4242"
TOKENS = ("tok-a", "tok-b")
SANE_SIZE = D(1_000_000_000)
THRESHOLDS = Thresholds(
    min_net_edge=D("0.001"),
    min_apy=D(0),
    min_contracts=D(1),
    max_quote_age_s=30.0,
    min_net_profit=D(0),
    max_leg_skew_s=10.0,
    max_clock_skew_s=5.0,
)

# Mostly whole cents, sometimes the venues' finer ticks.
prices = st.one_of(
    st.integers(1, 99).map(lambda c: D(c) / 100),
    st.integers(1, 999).map(lambda m: D(m) / 1000),
)
sizes = st.one_of(st.integers(1, 300).map(D), st.integers(1, 30_000).map(lambda h: D(h) / 100))
kalshi_fees = st.builds(
    KalshiFeeSchedule,
    st.sampled_from(["quadratic", "quadratic_with_maker_fees", "flat"]),
    st.sampled_from([D(0), D("0.5"), D(1), D(2)]),
)
polymarket_fees = st.builds(
    PolymarketFeeSchedule,
    enabled=st.booleans(),
    rate=st.sampled_from([D(0), D("0.02"), D("0.03"), D("0.05"), D("0.072")]),
    exponent=st.sampled_from([D(1), D(2)]),
)

#: What can be wrong with a world. Half the worlds are clean (so the money is checked on many
#: real opportunities); the others carry one or two of these, anywhere.
FAULTS = (
    "crossed_kalshi", "crossed_token", "absurd_size", "stale", "venue_stale", "future_receive",
    "venue_after_receive", "skewed_legs", "closed_status", "past_close", "past_resolution", "not_approved",
)


@dataclass(frozen=True)
class World:
    kalshi: Market
    polymarket: Market
    kalshi_book: KalshiOrderBook
    token_books: dict[str, OrderBook]
    pair: MatchedPair
    faults: frozenset[str]


def _below(draw: st.DrawFn, ceiling: Decimal) -> list[PriceLevel]:
    """Up to three levels strictly below ``ceiling`` (bids that do not cross)."""
    return [level for level in draw(st.lists(st.builds(PriceLevel, prices, sizes), max_size=3)) if level.price < ceiling]


def _above(draw: st.DrawFn, floor: Decimal) -> list[PriceLevel]:
    return [level for level in draw(st.lists(st.builds(PriceLevel, prices, sizes), max_size=3)) if level.price > floor]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    faults = draw(st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(FAULTS), min_size=1, max_size=2)))
    victim = draw(st.sampled_from(["kalshi", *TOKENS]))  # whose book or market a fault hits

    def market(venue: Venue, market_id: str, fee: object, outcomes: tuple[Outcome, ...]) -> Market:
        hit = victim == "kalshi" if venue is Venue.KALSHI else victim != "kalshi"
        closes = NOW + timedelta(days=draw(st.integers(1, 120)))
        resolves = closes + draw(st.sampled_from([timedelta(0), timedelta(hours=6)]))
        status = MarketStatus.OPEN
        if hit and "closed_status" in faults:
            status = draw(st.sampled_from([MarketStatus.CLOSED, MarketStatus.SETTLED, MarketStatus.PAUSED]))
        if hit and "past_close" in faults:
            closes = NOW - timedelta(seconds=draw(st.integers(1, 7200)))
        if hit and "past_resolution" in faults:
            closes, resolves = None, NOW - timedelta(seconds=draw(st.integers(0, 7200)))
        return Market(
            venue=venue, market_id=market_id, event_id="E", series_id="S", title="t", subtitle=None, rules="",
            category=None, status=status, venue_status="active", outcomes=outcomes, open_time=None,
            close_time=closes, expiration_time=resolves, fee=fee,
        )

    def times(book: str) -> tuple[datetime, datetime | None]:
        received = NOW - timedelta(seconds=draw(st.integers(0, 6000)) / 1000)
        venue = draw(st.one_of(st.none(), st.integers(0, 3000).map(lambda ms: received - timedelta(milliseconds=ms))))
        if book == victim:
            if "stale" in faults:
                received = NOW - timedelta(seconds=draw(st.integers(31, 3600)))
                venue = None
            if "venue_stale" in faults:
                venue = NOW - timedelta(seconds=draw(st.integers(31, 3600)))
            if "future_receive" in faults:
                received = NOW + timedelta(seconds=draw(st.integers(6, 10**8)))
            if "venue_after_receive" in faults:
                venue = received + timedelta(seconds=draw(st.integers(6, 10**8)))
            if "skewed_legs" in faults:
                received = NOW - timedelta(seconds=draw(st.integers(11, 29)))
                venue = None
        return received, venue

    def absurd(levels: list[PriceLevel], book: str) -> list[PriceLevel]:
        if book == victim and "absurd_size" in faults and levels:
            return [PriceLevel(levels[0].price, draw(st.sampled_from([D("1E+10"), D("1E+30")]))), *levels[1:]]
        return levels

    kalshi = market(Venue.KALSHI, TICKER, draw(kalshi_fees), (Outcome("Yes"), Outcome("No")))
    polymarket = market(
        Venue.POLYMARKET, PM_ID, draw(polymarket_fees), tuple(Outcome(name, t) for name, t in zip(("Yes", "No"), TOKENS))
    )
    no_bids = draw(st.lists(st.builds(PriceLevel, prices, sizes), max_size=3))
    top_no = max((level.price for level in no_bids), default=D(0))
    yes_bids = _below(draw, 1 - top_no)
    if victim == "kalshi" and "crossed_kalshi" in faults and no_bids:
        yes_bids.append(PriceLevel(1 - top_no + draw(st.sampled_from([D(0), D("0.01"), D("0.37")])), D(10)))
    received, venue_ts = times("kalshi")
    kalshi_book = KalshiOrderBook.from_levels(
        TICKER, absurd(yes_bids, "kalshi"), absurd(no_bids, "kalshi"), received, venue_ts
    )
    token_books = {}
    for token in TOKENS:
        asks = draw(st.lists(st.builds(PriceLevel, prices, sizes), max_size=3))
        bids = _below(draw, min((level.price for level in asks), default=D(1)))
        if token == victim and "crossed_token" in faults and asks:
            bids.append(PriceLevel(min(level.price for level in asks) + draw(st.sampled_from([D(0), D("0.02")])), D(5)))
        received, venue_ts = times(token)
        token_books[token] = OrderBook.from_levels(
            Venue.POLYMARKET, token, absurd(bids, token), absurd(asks, token), received, venue_ts=venue_ts,
            min_order_size=draw(st.sampled_from([None, None, D(5)])),
        )
    yes, no = draw(st.permutations(TOKENS))
    status = PairStatus.APPROVED
    if "not_approved" in faults:
        # A pair under review (a pin the matcher contradicts waits there) or rejected.
        status = draw(st.sampled_from([PairStatus.REVIEW, PairStatus.REJECTED]))
    pair = MatchedPair(
        kalshi_ticker=TICKER, polymarket_market_id=PM_ID, polymarket_yes_token=yes, polymarket_no_token=no,
        confidence=0.99, status=status, reasons=("drawn",),
    )
    return World(kalshi, polymarket, kalshi_book, token_books, pair, faults)


# --- the independent model -----------------------------------------------------------------------


def _ceil(amount: Decimal, unit: Decimal) -> Decimal:
    return amount.quantize(unit, rounding=ROUND_CEILING)


def _kalshi_fill_fee(schedule: KalshiFeeSchedule, contracts: Decimal, price: Decimal) -> Decimal:
    variance = D("0.25") if schedule.fee_type == "flat" else price * (1 - price)
    return _ceil(schedule.multiplier * D("0.07") * contracts * variance, D("0.01"))


def _polymarket_fill_fee(schedule: PolymarketFeeSchedule, contracts: Decimal, price: Decimal) -> Decimal:
    if not schedule.enabled:
        return D(0)
    return _ceil(contracts * schedule.rate * (price * (1 - price)) ** int(schedule.exponent), D("0.0001"))


def _ladder(raw: list[tuple[Decimal, Decimal]]) -> list[tuple[Decimal, Decimal]]:
    merged: dict[Decimal, Decimal] = {}
    for price, size in raw:
        merged[price] = merged.get(price, D(0)) + size
    return sorted(merged.items())


def _levels_of(book_side: tuple[PriceLevel, ...]) -> list[tuple[Decimal, Decimal]]:
    return [(level.price, level.size) for level in book_side]


def _legs(world: World, spread: Spread) -> list[tuple[list[tuple[Decimal, Decimal]], object]]:
    """(ascending asks, fee function) of every leg the spread buys."""
    other = world.kalshi_book.no_bids if spread.kalshi_side == "yes" else world.kalshi_book.yes_bids
    kalshi_asks = _ladder([(1 - price, size) for price, size in _levels_of(other)])
    token_asks = _ladder(_levels_of(world.token_books[spread.polymarket_token].asks))
    return [
        (kalshi_asks, lambda c, p: _kalshi_fill_fee(world.kalshi.fee, c, p)),
        (token_asks, lambda c, p: _polymarket_fill_fee(world.polymarket.fee, c, p)),
    ]


def _buy(ladder: list[tuple[Decimal, Decimal]], fee, sets: int) -> tuple[Decimal, Decimal] | None:
    """(notional, fees) of buying ``sets`` contracts up the ladder, one fill per level."""
    remaining, notional, fees = D(sets), D(0), D(0)
    for price, size in ladder:
        if remaining <= 0:
            break
        taken = min(size, remaining)
        notional += taken * price
        fees += fee(taken, price)
        remaining -= taken
    return None if remaining > 0 else (notional, fees)


def _profit(world: World, spread: Spread, sets: int) -> Decimal | None:
    cost = D(0)
    for ladder, fee in _legs(world, spread):
        bought = _buy(ladder, fee, sets)
        if bought is None:
            return None
        cost += bought[0] + bought[1]
    return sets - cost


def _observed(received: datetime, venue: datetime | None) -> datetime:
    return received if venue is None or venue > received else venue


def _trusted_and_fresh(received: datetime, venue: datetime | None) -> bool:
    if (received - NOW).total_seconds() > THRESHOLDS.max_clock_skew_s:
        return False
    if (NOW - received).total_seconds() > THRESHOLDS.max_quote_age_s:
        return False
    if venue is not None:
        if (venue - received).total_seconds() > THRESHOLDS.max_clock_skew_s:
            return False
        if (NOW - venue).total_seconds() > THRESHOLDS.max_quote_age_s:
            return False
    return True


def _sane(side: tuple[PriceLevel, ...]) -> bool:
    return all(0 < level.price < 1 and 0 < level.size <= SANE_SIZE for level in side)


def _tradable(market: Market) -> bool:
    return (
        market.status is MarketStatus.OPEN
        and (market.close_time is None or market.close_time > NOW)
        and market.expiration_time > NOW
    )


# --- the properties ------------------------------------------------------------------------------


def _best_size(world: World, spread: Spread, token_book: OrderBook) -> tuple[int, Decimal]:
    """The size an honest trader would buy, by brute force: the most profit over every executable
    size (the smallest size on a tie), with (0, 0) when no size profits."""
    smallest = int(token_book.min_order_size) if token_book.min_order_size else 1
    depth = min(sum((size for _, size in ladder), D(0)) for ladder, _ in _legs(world, spread))
    best_sets, best_profit = 0, D(0)
    for sets in range(smallest, int(depth) + 1):
        profit = _profit(world, spread, sets)
        if profit is not None and profit > best_profit:
            best_sets, best_profit = sets, profit
    return best_sets, best_profit


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_nothing_false_becomes_an_opportunity_and_the_money_is_exact(world: World) -> None:
    markets = index_markets([world.kalshi, world.polymarket])
    books = index_books([world.kalshi_book], world.token_books.values())
    spreads = evaluate_all([world.pair], markets, books, NOW, THRESHOLDS, intra_venue=False)
    if world.pair.status is not PairStatus.APPROVED:
        assert spreads == []
        return
    assert [(s.kind, s.kalshi_side) for s in spreads] == [
        (OpportunityKind.CROSS_VENUE, "yes"),
        (OpportunityKind.CROSS_VENUE, "no"),
    ]
    with localcontext() as context:
        context.prec = 80
        for spread in spreads:
            token_book = world.token_books[spread.polymarket_token]
            expected_token = (
                world.pair.polymarket_no_token if spread.kalshi_side == "yes" else world.pair.polymarket_yes_token
            )
            assert spread.polymarket_token == expected_token
            best_sets, best_profit = _best_size(world, spread, token_book)
            if not world.faults:
                # A clean world: the spread is an opportunity exactly when an honest size profits
                # by the minimum edge, and it is that size.
                worthwhile = best_sets > 0 and best_profit / best_sets >= THRESHOLDS.min_net_edge
                assert spread.is_opportunity == worthwhile, spread.rejection_reasons
                assert (int(spread.contracts), spread.net_profit) == (best_sets, best_profit)
            if not spread.is_opportunity:
                assert spread.rejection_reasons
                continue
            # The books are real: not crossed, prices inside (0, 1), sizes a venue could hold.
            kalshi = world.kalshi_book
            assert _sane(kalshi.yes_bids) and _sane(kalshi.no_bids)
            assert _sane(token_book.bids) and _sane(token_book.asks)
            if kalshi.yes_bids and kalshi.no_bids:
                assert max(level.price for level in kalshi.yes_bids) + max(level.price for level in kalshi.no_bids) < 1
            if token_book.bids and token_book.asks:
                assert max(level.price for level in token_book.bids) < min(level.price for level in token_book.asks)
            # The times are trusted, fresh, and the legs were seen together.
            assert _trusted_and_fresh(kalshi.received_ts, kalshi.venue_ts)
            assert _trusted_and_fresh(token_book.received_ts, token_book.venue_ts)
            skew = abs(
                _observed(kalshi.received_ts, kalshi.venue_ts) - _observed(token_book.received_ts, token_book.venue_ts)
            )
            assert skew.total_seconds() <= THRESHOLDS.max_leg_skew_s
            # Both markets can be traded now.
            assert _tradable(world.kalshi) and _tradable(world.polymarket)
            # The money: exactly what the independent model charges for that size, and no
            # executable size does better.
            assert spread.contracts == int(spread.contracts) >= 1
            assert spread.net_profit == _profit(world, spread, int(spread.contracts))
            assert (int(spread.contracts), spread.net_profit) == (best_sets, best_profit)
            assert spread.cost + spread.net_profit == spread.contracts


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_intra_venue_sets_obey_the_same_guards(world: World) -> None:
    markets = index_markets([world.kalshi, world.polymarket])
    books = index_books([world.kalshi_book], world.token_books.values())
    spreads = evaluate_all([], markets, books, NOW, THRESHOLDS)
    assert {s.kind for s in spreads} == {OpportunityKind.KALSHI_YES_NO, OpportunityKind.POLYMARKET_BOTH_TOKENS}
    for spread in spreads:
        if not spread.is_opportunity:
            continue
        if spread.kind is OpportunityKind.KALSHI_YES_NO:
            kalshi = world.kalshi_book
            assert _sane(kalshi.yes_bids) and _sane(kalshi.no_bids)
            assert _trusted_and_fresh(kalshi.received_ts, kalshi.venue_ts) and _tradable(world.kalshi)
            assert not (
                kalshi.yes_bids and kalshi.no_bids and kalshi.yes_bids[0].price + kalshi.no_bids[0].price >= 1
            )
        else:
            assert _tradable(world.polymarket)
            for book in world.token_books.values():
                assert _sane(book.bids) and _sane(book.asks)
                assert _trusted_and_fresh(book.received_ts, book.venue_ts)
                assert not (book.bids and book.asks and book.bids[0].price >= book.asks[0].price)
