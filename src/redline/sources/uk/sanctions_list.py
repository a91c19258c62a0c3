"""FCDO "UK Sanctions List" XML (``UK-Sanctions-List.xml``, published since 2022).

Written from the public layout (no real file is staged): a ``<Designations>`` root with
a ``<DateGenerated>`` (dd/mm/yyyy) and one ``<Designation>`` per listing, keyed by the
FCDO ``UniqueID`` (``RUS0001``). Each designation carries its names (HMT's six name
parts plus ``NameType`` / ``AliasStrength``), non-Latin names, addresses and a details
block per kind: ``IndividualDetails``, ``EntityDetails`` or ``ShipDetails`` (IMO
numbers, flags, owners). Element names are matched without namespace, and containers
are read by the child's own name so that singular/plural spellings seen in the wild
(``Passport`` / ``PassportDetail``) both work.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from redline.errors import FormatError, SourceError
from redline.model import Address, BirthDate, Entity, Identifier
from redline.sources.base import element_to_raw, iterparse, local
from redline.sources.ofac.common import add_identifier, add_name, add_property, add_unique
from redline.sources.uk.common import SCHEMATA, clean, hmt_name, language_code, name_kind, parse_dmy
from redline.sources.uk.countries import countries_in
from redline.sources.uk.extract import imo_numbers

LIST_NAME = "uk_sanctions_list"
ROOT = "Designations"
SOURCE_URL = "https://sanctionslist.fcdo.gov.uk/"
#: ShipDetails/Ship containers to FollowTheMoney Vessel properties.
_SHIP = {
    "CurrentBelievedFlagOfShips": "flag", "PreviousFlags": "pastFlags",
    "TypeOfShipDetails": "type", "TonnageOfShipDetails": "tonnage",
    "LengthOfShipDetails": "length", "YearsBuilt": "buildDate",
    "CurrentOwnerOperators": "owner", "PreviousOwnerOperators": "pastOwner",
    "HullIdentificationNumbers": "registrationNumber",
}


def _children(elem: etree._Element | None, name: str | None = None) -> list[etree._Element]:
    if elem is None:
        return []
    return [c for c in elem if isinstance(c.tag, str) and (name is None or local(c.tag) == name)]


def _child(elem: etree._Element | None, name: str) -> etree._Element | None:
    found = _children(elem, name)
    return found[0] if found else None


def _text(elem: etree._Element | None, name: str) -> str | None:
    found = _child(elem, name)
    return clean(found.text) if found is not None else None


def _values(elem: etree._Element | None, container: str) -> list[str]:
    """Texts of every child of ``container`` (``<DOBs><DOB>..</DOB></DOBs>``)."""
    return [v for v in (clean(c.text) for c in _children(_child(elem, container))) if v]


def _root_and_date(path: Path) -> tuple[str, str | None]:
    root_name, generated = "", None
    for event, elem in iterparse(path, events=("start", "end")):
        if event == "start" and not root_name:
            root_name = local(elem.tag)
            if root_name != ROOT:
                break
        elif event == "end" and local(elem.tag) == "DateGenerated":
            generated = clean(elem.text)
            break
        elif event == "end" and local(elem.tag) == "Designation":
            break
    return root_name, generated


def is_uk_sanctions_list(path: Path) -> bool:
    """Sniff: the root element is ``<Designations>``."""
    try:
        return _root_and_date(path)[0] == ROOT
    except SourceError:
        return False


def generated_date(path: Path) -> str | None:
    """ISO date of ``<DateGenerated>`` (dd/mm/yyyy or ISO in the file)."""
    try:
        return parse_dmy(_root_and_date(path)[1])
    except SourceError:
        return None


def read_uk_sanctions_list(path: Path) -> Iterator[Entity]:
    """Stream one Entity per ``<Designation>``."""
    for _, elem in iterparse(path, root=ROOT, what="a UK Sanctions List XML"):
        if local(elem.tag) != "Designation":
            continue
        yield _designation(elem, path)
        elem.clear()
        parent = elem.getparent()
        while parent is not None and elem.getprevious() is not None:
            del parent[0]


def _designation(elem: etree._Element, path: Path) -> Entity:
    line = elem.sourceline
    uid = _text(elem, "UniqueID")
    if not uid:
        raise FormatError("designation has no UniqueID", path=path, line=line, field="UniqueID")
    kind = _text(elem, "IndividualEntityShip") or ""
    schema = SCHEMATA.get(kind.casefold())
    if schema is None:
        raise FormatError(f"unknown IndividualEntityShip {kind!r} for {uid}", path=path, line=line,
                          field="IndividualEntityShip")
    entity = Entity(id=f"{LIST_NAME}:{uid}", list=LIST_NAME, source_id=uid, schema=schema,
                    source_url=SOURCE_URL)
    for name in _children(_child(elem, "Names")):
        parts = [_text(name, f"Name{i}") for i in range(1, 7)]
        add_name(entity, hmt_name(parts, name_kind(_text(name, "NameType"), _text(name, "AliasStrength")),
                                  schema))
    for name in _children(_child(elem, "NonLatinNames")):
        value = _text(name, "NameNonLatinScript")
        add_name(entity, hmt_name([None, None, None, None, None, value], "original", "Organization",
                                  lang=language_code(_text(name, "NonLatinScriptLanguage"))))
    if not entity.names:
        raise FormatError(f"designation {uid} has no name", path=path, line=line, field="Names")
    entity.names.sort(key=lambda n: n.kind != "primary")
    add_unique(entity.programs, _text(elem, "RegimeName"))
    entity.listed_on = parse_dmy(_text(elem, "DateDesignated"))
    entity.remarks = "\n".join(t for t in (_text(elem, "OtherInformation"),
                                           _text(elem, "UKStatementofReasons")) if t) or None
    for prop, tag in (("ofsiGroupId", "OFSIGroupID"), ("unscId", "UNReferenceNumber"),
                      ("authority", "DesignationSource")):
        add_property(entity, prop, _text(elem, tag))
    for provision in (_text(elem, "SanctionsImposed") or "").split("|"):
        add_property(entity, "provisions", clean(provision))
    add_property(entity, "modifiedAt", parse_dmy(_text(elem, "LastUpdated")))
    for title in _values(elem, "Titles"):
        add_property(entity, "title", title)
    for prop, container in (("phone", "PhoneNumbers"), ("email", "EmailAddresses"), ("website", "Websites")):
        for value in _values(elem, container):
            add_property(entity, prop, value)
    _addresses(entity, elem)
    for person in _children(_child(elem, "IndividualDetails")):
        _individual(entity, person)
    for company in _children(_child(elem, "EntityDetails")):
        for number in _values(company, "BusinessRegistrationNumbers"):
            add_identifier(entity, Identifier(type="registration", value=number,
                                              label="Business Registration Number"))
        for prop, container in (("legalForm", "TypeOfEntities"), ("parent", "ParentCompanies"),
                                ("subsidiaries", "Subsidiaries")):
            for value in _values(company, container):
                add_property(entity, prop, value)
    for ship in _children(_child(elem, "ShipDetails")):
        _ship(entity, ship)
    entity.raw = _to_raw(elem)
    return entity


def _addresses(entity: Entity, elem: etree._Element) -> None:
    for addr in _children(_child(elem, "Addresses")):
        lines = [v for v in (_text(addr, f"AddressLine{i}") for i in range(1, 7)) if v]
        postal, country = _text(addr, "AddressPostalCode"), _text(addr, "AddressCountry")
        codes = countries_in(country)
        for code in codes:
            add_unique(entity.countries, code)
        if lines or postal:
            full = ", ".join([*lines, *(p for p in (postal, country) if p)])
            entity.addresses.append(Address(full=full, postal_code=postal,
                                            country=codes[0] if len(codes) == 1 else None))


def _individual(entity: Entity, person: etree._Element) -> None:
    for dob in _values(person, "DOBs"):
        iso = parse_dmy(dob)
        if iso and all(b.value != iso for b in entity.birth_dates):
            entity.birth_dates.append(BirthDate(value=iso))
    for nationality in _values(person, "Nationalities"):
        for code in countries_in(nationality):
            add_unique(entity.nationalities, code)
    for prop, container in (("position", "Positions"), ("gender", "Genders")):
        for value in _values(person, container):
            add_property(entity, prop, value.casefold() if prop == "gender" else value)
    for location in _children(_child(person, "BirthDetails")):
        place = ", ".join(p for p in (_text(location, "TownOfBirth"), _text(location, "CountryOfBirth")) if p)
        add_unique(entity.birth_places, place)
    for container, id_type in (("PassportDetails", "passport"), ("NationalIdentifierDetails", "national_id")):
        for doc in _children(_child(person, container)):
            numbers = [c for c in _children(doc) if local(c.tag).endswith("Number")]
            for number in numbers:
                text = clean(number.text)
                if text:
                    add_identifier(entity, Identifier(type=id_type, value=text, label=local(number.tag)))


def _ship(entity: Entity, ship: etree._Element) -> None:
    for value in _values(ship, "IMONumbers"):
        numbers = imo_numbers(value if value.upper().startswith("IMO") else f"IMO {value}") or [value]
        for number in numbers:
            add_identifier(entity, Identifier(type="imo", value=number, label="IMONumber"))
            add_property(entity, "imoNumber", number)
    for container, prop in _SHIP.items():
        for value in _values(ship, container):
            if prop in ("flag", "pastFlags"):
                # FollowTheMoney flags are countries; keep the words when they name none.
                codes = countries_in(value)
                for code in codes if prop == "flag" else []:
                    add_unique(entity.countries, code)
                for code in codes or [value]:
                    add_property(entity, prop, code)
            else:
                add_property(entity, prop, value)


def _to_raw(elem: etree._Element) -> Any:
    return element_to_raw(elem, lambda leaf: clean(leaf.text))
