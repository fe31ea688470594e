"""The capture folder, as every venue's capture code writes and reads it: the layout's rules, the
staged files and their receive times, the manifest, and the loaded :class:`Capture`.

The layout and the manifest are described in :mod:`arb_pipeline.venues.capture`; each venue's
own folder is written and read by its package (``kalshi.capture``, ``polymarket.capture``,
``odds_api.capture``).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tqdm import tqdm

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, Series, SportsEvent
from arb_pipeline.venues.http import HttpResult
from arb_pipeline.venues.records import RECORD_ERRORS, RecordProblem
from arb_pipeline.venues.wire import WireFormatError, parse_time

log = logging.getLogger(__name__)

CAPTURE_FORMAT = 1
MANIFEST = "manifest.json"

# Tickers, token ids and sport keys become file names; anything else (a slash, "..") would
# escape the folder.
SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


class CaptureError(RuntimeError):
    """The folder is not a usable capture (no or unreadable manifest, unknown format, marked
    incomplete), or a capture cannot be written where or how it was asked."""


@dataclass(frozen=True, slots=True)
class CaptureProblem:
    """One file, or one record in a file, that could not be used; the rest of the capture still
    loads. ``record`` is the record's ticker or id when the problem is one record."""

    path: str
    problem: str
    record: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass
class Capture:
    """A capture folder read back into domain models.

    ``captured_at`` is when the capture started and ``completed_at`` when its last body was
    received: every book was observed between the two, so ``completed_at`` is the capture's
    "now". ``complete`` is False only for a capture that failed midway and was loaded on request
    (``incomplete_reason`` says why it failed)."""

    directory: Path
    captured_at: datetime
    completed_at: datetime
    source: str
    complete: bool = True
    incomplete_reason: str | None = None
    kalshi_series: dict[str, Series] = field(default_factory=dict)
    kalshi_markets: dict[str, Market] = field(default_factory=dict)
    kalshi_books: dict[str, KalshiOrderBook] = field(default_factory=dict)
    polymarket_markets: dict[str, Market] = field(default_factory=dict)
    polymarket_books: dict[str, OrderBook] = field(default_factory=dict)
    odds_events: dict[str, list[SportsEvent]] = field(default_factory=dict)
    problems: list[CaptureProblem] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "kalshi_series": len(self.kalshi_series),
            "kalshi_markets": len(self.kalshi_markets),
            "kalshi_books": len(self.kalshi_books),
            "polymarket_markets": len(self.polymarket_markets),
            "polymarket_books": len(self.polymarket_books),
            "odds_events": sum(len(events) for events in self.odds_events.values()),
            "problems": len(self.problems),
        }


# --------------------------------------------------------------------------------------------
# Writing


@dataclass(frozen=True, slots=True)
class CaptureSettings:
    """What a capture was asked for, from which each venue builds its writer (``odds_sports``
    None: the odds writer's default sports)."""

    endpoints: VenueEndpoints
    credentials: Credentials
    odds_sports: Sequence[str] | None = None


class CaptureFiles:
    """Writes files under the (staging) capture folder and remembers when each body was received."""

    def __init__(self, directory: Path, captured_at: datetime) -> None:
        self.directory = directory
        self.captured_at = captured_at
        self.received_at: dict[str, str] = {}
        self.files = 0
        self.bytes = 0
        self._conflicted: set[str] = set()

    def write(self, relative: str, content: bytes, received_ts: datetime) -> None:
        path = self.directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted capture never leaves a half-written file that
        # a later scan would report as corrupt.
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        os.replace(partial, path)
        self.received_at[relative] = received_ts.isoformat()
        self.files += 1
        self.bytes += len(content)

    def write_book(
        self, relative: str, content: bytes, received_ts: datetime, same_levels: Callable[[bytes, bytes], bool]
    ) -> str | None:
        """Write one book unless the venue already answered the same book in this capture. A
        second copy with the same levels is dropped; one with different levels removes both (the
        book is left out: picking one would be a guess) and the returned message says so."""
        if relative in self._conflicted:
            return None
        if relative not in self.received_at:
            self.write(relative, content, received_ts)
            return None
        path = self.directory / relative
        held = path.read_bytes()
        if held == content or same_levels(held, content):
            return None
        path.unlink()
        del self.received_at[relative]
        self.files -= 1
        self.bytes -= len(held)
        self._conflicted.add(relative)
        return f"{relative}: the venue answered this book twice with different levels; neither copy is kept"

    def count(self, folder: str) -> int:
        """The files written under ``folder`` (e.g. ``kalshi/orderbooks/``)."""
        return sum(1 for relative in self.received_at if relative.startswith(folder))

    def write_manifest(self, source: str, completed_at: datetime, fields: dict[str, Any]) -> None:
        manifest = {
            "format": CAPTURE_FORMAT,
            "captured_at": self.captured_at.isoformat(),
            "completed_at": completed_at.isoformat(),
            **fields,
            "source": source,
            "files": self.files,
            "received_at": dict(sorted(self.received_at.items())),
        }
        path = self.directory / MANIFEST
        partial = path.with_name(MANIFEST + ".partial")
        partial.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        os.replace(partial, path)


def same_book_levels(parse: Callable[[Any], Any], terms: Callable[[Any], dict[str, Any]]) -> Callable[[bytes, bytes], bool]:
    """Whether two book bodies hold the same levels, for :meth:`CaptureFiles.write_book`."""

    def same(first: bytes, second: bytes) -> bool:
        try:
            return terms(parse(orjson.loads(first))) == terms(parse(orjson.loads(second)))
        except (orjson.JSONDecodeError, *RECORD_ERRORS):
            return False

    return same


@dataclass
class CaptureRun:
    """What each venue's writer writes into: the staged files, the progress bar, the manifest's
    ``counts`` and extra fields, and the skipped lines the command prints."""

    files: CaptureFiles
    bar: tqdm
    counts: dict[str, int]
    skipped: list[str]
    manifest: dict[str, Any]

    async def write_pages(self, folder: str, pages: AsyncIterator[HttpResult]) -> list[tuple[str, HttpResult]]:
        """Every page as it came, one file each, named in page order."""
        results = []
        async for result in pages:
            relative = f"{folder}/{len(results) + 1:05d}.json"
            self.files.write(relative, result.content, result.received_ts)
            results.append((relative, result))
            self.bar.update(1)
        return results

    def expect(self, stage: str, requests: int) -> None:
        """Name the stage on the progress bar and add the requests it will make to its total."""
        self.bar.set_description(stage)
        self.bar.total = (self.bar.total or 0) + requests
        self.bar.refresh()

    def skip_records(self, problems: Iterable[RecordProblem]) -> None:
        self.skipped.extend(str(problem) for problem in problems)


# --------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class Manifest:
    captured_at: datetime
    completed_at: datetime
    source: str
    complete: bool
    incomplete_reason: str | None
    received_at: dict[str, datetime]


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def _manifest_time(value: Any, where: str) -> datetime:
    # The writer stores ISO-8601 text; a number or digit string here is not something it wrote.
    expected = f"{where}: expected an ISO-8601 time, got {value!r:.80}"
    if not isinstance(value, str) or value.strip().isdigit():
        raise CaptureError(expected)
    try:
        return parse_time(value, where)
    except WireFormatError:
        raise CaptureError(expected) from None


def read_manifest(directory: Path) -> Manifest:
    """The manifest, checked field by field: a malformed manifest makes the whole capture
    untrustworthy, so it is one CaptureError naming the file, the field and what is expected."""
    path = directory / MANIFEST
    if not path.is_file():
        leftovers = directory.is_dir() and any(directory.iterdir())
        hint = " (it holds files, perhaps left by a failed capture; they are never loaded)" if leftovers else ""
        raise CaptureError(f"{directory} is not a capture folder: {MANIFEST} is missing{hint}")
    try:
        manifest = read_json(path)
    except (OSError, orjson.JSONDecodeError) as exc:
        raise CaptureError(f"{path}: not readable JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise CaptureError(f"{path}: expected a JSON object, got {type(manifest).__name__}")
    if manifest.get("format") != CAPTURE_FORMAT:
        raise CaptureError(f"{path}: expected format {CAPTURE_FORMAT}, got {manifest.get('format')!r}")
    captured_at = _manifest_time(manifest.get("captured_at"), f"{path} field 'captured_at'")

    raw_received = manifest.get("received_at", {})
    if not isinstance(raw_received, dict):
        raise CaptureError(
            f"{path} field 'received_at': expected an object of file path -> ISO-8601 time, "
            f"got {type(raw_received).__name__}"
        )
    received_at = {
        relative: _manifest_time(value, f"{path} field 'received_at' entry {relative!r}")
        for relative, value in raw_received.items()
    }

    complete = manifest.get("complete", True)
    if not isinstance(complete, bool):
        raise CaptureError(f"{path} field 'complete': expected true or false, got {complete!r:.80}")
    reason = manifest.get("incomplete_reason")
    if reason is not None and not isinstance(reason, str):
        raise CaptureError(f"{path} field 'incomplete_reason': expected a string, got {reason!r:.80}")
    source = manifest.get("source", "")
    if not isinstance(source, str):
        raise CaptureError(f"{path} field 'source': expected a string, got {source!r:.80}")

    if "completed_at" in manifest:
        completed_at = _manifest_time(manifest["completed_at"], f"{path} field 'completed_at'")
        if completed_at < captured_at:
            raise CaptureError(
                f"{path} field 'completed_at': {completed_at.isoformat()} is before captured_at {captured_at.isoformat()}"
            )
    else:
        # Written before completed_at existed: the last body received is when it completed.
        completed_at = max(received_at.values(), default=captured_at)
    return Manifest(captured_at, completed_at, source, complete, reason, received_at)


class CaptureFolder:
    """One capture folder being read into :attr:`capture`, listing every file and record it
    could not use. Each venue's reader takes its files from here."""

    def __init__(self, directory: Path, manifest: Manifest, capture: Capture) -> None:
        self.directory = directory
        self.manifest = manifest
        self.capture = capture
        # The malformed records of the venue being read: a series or market with a malformed
        # copy is left out even where another copy parsed.
        self.malformed: list[RecordProblem] = []

    def problem(self, relative: str, message: str, record: str | None = None) -> None:
        self.capture.problems.append(CaptureProblem(relative, message, record))
        log.warning("capture: %s: %s", relative, message)

    def records(self, problems: Iterable[RecordProblem], relative: str | None = None) -> None:
        """Record problems as capture problems: ``relative`` is the file they came from, else
        the problem's own source (conflicts name the later file)."""
        for problem in problems:
            path = relative or problem.where
            # The parsers were given the file's path as their "where"; do not say it twice. They
            # logged the problem already.
            message = problem.problem.removeprefix(f"{path} ").removeprefix(f"{path}: ")
            self.capture.problems.append(CaptureProblem(path, message, problem.record_id))

    def files(self, sub: str, *, book: bool = False) -> Iterator[tuple[Path, str]]:
        """The data files of ``sub`` that belong to this capture. A book must have a receive
        time in the manifest: without one its age is unknown, and guessing the capture's start
        would make a stale or foreign book look fresh. A page must be listed when the manifest
        lists files at all: an unlisted one was not written by this capture."""
        listed = self.manifest.received_at
        folder = self.directory / sub
        paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".json") if folder.is_dir() else []
        for path in paths:
            relative = path.relative_to(self.directory).as_posix()
            if relative in listed:
                yield path, relative
            elif book:
                self.problem(relative, f"no received_at entry in {MANIFEST}, so when this book was observed is unknown: skipped")
            elif listed:
                self.problem(
                    relative,
                    f"not listed in {MANIFEST} received_at, so not part of this capture (left by another run, or added by hand?): skipped",
                )
            else:
                yield path, relative

    def read(self, sub: str, read: Callable[[Path, str, list[RecordProblem]], None], *, book: bool = False) -> None:
        """``read(path, relative, found)`` for every data file of ``sub`` (see :meth:`files`). A
        file that is not JSON or not in the venue's shape is one problem; the records ``read``
        lists in ``found`` are problems of that file, and count as malformed for the venue."""
        for path, relative in self.files(sub, book=book):
            found: list[RecordProblem] = []
            try:
                read(path, relative, found)
            except (OSError, orjson.JSONDecodeError, KeyError, *RECORD_ERRORS) as exc:
                self.problem(relative, f"{type(exc).__name__}: {exc}")
            finally:
                self.records(found, relative)
                self.malformed.extend(found)

    def missing(self) -> None:
        for relative in self.manifest.received_at:
            if not (self.directory / relative).is_file():
                self.problem(relative, f"listed in {MANIFEST} received_at but missing from the folder")
