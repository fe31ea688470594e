"""The Kubernetes manifests, checked without a cluster: every object is a valid object of its kind
for the official Kubernetes client's models (unknown or missing fields fail), selectors match the
pod labels, the probes and the Prometheus annotations use the container's metrics port, every
Secret and ConfigMap the pods read is declared by the examples, and the StatefulSet's pod names map
onto exactly the shards 0..N-1 that ARB_STREAMER_SHARDS announces."""

from __future__ import annotations

from typing import Any

import pytest

from arb_pipeline.config import SettingsError, StreamerShard
from arb_pipeline_tests.deploy.files import (
    ARB_CONFIG,
    DOCKERFILE,
    EXAMPLE_SECRET,
    HELM_VALUES,
    SERVICE_MONITOR,
    STREAMER_STATEFULSET,
    kubernetes_object,
    load_documents,
    load_yaml,
)


def by_kind(path) -> dict[str, dict[str, Any]]:
    documents = load_documents(path)
    kinds = {document["kind"]: document for document in documents}
    assert len(kinds) == len(documents), f"{path.name}: one object of each kind"
    return kinds


@pytest.fixture(scope="module")
def statefulset() -> dict[str, Any]:
    return by_kind(STREAMER_STATEFULSET)["StatefulSet"]


@pytest.fixture(scope="module")
def service() -> dict[str, Any]:
    return by_kind(STREAMER_STATEFULSET)["Service"]


@pytest.fixture(scope="module")
def container(statefulset) -> dict[str, Any]:
    (only,) = statefulset["spec"]["template"]["spec"]["containers"]
    return only


def env_value(container: dict[str, Any], name: str) -> dict[str, Any]:
    (entry,) = [entry for entry in container["env"] if entry["name"] == name]
    return entry


def test_every_object_is_valid_for_its_kind():
    objects = [
        kubernetes_object(document)
        for path in (STREAMER_STATEFULSET, EXAMPLE_SECRET, ARB_CONFIG)
        for document in load_documents(path)
    ]
    assert sorted(type(obj).__name__ for obj in objects) == ["V1ConfigMap", "V1Secret", "V1Secret", "V1Service", "V1StatefulSet"]


def test_a_misspelled_field_is_caught():
    # The check above is not vacuous: the client's models refuse what Kubernetes would refuse.
    document = by_kind(STREAMER_STATEFULSET)["StatefulSet"]
    broken = {**document, "spec": {**document["spec"], "replica": 3}}
    with pytest.raises(Exception, match="replica"):
        kubernetes_object(broken)


def test_the_selectors_and_the_headless_service_match_the_pods(statefulset, service):
    labels = statefulset["spec"]["template"]["metadata"]["labels"]
    assert statefulset["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["selector"].items() <= labels.items()
    assert statefulset["spec"]["serviceName"] == service["metadata"]["name"]


def test_the_metrics_port_is_the_one_the_probes_service_and_annotations_use(statefulset, service, container):
    # args, not command: a command would replace the image's entrypoint (tini).
    assert "command" not in container
    args = container["args"]
    assert args[:2] == ["arb-pipeline", "streamer"]
    metrics_port = int(args[args.index("--metrics-port") + 1])
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"metrics": metrics_port}
    # Ready while the venue feeds are healthy; alive while the process answers at all.
    paths = {probe: container[probe]["httpGet"]["path"] for probe in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert paths == {"startupProbe": "/metrics", "livenessProbe": "/metrics", "readinessProbe": "/healthz"}
    assert all(container[probe]["httpGet"]["port"] in ports for probe in paths)
    # An unready replica is still scraped: its metrics say why it is unready.
    assert service["spec"]["publishNotReadyAddresses"] is True
    (service_port,) = service["spec"]["ports"]
    assert service_port["targetPort"] in ports and service_port["port"] == metrics_port
    annotations = statefulset["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert int(annotations["prometheus.io/port"]) == metrics_port
    assert annotations["prometheus.io/path"] == "/metrics"


def test_the_service_monitor_scrapes_the_headless_service():
    monitor = load_yaml(SERVICE_MONITOR)
    assert (monitor["apiVersion"], monitor["kind"]) == ("monitoring.coreos.com/v1", "ServiceMonitor")
    service = by_kind(STREAMER_STATEFULSET)["Service"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] in {port["name"] for port in service["spec"]["ports"]}
    assert endpoint["path"] == "/metrics"


def test_each_pod_name_is_one_shard_and_together_they_are_all(statefulset, container):
    replicas = statefulset["spec"]["replicas"]
    assert replicas >= 2
    shards_env = env_value(container, "ARB_STREAMER_SHARDS")
    assert int(shards_env["value"]) == replicas, "ARB_STREAMER_SHARDS must equal spec.replicas"
    shard_env = env_value(container, "ARB_STREAMER_SHARD")
    assert shard_env["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
    name = statefulset["metadata"]["name"]
    # The StatefulSet names its pods <name>-0 .. <name>-(replicas-1).
    shards = [StreamerShard.from_env({"ARB_STREAMER_SHARD": f"{name}-{ordinal}", "ARB_STREAMER_SHARDS": shards_env["value"]})
              for ordinal in range(replicas)]
    assert sorted(shard.shard for shard in shards) == list(range(replicas))
    assert {shard.shards for shard in shards} == {replicas}
    # A pod added by `kubectl scale` alone refuses to start rather than watch a shard of its own.
    with pytest.raises(SettingsError, match="ARB_STREAMER_SHARDS"):
        StreamerShard.from_env({"ARB_STREAMER_SHARD": f"{name}-{replicas}", "ARB_STREAMER_SHARDS": shards_env["value"]})


def test_the_pods_read_only_declared_secrets_and_config(statefulset, container):
    secrets = {document["metadata"]["name"]: document for document in load_documents(EXAMPLE_SECRET)}
    config = load_yaml(ARB_CONFIG)
    sources = container["envFrom"]
    assert {source["secretRef"]["name"] for source in sources if "secretRef" in source} == {"arb-secrets"}
    assert {source["configMapRef"]["name"] for source in sources if "configMapRef" in source} == {config["metadata"]["name"]}
    assert "arb-secrets" in secrets
    variables = set(secrets["arb-secrets"]["stringData"]) | set(config["data"]) | {entry["name"] for entry in container["env"]}
    # What a streamer reads from the environment, all present.
    assert {"ARB_WAREHOUSE_URL", "KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "ODDS_API_KEY",
            "ARB_STREAMER_SHARD", "ARB_STREAMER_SHARDS"} <= variables
    # Secrets stay in the Secret: the ConfigMap holds no credential.
    assert not {"ARB_WAREHOUSE_URL", "KALSHI_API_KEY_ID", "ODDS_API_KEY"} & set(config["data"])
    # The key file: a declared Secret key, mounted where KALSHI_PRIVATE_KEY_PATH's comment says.
    volumes = {volume["name"]: volume for volume in statefulset["spec"]["template"]["spec"]["volumes"]}
    mounts = {mount["name"]: mount for mount in container["volumeMounts"]}
    key_volume = volumes["kalshi-key"]["secret"]
    assert key_volume["secretName"] in secrets
    (key_file,) = secrets[key_volume["secretName"]]["stringData"]
    assert key_volume["defaultMode"] & 0o004 == 0, "a world-readable Kalshi key is refused by the client"
    assert mounts["kalshi-key"]["readOnly"] is True
    assert f"{mounts['kalshi-key']['mountPath']}/{key_file}" in EXAMPLE_SECRET.read_text(encoding="utf-8")
    assert set(mounts) == set(volumes)


def test_the_streamer_runs_unprivileged_with_resources_set(statefulset, container):
    pod = statefulset["spec"]["template"]["spec"]
    uid = next(line for line in DOCKERFILE.read_text().splitlines() if line.startswith("ARG ARB_UID=")).partition("=")[2]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == pod["securityContext"]["fsGroup"] == int(uid)
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    # A read-only root needs writable places for what the process writes.
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    assert {"/tmp", "/var/lib/arb"} <= mounts
    resources = container["resources"]
    assert resources["requests"]["memory"] and resources["limits"]["memory"]
    # The event loop keeps a whole core to itself, never throttled by a CPU quota.
    assert str(resources["requests"]["cpu"]) == "1" and "cpu" not in resources["limits"]


def test_the_streamer_runs_the_code_locations_image(container):
    values = load_yaml(HELM_VALUES)
    (deployment,) = values["dagster-user-deployments"]["deployments"]
    image = deployment["image"]
    assert container["image"] == f"{image['repository']}:{image['tag']}"
