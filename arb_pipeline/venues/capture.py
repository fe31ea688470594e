"""Capture raw venue responses into the capture layout of docs/architecture.md, and load such a
folder back into the same domain models the live clients produce.

Layout (a contract other tools rely on)::

    manifest.json                      {"format": 1, "captured_at": ..., "source": ...} (below)
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
single-book body shape, which is what the layout names.

The manifest also records ``completed_at`` (when the last body was in), ``complete`` (true, or
false with ``incomplete_reason``), ``counts`` and ``received_at``: every data file's path and the
time its body was received. Readers ignore keys they do not know.

A capture appears whole or marked incomplete, never half-written as if whole (issue 6: leftovers
of a failed run in a reused folder once loaded as fresh and made phantom opportunities).
``capture`` refuses a folder that is not empty, writes into a hidden sibling folder, and renames
it into place only after the manifest. A capture that fails midway (a venue down after retries,
Ctrl-C) is still moved into place, so the user can see what was saved, but with
``"complete": false`` and the reason; ``load_capture`` refuses it unless asked
(``allow_incomplete=True``, ``scan --allow-incomplete``).

Reading trusts the manifest, not the folder: a book file the manifest does not list has no known
receive time and is skipped, as is any file a manifest that lists files does not list (left over
or added by hand). A manifest written before ``complete`` existed loads as complete: that writer
wrote the manifest last, after every file, so its presence meant the run had finished; its
``completed_at`` is taken as its newest ``received_at`` (else ``captured_at``). A folder with no
manifest is never loaded, whatever it holds.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
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
from arb_pipeline.redaction import redact
from arb_pipeline.venues.kalshi.catalog import merge_markets, merge_series
from arb_pipeline.venues.http import HttpResult, VenueHttpError
from arb_pipeline.venues.kalshi import (
    KalshiRestClient,
    KalshiSigner,
    is_parlay,
    parse_events_page as parse_kalshi_events_page,
    parse_markets_page as parse_kalshi_markets_page,
    parse_orderbook as parse_kalshi_orderbook,
    parse_series_page,
)
from arb_pipeline.venues.odds_api import OddsApiClient, parse_odds
from arb_pipeline.venues.polymarket import (
    PolymarketClobClient,
    PolymarketGammaClient,
    parse_book as parse_polymarket_book,
    parse_events_page as parse_polymarket_events_page,
    parse_markets_page as parse_polymarket_markets_page,
)
from arb_pipeline.venues.records import (
    RECORD_ERRORS,
    RecordProblem,
    kalshi_book_terms,
    malformed_ids,
    merge_catalog,
    token_book_terms,
)
from arb_pipeline.venues.wire import WireFormatError, parse_time

log = logging.getLogger(__name__)

CAPTURE_FORMAT = 1
MANIFEST = "manifest.json"
#: Capture always asks The Odds API for decimal prices, and reads them back as such: inferring the
#: format per price would take a decimal price sent as an integer (a 100.0 long shot) for American
#: odds (docs/venues.md#the-odds-api).
CAPTURE_ODDS_FORMAT = "decimal"
DEFAULT_ODDS_SPORTS = ("basketball_nba", "americanfootball_nfl")
VENUES = ("kalshi", "polymarket", "odds")

# Tickers, token ids and sport keys become file names; anything else (a slash, "..") would
# escape the folder.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


class CaptureError(RuntimeError):
    """The folder is not a usable capture (no or unreadable manifest, unknown format, marked
    incomplete), or a capture cannot be written where or how it was asked."""


@dataclass(frozen=True, slots=True)
class CaptureProblem:
    """One file, or one record in a file, that could not be used; the rest of the capture still
    loads. ``record`` is the record's ticker or id when the problem is one record."""

    path: str
    problem: str
    record: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class Capture:
    """A capture folder read back into domain models.

    ``captured_at`` is when the capture started and ``completed_at`` when its last body was
    received: every book was observed between the two, so ``completed_at`` is the capture's
    "now". ``complete`` is False only for a capture that failed midway and was loaded on request
    (``incomplete_reason`` says why it failed)."""

    directory: Path
    captured_at: datetime
    completed_at: datetime
    source: str
    complete: bool = True
    incomplete_reason: str | None = None
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
    """Writes files under the (staging) capture folder and remembers when each body was received."""

    def __init__(self, directory: Path, captured_at: datetime) -> None:
        self.directory = directory
        self.captured_at = captured_at
        self.received_at: dict[str, str] = {}
        self.files = 0
        self.bytes = 0
        self._conflicted: set[str] = set()

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

    def write_book(
        self, relative: str, content: bytes, received_ts: datetime, same_levels: Callable[[bytes, bytes], bool]
    ) -> str | None:
        """Write one book unless the venue already answered the same book in this capture. A
        second copy with the same levels is dropped; one with different levels removes both (the
        book is left out: picking one would be a guess) and the returned message says so."""
        if relative in self._conflicted:
            return None
        if relative not in self.received_at:
            self.write(relative, content, received_ts)
            return None
        path = self.directory / relative
        held = path.read_bytes()
        if held == content or same_levels(held, content):
            return None
        path.unlink()
        del self.received_at[relative]
        self.files -= 1
        self.bytes -= len(held)
        self._conflicted.add(relative)
        return f"{relative}: the venue answered this book twice with different levels; neither copy is kept"

    def write_manifest(self, source: str, completed_at: datetime, fields: dict[str, Any]) -> None:
        manifest = {
            "format": CAPTURE_FORMAT,
            "captured_at": self.captured_at.isoformat(),
            "completed_at": completed_at.isoformat(),
            **fields,
            "source": source,
            "files": self.files,
            "received_at": dict(sorted(self.received_at.items())),
        }
        path = self.directory / MANIFEST
        partial = path.with_name(MANIFEST + ".partial")
        partial.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        os.replace(partial, path)


def _same_book_levels(parse: Callable[[Any], Any], terms: Callable[[Any], dict[str, Any]]) -> Callable[[bytes, bytes], bool]:
    def same(first: bytes, second: bytes) -> bool:
        try:
            return terms(parse(orjson.loads(first))) == terms(parse(orjson.loads(second)))
        except (orjson.JSONDecodeError, *RECORD_ERRORS):
            return False

    return same


def _page_name(index: int) -> str:
    return f"{index:05d}.json"


@dataclass
class CaptureReport:
    directory: Path
    captured_at: datetime
    completed_at: datetime
    files: int
    bytes: int
    seconds: float
    counts: dict[str, int]
    skipped: list[str]


async def _write_pages(
    writer: CaptureWriter, folder: str, pages: AsyncIterator[HttpResult], bar: tqdm
) -> list[tuple[str, HttpResult]]:
    results = []
    async for result in pages:
        relative = f"{folder}/{_page_name(len(results) + 1)}"
        writer.write(relative, result.content, result.received_ts)
        results.append((relative, result))
        bar.update(1)
    return results


def _skip_records(skipped: list[str], problems: list[RecordProblem]) -> None:
    skipped.extend(str(problem) for problem in problems)


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
        problems: list[RecordProblem] = []
        tickers: list[str] = []
        for relative, page in market_pages:
            try:
                markets = parse_kalshi_markets_page(page.json(), where=relative, problems=problems).markets
            except WireFormatError as exc:
                skipped.append(str(exc))
                continue
            for market in markets:
                if market.status is not MarketStatus.OPEN or is_parlay(market):
                    continue
                if _SAFE_NAME.match(market.market_id):
                    tickers.append(market.market_id)
                else:
                    skipped.append(f"{relative}: market ticker {market.market_id!r} cannot be used as a file name; no book fetched")
        _skip_records(skipped, problems)
        # A market listed on two pages is fetched once; whether its copies agree is the loader's call.
        tickers = list(dict.fromkeys(tickers))
        counts["kalshi_markets"] = len(tickers)
        bar.set_description("kalshi books")
        bar.total = (bar.total or 0) + len(tickers)
        bar.refresh()
        same_levels = _same_book_levels(
            lambda body: parse_kalshi_orderbook(body, "duplicate", datetime.now(tz=UTC)), kalshi_book_terms
        )
        if signer is not None:
            # The signed batch endpoint takes 100 tickers a call: two orders of magnitude fewer
            # requests under the 20 reads/s basic tier than one GET per market.
            for start in range(0, len(tickers), 100):
                chunk = tickers[start : start + 100]
                result = await kalshi.fetch_orderbooks_raw(chunk)
                body = result.json()
                items = body.get("orderbooks") if isinstance(body, dict) else None
                if not isinstance(items, list):
                    skipped.append(f"kalshi GET /markets/orderbooks: expected an 'orderbooks' array, got {body!r:.80}")
                    items = []
                for item in items:
                    ticker = item.get("ticker") if isinstance(item, dict) else None
                    if not isinstance(ticker, str) or not _SAFE_NAME.match(ticker):
                        skipped.append(f"kalshi GET /markets/orderbooks: a book without a usable ticker: {item!r:.80}")
                        continue
                    book = {key: value for key, value in item.items() if key != "ticker"}
                    conflict = writer.write_book(
                        f"kalshi/orderbooks/{ticker}.json", orjson.dumps(book), result.received_ts, same_levels
                    )
                    if conflict:
                        skipped.append(conflict)
                bar.update(len(chunk))
        else:
            semaphore = asyncio.Semaphore(8)

            async def one(ticker: str) -> None:
                async with semaphore:
                    result = await kalshi.fetch_orderbook_raw(ticker)
                writer.write(f"kalshi/orderbooks/{ticker}.json", result.content, result.received_ts)
                bar.update(1)

            try:
                async with asyncio.TaskGroup() as group:
                    for ticker in tickers:
                        group.create_task(one(ticker))
            except ExceptionGroup as failed:
                # The first failure says what went wrong (the other fetches are cancelled with it), in the
                # one line the command prints and the manifest's incomplete_reason.
                raise failed.exceptions[0] from failed
        counts["kalshi_books"] = sum(1 for relative in writer.received_at if relative.startswith("kalshi/orderbooks/"))


async def _capture_polymarket(
    writer: CaptureWriter, endpoints: VenueEndpoints, bar: tqdm, counts: dict[str, int], skipped: list[str]
) -> None:
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        bar.set_description("polymarket markets")
        market_pages = await _write_pages(writer, "polymarket/markets", gamma.market_pages(), bar)
        bar.set_description("polymarket events")
        await _write_pages(writer, "polymarket/events", gamma.event_pages(), bar)

    problems: list[RecordProblem] = []
    markets: list[Market] = []
    for relative, page in market_pages:
        try:
            markets.extend(parse_polymarket_markets_page(page.json(), where=relative, problems=problems)[0])
        except WireFormatError as exc:
            skipped.append(str(exc))
    _skip_records(skipped, problems)
    tokens = list(dict.fromkeys(t for m in markets if m.status is MarketStatus.OPEN for t in m.token_ids))
    counts["polymarket_markets"] = len(markets)
    bar.set_description("polymarket books")
    bar.total = (bar.total or 0) + len(tokens)
    bar.refresh()
    same_levels = _same_book_levels(
        lambda body: parse_polymarket_book(body, received_ts=datetime.now(tz=UTC)), token_book_terms
    )
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        for result in await clob.fetch_books_raw(tokens):
            books = result.json()
            if not isinstance(books, list):
                skipped.append(f"polymarket POST /books: expected an array of books, got {books!r:.80}")
                continue
            for book in books:
                token = book.get("asset_id") if isinstance(book, dict) else None
                if not isinstance(token, str) or not _SAFE_NAME.match(token):
                    skipped.append(f"polymarket POST /books: a book without a usable asset_id: {book!r:.80}")
                    continue
                conflict = writer.write_book(
                    f"polymarket/books/{token}.json", orjson.dumps(book), result.received_ts, same_levels
                )
                if conflict:
                    skipped.append(conflict)
            bar.update(len(books))
    counts["polymarket_books"] = sum(1 for relative in writer.received_at if relative.startswith("polymarket/books/"))


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
                result = await odds.odds_raw(sport, odds_format=CAPTURE_ODDS_FORMAT)
            except VenueHttpError as exc:
                # 422 = sport out of season or unknown (The Odds API): the rest still captures.
                skipped.append(f"odds {sport}: {exc}")
                log.warning("odds capture skipped %s: %s", sport, exc)
                continue
            writer.write(f"odds/{sport}/h2h.json", result.content, result.received_ts)
            body = result.json()
            counts[f"odds_{sport}"] = len(body) if isinstance(body, list) else 0
            bar.update(1)
        quota = odds.last_quota
    if quota is None:
        return None
    return {"remaining": quota.remaining, "used": quota.used, "last_cost": quota.last_cost}


def _chosen_venues(venues: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(venue.strip() for venue in venues))
    unknown = [venue for venue in chosen if venue not in VENUES]
    if unknown or not chosen:
        named = ", ".join(repr(venue) for venue in unknown) or "none"
        raise CaptureError(f"--venues: unknown venue {named}; choose a comma-separated subset of {','.join(VENUES)}")
    return chosen


def _chosen_sports(sports: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(sport.strip() for sport in sports))
    bad = [sport for sport in chosen if not _SAFE_NAME.match(sport)]
    if bad or not chosen:
        raise CaptureError(
            f"--odds-sports: {', '.join(repr(sport) for sport in bad) or 'no sport'} is not an Odds API sport key "
            "(letters, digits, '.', '_', '-'; e.g. basketball_nba)"
        )
    return chosen


def _check_target(out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise CaptureError(f"--out {out}: exists and is not a folder; capture into a new or empty folder")
    if any(out.iterdir()):
        if (out / MANIFEST).exists():
            raise CaptureError(f"--out {out}: the folder already holds a capture; capture into a new or empty folder")
        raise CaptureError(
            f"--out {out}: the folder is not empty (files left from a failed run?); capture into a new or empty folder"
        )


def _publish(staging: Path, out: Path) -> None:
    # rename(2) replaces an empty folder atomically; a folder that filled up meanwhile is refused.
    try:
        os.replace(staging, out)
    except OSError as exc:
        raise CaptureError(f"--out {out}: cannot move the capture into place ({exc.strerror}); it is left in {staging}") from None


def _abandon(writer: CaptureWriter, staging: Path, out: Path, source: str, fields: dict[str, Any], exc: BaseException) -> None:
    """Mark what was saved before ``exc`` as incomplete and move it into place, so the user can
    inspect it while every reader refuses it by default. If even that fails, remove it."""
    # The reason lands in a file a user may share: a request URL in it must not carry a key.
    reason = "interrupted" if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)) else redact(f"{type(exc).__name__}: {exc}")
    try:
        writer.write_manifest(source, datetime.now(tz=UTC), {**fields, "complete": False, "incomplete_reason": reason})
        os.replace(staging, out)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        exc.add_note(f"nothing was saved to {out}")
        return
    exc.add_note(f"what was saved before the failure is in {out}, marked incomplete")


async def capture(
    out: Path,
    endpoints: VenueEndpoints,
    credentials: Credentials,
    *,
    venues: Iterable[str] = VENUES,
    odds_sports: Sequence[str] = DEFAULT_ODDS_SPORTS,
    progress: bool = True,
) -> CaptureReport:
    """Save catalogs, series, books and odds from the configured endpoints into ``out``, a new
    or empty folder. Settings are checked before any request; the capture appears at ``out``
    only when its manifest is written (see the module docstring for a failure midway)."""
    venues = _chosen_venues(venues)
    sports = _chosen_sports(odds_sports) if "odds" in venues else ()
    out = Path(out)
    _check_target(out)
    signer = KalshiSigner.from_credentials(credentials) if "kalshi" in venues else None
    out.parent.mkdir(parents=True, exist_ok=True)
    # A hidden sibling on the same file system, so the final rename is atomic.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    started = time.monotonic()
    captured_at = datetime.now(tz=UTC)
    writer = CaptureWriter(staging, captured_at)
    counts: dict[str, int] = {}
    skipped: list[str] = []
    fields: dict[str, Any] = {"venues": list(venues), "counts": counts}
    source = (
        f"kalshi={endpoints.kalshi_api_url} polymarket={endpoints.polymarket_gamma_url} "
        f"clob={endpoints.polymarket_clob_url} odds={endpoints.odds_api_url}"
    )
    try:
        with tqdm(total=0, unit="req", disable=not progress, leave=False) as bar:
            if "kalshi" in venues:
                await _capture_kalshi(writer, endpoints, signer, bar, counts, skipped)
            if "polymarket" in venues:
                await _capture_polymarket(writer, endpoints, bar, counts, skipped)
            if "odds" in venues:
                if credentials.odds_api_key:
                    quota = await _capture_odds(writer, endpoints, credentials.odds_api_key, sports, bar, counts, skipped)
                    if quota is not None:
                        fields["odds_quota"] = quota
                else:
                    skipped.append("odds: ODDS_API_KEY is not set")
        completed_at = datetime.now(tz=UTC)
        writer.write_manifest(source, completed_at, {**fields, "complete": True})
    except BaseException as exc:
        _abandon(writer, staging, out, source, fields, exc)
        raise
    _publish(staging, out)
    return CaptureReport(
        directory=out,
        captured_at=captured_at,
        completed_at=completed_at,
        files=writer.files,
        bytes=writer.bytes,
        seconds=time.monotonic() - started,
        counts=counts,
        skipped=skipped,
    )


# --------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class _Manifest:
    captured_at: datetime
    completed_at: datetime
    source: str
    complete: bool
    incomplete_reason: str | None
    received_at: dict[str, datetime]


def _read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def _files(directory: Path, sub: str) -> list[Path]:
    folder = directory / sub
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".json")


def _manifest_time(value: Any, where: str) -> datetime:
    # The writer stores ISO-8601 text; a number or digit string here is not something it wrote.
    expected = f"{where}: expected an ISO-8601 time, got {value!r:.80}"
    if not isinstance(value, str) or value.strip().isdigit():
        raise CaptureError(expected)
    try:
        return parse_time(value, where)
    except WireFormatError:
        raise CaptureError(expected) from None


def _read_manifest(directory: Path) -> _Manifest:
    """The manifest, checked field by field: a malformed manifest makes the whole capture
    untrustworthy, so it is one CaptureError naming the file, the field and what is expected."""
    path = directory / MANIFEST
    if not path.is_file():
        leftovers = directory.is_dir() and any(directory.iterdir())
        hint = " (it holds files, perhaps left by a failed capture; they are never loaded)" if leftovers else ""
        raise CaptureError(f"{directory} is not a capture folder: {MANIFEST} is missing{hint}")
    try:
        manifest = _read_json(path)
    except (OSError, orjson.JSONDecodeError) as exc:
        raise CaptureError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise CaptureError(f"{path}: expected a JSON object, got {type(manifest).__name__}")
    if manifest.get("format") != CAPTURE_FORMAT:
        raise CaptureError(f"{path}: expected format {CAPTURE_FORMAT}, got {manifest.get('format')!r}")
    captured_at = _manifest_time(manifest.get("captured_at"), f"{path} field 'captured_at'")

    raw_received = manifest.get("received_at", {})
    if not isinstance(raw_received, dict):
        raise CaptureError(
            f"{path} field 'received_at': expected an object of file path -> ISO-8601 time, "
            f"got {type(raw_received).__name__}"
        )
    received_at = {
        relative: _manifest_time(value, f"{path} field 'received_at' entry {relative!r}")
        for relative, value in raw_received.items()
    }

    complete = manifest.get("complete", True)
    if not isinstance(complete, bool):
        raise CaptureError(f"{path} field 'complete': expected true or false, got {complete!r:.80}")
    reason = manifest.get("incomplete_reason")
    if reason is not None and not isinstance(reason, str):
        raise CaptureError(f"{path} field 'incomplete_reason': expected a string, got {reason!r:.80}")
    source = manifest.get("source", "")
    if not isinstance(source, str):
        raise CaptureError(f"{path} field 'source': expected a string, got {source!r:.80}")

    if "completed_at" in manifest:
        completed_at = _manifest_time(manifest["completed_at"], f"{path} field 'completed_at'")
        if completed_at < captured_at:
            raise CaptureError(
                f"{path} field 'completed_at': {completed_at.isoformat()} is before captured_at {captured_at.isoformat()}"
            )
    else:
        # Written before completed_at existed: the last body received is when it completed.
        completed_at = max(received_at.values(), default=captured_at)
    return _Manifest(captured_at, completed_at, source, complete, reason, received_at)


class _Reader:
    """Reads the data files of one capture into a Capture, listing every file and record it
    could not use."""

    def __init__(self, directory: Path, manifest: _Manifest, capture_: Capture) -> None:
        self.directory = directory
        self.manifest = manifest
        self.capture = capture_
        # The malformed records of the venue being read: a series or market with a malformed
        # copy is left out even where another copy parsed.
        self.malformed: list[RecordProblem] = []

    def problem(self, relative: str, message: str, record: str | None = None) -> None:
        self.capture.problems.append(CaptureProblem(relative, message, record))
        log.warning("capture: %s: %s", relative, message)

    def records(self, problems: Iterable[RecordProblem], relative: str | None = None) -> None:
        """Record problems as capture problems: ``relative`` is the file they came from, else
        the problem's own source (conflicts name the later file)."""
        for problem in problems:
            path = relative or problem.where
            # The parsers were given the file's path as their "where"; do not say it twice. They
            # logged the problem already.
            message = problem.problem.removeprefix(f"{path} ").removeprefix(f"{path}: ")
            self.capture.problems.append(CaptureProblem(path, message, problem.record_id))

    def files(self, sub: str, *, book: bool = False) -> Iterator[tuple[Path, str]]:
        """The data files of ``sub`` that belong to this capture. A book must have a receive
        time in the manifest: without one its age is unknown, and guessing the capture's start
        would make a stale or foreign book look fresh. A page must be listed when the manifest
        lists files at all: an unlisted one was not written by this capture."""
        listed = self.manifest.received_at
        for path in _files(self.directory, sub):
            relative = path.relative_to(self.directory).as_posix()
            if relative in listed:
                yield path, relative
            elif book:
                self.problem(relative, f"no received_at entry in {MANIFEST}, so when this book was observed is unknown: skipped")
            elif listed:
                self.problem(
                    relative,
                    f"not listed in {MANIFEST} received_at, so not part of this capture (left by another run, or added by hand?): skipped",
                )
            else:
                yield path, relative

    def attempt(self, path: Path, relative: str, read: Callable[[Path, str, list[RecordProblem]], None]) -> None:
        found: list[RecordProblem] = []
        try:
            read(path, relative, found)
        except (OSError, orjson.JSONDecodeError, KeyError, *RECORD_ERRORS) as exc:
            self.problem(relative, f"{type(exc).__name__}: {exc}")
        finally:
            self.records(found, relative)
            self.malformed.extend(found)

    def missing(self) -> None:
        for relative in self.manifest.received_at:
            if not (self.directory / relative).is_file():
                self.problem(relative, f"listed in {MANIFEST} received_at but missing from the folder")

    def kalshi(self) -> None:
        capture_ = self.capture
        self.malformed = []
        # Series first: they carry the fee schedule every Kalshi market needs.
        series: list[tuple[Series, str]] = []

        def read_series(path: Path, relative: str, found: list[RecordProblem]) -> None:
            series.extend((one, relative) for one in parse_series_page(_read_json(path), where=relative, problems=found))

        for path, relative in self.files("kalshi/series"):
            self.attempt(path, relative, read_series)
        conflicts: list[RecordProblem] = []
        capture_.kalshi_series = merge_series(series, conflicts, malformed_ids(self.malformed, "series"))
        self.records(conflicts)

        listed: list[tuple[Market, str]] = []
        from_events: list[tuple[Market, str]] = []

        def read_markets(path: Path, relative: str, found: list[RecordProblem]) -> None:
            page = parse_kalshi_markets_page(
                _read_json(path), where=relative, series_by_ticker=capture_.kalshi_series, problems=found
            )
            listed.extend((market, relative) for market in page.markets)

        def read_events(path: Path, relative: str, found: list[RecordProblem]) -> None:
            page = parse_kalshi_events_page(
                _read_json(path), where=relative, series_by_ticker=capture_.kalshi_series, problems=found
            )
            from_events.extend((market, relative) for event in page.events for market in event.markets)

        for path, relative in self.files("kalshi/markets"):
            self.attempt(path, relative, read_markets)
        for path, relative in self.files("kalshi/events"):
            self.attempt(path, relative, read_events)
        conflicts = []
        capture_.kalshi_markets = merge_markets(listed, from_events, conflicts, malformed_ids(self.malformed, "market"))
        self.records(conflicts)

        def read_book(path: Path, relative: str, found: list[RecordProblem]) -> None:
            received = self.manifest.received_at[relative]
            capture_.kalshi_books[path.stem] = parse_kalshi_orderbook(_read_json(path), path.stem, received, where=relative)

        for path, relative in self.files("kalshi/orderbooks", book=True):
            self.attempt(path, relative, read_book)

    def polymarket(self) -> None:
        capture_ = self.capture
        self.malformed = []
        listed: list[tuple[Market, str]] = []
        from_events: list[tuple[Market, str]] = []

        def read_markets(path: Path, relative: str, found: list[RecordProblem]) -> None:
            markets, _ = parse_polymarket_markets_page(_read_json(path), where=relative, problems=found)
            listed.extend((market, relative) for market in markets)

        def read_events(path: Path, relative: str, found: list[RecordProblem]) -> None:
            events, _ = parse_polymarket_events_page(_read_json(path), where=relative, problems=found)
            from_events.extend((market, relative) for event in events for market in event.markets)

        for path, relative in self.files("polymarket/markets"):
            self.attempt(path, relative, read_markets)
        for path, relative in self.files("polymarket/events"):
            self.attempt(path, relative, read_events)
        conflicts: list[RecordProblem] = []
        capture_.polymarket_markets = merge_catalog(listed, from_events, conflicts, malformed_ids(self.malformed, "market"))
        self.records(conflicts)

        def read_book(path: Path, relative: str, found: list[RecordProblem]) -> None:
            book = parse_polymarket_book(_read_json(path), received_ts=self.manifest.received_at[relative], where=relative)
            if book.instrument_id != path.stem:
                raise WireFormatError(relative, f"file is named for token {path.stem} but holds the book of {book.instrument_id}")
            capture_.polymarket_books[book.instrument_id] = book

        for path, relative in self.files("polymarket/books", book=True):
            self.attempt(path, relative, read_book)

    def odds(self) -> None:
        odds_root = self.directory / "odds"
        if not odds_root.is_dir():
            return
        for sport_dir in sorted(p for p in odds_root.iterdir() if p.is_dir()):
            sport = sport_dir.name

            def read_odds(path: Path, relative: str, found: list[RecordProblem], sport: str = sport) -> None:
                events = parse_odds(_read_json(path), CAPTURE_ODDS_FORMAT, where=relative, problems=found)
                self.capture.odds_events.setdefault(sport, []).extend(events)

            for path, relative in self.files(f"odds/{sport}"):
                self.attempt(path, relative, read_odds)


def load_capture(directory: Path, *, allow_incomplete: bool = False) -> Capture:
    """Read a capture folder. A file that is not valid JSON or not in the venue's shape, a record
    that is malformed, and a series, market or book whose copies disagree are each recorded in
    ``problems`` (which file, which record, what is wrong) and skipped; the rest loads. A folder
    without a manifest, a malformed manifest, and (unless ``allow_incomplete``) a capture marked
    incomplete raise CaptureError."""
    directory = Path(directory)
    manifest = _read_manifest(directory)
    if not manifest.complete and not allow_incomplete:
        raise CaptureError(
            f"{directory} is an incomplete capture ({manifest.incomplete_reason or 'no reason recorded'}); "
            "its data may be partial: read it anyway with --allow-incomplete"
        )
    capture_ = Capture(
        directory=directory,
        captured_at=manifest.captured_at,
        completed_at=manifest.completed_at,
        source=manifest.source,
        complete=manifest.complete,
        incomplete_reason=manifest.incomplete_reason,
    )
    reader = _Reader(directory, manifest, capture_)
    reader.missing()
    reader.kalshi()
    reader.polymarket()
    reader.odds()
    return capture_
