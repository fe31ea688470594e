"""What the Kalshi and Polymarket WebSocket feeds of the sandbox share: the open connections,
handing frames to each through the armed WebSocket faults, the garbage a MALFORMED_FRAME fault
slips in, the bookkeeping of a throughput burst, and what the exchange drives through a venue
API that has a feed.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Callable, Iterator, Set
from typing import Any, Generic, Protocol, TypeVar

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.context import Exchange, Subscriber
from arb_pipeline.sandbox.state import StepResult

#: A burst draws at most this many scenario updates per message it sends, skipping draws that
#: changed nothing.
BURST_ATTEMPTS = 200


class Connection(Protocol):
    @property
    def socket(self) -> Subscriber: ...


ConnectionT = TypeVar("ConnectionT", bound=Connection)


class Feed(abc.ABC, Generic[ConnectionT]):
    """The open connections of one venue's feed. ``malformed`` is the venue's two kinds of
    garbage, sent alternately: a frame that is not JSON at all, and a well-formed message
    missing required fields."""

    def __init__(self, exchange: Exchange, venue: Venue, malformed: tuple[bytes, bytes]) -> None:
        self.exchange = exchange
        self.venue = venue
        self.connections: set[ConnectionT] = set()
        self._malformed = malformed
        self._malformed_sent = 0

    @abc.abstractmethod
    def publish(self, step: StepResult) -> None:
        """Send one scenario step's book changes to the subscribers that hold those books."""

    def deliver(self, connection: ConnectionT, frames: list[bytes]) -> None:
        if not connection.socket.deliver(frames, self.exchange.faults, self._malformed_frame):
            self.connections.discard(connection)

    def _malformed_frame(self) -> bytes:
        self._malformed_sent += 1
        return self._malformed[0] if self._malformed_sent % 2 else self._malformed[1]

    def burst_updates(self, messages: int, covered: Set[str]) -> Iterator[list[Any]]:
        """The scenario's burst updates for a burst of ``messages``, drawn only on the books of the
        ``covered`` instruments (held by a subscriber): a book nobody holds is not worth a draw."""
        for changes in self.exchange.scenario.burst_changes(self.venue, BURST_ATTEMPTS * (messages + 1), covered):
            if changes:
                yield changes

    def burst_report(self, messages: int, subscribers: int, frames: int, started: float | None) -> dict[str, Any]:
        """What a burst answers; ``started`` None for a burst nobody was subscribed to."""
        return {
            "venue": self.venue.value,
            "messages": messages,
            "subscribers": subscribers,
            "frames": frames,
            "prepare_s": round(time.perf_counter() - started, 6) if started is not None else 0.0,
        }


FeedT = TypeVar("FeedT", bound=Feed[Any])


class FeedVenueApi(Generic[FeedT]):
    """What the exchange drives, and tests reach, through a venue API with a feed: every
    scenario step is published on the feed, and ``burst`` runs the venue's burst on it."""

    def __init__(self, feed: FeedT, burst: Callable[[FeedT, int], dict[str, Any]]) -> None:
        self.feed = feed
        self._burst = burst

    @property
    def connections(self) -> set[Any]:
        return self.feed.connections

    def publish(self, step: StepResult) -> None:
        self.feed.publish(step)

    def burst(self, messages: int) -> dict[str, Any]:
        return self._burst(self.feed, messages)
