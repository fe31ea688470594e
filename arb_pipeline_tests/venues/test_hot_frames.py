"""The compiled path of the venues' usual frames (arb_pipeline.venues.hot_frames,
docs/streamer.md#the-compiled-book-change) against the Python code it copies: the clients fed the
same recorded and random frames (usual ones, gaps and repeats, snapshots between the changes,
levels placed and deleted at and away from the best, unsubscribed and unsynced books, states an
audit found ahead of the stream, malformed frames drawn byte by byte) with the compiled path and
without it end with the same books, kept best prices, hashes, times, counts, commands, updates and
log lines."""

from __future__ import annotations

import logging
import os
import random
import shutil
import sysconfig
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from arb_pipeline.domain.books import LevelMap
from arb_pipeline.venues import hot_frames
from arb_pipeline.venues.stream import BookUpdate
from arb_pipeline.venues.kalshi import ws_books as kalshi_ws_books
from arb_pipeline.venues.kalshi.ws_books import KalshiBooks
from arb_pipeline.venues.polymarket import ws_books as polymarket_ws_books
from arb_pipeline.venues.polymarket.ws_books import PolymarketBooks
from arb_pipeline_tests.paths import FIXTURES

compiled = pytest.mark.skipif(not hot_frames.COMPILED, reason="the compiled path was not built here")

TICKERS = ["KX-A", "KX-B", "KX-C"]
#: Subscribed, with no snapshot yet (not synced): its deltas take their seq and change nothing.
UNSYNCED = "KX-UNSYNCED"
TOKENS = ["101", "202", "303"]
#: Subscribed with no book yet (a price_change is counted and skipped until its first book).
BOOKLESS = "404"
#: The recorded price_change's two tokens: subscribed, with books.
RECORDED_TOKENS = [
    "71321045679252212594626385532706912750332728571942532289631379312455583992563",
    "52114319501245915516055106046884209969926127482827954674443846427813813222426",
]
#: Prices on the grid, so that levels come and go at and away from the best.
GRID = [f"0.{n:02d}00" for n in range(5, 100, 5)]
# Texts of other forms: the same value written otherwise, off the grid, out of range, not numbers.
ODD_PRICES = ["0.45", "0.5", "00.4500", "0.45000000", "0.4501", "0.00001", "0.123456", "0.0000", "1.0000", "-0.45",
              ".45", "0.45.", "0.4500 ", " 0.45", "1e-1", "+0.45", "0.", "abc", ""]  # fmt: skip
SIZES = ["1.00", "5.00", "10.00", "100", "-1.00", "-5.00", "-10.00", "-1000.00", "0", "0.00", "-0.00", "0.000001"]
ODD_SIZES = ["-0.0000001", "1.0000001", "1e3", "+1", "x", "", "900000000000.00", "999999999999.999999", "1000000000000.00",
             "9000000000000.00", "00012.50"]  # fmt: skip


def can_build() -> bool:
    """Whether the project's install could compile the extension here: a C compiler (``CC``
    when set, as setuptools reads it) and Python's headers."""
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(compiler) is not None and (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file()


def test_the_compiled_path_is_in_use_exactly_where_it_can_be_built() -> None:
    assert hot_frames.COMPILED is can_build()
    assert (kalshi_ws_books._compiled_delta is not None) is hot_frames.COMPILED
    assert (polymarket_ws_books._compiled_price_change is not None) is hot_frames.COMPILED


# --- frames drawn at random --------------------------------------------------------------------


def _odd_value(rng: random.Random) -> str:
    return rng.choice([
        "null", "true", "false", "0", "-0", "17", "-17", "1.5", "1e3", "2E-2", "-0.0", "01", "1.", ".5", "+1",
        "123456789012345678901234567890", '"x"', '""', '"a\\"b"', '"caf\\u00e9"', '"café"', '"tab\tin"', "[]", "{}",
        '{"a": 1}', "[1, 2]", "nul", "tru", '"unterminated',
    ])  # fmt: skip


def _text(value: str) -> str:
    return orjson.dumps(value).decode()


class Draw:
    """Frame text drawn at random; ``odd`` scales how often anything is unusual (1: about half
    the frames malformed or of another form; 0.2: most of them usual, so that books stay synced
    and the compiled path applies long runs)."""

    def __init__(self, seed: int, odd: float) -> None:
        self.rng = random.Random(seed)
        self.odd = odd

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability * self.odd

    def space(self) -> str:
        return self.rng.choice(["", "", "", " ", "\n", " \t\r\n "])

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        """JSON object text from (key, value text) pairs, keys as given (repeats allowed)."""
        s = self.space
        return "{" + ",".join(f"{s()}{_text(k)}{s()}:{s()}{v}{s()}" for k, v in pairs) + "}"

    def maybe(self, usual: str, odd: float = 0.08) -> str:
        """``usual``, or now and then a JSON value of another type or form."""
        return _odd_value(self.rng) if self.chance(odd) else usual

    def one(self, usual: list[Any], odd: list[Any]) -> Any:
        return self.rng.choice(odd) if self.chance(0.1) else self.rng.choice(usual)

    def fields(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [pair for pair in pairs if not self.chance(0.03)]  # a field missing

    def finish(self, pairs: list[tuple[str, str]]) -> bytes:
        rng = self.rng
        if self.chance(0.1):
            pairs.append((rng.choice(["extra", "id", "market_id", "note"]), _odd_value(rng)))
        if self.chance(0.05) and pairs:
            pairs.append(rng.choice(pairs))  # a key given twice
        if rng.random() < 0.3:
            rng.shuffle(pairs)
        raw = (self.space() + self.obj(pairs) + self.space()).encode()
        if self.chance(0.04):
            raw = raw[: rng.randrange(len(raw))]  # truncated
        elif self.chance(0.04):
            at = rng.randrange(len(raw))
            raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]  # one byte changed
        elif self.chance(0.02):
            raw = raw + rng.choice([b"x", b"{}", b",", b"\x00"])  # something after the object
        elif self.chance(0.01):
            raw = b"[" + raw + b"]"
        return raw


def _kalshi_ladder(rng: random.Random) -> list[list[str]]:
    return [[price, rng.choice(["1.00", "10.00", "250.00"])] for price in rng.sample(GRID, rng.randrange(0, 6))]


def kalshi_frames(draw: Draw, count: int) -> Iterator[bytes]:
    """Deltas of sid 1 (now and then a repeated or skipped seq), with a snapshot of one of its
    books now and then."""
    rng = draw.rng
    seq = len(TICKERS)
    for _ in range(count):
        seq += rng.choice([0, 2, -1]) if draw.chance(0.07) else 1
        ticker = rng.choice(TICKERS + TICKERS + [UNSYNCED, "KX-UNKNOWN"])
        if rng.random() < 0.12:
            snapshot = {"market_ticker": ticker, "yes_dollars_fp": _kalshi_ladder(rng), "no_dollars_fp": _kalshi_ladder(rng)}
            yield orjson.dumps({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": snapshot})
            continue
        msg = [
            ("market_ticker", draw.maybe(_text(ticker))),
            ("side", draw.maybe(_text(draw.one(["yes", "no"], ["YES", "both"])))),
            ("price_dollars", draw.maybe(_text(draw.one(GRID, ODD_PRICES)))),
            ("delta_fp", draw.maybe(_text(draw.one(SIZES, ODD_SIZES)))),
            ("ts_ms", draw.maybe(str(draw.one([1_765_000_000_000], [10**16, 9_300_000_000_000, -1, 0]) + rng.randrange(1000)))),
        ]
        if rng.random() < 0.5:
            msg.append(("market_id", '"9b0f6b43"'))
        outer = [
            ("type", draw.maybe('"orderbook_delta"', 0.04)),
            ("sid", draw.maybe("1", 0.04)),
            ("seq", draw.maybe(str(seq), 0.04)),
            ("msg", draw.maybe(draw.obj(draw.fields(msg)), 0.03)),
        ]
        yield draw.finish(outer)


POLYMARKET_GRID = [f"0.{n:02d}" for n in range(5, 100, 5)]


def polymarket_frames(draw: Draw, count: int) -> Iterator[bytes]:
    """price_change messages over books, a subscribed token with no book and unsubscribed ones,
    with a whole book message now and then."""
    rng = draw.rng
    tokens = TOKENS + RECORDED_TOKENS + [BOOKLESS, "999"]
    for _ in range(count):
        if rng.random() < 0.04:
            ladder = [{"price": price, "size": rng.choice(["10", "250.5"])} for price in rng.sample(POLYMARKET_GRID, rng.randrange(0, 5))]
            yield orjson.dumps({"event_type": "book", "asset_id": rng.choice(tokens), "market": "0xabc",
                                "timestamp": "1765000000000", "hash": rng.choice(["h1", "h2", "h9"]), "bids": ladder, "asks": ladder[:2]})  # fmt: skip
            continue
        entries = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 9])):
            entry = [
                ("asset_id", draw.maybe(_text(draw.one(tokens, [""])))),
                ("price", draw.maybe(_text(draw.one(POLYMARKET_GRID, ODD_PRICES)))),
                ("size", draw.maybe(_text(draw.one([size for size in SIZES if not size.startswith("-")] + ["0"] * 4, ODD_SIZES + ["-1.00"])))),
                ("side", draw.maybe(_text(draw.one(["BUY", "SELL", "buy", "sell"], ["Buy", "bid"])))),
                ("hash", draw.maybe(_text(rng.choice(["h1", "h2", "h9", ""])), 0.15)),
                ("best_bid", '"0.45"'),
            ]
            entries.append(draw.obj(draw.fields(entry)))
        stamp = draw.one(["1765000000000", "1765000000123"], ["9300000000000", "0765000000000", "176500000000", "1765000000", "2025-01-01"])
        outer = [
            ("event_type", draw.maybe('"price_change"', 0.04)),
            ("market", draw.maybe('"0xabc"', 0.06)),
            ("timestamp", draw.maybe(_text(stamp), 0.05)),
            ("price_changes", draw.maybe("[" + ",".join(entries) + "]", 0.04)),
        ]
        yield draw.finish([pair for pair in outer if not draw.chance(0.02)])


def _fixture_lines(name: str) -> list[bytes]:
    """A recorded fixture's messages as frames: one per line, or the file as one."""
    raw = (FIXTURES / name).read_bytes()
    try:
        return [orjson.dumps(orjson.loads(raw))]
    except orjson.JSONDecodeError:
        return [orjson.dumps(orjson.loads(line)) for line in raw.splitlines() if line.strip()]


# --- the clients: the same books, counts and logs on either path --------------------------------


def _kalshi_books() -> KalshiBooks:
    """Sid 1 carries TICKERS (synced from snapshots) and UNSYNCED; sid 2 the recorded market."""
    books = KalshiBooks([*TICKERS, UNSYNCED], ["orderbook_delta"], resync_timeout_s=60.0)
    books.start_session()
    books.apply_message({"type": "subscribed", "id": 1, "msg": {"sid": 1, "channel": "orderbook_delta"}})
    ladder = [["0.4500", "10.00"], ["0.5000", "3.00"], ["0.9500", "1.00"], ["0.1000", "2.00"]]
    for seq, ticker in enumerate(TICKERS, start=1):
        books.apply_message({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": {
            "market_ticker": ticker, "yes_dollars_fp": ladder, "no_dollars_fp": ladder}})  # fmt: skip
    return books


def _side_state(side: Any) -> tuple[Any, ...]:
    # The kept best prices as held (None: found again when asked), then as found.
    return (dict(side.levels), side._high, side._low, side.highest(), side.lowest(), side._high, side._low)


def _updates(results: list[Any]) -> list[Any]:
    flat = [u for result in results for u in (result if isinstance(result, list) else [result])]
    return [None if u is None else (type(u) is BookUpdate, u.venue, u.instrument_id, u.kind, u.venue_ns, type(u.received_ns)) for u in flat]


def _kalshi_state(books: KalshiBooks, results: list[Any]) -> Any:
    return (
        {t: (_side_state(b.yes), _side_state(b.no), b.venue_ns, b.received_ns is None) for t, b in books.books.items()},
        dict(vars(books.stats)), list(books.outbox), dict(books._last_seq), sorted(books._synced), set(books._resyncing), _updates(results),
    )  # fmt: skip


def _polymarket_books() -> PolymarketBooks:
    books = PolymarketBooks(None, update_queue_size=1)
    books.accept([*TOKENS, *RECORDED_TOKENS, BOOKLESS])
    ladder = [{"price": p, "size": "100"} for p in ("0.45", "0.5", "0.1")]
    for token in [*TOKENS, *RECORDED_TOKENS]:
        books.apply_frame(orjson.dumps({"event_type": "book", "asset_id": token, "market": "0xabc",
                                        "timestamp": "1765000000000", "hash": "h0", "bids": ladder, "asks": ladder}))  # fmt: skip
    # States an audit found ahead of the stream, announced by a later change (or never).
    books._unannounced.update({"101": "h1", "202": "h9", RECORDED_TOKENS[0]: "56621a121a47ed9333273e21c83b660cff37ae50"})
    return books


def _polymarket_state(books: PolymarketBooks, results: list[Any]) -> Any:
    return (
        {t: (_side_state(b.bids), _side_state(b.asks), b.book_hash, b.venue_ns, b.received_ns is None) for t, b in books.books.items()},
        dict(vars(books.stats)), dict(books._unannounced), _updates(results),
    )  # fmt: skip


def _read_bests(books: Any) -> None:
    """Every side's best prices read, as the streamer's pass reads its changed books': from then
    on each side keeps them (or knows it lost one) as levels come and go."""
    for book in books.books.values():
        for side in (book.yes, book.no) if hasattr(book, "yes") else (book.bids, book.asks):
            side.highest()
            side.lowest()


def _run(make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames: list[bytes], caplog: pytest.LogCaptureFixture) -> tuple[Any, list[str]]:
    """The client's state after ``frames`` (with, last, the books each frame named in
    ``tops_touched``) and its log lines."""
    caplog.clear()
    books = make()
    books.tops_touched = set()
    results = []
    touched = []
    for number, frame in enumerate(frames):
        results.append(books.apply_frame(frame))
        touched.append(sorted(books.tops_touched))
        books.tops_touched.clear()
        # Now and then, so that changes meet sides with their bests kept and sides without.
        if number % 3:
            _read_bests(books)
    return (*state(books, results), touched), [r.getMessage() for r in caplog.records]


class _Counting:
    """The compiled path, counting the frames it applied (all but NOT_PLAIN)."""

    def __init__(self, apply: Callable[..., Any]) -> None:
        self.apply = apply
        self.applied = 0

    def __call__(self, *args: Any) -> Any:
        result = self.apply(*args)
        self.applied += result is not hot_frames.NOT_PLAIN
        return result


def _both_paths(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: Any, attribute: str,
    make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames: list[bytes],
) -> tuple[tuple[Any, list[str]], tuple[Any, list[str]], int]:  # fmt: skip
    """(the run with the compiled path, the run with Python's alone, frames the compiled path applied)."""
    counting = _Counting(getattr(module, attribute))
    monkeypatch.setattr(module, attribute, counting)
    compiled_run = _run(make, state, frames, caplog)
    monkeypatch.setattr(module, attribute, None)
    python_run = _run(make, state, frames, caplog)
    monkeypatch.setattr(module, attribute, counting.apply)
    return compiled_run, python_run, counting.applied


KALSHI = (kalshi_ws_books, "_compiled_delta", _kalshi_books, _kalshi_state, kalshi_frames)
POLYMARKET = (polymarket_ws_books, "_compiled_price_change", _polymarket_books, _polymarket_state, polymarket_frames)


@compiled
@pytest.mark.parametrize(("module", "attribute", "make", "state", "frames_of"), [KALSHI, POLYMARKET], ids=["kalshi", "polymarket"])
def test_the_books_counts_and_logs_are_the_same_on_either_path(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: Any, attribute: str,
    make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames_of: Callable[[Draw, int], Iterator[bytes]],
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    for seed, odd in [(0, 1.0), (1, 1.0), (2, 0.2), (3, 0.02), (4, 0.02)]:
        frames = list(frames_of(Draw(seed, odd), 3000))
        compiled_run, python_run, applied = _both_paths(monkeypatch, caplog, module, attribute, make, state, frames)
        assert compiled_run == python_run
        # Both paths ran: the compiled path applied many frames, and the drawn malformed ones
        # were counted and logged by the general reader.
        assert applied > (300 if odd == 1.0 else 1500)
        assert python_run[0][1]["malformed"] > 5
        assert any("malformed" in line or "not JSON" in line for line in python_run[1])


@compiled
def test_the_random_frames_reach_every_case_of_the_compiled_path(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The drawn frames are worth comparing: they place levels beyond a kept best and remove kept
    bests (counted on the Python path, which takes the same frames), skip unsynced and bookless
    books, resync gaps and announce states an audit found."""
    caplog.set_level(logging.DEBUG)
    moves: Counter[str] = Counter()

    def watched(change: Callable[[LevelMap, Any, Any], Any]) -> Callable[[LevelMap, Any, Any], Any]:
        def run(side: LevelMap, price: Any, size: Any) -> Any:
            kept = (side._high, side._low)
            result = change(side, price, size)
            for name, before, after in zip(("high", "low"), kept, (side._high, side._low), strict=True):
                if before is not None and after != before:
                    moves[f"{name} {'lost' if after is None else 'moved'}"] += 1
            return result

        return run

    monkeypatch.setattr(LevelMap, "add", watched(LevelMap.add))
    monkeypatch.setattr(LevelMap, "set", watched(LevelMap.set))
    (kalshi, _), _, _ = _both_paths(monkeypatch, caplog, *KALSHI[:4], list(kalshi_frames(Draw(0, 0.02), 3000)))
    (polymarket, _), _, _ = _both_paths(monkeypatch, caplog, *POLYMARKET[:4], list(polymarket_frames(Draw(0, 0.02), 3000)))
    assert min(moves[move] for move in ("high lost", "high moved", "low lost", "low moved")) > 50, moves
    kalshi_stats, polymarket_stats = kalshi[1], polymarket[1]
    assert kalshi_stats["gaps"] > 10 and kalshi_stats["resyncs"] > 10 and kalshi_stats["updates"] > 1000
    assert polymarket_stats["errors"]["price_change_before_snapshot"] > 5
    assert "101" not in polymarket[2]


def _true_top(book: Any) -> tuple[Any, ...]:
    """A book's top of book found from its levels, the kept best prices left as they are."""

    def level(levels: dict[int, int], price: int | None) -> tuple[int | None, int | None]:
        return (price, None if price is None else levels[price])

    if hasattr(book, "yes"):
        return level(book.yes.levels, max(book.yes.levels, default=None)) + level(book.no.levels, max(book.no.levels, default=None))
    return level(book.bids.levels, max(book.bids.levels, default=None)) + level(book.asks.levels, min(book.asks.levels, default=None))


@pytest.mark.parametrize("path", ["compiled", "python"])
@pytest.mark.parametrize(("module", "attribute", "make", "state", "frames_of"), [KALSHI, POLYMARKET], ids=["kalshi", "polymarket"])
def test_tops_touched_names_every_book_whose_top_moved_and_not_every_changed_book(
    monkeypatch: pytest.MonkeyPatch, module: Any, attribute: str, make: Callable[[], Any], state: Callable[[Any, list[Any]], Any],
    frames_of: Callable[[Draw, int], Iterator[bytes]], path: str,
) -> None:  # fmt: skip
    """The streamer's pass reads the tops of only the books in ``tops_touched`` (or with a
    snapshot): a delta that moved a top (its price or its size) and was not named there would
    leave a stale top-of-book tick and a stale screen."""
    if path == "python":
        monkeypatch.setattr(module, attribute, None)
    elif not hot_frames.COMPILED:
        pytest.skip("the compiled path was not built here")
    books = make()
    books.tops_touched = set()
    named = below_top = 0
    for number, frame in enumerate(frames_of(Draw(5, 0.02), 3000)):
        before = {token: _true_top(book) for token, book in books.books.items()}
        result = books.apply_frame(frame)
        updates = [u for u in (result if isinstance(result, list) else [result]) if u is not None]
        snapshots = {u.instrument_id for u in updates if u.kind == "snapshot"}
        for token, book in books.books.items():
            if before.get(token) != _true_top(book):
                assert token in books.tops_touched or token in snapshots, (number, frame)
        changed = {u.instrument_id for u in updates if u.kind == "delta"}
        named += len(changed & books.tops_touched)
        below_top += len(changed - books.tops_touched)
        books.tops_touched.clear()
        if number % 3:
            _read_bests(books)
    # The filter does something: many changes were below the top, and many were at it.
    assert below_top > 300 and named > 300, (below_top, named)


@compiled
def test_recorded_frames_are_applied_by_the_compiled_path_as_by_python(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def recorded_kalshi() -> KalshiBooks:
        books = KalshiBooks(["FED-23DEC-T3.00"], ["orderbook_delta"], resync_timeout_s=60.0)
        books.start_session()
        books.apply_message({"type": "subscribed", "id": 1, "msg": {"sid": 2, "channel": "orderbook_delta"}})
        return books

    kalshi = _fixture_lines("kalshi/ws_orderbook_snapshot.json") + _fixture_lines("kalshi/ws_orderbook_delta.json")
    kalshi += _fixture_lines("kalshi/ws_orderbook_delta_legacy.json")
    compiled_run, python_run, applied = _both_paths(monkeypatch, caplog, kalshi_ws_books, "_compiled_delta", recorded_kalshi, _kalshi_state, kalshi)
    assert compiled_run == python_run and applied == 1
    assert compiled_run[0][0]["FED-23DEC-T3.00"][0][0] == {800: 300_000_000, 2200: 300_000_000}
    polymarket = _fixture_lines("polymarket/ws_price_change.json") + _fixture_lines("polymarket/ws_price_change_legacy.json")
    compiled_run, python_run, applied = _both_paths(monkeypatch, caplog, polymarket_ws_books, "_compiled_price_change", _polymarket_books, _polymarket_state, polymarket)
    assert compiled_run == python_run and applied == 1
    assert RECORDED_TOKENS[0] not in compiled_run[0][2]


@compiled
def test_the_compiled_path_leaves_other_frames_unchanged() -> None:
    """A text frame, the other messages and the legacy forms are the general path's: NOT_PLAIN,
    and nothing changed."""
    books = _kalshi_books()
    _kalshi_state(books, [])  # reading the kept best prices finds those not held yet
    before = _kalshi_state(books, [])
    for name in ["kalshi/ws_orderbook_delta_legacy.json", "kalshi/ws_orderbook_snapshot.json", "kalshi/ws_ticker.json"]:
        for frame in _fixture_lines(name):
            for given in (frame, frame.decode()):
                assert hot_frames.kalshi_apply(given, books._last_seq, books.books, books._synced, books._book_sid, set()) is hot_frames.NOT_PLAIN
    assert _kalshi_state(books, []) == before
    tokens = _polymarket_books()
    _polymarket_state(tokens, [])
    before = _polymarket_state(tokens, [])
    for name in ["polymarket/ws_price_change_legacy.json", "polymarket/ws_book.json", "polymarket/ws_books_array.json"]:
        for frame in _fixture_lines(name):
            assert hot_frames.polymarket_apply(frame, tokens._token_connection, tokens.books, tokens._unannounced, set()) is hot_frames.NOT_PLAIN
    assert _polymarket_state(tokens, []) == before


def test_a_change_without_a_hash_leaves_the_states_an_audit_found_alone(caplog: pytest.LogCaptureFixture) -> None:
    """A price_change entry or book with no hash names no state: it announces none of those an
    audit found ahead of the stream (it once raised KeyError out of the frame handler)."""
    books = _polymarket_books()
    books.apply_frame(orjson.dumps({"event_type": "price_change", "timestamp": "1765000000001",
                                    "price_changes": [{"asset_id": "303", "price": "0.45", "size": "5", "side": "BUY"}]}))  # fmt: skip
    books.apply_frame(orjson.dumps({"event_type": "book", "asset_id": "303", "timestamp": "1765000000002", "bids": [], "asks": []}))
    assert books.books["303"].bids.levels == {} and books.books["303"].book_hash is None
    assert books._unannounced == {"101": "h1", "202": "h9", RECORDED_TOKENS[0]: "56621a121a47ed9333273e21c83b660cff37ae50"}
    assert books.stats.malformed == 0


@compiled
def test_sizes_past_64_bits_are_held_exactly_by_the_python_path(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A level whose size would pass what the compiled path adds up is left to Python, which
    holds any integer; the compiled path leaves that level to it from then on."""

    def delta(seq: int, size: str) -> bytes:
        return orjson.dumps({"type": "orderbook_delta", "sid": 1, "seq": seq, "msg": {
            "market_ticker": "KX-A", "side": "yes", "price_dollars": "0.4500", "delta_fp": size, "ts_ms": 1_765_000_000_000}})  # fmt: skip

    frames = [delta(seq, "900000000000.00") for seq in range(4, 17)] + [delta(17, "-1.00"), delta(18, "1.00")]
    compiled_run, python_run, applied = _both_paths(monkeypatch, caplog, kalshi_ws_books, "_compiled_delta", _kalshi_books, _kalshi_state, frames)
    assert compiled_run == python_run
    assert compiled_run[0][0]["KX-A"][0][0][4500] == 10_000_000 + 13 * 900_000_000_000_000_000 > 2**63
    assert 5 < applied < len(frames)
