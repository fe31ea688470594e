-- How long each opportunity lived: one row per episode, from one of two sources.
--
-- lifetime_source = 'stream': the streamer's opportunity events (open, change, close), where it
-- saw the opportunity that day. The streamer evaluates a pair at every book change, so an
-- episode opened at its open event and closed at its close event, and lifetime_seconds is
-- closed_at - opened_at (the close event's lifetime_s); an episode still open at the last event
-- read counts up to its last event. An episode belongs to the UTC day it opened on, whole, even
-- when it closes after midnight: the daily build of that day reads the events by opened_at.
--
-- lifetime_source = 'snapshots': runs of consecutive REST snapshots of one UTC day in each of
-- which it was an opportunity, for the opportunities and days the streamer did not see. A
-- snapshot that did not find it (or did not evaluate it at all) ends the run. opened_at is the
-- first snapshot of the run and last_seen_at the last, so lifetime_seconds (last_seen_at -
-- opened_at) is a lower bound, and 0 for an episode seen in one snapshot only; closed_at is the
-- next snapshot's time (NULL when it was still open at the day's last snapshot). These episodes
-- are cut at UTC midnight so each day's partition is built from that day's rows alone.
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
),

snapshot_episodes as (
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
),

events as (
    select * from {{ ref('stg_opportunity_events') }}
    where {{ in_partition_window('opened_at') }}
),

stream_episodes as (
    -- Every event of one opening shares opened_at. The open and change events carry the numbers
    -- of evaluations that found the opportunity; a close carries the one that no longer did (or,
    -- when tracking ended, the last numbers seen while open), so it only times the end.
    select
        arb_date,
        opportunity_key,
        kind,
        kalshi_ticker,
        kalshi_side,
        polymarket_market_id,
        polymarket_token,
        opened_at,
        coalesce(max(evaluated_at) filter (where event_type <> 'close'), opened_at) as last_seen_at,
        max(evaluated_at) filter (where event_type = 'close') as closed_at,
        max(lifetime_s) filter (where event_type = 'close') as closed_lifetime_seconds,
        count(*) filter (where event_type <> 'close') as evaluations,
        coalesce(max(edge_per_contract) filter (where event_type <> 'close'), max(edge_per_contract)) as best_net_edge,
        coalesce(max(cost) filter (where event_type <> 'close'), max(cost)) as max_capacity_usd
    from events
    group by arb_date, opportunity_key, kind, kalshi_ticker, kalshi_side, polymarket_market_id, polymarket_token, opened_at
),

streamed as (
    select distinct arb_date, opportunity_key from stream_episodes
)

select
    stream_episodes.arb_date,
    stream_episodes.opportunity_key,
    row_number() over (
        partition by stream_episodes.arb_date, stream_episodes.opportunity_key order by stream_episodes.opened_at
    ) as episode_no,
    stream_episodes.kind,
    stream_episodes.kalshi_ticker,
    stream_episodes.kalshi_side,
    stream_episodes.polymarket_market_id,
    stream_episodes.polymarket_token,
    stream_episodes.opened_at,
    stream_episodes.last_seen_at,
    stream_episodes.closed_at,
    coalesce(
        stream_episodes.closed_lifetime_seconds,
        extract(epoch from stream_episodes.last_seen_at - stream_episodes.opened_at)
    ) as lifetime_seconds,
    greatest(stream_episodes.evaluations, 1) as snapshots,
    stream_episodes.best_net_edge,
    stream_episodes.max_capacity_usd,
    'stream'::text as lifetime_source
from stream_episodes

union all

select snapshot_episodes.*
from snapshot_episodes
where not exists (
    select 1 from streamed
    where streamed.arb_date = snapshot_episodes.arb_date and streamed.opportunity_key = snapshot_episodes.opportunity_key
)
