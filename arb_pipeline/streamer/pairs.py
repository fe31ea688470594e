"""What one streamer replica watches: its shard of the approved pairs, the markets their legs
trade in, and the instruments whose books they need.

Read from the warehouse at start and every ``pair_poll_interval_s`` after: a pair approved since
is subscribed, a pair no longer approved (or moved to another shard) is dropped, and a market's
fee schedule or close time re-read from the catalog applies from the next evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from arb_pipeline.config import StreamerShard
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, Venue
from arb_pipeline.domain.sharding import pairs_for_shard
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.store import Warehouse

PairKey = tuple[str, str]


def pair_key(pair: MatchedPair) -> PairKey:
    return pair.kalshi_ticker, pair.polymarket_market_id


def pair_instruments(pair: MatchedPair) -> tuple[str, ...]:
    """The books a pair's evaluation reads: every Kalshi leg, and both Polymarket tokens."""
    return (*pair.kalshi_legs, pair.polymarket_yes_token, pair.polymarket_no_token)


@dataclass(frozen=True, slots=True)
class WatchSet:
    """The pairs one replica evaluates and what they need."""

    pairs: tuple[MatchedPair, ...] = ()
    #: The pairs' markets by id (Kalshi ticker, Polymarket Gamma id), as the batch scan indexes them.
    markets: dict[str, Market] = field(default_factory=dict)

    @classmethod
    def of(cls, pairs: Iterable[MatchedPair], markets: Iterable[Market]) -> WatchSet:
        pairs = tuple(pair for pair in pairs if pair.status is PairStatus.APPROVED)
        wanted = {market_id for pair in pairs for market_id in (*pair.kalshi_legs, pair.polymarket_market_id)}
        return cls(pairs, {market.market_id: market for market in markets if market.market_id in wanted})

    @property
    def kalshi_tickers(self) -> list[str]:
        return list(dict.fromkeys(ticker for pair in self.pairs for ticker in pair.kalshi_legs))

    @property
    def polymarket_tokens(self) -> list[str]:
        return list(
            dict.fromkeys(token for pair in self.pairs for token in (pair.polymarket_yes_token, pair.polymarket_no_token))
        )

    def keys(self) -> set[PairKey]:
        return {pair_key(pair) for pair in self.pairs}


def load_watch_set(store: Warehouse, shard: StreamerShard) -> WatchSet:
    """This replica's approved pairs and their markets, from the warehouse (blocking: run it in
    a thread from the event loop)."""
    pairs = pairs_for_shard(read_pairs(store, PairStatus.APPROVED), shard.shard, shard.shards)
    markets = read_markets(store, Venue.KALSHI) + read_markets(store, Venue.POLYMARKET)
    return WatchSet.of(pairs, markets)
