"""``arb-pipeline report --date D``: the day's report from the dbt marts, printed for the terminal
and written as one HTML page with plots, next to a CSV of each mart's rows for the day.

The ``daily_report`` Dagster asset writes the same files and shows the same tables
(defs/reports/daily_report.py)."""

from __future__ import annotations

import contextlib
import csv
import io
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from arb_pipeline.config import HOME_ENV, data_dir
from arb_pipeline.reports import daily, html, plots, text
from arb_pipeline.warehouse import WAREHOUSE_SCHEMA_ENV, Warehouse
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
        "daily_pnl.csv": marts.pnl,
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


def build_day(instance: Any, day: date, dbt_log: Path) -> bool:
    """Run Dagster's ``reports_job`` for ``day`` in ``instance``, as the schedule would: the dbt
    marts with their tests, then ``daily_report``. dbt's own output (dagster-dbt writes it to
    standard output) goes to ``dbt_log``. True when every step succeeded."""
    from arb_pipeline.definitions import defs

    job = defs().resolve_job_def("reports_job")
    dbt_log.parent.mkdir(parents=True, exist_ok=True)
    with dbt_log.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        result = job.execute_in_process(
            instance=instance,
            partition_key=day.isoformat(),
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
    return result.success


def _assignments(env: Mapping[str, str]) -> str:
    return " ".join(f"{name}={shlex.quote(value)}" for name, value in env.items())


def where_to_look(day: date, html_path: Path, demo_env: Mapping[str, str], *, sandbox_seed: int) -> str:
    """The lines that end a demo: the report, the SQL, and the UI against the same sandbox world
    (the demo's own sandbox stopped with it; one started with the same seed serves that world),
    each command given ``demo_env``, the settings that point it at the demo's own warehouse
    schema, Dagster instance and reports."""
    # Edges in cents and dollars in cents, as people read them; the CSVs keep the exact values.
    query = (
        "select kind, kalshi_ticker, polymarket_market_id, round(best_net_edge * 100, 2) as best_edge_cents, "
        f"round(max_capacity_usd, 2) as max_capacity_usd from daily_arbitrage where arb_date = '{day.isoformat()}' "
        "order by best_net_edge desc"
    )
    # ARB_HOME, when the demo ran under one, holds the embedded warehouse the commands must reach.
    schema = _assignments({name: value for name, value in demo_env.items() if name in (HOME_ENV, WAREHOUSE_SCHEMA_ENV)})
    return "\n".join(
        [
            "where to look:",
            f"  report   {html_path}  (open it in a browser; CSVs beside it; again: {schema} .venv/bin/arb-pipeline report "
            f"--date {day.isoformat()} --out {shlex.quote(str(html_path.parent))})",
            f"  SQL      {schema} .venv/bin/arb-pipeline psql -- -c \"{query}\"",
            "  UI       the runs are recorded; to browse them and materialize against the same sandbox world:",
            f"             terminal 1: .venv/bin/arb-pipeline sandbox --seed {sandbox_seed}",
            "             terminal 2: paste the export lines it prints, then",
            f"                         {_assignments(demo_env)} .venv/bin/dagster dev -w workspace.yaml",
            "           (without those exports the UI's assets call the live venues; without the settings before",
            "           `dagster dev`, it shows another instance and writes another schema)",
        ]
    )
