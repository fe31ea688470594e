"""Polymarket's part of a capture (the layout is in :mod:`arb_pipeline.venues.capture`): Gamma
market and event pages as they came, the CLOB book of every open token, and reading them back.

    polymarket/markets/*.json          Gamma GET /markets bodies (a list, or a keyset page)
    polymarket/events/*.json           Gamma GET /events bodies
    polymarket/books/<token_id>.json   CLOB GET /book bodies
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.domain.models import Market, MarketStatus
from arb_pipeline.venues.capture_folder import SAFE_NAME, CaptureFolder, CaptureRun, CaptureSettings, read_json, same_book_levels
from arb_pipeline.venues.polymarket.parsing.clob import parse_book
from arb_pipeline.venues.polymarket.parsing.gamma import parse_events_page, parse_markets_page
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.protocols import CaptureVenue
from arb_pipeline.venues.records import RecordProblem, malformed_ids, merge_catalog, token_book_terms
from arb_pipeline.venues.wire import WireFormatError

BOOKS = "polymarket/books"


def _source(endpoints: VenueEndpoints) -> str:
    return f"polymarket={endpoints.polymarket_gamma_url} clob={endpoints.polymarket_clob_url}"


class PolymarketCaptureWriter:
    def __init__(self, settings: CaptureSettings) -> None:
        self.gamma_url = settings.endpoints.polymarket_gamma_url
        self.clob_url = settings.endpoints.polymarket_clob_url

    async def write(self, run: CaptureRun) -> None:
        async with PolymarketGammaClient(self.gamma_url) as gamma:
            run.bar.set_description("polymarket markets")
            market_pages = await run.write_pages("polymarket/markets", gamma.market_pages())
            run.bar.set_description("polymarket events")
            await run.write_pages("polymarket/events", gamma.event_pages())

        problems: list[RecordProblem] = []
        markets: list[Market] = []
        for relative, page in market_pages:
            try:
                markets.extend(parse_markets_page(page.json(), where=relative, problems=problems)[0])
            except WireFormatError as exc:
                run.skipped.append(str(exc))
        run.skip_records(problems)
        tokens = list(dict.fromkeys(t for m in markets if m.status is MarketStatus.OPEN for t in m.token_ids))
        run.counts["polymarket_markets"] = len(markets)
        run.expect("polymarket books", len(tokens))
        # POST /books answers 500 tokens a call; each book is saved in the single-book body shape
        # (GET /book) the layout names.
        same_levels = same_book_levels(lambda body: parse_book(body, received_ts=datetime.now(tz=UTC)), token_book_terms)
        async with PolymarketClobClient(self.clob_url) as clob:
            for result in await clob.fetch_books_raw(tokens):
                books = result.json()
                if not isinstance(books, list):
                    run.skipped.append(f"polymarket POST /books: expected an array of books, got {books!r:.80}")
                    continue
                for book in books:
                    token = book.get("asset_id") if isinstance(book, dict) else None
                    if not isinstance(token, str) or not SAFE_NAME.match(token):
                        run.skipped.append(f"polymarket POST /books: a book without a usable asset_id: {book!r:.80}")
                        continue
                    conflict = run.files.write_book(f"{BOOKS}/{token}.json", orjson.dumps(book), result.received_ts, same_levels)
                    if conflict:
                        run.skipped.append(conflict)
                run.bar.update(len(books))
        run.counts["polymarket_books"] = run.files.count(f"{BOOKS}/")


def read_polymarket_capture(folder: CaptureFolder) -> None:
    capture = folder.capture
    listed: list[tuple[Market, str]] = []
    from_events: list[tuple[Market, str]] = []

    def read_markets(path: Path, relative: str, found: list[RecordProblem]) -> None:
        markets, _ = parse_markets_page(read_json(path), where=relative, problems=found)
        listed.extend((market, relative) for market in markets)

    def read_events(path: Path, relative: str, found: list[RecordProblem]) -> None:
        events, _ = parse_events_page(read_json(path), where=relative, problems=found)
        from_events.extend((market, relative) for event in events for market in event.markets)

    folder.read("polymarket/markets", read_markets)
    folder.read("polymarket/events", read_events)
    conflicts: list[RecordProblem] = []
    capture.polymarket_markets = merge_catalog(listed, from_events, conflicts, malformed_ids(folder.malformed, "market"))
    folder.records(conflicts)

    def read_book(path: Path, relative: str, found: list[RecordProblem]) -> None:
        book = parse_book(read_json(path), received_ts=folder.manifest.received_at[relative], where=relative)
        if book.instrument_id != path.stem:
            raise WireFormatError(relative, f"file is named for token {path.stem} but holds the book of {book.instrument_id}")
        capture.polymarket_books[book.instrument_id] = book

    folder.read(BOOKS, read_book, book=True)


CAPTURE = CaptureVenue("polymarket", _source, PolymarketCaptureWriter, read_polymarket_capture)
