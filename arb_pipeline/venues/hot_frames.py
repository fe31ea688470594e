"""Which path applies the venues' usual frames (docs/streamer.md#the-compiled-book-change).

``_hot_frames`` is compiled from ``hot_frames.c`` by the project's install (setup.py) where a C
compiler is there. Its two functions take a Kalshi ``orderbook_delta`` or a Polymarket
``price_change`` frame and the client's own dicts, and apply a plain, usual one to the live
books (integer ticks and size units, the kept best prices, the times) as the clients' Python
code does, returning what that code returns; for anything else they change nothing and return
:data:`NOT_PLAIN`, and the client reads the frame the general way (orjson and the checked
decoders). Where the extension was not built, both names are None and the Python code applies
every frame: the books, counts and logs are the same either way, only slower. The C is a second
copy of the Python rules; ``arb_pipeline_tests/venues/test_hot_frames.py`` holds them equal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from arb_pipeline.domain.books import MS_RANGE, KalshiTickBook, LevelMap, TokenTickBook
from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.stream import BookUpdate, UpdateKind

#: What the compiled functions return for a frame they leave to the general path.
NOT_PLAIN: Any = object()

#: kalshi_apply(frame, last_seq, books, synced, book_sid, tops): the frame's BookUpdate, None (its
#: seq taken, no book changed: KalshiBooks._apply_delta's None) or NOT_PLAIN; the ticker added to
#: ``tops`` (the client's ``tops_touched``, a set or None) when the change may have moved its top.
kalshi_apply: Callable[[Any, dict[int, int], dict[str, Any], set[str], dict[str, int], set[str] | None], Any] | None
#: polymarket_apply(frame, subscribed, books, unannounced, tops): the frame's BookUpdates, or
#: NOT_PLAIN; each token whose top a change may have moved added to ``tops`` as above.
polymarket_apply: Callable[[Any, dict[str, Any], dict[str, Any], dict[str, str], set[str] | None], Any] | None
#: kalshi_apply_frames(frames, start, last_seq, books, synced, book_sid, tops, changed, updates, since,
#: within_s) -> (stop, changes, since, due): a socket read's frames from ``start`` applied as
#: kalshi_apply applies each, up to the first not plain (``stop``), each changed book marked in
#: ``changed`` instead of a BookUpdate made (hot_batch.h says the rest; the clients' ``apply_frames``).
kalshi_apply_frames: Callable[..., tuple[int, int, float, bool]] | None
#: polymarket_apply_frames(frames, start, subscribed, books, unannounced, tops, changed, updates,
#: since, within_s): the same for Polymarket.
polymarket_apply_frames: Callable[..., tuple[int, int, float, bool]] | None
try:
    from arb_pipeline.venues._hot_frames import bind, kalshi_apply, kalshi_apply_frames, polymarket_apply, polymarket_apply_frames
except ImportError:
    kalshi_apply = polymarket_apply = kalshi_apply_frames = polymarket_apply_frames = None
else:
    bind(BookUpdate, Venue.KALSHI, Venue.POLYMARKET, UpdateKind.DELTA, time.time_ns, MS_RANGE, NOT_PLAIN, KalshiTickBook, TokenTickBook, LevelMap)

#: True when the compiled path is in use.
COMPILED = kalshi_apply is not None
