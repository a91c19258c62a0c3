"""The lookup sections of OFAC Advanced XML: reference values, locations, documents, entries.

Advanced XML is normalised: a party says ``AliasTypeID="1400"`` or ``LocationID="25"``
and the meaning sits in other sections. Those sections are small next to the parties
(reference values, locations, documents and sanctions entries are a few MB of a ~120 MB
file), so they are collected into plain dicts in a first pass; the parties themselves
are then streamed in a second pass and never held together.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from redline.model import BirthDate
from redline.sources.base import iterparse, local
from redline.sources.ofac.common import ofac_country


def children(elem: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in elem if local(c.tag) == name]


def first_child(elem: etree._Element, name: str) -> etree._Element | None:
    for child in elem:
        if local(child.tag) == name:
            return child
    return None


def free(elem: etree._Element) -> None:
    """Drop a consumed element and its already-consumed siblings: constant memory."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def text_of(elem: etree._Element | None) -> str | None:
    if elem is None:
        return None
    text = " ".join((elem.text or "").split())
    return text or None


@dataclass
class Location:
    parts: dict[str, str] = field(default_factory=dict)
    country: str | None = None
    country_name: str | None = None

    def text(self) -> str:
        values = [v for k, v in self.parts.items() if k != "unknown"] or list(self.parts.values())
        if self.country_name:
            values.append(self.country_name)
        return ", ".join(values)


@dataclass
class Document:
    type: str
    number: str
    country: str | None


@dataclass
class Lookups:
    """Everything the party pass needs to resolve ids; filled by ``collect``."""

    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    attributes: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    documents: dict[str, list[Document]] = field(default_factory=dict)
    programs: dict[str, list[str]] = field(default_factory=dict)
    listed_on: dict[str, str] = field(default_factory=dict)
    date_of_issue: str | None = None

    def value(self, table: str, ref: str | None) -> str | None:
        return self.tables.get(table, {}).get(ref or "")

    def attr(self, table: str, ref: str | None, name: str) -> str | None:
        return self.attributes.get(table, {}).get(ref or "", {}).get(name)

    def country(self, ref: str | None) -> str | None:
        """ISO code of a CountryID, from its ISO2 attribute or else its name."""
        iso2 = self.attr("Country", ref, "ISO2")
        if iso2:
            return ofac_country(iso2)
        return ofac_country(self.value("Country", ref))


def date_point(elem: etree._Element | None) -> date | None:
    """A From/To/Date element (Year, Month, Day children) as a date, if it is one."""
    if elem is None:
        return None
    try:
        year = int(text_of(first_child(elem, "Year")) or "")
        month = int(text_of(first_child(elem, "Month")) or "1")
        day = int(text_of(first_child(elem, "Day")) or "1")
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _boundary(period: etree._Element, name: str, first: str, second: str) -> date | None:
    elem = first_child(period, name)
    if elem is None:
        return None
    return date_point(first_child(elem, first)) or date_point(first_child(elem, second))


def _last_of_month(value: date) -> bool:
    return value.day == calendar.monthrange(value.year, value.month)[1]


def date_period(period: etree._Element | None) -> BirthDate | None:
    """A DatePeriod as a BirthDate at the precision OFAC meant.

    OFAC writes a year-only date as 1 Jan to 31 Dec of that year and a range as the
    span between two such boundaries, so the precision is read back from the span.
    """
    if period is None:
        return None
    start = _boundary(period, "Start", "From", "To")
    end = _boundary(period, "End", "To", "From")
    start, end = start or end, end or start
    if start is None or end is None:
        return None
    circa = any(
        (e.get("Approximate") or "").lower() == "true"
        for e in (first_child(period, "Start"), first_child(period, "End")) if e is not None
    )
    if start == end:
        return BirthDate(start.isoformat(), circa=circa)
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        first, last = f"{start.year:04d}", f"{end.year:04d}"
    elif start.day == 1 and _last_of_month(end):
        first, last = f"{start.year:04d}-{start.month:02d}", f"{end.year:04d}-{end.month:02d}"
    else:
        first, last = start.isoformat(), end.isoformat()
    return BirthDate(first, end=None if first == last else last, circa=circa)


def _read_tables(elem: etree._Element, lookups: Lookups) -> None:
    for values in elem:
        table = local(values.tag).removesuffix("Values")
        rows = lookups.tables.setdefault(table, {})
        attrs = lookups.attributes.setdefault(table, {})
        for item in values:
            ref = item.get("ID")
            if ref is None:
                continue
            rows[ref] = text_of(item) or ""
            attrs[ref] = {k: v for k, v in item.attrib.items() if k not in ("ID", "DeltaAction")}


def _read_location(elem: etree._Element, lookups: Lookups) -> None:
    loc = Location()
    for country in children(elem, "LocationCountry"):
        loc.country = lookups.country(country.get("CountryID"))
        loc.country_name = lookups.value("Country", country.get("CountryID"))
    for area in children(elem, "LocationAreaCode"):
        country_id = lookups.attr("AreaCode", area.get("AreaCodeID"), "CountryID")
        if country_id and loc.country is None:
            loc.country = lookups.country(country_id)
            loc.country_name = lookups.value("Country", country_id)
    for part in children(elem, "LocationPart"):
        kind = (lookups.value("LocPartType", part.get("LocPartTypeID")) or "unknown").casefold()
        values = children(part, "LocationPartValue")
        primary = [v for v in values if v.get("Primary") == "true"]
        chosen = (primary or values or [None])[0]
        text = text_of(first_child(chosen, "Value")) if chosen is not None else None
        if text:
            loc.parts[kind] = text
    lookups.locations[elem.get("ID") or ""] = loc


def _read_document(elem: etree._Element, lookups: Lookups) -> None:
    number = text_of(first_child(elem, "IDRegistrationNo"))
    doc_type = lookups.value("IDRegDocType", elem.get("IDRegDocTypeID"))
    if not number or not doc_type:
        return
    doc = Document(doc_type, number, lookups.country(elem.get("IssuedBy-CountryID")))
    lookups.documents.setdefault(elem.get("IdentityID") or "", []).append(doc)


def _read_entry(elem: etree._Element, lookups: Lookups) -> None:
    profile = elem.get("ProfileID") or ""
    programs = lookups.programs.setdefault(profile, [])
    for measure in children(elem, "SanctionsMeasure"):
        kind = (lookups.value("SanctionsType", measure.get("SanctionsTypeID")) or "").casefold()
        comment = text_of(first_child(measure, "Comment"))
        if kind == "program" and comment and comment not in programs:
            programs.append(comment)
    for event in children(elem, "EntryEvent"):
        when = date_point(first_child(event, "Date"))
        if when is not None:
            known = lookups.listed_on.get(profile)
            if known is None or when.isoformat() < known:
                lookups.listed_on[profile] = when.isoformat()


def collect(path: Path) -> Lookups:
    """First pass: every lookup section, skipping (and freeing) the parties."""
    lookups = Lookups()
    handlers = {
        "Location": _read_location,
        "IDRegDocument": _read_document,
        "SanctionsEntry": _read_entry,
    }
    wanted = ("DateOfIssue", "ReferenceValueSets", "DistinctParty", *handlers)
    for _event, elem in iterparse(path, tags=wanted):
        name = local(elem.tag)
        parent = elem.getparent()
        if name == "DateOfIssue" and parent is not None and local(parent.tag) == "Sanctions":
            when = date_point(elem)
            lookups.date_of_issue = when.isoformat() if when else None
        elif name == "ReferenceValueSets":
            _read_tables(elem, lookups)
        elif name in handlers and parent is not None and local(parent.tag) != "Sanctions":
            handlers[name](elem, lookups)
        free(elem)
    return lookups
