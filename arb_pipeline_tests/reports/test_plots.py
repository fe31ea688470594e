"""The report's plots: what a person reads on them is money as money."""

from datetime import date
from decimal import Decimal

from arb_pipeline.reports.plots import cumulative_pnl


def test_the_cumulative_pnl_axis_reads_in_dollars_and_cents_and_sums_exactly():
    rows = [
        {"signal_kind": "arbitrage", "arb_date": date(2026, 12, 1), "realized": Decimal("0.1")},
        {"signal_kind": "arbitrage", "arb_date": date(2026, 12, 2), "realized": Decimal("0.2")},
    ]
    figure = cumulative_pnl(rows)
    assert (figure.layout.yaxis.tickprefix, figure.layout.yaxis.tickformat) == ("$", ",.2f")
    (trace,) = figure.data
    assert trace.hovertext[-1] == "$0.30 to date ($0.20 that day)"
