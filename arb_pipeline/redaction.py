"""Secrets never reach a log line or an error message.

Two layers, both applied by :func:`redact`:

* By shape: the values of secret query parameters in any URL (The Odds API authenticates with
  ``?apiKey=``), the password in a URL's userinfo (``postgresql://user:password@host``), the
  values of secret headers written out as ``name: value`` or ``'name': 'value'`` (Kalshi's
  ``KALSHI-ACCESS-KEY`` and ``KALSHI-ACCESS-SIGNATURE``, ``Authorization``), and PEM private key
  blocks.
* By value: every secret the process was configured with (a Kalshi API key id, an Odds API key)
  is registered when it is read, so it is caught wherever it turns up, for instance echoed back
  in a venue's error body ("unknown KALSHI-ACCESS-KEY '...'").

Our own messages are redacted where they are built (the HTTP client's errors and warnings). Third
party libraries log request lines themselves (httpx logs every request URL at INFO), so
:func:`install_log_redaction` puts a :class:`RedactingFilter` on their loggers; the CLI also puts
one on its own handlers, which see every record of the process.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

REDACTED = "***"

#: Query parameters whose value is a credential, compared case-insensitively.
SECRET_QUERY_PARAMETERS = (
    "apikey",
    "api_key",
    "api-key",
    "key",
    "access_token",
    "token",
    "auth",
    "signature",
    "sig",
    "secret",
    "client_secret",
    "password",
    "passwd",
)

#: Headers whose value is a credential, compared case-insensitively.
SECRET_HEADERS = (
    "KALSHI-ACCESS-KEY",
    "KALSHI-ACCESS-SIGNATURE",
    "Authorization",
    "Proxy-Authorization",
    "X-API-Key",
    "Cookie",
    "Set-Cookie",
)

#: The loggers of the libraries that carry our requests. Logger filters do not apply to records
#: of child loggers, so every logger that emits is named, not only the package's root.
LIBRARY_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "aiohttp.access",
    "aiohttp.client",
    "aiohttp.internal",
    "aiohttp.server",
    "aiohttp.web",
    "aiohttp.websocket",
    "websockets.client",
    "picows.client",
    "urllib3.connectionpool",
)

# A value registered by value must be long enough not to be an ordinary word: "sandbox" (the
# sandbox's Odds API key) would otherwise blank out every mention of the sandbox.
_MIN_KNOWN_LENGTH = 8

_QUERY = re.compile(
    r"(?i)([?&;](?:" + "|".join(re.escape(name) for name in SECRET_QUERY_PARAMETERS) + r")=)([^&;#\s'\"<>]+)"
)
_USERINFO_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^:/?#\s@'\"]*:)([^@/?#\s'\"]+)(@)")
_HEADER = re.compile(
    r"(?i)((?:" + "|".join(re.escape(name) for name in SECRET_HEADERS) + r")['\"]?\s*[:=]\s*(?:b?['\"])?)"
    r"((?:(?:bearer|basic|token)\s+)?[^'\",\s})\]]+)"
)
_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\Z)")

_known: tuple[str, ...] = ()
_known_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Redact ``value`` wherever it appears from now on (in this process)."""
    global _known
    if not value or len(value) < _MIN_KNOWN_LENGTH:
        return
    with _known_lock:
        if value not in _known:
            # Longest first, so a secret that contains another is replaced whole.
            _known = tuple(sorted({*_known, value}, key=len, reverse=True))


def redact(text: str) -> str:
    """``text`` with every secret it carries replaced by ``***``."""
    if not text:
        return text
    for value in _known:
        if value in text:
            text = text.replace(value, REDACTED)
    if "PRIVATE KEY-----" in text:
        text = _PEM_PRIVATE_KEY.sub("-----PRIVATE KEY " + REDACTED + "-----", text)
    if "=" in text:
        text = _QUERY.sub(r"\1" + REDACTED, text)
    if "://" in text:
        text = _USERINFO_PASSWORD.sub(r"\1" + REDACTED + r"\3", text)
    if ":" in text or "=" in text:
        text = _HEADER.sub(r"\1" + REDACTED, text)
    return text


def redact_url(url: object) -> str:
    """A URL (``str``, ``httpx.URL``, ``yarl.URL``...) as text, safe to print or log."""
    return redact(str(url))


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (and its formatted traceback) with :func:`redact`; never drops
    a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # A record whose arguments do not fit its format is the handler's problem to report.
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER = RedactingFilter()


def install_log_redaction(handlers: Iterable[logging.Handler] = ()) -> None:
    """Put the redacting filter on the loggers of the HTTP and WebSocket libraries and on
    ``handlers``. Idempotent: installing twice adds nothing."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    for handler in handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
