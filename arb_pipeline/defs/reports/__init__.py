"""Dagster definitions: reports (the dbt marts over the warehouse)."""
