"""Wire objects of each venue, built in its current format (docs/venues.md).

:class:`VenueWriter` owns the catalogs (Kalshi series, events, markets; Gamma events and markets;
Odds API sports and events) and the listing behind every market. The category modules in
:mod:`.catalog` decide what exists; this module decides how each venue spells it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.books import LiveKalshiBook, LiveTokenBook
from arb_pipeline.domain.models import KalshiFeeSchedule, PolymarketFeeSchedule, Venue
from arb_pipeline.sandbox.scenario.formats import (
    count_fp,
    dollars,
    game_start_time,
    iso_z,
    json_in_string,
)
from arb_pipeline.sandbox.scenario.ladders import (
    KalshiQuotedBook,
    PolymarketQuotedBook,
    TickGrid,
)
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.names import BOOKMAKERS, Team
from arb_pipeline.sandbox.scenario.outcomes import Predicate, Quantity
from arb_pipeline.sandbox.state import KalshiLevelChange, PolymarketLevelChange

CENT = Decimal("0.01")
MILL = Decimal("0.001")

# Polymarket category taker rates (docs/venues.md#polymarket-fees); maker rebate shares 20% crypto, 25% others.
POLYMARKET_FEE_RATES = {
    "sports": Decimal("0.03"),
    "crypto": Decimal("0.07"),
    "politics": Decimal("0.04"),
    "finance": Decimal("0.04"),
    "economics": Decimal("0.05"),
    "weather": Decimal("0.05"),
    "tech": Decimal("0.04"),
    "culture": Decimal("0.05"),
}

#: Gamma's lifecycle flags on an event or market that is listed and trading; resolution closes it.
GAMMA_OPEN_FLAGS = {
    "active": True, "closed": False, "archived": False, "new": False, "featured": False, "restricted": True,
}

GAMMA_TAGS = {
    "sports": {"id": "1", "label": "Sports", "slug": "sports"},
    "nba": {"id": "745", "label": "NBA", "slug": "nba"},
    "nfl": {"id": "450", "label": "NFL", "slug": "nfl"},
    "games": {"id": "100639", "label": "Games", "slug": "games"},
    "basketball": {"id": "28", "label": "Basketball", "slug": "basketball"},
    "football": {"id": "10", "label": "Football", "slug": "football"},
    "economics": {"id": "100328", "label": "Economy", "slug": "economy"},
    "fed": {"id": "159", "label": "Fed Rates", "slug": "fed-rates"},
    "weather": {"id": "84", "label": "Weather", "slug": "weather"},
    "crypto": {"id": "21", "label": "Crypto", "slug": "crypto"},
    "finance": {"id": "120", "label": "Finance", "slug": "finance"},
    "politics": {"id": "2", "label": "Politics", "slug": "politics"},
    "tech": {"id": "1401", "label": "Tech", "slug": "tech"},
    "culture": {"id": "596", "label": "Culture", "slug": "pop-culture"},
    "geopolitics": {"id": "100265", "label": "Geopolitics", "slug": "geopolitics"},
}


@dataclass
class ChangeLog:
    """Where books report their level changes; the world drains it once per step."""

    kalshi: list[KalshiLevelChange] = field(default_factory=list)
    polymarket: list[PolymarketLevelChange] = field(default_factory=list)

    def clear(self) -> None:
        self.kalshi.clear()
        self.polymarket.clear()


@dataclass(frozen=True, slots=True)
class KalshiStrike:
    strike_type: str
    floor: float | int | None = None
    cap: float | int | None = None
    custom: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class NegativeSpec:
    kalshi: Listing
    polymarket: Listing
    trap: str


class VenueWriter:
    def __init__(self, rng: random.Random, now: datetime, log: ChangeLog) -> None:
        self.rng = rng
        self.now = now
        self.log = log
        self.kalshi_series: list[dict[str, Any]] = []
        self.kalshi_events: list[dict[str, Any]] = []
        self.kalshi_markets: list[dict[str, Any]] = []
        self.polymarket_events: list[dict[str, Any]] = []
        self.polymarket_markets: list[dict[str, Any]] = []
        self.odds_sports: list[dict[str, Any]] = []
        self.odds_events: dict[str, list[dict[str, Any]]] = {}
        self.odds_games: list[tuple[dict[str, Any], Quantity]] = []
        self.listings: list[Listing] = []
        self.quantities: list[Quantity] = []
        self.negatives: list[NegativeSpec] = []
        self._series: dict[str, dict[str, Any]] = {}
        self._series_fees: dict[str, KalshiFeeSchedule] = {}
        self._gamma_market_id = 500_000 + rng.randrange(100_000)
        self._gamma_event_id = 20_000 + rng.randrange(10_000)
        self._token_ids: set[str] = set()

    # ---- shared pieces ----------------------------------------------------------------------

    def quantity(self, quantity: Quantity) -> Quantity:
        self.quantities.append(quantity)
        return quantity

    def negative(self, kalshi: Listing, polymarket: Listing, trap: str) -> None:
        self.negatives.append(NegativeSpec(kalshi, polymarket, trap))

    def _hex(self, bits: int) -> str:
        return "0x" + format(self.rng.getrandbits(bits), f"0{bits // 4}x")

    def _token_id(self) -> str:
        # Real CLOB token ids are 70-78 digit decimal strings, as in the recorded Gamma events.
        while True:
            token = str(self.rng.randrange(10**69, 10**78))
            if token not in self._token_ids:
                self._token_ids.add(token)
                return token

    def _volume(self, low: int, high: int) -> int:
        return int(low * (high / low) ** self.rng.random())

    def _opened(self) -> datetime:
        return self.now - timedelta(days=self.rng.randint(2, 40), minutes=self.rng.randrange(1440))

    # ---- Kalshi -------------------------------------------------------------------------------

    def kalshi_series_for(
        self,
        ticker: str,
        title: str,
        category: str,
        *,
        frequency: str,
        fee_type: str,
        fee_multiplier: int | float,
        sources: list[tuple[str, str]],
        tags: list[str],
    ) -> dict[str, Any]:
        existing = self._series.get(ticker)
        if existing is not None:
            return existing
        series = {
            "ticker": ticker,
            "frequency": frequency,
            "title": title,
            "category": category,
            "tags": tags,
            "settlement_sources": [{"name": name, "url": url} for name, url in sources],
            "contract_url": f"https://kalshi-public-docs.s3.amazonaws.com/contract_terms/{ticker}.pdf",
            "contract_terms_url": f"https://kalshi-public-docs.s3.amazonaws.com/contract_terms/{ticker}.pdf",
            "fee_type": fee_type,
            "fee_multiplier": fee_multiplier,
            "additional_prohibitions": [],
            "product_metadata": {},
            "volume_fp": count_fp(self._volume(10_000, 50_000_000) * 100),
            "last_updated_ts": iso_z(self.now - timedelta(days=self.rng.randint(1, 30))),
        }
        self._series[ticker] = series
        self._series_fees[ticker] = KalshiFeeSchedule(fee_type, Decimal(str(fee_multiplier)))
        self.kalshi_series.append(series)
        return series

    def kalshi_event(
        self,
        series: dict[str, Any],
        event_ticker: str,
        title: str,
        sub_title: str,
        *,
        mutually_exclusive: bool,
        strike_date: datetime | None,
        product_metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        event = {
            "event_ticker": event_ticker,
            "series_ticker": series["ticker"],
            "title": title,
            "sub_title": sub_title,
            "collateral_return_type": "MECNET" if mutually_exclusive else "DIRECNET",
            "mutually_exclusive": mutually_exclusive,
            "available_on_brokers": self.rng.random() < 0.5,
            "product_metadata": product_metadata or {},
            "strike_date": iso_z(strike_date) if strike_date else None,
            "strike_period": "",
            "last_updated_ts": iso_z(self.now - timedelta(minutes=self.rng.randrange(1, 600))),
            "category": series["category"],
        }
        self.kalshi_events.append(event)
        return event

    def kalshi_market(
        self,
        event: dict[str, Any],
        ticker: str,
        *,
        category: str,
        title: str,
        yes_sub_title: str,
        no_sub_title: str | None = None,
        quantity: Quantity,
        predicate: Predicate,
        strike: KalshiStrike,
        rules_primary: str,
        rules_secondary: str,
        close_time: datetime,
        expected_expiration: datetime | None = None,
        grid: TickGrid = TickGrid.LINEAR_CENT,
        quoted: bool | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Listing:
        expected = expected_expiration or close_time
        market: dict[str, Any] = {
            "ticker": ticker,
            "event_ticker": event["event_ticker"],
            "market_type": "binary",
            "title": title,
            "subtitle": "",
            "yes_sub_title": yes_sub_title,
            "no_sub_title": no_sub_title if no_sub_title is not None else yes_sub_title,
            "open_time": iso_z(self._opened()),
            "close_time": iso_z(close_time),
            "expected_expiration_time": iso_z(expected),
            "latest_expiration_time": iso_z(expected + timedelta(days=7)),
            "status": "active",
            "yes_bid_dollars": dollars(0),
            "yes_ask_dollars": dollars(1000),
            "no_bid_dollars": dollars(0),
            "no_ask_dollars": dollars(1000),
            "yes_bid_size_fp": count_fp(0),
            "yes_ask_size_fp": count_fp(0),
            "last_price_dollars": dollars(0),
            "previous_price_dollars": dollars(0),
            "volume_fp": count_fp(self._volume(50, 2_000_000) * 100),
            "volume_24h_fp": count_fp(self._volume(10, 200_000) * 100),
            "open_interest_fp": count_fp(self._volume(10, 500_000) * 100),
            # Deprecated: "will always return 0.0000" (docs/venues.md#kalshi-markets).
            "liquidity_dollars": dollars(0),
            "notional_value_dollars": dollars(1000),
            "result": "",
            "can_close_early": True,
            "strike_type": strike.strike_type,
            "floor_strike": strike.floor,
            "cap_strike": strike.cap,
            "rules_primary": rules_primary,
            "rules_secondary": rules_secondary,
            "price_level_structure": grid.value,
            "price_ranges": grid.price_ranges(),
            "settlement_value_dollars": None,
            "settlement_ts": None,
        }
        if strike.custom is not None:
            market["custom_strike"] = strike.custom
        if extra:
            market.update(extra)
        book = KalshiQuotedBook(LiveKalshiBook(ticker), grid, self.log.kalshi.append)
        return self._listed(Listing(
            venue=Venue.KALSHI, market_id=ticker, market=market, event=event, quantity=quantity, predicate=predicate,
            category=category, book=book, quoted=self._quoted(quoted), outcomes=("yes", "no"),
            fees=self._series_fees[event["series_ticker"]],
        ))

    # ---- Polymarket ---------------------------------------------------------------------------

    def gamma_event(
        self,
        slug: str,
        title: str,
        description: str,
        *,
        tags: list[str],
        end: datetime,
        neg_risk: bool = False,
        series_slug: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self._gamma_event_id += self.rng.randint(1, 40)
        start = self._opened()
        event: dict[str, Any] = {
            "id": str(self._gamma_event_id),
            "ticker": slug,
            "slug": slug,
            "title": title,
            "description": description,
            "startDate": iso_z(start),
            "creationDate": iso_z(start),
            "endDate": iso_z(end),
            **GAMMA_OPEN_FLAGS,
            # Events carry liquidity and volume as JSON numbers (docs/venues.md#polymarket-gamma-catalog).
            "liquidity": 0.0,
            "volume": 0.0,
            "openInterest": 0,
            "volume24hr": 0.0,
            "enableOrderBook": True,
            "negRisk": neg_risk,
            "enableNegRisk": neg_risk,
            "seriesSlug": series_slug,
            "tags": [GAMMA_TAGS[tag] for tag in tags],
            "markets": [],
        }
        if extra:
            event.update(extra)
        self.polymarket_events.append(event)
        return event

    def gamma_market(
        self,
        event: dict[str, Any],
        *,
        category: str,
        question: str,
        slug: str,
        description: str,
        outcomes: tuple[str, str],
        quantity: Quantity,
        predicate: Predicate,
        end: datetime,
        resolution_source: str,
        tick: Decimal = CENT,
        fees: bool | None = None,
        group_item_title: str | None = None,
        sports: dict[str, Any] | None = None,
        phrasing: str | None = None,
        quoted: bool | None = None,
    ) -> Listing:
        self._gamma_market_id += self.rng.randint(1, 25)
        market_id = str(self._gamma_market_id)
        tokens = (self._token_id(), self._token_id())
        condition_id = self._hex(256)
        start = self._opened()
        liquidity = Decimal(self._volume(1_000_000, 4_000_000_000)).scaleb(-4)
        volume = Decimal(self._volume(1_000_000, 90_000_000_000)).scaleb(-6)
        rate = POLYMARKET_FEE_RATES.get(category)
        wants_fees = self.rng.random() < 0.5 if fees is None else fees
        charges_fees = rate is not None and wants_fees
        market: dict[str, Any] = {
            "id": market_id,
            "question": question,
            "conditionId": condition_id,
            "slug": slug,
            "resolutionSource": resolution_source,
            "endDate": iso_z(end),
            "startDate": iso_z(start),
            "liquidity": str(liquidity),
            "description": description,
            "outcomes": json_in_string(list(outcomes)),
            "outcomePrices": json_in_string(["0.5", "0.5"]),
            "volume": str(volume),
            **GAMMA_OPEN_FLAGS,
            "questionID": self._hex(256),
            "enableOrderBook": True,
            "orderPriceMinTickSize": float(tick),
            "orderMinSize": 5,
            "volumeNum": float(volume),
            "liquidityNum": float(liquidity),
            "endDateIso": f"{end:%Y-%m-%d}",
            "startDateIso": f"{start:%Y-%m-%d}",
            "volume24hr": float(Decimal(self._volume(100, 5_000_000)).scaleb(-2)),
            "clobTokenIds": json_in_string(list(tokens)),
            "acceptingOrders": True,
            "acceptingOrdersTimestamp": iso_z(start),
            "negRisk": event["negRisk"],
            "negRiskRequestID": self._hex(256) if event["negRisk"] else "",
            "umaResolutionStatuses": "[]",
            "feesEnabled": charges_fees,
            "events": [{"id": event["id"], "slug": event["slug"], "title": event["title"]}],
        }
        if charges_fees and rate is not None:
            market["feeSchedule"] = {
                "exponent": 1,
                "rate": float(rate),
                "takerOnly": True,
                "rebateRate": 0.2 if category == "crypto" else 0.25,
            }
        if group_item_title is not None:
            market["groupItemTitle"] = group_item_title
        if sports is not None:
            market.update(sports)
        event["markets"].append(market)
        event["liquidity"] = round(event["liquidity"] + float(liquidity), 4)
        event["volume"] = round(event["volume"] + float(volume), 6)
        grid = TickGrid.LINEAR_CENT if tick == CENT else TickGrid.DECI_CENT
        live = tuple(LiveTokenBook(token, condition_id) for token in tokens)
        for book in live:
            book.tick_size = tick
        quoted_book = PolymarketQuotedBook((live[0], live[1]), condition_id, grid, self.log.polymarket.append)
        fee_schedule = PolymarketFeeSchedule(
            enabled=True, rate=rate, rebate_rate=Decimal(str(market["feeSchedule"]["rebateRate"]))
        ) if charges_fees and rate is not None else PolymarketFeeSchedule()
        return self._listed(Listing(
            venue=Venue.POLYMARKET, market_id=market_id, market=market, event=event, quantity=quantity,
            predicate=predicate, category=category, book=quoted_book, quoted=self._quoted(quoted), outcomes=outcomes,
            tokens=tokens, fees=fee_schedule, phrasing=phrasing,
        ))

    def _quoted(self, quoted: bool | None) -> bool:
        """Whether a new market is quoted: as the scenario says, else about 97% are (the rest are
        open markets nobody quotes, whose books stay empty)."""
        return self.rng.random() > 0.03 if quoted is None else quoted

    def _listed(self, listing: Listing) -> Listing:
        """Add ``listing`` to the scenario and its market to its venue's catalog."""
        (self.kalshi_markets if listing.venue is Venue.KALSHI else self.polymarket_markets).append(listing.market)
        self.listings.append(listing)
        return listing

    # ---- The Odds API -------------------------------------------------------------------------

    def odds_sport(self, key: str, group: str, title: str, description: str, *, active: bool = True) -> None:
        self.odds_sports.append(
            {"key": key, "group": group, "title": title, "description": description, "active": active,
             "has_outrights": False}
        )
        self.odds_events.setdefault(key, [])

    def odds_game(self, sport_key: str, sport_title: str, away: Team, home: Team, start: datetime,
                  winner: Quantity) -> dict[str, Any]:
        event = {
            "id": format(self.rng.getrandbits(128), "032x"),
            "sport_key": sport_key,
            "sport_title": sport_title,
            "commence_time": iso_z(start),
            "home_team": home.full_name,
            "away_team": away.full_name,
            "bookmakers": [],
        }
        self.odds_events[sport_key].append(event)
        self.odds_games.append((event, winner))
        return event

    def price_odds_games(self, fair_of: dict[int, int]) -> None:
        """Quote every sportsbook around the same fair value the prediction markets use, each with
        its own 3-6% overround (the vig a de-vigging consensus has to remove)."""
        for event, winner in self.odds_games:
            away_fair = fair_of[id(winner)]
            books = self.rng.sample(BOOKMAKERS, self.rng.randint(4, len(BOOKMAKERS)))
            for key, title in books:
                updated = iso_z(self.now - timedelta(seconds=self.rng.randrange(30, 1800)))
                overround = 1 + Decimal(self.rng.randint(30, 60)) / 1000
                lean = self.rng.randint(-8, 8)
                away_chance = Decimal(min(980, max(20, away_fair + lean))) / 1000
                outcomes = [
                    {"name": event["away_team"], "price": decimal_odds(away_chance * overround)},
                    {"name": event["home_team"], "price": decimal_odds((1 - away_chance) * overround)},
                ]
                event["bookmakers"].append(
                    {"key": key, "title": title, "last_update": updated,
                     "markets": [{"key": "h2h", "last_update": updated, "outcomes": outcomes}]}
                )


def shift_odds(event: dict[str, Any], shift: Decimal, now: datetime) -> None:
    """Requote every book of ``event`` at ``now``, ``shift`` more likely for the away team, each
    keeping its own overround (a planted value bet). Draws nothing from the generator, so the
    rest of the world stays as it was."""
    for bookmaker in event["bookmakers"]:
        market = bookmaker["markets"][0]
        bookmaker["last_update"] = market["last_update"] = iso_z(now)
        outcomes = market["outcomes"]
        away, home = (next(o for o in outcomes if o["name"] == event[side]) for side in ("away_team", "home_team"))
        overround = 1 / away["price"] + 1 / home["price"]
        chance = (1 / away["price"]) / overround + shift
        away["price"] = decimal_odds(chance * overround)
        home["price"] = decimal_odds((1 - chance) * overround)


def decimal_odds(implied: Decimal) -> Decimal:
    """Decimal odds from a vigged implied probability, to the hundredth as sportsbooks print."""
    return (1 / implied).quantize(CENT)


def gamma_sports_fields(kind: str, start: datetime, line: Decimal | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {"sportsMarketType": kind, "gameStartTime": game_start_time(start)}
    if line is not None:
        fields["line"] = float(line)
    return fields
