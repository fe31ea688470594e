"""The sandbox server's pieces that need no socket: faults, signature checks, wire formatting."""

from __future__ import annotations

import base64
import stat
import threading
import time
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Channel, Fault, FaultInjector, FaultKind
from arb_pipeline.sandbox.kalshi.wire import count_fp, dollars
from arb_pipeline.sandbox.keys import (
    KalshiKeyring,
    SignatureRejected,
    load_private_key,
    new_private_key,
    public_key_pem,
    sandbox_key_pair,
)
from arb_pipeline.sandbox.odds.rest import american
from arb_pipeline.sandbox.polymarket.wire import wire_number
from arb_pipeline.sandbox.sockets import text_frame

PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


# -- faults ------------------------------------------------------------------------------------


def test_fault_coerces_wire_words_to_enums():
    fault = Fault("http_status", "kalshi", "rest", "/markets", count=2, status=429, retry_after_s=1.5)
    assert fault.kind is FaultKind.HTTP_STATUS
    assert fault.venue is Venue.KALSHI
    assert fault.channel is Channel.REST
    assert Fault.from_json(fault.to_json()) == fault


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        ({"kind": "explode", "venue": "kalshi"}, "explode"),
        ({"kind": FaultKind.SEQ_GAP, "venue": "polymarket", "channel": "ws"}, "Kalshi only"),
        ({"kind": FaultKind.SEQ_GAP, "venue": "kalshi"}, "cannot be injected on the rest channel"),
        ({"kind": FaultKind.STALE_BOOK, "venue": "kalshi", "channel": "ws"}, "cannot be injected on the ws"),
        ({"kind": FaultKind.LOST_UPDATE, "venue": "polymarket"}, "cannot be injected on the rest channel"),
        ({"kind": FaultKind.LOST_UPDATE, "venue": "odds_api", "channel": "ws"}, "no WebSocket"),
        ({"kind": FaultKind.MALFORMED_FRAME, "venue": "odds_api", "channel": "ws"}, "no WebSocket"),
        ({"kind": "drop_connection", "venue": "kalshi", "channel": "ws", "path_prefix": "/x"}, "no path_prefix"),
        ({"kind": FaultKind.HTTP_STATUS, "venue": "kalshi"}, "4xx/5xx status"),
        ({"kind": FaultKind.HTTP_STATUS, "venue": "kalshi", "status": 200}, "4xx/5xx status"),
        ({"kind": FaultKind.SLOW, "venue": "kalshi"}, "delay_s > 0"),
        ({"kind": FaultKind.SLOW, "venue": "kalshi", "delay_s": 1, "count": 0}, "positive integer"),
        ({"kind": FaultKind.DROP_CONNECTION, "venue": "kalshi", "path_prefix": "markets"}, "start with '/'"),
    ],
)
def test_fault_rejects_what_cannot_happen(arguments, complaint):
    with pytest.raises(ValueError, match=complaint):
        Fault(**arguments)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ([], "JSON object"),
        ({"kind": "slow"}, "missing fields \\['venue'\\]"),
        ({"kind": "slow", "venue": "kalshi", "delay": 1}, "unknown fields \\['delay'\\]"),
        ({"kind": "http_status", "venue": "kalshi", "status": 503, "count": "2"}, "positive integer"),
    ],
)
def test_fault_from_json_names_the_problem(body, complaint):
    with pytest.raises(ValueError, match=complaint):
        Fault.from_json(body)


def test_path_prefix_matches_whole_segments():
    fault = Fault(FaultKind.HTTP_STATUS, Venue.POLYMARKET, path_prefix="/book", status=500)
    assert fault.matches(Venue.POLYMARKET, Channel.REST, ["/book"])
    assert fault.matches(Venue.POLYMARKET, Channel.REST, ["/book/x"])
    assert not fault.matches(Venue.POLYMARKET, Channel.REST, ["/books"])
    assert not fault.matches(Venue.KALSHI, Channel.REST, ["/book"])
    assert not fault.matches(Venue.POLYMARKET, Channel.WS, ["/book"])


def test_injector_fires_each_fault_count_times_oldest_first():
    injector = FaultInjector()
    first = Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, count=2, status=429)
    second = Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, count=1, status=503)
    injector.inject(first)
    injector.inject(second)
    kinds = {FaultKind.HTTP_STATUS}
    fired = [injector.take(Venue.KALSHI, Channel.REST, kinds, ["/markets"]) for _ in range(4)]
    assert fired == [first, first, second, None]
    assert injector.fired[FaultKind.HTTP_STATUS] == 3
    assert injector.armed == []
    assert injector.take(Venue.KALSHI, Channel.REST, kinds, ["/markets"]) is None


def test_injector_leaves_faults_of_other_kinds_armed():
    injector = FaultInjector()
    slow = Fault(FaultKind.SLOW, Venue.KALSHI, delay_s=0.5)
    injector.inject(slow)
    assert injector.take(Venue.KALSHI, Channel.REST, {FaultKind.STALE_BOOK}, ["/markets"]) is None
    assert injector.armed == [(slow, 1)]


def test_injector_counts_exactly_under_concurrent_inject_and_take():
    injector = FaultInjector()
    taken = []

    def inject_many():
        for _ in range(500):
            injector.inject(Fault(FaultKind.DROP_CONNECTION, Venue.KALSHI, Channel.WS))

    def take_many():
        for _ in range(700):
            if injector.take(Venue.KALSHI, Channel.WS, {FaultKind.DROP_CONNECTION}):
                taken.append(1)

    threads = [threading.Thread(target=inject_many) for _ in range(2)] + [threading.Thread(target=take_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    while injector.take(Venue.KALSHI, Channel.WS, {FaultKind.DROP_CONNECTION}):
        taken.append(1)
    assert len(taken) == 1000
    assert injector.fired[FaultKind.DROP_CONNECTION] == 1000


# -- Kalshi signatures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def private_key():
    return new_private_key()


def signed(private_key, method, path, key_id="k1", ts_ms=None):
    ts = str(ts_ms if ts_ms is not None else int(time.time() * 1000))
    signature = private_key.sign(f"{ts}{method}{path}".encode(), PSS, hashes.SHA256())
    return {
        "KALSHI-ACCESS-KEY": key_id,
        "KALSHI-ACCESS-TIMESTAMP": ts,
        "KALSHI-ACCESS-SIGNATURE": base64.b64encode(signature).decode(),
    }


def test_keyring_accepts_a_correct_signature(private_key):
    keyring = KalshiKeyring({"k1": public_key_pem(private_key)})
    path = "/kalshi/trade-api/v2/markets/orderbooks"
    assert keyring.verify(signed(private_key, "GET", path), "GET", path) == "k1"


@pytest.mark.parametrize(
    ("tamper", "complaint"),
    [
        (lambda h: {k: v for k, v in h.items() if k != "KALSHI-ACCESS-SIGNATURE"}, "missing authentication headers"),
        (lambda h: {**h, "KALSHI-ACCESS-KEY": "someone-else"}, "unknown KALSHI-ACCESS-KEY"),
        (lambda h: {**h, "KALSHI-ACCESS-TIMESTAMP": "soon"}, "epoch milliseconds"),
        (lambda h: {**h, "KALSHI-ACCESS-SIGNATURE": "%%%"}, "not base64"),
        (lambda h: {**h, "KALSHI-ACCESS-TIMESTAMP": str(int(h["KALSHI-ACCESS-TIMESTAMP"]) + 1)}, "does not verify"),
    ],
)
def test_keyring_rejects_tampered_headers(private_key, tamper, complaint):
    keyring = KalshiKeyring({"k1": public_key_pem(private_key)})
    path = "/kalshi/trade-api/v2/markets/orderbooks"
    with pytest.raises(SignatureRejected, match=complaint):
        keyring.verify(tamper(signed(private_key, "GET", path)), "GET", path)


def test_keyring_rejects_a_signature_over_another_path_or_method(private_key):
    keyring = KalshiKeyring({"k1": public_key_pem(private_key)})
    headers = signed(private_key, "GET", "/trade-api/v2/markets/orderbooks")
    with pytest.raises(SignatureRejected, match="does not verify"):
        keyring.verify(headers, "GET", "/kalshi/trade-api/v2/markets/orderbooks")
    headers = signed(private_key, "POST", "/kalshi/trade-api/v2/markets/orderbooks")
    with pytest.raises(SignatureRejected, match="does not verify"):
        keyring.verify(headers, "GET", "/kalshi/trade-api/v2/markets/orderbooks")


def test_keyring_rejects_timestamps_more_than_a_minute_off(private_key):
    keyring = KalshiKeyring({"k1": public_key_pem(private_key)})
    path = "/kalshi/trade-api/ws/v2"
    now = time.time()
    old = signed(private_key, "GET", path, ts_ms=int((now - 61) * 1000))
    with pytest.raises(SignatureRejected, match="away from the server clock"):
        keyring.verify(old, "GET", path, now_s=now)
    recent = signed(private_key, "GET", path, ts_ms=int((now - 59) * 1000))
    assert keyring.verify(recent, "GET", path, now_s=now) == "k1"


def test_sandbox_key_pair_is_private_and_reused(tmp_path):
    path, public_pem = sandbox_key_pair(tmp_path / "keys")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again_path, again_pem = sandbox_key_pair(tmp_path / "keys")
    assert (again_path, again_pem) == (path, public_pem)
    assert public_key_pem(load_private_key(path)) == public_pem


# -- wire formatting -----------------------------------------------------------------------------


def test_kalshi_fixed_point_strings():
    assert dollars(Decimal("0.42")) == "0.4200"
    assert dollars(Decimal("1")) == "1.0000"
    assert dollars(Decimal("0.00125")) == "0.00125"
    assert count_fp(Decimal("13")) == "13.00"
    assert count_fp(Decimal("-54")) == "-54.00"
    assert count_fp(Decimal("0.125")) == "0.125"


def test_polymarket_plain_decimal_strings():
    assert wire_number(Decimal("0.450")) == "0.45"
    assert wire_number(Decimal("100.00")) == "100"
    assert wire_number(Decimal("219.217767")) == "219.217767"
    assert wire_number(Decimal("0")) == "0"


@pytest.mark.parametrize(("decimal_odds", "expected"), [("3.40", 240), ("1.33", -303), ("2.00", 100), ("1.91", -110)])
def test_american_odds_from_decimal(decimal_odds, expected):
    assert american(Decimal(decimal_odds)) == expected


@pytest.mark.parametrize(("length", "header"), [(5, b"\x81\x05"), (125, b"\x81\x7d"), (126, b"\x81\x7e\x00\x7e")])
def test_text_frame_headers(length, header):
    frame = text_frame(b"x" * length)
    assert frame.startswith(header)
    assert len(frame) == len(header) + length


def test_text_frame_uses_the_64_bit_length_above_65535_bytes():
    frame = text_frame(b"x" * 70000)
    assert frame[:2] == b"\x81\x7f"
    assert int.from_bytes(frame[2:10], "big") == 70000
