"""Dagster definitions: sportsbook value signals."""
