"""The contract between the sandbox scenario (what the world looks like and how it moves) and the
sandbox server (how it is spoken on the wire).

The scenario holds the venues' catalogs as wire objects (the venues' exact JSON shapes in their
current formats, docs/venues.md) and the books as live ladders; each :meth:`Scenario.step` moves
the world and returns the changes, which the server turns into WebSocket messages.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from arb_pipeline.domain.books import LiveKalshiBook, LiveTokenBook
from arb_pipeline.domain.models import BookSide, Venue


@dataclass(frozen=True, slots=True)
class KalshiLevelChange:
    """A signed change of resting size at one Kalshi bid level (becomes ``orderbook_delta``)."""

    ticker: str
    side: str  # "yes" | "no"
    price: Decimal
    delta: Decimal


@dataclass(frozen=True, slots=True)
class PolymarketLevelChange:
    """The new absolute size at one Polymarket level (becomes a ``price_change`` entry)."""

    token_id: str
    condition_id: str
    side: BookSide  # BID -> "BUY", ASK -> "SELL" on the wire
    price: Decimal
    size: Decimal


@dataclass(frozen=True, slots=True)
class MarketResolution:
    venue: Venue
    market_id: str  # Kalshi ticker, or Polymarket Gamma market id
    outcome: str  # Kalshi "yes"/"no"; Polymarket the winning outcome name
    winning_token: str | None  # Polymarket winning token id
    resolved_at: datetime


@dataclass(frozen=True, slots=True)
class TruePair:
    """Ground truth: these two markets settle on the same event. ``polymarket_yes_token`` pays
    exactly when the Kalshi market resolves YES."""

    kalshi_ticker: str
    polymarket_market_id: str
    polymarket_yes_token: str
    polymarket_no_token: str
    category: str
    phrasing: str  # e.g. "same", "complement", "swapped_teams", "reworded"


@dataclass(frozen=True, slots=True)
class HardNegative:
    """Ground truth: these look alike but do NOT settle the same way."""

    kalshi_ticker: str
    polymarket_market_id: str
    category: str
    trap: str  # e.g. "near_miss_threshold", "near_miss_date", "inclusive_vs_strict",
    # "different_source", "bucket_vs_cumulative", "nominee_vs_winner"


@dataclass(frozen=True, slots=True)
class PlantedArbitrage:
    """An after-fee arbitrage the scenario opened on purpose: buy Kalshi ``kalshi_side`` and
    Polymarket ``polymarket_token``; each set pays $1."""

    kalshi_ticker: str
    polymarket_market_id: str
    kalshi_side: str
    polymarket_token: str
    opened_at: datetime
    gross_edge: Decimal  # 1 - (kalshi ask + polymarket ask) at the top level, before fees


@dataclass(frozen=True, slots=True)
class PlantedValue:
    """A game the sportsbooks price well above Kalshi: every book quotes the away team
    ``shift`` (a probability) more likely to win than the fair value Kalshi's books quote
    around, so buying the away side on Kalshi (YES of ``away_ticker``, NO of ``home_ticker``)
    beats its ask after fees by more than any profile's minimum edge."""

    odds_event_id: str
    away_team: str
    away_ticker: str
    home_ticker: str
    fair: Decimal  # the away team's chance as Kalshi's books quote it
    shift: Decimal


@dataclass
class StepResult:
    now: datetime
    kalshi_changes: list[KalshiLevelChange] = field(default_factory=list)
    polymarket_changes: list[PolymarketLevelChange] = field(default_factory=list)
    resolutions: list[MarketResolution] = field(default_factory=list)


class Scenario(Protocol):
    seed: int
    now: datetime
    kalshi_series: list[dict[str, Any]]
    kalshi_events: list[dict[str, Any]]
    kalshi_markets: list[dict[str, Any]]
    polymarket_events: list[dict[str, Any]]
    polymarket_markets: list[dict[str, Any]]
    odds_sports: list[dict[str, Any]]
    odds_events: dict[str, list[dict[str, Any]]]
    kalshi_books: dict[str, LiveKalshiBook]
    polymarket_books: dict[str, LiveTokenBook]
    truth_pairs: list[TruePair]
    hard_negatives: list[HardNegative]
    planted_arbitrage: list[PlantedArbitrage]
    planted_value: list[PlantedValue]

    def step(self) -> StepResult: ...

    def schedule_resolution(self, kalshi_ticker: str, polymarket_market_id: str, at: datetime, *,
                            kalshi_result: str | None = None, polymarket_winner: str | None = None) -> None: ...

    def pull_asks(self, venue: Venue, market_id: str, outcome: str) -> int: ...
    def open_arbitrage(self) -> StepResult:
        """Plant an arbitrage now; the book changes that made it."""
        ...

    def close_arbitrage(self, kalshi_ticker: str) -> StepResult:
        """Release the plant holding ``kalshi_ticker`` now; the book changes that closed it."""
        ...

    def burst_changes(
        self, venue: Venue, n: int, within: Set[str] | None = None
    ) -> Iterator[list[KalshiLevelChange] | list[PolymarketLevelChange]]:
        """``n`` valid book updates, each the changes of one wire message, already applied to the
        books: what the server's throughput-benchmark burst sends. ``within``: only the books of
        these instruments."""
        ...
