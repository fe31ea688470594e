"""The streamer's Prometheus metrics, and the HTTP server for /metrics and /healthz.

Each :class:`StreamerMetrics` has its own registry (never prometheus-client's global one), so
tests and two streamers in one process never see each other's numbers.

Two kinds of metric, by who updates them:

* The hot path's (messages, decode errors, reconnects, resyncs, watchdog actions, staleness,
  pairs evaluated, opportunities open, the message-to-opportunity latency) are plain Python
  counters owned by the event loop and turned into Prometheus samples only when scraped
  (:class:`_HotPathCollector`). Measured on this machine (benchmarks/bench_stream_writer.py), a
  prometheus-client labelled child's ``inc()`` costs 0.4-0.9 us and ``Histogram.observe()``
  0.9-1.8 us, against 0.1 us and 0.2-0.3 us here: at 150,000 messages a second the library's
  objects would take a fifth to a third of the core. These methods must be called from the event
  loop's thread only.
* Everything else (the writer thread's flushes and failures, alerts) uses prometheus-client's
  own thread-safe metrics.

Names are ``arb_streamer_*``; deploy/grafana/arb-streamer.json queries them.
"""

from __future__ import annotations

import bisect
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.exposition import choose_encoder, generate_latest
from prometheus_client.registry import Collector

from arb_pipeline.streamer.health import HealthState

log = logging.getLogger(__name__)

PREFIX = "arb_streamer_"

#: Message-to-opportunity latency buckets, seconds: fine below a millisecond, where the hot path
#: is meant to be, and up to a second, where something is wrong.
LATENCY_BUCKETS: tuple[float, ...] = (
    0.00005, 0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
)  # fmt: skip

#: What the watchdog may do to a silent instrument, in the order it escalates.
WATCHDOG_ACTIONS = ("resubscribe", "reconnect", "rest_resync")

#: Alert outcomes counted in ``arb_streamer_alerts_total``.
ALERT_OUTCOMES = ("sent", "failed", "suppressed", "dropped")


class WriterBacklog(Protocol):
    """What the metrics read from the batched writer at scrape time."""

    @property
    def backlog_rows(self) -> int: ...

    @property
    def spilled_rows(self) -> int: ...

    @property
    def oldest_unwritten_age_s(self) -> float: ...


class _Histogram:
    """A fixed-bucket histogram: a bisect and two additions per observation."""

    __slots__ = ("bounds", "counts", "total", "count")

    def __init__(self, bounds: Sequence[float]) -> None:
        self.bounds = list(bounds)
        self.counts = [0] * (len(self.bounds) + 1)
        self.total = 0.0
        self.count = 0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.bounds, value)] += 1
        self.total += value
        self.count += 1

    def cumulative(self) -> list[tuple[str, float]]:
        buckets: list[tuple[str, float]] = []
        running = 0
        for bound, count in zip([*map(str, self.bounds), "+Inf"], self.counts, strict=True):
            running += count
            buckets.append((bound, running))
        return buckets


class StreamerMetrics:
    """Every metric of one streamer, in :attr:`registry`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        # Hot path: event-loop thread only.
        self._messages: defaultdict[str, int] = defaultdict(int)
        self._decode_errors: defaultdict[tuple[str, str], int] = defaultdict(int)
        self._reconnects: defaultdict[str, int] = defaultdict(int)
        self._resyncs: defaultdict[tuple[str, str], int] = defaultdict(int)
        self._watchdog: defaultdict[tuple[str, str], int] = defaultdict(int)
        self._staleness: dict[str, float] = {}
        self._pairs_evaluated = 0
        self._opportunities_open = 0
        self._latency = _Histogram(LATENCY_BUCKETS)
        self._writer: Callable[[], WriterBacklog] | None = None
        self._health: HealthState | None = None
        self.registry.register(_HotPathCollector(self))
        # Any thread.
        self.write_flushes = Counter(
            PREFIX + "write_flushes", "COPY batches committed to the warehouse", registry=self.registry
        )
        self.rows_written = Counter(
            PREFIX + "rows_written", "rows the warehouse took (replayed rows it already had excluded)", ["table"],
            registry=self.registry,
        )  # fmt: skip
        self.write_failures = Counter(
            PREFIX + "write_failures",
            "warehouse writes that failed: outage (unreachable, timed out, table missing), rejected (a row the "
            "warehouse refused) or error (anything else; the rows are kept and retried)",
            ["reason"],
            registry=self.registry,
        )
        self.rows_rejected = Counter(
            PREFIX + "rows_rejected", "rows left out because they cannot be stored (each one logged)", ["table"],
            registry=self.registry,
        )  # fmt: skip
        self.rows_spilled = Counter(
            PREFIX + "rows_spilled", "rows written to the local spill files past the memory bound", registry=self.registry
        )
        self.writer_restarts = Counter(
            PREFIX + "writer_restarts",
            "writer processes found dead and started again (the rows in a dead one's memory are lost)",
            registry=self.registry,
        )
        self.alerts = Counter(
            PREFIX + "alerts", "opportunity alerts: sent, failed (retries exhausted), suppressed (cooldown), dropped (queue full)",
            ["outcome"], registry=self.registry,
        )  # fmt: skip
        self.alert_retries = Counter(PREFIX + "alert_retries", "alert deliveries tried again", registry=self.registry)
        self.alert_queue = Gauge(PREFIX + "alert_queue", "alerts waiting to be sent", registry=self.registry)
        for outcome in ALERT_OUTCOMES:
            self.alerts.labels(outcome)

    # --- hot path (event loop thread) ---------------------------------------------------------

    def observe_message(self, venue: str, count: int = 1) -> None:
        self._messages[venue] += count

    def observe_decode_error(self, venue: str, kind: str) -> None:
        self._decode_errors[venue, kind] += 1

    def observe_reconnect(self, venue: str) -> None:
        self._reconnects[venue] += 1

    def observe_resync(self, venue: str, reason: str) -> None:
        """A book rebuilt from a fresh snapshot, by why: e.g. ``gap``, ``reconnect``, ``watchdog``."""
        self._resyncs[venue, reason] += 1

    def observe_watchdog_action(self, venue: str, action: str) -> None:
        if action not in WATCHDOG_ACTIONS:
            raise ValueError(f"unknown watchdog action {action!r}; expected one of {WATCHDOG_ACTIONS}")
        self._watchdog[venue, action] += 1

    def set_book_staleness(self, venue: str, seconds: float) -> None:
        """The age of ``venue``'s oldest live book (since its last update or confirmation)."""
        self._staleness[venue] = seconds

    def observe_pairs_evaluated(self, count: int = 1) -> None:
        self._pairs_evaluated += count

    def set_opportunities_open(self, count: int) -> None:
        self._opportunities_open = count

    def observe_latency(self, seconds: float) -> None:
        """From a venue message's receipt to the opportunity event it caused."""
        self._latency.observe(seconds)

    # --- read at scrape time ------------------------------------------------------------------

    def track_writer(self, backlog: Callable[[], WriterBacklog]) -> None:
        """Report the writer's backlog, spill and lag from ``backlog()`` at every scrape."""
        self._writer = backlog

    def track_health(self, health: HealthState) -> None:
        """Report each venue's connection and last-message age from ``health`` at every scrape."""
        self._health = health

    # --- any thread -----------------------------------------------------------------------------

    def observe_flush(self, rows_by_table: dict[str, int]) -> None:
        self.write_flushes.inc()
        for table, rows in rows_by_table.items():
            self.rows_written.labels(table).inc(rows)

    def observe_write_failure(self, reason: str) -> None:
        self.write_failures.labels(reason).inc()

    def observe_rejected_row(self, table: str, rows: int = 1) -> None:
        self.rows_rejected.labels(table).inc(rows)

    def observe_spill(self, rows: int) -> None:
        self.rows_spilled.inc(rows)

    def observe_writer_restart(self) -> None:
        self.writer_restarts.inc()

    def observe_alert(self, outcome: str) -> None:
        if outcome not in ALERT_OUTCOMES:
            raise ValueError(f"unknown alert outcome {outcome!r}; expected one of {ALERT_OUTCOMES}")
        self.alerts.labels(outcome).inc()

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


class _HotPathCollector(Collector):
    def __init__(self, metrics: StreamerMetrics) -> None:
        self._metrics = metrics

    def describe(self) -> list[Metric]:
        # Declared so the registry knows the names up front (and refuses a clash) without
        # asking the writer or health state for values.
        return list(self._families(with_values=False))

    def collect(self) -> Iterator[Metric]:
        return self._families(with_values=True)

    def _families(self, with_values: bool) -> Iterator[Metric]:
        m = self._metrics
        # dict() copies in one step: a scrape from another thread never sees a dict mid-change.
        messages = CounterMetricFamily(PREFIX + "messages", "venue messages received", labels=["venue"])
        decode = CounterMetricFamily(PREFIX + "decode_errors", "messages that could not be used, by kind", labels=["venue", "kind"])
        reconnects = CounterMetricFamily(PREFIX + "reconnects", "WebSocket connections reopened", labels=["venue"])
        resyncs = CounterMetricFamily(PREFIX + "resyncs", "books rebuilt from a fresh snapshot, by reason", labels=["venue", "reason"])
        watchdog = CounterMetricFamily(
            PREFIX + "watchdog_actions", "watchdog steps on silent instruments: resubscribe, reconnect, rest_resync",
            labels=["venue", "action"],
        )  # fmt: skip
        staleness = GaugeMetricFamily(PREFIX + "book_staleness_seconds", "age of the venue's oldest live book", labels=["venue"])
        evaluated = CounterMetricFamily(PREFIX + "pairs_evaluated", "pair directions re-evaluated on a book change")
        open_now = GaugeMetricFamily(PREFIX + "opportunities_open", "opportunities open now")
        latency = HistogramMetricFamily(
            PREFIX + "message_to_opportunity_seconds", "from a venue message's receipt to the opportunity event it caused"
        )
        backlog = GaugeMetricFamily(PREFIX + "write_backlog_rows", "rows received and not yet in the warehouse (memory and spill)")
        spilled = GaugeMetricFamily(PREFIX + "write_spilled_rows", "unwritten rows in the local spill files")
        lag = GaugeMetricFamily(PREFIX + "write_lag_seconds", "age of the oldest row not yet in the warehouse (0 when none)")
        connected = GaugeMetricFamily(PREFIX + "venue_connected", "1 when every connection of the venue is up", labels=["venue"])
        silence = GaugeMetricFamily(
            PREFIX + "venue_last_message_age_seconds", "seconds since the venue's last message", labels=["venue"]
        )
        if with_values:
            for venue, count in dict(m._messages).items():
                messages.add_metric([venue], count)
            for (venue, kind), count in dict(m._decode_errors).items():
                decode.add_metric([venue, kind], count)
            for venue, count in dict(m._reconnects).items():
                reconnects.add_metric([venue], count)
            for (venue, reason), count in dict(m._resyncs).items():
                resyncs.add_metric([venue, reason], count)
            for (venue, action), count in dict(m._watchdog).items():
                watchdog.add_metric([venue, action], count)
            for venue, seconds in dict(m._staleness).items():
                staleness.add_metric([venue], seconds)
            evaluated.add_metric([], m._pairs_evaluated)
            open_now.add_metric([], m._opportunities_open)
            histogram = m._latency
            latency.add_metric([], histogram.cumulative(), histogram.total)
            if m._writer is not None:
                stats = m._writer()
                backlog.add_metric([], stats.backlog_rows)
                spilled.add_metric([], stats.spilled_rows)
                lag.add_metric([], stats.oldest_unwritten_age_s)
            if m._health is not None:
                for venue in m._health.report().venues:
                    connected.add_metric([venue.venue], 1 if venue.connected else 0)
                    if venue.last_message_age_s is not None:
                        silence.add_metric([venue.venue], venue.last_message_age_s)
        yield from (messages, decode, reconnects, resyncs, watchdog, staleness, evaluated, open_now, latency)
        yield from (backlog, spilled, lag, connected, silence)


class MetricsServer:
    """``GET /metrics`` (the registry in Prometheus text format) and ``GET /healthz`` (200 with a
    JSON body when every venue is connected and sending within the limits, 503 with the problem
    venues named otherwise), on the streamer's event loop."""

    def __init__(self, metrics: StreamerMetrics, health: HealthState, *, host: str = "0.0.0.0", port: int = 9108) -> None:
        self.metrics = metrics
        self.health = health
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        metrics.track_health(health)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        # No access log: Prometheus scrapes every few seconds, and each line would say nothing.
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        # Port 0 asks for any free port: report the one the system gave.
        self.port = self._runner.addresses[0][1]
        log.info("metrics on http://%s:%d/metrics, health on /healthz", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> MetricsServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _metrics(self, request: web.Request) -> web.Response:
        # The format the scraper asks for (Prometheus text or OpenMetrics), as prometheus-client's
        # own HTTP handlers negotiate it.
        encoder, content_type = choose_encoder(request.headers.get("Accept", ""))
        return web.Response(body=encoder(self.metrics.registry), headers={"Content-Type": content_type})

    async def _healthz(self, request: web.Request) -> web.Response:
        report = self.health.report()
        status = 200 if report.healthy else 503
        return web.Response(status=status, text=json.dumps(report.as_json()), content_type="application/json")
