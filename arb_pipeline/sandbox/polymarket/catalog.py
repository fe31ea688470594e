"""Indexes over the scenario's Gamma catalogs, and where each CLOB token belongs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from arb_pipeline.sandbox.state import Scenario
from arb_pipeline.venues.wire import json_list


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """Where a CLOB token belongs: its Gamma market, condition, and outcome position."""

    market: dict[str, Any]
    condition_id: str
    outcome_index: int


class PolymarketCatalog:
    """Rebuilt when the scenario's catalogs grow."""

    def __init__(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self._shape: tuple[int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        scenario = self._scenario
        shape = (len(scenario.polymarket_markets), len(scenario.polymarket_events))
        if shape == self._shape:
            return
        self._shape = shape
        self.markets: list[dict[str, Any]] = list(scenario.polymarket_markets)
        self.market_by_id = {market["id"]: market for market in self.markets}
        self.events: list[dict[str, Any]] = list(scenario.polymarket_events)
        self.event_by_id = {event["id"]: event for event in self.events}
        self.tokens: dict[str, TokenInfo] = {}
        for market in self.markets:
            where = f"sandbox Polymarket market {market.get('id')} clobTokenIds"
            token_ids = json_list(market.get("clobTokenIds"), where)
            for index, token_id in enumerate(token_ids):
                self.tokens[token_id] = TokenInfo(market, market["conditionId"], index)
