"""The user's pairs file: pairs pinned by hand and pairs rejected by hand. It always wins over the
automatic matcher.

YAML or JSON, the same shape either way::

    pin:
      - kalshi: KXNBAGAME-26JAN09MILLAL-MIL     # one ticker; a list of tickers for transform sum
        polymarket: "1096983"                   # the Gamma market id
        transform: identity                     # identity (default) | inverse | sum
        pays_on_kalshi_yes: Bucks               # optional: outcome name or token id
        note: checked against both rulebooks    # optional
        force: false                            # optional: keep the pin even where the matcher
                                                # proves it wrong (see below)
      - kalshi: [KXFEDRANGE-26MAR-B4.875, KXFED-26MAR-T5.00]
        polymarket: "612001"
        transform: sum                          # "4.75-5.00%" + "above 5.00%" = "above 4.75%"
    reject:
      - kalshi: KXCPIYOY-26JAN-T3.0
        polymarket: "612345"
        reason: Kalshi is strict > 3.0%, Polymarket >= 3.0%

Transforms (docs/architecture.md#pairs-and-sets): ``identity`` - the "Yes" outcome (or the one ``pays_on_kalshi_yes``
names) pays when Kalshi resolves YES; ``inverse`` - the other outcome does; ``sum`` - the Kalshi
leg is a basket of range contracts bought together, which resolves YES when any one of them does,
and the "Yes" (or named) outcome pays on it.

A pin the matcher can prove wrong (it reads both markets and finds the other token pays on Kalshi
YES, or finds the markets settle on different things) is not trusted: the pair goes to review with
the proof in its reasons and a pairs-file issue, so it never trades on a typo (a
``pays_on_kalshi_yes`` naming the wrong team pays on the same outcome twice). ``force: true``
confirms such a pin; the pair is then approved and its reasons say it was forced. A pin the
matcher cannot judge (a ``sum`` basket, a market it does not read) stays as pinned.

Parsing checks the file's own shape and raises :class:`PairsFileError` naming the entry and
field. Market ids are checked against the catalogs at match time: an unknown id is reported and
the entry skipped, never fatal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import yaml

from arb_pipeline.domain.models import Market, MatchedPair, Outcome, PairStatus, PairTransform


class PairsFileError(ValueError):
    """The pairs file is malformed. ``problems`` lists every problem, each naming the entry and
    field, so a user fixes the file in one pass."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(f"{source}: " + "; ".join(self.problems))


# MatchedPair.decided_by of a pair pinned or rejected in the pairs file.
PAIRS_FILE_DECIDER = "pairs_file"


@dataclass(frozen=True, slots=True)
class PinnedPair:
    entry: str  # "pin[0]": where the entry sits in the file, for messages
    kalshi_tickers: tuple[str, ...]
    polymarket_market_id: str
    transform: PairTransform
    pays_on_kalshi_yes: str | None = None
    note: str | None = None
    force: bool = False  # approve even where the matcher proves the pin wrong
    # A pin can also come from a person's decision in the review queue (domain/matching/review.py):
    # who decided, and how messages name the decision instead of "<file> pin[i]".
    decided_by: str = PAIRS_FILE_DECIDER
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class RejectedPair:
    entry: str
    kalshi_ticker: str
    polymarket_market_id: str
    reason: str | None = None
    decided_by: str = PAIRS_FILE_DECIDER
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class PairsFile:
    pins: tuple[PinnedPair, ...] = ()
    rejections: tuple[RejectedPair, ...] = ()
    source: str = "pairs file"


_TOP_LEVEL = {"version", "pin", "reject"}
_PIN_FIELDS = {"kalshi", "polymarket", "transform", "pays_on_kalshi_yes", "note", "force"}
_REJECT_FIELDS = {"kalshi", "polymarket", "reason"}
_TRANSFORMS = {t.value: t for t in PairTransform}
_Entry = TypeVar("_Entry")


def parse_pairs_file(text: str, fmt: str = "yaml", *, source: str = "pairs file") -> PairsFile:
    """Parse a pairs file's text; ``fmt`` is "yaml" or "json" (YAML also reads JSON)."""
    if fmt not in ("yaml", "json"):
        raise PairsFileError(source, [f"unknown format {fmt!r} (expected yaml or json)"])
    try:
        document = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PairsFileError(source, [f"not valid {fmt.upper()}: {exc}"]) from None
    if document is None:
        return PairsFile(source=source)
    if not isinstance(document, dict):
        raise PairsFileError(source, [f"expected a mapping with 'pin' and/or 'reject' lists, got {type(document).__name__}"])
    problems: list[str] = []
    unknown = sorted(set(map(str, document)) - _TOP_LEVEL)
    if unknown:
        problems.append(f"unknown top-level key(s) {', '.join(map(repr, unknown))} (expected pin, reject, version)")
    if document.get("version", 1) != 1:
        problems.append(f"field 'version': unsupported version {document['version']!r} (expected 1)")
    pinned = _read_section(document, "pin", _PIN_FIELDS, _pin, problems)
    rejected = _read_section(document, "reject", _REJECT_FIELDS, _rejection, problems)
    _check_duplicates(pinned, rejected, problems)
    if problems:
        raise PairsFileError(source, problems)
    return PairsFile(tuple(pinned), tuple(rejected), source)


def _entries(document: Mapping[str, Any], key: str, problems: list[str]) -> list[Any]:
    entries = document.get(key)
    if entries is None:
        return []
    if not isinstance(entries, list):
        problems.append(f"'{key}': expected a list of entries, got {type(entries).__name__}")
        return []
    return entries


def _text(entry: Mapping[str, Any], key: str, where: str, problems: list[str], *, required: bool) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            problems.append(f"{where}: missing field '{key}'")
        return None
    # Gamma ids are digit strings; YAML reads an unquoted 1096983 as a number, which is the same id.
    if isinstance(value, int) and not isinstance(value, bool) and key == "polymarket":
        return str(value)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where} field '{key}': expected a non-empty string, got {value!r}")
        return None
    return value.strip()


def _read_section(
    document: Mapping[str, Any],
    key: str,
    allowed: set[str],
    read: Callable[[Mapping[str, Any], str, list[str]], _Entry | None],
    problems: list[str],
) -> list[_Entry]:
    """The entries of the ``key`` list that ``read`` reads without a problem; every problem of a
    malformed one (not a mapping, an unknown field, a bad value) goes to ``problems``."""
    entries = []
    for index, entry in enumerate(_entries(document, key, problems)):
        where = f"{key}[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping, got {type(entry).__name__}")
            continue
        unknown = sorted(set(map(str, entry)) - allowed)
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(map(repr, unknown))} (expected {', '.join(sorted(allowed))})")
        before = len(problems)
        read_entry = read(entry, where, problems)
        if read_entry is not None and len(problems) == before:
            entries.append(read_entry)
    return entries


def _pin(entry: Mapping[str, Any], where: str, problems: list[str]) -> PinnedPair | None:
    transform_name = entry.get("transform", "identity")
    transform = _TRANSFORMS.get(transform_name) if isinstance(transform_name, str) else None
    if transform is None:
        problems.append(f"{where} field 'transform': unknown transform {transform_name!r} (expected identity, inverse or sum)")
    tickers = _tickers(entry.get("kalshi"), where, problems)
    if transform is PairTransform.SUM and tickers is not None and len(tickers) < 2:
        problems.append(f"{where} field 'kalshi': transform sum needs a list of two or more Kalshi tickers")
    if transform in (PairTransform.IDENTITY, PairTransform.INVERSE) and tickers is not None and len(tickers) != 1:
        problems.append(f"{where} field 'kalshi': transform {transform} takes one Kalshi ticker, got {len(tickers)}")
    polymarket = _text(entry, "polymarket", where, problems, required=True)
    pays = _text(entry, "pays_on_kalshi_yes", where, problems, required=False)
    note = _text(entry, "note", where, problems, required=False)
    force = entry.get("force", False)
    if not isinstance(force, bool):
        problems.append(f"{where} field 'force': expected true or false, got {force!r}")
    if tickers is None or polymarket is None or transform is None:
        return None
    return PinnedPair(where, tickers, polymarket, transform, pays, note, force)


def _tickers(value: Any, where: str, problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        problems.append(f"{where}: missing field 'kalshi'")
        return None
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(t, str) and t.strip() for t in items):
        problems.append(f"{where} field 'kalshi': expected a Kalshi ticker or a list of tickers, got {value!r}")
        return None
    tickers = tuple(t.strip() for t in items)
    if len(set(tickers)) != len(tickers):
        problems.append(f"{where} field 'kalshi': a ticker is listed twice")
        return None
    return tickers


def _rejection(entry: Mapping[str, Any], where: str, problems: list[str]) -> RejectedPair | None:
    kalshi = entry.get("kalshi")
    if isinstance(kalshi, list):
        problems.append(f"{where} field 'kalshi': a rejection names one Kalshi ticker, got a list")
        kalshi = None
    else:
        kalshi = _text(entry, "kalshi", where, problems, required=True)
    polymarket = _text(entry, "polymarket", where, problems, required=True)
    reason = _text(entry, "reason", where, problems, required=False)
    if kalshi is None or polymarket is None:
        return None
    return RejectedPair(where, kalshi, polymarket, reason)


def _check_duplicates(pins: list[PinnedPair], rejections: list[RejectedPair], problems: list[str]) -> None:
    seen: dict[tuple[tuple[str, ...], str], str] = {}
    for pin in pins:
        key = (pin.kalshi_tickers, pin.polymarket_market_id)
        if key in seen:
            problems.append(f"{pin.entry}: pins the same pair as {seen[key]}")
        seen[key] = pin.entry
    rejected: dict[tuple[str, str], str] = {}
    for rejection in rejections:
        key2 = (rejection.kalshi_ticker, rejection.polymarket_market_id)
        if key2 in rejected:
            problems.append(f"{rejection.entry}: rejects the same pair as {rejected[key2]}")
        rejected[key2] = rejection.entry
        for pin in pins:
            if rejection.kalshi_ticker in pin.kalshi_tickers and rejection.polymarket_market_id == pin.polymarket_market_id:
                problems.append(f"{rejection.entry}: rejects the pair {pin.entry} pins")


# --- applying the file to catalogs ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairsFileDecisions:
    pairs: tuple[MatchedPair, ...]  # the pinned (approved) and rejected pairs, decided_by their entries' decider
    issues: tuple[str, ...]  # entries that could not be applied to these catalogs, and why
    pins: tuple[PinnedPair, ...] = ()  # the pin behind each pinned pair, in the order of ``pairs``


def apply_pairs_file(
    pairs_file: PairsFile,
    kalshi_by_ticker: Mapping[str, Market],
    polymarket_by_id: Mapping[str, Market],
) -> PairsFileDecisions:
    pairs: list[MatchedPair] = []
    issues: list[str] = []
    pins: list[PinnedPair] = []
    for pin in pairs_file.pins:
        pair = _pinned_pair(pin, kalshi_by_ticker, polymarket_by_id, issues, pairs_file.source)
        if pair is not None:
            pairs.append(pair)
            pins.append(pin)
    for rejection in pairs_file.rejections:
        where = rejection.origin or f"{pairs_file.source} {rejection.entry}"
        missing = _unknown(where, (rejection.kalshi_ticker,), rejection.polymarket_market_id,
                           kalshi_by_ticker, polymarket_by_id)
        if missing:
            issues.extend(missing)
            continue
        market = polymarket_by_id[rejection.polymarket_market_id]
        kalshi_market = kalshi_by_ticker[rejection.kalshi_ticker]
        # A rejected pair never trades, so no token is said to pay on it.
        pairs.append(MatchedPair(
            kalshi_ticker=rejection.kalshi_ticker,
            polymarket_market_id=rejection.polymarket_market_id,
            polymarket_yes_token="",
            polymarket_no_token="",
            confidence=0.0,
            status=PairStatus.REJECTED,
            reasons=(f"REJECT: rejected in {where}" + (f": {rejection.reason}" if rejection.reason else ""),),
            decided_by=rejection.decided_by,
            category=kalshi_market.category or market.category,
        ))
    return PairsFileDecisions(tuple(pairs), tuple(issues), tuple(pins))


def _unknown(where: str, tickers: Sequence[str], polymarket_id: str, kalshi_by_ticker: Mapping[str, Market],
             polymarket_by_id: Mapping[str, Market]) -> list[str]:
    issues = [f"{where}: Kalshi market {t} is not in the catalog; entry skipped"
              for t in tickers if t not in kalshi_by_ticker]
    if polymarket_id not in polymarket_by_id:
        issues.append(f"{where}: Polymarket market {polymarket_id} is not in the catalog; entry skipped")
    return issues


def _pinned_pair(pin: PinnedPair, kalshi_by_ticker: Mapping[str, Market], polymarket_by_id: Mapping[str, Market],
                 issues: list[str], source: str) -> MatchedPair | None:
    where = pin.origin or f"{source} {pin.entry}"
    missing = _unknown(where, pin.kalshi_tickers, pin.polymarket_market_id, kalshi_by_ticker, polymarket_by_id)
    if missing:
        issues.extend(missing)
        return None
    market = polymarket_by_id[pin.polymarket_market_id]
    if len(market.outcomes) != 2 or not all(o.token_id for o in market.outcomes):
        with_tokens = sum(1 for o in market.outcomes if o.token_id)
        issues.append(f"{where}: Polymarket market {market.market_id} has {len(market.outcomes)} outcomes, {with_tokens} "
                      "with a token id; a pair needs exactly two with token ids; entry skipped")
        return None
    named = _named_outcome(pin, market)
    if named is None:
        names = "/".join(o.name for o in market.outcomes)
        if pin.pays_on_kalshi_yes is not None:
            issues.append(f"{where} field 'pays_on_kalshi_yes': {pin.pays_on_kalshi_yes!r} is neither an outcome "
                          f"({names}) nor a token of Polymarket market {market.market_id}; entry skipped")
        else:
            issues.append(f"{where}: Polymarket market {market.market_id} has no 'Yes' outcome ({names}); name the "
                          "outcome that pays on Kalshi YES with 'pays_on_kalshi_yes'; entry skipped")
        return None
    other = next(o for o in market.outcomes if o is not named)
    yes, no = (other, named) if pin.transform is PairTransform.INVERSE else (named, other)
    legs = " + ".join(pin.kalshi_tickers)
    reasons = [f"pinned in {where}: {pin.transform} ({legs}); Polymarket '{yes.name}' pays on Kalshi YES"]
    if pin.force:
        reasons.append(f"force: true in {where}")
    if pin.note:
        reasons.append(f"note: {pin.note}")
    first = kalshi_by_ticker[pin.kalshi_tickers[0]]
    assert yes.token_id is not None and no.token_id is not None
    return MatchedPair(
        kalshi_ticker=pin.kalshi_tickers[0],
        polymarket_market_id=market.market_id,
        polymarket_yes_token=yes.token_id,
        polymarket_no_token=no.token_id,
        confidence=1.0,
        status=PairStatus.APPROVED,
        reasons=tuple(reasons),
        transform=pin.transform,
        kalshi_tickers=pin.kalshi_tickers if pin.transform is PairTransform.SUM else (),
        decided_by=pin.decided_by,
        category=first.category or market.category,
    )


def _named_outcome(pin: PinnedPair, market: Market) -> Outcome | None:
    wanted = pin.pays_on_kalshi_yes
    if wanted is None:
        return next((o for o in market.outcomes if o.name.strip().lower() == "yes"), None)
    for outcome in market.outcomes:
        if outcome.token_id == wanted or outcome.name.strip().lower() == wanted.strip().lower():
            return outcome
    return None


def contradict_pin(pair: MatchedPair, pin: PinnedPair, proof: str, source: str) -> tuple[MatchedPair, str]:
    """A pin the matcher proves wrong: kept out of trading (status review, the proof in its
    reasons) unless the pin says ``force: true``, which approves it and records that it was
    forced. Returns the pair as it stands and the pairs-file issue that says so."""
    where = f"{source} {pin.entry}"
    if pin.force:
        forced = replace(pair, reasons=(*pair.reasons, f"FORCED: the matcher contradicts this pin: {proof}"))
        return forced, f"{where}: the matcher contradicts this pin ({proof}); approved because the pin says force: true"
    held = replace(
        pair,
        status=PairStatus.REVIEW,
        confidence=0.0,
        reasons=(*pair.reasons, f"CONTRADICTED: {proof}; kept in review until the pin is confirmed with force: true"),
    )
    return held, (f"{where}: the matcher contradicts this pin ({proof}); the pair stays in review, out of "
                  "opportunities, until the pin is confirmed with force: true")
