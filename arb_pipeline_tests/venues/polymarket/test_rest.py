"""Gamma and CLOB clients against an in-memory venue (httpx.MockTransport): paging, lookups,
batching, and the raw bodies the capture command saves."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import httpx
import orjson
import pytest

from arb_pipeline.venues.http import RetryPolicy
from arb_pipeline.venues.polymarket import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES

POLYMARKET = FIXTURES / "polymarket"
FAST = RetryPolicy(max_attempts=3, base_delay_s=0.001, max_delay_s=0.01)


def fixture(name: str) -> Any:
    return json.loads((POLYMARKET / name).read_text())


def make_markets(count: int) -> list[dict[str, Any]]:
    template = fixture("gamma_market_recorded.json")
    markets = []
    for number in range(count):
        market = copy.deepcopy(template)
        market["id"] = str(1000 + number)
        market["slug"] = f"market-{number}"
        market["conditionId"] = f"0x{number:064x}"
        market["closed"] = number % 3 == 0
        markets.append(market)
    return markets


class FakeGamma:
    """Gamma's list semantics: closed defaults to false and filters exactly; keyset pages end
    without next_cursor; offset lists end with a short page."""

    def __init__(self, markets: list[dict[str, Any]], events: list[dict[str, Any]] | None = None) -> None:
        self.markets = markets
        self.events = events or []
        self.requests: list[httpx.Request] = []

    def _select(self, items: list[dict[str, Any]], params: httpx.QueryParams) -> list[dict[str, Any]]:
        closed = params.get("closed", "false") == "true"
        selected = [item for item in items if bool(item.get("closed")) == closed]
        for name, field in (("id", "id"), ("slug", "slug"), ("condition_ids", "conditionId")):
            wanted = params.get_list(name)
            if wanted:
                selected = [item for item in selected if item[field] in wanted]
        return selected

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        params = request.url.params
        path = request.url.path
        items = self.markets if path.startswith("/markets") else self.events
        key = "markets" if path.startswith("/markets") else "events"
        selected = self._select(items, params)
        limit = int(params["limit"])
        if path.endswith("/keyset"):
            assert "offset" not in params, "keyset endpoints reject offset"
            start = int(params.get("after_cursor", "0"))
            page = selected[start : start + limit]
            body: Any = {key: page}
            if start + limit < len(selected):
                body["next_cursor"] = str(start + limit)
            return httpx.Response(200, json=body)
        offset = int(params.get("offset", "0"))
        return httpx.Response(200, json=selected[offset : offset + limit])


def gamma_client(fake: FakeGamma) -> PolymarketGammaClient:
    return PolymarketGammaClient("https://gamma.test", retry=FAST, transport=httpx.MockTransport(fake.handler))


@pytest.mark.parametrize("keyset", [True, False])
async def test_full_open_catalog_by_keyset_and_by_offset(keyset: bool) -> None:
    fake = FakeGamma(make_markets(250))
    async with gamma_client(fake) as gamma:
        markets = await gamma.fetch_markets(limit=40, keyset=keyset)
    expected = [m["id"] for m in fake.markets if not m["closed"]]
    assert [m.market_id for m in markets] == expected
    assert all(request.url.params["closed"] == "false" for request in fake.requests)
    assert fake.requests[0].url.path == ("/markets/keyset" if keyset else "/markets")
    if keyset:
        assert [r.url.params.get("after_cursor") for r in fake.requests] == [None, "40", "80", "120", "160"]
    else:
        assert [r.url.params["offset"] for r in fake.requests] == ["0", "40", "80", "120", "160"]


async def test_raw_market_pages_are_the_bodies_as_they_came() -> None:
    fake = FakeGamma(make_markets(5))
    async with gamma_client(fake) as gamma:
        pages = [page async for page in gamma.market_pages(limit=2, closed=True)]
    assert len(pages) == 1
    assert orjson.loads(pages[0].content)["markets"][0]["id"] == "1000"
    assert "next_cursor" not in orjson.loads(pages[0].content)


async def test_keyset_cursor_that_does_not_advance_is_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"markets": [fixture("gamma_market_recorded.json")], "next_cursor": "same"})

    async with PolymarketGammaClient("https://gamma.test", transport=httpx.MockTransport(handler)) as gamma:
        with pytest.raises(WireFormatError, match=r"next_cursor.*came back twice"):
            await gamma.fetch_markets()


async def test_page_size_above_the_venue_maximum_is_refused() -> None:
    async with PolymarketGammaClient("https://gamma.test", transport=httpx.MockTransport(FakeGamma([]).handler)) as gamma:
        with pytest.raises(ValueError, match=r"markets page size must be 1..100"):
            await gamma.fetch_markets(limit=500)


@pytest.mark.parametrize("keyset", [True, False])
async def test_events_with_nested_markets(keyset: bool) -> None:
    event = fixture("gamma_events_page.json")[0]
    events = []
    for number in range(3):
        copy_of = copy.deepcopy(event)
        copy_of["id"] = str(160101 + number)
        events.append(copy_of)
    fake = FakeGamma([], events)
    async with gamma_client(fake) as gamma:
        parsed = await gamma.fetch_events(limit=2, keyset=keyset)
        raw_pages = [page async for page in gamma.event_pages(limit=2, keyset=keyset)]
    assert [e.event_id for e in parsed] == ["160101", "160102", "160103"]
    assert [m.event_id for m in parsed[2].markets] == ["160103"] * 3
    assert len(raw_pages) == 2
    assert fake.requests[0].url.path == ("/events/keyset" if keyset else "/events")


@pytest.mark.parametrize("keyset", [True, False])
async def test_lookups_ask_open_and_closed_and_chunk_under_the_url_cap(keyset: bool) -> None:
    fake = FakeGamma(make_markets(450))
    wanted = [str(1000 + n) for n in range(449, -1, -1)] + ["999999"]
    async with gamma_client(fake) as gamma:
        markets = await gamma.fetch_markets_by_ids(wanted, keyset=keyset)
    # Open and closed ones, in the order asked; the unknown id is simply absent.
    assert [m.market_id for m in markets] == wanted[:-1]
    request_shapes = {(len(r.url.params.get_list("id")), r.url.params["closed"]) for r in fake.requests}
    assert request_shapes == {(400, "true"), (400, "false"), (51, "true"), (51, "false")}


async def test_lookups_by_slug_and_condition_id() -> None:
    fake = FakeGamma(make_markets(120))
    async with gamma_client(fake) as gamma:
        by_slug = await gamma.fetch_markets_by_slugs([f"market-{n}" for n in (5, 3, 117)])
        by_condition = await gamma.fetch_markets_by_condition_ids([f"0x{n:064x}" for n in range(110)])
    assert [m.slug for m in by_slug] == ["market-5", "market-3", "market-117"]
    assert [m.condition_id for m in by_condition] == [f"0x{n:064x}" for n in range(110)]
    condition_requests = [r for r in fake.requests if r.url.params.get_list("condition_ids")]
    assert max(len(r.url.params.get_list("condition_ids")) for r in condition_requests) == 100


class FakeClob:
    def __init__(self) -> None:
        self.template = fixture("clob_book.json")
        self.requests: list[httpx.Request] = []

    def book(self, token: str) -> dict[str, Any]:
        return {**self.template, "asset_id": token}

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/book":
            return httpx.Response(200, json=self.book(request.url.params["token_id"]))
        assert request.url.path == "/books" and request.method == "POST"
        body = orjson.loads(request.content)
        # The venue leaves out tokens it has no book for.
        return httpx.Response(200, json=[self.book(entry["token_id"]) for entry in body if entry["token_id"] != "unknown"])


async def test_single_book_and_its_raw_body() -> None:
    fake = FakeClob()
    async with PolymarketClobClient("https://clob.test", transport=httpx.MockTransport(fake.handler)) as clob:
        book = await clob.fetch_book("42")
        raw = await clob.fetch_book_raw("42")
    assert book.instrument_id == "42"
    assert book.best_bid is not None and book.best_bid.price == Decimal("0.45")
    assert orjson.loads(raw.content)["asset_id"] == "42"
    assert fake.requests[0].url.params["token_id"] == "42"


async def test_book_for_another_token_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=fixture("clob_book.json"))

    async with PolymarketClobClient("https://clob.test", transport=httpx.MockTransport(handler)) as clob:
        with pytest.raises(WireFormatError, match=r"token_id=42 field 'asset_id': answered with the book of token 1075"):
            await clob.fetch_book("42")


async def test_batch_books_go_500_per_request() -> None:
    fake = FakeClob()
    tokens = [str(n) for n in range(1201)] + ["7", "unknown"]
    async with PolymarketClobClient("https://clob.test", transport=httpx.MockTransport(fake.handler)) as clob:
        books = await clob.fetch_books(tokens)
    assert sorted(len(orjson.loads(r.content)) for r in fake.requests) == [202, 500, 500]
    assert set(books) == {str(n) for n in range(1201)}
    assert books["1200"].best_ask is not None and books["1200"].best_ask.price == Decimal("0.46")
