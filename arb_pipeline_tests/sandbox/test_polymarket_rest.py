"""The sandbox's Polymarket Gamma and CLOB REST routes over real sockets: offset and keyset paging,
filters, ordering, and books in the CLOB's shape."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import httpx
import orjson
import pytest

from arb_pipeline_tests.sandbox.exchange_clients import assert_clob_book, open_gamma_markets, quoted_tokens, tick_until

pytestmark = pytest.mark.integration


async def test_gamma_markets_offset_paging_defaults_to_open_markets(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets"
    seen = []
    offset = 0
    while True:
        page = (await http.get(url, params={"limit": 40, "offset": offset})).json()
        assert isinstance(page, list)
        if not page:
            break
        seen.extend(page)
        offset += len(page)
    assert sorted(m["id"] for m in seen) == sorted(m["id"] for m in open_gamma_markets(resting))
    # JSON inside JSON, as the venue sends it (docs/venues.md#polymarket-gamma-catalog).
    assert all(isinstance(m["clobTokenIds"], str) and isinstance(m["outcomes"], str) for m in seen)

    only_closed = (await http.get(url, params={"closed": "true", "limit": 1000})).json()
    closed_ids = [m["id"] for m in resting.scenario.polymarket_markets if m["closed"]]
    assert closed_ids
    assert sorted(m["id"] for m in only_closed) == sorted(closed_ids)


async def test_gamma_markets_lookups_and_ordering(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets"
    first, second, third = open_gamma_markets(resting)[:3]
    by_id = (await http.get(url, params=[("id", first["id"]), ("id", second["id"])])).json()
    assert sorted(m["id"] for m in by_id) == sorted([first["id"], second["id"]])
    by_slug = (await http.get(url, params={"slug": third["slug"]})).json()
    assert [m["id"] for m in by_slug] == [third["id"]]
    token = orjson.loads(second["clobTokenIds"])[1]
    by_token = (await http.get(url, params={"clob_token_ids": token})).json()
    assert [m["id"] for m in by_token] == [second["id"]]
    by_condition = (await http.get(url, params={"condition_ids": first["conditionId"]})).json()
    assert [m["id"] for m in by_condition] == [first["id"]]

    by_volume = (await http.get(url, params={"order": "volume24hr", "ascending": "false", "limit": 1000})).json()
    volumes = [m["volume24hr"] for m in by_volume]
    assert volumes == sorted(volumes, reverse=True)
    by_end = (await http.get(url, params={"order": "end_date", "ascending": "true", "limit": 1000})).json()
    assert [m["endDate"] for m in by_end] == sorted(m["endDate"] for m in by_end)


@pytest.mark.parametrize(
    ("path", "params", "complaint"),
    [
        ("/markets", {"limit": -1}, "limit must be between"),
        ("/markets", {"limit": "many"}, "limit must be an integer"),
        ("/markets", {"closed": "maybe"}, "closed must be true or false"),
        ("/markets", {"order": "popularity"}, "unknown field"),
        ("/markets/keyset", {"offset": 10}, "does not take offset"),
        ("/markets/keyset", {"after_cursor": "zzz"}, "not a cursor"),
        ("/events/keyset", {"offset": 0}, "does not take offset"),
        ("/events", {"limit": 501}, "limit must be between"),
    ],
)
async def test_gamma_rejects_bad_params(resting, http, path, params, complaint):
    response = await http.get(resting.endpoints.polymarket_gamma_url + path, params=params)
    assert response.status_code == 400
    assert complaint in response.json()["error"]


async def keyset_pages(http: httpx.AsyncClient, url: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    cursor = None
    while True:
        body = (await http.get(url, params={**params, **({"after_cursor": cursor} if cursor else {})})).json()
        pages.append(body[key])
        if "next_cursor" not in body:
            return pages
        cursor = body["next_cursor"]
        assert cursor


async def test_gamma_markets_keyset_pages_until_next_cursor_is_absent(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets/keyset"
    pages = await keyset_pages(http, url, "markets", limit=45)
    assert len(pages) > 1 and all(len(page) == 45 for page in pages[:-1])
    ids = [m["id"] for page in pages for m in page]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(m["id"] for m in open_gamma_markets(resting))

    ordered = await keyset_pages(http, url, "markets", limit=45, order="volume24hr", ascending="false")
    volumes = [m["volume24hr"] for page in ordered for m in page]
    assert len(volumes) == len(ids) and volumes == sorted(volumes, reverse=True)


async def test_gamma_market_and_event_by_id(resting, http):
    base = resting.endpoints.polymarket_gamma_url
    market = resting.scenario.polymarket_markets[0]
    assert (await http.get(f"{base}/markets/{market['id']}")).json() == market
    event = resting.scenario.polymarket_events[0]
    body = (await http.get(f"{base}/events/{event['id']}")).json()
    assert body["id"] == event["id"] and body["markets"] == event["markets"]
    for path in ("/markets/1", "/events/1"):
        missing = await http.get(base + path)
        assert missing.status_code == 404 and "not found" in missing.json()["error"]


async def test_gamma_events_offset_and_keyset(resting, http):
    base = resting.endpoints.polymarket_gamma_url
    open_events = [e for e in resting.scenario.polymarket_events if not e["closed"]]
    listed = (await http.get(base + "/events", params={"limit": 500})).json()
    assert sorted(e["id"] for e in listed) == sorted(e["id"] for e in open_events)
    assert all("markets" in event for event in listed)
    pages = await keyset_pages(http, base + "/events/keyset", "events", limit=7)
    assert sorted(e["id"] for page in pages for e in page) == sorted(e["id"] for e in open_events)
    one = (await http.get(base + "/events", params={"slug": open_events[0]["slug"]})).json()
    assert [e["id"] for e in one] == [open_events[0]["id"]]


async def test_clob_book_wire_shape(sandbox, http):
    tokens = list(sandbox.scenario.polymarket_books)[:500]
    body = [{"token_id": token} for token in tokens]
    books = (await http.post(sandbox.endpoints.polymarket_clob_url + "/books", json=body)).json()
    opening_hashes = {book["asset_id"]: book["hash"] for book in books}
    token = quoted_tokens(sandbox, 1)[0]
    book = sandbox.scenario.polymarket_books[token]
    response = await http.get(sandbox.endpoints.polymarket_clob_url + "/book", params={"token_id": token})
    wire = response.json()
    assert set(wire) == {
        "market", "asset_id", "timestamp", "hash", "bids", "asks",
        "min_order_size", "tick_size", "neg_risk", "last_trade_price",
    }
    assert wire["asset_id"] == token
    assert wire["market"] == book.market_id
    assert_clob_book(wire, book)
    assert wire["timestamp"].isdigit() and abs(int(wire["timestamp"]) / 1000 - time.time()) < 60
    assert Decimal(wire["tick_size"]) == book.tick_size
    assert isinstance(wire["neg_risk"], bool)

    step = await tick_until(sandbox, lambda step: any(c.token_id in opening_hashes for c in step.polymarket_changes))
    token = next(c.token_id for c in step.polymarket_changes if c.token_id in opening_hashes)
    moved = (await http.get(sandbox.endpoints.polymarket_clob_url + "/book", params={"token_id": token})).json()
    assert moved["hash"] != opening_hashes[token]
    assert_clob_book(moved, sandbox.scenario.polymarket_books[token])


async def test_clob_book_errors_are_json(resting, http):
    url = resting.endpoints.polymarket_clob_url + "/book"
    missing = await http.get(url)
    assert missing.status_code == 400 and "token_id" in missing.json()["error"]
    unknown = await http.get(url, params={"token_id": "123"})
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "No orderbook exists for the requested token id"}


async def test_clob_post_books(resting, http):
    url = resting.endpoints.polymarket_clob_url + "/books"
    tokens = quoted_tokens(resting, 4)
    books = (await http.post(url, json=[{"token_id": token} for token in tokens])).json()
    assert [book["asset_id"] for book in books] == tokens
    for wire in books:
        assert_clob_book(wire, resting.scenario.polymarket_books[wire["asset_id"]])
    for body, status in (
        ({"token_id": tokens[0]}, 400),
        ([], 400),
        ([{"token": tokens[0]}], 400),
        ([{"token_id": tokens[0]}] * 501, 400),
        ([{"token_id": "123"}], 404),
    ):
        response = await http.post(url, json=body)
        assert response.status_code == status, body
        assert response.json()["error"]
    not_json = await http.post(url, content=b"[{")
    assert not_json.status_code == 400
