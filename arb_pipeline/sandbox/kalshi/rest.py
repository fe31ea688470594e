"""Kalshi's market-data REST routes: markets, events, series and order books, with the venue's
filters, limits and cursors, and the signed batch book endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web

from arb_pipeline.domain.books import LevelMap
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.context import Exchange
from arb_pipeline.sandbox.http import BadRequest, int_param, json_response, repeated_param, stale_book_requested
from arb_pipeline.sandbox.kalshi.catalog import KalshiCatalog
from arb_pipeline.sandbox.kalshi.cursors import decode_cursor, page
from arb_pipeline.sandbox.kalshi.wire import REST_BASE, VENUE_ROOT, error_response, is_parlay, ladder
from arb_pipeline.sandbox.keys import SignatureRejected

MARKETS_MAX_LIMIT = 1000  # docs/venues.md#kalshi-pagination-and-rate-limits
MARKETS_DEFAULT_LIMIT = 100
EVENTS_MAX_LIMIT = 200
BOOKS_MAX_TICKERS = 100  # GET /markets/orderbooks, docs/venues.md#kalshi-order-books
ORDERBOOK_MAX_DEPTH = 100

#: The ``status`` filter words and the ``market.status`` words they select (the two vocabularies
#: differ, docs/venues.md#kalshi-markets).
STATUS_FILTER = {
    "unopened": frozenset({"initialized"}),
    "open": frozenset({"active"}),
    "paused": frozenset({"inactive"}),
    "closed": frozenset({"closed"}),
    "settled": frozenset({"determined", "disputed", "amended", "finalized"}),
}
EVENT_STATUS_FILTERS = frozenset({"unopened", "open", "closed", "settled"})


def _optional_ts(query: Any, name: str) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a unix timestamp in seconds, got {raw!r}") from None


def _bool_param(query: Any, name: str) -> bool:
    raw = query.get(name, "false").lower()
    if raw not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false, got {raw!r}")
    return raw == "true"


def _epoch_s(iso: str | None) -> float | None:
    if not iso:
        return None
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


class KalshiRest:
    def __init__(self, exchange: Exchange, catalog: KalshiCatalog) -> None:
        self.exchange = exchange
        self.catalog = catalog
        # Books as they were when the exchange started: what a STALE_BOOK fault serves.
        self._stale_books = {
            ticker: (dict(book.yes.levels), dict(book.no.levels))
            for ticker, book in exchange.scenario.kalshi_books.items()
        }
        #: Scheduled series fee changes as ``GET /series/fee_changes`` lists them.
        self.fee_changes: list[dict[str, Any]] = []

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get(REST_BASE + "/markets", self.get_markets)
        # Registered before /markets/{ticker}: aiohttp matches routes in registration order.
        router.add_get(REST_BASE + "/markets/orderbooks", self.get_orderbooks)
        router.add_get(REST_BASE + "/markets/{ticker}", self.get_market)
        router.add_get(REST_BASE + "/markets/{ticker}/orderbook", self.get_orderbook)
        router.add_get(REST_BASE + "/events", self.get_events)
        router.add_get(REST_BASE + "/events/{event_ticker}", self.get_event)
        router.add_get(REST_BASE + "/series", self.get_series_list)
        # Registered before /series/{series_ticker}, which would take "fee_changes" for a ticker.
        router.add_get(REST_BASE + "/series/fee_changes", self.get_fee_changes)
        router.add_get(REST_BASE + "/series/{series_ticker}", self.get_series)

    # -- catalog -----------------------------------------------------------------------------

    async def get_markets(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            limit = int_param(query, "limit", MARKETS_DEFAULT_LIMIT, 1, MARKETS_MAX_LIMIT)
            after = decode_cursor("markets", query.get("cursor"))
            statuses = None
            if query.get("status"):
                if query["status"] not in STATUS_FILTER:
                    raise BadRequest(f"status must be one of {sorted(STATUS_FILTER)}, got {query['status']!r}")
                statuses = STATUS_FILTER[query["status"]]
            mve_filter = query.get("mve_filter") or None
            if mve_filter not in (None, "only", "exclude"):
                raise BadRequest(f"mve_filter must be 'only' or 'exclude', got {mve_filter!r}")
            min_close = _optional_ts(query, "min_close_ts")
            max_close = _optional_ts(query, "max_close_ts")
        except BadRequest as exc:
            return error_response(400, str(exc))
        tickers = set(repeated_param(query, "tickers"))
        events = set(repeated_param(query, "event_ticker"))
        series = query.get("series_ticker") or None

        def wanted(market: dict[str, Any]) -> bool:
            if statuses is not None and market.get("status") not in statuses:
                return False
            if tickers and market["ticker"] not in tickers:
                return False
            if events and market["event_ticker"] not in events:
                return False
            if series is not None and self.catalog.series_of(market) != series:
                return False
            if mve_filter is not None and is_parlay(market) != (mve_filter == "only"):
                return False
            if min_close is not None or max_close is not None:
                close = _epoch_s(market.get("close_time"))
                if close is None:
                    return False
                if min_close is not None and close < min_close:
                    return False
                if max_close is not None and close > max_close:
                    return False
            return True

        self.catalog.refresh()
        markets, cursor = page("markets", self.catalog.markets, after, limit, wanted)
        return json_response({"markets": markets, "cursor": cursor})

    async def get_events(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            limit = int_param(query, "limit", EVENTS_MAX_LIMIT, 1, EVENTS_MAX_LIMIT)
            after = decode_cursor("events", query.get("cursor"))
            nested = _bool_param(query, "with_nested_markets")
            status = query.get("status") or None
            if status is not None and status not in EVENT_STATUS_FILTERS:
                raise BadRequest(f"status must be one of {sorted(EVENT_STATUS_FILTERS)}, got {status!r}")
        except BadRequest as exc:
            return error_response(400, str(exc))
        series = query.get("series_ticker") or None
        self.catalog.refresh()
        markets_by_event = self.catalog.markets_by_event

        def wanted(event: dict[str, Any]) -> bool:
            if series is not None and event.get("series_ticker") != series:
                return False
            if status is not None:
                statuses = STATUS_FILTER[status]
                return any(m.get("status") in statuses for m in markets_by_event.get(event["event_ticker"], []))
            return True

        found, cursor = page("events", self.catalog.events, after, limit, wanted)
        events = [self._event_body(event, nested) for event in found]
        return json_response({"events": events, "cursor": cursor, "milestones": []})

    async def get_market(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        return self._one(request, "ticker", "market", self.catalog.market_by_ticker)

    async def get_event(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        return self._one(request, "event_ticker", "event", self.catalog.event_by_ticker, self._event_answer)

    def schedule_fee_change(self, series_ticker: str, fee_type: str, multiplier: Decimal, at: datetime) -> dict[str, Any]:
        """A series' fees become ``fee_type``/``multiplier`` at ``at``: listed at once by
        ``GET /series/fee_changes``, and in the series itself once due."""
        if series_ticker not in self.catalog.series_by_ticker:
            raise ValueError(f"schedule_fee_change: no series {series_ticker!r}")
        change = {
            "id": f"fee-change-{len(self.fee_changes) + 1}",
            "series_ticker": series_ticker,
            "fee_type": fee_type,
            # A JSON number on the wire, as the venue's schema has it (docs/venues.md#kalshi-fees).
            "fee_multiplier": float(multiplier),
            "scheduled_ts": at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        self.fee_changes.append(change)
        return change

    def _apply_due_fee_changes(self) -> None:
        now = time.time()
        for change in sorted(self.fee_changes, key=lambda c: c["scheduled_ts"]):
            if (_epoch_s(change["scheduled_ts"]) or 0.0) <= now:
                series = self.catalog.series_by_ticker[change["series_ticker"]]
                series["fee_type"] = change["fee_type"]
                series["fee_multiplier"] = change["fee_multiplier"]

    async def get_fee_changes(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            historical = _bool_param(query, "show_historical")
        except BadRequest as exc:
            return error_response(400, str(exc))
        series = query.get("series_ticker") or None
        now = time.time()
        listed = [
            change
            for change in self.fee_changes
            if (series is None or change["series_ticker"] == series)
            and (historical or (_epoch_s(change["scheduled_ts"]) or 0.0) > now)
        ]
        return json_response({"series_fee_change_arr": listed})

    async def get_series(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        self._apply_due_fee_changes()
        return self._one(request, "series_ticker", "series", self.catalog.series_by_ticker)

    def _one(
        self,
        request: web.Request,
        key: str,
        kind: str,
        index: dict[str, dict[str, Any]],
        answer: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> web.Response:
        """One catalog item by the ticker in the path, or Kalshi's 404."""
        ticker = request.match_info[key]
        item = index.get(ticker)
        if item is None:
            return error_response(404, f"{kind} {ticker} not found")
        return json_response(answer(item) if answer is not None else {kind: item})

    def _event_answer(self, event: dict[str, Any]) -> dict[str, Any]:
        body = self._event_body(event, nested=True)
        # The top-level "markets" is deprecated but still sent (docs/venues.md#kalshi-events).
        return {"event": body, "markets": body["markets"]}

    def _event_body(self, event: dict[str, Any], nested: bool) -> dict[str, Any]:
        body = {key: value for key, value in event.items() if key != "markets"}
        if nested:
            body["markets"] = self.catalog.markets_by_event.get(event["event_ticker"], [])
        return body

    async def get_series_list(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        self._apply_due_fee_changes()
        category = request.query.get("category") or None
        series = [s for s in self.catalog.series if category is None or s.get("category") == category]
        return json_response({"series": series})

    # -- books -------------------------------------------------------------------------------

    async def get_orderbook(self, request: web.Request) -> web.Response:
        ticker = request.match_info["ticker"]
        try:
            depth = int_param(request.query, "depth", 0, 0, ORDERBOOK_MAX_DEPTH)
        except BadRequest as exc:
            return error_response(400, str(exc))
        self.catalog.refresh()
        if ticker not in self.catalog.market_by_ticker:
            return error_response(404, f"market {ticker} not found")
        stale = self._take_stale(request)
        return json_response({"orderbook_fp": self._orderbook_fp(ticker, depth, stale)})

    async def get_orderbooks(self, request: web.Request) -> web.Response:
        try:
            self.exchange.keyring.verify(request.headers, request.method, request.rel_url.raw_path)
        except SignatureRejected as exc:
            return error_response(401, f"GET /markets/orderbooks requires a signed request: {exc}")
        tickers = repeated_param(request.query, "tickers")
        if not 1 <= len(tickers) <= BOOKS_MAX_TICKERS:
            return error_response(
                400, f"tickers: pass between 1 and {BOOKS_MAX_TICKERS} market tickers, got {len(tickers)}"
            )
        self.catalog.refresh()
        unknown = [ticker for ticker in tickers if ticker not in self.catalog.market_by_ticker]
        if unknown:
            return error_response(404, f"markets not found: {', '.join(unknown)}")
        stale = self._take_stale(request)
        return json_response(
            {"orderbooks": [{"ticker": t, "orderbook_fp": self._orderbook_fp(t, 0, stale)} for t in tickers]}
        )

    def _take_stale(self, request: web.Request) -> bool:
        return stale_book_requested(self.exchange.faults, Venue.KALSHI, request, REST_BASE, VENUE_ROOT)

    def _orderbook_fp(self, ticker: str, depth: int, stale: bool) -> dict[str, list[list[str]]]:
        if stale and ticker in self._stale_books:
            yes, no = (LevelMap(side.items()) for side in self._stale_books[ticker])
        else:
            book = self.exchange.scenario.kalshi_books.get(ticker)
            if book is None:
                return {}
            yes, no = book.yes, book.no
        body = {}
        # An empty side is absent, not an empty list (as in the WebSocket snapshot,
        # docs/venues.md#kalshi-websocket; REST follows suit).
        if yes.levels:
            body["yes_dollars"] = ladder(yes, depth)
        if no.levels:
            body["no_dollars"] = ladder(no, depth)
        return body
