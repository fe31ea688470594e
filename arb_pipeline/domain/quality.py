"""Data-quality rules: books that cannot be real, quote times that cannot be trusted, and pairs
whose token mapping does not hold. Pure functions returning human-readable problems.

The evaluation path (:mod:`arb_pipeline.domain.spreads`) applies the book and time rules to every
book a spread uses, wherever it runs (the Dagster scan, the offline scan, the streamer, paper
trading), and the Dagster checks apply the same rules to a whole snapshot: one definition of a
bad book.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OrderBook,
    PairStatus,
    PriceLevel,
)


#: No venue rests a billion contracts at one price: the deepest real levels hold millions
#: ($ notional in the low millions). A larger size is corrupt data, and walking it would size an
#: "opportunity" of 1e30 contracts.
MAX_LEVEL_CONTRACTS = Decimal(1_000_000_000)


def _level_problems(what: str, levels: Iterable[PriceLevel]) -> list[str]:
    problems = []
    for level in levels:
        if not (level.price.is_finite() and ZERO < level.price < ONE):
            problems.append(f"{what}: price {level.price} outside (0, 1)")
        if not level.size.is_finite() or level.size <= 0:
            problems.append(f"{what}: size {level.size} at {level.price} is not positive")
        elif level.size > MAX_LEVEL_CONTRACTS:
            problems.append(
                f"{what}: size {level.size.normalize()} at {level.price} is beyond any real book "
                f"(more than {MAX_LEVEL_CONTRACTS:,} contracts at one price)"
            )
    return problems


def _side_problems(where: str, sides: dict[str, Iterable[PriceLevel]], crossed: str | None) -> list[str]:
    """Every level problem of a book's sides, then ``crossed`` (why the book is crossed) if set."""
    problems = [problem for label, levels in sides.items() for problem in _level_problems(f"{where} {label}", levels)]
    if crossed is not None:
        problems.append(f"{where} crossed: {crossed}")
    return problems


def kalshi_book_problems(book: KalshiOrderBook) -> list[str]:
    crossed = None
    if book.yes_bids and book.no_bids:
        # YES ask = 1 - best NO bid (docs/venues.md#kalshi-order-books): bids summing to $1 or more would mean a
        # crossed book, which the venue's matching engine never leaves standing.
        total = book.yes_bids[0].price + book.no_bids[0].price
        if total >= ONE:
            crossed = f"best YES bid {book.yes_bids[0].price} + best NO bid {book.no_bids[0].price} = {total} >= 1"
    return _side_problems(f"kalshi {book.ticker}", {"yes bids": book.yes_bids, "no bids": book.no_bids}, crossed)


def token_book_problems(book: OrderBook) -> list[str]:
    crossed = f"best bid {book.bids[0].price} >= best ask {book.asks[0].price}" if book.is_crossed else None
    return _side_problems(f"{book.venue} {book.instrument_id}", {"bids": book.bids, "asks": book.asks}, crossed)


def book_problems(kalshi_books: Iterable[KalshiOrderBook], token_books: Iterable[OrderBook]) -> list[str]:
    problems: list[str] = []
    for kalshi_book in kalshi_books:
        problems += kalshi_book_problems(kalshi_book)
    for token_book in token_books:
        problems += token_book_problems(token_book)
    return problems


def observed_at(received_ts: datetime, venue_ts: datetime | None) -> datetime:
    """When a book's state is known to have held: the venue's own time when it stamps one (a
    book can only have been older, never newer, when it reached us), else our receive time.
    Kalshi REST books carry no venue time; Polymarket books carry the book generation time."""
    if venue_ts is None or venue_ts > received_ts:
        return received_ts
    return venue_ts


def book_time_problems(
    label: str,
    received_ts: datetime,
    venue_ts: datetime | None,
    now: datetime,
    *,
    max_age_s: float,
    max_clock_skew_s: float,
) -> list[str]:
    """Why a book's times cannot be trusted as a quote at ``now``: received or venue-stamped in
    the future (a clock or data error: a book cannot be stamped after we received it, nor be
    received after the scan runs), or older than ``max_age_s`` by either clock."""
    problems = []
    ahead = (received_ts - now).total_seconds()
    if ahead > max_clock_skew_s:
        problems.append(f"untrusted time: {label} received {ahead:.1f} s after the scan time {now.isoformat()}")
    else:
        age = (now - received_ts).total_seconds()
        if age > max_age_s:
            problems.append(f"stale quote: {label} {age:.1f} s old > {max_age_s:g} s")
    if venue_ts is not None:
        late = (venue_ts - received_ts).total_seconds()
        if late > max_clock_skew_s:
            problems.append(
                f"untrusted time: {label} venue time {venue_ts.isoformat()} is {late:.1f} s after it was received"
            )
        else:
            venue_age = (now - venue_ts).total_seconds()
            if venue_age > max_age_s:
                problems.append(f"stale quote: {label} venue time {venue_age:.1f} s old > {max_age_s:g} s")
    return problems


def market_tradable_problems(market: Market, now: datetime) -> list[str]:
    """Why a market cannot be traded at ``now``: not open, past its close time (a venue may
    still say "active" after trading closed), or past its expected resolution."""
    where = f"{market.venue} market {market.market_id}"
    if market.status is not MarketStatus.OPEN:
        return [f"{where} is {market.status}, not open"]
    if market.close_time is not None and market.close_time <= now:
        return [f"{where} closed at {market.close_time.isoformat()}: not tradable"]
    resolves = market.expiration_time or market.close_time
    if resolves is not None and resolves <= now:
        return [f"{where} was due to resolve at {resolves.isoformat()}: not tradable"]
    return []


def pair_mapping_problems(
    pair: MatchedPair, kalshi_markets: Mapping[str, Market], polymarket_markets: Mapping[str, Market]
) -> list[str]:
    """Why an approved pair's mapping cannot be traded: a leg the Kalshi catalog does not have,
    a Polymarket market that is gone, or tokens that are not exactly that market's two tokens."""
    where = f"pair {'+'.join(pair.kalshi_legs)} ~ {pair.polymarket_market_id}"
    problems = [f"{where}: Kalshi market {t} is not in the catalog" for t in pair.kalshi_legs if t not in kalshi_markets]
    market = polymarket_markets.get(pair.polymarket_market_id)
    if market is None:
        return problems + [f"{where}: Polymarket market is not in the catalog"]
    tokens = set(market.token_ids)
    if len(tokens) != 2:
        problems.append(f"{where}: Polymarket market has {len(tokens)} outcome tokens, a pair needs exactly 2")
    if pair.polymarket_yes_token == pair.polymarket_no_token:
        problems.append(f"{where}: the same token {pair.polymarket_yes_token} is mapped to both YES and NO")
    for label, token in (("YES", pair.polymarket_yes_token), ("NO", pair.polymarket_no_token)):
        if token not in tokens:
            problems.append(f"{where}: the {label} token {token} is not an outcome token of the market")
    return problems


def approved_pair_problems(
    pairs: Iterable[MatchedPair], kalshi_markets: Mapping[str, Market], polymarket_markets: Mapping[str, Market]
) -> list[str]:
    problems: list[str] = []
    for pair in pairs:
        if pair.status is PairStatus.APPROVED:
            problems += pair_mapping_problems(pair, kalshi_markets, polymarket_markets)
    return problems


def open_markets(markets: Iterable[Market]) -> list[Market]:
    return [m for m in markets if m.status is MarketStatus.OPEN]
