"""FollowTheMoney (OpenSanctions) entity files: JSON lines of FtM entities.

Each ``*.ftm.json`` file loads as its own list, ``ftm_<dataset>``, the dataset taken
from the file name (``zala_entities.ftm.json`` -> ``ftm_zala``). The format's
``list_name`` is the placeholder ``"ftm"``: mirror discovery renames each snapshot by
the same rule as ``dataset_name``, so the registry and the reader always agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.ftm.export import entity_to_ftm, sanction_to_ftm
from redline.sources.ftm.mapper import SideFacts, map_party
from redline.sources.ftm.reader import (
    apply_ftm_delta,
    dataset_name,
    is_ftm,
    iter_delta,
    iter_ftm,
    map_entities,
    read_ftm,
    read_ftm_relations,
    snapshot_date,
)


def read_ftm_format(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_ftm(main)


FORMATS: list[ListFormat] = [
    ListFormat(
        "ftm", "ftm_json", "*.ftm.json", read_ftm_format, sniff=is_ftm,
        snapshot_date=snapshot_date,
        notes="One list per file, named ftm_<dataset> after the file name. OpenSanctions "
              "data is CC-BY-NC-4.0: non-commercial use only.",
    ),
]

__all__ = [
    "FORMATS", "SideFacts", "apply_ftm_delta", "dataset_name", "entity_to_ftm", "is_ftm",
    "iter_delta", "iter_ftm", "map_entities", "map_party", "read_ftm", "read_ftm_relations",
    "sanction_to_ftm", "snapshot_date",
]
