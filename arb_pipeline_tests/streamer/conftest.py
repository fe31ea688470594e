"""The streamer tests' world: the sandbox exchange, and a warehouse holding its catalog."""

from __future__ import annotations

import pytest

from arb_pipeline.config import Credentials
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline_tests.streamer.live import sandbox_markets


@pytest.fixture
async def world(sandbox, warehouse, kalshi_credentials, tmp_path):
    """(exchange, warehouse with the sandbox's markets, Kalshi credentials the sandbox accepts)."""
    key_id, key_path = kalshi_credentials
    credentials = Credentials(key_id, str(key_path), "sandbox")
    write_markets(warehouse, await sandbox_markets(sandbox, credentials, tmp_path / "capture"))
    return sandbox, warehouse, credentials
