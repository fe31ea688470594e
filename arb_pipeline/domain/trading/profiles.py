"""Trading profiles: how much edge a trade needs, how many sportsbooks must agree before a value
bet, and what fraction of full Kelly a bet stakes (issue 10, "Risk controls").

The app layer reads ``TRADING_PROFILE`` (a profile name) and ``TRADING_BANKROLL`` (dollars) and
hands them here with any per-field overrides; everything is parsed into Decimal without passing
through float, and every error names the field that was wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from arb_pipeline.domain.models import ONE, ZERO

#: The sportsbooks a consensus is taken over (The Odds API keys; Caesars is ``williamhill_us``).
US_BOOKMAKERS = ("draftkings", "fanduel", "betmgm", "williamhill_us")


class ProfileError(ValueError):
    """A profile name, override or bankroll that cannot be used; the message names the field."""


class ProfileName(StrEnum):
    CONSERVATIVE = "conservative"
    STANDARD = "standard"
    AGGRESSIVE = "aggressive"
    VERY_AGGRESSIVE = "very_aggressive"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True, kw_only=True)
class TradingProfile:
    """What one profile acts on.

    ``min_edge``: the smallest edge per contract, in dollars, worth trading: for arbitrage the net
    profit per $1 set after every fee at fill time; for a sportsbook value bet the consensus fair
    probability minus the Kalshi cost per contract (ask plus fee).
    ``consensus_required`` of ``consensus_books``: how many of the configured sportsbooks must each
    imply an edge of at least ``min_edge`` before a value bet is flagged (``consensus_books`` is
    the number of books asked, so a book that does not quote the game counts as not agreeing).
    ``kelly_multiplier``: the fraction of the full Kelly stake a value bet takes (full Kelly is
    the growth-optimal stake for a known probability; a fraction of it trades growth for a much
    smaller drawdown when the probability is an estimate, as a de-vigged consensus is).
    ``overrides`` names the fields set by hand on top of the named profile. Keyword-only: two
    counts and two Decimals in a row are easy to swap by position."""

    name: ProfileName
    min_edge: Decimal
    consensus_required: int
    consensus_books: int
    kelly_multiplier: Decimal
    overrides: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_profile(self)

    @property
    def consensus(self) -> str:
        return f"{self.consensus_required}/{self.consensus_books}"


def check_profile(profile: TradingProfile) -> None:
    """Refuse a profile that cannot be traded: an edge outside (0, 1) dollars, a consensus that
    asks for more books than it polls, or a Kelly fraction outside (0, 1] (above 1 stakes more
    than the growth-optimal bet: more risk for less expected growth)."""
    if not ZERO < profile.min_edge < ONE:
        raise ProfileError(f"min_edge: {profile.min_edge} is not a dollar edge per contract in (0, 1)")
    if profile.consensus_books < 1:
        raise ProfileError(f"consensus: polls {profile.consensus_books} books, at least 1 is needed")
    if not 1 <= profile.consensus_required <= profile.consensus_books:
        raise ProfileError(
            f"consensus: {profile.consensus_required} of {profile.consensus_books} books cannot be required"
            f" (between 1 and {profile.consensus_books})"
        )
    if not ZERO < profile.kelly_multiplier <= ONE:
        raise ProfileError(f"kelly_multiplier: {profile.kelly_multiplier} is not a fraction of Kelly in (0, 1]")


PROFILES: Mapping[ProfileName, TradingProfile] = {profile.name: profile for profile in (
    TradingProfile(name=ProfileName.CONSERVATIVE, min_edge=Decimal("0.06"),
                   consensus_required=4, consensus_books=4, kelly_multiplier=Decimal("0.15")),
    TradingProfile(name=ProfileName.STANDARD, min_edge=Decimal("0.05"),
                   consensus_required=3, consensus_books=4, kelly_multiplier=Decimal("0.25")),
    TradingProfile(name=ProfileName.AGGRESSIVE, min_edge=Decimal("0.03"),
                   consensus_required=3, consensus_books=4, kelly_multiplier=Decimal("0.35")),
    TradingProfile(name=ProfileName.VERY_AGGRESSIVE, min_edge=Decimal("0.02"),
                   consensus_required=2, consensus_books=4, kelly_multiplier=Decimal("0.50")),
)}
#: Fields a profile can be given by hand; ``consensus`` is written "k/n" (e.g. "3/4").
OVERRIDABLE = ("min_edge", "consensus", "kelly_multiplier")


def _decimal(field: str, value: object) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ProfileError(f"{field}: {value!r} is not a decimal number") from None
    else:
        # A float has already lost the exact decimal a user typed (0.1 is not 0.1): refuse it.
        raise ProfileError(f"{field}: expected a decimal string or Decimal, got {type(value).__name__} {value!r}")
    if not number.is_finite():
        raise ProfileError(f"{field}: {value!r} is not a finite number")
    return number


def _consensus(value: object) -> tuple[int, int]:
    text = value.strip() if isinstance(value, str) else None
    required, slash, books = (text or "").partition("/")
    if not slash or not required.strip().isdigit() or not books.strip().isdigit():
        raise ProfileError(f"consensus: {value!r} is not written as k/n books (e.g. '3/4')")
    return int(required), int(books)


def parse_profile(name: str | None, overrides: Mapping[str, object] | None = None) -> TradingProfile:
    """The profile ``name`` names (case-insensitive; None or empty means STANDARD), with
    ``overrides`` applied on top. ``custom`` has no defaults: it needs every overridable field.

    >>> parse_profile("aggressive", {"kelly_multiplier": "0.3"}).kelly_multiplier
    Decimal('0.3')
    """
    overrides = dict(overrides or {})
    key = (name or ProfileName.STANDARD.value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        profile_name = ProfileName(key)
    except ValueError:
        known = ", ".join(p.value.upper() for p in ProfileName)
        raise ProfileError(f"TRADING_PROFILE: unknown profile {name!r} (known: {known})") from None
    unknown = sorted(set(overrides) - set(OVERRIDABLE))
    if unknown:
        raise ProfileError(f"{unknown[0]}: not a profile field (overridable: {', '.join(OVERRIDABLE)})")
    if profile_name is ProfileName.CUSTOM:
        missing = [field for field in OVERRIDABLE if field not in overrides]
        if missing:
            raise ProfileError(f"{missing[0]}: a custom profile sets every field ({', '.join(OVERRIDABLE)})")
        base = PROFILES[ProfileName.STANDARD]
    else:
        base = PROFILES[profile_name]
        if not overrides:
            return base
    required, books = base.consensus_required, base.consensus_books
    if "consensus" in overrides:
        required, books = _consensus(overrides["consensus"])
    return TradingProfile(
        name=profile_name,
        min_edge=_decimal("min_edge", overrides["min_edge"]) if "min_edge" in overrides else base.min_edge,
        consensus_required=required,
        consensus_books=books,
        kelly_multiplier=(_decimal("kelly_multiplier", overrides["kelly_multiplier"])
                          if "kelly_multiplier" in overrides else base.kelly_multiplier),
        overrides=tuple(sorted(overrides)),
    )


def parse_bankroll(value: object, field: str = "TRADING_BANKROLL") -> Decimal:
    """A bankroll in dollars (``"2500"``, ``"2500.00"``, ``"$2,500"``): positive, exact, at most
    cent precision (a bankroll is money a person deposited)."""
    text = value.strip().removeprefix("$").replace(",", "") if isinstance(value, str) else value
    amount = _decimal(field, text)
    if amount <= 0:
        raise ProfileError(f"{field}: {value!r} is not a positive dollar amount")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ProfileError(f"{field}: {value!r} has fractions of a cent")
    return amount
