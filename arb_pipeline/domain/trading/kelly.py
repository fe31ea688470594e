"""Fractional Kelly sizing for a binary contract.

A contract costs ``c`` dollars (its price plus the fee per contract) and pays $1 with
probability ``q`` (the fair probability, e.g. a de-vigged sportsbook consensus). Staking a
fraction f of the bankroll on it grows the bankroll by (1 + f·(1 − c)/c) with probability q and
shrinks it by (1 − f) otherwise; maximizing the expected log growth gives the Kelly fraction

    f* = (q − c) / (1 − c)       (zero when q ≤ c: no edge, no bet)

Full Kelly assumes q is exact. It is an estimate here, and over-betting an overestimated edge
loses money fast while under-betting only grows slower, so a profile stakes a fraction of it
(the profile's ``kelly_multiplier``). The stake is then capped by the bankroll and by any risk
limit, and turned into whole contracts, rounding down.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext

from arb_pipeline.domain.fees import EXACT, QUOTIENT
from arb_pipeline.domain.models import ONE, ZERO


def kelly_fraction(cost: Decimal, fair_probability: Decimal) -> Decimal:
    """Full-Kelly fraction of the bankroll for a $1 contract costing ``cost`` (fees included)
    that pays with probability ``fair_probability``: (q − c) / (1 − c), or 0 without an edge."""
    if not ZERO < cost < ONE:
        raise ValueError(f"cost {cost} per $1 contract is outside (0, 1)")
    if not ZERO <= fair_probability <= ONE:
        raise ValueError(f"fair probability {fair_probability} is outside [0, 1]")
    if fair_probability <= cost:
        return ZERO
    return QUOTIENT.divide(fair_probability - cost, ONE - cost)


@dataclass(frozen=True, slots=True)
class KellySize:
    """``fraction`` of full Kelly's stake actually taken (after the multiplier); ``stake`` the
    dollars it allows after every cap; ``contracts`` how many whole contracts that buys;
    ``capped_by`` which cap bound the stake (None: Kelly itself)."""

    full_kelly: Decimal
    fraction: Decimal
    stake: Decimal
    contracts: int
    capped_by: str | None


def kelly_contracts(
    cost: Decimal,
    fair_probability: Decimal,
    bankroll: Decimal,
    multiplier: Decimal,
    *,
    max_stake: Decimal | None = None,
    max_contracts: int | None = None,
) -> KellySize:
    """Whole contracts to buy: bankroll × multiplier × full Kelly, capped by ``max_stake``
    (dollars, e.g. the capital-per-trade limit) and ``max_contracts`` (the position-size limit),
    divided by the cost per contract and rounded down."""
    if bankroll < 0:
        raise ValueError(f"negative bankroll {bankroll}")
    if not ZERO < multiplier <= ONE:
        raise ValueError(f"Kelly multiplier {multiplier} is outside (0, 1]")
    full = kelly_fraction(cost, fair_probability)
    with localcontext(EXACT):
        fraction = full * multiplier
    stake = QUOTIENT.multiply(bankroll, fraction)
    capped_by = None
    if max_stake is not None and stake > max_stake:
        stake, capped_by = max_stake, "max_stake"
    contracts = int(QUOTIENT.divide(stake, cost).to_integral_value(rounding=ROUND_FLOOR)) if stake > 0 else 0
    if max_contracts is not None and contracts > max_contracts:
        contracts, capped_by = max_contracts, "max_contracts"
    return KellySize(full, fraction, stake, contracts, capped_by)
