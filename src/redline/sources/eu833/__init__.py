"""EU Regulation 833/2014 (Russia sectoral measures): the entity and vessel annexes.

Read from the OpenSanctions transcription of EUR-Lex (``32014R0833.csv``): the EU
publishes no machine-readable file for these annexes. OpenSanctions data is licensed
CC-BY-NC-4.0, so this list is for non-commercial use unless licensed otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.eu833.reader import (
    LIST_NAME,
    eu_date,
    group_key,
    is_eu833,
    iter_rows,
    read_eu833,
    snapshot_date,
)


def read_eu833_format(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_eu833(main)


FORMATS: list[ListFormat] = [
    ListFormat(
        LIST_NAME, "opensanctions_journal_csv", "*.csv", read_eu833_format, sniff=is_eu833,
        snapshot_date=snapshot_date,
        notes="OpenSanctions transcription of the Official Journal annexes; "
              "CC-BY-NC-4.0 (non-commercial use only). Asset rows are skipped. The "
              "snapshot date is the newest listing date in the file.",
    ),
]

__all__ = ["FORMATS", "LIST_NAME", "eu_date", "group_key", "is_eu833", "iter_rows",
           "read_eu833", "snapshot_date"]
