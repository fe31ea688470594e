"""Market matching: which Kalshi and Polymarket markets settle on the same outcome, and which
Polymarket token pays when the Kalshi market resolves YES. Equivalence, not similarity."""

from arb_pipeline.domain.matching.candidates import BlockingConfig, candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.evaluation import MatchQuality, Tally, TruthPair, measure
from arb_pipeline.domain.matching.features import MarketFeatures, Shape, extract
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

__all__ = [
    "BlockingConfig",
    "MarketFeatures",
    "MatchConfig",
    "MatchQuality",
    "MatchReport",
    "PairsFile",
    "PairsFileDecisions",
    "PairsFileError",
    "PinnedPair",
    "RejectedPair",
    "Shape",
    "Tally",
    "TruthPair",
    "Verdict",
    "apply_pairs_file",
    "candidate_pairs",
    "compare",
    "extract",
    "match_markets",
    "match_report",
    "measure",
    "parse_pairs_file",
]
