"""Planted arbitrage: books moved away from fair value on purpose, so that the spread engine,
paper trading and the end-to-end tests have a known answer.

A plant makes one Polymarket token cheap and quotes the Kalshi side that pays when the token does
not at a common price, in every Kalshi market paired with that Polymarket market (a moneyline pairs
with both team markets): each pair then costs ``1 - edge`` per set at the top of both books, and
each is recorded. Nothing else pairs with those markets, so no unrecorded arbitrage appears.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from arb_pipeline.config import ScanSettings
from arb_pipeline.domain.fees import (
    kalshi_taker_fee,
    kalshi_taker_fee_rate,
    polymarket_taker_fee,
    polymarket_taker_fee_rate,
)
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.spreads import annualized_return
from arb_pipeline.sandbox.scenario.ladders import TickGrid, random_size
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.state import PlantedArbitrage, TruePair

# Steps a plant stays open: those made with the world last long, those opened later come and go.
LONG_LIFETIME = (1_800, 7_200)
SHORT_LIFETIME = (20, 180)
OPEN_CHANCE_PER_STEP = 1 / 90
# Gross top-of-book edges a plant may get (mills; 3-8 cents), the after-fee profit that makes one
# worth recording ("clearly positive"), and the gross edge of the fee near-miss.
PLANTED_EDGES = (30, 40, 50, 60, 70, 80)
MIN_PROFIT_PER_SET = Decimal("0.01")
NEAR_MISS_EDGE = 10
# A plant must also clear the APY bar a scan applies by default: a few cents locked up for two
# months is a profit no default scan reports, and "planted" would no longer mean "to be found".
MIN_PLANTED_APY = ScanSettings().min_apy


@dataclass(eq=False)
class Plant:
    records: list[PlantedArbitrage]
    kalshi: list[Listing]
    polymarket: Listing
    expires_at: datetime

    @property
    def listings(self) -> list[Listing]:
        return [self.polymarket, *self.kalshi]


def set_profit(kalshi: Listing, polymarket: Listing, kalshi_ask: int, polymarket_ask: int, contracts: int) -> Decimal:
    """After-fee profit of buying ``contracts`` sets at the two asks (mills), each leg one fill,
    charged by the project's fee functions."""
    count = Decimal(contracts)
    kalshi_price, polymarket_price = Decimal(kalshi_ask).scaleb(-3), Decimal(polymarket_ask).scaleb(-3)
    return (count * (1 - kalshi_price - polymarket_price)
            - kalshi_taker_fee(count, kalshi_price, kalshi.kalshi_fees)
            - polymarket_taker_fee(count, polymarket_price, polymarket.polymarket_fees))


def pays_out_at(listing: Listing) -> datetime:
    """When the market is expected to pay, read from its wire object as a client reads it: Kalshi's
    ``expected_expiration_time`` (else ``close_time``), Polymarket's ``endDate``."""
    market = listing.market
    if listing.venue is Venue.KALSHI:
        stamp = market.get("expected_expiration_time") or market["close_time"]
    else:
        stamp = market["endDate"]
    return datetime.fromisoformat(stamp)


def planted_apy(kalshi: Listing, polymarket: Listing, kalshi_ask: int, polymarket_ask: int, contracts: int,
                now: datetime) -> Decimal:
    """The APY a scan at ``now`` gives these sets: profit over cost (asks plus fees) until the
    later leg pays, simple a year, as the spread engine computes it."""
    count = Decimal(contracts)
    profit = set_profit(kalshi, polymarket, kalshi_ask, polymarket_ask, contracts)
    # Every set pays $1, so what the sets cost (asks plus fees) is their payout less the profit.
    cost = count - profit
    # Days as an exact quotient of microseconds, as the spread engine counts them (no float).
    remaining = max(pays_out_at(kalshi), pays_out_at(polymarket)) - now
    days = Decimal(remaining // timedelta(microseconds=1)) / Decimal(timedelta(days=1) // timedelta(microseconds=1))
    return annualized_return(profit, cost, days)


def fees_per_set(kalshi: Listing, polymarket: Listing, kalshi_ask: int, polymarket_ask: int) -> Decimal:
    """Both taker fees per contract before rounding, which only ever rounds them up."""
    return (kalshi_taker_fee_rate(Decimal(kalshi_ask).scaleb(-3), kalshi.kalshi_fees)
            + polymarket_taker_fee_rate(Decimal(polymarket_ask).scaleb(-3), polymarket.polymarket_fees))


PLANT_HORIZON_DAYS = 90


class ArbitragePlanter:
    def __init__(self, rng: random.Random, pairs: list[tuple[TruePair, Listing, Listing]]) -> None:
        self._rng = rng
        self._groups: dict[int, tuple[Listing, list[tuple[TruePair, Listing]]]] = {}
        pair_count: dict[int, int] = {}
        for pair, kalshi, polymarket in pairs:
            self._groups.setdefault(id(polymarket), (polymarket, []))[1].append((pair, kalshi))
            pair_count[id(kalshi)] = pair_count.get(id(kalshi), 0) + 1
        self._single = {key for key, count in pair_count.items() if count == 1}
        self.plants: list[Plant] = []
        self.planted: list[PlantedArbitrage] = []
        self.near_misses: list[PlantedArbitrage] = []
        self.closed: list[tuple[PlantedArbitrage, datetime]] = []
        self.cap = 0

    def candidates(self, now: datetime) -> list[tuple[Listing, list[tuple[TruePair, Listing]]]]:
        """Polymarket markets whose every pair is with a Kalshi market paired to nothing else; all
        quoted, Kalshi on the cent grid, a day or more from settlement, priced away from the
        tails."""
        horizon = now + timedelta(days=1)
        # Arbitrage locked up for years clears no sensible APY bar; plant where a trader would
        # act, within a quarter.
        latest = now + timedelta(days=PLANT_HORIZON_DAYS)

        def usable(listing: Listing) -> bool:
            return listing.quoted and not listing.pinned and not listing.settled and not listing.book.is_empty()

        return [
            (p, pairs) for p, pairs in self._groups.values()
            if usable(p) and horizon < p.quantity.resolves_at <= latest and 250 <= p.fair() <= 750
            and all(usable(k) and id(k) in self._single and k.book.grid is TickGrid.LINEAR_CENT for _, k in pairs)
        ]

    def _dislocation(self, polymarket: Listing) -> tuple[int, int]:
        """(index of the token made cheap, ask in mills of the Kalshi side that pays when that
        token does not). That ask sits one or two cents above the side's fair value, like any
        honest quote; only the Polymarket book moves off fair."""
        token_index = self._rng.randrange(2)
        token_fair = polymarket.fair() if token_index == 0 else 1000 - polymarket.fair()
        kalshi_ask = 1000 - token_fair
        return token_index, kalshi_ask + 10 - kalshi_ask % 10 + 10 * self._rng.randint(0, 1)

    @staticmethod
    def _paying_edges(polymarket: Listing, pairs: list[tuple[TruePair, Listing]], kalshi_ask: int, contracts: int,
                      edges: tuple[int, ...], now: datetime) -> list[int]:
        """The edges (mills) at which buying ``contracts`` sets at the top of both books still
        makes at least a cent per set after both venues' taker fees, and clears the default APY
        bar, for every pair."""
        return [
            edge for edge in edges
            if all(set_profit(kalshi, polymarket, kalshi_ask, 1000 - kalshi_ask - edge, contracts)
                   >= MIN_PROFIT_PER_SET * contracts
                   and planted_apy(kalshi, polymarket, kalshi_ask, 1000 - kalshi_ask - edge, contracts, now)
                   >= MIN_PLANTED_APY for _, kalshi in pairs)
        ]

    def plant(self, polymarket: Listing, pairs: list[tuple[TruePair, Listing]], now: datetime, *, token_index: int,
              kalshi_ask: int, edge: int, top_contracts: int, deep: bool,
              expires_at: datetime) -> list[PlantedArbitrage]:
        rng = self._rng
        token = polymarket.token_pair[token_index]
        polymarket_ask = 1000 - kalshi_ask - edge
        records = []
        for pair, kalshi in pairs:
            side = "no" if pair.polymarket_yes_token == token else "yes"
            opposite = 1 if side == "yes" else 0  # YES ask = 1 - best NO bid; NO ask = 1 - best YES bid
            target = 1000 - kalshi_ask
            for mills in sorted(m for m in kalshi.book.levels(opposite) if m > target):
                kalshi.book.set_level(opposite, mills, 0)
            kalshi.book.set_level(opposite, target, top_contracts * 100)
            if deep:
                for step, contracts in ((1, rng.randint(150, 300)), (2, rng.randint(300, 600))):
                    kalshi.book.set_level(opposite, target - 10 * step, contracts * 100)
            kalshi.book.trim(opposite)
            gross = Decimal(1000 - kalshi_ask - polymarket_ask).scaleb(-3)
            records.append(PlantedArbitrage(kalshi.market_id, polymarket.market_id, side, token, now, gross))
        polymarket.book.clear()
        mirror = 1 - token_index  # its bids are the asks of the token bought
        polymarket.book.set_level(mirror, 1000 - polymarket_ask, top_contracts * 100)
        for step in range(1, 5):
            contracts = rng.randint(100, 250) * step if deep else random_size(rng) // 100
            polymarket.book.set_level(mirror, 1000 - polymarket_ask - 10 * step, contracts * 100)
        bid = polymarket_ask - 10 * rng.randint(1, 2)
        for step in range(rng.randint(3, 6)):
            if bid - 10 * step >= 10:
                polymarket.book.set_level(token_index, bid - 10 * step, random_size(rng))
        plant = Plant(records, [kalshi for _, kalshi in pairs], polymarket, expires_at)
        for listing in plant.listings:
            listing.pinned = True
        self.plants.append(plant)
        return records

    def plant_initial(self, now: datetime, wanted: int, expiry: Callable[[], datetime]) -> list[Plant]:
        """``wanted`` arbitrage records, the first one thin at the top and deep below it (sizing
        has to walk levels), then one fee near-miss."""
        candidates = self.candidates(now)
        self._rng.shuffle(candidates)
        for polymarket, pairs in candidates:
            if len(self.planted) >= wanted:
                break
            if polymarket.pinned or any(kalshi.pinned for _, kalshi in pairs):
                continue
            deep = not self.planted
            top = self._rng.randint(60, 100) if deep else self._rng.randint(150, 600)
            token_index, kalshi_ask = self._dislocation(polymarket)
            edges = self._paying_edges(polymarket, pairs, kalshi_ask, top, (80,) if deep else PLANTED_EDGES, now)
            if not edges:
                continue
            self.planted += self.plant(polymarket, pairs, now, token_index=token_index, kalshi_ask=kalshi_ask,
                                       edge=self._rng.choice(edges), top_contracts=top, deep=deep,
                                       expires_at=expiry())
        for polymarket, pairs in self.candidates(now):
            token_index, kalshi_ask = self._dislocation(polymarket)
            # One cent of gross edge against more than a cent of fees per contract (rounding only
            # adds): it looks like arbitrage and loses on every set, at any size.
            polymarket_ask = 1000 - kalshi_ask - NEAR_MISS_EDGE
            if all(fees_per_set(kalshi, polymarket, kalshi_ask, polymarket_ask) > Decimal(NEAR_MISS_EDGE).scaleb(-3)
                   for _, kalshi in pairs):
                self.near_misses += self.plant(polymarket, pairs, now, token_index=token_index,
                                               kalshi_ask=kalshi_ask, edge=NEAR_MISS_EDGE,
                                               top_contracts=self._rng.randint(100, 400), deep=False,
                                               expires_at=expiry())
                break
        self.cap = len(self.planted) + 2
        return list(self.plants)

    def maybe_open(self, now: datetime, expires_at: datetime) -> Plant | None:
        if self._rng.random() >= OPEN_CHANCE_PER_STEP or len(self.planted) >= self.cap:
            return None
        candidates = self.candidates(now)
        if not candidates:
            return None
        polymarket, pairs = self._rng.choice(candidates)
        return self._open(polymarket, pairs, now, expires_at)

    def open_now(self, now: datetime, expires_at: datetime) -> Plant | None:
        """A plant opened at once on the first candidate that takes one (the sandbox's control
        for tests); None when none does."""
        for polymarket, pairs in self.candidates(now):
            plant = self._open(polymarket, pairs, now, expires_at)
            if plant is not None:
                return plant
        return None

    def _open(self, polymarket: Listing, pairs: list[tuple[TruePair, Listing]], now: datetime,
              expires_at: datetime) -> Plant | None:
        top = self._rng.randint(150, 500)
        token_index, kalshi_ask = self._dislocation(polymarket)
        edges = self._paying_edges(polymarket, pairs, kalshi_ask, top, PLANTED_EDGES, now)
        if not edges:
            return None
        self.planted += self.plant(polymarket, pairs, now, token_index=token_index, kalshi_ask=kalshi_ask,
                                   edge=self._rng.choice(edges), top_contracts=top, deep=False,
                                   expires_at=expires_at)
        return self.plants[-1]

    def due(self, now: datetime) -> list[Plant]:
        return [plant for plant in self.plants if plant.expires_at <= now]

    def holding(self, listing: Listing) -> list[Plant]:
        return [plant for plant in self.plants if listing in plant.listings]

    def release(self, plant: Plant, now: datetime) -> None:
        """Close a plant: its books go back to quoting fair value (the caller requotes them)."""
        self.plants.remove(plant)
        for listing in plant.listings:
            listing.pinned = False
        for record in plant.records:
            for records in (self.planted, self.near_misses):
                if record in records:
                    records.remove(record)
                    self.closed.append((record, now))
