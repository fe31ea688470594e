"""Capture raw venue responses into the capture layout of ARCHITECTURE.md, and load such a folder
back into the same domain models the live clients produce.

Layout (a contract other tools rely on)::

    manifest.json                      {"format": 1, "captured_at": ..., "source": ...}
    kalshi/markets/*.json              GET /markets bodies, one page per file, read in name order
    kalshi/events/*.json               GET /events?with_nested_markets=true bodies
    kalshi/series/*.json               GET /series bodies
    kalshi/orderbooks/<ticker>.json    GET /markets/<ticker>/orderbook bodies
    polymarket/markets/*.json          Gamma GET /markets bodies (a list, or a keyset page)
    polymarket/events/*.json           Gamma GET /events bodies
    polymarket/books/<token_id>.json   CLOB GET /book bodies
    odds/<sport_key>/*.json            The Odds API GET /v4/sports/<sport>/odds bodies

Page bodies are written byte for byte as they came. Books fetched in batches (Kalshi's signed
``GET /markets/orderbooks``, Polymarket's ``POST /books``) are split into one file per book in the
single-book body shape, which is what the layout names. The manifest may also carry
``received_at`` (per-file receive times) and ``odds_quota``; readers ignore keys they do not know.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tqdm import tqdm

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import (
    KalshiOrderBook,
    Market,
    MarketStatus,
    OrderBook,
    Series,
    SportsEvent,
)
from arb_pipeline.venues.catalog import merge_catalog, parse_each
from arb_pipeline.venues.http import HttpResult, VenueHttpError
from arb_pipeline.venues.kalshi import (
    KalshiRestClient,
    KalshiSigner,
    is_parlay,
    parse_events_page as parse_kalshi_events_page,
    parse_market as parse_kalshi_market,
    parse_markets_page as parse_kalshi_markets_page,
    parse_orderbook as parse_kalshi_orderbook,
    parse_series_response,
)
from arb_pipeline.venues.odds_api import OddsApiClient, parse_odds
from arb_pipeline.venues.polymarket import (
    PolymarketClobClient,
    PolymarketGammaClient,
    parse_book as parse_polymarket_book,
    parse_events_page as parse_polymarket_events_page,
    parse_gamma_market,
    parse_markets_page as parse_polymarket_markets_page,
)
from arb_pipeline.venues.polymarket.parsing import split_page
from arb_pipeline.venues.wire import WireFormatError, parse_time

log = logging.getLogger(__name__)

CAPTURE_FORMAT = 1
MANIFEST = "manifest.json"
DEFAULT_ODDS_SPORTS = ("basketball_nba", "americanfootball_nfl")
VENUES = ("kalshi", "polymarket", "odds")

# Tickers and token ids become file names; anything else (a slash, "..") would escape the folder.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


class CaptureError(RuntimeError):
    """The folder is not a capture at all (no or unreadable manifest, unknown format)."""


@dataclass(frozen=True, slots=True)
class CaptureProblem:
    """One file that could not be read; the rest of the capture still loads."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class Capture:
    """A capture folder read back into domain models."""

    directory: Path
    captured_at: datetime
    source: str
    kalshi_series: dict[str, Series] = field(default_factory=dict)
    kalshi_markets: dict[str, Market] = field(default_factory=dict)
    kalshi_books: dict[str, KalshiOrderBook] = field(default_factory=dict)
    polymarket_markets: dict[str, Market] = field(default_factory=dict)
    polymarket_books: dict[str, OrderBook] = field(default_factory=dict)
    odds_events: dict[str, list[SportsEvent]] = field(default_factory=dict)
    problems: list[CaptureProblem] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "kalshi_series": len(self.kalshi_series),
            "kalshi_markets": len(self.kalshi_markets),
            "kalshi_books": len(self.kalshi_books),
            "polymarket_markets": len(self.polymarket_markets),
            "polymarket_books": len(self.polymarket_books),
            "odds_events": sum(len(events) for events in self.odds_events.values()),
            "problems": len(self.problems),
        }


# --------------------------------------------------------------------------------------------
# Writing


class CaptureWriter:
    """Writes files under the capture folder and remembers when each body was received."""

    def __init__(self, directory: Path, captured_at: datetime) -> None:
        self.directory = directory
        self.captured_at = captured_at
        self.received_at: dict[str, str] = {}
        self.files = 0
        self.bytes = 0

    def write(self, relative: str, content: bytes, received_ts: datetime) -> None:
        path = self.directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted capture never leaves a half-written file that
        # a later scan would report as corrupt.
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        os.replace(partial, path)
        self.received_at[relative] = received_ts.isoformat()
        self.files += 1
        self.bytes += len(content)

    def write_manifest(self, source: str, extra: dict[str, Any]) -> None:
        manifest = {
            "format": CAPTURE_FORMAT,
            "captured_at": self.captured_at.isoformat(),
            "source": source,
            **extra,
            "received_at": dict(sorted(self.received_at.items())),
        }
        self.write(MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2), self.captured_at)


def _book_file_name(identifier: str, what: str) -> str:
    if not _SAFE_NAME.match(identifier):
        raise WireFormatError(what, f"{identifier!r} cannot be used as a file name")
    return f"{identifier}.json"


def _page_name(index: int) -> str:
    return f"{index:05d}.json"


@dataclass
class CaptureReport:
    directory: Path
    captured_at: datetime
    files: int
    bytes: int
    seconds: float
    counts: dict[str, int]
    skipped: list[str]


async def _write_pages(
    writer: CaptureWriter, folder: str, pages: AsyncIterator[HttpResult], bar: tqdm
) -> list[HttpResult]:
    results = []
    async for result in pages:
        results.append(result)
        writer.write(f"{folder}/{_page_name(len(results))}", result.content, result.received_ts)
        bar.update(1)
    return results


async def _capture_kalshi(
    writer: CaptureWriter,
    endpoints: VenueEndpoints,
    signer: KalshiSigner | None,
    bar: tqdm,
    counts: dict[str, int],
    skipped: list[str],
) -> None:
    async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
        bar.set_description("kalshi series")
        await _write_pages(writer, "kalshi/series", kalshi.series_pages(), bar)
        bar.set_description("kalshi markets")
        market_pages = await _write_pages(writer, "kalshi/markets", kalshi.market_pages(), bar)
        bar.set_description("kalshi events")
        await _write_pages(writer, "kalshi/events", kalshi.event_pages(with_nested_markets=True), bar)

        # Which books to fetch: parsed market by market, so one malformed market costs only its
        # own book (the page is saved as it came either way; the loader reports it).
        problems: list[str] = []
        tickers = [
            market.market_id
            for page in market_pages
            for market in parse_each(
                page.json().get("markets") or [],
                "kalshi GET /markets",
                lambda obj, at: parse_kalshi_market(obj, where=at),
                problems,
            )
            if market.status is MarketStatus.OPEN and not is_parlay(market)
        ]
        skipped.extend(f"kalshi market: {problem}" for problem in problems)
        counts["kalshi_markets"] = len(tickers)
        bar.set_description("kalshi books")
        bar.total = (bar.total or 0) + len(tickers)
        bar.refresh()
        written = 0
        if signer is not None:
            # The signed batch endpoint takes 100 tickers a call: two orders of magnitude fewer
            # requests under the 20 reads/s basic tier than one GET per market.
            for start in range(0, len(tickers), 100):
                chunk = tickers[start : start + 100]
                result = await kalshi.fetch_orderbooks_raw(chunk)
                for item in result.json().get("orderbooks") or []:
                    ticker = item.get("ticker") if isinstance(item, dict) else None
                    if not isinstance(ticker, str) or not _SAFE_NAME.match(ticker):
                        skipped.append(f"kalshi GET /markets/orderbooks: a book without a usable ticker: {item!r:.80}")
                        continue
                    body = {key: value for key, value in item.items() if key != "ticker"}
                    writer.write(f"kalshi/orderbooks/{ticker}.json", orjson.dumps(body), result.received_ts)
                    written += 1
                bar.update(len(chunk))
        else:
            semaphore = asyncio.Semaphore(8)

            async def one(ticker: str) -> None:
                nonlocal written
                async with semaphore:
                    result = await kalshi.fetch_orderbook_raw(ticker)
                name = _book_file_name(ticker, "kalshi market ticker")
                writer.write(f"kalshi/orderbooks/{name}", result.content, result.received_ts)
                written += 1
                bar.update(1)

            async with asyncio.TaskGroup() as group:
                for ticker in tickers:
                    group.create_task(one(ticker))
        counts["kalshi_books"] = written


async def _capture_polymarket(
    writer: CaptureWriter, endpoints: VenueEndpoints, bar: tqdm, counts: dict[str, int], skipped: list[str]
) -> None:
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        bar.set_description("polymarket markets")
        market_pages = await _write_pages(writer, "polymarket/markets", gamma.market_pages(), bar)
        bar.set_description("polymarket events")
        await _write_pages(writer, "polymarket/events", gamma.event_pages(), bar)

    problems: list[str] = []
    markets = [
        market
        for page in market_pages
        for market in parse_each(
            split_page(page.json(), "markets", "polymarket gamma /markets")[0],
            "polymarket gamma /markets",
            lambda obj, at: parse_gamma_market(obj, where=at),
            problems,
        )
    ]
    skipped.extend(f"polymarket market: {problem}" for problem in problems)
    tokens = list(dict.fromkeys(t for m in markets if m.status is MarketStatus.OPEN for t in m.token_ids))
    counts["polymarket_markets"] = len(markets)
    bar.set_description("polymarket books")
    bar.total = (bar.total or 0) + len(tokens)
    bar.refresh()
    written = 0
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        for result in await clob.fetch_books_raw(tokens):
            books = result.json()
            for book in books if isinstance(books, list) else []:
                token = book.get("asset_id") if isinstance(book, dict) else None
                if not isinstance(token, str) or not _SAFE_NAME.match(token):
                    skipped.append(f"polymarket POST /books: a book without a usable asset_id: {book!r:.80}")
                    continue
                writer.write(f"polymarket/books/{token}.json", orjson.dumps(book), result.received_ts)
                written += 1
            bar.update(len(books) if isinstance(books, list) else 0)
    counts["polymarket_books"] = written


async def _capture_odds(
    writer: CaptureWriter,
    endpoints: VenueEndpoints,
    api_key: str,
    sports: Sequence[str],
    bar: tqdm,
    counts: dict[str, int],
    skipped: list[str],
) -> dict[str, Any] | None:
    async with OddsApiClient(endpoints.odds_api_url, api_key) as odds:
        for sport in sports:
            bar.set_description(f"odds {sport}")
            try:
                result = await odds.odds_raw(sport, odds_format="decimal")
            except VenueHttpError as exc:
                # 422 = sport out of season or unknown (VENUE_APIS.md 3): the rest still captures.
                skipped.append(f"odds {sport}: {exc}")
                log.warning("odds capture skipped %s: %s", sport, exc)
                continue
            _book_file_name(sport, "odds sport key")
            writer.write(f"odds/{sport}/h2h.json", result.content, result.received_ts)
            counts[f"odds_{sport}"] = len(result.json())
            bar.update(1)
        quota = odds.last_quota
    if quota is None:
        return None
    return {"remaining": quota.remaining, "used": quota.used, "last_cost": quota.last_cost}


async def capture(
    out: Path,
    endpoints: VenueEndpoints,
    credentials: Credentials,
    *,
    venues: Iterable[str] = VENUES,
    odds_sports: Sequence[str] = DEFAULT_ODDS_SPORTS,
    progress: bool = True,
) -> CaptureReport:
    """Save catalogs, series, books and odds from the configured endpoints into ``out``."""
    venues = tuple(venues)
    unknown = set(venues) - set(VENUES)
    if unknown:
        raise ValueError(f"unknown venue(s) {sorted(unknown)}; choose from {VENUES}")
    out.mkdir(parents=True, exist_ok=True)
    if (out / MANIFEST).exists():
        raise CaptureError(f"{out} already holds a capture; choose an empty folder")
    started = time.monotonic()
    captured_at = datetime.now(tz=UTC)
    writer = CaptureWriter(out, captured_at)
    counts: dict[str, int] = {}
    skipped: list[str] = []
    extra: dict[str, Any] = {}
    signer = KalshiSigner.from_credentials(credentials)
    with tqdm(total=0, unit="req", disable=not progress, leave=False) as bar:
        if "kalshi" in venues:
            await _capture_kalshi(writer, endpoints, signer, bar, counts, skipped)
        if "polymarket" in venues:
            await _capture_polymarket(writer, endpoints, bar, counts, skipped)
        if "odds" in venues:
            if credentials.odds_api_key:
                quota = await _capture_odds(
                    writer, endpoints, credentials.odds_api_key, odds_sports, bar, counts, skipped
                )
                if quota is not None:
                    extra["odds_quota"] = quota
            else:
                skipped.append("odds: ODDS_API_KEY is not set")
    source = (
        f"kalshi={endpoints.kalshi_api_url} polymarket={endpoints.polymarket_gamma_url} "
        f"clob={endpoints.polymarket_clob_url} odds={endpoints.odds_api_url}"
    )
    writer.write_manifest(source, {"venues": list(venues), "counts": counts, **extra})
    return CaptureReport(
        directory=out,
        captured_at=captured_at,
        files=writer.files,
        bytes=writer.bytes,
        seconds=time.monotonic() - started,
        counts=counts,
        skipped=skipped,
    )


# --------------------------------------------------------------------------------------------
# Reading


def _read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def _files(directory: Path, sub: str) -> list[Path]:
    folder = directory / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".json")


def load_capture(directory: Path) -> Capture:
    """Read a capture folder. A file that is not valid JSON or not in the venue's shape is
    recorded in ``problems`` (which file, what is wrong) and skipped; the rest loads."""
    directory = Path(directory)
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise CaptureError(f"{directory} is not a capture folder: {MANIFEST} is missing")
    try:
        manifest = _read_json(manifest_path)
    except (OSError, orjson.JSONDecodeError) as exc:
        raise CaptureError(f"{manifest_path}: not readable JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != CAPTURE_FORMAT:
        raise CaptureError(f"{manifest_path}: expected format {CAPTURE_FORMAT}, got {manifest.get('format') if isinstance(manifest, dict) else manifest!r}")
    try:
        captured_at = parse_time(manifest.get("captured_at"), f"{manifest_path} captured_at")
    except WireFormatError as exc:
        raise CaptureError(str(exc)) from None
    received_at = manifest.get("received_at") or {}
    capture_ = Capture(directory=directory, captured_at=captured_at, source=str(manifest.get("source", "")))

    def received(path: Path) -> datetime:
        value = received_at.get(path.relative_to(directory).as_posix())
        return parse_time(value, f"{MANIFEST} received_at") if value else captured_at

    def attempt(path: Path, read: Any) -> None:
        relative = path.relative_to(directory).as_posix()
        try:
            read(path, relative)
        except (OSError, orjson.JSONDecodeError, WireFormatError, ValueError, TypeError, KeyError) as exc:
            capture_.problems.append(CaptureProblem(relative, f"{type(exc).__name__}: {exc}"))
            log.warning("capture file skipped: %s: %s", relative, exc)

    # Series first: they carry the fee schedule every Kalshi market needs.
    def read_series(path: Path, relative: str) -> None:
        capture_.kalshi_series.update(parse_series_response(_read_json(path), where=relative))

    for path in _files(directory, "kalshi/series"):
        attempt(path, read_series)
    series = capture_.kalshi_series

    kalshi_listed: list[Market] = []
    kalshi_from_events: list[Market] = []

    def read_kalshi_markets(path: Path, relative: str) -> None:
        kalshi_listed.extend(parse_kalshi_markets_page(_read_json(path), where=relative, series_by_ticker=series).markets)

    def read_kalshi_events(path: Path, relative: str) -> None:
        page = parse_kalshi_events_page(_read_json(path), where=relative, series_by_ticker=series)
        kalshi_from_events.extend(market for event in page.events for market in event.markets)

    for path in _files(directory, "kalshi/markets"):
        attempt(path, read_kalshi_markets)
    for path in _files(directory, "kalshi/events"):
        attempt(path, read_kalshi_events)
    capture_.kalshi_markets = merge_catalog(kalshi_listed, kalshi_from_events)

    def read_kalshi_book(path: Path, relative: str) -> None:
        ticker = path.stem
        capture_.kalshi_books[ticker] = parse_kalshi_orderbook(_read_json(path), ticker, received(path), where=relative)

    for path in _files(directory, "kalshi/orderbooks"):
        attempt(path, read_kalshi_book)

    polymarket_listed: list[Market] = []
    polymarket_from_events: list[Market] = []

    def read_polymarket_markets(path: Path, relative: str) -> None:
        polymarket_listed.extend(parse_polymarket_markets_page(_read_json(path), where=relative)[0])

    def read_polymarket_events(path: Path, relative: str) -> None:
        events, _ = parse_polymarket_events_page(_read_json(path), where=relative)
        polymarket_from_events.extend(market for event in events for market in event.markets)

    for path in _files(directory, "polymarket/markets"):
        attempt(path, read_polymarket_markets)
    for path in _files(directory, "polymarket/events"):
        attempt(path, read_polymarket_events)
    capture_.polymarket_markets = merge_catalog(polymarket_listed, polymarket_from_events)

    def read_polymarket_book(path: Path, relative: str) -> None:
        book = parse_polymarket_book(_read_json(path), received_ts=received(path), where=relative)
        if book.instrument_id != path.stem:
            raise WireFormatError(relative, f"file is named for token {path.stem} but holds the book of {book.instrument_id}")
        capture_.polymarket_books[book.instrument_id] = book

    for path in _files(directory, "polymarket/books"):
        attempt(path, read_polymarket_book)

    odds_root = directory / "odds"
    if odds_root.is_dir():
        for sport_dir in sorted(p for p in odds_root.iterdir() if p.is_dir()):

            def read_odds(path: Path, relative: str, sport: str = sport_dir.name) -> None:
                capture_.odds_events.setdefault(sport, []).extend(parse_odds(_read_json(path), where=relative))

            for path in _files(directory, f"odds/{sport_dir.name}"):
                attempt(path, read_odds)
    return capture_
