"""The matcher's large labeled set: compact hand-written YAML expanded into the venues' wire shapes.

The set lives in ``fixtures/matching/labeled/dev/`` (for development) and
``fixtures/matching/labeled/holdout/`` (kept out of development: figures on it are reported apart).
Each YAML file holds the markets of one category as a person reads them on the venues' pages
(titles, sub-titles, rules, outcomes, dates, strikes) and the labels over them. This module fills
in everything a venue sends that does not change what a market says (prices, sizes, volumes, ids,
token ids, condition ids, timestamps) and writes the result as a labeled file in the format
``arb-pipeline match-eval`` reads (docs/matching.md): Kalshi markets in the current Market shape
(nested in ``GET /events`` objects or flat as ``GET /markets`` returns them) and Polymarket
markets in the Gamma shape (nested in ``/events`` objects or standalone with ``events[...]``),
so they are parsed by the venue parsers exactly as the pipeline parses them.

Authoring format, one file per category::

    category: central_banks                 # default category of the file's labels
    kalshi:                                 # Kalshi events
      - event: KXFEDDECISION-26MAR          # event_ticker (series: the part before the first "-")
        title: Fed decision in Mar 2026     # event title; sub_title, category, series optional
        mutually_exclusive: true
        served: events                      # events (nested in GET /events, default) | markets
                                            # (flat GET /markets objects, no event around them)
        close: 2026-03-18T17:55:00Z         # close_time; expires: expected_expiration_time
        market_title: "..."                 # title template; without it markets carry no
                                            # title (deprecated by Kalshi, often absent)
        rules: "..."                        # rules_primary template; rules2: rules_secondary
        strike_type: greater                # default of the markets
        markets:
          - {t: C25, yes: Cut 25bps}        # t: ticker suffix or full ticker; yes/no: sub-titles;
                                            # title/rules/rules2/strike_type/floor/cap/
                                            # custom_strike/close/expires override; x: template values
    polymarket:                             # Gamma events
      - event: fed-decision-in-march-2026   # event slug
        title: Fed decision in March?
        description: "..."                  # event description
        end: 2026-03-18T18:00:00Z           # endDate of the markets unless they say otherwise
        tags: [Economy, Economics]
        served: events                      # events (nested) | markets (standalone, events[...])
        neg_risk: true
        fees: economics                     # feesEnabled with that fee type
        question: "..."                     # question template; rules: description template
        outcomes: [Yes, No]                 # default; sports: sportsMarketType; game_start
        markets:
          - {slug: fed-cut-25-march-2026, group: 25 bps decrease, q: "...", desc: "..."}
    pairs:                                  # true pairs
      - {k: KXFEDDECISION-26MAR-C25, p: fed-cut-25-march-2026, rel: identity, why: "..."}
    negatives:                              # hard negatives
      - {k: ..., p: ..., trap: different_meeting, why: "..."}

Templates are Python format strings over ``yes``, ``no``, ``floor``, ``cap``, ``ticker`` (Kalshi),
``group``, ``question``, ``line`` (Polymarket) and the entry's ``x`` values. A pair's ``pays``
(the Polymarket outcome that pays on Kalshi YES) defaults to "Yes" for ``identity`` and "No" for
``inverse``; markets whose outcomes are not Yes/No name it. Polymarket markets are referred to by
slug here; the labeled file carries the Gamma ids derived from them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from arb_pipeline_tests.paths import FIXTURES

LABELED = FIXTURES / "matching" / "labeled"
SPLITS = ("dev", "holdout")

_KALSHI_EVENT_KEYS = {
    "event", "series", "title", "sub_title", "category", "mutually_exclusive", "served", "close", "expires",
    "open", "market_title", "rules", "rules2", "strike_type", "markets", "product_metadata", "strike_date", "x",
}  # fmt: skip
_KALSHI_MARKET_KEYS = {
    "t", "yes", "no", "title", "rules", "rules2", "strike_type", "floor", "cap", "custom_strike", "close",
    "expires", "x", "status",
}  # fmt: skip
_GAMMA_EVENT_KEYS = {
    "event", "title", "description", "end", "start", "tags", "served", "neg_risk", "fees", "question", "rules",
    "outcomes", "sports", "game_start", "series", "markets", "source", "x",
}  # fmt: skip
_GAMMA_MARKET_KEYS = {"slug", "q", "group", "desc", "outcomes", "end", "line", "sports", "x", "source", "game_start"}
_PAIR_KEYS = {"k", "p", "rel", "pays", "why", "category"}
_NEGATIVE_KEYS = {"k", "p", "trap", "why", "category"}
_FILE_KEYS = {"category", "kalshi", "polymarket", "pairs", "negatives"}

_TAG_IDS = {
    "Sports": "1", "Politics": "2", "Crypto": "21", "Economy": "100328", "Economics": "702", "Finance": "120",
    "Business": "107", "Weather": "84", "Geopolitics": "100265", "World": "101970", "Tech": "1401",
    "Culture": "596", "Elections": "144", "Mentions": "102127", "Science": "74", "Fed Rates": "100196",
}  # fmt: skip
_FEE_RATES = {"sports": "0.03", "crypto": "0.072", "economics": "0.05", "politics": "0.04", "culture": "0.05"}


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads yes/no/on/off as booleans; here Yes and No are outcome names and ``yes:`` a
    sub-title, so only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


class AuthoringError(ValueError):
    """A labeled-set YAML file breaks the authoring format; the message names the file and entry."""


def _digest(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest(), 16)


def token(seed: str) -> str:
    """A 77-digit CLOB token id, stable per seed (real ids are 70-78 digit strings)."""
    return str(_digest("token", seed) % 10**77).rjust(77, "1")


def gamma_market_id(slug: str) -> str:
    return str(1_000_000 + _digest("market", slug) % 1_400_000)


def gamma_event_id(slug: str) -> str:
    return str(20_000 + _digest("event", slug) % 180_000)


def _time(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        raise AuthoringError(f"{where}: expected an ISO time, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise AuthoringError(f"{where}: {exc}") from None
    if parsed.tzinfo is None:
        raise AuthoringError(f"{where}: time {value!r} has no zone")
    return parsed


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fill(template: str | None, values: Mapping[str, Any], where: str) -> str | None:
    if template is None:
        return None
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise AuthoringError(f"{where}: template {template[:60]!r}... cannot be filled: {exc!r}") from None


def _check_keys(entry: Any, allowed: set[str], where: str) -> Mapping[str, Any]:
    if not isinstance(entry, dict):
        raise AuthoringError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise AuthoringError(f"{where}: unknown key(s) {unknown}")
    return entry


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _price(seed: str, low: int = 3, high: int = 95) -> int:
    """A bid in cents, stable per seed."""
    return low + _digest("price", seed) % (high - low)


def _dollars(cents: int) -> str:
    return f"{cents / 100:.4f}"


# --- Kalshi -------------------------------------------------------------------------------------


def _kalshi_market(event: Mapping[str, Any], raw: Any, where: str) -> dict[str, Any]:
    entry = _check_keys(raw, _KALSHI_MARKET_KEYS, where)
    event_ticker = event["event"]
    suffix = entry.get("t")
    if not isinstance(suffix, str) or not suffix:
        raise AuthoringError(f"{where}: missing 't' (ticker suffix or full ticker)")
    ticker = suffix if suffix.startswith(event_ticker + "-") else f"{event_ticker}-{suffix}"
    where = f"{where} {ticker}"
    yes = entry.get("yes")
    if not isinstance(yes, str) or not yes:
        raise AuthoringError(f"{where}: missing 'yes' (yes_sub_title)")
    no = entry.get("no", yes)
    strike_type = entry.get("strike_type", event.get("strike_type"))
    floor, cap = entry.get("floor"), entry.get("cap")
    values = {**event.get("x", {}), **entry.get("x", {}), "yes": yes, "no": no, "ticker": ticker,
              "floor": _number_text(floor), "cap": _number_text(cap)}
    close = _time(entry.get("close", event.get("close")), f"{where} close")
    expires = _time(entry.get("expires", event.get("expires", close)), f"{where} expires")
    opened = _time(event["open"], f"{where} open") if "open" in event else close - timedelta(days=30)
    bid = _price(ticker)
    ask = bid + 1 + _digest("spread", ticker) % 3
    market: dict[str, Any] = {
        "ticker": ticker,
        "event_ticker": event_ticker,
        "market_type": "binary",
    }
    title = entry["title"] if "title" in entry else _fill(event.get("market_title"), values, f"{where} market_title")
    if title is not None:
        market["title"] = _fill(title, values, f"{where} title")
    rules = _fill(entry.get("rules", event.get("rules")), values, f"{where} rules")
    if not rules:
        raise AuthoringError(f"{where}: no rules (rules_primary) on the market or its event")
    market.update({
        "yes_sub_title": yes,
        "no_sub_title": no,
        "open_time": _iso(opened),
        "close_time": _iso(close),
        "expected_expiration_time": _iso(expires),
        "latest_expiration_time": _iso(max(close, expires) + timedelta(days=28)),
        "status": entry.get("status", "active"),
        "yes_bid_dollars": _dollars(bid),
        "yes_ask_dollars": _dollars(ask),
        "no_bid_dollars": _dollars(100 - ask),
        "no_ask_dollars": _dollars(100 - bid),
        "yes_bid_size_fp": f"{50 + _digest('bidsize', ticker) % 4000}.00",
        "yes_ask_size_fp": f"{50 + _digest('asksize', ticker) % 4000}.00",
        "last_price_dollars": _dollars(bid),
        "previous_price_dollars": _dollars(max(1, bid - 1)),
        "volume_fp": f"{1000 + _digest('volume', ticker) % 900000}.00",
        "volume_24h_fp": f"{_digest('volume24', ticker) % 50000}.00",
        "open_interest_fp": f"{500 + _digest('oi', ticker) % 300000}.00",
        "liquidity_dollars": "0.0000",
        "notional_value_dollars": "1.0000",
        "result": "",
        "can_close_early": True,
        "strike_type": strike_type,
        "floor_strike": floor,
        "cap_strike": cap,
        "rules_primary": rules,
        "rules_secondary": _fill(entry.get("rules2", event.get("rules2")), values, f"{where} rules2") or "",
        "price_level_structure": "linear_cent",
        "price_ranges": [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}],
        "settlement_value_dollars": None,
        "settlement_ts": None,
    })
    if "custom_strike" in entry:
        market["custom_strike"] = entry["custom_strike"]
    return market


def _kalshi_event(raw: Any, where: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The wire objects of one authored event (one event object, or flat market objects) and the
    tickers it defines."""
    event = _check_keys(raw, _KALSHI_EVENT_KEYS, where)
    event_ticker = event.get("event")
    if not isinstance(event_ticker, str) or "-" not in event_ticker:
        raise AuthoringError(f"{where}: 'event' must be an event ticker such as KXFEDDECISION-26MAR, got {event_ticker!r}")
    where = f"{where} {event_ticker}"
    if "close" not in event and not all(isinstance(m, dict) and "close" in m for m in event.get("markets", [])):
        raise AuthoringError(f"{where}: no 'close' on the event or on every market")
    markets = [_kalshi_market(event, m, f"{where} markets[{i}]") for i, m in enumerate(event.get("markets") or [])]
    if not markets:
        raise AuthoringError(f"{where}: no markets")
    tickers = [m["ticker"] for m in markets]
    served = event.get("served", "events")
    if served == "markets":
        return markets, tickers
    if served != "events":
        raise AuthoringError(f"{where}: 'served' is events or markets, got {served!r}")
    mutually_exclusive = bool(event.get("mutually_exclusive", False))
    first_close = min(_time(m["close_time"], where) for m in markets)
    wire = {
        "event_ticker": event_ticker,
        "series_ticker": event.get("series", event_ticker.split("-", 1)[0]),
        "title": event.get("title") or markets[0].get("title") or event_ticker,
        "sub_title": event.get("sub_title", ""),
        "collateral_return_type": "MECNET" if mutually_exclusive else "DIRECNET",
        "mutually_exclusive": mutually_exclusive,
        "available_on_brokers": False,
        "product_metadata": event.get("product_metadata", {}),
        "strike_date": event.get("strike_date"),
        "strike_period": "",
        "category": event.get("category"),
        "last_updated_ts": _iso(first_close - timedelta(days=2)),
        "markets": markets,
    }
    return [wire], tickers


# --- Polymarket ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _GammaMarket:
    slug: str
    market_id: str
    outcomes: tuple[str, ...]


def _tags(labels: Iterable[str]) -> list[dict[str, str]]:
    return [
        {"id": _TAG_IDS.get(label, str(100_000 + _digest("tag", label) % 900_000)), "label": label,
         "slug": label.lower().replace(" ", "-")}
        for label in labels
    ]


def _gamma_market(event: Mapping[str, Any], raw: Any, where: str) -> dict[str, Any]:
    entry = _check_keys(raw, _GAMMA_MARKET_KEYS, where)
    slug = entry.get("slug")
    if not isinstance(slug, str) or not slug:
        raise AuthoringError(f"{where}: missing 'slug'")
    where = f"{where} {slug}"
    outcomes = list(entry.get("outcomes", event.get("outcomes", ["Yes", "No"])))
    if len(outcomes) < 2 or len(set(outcomes)) != len(outcomes):
        raise AuthoringError(f"{where}: outcomes must be two or more distinct names, got {outcomes!r}")
    line = entry.get("line")
    values = {**event.get("x", {}), **entry.get("x", {}), "group": entry.get("group", ""), "line": _number_text(line)}
    question = _fill(entry.get("q", event.get("question")), values, f"{where} question")
    if not question:
        raise AuthoringError(f"{where}: no question ('q' or the event's 'question' template)")
    values["question"] = question
    description = _fill(entry.get("desc", event.get("rules")), values, f"{where} description")
    if not description:
        raise AuthoringError(f"{where}: no description ('desc' or the event's 'rules' template)")
    end = _time(entry.get("end", event.get("end")), f"{where} end")
    start = _time(event["start"], f"{where} start") if "start" in event else end - timedelta(days=45)
    first = _price(slug, 2, 96)
    prices = [first, 100 - first] + [1] * (len(outcomes) - 2)
    market: dict[str, Any] = {
        "id": gamma_market_id(slug),
        "question": question,
        "conditionId": "0x" + hashlib.sha256(f"condition:{slug}".encode()).hexdigest(),
        "slug": slug,
        "resolutionSource": entry.get("source", event.get("source", "")),
        "endDate": _iso(end),
        "startDate": _iso(start),
        "liquidity": f"{1000 + _digest('liquidity', slug) % 500000}.{_digest('cents', slug) % 1000:03d}",
        "description": description,
        "outcomes": json.dumps(outcomes),
        "outcomePrices": json.dumps([f"{p / 100:g}" for p in prices]),
        "volume": f"{5000 + _digest('volume', slug) % 5000000}.{_digest('vcents', slug) % 100000:05d}",
        "active": True,
        "closed": False,
        "archived": False,
        "new": False,
        "featured": False,
        "restricted": True,
        "questionID": "0x" + hashlib.sha256(f"question:{slug}".encode()).hexdigest(),
        "enableOrderBook": True,
        "orderPriceMinTickSize": 0.01 if first >= 5 else 0.001,
        "orderMinSize": 5,
        "volumeNum": float(5000 + _digest("volume", slug) % 5000000),
        "liquidityNum": float(1000 + _digest("liquidity", slug) % 500000),
        "endDateIso": end.date().isoformat(),
        "clobTokenIds": json.dumps([token(f"{slug}:{outcome}") for outcome in outcomes]),
        "acceptingOrders": True,
        "negRisk": bool(event.get("neg_risk", False)),
        "umaResolutionStatuses": "[]",
        "feesEnabled": False,
        "bestBid": round((first - 1) / 100, 3),
        "bestAsk": round((first + 1) / 100, 3),
        "spread": 0.02,
        "lastTradePrice": first / 100,
    }
    if "group" in entry:
        market["groupItemTitle"] = entry["group"]
    fees = event.get("fees")
    if fees is not None:
        if fees not in _FEE_RATES:
            raise AuthoringError(f"{where}: fees must be one of {sorted(_FEE_RATES)}, got {fees!r}")
        market["feesEnabled"] = True
        market["feeType"] = f"{fees}_fees"
        market["feeSchedule"] = {"exponent": 1, "rate": float(_FEE_RATES[fees]), "takerOnly": True, "rebateRate": 0.25}
    sports = entry.get("sports", event.get("sports"))
    if sports is not None:
        market["sportsMarketType"] = sports
    if line is not None:
        market["line"] = line
    game_start = entry.get("game_start", event.get("game_start"))
    if game_start is not None:
        market["gameStartTime"] = game_start
    return market


def _gamma_event(raw: Any, where: str) -> tuple[list[dict[str, Any]], list[_GammaMarket]]:
    event = _check_keys(raw, _GAMMA_EVENT_KEYS, where)
    slug = event.get("event")
    if not isinstance(slug, str) or not slug:
        raise AuthoringError(f"{where}: missing 'event' (the event slug)")
    where = f"{where} {slug}"
    title = event.get("title")
    if not isinstance(title, str) or not title:
        raise AuthoringError(f"{where}: missing 'title'")
    markets = [_gamma_market(event, m, f"{where} markets[{i}]") for i, m in enumerate(event.get("markets") or [])]
    if not markets:
        raise AuthoringError(f"{where}: no markets")
    defined = [_GammaMarket(m["slug"], m["id"], tuple(json.loads(m["outcomes"]))) for m in markets]
    end = max(_time(m["endDate"], where) for m in markets)
    tags = _tags(event.get("tags", []))
    header: dict[str, Any] = {
        "id": gamma_event_id(slug),
        "ticker": slug,
        "slug": slug,
        "title": title,
        "description": event.get("description", ""),
        "startDate": min(m["startDate"] for m in markets),
        "endDate": _iso(end),
        "active": True,
        "closed": False,
        "archived": False,
        "new": False,
        "featured": False,
        "restricted": True,
        "negRisk": bool(event.get("neg_risk", False)),
        "enableNegRisk": bool(event.get("neg_risk", False)),
        "seriesSlug": event.get("series"),
        "tags": tags,
    }
    served = event.get("served", "events")
    if served == "markets":
        parent = {k: header[k] for k in ("id", "ticker", "slug", "title", "description", "startDate", "endDate",
                                          "active", "closed", "negRisk", "seriesSlug", "tags")}
        return [{**m, "events": [parent]} for m in markets], defined
    if served != "events":
        raise AuthoringError(f"{where}: 'served' is events or markets, got {served!r}")
    volume = sum(float(m["volume"]) for m in markets)
    liquidity = sum(float(m["liquidity"]) for m in markets)
    return [{**header, "liquidity": round(liquidity, 3), "volume": round(volume, 3), "openInterest": 0,
             "volume24hr": round(volume / 20, 3), "enableOrderBook": True, "markets": markets}], defined


# --- files and labels ---------------------------------------------------------------------------


@dataclass
class _Built:
    kalshi: list[dict[str, Any]]
    polymarket: list[dict[str, Any]]
    labels: list[dict[str, Any]]


def _label(raw: Any, where: str, category: str, tickers: Mapping[str, str], gamma: Mapping[str, _GammaMarket],
           *, negative: bool) -> dict[str, Any]:
    entry = _check_keys(raw, _NEGATIVE_KEYS if negative else _PAIR_KEYS, where)
    ticker, slug = entry.get("k"), entry.get("p")
    if ticker not in tickers:
        raise AuthoringError(f"{where}: Kalshi market {ticker!r} is not defined in the set")
    if slug not in gamma:
        raise AuthoringError(f"{where}: Polymarket market {slug!r} is not defined in the set")
    why = entry.get("why")
    if not isinstance(why, str) or not why.strip():
        raise AuthoringError(f"{where}: missing 'why' (a one-line reason)")
    market = gamma[slug]
    label: dict[str, Any] = {"kalshi": ticker, "polymarket": market.market_id, "category": entry.get("category", category)}
    if negative:
        trap = entry.get("trap")
        if not isinstance(trap, str) or not trap:
            raise AuthoringError(f"{where}: a hard negative needs a 'trap'")
        label.update(relation="not_equivalent", trap=trap, reason=why.strip())
        return label
    relation = entry.get("rel")
    if relation not in ("identity", "inverse"):
        raise AuthoringError(f"{where}: 'rel' is identity or inverse, got {relation!r}")
    yes_no = set(market.outcomes) == {"Yes", "No"}
    pays = entry.get("pays")
    if pays is None:
        if not yes_no:
            raise AuthoringError(f"{where}: outcomes {market.outcomes} are not Yes/No: name the one that pays ('pays')")
        pays = "Yes" if relation == "identity" else "No"
    if pays not in market.outcomes:
        raise AuthoringError(f"{where}: 'pays' {pays!r} is not an outcome of {slug} {market.outcomes}")
    if yes_no and (pays == "Yes") != (relation == "identity"):
        raise AuthoringError(f"{where}: relation {relation} with {pays!r} paying on Kalshi YES contradicts itself")
    label.update(relation=relation, pays_on_kalshi_yes=pays, reason=why.strip())
    return label


def _build_file(path: Path, built: _Built, tickers: dict[str, str], gamma: dict[str, _GammaMarket],
                ids: dict[str, str]) -> list[tuple[str, Any, str, bool]]:
    where = str(path.relative_to(LABELED))
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    document = _check_keys(document, _FILE_KEYS, where)
    category = document.get("category")
    if not isinstance(category, str) or not category:
        raise AuthoringError(f"{where}: missing 'category'")
    for i, raw in enumerate(document.get("kalshi") or []):
        wire, defined = _kalshi_event(raw, f"{where} kalshi[{i}]")
        for ticker in defined:
            if ticker in tickers:
                raise AuthoringError(f"{where}: Kalshi ticker {ticker} is also defined in {tickers[ticker]}")
            tickers[ticker] = where
        built.kalshi.extend(wire)
    for i, raw in enumerate(document.get("polymarket") or []):
        wire, markets = _gamma_event(raw, f"{where} polymarket[{i}]")
        for market in markets:
            if market.slug in gamma:
                raise AuthoringError(f"{where}: Polymarket slug {market.slug} is defined twice")
            if market.market_id in ids:
                raise AuthoringError(f"{where}: slugs {market.slug} and {ids[market.market_id]} get the same id; rename one")
            gamma[market.slug] = market
            ids[market.market_id] = market.slug
        built.polymarket.extend(wire)
    pending = [(f"{where} pairs[{i}]", raw, category, False) for i, raw in enumerate(document.get("pairs") or [])]
    pending += [(f"{where} negatives[{i}]", raw, category, True) for i, raw in enumerate(document.get("negatives") or [])]
    return pending


def split_files(split: str) -> list[Path]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    return sorted((LABELED / split).glob("*.yaml"))


@cache
def labeled_document(*splits: str) -> dict[str, Any]:
    """The labeled file (docs/matching.md format) of ``splits``, e.g. ``("dev",)`` or
    ``("dev", "holdout")``. Labels may refer to markets of any file of the same splits, so a trap
    can pair markets of two categories."""
    if not splits:
        raise ValueError("name at least one split")
    built = _Built([], [], [])
    tickers: dict[str, str] = {}
    gamma: dict[str, _GammaMarket] = {}
    ids: dict[str, str] = {}
    pending = []
    for split in splits:
        for path in split_files(split):
            pending += _build_file(path, built, tickers, gamma, ids)
    seen: dict[tuple[str, str], str] = {}
    for where, raw, category, negative in pending:
        label = _label(raw, where, category, tickers, gamma, negative=negative)
        key = (label["kalshi"], label["polymarket"])
        if key in seen:
            raise AuthoringError(f"{where}: labels the same pair as {seen[key]}")
        seen[key] = where
        built.labels.append(label)
    return {
        "version": 1,
        "name": "+".join(splits),
        "kalshi": built.kalshi,
        "polymarket": built.polymarket,
        "labels": built.labels,
    }
