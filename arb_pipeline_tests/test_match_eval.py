"""``arb-pipeline match-eval`` end to end on a small labeled file a user could write, and the
matcher's floor on the project's development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from arb_pipeline.app.match_eval import LabeledSetError, named_set, read_labeled_path, run_match_eval
from arb_pipeline.cli import main
from arb_pipeline.domain.matching.evaluation import Judgement
from arb_pipeline_tests.domain.matching.labeled_builder import token


def kalshi_market(ticker: str, floor: float, **extra: object) -> dict:
    month_rule = f"If the year-over-year change in CPI-U for June 2026, as first released by the BLS, is above {floor}%, then the market resolves to Yes."
    return {
        "ticker": ticker, "event_ticker": "KXCPIYOY-26JUN", "market_type": "binary",
        "title": f"Will CPI inflation be above {floor}% in June 2026?", "yes_sub_title": f"Above {floor}%",
        "no_sub_title": f"Above {floor}%", "open_time": "2026-06-01T14:00:00Z", "close_time": "2026-07-14T12:25:00Z",
        "expected_expiration_time": "2026-07-14T12:30:00Z", "status": "active", "yes_bid_dollars": "0.4100",
        "yes_ask_dollars": "0.4300", "no_bid_dollars": "0.5700", "no_ask_dollars": "0.5900", "yes_bid_size_fp": "120.00",
        "yes_ask_size_fp": "80.00", "strike_type": "greater", "floor_strike": floor, "cap_strike": None,
        "rules_primary": month_rule, "rules_secondary": "Read to one decimal place as first published.",
        "price_level_structure": "linear_cent", **extra,
    }  # fmt: skip


def gamma_market(market_id: str, question: str, rule: str) -> dict:
    slug = f"cpi-june-2026-{market_id}"
    return {
        "id": market_id, "question": question, "slug": slug, "conditionId": "0x" + "ab" * 32,
        "description": f"This market will resolve to \"Yes\" if the annual change in CPI-U for June 2026, as first "
                       f"published by the BLS at one decimal, is {rule}. Otherwise \"No\".",
        "outcomes": "[\"Yes\", \"No\"]", "outcomePrices": "[\"0.42\", \"0.58\"]",
        "clobTokenIds": json.dumps([token(f"{slug}:Yes"), token(f"{slug}:No")]),
        "endDate": "2026-07-14T12:30:00Z", "active": True, "closed": False, "acceptingOrders": True,
        "feesEnabled": False, "events": [{"id": "77001", "slug": "june-2026-inflation", "title": "US inflation in June?"}],
    }  # fmt: skip


@pytest.fixture
def labeled_file(tmp_path: Path) -> Path:
    document = {
        "version": 1,
        "name": "june cpi",
        "category": "inflation",
        "kalshi": [
            kalshi_market("KXCPIYOY-26JUN-T3.0", 3.0),
            {"markets": [kalshi_market("KXCPIYOY-26JUN-T2.9", 2.9)], "cursor": ""},  # a GET /markets page
            {"ticker": "KXCPIYOY-26JUN-T3.1", "event_ticker": "KXCPIYOY-26JUN"},  # no status: skipped
        ],
        "polymarket": [
            gamma_market("901001", "Will annual inflation be above 3.0% in June 2026?", "above 3.0%"),
            gamma_market("901002", "Will annual inflation be at least 2.9% in June 2026?", "2.9% or higher"),
        ],
        "labels": [
            {"kalshi": "KXCPIYOY-26JUN-T3.0", "polymarket": "901001", "relation": "identity", "reason": "same threshold"},
            {"kalshi": "KXCPIYOY-26JUN-T2.9", "polymarket": 901002, "relation": "not_equivalent",
             "trap": "strict_vs_inclusive", "reason": "exactly 2.9% pays only Polymarket"},
            {"kalshi": "KXCPIYOY-26JUN-T2.9", "polymarket": "901001", "relation": "not_equivalent",
             "trap": "near_miss_threshold", "category": "thresholds", "reason": "2.9 against 3.0"},
            {"kalshi": "KXCPIYOY-26JUN-T3.0", "polymarket": "999999", "relation": "identity"},  # unknown: skipped
        ],
    }
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_match_eval_reads_a_users_labeled_file_and_reports_every_figure(
    labeled_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.json"
    assert main(["match-eval", "--set", str(labeled_file), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    report = json.loads(out.read_text(encoding="utf-8"))

    assert report["set"] == "june cpi"
    assert report["markets"] == {"kalshi": 2, "polymarket": 2}
    assert report["labels"] == {"true_pairs": 1, "hard_negatives": 2}
    assert len(report["problems"]) == 2
    assert any("KXCPIYOY-26JUN-T3.1" in p and "status" in p for p in report["problems"])
    assert any("999999" in p and "not among the set's markets" in p for p in report["problems"])
    # The identical pair is approved with the Yes token; neither look-alike is approved.
    assert report["overall"]["true_pairs"] == 1 and report["overall"]["correct"] == 1
    assert report["overall"]["negatives"] == 2 and report["overall"]["negatives_approved"] == 0
    assert report["overall"]["precision"] == 1.0 and report["overall"]["recall"] == 1.0
    assert set(report["by_category"]) == {"inflation", "thresholds"}
    assert set(report["by_trap"]) == {"strict_vs_inclusive", "near_miss_threshold"}
    assert report["false_approvals"] == [] and report["polarity_errors"] == [] and report["missed"] == []

    assert "labeled set june cpi: 2 Kalshi and 2 Polymarket markets, 1 true pairs, 2 hard negatives, 2 records skipped" in text
    assert "overall: precision 1.000 (1/1 approved correct)  recall 1.000 (1/1)" in text
    assert "strict_vs_inclusive" in text and "records skipped (2)" in text
    assert f"-> {out}" in text


def test_a_missed_pair_is_listed_with_the_matchers_verdict(labeled_file: Path) -> None:
    document = yaml.safe_load(labeled_file.read_text(encoding="utf-8"))
    # Claim the strict/inclusive look-alike is a true pair: the matcher must not approve it, so
    # the report lists it as missed, with what the matcher did.
    document["labels"][1] = {"kalshi": "KXCPIYOY-26JUN-T2.9", "polymarket": "901002", "relation": "identity"}
    labeled_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    report = run_match_eval(read_labeled_path(labeled_file))
    missed = report.evaluation.missed
    assert [j.label.key for j in missed] == [("KXCPIYOY-26JUN-T2.9", "901002")]
    assert missed[0].judgement in (Judgement.REVIEW, Judgement.REJECTED, Judgement.NOT_PROPOSED)
    assert (missed[0].pair is None) == (missed[0].judgement is Judgement.NOT_PROPOSED)


def test_a_hard_negative_held_back_only_by_a_competing_market_is_listed(labeled_file: Path, tmp_path: Path) -> None:
    document = yaml.safe_load(labeled_file.read_text(encoding="utf-8"))
    # A second listing that states the same proposition, labeled (wrongly, on purpose) a hard
    # negative: with both listings present "several markets qualify" sends both to review, and
    # the negative is caught only by matching it alone, where it approves.
    document["polymarket"].append(gamma_market("901003", "Will CPI inflation be above 3.0% in June 2026?", "above 3.0%"))
    document["labels"].append({"kalshi": "KXCPIYOY-26JUN-T3.0", "polymarket": "901003", "relation": "not_equivalent",
                               "trap": "duplicate_listing", "reason": "a second listing"})
    labeled_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["match-eval", "--set", str(labeled_file), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["overall"]["negatives_approved"] == 0
    assert [(j["kalshi"], j["polymarket"]) for j in report["approved_alone"]] == [("KXCPIYOY-26JUN-T3.0", "901003")]
    assert report["approved_alone"][0]["matcher_status"] == "approved"


def test_a_rejected_look_alike_is_not_listed_as_approved_alone(labeled_file: Path) -> None:
    assert run_match_eval(read_labeled_path(labeled_file)).approved_alone == ()


def test_a_folder_of_labeled_files_is_one_set(labeled_file: Path, tmp_path: Path) -> None:
    second = tmp_path / "more.json"
    second.write_text(json.dumps({
        "kalshi": [kalshi_market("KXCPIYOY-26JUN-T3.5", 3.5)],
        "polymarket": [gamma_market("901003", "Will annual inflation be above 3.5% in June 2026?", "above 3.5%")],
        "labels": [{"kalshi": "KXCPIYOY-26JUN-T3.5", "polymarket": "901003", "relation": "identity"}],
    }), encoding="utf-8")
    labeled = read_labeled_path(tmp_path)
    assert (len(labeled.kalshi), len(labeled.polymarket), labeled.true_pairs, labeled.negatives) == (3, 3, 2, 2)
    assert {label.category for label in labeled.labels} == {"inflation", "thresholds", "uncategorized"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("kalshi: [\n", "not valid YAML"),
        ("- just a list\n", "expected a mapping"),
        ("kalshi: []\npolymarket: []\nlabels: []\ncolour: blue\n", "unknown top-level key(s) 'colour'"),
        ("kalshi: []\npolymarket: []\nlabels: [{kalshi: K, polymarket: '1', relation: identity}]\n", "no usable label"),
    ],
)
def test_an_unusable_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                           message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabeledSetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_labeled_path(path)
    assert main(["match-eval", "--set", str(path)]) == 2
    assert message in capsys.readouterr().err


# What the matcher achieves on the development set today. A change that lowers any of these is a
# regression; matcher work raises them.
DEV_FLOOR_RECALL = 0.30
DEV_FLOOR_PRECISION = 0.98
DEV_MAX_FALSE_APPROVALS = 1


def test_the_matcher_stays_above_its_floor_on_the_development_set() -> None:
    report = run_match_eval(named_set("dev"))
    overall = report.evaluation.overall
    assert report.labeled.problems == ()
    assert overall.true_pairs >= 220 and overall.negatives >= 220
    assert overall.polarity_errors == 0, [j.label for j in report.evaluation.polarity_errors]
    assert overall.negatives_approved + overall.unlabeled_approved <= DEV_MAX_FALSE_APPROVALS, (
        [j.label for j in report.evaluation.false_approvals], report.evaluation.unlabeled_approvals)
    assert overall.precision >= DEV_FLOOR_PRECISION
    assert overall.recall >= DEV_FLOOR_RECALL, overall
