"""What a contest market's structured reading leaves out: the part of a contest it pays on, a
margin or a way of winning it asks for, and how it settles when the contest ends level, without
a result, or is not played.

The topic readers (games, season titles, elections) read who plays, on which day, and who YES
pays on; their words are not compared. What else the question or the rules say must then be read
here, or a market on game 1 of a series pairs with the series, one on winning a race by ten points
with winning it, and one that splits a draw 50-50 with one that pays No on it (docs/matching.md,
"Contest terms").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from arb_pipeline.domain.matching.propositions.text import contains_any, fold_short

# A part of a contest played as several: "Game 1", "Map 2", "Set 3", "Leg 4", "1st map".
_PART = re.compile(r"\b(game|map|set|leg|frame|race|heat|bout|innings?|quarter|period)\s+(\d{1,2})\b"
                   r"|\b(\d{1,2})(?:st|nd|rd|th)\s+(map|set|game|leg|innings?|quarter|period)\b")
# A part of one match named by an ordinal word ("the first set", "second map"): such parts are
# never a match of their own, so a market naming none is on the whole match.
_ORDINAL_PART = re.compile(r"\b(first|second|third|fourth|fifth)\s+(map|set|quarter|period|innings?)\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# Kalshi series of one part of a match: "KXATPSET1" (first set), "KXLOLMAP2" (second map).
_SERIES_PART = re.compile(r"(SET|MAP)(\d)$")
#: The parts played inside one match: a market naming none of them pays on the match.
WITHIN_MATCH = frozenset({"map", "set", "quarter", "period", "inning", "frame", "leg"})
# The contest as a whole, said of a series of games: a part is then another contest.
_WHOLE = re.compile(r"\b(?:(?<!world )series|best[- ]of[- ]\w+|bo\d)\b")
# A best-of said of the contest ("(BO3)", "best-of-five"): a match of maps, sets or frames.
_BEST_OF = re.compile(r"\bbest[- ]of[- ]\w+|\bbo\d\b")
# A contest its own market calls the match or the (grand) final, not a game: the whole best-of,
# never one game of a series ("the upcoming match" is Polymarket's wording for every game).
_MATCH_NOUN = re.compile(r"\b(?<!upcoming )(?:match|(?:grand )?final)\b")
# A margin the side must win by: "by 10+ points", "by more than 5", "by at least 3 goals",
# "by 10 or more percentage points", "margin of victory", a handicap.
_UNITS = r"(?:percentage points?|points?|pts|goals?|runs?|wickets?|votes?|seats?|strokes?|lengths?|%)"
_MARGIN = re.compile(r"\bby\s+(?:more than|at least|over|greater than)\s+(\d+(?:\.\d+)?)()"
                     r"|\bby\s+(\d+(?:\.\d+)?)(\+|\s*or more)?\s*" + _UNITS + r"(?!\w)"
                     r"|\bby\s+(\d+(?:\.\d+)?)(\+)"
                     r"|\bmargin of victory\b|\bhandicap\b")
# A way of winning: a fight won by knockout, submission or decision, a match in straight sets.
_METHOD = re.compile(r"\b(?:by|via)\s+(ko|tko|knockout|technical knockout|submission|decision|stoppage|"
                     r"unanimous decision|split decision|points)\b|\binside the distance\b|\bin straight sets\b|"
                     r"\bin regulation\b|\bclean sweep\b")
# Who goes through a knockout tie ("Team to advance", "Will X advance?"): extra time, penalties
# or another leg may decide it, where a market on winning the match pays on that match alone.
_ADVANCE = re.compile(r"\b(?:to advance|advances?|advancing|to qualify|qualif(?:y|ies) for|to progress|progress(?:es)? to"
                      r"|go(?:es)? through)\b")

# A motor race's weekend holds several sessions whose order of two drivers differs: qualifying, a
# sprint (and its own qualifying), practice. A market naming none is on the race itself.
_MOTOR_RACE = re.compile(r"\bgrand prix\b|\bgp\b|\bf1\b|\bformula (?:1|one|2|e)\b|\bmotogp\b|\bnascar\b|\bindycar\b")
_SESSION = re.compile(r"\b(qualif(?:ying|ies|y|ication|ied)|sprint|practice|fp[123]|shootout)\b")
_SESSION_NEEDLES = ("qualif", "sprint", "practice", "fp", "shootout")


def _session(texts: tuple[str, ...]) -> str | None:
    """The session of a race weekend the folded ``texts`` name ("sprint qualifying", "qualifying",
    "sprint", "practice"), when they are about a motor race; None for the race."""
    if not any(_MOTOR_RACE.search(text) for text in texts):
        return None
    said = {match.group(1)[:5] for text in texts for match in _SESSION.finditer(text)}
    if not said:
        return None
    qualifying = "quali" in said or "shoot" in said
    if "sprin" in said:
        return "sprint qualifying" if qualifying else "sprint"
    return "qualifying" if qualifying else "practice"


# How a market settles when its contest does not produce a plain winner. A draw or a no contest
# ends a contest that took place; a cancellation or a postponement leaves it undecided.
_IRREGULAR = (
    ("draw", re.compile(r"\b(?:draw|drawn|tie|tied|ties)\b")),
    ("no contest", re.compile(r"\bno[- ]contest\b")),
    ("cancellation", re.compile(r"\bcancel+(?:ed|ation)?\b|\bcanceled\b|\bnot take place\b|\bnot played\b|\babandon\w*\b|"
                              r"\bno result\b|"
                              r"\bcalled off\b|\bvoid(?:ed)?\b")),
    ("postponement", re.compile(r"\bpostpone\w*\b|\breschedul\w*\b|\bdelayed\b")),
)
# Any of the cases' words: rules that name none settle none of them.
_ANY_CASE = re.compile(r"\b(?:draw|tie|contest|cancel|not take place|not played|abandon|no result|called off|void|"
                       r"postpone|reschedul|delayed)")
# Half the payout, in words or in Kalshi's money: "resolves 50-50", "split evenly", "the market will
# settle at $0.50 per contract", "resolves at 50 cents", "resolve to 50% of the notional value".
_HALF = r"(?:\$0?\.50|50 ?cents|50\u00a2|fifty cents|50 ?%)"
_SPLIT = re.compile(r"\b(?:50-50|50/50|fifty-fifty|50 50|split)\b|\b50 ?% of (?:the )?(?:notional|payout)"
                    r"|\b(?:settle|resolve|pay|worth)\w*\s+(?:out\s+)?(?:at\s+|to\s+)?" + _HALF +
                    r"|" + _HALF + r"\s+(?:per|a|each)\s+(?:contract|share)\b")
_REFUND = re.compile(r"\brefund\w*\b|\bvoid(?:ed)? and\b|\bwill be voided\b|\bresolves? (?:as )?void\b")
_NO = re.compile(r"\bresolves? (?:to )?(?:\"?no\"?)\b|\bresolve (?:to )?\"?no\"?|\bsettles? (?:to |as )?\"?no\"?|\bcounts? as (?:a )?(?:\"?no\"?|loss)\b"
                 r"|\b(?:does|do|will) not count as (?:a )?win\b")


# "This is Game 1 of the first-round series": rules that place one game in its series.
_GAME_OF_SERIES = re.compile(r"\b(?:game|match)\s+\d{1,2}\s+of\s+(?:the|a|this)\s+(?:[\w'-]+\s+){0,6}series\b")


def _whole_in(text: str) -> bool:
    """A series said of the contest as a whole, not the series one game of it belongs to."""
    return _WHOLE.search(_GAME_OF_SERIES.sub(" ", text) if "of" in text else text) is not None


def _part(question: str, series: str) -> str | None:
    """The part of a contest the question or a Kalshi series names: "set 1", "map 2"."""
    part = _PART.search(question)
    if part is not None:
        kind = part.group(1) or part.group(4)
        return f"{kind.rstrip('s')} {int(part.group(2) or part.group(3))}"
    if "first" in question or "second" in question or "third" in question or "fourth" in question \
            or "fifth" in question:
        ordinal = _ORDINAL_PART.search(question)
        if ordinal is not None:
            return f"{ordinal.group(2).rstrip('s')} {_ORDINALS[ordinal.group(1)]}"
    coded = _SERIES_PART.search(series)
    return f"{coded.group(1).lower()} {coded.group(2)}" if coded is not None else None


def contest_terms(question: str, rules: str, heading: str = "", series: str = "") -> Mapping[str, str]:
    """The part of the contest (``part``, or ``whole`` for a series), a margin (``margin``), a
    way of winning (``method``) and a race weekend's session (``session``) the market states, each
    folded. A part and a way of winning are
    read from the question only (or a Kalshi ``series`` of one part, "KXATPSET1"): rules name a
    series' games when they describe the series, and say how overtime or a decision counts
    without asking for it. ``heading``: the event's title."""
    terms: dict[str, str] = {}
    # Rules run to kilobytes and only their words are searched here: lower case is enough.
    question, rules, heading = fold_short(question), rules.lower(), fold_short(heading)
    part = _part(question, series)
    if part is not None:
        terms["part"] = part
    elif _WHOLE.search(question) or _whole_in(rules) or _whole_in(heading):
        terms["whole"] = "series"
        texts = (question, rules, heading)
        if not any("series" in text for text in texts) and any(_BEST_OF.search(text) for text in texts):
            # "Vitality vs FaZe (BO5)": a best-of match of maps, no series of games.
            terms["best_of"] = "match"
    else:
        # The question and the rules' first sentence call the contest what it is.
        said = f"{question} {rules.split('. ', 1)[0]}"
        if ("match" in said or "final" in said) and _MATCH_NOUN.search(said) is not None:
            terms["named"] = "match"
    # An event's heading ("Kentucky governor margin of victory") is said of every market under it.
    for text in (question, rules, heading):
        margin = _MARGIN.search(text)
        if margin is not None and "margin" not in terms:
            terms["margin"] = _margin(margin)
    method = way_of_winning(question)
    if method is not None:
        terms["method"] = method
    if ("advanc" in question or "qualif" in question or "progress" in question or "through" in question) \
            and _ADVANCE.search(question) is not None:
        terms["advance"] = "advance"
    # Rules name other sessions when they say how a tie is broken; the question and heading say
    # which session is meant.
    session = _session((question, heading)) if contains_any(question, _SESSION_NEEDLES) \
        or contains_any(heading, _SESSION_NEEDLES) else None
    if session is not None:
        terms["session"] = session
    return terms


POSTSEASON = "postseason"
# A game of the postseason, as a market states it: its round ("NFC Divisional Round", "the AFC
# Championship Game", "Wild Card Weekend", "Super Bowl LXII") or "playoff game" in its question or
# heading, its round in its rules. A rematch of one ("a Super Bowl rematch") and "the Super Bowl
# champion" are said of regular-season games, and "playoff" in rules may say what does not apply
# ("unlike a playoff game, ...").
_ROUND = (r"\b(?:wild[- ]card (?:round|game|weekend|playoff)|divisional (?:round|playoff)"
          r"|conference championship|championship game)\b|\b(?:afc|nfc) championship\b|\bsuper bowl (?:[lxvi]+|\d+)\b")
_POSTSEASON_QUESTION = re.compile(_ROUND + r"|\bplayoff game\b|\bpostseason game\b|^super bowl\b(?! champion)")
_POSTSEASON_RULES = re.compile(_ROUND)
_POSTSEASON_NEEDLES = ("wild", "divisional", "championship", "super bowl", "playoff", "postseason")


def postseason(question: str, rules: str, heading: str = "") -> bool:
    """Whether a game's question and heading, or its rules, state a postseason round."""
    question, rules = fold_short(f"{question} {heading}"), rules.lower()
    return (contains_any(question, _POSTSEASON_NEEDLES) and "rematch" not in question
            and _POSTSEASON_QUESTION.search(question) is not None) \
        or (contains_any(rules, _POSTSEASON_NEEDLES) and _POSTSEASON_RULES.search(rules) is not None)


def way_of_winning(question: str) -> str | None:
    """The way of winning a folded question asks for ("by KO", "in straight sets"), or None."""
    method = _METHOD.search(question)
    return None if method is None else method.group(1) or method.group(0)


def _margin(match: re.Match[str]) -> str:
    """"by 10+", "by more than 5": the least margin that pays, as the market bounds it."""
    if match.group(1):
        return f"by more than {match.group(1)}"
    number = match.group(3) or match.group(5)
    if number is None:
        return match.group(0)
    return f"by {number}+" if (match.group(4) or match.group(6)) else f"by {number}"


#: The cases that end a contest that was played: settled apart, the two markets pay apart.
RESULTS = frozenset({"draw", "no contest"})


def settlement(rules: str) -> Mapping[str, str]:
    """How the rules settle each irregular end they name: "no", "50-50" or "void" for "draw",
    "no contest", "cancellation" and "postponement". A case the rules do not settle is absent."""
    lowered = rules.lower()
    settled: dict[str, str] = {}
    done = -1
    # Only the sentences that name a case are read: rules run to kilobytes of other terms.
    for hit in _ANY_CASE.finditer(lowered):
        if hit.start() < done:
            continue
        begin = max(lowered.rfind(". ", 0, hit.start()), lowered.rfind(";", 0, hit.start()),
                    lowered.rfind("\n", 0, hit.start())) + 1
        ends = [at for at in (lowered.find(". ", hit.end()), lowered.find(";", hit.end()), lowered.find("\n", hit.end()))
                if at >= 0]
        done = min(ends) if ends else len(lowered)
        sentence = lowered[begin:done]
        if _SPLIT.search(sentence):
            outcome = "50-50"
        elif _REFUND.search(sentence):
            outcome = "void"
        elif _NO.search(sentence):
            outcome = "no"
        else:
            continue
        for case, pattern in _IRREGULAR:
            if case not in settled and pattern.search(sentence):
                settled[case] = outcome
    return settled
