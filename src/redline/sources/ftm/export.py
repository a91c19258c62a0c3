"""redline Entity -> FollowTheMoney dict, so any loaded list can leave as FtM JSON lines.

Only properties the target FtM schema defines are written (a Vessel has no
``nationality``, an Organization no ``birthDate``); facts with no FtM home (a CSL
"federal register notice", an OFAC vessel owner given as text where FtM wants an entity
reference) go to ``notes`` as ``"key: value"`` so an export loses no information a
reader could use. The allowed-property table below is checked against the
``followthemoney`` package in the tests, so it cannot drift silently.
"""

from __future__ import annotations

import re
from typing import Any

from redline.model import Entity
from redline.sources.ftm.props import EXPORT_PROPS

_THING = frozenset({
    "name", "alias", "weakAlias", "previousName", "country", "address", "notes", "summary",
    "description", "program", "programId", "sourceUrl", "topics", "keywords", "wikidataId",
    "wikipediaUrl", "createdAt", "modifiedAt", "retrievedAt", "publisher", "publisherUrl",
})
_LEGAL = _THING | {
    "abbreviation", "classification", "dissolutionDate", "dunsCode", "email", "idNumber",
    "incorporationDate", "innCode", "jurisdiction", "legalForm", "leiCode", "licenseNumber",
    "mainCountry", "ogrnCode", "okpoCode", "okvedCode", "phone", "registrationNumber",
    "sector", "status", "swiftBic", "taxNumber", "taxStatus", "uniqueEntityId", "vatCode",
    "website", "icijId", "opencorporatesUrl", "npiCode", "bvdId", "uscCode",
}
_ORGANIZATION = _LEGAL | {"cageCode", "giiNumber", "imoNumber", "permId"}
_VEHICLE = _THING | {
    "buildDate", "deregistrationDate", "model", "registrationDate", "registrationNumber",
    "type",
}
ALLOWED: dict[str, frozenset[str]] = {
    "LegalEntity": _LEGAL,
    "Person": _LEGAL | {
        "appearance", "birthCountry", "birthDate", "birthPlace", "citizenship", "deathDate",
        "education", "ethnicity", "eyeColor", "fatherName", "firstName", "gender",
        "hairColor", "height", "lastName", "middleName", "motherName", "nameSuffix",
        "nationality", "passportNumber", "political", "position", "profession", "religion",
        "secondName", "socialSecurityNumber", "spokenLanguage", "title", "weight",
    },
    "Organization": _ORGANIZATION,
    "Company": _ORGANIZATION | {
        "bikCode", "capital", "cikCode", "coatoCode", "fnsCode", "fssCode", "ipoCode",
        "irsCode", "isinCode", "jibCode", "kppCode", "mbsCode", "okopfCode", "oksmCode",
        "pfrNumber", "ricCode", "ticker", "voenCode",
    },
    "Vessel": _VEHICLE | {
        "callSign", "crsNumber", "deadweightTonnage", "flag", "grossRegisteredTonnage",
        "imoNumber", "mmsi", "nameChangeDate", "navigationArea", "pastFlags", "pastTypes",
        "registrationPort", "tonnage",
    },
    "Airplane": _VEHICLE | {"icaoCode", "manufacturer", "serialNumber"},
}
#: redline name kind -> FtM property.
_NAME_PROPS = {"primary": "name", "alias": "alias", "original": "alias",
               "former": "previousName", "weak": "weakAlias"}
_ID_CHARS = re.compile(r"[^0-9A-Za-z.\-]+")


def ftm_schema(schema: str) -> str:
    return "Airplane" if schema == "Aircraft" else schema


def ftm_id(entity: Entity) -> str:
    """FtM-safe id: an entity read from FtM keeps its own id, others ``<list>-<source id>``."""
    if entity.list.startswith("ftm_"):
        return entity.source_id
    return _ID_CHARS.sub("-", entity.id).strip("-")


def entity_to_ftm(entity: Entity) -> dict[str, Any]:
    """An FtM entity dict (``id``, ``schema``, ``properties``, ``datasets``) for ``entity``."""
    schema = ftm_schema(entity.schema)
    allowed = ALLOWED.get(schema, _LEGAL)
    props: dict[str, list[str]] = {}

    def put(key: str, value: str | None) -> None:
        if not value:
            return
        if key not in allowed:
            key, value = "notes", f"{key}: {value}"
        bucket = props.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)

    for name in entity.names:
        put(_NAME_PROPS.get(name.kind, "alias"), name.value)
        if schema == "Person" and "firstName" not in entity.properties:
            put("firstName", name.first)
            put("lastName", name.last)
            put("middleName", name.middle)
    for birth in entity.birth_dates:
        put("birthDate", birth.value)
    for place in entity.birth_places:
        put("birthPlace", place)
    nationality = "nationality" if schema == "Person" else "country"
    for code in entity.nationalities:
        put(nationality, code)
    for code in entity.countries:
        put("country", code)
    for address in entity.addresses:
        put("address", address.full)
    for ident in entity.identifiers:
        key = ident.label if ident.label in allowed else EXPORT_PROPS.get(ident.type, "notes")
        if key == "notes" or key not in allowed:
            put("notes", f"{ident.label or ident.type}: {ident.value}")
        else:
            put(key, ident.value)
    for program in entity.programs:
        put("program", program)
    put("sourceUrl", entity.source_url)
    for line in (entity.remarks or "").split("\n"):
        put("notes", line.strip())
    for key, found in entity.properties.items():
        for value in found:
            put(key, value)
    out: dict[str, Any] = {
        "id": ftm_id(entity),
        "schema": schema,
        "caption": entity.caption,
        "properties": props,
        "datasets": [entity.list],
    }
    return out


def sanction_to_ftm(entity: Entity) -> dict[str, Any] | None:
    """The FtM ``Sanction`` entity carrying the programs and listing date of ``entity``
    (FtM keeps these off the party), or None when the list says neither."""
    if not entity.programs and not entity.listed_on:
        return None
    props: dict[str, list[str]] = {"entity": [ftm_id(entity)]}
    if entity.programs:
        props["program"] = list(entity.programs)
    if entity.listed_on:
        props["startDate"] = [entity.listed_on]
    if entity.source_url:
        props["sourceUrl"] = [entity.source_url]
    return {"id": f"{ftm_id(entity)}-sanction", "schema": "Sanction",
            "properties": props, "datasets": [entity.list]}
