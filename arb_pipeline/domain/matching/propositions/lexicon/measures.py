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
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.lexicon.markets import COMMODITIES, CRYPTO_ASSETS, INDEXES, literal_needles
from arb_pipeline.domain.matching.propositions.model import Measure
from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any


@dataclass(frozen=True, slots=True)
class MeasureRule:
    measure: Measure
    pattern: re.Pattern[str]
    needles: tuple[str, ...]  # one of these substrings appears wherever the pattern matches

    def found_in(self, text: str) -> bool:
        # The substring test runs at C speed and rules most measures out before the regex runs.
        return contains_any(text, self.needles) and self.pattern.search(text) is not None


def _rule(key: str, family: str, label: str, pattern: str, unit: str, grid: str | None, anchor: str,
          needles: tuple[str, ...], *, timed: bool = False, decisive: str | None = None, placed: bool = False) -> MeasureRule:
    measure = Measure(key, family, label, unit, Decimal(grid) if grid else None, anchor, timed, decisive, placed)
    return MeasureRule(measure, re.compile(pattern), needles)


RATE_CHANGE = "rate_change"
FED_UPPER_BOUND = "fed_upper_bound"
# A central bank's decision at a meeting, whichever bank: the bank itself is a name the two
# markets must share ("ECB" against "Fed" is a different decision). Banks no list names are known
# by their form: "Bank of <country>", a bank named one word before or inside "bank" that decides
# a rate ("Norges Bank rate decision", "Riksbank holds rates"), or the policy rate the rules name.
_CENTRAL_BANK = (r"(?:\bfed\b|\bfomc\b|federal reserve|\becb\b|european central bank|\bboe\b|bank of england|\bboj\b"
                 r"|bank of japan|\bboc\b|bank of canada|\brba\b|\brbi\b|\brbnz\b|reserve bank|\bsnb\b|swiss national bank|\bpboc\b"
                 r"|\bcopom\b"
                 r"|central bank|\bbank of [a-z]+|\bbanxico\b|\b[a-z]*bank\b(?=[^?.]{0,20}\b(?:rates?|decision|no change)\b)"
                 r"|\bmonetary policy\b|\bpolicy (?:interest )?rate\b)")
CENTRAL_BANK_PATTERN = re.compile(_CENTRAL_BANK)
_DECISION = (r"(?:\b(?:cut|cuts|hike|hikes|raise|raises|lower|lowers|decrease|decreases|increase|increases|hold|holds"
             r"|pause|pauses|maintain|maintains|keep|keeps|leave|leaves|change|changes)\b[^?.]{0,40}?\b(?:rates?|bps|bp"
             r"|basis points?|unchanged|steady)\b|\bno change\b|\bdecision\b|\bunchanged\b"
             r"|\b(?:cut|hike|hold|pause)s?\b\s*(?:\d|\bby\b|$|\?|:))")
# "How many times will the Fed cut rates": a count of decisions, not one decision.
# Rules count meetings too ("cuts rates at more than 2 FOMC meetings", "at 3 or more meetings"):
# the number is of decisions, not of basis points.
_COUNTED = re.compile(r"\bhow many\b|\bnumber of\b|\btimes\b|\bcuts in 20\d\d|\bcuts? (?:this|in) year"
                      r"|\bat (?:more than |fewer than |least )?\d+ (?:or (?:more|fewer) )?(?:[a-z]+ ){0,3}meetings?\b")

# "ORD high above 40°F", "a low below 20°": the day's high or low, written before its degrees.
_DEGREES_AFTER = r"|\b{}\b[^.?\d]{{0,25}}-?\d+(?:\.\d+)?°"

# Order matters: the first measure whose pattern finds the market's title wins ("core CPI" before
# "CPI", a relative Fed decision before the Fed's level).
_NAMED = (
    _rule(RATE_CHANGE, "central_bank", "policy rate change",
          _CENTRAL_BANK + r"[^?.]{0,80}?" + _DECISION + "|" + _DECISION + r"[^?.]{0,60}?" + _CENTRAL_BANK
          + r"|(?:decrease|increase|cut|hike|raise|lower)s?\s+(?:interest\s+)?rates?\s+by\s+\d"
          + r"|\b\d+\s*(?:bps|bp|basis points?)\s+(?:rate\s+)?(?:cut|hike|decrease|increase)"
          + r"|\b(?:cut|hike|decrease|increase|lower|raise)s?\s+(?:by\s+)?\d+\s*(?:bps|bp|basis points?)\b"
          # A committee that sets a rate target decides its rate like a bank ("the change in the
          # Selic rate target announced by Copom").
          + r"|\bchanges? (?:in|to) (?:the |its )?(?:[a-z]+ ){1,2}rate target\b",
          "bps", "25", "month", ("fed", "fomc", "federal reserve", "ecb", "central bank", "bank of", "boe", "boj", "boc", "rba",
                                 "snb", "pboc", "rbi", "rbnz", "copom", "bps", "basis point", "rates by", "bank", "banxico",
                                 "monetary policy", "policy rate", "policy interest", "rate target")),
    _rule(FED_UPPER_BOUND, "fed", "Fed funds upper bound",
          r"fed(?:eral)? funds|\bfed rate\b|fed interest rate|fed target|\bfomc\b", "%", "0.25", "month", ("fed", "fomc")),
    _rule("core_cpi", "inflation", "core CPI",
          r"\bcore\b(?![^.?]{0,40}\b(?:pce|personal consumption))[^.?]{0,40}\b(?:cpi|inflation|consumer price)|less food and energy", "%", "0.1", "month",
          ("core", "less food"), decisive="inflation_index"),
    _rule("pce", "inflation", "PCE inflation", r"\bpce\b|personal consumption expenditures", "%", "0.1", "month",
          ("pce", "personal consumption"), decisive="inflation_index"),
    # The UK's CPIH (CPI with owner occupiers' housing costs) and RPI are other indexes than its
    # CPI, published by the same office for the same month: "CPIH inflation" is no CPI market.
    _rule("cpih", "inflation", "CPIH inflation", r"\bcpih\b|owner occupiers'? housing", "%", "0.1", "month",
          ("cpih", "owner occupier"), decisive="inflation_index"),
    _rule("rpi", "inflation", "RPI inflation", r"\brpi\b|retail prices? index", "%", "0.1", "month",
          ("rpi", "retail price"), decisive="inflation_index"),
    _rule("cpi", "inflation", "CPI inflation", r"\bcpi\b|\binflation\b|consumer price index", "%", "0.1", "month",
          ("cpi", "inflation", "consumer price"), decisive="inflation_index"),
    _rule("unemployment", "jobs", "unemployment rate", r"\bunemployment\b(?!\s+(?:insurance|claims|benefits))|\bu-?3\b|jobless rate", "%", "0.1", "month",
          ("unemployment", "u3", "u-3", "jobless")),
    _rule("payrolls", "jobs", "nonfarm payrolls",
          r"non-?farm payrolls?|\bpayrolls?\b|jobs report|\bjobs (?:added|created|growth)|\badds?\s+(?:more than |over |at least |fewer than )?[\d,.k ]*jobs",
          "", "1000", "month", ("payroll", "jobs"), decisive="jobs_report"),
    _rule("gdp", "gdp", "GDP growth", r"\bgdp\b|gross domestic product", "%", "0.1", "month", ("gdp", "gross domestic")),
    _rule("gas_price", "gas", "US average gas price", r"\bgas prices?\b|\bgasoline\b", "$", "0.001", "day", ("gas",)),
    _rule("tsa", "tsa", "TSA checkpoint numbers", r"\btsa\b", "", "1", "day", ("tsa",)),
    _rule("high_temp", "temperature", "daily high temperature",
          r"highest temperature|\bhigh temp|daily high|maximum temperature|\bhigh of\b" + _DEGREES_AFTER.format("high"),
          "°", "1", "day",
          ("high", "maximum"), placed=True),
    _rule("low_temp", "temperature", "daily low temperature",
          r"lowest temperature|\blow temp|daily low|minimum temperature" + _DEGREES_AFTER.format("low"), "°", "1", "day",
          ("low", "minimum"), placed=True),
)
# A coin's dominance is its share of the whole crypto market's capitalisation, in percent, as one
# data site computes it ("Bitcoin dominance above 60%", "BTC's market-cap dominance"): a measure of
# its own, never the coin's price, which the same name would otherwise read it as.
_DOMINANCE = tuple(
    _rule(f"dominance:{asset.key}", "crypto_dominance", f"{asset.label} dominance",
          rf"(?:{asset.pattern})(?:['’]s)?\s+(?:market[- ]cap(?:italization)?\s+)?dominance\b", "%", None, "day",
          ("dominance",), timed=True, decisive="crypto_dominance")
    for asset in CRYPTO_ASSETS
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
MEASURES = (*_NAMED, *_DOMINANCE, *_CRYPTO, *_PRICES)
MEASURE_BY_KEY = {rule.measure.key: rule.measure for rule in MEASURES}

# How much of the rules may name the measured quantity when the titles do not: the opening
# sentence ("If the S&P 500 is between 5900 and 5924.9999 at 4pm EST ..."). Later sentences mention
# other quantities in passing (a CPI market's rules name the Fed, a price market's the exchange).
RULES_OPENING = 200


# A medal's metal ("win gold", "any medal (gold, silver or bronze)", "Olympic gold") is no
# commodity price.
_MEDAL = re.compile(r"\b(?:win|wins|won|winning|take|takes|took|claim|claims)\s+(?:the\s+|a\s+|an\s+)?(?:olympic\s+|world\s+)?"
                    r"(?:gold|silver)\b|\bmedals?\b|\b(?:olympic|world)\s+(?:gold|silver)\b")
_METALS = frozenset({"index:GOLD", "index:SILVER"})


def _found(rule: MeasureRule, text: str) -> bool:
    if not rule.found_in(text):
        return False
    if rule.measure.key in _METALS and _MEDAL.search(text) is not None:
        return False
    return rule.measure.family not in ("central_bank", "fed") or _COUNTED.search(text) is None


# One pass tells whether a text holds any measure's words at all (most market titles of a catalog
# hold none of them, or the same event title again).
_ANY_NEEDLE = any_needle(n for rule in MEASURES for n in rule.needles)


@lru_cache(maxsize=1 << 15)
def _measure_in(text: str) -> Measure | None:
    if _ANY_NEEDLE.search(text) is None:
        return None
    return next((rule.measure for rule in MEASURES if _found(rule, text)), None)


# A move of a bank's rate, as opposed to the level it stands at ("ECB deposit rate after the April
# decision? Above 2.25%"): the words of a move, or a size in basis points or points.
_MOVED = re.compile(r"\b(?:cut|cuts|hike|hikes|raise|raises|lower|lowers|decrease|decreases|increase|increases|hold|holds"
                    r"|pause|pauses|change|changes|unchanged|no change|steady|bps|bp|basis points?|points?)\b")


def rate_level(measure: Measure | None, head: str, stated_unit: str) -> Measure | None:
    """A central bank's rate stated as a level in percent after a decision ("deposit rate above
    2.25%") is that rate's level, not the decision's move in basis points: the measure the texts
    name once the move is set aside (the Fed funds upper bound for the Fed), else none, so the
    value is compared in the percent it is written in."""
    if measure is None or measure.key != RATE_CHANGE or stated_unit != "%" or _MOVED.search(head) is not None:
        return measure
    return next((rule.measure for rule in MEASURES if rule.measure.key != RATE_CHANGE and _found(rule, head)), None)


def find_measure(*heads: str, rules: str = "") -> Measure | None:
    """The measured quantity the titles name, the most specific title first (a question naming the
    Nasdaq Composite is not read as its event's Nasdaq-100), else the opening of the rules (a
    Kalshi market read without its event can be titled only "5,900 to 5,924.9999")."""
    for text in (*heads, rules[:RULES_OPENING]):
        if text:
            found = _measure_in(text)
            if found is not None:
                return found
    return None


_HOLD = re.compile(r"\bno change\b|\bunchanged\b|\bhold|\bpause|\bkeeps? (?:interest )?rates?|\bmaintains?\b|\bsteady\b")
_BPS = r"(\d+)\s*(\+)?\s*(?:bps|bp|basis points?)(\s+or (?:more|greater|larger|higher))?"
_BEYOND = r"(?:more than|above|over|greater than|in excess of|at least)\s*"
_MOVE = re.compile(
    rf"(decrease|cut|lower|reduce|increase|hike|raise)s?\s+(?:[a-z']+\s+){{0,4}}?(?:by\s+)?({_BEYOND})?(?:exactly\s+)?{_BPS}"
    rf"|({_BEYOND})?{_BPS}\s+(?:rate\s+)?(decrease|cut|increase|hike|raise)")
_DOWN = ("decrease", "cut", "lower", "reduce")
_VERB = re.compile(r"\b(decrease|cut|lower|reduce|increase|hike|raise)")
_SPAN = re.compile(r"(\d+)\s*(?:bps|bp|basis points?)?\s*(?:-|–|to|and)\s*(\d+)\s*(?:bps|bp|basis points?)\b")


def rate_change_range(text: str) -> tuple[Decimal | None, bool, Decimal | None, bool] | None:
    """A central bank's decision in basis points of its rate: (low, low inclusive, high, high
    inclusive). "No change" is 0; "cut by 25 bps" is exactly -25; "cut by 50+ bps" is -50 or lower;
    "cut by more than 25 bps" is below -25, which on the 25 bps grid decisions are read on (a
    fraction of a step rounds up to the next step) is -50 or lower."""
    text = _in_bps(text)
    span = _SPAN.search(text) if "bp" in text or "basis" in text else None
    if span is not None:
        # "25-50 bps decrease", "by between 25 and 50 basis points": both sizes, in the one
        # direction the text's verbs say (it was read as its last number alone).
        verbs = {verb in _DOWN for verb in _VERB.findall(text)}
        if len(verbs) != 1:
            return None
        low, high = sorted((Decimal(span.group(1)), Decimal(span.group(2))))
        return (-high, True, -low, True) if verbs == {True} else (low, True, high, True)
    match = _MOVE.search(text)
    if match is not None:
        if match.group(1):
            verb, beyond, size, plus = match.group(1), match.group(2), match.group(3), match.group(4) or match.group(5)
        else:
            beyond, size, plus, verb = match.group(6), match.group(7), match.group(8) or match.group(9), match.group(10)
        signed = -Decimal(size) if verb in _DOWN else Decimal(size)
        down = verb in _DOWN
        if beyond and beyond.strip() != "at least":
            return (None, False, signed, False) if down else (signed, False, None, False)
        if plus or beyond:
            return (None, False, signed, True) if down else (signed, True, None, False)
        return signed, True, signed, True
    either = _HOLD_OR_MOVE.search(text)
    if either is not None:
        # "holds or hikes", "unchanged or higher": no cut, 0 or more; "holds or cuts": 0 or less.
        up = any(word in either.group(0) for word in ("hike", "raise", "increase", "higher"))
        return (Decimal(0), True, None, False) if up else (None, False, Decimal(0), True)
    if _HOLD.search(text):
        return Decimal(0), True, Decimal(0), True
    return None


# A Kalshi decision market's outcome code, as its YES sides name them ("H0" under "Hold", "C25"
# under "Cut 25bps", "C26" under "Cut >25bps": one past the step is more than it; "H25" / "H26"
# the hikes); the ticker itself is split by docs/venues.md#kalshi-events.
_CODED_MOVE = re.compile(r"([CH])(\d{1,3})")


def coded_rate_change(code: str | None) -> tuple[Decimal | None, bool, Decimal | None, bool] | None:
    """The move a Kalshi decision market's outcome code names, as :func:`rate_change_range` gives
    it; None for a code of no move."""
    found = _CODED_MOVE.fullmatch(code or "")
    if found is None:
        return None
    size = int(found.group(2))
    if size == 0:
        return Decimal(0), True, Decimal(0), True
    down = found.group(1) == "C"
    if size % 25 == 0:
        signed = Decimal(-size if down else size)
        return signed, True, signed, True
    if size % 25 == 1:
        beyond = Decimal(-(size - 1) if down else size - 1)
        return (None, False, beyond, False) if down else (beyond, False, None, False)
    return None


_STILL = r"(?:holds?|pauses?|unchanged|no change|steady|keeps? (?:rates? )?unchanged)"
_STEP = r"(?:hikes?|raises?|increases?|higher|cuts?|lowers?|decreases?|lower)"
_HOLD_OR_MOVE = re.compile(rf"\b{_STILL}\s+or\s+(?:an?\s+)?{_STEP}\b|\b{_STEP}\s+or\s+(?:an?\s+)?{_STILL}")


_PERCENTAGE_POINTS = re.compile(r"(\d*\.?\d+)\s*(?:percentage[- ]points?|pct\.? points?|pp\b)")
_FRACTION_POINT = re.compile(r"\b(?:an? |one )?(quarter|half)(?:[- ]| a | of a )(?:percentage[- ])?point\b")


def _in_bps(text: str) -> str:
    """A move in percentage points as basis points: "0.25 percentage point" and "a quarter point"
    are 25 bps, "half a point" 50."""
    if "point" not in text and "pp" not in text:
        return text
    text = _PERCENTAGE_POINTS.sub(lambda m: f"{Decimal(m.group(1)) * 100:f}".rstrip("0").rstrip(".") + " bps", text)
    return _FRACTION_POINT.sub(lambda m: "25 bps" if m.group(1) == "quarter" else "50 bps", text)


_ANY_CHANGE = re.compile(r"\bchanges? (?:interest |its |the )?(?:policy )?rates?\b|\bchange (?:in|to) (?:interest |the )?rates?\b")


def any_change(text: str) -> bool:
    """"Will the Fed change interest rates?": YES on any move, the NO of a hold."""
    return _ANY_CHANGE.search(text) is not None


_TREASURY_YIELD = re.compile(r"\btreasury (?:par yield|constant maturity)|\bconstant maturity (?:treasury|rate)|\bh\.15\b")


def treasury_published(rules: str) -> bool:
    """A yield the rules (folded) read from the Treasury's own publication: its par yield curve,
    its constant maturity rates (the Federal Reserve's H.15 release prints the same figures), all
    published to two decimals."""
    return ("maturity" in rules or "par yield" in rules or "h.15" in rules) and _TREASURY_YIELD.search(rules) is not None
