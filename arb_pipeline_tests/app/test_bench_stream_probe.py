"""``bench stream``'s latency probe: each frame's socket read is found again when the client
takes it, over the venue clients' own WebSocket transport (the probe relies on the transport
handing a read's frames over inside that read, so a transport that queues frames otherwise must
fail here, not in the bench's figures)."""

from __future__ import annotations

import asyncio
import threading
import time

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from arb_pipeline.app.latency_probe import LatencyProbe
from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.stream import BookUpdate, UpdateKind
from arb_pipeline.venues.ws_transport import connect


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
    taken = probe.on_frame("kalshi")
    got: list[bytes] = []
    all_in = asyncio.get_running_loop().create_future()

    def on_frame(frame: bytes) -> None:
        taken(frame)
        probe.changed("kalshi", BookUpdate(Venue.KALSHI, "T", UpdateKind.DELTA, venue_ns, venue_ns))
        probe.evaluating()
        probe.evaluated()
        got.append(frame)
        if len(got) == len(frames):
            all_in.set_result(None)

    async with _server(frames) as server:
        ws = await connect(str(server.make_url("/ws")).replace("http", "ws", 1), on_frame)
        probe.watch_socket(ws)
        probe.start()
        ws.send_text("go")
        async with asyncio.timeout(10):
            await all_in
        probe.stop()
        await ws.close()
    assert got == frames
    samples = probe.samples
    assert len(samples) == len(frames) and probe.messages == {"kalshi": len(frames)}
    for venue, stamp, socket_at, frame_at, applied, evaluated, pass_at in samples:
        assert venue == "kalshi" and stamp == pytest.approx(venue_ns / 1e9)
        assert socket_at is not None and pass_at is not None
        assert socket_at <= frame_at <= applied <= pass_at <= evaluated <= time.perf_counter()
    stages = probe.stages(samples[-1])
    assert stages["venue"] is not None
    assert all(stages[stage] >= 0 for stage in ("queued", "applied", "waited", "evaluated"))
    assert len(probe.loop_cpu) == len(samples) and min(probe.loop_cpu) >= 0
    report = "\n".join(probe.report())
    assert "kalshi: 200 messages, 200 book changes" in report and "the same, loop CPU" in report
    assert "socket read to verdict   n 200:" in report


def test_a_change_whose_frame_was_never_stamped_counts_without_the_socket_stages():
    probe = LatencyProbe()
    probe.on_frame("polymarket")(b"{}")
    probe.changed("polymarket", BookUpdate(Venue.POLYMARKET, "1", UpdateKind.DELTA, time.time_ns(), None))
    probe.evaluated()
    [(venue, stamp, socket_at, *_)] = probe.samples
    assert (venue, stamp, socket_at) == ("polymarket", None, None)


def test_the_wall_time_a_thread_holding_the_gil_takes_is_split_out_as_blocked_not_cpu():
    probe = LatencyProbe()
    probe.start()
    taken = probe.on_frame("kalshi")
    venue_ns = time.time_ns()
    taken(b"{}")
    probe.changed("kalshi", BookUpdate(Venue.KALSHI, "T", UpdateKind.DELTA, venue_ns, venue_ns))
    # A sum over a range runs in C and keeps the GIL to its end: the probe's thread, asleep for
    # a millisecond, wakes to wait for it (what the writer's thread did to the event loop).
    holder = threading.Thread(target=sum, args=(range(30_000_000),))
    holder.start()
    time.sleep(0.001)
    probe.evaluating()
    probe.evaluated()
    holder.join()
    probe.stop()
    [sample] = probe.samples
    wall = sample[5] - sample[3]
    [cpu], [queued] = probe.loop_cpu, probe.run_queue
    assert wall > 0.02 and cpu < wall / 4 and 0 <= queued
    blocked = wall - cpu - queued
    # Not all of it: a thread waiting for the GIL wakes every switch interval to ask again, and
    # on a loaded machine each wake-up waits for a core, which counts as the run queue.
    assert blocked > 0.01
    report = "\n".join(probe.report())
    assert "the same, run queue" in report
    assert f"blocked (GIL) {blocked * 1e3:.3f}" in report
