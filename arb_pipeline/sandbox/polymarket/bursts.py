"""Polymarket throughput bursts: many valid ``price_change`` messages queued at once, so a
client's decode rate can be measured against a real socket.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import orjson

from arb_pipeline.sandbox.polymarket.wire import price_change
from arb_pipeline.sandbox.polymarket.websocket import PolymarketFeed
from arb_pipeline.sandbox.sockets import text_frames
from arb_pipeline.sandbox.state import PolymarketLevelChange

#: One prepared message: the tokens it touches, its condition, its entries, and its encoding.
Prepared = tuple[frozenset[str], str, list[dict[str, Any]], bytes]


def burst(feed: PolymarketFeed, messages: int) -> dict[str, Any]:
    """Queue ``messages`` price_change messages from the scenario's ``burst_changes`` (each
    resizes one level, both tokens' sides of it) for every subscriber, then one more update
    through the normal path. Only the books of subscribed tokens are updated (a token's
    partner, which shares the level, included). Every frame is encoded before the first one is sent."""
    started = time.perf_counter()
    # A silenced token's subscription is dead: a burst says nothing about it either.
    muted = feed.exchange.silenced_instruments
    targets = [(connection, frozenset(connection.assets - muted)) for connection in feed.connections if connection.assets - muted]
    covered = frozenset().union(*(assets for _, assets in targets))
    if not covered:
        return feed.burst_report(0, 0, 0, None)
    updates: Iterator[list[PolymarketLevelChange]] = feed.burst_updates(messages, covered)
    timestamp = str(int(time.time() * 1000))
    prepared: list[Prepared] = []
    for changes in itertools.islice(updates, messages):
        for condition_id, entries in feed.price_changes(changes):
            tokens = frozenset(entry["asset_id"] for entry in entries)
            encoded = orjson.dumps(price_change(condition_id, entries, timestamp))
            prepared.append((tokens, condition_id, entries, encoded))
    # Tops as the burst left them, before the final update moves them again: the extras for
    # both (best_bid_ask, tick_size_change) go out with the final update.
    moved_by_burst = feed.update_tops((token for tokens, _, _, _ in prepared for token in tokens), timestamp)
    final = next(updates, [])
    frames = 0
    for connection, assets in targets:
        frames += sum(1 for tokens, _, _, _ in prepared if not tokens.isdisjoint(assets))
        connection.socket.send_frames(text_frames(_burst_frames(prepared, assets, timestamp)))
    feed.broadcast(final, [], moved_by_burst)
    return feed.burst_report(len(prepared), len(targets), frames, started)


def _burst_frames(prepared: list[Prepared], assets: frozenset[str], timestamp: str) -> Iterator[bytes]:
    """One connection's burst frames: the pre-encoded message, or only its own tokens' entries."""
    for tokens, condition_id, entries, encoded in prepared:
        if tokens <= assets:
            yield encoded
        elif not tokens.isdisjoint(assets):
            mine = [entry for entry in entries if entry["asset_id"] in assets]
            yield orjson.dumps(price_change(condition_id, mine, timestamp))
