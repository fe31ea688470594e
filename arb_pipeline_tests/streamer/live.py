"""What the streamer's integration tests share: a warehouse holding the sandbox's catalog and its
true pairs approved, streamer settings for a test, a local webhook receiver, and waiting for a
condition while the streamer runs on the same event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from aiohttp import web

from arb_pipeline.config import Credentials, ScanSettings
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.sandbox.state import TruePair
from arb_pipeline.streamer.service import Streamer
from arb_pipeline.streamer.settings import StreamerSettings
from arb_pipeline.venues.capture import capture, load_capture
from arb_pipeline.warehouse.pairs import write_pairs
from arb_pipeline.warehouse.store import Warehouse


async def sandbox_markets(exchange: SandboxExchange, credentials: Credentials, folder: Path) -> list[Market]:
    """The sandbox's catalog as the project reads it (markets with their fee schedules)."""
    await capture(folder, exchange.endpoints, credentials, progress=False)
    loaded = load_capture(folder)
    return [*loaded.kalshi_markets.values(), *loaded.polymarket_markets.values()]


def approved(truth: TruePair) -> MatchedPair:
    return MatchedPair(
        truth.kalshi_ticker, truth.polymarket_market_id, truth.polymarket_yes_token, truth.polymarket_no_token,
        confidence=1.0, status=PairStatus.APPROVED, reasons=("sandbox truth",),
    )  # fmt: skip


def approve(store: Warehouse, truths: Iterable[TruePair]) -> list[MatchedPair]:
    pairs = [approved(truth) for truth in truths]
    write_pairs(store, pairs)
    return pairs


def settings(tmp_path: Path, **overrides: Any) -> StreamerSettings:
    values = {"metrics_port": 0, "metrics_host": "127.0.0.1", "spill_dir": str(tmp_path / "spill"), "write_flush_interval_s": 0.05}
    values.update(overrides)
    return StreamerSettings.from_env({}, values)


def streamer(exchange: SandboxExchange, store: Warehouse, credentials: Credentials, tmp_path: Path, **overrides: Any) -> Streamer:
    return Streamer(
        settings(tmp_path, **overrides), store, endpoints=exchange.endpoints, credentials=credentials, scan=ScanSettings()
    )


async def wait_for(condition: Callable[[], Any], timeout_s: float = 15.0, what: str = "the condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout_s:g} s")


class WebhookReceiver:
    """A local HTTP endpoint that keeps every JSON body posted to it."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post("/hook", self._post)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def _post(self, request: web.Request) -> web.Response:
        self.posts.append(await request.json())
        return web.Response(text="ok")
