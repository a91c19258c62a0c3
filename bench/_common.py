"""Helpers shared by the benchmarks: where the shared data is, peak memory, a fresh home."""

from __future__ import annotations

import os
import resource
import tempfile
from pathlib import Path

SHARED = Path(os.environ.get("REDLINE_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="redline-bench-"))
    os.environ["REDLINE_HOME"] = str(home)
    return home


def require_shared() -> Path:
    if not SHARED.is_dir():
        raise SystemExit(f"shared data not found at {SHARED}; set REDLINE_SHARED_DATA")
    return SHARED
