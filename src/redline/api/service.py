"""The engine behind the API, owned by one worker thread.

The list store's SQLite connection belongs to the thread that opened it, and matching
is CPU-bound Python (one core per process whatever the thread count), so one thread
per process owns an ``Engine`` and runs every library call; the event loop stays free
for I/O and health checks. More cores are used with more server processes
(``redline serve --workers K``), each with its own worker and index.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from redline.engine import Engine
from redline.match.config import MatchConfig, load_config
from redline.model import Entity
from redline.settings import Settings

T = TypeVar("T")
log = logging.getLogger("redline.api")


class EngineWorker:
    """Runs ``fn(engine, ...)`` on the engine's own thread; builds the index in the background."""

    def __init__(self, settings: Settings, config: MatchConfig | None = None) -> None:
        self.settings = settings
        self.config = config or load_config(settings.match_config)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="redline-engine")
        self._engine: Engine | None = None
        self._entities: OrderedDict[tuple[str, str], Entity | None] = OrderedDict()
        self.ready = threading.Event()
        self.warm_error: str | None = None

    def engine(self) -> Engine:
        """The worker's engine; only call from inside ``run``/``call`` (its own thread)."""
        if self._engine is None:
            self._engine = Engine(settings=self.settings, config=self.config)
        return self._engine

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(self.engine(), *args)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._call, fn, *args)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Blocking variant for code that is not on the event loop."""
        return self._pool.submit(self._call, fn, *args).result()

    def warm(self) -> None:
        """Build (or load) the index without blocking; ``ready`` is set when lists can be screened."""

        def build(engine: Engine) -> None:
            try:
                if engine.store.active_versions():
                    engine.index()
                    self.ready.set()
                    self.warm_error = None
                else:
                    self.ready.clear()
                    self.warm_error = "no lists loaded"
            except Exception as exc:  # reported by /readyz; the traceback goes to the log
                log.exception("building the screening index failed")
                self.ready.clear()
                self.warm_error = f"index build failed: {type(exc).__name__}"

        self._pool.submit(self._call, build)

    def entity(self, engine: Engine, fingerprint: str, entity_id: str) -> Entity | None:
        """An active entity by id, cached per set of active versions (results repeat a lot)."""
        key = (fingerprint, entity_id)
        if key in self._entities:
            self._entities.move_to_end(key)
            return self._entities[key]
        found = engine.store.get_entity(entity_id)
        self._entities[key] = found
        if len(self._entities) > 8192:
            self._entities.popitem(last=False)
        return found

    def close(self) -> None:
        def shut(engine: Engine) -> None:
            engine.close()

        if self._engine is not None:
            self._pool.submit(self._call, shut)
        self._pool.shutdown(wait=True)
