"""Venue fees, charged exactly as the venues charge them: per fill, in exact Decimal arithmetic.

Kalshi (docs/venues.md#kalshi-fees): taker ``ceil_to_cent(m × 0.07 × C × P × (1 − P))`` per fill,
``m`` the series ``fee_multiplier``; maker ``ceil_to_cent(m × 0.0175 × C × P × (1 − P))`` only on
``quadratic_with_maker_fees`` series. Polymarket (docs/venues.md#polymarket-fees): taker
``C × rate × (P × (1 − P)) ** exponent`` only where ``feesEnabled``; makers pay nothing.

A market's fee schedule (:class:`KalshiFeeSchedule`, :class:`PolymarketFeeSchedule`) carries its
own behaviour: the venue that charges it, the taker fee per contract and per fill, the unit one
fill's fee is rounded up to, its stored form and a description for people. Code that prices,
stores or shows a fee asks the schedule, never its type; the formulas live here and only here.

Every screening figure here errs towards cost, never towards profit: a fee is rounded up, never
to nearest, so an opportunity the scan reports is never one that fees quietly turn into a loss.
"""

from __future__ import annotations

from collections.abc import Mapping
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from typing import Any, ClassVar, Self

from arb_pipeline.domain.venue import Venue

ONE = Decimal(1)
ZERO = Decimal(0)
CENT = Decimal("0.01")
#: The unit a Polymarket fill's fee is rounded UP to. Public descriptions of the venue's rounding
#: disagree (5 decimals floored or rounded, 4 decimals): a fee rounded up to $0.0001 is never
#: below any of them, and overstates by less than a hundredth of a cent a fill.
POLYMARKET_FEE_UNIT = Decimal("0.0001")
KALSHI_TAKER_RATE = Decimal("0.07")
KALSHI_MAKER_RATE = Decimal("0.0175")
KALSHI_FEE_TYPES = frozenset({"quadratic", "quadratic_with_maker_fees", "flat"})
#: p × (1 − p) peaks at p = 0.50.
PEAK_PRICE_VARIANCE = Decimal("0.25")

#: Money arithmetic: exact, or an error. Sums and products of venue prices and sizes need far
#: fewer than 80 digits; should a payload ever need more, raising beats silently rounding a price.
EXACT = Context(prec=80, traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])
#: Quotients (average prices, edge per contract, APY) cannot always be exact (1/3); they are
#: derived figures rounded to 28 significant digits, never fed back into money sums.
QUOTIENT = Context(prec=28, traps=[InvalidOperation, DivisionByZero, Overflow])
_ROUNDING = Context(prec=80, traps=[InvalidOperation, DivisionByZero, Overflow])
# libmpdec's power() with a non-integer exponent is "almost always correctly rounded" (Python
# decimal docs), i.e. within one unit in the last place: 40 digits rounded up plus one more unit
# is a true upper bound.
_POWER_UPPER = Context(prec=40, rounding=ROUND_CEILING, traps=[InvalidOperation, DivisionByZero, Overflow])


#: The finest amount a person is shown: a micro-dollar, the finest unit either venue holds.
_SHOWN = Decimal("0.000001")


def show(amount: Decimal) -> str:
    """An amount as a person reads it: no exponent, no trailing zeros (0.033000 -> 0.033), and no
    quotient's tail (an average price or an edge per contract, 1/7 of a fee, is shown to the
    micro-dollar rather than to 28 digits)."""
    return format(amount.quantize(_SHOWN, rounding=ROUND_HALF_EVEN, context=QUOTIENT).normalize(QUOTIENT), "f")


def ceil_to(amount: Decimal, unit: Decimal) -> Decimal:
    """``amount`` rounded up to a whole multiple of ``unit`` (a power of ten such as 0.01)."""
    return amount.quantize(unit, rounding=ROUND_CEILING, context=_ROUNDING)


def ceil_to_cent(amount: Decimal) -> Decimal:
    return ceil_to(amount, CENT)


def _check_price(price: Decimal) -> None:
    if not ZERO <= price <= ONE:
        raise ValueError(f"price {price} is outside [0, 1] dollars per contract")


def _check_contracts(contracts: Decimal) -> None:
    if contracts < 0:
        raise ValueError(f"negative contract count {contracts}")


def _check_kalshi_schedule(schedule: KalshiFeeSchedule) -> None:
    if schedule.fee_type not in KALSHI_FEE_TYPES:
        raise ValueError(
            f"unknown Kalshi series fee_type {schedule.fee_type!r} (known: {', '.join(sorted(KALSHI_FEE_TYPES))})"
        )
    if schedule.multiplier < 0:
        raise ValueError(f"negative Kalshi fee_multiplier {schedule.multiplier}")


def _kalshi_taker_rate(price: Decimal, schedule: KalshiFeeSchedule) -> Decimal:
    _check_price(price)
    _check_kalshi_schedule(schedule)
    if schedule.fee_type == "flat":
        # Kalshi's OpenAPI spec lists `flat` as a Series fee_type but no Kalshi page gives its formula.
        # Read as "price-independent", the one charge that is never below the quadratic at any
        # price is the quadratic's peak (P = 0.50): m × 0.07 × 0.25 per contract, cent-ceiled per
        # fill like every Kalshi fee. Overstating a fee loses a marginal opportunity;
        # understating it would report a loss as profit.
        return schedule.multiplier * KALSHI_TAKER_RATE * PEAK_PRICE_VARIANCE
    return schedule.multiplier * KALSHI_TAKER_RATE * price * (ONE - price)


def kalshi_taker_fee_rate(price: Decimal, schedule: KalshiFeeSchedule) -> Decimal:
    """Kalshi's taker fee per contract at ``price``, before the per-fill cent ceiling."""
    return schedule.taker_fee_rate(price)


def kalshi_taker_fee(contracts: Decimal, price: Decimal, schedule: KalshiFeeSchedule) -> Decimal:
    """Fee of ONE fill of ``contracts`` at ``price``: ceil_to_cent(m × 0.07 × C × P × (1 − P)).
    One contract at 0.50 costs $0.02; ten cost $0.175, charged $0.18 (docs/venues.md#kalshi-fees)."""
    return schedule.taker_fee(contracts, price)


def kalshi_maker_fee(contracts: Decimal, price: Decimal, schedule: KalshiFeeSchedule) -> Decimal:
    """Fee of ONE resting-order fill: ceil_to_cent(m × 0.0175 × C × P × (1 − P)) on
    ``quadratic_with_maker_fees`` series; every other series charges makers nothing
    (the OpenAPI Series.fee_type, docs/venues.md#kalshi-fees)."""
    with localcontext(EXACT):
        _check_contracts(contracts)
        _check_price(price)
        _check_kalshi_schedule(schedule)
        if schedule.fee_type != "quadratic_with_maker_fees":
            return ZERO
        return ceil_to_cent(schedule.multiplier * KALSHI_MAKER_RATE * contracts * price * (ONE - price))


def _variance_power(variance: Decimal, exponent: Decimal) -> Decimal:
    """(P × (1 − P)) ** exponent: exact for whole exponents and exact roots, else a guaranteed
    upper bound."""
    if exponent == ZERO:
        # A flat rate per contract; spelled out because Decimal refuses 0 ** 0 at P = 0 or 1.
        return ONE
    if variance == ZERO:
        return ZERO
    if exponent == exponent.to_integral_value():
        try:
            return variance ** int(exponent)
        except Inexact:
            # More digits than EXACT holds (a large whole exponent on a many-digit price):
            # bound it from above rather than round to nearest.
            pass
    bound = _POWER_UPPER.power(variance, exponent)
    if _reproduces(bound, variance, exponent):
        return bound
    return _POWER_UPPER.next_plus(bound)


def _reproduces(value: Decimal, base: Decimal, exponent: Decimal) -> bool:
    """Whether ``value`` is exactly ``base ** exponent`` (0.25 ** 0.5 = 0.5), checked with whole
    powers only: value ** q == base ** p for exponent = p / q."""
    ratio = Fraction(exponent)
    try:
        return value.normalize() ** ratio.denominator == base**ratio.numerator
    except Inexact:
        return False


def _polymarket_taker_rate(price: Decimal, schedule: PolymarketFeeSchedule) -> Decimal:
    _check_price(price)
    if not schedule.enabled:
        # Only markets with feesEnabled charge (docs.polymarket.com/trading/fees.md).
        return ZERO
    if schedule.rate < 0:
        raise ValueError(f"negative Polymarket fee rate {schedule.rate}")
    if schedule.exponent < 0:
        raise ValueError(f"negative Polymarket fee exponent {schedule.exponent}")
    return schedule.rate * _variance_power(price * (ONE - price), schedule.exponent)


def polymarket_taker_fee_rate(price: Decimal, schedule: PolymarketFeeSchedule) -> Decimal:
    """Polymarket's taker fee per contract at ``price`` before rounding: rate × (P(1 − P)) **
    exponent; zero unless the market has feesEnabled. Non-whole exponents are rounded up."""
    return schedule.taker_fee_rate(price)


def polymarket_taker_fee(contracts: Decimal, price: Decimal, schedule: PolymarketFeeSchedule) -> Decimal:
    """Fee of ONE fill: C × rate × (P × (1 − P)) ** exponent, rounded UP to $0.0001.

    Third-party clients and simulators describe the venue's charge as rounded to 5 decimals
    (floored by NautilusTrader's compute_commission, rounded by others) and one version of the
    venue's fee page as rounded to 4 (docs/venues.md#polymarket-fees). Rounding UP to 4 decimals
    is never below the exact fee nor below any of those readings: a screening figure may
    overstate a cost, never understate it."""
    return schedule.taker_fee(contracts, price)


class _Schedule(ABC):
    """What every venue's schedule does alike. A taker fill of C contracts at P costs
    ``ceil_to(C × rate(P), fee_unit)``, in exact arithmetic: the per-contract rate is the venue's
    formula, the rounding unit its own. ``STORED_AS`` names the field (a warehouse column) each
    of the schedule's own fields is stored under; the first is set on every stored schedule."""

    __slots__ = ()
    venue: ClassVar[Venue]
    fee_unit: ClassVar[Decimal]
    STORED_AS: ClassVar[Mapping[str, str]]

    @abstractmethod
    def per_contract(self, price: Decimal) -> Decimal:
        """The taker fee per contract at ``price`` before the per-fill rounding: the venue's
        formula, for a caller already inside ``localcontext(EXACT)`` (the book walker prices every
        level of a scan inside one; entering a context per level cost it a noticeable share).
        Anywhere else, use :meth:`taker_fee_rate`."""

    def taker_fee_rate(self, price: Decimal) -> Decimal:
        """The taker fee per contract at ``price``, before the per-fill rounding."""
        with localcontext(EXACT):
            return self.per_contract(price)

    def taker_fee(self, contracts: Decimal, price: Decimal) -> Decimal:
        """The fee of ONE taker fill of ``contracts`` at ``price``, rounded UP to ``fee_unit``
        (per fill: two fills of five can cost more than one of ten)."""
        with localcontext(EXACT):
            _check_contracts(contracts)
            return ceil_to(contracts * self.per_contract(price), self.fee_unit)

    def stored(self) -> dict[str, Any]:
        return {name: getattr(self, attribute) for attribute, name in self.STORED_AS.items()}

    @classmethod
    def from_stored(cls, fields: Mapping[str, Any]) -> Self | None:
        """The schedule :meth:`stored` wrote into ``fields``, or None when ``fields`` holds none
        of this kind."""
        values = {attribute: fields.get(name) for attribute, name in cls.STORED_AS.items()}
        if next(iter(values.values())) is None:
            return None
        missing = [cls.STORED_AS[attribute] for attribute, value in values.items() if value is None]
        if missing:
            first = next(iter(cls.STORED_AS.values()))
            raise ValueError(f"stored {cls.venue} fee schedule has {first} but no {', '.join(missing)}")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class KalshiFeeSchedule(_Schedule):
    """What every market of a Kalshi series pays, from ``GET /series`` (docs/venues.md#kalshi-series):
    ``fee_type`` (quadratic, quadratic_with_maker_fees or flat) and the ``fee_multiplier`` m."""

    fee_type: str = "quadratic"
    multiplier: Decimal = ONE

    venue: ClassVar[Venue] = Venue.KALSHI
    #: One fill's fee is rounded up to the cent.
    fee_unit: ClassVar[Decimal] = CENT
    STORED_AS: ClassVar[Mapping[str, str]] = {"fee_type": "fee_type", "multiplier": "fee_multiplier"}

    def per_contract(self, price: Decimal) -> Decimal:
        return _kalshi_taker_rate(price, self)

    @property
    def charges_taker_fees(self) -> bool:
        return self.multiplier > 0

    def describe(self) -> str:
        return f"Kalshi {self.fee_type}, multiplier {self.multiplier}"


@dataclass(frozen=True, slots=True)
class PolymarketFeeSchedule(_Schedule):
    """A Polymarket market's Gamma ``feesEnabled`` and ``feeSchedule`` (docs/venues.md#polymarket-fees):
    takers pay ``C × rate × (p × (1 − p)) ** exponent`` only when enabled."""

    enabled: bool = False
    rate: Decimal = ZERO
    exponent: Decimal = ONE
    taker_only: bool = True
    rebate_rate: Decimal = ZERO

    venue: ClassVar[Venue] = Venue.POLYMARKET
    #: One fill's fee is rounded up to $0.0001 (:data:`POLYMARKET_FEE_UNIT`).
    fee_unit: ClassVar[Decimal] = POLYMARKET_FEE_UNIT
    STORED_AS: ClassVar[Mapping[str, str]] = {
        "enabled": "fees_enabled", "rate": "fee_rate", "exponent": "fee_exponent",
        "taker_only": "fee_taker_only", "rebate_rate": "fee_rebate_rate",
    }  # fmt: skip

    def per_contract(self, price: Decimal) -> Decimal:
        return _polymarket_taker_rate(price, self)

    @property
    def charges_taker_fees(self) -> bool:
        return self.enabled and self.rate > 0

    def describe(self) -> str:
        if not self.enabled:
            return "Polymarket, no fees"
        return f"Polymarket taker rate {self.rate}, exponent {self.exponent}"


#: A market's fee schedule, whichever venue lists the market.
FeeSchedule = KalshiFeeSchedule | PolymarketFeeSchedule
FEE_SCHEDULE_TYPES: tuple[type[KalshiFeeSchedule], type[PolymarketFeeSchedule]] = (
    KalshiFeeSchedule,
    PolymarketFeeSchedule,
)
#: Every field of every schedule's stored form: a stored schedule sets its own, the others are None.
STORED_FEE_FIELDS: tuple[str, ...] = tuple(name for kind in FEE_SCHEDULE_TYPES for name in kind.STORED_AS.values())


def fee_schedule_from_stored(fields: Mapping[str, Any]) -> FeeSchedule | None:
    """The inverse of ``schedule.stored()``: the schedule whose fields are set in ``fields``, or
    None when none is (a market stored without a schedule). Fields of two venues' schedules at
    once cannot come from ``stored()`` and are refused."""
    found = [schedule for kind in FEE_SCHEDULE_TYPES if (schedule := kind.from_stored(fields)) is not None]
    if len(found) > 1:
        raise ValueError(f"stored fee fields hold both a {found[0].venue} and a {found[1].venue} fee schedule")
    return found[0] if found else None
