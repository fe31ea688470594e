"""The one book walker: how many $1-payout sets to buy, walking every leg's ask ladder at once.

A set is one contract of every leg (a Kalshi side, the legs of a Kalshi ``sum`` basket, a
Polymarket token); exactly one leg pays $1 at resolution, so a set pays $1. Buying N sets takes the
first N contracts of every ladder, best price first, in whole contracts.

Fees are charged per fill, one fill per price level consumed, and each fill's fee is rounded up
(Kalshi to the cent, docs/venues.md#kalshi-fees). So the cost of the N-th set is not constant: a rounded
fee can make one more contract look unprofitable while a few more are profitable again
("ceil jitter"), and stopping at the first unprofitable marginal set would leave money behind.
:func:`fill_sets` returns the N that maximizes total net profit (the smallest such N on a tie: the
same dollars for less capital), which is also the largest size whose last set still adds profit
and beats every smaller size. The search is exact, not a scan of every N:

Between two consecutive level boundaries (of any leg) every leg buys at one price ``p`` with one
fee rate ``r`` per contract, so ``profit(n) = A + s·n − jitter(n)`` with slope
``s = 1 − Σ(p + r)`` and ``0 ≤ jitter < U`` (the sum of the legs' rounding units). Hence only a
window of ``U/|s|`` sizes next to the better end of the segment can hold its maximum, and the
jitter repeats with period ``d`` (where ``d·r`` is a whole number of units for every leg), so
``profit(n + d) = profit(n) + s·d`` and at most ``d`` sizes need checking. Segments whose linear
bound cannot beat the best size so far are skipped, and the walk stops once the prices being
bought sum to $1 or more: every later contract costs at least as much, so no set can add profit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext
from fractions import Fraction

from arb_pipeline.domain.fees import EXACT, QUOTIENT, FeeSchedule, ceil_to
from arb_pipeline.domain.models import ONE, ZERO, KalshiOrderBook, OrderBook, PriceLevel, Venue

# Bounds on which sizes to check only need to err towards checking more: round quotients outward.
_UP = Context(prec=28, rounding=ROUND_CEILING)
_DOWN = Context(prec=28, rounding=ROUND_FLOOR)


@dataclass(frozen=True, slots=True)
class Leg:
    """One instrument bought once per set. ``asks`` best (lowest) first, exactly as
    :attr:`OrderBook.asks` holds them; ``fee`` is the market's fee schedule, which prices every
    taker fill (so the walker and the fee functions can never disagree); ``min_order_size`` is
    the venue's smallest executable order (Polymarket ``orderMinSize``, e.g. 5 contracts), or None."""

    instrument_id: str
    asks: tuple[PriceLevel, ...]
    fee: FeeSchedule
    min_order_size: Decimal | None = None

    @classmethod
    def from_book(cls, book: OrderBook, fee: FeeSchedule, min_order_size: Decimal | None = None) -> Leg:
        return cls(
            instrument_id=book.instrument_id,
            asks=book.asks,
            fee=fee,
            min_order_size=book.min_order_size if min_order_size is None else min_order_size,
        )

    @classmethod
    def from_kalshi_book(cls, book: KalshiOrderBook, side: str, fee: FeeSchedule) -> Leg:
        """Buying ``side`` ("yes" or "no") of a Kalshi market: its asks are those of
        ``book.side_book(side)``, 1 − the other side's bids (docs/venues.md#kalshi-order-books)."""
        return cls(instrument_id=f"{book.ticker}:{side}", asks=kalshi_asks(book, side), fee=fee)

    @property
    def venue(self) -> Venue:
        return self.fee.venue


def kalshi_asks(book: KalshiOrderBook, side: str) -> tuple[PriceLevel, ...]:
    """The asks of ``book.side_book(side)``: 1 − the other side's bids (docs/venues.md#kalshi-order-books), best
    (lowest) first. KalshiOrderBook keeps its bids merged and best (highest) first, so mapping
    them in order is enough; side_book re-sorts both sides and was half the scan's time. The
    walker checks the order it gets, so a book built around that invariant is refused, not
    mispriced."""
    if side == "yes":
        other = book.no_bids
    elif side == "no":
        other = book.yes_bids
    else:
        raise ValueError(f"Kalshi side must be 'yes' or 'no', got {side!r}")
    return tuple([PriceLevel(EXACT.subtract(ONE, level.price), level.size) for level in other])


@dataclass(frozen=True, slots=True)
class LegFill:
    """What one leg buys: one fill per price level consumed (``fills`` holds price and
    contracts, best first), ``notional`` = Σ contracts × price, ``fee`` = Σ per-fill fees."""

    instrument_id: str
    venue: Venue
    contracts: Decimal
    notional: Decimal
    fee: Decimal
    fills: tuple[PriceLevel, ...]

    @property
    def average_price(self) -> Decimal | None:
        if not self.contracts:
            return None
        return QUOTIENT.divide(self.notional, self.contracts)

    @property
    def cost(self) -> Decimal:
        return self.notional + self.fee


@dataclass(frozen=True, slots=True)
class SetFill:
    """``sets`` $1-payout sets across ``legs``: ``cost`` = every leg's notional and fees,
    ``net_profit`` = sets × $1 − cost. ``top_gross_edge`` = 1 − Σ best asks before fees (None
    when a leg has no asks); ``min_sets`` = the smallest executable size."""

    sets: int
    legs: tuple[LegFill, ...]
    cost: Decimal
    net_profit: Decimal
    top_gross_edge: Decimal | None
    min_sets: int

    @property
    def contracts(self) -> Decimal:
        return Decimal(self.sets)

    @property
    def edge_per_contract(self) -> Decimal:
        if not self.sets:
            return ZERO
        return QUOTIENT.divide(self.net_profit, Decimal(self.sets))


def _check_ladder(leg: Leg) -> None:
    previous = ZERO
    for level in leg.asks:
        if previous < level.price <= ONE and level.size > 0:
            previous = level.price
            continue
        where = f"{leg.venue} {leg.instrument_id}"
        if not ZERO < level.price <= ONE:
            raise ValueError(f"{where}: ask price {level.price} is outside (0, 1]")
        if level.size <= 0:
            raise ValueError(f"{where}: ask size {level.size} at {level.price} is not positive")
        # The walk is only right on best-first ladders and wire order is not that (both venues
        # put the best level LAST, docs/venues.md#kalshi-order-books, #polymarket-clob-books):
        # books come through from_levels.
        raise ValueError(f"{where}: asks are not sorted best (lowest) first: {level.price} after {previous}")


def min_sets(legs: Sequence[Leg]) -> int:
    """The smallest executable number of sets: one, or the largest minimum order of any leg
    (whole contracts, rounded up)."""
    smallest = 1
    for leg in legs:
        if leg.min_order_size is not None and leg.min_order_size > 0:
            smallest = max(smallest, int(leg.min_order_size.to_integral_value(rounding=ROUND_CEILING)))
    return smallest


def _top_gross_edge(legs: Sequence[Leg]) -> Decimal | None:
    if any(not leg.asks for leg in legs):
        return None
    return ONE - sum((leg.asks[0].price for leg in legs), ZERO)


def _check_legs(legs: Sequence[Leg]) -> None:
    if not legs:
        raise ValueError("a set needs at least one leg")
    for leg in legs:
        _check_ladder(leg)


def price_sets(legs: Sequence[Leg], sets: int) -> SetFill:
    """The exact fills, fees, cost and profit of buying exactly ``sets`` sets."""
    if sets < 0:
        raise ValueError(f"negative number of sets {sets}")
    with localcontext(EXACT):
        _check_legs(legs)
        return _price_sets(legs, sets, min_sets(legs))


def _price_sets(legs: Sequence[Leg], sets: int, smallest: int) -> SetFill:
    leg_fills = []
    cost = ZERO
    for leg in legs:
        remaining = Decimal(sets)
        fills = []
        notional = fee = ZERO
        for level in leg.asks:
            if not remaining:
                break
            taken = min(level.size, remaining)
            fills.append(PriceLevel(level.price, taken))
            notional += taken * level.price
            fee += ceil_to(taken * leg.fee.per_contract(level.price), leg.fee.fee_unit)
            remaining -= taken
        if remaining:
            offered = sets - remaining
            raise ValueError(f"{leg.venue} {leg.instrument_id}: only {offered} contracts offered, {sets} needed")
        leg_fills.append(LegFill(leg.instrument_id, leg.venue, Decimal(sets), notional, fee, tuple(fills)))
        cost += notional + fee
    return SetFill(
        sets=sets,
        legs=tuple(leg_fills),
        cost=cost,
        net_profit=sets - cost,
        top_gross_edge=_top_gross_edge(legs),
        min_sets=smallest,
    )


def fill_sets(legs: Sequence[Leg], *, max_sets: int | None = None, max_cost: Decimal | None = None) -> SetFill:
    """Walk every leg's asks and buy the number of sets that maximizes total net profit after
    both venues' per-fill fees; zero sets when no executable size is profitable.

    ``max_sets`` caps the size; ``max_cost`` caps what is paid (contracts plus fees). A size
    below :func:`min_sets` (e.g. Polymarket's 5-contract minimum) is never chosen."""
    if max_sets is not None and max_sets < 0:
        raise ValueError(f"negative max_sets {max_sets}")
    if max_cost is not None and max_cost < 0:
        raise ValueError(f"negative max_cost {max_cost}")
    with localcontext(EXACT):
        _check_legs(legs)
        smallest = min_sets(legs)
        return _price_sets(legs, _best_size(legs, smallest, max_sets, max_cost), smallest)


class _Segment:
    """Sizes n between two level boundaries: every leg i buys its last contracts at price
    ``p[i]`` with fee rate ``r[i]``; ``base[i]`` contracts sit in its earlier, completed levels,
    which cost ``spent[i]`` including their fills' fees."""

    __slots__ = ("prices", "rates", "units", "base", "spent")

    def __init__(self, prices: list[Decimal], rates: list[Decimal], units: list[Decimal],
                 base: list[Decimal], spent: list[Decimal]) -> None:
        self.prices, self.rates, self.units, self.base, self.spent = prices, rates, units, base, spent

    def cost(self, n: int) -> Decimal:
        total = ZERO
        for price, rate, unit, base, spent in zip(self.prices, self.rates, self.units, self.base, self.spent):
            in_level = n - base
            total += spent + in_level * price + ceil_to(in_level * rate, unit)
        return total

    def last_within(self, start: int, end: int, budget: Decimal) -> int:
        """The largest n in [start, end] costing at most ``budget`` (cost grows with n), or
        start - 1 when even ``start`` costs more."""
        low, high = start - 1, end
        while low < high:
            middle = (low + high + 1) // 2
            if self.cost(middle) <= budget:
                low = middle
            else:
                high = middle - 1
        return low

    def _period(self) -> int:
        period = 1
        for rate, unit in zip(self.rates, self.units):
            if rate:
                period = math.lcm(period, (Fraction(rate) / Fraction(unit)).denominator)
        return period

    def best(self, low: int, high: int, best_sets: int, best_profit: Decimal) -> tuple[int, Decimal]:
        """Improve (best_sets, best_profit) with the sizes in [low, high]; only a strictly
        larger profit wins, and sizes are checked in increasing order, so ties keep the smaller."""
        slope = ONE
        intercept = ZERO
        jitter = ZERO
        for price, rate, unit, base, spent in zip(self.prices, self.rates, self.units, self.base, self.spent):
            slope -= price + rate
            intercept -= spent - base * (price + rate)
            if rate:
                jitter += unit
        # profit(n) <= intercept + slope·n (fees rounded up are never below their exact value),
        # and profit(n) > intercept + slope·n - jitter.
        if slope > 0:
            if intercept + slope * high <= best_profit:
                return best_sets, best_profit
            window = 0 if not jitter else min(high - low, _below(jitter, slope), self._period() - 1)
            first = max(high - window, _first_above(best_profit - intercept, slope))
            candidates = range(first, high + 1)
        else:
            if intercept + slope * low <= best_profit:
                return best_sets, best_profit
            window = high - low
            if not jitter:
                window = 0
            else:
                window = min(window, self._period() - 1)
                if slope < 0:
                    window = min(window, _below(jitter, -slope))
            last = low + window
            if slope < 0:
                last = min(last, _last_above(intercept - best_profit, -slope))
            candidates = range(low, last + 1)
        for n in candidates:
            profit = n - self.cost(n)
            if profit > best_profit:
                best_sets, best_profit = n, profit
        return best_sets, best_profit


def _below(jitter: Decimal, step: Decimal) -> int:
    """The largest k >= 0 with step·k < jitter, or more (never less)."""
    quotient = _UP.divide(jitter, step)
    return max(0, int(quotient.to_integral_value(rounding=ROUND_CEILING)) - 1)


def _first_above(gap: Decimal, slope: Decimal) -> int:
    """The smallest n with slope·n > gap (slope > 0), or less (never more)."""
    return int(_DOWN.divide(gap, slope).to_integral_value(rounding=ROUND_FLOOR)) + 1


def _last_above(gap: Decimal, step: Decimal) -> int:
    """The largest n with step·n < gap (step > 0), or more (never less)."""
    return int(_UP.divide(gap, step).to_integral_value(rounding=ROUND_CEILING)) - 1


def _best_size(legs: Sequence[Leg], smallest: int, max_sets: int | None, max_cost: Decimal | None) -> int:
    ladders = [leg.asks for leg in legs]
    if any(not ladder for ladder in ladders):
        return 0
    count = len(legs)
    level = [0] * count
    base = [ZERO] * count
    spent = [ZERO] * count
    prices = [ladder[0].price for ladder in ladders]
    rates = [leg.fee.per_contract(ladder[0].price) for leg, ladder in zip(legs, ladders)]
    units = [leg.fee.fee_unit for leg in legs]
    best_sets, best_profit = 0, ZERO
    start = 1
    while True:
        # Move every leg to the level in which its start-th contract ends (contract n spans
        # (n - 1, n] of the ladder's cumulative size; levels may hold fractional contracts).
        for i, ladder in enumerate(ladders):
            j = level[i]
            while base[i] + ladder[j].size < start:
                size = ladder[j].size
                spent[i] += size * prices[i] + ceil_to(size * rates[i], units[i])
                base[i] += size
                j += 1
                if j == len(ladder):
                    return best_sets
                prices[i] = ladder[j].price
                rates[i] = legs[i].fee.per_contract(prices[i])
            level[i] = j
        end = min(int(base[i] + ladders[i][level[i]].size) for i in range(count))
        capped = max_sets is not None and end >= max_sets
        if capped:
            end = max_sets
        segment = _Segment(prices, rates, units, base, spent)
        if max_cost is not None and segment.cost(end) > max_cost:
            end = segment.last_within(start, end, max_cost)
            capped = True
        if end < start:
            return best_sets
        low = max(start, smallest)
        if low <= end:
            best_sets, best_profit = segment.best(low, end, best_sets, best_profit)
            # Every later contract costs at least the current prices, and fees only grow, so
            # once these sum to $1 no larger size can beat what was just checked.
            if sum(prices, ZERO) >= ONE:
                return best_sets
        if capped:
            return best_sets
        start = end + 1
