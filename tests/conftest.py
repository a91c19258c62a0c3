"""Shared fixtures: the real official files in ../shared/data, and an isolated REDLINE_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import SHARED_DATA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Root of the read-only official files; tests that need them skip when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real list files not found at {SHARED_DATA} (set REDLINE_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture()
def redline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh REDLINE_HOME so tests never touch the user's store."""
    home = tmp_path / "home"
    monkeypatch.setenv("REDLINE_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def demo_matcher():  # type: ignore[no-untyped-def]
    """A matcher over the demo list (built once per session)."""
    from redline.index import ScreeningIndex
    from redline.match.matcher import Matcher
    from redline.updater import demo_entities

    index = ScreeningIndex()
    index.add_all((e, "demo@test") for e in demo_entities())
    return Matcher(index)
