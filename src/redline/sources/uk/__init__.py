"""UK lists: the FCDO UK Sanctions List (XML) and HM Treasury/OFSI's ConList (CSV).

The FCDO list is the current one (ids ``uk_sanctions_list:<UniqueID>``); OFSI's
Consolidated List (``uk_ofsi:<Group ID>``) was superseded in January 2026 and is kept
for archives and older mirrors. The two keep separate ids because one OFSI group and
one FCDO designation are not always the same listing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.uk.conlist import conlist_date, is_conlist, read_conlist
from redline.sources.uk.sanctions_list import generated_date, is_uk_sanctions_list, read_uk_sanctions_list


def _read_conlist(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_conlist(main)


def _read_sanctions_list(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_uk_sanctions_list(main)


FORMATS: list[ListFormat] = [
    ListFormat("uk_sanctions_list", "uk_sanctions_list_xml", "*.xml", _read_sanctions_list,
               sniff=is_uk_sanctions_list, snapshot_date=generated_date, priority=2,
               notes="Reader written from the public layout; no full official file was available to test on."),
    ListFormat("uk_ofsi", "ofsi_conlist_csv", "*conlist*.csv", _read_conlist, sniff=is_conlist,
               snapshot_date=conlist_date, priority=1,
               notes="One row per name; rows are grouped by Group ID into one entity."),
]

__all__ = ["FORMATS", "read_conlist", "read_uk_sanctions_list"]
