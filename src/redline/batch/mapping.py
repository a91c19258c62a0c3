"""Column mapping: which input column holds the name, birth date, country, key and type.

Customer books never agree on column names (``full_name``, ``birth_date``, ``cc``), so
the batch screener takes ``--map name=full_name,dob=birth_date`` and checks it against the
real header *before* screening starts: a typo in a column name must fail in the first
second, not after an hour of screening with every birth date silently missing.

``record_query`` turns one input record into a ``Query`` or a per-row error message; it
is shared by the local runner and Spark so both read a record exactly the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redline.errors import QueryError
from redline.model import COMPATIBLE, Query
from redline.text.countries import country_code

FIELDS = ("name", "dob", "country", "id", "type")

#: Column names tried, in order, when a field is not mapped explicitly.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "party_name"),
    "dob": ("dob", "birth_date", "date_of_birth"),
    "country": ("country", "country_code", "nationality"),
    "id": ("id", "customer_id", "key"),
    "type": ("type", "schema", "kind"),
}

#: Book vocabularies for the party type, mapped onto FollowTheMoney schemas.
TYPE_WORDS: dict[str, str] = {
    "person": "Person", "individual": "Person", "natural person": "Person", "p": "Person", "i": "Person",
    "company": "Company", "corporate": "Company", "business": "Company", "c": "Company",
    "organization": "Organization", "organisation": "Organization", "org": "Organization",
    "entity": "LegalEntity", "legalentity": "LegalEntity", "legal entity": "LegalEntity", "e": "LegalEntity",
    "vessel": "Vessel", "ship": "Vessel", "aircraft": "Aircraft",
}

_ISO = re.compile(r"^(1[89]|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_DMY = re.compile(r"^(0?[1-9]|[12]\d|3[01])[.-](0?[1-9]|1[0-2])[.-]((?:1[89]|20)\d\d)$")
_YMD_SLASH = re.compile(r"^((?:1[89]|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])$")

#: A name longer than this is not a name; it is refused per row rather than screened.
MAX_NAME_LENGTH = 500


@dataclass(frozen=True)
class ColumnMapping:
    """Input column per field; ``None`` means the book has no such column."""

    name: str
    dob: str | None = None
    country: str | None = None
    id: str | None = None
    type: str | None = None

    def columns(self) -> list[str]:
        return [c for c in (self.name, self.dob, self.country, self.id, self.type) if c]

    def as_dict(self) -> dict[str, str | None]:
        return {f: getattr(self, f) for f in FIELDS}


def parse_map(text: str | None) -> dict[str, str]:
    """``name=full_name,dob=birth_date`` → ``{"name": "full_name", "dob": "birth_date"}``."""
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise QueryError(f"--map entry {part.strip()!r} must be FIELD=COLUMN (fields: {', '.join(FIELDS)})")
        field, column = (x.strip() for x in part.split("=", 1))
        field = {"birth_date": "dob", "key": "id", "schema": "type", "cc": "country"}.get(field, field)
        if field not in FIELDS:
            raise QueryError(f"--map: unknown field {field!r}; fields are {', '.join(FIELDS)}")
        if not column:
            raise QueryError(f"--map: no column given for field {field!r}")
        out[field] = column
    return out


def resolve(explicit: MappingABC[str, str], columns: Sequence[str], source: str = "input") -> ColumnMapping:
    """Check an explicit mapping against the header and fill the rest from common names."""
    available = list(columns)
    for field, column in explicit.items():
        if column not in available:
            raise QueryError(
                f"{source}: --map {field}={column}: no column {column!r}; columns are {', '.join(available)}"
            )
    chosen: dict[str, str | None] = {}
    lowered = {c.lower(): c for c in available}
    for field in FIELDS:
        if field in explicit:
            chosen[field] = explicit[field]
            continue
        chosen[field] = next((lowered[c] for c in DEFAULT_COLUMNS[field] if c in lowered), None)
    if not chosen["name"]:
        raise QueryError(
            f"{source}: no name column (looked for {', '.join(DEFAULT_COLUMNS['name'])}); "
            f"map one with --map name=COLUMN; columns are {', '.join(available)}"
        )
    return ColumnMapping(**chosen)  # type: ignore[arg-type]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def schema_of(value: Any) -> str:
    text = _text(value)
    if not text:
        return "LegalEntity"
    if text in COMPATIBLE:
        return text
    found = TYPE_WORDS.get(text.casefold())
    if found is None:
        raise QueryError(f"unknown party type {text!r} (use Person, Company, Organization, Vessel, ...)")
    return found


def birth_date(value: Any) -> str | None:
    """``YYYY[-MM[-DD]]`` from the usual book spellings, else None.

    An unreadable date is dropped rather than guessed: a wrong date would count as a
    conflict and lower the score of a true match, while a missing one only leaves the
    decision to the name.
    """
    text = _text(value)[:10]
    if _ISO.match(text):
        return text
    found = _DMY.match(text)
    if found:  # 31.12.1960 / 31-12-1960 (day first, as everywhere the dot is used)
        day, month, year = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    found = _YMD_SLASH.match(text)
    if found:
        year, month, day = found.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def record_key(record: MappingABC[str, Any], mapping: ColumnMapping, row: int) -> str:
    """The customer's own key, or the input row number when the book has no key column."""
    key = _text(record.get(mapping.id)) if mapping.id else ""
    return key or f"row:{row}"


#: The text of the cells a record's Query is read from: (name, type, birth date, country).
Cells = tuple[str, str, str, str]
#: The (name, type) part of ``Cells``: all a record's name-only match depends on.
NameKey = tuple[str, str]


def query_cells(record: MappingABC[str, Any], mapping: ColumnMapping) -> Cells:
    """What ``record_query`` reads from ``record``, as text; the query's identity.

    Two records with the same cells get the same Query but for its ``key``, which the
    matcher does not read, so batch screening matches such records once. Keep this in
    step with ``record_query``.
    """
    def cell(column: str | None) -> str:
        return _text(record.get(column)) if column else ""

    return cell(mapping.name), cell(mapping.type), cell(mapping.dob), cell(mapping.country)


def name_key(record: MappingABC[str, Any], mapping: ColumnMapping) -> NameKey:
    """The (name, type) part of ``query_cells``, computed alone (the parent needs no more)."""
    return (_text(record.get(mapping.name)) if mapping.name else "",
            _text(record.get(mapping.type)) if mapping.type else "")


def record_query(record: MappingABC[str, Any], mapping: ColumnMapping, row: int) -> Query:
    """One input record as a Query; raises QueryError with a per-row message."""
    name = _text(record.get(mapping.name))
    if not name:
        raise QueryError(f"empty name in column {mapping.name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise QueryError(f"name in column {mapping.name!r} is {len(name)} characters long (limit {MAX_NAME_LENGTH})")
    if "\ufffd" in name or any(ord(ch) < 32 for ch in name):
        raise QueryError(f"name {name[:60]!r} contains control or undecodable characters")
    countries: list[str] = []
    if mapping.country:
        for part in _text(record.get(mapping.country)).replace(";", ",").split(","):
            code = country_code(part)
            if code and code not in countries:
                countries.append(code)
    return Query(
        name=name,
        schema=schema_of(record.get(mapping.type)) if mapping.type else "LegalEntity",
        birth_date=birth_date(record.get(mapping.dob)) if mapping.dob else None,
        countries=countries,
        key=record_key(record, mapping, row),
    )
