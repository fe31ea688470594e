"""The market-channel stream's book logic, driven frame by frame through apply_frame (no socket),
and its connection handling against a small local WebSocket server."""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import pytest
from aiohttp import WSMsgType, web

from arb_pipeline.domain.models import OrderBook, PriceLevel, Venue
from arb_pipeline.venues.backoff import WS_RECONNECT
from arb_pipeline.venues.polymarket import PolymarketMarketStream, ws_books
from arb_pipeline.venues.polymarket.parsing.ws_messages import parse_market_message
from arb_pipeline.venues.stream import UpdateKind
from arb_pipeline_tests.paths import FIXTURES

POLYMARKET = FIXTURES / "polymarket"
T1 = "65818619657568813474341868652308942079804919287380422192892211131408793125422"
PA = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
PB = "52114319501245915516055106046884209969926127482827954674443846427813813222426"


def frame(name: str) -> bytes:
    return (POLYMARKET / name).read_bytes()


def levels(book_side: Any) -> dict[Decimal, Decimal]:
    return book_side.as_decimals()


@pytest.fixture
def stream() -> PolymarketMarketStream:
    return PolymarketMarketStream("ws://unused", [T1, PA, PB])


def test_book_snapshot_replaces_the_book(stream: PolymarketMarketStream) -> None:
    updates = stream.apply_frame(frame("ws_book.json"))
    assert [(u.instrument_id, u.kind) for u in updates] == [(T1, UpdateKind.SNAPSHOT)]
    book = stream.books[T1].to_order_book()
    assert book.best_bid == PriceLevel(Decimal("0.50"), Decimal("15"))
    assert book.best_ask == PriceLevel(Decimal("0.52"), Decimal("25"))
    assert book.venue_ts == datetime(2025, 9, 15, 4, 1, 32, tzinfo=UTC)

    stream.apply_frame(frame("ws_book_buys_sells.json"))
    assert levels(stream.books[T1].bids) == {Decimal("0.47"): Decimal("11"), Decimal("0.49"): Decimal("7")}
    assert levels(stream.books[T1].asks) == {Decimal("0.55"): Decimal("9"), Decimal("0.51"): Decimal("4")}
    assert stream.books[T1].book_hash == "0x1a2b3c4d"


def test_snapshot_without_event_type_is_applied(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_book_without_event_type.json"))
    assert stream.books[T1].to_order_book().best_bid == PriceLevel(Decimal("0.50"), Decimal("15"))
    assert stream.stats.malformed == 0


def test_array_frame_then_price_change_covering_both_tokens(stream: PolymarketMarketStream) -> None:
    snapshots = stream.apply_frame(frame("ws_books_array.json"))
    assert [(u.instrument_id, u.kind) for u in snapshots] == [(PA, UpdateKind.SNAPSHOT), (PB, UpdateKind.SNAPSHOT)]

    updates = stream.apply_frame(frame("ws_price_change.json"))

    assert [(u.instrument_id, u.kind) for u in updates] == [(PA, UpdateKind.DELTA), (PB, UpdateKind.DELTA)]
    # Absolute sizes: BUY 0.5 x 200 is a new best bid on PA; SELL 0.5 x 200 a new best ask on PB.
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("50"), Decimal("0.5"): Decimal("200")}
    assert levels(stream.books[PA].asks) == {Decimal("0.58"): Decimal("70"), Decimal("0.55"): Decimal("120")}
    assert levels(stream.books[PB].asks) == {Decimal("0.56"): Decimal("80"), Decimal("0.54"): Decimal("40"), Decimal("0.5"): Decimal("200")}
    assert stream.books[PB].to_order_book().best_ask == PriceLevel(Decimal("0.5"), Decimal("200"))
    assert stream.books[PA].book_hash == "56621a121a47ed9333273e21c83b660cff37ae50"
    assert stream.books[PA].venue_ts == datetime(2025, 9, 15, 4, 1, 32, 351000, tzinfo=UTC)
    assert stream.stats.messages == 3 and stream.stats.updates == 4


def test_price_change_size_is_absolute_and_zero_removes_the_level(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    change = {"event_type": "price_change", "market": "0x5f65", "timestamp": "1757908895000", "price_changes": [
        {"asset_id": PA, "price": "0.46", "size": "7", "side": "BUY", "hash": "h1"},
        {"asset_id": PA, "price": "0.55", "size": "0", "side": "SELL", "hash": "h2"},
    ]}  # fmt: skip
    stream.apply_frame(orjson.dumps(change))
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("7")}
    assert levels(stream.books[PA].asks) == {Decimal("0.58"): Decimal("70")}
    assert stream.books[PA].book_hash == "h2"


def test_legacy_price_change(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    updates = stream.apply_frame(frame("ws_price_change_legacy.json"))
    assert [(u.instrument_id, u.kind) for u in updates] == [(PA, UpdateKind.DELTA)]
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100")}
    assert levels(stream.books[PA].asks) == {Decimal("0.58"): Decimal("70"), Decimal("0.55"): Decimal("120"), Decimal("0.57"): Decimal("3300")}
    assert stream.books[PA].book_hash == "3cd4d61e042c81560c9037ece0c61f3b1a8fbbdd"


def test_malformed_frames_are_counted_and_skipped_and_books_stay_untouched(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    before = {token: (levels(book.bids), levels(book.asks), book.book_hash) for token, book in stream.books.items()}
    bad_second_entry = {"event_type": "price_change", "market": "0x5f65", "timestamp": "1757908895000", "price_changes": [
        {"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"},
        {"asset_id": PB, "price": "abc", "size": "10", "side": "SELL", "hash": "y"},
    ]}  # fmt: skip
    frames: list[str | bytes] = [
        "{not json",
        b"\xff\xfe",
        "INVALID OPERATION",
        "42",
        orjson.dumps(bad_second_entry),
        orjson.dumps({"event_type": "book", "asset_id": PA, "bids": [{"price": "0.9"}], "asks": []}),
        orjson.dumps({"market": "0x5f65", "timestamp": "1757908895000"}),
        orjson.dumps([{"event_type": "book", "bids": [], "asks": []}]),
        # Digits, but past any datetime: refused like any other bad field, not raised.
        orjson.dumps({**bad_second_entry, "timestamp": "9" * 30, "price_changes": bad_second_entry["price_changes"][:1]}),
    ]
    for text in frames:
        assert stream.apply_frame(text) == []
    assert stream.stats.malformed == len(frames)
    after = {token: (levels(book.bids), levels(book.asks), book.book_hash) for token, book in stream.books.items()}
    assert after == before


@pytest.mark.parametrize(
    "broken",
    [
        {"price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"},
                           {"asset_id": PB, "price": "0.47", "size": "10", "side": "HOLD", "hash": "y"}]},
        {"price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"},
                           {"asset_id": [PB], "price": "0.47", "size": "10", "side": "SELL", "hash": "y"}]},
        {"price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"},
                           {"asset_id": PB, "price": "1.5", "size": "10", "side": "SELL", "hash": "y"}]},
        {"price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"}, ["0.47"]]},
        {"market": {"id": "0x5f65"}},
    ],
)
def test_a_malformed_price_change_made_of_texts_already_converted_changes_no_book(stream: PolymarketMarketStream, broken: dict[str, Any]) -> None:
    # Every price and size text here was converted before (the caches the one-pass decode
    # reads): only the one-pass checks stand between the message and the books.
    stream.apply_frame(frame("ws_books_array.json"))
    stream.apply_frame(_change(PA, "1.5", "10", "warm"))
    stream.apply_frame(_change(PA, "0.47", "10", "warm"))
    before = {token: (levels(book.bids), levels(book.asks), book.book_hash) for token, book in stream.books.items()}
    malformed = stream.stats.malformed
    message = {"event_type": "price_change", "market": "0x5f65", "timestamp": "1757908895000",
               "price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "SELL", "hash": "z"}], **broken}  # fmt: skip
    assert stream.apply_frame(orjson.dumps(message)) == []
    assert stream.stats.malformed == malformed + 1
    assert {token: (levels(book.bids), levels(book.asks), book.book_hash) for token, book in stream.books.items()} == before


@pytest.mark.parametrize("stamp", ["1757908895351", "0001757908895", "1757908895", "2025-09-15T04:01:35Z", None])
def test_a_price_change_time_reads_as_the_decoder_reads_it(stream: PolymarketMarketStream, stamp: str | None) -> None:
    # The one-pass path takes only 13-digit epoch milliseconds itself; a leading zero, epoch
    # seconds or a date go to the decoder, and every form lands on the same venue time.
    stream.apply_frame(frame("ws_books_array.json"))
    message = {"event_type": "price_change", "market": "0x5f65", "timestamp": stamp,
               "price_changes": [{"asset_id": PA, "price": "0.47", "size": "10", "side": "BUY", "hash": "x"}]}  # fmt: skip
    (update,) = stream.apply_frame(orjson.dumps(message))
    decoded = parse_market_message(message)
    assert decoded is not None and update.venue_ns == decoded.venue_ns
    if stamp is not None:
        assert stream.books[PA].venue_ns == decoded.venue_ns
    assert levels(stream.books[PA].bids)[Decimal("0.47")] == Decimal(10) and stream.stats.malformed == 0


def test_one_bad_message_in_an_array_does_not_stop_the_others(stream: PolymarketMarketStream) -> None:
    good = json.loads(frame("ws_book.json"))
    updates = stream.apply_frame(orjson.dumps([{"event_type": "book", "asset_id": PA}, good]))
    assert [(u.instrument_id, u.kind) for u in updates] == [(T1, UpdateKind.SNAPSHOT)]
    assert stream.stats.malformed == 1 and stream.stats.messages == 2


@pytest.mark.parametrize("pong", ["PONG", b"PONG"])
def test_pong_is_not_json_and_not_malformed(stream: PolymarketMarketStream, pong: str | bytes) -> None:
    assert stream.apply_frame(pong) == []
    assert stream.stats.malformed == 0 and stream.stats.frames == 1 and stream.stats.messages == 0


def test_empty_array_frame_is_fine(stream: PolymarketMarketStream) -> None:
    assert stream.apply_frame("[]") == []
    assert stream.stats.malformed == 0


def test_price_change_before_any_snapshot_is_not_applied(stream: PolymarketMarketStream) -> None:
    assert stream.apply_frame(frame("ws_price_change.json")) == []
    assert stream.books == {}
    assert stream.stats.errors == {"price_change_before_snapshot": 2}


def test_messages_for_tokens_not_subscribed_are_ignored() -> None:
    stream = PolymarketMarketStream("ws://unused", [PA])
    updates = stream.apply_frame(frame("ws_books_array.json"))
    assert [u.instrument_id for u in updates] == [PA]
    assert set(stream.books) == {PA}
    stream.apply_frame(frame("ws_price_change.json"))
    assert Decimal("0.5") not in stream.books[PA].asks.as_decimals()
    stream.unsubscribe([PA])
    assert stream.books == {}
    assert stream.apply_frame(frame("ws_books_array.json")) == []


def test_tick_size_trades_quotes_and_market_events(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_book.json"))
    stream.apply_frame(frame("ws_books_array.json"))

    tick = stream.apply_frame(frame("ws_tick_size_change.json"))
    assert [(u.instrument_id, u.kind) for u in tick] == [(T1, UpdateKind.TICK_SIZE)]
    assert stream.books[T1].tick_size == Decimal("0.001")

    trade = stream.apply_frame(frame("ws_last_trade_price.json"))
    assert [u.kind for u in trade] == [UpdateKind.TRADE]
    assert stream.last_trades[T1].price == Decimal("0.456")

    quote = stream.apply_frame(frame("ws_best_bid_ask.json"))
    assert [u.kind for u in quote] == [UpdateKind.TICKER]
    assert stream.best_quotes[T1].best_ask == Decimal("0.77")

    assert stream.apply_frame(frame("ws_new_market.json")) == []
    assert stream.new_markets[-1].slug == "bitcoin-above-100k-on-january-31"

    resolved = stream.apply_frame(frame("ws_market_resolved.json"))
    assert [(u.instrument_id, u.kind) for u in resolved] == [(PA, UpdateKind.RESOLVED), (PB, UpdateKind.RESOLVED)]
    assert stream.resolutions["0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1"].winning_token_id == PB
    assert stream.stats.malformed == 0


def test_unknown_event_type_is_counted_not_malformed(stream: PolymarketMarketStream) -> None:
    assert stream.apply_frame('{"event_type": "future_kind"}') == []
    assert stream.stats.malformed == 0
    assert stream.stats.errors == {"unknown_event_type:future_kind": 1}


def _rest_book(token: str, bid: str, venue_ts: datetime) -> OrderBook:
    return OrderBook.from_levels(
        Venue.POLYMARKET, token, [PriceLevel(Decimal(bid), Decimal(10))], [PriceLevel(Decimal("0.9"), Decimal(5))],
        received_ts=venue_ts, venue_ts=venue_ts,
    )  # fmt: skip


def test_rest_book_never_rolls_a_live_book_back(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    live_ts = stream.books[PA].venue_ts
    assert live_ts is not None

    assert stream.apply_rest_book(_rest_book(PA, "0.1", live_ts - timedelta(hours=1))) is None
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("50")}
    assert stream.stats.errors == {"stale_rest_book": 1}

    update = stream.apply_rest_book(_rest_book(PA, "0.3", live_ts + timedelta(seconds=1)))
    assert update is not None and update.kind is UpdateKind.SNAPSHOT
    assert levels(stream.books[PA].bids) == {Decimal("0.3"): Decimal("10")}


def test_sub_cent_ticks_and_six_decimal_sizes_are_held_exactly(stream: PolymarketMarketStream) -> None:
    # 0.001 and 0.0001 ticks and sizes to a millionth (docs/venues.md#book-units): the live book,
    # its frozen view and the REST path hold exactly the Decimal values sent.
    stream.apply_frame(frame("ws_books_array.json"))
    stream.apply_frame(_change(PA, "0.461", "219.217767", "h1"))
    stream.apply_frame(_change(PA, ".4615", "0.000001", "h2"))
    assert levels(stream.books[PA].bids) == {
        Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("50"),
        Decimal("0.461"): Decimal("219.217767"), Decimal("0.4615"): Decimal("0.000001"),
    }  # fmt: skip
    assert stream.books[PA].to_order_book().best_bid == PriceLevel(Decimal("0.4615"), Decimal("0.000001"))
    rest = _hashed_book(PA, {"0.001": "1.5", "0.0001": "2"}, datetime(2030, 1, 1, tzinfo=UTC), "h3")
    assert stream.apply_rest_book(rest) is not None
    assert stream.books[PA].to_order_book().bids == rest.bids
    assert stream.stats.malformed == 0


@pytest.mark.parametrize(("price", "size"), [("0.46155", "1"), ("0.46", "1.0000001")])
def test_a_level_off_the_grids_is_malformed_never_rounded(stream: PolymarketMarketStream, price: str, size: str) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    before = levels(stream.books[PA].bids)
    assert stream.apply_frame(_change(PA, price, size, "h1")) == []
    assert stream.stats.malformed == 1 and levels(stream.books[PA].bids) == before
    off_grid = _hashed_book(PA, {price: size}, datetime(2030, 1, 1, tzinfo=UTC), "h2")
    assert stream.apply_rest_book(off_grid) is None
    assert stream.stats.malformed == 2 and levels(stream.books[PA].bids) == before


# --- finding lost updates (no seq numbers: hashes and REST) -------------------------------------


def _hashed_book(token: str, bids: dict[str, str], venue_ts: datetime, book_hash: str) -> OrderBook:
    return OrderBook.from_levels(
        Venue.POLYMARKET, token, [PriceLevel(Decimal(p), Decimal(s)) for p, s in bids.items()],
        [PriceLevel(Decimal("0.58"), Decimal(70)), PriceLevel(Decimal("0.55"), Decimal(120))],
        received_ts=venue_ts, venue_ts=venue_ts, book_hash=book_hash,
    )  # fmt: skip


def _change(token: str, price: str, size: str, book_hash: str, ms: int = 1757908895000) -> bytes:
    return orjson.dumps({"event_type": "price_change", "market": "0x5f65", "timestamp": str(ms), "price_changes": [
        {"asset_id": token, "price": price, "size": size, "side": "BUY", "hash": book_hash},
    ]})  # fmt: skip


class FakeClob:
    """Answers POST /books with whatever book the test says the venue holds now."""

    def __init__(self) -> None:
        self.books: dict[str, OrderBook] = {}

    async def fetch_books(self, token_ids: Any) -> dict[str, OrderBook]:
        return {token: self.books[token] for token in token_ids if token in self.books}


def _audited_stream() -> tuple[FakeClob, PolymarketMarketStream, datetime]:
    """A stream of PA and PB from the books fixture, audited against a FakeClob, and PA's venue time."""
    clob = FakeClob()
    stream = PolymarketMarketStream("ws://unused", [PA, PB], clob)  # type: ignore[arg-type]
    stream.apply_frame(frame("ws_books_array.json"))
    start = stream.books[PA].venue_ts
    assert start is not None
    return clob, stream, start


def test_a_book_message_with_the_live_hash_but_other_levels_is_a_divergence(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    # h2 is announced, but the change before it (0.44 x 100 -> 30) never arrived.
    stream.apply_frame(_change(PA, "0.46", "55", "h2"))
    snapshot = {"event_type": "book", "asset_id": PA, "market": "0x5f65", "timestamp": "1757908896000", "hash": "h2",
                "bids": [{"price": "0.44", "size": "30"}, {"price": "0.46", "size": "55"}],
                "asks": [{"price": "0.58", "size": "70"}, {"price": "0.55", "size": "120"}]}  # fmt: skip
    stream.apply_frame(orjson.dumps(snapshot))
    assert stream.stats.divergences == 1
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("30"), Decimal("0.46"): Decimal("55")}
    # The same snapshot again agrees with the book: nothing more to find.
    stream.apply_frame(orjson.dumps(snapshot))
    assert stream.stats.divergences == 1


def test_a_book_message_for_a_later_state_is_no_divergence(stream: PolymarketMarketStream) -> None:
    stream.apply_frame(frame("ws_books_array.json"))
    later = {"event_type": "book", "asset_id": PA, "market": "0x5f65", "timestamp": "1757908896000", "hash": "h9",
             "bids": [{"price": "0.40", "size": "1"}], "asks": [{"price": "0.60", "size": "1"}]}  # fmt: skip
    stream.apply_frame(orjson.dumps(later))
    assert stream.stats.divergences == 0 and levels(stream.books[PA].bids) == {Decimal("0.40"): Decimal("1")}


async def test_the_audit_finds_a_lost_update_by_hash_and_takes_the_venues_book() -> None:
    clob = FakeClob()
    stream = PolymarketMarketStream("ws://unused", [PA, PB], clob)  # type: ignore[arg-type]
    stream.apply_frame(frame("ws_books_array.json"))
    stream.apply_frame(_change(PA, "0.46", "55", "h2"))
    start = stream.books[PA].venue_ts
    assert start is not None
    # The venue is at h2 too, but with the change before it that the stream lost.
    clob.books[PA] = _hashed_book(PA, {"0.44": "30", "0.46": "55"}, start, "h2")
    clob.books[PB] = stream.books[PB].to_order_book()
    assert await stream.audit() == 1
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("30"), Decimal("0.46"): Decimal("55")}
    assert (stream.stats.divergences, stream.stats.audits) == (1, 1)
    assert await stream.audit() == 0


async def test_an_audit_hands_the_loop_back_between_books_and_keeps_what_the_stream_moved_meanwhile(monkeypatch) -> None:
    monkeypatch.setattr(ws_books, "AUDIT_SLICE_S", 0.0)
    clob, stream, start = _audited_stream()
    clob.books[PA] = stream.books[PA].to_order_book()
    clob.books[PB] = stream.books[PB].to_order_book()
    events: list[str] = []
    stream.on_update = lambda update: events.append(update.instrument_id)
    audit = asyncio.create_task(stream.audit())

    async def meanwhile() -> None:
        while not audit.done():
            if events == [PA]:
                # Read between the two books: newer than PB's REST answer, so the audit keeps it.
                stream.apply_frame(_change(PB, "0.46", "55", "h5", ms=int(start.timestamp() * 1000) + 5_000))
            events.append("turn")
            await asyncio.sleep(0)

    await asyncio.gather(audit, meanwhile())
    assert audit.result() == 0
    assert events[:2] == [PA, "turn"] and PB not in events
    assert levels(stream.books[PB].bids)[Decimal("0.46")] == Decimal("55")


async def test_a_rest_state_the_stream_never_announces_is_a_divergence_one_audit_later() -> None:
    clob, stream, start = _audited_stream()
    clob.books[PB] = stream.books[PB].to_order_book()
    # The venue moved PA to h3; the update saying so never comes.
    clob.books[PA] = _hashed_book(PA, {"0.44": "100", "0.46": "9"}, start + timedelta(seconds=2), "h3")
    assert await stream.audit() == 0  # the stream may only be behind: the book is taken, not yet judged
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("9")}
    assert await stream.audit() == 1
    assert stream.stats.divergences == 1 and await stream.audit() == 0


async def test_a_stream_that_was_only_behind_the_rest_book_is_no_divergence() -> None:
    clob, stream, start = _audited_stream()
    clob.books[PB] = stream.books[PB].to_order_book()
    clob.books[PA] = _hashed_book(PA, {"0.44": "100", "0.46": "9"}, start + timedelta(seconds=2), "h3")
    await stream.audit()
    # The update to h3 arrives after all (absolute sizes: applying it again changes nothing).
    stream.apply_frame(_change(PA, "0.46", "9", "h3", ms=1757908892000))
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("9")}
    clob.books[PA] = stream.books[PA].to_order_book()
    assert await stream.audit() == 0 and stream.stats.divergences == 0


async def test_a_resync_after_a_reconnect_expects_missed_states() -> None:
    clob, stream, start = _audited_stream()
    clob.books[PB] = stream.books[PB].to_order_book()
    clob.books[PA] = _hashed_book(PA, {"0.30": "1"}, start + timedelta(seconds=2), "h7")
    assert await stream.resync() == 2
    # While disconnected the stream could not announce h7: that is no divergence, now or later.
    assert await stream.audit() == 0 and await stream.audit() == 0
    assert (stream.stats.resyncs, stream.stats.audits, stream.stats.divergences) == (1, 2, 0)


async def test_an_audit_answer_older_than_the_live_book_is_passed_over_quietly() -> None:
    clob, stream, start = _audited_stream()
    clob.books[PA] = _hashed_book(PA, {"0.10": "1"}, start - timedelta(seconds=1), "h0")
    assert await stream.audit() == 0 and await stream.audit() == 0
    assert levels(stream.books[PA].bids) == {Decimal("0.44"): Decimal("100"), Decimal("0.46"): Decimal("50")}
    assert stream.stats.errors == {}


def test_the_audit_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="audit_interval_s"):
        PolymarketMarketStream("ws://unused", [PA], audit_interval_s=0)


def test_subscriptions_split_over_connections_of_at_most_500_assets() -> None:
    stream = PolymarketMarketStream("ws://unused", [str(n) for n in range(1100)])
    assert [len(tokens) for tokens in stream.connection_token_ids] == [500, 500, 100]
    stream.subscribe([str(n) for n in range(1000, 1600)])
    assert [len(tokens) for tokens in stream.connection_token_ids] == [500, 500, 500, 100]
    stream.unsubscribe([str(n) for n in range(10)])
    stream.subscribe(["new"])
    assert stream.connection_token_ids[0][-1] == "new"


# ---------------------------------------------------------------------------------------------
# Against a local WebSocket server


class MarketChannel:
    """A minimal market channel: records what clients send, answers PING with PONG and a
    subscription with a snapshot per asset."""

    def __init__(self) -> None:
        self.received: list[list[Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.url = ""

    async def handler(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        messages: list[Any] = []
        self.received.append(messages)
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            if message.data == "PING":
                messages.append("PING")
                await ws.send_str("PONG")
                continue
            payload = json.loads(message.data)
            messages.append(payload)
            if payload.get("operation") != "unsubscribe":
                await ws.send_str(json.dumps([
                    {"event_type": "book", "asset_id": token, "market": "0xm", "timestamp": "1757908890000",
                     "bids": [{"price": "0.40", "size": "10"}], "asks": [{"price": "0.60", "size": "10"}]}
                    for token in payload["assets_ids"]
                ]))  # fmt: skip
        return ws


@pytest.fixture
async def channel() -> Any:
    server = MarketChannel()
    app = web.Application()
    app.router.add_get("/ws/market", server.handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    server.url = f"ws://127.0.0.1:{port}/ws/market"
    yield server
    for ws in server.sockets:
        await ws.close()
    await runner.cleanup()


async def wait_for(condition: Any, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_subscribes_per_connection_pings_in_text_and_resubscribes_after_a_drop(channel: MarketChannel) -> None:
    tokens = ["1", "2", "3"]
    stream = PolymarketMarketStream(channel.url, tokens, max_assets_per_connection=2, ping_interval_s=0.05, reconnect=replace(WS_RECONNECT, base_delay_s=0.01))
    runner = asyncio.create_task(stream.run())
    try:
        await wait_for(lambda: set(stream.books) == set(tokens))
        firsts = sorted((messages[0] for messages in channel.received), key=lambda m: m["assets_ids"])
        assert firsts == [
            {"assets_ids": ["1", "2"], "type": "market", "custom_feature_enabled": True},
            {"assets_ids": ["3"], "type": "market", "custom_feature_enabled": True},
        ]
        await wait_for(lambda: all("PING" in messages for messages in channel.received))
        assert stream.stats.malformed == 0

        stream.subscribe(["4"])
        await wait_for(lambda: "4" in stream.books)
        assert {"assets_ids": ["4"], "operation": "subscribe", "custom_feature_enabled": True} in channel.received[-1] + channel.received[-2]

        await channel.sockets[0].close()
        await wait_for(lambda: stream.stats.reconnects == 1 and len(channel.received) == 3)
        await wait_for(lambda: len(channel.received[2]) > 0)
        assert channel.received[2][0]["type"] == "market"
        assert stream.stats.resyncs == 0  # no REST client: the venue's snapshots are the resync
    finally:
        await stream.close()
        await runner
    assert not stream.running


async def test_updates_iterator_starts_and_stops_the_stream(channel: MarketChannel) -> None:
    stream = PolymarketMarketStream(channel.url, ["1", "2"])
    seen = []
    async with contextlib.aclosing(stream.updates()) as updates:
        async for update in updates:
            seen.append((update.instrument_id, update.kind))
            if len(seen) == 2:
                break
    assert sorted(seen) == [("1", UpdateKind.SNAPSHOT), ("2", UpdateKind.SNAPSHOT)]
    assert not stream.running
