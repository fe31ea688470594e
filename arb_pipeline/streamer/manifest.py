"""The manifest of a frame recording (``DIR/manifest.json``): what a replay needs beyond the raw
frames to reach the decisions the live run reached (docs/streamer.md#recording-and-backtest).

- ``started_ns``: when the recording run began; frames older than it belong to an earlier run
  appended to the same folder and are left out of a replay of this one.
- ``pairs`` and ``markets``: the approved pairs the run watched at its start and their markets
  as the catalog held them then, fee schedules (``Market.fee``) and Gamma payloads (``raw``,
  which holds ``orderMinSize``) included, so a replay prices every fill with the fees of the
  time, not today's catalog.
- ``scan``: the opportunity thresholds the run evaluated pairs with, and ``stale_book_s``: how
  long a venue may stay silent before its books are left out.
- ``trading``: when the run paper-traded, the ``TRADING_*`` settings it traded under and the
  circuit breaker's state at its start; absent otherwise.

Decimals are written as strings and times as ISO 8601: the manifest reads back exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from arb_pipeline.config import ScanSettings
from arb_pipeline.domain.fees import fee_schedule_from_stored
from arb_pipeline.domain.models import (
    Market,
    MarketStatus,
    MatchedPair,
    Outcome,
    PairStatus,
    PairTransform,
    Strike,
    Venue,
)
from arb_pipeline.streamer.pairs import WatchSet

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


class ManifestError(ValueError):
    """A manifest that cannot be read back: says the file and what is wrong."""


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def market_json(market: Market) -> dict[str, Any]:
    strike = market.strike
    return {
        "venue": market.venue.value, "market_id": market.market_id, "event_id": market.event_id,
        "series_id": market.series_id, "title": market.title, "subtitle": market.subtitle, "rules": market.rules,
        "category": market.category, "status": market.status.value, "venue_status": market.venue_status,
        "outcomes": [{"name": o.name, "token_id": o.token_id, "display_price": _text(o.display_price)}
                     for o in market.outcomes],
        "open_time": _time(market.open_time), "close_time": _time(market.close_time),
        "expiration_time": _time(market.expiration_time),
        "fee": {name: _text(value) if isinstance(value, Decimal) else value
                for name, value in market.fee.stored().items()} if market.fee else None,
        "strike": None if strike is None else [strike.strike_type, _text(strike.floor), _text(strike.cap)],
        "tick_size": _text(market.tick_size), "condition_id": market.condition_id, "slug": market.slug,
        "market_type": market.market_type, "result": market.result, "event_title": market.event_title,
        "game_start_time": _time(market.game_start_time), "neg_risk": market.neg_risk, "raw": dict(market.raw),
    }  # fmt: skip


def market_from_json(value: Mapping[str, Any]) -> Market:
    fee = None
    if value["fee"] is not None:
        fee = fee_schedule_from_stored({name: Decimal(v) if isinstance(v, str) and name != "fee_type" else v
                                        for name, v in value["fee"].items()})
    strike = value["strike"]
    return Market(
        venue=Venue(value["venue"]), market_id=value["market_id"], event_id=value["event_id"],
        series_id=value["series_id"], title=value["title"], subtitle=value["subtitle"], rules=value["rules"],
        category=value["category"], status=MarketStatus(value["status"]), venue_status=value["venue_status"],
        outcomes=tuple(Outcome(o["name"], o["token_id"], _number(o["display_price"])) for o in value["outcomes"]),
        open_time=_parse_time(value["open_time"]), close_time=_parse_time(value["close_time"]),
        expiration_time=_parse_time(value["expiration_time"]), fee=fee,
        strike=None if strike is None else Strike(strike[0], _number(strike[1]), _number(strike[2])),
        tick_size=_number(value["tick_size"]), condition_id=value["condition_id"], slug=value["slug"],
        market_type=value["market_type"], result=value["result"], event_title=value["event_title"],
        game_start_time=_parse_time(value["game_start_time"]), neg_risk=value["neg_risk"], raw=value["raw"],
    )  # fmt: skip


def watched_pair_json(pair: MatchedPair) -> dict[str, Any]:
    return {
        "kalshi_ticker": pair.kalshi_ticker, "polymarket_market_id": pair.polymarket_market_id,
        "polymarket_yes_token": pair.polymarket_yes_token, "polymarket_no_token": pair.polymarket_no_token,
        "confidence": pair.confidence, "status": pair.status.value, "reasons": list(pair.reasons),
        "transform": pair.transform.value, "kalshi_tickers": list(pair.kalshi_tickers),
        "decided_by": pair.decided_by, "category": pair.category,
    }  # fmt: skip


def watched_pair_from_json(value: Mapping[str, Any]) -> MatchedPair:
    return MatchedPair(
        value["kalshi_ticker"], value["polymarket_market_id"], value["polymarket_yes_token"],
        value["polymarket_no_token"], value["confidence"], PairStatus(value["status"]), tuple(value["reasons"]),
        PairTransform(value["transform"]), tuple(value["kalshi_tickers"]), value["decided_by"], value["category"],
    )  # fmt: skip


def scan_json(scan: ScanSettings) -> dict[str, Any]:
    return {f.name: str(getattr(scan, f.name)) for f in fields(scan) if getattr(scan, f.name) is not None}


def scan_from_json(value: Mapping[str, str]) -> ScanSettings:
    kinds = {f.name: type(getattr(ScanSettings(), f.name)) for f in fields(ScanSettings)}
    return ScanSettings(**{name: kinds[name](text) if kinds[name] is not type(None) else text
                           for name, text in value.items()})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Manifest:
    started_ns: int
    watch: WatchSet
    scan: ScanSettings
    #: The ``TRADING_*`` variables and the breaker's state (``risk_state_json``) a paper run
    #: started with; None when the run did not paper-trade.
    trading_env: dict[str, str] | None = None
    risk_state: dict[str, Any] | None = None
    stale_book_s: float = 60.0

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MANIFEST_VERSION, "started_ns": self.started_ns,
            "pairs": [watched_pair_json(pair) for pair in self.watch.pairs],
            "markets": [market_json(market) for market in self.watch.markets.values()],
            "scan": scan_json(self.scan), "stale_book_s": self.stale_book_s,
            "trading": None if self.trading_env is None else {"env": self.trading_env, "risk_state": self.risk_state},
        }  # fmt: skip


def write_manifest(folder: Path, manifest: Manifest) -> Path:
    path = Path(folder) / MANIFEST_NAME
    path.write_bytes(orjson.dumps(manifest.to_json(), option=orjson.OPT_INDENT_2))
    return path


def read_manifest(folder: Path) -> Manifest:
    path = Path(folder) / MANIFEST_NAME
    try:
        value = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest: record with `arb-pipeline streamer --record {folder}` "
                            "(the manifest holds the pairs, markets and settings a replay needs)") from None
    except orjson.JSONDecodeError as exc:
        raise ManifestError(f"{path}: not JSON ({exc})") from None
    if not isinstance(value, dict) or value.get("version") != MANIFEST_VERSION:
        raise ManifestError(f"{path}: not a version {MANIFEST_VERSION} recording manifest")
    try:
        pairs = [watched_pair_from_json(pair) for pair in value["pairs"]]
        markets = [market_from_json(market) for market in value["markets"]]
        trading = value["trading"]
        return Manifest(
            int(value["started_ns"]), WatchSet.of(pairs, markets), scan_from_json(value["scan"]),
            None if trading is None else dict(trading["env"]), None if trading is None else trading["risk_state"],
            float(value["stale_book_s"]),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ManifestError(f"{path}: {type(exc).__name__}: {exc}") from None
