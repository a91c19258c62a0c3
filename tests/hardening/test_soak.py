"""A short soak of the real `redline serve` process: hundreds of requests, no errors, flat memory.

Why: the two-minute soak (bench/soak.py) is too slow for every test run, but a leak of a
few hundred KB per request or an intermittent 500 already shows after a few hundred
requests; this keeps that guard in the suite at a cost of a few seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _soak_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("redline_bench_soak", ROOT / "bench" / "soak.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_short_soak_has_no_errors_and_bounded_rss(redline_home: Path) -> None:
    soak = _soak_module()
    result = soak.soak(seconds=12, max_requests=1500, concurrency=2, max_growth_mb=30)
    print(result.report())
    assert result.requests >= 200, result.report()
    assert result.errors == 0, result.error_samples
    assert {"start", "middle", "end"} <= set(result.rss_mb)
    assert result.growth_mb <= 30, result.report()
    assert result.ok
