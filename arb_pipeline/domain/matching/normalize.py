"""Text as the matcher reads it: one folded spelling of symbols and numbers, and the token string
that rapidfuzz compares.

Venues spell the same threshold many ways ("≥3.0%", "at least 3.0%", "3.0% or higher",
"$97,000 or above", "97k"); folding maps symbols to words and numbers to plain digits once, so
every later pattern has one spelling to look for.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SYMBOLS = (
    ("≥", " at least "),
    ("⩾", " at least "),
    ("≤", " at most "),
    ("⩽", " at most "),
    (">=", " at least "),
    ("<=", " at most "),
    (">", " above "),
    ("<", " below "),
    ("–", "-"),
    ("—", "-"),
    ("−", "-"),
    ("’", "'"),
    ("‘", "'"),
    ("“", '"'),
    ("”", '"'),
    ("º", "°"),
    ("˚", "°"),
)
_SPACES = re.compile(r"\s+")
# "1,000" -> "1000" (thousands separators only: a comma followed by exactly three digits).
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# "97k", "$1.2m", "2.5 million" -> plain numbers; the suffix must end the word.
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s?(k|thousand|m|mn|million|b|bn|billion)\b")
_SCALE = {
    "k": Decimal(1000), "thousand": Decimal(1000),
    "m": Decimal(1_000_000), "mn": Decimal(1_000_000), "million": Decimal(1_000_000),
    "b": Decimal(1_000_000_000), "bn": Decimal(1_000_000_000), "billion": Decimal(1_000_000_000),
}
# ".48" -> "0.48" where a number starts with its point.
_LEADING_POINT = re.compile(r"(?<![\d.])\.(\d)")
# "84°f", "84 °f", "84 degrees fahrenheit", "84 degrees" -> "84°".
_DEGREES = re.compile(r"(\d)\s*(?:°\s*f\b|°|degrees?(?:\s+fahrenheit)?\b|deg\b)")


def _scaled(match: re.Match[str]) -> str:
    value = Decimal(match.group(1)) * _SCALE[match.group(2)]
    return format(value.normalize(), "f")


def fold(text: str) -> str:
    """Lower case, NFKC, comparison symbols as words, plain digits, one space between words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    for symbol, word in _SYMBOLS:
        if symbol in text:
            text = text.replace(symbol, word)
    text = text.lower()
    # Each rewrite runs only when its trigger character is present: rules run to kilobytes and
    # are folded once per market, 40,000 times for a full catalog pair.
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if "." in text:
        text = _LEADING_POINT.sub(r"0.\1", text)
    text = _SCALED.sub(_scaled, text)
    if "°" in text or "deg" in text:
        text = _DEGREES.sub(r"\1°", text)
    return _SPACES.sub(" ", text).strip()


NUMBER = r"-?\d+(?:\.\d+)?"


def to_number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def show_number(value: Decimal) -> str:
    """A value as a trader reads it: thousands separated, no trailing zeros beyond the cent
    ("64,000", "3.0" stays "3", "4.25")."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return f"{int(normalized):,}"
    return f"{normalized:,f}"


_NON_WORD = re.compile(r"[^a-z0-9%$°.]+")
_STOPWORDS = frozenset(
    "the a an will be is are of in on at by for to and or if this that market resolve resolves yes no "
    "what which who than be".split()
)


def similarity_text(*folded_parts: str | None) -> str:
    """The string rapidfuzz compares: the words of already folded texts, without punctuation or
    filler words."""
    words: list[str] = []
    for part in folded_parts:
        if part:
            words.extend(w for w in _NON_WORD.split(part) if w and w not in _STOPWORDS)
    return " ".join(words)
