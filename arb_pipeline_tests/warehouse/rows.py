"""Warehouse rows for data-quality and report tests: markets, pairs and spreads with the few
fields a test cares about and sound defaults for the rest. Spread money is consistent by
construction (net profit = contracts - cost, edge = net profit / contracts) unless a test
overrides a field to break it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    Market,
    MarketStatus,
    MatchedPair,
    OpportunityKind,
    Outcome,
    PairStatus,
    PolymarketFeeSchedule,
    Spread,
    TopOfBook,
    Venue,
)

T0 = datetime(2026, 1, 8, 10, 0, tzinfo=UTC)
CLOSE = datetime(2026, 3, 1, tzinfo=UTC)


def kalshi_market(ticker: str, **changes: Any) -> Market:
    market = Market(
        venue=Venue.KALSHI,
        market_id=ticker,
        event_id=ticker.rsplit("-", 1)[0],
        series_id=ticker.split("-", 1)[0],
        title=f"Will {ticker} happen?",
        subtitle=None,
        rules=f"Resolves YES if {ticker} happens.",
        category="Sports",
        status=MarketStatus.OPEN,
        venue_status="active",
        outcomes=(Outcome("Yes"), Outcome("No")),
        open_time=T0 - timedelta(days=10),
        close_time=CLOSE,
        expiration_time=CLOSE,
        fee=KalshiFeeSchedule("quadratic", Decimal("1")),
        top_of_book=TopOfBook(bid=Decimal("0.41"), ask=Decimal("0.43"), last=Decimal("0.42")),
        tick_size=Decimal("0.01"),
    )
    return dataclasses.replace(market, **changes)


def polymarket_market(market_id: str, yes_token: str, no_token: str, **changes: Any) -> Market:
    market = Market(
        venue=Venue.POLYMARKET,
        market_id=market_id,
        event_id=f"event-{market_id}",
        series_id=None,
        title=f"Polymarket market {market_id}",
        subtitle=None,
        rules=f"Resolves Yes if market {market_id} happens.",
        category="Sports",
        status=MarketStatus.OPEN,
        venue_status="active",
        outcomes=(Outcome("Yes", yes_token, Decimal("0.55")), Outcome("No", no_token, Decimal("0.45"))),
        open_time=T0 - timedelta(days=10),
        close_time=CLOSE,
        expiration_time=CLOSE,
        fee=PolymarketFeeSchedule(enabled=True, rate=Decimal("0.03"), exponent=Decimal("1"), taker_only=True),
        top_of_book=TopOfBook(bid=Decimal("0.54"), ask=Decimal("0.56")),
        tick_size=Decimal("0.01"),
        condition_id=f"0x{market_id}",
    )
    return dataclasses.replace(market, **changes)


def pair(kalshi_ticker: str, polymarket_market_id: str, yes_token: str, no_token: str, **changes: Any) -> MatchedPair:
    matched = MatchedPair(
        kalshi_ticker=kalshi_ticker,
        polymarket_market_id=polymarket_market_id,
        polymarket_yes_token=yes_token,
        polymarket_no_token=no_token,
        confidence=0.95,
        status=PairStatus.APPROVED,
        reasons=("same game, same winner",),
        category="sports",
    )
    return dataclasses.replace(matched, **changes)


def spread(
    evaluated_at: datetime,
    *,
    contracts: str = "100",
    cost: str = "97.5",
    apy: str | None = "0.5",
    opportunity: bool = True,
    **changes: Any,
) -> Spread:
    """A cross-venue spread by default; ``contracts``, ``cost`` and ``apy`` as decimal text, net
    profit and edge derived from them."""
    count, paid = Decimal(contracts), Decimal(cost)
    net = count - paid
    evaluated = Spread(
        kind=OpportunityKind.CROSS_VENUE,
        kalshi_ticker="KXA-26MAR01-A",
        polymarket_market_id="1001",
        kalshi_side="yes",
        polymarket_token="1001-no",
        contracts=count,
        kalshi_avg_price=Decimal("0.41"),
        polymarket_avg_price=Decimal("0.55"),
        kalshi_fee=Decimal("0.5"),
        polymarket_fee=Decimal("0.25"),
        cost=paid,
        net_profit=net,
        edge_per_contract=net / count if count else Decimal(0),
        days_to_resolution=Decimal("30"),
        apy=Decimal(apy) if apy is not None else None,
        top_gross_edge=Decimal("0.04"),
        quote_received_ts=evaluated_at - timedelta(seconds=1),
        evaluated_at=evaluated_at,
        is_opportunity=opportunity,
        rejection_reasons=() if opportunity else ("edge below the minimum",),
    )
    return dataclasses.replace(evaluated, **changes)


def at(day: str, clock: str) -> datetime:
    """A UTC time from 'YYYY-MM-DD' and 'HH:MM[:SS]'."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=UTC)
