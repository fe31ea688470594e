"""deploy/grafana/arb-streamer.json: valid JSON, a Prometheus data source variable, a panel for
each metric family, and no query on a metric the streamer does not export."""

from __future__ import annotations

import json
import re

from prometheus_client.parser import text_string_to_metric_families

from arb_pipeline.streamer.health import HealthState
from arb_pipeline.streamer.metrics import StreamerMetrics
from arb_pipeline_tests.paths import REPO_ROOT

DASHBOARD = REPO_ROOT / "deploy" / "grafana" / "arb-streamer.json"
_METRIC = re.compile(r"\barb_streamer_[a-z0-9_]+")


class _Backlog:
    backlog_rows = 1
    spilled_rows = 1
    oldest_unwritten_age_s = 1.0


def _exported() -> tuple[set[str], set[str]]:
    """The family names and sample names the streamer's registry exports, with each metric given
    a value."""
    metrics = StreamerMetrics()
    metrics.observe_message("kalshi")
    metrics.observe_decode_error("kalshi", "bad_json")
    metrics.observe_reconnect("kalshi")
    metrics.observe_resync("kalshi", "gap")
    metrics.observe_watchdog_action("kalshi", "resubscribe")
    metrics.set_book_staleness("kalshi", 1.0)
    metrics.observe_latency(0.0002)
    metrics.track_writer(_Backlog)
    metrics.observe_flush({"book_ticks": 1})
    metrics.observe_write_failure("outage")
    metrics.observe_rejected_row("book_ticks")
    metrics.observe_spill(1)
    metrics.observe_writer_restart()
    metrics.alert_retries.inc()
    health = HealthState(["kalshi"], max_silent_s=60, max_disconnected_s=30)
    health.mark_message("kalshi")
    metrics.track_health(health)
    families = list(text_string_to_metric_families(metrics.exposition().decode()))
    # The text format shows each counter's creation time as a gauge of its own (``*_created``):
    # prometheus-client's bookkeeping, not something to chart.
    names = {family.name for family in families if not family.name.endswith("_created")}
    return names, {sample.name for family in families for sample in family.samples}


def _targets(panels: list[dict]) -> list[dict]:
    found = []
    for panel in panels:
        found += panel.get("targets", [])
        found += _targets(panel.get("panels", []))
    return found


def test_the_dashboard_queries_only_metrics_the_streamer_exports() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"

    panels = [panel for panel in dashboard["panels"] if panel["type"] != "row"]
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])
    assert all(panel["datasource"]["uid"] == "${datasource}" for panel in panels)
    targets = _targets(dashboard["panels"])
    assert len(targets) >= 20 and all(target["datasource"]["uid"] == "${datasource}" for target in targets)

    queried = {name for target in targets for name in _METRIC.findall(target["expr"])}
    families, samples = _exported()
    assert len(families) >= 20
    assert queried - samples == set()

    # Every family has a panel: what the streamer exports, the dashboard shows.
    shown = {re.sub(r"_(total|bucket|count|sum)$", "", name) for name in queried}
    assert families - shown == set()
    titles = " | ".join(panel["title"] for panel in panels)
    for words in ("Messages per second", "Decode errors", "Reconnects and resyncs", "staleness", "Write backlog",
                  "Write lag", "Opportunities open", "latency"):  # fmt: skip
        assert words in titles
    latency = next(panel for panel in panels if "latency" in panel["title"])
    assert {target["legendFormat"] for target in latency["targets"]} >= {"p50", "p99"}
