"""Opportunity alerts against a local webhook receiver over real HTTP: the bar, the cooldown,
retries, a sink that stays down, and the Slack and plain payloads."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, QuoteTimes, SpreadKey
from arb_pipeline.streamer.alerts import AlertDecision, AlertPolicy, OpportunityAlerts, dollars, payload, summary
from arb_pipeline.streamer.metrics import StreamerMetrics
from arb_pipeline.venues.http import RetryPolicy

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def event(
    ticker: str = "KXFED-26MAR-T4.00",
    *,
    net_profit: str = "10.4567",
    apy: str | None = "0.85",
    event_type: EventType = EventType.OPEN,
) -> OpportunityEvent:
    return OpportunityEvent(
        event_key=f"key-{ticker}-{event_type}-{net_profit}",
        event_type=event_type,
        key=SpreadKey(OpportunityKind.CROSS_VENUE, ticker, "512345", "yes", "71330"),
        kalshi_tickers=(ticker,),
        contracts=Decimal("250"),
        kalshi_avg_price=Decimal("0.41"),
        polymarket_avg_price=Decimal("0.5375"),
        kalshi_fee=Decimal("4.26"),
        polymarket_fee=Decimal("0.0525"),
        cost=Decimal("1240.4108"),
        net_profit=Decimal(net_profit),
        edge_per_contract=Decimal("0.0418268"),
        days_to_resolution=Decimal("12.500001"),
        apy=None if apy is None else Decimal(apy),
        opened_at=T0,
        evaluated_at=T0 + timedelta(seconds=2),
        times=QuoteTimes(),
        lifetime=timedelta(seconds=2) if event_type is EventType.CLOSE else None,
        reason="no edge" if event_type is EventType.CLOSE else None,
    )


class Receiver:
    """A webhook endpoint: answers each post with the next status of ``statuses`` (then 200),
    or holds it until released when ``hold`` is set."""

    def __init__(self) -> None:
        self.bodies: list[dict] = []
        self.statuses: list[int] = []
        self.hold: asyncio.Event | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        if self.hold is not None:
            await self.hold.wait()
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status, headers={"Retry-After": "0"} if status == 429 else None)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    app = web.Application()
    app.router.add_post("/hook", hook.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    hook.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        yield hook
    finally:
        if hook.hold is not None:
            hook.hold.set()
        await runner.cleanup()


def policy(url: str | None, **changes: object) -> AlertPolicy:
    base = AlertPolicy(
        webhook_url=url,
        min_net_profit=Decimal("5.00"),
        min_apy=Decimal("0.10"),
        cooldown_s=300.0,
        retry=RetryPolicy(max_attempts=3, base_delay_s=0.01, max_delay_s=0.02),
        queue_size=10,
        timeout_s=5.0,
    )
    return replace(base, **changes)


async def _until(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


def _samples(metrics: StreamerMetrics) -> dict[tuple[str, tuple], float]:
    families = text_string_to_metric_families(metrics.exposition().decode())
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


async def test_an_opportunity_above_the_bar_is_posted_once_per_cooldown_and_logged(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    now = [1000.0]
    metrics = StreamerMetrics()
    alerts = OpportunityAlerts(policy(receiver.url), metrics, clock=lambda: now[0])
    await alerts.start()
    with caplog.at_level(logging.WARNING, logger="arb_pipeline.streamer.alerts"):
        assert alerts.consider(event()) is AlertDecision.QUEUED
        assert alerts.consider(event(net_profit="12.00", event_type=EventType.CHANGE)) is AlertDecision.SUPPRESSED
        assert alerts.consider(event("KXOTHER", net_profit="4.99")) is AlertDecision.BELOW_THRESHOLD
        assert alerts.consider(event("KXOTHER", apy="0.09")) is AlertDecision.BELOW_THRESHOLD
        assert alerts.consider(event("KXOTHER", apy=None)) is AlertDecision.BELOW_THRESHOLD
        assert alerts.consider(event(event_type=EventType.CLOSE)) is AlertDecision.NOT_ALERTABLE
        now[0] += 301
        assert alerts.consider(event(net_profit="12.00", event_type=EventType.CHANGE)) is AlertDecision.QUEUED
        await _until(lambda: alerts.counts["sent"] == 2)
    await alerts.stop()

    assert [body["net_profit"] for body in receiver.bodies] == ["10.4567", "12.00"]
    first = receiver.bodies[0]
    assert first["type"] == "arb_opportunity" and first["event_type"] == "open"
    assert first["kalshi_ticker"] == "KXFED-26MAR-T4.00" and first["polymarket_token"] == "71330"
    assert first["cost"] == "1240.4108" and first["fees"] == "4.3125" and first["apy"] == "0.85"
    assert "net profit $10.46 after $4.31 fees" in first["text"]
    alert_lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("opportunity alert:")]
    assert len(alert_lines) == 2 and "Kalshi KXFED-26MAR-T4.00 YES + Polymarket market 512345" in alert_lines[0]
    samples = _samples(metrics)
    assert samples[("arb_streamer_alerts_total", (("outcome", "sent"),))] == 2
    assert samples[("arb_streamer_alerts_total", (("outcome", "suppressed"),))] == 1
    assert samples[("arb_streamer_alerts_total", (("outcome", "failed"),))] == 0


async def test_failures_are_retried_with_backoff_then_counted(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = StreamerMetrics()
    alerts = OpportunityAlerts(policy(receiver.url), metrics)
    await alerts.start()
    receiver.statuses = [503, 429]
    alerts.consider(event("KXA"))
    await _until(lambda: alerts.counts["sent"] == 1)
    assert len(receiver.bodies) == 3

    receiver.statuses = [500, 502, 503]
    alerts.consider(event("KXB"))
    await _until(lambda: alerts.counts["failed"] == 1)
    assert len(receiver.bodies) == 6

    # A refusal that retrying cannot fix is not retried.
    receiver.statuses = [400]
    alerts.consider(event("KXC"))
    await _until(lambda: alerts.counts["failed"] == 2)
    await alerts.stop()
    assert len(receiver.bodies) == 7
    assert _samples(metrics)[("arb_streamer_alert_retries_total", ())] == 4
    failures = [r.getMessage() for r in caplog.records if "could not be delivered" in r.getMessage()]
    assert failures[0].endswith("(HTTP 503); it was logged above") and "(HTTP 400)" in failures[1]
    assert "/hook" not in failures[0]


async def test_a_sink_that_stays_down_never_holds_the_stream_and_drops_the_oldest(receiver: Receiver) -> None:
    receiver.hold = asyncio.Event()
    metrics = StreamerMetrics()
    alerts = OpportunityAlerts(policy(receiver.url, queue_size=2), metrics)
    await alerts.start()
    assert alerts.consider(event("KX0")) is AlertDecision.QUEUED
    await _until(lambda: len(receiver.bodies) == 1)
    # The sender is stuck on KX0: every further alert is decided at once.
    decisions = [alerts.consider(event(f"KX{i}")) for i in range(1, 6)]
    assert decisions == [AlertDecision.QUEUED] * 5
    assert alerts.counts["dropped"] == 3
    assert _samples(metrics)[("arb_streamer_alert_queue", ())] == 2
    await alerts.stop(timeout_s=0.1)
    # The three pushed out, the two still queued and the one stuck in delivery.
    assert alerts.counts == {"sent": 0, "failed": 0, "suppressed": 0, "dropped": 6}


async def test_without_a_webhook_alerts_are_logged_only_said_once_at_start(caplog: pytest.LogCaptureFixture) -> None:
    alerts = OpportunityAlerts(policy(None))
    with caplog.at_level(logging.INFO, logger="arb_pipeline.streamer.alerts"):
        await alerts.start()
        assert alerts.consider(event()) is AlertDecision.LOGGED
        assert alerts.consider(event("KXOTHER")) is AlertDecision.LOGGED
    await alerts.stop()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "no alert webhook is configured (ARB_STREAMER_ALERT_WEBHOOK_URL)" in warnings[0]
    alert_lines = [r for r in caplog.records if r.getMessage().startswith("opportunity alert: Arbitrage open")]
    assert len(alert_lines) == 2 and all(r.levelno == logging.INFO for r in alert_lines)


def test_a_slack_hook_gets_slack_blocks_and_money_in_dollars_and_cents() -> None:
    slack = payload("https://hooks.slack.com/services/T000/B000/XXXXXXXX", event())
    assert set(slack) == {"text", "blocks"}
    assert slack["text"] == summary(event())
    fields = {
        field["text"].split("\n")[0].strip("*"): field["text"].split("\n")[1]
        for block in slack["blocks"]
        if block["type"] == "section" and "fields" in block
        for field in block["fields"]
    }
    assert fields == {
        "Net profit": "$10.46", "APY": "85.0%", "Contracts": "250", "Cost": "$1,240.41", "Fees": "$4.31",
        "Edge per contract": "$0.04",
    }  # fmt: skip
    plain = payload("https://alerts.example.com/hook", event())
    assert plain["net_profit"] == "10.4567" and "blocks" not in plain


@pytest.mark.parametrize(
    ("value", "shown"),
    [("1234.565", "$1,234.56"), ("1234.575", "$1,234.58"), ("-0.05", "-$0.05"), ("0.004", "$0.00"), ("7", "$7.00")],
)
def test_dollars(value: str, shown: str) -> None:
    assert dollars(Decimal(value)) == shown
