"""The simulated world the sandbox exchange serves: catalogs, live books, ground truth, and how
it all moves with time.

Ground truth is exact by construction. Two markets form a :class:`TruePair` when they pay on the
same outcomes of the same quantity, or on complementary ones (then the Polymarket token that pays
on Kalshi YES is outcome 1). A resolution draws one outcome per quantity, so paired markets always
settle together.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Set
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.books import LiveKalshiBook, LiveTokenBook
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading.profiles import US_BOOKMAKERS
from arb_pipeline.sandbox.scenario.arbitrage import LONG_LIFETIME, SHORT_LIFETIME, ArbitragePlanter, Plant
from arb_pipeline.sandbox.scenario.catalog import build_catalog
from arb_pipeline.sandbox.scenario.economy import RELATIVE
from arb_pipeline.sandbox.scenario.formats import dollars, gamma_number, hundredths_of, mills_of
from arb_pipeline.sandbox.scenario.ladders import KalshiQuotedBook, PolymarketQuotedBook, resized
from arb_pipeline.sandbox.scenario.listings import SETTLEMENT_DELAY, Listing
from arb_pipeline.sandbox.scenario.outcomes import Parlay, Quantity
from arb_pipeline.sandbox.scenario.sports import AWAY_WINS
from arb_pipeline.sandbox.scenario.venues import ChangeLog, VenueWriter, shift_odds
from arb_pipeline.sandbox.state import (
    HardNegative,
    KalshiLevelChange,
    MarketResolution,
    PlantedArbitrage,
    PlantedValue,
    PolymarketLevelChange,
    StepResult,
    TruePair,
)

STEP_INTERVAL = timedelta(seconds=1)
# Per step: quantities whose fair value moves (every market on them requotes), and books where a
# single order comes or goes. Constant in ``size``, so a step costs the same in a 40k-market world.
MOVES_PER_STEP = 2
JIGGLES_PER_STEP = 4
# Every step also trades at the top of one book per venue, so a client watching top-of-book sees
# the market move on every step.
TOP_ATTEMPTS = 8
#: How much more likely the sportsbooks make the away team of the planted value game than Kalshi
#: does: 15 cents of edge before Kalshi's spread and fee, past every profile's minimum (6 cents).
VALUE_SHIFT = Decimal("0.15")


class SandboxScenario:
    """Implements :class:`arb_pipeline.sandbox.state.Scenario`; build it with
    :func:`build_scenario`."""

    def __init__(self, seed: int, size: int, writer: VenueWriter, log: ChangeLog, *,
                 step_interval: timedelta = STEP_INTERVAL) -> None:
        self.seed = seed
        self.now = writer.now
        self.step_interval = step_interval
        self._rng = writer.rng
        self._log = log
        self.kalshi_series = writer.kalshi_series
        self.kalshi_events = writer.kalshi_events
        self.kalshi_markets = writer.kalshi_markets
        self.polymarket_events = writer.polymarket_events
        self.polymarket_markets = writer.polymarket_markets
        self.odds_sports = writer.odds_sports
        self.odds_events = writer.odds_events
        self._listings = writer.listings
        self._by_venue = {venue: [listing for listing in self._listings if listing.venue is venue]
                          for venue in (Venue.KALSHI, Venue.POLYMARKET)}
        self._quantities = writer.quantities
        self.kalshi_books: dict[str, LiveKalshiBook] = {}
        self.polymarket_books: dict[str, LiveTokenBook] = {}
        self._by_market: dict[tuple[Venue, str], Listing] = {}
        self._by_token: dict[str, tuple[Listing, int]] = {}
        self._owned: dict[int, list[Listing]] = {}  # the markets a quantity settles
        self._moved_by: dict[int, list[Listing]] = {}  # the markets a quantity's drift requotes
        for listing in self._listings:
            self._index(listing)
        self._odds_by_winner = {id(winner): event for event, winner in writer.odds_games}
        self._resolutions = [(q.resolves_at, order, q) for order, q in enumerate(self._quantities)]
        heapq.heapify(self._resolutions)
        self._finalizations: list[tuple[datetime, int, Listing]] = []
        self._scheduled: list[tuple[datetime, int, tuple[Listing, Listing], dict[int, bool]]] = []
        self._scheduled_order = 0
        self._touched: dict[int, Listing] = {}

        self._settle_the_past()
        self._quote_everything()
        pairs = self._find_truth()
        self.truth_pairs: list[TruePair] = [pair for pair, _, _ in pairs]
        self.hard_negatives: list[HardNegative] = self._check_negatives(writer)
        writer.price_odds_games({id(winner): _away_fair(winner) for _, winner in writer.odds_games})
        self.planted_value: list[PlantedValue] = self._plant_value(writer)
        self._planter = ArbitragePlanter(self._rng, pairs)
        for plant in self._planter.plant_initial(self.now, 5 + (size - 1) // 5, lambda: self._expiry(LONG_LIFETIME)):
            for listing in plant.listings:
                self._touch(listing)
        self.planted_arbitrage: list[PlantedArbitrage] = self._planter.planted
        # Gross edge above zero at the top of both books, loss after fees: not an opportunity.
        self.near_misses: list[PlantedArbitrage] = self._planter.near_misses
        self.closed_arbitrage: list[tuple[PlantedArbitrage, datetime]] = self._planter.closed
        self._publish_touched()
        log.clear()

    def _index(self, listing: Listing) -> None:
        self._by_market[(listing.venue, listing.market_id)] = listing
        book = listing.book
        if isinstance(book, KalshiQuotedBook):
            self.kalshi_books[listing.market_id] = book.book
        elif isinstance(book, PolymarketQuotedBook):
            for index, (token, token_book) in enumerate(zip(listing.token_pair, book.books, strict=True)):
                self.polymarket_books[token] = token_book
                self._by_token[token] = (listing, index)
        quantity = listing.quantity
        self._owned.setdefault(id(quantity), []).append(listing)
        drivers = [leg for leg, _, _ in quantity.legs] if isinstance(quantity, Parlay) else [quantity]
        for driver in drivers:
            self._moved_by.setdefault(id(driver), []).append(listing)

    # ---- read access for the server and tests ------------------------------------------------

    def kalshi_fair(self, ticker: str) -> Decimal:
        """The world's chance (to 0.001) that Kalshi ``ticker`` resolves YES."""
        return Decimal(self._by_market[(Venue.KALSHI, ticker)].fair()).scaleb(-3)

    def polymarket_fair(self, token_id: str) -> Decimal:
        """The world's chance (to 0.001) that Polymarket ``token_id`` pays."""
        listing, index = self._by_token[token_id]
        fair = listing.fair()
        return Decimal(fair if index == 0 else 1000 - fair).scaleb(-3)

    def is_dislocated(self, venue: Venue, market_id: str) -> bool:
        """True while planted arbitrage (or a fee near-miss) holds this market's book away from
        fair value."""
        return self._by_market[(venue, market_id)].pinned

    def kalshi_market(self, ticker: str) -> dict[str, Any]:
        return self._by_market[(Venue.KALSHI, ticker)].market

    def polymarket_market(self, market_id: str) -> dict[str, Any]:
        return self._by_market[(Venue.POLYMARKET, market_id)].market

    # ---- building --------------------------------------------------------------------------

    def _settle_the_past(self) -> None:
        """Quantities that resolved before ``now`` (yesterday's games...) settle silently."""
        while self._resolutions and self._resolutions[0][0] <= self.now:
            _, _, quantity = heapq.heappop(self._resolutions)
            self._resolve(quantity, quantity.resolves_at)
        self._finalize_due()

    def _quote_everything(self) -> None:
        for listing in self._listings:
            if listing.settled:
                continue
            if listing.quoted:
                listing.book.build(listing.fair(), self._rng)
            listing.book.stamp(self.now)
            listing.refresh_quotes()
            fair = listing.fair()
            last = max(10, min(990, fair - fair % 10))
            if listing.venue is Venue.KALSHI:
                previous = max(10, min(990, last + self._rng.choice((-10, 0, 10))))
                listing.market.update(last_price_dollars=dollars(last), previous_price_dollars=dollars(previous))
            else:
                listing.market["lastTradePrice"] = gamma_number(last)

    def _find_truth(self) -> list[tuple[TruePair, Listing, Listing]]:
        pairs = []
        for group in self._owned.values():
            kalshi = [listing for listing in group if listing.venue is Venue.KALSHI]
            polymarket = [
                listing for listing in group if listing.venue is Venue.POLYMARKET and listing.phrasing != RELATIVE
            ]
            for k in kalshi:
                for p in polymarket:
                    same = k.quantity.same_settlement(k.predicate, p.predicate)
                    if not same and not k.quantity.complementary(k.predicate, p.predicate):
                        continue
                    first, second = p.token_pair
                    yes, no = (first, second) if same else (second, first)
                    if p.market.get("sportsMarketType") == "moneyline":
                        phrasing = p.phrasing or "same"
                    elif not same:
                        phrasing = "complement"
                    else:
                        phrasing = "same" if p.phrasing == "same" else "reworded"
                    pairs.append((TruePair(k.market_id, p.market_id, yes, no, k.category, phrasing), k, p))
        return pairs

    @staticmethod
    def _check_negatives(writer: VenueWriter) -> list[HardNegative]:
        negatives = []
        for spec in writer.negatives:
            k, p = spec.kalshi, spec.polymarket
            quantity = k.quantity
            if quantity is p.quantity and (quantity.same_settlement(k.predicate, p.predicate)
                                           or quantity.complementary(k.predicate, p.predicate)):
                raise RuntimeError(f"hard negative {k.market_id} / {p.market_id} ({spec.trap}) settles as a pair")
            negatives.append(HardNegative(k.market_id, p.market_id, k.category, spec.trap))
        return negatives

    # ---- moving the world ------------------------------------------------------------------

    def _expiry(self, lifetime: tuple[int, int]) -> datetime:
        return self.now + self.step_interval * self._rng.randint(*lifetime)

    def _touch(self, listing: Listing) -> None:
        self._touched[id(listing)] = listing

    def _publish_touched(self) -> None:
        for listing in self._touched.values():
            listing.book.stamp(self.now)
            if not listing.settled:
                listing.refresh_quotes()
        self._touched.clear()

    def _plant_value(self, writer: VenueWriter) -> list[PlantedValue]:
        """A planted value bet: the first game every US sportsbook quotes (so any profile's
        consensus can agree), with both Kalshi team markets quoted and the away team at most 70%
        to win (room for the whole shift), requoted by every book ``VALUE_SHIFT`` more likely for
        the away team."""
        for event, winner in writer.odds_games:
            kalshi = [listing for listing in self._owned.get(id(winner), ())
                      if listing.venue is Venue.KALSHI and listing.quoted and not listing.settled]
            away = [listing for listing in kalshi if listing.predicate == AWAY_WINS]
            home = [listing for listing in kalshi if listing not in away]
            books = {bookmaker["key"] for bookmaker in event["bookmakers"]}
            fair = _away_fair(winner)
            if len(away) == 1 and len(home) == 1 and fair <= 700 and books >= set(US_BOOKMAKERS):
                shift_odds(event, VALUE_SHIFT, self.now)
                return [PlantedValue(event["id"], event["away_team"], away[0].market_id, home[0].market_id,
                                     Decimal(fair) / 1000, VALUE_SHIFT)]
        return []

    @staticmethod
    def _movable(listing: Listing) -> bool:
        return listing.quoted and not listing.settled and not listing.pinned

    def _move_markets(self) -> None:
        rng = self._rng
        for _ in range(MOVES_PER_STEP):
            quantity = rng.choice(self._quantities)
            if quantity.outcome is not None or isinstance(quantity, Parlay):
                continue
            quantity.drift(rng)
            for listing in self._moved_by.get(id(quantity), ()):
                if self._movable(listing):
                    listing.book.requote(listing.fair(), rng)
                    self._touch(listing)
        for _ in range(JIGGLES_PER_STEP):
            listing = rng.choice(self._listings)
            if self._movable(listing):
                listing.book.jiggle(rng)
                self._touch(listing)
        for listings in self._by_venue.values():
            for _ in range(TOP_ATTEMPTS):
                listing = rng.choice(listings)
                if self._movable(listing) and not listing.book.is_empty():
                    listing.book.touch_top(rng)
                    self._touch(listing)
                    break

    def _release(self, plant: Plant) -> None:
        """Close a plant and send its books that still trade back to quoting fair value."""
        self._planter.release(plant, self.now)
        for listing in plant.listings:
            if not listing.settled:
                listing.book.requote(listing.fair(), self._rng)
                self._touch(listing)

    def _move_arbitrage(self) -> None:
        for plant in self._planter.due(self.now):
            self._release(plant)
        plant = self._planter.maybe_open(self.now, self._expiry(SHORT_LIFETIME))
        if plant is not None:
            for listing in plant.listings:
                self._touch(listing)

    def _settle(self, listing: Listing, pays_outcome_zero: bool, moment: datetime) -> MarketResolution:
        listing.book.clear()
        listing.book.stamp(moment)
        winner = listing.settle(pays_outcome_zero, moment)
        if listing.venue is Venue.KALSHI:
            heapq.heappush(self._finalizations, (moment + SETTLEMENT_DELAY, id(listing), listing))
        elif all(market["closed"] for market in listing.event["markets"]):
            listing.event["closed"] = True
        return MarketResolution(listing.venue, listing.market_id, winner, listing.winning_token, moment)

    def _resolve(self, quantity: Quantity, moment: datetime) -> list[MarketResolution]:
        outcome = self._realize(quantity)
        resolutions = []
        for listing in self._owned.get(id(quantity), ()):
            if not listing.settled:
                resolutions.append(self._settle(listing, listing.predicate.holds(outcome), moment))
        game = self._odds_by_winner.pop(id(quantity), None)
        if game is not None:
            # Completed games are not returned by The Odds API (docs/venues.md#the-odds-api).
            self.odds_events[game["sport_key"]].remove(game)
        return resolutions

    def _realize(self, quantity: Quantity) -> int:
        # An event's outcome is drawn from the seed and the event alone, not from the world's
        # running generator: how many steps a run took before it resolved (a streamer window is
        # wall-clock time) must not change who wins, so a run's settlements and PnL repeat.
        return quantity.realize(random.Random(f"{self.seed}:{quantity.key}"))

    def _finalize_due(self) -> None:
        while self._finalizations and self._finalizations[0][0] <= self.now:
            moment, _, listing = heapq.heappop(self._finalizations)
            listing.finalize(moment)

    def schedule_resolution(self, kalshi_ticker: str, polymarket_market_id: str, at: datetime, *,
                            kalshi_result: str | None = None, polymarket_winner: str | None = None) -> None:
        """Resolve a Kalshi market and a Polymarket market on the same event at the first step
        at or after ``at``, before the event's own time (tests and demos settle trades without
        waiting for the calendar). Each venue pays what the event produced unless its ruling is
        given: ``kalshi_result`` "yes"/"no", ``polymarket_winner`` a token id. Rulings that
        disagree are a pair the two venues resolved differently."""
        kalshi = self._by_market.get((Venue.KALSHI, kalshi_ticker))
        polymarket = self._by_market.get((Venue.POLYMARKET, polymarket_market_id))
        if kalshi is None or polymarket is None:
            raise ValueError(f"no such markets: kalshi {kalshi_ticker!r}, polymarket {polymarket_market_id!r}")
        if kalshi.quantity is not polymarket.quantity:
            raise ValueError(f"kalshi {kalshi_ticker} and polymarket {polymarket_market_id} settle on different events")
        if kalshi.settled or polymarket.settled:
            raise ValueError(f"kalshi {kalshi_ticker} or polymarket {polymarket_market_id} is already settled")
        if kalshi_result not in (None, "yes", "no"):
            raise ValueError(f"kalshi_result must be 'yes' or 'no', got {kalshi_result!r}")
        if polymarket_winner is not None and polymarket_winner not in polymarket.token_pair:
            raise ValueError(f"token {polymarket_winner!r} is not an outcome of polymarket market {polymarket_market_id}")
        rulings: dict[int, bool] = {}
        if kalshi_result is not None:
            rulings[id(kalshi)] = kalshi_result == "yes"
        if polymarket_winner is not None:
            rulings[id(polymarket)] = polymarket_winner == polymarket.token_pair[0]
        self._scheduled_order += 1
        heapq.heappush(self._scheduled, (at, self._scheduled_order, (kalshi, polymarket), rulings))

    def _resolve_scheduled(self) -> list[MarketResolution]:
        resolutions = []
        while self._scheduled and self._scheduled[0][0] <= self.now:
            _, _, listings, rulings = heapq.heappop(self._scheduled)
            for listing in listings:
                for plant in self._planter.holding(listing):
                    self._release(plant)
            outcome = self._realize(listings[0].quantity)
            for listing in listings:
                if not listing.settled:
                    pays = rulings.get(id(listing), listing.predicate.holds(outcome))
                    resolutions.append(self._settle(listing, pays, self.now))
        return resolutions

    def pull_asks(self, venue: Venue, market_id: str, outcome: str) -> int:
        """Take every ask of one outcome off the book (a liquidity provider leaving), keeping its
        bids: an order to buy it now finds nothing, one to sell it still can. ``outcome`` is
        "yes"/"no" on Kalshi (whose asks are the other side's bids), a token id on Polymarket.
        Returns the levels removed; the change goes out with the next step."""
        listing = self._by_market.get((Venue(venue), market_id))
        if listing is None:
            raise ValueError(f"no {venue} market {market_id!r}")
        if listing.venue is Venue.KALSHI:
            if outcome not in ("yes", "no"):
                raise ValueError(f"kalshi outcome must be 'yes' or 'no', got {outcome!r}")
            opposite = 1 if outcome == "yes" else 0
        else:
            if outcome not in listing.token_pair:
                raise ValueError(f"token {outcome!r} is not an outcome of polymarket market {market_id}")
            # A token's asks are the other token's bids (the sandbox's books are complementary).
            opposite = 1 - listing.token_pair.index(outcome)
        levels = list(listing.book.levels(opposite))
        for mills in levels:
            listing.book.set_level(opposite, mills, 0)
        listing.pinned = True
        self._touch(listing)
        self._publish_touched()
        return len(levels)

    def close_arbitrage(self, kalshi_ticker: str) -> StepResult:
        """Release the plant holding ``kalshi_ticker`` now, its books back to fair value; returns
        the changes, as a step's (the clock does not move)."""
        plant = next((p for p in self._planter.plants if any(k.market_id == kalshi_ticker for k in p.kalshi)), None)
        if plant is None:
            raise ValueError(f"no planted arbitrage holds Kalshi market {kalshi_ticker!r}")
        self._release(plant)
        return self._changes(StepResult(now=self.now))

    def open_arbitrage(self) -> StepResult:
        """Plant a new arbitrage now, wherever one can go; returns the changes, as a step's.
        Raises ValueError when no market is free to take one."""
        plant = self._planter.open_now(self.now, self._expiry(LONG_LIFETIME))
        if plant is None:
            raise ValueError("no market is free to take a planted arbitrage")
        for listing in plant.listings:
            self._touch(listing)
        return self._changes(StepResult(now=self.now))

    def _changes(self, result: StepResult) -> StepResult:
        self._publish_touched()
        result.kalshi_changes = list(self._log.kalshi)
        result.polymarket_changes = list(self._log.polymarket)
        self._log.clear()
        return result

    def step(self) -> StepResult:
        """Advance ``now`` by one interval and return exactly what changed: applying the level
        changes, in order, to the previous books gives the new books."""
        self.now += self.step_interval
        result = StepResult(now=self.now)
        while self._resolutions and self._resolutions[0][0] <= self.now:
            _, _, quantity = heapq.heappop(self._resolutions)
            for listing in self._owned.get(id(quantity), ()):
                for plant in self._planter.holding(listing):
                    self._release(plant)
            result.resolutions += self._resolve(quantity, self.now)
        result.resolutions += self._resolve_scheduled()
        self._finalize_due()
        self._move_arbitrage()
        self._move_markets()
        return self._changes(result)

    def burst_changes(
        self, venue: Venue, n: int, within: Set[str] | None = None
    ) -> Iterator[list[KalshiLevelChange] | list[PolymarketLevelChange]]:
        """``n`` book updates made as fast as possible, for throughput benchmarks. Each resizes one
        resting level (prices never move, so every book stays valid), is applied to the books
        before it is yielded, and comes as the changes of one venue message: one Kalshi
        ``orderbook_delta``, or one Polymarket ``price_change`` carrying both tokens' sides of the
        level. ``within``: only the books of these instruments (Kalshi tickers, Polymarket
        tokens) are drawn, none when none of them is quoted; None: any quoted book."""
        venue = Venue(venue)
        if venue not in self._by_venue:
            raise ValueError(f"burst updates exist for Kalshi and Polymarket books, not {venue}")
        pool = [listing for listing in self._by_venue[venue] if self._movable(listing) and not listing.book.is_empty()]
        if within is not None:
            pool = [listing for listing in pool if not within.isdisjoint(listing.tokens or (listing.market_id,))]
            if not pool:
                return
        elif not pool:
            raise ValueError(f"the scenario has no quoted {venue} book to update")
        rng = self._rng
        sink = self._log.kalshi if venue is Venue.KALSHI else self._log.polymarket
        for _ in range(n):
            book = pool[int(rng.random() * len(pool))].book
            index = 0 if rng.random() < 0.5 else 1
            if not book.ladder(index).levels:
                index = 1 - index
            levels = book.ladder(index).levels
            price = rng.choice(list(levels))
            book.set_level(index, mills_of(price), resized(hundredths_of(levels[price]), rng))
            book.stamp(self.now)
            changes = list(sink)
            sink.clear()
            yield changes


def build_scenario(seed: int = 7, size: int = 1, now: datetime | None = None, *,
                   step_interval: timedelta = STEP_INTERVAL) -> SandboxScenario:
    """A deterministic world for ``seed`` and ``now`` (``random.Random(seed)`` is its only source
    of chance). ``size`` scales it: about 400 markets per venue per unit. ``now`` defaults to the
    current UTC minute, so close times lie ahead."""
    if size < 1:
        raise ValueError(f"scenario size must be at least 1, got {size}")
    if now is None:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
    elif now.tzinfo is None:
        raise ValueError(f"scenario time must be timezone-aware, got {now.isoformat()}")
    log = ChangeLog()
    writer = VenueWriter(random.Random(seed), now.astimezone(UTC), log)
    build_catalog(writer, size)
    return SandboxScenario(seed, size, writer, log, step_interval=step_interval)


def _away_fair(winner: Quantity) -> int:
    return min(990, max(10, round(1000 * winner.probability(AWAY_WINS))))
