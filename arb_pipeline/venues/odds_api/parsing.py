"""Pure parsers for The Odds API v4 payloads into domain models (docs/venues.md#the-odds-api).

American prices come as JSON ints (+240 is ``240``), decimal prices as JSON floats; both become
exact Decimal decimal odds. A malformed event raises WireFormatError naming the event id and field;
given a ``problems`` list, the list parsers list it there and skip it instead, and the other
events of the response still parse.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.models import BookmakerPrice, OddsQuota, Sport, SportsEvent
from arb_pipeline.venues.odds_api.constants import QUOTA_LAST, QUOTA_REMAINING, QUOTA_USED
from arb_pipeline.venues.wire import (
    WireFormatError,
    optional_decimal,
    optional_time,
    parse_time,
    require,
    to_decimal,
)
from arb_pipeline.venues.records import RecordProblem, parse_records

HUNDRED = Decimal(100)


def american_to_decimal(american: int, where: str = "american odds") -> Decimal:
    """+240 pays 240 on 100 staked (decimal 3.4); -303 needs 303 staked to win 100
    (decimal 1 + 100/303). Values in (-100, 100) do not exist in American notation."""
    if -100 < american < 100:
        raise WireFormatError(where, f"American odds must be <= -100 or >= 100, got {american}")
    if american > 0:
        return 1 + Decimal(american) / HUNDRED
    return 1 + HUNDRED / Decimal(-american)


def _sport(item: Any, at: str) -> Sport:
    return Sport(
        key=require(item, "key", at),
        group=item.get("group") or "",
        title=item.get("title") or "",
        description=item.get("description") or "",
        active=bool(item.get("active", False)),
        has_outrights=bool(item.get("has_outrights", False)),
    )


def parse_sports(
    body: Any, where: str = "odds_api GET /v4/sports", problems: list[RecordProblem] | None = None
) -> list[Sport]:
    if not isinstance(body, list):
        raise WireFormatError(where, f"expected a JSON array of sports, got {type(body).__name__}")
    return parse_records(body, where, _sport, problems, kind="sport", id_keys=("key",))


def _event_header(item: Any, at: str) -> dict[str, Any]:
    event_id = require(item, "id", at)
    at = f"{at} event {event_id}"
    return {
        "event_id": event_id,
        "sport_key": require(item, "sport_key", at),
        "sport_title": item.get("sport_title"),
        "commence_time": parse_time(require(item, "commence_time", at), f"{at} commence_time"),
        "home_team": require(item, "home_team", at),
        "away_team": require(item, "away_team", at),
    }


def parse_events(
    body: Any, where: str = "odds_api GET /v4/sports/{sport}/events", problems: list[RecordProblem] | None = None
) -> list[SportsEvent]:
    if not isinstance(body, list):
        raise WireFormatError(where, f"expected a JSON array of events, got {type(body).__name__}")
    return parse_records(body, where, lambda item, at: SportsEvent(**_event_header(item, at)), problems, kind="odds event")


def _parse_price(outcome: Any, at: str, odds_format: str | None) -> tuple[Decimal, int | None]:
    raw = require(outcome, "price", at)
    if isinstance(raw, bool):
        raise WireFormatError(at, f"price is not a number: {raw!r}")
    # The wire format is told by the request's oddsFormat; when unknown, an integer of magnitude
    # >= 100 can only be American (decimal odds that large do not occur in h2h markets).
    american = odds_format == "american" or (
        odds_format is None and isinstance(raw, int) and abs(raw) >= 100
    )
    if american:
        if not isinstance(raw, int):
            raise WireFormatError(at, f"American price must be an integer, got {raw!r}")
        return american_to_decimal(raw, at), raw
    decimal_odds = to_decimal(raw, f"{at} price")
    if decimal_odds <= 1:
        raise WireFormatError(at, f"decimal odds must be above 1, got {raw!r}")
    return decimal_odds, None


def _odds_event(item: Any, at: str, odds_format: str | None) -> SportsEvent:
    header = _event_header(item, at)
    at_event = f"{at} event {header['event_id']}"
    prices: list[BookmakerPrice] = []
    # bookmakers can be [] for a live game (docs/venues.md#the-odds-api).
    for bookmaker in item.get("bookmakers") or []:
        book_key = require(bookmaker, "key", f"{at_event} bookmaker")
        book_update = optional_time(bookmaker.get("last_update"), f"{at_event} {book_key} last_update")
        for market in bookmaker.get("markets") or []:
            market_key = require(market, "key", f"{at_event} {book_key} market")
            at_market = f"{at_event} {book_key} {market_key}"
            market_update = optional_time(market.get("last_update"), f"{at_market} last_update")
            for outcome in market.get("outcomes") or []:
                name = require(outcome, "name", f"{at_market} outcome")
                decimal_odds, american = _parse_price(outcome, f"{at_market} {name}", odds_format)
                prices.append(
                    BookmakerPrice(
                        bookmaker=book_key,
                        market_key=market_key,
                        outcome_name=name,
                        decimal_odds=decimal_odds,
                        american_odds=american,
                        point=optional_decimal(outcome.get("point"), f"{at_market} {name} point"),
                        last_update=market_update or book_update,
                    )
                )
    return SportsEvent(**header, prices=tuple(prices))


def parse_odds(
    body: Any,
    odds_format: str | None = None,
    where: str = "odds_api GET /v4/sports/{sport}/odds",
    problems: list[RecordProblem] | None = None,
) -> list[SportsEvent]:
    """Events with every bookmaker's prices. ``odds_format`` is the request's ``oddsFormat``
    ("decimal" default on the API, or "american"); None infers it per price. With ``problems``,
    a malformed event is listed there and skipped; without, it raises."""
    if not isinstance(body, list):
        raise WireFormatError(where, f"expected a JSON array of events, got {type(body).__name__}")
    return parse_records(body, where, lambda item, at: _odds_event(item, at, odds_format), problems, kind="odds event")


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None or value == "":
        return None
    try:
        return int(Decimal(value))
    except ArithmeticError:
        raise WireFormatError(f"odds_api header {name}", f"not a number: {value!r}") from None


def parse_quota(headers: Mapping[str, str], received_ts: datetime) -> OddsQuota:
    lowered = {key.lower(): value for key, value in headers.items()}
    return OddsQuota(
        remaining=_header_int(lowered, QUOTA_REMAINING),
        used=_header_int(lowered, QUOTA_USED),
        last_cost=_header_int(lowered, QUOTA_LAST),
        received_ts=received_ts,
    )
