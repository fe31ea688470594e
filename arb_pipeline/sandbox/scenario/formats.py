"""Wire spellings of prices, counts and times, exactly as the venues send them (docs/venues.md).

Prices are built from integer mills (tenths of a cent) so that no venue value ever passes
through a float on its way to a string or a Decimal.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")

_FOUR_PLACES = Decimal("0.0001")

# Kalshi writes dollars with 4 decimals ("0.4200", docs/venues.md#kalshi-markets); Polymarket
# writes the shortest form (".48"/"0.5", docs/venues.md#polymarket-clob-books). Both index the
# same mills, and Decimal("0.45") == Decimal("0.4500") with equal hashes, so either spelling finds
# the same book level.
KALSHI_PRICES: tuple[Decimal, ...] = tuple(Decimal(m).scaleb(-3).quantize(_FOUR_PLACES) for m in range(1001))
POLYMARKET_PRICES: tuple[Decimal, ...] = tuple(
    Decimal(m).scaleb(-3).normalize() if m else Decimal("0") for m in range(1001)
)
MILLS_BY_PRICE: dict[Decimal, int] = {price: m for m, price in enumerate(KALSHI_PRICES)}


def mills_of(price: Decimal) -> int:
    """The mills of a book price; a price off the 0.001 grid cannot come from this world."""
    try:
        return MILLS_BY_PRICE[price]
    except KeyError:
        raise ValueError(f"sandbox book price {price} is not on the 0.001 grid") from None


_SIZES: dict[int, Decimal] = {}


def size_of(hundredths: int) -> Decimal:
    """A resting size in contracts with 2 decimals ("120.00", Kalshi ``*_fp``, docs/venues.md#kalshi-markets).
    Sizes repeat a lot across books, so each is made once."""
    size = _SIZES.get(hundredths)
    if size is None:
        size = _SIZES[hundredths] = Decimal(hundredths).scaleb(-2)
    return size


def hundredths_of(size: Decimal) -> int:
    return int(size.scaleb(2))


def dollars(mills: int) -> str:
    return str(KALSHI_PRICES[mills])


def count_fp(hundredths: int) -> str:
    return str(size_of(hundredths))


def gamma_price(mills: int) -> str:
    return str(POLYMARKET_PRICES[mills])


def gamma_number(mills: int) -> float:
    """Gamma's numeric price fields (``bestBid``, ``spread``...) are JSON numbers
    (docs/venues.md#polymarket-gamma-catalog); mills / 1000 is the shortest float that reads back
    as the same decimal."""
    return mills / 1000


def iso_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def game_start_time(moment: datetime) -> str:
    """Gamma ``gameStartTime`` is "2026-01-05 02:30:00+00", not ISO-T (docs/venues.md#polymarket-gamma-catalog)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")


def json_in_string(values: list[str]) -> str:
    """Gamma's ``outcomes``/``outcomePrices``/``clobTokenIds`` are JSON text inside JSON, with the
    ", " separator the venue uses (docs/venues.md#polymarket-gamma-catalog)."""
    return json.dumps(values)


def eastern(moment: datetime) -> datetime:
    return moment.astimezone(EASTERN)


def kalshi_date_code(moment: datetime) -> str:
    """26JAN09: Kalshi tickers carry the Eastern calendar date of the event."""
    local = eastern(moment)
    return f"{local:%y}{local:%b}".upper() + f"{local:%d}"


def short_date(moment: datetime) -> str:
    """"Jan 9": the day as Kalshi sub-titles write it."""
    local = eastern(moment)
    return f"{local:%b} {local.day}"


def long_date(moment: datetime) -> str:
    """"January 9": the day as Polymarket questions write it."""
    local = eastern(moment)
    return f"{local:%B} {local.day}"


def clock_et(moment: datetime, *, spaced: bool = True) -> str:
    """"7:30 PM" (or "7:30PM": Gamma moneyline rules drop the space) in Eastern time."""
    local = eastern(moment)
    hour = local.hour % 12 or 12
    suffix = "AM" if local.hour < 12 else "PM"
    return f"{hour}:{local:%M}{' ' if spaced else ''}{suffix}"
