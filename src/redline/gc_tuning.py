"""Keep the big, long-lived structures (the index, the document automaton) away from the cyclic GC.

All official lists make millions of long-lived objects, and every full collection walks
them all: half a second, landing in the middle of whatever screening triggered it (a
document, an API request, a batch chunk). ``gc.freeze`` moves everything alive at that
moment into a permanent generation the collector skips. Reference counting still frees
those objects when they are replaced (a list update); only reference cycles among them
would stay, and the index and automaton hold none.
"""

from __future__ import annotations

import gc

#: Indexes with at least this many name forms are worth freezing (the demo list is not).
FREEZE_MIN_NAMES = 20_000

#: Collector thresholds while screening: the default (700 allocations) runs a young
#: collection every few records and costs ~6 % of a run; objects that matter are long
#: lived (the index, frozen) or die by reference count within one record anyway.
GC_THRESHOLDS = (50_000, 20, 100)


def exempt_from_cyclic_gc() -> None:
    """Collect what is garbage now, freeze everything still alive, and collect rarely after."""
    gc.collect()
    gc.freeze()
    current = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(current, GC_THRESHOLDS, strict=True)))
