"""deploy/compose.yaml and the files it mounts, checked without a Docker engine: it parses, every
variable it interpolates is documented in .env.example, every service is health-checked, named
volumes are declared, bind mounts exist, dependencies point at real services, the ports line up
(the streamer's metrics port is the one Prometheus scrapes), and sandbox.env points every venue at
the paths the sandbox exchange really serves."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from arb_pipeline.config import REAL_ENDPOINTS, Credentials, VenueEndpoints
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline_tests.deploy.files import (
    COMPOSE,
    DEPLOY,
    DOCKERFILE,
    ENV_EXAMPLE,
    GRAFANA,
    GRAFANA_DASHBOARD,
    INSTANCE_COMPOSE,
    PROMETHEUS,
    SANDBOX_ENV,
    WORKSPACE,
    load_yaml,
    read_env_file,
    walk_dicts,
)

#: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}, ${NAME:+alt}
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")
ARB_IMAGE = "${ARB_IMAGE:-arb-pipeline:local}"
PULLED_IMAGE = re.compile(r"[a-z0-9./-]+:v?\d+(\.\d+)+[-\w.]*")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(COMPOSE)


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict[str, Any]]:
    return compose["services"]


def interpolated(text: str) -> set[str]:
    return {match.group(1) for match in INTERPOLATION.finditer(text)}


def listening_port(service: dict[str, Any]) -> int | None:
    """The port the service's own command says it listens on."""
    command = service.get("command") or []
    for flag in ("-p", "--port", "--metrics-port"):
        if flag in command:
            return int(command[command.index(flag) + 1])
    return None


def healthcheck_port(service: dict[str, Any]) -> int | None:
    test = " ".join(service["healthcheck"]["test"])
    match = re.search(r"127\.0\.0\.1:(\d+)/", test) or re.search(r"grpc-health-check -p (\d+)", test)
    return int(match.group(1)) if match else None


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    assert isinstance(env, dict), "environment is a mapping (the anchors merge into it)"
    return {name: str(value) for name, value in env.items()}


def volume_mounts(service: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) of every short-syntax volume."""
    mounts = []
    for entry in service.get("volumes") or []:
        source, target, *mode = entry.split(":")
        mounts.append((source, target, mode == ["ro"]))
    return mounts


def test_every_interpolated_variable_is_documented_in_the_example(compose):
    text = COMPOSE.read_text(encoding="utf-8")
    used = interpolated(text)
    assert len(used) > 20
    # A bare $NAME would be interpolated too, silently; only ${...} and the escaped $$ are used.
    assert not re.search(r"(?<!\$)\$(?![{$])", text.replace("$$", "")), "use ${NAME}, or $$ for a literal $"
    example = read_env_file(ENV_EXAMPLE)
    assert sorted(used - set(example)) == [], "interpolated in compose.yaml, missing from .env.example"
    # And the example documents nothing compose does not read (COMPOSE_PROFILES is compose's own).
    assert sorted(set(example) - used - {"COMPOSE_PROFILES"}) == []


def test_every_example_variable_has_a_comment_and_no_secret_value():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    example = read_env_file(ENV_EXAMPLE)
    for name, value in example.items():
        (index,) = [i for i, line in enumerate(lines) if line.startswith(f"{name}=")]
        assert lines[index - 1].startswith("# "), f"{name} has no comment right above it"
        if "PASSWORD" in name or name.endswith("_KEY") or name.endswith("_KEY_ID"):
            assert value == "", f"{name} has a value in the committed example"


def test_required_secrets_stop_compose_when_unset():
    text = COMPOSE.read_text(encoding="utf-8")
    required = {match.group(1) for match in INTERPOLATION.finditer(text) if match.group(2) == ":?"}
    assert required == {"POSTGRES_PASSWORD", "ARB_WAREHOUSE_PASSWORD", "DAGSTER_PG_PASSWORD", "GRAFANA_ADMIN_PASSWORD"}


def test_no_password_is_written_into_the_file(services):
    for name, service in services.items():
        for key, value in environment(service).items():
            if "PASSWORD" in key:
                assert INTERPOLATION.fullmatch(value), f"{name}: {key} must come from deploy/.env"


def test_every_service_is_health_checked(services):
    assert set(services) == {"postgres", "sandbox", "code", "webserver", "daemon", "streamer", "prometheus", "grafana"}
    for name, service in services.items():
        check = service.get("healthcheck")
        assert check and not check.get("disable"), f"{name} has no health check"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert "interval" in check and "retries" in check, name


def test_images_are_built_here_or_pinned(services, compose):
    build = compose["x-arb-image"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    for name, service in services.items():
        image = service["image"]
        if image == ARB_IMAGE:
            assert service["build"] == build, name
        else:
            assert "build" not in service and PULLED_IMAGE.fullmatch(image), f"{name}: pin a version of {image}"


def test_dependencies_name_real_services_and_wait_for_their_checks(services):
    profiled = {name for name, service in services.items() if service.get("profiles")}
    assert profiled == {"sandbox"}
    edges = 0
    for name, service in services.items():
        for target, condition in (service.get("depends_on") or {}).items():
            edges += 1
            assert target in services, f"{name} depends on {target}, which is not a service"
            assert condition["condition"] in ("service_healthy", "service_started", "service_completed_successfully")
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[target]
            # A service behind a profile may be absent: depending on it must not stop the stack.
            if target in profiled and not set(service.get("profiles") or ()) & set(services[target]["profiles"]):
                assert condition.get("required") is False, f"{name} requires {target}, which only runs with its profile"
    assert edges >= 8


def test_named_volumes_are_declared_and_bind_mounts_exist(services, compose):
    declared = set(compose["volumes"])
    used = set()
    for name, service in services.items():
        for source, target, _ in volume_mounts(service):
            assert target.startswith("/"), f"{name}: {target}"
            if source.startswith((".", "/")):
                assert (COMPOSE.parent / source).exists(), f"{name}: bind mount {source} does not exist"
            else:
                assert source in declared, f"{name}: volume {source} is not declared"
                used.add(source)
    assert used == declared, f"declared but never mounted: {sorted(declared - used)}"


def test_only_the_uis_are_published_and_only_on_loopback(services):
    published = {}
    for name, service in services.items():
        for mapping in service.get("ports") or []:
            host_ip, container_port = mapping.split(":", 1)[0], mapping.rsplit(":", 1)[1]
            assert host_ip == "127.0.0.1", f"{name} is published beyond this machine"
            published[name] = int(container_port)
    assert set(published) == {"webserver", "prometheus", "grafana"}
    # What is published is what the process listens on and what its health check asks.
    for name, port in published.items():
        assert healthcheck_port(services[name]) == port, name
    assert listening_port(services["webserver"]) == published["webserver"]


def test_the_processes_listen_where_their_checks_and_clients_look(services):
    for name in ("sandbox", "code", "webserver", "streamer"):
        assert listening_port(services[name]) is not None, name
        assert healthcheck_port(services[name]) == listening_port(services[name]), name
    dagster_env = environment(services["webserver"])
    assert dagster_env["ARB_CODE_SERVER_HOST"] == "code"
    assert int(dagster_env["ARB_CODE_SERVER_PORT"]) == listening_port(services["code"])
    code_command = services["code"]["command"]
    (entry,) = load_yaml(WORKSPACE)["load_from"]
    assert code_command[code_command.index("--location-name") + 1] == entry["grpc_server"]["location_name"]


def test_prometheus_scrapes_the_streamers_metrics_port(services):
    streamer = services["streamer"]
    command = streamer["command"]
    assert command[:2] == ["arb-pipeline", "streamer"]
    metrics_port = int(command[command.index("--metrics-port") + 1])
    assert streamer["expose"] == [str(metrics_port)]
    assert healthcheck_port(streamer) == metrics_port
    assert "/healthz" in " ".join(streamer["healthcheck"]["test"])
    scrape = load_yaml(PROMETHEUS)["scrape_configs"]
    (job,) = [job for job in scrape if job["job_name"] == "arb-streamer"]
    assert job["metrics_path"] == "/metrics"
    (targets,) = [config["targets"] for config in job["static_configs"]]
    assert targets == [f"streamer:{metrics_port}"]
    prometheus_mounts = {target: source for source, target, _ in volume_mounts(services["prometheus"])}
    assert (COMPOSE.parent / prometheus_mounts["/etc/prometheus/prometheus.yml"]).resolve() == PROMETHEUS
    assert "--config.file=/etc/prometheus/prometheus.yml" in services["prometheus"]["command"]


def test_grafana_is_provisioned_with_prometheus_and_the_streamer_dashboard(services):
    grafana = services["grafana"]
    mounts = {target: (COMPOSE.parent / source).resolve() for source, target, _ in volume_mounts(grafana) if source.startswith(".")}
    assert mounts["/etc/grafana/provisioning"] == GRAFANA / "provisioning"
    (datasource,) = load_yaml(GRAFANA / "provisioning" / "datasources" / "prometheus.yaml")["datasources"]
    assert datasource["type"] == "prometheus" and datasource["uid"] == "prometheus"
    assert datasource["url"] == f"http://prometheus:{healthcheck_port(services['prometheus'])}"
    (provider,) = load_yaml(GRAFANA / "provisioning" / "dashboards" / "arb-pipeline.yaml")["providers"]
    dashboards_dir = provider["options"]["path"]
    # The folder the provider reads is where deploy/grafana/ (and so arb-streamer.json) is mounted.
    assert mounts[dashboards_dir] == GRAFANA
    assert GRAFANA_DASHBOARD.parent == GRAFANA


def test_the_streamer_dashboard_reads_the_provisioned_datasource():
    assert GRAFANA_DASHBOARD.exists(), f"{GRAFANA_DASHBOARD} is missing: the compose file provisions it"
    dashboard = json.loads(GRAFANA_DASHBOARD.read_text(encoding="utf-8"))
    datasources = [node for node in walk_dicts(dashboard) if isinstance(node.get("datasource"), dict)]
    assert datasources, "the dashboard names no datasource"
    for node in datasources:
        uid = node["datasource"].get("uid")
        assert uid in ("prometheus", "${datasource}", "${DS_PROMETHEUS}", "-- Grafana --", "grafana"), uid


def test_the_dagster_services_get_the_instance_and_everything_it_reads(services):
    needed = {node["env"] for path in (INSTANCE_COMPOSE, WORKSPACE) for node in walk_dicts(load_yaml(path)) if set(node) == {"env"}}
    assert {"DAGSTER_PG_PASSWORD", "DAGSTER_PG_PORT", "ARB_CODE_SERVER_HOST"} <= needed
    dagster_home = re.search(r"DAGSTER_HOME=(\S+)", DOCKERFILE.read_text()).group(1)
    for name in ("code", "webserver", "daemon"):
        service = services[name]
        assert needed <= set(environment(service)), f"{name} lacks {sorted(needed - set(environment(service)))}"
        mounts = {target: (source, read_only) for source, target, read_only in volume_mounts(service)}
        source, read_only = mounts[f"{dagster_home}/dagster.yaml"]
        assert (COMPOSE.parent / source).resolve() == INSTANCE_COMPOSE and read_only, name
        # Runs write compute logs where the webserver reads them.
        assert mounts[f"{dagster_home}/storage"][0] == "dagster-storage", name
    assert "/opt/dagster/workspace.yaml" in services["webserver"]["command"]
    assert "/opt/dagster/workspace.yaml" in services["daemon"]["command"]
    assert "COPY deploy/dagster/workspace.yaml /opt/dagster/workspace.yaml" in DOCKERFILE.read_text()


def test_the_pipeline_services_read_every_venue_and_credential_setting(services):
    settings = {*REAL_ENDPOINTS, "KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "ODDS_API_KEY", "ARB_WAREHOUSE_URL"}
    # The credentials the project reads are exactly these three (config.Credentials).
    assert {field.upper() for field in Credentials.__dataclass_fields__} == {"KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "ODDS_API_KEY"}
    for name in ("code", "streamer"):
        env = environment(services[name])
        assert settings <= set(env), f"{name} lacks {sorted(settings - set(env))}"
        for url in REAL_ENDPOINTS:
            # Empty means the real venue: the defaults live once, in arb_pipeline/config.py.
            assert env[url] == "${" + url + ":-}", f"{name}: {url}"
    streamer = environment(services["streamer"])
    assert (streamer["ARB_STREAMER_SHARD"], streamer["ARB_STREAMER_SHARDS"]) == ("0", "1")


def test_the_databases_the_services_use_are_the_ones_init_creates(services):
    init = (DEPLOY / "postgres" / "init" / "10-arb-databases.sh").read_text(encoding="utf-8")
    assert (DEPLOY / "postgres" / "init" / "10-arb-databases.sh").stat().st_mode & 0o111, "the init script is executable"
    created = dict(re.findall(r"CREATE DATABASE (\w+) OWNER (\w+);", init))
    roles = set(re.findall(r"CREATE ROLE (\w+) LOGIN PASSWORD :'(\w+)'", init))
    url = sa.engine.make_url(environment(services["code"])["ARB_WAREHOUSE_URL"])
    assert (url.drivername, url.host, url.port) == ("postgresql+psycopg", "postgres", 5432)
    assert created[url.database] == url.username
    dagster = environment(services["daemon"])
    assert created[dagster["DAGSTER_PG_DB"]] == dagster["DAGSTER_PG_USER"]
    assert dagster["DAGSTER_PG_HOST"] == "postgres"
    # Each role's password is the one the postgres service is given for it.
    passwords = {"arb_password": "ARB_WAREHOUSE_PASSWORD", "dagster_password": "DAGSTER_PG_PASSWORD"}
    assert {role for role, _ in roles} == {url.username, dagster["DAGSTER_PG_USER"]}
    postgres_env = environment(services["postgres"])
    for _role, variable in roles:
        assert f'{variable}="${passwords[variable]}"' in init
        assert interpolated(postgres_env[passwords[variable]]) == {passwords[variable]}
    assert f"${{{passwords['arb_password']}:?" in environment(services["code"])["ARB_WAREHOUSE_URL"]
    assert f"${{{passwords['dagster_password']}:?" in dagster["DAGSTER_PG_PASSWORD"]
    mounts = {target: source for source, target, _ in volume_mounts(services["postgres"])}
    assert (COMPOSE.parent / mounts["/docker-entrypoint-initdb.d"]).resolve() == DEPLOY / "postgres" / "init"


async def test_sandbox_env_points_every_venue_at_the_paths_the_sandbox_serves(services, sandbox, tmp_path):
    values = read_env_file(SANDBOX_ENV)
    assert set(values) <= set(read_env_file(ENV_EXAMPLE)), "sandbox.env sets a variable .env.example does not document"
    assert values["COMPOSE_PROFILES"] == "sandbox"
    command = services["sandbox"]["command"]
    assert command[:2] == ["arb-pipeline", "sandbox"] and command[command.index("--host") + 1] == "0.0.0.0"
    port = listening_port(services["sandbox"])
    served = sandbox.endpoints.as_env()
    assert set(served) == set(REAL_ENDPOINTS)
    for name, url in served.items():
        configured = urlsplit(values[name])
        assert (configured.scheme, configured.hostname, configured.port) == (urlsplit(url).scheme, "sandbox", port), name
        assert configured.path == urlsplit(url).path, name
    VenueEndpoints.from_env(values)
    # The clients sign with the key pair the sandbox makes under its --key-dir, in the shared volume.
    key_dir = command[command.index("--key-dir") + 1]
    key_file = sandbox_key_pair(tmp_path)[0].name
    assert values["KALSHI_PRIVATE_KEY_PATH"] == f"{key_dir}/{key_file}"
    assert values["KALSHI_API_KEY_ID"] == SANDBOX_KEY_ID
    assert values["ODDS_API_KEY"]
    (keys_volume,) = [source for source, target, _ in volume_mounts(services["sandbox"]) if target == key_dir]
    for name in ("code", "streamer"):
        assert (keys_volume, key_dir, True) in volume_mounts(services[name]), name


def test_secrets_and_config_folders_are_mounted_read_only(services):
    for name in ("code", "streamer"):
        mounts = {target: (source, read_only) for source, target, read_only in volume_mounts(services[name])}
        assert mounts["/run/arb-secrets"] == ("./secrets", True)
        assert mounts["/etc/arb"] == ("./config", True)
    gitignore = (DEPLOY.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "deploy/.env" in gitignore and "deploy/secrets/*" in gitignore
