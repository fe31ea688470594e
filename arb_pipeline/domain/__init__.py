"""Pure logic and models: no I/O, no Dagster, no SQL. The money logic lives here, once."""
