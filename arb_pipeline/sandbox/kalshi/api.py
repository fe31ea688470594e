"""Kalshi's market data on one sandbox exchange: the REST routes and the WebSocket feed over one
catalog, mounted and driven by the exchange."""

from __future__ import annotations

from aiohttp import web

from arb_pipeline.sandbox.context import Exchange
from arb_pipeline.sandbox.feeds import FeedVenueApi
from arb_pipeline.sandbox.kalshi.bursts import burst
from arb_pipeline.sandbox.kalshi.catalog import KalshiCatalog
from arb_pipeline.sandbox.kalshi.rest import KalshiRest
from arb_pipeline.sandbox.kalshi.websocket import KalshiFeed
from arb_pipeline.sandbox.kalshi.wire import WS_PATH, error_response


class KalshiApi(FeedVenueApi[KalshiFeed]):
    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.catalog = KalshiCatalog(exchange.scenario)
        self.rest = KalshiRest(exchange, self.catalog)
        super().__init__(KalshiFeed(exchange, self.catalog), burst)

    def add_routes(self, app: web.Application) -> None:
        self.rest.add_routes(app.router)
        app.router.add_get(WS_PATH, self.feed.websocket)

    def error_response(self, status: int, message: str) -> web.Response:
        return error_response(status, message)
