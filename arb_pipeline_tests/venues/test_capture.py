"""Capture against the sandbox, read back with the loader: the same models the live clients
produce, books equal to the exchange's own, bad files reported and skipped."""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.capture import CaptureError, capture, load_capture
from arb_pipeline.venues.http import VenueHttpError
from arb_pipeline.venues.kalshi import KalshiRestClient, KalshiSigner
from arb_pipeline.venues.polymarket import PolymarketGammaClient

pytestmark = pytest.mark.integration


def credentials_for(kalshi_credentials):
    key_id, path = kalshi_credentials
    return Credentials(key_id, str(path), "sandbox")


async def test_capture_reads_back_identically(sandbox, kalshi_credentials, tmp_path):
    credentials = credentials_for(kalshi_credentials)
    report = await capture(tmp_path / "cap", sandbox.endpoints, credentials, progress=False)
    loaded = load_capture(tmp_path / "cap")
    assert loaded.problems == []
    assert loaded.captured_at == report.captured_at

    # Markets: exactly what the live clients parse from the same exchange (events carry the
    # event title and category, so they are the richer view the loader keeps).
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, KalshiSigner.from_credentials(credentials)) as kalshi:
        series = await kalshi.fetch_series()
        live_markets = await kalshi.fetch_markets(series=series)
        events = await kalshi.fetch_events(series=series)
    assert loaded.kalshi_series == series
    assert len(events) >= 50 and len(live_markets) >= 300
    assert set(loaded.kalshi_markets) == {m.market_id for m in live_markets}
    for event in events:
        for market in event.markets:
            assert loaded.kalshi_markets[market.market_id] == market
    async with PolymarketGammaClient(sandbox.endpoints.polymarket_gamma_url) as gamma:
        live_pm = await gamma.fetch_markets()
        pm_events = await gamma.fetch_events()
    assert set(loaded.polymarket_markets) == {m.market_id for m in live_pm}
    assert len(pm_events) >= 30 and len(live_pm) >= 300
    for event in pm_events:
        for market in event.markets:
            assert loaded.polymarket_markets[market.market_id] == market

    # Books: level for level what the exchange holds, for every open market.
    scenario = sandbox.scenario
    open_tickers = {m.market_id for m in live_markets if m.status is MarketStatus.OPEN}
    assert set(loaded.kalshi_books) == open_tickers and len(open_tickers) >= 300
    for ticker, book in loaded.kalshi_books.items():
        truth = scenario.kalshi_books[ticker].to_order_book()
        assert (book.yes_bids, book.no_bids) == (truth.yes_bids, truth.no_bids), ticker
    open_tokens = {t for m in live_pm if m.status is MarketStatus.OPEN for t in m.token_ids}
    assert set(loaded.polymarket_books) == open_tokens and len(open_tokens) >= 600
    for token, book in loaded.polymarket_books.items():
        truth = scenario.polymarket_books[token].to_order_book()
        assert (book.bids, book.asks) == (truth.bids, truth.asks), token

    assert loaded.odds_events and all(events for events in loaded.odds_events.values())
    assert report.counts["kalshi_books"] == len(open_tickers)
    manifest = json.loads((tmp_path / "cap" / "manifest.json").read_text())
    assert manifest["format"] == 1 and manifest["odds_quota"]["remaining"] is not None
    # Reading twice gives the same thing: the loader depends on nothing but the folder.
    again = load_capture(tmp_path / "cap")
    assert again.kalshi_books == loaded.kalshi_books and again.polymarket_markets == loaded.polymarket_markets


async def test_capture_survives_faults_and_unsigned_kalshi(sandbox, tmp_path):
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "kalshi", path_prefix="/markets", count=2, status=429, retry_after_s=0.05))
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "polymarket", path_prefix="/books", count=1, status=503))
    sandbox.inject(Fault(FaultKind.DROP_CONNECTION, "polymarket", path_prefix="/markets", count=1))
    # No Kalshi key: books come one GET per market instead of the signed batch.
    report = await capture(
        tmp_path / "cap", sandbox.endpoints, Credentials(None, None, None), venues=("kalshi", "polymarket"), progress=False
    )
    loaded = load_capture(tmp_path / "cap")
    assert loaded.problems == []
    assert report.skipped == []
    assert len(loaded.kalshi_books) == report.counts["kalshi_books"] > 0
    assert len(loaded.polymarket_books) == report.counts["polymarket_books"] > 0
    assert sum(sandbox.fault_stats.values()) == 4


def write_capture(root, files, **manifest):
    """A capture folder by hand: ``files`` maps relative paths to JSON-able bodies (or raw text),
    each listed in the manifest's received_at as the writer lists them."""
    received = "2026-01-09T12:00:01+00:00"
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body if isinstance(body, str) else json.dumps(body))
    document = {
        "format": 1,
        "captured_at": "2026-01-09T12:00:00+00:00",
        "completed_at": "2026-01-09T12:00:02+00:00",
        "complete": True,
        "source": "test",
        "received_at": {relative: received for relative in files},
        **manifest,
    }
    (root / "manifest.json").write_text(json.dumps(document))
    return root


GOOD_BOOK = {"orderbook_fp": {"yes_dollars": [["0.40", "10.00"], ["0.42", "5.00"]], "no_dollars": [["0.55", "3.00"]]}}


def test_bad_files_are_reported_and_skipped(tmp_path):
    root = write_capture(
        tmp_path / "cap",
        {
            "kalshi/orderbooks/GOOD-1.json": GOOD_BOOK,
            "kalshi/orderbooks/BROKEN-1.json": '{"orderbook_fp": {"yes_dollars": [["0.40", ',
            "kalshi/orderbooks/BAD-PRICE.json": {"orderbook_fp": {"yes_dollars": [["abc", "1.00"]]}},
            "polymarket/books/123.json": {"asset_id": "999", "market": "0x1", "bids": [], "asks": [], "timestamp": "1782753357257"},
            "kalshi/markets/00001.json": {"markets": [{"ticker": "X"}], "cursor": ""},
        },
    )
    loaded = load_capture(root)
    assert set(loaded.kalshi_books) == {"GOOD-1"}
    assert loaded.kalshi_books["GOOD-1"].yes_book.best_ask.price.to_eng_string() == "0.45"
    assert loaded.kalshi_books["GOOD-1"].received_ts == datetime(2026, 1, 9, 12, 0, 1, tzinfo=UTC)
    problems = {p.path: p for p in loaded.problems}
    assert set(problems) == {
        "kalshi/orderbooks/BROKEN-1.json",
        "kalshi/orderbooks/BAD-PRICE.json",
        "polymarket/books/123.json",
        "kalshi/markets/00001.json",
    }
    assert "abc" in problems["kalshi/orderbooks/BAD-PRICE.json"].problem
    assert "holds the book of 999" in problems["polymarket/books/123.json"].problem
    # A malformed market is one record: the page's problem names its index and ticker.
    assert problems["kalshi/markets/00001.json"].record == "X"
    assert problems["kalshi/markets/00001.json"].problem == "markets[0] X: missing field 'event_ticker'"


def test_files_the_manifest_does_not_list_are_not_part_of_the_capture(tmp_path):
    root = write_capture(tmp_path / "cap", {"kalshi/orderbooks/GOOD-1.json": GOOD_BOOK, "kalshi/markets/00001.json": {"markets": []}})
    # Left over from another run: a book and a page this capture never wrote, and a listed file
    # that went missing.
    (root / "kalshi" / "orderbooks" / "OLD-1.json").write_text(json.dumps(GOOD_BOOK))
    (root / "kalshi" / "markets" / "00002.json").write_text(json.dumps({"markets": []}))
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["received_at"]["kalshi/orderbooks/GONE-1.json"] = "2026-01-09T12:00:01+00:00"
    (root / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_capture(root)
    assert set(loaded.kalshi_books) == {"GOOD-1"}
    problems = {p.path: p.problem for p in loaded.problems}
    assert set(problems) == {"kalshi/orderbooks/OLD-1.json", "kalshi/markets/00002.json", "kalshi/orderbooks/GONE-1.json"}
    assert "no received_at entry" in problems["kalshi/orderbooks/OLD-1.json"]
    assert "not listed in manifest.json received_at" in problems["kalshi/markets/00002.json"]
    assert "missing from the folder" in problems["kalshi/orderbooks/GONE-1.json"]


def test_a_manifest_without_received_at_loads_pages_but_no_book(tmp_path):
    # A hand-made capture that lists no files: pages load, but a book with no receive time has
    # no age and is never used.
    root = write_capture(tmp_path / "cap", {"kalshi/orderbooks/GOOD-1.json": GOOD_BOOK, "kalshi/series/00001.json": {"series": []}})
    manifest = json.loads((root / "manifest.json").read_text())
    del manifest["received_at"]
    (root / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_capture(root)
    assert loaded.kalshi_books == {}
    assert [p.path for p in loaded.problems] == ["kalshi/orderbooks/GOOD-1.json"]


def test_legacy_manifest_loads_as_complete_and_completes_at_its_last_body(tmp_path):
    root = write_capture(tmp_path / "cap", {"kalshi/orderbooks/GOOD-1.json": GOOD_BOOK})
    manifest = json.loads((root / "manifest.json").read_text())
    del manifest["complete"], manifest["completed_at"]
    (root / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_capture(root)
    assert loaded.complete and loaded.problems == []
    assert loaded.completed_at == datetime(2026, 1, 9, 12, 0, 1, tzinfo=UTC)
    manifest["received_at"] = {}
    (root / "manifest.json").write_text(json.dumps(manifest))
    assert load_capture(root).completed_at == datetime(2026, 1, 9, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received_at": ["kalshi/orderbooks/GOOD-1.json"]}, "field 'received_at': expected an object of file path -> ISO-8601 time, got list"),
        ({"received_at": {"kalshi/orderbooks/GOOD-1.json": "yesterday"}}, "field 'received_at' entry 'kalshi/orderbooks/GOOD-1.json': expected an ISO-8601 time"),
        ({"received_at": {"kalshi/orderbooks/GOOD-1.json": 1767960000}}, "expected an ISO-8601 time, got 1767960000"),
        ({"captured_at": None}, "field 'captured_at': expected an ISO-8601 time, got None"),
        ({"completed_at": "2026-01-09T11:00:00+00:00"}, "field 'completed_at': 2026-01-09T11:00:00+00:00 is before captured_at"),
        ({"complete": "yes"}, "field 'complete': expected true or false"),
        ({"incomplete_reason": 5}, "field 'incomplete_reason': expected a string"),
        ({"source": ["x"]}, "field 'source': expected a string"),
    ],
)
def test_a_malformed_manifest_is_one_clear_error(tmp_path, change, message):
    root = write_capture(tmp_path / "cap", {"kalshi/orderbooks/GOOD-1.json": GOOD_BOOK}, **change)
    with pytest.raises(CaptureError, match=re.escape(message)) as raised:
        load_capture(root)
    assert str(raised.value).startswith(str(root / "manifest.json"))


def test_an_incomplete_capture_is_refused_unless_asked(tmp_path):
    root = write_capture(tmp_path / "cap", {"kalshi/orderbooks/GOOD-1.json": GOOD_BOOK}, complete=False, incomplete_reason="VenueHttpError: 503")
    with pytest.raises(CaptureError, match=r"is an incomplete capture \(VenueHttpError: 503\).*--allow-incomplete"):
        load_capture(root)
    loaded = load_capture(root, allow_incomplete=True)
    assert not loaded.complete and loaded.incomplete_reason == "VenueHttpError: 503"
    assert set(loaded.kalshi_books) == {"GOOD-1"}


def test_not_a_capture_is_a_clear_error(tmp_path):
    with pytest.raises(CaptureError, match="manifest.json is missing"):
        load_capture(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": 2, "captured_at": "2026-01-01T00:00:00Z"}')
    with pytest.raises(CaptureError, match="expected format 1, got 2"):
        load_capture(tmp_path)


def test_cli_capture_and_inspect_against_a_running_sandbox(tmp_path, monkeypatch, capsys):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=11, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    with exchange.run_in_thread() as running:
        for name, value in running.endpoints.as_env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("KALSHI_API_KEY_ID", SANDBOX_KEY_ID)
        monkeypatch.setenv("KALSHI_PRIVATE_KEY_PATH", str(key_path))
        monkeypatch.setenv("ODDS_API_KEY", "sandbox")
        assert main(["capture", "--out", str(tmp_path / "cap"), "--no-progress"]) == 0
        # A venue that fails midway: the command fails in one line saying where the partial
        # capture went, and inspect-capture flags it.
        running.inject(Fault(FaultKind.HTTP_STATUS, "polymarket", path_prefix="/gamma/markets", status=400))
        assert main(["capture", "--out", str(tmp_path / "partial"), "--no-progress"]) == 2
    out, err = capsys.readouterr()
    assert "captured" in out and "kalshi_books" in out
    assert err.count("\n") == 1 and f"what was saved before the failure is in {tmp_path / 'partial'}, marked incomplete" in err
    assert main(["inspect-capture", str(tmp_path / "partial")]) == 1
    assert "INCOMPLETE: the capture failed midway (VenueHttpError" in capsys.readouterr().out
    assert main(["inspect-capture", str(tmp_path / "cap")]) == 0
    out = capsys.readouterr().out
    assert "kalshi_markets" in out and "problems             0" in out
    # --strict is still accepted.
    assert main(["inspect-capture", str(tmp_path / "cap"), "--strict"]) == 0
    capsys.readouterr()
    # A second capture into the same folder is refused rather than mixing two snapshots.
    assert main(["capture", "--out", str(tmp_path / "cap"), "--no-progress"]) == 2
    assert "already holds a capture" in capsys.readouterr().err


def test_cli_refuses_an_unknown_venue_in_one_line(tmp_path, capsys):
    assert main(["capture", "--out", str(tmp_path / "cap"), "--venues", "kalsh", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "arb-pipeline capture: error: --venues: unknown venue 'kalsh'; choose a comma-separated subset of kalshi,polymarket,odds\n"
    )
    assert not (tmp_path / "cap").exists()


async def test_a_malformed_market_costs_only_its_own_book(sandbox, kalshi_credentials, tmp_path):
    credentials = credentials_for(kalshi_credentials)
    await capture(tmp_path / "clean", sandbox.endpoints, credentials, venues=("kalshi",), progress=False)
    clean = load_capture(tmp_path / "clean")
    # A market whose price is not a number: the venue's pages are still saved as they came.
    broken = next(m for m in sandbox.scenario.kalshi_markets if m["status"] == "active" and not m["ticker"].startswith("KXMVE"))
    broken["yes_bid_dollars"] = "n/a"
    report = await capture(tmp_path / "cap", sandbox.endpoints, credentials, venues=("kalshi",), progress=False)
    assert any(broken["ticker"] in line and "yes_bid_dollars" in line for line in report.skipped), report.skipped
    assert report.counts["kalshi_books"] == report.counts["kalshi_markets"] > 0
    assert not (tmp_path / "cap" / "kalshi" / "orderbooks" / f"{broken['ticker']}.json").exists()
    loaded = load_capture(tmp_path / "cap")
    # Each page holding the bad market (the market list and the event that nests it) reports that
    # one record, by index and ticker, and nothing else.
    assert [(p.path.split("/")[1], p.record) for p in loaded.problems] == [
        ("markets", broken["ticker"]),
        ("events", broken["ticker"]),
    ]
    assert all("yes_bid_dollars" in p.problem and "n/a" in p.problem for p in loaded.problems)
    # Its pages held many other markets; every one of them still loads, with its book.
    page = json.loads((tmp_path / "cap" / loaded.problems[0].path).read_text())
    assert len(page["markets"]) > 100
    expected = {ticker: market for ticker, market in clean.kalshi_markets.items() if ticker != broken["ticker"]}
    assert len(expected) == len(clean.kalshi_markets) - 1
    assert loaded.kalshi_markets.keys() == expected.keys()
    assert all(loaded.kalshi_markets[t].fee == market.fee and loaded.kalshi_markets[t].rules == market.rules for t, market in expected.items())
    assert set(loaded.kalshi_books) == set(clean.kalshi_books) - {broken["ticker"]}
    assert len(loaded.kalshi_books) > 100


async def test_a_capture_that_fails_midway_is_kept_marked_incomplete(sandbox, kalshi_credentials, tmp_path):
    # Polymarket's catalog never answers: the Kalshi part is saved, the capture is not complete.
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "polymarket", path_prefix="/gamma/markets", status=400))
    out = tmp_path / "cap"
    with pytest.raises(VenueHttpError) as raised:
        await capture(out, sandbox.endpoints, credentials_for(kalshi_credentials), venues=("kalshi", "polymarket"), progress=False)
    assert any("marked incomplete" in note for note in raised.value.__notes__)
    # Nothing is left beside it, and the folder holds what was saved, marked incomplete.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap", "kalshi_private_key.pem"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is False and "400" in manifest["incomplete_reason"]
    assert manifest["received_at"] and all((out / relative).is_file() for relative in manifest["received_at"])
    with pytest.raises(CaptureError, match="incomplete capture"):
        load_capture(out)
    loaded = load_capture(out, allow_incomplete=True)
    assert loaded.kalshi_books and not loaded.polymarket_markets and loaded.problems == []
    assert loaded.captured_at <= loaded.completed_at


async def test_a_failed_book_of_an_unsigned_capture_names_its_own_error(sandbox, tmp_path):
    ticker = next(m["ticker"] for m in sandbox.scenario.kalshi_markets if m["status"] == "active" and not m["ticker"].startswith("KXMVE"))
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "kalshi", path_prefix=f"/markets/{ticker}", status=400))
    # One GET per book runs them concurrently; the failure is reported as itself, not as a group.
    with pytest.raises(VenueHttpError, match="400"):
        await capture(tmp_path / "cap", sandbox.endpoints, Credentials(None, None, None), venues=("kalshi",), progress=False)
    manifest = json.loads((tmp_path / "cap" / "manifest.json").read_text())
    assert manifest["complete"] is False
    assert manifest["incomplete_reason"].startswith("KalshiApiError: ") and f"/markets/{ticker}/orderbook: HTTP 400" in manifest["incomplete_reason"]


async def test_capture_refuses_a_folder_that_is_not_empty_and_bad_settings(sandbox, tmp_path):
    # Nothing listens here: a request would fail with VenueHttpError, not the CaptureError
    # expected, so each refusal below happens before any request.
    nowhere = VenueEndpoints(**{name: "http://127.0.0.1:9" for name in VenueEndpoints.__dataclass_fields__})
    leftovers = tmp_path / "left"
    (leftovers / "kalshi" / "orderbooks").mkdir(parents=True)
    (leftovers / "kalshi" / "orderbooks" / "X.json").write_text("{}")
    with pytest.raises(CaptureError, match=r"left: the folder is not empty \(files left from a failed run\?\)"):
        await capture(leftovers, nowhere, Credentials(None, None, None), progress=False)
    (leftovers / "manifest.json").write_text("{}")
    with pytest.raises(CaptureError, match=r"left: the folder already holds a capture"):
        await capture(leftovers, nowhere, Credentials(None, None, None), progress=False)
    with pytest.raises(CaptureError, match=r"--venues: unknown venue 'kalsh'; choose a comma-separated subset of kalshi,polymarket,odds"):
        await capture(tmp_path / "new", nowhere, Credentials(None, None, None), venues=("kalsh",), progress=False)
    with pytest.raises(CaptureError, match=r"--odds-sports: '../x' is not an Odds API sport key"):
        await capture(tmp_path / "new", nowhere, Credentials(None, None, None), odds_sports=("../x",), progress=False)
    # Nothing is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kalshi_private_key.pem", "left"]
    # An empty folder is fine: the capture takes its place.
    (tmp_path / "empty").mkdir()
    await capture(tmp_path / "empty", sandbox.endpoints, Credentials(None, None, None), venues=("polymarket",), progress=False)
    assert load_capture(tmp_path / "empty").polymarket_books


def test_captured_odds_are_read_as_the_decimal_prices_capture_asked_for(tmp_path):
    # A 100.0 long shot sent as the JSON integer 100: inferred per price it would read as
    # American +100 (decimal 2.0), doubling the implied probability.
    event = {
        "id": "e1", "sport_key": "basketball_nba", "sport_title": "NBA", "commence_time": "2026-01-10T00:00:00Z",
        "home_team": "Los Angeles Lakers", "away_team": "Milwaukee Bucks",
        "bookmakers": [{"key": "draftkings", "title": "DraftKings", "last_update": "2026-01-09T11:59:00Z", "markets": [
            {"key": "h2h", "outcomes": [{"name": "Los Angeles Lakers", "price": 1.01}, {"name": "Milwaukee Bucks", "price": 100}]},
        ]}],
    }
    loaded = load_capture(write_capture(tmp_path / "cap", {"odds/basketball_nba/h2h.json": [event]}))
    (parsed,) = loaded.odds_events["basketball_nba"]
    assert len(parsed.prices) == 2
    prices = {price.outcome_name: price for price in parsed.prices}
    assert prices["Milwaukee Bucks"].decimal_odds == Decimal(100)
    assert prices["Milwaukee Bucks"].american_odds is None
