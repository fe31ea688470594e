{#- One opportunity across snapshots: its kind and legs (the warehouse's unique key of a spread
    within a snapshot, without the snapshot). Intra-venue kinds leave one venue's legs NULL. -#}
{% macro opportunity_key(relation='') -%}
  {%- set p = relation ~ '.' if relation else '' -%}
  md5(concat_ws('|', {{ p }}kind, coalesce({{ p }}kalshi_ticker, ''), coalesce({{ p }}polymarket_market_id, ''),
                coalesce({{ p }}kalshi_side, ''), coalesce({{ p }}polymarket_token, '')))
{%- endmacro %}
