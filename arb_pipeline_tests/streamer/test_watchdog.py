"""The watchdog's ladder on a feed with no venue behind it, on an explicit clock: when each step
is taken for a silent instrument and for one never heard from, and that an event starts over.

The clock starts at a power of two, not at ``time.monotonic()``: the steps are asserted at their
exact boundaries, and ``(t + 45.0) - t`` is 45.0 for every ``t`` only where the sum is exact (at
an arbitrary monotonic reading it may round to a hair under, and the step would come one sweep
late)."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.models import Venue
from arb_pipeline.streamer.feeds import Feed, Turn


class QuietFeed(Feed):
    """A feed whose instruments say nothing unless told; the watchdog's actions are recorded."""

    venue = Venue.POLYMARKET

    def __init__(self, **timing: float) -> None:
        super().__init__(Turn(lambda: None), stale_s=60.0, **timing)
        self.acted: list[tuple[str, list[str]]] = []

    async def _act(self, action, instruments):
        self.acted.append((action, list(instruments)))

    def hear(self, instrument: str, at: float) -> None:
        """An event from ``instrument`` handled by the pass at monotonic ``at``."""
        self.changed[instrument] = 0
        self.take_changed(at)

    # Nothing below is reached by the watchdog.
    stats = None  # type: ignore[assignment]

    def connections(self):
        return []

    def _subscribe(self, instruments):
        pass

    def _unsubscribe(self, instruments):
        pass

    def record(self, on_frame):
        pass

    def _moved_rows(self, instruments, moved):
        raise NotImplementedError

    def is_live(self, instrument):
        return True

    def _freeze(self, instrument):
        raise NotImplementedError

    def best_ask(self, instrument, side):
        return None

    def times(self, instrument):
        return None, None

    def depth(self, instrument):
        return []

    def _received_ns(self, instrument):
        return None

    async def run(self):
        pass

    async def close(self):
        pass


async def _sweep(feed: QuietFeed, at: float) -> list[str]:
    before = len(feed.acted)
    await feed.watchdog(lambda venue, action: None, now=at)
    return [action for action, _ in feed.acted[before:]]


@pytest.mark.parametrize("escalation_s", [15.0, 4.0])
async def test_a_silent_instrument_is_resubscribed_then_each_next_step_waits_the_escalation(escalation_s):
    feed = QuietFeed(first_event_s=15.0, silence_s=45.0, escalation_s=escalation_s)
    start = 1024.0
    feed.watch(["quiet"], now=start)
    feed.hear("quiet", start)
    assert await _sweep(feed, start + 44.9) == []
    assert await _sweep(feed, start + 45.0) == ["resubscribe"]
    step = start + 45.0
    for action in ("reconnect", "rest_resync", "resubscribe"):
        assert await _sweep(feed, step + escalation_s - 0.1) == [], action
        assert await _sweep(feed, step + escalation_s) == [action]
        step += escalation_s
    # An event starts the ladder over: the next step is the silence's again.
    feed.hear("quiet", step + 1)
    assert await _sweep(feed, step + 1 + escalation_s) == []
    assert await _sweep(feed, step + 1 + 45.0) == ["resubscribe"]


async def test_an_instrument_never_heard_from_is_resubscribed_after_the_first_event_wait():
    feed = QuietFeed(first_event_s=10.0, silence_s=45.0, escalation_s=3.0)
    start = 1024.0
    feed.watch(["new"], now=start)
    assert await _sweep(feed, start + 9.9) == []
    assert await _sweep(feed, start + 10.0) == ["resubscribe"]
    assert await _sweep(feed, start + 12.9) == []
    assert await _sweep(feed, start + 13.0) == ["reconnect"]
