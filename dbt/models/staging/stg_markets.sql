-- Both venues' markets, each venue's rows read through the source its own asset writes.
select venue, market_id, event_id, series_id, title, category, status, open_time, close_time, expiration_time
from {{ source('warehouse', 'kalshi_markets') }}
where venue = 'kalshi'

union all

select venue, market_id, event_id, series_id, title, category, status, open_time, close_time, expiration_time
from {{ source('warehouse', 'polymarket_markets') }}
where venue = 'polymarket'
