"""Kalshi tickers read in one place: which series, event, date (to the month, day or hour) and
outcome a market ticker names (docs/venues.md#kalshi-events).

The grammar is pure and lives in the domain so that both the Kalshi venue package (catalog
parsers, parlay detection: :mod:`arb_pipeline.venues.kalshi.tickers`) and the domain code that
reads a market's proposition (matching, sportsbook games) use the same reading without the domain
importing the venue package, whose client modules import the configuration and, through it, the
domain back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


class TickerFormatError(ValueError):
    """A ticker that is not ``SERIES-EVENT[-OUTCOME]``; ``ticker`` names it."""

    def __init__(self, ticker: str, problem: str) -> None:
        super().__init__(f"kalshi ticker {ticker}: {problem}")
        self.ticker = ticker
        self.problem = problem


_MONTHS = {
    month: number
    for number, month in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}

# YYMMM, then the day, then (an hourly series) the hour: 26JAN, 26JAN09, 26JAN0917.
_EVENT_DATE = re.compile(r"^(\d{2})([A-Z]{3})(\d{2})?(\d{2})?")
_EVENT_YEAR = re.compile(r"^\d{2}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class KalshiTickerParts:
    """A market ticker's parts, e.g. ``KXNBAGAME-26JAN09MILLAL-MIL``: series ``KXNBAGAME``,
    event ``KXNBAGAME-26JAN09MILLAL`` dated 2026-01-09 with detail ``MILLAL`` (the two teams),
    outcome code ``MIL`` (the team this market's YES pays on).

    The event code dates the event as precisely as it says: ``event_year`` alone for a season or
    an election (``KXSCOTPARL-26``), with ``event_month`` for a monthly release (``26JAN``), with
    ``event_date`` for a day and ``event_hour`` for an hourly reading (``26JAN0917``). Keyword-only,
    so the date fields can stand in that order, coarsest first."""

    ticker: str
    series_ticker: str
    event_ticker: str
    event_year: int | None = None
    event_month: int | None = None
    event_date: date | None
    event_hour: int | None = None
    event_detail: str | None
    outcome_code: str | None

    @property
    def event_code(self) -> str:
        """The event ticker after its series: ``26JAN09MILLAL``."""
        return self.event_ticker.partition("-")[2]


def series_ticker_of(event_ticker: str) -> str:
    # Event tickers are SERIES-<event code> (KXNBAGAME-26JAN11HOUSAC); markets carry no series
    # field, so when no event object is at hand the series is the event ticker's first part.
    return event_ticker.split("-", 1)[0]


# The reader asks for one market's parts several times (its date, its game, its year).
@lru_cache(maxsize=1 << 16)
def split_ticker(ticker: str, event_ticker: str | None = None) -> KalshiTickerParts:
    """Split a market ticker into series, event and outcome parts. Market tickers are
    ``<event ticker>-<outcome code>`` and event tickers ``<series>-<YYMMMDD><detail>``
    (docs/venues.md#kalshi-events); pass the market's ``event_ticker`` when known, since some codes
    hold dashes."""
    parts = ticker.split("-")
    if event_ticker is not None:
        if not ticker.startswith(event_ticker + "-"):
            raise TickerFormatError(ticker, f"does not extend its event ticker {event_ticker!r}")
        outcome_code: str | None = ticker[len(event_ticker) + 1 :]
    elif len(parts) >= 3:
        event_ticker, outcome_code = "-".join(parts[:-1]), parts[-1]
    elif len(parts) == 2:
        event_ticker, outcome_code = ticker, None
    else:
        raise TickerFormatError(ticker, "expected SERIES-EVENT[-OUTCOME]")
    series_ticker, _, event_code = event_ticker.partition("-")
    year = month = hour = None
    event_date = None
    event_detail = event_code or None
    match = _EVENT_DATE.match(event_code)
    if match and match.group(2) in _MONTHS:
        year, month = 2000 + int(match.group(1)), _MONTHS[match.group(2)]
        if match.group(3):
            try:
                event_date = date(year, month, int(match.group(3)))
            except ValueError:
                # Not a calendar day: the code names no date at all.
                year = month = None
            else:
                event_detail = event_code[match.start(3) + 2:] or None
                if match.group(4) and int(match.group(4)) <= 23:
                    hour = int(match.group(4))
    elif _EVENT_YEAR.match(event_code):
        year = 2000 + int(event_code)
    return KalshiTickerParts(ticker=ticker, series_ticker=series_ticker, event_ticker=event_ticker,
                             event_year=year, event_month=month, event_date=event_date, event_hour=hour,
                             event_detail=event_detail, outcome_code=outcome_code or None)
