"""BIS Denied Persons List, the official ``dpl.txt`` (tab-separated, quoted).

The file has one row per (party, address, order): "AL NASER AIRLINES" appears four
times, once per address. Rows are grouped by their normalised name into one Entity
with every address, order citation and date kept. Grouping by name + FR citation
was rejected: BIS appends later notices to some rows of a party and not others, so
that key would split one party into several. Two different parties with exactly the
same name would merge; for screening that is harmless (the name evidence is the same,
and every address stays on the entity for the analyst).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from redline.errors import FormatError
from redline.model import Address, Entity
from redline.sources.csl.common import name_key, party_schema, required_rows, short_hash, us_date
from redline.sources.csl.sniff import header_columns
from redline.sources.ofac.common import add_name, add_property, add_unique, compact_raw, plain_name
from redline.text.countries import country_code

DPL_LIST = "us_bis_dpl"
REQUIRED = ("Name", "Country", "Effective_Date", "FR_Citation")
SOURCE_URL = ("https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
              "denied-persons-list")
_PROPS = {"Expiration_Date": "endDate", "Standard_Order": "standardOrder",
          "FR_Citation": "federalRegisterNotice", "Action": "action",
          "Last_Update": "modifiedAt"}

Row = dict[str, str]


def is_dpl(path: Path) -> bool:
    return set(REQUIRED) <= set(header_columns(path, delimiter="\t"))


def iter_dpl_rows(path: Path) -> Iterator[tuple[int, Row]]:
    for line, row in required_rows(path, REQUIRED, "a BIS Denied Persons List file", delimiter="\t"):
        if not row["Name"].strip():
            raise FormatError("row without a name", path=path, line=line, field="Name")
        yield line, row


def read_dpl(path: Path) -> Iterator[Entity]:
    """One Entity per denied party (rows grouped by name, emitted when complete)."""
    expected = Counter(name_key(row["Name"]) for _, row in iter_dpl_rows(path))
    open_groups: dict[str, tuple[Entity, int]] = {}
    for _, row in iter_dpl_rows(path):
        key = name_key(row["Name"])
        entity, seen = open_groups.pop(key, (None, 0))
        if entity is None:
            uid = short_hash(key)
            entity = Entity(id=f"{DPL_LIST}:{uid}", list=DPL_LIST, source_id=uid,
                            schema=party_schema(None, row["Name"]), programs=["DPL"],
                            source_url=SOURCE_URL, raw={"rows": []})
        _apply(entity, row)
        if seen + 1 >= expected[key]:
            yield entity
        else:
            open_groups[key] = (entity, seen + 1)


def _apply(entity: Entity, row: Row) -> None:
    if all(name_key(n.value) != name_key(row["Name"]) for n in entity.names):
        add_name(entity, plain_name(row["Name"], "primary" if not entity.names else "alias"))
    code = country_code(row["Country"]) if row["Country"].strip() else None
    add_unique(entity.countries, code)
    parts = [row.get(k, "").strip() for k in ("Street_Address", "City", "State",
                                               "Postal_Code", "Country")]
    full = ", ".join(p for p in parts if p)
    if full:
        address = Address(full=full, city=parts[1] or None, region=parts[2] or None,
                          postal_code=parts[3] or None, country=code)
        if address not in entity.addresses:
            entity.addresses.append(address)
    listed = us_date(row["Effective_Date"])
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed
    for column, prop in _PROPS.items():
        value = " ".join(row.get(column, "").split())
        if column in ("Expiration_Date", "Last_Update"):
            value = us_date(value) or value
        add_property(entity, prop, value or None)
    entity.raw["rows"].append(compact_raw(dict(row)))


def dpl_snapshot_date(path: Path) -> str | None:
    """The latest ``Last_Update``: BIS stamps every changed row, so the newest stamp
    dates the file to within one publication. Stamps after today are typing errors
    (the 2022-09 file has "2922-09-01") and are ignored."""
    today = date.today().isoformat()
    dates = [d for _, row in iter_dpl_rows(path)
             if (d := us_date(row.get("Last_Update"))) and d <= today]
    return max(dates) if dates else None
