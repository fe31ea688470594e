"""The compiled reader of the venues' usual frames (arb_pipeline.venues.hot_frames,
docs/streamer.md#the-compiled-frame-reader) against orjson, the general reader: on recorded
frames, on frames drawn at random (malformed ones included, byte by byte), the reader alone and
the clients' books, counts and logs."""

from __future__ import annotations

import logging
import os
import random
import shutil
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from arb_pipeline.venues import hot_frames
from arb_pipeline.venues.kalshi import ws_books as kalshi_ws_books
from arb_pipeline.venues.kalshi.ws_books import KalshiBooks
from arb_pipeline.venues.polymarket import ws_books as polymarket_ws_books
from arb_pipeline.venues.polymarket.ws_books import PolymarketBooks
from arb_pipeline_tests.paths import FIXTURES

compiled = pytest.mark.skipif(not hot_frames.COMPILED, reason="the compiled frame reader was not built here")

TICKERS = ["KX-A", "KX-B", "KX-C"]
TOKENS = ["101", "202", "303"]
# Texts the caches hold after the snapshots below, and texts never converted (the general
# reader converts or refuses them).
PRICES = ["0.1000", "0.4500", "0.5000", "0.9900", "0.45", "0.5", "0.1", "0.0000", "1.0000", "0.00001", "0.123456", "abc", ""]
SIZES = ["1.00", "-1.00", "10.00", "-3.00", "0", "10", "200", "0.000001", "-0.0000001", "1e3", "x"]


def can_build() -> bool:
    """Whether the project's install could compile the extension here: a C compiler (``CC``
    when set, as setuptools reads it) and Python's headers."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(compiler) is not None and (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file()


def test_the_compiled_reader_is_in_use_exactly_where_it_can_be_built() -> None:
    assert hot_frames.COMPILED is can_build()
    assert (kalshi_ws_books._read_delta is not None) is hot_frames.COMPILED
    assert (polymarket_ws_books._read_price_change is not None) is hot_frames.COMPILED


# --- frames drawn at random --------------------------------------------------------------------


def _space(rng: random.Random) -> str:
    return rng.choice(["", "", "", " ", "\n", " \t\r\n "])


def _obj(rng: random.Random, pairs: list[tuple[str, str]]) -> str:
    """JSON object text from (key, value text) pairs, keys as given (repeats allowed)."""
    s = _space
    return "{" + ",".join(f"{s(rng)}{orjson.dumps(k).decode()}{s(rng)}:{s(rng)}{v}{s(rng)}" for k, v in pairs) + "}"


def _odd_value(rng: random.Random) -> str:
    return rng.choice([
        "null", "true", "false", "0", "-0", "17", "-17", "1.5", "1e3", "2E-2", "-0.0", "01", "1.", ".5", "+1",
        "123456789012345678901234567890", '"x"', '""', '"a\\"b"', '"caf\\u00e9"', '"café"', '"tab\tin"', "[]", "{}",
        '{"a": 1}', "[1, 2]", "nul", "tru", '"unterminated',
    ])  # fmt: skip


def _maybe(rng: random.Random, usual: str, odd: float = 0.08) -> str:
    return _odd_value(rng) if rng.random() < odd else usual


def _finish(rng: random.Random, pairs: list[tuple[str, str]], wrap: Callable[[str], str] | None = None) -> bytes:
    if rng.random() < 0.1:
        pairs.append((rng.choice(["extra", "id", "market_id", "note"]), _odd_value(rng)))
    if rng.random() < 0.05 and pairs:
        pairs.append(rng.choice(pairs))  # a key given twice
    rng.shuffle(pairs) if rng.random() < 0.3 else None
    text = _space(rng) + _obj(rng, pairs) + _space(rng)
    if wrap is not None:
        text = wrap(text)
    raw = text.encode()
    roll = rng.random()
    if roll < 0.04:
        raw = raw[: rng.randrange(len(raw))]  # truncated
    elif roll < 0.08:
        at = rng.randrange(len(raw))
        raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]  # one byte changed
    elif roll < 0.1:
        raw = raw + rng.choice([b"x", b"{}", b",", b"\x00"])  # something after the object
    elif roll < 0.11:
        raw = b"[" + raw + b"]"
    return raw


def kalshi_frames(rng: random.Random, count: int) -> Iterator[bytes]:
    seq = {1: 3}
    for _ in range(count):
        seq[1] += 1 if rng.random() < 0.93 else rng.choice([0, 2, -1])
        msg = [
            ("market_ticker", _maybe(rng, orjson.dumps(rng.choice(TICKERS + ["KX-UNKNOWN"])).decode())),
            ("side", _maybe(rng, orjson.dumps(rng.choice(["yes", "no", "yes", "no", "YES", "both"])).decode())),
            ("price_dollars", _maybe(rng, orjson.dumps(rng.choice(PRICES)).decode())),
            ("delta_fp", _maybe(rng, orjson.dumps(rng.choice(SIZES)).decode())),
            ("ts_ms", _maybe(rng, str(rng.choice([1_765_000_000_000, 1_765_000_000_001, 10**17, -1, 0]) + rng.randrange(1000)))),
        ]
        if rng.random() < 0.5:
            msg.append(("market_id", '"9b0f6b43"'))
        msg = [pair for pair in msg if rng.random() > 0.03]  # a field missing
        outer = [
            ("type", _maybe(rng, '"orderbook_delta"', 0.04)),
            ("sid", _maybe(rng, "1", 0.04)),
            ("seq", _maybe(rng, str(seq[1]), 0.04)),
            ("msg", _maybe(rng, _obj(rng, msg), 0.03)),
        ]
        yield _finish(rng, outer)


def polymarket_frames(rng: random.Random, count: int) -> Iterator[bytes]:
    for _ in range(count):
        entries = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            entry = [
                ("asset_id", _maybe(rng, orjson.dumps(rng.choice(TOKENS + ["999", ""])).decode())),
                ("price", _maybe(rng, orjson.dumps(rng.choice(PRICES)).decode())),
                ("size", _maybe(rng, orjson.dumps(rng.choice(SIZES)).decode())),
                ("side", _maybe(rng, orjson.dumps(rng.choice(["BUY", "SELL", "BUY", "SELL", "buy"])).decode())),
                ("hash", _maybe(rng, orjson.dumps(rng.choice(["h1", "h2", ""])).decode(), 0.15)),
                ("best_bid", '"0.45"'),
            ]
            entries.append(_obj(rng, [pair for pair in entry if rng.random() > 0.03]))
        stamp = rng.choice(["1765000000000", "1765000000123", "0765000000000", "176500000000", "1765000000", "2025-01-01"])
        outer = [
            ("event_type", _maybe(rng, '"price_change"', 0.04)),
            ("market", _maybe(rng, '"0xabc"', 0.06)),
            ("timestamp", _maybe(rng, orjson.dumps(stamp).decode(), 0.05)),
            ("price_changes", _maybe(rng, "[" + ",".join(entries) + "]", 0.04)),
        ]
        yield _finish(rng, [pair for pair in outer if rng.random() > 0.02])


def _fixture_lines(name: str) -> list[bytes]:
    """A recorded fixture's messages as frames: one per line, or the file as one."""
    raw = (FIXTURES / name).read_bytes()
    try:
        return [orjson.dumps(orjson.loads(raw))]
    except orjson.JSONDecodeError:
        return [orjson.dumps(orjson.loads(line)) for line in raw.splitlines() if line.strip()]


# --- the reader alone: its fields are orjson's, or it reads nothing ---------------------------


def _loaded(frame: bytes) -> Any:
    try:
        return orjson.loads(frame)
    except orjson.JSONDecodeError:
        return None


def _same(read: Any, loaded: Any) -> bool:
    """Equal and of the same types, all the way down (1 == True, '1' != 1)."""
    if type(read) is not type(loaded):
        return False
    if isinstance(read, (tuple, list)):
        return len(read) == len(loaded) and all(_same(a, b) for a, b in zip(read, loaded, strict=True))
    return read == loaded


def _kalshi_fields(message: Any) -> tuple[Any, ...]:
    msg = message["msg"]
    return (message["sid"], message["seq"], msg["market_ticker"], msg["side"], msg["price_dollars"], msg["delta_fp"], msg["ts_ms"])


def _polymarket_fields(message: Any) -> tuple[Any, ...]:
    entries = [(e["asset_id"], e["side"], e["price"], e["size"], e.get("hash")) for e in message["price_changes"]]
    return (message.get("market"), message["timestamp"], entries)


@compiled
def test_the_reader_reads_exactly_what_orjson_reads_or_nothing() -> None:
    rng = random.Random(20261207)
    cases = [
        (hot_frames.kalshi_delta, kalshi_frames(rng, 6000), "orderbook_delta", "type", _kalshi_fields),
        (hot_frames.polymarket_price_change, polymarket_frames(rng, 6000), "price_change", "event_type", _polymarket_fields),
    ]
    for read, frames, kind, kind_key, fields_of in cases:
        read_count = 0
        for frame in frames:
            fields = read(frame)
            if fields is None:
                continue
            read_count += 1
            message = _loaded(frame)
            assert type(message) is dict and message[kind_key] == kind, frame
            assert _same(fields, fields_of(message)), frame
        # Most drawn frames are plain: the reader does read them.
        assert read_count > 2000


@compiled
def test_the_reader_reads_the_recorded_usual_frames_and_leaves_the_others() -> None:
    delta = _fixture_lines("kalshi/ws_orderbook_delta.json")[0]
    assert _same(hot_frames.kalshi_delta(delta), _kalshi_fields(orjson.loads(delta)))
    change = _fixture_lines("polymarket/ws_price_change.json")[0]
    assert _same(hot_frames.polymarket_price_change(change), _polymarket_fields(orjson.loads(change)))
    # Legacy deltas (cents, no ts_ms), snapshots, other messages, an array, text frames: the
    # general reader's.
    for name in ["kalshi/ws_orderbook_delta_legacy.json", "kalshi/ws_orderbook_snapshot.json", "kalshi/ws_ticker.json"]:
        for frame in _fixture_lines(name):
            assert hot_frames.kalshi_delta(frame) is None, frame
            assert hot_frames.kalshi_delta(frame.decode()) is None
    for name in ["polymarket/ws_price_change_legacy.json", "polymarket/ws_book.json", "polymarket/ws_books_array.json"]:
        for frame in _fixture_lines(name):
            assert hot_frames.polymarket_price_change(frame) is None, frame


# --- the clients: the same books, counts and logs with either reader ---------------------------


def _kalshi_books() -> KalshiBooks:
    books = KalshiBooks(TICKERS, ["orderbook_delta"], resync_timeout_s=60.0)
    books.start_session()
    books.apply_message({"type": "subscribed", "id": 1, "msg": {"sid": 1, "channel": "orderbook_delta"}})
    ladder = [["0.4500", "10.00"], ["0.5000", "3.00"], ["0.9900", "1.00"], ["0.1000", "2.00"]]
    for seq, ticker in enumerate(TICKERS, start=1):
        books.apply_message({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": {
            "market_ticker": ticker, "yes_dollars_fp": ladder, "no_dollars_fp": ladder}})  # fmt: skip
    return books


def _kalshi_state(books: KalshiBooks, results: list[Any]) -> Any:
    return (
        {t: (b.yes.levels, b.no.levels, b.yes.highest(), b.yes.lowest(), b.no.highest(), b.no.lowest(), b.venue_ns) for t, b in books.books.items()},
        vars(books.stats), books.outbox, books._last_seq, sorted(books._synced), books._resyncing.keys(),
        [None if u is None else (u.venue, u.instrument_id, u.kind, u.venue_ns) for u in results],
    )  # fmt: skip


def _polymarket_books() -> PolymarketBooks:
    books = PolymarketBooks(None, update_queue_size=1)
    books.accept(TOKENS)
    ladder = [{"price": p, "size": "100"} for p in ("0.45", "0.5", "0.1")]
    for token in TOKENS:
        books.apply_frame(orjson.dumps({"event_type": "book", "asset_id": token, "market": "0xabc",
                                        "timestamp": "1765000000000", "hash": "h0", "bids": ladder, "asks": ladder}))  # fmt: skip
    return books


def _polymarket_state(books: PolymarketBooks, results: list[Any]) -> Any:
    return (
        {t: (b.bids.levels, b.asks.levels, b.bids.highest(), b.asks.lowest(), b.book_hash, b.venue_ns) for t, b in books.books.items()},
        vars(books.stats), [[(u.venue, u.instrument_id, u.kind, u.venue_ns) for u in updates] for updates in results],
    )  # fmt: skip


def _run(make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames: list[bytes], caplog: pytest.LogCaptureFixture) -> tuple[Any, list[str]]:
    caplog.clear()
    books = make()
    results = [books.apply_frame(frame) for frame in frames]
    return state(books, results), [r.getMessage() for r in caplog.records]


class _Counting:
    """The compiled reader, counting the frames it read."""

    def __init__(self, read: Callable[[bytes], Any]) -> None:
        self.read = read
        self.read_count = 0

    def __call__(self, frame: bytes) -> Any:
        fields = self.read(frame)
        self.read_count += fields is not None
        return fields


@compiled
@pytest.mark.parametrize(
    ("module", "attribute", "make", "state", "frames_of", "recorded"),
    [
        (kalshi_ws_books, "_read_delta", _kalshi_books, _kalshi_state, kalshi_frames, ["kalshi/ws_orderbook_delta.json", "kalshi/ws_orderbook_delta_legacy.json"]),
        (polymarket_ws_books, "_read_price_change", _polymarket_books, _polymarket_state, polymarket_frames, ["polymarket/ws_price_change.json", "polymarket/ws_price_change_legacy.json"]),
    ],
    ids=["kalshi", "polymarket"],
)  # fmt: skip
def test_the_books_counts_and_logs_are_the_same_with_either_reader(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: Any, attribute: str,
    make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames_of: Callable[[random.Random, int], Iterator[bytes]], recorded: list[str],
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    read = getattr(module, attribute)
    for seed in range(4):
        frames = [frame for name in recorded for frame in _fixture_lines(name)]
        frames += list(frames_of(random.Random(seed), 1500))
        reader = _Counting(read)
        monkeypatch.setattr(module, attribute, reader)
        compiled_run = _run(make, state, frames, caplog)
        monkeypatch.setattr(module, attribute, None)
        general_run = _run(make, state, frames, caplog)
        assert compiled_run == general_run
        # Both paths ran: the compiled reader read most frames, and the drawn malformed ones
        # were counted and logged by the general reader.
        assert reader.read_count > 400
        assert general_run[0][1]["malformed"] > 10
        assert any("malformed" in line or "not JSON" in line for line in general_run[1])
