"""Kalshi game markets and Odds API events for the sportsbook tests, shaped as the venues write
them (docs/venues.md): ``KXNBAGAME-26JAN09MILLAL-MIL`` titled "Milwaukee at Los Angeles L", and
an odds event with full team names and a UTC start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from arb_pipeline.domain.models import (
    BookmakerPrice,
    KalshiFeeSchedule,
    Market,
    MarketStatus,
    Outcome,
    SportsEvent,
    Venue,
)

D = Decimal
NOW = datetime(2026, 1, 9, 18, tzinfo=UTC)
SPORTS_FEE = KalshiFeeSchedule("quadratic_with_maker_fees", D(1))


def game_market(ticker: str, event_ticker: str, title: str, yes_name: str, *, category: str = "Sports") -> Market:
    closes = NOW + timedelta(days=2)
    return Market(
        venue=Venue.KALSHI, market_id=ticker, event_id=event_ticker, series_id=ticker.split("-")[0],
        title=f"{title} Winner?", subtitle=yes_name, rules="", category=category, status=MarketStatus.OPEN,
        venue_status="active", outcomes=(Outcome("Yes"), Outcome("No")), open_time=None, close_time=closes,
        expiration_time=closes, fee=SPORTS_FEE, event_title=title,
    )


def odds_event(event_id: str, sport_key: str, away: str, home: str, commence: datetime,
               prices: dict[str, dict[str, str]] | None = None, *, updated: datetime = NOW) -> SportsEvent:
    """``prices``: bookmaker -> outcome name -> decimal odds."""
    rows = tuple(
        BookmakerPrice(bookmaker=bookmaker, market_key="h2h", outcome_name=outcome, decimal_odds=D(odds),
                       last_update=updated)
        for bookmaker, outcomes in (prices or {}).items()
        for outcome, odds in outcomes.items()
    )
    return SportsEvent(event_id, sport_key, None, commence, home, away, rows)
