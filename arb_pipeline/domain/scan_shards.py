"""Which share of the scan one partition of the batch path does (docs/operations.md#scale-out).

The matching, quote, spread and opportunity assets are split into ``shards`` static partitions so
Dagster can run them side by side, each run its own process or pod. Every partition must find
everything it needs in its own share, and no row may be claimed by two partitions:

- A Kalshi market belongs to the shard of its event (the event ticker, else the market's own
  ticker), hashed with :func:`arb_pipeline.domain.sharding.shard_of`, the one stable hash the
  streamer replicas use too. One event's markets stay together, so a basket of range legs and the
  matcher's "several markets qualify" rules see all of their event.
- A pair belongs to the shard of its Kalshi key ticker: a partition matches its Kalshi markets
  against every Polymarket market, and evaluates the pairs it matched.
- A Polymarket market belongs to the shard of its approved pairs (the lowest, in the rare case of
  pairs in several shards), else to the shard of its Gamma id; that shard evaluates its own set
  (one of every outcome token). A Kalshi market's YES + NO set is evaluated by its own shard.
- A quote partition fetches the books of its own open markets and of both legs of its approved
  pairs, so a spread partition finds both legs of every pair it walks in the same snapshot, fetched
  by itself moments apart. Only a Polymarket market approved against Kalshi markets of two shards
  is fetched twice; the snapshot keeps the first book (its unique key), and the later shard's
  spread of that pair is refused when the two fetches lie further apart than the leg-skew limit.

A partition never needs every stored market in full, only where each is placed: its event and
whether it trades (a :class:`Placed` row, a few columns). It reads in full only what it owns and
the legs of its pairs (:meth:`ShardScope.markets_to_read`), so N partitions together read the
catalog about once rather than N times.

One check of the matcher looks across Kalshi markets of different events: a Polymarket token
approved on several Kalshi markets goes to review. Shards see that through the warehouse:
:func:`hold_cross_shard_conflicts` holds back a shard's approvals that another shard's Kalshi
markets also claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from arb_pipeline.domain.matching.pairs_file import PairsFile
from arb_pipeline.domain.models import MATCHER_DECIDER, Market, MarketStatus, MatchedPair, PairStatus, Spread, Venue
from arb_pipeline.domain.sharding import shard_of
from arb_pipeline.domain.spreads import index_markets

#: The reason a pair approved by its own shard's matcher is held for review because another
#: shard's Kalshi market was approved on the same Polymarket token. The prefix marks it, so the
#: next run of either shard still sees the other's claim.
CROSS_SHARD_HOLD = "the same Polymarket token pays on Kalshi markets of other events"


@dataclass(frozen=True, slots=True)
class ScanShard:
    """Shard ``shard`` of ``shards``; its Dagster partition key is the shard number."""

    shard: int
    shards: int

    def __post_init__(self) -> None:
        if isinstance(self.shards, bool) or not isinstance(self.shards, int) or self.shards < 1:
            raise ValueError(f"the scan needs a shard count >= 1, got {self.shards!r}")
        if isinstance(self.shard, bool) or not isinstance(self.shard, int) or not 0 <= self.shard < self.shards:
            raise ValueError(f"shard must be an integer from 0 to {self.shards - 1}, got {self.shard!r}")

    @classmethod
    def from_partition_key(cls, key: str, shards: int) -> ScanShard:
        if not key.isdigit():
            raise ValueError(f"scan partition key {key!r} is not a shard number")
        return cls(int(key), shards)

    @property
    def partition_key(self) -> str:
        return str(self.shard)

    def __str__(self) -> str:
        return f"shard {self.shard} of {self.shards}"


def partition_keys(shards: int) -> list[str]:
    return [ScanShard(shard, shards).partition_key for shard in range(shards)]


class QuoteInstruments(NamedTuple):
    """What a shard's quote partition fetches (:meth:`ShardScope.quote_instruments`), and so the
    rows of a snapshot that shard reads and checks: Kalshi market tickers (every side of each) and
    Polymarket token ids."""

    kalshi_tickers: Sequence[str]
    polymarket_tokens: Sequence[str]


class Placed(Protocol):
    """What places a stored market in a shard: a :class:`Market`, or a warehouse row of just these."""

    @property
    def venue(self) -> Venue: ...
    @property
    def market_id(self) -> str: ...
    @property
    def event_id(self) -> str | None: ...
    @property
    def status(self) -> MarketStatus: ...


@dataclass(frozen=True, slots=True)
class Placement:
    """A stored market's place and nothing else, as the warehouse reads it for every market."""

    venue: Venue
    market_id: str
    event_id: str | None
    status: MarketStatus


class ShardScope:
    """What one shard owns. ``catalog`` places every stored market (owned or not: a pair's
    Polymarket leg and the events of Kalshi tickers are looked up in all of them; by default
    ``markets``); ``markets`` are the markets the shard reads in full, at least its own and its
    pairs' legs; the approved pairs place their Polymarket markets."""

    def __init__(
        self,
        shard: ScanShard,
        markets: Iterable[Market],
        approved: Iterable[MatchedPair] = (),
        *,
        catalog: Iterable[Placed] | None = None,
    ) -> None:
        self.shard = shard
        self.markets = index_markets(markets)
        # index_markets refuses an id both venues use in the catalog as it does in the markets.
        self.catalog: dict[str, Placed] = dict(self.markets) if catalog is None else index_markets(catalog)
        self._kalshi_events = {
            m.market_id: m.event_id or m.market_id for m in self.catalog.values() if m.venue is Venue.KALSHI
        }
        self._polymarket_shards: dict[str, int] = {}
        for pair in approved:
            if pair.status is PairStatus.APPROVED:
                placed = self._shard_of(self._kalshi_key(pair.kalshi_ticker))
                known = self._polymarket_shards.get(pair.polymarket_market_id, placed)
                self._polymarket_shards[pair.polymarket_market_id] = min(known, placed)

    def _shard_of(self, key: str) -> int:
        return 0 if self.shard.shards == 1 else shard_of(key, self.shard.shards)

    def _kalshi_key(self, ticker: str) -> str:
        # A ticker no stored market has is placed by the ticker itself.
        return self._kalshi_events.get(ticker, ticker)

    def owns_kalshi(self, ticker: str) -> bool:
        """Whether this shard owns the Kalshi market ``ticker``."""
        return self._shard_of(self._kalshi_key(ticker)) == self.shard.shard

    def owns_polymarket(self, market_id: str) -> bool:
        placed = self._polymarket_shards.get(market_id)
        return (self._shard_of(market_id) if placed is None else placed) == self.shard.shard

    def owns_market(self, market: Market) -> bool:
        if market.venue is Venue.KALSHI:
            return self.owns_kalshi(market.market_id)
        return self.owns_polymarket(market.market_id)

    def owns_pair(self, pair: MatchedPair) -> bool:
        return self.owns_kalshi(pair.kalshi_ticker)

    def owns_spread(self, spread: Spread) -> bool:
        """A cross-venue or Kalshi YES + NO spread by its Kalshi ticker, a Polymarket set by its market."""
        return self.owns_spread_of(spread.kalshi_ticker, spread.polymarket_market_id)

    def owns_spread_of(self, kalshi_ticker: str | None, polymarket_market_id: str | None) -> bool:
        """:meth:`owns_spread` of a stored spread or opportunity row, by its two market columns."""
        if kalshi_ticker is not None:
            return self.owns_kalshi(kalshi_ticker)
        return polymarket_market_id is not None and self.owns_polymarket(polymarket_market_id)

    def own_markets(self, venue: Venue | None = None) -> list[Market]:
        return [m for m in self.markets.values() if (venue is None or m.venue is venue) and self.owns_market(m)]

    def own_market_ids(self, venue: Venue) -> list[str]:
        """Every stored market of ``venue`` this shard owns, read in full or not."""
        return [m.market_id for m in self.catalog.values() if m.venue is venue and self.owns_market(m)]

    def markets_to_read(self, approved: Iterable[MatchedPair]) -> dict[Venue, set[str]]:
        """What the shard reads in full, by venue: its own markets and the legs of its approved pairs."""
        wanted = {venue: set(self.own_market_ids(venue)) for venue in (Venue.KALSHI, Venue.POLYMARKET)}
        for pair in self.own_pairs(approved):
            if pair.status is PairStatus.APPROVED:
                wanted[Venue.KALSHI].update(pair.kalshi_legs)
                wanted[Venue.POLYMARKET].add(pair.polymarket_market_id)
        return wanted

    def reading(self, markets: Iterable[Market]) -> ShardScope:
        """This scope over the same catalog, holding ``markets`` in full (:meth:`markets_to_read`)."""
        scope = copy(self)
        scope.markets = index_markets(markets)
        return scope

    def open_ids(self) -> set[str]:
        """Every stored market, of either venue, that still trades."""
        return {m.market_id for m in self.catalog.values() if m.status is MarketStatus.OPEN}

    def own_pairs(self, pairs: Iterable[MatchedPair]) -> list[MatchedPair]:
        return [pair for pair in pairs if self.owns_pair(pair)]

    def own_pairs_file(self, pairs_file: PairsFile) -> PairsFile:
        """The pins and rejections of this shard's Kalshi markets (a pin by its first leg, the
        pair's key): another shard applies, and reports on, the rest."""
        return replace(
            pairs_file,
            pins=tuple(pin for pin in pairs_file.pins if self.owns_kalshi(pin.kalshi_tickers[0])),
            rejections=tuple(r for r in pairs_file.rejections if self.owns_kalshi(r.kalshi_ticker)),
        )

    def quote_instruments(self, approved: Iterable[MatchedPair]) -> QuoteInstruments:
        """The Kalshi tickers and Polymarket tokens this shard's quote partition fetches: its own
        open markets and the open markets of both legs of its approved pairs, in a stable order."""
        tickers: dict[str, None] = {}
        tokens: dict[str, None] = {}

        def add(market: Market | None) -> None:
            if market is None or market.status is not MarketStatus.OPEN:
                return
            if market.venue is Venue.KALSHI:
                tickers[market.market_id] = None
            else:
                tokens.update(dict.fromkeys(market.token_ids))

        for market in self.own_markets():
            add(market)
        for pair in self.own_pairs(approved):
            if pair.status is PairStatus.APPROVED:
                for leg in pair.kalshi_legs:
                    add(self.markets.get(leg))
                add(self.markets.get(pair.polymarket_market_id))
        return QuoteInstruments(list(tickers), list(tokens))


    def hold_conflicts(self, own: Sequence[MatchedPair], stored: Iterable[MatchedPair]) -> list[MatchedPair]:
        """:func:`hold_cross_shard_conflicts` of ``own`` against the other shards' ``stored`` pairs
        whose markets still trade: a claim on a market that closed binds nobody, as the matcher,
        which reads open markets only, would not have seen it."""
        trading = self.open_ids()
        others = [
            p for p in stored
            if not self.owns_pair(p) and {*p.kalshi_legs, p.polymarket_market_id} <= trading
        ]  # fmt: skip
        return hold_cross_shard_conflicts(own, others)


def _claims(pair: MatchedPair) -> bool:
    """A matcher approval, or one this module held back: either way the matcher claims the token.
    A person's decisions (pairs file, review) are never held back here."""
    if pair.decided_by != MATCHER_DECIDER:
        return False
    return pair.status is PairStatus.APPROVED or any(r.startswith(CROSS_SHARD_HOLD) for r in pair.reasons)


def hold_cross_shard_conflicts(own: Sequence[MatchedPair], others: Iterable[MatchedPair]) -> list[MatchedPair]:
    """``own`` (one shard's matching run) with every matcher approval whose Polymarket token paying
    on Kalshi YES another shard's matcher also claims sent to review, naming those Kalshi markets:
    what the matcher does within one run when a token pays on several Kalshi markets."""
    claimed: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for pair in others:
        if _claims(pair):
            claimed[(pair.polymarket_market_id, pair.polymarket_yes_token)].append(pair.kalshi_ticker)
    held = []
    for pair in own:
        rivals = claimed.get((pair.polymarket_market_id, pair.polymarket_yes_token)) if _claims(pair) else None
        if rivals:
            reason = f"{CROSS_SHARD_HOLD} ({', '.join(sorted(rivals))}): a human picks"
            pair = replace(pair, status=PairStatus.REVIEW, reasons=(*pair.reasons, reason))
        held.append(pair)
    return held
