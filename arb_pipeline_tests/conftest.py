"""Shared fixtures: Kalshi API credentials and a running sandbox exchange.

``kalshi_credentials`` -> (key_id, private_key_path): an RSA private key in a 0600 PEM file
under the test's tmp_path, as ``KALSHI_PRIVATE_KEY_PATH`` would name it, with a key id unique to
the test (the key itself is made once per session: RSA generation is slow). ``sandbox`` -> a started
:class:`~arb_pipeline.sandbox.server.SandboxExchange` (seed 7, size 1) that accepts those
credentials and never moves on its own: step it with ``await sandbox.tick()``; its URLs are in
``sandbox.endpoints``.

``warehouse_engine``: a real PostgreSQL: ``ARB_TEST_DATABASE_URL`` when set (CI points it at the
server on 127.0.0.1:5432), else the embedded PostgreSQL, started once per session under a
temporary ``ARB_HOME`` (``embedded_home``). ``warehouse_schema``: a unique schema name, dropped
with everything in it (and its dbt marts schema) after the test; ``second_schema``: another one,
for a test that needs two. ``warehouse``: a :class:`Warehouse` on ``warehouse_schema`` at the
current version.

No test may let a credential out. A :class:`~arb_pipeline_tests.secret_leaks.SecretLeaks` handler
sits on the root logger at DEBUG for the whole session and sees every log record of the process;
after each test phase (setup, call, teardown) the leaks it found, and any credential in that
phase's printed output or failure text, turn the phase into a failure that says where the secret
was (never the secret itself). Records logged outside any test fail the session at the end, in
whichever worker process (pytest-xdist) logged them.
``odds_api_key`` is a per-test Odds API key the detector knows by value.

A test marked ``@pytest.mark.venue_samples(name, ...)`` reads those public venue recordings
(arb_pipeline_tests/paths.py): where one is missing it is skipped with one line naming the file and
``ARB_VENUE_SAMPLES``, or fails when ``ARB_REQUIRE_VENUE_SAMPLES=1`` (CI).

``ARB_SCAN_SHARDS`` is 3 for the session unless set: the pipeline's tests run every shard.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

# Every Dagster test runs the batch path split into three scan shards (docs/operations.md#scale-out),
# the partitioned path a deployment runs. Set before anything imports the code location, which
# reads the count once.
os.environ.setdefault("ARB_SCAN_SHARDS", "3")

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.engine import Engine

from arb_pipeline.redaction import install_log_redaction
from arb_pipeline.sandbox.keys import new_private_key, private_key_pem, public_key_pem, write_private_key
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import (
    Warehouse,
    embedded_pgdata,
    embedded_url,
    ensure_schema,
    get_engine,
    normalize_url,
    stop_embedded,
)
from arb_pipeline_tests.paths import REQUIRE_VENUE_SAMPLES_ENV, missing_venue_sample, venue_samples_required
from arb_pipeline_tests.secret_leaks import SECRET_LEAKS


def pytest_configure(config: pytest.Config) -> None:
    root = logging.getLogger()
    root.addHandler(SECRET_LEAKS)
    root.setLevel(logging.DEBUG)
    # Tests also call httpx directly against the sandbox (its request lines carry apiKey=...):
    # the same redaction a client installs covers them, whichever test runs first.
    install_log_redaction()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture runs (a module fixture may read the recording): a clone without the
    # public recordings skips these tests, CI (ARB_REQUIRE_VENUE_SAMPLES=1) fails them.
    markers = list(item.iter_markers("venue_samples"))
    if any(not marker.args for marker in markers):
        pytest.fail("@pytest.mark.venue_samples needs the names of the recordings the test reads", pytrace=False)
    problem = missing_venue_sample([name for marker in markers for name in marker.args])
    if problem is None:
        return
    if venue_samples_required():
        pytest.fail(f"{REQUIRE_VENUE_SAMPLES_ENV} is set: {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    leaks = SECRET_LEAKS.take()
    for index, (name, content) in enumerate(report.sections):
        # A phase's report repeats the sections of the phases before it: each is checked once.
        if not name.endswith(f" {report.when}"):
            continue
        if not name.startswith("Captured log"):  # those records already went through the handler
            leaks += [f"{name}: {leak}" for leak in SECRET_LEAKS.scan(content)]
        report.sections[index] = (name, SECRET_LEAKS.mask(content))
    if report.failed:
        leaks += [f"failure text: {leak}" for leak in SECRET_LEAKS.scan(str(report.longrepr))]
    if not leaks:
        return
    text = "a credential leaked during " + report.when + ":\n" + "\n".join(f"  {leak}" for leak in leaks)
    if report.failed:
        # The failure text itself carries the secret: show only where it was.
        report.longrepr = text
    else:
        report.outcome = "failed"
        report.longrepr = text


#: Leaks outside any test that the suite's worker processes (pytest-xdist) reported at their end.
_WORKER_LEAKS_KEY = "leaks_outside_tests"
_workers_leaks: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # type: ignore[no-untyped-def]
    # In the controlling process, as each worker ends (before this process's session ends).
    _workers_leaks.extend(getattr(node, "workeroutput", {}).get(_WORKER_LEAKS_KEY, []))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    leaks = SECRET_LEAKS.take()
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # A worker's own exit status is not the run's: its leaks go to the controlling process,
        # which fails the run for them as for its own.
        workeroutput[_WORKER_LEAKS_KEY] = leaks
        return
    leaks += _workers_leaks
    if leaks:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("a credential leaked outside any test:", red=True)
            for leak in leaks:
                reporter.write_line(f"  {leak}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _log_everything() -> None:
    # A test that set the root level (caplog.at_level restores it, a CLI run may not) must not
    # blind the leak check for the tests after it.
    logging.getLogger().setLevel(logging.DEBUG)


@pytest.fixture(scope="session")
def _kalshi_rsa_key() -> rsa.RSAPrivateKey:
    # 2048-bit generation takes a noticeable fraction of a second: once per session.
    key = new_private_key()
    SECRET_LEAKS.know(line for line in private_key_pem(key).decode().splitlines() if "-----" not in line)
    return key


@pytest.fixture
def odds_api_key() -> str:
    """An Odds API key for one test, that the leak check knows (the sandbox accepts any key)."""
    key = f"odds-test-{uuid.uuid4().hex}"
    SECRET_LEAKS.know([key])
    return key


@pytest.fixture
def kalshi_credentials(tmp_path: Path, _kalshi_rsa_key: rsa.RSAPrivateKey) -> tuple[str, Path]:
    """(key_id, path to the private key PEM, mode 0600), a key id unique to the test."""
    path = tmp_path / "kalshi_private_key.pem"
    write_private_key(_kalshi_rsa_key, path)
    return f"sandbox-test-{uuid.uuid4()}", path


@pytest.fixture
async def sandbox(
    kalshi_credentials: tuple[str, Path], _kalshi_rsa_key: rsa.RSAPrivateKey
) -> AsyncIterator[SandboxExchange]:
    key_id, _ = kalshi_credentials
    exchange = SandboxExchange(
        seed=7,
        size=1,
        tick_interval_s=None,
        kalshi_public_keys={key_id: public_key_pem(_kalshi_rsa_key)},
    )
    await exchange.start()
    try:
        yield exchange
    finally:
        await exchange.stop()


TEST_DATABASE_URL_ENV = "ARB_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def embedded_home() -> Iterator[Path]:
    """An ``ARB_HOME`` for the embedded server; whatever starts it there, it is stopped and its
    data removed at the end of the session. Not under pytest's basetemp: pytest resets that
    tree to mode 0700 at the start of every session, and run as root pgserver runs PostgreSQL
    as its own user, who must be able to reach the data directory."""
    home = Path(tempfile.mkdtemp(prefix="arb-warehouse-tests-"))
    yield home
    pgdata = embedded_pgdata({"ARB_HOME": str(home)})
    stop_embedded(pgdata)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def warehouse_engine(embedded_home: Path) -> Engine:
    configured = os.environ.get(TEST_DATABASE_URL_ENV)
    if configured:
        return get_engine(normalize_url(configured, source=TEST_DATABASE_URL_ENV))
    return get_engine(embedded_url(embedded_pgdata({"ARB_HOME": str(embedded_home)})))


@contextmanager
def _unique_schema(engine: Engine) -> Iterator[str]:
    schema = f"arb_test_{uuid.uuid4().hex[:12]}"
    yield schema
    with engine.begin() as connection:
        # The dbt marts of this warehouse live beside it (warehouse/dbt_profile.py).
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; DROP SCHEMA IF EXISTS {schema}_marts CASCADE")


@pytest.fixture
def warehouse_schema(warehouse_engine: Engine) -> Iterator[str]:
    with _unique_schema(warehouse_engine) as schema:
        yield schema


@pytest.fixture
def second_schema(warehouse_engine: Engine) -> Iterator[str]:
    with _unique_schema(warehouse_engine) as schema:
        yield schema


@pytest.fixture
def warehouse(warehouse_engine: Engine, warehouse_schema: str) -> Warehouse:
    ensure_schema(warehouse_engine, warehouse_schema)
    return Warehouse(warehouse_engine, warehouse_schema)
