"""Dagster definitions: spreads."""
