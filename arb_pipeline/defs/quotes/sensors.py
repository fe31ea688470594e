"""Sensors on the streamer's writes.

``stream_scan_sensor`` launches the scan when the streamer has seen fresh data: its cursor is the
highest tick id and opportunity event id it has handled; every evaluation reads what arrived since,
finds the approved pairs those ticks and events touched, and requests ``scan_job`` runs for
that batch (one run per shard, one snapshot), keyed by the cursor range so a re-evaluated tick
never launches twice. Nothing new, or nothing that touches an approved pair: no run. The scan job
snapshots and walks every pair (its assets take no pair list), so the batch's pairs ride along as
a tag for the record and the run key is the range; while a run it launched is still going, it
waits rather than pile up scans.

``streamer_silence_sensor`` notices a streamer gone silent: every minute it observes the stream
tables (so the UI shows when live data last arrived) and evaluates the ``streamer_is_writing``
check on ``stream_health``, which fails, with the reason, when neither stream_health nor
book_ticks received a row within ``ARB_STREAMER_MAX_SILENCE_S``. A failing asset check is where
Dagster shows a data problem and what its alerting watches; no run is involved.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import dagster as dg

from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, SNAPSHOT_TS_TAG
from arb_pipeline.defs.quotes.stream_tables import judge_silence, observations, silence_check_evaluation
from arb_pipeline.defs.shared.partitions import shard_run_requests
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.spreads.schedules import scan_job
from arb_pipeline.streamer.settings import max_silence_s
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import StreamCursor

#: Tags on the runs stream_scan_sensor launches.
STREAM_RANGE_TAG = "arb/stream_range"
CHANGED_PAIRS_TAG = "arb/changed_pairs"
#: At most this many pair keys are listed in the tag; the count is always there.
_PAIRS_LISTED = 20

_IN_PROGRESS = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def _cursor(text: str | None) -> StreamCursor | None:
    if not text:
        return None
    try:
        values = json.loads(text)
        return StreamCursor(tick_id=int(values["tick_id"]), event_id=int(values["event_id"]))
    except (ValueError, TypeError, KeyError) as exc:
        raise ValueError(f"stream_scan_sensor cursor {text!r} is not a stream cursor ({exc}); reset the sensor's cursor") from None


def cursor_text(cursor: StreamCursor) -> str:
    return json.dumps({"tick_id": cursor.tick_id, "event_id": cursor.event_id})


def _scans_in_progress(context: dg.SensorEvaluationContext) -> list[dg.DagsterRun]:
    """Scan runs this sensor launched that have not finished."""
    launched_here = {"dagster/sensor_name": context.sensor_name or "stream_scan_sensor"}
    filters = dg.RunsFilter(job_name=scan_job.name, statuses=_IN_PROGRESS, tags=launched_here)
    return list(context.instance.get_runs(filters=filters, limit=1))


def run_key(after: StreamCursor, upto: StreamCursor) -> str:
    return f"stream-ticks-{after.tick_id}-{upto.tick_id}-events-{after.event_id}-{upto.event_id}"


@dg.sensor(
    name="stream_scan_sensor",
    job=scan_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Launches scan_job when the streamer stored ticks or opportunity events touching an approved pair.",
)
def stream_scan_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    store = warehouse.get()
    after = _cursor(context.cursor)
    with store.transaction() as connection:
        upto = stream.high_water(connection, schema=store.schema)
        if after is None:
            # A first evaluation starts at the streamer's current position: a scan of everything
            # stored before the sensor existed would tell nothing the schedule's scans did not.
            return dg.SensorResult(
                skip_reason=f"starting after tick {upto.tick_id} and opportunity event {upto.event_id}",
                cursor=cursor_text(upto),
            )
        if upto.tick_id < after.tick_id or upto.event_id < after.event_id:
            # Ids only grow; lower ones mean the tables were recreated (a new warehouse schema).
            return dg.SensorResult(
                skip_reason=f"the stream tables restarted below the cursor ({cursor_text(after)}); starting again "
                f"after tick {upto.tick_id} and event {upto.event_id}",
                cursor=cursor_text(upto),
            )
        if after.covers(upto):
            return dg.SensorResult(
                skip_reason=f"no tick after {after.tick_id} and no opportunity event after {after.event_id}",
                cursor=cursor_text(after),
            )
        running = _scans_in_progress(context)
        if running:
            return dg.SensorResult(
                skip_reason=f"scan run {running[0].run_id} is still going; ticks up to {upto.tick_id} wait for the next one",
                cursor=cursor_text(after),
            )
        pairs = stream.pairs_changed(connection, after, upto, schema=store.schema)
    if not pairs:
        return dg.SensorResult(
            skip_reason=f"ticks {after.tick_id + 1} to {upto.tick_id} and events {after.event_id + 1} to {upto.event_id} "
            "touched no approved pair",
            cursor=cursor_text(upto),
        )
    key = run_key(after, upto)
    listed = ", ".join(f"{ticker}/{market}" for ticker, market in pairs[:_PAIRS_LISTED])
    more = f" and {len(pairs) - _PAIRS_LISTED} more" if len(pairs) > _PAIRS_LISTED else ""
    context.log.info("%d approved pairs changed (%s%s): requesting run %s", len(pairs), listed, more, key)
    tags = {
        # The range names the snapshot too: a retried run writes into the same one.
        SNAPSHOT_TAG: key,
        SNAPSHOT_TS_TAG: datetime.now(tz=UTC).isoformat(),
        STREAM_RANGE_TAG: key,
        CHANGED_PAIRS_TAG: f"{len(pairs)}: {listed}{more}",
    }
    return dg.SensorResult(run_requests=shard_run_requests(key, tags), cursor=cursor_text(upto))


@dg.sensor(
    name="streamer_silence_sensor",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Observes the stream tables and fails the streamer_is_writing check when the streamer stops writing.",
)
def streamer_silence_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
    store = warehouse.get()
    with store.transaction() as connection:
        last = stream.last_writes(connection, schema=store.schema)
    silence = judge_silence(last, datetime.now(tz=UTC), max_silence_s())
    events: list[dg.AssetObservation | dg.AssetCheckEvaluation] = [*observations(last)]
    if silence.never_wrote:
        # A deployment that never ran the streamer is not a silent streamer.
        return dg.SensorResult(skip_reason=silence.message, asset_events=events)
    events.append(silence_check_evaluation(silence))
    if silence.silent:
        context.log.error(silence.message)
    return dg.SensorResult(skip_reason=silence.message, asset_events=events)
