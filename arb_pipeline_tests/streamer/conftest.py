"""The streamer tests' world: the sandbox exchange, and a warehouse holding its catalog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from arb_pipeline.config import Credentials
from arb_pipeline.warehouse import Warehouse, get_engine
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline_tests.streamer.live import sandbox_markets
from arb_pipeline_tests.streamer.proxy import TcpProxy, proxied_url, proxy_to


@pytest.fixture
async def world(sandbox, warehouse, kalshi_credentials, tmp_path):
    """(exchange, warehouse with the sandbox's markets, Kalshi credentials the sandbox accepts)."""
    key_id, key_path = kalshi_credentials
    credentials = Credentials(key_id, str(key_path), "sandbox")
    write_markets(warehouse, await sandbox_markets(sandbox, credentials, tmp_path / "capture"))
    return sandbox, warehouse, credentials


@pytest.fixture
def proxied(warehouse: Warehouse, warehouse_engine: Engine) -> Iterator[tuple[Warehouse, TcpProxy]]:
    """The test's warehouse reached through a proxy the test can cut."""
    with proxy_to(warehouse_engine) as proxy:
        engine = get_engine(proxied_url(warehouse_engine, proxy.port).render_as_string(hide_password=False))
        try:
            yield Warehouse(engine, warehouse.schema), proxy
        finally:
            engine.dispose()
