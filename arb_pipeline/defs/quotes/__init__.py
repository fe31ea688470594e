"""Dagster definitions: quotes."""
