"""What every venue WebSocket client reports: book-update events and stream health counters.

A stream keeps its books live (``arb_pipeline.domain.books``) and emits a small
:class:`BookUpdate` per applied change; a consumer that needs an immutable view asks the live book
for one. Freezing a book per message would cost more than decoding it (PERF_NOTES.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from arb_pipeline.domain.models import Venue


class UpdateKind(StrEnum):
    SNAPSHOT = "snapshot"  # the whole book replaced (snapshot, REST resync)
    DELTA = "delta"  # one or more levels changed
    TICK_SIZE = "tick_size"
    TRADE = "trade"  # last trade price; book unchanged
    TICKER = "ticker"  # top-of-book ticker message; book unchanged
    RESOLVED = "resolved"  # market resolved


@dataclass(frozen=True, slots=True)
class BookUpdate:
    venue: Venue
    instrument_id: str  # Kalshi market ticker, or Polymarket token id
    kind: UpdateKind
    received_ts: datetime
    venue_ts: datetime | None = None


@dataclass
class StreamStats:
    """Counters a user can watch: a malformed frame is counted here and skipped, never fatal."""

    frames: int = 0
    messages: int = 0
    updates: int = 0
    malformed: int = 0
    gaps: int = 0
    resyncs: int = 0
    reconnects: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def count_error(self, code: str) -> None:
        self.errors[code] = self.errors.get(code, 0) + 1
