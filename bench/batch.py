"""Benchmark batch screening: a realistic book with planted listed parties, all lists, all cores.

    python bench/batch.py                      # 1,000,000 records (Faker names in 18 locales)
    python bench/batch.py --records 200000     # quicker
    python bench/batch.py --home /tmp/rl       # reuse a REDLINE_HOME that already has the lists
    python bench/batch.py --book /tmp/b.parquet --single 20000
                                               # reuse (or keep) the book; also time one process

Loads every list in ../shared/data into a temporary REDLINE_HOME, writes a Parquet book of
mixed-script people and companies (clean names that do not normalise to any listed name)
with a known number of planted listed parties, of two kinds reported apart: listed names as
the lists write them (``--planted-exact``: a listed party in the book; every one must be
found) and manipulated listed names from the eval deck (``--planted``: other romanisations,
Cyrillic/Latin, typos, reordering, initials, truncation, ...; their share found is the
matcher's recall, measured in full by ``redline eval``). It screens the book with
``run_job`` and prints records/s, peak memory of the whole process tree, planted parties
found and alerts on clean records. The machine may be shared, so it also prints
the CPU seconds the screening took (workers and parent): records per CPU-second does not
move when another benchmark steals the cores, wall-clock records/s does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("REDLINE_SHARED_DATA", ROOT.parent / "shared" / "data"))
COUNTRIES = ("de", "fr", "gb", "us", "ru", "ua", "cn", "tw", "ir", "tr", "es", "it", "pl", "br", "nl", "in", "jp", "ae")


class PeakMemory:
    """Samples RSS (and PSS, which counts shared pages once) of this process and its children.

    RSS once a second; PSS every ``pss_every``-th sample only: reading it parses
    /proc/PID/smaps (~6 ms of CPU per GB-sized process), which once a second took about
    1.5 % of a two-core machine from the workers. Memory plateaus once the workers run,
    so the sparser PSS samples still see its peak.
    """

    def __init__(self, interval: float = 1.0, pss_every: int = 10) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.pss_every = pss_every
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        sample = 0
        while not self._stop.is_set():
            full = sample % self.pss_every == 0
            rss = pss = 0
            for p in [self.proc, *self.proc.children(recursive=True)]:
                try:
                    info = p.memory_full_info() if full else p.memory_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak_rss = max(self.peak_rss, rss)
            if full:
                self.peak_pss = max(self.peak_pss, pss)
            sample += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


#: Truth label of a party planted under a name exactly as its list writes it.
AS_LISTED = "as listed"


def listed_as_written(index: object, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(name as listed, schema, entity id) of ``count`` random listed parties, one name each."""
    from redline.evaluation.deck import PARTY_SCHEMAS

    by_entity: dict[int, list[str]] = {}
    for entry in index.names:  # type: ignore[attr-defined]
        if entry.kind in ("primary", "alias", "original"):
            by_entity.setdefault(entry.entity, []).append(entry.value)
    parties = sorted(e for e in by_entity if index.entities[e].schema in PARTY_SCHEMAS)  # type: ignore[attr-defined]
    chosen = rng.sample(parties, min(count, len(parties)))
    return [(rng.choice(sorted(set(by_entity[e]))), index.entities[e].schema, index.entities[e].id)  # type: ignore[attr-defined]
            for e in chosen]


def make_book(index: object, records: int, planted: int, path: Path, seed: int = 5,
              planted_exact: int = 0) -> dict[str, tuple[str, str]]:
    """Write the book; returns planted key -> (listed entity id, manipulation class or "as listed")."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from redline.evaluation.deck import clean_population, positives
    from redline.evaluation.variants import CLASSES

    rng = random.Random(seed)
    per_class = planted // len(CLASSES) + 1
    pos = positives(index, per_class, seed)  # type: ignore[arg-type]
    rng.shuffle(pos)
    pos = pos[:planted]
    exact = listed_as_written(index, planted_exact, rng)
    clean = clean_population(index, records - len(pos) - len(exact), seed)  # type: ignore[arg-type]
    rows = []
    truth: dict[str, tuple[str, str]] = {}
    for n, case in enumerate(clean):
        person = case.schema == "Person"
        dob = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if person else None
        rows.append((f"C{n:07d}", case.query, case.schema, dob, rng.choice(COUNTRIES)))
    for n, case in enumerate(pos):
        key = f"P{n:06d}"
        truth[key] = (str(case.label), case.kind)
        rows.append((key, case.query, case.schema, None, None))
    for n, (name, schema, entity_id) in enumerate(exact):
        key = f"L{n:06d}"
        truth[key] = (entity_id, AS_LISTED)
        rows.append((key, name, schema, None, None))
    rng.shuffle(rows)
    columns = list(zip(*rows, strict=True))
    table = pa.table({name: list(col) for name, col in zip(
        ("customer_id", "full_name", "kind", "birth_date", "cc"), columns, strict=True)})
    pq.write_table(table, path)
    return truth


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the pool's workers)."""
    return sum(cpu_split())


def cpu_split() -> tuple[float, float]:
    """User + system CPU of this process (the parent: reading, feeding, assembling), and of its
    reaped children (the workers: screening)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def load_or_make_book(index: object, records: int, planted: int, path: Path,
                      planted_exact: int = 0) -> dict[str, tuple[str, str]]:
    """Reuse ``path`` (and its ``.truth.json``) if present: Faker needs minutes for a million names."""
    truth_path = path.with_name(path.name + ".truth.json")
    if path.exists() and truth_path.exists():
        return {k: (v[0], v[1]) for k, v in json.loads(truth_path.read_text("utf-8")).items()}
    truth = make_book(index, records, planted, path, planted_exact=planted_exact)
    truth_path.write_text(json.dumps(truth), "utf-8")
    return truth


def single_process_rate(matcher: object, versions: dict[str, str], book: Path, records: int, work: Path,
                        spec_map: dict[str, str], chunk_size: int) -> tuple[int, float, float]:
    """Screen the first ``records`` of the book in this process: (records, records/s, records/CPU-s)."""
    import pyarrow.parquet as pq

    from redline.batch.job import JobSpec, run_job

    head = work / "head.parquet"
    pq.write_table(pq.read_table(book).slice(0, records), head)
    cpu = cpu_seconds()
    result = run_job(JobSpec(head, work / "head-hits.parquet", spec_map, chunk_size=chunk_size),
                     matcher, versions, workers=1)  # type: ignore[arg-type]
    return result.records, result.rate, result.records / max(cpu_seconds() - cpu, 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--planted", type=int, default=1000, help="manipulated listed names to plant")
    parser.add_argument("--planted-exact", type=int, default=1000, help="listed names as written to plant")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--chunk-size", type=int, default=5000)
    parser.add_argument("--home", type=Path, default=None, help="REDLINE_HOME to use (lists loaded if empty)")
    parser.add_argument("--book", type=Path, default=None,
                        help="book to reuse (with BOOK.truth.json), or to write there if absent")
    parser.add_argument("--single", type=int, default=0,
                        help="also screen the first N records in one process (a noise-free per-core figure)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="redline-bench-batch-"))
    os.environ["REDLINE_HOME"] = str(args.home or work / "home")

    from redline.batch.job import JobSpec, default_workers, run_job
    from redline.batch.writers import read_output
    from redline.engine import Engine
    from redline.updater import update_from_mirror

    engine = Engine()
    if not engine.store.active_versions():
        t = time.perf_counter()
        update_from_mirror(engine.store, DATA)
        print(f"lists loaded in {time.perf_counter() - t:.1f} s: {len(engine.list_versions())} lists")
    t = time.perf_counter()
    matcher = engine.matcher()
    names = len(matcher.index.names)
    print(f"index: {len(matcher.index):,} entities, {names:,} names ({time.perf_counter() - t:.1f} s)")
    book = args.book or work / "book.parquet"
    t = time.perf_counter()
    truth = load_or_make_book(matcher.index, args.records, args.planted, book, args.planted_exact)
    import pyarrow.parquet as pq

    n_records = pq.ParquetFile(book).metadata.num_rows
    print(f"book: {n_records:,} records ({len(truth)} planted) ready in {time.perf_counter() - t:.1f} s ({book})")
    workers = args.workers or default_workers()
    spec_map = {"name": "full_name", "dob": "birth_date", "country": "cc", "id": "customer_id", "type": "kind"}
    spec = JobSpec(book, work / "hits.parquet", spec_map, chunk_size=args.chunk_size)
    parent_before, workers_before = cpu_split()
    with PeakMemory() as memory:
        result = run_job(spec, matcher, engine.list_versions(), workers=workers)
    parent_after, workers_after = cpu_split()
    parent_cpu = parent_after - parent_before
    cpu = parent_cpu + workers_after - workers_before
    rows = read_output(spec.out)
    hits_by_key: dict[str, set[str]] = {}
    for row in rows:
        if row["status"] == "hit":
            hits_by_key.setdefault(row["key"], set()).add(row["entity_id"])
    found = {k for k, (label, _) in truth.items() if label in hits_by_key.get(k, set())}
    missed = Counter(kind for k, (_label, kind) in truth.items() if k not in found)
    clean_alerts = sum(1 for k in hits_by_key if k.startswith("C"))
    clean_total = n_records - len(truth)
    print(f"workers: {workers}, chunk size {args.chunk_size}")
    print(f"screened {result.records:,} records in {result.seconds:.1f} s: {result.rate:,.0f} records/s")
    print(f"CPU {cpu:.1f} s (parent + workers): {result.records / max(cpu, 1e-9):,.0f} records per CPU-second; "
          f"parent {parent_cpu:.1f} s ({parent_cpu / max(cpu, 1e-9):.1%})")
    print(f"peak memory (process tree): RSS {memory.peak_rss / 2**30:.2f} GiB, PSS {memory.peak_pss / 2**30:.2f} GiB")
    for title, group in (("listed names as written", [k for k, v in truth.items() if v[1] == AS_LISTED]),
                         ("manipulated listed names", [k for k, v in truth.items() if v[1] != AS_LISTED])):
        if group:
            hit = sum(1 for k in group if k in found)
            print(f"planted parties found, {title}: {hit}/{len(group)} ({hit / len(group):.1%})")
    if missed:
        print("  missed by class: " + ", ".join(f"{k} {v}" for k, v in missed.most_common()))
    print(f"alerts on clean records: {clean_alerts:,}/{clean_total:,} ({clean_alerts / max(clean_total, 1):.2%})")
    print(f"errors: {result.errors}, output rows: {len(rows):,}; work folder {work}")
    if args.single:
        n, rate, per_cpu = single_process_rate(matcher, engine.list_versions(), book, args.single, work, spec_map,
                                               args.chunk_size)
        print(f"single process, first {n:,} records of the same book: {rate:,.0f} records/s, "
              f"{per_cpu:,.0f} records per CPU-second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
