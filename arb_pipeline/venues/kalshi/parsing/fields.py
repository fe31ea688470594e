"""Readers of single Kalshi fields, current and legacy, shared by the Kalshi parsers."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.models import ONE, ZERO
from arb_pipeline.venues.wire import WireFormatError, cents_to_dollars, optional_text, to_decimal


def required_text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = optional_text(obj, key, where)
    if value is None:
        raise WireFormatError(where, f"missing field {key!r}")
    return value


def price_field(obj: Mapping[str, Any], dollars_key: str, cents_key: str | None, where: str) -> Decimal | None:
    """A probability price: ``*_dollars`` string, else the legacy integer cents field."""
    value = obj.get(dollars_key)
    if value is not None and value != "":
        price = to_decimal(value, f"{where} field {dollars_key!r}")
        key = dollars_key
    elif cents_key is not None and obj.get(cents_key) is not None and obj.get(cents_key) != "":
        price = cents_to_dollars(obj[cents_key], f"{where} field {cents_key!r}")
        key = cents_key
    else:
        return None
    if not ZERO <= price <= ONE:
        raise WireFormatError(f"{where} field {key!r}", f"price {price} is outside 0..1 dollars")
    return price


def count_field(obj: Mapping[str, Any], fp_key: str, int_key: str | None, where: str) -> Decimal | None:
    """A contract count: ``*_fp`` string, else the legacy integer field."""
    for key in (fp_key, int_key):
        if key is None:
            continue
        value = obj.get(key)
        if value is not None and value != "":
            count = to_decimal(value, f"{where} field {key!r}")
            if count < 0:
                raise WireFormatError(f"{where} field {key!r}", f"negative count {count}")
            return count
    return None
