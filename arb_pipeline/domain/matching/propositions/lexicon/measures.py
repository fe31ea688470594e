"""Measures the reader knows by name: what they are called, the unit and grid they are published
in, which date decides them, and whose number settles them.

A measure not listed here is still read: the reader names it by its normalized words ("tesla
deliver", "named storm") and compares those. A listed measure adds what the words alone cannot
say: that "CPI" and "annual inflation" are one figure published to one decimal, that a Bitcoin
price is read at a time of day from a reference rate, that "core" CPI is another figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from arb_pipeline.domain.matching.propositions.lexicon.markets import COMMODITIES, CRYPTO_ASSETS, INDEXES, literal_needles
from arb_pipeline.domain.matching.propositions.model import Measure


@dataclass(frozen=True, slots=True)
class MeasureRule:
    measure: Measure
    pattern: re.Pattern[str]
    needles: tuple[str, ...]  # one of these substrings appears wherever the pattern matches

    def found_in(self, text: str) -> bool:
        # The substring test runs at C speed and rules most measures out before the regex runs.
        return any(needle in text for needle in self.needles) and self.pattern.search(text) is not None


def _rule(key: str, family: str, label: str, pattern: str, unit: str, grid: str | None, anchor: str,
          needles: tuple[str, ...], *, timed: bool = False, decisive: str | None = None, placed: bool = False) -> MeasureRule:
    measure = Measure(key, family, label, unit, Decimal(grid) if grid else None, anchor, timed, decisive, placed)
    return MeasureRule(measure, re.compile(pattern), needles)


FED_CHANGE = "fed_change"
FED_UPPER_BOUND = "fed_upper_bound"

# Order matters: the first measure whose pattern finds the market's title wins ("core CPI" before
# "CPI", a relative Fed decision before the Fed's level).
_NAMED = (
    _rule(FED_CHANGE, "fed", "Fed rate change",
          r"(?:decrease|increase|cut|hike|raise|lower)s?\s+(?:interest\s+)?rates?\s+by|no change in (?:the )?fed|"
          r"\b(?:hold|pause|keep)s?\s+(?:interest\s+)?rates?\b|\bbps\s+(?:decrease|increase|cut|hike)|fed decision|"
          r"fed (?:rate )?(?:cut|hike)s? (?:by|of) \d|\b\d+\s*(?:bps|bp|basis points?)\s+(?:rate\s+)?(?:cut|hike|decrease|increase)",
          "bps", "25", "month", ("rate", "no change", "bps", "fed decision", "basis point", "fed cut", "fed hike")),
    _rule(FED_UPPER_BOUND, "fed", "Fed funds upper bound",
          r"fed(?:eral)? funds|\bfed rate\b|fed interest rate|fed target|\bfomc\b", "%", "0.25", "month", ("fed", "fomc")),
    _rule("core_cpi", "inflation", "core CPI",
          r"\bcore\b[^.?]{0,40}\b(?:cpi|inflation|consumer price)|less food and energy", "%", "0.1", "month",
          ("core", "less food"), decisive="inflation_index"),
    _rule("pce", "inflation", "PCE inflation", r"\bpce\b|personal consumption expenditures", "%", "0.1", "month",
          ("pce", "personal consumption"), decisive="inflation_index"),
    _rule("cpi", "inflation", "CPI inflation", r"\bcpi\b|\binflation\b|consumer price index", "%", "0.1", "month",
          ("cpi", "inflation", "consumer price"), decisive="inflation_index"),
    _rule("unemployment", "jobs", "unemployment rate", r"\bunemployment\b|\bu-?3\b|jobless rate", "%", "0.1", "month",
          ("unemployment", "u3", "u-3", "jobless")),
    _rule("payrolls", "jobs", "nonfarm payrolls",
          r"non-?farm payrolls?|\bpayrolls?\b|jobs report|\bjobs (?:added|created|growth)|\badds?\s+(?:more than |over |at least |fewer than )?[\d,.k ]*jobs",
          "", "1000", "month", ("payroll", "jobs")),
    _rule("gdp", "gdp", "GDP growth", r"\bgdp\b|gross domestic product", "%", "0.1", "month", ("gdp", "gross domestic")),
    _rule("gas_price", "gas", "US average gas price", r"\bgas prices?\b|\bgasoline\b", "$", "0.001", "day", ("gas",)),
    _rule("tsa", "tsa", "TSA checkpoint numbers", r"\btsa\b", "", "1", "day", ("tsa",)),
    _rule("high_temp", "temperature", "daily high temperature",
          r"highest temperature|\bhigh temp|daily high|maximum temperature|\bhigh of\b", "°", "1", "day",
          ("high", "maximum"), placed=True),
    _rule("low_temp", "temperature", "daily low temperature",
          r"lowest temperature|\blow temp|daily low|minimum temperature", "°", "1", "day", ("low", "minimum"), placed=True),
)
_CRYPTO = tuple(
    _rule(f"crypto:{asset.key}", f"crypto:{asset.key}", f"{asset.label} price", asset.pattern, "$", "0.01", "day",
          literal_needles(asset.pattern), timed=True, decisive="crypto_rate")
    for asset in CRYPTO_ASSETS
)
_PRICES = tuple(
    _rule(f"index:{asset.key}", "index", f"{asset.label} level", asset.pattern, "", "0.01", "day",
          literal_needles(asset.pattern), timed=True)
    for asset in INDEXES + COMMODITIES
)
MEASURES = (*_NAMED, *_CRYPTO, *_PRICES)
MEASURE_BY_KEY = {rule.measure.key: rule.measure for rule in MEASURES}

# How much of the rules may name the measured quantity when the titles do not: the opening
# sentence ("If the S&P 500 is between 5900 and 5924.9999 at 4pm EST ..."). Later sentences mention
# other quantities in passing (a CPI market's rules name the Fed, a price market's the exchange).
RULES_OPENING = 200


def find_measure(head: str, rules: str = "") -> Measure | None:
    """The measured quantity the titles name, else the opening of the rules (a Kalshi market read
    without its event can be titled only "5,900 to 5,924.9999")."""
    for text in (head, rules[:RULES_OPENING]):
        if text:
            for rule in MEASURES:
                if rule.found_in(text):
                    return rule.measure
    return None


_FED_HOLD = re.compile(r"\bno change\b|\bunchanged\b|\bhold|\bpause|\bkeeps? (?:interest )?rates?")
_FED_MOVE = re.compile(
    r"(decrease|cut|lower|reduce|increase|hike|raise)s?\s+(?:interest\s+)?(?:rates?\s+)?(?:by\s+)?(\d+)\s*(\+)?\s*(?:bps|bp|basis points?)"
    r"|(\d+)\s*(\+)?\s*(?:bps|bp|basis points?)\s+(?:rate\s+)?(decrease|cut|increase|hike|raise)")
_DOWN = ("decrease", "cut", "lower", "reduce")


def fed_change_range(text: str) -> tuple[Decimal | None, Decimal | None, bool] | None:
    """A relative Fed decision in basis points of the upper bound: (low, high, exact). "No change"
    is 0; "cut by 25 bps" is exactly -25; "cut by 50+ bps" is -50 or lower."""
    match = _FED_MOVE.search(text)
    if match is not None:
        verb = match.group(1) or match.group(6)
        size = Decimal(match.group(2) or match.group(4))
        plus = bool(match.group(3) or match.group(5))
        signed = -size if verb in _DOWN else size
        if plus:
            return (None, signed, False) if verb in _DOWN else (signed, None, False)
        return signed, signed, True
    if _FED_HOLD.search(text):
        return Decimal(0), Decimal(0), True
    return None
