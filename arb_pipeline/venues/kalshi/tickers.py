"""Kalshi tickers read in one place: which series, event, date and outcome a market ticker names,
and whether it is a parlay. The catalog parsers and everything downstream that needs a ticker's
parts read them here (docs/venues.md#kalshi-events).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from arb_pipeline.domain.models import Market
from arb_pipeline.venues.kalshi.constants import PARLAY_TICKER_PREFIX
from arb_pipeline.venues.wire import WireFormatError


_MONTHS = {
    month: number
    for number, month in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}


_EVENT_DATE = re.compile(r"^(\d{2})([A-Z]{3})(\d{2})?")


@dataclass(frozen=True, slots=True)
class KalshiTickerParts:
    """A market ticker's parts, e.g. ``KXNBAGAME-26JAN09MILLAL-MIL``: series ``KXNBAGAME``,
    event ``KXNBAGAME-26JAN09MILLAL`` dated 2026-01-09 with detail ``MILLAL`` (the two teams),
    outcome code ``MIL`` (the team this market's YES pays on)."""

    ticker: str
    series_ticker: str
    event_ticker: str
    event_date: date | None
    event_detail: str | None
    outcome_code: str | None


def series_ticker_of(event_ticker: str) -> str:
    # Event tickers are SERIES-<event code> (KXNBAGAME-26JAN11HOUSAC); markets carry no series
    # field, so when no event object is at hand the series is the event ticker's first part.
    return event_ticker.split("-", 1)[0]


def is_parlay_ticker(ticker: str) -> bool:
    return ticker.startswith(PARLAY_TICKER_PREFIX)


def is_parlay(market: Market | Mapping[str, Any]) -> bool:
    """Multivariate (parlay) markets: KXMVE... tickers with ``mve_selected_legs``. /markets returns
    them first and in bulk unless ``mve_filter=exclude`` (docs/venues.md#kalshi-markets); they never
    pair with a single-outcome market on another venue."""
    if isinstance(market, Market):
        return is_parlay_ticker(market.market_id) or bool(market.raw.get("mve_selected_legs"))
    ticker = market.get("ticker")
    return (isinstance(ticker, str) and is_parlay_ticker(ticker)) or bool(market.get("mve_selected_legs"))


def split_ticker(ticker: str, event_ticker: str | None = None) -> KalshiTickerParts:
    """Split a market ticker into series, event and outcome parts. Market tickers are
    ``<event ticker>-<outcome code>`` and event tickers ``<series>-<YYMMMDD><detail>``
    (docs/venues.md#kalshi-events); pass the market's ``event_ticker`` when known, since some codes
    hold dashes."""
    parts = ticker.split("-")
    if event_ticker is not None:
        if not ticker.startswith(event_ticker + "-"):
            raise WireFormatError(f"kalshi ticker {ticker}", f"does not extend its event ticker {event_ticker!r}")
        outcome_code: str | None = ticker[len(event_ticker) + 1 :]
    elif len(parts) >= 3:
        event_ticker, outcome_code = "-".join(parts[:-1]), parts[-1]
    elif len(parts) == 2:
        event_ticker, outcome_code = ticker, None
    else:
        raise WireFormatError(f"kalshi ticker {ticker}", "expected SERIES-EVENT[-OUTCOME]")
    series_ticker, _, event_code = event_ticker.partition("-")
    event_date = None
    event_detail = event_code or None
    match = _EVENT_DATE.match(event_code)
    if match and match.group(3) and match.group(2) in _MONTHS:
        try:
            event_date = date(2000 + int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3)))
        except ValueError:
            event_date = None
        else:
            event_detail = event_code[match.end():] or None
    return KalshiTickerParts(
        ticker=ticker,
        series_ticker=series_ticker,
        event_ticker=event_ticker,
        event_date=event_date,
        event_detail=event_detail,
        outcome_code=outcome_code or None,
    )
