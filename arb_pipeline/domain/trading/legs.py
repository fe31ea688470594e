"""One leg at fill time: its market, fee and book as they stand now, and what an order on it
takes from the book.

Fees are decided here, at fill time, from the market's own schedule through the one fee
implementation (the market's own :data:`~arb_pipeline.domain.fees.FeeSchedule`): a fee-waived market charges
nothing. Depth is walked by the one book walker (:func:`~arb_pipeline.domain.walker.price_sets`):
only visible levels fill, in whole contracts, never below the venue's minimum order.

A Polymarket BUY pays its taker fee in shares. docs.polymarket.com/trading/fees: "Taker fees are
calculated in USDC ... However, fees are collected in shares on buy orders and USDC on sell
orders." The venue keeps the fee's value in shares at the trade's price, so a buy of C shares
costs C × price in cash and adds C − fee / price shares to the position. Outcome shares carry the
collateral's 6 decimals; the shares kept are rounded up to a millionth (the venue never keeps
less than the fee). Kalshi charges every fee in cash, and a Polymarket SELL pays its fee out of
the proceeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext

from arb_pipeline.domain.fees import EXACT, FeeSchedule, ceil_to
from arb_pipeline.domain.instruments import Books, Gap, Unquoted, problems_of_book, quote_kalshi, quote_token
from arb_pipeline.domain.models import ONE, ZERO, Market, PriceLevel, Venue
from arb_pipeline.domain.quality import book_time_problems, market_tradable_problems
from arb_pipeline.domain.fees import show
from arb_pipeline.domain.trading.records import Instrument
from arb_pipeline.domain.walker import Leg, min_sets, price_sets


#: Outcome tokens carry the collateral's 6 decimals: the finest share amount the venue can keep.
SHARE_UNIT = Decimal("0.000001")
_CEILING = Context(prec=28, rounding=ROUND_CEILING)


@dataclass(frozen=True, slots=True)
class MarketState:
    """The books as they stand at one moment (Kalshi ticker or Polymarket token id -> book), and
    that moment."""

    books: Books
    at: datetime


@dataclass(frozen=True, slots=True)
class BookLimits:
    """How old a book may be at fill time, and how far in the future a time may sit before it is
    distrusted (the same guards every spread evaluation applies)."""

    max_book_age_s: float = 30.0
    max_clock_skew_s: float = 5.0


@dataclass(frozen=True, slots=True)
class LegQuote:
    """One instrument ready to trade at one moment: its market, the fee it pays now, both sides
    of its book (asks best first, bids best first) and the venue's minimum order."""

    instrument: Instrument
    market: Market
    fee: FeeSchedule
    asks: tuple[PriceLevel, ...]
    bids: tuple[PriceLevel, ...]
    min_order_size: Decimal | None

    @property
    def leg(self) -> Leg:
        return Leg(self.instrument.key, self.asks, self.fee, self.min_order_size)


#: What a trade's reason says first when the market or the book is not there at all.
_MISSING = {Gap.MARKET: "unknown market: ", Gap.BOOK: "book vanished: "}


def quote_leg(instrument: Instrument, markets: Mapping[str, Market], state: MarketState,
              limits: BookLimits | None = None) -> LegQuote | str:
    """The instrument's market, fee schedule and book at ``state``, or why it cannot trade now
    (an unknown market, a book that vanished, a market no longer open, a book that cannot be
    real or is too old). The leg is the one the scan priced (:mod:`arb_pipeline.domain.instruments`)."""
    limits = limits or BookLimits()
    if instrument.venue is Venue.KALSHI:
        found = quote_kalshi(markets, state.books, instrument.market_id, instrument.outcome)
    else:
        found = quote_token(markets, state.books, instrument.market_id, instrument.outcome)
    if isinstance(found, Unquoted):
        return _MISSING.get(found.gap, "") + found.reason
    book = found.book
    problems = [
        *market_tradable_problems(found.market, state.at),
        *problems_of_book(book),
        *book_time_problems(found.book_label, book.received_ts, book.venue_ts, state.at,
                            max_age_s=limits.max_book_age_s, max_clock_skew_s=limits.max_clock_skew_s),
    ]
    if problems:
        return "; ".join(problems)
    leg = found.leg
    return LegQuote(instrument, found.market, leg.fee, leg.asks, found.bids, leg.min_order_size)


@dataclass(frozen=True, slots=True)
class Walk:
    """What one order takes: one (price, contracts) per level consumed, best first.
    ``short_reason`` says why it took less than asked; ``below_minimum`` that the venue would
    refuse the order outright (under its minimum size)."""

    contracts: int
    levels: tuple[PriceLevel, ...]
    short_reason: str | None = None
    below_minimum: bool = False


def whole_contracts(amount: Decimal) -> int:
    return int(amount.to_integral_value(rounding=ROUND_FLOOR))


def _sized(quote: LegQuote, wanted: int, depth: Decimal, what: str) -> Walk | int:
    contracts = min(wanted, whole_contracts(depth))
    smallest = min_sets([quote.leg])
    if contracts < smallest:
        if contracts == 0:
            return Walk(0, (), f"{what}: no contracts visible")
        return Walk(0, (), f"{what}: {contracts} contracts is below the {smallest}-contract minimum order",
                    below_minimum=True)
    return contracts


def buy_walk(quote: LegQuote, wanted: int, budget: Decimal | None = None) -> Walk:
    """Buy up to ``wanted`` contracts from the asks, taking only the levels whose price plus fee
    per contract (before the per-fill rounding) is within ``budget`` (None: any price)."""
    what = f"buy {quote.instrument.key}"
    if wanted < 1:
        return Walk(0, (), f"{what}: nothing to buy")
    with localcontext(EXACT):
        taken: list[PriceLevel] = []
        for level in quote.asks:
            if budget is not None and level.price + quote.fee.per_contract(level.price) > budget:
                break
            taken.append(level)
        if not taken:
            best = f"best ask {quote.asks[0].price}" if quote.asks else "no asks"
            limit = f" at or under {show(budget)} a contract with fees" if budget is not None else ""
            return Walk(0, (), f"{what}: nothing offered{limit} ({best})")
        sized = _sized(quote, wanted, sum((level.size for level in taken), ZERO), what)
        if isinstance(sized, Walk):
            return sized
        fill = price_sets([Leg(quote.instrument.key, tuple(taken), quote.fee)], sized)
    reason = f"{what}: only {sized} of {wanted} contracts within the limit" if sized < wanted else None
    return Walk(sized, fill.legs[0].fills, reason)


def sell_walk(quote: LegQuote, wanted: int) -> Walk:
    """Sell up to ``wanted`` contracts into the bids, best first, at any price.

    The one walker only buys, so a sale is walked as its mirror: selling C at bid b takes the
    same levels as buying C at 1 − b, and both venues' fees are symmetric in P ↔ 1 − P (both
    charge on P × (1 − P)), so the walker also charges the same fees. The symmetry is checked
    level by level rather than assumed."""
    what = f"sell {quote.instrument.key}"
    if wanted < 1:
        return Walk(0, (), f"{what}: nothing to sell")
    with localcontext(EXACT):
        mirrored = []
        for level in quote.bids:
            if quote.fee.per_contract(level.price) != quote.fee.per_contract(ONE - level.price):
                raise ValueError(f"{what}: the fee at {level.price} is not symmetric; a sale cannot be walked as a buy")
            mirrored.append(PriceLevel(ONE - level.price, level.size))
        if not mirrored:
            return Walk(0, (), f"{what}: no bids")
        sized = _sized(quote, wanted, sum((level.size for level in mirrored), ZERO), what)
        if isinstance(sized, Walk):
            return sized
        fill = price_sets([Leg(quote.instrument.key, tuple(mirrored), quote.fee)], sized)
        levels = tuple(PriceLevel(ONE - level.price, level.size) for level in fill.legs[0].fills)
    reason = f"{what}: only {sized} of {wanted} contracts bid for" if sized < wanted else None
    return Walk(sized, levels, reason)


def polymarket_fee_shares(fee: Decimal, price: Decimal) -> Decimal:
    """Shares a Polymarket BUY gives up for a ``fee`` (dollars) at ``price``: the fee's value in
    shares at the trade's price, rounded up to the share unit."""
    if not fee:
        return ZERO
    return ceil_to(_CEILING.divide(fee, price), SHARE_UNIT)
