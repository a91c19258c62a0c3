"""Fixtures for batch screening: a store with the demo list, books written to disk, the CLI."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_books import REDLINE


@pytest.fixture()
def demo_home(redline_home: Path) -> Path:
    """REDLINE_HOME with the demo list loaded (the env var is set for in-process use too)."""
    from redline.engine import Engine
    from redline.updater import load_demo

    engine = Engine()
    load_demo(engine.store)
    engine.close()
    return redline_home


@pytest.fixture()
def cli(demo_home: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real `redline` CLI in a subprocess against ``demo_home``."""
    def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "REDLINE_HOME": str(demo_home), "COLUMNS": "200"}
        return subprocess.run([*REDLINE, *args], capture_output=True, text=True, env=env, timeout=timeout,
                              check=False)

    return run
