"""``arb-pipeline stream`` against the sandbox: it reports its connection health, and a run that
never got a single book live fails (exit 1) saying why, rather than printing "0/6 books live" and
exiting 0."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from arb_pipeline.cli import main
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Channel, Fault, FaultKind
from arb_pipeline.sandbox.keys import public_key_pem
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.kalshi import load_private_key

pytestmark = pytest.mark.integration


@pytest.fixture
def exchange(kalshi_credentials, monkeypatch) -> Iterator[SandboxExchange]:
    key_id, key_path = kalshi_credentials
    sandbox = SandboxExchange(seed=7, size=1, kalshi_public_keys={key_id: public_key_pem(load_private_key(key_path))})
    with sandbox.run_in_thread() as running:
        for name, value in running.endpoints.as_env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("KALSHI_API_KEY_ID", key_id)
        monkeypatch.setenv("KALSHI_PRIVATE_KEY_PATH", str(key_path))
        yield running


@pytest.mark.parametrize("venue", ["kalshi", "polymarket"])
def test_a_stream_whose_handshakes_are_all_refused_exits_1_saying_why(exchange, venue, capsys):
    exchange.inject(Fault(FaultKind.HTTP_STATUS, Venue(venue), channel=Channel.WS, status=503, retry_after_s=0.2, count=1000))
    assert main(["stream", "--venue", venue, "--seconds", "1.5", "--markets", "3"]) == 1
    printed = capsys.readouterr()
    books = 3 if venue == "kalshi" else 6  # a Polymarket market has two tokens
    assert printed.out.startswith(f"{venue}: 0/{books} books live after 2s;")
    [line] = printed.err.splitlines()
    failed = re.fullmatch(
        rf"arb-pipeline stream: error: no {venue} book went live in 1\.5s: "
        r"(\d+) connection attempts failed \(handshake_503 x(\d+)\)",
        line,
    )
    assert failed is not None, line
    failures = int(failed[1])
    # Retry-After 0.2 s over 1.5 s: several attempts, each refused one counted; every attempt
    # but the first is a reconnect.
    assert failures >= 3 and int(failed[2]) == failures
    assert f"reconnects={failures - 1} connect_failures={failures}" in printed.out

@pytest.mark.parametrize("venue", ["kalshi", "polymarket"])
def test_a_stream_that_recovers_from_a_refusal_exits_0_and_reports_it(exchange, venue, capsys):
    exchange.inject(Fault(FaultKind.HTTP_STATUS, Venue(venue), channel=Channel.WS, status=429, retry_after_s=0.1))
    assert main(["stream", "--venue", venue, "--seconds", "1", "--markets", "3"]) == 0
    printed = capsys.readouterr()
    books = 3 if venue == "kalshi" else 6
    assert printed.out.startswith(f"{venue}: {books}/{books} books live")
    assert "reconnects=1 connect_failures=1" in printed.out and printed.err == ""
