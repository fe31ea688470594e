-- How long each opportunity lived: one row per episode, a run of consecutive snapshots of one
-- UTC day in each of which it was an opportunity. A snapshot that did not find it (or did not
-- evaluate it at all) ends the run.
--
-- Lifetimes here come from REST snapshots (lifetime_source = 'snapshots'): an episode opened at
-- the first snapshot of its run and was last seen at the last one, so lifetime_seconds
-- (last_seen_at - opened_at) is a lower bound, and 0 for an episode seen in one snapshot only;
-- closed_at is the next snapshot's time (NULL when it was still open at the day's last snapshot).
-- Episodes are cut at UTC midnight so each day's partition is built from that day's rows alone.
-- A source of opportunity open/close events with exact lifetimes replaces this model's body
-- behind the same columns; daily_arbitrage reads lifetimes only from here.
with observations as (
    select * from {{ ref('int_opportunity_observations') }}
),

snapshots as (
    -- Every snapshot of the day in the order taken (a snapshot's spreads share one evaluation time).
    select
        arb_date,
        snapshot_id,
        taken_at,
        row_number() over (partition by arb_date order by taken_at, snapshot_id) as snapshot_no
    from (
        select arb_date, snapshot_id, min(evaluated_at) as taken_at
        from observations
        group by arb_date, snapshot_id
    ) as taken
),

runs as (
    -- Gaps and islands: within one opportunity's snapshots, consecutive snapshot numbers minus
    -- their rank is constant, and changes after every snapshot that did not find it.
    select
        observations.*,
        snapshots.snapshot_no,
        snapshots.snapshot_no - row_number() over (
            partition by observations.arb_date, observations.opportunity_key order by snapshots.snapshot_no
        ) as run
    from observations
    join snapshots using (arb_date, snapshot_id)
    where observations.is_opportunity
),

episodes as (
    select
        arb_date,
        opportunity_key,
        kind,
        kalshi_ticker,
        kalshi_side,
        polymarket_market_id,
        polymarket_token,
        min(evaluated_at) as opened_at,
        max(evaluated_at) as last_seen_at,
        max(snapshot_no) as last_snapshot_no,
        count(*) as snapshots,
        max(edge_per_contract) as best_net_edge,
        max(cost) as max_capacity_usd
    from runs
    group by arb_date, opportunity_key, run, kind, kalshi_ticker, kalshi_side, polymarket_market_id, polymarket_token
)

select
    episodes.arb_date,
    episodes.opportunity_key,
    row_number() over (partition by episodes.arb_date, episodes.opportunity_key order by episodes.opened_at) as episode_no,
    episodes.kind,
    episodes.kalshi_ticker,
    episodes.kalshi_side,
    episodes.polymarket_market_id,
    episodes.polymarket_token,
    episodes.opened_at,
    episodes.last_seen_at,
    next_snapshot.taken_at as closed_at,
    extract(epoch from episodes.last_seen_at - episodes.opened_at) as lifetime_seconds,
    episodes.snapshots,
    episodes.best_net_edge,
    episodes.max_capacity_usd,
    'snapshots'::text as lifetime_source
from episodes
left join snapshots as next_snapshot
    on next_snapshot.arb_date = episodes.arb_date
    and next_snapshot.snapshot_no = episodes.last_snapshot_no + 1
