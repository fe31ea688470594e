"""Plain text for the terminal: a table in aligned columns, numbers right-aligned."""

from __future__ import annotations

from arb_pipeline.reports.tables import Table

_GAP = "  "


def table(shown: Table) -> str:
    """The caption, then the header and rows in columns as wide as their widest cell; the
    ``empty`` text alone when there are no rows."""
    if not shown.rows:
        return shown.empty
    header = tuple(column.name for column in shown.columns)
    widths = [max(len(cell) for cell in column) for column in zip(header, *shown.rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        aligned = (
            cell.rjust(width) if column.numeric else cell.ljust(width)
            for cell, width, column in zip(cells, widths, shown.columns, strict=True)
        )
        return _GAP.join(aligned).rstrip()

    rule = _GAP.join("-" * width for width in widths)
    return "\n".join([shown.caption, line(header), rule, *(line(row) for row in shown.rows)])
