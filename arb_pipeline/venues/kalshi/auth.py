"""Kalshi request signing: RSA-PSS over SHA-256 (docs/venues.md#kalshi-authentication).

The signed message is ``str(ts_ms) + METHOD + path`` where ``path`` is the URL's full path (it
includes the ``/trade-api/v2`` prefix, or ``/kalshi/trade-api/v2`` behind the sandbox) and never
the query string. The WebSocket handshake is signed the same way with ``GET`` and the WS path.
"""

from __future__ import annotations

import base64
import os
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from arb_pipeline.config import Credentials
from arb_pipeline.redaction import REDACTED, register_secret
from arb_pipeline.venues.kalshi.constants import (
    ACCESS_KEY_HEADER,
    ACCESS_SIGNATURE_HEADER,
    ACCESS_TIMESTAMP_HEADER,
    API_KEY_ID_ENV,
    CREDENTIALS_HINT,
    PRIVATE_KEY_PATH_ENV,
)

# Salt length = digest length (32 bytes), as Kalshi's docs and official SDKs use
# (RSA_PSS_SALTLEN_DIGEST); MAX_LENGTH would also verify locally but is not what the venue signs.
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


class KalshiCredentialsError(RuntimeError):
    """Kalshi credentials are missing or unusable; the message says what to fix."""


def load_private_key(path: str | os.PathLike[str]) -> RSAPrivateKey:
    """Read the PEM RSA private key Kalshi issued with the API key id."""
    key_path = Path(path).expanduser()
    try:
        mode = key_path.stat().st_mode
    except FileNotFoundError:
        raise KalshiCredentialsError(
            f"Kalshi private key file {key_path} does not exist ({PRIVATE_KEY_PATH_ENV} points there); "
            f"{CREDENTIALS_HINT}"
        ) from None
    except OSError as exc:
        raise KalshiCredentialsError(f"Kalshi private key file {key_path} cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise KalshiCredentialsError(f"Kalshi private key path {key_path} is not a regular file")
    if mode & stat.S_IROTH:
        # A key anyone on the machine can read can place orders on the account.
        raise KalshiCredentialsError(
            f"Kalshi private key file {key_path} is readable by every user (mode {stat.S_IMODE(mode):o}); "
            f"restrict it with: chmod 600 {key_path}"
        )
    try:
        pem = key_path.read_bytes()
    except OSError as exc:
        raise KalshiCredentialsError(f"Kalshi private key file {key_path} cannot be read: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except TypeError:
        raise KalshiCredentialsError(
            f"Kalshi private key file {key_path} is encrypted with a passphrase; store it unencrypted "
            f"(openssl rsa -in {key_path} -out NEW_FILE) with chmod 600"
        ) from None
    except ValueError:
        raise KalshiCredentialsError(
            f"Kalshi private key file {key_path} is not a PEM private key "
            "(expected the '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----' file "
            "downloaded with the API key)"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise KalshiCredentialsError(
            f"Kalshi private key file {key_path} holds a non-RSA key ({type(key).__name__}); "
            "Kalshi signs with RSA keys only"
        )
    return key


class KalshiSigner:
    """Builds the three KALSHI-ACCESS-* headers. Callable as ``signer(method, path)``, the
    :data:`arb_pipeline.venues.http.RequestSigner` shape, so one instance serves REST and WS."""

    __slots__ = ("key_id", "_private_key")

    def __init__(self, key_id: str, private_key: RSAPrivateKey) -> None:
        if not key_id:
            raise KalshiCredentialsError(f"Kalshi API key id is empty; {CREDENTIALS_HINT}")
        self.key_id = key_id
        self._private_key = private_key
        # The key id names the account's key: it is kept out of every log line and message.
        register_secret(key_id)

    @classmethod
    def from_credentials(cls, credentials: Credentials) -> KalshiSigner | None:
        """None when no Kalshi key is configured (market data then goes unsigned)."""
        key_id = credentials.kalshi_api_key_id
        key_path = credentials.kalshi_private_key_path
        if not key_id and not key_path:
            return None
        if not key_id:
            raise KalshiCredentialsError(f"{PRIVATE_KEY_PATH_ENV} is set but {API_KEY_ID_ENV} is not; {CREDENTIALS_HINT}")
        if not key_path:
            raise KalshiCredentialsError(f"{API_KEY_ID_ENV} is set but {PRIVATE_KEY_PATH_ENV} is not; {CREDENTIALS_HINT}")
        return cls(key_id, load_private_key(key_path))

    @staticmethod
    def message(ts_ms: int, method: str, path: str) -> str:
        """The exact string Kalshi verifies; the query string is never part of it."""
        return f"{ts_ms}{method.upper()}{path.split('?', 1)[0]}"

    def sign(self, message: str) -> str:
        signature = self._private_key.sign(message.encode("utf-8"), _PSS, hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    def headers(self, method: str, path: str, ts_ms: int | None = None) -> dict[str, str]:
        if ts_ms is None:
            ts_ms = time.time_ns() // 1_000_000
        return {
            ACCESS_KEY_HEADER: self.key_id,
            ACCESS_TIMESTAMP_HEADER: str(ts_ms),
            ACCESS_SIGNATURE_HEADER: self.sign(self.message(ts_ms, method, path)),
        }

    def __call__(self, method: str, path: str) -> Mapping[str, str]:
        return self.headers(method, path)

    def __repr__(self) -> str:
        return f"KalshiSigner(key_id={REDACTED})"
