"""``arb-pipeline match-eval``: run the matcher on a labeled set and say how it did.

A labeled set is a YAML or JSON file (format in docs/matching.md): Kalshi and Polymarket markets in
the venues' own wire shapes (or a capture folder holding them) and labels over pairs of them, each a
true pair (``identity`` or ``inverse``, with the Polymarket outcome that pays on Kalshi YES) or a
hard negative (``not_equivalent``, with its trap type). Markets are parsed by the venue parsers and
matched by the pipeline's own matcher, so the figures are the pipeline's. The project's own sets
(``dev``, ``holdout``, ``all``) are test fixtures of a source checkout.

One malformed market or label is reported and skipped; a file that cannot be read at all is a
:class:`LabeledSetError`.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.matching.evaluation import (
    Evaluation,
    Figures,
    Judgement,
    JudgedPair,
    PairLabel,
    Relation,
    evaluate,
)
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, Venue
from arb_pipeline.venues.kalshi.parsing import parse_event, parse_market
from arb_pipeline.venues.polymarket.parsing import parse_gamma_event, parse_gamma_market
from arb_pipeline.venues.wire import WireFormatError

NAMED_SETS = {"dev": ("dev",), "holdout": ("holdout",), "all": ("dev", "holdout")}
LABELED_FILE_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_CATEGORY = "uncategorized"

_TOP_LEVEL = {"version", "name", "complete", "category", "capture", "kalshi", "polymarket", "labels"}
_LABEL_FIELDS = {"kalshi", "polymarket", "relation", "pays_on_kalshi_yes", "category", "trap", "reason"}
_RELATIONS = {r.value: r for r in Relation}

# Rejected look-alikes kept per Kalshi market: all of them here, so a missed pair that the matcher
# turned down shows with the reason instead of as "not proposed".
_KEEP_ALL_REJECTED = 1_000_000


class LabeledSetError(ValueError):
    """A labeled set that cannot be used at all: unreadable, not YAML/JSON, wrong top-level
    shape, or without a single usable label."""


@dataclass(frozen=True, slots=True)
class LabeledSet:
    name: str
    kalshi: tuple[Market, ...]
    polymarket: tuple[Market, ...]
    labels: tuple[PairLabel, ...]
    complete: bool = True  # every true pair among these markets is labeled
    problems: tuple[str, ...] = ()  # markets and labels skipped, and why

    @property
    def true_pairs(self) -> int:
        return sum(1 for label in self.labels if label.is_true_pair)

    @property
    def negatives(self) -> int:
        return len(self.labels) - self.true_pairs


# --- reading ------------------------------------------------------------------------------------


def _load_text(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LabeledSetError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        raise LabeledSetError(f"{path}: not valid {kind}: {exc}") from None


def read_labeled_path(path: Path) -> LabeledSet:
    """A labeled file, or a folder of them (``*.yaml``, ``*.yml``, ``*.json``) read as one set."""
    path = Path(path).expanduser()
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in LABELED_FILE_SUFFIXES)
        if not files:
            raise LabeledSetError(f"{path}: no labeled files (*.yaml, *.yml, *.json) in this folder")
        return merge_sets([read_labeled_file(p) for p in files], name=str(path))
    if not path.exists():
        raise LabeledSetError(f"{path}: no such file or folder (name a labeled file, a folder of them, or dev, holdout, all)")
    return read_labeled_file(path)


def read_labeled_file(path: Path) -> LabeledSet:
    return labeled_set_from_document(_load_text(path), source=str(path), base_dir=path.parent)


def merge_sets(sets: Sequence[LabeledSet], *, name: str) -> LabeledSet:
    kalshi = _dedupe(m for s in sets for m in s.kalshi)
    polymarket = _dedupe(m for s in sets for m in s.polymarket)
    labels: list[PairLabel] = []
    problems = [problem for s in sets for problem in s.problems]
    seen: set[tuple[str, str]] = set()
    for labeled in sets:
        for label in labeled.labels:
            if label.key in seen:
                problems.append(f"{labeled.name}: pair {label.kalshi_ticker} x {label.polymarket_market_id} is "
                                "labeled in more than one file; the first label is kept")
                continue
            seen.add(label.key)
            labels.append(label)
    return LabeledSet(name, kalshi, polymarket, tuple(labels), all(s.complete for s in sets), tuple(problems))


def _dedupe(markets: Iterable[Market]) -> tuple[Market, ...]:
    seen: set[str] = set()
    unique = []
    for market in markets:
        if market.market_id not in seen:
            seen.add(market.market_id)
            unique.append(market)
    return tuple(unique)


def labeled_set_from_document(document: Any, *, source: str, base_dir: Path | None = None) -> LabeledSet:
    """A labeled set from a parsed labeled file. Markets that fail the venue parsers and labels
    that cannot be applied are listed in ``problems`` and skipped."""
    if not isinstance(document, dict):
        raise LabeledSetError(f"{source}: expected a mapping with 'kalshi', 'polymarket' and 'labels', "
                              f"got {type(document).__name__}")
    unknown = sorted(set(map(str, document)) - _TOP_LEVEL)
    if unknown:
        raise LabeledSetError(f"{source}: unknown top-level key(s) {', '.join(map(repr, unknown))} "
                              f"(expected {', '.join(sorted(_TOP_LEVEL))})")
    if document.get("version", 1) != 1:
        raise LabeledSetError(f"{source}: unsupported version {document['version']!r} (expected 1)")
    complete = document.get("complete", True)
    if not isinstance(complete, bool):
        raise LabeledSetError(f"{source}: 'complete' must be true or false, got {complete!r}")
    default_category = document.get("category", DEFAULT_CATEGORY)
    if not isinstance(default_category, str) or not default_category:
        raise LabeledSetError(f"{source}: 'category' must be a non-empty string, got {default_category!r}")
    problems: list[str] = []
    kalshi = list(_venue_markets(_KALSHI_RECORDS, _records(document, "kalshi", source), source, problems))
    polymarket = list(_venue_markets(_POLYMARKET_RECORDS, _records(document, "polymarket", source), source, problems))
    if document.get("capture") is not None:
        captured_kalshi, captured_polymarket = _capture_markets(document["capture"], source, base_dir, problems)
        kalshi += captured_kalshi
        polymarket += captured_polymarket
    kalshi_by_id = {m.market_id: m for m in _dedupe(kalshi)}
    polymarket_by_id = {m.market_id: m for m in _dedupe(polymarket)}
    labels = _labels(_records(document, "labels", source), source, default_category, kalshi_by_id, polymarket_by_id, problems)
    if not labels:
        detail = f": {problems[0]}" if problems else ""
        raise LabeledSetError(f"{source}: no usable label{detail}")
    name = document.get("name") if isinstance(document.get("name"), str) else source
    return LabeledSet(name, tuple(kalshi_by_id.values()), tuple(polymarket_by_id.values()), tuple(labels), complete,
                      tuple(problems))


def _records(document: Mapping[str, Any], key: str, source: str) -> list[Any]:
    records = document.get(key)
    if records is None:
        return []
    if not isinstance(records, list):
        raise LabeledSetError(f"{source}: '{key}' must be a list, got {type(records).__name__}")
    return records


@dataclass(frozen=True, slots=True)
class _RecordKinds:
    """How one venue's labeled-set records are told apart: a market object, an event object with
    nested markets, or a page of either."""

    venue: str
    is_market: Callable[[dict[str, Any]], bool]
    is_event: Callable[[dict[str, Any]], bool]
    market: Callable[[Any, str], Iterable[Market]]
    event_markets: Callable[[Any, str], Iterable[Market]]
    expected: str  # what a record should be, for the message about one that is neither


def _venue_markets(kinds: _RecordKinds, records: list[Any], source: str, problems: list[str]) -> Iterable[Market]:
    for index, record in enumerate(records):
        where = f"{source} {kinds.venue}[{index}]"
        try:
            if isinstance(record, dict) and kinds.is_market(record):
                yield from kinds.market(record, where)
            elif isinstance(record, dict) and kinds.is_event(record):
                yield from kinds.event_markets(record, where)
            elif isinstance(record, dict) and isinstance(record.get("events"), list):
                for i, event in enumerate(record["events"]):
                    yield from _each(kinds.event_markets, event, f"{where} events[{i}]", problems)
            elif isinstance(record, dict) and isinstance(record.get("markets"), list):
                for i, market in enumerate(record["markets"]):
                    yield from _each(kinds.market, market, f"{where} markets[{i}]", problems)
            else:
                problems.append(f"{where}: neither {kinds.expected} nor a page of markets or events; skipped")
        except WireFormatError as exc:
            problems.append(f"{exc}; skipped")


def _each(parse: Callable[[Any, str], Iterable[Market]], record: Any, where: str, problems: list[str]) -> Iterable[Market]:
    """The markets of one record inside a page; a malformed record is listed and costs only itself."""
    try:
        return parse(record, where)
    except WireFormatError as exc:
        problems.append(f"{exc}; skipped")
        return ()


def _kalshi_event_markets(record: Any, where: str) -> Iterable[Market]:
    return parse_event(record, where=where).markets


def _kalshi_market(record: Any, where: str) -> Iterable[Market]:
    return (parse_market(record, where=where),)


def _gamma_event_markets(record: Any, where: str) -> Iterable[Market]:
    return parse_gamma_event(record, where=where).markets


def _gamma_market(record: Any, where: str) -> Iterable[Market]:
    return (parse_gamma_market(record, where=where),)


# Kalshi: market objects (GET /markets), event objects with nested markets (GET /events), or
# whole pages of either. Polymarket: Gamma market objects (standalone, with ``events[...]``),
# event objects with nested markets, or keyset pages of either.
_KALSHI_RECORDS = _RecordKinds(
    "kalshi", lambda record: "ticker" in record, lambda record: "event_ticker" in record, _kalshi_market,
    _kalshi_event_markets, "a Kalshi market (ticker), an event (event_ticker)",
)  # fmt: skip
_POLYMARKET_RECORDS = _RecordKinds(
    "polymarket", lambda record: "question" in record,
    lambda record: "id" in record and isinstance(record.get("markets"), list), _gamma_market, _gamma_event_markets,
    "a Gamma market (question), an event (id and markets)",
)  # fmt: skip


def _capture_markets(value: Any, source: str, base_dir: Path | None,
                     problems: list[str]) -> tuple[list[Market], list[Market]]:
    from arb_pipeline.venues.capture import CaptureError, load_capture

    if not isinstance(value, str) or not value:
        raise LabeledSetError(f"{source}: 'capture' must be the path of a capture folder, got {value!r}")
    directory = Path(value).expanduser()
    if not directory.is_absolute() and base_dir is not None:
        directory = base_dir / directory
    try:
        capture = load_capture(directory)
    except CaptureError as exc:
        raise LabeledSetError(f"{source}: 'capture': {exc}") from None
    problems.extend(f"{source} capture: {problem}" for problem in capture.problems)
    return list(capture.kalshi_markets.values()), list(capture.polymarket_markets.values())


def _labels(records: list[Any], source: str, default_category: str, kalshi: Mapping[str, Market],
            polymarket: Mapping[str, Market], problems: list[str]) -> list[PairLabel]:
    labels: list[PairLabel] = []
    seen: dict[tuple[str, str], str] = {}
    for index, record in enumerate(records):
        where = f"{source} labels[{index}]"
        label = _label(record, where, default_category, kalshi, polymarket, problems)
        if label is None:
            continue
        if label.key in seen:
            problems.append(f"{where}: labels the same pair as {seen[label.key]}; skipped")
            continue
        seen[label.key] = where
        labels.append(label)
    return labels


def _text_field(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    # Gamma ids are digit strings; YAML reads an unquoted 1096983 as a number, the same id.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _label(record: Any, where: str, default_category: str, kalshi: Mapping[str, Market],
           polymarket: Mapping[str, Market], problems: list[str]) -> PairLabel | None:
    if not isinstance(record, dict):
        problems.append(f"{where}: expected a mapping, got {type(record).__name__}; skipped")
        return None
    unknown = sorted(set(map(str, record)) - _LABEL_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; skipped")
        return None
    ticker, market_id = _text_field(record, "kalshi"), _text_field(record, "polymarket")
    relation = _RELATIONS.get(record.get("relation")) if isinstance(record.get("relation"), str) else None
    if ticker is None or market_id is None or relation is None:
        problems.append(f"{where}: needs 'kalshi', 'polymarket' and 'relation' (identity, inverse or not_equivalent); skipped")
        return None
    where = f"{where} ({ticker} x {market_id})"
    if ticker not in kalshi:
        problems.append(f"{where}: Kalshi market {ticker} is not among the set's markets; skipped")
        return None
    market = polymarket.get(market_id)
    if market is None:
        problems.append(f"{where}: Polymarket market {market_id} is not among the set's markets; skipped")
        return None
    category = _text_field(record, "category") or default_category
    reason = _text_field(record, "reason") or ""
    if relation is Relation.NOT_EQUIVALENT:
        trap = _text_field(record, "trap")
        if trap is None:
            problems.append(f"{where}: a not_equivalent label needs its 'trap' type; skipped")
            return None
        return PairLabel(ticker, market_id, relation, category, reason, trap=trap)
    token = _paying_token(market, relation, _text_field(record, "pays_on_kalshi_yes"), where, problems)
    if token is None:
        return None
    return PairLabel(ticker, market_id, relation, category, reason, pays_token=token)


def _paying_token(market: Market, relation: Relation, named: str | None, where: str, problems: list[str]) -> str | None:
    """The token of the outcome that pays on Kalshi YES: the one the label names (by outcome name
    or token id), else "Yes" for identity and "No" for inverse."""
    names = "/".join(o.name for o in market.outcomes)
    wanted = named or ("Yes" if relation is Relation.IDENTITY else "No")
    chosen = [o for o in market.outcomes if o.token_id == wanted or o.name.strip().lower() == wanted.lower()]
    if len(chosen) != 1 or chosen[0].token_id is None:
        hint = "" if named else "; name the outcome that pays on Kalshi YES with 'pays_on_kalshi_yes'"
        problems.append(f"{where}: {wanted!r} is not one outcome with a token of Polymarket market "
                        f"{market.market_id} ({names}){hint}; skipped")
        return None
    return chosen[0].token_id


def named_set(name: str) -> LabeledSet:
    """The project's own labeled set ``dev``, ``holdout`` or ``all`` (both). They are fixtures of
    the test package, expanded from compact YAML into venue payloads by its builder, so they
    exist only in a source checkout."""
    splits = NAMED_SETS[name]
    try:
        builder = importlib.import_module("arb_pipeline_tests.domain.matching.labeled_builder")
    except ModuleNotFoundError:
        # The test package sits beside the package in a checkout, but an installed console script
        # does not put the checkout on the import path.
        checkout = Path(__file__).resolve().parents[2]
        if not (checkout / "arb_pipeline_tests" / "domain" / "matching" / "labeled_builder.py").is_file():
            raise LabeledSetError(f"the labeled set {name!r} ships with a source checkout of arb-pipeline, not with "
                                  "the installed package; pass the path of a labeled file instead") from None
        sys.path.insert(0, str(checkout))
        builder = importlib.import_module("arb_pipeline_tests.domain.matching.labeled_builder")
    return labeled_set_from_document(builder.labeled_document(*splits), source=f"labeled set {name}")


def resolve_set(name_or_path: str) -> LabeledSet:
    if name_or_path in NAMED_SETS:
        return named_set(name_or_path)
    return read_labeled_path(Path(name_or_path))


# --- running and reporting ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchEvalReport:
    labeled: LabeledSet
    evaluation: Evaluation
    pairs: tuple[MatchedPair, ...]
    candidates: int
    seconds: float
    markets: dict[str, Market] = field(default_factory=dict, repr=False)  # by id, both venues
    # Hard negatives left in review that the matcher approves when their two markets are matched
    # alone: only a competing market ("several markets qualify") kept them from approval, and a
    # catalog where that market is delisted would trade them.
    approved_alone: tuple[JudgedPair, ...] = ()

    @property
    def statuses(self) -> dict[str, int]:
        return {status.value: sum(1 for p in self.pairs if p.status is status) for status in PairStatus}


def run_match_eval(labeled: LabeledSet, *, auto_approve_confidence: float | None = None) -> MatchEvalReport:
    """Match the set's markets with the pipeline's matcher (no pairs file: the matcher alone is
    measured) and judge every label."""
    config = MatchConfig(max_rejected_per_kalshi=_KEEP_ALL_REJECTED)
    if auto_approve_confidence is not None:
        config = MatchConfig(auto_approve_confidence=auto_approve_confidence,
                             review_confidence=min(config.review_confidence, auto_approve_confidence),
                             max_rejected_per_kalshi=_KEEP_ALL_REJECTED)
    started = time.perf_counter()
    report = match_report(labeled.kalshi, labeled.polymarket, config=config)
    seconds = time.perf_counter() - started
    evaluation = evaluate(report.pairs, labeled.labels, complete=labeled.complete)
    markets = {m.market_id: m for m in (*labeled.kalshi, *labeled.polymarket)}
    return MatchEvalReport(labeled, evaluation, report.pairs, report.candidates, seconds, markets,
                           _approved_alone(evaluation, markets, config))


def _approved_alone(evaluation: Evaluation, markets: Mapping[str, Market], config: MatchConfig) -> tuple[JudgedPair, ...]:
    """The hard negatives in review that the matcher approves when their two markets are matched
    with no other market. Only review is searched: a pair is rejected on its own two readings, but
    "several markets qualify" is a verdict about the catalog around it, and hides a look-alike
    that a delisted true listing would leave to trade. One 1 x 1 match per such label."""
    found = []
    for judged in evaluation.with_judgement(Judgement.REVIEW):
        label = judged.label
        if label.is_true_pair:
            continue
        alone = match_report([markets[label.kalshi_ticker]], [markets[label.polymarket_market_id]], config=config)
        approved = [pair for pair in alone.pairs if pair.status is PairStatus.APPROVED]
        if approved:
            found.append(JudgedPair(label, Judgement.FALSE_APPROVAL, approved[0]))
    return tuple(found)


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator}"


def _title(report: MatchEvalReport, market_id: str, venue: Venue) -> str:
    market = report.markets.get(market_id)
    if market is None or market.venue is not venue:
        return "?"
    return market.title if not market.subtitle or market.subtitle in market.title else f"{market.title} [{market.subtitle}]"


def _figures_line(figures: Figures) -> str:
    return (f"precision {figures.precision:.3f} ({_ratio(figures.correct, figures.approved)} approved correct)  "
            f"recall {figures.recall:.3f} ({_ratio(figures.correct, figures.true_pairs)})  "
            f"review rate {figures.review_rate:.3f} ({_ratio(figures.in_review, figures.labeled)} labeled)")


def _category_table(by_category: Mapping[str, Figures]) -> list[str]:
    header = (f"  {'category':<20} {'true':>5} {'right':>5} {'pol':>4} {'rev':>4} {'rej':>4} {'none':>4} | "
              f"{'neg':>4} {'appr':>4} {'rev':>4} {'rej':>4} {'none':>4} | {'unlab':>5} | {'prec':>5} {'recall':>6} {'review':>6}")
    lines = [header]
    for category, f in by_category.items():
        lines.append(
            f"  {category:<20} {f.true_pairs:>5} {f.correct:>5} {f.polarity_errors:>4} {f.true_in_review:>4} "
            f"{f.true_rejected:>4} {f.true_not_proposed:>4} | {f.negatives:>4} {f.negatives_approved:>4} "
            f"{f.negatives_in_review:>4} {f.negatives_rejected:>4} {f.negatives_not_proposed:>4} | "
            f"{f.unlabeled_approved:>5} | {f.precision:>5.3f} {f.recall:>6.3f} {f.review_rate:>6.3f}"
        )
    return lines


def _trap_table(by_trap: Mapping[str, Figures]) -> list[str]:
    lines = [f"  {'trap type':<28} {'neg':>4} {'approved':>8} {'review':>6} {'rejected':>8} {'not proposed':>12}"]
    for trap, f in by_trap.items():
        lines.append(f"  {trap:<28} {f.negatives:>4} {f.negatives_approved:>8} {f.negatives_in_review:>6} "
                     f"{f.negatives_rejected:>8} {f.negatives_not_proposed:>12}")
    return lines


def _pair_lines(report: MatchEvalReport, judged: JudgedPair) -> list[str]:
    label, pair = judged.label, judged.pair
    kind = f"trap {label.trap}" if label.trap else label.relation.value
    lines = [
        f"  {label.kalshi_ticker} x {label.polymarket_market_id}  [{label.category}, {kind}]"
        + (f": {label.reason}" if label.reason else ""),
        f"      Kalshi:     {_title(report, label.kalshi_ticker, Venue.KALSHI)}",
        f"      Polymarket: {_title(report, label.polymarket_market_id, Venue.POLYMARKET)}",
    ]
    if pair is not None:
        lines.append(f"      matcher ({pair.status.value}, confidence {pair.confidence:.2f}): " + "; ".join(pair.reasons))
    return lines


def render_text(report: MatchEvalReport, *, limit: int | None = None) -> str:
    """The report a person reads: figures overall, per category and per trap type, then every
    false approval, polarity error and missed true pair with the matcher's reasons."""
    labeled, evaluation = report.labeled, report.evaluation
    statuses = report.statuses
    overall = evaluation.overall
    lines = [
        f"labeled set {labeled.name}: {len(labeled.kalshi)} Kalshi and {len(labeled.polymarket)} Polymarket markets, "
        f"{labeled.true_pairs} true pairs, {labeled.negatives} hard negatives, {len(labeled.problems)} records skipped",
        f"matcher: {report.candidates} candidate pairs compared in {report.seconds:.2f}s; {statuses['approved']} approved, "
        f"{statuses['review']} review, {statuses['rejected']} rejected",
        "",
        f"overall: {_figures_line(overall)}",
        f"  polarity errors {overall.polarity_errors}, hard negatives approved {overall.negatives_approved}, "
        f"unlabeled approvals {len(evaluation.unlabeled_approvals)}"
        + ("" if evaluation.complete else " (not counted: the set is not complete)")
        + f"; review queue {evaluation.review_queue} pairs",
        f"  hard negatives in review that approve when matched alone {len(report.approved_alone)}",
        "",
        "per category (true pairs: approved right, polarity error, review, rejected, not proposed | hard negatives: "
        "approved, review, rejected, not proposed | unlabeled approvals)",
        *_category_table(evaluation.by_category),
        "",
        "per trap type",
        *_trap_table(evaluation.by_trap),
    ]

    def section(title: str, items: Sequence[JudgedPair]) -> None:
        lines.extend(["", f"{title} ({len(items)})"])
        shown = items if limit is None else items[:limit]
        for judged in shown:
            lines.extend(_pair_lines(report, judged))
        if len(shown) < len(items):
            lines.append(f"  ... {len(items) - len(shown)} more (--limit)")

    section("false approvals: hard negatives approved", evaluation.false_approvals)
    lines.extend(["", f"false approvals: approved pairs no label names ({len(evaluation.unlabeled_approvals)})"])
    for pair in evaluation.unlabeled_approvals[: limit if limit is not None else None]:
        lines.append(f"  {pair.kalshi_ticker} x {pair.polymarket_market_id}")
        lines.append(f"      Kalshi:     {_title(report, pair.kalshi_ticker, Venue.KALSHI)}")
        lines.append(f"      Polymarket: {_title(report, pair.polymarket_market_id, Venue.POLYMARKET)}")
        lines.append(f"      matcher (confidence {pair.confidence:.2f}): " + "; ".join(pair.reasons))
    section("hard negatives in review that approve when matched alone (only a competing market held them "
            "back)", report.approved_alone)
    section("polarity errors: true pairs approved with the wrong token", evaluation.polarity_errors)
    section("missed true pairs sent to review", tuple(j for j in evaluation.missed if j.judgement is Judgement.REVIEW))
    section("missed true pairs rejected", tuple(j for j in evaluation.missed if j.judgement is Judgement.REJECTED))
    section("missed true pairs never proposed (no candidate pair came out of the matcher)",
            tuple(j for j in evaluation.missed if j.judgement is Judgement.NOT_PROPOSED))
    if labeled.problems:
        lines.extend(["", f"records skipped ({len(labeled.problems)})", *(f"  {p}" for p in labeled.problems)])
    return "\n".join(lines) + "\n"


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {**asdict(figures), "approved": figures.approved, "precision": round(figures.precision, 6),
            "recall": round(figures.recall, 6), "review_rate": round(figures.review_rate, 6)}


def _judged_json(judged: JudgedPair) -> dict[str, Any]:
    label, pair = judged.label, judged.pair
    return {
        "kalshi": label.kalshi_ticker,
        "polymarket": label.polymarket_market_id,
        "relation": label.relation.value,
        "category": label.category,
        "trap": label.trap,
        "reason": label.reason,
        "judgement": judged.judgement.value,
        "matcher_status": pair.status.value if pair else None,
        "matcher_confidence": pair.confidence if pair else None,
        "matcher_reasons": list(pair.reasons) if pair else [],
    }


def report_json(report: MatchEvalReport) -> dict[str, Any]:
    evaluation, labeled = report.evaluation, report.labeled
    return {
        "set": labeled.name,
        "markets": {"kalshi": len(labeled.kalshi), "polymarket": len(labeled.polymarket)},
        "labels": {"true_pairs": labeled.true_pairs, "hard_negatives": labeled.negatives},
        "complete": labeled.complete,
        "matcher": {"candidates": report.candidates, "seconds": round(report.seconds, 3), **report.statuses},
        "overall": _figures_json(evaluation.overall),
        "by_category": {k: _figures_json(v) for k, v in evaluation.by_category.items()},
        "by_trap": {k: _figures_json(v) for k, v in evaluation.by_trap.items()},
        "review_queue": evaluation.review_queue,
        "false_approvals": [_judged_json(j) for j in evaluation.false_approvals],
        "unlabeled_approvals": [
            {"kalshi": p.kalshi_ticker, "polymarket": p.polymarket_market_id, "confidence": p.confidence,
             "matcher_reasons": list(p.reasons)}
            for p in evaluation.unlabeled_approvals
        ],
        "approved_alone": [_judged_json(j) for j in report.approved_alone],
        "polarity_errors": [_judged_json(j) for j in evaluation.polarity_errors],
        "missed": [_judged_json(j) for j in evaluation.missed],
        "problems": list(labeled.problems),
    }
