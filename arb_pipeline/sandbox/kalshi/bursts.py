"""Kalshi throughput bursts: many valid ``orderbook_delta`` messages queued at once, so a client's
decode rate can be measured against a real socket.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

from arb_pipeline.sandbox.kalshi.wire import DELTA_FRAME, delta_msg
from arb_pipeline.sandbox.kalshi.websocket import KalshiFeed
from arb_pipeline.sandbox.sockets import text_frames
from arb_pipeline.sandbox.state import KalshiLevelChange


def burst(feed: KalshiFeed, messages: int) -> dict[str, Any]:
    """Queue ``messages`` orderbook_delta updates from the scenario's ``burst_changes`` for every
    orderbook subscriber, then one more update through the normal path (faults, and ticker
    messages for every top of book the burst moved). Only the books of subscribed markets are
    updated, so a client subscribed to what it measures receives exactly ``messages``. Every frame is encoded before the first one is sent (``prepare_s``),
    so the sending rate is the socket's and the client's."""
    started = time.perf_counter()
    targets = []
    for connection in feed.connections:
        books = [
            (subscription, frozenset(subscription.tickers or ()))
            for subscription in connection.subscriptions.values()
            if subscription.channel == "orderbook_delta"
        ]
        if books:
            targets.append((connection, books))
    covered = frozenset().union(*(tickers for _, books in targets for _, tickers in books))
    if not covered:
        return feed.burst_report(0, 0, 0, None)
    updates: Iterator[list[KalshiLevelChange]] = feed.burst_updates(messages, covered)
    now_ms = int(time.time() * 1000)
    encoded = [
        (change.ticker, delta_msg(change, now_ms))
        for changes in itertools.islice(updates, messages)
        for change in changes
        if change.ticker in covered
    ]
    # Tops as the burst left them, before the final update moves them again: ticker messages
    # for both go out with the final update.
    moved = feed.moved_tops(dict.fromkeys(ticker for ticker, _ in encoded))
    final = next(updates, [])
    frames = 0
    for connection, books in targets:
        plan = []
        for subscription, tickers in books:
            count = sum(1 for ticker, _ in encoded if ticker in tickers)
            plan.append((subscription.sid, subscription.seq, tickers))
            subscription.seq += count
            frames += count
        connection.socket.send_frames(text_frames(_burst_frames(plan, encoded)))
    feed.broadcast(final, moved)
    return feed.burst_report(len(encoded), len(targets), frames, started)


def _burst_frames(plan: list[tuple[int, int, frozenset[str]]], encoded: list[tuple[str, bytes]]) -> Iterator[bytes]:
    """One connection's burst frames, with the seq numbers reserved for each of its sids."""
    seqs = {sid: seq for sid, seq, _ in plan}
    for ticker, msg in encoded:
        for sid, _, tickers in plan:
            if ticker in tickers:
                seqs[sid] += 1
                yield DELTA_FRAME % (sid, seqs[sid], msg)
