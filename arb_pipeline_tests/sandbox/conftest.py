"""Fixtures of the sandbox tests: one resting exchange per module for the tests that only read,
plain HTTP and WebSocket clients, and scenario worlds pinned to one time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import httpx
import pytest

from arb_pipeline.sandbox.scenario import SandboxScenario, build_scenario
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import public_pem
from arb_pipeline_tests.sandbox.scenario_checks import NOW


@pytest.fixture(scope="module")
def _resting_exchange() -> Iterator[SandboxExchange]:
    with SandboxExchange().run_in_thread() as exchange:
        yield exchange


@pytest.fixture
def resting(_resting_exchange: SandboxExchange, kalshi_credentials: tuple[str, Path]) -> SandboxExchange:
    """One exchange shared by the tests that only read from it: nobody ticks it or arms faults,
    so its world is the opening one. The test's Kalshi key is registered with it."""
    key_id, _ = kalshi_credentials
    _resting_exchange.keyring.register(key_id, public_pem(kalshi_credentials))
    return _resting_exchange


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture(scope="module")
def world() -> SandboxScenario:
    """Read-only world shared by the tests that do not step it."""
    return build_scenario(seed=7, now=NOW)


@pytest.fixture
def fresh() -> SandboxScenario:
    return build_scenario(seed=7, now=NOW)
