"""``arb-pipeline positions``, ``pnl``, ``halt`` and ``resume`` against a real PostgreSQL: the
book and the day's PnL in dollars and cents, and the kill switch halting the paper trader until
it is released."""

from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.app.paper_trading import PaperTrader, pending_snapshots
from arb_pipeline.app.settlement import GAMMA, KALSHI_REST, settle_resolutions
from arb_pipeline.cli import main
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import Resolution, kalshi_resolution
from arb_pipeline.reports.values import money
from arb_pipeline.warehouse import trading
from arb_pipeline_tests.app.test_paper_trading_bad_input import LATER, NOW, _books, _found, _settings
from arb_pipeline_tests.domain.trading.builders import PM_ID, TICKER, kalshi_market, pm_market

pytestmark = pytest.mark.integration


@pytest.fixture
def cli_warehouse(warehouse, warehouse_engine, monkeypatch):
    monkeypatch.setenv("ARB_WAREHOUSE_URL", warehouse_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", warehouse.schema)
    monkeypatch.setenv("ARB_OPERATOR", "ops-on-call")
    return warehouse


def test_positions_and_pnl_in_dollars_and_cents(cli_warehouse, capsys):
    _found(cli_warehouse, catalog=[kalshi_market(), pm_market()], entry_books=_books(LATER))
    PaperTrader(cli_warehouse, _settings()).run(pending_snapshots(cli_warehouse), LATER)
    assert main(["positions"]) == 0
    shown = capsys.readouterr().out
    assert "arbitrage:" in shown and f"kalshi {TICKER} yes" in shown and "$" in shown

    resolved_at = LATER + timedelta(minutes=5)
    paid = settle_resolutions(cli_warehouse, _settings(), [
        (kalshi_resolution(TICKER, "yes", resolved_at), KALSHI_REST),
        (Resolution(Venue.POLYMARKET, PM_ID, {"tok-yes": Decimal(1), "tok-no": Decimal(0)}, resolved_at, "Yes won"), GAMMA),
    ], resolved_at)
    realized = sum(s.realized_pnl for s in paid.settlements)
    assert main(["positions"]) == 0
    assert "no open positions" in capsys.readouterr().out
    assert main(["pnl", "--date", NOW.date().isoformat()]) == 0
    shown = capsys.readouterr().out
    assert f"PnL for {NOW.date().isoformat()} (UTC), unrealized not marked" in shown
    assert f"arbitrage: realized {money(realized)}" in shown
    assert "sportsbook_value: realized $0.00" in shown


def test_halt_stops_the_trader_and_resume_releases_it(cli_warehouse, capsys):
    assert main(["halt", "--reason", "venue outage"]) == 0
    assert "trading halted by ops-on-call" in capsys.readouterr().out
    _found(cli_warehouse, catalog=[kalshi_market(), pm_market()], entry_books=_books(LATER))
    run = PaperTrader(cli_warehouse, _settings()).run(pending_snapshots(cli_warehouse), LATER)
    assert run.outcomes == {"refused": 1}
    assert any("kill switch engaged" in reason and "venue outage (by ops-on-call" in reason for reason in run.reasons)

    assert main(["resume", "--reset-trips"]) == 0
    out = capsys.readouterr().out
    assert "kill switch released by ops-on-call" in out and "trips cleared" in out
    with cli_warehouse.transaction() as connection:
        switch = trading.load_kill_switch(connection, schema=cli_warehouse.schema)
        state = trading.lock_risk_state(connection, LATER, schema=cli_warehouse.schema)
    assert switch is not None and not switch.engaged
    # The breaker's copy of the switch is released on the next run, which trades again.
    assert state.kill_switch is not None
    PaperTrader(cli_warehouse, _settings()).run([], LATER)
    with cli_warehouse.transaction() as connection:
        assert trading.lock_risk_state(connection, LATER, schema=cli_warehouse.schema).kill_switch is None


def test_a_day_that_is_not_a_date_is_refused(cli_warehouse, capsys):
    with pytest.raises(SystemExit):
        main(["pnl", "--date", "yesterday"])
    assert "'yesterday' is not a date written YYYY-MM-DD" in capsys.readouterr().err
