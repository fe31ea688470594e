"""``daily_report``: the day's report from the dbt marts, as ``arb-pipeline report`` makes it. The
HTML page and the CSVs go to ``$ARB_HOME/reports/<day>`` (``ARB_REPORTS_DIR`` instead when
set); the asset's metadata shows the summary, the tables in Markdown and the day's shape as a
bar chart, so the UI shows the report without opening a file."""

import os
from datetime import date
from pathlib import Path

import dagster as dg

from arb_pipeline.config import REPORTS_DIR_ENV
from arb_pipeline.defs.reports.partitions import DAILY_PARTITIONS
from arb_pipeline.defs.reports.schedules import REPORTS_GROUP
from arb_pipeline.defs.shared.resources import WarehouseResource

#: The marts the report reads: it runs after dbt has built them for the day.
MARTS = ("daily_arbitrage", "daily_arbitrage_by_category", "opportunity_episodes", "venue_health", "daily_pnl", "match_quality")


def reports_dir(day: date) -> Path:
    from arb_pipeline.app.report import default_out

    configured = os.environ.get(REPORTS_DIR_ENV)
    return Path(configured) / day.isoformat() if configured else default_out(day)


@dg.asset(
    name="daily_report",
    group_name=REPORTS_GROUP,
    partitions_def=DAILY_PARTITIONS,
    deps=[dg.AssetKey(name) for name in MARTS],
    kinds={"html"},
    description="The day's arbitrage report: summary, opportunities, categories, venue health, match quality and PnL "
    "(Markdown in the metadata), written as a self-contained HTML page with plots and CSVs.",
    # As the marts it reads: a backfill of many days is one run, writing each day's page.
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def daily_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from arb_pipeline.app.report import write_report
    from arb_pipeline.reports import markdown

    store = warehouse.get()
    days = [date.fromisoformat(key) for key in context.partition_keys]
    pages = [write_report(store, day, reports_dir(day)) for day in days]
    # One run may cover many days (a backfill); the metadata shows the last, the paths all.
    written = pages[-1]
    report = written.report
    metadata: dict[str, dg.RawMetadataValue] = {
        "summary": dg.MetadataValue.md("\n".join(f"- **{what}**: {value}" for what, value in report.summary)),
        "opportunity_snapshots_by_hour": dg.MetadataValue.md(markdown.bar_chart(report.by_hour)),
        **{
            section.title.lower().replace(" ", "_"): dg.MetadataValue.md(markdown.table(section.table))
            for section in report.sections
        },
        "html_report": dg.MetadataValue.path(str(written.html)),
        **({"html_reports": dg.MetadataValue.json([str(page.html) for page in pages])} if len(pages) > 1 else {}),
        "opportunity_count": len(written.marts.opportunities),
    }
    return dg.MaterializeResult(metadata=metadata)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[daily_report])
