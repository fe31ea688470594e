"""Prices and their publishers: crypto assets, stock indexes, commodities, and the resolution
sources whose numbers differ (a crypto reference rate against an exchange's candle, BLS CPI
against Truflation's index)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from arb_pipeline.domain.matching.propositions.lexicon import table_rows
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
# both the NWS climate report and Weather Underground read the same station. National statistics
# offices publish their own country's official figure; for retail gasoline, AAA's daily national
# average and the EIA's weekly survey are two numbers. CF Benchmarks names its real-time indexes by
# their pair ("ETHUSD_RTI", "SOLUSD_RTI"; Bitcoin's is the BRTI).
# Columns: key | family | label | pattern (a regex over folded text, the rest of the row).
SOURCES = tuple(Source(*row) for row in table_rows(r"""
    cf_benchmarks  | crypto_rate      | CF Benchmarks Real-Time Index  | cf benchmarks|\bbrti\b|real-time index|usd rti\b|usd_rti\b
    binance        | crypto_rate      | Binance                        | \bbinance\b
    coinbase       | crypto_rate      | Coinbase                       | \bcoinbase\b
    kraken         | crypto_rate      | Kraken                         | \bkraken\b
    coingecko      | crypto_rate      | CoinGecko                      | \bcoingecko\b
    coinmarketcap  | crypto_dominance | CoinMarketCap                  | \bcoinmarketcap\b
    tradingview    | crypto_dominance | TradingView                    | \btradingview\b
    bls            | inflation_index  | BLS CPI                        | bureau of labor statistics|\bbls\b|bls\.gov
    truflation     | inflation_index  | Truflation                     | \btruflation\b
    ons            | inflation_index  | ONS CPI                        | office for national statistics|\bons\b
    eurostat       | inflation_index  | Eurostat HICP                  | \beurostat\b
    statcan        | inflation_index  | Statistics Canada CPI          | statistics canada|\bstatcan\b
    abs            | inflation_index  | ABS CPI                        | australian bureau of statistics
    stat_japan     | inflation_index  | Statistics Bureau of Japan CPI | statistics bureau
    destatis       | inflation_index  | Destatis CPI                   | \bdestatis\b
    insee          | inflation_index  | INSEE CPI                      | \binsee\b
    istat          | inflation_index  | Istat CPI                      | \bistat\b
    bls_jobs       | jobs_report      | BLS Employment Situation       | employment situation|nonfarm payroll
    adp            | jobs_report      | ADP National Employment Report | \badp\b
    aaa            | gas_price_survey | AAA national average           | \baaa\b|gasprices\.aaa\.com
    eia            | gas_price_survey | EIA weekly retail price        | \beia\b|energy information administration
    sp_dji         | index_publisher  | S&P Dow Jones Indices          | s&p dow jones indices
    yahoo_finance  | index_publisher  | Yahoo Finance                  | yahoo finance
    google_finance | index_publisher  | Google Finance                 | google finance
""", 4))


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
# Columns: key | kind | label | pattern.
ASSETS = tuple(Asset(*row) for row in table_rows(r"""
    BTC    | crypto    | Bitcoin          | \bbitcoin\b|\bbtc\b
    ETH    | crypto    | Ethereum         | \bethereum\b|\beth\b|\bether\b
    SOL    | crypto    | Solana           | \bsolana\b|\bsol\b
    XRP    | crypto    | XRP              | \bxrp\b|\bripple\b
    DOGE   | crypto    | Dogecoin         | \bdogecoin\b|\bdoge\b
    SPX    | index     | S&P 500          | s&p 500|s&p500|\bspx\b|\binx\b|\bs and p 500\b
    COMP   | index     | Nasdaq Composite | nasdaq composite|\bcomp\b|\bixic\b
    NDX    | index     | Nasdaq-100       | nasdaq-100|nasdaq 100|nasdaq100|\bndx\b
    DJI    | index     | Dow Jones        | dow jones industrial|\bdow jones\b|\bdjia\b
    RUT    | index     | Russell 2000     | russell 2000|\brut\b
    GOLD   | commodity | Gold             | \bgold\b
    SILVER | commodity | Silver           | \bsilver\b
    BRENT  | commodity | Brent crude oil  | \bbrent\b
    WTI    | commodity | WTI crude oil    | \bwti\b|crude oil
    NATGAS | commodity | Natural gas      | natural gas|\bhenry hub\b
    COPPER | commodity | Copper           | \bcopper\b
""", 4))
CRYPTO_ASSETS, INDEXES, COMMODITIES = (tuple(asset for asset in ASSETS if asset.kind == kind) for kind in ASSET_KINDS)


# A national statistics office and the words of the one country whose official figure it publishes
# (folded text): a market about that country's CPI that names no source settles on that office's
# release, as a US market naming none settles on the BLS's.
NATIONAL_OFFICE_COUNTRY = {
    "ons": re.compile(r"\buk\b|united kingdom|britain|british"), "eurostat": re.compile(r"\beuro"),
    "statcan": re.compile(r"\bcanad"), "abs": re.compile(r"\baustralia"), "stat_japan": re.compile(r"\bjapan"),
    "destatis": re.compile(r"\bgerman"), "insee": re.compile(r"\bfrance\b|\bfrench\b"),
    "istat": re.compile(r"\bital"),
}


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
