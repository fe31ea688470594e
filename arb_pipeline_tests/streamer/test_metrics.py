"""/metrics and /healthz over real HTTP: every named metric in the Prometheus text format, a
registry per streamer, and a health check that fails when a venue goes silent or disconnects."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from arb_pipeline.streamer.health import HealthState
from arb_pipeline.streamer.metrics import LATENCY_BUCKETS, MetricsServer, StreamerMetrics


@dataclass
class Backlog:
    backlog_rows: int = 1234
    spilled_rows: int = 1000
    oldest_unwritten_age_s: float = 42.5


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def health(clock: Clock) -> HealthState:
    return HealthState(["kalshi", "polymarket"], max_silent_s=60, max_disconnected_s=30, clock=clock)


@pytest.fixture
async def server(health: HealthState) -> AsyncIterator[MetricsServer]:
    async with MetricsServer(StreamerMetrics(), health, host="127.0.0.1", port=0) as running:
        yield running


async def _get(server: MetricsServer, path: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{server.port}{path}") as response:
        return response.status, response.headers["Content-Type"], await response.text()


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_serves_every_named_metric_in_the_text_format(server: MetricsServer, health: HealthState) -> None:
    metrics = server.metrics
    metrics.observe_message("kalshi", 3)
    metrics.observe_message("polymarket")
    metrics.observe_decode_error("polymarket", "bad_json")
    metrics.observe_reconnect("kalshi")
    metrics.observe_resync("kalshi", "gap")
    metrics.observe_resync("polymarket", "reconnect")
    metrics.observe_watchdog_action("polymarket", "resubscribe")
    metrics.set_book_staleness("kalshi", 2.5)
    metrics.observe_pairs_evaluated(7)
    metrics.set_opportunities_open(2)
    for seconds in (0.00007, 0.0004, 0.0004, 0.002, 2.0):
        metrics.observe_latency(seconds)
    metrics.track_writer(Backlog)
    metrics.observe_flush({"book_ticks": 2000, "opportunity_events": 3})
    metrics.observe_write_failure("outage")
    metrics.observe_rejected_row("book_ticks")
    metrics.observe_spill(1000)
    metrics.observe_alert("sent")
    metrics.observe_alert("suppressed")
    health.mark_connected("kalshi", True)
    health.mark_message("kalshi")

    status, content_type, text = await _get(server, "/metrics")

    assert status == 200 and content_type.startswith("text/plain; version=0.0.4")
    samples = _samples(text)
    expected = {
        ("arb_streamer_messages_total", (("venue", "kalshi"),)): 3,
        ("arb_streamer_messages_total", (("venue", "polymarket"),)): 1,
        ("arb_streamer_decode_errors_total", (("kind", "bad_json"), ("venue", "polymarket"))): 1,
        ("arb_streamer_reconnects_total", (("venue", "kalshi"),)): 1,
        ("arb_streamer_resyncs_total", (("reason", "gap"), ("venue", "kalshi"))): 1,
        ("arb_streamer_resyncs_total", (("reason", "reconnect"), ("venue", "polymarket"))): 1,
        ("arb_streamer_watchdog_actions_total", (("action", "resubscribe"), ("venue", "polymarket"))): 1,
        ("arb_streamer_book_staleness_seconds", (("venue", "kalshi"),)): 2.5,
        ("arb_streamer_pairs_evaluated_total", ()): 7,
        ("arb_streamer_opportunities_open", ()): 2,
        ("arb_streamer_write_backlog_rows", ()): 1234,
        ("arb_streamer_write_spilled_rows", ()): 1000,
        ("arb_streamer_write_lag_seconds", ()): 42.5,
        ("arb_streamer_write_flushes_total", ()): 1,
        ("arb_streamer_rows_written_total", (("table", "book_ticks"),)): 2000,
        ("arb_streamer_rows_written_total", (("table", "opportunity_events"),)): 3,
        ("arb_streamer_write_failures_total", (("reason", "outage"),)): 1,
        ("arb_streamer_rows_rejected_total", (("table", "book_ticks"),)): 1,
        ("arb_streamer_rows_spilled_total", ()): 1000,
        ("arb_streamer_alerts_total", (("outcome", "sent"),)): 1,
        ("arb_streamer_alerts_total", (("outcome", "suppressed"),)): 1,
        ("arb_streamer_alerts_total", (("outcome", "failed"),)): 0,
        ("arb_streamer_venue_connected", (("venue", "kalshi"),)): 1,
        ("arb_streamer_venue_connected", (("venue", "polymarket"),)): 0,
        ("arb_streamer_venue_last_message_age_seconds", (("venue", "kalshi"),)): 0,
        ("arb_streamer_message_to_opportunity_seconds_count", ()): 5,
    }
    assert {key: samples.get(key) for key in expected} == expected
    buckets = {
        dict(labels)["le"]: value
        for (name, labels), value in samples.items()
        if name == "arb_streamer_message_to_opportunity_seconds_bucket"
    }
    assert len(buckets) == len(LATENCY_BUCKETS) + 1
    assert (buckets["5e-05"], buckets["0.0001"], buckets["0.0005"], buckets["0.0025"], buckets["1.0"], buckets["+Inf"]) == (
        0, 1, 3, 4, 4, 5,
    )  # fmt: skip
    assert samples[("arb_streamer_message_to_opportunity_seconds_sum", ())] == pytest.approx(2.00287)


def test_each_streamer_has_its_own_registry() -> None:
    first, second = StreamerMetrics(), StreamerMetrics()
    first.observe_message("kalshi", 5)
    first.observe_alert("sent")
    assert _samples(first.exposition().decode())[("arb_streamer_messages_total", (("venue", "kalshi"),))] == 5
    untouched = _samples(second.exposition().decode())
    assert ("arb_streamer_messages_total", (("venue", "kalshi"),)) not in untouched
    assert untouched[("arb_streamer_alerts_total", (("outcome", "sent"),))] == 0
    with pytest.raises(ValueError, match="unknown watchdog action"):
        first.observe_watchdog_action("kalshi", "restart")


async def test_healthz_fails_when_a_venue_goes_silent_or_stays_disconnected(
    server: MetricsServer, health: HealthState, clock: Clock
) -> None:
    for venue in ("kalshi", "polymarket"):
        health.mark_connected(venue, True)
        health.mark_message(venue)
    status, content_type, body = await _get(server, "/healthz")
    assert status == 200 and content_type.startswith("application/json")
    assert '"status": "ok"' in body

    clock.now += 45
    health.mark_message("kalshi")
    clock.now += 20  # polymarket: 65 s without a message
    status, _, body = await _get(server, "/healthz")
    assert status == 503
    report = health.report().as_json()
    assert report["status"] == "unhealthy"
    assert report["problems"] == ["polymarket: no message for 65.0 s (limit 60 s)"]
    assert report["venues"]["kalshi"]["problems"] == [] and report["venues"]["kalshi"]["last_message_age_s"] == 20.0
    assert "polymarket: no message for 65.0 s" in body

    health.mark_message("polymarket")
    health.mark_connected("kalshi", False, connection="main")
    clock.now += 31
    health.mark_message("kalshi")
    health.mark_message("polymarket")
    assert health.report().problems == ["kalshi: disconnected for 31.0 s, 1 of 1 connections down (limit 30 s)"]
    health.mark_connected("kalshi", True)
    assert health.report().healthy
    assert (await _get(server, "/healthz"))[0] == 200


def test_a_venue_is_connected_only_when_every_connection_is_up(health: HealthState, clock: Clock) -> None:
    health.mark_message("kalshi")
    health.mark_message("polymarket")
    health.mark_connected("kalshi", True)
    for connection in ("ws-1", "ws-2", "ws-3"):
        health.mark_connected("polymarket", True, connection=connection)
    clock.now += 10
    health.mark_connected("polymarket", False, connection="ws-2")
    clock.now += 15
    health.mark_connected("polymarket", False, connection="ws-2")  # still down: since the first time
    clock.now += 10
    for venue in ("kalshi", "polymarket"):
        health.mark_message(venue)
    report = health.report()
    assert report.healthy  # down 25 s: within the limit
    assert not report.venues[1].connected and report.venues[1].disconnected_for_s == 25.0
    clock.now += 6
    health.mark_message("polymarket")
    health.mark_message("kalshi")
    assert health.report().problems == ["polymarket: disconnected for 31.0 s, 1 of 3 connections down (limit 30 s)"]
    # Closed on purpose (its assets were dropped): it no longer counts.
    health.forget_connection("polymarket", "ws-2")
    assert health.report().healthy


def test_a_venue_that_never_connects_or_sends_is_unhealthy_once_the_limits_pass(health: HealthState, clock: Clock) -> None:
    assert health.report().healthy
    clock.now += 31
    assert health.report().problems == [
        "kalshi: disconnected for 31.0 s, never connected (limit 30 s)",
        "polymarket: disconnected for 31.0 s, never connected (limit 30 s)",
    ]
    health.mark_connected("kalshi", True)
    health.mark_connected("polymarket", True)
    clock.now += 30
    assert health.report().problems == [
        "kalshi: no message since the start 61.0 s ago (limit 60 s)",
        "polymarket: no message since the start 61.0 s ago (limit 60 s)",
    ]


def test_a_venue_with_nothing_to_watch_is_healthy_until_it_gets_something(health: HealthState, clock: Clock) -> None:
    health.set_idle("kalshi", True)
    health.mark_connected("polymarket", True)
    health.mark_message("polymarket")
    clock.now += 100
    health.mark_message("polymarket")
    assert health.report().healthy
    # Watched from now on: the limits count from here, not from the start.
    health.set_idle("kalshi", False)
    clock.now += 29
    assert health.report().healthy
    clock.now += 2
    assert health.report().problems == ["kalshi: disconnected for 31.0 s, never connected (limit 30 s)"]
