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


def test_an_opened_opportunity_fits_a_line_with_its_apy_as_the_scan_shows_it(capsys):
    from datetime import UTC, datetime
    from decimal import Decimal

    from arb_pipeline.app.streamer import print_opened
    from arb_pipeline.domain.models import OpportunityKind
    from arb_pipeline.domain.opportunity_events import SpreadKey

    token = "883317457174311343083907311019748470930505462571556647432482147800634602499806"
    key = SpreadKey(OpportunityKind.CROSS_VENUE, "KXNBAGAME-26DEC07MEMCHI-MEM", "544100", "no", token)

    class Opened:
        # The fields print_opened reads of an open event.
        def __init__(self, apy: Decimal | None) -> None:
            self.key, self.apy, self.contracts = key, apy, Decimal("723")
            self.cost, self.net_profit, self.opened_at = Decimal("691.6396"), Decimal("31.3604"), datetime.now(tz=UTC)

    print_opened([Opened(Decimal("13.883653879")), Opened(None)])
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("  kalshi KXNBAGAME-26DEC07MEMCHI-MEM no + polymarket 544100 token …02499806 ")
    assert token not in first and len(first) < 140
    assert first.endswith("723 sets  cost    $691.64  net   $31.36  APY 1,388.4%")
    assert second.endswith("APY n/a")
    # Logs keep the whole token id, to be found in the warehouse.
    assert key.describe().endswith(f"token {token}")
