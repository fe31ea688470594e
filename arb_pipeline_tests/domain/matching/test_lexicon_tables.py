"""The lexicon's tables as their builders read them: every row in the form the builder expects."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching.propositions.lexicon.markets import (
    ASSET_KINDS,
    ASSETS,
    COMMODITIES,
    CRYPTO_ASSETS,
    INDEXES,
    Asset,
)
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_KEY


def test_every_alias_reads_as_the_first_name_of_its_row() -> None:
    assert all(isinstance(name, str) and isinstance(key, str) for name, key in ALIAS_KEY.items())
    assert all(ALIAS_KEY[key] == key for key in set(ALIAS_KEY.values()))
    assert (ALIAS_KEY["fed"], ALIAS_KEY["federal open market committee"], ALIAS_KEY["china"]) == ("fed", "fed", "prc")
    assert (ALIAS_KEY["ampas"], ALIAS_KEY["academy awards"], ALIAS_KEY["rwc"]) == ("ampas", "ampas", "rugby world cup")


def test_the_assets_table_splits_into_crypto_indexes_and_commodities_by_kind() -> None:
    assert CRYPTO_ASSETS + INDEXES + COMMODITIES == tuple(sorted(ASSETS, key=lambda asset: ASSET_KINDS.index(asset.kind)))
    assert [asset.key for asset in COMMODITIES] == ["GOLD", "SILVER", "BRENT", "WTI", "NATGAS", "COPPER"]
    with pytest.raises(ValueError, match="kind 'stock' is none of"):
        Asset("AAPL", "stock", "Apple", r"\bapple\b")
