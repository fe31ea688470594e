"""Control endpoints for settling paper trades against the sandbox: schedule a pair of markets to
resolve (optionally the two venues differently), and take one outcome's asks off a book.

    POST /_sandbox/resolve  {"kalshi_ticker", "polymarket_market_id", "at": ISO-8601 (default: the
                             next step), "kalshi_result": "yes"|"no", "polymarket_winner": token id}
                             (each ruling optional: by default a venue pays what the event produced)
    POST /_sandbox/pull     {"venue": "kalshi" | "polymarket", "market_id", "outcome"}

Both change the world under the tick lock, so a step never sees half a change.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Protocol

from aiohttp import web

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.http import json_response
from arb_pipeline.sandbox.state import Scenario


class Controlled(Protocol):
    scenario: Scenario
    tick_lock: asyncio.Lock


def _error(message: str) -> web.Response:
    return json_response({"error": message}, 400)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise ValueError(f"{request.path}: the body is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ValueError(f"{request.path}: the body must be a JSON object")
    return body


def _text(body: dict[str, Any], name: str, where: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}: '{name}' must be a non-empty string, got {value!r}")
    return value


def add_control_routes(app: web.Application, exchange: Controlled) -> None:
    async def resolve(request: web.Request) -> web.Response:
        try:
            body = await _body(request)
            ticker = _text(body, "kalshi_ticker", "resolve")
            market = _text(body, "polymarket_market_id", "resolve")
            rulings = {name: _text(body, name, "resolve") for name in ("kalshi_result", "polymarket_winner")
                       if body.get(name) is not None}
            at = datetime.fromisoformat(_text(body, "at", "resolve")) if "at" in body else exchange.scenario.now
            if at.tzinfo is None:
                raise ValueError(f"resolve: 'at' must carry its UTC offset, got {body['at']!r}")
            async with exchange.tick_lock:
                exchange.scenario.schedule_resolution(ticker, market, at, **rulings)
        except ValueError as exc:
            return _error(str(exc))
        return json_response({"scheduled": {"kalshi_ticker": ticker, "polymarket_market_id": market,
                                            "at": at.isoformat(), **rulings}})

    async def pull(request: web.Request) -> web.Response:
        try:
            body = await _body(request)
            venue, market, outcome = (_text(body, name, "pull") for name in ("venue", "market_id", "outcome"))
            async with exchange.tick_lock:
                removed = exchange.scenario.pull_asks(Venue(venue), market, outcome)
        except ValueError as exc:
            return _error(str(exc))
        return json_response({"removed_levels": removed})

    app.router.add_post("/_sandbox/resolve", resolve)
    app.router.add_post("/_sandbox/pull", pull)
