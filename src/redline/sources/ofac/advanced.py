"""OFAC Advanced XML (``sdn_advanced.xml``, ``cons_advanced.xml``) to entities.

Written from ``sdn_advanced.xsd`` and OFAC's "SDN Advanced notes": a DistinctParty has
one Profile whose Identities hold Aliases (each in one or more DocumentedNames, one per
script), whose Features hold dates, places, countries and facts, and whose identity
documents sit in the separate IDRegDocuments section. Every type word (alias type,
party sub-type, feature type, document type, country) is resolved from the file's own
ReferenceValueSets, never from hard-coded ids, because OFAC may renumber them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from redline.errors import FormatError
from redline.model import Entity, Name
from redline.sources.base import iterparse, local
from redline.sources.ofac.advanced_refs import (
    Lookups,
    children,
    collect,
    date_period,
    first_child,
    free,
    text_of,
)
from redline.sources.ofac.common import (
    ALIAS_KINDS,
    add_address,
    add_name,
    add_unique,
    compact_raw,
    new_entity,
    schema_for,
)
from redline.sources.ofac.labels import apply_fact
from redline.text.scripts import LATIN, detect_script

ROOT = "Sanctions"
_GIVEN = ("first name", "middle name", "patronymic")
_FAMILY = ("last name", "matronymic", "maiden name")
_ADDRESS_PARTS = ("address1", "address2", "address3")


def is_advanced(path: Path) -> bool:
    """Sniff: the document element of an Advanced file is ``Sanctions``."""
    try:
        for _event, elem in iterparse(path, events=("start",)):
            return local(elem.tag) == ROOT
    except FormatError:
        return False
    return False


def issue_date(path: Path) -> str | None:
    """``DateOfIssue`` as ISO, read from the head of the file."""
    for _event, elem in iterparse(path, tags=("DateOfIssue", "ReferenceValueSets")):
        if local(elem.tag) != "DateOfIssue":
            return None
        parts = [text_of(first_child(elem, p)) for p in ("Year", "Month", "Day")]
        try:
            return f"{int(parts[0] or ''):04d}-{int(parts[1] or ''):02d}-{int(parts[2] or ''):02d}"
        except ValueError:
            return None
    return None


def read_advanced(path: Path, list_name: str) -> Iterator[Entity]:
    """Two streaming passes: lookups first, then one party at a time."""
    lookups = collect(path)
    for _event, elem in iterparse(path, tags=("DistinctParty",)):
        yield map_party(elem, lookups, list_name, path)
        free(elem)


def _schema(profile: etree._Element, lookups: Lookups, path: Path, uid: str) -> str:
    sub_id = profile.get("PartySubTypeID")
    sub_type = lookups.value("PartySubType", sub_id)
    party_type = lookups.value("PartyType", lookups.attr("PartySubType", sub_id, "PartyTypeID"))
    for word in (sub_type, party_type):
        schema = schema_for(word) if word else None
        if schema is not None:
            return schema
    raise FormatError(f"party {uid}: unknown PartySubTypeID {sub_id!r} ({sub_type}/"
                      f"{party_type})", path=path, line=profile.sourceline,
                      field="PartySubTypeID")


def map_party(party: etree._Element, lookups: Lookups, list_name: str, path: Path) -> Entity:
    uid = party.get("FixedRef")
    profile = first_child(party, "Profile")
    if not uid or profile is None:
        raise FormatError("DistinctParty without FixedRef or Profile", path=path,
                          line=party.sourceline, field="FixedRef")
    entity = new_entity(list_name, uid, _schema(profile, lookups, path, uid))
    raw: dict[str, Any] = {"FixedRef": uid, "ProfileID": profile.get("ID"),
                           "PartySubType": lookups.value("PartySubType",
                                                         profile.get("PartySubTypeID"))}
    raw_names: list[dict[str, Any]] = []
    identities = children(profile, "Identity")
    identities.sort(key=lambda i: i.get("Primary") != "true")
    for identity in identities:
        raw_names.extend(_identity_names(entity, identity, lookups))
        for doc in lookups.documents.get(identity.get("ID") or "", []):
            apply_fact(entity, doc.type, doc.number, doc.country)
    if not any(n.kind == "primary" for n in entity.names):
        raise FormatError(f"party {uid} has no primary name", path=path,
                          line=party.sourceline, field="Alias")
    raw_features = [_feature(entity, feature, lookups) for feature in children(profile, "Feature")]
    for program in lookups.programs.get(profile.get("ID") or "", []):
        add_unique(entity.programs, program)
    entity.listed_on = lookups.listed_on.get(profile.get("ID") or "")
    comment = text_of(first_child(party, "Comment"))
    entity.remarks = comment
    raw.update(names=raw_names, features=raw_features, programs=entity.programs,
               documents=[d.__dict__ for i in identities
                          for d in lookups.documents.get(i.get("ID") or "", [])],
               listed_on=entity.listed_on, comment=comment)
    entity.raw = compact_raw(raw)
    return entity


def _identity_names(entity: Entity, identity: etree._Element,
                    lookups: Lookups) -> list[dict[str, Any]]:
    """Add every documented name of one identity; returns them for the raw record."""
    groups: dict[str, str] = {}
    container = first_child(identity, "NamePartGroups")
    for master in children(container, "MasterNamePartGroup") if container is not None else []:
        for group in children(master, "NamePartGroup"):
            part_type = lookups.value("NamePartType", group.get("NamePartTypeID")) or ""
            groups[group.get("ID") or ""] = part_type.casefold()
    primary_identity = identity.get("Primary") == "true"
    raw: list[dict[str, Any]] = []
    for alias in children(identity, "Alias"):
        alias_type = lookups.value("AliasType", alias.get("AliasTypeID")) or ""
        if alias.get("Primary") == "true" and primary_identity:
            kind = "primary"
        else:
            kind = ALIAS_KINDS.get(alias_type.casefold(), "alias")
            kind = "alias" if kind == "primary" else kind
        if alias.get("LowQuality") == "true":
            kind = "weak"
        for documented in children(alias, "DocumentedName"):
            name = _documented_name(documented, groups, lookups, entity.schema, kind)
            if name is None:
                continue
            if name.kind == "primary" and any(n.kind == "primary" for n in entity.names):
                name.kind = "original" if name.script != LATIN else "alias"
            add_name(entity, name)
            raw.append({"type": alias_type, "value": name.value, "script": name.script,
                        "low_quality": alias.get("LowQuality") == "true"})
    return raw


def _documented_name(documented: etree._Element, groups: dict[str, str], lookups: Lookups,
                     schema: str, kind: str) -> Name | None:
    given: list[str] = []
    family: list[str] = []
    every: list[str] = []
    script: str | None = None
    for part in children(documented, "DocumentedNamePart"):
        value_elem = first_child(part, "NamePartValue")
        text = text_of(value_elem)
        if value_elem is None or not text:
            continue
        every.append(text)
        part_type = groups.get(value_elem.get("NamePartGroupID") or "", "")
        if part_type in _GIVEN:
            given.append(text)
        elif part_type in _FAMILY:
            family.append(text)
        code = lookups.attr("Script", value_elem.get("ScriptID"), "ScriptCode")
        script = script or (code if code and len(code) == 4 else None)
    if not every:
        return None
    if schema == "Person" and (given or family):
        others = [t for t in every if t not in given and t not in family]
        value = " ".join([*given, *others, *family])
        name = Name(value=value, kind=kind, first=" ".join(given) or None,
                    last=" ".join(family) or None)
    else:
        value = " ".join(every)
        name = Name(value=value, kind=kind)
    name.script = script or detect_script(value)
    return name


def _feature(entity: Entity, feature: etree._Element, lookups: Lookups) -> dict[str, Any]:
    """Apply one Feature to the entity; returns a compact raw form of it."""
    label = lookups.value("FeatureType", feature.get("FeatureTypeID")) or ""
    key = label.casefold()
    values: list[str] = []
    for version in children(feature, "FeatureVersion"):
        period = date_period(first_child(version, "DatePeriod"))
        locations = [lookups.locations.get(v.get("LocationID") or "")
                     for v in children(version, "VersionLocation")]
        details = []
        for detail in children(version, "VersionDetail"):
            text = text_of(detail) or lookups.value("DetailReference",
                                                    detail.get("DetailReferenceID"))
            if text:
                details.append(text)
        if key == "birthdate" and period is not None:
            if period not in entity.birth_dates:
                entity.birth_dates.append(period)
            values.append(period.value + (f"/{period.end}" if period.end else ""))
            continue
        for loc in (loc for loc in locations if loc is not None):
            if key == "place of birth":
                add_unique(entity.birth_places, loc.text())
            elif key in ("nationality country", "citizenship country"):
                add_unique(entity.nationalities, loc.country)
            elif key == "location":
                parts = loc.parts
                add_address(entity, [parts.get(p) for p in _ADDRESS_PARTS],
                            city=parts.get("city"),
                            region=parts.get("state/province") or parts.get("region"),
                            postal_code=parts.get("postal code"), country=loc.country_name)
            else:
                apply_fact(entity, label, loc.country or loc.text())
            values.append(loc.text())
        if period is not None and key != "birthdate":
            apply_fact(entity, label, period.value)
            values.append(period.value)
        for text in details:
            apply_fact(entity, label, text)
            values.append(text)
    return {"type": label, "values": values}
