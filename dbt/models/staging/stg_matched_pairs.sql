-- Pairs with their Kalshi legs spelled out: a sum basket lists every leg in kalshi_tickers, a
-- plain pair only its kalshi_ticker (kalshi_tickers empty).
select
    pair_id,
    kalshi_ticker,
    case when cardinality(kalshi_tickers) = 0 then array[kalshi_ticker] else kalshi_tickers end as kalshi_legs,
    polymarket_market_id,
    polymarket_yes_token,
    polymarket_no_token,
    confidence,
    status,
    transform,
    decided_by,
    decided_at,
    category
from {{ source('warehouse', 'matched_pairs') }}
