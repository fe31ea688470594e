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

from arb_pipeline.domain.matching.propositions.lexicon.sports import LEAGUE_OTHER_NAMES, NATIONAL_LEAGUES
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


# Golf's oldest major is "The Open" (its own name, "The Open Championship") to its organisers and
# "the British Open" to many markets. Only where the market is about golf: "the Open" of another
# sport, or "the Scottish Open", is another event.
_THE_OPEN = re.compile(r"(?:\b([Tt]he )|^)((?:19|20)\d\d |\d{1,3}(?:st|nd|rd|th) )?Open(?: Championship)?\b"
                       r"(?!\s+(?:[A-Z]|de\b|d'))", re.MULTILINE)
_GOLF = re.compile(r"\bgolf|\bpga\b|\bkxpga|\bkxgolf|\bR&A\b|claret jug|\bLIV\b|DP World Tour|\bRoyal (?:Portrush|Birkdale|"
                   r"Troon|St George's|Liverpool|Lytham)|\bSt\.? Andrews\b|\bCarnoustie\b|\bMuirfield\b", re.IGNORECASE)


def _british_open(match: re.Match[str]) -> str:
    return f"{match.group(1) or ''}{match.group(2) or ''}British Open"


# In tennis a Grand Slam is one of the four majors: winning "a Grand Slam" (any, one, at least one) is
# winning a major. Winning "the" (calendar, career) Grand Slam is winning all four, and golf's Grand
# Slam is all four too: those stay as written.
_A_GRAND_SLAM = re.compile(r"\b(a|an|any|one|at least one) Grand Slam(?: singles)?(?: (?:title|tournament|event))?\b")
_TENNIS = re.compile(r"\btennis\b|\bATP\b|\bWTA\b|\bkx(?:atp|wta|tennis)|^(?:atp|wta|tennis)-|Wimbledon|Australian Open|"
                     r"French Open|Roland[- ]Garros", re.IGNORECASE | re.MULTILINE)
# "WR" in a market about a race or an event of athletics or swimming is the world record.
_WR = re.compile(r"\bWRs?\b")
_RACED = re.compile(r"athletic|\btrack (?:and|&) field\b|swim|\b\d{2,5} ?m\b|metres|meters|marathon|hurdles|relay|freestyle|butterfly|"
                    r"backstroke|breaststroke|medley|pole vault|high jump|long jump|triple jump|javelin|discus|shot put|"
                    r"decathlon|heptathlon|Diamond League", re.IGNORECASE)


# A match played to the winner of most of an odd number of sets goes the distance when it runs to
# the last set: "go the distance" of a best-of-five match is going to five sets, of a best-of-three
# to three. The context names the best-of and sets or tennis (a fight's distance is its rounds, an
# esports series' its maps).
_DISTANCE = re.compile(r"\b(go|goes|went|going) the (?:full )?distance\b", re.IGNORECASE)


def _best_of_sets(count: str) -> re.Pattern[str]:
    return re.compile(rf"(?=[\s\S]*(?:\bsets?\b|{_TENNIS.pattern}))[\s\S]*?\b(?:best[- ]of[- ]{count}|{count}[- ]set match)\b",
                      re.IGNORECASE | re.MULTILINE)


def _a_major(match: re.Match[str]) -> str:
    return f"{match.group(1)} major"


# "Spanish La Liga", "Spain's La Liga": a national league after its own country's adjective or
# possessive is the league (what is written before the name goes, the name stays).
_OWN_COUNTRY = re.compile("|".join(
    rf"\b(?:{'|'.join(adjectives)}|{country}'s) (?={re.escape(league)}\b)" for league, adjectives, country in NATIONAL_LEAGUES))

# A national league under another of its names (the table in lexicon/sports.py): a spelling, read
# unless a capitalised word other than the league's own country's stands before it ("Argentine
# Primera División" is another league), and "the Spanish league", read in football only.
_SPELLED = {spelling: league for league, spellings, _ in LEAGUE_OTHER_NAMES for spelling in spellings}
_LEAGUE_SPELLING = re.compile(rf"(\b[A-Z][\w']* )?\b({'|'.join(map(re.escape, _SPELLED))})\b")
_OWN_WORDS = frozenset({"The", "Spanish", "Spain's", "Will", "Who", "Which", "What", "In", "Win", "Wins"})
_ADJECTIVE_LEAGUE = {adjective: league for league, _, adjective in LEAGUE_OTHER_NAMES}
_COUNTRY_LEAGUE = re.compile(rf"\b({'|'.join(_ADJECTIVE_LEAGUE)}) [Ll]eague\b")
_FOOTBALL = re.compile(r"soccer|football|f[uú]tbol|\bFC\b|\bUEFA\b|\bkx(?:laliga|seriea|bundesliga|ligue1|epl)"
                       r"|^(?:lal|sea|bun|fl1|epl)-", re.IGNORECASE | re.MULTILINE)


def _league_spelled(match: re.Match[str]) -> str:
    before = match.group(1) or ""
    if before and before.strip() not in _OWN_WORDS:
        return match.group(0)
    return f"{before}{_SPELLED[match.group(2)]}"


# The Games by their host city's initials and year, as their organisers brand them ("LA28", "LA
# 2028"): in a market about the Olympics or Paralympics, the Games in Los Angeles that year.
_LA_GAMES = re.compile(r"\bLA ?(?:20|')?(\d\d)\b")
_OLYMPIC = re.compile(r"olympi|paralympi|\bkxoly", re.IGNORECASE)

# In rugby a side that wins all its matches of a championship completes (achieves, seals) its
# Grand Slam: winning the Grand Slam, as the other venue says.
_COMPLETES_SLAM = re.compile(r"\b(?:complete|completes|completed|achieve|achieves|achieved|seal|seals|sealed) "
                             r"(?:a|the|its|their) Grand Slam\b")
_RUGBY = re.compile(r"\brugby\b|\bsix nations\b|\bkxsixnations", re.IGNORECASE)

_FORMS = (
    _Form(tuple(_SPELLED), _LEAGUE_SPELLING, _league_spelled, None),
    _Form(tuple(f"{adjective} {word}" for adjective in _ADJECTIVE_LEAGUE for word in ("league", "League")),
          _COUNTRY_LEAGUE, lambda match: _ADJECTIVE_LEAGUE[match.group(1)], _FOOTBALL),
    # After the other names, so the forms after it read the league's name as it is written alone.
    _Form(tuple(dict.fromkeys(league for league, _, _ in NATIONAL_LEAGUES)), _OWN_COUNTRY, "", None),
    # "LoL" in this capitalisation is the game wherever it is written ("lol" is not).
    _Form(("LoL",), re.compile(r"\bLoL\b"), "League of Legends", None),
    # Esports titles in their other written forms: "Counter-Strike 2" is "CS2" (CS:GO, which it
    # replaced in 2023, stays another name), "Dota2" is "Dota 2", and the Valorant Champions Tour's
    # international events are Valorant's ("VCT Masters Toronto"; its leagues, "VCT Americas", stay).
    _Form(("Counter-Strike 2", "Counter Strike 2", "Counter-Strike: 2", "Counter-strike 2", "COUNTER-STRIKE 2"),
          re.compile(r"\bCounter[- ]?[Ss]trike:? 2\b|\bCOUNTER-STRIKE 2\b"), "CS2", None),
    _Form(("Dota2", "DOTA2", "DotA2"), re.compile(r"\b(?:Dota|DOTA|DotA)2\b"), "Dota 2", None),
    _Form(("VCT ",), re.compile(r"\bVCT (?=(?:Masters|Champions)\b)"), "Valorant ", None),
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
    _Form(("The Open", "the Open", "Open Championship"), _THE_OPEN, _british_open, _GOLF),
    _Form(("Grand Slam",), _COMPLETES_SLAM, "win the Grand Slam", _RUGBY),
    _Form(("Grand Slam",), _A_GRAND_SLAM, _a_major, _TENNIS),
    _Form(("WR",), _WR, "world record", _RACED),
    _Form(("LA",), _LA_GAMES, lambda match: f"Los Angeles 20{match.group(1)}", _OLYMPIC),
    _Form(("distance",), _DISTANCE, lambda match: f"{match.group(1)} to 5 sets", _best_of_sets("(?:five|5)")),
    _Form(("distance",), _DISTANCE, lambda match: f"{match.group(1)} to 3 sets", _best_of_sets("(?:three|3)")),
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
