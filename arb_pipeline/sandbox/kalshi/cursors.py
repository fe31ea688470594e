"""Kalshi's cursor paging as the sandbox serves it (docs/venues.md#kalshi-pagination-and-rate-limits):
an opaque cursor naming a position in the unfiltered catalog, and ``""`` on the last page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arb_pipeline.sandbox.http import BadRequest, cursor_bytes, opaque_cursor


def decode_cursor(kind: str, cursor: str | None) -> int:
    """The position after which the page starts: -1 without a cursor."""
    if not cursor:
        return -1
    try:
        cursor_kind, position = cursor_bytes(cursor).decode().split(":")
        if cursor_kind != kind:
            raise ValueError(cursor_kind)
        return int(position)
    except ValueError:
        raise BadRequest(f"invalid cursor {cursor!r}: pass the cursor of the previous {kind} page unchanged") from None


def page(
    kind: str, items: list[dict[str, Any]], after: int, limit: int, wanted: Callable[[dict[str, Any]], bool]
) -> tuple[list[dict[str, Any]], str]:
    """Up to ``limit`` wanted items after position ``after``, and the cursor to continue from
    (``""`` on the last page). Positions index the unfiltered catalog, so a market changing
    status between pages neither repeats nor hides others."""
    found: list[dict[str, Any]] = []
    last_position = after
    for position in range(after + 1, len(items)):
        if wanted(items[position]):
            if len(found) == limit:
                return found, opaque_cursor(f"{kind}:{last_position}".encode())
            found.append(items[position])
            last_position = position
    return found, ""
