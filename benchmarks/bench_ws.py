"""WebSocket messages per second decoded into book updates, for each venue client.

    .venv/bin/python benchmarks/bench_ws.py [--messages 200000] [--repeat 3]

Two figures per client:
- over loopback: the client connected to the sandbox (its own process) with every open market
  subscribed; the sandbox pushes a burst of N valid book updates as fast as the socket takes them;
  timed from the burst request until the client has applied all N.
- decode + apply only: the same recorded wire frames replayed into the client's frame handler in
  a loop, no socket: the client's own ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import aiohttp
import orjson


from arb_pipeline.sandbox.process import machine, sandbox_process

from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.kalshi import KalshiRestClient, KalshiSigner, KalshiMarketStream
from arb_pipeline.venues.polymarket import PolymarketClobClient, PolymarketGammaClient, PolymarketMarketStream


def control_url(endpoints) -> str:
    return endpoints.kalshi_api_url.split("/kalshi/")[0] + "/_sandbox"


async def wait_until(predicate, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the client did not catch up in time")
        await asyncio.sleep(0.002)


async def loopback(client, venue: str, endpoints, messages: int, ready) -> float:
    """Run ``client`` against the sandbox, burst ``messages`` book-update messages, and return
    the messages per second the client decoded and applied to its books."""
    task = asyncio.create_task(client.run())
    try:
        await wait_until(ready, 60)
        before = client.stats.messages
        async with aiohttp.ClientSession() as session:
            # The sandbox encodes the whole burst before the first frame goes out; time from the
            # first update the client applies, so only the wire and the client are measured.
            burst = asyncio.create_task(
                session.post(control_url(endpoints) + "/burst", json={"venue": venue, "messages": messages})
            )
            await wait_until(lambda: client.stats.messages > before, 300)
            started = time.perf_counter()
            first = client.stats.messages
            await wait_until(lambda: client.stats.messages - before >= messages, 300)
            elapsed = time.perf_counter() - started
            counted = client.stats.messages - first
            (await burst).raise_for_status()
    finally:
        await client.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    return counted / elapsed


async def record_kalshi_frames(endpoints, signer, tickers, messages: int) -> list[bytes]:
    """The raw frames of snapshots and a burst, through a plain socket, for the replay figure."""
    ws_path = "/" + endpoints.kalshi_ws_url.split("/", 3)[3]
    frames: list[bytes] = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(endpoints.kalshi_ws_url, headers=dict(signer("GET", ws_path))) as ws:
            for start in range(0, len(tickers), 200):
                await ws.send_bytes(orjson.dumps({"id": start + 1, "cmd": "subscribe", "params": {"channels": ["orderbook_delta"], "market_tickers": tickers[start : start + 200]}}))
            snapshots = 0
            while snapshots < len(tickers):
                frame = (await ws.receive()).data
                frames.append(frame if isinstance(frame, bytes) else frame.encode())
                snapshots += b"orderbook_snapshot" in frames[-1]
            # The burst request returns once every frame is written, so read while it runs.
            burst = asyncio.create_task(session.post(control_url(endpoints) + "/burst", json={"venue": "kalshi", "messages": messages}))
            deltas = 0
            while deltas < messages:
                frame = (await ws.receive()).data
                frames.append(frame if isinstance(frame, bytes) else frame.encode())
                deltas += b"orderbook_delta" in frames[-1]
            (await burst).raise_for_status()
    return frames


async def record_polymarket_frames(endpoints, tokens, messages: int) -> list[bytes]:
    frames: list[bytes] = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(endpoints.polymarket_ws_url) as ws:
            await ws.send_str(orjson.dumps({"assets_ids": tokens, "type": "market", "custom_feature_enabled": True}).decode())
            first = (await ws.receive()).data
            frames.append(first if isinstance(first, bytes) else first.encode())
            burst = asyncio.create_task(session.post(control_url(endpoints) + "/burst", json={"venue": "polymarket", "messages": messages}))
            changes = 0
            while changes < messages:
                frame = (await ws.receive()).data
                frame = frame if isinstance(frame, bytes) else frame.encode()
                frames.append(frame)
                changes += frame.count(b'"price_change"')
            (await burst).raise_for_status()
    return frames


def replay(make_client, frames: list[bytes], apply) -> float:
    client = make_client()
    started = time.perf_counter()
    for frame in frames:
        apply(client, frame)
    elapsed = time.perf_counter() - started
    return client.stats.messages / elapsed


async def bench_kalshi(endpoints, credentials, messages: int) -> dict[str, float]:
    signer = KalshiSigner.from_credentials(credentials)
    async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
        tickers = [m.market_id for m in await kalshi.fetch_markets() if m.status is MarketStatus.OPEN]
    client = KalshiMarketStream(endpoints.kalshi_ws_url, signer, tickers, channels=("orderbook_delta",))
    rate = await loopback(client, "kalshi", endpoints, messages, lambda: all(client.is_synced(t) for t in tickers))
    frames = await record_kalshi_frames(endpoints, signer, tickers, messages)
    ceiling = replay(
        lambda: KalshiMarketStream(endpoints.kalshi_ws_url, signer, tickers, channels=("orderbook_delta",)),
        frames,
        lambda c, f: c.apply_frame(f),
    )
    return {"markets": len(tickers), "loopback msgs/s": rate, "decode+apply msgs/s": ceiling}


async def bench_polymarket(endpoints, messages: int) -> dict[str, float]:
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        tokens = [t for m in await gamma.fetch_markets() if m.status is MarketStatus.OPEN for t in m.token_ids][:500]
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        stream = PolymarketMarketStream(endpoints.polymarket_ws_url, tokens, clob)
        rate = await loopback(stream, "polymarket", endpoints, messages, lambda: len(stream.books) >= len(tokens))
    frames = await record_polymarket_frames(endpoints, tokens, messages)
    ceiling = replay(
        lambda: PolymarketMarketStream(endpoints.polymarket_ws_url, tokens),
        frames,
        lambda c, f: c.apply_frame(f),
    )
    return {"tokens": len(tokens), "loopback msgs/s": rate, "decode+apply msgs/s": ceiling}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"{args.messages} book updates per burst, {args.repeat} rounds (median shown)")
    with sandbox_process() as (endpoints, credentials):
        for name, run in (
            ("kalshi", lambda: bench_kalshi(endpoints, credentials, args.messages)),
            ("polymarket", lambda: bench_polymarket(endpoints, args.messages)),
        ):
            rounds = [asyncio.run(run()) for _ in range(args.repeat)]
            figures = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
            print(f"  {name}: " + ", ".join(f"{key} {value:,.0f}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
