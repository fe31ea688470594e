"""A quarter of a company's fiscal year ("Q4 FY27", "the fourth quarter of fiscal 2027"): found in a
folded text so that it is read as no date and no word of a statement, and keyed as (quarter,
fiscal year) so that two wordings of one quarter are one.

Apart from dates.py because a fiscal quarter names no calendar window: dates.py only cuts it out
of what it reads (and shares the quarter's ordinal words and the two-digit year rule from here).
"""

from __future__ import annotations

import re

# A quarter of a company's fiscal year ("Q4 FY27", folded to "q4 fiscal year 2027"; "fiscal Q4 2027",
# "the fourth quarter of fiscal 2027"): a fiscal year may end in any month (NVIDIA's fiscal 2027 ends
# in January 2027), so its quarter names no calendar window. It is no date; what the texts date
# the occasion by (a day, a month, a deadline) is.
_QUARTER_WORD = r"(?:q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter)"
_FISCAL_YEAR_WORDS = r"(?:fiscal(?:\s+year)?|fy)\s*'?(?:20\d{2}|\d{2})\b"
_FISCAL_QUARTER = re.compile(
    rf"\b{_QUARTER_WORD}\s+(?:of\s+)?(?:the\s+)?{_FISCAL_YEAR_WORDS}"
    rf"|\b{_FISCAL_YEAR_WORDS}\s+{_QUARTER_WORD}"
    rf"|\bfiscal\s+(?:year\s+)?{_QUARTER_WORD}(?:\s+(?:of\s+)?(?:20\d{{2}}))?"
    rf"|\b(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+fiscal\s+quarter(?:\s+(?:of\s+)?(?:20\d{{2}}))?")


def fiscal_quarters(text: str) -> tuple[tuple[int, int], ...]:
    """Where a folded text names a fiscal quarter: no date, and no word of a statement."""
    if "fiscal" not in text and "fy" not in text:
        return ()
    return tuple((m.start(), m.end()) for m in _FISCAL_QUARTER.finditer(text))


_QUARTER_NUMBER = re.compile(r"\bq([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)\b")
_FISCAL_YEAR_NUMBER = re.compile(r"(?:fiscal(?:\s+year)?|fy)\s*'?(20\d{2}|\d{2})\b|\b(20\d{2})\b")


def fiscal_quarter_keys(text: str) -> frozenset[tuple[int, int]]:
    """The fiscal quarters a folded text names, each as (quarter, fiscal year): one company's
    "Q4 FY2026" and "the fourth quarter of fiscal 2026" are one quarter, whatever months it covers."""
    keys = set()
    for start, end in fiscal_quarters(text):
        phrase = text[start:end]
        quarter, year = _QUARTER_NUMBER.search(phrase), _FISCAL_YEAR_NUMBER.search(phrase)
        if quarter is None or year is None:
            continue
        number = int(quarter.group(1)) if quarter.group(1) else QUARTER_WORDS[quarter.group(2)]
        keys.add((number, fiscal_year(year.group(1) or year.group(2)) or 0))
    return frozenset(keys)


QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def fiscal_year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)
