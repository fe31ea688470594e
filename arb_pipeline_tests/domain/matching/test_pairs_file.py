"""The user's pairs file: pins (identity, inverse, sum), rejections, validation, and precedence
over the matcher."""

from __future__ import annotations

import json

import pytest

from arb_pipeline.domain.matching import (
    PairsFileError,
    apply_pairs_file,
    match_report,
    parse_pairs_file,
)
from arb_pipeline.domain.models import Market, PairStatus, PairTransform
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named

FED_RULES = "The market settles on the FOMC statement published on federalreserve.gov."


def fed_markets() -> tuple[list[Market], list[Market]]:
    """Kalshi's Fed range buckets and threshold, and Polymarket's "above 3.50%": the two buckets
    3.50-3.75% and 3.75-4.00% plus "above 4.00%" pay exactly when the upper bound ends above 3.50%."""
    close = "2026-01-28T19:00:00Z"
    kalshi_markets = [
        kalshi("KXFEDRANGE-26JAN-B3.625", title="Will the federal funds target range be 3.50% to 3.75% after the Fed's Jan 28, 2026 meeting?",
               yes_sub_title="3.50% to 3.75%", strike_type="between", floor=3.50, cap=3.75, close_time=close, rules=FED_RULES),
        kalshi("KXFEDRANGE-26JAN-B3.875", title="Will the federal funds target range be 3.75% to 4.00% after the Fed's Jan 28, 2026 meeting?",
               yes_sub_title="3.75% to 4.00%", strike_type="between", floor=3.75, cap=4.00, close_time=close, rules=FED_RULES),
        kalshi("KXFED-26JAN-T4.00", title="Will the upper bound of the federal funds rate be above 4.00% after the Fed's Jan 28, 2026 meeting?",
               yes_sub_title="Above 4.00%", strike_type="greater", floor=4.00, close_time=close, rules=FED_RULES),
        kalshi("KXFED-26JAN-T3.50", title="Will the upper bound of the federal funds rate be above 3.50% after the Fed's Jan 28, 2026 meeting?",
               yes_sub_title="Above 3.50%", strike_type="greater", floor=3.50, close_time=close, rules=FED_RULES),
    ]
    polymarket = [
        gamma("600", question="Will the Fed rate be above 3.50% after the January 2026 meeting?", end=close,
              description='This market will resolve to "Yes" if the upper bound of the target federal funds range is above 3.50%.'),
        gamma("601", question="Bucks vs. Lakers", outcomes=("Bucks", "Lakers"), slug="nba-mil-lal-2026-01-09",
              sports_market_type="moneyline", event_title="Bucks vs. Lakers"),
    ]
    return kalshi_markets, polymarket


YAML = """
# hand-checked pairs
pin:
  - kalshi: [KXFEDRANGE-26JAN-B3.625, KXFEDRANGE-26JAN-B3.875, KXFED-26JAN-T4.00]
    polymarket: "600"
    transform: sum
    note: 3.50-3.75 + 3.75-4.00 + above 4.00 = above 3.50
reject:
  - kalshi: KXFED-26JAN-T3.50
    polymarket: 600
    reason: I do not trust this one
"""


def test_yaml_and_json_read_the_same() -> None:
    from_yaml = parse_pairs_file(YAML, "yaml")
    document = {"pin": [{"kalshi": ["KXFEDRANGE-26JAN-B3.625", "KXFEDRANGE-26JAN-B3.875", "KXFED-26JAN-T4.00"],
                         "polymarket": "600", "transform": "sum",
                         "note": "3.50-3.75 + 3.75-4.00 + above 4.00 = above 3.50"}],
                "reject": [{"kalshi": "KXFED-26JAN-T3.50", "polymarket": "600", "reason": "I do not trust this one"}]}
    from_json = parse_pairs_file(json.dumps(document), "json")
    assert from_yaml.pins == from_json.pins and from_yaml.rejections == from_json.rejections
    assert from_yaml.pins[0].transform is PairTransform.SUM
    assert from_yaml.rejections[0].polymarket_market_id == "600"  # an unquoted YAML number is the same id


def test_an_empty_file_pins_nothing() -> None:
    assert parse_pairs_file("", "yaml").pins == ()


def test_validation_names_every_bad_entry_and_field() -> None:
    text = """
pin:
  - kalshi: KXA
    polymarket: "1"
    transform: invert
  - kalshi: KXB
    transform: sum
  - kalshi: [KXC, KXD]
    polymarket: "2"
  - kalshi: KXE
    polymarket: "3"
    colour: blue
reject:
  - kalshi: [KXF]
    polymarket: "4"
extra: 1
"""
    with pytest.raises(PairsFileError) as caught:
        parse_pairs_file(text, "yaml", source="pairs.yaml")
    problems = caught.value.problems
    assert "pin[0] field 'transform': unknown transform 'invert' (expected identity, inverse or sum)" in problems
    assert "pin[1]: missing field 'polymarket'" in problems
    assert "pin[1] field 'kalshi': transform sum needs a list of two or more Kalshi tickers" in problems
    assert "pin[2] field 'kalshi': transform identity takes one Kalshi ticker, got 2" in problems
    assert any(p.startswith("pin[3]: unknown field(s) 'colour'") for p in problems)
    assert "reject[0] field 'kalshi': a rejection names one Kalshi ticker, got a list" in problems
    assert any(p.startswith("unknown top-level key(s) 'extra'") for p in problems)
    assert str(caught.value).startswith("pairs.yaml: ")


def test_pinning_and_rejecting_the_same_pair_is_an_error() -> None:
    text = json.dumps({"pin": [{"kalshi": "KXA", "polymarket": "1"}], "reject": [{"kalshi": "KXA", "polymarket": "1"}]})
    with pytest.raises(PairsFileError, match=r"reject\[0\]: rejects the pair pin\[0\] pins"):
        parse_pairs_file(text, "json")


def test_broken_yaml_is_reported() -> None:
    with pytest.raises(PairsFileError, match="not valid YAML"):
        parse_pairs_file("pin: [unclosed", "yaml")


def test_identity_inverse_and_named_outcomes() -> None:
    kalshi_markets, polymarket = fed_markets()
    fed, game = polymarket
    mil = kalshi("KXNBAGAME-26JAN09MILLAL-MIL", title="Milwaukee at Los Angeles L Winner?", yes_sub_title="Milwaukee",
                 event_title="Milwaukee at Los Angeles L", category="Sports")
    pairs_file = parse_pairs_file(json.dumps({"pin": [
        {"kalshi": "KXFED-26JAN-T3.50", "polymarket": "600"},
        {"kalshi": "KXFED-26JAN-T4.00", "polymarket": "600", "transform": "inverse"},
        {"kalshi": "KXNBAGAME-26JAN09MILLAL-MIL", "polymarket": "601", "pays_on_kalshi_yes": "bucks"},
    ]}), "json")
    decisions = apply_pairs_file(pairs_file, {m.market_id: m for m in [*kalshi_markets, mil]}, {m.market_id: m for m in polymarket})
    identity, inverse, named = decisions.pairs
    assert (identity.polymarket_yes_token, identity.polymarket_no_token) == (token_named(fed, "Yes"), token_named(fed, "No"))
    assert (inverse.polymarket_yes_token, inverse.polymarket_no_token) == (token_named(fed, "No"), token_named(fed, "Yes"))
    assert named.polymarket_yes_token == token_named(game, "Bucks")
    assert all(p.status is PairStatus.APPROVED and p.decided_by == "pairs_file" and p.confidence == 1.0
               for p in decisions.pairs)
    assert decisions.issues == ()


def test_team_outcomes_need_a_named_outcome() -> None:
    _, polymarket = fed_markets()
    mil = kalshi("KXNBAGAME-26JAN09MILLAL-MIL", title="Milwaukee at Los Angeles L Winner?", yes_sub_title="Milwaukee",
                 category="Sports")
    pairs_file = parse_pairs_file("pin:\n  - kalshi: KXNBAGAME-26JAN09MILLAL-MIL\n    polymarket: '601'\n", "yaml")
    decisions = apply_pairs_file(pairs_file, {mil.market_id: mil}, {m.market_id: m for m in polymarket})
    assert decisions.pairs == ()
    assert decisions.issues == ("pairs file pin[0]: Polymarket market 601 has no 'Yes' outcome (Bucks/Lakers); name the "
                                "outcome that pays on Kalshi YES with 'pays_on_kalshi_yes'; entry skipped",)


def test_unknown_markets_are_reported_not_fatal() -> None:
    kalshi_markets, polymarket = fed_markets()
    pairs_file = parse_pairs_file(json.dumps({
        "pin": [{"kalshi": "KXGONE-26JAN-T1", "polymarket": "600"}, {"kalshi": "KXFED-26JAN-T3.50", "polymarket": "999"}],
        "reject": [{"kalshi": "KXFED-26JAN-T3.50", "polymarket": "998"}],
    }), "json", source="pairs.json")
    report = match_report(kalshi_markets, polymarket, pairs_file=pairs_file)
    assert report.pairs_file_issues == (
        "pairs.json pin[0]: Kalshi market KXGONE-26JAN-T1 is not in the catalog; entry skipped",
        "pairs.json pin[1]: Polymarket market 999 is not in the catalog; entry skipped",
        "pairs.json reject[0]: Polymarket market 998 is not in the catalog; entry skipped",
    )
    # The matcher's own pair still stands.
    assert any(p.kalshi_ticker == "KXFED-26JAN-T3.50" and p.status is PairStatus.APPROVED for p in report.pairs)


def test_the_pairs_file_wins_over_the_matcher() -> None:
    kalshi_markets, polymarket = fed_markets()
    automatic = match_report(kalshi_markets, polymarket).pairs
    approved = [p for p in automatic if p.status is PairStatus.APPROVED]
    assert [(p.kalshi_ticker, p.polymarket_market_id) for p in approved] == [("KXFED-26JAN-T3.50", "600")]

    pairs = match_report(kalshi_markets, polymarket, pairs_file=parse_pairs_file(YAML)).pairs
    decided = {(p.kalshi_ticker, p.polymarket_market_id): p for p in pairs if p.decided_by == "pairs_file"}
    rejected = decided[("KXFED-26JAN-T3.50", "600")]
    assert rejected.status is PairStatus.REJECTED
    assert rejected.reasons == ("REJECT: rejected in pairs file reject[0]: I do not trust this one",)
    basket = decided[("KXFEDRANGE-26JAN-B3.625", "600")]
    assert basket.status is PairStatus.APPROVED and basket.transform is PairTransform.SUM
    assert basket.kalshi_legs == ("KXFEDRANGE-26JAN-B3.625", "KXFEDRANGE-26JAN-B3.875", "KXFED-26JAN-T4.00")
    assert basket.polymarket_yes_token == token_named(polymarket[0], "Yes")
    # No automatic pair survives for a pair the file decided, leg by leg.
    automatic_keys = {(p.kalshi_ticker, p.polymarket_market_id) for p in pairs if p.decided_by == "matcher"}
    assert not automatic_keys & ({(leg, "600") for leg in basket.kalshi_legs} | {("KXFED-26JAN-T3.50", "600")})


def test_pinning_the_same_pair_twice_is_an_error() -> None:
    text = json.dumps({"pin": [{"kalshi": "KXA", "polymarket": "1", "pays_on_kalshi_yes": "Bucks"},
                               {"kalshi": "KXA", "polymarket": "1", "transform": "inverse"}]})
    with pytest.raises(PairsFileError, match=r"pin\[1\]: pins the same pair as pin\[0\]"):
        parse_pairs_file(text, "json")


def test_a_pin_sends_other_approved_pairs_of_that_kalshi_market_to_review() -> None:
    kalshi_markets, polymarket = fed_markets()
    # A phrasing the matcher does not read; the user knows it is the same question.
    unread = gamma("602", question="FOMC January: upper bound over three and a half percent?", end="2026-01-28T19:00:00Z")
    pairs_file = parse_pairs_file("pin:\n  - kalshi: KXFED-26JAN-T3.50\n    polymarket: '602'\n", "yaml")
    without_pin = match_report(kalshi_markets, [polymarket[0], unread]).pairs
    assert any(p.polymarket_market_id == "600" and p.status is PairStatus.APPROVED for p in without_pin)
    pairs = match_report(kalshi_markets, [polymarket[0], unread], pairs_file=pairs_file).pairs
    other = next(p for p in pairs if (p.kalshi_ticker, p.polymarket_market_id) == ("KXFED-26JAN-T3.50", "600"))
    assert other.status is PairStatus.REVIEW
    assert other.reasons[-1] == "the pairs file pins this Kalshi market to Polymarket 602: a human picks"


# --- pins the matcher can prove wrong ----------------------------------------------------------------


def game_markets() -> tuple[Market, Market]:
    mil = kalshi("KXNBAGAME-26JAN09MILLAL-MIL", title="Milwaukee at Los Angeles L Winner?", yes_sub_title="Milwaukee",
                 event_title="Milwaukee at Los Angeles L", strike_type="structured", category="Sports",
                 close_time="2026-01-24T03:30:00Z")
    game = gamma("601", question="Bucks vs. Lakers", outcomes=("Bucks", "Lakers"), slug="nba-mil-lal-2026-01-09",
                 sports_market_type="moneyline", event_title="Bucks vs. Lakers", game_start_time="2026-01-10 03:30:00+00",
                 series_slug="nba-2026")
    return mil, game


def pin_yaml(outcome: str, *, force: str | None = None) -> str:
    text = f"pin:\n  - kalshi: KXNBAGAME-26JAN09MILLAL-MIL\n    polymarket: '601'\n    pays_on_kalshi_yes: {outcome}\n"
    return text + (f"    force: {force}\n" if force is not None else "")


def pinned(report_pairs: tuple) -> list:
    return [p for p in report_pairs if p.decided_by == "pairs_file"]


def test_a_pin_naming_the_wrong_team_is_held_in_review_and_said_loudly(caplog: pytest.LogCaptureFixture) -> None:
    mil, game = game_markets()
    with caplog.at_level("WARNING", logger="arb_pipeline.domain.matching.matcher"):
        report = match_report([mil], [game], pairs_file=parse_pairs_file(pin_yaml("Lakers"), source="pairs.yaml"))
    (pair,) = pinned(report.pairs)
    assert pair.status is PairStatus.REVIEW and pair.confidence == 0.0
    contradiction = next(r for r in pair.reasons if r.startswith("CONTRADICTED: "))
    assert "the token mapping is inverted: Polymarket 'Bucks' pays on Kalshi YES, the pin says 'Lakers'" in contradiction
    (issue,) = report.pairs_file_issues
    assert issue.startswith("pairs.yaml pin[0]: the matcher contradicts this pin (the token mapping is inverted")
    assert "stays in review, out of opportunities, until the pin is confirmed with force: true" in issue
    assert any(record.levelname == "WARNING" and "pin[0]" in record.getMessage() and "inverted" in record.getMessage()
               for record in caplog.records)
    # No automatic pair for the same markets survives beside the held pin.
    assert [p for p in report.pairs if p.status is PairStatus.APPROVED] == []


def test_force_true_approves_a_contradicted_pin_and_records_it() -> None:
    mil, game = game_markets()
    report = match_report([mil], [game], pairs_file=parse_pairs_file(pin_yaml("Lakers", force="true"), source="pairs.yaml"))
    (pair,) = pinned(report.pairs)
    assert pair.status is PairStatus.APPROVED
    assert pair.polymarket_yes_token == token_named(game, "Lakers")
    assert "force: true in pairs.yaml pin[0]" in pair.reasons
    assert any(r.startswith("FORCED: the matcher contradicts this pin: the token mapping is inverted") for r in pair.reasons)
    (issue,) = report.pairs_file_issues
    assert issue.endswith("approved because the pin says force: true")


def test_a_pin_the_matcher_agrees_with_is_approved_without_issue() -> None:
    mil, game = game_markets()
    report = match_report([mil], [game], pairs_file=parse_pairs_file(pin_yaml("Bucks")))
    (pair,) = pinned(report.pairs)
    assert pair.status is PairStatus.APPROVED and pair.polymarket_yes_token == token_named(game, "Bucks")
    assert report.pairs_file_issues == ()
    assert not any(r.startswith(("CONTRADICTED", "FORCED")) for r in pair.reasons)


def test_a_pin_on_markets_proven_different_is_held_in_review() -> None:
    # Strict "above 3.0%" against inclusive "at least 3.0%": a value of exactly 3.0% settles them apart.
    k = kalshi("KXCPIYOY-25DEC-T3.0", title="Will CPI inflation be above 3.0% in Dec 2025?", yes_sub_title="Above 3.0%",
               strike_type="greater", floor=3.0, close_time="2026-01-13T13:25:00Z",
               rules="The year-over-year change in CPI-U as first published by the Bureau of Labor Statistics, to one decimal place.")
    p = gamma("700", question="Will annual inflation be at least 3.0% in December 2025?", end="2026-01-13T13:30:00Z",
              description="CPI-U as first published by the Bureau of Labor Statistics, to one decimal place.")
    report = match_report([k], [p], pairs_file=parse_pairs_file("pin:\n  - kalshi: KXCPIYOY-25DEC-T3.0\n    polymarket: '700'\n"))
    (pair,) = pinned(report.pairs)
    assert pair.status is PairStatus.REVIEW
    assert any(r.startswith("CONTRADICTED: the markets do not settle on the same outcome:") and "3.0%" in r
               for r in pair.reasons)


def test_a_pin_the_matcher_cannot_judge_stays_as_pinned() -> None:
    kalshi_markets, polymarket = fed_markets()
    unread = gamma("602", question="FOMC January: upper bound over three and a half percent?", end="2026-01-28T19:00:00Z")
    report = match_report(kalshi_markets, [*polymarket, unread], pairs_file=parse_pairs_file(
        "pin:\n  - kalshi: KXFED-26JAN-T3.50\n    polymarket: '602'\n" + YAML.split("pin:\n", 1)[1].split("reject:")[0]))
    held = {(p.kalshi_ticker, p.polymarket_market_id): p for p in pinned(report.pairs)}
    assert held[("KXFED-26JAN-T3.50", "602")].status is PairStatus.APPROVED
    # A sum basket is never judged leg by leg: it stays as pinned.
    assert held[("KXFEDRANGE-26JAN-B3.625", "600")].status is PairStatus.APPROVED
    assert report.pairs_file_issues == ()


def test_force_must_be_a_boolean() -> None:
    with pytest.raises(PairsFileError, match=r"pin\[0\] field 'force': expected true or false, got 'sure'"):
        parse_pairs_file("pin:\n  - kalshi: KXA\n    polymarket: '1'\n    force: sure\n")
