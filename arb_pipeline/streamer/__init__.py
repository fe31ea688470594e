"""The sidecar streamer: a long-running asyncio service beside Dagster that keeps live books from
the venues' WebSockets, re-evaluates the pairs a book change touches, persists ticks and
opportunity events in batches, alerts, and serves Prometheus metrics and a health check.

The components around the hot path (settings, persistence, alerts, metrics, health) are each
usable on their own; docs/streamer.md describes how they fit together."""
