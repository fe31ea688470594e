-- The day's paper-trading PnL per signal kind, pair and venue: the pnl asset's realized,
-- unrealized and fees (computed in the domain from fills and settlements), beside what the
-- fills and settlements of that day say, and realized PnL added up over every day so far.
-- Arbitrage and sportsbook value are never added together: every figure is per signal kind.
with pnl as (
    select day as arb_date, signal_kind, pair_key, venue, realized, unrealized, fees, marked, computed_at
    from {{ source('warehouse', 'daily_pnl') }}
    where {{ dates_in_partition_window('day') }}
),

running as (
    -- Every day up to the row's own, so a day built alone still carries the days before it.
    select
        day as arb_date,
        signal_kind,
        pair_key,
        venue,
        sum(realized) over (partition by signal_kind, pair_key, venue order by day) as cumulative_realized
    from {{ source('warehouse', 'daily_pnl') }}
),

fills as (
    -- Only confirmed fills make positions (and fees), as in the domain's PnL.
    select
        {{ utc_date('filled_at') }} as arb_date,
        signal_kind,
        pair_key,
        venue,
        count(*) as fills,
        sum(price * contracts) as volume_usd,
        coalesce(sum(contracts) filter (where side = 'buy'), 0) as contracts_bought,
        coalesce(sum(contracts) filter (where side = 'sell'), 0) as contracts_sold,
        sum(fee) as fill_fees_usd
    from {{ source('warehouse', 'paper_fills') }}
    where status = 'confirmed' and {{ in_partition_window('filled_at') }}
    group by 1, signal_kind, pair_key, venue
),

settled as (
    select
        {{ utc_date('settled_at') }} as arb_date,
        signal_kind,
        pair_key,
        venue,
        count(*) as settlements,
        sum(payout) as payout_usd
    from {{ source('warehouse', 'paper_settlements') }}
    where {{ in_partition_window('settled_at') }}
    group by 1, signal_kind, pair_key, venue
)

select
    pnl.arb_date,
    pnl.signal_kind,
    pnl.pair_key,
    pnl.venue,
    pnl.realized,
    pnl.unrealized,
    pnl.fees,
    pnl.realized + pnl.unrealized as total,
    pnl.marked,
    running.cumulative_realized,
    coalesce(fills.fills, 0) as fills,
    coalesce(fills.volume_usd, 0) as volume_usd,
    coalesce(fills.contracts_bought, 0) as contracts_bought,
    coalesce(fills.contracts_sold, 0) as contracts_sold,
    coalesce(fills.fill_fees_usd, 0) as fill_fees_usd,
    coalesce(settled.settlements, 0) as settlements,
    coalesce(settled.payout_usd, 0) as payout_usd,
    pnl.computed_at
from pnl
join running using (arb_date, signal_kind, pair_key, venue)
left join fills using (arb_date, signal_kind, pair_key, venue)
left join settled using (arb_date, signal_kind, pair_key, venue)
