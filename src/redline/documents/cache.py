"""A small bounded LRU map for matcher confirmations of candidate spans.

The same names recur within a document (a party named in every paragraph) and across
documents (the parties in the news this week), and confirming a span costs about a
millisecond of matcher time, so confirmations are remembered per normalised span.
The bound keeps a long-running API process from growing without limit; evicting the
least recently used span (not clearing everything, as a plain dict would have to) keeps
the hot names cached. An index reload builds a new screener, so entries never outlive
the lists they were computed from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """String-keyed least-recently-used cache holding at most ``size`` entries.

    Locked: API workers share one screener across threads, and an eviction between a
    lookup and its move-to-end would otherwise raise KeyError.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._data: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> V | None:
        """The cached value (marked as recently used), or None."""
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: str, value: V) -> None:
        """Remember ``value``; evicts the least recently used entry when full."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            if len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data
