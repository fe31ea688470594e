"""Dagster definitions: catalog."""
