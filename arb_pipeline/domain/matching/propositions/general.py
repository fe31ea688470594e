"""The general reader: every market no topic reader claimed, read into a proposition the matcher
can compare: a threshold on a measure named by its words (the range from the Kalshi strike or
the Polymarket group title, question and ``resolve to "Yes" if`` clause), a named option among
several, or an event that happens by a date; with its date and rule, grid, place and frame.

Both venue readers (:mod:`.reader`) fall back on it, and fill the same :class:`Proposition`
fields from the same :class:`Reading`.

A little past 600 lines on purpose: each helper below fills one field of the proposition from the
same reading and takes what the others found (the range's hit sets the grid, the measure the date
rule and the place), so split by field the modules would import each other.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

from arb_pipeline.domain.kalshi_tickers import KalshiTickerParts
from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.charts import dated_by_rules
from arb_pipeline.domain.matching.propositions.frames import (
    FrameParts,
    canonical_phrases,
    alternative_terms,
    build_frame,
    canonical,
    condition,
    quoted_terms,
    statement_words,
)
from arb_pipeline.domain.matching.propositions.league_teams import league_named, team_in_full
from arb_pipeline.domain.matching.propositions.lexicon import weather
from arb_pipeline.domain.matching.propositions.lexicon.axes import read_axes
from arb_pipeline.domain.matching.propositions.lexicon.markets import sources_in
from arb_pipeline.domain.matching.propositions.lexicon.measures import (
    FED_UPPER_BOUND,
    RATE_CHANGE,
    any_change,
    coded_rate_change,
    rate_change_range,
    treasury_published,
)
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import COMPETITIONS
from arb_pipeline.domain.matching.propositions.model import (
    HAPPENS,
    NO_DATE,
    Bound,
    DateRule,
    Kind,
    Measure,
    Name,
    OutcomeTerm,
    Proposition,
    Selection,
    ValueRange,
    When,
)
from arb_pipeline.domain.matching.propositions.declarations import cued_aliases
from arb_pipeline.domain.matching.propositions.names import WORK_BY, name_key, name_kind
from arb_pipeline.domain.matching.propositions.numbers import (
    AT_LEAST_ONE_THING,
    COMPARED,
    RangeHit,
    parse_range,
    range_from_strike,
    stated_range,
    with_bounds,
)
from arb_pipeline.domain.matching.propositions.outcomes import OVER, UNDER, is_pair_of, yes_no, yes_no_terms
from arb_pipeline.domain.matching.propositions.reading import (
    RULES_READ,
    Reading,
    kalshi_ticker,
    market_clause,
    unread,
    yes_clause,
)
from arb_pipeline.domain.matching.propositions.sports import card_bout, slug_league
from arb_pipeline.domain.matching.propositions.text import (
    STOPWORDS,
    contains_any,
    fold,
    fold_short,
    same_word,
    similarity_text,
    written_to_par,
)
from arb_pipeline.domain.models import Market, Venue

_HOW_MANY = re.compile(r"\bhow many\b|\bnumber of\b|\bcount of\b")
# Kalshi series of a price's running maximum or minimum ("KXBTCMAXY": how high Bitcoin gets this
# year): the level pays if it is touched at any time, not read on the last day.
_EXTREME_SERIES = re.compile(r"(?:MAX|MIN)[A-Z]?$")
_CUSTOM_STRIKE_SKIP = frozenset({"window_start", "window_end", "start", "end", "date", "time"})


def read_general(reading: Reading, measure: Measure | None) -> Proposition:
    """Any market no topic reader claimed: its selection (a range, a named option, or the event
    itself), its date and rule, its frame."""
    market = reading.market
    kalshi = market.venue is Venue.KALSHI
    problems: list[str] = []
    hit: RangeHit | None = None
    selection: ValueRange | None
    option: Name | None = None
    written: Name | None = None  # the option as the market writes it, before a team is named in full
    # The league its titles name, else its rules ("the 2027 NHL Eastern Conference Finals").
    series_league = _series_league(market)
    league = league_named(reading.head + series_league) or reading.profile.league
    outcomes: tuple[OutcomeTerm, ...] = ()
    options: tuple[Name, ...] = ()
    if kalshi:
        selection, hit = _kalshi_range(reading, measure, problems)
    else:
        selection, hit = _polymarket_range(reading, measure, problems)
    selection = _measure_selection(measure, selection, reading)
    changes = measure is not None and measure.key == RATE_CHANGE and any_change(reading.head) \
        and rate_change_range(reading.head) is None
    if changes and kalshi:
        return unread(reading, "a decision market whose YES is any change, which no one Kalshi selection states")

    positions = None if kalshi else yes_no(market)
    if not kalshi and positions is None:
        if is_pair_of(market, OVER, UNDER):
            line = market.strike.floor if market.strike else (hit.value_range.low.value
                                                               if hit and hit.value_range.low else None)
            over = ValueRange(low=Bound(line, False)) if line is not None else _over_line(market)
            if over is None:
                return unread(reading, "an over/under market without a line")
            selection = over
            outcomes = tuple(OutcomeTerm(o.name, o.token_id, selection, negated=o.name.strip().lower() == UNDER)
                             for o in market.outcomes)
        elif len(market.outcomes) == 2 and all(o.token_id for o in market.outcomes):
            options = tuple(Name(name_key(o.name), o.name, name_kind(name_key(o.name))) for o in market.outcomes)
            if any(not o.key for o in options) or options[0].key == options[1].key:
                return unread(reading, "outcomes that name no option")
            outcomes = tuple(OutcomeTerm(o.name, o.token_id, option) for o, option in zip(market.outcomes, options, strict=True))
            selection = None
        else:
            names = "/".join(o.name for o in market.outcomes) or "none"
            return unread(reading, f"outcomes {names} are neither Yes/No nor two named options")

    decision = False
    if selection is not None:
        kind = Kind.THRESHOLD
    elif options:
        kind = Kind.CHOICE
    else:
        written = _kalshi_option(reading) if kalshi else _polymarket_option(reading)
        decision = measure is not None and measure.key == RATE_CHANGE and _decision_side(reading.label)
        if written is not None and decision:
            written = None
        option = team_in_full(written, league) if written is not None and league is not None else written
        if measure is not None and measure.unit and option is None:
            if COMPARED.search(reading.head) and not AT_LEAST_ONE_THING.search(reading.head):
                # "upper bound over three and a half percent": a threshold whose number is not read.
                return unread(reading, f"a {measure.label} market whose threshold could not be read")
            # A measure named without a threshold ("two negative GDP quarters in 2026") is an event
            # about it, read by its words.
            measure = None
        kind = Kind.CHOICE if option is not None else Kind.EVENT
    if not kalshi and not outcomes:
        chosen: Selection = selection if kind is Kind.THRESHOLD else option if kind is Kind.CHOICE else HAPPENS
        outcomes = yes_no_terms(market, chosen)
        if changes:
            outcomes = tuple(OutcomeTerm(t.name, t.token_id, t.selection, not t.negated) for t in outcomes)

    timed = measure is not None and measure.timed
    when = _when(reading, measure, timed, problems)
    grid, grid_stated = _grid(reading, measure, hit)
    unit = measure.unit if measure else (hit.unit if hit else "")
    place, station = _weather_place(reading, measure)
    blanks = tuple(b for b in (_fold_name(option), _fold_name(written), *(_fold_name(o) for o in options)) if b)
    label_is_selection = bool(reading.label) and (
        hit is not None or option is not None or parse_range(reading.label, short=True) is not None)
    if measure is not None and market.event_title and reading.own_head == reading.head:
        # A ladder of thresholds on one measure shares its event's statement; reading it once
        # per event, not once per rung, keeps a 20,000-market catalog fast.
        texts, raw = (reading.event,), (reading.raw_event,)
    elif len(statement_words(reading.title, reading.reference, blanks)) >= 2 or not market.event_title:
        # A question that states the proposition is read alone: an event's title is a heading for
        # its markets ("Oscars 2026: acting and directing"), and its words are not the question's.
        texts, raw = (reading.title,), (reading.raw_title,)
    else:
        texts = (reading.title, reading.event)
        raw = (reading.raw_title, reading.raw_event)
    if not label_is_selection and market.subtitle:
        # A decision side ("Cut", "Hike") is the statement's verb, no name of it.
        texts, raw = (*texts, reading.label), (*raw, market.subtitle.lower() if decision else market.subtitle)
    axes = {}
    if kalshi and kind is Kind.THRESHOLD and measure is not None and measure.timed and _EXTREME_SERIES.search(market.series_id or ""):
        axes["path"] = "touch"
    parts = FrameParts(texts, raw, reading.evidence, tuple(o for o in (option, *options) if o is not None), blanks,
                       league)
    axes = {**read_axes(reading.own_head, reading.profile.axes, kind), **axes}
    count = kind is Kind.THRESHOLD and grid == 1 and hit is not None and not hit.unit \
        and bool(hit.count_noun or _HOW_MANY.search(reading.head))
    if count or (when.rule is DateRule.ON and axes.get("path") == "always") or (measure is not None and measure.placed):
        # A count over a window only grows, so reaching a number and ending at it are one; a value
        # that "stays at or below 40°F on February 11" is that day's reading, and a daily high
        # "reaching" a temperature is the high.
        axes.pop("path", None)
    counted = _counted(reading) if count else None
    if counted:
        axes["counts"] = counted
    frame = build_frame(parts, reading.reference, kind, reading.own_head + series_league,
                        market.rules[:RULES_READ], axes)
    # A bout the title names by its place on the card is also named by its fighters, as the rules
    # name them: the other venue's question names it so (docs/matching.md, games of unlisted sports).
    bout = card_bout(reading.title, market.rules)
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=kind, category=market.category,
        text=similarity_text(reading.text, bout) if bout else reading.text,
        frame=frame, measure=measure, when=when, place=place, station=station,
        sources=sources_in(reading.head) | reading.profile.sources, publisher=reading.profile.publisher,
        initials=reading.initials if kind in (Kind.THRESHOLD, Kind.EVENT) else frozenset(), opens_at=market.open_time,
        close_eastern=reading.close_eastern, unit=unit, grid=grid, grid_stated=grid_stated,
        selection=(selection if kind is Kind.THRESHOLD else option if kind is Kind.CHOICE else HAPPENS) if kalshi else None,
        outcomes=outcomes, problems=tuple(problems), quoted=quoted_terms(reading.raw_title),
        alternatives=alternative_terms(market.rules[:RULES_READ], market.subtitle if kalshi else None),
    )


def _series_league(market: Market) -> str:
    """The competition a market is placed in without its titles naming it, as words its market
    says: a Kalshi series named for it ("KXNBAMVP": the NBA's MVP), a Polymarket slug that opens
    with it ("nba-..."), or the one competition its rules name ("traded by an NBA team"). The other
    venue's "NBA MVP" then names nothing more."""
    if market.venue is Venue.KALSHI:
        series = market.series_id or ""
        found = next((code for code, prefix in _COMPETITION_SERIES if series.startswith(prefix)), None)
    else:
        league = slug_league(market)
        found = league.lower() if league is not None and league.lower() in COMPETITIONS else None
    return f" {found}" if found else _rules_competition(market.rules[:RULES_READ])


# Each competition with the prefix of its Kalshi series, written once rather than per market.
_COMPETITION_SERIES = tuple((code, f"KX{code.upper()}") for code in COMPETITIONS)
_COMPETITION_WORD = re.compile(r"\b(" + "|".join(sorted(COMPETITIONS)) + r")\b")


def _rules_competition(rules: str) -> str:
    """The one competition a market's rules name by its initials, as a word; none when they name
    two ("an NBA or WNBA player"): which one the market is placed in is not said."""
    if not contains_any(rules, _COMPETITION_CODES):
        return ""
    found = {match.group(1) for match in _COMPETITION_WORD.finditer(rules.lower())}
    return f" {found.pop()}" if len(found) == 1 else ""


# Competitions' initials as rules write them, tested before any regex.
_COMPETITION_CODES = tuple(code.upper() for code in COMPETITIONS)


def _fold_name(name: Name | None) -> str:
    return fold_short(name.label) if name is not None else ""


def _kalshi_range(reading: Reading, measure: Measure | None, problems: list[str]) -> tuple[ValueRange | None, RangeHit | None]:
    market = reading.market
    strike = range_from_strike(market.strike)
    label_hit = parse_range(reading.label, short=True)
    # A rung of a known measure's ladder is settled by its strike; its title only repeats it.
    title_hit = None if strike is not None and measure is not None and label_hit is not None else parse_range(reading.title)
    hit = _first_stated(label_hit, title_hit)
    if strike is not None and hit is not None and not hit.bare:
        strike = _scaled_strike(strike, hit.value_range)
    selection = strike or (with_bounds(hit.value_range, reading.profile.bounds) if hit else None)
    grid = reading.grid_hint or (measure.grid if measure else None)
    if strike is not None and hit is not None and not hit.bare and grid is not None and measure is not None:
        if strike.grid_units(grid) != hit.value_range.grid_units(grid):
            problems.append(f"strike says {strike.describe(measure.unit)} but the title says "
                            f"{hit.value_range.describe(measure.unit)}")
    return selection, hit


def _first_stated(*hits: RangeHit | None) -> RangeHit | None:
    """The first phrase with a comparator; a bare number ("100,000" as a group title of a ladder
    whose question says "above") only when no text states one. A count noun another text gives
    the same number ("Above 400,000" and "more than 400,000 vehicles") is kept."""
    found = [h for h in hits if h is not None]
    first = next((h for h in found if not h.bare), found[0] if found else None)
    if first is not None and first.count_noun is None:
        noun = next((h.count_noun for h in found if h.count_noun and h.value_range.numbers() == first.value_range.numbers()), None)
        if noun is not None:
            first = replace(first, count_noun=noun)
    return first


def _scaled_strike(strike: ValueRange, stated: ValueRange) -> ValueRange:
    """Kalshi writes some strikes in the unit of the title ("Above $65 billion" with a floor of
    65): the title's number in full counts."""
    strike_numbers, stated_numbers = strike.numbers(), stated.numbers()
    if len(strike_numbers) != len(stated_numbers) or not strike_numbers:
        return strike
    ratios = {b / a for a, b in zip(strike_numbers, stated_numbers, strict=True) if a}
    if len(ratios) == 1:
        ratio = ratios.pop()
        if ratio in (Decimal(1000), Decimal(1_000_000), Decimal(1_000_000_000), Decimal(1_000_000_000_000)):
            return ValueRange(Bound(strike.low.value * ratio, strike.low.inclusive) if strike.low else None,
                              Bound(strike.high.value * ratio, strike.high.inclusive) if strike.high else None)
    return strike


_WINS = re.compile(r"^will .+ \bwin\b(?! (?:by|more|at least|over|under)\b)")


def _polymarket_range(reading: Reading, measure: Measure | None, problems: list[str]) -> tuple[ValueRange | None, RangeHit | None]:
    grid = reading.grid_hint or (measure.grid if measure else None)
    unit = measure.unit if measure else ""
    label_hit = parse_range(reading.label, short=True) if reading.label else None
    title_hit = parse_range(reading.title) if label_hit is None or label_hit.bare or measure is None else None
    first = _first_stated(label_hit, title_hit)
    clause = yes_clause(market_clause(reading.market))
    rules_hit = parse_range(clause) if clause else None
    stated = [h for h in (label_hit, title_hit) if h is not None and not h.bare]
    if grid is not None and len(stated) == 2 and stated[0].value_range.grid_units(grid) != stated[1].value_range.grid_units(grid):
        problems.append(f"group title says {stated[0].value_range.describe(unit)} but the question says "
                        f"{stated[1].value_range.describe(unit)}")
    if rules_hit is not None and first is None and measure is None and _WINS.search(reading.title):
        # "Will Europe win the Ryder Cup?" whose rules say how a side wins ("by scoring more than
        # 14 points"): the number decides the winner, the market is still about who wins.
        rules_hit = None
    if rules_hit is not None and first is None and measure is None and _any_amount(rules_hit.value_range):
        # "Will it rain in Seattle?" whose rules count any amount ("more than 0 inches") asks
        # whether it happens: an event, as the other venue's same question reads.
        rules_hit = None
    if rules_hit is not None and not rules_hit.bare:
        # The sentence of the rules that says when YES pays settles the market; a title that
        # words the same number loosely ("reach $6,000" for "above $6,000") does not change it.
        if first is not None and not first.bare and grid is not None and \
                first.value_range.numbers() != rules_hit.value_range.numbers() and \
                first.value_range.grid_units(grid) != rules_hit.value_range.grid_units(grid):
            problems.append(f"question says {first.value_range.describe(unit)} but the rules say "
                            f"{rules_hit.value_range.describe(unit)}")
        return with_bounds(stated_range(clause, rules_hit), reading.profile.bounds), first or rules_hit
    return (with_bounds(first.value_range, reading.profile.bounds) if first else None), first


# The sentence of a description that says when Over pays: "Over pays if ...", "resolve to "Over"
# if ...", "If ..., this market resolves to Over".
_OVER_PAYS = re.compile(r'\bover"?\s+(?:pays|wins)\b|\bresolves?(?: to)? "?over\b')


def _over_line(market: Market) -> ValueRange | None:
    """The line of an Over/Under market that only its description states ("Over pays if Tesla
    reports more than 450,000 deliveries"): what the Over side is paid on, a value above a number;
    None when the description states no such clause or the clause is not a value above a line."""
    if "over" not in market.rules.lower():
        return None
    sentence = next((s for s in fold(market.rules).split(". ") if _OVER_PAYS.search(s)), None)
    hit = parse_range(sentence) if sentence is not None else None
    if hit is None or hit.bare or hit.value_range.low is None or hit.value_range.high is not None:
        return None
    return hit.value_range


def _any_amount(selection: ValueRange) -> bool:
    """More than nothing: "more than 0", "above 0"."""
    return selection.high is None and selection.low is not None and selection.low.value == 0 and not selection.low.inclusive


def _measure_selection(measure: Measure | None, selection: ValueRange | None, reading: Reading) -> ValueRange | None:
    """What a central-bank market pays on, on the bank's own terms: a decision in basis points
    ("cut by 25 bps" is -25, "no change" is 0), and a target-range bucket as its upper bound."""
    if measure is None:
        return selection
    head = reading.head
    if measure.key == RATE_CHANGE:
        change = rate_change_range(head) or rate_change_range(fold(condition(reading.market.rules)))
        if change is None and not reading.label and (ticker := kalshi_ticker(reading.market)) is not None:
            # A Kalshi market served without its YES side's title: its outcome code says the move.
            change = coded_rate_change(ticker.outcome_code)
        if change is not None:
            low, low_inclusive, high, high_inclusive = change
            return ValueRange(Bound(low, low_inclusive) if low is not None else None,
                              Bound(high, high_inclusive) if high is not None else None)
        if any_change(head):
            # YES on any move: the selection is the hold, paid by the other outcome.
            return ValueRange(Bound(Decimal(0), True), Bound(Decimal(0), True))
        return selection
    if measure.key == FED_UPPER_BOUND and selection is not None and selection.is_bucket and "range" in head:
        # "Target range 4.25% to 4.50%" is one setting of the range, whose upper bound is 4.50%,
        # not every rate between the two numbers.
        assert selection.low is not None and selection.high is not None
        if selection.high.value - selection.low.value == Decimal("0.25"):
            return ValueRange(Bound(selection.high.value, True), Bound(selection.high.value, True))
    return selection


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
        # with the market's declarations (names.declared_aliases).
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


def _decision_side(label: str) -> bool:
    """A YES side that is only what a central bank does ("Cut", "Hike", "Increase", "No change"
    under "ECB decision on Apr 15?") is the statement, no option: it is compared as the words of
    "ECB cuts rates in April?", not as a name the other market never writes."""
    said = statement_words(label, None)
    return bool(said) and said <= _DECISIONS


def _starts_question(title: str) -> bool:
    """A "who/which" question names its options elsewhere: its labels are options even when the
    question repeats them."""
    return title.startswith(("who ", "which ", "what "))


def _kalshi_option(reading: Reading) -> Name | None:
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


def _polymarket_option(reading: Reading) -> Name | None:
    # A group title is the option of its market within the event: the question names it by
    # construction ("Will Hamnet win Best Picture?" in the group "Hamnet").
    market = reading.market
    if reading.label and reading.label not in (reading.title, reading.event):
        return _option_label(reading.label, market.subtitle, reading.title, reading.reference, restates=False)
    return None


def _before_the_window_end(deadline: When, window: When, title: str) -> bool:
    """A title "before Apr 1, 2027" whose rules count "between December 1, 2026 and April 1,
    2027": the rules' last day is the one the title pays before, so the window ends the day
    before it, the title's deadline."""
    return window.end is not None and deadline.day is not None and window.end == deadline.day + timedelta(days=1) \
        and f"before {deadline.label}" in title


def _when(reading: Reading, measure: Measure | None, timed: bool, problems: list[str]) -> When:
    """The date of the statement: the titles first, then (Kalshi) the ticker's event date, then
    the rules."""
    market = reading.market
    when = NO_DATE
    if measure is not None and reading.event and market.venue is Venue.KALSHI:
        # The rungs of a Kalshi ladder share their event's date (its ticker says so too): read it
        # once per event.
        when, _ = dates.read_when((reading.event,), reading.reference, want_time=timed)
    if not when.stated:
        when, _ = dates.read_when((reading.title, reading.label, reading.event), reading.reference, want_time=timed)
    ticker = kalshi_ticker(market)
    if not when.stated and ticker is not None and ticker.event_date is not None and measure is None:
        # The ticker dates the event ("-27JUN30") and the rules say how ("before Jul 1, 2027"):
        # a deadline on the ticker's day is that deadline, not a reading on that day.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.BY and from_rules.day == ticker.event_date:
            when = replace(from_rules, from_rules=True)
    if measure is None and when.rule is DateRule.DURING and _whole_year(when):
        # "Tim Cook out as Apple CEO in 2027?" whose rules count anything "by December 31, 2027"
        # (or "between market creation and" that day) from a listing before 2027: the rules say
        # it is a deadline. Rules that count only the year ("at any point in 2027") keep the window.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.BY and from_rules.day == when.end:
            when = from_rules
    elif measure is None and (ruled := dates.before_the_day(when, reading.rules, reading.reference)) is not None:
        when = ruled
    elif when.rule is DateRule.BY and when.day is not None and ("between" in reading.rules or "from" in reading.rules):
        # "Will Litecoin reach $500 by December 31, 2029?" whose rules count only "any time
        # between January 1 and December 31, 2029" (or "from January 1 through March 31"): the
        # rules' window is what pays, the question's deadline only its end.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.DURING and from_rules.start is not None \
                and (from_rules.end == when.day or _before_the_window_end(when, from_rules, reading.title)):
            # Both ends are stated, so the window is compared as written, not as a date that may be
            # only when the figure is reported; the title's "before" says which end the rules mean.
            when = replace(from_rules, end=when.day)
    elif when.rule is DateRule.DURING and when.start is not None and when.end is not None \
            and (when.end - when.start).days == 6 and "dated" in reading.rules:
        # "#1 on the Hot 100 for the week of January 16" whose rules name "the chart dated
        # January 16": a chart is known by its date, one day.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.ON and from_rules.day == when.start \
                and f"dated {from_rules.label}" in reading.rules:
            when = from_rules
    if when.rule is DateRule.ON and when.day is not None and measure is None and "dated" in market.rules \
            and "chart" in reading.rules:
        # "#1 on the chart released January 12" whose rules name "the chart dated January 16":
        # the chart is known by its date, as the other venue's "week of January 16" names it.
        dated = dated_by_rules(reading.rules, when.day, reading.reference)
        if dated is not None:
            when = When(DateRule.ON, day=dated, label=f"the chart dated {dated}")
    if when.rule is DateRule.ON and when.day is not None and (when.day.month, when.day.day) == (12, 31):
        when = dates.last_session_dated(when, reading.rules)
    if ticker is not None and ticker.event_year is not None and ticker.event_month is not None:
        when = _with_ticker(when, ticker, measure, problems)
    if not when.stated or (timed and when.time_of_day is None):
        from_rules, _ = dates.read_when((reading.rules,), reading.reference, want_time=timed)
        if not when.stated:
            when = replace(from_rules, from_rules=True)
        elif from_rules.time_of_day is not None:
            when = When(when.rule, when.day, when.start, when.end, from_rules.time_of_day, when.label)
    return when


def _whole_year(when: When) -> bool:
    return when.start is not None and when.end is not None and (when.start.month, when.start.day) == (1, 1) \
        and (when.end.month, when.end.day) == (12, 31) and when.start.year == when.end.year


def _with_ticker(when: When, ticker: KalshiTickerParts, measure: Measure | None, problems: list[str]) -> When:
    """The Kalshi event code dates the observation in Eastern time; a title that names another day
    is a contradiction worth a human look."""
    year, month = ticker.event_year, ticker.event_month
    assert year is not None and month is not None
    if ticker.event_date is not None:
        day = ticker.event_date
        if not when.stated:
            when = When(DateRule.ON, day=day, label=f"{day}")
        elif when.rule is DateRule.ON and when.day != day and measure is not None and measure.anchor == "day":
            problems.append(f"ticker dates {day} but the title names {when.day}")
    elif not when.stated:
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        when = When(DateRule.DURING, start=first, end=last, label=first.strftime("%B %Y"))
    if when.time_of_day is None and ticker.event_hour is not None and measure is not None and measure.timed:
        when = When(when.rule, when.day, when.start, when.end, time(ticker.event_hour, 0), when.label)
    return when


def _grid(reading: Reading, measure: Measure | None, hit: RangeHit | None) -> tuple[Decimal | None, bool]:
    if reading.grid_hint is not None:
        return reading.grid_hint, True
    if measure is not None and measure.grid is not None:
        return measure.grid, False
    # A count is published in whole units: "how many named storms", "more than 400,000 vehicles",
    # and a line half a unit off it ("over 94.5 wins") is a count too.
    if hit is not None and not hit.unit and (hit.count_noun or _HOW_MANY.search(reading.head)):
        if all(v == v.to_integral_value() or (hit.count_noun and 2 * v == (2 * v).to_integral_value())
               for v in hit.value_range.numbers()):
            return Decimal(1), True
    if hit is not None and not hit.unit and _whole_rating(reading) and \
            all(v == v.to_integral_value() for v in hit.value_range.numbers()):
        return Decimal(1), True
    if hit is not None and not hit.unit and (written_to_par(reading.head) or written_to_par(reading.rules[:RULES_READ])) \
            and all(2 * v == (2 * v).to_integral_value() for v in hit.value_range.numbers()):
        # A golf score to par is whole strokes: "under -14.5" is "-15 or better".
        return Decimal(1), True
    if hit is not None and hit.unit == "%" and treasury_published(reading.rules):
        # The Treasury publishes its par yields (the constant maturity rates) to two decimals:
        # "above 4.49%" is "4.50% or higher". A threshold written finer ("4.495%") says the value
        # is read with more decimals than that, on the grid its own figures show.
        places = max((-v.as_tuple().exponent for v in hit.value_range.numbers()), default=0)
        return (Decimal("0.01"), False) if places <= 2 else (Decimal(1).scaleb(-places), True)
    return None, False


# A chess player's rating is published in whole points ("FIDE rating above 2,790" is 2,791 or higher).
_WHOLE_RATING = re.compile(r"\b(?:fide|elo|uscf)\b(?:\s+[a-z]+){0,2}\s+ratings?\b")


def _whole_rating(reading: Reading) -> bool:
    return any("rating" in text and _WHOLE_RATING.search(text) is not None
               for text in (reading.head, reading.rules[:RULES_READ]))


_NUMBER_OF = re.compile(r"\bnumber of ([a-z0-9\- ]{3,60}?)(?:\s*\(|\s+(?:in|at|during|made|by|that|which|from|to|for|on)\b|[,.]|$)")


def _counted(reading: Reading) -> str | None:
    """What a count counts, when the rules say ("the number of FOMC meetings at which ...", "the
    number of 25 basis point cuts"): two counts of different things differ even where their
    titles agree."""
    match = _NUMBER_OF.search(fold(condition(reading.market.rules))) or _NUMBER_OF.search(reading.rules[:600])
    if match is None:
        return None
    found = [w for w in match.group(1).split() if w.isalpha() and w not in STOPWORDS]
    return canonical(found[-1]) if found else None


def _weather_place(reading: Reading, measure: Measure | None) -> tuple[str | None, str | None]:
    if measure is None or not measure.placed:
        return None, None
    market = reading.market
    station = reading.profile.station or weather.station_in("", reading.head) or weather.airport_in(reading.raw_title)
    city = weather.city_in(reading.head)
    series = market.series_id or ""
    if city is None and series.startswith("KXHIGH"):
        city = weather.KALSHI_WEATHER_SERIES_CITY.get(series.removeprefix("KXHIGH"))
    if city is None and station is not None:
        city = weather.STATION_BY_CODE[station].city
    return city, station
