"""Settings read from the environment when asked for (never at import time).

Every venue base URL defaults to the real venue (ARCHITECTURE.md "Venue endpoints are
configuration"); ``arb-pipeline sandbox`` prints the values that point them at the sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from arb_pipeline.domain.matching.pairs_file import PairsFile, PairsFileError, parse_pairs_file
from arb_pipeline.domain.spreads import Thresholds

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
        values = {
            name.removeprefix("ARB_").lower(): env.get(name) or default
            for name, default in REAL_ENDPOINTS.items()
        }
        return cls(**{key: value.rstrip("/") for key, value in values.items()})

    def as_env(self) -> dict[str, str]:
        return {name: getattr(self, name.removeprefix("ARB_").lower()) for name in REAL_ENDPOINTS}


@dataclass(frozen=True, slots=True)
class Credentials:
    kalshi_api_key_id: str | None = None
    kalshi_private_key_path: str | None = None
    odds_api_key: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if env is None else env
        return cls(
            kalshi_api_key_id=env.get("KALSHI_API_KEY_ID") or None,
            kalshi_private_key_path=env.get("KALSHI_PRIVATE_KEY_PATH") or None,
            odds_api_key=env.get("ODDS_API_KEY") or None,
        )


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where the project keeps state (embedded PostgreSQL, sandbox keys): ``ARB_HOME`` or
    ``~/.arb_pipeline``. Outside the repository so a clone stays clean."""
    env = os.environ if env is None else env
    path = Path(env.get("ARB_HOME") or Path.home() / ".arb_pipeline").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _env_decimal(env: Mapping[str, str], name: str, default: str) -> Decimal:
    raw = env.get(name) or default
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name}={raw!r} must be a finite number >= 0")
    return value


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """What the pipeline needs beyond endpoints: opportunity thresholds, the pairs file and the
    matcher's approval bar. Defaults are deliberately strict: a trader loosens them knowingly."""

    min_net_edge: Decimal = Decimal("0.005")  # dollars per contract, after fees
    min_apy: Decimal = Decimal("0.10")  # a fraction a year: 0.10 = 10 %
    min_contracts: Decimal = Decimal("5")
    min_net_profit: Decimal = Decimal("1.00")  # dollars per opportunity
    max_quote_age_s: float = 30.0
    pairs_file: str | None = None
    auto_approve_confidence: float = 0.9
    # An approved pair whose markets close further apart than this is held for a person (the
    # matched_pairs data-quality check); the matcher's own close-date window for look-alikes.
    pair_close_window_days: float = 21.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ScanSettings:
        env = os.environ if env is None else env
        defaults = cls()
        confidence = float(env.get("ARB_AUTO_APPROVE_CONFIDENCE") or defaults.auto_approve_confidence)
        if not 0 < confidence <= 1:
            raise ValueError(f"ARB_AUTO_APPROVE_CONFIDENCE={confidence} must be in (0, 1]")
        return cls(
            min_net_edge=_env_decimal(env, "ARB_MIN_NET_EDGE", str(defaults.min_net_edge)),
            min_apy=_env_decimal(env, "ARB_MIN_APY", str(defaults.min_apy)),
            min_contracts=_env_decimal(env, "ARB_MIN_CONTRACTS", str(defaults.min_contracts)),
            min_net_profit=_env_decimal(env, "ARB_MIN_NET_PROFIT", str(defaults.min_net_profit)),
            max_quote_age_s=float(_env_decimal(env, "ARB_MAX_QUOTE_AGE_S", str(defaults.max_quote_age_s))),
            pairs_file=env.get("ARB_PAIRS_FILE") or None,
            auto_approve_confidence=confidence,
            pair_close_window_days=float(
                _env_decimal(env, "ARB_PAIR_CLOSE_WINDOW_DAYS", str(defaults.pair_close_window_days))
            ),
        )

    def load_pairs_file(self) -> PairsFile | None:
        """The pairs file ``pairs_file`` names (``.json`` is JSON, anything else YAML), or None
        when none is configured. Reading lives here, parsing in the domain (no I/O there)."""
        if not self.pairs_file:
            return None
        path = Path(self.pairs_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PairsFileError(str(path), [f"cannot read: {exc.strerror or exc} (set ARB_PAIRS_FILE to a readable file)"]) from None
        return parse_pairs_file(text, "json" if path.suffix.lower() == ".json" else "yaml", source=str(path))

    def thresholds(self) -> Thresholds:
        return Thresholds(
            min_net_edge=self.min_net_edge,
            min_apy=self.min_apy,
            min_contracts=self.min_contracts,
            max_quote_age_s=self.max_quote_age_s,
            min_net_profit=self.min_net_profit,
        )
