"""Market matching: quality on the labeled sets, and time and memory on two ~20,000-market catalogs.

    .venv/bin/python benchmarks/bench_matching.py [--size 61] [--seed 7] [--no-memory] [--reading-processes 2]

Quality: precision and recall of approved pairs (and of approved + review) on the labeled set
(the real NBA recording with the gold pairs of venue_samples, plus the cross-category cases with
hard negatives) and on the sandbox scenario's ground truth. A pair counts as correct only with the
right Polymarket token.

Scale: the sandbox scenario at ``--size`` (about 330 markets per venue per unit, so 61 gives about
20,000 x 20,000), parsed from its wire objects with the venue parsers, then matched end to end,
cold, reading the markets in ``--reading-processes`` processes (MatchConfig.reading_processes, one
where the load average leaves no core spare; the wall time is then that of parallel work, and the
CPU time is summed over this process and the forked reading ones). The time is then split into reading propositions, blocking, and comparing + scoring the
candidates, each run in one process the way the matcher runs it (the cyclic garbage collector paused; a candidate
rejected on its kinds, measures or numbers alone only scored, as the matcher compares it in full
only when it keeps it as a near miss) and warm
(the end-to-end run filled the reader's caches). Peak memory is
measured in a second run under tracemalloc (Python allocations of the matching alone), and the
process's maximum RSS is printed too. For scale, comparing all pairs with rapidfuzz instead of
blocking (cdist, token_set_ratio, 2 cores) took 161 s and 1.5 GB for 20k x 20k when measured for this
project. The tracemalloc run reads in one process: it sees this process's allocations only.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arb_pipeline.sandbox.process import machine  # noqa: E402

from arb_pipeline.domain.matching import (  # noqa: E402
    MatchConfig,
    candidate_pairs,
    compare,
    match_report,
    measure,
    read,
)
from arb_pipeline.domain.matching.equivalence import rejects  # noqa: E402
from arb_pipeline.domain.matching.reading_pool import MIN_MARKETS, usable_processes  # noqa: E402
from arb_pipeline.domain.matching.scoring import title_similarity  # noqa: E402
from arb_pipeline_tests.domain.matching.labeled_set import LabeledSet, labeled_set, sandbox_labeled_set  # noqa: E402


def quality_line(name: str, labeled: LabeledSet) -> None:
    started = time.perf_counter()
    report = match_report(labeled.kalshi, labeled.polymarket)
    elapsed = time.perf_counter() - started
    quality = measure(report.pairs, labeled.truth)
    print(f"{name}: {len(labeled.kalshi):,} Kalshi x {len(labeled.polymarket):,} Polymarket markets, "
          f"{len(labeled.truth)} true pairs, {len(labeled.hard_negatives)} hard negatives, matched in {elapsed:.2f} s")
    for label, tally in (("approved", quality.approved), ("approved+review", quality.approved_or_review)):
        print(f"  {label:16s} precision {tally.precision:.3f}  recall {tally.recall:.3f}  "
              f"({tally.correct} correct of {tally.predicted} predicted)")
    found = {(p.kalshi_ticker, p.polymarket_market_id): p.status.value for p in report.pairs}
    approved_negatives = sum(found.get((n.kalshi_ticker, n.polymarket_market_id)) == "approved" for n in labeled.hard_negatives)
    print(f"  hard negatives approved: {approved_negatives}; wrong tokens: {len(quality.wrong_token)}; "
          f"missed true pairs: {len(quality.missed)}")


def children_cpu() -> float:
    """CPU seconds of this process's ended children (the forked reading processes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def scale(size: int, seed: int, memory: bool, reading_processes: int) -> None:
    print(f"\nscale: sandbox scenario seed {seed} size {size}")
    started = time.perf_counter()
    labeled = sandbox_labeled_set(seed=seed, size=size)
    print(f"  scenario built and parsed with the venue parsers in {time.perf_counter() - started:.1f} s: "
          f"{len(labeled.kalshi):,} Kalshi x {len(labeled.polymarket):,} Polymarket markets "
          f"({len(labeled.kalshi) * len(labeled.polymarket) / 1e6:,.0f} M pairs in all)")
    config = MatchConfig(reading_processes=reading_processes)
    unread = len(labeled.kalshi) + len(labeled.polymarket)
    readers = usable_processes(reading_processes) if unread >= MIN_MARKETS else 1
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started, cpu_started, children_started = time.perf_counter(), time.process_time(), children_cpu()
    report = match_report(labeled.kalshi, labeled.polymarket, config=config)
    match_s, match_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    readers_cpu = children_cpu() - children_started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU time beside wall time: on a shared machine the wall clock also counts other processes,
    # and with reading processes it is parallel work's: the CPU time is summed over all of them.
    print(f"  load average {os.getloadavg()[0]:.1f} over the last minute, {os.cpu_count()} cores")
    if readers > 1:
        print(f"  match_markets end to end: {match_s:.1f} s wall with the markets read in {readers} processes "
              f"({match_cpu + readers_cpu:.1f} s CPU summed over them: {match_cpu:.1f} s in this one, "
              f"{readers_cpu:.1f} s in the forked readers), {len(report.pairs):,} pairs out "
              f"(all-pairs rapidfuzz for comparison: 161 s, 1.5 GB)")
    else:
        print(f"  match_markets end to end: {match_s:.1f} s ({match_cpu:.1f} s CPU, read in one process: "
              f"{'no spare core, or no fork' if reading_processes > 1 else 'asked for'}), {len(report.pairs):,} "
              f"pairs out (all-pairs rapidfuzz for comparison: 161 s, 1.5 GB)")
    print(f"  process max RSS: {rss_before:,.0f} MB before matching, {rss_after:,.0f} MB after")
    gc.disable()
    started = time.perf_counter()
    kalshi = [read(m) for m in labeled.kalshi]
    polymarket = [read(m) for m in labeled.polymarket]
    reading_s = time.perf_counter() - started
    started = time.perf_counter()
    candidates = candidate_pairs(kalshi, polymarket, config.blocking)
    blocking_s = time.perf_counter() - started
    started = time.perf_counter()
    told = 0
    for k, p in candidates:
        title_similarity(kalshi[k].text, polymarket[p].text)
        # As the matcher does: a pair rejected on its kinds, measures or numbers alone is compared
        # in full only when it is kept as a near miss (timed with building the pairs, not here).
        if rejects(kalshi[k], polymarket[p]):
            told += 1
        else:
            compare(kalshi[k], polymarket[p])
    compare_s = time.perf_counter() - started
    gc.enable()
    print(f"  phases, warm, one process: reading propositions {reading_s:.1f} s ({reading_s / (len(kalshi) + len(polymarket)) * 1e6:.0f} us/market), "
          f"blocking {blocking_s:.1f} s ({len(candidates):,} candidates), compare + score {compare_s:.1f} s "
          f"({told:,} candidates rejected on their kinds, measures or numbers alone)")

    quality = measure(report.pairs, labeled.truth)
    print(f"  quality at this size: {quality.summary()}")
    if memory:
        del report
        gc.collect()
        tracemalloc.start()
        match_report(labeled.kalshi, labeled.polymarket, config=replace(config, reading_processes=1))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak Python memory of matching (tracemalloc, separate run, read in one process): {peak / 2**20:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=61, help="sandbox scenario size for the scale run (61: ~20k x 20k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--reading-processes", type=int, default=MatchConfig().reading_processes,
                        help="processes reading the markets in the end-to-end run (1: this process alone)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    quality_line("labeled set (real NBA recording + cross-category)", labeled_set())
    quality_line(f"sandbox scenario seed {args.seed} size 1", sandbox_labeled_set(seed=args.seed, size=1))
    scale(args.size, args.seed, memory=not args.no_memory, reading_processes=args.reading_processes)


if __name__ == "__main__":
    main()
