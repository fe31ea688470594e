"""Settings from the environment, and the pairs file they name."""

import asyncio
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import NUMBER_SETTINGS, REAL_ENDPOINTS, Credentials, ScanSettings, SettingsError, VenueEndpoints
from arb_pipeline.domain.matching import PairsFileError
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.capture import capture
from arb_pipeline.warehouse import Warehouse

YAML = """
pin:
  - kalshi: KXNBAGAME-26JAN09MILLAL-MIL
    polymarket: "1096983"
    pays_on_kalshi_yes: Bucks
"""


def test_scan_settings_from_the_environment_are_exact_decimals():
    settings = ScanSettings.from_env({"ARB_MIN_NET_EDGE": "0.01", "ARB_MIN_APY": "0.25", "ARB_MAX_QUOTE_AGE_S": "5"})
    assert settings.min_net_edge == Decimal("0.01")
    assert settings.thresholds().min_apy == Decimal("0.25")
    assert settings.thresholds().max_quote_age_s == 5.0
    with pytest.raises(SettingsError, match="ARB_MIN_APY='lots' is not valid: expected a fraction a year"):
        ScanSettings.from_env({"ARB_MIN_APY": "lots"})
    with pytest.raises(SettingsError, match="ARB_AUTO_APPROVE_CONFIDENCE"):
        ScanSettings.from_env({"ARB_AUTO_APPROVE_CONFIDENCE": "1.5"})


def test_the_pairs_file_format_comes_from_the_suffix(tmp_path):
    (tmp_path / "pairs.yaml").write_text(YAML)
    (tmp_path / "pairs.json").write_text(json.dumps({"reject": [{"kalshi": "A", "polymarket": "1"}]}))
    assert len(ScanSettings(pairs_file=str(tmp_path / "pairs.yaml")).load_pairs_file().pins) == 1
    assert ScanSettings(pairs_file=str(tmp_path / "pairs.json")).load_pairs_file().rejections[0].kalshi_ticker == "A"
    assert ScanSettings().load_pairs_file() is None
    with pytest.raises(PairsFileError, match="missing.yaml: cannot read.*ARB_PAIRS_FILE"):
        ScanSettings(pairs_file=str(tmp_path / "missing.yaml")).load_pairs_file()


def test_endpoints_default_to_the_real_venues_and_drop_trailing_slashes():
    assert VenueEndpoints.from_env({}).kalshi_api_url == "https://api.elections.kalshi.com/trade-api/v2"
    endpoints = VenueEndpoints.from_env({"ARB_ODDS_API_URL": "http://127.0.0.1:9/odds/"})
    assert endpoints.odds_api_url == "http://127.0.0.1:9/odds"
    assert endpoints.as_env()["ARB_ODDS_API_URL"] == "http://127.0.0.1:9/odds"


# --- settings a user gets wrong: one line naming the setting, exit 2, no traceback ---------------


@pytest.fixture
def clean_env(monkeypatch):
    for setting in NUMBER_SETTINGS.values():
        monkeypatch.delenv(setting.env, raising=False)
    for name in ("ARB_PAIRS_FILE", "ARB_HOME", "ARB_WAREHOUSE_SCHEMA", *REAL_ENDPOINTS):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture(scope="module")
def small_capture(tmp_path_factory) -> Path:
    """A real capture (Polymarket only: the scan needs a folder to get as far as the pairs file)."""
    out = tmp_path_factory.mktemp("settings") / "cap"
    with SandboxExchange(seed=7, size=1).run_in_thread() as running:
        asyncio.run(capture(out, running.endpoints, Credentials(), venues=["polymarket"], progress=False))
    return out


def one_error_line(capsys, command: str) -> str:
    printed = capsys.readouterr()
    assert printed.out == ""
    [line] = printed.err.splitlines()
    assert line.startswith(f"arb-pipeline {command}: error: ")
    return line.removeprefix(f"arb-pipeline {command}: error: ")


def test_every_numeric_setting_has_a_described_range():
    assert {setting.env for setting in NUMBER_SETTINGS.values()} == {
        "ARB_MIN_NET_EDGE",
        "ARB_MIN_APY",
        "ARB_MIN_CONTRACTS",
        "ARB_MIN_NET_PROFIT",
        "ARB_MAX_QUOTE_AGE_S",
        "ARB_MAX_LEG_SKEW_S",
        "ARB_MAX_CLOCK_SKEW_S",
        "ARB_PAIR_CLOSE_WINDOW_DAYS",
        "ARB_AUTO_APPROVE_CONFIDENCE",
    }
    # Each names a field ScanSettings has, so from_env reads it.
    assert set(NUMBER_SETTINGS) <= {field.name for field in dataclasses.fields(ScanSettings)}


@pytest.mark.parametrize("setting", list(NUMBER_SETTINGS.values()), ids=lambda s: s.env)
def test_a_numeric_setting_that_is_not_a_number_is_one_line_and_exit_2(setting, clean_env, capsys, tmp_path):
    clean_env.setenv(setting.env, "abc")
    assert main(["scan", "--capture", str(tmp_path), "--out", str(tmp_path / "out.json")]) == 2
    message = one_error_line(capsys, "scan")
    assert message.startswith(f"{setting.env}='abc' is not valid: expected {setting.expected()} (default ")
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("ARB_MAX_QUOTE_AGE_S", "0", "seconds, a number > 0"),
        ("ARB_MAX_QUOTE_AGE_S", "-5", "seconds, a number > 0"),
        ("ARB_MAX_QUOTE_AGE_S", "1e400", "seconds, a number > 0"),
        ("ARB_AUTO_APPROVE_CONFIDENCE", "1.5", "the matcher's confidence, a number in [0.5, 1]"),
        ("ARB_AUTO_APPROVE_CONFIDENCE", "0.2", "the matcher's confidence, a number in [0.5, 1]"),
        ("ARB_MIN_NET_EDGE", "NaN", "dollars per contract after fees, a number >= 0"),
        ("ARB_MIN_APY", "Infinity", "a fraction a year (0.10 = 10%), a number >= 0"),
        ("ARB_MIN_NET_PROFIT", "-1", "dollars per opportunity, a number >= 0"),
    ],
)
def test_a_numeric_setting_out_of_range_is_one_line_and_exit_2(name, value, expected, clean_env, capsys, tmp_path):
    clean_env.setenv(name, value)
    assert main(["scan", "--capture", str(tmp_path), "--out", str(tmp_path / "out.json")]) == 2
    message = one_error_line(capsys, "scan")
    assert message.startswith(f"{name}={value!r} is ") and f"expected {expected}" in message


def test_numeric_settings_keep_exact_decimals_and_defaults_when_empty(clean_env):
    clean_env.setenv("ARB_MIN_NET_EDGE", " 0.0125 ")
    clean_env.setenv("ARB_MIN_APY", "")
    clean_env.setenv("ARB_AUTO_APPROVE_CONFIDENCE", "1")
    settings = ScanSettings.from_env()
    assert settings.min_net_edge == Decimal("0.0125") and type(settings.min_net_edge) is Decimal
    assert settings.min_apy == ScanSettings().min_apy
    assert settings.auto_approve_confidence == 1.0 and type(settings.max_quote_age_s) is float


@pytest.mark.parametrize("source", ["env", "flag"])
def test_a_pairs_file_that_is_not_utf8_is_one_line_and_exit_2(source, small_capture, clean_env, capsys, tmp_path):
    pairs = tmp_path / "pairs.yaml"
    pairs.write_bytes("pin:\n  - kalshi: KXFED\n    note: caf\u00e9\n".encode("latin-1"))
    args = ["scan", "--capture", str(small_capture), "--out", str(tmp_path / "out.json")]
    if source == "env":
        clean_env.setenv("ARB_PAIRS_FILE", str(pairs))
    else:
        args += ["--pairs-file", str(pairs)]
    assert main(args) == 2
    assert one_error_line(capsys, "scan") == f"{pairs}: is not UTF-8 text (byte 0xe9 on line 3): save it as UTF-8"


@pytest.mark.parametrize(
    ("name", "value", "scheme"),
    [
        ("ARB_KALSHI_WS_URL", "https://api.elections.kalshi.com/trade-api/ws/v2", "ws:// or wss://"),
        ("ARB_KALSHI_API_URL", "api.elections.kalshi.com/trade-api/v2", "http:// or https://"),
        ("ARB_KALSHI_API_URL", "http://", "http:// or https://"),
    ],
)
def test_an_endpoint_that_is_not_a_url_of_its_kind_is_one_line_and_exit_2(name, value, scheme, clean_env, capsys):
    clean_env.setenv(name, value)
    assert main(["stream", "--venue", "kalshi", "--seconds", "1"]) == 2
    message = one_error_line(capsys, "stream")
    assert message.startswith(f"{name}={value!r} is not a usable URL: expected {scheme}host[:port]/path (default ")


def test_an_endpoint_with_a_password_is_named_without_it(clean_env, capsys):
    clean_env.setenv("ARB_ODDS_API_URL", "ftp://user:hunter22@odds.example")
    assert main(["stream", "--venue", "polymarket", "--seconds", "1"]) == 2
    message = one_error_line(capsys, "stream")
    assert message.startswith("ARB_ODDS_API_URL='ftp://user:***@odds.example' is not a usable URL")


def test_an_unusable_data_directory_is_one_line_and_exit_2(clean_env, capsys, tmp_path):
    home = tmp_path / "not-a-directory"
    home.write_text("")
    clean_env.setenv("ARB_HOME", str(home))
    assert main(["sandbox", "--port", "0"]) == 2
    message = one_error_line(capsys, "sandbox")
    assert message.startswith(f"ARB_HOME={str(home)!r} cannot hold the project's data (")
    assert message.endswith("expected a directory this user can create and write")


def test_an_unusable_warehouse_schema_names_the_setting(clean_env):
    clean_env.setenv("ARB_WAREHOUSE_SCHEMA", "Arb Prod")
    with pytest.raises(SettingsError, match=r"^ARB_WAREHOUSE_SCHEMA='Arb Prod' is not valid: warehouse schema name"):
        Warehouse.connect("postgresql+psycopg://arb@127.0.0.1:1/arb", migrate=False)


def test_an_unknown_log_level_is_refused_by_the_parser(capsys, tmp_path):
    with pytest.raises(SystemExit) as exited:
        main(["--log-level", "loud", "scan", "--capture", str(tmp_path), "--out", str(tmp_path / "o.json")])
    assert exited.value.code == 2
    assert "--log-level: invalid choice: 'LOUD'" in capsys.readouterr().err


def test_leg_and_clock_skews_reach_the_thresholds(clean_env):
    clean_env.setenv("ARB_MAX_LEG_SKEW_S", "2.5")
    clean_env.setenv("ARB_MAX_CLOCK_SKEW_S", "0")
    thresholds = ScanSettings.from_env().thresholds()
    assert (thresholds.max_leg_skew_s, thresholds.max_clock_skew_s) == (2.5, 0.0)
    defaults = ScanSettings().thresholds()
    assert (defaults.max_leg_skew_s, defaults.max_clock_skew_s) == (10.0, 5.0)
