"""The deployment files the tests read, and small readers shared by them. No Docker engine or
Kubernetes cluster is needed: the files are checked as text, YAML and Dagster configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from arb_pipeline_tests.paths import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
LOCK = DEPLOY / "requirements.lock"
COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"
SANDBOX_ENV = DEPLOY / "sandbox.env"
PROMETHEUS = DEPLOY / "prometheus" / "prometheus.yml"
GRAFANA = DEPLOY / "grafana"
GRAFANA_DASHBOARD = GRAFANA / "arb-streamer.json"
WORKSPACE = DEPLOY / "dagster" / "workspace.yaml"
INSTANCE_COMPOSE = DEPLOY / "dagster" / "compose" / "dagster.yaml"
INSTANCE_K8S = DEPLOY / "dagster" / "k8s" / "dagster.yaml"
INSTANCE_ROOT = REPO_ROOT / "dagster.yaml"
_K8S = DEPLOY / "k8s"
HELM_VALUES = _K8S / "dagster-values.yaml"
STREAMER_STATEFULSET = _K8S / "streamer-statefulset.yaml"
EXAMPLE_SECRET = _K8S / "secret.example.yaml"
ARB_CONFIG = _K8S / "arb-config.yaml"
SERVICE_MONITOR = _K8S / "streamer-servicemonitor.yaml"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def read_env_file(path: Path) -> dict[str, str]:
    """``NAME=value`` lines of an env file as compose reads them (comments and blanks skipped)."""
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.partition("=")
        assert sep and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"{path.name}:{number}: not NAME=value: {line!r}"
        assert name not in values, f"{path.name}:{number}: {name} set twice"
        values[name] = value
    return values


def walk_dicts(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping anywhere in a parsed YAML or JSON document, outermost first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_dicts(item)


def kubernetes_object(document: dict[str, Any]) -> Any:
    """``document`` as the official Kubernetes client's model of its kind, through dagster-k8s'
    converter (the one the K8sRunLauncher applies to user config): an unknown field anywhere, or
    a missing required one, raises."""
    import kubernetes
    from dagster_k8s.models import k8s_model_from_dict, k8s_snake_case_dict

    version = document["apiVersion"].rpartition("/")[2]
    model = getattr(kubernetes.client, f"{version.capitalize()}{document['kind']}")
    return k8s_model_from_dict(model, k8s_snake_case_dict(model, document))


def kubernetes_part(model_name: str, value: dict[str, Any]) -> Any:
    """A fragment (a volume, a security context, resources) as the client's ``model_name``."""
    import kubernetes
    from dagster_k8s.models import k8s_model_from_dict, k8s_snake_case_dict

    model = getattr(kubernetes.client, model_name)
    return k8s_model_from_dict(model, k8s_snake_case_dict(model, value))
