"""The streamer's tables as Dagster sees them: written by the sidecar streamer, not by Dagster, so
they are external assets (``AssetSpec``s), observed rather than materialized. The
``streamer_silence_sensor`` (sensors.py) observes them every minute: each observation records when
the table last received a row (``dagster/last_updated_timestamp``), which the UI shows as the
asset's last update and the freshness checks here judge. (``observable_source_asset`` would do the
same from an observation function, but is still beta in Dagster 1.13.)"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import dagster as dg

from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.streamer.settings import SETTINGS, max_silence_s
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import LastWrite, StreamTable

STREAMER = "streamer"
LAST_UPDATED = "dagster/last_updated_timestamp"
SILENCE_CHECK = "streamer_is_writing"
#: The tables a live streamer writes every few seconds: no row in either for longer than
#: ARB_STREAMER_MAX_SILENCE_S means it is down, hung, or cut off from the warehouse.
LIVENESS_TABLES = (StreamTable.STREAM_HEALTH, StreamTable.BOOK_TICKS)

_DESCRIPTIONS = {
    StreamTable.BOOK_TICKS: "Top of book per instrument at every change the streamer saw, with venue and receive times.",
    StreamTable.BOOK_DEPTH_SNAPSHOTS: "Every level of every live book, taken periodically by the streamer.",
    StreamTable.OPPORTUNITY_EVENTS: "Opportunities the streamer saw open, change and close, with their lifetimes.",
    StreamTable.STREAM_HEALTH: "The streamer's feed health per venue and period: messages, errors, gaps, reconnects, resyncs.",
}

STREAM_TABLE_SPECS = [
    dg.AssetSpec(key=table.value, description=_DESCRIPTIONS[table], group_name=STREAMER, kinds={"postgres"})
    for table in StreamTable
]


def observation_metadata(last: LastWrite | None) -> dict[str, dg.RawMetadataValue]:
    if last is None:
        return {"rows_written": dg.MetadataValue.text("none yet")}
    return {
        LAST_UPDATED: dg.MetadataValue.timestamp(last.written_at),
        "last_row_id": last.row_id,
    }


def observations(last_writes: dict[StreamTable, LastWrite | None]) -> list[dg.AssetObservation]:
    """One observation per table. A table never written gets no last-updated time: the freshness
    check then reports it as never updated rather than fresh."""
    return [
        dg.AssetObservation(asset_key=table.value, metadata=observation_metadata(last_writes[table]))
        for table in StreamTable
    ]


@dataclass(frozen=True, slots=True)
class Silence:
    """Whether the streamer has gone silent, judged from its last writes."""

    silent: bool
    never_wrote: bool
    message: str
    last_written_at: datetime | None
    limit_s: float

    def metadata(self) -> dict[str, dg.RawMetadataValue]:
        return {
            "limit_seconds": self.limit_s,
            "last_written_at": self.last_written_at.isoformat() if self.last_written_at else "never",
        }


def judge_silence(last_writes: dict[StreamTable, LastWrite | None], now: datetime, limit_s: float) -> Silence:
    latest = [written.written_at for table in LIVENESS_TABLES if (written := last_writes[table]) is not None]
    names = " or ".join(table.value for table in LIVENESS_TABLES)
    if not latest:
        return Silence(False, True, f"the streamer has never written to {names}", None, limit_s)
    last = max(latest)
    age = (now - last).total_seconds()
    if age > limit_s:
        return Silence(
            True, False,
            f"the streamer is silent: no row in {names} for {age:.0f} s (limit {limit_s:g} s, "
            f"ARB_STREAMER_MAX_SILENCE_S); last at {last.isoformat()}. Check that it runs, that /healthz answers, "
            "and its write backlog (arb_streamer_write_backlog_rows)",
            last, limit_s,
        )  # fmt: skip
    return Silence(False, False, f"the streamer last wrote {age:.0f} s ago (limit {limit_s:g} s)", last, limit_s)


def silence_check_evaluation(silence: Silence) -> dg.AssetCheckEvaluation:
    return dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey(StreamTable.STREAM_HEALTH.value),
        check_name=SILENCE_CHECK,
        passed=not silence.silent,
        severity=dg.AssetCheckSeverity.ERROR,
        description=silence.message,
        metadata=silence.metadata(),
    )


@dg.asset_check(
    asset=StreamTable.STREAM_HEALTH.value,
    name=SILENCE_CHECK,
    description="The streamer wrote stream_health or book_ticks within ARB_STREAMER_MAX_SILENCE_S (default 120 s). "
    "Evaluated every minute by streamer_silence_sensor.",
)
def streamer_is_writing(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    store = warehouse.get()
    with store.transaction() as connection:
        last = stream.last_writes(connection, schema=store.schema)
    silence = judge_silence(last, datetime.now(tz=UTC), max_silence_s())
    return dg.AssetCheckResult(
        passed=not silence.silent, severity=dg.AssetCheckSeverity.ERROR, description=silence.message,
        metadata=silence.metadata(),
    )  # fmt: skip


def _freshness_checks() -> list[dg.AssetChecksDefinition]:
    # Read when Dagster loads the code location, not at import (docs/architecture.md#conventions).
    silence = timedelta(seconds=max_silence_s())
    depth_every = float(SETTINGS["depth_snapshot_interval_s"].read(os.environ, 60))
    live = dg.build_last_update_freshness_checks(
        assets=[table.value for table in LIVENESS_TABLES], lower_bound_delta=silence, severity=dg.AssetCheckSeverity.ERROR
    )
    # Depth snapshots come every ARB_STREAMER_DEPTH_SNAPSHOT_INTERVAL_S; three missed in a row is
    # a fault. Opportunity events get none: hours without one are quiet markets, not a fault.
    depth = dg.build_last_update_freshness_checks(
        assets=[StreamTable.BOOK_DEPTH_SNAPSHOTS.value], lower_bound_delta=max(silence, timedelta(seconds=3 * depth_every))
    )
    return [*live, *depth]


@dg.definitions
def defs() -> dg.Definitions:
    freshness = _freshness_checks()
    # A module with a definitions function contributes only what the function returns.
    return dg.Definitions(
        assets=STREAM_TABLE_SPECS,
        asset_checks=[streamer_is_writing, *freshness],
        sensors=[
            # Off until turned on where a streamer runs: elsewhere every check would fail with
            # "never updated" every minute. streamer_silence_sensor, on by default, stays quiet
            # until a streamer has written once.
            dg.build_sensor_for_freshness_checks(
                freshness_checks=freshness,
                name="stream_freshness_checks_sensor",
                minimum_interval_seconds=60,
                default_status=dg.DefaultSensorStatus.STOPPED,
            )
        ],
    )
