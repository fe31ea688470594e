"""``arb-pipeline review`` on a real PostgreSQL: the queue a person reads, approving (a pin
confirmed by a person, with the exact token), rejecting, withdrawing, and exporting the decisions
as a pairs file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from arb_pipeline.cli import main
from arb_pipeline.domain.matching import match_report
from arb_pipeline.domain.matching.pairs_file import apply_pairs_file, parse_pairs_file
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, Decision
from arb_pipeline.domain.models import PairStatus, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_markets, write_markets
from arb_pipeline.warehouse.pairs import read_decisions, read_pair, read_pairs, read_review_queue, write_match_run
from arb_pipeline_tests.review_helpers import CATEGORIES, labeled_markets, queued_yes_no


@pytest.fixture
def store(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    kalshi, polymarket = labeled_markets(CATEGORIES)
    write_markets(warehouse, [*kalshi, *polymarket])
    write_match_run(warehouse, match_report(kalshi, polymarket).pairs)
    monkeypatch.setenv("ARB_WAREHOUSE_URL", warehouse.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", warehouse.schema)
    monkeypatch.setenv("ARB_REVIEWER", "alice")
    monkeypatch.delenv("ARB_PAIRS_FILE", raising=False)
    assert len(read_review_queue(warehouse)) >= 5
    return warehouse


def test_the_queue_shows_every_pending_pair_oldest_first(store: Warehouse, capsys: pytest.CaptureFixture[str]) -> None:
    pending = read_pairs(store, PairStatus.REVIEW)
    assert main(["review"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{len(pending)} pairs pending; the oldest waits since ")
    first = read_review_queue(store)[0]
    assert f"[1] {first.pair.kalshi_ticker} x {first.pair.polymarket_market_id}  confidence {first.pair.confidence:.2f}" in out
    assert f"    Kalshi:     {first.kalshi_title}" in out
    assert all(f"{p.kalshi_ticker} x {p.polymarket_market_id}" in out for p in pending)
    assert all(f"    - {reason}" in out for reason in first.pair.reasons)

    assert main(["review", "--limit", "2", "list"]) == 0
    limited = capsys.readouterr().out
    assert "[2] " in limited and "[3] " not in limited and f"... {len(pending) - 2} more (--limit)" in limited


def test_approving_from_the_queue_takes_the_matchers_token_and_leaves_the_queue(
    store: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    ticker, market_id, _ = queued_yes_no(store)
    proposed = read_pair(store, ticker, market_id)
    assert proposed is not None and proposed.status is PairStatus.REVIEW
    size = len(read_review_queue(store))

    assert main(["review", "approve", ticker, market_id, "--note", "rules read side by side"]) == 0

    assert (f"approved {ticker} x {market_id} (alice): Polymarket 'Yes' (token …{proposed.polymarket_yes_token[-8:]}) "
            "pays on Kalshi YES") in capsys.readouterr().out
    approved = read_pair(store, ticker, market_id)
    assert approved is not None
    assert (approved.status, approved.decided_by, approved.confidence) == (PairStatus.APPROVED, REVIEW_DECIDER, 1.0)
    assert approved.polymarket_yes_token == proposed.polymarket_yes_token
    assert approved.polymarket_no_token not in ("", approved.polymarket_yes_token)
    assert approved.reasons[0].startswith("pinned in review (approved by alice on ")
    assert "note: rules read side by side" in approved.reasons
    [decision] = read_decisions(store)
    assert (decision.decision, decision.decided_by, decision.reason) == (Decision.APPROVE, "alice", "rules read side by side")
    assert len(read_review_queue(store)) == size - 1


def test_approving_names_the_paying_outcome_and_a_wrong_one_is_refused(
    store: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    ticker, market_id, tokens = queued_yes_no(store)
    assert main(["review", "approve", ticker, market_id, "--pays-on-kalshi-yes", "no", "--by", "bob"]) == 0
    approved = read_pair(store, ticker, market_id)
    assert approved is not None and approved.polymarket_yes_token == tokens["No"]
    assert approved.polymarket_no_token == tokens["Yes"]
    assert "Polymarket 'No' pays on Kalshi YES" in approved.reasons[0]

    assert main(["review", "approve", ticker, market_id, "--pays-on-kalshi-yes", "Maybe"]) == 2
    assert "'Maybe' is not one outcome" in capsys.readouterr().err
    assert main(["review", "approve", "KXNOSUCH-26JAN-T1", market_id]) == 2
    assert "Kalshi market KXNOSUCH-26JAN-T1 is not in the warehouse catalog" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["review", "reject", ticker, market_id])
    assert exited.value.code == 2
    assert "--reason" in capsys.readouterr().err
    assert [d.decided_by for d in read_decisions(store)] == ["bob"]


def test_a_pair_the_matcher_proposes_no_token_for_is_approved_only_with_the_outcome_named(
    store: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    # Which outcome pays is what the matcher could not read ("Will Congress avoid ...?" against
    # "Will the government shut down?"): "Yes" by default would be a guess.
    ticker, market_id, tokens = queued_yes_no(store)
    proposed = read_pair(store, ticker, market_id)
    assert proposed is not None
    write_match_run(store, [replace(proposed, polymarket_yes_token="", polymarket_no_token="")])
    assert main(["review"]) == 0
    assert "pays on Kalshi YES per the matcher: none proposed" in capsys.readouterr().out

    assert main(["review", "approve", ticker, market_id]) == 2
    assert "the matcher proposes no token for this pair (Yes/No)" in capsys.readouterr().err
    assert read_decisions(store) == []
    assert main(["review", "approve", ticker, market_id, "--pays-on-kalshi-yes", "No"]) == 0
    approved = read_pair(store, ticker, market_id)
    assert approved is not None and approved.polymarket_yes_token == tokens["No"]


def test_rejecting_keeps_the_pair_out_and_withdrawing_gives_it_back_to_the_matcher(
    store: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    ticker, market_id, _ = queued_yes_no(store)
    assert main(["review", "reject", ticker, market_id, "--reason", "Kalshi counts the runoff, Polymarket does not"]) == 0
    rejected = read_pair(store, ticker, market_id)
    assert rejected is not None
    assert (rejected.status, rejected.decided_by, rejected.polymarket_yes_token) == (PairStatus.REJECTED, REVIEW_DECIDER, "")
    assert rejected.reasons[0].endswith(": Kalshi counts the runoff, Polymarket does not")

    assert main(["review", "withdraw", ticker, market_id]) == 0
    assert "the next matching run decides this pair again" in capsys.readouterr().out
    assert read_pair(store, ticker, market_id) is None and read_decisions(store) == []
    assert main(["review", "withdraw", ticker, market_id]) == 2
    assert f"no review decision on {ticker} x {market_id}" in capsys.readouterr().err


def test_a_decision_on_a_pair_the_pairs_file_decides_is_recorded_with_a_warning(
    store: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ticker, market_id, _ = queued_yes_no(store)
    pairs_file = tmp_path / "pairs.yaml"
    pairs_file.write_text(f"reject:\n  - kalshi: {ticker}\n    polymarket: \"{market_id}\"\n    reason: checked\n")
    monkeypatch.setenv("ARB_PAIRS_FILE", str(pairs_file))
    assert main(["review", "approve", ticker, market_id]) == 0
    assert f"{pairs_file} reject[0] also decides this pair; the pairs file wins" in capsys.readouterr().err


def test_an_export_with_no_decisions_is_an_empty_pairs_file_and_says_so(
    store: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "export"]) == 0
    captured = capsys.readouterr()
    exported = parse_pairs_file(captured.out, source="stdout")
    assert (list(exported.pins), list(exported.rejections)) == ([], [])
    assert "no review decisions recorded yet" in captured.err


def test_decisions_are_listed_and_exported_as_a_pairs_file_that_pins_the_same_tokens(
    store: Warehouse, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (k1, p1, _), (k2, p2, _) = queued_yes_no(store, 0), queued_yes_no(store, 1)
    assert main(["review", "approve", k1, p1, "--pays-on-kalshi-yes", "Yes", "--note", "same meeting"]) == 0
    assert main(["review", "reject", k2, p2, "--reason", "different source", "--by", "bob"]) == 0
    capsys.readouterr()

    assert main(["review", "decisions"]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith("2 review decisions")
    assert f"alice        approve {k1} x {p1}" in listed and f"bob          reject  {k2} x {p2}" in listed

    out = tmp_path / "decisions.yaml"
    assert main(["review", "export", "--out", str(out)]) == 0
    assert f"2 review decisions written as a pairs file -> {out}" in capsys.readouterr().out
    exported = parse_pairs_file(out.read_text(encoding="utf-8"), source=str(out))
    [pin], [rejection] = exported.pins, exported.rejections
    assert (pin.kalshi_tickers, pin.polymarket_market_id, pin.pays_on_kalshi_yes) == ((k1,), p1, "Yes")
    assert pin.note is not None and pin.note.startswith("approved in review by alice on ") and pin.note.endswith("same meeting")
    assert (rejection.kalshi_ticker, rejection.polymarket_market_id) == (k2, p2)
    assert rejection.reason is not None and rejection.reason.startswith("different source (rejected in review by bob on ")

    kalshi = {m.market_id: m for m in read_markets(store, Venue.KALSHI)}
    polymarket = {m.market_id: m for m in read_markets(store, Venue.POLYMARKET)}
    applied = {(p.kalshi_ticker, p.polymarket_market_id): p for p in apply_pairs_file(exported, kalshi, polymarket).pairs}
    recorded = read_pair(store, k1, p1)
    assert recorded is not None and applied[(k1, p1)].polymarket_yes_token == recorded.polymarket_yes_token
    assert applied[(k2, p2)].status is PairStatus.REJECTED

    assert main(["review", "export"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")
