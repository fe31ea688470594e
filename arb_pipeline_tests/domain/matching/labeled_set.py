"""The matcher's labeled sets, parsed with the venue parsers exactly as the pipeline parses them.

- The real NBA recording: Polymarket events read in place from venue_samples, the Kalshi game
  markets written in the current Kalshi wire shape (fixtures/matching/kalshi_nba_markets_2026-01.json)
  for the real Kalshi events (venue_samples/kalshi_events_nba_2026-01.json, read in place), and the
  gold pairs of venue_samples/nba_matched_pairs_2026-01-09.json.
- Cross-category cases with hard negatives (fixtures/matching/*_cross_category.json, labels.json).
- The sandbox scenario's catalogs and ground truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import pytest

from arb_pipeline.domain.matching import TruthPair
from arb_pipeline.domain.models import Market
from arb_pipeline.sandbox.scenario import build_scenario
from arb_pipeline.venues.kalshi.parsing import parse_events_page, parse_market
from arb_pipeline.venues.polymarket.parsing import parse_gamma_event
from arb_pipeline_tests.paths import (
    FIXTURES,
    KALSHI_NBA_EVENTS,
    NBA_MATCHED_PAIRS,
    POLYMARKET_NBA_EVENTS,
    venue_sample,
)

MATCHING = FIXTURES / "matching"
SANDBOX_NOW = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)
#: On every test that uses the NBA recording, directly or through :func:`labeled_set`.
NEEDS_NBA_RECORDINGS = pytest.mark.venue_samples(POLYMARKET_NBA_EVENTS, KALSHI_NBA_EVENTS, NBA_MATCHED_PAIRS)


@dataclass(frozen=True, slots=True)
class HardNegativeLabel:
    kalshi_ticker: str
    polymarket_market_id: str
    trap: str


@dataclass(frozen=True, slots=True)
class LabeledSet:
    kalshi: tuple[Market, ...]
    polymarket: tuple[Market, ...]
    truth: tuple[TruthPair, ...]
    hard_negatives: tuple[HardNegativeLabel, ...]


def _json(path: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def nba_polymarket_markets() -> tuple[Market, ...]:
    events = _json(venue_sample(POLYMARKET_NBA_EVENTS))
    return tuple(market for event in events for market in parse_gamma_event(event).markets)


@lru_cache(maxsize=1)
def nba_kalshi_markets() -> tuple[Market, ...]:
    events = {e["event_ticker"]: e for e in _json(venue_sample(KALSHI_NBA_EVENTS))["events"]}
    page = _json(MATCHING / "kalshi_nba_markets_2026-01.json")
    return tuple(parse_market(m, event=events[m["event_ticker"]]) for m in page["markets"])


@lru_cache(maxsize=1)
def nba_gold_pairs() -> tuple[TruthPair, ...]:
    """The gold file's NBA pairs: both Kalshi team markets of each game against the Polymarket
    moneyline of the game's slug, with the token of the team the Kalshi market names. The gold
    file's NFL and college games are not in the Polymarket recording (they are written as Gamma
    markets in the cross-category set instead)."""
    by_slug = {m.slug: m for m in nba_polymarket_markets() if m.market_type == "moneyline"}
    pairs = []
    for game in _json(venue_sample(NBA_MATCHED_PAIRS))["markets"]:
        moneyline = by_slug.get(game["polymarket"]["markets"]["slug"])
        if moneyline is None:
            continue
        for ticker in game["kalshi"]["markets"].values():
            team = ticker.rsplit("-", 1)[1]
            pairs.append(TruthPair(ticker, moneyline.market_id, game["poly_token_ids"][team]))
    return tuple(pairs)


def _token_of(market: Market, outcome: str) -> str:
    token = next((o.token_id for o in market.outcomes if o.name == outcome), None)
    if token is None:
        raise ValueError(f"labels.json: market {market.market_id} has no outcome {outcome!r}")
    return token


@lru_cache(maxsize=1)
def labeled_set() -> LabeledSet:
    """Every Kalshi x Polymarket combination of these markets is labeled: the pairs below are the
    true ones, every other combination is a non-pair."""
    cross_kalshi = tuple(
        market for event in parse_events_page(_json(MATCHING / "kalshi_events_cross_category.json")).events
        for market in event.markets
    )
    cross_polymarket = tuple(
        market for event in _json(MATCHING / "gamma_events_cross_category.json") for market in parse_gamma_event(event).markets
    )
    kalshi = nba_kalshi_markets() + cross_kalshi
    polymarket = nba_polymarket_markets() + cross_polymarket
    by_id = {m.market_id: m for m in polymarket}
    labels = _json(MATCHING / "labels.json")
    truth = nba_gold_pairs() + tuple(
        TruthPair(p["kalshi"], p["polymarket"], _token_of(by_id[p["polymarket"]], p["pays_on_kalshi_yes"]))
        for p in labels["pairs"]
    )
    negatives = tuple(HardNegativeLabel(n["kalshi"], n["polymarket"], n["trap"]) for n in labels["hard_negatives"])
    return LabeledSet(kalshi, polymarket, truth, negatives)


@lru_cache(maxsize=4)
def sandbox_labeled_set(seed: int = 7, size: int = 1) -> LabeledSet:
    """The sandbox scenario's catalogs, parsed from its wire objects, with its ground truth."""
    scenario = build_scenario(seed=seed, size=size, now=SANDBOX_NOW)
    events = {e["event_ticker"]: e for e in scenario.kalshi_events}
    kalshi = tuple(parse_market(m, event=events[m["event_ticker"]]) for m in scenario.kalshi_markets)
    polymarket = tuple(market for event in scenario.polymarket_events for market in parse_gamma_event(event).markets)
    truth = tuple(TruthPair(t.kalshi_ticker, t.polymarket_market_id, t.polymarket_yes_token) for t in scenario.truth_pairs)
    negatives = tuple(HardNegativeLabel(n.kalshi_ticker, n.polymarket_market_id, n.trap) for n in scenario.hard_negatives)
    return LabeledSet(kalshi, polymarket, truth, negatives)
