"""Kalshi REST market data over the shared HTTP policy (docs/venues.md#kalshi, authentication to
order books).

Raw page iterators yield :class:`HttpResult` so the capture command can store bodies exactly as
they came; the ``fetch_*`` helpers parse the same pages into domain models.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from arb_pipeline.domain.models import KalshiOrderBook, Market, Series
from arb_pipeline.venues.http import HttpResult, RateLimit, RetryPolicy, VenueClient, VenueHttpClient, VenueHttpError
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner
from arb_pipeline.venues.kalshi.constants import (
    BATCH_ORDERBOOKS_MAX,
    BATCH_ORDERBOOKS_PATH,
    API_KEY_ID_ENV,
    CREDENTIALS_HINT,
    DEFAULT_TIER,
    EVENT_PATH,
    EVENTS_PAGE_MAX,
    EVENTS_PAGE_MIN,
    EVENTS_PATH,
    MARKET_PATH,
    MARKET_STATUS_FILTERS,
    MARKETS_PAGE_MAX,
    MARKETS_PAGE_MIN,
    MARKETS_PATH,
    MVE_FILTERS,
    ORDERBOOK_DEPTH_MAX,
    ORDERBOOK_PATH,
    PRIVATE_KEY_PATH_ENV,
    RATE_LIMITS,
    SERIES_FEE_CHANGES_PATH,
    SERIES_LIST_PATH,
    SERIES_PATH,
    VENUE_NAME,
)
from arb_pipeline.venues.kalshi.parsing.books import parse_batch_orderbooks, parse_orderbook
from arb_pipeline.venues.kalshi.parsing.markets import (
    KalshiEvent,
    SeriesFeeChange,
    describe_error,
    next_cursor,
    parse_event_response,
    parse_events_page,
    parse_fee_changes,
    parse_market_response,
    parse_markets_page,
    parse_series_page,
    parse_series_response,
)
from arb_pipeline.venues.kalshi.tickers import is_parlay
from arb_pipeline.venues.records import RecordProblem, merge_copies, scratch, series_terms
from arb_pipeline.venues.wire import WireFormatError


class KalshiApiError(VenueHttpError):
    """A Kalshi request that failed for good, with the venue's error body made readable."""


def _query(filters: Mapping[str, Any]) -> dict[str, Any]:
    # httpx would send Python's True as "True"; Kalshi expects "true". Lists become the
    # comma-joined form the /markets `tickers` filter takes (docs/venues.md#kalshi-markets).
    params: dict[str, Any] = {}
    for name, value in filters.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params[name] = "true" if value else "false"
        elif isinstance(value, (list, tuple, set, frozenset)):
            params[name] = ",".join(str(v) for v in value)
        else:
            params[name] = value
    return params


def _check_limit(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"Kalshi {name} must be {low}..{high}, got {value}")


class KalshiRestClient(VenueClient):
    """``async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi: ...``"""

    def __init__(
        self,
        base_url: str,
        signer: KalshiSigner | None = None,
        rate_limits: Iterable[RateLimit] = RATE_LIMITS[DEFAULT_TIER],
        retry: RetryPolicy | None = None,
    ) -> None:
        self.signer = signer
        self.http = VenueHttpClient(VENUE_NAME, base_url, rate_limits=rate_limits, retry=retry, signer=signer)

    def _credentials_needed(self, path: str) -> KalshiCredentialsError:
        return KalshiCredentialsError(f"Kalshi GET {path} needs a signed request and no Kalshi key is configured: {CREDENTIALS_HINT}")

    async def _get(self, path: str, params: Any = None, *, sign: bool = False) -> HttpResult:
        if sign and self.signer is None:
            raise self._credentials_needed(path)
        try:
            return await self.http.get(path, params, sign=sign)
        except VenueHttpError as exc:
            if exc.status == 401 and not sign:
                # Market data works unsigned, but the venue's own spec declares auth on some of
                # it; "on a 401, retry signed" (docs/venues.md#kalshi-authentication).
                if self.signer is None:
                    raise self._credentials_needed(path) from exc
                return await self._get(path, params, sign=True)
            detail = describe_error(exc.detail)
            if exc.status == 401:
                raise KalshiCredentialsError(
                    f"Kalshi refused the signed request GET {path} ({detail}): check that "
                    f"{API_KEY_ID_ENV} is the id of the key in {PRIVATE_KEY_PATH_ENV} and that "
                    "this machine's clock is right"
                ) from exc
            raise KalshiApiError(exc.venue, exc.method, exc.url, exc.status, detail) from exc

    async def _pages(self, path: str, params: dict[str, Any]) -> AsyncIterator[HttpResult]:
        seen: set[str] = set()
        while True:
            result = await self._get(path, params)
            yield result
            cursor = next_cursor(result.json(), f"kalshi GET {path}")
            if cursor is None:
                return
            if cursor in seen:
                # A cursor that repeats would page forever; stop loudly instead.
                raise WireFormatError(f"kalshi GET {path} field 'cursor'", f"cursor {cursor!r} repeated")
            seen.add(cursor)
            params = {**params, "cursor": cursor}

    # --- raw pages (capture) ---------------------------------------------------------------

    def market_pages(
        self, status: str | None = "open", mve_filter: str | None = "exclude", limit: int = MARKETS_PAGE_MAX, **filters: Any
    ) -> AsyncIterator[HttpResult]:
        """Every ``GET /markets`` page. ``mve_filter="exclude"`` keeps multivariate parlays out,
        which otherwise come first and in bulk (docs/venues.md#kalshi-markets)."""
        _check_limit("markets page limit", limit, MARKETS_PAGE_MIN, MARKETS_PAGE_MAX)
        if status is not None and status not in MARKET_STATUS_FILTERS:
            raise ValueError(f"Kalshi /markets status filter must be one of {sorted(MARKET_STATUS_FILTERS)}, got {status!r}")
        if mve_filter is not None and mve_filter not in MVE_FILTERS:
            raise ValueError(f"Kalshi mve_filter must be one of {sorted(MVE_FILTERS)}, got {mve_filter!r}")
        return self._pages(MARKETS_PATH, _query({"limit": limit, "status": status, "mve_filter": mve_filter, **filters}))

    def event_pages(
        self, with_nested_markets: bool = True, status: str | None = "open", limit: int = EVENTS_PAGE_MAX, **filters: Any
    ) -> AsyncIterator[HttpResult]:
        """Every ``GET /events`` page (parlays are already excluded there,
        docs/venues.md#kalshi-markets)."""
        _check_limit("events page limit", limit, EVENTS_PAGE_MIN, EVENTS_PAGE_MAX)
        if status is not None and status not in MARKET_STATUS_FILTERS - {"paused"}:
            raise ValueError(f"Kalshi /events status filter must be unopened, open, closed or settled, got {status!r}")
        params = _query({"limit": limit, "status": status, "with_nested_markets": with_nested_markets, **filters})
        return self._pages(EVENTS_PATH, params)

    async def series_pages(self, **filters: Any) -> AsyncIterator[HttpResult]:
        """``GET /series``: one response holds the whole list."""
        yield await self._get(SERIES_LIST_PATH, _query(filters))

    # --- parsed ---------------------------------------------------------------------------

    async def fetch_markets(
        self,
        status: str | None = "open",
        mve_filter: str | None = "exclude",
        limit: int = MARKETS_PAGE_MAX,
        series: Mapping[str, Series] | None = None,
        problems: list[RecordProblem] | None = None,
        **filters: Any,
    ) -> list[Market]:
        """All markets matching the filters; fee schedules attached from ``series`` (as
        returned by :meth:`fetch_series`) when given. With ``problems``, a malformed market is
        listed there and skipped; without, it raises."""
        markets: list[Market] = []
        async for page in self.market_pages(status=status, mve_filter=mve_filter, limit=limit, **filters):
            markets.extend(
                parse_markets_page(
                    page.json(), where=f"kalshi GET {MARKETS_PATH}", series_by_ticker=series, problems=problems
                ).markets
            )
        if mve_filter == "exclude":
            markets = [m for m in markets if not is_parlay(m)]
        return markets

    async def fetch_events(
        self,
        with_nested_markets: bool = True,
        status: str | None = "open",
        limit: int = EVENTS_PAGE_MAX,
        series: Mapping[str, Series] | None = None,
        problems: list[RecordProblem] | None = None,
        **filters: Any,
    ) -> list[KalshiEvent]:
        """With ``problems``, a malformed event or nested market is listed there and skipped;
        without, it raises."""
        events: list[KalshiEvent] = []
        async for page in self.event_pages(with_nested_markets=with_nested_markets, status=status, limit=limit, **filters):
            events.extend(
                parse_events_page(page.json(), where=f"kalshi GET {EVENTS_PATH}", series_by_ticker=series, problems=problems).events
            )
        return events

    async def fetch_series(self, problems: list[RecordProblem] | None = None, **filters: Any) -> dict[str, Series]:
        """Series by ticker. With ``problems``, a malformed series, or one listed twice with
        different fee terms, is listed there and left out; without, either raises."""
        where = f"kalshi GET {SERIES_LIST_PATH}"
        pages = [page.json() async for page in self.series_pages(**filters)]
        found = scratch(problems)
        copies = ((one, where) for page in pages for one in parse_series_page(page, where=where, problems=found))
        return merge_copies("series", lambda s: s.ticker, series_terms, copies, found, problems, "series")

    async def fetch_series_by_ticker(self, series_ticker: str) -> Series:
        """``GET /series/{series_ticker}``: one series' fee parameters."""
        path = SERIES_PATH.format(series_ticker=quote(series_ticker, safe=""))
        result = await self._get(path)
        parsed = parse_series_response(result.json(), where=f"kalshi GET {path}")
        if series_ticker not in parsed:
            raise WireFormatError(f"kalshi GET {path}", f"the response does not hold series {series_ticker!r}")
        return parsed[series_ticker]

    async def fetch_fee_changes(self, *, series_ticker: str | None = None, show_historical: bool = False) -> list[SeriesFeeChange]:
        """``GET /series/fee_changes``: the series' scheduled fee changes (with
        ``show_historical``, those already in effect too), docs/venues.md#kalshi-fees."""
        result = await self._get(SERIES_FEE_CHANGES_PATH, _query({"series_ticker": series_ticker, "show_historical": show_historical}))
        return parse_fee_changes(result.json(), where=f"kalshi GET {SERIES_FEE_CHANGES_PATH}")

    async def fetch_market(self, ticker: str, series: Mapping[str, Series] | None = None) -> Market:
        path = MARKET_PATH.format(ticker=quote(ticker, safe=""))
        result = await self._get(path)
        return parse_market_response(result.json(), where=f"kalshi GET {path}", series_by_ticker=series)

    async def fetch_event(
        self, event_ticker: str, series: Mapping[str, Series] | None = None, problems: list[RecordProblem] | None = None
    ) -> KalshiEvent:
        """With ``problems``, a malformed nested market is listed there and skipped."""
        path = EVENT_PATH.format(event_ticker=quote(event_ticker, safe=""))
        result = await self._get(path)
        return parse_event_response(result.json(), where=f"kalshi GET {path}", series_by_ticker=series, problems=problems)

    async def fetch_orderbook_raw(self, ticker: str, depth: int = 0) -> HttpResult:
        """``GET /markets/{ticker}/orderbook``; depth 0 means every level."""
        _check_limit("orderbook depth", depth, 0, ORDERBOOK_DEPTH_MAX)
        path = ORDERBOOK_PATH.format(ticker=quote(ticker, safe=""))
        return await self._get(path, {"depth": depth} if depth else None)

    async def fetch_orderbook(self, ticker: str, depth: int = 0) -> KalshiOrderBook:
        result = await self.fetch_orderbook_raw(ticker, depth)
        return parse_orderbook(result.json(), ticker, result.received_ts, where=f"kalshi GET {ORDERBOOK_PATH}")

    async def fetch_orderbooks_raw(self, tickers: Sequence[str]) -> HttpResult:
        """One signed ``GET /markets/orderbooks`` for 1..100 tickers (repeated ``tickers=``)."""
        _check_limit("batch orderbooks ticker count", len(tickers), 1, BATCH_ORDERBOOKS_MAX)
        return await self._get(BATCH_ORDERBOOKS_PATH, [("tickers", t) for t in tickers], sign=True)

    async def fetch_orderbooks(
        self, tickers: Iterable[str], problems: list[RecordProblem] | None = None
    ) -> dict[str, KalshiOrderBook]:
        """Books for any number of tickers, 100 per signed batch request. A ticker the venue
        does not know is absent from the result. With ``problems``, a malformed book, or one
        answered twice with different levels, is listed there and left out; without, either
        raises."""
        unique = list(dict.fromkeys(tickers))
        if not unique:
            return {}
        if self.signer is None:
            raise self._credentials_needed(BATCH_ORDERBOOKS_PATH)
        chunks = [unique[i : i + BATCH_ORDERBOOKS_MAX] for i in range(0, len(unique), BATCH_ORDERBOOKS_MAX)]
        results = await asyncio.gather(*(self.fetch_orderbooks_raw(chunk) for chunk in chunks))
        answers = (
            (result.json(), result.received_ts, f"kalshi GET {BATCH_ORDERBOOKS_PATH} batch {number}")
            for number, result in enumerate(results, start=1)
        )
        return parse_batch_orderbooks(answers, problems)
