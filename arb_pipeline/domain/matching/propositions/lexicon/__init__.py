"""The words the proposition readers know, as tables: teams, leagues, offices, measures, sources."""


def table_rows(text: str, columns: int) -> list[list[str]]:
    """The rows of a table written one row a line with ``|`` between columns, each cell stripped.
    The last of ``columns`` columns takes the rest of its line, ``|`` included (a regex's
    alternatives); a row may leave trailing columns out."""
    return [[cell.strip() for cell in line.split("|", columns - 1)] for line in text.strip().splitlines()]
