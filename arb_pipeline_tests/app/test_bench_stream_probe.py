"""``bench stream``'s latency probe: each frame's socket read is found again when the read loop
takes it, over a real aiohttp WebSocket (the probe reads aiohttp's queue, so an aiohttp that
queues frames otherwise must fail here, not in the bench's figures)."""

from __future__ import annotations

import time

import aiohttp
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from arb_pipeline.app.bench_stream import LatencyProbe
from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.stream import BookUpdate, UpdateKind


def _server(frames: list[bytes]) -> TestServer:
    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        # Sent once the client asks, so that none arrives before the probe watches the socket.
        await ws.receive()
        for frame in frames:
            await ws.send_bytes(frame)
        await ws.receive()
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    return TestServer(app, host="127.0.0.1")


async def test_every_frame_read_from_the_socket_gets_its_read_time_and_each_change_its_four_stages():
    frames = [orjson.dumps({"n": n}) for n in range(200)]
    probe = LatencyProbe()
    venue_ns = time.time_ns()
    async with _server(frames) as server, aiohttp.ClientSession() as session:
        async with session.ws_connect(server.make_url("/ws")) as ws:
            probe.watch_socket(ws)
            await ws.send_str("go")
            taken = probe.on_frame("kalshi")
            probe.start()
            for _ in frames:
                message = await ws.receive(timeout=10)
                taken(message.data)
                probe.changed("kalshi", BookUpdate(Venue.KALSHI, "T", UpdateKind.DELTA, venue_ns, venue_ns))
                probe.evaluated()
            probe.stop()
    samples = probe.samples
    assert len(samples) == len(frames) and probe.messages == {"kalshi": len(frames)}
    for venue, stamp, socket_at, frame_at, applied, evaluated in samples:
        assert venue == "kalshi" and stamp == pytest.approx(venue_ns / 1e9)
        assert socket_at is not None and socket_at <= frame_at <= applied <= evaluated <= time.perf_counter()
    stages = probe.stages(samples[-1])
    assert stages["queued"] >= 0 and stages["applied"] >= 0 and stages["evaluated"] >= 0 and stages["venue"] is not None
    report = "\n".join(probe.report())
    assert "kalshi: 200 messages, 200 book changes" in report
    assert "socket read to verdict   n 200:" in report


def test_a_change_whose_frame_was_never_stamped_counts_without_the_socket_stages():
    probe = LatencyProbe()
    probe.on_frame("polymarket")(b"{}")
    probe.changed("polymarket", BookUpdate(Venue.POLYMARKET, "1", UpdateKind.DELTA, time.time_ns(), None))
    probe.evaluated()
    [(venue, stamp, socket_at, *_)] = probe.samples
    assert (venue, stamp, socket_at) == ("polymarket", None, None)
    assert probe.stages(probe.samples[0])["venue"] is None and probe.stages(probe.samples[0])["queued"] is None
    report = "\n".join(probe.report())
    assert "venue stamp to verdict   no samples" in report and "frame taken to verdict   n 1:" in report
