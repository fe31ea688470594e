"""Games and game lines, read with the sports lexicon.

Kalshi names a game by its ticker (``KXNBAGAME-26JAN09MILLAL-MIL``: away, home, the team YES pays
on) and its teams' cities; Polymarket by slug (``nba-mil-lal-2026-01-09``), nicknames as outcome
tokens and ``sportsMarketType`` (moneyline, spreads, totals, first-half markets). A game is a
choice between its teams on its local day; a spread or total is a measured value on that game,
so a moneyline never pairs with a line of the same game.

The Kalshi and the Polymarket readers below share the team, league and day helpers of
:mod:`.sports`, and a game pairs only when both venues' readings of it agree, so they are changed
side by side.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from decimal import Decimal

from arb_pipeline.domain.kalshi_tickers import KalshiTickerParts
from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.game_questions import (
    AFTER_HEADING,
    AVOIDS_DEFEAT,
    WILL_DRAW,
    against,
    as_the_rules_name,
    draw_question,
    draw_sides,
    question_after_heading,
    written_spread,
    written_total,
)
from arb_pipeline.domain.matching.propositions.head_to_head import AHEAD, ahead_in_an_event, head_to_head_heading, in_standings
from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import Bound, Kind, Measure, Name, OutcomeTerm, Proposition, ValueRange
from arb_pipeline.domain.matching.propositions.numbers import parse_range, range_from_strike
from arb_pipeline.domain.matching.propositions.outcomes import yes_no, yes_no_terms
from arb_pipeline.domain.matching.propositions.reading import Reading, kalshi_ticker, unread
from arb_pipeline.domain.matching.propositions.sports import (
    _EVENT_MATCHUP,
    DRAW,
    _event_teams,
    _game_frame,
    _matchup_teams,
    _on,
    _slug_day,
    _team_words,
    derby_clubs,
    described_start,
    game_day,
    game_place,
    same_team,
    slug_league,
    team_key,
    team_option,
    ticker_start,
)
from arb_pipeline.domain.matching.propositions.terms import way_of_winning
from arb_pipeline.domain.matching.propositions.text import ascii_letters, fold_short, similarity_text
from arb_pipeline.domain.matching.propositions.titles import championship_league
from arb_pipeline.domain.models import Market

GAME = "game"
GAME_LINE = "game_line"
_FIRST_HALF = re.compile(r"first half|1st half|\b1h\b")
# A Kalshi series of first halves ("KXEPL1H"), and rules that settle on the score at the break.
_HALF_SERIES = re.compile(r"(?:1H|H1|1STHALF|HALFTIME)$")
_AT_HALFTIME = re.compile(r"\b(?:at|by) half-?time\b|\bat the end of the first half\b|\bleads? at the half\b")
_WINS_BY = re.compile(r"^(.+?)\s+wins?\s+by\b")
_RULES_BEATS_BY = re.compile(r"^if (?:the )?(.+?) (?:beats?|defeats?) (?:the )?(.+?) by (?:more than |at least |over )?\d",
                             re.I)
_SPREAD_TEAM = re.compile(r"^spread:\s*(.+?)\s*\(")
# Polymarket's ``sportsMarketType`` of a game market: the part of the game, and what it pays on.
_PM_MARKET_TYPES = {
    "moneyline": ("full game", "winner"), "first_half_moneyline": ("first half", "winner"),
    "totals": ("full game", "total"), "first_half_totals": ("first half", "total"),
    "spreads": ("full game", "spread"), "first_half_spreads": ("first half", "spread"),
}

GAME_TOTAL = Measure("game_total", GAME_LINE, "game total points", grid=Decimal(1), anchor="day")
# How long a bout lasts, in rounds ("Over 2.5 rounds": past the middle of the third round).
BOUT_ROUNDS = Measure("bout_rounds", GAME_LINE, "rounds of the bout", anchor="day")
_ROUNDS = re.compile(r"\b(?:over|under|o/u|o u)\s+\d{1,2}\.5\s+rounds?\b")


def game_margin(team: str) -> Measure:
    return Measure(f"game_margin:{team}", GAME_LINE, f"{team.rpartition(':')[2]} winning margin", grid=Decimal(1),
                   anchor="day")
_DRAW_WORDS = re.compile(r"\b(?:draw|tie|tied)\b")


# --- Kalshi ------------------------------------------------------------------------------------


def _first_half(reading: Reading) -> bool:
    """A Kalshi game market on the first half: its titles, its series or its rules say so."""
    if _FIRST_HALF.search(reading.head) or _HALF_SERIES.search(reading.market.series_id or ""):
        return True
    return "half" in reading.rules and _AT_HALFTIME.search(reading.rules) is not None


def kalshi_game(reading: Reading, league: str | None) -> Proposition:
    market = reading.market
    ticker = kalshi_ticker(market)
    detail, outcome = (ticker.event_detail or "", ticker.outcome_code) if ticker else ("", None)
    problems: list[str] = []
    teams: tuple[str, ...] = ()
    choice: str | None = None
    pair = lexicon.split_matchup_code(league, detail, outcome) if league in lexicon.LEAGUES else None
    if pair is not None:
        teams = (pair[0].key, pair[1].key)
        team = lexicon.team_by_code(league, outcome or "")
        if team is not None and team.key in teams:
            choice = team.key
        named = lexicon.resolve_team(league, market.subtitle) if market.subtitle else None
        if named is not None and choice is not None and named.key != choice:
            problems.append(f"ticker names {choice} but the YES side names {named.key}")
    else:
        # Leagues without a team table (college games): the matchup as the event or market title
        # writes it ("Oregon vs Indiana", "Ohio St. at Michigan Winner?").
        # "Will A finish ahead of B at the X Grand Prix?" names its sides before "at" the race.
        ahead = _beaten(reading.title, league) if ahead_in_an_event(reading.title) else ()
        teams = ahead or _sides(reading, league)
        if teams and ticker is not None:
            teams = _coded_teams(teams, ticker)
        if teams and market.subtitle:
            key = team_key(league, _PART_LABEL.sub("", market.subtitle))
            choice = next((t for t in teams if key is not None and same_team(t, key)), None)
    if (outcome or "").upper() in ("TIE", "DRAW") or _DRAW_WORDS.fullmatch(reading.label or ""):
        choice = "draw"
    day = ticker.event_date if ticker else None
    if day is None:
        day = dates.read_when((reading.head, reading.rules), reading.reference)[0].day
    segment = "first half" if _first_half(reading) else "full game"
    if not teams or choice is None:
        return unread(reading, "a game whose teams or YES team could not be read")
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.CHOICE, topic=GAME, category=market.category,
        text=similarity_text(reading.head, *_team_words(league, teams)), league=league, teams=teams, when=_on(day),
        selection=team_option(choice), frame=_game_frame(segment), close_eastern=reading.close_eastern,
        problems=tuple(problems), exclusive_options=league in lexicon.LEAGUES_WITHOUT_DRAWS or no_draw(reading.rules),
        starts_at=ticker_start(detail, day),
    )


_MOST_SIDE_WORDS = 6  # "Fighting Irish of Notre Dame" at most; a longer run is a sentence


def kalshi_matchup(reading: Reading) -> Proposition | None:
    """A game of a sport no lexicon lists ("France vs Ireland: France", "Will Ilia Topuria win
    the Topuria vs Tsarukyan fight?"): the ticker dates the event to a day and ends in the code of
    one side, the texts name the two sides, and the YES side is one of them or the draw. None
    when the market is not that."""
    market = reading.market
    ticker = kalshi_ticker(market)
    if ahead_in_an_event(reading.title):
        return _kalshi_ahead(reading)
    if ticker is None or ticker.event_date is None or not ticker.outcome_code or not market.subtitle \
            or market.subtitle.strip().lower() in ("yes", "no"):
        return None
    teams = _sides(reading, None)
    if not teams:
        return None
    teams = _coded_teams(teams, ticker)
    if any(len(team.split()) > _MOST_SIDE_WORDS for team in teams):
        # "... on CoinGecko at any time before Jul 1" is a clause, not two sides of a contest.
        return None
    if way_of_winning(reading.title) is not None:
        # "Will Dario Valko win by KO/TKO?" is one way of winning, a statement the general reader
        # compares word by word with "Valko to win by knockout?", not the bout's winner.
        return None
    key = team_key(None, _PART_LABEL.sub("", market.subtitle))
    if not (_DRAW_WORDS.fullmatch(reading.label) or any(key is not None and same_team(t, key) for t in teams)):
        return None
    return kalshi_game(reading, None)


def _kalshi_ahead(reading: Reading) -> Proposition | None:
    """"Will Lando Norris finish ahead of Oscar Piastri at the Austrian Grand Prix?" (YES "Yes" or
    the first driver, whatever the ticker dates): the two drivers' contest, YES on the first."""
    sides = _beaten(reading.title, None)
    label = (reading.market.subtitle or "").strip()
    if len(sides) != 2 or label.lower() not in ("", "yes") and not same_team(sides[0], team_key(None, label) or ""):
        return None
    first = copy.copy(reading)
    first.market = replace(reading.market, subtitle=sides[0].removeprefix("name:"))
    return kalshi_game(first, None)


def _sides(reading: Reading, league: str | None) -> tuple[str, ...]:
    """The two sides of a Kalshi contest its titles write ("Valko vs Brenner", "UFC 344: Will Dario
    Valko beat Theo Brenner?", the question read after the card's heading), else its rules: a
    question names its sides more surely than running rules ("wins his fight against Theo Brenner
    at UFC 344" is no "A at B" game)."""
    market = reading.market
    question = question_after_heading(reading).title
    part_of = _PART_OF.match(question) if " of " in question else None
    if part_of is not None:
        # "Will Team Vitality win Map 1 of the IEM Katowice grand final vs FaZe?": the match's
        # sides around the part it is asked of.
        sides = (team_key(league, part_of.group(1)), team_key(league, part_of.group(2)))
        return sides if None not in sides and sides[0] != sides[1] else ()  # type: ignore[return-value]
    return _matchup_teams(league, market.event_title, reading.raw_title) \
        or _beaten(question, league) or _matchup_teams(league, market.rules)


_PART_OF = re.compile(r"^will (?:the )?(.+?) win (?:the )?(?:map|set|game) \d{1,2} of .+? (?:vs\.?|v\.?|against) (?:the )?(.+?)\??$")
# "Vitality Map 1": a YES side named with the part of the match it is asked of.
_PART_LABEL = re.compile(r"\s+(?:map|set|game)\s+\d{1,2}$", re.IGNORECASE)


def _beaten(title: str, league: str | None) -> tuple[str, ...]:
    """"Will France beat England?": the two sides of a question that one beats the other, the
    side it pays on first."""
    contest = _contest(title)
    if contest is None and ": will " in title:
        # "Rugby World Cup semi-final: Will New Zealand beat South Africa?": the question after
        # its heading.
        contest = _contest(title.partition(": ")[2])
    sides = tuple(team_key(league, side) for side in contest if side) if contest is not None else ()
    return sides if len(sides) == 2 and all(sides) and sides[0] != sides[1] else ()  # type: ignore[return-value]


def _coded_teams(teams: tuple[str, ...], ticker: KalshiTickerParts) -> tuple[str, ...]:
    """The two sides read from running text ("Pakistan ICC Men's T20 World Cup") cut to the words
    the ticker's codes stand for: the event code holds both sides' codes in the sides' order
    (``INDPAK``), and the market's outcome code is one of them. Unchanged when the codes cannot be
    told apart or no shorter form fits."""
    detail, outcome = (ticker.event_detail or "").lower(), (ticker.outcome_code or "").lower()
    if len(teams) != 2 or not outcome or len(detail) <= len(outcome):
        return teams
    if detail.startswith(outcome):
        codes = (outcome, detail[len(outcome):])
    elif detail.endswith(outcome):
        codes = (detail[: len(detail) - len(outcome)], outcome)
    else:
        return teams
    return tuple(_cut_to_code(team, code) for team, code in zip(teams, codes, strict=True))


def _cut_to_code(team: str, code: str) -> str:
    words = team.removeprefix("name:").split()
    if len(words) < 3 or len(code) < 2:
        return team
    if words[0].startswith(code):
        # A name written with a dot before its last letter ("Gen.G") is read as two words; the
        # letter is still the name's, not the first word of what follows it.
        head = 2 if len(words[1]) == 1 and words[1].isalpha() else 1
        return "name:" + " ".join(words[:head])
    if "".join(w[0] for w in words[:2]) == code:
        return "name:" + " ".join(words[:2])
    return team


def kalshi_rounds_line(reading: Reading) -> Proposition | None:
    """"Dario Valko vs Theo Brenner: Over 2.5 rounds?": how long one bout of a sport no lexicon
    lists lasts, a line on it as a total is on a game. None when the market is not that."""
    if "round" not in reading.title or _ROUNDS.search(reading.title) is None:
        return None
    return kalshi_game_line(reading, None, "rounds")


def kalshi_game_line(reading: Reading, league: str | None, kind: str) -> Proposition:
    """A Kalshi total ("Over 226.5 points") or spread ("Los Angeles L wins by over 3.5 points")
    on one game."""
    market = reading.market
    ticker = kalshi_ticker(market)
    detail = ticker.event_detail or "" if ticker else ""
    pair = lexicon.split_matchup_code(league, detail) if league in lexicon.LEAGUES else None
    # "Ohio St. at Texas: Spread" names the game in its title when no event title does.
    teams = (pair[0].key, pair[1].key) if pair else _matchup_teams(league, market.event_title, market.rules,
                                                                    reading.raw_title)
    # "Will New Zealand win by more than 7 points?": its rules ("If New Zealand beats South Africa by
    # more than 7 points ...") name both sides, the side the margin is on first.
    beaten = _RULES_BEATS_BY.search(market.rules or "") if kind == "spread" and not teams else None
    sides = (team_key(league, beaten.group(1)), team_key(league, beaten.group(2))) if beaten else ()
    teams = sides if len(set(sides) - {None}) == 2 else teams  # type: ignore[assignment]
    day = ticker.event_date if ticker else None
    hit = parse_range(reading.label, short=True) or parse_range(reading.title)
    selection = range_from_strike(market.strike) or (hit.value_range if hit else None)
    measure = BOUT_ROUNDS if kind == "rounds" else GAME_TOTAL
    if kind == "spread":
        named = _WINS_BY.match(reading.label) or _WINS_BY.match(reading.title)
        team = team_key(league, named.group(1)) if named else None
        team = teams[0] if beaten and teams else team
        team = next((t for t in teams if team is not None and same_team(t, team)), team)
        measure = game_margin(team or "unnamed team")
    if not teams or day is None or selection is None:
        return unread(reading, f"a game {measure.label} line whose game, day or line could not be read")
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.THRESHOLD, topic=GAME_LINE, category=market.category,
        text=similarity_text(reading.text, *_team_words(league, teams)), measure=measure, league=league, teams=teams,
        when=_on(day), place=game_place(teams), grid=measure.grid, selection=selection, frame=_game_frame("full game"),
        close_eastern=reading.close_eastern,
    )


# --- Polymarket --------------------------------------------------------------------------------


def two_team_outcomes(market: Market, league: str | None) -> bool:
    if len(market.outcomes) != 2 or league is None or yes_no(market) is not None:
        return False
    return league in lexicon.LEAGUES and all(team_key(league, o.name) is not None for o in market.outcomes)


def _league_of(first: str, second: str) -> str | None:
    """The one league whose team table knows both teams ("Warriors", "Lakers": the NBA)."""
    found = [league for league in lexicon.LEAGUES
             if lexicon.resolve_team(league, first) is not None and lexicon.resolve_team(league, second) is not None]
    return found[0] if len(found) == 1 else None


def _named_teams(reading: Reading, league: str | None) -> tuple[str, ...]:
    """The two teams a game market's question or rules name: "Will A vs. B end in a draw?",
    "between Manchester City FC and Liverpool FC", "Will the Warriors beat the Lakers?"."""
    for text, pattern in ((reading.title, WILL_DRAW), (reading.title, _WILL_WIN), (reading.title, _WILL_LOSE),
                          (reading.rules[:400], _BETWEEN_TEAMS)):
        match = pattern.search(text) if text else None
        if match and match.group(2) and not _DATED.match(match.group(2)):
            first, second = team_key(league, match.group(1)), team_key(league, match.group(2))
            if first and second and first != second:
                return (first, second)
    return ()


def _yes_no_game_option(reading: Reading, league: str | None, teams: tuple[str, ...],
                        contest: tuple[str, str | None] | None) -> Name | None:
    if draw_question(reading.title) or _DRAW_WORDS.search(reading.label) and not contest:
        return DRAW
    for text in (contest[0] if contest else None, reading.market.subtitle,
                 m.group(1) if (m := _WILL_WIN.match(reading.title)) else None):
        key = as_the_rules_name(team_key(league, text), reading.market.rules) if text else None
        found = next((t for t in teams if key is not None and same_team(key, t)), None)
        if found is not None:
            return team_option(found)
    return None


_BY_MARGIN = re.compile(r"by (?:more than |at least |over )?\d")
# "Lyon vs. Marseille: Lyon or Draw?", a double chance: YES unless the other side wins.
_DOUBLE_CHANCE = re.compile(r"^(?:the )?(.+?) (?:vs\.?|v\.?) (?:the )?(.+?)" + AFTER_HEADING +
                            r"(?:(?:will )?(?:the )?(.+?) (?:win )?or (?:a )?(?:draw|tie)|(?:a )?(?:draw|tie) or (?:the )?(.+?))\??$")
# What a side wins that is no opponent: a season, a year, or a competition by its generic noun.
_DATED = re.compile(r"(?:on|in)\b")
_COMPETITION = re.compile(r"\b(?:19|20)\d{2}\b(?!-\d{2}-)|\b(?:championships?|tournament|cup|league|title|playoffs?|finals?|series|"
                          r"open|grand prix|trophy|award|medal|olympics|premiership|season|conference|division)\b")
_BEAT = re.compile(r"\b(?:beat|beats|defeat|defeats|lose to|loses to|lose against|" + AHEAD + r")\b")
# "Will Arsenal FC win on 2027-01-16?" under an event "Arsenal FC vs. Chelsea FC": one side of the
# game played that day.
_WIN_ON_DAY = re.compile(r"^will (?:the )?.+? win on (?:20\d\d-\d\d-\d\d|[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?(?:,? 20\d\d)?)\??$")


def _side_on_its_day(reading: Reading, league: str | None, contest: tuple[str, str | None] | None) -> tuple[str, ...]:
    """"Will Arsenal FC win on 2026-12-26?" whose rules name "the upcoming EPL game" and no event
    names the opponent: the one side, whose game of its league that day is the game (a club plays
    one league game a day). No league, no side: a side alone is no game of any day."""
    if league is None or contest is None or (contest[1] and not _DATED.match(contest[1])) \
            or _WIN_ON_DAY.match(reading.title) is None:
        return ()
    key = team_key(league, contest[0])
    return (key,) if key else ()


def _named_sides_on_a_day(reading: Reading, contest: tuple[str, str | None], *, ahead: bool = False) -> bool:
    """"Will France beat England in the Six Nations on March 13?": two sides written capitalised
    in a question that names the day they meet, or whose rules name their match and its day, so
    the question is their game. ``ahead``: one finishes ahead of the other, which only a contest
    says: two capitalised sides are enough, the day comes from the venues' fields."""
    sides = [side for side in contest if side]
    if len(sides) != 2:
        return False
    raw = ascii_letters(reading.raw_title)
    for side in sides:
        found = re.search(r"\b" + r"\W+".join(re.escape(word) for word in side.split()) + r"\b", raw, re.IGNORECASE)
        if found is None or not all(word[:1].isupper() for word in found.group(0).split()):
            return False
    if ahead:
        return True
    mentions = dates.date_mentions(reading.title, reading.reference)
    if any(m.kind == "day" for m in mentions):
        return True
    # "Six Nations: Will France beat England?" whose rules name the match and its day.
    rules = reading.rules[:400]
    return _CONTEST_NOUN.search(rules) is not None and any(
        m.kind == "day" for m in dates.date_mentions(rules, reading.reference))


_CONTEST_NOUN = re.compile(r"\b(?:match|game|test|fight|bout|grand prix)\b")


_PERSON = re.compile(r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){1,3}")


def _two_people(raw_title: str, contest: tuple[str, str | None]) -> bool:
    """"Will Oleksandr Usyk beat Daniel Dubois?": both sides are people's full names, written
    capitalised in the question, so the question is a bout between them."""
    sides = [side for side in contest if side]
    return len(sides) == 2 and all(
        any(fold_short(found) == side for found in _PERSON.findall(raw_title.removeprefix("Will ")))
        for side in sides)


# The questions of one side against another, read by _contest.
# A trailing day or event ("on March 3", "in 2027", "at UFC 330") is when the contest is, not a side.
# Finishing ahead of the other in one event is beating him there.
_WILL_WIN = re.compile(r"^will (?:the )?(.+?) (?:win|beat|defeat|win against|win over|" + AHEAD + r")(?: (?:the )?(.+?))?"
                       r"(?: on .+?| in .+?| at (?=[^?]*\d).+?| at (?:the )?[a-z][a-z' -]*)?\??$")
_WILL_LOSE = re.compile(r"^will (?:the )?(.+?) (?:lose to|lose against) (?:the )?(.+?)(?: on .+?| in .+?)?\??$")
# "Will India win the 1st Test against Australia?": a side winning a contest named by its noun
# against the other side.
_WILL_WIN_NAMED = re.compile(r"^will (?:the )?(.+?) win (?:the |their )?(?:\d+(?:st|nd|rd|th) )?"
                             r"(?:test|match|game|final|semi-?final|quarter-?final|odi|t20i?|bout|fight)\b"
                             r" (?:against|vs\.?|v\.?|over) (?:the )?(.+?)(?: on .+?| in .+?)?\??$")


# A contest of an odd number of games, maps or sets, won by the side that wins most of them: it
# cannot end level ("a best-of-five series", "BO3").
_ODD_BEST_OF = re.compile(r"\bbest[- ]of[- ](?:three|five|seven|nine|[3579])\b|\bbo[3579]\b")


def no_draw(rules: str) -> bool:
    """Whether the folded ``rules`` make the contest one that cannot end level, so that one side
    not winning is the other winning."""
    return ("best" in rules or "bo" in rules) and _ODD_BEST_OF.search(rules) is not None


def _contest(title: str) -> tuple[str, str | None] | None:
    """(the side a "Will A beat B?" question pays on, the other side): "Will the Nuggets lose to
    the Mavericks?" pays on the Mavericks."""
    named = _WILL_WIN_NAMED.match(title)
    if named is not None:
        return named.group(1), named.group(2)
    beats = _WILL_WIN.match(title)
    if beats is not None:
        return beats.group(1), beats.group(2)
    loses = _WILL_LOSE.match(title)
    return (loses.group(2), loses.group(1)) if loses is not None else None
_BETWEEN_TEAMS = re.compile(r"\bbetween (.+?) and (.+?)(?:,|:|\.|$)")


def _outcomes_are_the_sides(market: Market, league: str | None) -> bool:
    """A contest of a sport no lexicon lists, as Polymarket writes it: the question or its event
    title names two sides ("UFC 318: Ilia Topuria vs. Max Holloway") and the market's two outcomes
    are those sides ("Topuria", "Holloway")."""
    if len(market.outcomes) != 2:
        return False
    sides = _event_teams(market, league)
    if len(sides) != 2:
        return False
    keys = [team_key(league, o.name) for o in market.outcomes]
    return all(key is not None for key in keys) and len({next((i for i, side in enumerate(sides)
                                                             if key is not None and same_team(key, side)), -1)
                                                        for key in keys} - {-1}) == 2


def _double_chance(reading: Reading, league: str | None, match: re.Match[str],
                   common: dict[str, object]) -> Proposition:
    """A double chance market ("Lyon vs. Marseille: Lyon or Draw?", "Will Sevilla avoid defeat
    against Real Betis?"): its YES is the NO of the other side's win, the one outcome of the game
    it leaves out."""
    sides = (team_key(league, match.group(1)), team_key(league, match.group(2)))
    kept = team_key(league, match.group(3) or match.group(4)) if match.re is _DOUBLE_CHANCE else sides[0]
    against = [side for side in sides if side is not None and kept is not None and not same_team(kept, side)]
    if None in sides or len(against) != 1:
        return unread(reading, "a double chance market whose sides could not be read")
    teams = tuple(side for side in sides if side is not None)
    outcomes = tuple(replace(term, negated=not term.negated)
                     for term in yes_no_terms(reading.market, team_option(against[0])))
    return Proposition(
        kind=Kind.CHOICE, topic=GAME, text=similarity_text(reading.head, *_team_words(league, teams)), teams=teams,
        outcomes=outcomes, frame=_game_frame("full game"), exclusive_options=False,
        **common,  # type: ignore[arg-type]
    )


def polymarket_sports(reading: Reading) -> Proposition | None:
    """A Polymarket game market (moneyline, spread, total, first-half market, player prop, a
    team's or the draw's Yes/No market of a three-way game, "Will the Warriors beat the Lakers?"),
    or None when the market is not one."""
    asked = question_after_heading(reading)
    headed = _EVENT_MATCHUP.match(reading.raw_title.partition(": ")[0]) if asked is not reading else None
    reading = asked
    market = reading.market
    kind = market.market_type
    written_line = written_spread(reading) if kind is None else None
    if written_line is not None:
        kind = "spreads"
    league = slug_league(market)
    total = written_total(reading) if kind is None else None
    if total is not None and (league := league or _league_of(total[1], total[2])) is not None:
        # Over and Under name no team: the league is the one that knows both sides, else no game.
        kind, written_line = "totals", total[0]
    yes_no_market = yes_no(market) is not None
    if league is None and not yes_no_market and len(market.outcomes) == 2 and _event_teams(market, None):
        # "Yankees vs. Red Sox" under a slug that names no league: the one league whose table
        # knows both outcomes' teams.
        league = _league_of(market.outcomes[0].name, market.outcomes[1].name)
    contest = None
    derby = derby_clubs(reading.title) if yes_no_market and kind is None else None
    draw = draw_question(reading.title) if yes_no_market and kind is None else None
    double = _DOUBLE_CHANCE.match(reading.title) if yes_no_market and kind is None and " or " in reading.title else None
    if double is None and yes_no_market and kind is None and ("avoid" in reading.title or "not lose" in reading.title):
        double = AVOIDS_DEFEAT.match(reading.title)
    if yes_no_market and kind is None and _slug_day(market) is None and market.game_start_time is None \
            and championship_league(reading.head) is not None:
        # "Will the Aces win the 2026 WNBA Championship?" under a league's slug is the season's
        # title, not a game: no day, no start time, a championship named.
        return None
    on_day = _WIN_ON_DAY.match(reading.title) is not None and bool(_event_teams(market, league))
    if yes_no_market and kind is None and (league is not None or _slug_day(market) is not None or on_day
                                           or _BEAT.search(reading.title) or _WILL_WIN_NAMED.match(reading.title)
                                           or derby is not None or headed is not None):
        contest = _contest(reading.title)
        if contest is not None and _BY_MARGIN.match(contest[1] or ""):
            # "Will France win by 8 or more points?" is a margin, not the game's winner.
            return None
        if contest is not None and in_standings(reading.title):
            # "Will A finish ahead of B in the drivers' championship?" is the season's standings,
            # no race between them.
            return None
        if contest is not None and contest[1] and not _DATED.match(contest[1]) and _COMPETITION.search(contest[1]):
            # "Will Duke win the 2027 NCAA Tournament?", "Will Arsenal win the Champions League?":
            # what is won is a competition, not an opponent, so the market is no game.
            return None
        if contest is not None and league is None and contest[1]:
            league = _league_of(contest[0], contest[1])
            if league is None and _slug_day(market) is None and not _two_people(reading.raw_title, contest) \
                    and derby is None \
                    and not _WILL_WIN_NAMED.match(reading.title) and not on_day \
                    and not _named_sides_on_a_day(reading, contest, ahead=ahead_in_an_event(reading.title)) \
                    and not no_draw(reading.rules):
                contest = None  # "Will February payrolls beat 100K?" is no game
        if derby is not None and contest is not None and contest[1]:
            # "Will Milan win the Derby della Madonnina on March 3?": the derby's other club is
            # the opponent.
            contest = against(contest[0], derby, league)
        elif headed is not None and contest is not None and not contest[1]:
            # "England vs. Ireland: England to win?": the heading's other side is the opponent.
            contest = against(contest[0], (headed.group(1), headed.group(2)), league)
    # "Austrian Grand Prix: McLaren Teammate Battle" whose two outcomes are the two drivers.
    head_to_head = not yes_no_market and kind is None and len(market.outcomes) == 2 and head_to_head_heading(reading.head)
    if kind is None and not two_team_outcomes(market, league) and contest is None and draw is None \
            and double is None and not head_to_head \
            and not (not yes_no_market and _outcomes_are_the_sides(market, league)):
        return None
    # A market without a type is a winner market; a type the table does not list (a player
    # prop) is another line on the game.
    segment, shape = _PM_MARKET_TYPES.get(kind or "") or ("full game", "winner" if kind is None else "other")
    day, from_utc = game_day(reading)
    # "Australia vs India 5th Test ends in a draw?" as its own event title: the draw question
    # names the sides before what it asks.
    teams = (draw_sides(draw, league) if draw is not None else ()) or _event_teams(market, league) \
        or _named_teams(reading, league) or _side_on_its_day(reading, league, contest)
    teams = tuple(as_the_rules_name(team, reading.market.rules) or team for team in teams)
    common = dict(venue=market.venue, market_id=market.market_id, category=market.category, league=league,
                  when=_on(day), day_from_utc=from_utc,
                  starts_at=market.game_start_time or described_start(reading.rules, day),
                  close_eastern=reading.close_eastern)
    exclusive = league in lexicon.LEAGUES_WITHOUT_DRAWS or no_draw(reading.rules)
    if double is not None:
        return _double_chance(reading, league, double, common)
    if shape == "winner" and (yes_no_market or contest is not None):
        # One option of the game as a Yes/No market: a team ("Will Manchester City FC win on
        # 2026-02-08?", "Will the Warriors beat the Lakers?") or the draw.
        option = _yes_no_game_option(reading, league, teams, contest)
        if option is None or not teams:
            if kind is None:
                return None  # "Will the Hawks win the 2026 NBA Finals?" is a title, not a game
            return unread(reading, "a game's Yes/No market whose team or teams could not be read")
        return Proposition(
            kind=Kind.CHOICE, topic=GAME, text=similarity_text(reading.head, *_team_words(league, teams)), teams=teams,
            outcomes=yes_no_terms(market, option), frame=_game_frame(segment), exclusive_options=exclusive,
            **common,  # type: ignore[arg-type]
        )
    if shape == "winner":
        terms = []
        for outcome in market.outcomes:
            key = team_key(league, outcome.name)
            known = key is not None and (not teams or any(same_team(key, t) for t in teams))
            option = team_option(next((t for t in teams if key is not None and same_team(key, t)), key)) if known else None
            terms.append(OutcomeTerm(outcome.name, outcome.token_id, option))
        outcome_teams = tuple(t.selection.key for t in terms if isinstance(t.selection, Name))
        if len(outcome_teams) == len(market.outcomes) == 2:
            teams = outcome_teams
        return Proposition(
            kind=Kind.CHOICE, topic=GAME, text=similarity_text(reading.head, *_team_words(league, teams)), teams=teams,
            outcomes=tuple(terms), frame=_game_frame(segment), exclusive_options=exclusive,
            **common,  # type: ignore[arg-type]
        )
    # Spreads, totals and props share the game's event; they are measured values on the game so
    # that a moneyline never pairs with them.
    line = market.strike.floor if market.strike else written_line
    outcomes: tuple[OutcomeTerm, ...] = ()
    if shape == "total":
        # A bout's line is on its rounds ("O/U 2.5 Rounds"), a game's on its points.
        measure = BOUT_ROUNDS if league is None and _ROUNDS.search(reading.title) else GAME_TOTAL
        if line is not None:
            over = ValueRange(low=Bound(line, False))
            outcomes = tuple(OutcomeTerm(o.name, o.token_id, over, negated=o.name.strip().lower() == "under")
                             for o in market.outcomes)
    elif shape == "spread":
        # "Spread: Lakers (-3.5)": the named team must win by more than the line; the other
        # outcome pays otherwise.
        named = _SPREAD_TEAM.match(fold_short(market.title or ""))
        favorite = team_key(league, named.group(1)) if named else None
        measure = game_margin(favorite or "unnamed team")
        if written_line is not None:
            # Its two outcomes are the game's two sides.
            teams = tuple(key for o in market.outcomes if (key := team_key(league, o.name)))
        if favorite is not None and line is not None:
            covers = ValueRange(low=Bound(abs(line), False))
            outcomes = tuple(OutcomeTerm(o.name, o.token_id, covers, negated=team_key(league, o.name) != favorite)
                             for o in market.outcomes)
    else:
        measure = Measure(f"game_prop:{kind}", GAME_LINE, f"player {kind}", anchor="day")
    return Proposition(
        kind=Kind.THRESHOLD, topic=GAME_LINE, text=similarity_text(reading.head, *_team_words(league, teams)),
        measure=measure, teams=teams, place=game_place(teams), grid=measure.grid, outcomes=outcomes,
        frame=_game_frame(segment), **common,  # type: ignore[arg-type]
    )
