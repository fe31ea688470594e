"""Finding credentials where they must never be: log records, printed output, error messages.

The detector does not ask the code under test what its secrets are; it recognizes them two ways:

* by shape, whatever their value: the key ids the test fixtures issue (``sandbox-test-<uuid>``),
  a PEM private key block, a base64 run as long as an RSA-2048 signature, an ``apiKey=``-style
  query parameter or a ``KALSHI-ACCESS-*`` header written out with its value;
* by value: secrets a test registers with :meth:`SecretLeaks.know` (the session's private key
  body lines, a test's Odds API key).

:class:`SecretLeaks` is also a logging handler: installed on the root logger at DEBUG it sees every
record of the process (those of httpx, httpcore and aiohttp included), after whatever filters the
code under test put on the loggers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

REDACTED = "***"

_SHAPES = (
    ("a Kalshi key id issued by the test fixtures", re.compile(r"sandbox-test-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
    ("a PEM private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/]{16}")),
    # RSA-2048 signatures are 256 bytes: 344 base64 characters.
    ("a signature-sized base64 value", re.compile(r"(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])[A-Za-z0-9+/]{340,}={0,2}")),
    ("an unredacted credential query parameter", re.compile(r"(?i)[?&;](?:apikey|api_key|api-key|access_token|token|signature)=(?!\*\*\*)[^&#\s'\"<>]+")),
    ("an unredacted Kalshi credential header", re.compile(r"(?i)KALSHI-ACCESS-(?:KEY|SIGNATURE)['\"]?\s*[:=]\s*b?['\"]?(?!\*\*\*)[A-Za-z0-9+/]")),
)

_FORMATTER = logging.Formatter()


class SecretLeaks(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self._known: set[str] = set()
        self._found: list[str] = []
        self._found_lock = threading.Lock()

    def know(self, values: Iterable[str]) -> None:
        """Treat each of ``values`` as a secret from now on."""
        self._known.update(value for value in values if value)

    def scan(self, text: str) -> list[str]:
        """What in ``text`` is a secret, each described without the secret itself."""
        kinds = ["a known test secret" for value in tuple(self._known) if value in text]
        kinds += [kind for kind, pattern in _SHAPES if pattern.search(text)]
        if not kinds:
            return []
        masked = self.mask(text)
        at = masked.find("<SECRET>")
        excerpt = masked[max(0, at - 60) : at + 120].replace("\n", " ")
        return [f"{kind}: ...{excerpt}..." for kind in kinds]

    def mask(self, text: str) -> str:
        """``text`` with every secret :meth:`scan` would find replaced by ``<SECRET>``."""
        for value in tuple(self._known):
            text = text.replace(value, "<SECRET>")
        for _, pattern in _SHAPES:
            text = pattern.sub("<SECRET>", text)
        return text

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:
            text = f"{record.msg} {record.args}"
        if record.exc_info:
            text += "\n" + (record.exc_text or _FORMATTER.formatException(record.exc_info))
        for leak in self.scan(text):
            with self._found_lock:
                self._found.append(f"log record {record.levelname} {record.name}: {leak}")

    def take(self) -> list[str]:
        """The leaks found in log records since the last call."""
        with self._found_lock:
            found, self._found = self._found, []
        return found


#: The session's detector (installed on the root logger by the test suite's conftest).
SECRET_LEAKS = SecretLeaks()
