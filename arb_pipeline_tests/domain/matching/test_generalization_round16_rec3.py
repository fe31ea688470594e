"""Round 16 (rec3): forms of central-bank, crypto, index, company and macro markets the reader
missed on a blind set. Markets invented for the tests."""

from __future__ import annotations

import datetime

from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.model import DateRule
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a coin's dominance is its share of the market, never its price ------------------------------


def _dominance_kalshi(coin: str = "Ethereum", site: str = "CoinMarketCap") -> object:
    return kalshi("KXETHDOM-27MAY15-T14", title=f"{coin} dominance on May 15, 2027?", yes_sub_title="Above 14%",
                  strike_type="greater", floor=14, close_time="2027-05-15T23:59:00Z", category="Crypto",
                  rules=f"If {coin}'s market-cap dominance on {site} at 11:59 PM ET on May 15, 2027 is above 14%, "
                        "then the market resolves to Yes.")


def _dominance_poly(market_id: str, question: str, description: str) -> object:
    return gamma(market_id, question=question, end="2027-05-15T23:59:00Z", description=description)


def test_a_dominance_against_the_same_dominance_on_the_same_site_is_approved():
    p = _dominance_poly("881001", "ETH dominance above 14% on May 15, 2027 (CoinMarketCap)?",
                        'Resolves "Yes" if ETH dominance shown by CoinMarketCap at 11:59 PM ET May 15, 2027 is greater '
                        "than 14%.")
    assert read(_dominance_kalshi()).measure.key == "dominance:ETH"
    assert approved(_dominance_kalshi(), p) == [token_named(p, "Yes")]


def test_a_dominance_is_never_the_coins_price():
    price = _dominance_poly("881002", "Ethereum above $14 on May 15, 2027?",
                            'Resolves "Yes" if the Coinbase ETH-USD price at 11:59 PM ET May 15, 2027 is above $14.')
    assert read(price).measure.key == "crypto:ETH"
    assert approved(_dominance_kalshi(), price) == []


def test_another_coins_dominance_or_another_site_is_not_approved():
    other_site = _dominance_poly("881003", "ETH dominance above 14% on May 15, 2027 (TradingView)?",
                                 'Resolves "Yes" if ETH dominance shown by TradingView at 11:59 PM ET May 15, 2027 '
                                 "is greater than 14%.")
    assert approved(_dominance_kalshi(), other_site) == []
    bitcoin = _dominance_poly("881004", "Bitcoin dominance above 14% on May 15, 2027 (CoinMarketCap)?",
                              'Resolves "Yes" if BTC dominance shown by CoinMarketCap at 11:59 PM ET May 15, 2027 is '
                              "greater than 14%.")
    assert approved(_dominance_kalshi(), bitcoin) == []
