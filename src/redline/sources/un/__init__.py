"""UN Security Council Consolidated List (XML); ids ``un_sc:<DATAID>``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.un.consolidated import date_generated, is_un_consolidated, read_un


def _read(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_un(main)


FORMATS: list[ListFormat] = [
    ListFormat("un_sc", "un_sc_xml", "*.xml", _read, sniff=is_un_consolidated, snapshot_date=date_generated,
               priority=2, notes="Published as consolidated.xml, like OFAC's non-SDN list; the sniff "
                                 "accepts only a <CONSOLIDATED_LIST> root."),
]

__all__ = ["FORMATS", "read_un"]
