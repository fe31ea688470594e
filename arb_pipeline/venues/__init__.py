"""Venue adapters: one subpackage per venue (constants, REST client, WebSocket client, parsing).
No Dagster and no SQL here; everything parses into :mod:`arb_pipeline.domain.models`."""
