-- The streamer's opportunity events with the key that follows one opportunity across snapshots
-- (the same key as stg_spreads) and the UTC day the opportunity opened on: every event of one
-- opening shares its opened_at, so an episode is built from one day's rows.
select
    event_id,
    event_type,
    {{ opportunity_key() }} as opportunity_key,
    kind,
    kalshi_ticker,
    kalshi_side,
    polymarket_market_id,
    polymarket_token,
    contracts,
    cost,
    net_profit,
    edge_per_contract,
    apy,
    opened_at,
    evaluated_at,
    lifetime_s,
    {{ utc_date('opened_at') }} as arb_date
from {{ source('warehouse', 'opportunity_events') }}
