"""The Dockerfile, its build context and the dependency lock, checked as files (no Docker engine):
a multi-stage build that installs exactly the lock, runs as a non-root user, never ships the
embedded PostgreSQL, builds the dbt manifest, and copies only what exists and is not ignored."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from arb_pipeline_tests.deploy.files import COMPOSE, DOCKERFILE, DOCKERIGNORE, ENV_EXAMPLE, LOCK, WORKSPACE, load_yaml, read_env_file
from arb_pipeline_tests.paths import REPO_ROOT


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.lstrip().startswith("#"):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def stages() -> dict[str, list[tuple[str, str]]]:
    result: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for keyword, arguments in dockerfile_instructions():
        if keyword == "FROM":
            match = re.fullmatch(r"(\S+)\s+AS\s+(\S+)", arguments, flags=re.IGNORECASE)
            assert match, f"every stage is named: FROM {arguments}"
            current = result.setdefault(match.group(2), [])
        if current is not None:
            current.append((keyword, arguments))
    return result


def arg_default(name: str, stage: list[tuple[str, str]] | None = None) -> str | None:
    for keyword, arguments in stage if stage is not None else dockerfile_instructions():
        if keyword == "ARG" and arguments.partition("=")[0] == name:
            return arguments.partition("=")[2]
    return None


def dockerignored(path: str) -> bool:
    """Whether the build context leaves ``path`` (relative to the repository root) out: the last
    matching pattern of .dockerignore wins, ``!`` re-includes, a pattern matching a folder covers
    everything under it, ``*`` stays within one path segment and ``**`` spans several."""
    ignored = False
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = "".join(
            ".*" if token == "**" else "[^/]*" if token == "*" else "[^/]" if token == "?" else re.escape(token)
            for token in re.split(r"(\*\*|\*|\?)", pattern)
            if token
        )
        parts = path.split("/")
        if any(re.fullmatch(regex, "/".join(parts[:end])) for end in range(1, len(parts) + 1)):
            ignored = not negate
    return ignored


def lock_pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line.strip())
        assert match, f"requirements.lock:{number}: not name==version: {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"requirements.lock:{number}: {name} pinned twice"
        pins[name] = Version(match.group(2))
    return pins


def image_requirements() -> list[Requirement]:
    """What pyproject.toml asks of the image: the dependencies and the k8s extra."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(spec) for spec in (*project["dependencies"], *project["optional-dependencies"]["k8s"])]


def test_the_build_has_a_builder_and_a_slim_runtime_stage():
    named = stages()
    assert list(named) == ["builder", "runtime"]
    builder, runtime = named["builder"], named["runtime"]
    assert any(keyword == "RUN" and "build-essential" in arguments for keyword, arguments in builder)
    # The compilers stay behind: the runtime stage installs tini alone and copies the built venv.
    installs = [arguments for keyword, arguments in runtime if keyword == "RUN" and ("apt-get install" in arguments or "pip " in arguments)]
    assert len(installs) == 1 and "pip " not in installs[0]
    assert re.search(r"apt-get install --yes --no-install-recommends tini(\s|$)", installs[0])
    assert ("COPY", "--from=builder /opt/venv /opt/venv") in runtime
    python_image = arg_default("PYTHON_IMAGE")
    assert python_image is not None and re.fullmatch(r"python:3\.11[.\d]*-slim-\w+", python_image), python_image


def test_the_image_runs_as_a_non_root_user():
    runtime = stages()["runtime"]
    users = [arguments for keyword, arguments in runtime if keyword == "USER"]
    assert users == ["arb"]
    uid = arg_default("ARB_UID", runtime)
    assert uid is not None and int(uid) >= 1000
    assert any(keyword == "RUN" and re.search(r"useradd .*--uid \"\$ARB_UID\".* arb\b", arguments) for keyword, arguments in runtime)
    # Nothing runs as root after the switch, and the process starts as the user.
    keywords = [keyword for keyword, _ in runtime]
    assert "RUN" not in keywords[keywords.index("USER"):]
    assert keywords[-2:] == ["ENTRYPOINT", "CMD"]


def test_dependencies_are_exactly_the_lock_and_never_the_embedded_server():
    builder = stages()["builder"]
    runs = " && ".join(arguments for keyword, arguments in builder if keyword == "RUN")
    assert "pip install --no-deps --requirement deploy/requirements.lock" in runs
    assert "pip install --no-deps --editable ." in runs
    assert "pip check" in runs
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "[embedded" not in text and "pgserver" not in text
    assert "pgserver" not in lock_pins()


def test_the_image_serves_the_code_location_by_default():
    runtime = stages()["runtime"]
    (cmd,) = [json.loads(arguments) for keyword, arguments in runtime if keyword == "CMD"]
    assert cmd == ["dagster", "code-server", "start", "-m", "arb_pipeline.definitions", "--location-name", "arb_pipeline",
                   "-h", "0.0.0.0", "-p", "4000"]
    # The location has the name the workspace gives it.
    (entry,) = load_yaml(WORKSPACE)["load_from"]
    assert cmd[cmd.index("--location-name") + 1] == entry["grpc_server"]["location_name"]
    # tini is PID 1 whatever command runs: signals reach the process, spawned processes are reaped.
    (entrypoint,) = [json.loads(arguments) for keyword, arguments in runtime if keyword == "ENTRYPOINT"]
    assert entrypoint == ["/usr/bin/tini", "--"]
    (healthcheck,) = [arguments for keyword, arguments in runtime if keyword == "HEALTHCHECK"]
    assert healthcheck.endswith('CMD ["dagster", "api", "grpc-health-check", "-p", "4000"]')
    env = " ".join(arguments for keyword, arguments in runtime if keyword == "ENV")
    assert "DAGSTER_HOME=/opt/dagster/home" in env and "ARB_HOME=/var/lib/arb" in env
    # Directories a named volume is mounted on are created, owned by the user, in the image.
    created = " ".join(arguments for keyword, arguments in runtime if keyword == "RUN")
    for directory in ("/opt/dagster/home/storage", "/var/lib/arb", "/var/lib/arb-sandbox"):
        assert directory in created


def test_the_dbt_manifest_module_is_one_setting_everywhere():
    default = arg_default("ARB_DBT_PROJECT_FILE", stages()["builder"])
    assert default == "arb_pipeline/defs/reports/project.py"
    assert arg_default("ARB_DBT_PROJECT_FILE", stages()["runtime"]) == default
    assert read_env_file(ENV_EXAMPLE)["ARB_DBT_PROJECT_FILE"] == default
    build_args = load_yaml(COMPOSE)["x-arb-image"]["build"]["args"]
    assert build_args["ARB_DBT_PROJECT_FILE"] == "${ARB_DBT_PROJECT_FILE-" + default + "}"
    builder_runs = " ".join(arguments for keyword, arguments in stages()["builder"] if keyword == "RUN")
    assert 'dagster-dbt project prepare-and-package --file "$ARB_DBT_PROJECT_FILE"' in builder_runs
    # Once the dbt project is in the tree, the default must name its DbtProject module, or every
    # default build fails at this step.
    assert (REPO_ROOT / default).is_file() or not (REPO_ROOT / "dbt").exists(), (
        f"dbt/ exists but {default} does not: point ARB_DBT_PROJECT_FILE at the DbtProject module"
    )


def test_every_copied_file_exists_and_is_in_the_build_context():
    copies = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "COPY" and "--from=" not in arguments]
    assert len(copies) >= 3
    for arguments in copies:
        *sources, _destination = [word for word in arguments.split() if not word.startswith("--")]
        for source in sources:
            if source == ".":
                continue
            assert (REPO_ROOT / source).exists(), f"COPY {source}: no such file"
            assert not dockerignored(source), f"COPY {source}: .dockerignore leaves it out of the context"
    from_stages = [re.search(r"--from=(\S+)", arguments).group(1) for keyword, arguments in dockerfile_instructions()
                   if keyword == "COPY" and "--from=" in arguments]
    assert from_stages and set(from_stages) <= set(stages())


def test_the_build_context_keeps_secrets_and_local_state_out():
    for path in (".venv/bin/python", ".git/HEAD", "deploy/.env", "deploy/secrets/kalshi_private_key.pem",
                 "arb_pipeline/__pycache__/cli.cpython-311.pyc", "arb_pipeline_tests/conftest.py", "dbt/target/manifest.json",
                 "deploy/compose.yaml", "arb_pipeline.egg-info/PKG-INFO"):
        assert dockerignored(path), path
    for path in ("pyproject.toml", "README.md", "arb_pipeline/cli.py", "arb_pipeline/defs/reports/project.py",
                 "dbt/models/marts/daily.sql", "deploy/requirements.lock", "deploy/dagster/workspace.yaml"):
        assert not dockerignored(path), path


def test_the_lock_satisfies_every_dependency_of_the_image():
    pins = lock_pins()
    assert len(pins) > 50
    environment = {**default_environment(), "python_version": "3.11", "sys_platform": "linux", "platform_system": "Linux"}
    requirements = image_requirements()
    assert any(requirement.name == "dagster-k8s" for requirement in requirements)
    for requirement in requirements:
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"pyproject.toml needs {requirement}, which deploy/requirements.lock lacks: run deploy/lock-requirements"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"deploy/requirements.lock pins {name}=={pins[name]}, outside pyproject.toml's {requirement}: run deploy/lock-requirements"
        )
    for dev_only in ("pgserver", "pytest", "hypothesis", "pytest-asyncio", "pytest-timeout"):
        assert dev_only not in pins, f"{dev_only} is not for the image"


def test_the_lock_is_closed_under_its_packages_requirements():
    # For every locked package installed here at the same version, what it requires is locked too
    # (pip check in the build is the final word; this catches a hand-edited lock without Docker).
    pins = lock_pins()
    environment = {**default_environment(), "python_version": "3.11", "extra": ""}
    checked = 0
    for name, version in pins.items():
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if Version(installed.version) != version:
            continue
        checked += 1
        for spec in installed.requires or ():
            requirement = Requirement(spec)
            if requirement.marker is not None and not requirement.marker.evaluate(environment):
                continue
            assert canonicalize_name(requirement.name) in pins, f"{name}=={version} requires {requirement}, not in the lock"
    assert checked >= len(pins) // 2, f"only {checked} of {len(pins)} locked packages are installed here at their locked version"
