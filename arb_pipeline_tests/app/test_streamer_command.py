"""What `arb-pipeline streamer` says when it stops: where its rows went, and what reads them."""

from __future__ import annotations

from pathlib import Path

from arb_pipeline.app.streamer import print_next_steps


def test_the_default_schema_needs_no_setting_and_a_plain_run_points_at_its_tables(capsys):
    print_next_steps("arb", None, paper_traded=False)
    out = capsys.readouterr().out
    assert "in schema arb," in out
    assert '  arb-pipeline psql -- -c "select evaluated_at' in out
    # Money a person reads is dollars and cents, not the column's six places.
    assert "round(net_profit, 2) as net_profit_usd" in out
    assert "positions" not in out and "backtest" not in out


def test_another_schema_is_named_on_every_command_with_the_paper_book_and_the_replay(capsys):
    print_next_steps("arb_demo", Path("/tmp/rec"), paper_traded=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  ARB_WAREHOUSE_SCHEMA=arb_demo arb-pipeline psql -- -c ")
    assert lines[2] == (
        "  ARB_WAREHOUSE_SCHEMA=arb_demo arb-pipeline positions; ARB_WAREHOUSE_SCHEMA=arb_demo arb-pipeline pnl"
        "    (the paper book and the day's PnL)"
    )
    assert lines[3] == "  arb-pipeline backtest --recording /tmp/rec    (replay the recorded frames)"
