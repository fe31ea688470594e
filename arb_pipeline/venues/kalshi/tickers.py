"""Kalshi tickers for the venue package: the ticker grammar of :mod:`arb_pipeline.domain.kalshi_tickers`
(the one place tickers are split, shared with the domain's matching) with the venue's wire errors,
and whether a market is a parlay (docs/venues.md#kalshi-events).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from arb_pipeline.domain import kalshi_tickers as tickers
from arb_pipeline.domain.kalshi_tickers import KalshiTickerParts, TickerFormatError, series_ticker_of
from arb_pipeline.domain.models import Market
from arb_pipeline.venues.kalshi.constants import PARLAY_TICKER_PREFIX
from arb_pipeline.venues.wire import WireFormatError

__all__ = ["KalshiTickerParts", "is_parlay", "is_parlay_ticker", "series_ticker_of", "split_ticker"]


def split_ticker(ticker: str, event_ticker: str | None = None) -> KalshiTickerParts:
    """:func:`arb_pipeline.domain.kalshi_tickers.split_ticker`, with a malformed ticker reported as
    the wire format error a venue payload raises."""
    try:
        return tickers.split_ticker(ticker, event_ticker)
    except TickerFormatError as error:
        raise WireFormatError(f"kalshi ticker {ticker}", error.problem) from error


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
