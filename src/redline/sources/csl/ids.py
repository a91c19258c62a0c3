"""The CSL ``ids`` cell: ``;``-separated identifiers, facts and sanctions notes.

trade.gov flattens each id record into comma-joined fields, and the order changed
between layouts: 2023 files write ``type, number[, country][, dates]``
("Passport, AA8908881, PK"), 2025 files ``[country, ][dates, ]number, type``
("CY, C146742, Registration Number"). The labels are OFAC's (the sub-lists with ids
are Treasury lists), so each entry is classified with OFAC's label table and put where
it belongs by ``redline.sources.ofac.labels.apply_fact``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.sources.ofac.labels import is_note, known_labels, normalize_label

_CODE = re.compile(r"^[A-Z]{2}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")


@dataclass(frozen=True, slots=True)
class IdEntry:
    label: str
    value: str
    country: str | None = None


def _labels() -> frozenset[str]:
    return frozenset(known_labels())


def _is_label(text: str) -> bool:
    return normalize_label(text) in _labels() or is_note(text) or text.rstrip().endswith(
        (":", " -"))


def _is_date(text: str) -> bool:
    return bool(_ISO_DATE.match(text) or _DMY.match(text))


def parse_ids(cell: str | None) -> list[IdEntry]:
    """Every entry of an ``ids`` cell, with its label, value and country code."""
    entries: list[IdEntry] = []
    for item in (cell or "").split(";"):
        parts = [p.strip() for p in item.split(",")]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            continue
        entry = _label_first(parts) if _prefers_label_first(parts) else _label_last(parts)
        if entry.value:
            entries.append(entry)
    return entries


def _prefers_label_first(parts: list[str]) -> bool:
    if _is_label(parts[-1]):
        return False
    if _is_label(parts[0]):
        return True
    # unknown label at either end: the 2025 layout starts with a country code
    return not _CODE.match(parts[0]) and (
        _CODE.match(parts[-1]) is not None or _is_date(parts[-1]))


def _label_first(parts: list[str]) -> IdEntry:
    label, rest = parts[0], parts[1:]
    country = None
    tail = list(rest)
    while len(tail) > 1 and (_is_date(tail[-1]) or _CODE.match(tail[-1])):
        last = tail.pop()
        if _CODE.match(last):
            country = last
    return IdEntry(label=label, value=", ".join(tail), country=country)


def _label_last(parts: list[str]) -> IdEntry:
    label, rest = parts[-1], parts[:-1]
    country = None
    if len(rest) > 1 and _CODE.match(rest[0]):
        country = rest.pop(0)
    while len(rest) > 1 and _ISO_DATE.match(rest[0]):
        rest.pop(0)
    return IdEntry(label=label, value=", ".join(rest), country=country)
