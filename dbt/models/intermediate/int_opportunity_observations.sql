-- Every evaluation of every opportunity key in the build's window: one row per spread, flagged
-- when the opportunities table holds it. The opportunities table is what the pipeline published
-- after its checks, so a spread marked is_opportunity whose opportunities row was never written
-- (a blocked or failed run) does not count as one here.
with spreads as (
    select * from {{ ref('stg_spreads') }}
    where {{ in_partition_window('evaluated_at') }}
),

published as (
    select snapshot_id, opportunity_key from {{ ref('stg_opportunities') }}
    where {{ in_partition_window('evaluated_at') }}
)

select
    spreads.arb_date,
    spreads.snapshot_id,
    spreads.evaluated_at,
    spreads.opportunity_key,
    spreads.kind,
    spreads.kalshi_ticker,
    spreads.kalshi_side,
    spreads.polymarket_market_id,
    spreads.polymarket_token,
    spreads.contracts,
    spreads.kalshi_fee + spreads.polymarket_fee as fees,
    spreads.cost,
    spreads.net_profit,
    spreads.edge_per_contract,
    spreads.apy,
    published.opportunity_key is not null as is_opportunity
from spreads
left join published
    on published.snapshot_id = spreads.snapshot_id
    and published.opportunity_key = spreads.opportunity_key
