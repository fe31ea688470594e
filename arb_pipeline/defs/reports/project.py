"""The dbt project (``dbt/`` at the repository root) as Dagster loads it.

Kept apart from the assets so ``dagster-dbt project prepare-and-package --file`` can import it
to build the manifest (``scripts/bootstrap`` does, and so should an image build) without
importing ``@dbt_assets``, which needs that manifest. Under ``dagster dev`` the manifest is
rebuilt at every load, so an edited model shows at once.
"""

import os
import shutil
from pathlib import Path

from dagster_dbt import DbtProject

from arb_pipeline.warehouse.dbt_profile import DBT_PROJECT_DIR, dbt_executable

# dagster-dbt runs the `dbt` that PATH finds, both to prepare the manifest and for every run.
# The README starts Dagster as .venv/bin/dagster without activating the venv, so PATH may lack
# the venv's bin directory, where dbt-core installed `dbt` beside this interpreter.
if shutil.which("dbt") is None and shutil.which(dbt_executable()):
    os.environ["PATH"] = os.pathsep.join([str(Path(dbt_executable()).parent), os.environ.get("PATH", "")])

arb_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
arb_dbt_project.prepare_if_dev()
