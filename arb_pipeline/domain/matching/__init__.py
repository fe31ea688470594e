"""Market matching: which Kalshi and Polymarket markets settle on the same outcome, and which
Polymarket token pays when the Kalshi market resolves YES. Equivalence of the propositions the
markets state, not similarity of their titles."""

from arb_pipeline.domain.matching.candidates import BlockingConfig, candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.evaluation import MatchQuality, Tally, TruthPair, measure
from arb_pipeline.domain.matching.matcher import MatchConfig, MatchReport, match_markets, match_report
from arb_pipeline.domain.matching.pairs_file import (
    PairsFile,
    PairsFileDecisions,
    PairsFileError,
    PinnedPair,
    RejectedPair,
    apply_pairs_file,
    parse_pairs_file,
)
from arb_pipeline.domain.matching.propositions import Kind, Proposition, read

__all__ = [
    "BlockingConfig",
    "Kind",
    "MatchConfig",
    "MatchQuality",
    "MatchReport",
    "PairsFile",
    "PairsFileDecisions",
    "PairsFileError",
    "PinnedPair",
    "Proposition",
    "RejectedPair",
    "Tally",
    "TruthPair",
    "Verdict",
    "apply_pairs_file",
    "candidate_pairs",
    "compare",
    "match_markets",
    "match_report",
    "measure",
    "parse_pairs_file",
    "read",
]
