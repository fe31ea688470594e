"""Reading the markets in several processes (docs/matching.md, "Reading in two processes"): the same
propositions as one process reads, in the markets' order, and one process reads whatever a child
could not."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations

import pytest

from arb_pipeline.domain.matching import MatchConfig, match_report, matcher, reading_pool
from arb_pipeline.domain.matching.propositions import Proposition, read
from arb_pipeline.domain.matching.reading_pool import map_in_processes, rebuilding_order, usable_processes
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma
from arb_pipeline_tests.domain.matching.labeled_set import NEEDS_NBA_RECORDINGS, labeled_set, sandbox_labeled_set


def _idle() -> tuple[float, float, float]:
    return 0.0, 0.0, 0.0


def _busy() -> tuple[float, float, float]:
    return 64.0, 64.0, 64.0


@pytest.fixture(autouse=True)
def small_chunks_on_an_idle_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork for a few markets, and claim them a few at a time, so both processes read some,
    whatever the load of the machine the tests run on."""
    monkeypatch.setattr(reading_pool, "MIN_MARKETS", 1)
    monkeypatch.setattr(reading_pool, "CHUNK", 3)
    monkeypatch.setattr(os, "getloadavg", _idle)
    if usable_processes(2) < 2:
        pytest.skip("forking a reading process is not possible here")


def _slow_here(parent: int) -> None:
    # The parent reads slowly, so a child that starts late still claims chunks.
    if os.getpid() == parent:
        time.sleep(0.002)


def _read_where(item: Market, parent: int) -> tuple[int, Proposition]:
    _slow_here(parent)
    return os.getpid(), read(item)


def _shown(proposition: Proposition) -> str:
    frame = proposition.frame
    return (f"{proposition!r} {list(frame.words)!r} {frame.names!r} {frame.context!r} {frame.rules!r} "
            f"{frame.rules_names!r}")


@NEEDS_NBA_RECORDINGS
def test_propositions_read_in_two_processes_are_those_one_process_reads_in_the_markets_order() -> None:
    markets = [*labeled_set().kalshi, *labeled_set().polymarket, *sandbox_labeled_set(seed=7, size=1).polymarket]
    parent = os.getpid()
    read_here = [read(m) for m in markets]

    both = map_in_processes(lambda m: _read_where(m, parent), markets, 2)

    assert {pid for pid, _ in both} - {parent}, "no market was read by the forked process"
    assert [_shown(p) for _, p in both] == [_shown(p) for p in read_here]


def test_a_comparison_reading_pickles() -> None:
    """A comparison's frame reads its parts from the general reading: with lambdas, it could not be
    sent back from a reading process."""
    market = gamma("1", question="Will Nvidia have a higher market cap than Microsoft on December 31, 2029?",
                   end="2029-12-31T20:00:00Z",
                   description="Resolves Yes if Nvidia's market capitalization is higher than Microsoft's at the "
                               "close on December 31, 2029. Otherwise No.")
    proposition = read(market)
    assert proposition.topic == "comparison"

    copy = pickle.loads(pickle.dumps(proposition))

    assert _shown(copy) == _shown(proposition)


def _colliding(count: int) -> frozenset[str]:
    """A set of strings that ``frozenset()`` rebuilds from its own listing in another order."""
    words = [f"w{n}" for n in range(200)]
    for members in combinations(words, count):
        built = frozenset(members)
        if tuple(frozenset(tuple(built))) != tuple(built):
            return built
    raise AssertionError("no colliding strings found")


@pytest.mark.parametrize("count", [2, 3])
def test_a_set_is_sent_in_an_order_that_rebuilds_it_listed_as_it_was(count: int) -> None:
    members = _colliding(count)

    order = rebuilding_order(members)

    assert tuple(frozenset(order)) == tuple(members)


@NEEDS_NBA_RECORDINGS
def test_a_propositions_sets_come_back_listed_in_their_order() -> None:
    initials = _colliding(2)
    parent = os.getpid()
    proposition = replace(read(labeled_set().kalshi[0]), initials=initials, quoted=_colliding(3))

    def work(item: int) -> Proposition:
        _slow_here(parent)
        return proposition

    copies = map_in_processes(work, list(range(30)), 2)

    assert all(tuple(c.initials) == tuple(initials) and tuple(c.quoted) == tuple(proposition.quoted) for c in copies)
    assert any(c is not proposition for c in copies), "no proposition came from the forked process"


def _squares(item: int) -> int:
    return item * item


def _refuse(*args: object) -> None:
    raise OSError("refused")


@pytest.mark.parametrize("refused", ["multiprocessing.context.ForkProcess.start", "tempfile.TemporaryFile"])
def test_a_process_that_cannot_start_leaves_the_reading_to_this_one(refused: str, monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(refused, _refuse)
    with caplog.at_level(logging.WARNING, logger=reading_pool.__name__):
        assert map_in_processes(_squares, list(range(40)), 2) == [n * n for n in range(40)]
    assert "could not start (OSError: refused)" in caplog.text


def test_markets_a_child_claimed_and_never_sent_are_read_here(caplog: pytest.LogCaptureFixture) -> None:
    parent = os.getpid()

    def dies(item: int) -> int:
        if os.getpid() != parent:
            os._exit(3)
        time.sleep(0.002)
        return item * item

    with caplog.at_level(logging.WARNING, logger=reading_pool.__name__):
        assert map_in_processes(dies, list(range(40)), 2) == [n * n for n in range(40)]
    assert "exit code 3" in caplog.text


def test_a_reading_that_fails_here_stops_the_reading_processes() -> None:
    parent = os.getpid()

    def work(item: int) -> int:
        if os.getpid() == parent:
            time.sleep(0.05)  # the child starts and claims chunks meanwhile
            raise ValueError("unreadable")
        time.sleep(0.05)
        return item

    with pytest.raises(ValueError, match="unreadable"):
        map_in_processes(work, list(range(300)), 2)
    assert multiprocessing.active_children() == []


class _Unpicklable:
    def __init__(self, value: int) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Unpicklable) and other.value == self.value

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("not sent")


def test_results_that_do_not_pickle_are_made_again_here() -> None:
    parent = os.getpid()
    made_where: list[int] = []

    def work(item: int) -> _Unpicklable:
        _slow_here(parent)
        made_where.append(os.getpid())
        return _Unpicklable(item)

    assert map_in_processes(work, list(range(40)), 2) == [_Unpicklable(n) for n in range(40)]
    assert len(made_where) == 40  # this process's list: every item ends up made here


def _reads_alone() -> None:
    assert usable_processes(2) == 1
    parent = os.getpid()
    assert {pid for pid, _ in map_in_processes(lambda n: (os.getpid(), n), list(range(20)), 2)} == {parent}


def test_a_machine_with_no_spare_core_reads_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", _busy)
    _reads_alone()


@pytest.fixture
def other_thread() -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


@pytest.mark.usefixtures("other_thread")
def test_a_process_running_other_threads_reads_alone() -> None:
    """A forked child copies every lock, one another thread may hold."""
    _reads_alone()


def test_matching_reads_in_two_processes_and_reports_the_same_pairs() -> None:
    labeled = sandbox_labeled_set(seed=7, size=1)
    one = match_report(labeled.kalshi, labeled.polymarket, config=MatchConfig(reading_processes=1))
    matcher._READINGS.clear()  # read again, in two processes this time

    two = match_report(labeled.kalshi, labeled.polymarket, config=MatchConfig(reading_processes=2))

    assert two == one


def test_reading_processes_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="reading_processes"):
        MatchConfig(reading_processes=0)
