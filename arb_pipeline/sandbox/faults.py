"""Faults the sandbox exchange can be told to inject, so clients are tested against what real venues
do on a bad day: throttling, 5xx, dropped sockets, slow answers, sequence gaps, garbage frames,
lost updates and stale books.

A :class:`Fault` is armed with :meth:`FaultInjector.inject` (from any thread) and fires ``count``
times on the requests or WebSocket frames it matches, then disarms itself.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from arb_pipeline.domain.models import Venue


class FaultKind(StrEnum):
    HTTP_STATUS = "http_status"  # answer `status` (with Retry-After when retry_after_s is set)
    DROP_CONNECTION = "drop_connection"  # REST: close the socket with no response; WS: drop it
    SLOW = "slow"  # REST: wait delay_s, then answer normally
    SEQ_GAP = "seq_gap"  # Kalshi WS: skip one seq number on the next orderbook_delta
    MALFORMED_FRAME = "malformed_frame"  # WS: a frame that is not JSON, or lacks required fields
    # WS: one real book update is never sent (Kalshi: its seq number is used up all the same, so
    # the gap shows; Polymarket has no seq, so only the book hash and REST can reveal it).
    LOST_UPDATE = "lost_update"
    STALE_BOOK = "stale_book"  # REST book endpoints: an old book with an old venue timestamp


class Channel(StrEnum):
    REST = "rest"
    WS = "ws"


_KINDS_BY_CHANNEL = {
    Channel.REST: frozenset(
        {FaultKind.HTTP_STATUS, FaultKind.DROP_CONNECTION, FaultKind.SLOW, FaultKind.STALE_BOOK}
    ),
    # HTTP_STATUS on the WebSocket channel refuses the handshake with that status.
    Channel.WS: frozenset(
        {
            FaultKind.HTTP_STATUS,
            FaultKind.DROP_CONNECTION,
            FaultKind.SEQ_GAP,
            FaultKind.MALFORMED_FRAME,
            FaultKind.LOST_UPDATE,
        }
    ),
}


@dataclass(frozen=True, slots=True)
class Fault:
    """One armed fault. ``path_prefix`` is relative to the venue's REST base (``/markets`` for
    Kalshi; ``/book`` or ``/markets`` for Polymarket, where ``/clob/...`` and ``/gamma/...``
    pick one of its two APIs explicitly; ``/v4/sports`` for The Odds API) and matches whole path
    segments, so ``/book`` does not catch ``/books``; STALE_BOOK fires only on book endpoints.
    WebSocket faults take no prefix: HTTP_STATUS answers the next handshake, the others fire on
    the next update the exchange pushes to a subscriber (one connection per firing)."""

    kind: FaultKind
    venue: Venue
    channel: Channel = Channel.REST
    path_prefix: str = ""
    count: int = 1
    status: int | None = None
    retry_after_s: float | None = None
    delay_s: float = 0.0

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", FaultKind(self.kind))
            object.__setattr__(self, "venue", Venue(self.venue))
            object.__setattr__(self, "channel", Channel(self.channel))
        except ValueError as exc:
            raise ValueError(f"sandbox fault: {exc}") from None
        if self.kind not in _KINDS_BY_CHANNEL[self.channel]:
            raise ValueError(f"sandbox fault: {self.kind} cannot be injected on the {self.channel} channel")
        if self.channel is Channel.WS and self.venue is Venue.ODDS_API:
            raise ValueError("sandbox fault: The Odds API has no WebSocket")
        if self.kind is FaultKind.SEQ_GAP and self.venue is not Venue.KALSHI:
            raise ValueError("sandbox fault: seq_gap applies to Kalshi only (Polymarket has no seq numbers)")
        if self.channel is Channel.WS and self.path_prefix:
            raise ValueError("sandbox fault: WebSocket faults take no path_prefix")
        if self.path_prefix and not self.path_prefix.startswith("/"):
            raise ValueError(f"sandbox fault: path_prefix must start with '/', got {self.path_prefix!r}")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError(f"sandbox fault: count must be a positive integer, got {self.count!r}")
        if self.kind is FaultKind.HTTP_STATUS and (
            not isinstance(self.status, int) or not 400 <= self.status <= 599
        ):
            raise ValueError(f"sandbox fault: http_status needs a 4xx/5xx status, got {self.status!r}")
        if self.retry_after_s is not None and self.retry_after_s < 0:
            raise ValueError(f"sandbox fault: retry_after_s must be >= 0, got {self.retry_after_s!r}")
        if self.kind is FaultKind.SLOW and not self.delay_s > 0:
            raise ValueError(f"sandbox fault: slow needs delay_s > 0, got {self.delay_s!r}")

    @classmethod
    def from_json(cls, body: Any) -> Fault:
        """A fault from the JSON body of ``POST /_sandbox/faults``."""
        if not isinstance(body, Mapping):
            raise ValueError("sandbox fault: the body must be a JSON object")
        unknown = set(body) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"sandbox fault: unknown fields {sorted(unknown)}")
        missing = {"kind", "venue"} - set(body)
        if missing:
            raise ValueError(f"sandbox fault: missing fields {sorted(missing)}")
        try:
            return cls(**body)
        except TypeError as exc:
            raise ValueError(f"sandbox fault: {exc}") from None

    def to_json(self) -> dict[str, Any]:
        return {key: str(value) if isinstance(value, StrEnum) else value for key, value in asdict(self).items()}

    def matches(self, venue: Venue, channel: Channel, paths: Iterable[str]) -> bool:
        if venue is not self.venue or channel is not self.channel:
            return False
        if not self.path_prefix:
            return True
        prefix = self.path_prefix.rstrip("/")
        return any(path == prefix or path.startswith(prefix + "/") for path in paths)


class FaultInjector:
    """The armed faults of one exchange. ``inject`` may be called from any thread (tests drive a
    server running in another thread); the server takes faults on its own loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[list[Any]] = []  # [fault, firings left]
        self._fired: dict[FaultKind, int] = dict.fromkeys(FaultKind, 0)
        # Read without the lock on every request and broadcast: only a shortcut, `take`
        # re-checks under the lock.
        self._any_armed = False

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._armed.append([fault, fault.count])
            self._any_armed = True

    def take(
        self,
        venue: Venue,
        channel: Channel,
        kinds: frozenset[FaultKind] | set[FaultKind],
        paths: Iterable[str] = ("",),
    ) -> Fault | None:
        """Fire the oldest armed fault of one of ``kinds`` that matches, or return None."""
        if not self._any_armed:
            return None
        paths = tuple(paths)
        with self._lock:
            for index, entry in enumerate(self._armed):
                fault = entry[0]
                if fault.kind in kinds and fault.matches(venue, channel, paths):
                    entry[1] -= 1
                    if entry[1] == 0:
                        del self._armed[index]
                    self._any_armed = bool(self._armed)
                    self._fired[fault.kind] += 1
                    return fault
        return None

    @property
    def armed(self) -> list[tuple[Fault, int]]:
        """Each armed fault with the firings it has left."""
        with self._lock:
            return [(fault, left) for fault, left in self._armed]

    @property
    def fired(self) -> dict[FaultKind, int]:
        """How many times each kind of fault has fired since the exchange was built."""
        with self._lock:
            return dict(self._fired)
