"""OFAC classic XML (``sdn.xml``, non-SDN ``consolidated.xml``) to entities, streaming.

Both files share one schema (``sdn_xml.xsd``) but have shipped under several namespaces
over the years, so everything is matched on local names. ``Record_Count`` is checked at
the end: a file that parses but holds fewer entries than it announces is a damaged
download, and loading it would silently de-list parties.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from redline.errors import FormatError
from redline.model import Entity
from redline.sources.base import child_text, iterparse, local
from redline.sources.ofac.common import (
    ALIAS_KINDS,
    add_address,
    add_name,
    add_property,
    add_unique,
    compact_raw,
    new_entity,
    ofac_country,
    person_name,
    plain_name,
    schema_for,
    split_listed_name,
)
from redline.sources.ofac.dates import parse_birth_date, parse_publish_date
from redline.sources.ofac.labels import apply_fact

ROOT = "sdnList"
_LINKED_TO = re.compile(r"^Linked To:\s*(.+)$")
_VESSEL_FIELDS = {
    "vesselType": "type", "vesselFlag": "flag", "vesselOwner": "owner",
    "tonnage": "tonnage", "grossRegisteredTonnage": "grossRegisteredTonnage",
}


def root_name(path: Path) -> str | None:
    """Local name of the document element, read from the head of the file only."""
    for _event, elem in iterparse(path, events=("start",)):
        return local(elem.tag)
    return None


def is_classic(path: Path) -> bool:
    """Sniff: the UN list is also published as ``consolidated.xml`` (root CONSOLIDATED_LIST)."""
    try:
        return root_name(path) == ROOT
    except FormatError:
        return False


def publish_date(path: Path) -> str | None:
    """``Publish_Date`` (MM/DD/YYYY) as ISO, read without parsing the entries."""
    for _event, elem in iterparse(path, tags=("Publish_Date", "sdnEntry")):
        if local(elem.tag) == "sdnEntry":
            return None
        return parse_publish_date(elem.text)
    return None


def _to_raw(elem: etree._Element) -> Any:
    """The entry as plain JSON: lists for ``*List`` containers, text for leaves."""
    children = list(elem)
    if not children:
        return (elem.text or "").strip() or None
    if local(elem.tag).endswith("List"):
        return [_to_raw(child) for child in children]
    out: dict[str, Any] = {}
    for child in children:
        out[local(child.tag)] = _to_raw(child)
    return out


def _items(entry: etree._Element, container: str) -> Iterator[etree._Element]:
    for child in entry:
        if local(child.tag) == container:
            yield from child


def _texts(elem: etree._Element) -> dict[str, str]:
    return {local(c.tag): (c.text or "").strip() for c in elem if (c.text or "").strip()}


def map_entry(entry: etree._Element, list_name: str, path: Path) -> Entity:
    """One ``sdnEntry`` element to an Entity (raises FormatError naming the line)."""
    line = entry.sourceline
    uid = child_text(entry, "uid")
    if not uid:
        raise FormatError("sdnEntry without uid", path=path, line=line, field="uid")
    sdn_type = child_text(entry, "sdnType")
    schema = schema_for(sdn_type or "")
    if schema is None:
        raise FormatError(f"unknown sdnType {sdn_type!r} for uid {uid}", path=path, line=line,
                          field="sdnType")
    entity = new_entity(list_name, uid, schema)
    first, last = child_text(entry, "firstName"), child_text(entry, "lastName")
    if schema == "Person":
        add_name(entity, person_name(first, last, "primary"))
    else:
        add_name(entity, plain_name(" ".join(p for p in (first, last) if p), "primary"))
    if not entity.names:
        raise FormatError(f"entry {uid} has no name", path=path, line=line, field="lastName")
    for aka in _items(entry, "akaList"):
        fields = _texts(aka)
        kind = ALIAS_KINDS.get(fields.get("type", "").casefold(), "alias")
        if fields.get("category", "").casefold() == "weak":
            kind = "weak"
        if schema == "Person" and fields.get("firstName"):
            add_name(entity, person_name(fields.get("firstName"), fields.get("lastName"), kind))
        elif schema == "Person" and fields.get("lastName"):
            # weak a.k.a.s of persons come as one "LAST, First" string in lastName
            first, last = split_listed_name(fields["lastName"], schema)
            add_name(entity, person_name(first, last, kind))
        else:
            parts = (fields.get("firstName"), fields.get("lastName"))
            add_name(entity, plain_name(" ".join(p for p in parts if p), kind))
    add_property(entity, "position", child_text(entry, "title"))
    for program in _items(entry, "programList"):
        add_unique(entity.programs, (program.text or "").strip())
    for ident in _items(entry, "idList"):
        fields = _texts(ident)
        apply_fact(entity, fields.get("idType", ""), fields.get("idNumber"),
                   fields.get("idCountry"))
    for addr in _items(entry, "addressList"):
        fields = _texts(addr)
        add_address(
            entity, [fields.get("address1"), fields.get("address2"), fields.get("address3")],
            city=fields.get("city"), region=fields.get("stateOrProvince") or fields.get("region"),
            postal_code=fields.get("postalCode"), country=fields.get("country"),
        )
    for container in ("nationalityList", "citizenshipList"):
        for item in _items(entry, container):
            add_unique(entity.nationalities, ofac_country(child_text(item, "country")))
    for item in _items(entry, "dateOfBirthList"):
        date = parse_birth_date(child_text(item, "dateOfBirth"))
        if date is not None and date not in entity.birth_dates:
            entity.birth_dates.append(date)
    for item in _items(entry, "placeOfBirthList"):
        add_unique(entity.birth_places, child_text(item, "placeOfBirth"))
    for child in entry:
        if local(child.tag) == "vesselInfo":
            _vessel(entity, _texts(child))
    remarks = child_text(entry, "remarks")
    if remarks:
        entity.remarks = remarks
        for item in remarks.strip().strip("()").split("; "):
            if match := _LINKED_TO.match(item.strip()):
                add_property(entity, "linkedTo", match.group(1).strip().rstrip("."))
    entity.raw = compact_raw(_to_raw(entry))
    return entity


def _vessel(entity: Entity, fields: dict[str, str]) -> None:
    if fields.get("callSign"):
        apply_fact(entity, "Vessel Call Sign", fields["callSign"])
    for field, prop in _VESSEL_FIELDS.items():
        if prop == "flag":
            apply_fact(entity, "Vessel Flag", fields.get(field))
        else:
            add_property(entity, prop, fields.get(field))


def read_classic(path: Path, list_name: str) -> Iterator[Entity]:
    """Stream entities from a classic OFAC XML file in constant memory."""
    announced: int | None = None
    seen = 0
    root_checked = False
    for event, elem in iterparse(path, events=("start", "end")):
        if not root_checked:
            root_checked = True
            if local(elem.tag) != ROOT:
                raise FormatError(f"root element is {local(elem.tag)!r}, not {ROOT!r}: "
                                  "not an OFAC classic XML file", path=path, line=elem.sourceline)
        if event != "end":
            continue
        name = local(elem.tag)
        if name == "Record_Count" and elem.text and elem.text.strip().isdigit():
            announced = int(elem.text.strip())
        elif name == "sdnEntry":
            yield map_entry(elem, list_name, path)
            seen += 1
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    if announced is not None and announced != seen:
        raise FormatError(f"Record_Count says {announced} entries but the file holds {seen} "
                          "(damaged or edited file?)", path=path, field="Record_Count")
