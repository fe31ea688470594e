"""Settings read from the environment when asked for (never at import time).

Every venue base URL defaults to the real venue (docs/venues.md#hosts-and-configuration);
``arb-pipeline sandbox`` prints the values that point them at the sandbox.

A setting that cannot be used raises :class:`SettingsError`, one line naming the setting (or the
file it names) and what is expected; the CLI prints it and exits 2.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from arb_pipeline.domain.matching.matcher import MatchConfig
from arb_pipeline.domain.matching.pairs_file import PairsFile, PairsFileError, parse_pairs_file
from arb_pipeline.domain.spreads import Thresholds
from arb_pipeline.domain.trading import (
    ProfileError,
    RiskLimits,
    TradingProfile,
    default_limits,
    parse_bankroll,
    parse_profile,
)
from arb_pipeline.redaction import redact, register_secret


class SettingsError(ValueError):
    """A setting cannot be used. The message is one line: the setting (or the file it names), the
    value given and what is expected."""

REAL_ENDPOINTS = {
    "ARB_KALSHI_API_URL": "https://api.elections.kalshi.com/trade-api/v2",
    "ARB_KALSHI_WS_URL": "wss://api.elections.kalshi.com/trade-api/ws/v2",
    "ARB_POLYMARKET_GAMMA_URL": "https://gamma-api.polymarket.com",
    "ARB_POLYMARKET_CLOB_URL": "https://clob.polymarket.com",
    "ARB_POLYMARKET_WS_URL": "wss://ws-subscriptions-clob.polymarket.com/ws/market",
    "ARB_ODDS_API_URL": "https://api.the-odds-api.com",
}


@dataclass(frozen=True, slots=True)
class VenueEndpoints:
    kalshi_api_url: str = REAL_ENDPOINTS["ARB_KALSHI_API_URL"]
    kalshi_ws_url: str = REAL_ENDPOINTS["ARB_KALSHI_WS_URL"]
    polymarket_gamma_url: str = REAL_ENDPOINTS["ARB_POLYMARKET_GAMMA_URL"]
    polymarket_clob_url: str = REAL_ENDPOINTS["ARB_POLYMARKET_CLOB_URL"]
    polymarket_ws_url: str = REAL_ENDPOINTS["ARB_POLYMARKET_WS_URL"]
    odds_api_url: str = REAL_ENDPOINTS["ARB_ODDS_API_URL"]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> VenueEndpoints:
        env = os.environ if env is None else env
        values = {}
        for name, default in REAL_ENDPOINTS.items():
            value = (env.get(name) or default).strip()
            _check_url(name, value, ("ws", "wss") if name.endswith("_WS_URL") else ("http", "https"), default)
            values[name.removeprefix("ARB_").lower()] = value.rstrip("/")
        return cls(**values)

    def as_env(self) -> dict[str, str]:
        return {name: getattr(self, name.removeprefix("ARB_").lower()) for name in REAL_ENDPOINTS}


@dataclass(frozen=True, slots=True)
class Credentials:
    # Secrets stay out of repr (a resource or an error may print the object) and are registered
    # for redaction the moment they are read.
    kalshi_api_key_id: str | None = field(default=None, repr=False)
    kalshi_private_key_path: str | None = None
    odds_api_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        register_secret(self.kalshi_api_key_id)
        register_secret(self.odds_api_key)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if env is None else env
        return cls(
            kalshi_api_key_id=env.get("KALSHI_API_KEY_ID") or None,
            kalshi_private_key_path=env.get("KALSHI_PRIVATE_KEY_PATH") or None,
            odds_api_key=env.get("ODDS_API_KEY") or None,
        )


def _check_url(name: str, value: str, schemes: tuple[str, ...], default: str) -> None:
    # Caught here, the mistake is named; caught by httpx or aiohttp, it is a traceback from the
    # middle of a capture.
    parts = urlsplit(value)
    if parts.scheme.lower() not in schemes or not parts.hostname:
        raise SettingsError(
            f"{name}={redact(value)!r} is not a usable URL: expected {' or '.join(s + '://' for s in schemes)}"
            f"host[:port]/path (default {default})"
        )


#: Where the ``daily_report`` asset writes each day's report instead of ``$ARB_HOME/reports``.
REPORTS_DIR_ENV = "ARB_REPORTS_DIR"
#: The warehouse schema ``arb-pipeline demo`` owns and empties at every start unless
#: ``--schema`` names another (app/demo_state.py): never the schema anything else writes.
DEMO_SCHEMA = "arb_demo"
#: The project's data directory (embedded PostgreSQL, sandbox keys, the demo's state).
HOME_ENV = "ARB_HOME"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the project keeps state (embedded PostgreSQL, sandbox keys): ``ARB_HOME`` or
    ``~/.arb_pipeline``. Outside the repository so a clone stays clean."""
    env = os.environ if env is None else env
    path = Path(env.get(HOME_ENV) or Path.home() / ".arb_pipeline").expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(
            f"ARB_HOME={str(path)!r} cannot hold the project's data ({exc.strerror or exc}): "
            "expected a directory this user can create and write"
        ) from None
    return path


@dataclass(frozen=True, slots=True)
class NumberSetting:
    """How one numeric environment variable is read: an exact Decimal within bounds. ``meaning``
    says what the number is, for the message a wrong value gets."""

    env: str
    meaning: str
    low: Decimal = Decimal(0)
    low_inclusive: bool = True
    high: Decimal | None = None

    def expected(self) -> str:
        bounds = f"{'>=' if self.low_inclusive else '>'} {self.low}"
        if self.high is not None:
            bounds = f"in {'[' if self.low_inclusive else '('}{self.low}, {self.high}]"
        return f"{self.meaning}, a number {bounds}"

    def read(self, env: Mapping[str, str], default: Decimal | float) -> Decimal:
        raw = env.get(self.env)
        if raw is None or not raw.strip():
            return Decimal(str(default))
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = None
        low_ok = value is not None and value.is_finite() and (value >= self.low if self.low_inclusive else value > self.low)
        if value is None or not low_ok or (self.high is not None and value > self.high):
            raise SettingsError(f"{self.env}={raw!r} is not valid: expected {self.expected()} (default {default})")
        return value


#: The ScanSettings fields read from numeric environment variables. A new threshold is one entry
#: here and one field on ScanSettings (a float field gets a float, any other an exact Decimal).
NUMBER_SETTINGS: dict[str, NumberSetting] = {
    "min_net_edge": NumberSetting("ARB_MIN_NET_EDGE", "dollars per contract after fees"),
    "min_apy": NumberSetting("ARB_MIN_APY", "a fraction a year (0.10 = 10%)"),
    "min_contracts": NumberSetting("ARB_MIN_CONTRACTS", "contracts"),
    "min_net_profit": NumberSetting("ARB_MIN_NET_PROFIT", "dollars per opportunity"),
    "max_quote_age_s": NumberSetting("ARB_MAX_QUOTE_AGE_S", "seconds", low_inclusive=False),
    "max_leg_skew_s": NumberSetting("ARB_MAX_LEG_SKEW_S", "seconds between the legs' observation times"),
    "max_clock_skew_s": NumberSetting("ARB_MAX_CLOCK_SKEW_S", "seconds a time may sit in the future"),
    "pair_close_window_days": NumberSetting("ARB_PAIR_CLOSE_WINDOW_DAYS", "days between an approved pair's close times"),
    # The matcher sends pairs below its review bar to rejection: approval cannot sit under it.
    "auto_approve_confidence": NumberSetting(
        "ARB_AUTO_APPROVE_CONFIDENCE",
        "the matcher's confidence",
        low=Decimal(str(MatchConfig().review_confidence)),
        high=Decimal(1),
    ),
}


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """What the pipeline needs beyond endpoints: opportunity thresholds, the pairs file and the
    matcher's approval bar. Defaults are deliberately strict: a trader loosens them knowingly."""

    min_net_edge: Decimal = Decimal("0.005")  # dollars per contract, after fees
    min_apy: Decimal = Decimal("0.10")  # a fraction a year: 0.10 = 10 %
    min_contracts: Decimal = Decimal("5")
    min_net_profit: Decimal = Decimal("1.00")  # dollars per opportunity
    max_quote_age_s: float = 30.0
    # The legs of a spread observed further apart than this never stood side by side.
    max_leg_skew_s: float = 10.0
    # A venue stamp after our receive time, or a receive time after the scan, beyond this is a
    # clock or data error, not a quote.
    max_clock_skew_s: float = 5.0
    pairs_file: str | None = None
    auto_approve_confidence: float = 0.9
    # An approved pair whose markets close further apart than this is held for a person (the
    # matched_pairs data-quality check); the matcher's own close-date window for look-alikes.
    pair_close_window_days: float = 21.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ScanSettings:
        """Every setting from ``env`` (default: the process environment); unset or empty ones
        keep their defaults. Raises :class:`SettingsError` on the first unusable value."""
        env = os.environ if env is None else env
        defaults = cls()
        values: dict[str, object] = {}
        for field_ in fields(cls):
            setting = NUMBER_SETTINGS.get(field_.name)
            if setting is None:
                continue
            default = getattr(defaults, field_.name)
            value = setting.read(env, default)
            if isinstance(default, float):
                as_float = float(value)
                if not math.isfinite(as_float):
                    raise SettingsError(f"{setting.env}={env[setting.env]!r} is too large: expected {setting.expected()}")
                values[field_.name] = as_float
            else:
                values[field_.name] = value
        return cls(pairs_file=env.get("ARB_PAIRS_FILE") or None, **values)  # type: ignore[arg-type]

    def load_pairs_file(self) -> PairsFile | None:
        """The pairs file ``pairs_file`` names (``.json`` is JSON, anything else YAML), or None
        when none is configured. Reading lives here, parsing in the domain (no I/O there)."""
        if not self.pairs_file:
            return None
        path = Path(self.pairs_file).expanduser()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PairsFileError(str(path), [f"cannot read: {exc.strerror or exc} (set ARB_PAIRS_FILE to a readable file)"]) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise PairsFileError(
                str(path), [f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}): save it as UTF-8"]
            ) from None
        return parse_pairs_file(text, "json" if path.suffix.lower() == ".json" else "yaml", source=str(path))

    def thresholds(self) -> Thresholds:
        return Thresholds(
            min_net_edge=self.min_net_edge,
            min_apy=self.min_apy,
            min_contracts=self.min_contracts,
            max_quote_age_s=self.max_quote_age_s,
            min_net_profit=self.min_net_profit,
            max_leg_skew_s=self.max_leg_skew_s,
            max_clock_skew_s=self.max_clock_skew_s,
        )


#: How a StatefulSet pod name ends: ``<name>-<ordinal>``, the ordinal being the replica's shard.
_POD_ORDINAL = re.compile(r"(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?-)?([0-9]+)")


@dataclass(frozen=True, slots=True)
class StreamerShard:
    """Which share of the pairs this streamer replica watches (``arb_pipeline.domain.sharding``):
    shard ``shard`` of ``shards``. ``ARB_STREAMER_SHARDS`` is the replica count (default 1);
    ``ARB_STREAMER_SHARD`` is this replica's number from 0 (default 0), or the StatefulSet pod name
    whose ordinal it is (``arb-streamer-2``), so Kubernetes can pass ``metadata.name`` as it is."""

    shard: int = 0
    shards: int = 1

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StreamerShard:
        env = os.environ if env is None else env
        raw_shards = (env.get("ARB_STREAMER_SHARDS") or "").strip()
        raw_shard = (env.get("ARB_STREAMER_SHARD") or "").strip()
        shards = 1
        if raw_shards:
            if not re.fullmatch(r"[0-9]+", raw_shards) or int(raw_shards) < 1:
                raise SettingsError(
                    f"ARB_STREAMER_SHARDS={raw_shards!r} is not valid: expected the number of streamer replicas, "
                    "an integer >= 1 (default 1)"
                )
            shards = int(raw_shards)
        shard = 0
        if raw_shard:
            ordinal = _POD_ORDINAL.fullmatch(raw_shard)
            if ordinal is None:
                raise SettingsError(
                    f"ARB_STREAMER_SHARD={raw_shard!r} is not valid: expected this replica's shard, an integer from 0, "
                    "or a StatefulSet pod name ending in -<ordinal> (default 0)"
                )
            shard = int(ordinal.group(1))
        if shard >= shards:
            raise SettingsError(
                f"ARB_STREAMER_SHARD={raw_shard!r} is shard {shard}, but ARB_STREAMER_SHARDS={shards} replicas have "
                f"shards 0 to {shards - 1}: set ARB_STREAMER_SHARDS to the replica count"
            )
        return cls(shard=shard, shards=shards)


#: Read by the code location when it loads (the scan's Dagster partitions are part of its
#: definitions): every process of one deployment must be given the same value.
SCAN_SHARDS_ENV = "ARB_SCAN_SHARDS"


def scan_shards(env: Mapping[str, str] | None = None) -> int:
    """How many partitions the matching, quote, spread and opportunity assets are split into
    (``ARB_SCAN_SHARDS``, default 1; docs/operations.md#scale-out)."""
    env = os.environ if env is None else env
    raw = (env.get(SCAN_SHARDS_ENV) or "").strip()
    if not raw:
        return 1
    if not re.fullmatch(r"[0-9]+", raw) or not 1 <= int(raw) <= 1024:
        raise SettingsError(
            f"{SCAN_SHARDS_ENV}={raw!r} is not valid: expected the number of scan partitions, an integer from 1 to 1024 "
            "(default 1)"
        )
    return int(raw)


#: RiskLimits fields an environment variable overrides (default: scaled to the bankroll,
#: :func:`arb_pipeline.domain.trading.default_limits`). Counts are whole numbers.
LIMIT_SETTINGS: dict[str, NumberSetting] = {
    "max_position_contracts": NumberSetting("TRADING_MAX_POSITION_CONTRACTS", "contracts", low_inclusive=False),
    "max_capital_per_trade": NumberSetting("TRADING_MAX_CAPITAL_PER_TRADE", "dollars", low_inclusive=False),
    "max_total_capital": NumberSetting("TRADING_MAX_TOTAL_CAPITAL", "dollars", low_inclusive=False),
    "max_venue_capital": NumberSetting("TRADING_MAX_VENUE_CAPITAL", "dollars", low_inclusive=False),
    "daily_loss_limit": NumberSetting("TRADING_DAILY_LOSS_LIMIT", "dollars", low_inclusive=False),
    "max_trades_per_day": NumberSetting("TRADING_MAX_TRADES_PER_DAY", "trades", low=Decimal(1)),
    "max_volume_per_day": NumberSetting("TRADING_MAX_VOLUME_PER_DAY", "dollars", low_inclusive=False),
    "max_event_exposure": NumberSetting("TRADING_MAX_EVENT_EXPOSURE", "dollars", low_inclusive=False),
    "max_category_exposure": NumberSetting("TRADING_MAX_CATEGORY_EXPOSURE", "dollars", low_inclusive=False),
    "max_orders_per_minute": NumberSetting("TRADING_MAX_ORDERS_PER_MINUTE", "orders", low=Decimal(1)),
    "max_consecutive_losses": NumberSetting("TRADING_MAX_CONSECUTIVE_LOSSES", "losing trades", low=Decimal(1)),
    "max_slippage": NumberSetting("TRADING_MAX_SLIPPAGE", "dollars a set"),
}
_COUNT_LIMITS = ("max_trades_per_day", "max_orders_per_minute", "max_consecutive_losses")
#: Profile fields a custom (or adjusted) profile takes from the environment.
PROFILE_SETTINGS = {"min_edge": "TRADING_MIN_EDGE", "consensus": "TRADING_CONSENSUS",
                    "kelly_multiplier": "TRADING_KELLY_MULTIPLIER"}


def _whole(env: Mapping[str, str], name: str, default: int, meaning: str) -> int:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]+", raw):
        raise SettingsError(f"{name}={raw!r} is not valid: expected {meaning}, a whole number >= 0 (default {default})")
    return int(raw)


@dataclass(frozen=True, slots=True)
class TradingSettings:
    """Paper trading: the profile (``TRADING_PROFILE``: conservative, standard, aggressive,
    very_aggressive or custom, with ``TRADING_MIN_EDGE`` / ``TRADING_CONSENSUS`` /
    ``TRADING_KELLY_MULTIPLIER`` on top), the bankroll (``TRADING_BANKROLL``, dollars), the risk
    limits (scaled to the bankroll, each overridable by its ``TRADING_MAX_*`` variable), how
    many snapshots after the one that found an opportunity its first leg fills
    (``TRADING_ENTRY_DELAY_SNAPSHOTS``, at least 1: never on the books that found it) and how many
    more until the other legs land (``TRADING_HEDGE_DELAY_SNAPSHOTS``), a kill-switch file
    (``TRADING_KILL_SWITCH_FILE``): while it exists nothing trades, and the early-exit margin
    (``TRADING_EXIT_MARGIN``, dollars): a held pair is sold before resolution only when selling
    every leg now, after fees, beats holding it by at least this much."""

    profile: TradingProfile
    bankroll: Decimal
    limits: RiskLimits
    entry_delay_snapshots: int = 1
    hedge_delay_snapshots: int = 0
    kill_switch_file: Path | None = None
    exit_margin: Decimal = Decimal("1.00")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TradingSettings:
        env = os.environ if env is None else env
        try:
            overrides = {name: env[var] for name, var in PROFILE_SETTINGS.items() if (env.get(var) or "").strip()}
            profile = parse_profile(env.get("TRADING_PROFILE"), overrides)
            bankroll = parse_bankroll(env.get("TRADING_BANKROLL") or "1000")
        except ProfileError as exc:
            raise SettingsError(str(exc)) from None
        limits = default_limits(bankroll)
        changed: dict[str, object] = {}
        for name, setting in LIMIT_SETTINGS.items():
            if (env.get(setting.env) or "").strip():
                value = setting.read(env, getattr(limits, name))
                if name in _COUNT_LIMITS and value != value.to_integral_value():
                    raise SettingsError(f"{setting.env}={env[setting.env]!r} is not valid: expected whole {setting.meaning}")
                changed[name] = int(value) if name in _COUNT_LIMITS else value
        cooldown = _whole(env, "TRADING_COOLDOWN_S", int(limits.cooldown.total_seconds()), "seconds a trip halts trading")
        try:
            limits = replace(limits, cooldown=timedelta(seconds=cooldown), **changed)  # type: ignore[arg-type]
        except ValueError as exc:
            raise SettingsError(f"trading limits: {exc}") from None
        entry = _whole(env, "TRADING_ENTRY_DELAY_SNAPSHOTS", 1, "snapshots before the first leg fills")
        if entry < 1:
            raise SettingsError("TRADING_ENTRY_DELAY_SNAPSHOTS=0 is not valid: an opportunity never fills on the books "
                                "that found it (decision latency); expected 1 or more")
        hedge = _whole(env, "TRADING_HEDGE_DELAY_SNAPSHOTS", 0, "snapshots between the first leg and the others")
        switch = (env.get("TRADING_KILL_SWITCH_FILE") or "").strip()
        margin = NumberSetting("TRADING_EXIT_MARGIN", "dollars an early exit must beat holding by").read(
            env, Decimal("1.00"))
        return cls(profile, bankroll, limits, entry, hedge, Path(switch).expanduser() if switch else None, margin)
