"""A chart known by two days: the day it is released and the day it is dated.

Weekly charts are published some days before the date they carry: the Hot 100 released on a
Tuesday is the chart dated the Saturday after. One venue asks about "the chart released January
12", the other about "the week of January 16". They are one chart only when the rules say so
("the chart released on January 12, 2027 (the chart dated January 16, 2027)"); a chart's release
day is never turned into its date by a rule of thumb, so another week stays another chart.
"""

from __future__ import annotations

import re
from datetime import date

from arb_pipeline.domain.matching.propositions.dates import date_mentions

_RELEASED = re.compile(r"\b(?:released|published)(?: on)? ")
_DATED = re.compile(r"\bdated ")
# How far from "released <day>" the rules may name the chart's date: within the same clause or
# bracket, not anywhere in kilobytes of rules.
_NEAR = 120
_DAY_AFTER = 32


def _day_after(text: str, at: int, reference: date | None) -> date | None:
    mentions = date_mentions(text[at: at + _DAY_AFTER], reference)
    return mentions[0].first if mentions and mentions[0].kind == "day" and mentions[0].start == 0 else None


def dated_by_rules(rules: str, released: date, reference: date | None) -> date | None:
    """The date of the chart the rules say is released on ``released``, when they name both days
    of it together; None otherwise. ``rules``: folded."""
    if "dated" not in rules:
        return None
    for hit in _RELEASED.finditer(rules):
        if _day_after(rules, hit.end(), reference) != released:
            continue
        # The same sentence (a bracket is part of it), and near: "Note: the chart dated January 9
        # will not count." after it names another chart.
        sentence_start = rules.rfind(". ", 0, hit.start()) + 2
        sentence_end = rules.find(". ", hit.end())
        window_start = max(sentence_start, hit.start() - _NEAR)
        window_end = min(sentence_end if sentence_end >= 0 else len(rules), hit.end() + _NEAR)
        for dated in _DATED.finditer(rules, window_start, window_end):
            day = _day_after(rules, dated.end(), reference)
            if day is not None:
                return day
    return None
