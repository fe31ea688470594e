"""The daily report: one UTC day of the dbt marts as people read it, the same in the terminal
(``arb-pipeline report``), the HTML page and the ``daily_report`` asset's metadata.

Built from the marts' rows (:class:`arb_pipeline.warehouse.marts.DayMarts`): every figure is one
the marts computed, only summed, counted or picked here, and shown through :mod:`.values`
(dollars and cents, cents per contract, percentages, durations)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from arb_pipeline.reports import values
from arb_pipeline.reports.tables import BarChart, Column, Table

if TYPE_CHECKING:
    from arb_pipeline.warehouse.marts import DayMarts

Row = Mapping[str, Any]

#: Opportunities listed by name; the CSV holds them all.
TOP_OPPORTUNITIES = 20


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table of the report, and the name of the CSV file holding its mart's rows."""

    title: str
    table: Table
    csv_name: str


@dataclass(frozen=True, slots=True)
class DailyReport:
    day: date
    #: (what, value) lines: the day at a glance.
    summary: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    #: Opportunity snapshots per UTC hour: the day's shape, as a bar chart Markdown can show.
    by_hour: BarChart


def _legs_kalshi(row: Row) -> str:
    ticker = row["kalshi_ticker"]
    if ticker is None:
        return ""
    return f"{ticker} {row['kalshi_side']}" if row["kalshi_side"] else f"{ticker} yes + no"


def _legs_polymarket(row: Row) -> str:
    market = row["polymarket_market_id"]
    if market is None:
        return ""
    return f"{market} {values.short_token(row['polymarket_token'])}" if row["polymarket_token"] else f"{market} every token"


def _opt(value: Any, show: Any) -> str:
    return "" if value is None else show(value)


def opportunities_table(rows: Sequence[Row]) -> Table:
    top = rows[:TOP_OPPORTUNITIES]
    columns = (
        Column("kind"), Column("Kalshi leg"), Column("Polymarket leg"), Column("category"), Column("episodes", True),
        Column("best edge", True), Column("avg edge", True), Column("best net profit", True),
        Column("max capacity", True), Column("APY median", True), Column("longest lived", True),
    )  # fmt: skip
    shown = tuple(
        (
            row["kind"], _legs_kalshi(row), _legs_polymarket(row), row["category"], str(row["opportunities_seen"]),
            values.cents(row["best_net_edge"]), values.cents(row["avg_net_edge"]), values.money(row["best_net_profit_usd"]),
            values.money(row["max_capacity_usd"]), _opt(row["apy_median"], values.percent),
            values.duration(row["longest_lifetime_seconds"]) + (" (stream)" if row["lifetime_source"] == "stream" else ""),
        )
        for row in top
    )  # fmt: skip
    caption = (
        f"top {len(top)} of {len(rows)} opportunities" if len(top) < len(rows) else f"{len(rows)} opportunities"
    ) + " by best net profit; edges are cents per contract after fees"
    return Table(columns, shown, caption, empty="no opportunity was published this day")


def categories_table(rows: Sequence[Row]) -> Table:
    columns = (
        Column("category"), Column("kind"), Column("opportunities", True), Column("pairs", True), Column("episodes", True),
        Column("best edge", True), Column("avg edge", True), Column("best net profit", True),
        Column("peak capacity", True), Column("APY median", True), Column("median lifetime", True),
    )  # fmt: skip
    shown = tuple(
        (
            row["category"], row["kind"], str(row["opportunities"]), str(row["pairs"]), str(row["opportunities_seen"]),
            values.cents(row["best_net_edge"]), values.cents(row["avg_net_edge"]), values.money(row["best_net_profit_usd"]),
            values.money(row["peak_capacity_usd"]), _opt(row["apy_median"], values.percent),
            values.duration(row["median_lifetime_seconds"]),
        )
        for row in rows
    )  # fmt: skip
    return Table(columns, shown, f"{len(rows)} categories and kinds by peak capacity", empty="no opportunity this day")


def venue_health_table(rows: Sequence[Row]) -> Table:
    columns = (
        Column("venue"), Column("covered", True), Column("longest silence", True), Column("messages", True),
        Column("msg/s", True), Column("decode errors", True), Column("gaps", True), Column("reconnects", True),
        Column("resyncs", True), Column("max staleness", True), Column("ticks", True), Column("latency p50", True),
        Column("latency p95", True),
    )  # fmt: skip
    shown = tuple(
        (
            row["venue"], values.duration(row["covered_seconds"]), values.duration(row["longest_silence_seconds"]),
            f"{row['messages']:,}", _opt(row["messages_per_second"], lambda v: f"{v:,.1f}"), str(row["decode_errors"]),
            str(row["gaps"]), str(row["reconnects"]), str(row["resyncs"]), _opt(row["max_staleness_s"], lambda v: f"{v:,.1f} s"),
            f"{row['book_ticks']:,}", _opt(row["latency_p50_ms"], lambda v: f"{v:,.0f} ms"),
            _opt(row["latency_p95_ms"], lambda v: f"{v:,.0f} ms"),
        )
        for row in rows
    )  # fmt: skip
    return Table(columns, shown, "the streamer's feed per venue", empty="the streamer recorded nothing this day")


def pnl_table(rows: Sequence[Row]) -> Table:
    columns = (
        Column("signal"), Column("pair"), Column("venue"), Column("realized", True), Column("unrealized", True),
        Column("fees", True), Column("fills", True), Column("volume", True), Column("settled", True),
        Column("realized to date", True),
    )  # fmt: skip
    shown = tuple(
        (
            row["signal_kind"], row["pair_key"], row["venue"], values.money(row["realized"]),
            values.money(row["unrealized"]) if row["marked"] else "not marked", values.money(row["fees"]),
            str(row["fills"]), values.money(row["volume_usd"]), str(row["settlements"]),
            values.money(row["cumulative_realized"]),
        )
        for row in rows
    )  # fmt: skip
    return Table(columns, shown, "paper-trading PnL per pair and venue, each pair's legs together (a pair's PnL is "
                 "the sum of its legs); arbitrage and sportsbook value apart",
                 empty="no paper trade, fill or settlement this day")


def match_quality_table(rows: Sequence[Row]) -> Table:
    columns = (
        Column("status"), Column("confidence"), Column("pairs", True), Column("pinned", True),
        Column("markets open", True), Column("oldest decision", True),
    )  # fmt: skip
    shown = tuple(
        (
            row["status"], row["confidence_band"], str(row["pairs"]), str(row["pinned_by_pairs_file"]),
            str(row["with_open_markets"]), values.duration(row["max_age_hours"] * 3600) + " ago",
        )
        for row in rows
    )  # fmt: skip
    # The ages are the mart's, measured when dbt built it: the caption says when, as a report is
    # often read long after.
    built = f" as of {rows[0]['as_of'].astimezone(UTC):%Y-%m-%d %H:%M} UTC" if rows else ""
    return Table(columns, shown, f"matched pairs{built}, by status and confidence; ages as of then",
                 empty="no matched pair yet")


def _sum(rows: Iterable[Row], name: str) -> Decimal:
    return sum((Decimal(row[name]) for row in rows), Decimal(0))


def pnl_summary(pnl: Sequence[Row], history: Sequence[Row]) -> list[tuple[str, str]]:
    """One line per signal kind traded: the day's PnL and realized PnL to date. Kinds are never
    added together (a $1 set and a one-legged bet are different risks)."""
    lines = []
    for kind in sorted({row["signal_kind"] for row in pnl} | {row["signal_kind"] for row in history}):
        day = [row for row in pnl if row["signal_kind"] == kind]
        to_date = _sum((row for row in history if row["signal_kind"] == kind), "realized")
        unrealized = values.money(_sum(day, "unrealized")) if all(row["marked"] for row in day) else "not marked"
        lines.append(
            (f"{kind} PnL", f"realized {values.money(_sum(day, 'realized'))}, unrealized {unrealized}, "
             f"fees {values.money(_sum(day, 'fees'))}; realized to date {values.money(to_date)}")
        )  # fmt: skip
    return lines


def summary(
    opportunities: Sequence[Row], episodes: Sequence[Row], venue_health: Sequence[Row], match_quality: Sequence[Row]
) -> tuple[tuple[str, str], ...]:
    sources = Counter(row["lifetime_source"] for row in episodes)
    lines = [
        ("opportunities", f"{len(opportunities)} ({sum(1 for r in opportunities if r['kind'] == 'cross_venue')} cross-venue)"),
        ("episodes", f"{int(_sum(opportunities, 'opportunities_seen'))} in {int(_sum(opportunities, 'opportunity_snapshots'))} opportunity snapshots"),
    ]  # fmt: skip
    if opportunities:
        lines += [
            ("best net profit, one snapshot", values.money(max(row["best_net_profit_usd"] for row in opportunities))),
            ("best net edge", values.cents(max(row["best_net_edge"] for row in opportunities)) + " per contract"),
            ("peak capacity", values.money(_sum(opportunities, "max_capacity_usd")) + " (each opportunity at its largest)"),
        ]
    if episodes:
        lines.append(
            ("longest lived", values.duration(max(row["lifetime_seconds"] for row in episodes))
             + f" (lifetimes: {sources['stream']} episodes from the streamer, {sources['snapshots']} from snapshots)")
        )  # fmt: skip
    for row in venue_health:
        lines.append(
            (f"{row['venue']} feed", f"{row['messages']:,} messages, {row['gaps']} gaps, {row['reconnects']} reconnects, "
             f"longest silence {values.duration(row['longest_silence_seconds'])}")
        )  # fmt: skip
    review = [row for row in match_quality if row["status"] == "review"]
    approved = int(_sum((row for row in match_quality if row["status"] == "approved"), "pairs"))
    lines.append(("pairs", f"{approved} approved, {int(_sum(review, 'pairs'))} waiting for review"))
    return tuple(lines)


def hourly_chart(edges: Sequence[Row]) -> BarChart:
    hours = Counter(row["evaluated_at"].astimezone(UTC).hour for row in edges)
    bars = tuple((f"{hour:02d}:00", hours.get(hour, 0)) for hour in range(min(hours), max(hours) + 1)) if hours else ()
    return BarChart("hour (UTC)", "opportunity snapshots", bars, empty="no opportunity was published this day")


def build(marts: DayMarts) -> DailyReport:
    """The report of one day's marts."""
    return DailyReport(
        day=marts.day,
        summary=summary(marts.opportunities, marts.episodes, marts.venue_health, marts.match_quality)
        + tuple(pnl_summary(marts.pnl, marts.pnl_history)),
        sections=(
            Section("Opportunities", opportunities_table(marts.opportunities), "daily_arbitrage.csv"),
            Section("By category", categories_table(marts.categories), "daily_arbitrage_by_category.csv"),
            Section("Venue health", venue_health_table(marts.venue_health), "venue_health.csv"),
            Section("Match quality", match_quality_table(marts.match_quality), "match_quality.csv"),
            Section("PnL", pnl_table(marts.pnl), "daily_pnl.csv"),
        ),
        by_hour=hourly_chart(marts.edges),
    )
