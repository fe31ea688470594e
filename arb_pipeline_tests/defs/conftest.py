"""The code location's tests load the dbt assets, which need the dbt project's manifest. It is
rebuilt (``dbt parse``, seconds) once per session when any file of the dbt project is newer than
it, so an edited model is what the tests see and an unchanged project costs nothing. The suite's
worker processes (pytest-xdist) each check it: a lock lets one rebuild it while the others wait,
then find it fresh."""

import fcntl
from pathlib import Path

import pytest


def _newest_source(project_dir: Path) -> float:
    generated = {project_dir / "target", project_dir / "logs"}
    return max(
        path.stat().st_mtime
        for path in project_dir.rglob("*")
        if path.is_file() and not any(parent in generated for parent in path.parents)
    )


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> None:
    from arb_pipeline.defs.reports.project import arb_dbt_project

    manifest = arb_dbt_project.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / "manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not manifest.exists() or manifest.stat().st_mtime < _newest_source(arb_dbt_project.project_dir):
            arb_dbt_project.preparer.prepare(arb_dbt_project)
