"""Capture raw venue responses into a folder, and load such a folder back into the same domain
models the live clients produce.

Layout (a contract other tools rely on)::

    manifest.json                      {"format": 1, "captured_at": ..., "source": ...} (below)
    kalshi/markets/*.json              GET /markets bodies, one page per file, read in name order
    kalshi/events/*.json               GET /events?with_nested_markets=true bodies
    kalshi/series/*.json               GET /series bodies
    kalshi/orderbooks/<ticker>.json    GET /markets/<ticker>/orderbook bodies
    polymarket/markets/*.json          Gamma GET /markets bodies (a list, or a keyset page)
    polymarket/events/*.json           Gamma GET /events bodies
    polymarket/books/<token_id>.json   CLOB GET /book bodies
    odds/<sport_key>/*.json            The Odds API GET /v4/sports/<sport>/odds bodies

Page bodies are written byte for byte as they came. Books fetched in batches (Kalshi's signed
``GET /markets/orderbooks``, Polymarket's ``POST /books``) are split into one file per book in the
single-book body shape, which is what the layout names.

The manifest also records ``completed_at`` (when the last body was in), ``complete`` (true, or
false with ``incomplete_reason``), ``counts`` and ``received_at``: every data file's path and the
time its body was received. Readers ignore keys they do not know.

A capture appears whole or marked incomplete, never half-written as if whole (issue 6: leftovers
of a failed run in a reused folder once loaded as fresh and made phantom opportunities).
``capture`` refuses a folder that is not empty, writes into a hidden sibling folder, and renames
it into place only after the manifest. A capture that fails midway (a venue down after retries,
Ctrl-C) is still moved into place, so the user can see what was saved, but with
``"complete": false`` and the reason; ``load_capture`` refuses it unless asked
(``allow_incomplete=True``, ``scan --allow-incomplete``).

Reading trusts the manifest, not the folder: a book file the manifest does not list has no known
receive time and is skipped, as is any file a manifest that lists files does not list (left over
or added by hand). A manifest written before ``complete`` existed loads as complete: that writer
wrote the manifest last, after every file, so its presence meant the run had finished; its
``completed_at`` is taken as its newest ``received_at`` (else ``captured_at``). A folder with no
manifest is never loaded, whatever it holds.

This module runs a capture (the manifest, the atomic publish, the progress bar); each venue's
package writes and reads its own folder (``kalshi.capture``, ``polymarket.capture``,
``odds_api.capture``), reached through :mod:`arb_pipeline.venues.registry`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.redaction import redact
from arb_pipeline.venues.capture_folder import (
    MANIFEST,
    Capture,
    CaptureError,
    CaptureFiles,
    CaptureFolder,
    CaptureProblem,
    CaptureRun,
    CaptureSettings,
    read_manifest,
)
from arb_pipeline.venues.registry import CAPTURE_VENUES

__all__ = ["Capture", "CaptureError", "CaptureProblem", "CaptureReport", "capture", "load_capture"]

VENUES = tuple(venue.name for venue in CAPTURE_VENUES)


@dataclass
class CaptureReport:
    directory: Path
    captured_at: datetime
    completed_at: datetime
    files: int
    bytes: int
    seconds: float
    counts: dict[str, int]
    skipped: list[str]


def _chosen_venues(venues: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(venue.strip() for venue in venues))
    unknown = [venue for venue in chosen if venue not in VENUES]
    if unknown or not chosen:
        named = ", ".join(repr(venue) for venue in unknown) or "none"
        raise CaptureError(f"--venues: unknown venue {named}; choose a comma-separated subset of {','.join(VENUES)}")
    return chosen


def _check_target(out: Path) -> None:
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir():
        raise CaptureError(f"--out {out}: exists and is not a folder; capture into a new or empty folder")
    if any(out.iterdir()):
        if (out / MANIFEST).exists():
            raise CaptureError(f"--out {out}: the folder already holds a capture; capture into a new or empty folder")
        raise CaptureError(
            f"--out {out}: the folder is not empty (files left from a failed run?); capture into a new or empty folder"
        )


def _publish(staging: Path, out: Path) -> None:
    # rename(2) replaces an empty folder atomically; a folder that filled up meanwhile is refused.
    try:
        os.replace(staging, out)
    except OSError as exc:
        raise CaptureError(f"--out {out}: cannot move the capture into place ({exc.strerror}); it is left in {staging}") from None


def _abandon(files: CaptureFiles, staging: Path, out: Path, source: str, fields: dict[str, Any], exc: BaseException) -> None:
    """Mark what was saved before ``exc`` as incomplete and move it into place, so the user can
    inspect it while every reader refuses it by default. If even that fails, remove it."""
    # The reason lands in a file a user may share: a request URL in it must not carry a key.
    reason = "interrupted" if isinstance(exc, (KeyboardInterrupt, asyncio.CancelledError)) else redact(f"{type(exc).__name__}: {exc}")
    try:
        files.write_manifest(source, datetime.now(tz=UTC), {**fields, "complete": False, "incomplete_reason": reason})
        os.replace(staging, out)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        exc.add_note(f"nothing was saved to {out}")
        return
    exc.add_note(f"what was saved before the failure is in {out}, marked incomplete")


async def capture(
    out: Path,
    endpoints: VenueEndpoints,
    credentials: Credentials,
    *,
    venues: Iterable[str] = VENUES,
    odds_sports: Sequence[str] | None = None,
    progress: bool = True,
) -> CaptureReport:
    """Save catalogs, series, books and odds from the configured endpoints into ``out``, a new
    or empty folder (``odds_sports``: The Odds API sport keys, else the odds writer's default).
    Settings are checked before any request; the capture appears at ``out`` only when its
    manifest is written (see the module docstring for a failure midway)."""
    chosen = _chosen_venues(venues)
    settings = CaptureSettings(endpoints, credentials, odds_sports)
    # Built before anything is written, in the registry's order (the order venues are captured).
    writers = [venue.writer(settings) for venue in CAPTURE_VENUES if venue.name in chosen]
    out = Path(out)
    _check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # A hidden sibling on the same file system, so the final rename is atomic.
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    started = time.monotonic()
    captured_at = datetime.now(tz=UTC)
    files = CaptureFiles(staging, captured_at)
    counts: dict[str, int] = {}
    skipped: list[str] = []
    fields: dict[str, Any] = {"venues": list(chosen), "counts": counts}
    source = " ".join(venue.source(endpoints) for venue in CAPTURE_VENUES)
    try:
        with tqdm(total=0, unit="req", disable=not progress, leave=False) as bar:
            run = CaptureRun(files, bar, counts, skipped, fields)
            for writer in writers:
                await writer.write(run)
        completed_at = datetime.now(tz=UTC)
        files.write_manifest(source, completed_at, {**fields, "complete": True})
    except BaseException as exc:
        _abandon(files, staging, out, source, fields, exc)
        raise
    _publish(staging, out)
    return CaptureReport(
        directory=out,
        captured_at=captured_at,
        completed_at=completed_at,
        files=files.files,
        bytes=files.bytes,
        seconds=time.monotonic() - started,
        counts=counts,
        skipped=skipped,
    )


def load_capture(directory: Path, *, allow_incomplete: bool = False) -> Capture:
    """Read a capture folder. A file that is not valid JSON or not in the venue's shape, a record
    that is malformed, and a series, market or book whose copies disagree are each recorded in
    ``problems`` (which file, which record, what is wrong) and skipped; the rest loads. A folder
    without a manifest, a malformed manifest, and (unless ``allow_incomplete``) a capture marked
    incomplete raise CaptureError."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    if not manifest.complete and not allow_incomplete:
        raise CaptureError(
            f"{directory} is an incomplete capture ({manifest.incomplete_reason or 'no reason recorded'}); "
            "its data may be partial: read it anyway with --allow-incomplete"
        )
    loaded = Capture(
        directory=directory,
        captured_at=manifest.captured_at,
        completed_at=manifest.completed_at,
        source=manifest.source,
        complete=manifest.complete,
        incomplete_reason=manifest.incomplete_reason,
    )
    folder = CaptureFolder(directory, manifest, loaded)
    folder.missing()
    for venue in CAPTURE_VENUES:
        # A series or market with a malformed copy is left out within its own venue only.
        folder.malformed = []
        venue.reader(folder)
    return loaded
