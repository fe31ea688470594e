"""The daily report's plots (plotly): net edge over time, opportunities by category and by pair,
how long opportunities lived, and cumulative PnL once paper trading has any.

Plotly draws from floats, so a point's position is a float of the exact value; every number a
person reads (hover text, axis titles) is the exact value formatted by :mod:`.values`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from arb_pipeline.reports import values

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from arb_pipeline.warehouse.marts import DayMarts

Row = Mapping[str, Any]

#: Pairs shown by name in the by-pair plot; the CSV holds them all.
TOP_PAIRS = 15
_LAYOUT = {"template": "plotly_white", "height": 380, "margin": {"l": 60, "r": 20, "t": 50, "b": 50}}


def _leg_label(row: Row) -> str:
    if row["kind"] == "cross_venue":
        return f"{row['kalshi_ticker']} {row['kalshi_side']} + {row['polymarket_market_id']}"
    if row["kind"] == "kalshi_yes_no":
        return f"{row['kalshi_ticker']} yes + no"
    return f"{row['polymarket_market_id']} every token"


def _grouped(rows: Sequence[Row], column: str) -> list[tuple[str, list[Row]]]:
    """The rows by their value of ``column`` (one trace each), in the order of that value."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[column]].append(row)
    return sorted(groups.items())


def net_edge_over_time(edges: Sequence[Row]) -> go.Figure:
    """Every published opportunity of the day: when, its net edge per contract, by kind."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for kind, rows in _grouped(edges, "kind"):
        figure.add_trace(
            go.Scatter(
                x=[row["evaluated_at"] for row in rows],
                y=[float(row["edge_per_contract"] * 100) for row in rows],
                mode="markers",
                name=kind,
                hovertext=[
                    f"{_leg_label(row)}<br>edge {values.cents(row['edge_per_contract'])}, net {values.money(row['net_profit'])} "
                    f"on {values.contracts(row['contracts'])} sets for {values.money(row['cost'])}"
                    for row in rows
                ],
                hoverinfo="text+x",
            )
        )
    figure.update_layout(title="Net edge over time", xaxis_title="evaluated (UTC)", yaxis_title="net edge (¢ per contract)", **_LAYOUT)
    return figure


def opportunities_by_category(categories: Sequence[Row]) -> go.Figure:
    import plotly.graph_objects as go

    figure = go.Figure()
    by_kind: dict[str, dict[str, int]] = defaultdict(dict)
    for row in categories:
        by_kind[row["kind"]][row["category"]] = row["opportunities"]
    names = sorted({row["category"] for row in categories})
    for kind, counts in sorted(by_kind.items()):
        figure.add_trace(go.Bar(x=names, y=[counts.get(name, 0) for name in names], name=kind))
    figure.update_layout(title="Opportunities by category", barmode="stack", yaxis_title="opportunities", **_LAYOUT)
    return figure


def episodes_by_pair(opportunities: Sequence[Row]) -> go.Figure:
    """The pairs (and intra-venue sets) with the most episodes that day."""
    import plotly.graph_objects as go

    counts: Counter[str] = Counter()
    for row in opportunities:
        counts[_leg_label(row)] += row["opportunities_seen"]
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_PAIRS]
    figure = go.Figure(go.Bar(x=[count for _, count in reversed(top)], y=[label for label, _ in reversed(top)], orientation="h"))
    title = f"Episodes by pair (top {len(top)} of {len(counts)})" if len(top) < len(counts) else "Episodes by pair"
    figure.update_layout(title=title, xaxis_title="episodes", **{**_LAYOUT, "margin": {**_LAYOUT["margin"], "l": 260}})
    return figure


def lifetimes(episodes: Sequence[Row]) -> go.Figure:
    """How long episodes lived, by where the lifetime comes from (streamer events are exact,
    snapshot runs a lower bound)."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for source in ("stream", "snapshots"):
        rows = [row for row in episodes if row["lifetime_source"] == source]
        if rows:
            figure.add_trace(
                go.Histogram(
                    x=[float(row["lifetime_seconds"]) for row in rows],
                    name=f"{source} ({len(rows)})",
                    hovertext=[values.duration(row["lifetime_seconds"]) for row in rows],
                )
            )
    figure.update_layout(
        title="Opportunity lifetimes", barmode="overlay", xaxis_title="lifetime (seconds)", yaxis_title="episodes", **_LAYOUT
    )
    figure.update_traces(opacity=0.75)
    return figure


def cumulative_pnl(history: Sequence[Row]) -> go.Figure:
    """Realized PnL added up day by day, one line per signal kind (never summed together)."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for kind, rows in _grouped(history, "signal_kind"):
        running, points = Decimal(0), []
        for row in rows:
            running += row["realized"]
            points.append(running)
        figure.add_trace(
            go.Scatter(
                x=[row["arb_date"] for row in rows], y=[float(point) for point in points], mode="lines+markers", name=kind,
                hovertext=[f"{values.money(point)} to date ({values.money(row['realized'])} that day)" for point, row in zip(points, rows, strict=True)],
                hoverinfo="text+x",
            )
        )  # fmt: skip
    figure.update_layout(title="Cumulative realized PnL", xaxis_title="day (UTC)", yaxis_title="dollars", **_LAYOUT)
    # The axis ticks are plotly's own numbers: "$" and cents make them read as money.
    figure.update_yaxes(tickprefix="$", tickformat=",.2f")
    return figure


def figures(marts: DayMarts) -> list[go.Figure]:
    """The report's plots, in page order; a plot with nothing to draw is left out."""
    shown = []
    if marts.edges:
        shown.append(net_edge_over_time(marts.edges))
    if marts.categories:
        shown.append(opportunities_by_category(marts.categories))
    if marts.opportunities:
        shown.append(episodes_by_pair(marts.opportunities))
    if marts.episodes:
        shown.append(lifetimes(marts.episodes))
    if marts.pnl_history:
        shown.append(cumulative_pnl(marts.pnl_history))
    return shown
