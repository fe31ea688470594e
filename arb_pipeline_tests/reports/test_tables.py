"""The tables and charts shown in Dagster metadata, in their exact Markdown."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from arb_pipeline.domain.models import MatchedPair, OpportunityKind, PairStatus, Spread
from arb_pipeline.reports import markdown, tables

D = Decimal
NOW = datetime(2026, 1, 9, 15, tzinfo=UTC)
TOKEN_YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
TOKEN_NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426"


def spread(**changes) -> Spread:
    base = Spread(
        kind=OpportunityKind.CROSS_VENUE,
        kalshi_ticker="KXNBAGAME-26JAN09PORMIN-POR",
        polymarket_market_id="1075312",
        kalshi_side="no",
        polymarket_token=TOKEN_YES,
        contracts=D("911"),
        kalshi_avg_price=D("0.5412"),
        polymarket_avg_price=D("0.4312345678901234567890123457"),
        kalshi_fee=D("16.37"),
        polymarket_fee=D("0.0042"),
        cost=D("889.2342"),
        net_profit=D("21.7658"),
        edge_per_contract=D("0.02389220636663007683863885840"),
        days_to_resolution=D("2.371528"),
        apy=D("3.3513"),
        top_gross_edge=D("0.031"),
        quote_received_ts=NOW,
        evaluated_at=NOW,
        is_opportunity=True,
    )
    return replace(base, **changes)


def test_opportunity_table_shows_money_in_dollars_and_cents_best_first():
    small = spread(kalshi_ticker="KXNBAGAME-26JAN09CHINOP-CHI", kalshi_side="yes", contracts=D("500"),
                   kalshi_avg_price=D("0.47"), polymarket_avg_price=D("0.5"), kalshi_fee=D("8.75"),
                   polymarket_fee=D("0"), cost=D("493.4"), net_profit=D("6.6"), apy=D("1.34"))  # fmt: skip
    intra = spread(kind=OpportunityKind.POLYMARKET_BOTH_TOKENS, kalshi_ticker=None, kalshi_side=None,
                   kalshi_avg_price=None, polymarket_avg_price=None, kalshi_fee=D(0), contracts=D("12.5"),
                   cost=D("12.3"), net_profit=D("0.2"), days_to_resolution=None, apy=None)  # fmt: skip
    shown = tables.opportunity_table([small, intra, spread()], snapshot_id="a1d54312-ec17-4e02-b752-5dca3e5b50a8")
    assert markdown.table(shown) == "\n".join(
        [
            "3 opportunities by net profit, snapshot a1d54312",
            "",
            "| kind | Kalshi | side | Polymarket | contracts | K avg | P avg | fees | cost | net profit | days | APY |",
            "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
            "| cross_venue | KXNBAGAME-26JAN09PORMIN-POR | no | 1075312 | 911 | 0.5412 | ≈0.431235 | $16.37 | $889.23"
            " | $21.77 | 2.37 | 335.1% |",
            "| cross_venue | KXNBAGAME-26JAN09CHINOP-CHI | yes | 1075312 | 500 | 0.47 | 0.5 | $8.75 | $493.40 | $6.60"
            " | 2.37 | 134.0% |",
            "| polymarket_both_tokens |  |  | 1075312 | 12.5 |  |  | $0.00 | $12.30 | $0.20 | n/a | n/a |",
        ]
    )


def test_opportunity_table_says_what_it_left_out_and_when_there_is_nothing():
    many = [spread(net_profit=D(n)) for n in range(1, 26)]
    shown = tables.opportunity_table(many, snapshot_id="scan-2026-01-09T15:00:00+00:00")
    assert shown.caption == "top 20 of 25 opportunities by net profit, snapshot scan-2026-01-09T15:00:00+00:00"
    assert [row[9] for row in shown.rows] == [f"${n}.00" for n in range(25, 5, -1)]
    assert markdown.table(tables.opportunity_table([])) == "no opportunity cleared every threshold"


def pair(ticker: str, confidence: float, reasons: tuple[str, ...], legs: tuple[str, ...] = ()) -> MatchedPair:
    return MatchedPair(ticker, "1075312", TOKEN_YES, TOKEN_NO, confidence, PairStatus.REVIEW, reasons, kalshi_tickers=legs)


def test_pairs_table_most_confident_first_with_short_tokens_and_safe_reasons():
    pairs = [
        pair("KXFED-26DEC-T4.75", 0.62, ("threshold 4.75 | 5.00 differs", "dates match")),
        pair("KXRATE-26DEC-B4.75", 0.81, ("sum basket",), legs=("KXRATE-26DEC-B4.75", "KXRATE-26DEC-T5.00")),
        pair("KXCPI-26DEC", 0.7, ("x" * 200,)),
    ]
    assert markdown.table(tables.pairs_table(pairs, what="pairs waiting for review")) == "\n".join(
        [
            "3 pairs waiting for review by confidence",
            "",
            "| Kalshi | Polymarket | YES token | confidence | reasons |",
            "|---|---|---|---:|---|",
            "| KXRATE-26DEC-B4.75+KXRATE-26DEC-T5.00 | 1075312 | …83992563 | 0.81 | sum basket |",
            f"| KXCPI-26DEC | 1075312 | …83992563 | 0.70 | {'x' * 159}… |",
            "| KXFED-26DEC-T4.75 | 1075312 | …83992563 | 0.62 | threshold 4.75 \\| 5.00 differs; dates match |",
        ]
    )
    assert markdown.table(tables.pairs_table([], what="pairs waiting for review")) == "no pairs waiting for review"


def test_edge_histogram_buckets_whole_cents_with_the_gaps_and_the_ends():
    edges = ["0.031", "0.0399", "0.03", "-0.004", "-0.5", "0.25", None]
    chart = tables.edge_histogram([spread(top_gross_edge=None if e is None else D(e)) for e in edges])
    assert chart.bars[0] == ("≤-10", 1) and chart.bars[-1] == ("≥10", 1)
    assert len(chart.bars) == 21
    assert markdown.bar_chart(chart) == "\n".join(
        ["| gross edge (¢) | spreads |", "|---|---|", "| ≤-10 | ██████████ 1 |"]
        + [f"| {c} |  0 |" for c in range(-9, -1)]
        + ["| -1 | ██████████ 1 |", "| 0 |  0 |", "| 1 |  0 |", "| 2 |  0 |", f"| 3 | {'█' * 30} 3 |"]
        + [f"| {c} |  0 |" for c in range(4, 10)]
        + ["| ≥10 | ██████████ 1 |"]
    )
    assert markdown.bar_chart(tables.edge_histogram([spread(top_gross_edge=None)])) == "no spread had quotes on both sides"
