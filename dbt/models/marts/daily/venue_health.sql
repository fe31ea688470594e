-- The streamer's feed health per UTC day and venue: how much it received, how often it lost
-- its place (sequence gaps, reconnects, resyncs, undecodable messages), how stale its books got,
-- how long it wrote no health at all, and how late the venues' book changes reached it.
--
-- stream_health rows cover [period_start, period_end) and belong to the day their period ended
-- on. Several streamer shards may report one venue over the same periods, so time covered is the
-- union of the periods, not their sum; a silence is a stretch inside the day that no period of
-- the venue covers (the streamer down, or cut off from the warehouse).
with health as (
    select
        venue,
        {{ utc_date('period_end') }} as arb_date,
        period_start,
        period_end,
        messages,
        decode_errors,
        gaps,
        reconnects,
        resyncs,
        live_books,
        stale_books,
        max_staleness_s,
        connected
    from {{ source('warehouse', 'stream_health') }}
    where {{ in_partition_window('period_end') }}
),

covered_before as (
    -- The latest end among the venue's earlier periods that day: a period starting after it
    -- follows a silence.
    select
        health.*,
        max(period_end) over (
            partition by arb_date, venue order by period_start, period_end
            rows between unbounded preceding and 1 preceding
        ) as covered_until
    from health
),

periods as (
    select
        arb_date,
        venue,
        count(*) as health_periods,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        sum(messages) as messages,
        sum(decode_errors) as decode_errors,
        sum(gaps) as gaps,
        sum(reconnects) as reconnects,
        sum(resyncs) as resyncs,
        count(*) filter (where not connected) as disconnected_periods,
        min(live_books) as min_live_books,
        max(live_books) as max_live_books,
        max(stale_books) as max_stale_books,
        max(max_staleness_s) as max_staleness_s,
        percentile_disc(0.5) within group (order by max_staleness_s) as median_staleness_s,
        coalesce(
            max(extract(epoch from period_start - covered_until)) filter (where period_start > covered_until), 0
        ) as longest_silence_seconds,
        extract(epoch from max(period_end) - min(period_start)) - coalesce(
            sum(extract(epoch from period_start - covered_until)) filter (where period_start > covered_until), 0
        ) as covered_seconds
    from covered_before
    group by arb_date, venue
),

ticks as (
    select
        venue,
        {{ utc_date('received_ts') }} as arb_date,
        instrument_id,
        received_ts,
        extract(epoch from received_ts - venue_ts) * 1000 as latency_ms
    from {{ source('warehouse', 'book_ticks') }}
    where {{ in_partition_window('received_ts') }}
),

tick_totals as (
    select
        arb_date,
        venue,
        count(*) as book_ticks,
        count(distinct instrument_id) as instruments_ticked,
        min(received_ts) as first_tick_at,
        max(received_ts) as last_tick_at,
        -- Venue time to receipt, where the venue sends a time (Kalshi and Polymarket both do
        -- on book messages). Observed values, never interpolated.
        round(percentile_disc(0.5) within group (order by latency_ms)::numeric, 3) as latency_p50_ms,
        round(percentile_disc(0.95) within group (order by latency_ms)::numeric, 3) as latency_p95_ms,
        round(max(latency_ms)::numeric, 3) as latency_max_ms
    from ticks
    group by arb_date, venue
),

days as (
    select arb_date, venue from periods
    union
    select arb_date, venue from tick_totals
)

select
    days.arb_date,
    days.venue,
    coalesce(periods.health_periods, 0) as health_periods,
    periods.first_period_start,
    periods.last_period_end,
    coalesce(periods.covered_seconds, 0) as covered_seconds,
    coalesce(periods.longest_silence_seconds, 0) as longest_silence_seconds,
    coalesce(periods.messages, 0) as messages,
    case when periods.covered_seconds > 0 then round(periods.messages / periods.covered_seconds, 3) end as messages_per_second,
    coalesce(periods.decode_errors, 0) as decode_errors,
    coalesce(periods.gaps, 0) as gaps,
    coalesce(periods.reconnects, 0) as reconnects,
    coalesce(periods.resyncs, 0) as resyncs,
    coalesce(periods.disconnected_periods, 0) as disconnected_periods,
    periods.min_live_books,
    periods.max_live_books,
    periods.max_stale_books,
    periods.median_staleness_s,
    periods.max_staleness_s,
    coalesce(tick_totals.book_ticks, 0) as book_ticks,
    coalesce(tick_totals.instruments_ticked, 0) as instruments_ticked,
    tick_totals.first_tick_at,
    tick_totals.last_tick_at,
    tick_totals.latency_p50_ms,
    tick_totals.latency_p95_ms,
    tick_totals.latency_max_ms
from days
left join periods using (arb_date, venue)
left join tick_totals using (arb_date, venue)
