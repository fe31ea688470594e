"""Prices and their publishers: crypto assets, stock indexes, commodities, and the resolution
sources whose numbers differ (a crypto reference rate against an exchange's candle, BLS CPI
against Truflation's index)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    family: str  # sources of one family publish the same kind of number; two differing ones conflict
    label: str
    pattern: str  # regex over folded text


# Families where a different publisher means a different number: the crypto reference rate
# (CF Benchmarks' Real-Time Index vs an exchange's candle), the inflation figure (BLS CPI vs
# Truflation's index). Weather publishers are not here: the station decides the number, and
# both the NWS climate report and Weather Underground read the same station.
SOURCES = (
    Source("cf_benchmarks", "crypto_rate", "CF Benchmarks Real-Time Index", r"cf benchmarks|\bbrti\b|real-time index"),
    Source("binance", "crypto_rate", "Binance", r"\bbinance\b"),
    Source("coinbase", "crypto_rate", "Coinbase", r"\bcoinbase\b"),
    Source("kraken", "crypto_rate", "Kraken", r"\bkraken\b"),
    Source("coingecko", "crypto_rate", "CoinGecko", r"\bcoingecko\b"),
    Source("bls", "inflation_index", "BLS CPI", r"bureau of labor statistics|\bbls\b|bls\.gov"),
    Source("truflation", "inflation_index", "Truflation", r"\btruflation\b"),
    # National statistics offices publish their own country's official figure.
    Source("ons", "inflation_index", "ONS CPI", r"office for national statistics|\bons\b"),
    Source("eurostat", "inflation_index", "Eurostat HICP", r"\beurostat\b"),
    Source("statcan", "inflation_index", "Statistics Canada CPI", r"statistics canada|\bstatcan\b"),
    Source("abs", "inflation_index", "ABS CPI", r"australian bureau of statistics"),
    Source("stat_japan", "inflation_index", "Statistics Bureau of Japan CPI", r"statistics bureau of japan"),
    Source("bls_jobs", "jobs_report", "BLS Employment Situation", r"employment situation|nonfarm payroll"),
    Source("adp", "jobs_report", "ADP National Employment Report", r"\badp\b"),
    # Retail gasoline: AAA's daily national average and the EIA's weekly survey are two numbers.
    Source("aaa", "gas_price_survey", "AAA national average", r"\baaa\b|gasprices\.aaa\.com"),
    Source("eia", "gas_price_survey", "EIA weekly retail price", r"\beia\b|energy information administration"),
    Source("sp_dji", "index_publisher", "S&P Dow Jones Indices", r"s&p dow jones indices"),
    Source("yahoo_finance", "index_publisher", "Yahoo Finance", r"yahoo finance"),
    Source("google_finance", "index_publisher", "Google Finance", r"google finance"),
)


# --- measured subjects ---------------------------------------------------------------------------


# Which measure an asset's price is: a crypto price, or an index's or a commodity's level.
ASSET_KINDS = ("crypto", "index", "commodity")


@dataclass(frozen=True, slots=True)
class Asset:
    key: str
    kind: str  # one of ASSET_KINDS
    label: str
    pattern: str

    def __post_init__(self) -> None:
        if self.kind not in ASSET_KINDS:
            raise ValueError(f"asset {self.key}: kind {self.kind!r} is none of {ASSET_KINDS}")


# Brent before WTI: "Brent crude oil" is Brent, and only an unnamed "crude oil" is WTI.
ASSETS: tuple[Asset, ...] = (
    Asset("BTC", "crypto", "Bitcoin", r"\bbitcoin\b|\bbtc\b"),
    Asset("ETH", "crypto", "Ethereum", r"\bethereum\b|\beth\b|\bether\b"),
    Asset("SOL", "crypto", "Solana", r"\bsolana\b|\bsol\b"),
    Asset("XRP", "crypto", "XRP", r"\bxrp\b|\bripple\b"),
    Asset("DOGE", "crypto", "Dogecoin", r"\bdogecoin\b|\bdoge\b"),
    Asset("SPX", "index", "S&P 500", r"s&p 500|s&p500|\bspx\b|\binx\b|\bs and p 500\b"),
    Asset("COMP", "index", "Nasdaq Composite", r"nasdaq composite|\bcomp\b|\bixic\b"),
    Asset("NDX", "index", "Nasdaq-100", r"nasdaq-100|nasdaq 100|nasdaq100|\bndx\b"),
    Asset("DJI", "index", "Dow Jones", r"dow jones industrial|\bdow jones\b|\bdjia\b"),
    Asset("RUT", "index", "Russell 2000", r"russell 2000|\brut\b"),
    Asset("GOLD", "commodity", "Gold", r"\bgold\b"),
    Asset("SILVER", "commodity", "Silver", r"\bsilver\b"),
    Asset("BRENT", "commodity", "Brent crude oil", r"\bbrent\b"),
    Asset("WTI", "commodity", "WTI crude oil", r"\bwti\b|crude oil"),
    Asset("NATGAS", "commodity", "Natural gas", r"natural gas|\bhenry hub\b"),
    Asset("COPPER", "commodity", "Copper", r"\bcopper\b"),
)
CRYPTO_ASSETS, INDEXES, COMMODITIES = (tuple(asset for asset in ASSETS if asset.kind == kind) for kind in ASSET_KINDS)


def literal_needles(pattern: str) -> tuple[str, ...]:
    """The literal words of a plain alternation ("cf benchmarks|\\bbrti\\b"), used as a substring
    prefilter before the regex runs."""
    return tuple(part.replace("\\b", "").replace("\\.", ".") for part in pattern.split("|"))


_SOURCE_FINDERS = tuple((s.key, literal_needles(s.pattern), re.compile(s.pattern)) for s in SOURCES)
SOURCE_BY_KEY = {s.key: s for s in SOURCES}


# One pass tells whether a text holds any source's words at all (most titles name none).
_ANY_SOURCE_NEEDLE = any_needle(n for _, needles, _ in _SOURCE_FINDERS for n in needles)


def sources_in(text: str) -> frozenset[str]:
    """The resolution sources a folded text names."""
    if _ANY_SOURCE_NEEDLE.search(text) is None:
        return frozenset()
    return frozenset(
        key for key, needles, pattern in _SOURCE_FINDERS
        if contains_any(text, needles) and pattern.search(text)
    )
