"""Early exit: a held set is kept to resolution by default, and sold now only when selling every
leg into the bids, after fees, beats holding by a configured margin (Arbytron's early-exit rule:
exit value − hold value ≥ margin).

Holding a hedged set pays $1 a set at resolution, with nothing deducted (neither venue charges to
settle), whatever the outcome. Selling early only pays when the bids of the legs together, after
the taker fees of the sales, come to more than that: money now instead of money at resolution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ZERO, Market
from arb_pipeline.domain.trading.execution import (
    ExecutionConfig,
    Residual,
    ResidualKind,
    TradeOutcome,
    TradeRecorder,
    TradeResult,
)
from arb_pipeline.domain.trading.legs import LegQuote, MarketState, Walk, quote_leg, sell_walk, whole_contracts
from arb_pipeline.domain.trading.positions import Position
from arb_pipeline.domain.trading.records import OrderPurpose, Side, exit_id


@dataclass(frozen=True, slots=True)
class ExitQuote:
    """Selling a held set now against holding it to resolution.

    ``exit_value``: dollars received selling every whole contract of every leg into the current
    bids, after each sale's fee. ``hold_value``: what resolution pays for sure, $1 a hedged set
    (the fewest contracts any leg holds). ``sellable`` is False when some leg cannot be sold in
    full: exiting would then leave part of the set unhedged, so the set is held."""

    pair_key: str
    exit_value: Decimal
    hold_value: Decimal
    sellable: bool
    reasons: tuple[str, ...]

    @property
    def gain(self) -> Decimal:
        with localcontext(EXACT):
            return self.exit_value - self.hold_value

    def beats_holding(self, margin: Decimal) -> bool:
        """The early-exit rule: exit when exit value − hold value ≥ margin."""
        return self.sellable and self.gain >= margin


def _check_set(legs: Sequence[Position]) -> None:
    if not legs:
        raise ValueError("an exit needs the legs of a held set")
    if len({(leg.signal_kind, leg.pair_key) for leg in legs}) != 1:
        raise ValueError("an exit sells the legs of one pair, not of several")
    if len({leg.instrument for leg in legs}) != len(legs):
        raise ValueError("an exit takes each leg once")
    empty = [leg.instrument.key for leg in legs if not leg.is_open]
    if empty:
        raise ValueError(f"an exit needs held legs; nothing is held of {', '.join(empty)}")


def _walks(legs: Sequence[Position], markets: Mapping[str, Market], state: MarketState,
           config: ExecutionConfig) -> list[tuple[Position, LegQuote | str, Walk | None]]:
    walks: list[tuple[Position, LegQuote | str, Walk | None]] = []
    for leg in legs:
        quote = quote_leg(leg.instrument, markets, state, config.books)
        walk = sell_walk(quote, whole_contracts(leg.contracts)) if isinstance(quote, LegQuote) else None
        walks.append((leg, quote, walk))
    return walks


def quote_exit(legs: Sequence[Position], markets: Mapping[str, Market], state: MarketState,
               config: ExecutionConfig | None = None) -> ExitQuote:
    """What selling the legs of one held set (one direction of one pair) would fetch on the
    ``state`` books, against holding it to resolution."""
    config = config or ExecutionConfig()
    _check_set(legs)
    reasons: list[str] = []
    sellable = True
    with localcontext(EXACT):
        exit_value = ZERO
        for leg, quote, walk in _walks(legs, markets, state, config):
            if isinstance(quote, str) or walk is None:
                sellable = False
                reasons.append(f"sell {leg.instrument.key}: {quote}")
                continue
            if walk.contracts < whole_contracts(leg.contracts):
                sellable = False
                reasons.append(walk.short_reason or f"sell {leg.instrument.key}: not enough bids")
            for level in walk.levels:
                exit_value += level.size * level.price - quote.fee.taker_fee(level.size, level.price)
        hold_value = min(leg.contracts for leg in legs)
    return ExitQuote(legs[0].pair_key, exit_value, hold_value, sellable, tuple(reasons))


def execute_exit(legs: Sequence[Position], markets: Mapping[str, Market], state: MarketState, margin: Decimal,
                 config: ExecutionConfig | None = None) -> TradeResult | ExitQuote:
    """Sell a held set at ``state`` when the early-exit rule says so (a trade under the id
    :func:`~arb_pipeline.domain.trading.records.exit_id` gives it); otherwise the quote that
    said hold. A fraction of a contract no order can sell stays to resolution, recorded."""
    config = config or ExecutionConfig()
    quote = quote_exit(legs, markets, state, config)
    if not quote.beats_holding(margin):
        return quote
    first = legs[0]
    trade = TradeRecorder(exit_id(first.pair_key, state.at), first.signal_kind, first.pair_key, first.event_id,
                          first.category, config)
    residuals = []
    for index, (leg, leg_quote, walk) in enumerate(_walks(legs, markets, state, config)):
        if not isinstance(leg_quote, LegQuote) or walk is None:
            raise ValueError(f"sell {leg.instrument.key}: quoted sellable, then not: {leg_quote}")
        sold = trade.send(OrderPurpose.EXIT, index, leg_quote, Side.SELL, whole_contracts(leg.contracts), state.at,
                          walk)
        with localcontext(EXACT):
            left = leg.contracts - sold
        if left > 0:
            residuals.append(Residual(leg.instrument, left, ResidualKind.FEE_SHARES,
                                      f"{left} {leg.instrument.key}, under one contract, stay to resolution"))
    return trade.result(TradeOutcome.EXITED, ZERO, whole_contracts(quote.hold_value),
                        tuple(leg.instrument for leg in legs), residuals=residuals,
                        extra_reasons=[f"early exit: {quote.exit_value} now against {quote.hold_value} at resolution"])
