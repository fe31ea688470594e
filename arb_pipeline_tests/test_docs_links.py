"""Every pointer into the project's docs lands on a section that exists: a comment citing
``docs/venues.md#kalshi-fees`` (or a run of anchors, ``docs/venues.md#kalshi-order-books,
#kalshi-websocket``) and every Markdown link between the docs. A section renamed without its
citations fails here instead of leaving readers at the top of a long page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CITING = ("arb_pipeline", "arb_pipeline_tests", "benchmarks", "dbt", "deploy", "docs", "scripts")
SUFFIXES = {".py", ".md", ".sql", ".yml", ".yaml", ".toml", ""}

# docs/venues.md#kalshi-fees, #kalshi-order-books and #kalshi-websocket
_CITATION = re.compile(r"docs/(\w+\.md)((?:#[\w-]+)?(?:(?:,| and| or)* #[\w-]+)*)")
# [text](venues.md#kalshi-fees) inside the docs
_LINK = re.compile(r"\]\((?:\./)?(\w+\.md)(#[\w-]+)?\)")


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {anchor(match.group(1)) for match in re.finditer(r"^#+ (.*)$", page.read_text(), re.MULTILINE)}


def _citing_files() -> Iterator[Path]:
    for folder in CITING:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                yield path
    yield REPO / "README.md"


def citations(text: str, *, links: bool) -> Iterator[tuple[int, str, str | None]]:
    """(line, page, anchor or None) for every citation of a docs page in ``text``."""
    for match in _CITATION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found = re.findall(r"#([\w-]+)", match.group(2))
        for name in found or [None]:
            yield line, match.group(1), name
    if links:
        for match in _LINK.finditer(text):
            yield text.count("\n", 0, match.start()) + 1, match.group(1), (match.group(2) or "#")[1:] or None


def problems(path: Path, pages: dict[str, set[str]]) -> list[str]:
    """What in ``path`` points at a docs page or section that does not exist, by line."""
    try:
        text = path.read_text()
    except UnicodeDecodeError:
        return []
    found = []
    for line, page, name in citations(text, links=path.parent == DOCS):
        if page not in pages:
            found.append(f"{line}: docs/{page} does not exist")
        elif name is not None and name not in pages[page]:
            found.append(f"{line}: docs/{page} has no section #{name}")
    return found


def _pages() -> dict[str, set[str]]:
    return {page.name: anchors(page) for page in DOCS.glob("*.md")}


def test_every_citation_of_the_docs_names_a_page_and_section_that_exist() -> None:
    pages = _pages()
    # This file's own examples of broken citations are not citations.
    files = [path for path in _citing_files() if path != Path(__file__).resolve()]
    assert sum(1 for path in files if "docs/" in path.read_text(errors="replace")) > 50
    assert [f"{path.relative_to(REPO)}:{problem}" for path in files for problem in problems(path, pages)] == []


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Embedded PostgreSQL (the default)", "embedded-postgresql-the-default"),
        ("Capture, scan and stream", "capture-scan-and-stream"),
        ("The review queue: `arb-pipeline review`", "the-review-queue-arb-pipeline-review"),
    ],
)
def test_anchors_are_the_ones_github_renders(heading: str, expected: str) -> None:
    assert anchor(heading) == expected


def test_a_missing_section_and_a_missing_page_are_reported(tmp_path: Path) -> None:
    cited = tmp_path / "cites.py"
    cited.write_text(
        "# Fees per fill (docs/venues.md#kalshi-fees, #no-such-section).\n"
        "# See docs/nowhere.md#anything.\n"
    )

    assert problems(cited, _pages()) == [
        "1: docs/venues.md has no section #no-such-section",
        "2: docs/nowhere.md does not exist",
    ]
