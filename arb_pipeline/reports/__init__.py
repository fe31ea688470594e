"""Rendering shared by Dagster asset metadata and the reports: how values are shown to people
(:mod:`.values`), the tables and charts built from domain objects (:mod:`.tables`), and their
Markdown form (:mod:`.markdown`). Nothing here reads or writes anything."""
