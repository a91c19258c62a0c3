"""EU Financial Sanctions Files (FSF) XML, schema v1.1.

Root ``<export generationDate=.. globalFileId=..>`` in namespace
``http://eu.europa.ec/fpi/fsd/export``; one ``<sanctionEntity>`` per listing with
attributes carrying most facts (names, dates and documents are attributes, not text).
Every detail element repeats a ``<regulationSummary>``; only the entity's own
``<regulation>`` says the programme and the act that listed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from redline.errors import FormatError, SourceError
from redline.model import Address, BirthDate, Entity, Identifier, Name
from redline.sources.base import iterparse, local
from redline.sources.ofac.common import add_identifier, add_name, add_property, add_unique, compact_raw
from redline.text.countries import country_code
from redline.text.scripts import detect_script

LIST_NAME = "eu_fsf"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
SCHEMATA = {"person": "Person", "enterprise": "Organization"}
#: identificationTypeCode to redline identifier types; the EU description is kept as label.
ID_TYPES = {
    "passport": "passport", "id": "national_id", "regnumber": "registration",
    "fiscalcode": "tax_id", "swiftbic": "bic", "imo": "imo", "drivinglicence": "driver_license",
    "ssn": "ssn", "travelcardid": "passport",
}
CONTACT_PROPS = {"EMAIL": "email", "PHONE": "phone", "FAX": "phone", "WEB": "website"}
_UNKNOWN_COUNTRY = {"", "00"}
_GENDERS = {"M": "male", "F": "female"}


def _attr(elem: etree._Element, name: str) -> str | None:
    value = " ".join((elem.get(name) or "").split())
    return value or None


def _country(elem: etree._Element) -> str | None:
    """ISO code from ``countryIso2Code`` ("00" means unknown), else from the description."""
    code = (elem.get("countryIso2Code") or "").strip()
    if code not in _UNKNOWN_COUNTRY:
        return country_code(code) or code.lower()
    description = _attr(elem, "countryDescription")
    return country_code(description) if description and description != "UNKNOWN" else None


def _root(path: Path) -> etree._Element | None:
    for _event, elem in iterparse(path, events=("start",)):
        return elem
    return None


def is_eu_fsf(path: Path) -> bool:
    """Sniff: root ``<export>`` in the EU FSF namespace (reads only the start of the file)."""
    try:
        root = _root(path)
    except SourceError:
        return False
    return root is not None and root.tag == f"{{{NAMESPACE}}}export"


def generation_date(path: Path) -> str | None:
    """``YYYY-MM-DD`` of the root ``generationDate``."""
    try:
        root = _root(path)
    except SourceError:
        return None
    value = root.get("generationDate") if root is not None else None
    return value[:10] if value and len(value) >= 10 else None


def read_fsf(path: Path) -> Iterator[Entity]:
    """Stream one Entity per ``logicalId``.

    The EU repeats a ``<sanctionEntity>`` with the same ``logicalId`` once per
    programme that lists it (Taliban members under AFG and TAQA), not always next to
    each other. A first, cheap pass counts the ids; repeated ones are held until their
    last copy and merged, so memory stays bounded by the few repeated entries.
    """
    copies = _id_counts(path)
    held: dict[str, list[Entity]] = {}
    for elem in _entity_elements(path):
        entity = _entity(elem, path)
        expected = copies.get(entity.source_id, 1)
        if expected == 1:
            yield entity
            continue
        parts = held.setdefault(entity.source_id, [])
        parts.append(entity)
        if len(parts) == expected:
            yield merge(held.pop(entity.source_id))


def _entity_elements(path: Path) -> Iterator[etree._Element]:
    """Each complete ``<sanctionEntity>``, cleared after use to keep memory constant."""
    for _, elem in iterparse(path, root="export", what="an EU Financial Sanctions File"):
        if local(elem.tag) != "sanctionEntity":
            continue
        yield elem
        elem.clear()
        parent = elem.getparent()
        while parent is not None and elem.getprevious() is not None:
            del parent[0]


def _id_counts(path: Path) -> dict[str, int]:
    """How often each ``logicalId`` occurs, only for those that occur more than once."""
    counts: dict[str, int] = {}
    for event, elem in iterparse(path, events=("start", "end")):
        if event == "start" and local(elem.tag) == "sanctionEntity":
            uid = (elem.get("logicalId") or "").strip()
            counts[uid] = counts.get(uid, 0) + 1
        elif event == "end" and local(elem.tag) == "sanctionEntity":
            elem.clear()
            parent = elem.getparent()
            while parent is not None and elem.getprevious() is not None:
                del parent[0]
    return {uid: n for uid, n in counts.items() if n > 1}


def merge(parts: list[Entity]) -> Entity:
    """One entity from the copies the EU publishes per programme; the first copy leads."""
    entity = parts[0]
    for other in parts[1:]:
        for name in other.names:
            if any(known.value == name.value for known in entity.names):
                continue
            if name.kind == "primary":
                name.kind = "alias"
            entity.names.append(name)
        for attr in ("birth_dates", "birth_places", "nationalities", "countries", "addresses", "programs"):
            target = getattr(entity, attr)
            for value in getattr(other, attr):
                if value not in target:
                    target.append(value)
        for ident in other.identifiers:
            add_identifier(entity, ident)
        for key, values in other.properties.items():
            for value in values:
                add_property(entity, key, value)
        if other.listed_on and (entity.listed_on is None or other.listed_on < entity.listed_on):
            entity.listed_on = other.listed_on
        if other.remarks and other.remarks not in (entity.remarks or ""):
            entity.remarks = "\n".join(r for r in (entity.remarks, other.remarks) if r)
        entity.source_url = entity.source_url or other.source_url
    entity.raw = {**entity.raw, "copies": [p.raw for p in parts[1:]]}
    return entity


def _children(elem: etree._Element) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for child in elem:
        if isinstance(child.tag, str):
            out.setdefault(local(child.tag), []).append(child)
    return out


def _entity(elem: etree._Element, path: Path) -> Entity:
    line = elem.sourceline
    uid = _attr(elem, "logicalId")
    if not uid:
        raise FormatError("sanctionEntity has no logicalId", path=path, line=line, field="logicalId")
    parts = _children(elem)
    subject = parts.get("subjectType", [None])[0]
    code = (subject.get("code") or "").strip() if subject is not None else ""
    schema = SCHEMATA.get(code)
    if schema is None:
        raise FormatError(f"unknown subjectType {code!r} for logicalId {uid}", path=path, line=line,
                          field="subjectType")
    entity = Entity(id=f"{LIST_NAME}:{uid}", list=LIST_NAME, source_id=uid, schema=schema)
    for index, alias in enumerate(parts.get("nameAlias", [])):
        _name(entity, alias, "primary" if index == 0 else "alias")
    if not entity.names:
        raise FormatError(f"logicalId {uid} has no name", path=path, line=line, field="nameAlias")
    for regulation in parts.get("regulation", []):
        add_unique(entity.programs, _attr(regulation, "programme"))
        entity.listed_on = entity.listed_on or _attr(regulation, "publicationDate")
        url = regulation.find(f"{{{NAMESPACE}}}publicationUrl")
        if url is None:
            url = next((c for c in regulation if local(c.tag) == "publicationUrl"), None)
        entity.source_url = entity.source_url or (" ".join((url.text or "").split()) or None
                                                  if url is not None else None)
    # The designation date, where given, is when the EU listed the party; the
    # regulation publication date is the fallback the older entries need.
    entity.listed_on = _attr(elem, "designationDate") or entity.listed_on
    add_property(entity, "euReferenceNumber", _attr(elem, "euReferenceNumber"))
    add_property(entity, "unscId", _attr(elem, "unitedNationId"))
    remarks = [_attr(elem, "designationDetails")]
    remarks += [" ".join((r.text or "").split()) for r in parts.get("remark", [])]
    entity.remarks = "\n".join(r for r in remarks if r) or None
    for citizenship in parts.get("citizenship", []):
        add_unique(entity.nationalities, _country(citizenship))
    for birth in parts.get("birthdate", []):
        _birth(entity, birth)
    for address in parts.get("address", []):
        _address(entity, address)
    for ident in parts.get("identification", []):
        _identifier(entity, ident)
    entity.raw = _raw(elem)
    return entity


def _name(entity: Entity, alias: etree._Element, kind: str) -> None:
    first, middle, last = (_attr(alias, k) for k in ("firstName", "middleName", "lastName"))
    value = _attr(alias, "wholeName") or " ".join(p for p in (first, middle, last) if p)
    if not value:
        return
    if (alias.get("strong") or "true").strip().lower() == "false":
        kind = "weak"
    lang = (_attr(alias, "nameLanguage") or "").lower() or None
    add_name(entity, Name(value=value, kind=kind, script=detect_script(value), lang=lang,
                          first=first, middle=middle, last=last))
    add_property(entity, "title", _attr(alias, "title"))
    add_property(entity, "position", _attr(alias, "function"))
    add_property(entity, "gender", _GENDERS.get(alias.get("gender") or ""))


def _birth(entity: Entity, birth: etree._Element) -> None:
    circa = (birth.get("circa") or "").strip().lower() == "true"
    full = _attr(birth, "birthdate")
    year, month, day = (_attr(birth, k) for k in ("year", "monthOfYear", "dayOfMonth"))
    start, end = _attr(birth, "yearRangeFrom"), _attr(birth, "yearRangeTo")
    value: str | None = None
    if full:
        value = full
    elif year and year.isdigit():
        value = f"{int(year):04d}"
        if month and month.isdigit() and 1 <= int(month) <= 12:
            value += f"-{int(month):02d}"
            if day and day.isdigit() and 1 <= int(day) <= 31:
                value += f"-{int(day):02d}"
    elif start:
        value = start
    if value:
        found = BirthDate(value=value, end=end if start and end and end != start else None, circa=circa)
        if found not in entity.birth_dates:
            entity.birth_dates.append(found)
    country = _country(birth)
    place_country = _attr(birth, "countryDescription") if country else None
    place = ", ".join(p for p in (_attr(birth, "place"), _attr(birth, "city"), _attr(birth, "region"),
                                  place_country) if p)
    add_unique(entity.birth_places, place)


def _address(entity: Entity, address: etree._Element) -> None:
    country = _country(address)
    add_unique(entity.countries, country)
    street, po_box, city, postal, region, place = (
        _attr(address, k) for k in ("street", "poBox", "city", "zipCode", "region", "place"))
    for contact in address:
        if isinstance(contact.tag, str) and local(contact.tag) == "contactInfo":
            prop = CONTACT_PROPS.get((contact.get("key") or "").upper())
            if prop:
                add_property(entity, prop, _attr(contact, "value"))
    if not any((street, po_box, city, postal, region, place)):
        return
    description = _attr(address, "countryDescription") if country else None
    full = ", ".join(p for p in (street, po_box and f"PO Box {po_box}", place, city, region, postal,
                                 description) if p)
    found = Address(full=full, city=city, region=region, postal_code=postal, country=country)
    if found not in entity.addresses:
        entity.addresses.append(found)


def _identifier(entity: Entity, ident: etree._Element) -> None:
    code = (ident.get("identificationTypeCode") or "").strip().lower()
    id_type = ID_TYPES.get(code, "other")
    label = _attr(ident, "identificationTypeDescription") or code or None
    country = _country(ident)
    for number in dict.fromkeys(n for n in (_attr(ident, "number"), _attr(ident, "latinNumber")) if n):
        add_identifier(entity, Identifier(type=id_type, value=number, country=country, label=label))
        if id_type == "imo":
            add_property(entity, "imoNumber", number)


def _raw(elem: etree._Element) -> Any:
    """Attributes and remarks of the entity and its details, without the repeated summaries."""
    out: dict[str, Any] = dict(elem.attrib)
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if name == "regulationSummary":
            continue
        if name in ("remark", "publicationUrl"):
            value: Any = " ".join((child.text or "").split())
        else:
            value = _raw(child)
        current = out.get(name)
        if not isinstance(current, list):
            # an attribute and a child element may share a name: keep both values
            out[name] = [] if current is None else [current]
        out[name].append(value)
    return compact_raw(out)
