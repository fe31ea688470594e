"""Paper trading on raw venue frames, by hand: an opportunity found on one state of the books fills
on the next state of its pair's books, at that state's prices and time, never on the state that
found it; a frame of another market leaves it waiting."""

from __future__ import annotations

from datetime import timedelta

import orjson

from arb_pipeline.app.backtest import run_backtest
from arb_pipeline.app.stream_trading import MemoryLedger, StreamPaperSession
from arb_pipeline.config import ScanSettings, TradingSettings
from arb_pipeline.domain.fees import KalshiFeeSchedule
from arb_pipeline.domain.models import MatchedPair, PairStatus
from arb_pipeline.domain.trading import RiskState, TradeOutcome
from arb_pipeline.streamer.manifest import Manifest
from arb_pipeline.streamer.pairs import WatchSet
from arb_pipeline.streamer.recording import FrameRecorder
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange
from arb_pipeline_tests.domain.trading.builders import NOW, PM_ID, TICKER, D, kalshi_market, pm_market

TRADING_ENV = {"TRADING_PROFILE": "very_aggressive", "TRADING_MIN_EDGE": "0.001", "TRADING_BANKROLL": "10000"}
SETTINGS = TradingSettings.from_env(TRADING_ENV)
PAIR = MatchedPair(TICKER, PM_ID, "tok-yes", "tok-no", 1.0, PairStatus.APPROVED, ("by hand",))
SCAN = ScanSettings(min_net_edge=D("0.001"), min_apy=D(0), min_contracts=D(1), min_net_profit=D(0))
START_NS = int(NOW.timestamp() * 1e9)


def ns(seconds: float) -> int:
    return START_NS + int(seconds * 1e9)


def kalshi_snapshot(yes_bids: list[list[str]], no_bids: list[list[str]], seq: int) -> str:
    return orjson.dumps({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": {
        "market_ticker": TICKER, "market_id": "m-1", "yes_dollars_fp": yes_bids, "no_dollars_fp": no_bids}}).decode()


def pm_book(token: str, bids: list[tuple[str, str]], asks: list[tuple[str, str]], stamp: int) -> str:
    return orjson.dumps({"event_type": "book", "asset_id": token, "market": "0xc0ffee", "timestamp": str(stamp),
                         "hash": f"0x{stamp:x}", "bids": [{"price": p, "size": s} for p, s in bids],
                         "asks": [{"price": p, "size": s} for p, s in asks]}).decode()


def session() -> tuple[StreamPaperSession, MemoryLedger]:
    ledger = MemoryLedger()
    paper = StreamPaperSession(SETTINGS, SCAN, RiskState(), ledger.open, stale_s=60.0)
    paper.begin(WatchSet.of([PAIR], [kalshi_market(), pm_market()]), START_NS)
    # The venue's answer to the feed's first subscribe command, then the books.
    paper.frame("kalshi", '{"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 1}}', ns(0.1))
    # YES bid 0.38 and NO bid 0.60: YES asks at 0.40 (1 - 0.60), 50 of them.
    paper.frame("kalshi", kalshi_snapshot([["0.3800", "50.00"]], [["0.6000", "50.00"]], 1), ns(0.2))
    paper.frame("polymarket", pm_book("tok-yes", [("0.40", "50")], [("0.50", "50")], 1), ns(0.3))
    return paper, ledger


def test_an_opportunity_fills_on_the_next_state_of_its_books_at_that_states_prices():
    paper, ledger = session()
    # tok-no asks 0.55: Kalshi YES 0.40 + 0.55 + the Kalshi fee is under $1: the opportunity opens.
    paper.frame("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.55", "50")], 2), ns(0.4))
    assert len(paper.evaluator.tracker.open_keys()) == 1 and ledger.trades == []
    # A frame that changes none of the pair's books is not the next state of its books.
    paper.frame("polymarket", pm_book("tok-other", [("0.10", "5")], [("0.90", "5")], 3), ns(0.5))
    assert ledger.trades == []
    # The next state of tok-no's book asks 0.56: the trade buys there, at this frame's time.
    paper.frame("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.56", "50")], 4), ns(0.6))
    [trade] = ledger.trades
    assert trade.outcome is TradeOutcome.COMPLETE and trade.sets == D(50)
    # 50 YES at 0.40, Kalshi fee ceil(0.07 × 50 × 0.40 × 0.60 = 0.84) = 0.84; 50 tok-no at 0.56, no fee.
    assert sorted((f.instrument.key, f.price, f.contracts, f.fee) for f in trade.fills) == [
        (f"kalshi:{TICKER}:yes", D("0.40"), D(50), D("0.84")),
        (f"polymarket:{PM_ID}:tok-no", D("0.56"), D(50), D(0)),
    ]
    assert {f.filled_at for f in trade.fills} == {NOW + timedelta(seconds=0.6)}
    # The breaker booked it, and the session keeps that state for the next trade.
    assert paper.state.trades_today == 1 and ledger.state == paper.state


def test_an_edge_gone_by_the_next_state_is_not_traded_and_says_why():
    paper, ledger = session()
    paper.frame("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.55", "50")], 2), ns(0.4))
    # By the next state tok-no asks 0.60: 0.40 + 0.60 is a dollar before fees.
    paper.frame("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.60", "50")], 3), ns(0.5))
    [trade] = ledger.trades
    assert trade.outcome is TradeOutcome.NOT_TRADED and trade.fills == ()
    assert trade.reasons == ("edge gone at fill time: no size is profitable after fees on the current books",)


def test_a_book_is_stale_on_its_own_clock_whatever_else_its_venue_sends():
    paper, ledger = session()
    # A minute on, Kalshi's socket still talks (a subscription answer), and Polymarket sends
    # tok-no; neither of the other two books has changed or been confirmed since the start.
    paper.frame("kalshi", '{"id": 2, "type": "subscribed", "msg": {"channel": "market_lifecycle_v2", "sid": 2}}',
                ns(61.0))
    paper.frame("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.55", "50")], 2), ns(61.2))
    assert paper.evaluator.tracker.open_keys() == []
    # A fresh Kalshi snapshot (the same book) confirms it: both legs of Kalshi YES + tok-no are
    # current, and the opportunity opens (tok-yes, a minute old, is in neither of its legs).
    paper.frame("kalshi", kalshi_snapshot([["0.3800", "50.00"]], [["0.6000", "50.00"]], 2), ns(61.5))
    [key] = paper.evaluator.tracker.open_keys()
    assert (key.kalshi_side, key.polymarket_token) == ("yes", "tok-no") and ledger.trades == []


def test_a_series_fee_change_read_during_a_run_prices_the_fills_after_it_live_and_in_the_replay(tmp_path):
    watch = WatchSet.of([PAIR], [kalshi_market(), pm_market()])
    recorder = FrameRecorder(tmp_path, ("kalshi", "polymarket"), Manifest(0, WatchSet(), SCAN, TRADING_ENV, None))
    live = MemoryLedger()
    paper = StreamPaperSession(SETTINGS, SCAN, RiskState(), live.open, stale_s=60.0)
    # Kalshi waives the series' fees from 0.45 s on (GET /series/fee_changes, read at 0.35 s).
    waived = SeriesFeeChange("chg-1", "KXFED", KalshiFeeSchedule("quadratic", D(0)), NOW + timedelta(seconds=0.45))
    frames = [
        ("kalshi", '{"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 1}}', 0.1),
        ("kalshi", kalshi_snapshot([["0.3800", "50.00"]], [["0.6000", "50.00"]], 1), 0.2),
        ("polymarket", pm_book("tok-yes", [("0.40", "50")], [("0.50", "50")], 1), 0.3),
        ("fees", "", 0.35),
        ("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.55", "50")], 2), 0.4),
        ("polymarket", pm_book("tok-no", [("0.45", "50")], [("0.56", "50")], 4), 0.6),
    ]
    for tap in (recorder, paper):
        tap.begin(watch, START_NS)
        for venue, text, at in frames:
            if venue == "fees":
                tap.fee_changes([waived], ns(at))
            else:
                tap.frame(venue, text, ns(at))
    recorder.close()
    [trade] = live.trades
    # Found under the series' fee; filled after the change: the Kalshi leg pays nothing.
    assert sorted((f.instrument.key, f.price, f.fee) for f in trade.fills) == [
        (f"kalshi:{TICKER}:yes", D("0.40"), D(0)), (f"polymarket:{PM_ID}:tok-no", D("0.56"), D(0))]
    replay = run_backtest(tmp_path, env={})
    assert replay.ledger.trades == live.trades and replay.problems.bad_lines == []
