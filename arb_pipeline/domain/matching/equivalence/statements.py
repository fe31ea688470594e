"""The words of two statements compared: the terms each quotes, the words of the statement in one
spelling each (contrasts, antonyms, numbers, words only one side says), and which Polymarket
outcome pays when the Kalshi option or event is true (:func:`map_statement`). Whether a word is
said anywhere in the other market's texts is tested by :mod:`.names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.equivalence.banks import drop_bank_words
from arb_pipeline.domain.matching.equivalence.editions import drop_edition, edition_of_year
from arb_pipeline.domain.matching.equivalence.names import (
    _back_references,
    _bracketed,
    _option_names,
    _said_in,
    _unshared,
    spelled_out,
)
from arb_pipeline.domain.matching.equivalence.offices import read_office_held
from arb_pipeline.domain.matching.equivalence.wordings import (
    audience_drawn,
    defined_by_rules,
    given_names,
    drop_chart_day_words,
    drop_completed_deal,
    drop_court_of_conviction,
    drop_election_won,
    drop_earnings_beat,
    drop_first_occurrence,
    drop_launched_rocket,
    drop_less_suffix,
    drop_method_heading,
    drop_quarterly,
    drop_season_of_the_rules_year,
    drop_station_city,
    drop_top_finish,
    rejected_is_not_approved,
    written_as_words,
)
from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ANNOUNCING,
    ANTONYMS,
    CONTRAST_OF,
    IMPLIED_WORDS,
    LASTING_STATES,
    LEVEL_MOTION,
    NEGATING,
    POLARITY_CUES,
)
from arb_pipeline.domain.matching.propositions.league_teams import league_of_team
from arb_pipeline.domain.matching.propositions.lexicon.sports import TEAM_TABLES
from arb_pipeline.domain.matching.propositions.model import DateRule, Happens, Kind, Name, OutcomeTerm, Proposition
from arb_pipeline.domain.matching.propositions.names import (
    mentioned,
    name_key,
    same_country_word,
    same_name,
    work_and_author,
)
from arb_pipeline.domain.matching.propositions.sports import club_by_place
from arb_pipeline.domain.matching.propositions.terms import settlement
from arb_pipeline.domain.matching.propositions.text import fold_short, same_word, stem


# Stages of a competition short of winning it (vocabulary CONTRAST_OF's group of "win").
_STAGES_SHORT_OF_WINNING = CONTRAST_OF["win"] - {"win", "top", "qualify", "pole"}


def _name_words(names: Iterable[Name]) -> frozenset[str]:
    return frozenset(canonical(word) for name in names for word in name.words if len(word) > 1)


def _without_implied_win(own: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    if "win" in own and not (CONTRAST_OF["win"] - {"win"}) & other:
        return own - {"win"}
    return own


def _quoted_or_option(p: Proposition, other: Proposition) -> frozenset[str]:
    if p.quoted:
        return p.quoted
    option = p.selection if isinstance(p.selection, Name) else None
    if option is None:
        return frozenset()
    work = work_and_author(option.label, p.frame.context)
    if work is not None and mentioned(Name(name_key(work[1]), work[1]), other.frame.context):
        # "Neon Lullaby - Mara Quill" against a quoted "Neon Lullaby" whose market names Mara
        # Quill elsewhere: the work is the term, its author said on both.
        return frozenset({fold_short(work[0])})
    return frozenset({fold_short(option.label)})


def _terms(p: Proposition, other: Proposition) -> frozenset[str]:
    """Every term a market pays on: those its rules (or its option, "A / B") list, with the terms its
    title quotes; else the term its title quotes or its option names."""
    return p.alternatives | p.quoted if p.alternatives else _quoted_or_option(p, other)


def _shared_term_words(kalshi: Proposition, polymarket: Proposition) -> frozenset[str]:
    """The words of the terms both markets pay on: the selection of a "will X say ...?" market, no
    words of its statement, whichever of its forms a title happens to write."""
    if not (kalshi.quoted or polymarket.quoted):
        return frozenset()
    k_terms, p_terms = _terms(kalshi, polymarket), _terms(polymarket, kalshi)
    if not k_terms or not p_terms or not all(any(_same_term(a, b) for b in p_terms) for a in k_terms) \
            or not all(any(_same_term(a, b) for a in k_terms) for b in p_terms):
        return frozenset()
    return frozenset(canonical(word) for term in k_terms | p_terms for word in term.split())


def compare_quoted(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """A term one market quotes is said word for word: another quoted term (or option) on the other
    side is another market ("say 'tariff'" against "say 'crypto'")."""
    if not (kalshi.quoted or polymarket.quoted):
        return
    k_terms, p_terms = _terms(kalshi, polymarket), _terms(polymarket, kalshi)
    if not k_terms or not p_terms:
        return
    if not any(_same_term(a, b) for a in k_terms for b in p_terms):
        audit.reject(f"different quoted terms: Kalshi '{', '.join(sorted(k_terms))}' vs Polymarket '{', '.join(sorted(p_terms))}'")
        return
    # Each market pays on every term it accepts: one that only one side accepts ("AI" besides
    # "Artificial Intelligence") pays there alone.
    k_more = sorted(a for a in k_terms if not any(_same_term(a, b) for b in p_terms))
    p_more = sorted(b for b in p_terms if not any(_same_term(a, b) for a in k_terms))
    if k_more or p_more:
        who, more = ("Kalshi", k_more) if k_more else ("Polymarket", p_more)
        audit.unverified("quoted terms", f"only {who} also pays on '{', '.join(more)}'")
    else:
        audit.verified(f"both pay on '{', '.join(sorted(k_terms))}'" if len(k_terms) > 1 else
                       f"both quote '{sorted(k_terms & p_terms or k_terms)[0]}'")


def _same_term(a: str, b: str) -> bool:
    """One term word for word, up to plural and verb endings ("tariffs"), never by a shared
    start ("crypto" is not "cryptocurrency")."""
    a_words, b_words = a.split(), b.split()
    return a == b or (len(a_words) == len(b_words) and all(stem(x) == stem(y) for x, y in zip(a_words, b_words)))


_RISE = frozenset({"up"})
_EXTREMES = frozenset({"high", "low"})
_DAY_CLOSE = frozenset({"close", "stock", "share"})
_SESSION_POINTS = frozenset({"open", "high", "low", "intraday", "average", "ath"})
_MEETING = frozenset({"meet"})
_WEEKEND = frozenset({"weekend"})
_DURATION = frozenset({"long", "longer", "short", "shorter", "last", "length", "duration"})
_TIME_UNIT = re.compile(r"\d\s*(second|minute|hour)s?\b")


def _time_units(text: str) -> frozenset[str]:
    """The units of time a market's numbers are written in ("75 minutes")."""
    return frozenset(_TIME_UNIT.findall(text)) if ("minute" in text or "hour" in text or "second" in text) else frozenset()


_SHARE_WORDS = frozenset({"stock", "share"})


_BOX_OFFICE = frozenset({"boxoffice"})


def _cost_as_price(words: frozenset[str]) -> frozenset[str]:
    return words - {"cost"} | {"price"} if "cost" in words else words


def _chosen_by_both(kalshi: Proposition, polymarket: Proposition) -> frozenset[str]:
    """The words of the option Kalshi's YES names when a Polymarket outcome names it too."""
    option = kalshi.selection
    if not isinstance(option, Name) or not option.words:
        return frozenset()
    if not any(isinstance(t.selection, Name) and t.selection.key == option.key for t in polymarket.outcomes):
        return frozenset()
    return frozenset(canonical(word) for word in option.words)


def compare_words(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """The words of the two statements, in one spelling each. Words of one contrast group, or two
    different numbers, on the two sides prove a difference; a pair of antonyms makes the
    statements complements; words on both sides that the other statement lacks leave them
    unsettled, and so does a word one side states that the other never uses, in its titles or the
    sentence of its rules that says when YES pays."""
    # Names are words of the statement too: a headline In Title Case hides which are names, and
    # "Best Motion Picture" is both.
    k_names, p_names = _option_names(kalshi), _option_names(polymarket)
    k_context, p_context = kalshi.frame.context, polymarket.frame.context
    k_unshared, p_unshared = _unshared(k_names, p_names, p_context, k_context), _unshared(p_names, k_names, k_context, p_context)
    k_words = (kalshi.frame.words | _name_words(k_unshared)) - IMPLIED_WORDS
    p_words = (polymarket.frame.words | _name_words(p_unshared)) - IMPLIED_WORDS
    k_words -= _back_references(kalshi.frame.words, k_names, p_names, p_context)
    p_words -= _back_references(polymarket.frame.words, p_names, k_names, k_context)
    k_words, p_words = k_words - given_names(k_unshared, p_words, p_context), p_words - given_names(p_unshared, k_words, k_context)
    k_words, p_words = written_as_words(k_words, p_words, k_unshared, p_context)
    p_words, k_words = written_as_words(p_words, k_words, p_unshared, k_context)
    if Kind.CHOICE in (kalshi.kind, polymarket.kind):
        # An option "wins" whether or not a question says so; another outcome of the competition
        # ("reach the final") still contradicts it.
        k_words, p_words = _without_implied_win(k_words, p_words), _without_implied_win(p_words, k_words)
    chosen = _chosen_by_both(kalshi, polymarket)
    if chosen:
        # "If NVIDIA is the largest company ..." under "Largest company end of 2027?" with the
        # option NVIDIA: the option both pick is compared as the option, no word of the statement.
        k_words, p_words = k_words - chosen, p_words - chosen
    if kalshi.kind is Kind.THRESHOLD and polymarket.kind is Kind.THRESHOLD:
        # "Trade below", "fall below", "dip to": the threshold's comparison says where the value
        # goes; the verb that moves it there adds nothing. A company's "stock" or "shares" at a
        # price are the company's price.
        k_words, p_words = audience_drawn(k_words - LEVEL_MOTION), audience_drawn(p_words - LEVEL_MOTION)
        if kalshi.frame.axes.get("change") is not None \
                and kalshi.frame.axes.get("change") == polymarket.frame.axes.get("change"):
            # A change both read over one period ("month over month"): "prices up more than 0.2%"
            # is the change above 0.2%, as the threshold says. (A level, "yield up 0.2%" against
            # "yield above 0.2%", names no such period and keeps its "up".)
            k_words, p_words = k_words - _RISE, p_words - _RISE
        if kalshi.unit == "$" or polymarket.unit == "$":
            k_words, p_words = k_words - _SHARE_WORDS, p_words - _SHARE_WORDS
            # What a thing "costs" in dollars is its price ("cost more than $14.99/month" against
            # "price above $14.99"); what is priced stays the names' and the other words' to say.
            k_words, p_words = _cost_as_price(k_words), _cost_as_price(p_words)
            if "open" in k_words and "open" in p_words:
                # What a film opens to in dollars is its opening weekend's box office: "opening
                # weekend box office above $80M" against "open to more than $80M domestically".
                k_words, p_words = k_words - _BOX_OFFICE, p_words - _BOX_OFFICE
    if kalshi.kind is Kind.THRESHOLD and polymarket.kind is Kind.THRESHOLD \
            and kalshi.when.rule is polymarket.when.rule is DateRule.ON \
            and not (_SESSION_POINTS & (k_words | p_words)) and "path" not in kalshi.frame.axes \
            and "path" not in polymarket.frame.axes:
        # A traded value read on a day is its close, the day's published figure: "closes above
        # 4.5%" against "the yield for that day above 4.5%", "stock price" against "close". Another
        # point of the session ("open", "high", "intraday") still differs.
        k_words, p_words = k_words - _DAY_CLOSE, p_words - _DAY_CLOSE
    if kalshi.when.rule is polymarket.when.rule is DateRule.AT:
        # A value read at a meeting ("the deposit rate after the April meeting", "after the Apr
        # decision"), or what happens there ("a dissent at the January Fed meeting" / "at the Jan
        # FOMC"): the meeting is the date both compare, no word of the statement.
        k_words, p_words = k_words - _MEETING, p_words - _MEETING
    if kalshi.kind is Kind.THRESHOLD and polymarket.kind is Kind.THRESHOLD:
        k_time, p_time = _time_units(kalshi.text), _time_units(polymarket.text)
        if k_time and p_time and k_time != p_time:
            audit.reject(f"different unit: Kalshi {'/'.join(sorted(k_time))} vs Polymarket {'/'.join(sorted(p_time))}")
            return
        if k_time and k_time == p_time:
            # "How long will the speech be? More than 75 minutes" / "75 minutes or shorter": both
            # measure how long it lasts, in the same unit; "long", "last", "length" name that measure.
            k_words, p_words = k_words - _DURATION, p_words - _DURATION
    if kalshi.when.rule is polymarket.when.rule is DateRule.DURING and kalshi.when.start == polymarket.when.start \
            and kalshi.when.end == polymarket.when.end:
        # "The weekend of Feb 5-7" against "Feb 5-7": the days both state are the weekend.
        k_words, p_words = k_words - _WEEKEND, p_words - _WEEKEND
    if kalshi.frame.axes.get("path") == polymarket.frame.axes.get("path") == "touch":
        # Both pay when the value reaches the threshold at any time: that is the high (or the low)
        # of the period, whether or not a market names it; the thresholds say which.
        k_words, p_words = k_words - _EXTREMES, p_words - _EXTREMES
    # The verb of a negated statement ("avoid a shutdown", "fail to pass") is read as its "not".
    k_words = k_words - _NEGATION_WORDS if kalshi.frame.negated else k_words
    p_words = p_words - _NEGATION_WORDS if polymarket.frame.negated else p_words
    terms = _shared_term_words(kalshi, polymarket)
    if terms:
        k_words, p_words = k_words - terms, p_words - terms
    k_only = sorted(w for w in k_words if not any(same_word(w, x) for x in p_words))
    p_only = sorted(w for w in p_words if not any(same_word(w, x) for x in k_words))
    for own, market in ((k_only, kalshi), (p_only, polymarket)):
        # "Which film will win Best Picture?": the question's noun says what kind of thing its
        # options are; the option says which.
        noun = _question_noun(market)
        if noun in own:
            own.remove(noun)
        # "Will X win at the 99th Academy Awards?": the edition is the year the other states.
        for number in [w for w in own if w[0].isdigit() and edition_of_year(w, market)]:
            own.remove(number)
    for own, other in ((k_only, polymarket), (p_only, kalshi)):
        if "avoid" in own and not _said_in("avoid", other.frame.context):
            # "Will Congress avoid a shutdown?" pays when the other's event does not happen.
            own.remove("avoid")
            audit.opposite = not audit.opposite
            audit.verified("opposite statements: one market pays on avoiding what the other pays on")
    for own, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "final" in own and "win" in market.frame.words and "conference final" in market.text \
                and "conference" in other.text and "final" not in other.frame.words:
            # Winning a conference's finals (NBA, NHL, MLS) is winning the conference: its
            # champion is that series' winner. Reaching them is not: no "win" is said there.
            own.remove("final")
    for own, other in ((k_only, polymarket), (p_only, kalshi)):
        if "man" in own and not _said_in("woman", other.frame.context):
            # A competition no market marks as the women's is the men's ("the ICC Cricket World
            # Cup" against "the ICC Men's Cricket World Cup").
            own.remove("man")
    for own, other_names in ((k_only, p_names), (p_only, k_names)):
        # A team of one league says that league: "the Mavericks" play in the NBA, whether or not
        # the market writes "NBA" ("Dallas" alone may be a WNBA or an NFL team, and says none).
        if any(w.upper() in TEAM_TABLES for w in own):
            leagues = {league_of_team(n.label) for n in other_names} - {None}
            own[:] = [w for w in own if w.upper() not in leagues]
    for own, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "again" in own and _said_in("new", market.frame.rules) and _said_in("new", other.frame.rules):
            # "Indicted again" against "indicted", when both markets' rules count any new
            # indictment: each pays on the event happening anew, which is what "again" says.
            own.remove("again")
    for own, other in ((k_only, polymarket), (p_only, kalshi)):
        if "outright" in own and ("draw" in other.frame.rules or "tie" in other.frame.rules) \
                and settlement(other.frame.rules).get("draw") == "no":
            # "Will India win the series outright?" against a market whose rules settle a drawn
            # series No: both pay only on a win. A title shared by co-champions is no draw here.
            own.remove("outright")
    drop_chart_day_words(k_only, p_only, kalshi, polymarket, audit)
    drop_completed_deal(k_only, p_only, kalshi, polymarket, audit)
    drop_quarterly(k_only, p_only, kalshi, polymarket)
    drop_court_of_conviction(k_only, p_only, kalshi, polymarket)
    drop_top_finish(k_only, p_only, kalshi, polymarket)
    drop_method_heading(k_only, p_only, kalshi, polymarket)
    drop_earnings_beat(k_only, p_only, kalshi, polymarket)
    drop_season_of_the_rules_year(k_only, p_only, kalshi, polymarket)
    drop_edition(k_only, p_only, kalshi, polymarket)
    drop_launched_rocket(k_only, p_only, kalshi, polymarket)
    drop_first_occurrence(k_only, p_only, kalshi, polymarket)
    drop_station_city(k_only, p_only, kalshi, polymarket)
    drop_less_suffix(k_only, p_only, kalshi, polymarket)
    _drop_written_apart(k_only, p_only)
    _drop_written_apart(p_only, k_only)
    _drop_spelled_initials(k_only, p_only, kalshi, polymarket)
    _drop_spelled_initials(p_only, k_only, polymarket, kalshi)
    _drop_first_rank(k_only, p_only)
    _drop_country_forms(k_only, p_only)
    drop_bank_words(k_only, p_only, kalshi, polymarket)
    _drop_peace_treaty(k_only, p_only, kalshi, polymarket)
    _drop_product_out(k_only, p_only, kalshi, polymarket)
    _drop_signed_law(k_only, p_only, kalshi, polymarket)
    _drop_received(k_only, p_only)
    _drop_leader_as_president(k_only, p_only, kalshi, polymarket)
    read_office_held(k_only, p_only, kalshi, polymarket)
    drop_election_won(k_only, p_only, kalshi, polymarket)
    if defined_by_rules(k_only, p_only, kalshi, polymarket, audit):
        return
    rejected_is_not_approved(k_only, p_only, kalshi, polymarket, audit)
    for a in k_only:
        for b in p_only:
            if frozenset({a, b}) in ANTONYMS:
                audit.opposite = not audit.opposite
                audit.lasting = frozenset({a, b}) in LASTING_STATES
                audit.verified(f"opposite statements: Kalshi says '{a}', Polymarket says '{b}'")
                k_only.remove(a)
                p_only.remove(b)
                break
    for a in k_only:
        for b in p_only:
            group = CONTRAST_OF.get(a)
            if group is not None and b in group and a != b:
                audit.reject(f"Kalshi says '{a}', Polymarket says '{b}'")
                return
    for who, own, other in (("Kalshi", k_only, polymarket), ("Polymarket", p_only, kalshi)):
        announced = [w for w in own if w in ANNOUNCING and not _said_in(w, other.frame.context)]
        if announced:
            audit.reject(f"announcement vs the event: only {who} pays on it being announced")
            return
    for own, market in ((k_only, kalshi), (p_only, polymarket)):
        # "All nine justices still serving": a number after "all" counts the whole body, which is
        # no part of what it says beyond "all" (the other market's "a vacancy" on the Court).
        for number in [w for w in own if w[0].isdigit() and _counts_all(w, market.frame.context)]:
            own.remove(number)
    k_numbers = [w for w in k_only if w[0].isdigit()]
    p_numbers = [w for w in p_only if w[0].isdigit()]
    if k_numbers and p_numbers:
        # "10-year" against "2-year", "20th package" against "19th package": numbers of the
        # statement that are neither its threshold nor its date name different things.
        audit.reject(f"Kalshi says '{' '.join(k_numbers)}', Polymarket says '{' '.join(p_numbers)}'")
        return
    for who, numbers, other in (("Kalshi", k_numbers, polymarket), ("Polymarket", p_numbers, kalshi)):
        if numbers and not any(_said_in(n, other.frame.rules) or _said_in(n, other.frame.context) for n in numbers):
            # "in the first 10 minutes", "top 5": a number one statement adds that the other
            # market never uses anywhere narrows what it pays on.
            audit.reject(f"only {who} states '{' '.join(numbers)}', which the other market never uses")
            return
    for who, own, other_own, market, other in (("Kalshi", k_only, p_only, kalshi, polymarket),
                                               ("Polymarket", p_only, k_only, polymarket, kalshi)):
        stages = [w for w in own if w in _STAGES_SHORT_OF_WINNING]
        if stages and not other_own and other.kind is Kind.CHOICE and "win" not in market.frame.words:
            # "Will Littler reach the final?" against the championship's winner option, whose
            # rules say it "wins the final": the final its rules name is where the winner wins
            # ("win the Grand Final" is winning).
            audit.reject(f"{who} says '{' '.join(stages)}', the other market's option pays on winning")
            return
    k_unsaid = [w for w in k_only if not _said_in(w, polymarket.frame.context)]
    p_unsaid = [w for w in p_only if not _said_in(w, kalshi.frame.context)]
    if k_only and p_only and (_bracketed(k_only, p_only, kalshi.frame.rules)
                              or _bracketed(p_only, k_only, polymarket.frame.rules)):
        audit.verified(f"the same thing, as one market's rules restate it in brackets: Kalshi '{' '.join(k_only)}', "
                       f"Polymarket '{' '.join(p_only)}'")
        return
    stage = _season_stages(k_unsaid, p_unsaid, kalshi, polymarket)
    if stage is not None:
        audit.reject(stage)
        return
    if k_only and p_only:
        if not k_unsaid and not p_unsaid:
            # "Hungary parliamentary election: Tisza" and "Tisza wins the most seats": each
            # market's sentence of YES says what the other's title says.
            audit.verified(f"the same statement as each market's rules state it: Kalshi '{' '.join(k_only)}', "
                           f"Polymarket '{' '.join(p_only)}'")
            return
        if kalshi.kind is not Kind.THRESHOLD and k_unsaid and p_unsaid \
                and not any(_said_in(w, polymarket.frame.rules) for w in k_unsaid) \
                and not any(_said_in(w, kalshi.frame.rules) for w in p_unsaid):
            # Each states an event the other's whole rules never mention ("a peace deal signed"
            # against "direct talks"): two statements. (A figure's statement is mostly the generic
            # words around its number, "change", "up", "estimate": those stay for a person.)
            audit.reject(f"different statements: Kalshi says '{' '.join(k_unsaid)}', Polymarket says "
                         f"'{' '.join(p_unsaid)}', neither anywhere in the other's rules")
            return
        audit.unverified("statement", f"the statements differ: Kalshi says '{' '.join(k_only)}', Polymarket says "
                                      f"'{' '.join(p_only)}'")
        _polarity_cues(k_only + p_only, audit)
        return
    if k_unsaid or p_unsaid:
        # One market states more than the other ("major hurricane", "reach the final"): the
        # extra word may narrow what it pays on, and no rule settles that.
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("statement", f"only {who} says '{' '.join(unsaid)}'")
        _polarity_cues(unsaid, audit)
        return
    shared = sorted(k_words & p_words)
    audit.verified(f"same statement: {' '.join(shared)}" if shared else "same statement")


# The parts of a league's season: an award or a record of one ("Finals MVP", "playoff wins") is
# not the other's ("MVP (regular season)").
_SEASON_PARTS = frozenset({"final", "playoff", "postseason"})
_REGULAR_SEASON = re.compile(r"\bregular[- ]season\b")


def _season_stages(k_unsaid: list[str], p_unsaid: list[str], kalshi: Proposition, polymarket: Proposition) -> str | None:
    """Why one market's finals or playoffs are not the other's regular season, which its texts
    name; None when no such difference is said."""
    for who, unsaid, other in (("Kalshi", k_unsaid, polymarket), ("Polymarket", p_unsaid, kalshi)):
        part = next((w for w in unsaid if w in _SEASON_PARTS), None)
        if part is not None and (_REGULAR_SEASON.search(other.frame.context) or _REGULAR_SEASON.search(other.frame.rules)):
            return f"only {who} pays on the {part}s; the other on the regular season"
    return None


# "Fails to" negates the statement it heads (a bank that fails is another statement); "someone
# other than X" does too (its "not" is read in frames.py).
_NEGATION_WORDS = NEGATING | frozenset({"fail", "non", "without", "outside", "other", "someone", "somebody", "anyone",
                                         "anybody"})


def _polarity_cues(unexplained: list[str], audit: Audit) -> None:
    """A word left unexplained that may make one statement the other's NO ("avoid", "remain",
    "retain"): the pair waits for a person with no token proposed, never with a guessed one."""
    cues = sorted(POLARITY_CUES.intersection(unexplained))
    if cues:
        audit.polarity_unsettled = True
        audit.unverified("polarity", f"'{' '.join(cues)}' may make one statement the other's NO: no token proposed")


# "Which film will win ...?", and a ranking's first place by the kind of thing ranked ("Top movie at
# the box office" with YES on a film, folded to "1 movie"), up to two words of the chart before the
# noun ("Top domestic box office movie", "1 domestic boxoffice movie"): the noun says what the
# options are. So is the noun a ranking's question opens with ("Party with most seats in the next
# Dutch election", YES on a party).
_QUESTION_NOUN = re.compile(r"^(?:which|what) ([a-z]+) "
                            r"|^(?:the )?1 (?:[a-z]+ ){0,2}(movie|film|song|album|single|app|show|book|artist|podcast)\b"
                            r"|^(?:the )?([a-z]+) (?:with|to (?:win|get)) (?:the )?most")


def _counts_all(number: str, context: str) -> bool:
    """Whether a statement's ``number`` follows "all" in its texts ("all nine justices", "all 50
    states"), in figures or in words."""
    return "all " in context and any(stem(m.group(1)) == number for m in _ALL_OF.finditer(context))


_ALL_OF = re.compile(r"\ball (\w+)")


def _question_noun(p: Proposition) -> str | None:
    if p.kind is not Kind.CHOICE:
        return None
    match = _QUESTION_NOUN.match(p.frame.context)
    return canonical(match.group(1) or match.group(2) or match.group(3)) if match else None


def _drop_spelled_initials(own_only: list[str], other_only: list[str], own: Proposition, other: Proposition) -> None:
    """Initials one market names ("TGA") and the words of the other market they spell ("The Game
    Awards", read as the name "Awards" and the word "game"): one name, taken out of both sides.
    Only a name the market writes in capitals is initials."""
    if not other_only:
        return
    for label in sorted({n.label for n in own.frame.names if n.label.isupper()}):
        phrase = spelled_out(label, other.frame.context)
        if phrase is None:
            continue
        spelled = [w for w in other_only if any(same_word(w, canonical(word)) for word in phrase)]
        if spelled:
            if (key := label.lower().replace(".", "")) in own_only:
                own_only.remove(key)
            for word in spelled:
                other_only.remove(word)


def _drop_written_apart(parts: list[str], joined: list[str]) -> None:
    """A verb and its particle one market writes apart ("shut down", "lock down", "sell off") and
    the other as one word ("shutdown"): one word, taken out of both sides."""
    for word in list(joined):
        for first in parts:
            rest = word[len(first):] if word.startswith(first) and len(first) >= 3 else ""
            second = next((w for w in parts if w != first and rest and stem(rest) == w), None)
            if second is not None:
                joined.remove(word)
                parts.remove(first)
                parts.remove(second)
                break


# The first rank in its words: "top" is read as "1" ("the top model", "#1"), and "the best model"
# of a ranking is the same place; so is the superlative a chart ranks by ("the highest-grossing
# film", "the most-streamed song", "the biggest") against a rank written "#1". Another rank ("#2",
# "top 3") is a number the other market never states.
_FIRST_RANK = frozenset({"1", "best"})
_SUPERLATIVES = frozenset({"best", "high", "most", "largest", "greatest"})


def _drop_first_rank(k_only: list[str], p_only: list[str]) -> None:
    k_rank = [w for w in k_only if w in _FIRST_RANK or w in _SUPERLATIVES]
    p_rank = [w for w in p_only if w in _FIRST_RANK or w in _SUPERLATIVES]
    if len(k_rank) == len(p_rank) == 1 and "1" in (k_rank[0], p_rank[0]):
        k_only.remove(k_rank[0])
        p_only.remove(p_rank[0])


def _drop_peace_treaty(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A peace treaty is a peace deal or agreement (read "peace"): "treaty" beside the peace both
    markets state adds nothing ("peace treaty signed" against "sign a peace deal")."""
    if "peace" in kalshi.frame.words and "peace" in polymarket.frame.words:
        for own in (k_only, p_only):
            if "treaty" in own:
                own.remove("treaty")


# Rules that pay on a bill signed into law, as the reader writes them ("the President signs into law
# a bill" reads "law a bill", "a bill is signed into law" reads "is law"), and rules that pay on one
# becoming law in any words ("is enacted", "becomes law").
_SIGNED_INTO_LAW = re.compile(r"\blaw (?:a |the |an )?(?:bill|legislation|act)\b|\b(?:is|be|are) law\b")
_ENACTED = re.compile(r"\benacted\b|\b(?:is|be|are|becomes?) law\b|\blaw (?:a |the |an )?(?:bill|legislation|act)\b")


def _drop_signed_law(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A bill "signed by September 30" whose own rules pay when the President "signs into law" a
    bill is enacted, which the other market's rules pay on ("is enacted", "becomes law"): the
    title's "signed" is read as an agreement's word ("agree"), and is the enactment only there."""
    for own, other_own, market, other in ((k_only, p_only, kalshi, polymarket), (p_only, k_only, polymarket, kalshi)):
        if "agree" in own and not other_own and _SIGNED_INTO_LAW.search(market.frame.rules) \
                and _ENACTED.search(other.frame.rules):
            own.remove("agree")
            return


def _drop_leader_as_president(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Cease to be LDP leader" whose own rules pay when she is "no longer president of the Liberal
    Democratic Party", against "out as LDP president": the title's "leader" is the office its rules
    name. Rules that say "leader" too keep the word (a parliamentary group's leader is no party's
    president)."""
    for own, other_own, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if "leader" in own and "president" in other_own and _said_in("president", market.frame.rules) \
                and not _said_in("leader", market.frame.rules):
            own.remove("leader")
            other_own.remove("president")
            return


def _drop_received(k_only: list[str], p_only: list[str]) -> None:
    """"Netanyahu receives a pardon" against "Herzog pardons Netanyahu": receiving what the other
    market does to the same person is the one act said from its other side, when "receive" is the
    only word the statement adds (its other words, a grantor the rules name, are compared as ever)."""
    for own in (k_only, p_only):
        if own == ["receive"]:
            own.clear()
            return


_OUT = re.compile(r"\bout\b")


def _drop_product_out(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A thing "out by June 30" whose own rules pay on its release ("makes Vela 3 publicly
    available") is released, which the other market says: the title's "out" is read as leaving
    ("out as CEO"), and is that only where no other word, in the title or the rules, says so."""
    for own, other_own, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if "leave" in own and "release" in other_own and "out" in market.text and _OUT.search(market.text) \
                and _said_in("release", market.frame.rules) and not _said_in("leave", _OUT.sub(" ", market.text)) \
                and not _said_in("leave", _OUT.sub(" ", market.frame.rules)):
            own.remove("leave")
            other_own.remove("release")
            return


def _drop_country_forms(k_only: list[str], p_only: list[str]) -> None:
    """A country's adjective on one side and its name on the other ("a Scottish referendum" / "a
    Scotland referendum") are one word."""
    for a in list(k_only):
        b = next((b for b in p_only if same_country_word(a, b)), None)
        if b is not None:
            k_only.remove(a)
            p_only.remove(b)


# --- options and events -----------------------------------------------------------------------------


def map_statement(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """The Polymarket outcome that pays when the Kalshi statement is true: the same option, the
    event itself, or its complement when exactly one of the two statements says "not"."""
    terms = polymarket.outcomes
    if len(terms) != 2:
        audit.reject(f"Polymarket market has {len(terms)} outcomes, not two")
        return None
    k_option = kalshi.selection if isinstance(kalshi.selection, Name) else None
    if kalshi.kind is Kind.CHOICE and polymarket.kind is Kind.CHOICE:
        assert k_option is not None
        for index, term in enumerate(terms):
            if isinstance(term.selection, Name) and not term.negated and (
                    same_name(k_option, term.selection)
                    or club_by_place(k_option, term.selection, kalshi.frame.context, polymarket.frame.context)):
                audit.verified(f"Kalshi YES = '{k_option.label}' = Polymarket '{term.name}'")
                return term, terms[1 - index]
        offered = ", ".join(f"'{t.selection.label}'" for t in terms if isinstance(t.selection, Name) and not t.negated)
        audit.reject(f"different option: Kalshi '{k_option.label}' vs Polymarket {offered}")
        return None
    # One side names its option inside the statement ("Will Oppenheimer win Best Picture?") and
    # the names were compared with the option put back; the event side's "Yes" pays on it.
    negated = kalshi.frame.negated != polymarket.frame.negated
    flipped = negated != audit.opposite
    for index, term in enumerate(terms):
        if term.negated is flipped and isinstance(term.selection, Name | Happens):
            if audit.polarity_unsettled:
                # No token is proposed (see _polarity_cues): the reasons claim none either.
                return term, terms[1 - index]
            if flipped:
                why = (f"only {'Kalshi' if kalshi.frame.negated else 'Polymarket'}'s statement says 'not'" if negated
                       else "the statements are opposites")
                audit.verified(f"complement: {why}; Polymarket '{term.name}' pays on Kalshi YES")
            else:
                audit.verified(f"the same event; Polymarket '{term.name}' pays on Kalshi YES")
            return term, terms[1 - index]
    audit.reject("no Polymarket outcome pays exactly when the Kalshi statement is true")
    return None
