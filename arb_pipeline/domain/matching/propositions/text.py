"""Text as the reader sees it: one folded spelling of symbols, numbers, accents and abbreviations,
the words a statement is made of, and when two words are the same word.

Venues spell the same threshold many ways ("≥3.0%", "at least 3.0%", "3.0% or higher",
"$97,000 or above", "97k") and the same name many ways ("Erdoğan" / "Erdogan", "Ohio St." /
"Ohio State"); folding maps symbols to words, numbers to plain digits and letters to ASCII once,
so every later pattern has one spelling to look for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.lexicon import table_rows

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
    ("&amp;", "&"),
    ("↑", " reach "),
    ("↓", " dip to "),
)
_ASCII_SYMBOLS = tuple((symbol, word) for symbol, word in _SYMBOLS if symbol.isascii())
# "1,000" -> "1000" (thousands separators only: a comma after a digit and before exactly three).
# Written comma first, the digit before it looked behind for: the regex engine then jumps from
# comma to comma instead of trying the lookbehind at every character of a rules text.
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
# "97k", "$1.2m", "2.5 million" -> plain numbers; the suffix must end the word.
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s?(k|thousand|m|mn|million|b|bn|billion|t|tn|trillion)\b")
_SCALE = {
    "k": Decimal(1000), "thousand": Decimal(1000),
    "m": Decimal(1_000_000), "mn": Decimal(1_000_000), "million": Decimal(1_000_000),
    "b": Decimal(1_000_000_000), "bn": Decimal(1_000_000_000), "billion": Decimal(1_000_000_000),
    "t": Decimal(1_000_000_000_000), "tn": Decimal(1_000_000_000_000), "trillion": Decimal(1_000_000_000_000),
}
# ".48" -> "0.48" where a number starts with its point (point first, as for ``_THOUSANDS``).
_LEADING_POINT = re.compile(r"\.(?<![\d.]\.)(\d)")
# "84°f", "84 °f", "84 degrees fahrenheit", "84 degrees" -> "84°".
_DEGREES = re.compile(r"(\d)\s*(?:°\s*f\b|°|degrees?(?:\s+fahrenheit)?\b|deg\b)")
# Abbreviations that name the same thing as their long form. "St." is "Saint" before a name
# ("St. Louis") and "State" where it ends one ("Ohio St."), the way team and school names use it.
_SAINT = re.compile(r"\bst\.?\s+(?=[a-z])")
_STATE_ABBREVIATION = re.compile(
    r"(?<=[a-z]) st\.?(?=\s*$|\s*[?,:;)\-]|\s+(?:vs|v|at|and|or|to|in|on|by|over|win|wins|beat|beats|defeat|defeats)\b)")
# A numbered provision by its abbreviation ("Sec. 232", "Art. 5", "Sect. 301") is the provision
# written out ("Section 232", "Article 5"): a word and a number, in the statement and in names.
_NUMBERED_PROVISIONS = {"sec": "section", "sect": "section", "art": "article"}
_NUMBERED_PROVISION = re.compile(r"\b(sec|sect|art)\.?\s+(?=\d)", re.IGNORECASE)


def provisions_written_out(text: str) -> str:
    """``text`` with each numbered provision's abbreviation written out, capitalised as written."""
    if "ec" not in text and "rt" not in text and "EC" not in text and "RT" not in text:
        return text

    def written(match: re.Match[str]) -> str:
        word = _NUMBERED_PROVISIONS[match.group(1).lower()]
        return (word.capitalize() if match.group(1)[0].isupper() else word) + " "

    return _NUMBERED_PROVISION.sub(written, text)


# Abbreviations and their long forms, one a line: a substring the pattern needs | the long form
# (a trailing "␠" is its space) | the pattern. A second round by its Spanish, Portuguese and
# French names ("balotaje", "segunda vuelta", "segundo turno", "ballotage") is a runoff, as Latin
# American markets write it; a figure's "SAAR" is its seasonally adjusted annualized rate. A
# currency "stronger than 7.00 per dollar" is the dollar's rate below 7.00, "weaker" above it; and
# "negative rates" are rates below 0%. The Department of Defense has "Department of War" for its
# secondary name since September 2025 (an executive order that left the statute's name in place):
# venues write either for one office, so its Secretary and its department are read by the
# statutory name.
_ABBREVIATIONS = tuple((needle, re.compile(pattern), long_form.replace("␠", " "))
                      for needle, long_form, pattern in table_rows(r"""
mt     | mount␠                                | \bmt\.?\s+(?=[a-z])
ft     | fort␠                                 | \bft\.?\s+(?=[a-z])
utd    | united                                | \butd\b\.?
univ   | university                            | \bunivs?\.?(?=\s|$)
intl   | international                         | \bintl\.?(?=\s|$)
gp     | grand prix                            | \bgp\b
eoy    | end of year                           | \beoy\b
fy     | fiscal year 20\1                      | \bfy\s?(\d\d)\b
fy     | fiscal year \1                        | \bfy\s?(\d{4})\b
u.     | us                                    | \bu\.s\.a?\.?(?=\s|$|[?,:;)'])
u.     | uk                                    | \bu\.k\.?(?=\s|$|[?,:;)'])
d.c    | dc                                    | \bd\.c\.?(?=\s|$|[?,:;)'])
lota   | runoff                                | \bball?ota(?:j|g)e\b
segund | runoff                                | \bsegund[ao] (?:vuelta|turno)\b
saar   | seasonally adjusted annualized rate   | \bsaar\b
vs.    | vs                                    | \bvs\.(?=\s|$)
zero   | \1 0                                  | \b(below|under|less than|above|over|more than|greater than) zero\b
negati | \1 below 0%                           | \bnegative ((?:interest |policy |deposit )?rates?)\b
strong | below \1                              | \bstronger than (\d+(?:\.\d+)?)(?= (?:[a-z]+ )?(?:per|a|to the) (?:us )?(?:dollar|usd)\b)
weaker | above \1                              | \bweaker than (\d+(?:\.\d+)?)(?= (?:[a-z]+ )?(?:per|a|to the) (?:us )?(?:dollar|usd)\b)
v.     | vs                                    | \bv\.(?=\s)
 of war | \1 of defense                        | \b(secretary|department) of war\b
war sec | defense secretary                    | \bwar secretary\b
war dep | defense department                   | \bwar department\b
""", 3))
# "\bst\b" written letters first (as ``_YEARS_SHORT``), which the regex engine jumps to.
_ST = re.compile(r"st\b(?<!\wst)")
_SCALE_HINT = re.compile(r"\d\s?(?:k|thousand|m|mn|million|b|bn|billion|t|tn|trillion)\b")


def _scaled(match: re.Match[str]) -> str:
    if match.group(2) == "m" and _distance(match):
        return match.group(0)
    value = Decimal(match.group(1)) * _SCALE[match.group(2)]
    return format(value.normalize(), "f")


# "The men's 100m", "400m hurdles": metres of a race, not millions.
_RACE_AFTER = re.compile(r"\s*(?:hurdles|dash|sprint|final|freestyle|backstroke|butterfly|breaststroke|medley|relay|race"
                         r"|steeplechase|run|winner|title|gold|world record|heats?)\b")
_RACE_BEFORE = re.compile(r"(?:\bmen'?s|\bwomen'?s|\bmen|\bwomen|\bthe)\s+$")


def _distance(match: re.Match[str]) -> bool:
    text, start = match.string, match.start()
    if text[max(0, start - 1):start] == "$" or not match.group(1).isdigit():
        return False
    return _RACE_AFTER.match(text, match.end()) is not None or _RACE_BEFORE.search(text[max(0, start - 12):start]) is not None


# The digit first, the word boundary before it looked behind for (as for ``_THOUSANDS``): the
# regex engine jumps from digit to digit instead of trying the boundary at every character.
_YEARS_SHORT = re.compile(r"(\d(?<!\w\d)\d?)\s?(?:y|yr|yrs)\b")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Letters that are not a base letter plus a mark, so NFKD leaves them: "Đoković" is "Djokovic".
_STROKED = str.maketrans({"Đ": "Dj", "đ": "dj", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "ß": "ss", "Æ": "Ae", "æ": "ae",
                          "Œ": "Oe", "œ": "oe", "Þ": "Th", "þ": "th", "ð": "d", "ı": "i", "Ħ": "H", "ħ": "h"})


def ascii_letters(text: str) -> str:
    """Diacritics dropped: "Erdoğan" -> "Erdogan", "Pérez" -> "Perez", "Đoković" -> "Djokovic"."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_STROKED)))


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """Whether ``text`` holds one of ``needles``: the substring prefilter the readers run before a
    regex. A plain loop, not ``any()`` over a generator: it runs millions of times on a catalog."""
    for needle in needles:
        if needle in text:
            return True
    return False


def any_needle(needles: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds whether a text holds any of ``needles``: the one-pass prefilter of a
    lexicon with many words. Written as a tree of shared prefixes ("fir(?:st half|st quarter)"),
    not an alternation of the needles: the regex engine tries each alternative in turn wherever one
    could start, and a tree tries each character once (half the time or less on a catalog's heads).
    Only whether it finds something is meant: where several needles start at one place, which of
    them it matches is not said."""
    return re.compile(_prefix_tree(needles))


def whole_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """A pattern that matches any of ``phrases`` as whole words, the longest where several start at
    one place: what an alternation of them sorted longest first matches, written as a tree of
    shared prefixes (see :func:`any_needle`), about nine times faster on a catalog's texts. Where a
    phrase may go on, the tree tries the longer way first and falls back to the phrase that ends
    there when the longer one does not end a word; the text's characters allow one way at a time."""
    return re.compile(rf"\b(?:{_prefix_tree(phrases)})\b")


def _prefix_tree(needles: Iterable[str]) -> str:
    tree: dict[str, dict] = {}
    for needle in needles:
        node = tree
        for character in needle:
            node = node.setdefault(character, {})
        node[""] = {}  # a needle ends here

    def branch(node: dict[str, dict]) -> str:
        ways = [re.escape(character) + branch(rest) for character, rest in sorted(node.items()) if character]
        if not ways:
            return ""
        written = ways[0] if len(ways) == 1 else f"(?:{'|'.join(ways)})"
        return f"(?:{written})?" if "" in node else written

    return branch(tree)


def fold(text: str) -> str:
    """Lower case, NFKC, ASCII letters, comparison symbols as words, plain digits, expanded
    abbreviations, one space between words."""
    if not text:
        return ""
    # Most texts are ASCII (``isascii`` is a flag, not a scan): NFKC leaves them as they are and
    # they hold none of the non-ASCII symbols.
    if text.isascii():
        symbols = _ASCII_SYMBOLS
    else:
        text = unicodedata.normalize("NFKC", text)
        symbols = _SYMBOLS
    for symbol, word in symbols:
        if symbol in text:
            text = text.replace(symbol, word)
    text = ascii_letters(text).lower()
    # Each rewrite runs only when its trigger is present: rules run to kilobytes and are folded
    # once per market, 40,000 times for a full catalog pair. A replacement that refers to a group
    # is parsed anew on every sub() call, so those run only once a search has found a match.
    if "," in text:
        text = _THOUSANDS.sub("", text)
    if "." in text and _LEADING_POINT.search(text):
        text = _LEADING_POINT.sub(r"0.\1", text)
    if _SCALE_HINT.search(text):
        text = _SCALED.sub(_scaled, text)
    if ("°" in text or "deg" in text) and _DEGREES.search(text):
        text = _DEGREES.sub(r"\1°", text)
    if "y" in text and _YEARS_SHORT.search(text):
        text = _YEARS_SHORT.sub(r"\1-year", text)
    if _ST.search(text):
        text = _STATE_ABBREVIATION.sub(" state", text)
        text = _SAINT.sub("saint ", text)
    for needle, pattern, replacement in _ABBREVIATIONS:
        if needle in text:
            text = pattern.sub(replacement, text)
    if ("sec" in text or "art" in text) and _NUMBERED_PROVISION.search(text):
        text = provisions_written_out(text)
    if "ot20" in text or "october term" in text:
        text = _COURT_TERM.sub(_court_term, text)
    if ":" in text or " second" in text:
        text = race_times(text)
    if " other than " in text:
        text = _MEMBER_OTHER_THAN.sub("someone other than", text)
    if contains_any(text, _TO_PAR_NEEDLES):
        text = strokes_to_par(text)
    if " slip" in text and _SLIPS.search(text):
        text = _SLIPS.sub(_slipped, text)
    if contains_any(text, _LATE_NEEDLES) and ("delay" in text or "pushed back" in text or "postpone" in text
                                               or _LATE_CUES.search(text)):
        text = _released_late(text)
    return " ".join(text.split())


# A race time against a threshold, "under 2:02.00", "faster than 2:02", "under 2 minutes 2 seconds",
# is a number of seconds (122 seconds, as a Kalshi ticker writes it): "faster" is under it, "slower"
# over. Only after a comparison word and before no clock word, so that "by 11:59 PM" stays a time.
_CLOCK_COMPARED = re.compile(r"\b(under|below|less than|over|above|more than|faster than|slower than|at least|at most) "
                             r"(\d{1,2}):([0-5]\d(?:\.\d+)?)\b(?!\s*(?:am|pm|a\.m|p\.m|et|pt|ct|utc|eastern)\b)")
_DIGIT_COLON = re.compile(r"\d:")
_MINUTES_SECONDS = re.compile(r"\b(\d{1,2}) minutes? (?:and )?(\d{1,2}(?:\.\d+)?) seconds?\b")
_TIME_COMPARISON = {"faster than": "under", "slower than": "over"}


def _seconds(minutes: str, seconds: str) -> str:
    return f"{(Decimal(minutes) * 60 + Decimal(seconds)).normalize():f} seconds"


def race_times(text: str) -> str:
    """``text`` (folded) with a race time compared to a threshold in seconds."""
    # Every race time holds a digit right before its colon; most colons of a catalog's texts end a
    # heading ("Oscars 2026: ...") or a label, and the pattern, opening with a word boundary, would
    # be tried at every character.
    if ":" in text and _DIGIT_COLON.search(text):
        text = _CLOCK_COMPARED.sub(
            lambda m: f"{_TIME_COMPARISON.get(m.group(1), m.group(1))} {_seconds(m.group(2), m.group(3))}", text)
    if " minute" in text:
        text = _MINUTES_SECONDS.sub(lambda m: _seconds(m.group(1), m.group(2)), text)
    return text


# A golf score against par ("15 under par", "12-under", "3 over par") is a signed number of strokes
# ("-15 par", "3 par"), as the other venue writes it ("-15 or better", "under -14.5"). The lower
# score is the better one: where a score to par is written, "or better" and "better than" say lower,
# "or worse" and "worse than" higher (a net figure's "better than -10" elsewhere stays above it).
# "Over" needs its "par": a "50-over match" is cricket's.
_UNDER_PAR = re.compile(r"\b(\d+(?:\.\d+)?)(?:-under(?:[- ]par)?| under[- ]par)\b")
_OVER_PAR = re.compile(r"\b(\d+(?:\.\d+)?)[- ]over[- ]par\b")
_TO_PAR_NEEDLES = ("-under", "under par", "under-par", "over par", "over-par")
_STROKE_ORDER = re.compile(r"\bor better\b|\bbetter than\b|\bor worse\b|\bworse than\b")
_STROKE_WORDS = {"or better": "or lower", "better than": "lower than", "or worse": "or higher", "worse than": "higher than"}


def strokes_to_par(text: str) -> str:
    """``text`` (folded) with each score to par as its signed number of strokes."""
    text, under = _UNDER_PAR.subn(r"-\1 par", text)
    text, over = _OVER_PAR.subn(r"\1 par", text)
    if under or over:
        text = _STROKE_ORDER.sub(lambda m: _STROKE_WORDS[m.group(0)], text)
    return text


_SCORE_TO_PAR = re.compile(r"\d par\b")


def written_to_par(folded: str) -> bool:
    """Whether a folded text writes a score to par ("-15 par")."""
    return " par" in folded and _SCORE_TO_PAR.search(folded) is not None


# "A horse other than the favorite", "an artist other than Jane Doe": whoever the noun names, anyone
# but that one; read as "someone other than", which frames.py reads as the named one's "not".
_MEMBER_OTHER_THAN = re.compile(r"\b(?:an?|any) (?:artist|horse|player|team|driver|rider|golfer|candidate|club|nation"
                                r"|country|film|movie|song|album|game|show|person|party) other than\b")


# A court's term by the year it opens ("OT2026", "October Term 2026") runs into the next year: it
# is the "2026-27 term", as the other venue may write it.
_COURT_TERM = re.compile(r"\bot(20\d\d)\b|\boctober term (20\d\d)\b")


def _court_term(match: re.Match[str]) -> str:
    year = int(match.group(1) or match.group(2))
    return f"{year}-{(year + 1) % 100:02d} term"


# A release "delayed to 2028 or later" is one that does not come before 2028: the NO of "released
# before 2028", as the other venue asks it.
_DELAYED_TO = re.compile(r"\b(?:be )?(?:delayed|pushed back|postponed) (?:to|until|into) (20\d\d) or (?:later|beyond)\b")
# Where a release's grid is years, "delayed past 2027", "released after 2027", "not released before
# 2028" and "released no earlier than 2028" say the same: no release before 2028. A year followed
# by a month, a quarter or a day ("after 2027-06") is another grid and stays as written.
_RELEASE_VERB = r"(?:be )?(?:released|launched|delayed|pushed back|postponed)"
_YEAR_ALONE = r"(20\d\d)\b(?![-/.]\d| ?(?:q[1-4]|h[12])\b)"
_PAST_YEAR = re.compile(rf"\b{_RELEASE_VERB} (?:past|beyond|after|until after) {_YEAR_ALONE}")
_NOT_BEFORE_YEAR = re.compile(rf"\bnot {_RELEASE_VERB} (?:before|until|prior to) {_YEAR_ALONE}"
                              rf"|\b{_RELEASE_VERB} (?:not before|no earlier than|no sooner than) {_YEAR_ALONE}")
# What each late release's wording holds (few needles: every folded rules text is scanned for them).
_LATE_NEEDLES = ("delay", "pushed back", "postpone", "released ", "launched ")
_LATE_CUES = re.compile(r"\b(?:after|past|beyond|not before|no earlier than|no sooner than|not (?:be )?(?:released|launched))"
                        r" (?:20\d\d|before|until|prior)")


def _released_late(text: str) -> str:
    # Rules that mention a delay or a postponement (most sports rules do) run each pattern only
    # where its own words are.
    if " or later" in text or " or beyond" in text:
        text = _DELAYED_TO.sub(r"fail to be released before \1", text)
    if contains_any(text, _PAST_WORDS):
        text = _PAST_YEAR.sub(lambda m: f"fail to be released before {int(m.group(1)) + 1}", text)
    if contains_any(text, _NOT_BEFORE_WORDS):
        text = _NOT_BEFORE_YEAR.sub(lambda m: f"fail to be released before {m.group(1) or m.group(2)}", text)
    return text


_PAST_WORDS = (" past 20", " beyond 20", " after 20")
_NOT_BEFORE_WORDS = ("not released", "not launched", "not be released", "not be launched", "not before 20",
                     "no earlier than 20", "no sooner than 20")


# A thing that "slips past March 2029" or "slips to 2030 or later" does not happen before April
# 2029 or before 2030: the NO of "launches before April 2029", "approved in 2029" (whatever the
# thing is, which the words before say: a launch, an approval). Read on a month's or a year's grid.
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_SLIP_MONTH = r"(?:(" + "|".join(_MONTH_NAMES) + r") )?"
_SLIPS = re.compile(rf"\bslip(?:s|ped)? (?:(?:past|beyond|after) {_SLIP_MONTH}(20\d\d)\b"
                    rf"|(?:to|into|until) {_SLIP_MONTH}(20\d\d) or (?:later|beyond)\b)")


def _slipped(match: re.Match[str]) -> str:
    past_month, past_year, to_month, to_year = match.groups()
    if past_year is not None:
        year = int(past_year)
        if past_month is None:
            return f"fail to happen before {year + 1}"
        index = _MONTH_NAMES.index(past_month) + 1
        return f"fail to happen before {_MONTH_NAMES[index % 12]} {year + index // 12}"
    return f"fail to happen before {to_month + ' ' if to_month else ''}{to_year}"


fold_short = lru_cache(maxsize=1 << 16)(fold)
"""``fold`` for short fields (titles, labels, event titles), which repeat across the markets of
one event; rules are long and not cached."""

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


# --- words ------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Words that carry no part of what a market pays on: question scaffolding, venue boilerplate and
# comparator words (the comparator is read as a number range, not as words).
STOPWORDS = frozenset(
    """a an the of in on at by for to and or if is are be been being was were will would shall should can could
    do does did doing has have had this that these those it its it's their there which who whom whose what when
    where how many much any some each every all than then as with from into onto upon per via about after before
    during until through market markets resolve resolves resolved resolution yes no question ___ __ _ otherwise
    above below over under more less fewer greater least most higher exceed exceeds exceeding between
    equal equals or-higher or-lower official officially reported according listed stated following
    i me my we our you your he him his she her they them also only just next new s vs versus
    get gets got make makes made see sees take takes go goes going come comes there's date time end named
    reach reaches reached hit hits touch touches cross crosses crossed surpass surpasses surpassed
    """.split()
)

# Irregular forms the suffix rules do not reach.
_IRREGULAR = {
    "highest": "high", "higher": "high", "lowest": "low", "largest": "large", "larger": "large",
    "biggest": "big", "bigger": "big", "best": "best", "won": "win", "wins": "win", "winning": "win",
    "winner": "win", "winners": "win", "said": "say", "says": "say", "saying": "say", "left": "leave",
    "leaves": "leave", "leaving": "leave", "held": "hold", "holds": "hold", "cut": "cut", "cuts": "cut",
    "cutting": "cut", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall", "men": "man",
    "women": "woman", "people": "person", "children": "child", "ran": "run", "runs": "run",
    "running": "run", "became": "become", "becomes": "become", "news": "news", "us": "us", "its": "its",
    "series": "series", "species": "species", "gas": "gas", "bps": "bps", "yes": "yes", "this": "this",
    # Irregular verbs markets use in the past tense ("caught", "struck").
    "caught": "catch", "struck": "strike", "fought": "fight", "bought": "buy", "sold": "sell", "met": "meet",
    "brought": "bring", "built": "build", "paid": "pay", "went": "go", "gone": "go", "took": "take",
    "taken": "take", "gave": "give", "given": "give", "made": "make", "beaten": "beat", "chose": "choose",
    "chosen": "choose", "spoke": "speak", "spoken": "speak", "began": "begin", "begun": "begin", "sent": "send",
    "lost": "lose", "saw": "see", "seen": "see", "found": "find", "told": "tell", "shot": "shoot", "flew": "fly",
    "flown": "fly", "drove": "drive", "driven": "drive", "wrote": "write", "written": "write", "broke": "break",
    "broken": "break", "fled": "flee", "led": "lead", "hung": "hang", "sank": "sink", "sunk": "sink",
    # Numbers in words are the numbers ("two" hurricanes, "number one" on a chart).
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    # The forms of address a tournament names its draws by ("Ladies' Singles" is "Women's Singles").
    "ladies": "woman", "lady": "woman", "gentlemen": "man", "gentleman": "man",
}
# Places under their former and current names ("Royal Challengers Bangalore" are the "Royal
# Challengers Bengaluru"): one venue writes what the other calls by its old name. Read word by word
# (stems and name keys), not over whole texts: a search of every rules text costs the catalog match.
RENAMED = {
    "bangalore": "bengaluru", "bombay": "mumbai", "madras": "chennai", "calcutta": "kolkata", "poona": "pune",
    "gurgaon": "gurugram", "allahabad": "prayagraj", "peking": "beijing", "kiev": "kyiv", "kharkov": "kharkiv",
    "rangoon": "yangon", "burma": "myanmar", "swaziland": "eswatini", "turkiye": "turkey",
}
_IRREGULAR.update(RENAMED)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light stemmer: plurals and verb endings off ("deliveries" -> "delivery", "signed" ->
    "sign"); words that still differ are compared by their first five letters (:func:`same_word`)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("ss", "x", "z", "ch", "sh")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        return _root(word[:-3])
    if word.endswith("ied") and len(word) >= 5:
        return word[:-3] + "y"
    if word.endswith(("reed", "teed")) and len(word) >= 6:
        # A verb ending in "ee" takes only a "d" ("agreed", "guaranteed"); "exceed" and
        # "proceed" are whole words.
        return word[:-1]
    if word.endswith("ed") and len(word) >= 5:
        return _root(word[:-2])
    return word


_VOWELS = frozenset("aeiou")


def _root(root: str) -> str:
    """A verb's root once -ed or -ing is off: a doubled consonant single ("cutting" -> "cut"), a
    lost "e" back on a short root ("named" -> "name", "voted" -> "vote", "closing" -> "close")."""
    if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "lsz" and root[-1] not in _VOWELS:
        return root[:-1]
    if root[-1] not in _VOWELS and root[-1] not in "wxy" and len(root) >= 3 and root[-2] in _VOWELS \
            and root[-3] not in _VOWELS and (len(root) == 3 or (len(root) == 4 and root[0] not in _VOWELS)):
        return root + "e"
    return root


def same_word(a: str, b: str) -> bool:
    """One word in two forms: equal stems, or long words sharing their first five letters
    ("delivery" / "deliver", "nominee" / "nomination", "presidential" / "president")."""
    if a == b:
        return True
    return len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5] and a.isalpha() and b.isalpha()


def words(folded: str) -> list[str]:
    """The words of a folded text, apostrophes kept inside a word ("powell's")."""
    return _WORD.findall(folded)


_SIMILARITY_WORD = re.compile(r"[a-z0-9%$°.]+")


def similarity_text(*folded_parts: str | None) -> str:
    """The string rapidfuzz compares: the words of already folded texts, without punctuation or
    filler words."""
    return " ".join(words for part in folded_parts if part and (words := _similarity_words(part)))


@lru_cache(maxsize=1 << 15)
def _similarity_words(folded: str) -> str:
    """One part's words for :func:`similarity_text`: the markets of an event repeat its title and
    their group titles."""
    return " ".join(w for w in _SIMILARITY_WORD.findall(folded) if w not in STOPWORDS)
