"""The matcher: Kalshi and Polymarket catalogs in, matched pairs out (approved, review, rejected).

1. Read the proposition each market states, once (:mod:`.propositions`).
2. Pair only propositions that share a block (:mod:`.candidates`), never all pairs.
3. Compare each candidate's propositions part by part and map the Polymarket token that pays on
   Kalshi YES (:mod:`.equivalence`); rank with text similarity (:mod:`.scoring`).
4. Approve only pairs whose every part agrees and whose confidence reaches
   ``auto_approve_confidence``; a part that cannot be settled sends the pair to review with that
   part named; when several markets qualify for the same Kalshi market or the same Polymarket
   token, none is approved and a human picks, unless one Polymarket market assumes no part the
   others assume (a grid their rules do not state): that one is the pair.
5. Apply the user's pairs file last: it wins, except where the matcher proves a pin wrong
   (:mod:`.pairs_file`).
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

from arb_pipeline.domain.matching.candidates import BlockingConfig, candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare, rejects
from arb_pipeline.domain.matching.pairs_file import PairsFile, apply_pairs_file, contradict_pin
from arb_pipeline.domain.matching.propositions import OutcomeTerm, Proposition, read
from arb_pipeline.domain.matching.reading_pool import map_in_processes
from arb_pipeline.domain.matching.propositions.games import GAME
from arb_pipeline.domain.matching.scoring import confidence, title_similarity
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, PairTransform, Venue

log = logging.getLogger(__name__)

# Kalshi multivariate parlays (KXMVE..., docs/venues.md#kalshi-markets) combine several legs and never settle
# like one market on another venue.
_PARLAY_PREFIX = "KXMVE"


@dataclass(frozen=True, slots=True)
class MatchConfig:
    auto_approve_confidence: float = 0.9
    review_confidence: float = 0.5
    # Rejected look-alikes kept per Kalshi market (the most similar first), so a user reviewing
    # the queue sees why the near misses were turned down.
    max_rejected_per_kalshi: int = 3
    blocking: BlockingConfig = field(default_factory=BlockingConfig)
    # Processes reading the markets' propositions (:mod:`.reading_pool`): at most the cores this
    # process may use, and one for small catalogs or where forking is unsafe.
    reading_processes: int = 2

    def __post_init__(self) -> None:
        if not 0 < self.review_confidence <= self.auto_approve_confidence <= 1:
            raise ValueError(
                "MatchConfig needs 0 < review_confidence <= auto_approve_confidence <= 1, got "
                f"{self.review_confidence} and {self.auto_approve_confidence}"
            )
        if self.max_rejected_per_kalshi < 0:
            raise ValueError(f"MatchConfig.max_rejected_per_kalshi must be >= 0, got {self.max_rejected_per_kalshi}")
        if self.reading_processes < 1:
            raise ValueError(f"MatchConfig.reading_processes must be >= 1, got {self.reading_processes}")


@dataclass(frozen=True, slots=True)
class MatchReport:
    pairs: tuple[MatchedPair, ...]
    pairs_file_issues: tuple[str, ...]  # pairs-file entries that could not be applied, and why
    candidates: int  # candidate pairs compared after blocking
    kalshi_markets: int
    polymarket_markets: int


def match_markets(
    kalshi: Sequence[Market],
    polymarket: Sequence[Market],
    *,
    pairs_file: PairsFile | None = None,
    config: MatchConfig = MatchConfig(),
) -> list[MatchedPair]:
    """Approved, review and rejected pairs (rejected ones that were plausible candidates, with
    the reasons)."""
    return list(match_report(kalshi, polymarket, pairs_file=pairs_file, config=config).pairs)


@dataclass
class _Scored:
    kalshi: int
    polymarket: int
    # None for a pair rejected on its kinds, measures or numbers alone (``rejects``): compared only
    # if it is kept as a near miss.
    verdict: Verdict | None
    similarity: float
    confidence: float
    status: PairStatus
    same_shape: bool
    extra_reasons: list[str] = field(default_factory=list)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Matching two 20,000-market catalogs allocates millions of small objects and no reference
    cycles; left on, the cyclic collector rescans the whole heap (every market, book and
    proposition) several times and costs seconds. Reference counting frees everything here, and
    the previous setting is restored on the way out.

    What survives the matching (the readings kept for the next match, the report) is long-lived,
    yet it all sits in the youngest generation: the first allocation after ``gc.enable()`` would
    walk it all (2 to 4 % of a 20,000 x 20,000 match) and later collections would walk it twice more.
    Freezing and unfreezing moves it to the oldest generation without a walk, unless the process
    keeps objects frozen of its own (the streamer does): those must stay frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def match_report(
    kalshi: Sequence[Market],
    polymarket: Sequence[Market],
    *,
    pairs_file: PairsFile | None = None,
    config: MatchConfig = MatchConfig(),
    owns_kalshi: Callable[[str], bool] | None = None,
) -> MatchReport:
    """With ``owns_kalshi``, the pairs of the Kalshi markets it owns only (one scan shard's,
    docs/operations.md#scale-out), exactly as matching every Kalshi market would find them:
    blocking still weighs words and ranks candidates over the whole of ``kalshi``."""
    with _no_cycle_collection():
        return _match_report(kalshi, polymarket, pairs_file, config, owns_kalshi)


def _match_report(kalshi: Sequence[Market], polymarket: Sequence[Market], pairs_file: PairsFile | None,
                  config: MatchConfig, owns_kalshi: Callable[[str], bool] | None) -> MatchReport:
    kalshi_markets = _unique(kalshi, Venue.KALSHI)
    polymarket_markets = _unique(polymarket, Venue.POLYMARKET)
    both_read = _read_all([*kalshi_markets, *polymarket_markets], config.reading_processes)
    kalshi_read, polymarket_read = both_read[:len(kalshi_markets)], both_read[len(kalshi_markets):]
    # A word's rarity and a Polymarket market's best Kalshi counterparts depend on every Kalshi
    # market, so blocking sees them all and a shard then keeps its own candidates: the shards
    # together compare exactly the pairs one pass compares.
    candidates = candidate_pairs(kalshi_read, polymarket_read, config.blocking)
    owned = len(kalshi_markets)
    if owns_kalshi is not None:
        own = [owns_kalshi(m.market_id) for m in kalshi_markets]
        candidates = [(k, p) for k, p in candidates if own[k]]
        owned = sum(own)

    scored = [
        s for k, p in candidates
        if (s := _score(k, p, kalshi_read[k], polymarket_read[p], config)) is not None
    ]
    _settle_conflicts(scored, kalshi_read, polymarket_read)
    kept = _keep_plausible_rejections(scored, config)
    for s in kept:
        if s.verdict is None:
            s.verdict = compare(kalshi_read[s.kalshi], polymarket_read[s.polymarket])
    pairs = [_pair(s, kalshi_markets, polymarket_markets, polymarket_read, config) for s in kept]

    issues: tuple[str, ...] = ()
    if pairs_file is not None:
        pairs, issues = _apply_pairs_file(pairs, pairs_file, kalshi_markets, polymarket_markets,
                                          kalshi_read, polymarket_read)
        if owns_kalshi is not None:
            pairs = [pair for pair in pairs if owns_kalshi(pair.kalshi_ticker)]
        for issue in issues:
            log.warning("%s", issue)
    order = {PairStatus.APPROVED: 0, PairStatus.REVIEW: 1, PairStatus.REJECTED: 2}
    pairs.sort(key=lambda pair: (order[pair.status], pair.kalshi_ticker, pair.polymarket_market_id, -pair.confidence))
    return MatchReport(tuple(pairs), issues, len(candidates), owned, len(polymarket_markets))


# A worker process runs one shard's matching after another on the same catalog
# (docs/operations.md#scale-out), and every shard reads every market. A proposition depends on its
# market's text, dates and outcomes alone, so a process reads each market once for as long as those
# are unchanged. Prices, fees and tick sizes (``PRICE_FIELDS``, and each outcome's display price)
# move all day and no reading uses them: they are left out of the key, so a re-priced market is not
# read again (test_matcher proves a reading ignores them). ``raw`` is no part of a market's
# equality and is left out too. The key is built from attributes, once per market: a copy of the
# market without the left-out fields cost more than the reading's cache saved on a 40,000-market
# match.
PRICE_FIELDS = frozenset({"fee", "top_of_book", "tick_size"})
_READINGS: dict[tuple[object, ...], Proposition] = {}
_READINGS_KEPT = 1 << 19  # about both venues' whole listings
_READ_FIELDS = attrgetter(*(f.name for f in fields(Market) if f.compare and f.name not in PRICE_FIELDS | {"outcomes"}))


def _reading_key(market: Market) -> tuple[object, ...]:
    return _READ_FIELDS(market), tuple((outcome.name, outcome.token_id) for outcome in market.outcomes)


def _read_all(markets: list[Market], processes: int) -> list[Proposition]:
    """Each market's proposition, from the cache or read, the unread ones in up to ``processes``
    processes (:mod:`.reading_pool`)."""
    keys = [_reading_key(market) for market in markets]
    readings = [_READINGS.get(key) for key in keys]
    unread = [index for index, found in enumerate(readings) if found is None]
    for index, found in zip(unread, map_in_processes(read, [markets[index] for index in unread], processes)):
        if len(_READINGS) >= _READINGS_KEPT:
            del _READINGS[next(iter(_READINGS))]
        _READINGS[keys[index]] = readings[index] = found
    return readings  # type: ignore[return-value]  # every unread one was read above


def _unique(markets: Sequence[Market], venue: Venue) -> list[Market]:
    seen: set[str] = set()
    unique = []
    for market in markets:
        if market.venue is not venue:
            raise ValueError(f"market {market.market_id} is a {market.venue} market, passed as {venue}")
        if market.market_id in seen or market.market_id.startswith(_PARLAY_PREFIX):
            continue
        seen.add(market.market_id)
        unique.append(market)
    return unique


def _score(k: int, p: int, kalshi: Proposition, polymarket: Proposition, config: MatchConfig) -> _Scored | None:
    similarity = title_similarity(kalshi.text, polymarket.text)
    same_shape = kalshi.kind is polymarket.kind and kalshi.topic == polymarket.topic
    if rejects(kalshi, polymarket):
        # Rejected with confidence 0 (see ``confidence``), whatever the reasons: over half of a
        # catalog's candidates are rungs of one ladder against another's, and at most
        # ``max_rejected_per_kalshi`` of them per Kalshi market are kept, so only those need them.
        return _Scored(k, p, None, similarity, 0.0, PairStatus.REJECTED, same_shape)
    verdict = compare(kalshi, polymarket)
    score = confidence(verdict, similarity)
    if not verdict.understood:
        # Text alone can put a pair in front of a human, never in front of the book walker.
        if score < config.review_confidence:
            return None
        status = PairStatus.REVIEW
    elif verdict.rejected:
        status = PairStatus.REJECTED
    elif verdict.agrees and score >= config.auto_approve_confidence:
        status = PairStatus.APPROVED
    else:
        status = PairStatus.REVIEW
    return _Scored(k, p, verdict, similarity, score, status, same_shape)


def _settle_conflicts(scored: list[_Scored], kalshi: list[Proposition], polymarket: list[Proposition]) -> None:
    """Two markets that each look equivalent to a third cannot both be trusted blindly: when a
    Kalshi market has several approved counterparts, or a Polymarket token pays on several
    approved Kalshi markets, all of them go to review. One exception: Polymarket markets that
    state a proposition and its complement ("out by June 30" and "remains through June 30", "above
    400k" and "400k or fewer", a game's moneyline and "Will the Knicks beat the Celtics?") give a
    Kalshi market one counterpart paying on "Yes" (or a side) and one paying on "No"; both are the
    pair, in one Polymarket event or in two: a misread market states what another states, not its
    negation."""
    by_kalshi: dict[int, list[_Scored]] = defaultdict(list)
    by_token: dict[tuple[int, str | None], list[_Scored]] = defaultdict(list)
    for s in scored:
        if s.status is PairStatus.APPROVED:
            by_kalshi[s.kalshi].append(s)
            by_token[(s.polymarket, s.verdict.yes_token)].append(s)
    for group in by_kalshi.values():
        if len(group) > 1 and not _statement_and_complement(group, polymarket):
            group.sort(key=lambda s: -s.verdict.certainty)
            if group[0].verdict.certainty > group[1].verdict.certainty:
                # One counterpart agrees with no part assumed where the others assume one (a
                # grid, a middle name): it is the pair; the others wait for a person. Title
                # similarity never picks.
                best = polymarket[group[0].polymarket].market_id
                for s in group[1:]:
                    s.status = PairStatus.REVIEW
                    s.extra_reasons.append(f"Polymarket {best} states this Kalshi market with fewer assumptions: a human picks")
                continue
            others = ", ".join(sorted(polymarket[s.polymarket].market_id for s in group))
            for s in group:
                s.status = PairStatus.REVIEW
                s.extra_reasons.append(f"several Polymarket markets qualify for this Kalshi market ({others}): a human picks")
    for group in by_token.values():
        approved = sorted((s for s in group if s.status is PairStatus.APPROVED), key=lambda s: -s.verdict.certainty)
        if len(approved) > 1 and approved[0].verdict.certainty > approved[1].verdict.certainty:
            # One Kalshi market states the token's proposition with no part assumed (its
            # candidate's whole name, where another's is a shorter form): it is the pair.
            best = kalshi[approved[0].kalshi].market_id
            for s in approved[1:]:
                s.status = PairStatus.REVIEW
                s.extra_reasons.append(f"Kalshi {best} states this Polymarket market with fewer assumptions: a human picks")
        elif len(approved) > 1:
            others = ", ".join(sorted(kalshi[s.kalshi].market_id for s in approved))
            for s in approved:
                s.status = PairStatus.REVIEW
                s.extra_reasons.append(f"the same Polymarket token pays on several Kalshi markets ({others}): a human picks")


def _statement_and_complement(group: list[_Scored], polymarket: list[Proposition]) -> bool:
    """Two counterparts, one paying on its "Yes" (or a side) and one on its "No"; or one game's
    market of its two sides and its Yes/No market of one side ("Celtics vs. Knicks" and "Will the
    Knicks beat the Celtics?"), which two games of one day never are (both would list sides)."""
    if len(group) != 2 or group[0].polymarket == group[1].polymarket:
        return False
    pays_on_no = [any(t.token_id == s.verdict.yes_token and _the_no(t) for t in polymarket[s.polymarket].outcomes)
                  for s in group]
    if sorted(pays_on_no) == [False, True]:
        return True
    games = [polymarket[s.polymarket] for s in group]
    yes_no = [any(t.negated for t in p.outcomes) for p in games]
    # Two starts the same day are a doubleheader's two games.
    starts = {p.starts_at for p in games if p.starts_at is not None}
    return all(p.topic == GAME for p in games) and sorted(yes_no) == [False, True] \
        and set(games[0].teams) == set(games[1].teams) and games[0].when.day == games[1].when.day and len(starts) <= 1


def _the_no(term: OutcomeTerm) -> bool:
    """The outcome that pays when the market's statement is false: its "No" by name (also when
    the reader turned its statement round, as for "Will the Fed change rates?", whose "No" pays on
    a hold), else a negated side ("Under")."""
    name = term.name.strip().lower()
    return name == "no" or (term.negated and name != "yes")


def _keep_plausible_rejections(scored: list[_Scored], config: MatchConfig) -> list[_Scored]:
    rejected: dict[int, list[_Scored]] = defaultdict(list)
    kept = []
    for s in scored:
        if s.status is PairStatus.REJECTED:
            rejected[s.kalshi].append(s)
        else:
            kept.append(s)
    for group in rejected.values():
        # Near misses of the same kind (another threshold, another day) explain more than a
        # different kind of market from the same event.
        group.sort(key=lambda s: (not s.same_shape, -s.similarity))
        kept.extend(group[: config.max_rejected_per_kalshi])
    return kept


def _pair(s: _Scored, kalshi: list[Market], polymarket: list[Market], polymarket_read: list[Proposition],
          config: MatchConfig) -> MatchedPair:
    kalshi_market, polymarket_market = kalshi[s.kalshi], polymarket[s.polymarket]
    reasons = [*s.verdict.reasons, *s.extra_reasons, f"title similarity {s.similarity:.0f}"]
    if s.status is PairStatus.REVIEW and s.verdict.unsettled:
        reasons.append(f"needs review: {', '.join(s.verdict.unsettled)} could not be settled")
    elif s.status is PairStatus.REVIEW and s.confidence < config.auto_approve_confidence:
        reasons.append(f"confidence {s.confidence:.2f}: below auto-approval ({config.auto_approve_confidence:.2f}), needs review")
    yes, no = s.verdict.yes_token, s.verdict.no_token
    pays_on_no = any(t.negated and t.token_id == yes for t in polymarket_read[s.polymarket].outcomes)
    return MatchedPair(
        kalshi_ticker=kalshi_market.market_id,
        polymarket_market_id=polymarket_market.market_id,
        # A rejected pair never trades, so no token is said to pay on it.
        polymarket_yes_token=yes if yes is not None and s.status is not PairStatus.REJECTED else "",
        polymarket_no_token=no if no is not None and s.status is not PairStatus.REJECTED else "",
        confidence=s.confidence if s.status is not PairStatus.REJECTED else 0.0,
        status=s.status,
        reasons=tuple(reasons),
        transform=PairTransform.INVERSE if pays_on_no else PairTransform.IDENTITY,
        category=kalshi_market.category or polymarket_market.category,
    )


def _apply_pairs_file(
    pairs: list[MatchedPair], pairs_file: PairsFile, kalshi: list[Market], polymarket: list[Market],
    kalshi_read: list[Proposition], polymarket_read: list[Proposition],
) -> tuple[list[MatchedPair], tuple[str, ...]]:
    decisions = apply_pairs_file(pairs_file, {m.market_id: m for m in kalshi}, {m.market_id: m for m in polymarket})
    issues = list(decisions.issues)
    kalshi_index = {m.market_id: i for i, m in enumerate(kalshi)}
    polymarket_index = {m.market_id: i for i, m in enumerate(polymarket)}
    judged: list[MatchedPair] = []
    for decision, pin in zip(decisions.pairs[: len(decisions.pins)], decisions.pins, strict=True):
        proof = None
        if decision.transform is not PairTransform.SUM:
            k, p = kalshi_index[decision.kalshi_ticker], polymarket_index[decision.polymarket_market_id]
            proof = pin_proof(decision, compare(kalshi_read[k], polymarket_read[p]), polymarket[p])
        if proof is not None:
            decision, issue = contradict_pin(decision, pin, proof, pairs_file.source)
            issues.append(issue)
        judged.append(decision)
    judged.extend(decisions.pairs[len(decisions.pins):])
    decided = {(leg, d.polymarket_market_id) for d in judged for leg in d.kalshi_legs}
    pinned_to: dict[str, list[str]] = defaultdict(list)
    for d in decisions.pairs:
        if d.status is PairStatus.APPROVED:
            for leg in d.kalshi_legs:
                pinned_to[leg].append(d.polymarket_market_id)
    result: list[MatchedPair] = []
    for pair in pairs:
        if (pair.kalshi_ticker, pair.polymarket_market_id) in decided:
            continue
        if pair.status is PairStatus.APPROVED and pair.kalshi_ticker in pinned_to:
            pinned = ", ".join(pinned_to[pair.kalshi_ticker])
            pair = replace(
                pair,
                status=PairStatus.REVIEW,
                reasons=(*pair.reasons, f"the pairs file pins this Kalshi market to Polymarket {pinned}: a human picks"),
            )
        result.append(pair)
    result.extend(judged)
    return result, tuple(issues)


def pin_proof(pin: MatchedPair, verdict: Verdict, polymarket: Market) -> str | None:
    """What the matcher proves against a pinned pair, or None when it agrees or cannot judge
    (a market it does not read, a part it cannot settle)."""
    if not verdict.understood:
        return None
    if verdict.rejected:
        contradiction = next((r.removeprefix("REJECT: ") for r in verdict.reasons if r.startswith("REJECT: ")), None)
        return f"the markets do not settle on the same outcome: {contradiction}" if contradiction else None
    if verdict.agrees and verdict.yes_token != pin.polymarket_yes_token:
        names = {o.token_id: o.name for o in polymarket.outcomes}
        proven = next((r for r in verdict.reasons if "pays on Kalshi YES" in r or r.startswith(("Kalshi YES", "complement"))), "")
        return (f"the token mapping is inverted: Polymarket '{names.get(verdict.yes_token, verdict.yes_token)}' pays on "
                f"Kalshi YES, the pin says '{names.get(pin.polymarket_yes_token, pin.polymarket_yes_token)}'"
                + (f" ({proven})" if proven else ""))
    return None
