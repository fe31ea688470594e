"""A feed as the change sink of its client's reads applied in one call
(docs/streamer.md#the-read-applied-in-one-call): what ``Feed.applied`` does with the books the
compiled path marked is what ``Feed._on_update`` does per change (counted, the run begun, the
probe told, the pass run when due), and the run's start the C is given is the Turn's."""

from __future__ import annotations

import logging

import pytest

from arb_pipeline.domain.models import Venue
from arb_pipeline.streamer.feeds import EVALUATE_WITHIN_S, Turn
from arb_pipeline.venues.stream import BookUpdate, UpdateKind
from arb_pipeline_tests.streamer.test_watchdog import QuietFeed


def _feed(flush) -> QuietFeed:
    feed = QuietFeed(first_event_s=15.0, silence_s=45.0, escalation_s=30.0)
    feed.turn = Turn(flush)
    feed.watch(["101", "202", "303"], now=0.0)
    return feed


def test_marked_books_begin_the_run_at_their_time_and_a_due_run_is_evaluated_at_once() -> None:
    passes: list[dict[str, int]] = []
    feed = _feed(lambda: (feed.turn.ended(), passes.append(feed.take_changed(0.0))))
    assert feed.within_s == EVALUATE_WITHIN_S and feed.since == -1.0 and feed.updates is None
    feed.turn.read_started()
    feed.changed.update({"101": 7, "202": 8})
    feed.applied(2, 123.5, False)
    # Inside a read: the run waits for its end, from the time the C gave.
    assert feed.changes == 2 and feed.turn.pending and feed.since == 123.5 and passes == []
    feed.changed["303"] = 9
    feed.applied(1, 123.5, True)
    assert passes == [{"101": 7, "202": 8, "303": 9}] and feed.since == -1.0
    feed.turn.read_ended()
    assert passes == [{"101": 7, "202": 8, "303": 9}] and feed.changes == 3


def test_the_probe_is_told_of_each_marked_change_before_its_pass() -> None:
    told: list[tuple[str, str]] = []
    passes: list[int] = []
    feed = _feed(lambda: (feed.turn.ended(), passes.append(len(told))))
    feed.probe = lambda venue, update: told.append((venue, update.instrument_id))
    assert feed.updates == []
    feed.turn.read_started()
    feed.updates += [BookUpdate(Venue.POLYMARKET, token, UpdateKind.DELTA, 1, 2) for token in ("101", "202")]
    feed.changed.update({"101": 1, "202": 1})
    feed.applied(2, 1.0, True)
    assert told == [("polymarket", "101"), ("polymarket", "202")] and passes == [2] and feed.updates == []
    feed.probe = None
    assert feed.updates is None


def test_a_pass_that_fails_inside_a_read_is_logged_and_the_read_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> None:
        feed.turn.ended()
        raise RuntimeError("a bug in the pass")

    feed = _feed(broken)
    feed.turn.read_started()
    feed.changed["101"] = 1
    with caplog.at_level(logging.ERROR):
        feed.applied(1, 1.0, True)
    assert "could not be handled" in caplog.text and not feed.turn.pending
