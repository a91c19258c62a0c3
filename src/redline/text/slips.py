"""How many slips of the pen lie between two written words.

OSA (optimal string alignment) counts a swap of neighbours as one slip but never edits a
letter twice, so a swap beside a dropped letter ("Inspeccth" for Inspectech, "BENEHACO"
for BENEATHCO: drop the t, swap a and h) costs three. Typists make exactly those, and
full Damerau-Levenshtein counts them as two. It is several times slower than OSA's
bit-parallel kernel, so OSA answers first and only the pairs it puts just past a budget
are counted again: Damerau-Levenshtein is never more than OSA, and a swap costs OSA at
most one extra slip in words this short.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import OSA, DamerauLevenshtein
from rapidfuzz.process import cdist

#: Damerau-Levenshtein counts fewer slips than OSA only where OSA counts three or more,
#: and then counts two or more ("ca" / "abc": three and two): a
#: recount never brings a pair within a budget under two.
_RECOUNTED_FROM = 2


def slips(a: str, b: str, cutoff: int) -> int:
    """Slips between ``a`` and ``b``; ``cutoff + 1`` when more than ``cutoff``."""
    distance = OSA.distance(a, b, score_cutoff=cutoff + 1)
    if distance == cutoff + 1 and cutoff >= _RECOUNTED_FROM:
        distance = DamerauLevenshtein.distance(a, b, score_cutoff=cutoff + 1)
    return min(distance, cutoff + 1)


def slips_table(queries: Sequence[str], listed: Sequence[str], cutoff: int) -> np.ndarray:
    """``slips`` of every query word against every listed word (queries x listed)."""
    table = cdist(queries, listed, scorer=OSA.distance, score_cutoff=cutoff + 1, dtype=np.int32)
    rows, cols = np.nonzero(table == cutoff + 1) if cutoff >= _RECOUNTED_FROM else ((), ())
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        table[i, j] = DamerauLevenshtein.distance(queries[i], listed[j], score_cutoff=cutoff + 1)
    np.minimum(table, cutoff + 1, out=table)
    return table
