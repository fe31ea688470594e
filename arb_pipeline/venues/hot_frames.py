"""Which reader of the venues' usual frames is in use (docs/streamer.md#the-compiled-frame-reader).

``_hot_frames`` is compiled from ``hot_frames.c`` by the project's install (setup.py) where a C
compiler is there. Its two functions read the fields of a Kalshi ``orderbook_delta`` and of a
Polymarket ``price_change`` from a frame's bytes, or return None for anything but the plain form;
the clients then check and apply those fields by the same code as the fields of a frame read by
orjson. Where the extension was not built, both names are None and every frame goes through
orjson: the books, counts and logs are the same either way, only slower.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KalshiDelta = tuple[int, int, str, str, str, str, int]
PolymarketPriceChange = tuple[str | None, str, list[tuple[str, str, str, str, str | None]]]

kalshi_delta: Callable[[Any], KalshiDelta | None] | None
polymarket_price_change: Callable[[Any], PolymarketPriceChange | None] | None
try:
    from arb_pipeline.venues._hot_frames import kalshi_delta, polymarket_price_change
except ImportError:
    kalshi_delta = polymarket_price_change = None

#: True when the compiled reader is in use.
COMPILED = kalshi_delta is not None
