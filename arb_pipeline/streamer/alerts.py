"""Opportunity alerts: a log line and a JSON webhook when an opportunity clears the alert bar.

:meth:`OpportunityAlerts.consider` is what the hot path calls with every opportunity event. It
decides at once and never waits: an ``open`` or ``change`` event whose net profit and APY both
reach the configured minimums alerts, unless its pair alerted within the cooldown (then it is
counted as suppressed). An alert is logged (at WARNING; at INFO when no webhook is configured,
which :meth:`OpportunityAlerts.start` says once) and put on a bounded queue; a sender task posts the
queue to the webhook one by one, retrying failures with the project's HTTP retry policy
(exponential backoff with jitter, the server's ``Retry-After`` honoured). If the webhook stays
down long enough for the queue to fill, the oldest alert is dropped and counted: a stale alert
is worth less than a fresh one, and the stream never waits for a webhook.

A Slack incoming webhook (host ``hooks.slack.com``) gets Slack's ``{"text", "blocks"}`` format;
any other URL a plain JSON object with exact decimal strings. People read money as dollars and
cents.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp

from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent
from arb_pipeline.redaction import redact
from arb_pipeline.streamer.metrics import ALERT_OUTCOMES
from arb_pipeline.streamer.settings import ALERT_WEBHOOK_URL_ENV
from arb_pipeline.venues.http import RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    from arb_pipeline.streamer.metrics import StreamerMetrics
    from arb_pipeline.streamer.settings import StreamerSettings

log = logging.getLogger(__name__)

SLACK_HOST = "hooks.slack.com"
_CENT = Decimal("0.01")


class AlertDecision(StrEnum):
    QUEUED = "queued"  # logged, and on its way to the webhook
    LOGGED = "logged"  # logged; no webhook is configured
    SUPPRESSED = "suppressed"  # its pair alerted within the cooldown
    BELOW_THRESHOLD = "below_threshold"
    NOT_ALERTABLE = "not_alertable"  # a close event


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """Who gets alerts and for what. Money in dollars, APY a fraction a year."""

    webhook_url: str | None
    min_net_profit: Decimal
    min_apy: Decimal
    cooldown_s: float
    retry: RetryPolicy
    queue_size: int
    timeout_s: float = 10.0

    @classmethod
    def from_settings(cls, settings: StreamerSettings) -> AlertPolicy:
        return cls(
            webhook_url=settings.alert_webhook_url,
            min_net_profit=settings.alert_min_net_profit,
            min_apy=settings.alert_min_apy,
            cooldown_s=settings.alert_cooldown_s,
            retry=RetryPolicy(
                max_attempts=settings.alert_max_attempts,
                base_delay_s=settings.alert_retry_base_s,
                max_delay_s=settings.alert_retry_max_s,
            ),
            queue_size=settings.alert_queue_size,
        )


def dollars(value: Decimal) -> str:
    """``value`` as a person reads money: ``$1,234.57``, ``-$0.05`` (to the cent, half to even)."""
    cents = value.quantize(_CENT, rounding=ROUND_HALF_EVEN)
    return f"{'-' if cents < 0 else ''}${abs(cents):,.2f}"


def _percent(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_EVEN)}%"


def _legs(event: OpportunityEvent) -> str:
    key = event.key
    if key.kind is OpportunityKind.CROSS_VENUE:
        tickers = " + ".join(event.kalshi_tickers or (key.kalshi_ticker or "",))
        return (
            f"buy Kalshi {tickers} {(key.kalshi_side or '').upper()} + Polymarket market {key.polymarket_market_id} "
            f"token {key.polymarket_token}"
        )
    if key.kind is OpportunityKind.KALSHI_YES_NO:
        return f"buy Kalshi {key.kalshi_ticker} YES + NO"
    return f"buy every outcome token of Polymarket market {key.polymarket_market_id}"


def summary(event: OpportunityEvent) -> str:
    """One line a trader can act on."""
    days = "n/a" if event.days_to_resolution is None else f"{event.days_to_resolution.normalize():f}"
    verb = "open" if event.event_type is EventType.OPEN else "changed"
    return (
        f"Arbitrage {verb}: {_legs(event)}: {event.contracts.normalize():f} contracts for {dollars(event.cost)}, "
        f"net profit {dollars(event.net_profit)} after {dollars(event.fees)} fees, APY {_percent(event.apy)}, "
        f"{days} days to resolution"
    )


def is_slack(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == SLACK_HOST


def payload(url: str, event: OpportunityEvent) -> dict[str, Any]:
    """What is posted to ``url`` for ``event``: Slack's format for a Slack hook, else a plain
    object with exact decimal strings beside the text."""
    text = summary(event)
    if is_slack(url):
        fields = [
            ("Net profit", dollars(event.net_profit)),
            ("APY", _percent(event.apy)),
            ("Contracts", f"{event.contracts.normalize():f}"),
            ("Cost", dollars(event.cost)),
            ("Fees", dollars(event.fees)),
            ("Edge per contract", dollars(event.edge_per_contract)),
        ]
        return {
            "text": text,
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{text.split(': ', 1)[0]}*\n{_legs(event)}"}},
                {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{name}*\n{value}"} for name, value in fields]},
                {
                    "type": "context",
                    "elements": [
                        {"type": "mrkdwn", "text": f"opened {event.opened_at.isoformat()} · event {event.event_key}"}
                    ],
                },
            ],
        }
    key = event.key
    exact = {
        "contracts": event.contracts, "cost": event.cost, "net_profit": event.net_profit, "fees": event.fees,
        "kalshi_fee": event.kalshi_fee, "polymarket_fee": event.polymarket_fee,
        "edge_per_contract": event.edge_per_contract, "apy": event.apy, "days_to_resolution": event.days_to_resolution,
    }  # fmt: skip
    return {
        "type": "arb_opportunity",
        "event_type": event.event_type.value,
        "event_key": event.event_key,
        "kind": key.kind.value,
        "kalshi_ticker": key.kalshi_ticker,
        "kalshi_tickers": list(event.kalshi_tickers),
        "kalshi_side": key.kalshi_side,
        "polymarket_market_id": key.polymarket_market_id,
        "polymarket_token": key.polymarket_token,
        **{name: None if value is None else str(value) for name, value in exact.items()},
        "opened_at": event.opened_at.isoformat(),
        "evaluated_at": event.evaluated_at.isoformat(),
        "text": text,
    }


def _webhook_label(url: str) -> str:
    # The path of a Slack hook is its credential; logs name the host only.
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}"


class OpportunityAlerts:
    """Alerts for one streamer. ``consider`` from the event loop; ``start`` before and ``stop``
    after (they run the sender task)."""

    def __init__(
        self,
        policy: AlertPolicy,
        metrics: StreamerMetrics | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if policy.queue_size < 1:
            raise ValueError("the alert queue must hold at least one alert")
        self.policy = policy
        self.metrics = metrics
        self._clock = clock
        self._last_alert: dict[tuple[str | None, str | None], float] = {}
        self._queue: collections.deque[OpportunityEvent] = collections.deque()
        self._pending = asyncio.Event()
        self._sender: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._busy = False
        #: Alerts by outcome: sent, failed, suppressed, dropped.
        self.counts = dict.fromkeys(ALERT_OUTCOMES, 0)

    async def start(self) -> None:
        if self.policy.webhook_url is None:
            # Said once here: a WARNING per alert would say it again on every line.
            log.warning("no alert webhook is configured (%s): opportunity alerts are logged only, at INFO", ALERT_WEBHOOK_URL_ENV)
            return
        if self._sender is not None:
            return
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.policy.timeout_s))
        self._sender = asyncio.create_task(self._send_forever(), name="opportunity-alerts")

    async def stop(self, timeout_s: float = 5.0) -> None:
        """Send what is queued within ``timeout_s``, then stop; what is left is counted dropped."""
        if self._sender is not None:
            deadline = time.monotonic() + timeout_s
            while (self._queue or self._busy) and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            # An alert still being delivered when time is up is abandoned with the queued ones.
            abandoned = 1 if self._busy else 0
            self._sender.cancel()
            try:
                await self._sender
            except asyncio.CancelledError:
                pass
            self._sender = None
            for _ in range(abandoned):
                self._count("dropped")
            for _ in range(len(self._queue)):
                self._queue.popleft()
                self._count("dropped")
            self._update_queue_gauge()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def consider(self, event: OpportunityEvent) -> AlertDecision:
        """Alert on ``event`` if it clears the bar and its pair is out of cooldown. Never waits."""
        if event.event_type is EventType.CLOSE:
            return AlertDecision.NOT_ALERTABLE
        policy = self.policy
        if event.net_profit < policy.min_net_profit or event.apy is None or event.apy < policy.min_apy:
            return AlertDecision.BELOW_THRESHOLD
        now = self._clock()
        pair = event.key.pair
        last = self._last_alert.get(pair)
        if last is not None and now - last < policy.cooldown_s:
            self._count("suppressed")
            return AlertDecision.SUPPRESSED
        self._last_alert[pair] = now
        if policy.webhook_url is None:
            log.info("opportunity alert: %s", summary(event))
            return AlertDecision.LOGGED
        log.warning("opportunity alert: %s", summary(event))
        if len(self._queue) >= policy.queue_size:
            dropped = self._queue.popleft()
            self._count("dropped")
            log.warning("alert queue full (%d): dropped the oldest alert, %s", policy.queue_size, dropped.event_key)
        self._queue.append(event)
        self._update_queue_gauge()
        self._pending.set()
        return AlertDecision.QUEUED

    def _count(self, outcome: str) -> None:
        self.counts[outcome] += 1
        if self.metrics is not None:
            self.metrics.observe_alert(outcome)

    def _update_queue_gauge(self) -> None:
        if self.metrics is not None:
            self.metrics.alert_queue.set(len(self._queue))

    async def _send_forever(self) -> None:
        while True:
            await self._pending.wait()
            self._pending.clear()
            while self._queue:
                event = self._queue.popleft()
                self._update_queue_gauge()
                self._busy = True
                try:
                    await self._deliver(event)
                finally:
                    self._busy = False

    async def _deliver(self, event: OpportunityEvent) -> None:
        url = self.policy.webhook_url
        assert url is not None and self._session is not None
        body = payload(url, event)
        retry = self.policy.retry
        problem = ""
        for attempt in range(1, retry.max_attempts + 1):
            retry_after: float | None = None
            try:
                async with self._session.post(url, json=body) as response:
                    if 200 <= response.status < 300:
                        self._count("sent")
                        return
                    problem = f"HTTP {response.status}"
                    if response.status not in retry.retry_statuses:
                        break
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
            except (aiohttp.ClientError, TimeoutError) as exc:
                problem = f"{type(exc).__name__}: {redact(str(exc))}"
            if attempt < retry.max_attempts:
                if self.metrics is not None:
                    self.metrics.alert_retries.inc()
                await asyncio.sleep(retry.delay(attempt, retry_after))
        self._count("failed")
        log.error(
            "opportunity alert %s could not be delivered to %s (%s); it was logged above",
            event.event_key, _webhook_label(url), problem,
        )  # fmt: skip
