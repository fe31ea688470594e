"""No credential reaches a log line, an error message or the terminal: the Odds API key (it rides in
the query string), the Kalshi key id, private key and request signatures.

Each flow runs for real against the sandbox exchange, with every logger of the process recorded at
DEBUG (httpx, httpcore and aiohttp included) and the redacting filters the code installs removed
first, so the test sees the code under test put them back."""

from __future__ import annotations

import asyncio
import logging
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import Credentials
from arb_pipeline.domain.models import Venue
from arb_pipeline.redaction import LIBRARY_LOGGERS, RedactingFilter, redact, redact_url, register_secret
from arb_pipeline.sandbox.faults import Channel, Fault, FaultKind
from arb_pipeline.sandbox.keys import public_key_pem
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.backoff import WS_RECONNECT
from arb_pipeline.venues.capture import capture
from arb_pipeline.venues.http import RetryPolicy, VenueHttpError
from arb_pipeline.venues.kalshi import KalshiCredentialsError, KalshiRestClient, KalshiSigner, KalshiMarketStream
from arb_pipeline.venues.kalshi.auth import load_private_key
from arb_pipeline.venues.odds_api.rest import OddsApiClient
from arb_pipeline_tests.secret_leaks import SECRET_LEAKS, SecretLeaks

FAST = RetryPolicy(max_attempts=3, base_delay_s=0.01, max_delay_s=0.05)


class RecordingSigner(KalshiSigner):
    """Signs as Kalshi wants and keeps every signature it made, to look for them afterwards."""

    __slots__ = ("signatures",)

    def __init__(self, key_id: str, path: Path) -> None:
        super().__init__(key_id, load_private_key(path))
        self.signatures: list[str] = []

    def sign(self, message: str) -> str:
        signature = super().sign(message)
        self.signatures.append(signature)
        return signature


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Iterator[list[str]]:
    """Every log record of the process at DEBUG, as a handler prints it (tracebacks included)."""
    root = logging.getLogger()
    removed = {}
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        removed[name] = [f for f in logger.filters if isinstance(f, RedactingFilter)]
        for redacting in removed[name]:
            logger.removeFilter(redacting)
    handler = _Lines()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, filters in removed.items():
            for redacting in filters:
                if redacting not in logging.getLogger(name).filters:
                    logging.getLogger(name).addFilter(redacting)


def pem_body(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line and "-----" not in line]


def error_texts(*errors: BaseException) -> list[str]:
    """What a user could see of each error: its message and repr, down the cause chain."""
    texts = []
    for error in errors:
        seen: BaseException | None = error
        while seen is not None:
            texts += [str(seen), repr(seen)]
            seen = seen.__cause__ or seen.__context__
    return texts


def assert_no_secret(texts: list[str], secrets: list[str]) -> None:
    assert texts and all(secrets), "nothing to check"
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"a secret leaked: {text.replace(secret, '<SECRET>')[:400]}"
        # Signatures made outside a RecordingSigner, and any key id or key, by their shape.
        assert SECRET_LEAKS.scan(text) == [], SECRET_LEAKS.scan(text)


async def test_odds_capture_and_every_odds_error_keep_the_api_key_out(sandbox, odds_api_key, logged, tmp_path):
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.ODDS_API, path_prefix="/v4/sports/basketball_nba/odds", status=401))
    sandbox.inject(
        Fault(FaultKind.HTTP_STATUS, Venue.ODDS_API, path_prefix="/v4/sports/americanfootball_nfl/odds", status=503, retry_after_s=0.01)
    )
    report = await capture(
        tmp_path / "cap",
        sandbox.endpoints,
        Credentials(odds_api_key=odds_api_key),
        venues=["odds"],
        odds_sports=["basketball_nba", "americanfootball_nfl"],
        progress=False,
    )
    # The refused sport is skipped with the request it made, key blanked; the retried one captured.
    [skipped] = report.skipped
    assert "odds basketball_nba" in skipped and "HTTP 401" in skipped and "apiKey=***" in skipped
    assert report.counts["odds_americanfootball_nfl"] > 0

    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.ODDS_API, status=500, count=FAST.max_attempts))
    sandbox.inject(Fault(FaultKind.DROP_CONNECTION, Venue.ODDS_API, path_prefix="/v4/sports/basketball_nba", count=FAST.max_attempts))
    async with OddsApiClient(sandbox.endpoints.odds_api_url, odds_api_key, retry=FAST) as odds:
        with pytest.raises(VenueHttpError, match="gave up after 3 attempts") as gave_up:
            await odds.fetch_sports()
        with pytest.raises(VenueHttpError, match="transport error") as dropped:
            await odds.fetch_odds("basketball_nba")

    # httpx logged every request line, and our retries warned: all of it with the key blanked.
    requests = [line for line in logged if line.startswith("INFO httpx: HTTP Request: GET")]
    assert len(requests) >= 6 and all("apiKey=***" in line for line in requests if "/odds" in line)
    assert any("retry 1" in line for line in logged)
    files = [path.read_text(errors="replace") for path in (tmp_path / "cap").rglob("*") if path.is_file()]
    assert len(files) >= 2
    assert_no_secret(logged + [skipped, *files, *error_texts(gave_up.value, dropped.value)], [odds_api_key])


async def test_signed_kalshi_rest_keeps_key_id_private_key_and_signatures_out(sandbox, kalshi_credentials, logged):
    key_id, key_path = kalshi_credentials
    signer = RecordingSigner(key_id, key_path)
    tickers = [ticker for ticker, book in sandbox.scenario.kalshi_books.items() if book.yes.levels][:3]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, path_prefix="/markets/orderbooks", status=429, retry_after_s=0))
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, signer, retry=FAST) as kalshi:
        books = await kalshi.fetch_orderbooks(tickers)
    assert sorted(books) == sorted(tickers) and len(signer.signatures) == 2  # refused once, then served

    # A key the venue does not know: its refusal quotes the key id back.
    stranger = RecordingSigner(f"sandbox-test-{uuid.uuid4()}", key_path)
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, stranger, retry=FAST) as kalshi:
        with pytest.raises(KalshiCredentialsError, match="unknown KALSHI-ACCESS-KEY") as refused:
            await kalshi.fetch_orderbooks(tickers)
    assert "'***'" in str(refused.value) and stranger.signatures

    assert any("HTTP Request: GET" in line and "/markets/orderbooks" in line for line in logged)
    assert repr(signer) == "KalshiSigner(key_id=***)"
    secrets = [key_id, stranger.key_id, *pem_body(key_path), *signer.signatures, *stranger.signatures]
    assert_no_secret(logged + error_texts(refused.value) + [repr(signer)], secrets)


async def test_signed_kalshi_websocket_keeps_key_id_private_key_and_signatures_out(sandbox, kalshi_credentials, logged):
    key_id, key_path = kalshi_credentials
    signer = RecordingSigner(key_id, key_path)
    tickers = [ticker for ticker, book in sandbox.scenario.kalshi_books.items() if book.yes.levels][:5]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, channel=Channel.WS, status=503))
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers, reconnect=replace(WS_RECONNECT, base_delay_s=0.01))
    runner = asyncio.create_task(client.run())
    async with asyncio.timeout(10):
        while not all(client.is_synced(ticker) for ticker in tickers):
            await asyncio.sleep(0.01)
    await client.close()
    await runner
    assert len(signer.signatures) == 2  # the refused handshake and the accepted one

    stranger = RecordingSigner(f"sandbox-test-{uuid.uuid4()}", key_path)
    refused_client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, stranger, tickers)
    with pytest.raises(KalshiCredentialsError, match="refused the signed handshake") as refused:
        await refused_client.run()

    assert any("refused the handshake (HTTP 503)" in line for line in logged)
    secrets = [key_id, stranger.key_id, *pem_body(key_path), *signer.signatures, *stranger.signatures]
    assert_no_secret(logged + error_texts(refused.value), secrets)


def test_the_cli_prints_no_credential(kalshi_credentials, odds_api_key, logged, monkeypatch, capsys, tmp_path):
    key_id, key_path = kalshi_credentials
    exchange = SandboxExchange(
        seed=7,
        size=1,
        kalshi_public_keys={key_id: public_key_pem(load_private_key(key_path))},
        odds_api_key=odds_api_key,
    )
    with exchange.run_in_thread() as running:
        for name, value in running.endpoints.as_env().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("ODDS_API_KEY", odds_api_key)
        monkeypatch.setenv("KALSHI_API_KEY_ID", key_id)
        monkeypatch.setenv("KALSHI_PRIVATE_KEY_PATH", str(key_path))
        running.inject(Fault(FaultKind.HTTP_STATUS, Venue.ODDS_API, path_prefix="/v4/sports/basketball_nba/odds", status=401))
        argv = ["--log-level", "DEBUG", "capture", "--out", str(tmp_path / "cap"), "--venues", "odds,kalshi", "--no-progress"]
        assert main([*argv, "--odds-sports", "basketball_nba,americanfootball_nfl"]) == 0
        captured = capsys.readouterr()
        assert "skipped: odds basketball_nba" in captured.out and "apiKey=***" in captured.out

        # An unknown key id: the stream command stops with a message that quotes no credential.
        stranger = f"sandbox-test-{uuid.uuid4()}"
        monkeypatch.setenv("KALSHI_API_KEY_ID", stranger)
        assert main(["stream", "--venue", "kalshi", "--seconds", "5", "--markets", "3"]) == 2
        failed = capsys.readouterr()
    [line] = failed.err.splitlines()
    assert line.startswith("arb-pipeline stream: error: Kalshi WebSocket") and "refused the signed handshake" in line
    secrets = [key_id, stranger, odds_api_key, *pem_body(key_path)]
    assert_no_secret(logged + captured.out.splitlines() + captured.err.splitlines() + [line], secrets)


# --- the redaction itself ---------------------------------------------------------------------


def test_secret_query_parameters_userinfo_headers_and_keys_are_redacted():
    assert redact_url("https://api.the-odds-api.com/v4/sports?apiKey=abc123&regions=us") == (
        "https://api.the-odds-api.com/v4/sports?apiKey=***&regions=us"
    )
    assert redact("GET /x?regions=us&API_KEY=abc&token=t0k&signature=s%2Bg;key=k") == (
        "GET /x?regions=us&API_KEY=***&token=***&signature=***;key=***"
    )
    assert redact("postgresql+psycopg://arb:hunter2@db:5432/arb?sslmode=require") == (
        "postgresql+psycopg://arb:***@db:5432/arb?sslmode=require"
    )
    # No password, or a port that only looks like one: nothing to hide.
    assert redact("postgresql+psycopg://postgres:@/postgres?host=/tmp") == "postgresql+psycopg://postgres:@/postgres?host=/tmp"
    assert redact("http://127.0.0.1:8787/kalshi/trade-api/v2") == "http://127.0.0.1:8787/kalshi/trade-api/v2"
    assert redact("{'KALSHI-ACCESS-KEY': 'abc-123', 'KALSHI-ACCESS-SIGNATURE': 'c2ln+/=='}") == (
        "{'KALSHI-ACCESS-KEY': '***', 'KALSHI-ACCESS-SIGNATURE': '***'}"
    )
    assert redact("Authorization: Bearer eyJhbGciOi") == "Authorization: ***"
    pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"
    assert redact(f"bad key {pem} here") == "bad key -----PRIVATE KEY ***----- here"
    assert "MIIEvQ" not in redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBg (cut short")


def test_a_registered_secret_is_redacted_wherever_it_appears_but_short_words_are_not():
    key = f"registered-{uuid.uuid4().hex}"
    register_secret(key)
    assert redact(f"unknown key '{key}' (and again: {key})") == "unknown key '***' (and again: ***)"
    register_secret("sandbox")  # too short to tell from an ordinary word
    assert redact("sandbox exchange") == "sandbox exchange"


def test_credentials_show_no_secret_in_their_repr():
    credentials = Credentials(f"key-id-{uuid.uuid4()}", "/keys/kalshi.pem", f"odds-{uuid.uuid4().hex}")
    shown = repr(credentials)
    assert "kalshi_private_key_path='/keys/kalshi.pem'" in shown
    assert credentials.kalshi_api_key_id not in shown and credentials.odds_api_key not in shown


def test_the_filter_rewrites_message_arguments_and_tracebacks():
    key = f"filtered-{uuid.uuid4().hex}"
    register_secret(key)
    try:
        raise VenueHttpError("odds_api", "GET", f"http://x/v4?apiKey={key}", 401, f"bad key {key}")
    except VenueHttpError:
        record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "HTTP Request: %s %s", ("GET", f"http://x?apiKey={key}"), None)
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "HTTP Request: GET http://x?apiKey=***"
    assert key not in record.exc_text and "apiKey=***" in record.exc_text


# --- the session-wide check ---------------------------------------------------------------------


def test_the_session_check_hears_every_logger_at_debug_and_fails_on_a_leak():
    root = logging.getLogger()
    assert SECRET_LEAKS in root.handlers and root.isEnabledFor(logging.DEBUG)
    leaked = f"sandbox-test-{uuid.uuid4()}"
    logging.getLogger("arb_pipeline_tests.leak_probe").debug("signed with %s", leaked)
    found = SECRET_LEAKS.take()  # taken here, so this deliberate leak does not fail the test
    assert len(found) == 1 and "Kalshi key id" in found[0] and leaked not in found[0]
    # Through a library's logger the same line arrives redacted: nothing to find.
    logging.getLogger("httpx").debug("HTTP Request: GET http://x?apiKey=%s", leaked)
    assert SECRET_LEAKS.take() == []


def test_the_detector_knows_secrets_by_shape():
    detector = SecretLeaks()
    signature = "Ab" * 172
    assert detector.scan(f"sig {signature}") and detector.scan("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG")
    assert detector.scan("GET /odds?regions=us&apiKey=0123abcd") and detector.scan("KALSHI-ACCESS-SIGNATURE: c2ln")
    assert detector.scan("GET /odds?apiKey=***") == [] and detector.scan("KALSHI-ACCESS-KEY: ***") == []
    assert detector.scan("token 12345678901234567890123456789012345678901234567890123456789012345678901234567") == []
    detector.know(["plain-value-1"])
    [found] = detector.scan("x plain-value-1 y")
    assert "plain-value-1" not in found and "<SECRET>" in found
