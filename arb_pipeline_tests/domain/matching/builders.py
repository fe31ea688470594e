"""Single markets for unit tests, written as the venues' wire objects (current shapes of
docs/venues.md#kalshi-markets and #polymarket-gamma-catalog) and parsed with the venue parsers, so a test reads like the payload it
stands for."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline.venues.kalshi.parsing import parse_market
from arb_pipeline.venues.polymarket.parsing import parse_gamma_market


def token(seed: str) -> str:
    """A 77-digit CLOB token id, stable per seed (real ids are 70-78 digit strings)."""
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 10**77).rjust(77, "1")


def kalshi(
    ticker: str,
    *,
    title: str,
    yes_sub_title: str = "",
    rules: str = "",
    event_title: str | None = None,
    strike_type: str | None = None,
    floor: float | int | None = None,
    cap: float | int | None = None,
    close_time: str = "2026-01-09T22:00:00Z",
    category: str = "Economics",
    custom_strike: dict[str, Any] | None = None,
    event_ticker: str | None = None,
) -> Market:
    # A ticker of more parts than event and outcome (a player prop's "-NYKJBRUNSON11-25") names
    # its event apart.
    event_ticker = event_ticker or ticker.rsplit("-", 1)[0]
    market: dict[str, Any] = {
        "ticker": ticker, "event_ticker": event_ticker, "market_type": "binary", "title": title,
        "yes_sub_title": yes_sub_title, "no_sub_title": yes_sub_title, "open_time": "2026-01-02T15:00:00Z",
        "close_time": close_time, "expected_expiration_time": close_time, "status": "active",
        "yes_bid_dollars": "0.4900", "yes_ask_dollars": "0.5100", "yes_bid_size_fp": "10.00", "yes_ask_size_fp": "10.00",
        "strike_type": strike_type, "floor_strike": floor, "cap_strike": cap, "rules_primary": rules,
        "rules_secondary": "", "price_level_structure": "linear_cent",
    }
    if custom_strike is not None:
        market["custom_strike"] = custom_strike
    event = {"event_ticker": event_ticker, "series_ticker": event_ticker.split("-", 1)[0],
             "title": event_title or title, "category": category}
    return parse_market(market, event=event)


def gamma(
    market_id: str,
    *,
    question: str,
    description: str = "",
    outcomes: tuple[str, str] = ("Yes", "No"),
    group: str | None = None,
    end: str = "2026-01-09T22:00:00Z",
    slug: str | None = None,
    event_title: str | None = None,
    sports_market_type: str | None = None,
    game_start_time: str | None = None,
    line: float | None = None,
    series_slug: str | None = None,
) -> Market:
    slug = slug or f"market-{market_id}"
    market: dict[str, Any] = {
        "id": market_id, "question": question, "conditionId": "0x" + hashlib.sha256(slug.encode()).hexdigest(),
        "slug": slug, "description": description, "endDate": end, "startDate": "2026-01-02T15:00:00Z",
        "outcomes": json.dumps(list(outcomes)), "outcomePrices": json.dumps(["0.5", "0.5"]),
        "clobTokenIds": json.dumps([token(f"{slug}:{o}") for o in outcomes]),
        "active": True, "closed": False, "acceptingOrders": True, "feesEnabled": False,
        "events": [{"id": f"9{market_id}", "slug": slug, "title": event_title or question,
                    **({"seriesSlug": series_slug} if series_slug else {})}],
    }
    if group is not None:
        market["groupItemTitle"] = group
    if sports_market_type is not None:
        market["sportsMarketType"] = sports_market_type
    if game_start_time is not None:
        market["gameStartTime"] = game_start_time
    if line is not None:
        market["line"] = line
    return parse_gamma_market(market)


def token_named(market: Market, outcome: str) -> str:
    return next(o.token_id for o in market.outcomes if o.name == outcome and o.token_id is not None)


def verdict(k: Market, p: Market) -> Verdict:
    """The equivalence's verdict on two markets' readings."""
    return compare(read(k), read(p))


def approved(k: Market, p: Market) -> list[str | None]:
    """The Polymarket tokens the matcher approves for the pair matched alone."""
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]
