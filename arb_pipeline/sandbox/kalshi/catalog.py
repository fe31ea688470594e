"""Indexes over the scenario's Kalshi catalogs, in the order the venue lists them."""

from __future__ import annotations

from typing import Any

from arb_pipeline.sandbox.kalshi.wire import is_parlay
from arb_pipeline.sandbox.state import Scenario


class KalshiCatalog:
    """Rebuilt when the scenario's catalogs grow."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._shape: tuple[int, int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        scenario = self._scenario
        shape = (len(scenario.kalshi_markets), len(scenario.kalshi_events), len(scenario.kalshi_series))
        if shape == self._shape:
            return
        self._shape = shape
        # Without mve_filter the real venue lists parlays first, in bulk (docs/venues.md#kalshi-markets).
        parlays = [market for market in scenario.kalshi_markets if is_parlay(market)]
        singles = [market for market in scenario.kalshi_markets if not is_parlay(market)]
        self.markets: list[dict[str, Any]] = parlays + singles
        self.market_by_ticker = {market["ticker"]: market for market in self.markets}
        self.markets_by_event: dict[str, list[dict[str, Any]]] = {}
        for market in self.markets:
            self.markets_by_event.setdefault(market["event_ticker"], []).append(market)
        self.events: list[dict[str, Any]] = [
            event for event in scenario.kalshi_events if not self._is_parlay_event(event)
        ]
        self.event_by_ticker = {event["event_ticker"]: event for event in scenario.kalshi_events}
        self.series: list[dict[str, Any]] = list(scenario.kalshi_series)
        self.series_by_ticker = {series["ticker"]: series for series in self.series}

    def _is_parlay_event(self, event: dict[str, Any]) -> bool:
        markets = self.markets_by_event.get(event["event_ticker"], [])
        return str(event["event_ticker"]).startswith("KXMVE") or (bool(markets) and all(map(is_parlay, markets)))

    def series_of(self, market: dict[str, Any]) -> str | None:
        event = self.event_by_ticker.get(market["event_ticker"])
        return event.get("series_ticker") if event is not None else None
