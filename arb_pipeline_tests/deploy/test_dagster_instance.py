"""The dagster.yaml variants and the gRPC workspace pass Dagster's own validation, read the way
``DagsterInstance.from_config`` reads them: ``InstanceRef.from_dir`` checks the instance schema
(including the concurrency rules), then every configurable class it names (storage, run
coordinator, run launcher, ...) is imported and its config processed against the class's own
schema, resolving every ``{env: ...}``, exactly as ``ConfigurableClassData.rehydrate`` does before
it constructs the class. Nothing is constructed, so nothing connects to a database or a cluster."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import dagster._check as check
import pytest
import yaml
from dagster._config import process_config, resolve_to_config_type
from dagster._core.errors import DagsterInvalidConfigError
from dagster._core.instance.ref import InstanceRef
from dagster._core.workspace.config_schema import ensure_workspace_config, process_workspace_config
from dagster._serdes.config_class import ConfigurableClass, ConfigurableClassData, class_from_code_pointer

from arb_pipeline_tests.deploy.files import INSTANCE_COMPOSE, INSTANCE_K8S, INSTANCE_ROOT, WORKSPACE, load_yaml
from arb_pipeline_tests.paths import REPO_ROOT

#: Values for every variable the instances and the workspace read; placeholders, never connected to.
INSTANCE_ENV = {
    "DAGSTER_PG_USER": "dagster",
    "DAGSTER_PG_PASSWORD": "not-a-real-password",
    "DAGSTER_PG_HOST": "postgres",
    "DAGSTER_PG_DB": "dagster",
    "DAGSTER_PG_PORT": "5432",
    "DAGSTER_HOME": "/opt/dagster/dagster_home",
    "DAGSTER_K8S_JOB_NAMESPACE": "arb",
    "DAGSTER_K8S_SERVICE_ACCOUNT": "dagster",
    "DAGSTER_K8S_INSTANCE_CONFIG_MAP": "dagster-instance",
    "DAGSTER_K8S_PG_PASSWORD_SECRET": "dagster-postgresql-secret",
    "ARB_CODE_SERVER_HOST": "code",
    "ARB_CODE_SERVER_PORT": "4000",
}

VARIANTS = {"root": INSTANCE_ROOT, "compose": INSTANCE_COMPOSE, "k8s": INSTANCE_K8S}


@pytest.fixture
def instance_env(monkeypatch):
    for name, value in INSTANCE_ENV.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def validate_instance(path: Path) -> dict[str, tuple[type, dict[str, Any]]]:
    """Every configurable class of the instance in ``path``: (class, its processed config)."""
    ref = InstanceRef.from_dir(str(path.parent), config_filename=path.name)
    classes: dict[str, tuple[type, dict[str, Any]]] = {}
    for name, data in ref._asdict().items():
        if not isinstance(data, ConfigurableClassData):
            continue
        klass = class_from_code_pointer(data.module_name, data.class_name)
        assert issubclass(klass, ConfigurableClass), f"{path}: {name} names {klass}, not a configurable class"
        result = process_config(resolve_to_config_type(klass.config_type()), data.config_dict)
        if not result.success:
            raise DagsterInvalidConfigError(f"{path}: {name} ({data.class_name})", result.errors, data.config_dict)
        classes[name] = (klass, result.value)
    return classes


def _variant(tmp_path: Path, source: Path, change) -> Path:
    config = load_yaml(source)
    change(config)
    path = tmp_path / "dagster.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_instance_stores_in_postgres_through_psycopg2_from_the_environment(variant, instance_env):
    classes = validate_instance(VARIANTS[variant])
    storage_class, storage = classes["storage_data"]
    assert storage_class.__name__ == "DagsterPostgresStorage"
    assert storage["postgres_db"] == {
        "username": "dagster",
        "password": "not-a-real-password",
        "hostname": "postgres",
        "db_name": "dagster",
        "port": 5432,
        "params": {},
        "scheme": "postgresql+psycopg2",
    }


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("missing", ["DAGSTER_PG_PORT", "DAGSTER_PG_PASSWORD", "DAGSTER_PG_HOST"])
def test_an_unset_variable_fails_the_instance(variant, missing, instance_env):
    instance_env.delenv(missing)
    with pytest.raises(DagsterInvalidConfigError, match=f'environment variable "{missing}" which is not set'):
        validate_instance(VARIANTS[variant])


def test_the_compose_instance_queues_runs_and_starts_them_in_the_code_location(instance_env):
    classes = validate_instance(INSTANCE_COMPOSE)
    assert classes["run_coordinator_data"][0].__name__ == "QueuedRunCoordinator"
    assert classes["run_launcher_data"][0].__name__ == "DefaultRunLauncher"


def test_the_kubernetes_instance_runs_each_run_in_its_own_pod(instance_env):
    classes = validate_instance(INSTANCE_K8S)
    launcher_class, launcher = classes["run_launcher_data"]
    assert launcher_class.__name__ == "K8sRunLauncher"
    assert launcher["instance_config_map"] == "dagster-instance"
    assert launcher["postgres_password_secret"] == "dagster-postgresql-secret"
    assert launcher["job_namespace"] == "arb"
    assert launcher["dagster_home"] == "/opt/dagster/dagster_home"
    assert launcher["env_secrets"] == ["arb-secrets"]
    assert launcher["env_config_maps"] == ["arb-config"]
    assert classes["run_coordinator_data"][0].__name__ == "QueuedRunCoordinator"


def test_the_variants_share_the_root_instances_limits_and_retries():
    root = load_yaml(INSTANCE_ROOT)
    assert root["concurrency"]["runs"]["max_concurrent_runs"] >= 1
    for path in (INSTANCE_COMPOSE, INSTANCE_K8S):
        variant = load_yaml(path)
        for key in ("storage", "concurrency", "run_retries", "telemetry"):
            assert variant[key] == root[key], f"{path.relative_to(REPO_ROOT)}: {key} differs from dagster.yaml"


@pytest.mark.parametrize(
    ("source", "change", "message"),
    [
        # A misspelled launcher setting is refused by K8sRunLauncher's own schema.
        (INSTANCE_K8S, lambda c: c["run_launcher"]["config"].update(env_secret=["arb-secrets"]), "env_secret"),
        # The launcher cannot start without the ConfigMap its run pods read the instance from.
        (INSTANCE_K8S, lambda c: c["run_launcher"]["config"].pop("instance_config_map"), "instance_config_map"),
        # A class the module does not have, or a module that is not installed.
        (INSTANCE_COMPOSE, lambda c: c["run_coordinator"].update({"class": "QueuedRunCoordinater"}), "QueuedRunCoordinater"),
        (INSTANCE_K8S, lambda c: c["run_launcher"].update(module="dagster_k8s_launcher"), "dagster_k8s_launcher"),
        # A run limit in two places is ambiguous, and Dagster refuses it.
        (INSTANCE_COMPOSE, lambda c: c["run_coordinator"].update(config={"max_concurrent_runs": 2}), "incompatible with the `concurrency > runs`"),
        # A port that is not a number.
        (INSTANCE_ROOT, lambda c: c["storage"]["postgres"]["postgres_db"].update(port="five"), "port"),
        # An unknown top-level section.
        (INSTANCE_COMPOSE, lambda c: c.update(run_launchers=c["run_launcher"]), "run_launchers"),
    ],
)
def test_a_broken_variant_is_refused(tmp_path, instance_env, source, change, message):
    path = _variant(tmp_path, source, change)
    # A class that cannot be imported is a CheckError; everything else a config error.
    with pytest.raises((DagsterInvalidConfigError, check.CheckError), match=message):
        validate_instance(path)


def test_an_unchanged_copy_is_accepted(tmp_path, instance_env):
    # The broken variants above fail for their change, not for being written out again.
    for source in VARIANTS.values():
        shutil.copy(source, tmp_path / "dagster.yaml")
        assert "storage_data" in validate_instance(tmp_path / "dagster.yaml")
        assert "storage_data" in validate_instance(_variant(tmp_path, source, lambda c: None))


def test_the_workspace_points_at_the_grpc_code_location(instance_env):
    raw = load_yaml(WORKSPACE)
    ensure_workspace_config(raw, str(WORKSPACE))
    processed = process_workspace_config(raw)
    assert processed.success, processed.errors
    (entry,) = processed.value["load_from"]
    server = entry["grpc_server"]
    assert (server["host"], server["port"]) == ("code", 4000)
    # The location keeps the name it has under `dagster dev` and dg, so run history carries over.
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'code_location_name = "{server["location_name"]}"' in pyproject


def test_the_workspace_needs_the_code_server_address(instance_env):
    instance_env.delenv("ARB_CODE_SERVER_PORT")
    processed = process_workspace_config(load_yaml(WORKSPACE))
    assert not processed.success
    assert "ARB_CODE_SERVER_PORT" in str(processed.errors)
