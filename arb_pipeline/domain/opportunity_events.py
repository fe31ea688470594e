"""The lifecycle of an opportunity, from successive evaluations of one pair and direction.

The live evaluator re-walks a pair whenever one of its books changes; most evaluations change
nothing a trader cares about. :class:`OpportunityTracker` turns the stream of evaluations
(:class:`~arb_pipeline.domain.models.Spread`, as :func:`arb_pipeline.domain.spreads.evaluate_pair`
returns them) into the few events that matter:

* ``open``: a spread that was not an opportunity (or was never seen) now is one;
* ``change``: an open opportunity's size (contracts) or net profit moved;
* ``close``: an open opportunity is no longer one (the evaluation's rejection reasons say why),
  or its tracking ended (the pair was dropped, a book went stale, the streamer stopped), with
  its lifetime from the evaluation that opened it.

Every event carries an ``event_key`` derived from the spread's identity, its opening time and
the step in its life, so the same event written twice (a replay after an outage) is one row.

Pure: no clock, no I/O. Times come from the evaluations themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from arb_pipeline.domain.models import (
    SPREAD_FIGURES,
    KalshiOrderBook,
    OpportunityKind,
    OrderBook,
    Spread,
    SpreadFigures,
    Venue,
)


class EventType(StrEnum):
    OPEN = "open"
    CHANGE = "change"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class SpreadKey:
    """What one evaluation is of: the kind, the pair and the direction (the same key as the
    ``spreads`` table's)."""

    kind: OpportunityKind
    kalshi_ticker: str | None
    polymarket_market_id: str | None
    kalshi_side: str | None
    polymarket_token: str | None

    @classmethod
    def of(cls, spread: Spread) -> SpreadKey:
        return cls(
            OpportunityKind(spread.kind),
            spread.kalshi_ticker,
            spread.polymarket_market_id,
            spread.kalshi_side,
            spread.polymarket_token,
        )

    @property
    def pair(self) -> tuple[str | None, str | None]:
        """(Kalshi ticker, Polymarket market id): what a cooldown or a pair removal is per."""
        return self.kalshi_ticker, self.polymarket_market_id

    def describe(self, token: Callable[[str], str] = str) -> str:
        """The key in a trader's words, e.g. ``kalshi KXFED-25DEC yes + polymarket 51234 token 7133...``;
        ``token`` shows the Polymarket token id (logs keep all 77 digits, a terminal its tail)."""
        if self.kind is OpportunityKind.CROSS_VENUE:
            return (
                f"kalshi {self.kalshi_ticker} {self.kalshi_side} + polymarket {self.polymarket_market_id} "
                f"token {token(self.polymarket_token or '')}"
            )
        if self.kind is OpportunityKind.KALSHI_YES_NO:
            return f"kalshi {self.kalshi_ticker} yes + no"
        return f"polymarket {self.polymarket_market_id} every outcome token"


@dataclass(frozen=True, slots=True)
class QuoteTimes:
    """The venue and receive times of the books an evaluation used: per venue, the oldest of its
    books (a basket walks several Kalshi books; the oldest is the one that limits trust)."""

    kalshi_venue_ts: datetime | None = None
    kalshi_received_ts: datetime | None = None
    polymarket_venue_ts: datetime | None = None
    polymarket_received_ts: datetime | None = None

    @classmethod
    def of_books(cls, books: Iterable[KalshiOrderBook | OrderBook]) -> QuoteTimes:
        venue_ts: dict[Venue, list[datetime]] = {Venue.KALSHI: [], Venue.POLYMARKET: []}
        received: dict[Venue, list[datetime]] = {Venue.KALSHI: [], Venue.POLYMARKET: []}
        for book in books:
            venue = Venue.KALSHI if isinstance(book, KalshiOrderBook) else book.venue
            if venue not in received:
                raise ValueError(f"a {venue} book has no place among an opportunity's quotes")
            received[venue].append(book.received_ts)
            if book.venue_ts is not None:
                venue_ts[venue].append(book.venue_ts)
        return cls(
            kalshi_venue_ts=min(venue_ts[Venue.KALSHI], default=None),
            kalshi_received_ts=min(received[Venue.KALSHI], default=None),
            polymarket_venue_ts=min(venue_ts[Venue.POLYMARKET], default=None),
            polymarket_received_ts=min(received[Venue.POLYMARKET], default=None),
        )


@dataclass(frozen=True, slots=True)
class OpportunityEvent(SpreadFigures):
    """One step in an opportunity's life, with the numbers of the evaluation behind it (on a
    close forced by :meth:`OpportunityTracker.close`, the last numbers seen while open)."""

    event_key: str
    event_type: EventType
    key: SpreadKey
    kalshi_tickers: tuple[str, ...]
    opened_at: datetime
    evaluated_at: datetime
    times: QuoteTimes
    lifetime: timedelta | None = None
    reason: str | None = None


@dataclass(slots=True)
class _Open:
    opened_at: datetime
    step: int
    last: Spread
    times: QuoteTimes


def _event_key(key: SpreadKey, opened_at: datetime, step: int) -> str:
    identity = "|".join(
        (
            key.kind.value,
            key.kalshi_ticker or "",
            key.polymarket_market_id or "",
            key.kalshi_side or "",
            key.polymarket_token or "",
            opened_at.isoformat(),
            str(step),
        )
    )
    return hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()


def _event(
    event_type: EventType,
    key: SpreadKey,
    spread: Spread,
    state: _Open,
    times: QuoteTimes,
    at: datetime,
    reason: str | None = None,
) -> OpportunityEvent:
    return OpportunityEvent(
        event_key=_event_key(key, state.opened_at, state.step),
        event_type=event_type,
        key=key,
        kalshi_tickers=spread.kalshi_tickers,
        **{name: getattr(spread, name) for name in SPREAD_FIGURES},
        opened_at=state.opened_at,
        evaluated_at=at,
        times=times,
        lifetime=at - state.opened_at if event_type is EventType.CLOSE else None,
        reason=reason,
    )


class OpportunityTracker:
    """Open opportunities by :class:`SpreadKey`, and the events their evaluations produce.

    Feed it every evaluation of a key, in evaluation order; an evaluation older than the last one
    seen for its key changes nothing (``out_of_order`` counts them)."""

    def __init__(self) -> None:
        self._open: dict[SpreadKey, _Open] = {}
        self._last_seen: dict[SpreadKey, datetime] = {}
        self.out_of_order = 0

    @property
    def open_count(self) -> int:
        return len(self._open)

    def open_keys(self) -> list[SpreadKey]:
        return list(self._open)

    def update(self, spread: Spread, times: QuoteTimes | None = None) -> OpportunityEvent | None:
        """The event this evaluation makes, if any: ``open``, ``change`` or ``close``."""
        key = SpreadKey.of(spread)
        at = spread.evaluated_at
        seen = self._last_seen.get(key)
        if seen is not None and at < seen:
            self.out_of_order += 1
            return None
        self._last_seen[key] = at
        times = times or QuoteTimes()
        state = self._open.get(key)
        if spread.is_opportunity:
            if state is None:
                state = self._open[key] = _Open(opened_at=at, step=0, last=spread, times=times)
                return _event(EventType.OPEN, key, spread, state, times, at)
            moved = spread.contracts != state.last.contracts or spread.net_profit != state.last.net_profit
            state.last, state.times = spread, times
            if not moved:
                return None
            state.step += 1
            return _event(EventType.CHANGE, key, spread, state, times, at)
        if state is None:
            return None
        del self._open[key]
        state.step += 1
        reason = "; ".join(spread.rejection_reasons) or "no longer an opportunity"
        return _event(EventType.CLOSE, key, spread, state, times, at, reason)

    def close(self, key: SpreadKey, at: datetime, reason: str) -> OpportunityEvent | None:
        """End the tracking of ``key`` at ``at`` (its pair was dropped, a book went stale): a
        ``close`` event with the last numbers seen, or None when it was not open."""
        state = self._open.pop(key, None)
        self._last_seen.pop(key, None)
        if state is None:
            return None
        state.step += 1
        return _event(EventType.CLOSE, key, state.last, state, state.times, max(at, state.last.evaluated_at), reason)

    def close_pair(
        self, kalshi_ticker: str | None, polymarket_market_id: str | None, at: datetime, reason: str
    ) -> list[OpportunityEvent]:
        """Close every open direction of one pair (e.g. the pair is no longer approved)."""
        keys = [key for key in self._open if key.pair == (kalshi_ticker, polymarket_market_id)]
        return [event for key in keys if (event := self.close(key, at, reason)) is not None]

    def close_all(self, at: datetime, reason: str) -> list[OpportunityEvent]:
        """Close everything still open (the streamer is stopping: an opportunity must not stay
        open forever in the event history)."""
        return [event for key in list(self._open) if (event := self.close(key, at, reason)) is not None]
