"""Sportsbook value: a Kalshi game contract priced under what the sportsbooks' de-vigged consensus
says it is worth (issue 10, "Sportsbook value").

For each side of a Kalshi game market (YES pays on one outcome; NO on every other outcome: the
other team, and the draw in soccer):

1. Each configured sportsbook's moneyline is de-vigged (:mod:`~.devig`); the book's fair
   probability of the side is the sum over the outcomes the side pays on.
2. The Kalshi cost of a contract is its best ask plus Kalshi's taker fee per contract at that
   price (the one fee implementation, before the per-fill cent rounding).
3. A book *agrees* when its own fair probability clears that cost by the profile's minimum edge.
   A book that does not quote the game, or whose line is stale or malformed, does not agree.
   The side is flagged when at least k of the profile's n books agree AND the consensus (the
   mean fair probability of every configured book that quotes the game, agreeing or not) also
   clears the minimum edge: one generous book cannot carry a signal the others contradict.
4. A flagged side is sized by fractional Kelly on the consensus, capped by the caller's risk
   limits, and only at ask levels that still clear the minimum edge after fees; its exact cost
   is what the one book walker charges for that size.

These signals are one-legged bets on an estimate, their own signal kind, never arbitrage.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, localcontext

from arb_pipeline.domain.fees import EXACT, QUOTIENT, show
from arb_pipeline.domain.models import ZERO, KalshiOrderBook, Market, OrderBook
from arb_pipeline.domain.sportsbook.devig import BookLine, book_lines, game_outcomes, mean_probability
from arb_pipeline.domain.sportsbook.games import GameMatch
from arb_pipeline.domain.trading.execution import ValueIntent
from arb_pipeline.domain.trading.kelly import KellySize, kelly_contracts
from arb_pipeline.domain.trading.legs import BookLimits, LegQuote, MarketState, buy_walk, quote_leg
from arb_pipeline.domain.trading.profiles import US_BOOKMAKERS, TradingProfile
from arb_pipeline.domain.trading.records import ExposureGroups, Instrument, value_signal_id

#: Sportsbook prices older than this are not a consensus of the market now.
DEFAULT_MAX_ODDS_AGE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class BookView:
    """One sportsbook's say on one side: its fair probability (None when it has no usable line)
    and whether that clears the Kalshi cost by the minimum edge."""

    bookmaker: str
    fair_probability: Decimal | None
    agrees: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ValueSignal(ExposureGroups):
    """One side of one Kalshi game market against the sportsbook consensus.

    ``cost_per_contract`` = best ask + fee per contract at it; ``edge`` = consensus fair
    probability − that cost (top of book). ``contracts`` is the Kelly size the asks allow within
    the minimum edge; ``cost`` what exactly those contracts cost with fees, walked level by level,
    and ``edge_per_contract`` the consensus minus ``cost / contracts``. ``flagged`` is the signal;
    ``reasons`` says why a side is not flagged."""

    signal_id: str
    kalshi_ticker: str
    side: str
    odds_event_id: str
    pays_on: tuple[str, ...]
    books: tuple[BookView, ...]
    agreeing: int
    required: int
    consensus: Decimal | None
    best_ask: Decimal | None
    cost_per_contract: Decimal | None
    edge: Decimal | None
    kelly: KellySize | None
    contracts: int
    cost: Decimal
    edge_per_contract: Decimal | None
    flagged: bool
    reasons: tuple[str, ...]
    evaluated_at: datetime

    @property
    def instrument(self) -> Instrument:
        return Instrument.kalshi(self.kalshi_ticker, self.side)

    def intent(self, min_edge: Decimal) -> ValueIntent:
        """The paper trade this signal asks for: the sized contracts, at prices that keep
        ``min_edge`` under the consensus."""
        if not self.flagged or self.consensus is None or not self.contracts:
            raise ValueError(f"value signal {self.signal_id} is not flagged: {'; '.join(self.reasons)}")
        return ValueIntent(
            opportunity_id=self.signal_id,
            pair_key=self.kalshi_ticker,
            instrument=self.instrument,
            contracts=self.contracts,
            fair_probability=self.consensus,
            min_edge=min_edge,
            quoted_cost_per_contract=QUOTIENT.divide(self.cost, Decimal(self.contracts)),
            decided_at=self.evaluated_at,
            event_id=self.event_id,
            category=self.category,
        )


def book_views(lines: Mapping[str, BookLine], problems: Mapping[str, str], bookmakers: Collection[str],
               pays_on: Collection[str], cost: Decimal | None, min_edge: Decimal) -> tuple[BookView, ...]:
    """Every configured book's fair probability of the side and whether it agrees."""
    views = []
    for bookmaker in bookmakers:
        line = lines.get(bookmaker)
        if line is None:
            views.append(BookView(bookmaker, None, False, problems.get(bookmaker, f"{bookmaker}: no price")))
            continue
        fair = line.fair_for(pays_on)
        agrees = cost is not None and QUOTIENT.subtract(fair, cost) >= min_edge
        views.append(BookView(bookmaker, fair, agrees))
    return tuple(views)


def consensus_probability(lines: Iterable[BookLine], pays_on: Collection[str]) -> Decimal | None:
    """The mean fair probability of the side over the books that quote the game (None when none
    does), computed exactly and rounded once."""
    quoted = [line.exact_for(pays_on) for line in lines]
    return mean_probability(quoted) if quoted else None


def _side_outcomes(match: GameMatch, side: str) -> tuple[str, ...]:
    outcomes = game_outcomes(match.event, match.league.three_way)
    if side == "yes":
        return (match.outcome,)
    return tuple(sorted(outcomes - {match.outcome}))


def evaluate_side(
    match: GameMatch,
    market: Market,
    side: str,
    books: Mapping[str, KalshiOrderBook | OrderBook],
    profile: TradingProfile,
    bankroll: Decimal,
    now: datetime,
    *,
    bookmakers: Collection[str] = US_BOOKMAKERS,
    max_odds_age: timedelta = DEFAULT_MAX_ODDS_AGE,
    book_limits: BookLimits | None = None,
    max_stake: Decimal | None = None,
    max_contracts: int | None = None,
) -> ValueSignal:
    """One side ("yes" or "no") of a mapped Kalshi game market against the consensus."""
    if len(bookmakers) != profile.consensus_books:
        raise ValueError(f"profile {profile.name} polls {profile.consensus_books} books, "
                         f"{len(bookmakers)} configured ({', '.join(bookmakers)})")
    instrument = Instrument.kalshi(market.market_id, side)
    pays_on = _side_outcomes(match, side)
    reasons: list[str] = []
    quote = quote_leg(instrument, {market.market_id: market}, MarketState(books, now), book_limits)
    best_ask = cost = None
    if isinstance(quote, str):
        reasons.append(quote)
    elif not quote.asks:
        reasons.append(f"no asks for {instrument.key}")
    else:
        best_ask = quote.asks[0].price
        with localcontext(EXACT):
            cost = best_ask + quote.fee.per_contract(best_ask)
    lines, problems = book_lines(match.event, bookmakers, three_way=match.league.three_way, now=now,
                                 max_age=max_odds_age)
    views = book_views(lines, problems, bookmakers, pays_on, cost, profile.min_edge)
    agreeing = sum(1 for view in views if view.agrees)
    consensus = consensus_probability(lines.values(), pays_on)
    edge = QUOTIENT.subtract(consensus, cost) if consensus is not None and cost is not None else None
    if consensus is None:
        reasons.append(f"none of {', '.join(bookmakers)} prices the game")
    if cost is not None and agreeing < profile.consensus_required:
        reasons.append(f"{agreeing} of {profile.consensus_books} books imply an edge of {show(profile.min_edge)} "
                       f"over the cost {show(cost)}; {profile.consensus_required} required")
    if edge is not None and edge < profile.min_edge:
        reasons.append(f"consensus edge {show(edge)} < min {show(profile.min_edge)}")
    kelly = None
    contracts, total, edge_per_contract = 0, ZERO, None
    if not reasons and isinstance(quote, LegQuote) and consensus is not None and cost is not None:
        kelly = kelly_contracts(cost, consensus, bankroll, profile.kelly_multiplier, max_stake=max_stake,
                                max_contracts=max_contracts)
        contracts, total, edge_per_contract, why = _size(quote, kelly.contracts, consensus, profile.min_edge)
        if why:
            reasons.append(why)
    return ValueSignal(
        signal_id=value_signal_id(market.market_id, side, match.odds_event_id, now),
        kalshi_ticker=market.market_id, side=side, odds_event_id=match.odds_event_id, pays_on=pays_on,
        books=views, agreeing=agreeing, required=profile.consensus_required, consensus=consensus,
        best_ask=best_ask, cost_per_contract=cost, edge=edge, kelly=kelly, contracts=contracts, cost=total,
        edge_per_contract=edge_per_contract, flagged=not reasons, reasons=tuple(reasons), evaluated_at=now,
        event_id=market.event_id, category=market.category,
    )


def _size(quote: LegQuote, wanted: int, consensus: Decimal,
          min_edge: Decimal) -> tuple[int, Decimal, Decimal | None, str | None]:
    """Contracts, exact cost and edge per contract of buying up to ``wanted`` at the levels that
    clear ``min_edge`` under the consensus (fee included), or why nothing is bought."""
    if wanted < 1:
        return 0, ZERO, None, "fractional Kelly stakes less than one contract"
    with localcontext(EXACT):
        budget = consensus - min_edge
    walk = buy_walk(quote, wanted, budget)
    if not walk.contracts:
        return 0, ZERO, None, walk.short_reason
    with localcontext(EXACT):
        total = sum((level.size * level.price + quote.fee.taker_fee(level.size, level.price) for level in walk.levels),
                    ZERO)
    edge = QUOTIENT.subtract(consensus, QUOTIENT.divide(total, Decimal(walk.contracts)))
    if edge < min_edge:
        # The per-fill cent rounding of a small order can eat the edge the per-contract fee left.
        return 0, ZERO, edge, f"edge {show(edge)} a contract after rounding the fees of {walk.contracts} contracts"
    return walk.contracts, total, edge, None


def evaluate_game(match: GameMatch, market: Market, books: Mapping[str, KalshiOrderBook | OrderBook],
                  profile: TradingProfile, bankroll: Decimal, now: datetime, **options: object) -> list[ValueSignal]:
    """Both sides of one mapped Kalshi game market (see :func:`evaluate_side` for the options)."""
    return [evaluate_side(match, market, side, books, profile, bankroll, now, **options)  # type: ignore[arg-type]
            for side in ("yes", "no")]
