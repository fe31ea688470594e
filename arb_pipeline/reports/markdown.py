"""Markdown for Dagster's metadata panel (``dg.MetadataValue.md``)."""

from __future__ import annotations

from arb_pipeline.reports.tables import BarChart, Table

#: The longest bar, in characters; every non-zero count gets at least one.
BAR_WIDTH = 30


def _cell(text: str) -> str:
    # A pipe or a line break inside a cell (a matcher reason, a market title) would end the cell
    # or the table.
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _line(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def table(shown: Table) -> str:
    """The caption, then the table; the ``empty`` text alone when there are no rows."""
    if not shown.rows:
        return _cell(shown.empty)
    rule = "|" + "|".join("---:" if column.numeric else "---" for column in shown.columns) + "|"
    lines = [_cell(shown.caption), "", _line([column.name for column in shown.columns]), rule]
    lines += [_line(row) for row in shown.rows]
    return "\n".join(lines)


def bar_chart(chart: BarChart) -> str:
    """One row a label: a bar scaled to the largest count, then the count."""
    if not chart.bars:
        return _cell(chart.empty)
    widest = max(count for _, count in chart.bars)
    lines = [_line([chart.label, chart.value]), "|---|---|"]
    for label, count in chart.bars:
        width = max(1 if count else 0, round(BAR_WIDTH * count / widest)) if widest else 0
        lines.append(_line([label, f"{'█' * width} {count}"]))
    return "\n".join(lines)
