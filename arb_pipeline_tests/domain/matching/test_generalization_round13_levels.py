"""A price level read on one day, in the forms a blind set wrote it: a futures contract "settles"
(the exchange's daily settlement, however the rules word it), and a stock index's official close.
Both settle the time of day; a crypto "close" and an intraday touch do not."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def _copper_settlement() -> Market:
    return kalshi("KXCOPPER-28MAR31-T5", title="Copper settle on Mar 31, 2028", yes_sub_title="Above $5.00",
                  close_time="2028-03-31T18:00:00Z", category="Commodities",
                  rules="If the front-month COMEX copper futures settlement price on March 31, 2028 is above $5.00 per "
                        "pound, then the market resolves to Yes.")


def test_a_futures_contract_that_settles_is_its_settlement_price() -> None:
    p = gamma("41", question="Copper above $5 on March 31?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if COMEX front-month copper (HG) settles above $5.00/lb on "
                          "March 31, 2028. Otherwise, this market will resolve to \"No\".")
    assert "both read the exchange's settlement price of the day" in compare(read(_copper_settlement()), read(p)).reasons
    assert approved(_copper_settlement(), p) == [token_named(p, "Yes")]


def test_the_market_settling_is_no_settlement_price() -> None:
    p = gamma("42", question="Copper above $5 on March 31?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if the price of copper is above $5.00/lb on March 31, "
                          "2028. The market settles on the price shown by Trading Economics.")
    assert not approved(_copper_settlement(), p)


def _index_close() -> Market:
    return kalshi("KXRUT-28MAR31-T2500", title="Russell 2000 close on Mar 31, 2028", yes_sub_title="Above 2,500",
                  close_time="2028-03-31T20:00:00Z", category="Financials",
                  rules="If the Russell 2000 Index closing value on March 31, 2028 is above 2500.00, then the market "
                        "resolves to Yes.")


def test_a_stock_index_official_close_is_one_reading() -> None:
    p = gamma("43", question="Russell 2000 above 2,500 at the end of Q1?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if the Russell 2000 (RUT) official closing level on March "
                          "31, 2028 is higher than 2,500.00. Otherwise, this market will resolve to \"No\".")
    assert "both read the index's official close of the day" in compare(read(_index_close()), read(p)).reasons
    assert approved(_index_close(), p) == [token_named(p, "Yes")]


def test_the_russell_2000_is_no_year() -> None:
    p = gamma("46", question="Russell 2000 above 2,500 at the end of Q1?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if the Russell 2000 closes above 2,500.00 on March 31, "
                          "2028. Otherwise, this market will resolve to \"No\".")
    when = read(p).when
    assert 2000 not in {d.year for d in (when.day, when.start, when.end) if d is not None}, when


def test_an_intraday_touch_is_not_the_close() -> None:
    p = gamma("44", question="Russell 2000 above 2,500 on March 31?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if the Russell 2000 trades above 2,500.00 at any time on "
                          "March 31, 2028. Otherwise, this market will resolve to \"No\".")
    assert not approved(_index_close(), p)


def test_a_crypto_close_still_waits_for_its_time_of_day() -> None:
    k = kalshi("KXETHD-28MAR31-T5000", title="Ethereum close on Mar 31, 2028", yes_sub_title="Above $5,000",
               close_time="2028-03-31T20:00:00Z", category="Crypto",
               rules="If the Ethereum closing price on March 31, 2028 is above $5,000, then the market resolves to Yes.")
    p = gamma("45", question="Ethereum above $5,000 on March 31?", end="2028-03-31T12:00:00Z",
              description="This market will resolve to \"Yes\" if the Ethereum official closing price on March 31, 2028 "
                          "is above $5,000. Otherwise, this market will resolve to \"No\".")
    verdict = compare(read(k), read(p))
    assert not approved(k, p), verdict.reasons


# --- a season's win total: "over 54.5" is "55+" ---------------------------------------------------


def _win_total(line: str) -> Market:
    return kalshi(f"KXNBAWINS-28-BOS-T{line.split('.')[0]}", title="Boston Celtics regular season wins 2027-28",
                  yes_sub_title=f"Above {line}", close_time="2028-04-20T04:00:00Z", category="Sports",
                  rules=f"If the Boston Celtics win more than {line} regular season games in the 2027-28 NBA season, then "
                        "the market resolves to Yes.")


def _wins_question() -> Market:
    return gamma("47", question="Celtics 55+ wins this season?", end="2028-04-20T04:00:00Z",
                 description="This market will resolve to \"Yes\" if the Boston Celtics finish the 2027-28 NBA regular "
                             "season with 55 or more wins. Otherwise, this market will resolve to \"No\".")


def test_a_half_point_win_line_is_the_next_whole_count() -> None:
    p = _wins_question()
    assert approved(_win_total("54.5"), p) == [token_named(p, "Yes")]


def test_a_win_line_one_win_off_still_differs() -> None:
    assert not approved(_win_total("55.5"), _wins_question())
