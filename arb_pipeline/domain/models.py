"""Domain models shared by every layer: markets, fee schedules, order books, sportsbook odds.

Money rule (docs/architecture.md#decimal-never-float): prices are dollars per $1 contract held as ``Decimal``; sizes
are contracts (Kalshi allows fractional counts, so sizes are ``Decimal`` too). Nothing here is
ever built from a float.

The fee schedules (and ``ONE``, ``ZERO``) are defined with the fee formulas in
:mod:`arb_pipeline.domain.fees`, and ``Venue`` in :mod:`arb_pipeline.domain.venue`: a schedule
names its venue, and fees must not import this module, which builds on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

# Every layer imports its models from here, the fee schedules and Venue included.
from arb_pipeline.domain.fees import ONE, ZERO, FeeSchedule, KalshiFeeSchedule, PolymarketFeeSchedule  # noqa: F401
from arb_pipeline.domain.venue import Venue


class MarketStatus(StrEnum):
    """Normalized lifecycle. Kalshi's filter words (open/closed/settled) differ from its
    ``market.status`` words (active/closed/determined/finalized...), docs/venues.md#kalshi-markets."""

    UNOPENED = "unopened"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"
    SETTLED = "settled"


class BookSide(StrEnum):
    BID = "bid"
    ASK = "ask"


@dataclass(frozen=True, slots=True)
class PriceLevel:
    price: Decimal
    size: Decimal


def _best_first(levels: Iterable[PriceLevel], side: BookSide) -> tuple[PriceLevel, ...]:
    # Venues disagree on wire order (Kalshi and Polymarket both put the best level LAST,
    # docs/venues.md#kalshi-order-books and #polymarket-clob-books), so order is never trusted: sort here, once.
    merged: dict[Decimal, Decimal] = {}
    for level in levels:
        if level.size > 0:
            merged[level.price] = merged.get(level.price, ZERO) + level.size
    ordered = sorted(merged.items(), reverse=(side is BookSide.BID))
    return tuple(PriceLevel(price, size) for price, size in ordered)


@dataclass(frozen=True, slots=True)
class OrderBook:
    """Executable book of one instrument: a Polymarket outcome token, or one side (YES or NO)
    of a Kalshi market. ``bids`` are sorted best (highest) first, ``asks`` best (lowest) first;
    build through :meth:`from_levels` to get that guarantee from wire data in any order."""

    venue: Venue
    instrument_id: str
    bids: tuple[PriceLevel, ...]
    asks: tuple[PriceLevel, ...]
    received_ts: datetime
    venue_ts: datetime | None = None
    market_id: str | None = None
    tick_size: Decimal | None = None
    min_order_size: Decimal | None = None
    book_hash: str | None = None

    @classmethod
    def from_levels(
        cls,
        venue: Venue,
        instrument_id: str,
        bids: Iterable[PriceLevel],
        asks: Iterable[PriceLevel],
        received_ts: datetime,
        **kwargs: Any,
    ) -> OrderBook:
        return cls(
            venue=venue,
            instrument_id=instrument_id,
            bids=_best_first(bids, BookSide.BID),
            asks=_best_first(asks, BookSide.ASK),
            received_ts=received_ts,
            **kwargs,
        )

    @property
    def best_bid(self) -> PriceLevel | None:
        return self.bids[0] if self.bids else None

    @property
    def best_ask(self) -> PriceLevel | None:
        return self.asks[0] if self.asks else None

    @property
    def is_crossed(self) -> bool:
        return bool(self.bids and self.asks and self.bids[0].price >= self.asks[0].price)


@dataclass(frozen=True, slots=True)
class KalshiOrderBook:
    """Kalshi lists bids only (docs/venues.md#kalshi-order-books): YES bids and NO bids. A NO bid at p is a
    YES ask at 1 - p. Levels are kept best (highest) first."""

    ticker: str
    yes_bids: tuple[PriceLevel, ...]
    no_bids: tuple[PriceLevel, ...]
    received_ts: datetime
    venue_ts: datetime | None = None

    @classmethod
    def from_levels(
        cls,
        ticker: str,
        yes_bids: Iterable[PriceLevel],
        no_bids: Iterable[PriceLevel],
        received_ts: datetime,
        venue_ts: datetime | None = None,
    ) -> KalshiOrderBook:
        return cls(
            ticker=ticker,
            yes_bids=_best_first(yes_bids, BookSide.BID),
            no_bids=_best_first(no_bids, BookSide.BID),
            received_ts=received_ts,
            venue_ts=venue_ts,
        )

    def side_book(self, side: str) -> OrderBook:
        """The executable book for buying/selling ``side`` ("yes" or "no")."""
        if side == "yes":
            own, other = self.yes_bids, self.no_bids
        elif side == "no":
            own, other = self.no_bids, self.yes_bids
        else:
            raise ValueError(f"Kalshi side must be 'yes' or 'no', got {side!r}")
        return OrderBook.from_levels(
            Venue.KALSHI,
            f"{self.ticker}:{side}",
            own,
            (PriceLevel(ONE - level.price, level.size) for level in other),
            received_ts=self.received_ts,
            venue_ts=self.venue_ts,
            market_id=self.ticker,
        )

    @property
    def yes_book(self) -> OrderBook:
        return self.side_book("yes")

    @property
    def no_book(self) -> OrderBook:
        return self.side_book("no")


@dataclass(frozen=True, slots=True)
class Series:
    """A Kalshi series: the fee parameters every market of the series pays."""

    ticker: str
    title: str
    category: str | None
    frequency: str | None
    fee: KalshiFeeSchedule
    settlement_sources: tuple[str, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One outcome of a market. Polymarket outcomes carry their CLOB token id; Kalshi's YES/NO
    carry none (the market ticker plus the side identifies them)."""

    name: str
    token_id: str | None = None
    display_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class TopOfBook:
    """Catalog-level quote hint (Kalshi ``yes_bid_dollars``..., Gamma ``bestBid``/``bestAsk``).
    Not executable: sizing always uses the order book."""

    bid: Decimal | None = None
    ask: Decimal | None = None
    bid_size: Decimal | None = None
    ask_size: Decimal | None = None
    last: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Strike:
    """Kalshi strike description (docs/venues.md#kalshi-markets); Polymarket ``line`` lands in floor."""

    strike_type: str | None = None
    floor: Decimal | None = None
    cap: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Market:
    """One binary market on a venue, normalized.

    ``market_id`` is the Kalshi ticker or the Polymarket Gamma id; ``event_id`` the Kalshi event
    ticker or the Polymarket event id; ``series_id`` the Kalshi series ticker or the Polymarket
    series slug. ``rules`` holds the full resolution text (Kalshi rules_primary + rules_secondary,
    Polymarket description)."""

    venue: Venue
    market_id: str
    event_id: str | None
    series_id: str | None
    title: str
    subtitle: str | None
    rules: str
    category: str | None
    status: MarketStatus
    venue_status: str | None
    outcomes: tuple[Outcome, ...]
    open_time: datetime | None
    close_time: datetime | None
    expiration_time: datetime | None
    fee: FeeSchedule | None = None
    strike: Strike | None = None
    top_of_book: TopOfBook | None = None
    tick_size: Decimal | None = None
    condition_id: str | None = None
    slug: str | None = None
    market_type: str | None = None
    result: str | None = None
    event_title: str | None = None
    game_start_time: datetime | None = None
    neg_risk: bool = False
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def outcome_by_token(self, token_id: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.token_id == token_id:
                return outcome
        raise KeyError(f"{self.venue} market {self.market_id} has no outcome token {token_id}")

    @property
    def token_ids(self) -> tuple[str, ...]:
        return tuple(o.token_id for o in self.outcomes if o.token_id is not None)


@dataclass(frozen=True, slots=True, kw_only=True)
class BookmakerPrice:
    """One sportsbook's price for one outcome (with its line, ``point``, on a spread or total).
    ``decimal_odds`` is always set (converted from American when that was the wire format);
    ``american_odds`` only when the wire had it. Keyword-only: three names and two odds in a
    row are easy to swap by position."""

    bookmaker: str
    market_key: str
    outcome_name: str
    point: Decimal | None = None
    decimal_odds: Decimal
    american_odds: int | None = None
    last_update: datetime | None = None


@dataclass(frozen=True, slots=True)
class SportsEvent:
    """An Odds API event with its bookmaker prices."""

    event_id: str
    sport_key: str
    sport_title: str | None
    commence_time: datetime
    home_team: str
    away_team: str
    prices: tuple[BookmakerPrice, ...] = ()


@dataclass(frozen=True, slots=True)
class Sport:
    key: str
    group: str
    title: str
    description: str
    active: bool
    has_outrights: bool


@dataclass(frozen=True, slots=True)
class OddsQuota:
    """The Odds API's ``x-requests-*`` headers from one call (docs/venues.md#the-odds-api)."""

    remaining: int | None
    used: int | None
    last_cost: int | None
    received_ts: datetime


class PairStatus(StrEnum):
    APPROVED = "approved"  # may reach spreads and trading
    REVIEW = "review"  # waits for a human; never traded
    REJECTED = "rejected"


class PairTransform(StrEnum):
    """How the Polymarket price maps onto the Kalshi contract (the pairs file,
    domain/matching/pairs_file.py).
    ``identity``: the Polymarket outcome named "Yes" (or the outcome the pin names) pays with
    Kalshi YES, wherever it is listed;
    ``inverse``: the other side pays (1 - price); ``sum``: several Kalshi range contracts bought
    together as one basket form the Kalshi leg. Whatever the transform, ``polymarket_yes_token``
    of a :class:`MatchedPair` is resolved to the token that pays when the Kalshi leg resolves YES."""

    IDENTITY = "identity"
    INVERSE = "inverse"
    SUM = "sum"


@dataclass(frozen=True, slots=True)
class ListingPair:
    """A Kalshi market and a Polymarket market named together: a matched pair, a labeled one, a
    person's decision. ``key`` is what every such record is known and joined by."""

    kalshi_ticker: str
    polymarket_market_id: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.kalshi_ticker, self.polymarket_market_id)


# MatchedPair.decided_by of a pair the matcher decided; a person's decision names the pairs file
# (matching.pairs_file.PAIRS_FILE_DECIDER) or the review queue (matching.review.REVIEW_DECIDER).
MATCHER_DECIDER = "matcher"


@dataclass(frozen=True, slots=True)
class MatchedPair(ListingPair):
    """Two listings that settle on the same outcome, with the exact token mapping.

    ``kalshi_tickers`` is one ticker, or several for a ``sum`` basket (each set buys one contract
    of every leg); ``kalshi_ticker`` is the pair's Kalshi key (the first leg).
    ``polymarket_yes_token`` pays exactly when the Kalshi leg resolves YES;
    ``polymarket_no_token`` pays exactly when it resolves NO."""

    polymarket_yes_token: str
    polymarket_no_token: str
    confidence: float
    status: PairStatus
    reasons: tuple[str, ...]
    transform: PairTransform = PairTransform.IDENTITY
    kalshi_tickers: tuple[str, ...] = ()
    decided_by: str = MATCHER_DECIDER
    category: str | None = None

    @property
    def kalshi_legs(self) -> tuple[str, ...]:
        return self.kalshi_tickers or (self.kalshi_ticker,)


class OpportunityKind(StrEnum):
    CROSS_VENUE = "cross_venue"  # Kalshi side + the Polymarket token that pays on the other side
    POLYMARKET_BOTH_TOKENS = "polymarket_both_tokens"  # both tokens of one market under $1
    KALSHI_YES_NO = "kalshi_yes_no"  # YES + NO of one Kalshi market under $1


@dataclass(frozen=True, slots=True, kw_only=True)
class SpreadFigures:
    """What a spread buys, pays and earns: the figures an evaluation and every opportunity event
    of it carry alike (keyword-only, so each class keeps its own fields first)."""

    contracts: Decimal
    kalshi_avg_price: Decimal | None
    polymarket_avg_price: Decimal | None
    kalshi_fee: Decimal
    polymarket_fee: Decimal
    cost: Decimal
    net_profit: Decimal
    edge_per_contract: Decimal
    days_to_resolution: Decimal | None
    apy: Decimal | None

    @property
    def fees(self) -> Decimal:
        return self.kalshi_fee + self.polymarket_fee


#: The names of :class:`SpreadFigures`, for copying them from one record or row to another.
SPREAD_FIGURES = tuple(field.name for field in fields(SpreadFigures))


@dataclass(frozen=True, slots=True)
class Spread(SpreadFigures):
    """One pair and direction evaluated by walking both books (every evaluation is kept; those
    passing the thresholds are opportunities). Money in dollars, sizes in contracts (= $1 sets).

    ``cost`` = what is paid for the contracts plus both venues' fees; ``net_profit`` = contracts
    × $1 − cost; ``edge_per_contract`` = net_profit / contracts; ``apy`` = net_profit / cost ×
    365 / days_to_resolution. ``top_gross_edge`` = 1 − (best asks summed), before fees, kept even
    when nothing is profitable so a user sees how close a pair came."""

    kind: OpportunityKind
    kalshi_ticker: str | None
    polymarket_market_id: str | None
    kalshi_side: str | None  # "yes" | "no"
    polymarket_token: str | None
    top_gross_edge: Decimal | None
    quote_received_ts: datetime | None  # the oldest receive time among the books used
    evaluated_at: datetime
    is_opportunity: bool
    rejection_reasons: tuple[str, ...] = ()
    kalshi_tickers: tuple[str, ...] = ()  # the basket legs for a sum pair
