"""The Dagster web UI as a user opens it: ``dagster-webserver`` serving the project's definitions
over a Dagster instance in which the day's report was materialized, read by a headless Chromium
(Debian's ``chromium`` and ``chromium-driver``). The asset graph must show the report and the
marts, the report's page its materialization; a screenshot of each is kept."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import httpx
import pytest

from arb_pipeline.warehouse import Warehouse
from arb_pipeline_tests.defs.test_reports import D1, EVALUATIONS, _resources, _seed, _seed_catalog

pytestmark = pytest.mark.integration

CHROMIUM = ("chromium", "chromium-browser")
SERVER_START_S = 120
#: Where screenshots are kept (a test run's artifacts); the test's own folder when unset.
ARTIFACTS_ENV = "ARB_TEST_ARTIFACTS"


@pytest.fixture
def chromium() -> tuple[str, str]:
    """Chromium and its chromedriver from the system's packages, or a skip naming what is missing."""
    browser = next((found for name in CHROMIUM if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        missing = " and ".join(name for name, path in (("chromium", browser), ("chromedriver", driver)) if path is None)
        pytest.skip(
            f"no {missing} on this machine: install Debian's `chromium chromium-driver` (.ci/run does, "
            "where the package archive is reachable) to run the web UI test"
        )
    return browser, driver


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def webserver(tmp_path: Path, warehouse: Warehouse) -> Iterator[str]:
    """A Dagster instance holding a materialized daily_report, served by dagster-webserver."""
    from dagster_dbt import DbtCliResource

    from arb_pipeline.defs.reports.assets import current_marts, daily_marts
    from arb_pipeline.defs.reports.daily_report import REPORTS_DIR_ENV, daily_report
    from arb_pipeline.defs.reports.project import arb_dbt_project

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    _seed_catalog(warehouse)
    _seed(warehouse, EVALUATIONS)
    env = {**os.environ, "DAGSTER_HOME": str(home), REPORTS_DIR_ENV: str(tmp_path / "reports")}
    os.environ[REPORTS_DIR_ENV] = env[REPORTS_DIR_ENV]
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            resources = _resources(warehouse, DbtCliResource(project_dir=arb_dbt_project))
            built = dg.materialize([daily_marts, current_marts, daily_report], instance=instance, partition_key=D1, resources=resources)
            assert built.success
    finally:
        del os.environ[REPORTS_DIR_ENV]

    port = _free_port()
    # As the README starts the UI: the repository's workspace, location "arb_pipeline".
    command = [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", str(port), "-w", "workspace.yaml"]
    log = (tmp_path / "webserver.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            assert server.poll() is None, (tmp_path / "webserver.log").read_text()[-3000:]
            try:
                if httpx.get(url + "/server_info", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"dagster-webserver did not answer in {SERVER_START_S} s"
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ[ARTIFACTS_ENV]) if os.environ.get(ARTIFACTS_ENV) else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.timeout(600)
def test_the_ui_shows_the_asset_graph_and_the_materialized_report(chromium: tuple[str, str], webserver: str, tmp_path: Path):
    browser_path, driver_path = chromium
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # Selenium logs every response at DEBUG, screenshots too: base64 the leak check reads as a key.
    logging.getLogger("selenium").setLevel(logging.INFO)
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    shots = _screenshots(tmp_path)
    try:
        wait = WebDriverWait(browser, 90)

        def body() -> str:
            return browser.find_element(By.TAG_NAME, "body").text

        def shows(*texts: str) -> None:
            try:
                wait.until(lambda _: all(text in body() for text in texts))
            except TimeoutException:
                browser.save_screenshot(str(shots / "failed.png"))
                raise AssertionError(f"the page never showed {texts}; it shows: {body()[:2000]}") from None
            # A first visit offers the community sign-up over the page: decline it for the picture.
            for skip in browser.find_elements(By.XPATH, "//button[normalize-space()='Skip']"):
                skip.click()

        # The reports group's graph: the report asset beside the marts it reads, one day filled.
        browser.get(webserver + "/locations/arb_pipeline/asset-groups/reports/lineage")
        shows("daily_report", "daily_arbitrage", "daily_arbitrage_by_category", "match_quality", "opportunity_episodes")
        graph = shots / "asset_graph.png"
        assert browser.save_screenshot(str(graph))

        # The report's own page: its materialization of the day, with the report in its metadata.
        browser.get(webserver + "/assets/daily_report?view=events&partition=" + D1)
        shows("daily_report", f"Partition {D1} materialized in run", "best net profit, one snapshot", "opportunity_snapshots_by_hour")
        report = shots / "daily_report.png"
        assert browser.save_screenshot(str(report))
    finally:
        browser.quit()
    for picture in (graph, report):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and picture.stat().st_size > 10_000
