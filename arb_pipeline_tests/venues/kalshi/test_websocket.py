"""The Kalshi WebSocket message path without a socket (apply_message / apply_frame), plus the
connection behaviours a venue needs (signed handshake, 256-market chunks) against a small local
aiohttp server."""

import asyncio
import base64
import json
from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest
from aiohttp import web
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from arb_pipeline.domain.books import ns_time
from arb_pipeline.domain.models import PriceLevel, TopOfBook, Venue
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner
from arb_pipeline.venues.kalshi.websocket import KalshiMarketStream
from arb_pipeline.venues.stream import UpdateKind
from arb_pipeline.venues.wire import price_ticks_of
from arb_pipeline_tests.paths import FIXTURES

KALSHI = FIXTURES / "kalshi"
FED = "FED-23DEC-T3.00"
D = Decimal


def load(name: str) -> dict:
    return orjson.loads((KALSHI / name).read_bytes())


def ladder(level_map) -> dict[Decimal, Decimal]:
    return level_map.as_decimals()


def delta(seq: int, price: str, change: str, side: str = "yes", sid: int = 2, ticker: str = FED) -> dict:
    return {
        "type": "orderbook_delta",
        "sid": sid,
        "seq": seq,
        "msg": {"market_ticker": ticker, "price_dollars": price, "delta_fp": change, "side": side, "ts_ms": 1669149841000 + seq},
    }


def snapshot(seq: int, yes=None, no=None, sid: int = 2, ticker: str = FED) -> dict:
    msg = {"market_ticker": ticker}
    if yes is not None:
        msg["yes_dollars_fp"] = yes
    if no is not None:
        msg["no_dollars_fp"] = no
    return {"type": "orderbook_snapshot", "sid": sid, "seq": seq, "msg": msg}


@pytest.fixture
def client() -> KalshiMarketStream:
    return KalshiMarketStream("ws://127.0.0.1:1/trade-api/ws/v2", None, [FED, "KXHIGHNY-25JAN01-T50"])


@pytest.fixture
def synced(client) -> KalshiMarketStream:
    client.apply_message(load("ws_orderbook_snapshot.json"))
    return client


# --- snapshots and deltas ---------------------------------------------------------------


def test_snapshot_then_deltas_give_the_right_book(client):
    update = client.apply_message(load("ws_orderbook_snapshot.json"))
    assert update.venue is Venue.KALSHI and update.instrument_id == FED and update.kind is UpdateKind.SNAPSHOT
    assert client.is_synced(FED) and not client.is_synced("KXHIGHNY-25JAN01-T50")
    book = client.books[FED]
    assert ladder(book.yes) == {D("0.08"): D(300), D("0.22"): D(333)}
    assert ladder(book.no) == {D("0.54"): D(20), D("0.56"): D(146)}

    update = client.apply_message(load("ws_orderbook_delta.json"))
    assert update.kind is UpdateKind.DELTA
    # Epoch nanoseconds on the update and the book (docs/streamer.md#speed); the book reads them
    # as datetimes too.
    assert ns_time(update.venue_ns) == datetime(2022, 11, 22, 20, 44, 1, tzinfo=UTC)
    assert book.venue_ns == update.venue_ns and book.venue_ts == ns_time(update.venue_ns)
    assert abs(book.received_ts - datetime.now(UTC)).total_seconds() < 60
    assert ladder(book.yes) == {D("0.08"): D(300), D("0.22"): D(300)}

    client.apply_message(delta(4, "0.2200", "-300.00"))  # reaches zero: the level goes
    client.apply_message(delta(5, "0.5700", "12.50", side="no"))  # a new best NO bid
    client.apply_message(delta(6, "0.0800", "-500.00"))  # below zero: removed, never negative
    assert ladder(book.yes) == {}
    assert ladder(book.no) == {D("0.54"): D(20), D("0.56"): D(146), D("0.57"): D("12.5")}
    view = book.to_order_book()
    assert view.yes_book.best_ask.price == D("0.43")
    assert view.yes_book.best_bid is None
    assert client.stats.updates == 5 and client.stats.gaps == 0 and client.stats.malformed == 0


def test_snapshot_absent_side_is_empty_and_replaces_the_book(synced):
    synced.apply_message(snapshot(3, no=[["0.3000", "5.00"]]))
    book = synced.books[FED]
    assert ladder(book.yes) == {}
    assert ladder(book.no) == {D("0.3"): D(5)}


def test_legacy_snapshot_and_deltas(client):
    client.apply_message(load("ws_orderbook_snapshot_legacy.json"))
    book = client.books[FED]
    assert ladder(book.yes) == {D("0.45"): D(100), D("0.08"): D(300)}
    assert ladder(book.no) == {D("0.53"): D(120)}
    client.apply_message(load("ws_orderbook_delta_legacy.json"))
    assert ladder(book.yes) == {D("0.45"): D(50), D("0.08"): D(300)}
    update = client.apply_message(load("ws_orderbook_delta_legacy_cents_only.json"))
    assert ladder(book.no) == {}
    assert ns_time(update.venue_ns) == datetime(2022, 11, 22, 20, 44, 5, tzinfo=UTC)
    # The book holds exact integers (docs/streamer.md#speed); its frozen view exact Decimal.
    for price, size in list(book.yes.levels.items()) + list(book.no.levels.items()):
        assert type(price) is int and type(size) is int
    for level in book.to_order_book().yes_bids:
        assert type(level.price) is Decimal and type(level.size) is Decimal


def test_number_prices_go_through_repr_not_float(synced):
    message = delta(3, "unused", "unused")
    message["msg"]["price_dollars"] = 0.22
    message["msg"]["delta_fp"] = -33.0
    synced.apply_message(orjson.loads(orjson.dumps(message)))
    assert ladder(synced.books[FED].yes)[D("0.22")] == D(300)


def test_delta_for_a_market_not_subscribed_is_ignored(synced):
    assert synced.apply_message(delta(3, "0.5000", "10.00", ticker="OTHER-1")) is None
    assert "OTHER-1" not in synced.books
    assert synced.stats.malformed == 0


# --- sequence gaps ----------------------------------------------------------------------


def test_gap_is_detected_flagged_and_resynced_by_snapshot(client):
    client.start_session()
    client.outbox.clear()
    client.apply_message({"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 2}})
    client.apply_message({"id": 1, "type": "subscribed", "msg": {"channel": "ticker", "sid": 3}})
    client.apply_message(load("ws_orderbook_snapshot.json"))
    client.apply_message(snapshot(3, yes=[["0.3000", "10.00"]], ticker="KXHIGHNY-25JAN01-T50"))
    client.apply_message(load("ws_orderbook_delta.json") | {"seq": 4})
    before = ladder(client.books[FED].yes)

    assert client.apply_message(delta(6, "0.0800", "-300.00")) is None  # seq 5 never came
    assert client.stats.gaps == 1 and client.stats.resyncs == 1
    assert not client.is_synced(FED) and not client.is_synced("KXHIGHNY-25JAN01-T50")
    assert ladder(client.books[FED].yes) == before  # the delta after the gap was not applied
    (command,) = client.outbox
    assert command["cmd"] == "update_subscription"
    assert command["params"]["action"] == "get_snapshot"
    assert command["params"]["sids"] == [2]
    assert sorted(command["params"]["market_tickers"]) == sorted([FED, "KXHIGHNY-25JAN01-T50"])

    assert client.apply_message(delta(7, "0.0800", "5.00")) is None  # still unusable
    assert client.apply_message(delta(8, "0.0800", "5.00")) is None
    client.apply_message(snapshot(9, yes=[["0.1000", "7.00"]], no=[["0.8500", "1.00"]]) | {"id": command["id"]})
    assert client.is_synced(FED) and not client.is_synced("KXHIGHNY-25JAN01-T50")
    client.apply_message(delta(10, "0.1000", "3.00"))
    assert ladder(client.books[FED].yes) == {D("0.1"): D(10)}
    assert ladder(client.books[FED].no) == {D("0.85"): D(1)}
    client.apply_message(snapshot(11, yes=[], ticker="KXHIGHNY-25JAN01-T50"))
    assert client.is_synced("KXHIGHNY-25JAN01-T50")
    assert client.stats.gaps == 1 and client.stats.resyncs == 1


def test_confirming_a_quiet_market_asks_only_its_snapshot_and_leaves_every_book_usable(client):
    client.start_session()
    client.outbox.clear()
    client.apply_message({"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 2}})
    client.apply_message(load("ws_orderbook_snapshot.json"))
    client.apply_message(snapshot(3, yes=[["0.3000", "10.00"]], ticker="KXHIGHNY-25JAN01-T50"))
    quiet_since = client.books[FED].received_ns

    assert client.confirm([FED, "NOT-WATCHED"]) == 1
    # The subscription's seq is unbroken: both books stay usable while the snapshot is asked for.
    assert client.is_synced(FED) and client.is_synced("KXHIGHNY-25JAN01-T50")
    (command,) = client.outbox
    assert command["cmd"] == "update_subscription"
    assert command["params"] == {"sids": [2], "market_tickers": [FED], "action": "get_snapshot"}
    assert client.stats.resyncs == 0

    client.apply_message(snapshot(4, yes=[["0.0800", "300.00"]], no=[]) | {"id": command["id"]})
    assert client.is_synced(FED) and client.books[FED].received_ns > quiet_since
    assert client.apply_message(delta(5, "0.0800", "1.00")) is not None


def test_second_gap_while_resyncing_sends_no_second_request(synced):
    synced.apply_message(delta(5, "0.0800", "1.00"))
    synced.apply_message(delta(9, "0.0800", "1.00"))
    assert synced.stats.gaps == 2
    assert synced.stats.resyncs == 1
    assert len(synced.outbox) == 1


def test_gap_after_a_partial_resync_asks_again_only_for_books_already_resynced(client):
    other = "KXHIGHNY-25JAN01-T50"
    client.apply_message(load("ws_orderbook_snapshot.json"))
    client.apply_message(snapshot(3, yes=[["0.3000", "10.00"]], ticker=other))
    client.apply_message(delta(5, "0.0800", "1.00"))  # gap: both books asked for
    client.apply_message(snapshot(6, yes=[["0.0900", "1.00"]]))  # FED's answer arrives
    client.apply_message(delta(8, "0.0900", "1.00"))  # another gap before the other's answer
    first, second = client.outbox
    assert sorted(first["params"]["market_tickers"]) == sorted([FED, other])
    assert second["params"]["market_tickers"] == [FED]
    assert client.stats.gaps == 2 and client.stats.resyncs == 2
    client.apply_message(snapshot(9, yes=[["0.3100", "1.00"]], ticker=other))
    client.apply_message(snapshot(10, yes=[["0.1000", "2.00"]]))
    assert client.is_synced(FED) and client.is_synced(other)
    assert ladder(client.books[FED].yes) == {D("0.1"): D(2)}


def test_duplicate_seq_is_not_applied_twice(synced):
    synced.apply_message(delta(3, "0.0800", "10.00"))
    assert synced.apply_message(delta(3, "0.0800", "10.00")) is None
    assert ladder(synced.books[FED].yes)[D("0.08")] == D(310)
    assert synced.stats.gaps == 0


def test_resync_that_never_answers_falls_back_to_resubscribe(synced):
    synced.apply_message(delta(5, "0.0800", "1.00"))
    synced.outbox.clear()
    synced.expire_resyncs(now=float("inf"))
    unsubscribe, subscribe = synced.outbox
    assert unsubscribe["cmd"] == "unsubscribe" and unsubscribe["params"] == {"sids": [2]}
    assert subscribe["cmd"] == "subscribe"
    assert subscribe["params"] == {"channels": ["orderbook_delta"], "market_tickers": [FED]}
    assert synced.stats.resyncs == 2
    # The new subscription's snapshot (new sid, new seq) makes the book usable again.
    synced.apply_message({"id": subscribe["id"], "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 9}})
    synced.apply_message(snapshot(1, yes=[["0.2000", "1.00"]], sid=9))
    assert synced.is_synced(FED)
    synced.apply_message(delta(2, "0.2000", "1.00", sid=9))
    assert ladder(synced.books[FED].yes) == {D("0.2"): D(2)}
    # Late messages of the old subscription no longer touch the book.
    assert synced.apply_message(delta(6, "0.2000", "50.00", sid=2)) is None
    assert ladder(synced.books[FED].yes) == {D("0.2"): D(2)}


def test_get_snapshot_refused_falls_back_to_resubscribe(synced):
    synced.apply_message(delta(5, "0.0800", "1.00"))
    (request,) = synced.outbox
    synced.outbox.clear()
    synced.apply_message({"id": request["id"], "type": "error", "msg": {"code": 13, "msg": "Unsupported action"}})
    assert [c["cmd"] for c in synced.outbox] == ["unsubscribe", "subscribe"]
    assert synced.stats.errors == {"13": 1}


# --- malformed messages -----------------------------------------------------------------


def test_frame_that_is_not_json_is_counted_and_skipped(synced):
    before = (ladder(synced.books[FED].yes), ladder(synced.books[FED].no))
    assert synced.apply_frame(b'{"type":"orderbook_delta","sid":2,') is None
    assert synced.apply_frame("[1, 2]") is None
    assert synced.stats.malformed == 2 and synced.stats.frames == 2
    assert (ladder(synced.books[FED].yes), ladder(synced.books[FED].no)) == before
    assert synced.is_synced(FED)
    synced.apply_frame(orjson.dumps(delta(3, "0.0800", "1.00")))
    assert ladder(synced.books[FED].yes)[D("0.08")] == D(301)


@pytest.mark.parametrize(
    "broken",
    [
        {"msg": {"market_ticker": FED, "delta_fp": "1.00", "side": "yes"}},  # no price
        {"msg": {"market_ticker": FED, "price_dollars": "abc", "delta_fp": "1.00", "side": "yes"}},
        {"msg": {"market_ticker": FED, "price_dollars": "1.5000", "delta_fp": "1.00", "side": "yes"}},
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "NaN", "side": "yes"}},
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "1.00", "side": "maybe"}},
        {"msg": {"price_dollars": "0.5000", "delta_fp": "1.00", "side": "yes"}},  # no ticker
        {"msg": "0.5000"},
        # ts_ms past any datetime (OverflowError) or past year 9999 (ValueError).
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "1.00", "side": "yes", "ts_ms": 10**30}},
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "1.00", "side": "yes", "ts_ms": 10**17}},
    ],
)
def test_malformed_delta_with_a_seq_leaves_the_book_untouched_and_resyncs(synced, broken):
    before = (ladder(synced.books[FED].yes), ladder(synced.books[FED].no))
    assert synced.apply_message({"type": "orderbook_delta", "sid": 2, "seq": 3, **broken}) is None
    assert synced.stats.malformed == 1
    assert (ladder(synced.books[FED].yes), ladder(synced.books[FED].no)) == before
    # The lost message held seq 3: the book missed a change, so it is resynced, not trusted.
    assert not synced.is_synced(FED)
    assert synced.outbox[0]["params"]["action"] == "get_snapshot"


@pytest.mark.parametrize(
    "broken",
    [
        {"msg": {"market_ticker": [FED], "price_dollars": "0.5000", "delta_fp": "1.00", "side": "yes", "ts_ms": 1669149841000}},
        {"msg": {"market_ticker": FED, "price_dollars": "1.5000", "delta_fp": "1.00", "side": "yes", "ts_ms": 1669149841000}},
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "1.00", "side": "maybe", "ts_ms": 1669149841000}},
        {"msg": {"market_ticker": FED, "price_dollars": "0.5000", "delta_fp": "1.00", "side": "yes", "ts_ms": 10**17}},
        {"msg": {"market_ticker": FED, "price_dollars": ["0.5000"], "delta_fp": "1.00", "side": "yes", "ts_ms": 1669149841000}},
    ],
)
def test_a_malformed_delta_made_of_texts_already_converted_is_still_malformed(synced, broken):
    # Every text here was converted before (the caches the one-step decode reads), so only the
    # checks of the one-step path stand between the message and the book.
    price_ticks_of("1.5000", "warming the cache")
    assert synced.apply_message(delta(3, "0.5000", "1.00")) is not None
    before = (ladder(synced.books[FED].yes), ladder(synced.books[FED].no))
    assert synced.apply_message({"type": "orderbook_delta", "sid": 2, "seq": 4, **broken}) is None
    assert synced.stats.malformed == 1
    assert (ladder(synced.books[FED].yes), ladder(synced.books[FED].no)) == before
    assert not synced.is_synced(FED)
    assert synced.outbox[0]["params"]["action"] == "get_snapshot"


def test_a_delta_with_a_seq_as_text_is_malformed_and_its_next_seq_still_applies(synced):
    assert synced.apply_message(delta(3, "0.5000", "1.00")) is not None
    assert synced.apply_message({**delta(4, "0.5000", "1.00"), "seq": "4"}) is None
    assert synced.stats.malformed == 1 and synced.is_synced(FED)
    assert synced.apply_message(delta(4, "0.5000", "1.00")) is not None
    assert ladder(synced.books[FED].yes)[D("0.5")] == D(2)


def test_malformed_message_without_seq_is_skipped_and_next_applies(synced):
    assert synced.apply_message({"type": "orderbook_delta", "sid": 2, "msg": {"market_ticker": FED}}) is None
    assert synced.apply_message({"sid": 2, "msg": {}}) is None  # no type at all
    assert synced.stats.malformed == 2
    synced.apply_message(delta(3, "0.0800", "1.00"))
    assert synced.is_synced(FED)
    assert ladder(synced.books[FED].yes)[D("0.08")] == D(301)


def test_malformed_snapshot_keeps_the_old_book(synced):
    broken = snapshot(3, yes=[["0.5000", "10.00"], ["oops", "1.00"]])
    assert synced.apply_message(broken) is None
    assert ladder(synced.books[FED].yes) == {D("0.08"): D(300), D("0.22"): D(333)}
    assert synced.stats.malformed == 1


def test_sub_cent_prices_and_fractional_counts_are_held_exactly(synced):
    # Four-decimal dollars and fractional contracts (docs/venues.md#book-units): the live book
    # and its frozen view hold exactly the Decimal values sent.
    assert synced.apply_message(delta(3, "0.2215", "1.37")) is not None
    assert synced.apply_message(delta(4, "0.0801", "0.01", side="no")) is not None
    book = synced.books[FED]
    assert ladder(book.yes) == {D("0.08"): D(300), D("0.22"): D(333), D("0.2215"): D("1.37")}
    assert book.to_order_book().yes_bids[0] == PriceLevel(D("0.2215"), D("1.37"))
    assert book.best_ask("yes") == 10_000 - 5_600


def test_a_price_off_the_tick_grid_is_malformed_and_resyncs_never_rounded(synced):
    synced.start_session()
    synced.apply_message({"type": "subscribed", "id": 1, "msg": {"sid": 2, "channel": "orderbook_delta"}})
    synced.apply_message(snapshot(1, yes=[["0.0800", "300.00"]], no=[]))
    assert synced.apply_message(delta(2, "0.22155", "5.00")) is None
    assert synced.stats.malformed == 1 and not synced.is_synced(FED)
    assert ladder(synced.books[FED].yes) == {D("0.08"): D(300)}
    assert synced.outbox[-1]["params"]["action"] == "get_snapshot"


def test_a_snapshot_level_off_the_grids_is_malformed_and_keeps_the_old_book(synced):
    assert synced.apply_message(snapshot(3, yes=[["0.5000", "10.0000001"]])) is None
    assert ladder(synced.books[FED].yes) == {D("0.08"): D(300), D("0.22"): D(333)}
    assert synced.stats.malformed == 1


# --- ticker, acks, errors ---------------------------------------------------------------


def test_ticker_current(client):
    update = client.apply_message(load("ws_ticker.json"))
    assert update.kind is UpdateKind.TICKER and update.instrument_id == FED
    assert ns_time(update.venue_ns) == datetime(2022, 11, 22, 20, 44, 1, tzinfo=UTC)
    assert client.top_of_book[FED] == TopOfBook(bid=D("0.45"), ask=D("0.53"), bid_size=D(300), ask_size=D(150), last=D("0.48"))


def test_ticker_legacy_cents(client):
    update = client.apply_message(load("ws_ticker_legacy.json"))
    assert ns_time(update.venue_ns) == datetime.fromtimestamp(1770480000, tz=UTC)
    # price 0 with price_dollars "" is "no trade yet" (docs/venues.md#kalshi-websocket).
    assert client.top_of_book["KXBTCD-26FEB07-T98000"] == TopOfBook(bid=D("0.12"), ask=D("0.14"), last=None)


def test_subscribed_maps_the_sid_to_its_chunk(client):
    client.start_session()
    (command,) = client.outbox
    assert command == {
        "id": 1,
        "cmd": "subscribe",
        "params": {"channels": ["orderbook_delta", "ticker"], "market_tickers": [FED, "KXHIGHNY-25JAN01-T50"]},
    }
    client.apply_message(load("ws_subscribed.json"))
    # A snapshot on another sid for a ticker that sid 1 carries is not this subscription's.
    assert client.apply_message(snapshot(1, yes=[["0.1000", "1.00"]], sid=77)) is None
    assert client.apply_message(snapshot(1, yes=[["0.1000", "1.00"]], sid=1)) is not None
    assert client.is_synced(FED)


def test_subscribe_in_chunks_of_256():
    tickers = [f"KXTEST-26JAN01-T{i}" for i in range(600)]
    client = KalshiMarketStream("ws://x/trade-api/ws/v2", None, tickers)
    client.start_session()
    sizes = [len(c["params"]["market_tickers"]) for c in client.outbox]
    assert sizes == [256, 256, 88]
    assert [t for c in client.outbox for t in c["params"]["market_tickers"]] == tickers
    assert [c["id"] for c in client.outbox] == [1, 2, 3]


def test_ok_with_seq_counts_in_the_sequence(synced):
    synced.apply_message({"id": 5, "sid": 2, "seq": 3, "type": "ok", "msg": {"market_tickers": [FED]}})
    synced.apply_message(delta(4, "0.0800", "1.00"))
    assert synced.stats.gaps == 0 and synced.is_synced(FED)
    assert synced.apply_message(load("ws_ok.json")) is None


def test_error_is_counted_and_logged(client, caplog):
    client.apply_message(load("ws_error.json"))
    assert client.stats.errors == {"7": 1}
    assert "unknown subscription id" in caplog.text


@pytest.mark.parametrize("code", [10, 25])
def test_terminal_errors_resubscribe(synced, code):
    synced.apply_message({"id": 4, "sid": 2, "type": "error", "msg": {"code": code, "msg": "gone"}})
    (command,) = synced.outbox
    assert command["cmd"] == "subscribe"
    assert command["params"] == {"channels": ["orderbook_delta"], "market_tickers": [FED]}
    assert not synced.is_synced(FED)
    assert synced.stats.errors == {str(code): 1} and synced.stats.resyncs == 1


def test_terminal_error_on_a_subscribe_command_resubscribes_its_chunk(client):
    client.start_session()
    client.outbox.clear()
    client.apply_message({"id": 1, "type": "error", "msg": {"code": 25, "msg": "buffer overflow"}})
    (command,) = client.outbox
    assert command["params"]["market_tickers"] == [FED, "KXHIGHNY-25JAN01-T50"]


def test_constructor_validates_channels_and_tickers():
    with pytest.raises(ValueError):
        KalshiMarketStream("ws://x", None, ["A"], channels=["orderbook"])
    with pytest.raises(ValueError, match="requires market tickers"):
        KalshiMarketStream("ws://x", None, [])


# --- against a local socket -------------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
async def venue(rsa_key):
    """A minimal Kalshi-like WS endpoint: refuses unsigned or badly signed handshakes, answers
    subscribe with subscribed + one snapshot per ticker."""
    state = {"commands": [], "handshakes": 0}

    async def handler(request: web.Request) -> web.StreamResponse:
        ts = request.headers.get("KALSHI-ACCESS-TIMESTAMP", "")
        signature = request.headers.get("KALSHI-ACCESS-SIGNATURE", "")
        try:
            rsa_key.public_key().verify(
                base64.b64decode(signature),
                f"{ts}GET{request.path}".encode(),
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
                hashes.SHA256(),
            )
        except Exception:
            return web.Response(status=401, text="unauthorized")
        state["handshakes"] += 1
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        sid = 0
        async for frame in ws:
            command = json.loads(frame.data)
            state["commands"].append(command)
            sid += 1
            await ws.send_str(json.dumps({"id": command["id"], "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": sid}}))
            for seq, ticker in enumerate(command["params"]["market_tickers"], start=1):
                await ws.send_str(json.dumps(snapshot(seq, yes=[["0.4000", "1.00"]], sid=sid, ticker=ticker)))
        return ws

    app = web.Application()
    app.router.add_get("/trade-api/ws/v2", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    state["url"] = f"ws://127.0.0.1:{port}/trade-api/ws/v2"
    yield state
    await runner.cleanup()


async def test_signed_connection_subscribes_every_chunk_and_syncs_all_books(venue, rsa_key):
    tickers = [f"KXTEST-26JAN01-T{i}" for i in range(300)]
    client = KalshiMarketStream(venue["url"], KalshiSigner("key-1", rsa_key), tickers, channels=["orderbook_delta"])
    seen = set()
    async with asyncio.timeout(10):
        async for update in client.updates():
            seen.add(update.instrument_id)
            if len(seen) == len(tickers):
                break
    await client.close()
    assert [len(c["params"]["market_tickers"]) for c in venue["commands"]] == [256, 44]
    assert all(client.is_synced(t) for t in tickers)  # closed on purpose: books stay as last known
    assert ladder(client.books[tickers[-1]].yes) == {D("0.4"): D(1)}
    assert venue["handshakes"] == 1 and client.stats.reconnects == 0


async def test_unsigned_handshake_is_refused_with_a_clear_error(venue):
    client = KalshiMarketStream(venue["url"], None, [FED])
    with pytest.raises(KalshiCredentialsError, match=r"refused the unsigned handshake \(HTTP 401\).*KALSHI_API_KEY_ID"):
        async with asyncio.timeout(10):
            await client.run()


async def test_badly_signed_handshake_is_refused_with_a_clear_error(venue):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = KalshiMarketStream(venue["url"], KalshiSigner("key-1", other_key), [FED])
    with pytest.raises(KalshiCredentialsError, match=r"refused the signed handshake \(HTTP 401\).*clock"):
        async with asyncio.timeout(10):
            await client.run()
