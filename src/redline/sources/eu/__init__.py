"""EU Consolidated Financial Sanctions List (FSF XML v1.1); ids ``eu_fsf:<logicalId>``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.eu.fsf import generation_date, is_eu_fsf, read_fsf


def _read(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_fsf(main)


FORMATS: list[ListFormat] = [
    ListFormat("eu_fsf", "eu_fsf_xml", "*.xml", _read, sniff=is_eu_fsf, snapshot_date=generation_date,
               priority=2, notes="The file name varies (20240513-FULL-1_1(xsd).xml, content?token=...); "
                                 "the sniff accepts only an <export> root in the FSF namespace."),
]

__all__ = ["FORMATS", "read_fsf"]
