"""Spreads and opportunities: every approved pair in both directions, and the intra-venue sets,
each sized by the one book walker (:func:`arb_pipeline.domain.walker.fill_sets`).

Cross-venue (docs/architecture.md#pairs-and-sets): buy Kalshi YES + the Polymarket token that pays when
Kalshi resolves NO, or Kalshi NO + the token that pays on YES; each set pays $1. Intra-venue: both
tokens of one Polymarket market, or YES + NO of one Kalshi market; each set pays $1 as well.

Every evaluation becomes a :class:`Spread`, kept even when it is not tradable, so a user sees how
close a pair came and why it was turned down; ``rejection_reasons`` says why in the trader's words.
Only pairs a matcher or a user approved are ever evaluated.

Inputs are two mappings: ``markets`` by market id (Kalshi ticker or Polymarket Gamma id; the two
never collide, tickers carry letters and Gamma ids are digits) and ``books`` by instrument
(Kalshi ticker -> :class:`KalshiOrderBook`, Polymarket token id -> :class:`OrderBook`);
:func:`index_markets` and :func:`index_books` build them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_CEILING, Decimal

from arb_pipeline.domain.fees import QUOTIENT, show
from arb_pipeline.domain.instruments import (
    Books,
    InstrumentQuote,
    Unquoted,
    inexact_reason,
    problems_of_book,
    quote_kalshi,
    quote_token,
)
from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    KalshiOrderBook,
    Market,
    MatchedPair,
    OpportunityKind,
    OrderBook,
    PairStatus,
    Spread,
    Venue,
)
from arb_pipeline.domain.quality import book_time_problems, market_tradable_problems, observed_at
from arb_pipeline.domain.walker import Leg, SetFill, fill_sets


#: Days to resolution never go below one hour: a market about to resolve would otherwise divide
#: by seconds, an APY in the millions of percent that would put a few cents of edge at the top of
#: every ranking. (A market already past its close or resolution time is not tradable at all:
#: :func:`arb_pipeline.domain.quality.market_tradable_problems`.)
MIN_TIME_TO_RESOLUTION = timedelta(hours=1)
_DAY = Decimal(86_400_000_000)  # microseconds
_MICRO_DAY = Decimal("0.000001")
_DAYS_PER_YEAR = Decimal(365)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What a spread must clear to be an opportunity. Money in dollars: ``min_net_edge`` per
    contract, ``min_net_profit`` per spread; ``min_apy`` as a fraction a year (0.10 = 10 %);
    ``min_contracts`` in contracts; ``max_quote_age_s`` in seconds. ``max_sets`` and
    ``max_cost`` cap the size the walker may choose (None: the books' depth is the only cap).

    ``max_leg_skew_s``: the legs of one spread must have been observed at most this far apart (a
    book fetched half a minute after the other leg's shows a price that never stood beside it).
    ``max_clock_skew_s``: how far a time may sit in the future (a venue stamp after our receive
    time, a receive time after the scan) before the clock or the data is distrusted."""

    min_net_edge: Decimal
    min_apy: Decimal
    min_contracts: Decimal
    max_quote_age_s: float
    min_net_profit: Decimal
    max_sets: int | None = None
    max_cost: Decimal | None = None
    max_leg_skew_s: float = 10.0
    max_clock_skew_s: float = 5.0


def index_markets(markets: Iterable[Market]) -> dict[str, Market]:
    """Markets by id, refusing an id both venues use (it would silently pair the wrong market)."""
    indexed: dict[str, Market] = {}
    for market in markets:
        known = indexed.get(market.market_id)
        if known is not None and known.venue is not market.venue:
            raise ValueError(f"market id {market.market_id!r} is both a {known.venue} and a {market.venue} market")
        indexed[market.market_id] = market
    return indexed


def index_books(
    kalshi_books: Iterable[KalshiOrderBook], token_books: Iterable[OrderBook]
) -> dict[str, KalshiOrderBook | OrderBook]:
    """Books by instrument: Kalshi ticker, Polymarket token id."""
    indexed: dict[str, KalshiOrderBook | OrderBook] = {book.ticker: book for book in kalshi_books}
    for book in token_books:
        if book.instrument_id in indexed:
            raise ValueError(f"instrument id {book.instrument_id!r} is both a kalshi ticker and a polymarket token")
        indexed[book.instrument_id] = book
    return indexed


@dataclass(frozen=True, slots=True)
class _Quote:
    """One leg ready to walk, with the market and book it came from."""

    leg: Leg
    market: Market
    book_label: str
    received_ts: datetime
    venue_ts: datetime | None
    book_problems: tuple[str, ...]

    @property
    def observed_at(self) -> datetime:
        return observed_at(self.received_ts, self.venue_ts)


class _Board:
    """The markets and books of one scan. A book's quality is judged once per scan, however many
    spreads use it."""

    def __init__(self, markets: Mapping[str, Market], books: Books) -> None:
        self.markets = markets
        self.books = books
        self._book_problems: dict[str, tuple[str, ...]] = {}

    def book_problems(self, label: str, book: KalshiOrderBook | OrderBook) -> tuple[str, ...]:
        known = self._book_problems.get(label)
        if known is None:
            known = self._book_problems[label] = tuple(f"bad book: {problem}" for problem in problems_of_book(book))
        return known

    def _quote(self, found: InstrumentQuote | Unquoted) -> _Quote | str:
        if isinstance(found, Unquoted):
            return found.reason
        book = found.book
        return _Quote(found.leg, found.market, found.book_label, book.received_ts, book.venue_ts,
                      self.book_problems(found.book_label, book))

    def kalshi_leg(self, ticker: str, side: str) -> _Quote | str:
        return self._quote(quote_kalshi(self.markets, self.books, ticker, side))

    def polymarket_leg(self, market_id: str, token: str) -> _Quote | str:
        return self._quote(quote_token(self.markets, self.books, market_id, token))

    def has_books(self, market: Market) -> bool:
        if market.venue is Venue.KALSHI:
            return market.market_id in self.books
        tokens = market.token_ids
        return bool(tokens) and all(token in self.books for token in tokens)


def days_to_resolution(markets: Sequence[Market], now: datetime) -> Decimal | None:
    """Days from ``now`` until the LATEST expected resolution among ``markets`` (expiration time,
    else close time): the money is locked until the last leg pays. None when any market has
    neither. Never below :data:`MIN_TIME_TO_RESOLUTION`; rounded UP to a millionth of a day so
    the APY derived from it is never overstated."""
    times = [market.expiration_time or market.close_time for market in markets]
    if not times or any(time is None for time in times):
        return None
    remaining = max(max(times) - now, MIN_TIME_TO_RESOLUTION)
    days = QUOTIENT.divide(Decimal(remaining // timedelta(microseconds=1)), _DAY)
    return days.quantize(_MICRO_DAY, rounding=ROUND_CEILING, context=QUOTIENT)


def annualized_return(net_profit: Decimal, cost: Decimal, days: Decimal) -> Decimal:
    """APY = net profit / cost × 365 / days (simple, not compounded;
    docs/architecture.md#size-cost-and-apy)."""
    return QUOTIENT.divide(QUOTIENT.multiply(net_profit, _DAYS_PER_YEAR), QUOTIENT.multiply(cost, days))


def _venue_total(fill: SetFill, venue: Venue) -> tuple[Decimal | None, Decimal]:
    """Per-set price (the sum of this venue's legs' average prices: a basket's price) and fee."""
    legs = [leg for leg in fill.legs if leg.venue is venue]
    fee = sum((leg.fee for leg in legs), ZERO)
    if not legs or not fill.sets:
        return None, fee
    return sum((leg.average_price for leg in legs), ZERO), fee


def _no_size_reason(fill: SetFill, quotes: Sequence[_Quote]) -> str:
    if fill.top_gross_edge is None:
        empty = [quote.book_label for quote in quotes if not quote.leg.asks]
        return f"no asks: {', '.join(empty)}"
    if fill.top_gross_edge <= 0:
        return f"no edge: best asks sum to {show(1 - fill.top_gross_edge)} >= $1"
    reason = f"no profitable size after fees (top-of-book gross edge {show(fill.top_gross_edge)})"
    if fill.min_sets > 1:
        reason += f" at the {fill.min_sets}-contract minimum order"
    return reason


def _quote_problems(quotes: Sequence[_Quote], now: datetime, thresholds: Thresholds) -> list[str]:
    """Everything that makes the quotes untradable before any sizing: a book that cannot be real
    (crossed, priced outside (0, 1), absurd sizes), a time that cannot be trusted or is too old,
    legs observed too far apart, and markets that are not open for trading."""
    reasons: list[str] = []
    seen_books: dict[str, datetime] = {}
    seen_markets: set[str] = set()
    for quote in quotes:
        if quote.book_label not in seen_books:
            seen_books[quote.book_label] = quote.observed_at
            reasons.extend(quote.book_problems)
            reasons.extend(
                book_time_problems(
                    quote.book_label,
                    quote.received_ts,
                    quote.venue_ts,
                    now,
                    max_age_s=thresholds.max_quote_age_s,
                    max_clock_skew_s=thresholds.max_clock_skew_s,
                )
            )
        market = quote.market
        if market.market_id not in seen_markets:
            seen_markets.add(market.market_id)
            reasons.extend(market_tradable_problems(market, now))
    if len(seen_books) > 1:
        first = min(seen_books, key=seen_books.__getitem__)
        last = max(seen_books, key=seen_books.__getitem__)
        skew = (seen_books[last] - seen_books[first]).total_seconds()
        if skew > thresholds.max_leg_skew_s:
            reasons.append(
                f"legs observed {skew:.1f} s apart > {thresholds.max_leg_skew_s:g} s: {first} at "
                f"{seen_books[first].isoformat()}, {last} at {seen_books[last].isoformat()}"
            )
    return reasons


def _threshold_reasons(
    fill: SetFill, apy: Decimal | None, quotes: Sequence[_Quote], thresholds: Thresholds
) -> list[str]:
    reasons: list[str] = []
    edge = fill.edge_per_contract
    if edge < thresholds.min_net_edge:
        reasons.append(f"edge {show(edge)} < min {show(thresholds.min_net_edge)}")
    if apy is None:
        unknown = sorted(
            {
                f"{quote.market.venue} market {quote.market.market_id}"
                for quote in quotes
                if not (quote.market.expiration_time or quote.market.close_time)
            }
        )
        reasons.append(f"APY unknown: no resolution time for {', '.join(unknown)}")
    elif apy < thresholds.min_apy:
        reasons.append(f"APY {show(apy)} < min {show(thresholds.min_apy)}")
    if fill.contracts < thresholds.min_contracts:
        reasons.append(f"size {fill.sets} < min {show(thresholds.min_contracts)} contracts")
    if fill.net_profit < thresholds.min_net_profit:
        reasons.append(f"net profit {show(fill.net_profit)} < min {show(thresholds.min_net_profit)}")
    return reasons


def _evaluate(
    kind: OpportunityKind,
    resolved: Sequence[_Quote | str],
    now: datetime,
    thresholds: Thresholds,
    *,
    kalshi_ticker: str | None = None,
    polymarket_market_id: str | None = None,
    kalshi_side: str | None = None,
    polymarket_token: str | None = None,
    kalshi_tickers: tuple[str, ...] = (),
) -> Spread:
    quotes = [item for item in resolved if isinstance(item, _Quote)]
    reasons = [item for item in resolved if isinstance(item, str)]
    fill: SetFill | None = None
    days = apy = None
    if not reasons:
        reasons = _quote_problems(quotes, now, thresholds)
        try:
            legs = [quote.leg for quote in quotes]
            fill = fill_sets(legs, max_sets=thresholds.max_sets, max_cost=thresholds.max_cost)
        except ValueError as exc:
            reasons.append(str(exc))
        except ArithmeticError as exc:
            reasons.append(inexact_reason(exc))
    if fill is not None:
        days = days_to_resolution([quote.market for quote in quotes], now)
        if not fill.sets:
            reasons.append(_no_size_reason(fill, quotes))
        else:
            if days is not None:
                apy = annualized_return(fill.net_profit, fill.cost, days)
            reasons.extend(_threshold_reasons(fill, apy, quotes, thresholds))
    kalshi_avg = polymarket_avg = None
    kalshi_fee = polymarket_fee = ZERO
    if fill is not None:
        kalshi_avg, kalshi_fee = _venue_total(fill, Venue.KALSHI)
        polymarket_avg, polymarket_fee = _venue_total(fill, Venue.POLYMARKET)
    return Spread(
        kind=kind,
        kalshi_ticker=kalshi_ticker,
        polymarket_market_id=polymarket_market_id,
        kalshi_side=kalshi_side,
        polymarket_token=polymarket_token,
        contracts=fill.contracts if fill else ZERO,
        kalshi_avg_price=kalshi_avg,
        polymarket_avg_price=polymarket_avg,
        kalshi_fee=kalshi_fee,
        polymarket_fee=polymarket_fee,
        cost=fill.cost if fill else ZERO,
        net_profit=fill.net_profit if fill else ZERO,
        edge_per_contract=fill.edge_per_contract if fill else ZERO,
        days_to_resolution=days,
        apy=apy,
        top_gross_edge=fill.top_gross_edge if fill else None,
        quote_received_ts=min((quote.received_ts for quote in quotes), default=None),
        evaluated_at=now,
        is_opportunity=not reasons,
        rejection_reasons=tuple(reasons),
        kalshi_tickers=kalshi_tickers,
    )


def _pair_spreads(pair: MatchedPair, board: _Board, now: datetime, thresholds: Thresholds) -> list[Spread]:
    legs = pair.kalshi_legs
    mapping_problem: list[str] = []
    if pair.polymarket_yes_token == pair.polymarket_no_token:
        mapping_problem.append(f"token mapping invalid: YES and NO both map to token {pair.polymarket_yes_token}")
    header = {
        "kalshi_ticker": pair.kalshi_ticker,
        "polymarket_market_id": pair.polymarket_market_id,
        "kalshi_tickers": pair.kalshi_tickers,
    }
    buy_yes = [*mapping_problem, *(board.kalshi_leg(ticker, "yes") for ticker in legs),
               board.polymarket_leg(pair.polymarket_market_id, pair.polymarket_no_token)]
    spreads = [
        _evaluate(OpportunityKind.CROSS_VENUE, buy_yes, now, thresholds, kalshi_side="yes",
                  polymarket_token=pair.polymarket_no_token, **header)
    ]
    # A basket (k disjoint Kalshi range legs, transform `sum`) pays $1 when one leg resolves YES.
    # Its NO, "no leg resolves YES", is no Kalshi contract: one NO on every leg pays $k when no
    # leg resolves YES and $k - 1 when one does. With the Polymarket YES token that is an exact
    # $k payoff, but not a $1 set, and a Spread counts $1 sets; only the YES basket is evaluated.
    if len(legs) == 1:
        buy_no = [*mapping_problem, board.kalshi_leg(legs[0], "no"),
                  board.polymarket_leg(pair.polymarket_market_id, pair.polymarket_yes_token)]
        spreads.append(
            _evaluate(OpportunityKind.CROSS_VENUE, buy_no, now, thresholds, kalshi_side="no",
                      polymarket_token=pair.polymarket_yes_token, **header)
        )
    return spreads


def evaluate_pair(
    pair: MatchedPair, markets: Mapping[str, Market], books: Books, now: datetime, thresholds: Thresholds
) -> list[Spread]:
    """Both directions of an approved pair: Kalshi YES + ``polymarket_no_token``, and Kalshi NO +
    ``polymarket_yes_token`` (a ``sum`` basket: the YES direction only)."""
    if pair.status is not PairStatus.APPROVED:
        raise ValueError(
            f"pair {pair.kalshi_ticker} / {pair.polymarket_market_id} is {pair.status}:"
            " only approved pairs are evaluated"
        )
    return _pair_spreads(pair, _Board(markets, books), now, thresholds)


#: The best ask of an instrument, or None when it has none: (Kalshi ticker, "yes"/"no") or
#: (Polymarket token id, None). In dollars, or in any exact unit (a live book's integer ticks).
BestAsk = Callable[[str, str | None], Decimal | int | None]


#: A leg as the screen reads it: (Kalshi ticker, "yes"/"no") or (Polymarket token id, None).
AskLeg = tuple[str, str | None]


def pair_directions(pair: MatchedPair) -> tuple[tuple[AskLeg, ...], ...]:
    """The legs each direction of ``pair`` buys, as :func:`_pair_spreads` evaluates them: Kalshi
    YES on every leg + the token that pays on NO; for a single-leg pair also Kalshi NO + the
    token that pays on YES."""
    legs = pair.kalshi_legs
    buy_yes = ((pair.polymarket_no_token, None), *((ticker, "yes") for ticker in legs))
    if len(legs) != 1:
        return (buy_yes,)
    return buy_yes, ((pair.polymarket_yes_token, None), (legs[0], "no"))


def asks_total(direction: Iterable[AskLeg], best_ask: BestAsk) -> Decimal | int | None:
    """The sum of the best asks of ``direction``'s legs, or None when one has no ask."""
    total: Decimal | int = 0
    for instrument, side in direction:
        ask = best_ask(instrument, side)
        if ask is None:
            return None
        total += ask
    return total


def pair_has_top_edge(pair: MatchedPair, best_ask: BestAsk, dollar: Decimal | int = ONE) -> bool:
    """False when no direction of ``pair`` can be an opportunity whatever the depth, fees and
    thresholds: in each, some leg has no ask or the best asks sum to $1 or more. Every set costs
    at least its legs' best asks, so at $1 or more a set loses before fees and the walker buys
    none (:func:`_no_size_reason`). The directions are :func:`pair_directions`. A cheap screen
    before :func:`evaluate_pair`, which alone decides what is an opportunity. ``dollar``: $1 in
    the unit ``best_ask`` answers in."""
    for direction in pair_directions(pair):
        total = asks_total(direction, best_ask)
        if total is not None and total < dollar:
            return True
    return False


def _intra_venue(market: Market, board: _Board, now: datetime, thresholds: Thresholds) -> list[Spread]:
    if market.venue is Venue.KALSHI:
        ticker = market.market_id
        legs = [board.kalshi_leg(ticker, "yes"), board.kalshi_leg(ticker, "no")]
        return [_evaluate(OpportunityKind.KALSHI_YES_NO, legs, now, thresholds, kalshi_ticker=ticker)]
    if market.venue is Venue.POLYMARKET and len(market.token_ids) >= 2:
        # Exactly one outcome token pays $1 (a 50-50 resolution pays $0.50 on each): one of
        # every token is a $1 set.
        legs = [board.polymarket_leg(market.market_id, token) for token in market.token_ids]
        return [
            _evaluate(
                OpportunityKind.POLYMARKET_BOTH_TOKENS, legs, now, thresholds, polymarket_market_id=market.market_id
            )
        ]
    return []


def evaluate_intra_venue(market: Market, books: Books, now: datetime, thresholds: Thresholds) -> list[Spread]:
    """One market's own $1 set: YES + NO of a Kalshi market, or every outcome token of a
    Polymarket market. Empty for a market with no tradable outcome tokens."""
    return _intra_venue(market, _Board({market.market_id: market}, books), now, thresholds)


def evaluate_all(
    pairs: Iterable[MatchedPair],
    markets: Mapping[str, Market],
    books: Books,
    now: datetime,
    thresholds: Thresholds,
    *,
    intra_venue: bool = True,
    intra_venue_markets: Iterable[Market] | None = None,
) -> list[Spread]:
    """What one scan evaluates, offline or in Dagster: every approved pair in every direction,
    then (``intra_venue``) every market of ``intra_venue_markets`` (default: all of ``markets``)
    whose books were all quoted. Pairs under review or rejected are skipped: they never reach
    trading."""
    board = _Board(markets, books)
    spreads: list[Spread] = []
    for pair in pairs:
        if pair.status is PairStatus.APPROVED:
            spreads.extend(_pair_spreads(pair, board, now, thresholds))
    if intra_venue:
        for market in markets.values() if intra_venue_markets is None else intra_venue_markets:
            if board.has_books(market):
                spreads.extend(_intra_venue(market, board, now, thresholds))
    return spreads
