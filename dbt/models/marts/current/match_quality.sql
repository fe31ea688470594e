-- Matched pairs as they stand now, by status and confidence band (tenths): how many, how many a
-- user pinned or rejected in the pairs file, how many can still trade (every leg's market open),
-- and how long ago they were decided. The status = 'review' rows are the review backlog: its
-- size and its age (oldest, median) as of the build.
with pairs as (
    select * from {{ ref('stg_matched_pairs') }}
),

markets as (
    select venue, market_id, status from {{ ref('stg_markets') }}
),

legs as (
    select pairs.pair_id, leg.market_id
    from pairs
    cross join lateral unnest(pairs.kalshi_legs) as leg(market_id)
),

kalshi_open as (
    select legs.pair_id, bool_and(coalesce(markets.status = 'open', false)) as all_open
    from legs
    left join markets on markets.venue = 'kalshi' and markets.market_id = legs.market_id
    group by legs.pair_id
),

banded as (
    select
        pairs.*,
        -- Tenths of confidence; a confidence of exactly 1 belongs to the top band.
        least(floor(pairs.confidence * 10), 9)::int as band,
        coalesce(kalshi_open.all_open, false) and coalesce(polymarket.status = 'open', false) as markets_open
    from pairs
    left join kalshi_open on kalshi_open.pair_id = pairs.pair_id
    left join markets as polymarket
        on polymarket.venue = 'polymarket' and polymarket.market_id = pairs.polymarket_market_id
),

as_of as (
    select current_timestamp as as_of
)

select
    as_of.as_of,
    banded.status,
    to_char(banded.band / 10.0, 'FM0.0') || '-' || to_char((banded.band + 1) / 10.0, 'FM0.0') as confidence_band,
    round(banded.band / 10.0, 1) as band_lower,
    round((banded.band + 1) / 10.0, 1) as band_upper,
    count(*) as pairs,
    count(*) filter (where banded.decided_by = 'pairs_file') as pinned_by_pairs_file,
    count(*) filter (where banded.markets_open) as with_open_markets,
    min(banded.decided_at) as oldest_decided_at,
    max(banded.decided_at) as newest_decided_at,
    round(extract(epoch from as_of.as_of - min(banded.decided_at)) / 3600, 2) as max_age_hours,
    round(extract(epoch from as_of.as_of - percentile_disc(0.5) within group (order by banded.decided_at)) / 3600, 2)
        as median_age_hours
from banded
cross join as_of
group by as_of.as_of, banded.status, banded.band
