"""When to try a venue again: the one backoff every REST retry and every WebSocket reconnect uses.

The wait grows exponentially with the failures in a row, up to a ceiling, and is drawn at random
from the upper half of it: the randomness keeps many clients (or the sockets of one client) that
failed together from coming back together, and the lower bound keeps a client from hammering a
venue that is down. A venue that says when to come back (``Retry-After`` on a 429 or 503) is
obeyed, up to the same ceiling.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def backoff_delay(failures: int, base_delay_s: float, max_delay_s: float, retry_after_s: float | None = None) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (counting from 1)."""
    if retry_after_s is not None:
        return min(max(retry_after_s, 0.0), max_delay_s)
    ceiling = min(max_delay_s, base_delay_s * 2 ** (failures - 1))
    return random.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, slots=True)
class Backoff:
    """How a WebSocket client reconnects: the wait after the first failure, and the ceiling."""

    base_delay_s: float
    max_delay_s: float

    def policy(self) -> ReconnectPolicy:
        """A fresh count of failures, for one connection."""
        return ReconnectPolicy(self)


#: Both venues' WebSocket clients: half a second after a drop, doubling up to 30 s.
WS_RECONNECT = Backoff(base_delay_s=0.5, max_delay_s=30.0)


class ReconnectPolicy:
    """The failures in a row of one connection, and the wait before its next attempt.

    A client calls :meth:`reset` when a connection worked (what "worked" means is the client's:
    it opened, or it delivered data) and :meth:`next_delay` after every attempt, worked or not,
    to learn how long to wait before the next one. A connection that worked and then dropped
    waits the base delay; each failure after that doubles the ceiling."""

    __slots__ = ("backoff", "failures")

    def __init__(self, backoff: Backoff) -> None:
        self.backoff = backoff
        self.failures = 0

    def next_delay(self, retry_after_s: float | None = None) -> float:
        """Count one more failure and return the seconds to wait (``retry_after_s``, the venue's
        ``Retry-After``, wins when given)."""
        self.failures += 1
        return backoff_delay(self.failures, self.backoff.base_delay_s, self.backoff.max_delay_s, retry_after_s)

    def reset(self) -> None:
        self.failures = 0
