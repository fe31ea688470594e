"""A TCP forwarder to the test PostgreSQL that a test can cut and restore: a warehouse outage a
test can cause on a shared server (CI's), where stopping the server itself is not an option.

Cut, it closes every forwarded connection and stops listening, so a client sees what a server
that went away looks like (reset connections, then refused connects); restored, it listens on
the same port again."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import URL, Engine, make_url


class TcpProxy:
    def __init__(self, target: tuple[str, int] | str) -> None:
        self.target = target
        self.port = 0
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()

    def _connect_target(self) -> socket.socket:
        if isinstance(self.target, str):
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(self.target)
        else:
            upstream = socket.create_connection(self.target)
        return upstream

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = self._connect_target()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            # close() alone leaves a thread blocked in accept() holding the socket open (and
            # still accepting); shutdown() wakes it.
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        with self._lock:
            connections, self._connections = self._connections, set()
        for sock in connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def restore(self) -> None:
        self.start()


def proxied_url(engine: Engine, proxy_port: int) -> URL:
    """``engine``'s database reached through a proxy on 127.0.0.1:``proxy_port``."""
    url = make_url(engine.url)
    return URL.create(
        "postgresql+psycopg",
        username=url.username,
        password=url.password,
        host="127.0.0.1",
        port=proxy_port,
        database=url.database,
    )


def upstream_of(engine: Engine) -> tuple[str, int] | str:
    """Where ``engine`` connects: (host, port), or the Unix socket of the embedded server."""
    url = make_url(engine.url)
    socket_dir = url.query.get("host")
    if url.host is None and socket_dir:
        directory = socket_dir if isinstance(socket_dir, str) else socket_dir[0]
        return f"{directory}/.s.PGSQL.{url.port or 5432}"
    return (url.host or "127.0.0.1", url.port or 5432)


@contextmanager
def proxy_to(engine: Engine) -> Iterator[TcpProxy]:
    proxy = TcpProxy(upstream_of(engine))
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.cut()
