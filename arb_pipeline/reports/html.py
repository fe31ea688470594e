"""The daily report as one self-contained HTML page: plotly's JavaScript is inlined once, so the
page opens offline, from a mail or an archive, with nothing to fetch."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from arb_pipeline.reports.daily import DailyReport
from arb_pipeline.reports.tables import Table

if TYPE_CHECKING:
    import plotly.graph_objects as go

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1200px; color: #1f2328; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1.5rem; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eaeef2; text-align: left; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; color: #57606a; padding-bottom: .25rem; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; }
"""


_NUMERIC = ' class="n"'


def _table(shown: Table) -> str:
    if not shown.rows:
        return f"<p>{escape(shown.empty)}</p>"

    def cell(tag: str, text: str, numeric: bool) -> str:
        attributes = _NUMERIC if numeric else ""
        return f"<{tag}{attributes}>{escape(text)}</{tag}>"

    head = "".join(cell("th", column.name, column.numeric) for column in shown.columns)
    body = "".join(
        "<tr>" + "".join(cell("td", text, column.numeric) for text, column in zip(row, shown.columns, strict=True)) + "</tr>"
        for row in shown.rows
    )
    return f"<table><caption>{escape(shown.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(report: DailyReport, figures: Sequence[go.Figure]) -> str:
    """The whole page: summary, plots, then each table with a link to its CSV."""
    import plotly.offline

    day = report.day.isoformat()
    summary = "".join(f"<dt>{escape(what)}</dt><dd>{escape(value)}</dd>" for what, value in report.summary)
    plots = "".join(
        f"<div>{figure.to_html(full_html=False, include_plotlyjs=False, div_id=f'plot-{n}')}</div>"
        for n, figure in enumerate(figures)
    )
    sections = "".join(
        f"<h2>{escape(section.title)}</h2>{_table(section.table)}"
        f"<p><a href=\"{escape(section.csv_name)}\">{escape(section.csv_name)}</a> (every row, exact values)</p>"
        for section in report.sections
    )
    return (
        "<!DOCTYPE html>\n"
        f"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Arbitrage report {day}</title>"
        f"<style>{_STYLE}</style><script type=\"text/javascript\">{plotly.offline.get_plotlyjs()}</script></head>"
        f"<body><h1>Arbitrage report for {day} (UTC)</h1><dl>{summary}</dl>"
        f"<h2>Plots</h2><div class=\"plots\">{plots or '<p>nothing to plot: no opportunity this day</p>'}</div>"
        f"{sections}</body></html>\n"
    )
