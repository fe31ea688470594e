"""The one HTTP policy every venue client uses.

httpx with timeouts and a pooled connection; retries with exponential backoff and jitter on 429,
5xx and transport errors, honouring ``Retry-After`` (:mod:`arb_pipeline.venues.backoff`); and
per-venue rate limits declared as data, next to each venue's other constants, and enforced before
each request is sent.

No secret leaves through it: URLs and venue error bodies are redacted (``arb_pipeline.redaction``)
before they reach an error message or a log line, and httpx's own request lines are filtered.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

import httpx
import orjson

from arb_pipeline.redaction import install_log_redaction, redact, redact_url
from arb_pipeline.venues.backoff import backoff_delay

log = logging.getLogger(__name__)

T = TypeVar("T")

#: signer(method, url_path) -> headers; called once per attempt so timestamps stay fresh.
RequestSigner = Callable[[str, str], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``max_requests`` per ``period_s`` seconds for requests whose path (relative to
    the client's base URL) starts with ``path_prefix`` ("" matches every request)."""

    name: str
    max_requests: int
    period_s: float
    path_prefix: str = ""
    method: str | None = None

    def applies_to(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if not self.path_prefix:
            return True
        # "/book" must not throttle "/books": match whole path segments.
        return path == self.path_prefix or path.startswith(self.path_prefix.rstrip("/") + "/")


class RateLimiter:
    """Sliding-window limiter over a set of :class:`RateLimit` rules; every rule that applies to
    a request must have room before the request goes out."""

    def __init__(self, limits: Iterable[RateLimit], clock: Callable[[], float] = time.monotonic):
        self.limits = tuple(limits)
        self._sent: dict[str, deque[float]] = {limit.name: deque() for limit in self.limits}
        self._lock = asyncio.Lock()
        self._clock = clock
        self.waited_s = 0.0

    def _wait_needed(self, method: str, path: str, now: float) -> float:
        wait = 0.0
        for limit in self.limits:
            if not limit.applies_to(method, path):
                continue
            window = self._sent[limit.name]
            while window and now - window[0] >= limit.period_s:
                window.popleft()
            if len(window) >= limit.max_requests:
                wait = max(wait, limit.period_s - (now - window[0]))
        return wait

    async def acquire(self, method: str, path: str) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                wait = self._wait_needed(method, path, now)
                if wait <= 0:
                    break
                self.waited_s += wait
                await asyncio.sleep(wait)
            for limit in self.limits:
                if limit.applies_to(method, path):
                    self._sent[limit.name].append(now)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 6
    base_delay_s: float = 0.25
    max_delay_s: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})

    def delay(self, attempt: int, retry_after_s: float | None) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (attempt counts from 1). A server's
        Retry-After wins when present (see :mod:`arb_pipeline.venues.backoff`)."""
        return backoff_delay(attempt, self.base_delay_s, self.max_delay_s, retry_after_s)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` is delay-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(tz=UTC))).total_seconds(), 0.0)


class VenueHttpError(RuntimeError):
    """A request that failed for good: a non-retryable status, or retries exhausted. ``url`` and
    ``detail`` are redacted: the Odds API key rides in the query string, and a venue's error body
    may echo a credential back."""

    def __init__(self, venue: str, method: str, url: str, status: int | None, detail: str):
        url, detail = redact_url(url), redact(detail)
        where = f"{venue} {method} {url}"
        status_text = f"HTTP {status}" if status is not None else "transport error"
        super().__init__(f"{where}: {status_text}: {detail}")
        self.venue = venue
        self.method = method
        self.url = url
        self.status = status
        self.detail = detail


@dataclass(frozen=True, slots=True)
class HttpResult:
    """A successful response: raw bytes as they came (for capture), decoded JSON, headers.
    ``url`` is redacted (it is for messages)."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str]
    received_ts: datetime
    attempts: int
    venue: str = ""
    method: str = "GET"

    def json(self) -> Any:
        try:
            return orjson.loads(self.content)
        except orjson.JSONDecodeError as exc:
            raise VenueHttpError(self.venue, self.method, self.url, self.status, f"body is not JSON: {exc}") from None


@dataclass
class HttpStats:
    requests: int = 0
    retries: int = 0
    failures: int = 0
    retried_statuses: dict[int, int] = field(default_factory=dict)


class AsyncClosing:
    """``async with`` for a client that has an ``aclose``: the client is closed on the way out."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        raise NotImplementedError


class VenueHttpClient(AsyncClosing):
    """Async HTTP client for one venue base URL, applying the rate limits and retry policy."""

    def __init__(
        self,
        venue: str,
        base_url: str,
        rate_limits: Iterable[RateLimit] = (),
        retry: RetryPolicy | None = None,
        timeout: httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
        signer: RequestSigner | None = None,
        max_connections: int = 20,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.venue = venue
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.signer = signer
        self.limiter = RateLimiter(rate_limits)
        self.stats = HttpStats()
        install_log_redaction()
        self._client = httpx.AsyncClient(
            timeout=timeout or httpx.Timeout(20.0, connect=5.0),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"Accept": "application/json", "User-Agent": "arb-pipeline/0.1", **(headers or {})},
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(self, path: str, params: Any = None, *, sign: bool = False) -> HttpResult:
        return await self.request("GET", path, params=params, sign=sign)

    async def post(self, path: str, json_body: Any, *, sign: bool = False) -> HttpResult:
        return await self.request("POST", path, json_body=json_body, sign=sign)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json_body: Any = None,
        sign: bool = False,
    ) -> HttpResult:
        url = self.base_url + path
        url_path = urlsplit(url).path
        content = orjson.dumps(json_body) if json_body is not None else None
        attempt = 0
        while True:
            attempt += 1
            await self.limiter.acquire(method, path.split("?", 1)[0])
            headers: dict[str, str] = {}
            if content is not None:
                headers["Content-Type"] = "application/json"
            if sign:
                if self.signer is None:
                    raise VenueHttpError(self.venue, method, url, None, "this request must be signed but no credentials are configured")
                headers.update(self.signer(method, url_path))
            self.stats.requests += 1
            retry_after: float | None = None
            try:
                response = await self._client.request(method, url, params=params, content=content, headers=headers)
            except httpx.TransportError as exc:
                status, detail = None, redact(f"{type(exc).__name__}: {exc}")
            else:
                if response.status_code < 400:
                    return HttpResult(
                        url=redact_url(response.url),
                        status=response.status_code,
                        content=response.content,
                        headers=dict(response.headers),
                        received_ts=datetime.now(tz=UTC),
                        attempts=attempt,
                        venue=self.venue,
                        method=method,
                    )
                status, detail = response.status_code, redact(response.text[:300])
                if status not in self.retry.retry_statuses:
                    self.stats.failures += 1
                    raise VenueHttpError(self.venue, method, redact_url(response.url), status, detail)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                self.stats.retried_statuses[status] = self.stats.retried_statuses.get(status, 0) + 1
            if attempt >= self.retry.max_attempts:
                self.stats.failures += 1
                raise VenueHttpError(self.venue, method, url, status, f"gave up after {attempt} attempts; last: {detail}")
            delay = self.retry.delay(attempt, retry_after)
            self.stats.retries += 1
            log.warning(
                "%s %s %s failed (%s); retry %d in %.2fs", self.venue, method, redact_url(url), status or detail, attempt, delay
            )
            await asyncio.sleep(delay)


class VenueClient(AsyncClosing):
    """A venue's REST client over one :class:`VenueHttpClient` (``http``), closed with it."""

    http: VenueHttpClient

    async def aclose(self) -> None:
        await self.http.aclose()


async def numbered_pages(pages: AsyncIterator[HttpResult], label: str) -> AsyncIterator[tuple[Any, str]]:
    """Each page's decoded body with where it came from (``"<label> page <n>"``), for messages
    that name the page a record was on."""
    number = 0
    async for page in pages:
        number += 1
        yield page.json(), f"{label} page {number}"


async def run_bounded(jobs: Sequence[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    """Run ``jobs`` concurrently, at most ``limit`` at a time, and return their results in the
    order given. Many single-item requests finish sooner this way while the client's rate limiter
    still paces them. The first failure cancels the rest and is raised as itself, not as an
    ExceptionGroup, so the one line a command prints (and a capture's incomplete_reason) says
    what went wrong."""
    semaphore = asyncio.Semaphore(limit)

    async def bounded(job: Callable[[], Awaitable[T]]) -> T:
        async with semaphore:
            return await job()

    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(bounded(job)) for job in jobs]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from failed
    return [task.result() for task in tasks]
