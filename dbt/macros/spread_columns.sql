{#- The columns staging reads from spreads and from opportunities (the same shape: opportunities
    are the spreads that passed the thresholds), with the key that follows one opportunity across
    snapshots and the UTC day it was evaluated on. -#}
{% macro spread_columns() %}
    spread_id,
    snapshot_id,
    {{ opportunity_key() }} as opportunity_key,
    kind,
    kalshi_ticker,
    kalshi_side,
    polymarket_market_id,
    polymarket_token,
    contracts,
    kalshi_fee,
    polymarket_fee,
    cost,
    net_profit,
    edge_per_contract,
    days_to_resolution,
    apy,
    evaluated_at,
    {{ utc_date('evaluated_at') }} as arb_date
{% endmacro %}
