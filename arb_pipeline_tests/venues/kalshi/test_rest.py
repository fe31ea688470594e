"""KalshiRestClient request shapes and auth handling against a small local aiohttp server that
answers with the fixtures (paging, parameters, 401 -> signed retry, batch books, error bodies)."""

import base64
from decimal import Decimal

import orjson
import pytest
from aiohttp import web
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from arb_pipeline.venues.http import RetryPolicy
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner
from arb_pipeline.venues.kalshi.constants import RATE_LIMITS, KalshiTier
from arb_pipeline.venues.kalshi.rest import KalshiApiError, KalshiRestClient
from arb_pipeline.venues.records import RecordProblem
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES

KALSHI = FIXTURES / "kalshi"
FAST = RetryPolicy(max_attempts=3, base_delay_s=0.01, max_delay_s=0.05)
PREFIX = "/kalshi/trade-api/v2"
D = Decimal


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def signed_by(request: web.Request, public_key) -> bool:
    ts = request.headers.get("KALSHI-ACCESS-TIMESTAMP")
    signature = request.headers.get("KALSHI-ACCESS-SIGNATURE")
    if not ts or not signature:
        return False
    try:
        public_key.verify(
            base64.b64decode(signature),
            f"{ts}{request.method}{request.path}".encode(),
            padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
            hashes.SHA256(),
        )
    except Exception:
        return False
    return True


@pytest.fixture
async def venue(rsa_key):
    """Routes answer with fixture files; ``protected`` paths answer 401 unless signed."""
    state = {"requests": [], "protected": {f"{PREFIX}/markets/orderbooks"}, "pages": {}, "routes": {}}

    async def handler(request: web.Request) -> web.StreamResponse:
        signed = signed_by(request, rsa_key.public_key())
        state["requests"].append((request.path, list(request.query.items()), signed))
        if request.path in state["protected"] and not signed:
            return web.json_response({"error": {"code": "unauthorized", "message": "authentication required"}}, status=401)
        if request.path == f"{PREFIX}/markets/orderbooks":
            tickers = request.query.getall("tickers")
            return web.json_response(
                {"orderbooks": [{"ticker": t, "orderbook_fp": {"yes_dollars": [["0.4000", "2.00"]]}} for t in tickers]}
            )
        pages = state["pages"].get(request.path)
        if pages is not None:
            body = pages[request.query.get("cursor", "")]
            return web.Response(body=body if isinstance(body, bytes) else orjson.dumps(body), content_type="application/json")
        if request.path in state["routes"]:
            status, body = state["routes"][request.path]
            return web.Response(status=status, body=body, content_type="application/json")
        return web.json_response({"error": {"code": "not_found", "message": "not found"}}, status=404)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    state["base_url"] = f"http://127.0.0.1:{port}{PREFIX}"
    yield state
    await runner.cleanup()


def fixture_bytes(name: str) -> bytes:
    return (KALSHI / name).read_bytes()


async def test_market_pages_follow_the_cursor_with_the_right_params(venue):
    current = fixture_bytes("markets_page_current.json")
    cursor = "CgsIqPuZvAYQ4Kz3NBIXS1hJTlhVLTI1SkFOMDNIMTYwMC1CNTkxMi41"
    venue["pages"][f"{PREFIX}/markets"] = {"": current, cursor: fixture_bytes("markets_open_with_parlay.json")}
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        pages = [page async for page in kalshi.market_pages(series_ticker="KXHIGHNY")]
        markets = await kalshi.fetch_markets()
    assert len(pages) == 2
    assert pages[0].content == current  # bodies kept exactly as they came, for capture
    first_query = dict(venue["requests"][0][1])
    assert first_query == {"limit": "1000", "status": "open", "mve_filter": "exclude", "series_ticker": "KXHIGHNY"}
    assert dict(venue["requests"][1][1])["cursor"] == cursor
    # The parlay the page carried despite mve_filter=exclude is dropped.
    assert [m.market_id for m in markets] == ["KXHIGHNY-25JAN01-T50", "KXINXU-25JAN03H1600-B5912.5", "KXNBAGAME-26JAN09MILLAL-LAL"]


async def test_event_pages_send_lowercase_booleans_and_parse_nested_markets(venue):
    venue["pages"][f"{PREFIX}/events"] = {"": fixture_bytes("events_nested.json")}
    venue["routes"][f"{PREFIX}/series"] = (200, fixture_bytes("series_list.json"))
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        series = await kalshi.fetch_series()
        events = await kalshi.fetch_events(series=series, series_ticker="KXNBAGAME")
    query = dict(venue["requests"][-1][1])
    assert query == {"limit": "200", "status": "open", "with_nested_markets": "true", "series_ticker": "KXNBAGAME"}
    (event,) = events
    assert [m.fee.fee_type for m in event.markets] == ["quadratic_with_maker_fees"] * 2


async def test_parsed_fetches_list_a_malformed_or_conflicting_record_instead_of_failing(venue):
    page = orjson.loads(fixture_bytes("markets_page_current.json"))
    page["markets"][0]["yes_bid_dollars"] = "n/a"
    page["cursor"] = ""
    venue["pages"][f"{PREFIX}/markets"] = {"": page}
    series = orjson.loads(fixture_bytes("series_list.json"))
    series["series"].append({**series["series"][0], "fee_multiplier": 0})
    venue["routes"][f"{PREFIX}/series"] = (200, orjson.dumps(series))
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(WireFormatError, match="KXHIGHNY-25JAN01-T50 field 'yes_bid_dollars'"):
            await kalshi.fetch_markets()
        problems: list[RecordProblem] = []
        markets = await kalshi.fetch_markets(problems=problems)
        assert [m.market_id for m in markets] == ["KXINXU-25JAN03H1600-B5912.5"]
        assert [(p.kind, p.index, p.record_id) for p in problems] == [("market", 0, "KXHIGHNY-25JAN01-T50")]
        with pytest.raises(WireFormatError, match="series KXNBAGAME appears twice"):
            await kalshi.fetch_series()
        problems = []
        assert set(await kalshi.fetch_series(problems=problems)) == {"KXINXU", "KXHIGHNY"}
        assert [p.record_id for p in problems] == ["KXNBAGAME"]


async def test_repeated_cursor_stops_loudly(venue):
    venue["pages"][f"{PREFIX}/markets"] = {"": {"markets": [], "cursor": "A"}, "A": {"markets": [], "cursor": "A"}}
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(WireFormatError, match="cursor 'A' repeated"):
            await kalshi.fetch_markets()


async def test_unsigned_401_is_retried_signed(venue, rsa_key):
    path = f"{PREFIX}/markets/FED-23DEC-T3.00/orderbook"
    venue["protected"].add(path)
    venue["routes"][path] = (200, fixture_bytes("orderbook_fp.json"))
    async with KalshiRestClient(venue["base_url"], KalshiSigner("key-1", rsa_key), retry=FAST) as kalshi:
        book = await kalshi.fetch_orderbook("FED-23DEC-T3.00")
    assert book.yes_book.best_ask.price == D("0.44")
    assert [signed for p, _, signed in venue["requests"]] == [False, True]


async def test_401_without_credentials_says_which_env_vars_to_set(venue):
    path = f"{PREFIX}/markets/FED-23DEC-T3.00/orderbook"
    venue["protected"].add(path)
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(KalshiCredentialsError, match="KALSHI_API_KEY_ID.*KALSHI_PRIVATE_KEY_PATH"):
            await kalshi.fetch_orderbook("FED-23DEC-T3.00")


async def test_signature_refused_says_what_to_check(venue):
    wrong_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    async with KalshiRestClient(venue["base_url"], KalshiSigner("key-1", wrong_key), retry=FAST) as kalshi:
        with pytest.raises(KalshiCredentialsError, match=r"refused the signed request.*authentication required"):
            await kalshi.fetch_orderbooks(["A"])


async def test_batch_orderbooks_100_per_signed_request(venue, rsa_key):
    tickers = [f"KXTEST-26JAN01-T{i}" for i in range(250)]
    async with KalshiRestClient(venue["base_url"], KalshiSigner("key-1", rsa_key), retry=FAST) as kalshi:
        books = await kalshi.fetch_orderbooks(tickers + tickers[:5])
    assert list(books) == tickers
    assert books[tickers[0]].yes_book.best_bid.price == D("0.4")
    batches = [query for path, query, _ in venue["requests"] if path.endswith("/markets/orderbooks")]
    assert sorted(len(q) for q in batches) == [50, 100, 100]
    assert all(name == "tickers" for q in batches for name, _ in q)
    assert all(signed for _, _, signed in venue["requests"])


async def test_batch_orderbooks_without_signer_fails_before_sending(venue):
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(KalshiCredentialsError, match="GET /markets/orderbooks needs a signed request.*KALSHI_API_KEY_ID"):
            await kalshi.fetch_orderbooks(["A"])
    assert venue["requests"] == []


async def test_error_body_becomes_a_readable_error(venue):
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(KalshiApiError, match=r"HTTP 404: not found \(not_found\)") as caught:
            await kalshi.fetch_market("NOPE-1")
    assert caught.value.status == 404


async def test_single_market_event_and_series(venue):
    venue["routes"][f"{PREFIX}/markets/KXHIGHNY-25JAN01-T50"] = (200, fixture_bytes("market_current.json"))
    venue["routes"][f"{PREFIX}/events/KXNBAGAME-26JAN09MILLAL"] = (200, fixture_bytes("event_single.json"))
    venue["routes"][f"{PREFIX}/series/FED"] = (200, fixture_bytes("series_single.json"))
    venue["routes"][f"{PREFIX}/series/KXFED"] = (200, fixture_bytes("series_single.json"))
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        market = await kalshi.fetch_market("KXHIGHNY-25JAN01-T50")
        event = await kalshi.fetch_event("KXNBAGAME-26JAN09MILLAL")
        fed = await kalshi.fetch_series_by_ticker("FED")
        with pytest.raises(WireFormatError, match="does not hold series 'KXFED'"):
            await kalshi.fetch_series_by_ticker("KXFED")
    assert market.top_of_book.bid == D("0.34")
    assert len(event.markets) == 2
    assert fed.fee.multiplier == D(1)


async def test_limits_are_checked_before_sending(venue):
    async with KalshiRestClient(venue["base_url"], retry=FAST) as kalshi:
        with pytest.raises(ValueError, match=r"markets page limit must be 1..1000, got 1001"):
            kalshi.market_pages(limit=1001)
        with pytest.raises(ValueError, match=r"events page limit must be 1..200, got 0"):
            kalshi.event_pages(limit=0)
        with pytest.raises(ValueError, match="status filter"):
            kalshi.market_pages(status="active")
        with pytest.raises(ValueError, match=r"batch orderbooks ticker count must be 1..100, got 101"):
            await kalshi.fetch_orderbooks_raw([str(i) for i in range(101)])
        with pytest.raises(ValueError, match="orderbook depth"):
            await kalshi.fetch_orderbook_raw("A", depth=101)


def test_rate_limits_per_tier():
    reads = {tier: RATE_LIMITS[tier][0] for tier in KalshiTier}
    assert {tier: r.max_requests for tier, r in reads.items()} == {
        KalshiTier.BASIC: 20,
        KalshiTier.ADVANCED: 30,
        KalshiTier.PREMIER: 100,
        KalshiTier.PRIME: 400,
    }
    assert all(r.period_s == 1.0 and r.method == "GET" for r in reads.values())
