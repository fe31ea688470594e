"""deploy/k8s/dagster-values.yaml against the keys of Dagster's Helm chart.

The chart's own values.schema.json comes with the chart, which is published only in Dagster's
Helm repository, not on a package registry this project installs from (PyPI, npm, Debian). So the
values are validated against CHART_KEYS below: the keys this file uses, as the chart documents
them in its values.yaml and in the pydantic models its schema is generated from
(helm/dagster/schema/schema/charts/{dagster,dagster_user_deployments}/...: DagsterHelmValues,
Webserver, UserDeployment, PostgreSQL, RunLauncher / K8sRunLauncherConfig, Daemon / RunCoordinator,
Global, Telemetry). Every object lists its known keys and refuses others, so a misspelled key
(which Helm would silently ignore) fails here. Kubernetes fragments inside the values (volumes,
security contexts, resources) are checked with the official Kubernetes client's models."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import jsonschema
import pytest

from arb_pipeline_tests.deploy.files import HELM_VALUES, INSTANCE_K8S, INSTANCE_ROOT, kubernetes_part, load_yaml
from arb_pipeline_tests.paths import REPO_ROOT


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


_ANY_OBJECT = {"type": "object"}
_NAME_REF = _object({"name": {"type": "string"}, "optional": {"type": "boolean"}}, ("name",))
_NAME_REFS = {"type": "array", "items": _NAME_REF}
_IMAGE = _object(
    {"repository": {"type": "string"}, "tag": {"type": ["string", "integer"]},
     "pullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]}},
    ("repository", "tag"),
)
_POD_FIELDS = {
    "annotations": _ANY_OBJECT, "nodeSelector": _ANY_OBJECT, "affinity": _ANY_OBJECT,
    "tolerations": {"type": "array"}, "podSecurityContext": _ANY_OBJECT, "securityContext": _ANY_OBJECT,
    "resources": _ANY_OBJECT, "labels": _ANY_OBJECT, "schedulerName": {"type": "string"},
    "volumeMounts": {"type": "array"}, "volumes": {"type": "array"},
    "env": {"type": ["object", "array"]}, "envConfigMaps": _NAME_REFS, "envSecrets": _NAME_REFS,
    "livenessProbe": _ANY_OBJECT, "readinessProbe": _ANY_OBJECT, "startupProbe": _ANY_OBJECT,
}

#: The chart's keys this deployment relies on (see the module docstring for where they come from).
CHART_KEYS: dict[str, Any] = _object(
    {
        "global": _object({
            "postgresqlSecretName": {"type": "string"}, "dagsterHome": {"type": "string"},
            "serviceAccountName": {"type": "string"}, "celeryConfigSecretName": {"type": "string"},
        }),
        "dagsterWebserver": _object({
            **_POD_FIELDS, "replicaCount": {"type": "integer", "minimum": 1}, "image": _IMAGE,
            "nameOverride": {"type": "string"}, "pathPrefix": {"type": "string"}, "service": _ANY_OBJECT,
            "workspace": _ANY_OBJECT, "deploymentLabels": _ANY_OBJECT, "enableReadOnly": {"type": "boolean"},
            "dbStatementTimeout": {"type": "integer"}, "dbPoolRecycle": {"type": "integer"}, "logLevel": {"type": "string"},
        }),
        "dagster-user-deployments": _object(
            {
                "enabled": {"type": "boolean"},
                "enableSubchart": {"type": "boolean"},
                "imagePullSecrets": _NAME_REFS,
                "deployments": {"type": "array", "minItems": 1, "items": _object(
                    {
                        **_POD_FIELDS,
                        "name": {"type": "string"}, "image": _IMAGE,
                        "dagsterApiGrpcArgs": {"type": "array", "items": {"type": "string"}},
                        "codeServerArgs": {"type": "array", "items": {"type": "string"}},
                        "includeConfigInLaunchedRuns": _object({"enabled": {"type": "boolean"}}, ("enabled",)),
                        "port": {"type": "integer"},
                        "replicaCount": {"type": "integer"},
                    },
                    ("name", "image", "port"),
                )},
            },
            ("enabled", "deployments"),
        ),
        "postgresql": _object({
            "image": _ANY_OBJECT, "enabled": {"type": "boolean"}, "postgresqlHost": {"type": "string"},
            "postgresqlUsername": {"type": "string"}, "postgresqlPassword": {"type": "string"},
            "postgresqlDatabase": {"type": "string"}, "postgresqlParams": _ANY_OBJECT,
            "postgresqlScheme": {"type": "string"}, "service": _object({"port": {"type": "integer"}}),
        }),
        "generatePostgresqlPasswordSecret": {"type": "boolean"},
        "runLauncher": _object(
            {
                "type": {"enum": ["K8sRunLauncher", "CeleryK8sRunLauncher", "CustomRunLauncher"]},
                "config": _object({
                    "k8sRunLauncher": _object({
                        "image": _IMAGE, "imagePullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
                        "jobNamespace": {"type": ["string", "null"]}, "loadInclusterConfig": {"type": "boolean"},
                        "kubeconfigFile": {"type": ["string", "null"]}, "envConfigMaps": _NAME_REFS,
                        "envSecrets": _NAME_REFS, "envVars": {"type": "array", "items": {"type": "string"}},
                        "volumeMounts": {"type": "array"}, "volumes": {"type": "array"}, "labels": _ANY_OBJECT,
                        "failPodOnRunFailure": {"type": "boolean"}, "resources": _ANY_OBJECT,
                        "schedulerName": {"type": "string"}, "securityContext": _ANY_OBJECT,
                        "runK8sConfig": _object({
                            "containerConfig": _ANY_OBJECT, "podSpecConfig": _ANY_OBJECT,
                            "podTemplateSpecMetadata": _ANY_OBJECT, "jobSpecConfig": _ANY_OBJECT, "jobMetadata": _ANY_OBJECT,
                        }),
                    }),
                    "celeryK8sRunLauncher": _ANY_OBJECT,
                    "customRunLauncher": _ANY_OBJECT,
                }),
            },
            ("type", "config"),
        ),
        "dagsterDaemon": _object({
            **_POD_FIELDS,
            "enabled": {"type": "boolean"}, "image": _IMAGE, "heartbeatTolerance": {"type": "integer"},
            "deploymentLabels": _ANY_OBJECT,
            "runCoordinator": _object(
                {
                    "enabled": {"type": "boolean"},
                    "type": {"enum": ["QueuedRunCoordinator", "CustomRunCoordinator"]},
                    "config": _object({
                        "queuedRunCoordinator": _object({
                            "maxConcurrentRuns": {"type": "integer"}, "tagConcurrencyLimits": {"type": "array"},
                            "dequeueIntervalSeconds": {"type": "integer"}, "dequeueNumWorkers": {"type": "integer"},
                            "dequeueUseThreads": {"type": "boolean"},
                        }),
                        "customRunCoordinator": _ANY_OBJECT,
                    }),
                },
                ("enabled", "type"),
            ),
            "runMonitoring": _ANY_OBJECT, "runRetries": _ANY_OBJECT, "sensors": _ANY_OBJECT, "schedules": _ANY_OBJECT,
        }),
        "telemetry": _object({"enabled": {"type": "boolean"}}),
        # Documented top-level sections this deployment leaves at the chart's defaults.
        **{key: _ANY_OBJECT for key in ("rabbitmq", "redis", "flower", "ingress", "computeLogManager", "scheduler",
                                        "pythonLogs", "busybox", "migrate", "serviceAccount", "retention",
                                        "additionalInstanceConfig")},
        "imagePullSecrets": _NAME_REFS,
        "generateCeleryConfigSecret": {"type": "boolean"},
    },
    ("dagster-user-deployments", "runLauncher", "postgresql", "dagsterDaemon"),
)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return load_yaml(HELM_VALUES)


def test_the_values_use_only_the_charts_documented_keys(values):
    jsonschema.validate(values, CHART_KEYS)


@pytest.mark.parametrize(
    ("path", "wrong"),
    [
        (("runLauncher", "config", "k8sRunLauncher"), {"envSecret": [{"name": "arb-secrets"}]}),
        (("dagster-user-deployments",), {"deployment": []}),
        (("dagsterDaemon", "runCoordinator", "config", "queuedRunCoordinator"), {"maxConcurentRuns": 4}),
        (("runLauncher",), {"type": "K8sLauncher"}),
        ((), {"dagit": {}}),
    ],
)
def test_a_misspelled_key_fails(values, path, wrong):
    broken = copy.deepcopy(values)
    node = broken
    for key in path:
        node = node[key]
    node.update(wrong)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, CHART_KEYS)


def test_the_chart_version_is_the_dagster_the_project_pins():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (dagster_pin,) = [spec for spec in pyproject["project"]["dependencies"] if spec.startswith("dagster==")]
    assert f"--version {dagster_pin.removeprefix('dagster==')}" in HELM_VALUES.read_text(encoding="utf-8")


def test_the_code_location_is_the_image_and_module_of_this_project(values):
    (deployment,) = values["dagster-user-deployments"]["deployments"]
    assert values["dagster-user-deployments"]["enabled"] is True
    assert deployment["codeServerArgs"] == ["-m", "arb_pipeline.definitions"]
    assert deployment["image"]["tag"] not in ("latest", ""), "a moving tag mixes code versions between run pods"
    assert deployment["envSecrets"] == [{"name": "arb-secrets"}]
    assert deployment["envConfigMaps"] == [{"name": "arb-config"}]


def test_each_run_is_its_own_pod_with_what_the_code_location_has(values):
    launcher = values["runLauncher"]
    assert launcher["type"] == "K8sRunLauncher"
    k8s = launcher["config"]["k8sRunLauncher"]
    (deployment,) = values["dagster-user-deployments"]["deployments"]
    for key in ("envSecrets", "envConfigMaps", "volumes", "volumeMounts"):
        assert k8s[key] == deployment[key], key
    for volume in k8s["volumes"]:
        kubernetes_part("V1Volume", volume)
    for mount in k8s["volumeMounts"]:
        kubernetes_part("V1VolumeMount", mount)
    kubernetes_part("V1ResourceRequirements", k8s["resources"])
    kubernetes_part("V1PodSecurityContext", k8s["runK8sConfig"]["podSpecConfig"]["securityContext"])
    kubernetes_part("V1PodSecurityContext", deployment["podSecurityContext"])
    assert k8s["runK8sConfig"]["podSpecConfig"]["securityContext"] == deployment["podSecurityContext"]


def test_the_values_and_the_hand_written_kubernetes_instance_agree(values):
    instance = load_yaml(INSTANCE_K8S)
    launcher = instance["run_launcher"]["config"]
    k8s = values["runLauncher"]["config"]["k8sRunLauncher"]
    assert launcher["env_secrets"] == [ref["name"] for ref in k8s["envSecrets"]]
    assert launcher["env_config_maps"] == [ref["name"] for ref in k8s["envConfigMaps"]]
    assert launcher["volumes"] == k8s["volumes"]
    assert launcher["volume_mounts"] == k8s["volumeMounts"]
    assert launcher["resources"] == k8s["resources"]
    assert launcher["fail_pod_on_run_failure"] == k8s["failPodOnRunFailure"]
    assert launcher["run_k8s_config"]["pod_spec_config"] == k8s["runK8sConfig"]["podSpecConfig"]
    root = load_yaml(INSTANCE_ROOT)
    daemon = values["dagsterDaemon"]
    assert daemon["runCoordinator"]["type"] == "QueuedRunCoordinator"
    assert daemon["runCoordinator"]["config"]["queuedRunCoordinator"]["maxConcurrentRuns"] == root["concurrency"]["runs"]["max_concurrent_runs"]
    assert daemon["runRetries"] == {"enabled": root["run_retries"]["enabled"], "maxRetries": root["run_retries"]["max_retries"]}
    monitoring = instance["run_monitoring"]
    assert daemon["runMonitoring"] == {"enabled": monitoring["enabled"], "startTimeoutSeconds": monitoring["start_timeout_seconds"],
                                       "maxResumeRunAttempts": monitoring["max_resume_run_attempts"]}
    assert values["telemetry"] == root["telemetry"]


def test_the_dagster_database_names_the_psycopg2_driver(values):
    postgresql = values["postgresql"]
    assert postgresql["postgresqlScheme"] == load_yaml(INSTANCE_ROOT)["storage"]["postgres"]["postgres_db"]["scheme"]
    # The password is never in the file: it goes to the Secret the chart (or you) create.
    assert "postgresqlPassword" not in postgresql
    assert values["global"]["postgresqlSecretName"]
    assert "external" in HELM_VALUES.read_text(encoding="utf-8").lower()
