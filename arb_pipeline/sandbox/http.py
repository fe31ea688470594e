"""HTTP pieces every venue API of the sandbox shares: JSON answers, query parameters, opaque
cursors, and the request paths a REST fault is matched against.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson
from aiohttp import web

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Channel, FaultInjector, FaultKind


class BadRequest(Exception):
    """A query parameter or body was wrong; the venue API answers 400 in its own error shape."""


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


def int_param(query: Any, name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def repeated_param(query: Any, name: str) -> list[str]:
    """Every value of a repeatable parameter (``id=1&id=2``), in order; comma-joined values are
    accepted too."""
    return [item for value in query.getall(name, []) for item in value.split(",") if item]


def opaque_cursor(raw: bytes) -> str:
    """``raw`` as an opaque URL-safe cursor (base64 without padding)."""
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_bytes(cursor: str) -> bytes:
    """What :func:`opaque_cursor` encoded; raises ValueError when ``cursor`` is not base64."""
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))


def fault_paths(path: str, api_base: str, venue_root: str) -> tuple[str, str]:
    """``path`` as a fault's ``path_prefix`` may name it: below the API's base (``/markets``), or
    below the venue's root, where ``/gamma/...`` and ``/clob/...`` pick one of Polymarket's APIs."""
    return path[len(api_base) :] or "/", path[len(venue_root) :]


def stale_book_requested(
    faults: FaultInjector, venue: Venue, request: web.Request, api_base: str, venue_root: str
) -> bool:
    """Whether an armed STALE_BOOK fault takes this book request."""
    paths = fault_paths(request.path, api_base, venue_root)
    return faults.take(venue, Channel.REST, {FaultKind.STALE_BOOK}, paths) is not None
