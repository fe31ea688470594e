"""Qualifiers that change what a market pays on, each on its own axis.

"Core" CPI is another figure than CPI, a nominee is not a winner, a price that only has to be
touched by a date is not a price read at one moment, a month-over-month change is not a
year-over-year one. Each axis lists its values and the words that state them; two markets that
state different values of one axis pay on different things, and the reason names the axis. Where
an axis has a ``default``, a market that states nothing is read at the default ("win" is the
general election, a price is read at one moment).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from arb_pipeline.domain.matching.propositions.model import Kind
from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any


@dataclass(frozen=True, slots=True)
class Axis:
    name: str
    values: tuple[tuple[str, re.Pattern[str]], ...]  # first value whose pattern matches wins
    needles: tuple[str, ...]  # one of these substrings appears wherever a value's pattern matches
    default: str | None
    in_rules: bool  # read in the rules too, not only the titles
    kinds: frozenset[Kind]
    what: str  # how a difference is said

    def read(self, text: str) -> str | None:
        if text and contains_any(text, self.needles):
            for value, pattern in self.values:
                if pattern.search(text):
                    return value
        return None


_ANY = frozenset({Kind.THRESHOLD, Kind.CHOICE, Kind.EVENT, Kind.DIRECTION})
_THRESHOLD = frozenset({Kind.THRESHOLD})


def _over_the_previous(period: str, short: str) -> str:
    """A change over the previous month or quarter in its wordings: "month over month" ("month-on-
    month"), "MoM", "monthly change", "from the previous month"."""
    return (rf"{period}[- ](?:over|on)[- ]{period}|\b{short}\b|{period}ly (?:change|increase|rate|growth)"
            rf"|(?:from|over|on) the (?:previous|prior|preceding) {period}")


_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
                 "fourteen")
_WEEKDAYS = (r"mon(?:day)?", r"tue(?:s|sday)?", r"wed(?:nesday)?", r"thu(?:r|rs|rsday)?", r"fri(?:day)?",
             r"sat(?:urday)?", r"sun(?:day)?")


def _span(days: int) -> str:
    """A window of ``days`` days in its wordings: "3-day", "three-day", and a run of weekdays whose
    ends it counts ("Fri-Sun", "Wednesday through Sunday")."""
    runs = "|".join(rf"{_WEEKDAYS[first]}\s*(?:-|–|to|through|thru)\s*{_WEEKDAYS[(first + days - 1) % 7]}"
                    for first in range(7)) if days <= 7 else ""
    numbers = rf"\b(?:{days}|{_NUMBER_WORDS[days - 2]})[-–]day\b"
    return rf"{numbers}|\b(?:{runs})\b" if runs else numbers


def _axis(name: str, values: tuple[tuple[str, str], ...], needles: str, *, default: str | None = None,
          in_rules: bool = False, kinds: frozenset[Kind] = _ANY, what: str = "") -> Axis:
    return Axis(name, tuple((value, re.compile(pattern)) for value, pattern in values), tuple(needles.split("|")),
                default, in_rules, kinds, what or name)


AXES = (
    # A parliament's upper house is its senate, whatever the house is called ("House of
    # Councillors (upper house)"); it is not a House race.
    # A deputy's office is its own (elections.py says how the principal's pattern skips it).
    # "Congressional" names the House where it qualifies a race ("congressional district", "seat");
    # elsewhere it is all of Congress ("a congressional stock trading ban", "congressional hearing").
    _axis("office", (("president", r"(?<!vice )(?<!vice-)\bpresiden"), ("vice president", r"\bvice[- ]presiden|\bvp\b"),
                     ("senate", r"\bsenat|\bupper house\b"),
                     ("governor", r"(?<!lieutenant )(?<!lt\. )(?<!lt )\bgovern(?!ment)|gubernatorial"),
                     ("lieutenant governor", r"\b(?:lieutenant|lt\.?) govern"),
                     ("house", r"house of representatives|(?<!upper )\b(?:house|congressional) (?:race|seat|election|control|majority"
                               r"|district|primary|candidate)"
                               r"|(?:win|wins|control|controls|flip|flips|keep|keeps|hold|holds|retain|retains|take|takes)"
                               r" (?:control of )?the house\b|\bmajority (?:in|of) the house\b"),
                     ("mayor", r"\bmayor")),
          "presiden|vp|senat|govern|gubernatorial|house|congressional|mayor", what="different office"),
    # Elected "on the first ballot" is one vote of several a chamber may hold (a Speaker's).
    _axis("stage", (("first ballot", r"\b(?:first|1st) (?:roll-call )?ballot\b"), ("nomination", r"\bnomin"),
                    ("primary", r"\bprimary\b"), ("runoff", r"\brun-?off\b")),
          "first ballot|first roll|1st ballot|1st roll|nomin|primary|runoff|run-off", default="general", kinds=frozenset({Kind.CHOICE, Kind.EVENT}), what="nominee vs winner"),
    # Japan's "core-core" CPI leaves out energy as well as fresh food, which its "core" CPI keeps.
    _axis("basis", (("core excluding energy", r"\bcore[- ]core\b|\bfresh food and energy\b"),
                    ("core", r"\bcore\b|less food and energy|excluding food and energy|ex-food"),),
          "core|less food|excluding food|ex-food|fresh food", default="headline", kinds=_THRESHOLD, what="core vs headline"),
    # A futures contract's settlement is not the spot price of what it delivers (COMEX gold
    # futures against the LBMA gold price). An exchange rate no market qualifies is the spot rate
    # (equivalence/axes.py).
    # A forward rate is an exchange rate agreed for a later day, not the spot rate.
    _axis("instrument", (("futures", r"\bfutures?\b|\bfront[- ]month\b"),
                         ("forward", r"\bforwards?(?: exchange)? (?:rate|contract|price|points)\b|\b(?:\d+|one|three|six)[- ]month forward\b"
                                     r"|\bforward\b(?=[^.?]{0,20}\b(?:above|below|over|under)\b)"),
                         ("spot", r"\bspot (?:exchange |fx )?(?:price|rate|gold|silver|market)\b")),
          "future|front|spot|forward", in_rules=True, kinds=_THRESHOLD, what="different instrument"),
    # Quarter over quarter is its own value: the ONS publishes a monthly and a quarterly GDP change on
    # the same morning, and a market on one must not pair with a market on the other. "Seasonally
    # adjusted annual rate" is an annualized quarterly change (US GDP), not a year-over-year one.
    _axis("change", (("month over month", _over_the_previous("month", "mom")),
                     ("quarter over quarter", _over_the_previous("quarter", "qoq")),
                     ("year over year", r"year[- ](?:over|on)[- ]year|\byoy\b|(?<!adjusted )\bannual\b|12-month|annually"
                                        r"|from a year (?:earlier|ago)")),
          "month|mom|quarter|qoq|year|yoy|annual|12-month", in_rules=True, kinds=_THRESHOLD, what="change"),
    # A figure as revised later is another number than its first print: "after revisions" and
    # "the second revision" are read before an "initial release" the same rules may name to set
    # it aside.
    _axis("release", (("revised figure", r"\b(?:first|second|third|final|latest) revision\b|\bafter (?:all )?revisions\b"),
                      ("advance estimate", r"\badvance estimate\b|\bfirst estimate\b|\bpreliminary\b|\bflash estimate\b"
                                           r"|\binitial (?:official )?(?:release|print|estimate)\b|\bfirst print\b"),
                      ("second estimate", r"\bsecond estimate\b"),
                      ("third estimate", r"\bthird estimate\b|\bfinal estimate\b"),
                      ("revised figure", r"\brevised (?:figure|estimate|number|data)\b"),
                      # A flash estimate's "final" counterpart (Eurostat's final HICP).
                      # "the final April 2027 reading": a month and year may stand between.
                      ("final figure", r"\(final\)|\bfinal (?:[a-z]+ (?:20\d\d )?)?(?:reading|print|release|figure|data|number)s?\b")),
          "advance|first estimate|preliminary|flash|second estimate|third estimate|final|revis|initial|first print",
          in_rules=True, kinds=_THRESHOLD, what="different release"),
    # A race weekend's sessions other than the race: a sprint's or qualifying's order is not the
    # race's (a MotoGP sprint winner was approved against the Grand Prix winner). Titles only: rules
    # name the sprint where they say how a tie is broken.
    _axis("session", (("sprint", r"\bsprint\b"),
                      ("qualifying", r"\bqualifying (?:session|results?|order)\b|\bpole position\b|\bon pole\b")),
          "sprint|qualifying|pole", what="another session"),
    # A sum of several things against one of them: "recalls totaling 1M+ vehicles" against "a
    # recall over 1 million vehicles", the "total rig count" against the oil rigs. Titles only; a
    # market stating it against one that does not waits for a person.
    # "Total" alone names all of one thing ("Tesla total vehicle deliveries" are its deliveries).
    _axis("aggregate", (("summed", r"\btotal(?:ing|ling|ed|led)\b|\bin total\b|\btotal (?:[a-z]+ )?count\b|\bcombined\b"
                                   r"|\bin aggregate\b|\bsum of\b"),),
          "total|combined|aggregate|sum of", kinds=_THRESHOLD, what="a sum against one"),
    # How many days a total covers: a film's "3-day (Fri-Sun) opening weekend" is not its "5-day
    # opening" from Wednesday, nor a "4-day" holiday weekend; a "7-day average" is not a "14-day"
    # one. Read in the rules too, where a title's "opening weekend" gets its days.
    _axis("span", tuple((f"{days} days", _span(days)) for days in range(2, 15)),
          "-day|–day|day-|day -|day–|day to|day through|day thru|mon-|tue-|tues-|wed-|thu-|thur-|thurs-|fri-|sat-|sun-",
          in_rules=True, kinds=_THRESHOLD, what="different window"),
    _axis("adjustment", (("not seasonally adjusted", r"\bnot seasonally adjusted|\bnon-?seasonally adjusted|\bunadjusted\b"
                                                 r"|\bnsa\b"),
                         ("seasonally adjusted", r"(?<!not )(?<!non-)(?<!non )seasonally adjusted")),
          "seasonally|unadjusted|nsa", in_rules=True, kinds=_THRESHOLD, what="seasonal adjustment"),
    # "touch": pays if the value is reached at any time in the window; "close": if it is past the
    # level at the close of any day of the window (an intraday touch does not count); "always": if
    # it stays on one side the whole window (the NO of touching the other side); "point": read at
    # one moment.
    _axis("path", (("always", r"\b(?:stay|stays|remain|remains|hold|holds)\s+(?:at or\s+)?(?:above|below|under|over)\b"
                              r"|\bnever\s+(?:go|goes|fall|falls|rise|rises|drop|drops|trade|trades)\b"),
                   ("close", r"\bclose of any (?:trading |business )?day\b|\bany (?:daily|trading day's) close\b"
                             r"|\bclos(?:e|es|ing)(?: price)? on any (?:trading |business )?day\b"),
                   # An event that "hits" a place ("a 7.0+ earthquake hit California") strikes it: no
                   # value reaches a level.
                   ("touch", r"\b(?:reach|reaches|reached|touch|touches|dip to|dips to|fall to|falls to|drop to|drops to"
                             r"|how high|how low)\b|\bhits?\s+(?:(?:a|an|the|its|new|fresh|record|all-time|at least)\s+)*"
                             r"(?:[$\d]|highs?\b|lows?\b|records?\b|levels?\b|mark\b|ath\b)|at any time|any point|in any month|any month of|on any (?:trading )?day|intraday high|intraday low"
                             r"|all-time high")),
          "reach|hit|touch|dip|fall|drop|how high|how low|any time|any point|any month|any trading|any day|intraday|all-time|stay|remain|hold|never"
          "|close",
          default="point", in_rules=True, kinds=_THRESHOLD, what="path"),
)


def rules_axes(rules: str) -> dict[str, str]:
    """The qualifiers a market's rules state, on the axes read in rules too."""
    found = {}
    for axis in AXES:
        if axis.in_rules:
            value = axis.read(rules)
            if value is not None:
                found[axis.name] = value
    return found


# One pass tells whether a title states any qualifier's words at all (nine in ten state none).
_ANY_AXIS_NEEDLE = any_needle(n for axis in AXES for n in axis.needles)


def read_axes(head: str, from_rules: Mapping[str, str], kind: Kind) -> dict[str, str]:
    """The qualifiers of a proposition: its titles first, then what its rules state."""
    values = {}
    stated = _ANY_AXIS_NEEDLE.search(head) is not None
    for axis in AXES:
        if kind in axis.kinds:
            value = (axis.read(head) if stated else None) or (from_rules.get(axis.name) if axis.in_rules else None)
            if axis.name == "path" and from_rules.get("path") == "close":
                # "Will NVIDIA hit $6T" whose rules read the close of each day: the rules say
                # which price counts, the title's verb does not.
                value = "close"
            if value is not None:
                values[axis.name] = value
    return values
