"""What the ``arb-pipeline`` command runs that is not Dagster: the offline scan of a capture
(:mod:`.offline_scan`), the end-to-end demo (:mod:`.demo`), matching evaluation
(:mod:`.match_eval`) and the review queue (:mod:`.review`), each a plain module over the domain, the
venue parsers and the warehouse.

"Scan" in this project means one pass over one set of order books: every approved pair in both
directions, and every market's own $1 set, sized by walking the books after fees
(:func:`arb_pipeline.domain.spreads.evaluate_all`), the spreads that clear the thresholds being
the opportunities. It runs in two places:

- the offline scan, ``arb-pipeline scan --capture DIR`` (:func:`.offline_scan.run_offline_scan`):
  on a capture folder, with no network and no warehouse;
- Dagster's ``scan_job`` (``scan_schedule``, every minute, one run per shard): on a fresh quote
  snapshot, stored in the warehouse; :func:`.full_scan.run_full_scan` refreshes the catalogs and
  the matching before it.

:class:`arb_pipeline.config.ScanSettings` (the ``scan_settings`` Dagster resource) holds what
every scan uses: the opportunity thresholds, and the pairs file and approval bar of the matching
that decides which pairs a scan evaluates.
"""
