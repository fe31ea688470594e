"""Mutable books for streaming updates (WebSocket clients, the sandbox), and their frozen views.

A level map is a dict keyed by price: O(1) updates. The venue clients' books hold exact integers
(:class:`TickKalshiBook`, :class:`TickTokenBook`): prices in ticks of $0.0001 and sizes in
millionths of a contract or share, the finest steps either venue sends (docs/venues.md#book-units);
the sandbox's books hold Decimal dollars and counts. Both are the same :class:`LevelMap`. Money
leaves a tick book as exact Decimal (:meth:`TickKalshiBook.to_order_book`, :func:`price_of`,
:func:`size_of`), and a value off those grids never enters one: it raises
:class:`OffGridError`, never rounded. The best price is never taken from
any wire order (docs/venues.md#kalshi-order-books, #polymarket-clob-books): each map keeps its
highest and lowest price as levels come and go, and finds them again with max/min only after the
one it held was removed (or the map was replaced), so a change away from the top costs no walk
of the ladder.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Context, Decimal
from typing import Any

from arb_pipeline.domain.models import (
    ONE,
    BookSide,
    KalshiOrderBook,
    OrderBook,
    PriceLevel,
    Venue,
)


#: Price ticks in a dollar: $0.0001, the finest price step of either venue (Kalshi's dollar
#: strings carry four decimals, Polymarket's finest tick size is 0.0001).
TICKS_PER_DOLLAR = 10_000
#: Size units in a contract or share: Polymarket sizes carry up to six decimals (its outcome
#: tokens' on-chain precision), Kalshi's counts two.
UNITS_PER_CONTRACT = 1_000_000

_TICK = Decimal(TICKS_PER_DOLLAR)
_UNIT = Decimal(UNITS_PER_CONTRACT)


class OffGridError(ValueError):
    """A price or size that no integer book can hold exactly."""


#: The most decimal digits a whole number of ticks or units may be shifted left by: beyond
#: any price or size (a size of 10^18 contracts), and a bound on the integers a hostile exponent
#: ("1E+999999") could make.
_MAX_SHIFT = 24


def _whole(value: Decimal, places: int, unit: str) -> int:
    """``value`` * 10^``places`` as an int, exactly: in integer arithmetic from the Decimal's own
    digits, since Decimal multiplication rounds to the context's 28 digits and would let
    0.12340000000000000000000000001 pass as 1234 ticks."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise OffGridError(f"{value} is not a finite number")
    coefficient = int("".join(map(str, digits)))
    if not coefficient:
        return 0
    shift = exponent + places
    if shift > _MAX_SHIFT:
        raise OffGridError(f"{value} is out of range")
    if shift >= 0:
        whole = coefficient * 10**shift
    else:
        whole, rest = divmod(coefficient, 10**-shift)
        if rest:
            raise OffGridError(f"{value} is not a whole number of {unit}")
    return -whole if sign else whole


def price_ticks(price: Decimal) -> int:
    """``price`` in ticks of $0.0001; raises :class:`OffGridError` for a finer price."""
    return _whole(price, 4, "$0.0001 ticks")


def size_units(size: Decimal) -> int:
    """``size`` in millionths; raises :class:`OffGridError` for a finer size."""
    return _whole(size, 6, "millionths")


#: Ticks already converted by :func:`price_of` (callers on the hot path look here first).
PRICES_OF: dict[int, Decimal] = {}
_EXACT = 10**27


def _exact(whole: int, scale: Decimal) -> Decimal:
    # The default context divides exactly up to 28 digits; a longer number gets the digits it
    # needs, never a rounded quotient.
    if -_EXACT < whole < _EXACT:
        return Decimal(whole) / scale
    return Context(prec=len(str(abs(whole))) + 1).divide(Decimal(whole), scale)


def price_of(ticks: int) -> Decimal:
    """Ticks back to dollars, exactly (0.45, not 0.4500): the same value the venue sent."""
    price = PRICES_OF.get(ticks)
    if price is None:
        price = _exact(ticks, _TICK)
        if 0 <= ticks <= TICKS_PER_DOLLAR:
            PRICES_OF[ticks] = price
    return price


#: Sizes converted so far, up to :data:`_SIZES_HELD` of them: a book's sizes recur, and the
#: division is most of the conversion.
SIZES_OF: dict[int, Decimal] = {}
_SIZES_HELD = 1 << 16


def size_of(units: int) -> Decimal:
    """Size units back to a count, exactly."""
    size = SIZES_OF.get(units)
    if size is None:
        size = _exact(units, _UNIT)
        if len(SIZES_OF) < _SIZES_HELD:
            SIZES_OF[units] = size
    return size


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
#: Epoch milliseconds a datetime can hold: a venue time outside them is a malformed message.
MS_RANGE = range(
    (datetime.min.replace(tzinfo=UTC) - _EPOCH) // timedelta(milliseconds=1),
    (datetime.max.replace(tzinfo=UTC) - _EPOCH) // timedelta(milliseconds=1),
)


def ns_time(ns: int | None) -> datetime | None:
    """Epoch nanoseconds (a tick book's times) as an aware UTC datetime, exact to the
    microsecond a datetime holds."""
    return None if ns is None else _EPOCH + timedelta(microseconds=ns // 1000)


def time_ns(when: datetime | None) -> int | None:
    """An aware datetime as epoch nanoseconds, exactly."""
    return None if when is None else (when - _EPOCH) // _MICROSECOND * 1000


_NO_LEVEL = (None, None)


class LevelMap:
    """One side of a book: price -> resting size. Sizes at or below zero remove the level. The
    numbers are the book's: Decimal in the sandbox's books, integer ticks and units in the venue
    clients' (:class:`TickKalshiBook`); the map only adds, compares and hashes them.

    ``levels`` is read freely; it is changed only through :meth:`replace`, :meth:`set` and
    :meth:`add`, which keep the highest and lowest price (None in ``_high``/``_low`` means "not
    known", found again when asked). ``venues/hot_frames.c`` keeps a copy of what :meth:`set`
    and :meth:`add` do to a tick map (the venue clients' compiled path; the differential tests in
    ``test_hot_frames.py`` hold the two equal): a change here is a change there."""

    __slots__ = ("levels", "_high", "_low")

    def __init__(self, levels: Iterable[tuple[Any, Any]] = ()) -> None:
        self.levels: dict[Any, Any] = {}
        self._high: Any = None
        self._low: Any = None
        self.replace(levels)

    def replace(self, levels: Iterable[tuple[Any, Any]]) -> None:
        """Hold exactly ``levels``, (price, size) pairs: sizes at one price add up."""
        held = self.levels
        held.clear()
        for price, size in levels:
            if size > 0:
                held[price] = held.get(price, 0) + size
        self._high = self._low = None

    def _removed(self, price: Any) -> None:
        if price == self._high:
            self._high = None
        if price == self._low:
            self._low = None

    def set(self, price: Any, size: Any) -> None:
        """Absolute size at a level (Polymarket ``price_change.size``,
        docs/venues.md#polymarket-market-websocket)."""
        if size > 0:
            self.levels[price] = size
            # A level placed beyond the kept best becomes it (inline: a call less a message).
            high = self._high
            if high is not None and price > high:
                self._high = price
            low = self._low
            if low is not None and price < low:
                self._low = price
        elif self.levels.pop(price, None) is not None:
            self._removed(price)

    def add(self, price: Any, delta: Any) -> Any:
        """Signed change at a level (Kalshi ``orderbook_delta``, docs/venues.md#kalshi-websocket);
        returns the new size (0 when the level is gone)."""
        levels = self.levels
        size = levels.get(price, 0) + delta
        if size > 0:
            levels[price] = size
            # What set() does with a placed level, inline: one call less a Kalshi delta.
            if self._high is not None and price > self._high:
                self._high = price
            if self._low is not None and price < self._low:
                self._low = price
            return size
        if levels.pop(price, None) is not None:
            self._removed(price)
        return 0

    def may_move_highest(self, price: Any) -> bool:
        """Whether a change at ``price``, asked before it is made, may move the highest level
        (its price or its size): the kept highest is unknown, or ``price`` is at or above it. A
        change below it leaves the top of a bid side as it was: the streamer's pass reads the
        tops of only the books such a change touched (docs/streamer.md#the-compiled-book-change;
        hot_frames.c's level_change keeps a copy)."""
        high = self._high
        return high is None or price >= high

    def may_move_lowest(self, price: Any) -> bool:
        """Whether a change at ``price``, asked before it is made, may move the lowest level
        (an ask side's top): the kept lowest is unknown, or ``price`` is at or below it."""
        low = self._low
        return low is None or price <= low

    def highest(self) -> Any:
        """The highest price with resting size (a bid side's best), or None when empty."""
        high = self._high
        if high is None and self.levels:
            high = self._high = max(self.levels)
        return high

    def lowest(self) -> Any:
        """The lowest price with resting size (an ask side's best), or None when empty."""
        low = self._low
        if low is None and self.levels:
            low = self._low = min(self.levels)
        return low

    def highest_level(self) -> tuple[Any, Any]:
        """(the highest price, the size resting there), or (None, None) when empty: a bid
        side's top in one call (the streamer reads it once per changed book per turn); a kept best
        is read without calling :meth:`highest`."""
        high = self._high
        if high is None:
            high = self.highest()
        return _NO_LEVEL if high is None else (high, self.levels[high])

    def lowest_level(self) -> tuple[Any, Any]:
        """(the lowest price, the size resting there), or (None, None) when empty."""
        low = self._low
        if low is None:
            low = self.lowest()
        return _NO_LEVEL if low is None else (low, self.levels[low])

    def best(self, side: BookSide) -> PriceLevel | None:
        """The best level of a Decimal map (the sandbox's)."""
        price = self.highest() if side is BookSide.BID else self.lowest()
        return None if price is None else PriceLevel(price, self.levels[price])

    def to_levels(self) -> list[PriceLevel]:
        """The levels of a Decimal map (the sandbox's)."""
        return [PriceLevel(price, size) for price, size in self.levels.items()]

    def decimal_levels(self) -> list[PriceLevel]:
        """The levels of a tick map as exact Decimal dollars and counts."""
        return [PriceLevel(price_of(price), size_of(size)) for price, size in self.levels.items()]

    def as_decimals(self) -> dict[Decimal, Decimal]:
        """A tick map's levels as a Decimal map holds them: what tests compare with the
        sandbox's books."""
        return {price_of(price): size_of(size) for price, size in self.levels.items()}

    def __len__(self) -> int:
        return len(self.levels)


class LiveTokenBook:
    """A Polymarket outcome token's book as a stream keeps it, in Decimal dollars and counts (the
    sandbox's); the venue client's is a :class:`TokenTickBook`."""

    __slots__ = ("token_id", "market_id", "bids", "asks", "venue_ts", "received_ts", "tick_size", "book_hash")

    def __init__(self, token_id: str, market_id: str | None = None) -> None:
        self.token_id = token_id
        self.market_id = market_id
        self.bids = LevelMap()
        self.asks = LevelMap()
        self.tick_size: Decimal | None = None
        self.book_hash: str | None = None
        self._no_times()

    def _no_times(self) -> None:
        self.venue_ts: datetime | None = None
        self.received_ts: datetime | None = None

    def side(self, side: BookSide) -> LevelMap:
        return self.bids if side is BookSide.BID else self.asks

    def best_ask(self) -> Any:
        """The best ask, in the book's unit."""
        return self.asks.lowest()

    def to_order_book(self) -> OrderBook:
        if self.received_ts is None:
            raise ValueError(f"book for token {self.token_id} has not received any data yet")
        return OrderBook.from_levels(
            Venue.POLYMARKET,
            self.token_id,
            _frozen_levels(self.bids, self),
            _frozen_levels(self.asks, self),
            received_ts=self.received_ts,
            venue_ts=self.venue_ts,
            market_id=self.market_id,
            tick_size=self.tick_size,
            book_hash=self.book_hash,
        )


class _NanosecondTimes:
    """A tick book's times: epoch nanoseconds in ``venue_ns`` and ``received_ns`` (slots of the
    book), read as datetimes through ``venue_ts`` and ``received_ts``."""

    __slots__ = ()

    venue_ns: int | None
    received_ns: int | None

    def _no_times(self) -> None:
        self.venue_ns: int | None = None
        self.received_ns: int | None = None

    @property  # type: ignore[override]
    def venue_ts(self) -> datetime | None:
        return ns_time(self.venue_ns)

    @property  # type: ignore[override]
    def received_ts(self) -> datetime | None:
        return ns_time(self.received_ns)


class TokenTickBook(_NanosecondTimes, LiveTokenBook):
    """A Polymarket token's book in the venue client: ticks and size units, and its times in
    epoch nanoseconds (``venue_ns``, ``received_ns``; ``venue_ts`` and ``received_ts`` read them
    as datetimes), so that no datetime is made per message (docs/streamer.md#speed)."""

    __slots__ = ("venue_ns", "received_ns")


class LiveKalshiBook:
    """A Kalshi market's YES and NO bid ladders as a stream keeps them, in Decimal dollars and
    counts (the sandbox's); the venue client's is a :class:`KalshiTickBook`."""

    __slots__ = ("ticker", "yes", "no", "venue_ts", "received_ts")

    #: $1 in the book's price unit.
    dollar: Any = ONE

    def __init__(self, ticker: str) -> None:
        self.ticker = ticker
        self.yes = LevelMap()
        self.no = LevelMap()
        self._no_times()

    def _no_times(self) -> None:
        self.venue_ts: datetime | None = None
        self.received_ts: datetime | None = None

    def side(self, side: str) -> LevelMap:
        if side == "yes":
            return self.yes
        if side == "no":
            return self.no
        raise ValueError(f"Kalshi book side must be 'yes' or 'no', got {side!r}")

    def best_ask(self, side: str) -> Any:
        """The best ask to buy ``side``, in the book's unit: a YES ask is a NO bid at 1 - p, and a
        NO ask a YES bid (docs/venues.md#kalshi-order-books)."""
        bid = self.side("no" if side == "yes" else "yes").highest()
        return None if bid is None else self.dollar - bid

    def to_order_book(self) -> KalshiOrderBook:
        if self.received_ts is None:
            raise ValueError(f"book for {self.ticker} has not received any data yet")
        return KalshiOrderBook.from_levels(
            self.ticker,
            _frozen_levels(self.yes, self),
            _frozen_levels(self.no, self),
            received_ts=self.received_ts,
            venue_ts=self.venue_ts,
        )


class KalshiTickBook(_NanosecondTimes, LiveKalshiBook):
    """A Kalshi market's book in the venue client: ticks and size units, and its times in epoch
    nanoseconds (``venue_ns``, ``received_ns``; ``venue_ts`` and ``received_ts`` read them as
    datetimes), so that no datetime is made per message (docs/streamer.md#speed)."""

    __slots__ = ("venue_ns", "received_ns")

    dollar = TICKS_PER_DOLLAR


def _frozen_levels(side: LevelMap, book: LiveKalshiBook | LiveTokenBook) -> list[PriceLevel]:
    """A side's levels as exact Decimal, whichever unit the book holds."""
    if isinstance(book, (KalshiTickBook, TokenTickBook)):
        return side.decimal_levels()
    return side.to_levels()


def tick_levels(levels: Iterable[PriceLevel]) -> list[tuple[int, int]]:
    """Decimal levels (a snapshot, a REST book) as a tick book holds them; raises
    :class:`OffGridError` for a price or size off the grids."""
    return [(price_ticks(level.price), size_units(level.size)) for level in levels]
