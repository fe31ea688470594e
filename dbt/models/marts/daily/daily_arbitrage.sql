-- The day's arbitrage, one row per UTC day and opportunity (kind and legs): how often it was
-- seen, how long it lived, its net edge, the dollars it could take, and its APY distribution.
-- Money columns are exact NUMERIC (averages rounded to 6 places); APY quantiles are observed
-- values (percentile_disc), never interpolated.
with observations as (
    select * from {{ ref('int_opportunity_observations') }}
),

evaluated as (
    select arb_date, opportunity_key, count(*) as snapshots_evaluated
    from observations
    group by arb_date, opportunity_key
),

seen as (
    select
        arb_date,
        opportunity_key,
        kind,
        kalshi_ticker,
        kalshi_side,
        polymarket_market_id,
        polymarket_token,
        count(*) as opportunity_snapshots,
        min(evaluated_at) as first_seen_at,
        max(evaluated_at) as last_seen_at,
        max(edge_per_contract) as best_net_edge,
        round(avg(edge_per_contract), 6) as avg_net_edge,
        max(net_profit) as best_net_profit_usd,
        max(contracts) as max_contracts,
        max(cost) as max_capacity_usd,
        round(avg(cost), 6) as avg_capacity_usd,
        min(apy) as apy_min,
        percentile_disc(0.25) within group (order by apy) as apy_p25,
        percentile_disc(0.5) within group (order by apy) as apy_median,
        percentile_disc(0.75) within group (order by apy) as apy_p75,
        percentile_disc(0.9) within group (order by apy) as apy_p90,
        max(apy) as apy_max
    from observations
    where is_opportunity
    group by arb_date, opportunity_key, kind, kalshi_ticker, kalshi_side, polymarket_market_id, polymarket_token
),

lifetimes as (
    select
        arb_date,
        opportunity_key,
        count(*) as opportunities_seen,
        max(lifetime_seconds) as longest_lifetime_seconds,
        percentile_disc(0.5) within group (order by lifetime_seconds) as median_lifetime_seconds,
        sum(lifetime_seconds) as total_lifetime_seconds,
        min(lifetime_source) as lifetime_source
    from {{ ref('opportunity_episodes') }}
    where {{ dates_in_partition_window('arb_date') }}
    group by arb_date, opportunity_key
),

pairs as (
    select pair_id, kalshi_ticker, polymarket_market_id, category from {{ ref('stg_matched_pairs') }}
),

markets as (
    select venue, market_id, category from {{ ref('stg_markets') }}
)

select
    seen.arb_date,
    seen.opportunity_key,
    seen.kind,
    pairs.pair_id,
    coalesce(pairs.category, kalshi.category, polymarket.category, 'uncategorized') as category,
    seen.kalshi_ticker,
    seen.kalshi_side,
    seen.polymarket_market_id,
    seen.polymarket_token,
    evaluated.snapshots_evaluated,
    seen.opportunity_snapshots,
    lifetimes.opportunities_seen,
    seen.first_seen_at,
    seen.last_seen_at,
    seen.best_net_edge,
    seen.avg_net_edge,
    seen.best_net_profit_usd,
    seen.max_contracts,
    seen.max_capacity_usd,
    seen.avg_capacity_usd,
    seen.apy_min,
    seen.apy_p25,
    seen.apy_median,
    seen.apy_p75,
    seen.apy_p90,
    seen.apy_max,
    lifetimes.longest_lifetime_seconds,
    lifetimes.median_lifetime_seconds,
    lifetimes.total_lifetime_seconds,
    lifetimes.lifetime_source
from seen
join evaluated using (arb_date, opportunity_key)
join lifetimes using (arb_date, opportunity_key)
left join pairs
    on seen.kind = 'cross_venue'
    and pairs.kalshi_ticker = seen.kalshi_ticker
    and pairs.polymarket_market_id = seen.polymarket_market_id
left join markets as kalshi
    on kalshi.venue = 'kalshi' and kalshi.market_id = seen.kalshi_ticker
left join markets as polymarket
    on polymarket.venue = 'polymarket' and polymarket.market_id = seen.polymarket_market_id
