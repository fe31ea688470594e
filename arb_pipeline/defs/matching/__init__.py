"""Dagster definitions: matching."""
