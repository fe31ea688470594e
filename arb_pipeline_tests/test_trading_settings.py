"""TRADING_PROFILE, TRADING_BANKROLL, the limits and the fill delays as the environment gives
them: defaults, overrides, and one clear line for a value that cannot be used."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.config import SettingsError, TradingSettings
from arb_pipeline.domain.trading import PROFILES, ProfileName

D = Decimal


def test_defaults_are_the_standard_profile_on_a_thousand_dollars():
    settings = TradingSettings.from_env({})
    assert settings.profile == PROFILES[ProfileName.STANDARD]
    assert settings.bankroll == D(1000)
    assert settings.limits.max_capital_per_trade == D(100) and settings.limits.daily_loss_limit == D(50)
    assert (settings.entry_delay_snapshots, settings.hedge_delay_snapshots) == (1, 0)
    assert settings.kill_switch_file is None
    assert settings.exit_margin == D("1.00")


def test_profile_bankroll_limits_and_delays_from_the_environment(tmp_path: Path):
    settings = TradingSettings.from_env({
        "TRADING_PROFILE": "custom", "TRADING_MIN_EDGE": "0.004", "TRADING_CONSENSUS": "2/4",
        "TRADING_KELLY_MULTIPLIER": "0.2", "TRADING_BANKROLL": "$2,500.00", "TRADING_MAX_TRADES_PER_DAY": "7",
        "TRADING_MAX_CAPITAL_PER_TRADE": "40.50", "TRADING_COOLDOWN_S": "60", "TRADING_ENTRY_DELAY_SNAPSHOTS": "2",
        "TRADING_HEDGE_DELAY_SNAPSHOTS": "1", "TRADING_KILL_SWITCH_FILE": str(tmp_path / "halt"),
        "TRADING_EXIT_MARGIN": "0.25",
    })
    assert settings.profile.name is ProfileName.CUSTOM and settings.profile.min_edge == D("0.004")
    assert (settings.profile.consensus_required, settings.profile.consensus_books) == (2, 4)
    assert settings.bankroll == D("2500.00")
    assert settings.limits.max_trades_per_day == 7 and settings.limits.max_capital_per_trade == D("40.50")
    # Limits not named stay scaled to the bankroll.
    assert settings.limits.max_total_capital == D("2000.0000")
    assert settings.limits.cooldown == timedelta(seconds=60)
    assert (settings.entry_delay_snapshots, settings.hedge_delay_snapshots) == (2, 1)
    assert settings.kill_switch_file == tmp_path / "halt"
    assert settings.exit_margin == D("0.25")


@pytest.mark.parametrize(("env", "message"), [
    ({"TRADING_PROFILE": "reckless"}, "TRADING_PROFILE: unknown profile 'reckless'"),
    ({"TRADING_BANKROLL": "-5"}, "TRADING_BANKROLL: '-5' is not a positive dollar amount"),
    ({"TRADING_BANKROLL": "10.001"}, "fractions of a cent"),
    ({"TRADING_MAX_TRADES_PER_DAY": "2.5"}, "TRADING_MAX_TRADES_PER_DAY='2.5' is not valid: expected whole trades"),
    ({"TRADING_DAILY_LOSS_LIMIT": "0"}, "TRADING_DAILY_LOSS_LIMIT='0' is not valid"),
    ({"TRADING_ENTRY_DELAY_SNAPSHOTS": "0"}, "never fills on the books that found it"),
    ({"TRADING_HEDGE_DELAY_SNAPSHOTS": "soon"}, "TRADING_HEDGE_DELAY_SNAPSHOTS='soon' is not valid"),
    ({"TRADING_EXIT_MARGIN": "-1"}, "TRADING_EXIT_MARGIN='-1' is not valid"),
])
def test_a_value_that_cannot_be_used_names_the_setting(env, message):
    with pytest.raises(SettingsError, match=message.replace("$", r"\$").replace("(", r"\(")):
        TradingSettings.from_env(env)
