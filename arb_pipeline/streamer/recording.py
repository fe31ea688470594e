"""``arb-pipeline streamer --record DIR``: every WebSocket text frame both venues send, as it
arrived, one JSON line each in ``DIR/<venue>.jsonl``: ``{"received_ns": <epoch ns>, "seq": <n>,
"frame": "<the frame's text>"}`` (in ``kalshi.jsonl`` also ``{"received_ns", "seq", "fee_changes": [...]}``:
Kalshi's scheduled series fee changes each time the streamer read them), and the run's manifest in ``DIR/manifest.json``
(:mod:`arb_pipeline.streamer.manifest`). For replaying a session into a client's ``apply_frame``
(a test, a benchmark, a bug report) exactly as the venue sent it, malformed frames included, and
for ``arb-pipeline backtest`` (docs/streamer.md#recording-and-backtest).

``seq`` counts the frames of one run across both venues in the order the streamer handled them,
so a replay merging the two files puts frames with the same ``received_ns`` in their real order.

Lines are buffered by the file and written on the event loop; a frame costs one ``orjson.dumps``
and a buffered write. The files are appended to, so several runs can record into one folder; the
manifest is the latest run's, and a replay takes the frames of that run only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from heapq import merge
from pathlib import Path
from typing import IO, Protocol

import orjson

from arb_pipeline.streamer.manifest import Manifest, write_manifest
from arb_pipeline.streamer.pairs import WatchSet
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange, parse_fee_changes
from arb_pipeline.venues.wire import WireFormatError

log = logging.getLogger(__name__)


def frame_text(frame: str | bytes) -> str:
    return frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame


class FrameTap(Protocol):
    """What hears every raw frame the streamer's feeds receive, in the order they are handled."""

    def begin(self, watch: WatchSet, started_ns: int) -> None:
        """The run starts watching ``watch`` at ``started_ns``; frames follow."""

    def frame(self, venue: str, text: str, received_ns: int) -> None:
        """One frame of ``venue`` as it arrived, received at ``received_ns`` (epoch ns)."""

    def fee_changes(self, changes: Sequence[SeriesFeeChange], received_ns: int) -> None:
        """Kalshi's scheduled series fee changes, as the streamer read them over REST: not a
        frame, but what prices the frames from their time on."""

    def close(self) -> None:
        """The run ended: nothing more follows."""


class FrameRecorder:
    """A :class:`FrameTap` writing the frames and, once the watched pairs are known, the
    manifest (``manifest`` supplies everything but the watch set and start time)."""

    def __init__(self, folder: Path, venues: tuple[str, ...], manifest: Manifest) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[bytes]] = {venue: open(self.folder / f"{venue}.jsonl", "ab") for venue in venues}  # noqa: SIM115
        self.frames = dict.fromkeys(venues, 0)
        self._manifest = manifest
        self._sequence = 0

    def begin(self, watch: WatchSet, started_ns: int) -> None:
        write_manifest(self.folder, replace(self._manifest, started_ns=started_ns, watch=watch))

    def frame(self, venue: str, text: str, received_ns: int) -> None:
        self._sequence += 1
        self._files[venue].write(orjson.dumps({"received_ns": received_ns, "seq": self._sequence, "frame": text}) + b"\n")
        self.frames[venue] += 1

    def fee_changes(self, changes: Sequence[SeriesFeeChange], received_ns: int) -> None:
        self._sequence += 1
        record = {"received_ns": received_ns, "seq": self._sequence, "fee_changes": [fee_change_json(c) for c in changes]}
        self._files["kalshi"].write(orjson.dumps(record) + b"\n")

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


def fee_change_json(change: SeriesFeeChange) -> dict[str, str]:
    """A change as ``GET /series/fee_changes`` lists it, so a replay reads it back with the same
    parser."""
    return {"id": change.change_id, "series_ticker": change.series_ticker, "fee_type": change.fee.fee_type,
            "fee_multiplier": format(change.fee.multiplier, "f"), "scheduled_ts": change.scheduled_at.isoformat()}


@dataclass(frozen=True, slots=True)
class RecordedFrame:
    """A frame, or (``fee_changes`` set, ``text`` empty) the series fee changes read then."""

    received_ns: int
    seq: int
    venue: str
    text: str
    fee_changes: tuple[SeriesFeeChange, ...] | None = None


@dataclass
class RecordingProblems:
    """Lines of a recording a replay could not use: each named by file and line, and why."""

    bad_lines: list[str] = field(default_factory=list)
    #: Frames older than the manifest's run (an earlier run appended to the same folder).
    earlier_run: int = 0


def _read_venue(path: Path, venue: str, since_ns: int, problems: RecordingProblems) -> Iterator[RecordedFrame]:
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = orjson.loads(line)
                received_ns, seq = int(record["received_ns"]), int(record.get("seq", 0))
                if "fee_changes" in record:
                    changes = parse_fee_changes({"series_fee_change_arr": record["fee_changes"]},
                                                where=f"{path}:{number} fee_changes")
                    frame = RecordedFrame(received_ns, seq, venue, "", tuple(changes))
                else:
                    frame = RecordedFrame(received_ns, seq, venue, record["frame"])
                    if not isinstance(frame.text, str):
                        raise TypeError(f"frame is {type(frame.text).__name__}, not text")
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError, WireFormatError) as exc:
                reason = f"{path}:{number}: {type(exc).__name__}: {exc}"
                log.warning("recording: skipped a line it cannot read: %s", reason)
                problems.bad_lines.append(reason)
                continue
            if frame.received_ns < since_ns:
                problems.earlier_run += 1
                continue
            yield frame


def read_frames(folder: Path, venues: tuple[str, ...], since_ns: int, problems: RecordingProblems) -> Iterator[RecordedFrame]:
    """Every frame of the run that began at ``since_ns``, both venues merged in the order the
    streamer handled them (``seq``; a recording without it, by receive time). A line that is not a frame record (cut
    short by a crash, edited by hand) is logged, counted in ``problems`` and skipped."""
    streams = [_read_venue(Path(folder) / f"{venue}.jsonl", venue, since_ns, problems)
               for venue in venues if (Path(folder) / f"{venue}.jsonl").exists()]
    return merge(*streams, key=lambda frame: (frame.seq, frame.received_ns))
