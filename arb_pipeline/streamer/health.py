"""Feed health as /healthz reports it: is every venue connected and still sending?

The hot path marks each message (:meth:`HealthState.mark_message`, one dict store) and each
connection going up or down (:meth:`HealthState.mark_connected`); :meth:`HealthState.report`
judges the state against two limits: a venue silent for longer than ``max_silent_s`` (since its
last message, or since the start if it never sent one), or with a connection down for longer
than ``max_disconnected_s`` (since the start if it never connected), is unhealthy.

Times are seconds on one monotonic clock (``time.monotonic`` unless a clock is given); the
``ts`` a caller passes must come from the same clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

#: The connection a venue has when the caller names none.
DEFAULT_CONNECTION = "main"


@dataclass(frozen=True, slots=True)
class VenueHealth:
    venue: str
    connected: bool
    #: Seconds since the venue's last message; None when it never sent one.
    last_message_age_s: float | None
    #: Seconds the oldest down connection has been down; None when all are up.
    disconnected_for_s: float | None
    problems: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "connected": self.connected,
            "last_message_age_s": None if self.last_message_age_s is None else round(self.last_message_age_s, 3),
            "disconnected_for_s": None if self.disconnected_for_s is None else round(self.disconnected_for_s, 3),
            "problems": list(self.problems),
        }


@dataclass(frozen=True, slots=True)
class HealthReport:
    venues: tuple[VenueHealth, ...]

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        return [problem for venue in self.venues for problem in venue.problems]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.healthy else "unhealthy",
            "problems": self.problems,
            "venues": {venue.venue: venue.as_json() for venue in self.venues},
        }


class HealthState:
    """What /healthz knows: per venue, the time of the last message and which connections are up."""

    def __init__(
        self,
        venues: Iterable[str],
        *,
        max_silent_s: float,
        max_disconnected_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_silent_s = max_silent_s
        self.max_disconnected_s = max_disconnected_s
        self._clock = clock
        self._started = clock()
        self._venues = tuple(venues)
        if not self._venues:
            raise ValueError("health needs at least one venue to watch")
        self._last_message: dict[str, float | None] = dict.fromkeys(self._venues)
        # venue -> connection -> the time it went down, or None while it is up. A venue with no
        # connection yet counts as down since the start.
        self._down_since: dict[str, dict[str, float | None]] = {venue: {} for venue in self._venues}
        self._idle: set[str] = set()
        # When each venue's limits started counting: the start, or when it stopped being idle.
        self._watched_since: dict[str, float] = dict.fromkeys(self._venues, self._started)

    @property
    def venues(self) -> tuple[str, ...]:
        return self._venues

    def mark_message(self, venue: str, ts: float | None = None) -> None:
        """A message arrived from ``venue`` at ``ts`` (default: now)."""
        self._last_message[venue] = self._clock() if ts is None else ts

    def mark_connected(self, venue: str, connected: bool, ts: float | None = None, *, connection: str = DEFAULT_CONNECTION) -> None:
        """``connection`` of ``venue`` went up (``connected``) or down at ``ts`` (default: now).
        A venue is connected when every connection it has is up (Polymarket spreads its assets
        over several: one of them down leaves those assets without a feed)."""
        connections = self._down_since[venue]
        if connected:
            connections[connection] = None
        elif connections.get(connection) is None:
            # Up until now, or never seen: it is down from now. Already down: it stays down
            # since it first went.
            connections[connection] = self._clock() if ts is None else ts

    def set_idle(self, venue: str, idle: bool, ts: float | None = None) -> None:
        """``venue`` has nothing to watch (``idle``): no connection, no message is expected of it,
        so it is healthy (a replica whose shard holds no pair of one venue must not be restarted
        for it). When it gets something to watch, its limits count from then."""
        if idle:
            self._idle.add(venue)
        elif venue in self._idle:
            self._idle.discard(venue)
            now = self._clock() if ts is None else ts
            self._watched_since[venue] = now

    def forget_connection(self, venue: str, connection: str) -> None:
        """``connection`` was closed on purpose (its instruments were dropped): it no longer counts."""
        self._down_since[venue].pop(connection, None)

    def last_message(self, venue: str) -> float | None:
        return self._last_message[venue]

    def report(self, now: float | None = None) -> HealthReport:
        now = self._clock() if now is None else now
        return HealthReport(tuple(self._venue_health(venue, now) for venue in self._venues))

    def _venue_health(self, venue: str, now: float) -> VenueHealth:
        problems: list[str] = []
        last = self._last_message[venue]
        age = None if last is None else max(now - last, 0.0)
        if venue in self._idle:
            return VenueHealth(venue, True, age, None, ())
        since = self._watched_since[venue]
        silent_for = now - since if last is None or last < since else age
        if silent_for is not None and silent_for > self.max_silent_s:
            if last is not None and last >= since:
                what = f"no message for {silent_for:.1f} s"
            elif since == self._started:
                what = f"no message since the start {silent_for:.1f} s ago"
            else:
                what = f"no message since it was given instruments {silent_for:.1f} s ago"
            problems.append(f"{venue}: {what} (limit {self.max_silent_s:g} s)")
        connections = self._down_since[venue]
        down = [went_down for went_down in connections.values() if went_down is not None]
        if not connections:
            down.append(since)
        disconnected_for = max(now - min(down), 0.0) if down else None
        if disconnected_for is not None and disconnected_for > self.max_disconnected_s:
            which = "never connected" if not connections else f"{len(down)} of {len(connections)} connections down"
            problems.append(f"{venue}: disconnected for {disconnected_for:.1f} s, {which} (limit {self.max_disconnected_s:g} s)")
        return VenueHealth(venue, not down, age, disconnected_for, tuple(problems))
