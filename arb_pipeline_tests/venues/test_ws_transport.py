"""The venue clients' WebSocket transport against local servers: refusals with their status and
Retry-After, frames handed over whole, keep-alive, silence and the client's own failures."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import WSMsgType, web
from picows import WSFrame, WSListener, WSTransport, ws_create_server
from picows import WSMsgType as FrameType

from arb_pipeline.redaction import install_log_redaction, register_secret
from arb_pipeline.venues.ws_transport import READ_BATCH_FRAMES, HandshakeRefused, connect

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    runners: list[web.AppRunner] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_get("/ws", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"ws://127.0.0.1:{port}/ws"

    yield start
    for runner in runners:
        await runner.cleanup()


def collect() -> tuple[list[bytes], Callable[[bytes], None]]:
    frames: list[bytes] = []
    return frames, frames.append


async def test_a_refused_handshake_carries_its_status_and_retry_after(serve):
    async def refuse(request: web.Request) -> web.Response:
        status = int(request.query["status"])
        return web.Response(status=status, headers={"Retry-After": "7"}, text="no")

    url = await serve(refuse)
    for status, retry_after in ((429, 7.0), (503, 7.0), (401, None)):
        with pytest.raises(HandshakeRefused) as refused:
            await connect(f"{url}?status={status}", collect()[1], headers={"X-Signature": "secret"})
        assert (refused.value.status, refused.value.retry_after_s) == (status, retry_after)
        # picows' error (with the handshake) is not attached to what the client sees.
        assert refused.value.__context__ is None and refused.value.__cause__ is None


async def test_headers_go_out_frames_come_in_and_text_goes_out(serve):
    seen: dict[str, Any] = {}

    async def echo(request: web.Request) -> web.WebSocketResponse:
        seen["signature"] = request.headers.get("X-Signature")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for message in ws:
            await ws.send_str(f"echo {message.data}")
            await ws.send_bytes(b"\x00binary")
        return ws

    url = await serve(echo)
    frames, on_frame = collect()
    ws = await connect(url, on_frame, headers={"X-Signature": "signed"})
    ws.send_text("hello")
    async with asyncio.timeout(5):
        while len(frames) < 2:
            await asyncio.sleep(0.01)
    await ws.close()
    assert seen["signature"] == "signed"
    assert frames == [b"echo hello", b"\x00binary"] and ws.frames == 2
    assert ws.closed
    with pytest.raises(ConnectionError):
        ws.send_text("too late")


def send_many(count: int) -> Handler:
    """A server that sends ``count`` text frames as fast as it can once the client says go."""

    async def send(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.receive()
        for number in range(count):
            await ws.send_str(f"frame {number}")
        await ws.receive()
        return ws

    return send


class Reads:
    """A ReadWatcher that notes each read's start and end among ``events``."""

    def __init__(self, events: list[Any]) -> None:
        self.events = events

    def read_started(self) -> None:
        self.events.append("start")

    def read_ended(self) -> None:
        self.events.append("end")


async def test_reads_are_told_before_and_after_the_frames_each_one_carries(serve):
    events: list[str] = []
    ws = await connect(await serve(send_many(500)), lambda frame: events.append(frame.decode()), reads=Reads(events))
    ws.send_text("go")
    async with asyncio.timeout(5):
        while events.count("frame 499") == 0 or events[-1] != "end":
            await asyncio.sleep(0.01)
    await ws.close()
    # Every frame is handed over between its read's start and end, and reads do not nest.
    inside = False
    for event in events:
        if event == "start":
            assert not inside
            inside = True
        elif event == "end":
            assert inside
            inside = False
        else:
            assert inside, event
    assert [event for event in events if event.startswith("frame")] == [f"frame {n}" for n in range(500)]


async def test_each_reads_messages_go_to_on_frames_in_lists_before_the_read_ends(serve):
    events: list[Any] = []
    ws = await connect(
        await serve(send_many(2000)), lambda frame: events.append(("alone", frame)), reads=Reads(events), on_frames=events.append
    )  # fmt: skip
    ws.send_text("go")
    async with asyncio.timeout(5):
        while not events or events[-1] != "end" or not any(type(e) is list and b"frame 1999" in e for e in events):
            await asyncio.sleep(0.01)
    await ws.close()
    # Each read: its start, its messages in lists of at most READ_BATCH_FRAMES (all full but
    # the last), its end; no message handed over alone.
    assert [event for event in events if type(event) is tuple] == []
    batches = [event for event in events if type(event) is list]
    assert [frame for batch in batches for frame in batch] == [f"frame {n}".encode() for n in range(2000)]
    reads: list[list[list[bytes]]] = []
    for event in events:
        if event == "start":
            reads.append([])
        elif event != "end":
            reads[-1].append(event)
    assert any(len(read) > 1 for read in reads)
    for read in filter(None, reads):
        assert all(len(batch) == READ_BATCH_FRAMES for batch in read[:-1]) and 0 < len(read[-1]) <= READ_BATCH_FRAMES
    assert events[-1] == "end" and ws.frames == 2000


async def test_an_exception_from_on_frames_drops_the_connection_and_is_raised_by_the_wait(serve):
    async def chatty(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.receive()
        await ws.send_str("first")
        async for _ in ws:
            pass
        return ws

    def broken(frames: list[bytes]) -> None:
        raise ValueError("a bug in the client")

    ws = await connect(await serve(chatty), collect()[1], on_frames=broken)
    ws.send_text("go")
    with pytest.raises(ValueError, match="a bug in the client"):
        async with asyncio.timeout(5):
            await ws.wait_closed()


async def test_the_venues_close_ends_the_wait_with_its_code(serve):
    async def close_at_once(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close(code=4001, message=b"bye")
        return ws

    ws = await connect(await serve(close_at_once), collect()[1])
    async with asyncio.timeout(5):
        await ws.wait_closed()
    assert ws.close_code == 4001


async def test_venue_pings_are_answered_and_text_pings_go_out_periodically(serve):
    pongs: list[bytes] = []
    texts: list[str] = []

    async def pinging(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        await ws.ping(b"heartbeat")
        async for message in ws:
            if message.type is WSMsgType.PONG:
                pongs.append(message.data)
            elif message.type is WSMsgType.TEXT:
                texts.append(message.data)
                await ws.send_str("PONG")
        return ws

    frames, on_frame = collect()
    ws = await connect(await serve(pinging), on_frame, text_ping=(0.05, "PING"))
    async with asyncio.timeout(5):
        while len(texts) < 3 or not pongs:
            await asyncio.sleep(0.01)
    await ws.close()
    assert pongs == [b"heartbeat"] and texts[:3] == ["PING"] * 3 and frames[:3] == [b"PONG"] * 3


async def test_a_heartbeat_without_a_pong_drops_the_connection(serve):
    async def deaf(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        async for _ in ws:
            pass
        return ws

    ws = await connect(await serve(deaf), collect()[1], heartbeat_s=0.2)
    async with asyncio.timeout(5):
        await ws.wait_closed()
    assert ws.closed


async def test_a_silent_connection_is_dropped_with_a_timeout(serve):
    async def silent(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("one")
        async for _ in ws:
            pass
        return ws

    frames, on_frame = collect()
    ws = await connect(await serve(silent), on_frame, receive_timeout_s=0.1)
    started = asyncio.get_running_loop().time()
    with pytest.raises(TimeoutError, match="no frame for 0.1s"):
        async with asyncio.timeout(5):
            await ws.wait_closed()
    assert frames == [b"one"] and 0.1 <= asyncio.get_running_loop().time() - started < 1


async def test_an_exception_from_the_client_drops_the_connection_and_is_raised_by_the_wait(serve):
    async def chatty(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str("first")
        await ws.send_str("second")
        async for _ in ws:
            pass
        return ws

    seen: list[bytes] = []

    def broken(frame: bytes) -> None:
        seen.append(frame)
        raise ValueError("a bug in the client")

    ws = await connect(await serve(chatty), broken)
    with pytest.raises(ValueError, match="a bug in the client"):
        async with asyncio.timeout(5):
            await ws.wait_closed()
    assert seen == [b"first"]


async def test_a_fragmented_message_is_handed_over_whole():
    class Fragmenting(WSListener):  # type: ignore[misc]
        def on_ws_connected(self, transport: WSTransport) -> None:
            transport.send(FrameType.TEXT, b'{"a": ', fin=False)
            transport.send(FrameType.CONTINUATION, b"1, ", fin=False)
            transport.send(FrameType.CONTINUATION, b'"b": 2}', fin=True)
            transport.send(FrameType.TEXT, b"whole")

        def on_ws_frame(self, transport: WSTransport, frame: WSFrame) -> None:
            pass

    server = await ws_create_server(lambda _: Fragmenting(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    frames, on_frame = collect()
    try:
        ws = await connect(f"ws://127.0.0.1:{port}/", on_frame)
        async with asyncio.timeout(5):
            while len(frames) < 2:
                await asyncio.sleep(0.01)
        await ws.close()
    finally:
        server.close()
    assert frames == [b'{"a": 1, "b": 2}', b"whole"] and ws.frames == 2


async def test_picows_logs_the_signed_handshake_only_through_the_redacting_logger(serve, caplog):
    async def accept(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()
        return ws

    install_log_redaction()
    register_secret("handshake-signature-0123456789")
    caplog.set_level(1, logger="picows.client")
    ws = await connect(await serve(accept), collect()[1], headers={"KALSHI-ACCESS-SIGNATURE": "handshake-signature-0123456789"})
    async with asyncio.timeout(5):
        await ws.wait_closed()
    picows_lines = [record for record in caplog.records if record.name == "picows.client"]
    assert any("KALSHI-ACCESS-SIGNATURE" in record.getMessage() for record in picows_lines)
    assert "handshake-signature-0123456789" not in caplog.text


class StallingServer:
    """A TCP server that reads the WebSocket upgrade request and never answers it: each
    connection's ``closed`` is set when the client closed its end."""

    def __init__(self) -> None:
        self.requested = asyncio.Event()
        self.closed: list[asyncio.Event] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/ws"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        closed = asyncio.Event()
        self.closed.append(closed)
        try:
            await reader.readuntil(b"\r\n\r\n")
            self.requested.set()
            # The handshake stalls: the client's end closing is the only way out.
            while await reader.read(4096):
                pass
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        closed.set()
        writer.close()

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("ended_by", ["cancel", "timeout"])
async def test_a_connect_ended_during_a_stalled_handshake_closes_its_socket(ended_by):
    server = StallingServer()
    url = await server.start()
    before = _open_fds()
    try:
        if ended_by == "cancel":
            connecting = asyncio.create_task(connect(url, collect()[1]))
            async with asyncio.timeout(5):
                await server.requested.wait()
            connecting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await connecting
        else:
            with pytest.raises(TimeoutError):
                await connect(url, collect()[1], timeout_s=0.3)
            assert server.requested.is_set()
        # The server sees the connection closed, and this process holds no descriptor for it.
        async with asyncio.timeout(5):
            await server.closed[0].wait()
            while _open_fds() > before:
                await asyncio.sleep(0.01)
    finally:
        await server.stop()


async def test_a_connection_is_kept_while_frames_flow_and_dropped_a_timeout_after_the_last(serve):
    frames, on_frame = collect()
    sent_last: list[float] = []

    async def trickle(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        # A frame every 0.1 s for 1.2 s: three times the timeout, never that long apart.
        for n in range(12):
            await ws.send_str(str(n))
            sent_last[:] = [asyncio.get_running_loop().time()]
            await asyncio.sleep(0.1)
        async for _ in ws:
            pass
        return ws

    ws = await connect(await serve(trickle), on_frame, receive_timeout_s=0.4)
    with pytest.raises(TimeoutError, match="no frame for 0.4s"):
        async with asyncio.timeout(10):
            await ws.wait_closed()
    silent = asyncio.get_running_loop().time() - sent_last[0]
    assert frames == [str(n).encode() for n in range(12)]
    # Never before the timeout; at most half of it late (the checks come four times a timeout),
    # with room for a loaded machine's timers.
    assert 0.4 <= silent < 0.6 + 0.3
