"""Shared fixtures: Kalshi API credentials and a running sandbox exchange.

``kalshi_credentials`` -> (key_id, private_key_path): an RSA private key in a 0600 PEM file
under the test's tmp_path, as ``KALSHI_PRIVATE_KEY_PATH`` would name it, with a key id unique to
the test (the key itself is made once per session: RSA generation is slow). ``sandbox`` -> a started
:class:`~arb_pipeline.sandbox.server.SandboxExchange` (seed 7, size 1) that accepts those
credentials and never moves on its own: step it with ``await sandbox.tick()``; its URLs are in
``sandbox.endpoints``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from arb_pipeline.sandbox.keys import new_private_key, public_key_pem, write_private_key
from arb_pipeline.sandbox.server import SandboxExchange


@pytest.fixture(scope="session")
def _kalshi_rsa_key() -> rsa.RSAPrivateKey:
    # 2048-bit generation takes a noticeable fraction of a second: once per session.
    return new_private_key()


@pytest.fixture
def kalshi_credentials(tmp_path: Path, _kalshi_rsa_key: rsa.RSAPrivateKey) -> tuple[str, Path]:
    """(key_id, path to the private key PEM, mode 0600), a key id unique to the test."""
    path = tmp_path / "kalshi_private_key.pem"
    write_private_key(_kalshi_rsa_key, path)
    return f"sandbox-test-{uuid.uuid4()}", path


@pytest.fixture
async def sandbox(
    kalshi_credentials: tuple[str, Path], _kalshi_rsa_key: rsa.RSAPrivateKey
) -> AsyncIterator[SandboxExchange]:
    key_id, _ = kalshi_credentials
    exchange = SandboxExchange(
        seed=7,
        size=1,
        tick_interval_s=None,
        kalshi_public_keys={key_id: public_key_pem(_kalshi_rsa_key)},
    )
    await exchange.start()
    try:
        yield exchange
    finally:
        await exchange.stop()
