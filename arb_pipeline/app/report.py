"""``arb-pipeline report --date D``: the day's report from the dbt marts, printed for the terminal
and written as one HTML page with plots, next to a CSV of each mart's rows for the day.

The ``daily_report`` Dagster asset writes the same files and shows the same tables
(defs/reports/daily_report.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from arb_pipeline.config import data_dir
from arb_pipeline.reports import daily, html, plots, text
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.marts import DayMarts, load_day

HTML_NAME = "report.html"


@dataclass(frozen=True, slots=True)
class WrittenReport:
    report: daily.DailyReport
    marts: DayMarts
    html: Path
    csvs: tuple[Path, ...]


def default_out(day: date) -> Path:
    """Where a day's report goes unless told: ``$ARB_HOME/reports/<day>``."""
    return data_dir() / "reports" / day.isoformat()


def _cell(value: Any) -> str:
    # Exact values: a Decimal as its own digits, a time in ISO 8601 with its offset.
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows as CSV, a header of their columns first; an empty text for no rows."""
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(rows[0]))
    writer.writerows([_cell(value) for value in row.values()] for row in rows)
    return out.getvalue()


def _csv_rows(marts: DayMarts) -> dict[str, Sequence[Mapping[str, Any]]]:
    return {
        "daily_arbitrage.csv": marts.opportunities,
        "daily_arbitrage_by_category.csv": marts.categories,
        "venue_health.csv": marts.venue_health,
        "match_quality.csv": marts.match_quality,
        "opportunity_episodes.csv": marts.episodes,
        "opportunities.csv": marts.edges,
    }


def write_report(store: Warehouse, day: date, out: Path) -> WrittenReport:
    """Read ``day`` from the marts and write ``out``/report.html and a CSV per mart. Rewriting a
    day replaces its files."""
    with store.engine.connect() as connection:
        marts = load_day(connection, store.schema, day)
    report = daily.build(marts)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in _csv_rows(marts).items():
        path = out / name
        path.write_text(csv_text(rows), encoding="utf-8")
        written.append(path)
    page = out / HTML_NAME
    page.write_text(html.page(report, plots.figures(marts)), encoding="utf-8")
    return WrittenReport(report, marts, page, tuple(written))


def report_text(report: daily.DailyReport) -> str:
    """The report for a terminal: the summary, then every table."""
    width = max(len(what) for what, _ in report.summary)
    lines = [f"Arbitrage report for {report.day.isoformat()} (UTC)", ""]
    lines += [f"  {what.ljust(width)}  {value}" for what, value in report.summary]
    for section in report.sections:
        lines += ["", section.title, text.table(section.table)]
    return "\n".join(lines) + "\n"
