"""The collector keeps away from the long-lived index: frozen, and young collections made rare."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from redline.batch.job import lean_gc, restore_gc
from redline.gc_tuning import GC_THRESHOLDS, exempt_from_cyclic_gc


@pytest.fixture()
def restored_gc() -> Iterator[None]:
    old = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*old)


@pytest.mark.usefixtures("restored_gc")
def test_what_is_alive_is_frozen_and_garbage_is_collected_first() -> None:
    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    cycle_a, cycle_b = Node(), Node()
    cycle_a.other, cycle_b.other = cycle_b, cycle_a
    del cycle_a, cycle_b  # garbage that only the cyclic collector can free
    kept = {"index": [Node() for _ in range(10)]}
    exempt_from_cyclic_gc()
    assert gc.get_freeze_count() > 0
    assert not any(isinstance(o, Node) and o.other is not None for o in gc.get_objects())  # cycle freed
    assert all(not gc.is_finalized(n) for n in kept["index"])
    assert all(a >= b for a, b in zip(gc.get_threshold(), GC_THRESHOLDS, strict=True))


@pytest.mark.usefixtures("restored_gc")
def test_thresholds_are_only_ever_raised() -> None:
    gc.set_threshold(100_000, 50, 200)
    exempt_from_cyclic_gc()
    assert gc.get_threshold() == (100_000, 50, 200)


@pytest.mark.usefixtures("restored_gc")
def test_a_batch_run_leaves_an_earlier_freeze_in_place() -> None:
    gc.unfreeze()
    state = lean_gc()  # nothing frozen before: the run's freeze is undone after it
    restore_gc(state)
    assert gc.get_freeze_count() == 0
    exempt_from_cyclic_gc()  # the Engine froze its index ...
    state = lean_gc()
    restore_gc(state)
    assert gc.get_freeze_count() > 0  # ... and a batch run in the same process keeps it frozen
