"""Teams and leagues as both venues write them, and what the game, title, series and player-prop
readers share: a team's key and its other forms (``team_key``, ``same_team``), the league a
Kalshi series or a Polymarket slug names, and a game's two teams, day and place as its texts
write them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.lexicon import politics
from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import DateRule, Frame, Name, When
from arb_pipeline.domain.matching.propositions.names import syllables_of
from arb_pipeline.domain.matching.propositions.reading import Reading
from arb_pipeline.domain.matching.propositions.text import contains_any, fold_short
from arb_pipeline.domain.models import Market

_SLUG_DAY = re.compile(r"(20\d{2})-(\d{2})-(\d{2})")
# A match of a cricket series after its two sides ("IND v AUS T20 International #2", "India vs
# Australia, 2nd T20I"): which match it is, not part of the second side's name.
_MATCH_OF_SERIES = (r"(?:\d(?:st|nd|rd|th)\s+)?(?:t20is?|t20 internationals?|odis?|one[- ]day internationals?|tests?)"
                    r"(?:\s+#?\d{1,2})?")
# "Australia vs India, 5th Test (Sydney): ...": the match of the series and its ground in brackets.
_MATCHUP = re.compile(r"^(?:will .+? win the )?(.+?)\s+(?:at|vs\.?|v\.?|@)\s+(.+?)"
                      r"(?:,?\s+" + _MATCH_OF_SERIES + r"(?:\s+\([^)]*\))?)?"
                      r"(?:\s+(?:winner|match|game|fight|bout|(?<!world )series))?\??(?::.*)?$",
                      re.IGNORECASE)
# After the second side, a best-of in brackets and a dash before the competition's name are no
# part of it ("NAVI vs FaZe (BO3) - BLAST Premier World Final").
_EVENT_MATCHUP = re.compile(r"^(.+?)\s+(?:vs\.?|v\.?|at|@)\s+(.+?)(?:\s+\((?:bo\d+|best[- ]of[- ]\w+)\))?"
                            r"(?:,?\s+" + _MATCH_OF_SERIES + r")?"
                            r"(?:\s+[-\u2013\u2014]\s+.*|[:?].*)?$", re.IGNORECASE)


# "Inter vs. Milan (Feb 7)", "USA vs Mexico (Mar 26)": the day in brackets after a side is when
# the game is played (read from the texts apart), no part of the side's name.
_BRACKETED_DAY = re.compile(r"\s*\(" + dates.MONTH_PATTERN + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*20\d\d)?\)\s*$",
                            re.IGNORECASE)


def team_key(league: str | None, name: str) -> str | None:
    """"NBA:LAL" for a team the lexicon knows; "name:<key>" for a team of a league without a table
    (college and soccer games), compared by name."""
    if name.endswith(")"):
        name = _BRACKETED_DAY.sub("", name)
    if league in lexicon.LEAGUES:
        team = lexicon.resolve_team(league, name)
        return team.key if team else None
    key = lexicon.club_key(fold_short(name))
    return f"name:{key}" if key else None


DRAW = Name("draw", "Draw", "draw")
_OTHER_SCHOOL = frozenset({"state", "tech", "a&m", "am", "st", "university", "college", "southern", "central", "eastern",
                           "western", "northern", "international"})
# "Miami (OH)" is another school than "Miami": a state's postal code after a name names the school.
_STATE_CODES = frozenset(code.lower() for _, code in politics.US_STATES)
_WOMEN = frozenset({"w", "women", "womens"})  # "(W)", "(Women)" after a team's name: its women's team


def other_school(word: str) -> bool:
    """Whether a word after a school's name names another school ("State", "Tech", "(OH)")."""
    return word in _OTHER_SCHOOL or word in _STATE_CODES or len(word) == 1


def same_team(a: str, b: str) -> bool:
    """One team: equal keys, or, for teams known only by name, one name the start of the other
    ("Clemson" / "Clemson Tigers", "Miami" / "Miami Hurricanes")."""
    if a == b:
        return True
    if not (a.startswith("name:") and b.startswith("name:")):
        return False
    a_words, b_words = a[5:].split(), b[5:].split()
    a_women, b_women = bool(a_words) and a_words[-1] in _WOMEN, bool(b_words) and b_words[-1] in _WOMEN
    if a_women != b_women:
        # A women's team ("LSU (W)") is not the men's.
        return False
    if a_women:
        a_words, b_words = a_words[:-1], b_words[:-1]
    short, long = (a_words, b_words) if len(a_words) <= len(b_words) else (b_words, a_words)
    if not short:
        return False
    if long[0] != short[0] and len(short[0]) >= 4 and len(long[0]) >= 4 \
            and (long[0].startswith(short[0]) or short[0].startswith(long[0])) and len(short) == 1:
        # A school by its short form ("Pitt" of "Pittsburgh"): the one word, cut.
        long = [short[0], *long[1:]]
    if len(short) == len(long) == 1:
        code, name = sorted((short[0], long[0]), key=len)
        if len(code) == 3 and len(name) >= 5 and name.startswith(code):
            # A national side by its three-letter code, the first letters of its one-word name
            # ("IND" / "India", "AUS" / "Australia"); both sides of the game must still agree.
            return True
    if len(short) == 1 and syllables_of(short[0], long):
        # A team by the first two or three letters of each of its words in turn ("NAVI" / "Natus
        # Vincere"), four letters at least; both sides of the game must still agree.
        return True
    # A player by surname ("Sinner" / "Jannik Sinner"), a school without its mascot; but "North
    # Carolina State" is another school than "North Carolina", and "Texas A&M" than "Texas".
    if long[: len(short)] == short:
        rest = long[len(short):]
        return not any(other_school(word) for word in rest)
    return len(short) == 1 and long[-1] == short[0]


# What a club, no person or company, is crowned by: a league's season, its final or its cup.
_CLUB_COMPETITION = re.compile(r"\b(?:grand final|premiership|premiers?|league|season|play-?offs?|cup)\b")


def club_by_place(a: Name, b: Name, a_context: str, b_context: str) -> bool:
    """Whether one option is a club's place alone and the other that place with one plural
    nickname ("Geelong" / "Geelong Cats", "Hawthorn" / "Hawthorn Hawks"), where both markets are
    about a club competition: a nickname names no other club of that place ("United", "City" are
    none, nor a surname's ending "Davis"), and a person's or company's name ("Reyes", "Holdings")
    is read so nowhere else."""
    short, long = sorted((a.words, b.words), key=len)
    if len(short) != 1 or len(long) != 2 or short[0] != long[0] or "person" in (a.kind, b.kind) \
            or "(" in a.label + b.label or a.label.isupper() or b.label.isupper():
        return False
    nickname = long[1]
    return len(nickname) >= 4 and nickname.endswith("s") and not nickname.endswith(("ss", "is", "us", "ys")) \
        and all(_CLUB_COMPETITION.search(context) for context in (a_context, b_context))


# A bout a title names by its place on a card ("UFC 324 main event"), and as its rules name it
# ("the Topuria vs Makhachev fight").
_CARD_PLACE = re.compile(r"\b(?:co-)?main event\b")
_RULES_BOUT = re.compile(r"\bthe ([A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}) vs\.? ([A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}) "
                         r"(?:fight|bout)\b")


def card_bout(title: str, rules: str) -> str:
    """The fighters of a bout a title names only by its place on a card, as its rules name them
    ("topuria makhachev"), else "": the other venue's question names the bout by them ("Will
    Topuria vs. Makhachev go the distance?"), and blocking meets the two on those names."""
    if "main event" not in title or _CARD_PLACE.search(title) is None:
        return ""
    bout = _RULES_BOUT.search(rules)
    return f"{bout.group(1)} {bout.group(2)}".lower() if bout else ""


def line_league(series: str) -> tuple[str, str] | None:
    """(league, "total" | "spread") of a Kalshi game-line series."""
    for table, kind in ((lexicon.KALSHI_TOTAL_SERIES, "total"), (lexicon.KALSHI_SPREAD_SERIES, "spread")):
        if series in table:
            return table[series], kind
    match = lexicon.KALSHI_LINE_PATTERN.match(series)
    return (match.group(1), match.group(2).lower()) if match else None


def game_league(series: str) -> str | None:
    """The league of a Kalshi game series: listed, or named by the series itself (KX<LEAGUE>GAME)."""
    if series in lexicon.KALSHI_GAME_SERIES:
        return lexicon.KALSHI_GAME_SERIES[series]
    match = lexicon.KALSHI_GAME_PATTERN.match(series)
    return match.group(1) if match else None


def team_label(key: str) -> str:
    league, _, code = key.partition(":")
    return code.upper() if league != "name" else code


def team_option(key: str) -> Name:
    return DRAW if key == "draw" else Name(key, team_label(key), "team")


def _team_words(league: str | None, teams: Iterable[str]) -> list[str]:
    found = []
    for key in teams:
        lg, _, code = key.partition(":")
        team = lexicon.team_by_code(lg, code) if lg in lexicon.LEAGUES else None
        if team is not None:
            found.append(f"{team.base_city} {team.nickname}".lower())
    return found


def same_teams(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two games' sides are one pair of teams, in either order and in any form ``same_team`` knows."""
    if set(a) == set(b):
        return True
    if len(a) != 2 or len(b) != 2:
        return False
    return (same_team(a[0], b[0]) and same_team(a[1], b[1])) or (same_team(a[0], b[1]) and same_team(a[1], b[0]))


def game_place(teams: tuple[str, ...]) -> str | None:
    return "@".join(sorted(teams)) if teams else None


def _on(day: date | None) -> When:
    return When(DateRule.ON, day=day) if day else When()


def _game_frame(value: str, axis: str = "segment") -> Frame:
    return Frame(axes={axis: value})


# --- a game's teams and day as its texts and its slug write them ----------------------------------


# Polymarket's game rules open "In the upcoming NBA game, scheduled for ...": the league of a
# market whose own slug names none (the game's slug is its event's), by any code its slugs use
# ("the upcoming EPL game"). Only where the market's title names no matchup but its event's: a
# title naming two other sides is no line of that game.
_UPCOMING = re.compile(r"\bupcoming (" + "|".join(sorted(set(lexicon.POLYMARKET_SLUG_LEAGUES.values()))) + r") game\b")


def slug_league(market: Market) -> str | None:
    for slug in (market.slug, market.series_id):
        if slug:
            prefix = slug.split("-", 1)[0].lower()
            if prefix in lexicon.POLYMARKET_SLUG_LEAGUES:
                return womens_if_marked(lexicon.POLYMARKET_SLUG_LEAGUES[prefix], market)
    opening = market.rules[:200] if market.rules else ""
    if "upcoming" not in opening:
        return None
    title, event = market.title.lower(), (market.event_title or "").lower()
    if " vs" in title and not (event and title.startswith(event)):
        return None
    upcoming = _UPCOMING.search(opening)
    return upcoming.group(1) if upcoming else None


# "(Women)" or "(W)" after a matchup, "women's", or the women's league's own name ("NCAAW") in the
# question or the opening of the rules.
_WOMENS_MARK = re.compile(r"\((?:women|w)\)|\bwomen'?s\b|\bncaaw\b|\bncaawb\b|\bwnba\b", re.IGNORECASE)
# One of these is in the lower-cased text wherever the mark is: a case-blind pattern has no letter
# the regex engine can jump to, and most markets of a league with a women's one hold none of them.
_WOMENS_NEEDLES = ("(w", "women", "ncaaw", "wnba")


def womens_if_marked(league: str | None, market: Market) -> str | None:
    """The women's league when the market marks its game as the women's, else ``league``: a venue
    may file a women's game under the men's series or slug, and the same two schools play both."""
    if league in lexicon.WOMENS_LEAGUES and (_womens_mark(market.title) or _womens_mark((market.rules or "")[:200])):
        return lexicon.WOMENS_LEAGUES[league]
    return league


def _womens_mark(text: str) -> bool:
    return contains_any(text.lower(), _WOMENS_NEEDLES) and _WOMENS_MARK.search(text) is not None


def _slug_day(market: Market) -> date | None:
    if not market.slug:
        return None
    # Game slugs end in the local game date (nba-mil-lal-2026-01-09); market slugs of the same
    # event extend it (nba-mil-lal-2026-01-09-spread-home-3pt5), so search, not only the end.
    match = _SLUG_DAY.search(market.slug)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_RULES_MATCHUP = re.compile(r"\bthe ((?:(?!\bthe\b).)+?) (?:at|vs\.?|v\.?) (.+?) (?:(?:men's|women's|professional|college|ncaa|nba|nfl)\s+)*"
                            r"(?:basketball|football|soccer|hockey|baseball|tennis)?\s*(?:game|match)\b", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^[^:]{2,60}:\s+(?=\S+.*\s(?:vs\.?|v\.?|at|@)\s)")
# "the 2nd Test between Australia and India originally scheduled for Jan 3": a contest named by
# its noun, then its two sides.
_BETWEEN_SIDES = re.compile(r"\b(?:test|odi|t20i?|match|game|fight|bout) between (?:the )?(.+?) and (?:the )?(.+?)"
                            r"(?= end in\b| ends? in\b| originally\b| scheduled\b| on [A-Z]|[,.?:]|$)", re.IGNORECASE)


def _matchup_teams(league: str | None, *texts: str | None) -> tuple[str, ...]:
    """A game's two teams as an event title, a title or the rules write them ("Ohio St. vs
    Indiana", "Australian Open: Sinner vs. Djokovic", "If X wins the Mississippi at LSU men's
    college basketball game ...")."""
    for text in texts:
        if not text:
            continue
        text = _TITLE_PREFIX.sub("", text.strip())
        matchup = _RULES_MATCHUP.search(text) or _MATCHUP.match(text) or _BETWEEN_SIDES.search(text)
        first = team_key(league, matchup.group(1)) if matchup else None
        second = team_key(league, _sequel_number_off(league, matchup.group(2))) if matchup else None
        if first and second and first != second:
            return (first, second)
    return ()


# "Jones vs Aspinall 2", "Usyk vs. Joshua II", "Holloway vs Topuria (UFC 330)": the number of a
# rematch or of the card after the second side is no part of its name (the bout's day tells the
# rematches apart).
_SEQUEL_NUMBER = re.compile(r"\s+(?:\d{1,2}|i{2,3}|iv|v|\((?:[A-Za-z ]+ )?\d{1,3}\))$", re.IGNORECASE)


def _sequel_number_off(league: str | None, side: str) -> str:
    return side if league is not None else _SEQUEL_NUMBER.sub("", side.strip())


def _event_teams(market: Market, league: str | None) -> tuple[str, ...]:
    """The game's two teams from the event title ("Bucks vs. Lakers")."""
    for title in (market.event_title, market.title):
        if not title or title.lower().startswith("will "):
            # A question ("Will A vs. B end in a draw?") is read by the question patterns.
            continue
        match = _EVENT_MATCHUP.match(_TITLE_PREFIX.sub("", title.strip()))
        if match:
            first, second = team_key(league, match.group(1)), team_key(league, _sequel_number_off(league, match.group(2)))
            if first and second:
                return (first, second)
    return _derby_teams(market, league)


# A derby's name that heads a title ("El Clásico: Will Real Madrid win?", "Der Klassiker") or that
# a side wins ("Will Milan win the Derby della Madonnina on March 3?").
_DERBY = re.compile(r"^(?:will (?:the )?(?:.+?) win )?(?:the )?(" + "|".join(re.escape(name) for name in lexicon.DERBIES)
                    + r")(?:$|[\s:,?(-])")


# Most titles name no derby and skip the regex.
_DERBY_NAMES = tuple(lexicon.DERBIES)


def derby_clubs(title: str) -> tuple[str, str] | None:
    """The two clubs of the derby a folded title is named by or asks a side to win."""
    match = _DERBY.match(title) if contains_any(title, _DERBY_NAMES) else None
    return lexicon.DERBIES[match.group(1)] if match is not None else None


def _derby_teams(market: Market, league: str | None) -> tuple[str, ...]:
    """The two clubs of a derby an event or question is named by, when no title writes them."""
    for title in (market.event_title, market.title):
        clubs = derby_clubs(fold_short(title)) if title else None
        if clubs is not None:
            first, second = (team_key(league, club) for club in clubs)
            if first and second:
                return (first, second)
    return ()


def game_day(reading: Reading) -> tuple[date | None, bool]:
    """The day of a Polymarket game (its slug's, its start's in Eastern time, or the one its
    question or rules name), and whether it was read from the UTC start time."""
    market = reading.market
    day = _slug_day(market)
    if day is not None:
        return day, False
    if market.game_start_time is not None:
        return dates.eastern_date(market.game_start_time), True
    day = dates.read_when((reading.title, reading.rules), reading.reference)[0].day
    if day is None and reading.rules:
        # "RWC 2027 Semi-final: New Zealand vs South Africa": the title's year is the
        # competition's edition; the rules name the day of the match.
        day = dates.read_when(("", reading.rules), reading.reference)[0].day
    return day, False


# --- a game's start, which tells the games of a doubleheader apart ------------------------------


_CLOCK_CODE = re.compile(r"(\d{2})(\d{2})(?=[A-Z])")


def ticker_start(detail: str, day: date | None) -> datetime | None:
    """The start a Kalshi game's event code writes before its teams ("1910NYYBOS": 7:10 PM
    Eastern), which tells the games of a doubleheader apart."""
    match = _CLOCK_CODE.match(detail)
    if match is None or day is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return datetime(day.year, day.month, day.day, int(match.group(1)), int(match.group(2)), tzinfo=dates.EASTERN)


# "scheduled for April 9 at 7:10PM ET": the start a Polymarket game's rules give.
_DESCRIBED_START = re.compile(r"\bscheduled for [a-z]+\.? \d{1,2}(?:st|nd|rd|th)?(?:,? 20\d\d)? at (\d{1,2}):(\d{2})\s*([ap])\.?m\.? e[sd]?t\b")


def described_start(rules: str, day: date | None) -> datetime | None:
    match = _DESCRIBED_START.search(rules[:400]) if day is not None and "scheduled for" in rules else None
    if match is None or day is None:
        return None
    hour = int(match.group(1)) % 12 + (12 if match.group(3) == "p" else 0)
    if int(match.group(2)) > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, int(match.group(2)), tzinfo=dates.EASTERN)
