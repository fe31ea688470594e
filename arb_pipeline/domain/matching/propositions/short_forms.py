"""Short forms a market's own context settles, written out before the market is read.

"Worlds" is the League of Legends World Championship in a market about League of Legends (and
figure skating's or gymnastics' elsewhere), "TI" Dota 2's The International in a market about Dota
(and nothing elsewhere), and "finish in the bottom three" is relegation in a league that relegates
its bottom three (and not in one that relegates two). A market whose texts, series or slug say the
context is read with the full form in its texts, so its names, statement words and blocking meet
the other venue's full form; without that context the short form stays as written
(docs/matching.md, "Short forms in their context").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from arb_pipeline.domain.matching.propositions.lexicon.sports import NATIONAL_LEAGUES
from arb_pipeline.domain.matching.propositions.reading import RULES_READ
from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any
from arb_pipeline.domain.models import Market


class _Form(NamedTuple):
    needles: tuple[str, ...]  # substrings of the raw texts the form needs: no regex runs without one
    pattern: re.Pattern[str]
    full: str | Callable[[re.Match[str]], str]  # what the form stands for
    context: re.Pattern[str] | None  # what the market's texts, series or slug must say; None: always


# A league whose bottom three are relegated, and nothing more (the Bundesliga's 16th plays off,
# Ligue 1 relegates two): "the bottom three" of its table is relegation. "Premier League" after
# another word ("Indian Premier League") is another competition.
_RELEGATES_THREE = re.compile(r"(?:(?<![A-Za-z] )|(?<=\bthe )|(?<=\bThe )|(?<=English ))Premier League|\bEPL\b|\bKXEPL"
                              r"|^epl-|\bLa ?Liga\b|\bSerie A\b|\bEFL Championship\b", re.MULTILINE)


def _relegated(match: re.Match[str]) -> str:
    # "finish in the bottom three of the Premier League": relegated from it.
    return "be relegated from" if match.group(0).endswith((" of", " in")) else "be relegated"

def _golden_boot(match: re.Match[str]) -> str:
    # "be the top goalscorer" of a league is winning its Golden Boot, as the other venue says.
    return "win the Golden Boot" if match.group(1) else "Golden Boot winner"


# "Spanish La Liga", "Spain's La Liga": a national league after its own country's adjective or
# possessive is the league (what is written before the name goes, the name stays).
_OWN_COUNTRY = re.compile("|".join(
    rf"\b(?:{'|'.join(adjectives)}|{country}'s) (?={re.escape(league)}\b)" for league, adjectives, country in NATIONAL_LEAGUES))

_FORMS = (
    # First, so the forms after it read the league's name as it is written alone.
    _Form(tuple(dict.fromkeys(league for league, _, _ in NATIONAL_LEAGUES)), _OWN_COUNTRY, "", None),
    # "LoL" in this capitalisation is the game wherever it is written ("lol" is not).
    _Form(("LoL",), re.compile(r"\bLoL\b"), "League of Legends", None),
    _Form(("Worlds", "World Champ"),
          re.compile(r"\b(?:League of Legends )?(?:Worlds|World Championships?)\b"),
          "League of Legends World Championship",
          re.compile(r"league of legends|\blol\b|\bkxlol|^lol-", re.IGNORECASE | re.MULTILINE)),
    _Form(("TI",), re.compile(r"\bTI\b"), "The International",
          re.compile(r"\bdota|\bkxdota", re.IGNORECASE)),
    _Form(("bottom three", "bottom 3", "Bottom three", "Bottom 3", "Bottom Three"),
          re.compile(r"\b(?:(?:finish(?:es)?|end(?:s)?(?: the season)?|be|is) )?(?:in )?(?:the )?bottom[ -](?:three|3)\b"
                     r"(?: (?:finish|place)\b)?(?: (?:of|in)\b)?", re.IGNORECASE),
          _relegated, _RELEGATES_THREE),
    # A league's or a tournament's top goalscorer wins its Golden Boot, in any sport's context: no
    # other award is named so.
    _Form(("top goal", "top scorer", "Top Goal", "Top Scorer", "leading goal", "leading scorer"),
          re.compile(r"\b((?:be|is|finish(?:es)? as|ends? as) )?(?:the )?(?:top|leading) (?:goal[ -]?)?scorer\b",
                     re.IGNORECASE),
          _golden_boot, None),
)
# Every form's needles in one pass over a market's texts: most markets hold none.
_ANY_NEEDLE = any_needle(needle for form in _FORMS for needle in form.needles)


def written_out(market: Market) -> Market:
    """``market`` with the short forms its own context settles written in full."""
    # The readers read the rules' opening: a form only further on changes nothing they read.
    if _ANY_NEEDLE.search("\n".join((market.title, market.subtitle or "", market.event_title or "",
                                      market.rules[:RULES_READ]))) is None:
        return market
    texts = (market.title, market.subtitle or "", market.event_title or "", market.rules)
    where = "\n".join((*texts, market.series_id or "", market.slug or ""))
    for form in _FORMS:
        if not any(contains_any(text, form.needles) for text in texts):
            continue
        if form.context is not None and form.context.search(where) is None:
            continue
        texts = tuple(form.pattern.sub(form.full, text) for text in texts)
        where = "\n".join((*texts, market.series_id or "", market.slug or ""))
    title, subtitle, event_title, rules = texts
    return replace(market, title=title, subtitle=subtitle if market.subtitle is not None else None,
                   event_title=event_title if market.event_title is not None else None, rules=rules)
