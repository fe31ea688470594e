"""Readers of single Polymarket fields, shared by the Gamma, CLOB and WebSocket parsers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arb_pipeline.venues.wire import WireFormatError


def identifier(value: Any, where: str) -> str:
    # Gamma ids are digit strings; token ids are 77-digit integers that a real array may carry
    # as JSON numbers. Both become exact strings.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise WireFormatError(where, f"expected an id string, got {value!r}")
    text = str(value).strip()
    if not text:
        raise WireFormatError(where, "id is empty")
    return text


def flag(raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise WireFormatError(f"{where} field {key!r}", f"expected true or false, got {value!r}")
    return value
