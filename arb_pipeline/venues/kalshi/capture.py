"""Kalshi's part of a capture (the layout is in :mod:`arb_pipeline.venues.capture`): series,
market and event pages as they came, the book of every open market, and reading them back.

    kalshi/series/*.json               GET /series bodies
    kalshi/markets/*.json              GET /markets bodies, one page per file, read in name order
    kalshi/events/*.json               GET /events?with_nested_markets=true bodies
    kalshi/orderbooks/<ticker>.json    GET /markets/<ticker>/orderbook bodies
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import orjson

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.domain.models import Market, MarketStatus, Series
from arb_pipeline.venues.capture_folder import (
    SAFE_NAME,
    CaptureFolder,
    CaptureRun,
    CaptureSettings,
    read_json,
    same_book_levels,
)
from arb_pipeline.venues.http import HttpResult, run_bounded
from arb_pipeline.venues.kalshi.auth import KalshiSigner
from arb_pipeline.venues.kalshi.catalog import UNSIGNED_BOOK_FETCHES, merge_markets, merge_series
from arb_pipeline.venues.kalshi.constants import BATCH_ORDERBOOKS_MAX
from arb_pipeline.venues.kalshi.parsing.books import parse_orderbook
from arb_pipeline.venues.kalshi.parsing.markets import parse_events_page, parse_markets_page, parse_series_page
from arb_pipeline.venues.kalshi.rest import KalshiRestClient
from arb_pipeline.venues.kalshi.tickers import is_parlay
from arb_pipeline.venues.protocols import CaptureVenue
from arb_pipeline.venues.records import RecordProblem, kalshi_book_terms, malformed_ids
from arb_pipeline.venues.wire import WireFormatError

BOOKS = "kalshi/orderbooks"


def _source(endpoints: VenueEndpoints) -> str:
    return f"kalshi={endpoints.kalshi_api_url}"


class KalshiCaptureWriter:
    """Building it reads the Kalshi key, so a key that cannot be used stops the capture before
    any request."""

    def __init__(self, settings: CaptureSettings) -> None:
        self.api_url = settings.endpoints.kalshi_api_url
        self.signer = KalshiSigner.from_credentials(settings.credentials)

    async def write(self, run: CaptureRun) -> None:
        async with KalshiRestClient(self.api_url, self.signer) as kalshi:
            run.bar.set_description("kalshi series")
            await run.write_pages("kalshi/series", kalshi.series_pages())
            run.bar.set_description("kalshi markets")
            market_pages = await run.write_pages("kalshi/markets", kalshi.market_pages())
            run.bar.set_description("kalshi events")
            await run.write_pages("kalshi/events", kalshi.event_pages(with_nested_markets=True))
            tickers = _book_tickers(market_pages, run.skipped)
            run.counts["kalshi_markets"] = len(tickers)
            run.expect("kalshi books", len(tickers))
            if self.signer is not None:
                await _write_batched_books(kalshi, tickers, run)
            else:
                await _write_books_one_by_one(kalshi, tickers, run)
        run.counts["kalshi_books"] = run.files.count(f"{BOOKS}/")


def _book_tickers(market_pages: list[tuple[str, HttpResult]], skipped: list[str]) -> list[str]:
    """Which books to fetch: parsed market by market, so one malformed market costs only its own
    book (the page is saved as it came either way; the loader reports it). A market listed on two
    pages is fetched once; whether its copies agree is the loader's call."""
    problems: list[RecordProblem] = []
    tickers: list[str] = []
    for relative, page in market_pages:
        try:
            markets = parse_markets_page(page.json(), where=relative, problems=problems).markets
        except WireFormatError as exc:
            skipped.append(str(exc))
            continue
        for market in markets:
            if market.status is not MarketStatus.OPEN or is_parlay(market):
                continue
            if SAFE_NAME.match(market.market_id):
                tickers.append(market.market_id)
            else:
                skipped.append(f"{relative}: market ticker {market.market_id!r} cannot be used as a file name; no book fetched")
    skipped.extend(str(problem) for problem in problems)
    return list(dict.fromkeys(tickers))


async def _write_batched_books(kalshi: KalshiRestClient, tickers: list[str], run: CaptureRun) -> None:
    # The signed batch endpoint takes 100 tickers a call: two orders of magnitude fewer requests
    # under the 20 reads/s basic tier than one GET per market. Each book is saved in the single
    # book body shape the layout names.
    same_levels = same_book_levels(lambda body: parse_orderbook(body, "duplicate", datetime.now(tz=UTC)), kalshi_book_terms)
    for start in range(0, len(tickers), BATCH_ORDERBOOKS_MAX):
        chunk = tickers[start : start + BATCH_ORDERBOOKS_MAX]
        result = await kalshi.fetch_orderbooks_raw(chunk)
        body = result.json()
        items = body.get("orderbooks") if isinstance(body, dict) else None
        if not isinstance(items, list):
            run.skipped.append(f"kalshi GET /markets/orderbooks: expected an 'orderbooks' array, got {body!r:.80}")
            items = []
        for item in items:
            ticker = item.get("ticker") if isinstance(item, dict) else None
            if not isinstance(ticker, str) or not SAFE_NAME.match(ticker):
                run.skipped.append(f"kalshi GET /markets/orderbooks: a book without a usable ticker: {item!r:.80}")
                continue
            book = {key: value for key, value in item.items() if key != "ticker"}
            conflict = run.files.write_book(f"{BOOKS}/{ticker}.json", orjson.dumps(book), result.received_ts, same_levels)
            if conflict:
                run.skipped.append(conflict)
        run.bar.update(len(chunk))


async def _write_books_one_by_one(kalshi: KalshiRestClient, tickers: list[str], run: CaptureRun) -> None:
    async def one(ticker: str) -> None:
        result = await kalshi.fetch_orderbook_raw(ticker)
        run.files.write(f"{BOOKS}/{ticker}.json", result.content, result.received_ts)
        run.bar.update(1)

    await run_bounded([partial(one, ticker) for ticker in tickers], UNSIGNED_BOOK_FETCHES)


def read_kalshi_capture(folder: CaptureFolder) -> None:
    capture = folder.capture
    # Series first: they carry the fee schedule every Kalshi market needs.
    series: list[tuple[Series, str]] = []

    def read_series(path: Path, relative: str, found: list[RecordProblem]) -> None:
        series.extend((one, relative) for one in parse_series_page(read_json(path), where=relative, problems=found))

    folder.read("kalshi/series", read_series)
    conflicts: list[RecordProblem] = []
    capture.kalshi_series = merge_series(series, conflicts, malformed_ids(folder.malformed, "series"))
    folder.records(conflicts)

    listed: list[tuple[Market, str]] = []
    from_events: list[tuple[Market, str]] = []

    def read_markets(path: Path, relative: str, found: list[RecordProblem]) -> None:
        page = parse_markets_page(read_json(path), where=relative, series_by_ticker=capture.kalshi_series, problems=found)
        listed.extend((market, relative) for market in page.markets)

    def read_events(path: Path, relative: str, found: list[RecordProblem]) -> None:
        page = parse_events_page(read_json(path), where=relative, series_by_ticker=capture.kalshi_series, problems=found)
        from_events.extend((market, relative) for event in page.events for market in event.markets)

    folder.read("kalshi/markets", read_markets)
    folder.read("kalshi/events", read_events)
    conflicts = []
    capture.kalshi_markets = merge_markets(listed, from_events, conflicts, malformed_ids(folder.malformed, "market"))
    folder.records(conflicts)

    def read_book(path: Path, relative: str, found: list[RecordProblem]) -> None:
        received = folder.manifest.received_at[relative]
        capture.kalshi_books[path.stem] = parse_orderbook(read_json(path), path.stem, received, where=relative)

    folder.read(BOOKS, read_book, book=True)


CAPTURE = CaptureVenue("kalshi", _source, KalshiCaptureWriter, read_kalshi_capture)
