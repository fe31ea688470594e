"""``arb-pipeline streamer --record DIR``: every WebSocket text frame both venues send, as it
arrived, one JSON line each in ``DIR/<venue>.jsonl``: ``{"received_ns": <epoch ns>, "frame":
"<the frame's text>"}``. For replaying a session into a client's ``apply_frame`` (a test, a
benchmark, a bug report) exactly as the venue sent it, malformed frames included.

Lines are buffered by the file and written on the event loop; a frame costs one ``orjson.dumps``
and a buffered write. The files are appended to, so several runs can record into one folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import orjson


class FrameRecorder:
    def __init__(self, folder: Path, venues: tuple[str, ...]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[bytes]] = {venue: open(self.folder / f"{venue}.jsonl", "ab") for venue in venues}  # noqa: SIM115
        self.frames = dict.fromkeys(venues, 0)

    def recorder(self, venue: str) -> Callable[[str | bytes], None]:
        """The ``on_frame`` callback for ``venue``'s client."""
        handle = self._files[venue]
        frames = self.frames

        def record(frame: str | bytes) -> None:
            text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
            handle.write(orjson.dumps({"received_ns": time.time_ns(), "frame": text}) + b"\n")
            frames[venue] += 1

        return record

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
