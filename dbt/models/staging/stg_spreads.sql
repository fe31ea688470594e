-- Spreads with the key that follows one opportunity across snapshots and the UTC day it was
-- evaluated on.
select
{{ spread_columns() }}
from {{ source('warehouse', 'spreads') }}
