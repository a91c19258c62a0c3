"""UN Security Council Consolidated List XML (``consolidated.xml``).

Root ``<CONSOLIDATED_LIST dateGenerated=..>`` with ``<INDIVIDUALS>`` and ``<ENTITIES>``;
every fact is element text. Names come in up to four parts in reading order plus a
``NAME_ORIGINAL_SCRIPT`` (often Arabic); alias quality "Low" is the UN's weak alias.
Countries are written out ("Democratic People's Republic of Korea") and sometimes as
prose, so they go through the free-text country reader. The UN publishes no page per
entry in the file, so ``source_url`` stays empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from redline.errors import FormatError, SourceError
from redline.model import Address, BirthDate, Entity, Identifier, Name
from redline.sources.base import element_to_raw, iterparse, local
from redline.sources.ofac.common import add_identifier, add_name, add_property, add_unique
from redline.sources.uk.countries import countries_in
from redline.sources.uk.extract import imo_numbers
from redline.text.scripts import detect_script

LIST_NAME = "un_sc"
ROOT = "CONSOLIDATED_LIST"
SCHEMATA = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}
ALIAS_KINDS = {"good": "alias", "a.k.a.": "alias", "low": "weak", "f.k.a.": "former"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _text(elem: etree._Element | None) -> str | None:
    if elem is None:
        return None
    value = " ".join((elem.text or "").split())
    return value or None


def _fields(elem: etree._Element) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for child in elem:
        if isinstance(child.tag, str):
            out.setdefault(local(child.tag), []).append(child)
    return out


def _first(fields: dict[str, list[etree._Element]], name: str) -> str | None:
    found = fields.get(name)
    return _text(found[0]) if found else None


def _values(fields: dict[str, list[etree._Element]], name: str) -> list[str]:
    """Texts of ``<NAME><VALUE>..</VALUE></NAME>`` lists."""
    out: list[str] = []
    for holder in fields.get(name, []):
        for value in holder:
            text = _text(value)
            if text:
                out.append(text)
    return out


def _head(path: Path) -> etree._Element | None:
    for _event, elem in iterparse(path, events=("start",)):
        return elem
    return None


def is_un_consolidated(path: Path) -> bool:
    """Sniff: root element ``<CONSOLIDATED_LIST>``."""
    try:
        root = _head(path)
    except SourceError:
        return False
    return root is not None and local(root.tag) == ROOT


def date_generated(path: Path) -> str | None:
    """``YYYY-MM-DD`` of the root ``dateGenerated``."""
    try:
        root = _head(path)
    except SourceError:
        return None
    value = root.get("dateGenerated") if root is not None else None
    return value[:10] if value and _ISO_DATE.match(value) else None


def read_un(path: Path) -> Iterator[Entity]:
    """Stream one Entity per ``<INDIVIDUAL>`` and ``<ENTITY>``."""
    for _, elem in iterparse(path, root=ROOT, what="a UN consolidated list"):
        tag = local(elem.tag)
        if tag not in SCHEMATA:
            continue
        yield _entity(elem, SCHEMATA[tag], path)
        elem.clear()
        parent = elem.getparent()
        while parent is not None and elem.getprevious() is not None:
            del parent[0]


def _entity(elem: etree._Element, schema: str, path: Path) -> Entity:
    line = elem.sourceline
    fields = _fields(elem)
    uid = _first(fields, "DATAID")
    if not uid or not uid.isdigit():
        raise FormatError(f"DATAID {uid!r} is missing or not a number", path=path, line=line, field="DATAID")
    entity = Entity(id=f"{LIST_NAME}:{uid}", list=LIST_NAME, source_id=uid, schema=schema)
    parts = [_first(fields, f) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    words = [p for p in parts if p]
    if not words:
        raise FormatError(f"DATAID {uid} has no name", path=path, line=line, field="FIRST_NAME")
    value = " ".join(words)
    name = Name(value=value, kind="primary", script=detect_script(value))
    if schema == "Person" and len(words) > 1:
        name.first, name.middle, name.last = words[0], " ".join(words[1:-1]) or None, words[-1]
    add_name(entity, name)
    original = _first(fields, "NAME_ORIGINAL_SCRIPT")
    if original:
        add_name(entity, Name(value=original, kind="original", script=detect_script(original)))
    for alias in fields.get("INDIVIDUAL_ALIAS", []) + fields.get("ENTITY_ALIAS", []):
        alias_fields = _fields(alias)
        alias_name = _first(alias_fields, "ALIAS_NAME")
        if alias_name:
            quality = (_first(alias_fields, "QUALITY") or "").casefold()
            kind = ALIAS_KINDS.get(quality, "alias")
            add_name(entity, Name(value=alias_name, kind=kind, script=detect_script(alias_name)))
    add_unique(entity.programs, _first(fields, "UN_LIST_TYPE"))
    entity.listed_on = _iso(_first(fields, "LISTED_ON"))
    entity.remarks = _first(fields, "COMMENTS1")
    add_property(entity, "unscId", _first(fields, "REFERENCE_NUMBER"))
    gender = _first(fields, "GENDER")
    add_property(entity, "gender", gender.casefold() if gender else None)
    for title in _values(fields, "TITLE"):
        add_property(entity, "title", title)
    for position in _values(fields, "DESIGNATION"):
        add_property(entity, "position", position)
    updated = _values(fields, "LAST_DAY_UPDATED")
    add_property(entity, "modifiedAt", max((_iso(u) or "" for u in updated), default="") or None)
    for nationality in _values(fields, "NATIONALITY"):
        for code in countries_in(nationality):
            add_unique(entity.nationalities, code)
    for dob in fields.get("INDIVIDUAL_DATE_OF_BIRTH", []):
        _birth_date(entity, _fields(dob))
    for place in fields.get("INDIVIDUAL_PLACE_OF_BIRTH", []):
        pf = _fields(place)
        text = ", ".join(p for p in (_first(pf, k) for k in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")) if p)
        add_unique(entity.birth_places, text)
    for address in fields.get("INDIVIDUAL_ADDRESS", []) + fields.get("ENTITY_ADDRESS", []):
        _address(entity, _fields(address))
    for document in fields.get("INDIVIDUAL_DOCUMENT", []):
        _document(entity, _fields(document))
    for number in imo_numbers(entity.remarks):
        add_identifier(entity, Identifier(type="imo", value=number, label="IMO number (COMMENTS1)"))
        add_property(entity, "imoNumber", number)
    entity.raw = _raw(elem)
    return entity


def _iso(value: str | None) -> str | None:
    """Leading ISO date of a value (the UN sometimes appends a time or zone)."""
    if not value:
        return None
    match = _ISO_DATE.match(value)
    if not match:
        return None
    return "-".join(p for p in match.groups() if p)


def _birth_date(entity: Entity, fields: dict[str, list[etree._Element]]) -> None:
    kind = (_first(fields, "TYPE_OF_DATE") or "").upper()
    note = (_first(fields, "NOTE") or "").casefold()
    circa = kind == "APPROXIMATELY" or "approx" in note
    found: BirthDate | None = None
    start, end = _first(fields, "FROM_YEAR"), _first(fields, "TO_YEAR")
    if kind == "BETWEEN" and start:
        found = BirthDate(value=start, end=end if end and end != start else None, circa=circa)
    else:
        value = _iso(_first(fields, "DATE")) or _first(fields, "YEAR")
        if value:
            found = BirthDate(value=value, circa=circa)
        elif start:
            found = BirthDate(value=start, end=end if end and end != start else None, circa=circa)
    if found and found not in entity.birth_dates:
        entity.birth_dates.append(found)


def _address(entity: Entity, fields: dict[str, list[etree._Element]]) -> None:
    street, city, region, postal, country = (
        _first(fields, k) for k in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
    codes = countries_in(country)
    for code in codes:
        add_unique(entity.countries, code)
    if not any((street, city, region, postal)):
        return
    note = _first(fields, "NOTE")
    full = ", ".join(p for p in (street, city, region, postal, country, note) if p)
    found = Address(full=full, city=city, region=region, postal_code=postal,
                    country=codes[0] if len(codes) == 1 else None)
    if found not in entity.addresses:
        entity.addresses.append(found)


def _document(entity: Entity, fields: dict[str, list[etree._Element]]) -> None:
    number = _first(fields, "NUMBER")
    if not number:
        return
    kind, detail = _first(fields, "TYPE_OF_DOCUMENT"), _first(fields, "TYPE_OF_DOCUMENT2")
    words = f"{kind or ''} {detail or ''}".casefold()
    if any(w in words for w in ("passport", "pasaporte", "passeport")):
        id_type = "passport"
    elif "social security" in words:
        id_type = "ssn"
    elif "driver" in words:
        id_type = "driver_license"
    elif "identi" in words:
        id_type = "national_id"
    else:
        id_type = "other"
    codes = countries_in(_first(fields, "ISSUING_COUNTRY") or _first(fields, "COUNTRY_OF_ISSUE"))
    label = " / ".join(p for p in (kind, detail) if p) or None
    add_identifier(entity, Identifier(type=id_type, value=number, country=codes[0] if codes else None,
                                      label=label))


def _raw(elem: etree._Element) -> Any:
    return element_to_raw(elem, _text)
