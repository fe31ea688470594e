"""Paper execution: fill an opportunity's legs against the books as they stand when the orders
would reach the venues, exactly as live trading would, so that paper PnL predicts live PnL.

The caller supplies the books at fill time (``entry``: after its decision latency, the next
snapshot or streamed book, not the one that found the opportunity), and optionally the books
when the later legs land (``hedge``) and when an unwind sells (``unwind``). Decision latency is
the caller's clock; nothing here reads the time.

Legs go one after another, each an immediate-or-cancel order (what is not filled at once is
cancelled). When a later leg cannot fill at a profit, or at all, the contracts of the earlier
legs that have no hedge are sold back into the bids at the then-current book and the loss is
booked: every order, fill and unwind is recorded. Whatever cannot be sold back is returned as
open risk; a :class:`TradeResult` cannot be built claiming a hedge it does not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal, localcontext
from enum import StrEnum

from arb_pipeline.domain.fees import EXACT, QUOTIENT, FeeSchedule, show
from arb_pipeline.domain.models import ONE, ZERO, Market, OpportunityKind, PriceLevel, Spread, Venue
from arb_pipeline.domain.trading.legs import (
    BookLimits,
    LegQuote,
    MarketState,
    Walk,
    buy_walk,
    polymarket_fee_shares,
    quote_leg,
    sell_walk,
    whole_contracts,
)
from arb_pipeline.domain.trading.positions import PositionBook
from arb_pipeline.domain.trading.records import (
    ExposureGroups,
    Fill,
    Instrument,
    Order,
    OrderPurpose,
    OrderStatus,
    Side,
    SignalKind,
    fill_id,
    opportunity_id,
    order_id,
    pair_key,
)
from arb_pipeline.domain.walker import Leg, fill_sets


class IntentError(ValueError):
    """An opportunity that cannot become a trade (not an opportunity, a leg missing...)."""


@dataclass(frozen=True, slots=True)
class ExecutionConfig:
    """``min_edge``: the net profit per set an arbitrage must still offer at fill time (the
    profile's minimum edge), else nothing is sent. ``confirm_polymarket``: paper Polymarket fills
    are confirmed at once (True), or left ``matched`` for the caller to confirm after the venue's
    on-chain settlement (False). ``books``: how old a book may be at fill time."""

    min_edge: Decimal = ZERO
    confirm_polymarket: bool = True
    books: BookLimits = field(default_factory=BookLimits)


@dataclass(frozen=True, slots=True)
class ArbitrageIntent(ExposureGroups):
    """An opportunity to trade: its legs (one contract of each is a $1 set), how many sets at
    most, and what a set cost when it was found (slippage is measured against it)."""

    opportunity_id: str
    pair_key: str
    legs: tuple[Instrument, ...]
    contracts: int
    quoted_cost_per_set: Decimal
    decided_at: datetime

    def __post_init__(self) -> None:
        if not self.legs:
            raise IntentError(f"{self.opportunity_id}: a trade needs at least one leg")
        if len(set(self.legs)) != len(self.legs):
            raise IntentError(f"{self.opportunity_id}: the same instrument twice in one set")
        if self.contracts < 1:
            raise IntentError(f"{self.opportunity_id}: {self.contracts} sets is nothing to trade")


@dataclass(frozen=True, slots=True)
class ValueIntent(ExposureGroups):
    """A one-legged sportsbook value bet: buy up to ``contracts`` of a Kalshi side at prices
    where the consensus ``fair_probability`` still clears ``min_edge`` after the Kalshi fee."""

    opportunity_id: str
    pair_key: str
    instrument: Instrument
    contracts: int
    fair_probability: Decimal
    min_edge: Decimal
    quoted_cost_per_contract: Decimal
    decided_at: datetime

    def __post_init__(self) -> None:
        if self.contracts < 1:
            raise IntentError(f"{self.opportunity_id}: {self.contracts} contracts is nothing to trade")
        if not ZERO < self.fair_probability < ONE:
            raise IntentError(f"{self.opportunity_id}: fair probability {self.fair_probability} outside (0, 1)")


def arbitrage_intent(spread: Spread, markets: Mapping[str, Market], *,
                     max_contracts: int | None = None) -> ArbitrageIntent:
    """The trade a spread proposes: the Kalshi side (or basket) plus the Polymarket token that
    pays on the other side, YES plus NO of one Kalshi market, or every outcome token of one
    Polymarket market; at most ``max_contracts`` sets (the risk sizing); the spread's cost per
    set is the quote."""
    where = f"spread {pair_key(spread)}"
    if not spread.is_opportunity or spread.contracts < 1:
        raise IntentError(f"{where} is not an opportunity: {'; '.join(spread.rejection_reasons) or 'no size'}")
    kalshi = spread.kalshi_tickers or ((spread.kalshi_ticker,) if spread.kalshi_ticker else ())
    if spread.kind is OpportunityKind.CROSS_VENUE:
        if not kalshi or spread.kalshi_side is None or not spread.polymarket_market_id or not spread.polymarket_token:
            raise IntentError(f"cross-venue {where} lacks a leg")
        legs = [Instrument.kalshi(ticker, spread.kalshi_side) for ticker in kalshi]
        legs.append(Instrument.polymarket(spread.polymarket_market_id, spread.polymarket_token))
    elif spread.kind is OpportunityKind.KALSHI_YES_NO:
        if len(kalshi) != 1:
            raise IntentError(f"Kalshi YES+NO {where} needs exactly one ticker")
        legs = [Instrument.kalshi(kalshi[0], "yes"), Instrument.kalshi(kalshi[0], "no")]
    else:
        market = markets.get(spread.polymarket_market_id or "")
        if market is None:
            raise IntentError(f"unknown market: no polymarket market {spread.polymarket_market_id} for {where}")
        legs = [Instrument.polymarket(market.market_id, token) for token in market.token_ids]
    contracts = int(spread.contracts.to_integral_value(rounding=ROUND_FLOOR))
    if max_contracts is not None:
        contracts = min(contracts, max_contracts)
    # Exposure is counted against the Kalshi listing's event and category when there is one.
    anchor = markets.get(kalshi[0]) if kalshi else markets.get(spread.polymarket_market_id or "")
    return ArbitrageIntent(
        opportunity_id=opportunity_id(spread),
        pair_key=pair_key(spread),
        legs=tuple(legs),
        contracts=contracts,
        quoted_cost_per_set=QUOTIENT.divide(spread.cost, spread.contracts),
        decided_at=spread.evaluated_at,
        event_id=anchor.event_id if anchor else None,
        category=anchor.category if anchor else None,
    )


class TradeOutcome(StrEnum):
    COMPLETE = "complete"  # every leg holds the same sets (a value bet: its one leg filled)
    UNWOUND = "unwound"  # a hedge failed and every filled contract was sold back; loss booked
    OPEN_RISK = "open_risk"  # contracts without a hedge could not be sold: held and flagged
    EXITED = "exited"  # a held set sold early, beating holding to resolution
    NOT_TRADED = "not_traded"  # nothing filled: edge gone, book vanished, market closed...


class ResidualKind(StrEnum):
    UNSOLD = "unsold"
    FEE_SHARES = "fee_shares"


@dataclass(frozen=True, slots=True)
class Residual:
    """Contracts of ``instrument`` held beyond the trade's hedged sets, and why.

    ``UNSOLD``: an unwind had to sell them and the book would not take them (no bids, a market
    closed, under the venue's minimum order): open risk, held until sold or resolved.
    ``FEE_SHARES``: a Polymarket buy paid its fee in shares, so that leg holds fewer contracts
    than the others (the others' surplus only pays in an outcome that leg loses), or an unwound
    Polymarket leg keeps a fraction of a share that no whole-contract order can sell."""

    instrument: Instrument
    contracts: Decimal
    kind: ResidualKind
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TradeResult(ExposureGroups):
    """Everything one trade did: its orders and fills, the hedged ``sets`` it holds (a value
    bet: the contracts it holds) out of the ``target`` it wanted, and what it holds beyond them.
    The outcome is checked against the residuals when the result is built: a result can never
    be ``complete`` while it carries unsold contracts, and ``open_risk`` always carries them.
    Keyword-only: thirteen fields, several of one type, are too many to pass by position."""

    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    legs: tuple[Instrument, ...]
    outcome: TradeOutcome
    sets: Decimal
    target: int
    orders: tuple[Order, ...]
    fills: tuple[Fill, ...]
    residuals: tuple[Residual, ...] = ()
    reasons: tuple[str, ...] = ()
    quoted_cost_per_set: Decimal | None = None
    entry_cost_per_set: Decimal | None = None

    def __post_init__(self) -> None:
        unsold = any(r.kind is ResidualKind.UNSOLD for r in self.residuals)
        if unsold != (self.outcome is TradeOutcome.OPEN_RISK):
            state = "unsold contracts" if unsold else "no unsold contracts"
            raise ValueError(f"trade {self.opportunity_id}: outcome {self.outcome} with {state}")
        if (self.outcome is TradeOutcome.NOT_TRADED) == bool(self.fills):
            raise ValueError(f"trade {self.opportunity_id}: outcome {self.outcome} with {len(self.fills)} fills")

    @property
    def open_risk(self) -> tuple[Residual, ...]:
        return tuple(r for r in self.residuals if r.kind is ResidualKind.UNSOLD)

    @property
    def slippage_per_set(self) -> Decimal | None:
        """What a set cost at fill time minus what it cost when found (positive: worse)."""
        if self.entry_cost_per_set is None or self.quoted_cost_per_set is None:
            return None
        return QUOTIENT.subtract(self.entry_cost_per_set, self.quoted_cost_per_set)

    def book(self) -> PositionBook:
        """The positions this trade's confirmed fills hold."""
        return PositionBook.replay(self.fills)

    @property
    def realized_pnl(self) -> Decimal:
        """PnL realized inside the trade: what unwinds and exits sold, against what it cost."""
        with localcontext(EXACT):
            return sum((event.amount for event in self.book().realized), ZERO)

    def capital_by_venue(self) -> dict[Venue, Decimal]:
        """Dollars still tied up per venue: the cost basis of what the trade holds. A fill the
        venue matched but has not confirmed counts here (the money is committed from the match),
        though it is not a position yet."""
        committed = [replace(f, status=OrderStatus.CONFIRMED) if f.status is OrderStatus.MATCHED else f
                     for f in self.fills]
        capital: dict[Venue, Decimal] = {}
        with localcontext(EXACT):
            for position in PositionBook.replay(committed).open_positions():
                capital[position.venue] = capital.get(position.venue, ZERO) + position.cost_basis
        return capital

    @property
    def volume(self) -> Decimal:
        """Dollars traded: the notional of every fill, entries and unwinds alike."""
        with localcontext(EXACT):
            return sum((fill.notional for fill in self.fills), ZERO)


@dataclass(slots=True)
class TradeRecorder:
    """The orders and fills of one trade as it is built, with their deterministic ids."""

    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    event_id: str | None
    category: str | None
    config: ExecutionConfig
    orders: list[Order] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def refuse(self, purpose: OrderPurpose, leg: int, instrument: Instrument, side: Side, contracts: int,
               at: datetime, reason: str) -> None:
        """An order that cannot be placed (its market or book cannot trade now): rejected."""
        order = Order(order_id(self.opportunity_id, purpose, leg), self.opportunity_id, self.signal_kind,
                      self.pair_key, leg, purpose, instrument, side, Decimal(contracts), None, at)
        self.orders.append(order.advanced(OrderStatus.REJECTED, reason=reason))
        self.reasons.append(reason)

    def send(self, purpose: OrderPurpose, leg: int, quote: LegQuote, side: Side, contracts: int, at: datetime,
             walk: Walk) -> Decimal:
        """One immediate-or-cancel order and its fills, one fill per level the walk took; the
        contracts filled. A buy's limit is the worst price it took; a sale takes any bid."""
        instrument = quote.instrument
        oid = order_id(self.opportunity_id, purpose, leg)
        limit = walk.levels[-1].price if side is Side.BUY and walk.levels else None
        order = Order(oid, self.opportunity_id, self.signal_kind, self.pair_key, leg, purpose, instrument, side,
                      Decimal(contracts), limit, at)
        if not walk.contracts:
            reason = walk.short_reason or "nothing filled"
            status = OrderStatus.REJECTED if walk.below_minimum else OrderStatus.CANCELLED
            self.orders.append(order.advanced(status, reason=reason))
            self.reasons.append(reason)
            return ZERO
        pending = instrument.venue is Venue.POLYMARKET and not self.config.confirm_polymarket
        status = OrderStatus.MATCHED if pending else OrderStatus.CONFIRMED
        for sequence, level in enumerate(walk.levels, start=1):
            self.fills.append(self._fill(fill_id(oid, sequence), oid, instrument, side, level, quote.fee, status,
                                         at, purpose))
        self.orders.append(order.advanced(status, filled=Decimal(walk.contracts), reason=walk.short_reason))
        if walk.short_reason:
            self.reasons.append(walk.short_reason)
        return Decimal(walk.contracts)

    def _fill(self, fid: str, oid: str, instrument: Instrument, side: Side, level: PriceLevel, fee: FeeSchedule,
              status: OrderStatus, at: datetime, purpose: OrderPurpose) -> Fill:
        charged = fee.taker_fee(level.size, level.price)
        shares = ZERO
        if instrument.venue is Venue.POLYMARKET and side is Side.BUY:
            shares = polymarket_fee_shares(charged, level.price)
        return Fill(fid, oid, self.opportunity_id, self.signal_kind, self.pair_key, instrument, side, level.price,
                    level.size, charged, shares, status, at, purpose, event_id=self.event_id, category=self.category)

    def result(self, outcome: TradeOutcome, sets: Decimal, target: int, legs: tuple[Instrument, ...], *,
               residuals: Sequence[Residual] = (), quoted: Decimal | None = None,
               entry_cost: Decimal | None = None, extra_reasons: Sequence[str] = ()) -> TradeResult:
        return TradeResult(
            opportunity_id=self.opportunity_id, signal_kind=self.signal_kind, pair_key=self.pair_key, legs=legs,
            outcome=outcome, sets=sets, target=target, orders=tuple(self.orders), fills=tuple(self.fills),
            residuals=tuple(residuals), reasons=(*self.reasons, *extra_reasons), quoted_cost_per_set=quoted,
            entry_cost_per_set=entry_cost, event_id=self.event_id, category=self.category,
        )


def holdings(fills: Sequence[Fill], instrument: Instrument) -> tuple[Decimal, Decimal]:
    """(contracts held net of fees taken in shares, contracts bought minus sold) of one leg,
    counting every fill the venue has not rejected."""
    held = gross = ZERO
    with localcontext(EXACT):
        for fill in fills:
            if fill.instrument == instrument and fill.status is not OrderStatus.REJECTED:
                held += fill.position_delta
                gross += fill.contracts if fill.side is Side.BUY else -fill.contracts
    return held, gross


def cost_per_contract(fills: Sequence[Fill], instrument: Instrument) -> Decimal:
    """What a contract of this leg cost, fees included (a fee taken in shares at its dollar
    value), averaged over the contracts bought."""
    with localcontext(EXACT):
        bought = [f for f in fills if f.instrument == instrument and f.side is Side.BUY]
        paid = sum((f.notional + f.fee for f in bought), ZERO)
        contracts = sum((f.contracts for f in bought), ZERO)
    return QUOTIENT.divide(paid, contracts)


def leg_order(legs: Sequence[Leg], planned: Sequence[Sequence[PriceLevel]], sets: int) -> list[int]:
    """Which leg goes first: the one with the least spare depth at its planned prices (contracts
    visible at or under its worst planned price, minus the sets planned). It is the leg most
    likely to be gone when its order lands, and sent first its failure costs nothing to unwind.
    Ties keep the opportunity's order."""
    spare = []
    with localcontext(EXACT):
        for leg, levels in zip(legs, planned):
            worst = levels[-1].price
            spare.append(sum((level.size for level in leg.asks if level.price <= worst), ZERO) - sets)
    return sorted(range(len(legs)), key=spare.__getitem__)


def hedge_budget(spent: Sequence[Decimal], planned_later: Sequence[Decimal]) -> Decimal:
    """The most a contract of the next leg may cost, fees included, for the set to stay
    profitable: $1 less what each filled leg cost a contract and what each leg still to come
    was planned to cost. The per-contract fee is taken before the per-fill rounding, which can
    move a whole set by at most one rounding unit per level taken."""
    with localcontext(EXACT):
        return ONE - sum(spent, ZERO) - sum(planned_later, ZERO)


def execute_arbitrage(
    intent: ArbitrageIntent,
    markets: Mapping[str, Market],
    entry: MarketState,
    config: ExecutionConfig | None = None,
    *,
    hedge: MarketState | None = None,
    unwind: MarketState | None = None,
) -> TradeResult:
    """Paper-trade an arbitrage.

    1. Plan on the ``entry`` books: the walker's most profitable size, at most the intent's;
       nothing is sent when no size is profitable or the edge is under ``config.min_edge``.
    2. The first leg (:func:`leg_order`) fills its planned levels on the ``entry`` books.
    3. Each later leg fills on the ``hedge`` books (default: the entry books), at most the
       contracts every earlier leg holds, only at prices within :func:`hedge_budget`.
    4. Whatever some leg holds beyond what every leg holds is sold back on the ``unwind``
       books (default: the hedge books)."""
    config = config or ExecutionConfig()
    hedge = hedge or entry
    unwind = unwind or hedge
    trade = TradeRecorder(intent.opportunity_id, SignalKind.ARBITRAGE, intent.pair_key, intent.event_id,
                          intent.category, config)
    quoted = intent.quoted_cost_per_set

    def not_traded(reasons: Sequence[str]) -> TradeResult:
        return trade.result(TradeOutcome.NOT_TRADED, ZERO, intent.contracts, intent.legs, quoted=quoted,
                            extra_reasons=reasons)

    quotes = [quote_leg(leg, markets, entry, config.books) for leg in intent.legs]
    problems = [quote for quote in quotes if isinstance(quote, str)]
    if problems:
        return not_traded(problems)
    resolved = [quote for quote in quotes if isinstance(quote, LegQuote)]
    walker_legs = [quote.leg for quote in resolved]
    try:
        plan = fill_sets(walker_legs, max_sets=intent.contracts)
    except ArithmeticError as exc:
        return not_traded([f"cannot price exactly at fill time ({type(exc).__name__})"])
    if not plan.sets:
        return not_traded(["edge gone at fill time: no size is profitable after fees on the current books"])
    if plan.edge_per_contract < config.min_edge:
        return not_traded([f"edge {show(plan.edge_per_contract)} a set at fill time is under the minimum "
                           f"{show(config.min_edge)}"])
    if plan.sets < intent.contracts:
        trade.reasons.append(f"depth shrank: {plan.sets} of {intent.contracts} sets still profitable at fill time")
    order = leg_order(walker_legs, [leg_fill.fills for leg_fill in plan.legs], plan.sets)
    planned_cost = [QUOTIENT.divide(leg_fill.cost, Decimal(plan.sets)) for leg_fill in plan.legs]

    first = order[0]
    matched = trade.send(OrderPurpose.ENTRY, first, resolved[first], Side.BUY, plan.sets, entry.at,
                         Walk(plan.sets, plan.legs[first].fills))
    done = [first]
    for index in order[1:]:
        if not matched:
            break
        instrument = intent.legs[index]
        wanted = int(matched)
        budget = hedge_budget([cost_per_contract(trade.fills, intent.legs[i]) for i in done],
                              [planned_cost[i] for i in order if i not in done and i != index])
        done.append(index)
        quote = quote_leg(instrument, markets, hedge, config.books)
        if isinstance(quote, str):
            trade.refuse(OrderPurpose.ENTRY, index, instrument, Side.BUY, wanted, hedge.at,
                         f"hedge leg {instrument.key}: {quote}")
            matched = ZERO
            continue
        walk = buy_walk(quote, wanted, budget)
        matched = trade.send(OrderPurpose.ENTRY, index, quote, Side.BUY, wanted, hedge.at, walk)
        if not matched:
            trade.reasons.append(f"hedge leg {instrument.key} cannot fill at a profit: a contract must cost at most "
                                 f"{show(budget)} with fees for the set to stay under $1")
    return _unwind_and_close(trade, intent.legs, intent.contracts, quoted, markets, unwind)


def _unwind_and_close(trade: TradeRecorder, legs: tuple[Instrument, ...], target: int, quoted: Decimal,
                      markets: Mapping[str, Market], unwind: MarketState) -> TradeResult:
    """Sell back every contract some leg bought beyond what every leg bought, then say what the
    trade holds: hedged sets, and each leg's surplus as open risk or a fee-in-shares residual."""
    hedged = min(holdings(trade.fills, leg)[1] for leg in legs)
    failed: dict[Instrument, str] = {}
    for index, leg in enumerate(legs):
        held, gross = holdings(trade.fills, leg)
        wanted = whole_contracts(min(gross - hedged, held))
        if wanted < 1:
            continue
        quote = quote_leg(leg, markets, unwind, trade.config.books)
        if isinstance(quote, str):
            why = f"unwind {leg.key}: {quote}"
            trade.refuse(OrderPurpose.UNWIND, index, leg, Side.SELL, wanted, unwind.at, why)
            failed[leg] = why
            continue
        walk = sell_walk(quote, wanted)
        if trade.send(OrderPurpose.UNWIND, index, quote, Side.SELL, wanted, unwind.at, walk) < wanted:
            failed[leg] = walk.short_reason or f"unwind {leg.key}: nothing sold"
    net = {leg: holdings(trade.fills, leg)[0] for leg in legs}
    sets = min(net.values())
    residuals = []
    with localcontext(EXACT):
        for leg, held in net.items():
            surplus = held - sets
            if surplus <= 0:
                continue
            if leg in failed:
                residuals.append(Residual(leg, surplus, ResidualKind.UNSOLD,
                                          f"{surplus} {leg.key} have no hedge and could not be sold: {failed[leg]}"))
            else:
                residuals.append(Residual(leg, surplus, ResidualKind.FEE_SHARES,
                                          f"{surplus} {leg.key} beyond the hedged sets, left by fees taken in shares"))
    if any(residual.kind is ResidualKind.UNSOLD for residual in residuals):
        outcome = TradeOutcome.OPEN_RISK
    elif hedged > 0:
        outcome = TradeOutcome.COMPLETE
    else:
        outcome = TradeOutcome.UNWOUND
    entries = [fill for fill in trade.fills if fill.purpose is OrderPurpose.ENTRY]
    entry_cost = None
    if hedged > 0:
        with localcontext(QUOTIENT):
            entry_cost = sum((cost_per_contract(entries, leg) for leg in legs), ZERO)
    return trade.result(outcome, sets if hedged > 0 else ZERO, target, legs, residuals=residuals, quoted=quoted,
                        entry_cost=entry_cost)


def execute_value_bet(intent: ValueIntent, markets: Mapping[str, Market], entry: MarketState,
                      config: ExecutionConfig | None = None) -> TradeResult:
    """Paper-trade a sportsbook value bet: buy the Kalshi side on the ``entry`` books, only at
    levels whose price plus fee leaves at least ``min_edge`` under the fair probability. One leg
    by design (the bet is the risk), so a fill completes it."""
    config = config or ExecutionConfig()
    trade = TradeRecorder(intent.opportunity_id, SignalKind.SPORTSBOOK_VALUE, intent.pair_key, intent.event_id,
                          intent.category, config)
    legs = (intent.instrument,)
    quoted = intent.quoted_cost_per_contract
    quote = quote_leg(intent.instrument, markets, entry, config.books)
    if isinstance(quote, str):
        return trade.result(TradeOutcome.NOT_TRADED, ZERO, intent.contracts, legs, quoted=quoted,
                            extra_reasons=[quote])
    with localcontext(EXACT):
        budget = intent.fair_probability - intent.min_edge
    walk = buy_walk(quote, intent.contracts, budget)
    if not trade.send(OrderPurpose.ENTRY, 0, quote, Side.BUY, intent.contracts, entry.at, walk):
        return trade.result(TradeOutcome.NOT_TRADED, ZERO, intent.contracts, legs, quoted=quoted)
    held, _ = holdings(trade.fills, intent.instrument)
    return trade.result(TradeOutcome.COMPLETE, held, intent.contracts, legs, quoted=quoted,
                        entry_cost=cost_per_contract(trade.fills, intent.instrument))
