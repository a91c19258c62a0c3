"""Per-engine screener caches: a BIC index or vessel table is built once per list set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redline.engine import Engine

_CACHE: dict[tuple[str, int, str], Any] = {}


def cached(engine: Engine, name: str, build: Callable[[Engine], Any]) -> Any:
    """Per engine (each server process/thread has its own) and per set of list versions."""
    key = (name, id(engine), engine.store.fingerprint())
    if key not in _CACHE:
        for old in [k for k in _CACHE if k[:2] == key[:2]]:
            del _CACHE[old]
        _CACHE[key] = build(engine)
    return _CACHE[key]
