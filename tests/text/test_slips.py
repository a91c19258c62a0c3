"""Slips of the pen: a swap beside a dropped letter is two slips, as a typist makes it."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from redline.text.slips import slips, slips_table


def test_a_swap_beside_a_dropped_letter_is_two_slips_not_three() -> None:
    # drop the t of BENEATHCO, then swap a and h: OSA may not edit a letter twice
    assert OSA.distance("beneathco", "benehaco") == 3
    assert slips("beneathco", "benehaco", 2) == 2
    assert slips("inspectech", "inspeccth", 2) == 2


def test_more_slips_than_the_cutoff_read_as_one_past_it() -> None:
    assert slips("petrov", "ivanov", 2) == 3
    assert slips("sberbank", "sberbank", 2) == 0
    assert slips("sberbank", "sbrebank", 1) == 1


def test_the_table_agrees_with_the_pairwise_count() -> None:
    queries = ["benehaco", "inspeccth", "gazprom"]
    listed = ["beneathco", "inspectech", "gazprom", "rosneft"]
    table = slips_table(queries, listed, 2)
    assert table.tolist() == [[slips(q, c, 2) for c in listed] for q in queries]
    assert table[0, 0] == 2 and table[1, 1] == 2 and table[2, 2] == 0 and table[2, 3] == 3
