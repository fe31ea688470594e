"""Dagster objects only, one folder per domain (catalog, matching, quotes, spreads, trading,
sportsbook, reports) and shared resources. Domain logic lives in arb_pipeline.domain; I/O in
venues/ and warehouse/."""
