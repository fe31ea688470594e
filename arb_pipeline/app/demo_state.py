"""What the demo owns, and rebuilds from nothing at the start of every run, so that each run on
the same seed shows the same figures (docs/operations.md#the-demos-own-state).

The sandbox serves the same world, with the same tickers, on every run of a seed. A warehouse
that still held an earlier run's pairs, trades and settlements would mix the two runs: more pairs
than the world has, settlements already recorded for the "same" positions (so the new ones stay
open), and a day's PnL, fees and episodes counted twice. So the demo keeps everything it writes
apart from anything a user runs, and starts each run on it empty:

- its warehouse schema (``arb_demo`` unless ``--schema`` names another) and that schema's dbt
  marts schema, on the warehouse ``ARB_WAREHOUSE_URL`` names or the embedded one;
- ``$ARB_HOME/demo``: its Dagster instance, its reports and its streamer's spill directory.

Neither is ever the user's: a schema is dropped only when it carries the demo's mark (a comment
the demo gives it on creation), the directory only when it holds the demo's marker file; anything
else by those names stops the demo before it deletes a thing. ``ARB_WAREHOUSE_SCHEMA``,
``DAGSTER_HOME`` and ``ARB_REPORTS_DIR`` set in the shell are left alone (the demo sets its own
for its own process), and so is ``$ARB_HOME/captures``, where each run's capture keeps its own
folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from arb_pipeline.config import REPORTS_DIR_ENV
from arb_pipeline.warehouse.dbt_profile import MARTS_SUFFIX, marts_schema
from arb_pipeline.warehouse.owned import SchemaNotOwnedError, reset_owned_schemas
from arb_pipeline.warehouse.store import WAREHOUSE_SCHEMA_ENV

#: The comment on every schema the demo created: the only schemas it ever drops.
SCHEMA_MARK = "arb-pipeline demo: dropped and created again by every `arb-pipeline demo` run"
#: ``$ARB_HOME/<this>``: the demo's directory.
DEMO_DIRNAME = "demo"
#: The file that says a directory is the demo's own.
DIR_MARKER = ".arb-pipeline-demo"

_DIR_MARKER_TEXT = "Written by `arb-pipeline demo`, which deletes this directory at the start of every run.\n"
# Dagster's own local storage under DAGSTER_HOME (docs/operations.md#on-a-laptop); the
# repository's dagster.yaml is the production (PostgreSQL) template, not for laptops.
_DAGSTER_YAML = "telemetry:\n  enabled: false\n"


class DemoStateError(RuntimeError):
    """What the demo would reset is not the demo's own."""


@dataclass(frozen=True, slots=True)
class DemoState:
    """Where one demo run writes: its warehouse ``schema`` (its marts beside it, as for any
    warehouse schema) and ``root``, ``$ARB_HOME/demo``, which holds everything else."""

    schema: str
    root: Path

    @property
    def dagster_home(self) -> Path:
        """The demo's Dagster instance (``DAGSTER_HOME``): Dagster's own file storage."""
        return self.root / "dagster"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def spill(self) -> Path:
        return self.root / "streamer" / "spill"

    def env(self) -> dict[str, str]:
        """The settings that point the warehouse, Dagster and the report at the demo's own state:
        set in the demo's process, and printed for a user's commands on the demo's results."""
        return {WAREHOUSE_SCHEMA_ENV: self.schema, "DAGSTER_HOME": str(self.dagster_home), REPORTS_DIR_ENV: str(self.reports)}


def _check_directory(root: Path) -> None:
    if root.exists() and not (root / DIR_MARKER).is_file() and any(root.iterdir()):
        raise DemoStateError(
            f"{root} exists and is not the demo's (it has no {DIR_MARKER}): the demo keeps its Dagster runs, "
            "reports and spill files there and deletes them at every start, so it leaves this one alone; "
            "move it away, or set ARB_HOME to another directory"
        )


def reset_demo_state(engine: Engine, schema: str, home: Path, *, user_schema: str | None) -> DemoState:
    """Empty the demo's warehouse schema (and its marts schema) on ``engine`` and its directory
    under ``home``, creating them if need be. Nothing is deleted unless both are the demo's own,
    and never ``user_schema`` (the shell's ``ARB_WAREHOUSE_SCHEMA``), whatever it carries."""
    if user_schema and schema in (user_schema, user_schema + MARTS_SUFFIX):
        raise DemoStateError(
            f"the demo's schema {schema!r} is the warehouse schema (or its marts) that {WAREHOUSE_SCHEMA_ENV} names for "
            "everything else, and the demo empties its schema at every start: run it with --schema NAME, another name"
        )
    state = DemoState(schema, home / DEMO_DIRNAME)
    _check_directory(state.root)
    try:
        reset_owned_schemas(engine, [schema, marts_schema(schema)], SCHEMA_MARK)
    except SchemaNotOwnedError as exc:
        raise DemoStateError(f"{exc}; the demo's schema is set with `arb-pipeline demo --schema NAME`") from None
    if state.root.exists():
        shutil.rmtree(state.root)
    state.root.mkdir(parents=True)
    (state.root / DIR_MARKER).write_text(_DIR_MARKER_TEXT, encoding="utf-8")
    state.dagster_home.mkdir()
    (state.dagster_home / "dagster.yaml").write_text(_DAGSTER_YAML, encoding="utf-8")
    return state
