"""What the sandbox scenario tests share: the pinned time their worlds are built at, and which
listings are open."""

from __future__ import annotations

from datetime import UTC, datetime

from arb_pipeline.sandbox.scenario import SandboxScenario

NOW = datetime(2026, 1, 9, 15, 7, tzinfo=UTC)


def open_listing_ids(scenario: SandboxScenario) -> tuple[set[str], set[str]]:
    kalshi = {m["ticker"] for m in scenario.kalshi_markets if m["status"] == "active"}
    poly = {m["id"] for m in scenario.polymarket_markets if not m["closed"]}
    return kalshi, poly
