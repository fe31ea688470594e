"""CPU time per frame of the WebSocket receivers the streamer could use, on loopback with the
sandbox's Kalshi ``orderbook_delta`` frames (docs/streamer.md#the-websocket-transport): aiohttp,
websockets, picows alone, and the venue clients' own transport (``venues.ws_transport``, on
picows).

    .venv/bin/python benchmarks/bench_ws_receivers.py [--frames 200000] [--rounds 3]

A server in its own process (the sandbox's frame encoding, aiohttp) sends ``--frames`` text
frames as fast as it can on each connection; the client, in this process, receives each one and
decodes it with ``orjson.loads``, as the venue clients' read loops do. Printed per library: the
event loop thread's CPU time per frame (what limits messages a second on one core) and frames a
second of wall time (which the server's own pace and the machine's load also bound). Rounds
alternate the libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import time
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import aiohttp
import orjson
from aiohttp import web

from arb_pipeline.sandbox.kalshi.websocket import DELTA_FRAME
from arb_pipeline.sandbox.kalshi.wire import delta_msg
from arb_pipeline.sandbox.state import KalshiLevelChange

DISTINCT = 1_000


def sandbox_frames() -> list[bytes]:
    """Distinct delta frames as the sandbox encodes them, cycled by the server."""
    return [
        DELTA_FRAME % (1, n + 1, delta_msg(KalshiLevelChange(f"KXBENCH-{n % 50}", "yes" if n % 2 else "no",
                                                             Decimal(10 + n % 80) / 100, Decimal(n % 7 - 3)), 1_765_000_000_000 + n))
        for n in range(DISTINCT)
    ]  # fmt: skip


def serve(port: int, frames_per_connection: int, ready: Any) -> None:
    frames = [frame.decode() for frame in sandbox_frames()]

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        for n in range(frames_per_connection):
            await ws.send_str(frames[n % DISTINCT])
        await ws.receive()  # until the client closes
        return ws

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/ws", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


async def with_aiohttp(url: str, frames: int) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(url, max_msg_size=64 * 2**20) as ws:
        got = 0
        while got < frames:
            message = await ws.receive()
            if message.type is aiohttp.WSMsgType.TEXT:
                orjson.loads(message.data)
                got += 1
            elif message.type is not aiohttp.WSMsgType.BINARY:
                raise RuntimeError(f"aiohttp: connection ended after {got} frames: {message.type}")


async def with_websockets(url: str, frames: int) -> None:
    from websockets.asyncio.client import connect

    async with connect(url, max_size=None, compression=None) as ws:
        got = 0
        async for message in ws:
            orjson.loads(message)
            got += 1
            if got == frames:
                return
    raise RuntimeError(f"websockets: connection ended after {got} frames")


async def with_picows(url: str, frames: int) -> None:
    from picows import WSFrame, WSListener, WSMsgType, WSTransport, ws_connect

    done = asyncio.get_running_loop().create_future()

    class Listener(WSListener):  # type: ignore[misc]
        got = 0

        def on_ws_frame(self, transport: WSTransport, frame: WSFrame) -> None:
            if frame.msg_type == WSMsgType.TEXT:
                orjson.loads(frame.get_payload_as_memoryview())
                self.got += 1
                if self.got == frames and not done.done():
                    done.set_result(None)

        def on_ws_disconnected(self, transport: WSTransport) -> None:
            if not done.done():
                done.set_exception(RuntimeError(f"picows: connection ended after {self.got} frames"))

    transport, _ = await ws_connect(Listener, url, max_frame_size=64 * 2**20)
    try:
        await done
    finally:
        transport.disconnect()
        await transport.wait_disconnected()


async def with_transport(url: str, frames: int) -> None:
    from arb_pipeline.venues.ws_transport import connect

    done = asyncio.get_running_loop().create_future()
    got = 0

    def on_frame(frame: bytes) -> None:
        nonlocal got
        orjson.loads(frame)
        got += 1
        if got == frames and not done.done():
            done.set_result(None)

    ws = await connect(url, on_frame)
    try:
        async with asyncio.timeout(600):
            await done
    finally:
        await ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import picows

    receivers: dict[str, Callable[[str, int], Awaitable[None]]] = {
        "aiohttp": with_aiohttp,
        "websockets": with_websockets,
        f"picows {picows.__version__}": with_picows,
        "ws_transport": with_transport,
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    server = context.Process(target=serve, args=(port, args.frames, ready), daemon=True)
    server.start()
    try:
        ready.wait(30)
        url = f"ws://127.0.0.1:{port}/ws"
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in receivers}
        for _ in range(args.rounds):
            for name, receive in receivers.items():
                cpu, wall = time.thread_time(), time.perf_counter()
                asyncio.run(receive(url, args.frames))
                results[name].append(((time.thread_time() - cpu) / args.frames * 1e6, args.frames / (time.perf_counter() - wall)))
        for name, runs in results.items():
            cpus = ", ".join(f"{cpu:.2f}" for cpu, _ in runs)
            rates = ", ".join(f"{rate:,.0f}" for _, rate in runs)
            print(f"{name:>14}: receive + orjson.loads, event loop CPU per frame {cpus} us; {rates} frames/s")
    finally:
        server.terminate()
        server.join()
    print(f"{args.frames:,} sandbox Kalshi delta frames a run; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
