"""Read FollowTheMoney entity files and delta streams into redline.

``read_ftm`` makes two passes over the file: the first keeps only the small side
entities (Sanction, Passport, Identification, Address) that must be folded onto the
parties, the second streams the parties. Buffering the side entities rather than the
parties keeps memory proportional to the smaller half of the file and lets parties
appear before or after the entities that describe them, as they do in OpenSanctions
exports. Non-party entities (Ownership, Directorship, Family, Sanction, ...) stay
available, unmapped, through ``read_ftm_relations`` for the ownership screener.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from redline.errors import FormatError, SourceError
from redline.model import Entity
from redline.sources.ftm.lines import check_entity, iter_json_lines
from redline.sources.ftm.mapper import SideFacts, is_party, map_party

DELTA_OPS = ("ADD", "MOD", "DEL")
_SNAPSHOT_LINES = 1000


def dataset_name(path: Path) -> str:
    """Dataset slug from a file name: ``zala_entities.ftm.json`` -> ``zala``.

    The same rule as mirror discovery uses, so ``read_ftm`` and the registry agree on
    the list name (``ftm_<dataset>``) without being told. A bare ``entities.ftm.json``
    (the OpenSanctions download name) takes its folder's name.
    """
    stem = path.name.split(".")[0]
    stem = re.sub(r"(^|_)entities$", "", stem) or path.parent.name
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return slug or "dataset"


def iter_ftm(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, entity dict)`` for every entity of an FtM JSON-lines file, checked."""
    for number, data in iter_json_lines(path):
        yield number, check_entity(data, path, number)


def read_ftm(path: Path, dataset: str | None = None) -> Iterator[Entity]:
    """Screening entities (parties only) of one FtM file, list ``ftm_<dataset>``."""
    list_name = f"ftm_{dataset or dataset_name(path)}"
    facts = SideFacts.collect(data for _, data in iter_ftm(path))
    for number, data in iter_ftm(path):
        if is_party(data):
            yield _mapped(data, list_name, facts, path, number)


def read_ftm_relations(path: Path) -> Iterator[dict[str, Any]]:
    """Every non-party entity, as the raw FtM dict (Ownership has owner/asset/percentage)."""
    for _, data in iter_ftm(path):
        if not is_party(data):
            yield data


def map_entities(entities: Collection[dict[str, Any]], list_name: str) -> Iterator[Entity]:
    """Parties of an in-memory set of FtM dicts (e.g. after ``apply_ftm_delta``)."""
    facts = SideFacts.collect(entities)
    for data in entities:
        if is_party(data):
            yield map_party(data, list_name, facts)


def iter_delta(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """``(line, op, entity)`` from a yente ``entities.delta.json`` stream."""
    for number, record in iter_json_lines(path):
        op = record.get("op")
        if op not in DELTA_OPS:
            raise FormatError(f"delta op {op!r} is not one of {', '.join(DELTA_OPS)}",
                              path=path, line=number, field="op")
        entity = record.get("entity")
        if not isinstance(entity, dict):
            raise FormatError("delta record without an 'entity' object", path=path,
                              line=number, field="entity")
        if op == "DEL":
            if not isinstance(entity.get("id"), str) or not entity["id"]:
                raise FormatError("DEL without an entity id", path=path, line=number,
                                  field="id")
        else:
            check_entity(entity, path, number)
        yield number, op, entity


def apply_ftm_delta(entities: MutableMapping[str, dict[str, Any]], path: Path) -> Counter[str]:
    """Apply one delta file to ``entities`` (FtM id -> dict) in place; counts per op.

    ADD and MOD both replace the whole entity (yente semantics: a delta carries the
    complete new version); DEL of an id we never had is counted but not an error,
    because deltas are published per dataset and a consumer may have filtered.
    """
    counts: Counter[str] = Counter()
    for _, op, entity in iter_delta(path):
        if op == "DEL":
            if entities.pop(entity["id"], None) is None:
                counts["DEL_MISSING"] += 1
        else:
            entities[entity["id"]] = entity
        counts[op] += 1
    return counts


def is_ftm(path: Path) -> bool:
    """Sniff: the first entity line has an id, a schema and properties."""
    for _, data in iter_json_lines(path):
        return isinstance(data.get("schema"), str) and isinstance(data.get("properties"), dict)
    return False


def snapshot_date(path: Path) -> str | None:
    """Export date: the latest ``last_seen`` among the first lines (every entity of an
    export was seen by the run that produced it), or None for hand-made files."""
    best: str | None = None
    for number, data in iter_json_lines(path):
        seen = data.get("last_seen")
        if isinstance(seen, str) and re.match(r"^\d{4}-\d{2}-\d{2}", seen):
            best = max(best or seen[:10], seen[:10])
        if number >= _SNAPSHOT_LINES:
            break
    return best


def _mapped(data: dict[str, Any], list_name: str, facts: SideFacts, path: Path,
            number: int) -> Entity:
    try:
        return map_party(data, list_name, facts)
    except SourceError:
        raise
    except (TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"cannot map FtM entity {data.get('id')!r}: {exc}", path=path,
                          line=number) from exc
