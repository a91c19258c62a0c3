"""Recognise a delimited list file by its header line, without reading the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from redline.errors import SourceError
from redline.sources.base import open_binary

_HEAD_BYTES = 64 * 1024


def header_columns(path: Path, delimiter: str = ",") -> list[str]:
    """Column names of the first line (gz transparent); empty when unreadable."""
    try:
        with open_binary(path) as fh:
            head = fh.read(_HEAD_BYTES)
    except (SourceError, OSError, EOFError):
        return []
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = head[: exc.start].decode("utf-8-sig")
    first = text.splitlines()[0] if text else ""
    try:
        row = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    except csv.Error:
        return []
    return [c.strip() for c in row]


def is_csl(path: Path) -> bool:
    """A CSL export: ``source`` and ``name`` columns and an id column."""
    columns = set(header_columns(path))
    return {"source", "name"} <= columns and bool(columns & {"_id", "entity_number"})
