"""Interrupt the real CLI (Ctrl-C, then SIGKILL) and resume: the output equals an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
from batch_books import MAP, REDLINE, write_book

from redline.batch import JobSpec, read_output, run_job
from redline.batch.job import parts_dir
from redline.engine import Engine

RECORDS, CHUNK = 80_000, 1000


def _start(book: Path, out: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "REDLINE_HOME": str(home), "COLUMNS": "200"}
    return subprocess.Popen(
        [*REDLINE, "screen-file", str(book), "--out", str(out), "--map", MAP, "--workers", "2",
         "--chunk-size", str(CHUNK), "--quiet", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _wait_for_parts(proc: subprocess.Popen[str], parts: Path, more_than: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = len(list(parts.glob("part-*.parquet"))) if parts.exists() else 0
        if done > more_than:
            return done
        assert proc.poll() is None, f"run ended before it could be interrupted: {proc.communicate()}"
        time.sleep(0.02)
    raise AssertionError("no progress within 120 s")


def test_ctrl_c_then_sigkill_then_resume_equals_uninterrupted_run(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    write_book(book, RECORDS)
    out = tmp_path / "hits.parquet"
    parts = parts_dir(out)
    procs: list[subprocess.Popen[str]] = []
    try:
        # 1. Ctrl-C: a clean stop that says how to continue
        first = _start(book, out, demo_home)
        procs.append(first)
        _wait_for_parts(first, parts, 5)
        first.send_signal(signal.SIGINT)
        _, stderr = first.communicate(timeout=60)
        assert first.returncode == 130 and "--resume" in stderr, stderr
        after_ctrl_c = len(list(parts.glob("part-*.parquet")))
        assert not out.exists() and after_ctrl_c < RECORDS // CHUNK

        # 2. a crash: SIGKILL the parent mid-run; its workers must not live on
        second = _start(book, out, demo_home, "--resume")
        procs.append(second)

        done = _wait_for_parts(second, parts, after_ctrl_c + 5)
        workers = psutil.Process(second.pid).children()
        second.kill()
        second.wait(timeout=30)
        assert not out.exists() and done < RECORDS // CHUNK
        _gone, alive = psutil.wait_procs(workers, timeout=10)
        assert not alive, "workers outlived a SIGKILLed parent"

        # 3. resume to the end
        third = _start(book, out, demo_home, "--resume")
        procs.append(third)
        stdout, stderr = third.communicate(timeout=300)
        assert third.returncode == 0, stderr
        assert "from the interrupted run" in stdout and f"{RECORDS:,} records" in stdout
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert not parts.exists()

    engine = Engine()
    reference = tmp_path / "reference.parquet"
    spec = JobSpec(book, reference, dict(p.split("=") for p in MAP.split(",")), chunk_size=CHUNK)
    run_job(spec, engine.matcher(), engine.list_versions(), workers=2)
    resumed, expected = read_output(out), read_output(reference)
    assert len(expected) > 1000
    assert resumed == expected  # same rows, same order: nothing missing, nothing twice
    assert len({(r["key"], r["entity_id"]) for r in resumed}) == len(resumed)
