"""docs/architecture.md's layout tree names every folder of the package, its tests, the dbt project and the
deployment, one line each, and no folder that is gone: a folder added without its line fails here
instead of leaving the page describing an older layout."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("arb_pipeline", "arb_pipeline_tests", "dbt", "deploy")
#: Folders that are made by running things, never written by hand (.gitignore lists them).
BUILT = {"__pycache__", "target", "logs", "dbt_packages"}

# "│   ├── parsing/   text": each level indents the name four characters.
_TREE_LINE = re.compile(r"^[│├└─ ]*([\w.-]+)/\s")


def tree_folders(page: str) -> list[str]:
    """The folders of the first code block under ``## Layout``, as paths from the repository."""
    layout = page.split("## Layout", 1)[1]
    block = layout.split("```", 2)[1]
    folders: list[str] = []
    parents: list[str] = []
    for line in block.splitlines():
        match = _TREE_LINE.match(line)
        if match is None:
            continue
        parents[match.start(1) // 4 :] = [match.group(1)]
        folders.append("/".join(parents))
    return folders


def disk_folders(root: Path) -> set[str]:
    return {
        str(path.relative_to(REPO))
        for path in [root, *root.rglob("*")]
        if path.is_dir()
        and not BUILT.intersection(path.relative_to(REPO).parts)
        and not any(part.startswith(".") or part.endswith(".egg-info") for part in path.relative_to(REPO).parts)
        and any(child.is_file() for child in path.rglob("*") if "__pycache__" not in child.parts)
    }


def test_the_layout_tree_parses_nesting_from_its_indent() -> None:
    page = "## Layout\n\n```\npkg/   the package\n├── a/   one\n│   └── b/   two\n└── c/   three\nother/   four\n```\n"

    assert tree_folders(page) == ["pkg", "pkg/a", "pkg/a/b", "pkg/c", "other"]


def test_the_layout_tree_has_one_line_per_folder() -> None:
    folders = tree_folders((REPO / "docs" / "architecture.md").read_text())
    listed = [folder for folder in folders if folder.split("/")[0] in ROOTS]

    assert len(listed) == len(set(listed))
    assert set(listed) == set().union(*(disk_folders(REPO / root) for root in ROOTS))
