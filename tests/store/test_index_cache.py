"""The built index is kept on disk for the next run; keeping it must never fail a screening."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.engine import Engine
from redline.model import Query
from redline.updater import load_demo


def test_index_cache_is_written_and_reused(redline_home: Path) -> None:
    engine = Engine()
    load_demo(engine.store)
    assert engine.screen(Query("Vladimir Putin", "Person"))
    cached = list((redline_home / "index").glob("index-*.pickle"))
    assert len(cached) == 1 and not list((redline_home / "index").glob("*.tmp"))
    again = Engine()  # a second process reads the same file
    assert again.index().names and len(again.index().names) == len(engine.index().names)


def test_an_index_cache_that_cannot_be_written_only_costs_time(
    redline_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process renamed or removed the temporary file first (two builds at once),
    or the disk is full: the index built in memory is still used."""
    engine = Engine()
    load_demo(engine.store)

    def vanished(self: Path, target: Path) -> Path:
        raise FileNotFoundError(f"{self} was removed by another process")

    monkeypatch.setattr(Path, "replace", vanished)
    hits = engine.screen(Query("Vladimir Putin", "Person"))
    assert hits and hits[0].entity_id == "demo:putin"
    assert not list((redline_home / "index").glob("*.tmp"))  # nothing half-written left behind
