"""A resumable batch screening job: chunks in, committed part files out, one output at the end.

Layout beside the output ``hits.parquet``::

    hits.parquet.parts/
        manifest.json        what this run is: input identity, mapping, threshold, list versions
        part-000017.parquet  the rows of chunk 17, written atomically by a worker; its
                             metadata records how many records, hits and errors it holds

A part file exists only once its chunk is fully screened (see writers.write_part), so a
Ctrl-C, a crash or a SIGKILL loses at most the chunks in flight; ``--resume`` skips every
chunk whose part exists, and the final output is assembled in chunk order, so it equals an
uninterrupted run row for row. A resume refuses to continue if the input, mapping,
threshold or list versions changed, since one output must name one set of list versions.

Workers inherit the matcher by ``fork`` (the index is loaded once, before the pool starts;
``gc.freeze`` keeps copy-on-write pages shared) or, where fork is unavailable, unpickle it
once in their initializer. At most two chunks per worker are in flight, so memory is
bounded by the index, not by the size of the book.

Throughput: matching is ~95 % of a run (reading, mapping, rows and parts are the rest),
so the job's work is to call ``Matcher.match`` less: each worker proves most names
clean with one name-only match (``core.screen_chunk``), and the parent remembers the
names proven clean (``NameMemory``) and sends each chunk those of its names, so a name
repeated across the book is matched about once in the whole run, whichever worker meets
it. Records still travel to the workers pickled: the parent's whole share (reading,
pickling, the memory of names) is ~2 % of the run's CPU, and a worker reading its own
row range could not do it for less: CSV has no row offsets to seek to, and Parquet
decodes whole row groups (pyarrow writes a million rows as one).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import json
import multiprocessing
import os
import pickle
import shutil
import signal
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redline.batch.core import Row, screen_chunk
from redline.batch.mapping import ColumnMapping, NameKey, name_key, resolve
from redline.batch.readers import Chunk, columns_of, count_records, iter_chunks
from redline.batch.writers import assemble, output_format, part_stats, write_part
from redline.errors import RedlineError
from redline.gc_tuning import exempt_from_cyclic_gc
from redline.match.matcher import Matcher

MANIFEST_VERSION = 1
Progress = Callable[[int, int | None], None]


@dataclass
class JobSpec:
    """Everything that determines a run's output (and so must match on resume)."""

    input: Path
    out: Path
    mapping: dict[str, str] = field(default_factory=dict)
    threshold: float | None = None
    limit: int | None = None
    chunk_size: int = 5000
    encoding: str = "utf-8"


@dataclass
class JobResult:
    records: int
    hits: int
    errors: int
    extra_rows: int
    chunks: int
    resumed_chunks: int
    seconds: float
    out: Path
    mapping: dict[str, str | None]
    list_versions: dict[str, str]

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


# -- worker side ------------------------------------------------------------------------
_STATE: dict[str, Any] = {}


def _worker_init(payload: bytes | None, parent: int) -> None:
    """Runs once per worker: load the matcher (if not inherited) and tie the worker to its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:  # Linux: die with the parent, so a SIGKILLed run leaves no orphans screening on
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)
    if payload is not None:
        _STATE.update(pickle.loads(payload))
        lean_gc()


@dataclass(frozen=True)
class ChunkDone:
    """What a worker reports for a committed chunk."""

    number: int
    records: int
    hits: int
    errors: int
    clean_names: list[NameKey]


def _screen_chunk(
    number: int, start_row: int, records: list[dict[str, Any]], clean: Collection[NameKey] = (),
) -> ChunkDone:
    """Screen one chunk and commit it as a part file."""
    screened = screen_chunk(
        _STATE["matcher"], records, _STATE["mapping"], threshold=_STATE["threshold"],
        limit=_STATE["limit"], start_row=start_row, change=_STATE["change"], clean=clean,
    )
    rows = screened.rows
    errors = sum(1 for r in rows if r["status"] == "error")
    stats = {"records": len(records), "hits": len(rows) - errors, "errors": errors}
    write_part(rows, part_path(_STATE["parts"], number), stats)
    return ChunkDone(number, len(records), len(rows) - errors, errors, screened.clean_names)


# -- parent side ------------------------------------------------------------------------
class NameMemory:
    """The parent's memory of names proven clean, so no worker proves a name twice.

    Each chunk is sent with those of its names already proven clean by earlier chunks
    (whichever worker screened them); see ``core.screen_chunk``. Bounded, so an enormous
    book of distinct names cannot grow the parent without end.
    """

    def __init__(self, mapping: ColumnMapping, limit: int = 3_000_000) -> None:
        self.mapping = mapping
        self.limit = limit
        self.clean: set[NameKey] = set()

    def for_chunk(self, records: list[dict[str, Any]]) -> list[NameKey]:
        """The names among ``records`` proven clean so far."""
        if not self.clean:
            return []
        names = {name_key(r, self.mapping) for r in records if "__error__" not in r}
        return [n for n in names if n in self.clean]

    def learn(self, done: ChunkDone) -> None:
        if len(self.clean) < self.limit:
            self.clean.update(done.clean_names)


def lean_gc() -> tuple[tuple[int, int, int], bool]:
    """Freeze what exists (the index: shared with forked workers, never scanned) and collect rarely.

    Returns what ``restore_gc`` needs: the thresholds, and whether something (the Engine,
    freezing its index) had frozen objects before; forked workers inherit both settings.
    """
    old = gc.get_threshold(), gc.get_freeze_count() > 0
    exempt_from_cyclic_gc()
    return old


def restore_gc(old: tuple[tuple[int, int, int], bool]) -> None:
    """Undo ``lean_gc``; a freeze made before it (the Engine's index) stays."""
    thresholds, frozen_before = old
    gc.set_threshold(*thresholds)
    if not frozen_before:
        gc.unfreeze()


def parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def part_path(parts: Path, number: int) -> Path:
    return parts / f"part-{number:06d}.parquet"


def _manifest(spec: JobSpec, mapping: ColumnMapping, versions: Mapping[str, str], label: str) -> dict[str, Any]:
    stat = spec.input.stat()
    body = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(spec).items()}
    return {
        "manifest_version": MANIFEST_VERSION, "job": label, "spec": body,
        "input_size": stat.st_size, "input_mtime_ns": stat.st_mtime_ns,
        "mapping": mapping.as_dict(), "list_versions": dict(sorted(versions.items())),
    }


def _prepare_parts(parts: Path, manifest: dict[str, Any], resume: bool, fresh: bool) -> set[int]:
    """Create or reopen the parts folder; the set of chunks already committed."""
    path = parts / "manifest.json"
    if parts.exists() and (fresh or not any(parts.glob("part-*.parquet"))):
        shutil.rmtree(parts)  # asked for, or nothing done yet that a restart would lose
    if parts.exists() and path.exists():
        if not resume:
            done = len(list(parts.glob("part-*.parquet")))
            raise RedlineError(
                f"an unfinished run exists in {parts} ({done} chunk(s) done): rerun with --resume to continue "
                "or --fresh to start again"
            )
        old = json.loads(path.read_text("utf-8"))
        changed = [k for k in ("job", "spec", "input_size", "input_mtime_ns", "mapping", "list_versions")
                   if old.get(k) != manifest.get(k)]
        if changed:
            raise RedlineError(
                f"cannot resume {parts}: {', '.join(changed)} changed since the interrupted run "
                "(one output must come from one input and one set of list versions); use --fresh"
            )
        for tmp in parts.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)  # half-written parts of the interrupted run
        return {int(p.stem.split("-")[1]) for p in parts.glob("part-*.parquet")}
    parts.mkdir(parents=True, exist_ok=True)
    tmp = parts / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2), "utf-8")
    tmp.replace(path)
    return set()


def _committed_stats(parts: Path, committed: set[int]) -> tuple[int, int, int]:
    """Records, hits and errors of the committed chunks, from their part files' metadata."""
    records = hits = errors = 0
    for number in committed:
        stats = part_stats(part_path(parts, number))
        records += stats.get("records", 0)
        hits += stats.get("hits", 0)
        errors += stats.get("errors", 0)
    return records, hits, errors


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def validate(spec: JobSpec) -> tuple[ColumnMapping, int | None]:
    """Check output format, chunk size, header, mapping and encoding before screening starts.

    Returns the resolved mapping and the number of records (for the progress bar).
    """
    output_format(spec.out)
    if spec.chunk_size < 1:
        raise RedlineError("--chunk-size must be at least 1")
    mapping = resolve(spec.mapping, columns_of(spec.input, spec.encoding), str(spec.input))
    return mapping, count_records(spec.input, spec.encoding)


def run_job(
    spec: JobSpec,
    matcher: Matcher,
    list_versions: Mapping[str, str],
    *,
    workers: int | None = None,
    resume: bool = False,
    fresh: bool = False,
    progress: Progress | None = None,
    change: Mapping[str, str] | None = None,
    extra_rows: Iterable[Row] = (),
    label: str = "screen-file",
) -> JobResult:
    """Screen ``spec.input`` into ``spec.out``; resumable (see the module docstring)."""
    started = time.perf_counter()
    mapping, total = validate(spec)
    parts = parts_dir(spec.out)
    committed = _prepare_parts(parts, _manifest(spec, mapping, list_versions, label), resume, fresh)
    done_records, hits, errors = _committed_stats(parts, committed)
    resumed = len(committed)
    if progress:
        progress(done_records, total)
    state = {"matcher": matcher, "mapping": mapping, "threshold": spec.threshold, "limit": spec.limit,
             "parts": parts, "change": dict(change or {})}
    workers = workers or default_workers()
    chunks = iter_chunks(spec.input, spec.chunk_size, spec.encoding, mapping.columns())
    todo = (c for c in chunks if c.number not in committed)
    last_chunk = -1

    names = NameMemory(mapping)

    def commit(done: ChunkDone) -> None:
        nonlocal done_records, hits, errors
        done_records, hits, errors = done_records + done.records, hits + done.hits, errors + done.errors
        names.learn(done)
        if progress:
            progress(done_records, total)

    gc_state = lean_gc()
    try:
        if workers <= 1:
            _STATE.update(state)
            for chunk in todo:
                last_chunk = max(last_chunk, chunk.number)
                commit(_screen_chunk(chunk.number, chunk.start_row, chunk.records, names.for_chunk(chunk.records)))
        else:
            last_chunk = _run_pool(state, todo, workers, commit, names)
    finally:
        _STATE.clear()
        restore_gc(gc_state)
    numbers = sorted(committed | set(range(last_chunk + 1)))
    if numbers and numbers != list(range(numbers[-1] + 1)):
        raise RedlineError(f"{parts}: chunks missing after the run; rerun with --resume")
    extra = list(extra_rows)
    assemble((part_path(parts, n) for n in numbers), spec.out, extra)
    shutil.rmtree(parts, ignore_errors=True)
    return JobResult(
        records=done_records, hits=hits, errors=errors, extra_rows=len(extra), chunks=len(numbers),
        resumed_chunks=resumed, seconds=time.perf_counter() - started, out=spec.out,
        mapping=mapping.as_dict(), list_versions=dict(list_versions),
    )


@contextlib.contextmanager
def _deferred_interrupt() -> Iterator[threading.Event]:
    """Ctrl-C sets a flag that the pool loop reads between chunks.

    Raised as KeyboardInterrupt wherever the main thread happens to be, inside the
    executor's own submit or wait, it could leave the pool unable to shut down: a run
    hung after Ctrl-C about once in a few dozen. A second Ctrl-C still stops at once.
    """
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked  # signals reach the main thread only: nothing to defer
        return

    def ask(signum: int, frame: object) -> None:
        if asked.is_set():
            raise KeyboardInterrupt
        asked.set()

    previous = signal.signal(signal.SIGINT, ask)
    try:
        yield asked
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_pool(
    state: dict[str, Any], todo: Iterable[Chunk], workers: int,
    commit: Callable[[ChunkDone], None], names: NameMemory,
) -> int:
    """Feed chunks to a process pool, at most two per worker in flight; highest chunk number seen."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        context = multiprocessing.get_context("fork")
        _STATE.update(state)  # inherited by the forked workers: the index is never copied
        payload = None
    else:  # pragma: no cover - spawn-only platforms
        context = multiprocessing.get_context("spawn")
        payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    last = -1
    pending: set[cf.Future[ChunkDone]] = set()
    with _deferred_interrupt() as interrupted:
        pool = cf.ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                      initargs=(payload, os.getpid()))
        try:
            for chunk in todo:
                if interrupted.is_set():
                    break
                last = max(last, chunk.number)
                pending.add(pool.submit(_screen_chunk, chunk.number, chunk.start_row, chunk.records,
                                        names.for_chunk(chunk.records)))
                if len(pending) >= 2 * workers:
                    done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                    for future in done:
                        commit(future.result())
            while pending and not interrupted.is_set():
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    commit(future.result())
        finally:
            # on Ctrl-C or an input error: drop queued chunks and let running ones end
            pool.shutdown(wait=True, cancel_futures=True)
    if interrupted.is_set():
        raise KeyboardInterrupt
    return last
