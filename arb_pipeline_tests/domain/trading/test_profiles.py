from decimal import Decimal

import pytest

from arb_pipeline.domain.trading.profiles import (
    PROFILES,
    ProfileError,
    ProfileName,
    TradingProfile,
    parse_bankroll,
    parse_profile,
)

D = Decimal


@pytest.mark.parametrize(
    ("name", "edge", "consensus", "kelly"),
    [
        ("CONSERVATIVE", "0.06", "4/4", "0.15"),
        ("STANDARD", "0.05", "3/4", "0.25"),
        ("AGGRESSIVE", "0.03", "3/4", "0.35"),
        ("VERY_AGGRESSIVE", "0.02", "2/4", "0.50"),
    ],
)
def test_each_named_profile_holds_the_issue_numbers(name, edge, consensus, kelly):
    profile = parse_profile(name)
    assert profile.name is ProfileName(name.lower())
    assert (profile.min_edge, profile.consensus, profile.kelly_multiplier) == (D(edge), consensus, D(kelly))
    assert profile.overrides == ()
    assert profile is PROFILES[profile.name]


def test_names_are_read_loosely_and_default_to_standard():
    assert parse_profile("very-aggressive").name is ProfileName.VERY_AGGRESSIVE
    assert parse_profile(" Very Aggressive ").name is ProfileName.VERY_AGGRESSIVE
    assert parse_profile(None).name is ProfileName.STANDARD
    assert parse_profile("").name is ProfileName.STANDARD


def test_overrides_change_only_the_fields_named_and_say_so():
    profile = parse_profile("aggressive", {"kelly_multiplier": "0.3", "consensus": "4/5"})
    assert profile.name is ProfileName.AGGRESSIVE
    assert (profile.min_edge, profile.kelly_multiplier) == (D("0.03"), D("0.3"))
    assert (profile.consensus_required, profile.consensus_books) == (4, 5)
    assert profile.overrides == ("consensus", "kelly_multiplier")


def test_custom_profile_needs_every_field():
    profile = parse_profile("custom", {"min_edge": "0.04", "consensus": "1/3", "kelly_multiplier": D("0.2")})
    assert profile == TradingProfile(name=ProfileName.CUSTOM, min_edge=D("0.04"), consensus_required=1,
                                     consensus_books=3, kelly_multiplier=D("0.2"),
                                     overrides=("consensus", "kelly_multiplier", "min_edge"))
    with pytest.raises(ProfileError, match=r"^consensus: a custom profile sets every field"):
        parse_profile("custom", {"min_edge": "0.04", "kelly_multiplier": "0.2"})


@pytest.mark.parametrize(
    ("name", "overrides", "message"),
    [
        ("turbo", {}, r"^TRADING_PROFILE: unknown profile 'turbo' \(known: CONSERVATIVE, STANDARD"),
        ("standard", {"min_edge": "five cents"}, r"^min_edge: 'five cents' is not a decimal number"),
        ("standard", {"min_edge": 0.05}, r"^min_edge: expected a decimal string or Decimal, got float"),
        ("standard", {"min_edge": "0"}, r"^min_edge: 0 is not a dollar edge per contract in \(0, 1\)"),
        ("standard", {"min_edge": "1.5"}, r"^min_edge: 1.5 is not"),
        ("standard", {"min_edge": "NaN"}, r"^min_edge: 'NaN' is not a finite number"),
        ("standard", {"consensus": "3 of 4"}, r"^consensus: '3 of 4' is not written as k/n"),
        ("standard", {"consensus": "5/4"}, r"^consensus: 5 of 4 books cannot be required"),
        ("standard", {"consensus": "0/4"}, r"^consensus: 0 of 4 books cannot be required"),
        ("standard", {"consensus": "0/0"}, r"^consensus: polls 0 books"),
        ("standard", {"kelly_multiplier": "1.2"}, r"^kelly_multiplier: 1.2 is not a fraction of Kelly"),
        ("standard", {"kelly_multiplier": "-0.1"}, r"^kelly_multiplier: -0.1 is not"),
        ("standard", {"bankroll": "100"}, r"^bankroll: not a profile field"),
    ],
)
def test_bad_profiles_name_the_field(name, overrides, message):
    with pytest.raises(ProfileError, match=message):
        parse_profile(name, overrides)


def test_bankroll_is_exact_dollars():
    assert parse_bankroll("2500") == D(2500)
    assert parse_bankroll(" $2,500.50 ") == D("2500.50")
    assert parse_bankroll(D("10.10")) == D("10.10")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("lots", r"^TRADING_BANKROLL: 'lots' is not a decimal number"),
        ("0", r"^TRADING_BANKROLL: '0' is not a positive dollar amount"),
        ("-5", r"^TRADING_BANKROLL: '-5' is not a positive"),
        ("10.005", r"^TRADING_BANKROLL: '10.005' has fractions of a cent"),
        (2500.0, r"^TRADING_BANKROLL: expected a decimal string or Decimal, got float"),
        ("Infinity", r"^TRADING_BANKROLL: 'Infinity' is not a finite number"),
    ],
)
def test_bad_bankrolls_name_the_variable(value, message):
    with pytest.raises(ProfileError, match=message):
        parse_bankroll(value)
