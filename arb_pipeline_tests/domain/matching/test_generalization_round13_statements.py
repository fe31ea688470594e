"""Statement wordings a blind set used on one venue only: a total that "crosses" or "surpasses" a
threshold is above it, the government "shutting down" is a shutdown, a net figure "worse than -10"
is below it, and a show that "drops out of" a chart's Top 10 is not in it (the NO of being in it:
a wrong token here would pay on the wrong side)."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def test_a_gross_that_crosses_a_threshold_is_above_it() -> None:
    k = kalshi("KXWWGROSS-DUNE3-T1B", title="Dune: Part Three worldwide gross above $1 billion?",
               yes_sub_title="Above $1 billion", close_time="2028-01-01T05:00:00Z", category="Entertainment",
               rules="If Dune: Part Three's worldwide box office gross is above $1,000,000,000 by December 31, 2027, "
                     "then the market resolves to Yes.")
    p = gamma("61", question="Dune: Part Three to cross $1 billion worldwide in 2027?", end="2028-01-01T05:00:00Z",
              description="This market will resolve to \"Yes\" if Dune: Part Three's worldwide gross surpasses "
                          "$1,000,000,000 by December 31, 2027. Otherwise, this market will resolve to \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]


def _shutdown() -> Market:
    return kalshi("KXSHUTDOWN-28MAR31", title="Will the federal government shut down on or before Mar 31, 2028?",
                  yes_sub_title="Shutdown begins", close_time="2028-04-01T04:00:00Z", category="Politics",
                  rules="If a lapse in appropriations causes a US federal government shutdown to begin on or before March "
                        "31, 2028, then the market resolves to Yes.")


def test_shutting_down_is_a_shutdown() -> None:
    p = gamma("62", question="Government shutdown by March 31, 2028?", end="2028-04-01T04:00:00Z",
              description="This market will resolve to \"Yes\" if a US federal government shutdown begins by March 31, "
                          "2028. Otherwise, this market will resolve to \"No\".")
    assert approved(_shutdown(), p) == [token_named(p, "Yes")]


def test_a_shutdown_by_another_day_differs() -> None:
    p = gamma("63", question="Government shutdown by February 29, 2028?", end="2028-03-01T05:00:00Z",
              description="This market will resolve to \"Yes\" if a US federal government shutdown begins by "
                          "February 29, 2028. Otherwise, this market will resolve to \"No\".")
    assert not approved(_shutdown(), p)


def test_a_net_figure_worse_than_a_negative_line_is_below_it() -> None:
    k = kalshi("KXNETAPPROVE-28MAR01-TM5", title="Governor net approval below -5 on Mar 1, 2028?", yes_sub_title="Below -5.0",
               close_time="2028-03-02T05:00:00Z", category="Politics",
               rules="If Governor Hale's net approval in the Silver Bulletin average on March 1, 2028 is below -5.0, then "
                     "the market resolves to Yes.")
    p = gamma("64", question="Governor Hale net approval worse than -5 on March 1, 2028?", end="2028-03-02T05:00:00Z",
              description="This market will resolve to \"Yes\" if Governor Hale's net approval in the Silver Bulletin "
                          "average on March 1, 2028 is below -5.0. Otherwise, this market will resolve to \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]


def _in_top_10() -> Market:
    return kalshi("KXNETFLIXTV-28JAN16-WEDTOP10", title="Will Wednesday be in Netflix English TV top 10 for Jan 10-16?",
                  yes_sub_title="In the top 10", close_time="2028-01-18T05:00:00Z", category="Entertainment",
                  rules="If Wednesday appears in Netflix's weekly English TV Top 10 list for January 10-16, 2028, then the "
                        "market resolves to Yes.")


def test_dropping_out_of_a_top_10_is_the_no_of_being_in_it() -> None:
    p = gamma("65", question="Will Wednesday drop out of Netflix's English TV Top 10 (Jan 10-16)?", end="2028-01-18T05:00:00Z",
              description="This market will resolve to \"Yes\" if Wednesday does not appear in Netflix's weekly English TV "
                          "Top 10 list for January 10-16, 2028. Otherwise, this market will resolve to \"No\".")
    assert approved(_in_top_10(), p) == [token_named(p, "No")]


def test_dropping_out_of_a_race_is_no_chart() -> None:
    k = kalshi("KXRACEDROP-28-WEDNESDAY", title="Will Wednesday Adams drop out of the mayoral race before Feb 1, 2028?",
               yes_sub_title="Drops out", close_time="2028-02-01T05:00:00Z", category="Politics",
               rules="If Wednesday Adams withdraws from the 2028 mayoral race before February 1, 2028, then the market "
                     "resolves to Yes.")
    assert not approved(k, gamma("66", question="Will Wednesday drop out of Netflix's English TV Top 10 (Jan 10-16)?",
                                 end="2028-01-18T05:00:00Z",
                                 description="This market will resolve to \"Yes\" if Wednesday does not appear in Netflix's "
                                             "weekly English TV Top 10 list for January 10-16, 2028."))
