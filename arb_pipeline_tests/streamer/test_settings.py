"""The streamer's settings: defaults, the environment, flags over the environment, and one-line
errors naming the variable or flag."""

from __future__ import annotations

import argparse
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.config import SettingsError
from arb_pipeline.streamer.settings import SETTINGS, StreamerSettings, max_silence_s
from arb_pipeline_tests.paths import REPO_ROOT


def test_defaults_from_an_empty_environment(tmp_path: Path) -> None:
    settings = StreamerSettings.from_env({"ARB_HOME": str(tmp_path)})
    assert settings.metrics_port == 9108 and settings.metrics_host == "0.0.0.0"
    assert settings.polymarket_assets_per_connection == 200 and settings.kalshi_tickers_per_subscription == 256
    assert settings.spill_dir == tmp_path / "streamer" / "spill"
    assert settings.alert_webhook_url is None and settings.alert_min_net_profit == Decimal("5.00")
    assert isinstance(settings.write_batch_rows, int) and isinstance(settings.write_flush_interval_s, float)


def test_every_setting_from_the_environment(tmp_path: Path) -> None:
    env = {
        "ARB_HOME": str(tmp_path),
        "ARB_STREAMER_METRICS_PORT": "9200",
        "ARB_STREAMER_METRICS_HOST": "127.0.0.1",
        "ARB_STREAMER_PAIR_POLL_INTERVAL_S": "5",
        "ARB_STREAMER_FEE_POLL_INTERVAL_S": "60",
        "ARB_STREAMER_POLYMARKET_ASSETS_PER_CONNECTION": "150",
        "ARB_STREAMER_KALSHI_TICKERS_PER_SUBSCRIPTION": "100",
        "ARB_STREAMER_WATCHDOG_FIRST_EVENT_S": "8",
        "ARB_STREAMER_WATCHDOG_SILENCE_S": "90",
        "ARB_STREAMER_WATCHDOG_ESCALATION_S": "20",
        "ARB_STREAMER_POLYMARKET_SILENT_SOCKET_S": "25",
        "ARB_STREAMER_STALE_BOOK_S": "45",
        "ARB_STREAMER_HEALTH_MAX_SILENT_S": "20",
        "ARB_STREAMER_HEALTH_MAX_DISCONNECTED_S": "10",
        "ARB_STREAMER_HEALTH_WRITE_INTERVAL_S": "5",
        "ARB_STREAMER_WRITE_BATCH_ROWS": "500",
        "ARB_STREAMER_WRITE_FLUSH_INTERVAL_S": "0.1",
        "ARB_STREAMER_WRITE_MAX_MEMORY_ROWS": "10000",
        "ARB_STREAMER_WRITE_STATEMENT_TIMEOUT_S": "12.5",
        "ARB_STREAMER_SPILL_DIR": str(tmp_path / "spill-here"),
        "ARB_STREAMER_DEPTH_SNAPSHOT_INTERVAL_S": "30",
        "ARB_STREAMER_ALERT_WEBHOOK_URL": "https://hooks.slack.com/services/T000/B000/abcdefghijkl",
        "ARB_STREAMER_ALERT_MIN_NET_PROFIT": "25.50",
        "ARB_STREAMER_ALERT_MIN_APY": "0.35",
        "ARB_STREAMER_ALERT_COOLDOWN_S": "0",
        "ARB_STREAMER_ALERT_MAX_ATTEMPTS": "3",
        "ARB_STREAMER_ALERT_RETRY_BASE_S": "1",
        "ARB_STREAMER_ALERT_RETRY_MAX_S": "10",
        "ARB_STREAMER_ALERT_QUEUE_SIZE": "50",
    }
    settings = StreamerSettings.from_env(env)
    defaults = StreamerSettings()
    # Every field was read from its variable: none kept its default.
    assert [f.name for f in fields(StreamerSettings) if getattr(settings, f.name) == getattr(defaults, f.name)] == []
    assert settings.alert_min_net_profit == Decimal("25.50") and settings.write_statement_timeout_s == 12.5
    assert settings.spill_dir == tmp_path / "spill-here"
    # The webhook is a credential: never in repr.
    assert "abcdefghijkl" not in repr(settings)


def test_flags_win_over_the_environment_and_are_checked_alike(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    StreamerSettings.add_arguments(parser)
    env = {"ARB_HOME": str(tmp_path), "ARB_STREAMER_METRICS_PORT": "9200", "ARB_STREAMER_WRITE_BATCH_ROWS": "700"}
    args = parser.parse_args(["--metrics-port", "9300", "--alert-min-apy", "0.5", "--spill-dir", str(tmp_path / "s")])
    settings = StreamerSettings.from_args(args, env)
    assert (settings.metrics_port, settings.write_batch_rows, settings.alert_min_apy) == (9300, 700, Decimal("0.5"))
    assert settings.spill_dir == tmp_path / "s"
    with pytest.raises(SettingsError) as error:
        StreamerSettings.from_args(parser.parse_args(["--metrics-port", "http"]), env)
    assert str(error.value) == (
        "--metrics-port='http' is not valid: expected the TCP port of /metrics and /healthz (0: any free port), "
        "a whole number in [0, 65535] (default 9108)"
    )


def test_the_watchdog_steps_wait_for_a_first_event_unless_told_otherwise(tmp_path: Path) -> None:
    home = {"ARB_HOME": str(tmp_path)}
    assert StreamerSettings.from_env(home).watchdog_escalation_s == 15.0
    assert StreamerSettings.from_env({**home, "ARB_STREAMER_WATCHDOG_FIRST_EVENT_S": "4"}).watchdog_escalation_s == 4.0
    given = StreamerSettings.from_env({**home, "ARB_STREAMER_WATCHDOG_FIRST_EVENT_S": "4", "ARB_STREAMER_WATCHDOG_ESCALATION_S": "9"})
    assert (given.watchdog_first_event_s, given.watchdog_escalation_s) == (4.0, 9.0)
    flagged = StreamerSettings.from_env({**home, "ARB_STREAMER_WATCHDOG_FIRST_EVENT_S": "4"}, {"watchdog_escalation_s": "2.5"})
    assert flagged.watchdog_escalation_s == 2.5
    with pytest.raises(SettingsError, match="ARB_STREAMER_WATCHDOG_ESCALATION_S='0' is not valid"):
        StreamerSettings.from_env({**home, "ARB_STREAMER_WATCHDOG_ESCALATION_S": "0"})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ARB_STREAMER_METRICS_PORT": "70000"}, "ARB_STREAMER_METRICS_PORT='70000' is not valid: expected"),
        ({"ARB_STREAMER_WRITE_BATCH_ROWS": "2.5"}, "ARB_STREAMER_WRITE_BATCH_ROWS='2.5' is not valid: expected rows per COPY into the warehouse, a whole number >= 1"),
        ({"ARB_STREAMER_WRITE_FLUSH_INTERVAL_S": "0"}, "ARB_STREAMER_WRITE_FLUSH_INTERVAL_S='0' is not valid: expected seconds"),
        ({"ARB_STREAMER_ALERT_MIN_NET_PROFIT": "ten"}, "ARB_STREAMER_ALERT_MIN_NET_PROFIT='ten' is not valid"),
        ({"ARB_STREAMER_STALE_BOOK_S": "nan"}, "ARB_STREAMER_STALE_BOOK_S='nan' is not valid"),
        (
            {"ARB_STREAMER_ALERT_RETRY_BASE_S": "10", "ARB_STREAMER_ALERT_RETRY_MAX_S": "1"},
            "ARB_STREAMER_ALERT_RETRY_MAX_S=1 is below ARB_STREAMER_ALERT_RETRY_BASE_S=10",
        ),
        (
            {"ARB_STREAMER_WRITE_BATCH_ROWS": "5000", "ARB_STREAMER_WRITE_MAX_MEMORY_ROWS": "1000"},
            "ARB_STREAMER_WRITE_MAX_MEMORY_ROWS=1000 is below ARB_STREAMER_WRITE_BATCH_ROWS=5000",
        ),
        ({"ARB_STREAMER_WATCHDOG_SILENCE_S": "5"}, "ARB_STREAMER_WATCHDOG_SILENCE_S=5 is below ARB_STREAMER_WATCHDOG_FIRST_EVENT_S"),
        (
            {"ARB_STREAMER_ALERT_WEBHOOK_URL": "hooks.slack.com/services/T000/B000/secretpart"},
            "ARB_STREAMER_ALERT_WEBHOOK_URL is not a usable URL (the value given): expected http(s)://",
        ),
    ],
)
def test_an_unusable_value_is_one_line_naming_the_setting(env: dict[str, str], message: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as error:
        StreamerSettings.from_env({"ARB_HOME": str(tmp_path), **env})
    text = str(error.value)
    assert message in text and "\n" not in text
    assert "secretpart" not in text


def test_the_dagster_side_silence_limit() -> None:
    assert max_silence_s({}) == 120.0
    assert max_silence_s({"ARB_STREAMER_MAX_SILENCE_S": "45"}) == 45.0
    with pytest.raises(SettingsError, match="ARB_STREAMER_MAX_SILENCE_S='-1' is not valid"):
        max_silence_s({"ARB_STREAMER_MAX_SILENCE_S": "-1"})


def test_every_setting_is_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    names = [setting.env for setting in SETTINGS.values()]
    names += ["ARB_STREAMER_SPILL_DIR", "ARB_STREAMER_METRICS_HOST", "ARB_STREAMER_ALERT_WEBHOOK_URL", "ARB_STREAMER_MAX_SILENCE_S"]
    assert len(names) == len(fields(StreamerSettings)) + 1
    assert [name for name in names if f"`{name}`" not in readme] == []
