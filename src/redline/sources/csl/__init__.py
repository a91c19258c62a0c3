"""US export-control and sanctions screening lists published by US agencies.

* ``us_csl``: the trade.gov Consolidated Screening List CSV (SDN, SSI, Entity List,
  DPL, UVL, MEU, ISN, DTC, ...), plain or gzipped; rows of one party merged.
* ``us_bis_dpl``: the BIS Denied Persons List TSV (``dpl.txt``); rows of one name
  grouped (see ``redline.sources.csl.dpl``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.csl.dpl import DPL_LIST, dpl_snapshot_date, is_dpl, read_dpl
from redline.sources.csl.reader import LIST_NAME, apply_row, iter_rows, read_csl, sub_list
from redline.sources.csl.sniff import is_csl


def read_csl_format(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_csl(main)


def read_dpl_format(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_dpl(main)


FORMATS: list[ListFormat] = [
    ListFormat(LIST_NAME, "csl_csv", "*.csv*", read_csl_format, sniff=is_csl,
               revision=2,  # 2: drops the "and " / "a.k.a." the CSL leaves before an alias
               notes="trade.gov CSV, plain or .csv.gz. The file carries no publication "
                     "date; the mirror path or file time dates it."),
    ListFormat(DPL_LIST, "bis_dpl_tsv", "dpl*.txt", read_dpl_format, sniff=is_dpl,
               snapshot_date=dpl_snapshot_date,
               notes="Snapshot date is the latest Last_Update in the file."),
]

__all__ = ["FORMATS", "apply_row", "is_csl", "is_dpl", "iter_rows", "read_csl", "read_dpl",
           "sub_list"]
