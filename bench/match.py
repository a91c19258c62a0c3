"""Single-name screening latency with all lists loaded, and the ratio to logic-v2.

    python bench/match.py [--queries 2000] [--baseline 200]

Prints p50/p99 per query on one core, queries/s, index memory, and logic-v2's time on
the same candidates for a sample of queries.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import fresh_home, peak_rss_mb, require_shared

from redline.engine import Engine
from redline.evaluation.deck import clean_population, positives
from redline.model import Query
from redline.updater import update_from_mirror


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline", type=int, default=200)
    args = parser.parse_args()
    mirror = require_shared()
    fresh_home()
    engine = Engine()
    update_from_mirror(engine.store, mirror)
    rss_before = peak_rss_mb()
    gc.collect()
    start = time.perf_counter()
    matcher = engine.matcher()
    build = time.perf_counter() - start
    rss_index = peak_rss_mb()
    index = matcher.index
    per_class = max(1, args.queries // 30)
    cases = positives(index, per_class) + clean_population(index, args.queries // 2)
    cases = cases[: args.queries]
    for case in cases[:50]:  # warm caches
        matcher.match(Query(case.query, case.schema))
    times = []
    for case in cases:
        t = time.perf_counter()
        matcher.match(Query(case.query, case.schema))
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    print(f"entities {len(index):,}  name forms {len(index.names):,}  keys {index.key_count:,}")
    print(f"index build {build:.2f} s; peak RSS {rss_index:,.0f} MB (before index {rss_before:,.0f} MB)")
    print(f"{len(times)} queries: p50 {p50:.3f} ms  p99 {p99:.3f} ms  mean {statistics.mean(times):.3f} ms  "
          f"→ {1000 / statistics.mean(times):,.0f} queries/s on one core")
    try:
        from redline.evaluation.baseline import run_logic_v2
    except ImportError:
        return
    sample = cases[: args.baseline]
    if not sample:
        return
    t = time.perf_counter()
    for case in sample:
        matcher.match(Query(case.query, case.schema))
    ours = (time.perf_counter() - t) / len(sample)
    outcomes, pairs_per_s = run_logic_v2(matcher, sample, max_candidates=50)
    theirs = sum(o.seconds for o in outcomes) / len(sample)
    print(f"logic-v2 on the same candidates: {theirs * 1000:.2f} ms/query ({pairs_per_s:,.0f} pairs/s) "
          f"vs redline {ours * 1000:.3f} ms/query (retrieval + scoring) → redline {theirs / ours:,.0f}× faster")


if __name__ == "__main__":
    main()
