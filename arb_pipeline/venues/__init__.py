"""Venue adapters: one package per venue (``kalshi``, ``polymarket``, ``odds_api``) owning
everything about it (constants, clients, parsing, its catalog reads, its part of a capture and
of a watch), over a few shared modules: the HTTP policy (``http``), backoff (``backoff``), wire
values (``wire``), record-by-record parsing (``records``), stream events (``stream``), the
protocols a venue implements (``protocols``) and the capture orchestrator (``capture``, with
``capture_folder`` and ``registry``). No Dagster and no SQL here; everything parses into
:mod:`arb_pipeline.domain.models`."""
