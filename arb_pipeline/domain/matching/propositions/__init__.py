"""The proposition reader: what a market pays on, read from its own full text into one
structured form (:mod:`.model`), by topic (:mod:`.numbers`, :mod:`.dates`, :mod:`.names`,
:mod:`.outcomes`, :mod:`.frames`, :mod:`.sports`, :mod:`.elections`) with lexicons that add to
it (:mod:`.lexicon`)."""

from arb_pipeline.domain.matching.propositions import model
from arb_pipeline.domain.matching.propositions.model import *  # noqa: F403
from arb_pipeline.domain.matching.propositions.reader import read

__all__ = [*model.__all__, "read"]
