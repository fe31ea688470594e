"""Settings read from the environment when asked for (never at import time).

Every venue base URL defaults to the real venue (ARCHITECTURE.md "Venue endpoints are
configuration"); ``arb-pipeline sandbox`` prints the values that point them at the sandbox.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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
