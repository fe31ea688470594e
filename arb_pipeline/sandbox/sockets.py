"""One client WebSocket as the sandbox exchange serves it: frames pre-encoded by the venue APIs,
framed as they are queued, written in order by one task, many frames a write, with the faults
that cut a connection.
"""

from __future__ import annotations

import asyncio
import logging
import struct
from collections.abc import Callable, Iterable

from aiohttp import WSCloseCode, web

from arb_pipeline.aio import cancel_and_wait
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Channel, FaultInjector, FaultKind

log = logging.getLogger(__name__)

#: Frames are written to the socket in writes of at most this size, then the writer drains: one
#: transport write per frame would cost a syscall each and cap a burst far below what the
#: clients can decode on loopback.
_WRITE_CHUNK_BYTES = 256 * 1024
_CLOSE_TIMEOUT_S = 2.0


def text_frame(payload: bytes) -> bytes:
    """An unmasked, uncompressed WebSocket text frame (RFC 6455 5.2), as a server sends it."""
    length = len(payload)
    if length < 126:
        return bytes((0x81, length)) + payload
    if length < 65536:
        return struct.pack("!BBH", 0x81, 126, length) + payload
    return struct.pack("!BBQ", 0x81, 127, length) + payload


def text_frames(payloads: Iterable[bytes]) -> bytes:
    """``payloads`` as consecutive text frames, ready for :meth:`SubscriberSocket.send_frames`."""
    return b"".join(map(text_frame, payloads))


class SubscriberSocket:
    """One client WebSocket as the server sees it. Every outgoing frame goes through one queue
    written by one task, so frames leave in the order the world changed: a snapshot queued at
    subscribe time can never be overtaken by a delta queued by a later tick."""

    def __init__(
        self, request: web.Request, ws: web.WebSocketResponse, venue: Venue, *, muted: Callable[[], bool] = lambda: False
    ) -> None:
        self.request = request
        self.ws = ws
        self.venue = venue
        #: True while the exchange keeps this venue quiet: frames are dropped, the socket stays up.
        self.muted = muted
        #: Complete frames, ready for the wire.
        self._queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._pump_task = asyncio.create_task(self._pump(), name=f"sandbox {venue} socket writer")
        self.dropped = False

    def send(self, payload: bytes) -> None:
        """Queue one JSON text frame."""
        if not self.muted():
            self._queue.put_nowait(text_frame(payload))

    def send_frames(self, frames: bytes) -> None:
        """Queue complete frames (:func:`text_frames`), encoded before the first byte goes out:
        a throughput burst leaves at the socket's pace, not Python's per frame."""
        if not self.muted():
            self._queue.put_nowait(frames)

    def deliver(self, frames: Iterable[bytes], faults: FaultInjector, malformed_frame: Callable[[], bytes]) -> bool:
        """Send ``frames`` unless an armed WebSocket fault says otherwise: DROP_CONNECTION closes
        the socket (returns False: the caller forgets the connection); MALFORMED_FRAME slips one
        bad frame in ahead of the real ones."""
        if faults.take(self.venue, Channel.WS, {FaultKind.DROP_CONNECTION}):
            self.drop()
            return False
        if faults.take(self.venue, Channel.WS, {FaultKind.MALFORMED_FRAME}):
            self.send(malformed_frame())
        for frame in frames:
            self.send(frame)
        return True

    def drop(self) -> None:
        """Cut the TCP connection without a close frame, as a network failure would."""
        self.dropped = True
        transport = self.request.transport
        if transport is not None:
            transport.abort()

    async def _pump(self) -> None:
        transport = self.request.transport
        writer = self.request.writer
        queue = self._queue
        try:
            while True:
                # Everything queued by now leaves together, in order.
                parts = [await queue.get()]
                while not queue.empty():
                    parts.append(queue.get_nowait())
                data = memoryview(b"".join(parts))
                for start in range(0, len(data), _WRITE_CHUNK_BYTES):
                    if transport is None or transport.is_closing():
                        return
                    transport.write(data[start : start + _WRITE_CHUNK_BYTES])
                    await writer.drain()
        except (ConnectionError, RuntimeError) as exc:
            log.debug("sandbox %s socket writer stopped: %s", self.venue, exc)

    async def close(self) -> None:
        await cancel_and_wait(self._pump_task)
        if self.ws.closed or self.dropped:
            return
        try:
            # A client that stopped reading would hold the close handshake forever.
            await asyncio.wait_for(self.ws.close(code=WSCloseCode.GOING_AWAY), _CLOSE_TIMEOUT_S)
        except (asyncio.TimeoutError, ConnectionError):
            self.drop()
