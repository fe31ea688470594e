"""Data-quality rules the pipeline's blocking checks enforce: books that cannot be real, and pairs
whose token mapping does not hold. Pure functions returning human-readable problems."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


def _level_problems(what: str, levels: Iterable[PriceLevel]) -> list[str]:
    problems = []
    for level in levels:
        if not ZERO < level.price < ONE:
            problems.append(f"{what}: price {level.price} outside (0, 1)")
        if level.size <= 0:
            problems.append(f"{what}: size {level.size} at {level.price} is not positive")
    return problems


def kalshi_book_problems(book: KalshiOrderBook) -> list[str]:
    problems = _level_problems(f"kalshi {book.ticker} yes bids", book.yes_bids)
    problems += _level_problems(f"kalshi {book.ticker} no bids", book.no_bids)
    if book.yes_bids and book.no_bids:
        # YES ask = 1 - best NO bid (VENUE_APIS.md 1.7): bids summing to $1 or more would mean a
        # crossed book, which the venue's matching engine never leaves standing.
        total = book.yes_bids[0].price + book.no_bids[0].price
        if total >= ONE:
            problems.append(
                f"kalshi {book.ticker} crossed: best YES bid {book.yes_bids[0].price} + best NO bid "
                f"{book.no_bids[0].price} = {total} >= 1"
            )
    return problems


def token_book_problems(book: OrderBook) -> list[str]:
    problems = _level_problems(f"{book.venue} {book.instrument_id} bids", book.bids)
    problems += _level_problems(f"{book.venue} {book.instrument_id} asks", book.asks)
    if book.is_crossed:
        problems.append(
            f"{book.venue} {book.instrument_id} crossed: best bid {book.bids[0].price} >= best ask {book.asks[0].price}"
        )
    return problems


def book_problems(kalshi_books: Iterable[KalshiOrderBook], token_books: Iterable[OrderBook]) -> list[str]:
    problems: list[str] = []
    for kalshi_book in kalshi_books:
        problems += kalshi_book_problems(kalshi_book)
    for token_book in token_books:
        problems += token_book_problems(token_book)
    return problems


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
