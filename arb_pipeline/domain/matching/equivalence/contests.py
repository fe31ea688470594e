"""Games, season titles, elections and up/down windows: who or what YES pays on, and the Polymarket
outcome that pays exactly then."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.equivalence.audit import ASSUMED_GRID, TIE_POSSIBLE, UNPLAYED_RULES, Audit
from arb_pipeline.domain.matching.equivalence.sources import compare_sources, game_label
from arb_pipeline.domain.matching.equivalence.names import initials_tied, sports_apart
from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.lexicon import sports as sports_lexicon
from arb_pipeline.domain.matching.propositions.model import Name, OutcomeTerm, Proposition
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.matching.propositions.sports import same_team, same_teams, team_label
from arb_pipeline.domain.matching.propositions.terms import POSTSEASON, RESULTS, WITHIN_MATCH
from arb_pipeline.domain.matching.propositions.text import contains_any, same_word


def compare_terms(kalshi: Proposition, polymarket: Proposition, audit: Audit, *, game: bool = False,
                  same_start: bool = False) -> Audit:
    """What a contest's structured reading leaves out must agree too (docs/matching.md, "Contest
    terms"): a game of a series is not the series, winning by a margin or by knockout is not
    winning, and a draw that one venue splits 50-50 and the other pays No on is not one outcome.
    A difference rejects on ``audit``; what is said or left unsettled comes back as notes, for the
    caller to add once the contest itself is known to be the same. ``game``: a series said by one
    market only is then in doubt (a title or a race is never one game of a series). ``same_start``:
    the two games start at one time, so a game of the day one market numbers ("Game 2" of a
    doubleheader) is the game the other names by its start."""
    notes = Audit()
    k_terms, p_terms = kalshi.terms, polymarket.terms
    k_part, p_part = k_terms.get("part"), p_terms.get("part")
    k_whole, p_whole = k_terms.get("whole"), p_terms.get("whole")
    if game and k_part is None and p_part is None and (k_whole is None) != (p_whole is None) \
            and ((k_terms, p_terms) if k_whole else (p_terms, k_terms))[0].get("best_of") == "match" \
            and ((p_terms, k_terms) if k_whole else (k_terms, p_terms))[0].get("named") == "match":
        # "Vitality vs FaZe (BO5)" against "Will Vitality win the grand final?": a best-of of maps
        # is the match the other market names, no game of a series.
        notes.verified(f"{'Kalshi' if k_whole else 'Polymarket'} says a best-of match, "
                       f"{'Polymarket' if k_whole else 'Kalshi'} names the match")
    elif game and k_part is None and p_part is None and (k_whole is None) != (p_whole is None):
        notes.unverified("contest part", f"only {'Kalshi' if k_whole else 'Polymarket'} says the contest is a "
                                         "series: the other may be one game of it")
    elif k_part != p_part:
        if (k_part or k_whole) and (p_part or p_whole):
            audit.reject(f"Kalshi pays on {k_part or 'the ' + str(k_whole)}, Polymarket on {p_part or 'the ' + str(p_whole)}")
        elif same_start and not (k_whole or p_whole) and (k_part or p_part or "").startswith("game "):
            notes.verified(f"{k_part or p_part} of the day is the game that starts then on both")
        elif (k_part or p_part or "").split(" ")[0] in WITHIN_MATCH:
            # A set, a map or a quarter is played inside one match: a market naming no part pays
            # on the match, which the part's winner may lose.
            audit.reject(f"{'Kalshi' if k_part else 'Polymarket'} pays on {k_part or p_part} only, "
                         f"{'Polymarket' if k_part else 'Kalshi'} on the whole match")
        else:
            notes.unverified("contest part", f"only {'Kalshi' if k_part else 'Polymarket'} names a part of the "
                                             f"contest: {k_part or p_part}")
    k_session, p_session = k_terms.get("session"), p_terms.get("session")
    if game and k_session != p_session:
        # Two drivers' order in qualifying or a sprint is not their order in the race.
        audit.reject(f"Kalshi pays on the {k_session or 'race'}, Polymarket on the {p_session or 'race'}")
    for term, what in (("margin", "a margin"), ("method", "a way of winning")):
        k_value, p_value = k_terms.get(term), p_terms.get(term)
        if k_value != p_value:
            said = " vs ".join(f"{venue} {value or 'none'}" for venue, value in (("Kalshi", k_value), ("Polymarket", p_value)))
            audit.reject(f"{what} differs: {said}")
    if game and k_terms.get("advance") != p_terms.get("advance"):
        who, other = ("Kalshi", "Polymarket") if k_terms.get("advance") else ("Polymarket", "Kalshi")
        notes.unverified("contest part", f"{who} pays on who advances from the tie (extra time, penalties or another "
                                         f"leg may decide it), {other} on winning the match")
    for case in dict.fromkeys((*kalshi.settles, *polymarket.settles)):
        k_rule, p_rule = kalshi.settles.get(case), polymarket.settles.get(case)
        if k_rule == p_rule:
            notes.verified(f"a {case} settles {k_rule} on both")
        elif case not in RESULTS:
            # A contest not played (or put off) decides neither question: the venues' rules for
            # it differ in how stakes come back, not in who won; said, not blocking.
            notes.assumed(f"a {case} settles {k_rule or 'as the rules read'} on Kalshi and "
                          f"{p_rule or 'as the rules read'} on Polymarket", UNPLAYED_RULES)
        elif k_rule is not None and p_rule is not None:
            audit.reject(f"a {case} settles {k_rule} on Kalshi and {p_rule} on Polymarket")
        elif "no" not in (k_rule, p_rule):
            # A market silent on a draw pays as its statement reads (a draw is no win); the other
            # splitting or voiding it settles that case apart, unless a person reads otherwise.
            stated, venue = (k_rule, "Kalshi") if k_rule is not None else (p_rule, "Polymarket")
            notes.unverified("settlement", f"only {venue} says how a {case} settles ({stated})")
    return notes


def _game_texts(p: Proposition) -> str:
    """What a game's market says of its sport: its titles (a game's rules are not read) and its
    league, a Kalshi series' ("KXCS2GAME" is CS2)."""
    return f"{p.text} {p.league.lower()}" if p.league else p.text


_OTHER_GAME_OF_THE_DAY = 3 * 3600  # seconds between two starts that make two games
_SAME_START = 1800


def compare_games(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    same_start = False
    k_start, p_start = kalshi.starts_at, polymarket.starts_at
    if k_start is not None and p_start is not None and kalshi.when.day == polymarket.when.day:
        # Two games of one day between the same teams (a doubleheader) differ by their start.
        gap = abs((k_start - p_start).total_seconds())
        if gap >= _OTHER_GAME_OF_THE_DAY:
            audit.reject(f"another game of the day: Kalshi starts {dates.eastern(k_start):%H:%M} ET, "
                         f"Polymarket {dates.eastern(p_start):%H:%M} ET")
        same_start = gap <= _SAME_START
    notes = compare_terms(kalshi, polymarket, audit, game=True, same_start=same_start)
    if kalshi.league and polymarket.league and kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    apart = sports_apart(_game_texts(kalshi), _game_texts(polymarket))
    if apart is not None:
        # One club's sides in two sports or esports titles meet on the same day ("Vitality vs G2"
        # in Counter-Strike and in Valorant): the teams and the day say nothing more.
        audit.reject(apart)
    k_segment, p_segment = kalshi.frame.axes.get("segment"), polymarket.frame.axes.get("segment")
    if k_segment != p_segment:
        audit.reject(f"Kalshi {k_segment} vs Polymarket {p_segment} winner")
    if not kalshi.teams or not polymarket.teams:
        audit.unverified("teams", "teams of one game not read")
    elif len(kalshi.teams) == 1 or len(polymarket.teams) == 1:
        _one_side_named(kalshi, polymarket, audit)
    elif not same_teams(kalshi.teams, polymarket.teams):
        audit.reject(f"different game: Kalshi {game_label(kalshi.teams)} vs Polymarket {game_label(polymarket.teams)}")
    _same_match_of_series(kalshi, polymarket, audit)
    _same_grand_prix(kalshi, polymarket, audit)
    k_day, p_day = kalshi.when.day, polymarket.when.day
    if k_day is None or p_day is None:
        _same_card(kalshi, polymarket, audit)
    elif k_day != p_day:
        # Kalshi dates a game by its local day; a start read from Polymarket's UTC gameStartTime
        # is that day in some US time zone, not always in Eastern time.
        starts = polymarket.starts_at
        if polymarket.day_from_utc and starts is not None and k_day in dates.us_local_dates(starts):
            audit.verified(f"Polymarket start {starts:%Y-%m-%d %H:%M} UTC falls on {k_day} in US local time")
        else:
            audit.reject(f"different game date: Kalshi {k_day} vs Polymarket {p_day}")
    if audit.rejected:
        return None
    audit.verified(f"same game {game_label(kalshi.teams)} {k_day}")
    audit.add(notes)
    league = kalshi.league or polymarket.league
    # A round the market states (contest_terms), never the date: a game of January may be the
    # season's last week.
    postseason = league == "NFL" and POSTSEASON in (kalshi.terms.get("stage"), polymarket.terms.get("stage"))
    if postseason:
        audit.verified("an NFL postseason game cannot end tied (overtime goes on until a winner): "
                       "neither venue's tie rule applies")
    elif league in sports_lexicon.LEAGUES_WITH_TIES:
        audit.assumed(f"{league} games can end tied: each venue's tie rule settles that case", TIE_POSSIBLE)
    elif league is None:
        # A sport no lexicon lists (a fight, a rugby match) may end level, or in no contest.
        audit.assumed("this contest can end level: each venue's rule for a draw settles that case", TIE_POSSIBLE)
    assert isinstance(kalshi.selection, Name)
    return _map_choice(kalshi.selection, polymarket, audit,
                       exhaustive=(kalshi.exclusive_options and polymarket.exclusive_options)
                       or league in sports_lexicon.LEAGUES_WITHOUT_DRAWS or postseason or _level_ends_split(kalshi, polymarket),
                       what="wins")


def _one_side_named(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """"Will Arsenal FC win on 2026-12-26?", a market on one side whose rules name its league's
    game that day, against that side's game in that league: a club plays one league game a day,
    so it is that game (the days are compared after). Another league, or a side that is not one
    of the game's, is another game."""
    (alone,), pair = (kalshi.teams, polymarket.teams) if len(kalshi.teams) == 1 else (polymarket.teams, kalshi.teams)
    if len(pair) == 2 and kalshi.league is not None and kalshi.league == polymarket.league \
            and any(same_team(alone, team) for team in pair):
        audit.verified(f"{team_label(alone)} plays one {kalshi.league} game a day: {game_label(pair)}")
    else:
        audit.reject(f"different game: Kalshi {game_label(kalshi.teams)} vs Polymarket {game_label(polymarket.teams)}")


def _level_ends_split(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Both venues split every end without a winner (a draw, a no contest) 50-50: then the "No" of
    "Will B beat A?" pays as "A wins" does in every case, half on a draw, all when A wins. One end
    either venue leaves to its statement (a no contest that pays No) breaks that."""
    return all(kalshi.settles.get(case) == polymarket.settles.get(case) == "50-50" for case in RESULTS)


# A cricket international's format and its number in the series, as titles write them: "2nd T20I",
# "T20 International #2", "ODI 3", "the 1st Test".
_FORMAT_WORDS = {"t20i": "T20I", "t20": "T20I", "t20 international": "T20I", "twenty20 international": "T20I",
                 "odi": "ODI", "one day international": "ODI", "one-day international": "ODI", "test": "Test"}
_FORMAT = r"(t20i|t20 international|twenty20 international|t20|odi|one[- ]day international|test)"
_MATCH_NUMBERED = re.compile(rf"\b(?:(\d)(?:st|nd|rd|th) {_FORMAT}|{_FORMAT}(?: #?(\d)\b)?)")
_FORMAT_NEEDLES = ("t20", "odi", "test", "one day", "one-day")


def _match_of_series(text: str) -> tuple[str | None, str | None]:
    """(format, number) of the cricket international a game's titles name; None where unsaid."""
    if not contains_any(text, _FORMAT_NEEDLES):
        return None, None
    match = _MATCH_NUMBERED.search(text)
    if match is None:
        return None, None
    number_first, format_first, format_second, number_second = match.groups()
    return _FORMAT_WORDS[format_first or format_second], number_first or number_second


def _same_match_of_series(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """An ODI is not a T20I, nor the 1st T20I the 2nd, whatever day the markets date them."""
    (k_format, k_number), (p_format, p_number) = _match_of_series(kalshi.text), _match_of_series(polymarket.text)
    if k_format and p_format and k_format != p_format:
        audit.reject(f"different match: Kalshi {k_format} vs Polymarket {p_format}")
    elif k_number and p_number and k_number != p_number:
        audit.reject(f"different match of the series: Kalshi #{k_number} vs Polymarket #{p_number}")


# A race named by its place ("the Austrian Grand Prix", "British GP"): one a year, on its own weekend.
_GRAND_PRIX = re.compile(r"\b([a-z]{3,}) (?:grand prix|gp)\b")
_NOT_A_PLACE = frozenset({"the", "this", "next", "each", "every", "any"})
# Races of one name are a year apart; venues close their markets on one within days.
_SAME_RACE_CLOSES_WITHIN_DAYS = 7


def _grands_prix(text: str) -> frozenset[str]:
    if "grand prix" not in text and " gp" not in text:
        return frozenset()
    return frozenset(match.group(1) for match in _GRAND_PRIX.finditer(text)) - _NOT_A_PLACE


def _same_grand_prix(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """Two drivers' order at the Austrian Grand Prix is not their order at the British one,
    whatever day an undated market ends on."""
    k_races, p_races = _grands_prix(kalshi.text), _grands_prix(polymarket.text)
    if k_races and p_races and not k_races & p_races:
        audit.reject(f"different race: Kalshi {sorted(k_races)[0]} vs Polymarket {sorted(p_races)[0]} grand prix")


# A fight card numbered by its promotion ("UFC 320", "Bellator 301"): one night, whose fights are
# not fought again on it.
_CARD = re.compile(r"\b(ufc|bellator|pfl|one|rizin|ksw|cage warriors) ?(\d{2,4})\b")
_CARD_NEEDLES = ("ufc", "bellator", "pfl", "one ", "rizin", "ksw", "cage warriors")
# How long after a fight a market on it closes: a venue leaves days to settle it (two weeks is
# common); a rematch is months away.
_CLOSES_WITHIN_DAYS = 21
# How long after a game a Polymarket market on it with no day of its own ends: the next day at
# most; the next game of a series or a tournament between the two sides is seldom sooner.
_GAME_CLOSES_WITHIN_DAYS = 1


def _cards(context: str) -> frozenset[str]:
    if not contains_any(context, _CARD_NEEDLES):
        return frozenset()
    return frozenset(f"{match.group(1)} {match.group(2)}" for match in _CARD.finditer(context))


def _same_card(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """A fight one market dates and the other only places on its numbered card ("UFC 320: Alex
    Pereira vs. Magomed Ankalaev", closing two weeks later): the same two fighters on the same card,
    whose market closes within weeks after the dated fight, are that fight. Two cards are two
    fights (a rematch), whatever their markets' dates."""
    # A game's reading keeps its titles (not its rules): a card is named where the fight is.
    k_cards, p_cards = _cards(kalshi.text), _cards(polymarket.text)
    if k_cards and p_cards and not k_cards & p_cards:
        audit.reject(f"different events: Kalshi {sorted(k_cards)[0].upper()} vs Polymarket {sorted(p_cards)[0].upper()}")
        return
    dated, undated = (kalshi, polymarket) if kalshi.when.day is not None else (polymarket, kalshi)
    day, close = dated.when.day, undated.close_eastern
    if (k_cards or p_cards) and day is not None and close is not None \
            and 0 <= (close.date() - day).days <= _CLOSES_WITHIN_DAYS:
        card = sorted(k_cards | p_cards)[0].upper()
        audit.verified(f"same card {card}: the fight on {day}, the undated market closing {close:%Y-%m-%d}")
        return
    if undated is polymarket and day is not None and close is not None and polymarket.starts_at is None \
            and 0 <= (close.date() - day).days <= _GAME_CLOSES_WITHIN_DAYS:
        # Kalshi's ticker dates the game; a Polymarket market with no day or start time of its own
        # ends with the game it is on (its endDate). Ending that day or the next, it is that game;
        # a rematch of the two sides a few days later ends later.
        audit.verified(f"the game on {day}; the undated market ends {close:%Y-%m-%d}, with it")
        return
    races = _grands_prix(kalshi.text) & _grands_prix(polymarket.text)
    k_close, p_close = kalshi.close_eastern, polymarket.close_eastern
    if races and k_close is not None and p_close is not None \
            and abs((k_close.date() - p_close.date()).days) <= _SAME_RACE_CLOSES_WITHIN_DAYS:
        # A Grand Prix is run once a year: two markets naming it that close within days of each
        # other are on that one race, whichever of them states its day.
        audit.verified(f"the same race, the {sorted(races)[0]} grand prix: the markets close "
                       f"{k_close:%Y-%m-%d} and {p_close:%Y-%m-%d}")
        return
    audit.unverified("game date", "game date not stated by both markets")


def _map_choice(choice: Name, polymarket: Proposition, audit: Audit, *, exhaustive: bool,
                what: str) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """The Polymarket outcome that pays exactly when ``choice`` happens, and the other one."""
    terms = polymarket.outcomes
    if len(terms) != 2:
        audit.reject(f"Polymarket market has {len(terms)} outcomes, not two")
        return None
    for index, term in enumerate(terms):
        if isinstance(term.selection, Name) and same_team(term.selection.key, choice.key) and not term.negated:
            audit.verified(f"Kalshi YES = {choice.label} {what} = Polymarket '{term.name}'")
            return term, terms[1 - index]
    for index, term in enumerate(terms):
        # "No" on "Will A win?" pays when B wins only if one of the two must win (no draw).
        if term.negated and isinstance(term.selection, Name) and not same_team(term.selection.key, choice.key) \
                and term.selection.kind != "draw" and choice.kind != "draw" and exhaustive:
            audit.verified(f"complement: Kalshi YES = {choice.label} {what} = Polymarket '{term.name}' "
                           f"(the other side of {term.selection.label})")
            return term, terms[1 - index]
    named = ", ".join(f"'{t.name}'" for t in terms)
    audit.reject(f"no Polymarket outcome ({named}) pays exactly when {choice.label} {what}")
    return None


def _compare_years(kalshi: Proposition, polymarket: Proposition, audit: Audit, what: str) -> None:
    k_year = kalshi.when.start.year if kalshi.when.start else None
    p_year = polymarket.when.start.year if polymarket.when.start else None
    if (k_year is None) != (p_year is None):
        # One market names no year ("Super Bowl LX", "the Pennsylvania governor race"): the year
        # it closes in says which one it is.
        stated, other = (k_year, polymarket) if k_year is not None else (p_year, kalshi)
        close = other.close_eastern
        if close is not None and close.year in (stated, (stated or 0) + 1):
            audit.verified(f"{what} {stated}; the other market closes in {close.year}")
            return
    if k_year is None or p_year is None:
        audit.unverified(what, f"{what} not stated by both markets")
    elif k_year != p_year:
        label = "different season" if what == "season" else "different election"
        audit.reject(f"{label}: Kalshi {k_year} vs Polymarket {p_year}")


def compare_titles(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_competition, p_competition = kalshi.frame.axes.get("competition"), polymarket.frame.axes.get("competition")
    difference = f"Kalshi {k_competition} vs Polymarket {p_competition}" if k_competition != p_competition else None
    # Many teams can win a title: the "No" of one team is never another team's YES.
    return _league_contest(kalshi, polymarket, audit, difference, f"same competition: {{year}} {kalshi.league} {k_competition}",
                           "wins the title")


def compare_series(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """Who wins one playoff series: the same league, the same two teams, the same season; the
    token is the one of the team Kalshi's YES names."""
    difference = None if same_teams(kalshi.teams, polymarket.teams) else \
        f"different series: Kalshi {game_label(kalshi.teams)} vs Polymarket {game_label(polymarket.teams)}"
    # A series always ends with one winner, but one not played to its end (a cancelled season)
    # may settle apart: only the token of Kalshi's own team is proposed.
    return _league_contest(kalshi, polymarket, audit, difference,
                           f"same series: {{year}} {kalshi.league} {game_label(kalshi.teams)}", "wins the series")


def _league_contest(kalshi: Proposition, polymarket: Proposition, audit: Audit, difference: str | None, agreed: str,
                    what: str) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """A contest of a league's season (its title, one of its series): the same league, no
    ``difference``, the same season; then the token of the team Kalshi's YES names, never the other
    team's "No". ``agreed``: what is said when they agree, ``{year}`` filled in."""
    notes = compare_terms(kalshi, polymarket, audit)
    if kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    if difference is not None:
        audit.reject(difference)
    _compare_years(kalshi, polymarket, audit, "season")
    if audit.rejected:
        return None
    audit.verified(agreed.format(year=kalshi.when.start.year if kalshi.when.start else None))
    audit.add(notes)
    assert isinstance(kalshi.selection, Name)
    return _map_choice(kalshi.selection, polymarket, audit, exhaustive=False, what=what)


def compare_elections(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    notes = compare_terms(kalshi, polymarket, audit)
    k_axes, p_axes = kalshi.frame.axes, polymarket.frame.axes
    if k_axes["office"] != p_axes["office"]:
        audit.reject(f"different office: Kalshi {k_axes['office']} vs Polymarket {p_axes['office']}")
    if k_axes["stage"] != p_axes["stage"]:
        what = "nominee vs winner" if "nomination" in (k_axes["stage"], p_axes["stage"]) else "another stage of the race"
        audit.reject(f"{what}: Kalshi {k_axes['stage']} vs Polymarket {p_axes['stage']}")
    if kalshi.place != polymarket.place:
        audit.reject(f"different state: Kalshi {kalshi.place or 'national'} vs Polymarket {polymarket.place or 'national'}")
    k_where, p_where = k_axes.get("where"), p_axes.get("where")
    if k_where and p_where and not _same_place(k_where, p_where):
        audit.reject(f"different place: Kalshi {k_where} vs Polymarket {p_where}")
    if k_axes["stage"] == p_axes["stage"] == "nomination" and k_axes.get("party") != p_axes.get("party"):
        audit.reject(f"different party's nomination: Kalshi {k_axes.get('party')} vs Polymarket {p_axes.get('party')}")
    _compare_years(kalshi, polymarket, audit, "election year")
    if audit.rejected:
        return None
    where = f" {kalshi.place}" if kalshi.place else ""
    year = kalshi.when.start.year if kalshi.when.start else None
    audit.verified(f"same race: {year}{where} {k_axes['office']} {k_axes['stage']}")
    audit.add(notes)
    choice = kalshi.selection
    assert isinstance(choice, Name)
    positive = next((t for t in polymarket.outcomes if not t.negated), None)
    offered = positive.selection if positive is not None and isinstance(positive.selection, Name) else None
    if offered is not None and offered.kind != choice.kind:
        audit.reject(f"party vs candidate: Kalshi {choice.label} vs Polymarket {offered.label}")
        return None
    if offered is not None and _same_person(choice, offered, kalshi.frame.context, polymarket.frame.context):
        if offered.key != choice.key:
            audit.assumed(f"names differ in middle names: Kalshi {choice.label} vs Polymarket {offered.label}", ASSUMED_GRID)
        choice = offered
    # Candidates and parties are never exhaustive (a third candidate can win), so the "No" of one
    # is never the YES of another.
    return _map_choice(choice, polymarket, audit, exhaustive=False, what="wins")


def _same_place(a: str, b: str) -> bool:
    """Two races' places (labels, " | " between two) share one: the same name in another form
    ("LA" / "Los Angeles") or word ("Colombia" / "Colombian", "France" / "French")."""
    a_names = [Name(name_key(label), label) for label in a.split(" | ")]
    b_names = [Name(name_key(label), label) for label in b.split(" | ")]
    return any(same_name(x, y) or any(same_word(u, v) or same_country_word(u, v) for u in x.words for v in y.words)
               for x in a_names for y in b_names)


def _same_person(a: Name, b: Name, a_context: str, b_context: str) -> bool:
    """First and last name alike ("Robert Vance Miller" / "Robert Miller"), or a name the person is
    known by alone ("Lula" of "Luiz Inácio Lula da Silva")."""
    if a.kind != "person" or b.kind != "person":
        return False
    a_words, b_words = a.key[7:].split(), b.key[7:].split()
    if not a_words or not b_words:
        return False
    if a_words[0] == b_words[0] and a_words[-1] == b_words[-1]:
        return True
    tied = initials_tied(a, b, a_context, b_context)
    if tied is not None:
        # A candidate written as initials ("MTG", "JD") is the full name the other market writes
        # only when a market's texts tie them: many people share a name's initials.
        return tied
    short, long = (a_words, b_words) if len(a_words) < len(b_words) else (b_words, a_words)
    if len(short) >= 2 and short[0] == long[0] and len(short[-1]) >= 3 and _in_order(short[1:], long[1:-1]):
        # "Maria Lopez" of "Maria Elena Lopez Garcia": a given name and the first of two surnames,
        # as Spanish and Portuguese names are written short. Two candidates of one race it could
        # both stand for ("Maria Lopez", "Maria Lopez Torres") each qualify, and the matcher never
        # pairs one market with two.
        return True
    return len(short) == 1 and len(short[0]) >= 4 and short[0] in long


def _in_order(words: list[str], within: list[str]) -> bool:
    """Whether ``words`` all occur in ``within``, in that order."""
    rest = iter(within)
    return all(word in rest for word in words)


def compare_directions(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.measure is None or polymarket.measure is None or kalshi.measure.key != polymarket.measure.key:
        audit.reject("different asset")
        return None
    if kalshi.window_end is None or polymarket.window_end is None:
        audit.unverified("window", "window end not stated by both markets")
    elif kalshi.window_end != polymarket.window_end:
        audit.reject(f"different window: Kalshi ends {kalshi.window_end:%Y-%m-%d %H:%M} UTC vs Polymarket "
                     f"{polymarket.window_end:%Y-%m-%d %H:%M} UTC")
    else:
        audit.verified(f"same window ending {kalshi.window_end:%Y-%m-%d %H:%M} UTC")
    if kalshi.up_includes_tie is not None and polymarket.up_includes_tie is not None:
        if kalshi.up_includes_tie != polymarket.up_includes_tie:
            audit.reject("an unchanged price counts as up on one venue and not on the other")
        else:
            audit.verified("an unchanged price settles the same way on both")
    else:
        audit.unverified("unchanged price", "how an unchanged price settles is not stated by both markets")
    k_against, p_against = kalshi.frame.axes.get("against"), polymarket.frame.axes.get("against")
    if k_against != p_against:
        # A close against the day before is not a close against the day's open: what one market
        # compares with must be what the other does.
        audit.unverified("reference", f"what the price is compared with: Kalshi {k_against or 'unstated'}, "
                                      f"Polymarket {p_against or 'unstated'}")
    elif k_against is not None:
        audit.verified(f"both compare with the {k_against}")
    compare_sources(kalshi, polymarket, audit)
    if audit.rejected:
        return None
    direction = kalshi.selection
    assert isinstance(direction, str)
    for index, term in enumerate(polymarket.outcomes):
        if term.selection == direction:
            audit.verified(f"Kalshi YES = price {direction} = Polymarket '{term.name}'")
            return term, polymarket.outcomes[1 - index]
    audit.reject(f"no Polymarket outcome pays exactly when the price goes {direction}")
    return None
