"""US Consolidated Screening List CSV (trade.gov), plain or gzipped.

One CSL row is one listing on one sub-list; a party on several sub-lists (SDN and SSI,
SDN and the Capta list) appears in several rows with the same ``_id``. Those rows are
merged into one Entity so that a customer on two Treasury lists raises one alert
naming both, not two alerts. The merge costs a first pass that only counts ids (a
few hundred kilobytes for the whole list); in the second pass an entity is emitted
as soon as its last row has been read, so only unfinished groups are held.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from redline.errors import FormatError
from redline.model import Address, Entity
from redline.sources.csl.common import (
    address_country,
    alias_list,
    checked_csv,
    party_schema,
    short_hash,
    split_list,
    us_date,
)
from redline.sources.csl.ids import parse_ids
from redline.sources.ofac.common import (
    add_name,
    add_property,
    add_unique,
    compact_raw,
    person_name,
    plain_name,
    split_listed_name,
)
from redline.sources.ofac.dates import parse_birth_date
from redline.sources.ofac.labels import apply_fact
from redline.text.countries import country_code

LIST_NAME = "us_csl"
REQUIRED = ("source", "name")
ID_COLUMNS = ("_id", "entity_number")
_ABBREVIATION = re.compile(r"\(([^)]+)\)")
_LINKED_TO = re.compile(r"^Linked To:\s*(.+)$", re.IGNORECASE)
_PROPS = {
    "federal_register_notice": "federalRegisterNotice", "end_date": "endDate",
    "standard_order": "standardOrder", "license_requirement": "licenseRequirement",
    "license_policy": "licensePolicy", "vessel_type": "type", "gross_tonnage": "tonnage",
    "gross_registered_tonnage": "grossRegisteredTonnage", "vessel_owner": "owner",
    "source_list_url": "sourceListUrl",
}

Row = dict[str, str]


def sub_list(source: str) -> str:
    """Short name of a CSL sub-list: "Entity List (EL) - Bureau ..." -> "EL"."""
    match = _ABBREVIATION.search(source)
    return match.group(1).strip() if match else source.split(" - ")[0].strip()


def row_key(row: Row) -> str:
    for column in ID_COLUMNS:
        value = (row.get(column) or "").strip()
        if value:
            return value
    return short_hash(row.get("source", ""), row.get("name", ""), row.get("addresses", ""))


def iter_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """Data rows with their line numbers; the header repeated mid-file is skipped."""
    columns: list[str] | None = None
    for line, row in checked_csv(path):
        if columns is None:
            columns = list(row)
            missing = [c for c in REQUIRED if c not in row]
            if not any(c in row for c in ID_COLUMNS):
                missing.append("_id or entity_number")
            if missing:
                raise FormatError(
                    f"not a Consolidated Screening List CSV: no {', '.join(missing)} "
                    "column", path=path, line=1, field=missing[0])
        if all(row.get(c, "").strip() == c for c in REQUIRED):
            continue  # a copy of the header row (concatenated exports)
        if len(row) < len(columns):
            raise FormatError(
                f"row has {len(row)} of {len(columns)} columns (truncated download?)",
                path=path, line=line, field=columns[len(row)])
        if not any(v.strip() for v in row.values()):
            continue
        if not row["name"].strip():
            raise FormatError("row without a name", path=path, line=line, field="name")
        yield line, row
    if columns is None:
        raise FormatError("no header row: empty or not a CSV file", path=path, line=1)


def read_csl(path: Path) -> Iterator[Entity]:
    """Stream CSL entities, rows of the same party merged (see module docstring)."""
    expected = Counter(row_key(row) for _, row in iter_rows(path))
    open_groups: dict[str, tuple[Entity, int]] = {}
    for _, row in iter_rows(path):
        key = row_key(row)
        entity, seen = open_groups.pop(key, (None, 0))
        if entity is None:
            entity = Entity(id=f"{LIST_NAME}:{key}", list=LIST_NAME, source_id=key,
                            schema=party_schema(row.get("type"), row["name"]), raw={"rows": []})
        apply_row(entity, row)
        if seen + 1 >= expected[key]:
            yield entity
        else:
            open_groups[key] = (entity, seen + 1)


def apply_row(entity: Entity, row: Row) -> None:
    """Add what one CSL row says to ``entity`` (additive, so merged rows accumulate)."""
    schema = party_schema(row.get("type"), row["name"])
    if entity.schema == "LegalEntity" and schema != "LegalEntity":
        entity.schema = schema
    _names(entity, row)
    source = " ".join(row["source"].split())
    add_property(entity, "source", source)
    add_unique(entity.programs, sub_list(source) if source else None)
    for program in split_list(row.get("programs")):
        add_unique(entity.programs, program)
    add_property(entity, "position", _clean(row.get("title")))
    for address in split_list(row.get("addresses")):
        _address(entity, address)
    for value in split_list(row.get("dates_of_birth")):
        birth = parse_birth_date(value)
        if birth and birth not in entity.birth_dates:
            entity.birth_dates.append(birth)
    for place in split_list(row.get("places_of_birth")):
        add_unique(entity.birth_places, place)
    for column in ("nationalities", "citizenships"):
        for value in split_list(row.get(column)):
            add_unique(entity.nationalities, country_code(value))
    listed = us_date(row.get("start_date"))
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed
    for column, prop in _PROPS.items():
        add_property(entity, prop, _clean(row.get(column)))
    if row.get("call_sign", "").strip():
        apply_fact(entity, "Vessel Call Sign", row["call_sign"].strip())
    if row.get("vessel_flag", "").strip():
        apply_fact(entity, "Vessel Flag", row["vessel_flag"].strip())
    for entry in parse_ids(row.get("ids")):
        apply_fact(entity, entry.label, entry.value, entry.country)
    _remarks(entity, row.get("remarks"))
    entity.source_url = entity.source_url or _clean(row.get("source_information_url"))
    entity.raw["rows"].append(compact_raw(dict(row)))


def _names(entity: Entity, row: Row) -> None:
    for index, value in enumerate([row["name"], *alias_list(row.get("alt_names"))]):
        kind = "primary" if index == 0 and not entity.names else "alias"
        if entity.schema == "Person":
            first, last = split_listed_name(" ".join(value.split()), "Person")
            add_name(entity, person_name(first, last, kind))
        else:
            add_name(entity, plain_name(value, kind))


def _address(entity: Entity, text: str) -> None:
    code = address_country(text)
    if code is None and len(text) == 2:
        code = country_code(text)  # a country-only address ("IR")
    add_unique(entity.countries, code)
    address = Address(full=text, country=code)
    if address not in entity.addresses:
        entity.addresses.append(address)


def _remarks(entity: Entity, text: str | None) -> None:
    remarks = _clean(text)
    if not remarks:
        return
    if entity.remarks is None:
        entity.remarks = remarks
    elif remarks not in entity.remarks:
        entity.remarks = f"{entity.remarks}\n{remarks}"
    for item in remarks.strip().strip("()").split(";"):
        if match := _LINKED_TO.match(item.strip().strip("()")):
            add_property(entity, "linkedTo", match.group(1).strip().rstrip("."))


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None

