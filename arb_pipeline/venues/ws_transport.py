"""The WebSocket transport of both venue clients: open a connection, hand every data frame to the
client's callback as it is read, send text, keep the connection alive, close it.

Built on picows (docs/streamer.md#the-websocket-transport): its parser hands each frame to a
callback inside the socket read, with no queue and no task switch per frame, which measured
cheaper per frame than aiohttp's ``receive()`` loop. The clients' own logic (subscriptions,
books, reconnects with :class:`~arb_pipeline.venues.backoff.ReconnectPolicy`) stays theirs; this
module is the one connect and receive path they share.

What a client gets:

* :func:`connect` opens a connection with the client's handshake headers (Kalshi's signature) and
  raises :class:`HandshakeRefused` for a non-101 answer, with the status and the venue's
  ``Retry-After`` for a 429/503 (:func:`~arb_pipeline.venues.stream.handshake_retry_after`);
  an unreachable host is an ``OSError`` and a handshake that does not finish a ``TimeoutError``.
  A connect that fails, times out or is cancelled at any point leaves no socket open.
* ``on_frame(payload)`` is called with each text or binary message (a message the venue split into
  fragments is joined first) from the moment the handshake completes.
* Keep-alive: ``heartbeat_s`` sends a WebSocket ping after that long without data and drops the
  connection when no pong comes within half of it (Kalshi); ``text_ping`` sends a text message
  every interval whatever the traffic (Polymarket's ``PING``); ``receive_timeout_s`` drops a
  connection that delivered no frame for that long (by half of it more at most). Pings from the
  venue are answered.
* ``reads``: told of every read from the socket, before its frames are handed over and after
  the last of them (:class:`ReadWatcher`): the streamer evaluates what a read changed at its end,
  inside the read (docs/streamer.md#the-hot-path).
* ``on_frames(payloads)``, when given, is called instead of ``on_frame`` with the messages of each
  read from the socket, in order, in lists of up to ``READ_BATCH_FRAMES``: a list as soon as it
  is full, the rest once the read's last frame is parsed (before ``reads`` is told the read
  ended). The client applies each list in one call (docs/streamer.md#the-read-applied-in-one-call).
  A message read with the handshake's answer still goes to ``on_frame``.
* :meth:`WsConnection.wait_closed` returns when the connection ended, raising what ended it when
  that was not the venue's or our own close: a silent socket (``TimeoutError``) or an exception
  from ``on_frame`` (the client's bug is the client's to see).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from picows import WSCloseCode, WSFrame, WSHandshakeError, WSListener, WSMsgType, WSTransport, ws_connect

from arb_pipeline.venues.stream import handshake_retry_after

#: The largest message a venue may send; a bigger one drops the connection. Both venues' largest
#: messages (a snapshot of 256 Kalshi markets, a 500-asset Polymarket book array) are far below.
MAX_MESSAGE_BYTES = 64 * 2**20
#: How often per ``receive_timeout_s`` the frame count is looked at: a silent connection is
#: dropped between one timeout and one and a half after its last frame.
SILENCE_CHECKS = 4
#: The most messages a read hands to ``on_frames`` in one list: a read from a full socket buffer
#: holds thousands, and its first message would otherwise wait for all of them to be parsed
#: (a few hundred microseconds, more on a loaded machine) before it is applied. Measured at 10,000
#: messages a second, the event loop's CPU from a frame to its verdict grew with the list: p99
#: 0.9 ms at 8, 1.1 at 16, 1.3 at 32, 2.5 at 64 (main's frame at a time: 0.6-0.7 ms); the
#: clients' cost a list (3-4 us) is a fifth of a microsecond a message at 16
#: (docs/streamer.md#the-read-applied-in-one-call).
READ_BATCH_FRAMES = 16
#: Seconds for the TCP connection and the HTTP upgrade together.
CONNECT_TIMEOUT_S = 10.0
#: picows logs through one logger per connection (``picows.client.<n>``), and below DEBUG the
#: upgrade request with its headers (Kalshi's signature). Handed an adapter it logs through the
#: adapter's logger alone, which carries the redacting filter (``redaction.LIBRARY_LOGGERS``).
_PICOWS_LOG = logging.LoggerAdapter(logging.getLogger("picows.client"), {})

_TEXT = WSMsgType.TEXT
_BINARY = WSMsgType.BINARY
_CONTINUATION = WSMsgType.CONTINUATION
_CLOSE = WSMsgType.CLOSE


class ReadWatcher(Protocol):
    """Told of every read from a connection's socket, on the event loop inside the read."""

    def read_started(self) -> None:
        """A read arrived; its frames are handed to ``on_frame`` next."""

    def read_ended(self) -> None:
        """The read's last frame was handed over (or the read failed)."""


class HandshakeRefused(ConnectionError):
    """The venue answered the upgrade with an HTTP status other than 101. ``retry_after_s`` is
    the venue's ``Retry-After`` on a 429/503, else None. Carries no request headers (Kalshi's
    are a signature)."""

    def __init__(self, status: int, retry_after_s: float | None) -> None:
        super().__init__(f"the venue refused the WebSocket handshake: HTTP {status}")
        self.status = status
        self.retry_after_s = retry_after_s


class WsConnection(WSListener):  # type: ignore[misc]
    """One open connection. ``frames`` counts the data messages delivered; ``close_code`` is the
    code of the venue's close frame, if it sent one."""

    def __init__(
        self, on_frame: Callable[[bytes], None], text_ping: tuple[float, str] | None, receive_timeout_s: float | None,
        on_frames: Callable[[list[bytes]], None] | None = None,
    ) -> None:  # fmt: skip
        self.frames = 0
        self.close_code: int | None = None
        self._on_frame = on_frame
        self._on_frames = on_frames
        #: The messages of the read being parsed, when they go to ``on_frames``; else None.
        self._batch: list[bytes] | None = None
        self._text_ping = text_ping
        self._receive_timeout_s = receive_timeout_s
        self._transport: WSTransport | None = None
        self._fragments: bytearray | None = None
        self._failure: BaseException | None = None
        self._ping_timer: asyncio.TimerHandle | None = None
        self._silence_timer: asyncio.TimerHandle | None = None
        self._frames_seen = 0
        self._quiet_since = 0.0

    # --- picows callbacks (the event loop, inside the socket read) ------------------------------

    def on_ws_connected(self, transport: WSTransport) -> None:
        self._transport = transport
        loop = asyncio.get_running_loop()
        if self._text_ping is not None:
            self._ping_timer = loop.call_later(self._text_ping[0], self._ping)
        if self._receive_timeout_s is not None:
            self._quiet_since = time.monotonic()
            self._silence_timer = loop.call_later(self._receive_timeout_s / SILENCE_CHECKS, self._check_silence)

    def on_ws_frame(self, transport: WSTransport, frame: WSFrame) -> None:
        kind = frame.msg_type
        if (kind is _TEXT or kind is _BINARY) and frame.fin:
            batch = self._batch
            if batch is not None:
                # Counted in ``frames`` as the list is handed over: one step less a message.
                batch.append(frame.get_payload_as_bytes())
                if len(batch) >= READ_BATCH_FRAMES:
                    self._batch = []
                    self._hand_over(batch)
                return
            self.frames += 1
            try:
                self._on_frame(frame.get_payload_as_bytes())
            except Exception as exc:
                # Handed to wait_closed()'s caller: the client's bug is the client's to see.
                self._fail(exc)
        elif kind is _TEXT or kind is _BINARY or kind is _CONTINUATION:
            self._join(frame)
        elif kind is _CLOSE:
            self.close_code = frame.get_close_code().value
            if not transport.is_close_frame_sent:
                transport.send_close(frame.get_close_code())
            transport.disconnect()

    def on_ws_disconnected(self, transport: WSTransport) -> None:
        for timer in (self._ping_timer, self._silence_timer):
            if timer is not None:
                timer.cancel()

    # --- the client's side ------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._transport is None or self._transport.is_disconnected

    def send_text(self, text: str) -> None:
        """Queue ``text`` on the socket; ``ConnectionError`` when the connection is gone."""
        transport = self._transport
        if transport is None or transport.is_disconnected or transport.is_close_frame_sent:
            raise ConnectionError("the WebSocket is closed")
        transport.send(_TEXT, text.encode())

    async def wait_closed(self) -> None:
        """Wait for the end of the connection; raises what ended it when that was a silent socket
        or the client's ``on_frame``."""
        if self._transport is not None:
            await self._transport.wait_disconnected()
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    async def close(self, code: WSCloseCode = WSCloseCode.OK) -> None:
        """Send a close frame and drop the connection (the venue's answer is not waited for)."""
        transport = self._transport
        if transport is None or transport.is_disconnected:
            return
        if not transport.is_close_frame_sent:
            transport.send_close(code)
        transport.disconnect()
        await transport.wait_disconnected()

    def _read_started(self) -> None:
        self._batch = []

    def _read_ended(self) -> None:
        batch, self._batch = self._batch, None
        if batch:
            self._hand_over(batch)

    def _hand_over(self, batch: list[bytes]) -> None:
        self.frames += len(batch)
        if self._on_frames is not None:
            try:
                self._on_frames(batch)
            except Exception as exc:
                # Handed to wait_closed()'s caller: the client's bug is the client's to see.
                self._fail(exc)

    def _hand_over_reads(self, reads: ReadWatcher | None) -> None:
        """Collect each read's messages for ``on_frames`` (when given), and tell ``reads`` (when
        given) of every read: the batch is handed over before ``reads`` hears the read ended."""
        if self._on_frames is None:
            if reads is not None:
                self.watch_reads(reads.read_started, reads.read_ended)
            return
        if reads is None:
            self.watch_reads(self._read_started, self._read_ended)
            return

        def started() -> None:
            self._read_started()
            reads.read_started()

        def ended() -> None:
            try:
                self._read_ended()
            finally:
                reads.read_ended()

        self.watch_reads(started, ended)

    def watch_reads(self, on_read: Callable[[], None], on_read_end: Callable[[], None] | None = None) -> Callable[[], None]:
        """Call ``on_read`` as each read from the socket arrives, before its frames are handed
        over, and ``on_read_end`` after the last of them (``connect``'s ``reads``, ``bench
        stream``'s latency probe); returns the function that stops it."""
        assert self._transport is not None
        socket = self._transport.underlying_transport
        inner = socket.get_protocol()
        socket.set_protocol(_ReadHooks(inner, on_read, on_read_end))
        return lambda: socket.set_protocol(inner)

    # --- inside --------------------------------------------------------------------------------

    def _join(self, frame: WSFrame) -> None:
        # A message split into fragments: the first has the type, the rest are continuations;
        # the last has fin set.
        if frame.msg_type is not _CONTINUATION:
            self._fragments = bytearray()
        elif self._fragments is None:
            self._fail(ConnectionError("a continuation frame without a message to continue"))
            return
        fragments = self._fragments
        fragments += frame.get_payload_as_memoryview()
        if len(fragments) > MAX_MESSAGE_BYTES:
            self._fail(ConnectionError(f"a fragmented message over {MAX_MESSAGE_BYTES} bytes"))
            return
        if frame.fin:
            self._fragments = None
            if self._batch is not None:
                self._batch.append(bytes(fragments))
                return
            self.frames += 1
            try:
                self._on_frame(bytes(fragments))
            except Exception as exc:
                # Handed to wait_closed()'s caller: the client's bug is the client's to see.
                self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        if self._failure is None:
            self._failure = exc
        # The rest of the read's frames (picows goes on through the buffer) go nowhere.
        self._on_frame = _ignore
        self._on_frames = None
        self._batch = None
        transport = self._transport
        if transport is not None and not transport.is_disconnected:
            transport.send_close(WSCloseCode.GOING_AWAY)
            transport.disconnect()

    def _ping(self) -> None:
        assert self._text_ping is not None and self._transport is not None
        interval, text = self._text_ping
        if self._transport.is_disconnected:
            return
        self._transport.send(_TEXT, text.encode())
        self._ping_timer = asyncio.get_running_loop().call_later(interval, self._ping)

    def _check_silence(self) -> None:
        # Checked SILENCE_CHECKS times per timeout, not stamped per frame: a frame costs one
        # counter increment. The silence is timed from the first check after the last frame
        # (a quarter timeout later at most), so the connection is dropped between one timeout
        # and one and a half after its last frame.
        assert self._receive_timeout_s is not None
        now = time.monotonic()
        if self.frames != self._frames_seen:
            self._frames_seen = self.frames
            self._quiet_since = now
        elif now - self._quiet_since >= self._receive_timeout_s:
            self._fail(TimeoutError(f"no frame for {self._receive_timeout_s:g}s"))
            return
        self._silence_timer = asyncio.get_running_loop().call_later(self._receive_timeout_s / SILENCE_CHECKS, self._check_silence)


def _ignore(frame: bytes) -> None:
    pass


class _ReadHooks(asyncio.BufferedProtocol):
    """Forwards a socket's reads to picows' protocol, calling ``on_read`` first and
    ``on_read_end`` (if any) after, whatever the read did."""

    def __init__(self, inner: asyncio.BufferedProtocol, on_read: Callable[[], None], on_read_end: Callable[[], None] | None) -> None:
        self.inner = inner
        self.on_read = on_read
        self.on_read_end = on_read_end

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.inner.connection_made(transport)

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.inner.get_buffer(sizehint)  # type: ignore[return-value]

    def buffer_updated(self, nbytes: int) -> None:
        self.on_read()
        if self.on_read_end is None:
            self.inner.buffer_updated(nbytes)
            return
        try:
            self.inner.buffer_updated(nbytes)
        finally:
            self.on_read_end()

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


async def _open_socket(host: str, port: int) -> socket.socket:
    """A TCP connection to ``host``:``port`` (each address in turn), owned by :func:`connect`
    so that it can end a handshake picows would leave open. A socket that did not connect is
    closed here, cancelled or not."""
    loop = asyncio.get_running_loop()
    failures: list[OSError] = []
    for family, kind, proto, _, address in await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        sock = socket.socket(family, kind, proto)
        try:
            sock.setblocking(False)
            await loop.sock_connect(sock, address)
        except OSError as exc:
            sock.close()
            failures.append(exc)
            continue
        except BaseException:
            sock.close()
            raise
        return sock
    if len(failures) == 1:
        raise failures[0]
    raise OSError(f"could not connect to {host}:{port}: " + "; ".join(str(failure) for failure in failures))


def _abandon(opened: list[socket.socket]) -> None:
    """End a connection whose handshake was given up. Its socket belongs to a transport by now,
    which must close it (closing the descriptor under it could later unregister another socket
    that reused the number): shutting it down makes the peer see the end at once, and the
    transport reads the end of stream and closes itself on the loop's next turn."""
    for sock in opened:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


async def connect(
    url: str,
    on_frame: Callable[[bytes], None],
    *,
    headers: Mapping[str, str] | None = None,
    heartbeat_s: float | None = None,
    text_ping: tuple[float, str] | None = None,
    receive_timeout_s: float | None = None,
    reads: ReadWatcher | None = None,
    on_frames: Callable[[list[bytes]], None] | None = None,
    timeout_s: float = CONNECT_TIMEOUT_S,
) -> WsConnection:
    """Open a WebSocket to ``url``; ``on_frame`` gets every data message from the handshake on.
    ``heartbeat_s``: WebSocket pings after that long without data, the connection dropped when
    no pong comes within half of it. ``text_ping``: (interval seconds, text) sent periodically.
    ``receive_timeout_s``: the connection dropped after that long without a data frame.
    ``reads``: told of every read once the connection is open (frames read with the handshake's
    answer come before it). ``on_frames``: each read's messages in one list, from then on."""
    keep_alive = {} if heartbeat_s is None else {"enable_auto_ping": True, "auto_ping_idle_timeout": heartbeat_s, "auto_ping_reply_timeout": heartbeat_s / 2}
    opened: list[socket.socket] = []

    async def open_socket(parsed: Any) -> socket.socket:
        sock = await _open_socket(parsed.host, parsed.port)
        opened.append(sock)
        return sock

    refused: HandshakeRefused | None = None
    try:
        async with asyncio.timeout(timeout_s):
            _, listener = await ws_connect(
                lambda: WsConnection(on_frame, text_ping, receive_timeout_s, on_frames),
                url,
                extra_headers=dict(headers) if headers else None,
                websocket_handshake_timeout=None,
                max_frame_size=MAX_MESSAGE_BYTES,
                max_redirects=0,
                logger_name=_PICOWS_LOG,
                socket_factory=open_socket,
                **keep_alive,
            )
    except WSHandshakeError as exc:
        _abandon(opened)
        response = exc.response
        if response is None:
            raise ConnectionError(f"WebSocket handshake failed: {exc}") from None
        status = int(response.status)
        refused = HandshakeRefused(status, handshake_retry_after(status, response.headers))
    except BaseException:
        # Cancelled or timed out while waiting for the upgrade's answer: picows leaves the
        # connection open (its wait is shielded), and nothing would ever close it.
        _abandon(opened)
        raise
    if refused is not None:
        # Raised outside the except block, so picows' error is not attached as its context.
        raise refused
    assert isinstance(listener, WsConnection)
    listener._hand_over_reads(reads)
    return listener
