"""OFAC legacy CSV sets (``sdn.csv`` + add/alt/comments; ``cons_prim.csv`` + cons_*).

The files have no header, write ``-0-`` for null and end with a DOS end-of-file byte
(0x1A). Rows are joined on ``ent_num``: OFAC publishes every file sorted by it, so the
companions are merged in one forward pass (constant memory); if a file is found out of
order the companion is indexed in memory instead, which is slower but still correct.
``sdn_comments.csv`` continues remarks that were cut at the CSV field limit, so its
text is appended to the remark it continues, without a separator.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redline.errors import FormatError
from redline.model import Entity
from redline.sources.base import iter_csv
from redline.sources.ofac.common import (
    ALIAS_KINDS,
    add_address,
    add_name,
    add_property,
    add_unique,
    compact_raw,
    new_entity,
    person_name,
    plain_name,
    schema_for,
    split_listed_name,
)
from redline.sources.ofac.labels import apply_fact
from redline.sources.ofac.remarks import apply_remarks

MAIN_COLUMNS = ("ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type",
                "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "remarks")
COMMENT_COLUMNS = ("ent_num", "remarks")
_EOF = "\x1a"

Row = dict[str, str | None]


def _first_bad_line(path: Path, encoding: str = "utf-8") -> int | None:
    """Line of the first byte sequence that does not decode (the text reader decodes in
    chunks, so its own line number points at the chunk, not at the bad row)."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                return number
    return None


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """Rows of one headerless OFAC CSV as dicts; errors name the file and line."""
    try:
        yield from _rows(path, columns)
    except FormatError as exc:
        if "encoding" not in exc.detail or path.suffix == ".gz":
            raise
        line = _first_bad_line(path) or exc.line
        raise FormatError(exc.detail, path=path, line=line) from exc


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    for line, row in iter_csv(path, header=False):
        assert isinstance(row, list)
        if not row or (len(row) == 1 and row[0].strip() in ("", _EOF)):
            continue
        if len(row) != len(columns):
            raise FormatError(
                f"expected {len(columns)} columns, found {len(row)} (truncated or not an "
                "OFAC legacy CSV?)", path=path, line=line,
            )
        values: Row = {}
        for key, cell in zip(columns, row, strict=True):
            text = cell.strip()
            values[key] = None if text in ("", "-0-") else text
        if not (values["ent_num"] or "").isdigit():
            raise FormatError(f"ent_num {values['ent_num']!r} is not a number", path=path,
                              line=line, field="ent_num")
        yield line, values


def _is_sorted(path: Path, columns: tuple[str, ...]) -> bool:
    previous = -1
    for _line, row in read_rows(path, columns):
        current = int(row["ent_num"] or 0)
        if current < previous:
            return False
        previous = current
    return True


class _Companion:
    """Rows of one companion file, handed out per ``ent_num`` in ascending order."""

    def __init__(self, path: Path, columns: tuple[str, ...], merge: bool) -> None:
        self._merge = merge
        self._rows = read_rows(path, columns)
        self._pending: tuple[int, Row] | None = None
        self._index: dict[int, list[Row]] = defaultdict(list)
        if not merge:
            for _line, row in self._rows:
                self._index[int(row["ent_num"] or 0)].append(row)

    def take(self, uid: int) -> list[Row]:
        if not self._merge:
            return self._index.pop(uid, [])
        found: list[Row] = []
        while True:
            if self._pending is None:
                nxt = next(self._rows, None)
                if nxt is None:
                    return found
                self._pending = (int(nxt[1]["ent_num"] or 0), nxt[1])
            key, row = self._pending
            if key > uid:
                return found
            if key == uid:
                found.append(row)
            self._pending = None


def read_legacy_csv(main: Path, companions: dict[str, Path], list_name: str,
                    names: tuple[str, str, str]) -> Iterator[Entity]:
    """Stream entities from a legacy CSV set; ``names`` = (address, alias, comments) files."""
    roles = dict(zip(("add", "alt", "comments"), names, strict=True))
    columns = {"add": ADD_COLUMNS, "alt": ALT_COLUMNS, "comments": COMMENT_COLUMNS}
    present = {role: companions[name] for role, name in roles.items() if name in companions}
    merge = _is_sorted(main, MAIN_COLUMNS) and all(
        _is_sorted(path, columns[role]) for role, path in present.items())
    joined = {role: _Companion(path, columns[role], merge) for role, path in present.items()}
    for line, row in read_rows(main, MAIN_COLUMNS):
        uid = int(row["ent_num"] or 0)
        parts = {role: comp.take(uid) for role, comp in joined.items()}
        yield _map_row(row, parts, list_name, main, line)


def _map_row(row: Row, parts: dict[str, list[Row]], list_name: str, path: Path,
             line: int) -> Entity:
    uid = str(row["ent_num"])
    schema = schema_for(row["type"])
    if schema is None:
        raise FormatError(f"unknown SDN_Type {row['type']!r} for ent_num {uid}", path=path,
                          line=line, field="SDN_Type")
    if not row["name"]:
        raise FormatError(f"ent_num {uid} has no name", path=path, line=line, field="SDN_Name")
    entity = new_entity(list_name, uid, schema)
    _add_listed_name(entity, row["name"], "primary")
    for alt in parts.get("alt", []):
        kind = ALIAS_KINDS.get((alt["alt_type"] or "aka").casefold(), "alias")
        if alt["alt_name"]:
            _add_listed_name(entity, alt["alt_name"], kind)
    for program in (row["programs"] or "").split("] ["):
        add_unique(entity.programs, program.strip(" []"))
    add_property(entity, "position", row["title"])
    if row["call_sign"]:
        apply_fact(entity, "Vessel Call Sign", row["call_sign"])
    add_property(entity, "type", row["vessel_type"])
    add_property(entity, "tonnage", _number(row["tonnage"]))
    add_property(entity, "grossRegisteredTonnage", _number(row["grt"]))
    apply_fact(entity, "Vessel Flag", row["vessel_flag"])
    add_property(entity, "owner", row["vessel_owner"])
    for addr in parts.get("add", []):
        add_address(entity, [addr["address"], addr["city_state_postal"]],
                    country=addr["country"])
    remarks = row["remarks"] or ""
    for comment in parts.get("comments", []):
        remarks += comment["remarks"] or ""
    if remarks:
        entity.remarks = remarks
        apply_remarks(entity, remarks)
    raw: dict[str, Any] = {k: v for k, v in row.items() if k != "remarks"}
    raw["remarks"] = remarks or None
    for role, key in (("add", "addresses"), ("alt", "aliases")):
        raw[key] = [{k: v for k, v in r.items() if k != "ent_num"} for r in parts.get(role, [])]
    entity.raw = compact_raw(raw)
    return entity


def _add_listed_name(entity: Entity, value: str, kind: str) -> None:
    first, last = split_listed_name(value, entity.schema)
    if first:
        add_name(entity, person_name(first, last, kind))
    else:
        add_name(entity, plain_name(value, kind))


def _number(value: str | None) -> str | None:
    """Tonnage columns carry thousands separators ("1,234"); keep digits only."""
    if not value:
        return None
    digits = value.replace(",", "").strip()
    return digits or None
