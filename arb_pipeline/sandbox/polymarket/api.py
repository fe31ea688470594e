"""Polymarket on one sandbox exchange: Gamma, the CLOB book routes and the market WebSocket over
one catalog, mounted and driven by the exchange."""

from __future__ import annotations

from aiohttp import web

from arb_pipeline.sandbox.context import Exchange
from arb_pipeline.sandbox.feeds import FeedVenueApi
from arb_pipeline.sandbox.polymarket.books import BookStates
from arb_pipeline.sandbox.polymarket.bursts import burst
from arb_pipeline.sandbox.polymarket.catalog import PolymarketCatalog
from arb_pipeline.sandbox.polymarket.clob import ClobApi
from arb_pipeline.sandbox.polymarket.gamma import GammaApi
from arb_pipeline.sandbox.polymarket.websocket import PolymarketFeed
from arb_pipeline.sandbox.polymarket.wire import WS_PATH, error_response


class PolymarketApi(FeedVenueApi[PolymarketFeed]):
    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.catalog = PolymarketCatalog(exchange.scenario)
        self.states = BookStates(self.catalog)
        self.gamma = GammaApi(self.catalog)
        self.clob = ClobApi(exchange, self.catalog, self.states)
        super().__init__(PolymarketFeed(exchange, self.catalog, self.states), burst)

    def add_routes(self, app: web.Application) -> None:
        self.gamma.add_routes(app.router)
        self.clob.add_routes(app.router)
        app.router.add_get(WS_PATH, self.feed.websocket)

    def error_response(self, status: int, message: str) -> web.Response:
        return error_response(status, message)
