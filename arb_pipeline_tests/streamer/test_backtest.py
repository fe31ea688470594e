"""Paper trading on the streamer's frames, live against the sandbox on a real PostgreSQL, and the
backtest of its recording: the replay makes the live run's trades exactly."""

from __future__ import annotations

import asyncio

import orjson
import pytest

from arb_pipeline.app.backtest import print_backtest, run_backtest
from arb_pipeline.app.stream_trading import live_session
from arb_pipeline.config import ScanSettings, TradingSettings
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import Fill, TradeResult
from arb_pipeline.streamer.manifest import read_manifest
from arb_pipeline.warehouse import trading
from arb_pipeline_tests.streamer.live import approve, settings, wait_for
from arb_pipeline.streamer.service import Streamer

pytestmark = pytest.mark.integration

#: A profile that trades the sandbox's planted arbitrage (a few cents a set).
# The sandbox plants its arbitrage on the markets of the day it runs: on some days every planted
# pair is one category, and the profile's category cap would refuse trades the replay must match.
TRADING_ENV = {"TRADING_PROFILE": "very_aggressive", "TRADING_MIN_EDGE": "0.001", "TRADING_BANKROLL": "5000",
               "TRADING_MAX_CATEGORY_EXPOSURE": "100000"}


def truths_of(planted, truths):
    by_ticker = {truth.kalshi_ticker: truth for truth in truths}
    return [by_ticker[plant.kalshi_ticker] for plant in planted]


def fill_rows(fills: list[Fill]) -> list[tuple[object, ...]]:
    return sorted((f.fill_id, f.opportunity_id, f.pair_key, f.instrument.key, f.side.value, f.purpose.value, f.price,
                   f.contracts, f.fee, f.fee_shares, f.status.value, f.filled_at) for f in fills)


def trade_rows(trades: list[TradeResult]) -> list[tuple[object, ...]]:
    return sorted((t.opportunity_id, t.pair_key, t.outcome.value, t.sets, t.target, tuple(leg.key for leg in t.legs))
                  for t in trades)


async def test_a_backtest_of_a_recorded_live_paper_run_makes_the_same_trades(world, tmp_path):
    exchange, store, credentials = world
    planted = list(exchange.scenario.planted_arbitrage)
    truths = [t for t in exchange.scenario.truth_pairs if t.kalshi_ticker in {p.kalshi_ticker for p in planted}]
    approve(store, truths)
    scan = ScanSettings()
    stream_settings = settings(tmp_path)
    session = live_session(store, TradingSettings.from_env(TRADING_ENV), scan, stale_s=stream_settings.stale_book_s)
    folder = tmp_path / "recording"
    service = Streamer(stream_settings, store, endpoints=exchange.endpoints, credentials=credentials, scan=scan,
                       record_dir=folder, paper=session, manifest=session.manifest(scan, TRADING_ENV))
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: len(session.evaluator.tracker.open_keys()) >= len(planted), what="the planted arbitrage")
    # The books move: each opportunity trades on the next state of its pair's books. Taking
    # the asks off the Polymarket token the arbitrage does not buy moves the book it reads and
    # leaves the arbitrage standing.
    for plant, truth in zip(planted, truths_of(planted, truths)):
        other = truth.polymarket_no_token if plant.polymarket_token == truth.polymarket_yes_token \
            else truth.polymarket_yes_token
        exchange.scenario.pull_asks(Venue.POLYMARKET, plant.polymarket_market_id, other)
    await exchange.tick()
    await wait_for(lambda: len(session.run.trades) >= len(planted), what="a paper trade of every planted arbitrage")
    service.stop()
    await running

    with store.transaction() as connection:
        stored_trades = trading.load_trades(connection, schema=store.schema)
        stored_fills = trading.load_fills(connection, schema=store.schema)
    assert stored_fills, "the live run filled nothing: nothing to compare"

    manifest = read_manifest(folder)
    assert manifest.trading_env == TRADING_ENV and len(manifest.watch.pairs) == len(truths)
    backtest = run_backtest(folder, env={})
    assert backtest.problems.bad_lines == []
    refused = {oid for oid, _, _ in backtest.ledger.refusals}
    assert {t.opportunity_id for t in stored_trades} == {t.opportunity_id for t in backtest.ledger.trades} | refused
    live = sorted((t.opportunity_id, t.pair_key, t.outcome, t.sets, t.target, t.legs) for t in stored_trades
                  if t.opportunity_id not in refused)
    assert trade_rows(backtest.ledger.trades) == live
    # Every fill: the same legs, contracts, prices, fees and times, to the last digit.
    assert fill_rows(backtest.fills) == fill_rows(stored_fills)
    # Nothing of the backtest reached the warehouse.
    with store.transaction() as connection:
        assert len(trading.load_fills(connection, schema=store.schema)) == len(stored_fills)

    printed: list[str] = []
    print_backtest(backtest, folder, printed.append)
    text = "\n".join(printed)
    assert f"trades: {len(stored_trades)} (" in text and "arbitrage: realized $" in text


async def test_a_line_the_backtest_cannot_read_is_named_counted_and_skipped(world, tmp_path):
    exchange, store, credentials = world
    truths = exchange.scenario.truth_pairs[:3]
    approve(store, truths)
    scan = ScanSettings()
    folder = tmp_path / "recording"
    service = Streamer(settings(tmp_path), store, endpoints=exchange.endpoints, credentials=credentials, scan=scan,
                       record_dir=folder)
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: sum(service.recorder.frames.values()) >= 4, what="a few recorded frames")
    service.stop()
    await running
    kalshi = folder / "kalshi.jsonl"
    lines = kalshi.read_bytes().splitlines(keepends=True)
    # A crash cut the last line short, and a hand edit left a record without its frame.
    kalshi.write_bytes(b"".join([*lines[:1], b'{"received_ns": 1, "seq": 2}\n', *lines[1:], lines[-1][:15]]))
    clean = run_backtest(folder, env={})
    assert len(clean.problems.bad_lines) == 2
    assert clean.problems.bad_lines[0].startswith(f"{kalshi}:2: KeyError")
    assert clean.problems.bad_lines[1].startswith(f"{kalshi}:{len(lines) + 2}: JSONDecodeError")
    # Every readable frame was replayed: the recording's own lines, no more, no fewer.
    recorded = sum(1 for venue in ("kalshi", "polymarket")
                   for line in (folder / f"{venue}.jsonl").read_bytes().splitlines() if _is_frame(line))
    assert sum(clean.frames.values()) == recorded
    printed: list[str] = []
    print_backtest(clean, folder, printed.append)
    assert "  skipped 2 lines it could not read:" in printed
    assert any(line.strip().startswith(f"{kalshi}:2:") for line in printed)


def _is_frame(line: bytes) -> bool:
    try:
        return "frame" in orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
