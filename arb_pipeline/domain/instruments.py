"""One instrument looked up among the markets and books of a moment: its market, the fee schedule
it pays, its book, the asks it is bought from and the bids it is sold into (best first), and
the venue's minimum order; or why it cannot be quoted.

The scan (:mod:`arb_pipeline.domain.spreads`) and paper trading
(:mod:`arb_pipeline.domain.trading.legs`) both build their legs here, so a leg the scan prices
is the leg a trade fills: the same fee schedule, the same Kalshi asks (1 − the other side's
bids, docs/venues.md#kalshi-order-books), the same minimum order. What each does with a
market's tradability and a book's age is its own (thresholds of the scan, limits of a trade).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, PriceLevel, Venue
from arb_pipeline.domain.quality import kalshi_book_problems, token_book_problems
from arb_pipeline.domain.walker import Leg

Books = Mapping[str, KalshiOrderBook | OrderBook]


class Gap(StrEnum):
    """What is missing when an instrument cannot be quoted: its market, its book, or something
    else (no fee schedule, an outcome the market does not have, a malformed field)."""

    MARKET = "market"
    BOOK = "book"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Unquoted:
    """Why an instrument cannot be quoted, in a trader's words."""

    reason: str
    gap: Gap = Gap.OTHER


@dataclass(frozen=True, slots=True)
class InstrumentQuote:
    """An instrument ready to trade: ``leg`` is what the walker buys (its id ``TICKER:side`` on
    Kalshi, the token id on Polymarket; its asks, fee schedule and minimum order), ``bids`` what
    a sale goes into, best first; ``book_label`` names the book in messages."""

    leg: Leg
    market: Market
    book: KalshiOrderBook | OrderBook
    book_label: str
    bids: tuple[PriceLevel, ...]


def inexact_reason(exc: ArithmeticError) -> str:
    # EXACT refuses to round money; one absurd book must not stop a whole scan or trade.
    return f"cannot price exactly ({type(exc).__name__}): more digits than exact money arithmetic holds"


def problems_of_book(book: KalshiOrderBook | OrderBook) -> list[str]:
    """What makes ``book`` impossible as a real book (crossed, priced outside (0, 1), absurd sizes)."""
    return kalshi_book_problems(book) if isinstance(book, KalshiOrderBook) else token_book_problems(book)


def gamma_min_order_size(market: Market) -> Decimal | None:
    """Gamma's ``orderMinSize`` (a JSON number, docs/venues.md#polymarket-gamma-catalog), None when
    the market has none. A book rebuilt from the WebSocket carries no ``min_order_size`` (only the
    REST book does, docs/venues.md#polymarket-clob-books), and the market's field is the same
    venue rule. A value that is not a size raises ValueError naming the market and the field."""
    value = market.raw.get("orderMinSize")
    if value is None:
        return None
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            # str() of a JSON float is its shortest repr: 5.0 stays "5.0", never binary noise.
            minimum = Decimal(str(value))
        except InvalidOperation:
            minimum = None
        if minimum is not None and minimum.is_finite() and minimum >= 0:
            return minimum
    raise ValueError(f"polymarket market {market.market_id} field 'orderMinSize': not a size: {value!r}")


#: What a market without a fee schedule lacks, per venue: fees differ per Kalshi series and per
#: Polymarket market (docs/venues.md#kalshi-fees, #polymarket-fees), so a default would price
#: index, maker-fee and fee-enabled markets wrong.
_FEE_UNKNOWN = {
    Venue.KALSHI: "has no series fee schedule (fee_type, fee_multiplier unknown)",
    Venue.POLYMARKET: "has no fee schedule (feesEnabled, feeSchedule unknown)",
}


def _market(markets: Mapping[str, Market], market_id: str, venue: Venue) -> Market | Unquoted:
    """The ``venue`` market ``market_id`` with its fee schedule, or why there is none."""
    market = markets.get(market_id)
    if market is None:
        return Unquoted(f"no {venue} market {market_id}", Gap.MARKET)
    if market.venue is not venue:
        return Unquoted(f"market {market_id} is a {market.venue} market, not {venue}")
    if market.fee is None or market.fee.venue is not venue:
        return Unquoted(f"{venue} market {market_id} {_FEE_UNKNOWN[venue]}")
    return market


def quote_kalshi(markets: Mapping[str, Market], books: Books, ticker: str, side: str) -> InstrumentQuote | Unquoted:
    """Buying or selling ``side`` ("yes" or "no") of the Kalshi market ``ticker``."""
    market = _market(markets, ticker, Venue.KALSHI)
    if isinstance(market, Unquoted):
        return market
    book = books.get(ticker)
    if book is None:
        return Unquoted(f"no kalshi book for {ticker}", Gap.BOOK)
    if not isinstance(book, KalshiOrderBook):
        return Unquoted(f"book for {ticker} is not a kalshi book")
    try:
        leg = Leg.from_kalshi_book(book, side, market.fee)
    except ArithmeticError as exc:
        return Unquoted(inexact_reason(exc))
    bids = book.yes_bids if side == "yes" else book.no_bids
    return InstrumentQuote(leg, market, book, f"kalshi book {ticker}", bids)


def quote_token(markets: Mapping[str, Market], books: Books, market_id: str, token: str) -> InstrumentQuote | Unquoted:
    """Buying or selling the outcome ``token`` of the Polymarket market ``market_id``."""
    market = _market(markets, market_id, Venue.POLYMARKET)
    if isinstance(market, Unquoted):
        return market
    if token not in market.token_ids:
        return Unquoted(f"token {token} is not an outcome of polymarket market {market_id}")
    book = books.get(token)
    if book is None:
        return Unquoted(f"no polymarket book for token {token}", Gap.BOOK)
    if not isinstance(book, OrderBook) or book.venue is not Venue.POLYMARKET:
        return Unquoted(f"book for token {token} is not a polymarket book")
    minimum = book.min_order_size
    if minimum is None:
        try:
            minimum = gamma_min_order_size(market)
        except ValueError as exc:
            return Unquoted(str(exc))
    leg = Leg.from_book(book, market.fee, min_order_size=minimum)
    return InstrumentQuote(leg, market, book, f"polymarket book {token}", book.bids)
