"""Do two markets settle on the same outcome, and which Polymarket token pays when the Kalshi
market resolves YES? Equivalence as agreement of propositions.

Every part of the two propositions is compared on its own and leaves a reason a trader can read:
the measure, the qualifiers, the names and the words of the statement, the place and the
resolution source, the date and its rule, and the selection YES pays on. A part both markets
state and agree on is *verified*. A part they contradict *rejects* the pair, with the reason. A
part that cannot be settled (one market names what the other never mentions, the wording
differs in a way no equivalence explains) is *unsettled*: the pair goes to review with that part
named, never to approval. Title similarity decides nothing here.

The token is decided from each Polymarket outcome's own meaning, never from its position: for a
complement phrasing ("below $97,000" against Kalshi's "$97,000 or above") it is Polymarket's
"No" token; for a game it is the token of the team the Kalshi market names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.elections import ELECTION
from arb_pipeline.domain.matching.propositions.frames import canonical, canonical_phrases
from arb_pipeline.domain.matching.propositions.lexicon import sports as sports_lexicon
from arb_pipeline.domain.matching.propositions.lexicon.axes import AXES
from arb_pipeline.domain.matching.propositions.lexicon.markets import SOURCE_BY_KEY
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ANTONYMS,
    CONTRAST_OF,
    SUBJECTS,
    DEFAULT_PLACES,
    IMPLIED_WORDS,
)
from arb_pipeline.domain.matching.propositions.lexicon.weather import STATION_BY_CODE
from arb_pipeline.domain.matching.propositions.model import (
    DateRule,
    Happens,
    Kind,
    Name,
    OutcomeTerm,
    Proposition,
    ValueRange,
    When,
    show_value,
)
from arb_pipeline.domain.matching.propositions.names import mentioned, same_name, same_word_spelling
from arb_pipeline.domain.matching.propositions.numbers import same_or_complement
from arb_pipeline.domain.matching.propositions.reader import DIRECTION
from arb_pipeline.domain.matching.propositions.sports import GAME, GAME_LINE, TITLE, same_team, team_label
from arb_pipeline.domain.matching.propositions.text import fold_short, same_word, words

# How much a part that cannot be settled lowers the certainty: one such part keeps a pair below the
# default auto-approve threshold of 0.9.
UNSTATED = 0.85
# The markets' rules read differently (the question and the rules of one market disagree): a
# human must look.
CONTRADICTION = 0.6
# Equal only on a publication grid neither market's rules state (the measure's usual grid is
# assumed): close to certain, still said in the reasons.
ASSUMED_GRID = 0.97
# Leagues where a game can end level: NO then also covers the draw on one venue while the other
# may split or void; the reasons say so.
TIE_POSSIBLE = 0.96


@dataclass
class _Audit:
    # A reason is a string, or a function that writes it: most candidate pairs of a catalog are
    # rejected rungs of one ladder, and only the few kept for review are ever read.
    reasons: list[str | Callable[[], str]] = field(default_factory=list)
    certainty: float = 1.0
    rejected: bool = False
    unsettled: list[str] = field(default_factory=list)
    opposite: bool = False  # the statements are each other's NO ("remains" / "leaves")
    # One market pays if a level is touched in the window, the other if the value stays on the
    # other side all along: each is the NO of the other when their ranges are complements.
    path_opposed: bool = False

    def verified(self, reason: str) -> None:
        self.reasons.append(reason)

    def unverified(self, part: str, reason: str, factor: float = UNSTATED) -> None:
        """A part that cannot be settled: the pair waits for a human, the reason names the part."""
        self.reasons.append(reason)
        self.unsettled.append(part)
        self.certainty *= factor

    def assumed(self, reason: str, factor: float) -> None:
        """Close to certain, but resting on something neither market states."""
        self.reasons.append(reason)
        self.certainty *= factor

    def reject(self, reason: str | Callable[[], str]) -> None:
        self.rejected = True
        self.reasons.append(f"REJECT: {reason}" if isinstance(reason, str) else lambda: f"REJECT: {reason()}")


@dataclass(frozen=True)
class Verdict:
    """``yes_token`` pays when the Kalshi market resolves YES, ``no_token`` when it resolves NO.
    ``understood`` is False when either market could not be read: no token is then mapped.
    ``unsettled`` names the parts that keep the pair in review."""

    yes_token: str | None
    no_token: str | None
    certainty: float
    written: tuple[str | Callable[[], str], ...]
    rejected: bool
    understood: bool = True
    unsettled: tuple[str, ...] = ()

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r if isinstance(r, str) else r() for r in self.written)

    @property
    def mapped(self) -> bool:
        return self.yes_token is not None and self.no_token is not None and not self.rejected

    @property
    def agrees(self) -> bool:
        """Every part verified: the pair may be approved."""
        return self.mapped and not self.unsettled


def compare(kalshi: Proposition, polymarket: Proposition) -> Verdict:
    if not kalshi.understood or not polymarket.understood:
        return _unread(kalshi, polymarket)
    audit = _Audit()
    if not _same_kind(kalshi, polymarket):
        audit.reject(f"Kalshi {_describe(kalshi)} market vs Polymarket {_describe(polymarket)} market")
        return _verdict(audit, None)
    for problem in kalshi.problems:
        audit.unverified("Kalshi's own terms", f"Kalshi market contradicts itself: {problem}", CONTRADICTION)
    for problem in polymarket.problems:
        audit.unverified("Polymarket's own terms", f"Polymarket market contradicts itself: {problem}", CONTRADICTION)
    if kalshi.topic == GAME:
        mapping = _compare_games(kalshi, polymarket, audit)
    elif kalshi.topic == TITLE:
        mapping = _compare_titles(kalshi, polymarket, audit)
    elif kalshi.topic == ELECTION:
        mapping = _compare_elections(kalshi, polymarket, audit)
    elif kalshi.topic == DIRECTION:
        mapping = _compare_directions(kalshi, polymarket, audit)
    else:
        mapping = _compare_general(kalshi, polymarket, audit)
    return _verdict(audit, mapping)


def _verdict(audit: _Audit, mapping: tuple[OutcomeTerm, OutcomeTerm] | None) -> Verdict:
    if audit.rejected or mapping is None:
        return Verdict(None, None, 0.0, tuple(audit.reasons), rejected=True)
    yes, no = mapping
    return Verdict(yes.token_id, no.token_id, audit.certainty, tuple(audit.reasons), rejected=False,
                   unsettled=tuple(dict.fromkeys(audit.unsettled)))


def _unread(kalshi: Proposition, polymarket: Proposition) -> Verdict:
    # A market the reader does not understand never gets a default token mapping: "Yes pays on
    # YES" is exactly the guess that buys the same outcome twice when the question is inverted.
    reasons = [f"{venue} market not understood: {p.unread}" for venue, p in (("Kalshi", kalshi), ("Polymarket", polymarket))
               if not p.understood]
    reasons.append("no token mapping without reading both markets")
    return Verdict(None, None, 0.0, tuple(reasons), rejected=False, understood=False, unsettled=("reading",))


def _same_kind(kalshi: Proposition, polymarket: Proposition) -> bool:
    if kalshi.topic != polymarket.topic:
        return False
    if kalshi.kind is polymarket.kind:
        return True
    return {kalshi.kind, polymarket.kind} == {Kind.CHOICE, Kind.EVENT} and kalshi.topic == ""


def _describe(p: Proposition) -> str:
    if p.topic == GAME:
        return "game winner"
    if p.topic == GAME_LINE and p.measure is not None:
        return f"{p.measure.label} ({p.frame.axes.get('segment', 'full game')})"
    if p.topic == TITLE:
        return "season champion"
    if p.topic == ELECTION:
        return "election"
    if p.kind is Kind.THRESHOLD and p.measure is not None:
        return f"{p.measure.label} threshold"
    return str(p.kind)


# --- the general comparison -----------------------------------------------------------------------


def _compare_general(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_measure, p_measure = kalshi.measure, polymarket.measure
    measured = k_measure is not None and p_measure is not None
    if measured:
        assert k_measure is not None and p_measure is not None
        if k_measure.key != p_measure.key:
            audit.reject(f"different measure: Kalshi {k_measure.label} vs Polymarket {p_measure.label}")
            return None
        audit.verified(f"same measure: {k_measure.label}")
        if kalshi.kind is Kind.THRESHOLD and isinstance(kalshi.selection, ValueRange) \
                and not _numbers_can_meet(kalshi, polymarket):
            # The rungs of one ladder meet each other in every catalog: their dates and numbers
            # settle them before names and words are read.
            _compare_axes(kalshi, polymarket, audit)
            _compare_when(kalshi, polymarket, audit)
            if not audit.rejected:
                _map_range(kalshi, polymarket, kalshi.selection, audit)
            return None
    _compare_axes(kalshi, polymarket, audit)
    if kalshi.topic != GAME_LINE and not (measured and k_measure is not None and k_measure.placed):
        # A reading at a place is compared by its place and station, not by how each venue names
        # the city ("NYC" / "Central Park, New York").
        _compare_quoted(kalshi, polymarket, audit)
        _compare_names(kalshi, polymarket, audit, measured=measured)
        if not measured:
            _compare_words(kalshi, polymarket, audit)
    _compare_place(kalshi, polymarket, audit)
    _compare_sources(kalshi, polymarket, audit)
    _compare_when(kalshi, polymarket, audit)
    if audit.rejected:
        return None
    if kalshi.kind is Kind.THRESHOLD:
        if not isinstance(kalshi.selection, ValueRange):
            audit.reject("Kalshi market states no threshold or range")
            return None
        return _map_range(kalshi, polymarket, kalshi.selection, audit)
    return _map_statement(kalshi, polymarket, audit)


_AXIS_BY_NAME = {axis.name: axis for axis in AXES}


def _compare_axes(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    for name in sorted(set(kalshi.frame.axes) | set(polymarket.frame.axes) | {a.name for a in AXES if a.default}):
        axis = _AXIS_BY_NAME.get(name)
        if axis is not None and kalshi.kind not in axis.kinds:
            continue
        default = axis.default if axis else None
        k_value = kalshi.frame.axes.get(name, default)
        p_value = polymarket.frame.axes.get(name, default)
        if k_value == p_value:
            if name == "path" and k_value in _PATHS:
                audit.verified(f"both pay if the value {_PATHS[k_value]}")
            elif axis is not None and k_value is not None and k_value != default:
                audit.verified(f"both {k_value}")
            continue
        if name == "path" and {k_value, p_value} == {"touch", "always"}:
            audit.path_opposed = True
            audit.verified(f"Kalshi pays if {'touched' if k_value == 'touch' else 'held all along'}, Polymarket if "
                           f"{'touched' if p_value == 'touch' else 'held all along'}: complements when the levels are")
        elif name == "counts" and k_value is not None and p_value is not None and _zero_or_not(kalshi, polymarket):
            # No meeting with a cut is no cut, whatever a cut's size: counts of two things differ
            # from one up, never at zero.
            audit.verified(f"zero or not: Kalshi counts '{k_value}', Polymarket counts '{p_value}', and none of either "
                           "is none of the other")
        elif k_value is not None and p_value is not None:
            audit.reject(_axis_difference(name, k_value, p_value, axis.what if axis else name))
        elif name == "counts":
            # Only one market says what it counts: the titles say the rest.
            continue
        elif name in ("adjustment", "change", "release"):
            # How a figure is adjusted or compared is usually said by one venue only, and read
            # the usual way by the other ("payrolls" are seasonally adjusted, "annual inflation"
            # is year over year): noted, not settled by a human.
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            audit.assumed(f"only {who} states '{value}'; the other states no {axis.what if axis else name}", ASSUMED_GRID)
        else:
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            other = polymarket if k_value is not None else kalshi
            if axis is not None and not axis.in_rules and axis.read(other.frame.context) == value:
                # "Will Trump leave office?" whose rules say "ceases to be President".
                audit.verified(f"both {value} ({'Polymarket' if other is polymarket else 'Kalshi'} in its rules)")
            else:
                audit.unverified(name, f"only {who} states '{value}'")


def _zero_or_not(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether both counts only tell zero from more than zero."""
    ranges = [kalshi.selection, *(t.selection for t in polymarket.outcomes)]
    return all(isinstance(r, ValueRange) and r.grid_units(Decimal(1)) in ((0, 0), (1, None), (None, 0)) for r in ranges)


_PATHS = {"touch": "is reached at any time", "always": "stays there all along", "close": "is there at the close of any day"}


def _axis_difference(name: str, k_value: str, p_value: str, what: str) -> str:
    if name == "path":
        if "point" in (k_value, p_value):
            who, path = ("Polymarket", p_value) if k_value == "point" else ("Kalshi", k_value)
            return f"{who} pays if the value {_PATHS[path]} in the window; the other reads it at one moment"
        return f"Kalshi pays if the value {_PATHS[k_value]} in the window, Polymarket if it {_PATHS[p_value]}"
    if name == "segment":
        return f"Kalshi {k_value} vs Polymarket {p_value}"
    if name == "stage":
        return f"nominee vs winner: Kalshi {k_value} vs Polymarket {p_value}"
    if name == "counts":
        return f"counts different things: Kalshi counts '{k_value}', Polymarket counts '{p_value}'"
    return f"{what}: Kalshi {k_value} vs Polymarket {p_value}"


def _option_names(p: Proposition) -> tuple[Name, ...]:
    """The names a statement makes with its option put back: a Kalshi "Who wins Best Picture?"
    market with YES on "Oppenheimer" says what Polymarket's "Will Oppenheimer win Best Picture?"
    says."""
    if isinstance(p.selection, Name):
        return (*p.frame.names, p.selection)
    if p.kind is Kind.CHOICE and p.venue.value == "polymarket":
        options = [t.selection for t in p.outcomes if isinstance(t.selection, Name) and not t.negated]
        if len(options) == 1:
            return (*p.frame.names, options[0])
    return p.frame.names


def _compare_names(kalshi: Proposition, polymarket: Proposition, audit: _Audit, *, measured: bool = False) -> None:
    mixed = kalshi.kind is not polymarket.kind
    k_names = _option_names(kalshi) if mixed else kalshi.frame.names
    p_names = _option_names(polymarket) if mixed else polymarket.frame.names
    k_left = [n for n in k_names if not any(same_name(n, m) for m in p_names)]
    p_left = [n for n in p_names if not any(same_name(n, m) for m in k_names)]
    matched = [n.label for n in k_names if n not in k_left]
    k_unsaid = [n for n in k_left if n.key not in DEFAULT_PLACES and not _name_said(n, polymarket.frame.context)]
    p_unsaid = [n for n in p_left if n.key not in DEFAULT_PLACES and not _name_said(n, kalshi.frame.context)]
    if mixed:
        # The option of one market and the subject of the other's event must be the same name.
        k_unsaid = [n for n in k_unsaid if n not in k_names[len(kalshi.frame.names):]] + [
            n for n in k_names[len(kalshi.frame.names):] if n in k_left]
        p_unsaid = [n for n in p_unsaid if n not in p_names[len(polymarket.frame.names):]] + [
            n for n in p_names[len(polymarket.frame.names):] if n in p_left]
    if measured:
        # The measure says what is measured; a publisher or an office one venue names beside it
        # changes nothing, a country does ("UK CPI" against CPI).
        k_unsaid = [n for n in k_unsaid if n.key in SUBJECTS]
        p_unsaid = [n for n in p_unsaid if n.key in SUBJECTS]
    if k_unsaid and p_unsaid:
        audit.reject(f"different names: Kalshi {_labels(k_unsaid)} vs Polymarket {_labels(p_unsaid)}")
    elif k_unsaid or p_unsaid:
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("names", f"only {who} names {_labels(unsaid)}")
    elif matched:
        audit.verified(f"same names: {_labels_text(matched)}")


def _name_said(name: Name, context: str) -> bool:
    """A name the other market's texts use, as a name or as words ("Oscars" where the other writes
    "Oscar for Best Actor", "Golden Globes" in a headline In Title Case)."""
    if mentioned(name, context):
        return True
    said = _context_words(context)
    return bool(name.words) and all(canonical(word) in said for word in name.words)


def _labels(names: list[Name]) -> str:
    return _labels_text([n.label for n in names])


def _labels_text(labels: list[str]) -> str:
    return ", ".join(f"'{label}'" for label in labels)


@lru_cache(maxsize=1 << 12)
def _context_words(context: str) -> frozenset[str]:
    # Numbers as statements keep them: "98th" is "98".
    return frozenset((w.rstrip("stndrdh") or w) if w[0].isdigit() else canonical(w.split("'", 1)[0])
                     for w in words(canonical_phrases(context)))


def _said_in(word: str, context: str) -> bool:
    said = _context_words(context)
    return word in said or any(same_word(word, other) or same_word_spelling(word, other) for other in said)


def _name_words(names: Iterable[Name]) -> frozenset[str]:
    return frozenset(canonical(word) for name in names for word in name.words if len(word) > 1)


def _without_implied_win(own: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    if "win" in own and not (CONTRAST_OF["win"] - {"win"}) & other:
        return own - {"win"}
    return own


def _quoted_or_option(p: Proposition) -> frozenset[str]:
    if p.quoted:
        return p.quoted
    option = p.selection if isinstance(p.selection, Name) else None
    return frozenset({fold_short(option.label)}) if option is not None else frozenset()


def _compare_quoted(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    """A term one market quotes is said word for word: another quoted term (or option) on the other
    side is another market ("say 'tariff'" against "say 'crypto'")."""
    if not (kalshi.quoted or polymarket.quoted):
        return
    k_terms, p_terms = _quoted_or_option(kalshi), _quoted_or_option(polymarket)
    if not k_terms or not p_terms:
        return
    if any(a == b or same_word(a, b) for a in k_terms for b in p_terms):
        audit.verified(f"both quote '{sorted(k_terms & p_terms or k_terms)[0]}'")
    else:
        audit.reject(f"different quoted terms: Kalshi '{', '.join(sorted(k_terms))}' vs Polymarket '{', '.join(sorted(p_terms))}'")


def _compare_words(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    """The words of the two statements, in one spelling each. Words of one contrast group, or two
    different numbers, on the two sides prove a difference; a pair of antonyms makes the
    statements complements; words on both sides that the other statement lacks leave them
    unsettled, and so does a word one side states that the other never uses, in its titles or the
    sentence of its rules that says when YES pays."""
    # Names are words of the statement too: a headline In Title Case hides which are names, and
    # "Best Motion Picture" is both.
    k_names, p_names = _option_names(kalshi), _option_names(polymarket)
    k_words = (kalshi.frame.words | _name_words(n for n in k_names if not any(same_name(n, m) for m in p_names))) \
        - IMPLIED_WORDS
    p_words = (polymarket.frame.words | _name_words(n for n in p_names if not any(same_name(n, m) for m in k_names))) \
        - IMPLIED_WORDS
    if Kind.CHOICE in (kalshi.kind, polymarket.kind):
        # An option "wins" whether or not a question says so; another outcome of the competition
        # ("reach the final") still contradicts it.
        k_words, p_words = _without_implied_win(k_words, p_words), _without_implied_win(p_words, k_words)
    k_only = sorted(w for w in k_words if not any(same_word(w, x) for x in p_words))
    p_only = sorted(w for w in p_words if not any(same_word(w, x) for x in k_words))
    for a in k_only:
        for b in p_only:
            if frozenset({a, b}) in ANTONYMS:
                audit.opposite = not audit.opposite
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
    k_numbers = [w for w in k_only if w[0].isdigit()]
    p_numbers = [w for w in p_only if w[0].isdigit()]
    if k_numbers and p_numbers:
        # "10-year" against "2-year", "20th package" against "19th package": numbers of the
        # statement that are neither its threshold nor its date name different things.
        audit.reject(f"Kalshi says '{' '.join(k_numbers)}', Polymarket says '{' '.join(p_numbers)}'")
        return
    k_unsaid = [w for w in k_only if not _said_in(w, polymarket.frame.context)]
    p_unsaid = [w for w in p_only if not _said_in(w, kalshi.frame.context)]
    if k_only and p_only:
        if not k_unsaid and not p_unsaid:
            # "Hungary parliamentary election: Tisza" and "Tisza wins the most seats": each
            # market's sentence of YES says what the other's title says.
            audit.verified(f"the same statement as each market's rules state it: Kalshi '{' '.join(k_only)}', "
                           f"Polymarket '{' '.join(p_only)}'")
            return
        audit.unverified("statement", f"the statements differ: Kalshi says '{' '.join(k_only)}', Polymarket says "
                                      f"'{' '.join(p_only)}'")
        return
    if k_unsaid or p_unsaid:
        # One market states more than the other ("major hurricane", "reach the final"): the
        # extra word may narrow what it pays on, and no rule settles that.
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("statement", f"only {who} says '{' '.join(unsaid)}'")
        return
    shared = sorted(k_words & p_words)
    audit.verified(f"same statement: {' '.join(shared)}" if shared else "same statement")


def _station_label(code: str) -> str:
    station = STATION_BY_CODE.get(code)
    return f"{station.label} ({code})" if station else code


def _compare_place(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    if kalshi.place and polymarket.place and kalshi.place != polymarket.place:
        if kalshi.topic == GAME_LINE:
            audit.reject(f"different game: Kalshi {_game_label(kalshi.teams)} vs Polymarket {_game_label(polymarket.teams)}")
        else:
            audit.reject(f"different place: Kalshi {kalshi.place} vs Polymarket {polymarket.place}")
        return
    if kalshi.topic == GAME_LINE and kalshi.place:
        audit.verified(f"same game {_game_label(kalshi.teams)}")
    if kalshi.measure is None or not kalshi.measure.placed:
        return
    if kalshi.station and polymarket.station:
        if kalshi.station != polymarket.station:
            audit.reject(f"different station: Kalshi {_station_label(kalshi.station)} vs Polymarket "
                         f"{_station_label(polymarket.station)}")
        else:
            audit.verified(f"same station {_station_label(kalshi.station)}")
    else:
        missing = [v for v, p in (("Kalshi", kalshi), ("Polymarket", polymarket)) if not p.station]
        audit.unverified("station", f"station not named by {' and '.join(missing)}")


def _compare_sources(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    families = {SOURCE_BY_KEY[s].family for s in kalshi.sources | polymarket.sources}
    for family in sorted(families):
        k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == family}
        p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == family}
        if k_side and p_side and not k_side & p_side:
            audit.reject(f"different source: Kalshi {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side))} vs "
                         f"Polymarket {', '.join(SOURCE_BY_KEY[s].label for s in sorted(p_side))}")
    needed = kalshi.measure.decisive_sources if kalshi.measure else None
    if needed is None:
        return
    k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == needed}
    p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == needed}
    if k_side & p_side:
        audit.verified(f"same source: {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side & p_side))}")
    elif not (k_side and p_side):
        missing = [v for v, side in (("Kalshi", k_side), ("Polymarket", p_side)) if not side]
        audit.unverified("resolution source", f"resolution source not named by {' and '.join(missing)}")


# --- dates ----------------------------------------------------------------------------------------


def _show_when(when: When) -> str:
    if when.rule is DateRule.DURING:
        if when.start == when.end:
            return f"on {when.start}"
        month = when.month
        if month is not None and when.start is not None and when.end is not None and when.start.day == 1 \
                and (when.end + timedelta(days=1)).month != when.end.month:
            return f"in {month[0]}-{month[1]:02d}"
        return f"from {when.start} to {when.end}"
    if when.rule is DateRule.AT:
        return f"at the event of {when.day}" if when.day else f"at the event in {_month_of(when)}"
    return f"{when.rule} {when.day}"


def _month_of(when: When) -> str:
    month = when.month or ((when.start.year, when.start.month) if when.start else None)
    return f"{month[0]}-{month[1]:02d}" if month else "an unstated month"


def _days(when: When) -> tuple[date, date] | None:
    """The days a date covers: one day, or a window."""
    if when.rule is DateRule.DURING or (when.rule is DateRule.AT and when.day is None):
        return (when.start, when.end) if when.start and when.end else None
    return (when.day, when.day) if when.day else None


def _compare_when(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    k, p = kalshi.when, polymarket.when
    anchor = kalshi.measure.anchor if kalshi.measure else None
    if not k.stated or not p.stated:
        _one_date(kalshi, polymarket, audit)
    elif anchor == "month" and k.month is not None and p.month is not None and DateRule.BY not in (k.rule, p.rule):
        if k.month != p.month:
            audit.reject(f"different month: Kalshi {k.month[0]}-{k.month[1]:02d} vs Polymarket {p.month[0]}-{p.month[1]:02d}")
        else:
            audit.verified(f"same month {k.month[0]}-{k.month[1]:02d}")
    else:
        _compare_rules(kalshi, polymarket, audit)
    if kalshi.measure is not None and kalshi.measure.timed and not audit.rejected and \
            DateRule.ON in (k.rule, p.rule) and not ({k.rule, p.rule} - {DateRule.ON, None}):
        # A time of day decides a value read at one moment; a deadline or a window ends with its
        # day, whatever clock time each venue writes for that end ("11:59 PM" or "before 12:00 AM").
        _compare_times(kalshi, polymarket, audit)


def _one_date(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    k, p = kalshi.when, polymarket.when
    k_close = kalshi.close_eastern.date() if kalshi.close_eastern else None
    p_close = polymarket.close_eastern.date() if polymarket.close_eastern else None
    if not k.stated and not p.stated:
        if k_close is not None and p_close is not None and abs((k_close - p_close).days) <= _SETTLEMENT_LAG:
            audit.verified(f"neither states a date; they close on {k_close} and {p_close}")
        else:
            audit.unverified("date", "neither market states a date, and they close on different days")
        return
    stated, who, other_close = (k, "Kalshi", p_close) if k.stated else (p, "Polymarket", k_close)
    last = stated.last_day
    # A market closes on the day it states, or a few days later while the figure is published
    # (an opening weekend closes the Monday after, a year's count the first days of the next).
    if last is not None and other_close is not None and -1 <= (other_close - last).days <= _SETTLEMENT_LAG:
        audit.verified(f"{who} states {_show_when(stated)}; the other market closes on {other_close}")
    elif kalshi.kind is Kind.CHOICE and stated.start is not None and last is not None and other_close is not None \
            and stated.start <= other_close <= last:
        # A winner is picked once: "Best Actress" that closes in March 2026 is the 2026 award.
        audit.verified(f"{who} states {_show_when(stated)}; the other market picks its winner inside it, closing on "
                       f"{other_close}")
    else:
        audit.unverified("date", f"only {who} states a date ({_show_when(stated)})")


_SETTLEMENT_LAG = 7


def _compare_rules(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    k, p = kalshi.when, polymarket.when
    rules = {k.rule, p.rule}
    k_days, p_days = _days(k), _days(p)
    if (k.from_rules or p.from_rules) and k_days and p_days:
        # A date found only in the rules may be when the figure is reported, not what it is for:
        # the two dates agree when they end within the publication lag of each other.
        if abs((k_days[1] - p_days[1]).days) <= _SETTLEMENT_LAG:
            audit.verified(f"dates agree as the rules state them: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        elif kalshi.kind is Kind.CHOICE and (p_days[0] <= k_days[0] <= p_days[1] or k_days[0] <= p_days[0] <= k_days[1]):
            audit.verified(f"the same event: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        else:
            audit.unverified("date", f"dates differ as the rules state them: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        return
    if k.rule is p.rule and k_days == p_days:
        audit.verified(f"same date: {_show_when(k)}")
        return
    if k.rule is p.rule and k.rule is not DateRule.AT:
        audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if DateRule.AT in rules and k_days and p_days:
        # A meeting or an event is its date: "at its Jan 28, 2026 meeting" is "after the January
        # 2026 meeting" when the day falls in that month.
        if k_days[0] <= p_days[1] and p_days[0] <= k_days[1] and (k_days[0] == k_days[1] or p_days[0] == p_days[1]
                                                                  or k_days == p_days):
            audit.verified(f"same meeting or event: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if rules == {DateRule.BY, DateRule.DURING}:
        deadline, window = (k, p) if k.rule is DateRule.BY else (p, k)
        if window.end == deadline.day and window.start is not None:
            opened = [d.date() for d in (kalshi.opens_at, polymarket.opens_at) if d is not None]
            deadline_opened = (kalshi if deadline is k else polymarket).opens_at
            if len(opened) == 2 and window.start <= min(opened):
                audit.verified(f"the window {window.start} to {window.end} began before both markets opened: "
                               f"the same as by {deadline.day}")
            elif deadline_opened is not None and window.start > deadline_opened.date():
                audit.reject(f"window vs deadline: {_show_when(window)} starts after the market that pays by "
                             f"{deadline.day} opened ({deadline_opened.date()}): what happens before the window counts there only")
            else:
                audit.unverified("date", f"window vs deadline: {_show_when(window)} against by {deadline.day}")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if rules == {DateRule.ON, DateRule.BY}:
        if k.day == p.day:
            by, on = ("Polymarket", "Kalshi") if p.rule is DateRule.BY else ("Kalshi", "Polymarket")
            audit.reject(f"{by} pays if it happens by the date; {on} reads the date itself")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if k_days and p_days and k_days == p_days:
        audit.verified(f"same date: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        return
    if kalshi.kind is Kind.CHOICE and rules == {DateRule.ON, DateRule.DURING} and k_days and p_days:
        # Who wins an award or a race is decided at its event: "the 2026 Golden Globes" and "the
        # Golden Globes on January 11, 2026" name one ceremony.
        day, window = (k_days, p_days) if k.rule is DateRule.ON else (p_days, k_days)
        if window[0] <= day[0] <= window[1]:
            audit.verified(f"the same event: {day[0]} falls in {window[0].year}")
            return
    audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")


def _compare_times(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> None:
    k_time, p_time = kalshi.when.time_of_day, polymarket.when.time_of_day
    if k_time is not None and p_time is not None:
        if k_time != p_time:
            audit.reject(f"different time: Kalshi {k_time:%H:%M} ET vs Polymarket {p_time:%H:%M} ET")
        else:
            audit.verified(f"same time {k_time:%H:%M} ET")
        return
    stated, other, stated_by = (k_time, polymarket, "Kalshi") if k_time is not None else (p_time, kalshi, "Polymarket")
    if stated is not None and other.close_eastern is not None and other.close_eastern.time() == stated:
        audit.verified(f"{stated_by} states {stated:%H:%M} ET, when the other market closes")
        return
    if stated is None and kalshi.close_eastern and polymarket.close_eastern and kalshi.close_eastern == polymarket.close_eastern:
        audit.verified(f"both close at {kalshi.close_eastern:%Y-%m-%d %H:%M} ET")
        return
    audit.unverified("time of day", "time of day not stated by both markets")


# --- numbers --------------------------------------------------------------------------------------


def _numbers_can_meet(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether any Polymarket outcome's range relates to Kalshi's (the same, or a complement),
    before the paths of the two are known."""
    k_range = kalshi.selection
    assert isinstance(k_range, ValueRange)
    grids = [g for g in (kalshi.grid, polymarket.grid) if g is not None]
    grid = min(grids) if grids else None
    return any(isinstance(t.selection, ValueRange) and same_or_complement(k_range, t.selection, grid) is not None
               for t in polymarket.outcomes)


def _grid_words(grid: Decimal) -> str:
    return {Decimal(1): "whole units", Decimal("0.1"): "one decimal", Decimal("0.01"): "cents",
            Decimal("0.25"): "quarter-point steps", Decimal(25): "25 bps steps"}.get(grid, f"steps of {grid}")


def _map_range(kalshi: Proposition, polymarket: Proposition, k_range: ValueRange,
               audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    unit = kalshi.unit or polymarket.unit
    if kalshi.unit and polymarket.unit and kalshi.unit != polymarket.unit:
        audit.reject(f"different unit: Kalshi {kalshi.unit} vs Polymarket {polymarket.unit}")
        return None
    grids = [g for g in (kalshi.grid, polymarket.grid) if g is not None]
    # Two grids that disagree: compare on the finer one, where fewer values coincide.
    grid = min(grids) if grids else None
    terms = polymarket.outcomes
    if len(terms) != 2 or not all(isinstance(t.selection, ValueRange) for t in terms):
        audit.reject("Polymarket outcomes carry no threshold or range")
        return None
    for index, term in enumerate(terms):
        p_range = term.selection
        assert isinstance(p_range, ValueRange)
        relation = same_or_complement(k_range, p_range, grid)
        if audit.path_opposed:
            # Touching a level is the NO of staying on the other side of it all along.
            if term.negated and relation == "complement":
                _explain_equal(kalshi, polymarket, k_range, p_range, term, grid, relation, unit, audit)
                return term, terms[1 - index]
            continue
        if relation == ("complement" if term.negated else "same"):
            _explain_equal(kalshi, polymarket, k_range, p_range, term, grid, relation, unit, audit)
            return term, terms[1 - index]
    positive = next(t for t in terms if not t.negated)
    p_range = positive.selection
    assert isinstance(p_range, ValueRange)
    audit.reject(lambda: _difference(k_range, p_range, unit, grid))
    return None


def _explain_equal(kalshi: Proposition, polymarket: Proposition, k_range: ValueRange, p_range: ValueRange,
                   term: OutcomeTerm, grid: Decimal | None, relation: str, unit: str, audit: _Audit) -> None:
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if relation == "same" and k_range == p_range:
        kind = "bucket" if k_range.is_bucket else "threshold"
        audit.verified(f"{kind} {k_text}{_inclusivity(k_range)} on both; Polymarket '{term.name}' pays on Kalshi YES")
        return
    if relation == "same":
        audit.verified(f"Kalshi {k_text} = Polymarket {p_text} on a grid of {_grid_words(grid or Decimal(1))}; "
                       f"Polymarket '{term.name}' pays on Kalshi YES")
    else:
        audit.verified(f"complement: Kalshi {k_text} vs Polymarket {p_text}; Polymarket '{term.name}' pays on Kalshi YES")
    if grid is not None and not (kalshi.grid_stated or polymarket.grid_stated) and k_range != p_range:
        label = kalshi.measure.label if kalshi.measure else "the value"
        audit.assumed(f"assumes {label} is published in {_grid_words(grid)}", ASSUMED_GRID)


def _inclusivity(value_range: ValueRange) -> str:
    if value_range.is_bucket:
        return ""
    bound = value_range.low or value_range.high
    assert bound is not None
    return " inclusive" if bound.inclusive else " strict"


def _difference(k_range: ValueRange, p_range: ValueRange, unit: str, grid: Decimal | None) -> str:
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if k_range.is_bucket != p_range.is_bucket:
        bucket, tail = ("Kalshi", "Polymarket") if k_range.is_bucket else ("Polymarket", "Kalshi")
        return f"bucket vs cumulative: {bucket} pays on a range, {tail} on a tail (Kalshi {k_text} vs Polymarket {p_text})"
    boundary = None if k_range.is_bucket else _single_boundary(k_range, p_range, grid)
    if boundary is not None:
        at = show_value(boundary, unit)
        if (k_range.low is None) == (p_range.low is None):
            k_kind, k_note = _at_boundary(k_range, boundary, unit, grid)
            p_kind, p_note = _at_boundary(p_range, boundary, unit, grid)
            return (f"Kalshi {k_kind} {k_text}{k_note} vs Polymarket {p_kind} {p_text}{p_note} "
                    f"(a value of exactly {at} settles them differently)")
        return (f"not complements at the boundary: Kalshi {k_text} vs Polymarket {p_text} (a value of exactly {at} pays on "
                "both sides or on neither)")
    return f"threshold differs: Kalshi {k_text} vs Polymarket {p_text}"


def _at_boundary(value_range: ValueRange, boundary: Decimal, unit: str, grid: Decimal | None) -> tuple[str, str]:
    """("inclusive" | "strict", note): whether the range pays at the boundary value, and, when
    its written number is not the boundary itself, what it amounts to on the grid ("> $93,999.99"
    is "≥ $94,000" to the cent)."""
    bound = value_range.low or value_range.high
    assert bound is not None
    if grid is None or bound.value == boundary:
        return ("inclusive" if bound.inclusive else "strict"), ""
    low, high = value_range.grid_units(grid)
    units = low if low is not None else high
    inclusive = units is not None and units * grid == boundary
    symbol = ("≥" if value_range.low else "≤") if inclusive else (">" if value_range.low else "<")
    return ("inclusive" if inclusive else "strict"), f" (= {symbol} {show_value(boundary, unit)} in {_grid_words(grid)})"


def _single_boundary(k_range: ValueRange, p_range: ValueRange, grid: Decimal | None) -> Decimal | None:
    """The one value on which two one-sided ranges disagree, when they disagree on one value only:
    "> 3.0%" vs ">= 3.0%" (3.0% itself), or "> 3.0%" vs "< 3.0%" as would-be complements."""
    same_side = (k_range.low is None) == (p_range.low is None)
    if grid is None:
        k_bound, p_bound = k_range.low or k_range.high, p_range.low or p_range.high
        if k_bound is None or p_bound is None or k_bound.value != p_bound.value:
            return None
        differs = k_bound.inclusive != p_bound.inclusive
        return k_bound.value if differs == same_side else None
    k_low, k_high = k_range.grid_units(grid)
    p_low, p_high = p_range.grid_units(grid)
    if same_side:
        if k_low is not None and p_low is not None and abs(k_low - p_low) == 1:
            return min(k_low, p_low) * grid
        if k_high is not None and p_high is not None and abs(k_high - p_high) == 1:
            return max(k_high, p_high) * grid
        return None
    low, high = (k_low, p_high) if k_low is not None else (p_low, k_high)
    if low is None or high is None:
        return None
    if low == high:  # one value pays on both sides
        return low * grid
    if low == high + 2:  # one value pays on neither
        return (high + 1) * grid
    return None


# --- options and events -----------------------------------------------------------------------------


def _map_statement(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
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
            if isinstance(term.selection, Name) and not term.negated and same_name(k_option, term.selection):
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
            if flipped:
                why = (f"only {'Kalshi' if kalshi.frame.negated else 'Polymarket'}'s statement says 'not'" if negated
                       else "the statements are opposites")
                audit.verified(f"complement: {why}; Polymarket '{term.name}' pays on Kalshi YES")
            else:
                audit.verified(f"the same event; Polymarket '{term.name}' pays on Kalshi YES")
            return term, terms[1 - index]
    audit.reject("no Polymarket outcome pays exactly when the Kalshi statement is true")
    return None


# --- games, titles, races and up/down windows -------------------------------------------------------


def _game_label(teams: tuple[str, ...]) -> str:
    return "@".join(team_label(t) for t in teams) if len(teams) == 2 else "/".join(team_label(t) for t in teams)


def _same_teams(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if set(a) == set(b):
        return True
    if len(a) != 2 or len(b) != 2:
        return False
    return (same_team(a[0], b[0]) and same_team(a[1], b[1])) or (same_team(a[0], b[1]) and same_team(a[1], b[0]))


def _compare_games(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.league and polymarket.league and kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    k_segment, p_segment = kalshi.frame.axes.get("segment"), polymarket.frame.axes.get("segment")
    if k_segment != p_segment:
        audit.reject(f"Kalshi {k_segment} vs Polymarket {p_segment} winner")
    if not kalshi.teams or not polymarket.teams:
        audit.unverified("teams", "teams of one game not read")
    elif not _same_teams(kalshi.teams, polymarket.teams):
        audit.reject(f"different game: Kalshi {_game_label(kalshi.teams)} vs Polymarket {_game_label(polymarket.teams)}")
    k_day, p_day = kalshi.when.day, polymarket.when.day
    if k_day is None or p_day is None:
        audit.unverified("game date", "game date not stated by both markets")
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
    audit.verified(f"same game {_game_label(kalshi.teams)} {k_day}")
    league = kalshi.league or polymarket.league
    if league in sports_lexicon.LEAGUES_WITH_TIES:
        audit.assumed(f"{league} games can end tied: each venue's tie rule settles that case", TIE_POSSIBLE)
    assert isinstance(kalshi.selection, Name)
    return _map_choice(kalshi.selection, polymarket, audit,
                       exhaustive=kalshi.exclusive_options and polymarket.exclusive_options, what="wins")


def _map_choice(choice: Name, polymarket: Proposition, audit: _Audit, *, exhaustive: bool,
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


def _compare_years(kalshi: Proposition, polymarket: Proposition, audit: _Audit, what: str) -> None:
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


def _compare_titles(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    k_competition, p_competition = kalshi.frame.axes.get("competition"), polymarket.frame.axes.get("competition")
    if k_competition != p_competition:
        audit.reject(f"Kalshi {k_competition} vs Polymarket {p_competition}")
    _compare_years(kalshi, polymarket, audit, "season")
    if audit.rejected:
        return None
    year = kalshi.when.start.year if kalshi.when.start else None
    audit.verified(f"same competition: {year} {kalshi.league} {k_competition}")
    assert isinstance(kalshi.selection, Name)
    # Many teams can win a title: the "No" of one team is never another team's YES.
    return _map_choice(kalshi.selection, polymarket, audit, exhaustive=False, what="wins the title")


def _compare_elections(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_axes, p_axes = kalshi.frame.axes, polymarket.frame.axes
    if k_axes["office"] != p_axes["office"]:
        audit.reject(f"different office: Kalshi {k_axes['office']} vs Polymarket {p_axes['office']}")
    if k_axes["stage"] != p_axes["stage"]:
        audit.reject(f"nominee vs winner: Kalshi {k_axes['stage']} vs Polymarket {p_axes['stage']}")
    if kalshi.place != polymarket.place:
        audit.reject(f"different state: Kalshi {kalshi.place or 'national'} vs Polymarket {polymarket.place or 'national'}")
    if k_axes["stage"] == p_axes["stage"] == "nomination" and k_axes.get("party") != p_axes.get("party"):
        audit.reject(f"different party's nomination: Kalshi {k_axes.get('party')} vs Polymarket {p_axes.get('party')}")
    _compare_years(kalshi, polymarket, audit, "election year")
    if audit.rejected:
        return None
    where = f" {kalshi.place}" if kalshi.place else ""
    year = kalshi.when.start.year if kalshi.when.start else None
    audit.verified(f"same race: {year}{where} {k_axes['office']} {k_axes['stage']}")
    choice = kalshi.selection
    assert isinstance(choice, Name)
    positive = next((t for t in polymarket.outcomes if not t.negated), None)
    offered = positive.selection if positive is not None and isinstance(positive.selection, Name) else None
    if offered is not None and offered.kind != choice.kind:
        audit.reject(f"party vs candidate: Kalshi {choice.label} vs Polymarket {offered.label}")
        return None
    if offered is not None and _same_person(choice, offered):
        if offered.key != choice.key:
            audit.assumed(f"names differ in middle names: Kalshi {choice.label} vs Polymarket {offered.label}", ASSUMED_GRID)
        choice = offered
    # Candidates and parties are never exhaustive (a third candidate can win), so the "No" of one
    # is never the YES of another.
    return _map_choice(choice, polymarket, audit, exhaustive=False, what="wins")


def _same_person(a: Name, b: Name) -> bool:
    """First and last name alike ("Robert Vance Miller" / "Robert Miller"), or a name the person is
    known by alone ("Lula" of "Luiz Inácio Lula da Silva")."""
    if a.kind != "person" or b.kind != "person":
        return False
    a_words, b_words = a.key[7:].split(), b.key[7:].split()
    if not a_words or not b_words:
        return False
    if a_words[0] == b_words[0] and a_words[-1] == b_words[-1]:
        return True
    short, long = (a_words, b_words) if len(a_words) < len(b_words) else (b_words, a_words)
    return len(short) == 1 and len(short[0]) >= 4 and short[0] in long


def _compare_directions(kalshi: Proposition, polymarket: Proposition, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
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
    _compare_sources(kalshi, polymarket, audit)
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
