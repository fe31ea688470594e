"""Wire-value conversions shared by every venue parser.

Venues send prices as strings ("0.4200", ".48"), integer cents, or JSON numbers, and times as
ISO-8601, epoch-millisecond strings, or "2026-01-05 02:30:00+00"
(docs/venues.md#polymarket-gamma-catalog, #polymarket-clob-books). These helpers turn each into
Decimal or aware UTC datetimes and raise :class:`WireFormatError` naming the field that was wrong,
so a caller can log, count and skip one bad message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from arb_pipeline.domain.books import OffGridError, price_ticks, size_units


class WireFormatError(ValueError):
    """A venue payload did not have the shape docs/venues.md describes. ``where`` names the
    venue, endpoint or file and the field."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def to_decimal(value: Any, where: str) -> Decimal:
    """A price or size as Decimal. Floats (JSON numbers) go through ``repr`` so 0.1 stays 0.1
    and never picks up binary noise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise WireFormatError(where, f"expected a number or numeric string, got {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise WireFormatError(where, f"not a number: {value!r}") from None
        if not result.is_finite():
            raise WireFormatError(where, f"not a finite number: {value!r}")
        return result
    raise WireFormatError(where, f"expected a number or numeric string, got {type(value).__name__}")


_TEXT_CACHE_MAX = 50_000
#: Wire texts already converted to ticks / size units, by text: the per-message decoders look
#: here first (a dict lookup, no call), and convert through :func:`price_ticks_of` /
#: :func:`size_units_of` on a miss.
PRICE_TICKS: dict[str, int] = {}
SIZE_UNITS: dict[str, int] = {}


def _exact_units(value: Any, where: str, cache: dict[str, int], convert: Callable[[Decimal], int]) -> int:
    if type(value) is str:
        units = cache.get(value)
        if units is not None:
            return units
    try:
        units = convert(to_decimal(value, where))
    except OffGridError as exc:
        raise WireFormatError(where, str(exc)) from None
    if type(value) is str and len(cache) < _TEXT_CACHE_MAX:
        cache[value] = units
    return units


def price_ticks_of(value: Any, where: str) -> int:
    """A wire price in ticks of $0.0001 (domain.books), exactly: a price off that grid is a
    malformed value, never rounded (docs/venues.md#book-units). Wire texts repeat, so each is
    converted once."""
    return _exact_units(value, where, PRICE_TICKS, price_ticks)


def size_units_of(value: Any, where: str) -> int:
    """A wire size or signed size change in millionths (domain.books), exactly: a finer size is a
    malformed value, never rounded (docs/venues.md#book-units)."""
    return _exact_units(value, where, SIZE_UNITS, size_units)


def optional_decimal(value: Any, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    return to_decimal(value, where)


def cents_to_dollars(value: Any, where: str) -> Decimal:
    """Legacy Kalshi integer cents (docs/venues.md#kalshi-markets, legacy fields) to dollars."""
    return to_decimal(value, where) / 100


def epoch_time(number: int | float) -> datetime:
    """Epoch milliseconds (Polymarket book timestamps, Kalshi ts_ms) or seconds (Kalshi ts) as an
    aware UTC datetime: any value past 10^11 is milliseconds (year 5138 in seconds)."""
    return datetime.fromtimestamp(number / 1000 if number > 10**11 else number, tz=UTC)


def parse_time(value: Any, where: str) -> datetime:
    """ISO-8601 (with Z, offset, or space separator and "+00"), or epoch seconds/milliseconds as
    a number or digit string, to an aware UTC datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, bool) or value is None or value == "":
        raise WireFormatError(where, f"expected a timestamp, got {value!r}")
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        try:
            return epoch_time(int(value) if not isinstance(value, float) else value)
        except (OverflowError, ValueError, OSError):
            raise WireFormatError(where, f"epoch time out of range: {value!r}") from None
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        elif len(text) > 3 and text[-3] in "+-" and text[-2:].isdigit() and ":" not in text[-6:]:
            # Gamma gameStartTime "2026-01-05 02:30:00+00"
            # (docs/venues.md#polymarket-gamma-catalog).
            text = text + ":00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise WireFormatError(where, f"not an ISO-8601 time or epoch: {value!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise WireFormatError(where, f"expected a timestamp, got {type(value).__name__}")


def optional_time(value: Any, where: str) -> datetime | None:
    if value is None or value == "":
        return None
    return parse_time(value, where)


def optional_time_field(obj: Mapping[str, Any], key: str, where: str) -> datetime | None:
    """The time in field ``key`` of ``obj``; absent, null and "" all mean none."""
    return optional_time(obj.get(key), f"{where} field {key!r}")


def optional_decimal_field(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    """The number in field ``key`` of ``obj``; absent, null and "" all mean none."""
    return optional_decimal(obj.get(key), f"{where} field {key!r}")


def json_list(value: Any, where: str) -> list[Any]:
    """Gamma sends ``outcomes``/``clobTokenIds``/``outcomePrices`` as JSON text inside JSON;
    some clients see real arrays (docs/venues.md#polymarket-gamma-catalog). Accept both."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except json.JSONDecodeError as exc:
            raise WireFormatError(where, f"JSON-in-string did not decode: {exc.msg}") from None
        if not isinstance(decoded, list):
            raise WireFormatError(where, f"expected a JSON array, got {type(decoded).__name__}")
        return decoded
    raise WireFormatError(where, f"expected a JSON array or JSON-encoded string, got {value!r}")


def optional_text(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    """A text field; absent, null and "" all mean none."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"{where} field {key!r}", f"expected a string, got {value!r:.80}")
    return value


def json_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireFormatError(where, f"expected a JSON object, got {type(value).__name__}")
    return value


def json_array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise WireFormatError(where, f"expected a JSON array, got {type(value).__name__}")
    return value


def require(mapping: Any, key: str, where: str) -> Any:
    """``mapping[key]`` of a JSON object; absent or null is a missing field."""
    mapping = json_object(mapping, where)
    if mapping.get(key) is None:
        raise WireFormatError(where, f"missing field {key!r}")
    return mapping[key]


def utc_now() -> datetime:
    return datetime.now(tz=UTC)
