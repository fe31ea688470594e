"""Settings from the environment, and the pairs file they name."""

import json
from decimal import Decimal

import pytest

from arb_pipeline.config import ScanSettings, VenueEndpoints
from arb_pipeline.domain.matching import PairsFileError

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
    with pytest.raises(ValueError, match="ARB_MIN_APY='lots' is not a number"):
        ScanSettings.from_env({"ARB_MIN_APY": "lots"})
    with pytest.raises(ValueError, match="ARB_AUTO_APPROVE_CONFIDENCE"):
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
