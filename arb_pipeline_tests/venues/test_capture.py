"""Capture against the sandbox, read back with the loader: the same models the live clients
produce, books equal to the exchange's own, bad files reported and skipped."""

import json

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import Credentials
from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.capture import CaptureError, capture, load_capture
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


def test_bad_files_are_reported_and_skipped(tmp_path):
    root = tmp_path / "cap"
    (root / "kalshi" / "orderbooks").mkdir(parents=True)
    (root / "polymarket" / "books").mkdir(parents=True)
    (root / "kalshi" / "markets").mkdir(parents=True)
    (root / "manifest.json").write_text(json.dumps({"format": 1, "captured_at": "2026-01-09T12:00:00Z", "source": "test"}))
    (root / "kalshi" / "orderbooks" / "GOOD-1.json").write_text(
        json.dumps({"orderbook_fp": {"yes_dollars": [["0.40", "10.00"], ["0.42", "5.00"]], "no_dollars": [["0.55", "3.00"]]}})
    )
    (root / "kalshi" / "orderbooks" / "BROKEN-1.json").write_text('{"orderbook_fp": {"yes_dollars": [["0.40", ')
    (root / "kalshi" / "orderbooks" / "BAD-PRICE.json").write_text(json.dumps({"orderbook_fp": {"yes_dollars": [["abc", "1.00"]]}}))
    (root / "polymarket" / "books" / "123.json").write_text(json.dumps({"asset_id": "999", "market": "0x1", "bids": [], "asks": [], "timestamp": "1782753357257"}))
    (root / "kalshi" / "markets" / "00001.json").write_text(json.dumps({"markets": [{"ticker": "X"}], "cursor": ""}))
    loaded = load_capture(root)
    assert set(loaded.kalshi_books) == {"GOOD-1"}
    assert loaded.kalshi_books["GOOD-1"].yes_book.best_ask.price.to_eng_string() == "0.45"
    problems = {p.path: p.problem for p in loaded.problems}
    assert set(problems) == {
        "kalshi/orderbooks/BROKEN-1.json",
        "kalshi/orderbooks/BAD-PRICE.json",
        "polymarket/books/123.json",
        "kalshi/markets/00001.json",
    }
    assert "abc" in problems["kalshi/orderbooks/BAD-PRICE.json"]
    assert "holds the book of 999" in problems["polymarket/books/123.json"]
    assert "event_ticker" in problems["kalshi/markets/00001.json"]


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
    out = capsys.readouterr().out
    assert "captured" in out and "kalshi_books" in out
    assert main(["inspect-capture", str(tmp_path / "cap"), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "kalshi_markets" in out and "problems             0" in out
    # A second capture into the same folder is refused rather than mixing two snapshots.
    assert main(["capture", "--out", str(tmp_path / "cap"), "--no-progress"]) == 2
    assert "already holds a capture" in capsys.readouterr().err


async def test_a_malformed_market_costs_only_its_own_book(sandbox, kalshi_credentials, tmp_path):
    # A market whose price is not a number: the venue's page is still saved as it came.
    broken = next(m for m in sandbox.scenario.kalshi_markets if m["status"] == "active" and not m["ticker"].startswith("KXMVE"))
    broken["yes_bid_dollars"] = "n/a"
    report = await capture(tmp_path / "cap", sandbox.endpoints, credentials_for(kalshi_credentials), venues=("kalshi",), progress=False)
    assert any(broken["ticker"] in line and "yes_bid_dollars" in line for line in report.skipped), report.skipped
    assert report.counts["kalshi_books"] == report.counts["kalshi_markets"] > 0
    assert not (tmp_path / "cap" / "kalshi" / "orderbooks" / f"{broken['ticker']}.json").exists()
    loaded = load_capture(tmp_path / "cap")
    # The loader reads page files whole, so each page holding the bad market (the market list and
    # the event that nests it) is reported by name.
    assert [p.path for p in loaded.problems] == ["kalshi/markets/00001.json", "kalshi/events/00001.json"]
    assert all(broken["ticker"] in p.problem for p in loaded.problems)
