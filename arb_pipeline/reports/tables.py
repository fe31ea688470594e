"""Tables and charts built from domain objects, as text cells ready for any output: Markdown
in Dagster metadata (:mod:`arb_pipeline.reports.markdown`), HTML in the reports. Every value is
formatted by :mod:`arb_pipeline.reports.values`; ordering and limits are decided here, once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from arb_pipeline.domain.matching.review import QueuedPair, age
from arb_pipeline.domain.models import MatchedPair, Spread
from arb_pipeline.reports import values

#: Gross edges beyond this many cents either way share one end bucket.
EDGE_CLAMP_CENTS = 10
_REASONS_WIDTH = 160


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    numeric: bool = False  # right-aligned


@dataclass(frozen=True, slots=True)
class Table:
    """``rows`` of text cells under ``columns``; ``caption`` says what is shown (and what was
    left out), ``empty`` what to show instead of a table without rows."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str
    empty: str


@dataclass(frozen=True, slots=True)
class BarChart:
    """Counts by label, in display order: ``label`` names the labels' axis, ``value`` the counts'."""

    label: str
    value: str
    bars: tuple[tuple[str, int], ...]
    empty: str


def _shown(count: int, total: int, what: str, order: str) -> str:
    if count < total:
        return f"top {count} of {total} {what} by {order}"
    return f"{total} {what} by {order}"


def opportunity_table(spreads: Sequence[Spread], *, snapshot_id: str | None = None, limit: int = 20) -> Table:
    """The most profitable ``limit`` spreads, net profit first (ties in ticker order, so the same
    spreads always show the same table): what was bought on each venue, at what average prices,
    for what fees, cost and profit."""
    top = sorted(spreads, key=_by_net_profit)[:limit]
    columns = (
        Column("kind"), Column("Kalshi"), Column("side"), Column("Polymarket"), Column("contracts", True),
        Column("K avg", True), Column("P avg", True), Column("fees", True), Column("cost", True),
        Column("net profit", True), Column("days", True), Column("APY", True),
    )  # fmt: skip
    rows = tuple(
        (
            s.kind.value,
            s.kalshi_ticker or "",
            s.kalshi_side or "",
            s.polymarket_market_id or "",
            values.contracts(s.contracts),
            values.price(s.kalshi_avg_price) if s.kalshi_avg_price is not None else "",
            values.price(s.polymarket_avg_price) if s.polymarket_avg_price is not None else "",
            values.money(s.kalshi_fee + s.polymarket_fee),
            values.money(s.cost),
            values.money(s.net_profit),
            values.days(s.days_to_resolution) if s.days_to_resolution is not None else "n/a",
            values.percent(s.apy) if s.apy is not None else "n/a",
        )
        for s in top
    )
    caption = _shown(len(top), len(spreads), "opportunities", "net profit")
    if snapshot_id is not None:
        caption += f", snapshot {values.short_snapshot_id(snapshot_id)}"
    return Table(columns, rows, caption, empty="no opportunity cleared every threshold")


def _by_net_profit(s: Spread) -> tuple[Decimal, str, str, str, str]:
    return (-s.net_profit, s.kalshi_ticker or "", s.kalshi_side or "", s.polymarket_market_id or "", s.polymarket_token or "")


def pairs_table(pairs: Sequence[MatchedPair], *, what: str, limit: int = 20) -> Table:
    """The ``limit`` most confident of ``pairs`` (``what`` they are: "approved pairs", "pairs
    waiting for review"), with the token that pays on Kalshi YES and the matcher's reasons."""
    top = sorted(pairs, key=lambda p: (-p.confidence, p.kalshi_ticker, p.polymarket_market_id))[:limit]
    rows = tuple(
        (
            "+".join(pair.kalshi_legs),
            pair.polymarket_market_id,
            values.short_token(pair.polymarket_yes_token),
            f"{pair.confidence:.2f}",
            _cut("; ".join(pair.reasons), _REASONS_WIDTH),
        )
        for pair in top
    )
    columns = (Column("Kalshi"), Column("Polymarket"), Column("YES token"), Column("confidence", True), Column("reasons"))
    return Table(columns, rows, _shown(len(top), len(pairs), what, "confidence"), empty=f"no {what}")


def review_queue_table(queue: Sequence[QueuedPair], now: datetime, *, limit: int = 25) -> Table:
    """The review queue, the longest waiting first (as ``queue`` is ordered): what a person needs
    to decide each pair, both titles and the outcome the matcher says pays on Kalshi YES."""
    shown = queue[:limit]
    rows = tuple(
        (
            age(now - queued.in_review_since),
            f"{queued.pair.kalshi_ticker}: {_cut(queued.kalshi_title or '', 60)}",
            f"{queued.pair.polymarket_market_id}: {_cut(queued.polymarket_title or '', 60)}",
            _cut(queued.paying_outcome or "none proposed", 24),
            f"{queued.pair.confidence:.2f}",
            _cut("; ".join(queued.pair.reasons), 200),
        )
        for queued in shown
    )
    columns = (
        Column("waiting", True), Column("Kalshi"), Column("Polymarket"), Column("pays on Kalshi YES"),
        Column("confidence", True), Column("reasons"),
    )  # fmt: skip
    caption = _shown(len(shown), len(queue), "pairs waiting for review", "time waiting")
    if len(queue) > limit:
        caption += "; `arb-pipeline review` lists them all"
    return Table(columns, rows, caption, empty="no pair is waiting for review")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def edge_histogram(spreads: Sequence[Spread]) -> BarChart:
    """Where the evaluated spreads sit, in whole cents of gross edge at the top of book (floored;
    beyond ±10 ¢ in the end buckets): how close the market is to arbitrage. Every cent between
    the lowest and highest bucket is shown, empty ones too, so the shape is not distorted."""
    buckets: Counter[int] = Counter()
    for spread in spreads:
        if spread.top_gross_edge is not None:
            cents = int((spread.top_gross_edge * 100).to_integral_value(rounding=ROUND_FLOOR))
            buckets[max(-EDGE_CLAMP_CENTS, min(EDGE_CLAMP_CENTS, cents))] += 1
    span = range(min(buckets), max(buckets) + 1) if buckets else range(0)
    bars = tuple((_edge_label(cents), buckets.get(cents, 0)) for cents in span)
    return BarChart("gross edge (¢)", "spreads", bars, empty="no spread had quotes on both sides")


def _edge_label(cents: int) -> str:
    if cents == -EDGE_CLAMP_CENTS:
        return f"≤{cents}"
    if cents == EDGE_CLAMP_CENTS:
        return f"≥{cents}"
    return str(cents)
