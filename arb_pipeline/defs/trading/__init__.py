"""Dagster definitions: paper trading."""
