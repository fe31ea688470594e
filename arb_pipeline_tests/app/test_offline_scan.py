"""The offline scan command: a capture in, pairs and opportunities out in the agreed JSON shape,
with no network and no warehouse; a bad file is reported and skipped."""

import asyncio
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import Credentials
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.capture import capture

pytestmark = pytest.mark.integration

PAIR_KEYS = {"kalshi_ticker", "polymarket_market_id", "polymarket_yes_token", "polymarket_no_token", "confidence", "status", "reasons"}
OPPORTUNITY_KEYS = {
    "kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token", "contracts", "kalshi_avg_price",
    "polymarket_avg_price", "kalshi_fee", "polymarket_fee", "cost", "net_profit", "days_to_resolution", "apy",
}


@pytest.fixture(scope="module")
def sandbox_capture(tmp_path_factory) -> tuple[Path, SandboxExchange]:
    root = tmp_path_factory.mktemp("scan")
    key_path, public_pem = sandbox_key_pair(root / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    with exchange.run_in_thread() as running:
        credentials = Credentials(SANDBOX_KEY_ID, str(key_path), "sandbox")
        asyncio.run(capture(root / "cap", running.endpoints, credentials, progress=False))
    return root / "cap", exchange


def test_scan_finds_the_planted_arbitrage_in_the_agreed_shape(sandbox_capture, tmp_path, monkeypatch, capsys):
    capture_dir, exchange = sandbox_capture
    for name in ("ARB_MIN_NET_EDGE", "ARB_MIN_APY", "ARB_MIN_CONTRACTS", "ARB_MIN_NET_PROFIT", "ARB_PAIRS_FILE"):
        monkeypatch.delenv(name, raising=False)
    out = tmp_path / "scan.json"
    assert main(["scan", "--capture", str(capture_dir), "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    manifest = json.loads((capture_dir / "manifest.json").read_text())
    assert document["captured_at"] == manifest["captured_at"]
    # "Now" for quote ages is when the capture's last body came in, not when it started.
    assert document["completed_at"] == manifest["completed_at"] > manifest["captured_at"]
    assert document["complete"] is True and manifest["complete"] is True

    assert document["pairs"]
    for pair in document["pairs"]:
        assert PAIR_KEYS <= set(pair)
        assert pair["status"] in {"approved", "review", "rejected"}
        assert isinstance(pair["confidence"], float) and 0 <= pair["confidence"] <= 1
        assert all(isinstance(reason, str) for reason in pair["reasons"])
    truth = {(t.kalshi_ticker, t.polymarket_market_id): t for t in exchange.scenario.truth_pairs}
    approved = [p for p in document["pairs"] if p["status"] == "approved"]
    assert approved
    for pair in approved:
        expected = truth[(pair["kalshi_ticker"], pair["polymarket_market_id"])]
        assert pair["polymarket_yes_token"] == expected.polymarket_yes_token

    for opportunity in document["opportunities"]:
        assert set(opportunity) == OPPORTUNITY_KEYS
        for key in OPPORTUNITY_KEYS - {"kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token"}:
            # Exact decimal strings, never binary floats or exponents.
            assert isinstance(opportunity[key], str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", opportunity[key]), key
        money = {key: Decimal(opportunity[key]) for key in ("cost", "net_profit", "contracts")}
        assert opportunity["kalshi_side"] in {"yes", "no"}
        assert money["net_profit"] > 0
        assert money["cost"] + money["net_profit"] == money["contracts"]
    found = {(o["kalshi_ticker"], o["kalshi_side"], o["polymarket_token"]) for o in document["opportunities"]}
    planted = {(p.kalshi_ticker, p.kalshi_side, p.polymarket_token) for p in exchange.scenario.planted_arbitrage}
    assert found == planted
    assert "cross-venue opportunities" in capsys.readouterr().out


def test_a_bad_file_is_reported_and_the_rest_scans(sandbox_capture, tmp_path, capsys):
    import shutil

    capture_dir, _ = sandbox_capture
    damaged = tmp_path / "damaged"
    shutil.copytree(capture_dir, damaged)
    book = sorted((damaged / "kalshi" / "orderbooks").iterdir())[0]
    book.write_text('{"orderbook_fp": {"yes_dollars": [["0.40", ')
    out = tmp_path / "scan.json"
    assert main(["scan", "--capture", str(damaged), "--out", str(out)]) == 0
    document = json.loads(out.read_text())
    assert [p["file"] for p in document["problems"]] == [f"kalshi/orderbooks/{book.name}"]
    assert document["pairs"]
    assert f"skipped kalshi/orderbooks/{book.name}" in capsys.readouterr().err


def test_scan_of_a_folder_that_is_not_a_capture_says_so(tmp_path, capsys):
    assert main(["scan", "--capture", str(tmp_path), "--out", str(tmp_path / "x.json")]) == 2
    assert "manifest.json is missing" in capsys.readouterr().err


def test_an_unreadable_pairs_file_is_a_clear_error(sandbox_capture, tmp_path, capsys):
    capture_dir, _ = sandbox_capture
    args = ["scan", "--capture", str(capture_dir), "--out", str(tmp_path / "x.json"), "--pairs-file", str(tmp_path / "nope.yaml")]
    assert main(args) == 2
    assert "nope.yaml: cannot read" in capsys.readouterr().err
