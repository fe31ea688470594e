"""Kalshi RSA-PSS signing (docs/venues.md#kalshi-authentication) verified with the matching public
key, and every credentials problem producing a message that says what to fix."""

import base64
import os
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from arb_pipeline.config import Credentials
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner, load_private_key

TS = 1703123456789


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write_key(path: Path, pem: bytes, mode: int = 0o600) -> Path:
    path.write_bytes(pem)
    os.chmod(path, mode)
    return path


def pem_of(key, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, encryption)


def verify(public_key, message: str, signature_b64: str) -> None:
    public_key.verify(
        base64.b64decode(signature_b64, validate=True),
        message.encode(),
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH),
        hashes.SHA256(),
    )


def test_headers_verify_over_the_exact_message(rsa_key):
    signer = KalshiSigner("a952bcbe-ec3b-4b5b-b8f9-11dae589608c", rsa_key)
    headers = signer.headers("GET", "/trade-api/v2/portfolio/balance", ts_ms=TS)
    assert headers["KALSHI-ACCESS-KEY"] == "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"
    assert headers["KALSHI-ACCESS-TIMESTAMP"] == str(TS)
    verify(rsa_key.public_key(), "1703123456789GET/trade-api/v2/portfolio/balance", headers["KALSHI-ACCESS-SIGNATURE"])


@pytest.mark.parametrize(
    "other_message",
    [
        "1703123456789GET/trade-api/v2/portfolio/orders",  # different path
        "1703123456789POST/trade-api/v2/portfolio/balance",  # different method
        "1703123456790GET/trade-api/v2/portfolio/balance",  # different timestamp
        "1703123456789GET/portfolio/balance",  # path without the /trade-api/v2 prefix
    ],
)
def test_signature_fails_for_any_other_message(rsa_key, other_message):
    signature = KalshiSigner("k", rsa_key).headers("GET", "/trade-api/v2/portfolio/balance", ts_ms=TS)["KALSHI-ACCESS-SIGNATURE"]
    with pytest.raises(InvalidSignature):
        verify(rsa_key.public_key(), other_message, signature)


def test_query_string_is_not_signed(rsa_key):
    signer = KalshiSigner("k", rsa_key)
    headers = signer.headers("get", "/trade-api/v2/portfolio/orders?limit=5", ts_ms=TS)
    verify(rsa_key.public_key(), "1703123456789GET/trade-api/v2/portfolio/orders", headers["KALSHI-ACCESS-SIGNATURE"])
    assert KalshiSigner.message(TS, "get", "/trade-api/v2/portfolio/orders?limit=5") == "1703123456789GET/trade-api/v2/portfolio/orders"


def test_signer_is_a_request_signer_with_a_fresh_timestamp(rsa_key):
    signer = KalshiSigner("k", rsa_key)
    headers = signer("GET", "/kalshi/trade-api/ws/v2")
    ts = headers["KALSHI-ACCESS-TIMESTAMP"]
    assert ts.isdigit() and len(ts) == 13
    verify(rsa_key.public_key(), f"{ts}GET/kalshi/trade-api/ws/v2", headers["KALSHI-ACCESS-SIGNATURE"])


def test_load_private_key_and_from_credentials(tmp_path, rsa_key):
    path = write_key(tmp_path / "kalshi.pem", pem_of(rsa_key))
    loaded = load_private_key(path)
    assert loaded.private_numbers() == rsa_key.private_numbers()
    signer = KalshiSigner.from_credentials(Credentials(kalshi_api_key_id="key-1", kalshi_private_key_path=str(path)))
    assert signer.key_id == "key-1"
    verify(rsa_key.public_key(), f"{TS}GET/x", signer.headers("GET", "/x", ts_ms=TS)["KALSHI-ACCESS-SIGNATURE"])


def test_pkcs8_key_loads(tmp_path, rsa_key):
    pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    assert load_private_key(write_key(tmp_path / "k.pem", pem)).key_size == 2048


def test_no_credentials_means_no_signer():
    assert KalshiSigner.from_credentials(Credentials()) is None


def test_half_configured_credentials(tmp_path):
    with pytest.raises(KalshiCredentialsError, match="KALSHI_API_KEY_ID is set but KALSHI_PRIVATE_KEY_PATH is not"):
        KalshiSigner.from_credentials(Credentials(kalshi_api_key_id="k"))
    with pytest.raises(KalshiCredentialsError, match="KALSHI_PRIVATE_KEY_PATH is set but KALSHI_API_KEY_ID is not"):
        KalshiSigner.from_credentials(Credentials(kalshi_private_key_path=str(tmp_path / "k.pem")))


def test_missing_key_file(tmp_path):
    with pytest.raises(KalshiCredentialsError, match=r"k\.pem does not exist .*KALSHI_PRIVATE_KEY_PATH"):
        load_private_key(tmp_path / "k.pem")


def test_world_readable_key_file(tmp_path, rsa_key):
    path = write_key(tmp_path / "k.pem", pem_of(rsa_key), mode=0o644)
    with pytest.raises(KalshiCredentialsError, match=rf"readable by every user \(mode 644\).*chmod 600 {path}"):
        load_private_key(path)


def test_unreadable_key_file(tmp_path, rsa_key, monkeypatch):
    path = write_key(tmp_path / "k.pem", pem_of(rsa_key))

    # Tests may run as root, which reads a chmod-000 file anyway; fail the read itself.
    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(KalshiCredentialsError, match=r"k\.pem cannot be read: Permission denied"):
        load_private_key(path)


def test_key_path_is_a_directory(tmp_path):
    with pytest.raises(KalshiCredentialsError, match="is not a regular file"):
        load_private_key(tmp_path)


def test_malformed_key_file(tmp_path):
    path = write_key(tmp_path / "k.pem", b"-----BEGIN RSA PRIVATE KEY-----\nnot base64\n-----END RSA PRIVATE KEY-----\n")
    with pytest.raises(KalshiCredentialsError, match="is not a PEM private key"):
        load_private_key(path)


def test_encrypted_key_file(tmp_path, rsa_key):
    path = write_key(tmp_path / "k.pem", pem_of(rsa_key, password=b"secret"))
    with pytest.raises(KalshiCredentialsError, match="encrypted with a passphrase"):
        load_private_key(path)


def test_non_rsa_key_file(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(KalshiCredentialsError, match=r"holds a non-RSA key \(.*\); Kalshi signs with RSA keys only"):
        load_private_key(write_key(tmp_path / "k.pem", pem))


def test_empty_key_id(rsa_key):
    with pytest.raises(KalshiCredentialsError, match="API key id is empty"):
        KalshiSigner("", rsa_key)
