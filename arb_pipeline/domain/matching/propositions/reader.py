"""The proposition reader: a market's full text in, one :class:`Proposition` out.

Kalshi: title, ``yes_sub_title``, the event's title, ``rules_primary``/``rules_secondary``, the
structured strike and the ticker (series, event date, outcome code). Polymarket: question,
``groupItemTitle``, the event's title, the ``description`` resolution rules, the outcomes and,
for games, the slug and ``sportsMarketType``.

Topic readers (:mod:`.games`, :mod:`.titles`, :mod:`.elections`, the measures of
:mod:`.lexicon.measures`) read what they know in full; every other market is read by the general
reader (:mod:`.general`), so a market of a kind no lexicon lists still states a proposition the
matcher can compare: a threshold on a measure named by its words, a named option among several,
or an event that happens by a date. A market the reader cannot read is :attr:`Kind.UNKNOWN`,
with the reason, and never gets a token mapping.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.elections import (
    ELECTION,
    implied_polymarket_race,
    implied_race,
    kalshi_race,
    party_outcomes,
    polymarket_race,
    race,
)
from arb_pipeline.domain.matching.propositions.games import (
    GAME,
    kalshi_game,
    kalshi_game_line,
    kalshi_rounds_line,
    kalshi_matchup,
    polymarket_sports,
)
from arb_pipeline.domain.matching.propositions.general import read_general, unread
from arb_pipeline.domain.matching.propositions.lexicon import sports as sports_lexicon
from arb_pipeline.domain.matching.propositions.lexicon.markets import COMMODITIES, sources_in
from arb_pipeline.domain.matching.propositions.lexicon.measures import MEASURE_BY_KEY, RATE_CHANGE, find_measure, rate_level
from arb_pipeline.domain.matching.propositions.model import Frame, Kind, Measure, Name, Proposition
from arb_pipeline.domain.matching.propositions.comparisons import as_comparison, versus_comparison, yes_no_comparison
from arb_pipeline.domain.matching.propositions.declarations import market_declarations
from arb_pipeline.domain.matching.propositions.head_to_head import ahead_in_an_event, head_to_head_heading
from arb_pipeline.domain.matching.propositions.names import capitalised_runs
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.numerals import numerals_read
from arb_pipeline.domain.matching.propositions.outcomes import DOWN, UP, direction_terms, is_pair_of, yes_no
from arb_pipeline.domain.matching.propositions.parties import known_aliases
from arb_pipeline.domain.matching.propositions.props import kalshi_prop, polymarket_prop
from arb_pipeline.domain.matching.propositions.reading import Reading, kalshi_ticker, read_texts
from arb_pipeline.domain.matching.propositions.retained import retained_as_win
from arb_pipeline.domain.matching.propositions.series import SERIES, series_contest
from arb_pipeline.domain.matching.propositions.short_forms import written_out
from arb_pipeline.domain.matching.propositions.sports import game_league, line_league, team_key, womens_if_marked
from arb_pipeline.domain.matching.propositions.stages import reaches_a_stage
from arb_pipeline.domain.matching.propositions.terms import POSTSEASON, contest_terms, postseason, settlement
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.matching.propositions.titles import TITLE, championship_league, season_title
from arb_pipeline.domain.models import Market, Venue

DIRECTION = "direction"

_DIRECTION = re.compile(r"up or down|\bup in (?:the )?next\b|price up\b|\bgo up\b|\bhigher or lower\b")


def _direction_in(head: str) -> bool:
    """Whether a head asks for a direction: a substring test first, as every phrase of
    :data:`_DIRECTION` holds "up" or "higher or lower" and most heads hold neither."""
    return ("up" in head or "higher or lower" in head) and _DIRECTION.search(head) is not None
# "Will the S&P 500 close higher on Jan 4 than on Jan 3?": a close against the session before is
# the day's up or down.
_CLOSE_AGAINST = re.compile(r"\b(?:close|closes|end|ends|finish|finishes) (higher|lower|up|down)\b[^?]{0,60}\bthan\b")
# What an up/down market compares its close with, when its texts say: the close of the trading
# day before ("than its previous close", "than on Jan 3").
PREVIOUS_CLOSE = "previous close"
_PREVIOUS = re.compile(r"\b(?:previous|prior|preceding) (?:trading )?(?:day'?s? )?clos"
                       r"|\bclos\w* (?:on|of) the (?:previous|prior|preceding) trading day")
_UP = re.compile(r"\bup\b|\bhigher\b")
_DOWN = re.compile(r"\bdown\b|\blower\b")


def read(market: Market) -> Proposition:
    """The proposition ``market`` states."""
    # "Worlds" in a market about League of Legends is its World Championship: short forms the
    # market's own context settles are read in full.
    market = written_out(market)
    # "Final Fantasy XVII" is the "Final Fantasy 17" the other venue writes.
    market = numerals_read(market)
    # "Will Europe retain the Ryder Cup?" whose rules pay NO only when the USA wins is the NO of
    # the USA's win.
    won = retained_as_win(market)
    if won is not None:
        reading = read(won)
        if reading.kind is Kind.EVENT:
            # Its holder keeps the trophy on a draw: the market pays YES then, which the other
            # market's win must settle NO (equivalence/__init__.py).
            return replace(reading, frame=replace(reading.frame, negated=not reading.frame.negated),
                           settles={"draw": "yes"})
    if market.venue is Venue.KALSHI:
        return _with_aliases(_with_contest_terms(read_kalshi(market), market), market)
    if market.venue is Venue.POLYMARKET:
        return _with_aliases(_with_contest_terms(read_polymarket(market), market), market)
    raise ValueError(f"market {market.market_id}: matching reads Kalshi and Polymarket markets, not {market.venue}")


_CONTESTS = frozenset({GAME, TITLE, ELECTION, SERIES})


_DECLARED_IN = 300
_NAMED_TOPICS = frozenset({"", ELECTION, TITLE})


def _with_aliases(proposition: Proposition, market: Market) -> Proposition:
    """The names the market's own texts declare equal ("Strategy (formerly MicroStrategy)") and
    the awards they describe ("the Hart Memorial Trophy, awarded to the NHL's most valuable
    player"), for the comparison to use against either market."""
    if not proposition.understood or proposition.topic not in _NAMED_TOPICS:
        # Games, game lines, series and up/down windows compare teams' and assets' keys, which
        # no declaration renames: their texts are not read for one.
        return proposition
    # A market names its entity twice where it first names it: in its titles, or the opening of its
    # rules ("If Strategy (formerly MicroStrategy) announces ..."), not in the edge cases after. The
    # titles are read as one text (" | " ends a name), each text once per distinct wording.
    heads = " | ".join(text for text in (market.title, market.subtitle, market.event_title) if text)
    opening = market.rules[:_DECLARED_IN]
    declared, awards = market_declarations(heads, opening)
    # A party or chamber named in its own language or in English ("Partido Popular" / "People's
    # Party") is declared by the table of parties of the country the texts name.
    aliases = tuple(dict.fromkeys((*declared, *known_aliases(heads, opening))))
    return replace(proposition, aliases=aliases, awards=awards) if aliases or awards else proposition


def _with_contest_terms(proposition: Proposition, market: Market) -> Proposition:
    """A game, title or race with the terms its topic reader does not read: only these readers
    drop the statement's words, so only their markets need them read apart."""
    if proposition.topic not in _CONTESTS or not proposition.understood:
        return proposition
    question = " ".join(t for t in (market.title, market.subtitle) if t)
    terms = contest_terms(question, market.rules, heading=market.event_title or "",
                          series=market.series_id or "" if market.venue is Venue.KALSHI else "")
    if proposition.league == "NFL" and postseason(question, market.rules, market.event_title or ""):
        # Read for the one league whose games tie in the season only (docs/matching.md, "NFL
        # postseason games"): every other contest's rules are spared the search.
        terms = {**terms, "stage": POSTSEASON}
    settles = settlement(market.rules)
    return replace(proposition, terms=terms, settles=settles) if terms or settles else proposition


# --- Kalshi ------------------------------------------------------------------------------------


def read_kalshi(market: Market) -> Proposition:
    reading = read_texts(market)
    prop = kalshi_prop(reading)
    if prop is not None:
        return prop
    series = market.series_id or ""
    league = womens_if_marked(game_league(series), market)
    if league is not None:
        return kalshi_game(reading, league)
    line = line_league(series)
    if line is not None:
        return kalshi_game_line(reading, *line)
    playoff_series = series_contest(reading)
    if playoff_series is not None:
        return playoff_series
    champion_series = sports_lexicon.KALSHI_CHAMPION_SERIES.get(series)
    champion = champion_series or championship_league(reading.head)
    if champion is not None and reaches_a_stage(reading.title):
        # "Will Boston reach the 2027 NBA Finals?" is a stage short of the title.
        champion = None
    if champion is not None:
        # A YES side "Yes" names no team: "Will an SEC team win the College Football Playoff?" is
        # about a set of teams, read by the general reader.
        team = team_key(champion, market.subtitle) if market.subtitle and market.subtitle.strip().lower() not in ("yes", "no") \
            else None
        ticker = kalshi_ticker(market)
        if team is None and not market.subtitle and ticker is not None and ticker.outcome_code:
            # A title market without a YES side ("Will New York K win the 2027 Pro Basketball
            # Finals?") names its team by the ticker's outcome code.
            team = team_key(champion, ticker.outcome_code)
        # A market that only names a championship ("What will the Super Bowl LX announcers say?")
        # without a team is no title market: the general reader reads it.
        if team is not None or champion_series is not None:
            return season_title(reading, champion, team, polymarket=False)
    found_race = race(reading.head, market.subtitle)
    if found_race is not None:
        return kalshi_race(reading, found_race)
    compared = yes_no_comparison(market, market.title) or versus_comparison(market, market.title)
    if compared is not None:
        return as_comparison(read_general(reading, None), market, compared[:2], compared[2])
    implied = implied_race(reading)
    if implied is not None and not implied.loses:
        # "Okafor re-elected?": the race its rules name (a Kalshi YES is never read as a "No").
        return kalshi_race(reading, implied.race, implied.option)
    measure = _not_a_name(find_measure(reading.title, reading.label, reading.event) or reading.profile.opening_measure,
                          reading)
    if measure is None and series.startswith("KXHIGH"):
        measure = MEASURE_BY_KEY["high_temp"]
    if measure is not None and measure.timed and (_direction_in(reading.head) or _CLOSE_AGAINST.search(reading.head)):
        return _kalshi_direction(reading, measure)
    if measure is None:
        game = kalshi_matchup(reading) or kalshi_rounds_line(reading)
        if game is not None:
            return game
    return read_general(reading, measure)


_COMMODITY_PATTERNS = {f"index:{asset.key}": re.compile(asset.pattern) for asset in COMMODITIES}
# Words that keep a commodity's word the commodity inside a run of capitals ("Silver Futures").
_PRICE_WORDS = frozenset({"price", "prices", "futures", "spot", "ounce", "troy", "barrel", "close", "settlement", "comex",
                          "nymex"})


def _not_a_name(measure: Measure | None, reading: Reading) -> Measure | None:
    """A bank's rate written as a level in percent is no move of it (``rate_level``). No measure
    where a commodity's word is only part of a proper name: a question that names no commodity
    (nor its event's heading), whose rules write "Silver" only inside names of capitalised words
    ("the Silver Bulletin approval tracker", "Nate Silver"), is not about the silver price, and a price's time of
    day does not decide it. A question that names the commodity ("Spot gold above $4,500?") is."""
    if measure is not None and measure.key == RATE_CHANGE:
        hit = parse_range(reading.label, short=True) or parse_range(reading.title)
        measure = rate_level(measure, reading.head, hit.unit if hit is not None else "")
    pattern = _COMMODITY_PATTERNS.get(measure.key) if measure is not None else None
    rules = reading.market.rules
    if pattern is None or not rules or any(pattern.search(t) for t in (reading.title, reading.label or "", reading.event)):
        return measure
    mentions = len(pattern.findall(fold(rules)))
    if not mentions:
        return measure
    named = sum(len(pattern.findall(fold(run))) for run, _ in capitalised_runs(rules)
                if " " in run and _PRICE_WORDS.isdisjoint(fold(run).split()))
    return None if named == mentions else measure


def _kalshi_direction(reading: Reading, measure: Measure) -> Proposition:
    # The title asks whether the price goes up ("BTC price up in next 15 mins?"); the YES side's
    # title, when there is one, says so too ("Up").
    market = reading.market
    against = _CLOSE_AGAINST.search(reading.head)
    if against is not None and not reading.label:
        choice: str | None = DOWN if _DOWN.search(against.group(1)) else UP
    elif not reading.label or _UP.search(reading.label):
        choice = UP
    else:
        choice = DOWN if _DOWN.search(reading.label) else None
    if choice is None:
        return unread(reading, f"an up/down {measure.label} market whose YES side could not be read")
    against = None
    if _CLOSE_AGAINST.search(reading.head):
        if not _day_before(reading):
            return unread(reading, f"a {measure.label} close compared with a day that is not the trading day before")
        against = PREVIOUS_CLOSE
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.DIRECTION, topic=DIRECTION, category=market.category,
        text=reading.text, frame=_against(against), measure=measure,
        sources=sources_in(reading.head) | reading.profile.sources,
        window_end=market.close_time, close_eastern=reading.close_eastern, selection=choice,
        up_includes_tie=reading.profile.up_includes_tie if market.rules else None,
    )


def _against(reference: str | None) -> Frame:
    return Frame(axes={"against": reference} if reference else {})


def _day_before(reading: Reading) -> bool:
    """The close a Kalshi question compares with is the trading day before its own ("on Jan 4 ...
    than on Jan 3", or a Friday before a Monday): at most one weekday (a holiday) between them."""
    days = sorted({m.first for m in dates.date_mentions(reading.title, reading.reference) if m.kind == "day"})
    if len(days) != 2:
        return False
    earlier, later = days
    between = [earlier + timedelta(days=n) for n in range(1, (later - earlier).days)]
    return sum(1 for d in between if d.weekday() < 5) <= 1


# --- Polymarket --------------------------------------------------------------------------------


def read_polymarket(market: Market) -> Proposition:
    reading = read_texts(market)
    if party_outcomes(market):
        # "Kentucky Governor Election: Republican vs. Democrat" is a race whose outcomes are its
        # parties, not a game between two sides.
        found_race = race(f"{reading.title} {reading.event}")
        if found_race is not None:
            return polymarket_race(reading, found_race)
    prop = polymarket_prop(reading)
    if prop is not None:
        return prop
    playoff_series = series_contest(reading)
    if playoff_series is not None:
        return playoff_series
    # A race's head-to-head ("Driver Head-to-Head", "who finishes higher?") is a contest of its two
    # drivers, read with the games; other "A vs B: most X?" markets compare two sides.
    contest = head_to_head_heading(reading.head) or ahead_in_an_event(reading.title)
    versus = None if contest else versus_comparison(market, market.title)
    if versus is not None:
        return as_comparison(read_general(reading, None), market, versus[:2], None)
    game = polymarket_sports(reading)
    if game is not None:
        return _with_choice(game, reading)
    champion = championship_league(reading.head)
    if champion is not None and yes_no(market) is not None and not reaches_a_stage(reading.title):
        label = market.subtitle or ""
        question_subject = _WILL_SUBJECT.match(reading.title)
        subject = question_subject.group(1) if question_subject and not _A_SET.match(question_subject.group(1)) else ""
        team = team_key(champion, label) or team_key(champion, subject)
        if team is not None:
            return season_title(reading, champion, team, polymarket=True)
    found_race = race(f"{reading.title} {reading.event}")
    if found_race is not None and yes_no(market) is not None:
        raced = polymarket_race(reading, found_race)
        # "Okafor re-elected Springfield mayor?" names the office beside a candidate the race
        # reader cannot take for its option: the race its rules name, as when it names none.
        implied = implied_race(reading) if raced.unread else None
        return raced if implied is None else implied_polymarket_race(reading, implied)
    compared = yes_no_comparison(market, market.title)
    if compared is not None:
        return as_comparison(read_general(reading, None), market, compared[:2], compared[2])
    implied = implied_race(reading) if found_race is None and yes_no(market) is not None else None
    if implied is not None:
        # "Lula re-election in 2030?": a candidate's election, its office named by the rules.
        return implied_polymarket_race(reading, implied)
    # The market's own question and rules name its measure before its event's heading does.
    measure = _not_a_name(
        find_measure(reading.title, reading.label) or reading.profile.opening_measure or find_measure(reading.event), reading)
    if measure is not None and measure.timed and _direction_in(reading.head) and is_pair_of(market, UP, DOWN):
        return Proposition(
            venue=market.venue, market_id=market.market_id, kind=Kind.DIRECTION, topic=DIRECTION,
            category=market.category, text=reading.text, measure=measure,
            sources=sources_in(reading.head) | reading.profile.sources, window_end=market.close_time,
            close_eastern=reading.close_eastern, outcomes=direction_terms(market),
            up_includes_tie=reading.profile.up_includes_tie if market.rules else None,
            frame=_against(PREVIOUS_CLOSE if _PREVIOUS.search(fold(market.rules)) else None),
        )
    return read_general(reading, measure)


def _with_choice(game: Proposition, reading: Reading) -> Proposition:
    """A game of two named sides that neither a start time nor a day dates, with its reading as a
    choice between the two (both outcomes named options): a championship decided by one match
    between two players is asked on Kalshi as the contest's winner, with no opponent."""
    if game.topic != GAME or game.when.day is not None or game.starts_at is not None or len(game.outcomes) != 2:
        return game
    general = read_general(reading, None)
    if general.kind is not Kind.CHOICE or len(general.outcomes) != 2 \
            or not all(isinstance(t.selection, Name) and not t.negated for t in general.outcomes):
        return game
    return replace(game, choice=general)


# "Will the Celtics win the 2028 NBA Finals?", and the same question without its "Will" ("Celtics win
# the 2028 NBA Finals?"): the subject is the team only when the table knows it.
_WILL_SUBJECT = re.compile(r"^(?:will\s+)?(?:the\s+)?(.+?)\s+(?:win|wins|be|become|receive|secure|get)\b")
# "Will a team outside the SEC win ...?", "Will any non-SEC team win ...?": a subject that is any
# member of a set names no team.
_A_SET = re.compile(r"(?:a|an|any)\s")
