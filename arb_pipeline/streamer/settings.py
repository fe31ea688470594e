"""The streamer's settings: every one from an ``ARB_STREAMER_*`` environment variable, each
overridable by a command-line flag of the same name (``--metrics-port`` for
``ARB_STREAMER_METRICS_PORT``), read when the streamer starts, never at import time.

A value that cannot be used raises :class:`~arb_pipeline.config.SettingsError`: one line naming
the variable (or the flag it came from), the value given and what is expected, as every other
setting of the project does (``arb_pipeline.config``).

The table of settings, :data:`SETTINGS`, is the one place a setting is declared: its field on
:class:`StreamerSettings`, its variable, its flag, its meaning and its bounds. The README's
configuration table and docs/streamer.md list the same settings.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from arb_pipeline.config import NumberSetting, SettingsError, data_dir
from arb_pipeline.redaction import register_secret

ENV_PREFIX = "ARB_STREAMER_"


@dataclass(frozen=True, slots=True)
class WholeNumberSetting(NumberSetting):
    """A :class:`NumberSetting` that must also be a whole number (a port, a count of rows)."""

    def expected(self) -> str:
        return NumberSetting.expected(self).replace("a number", "a whole number", 1)

    def read(self, env: Mapping[str, str], default: Decimal | float) -> Decimal:
        value = NumberSetting.read(self, env, default)
        if value != value.to_integral_value():
            raise SettingsError(f"{self.env}={env[self.env]!r} is not valid: expected {self.expected()} (default {default})")
        return value


def _seconds(name: str, meaning: str) -> NumberSetting:
    return NumberSetting(ENV_PREFIX + name, f"seconds {meaning}", low_inclusive=False)


def _count(name: str, meaning: str, low: int = 1, high: int | None = None) -> WholeNumberSetting:
    return WholeNumberSetting(ENV_PREFIX + name, meaning, low=Decimal(low), high=None if high is None else Decimal(high))


#: Every numeric setting, by StreamerSettings field. The variable is ``ARB_STREAMER_`` + the
#: field name in capitals, and the flag ``--`` + the field name with dashes.
SETTINGS: dict[str, NumberSetting] = {
    "metrics_port": _count("METRICS_PORT", "the TCP port of /metrics and /healthz (0: any free port)", low=0, high=65535),
    "pair_poll_interval_s": _seconds("PAIR_POLL_INTERVAL_S", "between reads of the approved pairs"),
    "fee_poll_interval_s": _seconds("FEE_POLL_INTERVAL_S", "between reads of Kalshi's scheduled series fee changes"),
    # Polymarket sockets have been seen to accept a large subscription and then send nothing
    # (reported at about 250 assets on one connection): stay well under that.
    "polymarket_assets_per_connection": _count(
        "POLYMARKET_ASSETS_PER_CONNECTION", "Polymarket assets subscribed on one WebSocket connection"
    ),
    "kalshi_tickers_per_subscription": _count(
        "KALSHI_TICKERS_PER_SUBSCRIPTION", "Kalshi market tickers in one orderbook_delta subscribe command"
    ),
    "watchdog_first_event_s": _seconds("WATCHDOG_FIRST_EVENT_S", "a subscribed instrument may take to send its first event"),
    "watchdog_silence_s": _seconds("WATCHDOG_SILENCE_S", "an instrument may stay silent before the watchdog acts"),
    "watchdog_escalation_s": _seconds(
        "WATCHDOG_ESCALATION_S", "a watchdog step is given to bring an event before the next step is taken"
    ),
    "polymarket_silent_socket_s": _seconds(
        "POLYMARKET_SILENT_SOCKET_S", "a Polymarket socket may deliver no frame before it is dropped and reopened"
    ),
    "stale_book_s": _seconds("STALE_BOOK_S", "without an update or a confirmation before a live book is excluded"),
    "health_max_silent_s": _seconds("HEALTH_MAX_SILENT_S", "a venue may send nothing before /healthz fails"),
    "health_max_disconnected_s": _seconds("HEALTH_MAX_DISCONNECTED_S", "a venue may stay disconnected before /healthz fails"),
    "health_write_interval_s": _seconds("HEALTH_WRITE_INTERVAL_S", "between stream_health rows"),
    "write_batch_rows": _count("WRITE_BATCH_ROWS", "rows per COPY into the warehouse"),
    "write_flush_interval_s": _seconds("WRITE_FLUSH_INTERVAL_S", "a row may wait before a flush"),
    "write_max_memory_rows": _count("WRITE_MAX_MEMORY_ROWS", "unwritten rows held in memory before spilling to disk"),
    "write_statement_timeout_s": _seconds("WRITE_STATEMENT_TIMEOUT_S", "a warehouse write may take before it is abandoned and retried"),
    "depth_snapshot_interval_s": _seconds("DEPTH_SNAPSHOT_INTERVAL_S", "between full-depth snapshots of each book"),
    "alert_min_net_profit": NumberSetting(ENV_PREFIX + "ALERT_MIN_NET_PROFIT", "dollars of net profit an opportunity needs to alert"),
    "alert_min_apy": NumberSetting(ENV_PREFIX + "ALERT_MIN_APY", "the APY (a fraction a year) an opportunity needs to alert"),
    "alert_cooldown_s": NumberSetting(ENV_PREFIX + "ALERT_COOLDOWN_S", "seconds between two alerts for one pair"),
    "alert_max_attempts": _count("ALERT_MAX_ATTEMPTS", "tries to deliver one alert"),
    "alert_retry_base_s": _seconds("ALERT_RETRY_BASE_S", "before the first retry of an alert (doubling after)"),
    "alert_retry_max_s": _seconds("ALERT_RETRY_MAX_S", "at most between two tries of an alert"),
    "alert_queue_size": _count("ALERT_QUEUE_SIZE", "alerts waiting to be sent before the oldest is dropped"),
}

#: Settings that are text, not numbers.
SPILL_DIR_ENV = ENV_PREFIX + "SPILL_DIR"
METRICS_HOST_ENV = ENV_PREFIX + "METRICS_HOST"
ALERT_WEBHOOK_URL_ENV = ENV_PREFIX + "ALERT_WEBHOOK_URL"

#: The Dagster side's setting: how long the streamer may go without writing before the
#: silent-streamer sensor reports it. Read by the sensor, not by the streamer.
SILENCE_SETTING = NumberSetting(ENV_PREFIX + "MAX_SILENCE_S", "seconds without a streamer write before Dagster reports it silent", low_inclusive=False)
DEFAULT_MAX_SILENCE_S = Decimal(120)


def flag_for(name: str) -> str:
    return "--" + name.replace("_", "-")


@dataclass(frozen=True, slots=True)
class StreamerSettings:
    """What the streamer service needs beyond the venue endpoints, credentials, warehouse and scan
    thresholds (those come from :mod:`arb_pipeline.config` and the warehouse settings, shared with
    the rest of the project). Times are seconds, money dollars, APY a fraction a year."""

    #: Where /metrics and /healthz listen. 0.0.0.0 so a Prometheus on another host (or the pod
    #: network) can scrape it, as exporters conventionally bind.
    metrics_host: str = "0.0.0.0"
    metrics_port: int = 9108
    pair_poll_interval_s: float = 30.0
    fee_poll_interval_s: float = 300.0
    polymarket_assets_per_connection: int = 200
    # Kalshi accepts many tickers per command; chunks keep one refused or slow command small.
    kalshi_tickers_per_subscription: int = 256
    watchdog_first_event_s: float = 15.0
    watchdog_silence_s: float = 45.0
    #: Unset: ``watchdog_first_event_s``, the step's own wait for a first event.
    watchdog_escalation_s: float = 15.0
    #: Three of Polymarket's 10 s text pings unanswered (docs/venues.md#polymarket-market-websocket).
    polymarket_silent_socket_s: float = 30.0
    stale_book_s: float = 60.0
    health_max_silent_s: float = 60.0
    health_max_disconnected_s: float = 30.0
    health_write_interval_s: float = 15.0
    write_batch_rows: int = 2_000
    write_flush_interval_s: float = 0.25
    write_max_memory_rows: int = 500_000
    write_statement_timeout_s: float = 30.0
    #: Unwritten rows past the memory bound go here; None: ``<ARB_HOME>/streamer/spill``.
    spill_dir: Path | None = None
    depth_snapshot_interval_s: float = 60.0
    #: None: no webhook (alerts are still logged). A Slack incoming-webhook URL is a credential:
    #: it stays out of repr and is redacted wherever it appears.
    alert_webhook_url: str | None = field(default=None, repr=False)
    alert_min_net_profit: Decimal = Decimal("5.00")
    alert_min_apy: Decimal = Decimal("0.10")
    alert_cooldown_s: float = 300.0
    alert_max_attempts: int = 5
    alert_retry_base_s: float = 0.5
    alert_retry_max_s: float = 30.0
    alert_queue_size: int = 1_000

    def __post_init__(self) -> None:
        register_secret(self.alert_webhook_url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None) -> StreamerSettings:
        """Every setting from ``env`` (default: the process environment); unset or empty ones keep
        their defaults. ``overrides`` (by field name; None means "not given") win over the
        environment: command-line flags, as text to be checked like a variable, or typed values.
        Raises :class:`SettingsError` on the first unusable value, naming the variable or flag."""
        env = os.environ if env is None else env
        overrides = {name: value for name, value in (overrides or {}).items() if value is not None}
        unknown = sorted(set(overrides) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown streamer settings {unknown}")
        defaults = cls()
        values: dict[str, Any] = {}
        for name, setting in SETTINGS.items():
            default = getattr(defaults, name)
            if name in overrides:
                raw = overrides[name]
                # A flag is checked exactly like its variable, and the message names the flag.
                setting = _as_flag(setting, name)
                value = setting.read({setting.env: str(raw)}, default)
            else:
                value = setting.read(env, default)
            values[name] = _typed(value, default)
        if overrides.get("watchdog_escalation_s") is None and not env.get(SETTINGS["watchdog_escalation_s"].env, "").strip():
            # Not given: each step waits as long as a new subscription may take to answer.
            values["watchdog_escalation_s"] = values["watchdog_first_event_s"]
        values["metrics_host"] = str(overrides.get("metrics_host") or env.get(METRICS_HOST_ENV) or defaults.metrics_host).strip()
        spill = overrides.get("spill_dir") or env.get(SPILL_DIR_ENV)
        values["spill_dir"] = Path(spill).expanduser() if spill else data_dir(env) / "streamer" / "spill"
        url_source = flag_for("alert_webhook_url") if overrides.get("alert_webhook_url") else ALERT_WEBHOOK_URL_ENV
        url = str(overrides.get("alert_webhook_url") or env.get(ALERT_WEBHOOK_URL_ENV) or "").strip() or None
        if url is not None:
            register_secret(url)
            _check_webhook_url(url_source, url)
        values["alert_webhook_url"] = url
        settings = cls(**values)
        settings._check_relations()
        return settings

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """One flag per setting, each defaulting to "not given" so the environment decides."""
        for f in fields(cls):
            setting = SETTINGS.get(f.name)
            if f.name == "watchdog_escalation_s":
                help_text = f"{setting.meaning} (${setting.env}; default: the first-event wait)"
            elif setting is not None:
                help_text = f"{setting.meaning} (${setting.env}; default {getattr(cls(), f.name)})"
            elif f.name == "spill_dir":
                help_text = f"where unwritten rows spill past the memory bound (${SPILL_DIR_ENV}; default $ARB_HOME/streamer/spill)"
            elif f.name == "metrics_host":
                help_text = f"the address /metrics and /healthz listen on (${METRICS_HOST_ENV}; default {cls().metrics_host})"
            else:
                help_text = (
                    f"where alerts are posted; a Slack incoming webhook gets Slack's format (${ALERT_WEBHOOK_URL_ENV}, "
                    "preferred: a flag shows in the process list)"
                )
            parser.add_argument(flag_for(f.name), dest=f.name, default=None, metavar="VALUE", help=help_text)

    @classmethod
    def from_args(cls, args: argparse.Namespace, env: Mapping[str, str] | None = None) -> StreamerSettings:
        """The settings from the environment with the flags :meth:`add_arguments` added on top."""
        return cls.from_env(env, {f.name: getattr(args, f.name, None) for f in fields(cls)})

    def _check_relations(self) -> None:
        # Each of these would make a component misbehave in a way no single bound catches.
        if self.alert_retry_max_s < self.alert_retry_base_s:
            raise SettingsError(
                f"{SETTINGS['alert_retry_max_s'].env}={self.alert_retry_max_s:g} is below "
                f"{SETTINGS['alert_retry_base_s'].env}={self.alert_retry_base_s:g}: the longest wait between tries "
                "cannot be shorter than the first"
            )
        if self.write_max_memory_rows < self.write_batch_rows:
            raise SettingsError(
                f"{SETTINGS['write_max_memory_rows'].env}={self.write_max_memory_rows} is below "
                f"{SETTINGS['write_batch_rows'].env}={self.write_batch_rows}: memory must hold at least one batch"
            )
        if self.watchdog_silence_s < self.watchdog_first_event_s:
            raise SettingsError(
                f"{SETTINGS['watchdog_silence_s'].env}={self.watchdog_silence_s:g} is below "
                f"{SETTINGS['watchdog_first_event_s'].env}={self.watchdog_first_event_s:g}: an instrument cannot be "
                "declared silent sooner than it may take to send its first event"
            )


def _as_flag(setting: NumberSetting, name: str) -> NumberSetting:
    return replace(setting, env=flag_for(name))


def _typed(value: Decimal, default: object) -> Any:
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def _check_webhook_url(source: str, url: str) -> None:
    # The path of a Slack webhook is its credential: the message shows scheme and host only.
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        shown = f"{parts.scheme}://{parts.hostname}/..." if parts.scheme and parts.hostname else "the value given"
        raise SettingsError(
            f"{source} is not a usable URL ({shown}): expected http(s)://host[:port]/path, e.g. a Slack incoming webhook"
        )


def max_silence_s(env: Mapping[str, str] | None = None) -> float:
    """``ARB_STREAMER_MAX_SILENCE_S``: how long the streamer may go without a write to
    stream_health or book_ticks before Dagster reports it silent (default 120 s)."""
    env = os.environ if env is None else env
    return float(SILENCE_SETTING.read(env, DEFAULT_MAX_SILENCE_S))
