"""The sandbox's Kalshi REST routes over real sockets: paging, filters, books, signatures."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import epoch, levels_of, sign, sign_text

pytestmark = pytest.mark.integration


async def kalshi_pages(http: httpx.AsyncClient, url: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await http.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body[key])
        cursor = body["cursor"]
        if cursor == "":
            return pages


async def test_kalshi_markets_page_through_the_whole_catalog_with_parlays_first(resting, http):
    url = resting.endpoints.kalshi_api_url + "/markets"
    pages = await kalshi_pages(http, url, "markets", limit=37)
    markets = [market for page in pages for market in page]
    assert all(len(page) == 37 for page in pages[:-1])
    assert len(pages[-1]) <= 37
    tickers = [market["ticker"] for market in markets]
    assert len(tickers) == len(set(tickers)) == len(resting.scenario.kalshi_markets)
    parlay = [bool(market.get("mve_selected_legs")) for market in markets]
    # Without mve_filter the venue lists parlays first (docs/venues.md#kalshi-markets).
    assert any(parlay)
    assert parlay == sorted(parlay, reverse=True)


async def test_kalshi_markets_default_page_is_100(resting, http):
    body = (await http.get(resting.endpoints.kalshi_api_url + "/markets")).json()
    assert len(body["markets"]) == min(100, len(resting.scenario.kalshi_markets))
    assert isinstance(body["cursor"], str)


@pytest.mark.parametrize(("mve_filter", "parlays"), [("exclude", False), ("only", True)])
async def test_kalshi_mve_filter(resting, http, mve_filter, parlays):
    url = resting.endpoints.kalshi_api_url + "/markets"
    markets = [m for page in await kalshi_pages(http, url, "markets", limit=1000, mve_filter=mve_filter) for m in page]
    expected = [m for m in resting.scenario.kalshi_markets if bool(m.get("mve_selected_legs")) is parlays]
    assert markets
    assert sorted(m["ticker"] for m in markets) == sorted(m["ticker"] for m in expected)


async def test_kalshi_markets_filters(resting, http):
    url = resting.endpoints.kalshi_api_url + "/markets"
    scenario = resting.scenario
    event = next(e for e in scenario.kalshi_events if not e["event_ticker"].startswith("KXMVE"))
    by_event = (await http.get(url, params={"event_ticker": event["event_ticker"], "limit": 1000})).json()["markets"]
    assert by_event
    assert {m["event_ticker"] for m in by_event} == {event["event_ticker"]}

    series = event["series_ticker"]
    events_of_series = {e["event_ticker"] for e in scenario.kalshi_events if e["series_ticker"] == series}
    by_series = (await http.get(url, params={"series_ticker": event["series_ticker"], "limit": 1000})).json()["markets"]
    assert {m["event_ticker"] for m in by_series} <= events_of_series
    assert len(by_series) == sum(1 for m in scenario.kalshi_markets if m["event_ticker"] in events_of_series)

    two = [m["ticker"] for m in scenario.kalshi_markets[:2]]
    by_tickers = (await http.get(url, params={"tickers": ",".join(two)})).json()["markets"]
    assert sorted(m["ticker"] for m in by_tickers) == sorted(two)

    open_markets = (await http.get(url, params={"status": "open", "limit": 1000})).json()["markets"]
    # The filter word "open" selects market.status "active" (docs/venues.md#kalshi-markets).
    assert open_markets and {m["status"] for m in open_markets} == {"active"}

    close_times = sorted(epoch(m["close_time"]) for m in scenario.kalshi_markets)
    middle = int(close_times[len(close_times) // 2])
    late = (await http.get(url, params={"min_close_ts": middle, "limit": 1000, "mve_filter": "exclude"})).json()
    assert late["markets"]
    assert all(epoch(m["close_time"]) >= middle for m in late["markets"])
    early = (await http.get(url, params={"max_close_ts": middle - 1, "limit": 1000})).json()["markets"]
    assert early
    assert all(epoch(m["close_time"]) < middle for m in early)


@pytest.mark.parametrize(
    ("params", "complaint"),
    [
        ({"limit": 0}, "limit must be between 1 and 1000"),
        ({"limit": 1001}, "limit must be between 1 and 1000"),
        ({"limit": "ten"}, "limit must be an integer"),
        ({"status": "active"}, "status must be one of"),
        ({"mve_filter": "some"}, "mve_filter must be"),
        ({"cursor": "not-a-cursor"}, "invalid cursor"),
        ({"min_close_ts": "yesterday"}, "unix timestamp"),
    ],
)
async def test_kalshi_markets_rejects_bad_params_with_an_error_body(resting, http, params, complaint):
    response = await http.get(resting.endpoints.kalshi_api_url + "/markets", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert complaint in error["message"]


async def test_kalshi_market_by_ticker_and_not_found(resting, http):
    market = resting.scenario.kalshi_markets[0]
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{market['ticker']}")).json()
    assert body == {"market": market}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/markets/NOPE-1")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert "NOPE-1" in missing.json()["error"]["message"]


async def test_kalshi_events_page_without_parlays_and_nest_markets_on_request(resting, http):
    url = resting.endpoints.kalshi_api_url + "/events"
    pages = await kalshi_pages(http, url, "events", limit=5)
    events = [event for page in pages for event in page]
    assert len(pages) > 1
    assert all("markets" not in event for event in events)
    tickers = {event["event_ticker"] for event in events}
    assert not any(ticker.startswith("KXMVE") for ticker in tickers)
    markets_by_event: dict[str, list[str]] = {}
    for market in resting.scenario.kalshi_markets:
        markets_by_event.setdefault(market["event_ticker"], []).append(market["ticker"])
    non_parlay = {
        e["event_ticker"]
        for e in resting.scenario.kalshi_events
        if not all(ticker.startswith("KXMVE") for ticker in markets_by_event.get(e["event_ticker"], ["x"]))
    }
    assert tickers == non_parlay

    nested = (await http.get(url, params={"with_nested_markets": "true", "limit": 3})).json()
    assert len(nested["events"]) == 3
    for event in nested["events"]:
        assert [m["ticker"] for m in event["markets"]] == markets_by_event[event["event_ticker"]]
    assert nested["milestones"] == []

    too_many = await http.get(url, params={"limit": 201})
    assert too_many.status_code == 400


async def test_kalshi_events_filter_by_series_and_status(resting, http):
    url = resting.endpoints.kalshi_api_url + "/events"
    event = resting.scenario.kalshi_events[0]
    body = (await http.get(url, params={"series_ticker": event["series_ticker"]})).json()
    assert body["events"] and {e["series_ticker"] for e in body["events"]} == {event["series_ticker"]}
    open_events = (await http.get(url, params={"status": "open"})).json()["events"]
    # An event is open while one of its markets is active; parlays are never listed.
    active = {
        m["event_ticker"]
        for m in resting.scenario.kalshi_markets
        if m["status"] == "active" and not m.get("mve_selected_legs")
    }
    assert len(resting.scenario.kalshi_events) <= 200
    assert {e["event_ticker"] for e in open_events} == active


async def test_kalshi_event_by_ticker_nests_markets_twice(resting, http):
    event = next(e for e in resting.scenario.kalshi_events if not e["event_ticker"].startswith("KXMVE"))
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/events/{event['event_ticker']}")).json()
    assert body["event"]["event_ticker"] == event["event_ticker"]
    assert body["event"]["markets"] == body["markets"]
    assert {m["event_ticker"] for m in body["markets"]} == {event["event_ticker"]}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/events/NOPE")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


async def test_kalshi_series(resting, http):
    url = resting.endpoints.kalshi_api_url + "/series"
    every = (await http.get(url)).json()["series"]
    assert every == resting.scenario.kalshi_series
    category = every[0]["category"]
    by_category = (await http.get(url, params={"category": category})).json()["series"]
    assert by_category == [s for s in every if s["category"] == category]
    one = (await http.get(f"{url}/{every[0]['ticker']}")).json()
    assert one == {"series": every[0]}
    assert (await http.get(f"{url}/NOPE")).status_code == 404


def quoted_kalshi_ticker(sandbox: SandboxExchange) -> str:
    for ticker, book in sandbox.scenario.kalshi_books.items():
        if book.no.levels and len(book.yes.levels) > 2:
            return ticker
    raise AssertionError("the scenario quotes no Kalshi market")


async def test_kalshi_orderbook_is_ascending_strings_best_last(resting, http):
    ticker = quoted_kalshi_ticker(resting)
    book = resting.scenario.kalshi_books[ticker]
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{ticker}/orderbook")).json()
    assert set(body) == {"orderbook_fp"}
    for side, levels in (("yes_dollars", book.yes.levels), ("no_dollars", book.no.levels)):
        wire = body["orderbook_fp"][side]
        prices = [Decimal(price) for price, _ in wire]
        assert prices == sorted(prices)
        assert all(isinstance(p, str) and isinstance(c, str) and len(p.split(".")[1]) >= 4 for p, c in wire)
        assert all(len(c.split(".")[1]) == 2 for _, c in wire)
        assert levels_of(wire) == levels

    url = f"{resting.endpoints.kalshi_api_url}/markets/{ticker}/orderbook"
    depth = (await http.get(url, params={"depth": 2})).json()
    top_two = sorted(book.yes.levels)[-2:]
    assert [Decimal(p) for p, _ in depth["orderbook_fp"]["yes_dollars"]] == top_two
    bad_depth = await http.get(url, params={"depth": 101})
    assert bad_depth.status_code == 400


async def test_kalshi_orderbook_omits_an_empty_side(resting, http):
    empty = next(t for t, b in resting.scenario.kalshi_books.items() if not b.yes.levels and not b.no.levels)
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{empty}/orderbook")).json()
    assert body == {"orderbook_fp": {}}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/markets/NOPE/orderbook")
    assert missing.status_code == 404


async def test_kalshi_batch_orderbooks_need_a_signature(resting, http, kalshi_credentials):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    tickers = list(resting.scenario.kalshi_books)[:3]
    params = [("tickers", ticker) for ticker in tickers]
    unsigned = await http.get(url, params=params)
    assert unsigned.status_code == 401
    assert "missing authentication headers" in unsigned.json()["error"]["message"]

    signed = await http.get(url, params=params, headers=sign(kalshi_credentials, "GET", url))
    assert signed.status_code == 200, signed.text
    books = signed.json()["orderbooks"]
    assert [b["ticker"] for b in books] == tickers
    for entry in books:
        book = resting.scenario.kalshi_books[entry["ticker"]]
        wire = entry["orderbook_fp"]
        assert levels_of(wire.get("yes_dollars", [])) == book.yes.levels
        assert levels_of(wire.get("no_dollars", [])) == book.no.levels


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda h, c, url: sign(c, "GET", "/trade-api/v2/markets/orderbooks"), id="real-venue-path"),
        pytest.param(lambda h, c, url: sign_text(c, "GET", urlsplit(url).path + "?tickers=X"), id="signed-with-query"),
        pytest.param(lambda h, c, url: sign(c, "GET", url, int((time.time() - 120) * 1000)), id="stale-timestamp"),
        pytest.param(lambda h, c, url: {**h, "KALSHI-ACCESS-KEY": "other"}, id="unknown-key"),
    ],
)
async def test_kalshi_batch_orderbooks_reject_bad_signatures(resting, http, kalshi_credentials, tamper):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    ticker = next(iter(resting.scenario.kalshi_books))
    headers = tamper(sign(kalshi_credentials, "GET", url), kalshi_credentials, url)
    response = await http.get(url, params={"tickers": ticker}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_kalshi_batch_orderbooks_validate_the_ticker_list(resting, http, kalshi_credentials):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    headers = sign(kalshi_credentials, "GET", url)
    none = await http.get(url, headers=headers)
    assert none.status_code == 400 and "between 1 and 100" in none.json()["error"]["message"]
    many = await http.get(url, params=[("tickers", f"T{i}") for i in range(101)], headers=headers)
    assert many.status_code == 400
    unknown = await http.get(url, params={"tickers": "NOPE-1"}, headers=headers)
    assert unknown.status_code == 404 and "NOPE-1" in unknown.json()["error"]["message"]
