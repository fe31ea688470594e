"""``arb-pipeline bench stream``: the streamer measured end to end against the sandbox over loopback.

The sandbox runs in its own process (one core each); its true pairs are approved in a scratch
schema of the warehouse (dropped afterwards), and the streamer watches all of them. Then:

* **sender alone**: before the streamer starts, the same bursts to a client that subscribes
  what the streamer will (the same connections) and only counts frames: the rate the sandbox and
  loopback can offer, which must be well above the streamer's for the next figures to be the
  streamer's.
* **full speed**: per venue, a burst of N valid book updates pushed as fast as the socket takes
  them; timed from the burst request (the sandbox encodes the whole burst before its first
  frame), and from the first message applied, until the streamer has decoded and applied every
  message and re-evaluated the pairs each touched; then until the warehouse holds every tick it
  stored. CPU is the streamer's and its writer process's per message, and the event loop
  thread's alone: one core's worth of messages a second is a million over the latter in us.
* **fixed rate**: a driver in its own process asks the sandbox every 10 ms for the messages the
  rate owes since the start (half per venue), for some seconds; the offered and received rates,
  and the latency of each book change to the end of the re-evaluation of its pairs (the path
  every opportunity event takes) from the venue's stamp on the message, from the socket read of
  its bytes and from the read loop taking its frame, per venue, with the time in each stage and
  the garbage collections in the window (:class:`~arb_pipeline.app.latency_probe.LatencyProbe`).
* **decoder alone**: the venue decoders on the same kind of frames with no socket and no book.

Memory (peak and current resident) is printed after each phase, the interpreter settings the
streamer ran with (``--switch-interval``, ``--no-gc-freeze``: docs/streamer.md#speed) and the
objects the collector tracks at start, and the load average before the fixed rate and at the
end: other work on the machine moves every figure but CPU per message.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import resource
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from arb_pipeline.app.latency_probe import LatencyProbe
from arb_pipeline.config import Credentials, ScanSettings, VenueEndpoints
from arb_pipeline.domain.models import MatchedPair, PairStatus, Venue
from arb_pipeline.sandbox.process import machine, sandbox_process
from arb_pipeline.streamer.service import PASS_SLICE_S, SWITCH_INTERVAL_S, Streamer, latency_runtime
from arb_pipeline.streamer.settings import StreamerSettings
from arb_pipeline.venues.capture import capture, load_capture
from arb_pipeline.venues.kalshi.parsing.ws_messages import decode_delta
from arb_pipeline.venues.polymarket.parsing.ws_messages import parse_market_message
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.venues.kalshi.auth import KalshiSigner
from arb_pipeline.venues.ws_transport import WsConnection, connect
from arb_pipeline.warehouse.pairs import write_pairs


def _control(endpoints: VenueEndpoints) -> str:
    return endpoints.kalshi_api_url.split("/kalshi/")[0] + "/_sandbox"


async def _prepare(store: Warehouse, endpoints: VenueEndpoints, credentials: Credentials) -> list[MatchedPair]:
    with tempfile.TemporaryDirectory(prefix="arb-bench-stream-") as folder:
        await capture(Path(folder) / "capture", endpoints, credentials, progress=False)
        loaded = load_capture(Path(folder) / "capture")
    write_markets(store, [*loaded.kalshi_markets.values(), *loaded.polymarket_markets.values()])
    async with httpx.AsyncClient() as client:
        truth = (await client.get(_control(endpoints) + "/truth")).json()["truth_pairs"]
    pairs = [
        MatchedPair(t["kalshi_ticker"], t["polymarket_market_id"], t["polymarket_yes_token"], t["polymarket_no_token"],
                    confidence=1.0, status=PairStatus.APPROVED, reasons=("sandbox truth",))
        for t in truth
    ]  # fmt: skip
    write_pairs(store, pairs)
    return pairs


class _FrameCounter:
    """Counts the frames of one venue's sockets, with the time of the first and the last."""

    def __init__(self) -> None:
        self.frames = 0
        self.first = 0.0
        self.last = 0.0

    def __call__(self, frame: bytes) -> None:
        now = time.perf_counter()
        if not self.frames:
            self.first = now
        self.frames += 1
        self.last = now


async def _counting_sockets(
    endpoints: VenueEndpoints, credentials: Credentials, venue: Venue, instruments: list[str], settings: StreamerSettings,
    counter: _FrameCounter,
) -> list[WsConnection]:
    """Sockets subscribed to ``instruments`` as the streamer subscribes them (Kalshi: one
    connection, ``kalshi_tickers_per_subscription`` tickers a command; Polymarket:
    ``polymarket_assets_per_connection`` tokens a connection), each frame only counted."""
    if venue is Venue.KALSHI:
        url = endpoints.kalshi_ws_url
        headers = KalshiSigner.from_credentials(credentials).headers("GET", urlsplit(url).path)
        ws = await connect(url, counter, headers=headers)
        step = settings.kalshi_tickers_per_subscription
        for number, start in enumerate(range(0, len(instruments), step), 1):
            params = {"channels": ["orderbook_delta"], "market_tickers": instruments[start : start + step]}
            ws.send_text(orjson.dumps({"id": number, "cmd": "subscribe", "params": params}).decode())
        return [ws]
    sockets = []
    step = settings.polymarket_assets_per_connection
    for start in range(0, len(instruments), step):
        ws = await connect(endpoints.polymarket_ws_url, counter)
        ws.send_text(orjson.dumps({"assets_ids": instruments[start : start + step], "type": "market"}).decode())
        sockets.append(ws)
    return sockets


async def _sender_alone(
    endpoints: VenueEndpoints, credentials: Credentials, venue: Venue, instruments: list[str], settings: StreamerSettings,
    messages: int,
) -> dict[str, float]:
    """The sandbox's burst of ``messages`` to sockets that only count frames: frames a second
    from the burst request and from the first frame of the burst."""
    counter = _FrameCounter()
    sockets = await _counting_sockets(endpoints, credentials, venue, instruments, settings, counter)
    try:
        # The subscriptions' snapshots: done when nothing more came for a while.
        seen = -1
        while seen != counter.frames or not seen:
            seen = counter.frames
            await asyncio.sleep(0.5)
        counter.frames = 0
        async with httpx.AsyncClient(timeout=120) as client:
            started = time.perf_counter()
            response = await client.post(_control(endpoints) + "/burst", json={"venue": venue.value, "messages": messages})
            response.raise_for_status()
        frames = response.json()["frames"]
        await _wait(lambda: counter.frames >= frames, 300, f"{venue}'s {frames} burst frames to the counting sockets")
    finally:
        for ws in sockets:
            await ws.close()
    return {
        "frames": frames,
        "requested_per_s": frames / (counter.last - started),
        "sending_per_s": frames / max(counter.last - counter.first, 1e-9),
    }


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _wait(condition: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"bench stream: {what} did not happen within {timeout_s:g} s")
        await asyncio.sleep(0.002)


def _cpu(service: Streamer) -> float:
    """CPU seconds of the streamer's process and of its writer process (the writer's to the
    clock tick, 10 ms)."""
    return time.process_time() + service.writer.cpu_seconds()


async def _full_speed(service: Streamer, endpoints: VenueEndpoints, venue: Venue, messages: int) -> dict[str, float]:
    feed = service.kalshi if venue is Venue.KALSHI else service.polymarket
    before = feed.stats.messages
    ticks = service.report.ticks
    first: list[float] = []

    def applied_all() -> bool:
        got = feed.stats.messages - before
        if got and not first:
            first.append(time.perf_counter())
        return got >= messages

    cpu, loop_cpu, wall = _cpu(service), time.thread_time(), time.perf_counter()
    async with httpx.AsyncClient(timeout=120) as client:
        burst = asyncio.create_task(client.post(_control(endpoints) + "/burst", json={"venue": venue.value, "messages": messages}))
        await _wait(applied_all, 300, f"{venue} applying {messages} messages")
        (await burst).raise_for_status()
    done = time.perf_counter()
    cpu_applied = _cpu(service) - cpu
    loop_applied = time.thread_time() - loop_cpu
    await asyncio.get_running_loop().run_in_executor(None, service.writer.flush, 300.0)
    elapsed = time.perf_counter() - wall
    return {
        "messages": messages,
        "applied_per_s": messages / (done - wall),
        # From the first message applied: the sandbox's encoding of the burst left out.
        "receiving_per_s": messages / max(done - first[0], 1e-9),
        "stored_per_s": messages / elapsed,
        "stored_from_first_per_s": messages / (wall + elapsed - first[0]),
        "cpu_us_per_message": cpu_applied / messages * 1e6,
        "loop_cpu_us_per_message": loop_applied / messages * 1e6,
        "cpu_us_per_message_stored": (_cpu(service) - cpu) / messages * 1e6,
        "ticks_per_message": (service.report.ticks - ticks) / messages,
    }


def _drive(control: str, rate: int, seconds: float, interval_s: float, sent: Any, ready: Any) -> None:
    """The fixed-rate driver, in a process of its own so that it takes neither the streamer's
    event loop nor its GIL. Every ``interval_s`` it asks the sandbox for the messages the rate
    owes since the start (half per venue), so a slow request is made up at the next tick and
    the offered rate is the asked one; ``ready`` is set as the first request goes out, and the
    count sent goes back through ``sent``."""
    total = 0
    with httpx.Client(timeout=10) as client:
        ready.set()
        started = time.monotonic()
        tick = 0
        while (now := time.monotonic()) - started < seconds:
            owed = int(rate * (now - started)) - total
            if owed >= 2:
                for venue in ("kalshi", "polymarket"):
                    client.post(control + "/burst", json={"venue": venue, "messages": owed // 2}).raise_for_status()
                total += owed // 2 * 2
            tick += 1
            time.sleep(max(0.0, started + tick * interval_s - time.monotonic()))
    sent.put(total)


def _websockets(service: Streamer) -> list[WsConnection]:
    """The streamer's open venue sockets (the clients keep them on private attributes: the probe
    reads them for the bench only)."""
    kalshi = service.kalshi.stream
    sockets = [kalshi._ws] if kalshi is not None and kalshi._ws is not None else []
    return sockets + [conn.ws for conn in service.polymarket.stream._connections if conn.ws is not None]


async def _fixed_rate(
    service: Streamer, endpoints: VenueEndpoints, rate: int, seconds: float, interval_s: float
) -> tuple[dict[str, float], LatencyProbe]:
    feeds = service.feeds
    context = multiprocessing.get_context("spawn")
    sent, ready = context.Queue(), context.Event()
    driver = context.Process(target=_drive, args=(_control(endpoints), rate, seconds, interval_s, sent, ready), name="bench-stream-driver")
    driver.start()
    loop = asyncio.get_running_loop()
    probe = LatencyProbe()
    try:
        # Timed from the driver's first request: starting its process is not part of the run.
        await loop.run_in_executor(None, ready.wait, 60)
        for ws in _websockets(service):
            probe.watch_socket(ws)
        for feed in feeds:
            feed.record(probe.on_frame(feed.venue.value))
        probe.start()
        service.latency_probe = probe
        before = sum(feed.stats.messages for feed in feeds)
        cpu, loop_cpu, started = _cpu(service), time.thread_time(), time.perf_counter()
        offered = await loop.run_in_executor(None, sent.get, True, seconds + 60)
        await _wait(lambda: sum(feed.stats.messages for feed in feeds) - before >= offered, 30, "the last driven messages")
        # Taken before the driver process is joined: its exit is not the streamer's time.
        elapsed = time.perf_counter() - started
        received = sum(feed.stats.messages for feed in feeds) - before
        cpu = _cpu(service) - cpu
        loop_cpu = time.thread_time() - loop_cpu
    finally:
        service.latency_probe = None
        probe.stop()
        await loop.run_in_executor(None, driver.join, 10)
        if driver.is_alive():
            driver.kill()
    decoded = [sample[5] - sample[3] for sample in probe.samples]
    return {
        "offered_per_s": offered / seconds,
        "received_per_s": received / elapsed,
        "cpu_us_per_message": cpu / max(received, 1) * 1e6,
        "loop_cpu_us_per_message": loop_cpu / max(received, 1) * 1e6,
        "changes": len(decoded),
        "p50_us": _percentile(decoded, 0.50) * 1e6,
        "p99_us": _percentile(decoded, 0.99) * 1e6,
        "max_us": max(decoded) * 1e6,
    }, probe


#: Distinct frames the decoder loop cycles through. Each orjson.dumps result keeps its ~4 KiB
#: output buffer, so 400,000 frames built up front took the bench process to 1.7 GB.
DECODER_FRAMES = 1_000


def decoder_frames() -> tuple[list[bytes], list[bytes]]:
    """:data:`DECODER_FRAMES` distinct Kalshi ``orderbook_delta`` and Polymarket ``price_change``
    frames, as the venues send them."""
    now_ms = int(time.time() * 1000)
    kalshi = [
        orjson.dumps({"type": "orderbook_delta", "sid": 1, "seq": n, "msg": {
            "market_ticker": f"KXBENCH-{n % 50}", "market_id": "m", "price_dollars": f"0.{10 + n % 80:02d}00",
            "delta_fp": f"{n % 7 - 3}.00", "side": "yes" if n % 2 else "no", "ts_ms": now_ms + n}})
        for n in range(DECODER_FRAMES)
    ]  # fmt: skip
    polymarket = [
        orjson.dumps({"event_type": "price_change", "market": "0xabc", "timestamp": str(now_ms + n), "price_changes": [
            {"asset_id": str(1000 + n % 50), "price": f"0.{10 + n % 80:02d}", "size": str(n % 500), "side": "BUY",
             "hash": "h", "best_bid": "0.1", "best_ask": "0.9"}]})
        for n in range(DECODER_FRAMES)
    ]  # fmt: skip
    return kalshi, polymarket


def decode_rate(decode: Callable[[bytes], Any], frames: list[bytes], rounds: int) -> float:
    """Frames a second ``decode`` takes, over ``rounds`` passes of ``frames``."""
    started = time.perf_counter()
    for _ in range(rounds):
        for frame in frames:
            decode(frame)
    return rounds * len(frames) / (time.perf_counter() - started)


def decoder_alone(frames: int = 200_000) -> dict[str, float]:
    kalshi, polymarket = decoder_frames()
    rounds = max(1, frames // DECODER_FRAMES)
    return {
        "kalshi_per_s": decode_rate(lambda frame: decode_delta(orjson.loads(frame)), kalshi, rounds),
        "polymarket_per_s": decode_rate(lambda frame: parse_market_message(orjson.loads(frame)), polymarket, rounds),
    }


def _memory(phase: str) -> None:
    """The process's peak and current resident memory after ``phase``."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20
    print(f"memory after {phase}: peak {peak:,.0f} MiB, now {current:,.0f} MiB")


async def _bench(args: argparse.Namespace, endpoints: VenueEndpoints, credentials: Credentials, store: Warehouse) -> None:
    pairs = await _prepare(store, endpoints, credentials)
    _memory("reading the sandbox catalog")
    with tempfile.TemporaryDirectory(prefix="arb-bench-spill-") as spill:
        settings = StreamerSettings.from_env({}, {"metrics_port": 0, "metrics_host": "127.0.0.1", "spill_dir": spill})
        watched = {
            Venue.KALSHI: list(dict.fromkeys(ticker for pair in pairs for ticker in pair.kalshi_legs)),
            Venue.POLYMARKET: list(dict.fromkeys(token for pair in pairs for token in (pair.polymarket_yes_token, pair.polymarket_no_token))),
        }
        for venue, instruments in watched.items():
            alone = await _sender_alone(endpoints, credentials, venue, instruments, settings, args.messages)
            print(
                f"sender alone {venue.value:<10}: {alone['frames']:,} frames to {len(instruments)} instruments, "
                f"{alone['requested_per_s']:>9,.0f} frames/s from the burst request, "
                f"{alone['sending_per_s']:>9,.0f} frames/s from its first frame (a client that only counts them)"
            )
        service = Streamer(settings, store, endpoints=endpoints, credentials=credentials, scan=ScanSettings.from_env())
        interval = SWITCH_INTERVAL_S if args.switch_interval is None else args.switch_interval
        runtime = latency_runtime(interval, freeze=not args.no_gc_freeze)
        print(f"interpreter: switch interval {interval * 1e3:g} ms, objects alive at start-up {'left to' if args.no_gc_freeze else 'frozen out of'} the garbage collector")
        running = asyncio.create_task(service.run(install_signals=False, runtime=runtime))
        try:
            await _wait(
                lambda: all(feed.watched and feed.books_received == len(feed.watched) for feed in service.feeds), 60, "the first books"
            )
            print(f"streamer watching {len(pairs)} pairs: {len(service.kalshi.watched)} Kalshi books, {len(service.polymarket.watched)} Polymarket books")
            _memory("the first books")
            # A depth pass runs on the event loop every depth_snapshot_interval_s, handing it back
            # every PASS_SLICE_S: the whole pass is what it would cost in one piece.
            started = time.perf_counter()
            service.write_depth()
            print(
                f"depth snapshot of every watched book: {(time.perf_counter() - started) * 1e3:.1f} ms of the event loop "
                f"in all, handed back every {PASS_SLICE_S * 1e3:g} ms"
            )
            print(f"objects the garbage collector tracks: {len(gc.get_objects()):,} ({len(gc.get_objects(2)):,} in the oldest generation), {gc.get_freeze_count():,} frozen")
            for venue in (Venue.KALSHI, Venue.POLYMARKET):
                screened, walked = service.evaluator.screened, service.evaluator.evaluations
                result = await _full_speed(service, endpoints, venue, args.messages)
                print(
                    f"full speed {venue.value:<10}: {result['applied_per_s']:>9,.0f} msg/s decoded, applied and evaluated "
                    f"from the burst request ({result['receiving_per_s']:,.0f} msg/s from its first message); "
                    f"{result['stored_per_s']:>9,.0f} msg/s with every tick in the warehouse "
                    f"({result['stored_from_first_per_s']:,.0f} msg/s from its first message); "
                    f"{result['cpu_us_per_message']:.1f} us CPU per message applied "
                    f"({result['loop_cpu_us_per_message']:.1f} us of it on the event loop's thread), "
                    f"{result['cpu_us_per_message_stored']:.1f} us with the writes "
                    f"({result['ticks_per_message']:.2f} book_ticks rows a message); "
                    f"{service.evaluator.screened - screened} pair re-evaluations screened out, "
                    f"{service.evaluator.evaluations - walked} directions walked"
                )
            _memory("full speed")
            print(f"load average before the fixed rate: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
            fixed, probe = await _fixed_rate(service, endpoints, args.rate, args.seconds, args.interval_ms / 1000)
            print(
                f"fixed rate: {fixed['offered_per_s']:,.0f} msg/s offered, {fixed['received_per_s']:,.0f} msg/s received "
                f"for {args.seconds:g}s, asked every {args.interval_ms:g} ms ({fixed['cpu_us_per_message']:.1f} us CPU per message, "
                f"{fixed['loop_cpu_us_per_message']:.1f} us of it on the event loop's thread): {fixed['changes']} book changes, "
                f"frame taken to evaluated p50 {fixed['p50_us']:.0f} us, p99 {fixed['p99_us']:.0f} us, max {fixed['max_us']:.0f} us"
            )
            print("\n".join(probe.report()))
            _memory("fixed rate")
        finally:
            service.stop()
            await running
    decoded = decoder_alone()
    print(f"decoder alone: Kalshi {decoded['kalshi_per_s']:,.0f} msg/s, Polymarket {decoded['polymarket_per_s']:,.0f} msg/s")
    _memory("decoders")
    print(f"load average {' '.join(f'{load:.2f}' for load in os.getloadavg())}; machine: {machine()}")


def run_bench(args: argparse.Namespace) -> int:
    schema = f"arb_bench_{uuid.uuid4().hex[:10]}"
    store = Warehouse.connect(schema=schema)
    try:
        with sandbox_process() as (endpoints, credentials):
            asyncio.run(_bench(args, endpoints, credentials, store))
    finally:
        with store.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    return 0
