"""The library entry point: a store, the index over its active versions, the matcher.

Interfaces (CLI, API, batch) all go through ``Engine`` so they screen against exactly
the same list versions. The index is cached on disk per set of active versions, so a
second CLI call does not rebuild it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from redline.errors import StoreError
from redline.gc_tuning import FREEZE_MIN_NAMES, exempt_from_cyclic_gc
from redline.index.index import ScreeningIndex
from redline.match.config import MatchConfig, load_config
from redline.match.matcher import Matcher
from redline.model import Hit, Query
from redline.settings import Settings, get_settings
from redline.store.lists import ListStore

INDEX_FORMAT = 1


@functools.cache
def _code_stamp() -> str:
    """Changes whenever the code or vocabulary that shapes the index changes."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for pattern in ("text/*.py", "text/*.yaml", "index/*.py", "model.py"):
        for path in sorted(root.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class Engine:
    def __init__(self, settings: Settings | None = None, config: MatchConfig | None = None) -> None:
        self.settings = settings or get_settings()
        self.store = ListStore(self.settings.sqlite_path)
        self.config = config or load_config(self.settings.match_config)
        self._index: ScreeningIndex | None = None
        self._fingerprint: str | None = None
        self._matcher: Matcher | None = None

    def close(self) -> None:
        self.store.close()

    def _cache_path(self, fingerprint: str) -> Path:
        name = f"index-v{INDEX_FORMAT}-{_code_stamp()}-{fingerprint}.pickle"
        return self.settings.home / "index" / name

    def index(self) -> ScreeningIndex:
        fingerprint = self.store.fingerprint()
        if self._index is not None and fingerprint == self._fingerprint:
            return self._index
        cache = self._cache_path(fingerprint)
        index: ScreeningIndex | None = None
        if cache.exists():
            try:
                with open(cache, "rb") as fh:
                    index = pickle.load(fh)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                index = None
        if index is None:
            index = ScreeningIndex()
            index.add_all(self.store.iter_active())
            self._write_cache(cache, index)
        self._index, self._fingerprint = index, fingerprint
        self._matcher = Matcher(index, self.config)
        if len(index.names) >= FREEZE_MIN_NAMES:
            exempt_from_cyclic_gc()
        return index

    @staticmethod
    def _write_cache(cache: Path, index: ScreeningIndex) -> None:
        """Keep the built index for the next run; a cache that cannot be written only costs time.

        Two processes may build the same index at once (a batch and an eval, two workers):
        each writes its own temporary file, and the last rename wins with equal content.
        """
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            for old in cache.parent.glob("index-*.pickle"):
                if old != cache:
                    old.unlink(missing_ok=True)
            with open(tmp, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
        except OSError:
            tmp.unlink(missing_ok=True)

    def matcher(self) -> Matcher:
        self.index()
        assert self._matcher is not None
        return self._matcher

    def screen(self, query: Query, threshold: float | None = None, limit: int | None = None) -> list[Hit]:
        if not self.store.active_versions():
            raise StoreError("no lists loaded: run `redline lists update` (or --mirror DIR)")
        return self.matcher().match(query, threshold=threshold, limit=limit)

    def list_versions(self) -> dict[str, str]:
        return {v.list_name: v.version_id for v in self.store.active_versions()}
