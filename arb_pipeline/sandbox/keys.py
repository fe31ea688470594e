"""Kalshi API keys for the sandbox: checking request signatures the way Kalshi does, and making a
key pair for a user who runs the sandbox locally.

Kalshi signs ``str(ts_ms) + METHOD + path`` (path without the query string) with RSA-PSS, SHA-256,
MGF1(SHA-256) and salt length = digest length, base64 encoded (docs/venues.md#kalshi-authentication).
"""

from __future__ import annotations

import base64
import binascii
import os
import time
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ACCESS_KEY_HEADER = "KALSHI-ACCESS-KEY"
TIMESTAMP_HEADER = "KALSHI-ACCESS-TIMESTAMP"
SIGNATURE_HEADER = "KALSHI-ACCESS-SIGNATURE"

#: A signature older or newer than this is refused, so a captured request cannot be replayed.
MAX_CLOCK_SKEW_S = 60.0

#: The key id ``arb-pipeline sandbox`` registers for the key pair it keeps under its key dir.
SANDBOX_KEY_ID = "sandbox-key"

_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


class SignatureRejected(Exception):
    """Why a Kalshi request signature was refused (the sandbox answers 401 with this text)."""


class KalshiKeyring:
    """The public keys the exchange accepts, by ``KALSHI-ACCESS-KEY`` id."""

    def __init__(self, public_keys: Mapping[str, bytes] | None = None) -> None:
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        for key_id, pem in (public_keys or {}).items():
            self.register(key_id, pem)

    def register(self, key_id: str, public_pem: bytes) -> None:
        key = serialization.load_pem_public_key(public_pem)
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError(f"Kalshi key {key_id!r}: expected an RSA public key, got {type(key).__name__}")
        self._keys[key_id] = key

    def verify(self, headers: Mapping[str, str], method: str, path: str, now_s: float | None = None) -> str:
        """Check the signature headers of a request for ``path`` (no query string); return the key
        id, or raise :class:`SignatureRejected` saying what was wrong."""
        key_id = headers.get(ACCESS_KEY_HEADER, "")
        timestamp = headers.get(TIMESTAMP_HEADER, "")
        signature = headers.get(SIGNATURE_HEADER, "")
        given = {ACCESS_KEY_HEADER: key_id, TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature}
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise SignatureRejected(f"missing authentication headers: {', '.join(missing)}")
        public_key = self._keys.get(key_id)
        if public_key is None:
            raise SignatureRejected(f"unknown {ACCESS_KEY_HEADER} {key_id!r}")
        if not timestamp.isdigit():
            raise SignatureRejected(f"{TIMESTAMP_HEADER} must be epoch milliseconds, got {timestamp!r}")
        now_s = time.time() if now_s is None else now_s
        skew_s = abs(now_s - int(timestamp) / 1000)
        if skew_s > MAX_CLOCK_SKEW_S:
            raise SignatureRejected(
                f"{TIMESTAMP_HEADER} is {skew_s:.0f} s away from the server clock (limit {MAX_CLOCK_SKEW_S:.0f} s)"
            )
        try:
            raw_signature = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise SignatureRejected(f"{SIGNATURE_HEADER} is not base64") from None
        message = f"{timestamp}{method.upper()}{path}".encode()
        try:
            public_key.verify(raw_signature, message, _PSS, hashes.SHA256())
        except InvalidSignature:
            raise SignatureRejected(
                f"signature does not verify for {method.upper()} {path} (sign timestamp + method + full URL path, "
                "without the query string, with RSA-PSS SHA-256)"
            ) from None
        return key_id


def new_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    )


def write_private_key(key: rsa.RSAPrivateKey, path: Path) -> None:
    """Write a private key readable by its owner only (0600), created with that mode so it is
    never briefly world-readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(private_key_pem(key))
    os.chmod(path, 0o600)


def load_private_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path}: expected an RSA private key, got {type(key).__name__}")
    return key


def sandbox_key_pair(key_dir: Path) -> tuple[Path, bytes]:
    """The sandbox's Kalshi key pair under ``key_dir``: made on first use, reused afterwards so
    the exported ``KALSHI_PRIVATE_KEY_PATH`` stays valid across restarts. Returns the private key
    path and the public key PEM."""
    path = Path(key_dir).expanduser() / "kalshi_sandbox_private_key.pem"
    if path.exists():
        key = load_private_key(path)
    else:
        key = new_private_key()
        write_private_key(key, path)
    return path, public_key_pem(key)
