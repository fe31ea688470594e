"""Markets, books and trades for the paper-trading tests: one Kalshi market paired with one
Polymarket market (token ``tok-yes`` pays when Kalshi resolves YES, ``tok-no`` when it resolves
NO), built exactly as the spread evaluation sees them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OrderBook,
    Outcome,
    PairStatus,
    PolymarketFeeSchedule,
    PriceLevel,
    Venue,
)
from arb_pipeline.domain.spreads import Thresholds, evaluate_pair, index_markets
from arb_pipeline.domain.trading.execution import arbitrage_intent
from arb_pipeline.domain.trading.legs import MarketState

D = Decimal
NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)
TICKER = "KXFED-26JAN-T4.00"
PM_ID = "501"
STANDARD = KalshiFeeSchedule("quadratic", D(1))
PM_FREE = PolymarketFeeSchedule()
PM_SPORTS = PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1))
THRESHOLDS = Thresholds(
    min_net_edge=D("0.001"), min_apy=D(0), min_contracts=D(1), max_quote_age_s=30.0, min_net_profit=D(0)
)


def levels(*pairs: tuple[str, int | str]) -> list[PriceLevel]:
    return [PriceLevel(D(price), D(size)) for price, size in pairs]


def kalshi_market(ticker: str = TICKER, *, fee: KalshiFeeSchedule | None = STANDARD,
                  status: MarketStatus = MarketStatus.OPEN, event: str = "KXFED-26JAN",
                  category: str = "Economics") -> Market:
    closes = NOW + timedelta(days=20)
    return Market(
        venue=Venue.KALSHI, market_id=ticker, event_id=event, series_id=ticker.split("-")[0],
        title="Fed funds above 4.00%", subtitle=None, rules="", category=category, status=status,
        venue_status="active", outcomes=(Outcome("Yes"), Outcome("No")), open_time=None,
        close_time=closes, expiration_time=closes, fee=fee,
    )


def pm_market(market_id: str = PM_ID, *, fee: PolymarketFeeSchedule = PM_FREE, min_size: object = None,
              tokens: tuple[str, str] = ("tok-yes", "tok-no"), status: MarketStatus = MarketStatus.OPEN) -> Market:
    ends = NOW + timedelta(days=10)
    return Market(
        venue=Venue.POLYMARKET, market_id=market_id, event_id="9001", series_id=None,
        title="Fed above 4% in January?", subtitle=None, rules="", category="Economics", status=status,
        venue_status="active", outcomes=tuple(Outcome(name, token) for name, token in zip(("Yes", "No"), tokens)),
        open_time=None, close_time=ends, expiration_time=ends, fee=fee,
        raw={} if min_size is None else {"orderMinSize": min_size},
    )


def markets(kalshi: Market | None = None, pm: Market | None = None) -> dict[str, Market]:
    return index_markets([kalshi or kalshi_market(), pm or pm_market()])


def kalshi_book(yes_bids=(), no_bids=(), *, ticker: str = TICKER, at: datetime = NOW) -> KalshiOrderBook:
    """Kalshi lists bids only: YES asks are 1 − NO bids, NO asks 1 − YES bids."""
    return KalshiOrderBook.from_levels(ticker, levels(*yes_bids), levels(*no_bids), at)


def token_book(token: str, *, bids=(), asks=(), at: datetime = NOW, min_size: str | None = None) -> OrderBook:
    return OrderBook.from_levels(Venue.POLYMARKET, token, levels(*bids), levels(*asks), at,
                                 min_order_size=D(min_size) if min_size is not None else None)


def state(*books: KalshiOrderBook | OrderBook, at: datetime = NOW) -> MarketState:
    indexed: dict[str, KalshiOrderBook | OrderBook] = {}
    for book in books:
        indexed[book.ticker if isinstance(book, KalshiOrderBook) else book.instrument_id] = book
    return MarketState(indexed, at)


def pair() -> MatchedPair:
    return MatchedPair(
        kalshi_ticker=TICKER, polymarket_market_id=PM_ID, polymarket_yes_token="tok-yes",
        polymarket_no_token="tok-no", confidence=0.97, status=PairStatus.APPROVED, reasons=("same meeting",),
    )


def yes_spread(found: MarketState, world: dict[str, Market]):
    """The Kalshi YES + tok-no spread the scan found on ``found``."""
    yes, _ = evaluate_pair(pair(), world, found.books, found.at, THRESHOLDS)
    assert yes.is_opportunity, yes.rejection_reasons
    return yes


def yes_intent(found: MarketState, world: dict[str, Market], max_contracts: int | None = None):
    return arbitrage_intent(yes_spread(found, world), world, max_contracts=max_contracts)
