"""Polymarket REST clients: Gamma (catalog) and CLOB (books), over the one HTTP policy.

Raw page iterators yield :class:`HttpResult` so ``arb-pipeline capture`` can save bodies exactly as
they came; the ``fetch_*`` methods parse them into domain models (``parsing``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from typing import Any, TypedDict, Unpack

import httpx

from arb_pipeline.domain.models import Market, OrderBook
from arb_pipeline.venues.http import HttpResult, RateLimit, RetryPolicy, VenueClient, VenueHttpClient
from arb_pipeline.venues.polymarket.constants import (
    BOOK_PATH,
    BOOKS_PATH,
    CLOB_RATE_LIMITS,
    DEFAULT_EVENTS_PAGE_SIZE,
    EVENTS_KEYSET_PATH,
    EVENTS_PATH,
    GAMMA_RATE_LIMITS,
    MARKETS_KEYSET_PATH,
    MARKETS_PATH,
    MAX_BOOKS_PER_REQUEST,
    MAX_CONDITION_IDS_PER_LOOKUP,
    MAX_EVENTS_PAGE_SIZE,
    MAX_IDS_PER_LOOKUP,
    MAX_MARKETS_PAGE_SIZE,
    MAX_SLUGS_PER_LOOKUP,
    VENUE_NAME,
)
from arb_pipeline.venues.polymarket.parsing.clob import parse_book, parse_books
from arb_pipeline.venues.polymarket.parsing.gamma import PolymarketEvent, parse_gamma_event, parse_gamma_market, split_page
from arb_pipeline.venues.records import KeyedRecords, RecordProblem, market_terms, parse_records, scratch
from arb_pipeline.venues.wire import WireFormatError

log = logging.getLogger(__name__)

QueryValue = str | int | bool | Sequence[str | int]

# Each Gamma listing: its default page, its largest page, its keyset path, and the offset path it
# replaces.
_LISTINGS = {
    "markets": (MAX_MARKETS_PAGE_SIZE, MAX_MARKETS_PAGE_SIZE, MARKETS_KEYSET_PATH, MARKETS_PATH),
    "events": (DEFAULT_EVENTS_PAGE_SIZE, MAX_EVENTS_PAGE_SIZE, EVENTS_KEYSET_PATH, EVENTS_PATH),
}


class Listing(TypedDict, total=False):
    """How a Gamma listing is walked. ``closed``: False (the default) is the open catalog, True
    the closed one. ``limit``: the page size (default: the listing's own). ``keyset``: True (the
    default) follows cursors, False the offset pages. ``filters``: more query parameters."""

    closed: bool
    limit: int
    keyset: bool
    filters: Mapping[str, QueryValue] | None


def _parse_listed_market(item: Any, where: str) -> Market:
    return parse_gamma_market(item, where=where)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))


def _query(filters: Mapping[str, QueryValue] | None, **fixed: QueryValue) -> list[tuple[str, str | int]]:
    """Query pairs; a sequence value becomes a repeated parameter (``id=1&id=2``, the form Gamma
    takes for id/slug lookups, docs/venues.md#polymarket-gamma-catalog). Booleans go out as Gamma
    spells them."""
    pairs: list[tuple[str, str | int]] = []
    for name, value in {**(filters or {}), **fixed}.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            pairs.append((name, ("true" if item else "false") if isinstance(item, bool) else item))
    return pairs


class _PolymarketClient(VenueClient):
    """One Polymarket API over the shared HTTP policy, paced by that API's own limits unless
    ``rate_limits`` says otherwise. Use as an async context manager."""

    RATE_LIMITS: tuple[RateLimit, ...] = ()

    def __init__(
        self,
        base_url: str,
        *,
        rate_limits: Iterable[RateLimit] | None = None,
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        limits = self.RATE_LIMITS if rate_limits is None else rate_limits
        self.http = VenueHttpClient(VENUE_NAME, base_url, limits, retry, timeout=timeout, transport=transport)


class PolymarketGammaClient(_PolymarketClient):
    """Gamma market-data API (no auth)."""

    RATE_LIMITS = GAMMA_RATE_LIMITS

    async def _pages(
        self,
        path: str,
        key: str,
        query: list[tuple[str, str | int]],
        *,
        limit: int,
        keyset: bool,
    ) -> AsyncIterator[tuple[HttpResult, list[Any]]]:
        """Every page of one listing with its decoded items. Keyset: follow ``next_cursor`` as
        ``after_cursor`` until it is absent. Offset: advance ``offset`` until a short or empty page.
        Both exist because the offset lists were announced for sunset
        (docs/venues.md#polymarket-gamma-catalog)."""
        where = f"{VENUE_NAME} gamma GET {path}"
        if keyset:
            cursor: str | None = None
            seen: set[str] = set()
            while True:
                params = [*query, ("limit", limit)]
                if cursor is not None:
                    params.append(("after_cursor", cursor))
                result = await self.http.get(path, params)
                items, cursor = split_page(result.json(), key, where)
                yield result, items
                if cursor is None:
                    return
                if cursor in seen:
                    # Polymarket/agents#227: a keyset endpoint that ignores the cursor returns
                    # the same page forever; stop loudly instead of looping.
                    raise WireFormatError(f"{where} field 'next_cursor'", f"cursor {cursor!r} came back twice; the listing is not advancing")
                seen.add(cursor)
        else:
            offset = 0
            while True:
                result = await self.http.get(path, [*query, ("limit", limit), ("offset", offset)])
                items, _ = split_page(result.json(), key, where)
                yield result, items
                if len(items) < limit:
                    return
                offset += len(items)

    async def _listing(self, key: str, options: Listing) -> AsyncIterator[tuple[HttpResult, list[Any], str]]:
        """Every page of the ``markets`` or ``events`` listing: the response, its items, the path."""
        unknown = sorted(set(options) - Listing.__optional_keys__)
        if unknown:
            raise TypeError(f"{key} listing got unexpected options {unknown}")
        default_limit, maximum, keyset_path, offset_path = _LISTINGS[key]
        limit = options.get("limit", default_limit)
        keyset = options.get("keyset", True)
        # A page size above the venue's maximum gets silently cut, which the offset paginator
        # would read as the last (short) page and end the listing early.
        if not 1 <= limit <= maximum:
            raise ValueError(f"{key} page size must be 1..{maximum}, got {limit}")
        path = keyset_path if keyset else offset_path
        query = _query(options.get("filters"), closed=options.get("closed", False))
        async for result, items in self._pages(path, key, query, limit=limit, keyset=keyset):
            yield result, items, path

    async def _parsed(
        self, key: str, kind: str, parse: Callable[[Any, str], Any], problems: list[RecordProblem] | None, options: Listing
    ) -> list[Any]:
        """The whole listing, each item parsed. With ``problems``, a malformed item is listed there
        and skipped; without, it raises."""
        records: list[Any] = []
        async for _, items, path in self._listing(key, options):
            records.extend(parse_records(items, f"{VENUE_NAME} gamma GET {path} {key}", parse, problems, kind=kind))
        return records

    async def market_pages(self, **options: Unpack[Listing]) -> AsyncIterator[HttpResult]:
        """Raw ``/markets/keyset`` (or ``/markets`` with offsets) pages, bodies as they came."""
        async for result, _, _ in self._listing("markets", options):
            yield result

    async def event_pages(self, **options: Unpack[Listing]) -> AsyncIterator[HttpResult]:
        """Raw ``/events/keyset`` (or ``/events`` with offsets) pages, markets nested."""
        async for result, _, _ in self._listing("events", options):
            yield result

    async def fetch_markets(
        self, *, problems: list[RecordProblem] | None = None, **options: Unpack[Listing]
    ) -> list[Market]:
        """The whole market listing, parsed (the open catalog unless ``closed``)."""
        return await self._parsed("markets", "market", _parse_listed_market, problems, options)

    async def fetch_events(
        self, *, problems: list[RecordProblem] | None = None, **options: Unpack[Listing]
    ) -> list[PolymarketEvent]:
        """Every event of the listing with its nested markets, parsed; a malformed nested market
        is a problem of its own."""
        return await self._parsed(
            "events", "event", lambda item, at: parse_gamma_event(item, where=at, problems=problems), problems, options
        )

    async def _lookup(
        self, param: str, values: Iterable[Any], chunk_size: int, key_of: str, keyset: bool, problems: list[RecordProblem] | None
    ) -> list[Market]:
        wanted = _unique(values)
        path = MARKETS_KEYSET_PATH if keyset else MARKETS_PATH
        where = f"{VENUE_NAME} gamma GET {path}?{param}=..."
        found = scratch(problems)
        merged = KeyedRecords("market", lambda market: self._lookup_key(market, key_of), market_terms, found)
        for chunk in _chunks(wanted, chunk_size):
            # /markets filters to closed=false when `closed` is omitted, so a lookup alone drops
            # closed markets; closed=true alone returns only closed ones (the two are disjoint,
            # polyoxide-gamma GetManyMarkets). Ask both ways and merge
            # (docs/venues.md#polymarket-gamma-catalog).
            for closed in (True, False):
                query = _query(None, closed=closed, **{param: list(chunk)})
                async for _, items in self._pages(path, "markets", query, limit=MAX_MARKETS_PAGE_SIZE, keyset=keyset):
                    for market in parse_records(items, f"{where} markets", _parse_listed_market, found, kind="market"):
                        merged.add(market, where)
        markets = merged.settle(found, problems, "market")
        return [markets[value] for value in wanted if value in markets]

    @staticmethod
    def _lookup_key(market: Market, key_of: str) -> str:
        if key_of == "market_id":
            return market.market_id
        key = market.slug if key_of == "slug" else market.condition_id
        if key is None:
            raise WireFormatError(f"{VENUE_NAME} gamma market {market.market_id}", f"answered a {key_of} lookup without a {key_of}")
        return key

    async def fetch_markets_by_ids(
        self, ids: Iterable[str | int], *, keyset: bool = True, problems: list[RecordProblem] | None = None
    ) -> list[Market]:
        """Markets by Gamma id, open and closed, in the order asked; ids the venue does not know
        are absent from the result. At most 400 ids go in one URL (the ~8 KB cap). With
        ``problems``, a malformed market, or one answered twice with different terms, is listed
        there and left out; without, either raises (the same for the lookups below)."""
        return await self._lookup("id", ids, MAX_IDS_PER_LOOKUP, "market_id", keyset, problems)

    async def fetch_markets_by_slugs(
        self, slugs: Iterable[str], *, keyset: bool = True, problems: list[RecordProblem] | None = None
    ) -> list[Market]:
        """Markets by slug, open and closed, in the order asked (at most 100 slugs per URL)."""
        return await self._lookup("slug", slugs, MAX_SLUGS_PER_LOOKUP, "slug", keyset, problems)

    async def fetch_markets_by_condition_ids(
        self, condition_ids: Iterable[str], *, keyset: bool = True, problems: list[RecordProblem] | None = None
    ) -> list[Market]:
        """Markets by condition id, open and closed, in the order asked (at most 100 per URL)."""
        return await self._lookup("condition_ids", condition_ids, MAX_CONDITION_IDS_PER_LOOKUP, "condition_id", keyset, problems)


class PolymarketClobClient(_PolymarketClient):
    """CLOB public market data (no auth): order books."""

    RATE_LIMITS = CLOB_RATE_LIMITS

    async def fetch_book_raw(self, token_id: str) -> HttpResult:
        """``GET /book?token_id=...`` as it came (the capture format's books/<token_id>.json)."""
        return await self.http.get(BOOK_PATH, {"token_id": token_id})

    async def fetch_book(self, token_id: str) -> OrderBook:
        result = await self.fetch_book_raw(token_id)
        where = f"{VENUE_NAME} clob GET {BOOK_PATH}?token_id={token_id}"
        book = parse_book(result.json(), received_ts=result.received_ts, where=where)
        if book.instrument_id != token_id:
            raise WireFormatError(f"{where} field 'asset_id'", f"answered with the book of token {book.instrument_id}")
        return book

    async def fetch_books_raw(self, token_ids: Iterable[str]) -> list[HttpResult]:
        """``POST /books`` answers, at most 500 tokens per request
        (docs/venues.md#polymarket-clob-books), in the order of the batches."""
        wanted = _unique(token_ids)
        batches = list(_chunks(wanted, MAX_BOOKS_PER_REQUEST))
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(self.http.post(BOOKS_PATH, [{"token_id": token} for token in batch])) for batch in batches]
        return [task.result() for task in tasks]

    async def fetch_books(self, token_ids: Iterable[str], problems: list[RecordProblem] | None = None) -> dict[str, OrderBook]:
        """Books by token id. A token the venue has no book for (closed or unknown market) is
        absent from the result and logged. With ``problems``, a malformed book, or one answered
        twice with different levels, is listed there and left out; without, either raises."""
        wanted = _unique(token_ids)
        results = await self.fetch_books_raw(wanted)
        answers = (
            (result.json(), result.received_ts, f"{VENUE_NAME} clob POST {BOOKS_PATH} batch {number}")
            for number, result in enumerate(results, start=1)
        )
        books = parse_books(answers, problems)
        missing = [token for token in wanted if token not in books]
        if missing:
            log.warning("%s clob POST %s returned no book for %d token(s): %s", VENUE_NAME, BOOKS_PATH, len(missing), ", ".join(missing[:5]))
        return books
