"""Polymarket's Gamma catalog API as the sandbox speaks it (docs/venues.md#polymarket-gamma-catalog):
events and markets, listed by offset or by keyset cursor, with the venue's filters and ordering.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from aiohttp import web

from arb_pipeline.sandbox.http import BadRequest, cursor_bytes, int_param, json_response, opaque_cursor, repeated_param
from arb_pipeline.sandbox.polymarket.catalog import PolymarketCatalog
from arb_pipeline.sandbox.polymarket.wire import GAMMA_BASE, error_response
from arb_pipeline.venues.wire import json_list

GAMMA_MARKETS_MAX_LIMIT = 1000
GAMMA_EVENTS_MAX_LIMIT = 500
GAMMA_DEFAULT_LIMIT = 100

#: Gamma ``order`` names (snake_case as documented, camelCase as the fields are named) -> field.
ORDER_FIELDS = {
    "id": "id",
    "volume_24hr": "volume24hr",
    "volume24hr": "volume24hr",
    "volume": "volumeNum",
    "volumeNum": "volumeNum",
    "liquidity": "liquidityNum",
    "liquidityNum": "liquidityNum",
    "end_date": "endDate",
    "endDate": "endDate",
    "start_date": "startDate",
    "startDate": "startDate",
}
#: Events carry ``liquidity``/``volume`` as numbers (docs/venues.md#polymarket-gamma-catalog).
EVENT_ORDER_FIELDS = {**ORDER_FIELDS, "volume": "volume", "liquidity": "liquidity"}


def _bool(query: Any, name: str) -> bool | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false, got {raw!r}")
    return raw.lower() == "true"


def _sort_key(field: str | None) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        identity = int(item["id"]) if str(item["id"]).isdigit() else 0
        if field is None or field == "id":
            return (False, identity, identity)
        value = item.get(field)
        # Missing values sort last whichever the direction is asked.
        return (value is None, value if value is not None else 0, identity)

    return key


def _list_filter(query: Any, market_level: bool) -> Callable[[dict[str, Any]], bool]:
    # /markets and /events default to closed=false when closed is omitted
    # (docs/venues.md#polymarket-gamma-catalog).
    closed = _bool(query, "closed")
    closed = False if closed is None else closed
    active = _bool(query, "active")
    archived = _bool(query, "archived")
    ids = set(repeated_param(query, "id"))
    slugs = set(repeated_param(query, "slug"))
    tokens = set(repeated_param(query, "clob_token_ids")) if market_level else set()
    conditions = set(repeated_param(query, "condition_ids")) if market_level else set()

    def wanted(item: dict[str, Any]) -> bool:
        if bool(item.get("closed")) != closed:
            return False
        if active is not None and bool(item.get("active")) != active:
            return False
        if archived is not None and bool(item.get("archived")) != archived:
            return False
        if ids and str(item["id"]) not in ids:
            return False
        if slugs and item.get("slug") not in slugs:
            return False
        if conditions and item.get("conditionId") not in conditions:
            return False
        if tokens and not tokens.intersection(json_list(item.get("clobTokenIds"), "clobTokenIds")):
            return False
        return True

    return wanted


def _ordered(
    items: list[dict[str, Any]], query: Any, fields: dict[str, str]
) -> tuple[list[dict[str, Any]], Callable[[dict[str, Any]], tuple[Any, ...]], bool]:
    order = query.get("order") or None
    if order is not None:
        # Gamma takes a comma-separated list; the sandbox orders by the first field.
        first = order.split(",")[0]
        if first not in fields:
            raise BadRequest(f"order: unknown field {first!r}, expected one of {sorted(fields)}")
        field: str | None = fields[first]
    else:
        field = None
    ascending = _bool(query, "ascending")
    ascending = (order is None) if ascending is None else ascending
    key = _sort_key(field)
    return sorted(items, key=key, reverse=not ascending), key, ascending


def _decode_cursor(cursor: str) -> tuple[Any, ...]:
    try:
        decoded = orjson.loads(cursor_bytes(cursor))
    except ValueError:
        raise BadRequest(f"after_cursor {cursor!r} is not a cursor this API returned") from None
    if not isinstance(decoded, list) or len(decoded) != 3:
        raise BadRequest(f"after_cursor {cursor!r} is not a cursor this API returned")
    return tuple(decoded)


class GammaApi:
    def __init__(self, catalog: PolymarketCatalog) -> None:
        self.catalog = catalog

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get(GAMMA_BASE + "/markets", self.get_markets)
        router.add_get(GAMMA_BASE + "/markets/keyset", self.get_markets_keyset)
        router.add_get(GAMMA_BASE + "/markets/{id}", self.get_market)
        router.add_get(GAMMA_BASE + "/events", self.get_events)
        router.add_get(GAMMA_BASE + "/events/keyset", self.get_events_keyset)
        router.add_get(GAMMA_BASE + "/events/{id}", self.get_event)

    async def get_markets(self, request: web.Request) -> web.Response:
        return self._offset_list(request, "markets", GAMMA_MARKETS_MAX_LIMIT, ORDER_FIELDS)

    async def get_events(self, request: web.Request) -> web.Response:
        return self._offset_list(request, "events", GAMMA_EVENTS_MAX_LIMIT, EVENT_ORDER_FIELDS)

    async def get_markets_keyset(self, request: web.Request) -> web.Response:
        return self._keyset_list(request, "markets", GAMMA_MARKETS_MAX_LIMIT, ORDER_FIELDS)

    async def get_events_keyset(self, request: web.Request) -> web.Response:
        return self._keyset_list(request, "events", GAMMA_EVENTS_MAX_LIMIT, EVENT_ORDER_FIELDS)

    async def get_market(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        return self._one(request, "market", self.catalog.market_by_id)

    async def get_event(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        return self._one(request, "event", self.catalog.event_by_id)

    def _one(self, request: web.Request, kind: str, index: dict[str, dict[str, Any]]) -> web.Response:
        """One event or market by the id in the path, or 404."""
        item = index.get(request.match_info["id"])
        if item is None:
            return error_response(404, f"{kind} {request.match_info['id']} not found")
        return json_response(item)

    def _listed(self, name: str) -> list[dict[str, Any]]:
        self.catalog.refresh()
        return self.catalog.markets if name == "markets" else self.catalog.events

    def _offset_list(self, request: web.Request, name: str, max_limit: int, fields: dict[str, str]) -> web.Response:
        items = self._listed(name)
        market_level = name == "markets"
        query = request.query
        try:
            limit = int_param(query, "limit", GAMMA_DEFAULT_LIMIT, 0, max_limit)
            offset = int_param(query, "offset", 0, 0, 10**9)
            wanted = _list_filter(query, market_level)
            ordered, _, _ = _ordered([item for item in items if wanted(item)], query, fields)
        except BadRequest as exc:
            return error_response(400, str(exc))
        return json_response(ordered[offset : offset + limit])

    def _keyset_list(self, request: web.Request, name: str, max_limit: int, fields: dict[str, str]) -> web.Response:
        items = self._listed(name)
        market_level = name == "markets"
        query = request.query
        if "offset" in query:
            # Keyset lists reject offset: page with after_cursor (docs/venues.md#polymarket-gamma-catalog).
            return error_response(400, f"/{name}/keyset does not take offset; pass after_cursor=<next_cursor>")
        try:
            limit = int_param(query, "limit", GAMMA_DEFAULT_LIMIT, 0, max_limit)
            wanted = _list_filter(query, market_level)
            ordered, key, ascending = _ordered([item for item in items if wanted(item)], query, fields)
            after = _decode_cursor(query["after_cursor"]) if query.get("after_cursor") else None
        except BadRequest as exc:
            return error_response(400, str(exc))
        if after is not None:
            ordered = [item for item in ordered if (key(item) > after if ascending else key(item) < after)]
        page = ordered[:limit]
        body: dict[str, Any] = {name: page}
        # next_cursor is absent on the last page (docs/venues.md#polymarket-gamma-catalog).
        if len(ordered) > limit and page:
            body["next_cursor"] = opaque_cursor(orjson.dumps(list(key(page[-1]))))
        return json_response(body)
