"""The named option a market no topic reader claimed stands for: its Kalshi YES side or custom
strike, or its Polymarket group title, when that is written as a name ("Timothée Chalamet",
"Golden Hour by Kacey Musgraves") and not a number, a date, Yes/No or the question restated; and
a YES side that is only what a central bank decides ("Cut", "Hike"), which is no option.

Apart from general.py, which assembles the proposition: telling an option's name from a phrase
is its own reading of a label's capitals and words, and takes nothing the other fields found.
"""

from __future__ import annotations

import re
from datetime import date

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.declarations import cued_aliases
from arb_pipeline.domain.matching.propositions.frames import canonical_phrases, statement_words
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import name_key, name_kind
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.reading import Reading
from arb_pipeline.domain.matching.propositions.text import fold_short, same_word
from arb_pipeline.domain.matching.propositions.works import WORK_BY

_CUSTOM_STRIKE_SKIP = frozenset({"window_start", "window_end", "start", "end", "date", "time"})


# The small words inside names in the languages parties and people are named in ("Fratelli di
# Valdoria", "Partido de la Gente", "Mar y Sol").
_MINOR_WORDS = frozenset({"of", "the", "de", "la", "del", "da", "van", "von", "and", "vs", "party", "fc", "cf", "sc", "&",
                          "di", "della", "do", "dos", "du", "le", "y", "e", "i", "und", "dei", "degli", "das", "der",
                          "des", "voor", "en", "los", "las"})
# A word, and a capitalised word after an elided article ("d'Italia", "l'Union").
_WORD_RAW = re.compile(r"(?:[dl]['’](?=[A-ZÀ-Þ]))?[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\-]*")


def _name_like(raw: str) -> bool:
    """Written as a name: every word capitalised ("Timothée Chalamet", "Fidesz-KDNP", "Duke"), not
    a phrase ("20th package adopted", "Two negative quarters")."""
    work = WORK_BY.fullmatch(raw.strip())
    if work:
        # "Golden Hour by Kacey Musgraves", "The Life of a Showgirl - Taylor Swift": a work (its
        # title's short words may stay lower case) and its author, each a name; Kalshi also writes
        # the author first ("Taylor Swift - The Life of a Showgirl").
        first, second = work.groups()
        return _title_like(first) and _name_like(second) or _name_like(first) and _title_like(second)
    found = [w.removeprefix("d'").removeprefix("d’").removeprefix("l'").removeprefix("l’")
             for w in _WORD_RAW.findall(raw) if w.lower() not in _MINOR_WORDS]
    return bool(found) and all(w[0].isupper() for w in found)


def _title_like(raw: str) -> bool:
    """Written as a work's title: capitalised, its short words ("a", "in", "on") possibly not."""
    title = _WORD_RAW.findall(raw)
    return bool(title) and title[0][0].isupper() and all(w[0].isupper() for w in title if len(w) > 3)


def _option_label(label: str, raw: str | None, title: str, reference: date | None, *,
                  restates: bool = True) -> Name | None:
    """A YES side's title or a group title that names an option: a name, not a number, a date,
    Yes/No, or (``restates``) a restatement of the question."""
    declared = cued_aliases(raw) if raw else ()
    if declared and raw is not None and raw.lstrip().startswith(declared[0][0]):
        # "Strategy (formerly MicroStrategy)": the option is its first name; the other is read
        # with the market's declarations (declarations.declared_aliases).
        raw = declared[0][0]
        label = fold_short(raw)
    if not label or not raw or label in ("yes", "no") or not _name_like(raw):
        return None
    if parse_range(label, short=True) is not None or dates.date_mentions(label, reference):
        return None
    if label in dates.MONTHS and re.search(rf"\b{label}\b(?:\s+\d{{1,2}}\b|,?\s+20\d\d\b|\s*\?)", title):
        # "ECB rate cut in March 2027?" in the group "March": the month its question dates it by
        # (with its day or year, or ending the question: "May" is also a name), no option ("In
        # which month ...?" names its months as options, not in the question).
        return None
    words = statement_words(label, None)
    # A title built as "<event>: <YES side>" (Kalshi markets without their own title) names the
    # option once, as the YES side; it is no restatement.
    title = title.removesuffix(f": {label}")
    # A YES side the question states in another form of its phrase ("Top 3" under "on the Tour de
    # France podium") restates it; so does one of one word ("Announced" under "Will Apple
    # announce ...?", "Ordered" under "Will a court order ...?") restates it too.
    stated = statement_words(title, None) if restates and title else frozenset()
    verb = len(words) == 1 and " " not in label and any(same_word(next(iter(words)), w) for w in stated)
    if not words or (restates and title and len(label) < len(title) and not _starts_question(title)
                     and (words <= stated and (label in title or label in canonical_phrases(title)) or verb)):
        return None
    key = name_key(raw)
    return Name(key, raw.strip(), name_kind(key)) if key else None


# What a central bank does at a meeting, in the canonical words of the vocabulary.
_DECISIONS = frozenset({"decrease", "increase", "hold"})


def decision_side(label: str) -> bool:
    """A YES side that is only what a central bank does ("Cut", "Hike", "Increase", "No change"
    under "ECB decision on Apr 15?") is the statement, no option: it is compared as the words of
    "ECB cuts rates in April?", not as a name the other market never writes."""
    said = statement_words(label, None)
    return bool(said) and said <= _DECISIONS


def _starts_question(title: str) -> bool:
    """A "who/which" question names its options elsewhere: its labels are options even when the
    question repeats them."""
    return title.startswith(("who ", "which ", "what "))


def kalshi_option(reading: Reading) -> Name | None:
    market = reading.market
    custom = market.raw.get("custom_strike")
    if isinstance(custom, dict):
        for field, value in custom.items():
            if isinstance(value, str) and value.strip() and str(field).lower() not in _CUSTOM_STRIKE_SKIP:
                key = name_key(value)
                if key:
                    return Name(key, value.strip(), name_kind(key))
    if reading.label and reading.label not in (reading.title, reading.event):
        return _option_label(reading.label, market.subtitle, reading.title, reading.reference)
    return None


def polymarket_option(reading: Reading) -> Name | None:
    # A group title is the option of its market within the event: the question names it by
    # construction ("Will Hamnet win Best Picture?" in the group "Hamnet").
    market = reading.market
    if reading.label and reading.label not in (reading.title, reading.event):
        return _option_label(reading.label, market.subtitle, reading.title, reading.reference, restates=False)
    return None
