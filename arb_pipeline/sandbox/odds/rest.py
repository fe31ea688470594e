"""The Odds API v4 as the sandbox speaks it (docs/venues.md#the-odds-api): sports, events and h2h odds
in decimal (floats) or American (ints) format, with the ``x-requests-*`` quota headers and the
markets x regions cost of every odds call.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiohttp import web

from arb_pipeline.sandbox.context import Exchange
from arb_pipeline.sandbox.http import json_response
from arb_pipeline.sandbox.odds.bookmakers import BOOKMAKER_REGION, BOOKMAKERS_PER_REGION, REGIONS
from arb_pipeline.venues.wire import to_decimal

REST_BASE = "/odds"

MARKETS = frozenset({"h2h", "spreads", "totals", "outrights"})
UPCOMING_AHEAD = 8  # sport=upcoming: games in play plus the next 8


class OddsError(Exception):
    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message


def american(decimal_odds: Decimal) -> int:
    """Decimal odds as American: 3.40 -> 240, 1.33 -> -303 (docs/venues.md#the-odds-api)."""
    if decimal_odds >= 2:
        value = (decimal_odds - 1) * 100
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    value = 100 / (decimal_odds - 1)
    return -int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _unix(value: str) -> int:
    return int(_iso(value).timestamp())


class OddsApi:
    def __init__(self, exchange: Exchange, *, api_key: str | None, quota: int) -> None:
        self.exchange = exchange
        self.api_key = api_key
        self.requests_used = 0
        self.requests_remaining = quota

    def add_routes(self, app: web.Application) -> None:
        router = app.router
        for suffix in ("", "/"):
            router.add_get(REST_BASE + "/v4/sports" + suffix, self.get_sports)
            router.add_get(REST_BASE + "/v4/sports/{sport}/events" + suffix, self.get_events)
            router.add_get(REST_BASE + "/v4/sports/{sport}/odds" + suffix, self.get_odds)

    def error_response(self, status: int, message: str, error_code: str = "") -> web.Response:
        """The Odds API's error body: ``{"message": ..., "error_code": ...}``."""
        return json_response({"message": message, "error_code": error_code or f"HTTP_{status}"}, status)

    # -- handlers ------------------------------------------------------------------------------

    def _answer(self, cost: int, body: Any) -> web.Response:
        self.requests_used += cost
        self.requests_remaining -= cost
        response = json_response(body)
        response.headers.update(self._quota_headers(cost))
        return response

    def _quota_headers(self, last: int) -> dict[str, str]:
        return {
            "x-requests-remaining": str(self.requests_remaining),
            "x-requests-used": str(self.requests_used),
            "x-requests-last": str(last),
        }

    def _fail(self, error: OddsError) -> web.Response:
        response = self.error_response(error.status, error.message, error.error_code)
        if error.status != 401:
            response.headers.update(self._quota_headers(0))
        return response

    def _check_key(self, request: web.Request) -> None:
        key = request.query.get("apiKey")
        if not key:
            raise OddsError(401, "MISSING_KEY", "API key is missing: pass apiKey=<your key> in the query string")
        if self.api_key is not None and key != self.api_key:
            raise OddsError(401, "INVALID_KEY", "API key is not valid")

    def _sport_events(self, sport: str) -> list[dict[str, Any]]:
        scenario = self.exchange.scenario
        if sport == "upcoming":
            every = sorted(
                (event for events in scenario.odds_events.values() for event in events),
                key=lambda event: event["commence_time"],
            )
            now = scenario.now
            live = [event for event in every if _iso(event["commence_time"]) <= now]
            ahead = [event for event in every if _iso(event["commence_time"]) > now]
            return live + ahead[:UPCOMING_AHEAD]
        if sport not in scenario.odds_events and sport not in {s["key"] for s in scenario.odds_sports}:
            raise OddsError(422, "UNKNOWN_SPORT", f"Unknown sport {sport!r}: list sport keys with GET /v4/sports")
        return list(scenario.odds_events.get(sport, []))

    async def get_sports(self, request: web.Request) -> web.Response:
        try:
            self._check_key(request)
        except OddsError as error:
            return self._fail(error)
        every = request.query.get("all", "false").lower() == "true"
        sports = [sport for sport in self.exchange.scenario.odds_sports if every or sport.get("active", True)]
        # GET /sports is free (docs/venues.md#the-odds-api).
        return self._answer(0, sports)

    async def get_events(self, request: web.Request) -> web.Response:
        try:
            self._check_key(request)
            events = self._filtered(request, self._sport_events(request.match_info["sport"]))
            unix = self._date_format(request)
        except OddsError as error:
            return self._fail(error)
        body = [self._event_body(event, unix, None, None, None, None) for event in events]
        return self._answer(0, body)

    async def get_odds(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            self._check_key(request)
            events = self._filtered(request, self._sport_events(request.match_info["sport"]))
            unix = self._date_format(request)
            markets = _csv(query.get("markets", "h2h"))
            bad_markets = [market for market in markets if market not in MARKETS]
            if not markets or bad_markets:
                raise OddsError(
                    422, "INVALID_MARKET", f"Invalid markets {bad_markets or markets}: use h2h, spreads, totals"
                )
            odds_format = query.get("oddsFormat", "decimal")
            if odds_format not in ("decimal", "american"):
                raise OddsError(
                    422, "INVALID_ODDS_FORMAT", f"oddsFormat must be decimal or american, got {odds_format!r}"
                )
            bookmakers = _csv(query.get("bookmakers", ""))
            regions = _csv(query.get("regions", ""))
            if bookmakers:
                region_units = math.ceil(len(bookmakers) / BOOKMAKERS_PER_REGION)
            else:
                if not regions:
                    raise OddsError(
                        422, "MISSING_REGION", "regions is required (us, us2, uk, eu, au) unless bookmakers is given"
                    )
                bad_regions = [region for region in regions if region not in REGIONS]
                if bad_regions:
                    raise OddsError(422, "INVALID_REGION", f"Invalid regions {bad_regions}: use {sorted(REGIONS)}")
                region_units = len(regions)
        except OddsError as error:
            return self._fail(error)
        cost = len(markets) * region_units if events else 0
        if cost > self.requests_remaining:
            return self._fail(
                OddsError(
                    429,
                    "OUT_OF_USAGE_CREDITS",
                    f"Usage quota has been reached: this call costs {cost}, {self.requests_remaining} left",
                )
            )
        body = [
            self._event_body(event, unix, set(markets), set(regions), set(bookmakers), odds_format) for event in events
        ]
        return self._answer(cost, body)

    # -- shaping ------------------------------------------------------------------------------

    def _date_format(self, request: web.Request) -> bool:
        date_format = request.query.get("dateFormat", "iso")
        if date_format not in ("iso", "unix"):
            raise OddsError(422, "INVALID_DATE_FORMAT", f"dateFormat must be iso or unix, got {date_format!r}")
        return date_format == "unix"

    def _filtered(self, request: web.Request, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        query = request.query
        ids = set(_csv(query.get("eventIds", "")))
        low = _commence_bound(query, "commenceTimeFrom")
        high = _commence_bound(query, "commenceTimeTo")
        selected = []
        for event in events:
            if ids and event["id"] not in ids:
                continue
            commence = _iso(event["commence_time"])
            if (low is not None and commence < low) or (high is not None and commence > high):
                continue
            selected.append(event)
        return selected

    def _event_body(
        self,
        event: dict[str, Any],
        unix: bool,
        markets: set[str] | None,
        regions: set[str] | None,
        bookmakers: set[str] | None,
        odds_format: str | None,
    ) -> dict[str, Any]:
        body = {key: value for key, value in event.items() if key != "bookmakers"}
        if unix:
            body["commence_time"] = _unix(event["commence_time"])
        if markets is None:
            return body
        books = []
        for book in event.get("bookmakers", []):
            if bookmakers:
                if book["key"] not in bookmakers:
                    continue
            elif BOOKMAKER_REGION.get(book["key"], "us") not in (regions or set()):
                continue
            book_markets = [
                self._market_body(market, unix, odds_format)
                for market in book.get("markets", [])
                if market["key"] in markets
            ]
            if not book_markets:
                continue
            shaped = {**book, "markets": book_markets}
            if unix and "last_update" in book:
                shaped["last_update"] = _unix(book["last_update"])
            books.append(shaped)
        body["bookmakers"] = books
        return body

    def _market_body(self, market: dict[str, Any], unix: bool, odds_format: str | None) -> dict[str, Any]:
        shaped = dict(market)
        if unix and "last_update" in market:
            shaped["last_update"] = _unix(market["last_update"])
        outcomes = []
        for outcome in market.get("outcomes", []):
            decimal_odds = to_decimal(outcome["price"], "outcome price")
            # Decimal odds are JSON floats, American odds JSON ints (docs/venues.md#the-odds-api).
            price: float | int = american(decimal_odds) if odds_format == "american" else float(decimal_odds)
            outcomes.append({**outcome, "price": price})
        shaped["outcomes"] = outcomes
        return shaped


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _commence_bound(query: Any, name: str) -> datetime | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        moment = _iso(raw)
    except ValueError:
        raise OddsError(
            422, f"INVALID_{name.upper()}", f"{name} must be ISO 8601 like 2026-01-09T00:00:00Z, got {raw!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
