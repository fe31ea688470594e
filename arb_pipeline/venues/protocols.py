"""What a venue package offers the rest of the pipeline, as small protocols, and the shapes of
what its whole-venue reads return.

A venue is a package under ``arb_pipeline.venues`` (``kalshi``, ``polymarket``, ``odds_api``)
that owns everything about itself: constants, clients, parsers, and these. The shared code (the
quote snapshot's :func:`arb_pipeline.venues.catalog.fetch_books`, the capture orchestrator in
:mod:`arb_pipeline.venues.capture`) reaches a venue only through them, and the capture
orchestrator through the list in :mod:`arb_pipeline.venues.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from arb_pipeline.domain.models import Market, Series, Venue

if TYPE_CHECKING:
    from arb_pipeline.config import VenueEndpoints
    from arb_pipeline.venues.capture_folder import CaptureFolder, CaptureRun, CaptureSettings
    from arb_pipeline.venues.stream import StreamStats

BookT = TypeVar("BookT")
BookT_co = TypeVar("BookT_co", covariant=True)


@dataclass
class VenueRead:
    """What one catalog read produced, and every item it had to skip (one line each)."""

    markets: dict[str, Market] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class VenueBooks(Generic[BookT]):
    """The books of one venue's instruments by id, and every book it had to leave out."""

    books: dict[str, BookT] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class CatalogProvider(Protocol[BookT_co]):
    """Whole-venue reads. Items are parsed one by one: a malformed market or book is listed in
    ``problems`` and skipped, and one that arrives twice with different terms is left out and
    listed (:mod:`arb_pipeline.venues.records`); a page that is not JSON, or a venue that stays
    down after the retries, fails the read, so a run retries rather than storing a partial
    catalog as if it were whole."""

    venue: Venue

    async def read_markets(self) -> VenueRead:
        """Every open market of the venue."""
        ...

    async def read_books(self, instrument_ids: Sequence[str]) -> VenueBooks[BookT_co]:
        """The books of the given instruments (Kalshi tickers, Polymarket token ids)."""
        ...


class MarketStream(Protocol):
    """A venue's live books over its WebSocket (``KalshiMarketStream``,
    ``PolymarketMarketStream``): :meth:`run` keeps them current until :meth:`close`, reconnecting
    with :class:`~arb_pipeline.venues.backoff.ReconnectPolicy`, and ``stats`` counts what
    happened."""

    stats: StreamStats

    async def run(self) -> None: ...

    async def close(self) -> None: ...


class CaptureWriter(Protocol):
    """One venue's part of ``arb-pipeline capture``. Built before any request, from the
    capture's settings, so a setting the venue cannot use stops the capture before it starts."""

    async def write(self, run: CaptureRun) -> None:
        """Save the venue's bodies into the run's staged folder, under the venue's folder of the
        capture layout, counting them and listing what was skipped."""
        ...


class CaptureReader(Protocol):
    """Reads one venue's files of a capture folder back into the folder's :class:`Capture`,
    recording every file or record it cannot use as a problem."""

    def __call__(self, folder: CaptureFolder) -> None: ...


@dataclass(frozen=True, slots=True)
class CaptureVenue:
    """A venue as the capture command knows it, declared by the venue's own package and listed
    in :mod:`arb_pipeline.venues.registry`. ``name`` is the word ``--venues`` takes and the
    venue's top folder in a capture; ``source`` gives the venue's part of the manifest's
    ``source`` (its configured endpoints)."""

    name: str
    source: Callable[[VenueEndpoints], str]
    writer: Callable[[CaptureSettings], CaptureWriter]
    reader: CaptureReader
