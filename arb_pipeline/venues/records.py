"""Venue records read one by one, and merged by key without guessing.

A page of 300 markets with one malformed market must cost only that market, never the page
(issue 6: one bad market once dropped all 309 of its page, and every opportunity with them).
:func:`parse_records` parses a JSON array item by item and lists each item it skipped: where it
came from, its index, its id when readable, and what was wrong.

The same series, market or book can arrive more than once: on two pages, in two files, or in the
market listing and again nested in its event. :class:`KeyedRecords` keeps one copy when the copies
agree on the terms that decide money and settlement, and leaves the key out, reported, when they
disagree. Taking the last copy would be a silent choice between, say, two fee multipliers: a
duplicate series with ``fee_multiplier: 0`` once raised a scan's profit by 65%. Other fields
(titles, categories, display prices, top-of-book hints) may differ between copies fetched moments
apart and do not make a conflict; the caller says which copy to keep. A key with a malformed copy
is left out too: what the unreadable copy said cannot be compared, so the readable one is not
known to agree with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, Series
from arb_pipeline.venues.wire import WireFormatError, json_array

log = logging.getLogger(__name__)

T = TypeVar("T")

# What one malformed record can raise while being parsed. WireFormatError is a ValueError;
# TypeError and ArithmeticError come from values of an unexpected type reaching a conversion.
RECORD_ERRORS = (ValueError, TypeError, ArithmeticError)


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """One record that was skipped or left out, and why.

    ``where`` is the page, file or response it came from; ``index`` its position in that page's
    array (None for a conflict between copies); ``record_id`` its ticker or id when it could be
    read; ``problem`` the full message, naming the place and the field."""

    where: str
    index: int | None
    record_id: str | None
    problem: str
    kind: str = "record"  # "market", "event", "series", "book", ...: which ids ``record_id`` is among

    def __str__(self) -> str:
        return self.problem


def record_id(item: Any, keys: Sequence[str]) -> str | None:
    """The first of ``keys`` that holds a usable id in a raw record, if any."""
    if not isinstance(item, dict):
        return None
    for key in keys:
        value = item.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return None


def parse_records(
    items: Any,
    where: str,
    parse: Callable[[Any, str], T],
    problems: list[RecordProblem] | None,
    *,
    kind: str = "record",
    id_keys: Sequence[str] = ("id",),
) -> list[T]:
    """``parse(item, f"{where}[index]")`` for every item of the JSON array ``items``.

    With a ``problems`` list, an item that fails is appended there, logged and skipped, and the
    rest are still parsed. With None, the first failure raises (for callers that need every record
    or none). ``items`` that is not an array raises either way: that is a broken page, not a
    broken record."""
    json_array(items, where)
    parsed: list[T] = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if problems is None:
            parsed.append(parse(item, at))
            continue
        try:
            parsed.append(parse(item, at))
        except RECORD_ERRORS as exc:
            message = str(exc) if isinstance(exc, WireFormatError) else f"{at}: {type(exc).__name__}: {exc}"
            problems.append(RecordProblem(where, index, record_id(item, id_keys), message, kind))
            log.warning("skipped a malformed record: %s", message)
    return parsed


def scratch(problems: list[RecordProblem] | None) -> list[RecordProblem] | None:
    """A fresh problems list for one read when the caller collects problems (None when it wants
    a failure to raise), so the read's malformed ids are not mixed with the caller's others."""
    return None if problems is None else []


def malformed_ids(problems: Iterable[RecordProblem], kind: str) -> dict[str, str]:
    """The ids of the malformed records of ``kind`` whose id could be read, with where each was."""
    return {
        p.record_id: f"{p.where}[{p.index}]"
        for p in problems
        if p.kind == kind and p.record_id is not None and p.index is not None
    }


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return repr(value.value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class KeyedRecords(Generic[T]):
    """Records by key from several sources. A key whose copies disagree on ``terms`` is a
    conflict: it is left out of :meth:`records` for good (a later agreeing copy does not bring it
    back) and reported once, naming both sources and every differing term. With ``problems``
    None, a conflict raises WireFormatError instead."""

    def __init__(
        self,
        what: str,
        key: Callable[[T], str],
        terms: Callable[[T], Mapping[str, Any]],
        problems: list[RecordProblem] | None,
    ) -> None:
        self.what = what
        self._key = key
        self._terms = terms
        self._problems = problems
        self._held: dict[str, tuple[T, str]] = {}
        self._conflicts: set[str] = set()
        # Keys left out because a copy was malformed, with the reason, until a readable copy is
        # reported as left out too (once).
        self._excluded: dict[str, str] = {}

    def exclude(self, key: str, reason: str) -> None:
        """Leave ``key`` out whatever copies come: one of its copies could not be read, so the
        others are not known to agree with it. A readable copy is reported once, with ``reason``."""
        self._conflicts.add(key)
        held = self._held.pop(key, None)
        if held is None:
            self._excluded[key] = reason
        else:
            self._report(held[1], key, f"{self.what} {key} left out: {reason}")

    def exclude_malformed(self, malformed: Mapping[str, str]) -> None:
        """:meth:`exclude` every key of ``malformed`` (id -> where a copy failed to parse)."""
        for key, where in malformed.items():
            self.exclude(key, f"its copy in {where} is malformed, so this one is not known to agree with it")

    def _report(self, source: str, key: str, message: str) -> None:
        if self._problems is None:
            raise WireFormatError(source, message)
        self._problems.append(RecordProblem(source, None, key, message, self.what))
        log.warning("left out: %s", message)

    def add(self, record: T, source: str, *, replace: bool = False) -> None:
        """Take ``record`` from ``source`` (a file or page). ``replace``: a copy that agrees with
        the one held replaces it (the caller's richer view, e.g. a market nested in its event)."""
        key = self._key(record)
        if key in self._conflicts:
            reason = self._excluded.pop(key, None)
            if reason is not None:
                self._report(source, key, f"{self.what} {key} left out: {reason}")
            return
        held = self._held.get(key)
        if held is None:
            self._held[key] = (record, source)
            return
        first, first_source = held
        first_terms, terms = self._terms(first), self._terms(record)
        differing = [name for name, value in terms.items() if first_terms.get(name) != value]
        if not differing:
            if replace:
                self._held[key] = (record, source)
            return
        del self._held[key]
        self._conflicts.add(key)
        details = "; ".join(
            f"{name} {_shown(first_terms.get(name))} in {first_source} but {_shown(terms[name])} in {source}"
            for name in differing
        )
        self._report(source, key, f"{self.what} {key} appears twice with different terms ({details}): left out, neither copy is used")

    def records(self) -> dict[str, T]:
        return {key: record for key, (record, _) in self._held.items()}

    def settle(self, found: list[RecordProblem] | None, problems: list[RecordProblem] | None, kind: str) -> dict[str, T]:
        """The records once every copy is in, for a read that collected its own problems in
        ``found`` (see :func:`scratch`): keys with a malformed copy of ``kind`` there are left
        out, and ``found`` is handed on to the caller's ``problems``."""
        if found is not None and problems is not None:
            self.exclude_malformed(malformed_ids(found, kind))
            problems.extend(found)
        return self.records()

    @property
    def conflicts(self) -> frozenset[str]:
        return frozenset(self._conflicts)


def merge_copies(
    what: str,
    key: Callable[[T], str],
    terms: Callable[[T], Mapping[str, Any]],
    copies: Iterable[tuple[T, str]],
    found: list[RecordProblem] | None,
    problems: list[RecordProblem] | None,
    kind: str,
) -> dict[str, T]:
    """Records by key from (record, source) copies, for one read that collects its own problems
    in ``found`` (see :func:`scratch`) while ``copies`` is consumed: a key whose copies disagree
    on ``terms``, or one with a malformed copy of ``kind`` in ``found``, is left out, and
    ``found`` is handed on to ``problems`` (with None, either raises)."""
    merged = KeyedRecords(what, key, terms, found)
    for record, source in copies:
        merged.add(record, source)
    return merged.settle(found, problems, kind)


def merge_catalog(
    listed: Iterable[tuple[Market, str]],
    from_events: Iterable[tuple[Market, str]],
    problems: list[RecordProblem] | None,
    malformed: Mapping[str, str] | None = None,
    *,
    keep: Callable[[Market], bool] | None = None,
) -> dict[str, Market]:
    """Markets by id from (market, where it came from) pairs: the market listing, with each market
    that also came nested in an event replaced by that version, because only the event carries its
    title and category (Kalshi ``/markets`` has neither). Copies that disagree on the market's
    terms (status, times, strike, outcome tokens, rules, fee, result; see ``market_terms``) are a
    conflict: the market is left out and listed in ``problems`` (with None, a conflict raises).
    So is a market in ``malformed`` (id -> where a copy failed to parse). A market ``keep``
    refuses is dropped unlisted (Kalshi's parlays: they have no counterpart)."""
    merged = KeyedRecords("market", lambda m: m.market_id, market_terms, problems)
    merged.exclude_malformed(malformed or {})
    for market, source in listed:
        if keep is None or keep(market):
            merged.add(market, source)
    for market, source in from_events:
        if keep is None or keep(market):
            merged.add(market, source, replace=True)
    return merged.records()


# --- the terms that decide money and settlement ---------------------------------------------


def series_terms(series: Series) -> dict[str, Any]:
    """A Kalshi series decides every fee of its markets."""
    return {"fee_type": series.fee.fee_type, "fee_multiplier": series.fee.multiplier}


def market_terms(market: Market) -> dict[str, Any]:
    """What a trade on the market pays and when: tradability, times, strike, which outcome each
    token pays on, the rules that settle it, its fee schedule and any result. Display prices are
    left out on purpose: the listing and the events are fetched moments apart and prices move."""
    return {
        "status": market.status,
        "close_time": market.close_time,
        "expiration_time": market.expiration_time,
        "strike": market.strike,
        "outcomes": tuple((outcome.name, outcome.token_id) for outcome in market.outcomes),
        "rules": market.rules,
        "fee": market.fee,
        "result": market.result,
    }


def kalshi_book_terms(book: KalshiOrderBook) -> dict[str, Any]:
    return {"yes_bids": book.yes_bids, "no_bids": book.no_bids}


def token_book_terms(book: OrderBook) -> dict[str, Any]:
    return {"bids": book.bids, "asks": book.asks}
