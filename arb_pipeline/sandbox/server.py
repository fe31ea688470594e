"""The sandbox exchange: one aiohttp server on loopback that speaks Kalshi, Polymarket and The Odds
API under path prefixes, from a seeded scenario, with faults on demand.

    /kalshi/trade-api/v2/...      Kalshi REST          /kalshi/trade-api/ws/v2   Kalshi WebSocket
    /polymarket/gamma/...         Gamma REST           /polymarket/clob/...      CLOB REST
    /polymarket/ws/market         CLOB market WebSocket
    /odds/v4/...                  The Odds API
    /_sandbox/...                 control: faults, tick, truth, burst, resolve, pull, arbitrage,
                                  silence, kalshi_fee_update, kalshi_fee_change

Paths below each prefix are the real venues' paths, so a client pointed at the sandbox through
``VenueEndpoints`` runs unchanged against the real venue.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import errno
import logging
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import IO, Any

import orjson
from aiohttp import web

from arb_pipeline.aio import cancel_and_wait
from arb_pipeline.config import VenueEndpoints, data_dir
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox import kalshi, odds, polymarket
from arb_pipeline.sandbox.context import FeedApi, VenueApi
from arb_pipeline.sandbox.control import add_control_routes
from arb_pipeline.sandbox.faults import Channel, Fault, FaultInjector, FaultKind
from arb_pipeline.sandbox.http import fault_paths, json_response
from arb_pipeline.sandbox.kalshi import KalshiApi
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, KalshiKeyring, sandbox_key_pair
from arb_pipeline.sandbox.odds import OddsApi
from arb_pipeline.sandbox.polymarket import PolymarketApi
from arb_pipeline.sandbox.sockets import SubscriberSocket
from arb_pipeline.sandbox.state import Scenario, StepResult

log = logging.getLogger(__name__)

#: REST base -> (venue, the venue's root for the alternative "/gamma/..." style fault prefix).
_REST_BASES = (
    (kalshi.REST_BASE, Venue.KALSHI, kalshi.VENUE_ROOT),
    (polymarket.GAMMA_BASE, Venue.POLYMARKET, polymarket.VENUE_ROOT),
    (polymarket.CLOB_BASE, Venue.POLYMARKET, polymarket.VENUE_ROOT),
    (odds.REST_BASE, Venue.ODDS_API, odds.REST_BASE),
)
_REST_FAULTS = frozenset({FaultKind.HTTP_STATUS, FaultKind.DROP_CONNECTION, FaultKind.SLOW})


class SandboxPortInUseError(OSError):
    """The port asked for is taken: said in one line, with what to do."""


class SandboxExchange:
    """A local exchange over a :class:`~arb_pipeline.sandbox.state.Scenario`.

    ``tick_interval_s`` set: a background task steps the world and broadcasts the changes.
    None: nothing moves until ``await tick()`` (tests). ``kalshi_public_keys`` maps a
    ``KALSHI-ACCESS-KEY`` id to an RSA public key PEM. ``odds_api_key`` None accepts any
    non-empty key. ``heartbeat_interval_s`` is Kalshi's 10 s WebSocket Ping period.
    """

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        seed: int = 7,
        size: int = 1,
        tick_interval_s: float | None = None,
        kalshi_public_keys: dict[str, bytes] | None = None,
        odds_api_key: str | None = None,
        odds_quota: int = 500,
        heartbeat_interval_s: float = 10.0,
    ) -> None:
        if scenario is None:
            from arb_pipeline.sandbox.scenario import build_scenario

            scenario = build_scenario(seed=seed, size=size)
        if tick_interval_s is not None and tick_interval_s <= 0:
            raise ValueError(f"tick_interval_s must be > 0 or None, got {tick_interval_s!r}")
        self.scenario: Scenario = scenario
        self.tick_interval_s = tick_interval_s
        self.heartbeat_interval_s = heartbeat_interval_s
        self.faults = FaultInjector()
        self.keyring = KalshiKeyring(kalshi_public_keys)
        self.started_at_s = time.time()
        self.kalshi = KalshiApi(self)
        self.polymarket = PolymarketApi(self)
        self.odds = OddsApi(self, api_key=odds_api_key, quota=odds_quota)
        self._venues: dict[Venue, VenueApi] = {
            Venue.KALSHI: self.kalshi,
            Venue.POLYMARKET: self.polymarket,
            Venue.ODDS_API: self.odds,
        }
        # The Odds API is polled over REST only: it has no feed to push to.
        self._feeds: dict[Venue, FeedApi] = {Venue.KALSHI: self.kalshi, Venue.POLYMARKET: self.polymarket}
        self._sockets: set[SubscriberSocket] = set()
        #: Venues whose sockets send nothing (:meth:`silence`).
        self.silenced: set[Venue] = set()
        #: Polymarket tokens nothing is sent about (:meth:`silence` with an instrument).
        self.silenced_instruments: set[str] = set()
        #: Every update a LOST_UPDATE fault kept from a subscriber, as the message it would have been.
        self.lost_updates: list[tuple[Venue, dict[str, Any]]] = []
        self._runner: web.AppRunner | None = None
        self._endpoints: VenueEndpoints | None = None
        self._ticker_task: asyncio.Task[None] | None = None
        # One step (or burst) at a time: publishing must see the books exactly as the step left them.
        self.tick_lock = asyncio.Lock()

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def endpoints(self) -> VenueEndpoints:
        if self._endpoints is None:
            raise RuntimeError("the sandbox exchange is not started: await start() first")
        return self._endpoints

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._fault_middleware], client_max_size=8 * 1024 * 1024)
        for venue in self._venues.values():
            venue.add_routes(app)
        app.router.add_post("/_sandbox/faults", self._post_fault)
        app.router.add_post("/_sandbox/tick", self._post_tick)
        app.router.add_get("/_sandbox/truth", self._get_truth)
        app.router.add_post("/_sandbox/burst", self._post_burst)
        add_control_routes(app, self)
        app.router.add_post("/_sandbox/arbitrage", self._post_arbitrage)
        app.router.add_post("/_sandbox/silence", self._post_silence)
        app.router.add_post("/_sandbox/kalshi_fee_update", self._post_kalshi_fee_update)
        app.router.add_post("/_sandbox/kalshi_fee_change", self._post_kalshi_fee_change)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> VenueEndpoints:
        if self._runner is not None:
            raise RuntimeError("the sandbox exchange is already started")
        runner = web.AppRunner(self.build_app(), handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            if exc.errno == errno.EADDRINUSE:
                raise SandboxPortInUseError(
                    f"port {port} on {host} is already in use (another sandbox, or another program): "
                    "stop it, or choose a free port with --port"
                ) from None
            raise
        self._runner = runner
        bound_port = runner.addresses[0][1]
        http = f"http://{host}:{bound_port}"
        ws = f"ws://{host}:{bound_port}"
        self._endpoints = VenueEndpoints(
            kalshi_api_url=http + kalshi.REST_BASE,
            kalshi_ws_url=ws + kalshi.WS_PATH,
            polymarket_gamma_url=http + polymarket.GAMMA_BASE,
            polymarket_clob_url=http + polymarket.CLOB_BASE,
            polymarket_ws_url=ws + polymarket.WS_PATH,
            odds_api_url=http + odds.REST_BASE,
        )
        if self.tick_interval_s is not None:
            self._ticker_task = asyncio.create_task(self._tick_forever(self.tick_interval_s))
        log.info("sandbox exchange listening on %s", http)
        return self._endpoints

    async def stop(self) -> None:
        await cancel_and_wait(self._ticker_task)
        self._ticker_task = None
        # aiohttp would wait for open WebSocket handlers on cleanup; closing them first ends
        # their receive loops at once.
        for socket in list(self._sockets):
            await self._close_socket(socket)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @contextlib.contextmanager
    def run_in_thread(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[SandboxExchange]:
        """Serve from a daemon thread with its own event loop, for synchronous callers (Dagster
        assets, scripts). Faults can be injected from the caller's thread; ticks are asked for
        with ``POST /_sandbox/tick``."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="sandbox-exchange", daemon=True)
        thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self.start(host, port), loop).result(timeout=30)
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(timeout=30)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
            loop.close()

    # -- sockets (used by the venue APIs) ----------------------------------------------------

    @contextlib.asynccontextmanager
    async def subscriber(self, request: web.Request, venue: Venue) -> AsyncIterator[SubscriberSocket]:
        """Upgrade ``request`` to a WebSocket tracked by the exchange, and close it when the
        block ends."""
        # Compression off: frames are written pre-encoded in bulk by SubscriberSocket.
        ws = web.WebSocketResponse(compress=False, autoping=True)
        await ws.prepare(request)
        socket = SubscriberSocket(request, ws, venue, muted=lambda: venue in self.silenced)
        self._sockets.add(socket)
        try:
            yield socket
        finally:
            await self._close_socket(socket)

    def refused_handshake(self, venue: Venue) -> web.Response | None:
        """The answer to a WebSocket handshake when an HTTP_STATUS fault is armed for it."""
        fault = self.faults.take(venue, Channel.WS, {FaultKind.HTTP_STATUS})
        return _status_response(self._venues[venue], fault) if fault is not None else None

    async def _close_socket(self, socket: SubscriberSocket) -> None:
        self._sockets.discard(socket)
        await socket.close()

    # -- the world ---------------------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Arm a fault. Thread-safe."""
        self.faults.inject(fault)

    @property
    def fault_stats(self) -> dict[FaultKind, int]:
        """How many times each kind of fault has fired."""
        return self.faults.fired

    async def tick(self, n: int = 1) -> list[StepResult]:
        """Step the scenario ``n`` times, broadcasting each step's changes to WebSocket
        subscribers before the next step; returns the steps."""
        if n < 1:
            raise ValueError(f"tick count must be >= 1, got {n}")
        steps = []
        async with self.tick_lock:
            for _ in range(n):
                step = self.scenario.step()
                for feed in self._feeds.values():
                    feed.publish(step)
                steps.append(step)
                # Let socket writers run between steps, as a live venue would.
                await asyncio.sleep(0)
        return steps

    async def burst(self, venue: Venue, messages: int) -> dict[str, Any]:
        """Push ``messages`` valid book updates to every subscriber of ``venue`` as fast as the
        sockets take them. Returns once they are queued, not sent: a client may well wait for
        this answer before it reads its socket."""
        if messages < 1:
            raise ValueError(f"burst needs messages >= 1, got {messages}")
        async with self.tick_lock:
            if isinstance(venue, Venue) and venue in self._feeds:
                return self._feeds[venue].burst(messages)
        raise ValueError(f"burst needs venue 'kalshi' or 'polymarket', got {venue!r}")

    async def open_arbitrage(self) -> StepResult:
        """Plant an arbitrage now and send the book changes that made it."""
        async with self.tick_lock:
            return self._publish(self.scenario.open_arbitrage())

    async def close_arbitrage(self, kalshi_ticker: str) -> StepResult:
        """Release the planted arbitrage on ``kalshi_ticker`` now and send the changes."""
        async with self.tick_lock:
            return self._publish(self.scenario.close_arbitrage(kalshi_ticker))

    def _publish(self, step: StepResult) -> StepResult:
        for feed in self._feeds.values():
            feed.publish(step)
        return step

    def kalshi_fee_update(self, event_ticker: str, fee_type: str | None, multiplier: Decimal | None) -> int:
        """Announce a Kalshi event fee override on the socket (None clears it); returns the
        messages sent."""
        return self.kalshi.feed.announce_fee_update(event_ticker, fee_type, multiplier)

    def schedule_kalshi_fee_change(self, series_ticker: str, fee_type: str, multiplier: Decimal, at: datetime) -> dict[str, Any]:
        """Schedule a Kalshi series fee change (``GET /series/fee_changes``); returns it as listed."""
        return self.kalshi.rest.schedule_fee_change(series_ticker, fee_type, multiplier, at)

    def silence(self, venue: Venue, silent: bool = True, instrument: str | None = None) -> None:
        """Keep ``venue``'s sockets open and their subscriptions accepted, but send nothing on
        them (a feed that went quiet without closing) until ``silent`` is False. With
        ``instrument`` (a Polymarket token id), only that token goes quiet, snapshots on
        subscribe included, while its connection carries the others: a per-asset subscription
        that died. Kalshi has no such case: its ``seq`` runs per subscription, so one market's
        lost messages are a gap."""
        if venue not in self._feeds:
            raise ValueError(f"silence needs venue 'kalshi' or 'polymarket', got {venue!r}")
        if instrument is not None:
            if venue is not Venue.POLYMARKET:
                raise ValueError(f"silence of one instrument needs venue 'polymarket', got {venue.value!r}")
            if instrument not in self.scenario.polymarket_books:
                raise ValueError(f"silence: unknown Polymarket token {instrument!r}")
            (self.silenced_instruments.add if silent else self.silenced_instruments.discard)(instrument)
        elif silent:
            self.silenced.add(venue)
        else:
            self.silenced.discard(venue)

    async def _tick_forever(self, interval_s: float) -> None:
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.tick()
            except Exception:
                log.exception("sandbox scenario step failed; the exchange keeps serving")

    def truth(self) -> dict[str, Any]:
        return {
            "truth_pairs": [_plain(pair) for pair in self.scenario.truth_pairs],
            "hard_negatives": [_plain(negative) for negative in self.scenario.hard_negatives],
            "planted_arbitrage": [_plain(planted) for planted in self.scenario.planted_arbitrage],
            "planted_value": [_plain(planted) for planted in self.scenario.planted_value],
        }

    # -- HTTP plumbing -----------------------------------------------------------------------

    @web.middleware
    async def _fault_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        base = _rest_base(request.path)
        if base is None:
            return await handler(request)
        prefix, venue, venue_root = base
        fault = self.faults.take(venue, Channel.REST, _REST_FAULTS, fault_paths(request.path, prefix, venue_root))
        api = self._venues[venue]
        if fault is not None:
            if fault.kind is FaultKind.HTTP_STATUS:
                return _status_response(api, fault)
            if fault.kind is FaultKind.DROP_CONNECTION:
                if request.transport is not None:
                    request.transport.abort()
                # aiohttp needs a response object; it goes nowhere, the socket is gone.
                return web.Response(status=499)
            await asyncio.sleep(fault.delay_s)
        try:
            return await handler(request)
        except web.HTTPNotFound:
            return api.error_response(404, f"no such endpoint: {request.method} {request.path}")
        except web.HTTPMethodNotAllowed:
            return api.error_response(405, f"method {request.method} not allowed on {request.path}")

    async def _post_fault(self, request: web.Request) -> web.Response:
        try:
            fault = Fault.from_json(await _json_body(request))
        except ValueError as exc:
            return _control_error(400, str(exc))
        self.inject(fault)
        return json_response({"armed": fault.to_json()})

    async def _post_tick(self, request: web.Request) -> web.Response:
        try:
            body = await _json_body(request, default={})
        except ValueError as exc:
            return _control_error(400, str(exc))
        n = body.get("n", 1) if isinstance(body, dict) else None
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            return _control_error(400, f"tick: 'n' must be a positive integer, got {n!r}")
        steps = await self.tick(n)
        return json_response(
            {
                "ticks": n,
                "now": steps[-1].now.isoformat(),
                "kalshi_changes": sum(len(step.kalshi_changes) for step in steps),
                "polymarket_changes": sum(len(step.polymarket_changes) for step in steps),
                "resolutions": [_plain(resolution) for step in steps for resolution in step.resolutions],
            }
        )

    async def _get_truth(self, request: web.Request) -> web.Response:
        return json_response(self.truth())

    async def _post_burst(self, request: web.Request) -> web.Response:
        try:
            body = await _json_body(request)
        except ValueError as exc:
            return _control_error(400, str(exc))
        if not isinstance(body, dict):
            return _control_error(400, "burst: the body must be a JSON object")
        messages = body.get("messages")
        if isinstance(messages, bool) or not isinstance(messages, int):
            return _control_error(400, f"burst: 'messages' must be an integer, got {messages!r}")
        venue = body.get("venue")
        if venue not in (Venue.KALSHI, Venue.POLYMARKET):
            return _control_error(400, f"burst: 'venue' must be 'kalshi' or 'polymarket', got {venue!r}")
        try:
            result = await self.burst(Venue(venue), messages)
        except ValueError as exc:
            return _control_error(400, str(exc))
        return json_response(result)


    async def _post_arbitrage(self, request: web.Request) -> web.Response:
        # {"open": true} plants one; {"close": "<kalshi ticker>"} releases the one on that market.
        try:
            body = await _json_body(request)
            if not isinstance(body, dict) or (body.get("open") is not True and not isinstance(body.get("close"), str)):
                raise ValueError('arbitrage: the body must be {"open": true} or {"close": "<kalshi ticker>"}')
            if body.get("open") is True:
                step = await self.open_arbitrage()
            else:
                step = await self.close_arbitrage(body["close"])
        except ValueError as exc:
            return _control_error(400, str(exc))
        return json_response(
            {
                "kalshi_changes": len(step.kalshi_changes),
                "polymarket_changes": len(step.polymarket_changes),
                "planted_arbitrage": [_plain(planted) for planted in self.scenario.planted_arbitrage],
            }
        )

    async def _post_silence(self, request: web.Request) -> web.Response:
        # {"venue": "polymarket", "silent": true, "instrument": "<token id>" (optional)}
        try:
            body = await _json_body(request)
            if (
                not isinstance(body, dict)
                or not isinstance(body.get("silent", True), bool)
                or not isinstance(body.get("instrument", ""), str)
            ):
                raise ValueError(
                    'silence: the body must be {"venue": "kalshi"|"polymarket", "silent": true|false, '
                    '"instrument": a Polymarket token id (optional)}'
                )
            self.silence(Venue(body.get("venue")), body.get("silent", True), body.get("instrument"))
        except ValueError as exc:
            return _control_error(400, str(exc))
        return json_response({"silenced": sorted(self.silenced), "silenced_instruments": sorted(self.silenced_instruments)})


    async def _post_kalshi_fee_update(self, request: web.Request) -> web.Response:
        # {"event_ticker": "...", "fee_type_override": "quadratic" | null, "fee_multiplier_override": "2" | null}
        try:
            body = await _json_body(request)
            if not isinstance(body, dict) or not isinstance(body.get("event_ticker"), str):
                raise ValueError("kalshi_fee_update: the body must name an 'event_ticker'")
            fee_type = body.get("fee_type_override")
            raw = body.get("fee_multiplier_override")
            multiplier = None if raw is None else Decimal(str(raw))
            if fee_type is not None and not isinstance(fee_type, str):
                raise ValueError(f"kalshi_fee_update: 'fee_type_override' must be text or null, got {fee_type!r}")
        except (ValueError, ArithmeticError) as exc:
            return _control_error(400, str(exc))
        return json_response({"sent": self.kalshi_fee_update(body["event_ticker"], fee_type, multiplier)})


    async def _post_kalshi_fee_change(self, request: web.Request) -> web.Response:
        # {"series_ticker": "...", "fee_type": "quadratic", "fee_multiplier": "2", "scheduled_ts": ISO 8601}
        try:
            body = await _json_body(request)
            if not isinstance(body, dict) or not isinstance(body.get("series_ticker"), str) or not isinstance(body.get("fee_type"), str):
                raise ValueError("kalshi_fee_change: the body must name a 'series_ticker' and a 'fee_type'")
            multiplier = Decimal(str(body.get("fee_multiplier")))
            at = datetime.fromisoformat(str(body.get("scheduled_ts")).replace("Z", "+00:00"))
            if at.tzinfo is None:
                raise ValueError("kalshi_fee_change: 'scheduled_ts' needs a time zone")
            change = self.schedule_kalshi_fee_change(body["series_ticker"], body["fee_type"], multiplier, at)
        except (ValueError, ArithmeticError) as exc:
            return _control_error(400, str(exc))
        return json_response(change)


def _status_response(api: VenueApi, fault: Fault) -> web.Response:
    status = fault.status if fault.status is not None else 500
    response = api.error_response(status, f"sandbox fault: HTTP {status}")
    if fault.retry_after_s is not None:
        response.headers["Retry-After"] = f"{fault.retry_after_s:g}"
    return response


def _rest_base(path: str) -> tuple[str, Venue, str] | None:
    for prefix, venue, venue_root in _REST_BASES:
        if path == prefix or path.startswith(prefix + "/"):
            return prefix, venue, venue_root
    return None


async def _json_body(request: web.Request, default: Any = None) -> Any:
    raw = await request.read()
    if not raw and default is not None:
        return default
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"{request.path}: the body is not JSON: {exc}") from None


def _control_error(status: int, message: str) -> web.Response:
    return json_response({"error": message}, status)


def _plain(value: Any) -> Any:
    """A scenario dataclass as JSON-ready values: Decimal as its exact string, times ISO-8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def serve(
    host: str = "127.0.0.1",
    port: int = 8787,
    seed: int = 7,
    size: int = 1,
    tick_interval_s: float | None = 0.5,
    *,
    key_dir: Path | None = None,
    out: IO[str] | None = None,
) -> None:
    """Run the sandbox exchange in the foreground until Ctrl-C (or SIGTERM).

    Makes (once) a Kalshi key pair under ``key_dir`` (default: the data dir's ``sandbox``
    folder), registers its public key, and prints the ``export`` lines that point every client
    at the sandbox."""
    out = sys.stdout if out is None else out
    key_dir = Path(key_dir) if key_dir is not None else data_dir() / "sandbox"
    private_key_path, public_pem = sandbox_key_pair(key_dir)
    exchange = SandboxExchange(
        seed=seed,
        size=size,
        tick_interval_s=tick_interval_s,
        kalshi_public_keys={SANDBOX_KEY_ID: public_pem},
    )

    async def run() -> None:
        endpoints = await exchange.start(host, port)
        stopping = asyncio.Event()
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
        exports = {
            **endpoints.as_env(),
            "KALSHI_API_KEY_ID": SANDBOX_KEY_ID,
            "KALSHI_PRIVATE_KEY_PATH": str(private_key_path),
            "ODDS_API_KEY": "sandbox",
        }
        for name, value in exports.items():
            print(f"export {name}={value}", file=out)
        out.flush()
        try:
            await stopping.wait()
        finally:
            await exchange.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
