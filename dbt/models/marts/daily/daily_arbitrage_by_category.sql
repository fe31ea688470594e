-- The day's arbitrage by category and kind: daily_arbitrage rolled up, with the APY and lifetime
-- distributions taken again over every observation and episode of the category (a quantile of
-- quantiles would not be one).
with opportunities as (
    select * from {{ ref('daily_arbitrage') }}
    where {{ dates_in_partition_window('arb_date') }}
),

observations as (
    select observations.arb_date, observations.opportunity_key, observations.edge_per_contract, observations.apy
    from {{ ref('int_opportunity_observations') }} as observations
    where observations.is_opportunity
),

episodes as (
    select arb_date, opportunity_key, lifetime_seconds
    from {{ ref('opportunity_episodes') }}
    where {{ dates_in_partition_window('arb_date') }}
),

totals as (
    select
        arb_date,
        category,
        kind,
        count(*) as opportunities,
        count(distinct pair_id) as pairs,
        sum(opportunities_seen) as opportunities_seen,
        sum(opportunity_snapshots) as opportunity_snapshots,
        max(best_net_edge) as best_net_edge,
        max(best_net_profit_usd) as best_net_profit_usd,
        max(max_capacity_usd) as max_capacity_usd,
        sum(max_capacity_usd) as peak_capacity_usd
    from opportunities
    group by arb_date, category, kind
),

distribution as (
    select
        opportunities.arb_date,
        opportunities.category,
        opportunities.kind,
        round(avg(observations.edge_per_contract), 6) as avg_net_edge,
        min(observations.apy) as apy_min,
        percentile_disc(0.25) within group (order by observations.apy) as apy_p25,
        percentile_disc(0.5) within group (order by observations.apy) as apy_median,
        percentile_disc(0.75) within group (order by observations.apy) as apy_p75,
        percentile_disc(0.9) within group (order by observations.apy) as apy_p90,
        max(observations.apy) as apy_max
    from opportunities
    join observations using (arb_date, opportunity_key)
    group by opportunities.arb_date, opportunities.category, opportunities.kind
),

lifetimes as (
    select
        opportunities.arb_date,
        opportunities.category,
        opportunities.kind,
        max(episodes.lifetime_seconds) as longest_lifetime_seconds,
        percentile_disc(0.5) within group (order by episodes.lifetime_seconds) as median_lifetime_seconds
    from opportunities
    join episodes using (arb_date, opportunity_key)
    group by opportunities.arb_date, opportunities.category, opportunities.kind
)

select
    totals.arb_date,
    totals.category,
    totals.kind,
    totals.opportunities,
    totals.pairs,
    totals.opportunities_seen,
    totals.opportunity_snapshots,
    totals.best_net_edge,
    distribution.avg_net_edge,
    totals.best_net_profit_usd,
    totals.max_capacity_usd,
    totals.peak_capacity_usd,
    distribution.apy_min,
    distribution.apy_p25,
    distribution.apy_median,
    distribution.apy_p75,
    distribution.apy_p90,
    distribution.apy_max,
    lifetimes.longest_lifetime_seconds,
    lifetimes.median_lifetime_seconds
from totals
join distribution using (arb_date, category, kind)
join lifetimes using (arb_date, category, kind)
