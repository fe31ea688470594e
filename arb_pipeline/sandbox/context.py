"""Where the sandbox exchange and its venue APIs meet. The exchange (``server.py``) mounts each
venue API and pushes every scenario step to the ones with a WebSocket feed; a venue API reads the
world, the armed faults and the accepted keys from the exchange and opens its WebSockets through
it. Both sides depend on these protocols, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from aiohttp import web

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import FaultInjector
from arb_pipeline.sandbox.keys import KalshiKeyring
from arb_pipeline.sandbox.state import Scenario, StepResult


class Subscriber(Protocol):
    """One client WebSocket as a venue API writes to it; frames leave in the order they are queued."""

    @property
    def ws(self) -> web.WebSocketResponse: ...

    def send(self, payload: bytes) -> None:
        """Queue one JSON text frame."""
        ...

    def send_frames(self, frames: bytes) -> None:
        """Queue complete frames, encoded before the first byte goes out."""
        ...

    def deliver(self, frames: Iterable[bytes], faults: FaultInjector, malformed_frame: Callable[[], bytes]) -> bool:
        """Send ``frames`` through the armed WebSocket faults; False once the connection is dropped."""
        ...


class Exchange(Protocol):
    """The exchange as a venue API sees it."""

    @property
    def scenario(self) -> Scenario: ...

    @property
    def faults(self) -> FaultInjector: ...

    @property
    def keyring(self) -> KalshiKeyring: ...

    @property
    def started_at_s(self) -> float:
        """Wall-clock time the exchange was built: a STALE_BOOK fault dates its book before it."""
        ...

    @property
    def heartbeat_interval_s(self) -> float: ...

    @property
    def lost_updates(self) -> list[tuple[Venue, dict[str, Any]]]:
        """Every update a LOST_UPDATE fault kept from a subscriber, as the message it would have been."""
        ...

    @property
    def silenced_instruments(self) -> set[str]:
        """Polymarket tokens nothing is sent about, their connections carrying the rest."""
        ...

    def refused_handshake(self, venue: Venue) -> web.Response | None:
        """The answer to a WebSocket handshake when an HTTP_STATUS fault is armed for it."""
        ...

    def subscriber(self, request: web.Request, venue: Venue) -> AbstractAsyncContextManager[Subscriber]:
        """Upgrade ``request`` to a WebSocket the exchange tracks, and closes, until the block ends."""
        ...


class VenueApi(Protocol):
    """One venue's routes, as the exchange mounts them."""

    def add_routes(self, app: web.Application) -> None: ...

    def error_response(self, status: int, message: str) -> web.Response:
        """An error in the venue's own body shape, for the exchange's faults and unknown paths."""
        ...


class FeedApi(VenueApi, Protocol):
    """A venue with a WebSocket market feed: it hears every scenario step and serves bursts."""

    def publish(self, step: StepResult) -> None: ...

    def burst(self, messages: int) -> dict[str, Any]: ...
