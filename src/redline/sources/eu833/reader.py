"""EU Regulation 833/2014 annexes as transcribed by OpenSanctions (``32014R0833.csv``).

The Official Journal publishes the annexes (Annex IV export-control end users, Annex
XLII shadow-fleet vessels, ...) only as text; OpenSanctions transcribes them into a CSV
whose columns are FollowTheMoney property names. Each row is therefore turned into an
FtM-shaped dict and mapped by the FtM mapper, so both readers agree on every property.

A party named in several annexes (VTB BANK in III and XIV) has one row per annex; rows
are grouped, vessels by IMO number and other parties by normalised name, into one
Entity whose programs name every annex. ``Asset`` rows (ports, oil fields, aircraft
types under investment or transport bans) are not parties and are skipped and counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from redline.errors import FormatError
from redline.model import Entity, Identifier
from redline.sources.csl.common import checked_csv, name_key, required_rows, short_hash, split_list
from redline.sources.csl.sniff import header_columns
from redline.sources.ftm.mapper import iso_date, map_party
from redline.sources.ftm.props import PARTY_SCHEMATA
from redline.sources.ofac.common import compact_raw
from redline.text.countries import country_code

LIST_NAME = "eu_833"
CELEX = "32014R0833"
REQUIRED = ("celex", "programKey", "annex", "schema", "name")
#: Columns that are not FtM properties of the party (listing context).
_CONTEXT = frozenset({"celex", "recordId", "programKey", "annex", "measure", "startDate",
                      "reason", "schema", "registrationNumber"})
#: Columns whose cells hold several ``;``-separated values.
_MULTI = frozenset({"alias", "weakAlias", "previousName", "address", "phone", "email",
                    "website", "imoNumber", "passportNumber"})
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_LABELLED = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
#: Registration-number labels written in the annexes -> redline identifier type.
_ID_LABELS = {"inn": "inn", "tax id/inn": "inn", "ogrn": "ogrn", "kpp": "kpp",
              "tin": "tax_id", "tax id number": "tax_id", "trn": "tax_id",
              "gstin": "tax_id"}

Row = dict[str, str]


def is_eu833(path: Path) -> bool:
    """The OpenSanctions journal transcription of Regulation 833/2014 specifically:
    other regulations' files share the columns, so the first row's CELEX must match."""
    if not {"celex", "programKey"} <= set(header_columns(path)):
        return False
    for _, row in checked_csv(path):
        return row.get("celex", "").startswith(CELEX)
    return False


def iter_rows(path: Path) -> Iterator[tuple[int, Row]]:
    for line, row in required_rows(path, REQUIRED, "an OpenSanctions EU journal CSV"):
        for column in ("schema", "name"):
            if not row[column].strip():
                raise FormatError(f"row without a {column}", path=path, line=line, field=column)
        yield line, row


def group_key(row: Row) -> str:
    """Vessels by IMO number (names of tankers change, the IMO does not); others by name."""
    imo = split_list(row.get("imoNumber"))
    if row["schema"] == "Vessel" and imo:
        return f"imo-{imo[0]}"
    return short_hash(row["schema"], name_key(row["name"]))


def read_eu833(path: Path, skipped: Counter[str] | None = None) -> Iterator[Entity]:
    """Entities of the annexes; ``skipped`` (if given) counts rows by skipped schema."""
    expected: Counter[str] = Counter()
    for _, row in iter_rows(path):
        if row["schema"] in PARTY_SCHEMATA:
            expected[group_key(row)] += 1
        elif skipped is not None:
            skipped[row["schema"]] += 1
    open_groups: dict[str, list[Row]] = {}
    for _, row in iter_rows(path):
        if row["schema"] not in PARTY_SCHEMATA:
            continue
        key = group_key(row)
        rows = open_groups.setdefault(key, [])
        rows.append(row)
        if len(rows) >= expected[key]:
            del open_groups[key]
            yield _entity(key, rows)


def _entity(key: str, rows: list[Row]) -> Entity:
    props: dict[str, list[str]] = {}
    for row in rows:
        for column, cell in row.items():
            if column in _CONTEXT or not cell.strip():
                continue
            found = split_list(cell) if column in _MULTI else [" ".join(cell.split())]
            bucket = props.setdefault(column, [])
            bucket.extend(v for v in found if v not in bucket)
    data: dict[str, Any] = {"id": key, "schema": rows[0]["schema"], "properties": props}
    entity = map_party(data, LIST_NAME)
    for row in rows:
        _listing(entity, row)
        _registrations(entity, row.get("registrationNumber"))
    for address in entity.addresses:
        # the annexes end addresses with the country name ("..., Russian Federation")
        address.country = address.country or country_code(address.full.rsplit(",", 1)[-1])
        if address.country and address.country not in entity.countries:
            entity.countries.append(address.country)
    entity.raw = {"rows": [compact_raw(dict(row)) for row in rows]}
    return entity


def _listing(entity: Entity, row: Row) -> None:
    for value in (row["programKey"].strip(), f"833/2014 Annex {row['annex'].strip()}"):
        if value and value not in entity.programs:
            entity.programs.append(value)
    for column, prop in (("annex", "annex"), ("measure", "measure"), ("reason", "reason"),
                         ("celex", "celex")):
        value = " ".join(row.get(column, "").split())
        if value and value not in entity.properties.setdefault(prop, []):
            entity.properties[prop].append(value)
    listed = eu_date(row.get("startDate"))
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed


def _registrations(entity: Entity, cell: str | None) -> None:
    """"4345309407 (Tax ID/INN); 1234 (OGRN)": the label in brackets gives the type."""
    for part in split_list(cell):
        value, label = part, None
        if match := _LABELLED.match(part):
            value, label = match.group(1).strip(), match.group(2).strip()
        id_type = _ID_LABELS.get((label or "").casefold(), "registration")
        if any(i.type == id_type and i.value == value for i in entity.identifiers):
            continue
        entity.identifiers.append(Identifier(type=id_type, value=value,
                                             label=label or "registrationNumber"))


def eu_date(text: str | None) -> str | None:
    """ISO date of an Official Journal date ("21.5.2025") or an ISO one."""
    value = (text or "").strip()
    if match := _DMY.match(value):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    return iso_date(value) if value else None


def snapshot_date(path: Path) -> str | None:
    """The latest listing date not after today: the transcription carries no
    publication date, and the newest amendment it includes dates it best."""
    today = date.today().isoformat()
    found = [d for _, row in iter_rows(path) if (d := eu_date(row.get("startDate")))
             and d <= today]
    return max(found) if found else None
