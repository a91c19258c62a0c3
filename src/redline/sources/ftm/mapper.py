"""One FollowTheMoney party (plus the side entities that point at it) -> one Entity.

FtM spreads what a sanctions list says about a party over several entities: the
Person/Company itself, ``Sanction`` entities (program, listing date, source) whose
``entity`` property names the party, ``Passport``/``Identification`` entities whose
``holder`` does, and ``Address`` entities the party names in ``addressEntity``. A
screener needs them on the party, so ``SideFacts`` collects the small side entities
first and ``map_party`` folds them in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from redline.model import Address, BirthDate, Entity, Identifier, Name
from redline.sources.ftm.props import (
    CODED_PROPS,
    COUNTRY_PROPS,
    IDENTIFIER_PROPS,
    LIFTED,
    NAME_KINDS,
    NAME_PARTS,
    NATIONALITY_PROPS,
    PARTY_SCHEMATA,
    PROGRAM_PROPS,
    SIDE_REFERENCES,
    ftm_country,
)
from redline.text.scripts import detect_script

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: What is kept of each side entity: enough for screening and for the auditor's raw view.
_SANCTION_KEEP = ("program", "programId", "startDate", "listingDate", "endDate", "authority",
                  "sourceUrl", "reason", "provisions", "country")
_ID_KEEP = ("number", "passportNumber", "type", "country", "startDate", "endDate")
_CONTACTS = frozenset({"phone", "email", "website"})
_ADDRESS_KEEP = ("full", "street", "city", "region", "postalCode", "country")


def values(props: dict[str, Any], key: str) -> list[str]:
    """Clean string values of one property (FtM writes lists of strings)."""
    out: list[str] = []
    for value in props.get(key) or ():
        if value is None:
            continue
        text = " ".join(str(value).split())
        if text and text not in out:
            out.append(text)
    return out


def _keep(props: dict[str, Any], keys: tuple[str, ...]) -> dict[str, list[str]]:
    return {k: v for k in keys if (v := values(props, k))}


@dataclass
class SideFacts:
    """Sanction, identification and address facts, keyed by the entity they belong to.

    Memory is proportional to the side entities only (a few hundred bytes each); the
    parties themselves are streamed. On the full OpenSanctions export that is a few
    hundred thousand small dicts, against millions of much larger party records.
    """

    sanctions: dict[str, list[dict[str, list[str]]]] = field(
        default_factory=lambda: defaultdict(list))
    identifications: dict[str, list[tuple[str, dict[str, list[str]]]]] = field(
        default_factory=lambda: defaultdict(list))
    addresses: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, data: dict[str, Any]) -> None:
        """Remember a side entity; parties and other relations are ignored."""
        schema = data["schema"]
        props = data.get("properties") or {}
        if schema == "Address":
            self.addresses[data["id"]] = _keep(props, _ADDRESS_KEEP)
            return
        ref = SIDE_REFERENCES.get(schema)
        if ref is None:
            return
        for target in values(props, ref):
            if schema == "Sanction":
                self.sanctions[target].append(_keep(props, _SANCTION_KEEP))
            else:
                self.identifications[target].append((schema, _keep(props, _ID_KEEP)))

    @classmethod
    def collect(cls, entities: Iterable[dict[str, Any]]) -> SideFacts:
        facts = cls()
        for data in entities:
            facts.add(data)
        return facts


def is_party(data: dict[str, Any]) -> bool:
    return data.get("schema") in PARTY_SCHEMATA


def iso_date(text: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` prefix of an FtM date (which may carry a time)."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    return "-".join(p for p in match.groups() if p)


def map_party(data: dict[str, Any], list_name: str, facts: SideFacts | None = None) -> Entity:
    """The screening Entity for one FtM party dict (schema must be in PARTY_SCHEMATA)."""
    facts = facts or SideFacts()
    ftm_id = data["id"]
    props: dict[str, Any] = data.get("properties") or {}
    entity = Entity(id=f"{list_name}:{ftm_id}", list=list_name, source_id=ftm_id,
                    schema=PARTY_SCHEMATA[data["schema"]])
    _names(entity, props)
    for value in values(props, "birthDate"):
        point = iso_date(value)
        if point and all(b.value != point for b in entity.birth_dates):
            entity.birth_dates.append(BirthDate(point))
    entity.birth_places = values(props, "birthPlace")
    for key in NATIONALITY_PROPS:
        _add_codes(entity.nationalities, values(props, key))
    for key in COUNTRY_PROPS:
        _add_codes(entity.countries, values(props, key))
    for key, id_type in IDENTIFIER_PROPS.items():
        for value in _split_contacts(key, values(props, key)):
            _add_identifier(entity, Identifier(type=id_type, value=value, label=key))
    for key in PROGRAM_PROPS:
        _add_unique(entity.programs, values(props, key))
    notes = values(props, "notes")
    entity.remarks = "\n".join(notes) or None
    for key in props:
        if key in LIFTED:
            continue
        found = values(props, key)
        if key in CODED_PROPS:
            found = [ftm_country(v) or v for v in found]
        if found:
            entity.properties[key] = found
    urls = entity.properties.get("sourceUrl", [])
    entity.source_url = urls[0] if urls else None
    _addresses(entity, props, facts)
    side = _fold_sanctions(entity, facts.sanctions.get(ftm_id, []))
    ids = _fold_identifications(entity, facts.identifications.get(ftm_id, []))
    entity.raw = {"entity": data, **({"sanctions": side} if side else {}),
                  **({"identifications": ids} if ids else {})}
    return entity


def _names(entity: Entity, props: dict[str, Any]) -> None:
    parts = {key: values(props, key) for key in NAME_PARTS}
    for key, kind in NAME_KINDS.items():
        for index, value in enumerate(values(props, key)):
            if any(n.value == value for n in entity.names):
                continue
            name_kind = "primary" if key == "name" and index == 0 else kind
            name = Name(value=value, kind=name_kind, script=detect_script(value))
            if entity.schema == "Person":
                name.first = _part_in(value, parts["firstName"])
                name.middle = _part_in(value, [*parts["middleName"], *parts["fatherName"],
                                               *parts["secondName"]])
                name.last = _part_in(value, parts["lastName"])
                if name.middle and name.first and name.middle.casefold() in name.first.casefold():
                    name.middle = None
            entity.names.append(name)
    if not any(n.kind == "primary" for n in entity.names) and entity.names:
        entity.names[0].kind = "primary"


def _part_in(name: str, parts: list[str]) -> str | None:
    """The longest name part written in ``name`` as whole words: FtM lists parts of all
    spellings together, so each part is attached only to the names it occurs in."""
    best: str | None = None
    for part in parts:
        found = re.search(rf"(?<!\w){re.escape(part)}(?!\w)", name, re.IGNORECASE)
        if found and (best is None or len(found.group()) > len(best)):
            best = found.group()
    return best


def _addresses(entity: Entity, props: dict[str, Any], facts: SideFacts) -> None:
    for ref in values(props, "addressEntity"):
        found = facts.addresses.get(ref)
        if not found:
            continue
        code = ftm_country(_first(found, "country"))
        parts = [_first(found, k) for k in ("street", "city", "postalCode", "region")]
        full = _first(found, "full") or ", ".join(p for p in parts if p)
        if not full:
            continue
        address = Address(full=full, city=parts[1], region=parts[3], postal_code=parts[2],
                          country=code)
        if address not in entity.addresses:
            entity.addresses.append(address)
        _add_codes(entity.countries, [code] if code else [])
    for full in values(props, "address"):
        if all(a.full != full for a in entity.addresses):
            entity.addresses.append(Address(full=full))


def _fold_sanctions(entity: Entity, sanctions: list[dict[str, list[str]]]) -> list[Any]:
    dates: list[str] = []
    for sanction in sanctions:
        _add_unique(entity.programs, sanction.get("program", []) + sanction.get("programId", []))
        for key in ("startDate", "listingDate"):
            dates.extend(d for v in sanction.get(key, []) if (d := iso_date(v)))
        if entity.source_url is None and sanction.get("sourceUrl"):
            entity.source_url = sanction["sourceUrl"][0]
    if dates:
        entity.listed_on = min(dates)
    return list(sanctions)


def _fold_identifications(
    entity: Entity, found: list[tuple[str, dict[str, list[str]]]]
) -> list[Any]:
    for schema, props in found:
        kind = " ".join(props.get("type", []))
        id_type = "passport" if schema == "Passport" or "passport" in kind.casefold() \
            else "national_id"
        country = ftm_country(_first(props, "country"))
        label = f"{schema}: {kind}" if kind else schema
        for value in props.get("number", []) + props.get("passportNumber", []):
            _add_identifier(entity, Identifier(type=id_type, value=value, country=country,
                                               label=label))
    return [{"schema": schema, **props} for schema, props in found]


def _first(props: dict[str, list[str]], key: str) -> str | None:
    found = props.get(key)
    return found[0] if found else None


def _split_contacts(key: str, found: list[str]) -> list[str]:
    """Contact values sometimes arrive as one "a; b; c" string (FtM itself rejects that
    as a phone number); each part is a separate identifier."""
    if key not in _CONTACTS:
        return found
    return [part.strip() for value in found for part in value.split(";") if part.strip()]


def _add_identifier(entity: Entity, ident: Identifier) -> None:
    for known in entity.identifiers:
        if known.type == ident.type and known.value == ident.value:
            known.country = known.country or ident.country
            return
    entity.identifiers.append(ident)


def _add_codes(target: list[str], found: list[str]) -> None:
    for value in found:
        code = ftm_country(value)
        if code and code not in target:
            target.append(code)


def _add_unique(target: list[str], found: list[str]) -> None:
    for value in found:
        if value not in target:
            target.append(value)
