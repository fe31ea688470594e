"""Reading a catalog's markets in several processes (docs/matching.md#reading-in-two-processes).

A market's proposition depends on that market alone, and reading the markets is most of a match's
time, so a large catalog is read by this process and forked ones at once. Each process claims
the next chunk of markets from a shared counter until none is left, so a process the machine
starves of CPU reads fewer chunks and none waits for another's share. A forked process writes
each chunk's propositions, pickled, to an unnamed temporary file this process opened, and this
process loads them once the child has exited: the child holds one chunk at a time, and no pipe
hands 20 MB over 64 kB at a time between two processes waiting for the CPU. Propositions come
back in the markets' order whoever read them, and they are the ones this process would have read:
the reading is pure. A pickled frozenset is rebuilt by adding its members in the order it lists them,
and two members whose hashes collide may then swap places: a proposition's own sets (sources,
initials, quoted terms, alternatives) are sent in an order that rebuilds them as they were, so a
proposition sent back lists them in the same order as one read here.

Forking needs the ``fork`` start method (not on Windows), a process that is not a daemon (which may
have no children), and no other thread running (a forked child gets a copy of every lock, one
another thread may hold). Without them, or when a child cannot start, dies, or cannot pickle a
chunk's propositions, this process reads what the children did not write: the result is the same.
"""

from __future__ import annotations

import copyreg
import io
import itertools
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import fields
from multiprocessing.sharedctypes import Synchronized
from typing import IO, Any, TypeVar

from arb_pipeline.domain.matching.propositions.model import Proposition

log = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")

# Below this many markets the fork and the pickling cost more than the other core saves.
MIN_MARKETS = 4_000
# Markets per claim: large enough that a ladder's rungs (which share their rules' readings) are
# mostly read by one process, small enough that the last claims even out the processes' ends.
CHUNK = 500


def usable_processes(wanted: int) -> int:
    """How many processes may read: ``wanted``, at most the cores this process may run on, and
    one where forking is unsafe or impossible, or where no core is spare: with the machine's
    1-minute load average at or above its cores, a second process only shares this one's CPU and
    adds its pickling (reading 20,000 x 20,000 markets took 39 to 48 s in two processes against 31
    to 32 s in one at a load average of 9 to 11, and 5.4 s against 9.5 s at 1.2 to 1.5)."""
    if wanted < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if multiprocessing.current_process().daemon or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if os.getloadavg()[0] >= cores:
        return 1
    return max(1, min(wanted, cores))


def map_in_processes(work: Callable[[In], Out], items: Sequence[In], processes: int) -> list[Out]:
    """``[work(item) for item in items]``, in up to ``processes`` processes when there are at least
    ``MIN_MARKETS`` items; ``work`` must be pure and its results picklable (a chunk whose results
    are not is done again here)."""
    processes = usable_processes(processes) if len(items) >= MIN_MARKETS else 1
    if processes < 2:
        return [work(item) for item in items]
    context = multiprocessing.get_context("fork")
    claimed = context.Value("q", 0)
    children = []
    for _ in range(processes - 1):
        started = _started(context, work, items, claimed)
        if started is None:
            break
        children.append(started)
    results: list[Out | None] = [None] * len(items)
    done = [False] * len(items)
    try:
        while (start := _claim(claimed, len(items))) is not None:
            _fill(results, done, start, [work(item) for item in items[start:start + CHUNK]])
        for child, spool in children:
            for start, chunk in _written(child, spool):
                _fill(results, done, start, chunk)
    finally:
        # A reading that raised here leaves no child reading on for nobody.
        for child, spool in children:
            spool.close()
            if child.is_alive():
                child.terminate()
                child.join()
    for index, item in enumerate(items):
        if not done[index]:
            results[index] = work(item)
    return results  # type: ignore[return-value]  # every slot is filled above


def _started(context: multiprocessing.context.ForkContext, work: Callable[[In], Out], items: Sequence[In],
             claimed: Synchronized) -> tuple[multiprocessing.process.BaseProcess, IO[bytes]] | None:
    """A reading process and the file it writes to, or None (said in the log) if either fails."""
    spool = None
    try:
        spool = tempfile.TemporaryFile()
        child = context.Process(target=_child, args=(work, items, claimed, spool), daemon=True)
        child.start()
    except OSError as error:
        log.warning("a reading process could not start (%s: %s): this process reads its share",
                    type(error).__name__, error)
        if spool is not None:
            spool.close()
        return None
    return child, spool


def _claim(claimed: Synchronized, size: int) -> int | None:
    with claimed.get_lock():
        start = claimed.value
        if start >= size:
            return None
        claimed.value = start + CHUNK
    return start


def _fill(results: list, done: list[bool], start: int, chunk: list) -> None:
    results[start:start + len(chunk)] = chunk
    done[start:start + len(chunk)] = [True] * len(chunk)


def _child(work: Callable[[In], Out], items: Sequence[In], claimed: Synchronized, spool: IO[bytes]) -> None:
    while (start := _claim(claimed, len(items))) is not None:
        chunk = [work(item) for item in items[start:start + CHUNK]]
        try:
            spool.write(_dumps((start, chunk)))
        except (pickle.PicklingError, TypeError, AttributeError):
            continue  # left for the parent to read
    spool.flush()


def _written(child: multiprocessing.process.BaseProcess, spool: IO[bytes]) -> list[tuple[int, list]]:
    """The chunks a child read, once it has exited, or none if it died."""
    child.join()
    if child.exitcode != 0:
        log.warning("a reading process ended with exit code %s: this process reads its markets", child.exitcode)
        return []
    spool.seek(0)
    chunks = []
    while True:
        try:
            chunks.append(pickle.load(spool))
        except EOFError:
            return chunks


# Members of a set past which no order that rebuilds it is searched for: 7! rebuilds would cost more
# than the reading saved, and a larger set comes back in its rebuild's order (equal, listed
# otherwise only if two of its members collide; no set of the sandbox's 39,700 readings did).
_ORDER_SEARCHED = 6
_FIELDS = tuple(f.name for f in fields(Proposition))


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table | {Proposition: _reduce_proposition}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_proposition(proposition: Proposition) -> tuple[Callable[..., Proposition], tuple[Any, ...]]:
    values = [getattr(proposition, name) for name in _FIELDS]
    sets = tuple(index for index, value in enumerate(values) if type(value) is frozenset)
    for index in sets:
        values[index] = rebuilding_order(values[index])
    return _proposition, (tuple(values), sets)


def _proposition(values: tuple[Any, ...], sets: tuple[int, ...]) -> Proposition:
    rebuilt = list(values)
    for index in sets:
        rebuilt[index] = frozenset(rebuilt[index])
    return Proposition(*rebuilt)


def rebuilding_order(members: frozenset[Any]) -> tuple[Any, ...]:
    """An order of ``members`` that ``frozenset()`` rebuilds into one listing them as ``members``
    does (the order they are listed in, unless two of them collide), or that order where none is
    found among the orders searched."""
    listed = tuple(members)
    if len(listed) < 2 or tuple(frozenset(listed)) == listed or len(listed) > _ORDER_SEARCHED:
        return listed
    return next((order for order in itertools.permutations(listed) if tuple(frozenset(order)) == listed), listed)
