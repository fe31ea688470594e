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

from arb_pipeline.domain.matching.equivalence.aliases import with_declared_aliases
from arb_pipeline.domain.matching.equivalence.audit import CONTRADICTION, UNSTATED, Audit, Verdict
from arb_pipeline.domain.matching.equivalence.axes import compare_axes
from arb_pipeline.domain.matching.equivalence.comparisons import compare_comparisons
from arb_pipeline.domain.matching.equivalence.contests import (
    compare_directions,
    compare_elections,
    compare_games,
    compare_series,
    compare_titles,
)
from arb_pipeline.domain.matching.equivalence.counts import count_as_event
from arb_pipeline.domain.matching.equivalence.decisions import decision_as_event
from arb_pipeline.domain.matching.equivalence.names import compare_names
from arb_pipeline.domain.matching.equivalence.ranges import map_range, numbers_can_meet
from arb_pipeline.domain.matching.equivalence.sources import compare_place, compare_sources
from arb_pipeline.domain.matching.equivalence.statements import compare_quoted, compare_words, map_statement
from arb_pipeline.domain.matching.equivalence.timing import compare_when
from arb_pipeline.domain.matching.propositions.comparisons import COMPARISON
from arb_pipeline.domain.matching.propositions.elections import ELECTION
from arb_pipeline.domain.matching.propositions.games import GAME, GAME_LINE
from arb_pipeline.domain.matching.propositions.model import Kind, OutcomeTerm, Proposition, ValueRange
from arb_pipeline.domain.matching.propositions.reader import DIRECTION
from arb_pipeline.domain.matching.propositions.series import SERIES
from arb_pipeline.domain.matching.propositions.terms import settlement
from arb_pipeline.domain.matching.propositions.titles import TITLE

__all__ = ["UNSTATED", "Verdict", "compare", "rejects"]


def compare(kalshi: Proposition, polymarket: Proposition) -> Verdict:
    if not kalshi.understood or not polymarket.understood:
        return _unread(kalshi, polymarket)
    polymarket = _as_compared(kalshi, polymarket)
    audit = Audit()
    if {kalshi.kind, polymarket.kind} == {Kind.THRESHOLD, Kind.EVENT}:
        counted = count_as_event(*((kalshi, polymarket) if kalshi.kind is Kind.THRESHOLD else (polymarket, kalshi)))
        if counted is not None:
            if kalshi.kind is Kind.THRESHOLD:
                kalshi = counted[0]
            else:
                polymarket = counted[0]
            audit.verified(counted[1])
        else:
            decided = decision_as_event(kalshi, polymarket) or decision_as_event(polymarket, kalshi)
            if decided is not None:
                if decided[0].venue is kalshi.venue:
                    kalshi = decided[0]
                else:
                    polymarket = decided[0]
                audit.verified(decided[1])
    if not _same_kind(kalshi, polymarket):
        audit.reject(f"Kalshi {_describe(kalshi)} market vs Polymarket {_describe(polymarket)} market")
        return _verdict(audit, None)
    for problem in kalshi.problems:
        audit.unverified("Kalshi's own terms", f"Kalshi market contradicts itself: {problem}", CONTRADICTION)
    for problem in polymarket.problems:
        audit.unverified("Polymarket's own terms", f"Polymarket market contradicts itself: {problem}", CONTRADICTION)
    if kalshi.topic == GAME:
        mapping = compare_games(kalshi, polymarket, audit)
    elif kalshi.topic == TITLE:
        mapping = compare_titles(*_with_declarations(kalshi, polymarket, audit), audit)
    elif kalshi.topic == SERIES:
        mapping = compare_series(kalshi, polymarket, audit)
    elif kalshi.topic == ELECTION:
        mapping = compare_elections(*_with_declarations(kalshi, polymarket, audit), audit)
    elif kalshi.topic == DIRECTION:
        mapping = compare_directions(kalshi, polymarket, audit)
    elif kalshi.topic == COMPARISON:
        mapping = compare_comparisons(kalshi, polymarket, audit)
    else:
        mapping = _compare_general(kalshi, polymarket, audit)
    _kept_on_a_draw(kalshi, polymarket, audit)
    return _verdict(audit, mapping)


def _kept_on_a_draw(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """A trophy retained (reader.py) pays YES on a draw: the other market's win is its NO only
    when that market's rules settle a draw NO ("a drawn series resolves No", "a 14-14 tie does not
    count as a win"); a draw split or void there, or a rule not stated, waits for a person."""
    for own, other in ((kalshi, polymarket), (polymarket, kalshi)):
        if own.topic not in _CONTESTS and own.settles.get("draw") == "yes" \
                and settlement(other.frame.rules).get("draw") != "no":
            audit.unverified("draw", "a draw keeps the trophy with its holder on one venue; the other's rules do not "
                                     "settle a draw NO")


def _with_declarations(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[Proposition, Proposition]:
    """Both propositions with the names either market declares equal written alike (aliases.py),
    applied only where names are compared: a rung of a ladder settled by its number never reads
    the other market's names for it."""
    kalshi, polymarket, declared = with_declared_aliases(kalshi, polymarket)
    if declared:
        audit.verified(declared)
    return kalshi, polymarket


# Topics compared by their own readers' parts; every other proposition is compared by its measure,
# names, words and dates (:func:`_compare_general`).
_CONTESTS = frozenset({GAME, TITLE, SERIES, ELECTION, DIRECTION, COMPARISON})


def rejects(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether :func:`compare` rejects the pair, told from the kinds, measures and numbers alone:
    two kinds of market, two measures, or a rung of a ladder whose numbers meet no Polymarket
    outcome's. Most candidates of a catalog are such rungs, and their verdict's reasons are read
    only for the few near misses kept to explain a Kalshi market (the matcher compares those
    when it keeps them). False says nothing: the pair may still be rejected."""
    if not kalshi.understood or not polymarket.understood or {kalshi.kind, polymarket.kind} == {Kind.THRESHOLD, Kind.EVENT}:
        return False
    polymarket = _as_compared(kalshi, polymarket)
    if not _same_kind(kalshi, polymarket):
        return True
    if kalshi.topic in _CONTESTS or kalshi.measure is None or polymarket.measure is None:
        return False
    return kalshi.measure.key != polymarket.measure.key or _numbers_apart(kalshi, polymarket)


def _as_compared(kalshi: Proposition, polymarket: Proposition) -> Proposition:
    """A Polymarket game of two named sides with no day, as a choice between them against a Kalshi
    market the general reader read (the winner of a championship match, named as its option).
    Only when neither market's rules settle a draw or a no contest apart: a split draw on one
    venue is no side's win on the other."""
    if polymarket.choice is not None and kalshi.topic == "" and kalshi.kind in (Kind.CHOICE, Kind.EVENT) \
            and not polymarket.settles and not settlement(kalshi.frame.rules):
        return polymarket.choice
    return polymarket


def _numbers_apart(kalshi: Proposition, polymarket: Proposition) -> bool:
    """A Kalshi threshold of the measure both markets name, that no Polymarket outcome states or
    complements: the pair is rejected whatever else they say."""
    return kalshi.kind is Kind.THRESHOLD and isinstance(kalshi.selection, ValueRange) \
        and not numbers_can_meet(kalshi, polymarket)


def _verdict(audit: Audit, mapping: tuple[OutcomeTerm, OutcomeTerm] | None) -> Verdict:
    if audit.rejected or mapping is None:
        return Verdict(None, None, 0.0, tuple(audit.reasons), rejected=True)
    if audit.polarity_unsettled:
        # Which outcome pays is exactly what is in doubt: a provisional token would be a guess a
        # reviewer may confirm by habit (docs/matching.md#the-review-queue-arb-pipeline-review).
        return Verdict(None, None, audit.certainty, tuple(audit.reasons), rejected=False,
                       unsettled=tuple(dict.fromkeys(audit.unsettled)))
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
    if p.topic == SERIES:
        return "series winner"
    if p.topic == ELECTION:
        return "election"
    if p.topic == COMPARISON:
        return "comparison of two sides"
    if p.kind is Kind.THRESHOLD and p.measure is not None:
        return f"{p.measure.label} threshold"
    return str(p.kind)


# --- the general comparison -----------------------------------------------------------------------


def _compare_general(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_measure, p_measure = kalshi.measure, polymarket.measure
    measured = k_measure is not None and p_measure is not None
    if measured:
        assert k_measure is not None and p_measure is not None
        if k_measure.key != p_measure.key:
            audit.reject(f"different measure: Kalshi {k_measure.label} vs Polymarket {p_measure.label}")
            return None
        audit.verified(f"same measure: {k_measure.label}")
        if _numbers_apart(kalshi, polymarket):
            assert isinstance(kalshi.selection, ValueRange)
            # The rungs of one ladder meet each other in every catalog: their dates and numbers
            # settle them before names and words are read.
            compare_axes(kalshi, polymarket, audit)
            compare_when(kalshi, polymarket, audit)
            if not audit.rejected:
                map_range(kalshi, polymarket, kalshi.selection, audit)
            return None
    # Past the ladder's rungs, which their numbers settle: the names are compared from here on.
    kalshi, polymarket = _with_declarations(kalshi, polymarket, audit)
    compare_axes(kalshi, polymarket, audit)
    if kalshi.topic != GAME_LINE and not (measured and k_measure is not None and k_measure.placed):
        # A reading at a place is compared by its place and station, not by how each venue names
        # the city ("NYC" / "Central Park, New York").
        compare_quoted(kalshi, polymarket, audit)
        compare_names(kalshi, polymarket, audit, measured=measured)
        if not measured or Kind.EVENT in (kalshi.kind, polymarket.kind):
            # A yes/no event that names a measure ("OPEC+ agrees an output increase", under an
            # oil heading) pays on what happens, which its words say, not on the measure's value.
            compare_words(kalshi, polymarket, audit)
    compare_place(kalshi, polymarket, audit)
    compare_sources(kalshi, polymarket, audit)
    compare_when(kalshi, polymarket, audit)
    if audit.rejected:
        return None
    if kalshi.kind is Kind.THRESHOLD:
        if not isinstance(kalshi.selection, ValueRange):
            audit.reject("Kalshi market states no threshold or range")
            return None
        return map_range(kalshi, polymarket, kalshi.selection, audit)
    return map_statement(kalshi, polymarket, audit)
