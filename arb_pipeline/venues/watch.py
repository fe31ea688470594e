"""Watching live books for a while, as ``arb-pipeline stream`` and the demo do: what every
venue's watch reports, and running a stream for a fixed time. Each venue picks its markets and
reads its books in its own package (``kalshi.watch``, ``polymarket.watch``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal

from arb_pipeline.aio import cancel_and_wait
from arb_pipeline.venues.protocols import MarketStream
from arb_pipeline.venues.stream import StreamStats

#: Books shown in a report, so a user sees that prices are flowing.
SAMPLE_SIZE = 5


@dataclass(frozen=True, slots=True)
class TopQuote:
    instrument_id: str
    best_bid: Decimal | None
    best_ask: Decimal | None


@dataclass
class WatchReport:
    venue: str
    instruments: int
    synced: int
    seconds: float
    stats: StreamStats
    sample: list[TopQuote]


async def run_for(stream: MarketStream, seconds: float) -> None:
    """Run ``stream`` for ``seconds`` (less if it fails: its error is raised), then close it."""
    task = asyncio.create_task(stream.run())
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if task in done:
            task.result()
    finally:
        await stream.close()
        await cancel_and_wait(task)
